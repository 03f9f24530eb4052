"""Pure pieces of the quality and observability code: windows, deadlines, alerts, accounts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from dagster import AssetCheckEvaluation, AssetCheckSeverity, AssetKey, DagsterRunStatus

from aivo_assets.observability.alert import check_failure_alert, partition_label, run_failure_alert
from aivo_assets.observability.alert_cursor import AlertCursor
from aivo_assets.observability.etl_job_status_row import STATUS_BY_RUN_STATUS
from aivo_assets.quality.checked_window import CheckedWindow
from aivo_assets.quality.contract_validation import jsonable_row
from aivo_assets.quality.landing_accounting import account_days
from aivo_assets.quality.partition_freshness import deadline_cron


@pytest.mark.parametrize(
    ("grace", "cron"),
    [(0, "0 4 * * *"), (60, "0 5 * * *"), (90, "30 5 * * *"), (1199, "59 23 * * *")],
)
def test_freshness_deadline_is_4_am_utc_plus_grace(grace: int, cron: str) -> None:
    assert deadline_cron(grace) == cron


@pytest.mark.parametrize("grace", [-1, 1200])
def test_freshness_grace_must_keep_the_deadline_on_the_same_day(grace: int) -> None:
    with pytest.raises(ValueError, match="grace"):
        deadline_cron(grace)


def test_checked_window_labels_and_days() -> None:
    one = CheckedWindow(date(2025, 9, 6), date(2025, 9, 6))
    three = CheckedWindow.parse("2025-09-05..2025-09-07")
    assert (one.label, three.label) == ("2025-09-06", "2025-09-05..2025-09-07")
    assert CheckedWindow.parse(one.label) == one
    assert three.days == [date(2025, 9, 5), date(2025, 9, 6), date(2025, 9, 7)]


def test_run_partition_label_from_tags() -> None:
    assert partition_label({"dagster/partition": "2025-09-06"}) == "2025-09-06"
    range_tags = {
        "dagster/asset_partition_range_start": "2025-09-05",
        "dagster/asset_partition_range_end": "2025-09-07",
    }
    assert partition_label(range_tags) == "2025-09-05..2025-09-07"
    assert partition_label({**range_tags, "dagster/asset_partition_range_end": "2025-09-05"}) == (
        "2025-09-05"
    )
    assert partition_label({}) is None


def test_check_alert_reads_window_and_count_from_metadata_and_links_the_run() -> None:
    evaluation = AssetCheckEvaluation(
        asset_key=AssetKey(["analytics", "minute_metrics"]),
        check_name="contract",
        passed=False,
        metadata={"partition_window": "2025-09-06", "failure_count": 3},
        severity=AssetCheckSeverity.ERROR,
    )
    alert = check_failure_alert(42, "run-1", evaluation, {}, "http://ui:3000/")
    assert alert.alert_id == "asset-check-evaluation:42"
    assert (alert.partition, alert.failure_count) == ("2025-09-06", 3)
    assert alert.run_url == "http://ui:3000/runs/run-1"
    assert alert.text == (
        "ERROR: check contract failed on analytics/minute_metrics [2025-09-06], 3 failure(s)\n"
        "Run: http://ui:3000/runs/run-1"
    )


def test_dbt_test_alert_falls_back_to_the_run_partition_and_dbt_row_count() -> None:
    evaluation = AssetCheckEvaluation(
        asset_key=AssetKey(["analytics", "session_metrics"]),
        check_name="unique_session_metrics_session_id",
        passed=False,
        metadata={"dagster_dbt/failed_row_count": 2},
        severity=AssetCheckSeverity.WARN,
    )
    alert = check_failure_alert(7, "r", evaluation, {"dagster/partition": "2025-09-07"}, "http://u")
    assert (alert.partition, alert.failure_count, alert.severity) == ("2025-09-07", 2, "WARN")


def test_freshness_alert_names_the_partition_its_deadline_expected_not_the_runs() -> None:
    evaluation = AssetCheckEvaluation(
        asset_key=AssetKey(["raw", "raw_events"]),
        check_name="freshness_check",
        passed=False,
        metadata={
            "dagster/freshness_params": {"deadline_cron": "0 5 * * *"},
            # The deadline of 7 September 2025, 05:00 UTC.
            "dagster/latest_cron_tick_timestamp": 1757221200.0,
        },
        description="We expected partition 2025-09-06 to have arrived",
    )
    alert = check_failure_alert(8, "r", evaluation, {"dagster/partition": "2025-09-01"}, "http://u")
    assert alert.partition == "2025-09-06"
    assert alert.text == (
        "ERROR: check freshness_check failed on raw/raw_events [2025-09-06]\n"
        "Run: http://u/runs/r\n"
        "We expected partition 2025-09-06 to have arrived"
    )


def test_run_failure_alert_payload_carries_the_error() -> None:
    alert = run_failure_alert("r9", "daily_tables_job", {}, "raw__raw_events: boom", "http://u")
    payload = alert.payload()
    assert payload["kind"] == "run_failed" and payload["alert_id"] == "run-failure:r9"
    assert (
        payload["text"]
        == "ERROR: run of daily_tables_job failed\nRun: http://u/runs/r9\nraw__raw_events: boom"
    )


def test_landing_account_balances_only_when_every_row_is_accounted_for() -> None:
    day = date(2025, 9, 5)
    [ok] = account_days({day: 31}, {day: 29}, {day: 1}, {day: 1})
    [short] = account_days({day: 31}, {day: 28}, {day: 1}, {day: 1})
    [unrecorded] = account_days({day: 31}, {day: 29}, {day: 1}, {})
    assert ok.balanced and not short.balanced and not unrecorded.balanced
    assert unrecorded.as_row()["duplicates"] is None


def test_every_run_status_maps_to_a_job_status() -> None:
    assert set(STATUS_BY_RUN_STATUS) == set(DagsterRunStatus)
    assert set(STATUS_BY_RUN_STATUS.values()) == {
        "pending", "running", "completed", "failed"
    }  # fmt: skip


def test_metadata_rows_are_json_friendly() -> None:
    row = {"d": date(2025, 9, 5), "t": datetime(2025, 9, 5, 1, 2, 3), "n": Decimal("1.50"),
           "j": {"a": [1]}, "none": None}  # fmt: skip
    assert jsonable_row(row) == {
        "d": "2025-09-05", "t": "2025-09-05 01:02:03", "n": "1.50", "j": {"a": [1]}, "none": None
    }  # fmt: skip


def test_the_alert_cursor_keeps_what_each_channel_owes_and_reads_the_old_form() -> None:
    assert AlertCursor.parse("41") == AlertCursor(41)
    state = AlertCursor(57, {44: ("webhook",), 50: ("slack", "webhook")})
    assert state.serialize() == '{"after":57,"owed":{"44":["webhook"],"50":["slack","webhook"]}}'
    assert AlertCursor.parse(state.serialize()) == state
    state.owe(44, ())
    state.owe(58, ("slack",))
    assert state.owed == {50: ("slack", "webhook"), 58: ("slack",)}
    assert state.drop_oldest(limit=1) == [50]
    assert state.owed == {58: ("slack",)}
