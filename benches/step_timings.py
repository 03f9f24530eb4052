"""Per-step durations of the runs recorded in a Dagster instance."""

from __future__ import annotations

from dagster import DagsterEventType, DagsterInstance


def run_step_seconds(instance: DagsterInstance) -> dict[str, dict[str, float]]:
    """``{job_name: {step_key: seconds, "_run": seconds}}`` for every run in the instance."""
    result: dict[str, dict[str, float]] = {}
    for record in instance.get_run_records():
        steps: dict[str, float] = {}
        started: dict[str, float] = {}
        for entry in instance.all_logs(record.dagster_run.run_id):
            event = entry.dagster_event
            if event is None or event.step_key is None:
                continue
            if event.event_type == DagsterEventType.STEP_START:
                started[event.step_key] = entry.timestamp
            elif event.event_type == DagsterEventType.STEP_SUCCESS:
                steps[event.step_key] = entry.timestamp - started[event.step_key]
        if record.start_time and record.end_time:
            steps["_run"] = record.end_time - record.start_time
        result.setdefault(record.dagster_run.job_name, {}).update(steps)
    return result


DBT_RESULTS = {DagsterEventType.ASSET_MATERIALIZATION, DagsterEventType.ASSET_CHECK_EVALUATION}


def dbt_node_seconds(instance: DagsterInstance) -> dict[str, float]:
    """dbt's own time for each model and test it ran (dagster-dbt's "Execution Duration"
    metadata), by dbt ``unique_id``: ``{"model.aivo.minute_metrics": 6.5, ...}``."""
    seconds: dict[str, float] = {}
    for record in instance.get_run_records():
        for entry in instance.all_logs(record.dagster_run.run_id, of_type=DBT_RESULTS):
            data = entry.dagster_event.event_specific_data
            event = getattr(data, "materialization", data)
            metadata = {k: getattr(v, "value", v) for k, v in event.metadata.items()}
            if {"Execution Duration", "unique_id"} <= metadata.keys():
                seconds[metadata["unique_id"]] = float(metadata["Execution Duration"])
    return seconds
