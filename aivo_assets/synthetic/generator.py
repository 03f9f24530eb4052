"""Synthetic landing zone: days of learner events as Parquet under ``events/YYYY/MM/DD/``.

Each day holds the events whose UTC date is that day: the sessions started that day up to
midnight, plus the after-midnight tail of the previous day's late sessions (the tail of the
last generated day is clipped). On top of the clean events a day gets ~0.01% malformed rows
(null learner_id, null timestamp, invalid JSON in ``data``) and ~0.5% replayed duplicates,
re-emitted with the same ``event_id`` in ``replay-YYYYMMDD.parquet``. Same arguments, same
bytes: every random draw comes from a numpy Generator seeded by (seed, day).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from aivo_assets.lib.event_types import EVENT_TYPES
from aivo_assets.lib.landing import LANDING_SCHEMA, Landing, date_prefix
from aivo_assets.synthetic.sessions import (
    DAY_US,
    EPOCH_ORDINAL,
    HEAD,
    TAIL,
    EventFrame,
    session_batch,
)

DUPLICATE_RATE, MALFORMED_RATE = 0.005, 0.0001
OK, NULL_LEARNER, NULL_TIMESTAMP, BAD_JSON = range(4)
BROKEN_TAIL = len(TAIL) - 1


@dataclass(frozen=True)
class DayEvents:
    """One day's landed rows as codes, sorted by timestamp; strings are built on demand."""

    day: date
    frame: EventFrame
    defect: np.ndarray  # int8 per row: OK or the kind of malformation
    replayed: np.ndarray  # sorted row indices re-emitted in the replay file

    @property
    def events(self) -> int:
        return len(self.frame)

    @property
    def malformed(self) -> int:
        return int(np.count_nonzero(self.defect))

    def table(self, rows: slice | np.ndarray = slice(None)) -> pa.Table:
        """The rows (default all) as a landing-contract table."""
        f, defect = self.frame, self.defect[rows]
        sess = pa.array(f.sess[rows])
        tail = np.where(defect == BAD_JSON, BROKEN_TAIL, f.tail[rows]).astype(np.int8)
        learner = f.sessions.column("learner_id").take(sess)
        if (defect == NULL_LEARNER).any():
            null = pa.scalar(None, pa.string())
            learner = pc.if_else(pa.array(defect == NULL_LEARNER), null, learner)
        n = len(defect)
        columns = [
            pc.binary_join_element_wise("evt_", pc.cast(pa.array(f.eid[rows]), pa.string()), ""),
            pa.array(EVENT_TYPES).take(pa.array(f.etype[rows])),
            learner,
            f.sessions.column("session_id").take(sess),
            pa.array(f.ts[rows], pa.timestamp("us"), mask=defect == NULL_TIMESTAMP),
            pc.binary_join_element_wise(
                HEAD.take(pa.array(f.head[rows])), TAIL.take(pa.array(tail)), ""
            ),
            f.sessions.column("metadata").take(sess),
            pa.repeat(pa.scalar("1.0"), n),
        ]
        return pa.Table.from_arrays([pa.chunked_array(c) for c in columns], schema=LANDING_SCHEMA)

    def file_slices(self, files: int) -> list[slice]:
        """Rows of ``files`` evenly sized, time-contiguous files (empty ones left out)."""
        bounds = np.linspace(0, self.events, max(1, files) + 1).astype(np.int64).tolist()
        return [slice(lo, hi) for lo, hi in pairwise(bounds) if hi > lo]

    def file_tables(self, files: int) -> list[pa.Table]:
        return [self.table(rows) for rows in self.file_slices(files)]

    def replay_table(self) -> pa.Table:
        """The replayed rows, identical to their originals (same ``event_id``)."""
        return self.table(self.replayed)


def _defects(rng: np.random.Generator, n: int, floor: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-row defect kinds and the rows to replay: disjoint, at least ``floor`` of each."""
    n_bad = max(floor, round(n * MALFORMED_RATE))
    n_dup = max(floor, round(n * DUPLICATE_RATE))
    picked = rng.choice(n, min(n, n_bad + n_dup), replace=False)
    defect = np.zeros(n, np.int8)
    bad = picked[:n_bad]
    defect[bad] = NULL_LEARNER + np.arange(len(bad)) % 3
    return defect, np.sort(picked[n_bad:])


def _concat(first: EventFrame, second: EventFrame) -> EventFrame:
    """Join two frames, keeping only the sessions of ``first`` that its events use."""
    used, first_sess = np.unique(first.sess, return_inverse=True)
    sessions = pa.concat_tables([first.sessions.take(used), second.sessions])
    sess = np.concatenate([first_sess, second.sess + len(used)]).astype(np.int32)
    cols = ("ts", "etype", "head", "tail", "eid")
    joined = {c: np.concatenate([getattr(first, c), getattr(second, c)]) for c in cols}
    return EventFrame(sess=sess, sessions=sessions, **joined)


def iter_days(start: date, days: int, events_per_day: int, seed: int = 7) -> Iterator[DayEvents]:
    """The ``days`` days from ``start``, in order, with midnight-crossing sessions carried over."""
    if events_per_day < 1 or days < 1:
        raise ValueError("days and events_per_day must be at least 1")
    carry: EventFrame | None = None
    for i in range(days):
        day = start + timedelta(days=i)
        batch = session_batch(day, events_per_day, seed)
        midnight = (day.toordinal() + 1 - EPOCH_ORDINAL) * DAY_US
        spill = batch.ts >= midnight
        today = batch.take(np.flatnonzero(~spill)) if spill.any() else batch
        if carry is not None:
            today = _concat(carry, today)
        late = np.flatnonzero(spill & (batch.ts < midnight + DAY_US))
        carry = batch.take(late) if i + 1 < days and len(late) else None  # else clipped
        del batch, spill
        frame = today.take(np.argsort(today.ts, kind="stable"))
        del today
        rng = np.random.default_rng([seed, day.toordinal(), 1])
        defect, replayed = _defects(rng, len(frame), int(events_per_day >= 100))
        yield DayEvents(day, frame, defect, replayed)
        del frame, defect, replayed


def build_day_table(
    day: date, events_per_day: int, seed: int = 7, *, first_day: date | None = None
) -> pa.Table:
    """One day's landed rows (without replays) as generated in a run starting at ``first_day``.

    The default (``first_day`` = ``day``) has no sessions carried in from the previous day.
    """
    first = max(first_day or day, day - timedelta(days=1))
    *_, last = iter_days(first, (day - first).days + 1, events_per_day, seed)
    return last.table()


@dataclass(frozen=True)
class DaySummary:
    day: date
    events: int  # rows in the day's event files, malformed ones included
    duplicates: int  # rows re-emitted in the replay file
    malformed: int
    files: int


@dataclass(frozen=True)
class GenerationSummary:
    out_uri: str
    seed: int
    days: tuple[DaySummary, ...]

    @property
    def events(self) -> int:
        return sum(d.events for d in self.days)

    @property
    def duplicates(self) -> int:
        return sum(d.duplicates for d in self.days)

    @property
    def malformed(self) -> int:
        return sum(d.malformed for d in self.days)

    @property
    def files(self) -> int:
        return sum(d.files for d in self.days)

    @property
    def rows(self) -> int:
        """Every row landed: events plus replayed duplicates."""
        return self.events + self.duplicates


def _write_day(landing: Landing, day_events: DayEvents, files_per_day: int) -> int:
    day, prefix = day_events.day, date_prefix(day_events.day)
    landing.filesystem.create_dir(landing.full_path(prefix), recursive=True)
    ours = (f"events-{day:%Y%m%d}-", f"replay-{day:%Y%m%d}")
    for old in landing.list_files(prefix):
        if old.path.rsplit("/", 1)[-1].startswith(ours):
            landing.filesystem.delete_file(landing.full_path(old.path))
    jobs = {
        f"{prefix}/events-{day:%Y%m%d}-{i:03d}.parquet": rows
        for i, rows in enumerate(day_events.file_slices(files_per_day))
    }
    if len(day_events.replayed):
        jobs[f"{prefix}/replay-{day:%Y%m%d}.parquet"] = day_events.replayed

    def write(relative: str) -> None:
        table = day_events.table(jobs[relative])
        path = landing.full_path(relative)
        pq.write_table(table, path, filesystem=landing.filesystem, compression="zstd")

    # Two files at a time: pyarrow releases the GIL while building and encoding.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(write, jobs))
    return len(jobs)


def generate_landing(
    start: date,
    days: int,
    events_per_day: int,
    out_uri: str,
    seed: int = 7,
    files_per_day: int = 8,
) -> GenerationSummary:
    """Write ``days`` days of synthetic events under ``out_uri``; return what was written.

    Files this generator wrote earlier for those days (``events-*``/``replay-*``) are replaced.
    """
    landing = Landing.from_uri(out_uri)
    summaries = []
    for d in iter_days(start, days, events_per_day, seed):
        files = _write_day(landing, d, files_per_day)
        summaries.append(DaySummary(d.day, d.events, len(d.replayed), d.malformed, files))
    return GenerationSummary(out_uri, seed, tuple(summaries))
