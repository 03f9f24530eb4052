"""Environment configuration, read in one place (the README documents every variable)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    landing_uri: str
    warehouse: str
    duckdb_path: Path
    partitions_start: str
    duckdb_memory_limit: str
    duckdb_threads: int
    # Code references link to this repository's web UI when set, else to local files.
    git_url: str | None = None
    git_branch: str = "main"

    @classmethod
    def from_env(cls) -> Settings:
        landing = os.environ.get("AIVO_LANDING_URI", "data/landing")
        if "://" not in landing:
            landing = str(_absolute(landing))
        warehouse = os.environ.get("AIVO_WAREHOUSE", "duckdb").lower()
        if warehouse not in {"duckdb", "snowflake"}:
            raise ValueError(f"AIVO_WAREHOUSE must be 'duckdb' or 'snowflake', not {warehouse!r}")
        return cls(
            landing_uri=landing,
            warehouse=warehouse,
            duckdb_path=_absolute(os.environ.get("AIVO_DUCKDB_PATH", "data/warehouse.duckdb")),
            partitions_start=os.environ.get("AIVO_PARTITIONS_START", "2025-01-01"),
            duckdb_memory_limit=os.environ.get("AIVO_DUCKDB_MEMORY_LIMIT", "1500MB"),
            duckdb_threads=int(os.environ.get("AIVO_DUCKDB_THREADS", str(os.cpu_count() or 2))),
            git_url=os.environ.get("AIVO_GIT_URL") or None,
            git_branch=os.environ.get("AIVO_GIT_BRANCH", "main"),
        )


def _absolute(path: str) -> Path:
    """Relative paths are relative to the working directory, like any CLI argument."""
    return Path(path).expanduser().absolute()
