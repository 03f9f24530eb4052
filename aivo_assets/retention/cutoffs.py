"""Retention cutoffs: the first partition date a policy keeps, in calendar months.

"Older than 18 months" on day D means a partition_date before D minus 18 calendar months; when
that month is shorter (31 August minus 18 months), the cutoff is the month's last day, so the
cutoff never jumps past a day that is still inside the window.
"""

from __future__ import annotations

import calendar
from datetime import date

RAW_RETENTION_MONTHS = 18
AGGREGATE_RETENTION_MONTHS = 7 * 12


def months_before(day: date, months: int) -> date:
    """``day`` moved back ``months`` calendar months, clamped to the target month's length."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def retention_cutoff(as_of: date, months: int) -> date:
    """The oldest partition_date kept on ``as_of``; anything before it has expired."""
    if months <= 0:
        raise ValueError("a retention period is a positive number of months")
    return months_before(as_of, months)
