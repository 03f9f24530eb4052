"""The daily refresh at 04:00 UTC: yesterday's partition of every table, then the views."""

from dagster import (
    AssetKey,
    DagsterRunStatus,
    RunRequest,
    RunStatusSensorContext,
    ScheduleEvaluationContext,
    SkipReason,
    run_status_sensor,
    schedule,
)

from aivo_assets.jobs import daily_tables_job, looker_views_job
from aivo_assets.lib.run_tags import WAREHOUSE_WRITER_TAGS
from aivo_assets.partitions import daily_partitions
from aivo_assets.schedules.catch_up import CATCH_UP_DAYS, partitions_to_refresh

# Every daily run starts from the RAW load: a partition it never materialized was never run.
RAW_EVENTS = AssetKey(["raw", "raw_events"])


@schedule(
    name="daily_refresh_schedule",
    cron_schedule="0 4 * * *",
    execution_timezone="UTC",
    job=daily_tables_job,
    tags=WAREHOUSE_WRITER_TAGS,
    description=(
        "04:00 UTC: materialize yesterday's partition of every table (the views follow via "
        f"refresh_views_after_tables), plus any of the previous {CATCH_UP_DAYS - 1} days that "
        "never ran (missed ticks are caught up, oldest first)."
    ),
)
def daily_refresh_schedule(context: ScheduleEvaluationContext):
    """One run per partition, keyed by partition so a re-evaluated tick never runs one twice."""
    keys = daily_partitions.get_partition_keys(current_time=context.scheduled_execution_time)
    recent = list(keys[-CATCH_UP_DAYS:])
    if not recent:
        return SkipReason("no daily partition has closed yet")
    status = context.instance.get_status_by_partition(RAW_EVENTS, recent, daily_partitions)
    return [
        RunRequest(partition_key=key, run_key=key, tags=WAREHOUSE_WRITER_TAGS)
        for key in partitions_to_refresh(recent, status or {})
    ]


@run_status_sensor(
    name="refresh_views_after_tables",
    run_status=DagsterRunStatus.SUCCESS,
    monitored_jobs=[daily_tables_job],
    request_job=looker_views_job,
    description="After every successful daily_tables_job run, (re)create the Looker views.",
)
def refresh_views_after_tables(context: RunStatusSensorContext) -> RunRequest:
    return RunRequest(run_key=context.dagster_run.run_id, tags=WAREHOUSE_WRITER_TAGS)
