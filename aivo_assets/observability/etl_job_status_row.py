"""One ``analytics.etl_job_status`` row, derived entirely from the run as the instance knows it.

Recomputing the whole row from the run record and its event log at every write makes the
writes idempotent and order-free: whichever status sensor fires, and however often, the row
ends up describing the run's latest state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunRecord

from aivo_assets.observability.run_errors import run_error_message

RETRY_TAG = "dagster/retry_number"
RAW_EVENTS = ("raw", "raw_events")
# The raw_events load records per-day counts; a range run repeats them on each day's event.
PARTITION_COUNTS_KEY = "partition_counts"

STATUS_BY_RUN_STATUS = {
    DagsterRunStatus.NOT_STARTED: "pending",
    DagsterRunStatus.MANAGED: "pending",
    DagsterRunStatus.QUEUED: "pending",
    DagsterRunStatus.STARTING: "pending",
    DagsterRunStatus.STARTED: "running",
    DagsterRunStatus.CANCELING: "running",
    DagsterRunStatus.SUSPENDED: "running",
    DagsterRunStatus.SUCCESS: "completed",
    DagsterRunStatus.FAILURE: "failed",
    # The document's statuses are pending, running, completed and failed: a cancelled run did
    # not complete, and its error message says it was cancelled.
    DagsterRunStatus.CANCELED: "failed",
}
TERMINAL_STATUSES = ("completed", "failed")


@dataclass(frozen=True)
class EtlJobStatusRow:
    job_id: str
    job_type: str
    status: str
    started_at: datetime | None
    completed_at: datetime | None
    records_processed: int
    records_failed: int
    bytes_processed: int
    error_message: str | None
    retry_count: int


@dataclass(frozen=True)
class LoadTotals:
    records_processed: int = 0
    records_failed: int = 0
    bytes_processed: int = 0


def etl_job_status_row(instance: DagsterInstance, record: RunRecord) -> EtlJobStatusRow:
    run = record.dagster_run
    status = STATUS_BY_RUN_STATUS[run.status]
    totals = load_totals(instance, run.run_id)
    return EtlJobStatusRow(
        job_id=run.run_id,
        job_type=run.job_name,
        status=status,
        started_at=_utc(record.start_time),
        completed_at=_utc(record.end_time) if status in TERMINAL_STATUSES else None,
        records_processed=totals.records_processed,
        records_failed=totals.records_failed,
        bytes_processed=totals.bytes_processed,
        error_message=run_error_message(instance, run.run_id) if status == "failed" else None,
        retry_count=int(run.tags.get(RETRY_TAG, "0")),
    )


def load_totals(instance: DagsterInstance, run_id: str) -> LoadTotals:
    """Rows kept / rejected and bytes the run's raw_events materializations loaded, per day."""
    per_day: dict[str, dict[str, int]] = {}
    for entry in instance.all_logs(run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION):
        materialization = entry.asset_materialization
        if materialization is None or tuple(materialization.asset_key.path) != RAW_EVENTS:
            continue
        counts = materialization.metadata.get(PARTITION_COUNTS_KEY)
        if counts is not None:
            per_day.update(counts.value)
    return LoadTotals(
        records_processed=sum(day["rows_kept"] for day in per_day.values()),
        records_failed=sum(day["rows_rejected"] for day in per_day.values()),
        bytes_processed=sum(day["bytes"] for day in per_day.values()),
    )


def _utc(timestamp: float | None) -> datetime | None:
    """TIMESTAMP_NTZ columns hold naive UTC."""
    return (
        None if timestamp is None else datetime.fromtimestamp(timestamp, UTC).replace(tzinfo=None)
    )
