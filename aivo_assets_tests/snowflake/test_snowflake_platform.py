"""The analytics graph on the Snowflake target, run for real through Dagster on fakesnow.

``AIVO_WAREHOUSE=snowflake`` and ``SNOWFLAKE_*`` variables select the warehouse in
``resources.py``; RAW is filled by the loader's replace step (fakesnow cannot COPY), then
one range run builds mastery_deltas (Snowflake SQL + numpy) and the dbt models (dbt-snowflake,
first build), and the views job creates the Looker views. The tables must equal the seed
fixtures and carry the schema document's Snowflake types.

A second incremental dbt build fails on fakesnow (it cannot create dbt's schema-qualified
temporary table), so the SQL that build runs is compiled by dbt for each model, checked with
sqlglot, and executed with the temporary relation created as a table.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
import sqlglot
from dagster import AssetKey, AssetMaterialization, DagsterInstance, MetadataValue, RunsFilter
from snowflake.connector.cursor import SnowflakeCursor
from sqlglot import exp

from aivo_assets.definitions import build_definitions
from aivo_assets.ingestion.raw_events_asset import COUNT_FIELDS
from aivo_assets.ingestion.snowflake_raw_loader import replace_partitions
from aivo_assets.jobs import daily_tables_job, looker_views_job
from aivo_assets.lib.landing import Landing
from aivo_assets.lib.settings import Settings
from aivo_assets.ops.materialize_range import RANGE_END_TAG, RANGE_START_TAG
from aivo_assets.ops.run_table_checks import run_table_checks
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.quality.reconciliation_checks import PARTITION_COUNTS_KEY
from aivo_assets.quality.table_contracts import RAW_EVENTS
from aivo_assets.warehouse.snowflake_warehouse import SnowflakeWarehouse
from aivo_assets.warehouse.sql_script import split_statements
from aivo_assets_tests.helpers.check_results import Evaluation, check_evaluations
from aivo_assets_tests.helpers.dbt_snowflake import REPLACE_WINDOW_SQL, dbt_compile
from aivo_assets_tests.helpers.fakesnow_warehouse import fakesnow_warehouse
from aivo_assets_tests.helpers.fixture_files import read_fixture, write_landing
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS, TABLE_PATHS
from aivo_assets_tests.helpers.snowflake_staging import stage_fixture_rows
from aivo_assets_tests.helpers.warehouse_tables import as_text

FIRST, MIDDLE, LAST = FIXTURE_DAYS
RAW, MINUTE, SESSION, MASTERY = TABLE_PATHS
NOW = datetime(2025, 9, 8, 6, 0)
ANALYTICS = [
    AssetKey(["analytics", name])
    for name in ("minute_metrics", "session_metrics", "mastery_deltas")
]
EXPECTED = {
    "ANALYTICS.minute_metrics": (
        "test_minute_metrics.csv",
        "partition_date, learner_id, session_id, minute_timestamp",
    ),
    "ANALYTICS.session_metrics": ("test_session_metrics.csv", "session_id"),
    "ANALYTICS.mastery_deltas": (
        "test_mastery_deltas.csv",
        "learner_id, content_type, content_id, timestamp, trigger_event_id",
    ),
}
# The analytics schema document's types, as Snowflake's information_schema names them.
N10, N102, N52, N54 = ("NUMBER", 10, 0), ("NUMBER", 10, 2), ("NUMBER", 5, 2), ("NUMBER", 5, 4)
TEXT, TS, DATE = ("TEXT", None, None), ("TIMESTAMP_NTZ", None, None), ("DATE", None, None)
BOOL = ("BOOLEAN", None, None)
VARIANT = ("VARIANT", None, None)
DOCUMENT_TYPES = {
    ("RAW", "RAW_EVENTS"): [TEXT, TEXT, TEXT, TEXT, TS, VARIANT, VARIANT, TEXT, TS, DATE, TEXT],
    ("ANALYTICS", "MINUTE_METRICS"): [TEXT, TS, TEXT, *[N10] * 8, N102, TS, DATE],
    ("ANALYTICS", "SESSION_METRICS"): [TEXT, TEXT, TS, TS, N102, *[N10] * 7, N52, N54, BOOL, TS,
                                       TS, TS, DATE],
    ("ANALYTICS", "MASTERY_DELTAS"): [TEXT, TEXT, TEXT, N54, N54, N54, TEXT, TEXT, TEXT, N54,
                                      N10, TS, TS, DATE],
    ("ANALYTICS", "ETL_JOB_STATUS"): [TEXT, TEXT, TEXT, TS, TS, ("NUMBER", 15, 0),
                                      ("NUMBER", 15, 0), ("NUMBER", 20, 0), TEXT,
                                      ("NUMBER", 5, 0), TS, TS],
}  # fmt: skip


def _snowflake_env(warehouse: SnowflakeWarehouse) -> dict[str, str]:
    return {
        "AIVO_WAREHOUSE": "snowflake",
        "SNOWFLAKE_ACCOUNT": warehouse.account,
        "SNOWFLAKE_USER": warehouse.user,
        "SNOWFLAKE_PASSWORD": warehouse.password or "",
        "SNOWFLAKE_DATABASE": warehouse.database,
        "SNOWFLAKE_HOST": warehouse.host or "",
        "SNOWFLAKE_PORT": str(warehouse.port),
        "SNOWFLAKE_PROTOCOL": warehouse.protocol or "",
    }


def _rows(cursor: SnowflakeCursor, table: str, columns: list[str], order: str) -> list[tuple]:
    query = f"select {', '.join(columns)} from {table} order by {order}"
    return [tuple(as_text(v) for v in row) for row in cursor.execute(query).fetchall()]


def _types(cursor: SnowflakeCursor, schema: str, table: str) -> list[tuple]:
    return cursor.execute(
        "select data_type, numeric_precision, numeric_scale from information_schema.columns "
        "where table_schema = %(schema)s and table_name = %(table)s order by ordinal_position",
        {"schema": schema, "table": table},
    ).fetchall()


@pytest.fixture(scope="module")
def platform_warehouse(fakesnow_server: dict) -> SnowflakeWarehouse:
    """One fresh database for this module's platform (conftest's gives each test its own)."""
    return fakesnow_warehouse(fakesnow_server)


@pytest.fixture(scope="module")
def snowflake_platform(
    platform_warehouse: SnowflakeWarehouse,
    tmp_path_factory: pytest.TempPathFactory,
    instance: DagsterInstance,
    isolated_environ: None,
) -> DagsterInstance:
    """Seed fixtures in RAW, then the analytics tables and views built by Dagster runs."""
    landing = tmp_path_factory.mktemp("landing")
    write_landing(landing)
    with platform_warehouse.get_connection() as conn:
        cursor = conn.cursor()
        stage_fixture_rows(cursor)
        loaded = replace_partitions(
            cursor, Landing.from_uri(str(landing)), list(FIXTURE_DAYS), NOW, PrivacyPolicy()
        ).partitions
    # What the raw_events asset records of a load (fakesnow cannot COPY, so it did not run):
    # the landing-account check reads each day's duplicates from it.
    for counts in loaded:
        day = str(counts.partition_date)
        instance.report_runless_asset_event(
            AssetMaterialization(
                RAW_EVENTS.asset_key,
                partition=day,
                metadata={
                    PARTITION_COUNTS_KEY: MetadataValue.json(
                        {day: {name: getattr(counts, name) for name in COUNT_FIELDS}}
                    )
                },
            )
        )
    # In the environment, so later Definitions (the checks run) read the same landing.
    os.environ.update({**_snowflake_env(platform_warehouse), "AIVO_LANDING_URI": str(landing)})
    settings = Settings.from_env()
    defs = build_definitions(settings)
    assert isinstance(defs.resources["warehouse"], SnowflakeWarehouse)
    tables = defs.resolve_job_def(daily_tables_job.name).execute_in_process(
        instance=instance,
        asset_selection=ANALYTICS,
        tags={RANGE_START_TAG: FIRST.isoformat(), RANGE_END_TAG: LAST.isoformat()},
    )
    views = defs.resolve_job_def(looker_views_job.name).execute_in_process(instance=instance)
    assert tables.success and views.success
    return instance


def test_range_run_on_snowflake_equals_the_fixtures_with_the_document_types(
    snowflake_platform: DagsterInstance, platform_warehouse: SnowflakeWarehouse
) -> None:
    with platform_warehouse.get_connection() as conn:
        cursor = conn.cursor()
        for table, (csv_name, order) in EXPECTED.items():
            header, expected = read_fixture(csv_name)
            assert _rows(cursor, table, header, order) == expected, table
        for (schema, table), types in DOCUMENT_TYPES.items():
            assert _types(cursor, schema, table) == types, table
        views = cursor.execute(
            "select table_name from information_schema.views where table_schema = 'ANALYTICS'"
        ).fetchall()
    assert sorted(views) == [("CONTENT_MASTERY_TRENDS",), ("LEARNER_ACTIVITY_SUMMARY",)]

    counts = platform_warehouse.table_counts(FIRST, LAST)  # what `aivo materialize` prints
    assert counts == {
        "raw.raw_events": 71,
        "raw.raw_events_rejected": 5,
        "analytics.minute_metrics": 42,
        "analytics.session_metrics": 8,
        "analytics.mastery_deltas": 21,
        # The views keep the last 90 / 30 days: the 2025 fixtures are older.
        "analytics.learner_activity_summary": 0,
        "analytics.content_mastery_trends": 0,
    }

    mastery = snowflake_platform.get_latest_materialization_event(ANALYTICS[2])
    assert mastery is not None
    metadata = {k: v.value for k, v in mastery.asset_materialization.metadata.items()}
    assert (metadata["evidence_points"], metadata["non_evidence_events"]) == (21, 3)


@pytest.mark.parametrize(
    ("model", "unique_key", "stale_row"),
    [
        ("minute_metrics", None, "total_events = 99 where partition_date = '2025-09-06'"),
        # session_003 lives in 09-05 but has events on 09-06: the unique_key replaces it.
        ("session_metrics", "session_id", "total_events = 99 where session_id = 'session_003'"),
    ],
)
def test_second_incremental_build_replaces_the_window_in_one_transaction(
    snowflake_platform: DagsterInstance,
    platform_warehouse: SnowflakeWarehouse,
    tmp_path: Path,
    model: str,
    unique_key: str | None,
    stale_row: str,
) -> None:
    window = {"min_date": MIDDLE.isoformat(), "max_date": MIDDLE.isoformat()}
    [strategy] = dbt_compile(
        tmp_path, ["--inline", REPLACE_WINDOW_SQL], {**window, "model": model}
    ).values()
    begin, delete, insert, commit = sqlglot.parse(strategy, read="snowflake")
    assert isinstance(begin, exp.Transaction) and isinstance(commit, exp.Commit)
    assert isinstance(delete, exp.Delete) and isinstance(insert, exp.Insert)
    [between] = list(delete.find_all(exp.Between))
    assert between.this.name == "partition_date"
    assert [e.sql() for e in (between.args["low"], between.args["high"])] == [
        f"CAST('{MIDDLE}' AS DATE)"
    ] * 2
    temp_relation = insert.expression.find(exp.Table)
    assert temp_relation.name.lower() == f"{model}__dbt_tmp"
    key_subqueries = [q for q in delete.find_all(exp.In) if q.args.get("query")]
    assert [q.this.name for q in key_subqueries] == ([unique_key] if unique_key else [])

    model_sql = dbt_compile(tmp_path, ["--select", model], window)[model]
    header, expected = read_fixture(EXPECTED[f"ANALYTICS.{model}"][0])
    with platform_warehouse.get_connection() as conn:
        cursor = conn.cursor()
        cursor.execute(f"update ANALYTICS.{model} set {stale_row}")
        # dbt creates this as a temporary table, which fakesnow cannot do with its schema.
        cursor.execute(f"create or replace table {temp_relation.sql('snowflake')} as {model_sql}")
        for statement in split_statements(strategy):
            cursor.execute(statement)
        cursor.execute(f"drop table {temp_relation.sql('snowflake')}")
        rows = _rows(cursor, f"ANALYTICS.{model}", header, EXPECTED[f"ANALYTICS.{model}"][1])
    assert rows == expected


# Each corruption of 2025-09-06, and the statement that undoes it (the module's other tests
# read these rows). The raw rows stay intact: a failed raw contract would block (skip) the
# reconciliation checks downstream of raw_events.
FIRST_SESSION_OF_MIDDLE = (
    "(select min(session_id) from ANALYTICS.session_metrics where partition_date = '2025-09-06')"
)
FIRST_MINUTE_OF_MIDDLE = (
    "(select min(minute_timestamp) from ANALYTICS.minute_metrics "
    "where partition_date = '2025-09-06')"
)
CORRUPTIONS = [
    (
        f"update ANALYTICS.session_metrics set duration_seconds = duration_seconds {sign} 100 "
        f"where session_id = {FIRST_SESSION_OF_MIDDLE}",
        f"update ANALYTICS.minute_metrics set total_events = total_events {sign} 1 "
        f"where partition_date = '2025-09-06' and minute_timestamp = {FIRST_MINUTE_OF_MIDDLE}",
    )
    for sign in ("+", "-")
]
CORRUPT, UNDO = CORRUPTIONS


def test_contracts_and_reconciliations_run_on_snowflake_and_catch_corruptions(
    snowflake_platform: DagsterInstance, platform_warehouse: SnowflakeWarehouse
) -> None:
    [run] = snowflake_platform.get_run_records(RunsFilter(job_name=daily_tables_job.name))
    passed = check_evaluations(snowflake_platform, run.dagster_run.run_id)
    for key in [(MINUTE, "contract"), (SESSION, "contract"), (MASTERY, "contract"),
                (MINUTE, "total_events_match_raw_events"),
                (SESSION, "durations_match_raw_events")]:  # fmt: skip
        assert passed[key].passed and passed[key].metadata["failure_count"] == 0, key
    assert passed[(MINUTE, "contract")].metadata["rows_checked"] == 42
    assert passed[(SESSION, "contract")].metadata["rows_checked"] == 8

    defs = build_definitions(Settings.from_env())
    with platform_warehouse.get_connection() as conn:
        cursor = conn.cursor()
        [(corrupted_session,)] = cursor.execute(FIRST_SESSION_OF_MIDDLE[1:-1]).fetchall()
        for statement in CORRUPT:
            cursor.execute(statement)
    try:
        checks = run_table_checks(defs, snowflake_platform, MIDDLE, MIDDLE)
    finally:
        with platform_warehouse.get_connection() as conn:
            cursor = conn.cursor()
            for statement in UNDO:
                cursor.execute(statement)
    failed = check_evaluations(snowflake_platform, checks.run_id)

    assert not checks.success
    # raw.raw_events is intact: its contract and the landing account pass on Snowflake.
    assert failed[(RAW, "contract")].passed
    assert failed[(RAW, "landed_rows_are_accounted_for")].passed
    assert failed[(RAW, "contract")].metadata["rows_checked"] == 19
    assert _failed_rules(failed[(SESSION, "contract")]) == {"duration_is_session_end_minus_start"}
    [duration] = failed[(SESSION, "durations_match_raw_events")].metadata["failure_sample"][
        "session_durations"
    ]
    assert duration["session_id"] == corrupted_session
    assert float(duration["stored_duration"]) - float(duration["calculated_duration"]) == 100
    [counts] = failed[(MINUTE, "total_events_match_raw_events")].metadata["failure_sample"][
        "raw_vs_minute_counts"
    ]
    assert counts["event_date"] == "2025-09-06"
    assert (int(counts["raw_count"]), float(counts["aggregated_count"])) == (19, 20.0)


def _failed_rules(evaluation: Evaluation) -> set[str]:
    """The rules an ERROR evaluation failed, each by exactly one row."""
    assert not evaluation.passed
    rules = set(evaluation.metadata["failure_sample"])
    assert evaluation.metadata["failure_count"] == len(rules)
    return rules
