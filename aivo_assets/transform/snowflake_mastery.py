"""Compute ``ANALYTICS.mastery_deltas`` for a partition window on Snowflake.

The same steps as ``mastery.py``: evidence and carried state in SQL
(``mastery_evidence_snowflake.sql``), BKT in numpy over integer codes one bounded range of
pairs at a time (``mastery_trace.py``), the window replaced in one transaction. Only integers
travel: evidence arrives as Arrow, and the trace goes back as JSON arrays flattened
server-side, in bounded chunks. (``write_pandas`` would stage Parquet instead; it is not used
because a Snowflake-compatible test server cannot take its PUT.)
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from aivo_assets.lib.bkt import EVIDENCE_SQL_PARAMETERS
from aivo_assets.transform.mastery_trace import (
    RANGE_POINTS,
    TRACE_COLUMNS,
    MasteryRunStats,
    trace_window,
)
from aivo_assets.warehouse.sql_script import split_statements

if TYPE_CHECKING:  # the snowflake extra is only needed when AIVO_WAREHOUSE=snowflake
    from snowflake.connector import SnowflakeConnection
    from snowflake.connector.cursor import SnowflakeCursor

EVIDENCE_SQL = (Path(__file__).parent / "mastery_evidence_snowflake.sql").read_text()
# ~35 bytes of JSON per row: a chunk stays a few hundred KB of statement text.
TRACE_CHUNK_ROWS = 10_000

INSERT_TRACE_SQL = (
    "insert into mastery_trace select "
    + ", ".join(f"value[{i}]::bigint" for i in range(len(TRACE_COLUMNS)))
    + " from table(flatten(input => parse_json(%(rows)s)))"
)
DELETE_WINDOW_SQL = (
    "delete from ANALYTICS.mastery_deltas "
    "where partition_date between %(min_date)s and %(max_date)s"
)
INSERT_RANGE_SQL = """
    insert into ANALYTICS.mastery_deltas (
        learner_id, content_id, content_type, previous_mastery, current_mastery, mastery_delta,
        trigger_event_id, trigger_event_type, session_id, confidence_score, evidence_count,
        timestamp, created_at, partition_date
    )
    select
        e.learner_id, e.content_id, e.content_type,
        cast(t.previous_e4 / 10000 as number(5, 4)),
        cast(t.current_e4 / 10000 as number(5, 4)),
        cast((t.current_e4 - t.previous_e4) / 10000 as number(5, 4)),
        e.event_id, e.event_type, e.session_id,
        cast(t.confidence_e4 / 10000 as number(5, 4)),
        t.evidence_count,
        e.timestamp,
        %(created_at)s::timestamp_ntz,
        e.partition_date
    from mastery_evidence as e
    join mastery_trace as t on e.pair_id = t.pair_id and e.step = t.step
    where e.pair_id between %(first_pair)s and %(last_pair)s
      and t.pair_id between %(first_pair)s and %(last_pair)s
"""


def compute_mastery_deltas_snowflake(
    conn: SnowflakeConnection,
    min_date: date,
    max_date: date,
    created_at: datetime,
    range_points: int = RANGE_POINTS,
) -> MasteryRunStats:
    cursor = conn.cursor()
    window = {"min_date": min_date, "max_date": max_date}
    for statement in split_statements(EVIDENCE_SQL):
        cursor.execute(statement, {**window, **EVIDENCE_SQL_PARAMETERS})
    traced = trace_window(
        partial(fetch_columns, cursor), cursor.execute, partial(_store_trace, cursor), range_points
    )
    cursor.execute("begin")
    try:
        cursor.execute(DELETE_WINDOW_SQL, window)
        for first, last in traced.ranges:  # the join holds one range's trace (see mastery.py)
            cursor.execute(
                INSERT_RANGE_SQL,
                {"created_at": created_at, "first_pair": first, "last_pair": last},
            )
        cursor.execute("commit")
    except Exception:
        cursor.execute("rollback")
        raise
    return traced.stats


def _store_trace(cursor: SnowflakeCursor, trace: dict[str, np.ndarray]) -> None:
    for chunk in trace_json_chunks(trace):
        cursor.execute(INSERT_TRACE_SQL, {"rows": chunk})


def fetch_columns(cursor: SnowflakeCursor, query: str) -> dict[str, np.ndarray]:
    """A query's columns as numpy arrays, keyed by lower-case name (Snowflake upper-cases)."""
    cursor.execute(query)
    table = cursor.fetch_arrow_all(force_return_table=True)
    return {
        name.lower(): table.column(i).to_numpy(zero_copy_only=False)
        for i, name in enumerate(table.column_names)
    }


def trace_json_chunks(trace: dict[str, np.ndarray], rows: int = TRACE_CHUNK_ROWS) -> list[str]:
    """The trace as JSON arrays of ``[pair_id, step, previous, current, confidence, count]``."""
    matrix = np.column_stack([trace[name].astype(np.int64) for name in TRACE_COLUMNS])
    return [json.dumps(matrix[i : i + rows].tolist()) for i in range(0, len(matrix), rows)]
