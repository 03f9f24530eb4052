"""mastery_deltas does not depend on how partitions are run, and its lineage says so."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
from dagster import AssetKey, TimeWindowPartitionMapping

from aivo_assets.definitions import defs
from aivo_assets.ingestion.raw_loader import load_raw_events
from aivo_assets.lib.landing import Landing
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.synthetic.generator import generate_landing
from aivo_assets.transform.mastery import compute_mastery_deltas
from aivo_assets.transform.mastery_trace import pair_ranges_sql
from aivo_assets.warehouse.duckdb_warehouse import DDL
from aivo_assets_tests.helpers.platform import Platform

START, DAYS = date(2025, 6, 1), 60
NOW = datetime(2026, 1, 1)
MASTERY = AssetKey(["analytics", "mastery_deltas"])


def _mastery(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return conn.execute(
        "select * exclude (created_at) from analytics.mastery_deltas order by all"
    ).fetchall()


def _run_days(conn: duckdb.DuckDBPyConnection, first: date, last: date) -> None:
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        compute_mastery_deltas(conn, day, day, NOW)


def test_sixty_day_backfill_equals_day_by_day_and_a_middle_rerun(tmp_path: Path) -> None:
    generate_landing(START, DAYS, 400, str(tmp_path / "landing"), seed=3, files_per_day=2)
    last = START + timedelta(days=DAYS - 1)
    days = [START + timedelta(days=i) for i in range(DAYS)]
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute(DDL)
        landing = Landing.from_uri(str(tmp_path / "landing"))
        load_raw_events(conn, landing, days, NOW, PrivacyPolicy())

        stats = compute_mastery_deltas(conn, START, last, NOW)
        backfill = _mastery(conn)
        assert stats.evidence_points == len(backfill) > 1000
        assert stats.longest_pair_run > 1
        carried = conn.execute(
            "select count(*) from analytics.mastery_deltas where evidence_count > 1 "
            "and partition_date > (select min(partition_date) from analytics.mastery_deltas m2 "
            "where m2.learner_id = mastery_deltas.learner_id "
            "and m2.content_id = mastery_deltas.content_id)"
        ).fetchone()[0]
        assert carried > 0, "state must cross partitions for this test to mean anything"

        conn.execute("delete from analytics.mastery_deltas")
        _run_days(conn, START, last)
        assert _mastery(conn) == backfill

        middle = START + timedelta(days=DAYS // 2)
        conn.execute(
            "update analytics.mastery_deltas set current_mastery = 0.9999 where partition_date = ?",
            [middle],
        )
        _run_days(conn, middle, last)
        assert _mastery(conn) == backfill


def test_a_window_traced_in_small_pair_ranges_equals_one_range(tmp_path: Path) -> None:
    """Memory is bounded by tracing a few pairs at a time; the rows must not notice."""
    generate_landing(START, 5, 400, str(tmp_path / "landing"), seed=5, files_per_day=1)
    days = [START + timedelta(days=i) for i in range(5)]
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute(DDL)
        load_raw_events(
            conn, Landing.from_uri(str(tmp_path / "landing")), days, NOW, PrivacyPolicy()
        )
        compute_mastery_deltas(conn, days[0], days[1], NOW)  # state to carry into the window

        whole = compute_mastery_deltas(conn, days[2], days[-1], NOW)
        one_range = _mastery(conn)
        ranges = conn.execute(pair_ranges_sql(7)).fetchall()
        ranged = compute_mastery_deltas(conn, days[2], days[-1], NOW, range_points=7)
        assert _mastery(conn) == one_range
    assert ranged == whole
    assert whole.carried_pairs > 0 and whole.longest_pair_run > 1
    assert len(ranges) > 10


def test_pair_ranges_hold_about_n_points_and_never_split_a_pair() -> None:
    with duckdb.connect() as conn:
        points = {0: 3, 1: 1, 2: 5, 3: 1, 4: 1}  # points before each pair: 0, 3, 4, 9, 10
        conn.execute(
            "create temp table mastery_evidence as select unnest(?) as pair_id",
            [[pair for pair, n in points.items() for _ in range(n)]],
        )
        assert conn.execute(pair_ranges_sql(4)).fetchall() == [(0, 1), (2, 2), (3, 4)]
        assert conn.execute(pair_ranges_sql(100)).fetchall() == [(0, 4)]


def test_previous_partition_dependency_is_declared() -> None:
    node = defs.resolve_asset_graph().get(MASTERY)
    assert MASTERY in node.parent_keys
    mapping = defs.resolve_assets_def(MASTERY).get_partition_mapping(MASTERY)
    assert mapping == TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)


def test_non_evidence_events_are_counted_in_the_metadata(fixture_range: Platform) -> None:
    event = fixture_range.instance.get_latest_materialization_event(MASTERY)
    assert event is not None
    metadata = {k: v.value for k, v in event.asset_materialization.metadata.items()}
    # evt_0022 (no score), evt_0054 (no lesson_id), evt_0056 (score 130)
    assert metadata["non_evidence_events"] == 3
    assert metadata["evidence_points"] == 21
