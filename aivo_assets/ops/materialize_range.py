"""Materialize a date range of every partitioned asset as one run, then the Looker views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dagster import DagsterInstance, Definitions

from aivo_assets.jobs import daily_tables_job, looker_views_job

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


@dataclass(frozen=True)
class RangeRun:
    tables_run_id: str
    views_run_id: str | None
    success: bool


def materialize_range(
    defs: Definitions,
    instance: DagsterInstance,
    start: date,
    end: date,
    views: bool = True,
    log_level: str = "INFO",
) -> RangeRun:
    """One single-run backfill of ``[start, end]`` through the instance, then the views."""
    run_config = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    tables = defs.resolve_job_def(daily_tables_job.name).execute_in_process(
        instance=instance,
        run_config=run_config,
        tags={RANGE_START_TAG: start.isoformat(), RANGE_END_TAG: end.isoformat()},
        raise_on_error=False,
    )
    if not (tables.success and views):
        return RangeRun(tables.run_id, None, tables.success)
    views_run = defs.resolve_job_def(looker_views_job.name).execute_in_process(
        instance=instance, run_config=run_config, raise_on_error=False
    )
    return RangeRun(tables.run_id, views_run.run_id, views_run.success)
