"""The warehouse side of forgetting a learner: find their footprint, delete it, audit it.

Every base table with a ``learner_id`` column is in scope (raw, rejected, analytics, and any
table added later), so no table can be forgotten about. Rows that lost their learner id (a
rejected event with a blank learner_id) but belong to one of the learner's sessions go too.
The SQL runs on both warehouses through a DB-API cursor (DuckDB binds ``?``, the Snowflake
connector ``%s``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from aivo_assets.warehouse.missing_schemas import create_missing_schemas
from aivo_assets.warehouse.sql_script import split_statements

AUDIT_DDL = split_statements((Path(__file__).parent / "forget_audit.sql").read_text())
RAW_TABLES = ("raw.raw_events", "raw.raw_events_rejected")
# Rejected rows keep their ids as landed (" learner_003"); every other table stores them
# trimmed, and is matched on the bare column, which Snowflake can prune on.
AS_LANDED = "raw.raw_events_rejected"
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


def learner_tables(cursor: Any) -> list[LearnerTable]:
    """Every base table (outside ``ops``) with a ``learner_id`` column."""
    rows = cursor.execute(
        """
        select lower(c.table_schema) || '.' || lower(c.table_name),
               count_if(lower(c.column_name) = 'session_id') > 0
        from information_schema.columns as c
        join information_schema.tables as t
            on c.table_catalog = t.table_catalog
            and c.table_schema = t.table_schema
            and c.table_name = t.table_name
        where t.table_type = 'BASE TABLE'
            and c.table_catalog = current_database()
            and lower(c.table_schema) not in ('ops', 'information_schema', 'pg_catalog')
        group by 1
        having count_if(lower(c.column_name) = 'learner_id') > 0
        order by 1
        """
    ).fetchall()
    return [LearnerTable(name, bool(has_session)) for name, has_session in rows]


def learner_sessions(cursor: Any, learner_ref: str, tables: list[LearnerTable]) -> set[str]:
    sessions: set[str] = set()
    for table in tables:
        if table.has_session_id:
            sessions.update(
                row[0]
                for row in cursor.execute(
                    f"select distinct {_column('session_id', table.name)} from {table.name} "
                    f"where {_learner_is(cursor, table.name)} and session_id is not null",
                    [learner_ref],
                ).fetchall()
            )
    return sessions


def learner_days(cursor: Any, learner_ref: str) -> set[date]:
    """Partition dates whose landed files hold the learner's rows, per the raw tables (the
    learner's sessions already stored by ``store_sessions``)."""
    days: set[date] = set()
    for table in _existing(cursor, RAW_TABLES):
        days.update(
            row[0]
            for row in cursor.execute(
                f"select distinct partition_date from {table} where {_match_sql(cursor, table)}",
                [learner_ref],
            ).fetchall()
        )
    return days


def loaded_at_by_day(cursor: Any) -> dict[date, datetime]:
    """When each partition was last loaded into RAW (kept or rejected rows)."""
    loaded: dict[date, datetime] = {}
    for table in _existing(cursor, RAW_TABLES):
        for day, at in cursor.execute(
            f"select partition_date, max(processed_at) from {table} group by 1"
        ).fetchall():
            loaded[day] = max(at, loaded.get(day, at))
    return loaded


def ensure_audit_table(cursor: Any) -> None:
    """Outside any transaction: on Snowflake, DDL would commit it."""
    create_missing_schemas(cursor, ["ops"])
    for statement in AUDIT_DDL:
        cursor.execute(statement)


def delete_learner(cursor: Any, learner_ref: str, tables: list[LearnerTable]) -> dict[str, int]:
    """Delete the learner's rows (and the orphans of the sessions ``store_sessions`` stored)
    from every table; run inside the caller's transaction, which holds no DDL."""
    removed = {}
    for table in tables:
        predicate = (
            _match_sql(cursor, table.name)
            if table.has_session_id
            else _learner_is(cursor, table.name)
        )
        [(rows,)] = cursor.execute(
            f"delete from {table.name} where {predicate}", [learner_ref]
        ).fetchall()
        removed[table.name] = int(rows)
    return removed


def write_audit(cursor: Any, record: AuditRecord) -> None:
    values = ", ".join([_param(cursor)] * 11)
    cursor.execute(
        f"insert into ops.forget_audit values ({values})",
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


def _param(cursor: Any) -> str:
    return "?" if isinstance(cursor, duckdb.DuckDBPyConnection) else "%s"


def _column(name: str, table: str) -> str:
    return f"trim({name})" if table == AS_LANDED else name


def _learner_is(cursor: Any, table: str) -> str:
    return f"{_column('learner_id', table)} = {_param(cursor)}"


def _match_sql(cursor: Any, table: str) -> str:
    """The learner's rows, or rows without a learner in one of the learner's sessions."""
    return (
        f"{_learner_is(cursor, table)} or ({_NO_LEARNER} "
        f"and {_column('session_id', table)} in (select session_id from forget_sessions))"
    )


def store_sessions(cursor: Any, sessions: set[str]) -> None:
    """The learner's session ids as a temporary table. DDL: call it outside a transaction
    (on Snowflake it would commit one)."""
    cursor.execute("create or replace temporary table forget_sessions (session_id varchar)")
    if sessions:
        cursor.executemany(
            f"insert into forget_sessions values ({_param(cursor)})",
            [(session,) for session in sorted(sessions)],
        )


def _existing(cursor: Any, tables: tuple[str, ...]) -> list[str]:
    present = {
        row[0]
        for row in cursor.execute(
            "select lower(table_schema) || '.' || lower(table_name) "
            "from information_schema.tables where table_type = 'BASE TABLE'"
        ).fetchall()
    }
    return [table for table in tables if table in present]
