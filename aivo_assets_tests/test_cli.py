"""The `aivo` console script, end to end on a temp landing, warehouse and instance."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb

from aivo_assets.ops.table_counts import PARTITIONED_TABLES
from aivo_assets.quality.validation_queries import RAW_VS_MINUTE_COUNTS
from aivo_assets_tests.helpers.session_durations import session_duration_offenders


def test_generate_then_materialize_prints_counts_that_match_the_warehouse(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "AIVO_LANDING_URI": str(tmp_path / "landing"),
        "AIVO_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
    }
    aivo = [sys.executable, "-m", "aivo_assets.cli.main"]
    generated = subprocess.run(
        [*aivo, "generate", "--start", "2025-03-01", "--days", "2", "--events-per-day", "2000"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    days = re.findall(
        r"^(\S+): (\d+) events, \d+ replayed duplicates, (\d+) malformed, \d+ files$",
        generated.stdout,
        re.M,
    )
    assert [day for day, _, _ in days] == ["2025-03-01", "2025-03-02"]
    assert sorted(p.name for p in (tmp_path / "landing/events/2025/03").iterdir()) == ["01", "02"]

    done = subprocess.run(
        [*aivo, "materialize", "--start", "2025-03-01", "--end", "2025-03-02"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as conn:
        for table in PARTITIONED_TABLES:
            rows = conn.execute(f"select count(*) from {table}").fetchone()[0]
            assert re.search(rf"^\s+{re.escape(table)}\s+{rows:,} rows$", done.stdout, re.M)
        raw = conn.execute("select count(*) from raw.raw_events").fetchone()[0]
        # The schema document's validation queries hold on generated data too.
        window = {"min_date": date(2025, 3, 1), "max_date": date(2025, 3, 2)}
        assert conn.execute(RAW_VS_MINUTE_COUNTS, window).fetchall() == []
        assert session_duration_offenders(conn, window) == []
    # Every generated event is kept once but the malformed ones (replays are deduplicated).
    assert raw == sum(int(events) - int(malformed) for _, events, malformed in days)
    runs = list((tmp_path / "dagster_home").iterdir())
    assert any(p.name == "history" for p in runs), "runs are recorded in the instance"


def test_materialize_refuses_days_that_are_not_partitions_before_any_run(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "AIVO_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
        "AIVO_PARTITIONS_START": "2025-01-01",
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
    }
    refused = subprocess.run(
        [sys.executable, "-m", "aivo_assets.cli.main", "materialize",
         "--start", "2024-12-31", "--end", "2025-01-02"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "2024-12-31 is not a daily partition: the partitions run from 2025-01-01" in (
        refused.stderr
    )
    assert not (tmp_path / "warehouse.duckdb").exists()
