"""Compute ``analytics.mastery_deltas`` for a partition window on DuckDB.

Evidence and carried state are prepared in SQL, BKT runs in numpy over integer codes
(``lib/bkt.py``) one bounded range of pairs at a time (``mastery_trace.py``), and the window's
rows are replaced in one transaction, range by range. Day D starts from the state left by every
day before D, so results do not depend on how partitions are run.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from aivo_assets.lib.bkt import EVIDENCE_SQL_PARAMETERS
from aivo_assets.transform.mastery_trace import (
    RANGE_POINTS,
    MasteryRunStats,
    trace_window,
)
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
where e.pair_id between $first_pair and $last_pair and t.pair_id between $first_pair and $last_pair
"""


def compute_mastery_deltas(
    conn: duckdb.DuckDBPyConnection,
    min_date: date,
    max_date: date,
    created_at: datetime,
    range_points: int = RANGE_POINTS,
) -> MasteryRunStats:
    window = {"min_date": min_date, "max_date": max_date}
    run_script(conn, EVIDENCE_SQL, {**window, **EVIDENCE_SQL_PARAMETERS})
    traced = trace_window(
        partial(_fetch, conn), conn.execute, partial(_store_trace, conn), range_points
    )
    conn.execute("begin transaction")
    try:
        conn.execute(
            "delete from analytics.mastery_deltas "
            "where partition_date between $min_date and $max_date",
            window,
        )
        # Range by range: the join holds one range's trace (a 20 M-point window joined whole
        # spilled under the step's memory limit and took twice as long).
        for first, last in traced.ranges:
            conn.execute(
                INSERT_SQL, {"created_at": created_at, "first_pair": first, "last_pair": last}
            )
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return traced.stats


def _fetch(conn: duckdb.DuckDBPyConnection, sql: str) -> dict[str, np.ndarray]:
    return conn.execute(sql).fetchnumpy()


def _store_trace(conn: duckdb.DuckDBPyConnection, trace: dict[str, np.ndarray]) -> None:
    conn.register("mastery_trace_range", pa.table(trace))
    try:
        conn.execute("insert into mastery_trace by name select * from mastery_trace_range")
    finally:
        conn.unregister("mastery_trace_range")
