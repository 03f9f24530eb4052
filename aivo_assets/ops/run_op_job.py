"""Run a one-op job through the Dagster instance, so CLI runs are recorded like any other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagster import DagsterInstance, Definitions


@dataclass(frozen=True)
class OpJobRun:
    run_id: str
    success: bool
    output: Any
    error: str | None


def run_op_job(
    defs: Definitions,
    instance: DagsterInstance,
    job_name: str,
    op_name: str,
    op_config: dict[str, Any],
    log_level: str = "WARNING",
) -> OpJobRun:
    """Execute ``job_name`` in process on ``instance``; the op's output, or the failure message."""
    result = defs.resolve_job_def(job_name).execute_in_process(
        instance=instance,
        run_config={
            "ops": {op_name: {"config": op_config}},
            "loggers": {"console": {"config": {"log_level": log_level}}},
        },
        raise_on_error=False,
    )
    if result.success:
        return OpJobRun(result.run_id, True, result.output_for_node(op_name), None)
    failures = [event.step_failure_data.error for event in result.get_step_failure_events()]
    message = "; ".join(_root_cause(error) for error in failures if error is not None)
    return OpJobRun(result.run_id, False, None, message or "the run failed")


def _root_cause(error: Any) -> str:
    """The user's exception message, not Dagster's wrapper (a ``SerializableErrorInfo``)."""
    while error.cause is not None:
        error = error.cause
    return error.message.strip()
