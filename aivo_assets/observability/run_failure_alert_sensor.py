"""Failed runs alert like failed checks: same channels, same format, link to the run."""

from dagster import DefaultSensorStatus, RunFailureSensorContext, run_failure_sensor

from aivo_assets.observability.alert import run_failure_alert
from aivo_assets.observability.alert_router import AlertRouter
from aivo_assets.observability.run_errors import run_error_message


@run_failure_sensor(
    name="run_failure_alert_sensor",
    default_status=DefaultSensorStatus.RUNNING,
    description="Alerts once per failed run, with the failing steps' errors.",
    # Also runs launched in-process (``aivo materialize``), which carry no code location.
    monitor_all_code_locations=True,
)
def run_failure_alert_sensor(context: RunFailureSensorContext, alerts: AlertRouter) -> None:
    run = context.dagster_run
    error = run_error_message(context.instance, run.run_id) or context.failure_event.message
    alert = run_failure_alert(run.run_id, run.job_name, run.tags, error, alerts.ui_base_url)
    # Raising makes Dagster record the error on the sensor tick (it still moves past the run).
    alerts.deliver(alert, context.log)
