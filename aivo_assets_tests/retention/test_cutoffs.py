"""Retention cutoffs in calendar months, at month ends and leap days (hand-computed)."""

from __future__ import annotations

from datetime import date

import pytest

from aivo_assets.retention.cutoffs import (
    AGGREGATE_RETENTION_MONTHS,
    RAW_RETENTION_MONTHS,
    months_before,
    retention_cutoff,
)
from aivo_assets.retention.purge import partition_ranges


@pytest.mark.parametrize(
    ("as_of", "raw_cutoff"),
    [
        (date(2026, 11, 25), date(2025, 5, 25)),
        (date(2026, 8, 31), date(2025, 2, 28)),  # 31 Feb does not exist: the month's last day
        (date(2026, 8, 30), date(2025, 2, 28)),
        (date(2026, 9, 1), date(2025, 3, 1)),
        (date(2025, 8, 29), date(2024, 2, 29)),  # a leap year's February
        (date(2025, 8, 31), date(2024, 2, 29)),
        (date(2026, 6, 30), date(2024, 12, 30)),
        (date(2026, 1, 31), date(2024, 7, 31)),  # crosses two year boundaries
    ],
)
def test_raw_cutoff_is_eighteen_calendar_months_back(as_of: date, raw_cutoff: date) -> None:
    assert retention_cutoff(as_of, RAW_RETENTION_MONTHS) == raw_cutoff


@pytest.mark.parametrize(
    ("as_of", "aggregate_cutoff"),
    [
        (date(2032, 2, 29), date(2025, 2, 28)),  # leap day to a common year
        (date(2031, 2, 28), date(2024, 2, 28)),
        (date(2031, 3, 1), date(2024, 3, 1)),
        (date(2026, 12, 31), date(2019, 12, 31)),
    ],
)
def test_aggregate_cutoff_is_seven_years_back(as_of: date, aggregate_cutoff: date) -> None:
    assert retention_cutoff(as_of, AGGREGATE_RETENTION_MONTHS) == aggregate_cutoff


def test_cutoff_never_moves_backwards_day_by_day() -> None:
    days = [date.fromordinal(date(2027, 1, 1).toordinal() + i) for i in range(800)]
    cutoffs = [retention_cutoff(day, RAW_RETENTION_MONTHS) for day in days]
    assert cutoffs == sorted(cutoffs)
    assert months_before(date(2025, 1, 15), 0) == date(2025, 1, 15)
    with pytest.raises(ValueError, match="a positive number of months"):
        retention_cutoff(date(2025, 1, 1), 0)


def test_partition_ranges_group_consecutive_days() -> None:
    days = (date(2025, 1, 3), date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 7))
    assert partition_ranges(days) == [
        (date(2025, 1, 1), date(2025, 1, 3)),
        (date(2025, 1, 7), date(2025, 1, 7)),
    ]
