"""`aivo retention` and `aivo forget` as an operator runs them, on a materialized warehouse."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb

from aivo_assets_tests.helpers.platform import FIXTURE_DAYS, Platform
from aivo_assets_tests.helpers.warehouse_snapshot import landing_rows, table_snapshot


def _aivo(platform: Platform, home: Path, *args: str) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if k != "AIVO_PSEUDONYM_KEY"},
        "AIVO_LANDING_URI": str(platform.landing),
        "AIVO_DUCKDB_PATH": str(platform.warehouse),
        "DAGSTER_HOME": str(home),
    }
    done = subprocess.run(
        [sys.executable, "-m", "aivo_assets.cli.main", *args],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def test_retention_dry_run_then_forget(fixture_platform: Platform, tmp_path: Path) -> None:
    fixture_platform.materialize(FIXTURE_DAYS[0], FIXTURE_DAYS[-1])
    before = table_snapshot(fixture_platform.warehouse)
    with duckdb.connect(str(fixture_platform.warehouse), read_only=True) as conn:
        expired = conn.execute(
            "select count(*) from raw.raw_events where partition_date = '2025-09-05'"
        ).fetchone()[0]

    # 18 months before 6 March 2027 is 6 September 2025: only the first fixture day expires.
    report = _aivo(fixture_platform, tmp_path, "retention", "--dry-run", "--as-of", "2027-03-06")
    assert re.search(
        rf"raw\.raw_events: would remove {expired} rows in 1 partitions \(2025-09-05\)", report
    ), report
    assert "analytics.minute_metrics: would remove 0 rows" in report
    assert table_snapshot(fixture_platform.warehouse) == before, "a dry run deletes nothing"

    forgot = _aivo(fixture_platform, tmp_path, "forget", "--learner", "learner_003")
    assert "Forgot learner_id learner_003" in forgot
    assert re.search(r"raw\.raw_events: 12 rows removed", forgot), forgot
    with duckdb.connect(str(fixture_platform.warehouse), read_only=True) as conn:
        assert conn.execute(
            "select count(*) from analytics.session_metrics where learner_id = 'learner_003'"
        ).fetchone() == (0,)
        assert conn.execute(
            "select learner_ref, learner_ref_kind from ops.forget_audit"
        ).fetchall() == [("learner_003", "learner_id")]
    landed = [row for rows in landing_rows(fixture_platform.landing).values() for row in rows]
    assert [r for r in landed if (r["learner_id"] or "").strip() == "learner_003"] == []

    # The loads of the learner's days counted replays the landing no longer holds: the command
    # printed rebuilds them, and its run passes every check, the landed-rows one included.
    rebuild = re.search(r"landing changed on 2025-09-06, 2025-09-07: .*\n    aivo (.*)\n", forgot)
    assert rebuild, forgot
    assert rebuild.group(1) == "materialize --start 2025-09-06 --end 2025-09-07"
    _aivo(fixture_platform, tmp_path, *rebuild.group(1).split())
