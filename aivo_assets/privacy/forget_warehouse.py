"""The warehouse side of forgetting a learner: find their footprint, delete it, audit it.

Every base table with a ``learner_id`` column is in scope (raw, rejected, analytics, and any
table added later), so no table can be forgotten about. Rows that lost their learner id (a
rejected event with a blank learner_id) but belong to one of the learner's sessions go too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

AUDIT_DDL = (Path(__file__).parent / "forget_audit.sql").read_text()
RAW_TABLES = ("raw.raw_events", "raw.raw_events_rejected")
_NO_LEARNER = "nullif(trim(learner_id), '') is null"


@dataclass(frozen=True)
class LearnerTable:
    name: str
    has_session_id: bool


@dataclass(frozen=True)
class AuditRecord:
    forget_id: str
    requested_at: datetime
    requested_by: str
    learner_ref: str
    learner_ref_kind: str
    rows_removed: dict[str, int]
    landing_files_scanned: int
    landing_files_rewritten: int
    landing_files_deleted: int
    landing_rows_removed: int
    dagster_run_id: str | None


def learner_tables(conn: duckdb.DuckDBPyConnection) -> list[LearnerTable]:
    """Every base table (outside ``ops``) with a ``learner_id`` column."""
    rows = conn.execute(
        """
        select c.table_schema || '.' || c.table_name, bool_or(c.column_name = 'session_id')
        from information_schema.columns as c
        join information_schema.tables as t
            on c.table_catalog = t.table_catalog
            and c.table_schema = t.table_schema
            and c.table_name = t.table_name
        where t.table_type = 'BASE TABLE'
            and c.table_catalog = current_database()
            and c.table_schema not in ('ops', 'information_schema', 'pg_catalog')
        group by 1
        having bool_or(c.column_name = 'learner_id')
        order by 1
        """
    ).fetchall()
    return [LearnerTable(name, has_session) for name, has_session in rows]


def learner_sessions(
    conn: duckdb.DuckDBPyConnection, learner_ref: str, tables: list[LearnerTable]
) -> set[str]:
    sessions: set[str] = set()
    for table in tables:
        if table.has_session_id:
            sessions.update(
                row[0]
                for row in conn.execute(
                    f"select distinct session_id from {table.name} "
                    "where learner_id = ? and session_id is not null",
                    [learner_ref],
                ).fetchall()
            )
    return sessions


def learner_days(
    conn: duckdb.DuckDBPyConnection, learner_ref: str, sessions: set[str]
) -> set[date]:
    """Partition dates whose landed files hold the learner's rows, per the raw tables."""
    _register_sessions(conn, sessions)
    days: set[date] = set()
    for table in _existing(conn, RAW_TABLES):
        days.update(
            row[0]
            for row in conn.execute(
                f"select distinct partition_date from {table} where {_match_sql()}",
                [learner_ref],
            ).fetchall()
        )
    return days


def loaded_at_by_day(conn: duckdb.DuckDBPyConnection) -> dict[date, datetime]:
    """When each partition was last loaded into RAW (kept or rejected rows)."""
    loaded: dict[date, datetime] = {}
    for table in _existing(conn, RAW_TABLES):
        for day, at in conn.execute(
            f"select partition_date, max(processed_at) from {table} group by 1"
        ).fetchall():
            loaded[day] = max(at, loaded.get(day, at))
    return loaded


def delete_learner(
    conn: duckdb.DuckDBPyConnection,
    learner_ref: str,
    sessions: set[str],
    tables: list[LearnerTable],
) -> dict[str, int]:
    """Delete the learner's rows from every table; run inside the caller's transaction."""
    _register_sessions(conn, sessions)
    removed = {}
    for table in tables:
        predicate = _match_sql() if table.has_session_id else "learner_id = ?"
        [(rows,)] = conn.execute(
            f"delete from {table.name} where {predicate}", [learner_ref]
        ).fetchall()
        removed[table.name] = rows
    return removed


def write_audit(conn: duckdb.DuckDBPyConnection, record: AuditRecord) -> None:
    conn.execute(AUDIT_DDL)
    conn.execute(
        "insert into ops.forget_audit values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            record.forget_id,
            record.requested_at,
            record.requested_by,
            record.learner_ref,
            record.learner_ref_kind,
            json.dumps(record.rows_removed, sort_keys=True),
            record.landing_files_scanned,
            record.landing_files_rewritten,
            record.landing_files_deleted,
            record.landing_rows_removed,
            record.dagster_run_id,
        ],
    )


def _match_sql() -> str:
    """The learner's rows, or rows without a learner in one of the learner's sessions."""
    return (
        f"learner_id = ? or ({_NO_LEARNER} "
        "and session_id in (select session_id from forget_sessions))"
    )


def _register_sessions(conn: duckdb.DuckDBPyConnection, sessions: set[str]) -> None:
    batch = pa.table({"session_id": pa.array(sorted(sessions), pa.string())})
    conn.register("forget_session_batch", batch)
    conn.execute(
        "create or replace temp table forget_sessions as select * from forget_session_batch"
    )
    conn.unregister("forget_session_batch")


def _existing(conn: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> list[str]:
    present = {
        row[0]
        for row in conn.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
        ).fetchall()
    }
    return [table for table in tables if table in present]
