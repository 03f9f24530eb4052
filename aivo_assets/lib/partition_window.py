"""Pure helpers turning a Dagster partition time window into dates and dbt vars."""

from __future__ import annotations

from datetime import date, datetime, timedelta


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
