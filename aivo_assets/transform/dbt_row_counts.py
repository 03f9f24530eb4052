"""Row counts on dbt materializations, counted through the ``warehouse`` resource.

dagster-dbt's ``fetch_row_counts()`` queries through dbt's adapter inside this process, which
keeps the DuckDB file open and locks out the next dbt subprocess. Instead the events of the
dbt stream are held until dbt has exited, then one connection counts every built relation and
the counts are attached to the events before they are yielded.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from datetime import date
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetMaterialization, Output

from aivo_assets.lib.row_counts import (
    partition_counts_sql,
    relation_name,
    total_count_sql,
    window_row_count_metadata,
)
from aivo_assets.warehouse.warehouse import Warehouse


def with_row_counts(
    context: AssetExecutionContext,
    warehouse: Warehouse,
    events: Iterable[Any],
    window_days: Sequence[date] | None,
) -> Iterator[Any]:
    """Yield ``events`` with row counts on each Output/AssetMaterialization.

    ``window_days``: the run's partitions (counts per ``partition_date`` inside them), or None
    for unpartitioned relations such as views (whole-relation count).
    """
    held = list(events)
    keys = {key for event in held if (key := _materialized_key(context, event)) is not None}
    if not keys:
        yield from held
        return
    # A DuckDB cursor is a second connection: left open, it would keep the file locked.
    with warehouse.get_connection() as conn, closing(conn.cursor()) as cursor:
        metadata = {key: _count(cursor, relation_name(key.path), window_days) for key in keys}
    for event in held:
        key = _materialized_key(context, event)
        yield event if key is None else event.with_metadata({**event.metadata, **metadata[key]})


def _materialized_key(context: AssetExecutionContext, event: object) -> AssetKey | None:
    if isinstance(event, Output):
        return context.asset_key_for_output(event.output_name)
    if isinstance(event, AssetMaterialization):
        return event.asset_key
    return None


def _count(cursor: Any, relation: str, window_days: Sequence[date] | None) -> dict[str, object]:
    """One query per relation, on a DB-API cursor (DuckDB and the Snowflake connector)."""
    if window_days is None:
        return {"dagster/row_count": int(cursor.execute(total_count_sql(relation)).fetchone()[0])}
    sql = partition_counts_sql(relation, window_days[0], window_days[-1])
    counts = {day: rows for day, rows in cursor.execute(sql).fetchall()}
    return window_row_count_metadata(window_days, counts)
