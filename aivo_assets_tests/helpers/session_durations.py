"""The duration reconciliation on a DuckDB warehouse, run as the asset check runs it."""

from __future__ import annotations

from datetime import date

import duckdb

from aivo_assets.quality.validation_queries import SESSION_DURATIONS, SESSION_RAW_DAYS


def session_duration_offenders(
    conn: duckdb.DuckDBPyConnection, window: dict[str, date]
) -> list[tuple]:
    """Sessions whose stored duration is off by more than 60 s: first the raw days to read,
    then the comparison over them."""
    first_day, last_day = conn.execute(SESSION_RAW_DAYS, window).fetchone()
    raw_days = {"first_day": first_day, "last_day": last_day}
    return conn.execute(f"{SESSION_DURATIONS} order by 1", {**window, **raw_days}).fetchall()
