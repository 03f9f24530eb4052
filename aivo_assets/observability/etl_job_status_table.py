"""Writes to ``analytics.etl_job_status``: an idempotent ``MERGE`` keyed by ``job_id``.

Written once in DuckDB SQL; the Snowflake warehouse transpiles it and binds the values
through its driver (``Warehouse.execute``).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from aivo_assets.observability.etl_job_status_row import TERMINAL_STATUSES, EtlJobStatusRow
from aivo_assets.warehouse.warehouse import Warehouse

MERGE_SQL = """
merge into analytics.etl_job_status as target
using (
    select
        $job_id as job_id, $job_type as job_type, $status as status,
        cast($started_at as timestamp) as started_at,
        cast($completed_at as timestamp) as completed_at,
        $records_processed as records_processed, $records_failed as records_failed,
        $bytes_processed as bytes_processed, $error_message as error_message,
        $retry_count as retry_count, cast($now as timestamp) as written_at
) as source
on target.job_id = source.job_id
when matched then update set
    job_type = source.job_type,
    -- a late write of an earlier state never reopens a finished run
    status = case
        when target.status in {terminal} and source.status not in {terminal}
        then target.status else source.status end,
    started_at = coalesce(source.started_at, target.started_at),
    completed_at = coalesce(source.completed_at, target.completed_at),
    records_processed = greatest(source.records_processed, target.records_processed),
    records_failed = greatest(source.records_failed, target.records_failed),
    bytes_processed = greatest(source.bytes_processed, target.bytes_processed),
    error_message = coalesce(source.error_message, target.error_message),
    retry_count = source.retry_count,
    updated_at = source.written_at
when not matched then insert (
    job_id, job_type, status, started_at, completed_at, records_processed, records_failed,
    bytes_processed, error_message, retry_count, created_at, updated_at
) values (
    source.job_id, source.job_type, source.status, source.started_at, source.completed_at,
    source.records_processed, source.records_failed, source.bytes_processed,
    source.error_message, source.retry_count, source.written_at, source.written_at
)
""".format(terminal=str(TERMINAL_STATUSES))

UNFINISHED_SQL = (
    "select job_id from analytics.etl_job_status where status in ('pending', 'running')"
)


def upsert_job_status(warehouse: Warehouse, conn: Any, row: EtlJobStatusRow, now: datetime) -> None:
    warehouse.execute(conn, MERGE_SQL, {**asdict(row), "now": now})


def unfinished_job_ids(warehouse: Warehouse, conn: Any) -> list[str]:
    """Rows still pending or running: a write lost to a busy warehouse left them behind."""
    return [job_id for (job_id,) in warehouse.fetch(conn, UNFINISHED_SQL, {}).rows]
