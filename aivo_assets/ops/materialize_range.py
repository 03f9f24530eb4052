"""Materialize a date range of every partitioned asset as one run, then the Looker views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dagster import DagsterInstance, Definitions, TimeWindowPartitionsDefinition

from aivo_assets.jobs import daily_tables_job, looker_views_job
from aivo_assets.partitions import daily_partitions

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
    """One single-run backfill of ``[start, end]`` through the instance, then the views.

    Raises ``ValueError`` before any run when the range is not one of existing partitions.
    """
    problem = range_problem(daily_partitions, start, end)
    if problem:
        raise ValueError(problem)
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


def range_problem(partitions: TimeWindowPartitionsDefinition, start: date, end: date) -> str | None:
    """Why ``[start, end]`` is not a range of existing partitions; None when it is.

    Checked up front: Dagster itself only notices a missing partition after the first step ran.
    """
    if end < start:
        return f"the range ends ({end}) before it starts ({start})"
    for day in (start, end):
        if not partitions.has_partition_key(day.isoformat()):
            first, last = partitions.get_first_partition_key(), partitions.get_last_partition_key()
            return (
                f"{day} is not a daily partition: the partitions run from {first} to {last} "
                "(AIVO_PARTITIONS_START sets the first; the last is the last complete day)"
            )
    return None
