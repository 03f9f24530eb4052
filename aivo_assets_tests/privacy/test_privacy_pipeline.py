"""PII filtering, pseudonyms and the right to be forgotten, through real materializations."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from aivo_assets.lib.landing import key_date
from aivo_assets.lib.pii_keys import DEFAULT_PII_KEYS
from aivo_assets.ops.run_op_job import OpJobRun, run_op_job
from aivo_assets.privacy.forget_job import FORGET_OP
from aivo_assets.privacy.payload_scrub import IP_KEY_PATTERN, suspect_pattern, truncate_ip
from aivo_assets.privacy.pseudonyms import Pseudonymizer
from aivo_assets_tests.helpers.fixture_files import read_fixture
from aivo_assets_tests.helpers.pii_landing import PII_VALUES, REPLAY_FILE, write_pii_landing
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS, Platform, copy_platform, make_platform
from aivo_assets_tests.helpers.warehouse_snapshot import landing_rows, table_snapshot, text_values
from aivo_assets_tests.helpers.warehouse_tables import table_rows

KEY = "a-test-key-never-used-in-production"
PSEUDONYM = Pseudonymizer.from_secret(KEY)
LEARNERS = ("learner_001", "learner_002", "learner_003", "learner_004")
UNPARSEABLE_RISK = re.compile(f"{suspect_pattern(DEFAULT_PII_KEYS)}|{IP_KEY_PATTERN}")
FORGOTTEN, FORGOTTEN_SESSIONS = "learner_003", {"session_004", "session_008"}


@pytest.fixture(scope="module")
def private_platform(
    tmp_path_factory: pytest.TempPathFactory, instance: DagsterInstance
) -> Iterator[Platform]:
    """PII-laden fixtures loaded with pseudonymization on (the key stays set for the module)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AIVO_PSEUDONYM_KEY", KEY)
        platform = make_platform(tmp_path_factory.mktemp("private"), instance)
        write_pii_landing(platform.landing)
        platform.materialize(FIXTURE_DAYS[0], FIXTURE_DAYS[-1])
        yield platform


def _payloads(platform: Platform, table: str) -> dict[tuple[str, str], tuple]:
    with duckdb.connect(str(platform.warehouse), read_only=True) as conn:
        rows = conn.execute(f"select event_id, s3_path, data, metadata from {table}").fetchall()
    return {(event, path): (data, metadata) for event, path, data, metadata in rows}


def _keys_and_ips(value: object) -> Iterator[tuple[str, object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _keys_and_ips(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys_and_ips(item)


def test_pii_keys_never_reach_raw_and_ips_keep_only_their_network(
    private_platform: Platform,
) -> None:
    for table in ("raw.raw_events", "raw.raw_events_rejected"):
        for payloads in _payloads(private_platform, table).values():
            for text in filter(None, payloads):
                try:
                    parsed = json.loads(text)
                except ValueError:  # kept only when nothing in it looks like PII
                    assert not UNPARSEABLE_RISK.search(text), (table, text)
                    continue
                for key, value in _keys_and_ips(parsed):
                    assert key.lower() not in DEFAULT_PII_KEYS, (table, text)
                    if key == "ip":
                        assert truncate_ip(value) == value, (table, text)
    kept = _payloads(private_platform, "raw.raw_events")
    assert json.loads(kept["evt_0014", "events/2025/09/05/batch-0001.parquet"][1]) == {
        "source": "mobile_app",
        "ip": "2001:db8:abcd::",
        "device": {"ip": "10.9.8.0"},
    }
    assert json.loads(kept["evt_0070", "events/2025/09/07/batch-0002.parquet"][1]) == {
        "source": "web_app"
    }, "an ip that is not an address is removed"
    assert json.loads(kept["evt_0052", "events/2025/09/07/batch-0001.parquet"][0]) == {
        "lesson_id": "lesson_001"
    }, "a key spelled with a unicode escape is found"
    rejected = _payloads(private_platform, "raw.raw_events_rejected")
    assert rejected["evt_0015", "events/2025/09/05/batch-0001.parquet"][0] is None
    stored = "\n".join(text_values(private_platform.warehouse))
    assert [value for value in PII_VALUES if value in stored] == []


def test_learner_ids_are_pseudonyms_stable_across_days(private_platform: Platform) -> None:
    stored = text_values(private_platform.warehouse)
    assert not [value for value in stored if "learner_0" in value], "no raw id is stored"
    with duckdb.connect(str(private_platform.warehouse), read_only=True) as conn:
        days = dict(
            conn.execute(
                "select learner_id, count(distinct partition_date) from raw.raw_events group by 1"
            ).fetchall()
        )
        rejected = {
            r[0] for r in conn.execute("select learner_id from raw.raw_events_rejected").fetchall()
        }
    assert set(days) == {PSEUDONYM(learner) for learner in LEARNERS}
    assert days[PSEUDONYM("learner_001")] == 3, "one learner, one pseudonym, every day"
    assert all(re.fullmatch(r"lrn_[0-9a-f]{32}", ref) for ref in rejected - {None})


def test_analytics_equal_the_fixtures_and_carry_no_payloads(private_platform: Platform) -> None:
    for table, csv_name, order in (
        ("analytics.minute_metrics", "test_minute_metrics.csv", None),
        ("analytics.session_metrics", "test_session_metrics.csv", ["session_id"]),
    ):
        header, expected = read_fixture(csv_name)
        position = header.index("learner_id")
        mapped = [
            tuple(PSEUDONYM(v) if i == position else v for i, v in enumerate(row))
            for row in expected
        ]
        got = table_rows(private_platform.warehouse, table, header, order)
        assert sorted(got) == sorted(mapped), table
    with duckdb.connect(str(private_platform.warehouse), read_only=True) as conn:
        payload_columns = conn.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'analytics' "
            "and (column_name in ('data', 'metadata') or data_type = 'JSON')"
        ).fetchall()
    assert payload_columns == []


def _forget(platform: Platform, **config: str) -> OpJobRun:
    return run_op_job(platform.defs, platform.instance, "forget_learner_job", FORGET_OP, config)


def _is_forgotten_row(row: dict, learner: str, sessions: set[str]) -> bool:
    learner_id = (row.get("learner_id") or "").strip()
    return learner_id == learner or (not learner_id and row.get("session_id") in sessions)


def test_forget_removes_the_learner_for_good_and_nobody_else(
    private_platform: Platform, tmp_path: Path
) -> None:
    platform = copy_platform(private_platform, tmp_path)
    ref = PSEUDONYM(FORGOTTEN)
    tables_before, landing_before = (
        table_snapshot(platform.warehouse),
        landing_rows(platform.landing),
    )

    assert not _forget(platform, learner_id=FORGOTTEN).success, "raw ids stay out of run config"
    done = _forget(platform, pseudonym=ref, requested_by="dpo@aivo.example")
    assert done.success, done.error
    audit = done.output.audit
    assert audit.rows_removed["raw.raw_events"] == sum(
        r["learner_id"] == ref for r in tables_before["raw.raw_events"]
    )
    assert audit.rows_removed["raw.raw_events_rejected"] == 1, "the orphan row of session_004"
    assert audit.landing_files_deleted == 1, f"{REPLAY_FILE} held only the learner"
    assert REPLAY_FILE not in landing_rows(platform.landing)
    assert done.output.landing.days_changed == tuple(
        sorted(
            {
                key_date(path)
                for path, rows in landing_before.items()
                if any(_is_forgotten_row(r, FORGOTTEN, FORGOTTEN_SESSIONS) for r in rows)
            }
        )
    )

    platform.materialize(FIXTURE_DAYS[0], FIXTURE_DAYS[-1])
    tables_after, landing_after = table_snapshot(platform.warehouse), landing_rows(platform.landing)
    for name, rows in tables_before.items():
        others = [r for r in rows if not _is_forgotten_row(r, ref, FORGOTTEN_SESSIONS)]
        assert tables_after[name] == others, name
    assert ref not in "\n".join(text_values(platform.warehouse, skip=("ops.",)))
    for path, rows in landing_before.items():
        others = [r for r in rows if not _is_forgotten_row(r, FORGOTTEN, FORGOTTEN_SESSIONS)]
        assert landing_after.get(path, []) == others, path

    mtimes = {p: p.stat().st_mtime_ns for p in platform.landing.rglob("*.parquet")}
    again = _forget(platform, pseudonym=ref)
    assert again.success and again.output.rows_removed == 0
    assert again.output.audit.landing_rows_removed == 0
    assert {p: p.stat().st_mtime_ns for p in platform.landing.rglob("*.parquet")} == mtimes
    with duckdb.connect(str(platform.warehouse), read_only=True) as conn:
        trail = conn.execute(
            "select requested_by, learner_ref, learner_ref_kind from ops.forget_audit "
            "order by requested_at"
        ).fetchall()
        stored_audit = conn.execute("select * from ops.forget_audit").fetchall()
    assert [row[1:] for row in trail] == [(ref, "pseudonym")] * 2
    assert trail[0][0] == "dpo@aivo.example"
    assert FORGOTTEN not in str(stored_audit), "the audit never holds the raw id"
