"""The dbt CLI resource: this environment's dbt, and no dbt adapter built in process."""

from __future__ import annotations

import re
import subprocess
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
    assert f"installed: {dbt._cli_version}" in re.sub(r"\s+", " ", reported)

    invocation = dbt.cli(["ls", "--select", "tag:partitioned", "--resource-type", "model"])
    messages = [event.raw_event["info"]["msg"] for event in invocation.stream_raw_events()]
    assert invocation.is_successful()
    assert invocation.adapter is None
    assert {"aivo.analytics.minute_metrics", "aivo.analytics.session_metrics"} <= set(messages)
