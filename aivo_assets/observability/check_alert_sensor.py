"""One alert per failed asset check, read from the instance's event log.

The cursor (``alert_cursor.py``) is the storage id of the last evaluation read, persisted with
each tick, so a restarted daemon resumes where it stopped, plus the alerts a channel still owes.
Each alert goes to the log once and to every channel once: a channel that refuses one (after
its retries) is owed it, and later ticks retry that channel alone, oldest alert first, while
the others carry on. A channel that refused is not tried again within the same tick, so a dead
webhook costs one round of retries per tick. On its very first tick the sensor starts from the
newest event: turning alerts on does not replay history.

Evaluations are read with ``get_logs_for_all_runs_by_log_id``, which queries the storage's
cross-run index: on the default SQLite storage (one database per run) only that index has
ids that grow across runs; on Postgres it is the one event table.
"""

from collections.abc import Iterable

from dagster import (
    AssetCheckEvaluation,
    DagsterEventType,
    DefaultSensorStatus,
    EventLogEntry,
    SensorEvaluationContext,
    SensorResult,
    sensor,
)

from aivo_assets.observability.alert import Alert, check_failure_alert
from aivo_assets.observability.alert_cursor import AlertCursor
from aivo_assets.observability.alert_router import AlertRouter

BATCH_SIZE = 200
EVALUATION = DagsterEventType.ASSET_CHECK_EVALUATION


@sensor(
    name="check_failure_alert_sensor",
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Alerts once per failed asset check (asset, check, partition, severity, count).",
)
def check_failure_alert_sensor(
    context: SensorEvaluationContext, alerts: AlertRouter
) -> SensorResult:
    storage = context.instance.event_log_storage
    if context.cursor is None:
        start = storage.get_maximum_record_id() or 0
        return SensorResult(
            skip_reason=f"Starting after event {start}", cursor=AlertCursor(start).serialize()
        )

    state = AlertCursor.parse(context.cursor)
    refused: set[str] = set()  # channels that refused during this tick

    def send(alert: Alert, channels: Iterable[str]) -> tuple[str, ...]:
        channels = tuple(channels)
        tried = [channel for channel in channels if channel not in refused]
        refused.update(alerts.send(alert, tried, context.log))
        return tuple(channel for channel in channels if channel in refused)

    for storage_id, channels in sorted(state.owed.items()):
        entry = storage.get_logs_for_all_runs_by_log_id(
            after_cursor=storage_id - 1, dagster_event_type=EVALUATION, limit=1
        ).get(storage_id)
        alert = _alert(context, alerts, storage_id, entry) if entry else None
        state.owe(storage_id, send(alert, channels) if alert else ())

    entries = storage.get_logs_for_all_runs_by_log_id(
        after_cursor=state.after, dagster_event_type=EVALUATION, limit=BATCH_SIZE
    )
    sent = 0
    for storage_id, entry in sorted(entries.items()):
        alert = _alert(context, alerts, storage_id, entry)
        if alert is not None:
            alerts.log_alert(alert, context.log)
            state.owe(storage_id, send(alert, alerts.channel_names()))
            sent += 1
        state.after = storage_id
    for storage_id in state.drop_oldest():
        context.log.error(f"alert of evaluation {storage_id} dropped: too many alerts owed")
    owed = f"; {len(state.owed)} still owed to a channel" if state.owed else ""
    return SensorResult(
        skip_reason=f"{sent} alert(s) raised, {len(entries)} evaluation(s) read{owed}",
        cursor=state.serialize(),
    )


def _alert(
    context: SensorEvaluationContext, alerts: AlertRouter, storage_id: int, entry: EventLogEntry
) -> Alert | None:
    """The alert of a failed evaluation; None for a passing one."""
    evaluation: AssetCheckEvaluation = entry.dagster_event.asset_check_evaluation_data
    if evaluation.passed:
        return None
    run = context.instance.get_run_by_id(entry.run_id)
    return check_failure_alert(
        storage_id, entry.run_id, evaluation, run.tags if run else {}, alerts.ui_base_url
    )
