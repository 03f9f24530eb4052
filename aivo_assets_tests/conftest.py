"""Shared fixtures: a real Parquet landing, a DuckDB file and a Dagster instance per test."""

from __future__ import annotations

import os

# Deployment settings in the shell that runs the suite would change what the tests expect (the
# first partition, a pseudonym key) or page a real Slack; drop them before anything imports
# aivo_assets, which reads some at import. Tests that need one set it themselves.
DEPLOYMENT_SETTINGS = ("AIVO_", "SNOWFLAKE_", "DAGSTER_PG_")
for _name in [name for name in os.environ if name.startswith(DEPLOYMENT_SETTINGS)]:
    del os.environ[_name]

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from dagster import DagsterInstance, instance_for_test  # noqa: E402

from aivo_assets_tests.helpers.fixture_files import write_landing  # noqa: E402
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS, Platform, make_platform  # noqa: E402


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
