"""A code location pointed at temp dirs, and the seed fixtures' days and tables."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from dagster import DagsterInstance, Definitions

from aivo_assets.definitions import build_definitions
from aivo_assets.lib.settings import Settings
from aivo_assets.ops.materialize_range import RangeRun, materialize_range

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


def copy_platform(source: Platform, root: Path, copy_landing: bool = True) -> Platform:
    """A platform on a copy of ``source``'s warehouse (and landing, or the same landing),
    recording its runs in the same instance: a test may break the copy, not the original."""
    landing = source.landing
    if copy_landing:
        landing = root / "landing"
        shutil.copytree(source.landing, landing)
    platform = make_platform(root, source.instance, landing=landing)
    shutil.copyfile(source.warehouse, platform.warehouse)
    return platform
