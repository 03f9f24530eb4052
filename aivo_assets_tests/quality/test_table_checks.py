"""The tables' checks on the seed fixtures, then on deliberately corrupted partitions.

The corruptions edit copies of the fixture warehouse (and landing) directly and re-run only
the checks (``table_checks_job``) on partition 2025-09-06: nothing is re-materialized. To
keep the suite fast, one checks run serves several rule families that touch different
tables or rules; each family still has its own test and assertions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from dagster import RunsFilter

from aivo_assets.ops.run_table_checks import run_table_checks
from aivo_assets_tests.helpers.check_results import Evaluation, check_evaluations
from aivo_assets_tests.helpers.fixture_files import LANDING_SCHEMA, read_fixture
from aivo_assets_tests.helpers.platform import (
    FIXTURE_DAYS,
    TABLE_PATHS,
    Platform,
    copy_platform,
)

FIRST, MIDDLE, LAST = FIXTURE_DAYS
RAW, MINUTE, SESSION, MASTERY = TABLE_PATHS
OURS = {"contract", "contract_warnings", "landed_rows_are_accounted_for",
        "total_events_match_raw_events", "durations_match_raw_events"}  # fmt: skip


def _latest_run_id(platform: Platform, job_name: str) -> str:
    [record] = platform.instance.get_run_records(RunsFilter(job_name=job_name), limit=1)
    return record.dagster_run.run_id


def test_checks_pass_on_the_seed_fixtures_and_warn_on_their_unknown_type_and_score(
    fixture_range: Platform,
) -> None:
    tables = check_evaluations(
        fixture_range.instance, _latest_run_id(fixture_range, "daily_tables_job")
    )
    views = check_evaluations(
        fixture_range.instance, _latest_run_id(fixture_range, "looker_views_job")
    )
    ours = {key: e for key, e in {**tables, **views}.items() if key[1] in OURS}

    assert set(ours) == {
        (RAW, "contract"), (RAW, "contract_warnings"), (RAW, "landed_rows_are_accounted_for"),
        (MINUTE, "contract"), (MINUTE, "total_events_match_raw_events"),
        (SESSION, "contract"), (SESSION, "durations_match_raw_events"), (MASTERY, "contract"),
        ("analytics/learner_activity_summary", "contract"),
        ("analytics/content_mastery_trends", "contract"),
    }  # fmt: skip
    errors = [e for e in ours.values() if e.severity == "ERROR"]
    assert all(e.passed and e.blocking and e.metadata["failure_count"] == 0 for e in errors)
    assert ours[(MINUTE, "contract")].metadata["partition_window"] == "2025-09-05..2025-09-07"
    assert ours[(MINUTE, "contract")].metadata["rows_checked"] == 42

    # The fixtures keep an unknown event type and a score of 130, as the raw contract allows:
    # a WARN, which neither blocks nor fails the run.
    warning = ours[(RAW, "contract_warnings")]
    assert (warning.passed, warning.severity, warning.blocking) == (False, "WARN", False)
    assert warning.metadata["failure_count"] == 2
    sample = warning.metadata["failure_sample"]
    assert [
        row["event_type"] for rows in sample.values() for row in rows if "event_id" not in row
    ] == ["video_play"]
    assert [row["event_id"] for rows in sample.values() for row in rows if "event_id" in row] == [
        "evt_0056"
    ]
    # Yesterday's partition of 2025 fixtures is missing, so freshness fails (non-blocking).
    assert not tables[(RAW, "freshness_check")].passed


@dataclass(frozen=True)
class CheckedCorruption:
    success: bool
    results: dict[tuple[str, str], Evaluation]

    def failed_rules(self, asset: str, check: str) -> dict[str, int]:
        """Failed rule → failure count, asserting an ERROR, blocking failure of the window."""
        evaluation = self.results[(asset, check)]
        assert (evaluation.passed, evaluation.severity, evaluation.blocking) == (
            False,
            "ERROR",
            True,
        )
        assert evaluation.metadata["partition_window"] == str(MIDDLE)
        table = evaluation.metadata["failed_rules"]
        rules = {line.split("`")[1]: int(line.rsplit("|", 2)[1]) for line in table.splitlines()[2:]}
        assert evaluation.metadata["failure_count"] == sum(rules.values())
        return rules

    def sample(self, asset: str, check: str, rule: str) -> list[dict]:
        return self.results[(asset, check)].metadata["failure_sample"][rule]


def corrupt_then_check(platform: Platform, *statements: str) -> CheckedCorruption:
    with duckdb.connect(str(platform.warehouse)) as conn:
        for statement in statements:
            conn.execute(statement)
    run = run_table_checks(platform.defs, platform.instance, MIDDLE, MIDDLE)
    return CheckedCorruption(run.success, check_evaluations(platform.instance, run.run_id))


def replace_mastery_with_expected(platform: Platform, day: date) -> int:
    """The day's mastery rows become the hand-computed ones (whether or not the mastery
    asset ran in this build)."""
    header, rows = read_fixture("test_mastery_deltas.csv")
    day_rows = [dict(zip(header, row, strict=True)) for row in rows if row[-1] == str(day)]
    with duckdb.connect(str(platform.warehouse)) as conn:
        conn.execute("delete from analytics.mastery_deltas where partition_date = ?", [day])
        for row in day_rows:
            values = {**row, "session_id": row["session_id"] or None, "created_at": str(day)}
            columns = ", ".join(f"${name} as {name}" for name in values)
            conn.execute(f"insert into analytics.mastery_deltas by name select {columns}", values)
    return len(day_rows)


@pytest.fixture(scope="module")
def contract_breaks(
    fixture_range: Platform, tmp_path_factory: pytest.TempPathFactory
) -> CheckedCorruption:
    """One partition broken in the ways the contracts forbid, one way per rule family."""
    platform = copy_platform(fixture_range, tmp_path_factory.mktemp("contract_breaks"))
    assert replace_mastery_with_expected(platform, MIDDLE) == 6
    return corrupt_then_check(
        platform,
        # dtype drift
        "alter table analytics.session_metrics alter updated_at type timestamp_ns",
        # null key
        "update analytics.minute_metrics set learner_id = null "
        "where minute_timestamp = '2025-09-06 14:03:00'",
        # duplicate grain
        "insert into analytics.minute_metrics select * from analytics.minute_metrics "
        "where minute_timestamp = '2025-09-06 00:02:00'",
        # range
        "update analytics.session_metrics set completion_rate = 1.5 "
        "where session_id = 'session_005'",
        # cross-column rules
        "update analytics.minute_metrics set interactions = total_events "
        "where minute_timestamp = '2025-09-06 14:00:00'",
        "update analytics.mastery_deltas set mastery_delta = mastery_delta + 0.0001 "
        "where trigger_event_id = (select min(trigger_event_id) from analytics.mastery_deltas "
        "where partition_date = '2025-09-06')",
        # a 2025-09-05 row filed under 2025-09-06
        "update analytics.minute_metrics set partition_date = '2025-09-06' "
        "where minute_timestamp = '2025-09-05 23:50:00'",
        # an event type outside the contract (allowed in raw: WARN)
        "update raw.raw_events set event_type = 'video_pause' where event_id = 'evt_0040'",
    )


def test_contract_breaks_block_the_run(contract_breaks: CheckedCorruption) -> None:
    assert not contract_breaks.success


def test_dtype_drift_fails_the_contract(contract_breaks: CheckedCorruption) -> None:
    rules = contract_breaks.failed_rules(SESSION, "contract")
    assert rules["updated_at: dtype('timestamp(6)')"] == 1


def test_null_key_fails_the_contract_with_a_sample(contract_breaks: CheckedCorruption) -> None:
    assert contract_breaks.failed_rules(MINUTE, "contract")["learner_id: not_nullable"] == 1
    assert contract_breaks.sample(MINUTE, "contract", "learner_id: not_nullable") == [
        {"learner_id": None}
    ]


def test_duplicate_grain_fails_uniqueness(contract_breaks: CheckedCorruption) -> None:
    rule = "unique(learner_id, session_id, minute_timestamp)"
    assert contract_breaks.failed_rules(MINUTE, "contract")[rule] == 2
    first, second = contract_breaks.sample(MINUTE, "contract", rule)
    assert first == second and first["minute_timestamp"] == "2025-09-06 00:02:00"


def test_value_out_of_range_fails_the_contract(contract_breaks: CheckedCorruption) -> None:
    assert contract_breaks.failed_rules(SESSION, "contract")["completion_rate: in_range(0, 1)"] == 1


def test_cross_column_rules_fail_the_contract(contract_breaks: CheckedCorruption) -> None:
    minute = contract_breaks.failed_rules(MINUTE, "contract")
    assert minute["typed_counts_sum_to_at_most_total_events"] == 1
    [row] = contract_breaks.sample(MINUTE, "contract", "typed_counts_sum_to_at_most_total_events")
    assert row["minute_timestamp"] == "2025-09-06 14:00:00"
    mastery = contract_breaks.failed_rules(MASTERY, "contract")
    assert mastery == {"mastery_delta_is_current_minus_previous": 1}


def test_row_filed_under_another_partition_fails_the_partition_date_rule(
    contract_breaks: CheckedCorruption,
) -> None:
    assert (
        contract_breaks.failed_rules(MINUTE, "contract")["partition_date_is_the_minute_date"] == 1
    )


def test_unknown_event_type_only_warns(contract_breaks: CheckedCorruption) -> None:
    warning = contract_breaks.results[(RAW, "contract_warnings")]
    assert (warning.passed, warning.severity, warning.blocking) == (False, "WARN", False)
    assert warning.metadata["failure_count"] == 1
    assert contract_breaks.results[(RAW, "contract")].passed


@pytest.fixture(scope="module")
def reconciliation_breaks(
    fixture_range: Platform, tmp_path_factory: pytest.TempPathFactory
) -> CheckedCorruption:
    """Rows that each satisfy their contract but no longer reconcile with raw_events."""
    platform = copy_platform(fixture_range, tmp_path_factory.mktemp("reconciliation_breaks"))
    return corrupt_then_check(
        platform,
        "update analytics.minute_metrics set total_events = total_events + 1 "
        "where minute_timestamp = '2025-09-06 14:00:00'",
        "update analytics.session_metrics set duration_seconds = duration_seconds + 120, "
        "session_end = session_end + interval 120 second, "
        "last_activity = last_activity + interval 120 second where session_id = 'session_005'",
    )


def test_raw_count_differs_from_minute_totals(reconciliation_breaks: CheckedCorruption) -> None:
    check = "total_events_match_raw_events"
    assert reconciliation_breaks.failed_rules(MINUTE, check) == {"raw_vs_minute_counts": 1}
    assert reconciliation_breaks.sample(MINUTE, check, "raw_vs_minute_counts") == [
        {"event_date": "2025-09-06", "raw_count": 19, "aggregated_count": "20"}
    ]
    assert reconciliation_breaks.results[(MINUTE, "contract")].passed


def test_session_duration_off_by_two_minutes(reconciliation_breaks: CheckedCorruption) -> None:
    check = "durations_match_raw_events"
    assert reconciliation_breaks.failed_rules(SESSION, check) == {"session_durations": 1}
    assert reconciliation_breaks.sample(SESSION, check, "session_durations") == [
        {"session_id": "session_005", "calculated_duration": 750, "stored_duration": "870.00"}
    ]
    assert reconciliation_breaks.results[(SESSION, "contract")].passed


def test_file_landed_after_the_load_is_not_accounted_for(
    fixture_range: Platform, tmp_path: Path
) -> None:
    platform = copy_platform(fixture_range, tmp_path)
    late = pa.table({name: [None] * 3 for name in LANDING_SCHEMA.names}, schema=LANDING_SCHEMA)
    pq.write_table(late, platform.landing / "events/2025/09/06/late.parquet")
    broken = corrupt_then_check(platform)
    rule = "kept + rejected + duplicates = landed"
    assert broken.failed_rules(RAW, "landed_rows_are_accounted_for") == {rule: 1}
    assert broken.sample(RAW, "landed_rows_are_accounted_for", rule) == [
        {"partition_date": "2025-09-06", "landed": 24, "kept": 19, "rejected": 2, "duplicates": 0}
    ]
    # Blocking: the checks downstream of raw_events did not run.
    assert (MINUTE, "total_events_match_raw_events") not in broken.results
