"""Pure helpers turning a Dagster partition time window into dates and dbt's window."""

from __future__ import annotations

from datetime import date, datetime, timedelta

# How Dagster hands dbt the window: environment variables AIVO_WINDOW_MIN_DATE/MAX_DATE, named as
# dbt/macros/window_date.sql derives them from the var names and read only when a model runs. As
# `--vars` they would change dbt's state hash every run, and dbt then throws away its parse
# cache and re-parses the whole project (~1 s a run).
WINDOW_ENV_PREFIX = "AIVO_WINDOW_"


def window_days(start: datetime, end: datetime) -> list[date]:
    """Daily partitions covered by the half-open window ``[start, end)``."""
    first, stop = start.date(), end.date()
    if end.time() != datetime.min.time():
        stop += timedelta(days=1)
    return [first + timedelta(days=i) for i in range((stop - first).days)]


def dbt_window_vars(start: datetime, end: datetime) -> dict[str, str]:
    """``min_date``/``max_date`` (inclusive) for the partitioned dbt models."""
    days = window_days(start, end)
    return {"min_date": days[0].isoformat(), "max_date": days[-1].isoformat()}


def dbt_window_env(start: datetime, end: datetime) -> dict[str, str]:
    """The same window as the environment variables Dagster passes to dbt."""
    return {
        WINDOW_ENV_PREFIX + name.upper(): day for name, day in dbt_window_vars(start, end).items()
    }
