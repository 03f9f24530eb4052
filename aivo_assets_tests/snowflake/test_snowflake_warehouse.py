"""The Snowflake warehouse resource: chosen from the environment, credentials kept as
environment variables, and every session tagged with the Dagster run that opened it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from dagster import EnvVar, MaterializeResult, asset, materialize

from aivo_assets.lib.settings import Settings
from aivo_assets.resources import build_warehouse
from aivo_assets.warehouse.duckdb_warehouse import DuckDBWarehouse
from aivo_assets.warehouse.missing_schemas import create_missing_schemas
from aivo_assets.warehouse.snowflake_warehouse import SCHEMAS, SnowflakeWarehouse

REQUIRED = {"SNOWFLAKE_ACCOUNT": "xy12345", "SNOWFLAKE_USER": "AIVO_DAGSTER",
            "SNOWFLAKE_DATABASE": "AIVO"}  # fmt: skip


def test_aivo_warehouse_picks_the_implementation_and_secrets_stay_env_vars(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {**REQUIRED, "SNOWFLAKE_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SNOWFLAKE_PASSWORD", raising=False)
    settings = Settings.from_env()
    assert isinstance(build_warehouse(replace(settings, warehouse="duckdb")), DuckDBWarehouse)

    warehouse = build_warehouse(replace(settings, warehouse="snowflake"))
    assert isinstance(warehouse, SnowflakeWarehouse)
    assert warehouse.private_key == EnvVar("SNOWFLAKE_PRIVATE_KEY")
    assert warehouse.account == EnvVar("SNOWFLAKE_ACCOUNT")
    assert warehouse.password is None


def test_sessions_and_dbt_carry_the_run_id_as_query_tag(
    snowflake_warehouse: SnowflakeWarehouse,
) -> None:
    @asset
    def tagged(warehouse: SnowflakeWarehouse) -> MaterializeResult:
        with warehouse.get_connection() as conn:
            [(schema,)] = conn.cursor().execute("select current_schema()").fetchall()
        session = warehouse.snowflake_resource().additional_snowflake_connection_args
        return MaterializeResult(
            metadata={
                "schema": schema,
                "session_tag": session["session_parameters"]["QUERY_TAG"],
                "dbt_tag": warehouse.dbt_env()["AIVO_QUERY_TAG"],
            }
        )

    result = materialize([tagged], resources={"warehouse": snowflake_warehouse})
    [event] = result.get_asset_materialization_events()
    metadata = {k: v.value for k, v in event.materialization.metadata.items()}
    assert metadata["schema"] == "RAW"
    assert json.loads(metadata["session_tag"]) == {
        "app": "aivo_assets", "client": "python", "dagster_run_id": result.run_id
    }  # fmt: skip
    assert json.loads(metadata["dbt_tag"])["dagster_run_id"] == result.run_id


def test_sessions_create_only_missing_schemas(snowflake_warehouse: SnowflakeWarehouse) -> None:
    """The pipeline's role may not CREATE SCHEMA, even IF NOT EXISTS on an existing one: once
    the schemas exist (the migrations make them in production), sessions only look them up."""
    with snowflake_warehouse.get_connection() as conn:
        cursor = conn.cursor()
        assert create_missing_schemas(cursor, [*SCHEMAS, "OPS"]) == ["OPS"]
        assert create_missing_schemas(cursor, [*SCHEMAS, "ops"]) == []
