"""The BKT trace of a window's evidence, one bounded range of (learner, content) pairs at a time.

Pairs are independent, so the trace runs over consecutive pair-id ranges of about
``RANGE_POINTS`` evidence points each (at most that plus one pair's points). The process holds
one range's arrays, so the step's memory does not grow with the window, a year-long single-run
backfill included. Each range's trace is stored in the warehouse's ``mastery_trace`` temp table
before the next is fetched. The rows are then written range by range too, so the join that turns
a trace back into rows holds one range's trace. The SQL here runs unchanged on DuckDB and
Snowflake; each warehouse supplies how to fetch columns and how to store a trace.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from aivo_assets.lib.bkt import confidence_e4, trace_mastery

# A 1 M-point range adds ~0.15 GiB to the step's peak (benches/mastery_memory.py).
RANGE_POINTS = 1_000_000
TRACE_COLUMNS = ("pair_id", "step", "previous_e4", "current_e4", "confidence_e4", "evidence_count")
# Where each range's trace is stored (``bigint`` is NUMBER(38, 0) on Snowflake).
TRACE_TABLE_SQL = (
    "create or replace temporary table mastery_trace ("
    + ", ".join(f"{name} bigint" for name in TRACE_COLUMNS)
    + ")"
)
# Asked before the trace; the points and pairs are then dropped, freeing their memory for it.
NON_EVIDENCE_SQL = (
    "select count(distinct event_id) as non_evidence from mastery_points where not is_evidence"
)
DROP_PREPARED_SQL = ("drop table mastery_points", "drop table mastery_pairs")

Columns = Mapping[str, np.ndarray]
Fetch = Callable[[str], Columns]
Store = Callable[[dict[str, np.ndarray]], None]
Execute = Callable[[str], object]
# The first and last pair id of a range.
PairRange = tuple[int, int]


@dataclass(frozen=True)
class MasteryRunStats:
    evidence_points: int
    non_evidence_events: int
    pairs: int
    carried_pairs: int
    longest_pair_run: int


@dataclass(frozen=True)
class RangeStats:
    """One pair range's share of the window's stats (non-evidence is counted per window)."""

    evidence_points: int
    pairs: int
    carried_pairs: int
    longest_pair_run: int


@dataclass(frozen=True)
class TracedWindow:
    ranges: list[PairRange]
    stats: MasteryRunStats


def trace_window(
    fetch: Fetch, execute: Execute, store: Store, range_points: int = RANGE_POINTS
) -> TracedWindow:
    """After the evidence script: count the non-evidence, free what the trace no longer needs,
    and trace every pair range into ``mastery_trace``."""
    non_evidence = int(fetch(NON_EVIDENCE_SQL)["non_evidence"][0])
    for statement in (*DROP_PREPARED_SQL, TRACE_TABLE_SQL):
        execute(statement)
    ranges = pair_ranges(fetch, range_points)
    return TracedWindow(ranges, window_stats(trace_in_ranges(fetch, store, ranges), non_evidence))


def pair_ranges_sql(range_points: int) -> str:
    """First and last pair id of each range: a pair joins range ``floor(points before / n)``."""
    return f"""
        select min(pair_id) as first_pair, max(pair_id) as last_pair
        from (
            select
                pair_id,
                floor((sum(points) over (
                    order by pair_id rows between unbounded preceding and current row
                ) - points) / {int(range_points)}) as pair_range
            from (
                select pair_id, count(*) as points from mastery_evidence group by pair_id
            ) as pair_points
        ) as ranged
        group by pair_range
        order by first_pair
    """


def pair_ranges(fetch: Fetch, range_points: int = RANGE_POINTS) -> list[PairRange]:
    ranges = fetch(pair_ranges_sql(range_points))
    return [
        (int(first), int(last))
        for first, last in zip(
            ranges["first_pair"].tolist(), ranges["last_pair"].tolist(), strict=True
        )
    ]


def trace_in_ranges(fetch: Fetch, store: Store, ranges: list[PairRange]) -> list[RangeStats]:
    """Trace every pair range of ``mastery_evidence`` from ``mastery_pair_start``; the stats of
    each range."""
    stats = []
    for first, last in ranges:
        between = f"pair_id between {first} and {last}"
        evidence = fetch(
            f"select pair_id, step, correct from mastery_evidence where {between} "
            "order by pair_id, step"
        )
        start = fetch(
            f"select start_e4, start_count from mastery_pair_start where {between} order by pair_id"
        )
        trace = trace_columns(evidence, start, first_pair=first)
        store(trace)
        stats.append(range_stats(trace, start))
    return stats


def trace_columns(evidence: Columns, start: Columns, first_pair: int = 0) -> dict[str, np.ndarray]:
    """BKT over fetched evidence (``pair_id``, ``step``, ``correct``, in pair/step order) from
    the start state (``start_e4``, ``start_count``) of pairs ``first_pair, first_pair + 1, …``:
    the ``mastery_trace`` columns."""
    pair, step = evidence["pair_id"].astype("int64"), evidence["step"].astype("int64")
    trace = trace_mastery(
        pair - first_pair,
        step,
        evidence["correct"].astype(bool),
        start["start_e4"].astype("int64"),
        start["start_count"].astype("int64"),
    )
    return {
        "pair_id": pair,
        "step": step,
        "previous_e4": trace.previous_e4,
        "current_e4": trace.current_e4,
        "confidence_e4": confidence_e4(trace.evidence_count),
        "evidence_count": trace.evidence_count,
    }


def range_stats(trace: Columns, start: Columns) -> RangeStats:
    return RangeStats(
        evidence_points=len(trace["pair_id"]),
        pairs=len(start["start_e4"]),
        carried_pairs=int((start["start_count"] > 0).sum()),
        longest_pair_run=int(trace["step"].max(initial=-1)) + 1,
    )


def window_stats(ranges: list[RangeStats], non_evidence: int) -> MasteryRunStats:
    """The window's stats from those of its pair ranges (pairs never span two ranges)."""
    return MasteryRunStats(
        evidence_points=sum(r.evidence_points for r in ranges),
        non_evidence_events=int(non_evidence),
        pairs=sum(r.pairs for r in ranges),
        carried_pairs=sum(r.carried_pairs for r in ranges),
        longest_pair_run=max((r.longest_pair_run for r in ranges), default=0),
    )
