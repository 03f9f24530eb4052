"""Freshness on the live calendar: its sensor asks for every table's check until they have run
since the last deadline, and the checks pass once the last completed days exist."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from dagster import DagsterEventType, RunRequest, build_sensor_context

from aivo_assets.observability.alert import check_failure_alert
from aivo_assets_tests.helpers.check_results import check_evaluations
from aivo_assets_tests.helpers.platform import TABLE_PATHS, Platform


def test_freshness_passes_once_the_last_days_exist_and_is_asked_for_once_per_deadline(
    platform: Platform,
) -> None:
    sensor = platform.defs.resolve_sensor_def("partition_freshness_sensor")

    def tick() -> object:
        return sensor(build_sensor_context(instance=platform.instance, definitions=platform.defs))

    never_run = tick()
    assert isinstance(never_run, RunRequest)
    checked = {(key.asset_key.to_user_string(), key.name) for key in never_run.asset_check_keys}
    assert checked == {(path, "freshness_check") for path in TABLE_PATHS}

    # Before today's deadline the day expected is the one before yesterday; after it, yesterday.
    today = datetime.now(UTC).date()
    run = platform.materialize(today - timedelta(days=2), today - timedelta(days=1))
    evaluations = check_evaluations(platform.instance, run.tables_run_id)
    assert {path: evaluations[(path, "freshness_check")].passed for path in TABLE_PATHS} == {
        path: True for path in TABLE_PATHS
    }
    # An alert names the partition the check expected, as its description does.
    for entry in platform.instance.all_logs(
        run.tables_run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION
    ):
        evaluation = entry.dagster_event.asset_check_evaluation_data
        if evaluation.check_name == "freshness_check":
            alert = check_failure_alert(0, run.tables_run_id, evaluation, {}, "http://ui")
            [named] = re.findall(r"partition (\d{4}-\d{2}-\d{2})", evaluation.description)
            assert alert.partition == named
    assert not isinstance(tick(), RunRequest), "checked since the last deadline: nothing to ask"
