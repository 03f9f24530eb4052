"""What the UI shows about each asset, checked on the definitions (no webserver needed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, Definitions, LocalFileCodeReference, UrlCodeReference

from aivo_assets.definitions import build_definitions
from aivo_assets.lib.row_counts import partition_counts_sql, window_row_count_metadata
from aivo_assets.lib.settings import REPO_ROOT, Settings
from aivo_assets.warehouse.duckdb_warehouse import DDL
from aivo_assets.warehouse.table_schemas import (
    ETL_JOB_STATUS_COLUMNS,
    MASTERY_DELTAS_COLUMNS,
    RAW_EVENTS_COLUMNS,
)

RAW_EVENTS = AssetKey(["raw", "raw_events"])
MINUTE_METRICS = AssetKey(["analytics", "minute_metrics"])


def _defs(tmp_path: Path, **overrides: object) -> Definitions:
    settings = replace(
        Settings.from_env(),
        landing_uri=str(tmp_path / "landing"),
        duckdb_path=tmp_path / "warehouse.duckdb",
        warehouse="duckdb",
        git_url=None,
    )
    return build_definitions(replace(settings, **overrides))


def test_kafka_and_the_landing_are_external_sources_upstream_of_raw_events(
    tmp_path: Path,
) -> None:
    graph = _defs(tmp_path).resolve_asset_graph()
    kafka, landing = AssetKey(["kafka", "events_raw"]), AssetKey(["landing", "events"])
    assert graph.get(RAW_EVENTS).parent_keys == {landing}
    assert graph.get(landing).parent_keys == {kafka}
    for source, kind in ((kafka, "kafka"), (landing, "s3")):
        node = graph.get(source)
        assert node.is_external and not node.is_materializable
        assert (node.group_name, node.kinds) == ("ingestion", {kind})


@pytest.mark.parametrize("warehouse", ["duckdb", "snowflake"])
def test_kinds_name_the_configured_warehouse(tmp_path: Path, warehouse: str) -> None:
    graph = _defs(tmp_path, warehouse=warehouse).resolve_asset_graph()
    other = {"duckdb": "snowflake", "snowflake": "duckdb"}[warehouse]
    assert graph.get(RAW_EVENTS).kinds == {"python", warehouse}
    minute_metrics = graph.get(MINUTE_METRICS)
    assert minute_metrics.kinds == {"dbt", warehouse}
    assert minute_metrics.metadata["dagster/storage_kind"] == warehouse
    for key in graph.get_all_asset_keys():
        assert other not in graph.get(key).kinds, key
    assert graph.get(AssetKey(["kafka", "events_raw"])).kinds == {"kafka"}


def test_code_references_are_local_files_by_default(tmp_path: Path) -> None:
    graph = _defs(tmp_path).resolve_asset_graph()
    raw = graph.get(RAW_EVENTS).metadata["dagster/code_references"].code_references
    assert [Path(r.file_path).relative_to(REPO_ROOT).as_posix() for r in raw] == [
        "aivo_assets/ingestion/raw_events_asset.py"
    ]
    assert all(isinstance(r, LocalFileCodeReference) and r.line_number for r in raw)
    dbt = graph.get(MINUTE_METRICS).metadata["dagster/code_references"].code_references
    assert {Path(r.file_path).relative_to(REPO_ROOT).as_posix() for r in dbt} == {
        "dbt/models/analytics/minute_metrics.sql",
        "aivo_assets/transform/dbt_assets.py",
    }


def test_code_references_link_to_the_repository_when_a_git_url_is_set(tmp_path: Path) -> None:
    defs = _defs(tmp_path, git_url="https://github.com/aivo/aivo-assets.git", git_branch="prod")
    graph = defs.resolve_asset_graph()
    base = "https://github.com/aivo/aivo-assets/tree/prod/"
    [raw] = graph.get(RAW_EVENTS).metadata["dagster/code_references"].code_references
    assert isinstance(raw, UrlCodeReference)
    assert raw.url.startswith(f"{base}aivo_assets/ingestion/raw_events_asset.py#L")
    dbt = graph.get(MINUTE_METRICS).metadata["dagster/code_references"].code_references
    assert f"{base}dbt/models/analytics/minute_metrics.sql" in {r.url for r in dbt}


@pytest.mark.parametrize(
    ("table", "schema"),
    [
        ("raw.raw_events", RAW_EVENTS_COLUMNS),
        ("analytics.mastery_deltas", MASTERY_DELTAS_COLUMNS),
        ("analytics.etl_job_status", ETL_JOB_STATUS_COLUMNS),
    ],
)
def test_python_table_column_schemas_match_the_ddl(table: str, schema: object) -> None:
    with duckdb.connect() as conn:
        conn.execute(DDL)
        schema_name, table_name = table.split(".")
        ddl_columns = conn.execute(
            "select column_name, is_nullable = 'YES' from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema_name, table_name],
        ).fetchall()
    shown = [(c.name, c.constraints.nullable) for c in schema.columns]
    assert shown == ddl_columns
    assert all(c.type and c.description for c in schema.columns)


def test_partition_counts_cover_the_window_and_zero_fill_empty_days() -> None:
    with duckdb.connect() as conn:
        # Two rows on the 5th, none on the 6th, one on the 7th, one outside the window.
        conn.execute(
            "create table t as select cast(d as date) as partition_date from unnest(?) as u(d)",
            [["2025-09-05", "2025-09-05", "2025-09-07", "2025-09-08"]],
        )
        days = [date(2025, 9, 5), date(2025, 9, 6), date(2025, 9, 7)]
        counts = dict(conn.execute(partition_counts_sql("t", days[0], days[-1])).fetchall())
    metadata = window_row_count_metadata(days, counts)
    assert metadata["dagster/row_count"] == 3
    assert metadata["partition_window"] == "2025-09-05 .. 2025-09-07"
    assert metadata["partitions"].value.splitlines()[2:] == [
        "| 2025-09-05 | 2 |",
        "| 2025-09-06 | 0 |",
        "| 2025-09-07 | 1 |",
    ]
