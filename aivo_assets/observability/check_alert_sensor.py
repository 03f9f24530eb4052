"""One alert per failed asset check, read from the instance's event log.

The cursor is the storage id of the last evaluation handled, persisted with each tick, so a
restarted daemon resumes where it stopped: nothing is alerted twice or skipped. Evaluations
are handled in storage order; if a channel still refuses an alert after its retries, the tick
stops there and the next tick starts again from that alert. On its very first tick the
sensor starts from the newest event: turning alerts on does not replay history.

Evaluations are read with ``get_logs_for_all_runs_by_log_id``, which queries the storage's
cross-run index: on the default SQLite storage (one database per run) only that index has
ids that grow across runs; on Postgres it is the one event table.
"""

from dagster import (
    AssetCheckEvaluation,
    DagsterEventType,
    DefaultSensorStatus,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from aivo_assets.observability.alert import check_failure_alert
from aivo_assets.observability.alert_router import AlertDeliveryError, AlertRouter

BATCH_SIZE = 200


@sensor(
    name="check_failure_alert_sensor",
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Alerts once per failed asset check (asset, check, partition, severity, count).",
)
def check_failure_alert_sensor(
    context: SensorEvaluationContext, alerts: AlertRouter
) -> SensorResult | SkipReason:
    storage = context.instance.event_log_storage
    if context.cursor is None:
        start = str(storage.get_maximum_record_id() or 0)
        return SensorResult(skip_reason=f"Starting after event {start}", cursor=start)

    cursor = int(context.cursor)
    entries = storage.get_logs_for_all_runs_by_log_id(
        after_cursor=cursor,
        dagster_event_type=DagsterEventType.ASSET_CHECK_EVALUATION,
        limit=BATCH_SIZE,
    )
    sent = 0
    for storage_id, entry in sorted(entries.items()):
        evaluation: AssetCheckEvaluation = entry.dagster_event.asset_check_evaluation_data
        if not evaluation.passed:
            run = context.instance.get_run_by_id(entry.run_id)
            alert = check_failure_alert(
                storage_id, entry.run_id, evaluation, run.tags if run else {}, alerts.ui_base_url
            )
            try:
                alerts.deliver(alert, context.log)
            except AlertDeliveryError as error:
                context.log.error(f"{error}; retrying from it on the next tick")
                break
            sent += 1
        cursor = storage_id
    return SensorResult(
        skip_reason=f"{sent} alert(s) sent, {len(entries)} evaluation(s) read",
        cursor=str(cursor),
    )
