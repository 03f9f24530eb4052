"""Fill the Snowflake loader's staging table by INSERT, standing in for COPY INTO.

fakesnow cannot COPY from an S3 or file stage, so the seed fixture rows are inserted into
``raw_events_landed`` exactly as COPY would leave them: text columns, ``s3_path`` relative to
the landing root, ``file_row`` numbered within each file, in the file's row order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from snowflake.connector.cursor import SnowflakeCursor

from aivo_assets.ingestion.snowflake_raw_loader import LANDED_TABLE_SQL
from aivo_assets.lib.landing import key_date
from aivo_assets_tests.helpers.fixture_files import landing_records

LANDED_COLUMNS = (
    "event_id", "event_type", "learner_id", "session_id", "timestamp", "data", "metadata",
    "version", "s3_path", "file_row", "load_error",
)  # fmt: skip


def stage_landed(cursor: SnowflakeCursor, by_file: Mapping[str, Sequence[Mapping]]) -> int:
    """Recreate ``raw_events_landed`` holding each landed file's records as COPY would leave
    them (``file_row`` numbered from 1 within the file, like METADATA$FILE_ROW_NUMBER)."""
    landed = [
        tuple(
            {**record, "s3_path": path, "file_row": number, "load_error": None}.get(name)
            for name in LANDED_COLUMNS
        )
        for path, records in by_file.items()
        for number, record in enumerate(records, start=1)
    ]
    cursor.execute(LANDED_TABLE_SQL)
    placeholders = ", ".join(["%s"] * len(LANDED_COLUMNS))
    cursor.executemany(
        f"insert into raw_events_landed ({', '.join(LANDED_COLUMNS)}) values ({placeholders})",
        landed,
    )
    return len(landed)


def stage_fixture_rows(cursor: SnowflakeCursor, days: list[date] | None = None) -> int:
    """Stage the seed fixture's files (of ``days``, as COPY of those days' prefixes would);
    returns how many rows."""
    return stage_landed(
        cursor,
        {
            path: [{**r, "timestamp": _timestamp(r["timestamp"])} for r in records]
            for path, records in landing_records().items()
            if days is None or key_date(path) in days
        },
    )


def _timestamp(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
