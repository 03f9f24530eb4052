"""Read warehouse tables as rows of strings, formatted like the fixture CSVs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        # Fractions only where there are some, as the fixtures write them.
        fraction = value.microsecond
        digits = "microseconds" if fraction % 1000 else "milliseconds" if fraction else "seconds"
        return value.isoformat(" ", digits)
    if isinstance(value, date | Decimal):
        return str(value)
    return str(value)


def query_rows(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[str],
    order_by: list[str] | None = None,
) -> list[tuple[str, ...]]:
    """Rows as the open connection (and its transaction) sees them."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    order = ", ".join(f'"{c}"' for c in (order_by or columns))
    rows = conn.execute(f"select {quoted} from {table} order by {order}").fetchall()
    return [tuple(as_text(v) for v in row) for row in rows]


def table_rows(
    database: Path, table: str, columns: list[str], order_by: list[str] | None = None
) -> list[tuple[str, ...]]:
    with duckdb.connect(str(database), read_only=True) as conn:
        return query_rows(conn, table, columns, order_by)
