"""One process writes a DuckDB file at a time: the warehouse waits for the other writer."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from aivo_assets.warehouse.duckdb_warehouse import DuckDBWarehouse

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
