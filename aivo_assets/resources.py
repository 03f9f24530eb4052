"""The one place that picks the warehouse: DuckDB by default (``AIVO_WAREHOUSE``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from dagster import EnvVar

from aivo_assets.ingestion.landing_resource import LandingResource
from aivo_assets.lib.settings import Settings
from aivo_assets.observability.alert_router import AlertRouter
from aivo_assets.privacy.privacy_resource import PrivacyResource
from aivo_assets.transform.dbt_cli import InstalledDbtCliResource
from aivo_assets.transform.dbt_project import dbt_project
from aivo_assets.warehouse.duckdb_warehouse import DuckDBWarehouse
from aivo_assets.warehouse.warehouse import Warehouse


def build_resources(settings: Settings) -> dict[str, Any]:
    return {
        "landing": LandingResource(
            uri=settings.landing_uri, s3_endpoint_url=os.environ.get("AIVO_S3_ENDPOINT_URL")
        ),
        "warehouse": build_warehouse(settings),
        "privacy": PrivacyResource.from_settings(settings),
        # The dbt of this interpreter's environment, whether or not the venv is activated.
        "dbt": InstalledDbtCliResource(
            project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "dbt")
        ),
        "alerts": AlertRouter(
            ui_base_url=settings.ui_base_url,
            webhook_url=settings.alert_webhook_url,
            # By name, so the token never shows in the UI's resource config.
            slack_token=EnvVar("AIVO_SLACK_TOKEN") if settings.slack_token else None,
            slack_channel=settings.slack_channel,
        ),
    }


def build_warehouse(settings: Settings) -> Warehouse:
    """DuckDB by default; Snowflake, credentials from ``SNOWFLAKE_*`` variables, in production."""
    if settings.warehouse == "snowflake":
        # Imported here: the snowflake extra is only needed when it is the chosen warehouse.
        from aivo_assets.warehouse.snowflake_warehouse import SnowflakeWarehouse

        return SnowflakeWarehouse.from_env()
    return DuckDBWarehouse(
        database=str(settings.duckdb_path),
        connection_config={
            "memory_limit": settings.duckdb_memory_limit,
            "threads": settings.duckdb_threads,
        },
    )
