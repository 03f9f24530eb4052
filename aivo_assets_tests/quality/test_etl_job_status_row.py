"""A run's ``etl_job_status`` row keeps to the document's four statuses."""

from dagster import DagsterInstance, DagsterRunStatus

from aivo_assets.observability.etl_job_status_row import etl_job_status_row
from aivo_assets_tests.helpers.probe_job import probe_job


def test_a_cancelled_run_is_failed_with_a_message_that_says_so(instance: DagsterInstance) -> None:
    run = instance.create_run_for_job(probe_job)
    instance.report_run_canceled(run, message="Cancelled by a user in the UI.")
    record = instance.get_run_record_by_id(run.run_id)
    assert record.dagster_run.status == DagsterRunStatus.CANCELED

    row = etl_job_status_row(instance, record)
    assert (row.job_type, row.status, row.error_message) == (
        "probe_job", "failed", "Cancelled by a user in the UI."
    )  # fmt: skip
    assert row.completed_at is not None
