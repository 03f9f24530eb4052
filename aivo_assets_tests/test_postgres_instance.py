"""deploy/dagster.prod.yaml on the machine's PostgreSQL: a materialization of raw_events and
a sensor tick evaluated by ``dagster-daemon`` are recorded there and read back through a
fresh instance. Each run gets its own database, dropped afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import uuid4

import psycopg2
import pytest
from dagster import AssetKey, DagsterInstance, materialize

from aivo_assets.ingestion.landing_resource import LandingResource
from aivo_assets.ingestion.raw_events_asset import raw_events
from aivo_assets.lib.settings import REPO_ROOT
from aivo_assets.privacy.privacy_resource import PrivacyResource
from aivo_assets.warehouse.duckdb_warehouse import DuckDBWarehouse
from aivo_assets_tests.helpers.fixture_files import write_landing
from aivo_assets_tests.helpers.probe_sensor_location import PROBE_REASON

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
PROD_CONFIG = REPO_ROOT / "deploy" / "dagster.prod.yaml"
TICK_TIMEOUT_SECONDS = 120


def _admin() -> psycopg2.extensions.connection:
    conn = psycopg2.connect(dbname="postgres", connect_timeout=5, **PG)
    conn.autocommit = True
    return conn


@pytest.fixture
def pg_database() -> Iterator[str]:
    try:
        admin = _admin()
    except psycopg2.OperationalError as error:
        pytest.fail(f"no PostgreSQL at {PG['host']}:{PG['port']} (.ci/run starts it): {error}")
    name = f"aivo_dagster_test_{uuid4().hex[:12]}"
    with admin.cursor() as cursor:
        cursor.execute(f'create database "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'drop database if exists "{name}" with (force)')
        admin.close()


@pytest.fixture
def prod_home(tmp_path: Path, pg_database: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A DAGSTER_HOME holding the production config, DAGSTER_PG_* pointing at the database."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(PROD_CONFIG, home / "dagster.yaml")
    for name, value in {"HOST": PG["host"], "PORT": str(PG["port"]), "USER": PG["user"],
                        "PASSWORD": "", "DB": pg_database}.items():  # fmt: skip
        monkeypatch.setenv(f"DAGSTER_PG_{name}", value)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


def _wait_for_probe_tick(home: Path) -> list[str]:
    deadline = time.monotonic() + TICK_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        with DagsterInstance.from_config(str(home)) as instance:
            skips = [
                reason
                for state in instance.all_instigator_state()
                for tick in instance.get_ticks(state.instigator_origin_id, state.selector_id)
                for reason in (tick.skip_reason,)
                if reason
            ]
        if skips:
            return skips
        time.sleep(1)
    raise AssertionError(f"no sensor tick recorded within {TICK_TIMEOUT_SECONDS} s")


def test_runs_materializations_and_sensor_ticks_are_stored_in_postgres(
    prod_home: Path, tmp_path: Path, pg_database: str
) -> None:
    write_landing(tmp_path / "landing")
    with DagsterInstance.from_config(str(prod_home)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert type(instance.schedule_storage).__name__ == "PostgresScheduleStorage"
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        # What the daemon's run queue applies: the coordinator's config with `concurrency`.
        concurrency = instance.get_concurrency_config()
        limits = concurrency.run_queue_config.tag_concurrency_limits
        assert limits == [
            {"key": "dagster/backfill", "limit": 2},
            {"key": "dagster/backfill", "value": {"applyLimitPerUniqueValue": True}, "limit": 1},
            {"key": "dagster/partition", "value": {"applyLimitPerUniqueValue": True}, "limit": 1},
        ]
        assert concurrency.pool_config.default_pool_limit == 4
        # Only runs the infrastructure killed are retried, as with the local dagster.yaml.
        retries = (
            instance.run_retries_enabled,
            instance.run_retries_max_retries,
            instance.run_retries_retry_on_asset_or_op_failure,
        )
        assert retries == (True, 2, False)
        result = materialize(
            [raw_events],
            partition_key=date(2025, 9, 5).isoformat(),
            instance=instance,
            resources={
                "landing": LandingResource(uri=str(tmp_path / "landing")),
                "warehouse": DuckDBWarehouse(database=str(tmp_path / "w.duckdb")),
                "privacy": PrivacyResource(),
            },
        )
    assert result.success

    workspace = tmp_path / "workspace.yaml"
    workspace.write_text(
        "load_from:\n  - python_module:\n"
        "      module_name: aivo_assets_tests.helpers.probe_sensor_location\n"
        f"      working_directory: {REPO_ROOT}\n"
    )
    daemon = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster-daemon"), "run", "-w", str(workspace)],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its code server is in the same group, stopped with it
    )
    try:
        skips = _wait_for_probe_tick(prod_home)
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        daemon.wait(timeout=60)
    assert PROBE_REASON in skips

    # A new instance (new connections) reads everything back from the database.
    with DagsterInstance.from_config(str(prod_home)) as instance:
        event = instance.get_latest_materialization_event(AssetKey(["raw", "raw_events"]))
        run = instance.get_run_by_id(result.run_id)
    assert event is not None and event.run_id == result.run_id
    assert event.asset_materialization.partition == "2025-09-05"
    assert event.asset_materialization.metadata["rows_kept"].value == 29
    assert run is not None and run.is_success
