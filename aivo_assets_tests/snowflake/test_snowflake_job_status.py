"""``analytics.etl_job_status`` on both warehouses: one MERGE, the same rows.

The statement is DuckDB SQL; on Snowflake (fakesnow here) it is transpiled and its values,
free text included, are bound by the connector. A run-status sensor writes a real run's row
through the Snowflake warehouse resource.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from dagster import DagsterEventType, DagsterInstance, build_run_status_sensor_context

from aivo_assets.observability.etl_job_status_row import EtlJobStatusRow
from aivo_assets.observability.etl_job_status_sensors import record_run_status
from aivo_assets.observability.etl_job_status_table import unfinished_job_ids, upsert_job_status
from aivo_assets.warehouse.duckdb_warehouse import DuckDBWarehouse
from aivo_assets.warehouse.warehouse import Warehouse
from aivo_assets_tests.helpers.fakesnow_warehouse import fakesnow_warehouse
from aivo_assets_tests.helpers.probe_job import probe_job

T = [datetime(2025, 9, 8, 4, minute) for minute in range(6)]
COLUMNS = (
    "job_id, job_type, status, started_at, completed_at, records_processed, records_failed, "
    "bytes_processed, error_message, retry_count, created_at, updated_at"
)


def _row(job_id: str, status: str, **fields: object) -> EtlJobStatusRow:
    defaults = {"job_type": "daily_tables_job", "started_at": None, "completed_at": None,
                "records_processed": 0, "records_failed": 0, "bytes_processed": 0,
                "error_message": None, "retry_count": 0}  # fmt: skip
    return EtlJobStatusRow(job_id=job_id, status=status, **{**defaults, **fields})


@pytest.fixture(params=["duckdb", "snowflake"])
def warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> Warehouse:
    if request.param == "duckdb":
        return DuckDBWarehouse(database=str(tmp_path / "warehouse.duckdb"))
    return fakesnow_warehouse(request.getfixturevalue("fakesnow_server"))


def _table(warehouse: Warehouse) -> list[tuple]:
    with warehouse.get_connection() as conn:
        rows = warehouse.fetch(
            conn, f"select {COLUMNS} from analytics.etl_job_status order by job_id", {}
        ).rows
    return [tuple(int(v) if isinstance(v, Decimal) else v for v in row) for row in rows]


def test_writes_in_any_order_leave_each_run_s_latest_state(warehouse: Warehouse) -> None:
    loaded = {"records_processed": 10, "records_failed": 2, "bytes_processed": 1000}
    writes = [
        (_row("run-a", "pending"), T[0]),
        (_row("run-a", "running", started_at=T[0]), T[1]),
        (_row("run-b", "failed", started_at=T[1], completed_at=T[2],
              error_message="step 'raw__raw_events' failed: it's \"broken\"; --"), T[2]),
        (_row("run-a", "completed", started_at=T[0], completed_at=T[3], **loaded), T[3]),
        # A late "started" for a finished run: never reopens it, never loses its counts.
        (_row("run-a", "running", started_at=T[0]), T[4]),
    ]  # fmt: skip
    with warehouse.get_connection() as conn:
        for row, now in writes[:2]:
            upsert_job_status(warehouse, conn, row, now)
        assert unfinished_job_ids(warehouse, conn) == ["run-a"]
        for row, now in writes[2:]:
            upsert_job_status(warehouse, conn, row, now)
        assert unfinished_job_ids(warehouse, conn) == []

    assert _table(warehouse) == [
        ("run-a", "daily_tables_job", "completed", T[0], T[3], 10, 2, 1000, None, 0, T[0], T[4]),
        ("run-b", "daily_tables_job", "failed", T[1], T[2], 0, 0, 0,
         "step 'raw__raw_events' failed: it's \"broken\"; --", 0, T[2], T[2]),
    ]  # fmt: skip


def test_the_run_status_sensor_writes_a_run_to_snowflake(fakesnow_server: dict) -> None:
    warehouse = fakesnow_warehouse(fakesnow_server)
    with DagsterInstance.ephemeral() as instance:
        run_id = probe_job.execute_in_process(instance=instance).run_id
        [success] = instance.all_logs(run_id, of_type=DagsterEventType.RUN_SUCCESS)
        context = build_run_status_sensor_context(
            sensor_name="etl_job_status_on_run_succeeded",
            dagster_event=success.dagster_event,
            dagster_instance=instance,
            dagster_run=instance.get_run_by_id(run_id),
        )
        record_run_status(context, warehouse)
        record = instance.get_run_record_by_id(run_id)

    [row] = _table(warehouse)
    assert row[:5] == (
        run_id,
        "probe_job",
        "completed",
        datetime.fromtimestamp(record.start_time, UTC).replace(tzinfo=None),
        datetime.fromtimestamp(record.end_time, UTC).replace(tzinfo=None),
    )
    assert row[5:10] == (0, 0, 0, None, 0)
