"""Pure helpers for the row-count metadata of a materialization: SQL in, metadata out.

The SQL is plain ANSI (date literals, no bind parameters) so it runs on DuckDB and Snowflake.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from dagster import MetadataValue


def relation_name(asset_key_path: Sequence[str]) -> str:
    """Asset keys mirror tables: ``analytics/minute_metrics`` is ``analytics.minute_metrics``."""
    return ".".join(asset_key_path)


def partition_counts_sql(relation: str, first: date, last: date) -> str:
    """Rows per ``partition_date`` in the inclusive window ``[first, last]``."""
    return (
        f"select partition_date, count(*) from {relation} "
        f"where partition_date between date '{first.isoformat()}' and date '{last.isoformat()}' "
        "group by partition_date"
    )


def total_count_sql(relation: str) -> str:
    return f"select count(*) from {relation}"


def window_row_count_metadata(
    days: Sequence[date], counts: Mapping[date, int]
) -> dict[str, object]:
    """``dagster/row_count`` over the run's window, plus rows per partition (0 when empty).

    A range run records one materialization per partition, all with this metadata: the total
    is the window's and the table says how it splits across the partitions.
    """
    per_day = [(day, int(counts.get(day, 0))) for day in days]
    table = "\n".join(
        ["| partition | rows |", "|---|---|"] + [f"| {day} | {rows} |" for day, rows in per_day]
    )
    return {
        "dagster/row_count": sum(rows for _, rows in per_day),
        "partition_window": f"{days[0]} .. {days[-1]}",
        "partitions": MetadataValue.md(table),
    }
