"""Environment configuration, read in one place (the README and docs/ document every variable)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from aivo_assets.lib.pii_keys import DEFAULT_PII_KEYS, parse_pii_keys

REPO_ROOT = Path(__file__).resolve().parents[2]
PSEUDONYM_KEY_ENV = "AIVO_PSEUDONYM_KEY"
# DuckDB's share of a run: the dbt subprocess (~0.25 GB of Python) plus this limit, beside the
# Dagster process (~0.4 GB), keeps a 10M-event day under 2 GiB (benches/results.md).
DEFAULT_DUCKDB_MEMORY_LIMIT = "1200MB"


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
    # Observability (docs/quality.md): where alerts go and how late a partition may land.
    ui_base_url: str = "http://127.0.0.1:3000"
    alert_webhook_url: str | None = None
    slack_channel: str | None = None
    slack_token: str | None = field(default=None, repr=False)
    freshness_grace_minutes: int = 60
    # Privacy (docs/privacy.md). The pseudonym key itself is never held here: resources read
    # it through dagster.EnvVar so it is neither logged nor shown in the UI.
    pii_keys: tuple[str, ...] = DEFAULT_PII_KEYS
    pseudonymize: bool = False

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
            duckdb_memory_limit=os.environ.get(
                "AIVO_DUCKDB_MEMORY_LIMIT", DEFAULT_DUCKDB_MEMORY_LIMIT
            ),
            duckdb_threads=int(os.environ.get("AIVO_DUCKDB_THREADS", str(os.cpu_count() or 2))),
            git_url=os.environ.get("AIVO_GIT_URL") or None,
            git_branch=os.environ.get("AIVO_GIT_BRANCH", "main"),
            ui_base_url=os.environ.get("AIVO_UI_BASE_URL", "http://127.0.0.1:3000").rstrip("/"),
            alert_webhook_url=os.environ.get("AIVO_ALERT_WEBHOOK_URL") or None,
            slack_channel=os.environ.get("AIVO_SLACK_CHANNEL") or None,
            slack_token=os.environ.get("AIVO_SLACK_TOKEN") or None,
            freshness_grace_minutes=int(os.environ.get("AIVO_FRESHNESS_GRACE_MINUTES", "60")),
            pii_keys=parse_pii_keys(os.environ.get("AIVO_PII_KEYS")),
            pseudonymize=bool(os.environ.get(PSEUDONYM_KEY_ENV)),
        )


def _absolute(path: str) -> Path:
    """Relative paths are relative to the working directory, like any CLI argument."""
    return Path(path).expanduser().absolute()
