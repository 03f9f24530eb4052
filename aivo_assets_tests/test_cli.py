"""The `aivo` console script, end to end on a temp landing, warehouse and instance."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
from dagster import DagsterInstance, DagsterRunStatus

from aivo_assets.lib.settings import REPO_ROOT
from aivo_assets.ops.materialize_range import RANGE_END_TAG, RANGE_START_TAG
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
        _assert_counts_printed(conn, done.stdout)
        raw = conn.execute("select count(*) from raw.raw_events").fetchone()[0]
        # The schema document's validation queries hold on generated data too.
        window = {"min_date": date(2025, 3, 1), "max_date": date(2025, 3, 2)}
        assert conn.execute(RAW_VS_MINUTE_COUNTS, window).fetchall() == []
        assert session_duration_offenders(conn, window) == []
    # Every generated event is kept once but the malformed ones (replays are deduplicated).
    assert raw == sum(int(events) - int(malformed) for _, events, malformed in days)
    # One run for the range's tables, then one for the views, recorded in the instance.
    with DagsterInstance.from_config(str(tmp_path / "dagster_home")) as instance:
        runs = instance.get_runs()
    assert sorted((run.job_name, run.status) for run in runs) == [
        ("daily_tables_job", DagsterRunStatus.SUCCESS),
        ("looker_views_job", DagsterRunStatus.SUCCESS),
    ]
    [tables] = [run for run in runs if run.job_name == "daily_tables_job"]
    range_tags = (tables.tags[RANGE_START_TAG], tables.tags[RANGE_END_TAG])
    assert range_tags == ("2025-03-01", "2025-03-02")


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


def test_demo_generates_recent_days_and_builds_everything_into_a_local_instance(
    tmp_path: Path,
) -> None:
    """`make demo` runs `aivo demo`: with no DAGSTER_HOME it makes ``.dagster_home`` here."""
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env |= {
        "AIVO_LANDING_URI": str(tmp_path / "landing"),
        "AIVO_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
    }
    before = datetime.now(UTC).date()
    demo = subprocess.run(
        [sys.executable, "-m", "aivo_assets.cli.main", "demo", "--days", "2",
         "--events-per-day", "500"],
        env=env, cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert demo.stdout.startswith(f"Generating 2 days x 500 events into {tmp_path / 'landing'}\n")
    home = tmp_path / ".dagster_home"
    assert (home / "dagster.yaml").read_text() == (REPO_ROOT / "dagster.yaml").read_text()
    with DagsterInstance.from_config(str(home)) as instance:
        jobs = sorted(r.dagster_run.job_name for r in instance.get_run_records())
    assert jobs == ["daily_tables_job", "looker_views_job"]

    # Yesterday and the day before, as of when it ran (a run can straddle UTC midnight).
    [(first, last)] = re.findall(r"\(partitions (\S+)\.\.(\S+)\)", demo.stdout)
    yesterdays = {d - timedelta(days=1) for d in (before, datetime.now(UTC).date())}
    assert date.fromisoformat(last) in yesterdays
    assert date.fromisoformat(last) - date.fromisoformat(first) == timedelta(days=1)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as conn:
        _assert_counts_printed(conn, demo.stdout)
        days = conn.execute(
            "select distinct partition_date::varchar from raw.raw_events order by 1"
        )
        assert [day for (day,) in days.fetchall()] == [first, last]
        top = conn.execute(
            "select learner_id from analytics.learner_activity_summary "
            "order by activity_date desc, daily_events desc limit 5"
        ).fetchall()
    sample = demo.stdout.split("analytics.learner_activity_summary (top 5):\n", 1)[1]
    assert len(top) == 5
    assert all(learner_id in sample for (learner_id,) in top)


def _assert_counts_printed(conn: duckdb.DuckDBPyConnection, stdout: str) -> None:
    """The summary's row count of each table is the warehouse's."""
    for table in PARTITIONED_TABLES:
        rows = conn.execute(f"select count(*) from {table}").fetchone()[0]
        assert re.search(rf"^\s+{re.escape(table)}\s+{rows:,} rows$", stdout, re.M), table


def test_loading_the_code_location_prints_nothing() -> None:
    """The CLI, `make demo` and every run load the definitions; a notice there is noise to users."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import aivo_assets.definitions"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert (loaded.stdout, loaded.stderr) == ("", "")
