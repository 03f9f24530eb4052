"""The DuckDB warehouse file: one process writes it at a time (the warehouse waits for the other
writer), and schemas are created where that file lacks them."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb

from aivo_assets.warehouse.duckdb_warehouse import DuckDBWarehouse
from aivo_assets.warehouse.missing_schemas import create_missing_schemas

HOLD_SECONDS = 1.5
# Another process (a run-status sensor, a dbt step) holding the file for a while.
HOLDER = """
import sys, time, duckdb
conn = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("create table written_by_the_holder as select 1 as x")
conn.close()
"""


def test_a_connection_waits_while_another_process_holds_the_file(tmp_path: Path) -> None:
    database = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database), str(HOLD_SECONDS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "holding\n"
        started = time.monotonic()
        with DuckDBWarehouse(database=str(database)).get_connection() as conn:
            waited = time.monotonic() - started
            # It got the file once the holder was done, and sees what the holder wrote.
            assert conn.execute("select x from written_by_the_holder").fetchall() == [(1,)]
        assert holder.wait(timeout=10) == 0
    finally:
        holder.kill()
    assert waited > HOLD_SECONDS / 2


def test_missing_schemas_are_those_the_warehouse_file_lacks(tmp_path: Path) -> None:
    """A schema of the same name in another attached database does not count."""
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as conn:
        conn.execute("attach ':memory:' as other")
        conn.execute("create schema other.ops")
        cursor = conn.cursor()
        assert create_missing_schemas(cursor, ["main", "OPS"]) == ["OPS"]
        assert create_missing_schemas(cursor, ["ops"]) == []
