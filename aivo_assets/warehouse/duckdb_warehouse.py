"""The embedded DuckDB warehouse: the default, so the platform runs on a laptop."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster_duckdb import DuckDBResource

DDL = (Path(__file__).parent / "duckdb_ddl.sql").read_text()
_LOCK_RETRY_SECONDS = 30.0


class DuckDBWarehouse(DuckDBResource):
    """``DuckDBResource`` that pins UTC, owns the raw DDL and always releases the file lock.

    A DuckDB file admits one writing process, and dbt runs as a subprocess: the connection is
    closed even when the step fails, and opening waits while another process holds the lock.
    """

    kind: str = "duckdb"

    def dbt_env(self) -> dict[str, str]:
        """What the dbt subprocess (cwd ``dbt/``) needs to open this file with these limits."""
        config = dict(self.connection_config)
        return {
            "AIVO_WAREHOUSE": self.kind,
            "AIVO_DUCKDB_PATH": str(Path(self.database).absolute()),
            "AIVO_DUCKDB_MEMORY_LIMIT": str(config.get("memory_limit", "1500MB")),
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
