"""The daily refresh at 04:00 UTC: yesterday's partition of every table, then the views."""

from dagster import (
    DagsterRunStatus,
    RunRequest,
    RunStatusSensorContext,
    ScheduleEvaluationContext,
    SkipReason,
    run_status_sensor,
    schedule,
)

from aivo_assets.jobs import daily_tables_job, looker_views_job
from aivo_assets.lib.raw_partition_status import raw_partition_status
from aivo_assets.ops.materialize_range import RANGE_END_TAG, RANGE_START_TAG
from aivo_assets.partitions import daily_partitions
from aivo_assets.schedules.catch_up import CATCH_UP_DAYS, catch_up_window, refresh_range
from aivo_assets.schedules.default_status import default_schedule_status, default_sensor_status


@schedule(
    name="daily_refresh_schedule",
    cron_schedule="0 4 * * *",
    execution_timezone="UTC",
    job=daily_tables_job,
    default_status=default_schedule_status(),
    description=(
        "04:00 UTC: materialize yesterday's partition of every table (the views follow via "
        "refresh_views_after_tables). If earlier days never ran (the daemon was down), one "
        "single-run range from the oldest of them to yesterday instead: within the previous "
        f"{CATCH_UP_DAYS - 1} days, or since the last day that ever ran."
    ),
)
def daily_refresh_schedule(context: ScheduleEvaluationContext) -> RunRequest | SkipReason:
    """Keyed by partition (range) so a re-evaluated tick never launches the same run twice."""
    keys = daily_partitions.get_partition_keys(current_time=context.scheduled_execution_time)
    status = raw_partition_status(context.instance, keys)
    span = refresh_range(catch_up_window(keys, status), status)
    if span is None:
        return SkipReason("no daily partition has closed yet")
    first, last = span
    if first == last:
        return RunRequest(partition_key=last, run_key=last)
    return RunRequest(
        run_key=f"{first}..{last}", tags={RANGE_START_TAG: first, RANGE_END_TAG: last}
    )


@run_status_sensor(
    name="refresh_views_after_tables",
    run_status=DagsterRunStatus.SUCCESS,
    monitored_jobs=[daily_tables_job],
    request_job=looker_views_job,
    default_status=default_sensor_status(),
    description="After every successful daily_tables_job run, (re)create the Looker views.",
)
def refresh_views_after_tables(context: RunStatusSensorContext) -> RunRequest:
    return RunRequest(run_key=context.dagster_run.run_id)
