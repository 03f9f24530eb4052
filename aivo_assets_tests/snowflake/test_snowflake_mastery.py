"""Mastery on Snowflake (fakesnow): state carries across partitions however they are run,
and the trace's pair ranges do not change a row."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np

from aivo_assets.ingestion.snowflake_raw_loader import replace_partitions
from aivo_assets.lib.landing import Landing
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.transform.snowflake_mastery import (
    compute_mastery_deltas_snowflake,
    trace_json_chunks,
)
from aivo_assets.warehouse.snowflake_warehouse import SnowflakeWarehouse
from aivo_assets_tests.helpers.fixture_files import write_landing
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS
from aivo_assets_tests.helpers.snowflake_staging import stage_fixture_rows

NOW = datetime(2025, 9, 8, 6, 0)
SNAPSHOT = (
    "select * exclude (created_at) from ANALYTICS.mastery_deltas "
    "order by learner_id, content_type, content_id, timestamp, trigger_event_id"
)


def test_day_by_day_and_small_pair_ranges_equal_the_range_run_and_empty_writes_nothing(
    snowflake_warehouse: SnowflakeWarehouse, tmp_path: Path
) -> None:
    write_landing(tmp_path)
    with snowflake_warehouse.get_connection() as conn:
        cursor = conn.cursor()
        stage_fixture_rows(cursor)
        replace_partitions(
            cursor, Landing.from_uri(str(tmp_path)), list(FIXTURE_DAYS), NOW, PrivacyPolicy()
        )

    stats = snowflake_warehouse.compute_mastery(FIXTURE_DAYS[0], FIXTURE_DAYS[-1], NOW)
    with snowflake_warehouse.get_connection() as conn:
        range_run = conn.cursor().execute(SNAPSHOT).fetchall()
        conn.cursor().execute("delete from ANALYTICS.mastery_deltas")
    assert stats.evidence_points == len(range_run) == 21
    assert stats.longest_pair_run == 3  # learner_001/skill_fractions: 3 steps over 3 days

    carried = [snowflake_warehouse.compute_mastery(day, day, NOW) for day in FIXTURE_DAYS]
    with snowflake_warehouse.get_connection() as conn:
        assert conn.cursor().execute(SNAPSHOT).fetchall() == range_run
    assert sum(s.carried_pairs for s in carried) > 0

    with snowflake_warehouse.get_connection() as conn:
        ranged = compute_mastery_deltas_snowflake(
            conn, FIXTURE_DAYS[0], FIXTURE_DAYS[-1], NOW, range_points=2
        )
        assert conn.cursor().execute(SNAPSHOT).fetchall() == range_run
    assert ranged == stats

    empty = snowflake_warehouse.compute_mastery(date(2025, 9, 9), date(2025, 9, 9), NOW)
    assert (empty.evidence_points, empty.pairs) == (0, 0)


def test_the_trace_travels_in_bounded_json_chunks() -> None:
    trace = {
        name: list(range(5))
        for name in ("pair_id", "step", "previous_e4", "current_e4", "confidence_e4")
    }
    trace["evidence_count"] = [1, 2, 3, 4, 5]
    chunks = trace_json_chunks({k: np.array(v) for k, v in trace.items()}, rows=2)
    assert chunks == [
        "[[0, 0, 0, 0, 0, 1], [1, 1, 1, 1, 1, 2]]",
        "[[2, 2, 2, 2, 2, 3], [3, 3, 3, 3, 3, 4]]",
        "[[4, 4, 4, 4, 4, 5]]",
    ]
