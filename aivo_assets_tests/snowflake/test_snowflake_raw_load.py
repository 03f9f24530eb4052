"""The Snowflake RAW load after COPY, run for real on fakesnow against the seed fixtures.

fakesnow cannot COPY from a stage, so the staging table is filled by INSERT as COPY would
leave it (``helpers/snowflake_staging.py``); classification, dedupe, the one-transaction
replace and the counts then run exactly as in production. The COPY statement itself is
checked in ``test_snowflake_sql.py``.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from snowflake.connector.cursor import SnowflakeCursor
from snowflake.connector.errors import ProgrammingError

from aivo_assets.ingestion.raw_loader import load_raw_events
from aivo_assets.ingestion.snowflake_raw_loader import replace_partitions
from aivo_assets.lib.landing import Landing
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.warehouse.duckdb_warehouse import DDL
from aivo_assets.warehouse.snowflake_warehouse import SnowflakeWarehouse
from aivo_assets_tests.helpers.fixture_files import (
    counts_by_day,
    fixture_counts,
    read_fixture,
    write_landing,
)
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS
from aivo_assets_tests.helpers.snowflake_staging import stage_fixture_rows
from aivo_assets_tests.helpers.warehouse_tables import as_text

PROCESSED_AT = datetime(2025, 9, 8, 6, 0)
RAW_COLUMNS = "event_id, s3_path, partition_date, learner_id, session_id, event_type, version"


@pytest.fixture
def landing(tmp_path: Path) -> Landing:
    write_landing(tmp_path)
    return Landing.from_uri(str(tmp_path))


def _text_rows(cursor: SnowflakeCursor, query: str) -> list[tuple[str, ...]]:
    return [tuple(as_text(v) for v in row) for row in cursor.execute(query).fetchall()]


def _json(text: str | None) -> object:
    return None if text is None else json.loads(text)


def _duckdb_raw(landing: Landing) -> tuple[list[tuple], list[tuple]]:
    """The DuckDB loader's raw rows for the same landing: the reference for parity."""
    with duckdb.connect() as conn:
        conn.execute("set TimeZone = 'UTC'")
        conn.execute(DDL)
        load_raw_events(conn, landing, list(FIXTURE_DAYS), PROCESSED_AT, PrivacyPolicy())
        kept = conn.execute(
            f'select {RAW_COLUMNS}, "timestamp", data::varchar, metadata::varchar '
            "from raw.raw_events order by event_id"
        ).fetchall()
    return [tuple(as_text(v) for v in row[:-2]) for row in kept], [
        (_json(row[-2]), _json(row[-1])) for row in kept
    ]


def test_replace_from_staged_rows_equals_the_fixtures_and_the_duckdb_loader(
    snowflake_warehouse: SnowflakeWarehouse, landing: Landing
) -> None:
    with snowflake_warehouse.get_connection() as conn:
        cursor = conn.cursor()
        stage_fixture_rows(cursor)
        counts = replace_partitions(
            cursor, landing, list(FIXTURE_DAYS), PROCESSED_AT, PrivacyPolicy()
        ).partitions
        rejected = _text_rows(
            cursor,
            "select event_id, s3_path, partition_date, reject_reason "
            "from RAW.raw_events_rejected order by s3_path, event_id",
        )
        kept = cursor.execute(
            f"select {RAW_COLUMNS}, timestamp, data, metadata, processed_at "
            "from RAW.raw_events order by event_id"
        ).fetchall()

    assert counts_by_day(counts) == fixture_counts()
    assert [c.files for c in counts] == [3, 2, 2]
    assert rejected == read_fixture("test_raw_events_rejected.csv")[1]

    duck_columns, duck_payloads = _duckdb_raw(landing)
    assert [tuple(as_text(v) for v in row[:8]) for row in kept] == duck_columns
    assert [(_json(row[8]), _json(row[9])) for row in kept] == duck_payloads
    assert {row[10] for row in kept} == {PROCESSED_AT}


def test_rerunning_a_window_replaces_it_and_unparseable_rows_are_rejected(
    snowflake_warehouse: SnowflakeWarehouse, landing: Landing
) -> None:
    day = FIXTURE_DAYS[1]
    with snowflake_warehouse.get_connection() as conn:
        cursor = conn.cursor()
        stage_fixture_rows(cursor)
        replace_partitions(cursor, landing, list(FIXTURE_DAYS), PROCESSED_AT, PrivacyPolicy())
        before = cursor.execute("select count(*) from RAW.raw_events").fetchone()[0]

        # What VALIDATE returns for a row COPY could not convert, as the loader stores it.
        stage_fixture_rows(cursor, [day])
        cursor.execute(
            "insert into raw_events_landed (s3_path, file_row, load_error, data) values "
            "('events/2025/09/06/batch-0002.parquet', 99, 'Numeric value ''x'' is not "
            'recognized\', \'{"timestamp": "x"}\')'
        )
        counts = replace_partitions(
            cursor, landing, [day], PROCESSED_AT, PrivacyPolicy()
        ).partitions
        after = cursor.execute("select count(*) from RAW.raw_events").fetchone()[0]
        unparseable = _text_rows(
            cursor,
            "select s3_path, partition_date, data from RAW.raw_events_rejected "
            "where reject_reason = 'unparseable_row'",
        )
    assert after == before
    [counted] = counts
    assert (counted.rows_landed, counted.rows_kept, counted.rows_rejected) == (22, 19, 3)
    assert unparseable == [("events/2025/09/06/batch-0002.parquet", str(day), '{"timestamp": "x"}')]


def test_a_failing_replace_rolls_back_and_leaves_the_partitions_as_they_were(
    snowflake_warehouse: SnowflakeWarehouse, landing: Landing
) -> None:
    with snowflake_warehouse.get_connection() as conn:
        cursor = conn.cursor()
        stage_fixture_rows(cursor)
        replace_partitions(cursor, landing, list(FIXTURE_DAYS), PROCESSED_AT, PrivacyPolicy())
        before = _text_rows(cursor, "select event_id from RAW.raw_events order by event_id")

        stage_fixture_rows(cursor)
        # The second statement of the transaction fails after the first deleted the window.
        cursor.execute("drop table RAW.raw_events_rejected")
        with pytest.raises(ProgrammingError, match=r"(?i)raw_events_rejected"):
            replace_partitions(
                cursor, landing, list(FIXTURE_DAYS), datetime(2026, 1, 1), PrivacyPolicy()
            )
        after = _text_rows(cursor, "select event_id from RAW.raw_events order by event_id")
        processed = cursor.execute("select distinct processed_at from RAW.raw_events").fetchall()
    assert after == before
    assert processed == [(PROCESSED_AT,)]
