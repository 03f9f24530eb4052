"""Vectorized synthetic learner sessions: one batch = every event of the sessions starting on a day.

A session is a run of *units* (start, browse, lesson, assessment, error, end); a unit expands to
``[page_view] [head event] interaction* [closing event]``. Everything is numpy on whole arrays:
no Python loop runs per session or per event. Strings are built later, per output file, from the
integer codes kept here (see ``generator.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aivo_assets.lib.event_types import EVENT_TYPES

# Event type codes: positions in EVENT_TYPES, named in its order.
(SESSION_START, PAGE_VIEW, INTERACTION, LESSON_START, LESSON_COMPLETE,
 ASSESSMENT_START, ASSESSMENT_COMPLETE, ERROR, SESSION_END) = range(len(EVENT_TYPES))  # fmt: skip

US = 1_000_000
DAY_US = 86_400 * US
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
EVENTS_PER_SESSION = 50  # population sizing: ~events/50 sessions, ~sessions/3 learners
N_PAGES, N_LESSONS, N_ASSESSMENTS, N_SKILLS = 400, 150, 60, 24
ELEMENTS = [
    (e, a)
    for e in ("next_button", "hint_button", "answer_choice", "video_player", "text_input")
    for a in ("click", "submit", "focus")
]
ERRORS = {"E_TIMEOUT": "request timed out", "E_NETWORK": "network unreachable"}
ERRORS |= {"E_RENDER": "content failed to render", "E_AUTH": "session token expired"}
ENTRY_POINTS, END_REASONS = ("home", "deep_link", "notification"), ("logout", "closed_app")
SOURCES = ("web_app", "ios", "android")


def _head_fragments() -> tuple[pa.Array, dict[str, int]]:
    """Every opening of a ``data`` JSON object, so ``data`` = HEAD[code] + TAIL[code]."""
    groups = {
        "page": [f'{{"page_id": "page_{i:04d}"' for i in range(N_PAGES)],
        "lesson": [f'{{"lesson_id": "lesson_{i:04d}"' for i in range(N_LESSONS)],
        "assessment": [
            f'{{"assessment_id": "assessment_{i:03d}", "skill_id": "skill_{i % N_SKILLS:02d}"'
            for i in range(N_ASSESSMENTS)
        ],
        "assessment_no_skill": [
            f'{{"assessment_id": "assessment_{i:03d}"' for i in range(N_ASSESSMENTS)
        ],
        "element": [f'{{"element": "{e}", "action": "{a}"' for e, a in ELEMENTS],
        "error": [f'{{"code": "{c}", "message": "{m}"' for c, m in ERRORS.items()],
        "entry": [f'{{"entry_point": "{e}"' for e in ENTRY_POINTS],
        "end": [f'{{"reason": "{r}"' for r in END_REASONS],
    }
    offsets, fragments = {}, []
    for name, values in groups.items():
        offsets[name] = len(fragments)
        fragments += values
    return pa.array(fragments), offsets


HEAD, HEAD_OFFSET = _head_fragments()
TAIL = pa.array(["}"] + [f', "score": {s}}}' for s in range(101)] + [""])
SCORE_TAIL, BROKEN_TAIL = 1, 102  # TAIL[1 + s] closes with score s; TAIL[102] leaves JSON open

# Unit kinds and what they expand to.
START, BROWSE, LESSON, ASSESS, ERR, END = range(6)
_HAS_PAGE_VIEW = np.array([0, 1, 1, 0, 0, 0], np.int64)
_HEAD_TYPE = np.array([SESSION_START, -1, LESSON_START, ASSESSMENT_START, ERROR, SESSION_END])
_TAIL_TYPE = np.array([-1, -1, LESSON_COMPLETE, ASSESSMENT_COMPLETE, -1, -1])
_ORDER_BASE = np.array([0.0, 10.0, 100.0, 200.0, 0.0, 1000.0])
_HOURLY = np.array([3, 2, 2, 1, 1, 1, 2, 3, 5, 6, 7, 7, 8, 8, 9, 10, 10, 9, 9, 8, 7, 6, 5, 4.0])


@dataclass(frozen=True)
class EventFrame:
    """Events as integer codes; ``sess`` indexes the string columns of ``sessions``."""

    ts: np.ndarray  # int64 microseconds since the epoch (UTC)
    etype: np.ndarray  # int8 index into EVENT_TYPES
    head: np.ndarray  # int32 index into HEAD
    tail: np.ndarray  # int8 index into TAIL
    sess: np.ndarray  # int32 index into sessions
    eid: np.ndarray  # int64 YYYYMMDD * 10**9 + sequence number within the day's batch
    sessions: pa.Table  # session_id, learner_id, metadata

    def __len__(self) -> int:
        return len(self.ts)

    def take(self, rows: np.ndarray) -> EventFrame:
        cols = (self.ts, self.etype, self.head, self.tail, self.sess, self.eid)
        return EventFrame(*(c[rows] for c in cols), sessions=self.sessions)


def population_size(events_per_day: int) -> int:
    return max(1, round(events_per_day / EVENTS_PER_SESSION / 3))


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _units(rng: np.random.Generator, target: int) -> tuple[np.ndarray, ...]:
    """Units (session, kind, interactions, closed?, events) of sessions worth ``target`` events.

    Units are ordered as the sessions play out; the last session is cut at ``target`` events.
    """
    n = int(target / (EVENTS_PER_SESSION * 0.85)) + 8
    while True:
        counts = np.stack(
            [
                np.ones(n, np.int64),
                1 + rng.poisson(2.0, n),  # browse: a page view and a few clicks
                rng.poisson(2.0, n),  # lessons
                rng.poisson(0.9, n),  # assessments
                (rng.random(n) < 0.08).astype(np.int64),  # an error somewhere
                (rng.random(n) >= 0.12).astype(np.int64),  # 12% abandoned: no session_end
            ]
        ).T.ravel()
        kind = np.repeat(np.tile(np.arange(6), n), counts)
        sess = np.repeat(np.repeat(np.arange(n), 6), counts)
        rank = np.arange(len(kind)) - np.repeat(np.cumsum(counts) - counts, counts)
        key = _ORDER_BASE[kind] + rank + (kind == ERR) * rng.uniform(10, 300, len(kind))
        order = np.lexsort((key, sess))
        sess, kind, m = sess[order], kind[order], len(kind)
        choices = [rng.poisson(1.5, m), 3 + rng.poisson(8, m), 2 + rng.poisson(4, m)]
        n_int = np.select([kind == BROWSE, kind == LESSON, kind == ASSESS], choices, 0)
        closed = (_TAIL_TYPE[kind] >= 0) & (rng.random(m) < 0.9)
        length = _HAS_PAGE_VIEW[kind] + (_HEAD_TYPE[kind] >= 0) + n_int + closed
        if length.sum() >= target:
            keep = np.searchsorted(np.cumsum(length), target) + 1
            return tuple(x[:keep] for x in (sess, kind, n_int, closed, length))
        n *= 2


def _event_types(kind, n_int, length, target) -> tuple[np.ndarray, np.ndarray]:
    """(unit, event type) of every event, from its position inside its unit."""
    unit = np.repeat(np.arange(len(kind), dtype=np.int32), length)[:target]
    pos = np.arange(target, dtype=np.int64) - (np.cumsum(length) - length)[unit]
    k = kind[unit]
    pos -= _HAS_PAGE_VIEW[k]
    head_pos = pos - (_HEAD_TYPE[k] >= 0)
    etype = np.where(pos < 0, PAGE_VIEW, _HEAD_TYPE[k])
    body = np.where(head_pos < n_int[unit], INTERACTION, _TAIL_TYPE[k])
    return unit, np.where(head_pos >= 0, body, etype).astype(np.int8)


def _payload(rng, ability, kind, u_learner, unit, etype) -> tuple[np.ndarray, np.ndarray]:
    """HEAD and TAIL codes of every event: learners revisit the same lessons and assessments."""
    n_units = len(kind)
    page = (u_learner * 7 + rng.integers(0, 40, n_units)) % N_PAGES
    lesson = (u_learner * 37 + rng.integers(0, 8, n_units)) % N_LESSONS
    assessment = (u_learner * 13 + rng.integers(0, 4, n_units)) % N_ASSESSMENTS
    score = np.clip(np.rint(ability[u_learner] + rng.normal(0, 14, n_units)), 0, 100)
    no_skill = rng.random(n_units) < 0.1
    off = HEAD_OFFSET
    by_unit = np.select(
        [kind == LESSON, kind == ASSESS, kind == ERR, kind == START, kind == END],
        [
            off["lesson"] + lesson,
            off["assessment"] + assessment,
            off["error"] + rng.integers(0, len(ERRORS), n_units),
            off["entry"] + rng.integers(0, len(ENTRY_POINTS), n_units),
            off["end"] + rng.integers(0, len(END_REASONS), n_units),
        ],
        0,
    ).astype(np.int32)
    head = by_unit[unit]
    is_pv, is_int = etype == PAGE_VIEW, etype == INTERACTION
    head[is_pv] = off["page"] + page[unit[is_pv]]
    head[is_int] = off["element"] + rng.integers(0, len(ELEMENTS), int(is_int.sum()))
    done = etype == ASSESSMENT_COMPLETE
    head[done & no_skill[unit]] += off["assessment_no_skill"] - off["assessment"]
    scored = (etype == LESSON_COMPLETE) | done
    return head, np.where(scored, SCORE_TAIL + score[unit], 0).astype(np.int8)


def _clock(rng: np.random.Generator, day: date, ev_sess: np.ndarray) -> np.ndarray:
    """Timestamps: gaps of seconds to a minute, sometimes idle > 300 s, diurnal session starts."""
    n_events, n_sessions = len(ev_sess), int(ev_sess[-1]) + 1
    gap = np.exp(rng.normal(np.log(12.0), 0.9, n_events)).clip(0.5, 240)
    gap = np.where(rng.random(n_events) < 0.02, rng.uniform(301, 1500, n_events), gap)
    first = np.flatnonzero(np.r_[True, ev_sess[1:] != ev_sess[:-1]])
    gap_us = (gap * US).astype(np.int64)
    gap_us[first] = 0
    elapsed = np.cumsum(gap_us)
    elapsed -= np.repeat(elapsed[first], np.diff(np.r_[first, n_events]))
    duration = elapsed[np.r_[first[1:], n_events] - 1]
    hour = rng.choice(24, n_sessions, p=_HOURLY / _HOURLY.sum())
    start = ((hour + rng.random(n_sessions)) * 3600 * US).astype(np.int64)
    # ~0.4% of sessions (at least one) start just early enough to cross midnight.
    late = slice(0, max(1, n_sessions // 250) if n_sessions >= 2 else 0)
    frac = rng.uniform(0.2, 0.8, len(duration[late]))
    start[late] = DAY_US - 1 - (duration[late] * frac).astype(np.int64)
    return (day.toordinal() - EPOCH_ORDINAL) * DAY_US + start[ev_sess] + elapsed


def _session_strings(rng: np.random.Generator, ymd: int, learner: np.ndarray) -> pa.Table:
    """session_id, learner_id and metadata (device, fake private IP) of every session."""
    n = len(learner)
    src = np.where(rng.random(n) < 0.85, learner % 3, rng.integers(0, 3, n))
    octets = [pc.cast(pa.array(rng.integers(lo, 255, n)), pa.string()) for lo in (0, 0, 1)]
    source, version = pa.array(SOURCES).take(pa.array(src)), pc.cast(pa.array(src + 2), pa.string())
    parts = ['{"source": "', source, '", "ip": "10.', octets[0], ".", octets[1], ".", octets[2]]
    parts += ['", "app_version": "4.', version, '.0"}']
    return pa.table(
        {
            "session_id": _ids(f"sess_{ymd}_", np.arange(n), 6),
            "learner_id": _ids("learner_", learner, 6),
            "metadata": pc.binary_join_element_wise(*parts, ""),
        }
    )


def session_batch(day: date, events_per_day: int, seed: int) -> EventFrame:
    """The ``events_per_day`` events of the sessions starting on ``day``, in session order.

    Late sessions run past midnight: their timestamps fall on the next day.
    """
    rng = np.random.default_rng([seed, day.toordinal()])
    target = max(1, int(events_per_day))
    sess, kind, n_int, _closed, length = _units(rng, target)
    unit, etype = _event_types(kind, n_int, length, target)
    n_sessions, n_learners = int(sess[-1]) + 1, population_size(target)
    learner = (n_learners * rng.random(n_sessions) ** 1.6).astype(np.int64)  # a few very active
    ability = np.random.default_rng([seed, 0]).normal(70, 12, n_learners)  # same every day
    head, tail = _payload(rng, ability, kind, learner[sess], unit, etype)
    ev_sess = sess[unit].astype(np.int32)
    ts = _clock(rng, day, ev_sess)
    ymd = int(f"{day:%Y%m%d}")
    sessions = _session_strings(rng, ymd, learner)
    eid = ymd * 10**9 + np.arange(target, dtype=np.int64)
    return EventFrame(ts, etype, head, tail, ev_sess, eid, sessions)
