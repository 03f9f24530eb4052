"""Which runs the landing sensor requests for the dates that received new files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def landing_spans(days: Iterable[date], newest_run: date | None) -> list[tuple[date, date]]:
    """Inclusive date spans, one run each: a run per date, except that dates before the newest
    day already run become one range through that day. Mastery carries each pair's state from
    day to day, so the days after a changed one must be recomputed too, in order, which one
    single-run range does (as the daily refresh's catch-up)."""
    ordered = sorted(set(days))
    if not ordered:
        return []
    if newest_run is None or ordered[0] >= newest_run:
        return [(day, day) for day in ordered]
    return [(ordered[0], max(ordered[-1], newest_run))]
