"""Writes to ``analytics.etl_job_status``: an idempotent upsert keyed by ``job_id``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

import duckdb

from aivo_assets.observability.etl_job_status_row import TERMINAL_STATUSES, EtlJobStatusRow

UPSERT_SQL = """
insert into analytics.etl_job_status (
    job_id, job_type, status, started_at, completed_at, records_processed, records_failed,
    bytes_processed, error_message, retry_count, created_at, updated_at
)
values (
    $job_id, $job_type, $status, $started_at, $completed_at, $records_processed,
    $records_failed, $bytes_processed, $error_message, $retry_count, $now, $now
)
on conflict (job_id) do update set
    job_type = excluded.job_type,
    -- a late write of an earlier state never reopens a finished run
    status = case
        when etl_job_status.status in {terminal} and excluded.status not in {terminal}
        then etl_job_status.status else excluded.status end,
    started_at = coalesce(excluded.started_at, etl_job_status.started_at),
    completed_at = coalesce(excluded.completed_at, etl_job_status.completed_at),
    records_processed = greatest(excluded.records_processed, etl_job_status.records_processed),
    records_failed = greatest(excluded.records_failed, etl_job_status.records_failed),
    bytes_processed = greatest(excluded.bytes_processed, etl_job_status.bytes_processed),
    error_message = coalesce(excluded.error_message, etl_job_status.error_message),
    retry_count = excluded.retry_count,
    updated_at = excluded.updated_at
""".format(terminal=str(TERMINAL_STATUSES))


def upsert_job_status(conn: duckdb.DuckDBPyConnection, row: EtlJobStatusRow, now: datetime) -> None:
    conn.execute(UPSERT_SQL, {**asdict(row), "now": now})


def unfinished_job_ids(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Rows still pending or running: a write lost to a busy warehouse left them behind."""
    return [
        job_id
        for (job_id,) in conn.execute(
            "select job_id from analytics.etl_job_status where status in ('pending', 'running')"
        ).fetchall()
    ]
