"""A run's ``etl_job_status`` row keeps to the document's four statuses."""

from dagster import DagsterInstance, DagsterRunStatus, job, op

from aivo_assets.observability.etl_job_status_row import etl_job_status_row


@op
def noop() -> None:
    pass


@job
def cancellable_job() -> None:
    noop()


def test_a_cancelled_run_is_failed_with_a_message_that_says_so(instance: DagsterInstance) -> None:
    run = instance.create_run_for_job(cancellable_job)
    instance.report_run_canceled(run, message="Cancelled by a user in the UI.")
    record = instance.get_run_record_by_id(run.run_id)
    assert record.dagster_run.status == DagsterRunStatus.CANCELED

    row = etl_job_status_row(instance, record)
    assert (row.job_type, row.status, row.error_message) == (
        "cancellable_job", "failed", "Cancelled by a user in the UI."
    )  # fmt: skip
    assert row.completed_at is not None
