"""Which daily partitions a refresh tick runs: the latest one, from the oldest missed day on.

Dagster 1.13 does not catch up missed ticks of a schedule: the daemon only catches up schedules
whose snapshot names a partition set, and ``ScheduleSnap.from_def`` always leaves it ``None``,
so after downtime only the latest tick runs (``dagster/_scheduler/scheduler.py``: "has no
partition set, so not trying to catch up"). The refresh schedule therefore looks back itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dagster import AssetPartitionStatus

CATCH_UP_DAYS = 7


def catch_up_window(
    keys: Sequence[str], status_by_key: Mapping[str, AssetPartitionStatus | None]
) -> list[str]:
    """The partitions a tick looks at: the last ``CATCH_UP_DAYS``, reaching back to the day
    after the newest day attempted before them (an outage longer than that). With nothing
    attempted before them (a new deployment), older history is left to a backfill."""
    start = max(0, len(keys) - CATCH_UP_DAYS)
    attempted = [i for i, key in enumerate(keys[:start]) if status_by_key.get(key) is not None]
    if attempted:
        start = attempted[-1] + 1
    return list(keys[start:])


def refresh_range(
    recent_keys: Sequence[str], status_by_key: Mapping[str, AssetPartitionStatus | None]
) -> tuple[str, str] | None:
    """The inclusive partition range a tick runs, given its ``catch_up_window``.

    The latest partition (the day that just closed) always runs. If an earlier one was never
    attempted, the range starts there and covers every day up to the latest: mastery carries
    state from day to day, so the days after a missed one must be recomputed too, in order,
    which one single-run range does. A failed partition is left to run retries and the
    operator; a materialized or in-progress one needs nothing.
    """
    if not recent_keys:
        return None
    missed = [key for key in recent_keys[:-1] if status_by_key.get(key) is None]
    return (missed[0] if missed else recent_keys[-1], recent_keys[-1])
