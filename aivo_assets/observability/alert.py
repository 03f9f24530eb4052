"""What an alert says, built from a failed check evaluation or a failed run (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from dagster import AssetCheckEvaluation

from aivo_assets.quality.check_metadata import FAILURE_COUNT_KEY, WINDOW_KEY

PARTITION_TAG = "dagster/partition"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
# dbt tests report their failures under this key.
DBT_FAILED_ROWS_KEY = "dagster_dbt/failed_row_count"
# Freshness checks are about the partition expected by their last deadline, not the run's.
FRESHNESS_PARAMS_KEY = "dagster/freshness_params"
FRESHNESS_DEADLINE_KEY = "dagster/latest_cron_tick_timestamp"


@dataclass(frozen=True)
class Alert:
    """One page. ``alert_id`` is stable, so a receiver can drop a redelivered alert."""

    alert_id: str
    kind: str  # "asset_check_failed" | "run_failed"
    severity: str
    run_id: str
    run_url: str
    partition: str | None
    job: str | None = None
    asset: str | None = None
    check: str | None = None
    failure_count: int | None = None
    error: str | None = None

    @property
    def text(self) -> str:
        where = f" [{self.partition}]" if self.partition else ""
        if self.kind == "asset_check_failed":
            count = f", {self.failure_count} failure(s)" if self.failure_count is not None else ""
            head = f"{self.severity}: check {self.check} failed on {self.asset}{where}{count}"
        else:
            head = f"{self.severity}: run of {self.job}{where} failed"
        detail = f"\n{self.error}" if self.error else ""
        return f"{head}\nRun: {self.run_url}{detail}"

    def payload(self) -> dict[str, Any]:
        return {**asdict(self), "text": self.text}


def run_url(ui_base_url: str, run_id: str) -> str:
    return f"{ui_base_url.rstrip('/')}/runs/{run_id}"


def partition_label(tags: Mapping[str, str]) -> str | None:
    """The run's partition: one key, or ``start..end`` for a single-run range."""
    if PARTITION_TAG in tags:
        return tags[PARTITION_TAG]
    start, end = tags.get(RANGE_START_TAG), tags.get(RANGE_END_TAG)
    if start and end:
        return start if start == end else f"{start}..{end}"
    return None


def freshness_partition(metadata: Mapping[str, Any]) -> str | None:
    """The partition a freshness check expected: the day before its last deadline (every table
    shares one daily UTC partitioning, and a day's partition completes at the next midnight)."""
    deadline = metadata.get(FRESHNESS_DEADLINE_KEY)
    if deadline is None:
        return None
    return (datetime.fromtimestamp(deadline, UTC).date() - timedelta(days=1)).isoformat()


def check_failure_alert(
    storage_id: int,
    run_id: str,
    evaluation: AssetCheckEvaluation,
    run_tags: Mapping[str, str],
    ui_base_url: str,
) -> Alert:
    metadata = {key: value.value for key, value in evaluation.metadata.items()}
    count = metadata.get(FAILURE_COUNT_KEY, metadata.get(DBT_FAILED_ROWS_KEY))
    return Alert(
        alert_id=f"asset-check-evaluation:{storage_id}",
        kind="asset_check_failed",
        severity=evaluation.severity.value,
        run_id=run_id,
        run_url=run_url(ui_base_url, run_id),
        partition=evaluation.partition
        or metadata.get(WINDOW_KEY)
        or (
            freshness_partition(metadata)
            if FRESHNESS_PARAMS_KEY in metadata
            else partition_label(run_tags)
        ),
        asset=evaluation.asset_key.to_user_string(),
        check=evaluation.check_name,
        failure_count=int(count) if count is not None else None,
        error=evaluation.description,
    )


def run_failure_alert(
    run_id: str, job_name: str, run_tags: Mapping[str, str], error: str | None, ui_base_url: str
) -> Alert:
    return Alert(
        alert_id=f"run-failure:{run_id}",
        kind="run_failed",
        severity="ERROR",
        run_id=run_id,
        run_url=run_url(ui_base_url, run_id),
        partition=partition_label(run_tags),
        job=job_name,
        error=error,
    )
