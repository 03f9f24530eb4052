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
    views_run_id: str
    success: bool


def materialize_range(
    defs: Definitions, instance: DagsterInstance, start: date, end: date
) -> RangeRun:
    """One single-run backfill of ``[start, end]`` through the instance, then the views."""
    tables = defs.resolve_job_def(daily_tables_job.name).execute_in_process(
        instance=instance,
        tags={RANGE_START_TAG: start.isoformat(), RANGE_END_TAG: end.isoformat()},
        raise_on_error=False,
    )
    views = defs.resolve_job_def(looker_views_job.name).execute_in_process(
        instance=instance, raise_on_error=False
    )
    return RangeRun(tables.run_id, views.run_id, tables.success and views.success)
