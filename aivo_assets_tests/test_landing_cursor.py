"""The landing sensor's cursor: new, rewritten, late and deferred files, never a skipped one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from aivo_assets.lib.landing import LandingFile, date_prefix
from aivo_assets.lib.landing_cursor import (
    LandingCursor,
    apply_listing,
    full_sweep_due,
    recent_days,
    run_key,
)

S = 1_000_000_000  # ns per second
OVERLAP = timedelta(seconds=60)
D5, D6 = date(2025, 9, 5), date(2025, 9, 6)


def _file(day: date, name: str, mtime_s: float) -> LandingFile:
    return LandingFile(f"{date_prefix(day)}/{name}.parquet", 100, int(mtime_s * S))


def _tick(cursor, files, at_s, requestable=lambda day: True, full_sweep=False):
    return apply_listing(cursor, files, int(at_s * S), OVERLAP, requestable, full_sweep)


def _names(delta) -> dict[date, list[str]]:
    return {d: sorted(f.path.rsplit("/", 1)[1] for f in fs) for d, fs in delta.new_files.items()}


def test_first_listing_requests_every_date_then_nothing_repeats() -> None:
    files = [_file(D5, "a", 1000), _file(D5, "b", 1001), _file(D6, "c", 1002)]
    first = _tick(LandingCursor(), files, 1010)
    assert _names(first) == {D5: ["a.parquet", "b.parquet"], D6: ["c.parquet"]}
    second = _tick(first.cursor, files, 1020)
    assert second.new_files == {}
    # Long after, the horizon has passed every file: still nothing, and the cursor is small.
    third = _tick(second.cursor, files, 5000)
    assert third.new_files == {}
    assert all(not state.seen for state in third.cursor.dates.values())


def test_a_rewritten_key_is_new_again_with_a_different_run_key() -> None:
    first = _tick(LandingCursor(), [_file(D5, "a", 1000)], 1010)
    rewritten = [_file(D5, "a", 1015)]
    again = _tick(first.cursor, rewritten, 1020)
    assert _names(again) == {D5: ["a.parquet"]}
    assert run_key(D5, rewritten) != run_key(D5, first.new_files[D5])


def test_a_file_listed_late_with_an_older_mtime_is_not_skipped() -> None:
    """Keys and mtimes out of order (a slow upload stamped at its start): within the overlap."""
    first = _tick(LandingCursor(), [_file(D5, "z", 1000)], 1010)
    slow = _file(D5, "a", 995)  # uploaded before "z" started, visible only now
    again = _tick(first.cursor, [slow, _file(D5, "z", 1000)], 1030)
    assert _names(again) == {D5: ["a.parquet"]}


def test_dates_are_independent_so_a_late_file_for_an_old_date_is_found() -> None:
    first = _tick(LandingCursor(), [_file(D5, "a", 1000)], 1010)
    busy = _tick(first.cursor, [_file(D6, "b", 90_000)], 90_010)  # D5 not listed meanwhile
    late = _file(D5, "late", 2000)
    swept = _tick(busy.cursor, [_file(D5, "a", 1000), late, _file(D6, "b", 90_000)], 95_000)
    assert _names(swept) == {D5: ["late.parquet"]}


def test_dates_without_a_partition_yet_are_deferred_untouched() -> None:
    files = [_file(D5, "a", 1000), _file(D6, "b", 1001)]
    early = _tick(LandingCursor(), files, 1010, requestable=lambda day: day == D5)
    assert _names(early) == {D5: ["a.parquet"]}
    assert D6 not in early.cursor.dates
    later = _tick(early.cursor, files, 90_000)
    assert _names(later) == {D6: ["b.parquet"]}


def test_cursor_survives_serialisation() -> None:
    delta = _tick(LandingCursor(), [_file(D5, "a", 1000), _file(D6, "b", 1001)], 1010)
    delta = _tick(delta.cursor, [], 1011, full_sweep=True)
    restored = LandingCursor.from_json(delta.cursor.to_json())
    assert restored == delta.cursor
    assert LandingCursor.from_json(None) == LandingCursor()
    with pytest.raises(ValueError, match="version"):
        LandingCursor.from_json('{"version": 99}')


def test_full_sweep_schedule_and_recent_days() -> None:
    hour = timedelta(hours=1)
    assert full_sweep_due(LandingCursor(), 0, hour)
    swept = LandingCursor(last_full_sweep_ns=10 * S)
    assert not full_sweep_due(swept, 10 * S + 3599 * S, hour)
    assert full_sweep_due(swept, 10 * S + 3600 * S, hour)
    assert recent_days(D6, 3) == [date(2025, 9, 4), D5, D6]
