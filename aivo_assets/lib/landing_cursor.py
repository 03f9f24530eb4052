"""The landing sensor's cursor: which landed files each partition date has already triggered.

Per date the cursor keeps a *horizon* (every file of that date last modified at or before it
has been seen) and the files modified after it that were seen. A file is new when it is above
the horizon and not among those, so a rewrite (same key, later mtime) is new again and no file
is ever skipped, whatever order keys or mtimes arrive in. After a listing of a date its
horizon moves to the listing time minus ``overlap``: a file must show up in listings within
``overlap`` of its last-modified time (S3 stamps the start of an upload, so ``overlap`` must
exceed the longest upload plus clock skew). Dates are tracked independently, so a late file
for an old date is found whenever that date is next listed.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from aivo_assets.lib.landing import LandingFile, key_date

CURSOR_VERSION = 1


@dataclass(frozen=True)
class DateCursor:
    horizon_ns: int
    seen: frozenset[tuple[str, int]] = frozenset()  # (file name, mtime_ns) above the horizon


@dataclass(frozen=True)
class LandingCursor:
    dates: Mapping[date, DateCursor] = field(default_factory=dict)
    last_full_sweep_ns: int | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": CURSOR_VERSION,
                "last_full_sweep_ns": self.last_full_sweep_ns,
                "dates": {
                    day.isoformat(): [state.horizon_ns, sorted(map(list, state.seen))]
                    for day, state in sorted(self.dates.items())
                },
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str | None) -> LandingCursor:
        """An empty cursor for ``None``/empty text (a sensor's first tick)."""
        if not text:
            return cls()
        raw = json.loads(text)
        if raw.get("version") != CURSOR_VERSION:
            raise ValueError(f"unknown landing cursor version {raw.get('version')!r}")
        return cls(
            dates={
                date.fromisoformat(day): DateCursor(
                    int(horizon), frozenset((name, int(mtime)) for name, mtime in seen)
                )
                for day, (horizon, seen) in raw["dates"].items()
            },
            last_full_sweep_ns=raw["last_full_sweep_ns"],
        )


@dataclass(frozen=True)
class ListingDelta:
    """Files new or rewritten since the cursor, per partition date, and the advanced cursor."""

    new_files: dict[date, list[LandingFile]]
    cursor: LandingCursor


def full_sweep_due(cursor: LandingCursor, now_ns: int, every: timedelta) -> bool:
    if cursor.last_full_sweep_ns is None:
        return True
    return now_ns - cursor.last_full_sweep_ns >= every.total_seconds() * 1e9


def recent_days(today: date, count: int) -> list[date]:
    """``today`` and the ``count - 1`` days before it, oldest first."""
    return [today - timedelta(days=back) for back in range(count - 1, -1, -1)]


def apply_listing(
    cursor: LandingCursor,
    files: Iterable[LandingFile],
    listed_at_ns: int,
    overlap: timedelta,
    requestable: Callable[[date], bool],
    full_sweep: bool,
) -> ListingDelta:
    """Compare a listing (taken at ``listed_at_ns`` or later) with the cursor.

    Dates that are not ``requestable`` (no such partition yet) keep their cursor unchanged, so
    their files are still new once the partition exists.
    """
    by_date: dict[date, list[LandingFile]] = defaultdict(list)
    for landed in files:
        day = key_date(landed.path)
        if day is not None:
            by_date[day].append(landed)
    horizon = listed_at_ns - int(overlap.total_seconds() * 1e9)
    dates = dict(cursor.dates)
    new_files: dict[date, list[LandingFile]] = {}
    for day, day_files in sorted(by_date.items()):
        if not requestable(day):
            continue
        state = cursor.dates.get(day, DateCursor(horizon_ns=-1))
        identities = [(_name(f), _mtime(f)) for f in day_files]
        fresh = [
            f
            for f, (name, mtime) in zip(day_files, identities, strict=True)
            if mtime > state.horizon_ns and (name, mtime) not in state.seen
        ]
        if fresh:
            new_files[day] = fresh
        day_horizon = max(state.horizon_ns, horizon)
        dates[day] = DateCursor(
            day_horizon, frozenset(ident for ident in identities if ident[1] > day_horizon)
        )
    return ListingDelta(
        new_files,
        LandingCursor(dates, listed_at_ns if full_sweep else cursor.last_full_sweep_ns),
    )


def run_key(day: date, files: Iterable[LandingFile]) -> str:
    """Unique per set of new files, so a later rewrite of the same keys is requested again."""
    digest = hashlib.sha1(usedforsecurity=False)
    for name, mtime in sorted((f.path, _mtime(f)) for f in files):
        digest.update(f"{name}@{mtime}\n".encode())
    return f"{day.isoformat()}:{digest.hexdigest()[:16]}"


def _name(landed: LandingFile) -> str:
    return landed.path.rsplit("/", 1)[-1]


def _mtime(landed: LandingFile) -> int:
    if landed.mtime_ns is None:
        raise ValueError(f"{landed.path}: the landing filesystem reports no modification time")
    return landed.mtime_ns
