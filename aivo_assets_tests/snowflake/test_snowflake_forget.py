"""Forgetting a learner on Snowflake (fakesnow): every learner table, the landing, the audit."""

from __future__ import annotations

import json
from contextlib import closing
from datetime import datetime
from pathlib import Path

from aivo_assets.ingestion.snowflake_raw_loader import replace_partitions
from aivo_assets.lib.landing import Landing
from aivo_assets.privacy.forget import ForgetRequest, forget_learner
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.warehouse.snowflake_warehouse import SnowflakeWarehouse
from aivo_assets_tests.helpers.fixture_files import write_landing
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS
from aivo_assets_tests.helpers.snowflake_staging import stage_fixture_rows
from aivo_assets_tests.helpers.warehouse_snapshot import landing_rows

LOADED_AT = datetime(2025, 9, 8, 6, 0)
COUNT = "select count(*) from {} where learner_id = 'learner_003' or session_id = 'session_004'"


def test_forget_on_snowflake_removes_the_learner_and_audits_it(
    snowflake_warehouse: SnowflakeWarehouse, tmp_path: Path
) -> None:
    write_landing(tmp_path)
    landing = Landing.from_uri(str(tmp_path))
    request = ForgetRequest("learner_003", "learner_id", "dpo@aivo.example")
    with snowflake_warehouse.get_connection() as conn, closing(conn.cursor()) as cursor:
        stage_fixture_rows(cursor)
        replace_partitions(cursor, landing, list(FIXTURE_DAYS), LOADED_AT, PrivacyPolicy())
        kept_before = cursor.execute("select count(*) from RAW.raw_events").fetchone()[0]
        report = forget_learner(cursor, landing, request, dagster_run_id="run-1")
        remaining = {
            table: cursor.execute(COUNT.format(table)).fetchone()[0]
            for table in ("RAW.raw_events", "RAW.raw_events_rejected")
        }
        kept_after = cursor.execute("select count(*) from RAW.raw_events").fetchone()[0]
        audit = cursor.execute(
            "select learner_ref, requested_by, rows_removed, dagster_run_id from OPS.forget_audit"
        ).fetchall()

    assert report.audit.rows_removed["raw.raw_events"] == 12 == kept_before - kept_after
    assert report.audit.rows_removed["raw.raw_events_rejected"] == 1, "the orphan of session_004"
    assert remaining == {"RAW.raw_events": 0, "RAW.raw_events_rejected": 0}
    [(ref, who, rows, run_id)] = audit
    assert (ref, who, run_id) == ("learner_003", "dpo@aivo.example", "run-1")
    assert json.loads(rows) == report.audit.rows_removed
    landed = [row for rows in landing_rows(tmp_path).values() for row in rows]
    assert not [r for r in landed if r["learner_id"] == "learner_003"]
    assert report.landing.rows_removed == 13
