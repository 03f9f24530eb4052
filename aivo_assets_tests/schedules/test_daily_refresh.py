"""The 04:00 UTC refresh requests yesterday's partition and catches up days that never ran."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from dagster import (
    AssetMaterialization,
    AssetPartitionStatus,
    DagsterInstance,
    DefaultScheduleStatus,
    RunRequest,
    build_schedule_context,
    build_sensor_context,
    instance_for_test,
)

from aivo_assets.definitions import defs
from aivo_assets.lib.raw_partition_status import RAW_EVENTS
from aivo_assets.ops.materialize_range import RANGE_END_TAG, RANGE_START_TAG
from aivo_assets.partitions import daily_partitions
from aivo_assets.schedules.catch_up import catch_up_window, refresh_range
from aivo_assets.schedules.daily_refresh import daily_refresh_schedule, refresh_views_after_tables
from aivo_assets_tests.helpers.platform import Platform


@pytest.fixture
def history(tmp_path: Path) -> Iterator[DagsterInstance]:
    """An instance of this test's own: the look-back reaches any day that ever ran."""
    with instance_for_test(temp_dir=str(tmp_path)) as instance:
        yield instance


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
    history: DagsterInstance, tick: datetime, yesterday: str
) -> None:
    before = date.fromisoformat(yesterday) - timedelta(days=6)
    _materialized(history, *[(before + timedelta(days=d)).isoformat() for d in range(6)])
    request = _request(history, tick)
    assert request.partition_key == yesterday, "earlier days already ran"
    assert request.run_key == yesterday


def test_missed_days_are_caught_up_in_one_range_from_the_oldest(
    history: DagsterInstance,
) -> None:
    _materialized(history, "2025-05-01", "2025-05-02", "2025-05-04", "2025-05-07")
    request = _request(history, datetime(2025, 5, 8, 4, tzinfo=UTC))
    assert _span(request) == ("2025-05-03", "2025-05-07"), "05-04 is recomputed after 05-03"
    assert request.run_key == "2025-05-03..2025-05-07"
    # The daemon was down for a week after 05-07 ran: every day since is caught up.
    later = _request(history, datetime(2025, 5, 16, 4, tzinfo=UTC))
    assert _span(later) == ("2025-05-08", "2025-05-15")
    # ...and after three weeks, too.
    much_later = _request(history, datetime(2025, 5, 29, 4, tzinfo=UTC))
    assert _span(much_later) == ("2025-05-08", "2025-05-28")


def test_a_new_deployment_leaves_history_to_a_backfill(history: DagsterInstance) -> None:
    """Nothing ever ran: only the last seven days are the schedule's to catch up."""
    assert _span(_request(history, datetime(2025, 9, 8, 4, tzinfo=UTC))) == (
        "2025-09-01", "2025-09-07"
    )  # fmt: skip


def test_nothing_before_the_first_partition_is_requested(history: DagsterInstance) -> None:
    first = date.fromisoformat(daily_partitions.get_first_partition_key())
    tick = datetime.combine(first + timedelta(days=2), datetime.min.time(), UTC).replace(hour=4)
    assert _span(_request(history, tick)) == (str(first), str(first + timedelta(days=1)))


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


def test_the_window_reaches_back_to_the_last_day_that_ever_ran() -> None:
    keys = [f"d{i:02}" for i in range(1, 21)]
    ran, failed = AssetPartitionStatus.MATERIALIZED, AssetPartitionStatus.FAILED
    assert catch_up_window(keys, {}) == keys[-7:], "a new deployment"
    assert catch_up_window(keys, {"d03": failed}) == keys[3:], "a failed day was attempted"
    assert catch_up_window(keys, {"d03": ran, "d12": ran}) == keys[12:]
    # d15 ran (by hand, say), but d04..d13 never did: their ticks were missed.
    assert catch_up_window(keys, {"d03": ran, "d15": ran}) == keys[3:]
    assert catch_up_window(keys[:4], {}) == keys[:4]


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
