"""The 04:00 UTC refresh requests yesterday's partition and catches up days that never ran."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from dagster import (
    AssetMaterialization,
    AssetPartitionStatus,
    DagsterInstance,
    RunRequest,
    build_schedule_context,
    build_sensor_context,
)

from aivo_assets.definitions import defs
from aivo_assets.lib.run_tags import WAREHOUSE_WRITER_TAGS
from aivo_assets.schedules.catch_up import partitions_to_refresh
from aivo_assets.schedules.daily_refresh import (
    RAW_EVENTS,
    daily_refresh_schedule,
    refresh_views_after_tables,
)
from aivo_assets_tests.conftest import Platform


def _requests(instance: DagsterInstance, at: datetime) -> list[RunRequest]:
    context = build_schedule_context(
        instance=instance,
        scheduled_execution_time=at,
        repository_def=defs.get_repository_def(),
    )
    return list(daily_refresh_schedule.evaluate_tick(context).run_requests or [])


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
    requests = _requests(instance, tick)
    assert [r.partition_key for r in requests] == [yesterday], "earlier days already ran"
    assert requests[-1].run_key == yesterday
    assert requests[-1].tags.items() >= WAREHOUSE_WRITER_TAGS.items()


def test_days_that_never_ran_are_caught_up_oldest_first(instance: DagsterInstance) -> None:
    _materialized(instance, "2025-05-01", "2025-05-02", "2025-05-04", "2025-05-07")
    requests = _requests(instance, datetime(2025, 5, 8, 4, tzinfo=UTC))
    expected = ["2025-05-03", "2025-05-05", "2025-05-06", "2025-05-07"]
    assert [r.partition_key for r in requests] == expected
    later = _requests(instance, datetime(2025, 5, 16, 4, tzinfo=UTC))
    assert [r.partition_key for r in later] == [f"2025-05-{d:02d}" for d in range(9, 16)], (
        "the look-back is seven days"
    )


def test_nothing_before_the_first_partition_is_requested(instance: DagsterInstance) -> None:
    first = defs.resolve_job_def("daily_tables_job").partitions_def.get_first_partition_key()
    day_after = datetime.fromisoformat(first).replace(day=int(first[-2:]) + 2, hour=4, tzinfo=UTC)
    keys = [r.partition_key for r in _requests(instance, day_after)]
    assert keys[0] == first
    assert len(keys) == 2


def test_failed_and_running_partitions_are_not_caught_up() -> None:
    status = {
        "d1": AssetPartitionStatus.FAILED,
        "d2": AssetPartitionStatus.IN_PROGRESS,
        "d3": None,
        "d4": AssetPartitionStatus.MATERIALIZED,
    }
    assert partitions_to_refresh(["d1", "d2", "d3", "d4"], status) == ["d3", "d4"]
    assert partitions_to_refresh([], {}) == []


def test_schedule_runs_at_four_utc_and_views_follow_successful_table_runs() -> None:
    assert daily_refresh_schedule.cron_schedule == "0 4 * * *"
    assert daily_refresh_schedule.execution_timezone == "UTC"
    assert daily_refresh_schedule.job_name == "daily_tables_job"


def test_a_successful_table_run_requests_the_views(platform: Platform) -> None:
    """A real daily_tables_job run (an empty partition) seen by the run-status sensor."""
    repository = platform.defs.get_repository_def()
    before = refresh_views_after_tables.evaluate_tick(
        build_sensor_context(instance=platform.instance, repository_def=repository)
    )
    run = platform.materialize(date(2025, 6, 1))
    after = refresh_views_after_tables.evaluate_tick(
        build_sensor_context(
            instance=platform.instance, repository_def=repository, cursor=before.cursor
        )
    )
    [request] = after.run_requests
    assert request.run_key == run.tables_run_id
    assert request.job_name in (None, "looker_views_job")
    assert refresh_views_after_tables.job_name == "looker_views_job"
