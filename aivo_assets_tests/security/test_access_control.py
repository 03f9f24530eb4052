"""The versioned access-control SQL: valid Snowflake, and each data class sees only its own."""

from __future__ import annotations

import json

import pytest

from aivo_assets.ops.run_op_job import run_op_job
from aivo_assets.security.access_control import access_control_statements, sql_version
from aivo_assets.transform.dbt_project import dbt_project
from aivo_assets_tests.helpers.platform import Platform
from aivo_assets_tests.helpers.snowflake_grants import read_grants

PUBLIC, INTERNAL, RESTRICTED = "AIVO_PUBLIC_READER", "AIVO_INTERNAL_ANALYST", "AIVO_RESTRICTED_RAW"
MODEL = read_grants(access_control_statements("aivo", "transforming"))
ANALYTICS_READ = {
    ("SELECT", "ALL TABLES", "AIVO.ANALYTICS"),
    ("SELECT", "ALL VIEWS", "AIVO.ANALYTICS"),
    ("SELECT", "FUTURE TABLES", "AIVO.ANALYTICS"),
    ("SELECT", "FUTURE VIEWS", "AIVO.ANALYTICS"),
}
RAW_READ = {
    ("USAGE", "SCHEMA", "AIVO.RAW"),
    ("SELECT", "ALL TABLES", "AIVO.RAW"),
    ("SELECT", "FUTURE TABLES", "AIVO.RAW"),
}
BASE = {
    ("USAGE", "WAREHOUSE", "TRANSFORMING"),
    ("USAGE", "DATABASE", "AIVO"),
    ("USAGE", "SCHEMA", "AIVO.ANALYTICS"),
    ("SELECT", "VIEW", "AIVO.ANALYTICS.CONTENT_MASTERY_TRENDS"),
}


def test_three_roles_one_per_data_class_nested_under_sysadmin() -> None:
    assert MODEL.used_roles == ["SECURITYADMIN"]
    assert MODEL.created_roles == [PUBLIC, INTERNAL, RESTRICTED]
    assert MODEL.roles_held(PUBLIC) == {PUBLIC}
    assert MODEL.roles_held(INTERNAL) == {INTERNAL, PUBLIC}
    assert MODEL.roles_held(RESTRICTED) == {RESTRICTED, INTERNAL, PUBLIC}
    assert MODEL.roles_held("SYSADMIN") == {"SYSADMIN", RESTRICTED, INTERNAL, PUBLIC}


def test_public_sees_only_the_anonymized_aggregate() -> None:
    assert MODEL.effective(PUBLIC) == BASE


def test_internal_reads_analytics_but_never_raw() -> None:
    assert MODEL.effective(INTERNAL) == BASE | ANALYTICS_READ


def test_restricted_reads_raw_as_well() -> None:
    assert MODEL.effective(RESTRICTED) == BASE | ANALYTICS_READ | RAW_READ


def test_only_plain_identifiers_are_rendered() -> None:
    with pytest.raises(ValueError, match="not a plain Snowflake identifier"):
        access_control_statements("aivo; drop database aivo", "wh")
    assert len(sql_version()) == 12


def test_on_duckdb_the_job_fails_saying_nothing_was_applied(platform: Platform) -> None:
    run = run_op_job(
        platform.defs,
        platform.instance,
        "apply_access_control_job",
        "apply_access_control",
        {"database": "AIVO", "compute_warehouse": "TRANSFORMING"},
    )
    assert not run.success
    assert "Snowflake" in run.error and "nothing was applied" in run.error


def test_views_granted_one_by_one_keep_their_grants_when_dbt_rebuilds_them() -> None:
    """dbt replaces the views on every build; without COPY GRANTS Snowflake drops a grant made
    on the view itself (the schema's future grants only cover the other classes)."""
    manifest = json.loads(dbt_project.manifest_path.read_text())
    views = {
        f"AIVO.{node['config']['schema']}.{node['name']}".upper(): node["config"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "view"
    }
    granted = {p.target for p in MODEL.privileges if p.kind == "VIEW"}
    assert granted == {"AIVO.ANALYTICS.CONTENT_MASTERY_TRENDS"}
    assert all(views[view]["copy_grants"] is True for view in granted)
