"""Retention jobs on a warehouse holding real rows on both sides of each cutoff."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterInstance

from aivo_assets.ops.run_op_job import OpJobRun, run_op_job
from aivo_assets.retention.policies import AGGREGATES_POLICY, RAW_POLICY, RetentionPolicy
from aivo_assets.retention.purge import purge_expired
from aivo_assets.retention.retention_jobs import purge_op_name
from aivo_assets_tests.helpers.fixture_files import write_landing
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS, Platform, copy_platform, make_platform

AS_OF = date(2026, 8, 31)
# Hand-computed: 18 months before 31 Aug 2026 is "31 Feb 2025", i.e. 28 Feb; 7 years is 2019.
CUTOFFS = {"raw": date(2025, 2, 28), "aggregates": date(2019, 8, 31)}
POLICIES = (RAW_POLICY, AGGREGATES_POLICY)


def _shift_to_boundaries(conn: duckdb.DuckDBPyConnection, policy: RetentionPolicy) -> None:
    """Fixture day 1 -> the day before the cutoff, day 2 -> the cutoff, day 3 -> as_of."""
    cutoff = CUTOFFS[policy.name]
    targets = (cutoff - timedelta(days=1), cutoff, AS_OF)
    cases = " ".join(
        f"when date '{day}' then date '{target}'"
        for day, target in zip(FIXTURE_DAYS, targets, strict=True)
    )
    for table in policy.tables:
        conn.execute(f"update {table.table} set partition_date = case partition_date {cases} end")


def _rows(database: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as conn:
        return conn.execute(f"select * from {table} order by all").fetchall()


@pytest.fixture(scope="module")
def fixture_tables(tmp_path_factory: pytest.TempPathFactory, instance: DagsterInstance) -> Platform:
    """The seed fixtures materialized once (tables only: retention never touches the views)."""
    platform = make_platform(tmp_path_factory.mktemp("fixture_tables"), instance)
    write_landing(platform.landing)
    platform.materialize(FIXTURE_DAYS[0], FIXTURE_DAYS[-1])
    return platform


@pytest.fixture
def boundary_platform(fixture_tables: Platform, tmp_path: Path) -> Platform:
    """A copy of the materialized fixtures, dates moved to the boundaries."""
    platform = copy_platform(fixture_tables, tmp_path, copy_landing=False)
    with duckdb.connect(str(platform.warehouse)) as conn:
        for policy in POLICIES:
            _shift_to_boundaries(conn, policy)
    return platform


def _run(platform: Platform, policy: RetentionPolicy, **config: object) -> OpJobRun:
    return run_op_job(
        platform.defs,
        platform.instance,
        f"{policy.name}_retention_job",
        purge_op_name(policy),
        {"as_of": AS_OF.isoformat(), **config},
    )


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)
def test_retention_removes_exactly_the_expired_rows(
    boundary_platform: Platform, policy: RetentionPolicy
) -> None:
    cutoff = CUTOFFS[policy.name]
    before = {t.table: _rows(boundary_platform.warehouse, t.table) for t in policy.tables}
    date_column = {
        t.table: _date_column(boundary_platform.warehouse, t.table) for t in policy.tables
    }
    run = _run(boundary_platform, policy)
    assert run.success, run.error
    report = run.output
    assert report.cutoff == cutoff
    assert [purge.table for purge in report.tables] == list(policy.tables)
    for purge in report.tables:
        rows = before[purge.table.table]
        position = date_column[purge.table.table]
        kept = [row for row in rows if row[position] >= cutoff]
        assert _rows(boundary_platform.warehouse, purge.table.table) == kept, purge.table.table
        assert purge.rows == len(rows) - len(kept) > 0
        assert purge.partitions == (cutoff - timedelta(days=1),)
    observed = boundary_platform.instance.fetch_observations(
        AssetKey(list(policy.tables[0].asset_key)), limit=1
    ).records[0]
    metadata = observed.asset_observation.metadata
    assert metadata["retention/last_removed"].value == str(cutoff - timedelta(days=1))

    again = _run(boundary_platform, policy)
    assert again.success and again.output.rows == 0, "a re-run removes nothing more"


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)
def test_a_dry_run_reports_the_same_rows_and_deletes_nothing(
    boundary_platform: Platform, policy: RetentionPolicy
) -> None:
    before = {t.table: _rows(boundary_platform.warehouse, t.table) for t in policy.tables}
    dry = _run(boundary_platform, policy, dry_run=True)
    assert dry.success and dry.output.dry_run
    assert {t.table: _rows(boundary_platform.warehouse, t.table) for t in policy.tables} == before
    real = _run(boundary_platform, policy)
    assert [(t.rows, t.partitions) for t in dry.output.tables] == [
        (t.rows, t.partitions) for t in real.output.tables
    ]


def test_a_future_as_of_is_refused_unless_dry(boundary_platform: Platform) -> None:
    future = (date.today() + timedelta(days=400)).isoformat()
    refused = _run(boundary_platform, RAW_POLICY, as_of=future)
    assert not refused.success
    assert "retention window" in refused.error
    assert _run(boundary_platform, RAW_POLICY, as_of=future, dry_run=True).success


def test_tables_that_do_not_exist_are_reported_not_failed() -> None:
    conn = duckdb.connect()
    conn.execute("create schema analytics")
    conn.execute("create table analytics.minute_metrics (partition_date date)")
    conn.execute("insert into analytics.minute_metrics values ('2010-01-01'), ('2026-01-01')")
    report = purge_expired(conn.cursor(), AGGREGATES_POLICY, AS_OF, today=AS_OF)
    assert [(t.table.table, t.exists, t.rows) for t in report.tables] == [
        ("analytics.minute_metrics", True, 1),
        ("analytics.session_metrics", False, 0),
        ("analytics.mastery_deltas", False, 0),
    ]


def _date_column(database: Path, table: str) -> int:
    with duckdb.connect(str(database), read_only=True) as conn:
        return conn.table(table).columns.index("partition_date")
