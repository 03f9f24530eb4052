"""pandera contracts validated in DuckDB through the ibis backend, on in-memory tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import duckdb
import ibis
import pytest

from aivo_assets.quality.contract_validation import (
    SAMPLE_SIZE,
    split_by_severity,
    validate_in_warehouse,
)
from aivo_assets.quality.contracts.learner_activity_summary_contract import (
    LearnerActivitySummaryContract,
)
from aivo_assets.quality.contracts.minute_metrics_contract import MinuteMetricsContract
from aivo_assets.quality.contracts.raw_events_contract import RawEventsContract

MILLION = 1_000_000
# A valid minute_metrics partition of any size, generated inside DuckDB.
MINUTE_ROWS = """
create table minute_metrics as
select
    'learner_' || (i % 5000) as learner_id,
    timestamp '2025-09-06 00:00:00' + to_minutes(i // 5000) as minute_timestamp,
    'session_' || (i % 5000) as session_id,
    cast(3 as decimal(10, 0)) as total_events,
    cast(1 as decimal(10, 0)) as page_views,
    cast(1 as decimal(10, 0)) as interactions,
    cast(0 as decimal(10, 0)) as assessments_started,
    cast(0 as decimal(10, 0)) as assessments_completed,
    cast(0 as decimal(10, 0)) as lessons_started,
    cast(0 as decimal(10, 0)) as lessons_completed,
    cast(0 as decimal(10, 0)) as errors,
    cast(60 as decimal(10, 2)) as time_spent_seconds,
    timestamp '2025-09-07 04:00:00' as created_at,
    date '2025-09-06' as partition_date
from range({rows}) as r(i)
"""


@pytest.fixture
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect() as conn:
        conn.execute("set TimeZone = 'UTC'")  # as the warehouse's connections: current_date
        yield conn


def test_warning_rules_are_split_from_error_rules() -> None:
    split = split_by_severity(RawEventsContract.to_schema())
    assert [c.name for c in split.errors.checks] == [
        "partition_date_is_the_event_date",
        "s3_path_is_under_the_partition_prefix",
    ]
    assert split.errors.columns["event_type"].checks == []
    assert split.errors.unique == ["event_id"] and split.errors.strict is True
    assert split.warnings is not None
    assert [c.name for c in split.warnings.checks] == ["numeric_score_is_within_0_and_100"]
    assert [c.name for c in split.warnings.columns["event_type"].checks] == ["isin"]
    assert all(not c.raise_warning for c in split.warnings.checks)
    assert split_by_severity(MinuteMetricsContract.to_schema()).warnings is None


def test_a_million_row_table_is_validated_without_fetching_its_rows(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    """Every query pandera sends for a conforming table returns a single row (an aggregate)."""
    warehouse.execute(MINUTE_ROWS.format(rows=MILLION))
    errors = split_by_severity(MinuteMetricsContract.to_schema()).errors
    table = ibis.duckdb.from_connection(warehouse).table("minute_metrics")
    queries = _sql_sent_during(lambda: validate_in_warehouse(errors, table))
    assert len(queries) >= 20  # one per rule at least
    assert {_result_rows(warehouse, sql) for sql in queries} == {1}


def test_failures_are_counted_in_sql_and_sampled_up_to_the_cap(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    warehouse.execute(MINUTE_ROWS.format(rows=100_000))
    warehouse.execute("update minute_metrics set page_views = 9 where (rowid % 1000) = 7")
    errors = split_by_severity(MinuteMetricsContract.to_schema()).errors
    table = ibis.duckdb.from_connection(warehouse).table("minute_metrics")
    [failure] = validate_in_warehouse(errors, table)
    assert failure.rule == "typed_counts_sum_to_at_most_total_events"
    assert failure.failure_count == 100
    assert len(failure.sample) == SAMPLE_SIZE
    assert {row["page_views"] for row in failure.sample} == {"9"}


def test_view_contract_checks_its_trailing_window_and_cross_column_rules(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    today = datetime.now(UTC).date()
    warehouse.execute(
        """
        create table learner_activity_summary as
        select * from (values
            ('learner_1', $today, 10::decimal(38, 0), 0.5::decimal(10, 4), 2::bigint,
             1::decimal(38, 0), 1::decimal(38, 0)),
            ('learner_2', $old, 10::decimal(38, 0), 1.0::decimal(10, 4), 11::bigint,
             0::decimal(38, 0), 0::decimal(38, 0))
        ) as v(learner_id, activity_date, daily_events, hours_spent, sessions,
               lessons_completed, assessments_completed)
        """,
        {"today": today, "old": today - timedelta(days=91)},
    )
    errors = split_by_severity(LearnerActivitySummaryContract.to_schema()).errors
    table = ibis.duckdb.from_connection(warehouse).table("learner_activity_summary")
    failed = {f.rule: f.failure_count for f in validate_in_warehouse(errors, table)}
    assert failed == {
        "activity_date_is_within_the_last_90_days": 1,
        "completions_and_sessions_fit_in_daily_events": 1,
        "hours_spent_is_at_most_300_s_per_event": 1,
    }


@pytest.mark.parametrize(
    ("s3_path", "passes"),
    [
        ("events/2025/09/06/batch-1.parquet", True),
        ("events/2025/09/05/batch-1.parquet", False),  # another day's file
        ("landing/2025/09/06/batch-1.parquet", False),  # outside the events prefix
        ("events/2025/09/06-batch-1.parquet", False),  # no folder for the day
        ("events/2025/13/06/batch-1.parquet", False),  # not a date
        ("events/x", False),  # too short to hold a date
    ],
)
def test_raw_rows_must_come_from_their_partitions_landing_folder(
    warehouse: duckdb.DuckDBPyConnection, s3_path: str, passes: bool
) -> None:
    warehouse.execute(
        """
        create table raw_events as
        select 'learner_1' as learner_id, 'page_view' as event_type, 'evt_' || i as event_id,
            'session_1' as session_id, timestamp '2025-09-06 10:00:00' as "timestamp",
            null::json as data, null::json as metadata, '1.0' as version,
            timestamp '2025-09-07 04:00:00' as processed_at, date '2025-09-06' as partition_date,
            case when i = 0 then $path else 'events/2025/09/06/batch-2.parquet' end as s3_path
        from range(3) as r(i)
        """,
        {"path": s3_path},
    )
    errors = split_by_severity(RawEventsContract.to_schema()).errors
    table = ibis.duckdb.from_connection(warehouse).table("raw_events")
    failed = {f.rule: f.failure_count for f in validate_in_warehouse(errors, table)}
    assert failed == ({} if passes else {"s3_path_is_under_the_partition_prefix": 1})


def _sql_sent_during(action) -> list[str]:
    """The SQL ibis compiles and sends to the backend while ``action`` runs."""
    sent: list[str] = []
    options = ibis.options
    previous = (options.verbose, options.verbose_log)
    options.verbose, options.verbose_log = True, sent.append
    try:
        action()
    finally:
        options.verbose, options.verbose_log = previous
    return sent


def _result_rows(warehouse: duckdb.DuckDBPyConnection, sql: str) -> int:
    return warehouse.execute(f"select count(*) from ({sql})").fetchone()[0]
