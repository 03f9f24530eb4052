"""Row counts of every table and view, for the CLI summary, on either warehouse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from aivo_assets.lib.row_counts import partition_counts_sql, total_count_sql

PARTITIONED_TABLES = (
    "raw.raw_events",
    "raw.raw_events_rejected",
    "analytics.minute_metrics",
    "analytics.session_metrics",
    "analytics.mastery_deltas",
)
VIEWS = ("analytics.learner_activity_summary", "analytics.content_mastery_trends")

# Runs SQL text, returns its rows: the one thing the warehouses' connections share.
Query = Callable[[str], list[tuple]]


def table_counts(query: Query, start: date, end: date) -> dict[str, int]:
    """Rows of each partitioned table inside ``[start, end]`` and of each view in its window.

    Snowflake upper-cases unquoted names, so existing tables are matched case-insensitively.
    """
    existing = {
        f"{schema}.{name}".lower()
        for schema, name in query(
            "select table_schema, table_name from information_schema.tables union "
            "select table_schema, table_name from information_schema.views"
        )
    }
    counts = {}
    for table in PARTITIONED_TABLES:
        if table in existing:
            counts[table] = sum(n for _, n in query(partition_counts_sql(table, start, end)))
    for view in VIEWS:
        if view in existing:
            counts[view] = query(total_count_sql(view))[0][0]
    return counts
