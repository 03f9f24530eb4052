"""The duration reconciliation reads the raw days its window's sessions span, and no others."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import duckdb
import pytest

from aivo_assets_tests.helpers.session_durations import session_duration_offenders

# Window 2025-09-05. s_day: 10 min on the 5th. s_night: crosses midnight into the 6th.
# s_wrong: stored 100 s, raw says 600 s. s_late: stored 10 min, but an event of it lands
# on the 6th (inside the days read: the stored end's day + 1); s_far: one lands on the 8th.
SESSIONS = """
create schema analytics;
create table analytics.session_metrics as
select session_id, session_start::timestamp as session_start,
    session_end::timestamp as session_end, duration_seconds::decimal(10, 2) as duration_seconds,
    date '2025-09-05' as partition_date
from (values
    ('s_day', '2025-09-05 10:00:00', '2025-09-05 10:10:00', 600),
    ('s_night', '2025-09-05 23:50:00', '2025-09-06 00:20:00', 1800),
    ('s_wrong', '2025-09-05 12:00:00', '2025-09-05 12:10:00', 100),
    ('s_late', '2025-09-05 14:00:00', '2025-09-05 14:10:00', 600),
    ('s_far', '2025-09-05 16:00:00', '2025-09-05 16:10:00', 600)
) as s(session_id, session_start, session_end, duration_seconds);
create schema raw;
create table raw.raw_events as
select session_id, ts::timestamp as "timestamp", cast(ts::timestamp as date) as partition_date
from (values
    ('s_day', '2025-09-05 10:00:00'), ('s_day', '2025-09-05 10:10:00'),
    ('s_night', '2025-09-05 23:50:00'), ('s_night', '2025-09-06 00:20:00'),
    ('s_wrong', '2025-09-05 12:00:00'), ('s_wrong', '2025-09-05 12:10:00'),
    ('s_late', '2025-09-05 14:00:00'), ('s_late', '2025-09-05 14:10:00'),
    ('s_late', '2025-09-06 09:00:00'),
    ('s_far', '2025-09-05 16:00:00'), ('s_far', '2025-09-05 16:10:00'),
    ('s_far', '2025-09-08 09:00:00'),
    ('s_day', '2025-09-09 10:00:00')
) as e(session_id, ts);
"""


@pytest.fixture
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect() as conn:
        conn.execute(SESSIONS)
        yield conn


def test_durations_are_reconciled_over_the_days_the_sessions_span(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    window = {"min_date": date(2025, 9, 5), "max_date": date(2025, 9, 5)}
    offending = session_duration_offenders(warehouse, window)
    assert [
        (session, int(calculated), int(stored)) for session, calculated, stored in offending
    ] == [
        ("s_late", 68400, 600),
        ("s_wrong", 600, 100),
    ]
