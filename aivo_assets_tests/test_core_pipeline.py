"""The core pipeline against the hand-computed seed fixtures, in every run order."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey

from aivo_assets.quality.validation_queries import RAW_VS_MINUTE_COUNTS
from aivo_assets_tests.helpers.fixture_files import (
    fixture_counts,
    read_fixture,
    write_landing,
)
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS, Platform, make_platform
from aivo_assets_tests.helpers.session_durations import session_duration_offenders
from aivo_assets_tests.helpers.warehouse_snapshot import table_snapshot
from aivo_assets_tests.helpers.warehouse_tables import table_rows

FIRST, MIDDLE, LAST = FIXTURE_DAYS
EXPECTED_REJECTED = "test_raw_events_rejected.csv"
EXPECTED = {
    "analytics.minute_metrics": (
        "test_minute_metrics.csv",
        ["partition_date", "learner_id", "session_id", "minute_timestamp"],
    ),
    "analytics.session_metrics": ("test_session_metrics.csv", ["session_id"]),
    "raw.raw_events_rejected": (EXPECTED_REJECTED, ["s3_path", "event_id"]),
    "analytics.mastery_deltas": (
        "test_mastery_deltas.csv",
        ["learner_id", "content_type", "content_id", "timestamp", "trigger_event_id"],
    ),
}
TABLES = (
    "raw.raw_events",
    "raw.raw_events_rejected",
    "analytics.minute_metrics",
    "analytics.session_metrics",
    "analytics.mastery_deltas",
)


def snapshot(platform: Platform, tables: tuple[str, ...] = TABLES) -> dict[str, list[dict]]:
    """Every table the pipeline writes, sorted, minus the columns that record wall-clock time."""
    return table_snapshot(platform.warehouse, only=tables)


def raw_metadata(platform: Platform, run_id: str) -> dict[str, object]:
    [event] = [
        record.asset_materialization
        for record in platform.instance.all_logs(run_id)
        if record.asset_materialization is not None
        and record.asset_materialization.asset_key == AssetKey(["raw", "raw_events"])
    ]
    return {"partition": event.partition, **{k: v.value for k, v in event.metadata.items()}}


@pytest.mark.parametrize("table", sorted(EXPECTED))
def test_tables_equal_the_hand_computed_fixtures(fixture_range: Platform, table: str) -> None:
    csv_name, order_by = EXPECTED[table]
    header, expected = read_fixture(csv_name)
    assert table_rows(fixture_range.warehouse, table, header, order_by) == expected


def test_nothing_landed_is_lost(fixture_range: Platform) -> None:
    counts = fixture_counts()
    with duckdb.connect(str(fixture_range.warehouse), read_only=True) as conn:
        kept = dict(
            conn.execute(
                "select partition_date::varchar, count(*) from raw.raw_events group by 1"
            ).fetchall()
        )
    assert kept == {day: day_counts["rows_kept"] for day, day_counts in counts.items()}
    # The fixture's own arithmetic: every landed row is kept, a duplicate or rejected.
    for day_counts in counts.values():
        assert day_counts["rows_landed"] == sum(
            day_counts[name] for name in ("rows_kept", "rows_duplicate", "rows_rejected")
        )


def test_raw_keeps_the_first_valid_copy_of_each_event(fixture_range: Platform) -> None:
    """Rejected rows out, then the first copy in file and row order: evt_0015's valid replay,
    evt_0009's copy in batch-0001 and evt_0064's first row, not the copies marked replayed."""
    header, landed = read_fixture("test_raw_events.csv")
    rejected = {(path, event_id) for event_id, path, *_ in read_fixture(EXPECTED_REJECTED)[1]}
    rows = [dict(zip(header, row, strict=True)) for row in landed]
    first_copies: dict[str, dict[str, str]] = {}
    for row in sorted(rows, key=lambda r: r["s3_path"]):  # stable: row order within a file
        if (row["s3_path"], row["event_id"]) not in rejected:
            first_copies.setdefault(row["event_id"], row)
    expected = sorted(
        (r["event_id"], r["s3_path"], _marked_copy(r["metadata"])) for r in first_copies.values()
    )
    with duckdb.connect(str(fixture_range.warehouse), read_only=True) as conn:
        kept = conn.execute("select event_id, s3_path, metadata from raw.raw_events").fetchall()
    assert sorted((e, path, _marked_copy(meta)) for e, path, meta in kept) == expected


def _marked_copy(metadata: str | None) -> bool:
    """The fixture marks its replayed copies in their metadata."""
    return any(f'"{mark}"' in (metadata or "") for mark in ("replayed", "retry"))


def test_validation_queries_of_the_schema_document_hold(fixture_range: Platform) -> None:
    window = {"min_date": FIRST, "max_date": LAST}
    with duckdb.connect(str(fixture_range.warehouse), read_only=True) as conn:
        assert conn.execute(RAW_VS_MINUTE_COUNTS, window).fetchall() == []
        assert session_duration_offenders(conn, window) == []


EDGE_EXPECTED = {
    "analytics.minute_metrics": "test_edge_minute_metrics.csv",
    "analytics.session_metrics": "test_edge_session_metrics.csv",
}


def test_times_round_exactly_and_scores_outside_the_contract_are_not_averaged(
    platform: Platform,
) -> None:
    """2.675 s is 2.68 and 1.005 s is 1.01, as the contract's "rounded to 2 decimals" says,
    and 2.6742 s (from .000900 to 2.675100) is 2.67. A score of 1500 (the contract's scores are
    0-100) is not averaged: session_105's mean is its other score, 80.

    In doubles the ties round down, and a double sum of gaps depends on the order threads add
    it; whole milliseconds would count 2.6742 s as 2.675 s.
    """
    write_landing(platform.landing, "test_edge_events.csv")
    platform.materialize(date(2025, 9, 10))
    for table, csv_name in EDGE_EXPECTED.items():
        header, expected = read_fixture(csv_name)
        assert table_rows(platform.warehouse, table, header, EXPECTED[table][1]) == expected


def test_day_by_day_in_reverse_and_reruns_equal_one_range_run(
    fixture_range: Platform, tmp_path: Path
) -> None:
    """Reverse order, per-day metadata, isolation of a single day, and idempotent re-runs.

    Mastery carries state from earlier days, so only in-order runs must agree for it; the
    final range run re-establishes the order.
    """
    platform = make_platform(tmp_path, fixture_range.instance, landing=fixture_range.landing)
    expected_metadata = fixture_counts()
    for day in reversed(FIXTURE_DAYS):
        run = platform.materialize(day)
        metadata = raw_metadata(platform, run.tables_run_id)
        assert metadata["partition"] == day.isoformat()
        assert {k: metadata[k] for k in expected_metadata[day.isoformat()]} == expected_metadata[
            day.isoformat()
        ]
        if day == LAST:
            with duckdb.connect(str(platform.warehouse), read_only=True) as conn:
                days = conn.execute("select distinct partition_date from raw.raw_events").fetchall()
            assert days == [(LAST,)]
    order_free = tuple(t for t in TABLES if t != "analytics.mastery_deltas")
    assert snapshot(platform, order_free) == snapshot(fixture_range, order_free)

    platform.materialize(MIDDLE)
    platform.materialize(FIRST, LAST)
    assert snapshot(platform) == snapshot(fixture_range)


def _session_times(platform: Platform) -> dict[str, tuple[datetime, datetime]]:
    with duckdb.connect(str(platform.warehouse), read_only=True) as conn:
        rows = conn.execute(
            "select session_id, created_at, updated_at from analytics.session_metrics"
        ).fetchall()
    return {session: (created, updated) for session, created, updated in rows}


def test_a_recomputed_session_keeps_its_created_at_and_moves_its_updated_at(
    fixture_platform: Platform,
) -> None:
    """session_003 crosses midnight: 2025-09-05's run creates its row, 2025-09-06's updates it,
    and so does a re-run. Rows a run does not recompute keep both times."""
    platform = fixture_platform
    platform.materialize(FIRST)
    created = _session_times(platform)
    platform.materialize(MIDDLE)
    updated = _session_times(platform)
    platform.materialize(MIDDLE)
    rerun = _session_times(platform)
    with duckdb.connect(str(platform.warehouse), read_only=True) as conn:
        touched = {
            session
            for (session,) in conn.execute(
                "select distinct session_id from raw.raw_events where partition_date = ?", [MIDDLE]
            ).fetchall()
        }
    assert "session_003" in set(created) & touched

    for session, (created_at, updated_at) in created.items():
        if session in touched:
            assert updated[session][0] == created_at < updated[session][1], session
        else:
            assert updated[session] == (created_at, updated_at), session
    for session, (created_at, updated_at) in updated.items():
        assert rerun[session][0] == created_at, session
        assert (rerun[session][1] > updated_at) == (session in touched), session


def test_unreadable_file_fails_the_run_naming_the_file(platform: Platform) -> None:
    write_landing(platform.landing)
    (platform.landing / "events/2025/09/06/corrupt.parquet").write_bytes(b"not parquet")
    run = platform.materialize(MIDDLE, check=False)
    assert not run.success
    [failure] = [
        record.dagster_event
        for record in platform.instance.all_logs(run.tables_run_id)
        if record.dagster_event is not None and record.dagster_event.is_step_failure
    ]
    assert "events/2025/09/06/corrupt.parquet" in str(failure.event_specific_data)
    with duckdb.connect(str(platform.warehouse), read_only=True) as conn:
        assert conn.execute("select count(*) from raw.raw_events").fetchone() == (0,)
