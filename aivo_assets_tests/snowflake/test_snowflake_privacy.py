"""The Snowflake load applies the same privacy rule as the DuckDB load, run on fakesnow."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from snowflake.connector.cursor import SnowflakeCursor

from aivo_assets.ingestion.raw_loader import load_raw_events
from aivo_assets.ingestion.snowflake_raw_loader import replace_partitions
from aivo_assets.lib.landing import Landing
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.privacy.pseudonyms import Pseudonymizer
from aivo_assets.warehouse.duckdb_warehouse import DDL
from aivo_assets.warehouse.snowflake_warehouse import SnowflakeWarehouse
from aivo_assets_tests.helpers.pii_landing import PII_VALUES, write_pii_landing
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS
from aivo_assets_tests.helpers.snowflake_staging import stage_landed

PROCESSED_AT = datetime(2025, 9, 8, 6, 0)
POLICY = PrivacyPolicy(pseudonymizer=Pseudonymizer(b"snowflake-test-key"))
KEPT = "select event_id, s3_path, learner_id, data, metadata from {} order by event_id, s3_path"


def _stage_landing(cursor: SnowflakeCursor, root: Path) -> None:
    """``raw_events_landed`` as COPY would leave it for every file under ``root``."""
    files = sorted(root.rglob("*.parquet"))
    stage_landed(cursor, {str(p.relative_to(root)): pq.read_table(p).to_pylist() for p in files})


def _comparable(rows: list[tuple]) -> list[tuple]:
    return [
        (*row[:3], *(None if text is None else json.loads(text) for text in row[3:]))
        for row in rows
    ]


def test_pii_ips_and_pseudonyms_match_the_duckdb_load(
    snowflake_warehouse: SnowflakeWarehouse, tmp_path: Path
) -> None:
    write_pii_landing(tmp_path)
    landing = Landing.from_uri(str(tmp_path))
    with duckdb.connect() as conn:
        conn.execute("set TimeZone = 'UTC'")
        conn.execute(DDL)
        load_raw_events(conn, landing, list(FIXTURE_DAYS), PROCESSED_AT, POLICY)
        duck_kept = conn.execute(KEPT.format("raw.raw_events")).fetchall()
        duck_rejected = conn.execute(KEPT.format("raw.raw_events_rejected")).fetchall()

    with snowflake_warehouse.get_connection() as conn:
        cursor = conn.cursor()
        _stage_landing(cursor, tmp_path)
        load = replace_partitions(cursor, landing, list(FIXTURE_DAYS), PROCESSED_AT, POLICY)
        kept = cursor.execute(KEPT.format("RAW.raw_events")).fetchall()
        rejected = cursor.execute(KEPT.format("RAW.raw_events_rejected")).fetchall()

    assert len(kept) == len(duck_kept) > 60
    assert _comparable(kept) == _comparable(duck_kept)
    assert [row[:3] for row in rejected] == [row[:3] for row in duck_rejected]
    stored = json.dumps([list(map(str, row)) for row in kept + rejected])
    assert [value for value in PII_VALUES if value in stored] == []
    assert "learner_00" not in stored
    assert load.privacy.learners_pseudonymized == 4
