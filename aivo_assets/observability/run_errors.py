"""A run's failure, as one readable message: which steps failed and why."""

from __future__ import annotations

from dagster import DagsterEventType, DagsterInstance

MAX_ERROR_CHARS = 2000


def run_error_message(instance: DagsterInstance, run_id: str) -> str | None:
    """Step errors of the run (or the run-level failure message), or None if nothing failed."""
    step_errors = [
        f"{entry.step_key}: {entry.dagster_event.step_failure_data.error.message.strip()}"
        for entry in instance.all_logs(run_id, of_type=DagsterEventType.STEP_FAILURE)
        if entry.dagster_event and entry.dagster_event.step_failure_data.error
    ]
    if not step_errors:
        step_errors = [
            entry.dagster_event.message or ""
            for entry in instance.all_logs(
                run_id, of_type={DagsterEventType.RUN_FAILURE, DagsterEventType.RUN_CANCELED}
            )
            if entry.dagster_event
        ]
    message = "\n".join(error for error in step_errors if error)
    return message[:MAX_ERROR_CHARS] or None
