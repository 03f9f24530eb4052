"""Snowflake SQL that fakesnow cannot run, checked by parsing it with sqlglot's Snowflake
dialect: the COPY INTO of the RAW load, the VALIDATE of its rejected rows, the versioned
account migrations (warehouses, stage, roles and grants), clustering, and the dbt models
compiled for the snowflake target."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import date
from pathlib import Path

import jinja2
import pytest
import sqlglot
from snowflake.connector.cursor import ResultMetadata
from sqlglot import exp

from aivo_assets.ingestion.raw_loader import UnreadableLandingFile
from aivo_assets.ingestion.snowflake_raw_loader import (
    LANDED_TABLE_SQL,
    LOAD_ERRORS_SQL,
    copied_files,
    copy_day_sql,
    raise_on_unreadable,
)
from aivo_assets.lib.settings import REPO_ROOT
from aivo_assets.observability.etl_job_status_row import TERMINAL_STATUSES, EtlJobStatusRow
from aivo_assets.observability.etl_job_status_table import MERGE_SQL
from aivo_assets.privacy.forget_warehouse import AUDIT_DDL
from aivo_assets.transform.dbt_project import dbt_project
from aivo_assets.warehouse.portable_sql import with_driver_parameters
from aivo_assets.warehouse.snowflake_warehouse import SCHEMAS, TABLES_DDL, SnowflakeWarehouse
from aivo_assets_tests.helpers.dbt_snowflake import dbt_compile

MIGRATIONS = REPO_ROOT / "deploy" / "snowflake"
MIGRATION_VARS = {
    "database": "AIVO",
    "transform_warehouse": "AIVO_TRANSFORM_WH",
    "looker_warehouse": "AIVO_LOOKER_WH",
    "service_user": "AIVO_DAGSTER",
    "looker_user": "LOOKER",
    "landing_url": "s3://aivo-landing/prod/",
    "landing_aws_role_arn": "arn:aws:iam::123456789012:role/aivo-snowflake-landing",
}
GRANT = re.compile(r"^grant (?P<what>.+?) on (?P<object>.+?) to role (?P<role>\w+)$", re.I | re.S)


def _parse(sql: str) -> exp.Expr:
    return sqlglot.parse_one(sql, read="snowflake")


def _params(copy: exp.Copy) -> dict[str, exp.Expr]:
    return {p.this.name.upper(): p for p in copy.args["params"]}


def _properties(tree: exp.Expr) -> dict[str, str]:
    """``name = value`` properties of a CREATE (nested ones like FILE_FORMAT = (...) aside)."""
    return {
        p.name.lower(): p.args["value"].sql().lower()
        for p in tree.find_all(exp.Property)
        if p.args.get("value") is not None
    }


def _migration(name: str) -> list[str]:
    template = jinja2.Template((MIGRATIONS / name).read_text(), undefined=jinja2.StrictUndefined)
    return [s.strip() for s in template.render(**MIGRATION_VARS).split(";") if s.strip()]


def _statements(name: str) -> list[str]:
    """A migration's statements without comment lines; every one must parse."""
    statements = []
    for raw in _migration(name):
        lines = [line for line in raw.splitlines() if not line.lstrip().startswith("--")]
        statement = "\n".join(lines)
        _parse(statement)
        statements.append(" ".join(statement.split()))
    return statements


def test_copy_into_loads_a_day_prefix_by_column_name_with_the_file_path() -> None:
    copy = _parse(copy_day_sql("RAW.AIVO_LANDING", date(2025, 9, 5)))
    assert isinstance(copy, exp.Copy) and copy.this.name == "raw_events_landed"
    assert [f.sql("snowflake") for f in copy.args["files"]] == [
        "@RAW.AIVO_LANDING/events/2025/09/05/"
    ]
    params = _params(copy)
    file_format = {
        p.this.name.upper(): p.args["value"].sql() for p in params["FILE_FORMAT"].expressions
    }
    assert file_format == {"TYPE": "parquet", "USE_LOGICAL_TYPE": "TRUE"}
    assert params["MATCH_BY_COLUMN_NAME"].expression.name.upper() == "CASE_INSENSITIVE"
    assert params["ON_ERROR"].expression.name.upper() == "CONTINUE"
    assert params["FORCE"].expression.sql() == "TRUE"
    metadata = {
        eq.this.name: eq.expression.name.upper()
        for eq in params["INCLUDE_METADATA"].expression.expressions
    }
    assert metadata == {"s3_path": "METADATA$FILENAME", "file_row": "METADATA$FILE_ROW_NUMBER"}
    landed_columns = {c.name for c in _parse(LANDED_TABLE_SQL).this.expressions}
    assert set(metadata) <= landed_columns
    assert {"event_id", "timestamp", "data", "metadata", "load_error"} <= landed_columns


def test_copy_refuses_a_stage_name_that_is_not_an_identifier() -> None:
    with pytest.raises(ValueError, match="not a stage name"):
        copy_day_sql("RAW.X/; drop table RAW.raw_events", date(2025, 9, 5))


def test_rows_copy_could_not_parse_are_read_back_through_validate() -> None:
    query_id = "01b2c3d4-0000-1111-0000-00000000abcd"
    insert = _parse(LOAD_ERRORS_SQL % {"copy_query_id": f"'{query_id}'"})
    assert isinstance(insert, exp.Insert)
    assert [c.name for c in insert.this.expressions] == [
        "s3_path",
        "file_row",
        "load_error",
        "data",
    ]
    [validate] = [f for f in insert.find_all(exp.Anonymous) if f.name.lower() == "validate"]
    table, job = validate.expressions
    assert table.name == "raw_events_landed"
    assert (job.this.name, job.expression.name) == ("job_id", query_id)


def test_copy_results_fail_on_an_unreadable_file_and_count_row_errors() -> None:
    """COPY's result columns, as Snowflake documents them for ON_ERROR = CONTINUE."""
    names = ("file", "status", "rows_parsed", "rows_loaded", "error_limit", "errors_seen",
             "first_error", "first_error_line", "first_error_character",
             "first_error_column_name")  # fmt: skip
    description = [ResultMetadata(n, 2, None, None, None, None, True) for n in names]
    partial = ("s3://b/p/events/2025/09/05/a.parquet", "PARTIALLY_LOADED", 10, 9, 10, 1,
               "Timestamp 'x' is not recognized", 3, 1,
               '"RAW_EVENTS_LANDED"["TIMESTAMP":5]')  # fmt: skip
    corrupt = ("s3://b/p/events/2025/09/05/b.parquet", "LOAD_FAILED", 0, 0, 1, 1,
               "Invalid Parquet file", None, None, None)  # fmt: skip
    [copied] = copied_files(description, [partial])
    assert (copied.rows_parsed, copied.errors_seen) == (10, 1)
    raise_on_unreadable([copied])
    with pytest.raises(UnreadableLandingFile, match=r"events/2025/09/05/b\.parquet"):
        raise_on_unreadable(copied_files(description, [partial, corrupt]))
    no_files = [ResultMetadata("status", 2, None, None, None, None, True)]
    assert copied_files(no_files, [("Copy executed with 0 files processed.",)]) == []


def test_python_owned_tables_are_clustered_as_the_document_says() -> None:
    clustering = {}
    for statement in TABLES_DDL:
        create = _parse(statement)
        if create.kind == "TABLE":
            cluster = create.find(exp.ClusterProperty)
            clustering[create.this.this.name] = (
                [e.name for e in cluster.expressions] if cluster else []
            )
    assert clustering == {
        "raw_events": ["partition_date", "learner_id"],
        "raw_events_rejected": ["partition_date"],
        "mastery_deltas": ["partition_date", "learner_id"],
        "etl_job_status": [],  # one small row per run: nothing to prune
    }


def test_dbt_tables_are_clustered_as_the_document_says() -> None:
    """dbt-snowflake adds CLUSTER BY from each model's config (other adapters ignore it)."""
    manifest = json.loads(dbt_project.manifest_path.read_text())
    clustering = {
        node["name"]: node["config"].get("cluster_by")
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    }
    assert clustering == {
        "minute_metrics": ["partition_date", "learner_id"],
        "session_metrics": ["partition_date", "learner_id"],
    }


def test_job_status_merge_binds_every_value_through_the_connector() -> None:
    pyformat = with_driver_parameters(MERGE_SQL, "snowflake")
    # Snowflake's own bind syntax (:name) for sqlglot, which does not parse %(name)s.
    merge = _parse(re.sub(r"%\((\w+)\)s", r":\1", pyformat))
    assert isinstance(merge, exp.Merge)
    assert merge.this.sql("snowflake") == "analytics.etl_job_status AS target"
    parameters = {p.name for p in merge.find_all(exp.Placeholder)}
    assert parameters == {field.name for field in fields(EtlJobStatusRow)} | {"now"}
    # No value is spliced in: the only literals are the terminal status names.
    assert {literal.name for literal in merge.find_all(exp.Literal)} == set(TERMINAL_STATUSES)


def test_warehouses_auto_suspend_and_the_stage_reads_the_landing_through_an_integration() -> None:
    warehouses = [s for s in _statements("V1__warehouses_database_roles.sql")
                  if s.lower().startswith("create warehouse")]  # fmt: skip
    assert len(warehouses) == 2
    for statement in warehouses:
        properties = _properties(_parse(statement))
        assert properties["auto_suspend"] == "60" and properties["auto_resume"] == "true"

    stage_sql = _statements("V2__landing_stage.sql")
    integration = _parse(next(s for s in stage_sql if "storage integration" in s.lower()))
    stage = _parse(next(s for s in stage_sql if s.lower().startswith("create stage")))
    assert _properties(integration)["storage_provider"] == "'s3'"
    assert MIGRATION_VARS["landing_url"] in _properties(integration)["storage_allowed_locations"]
    assert _properties(stage)["url"] == f"'{MIGRATION_VARS['landing_url']}'"
    assert _properties(stage)["storage_integration"] == "aivo_landing_s3"
    assert stage.this.sql() == "AIVO.RAW.AIVO_LANDING"


def test_the_looker_role_only_reads_the_analytics_schema() -> None:
    grants = [GRANT.match(s) for s in _statements("V3__looker_reader_role.sql")
              if s.lower().startswith("grant") and " to role " in s.lower()]  # fmt: skip
    assert grants and all(g and g["role"] == "AIVO_LOOKER_READER" for g in grants)
    objects = {(g["what"].lower(), g["object"]) for g in grants}
    assert objects == {
        ("usage", "warehouse AIVO_LOOKER_WH"),
        ("usage", "database AIVO"),
        ("usage", "schema AIVO.ANALYTICS"),
        ("select", "all tables in schema AIVO.ANALYTICS"),
        ("select", "all views in schema AIVO.ANALYTICS"),
        ("select", "future tables in schema AIVO.ANALYTICS"),
        ("select", "future views in schema AIVO.ANALYTICS"),
    }


def test_the_pipeline_role_writes_every_schema_the_pipeline_uses_and_creates_none() -> None:
    granted: dict[str, set[str]] = {}
    for migration in sorted(MIGRATIONS.glob("V*.sql")):
        for statement in _statements(migration.name):
            grant = GRANT.match(statement)
            if grant and grant["role"] == "AIVO_TRANSFORMER":
                what = {part.strip().lower() for part in grant["what"].split(",")}
                granted.setdefault(grant["object"], set()).update(what)
    # RAW and ANALYTICS (the tables, dbt) and OPS (the forget audit).
    for schema in (*SCHEMAS, "OPS"):
        assert {"usage", "create table"} <= granted[f"schema AIVO.{schema}"], schema
    assert "create schema" not in granted.get("database AIVO", set())
    # So the pipeline's own DDL creates no schema: missing_schemas.py looks them up first.
    for ddl in (*TABLES_DDL, *AUDIT_DDL):
        tree = _parse(ddl)
        assert not (isinstance(tree, exp.Create) and tree.kind == "SCHEMA"), ddl


def test_dbt_compiles_for_snowflake_with_no_duckdb_only_function(
    snowflake_warehouse: SnowflakeWarehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """session_metrics' scan bounds ask is_incremental(), which needs a connection: fakesnow
    serves it with an empty database, as a first deployment would see."""
    for name, value in snowflake_warehouse.dbt_env().items():
        monkeypatch.setenv(name, value)
    window = {"min_date": "2025-09-01", "max_date": "2025-09-01"}
    compiled = dbt_compile(tmp_path, ["--target", "snowflake"], window)
    assert {"minute_metrics", "session_metrics", "learner_activity_summary"} <= set(compiled)
    for name, sql in compiled.items():
        tree = _parse(sql)
        assert not list(tree.find_all(exp.Anonymous)), f"{name}: function unknown to Snowflake"
        assert "json_extract" not in sql and "::json" not in sql, name
    assert "data:page_id::varchar" in compiled["session_metrics"]  # the inlined staging model
