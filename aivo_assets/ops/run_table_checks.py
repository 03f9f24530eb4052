"""Re-run the tables' data-quality checks on materialized partitions, without rebuilding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dagster import DagsterInstance, Definitions

from aivo_assets.jobs import table_checks_job
from aivo_assets.ops.materialize_range import RANGE_END_TAG, RANGE_START_TAG


@dataclass(frozen=True)
class ChecksRun:
    run_id: str
    success: bool  # False when a blocking (ERROR) check failed


def run_table_checks(
    defs: Definitions, instance: DagsterInstance, start: date, end: date, log_level: str = "INFO"
) -> ChecksRun:
    """One run of ``table_checks_job`` over the partitions ``[start, end]``."""
    result = defs.resolve_job_def(table_checks_job.name).execute_in_process(
        instance=instance,
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        tags={RANGE_START_TAG: start.isoformat(), RANGE_END_TAG: end.isoformat()},
        raise_on_error=False,
    )
    return ChecksRun(result.run_id, result.success)
