"""Pure helpers: partition window → days and dbt vars, landing key → date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from aivo_assets.lib.landing import date_prefix, key_date
from aivo_assets.lib.partition_window import dbt_window_vars, window_days


def test_one_partition_window_is_one_day() -> None:
    assert window_days(datetime(2025, 9, 5), datetime(2025, 9, 6)) == [date(2025, 9, 5)]


def test_range_window_gives_inclusive_vars() -> None:
    window = (datetime(2025, 9, 1), datetime(2025, 10, 1))
    assert len(window_days(*window)) == 30
    assert dbt_window_vars(*window) == {"min_date": "2025-09-01", "max_date": "2025-09-30"}


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
