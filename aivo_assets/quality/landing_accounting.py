"""Nothing landed is lost: per partition, kept + rejected + duplicates = rows landed.

Rows landed are recounted from the Parquet footers of the landing (no row is read), kept and
rejected are counted in the warehouse tables, and duplicates — stored nowhere — come from
the per-partition counts the ``raw_events`` materialization recorded when it loaded the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pyarrow.parquet as pq

from aivo_assets.lib.landing import Landing, key_date


@dataclass(frozen=True)
class DayAccount:
    partition_date: date
    landed: int
    kept: int
    rejected: int
    duplicates: int | None  # None: no load of this day recorded its counts

    @property
    def balanced(self) -> bool:
        return self.duplicates is not None and (
            self.kept + self.rejected + self.duplicates == self.landed
        )

    def as_row(self) -> dict[str, object]:
        return {
            "partition_date": self.partition_date.isoformat(),
            "landed": self.landed,
            "kept": self.kept,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
        }


def landed_rows_by_day(landing: Landing, days: Iterable[date]) -> dict[date, int]:
    """Row count of every landed file of ``days``, from Parquet footers only."""
    counts = dict.fromkeys(days, 0)
    for landed in landing.files_for_days(list(counts)):
        with landing.filesystem.open_input_file(landing.full_path(landed.path)) as handle:
            counts[key_date(landed.path)] += pq.ParquetFile(handle).metadata.num_rows
    return counts


def account_days(
    landed: Mapping[date, int],
    kept: Mapping[date, int],
    rejected: Mapping[date, int],
    duplicates: Mapping[date, int],
) -> list[DayAccount]:
    return [
        DayAccount(day, rows, kept.get(day, 0), rejected.get(day, 0), duplicates.get(day))
        for day, rows in sorted(landed.items())
    ]
