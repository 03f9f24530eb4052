"""The Dagster UI as users see it: a real webserver and daemon, asked through GraphQL and a browser.

One webserver + daemon per module, on a free loopback port, with a temp ``DAGSTER_HOME``,
landing and DuckDB file. The seed fixtures are materialized the way a user does it in the
UI: an asset backfill over 2025-09-05..07, then the Looker views job.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aivo_assets.lib.settings import REPO_ROOT
from aivo_assets.warehouse.duckdb_warehouse import DuckDBWarehouse
from aivo_assets_tests.helpers import asset_graph_contract as contract
from aivo_assets_tests.helpers.dagster_ui import DagsterUI
from aivo_assets_tests.helpers.fixture_files import read_fixture, write_landing
from aivo_assets_tests.helpers.lineage_page import chromium_missing_reason, screenshot_lineage
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS
from aivo_assets_tests.helpers.process_group import (
    free_loopback_port,
    start_process_group,
    stop_process_groups,
)

pytestmark = pytest.mark.slow

RANGE = [day.isoformat() for day in FIXTURE_DAYS]
PARTITIONED = sorted(path for path, asset in contract.ASSETS.items() if asset.partitioned)
VIEWS = contract.VIEWS
# Dagster never runs a self-dependent asset (mastery_deltas: day D reads D-1's state) in the
# same run as other assets, so a range backfill of every table is two runs, each covering the
# whole range: never one run per day.
BACKFILL_RUNS = [
    {"raw/raw_events", "analytics/minute_metrics", "analytics/session_metrics"},
    {"analytics/mastery_deltas"},
]
LINEAGE_PNG = REPO_ROOT / "docs" / "img" / "lineage.png"
REFRESH_SCREENSHOT = "REFRESH_LINEAGE_SCREENSHOT"
# dagster.yaml lets one run with this tag touch the warehouse at a time (one DuckDB writer).

ASSET_GRAPH = """
{
  assetNodes {
    assetKey { path }
    groupName kinds description isMaterializable
    owners { __typename ... on TeamAssetOwner { team } ... on UserAssetOwner { email } }
    partitionDefinition { type description }
    backfillPolicy { policyType }
    dependencyKeys { path }
    assetChecksOrError { __typename ... on AssetChecks { checks { name } } }
    metadataEntries {
      label
      ... on TableSchemaMetadataEntry { schema { columns { name type description } } }
      ... on CodeReferencesMetadataEntry {
        codeReferences { __typename ... on LocalFileCodeReference { filePath } }
      }
    }
  }
  repositoriesOrError { ... on RepositoryConnection { nodes { jobs { name } } } }
}
"""

MATERIALIZATIONS = """
query ($path: [String!]!) {
  assetOrError(assetKey: {path: $path}) {
    ... on Asset {
      assetMaterializations(limit: 20) {
        partition runId
        metadataEntries {
          label
          ... on IntMetadataEntry { intValue }
          ... on MarkdownMetadataEntry { mdStr }
        }
      }
    }
  }
}
"""


@dataclass(frozen=True)
class RunningUI:
    ui: DagsterUI
    warehouse: Path
    backfill_id: str
    views_run_status: str


@pytest.fixture(scope="module")
def running_ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningUI]:
    root = tmp_path_factory.mktemp("dagster_ui")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    write_landing(root / "landing")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "AIVO_LANDING_URI": str(root / "landing"),
        "AIVO_DUCKDB_PATH": str(root / "warehouse.duckdb"),
        "AIVO_WAREHOUSE": "duckdb",
        "AIVO_GIT_URL": "",  # code references stay local files
    }
    bin_dir = Path(sys.executable).parent
    port = free_loopback_port()
    webserver = [str(bin_dir / "dagster-webserver"), "-w", "workspace.yaml"]
    daemon = [str(bin_dir / "dagster-daemon"), "run", "-w", "workspace.yaml"]
    processes = [
        start_process_group(
            [*webserver, "-h", "127.0.0.1", "-p", str(port)], env, REPO_ROOT, root / "web.log"
        )
    ]
    try:
        ui = DagsterUI(f"http://127.0.0.1:{port}")
        ui.wait_until_loaded(timeout=120)
        backfill_id = ui.launch_asset_backfill([p.split("/") for p in PARTITIONED], RANGE, {})
        # The backfill daemon ticks every 30 s: started now, its first tick submits the backfill.
        processes.append(start_process_group(daemon, env, REPO_ROOT, root / "daemon.log"))
        # The views need only the tables of the first run; they run while the daemon waits
        # for its next tick to submit mastery_deltas.
        ui.wait_for_backfill_runs(backfill_id, ["analytics/minute_metrics"], timeout=180)
        views_run_id = ui.launch_job("looker_views_job", {})
        ui.wait_for_backfill_runs(backfill_id, PARTITIONED, timeout=180)
        views_run_status = ui.wait_for_run(views_run_id, timeout=180)
        # The UI shows a one-time community dialog over a fresh instance; dismiss it as Skip does.
        ui.graphql("mutation { setNuxSeen }")
        yield RunningUI(ui, root / "warehouse.duckdb", backfill_id, views_run_status)
    except BaseException:
        for log in ("web.log", "daemon.log"):
            if (root / log).exists():
                print(f"--- {log} (tail)\n" + (root / log).read_text()[-4000:])
        raise
    finally:
        stop_process_groups(processes)


def _asset_nodes(running_ui: RunningUI) -> dict[str, dict[str, Any]]:
    nodes = running_ui.ui.graphql(ASSET_GRAPH)["assetNodes"]
    return {"/".join(node["assetKey"]["path"]): node for node in nodes}


def _metadata(node: dict[str, Any], label: str) -> dict[str, Any] | None:
    return next((e for e in node["metadataEntries"] if e["label"] == label), None)


def test_the_asset_graph_is_the_contract(running_ui: RunningUI) -> None:
    nodes = _asset_nodes(running_ui)
    assert set(nodes) == set(contract.ASSETS)
    for path, expected in contract.ASSETS.items():
        node = nodes[path]
        assert node["groupName"] == expected.group, path
        assert set(node["kinds"]) == expected.kinds, path
        owners = [f"team:{o['team']}" if "team" in o else o["email"] for o in node["owners"]]
        assert owners == contract.OWNERS, path
        assert expected.describes in node["description"], path
        assert node["isMaterializable"] == expected.materializable, path
        if expected.partitioned:
            assert node["partitionDefinition"] == {
                "type": "TIME_WINDOW",
                "description": contract.PARTITIONS_DESCRIPTION,
            }, path
            assert node["backfillPolicy"] == {"policyType": contract.BACKFILL_POLICY}, path
        else:
            assert node["partitionDefinition"] is None, path
        checks = {c["name"] for c in node["assetChecksOrError"].get("checks", [])}
        assert checks == contract.CHECKS.get(path, set()), path
    edges = {
        ("/".join(parent["path"]), path)
        for path, node in nodes.items()
        for parent in node["dependencyKeys"]
    }
    assert edges == contract.EDGES
    [repository] = running_ui.ui.graphql(ASSET_GRAPH)["repositoriesOrError"]["nodes"]
    jobs = {job["name"] for job in repository["jobs"] if not job["name"].startswith("__")}
    assert jobs == contract.JOBS


def test_every_table_shows_its_column_schema_and_code(running_ui: RunningUI) -> None:
    nodes = _asset_nodes(running_ui)
    for path, columns in contract.COLUMNS.items():
        schema = _metadata(nodes[path], "dagster/column_schema")
        assert schema is not None, f"{path} has no column schema"
        shown = schema["schema"]["columns"]
        assert [c["name"] for c in shown] == columns, path
        assert all(c["type"] and c["description"] for c in shown), path
    for path, expected in contract.ASSETS.items():
        if not expected.materializable:
            continue
        references = _metadata(nodes[path], "dagster/code_references")
        assert references is not None, f"{path} has no code references"
        files = [Path(r["filePath"]) for r in references["codeReferences"]]
        assert files and all(f.is_file() and REPO_ROOT in f.parents for f in files), path


def test_materializations_carry_row_counts_and_partition_metadata(running_ui: RunningUI) -> None:
    assert running_ui.views_run_status == "SUCCESS"
    expected_rows = {
        "raw/raw_events": _fixture_rows_by_day("test_raw_events_counts.csv", "rows_kept"),
        "analytics/minute_metrics": _fixture_rows_by_day("test_minute_metrics.csv"),
        "analytics/session_metrics": _fixture_rows_by_day("test_session_metrics.csv"),
        "analytics/mastery_deltas": _fixture_rows_by_day("test_mastery_deltas.csv"),
    }
    for path, by_day in expected_rows.items():
        events = _materializations(running_ui, path)
        assert sorted(e["partition"] for e in events) == RANGE, path
        for event in events:
            # One range run: each partition's event carries the window's total ...
            assert _entry(event, "dagster/row_count")["intValue"] == sum(by_day.values()), path
        if path.startswith("analytics/") and path != "analytics/mastery_deltas":
            # ... and the dbt models say how it splits across the partitions.
            table = _entry(events[0], "partitions")["mdStr"]
            for day, rows in by_day.items():
                assert f"| {day} | {rows} |" in table, (path, table)
    # The daemon's run-status sensors may be writing etl_job_status right now: wait for the
    # file lock as every platform connection does instead of failing on it.
    with DuckDBWarehouse(database=str(running_ui.warehouse)).get_connection() as conn:
        for path in VIEWS:
            [event] = _materializations(running_ui, path)
            [(rows,)] = conn.execute(f"select count(*) from {path.replace('/', '.')}").fetchall()
            assert _entry(event, "dagster/row_count")["intValue"] == rows, path


def test_the_lineage_renders_in_a_real_browser(running_ui: RunningUI, tmp_path: Path) -> None:
    """The screenshot lands in docs/ only when asked for (``make screenshot``), so a test run
    leaves the tree as it found it. Skipped where chromium is not installed; ``make test``
    installs it first or stops, so the suite it runs never skips this."""
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    names = [path.split("/")[-1] for path in contract.ASSETS]
    png = LINEAGE_PNG if os.environ.get(REFRESH_SCREENSHOT) else tmp_path / "lineage.png"
    rendered = screenshot_lineage(running_ui.ui.url, names, png)
    assert rendered == names
    assert png.stat().st_size > 50_000


def test_a_range_backfill_runs_each_asset_once_over_the_whole_range(
    running_ui: RunningUI,
) -> None:
    """Last in the module: the daemon marks the backfill done on a later tick; meanwhile the
    other tests run."""
    backfill = running_ui.ui.wait_for_backfill(running_ui.backfill_id, timeout=120)
    assert backfill["status"] == "COMPLETED_SUCCESS"
    runs = backfill["runs"]
    assert [run["status"] for run in runs] == ["SUCCESS"] * len(BACKFILL_RUNS)
    selections = [{"/".join(a["path"]) for a in run["assetSelection"]} for run in runs]
    assert sorted(selections, key=len, reverse=True) == BACKFILL_RUNS
    for run in runs:
        tags = {tag["key"]: tag["value"] for tag in run["tags"]}
        assert tags["dagster/asset_partition_range_start"] == RANGE[0]
        assert tags["dagster/asset_partition_range_end"] == RANGE[-1]


def _fixture_rows_by_day(name: str, count_column: str | None = None) -> dict[str, int]:
    """Rows per partition_date of a seed fixture (or the value of ``count_column``)."""
    header, rows = read_fixture(name)
    day = header.index("partition_date")
    if count_column is None:
        return dict(sorted(Counter(row[day] for row in rows).items()))
    count = header.index(count_column)
    return {row[day]: int(row[count]) for row in rows}


def _materializations(running_ui: RunningUI, path: str) -> list[dict[str, Any]]:
    asset = running_ui.ui.graphql(MATERIALIZATIONS, {"path": path.split("/")})["assetOrError"]
    return asset["assetMaterializations"]


def _entry(event: dict[str, Any], label: str) -> dict[str, Any]:
    [entry] = [e for e in event["metadataEntries"] if e["label"] == label]
    return entry
