"""Which daily partitions a refresh tick requests: the latest one, plus any that were missed.

Dagster 1.13 does not catch up missed ticks of a schedule: the daemon only catches up schedules
whose snapshot names a partition set, and ``ScheduleSnap.from_def`` always leaves it ``None``,
so after downtime only the latest tick runs (``dagster/_scheduler/scheduler.py``: "has no
partition set, so not trying to catch up"). The refresh schedule therefore looks back itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dagster import AssetPartitionStatus

CATCH_UP_DAYS = 7


def partitions_to_refresh(
    recent_keys: Sequence[str], status_by_key: Mapping[str, AssetPartitionStatus | None]
) -> list[str]:
    """``recent_keys`` (oldest first, the latest last) that a tick should run, oldest first.

    The latest partition always runs (it is the day that just closed). An earlier one runs only
    if it was never attempted: a failed partition is left to run retries and the operator, and a
    materialized or in-progress one needs nothing.
    """
    if not recent_keys:
        return []
    *earlier, latest = recent_keys
    missed = [key for key in earlier if status_by_key.get(key) is None]
    return [*missed, latest]
