"""Shared fixtures: a real Parquet landing, a DuckDB file and a Dagster instance per test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from dagster import DagsterInstance, Definitions, instance_for_test

from aivo_assets.definitions import build_definitions
from aivo_assets.lib.settings import Settings
from aivo_assets.ops.materialize_range import RangeRun, materialize_range
from aivo_assets_tests.helpers.fixture_files import write_landing

FIXTURE_DAYS = (date(2025, 9, 5), date(2025, 9, 6), date(2025, 9, 7))
# The daily tables' asset keys as paths, as check results and the UI name them.
TABLE_PATHS = (
    "raw/raw_events",
    "analytics/minute_metrics",
    "analytics/session_metrics",
    "analytics/mastery_deltas",
)


@dataclass
class Platform:
    """A code location pointed at temp dirs, with the instance its runs are recorded in."""

    defs: Definitions
    instance: DagsterInstance
    landing: Path
    warehouse: Path

    def materialize(
        self, start: date, end: date | None = None, views: bool = False, check: bool = True
    ) -> RangeRun:
        """Tables only by default: the views are (re)created by their own dbt run."""
        run = materialize_range(self.defs, self.instance, start, end or start, views=views)
        if check:
            assert run.success, f"run failed: {run}"
        return run


def make_platform(
    root: Path, instance: DagsterInstance, landing: Path | None = None, **settings_overrides: object
) -> Platform:
    """``settings_overrides``: any other ``Settings`` field, e.g. ``alert_webhook_url``."""
    root.mkdir(parents=True, exist_ok=True)
    landing = landing or root / "landing"
    warehouse = root / "warehouse.duckdb"
    settings = replace(
        Settings.from_env(),
        landing_uri=str(landing),
        duckdb_path=warehouse,
        warehouse="duckdb",
        **settings_overrides,
    )
    return Platform(build_definitions(settings), instance, landing, warehouse)


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DagsterInstance]:
    """A real on-disk Dagster instance (SQLite storages), shared by a module's tests."""
    home = tmp_path_factory.mktemp("dagster_home")
    with instance_for_test(temp_dir=str(home)) as dagster_instance:
        yield dagster_instance


@pytest.fixture
def platform(tmp_path: Path, instance: DagsterInstance) -> Platform:
    return make_platform(tmp_path, instance)


@pytest.fixture
def fixture_platform(platform: Platform) -> Platform:
    """The platform with the seed fixture events landed (nothing materialized yet)."""
    write_landing(platform.landing)
    return platform


@pytest.fixture(scope="module")
def fixture_range(tmp_path_factory: pytest.TempPathFactory, instance: DagsterInstance) -> Platform:
    """The seed fixtures materialized as one 3-day single-run backfill, views included."""
    built = make_platform(tmp_path_factory.mktemp("fixture_range"), instance)
    write_landing(built.landing)
    built.materialize(FIXTURE_DAYS[0], FIXTURE_DAYS[-1], views=True)
    return built
