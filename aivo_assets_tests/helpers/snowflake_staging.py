"""Fill the Snowflake loader's staging table by INSERT, standing in for COPY INTO.

fakesnow cannot COPY from an S3 or file stage, so the seed fixture rows are inserted into
``raw_events_landed`` exactly as COPY would leave them: text columns, ``s3_path`` relative to
the landing root, ``file_row`` numbered within each file, in the file's row order.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from snowflake.connector.cursor import SnowflakeCursor

from aivo_assets.ingestion.snowflake_raw_loader import LANDED_TABLE_SQL
from aivo_assets.lib.landing import key_date
from aivo_assets_tests.helpers.fixture_files import read_fixture

LANDED_COLUMNS = (
    "event_id", "event_type", "learner_id", "session_id", "timestamp", "data", "metadata",
    "version", "s3_path", "file_row", "load_error",
)  # fmt: skip


def stage_fixture_rows(cursor: SnowflakeCursor, days: list[date] | None = None) -> int:
    """Recreate ``raw_events_landed`` holding the fixture's rows (of ``days``, as COPY of
    those days' prefixes would); returns how many."""
    header, rows = read_fixture("test_raw_events.csv")
    position: Counter[str] = Counter()
    landed = []
    for row in rows:
        record = {name: (value or None) for name, value in zip(header, row, strict=True)}
        record["timestamp"] = record["timestamp"] and datetime.fromisoformat(record["timestamp"])
        record["file_row"] = position[record["s3_path"]] + 1  # METADATA$FILE_ROW_NUMBER
        position[record["s3_path"]] += 1
        if days is None or key_date(record["s3_path"]) in days:
            landed.append(tuple(record.get(name) for name in LANDED_COLUMNS))
    cursor.execute(LANDED_TABLE_SQL)
    placeholders = ", ".join(["%s"] * len(LANDED_COLUMNS))
    cursor.executemany(
        f"insert into raw_events_landed ({', '.join(LANDED_COLUMNS)}) values ({placeholders})",
        landed,
    )
    return len(landed)
