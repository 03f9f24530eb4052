"""One alert per failed asset check, read from the instance's event log.

The cursor is the storage id of the last evaluation handled, persisted with each tick, so a
restarted daemon resumes where it stopped: nothing is alerted twice or skipped. Evaluations
are handled in storage order; if a channel still refuses an alert after its retries, the tick
stops there and the next tick starts again from that alert. On its very first tick the
sensor starts from the newest evaluation: turning alerts on does not replay history.
"""

from dagster import (
    AssetCheckEvaluation,
    DagsterEventType,
    DefaultSensorStatus,
    EventRecordsFilter,
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
        newest = storage.get_event_records(_evaluations_after(None), limit=1, ascending=False)
        start = str(newest[0].storage_id if newest else 0)
        return SensorResult(skip_reason=f"Starting after evaluation {start}", cursor=start)

    cursor = int(context.cursor)
    records = storage.get_event_records(
        _evaluations_after(cursor), limit=BATCH_SIZE, ascending=True
    )
    sent = 0
    for record in records:
        entry = record.event_log_entry
        evaluation: AssetCheckEvaluation = entry.dagster_event.asset_check_evaluation_data
        if not evaluation.passed:
            run = context.instance.get_run_by_id(entry.run_id)
            alert = check_failure_alert(
                record.storage_id,
                entry.run_id,
                evaluation,
                run.tags if run else {},
                alerts.ui_base_url,
            )
            try:
                alerts.deliver(alert, context.log)
            except AlertDeliveryError as error:
                context.log.error(f"{error}; retrying from it on the next tick")
                break
            sent += 1
        cursor = record.storage_id
    return SensorResult(
        skip_reason=f"{sent} alert(s) sent, {len(records)} evaluation(s) read",
        cursor=str(cursor),
    )


def _evaluations_after(storage_id: int | None) -> EventRecordsFilter:
    return EventRecordsFilter(
        event_type=DagsterEventType.ASSET_CHECK_EVALUATION, after_cursor=storage_id
    )
