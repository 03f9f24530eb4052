"""``analytics/etl_job_status``: run-status sensors keep one row per run in the warehouse.

The table is an external asset (group ``ops``): no run materializes it, the sensors do,
and each write is reported as a materialization of the asset so the lineage and the asset's
history show when it last changed. A sensor fires per status change (queued, started,
succeeded, failed, cancelled); every write recomputes the row from the instance, and also
refreshes rows left pending or running by a write that could not reach the warehouse.
"""

from datetime import UTC, datetime

from dagster import (
    AssetKey,
    AssetMaterialization,
    AssetSpec,
    DagsterRunStatus,
    DefaultSensorStatus,
    RunStatusSensorContext,
    SensorDefinition,
    run_status_sensor,
)

from aivo_assets.observability.etl_job_status_row import etl_job_status_row
from aivo_assets.observability.etl_job_status_table import unfinished_job_ids, upsert_job_status
from aivo_assets.warehouse.table_schemas import ETL_JOB_STATUS_COLUMNS
from aivo_assets.warehouse.warehouse import Warehouse

ETL_JOB_STATUS = AssetKey(["analytics", "etl_job_status"])

etl_job_status_table = AssetSpec(
    ETL_JOB_STATUS,
    group_name="ops",
    kinds={"duckdb"},
    owners=["team:data-platform"],
    description=(
        "ETL job execution status and metrics: one row per Dagster run (job_id = run id), "
        "written by run-status sensors as the run is queued, starts, succeeds, fails or is "
        "cancelled (status failed). records_processed / records_failed / bytes_processed are "
        "the rows kept, rows rejected and bytes the run loaded into raw.raw_events."
    ),
    metadata={
        "dagster/column_schema": ETL_JOB_STATUS_COLUMNS,
        "dagster/table_name": "analytics.etl_job_status",
    },
)

MONITORED_STATUSES = {
    DagsterRunStatus.QUEUED: "queued",
    DagsterRunStatus.STARTED: "started",
    DagsterRunStatus.SUCCESS: "succeeded",
    DagsterRunStatus.FAILURE: "failed",
    DagsterRunStatus.CANCELED: "cancelled",
}


def record_run_status(context: RunStatusSensorContext, warehouse: Warehouse) -> None:
    """Upsert the run's row (and any stale unfinished rows) and report the table changed.

    The materialization is reported straight to the instance: a run-status sensor that
    returns a result handles one run per tick, one that returns nothing handles them all.
    """
    instance, run_id = context.instance, context.dagster_run.run_id
    with warehouse.get_connection() as conn:
        stale = unfinished_job_ids(warehouse, conn)
    # Read the instance without holding the warehouse: DuckDB admits one writer at a time.
    rows = [
        etl_job_status_row(instance, record)
        for job_id in dict.fromkeys([run_id, *stale])
        if (record := instance.get_run_record_by_id(job_id)) is not None
    ]
    now = datetime.now(UTC).replace(tzinfo=None)
    with warehouse.get_connection() as conn:
        for row in rows:
            upsert_job_status(warehouse, conn, row, now)
    [current] = [row for row in rows if row.job_id == run_id]
    instance.report_runless_asset_event(
        AssetMaterialization(
            ETL_JOB_STATUS,
            description=f"run {run_id} is {current.status}",
            metadata={"job_id": run_id, "status": current.status, "rows_written": len(rows)},
        )
    )


def _status_sensor(status: DagsterRunStatus, verb: str) -> SensorDefinition:
    @run_status_sensor(
        run_status=status,
        name=f"etl_job_status_on_run_{verb}",
        default_status=DefaultSensorStatus.RUNNING,
        description=f"Writes analytics.etl_job_status when a run is {verb}.",
        # Also runs launched in-process (``aivo materialize``), which carry no code location.
        monitor_all_code_locations=True,
    )
    def _sensor(context: RunStatusSensorContext, warehouse: Warehouse) -> None:
        record_run_status(context, warehouse)

    return _sensor


etl_job_status_sensors = [
    _status_sensor(status, verb) for status, verb in MONITORED_STATUSES.items()
]
