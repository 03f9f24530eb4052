"""Compute ``analytics.mastery_deltas`` for a partition window on DuckDB.

Evidence and carried state are prepared in SQL, BKT runs in numpy over integer codes
(``lib/bkt.py``), and the window's rows are replaced in one transaction. Day D starts from
the state left by every day before D, so results do not depend on how partitions are run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from aivo_assets.lib.bkt import P_INIT_E4, confidence_e4, trace_mastery
from aivo_assets.warehouse.sql_script import run_script

EVIDENCE_SQL = (Path(__file__).parent / "mastery_evidence.sql").read_text()

INSERT_SQL = """
insert into analytics.mastery_deltas
select
    e.learner_id, e.content_id, e.content_type,
    cast(t.previous_e4 / 10000.0 as decimal(5, 4)),
    cast(t.current_e4 / 10000.0 as decimal(5, 4)),
    cast((t.current_e4 - t.previous_e4) / 10000.0 as decimal(5, 4)),
    e.event_id, e.event_type, e.session_id,
    cast(t.confidence_e4 / 10000.0 as decimal(5, 4)),
    t.evidence_count,
    e."timestamp",
    $created_at,
    e.partition_date
from mastery_evidence as e
join mastery_trace as t on e.pair_id = t.pair_id and e.step = t.step
"""


@dataclass(frozen=True)
class MasteryRunStats:
    evidence_points: int
    non_evidence_events: int
    pairs: int
    carried_pairs: int
    longest_pair_run: int


def compute_mastery_deltas(
    conn: duckdb.DuckDBPyConnection, min_date: date, max_date: date, created_at: datetime
) -> MasteryRunStats:
    window = {"min_date": min_date, "max_date": max_date}
    run_script(conn, EVIDENCE_SQL, {**window, "p_init_e4": P_INIT_E4})
    evidence = conn.execute(
        "select pair_id, step, correct from mastery_evidence order by pair_id, step"
    ).fetchnumpy()
    start = conn.execute("select start_e4, start_count from mastery_pair_start").fetchnumpy()
    trace = trace_columns(evidence, start)
    trace_table = pa.table(trace)
    conn.register("mastery_trace", trace_table)
    conn.execute("begin transaction")
    try:
        conn.execute(
            "delete from analytics.mastery_deltas "
            "where partition_date between $min_date and $max_date",
            window,
        )
        conn.execute(INSERT_SQL, {"created_at": created_at})
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    finally:
        conn.unregister("mastery_trace")
    non_evidence = conn.execute(
        "select count(distinct event_id) from mastery_points where not is_evidence"
    ).fetchone()[0]
    return run_stats(trace, start, non_evidence)


def trace_columns(
    evidence: Mapping[str, np.ndarray], start: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """BKT over the fetched evidence (``pair_id``, ``step``, ``correct``, in pair/step order)
    from each pair's start (``start_e4``, ``start_count``): the ``mastery_trace`` columns."""
    pair, step = evidence["pair_id"].astype("int64"), evidence["step"].astype("int64")
    trace = trace_mastery(
        pair,
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


def run_stats(
    trace: Mapping[str, np.ndarray], start: Mapping[str, np.ndarray], non_evidence: int
) -> MasteryRunStats:
    return MasteryRunStats(
        evidence_points=len(trace["pair_id"]),
        non_evidence_events=int(non_evidence),
        pairs=len(start["start_e4"]),
        carried_pairs=int((start["start_count"] > 0).sum()),
        longest_pair_run=int(trace["step"].max(initial=-1)) + 1,
    )
