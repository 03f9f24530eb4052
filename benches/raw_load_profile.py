"""Time each statement of the RAW load on a landed day, as benches/README.md quotes it.

Usage: raw_load_profile.py LANDING DAY WAREHOUSE — loads DAY from LANDING into WAREHOUSE (a
scratch DuckDB file: the day's partition is replaced) with the platform's default DuckDB
settings, printing every statement over 50 ms and the total.
"""

from __future__ import annotations

import sys
import time
from datetime import date, datetime
from typing import Any

import duckdb

from aivo_assets.ingestion.raw_loader import load_raw_events
from aivo_assets.lib.landing import Landing
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.warehouse.duckdb_warehouse import DuckDBWarehouse

SHOWN_FROM_SECONDS = 0.05


class TimedConnection:
    """A DuckDB connection that prints how long each slow ``execute`` took."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: Any) -> duckdb.DuckDBPyConnection:
        began = time.perf_counter()
        result = self._conn.execute(sql, *args)
        seconds = time.perf_counter() - began
        if seconds >= SHOWN_FROM_SECONDS:
            print(f"{seconds:6.2f} s  {' '.join(sql.split())[:110]}")
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def main(landing: str, day: str, warehouse: str) -> None:
    with DuckDBWarehouse(database=warehouse).get_connection() as conn:
        began = time.perf_counter()
        load = load_raw_events(
            TimedConnection(conn),  # type: ignore[arg-type]
            Landing.from_uri(landing),
            [date.fromisoformat(day)],
            datetime(2000, 1, 1),
            PrivacyPolicy(),
        )
        print(f"{time.perf_counter() - began:6.2f} s  total; {load.partitions}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
