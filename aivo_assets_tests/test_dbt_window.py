"""dbt by hand rebuilds only the window it is given: RAW is purged long before the aggregates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aivo_assets.lib.settings import REPO_ROOT
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS, Platform, copy_platform
from aivo_assets_tests.helpers.warehouse_snapshot import table_snapshot

PARTITIONED = ("analytics.minute_metrics", "analytics.session_metrics")


def _dbt(platform: Platform, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    warehouse = platform.defs.resources["warehouse"]
    return subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), *args, "--profiles-dir", ".",
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        cwd=REPO_ROOT / "dbt", env={**os.environ, **warehouse.dbt_env()},
        capture_output=True, text=True,
    )  # fmt: skip


def test_without_a_window_the_partitioned_models_refuse_to_run(
    fixture_range: Platform, tmp_path: Path
) -> None:
    platform = copy_platform(fixture_range, tmp_path / "copy", copy_landing=False)
    before = table_snapshot(platform.warehouse, only=PARTITIONED)
    built = _dbt(platform, tmp_path, "build", "--select", "tag:partitioned")
    assert built.returncode != 0
    assert "rebuild the window they are given, and none was" in built.stdout
    assert table_snapshot(platform.warehouse, only=PARTITIONED) == before


def test_a_full_refresh_rebuilds_only_the_window(fixture_range: Platform, tmp_path: Path) -> None:
    """``--full-refresh`` would re-create each table from the window's rows alone."""
    platform = copy_platform(fixture_range, tmp_path / "copy", copy_landing=False)
    before = table_snapshot(platform.warehouse, only=PARTITIONED)
    middle = FIXTURE_DAYS[1].isoformat()
    window = json.dumps({"min_date": middle, "max_date": middle})
    run = _dbt(platform, tmp_path, "run", "--select", "tag:partitioned", "--full-refresh",
               "--vars", window)  # fmt: skip
    assert run.returncode == 0, run.stdout
    after = table_snapshot(platform.warehouse, only=PARTITIONED)
    assert after == before
    assert {row["partition_date"] for row in after["analytics.minute_metrics"]} == set(FIXTURE_DAYS)


def test_runs_on_an_earlier_runs_parse_rebuild_their_own_window(
    fixture_range: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dagster passes the window as environment variables read while the models run, so a run
    that loads the parse an earlier run left (no re-parse) still replaces its own window."""
    target = tmp_path / "target"
    monkeypatch.setenv("DBT_TARGET_PATH", str(target))  # this test's own parse cache
    platform = copy_platform(fixture_range, tmp_path / "copy", copy_landing=False)
    before = table_snapshot(platform.warehouse, only=PARTITIONED)
    runs = [
        platform.materialize(day) for day in (FIXTURE_DAYS[2], FIXTURE_DAYS[0], FIXTURE_DAYS[1])
    ]
    assert table_snapshot(platform.warehouse, only=PARTITIONED) == before
    first, *later = [_dbt_log(target, run.tables_run_id) for run in runs]
    assert "Starting full parse" in first
    for log in later:
        assert "Nothing changed, skipping partial parsing." in log
        assert "Starting full parse" not in log


def _dbt_log(target: Path, run_id: str) -> str:
    [invocation] = target.glob(f"analytics_dbt_models-{run_id[:7]}-*")
    return (invocation / "dbt.log").read_text()
