"""Read the CSV seed fixtures and write them out as a real Parquet landing."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from aivo_assets.lib.landing import LANDING_SCHEMA

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def read_fixture(name: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Header and rows of a fixture CSV, every cell a string ('' is NULL)."""
    with (FIXTURES / name).open(newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [tuple(row) for row in reader]


COUNTS_CSV = "test_raw_events_counts.csv"


def fixture_counts() -> dict[str, dict[str, int]]:
    """The hand-computed counts of each day (``COUNTS_CSV``), by ISO date: ``rows_landed``,
    ``rows_kept``, ``rows_duplicate``, ``rows_rejected``."""
    header, rows = read_fixture(COUNTS_CSV)
    return {day: dict(zip(header[1:], map(int, counts), strict=True)) for day, *counts in rows}


def counts_by_day(partitions: Iterable[object]) -> dict[str, dict[str, int]]:
    """A load's per-partition counts, the fixture's columns only, to compare with it."""
    names = read_fixture(COUNTS_CSV)[0][1:]
    return {str(p.partition_date): {n: getattr(p, n) for n in names} for p in partitions}


Record = dict[str, str | None]


def landing_records(csv_name: str = "test_raw_events.csv") -> dict[str, list[Record]]:
    """A fixture's rows by ``s3_path`` (CSV order), as landing records ('' is NULL)."""
    header, rows = read_fixture(csv_name)
    by_file: dict[str, list[Record]] = defaultdict(list)
    for row in rows:
        record = {name: value or None for name, value in zip(header, row, strict=True)}
        by_file[record.pop("s3_path")].append(record)
    return by_file


def write_landing_files(root: Path, by_file: dict[str, list[Record]]) -> dict[str, int]:
    """One Parquet file per path under ``root``, in the landing schema; returns rows per file."""
    for path, records in by_file.items():
        columns = {name: [r[name] for r in records] for name in LANDING_SCHEMA.names}
        columns["timestamp"] = [
            datetime.fromisoformat(t) if t else None for t in columns["timestamp"]
        ]
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.table(columns, schema=LANDING_SCHEMA), target)
    return {path: len(records) for path, records in by_file.items()}


def write_landing(root: Path, csv_name: str = "test_raw_events.csv") -> dict[str, int]:
    """One Parquet file per distinct ``s3_path``, rows in CSV order; returns rows per file."""
    return write_landing_files(root, landing_records(csv_name))
