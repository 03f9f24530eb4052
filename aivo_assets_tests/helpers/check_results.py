"""Read asset check evaluations of a run back from the instance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagster import DagsterEventType, DagsterInstance


@dataclass(frozen=True)
class Evaluation:
    asset: str
    check: str
    passed: bool
    severity: str
    blocking: bool | None
    metadata: dict[str, Any]


def check_evaluations(instance: DagsterInstance, run_id: str) -> dict[tuple[str, str], Evaluation]:
    """(asset, check) → evaluation, for every check the run evaluated."""
    result = {}
    for entry in instance.all_logs(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION):
        data = entry.dagster_event.asset_check_evaluation_data
        key = (data.asset_key.to_user_string(), data.check_name)
        result[key] = Evaluation(
            *key,
            passed=data.passed,
            severity=data.severity.value,
            blocking=data.blocking,
            metadata={name: value.value for name, value in data.metadata.items()},
        )
    return result


def steps_started(instance: DagsterInstance, run_id: str) -> set[str]:
    return {e.step_key for e in instance.all_logs(run_id, of_type=DagsterEventType.STEP_START)}
