"""The landing side of forgetting a learner: rewrite the files that hold their events.

Only files that can hold the learner are read: those of the days where the RAW tables place
the learner, and every file RAW has not loaded yet (a day never loaded, or a file newer than
the day's last load), so a later load cannot bring the learner back. Each file is rewritten
next to itself and moved over the original (write-new-then-replace); a file left empty is
deleted. Matching follows the loader: ids are compared after trimming spaces, and with
pseudonymization on, a landed id matches when its pseudonym is the learner's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from aivo_assets.lib.landing import Landing, LandingFile, key_date

# Tolerate clock skew between the object store and the worker that stamped processed_at.
CLOCK_SKEW = timedelta(minutes=10)
TEMP_SUFFIX = ".forget-tmp"


def files_to_scan(
    files: Iterable[LandingFile],
    learner_days: set[date],
    loaded_at: dict[date, datetime],
    skew: timedelta = CLOCK_SKEW,
) -> list[LandingFile]:
    """The landed files that may hold the learner's events (``loaded_at`` is naive UTC)."""
    chosen = []
    for landed in files:
        day = key_date(landed.path)
        if day is None:
            continue
        last_load = loaded_at.get(day)
        if (
            day in learner_days
            or last_load is None
            or landed.mtime_ns is None
            or _modified_at(landed) > last_load - skew
        ):
            chosen.append(landed)
    return chosen


@dataclass
class LearnerMatcher:
    """Which landed rows are the learner's: ``to_ref`` maps a landed id to its stored form."""

    learner_ref: str
    to_ref: Callable[[str], str] | None = None
    _refs: dict[str, str] = field(default_factory=dict, repr=False)

    def learner_rows(self, learner_ids: pa.ChunkedArray) -> pa.ChunkedArray:
        ids = _trimmed(learner_ids)
        if self.to_ref is None:
            return pc.fill_null(pc.equal(ids, self.learner_ref), False)
        # One HMAC per distinct id, cached across files: never one per row.
        unique = [i for i in pc.unique(ids).to_pylist() if i]
        for landed_id in unique:
            if landed_id not in self._refs:
                self._refs[landed_id] = self.to_ref(landed_id)
        matching = [i for i in unique if self._refs[i] == self.learner_ref]
        return pc.fill_null(pc.is_in(ids, value_set=pa.array(matching, pa.string())), False)

    def rows_to_remove(self, table: pa.Table, sessions: set[str]) -> pa.ChunkedArray:
        """The learner's rows, and rows without a learner in one of the learner's sessions."""
        ids = _trimmed(table["learner_id"])
        no_learner = pc.fill_null(pc.equal(ids, ""), True)
        in_session = pc.is_in(
            _trimmed(table["session_id"]), value_set=pa.array(sorted(sessions), pa.string())
        )
        orphan = pc.and_(no_learner, pc.fill_null(in_session, False))
        return pc.or_(self.learner_rows(table["learner_id"]), orphan)


@dataclass(frozen=True)
class LandingRewrite:
    files_scanned: int
    files_rewritten: int
    files_deleted: int
    rows_removed: int
    # Their loads' recorded counts (duplicates) no longer match the landing until rebuilt.
    days_changed: tuple[date, ...] = ()


def sessions_in_landing(
    landing: Landing, files: list[LandingFile], matcher: LearnerMatcher
) -> set[str]:
    """Session ids of the learner's landed rows (reads two columns per file)."""
    sessions: set[str] = set()
    for landed in files:
        table = _read(landing, landed, ["learner_id", "session_id"])
        mine = matcher.learner_rows(table["learner_id"])
        sessions.update(s for s in _trimmed(table["session_id"]).filter(mine).to_pylist() if s)
    return sessions


def rewrite_without_learner(
    landing: Landing, files: list[LandingFile], matcher: LearnerMatcher, sessions: set[str]
) -> LandingRewrite:
    rewritten = deleted = removed = 0
    days: set[date] = set()
    for landed in files:
        table = _read(landing, landed, None)
        remove = matcher.rows_to_remove(table, sessions)
        count = pc.sum(remove).as_py() or 0
        if count == 0:
            continue
        removed += count
        days.add(key_date(landed.path))
        target = landing.full_path(landed.path)
        if count == table.num_rows:
            landing.filesystem.delete_file(target)
            deleted += 1
            continue
        temporary = target + TEMP_SUFFIX
        pq.write_table(table.filter(pc.invert(remove)), temporary, filesystem=landing.filesystem)
        landing.filesystem.move(temporary, target)
        rewritten += 1
    return LandingRewrite(len(files), rewritten, deleted, removed, tuple(sorted(days)))


def _read(landing: Landing, landed: LandingFile, columns: list[str] | None) -> pa.Table:
    with landing.filesystem.open_input_file(landing.full_path(landed.path)) as source:
        return pq.read_table(source, columns=columns)


def _trimmed(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """Like the loader's ``trim``: spaces only."""
    return pc.utf8_trim(pc.cast(values, pa.string()), characters=" ")


def _modified_at(landed: LandingFile) -> datetime:
    return datetime.fromtimestamp(landed.mtime_ns / 1e9, UTC).replace(tzinfo=None)
