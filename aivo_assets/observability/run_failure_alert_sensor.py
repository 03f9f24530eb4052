"""Failed runs alert like failed checks: same channels, format and delivery, a link to the run.

Read from the event log (``RUN_FAILURE``) like the check alerts, rather than with Dagster's
``run_failure_sensor``, whose cursor moves past a run whatever the delivery: a channel that
refused would miss the alert. Every run of the instance is seen, ``aivo materialize``'s
in-process ones included.
"""

from dagster import DagsterEventType, EventLogEntry, SensorEvaluationContext

from aivo_assets.observability.alert import Alert, run_failure_alert
from aivo_assets.observability.alert_router import AlertRouter
from aivo_assets.observability.alert_sensor import build_alert_sensor
from aivo_assets.observability.run_errors import run_error_message


def _run_failure(
    context: SensorEvaluationContext, alerts: AlertRouter, storage_id: int, entry: EventLogEntry
) -> Alert | None:
    run = context.instance.get_run_by_id(entry.run_id)
    if run is None:
        return None
    error = run_error_message(context.instance, run.run_id) or entry.dagster_event.message
    return run_failure_alert(run.run_id, run.job_name, run.tags, error, alerts.ui_base_url)


run_failure_alert_sensor = build_alert_sensor(
    "run_failure_alert_sensor",
    "Alerts once per failed run, with the failing steps' errors.",
    DagsterEventType.RUN_FAILURE,
    _run_failure,
)
