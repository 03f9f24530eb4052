"""The embedded DuckDB warehouse: the default, so the platform runs on a laptop."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

import duckdb
import ibis
import ibis.expr.types as ir
from dagster_duckdb import DuckDBResource

from aivo_assets.ingestion.raw_loader import RawLoad, load_raw_events
from aivo_assets.lib.landing import Landing
from aivo_assets.lib.settings import DEFAULT_DUCKDB_MEMORY_LIMIT
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.transform.mastery import compute_mastery_deltas
from aivo_assets.transform.mastery_trace import MasteryRunStats
from aivo_assets.warehouse.warehouse import QueryResult, Warehouse

DDL = (Path(__file__).parent / "duckdb_ddl.sql").read_text()
_LOCK_RETRY_SECONDS = 30.0


class DuckDBWarehouse(DuckDBResource, Warehouse):
    """``DuckDBResource`` that pins UTC, owns the raw DDL and always releases the file lock.

    A DuckDB file admits one writing process, and dbt runs as a subprocess: the connection is
    closed even when the step fails, and opening waits while another process holds the lock.
    """

    kind: ClassVar[str] = "duckdb"
    # DuckDB working memory while mastery runs: its numpy arrays live beside DuckDB in the same
    # process, so the step stays under 1 GiB by giving DuckDB less and letting it spill.
    mastery_memory_limit: str = "600MB"

    def load_raw_partitions(
        self, landing: Landing, days: list[date], processed_at: datetime, policy: PrivacyPolicy
    ) -> RawLoad:
        with self.get_connection() as conn:
            return load_raw_events(conn, landing, days, processed_at, policy)

    def compute_mastery(
        self, min_date: date, max_date: date, created_at: datetime
    ) -> MasteryRunStats:
        with self.get_connection() as conn:
            conn.execute(f"set memory_limit = '{self.mastery_memory_limit}'")
            return compute_mastery_deltas(conn, min_date, max_date, created_at)

    def ibis_table(self, conn: duckdb.DuckDBPyConnection, schema: str, name: str) -> ir.Table:
        return ibis.duckdb.from_connection(conn).table(name, database=schema)

    def fetch(
        self, conn: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, date | int | float]
    ) -> QueryResult:
        cursor = conn.execute(sql, dict(params))
        return QueryResult([d[0] for d in cursor.description], cursor.fetchall())

    def execute(
        self, conn: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, object]
    ) -> None:
        conn.execute(sql, dict(params))

    def dbt_env(self) -> dict[str, str]:
        """What the dbt subprocess (cwd ``dbt/``) needs to open this file with these limits."""
        config = dict(self.connection_config)
        return {
            "AIVO_WAREHOUSE": self.kind,
            "AIVO_DUCKDB_PATH": str(Path(self.database).absolute()),
            "AIVO_DUCKDB_MEMORY_LIMIT": str(
                config.get("memory_limit", DEFAULT_DUCKDB_MEMORY_LIMIT)
            ),
            "AIVO_DUCKDB_THREADS": str(config.get("threads", 2)),
        }

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.database).parent.mkdir(parents=True, exist_ok=True)
        conn = _connect_waiting_for_lock(self.database, dict(self.connection_config))
        try:
            conn.execute("set TimeZone = 'UTC'")
            conn.execute(DDL)
            yield conn
        finally:
            conn.close()


def _connect_waiting_for_lock(database: str, config: dict) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + _LOCK_RETRY_SECONDS
    while True:
        try:
            return duckdb.connect(database, config=config)
        except duckdb.IOException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
