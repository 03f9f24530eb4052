"""A sensor that raises one alert per event of a type, read from the instance's event log.

The cursor (``alert_cursor.py``) is the storage id of the last event read, persisted with each
tick, so a restarted daemon resumes where it stopped, plus the alerts a channel still owes.
Each alert goes to the log once and to every channel once: a channel that refuses one (after
its retries) is owed it, and later ticks retry that channel alone, oldest alert first, while
the others carry on. A channel that refused is not tried again within the same tick, so a dead
webhook costs one round of retries per tick. On its very first tick the sensor starts from the
newest event: turning alerts on does not replay history.

Events are read with ``get_logs_for_all_runs_by_log_id``, which queries the storage's
cross-run index: on the default SQLite storage (one database per run) only that index has ids
that grow across runs, and it mirrors check evaluations and run status events; on Postgres it
is the one event table.
"""

from collections.abc import Callable, Iterable

from dagster import (
    DagsterEventType,
    DefaultSensorStatus,
    EventLogEntry,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    sensor,
)

from aivo_assets.observability.alert import Alert
from aivo_assets.observability.alert_cursor import AlertCursor
from aivo_assets.observability.alert_router import AlertRouter

BATCH_SIZE = 200
# The alert an event raises (None: nothing to say, e.g. a passing check), from its storage id.
AlertFor = Callable[[SensorEvaluationContext, AlertRouter, int, EventLogEntry], Alert | None]


def build_alert_sensor(
    name: str, description: str, event_type: DagsterEventType, alert_for: AlertFor
) -> SensorDefinition:
    @sensor(
        name=name,
        minimum_interval_seconds=30,
        default_status=DefaultSensorStatus.RUNNING,
        description=description,
    )
    def alert_sensor(context: SensorEvaluationContext, alerts: AlertRouter) -> SensorResult:
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
            if refused.issuperset(channels):
                continue  # each of its channels refused an older alert this tick
            entry = storage.get_logs_for_all_runs_by_log_id(
                after_cursor=storage_id - 1, dagster_event_type=event_type, limit=1
            ).get(storage_id)
            alert = alert_for(context, alerts, storage_id, entry) if entry else None
            state.owe(storage_id, send(alert, channels) if alert else ())

        entries = storage.get_logs_for_all_runs_by_log_id(
            after_cursor=state.after, dagster_event_type=event_type, limit=BATCH_SIZE
        )
        raised = 0
        for storage_id, entry in sorted(entries.items()):
            alert = alert_for(context, alerts, storage_id, entry)
            if alert is not None:
                alerts.log_alert(alert, context.log)
                state.owe(storage_id, send(alert, alerts.channel_names()))
                raised += 1
            state.after = storage_id
        for storage_id in state.drop_oldest():
            context.log.error(f"alert of event {storage_id} dropped: too many alerts owed")
        owed = f"; {len(state.owed)} still owed to a channel" if state.owed else ""
        return SensorResult(
            skip_reason=f"{raised} alert(s) raised, {len(entries)} event(s) read{owed}",
            cursor=state.serialize(),
        )

    return alert_sensor
