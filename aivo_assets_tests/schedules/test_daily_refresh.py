"""The 04:00 UTC refresh requests yesterday's partition and catches up days that never ran."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from dagster import (
    AssetMaterialization,
    AssetPartitionStatus,
    DagsterInstance,
    DefaultScheduleStatus,
    RunRequest,
    build_schedule_context,
    build_sensor_context,
)

from aivo_assets.definitions import defs
from aivo_assets.ops.materialize_range import RANGE_END_TAG, RANGE_START_TAG
from aivo_assets.partitions import daily_partitions
from aivo_assets.schedules.catch_up import refresh_range
from aivo_assets.schedules.daily_refresh import (
    RAW_EVENTS,
    daily_refresh_schedule,
    refresh_views_after_tables,
)
from aivo_assets_tests.helpers.platform import Platform


def _request(instance: DagsterInstance, at: datetime) -> RunRequest:
    context = build_schedule_context(
        instance=instance,
        scheduled_execution_time=at,
        repository_def=defs.get_repository_def(),
    )
    [request] = daily_refresh_schedule.evaluate_tick(context).run_requests
    return request


def _span(request: RunRequest) -> tuple[str, str]:
    if request.partition_key is not None:
        return request.partition_key, request.partition_key
    return request.tags[RANGE_START_TAG], request.tags[RANGE_END_TAG]


def _materialized(instance: DagsterInstance, *days: str) -> None:
    for day in days:
        instance.report_runless_asset_event(AssetMaterialization(RAW_EVENTS, partition=day))


@pytest.mark.parametrize(
    ("tick", "yesterday"),
    [
        (datetime(2025, 9, 8, 4, tzinfo=UTC), "2025-09-07"),
        (datetime(2025, 3, 1, 4, tzinfo=UTC), "2025-02-28"),
        (datetime(2026, 1, 1, 4, tzinfo=UTC), "2025-12-31"),
    ],
)
def test_a_tick_requests_yesterdays_partition(
    instance: DagsterInstance, tick: datetime, yesterday: str
) -> None:
    before = date.fromisoformat(yesterday) - timedelta(days=6)
    _materialized(instance, *[(before + timedelta(days=d)).isoformat() for d in range(6)])
    request = _request(instance, tick)
    assert request.partition_key == yesterday, "earlier days already ran"
    assert request.run_key == yesterday


def test_missed_days_are_caught_up_in_one_range_from_the_oldest(
    instance: DagsterInstance,
) -> None:
    _materialized(instance, "2025-05-01", "2025-05-02", "2025-05-04", "2025-05-07")
    request = _request(instance, datetime(2025, 5, 8, 4, tzinfo=UTC))
    assert _span(request) == ("2025-05-03", "2025-05-07"), "05-04 is recomputed after 05-03"
    assert request.run_key == "2025-05-03..2025-05-07"
    later = _request(instance, datetime(2025, 5, 16, 4, tzinfo=UTC))
    assert _span(later) == ("2025-05-09", "2025-05-15"), "the look-back is seven days"


def test_nothing_before_the_first_partition_is_requested(instance: DagsterInstance) -> None:
    first = date.fromisoformat(daily_partitions.get_first_partition_key())
    tick = datetime.combine(first + timedelta(days=2), datetime.min.time(), UTC).replace(hour=4)
    assert _span(_request(instance, tick)) == (str(first), str(first + timedelta(days=1)))


def test_failed_and_running_partitions_are_not_caught_up() -> None:
    status = {
        "d1": AssetPartitionStatus.FAILED,
        "d2": AssetPartitionStatus.IN_PROGRESS,
        "d3": None,
        "d4": AssetPartitionStatus.MATERIALIZED,
        "d5": None,
    }
    assert refresh_range(["d1", "d2", "d3", "d4", "d5"], status) == ("d3", "d5")
    assert refresh_range(["d1", "d2", "d4", "d5"], status) == ("d5", "d5")
    assert refresh_range([], {}) is None


def test_schedule_runs_at_four_utc_stopped_outside_production() -> None:
    assert daily_refresh_schedule.cron_schedule == "0 4 * * *"
    assert daily_refresh_schedule.execution_timezone == "UTC"
    assert daily_refresh_schedule.job_name == "daily_tables_job"
    assert daily_refresh_schedule.default_status == DefaultScheduleStatus.STOPPED


def test_a_catch_up_run_covers_its_days_and_then_the_views_refresh(platform: Platform) -> None:
    """A real run of the tick's request (two empty days) seen by the run-status sensor."""
    repository = platform.defs.get_repository_def()
    before = refresh_views_after_tables.evaluate_tick(
        build_sensor_context(instance=platform.instance, repository_def=repository)
    )
    _materialized(platform.instance, *[f"2025-01-{day}" for day in range(27, 32)])
    request = _request(platform.instance, datetime(2025, 2, 3, 4, tzinfo=UTC))
    result = platform.defs.resolve_job_def("daily_tables_job").execute_in_process(
        instance=platform.instance, tags=request.tags, partition_key=request.partition_key
    )
    assert result.success
    partitions = {
        event.partition
        for event in result.get_asset_materialization_events()
        if event.asset_key == RAW_EVENTS
    }
    assert partitions == {"2025-02-01", "2025-02-02"}
    after = refresh_views_after_tables.evaluate_tick(
        build_sensor_context(
            instance=platform.instance, repository_def=repository, cursor=before.cursor
        )
    )
    [views] = after.run_requests
    assert views.run_key == result.run_id
    assert refresh_views_after_tables.job_name == "looker_views_job"
