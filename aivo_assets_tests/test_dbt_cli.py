"""The dbt CLI resource: this environment's dbt, no dbt adapter built in process, and dbt's
parse cache carried from one run to the next."""

from __future__ import annotations

import os
import re
import subprocess
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace

import pytest

from aivo_assets.lib.settings import Settings
from aivo_assets.resources import build_resources
from aivo_assets.transform.dbt_cli import (
    InstalledDbtCliResource,
    keep_parse_cache,
    subprocess_environment,
)


def test_dbt_runs_as_installed_and_no_adapter_is_built_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIVO_DUCKDB_PATH", str(tmp_path / "warehouse.duckdb"))
    dbt = build_resources(Settings.from_env())["dbt"]
    assert isinstance(dbt, InstalledDbtCliResource)
    reported = subprocess.run(
        [dbt.dbt_executable, "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert f"installed: {version('dbt-core')}" in re.sub(r"\s+", " ", reported)
    # Our override of dagster-dbt's version probe, which would run `dbt --version` each run.
    assert str(dbt._cli_version) == version("dbt-core")

    invocation = dbt.cli(["ls", "--select", "tag:partitioned", "--resource-type", "model"])
    messages = [event.raw_event["info"]["msg"] for event in invocation.stream_raw_events()]
    assert invocation.is_successful()
    assert invocation.adapter is None
    listed = {m for m in messages if m.startswith("aivo.")}
    assert listed == {"aivo.analytics.minute_metrics", "aivo.analytics.session_metrics"}


def test_each_run_leaves_dbt_the_parse_cache_the_next_one_starts_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dbt re-parses the whole project when its cache was made for another profile or other
    ``--vars``. The window travels as environment variables read only when models run, and
    each invocation's cache is kept, so the next day's run loads it instead of re-parsing."""
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))  # no cache to start from
    monkeypatch.setenv("AIVO_DUCKDB_PATH", str(tmp_path / "warehouse.duckdb"))
    dbt = build_resources(Settings.from_env())["dbt"]

    def compile_minute_metrics(day: str) -> tuple[str, str]:
        window = {"AIVO_WINDOW_MIN_DATE": day, "AIVO_WINDOW_MAX_DATE": day}
        with subprocess_environment(window):
            invocation = dbt.cli(["compile", "--select", "minute_metrics"])
        invocation.wait()
        assert invocation.is_successful()
        keep_parse_cache(invocation)
        compiled = invocation.target_path / "compiled/aivo/models/analytics/minute_metrics.sql"
        return (invocation.target_path / "dbt.log").read_text(), compiled.read_text()

    first_log, first_sql = compile_minute_metrics("2025-09-01")
    second_log, second_sql = compile_minute_metrics("2025-09-02")
    assert "saved manifest not found. Starting full parse." in first_log
    assert "Nothing changed, skipping partial parsing." in second_log
    assert "Unable to do partial parsing" not in second_log
    for sql, day in ((first_sql, "2025-09-01"), (second_sql, "2025-09-02")):
        window = f"between cast('{day}' as date) and cast('{day}' as date)"
        assert window in sql
    assert "AIVO_WINDOW_MIN_DATE" not in os.environ


def test_the_environment_is_restored_after_dbt_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIVO_WINDOW_MAX_DATE", "kept")
    monkeypatch.delenv("AIVO_WINDOW_MIN_DATE", raising=False)
    with subprocess_environment({"AIVO_WINDOW_MIN_DATE": "a", "AIVO_WINDOW_MAX_DATE": "b"}):
        assert os.environ["AIVO_WINDOW_MIN_DATE"] == "a"
        assert os.environ["AIVO_WINDOW_MAX_DATE"] == "b"
    assert "AIVO_WINDOW_MIN_DATE" not in os.environ
    assert os.environ["AIVO_WINDOW_MAX_DATE"] == "kept"


def test_a_read_only_project_keeps_its_parse_cache_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = tmp_path / "project" / "target" / "partial_parse.msgpack"
    seed.parent.mkdir(parents=True)
    seed.write_bytes(b"built with the image")
    invocation_dir = seed.parent / "analytics_dbt_models-abc1234-def5678"
    invocation_dir.mkdir()
    (invocation_dir / "partial_parse.msgpack").write_bytes(b"this run's parse")
    invocation = SimpleNamespace(project_dir=seed.parent.parent, target_path=invocation_dir)

    def refuse(source: object, destination: object) -> None:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(os, "replace", refuse)
    keep_parse_cache(invocation)  # type: ignore[arg-type]
    assert seed.read_bytes() == b"built with the image"
    assert sorted(p.name for p in seed.parent.iterdir()) == [invocation_dir.name, seed.name]

    monkeypatch.undo()
    keep_parse_cache(invocation)  # type: ignore[arg-type]
    assert seed.read_bytes() == b"this run's parse"
