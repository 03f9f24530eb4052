"""Whole-warehouse and whole-landing snapshots, to prove what changed and what did not."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq

WALL_CLOCK = {"processed_at", "created_at", "updated_at"}


def base_tables(conn: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        f"{schema}.{name}"
        for schema, name in conn.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_catalog = current_database() "
            "order by 1, 2"
        ).fetchall()
    ]


def table_snapshot(
    database: Path, skip: tuple[str, ...] = ("ops.",), only: tuple[str, ...] | None = None
) -> dict[str, list[dict]]:
    """Every base table's rows (or those of the tables ``only`` names) as dicts, wall-clock
    columns dropped, in a stable order."""
    snapshot = {}
    with duckdb.connect(str(database), read_only=True) as conn:
        for table in only or base_tables(conn):
            if table.startswith(skip):
                continue
            columns = [c for c in conn.table(table).columns if c not in WALL_CLOCK]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = conn.execute(f"select {quoted} from {table} order by all").fetchall()
            snapshot[table] = [dict(zip(columns, row, strict=True)) for row in rows]
    return snapshot


def text_values(database: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """Every text (VARCHAR or JSON) value stored in any base table (but those under ``skip``)."""
    values = []
    with duckdb.connect(str(database), read_only=True) as conn:
        for table in base_tables(conn):
            if skip and table.startswith(skip):
                continue
            schema, name = table.split(".")
            for (column,) in conn.execute(
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ? and data_type in ('VARCHAR', 'JSON')",
                [schema, name],
            ).fetchall():
                values += [
                    str(v)
                    for (v,) in conn.execute(f'select "{column}" from {table}').fetchall()
                    if v is not None
                ]
    return values


def landing_rows(root: Path) -> dict[str, list[dict]]:
    """Rows of every landed Parquet file, by path relative to the landing root."""
    return {
        str(path.relative_to(root)): pq.read_table(path).to_pylist()
        for path in sorted(root.rglob("*.parquet"))
    }
