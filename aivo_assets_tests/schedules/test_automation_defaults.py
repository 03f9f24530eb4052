"""Retention schedules request the right purge, and automation runs by itself only in production."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from dagster import RunRequest, build_schedule_context, validate_run_config

from aivo_assets.retention.policies import AGGREGATES_POLICY, RAW_POLICY
from aivo_assets.retention.retention_jobs import (
    aggregate_retention_job,
    aggregate_retention_schedule,
    purge_op_name,
    raw_retention_job,
    raw_retention_schedule,
)

# What runs by itself: the alerting and job-status sensors always; the rest only in production.
ALWAYS_ON = {
    "check_failure_alert_sensor",
    "run_failure_alert_sensor",
    "partition_freshness_sensor",
    *(
        f"etl_job_status_on_run_{status}"
        for status in ("queued", "started", "succeeded", "failed", "cancelled")
    ),
}
PRODUCTION_ONLY = {
    "daily_refresh_schedule",
    "raw_retention_schedule",
    "aggregates_retention_schedule",
    "s3_landing_sensor",
    "refresh_views_after_tables",
}


@pytest.mark.parametrize(
    ("schedule", "job", "policy", "cron", "tick", "as_of"),
    [
        (raw_retention_schedule, raw_retention_job, RAW_POLICY, "0 5 * * 0",
         datetime(2026, 3, 1, 5, tzinfo=UTC), "2026-03-01"),
        (aggregate_retention_schedule, aggregate_retention_job, AGGREGATES_POLICY, "30 5 1 * *",
         datetime(2026, 4, 1, 5, 30, tzinfo=UTC), "2026-04-01"),
    ],
    ids=["raw", "aggregates"],
)  # fmt: skip
def test_a_retention_tick_purges_as_of_its_own_day_once(
    schedule, job, policy, cron: str, tick: datetime, as_of: str
) -> None:
    assert (schedule.cron_schedule, schedule.execution_timezone) == (cron, "UTC")
    assert schedule.job_name == job.name
    request = schedule.evaluate_tick(build_schedule_context(scheduled_execution_time=tick))
    [run] = request.run_requests
    assert isinstance(run, RunRequest)
    # The run key is the day: a tick evaluated twice (a daemon restart) does not purge twice.
    assert run.run_key == as_of
    assert run.run_config == {"ops": {purge_op_name(policy): {"config": {"as_of": as_of}}}}
    assert validate_run_config(job, run.run_config)


@pytest.mark.parametrize("env", ["", "production"])
def test_only_production_refreshes_ingests_and_deletes_by_itself(env: str) -> None:
    # The statuses are fixed when the code location loads: load it as the daemon would.
    script = (
        "import json\n"
        "from aivo_assets.definitions import defs\n"
        "items = [*defs.schedules, *defs.sensors]\n"
        "print(json.dumps({i.name: i.default_status.value for i in items}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script],
        env={**os.environ, "AIVO_ENV": env},
        capture_output=True,
        text=True,
        check=True,
    )
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    production = "RUNNING" if env == "production" else "STOPPED"
    assert statuses == {
        **dict.fromkeys(ALWAYS_ON, "RUNNING"),
        **dict.fromkeys(PRODUCTION_ONLY, production),
    }
