"""Row counts of every table and view, for the CLI summary."""

from __future__ import annotations

from datetime import date

import duckdb

PARTITIONED_TABLES = (
    "raw.raw_events",
    "raw.raw_events_rejected",
    "analytics.minute_metrics",
    "analytics.session_metrics",
    "analytics.mastery_deltas",
)
VIEWS = ("analytics.learner_activity_summary", "analytics.content_mastery_trends")


def table_counts(conn: duckdb.DuckDBPyConnection, start: date, end: date) -> dict[str, int]:
    """Rows of each partitioned table inside ``[start, end]`` and of each view in its window."""
    existing = {
        f"{schema}.{name}"
        for schema, name in conn.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    counts = {}
    for table in PARTITIONED_TABLES:
        if table in existing:
            counts[table] = conn.execute(
                f"select count(*) from {table} where partition_date between ? and ?", [start, end]
            ).fetchone()[0]
    for view in VIEWS:
        if view in existing:
            counts[view] = conn.execute(f"select count(*) from {view}").fetchone()[0]
    return counts
