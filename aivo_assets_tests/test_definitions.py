"""The code location loads, and its graph is the one the contract describes."""

from __future__ import annotations

import subprocess
import sys

from dagster import AssetKey, BackfillPolicy

from aivo_assets.definitions import defs
from aivo_assets.partitions import daily_partitions
from aivo_assets_tests.helpers import asset_graph_contract as contract
from aivo_assets_tests.helpers.platform import TABLE_PATHS


def _key(path: str) -> AssetKey:
    return AssetKey(path.split("/"))


def test_every_table_shares_the_daily_partitions_and_single_run_backfills() -> None:
    graph = defs.resolve_asset_graph()
    for table in TABLE_PATHS:
        node = graph.get(_key(table))
        assert node.partitions_def == daily_partitions, table
        assert node.backfill_policy == BackfillPolicy.single_run(), table


def test_views_are_unpartitioned_and_lineage_edges_are_as_described() -> None:
    graph = defs.resolve_asset_graph()
    for view in contract.VIEWS:
        assert graph.get(_key(view)).partitions_def is None
    edges = {
        (parent.to_user_string(), key.to_user_string())
        for key in graph.get_all_asset_keys()
        for parent in graph.get(key).parent_keys
    }
    assert edges == contract.EDGES


def test_every_table_has_its_checks_and_jobs_are_named_for_what_they_do() -> None:
    graph = defs.resolve_asset_graph()
    checks = {
        key.to_user_string(): {check.name for check in graph.get(key).check_keys}
        for key in graph.get_all_asset_keys()
        if graph.get(key).check_keys
    }
    assert checks == contract.CHECKS
    assert defs.resolve_job_def("daily_tables_job").partitions_def == daily_partitions
    assert defs.resolve_job_def("looker_views_job").partitions_def is None


def test_the_code_location_uses_no_deprecated_api() -> None:
    """Dagster warns before it removes an API (2.0 drops several). pyproject.toml turns such a
    warning from our code into an error in this process; this imports every module, those that
    only run in subprocesses (the CLI, the ingester) too, in a fresh interpreter."""
    script = (
        "import importlib, pkgutil, warnings, aivo_assets\n"
        "for category in (DeprecationWarning, FutureWarning):\n"
        "    warnings.filterwarnings('error', category=category, module='aivo_assets')\n"
        "for module in pkgutil.walk_packages(aivo_assets.__path__, 'aivo_assets.'):\n"
        "    importlib.import_module(module.name)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
