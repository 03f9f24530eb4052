"""The Looker views over hand-chosen table rows: their recent-days windows, and means and
ratios rounded half up exactly. Every value below lands on a rounding tie that doubles round
the other way (0.00035 h to 0.0003, a mean of 0.12375 to 0.1237)."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from aivo_assets.jobs import looker_views_job
from aivo_assets_tests.helpers.fixture_files import FIXTURES, read_fixture
from aivo_assets_tests.helpers.platform import Platform
from aivo_assets_tests.helpers.warehouse_tables import query_rows

# The fixtures give days as `days_ago` (the views show only the last 90 and 30 days).
INSERT_MINUTE_ROWS = """
insert into analytics.minute_metrics by name
select
    learner_id, session_id, total_events, lessons_completed, assessments_completed,
    time_spent_seconds, cast($today as date) - cast(days_ago as integer) as partition_date
from read_csv($path, types = {'time_spent_seconds': 'decimal(10, 2)'})
"""
INSERT_MASTERY_ROWS = """
insert into analytics.mastery_deltas by name
select
    learner_id, content_id, content_type, previous_mastery, current_mastery, mastery_delta,
    confidence_score, 'evt_' || row_number() over () as trigger_event_id,
    content_type || '_complete' as trigger_event_type, 1 as evidence_count,
    cast($today as date) - cast(days_ago as integer) + interval 12 hour as "timestamp",
    now() as created_at, cast($today as date) - cast(days_ago as integer) as partition_date
from read_csv($path, all_varchar = true)
"""


def _expected(csv_name: str, date_column: str, today: date) -> tuple[list[str], list[tuple]]:
    header, rows = read_fixture(csv_name)
    at = header.index("days_ago")
    header[at] = date_column
    dated = [
        (*row[:at], (today - timedelta(days=int(row[at]))).isoformat(), *row[at + 1 :])
        for row in rows
    ]
    return header, dated


def test_views_keep_recent_days_and_round_half_up_exactly(platform: Platform) -> None:
    # An empty day: the run creates the tables the views read; the views job creates the views.
    platform.materialize(date(2025, 9, 1))
    views = platform.defs.resolve_job_def(looker_views_job.name).execute_in_process(
        instance=platform.instance, raise_on_error=False
    )
    assert views.success
    # One transaction, so `current_date` (its start) is the same day for the rows and the views
    # even across midnight.
    with duckdb.connect(str(platform.warehouse)) as conn:
        conn.begin()
        [(today,)] = conn.execute("select current_date").fetchall()
        for sql, csv_name in (
            (INSERT_MINUTE_ROWS, "test_view_minute_metrics.csv"),
            (INSERT_MASTERY_ROWS, "test_view_mastery_deltas.csv"),
        ):
            conn.execute(sql, {"today": today, "path": str(FIXTURES / csv_name)})
        for view, csv_name, date_column in (
            (
                "analytics.learner_activity_summary",
                "test_learner_activity_summary.csv",
                "activity_date",
            ),
            ("analytics.content_mastery_trends", "test_content_mastery_trends.csv", "mastery_date"),
        ):
            header, expected = _expected(csv_name, date_column, today)
            assert query_rows(conn, view, header, header[:3]) == expected, view
