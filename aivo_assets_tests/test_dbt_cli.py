"""The dbt CLI resource: this environment's dbt, and no dbt adapter built in process."""

from __future__ import annotations

import re
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from aivo_assets.lib.settings import Settings
from aivo_assets.resources import build_resources
from aivo_assets.transform.dbt_cli import InstalledDbtCliResource


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
