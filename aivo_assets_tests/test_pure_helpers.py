"""Pure helpers: partition window → days and dbt's window, landing key → date, range checks."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from dagster import DailyPartitionsDefinition

from aivo_assets.lib.landing import date_prefix, key_date
from aivo_assets.lib.partition_window import dbt_window_env, dbt_window_vars, window_days
from aivo_assets.ops.materialize_range import range_problem


def test_one_partition_window_is_one_day() -> None:
    assert window_days(datetime(2025, 9, 5), datetime(2025, 9, 6)) == [date(2025, 9, 5)]


def test_range_window_gives_inclusive_vars() -> None:
    window = (datetime(2025, 9, 1), datetime(2025, 10, 1))
    assert len(window_days(*window)) == 30
    assert dbt_window_vars(*window) == {"min_date": "2025-09-01", "max_date": "2025-09-30"}
    assert dbt_window_env(*window) == {
        "AIVO_WINDOW_MIN_DATE": "2025-09-01",
        "AIVO_WINDOW_MAX_DATE": "2025-09-30",
    }


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("events/2025/09/05/batch-1.parquet", date(2025, 9, 5)),
        ("prefix/events/2025/12/31/x.parquet", date(2025, 12, 31)),
        ("events/2025/02/30/x.parquet", None),
        ("events/2025/09/05/x.json", None),
        ("other/2025/09/05/x.parquet", None),
    ],
)
def test_landing_key_to_date(key: str, expected: date | None) -> None:
    assert key_date(key) == expected


def test_date_prefix_round_trips() -> None:
    assert key_date(date_prefix(date(2025, 1, 2)) + "/f.parquet") == date(2025, 1, 2)


def test_a_range_of_days_that_are_not_partitions_is_named() -> None:
    january = DailyPartitionsDefinition(start_date="2025-01-01", end_date="2025-02-01")
    assert range_problem(january, date(2025, 1, 1), date(2025, 1, 31)) is None
    assert range_problem(january, date(2024, 12, 31), date(2025, 1, 2)) == (
        "2024-12-31 is not a daily partition: the partitions run from 2025-01-01 to 2025-01-31 "
        "(AIVO_PARTITIONS_START sets the first; the last is the last complete day)"
    )
    assert range_problem(january, date(2025, 1, 30), date(2025, 2, 1)) == (
        "2025-02-01 is not a daily partition: the partitions run from 2025-01-01 to 2025-01-31 "
        "(AIVO_PARTITIONS_START sets the first; the last is the last complete day)"
    )
    assert range_problem(january, date(2025, 1, 2), date(2025, 1, 1)) == (
        "the range ends (2025-01-01) before it starts (2025-01-02)"
    )
