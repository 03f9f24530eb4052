"""A partition broken by schema drift: blocking, alerts on the loopback webhook, job status.

One failed run serves the module: the raw contract fails on the drifted ``processed_at``
type, which blocks the dbt models, pages exactly once per failed check and once for the
failed run; with a success and the failed run's retry it leaves matching etl_job_status rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb
import pytest
from dagster import (
    AssetKey,
    DagsterEventType,
    DagsterInstance,
    SensorDefinition,
    SensorResult,
    build_run_status_sensor_context,
    build_sensor_context,
)

from aivo_assets.observability.alert_cursor import AlertCursor
from aivo_assets.observability.alert_router import AlertRouter
from aivo_assets.observability.check_alert_sensor import check_failure_alert_sensor
from aivo_assets.observability.etl_job_status_sensors import (
    ETL_JOB_STATUS,
    etl_job_status_sensors,
    record_run_status,
)
from aivo_assets.observability.run_failure_alert_sensor import run_failure_alert_sensor
from aivo_assets.ops.materialize_range import RANGE_END_TAG, RANGE_START_TAG
from aivo_assets.ops.run_table_checks import run_table_checks
from aivo_assets.warehouse.duckdb_warehouse import DDL
from aivo_assets_tests.helpers.check_results import check_evaluations, steps_started
from aivo_assets_tests.helpers.fixture_files import (
    fixture_counts,
    write_landing,
)
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS, Platform, make_platform
from aivo_assets_tests.helpers.webhook_receiver import WebhookReceiver, webhook_receiver

FIRST, DAY = FIXTURE_DAYS[0], FIXTURE_DAYS[1]
UI = "http://aivo.example:3000"
DRIFT = "alter table raw.raw_events alter processed_at type timestamp_ns"
UNDO_DRIFT = "alter table raw.raw_events alter processed_at type timestamp"


@dataclass
class BrokenPartition:
    platform: Platform
    webhook: WebhookReceiver
    cursor_before: str
    failed_run_id: str


@pytest.fixture(scope="module")
def webhook() -> Iterator[WebhookReceiver]:
    with webhook_receiver() as receiver:
        yield receiver


@pytest.fixture(scope="module")
def broken(
    tmp_path_factory: pytest.TempPathFactory, instance: DagsterInstance, webhook: WebhookReceiver
) -> BrokenPartition:
    platform = make_platform(
        tmp_path_factory.mktemp("broken"), instance, alert_webhook_url=webhook.url, ui_base_url=UI
    )
    write_landing(platform.landing)
    # Alerts start with the sensor's first tick: history before it is not replayed.
    first_tick = _tick(platform, cursor=None)
    with duckdb.connect(str(platform.warehouse)) as conn:
        conn.execute(DDL)
        conn.execute(DRIFT)
    run = platform.materialize(DAY, check=False)
    assert not run.success
    return BrokenPartition(platform, webhook, first_tick.cursor, run.tables_run_id)


@pytest.fixture(scope="module")
def alerted(broken: BrokenPartition) -> str:
    """The alert sensor's cursor after the tick that saw the failed run."""
    return _tick(broken.platform, broken.cursor_before).cursor


def test_failed_error_check_blocks_the_downstream_models(broken: BrokenPartition) -> None:
    instance = broken.platform.instance
    results = check_evaluations(instance, broken.failed_run_id)
    contract = results[("raw/raw_events", "contract")]
    assert (contract.passed, contract.severity) == (False, "ERROR")
    assert "processed_at: dtype('timestamp(6)')" in contract.metadata["failed_rules"]
    assert "raw__raw_events" in steps_started(instance, broken.failed_run_id)
    assert "analytics_dbt_models" not in steps_started(instance, broken.failed_run_id)


def test_each_failed_check_reaches_the_webhook_exactly_once(
    broken: BrokenPartition, alerted: str
) -> None:
    failed = {
        key for key, e in check_evaluations(broken.platform.instance, broken.failed_run_id).items()
        if not e.passed
    }  # fmt: skip
    alerts = _alerts_of(broken, "asset_check_failed")
    assert sorted((a["asset"], a["check"]) for a in alerts) == sorted(failed)
    [alert] = [a for a in alerts if a["check"] == "contract"]
    assert alert == {
        **alert,
        "asset": "raw/raw_events",
        "partition": str(DAY),
        "severity": "ERROR",
        "failure_count": 1,
        "run_id": broken.failed_run_id,
        "run_url": f"{UI}/runs/{broken.failed_run_id}",
    }
    assert alert["text"].startswith("ERROR: check contract failed on raw/raw_events [2025-09-06]")

    # Next tick, and a restarted daemon resuming from the persisted cursor: nothing new.
    assert _tick(broken.platform, alerted).cursor == alerted
    assert _tick(broken.platform, str(alerted)).cursor == alerted
    assert len(_alerts_of(broken, "asset_check_failed")) == len(failed)


def test_a_channel_that_refuses_is_owed_its_alerts_and_the_others_get_each_once(
    broken: BrokenPartition, alerted: str
) -> None:
    """Slack takes the alerts while the webhook is down; later ticks send the webhook what it
    missed, oldest first, and nothing reaches Slack (or the log) twice."""
    platform, webhook = broken.platform, broken.webhook
    before = len(webhook.of_kind("asset_check_failed"))
    with duckdb.connect(str(platform.warehouse)) as conn:
        conn.execute(DRIFT)  # whatever ran before in this module
    checks = run_table_checks(platform.defs, platform.instance, DAY, DAY)
    assert not checks.success
    failed = sorted(
        k for k, e in check_evaluations(platform.instance, checks.run_id).items() if not e.passed
    )
    # The drifted raw table, and the dbt tables its blocking check kept from being built.
    assert {("raw/raw_events", "contract"), ("analytics/minute_metrics", "contract")} <= set(failed)
    with webhook_receiver() as stopped:
        unreachable = stopped.url

    def router(webhook_url: str) -> AlertRouter:
        return AlertRouter(
            webhook_url=webhook_url, slack_token="xoxb-test", slack_channel="#data-alerts",
            slack_api_url=slack.url.removesuffix("alerts") + "api/", ui_base_url=UI,
            attempts=2, backoff_seconds=0,
        )  # fmt: skip

    def checks_in(texts: list[str]) -> list[tuple[str, str]]:
        return sorted(
            (line.split(" failed on ")[1].split(" ")[0], line.split("check ")[1].split(" ")[0])
            for line in texts
            if checks.run_id in line
        )

    with webhook_receiver(reply={"ok": True}) as slack:
        down = _tick(platform, alerted, alerts=router(unreachable))
        state = AlertCursor.parse(down.cursor)
        assert len(state.owed) == len(failed) and set(state.owed.values()) == {("webhook",)}
        assert checks_in([m["text"] for m in slack.received]) == failed
        still_down = _tick(platform, down.cursor, alerts=router(unreachable))
        assert still_down.cursor == down.cursor
        back = _tick(platform, still_down.cursor, alerts=router(webhook.url))
        assert checks_in([m["text"] for m in slack.received]) == failed, "Slack got each once"
    assert AlertCursor.parse(back.cursor) == AlertCursor(state.after)
    resent = webhook.of_kind("asset_check_failed")[before:]
    assert sorted((a["asset"], a["check"]) for a in resent) == failed
    assert [a["alert_id"] for a in resent] == [
        f"asset-check-evaluation:{storage_id}" for storage_id in sorted(state.owed)
    ]
    assert _tick(platform, back.cursor).cursor == back.cursor


def test_the_failed_run_alerts_once_with_its_error_and_link(broken: BrokenPartition) -> None:
    platform = broken.platform
    run = platform.instance.get_run_by_id(broken.failed_run_id)
    ticked = _tick(platform, broken.cursor_before, sensor=run_failure_alert_sensor)
    sent = len(broken.webhook.of_kind("run_failed"))
    assert _tick(platform, ticked.cursor, sensor=run_failure_alert_sensor).cursor == ticked.cursor
    assert len(broken.webhook.of_kind("run_failed")) == sent, "nothing twice"
    [alert] = [a for a in broken.webhook.of_kind("run_failed") if a["run_id"] == run.run_id]
    assert alert["job"] == "daily_tables_job" and alert["partition"] == str(DAY)
    assert alert["run_url"] == f"{UI}/runs/{run.run_id}"
    assert "raw_raw_events_contract" in alert["error"]
    assert "blocking asset check failed" in alert["error"]


@dataclass(frozen=True)
class JobStatusRuns:
    success: str
    retry: str
    reported: int  # etl_job_status materializations these writes reported


@pytest.fixture(scope="module")
def job_status(broken: BrokenPartition) -> JobStatusRuns:
    """The failed run recorded (twice over), then a success and the failed run's retry."""
    platform, instance = broken.platform, broken.platform.instance
    before = len(instance.fetch_materializations(ETL_JOB_STATUS, limit=1000).records)
    # Any sensor, any number of times: one row per run, always the run's latest state.
    for _ in range(2):
        for status in ("STARTED", "FAILURE"):
            _record(platform, broken.failed_run_id, status)
    with duckdb.connect(str(platform.warehouse)) as conn:
        conn.execute(UNDO_DRIFT)
    success = _load_raw_events(platform, FIRST, {})
    retry = _load_raw_events(
        platform,
        DAY,
        {
            "dagster/retry_number": "1",
            "dagster/parent_run_id": broken.failed_run_id,
            "dagster/root_run_id": broken.failed_run_id,
        },
    )
    for run_id in (success, retry):
        for status in ("STARTED", "SUCCESS"):
            _record(platform, run_id, status)
    after = len(instance.fetch_materializations(ETL_JOB_STATUS, limit=1000).records)
    return JobStatusRuns(success, retry, after - before)


def test_job_status_rows_match_a_success_a_failure_and_its_retry(
    broken: BrokenPartition, job_status: JobStatusRuns
) -> None:
    platform, instance = broken.platform, broken.platform.instance
    success, retry = job_status.success, job_status.retry
    # Every write shows in the lineage as a materialization of the table.
    assert job_status.reported == 8
    [latest] = instance.fetch_materializations(ETL_JOB_STATUS, limit=1).records
    assert latest.asset_materialization.metadata["status"].value == "completed"

    rows = _job_status_rows(platform)
    assert set(rows) == {broken.failed_run_id, success, retry}
    assert rows[success] == {
        **rows[success], **_loaded(platform, FIRST), "job_type": "daily_tables_job",
        "status": "completed", "retry_count": 0, "error_message": None,
    }  # fmt: skip
    failed = rows[broken.failed_run_id]
    assert failed == {
        **failed, **_loaded(platform, DAY), "job_type": "daily_tables_job", "status": "failed",
        "retry_count": 0,
    }  # fmt: skip
    assert "raw_raw_events_contract" in failed["error_message"]
    assert rows[retry] == {
        **rows[retry], **_loaded(platform, DAY), "job_type": "daily_tables_job",
        "status": "completed", "retry_count": 1, "error_message": None,
    }  # fmt: skip
    for run_id, row in rows.items():
        record = instance.get_run_record_by_id(run_id)
        assert row["started_at"] == _naive_utc(record.start_time)
        assert row["completed_at"] == _naive_utc(record.end_time)
        assert row["created_at"] <= row["updated_at"]


def test_a_row_left_running_by_a_lost_write_is_refreshed_by_the_next_write(
    broken: BrokenPartition, job_status: JobStatusRuns
) -> None:
    """A run's last write was lost: the next write, for any run, finishes its row."""
    platform, failed = broken.platform, broken.failed_run_id
    finished = _job_status_rows(platform)[failed]
    with duckdb.connect(str(platform.warehouse)) as conn:
        [(changed,)] = conn.execute(
            "update analytics.etl_job_status set status = 'running', completed_at = null "
            "where job_id = ?",
            [failed],
        ).fetchall()
    assert changed == 1
    _record(platform, job_status.success, "SUCCESS")  # another run's write
    refreshed = _job_status_rows(platform)[failed]
    assert (refreshed["status"], refreshed["completed_at"]) == ("failed", finished["completed_at"])
    _record(platform, failed, "STARTED")  # a late STARTED never reopens a run
    assert _job_status_rows(platform)[failed]["status"] == "failed"


def test_one_sensor_per_run_status() -> None:
    assert sorted(s.name for s in etl_job_status_sensors) == [
        "etl_job_status_on_run_cancelled",
        "etl_job_status_on_run_failed",
        "etl_job_status_on_run_queued",
        "etl_job_status_on_run_started",
        "etl_job_status_on_run_succeeded",
    ]


def _alerts_of(broken: BrokenPartition, kind: str) -> list[dict]:
    """The webhook's alerts of ``kind`` about the module's failed run."""
    return [a for a in broken.webhook.of_kind(kind) if a["run_id"] == broken.failed_run_id]


def _tick(
    platform: Platform,
    cursor: str | None,
    alerts: AlertRouter | None = None,
    sensor: SensorDefinition = check_failure_alert_sensor,
) -> SensorResult:
    context = build_sensor_context(
        instance=platform.instance,
        cursor=cursor,
        resources={"alerts": alerts or platform.defs.resources["alerts"]},
    )
    return sensor(context)


def _record(platform: Platform, run_id: str, status: str) -> None:
    event_type = {"STARTED": DagsterEventType.RUN_START, "FAILURE": DagsterEventType.RUN_FAILURE,
                  "SUCCESS": DagsterEventType.RUN_SUCCESS}[status]  # fmt: skip
    [entry] = platform.instance.all_logs(run_id, of_type=event_type)
    context = build_run_status_sensor_context(
        sensor_name=f"etl_job_status_{status.lower()}",
        dagster_event=entry.dagster_event,
        dagster_instance=platform.instance,
        dagster_run=platform.instance.get_run_by_id(run_id),
    )
    record_run_status(context, platform.defs.resources["warehouse"])


def _job_status_rows(platform: Platform) -> dict[str, dict]:
    with duckdb.connect(str(platform.warehouse), read_only=True) as conn:
        cursor = conn.execute("select * from analytics.etl_job_status")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {row["job_id"]: row for row in rows}


def _load_raw_events(platform: Platform, day: date, tags: dict[str, str]) -> str:
    """A daily_tables_job run loading only raw_events (a retry re-executes the failed load)."""
    run = platform.defs.resolve_job_def("daily_tables_job").execute_in_process(
        instance=platform.instance,
        asset_selection=[AssetKey(["raw", "raw_events"])],
        tags={RANGE_START_TAG: str(day), RANGE_END_TAG: str(day), **tags},
        raise_on_error=False,
    )
    assert run.success
    return run.run_id


def _loaded(platform: Platform, day: date) -> dict[str, int]:
    """Rows kept and rejected (hand-computed fixture counts) and bytes landed for ``day``."""
    counts = fixture_counts()[str(day)]
    landed = platform.landing / f"events/{day:%Y/%m/%d}"
    return {
        "records_processed": counts["rows_kept"],
        "records_failed": counts["rows_rejected"],
        "bytes_processed": sum(f.stat().st_size for f in landed.iterdir()),
    }


def _naive_utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC).replace(tzinfo=None)
