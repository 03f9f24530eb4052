"""Delete the partitions a retention policy has expired, in one transaction, with a report.

Only ``partition_date < cutoff`` is ever deleted, so data inside the window is untouched and a
re-run removes nothing more. A dry run counts the same rows and rolls back. The SQL is plain
enough for both warehouses (a DB-API cursor, the cutoff as a date literal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from aivo_assets.retention.cutoffs import retention_cutoff
from aivo_assets.retention.policies import RetainedTable, RetentionPolicy


@dataclass(frozen=True)
class TablePurge:
    table: RetainedTable
    exists: bool
    rows: int
    partitions: tuple[date, ...]


@dataclass(frozen=True)
class RetentionReport:
    policy: str
    as_of: date
    cutoff: date
    dry_run: bool
    tables: tuple[TablePurge, ...]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def partitions_by_asset(self) -> dict[str, tuple[date, ...]]:
        """The Dagster partitions (asset key -> partition dates) whose rows were removed."""
        by_asset: dict[str, set[date]] = {}
        for purge in self.tables:
            key = "/".join(purge.table.asset_key)
            by_asset.setdefault(key, set()).update(purge.partitions)
        return {key: tuple(sorted(days)) for key, days in by_asset.items()}


def partition_ranges(days: tuple[date, ...]) -> list[tuple[date, date]]:
    """Sorted dates as runs of consecutive days: readable even when a purge spans years."""
    ranges: list[tuple[date, date]] = []
    for day in sorted(days):
        if ranges and day == ranges[-1][1] + timedelta(days=1):
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def purge_expired(
    cursor: Any,
    policy: RetentionPolicy,
    as_of: date,
    today: date,
    dry_run: bool = False,
) -> RetentionReport:
    """Delete (or, dry, count) every row of ``policy``'s tables older than its cutoff.

    ``cursor`` is a DB-API cursor of either warehouse (DuckDB's or the Snowflake connector's).
    """
    if as_of > today and not dry_run:
        raise ValueError(
            f"as_of {as_of} is after today ({today}): that would delete data still inside the "
            "retention window; use a dry run to preview a future date"
        )
    cutoff = retention_cutoff(as_of, policy.months)
    existing = {
        row[0]
        for row in cursor.execute(
            "select lower(table_schema) || '.' || lower(table_name) "
            "from information_schema.tables where table_type = 'BASE TABLE'"
        ).fetchall()
    }
    cursor.execute("begin transaction")
    try:
        purges = tuple(
            _purge_table(cursor, table, cutoff, dry_run)
            if table.table in existing
            # A table that was never built (e.g. no mastery asset yet) has nothing to expire.
            else TablePurge(table, exists=False, rows=0, partitions=())
            for table in policy.tables
        )
        cursor.execute("rollback" if dry_run else "commit")
    except Exception:
        cursor.execute("rollback")
        raise
    return RetentionReport(policy.name, as_of, cutoff, dry_run, purges)


def _purge_table(cursor: Any, table: RetainedTable, cutoff: date, dry_run: bool) -> TablePurge:
    # A date literal from a date object: no parameter, so one SQL text serves both warehouses.
    expired_rows = f"from {table.table} where partition_date < date '{cutoff.isoformat()}'"
    expired = cursor.execute(
        f"select partition_date, count(*) {expired_rows} "
        "group by partition_date order by partition_date"
    ).fetchall()
    rows = sum(count for _, count in expired)
    if not dry_run:
        [(deleted,)] = cursor.execute(f"delete {expired_rows}").fetchall()
        if deleted != rows:
            raise RuntimeError(f"{table.table}: counted {rows} expired rows, deleted {deleted}")
    return TablePurge(table, exists=True, rows=rows, partitions=tuple(day for day, _ in expired))
