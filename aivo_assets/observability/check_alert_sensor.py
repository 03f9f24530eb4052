"""One alert per failed asset check (ours, dbt tests, freshness), at most 30 s after it."""

from dagster import AssetCheckEvaluation, DagsterEventType, EventLogEntry, SensorEvaluationContext

from aivo_assets.observability.alert import Alert, check_failure_alert
from aivo_assets.observability.alert_router import AlertRouter
from aivo_assets.observability.alert_sensor import build_alert_sensor


def _check_failure(
    context: SensorEvaluationContext, alerts: AlertRouter, storage_id: int, entry: EventLogEntry
) -> Alert | None:
    evaluation: AssetCheckEvaluation = entry.dagster_event.asset_check_evaluation_data
    if evaluation.passed:
        return None
    run = context.instance.get_run_by_id(entry.run_id)
    return check_failure_alert(
        storage_id, entry.run_id, evaluation, run.tags if run else {}, alerts.ui_base_url
    )


check_failure_alert_sensor = build_alert_sensor(
    "check_failure_alert_sensor",
    "Alerts once per failed asset check (asset, check, partition, severity, count).",
    DagsterEventType.ASSET_CHECK_EVALUATION,
    _check_failure,
)
