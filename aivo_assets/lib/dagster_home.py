"""A repo-local Dagster instance by default, so the CLI and `dagster dev` share run history."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from aivo_assets.lib.settings import REPO_ROOT


def ensure_dagster_home() -> Path:
    """``$DAGSTER_HOME`` (default ``.dagster_home``), seeded with the repo's ``dagster.yaml``."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(Path(".dagster_home").absolute())))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() and (REPO_ROOT / "dagster.yaml").exists():
        shutil.copyfile(REPO_ROOT / "dagster.yaml", config)
    return home
