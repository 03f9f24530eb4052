"""Load landed Parquet into ``RAW.raw_events`` on Snowflake, as Snowflake does it.

Each day's landing prefix is copied from the external stage into a session-temporary table
(``COPY INTO`` with ``MATCH_BY_COLUMN_NAME``, ``s3_path`` from ``METADATA$FILENAME``, rows COPY
cannot parse kept via ``VALIDATE``), then classified, deduplicated and swapped in with the same
rules as the DuckDB loader (``raw_load.sql``), in one transaction. Counts come from the same
SQL, files and bytes from the landing listing, as on DuckDB.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aivo_assets.ingestion.raw_loader import PartitionLoadCounts, RawLoad, UnreadableLandingFile
from aivo_assets.ingestion.snowflake_raw_privacy import apply_privacy_snowflake
from aivo_assets.lib.landing import Landing, LandingFile, date_prefix, key_date
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.warehouse.sql_script import split_statements

if TYPE_CHECKING:  # the snowflake extra is only needed when AIVO_WAREHOUSE=snowflake
    from snowflake.connector import SnowflakeConnection
    from snowflake.connector.cursor import SnowflakeCursor

CLASSIFY_SQL = (Path(__file__).parent / "snowflake_raw_classify.sql").read_text()
_STAGE_NAME = re.compile(r"^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*){0,2}$")

LANDED_TABLE_SQL = """
create or replace temporary table raw_events_landed (
    event_id string,
    event_type string,
    learner_id string,
    session_id string,
    timestamp timestamp_ntz,
    data string,
    metadata string,
    version string,
    s3_path string,
    file_row number,
    load_error string
)"""

# Rows COPY skipped (ON_ERROR = CONTINUE) come back as rows, so rejects and counts include them.
LOAD_ERRORS_SQL = """
insert into raw_events_landed (s3_path, file_row, load_error, data)
select
    regexp_substr(file, 'events/[0-9]{4}/[0-9]{2}/[0-9]{2}/[^/]+$'),
    "ROW_NUMBER",
    error,
    rejected_record
from table(validate(raw_events_landed, job_id => %(copy_query_id)s))"""

_WINDOW = "partition_date between %(min_date)s and %(max_date)s"
REPLACE_WINDOW_SQL = (
    f"delete from RAW.raw_events where {_WINDOW}",
    f"delete from RAW.raw_events_rejected where {_WINDOW}",
    """
    insert into RAW.raw_events (
        learner_id, event_type, event_id, session_id, timestamp, data, metadata, version,
        processed_at, partition_date, s3_path
    )
    select
        trim(learner_id), trim(event_type), trim(event_id), trim(session_id), timestamp,
        try_parse_json(data), try_parse_json(metadata), version,
        %(processed_at)s::timestamp_ntz, partition_date, s3_path
    from raw_events_source as l
    where not exists (
        select 1 from raw_events_not_kept as n
        where n.s3_path = l.s3_path and n.file_row = l.file_row
    )
    """,
    """
    insert into RAW.raw_events_rejected (
        event_id, event_type, learner_id, session_id, timestamp, data, metadata, version,
        s3_path, partition_date, reject_reason, processed_at
    )
    select
        l.event_id, l.event_type, l.learner_id, l.session_id, l.timestamp, l.data, l.metadata,
        l.version, l.s3_path, l.partition_date, r.reject_reason, %(processed_at)s::timestamp_ntz
    from raw_events_source as l
    join raw_events_rejected_rows as r on r.s3_path = l.s3_path and r.file_row = l.file_row
    """,
)

# Per partition: rows landed (loaded or not), rejected and replayed.
COUNTS_SQL = """
select partition_date, count(*), 0, 0 from raw_events_source group by partition_date
union all
select partition_date, 0, count(*), 0 from raw_events_rejected_rows group by partition_date
union all
select partition_date, 0, 0, count(*) from raw_events_duplicate_rows group by partition_date"""


@dataclass(frozen=True)
class CopiedFile:
    """One row of COPY INTO's result."""

    file: str
    status: str
    rows_parsed: int
    errors_seen: int
    first_error: str | None


def copy_day_sql(stage: str, day: date) -> str:
    """COPY the day's landing prefix of ``stage`` into ``raw_events_landed``."""
    if not _STAGE_NAME.match(stage):
        raise ValueError(f"not a stage name: {stage!r}")
    return (
        f"copy into raw_events_landed\nfrom @{stage}/{date_prefix(day)}/\n"
        "file_format = (type = parquet use_logical_type = true)\n"
        "match_by_column_name = case_insensitive\n"
        "include_metadata = (s3_path = metadata$filename, file_row = metadata$file_row_number)\n"
        "pattern = '.*[.]parquet'\n"
        "on_error = continue\n"
        # Re-running a partition reloads its files, which COPY's load metadata would skip.
        "force = true"
    )


def load_raw_events_snowflake(
    conn: SnowflakeConnection,
    landing: Landing,
    days: list[date],
    processed_at: datetime,
    stage: str,
    policy: PrivacyPolicy,
) -> RawLoad:
    """Replace the ``days`` partitions of raw_events and raw_events_rejected from the stage."""
    cursor = conn.cursor()
    cursor.execute(LANDED_TABLE_SQL)
    for day in days:
        copy_day(cursor, stage, day)
    return replace_partitions(cursor, landing, days, processed_at, policy)


def copy_day(cursor: SnowflakeCursor, stage: str, day: date) -> None:
    cursor.execute(copy_day_sql(stage, day))
    copied = copied_files(cursor.description, cursor.fetchall())
    raise_on_unreadable(copied)
    if any(f.errors_seen for f in copied):
        cursor.execute(LOAD_ERRORS_SQL, {"copy_query_id": cursor.sfqid})


def replace_partitions(
    cursor: SnowflakeCursor,
    landing: Landing,
    days: list[date],
    processed_at: datetime,
    policy: PrivacyPolicy,
) -> RawLoad:
    """Classify ``raw_events_landed``, apply ``policy`` to it and swap the window's partitions
    in one transaction."""
    for statement in split_statements(CLASSIFY_SQL):
        cursor.execute(statement)
    # After classifying (a payload dropped for PII must still count as invalid JSON), before
    # the inserts, which read the landed rows through the raw_events_source view.
    privacy = apply_privacy_snowflake(cursor, policy)
    params = {"min_date": min(days), "max_date": max(days), "processed_at": processed_at}
    cursor.execute("begin")
    try:
        for statement in REPLACE_WINDOW_SQL:
            cursor.execute(statement, params)
        cursor.execute("commit")
    except Exception:
        cursor.execute("rollback")
        raise
    counts = partition_counts(landing.files_for_days(days), days, cursor.execute(COUNTS_SQL))
    return RawLoad(counts, privacy)


def partition_counts(
    files: list[LandingFile], days: list[date], rows: Iterable[tuple[date, int, int, int]]
) -> list[PartitionLoadCounts]:
    """The load's counts per day: files and bytes from the landing, rows from ``COUNTS_SQL``."""
    landed: Counter[date] = Counter()
    rejected: Counter[date] = Counter()
    duplicate: Counter[date] = Counter()
    for day, n_landed, n_rejected, n_duplicate in rows:
        landed[day] += n_landed
        rejected[day] += n_rejected
        duplicate[day] += n_duplicate
    result = []
    for day in days:
        day_files = [f for f in files if key_date(f.path) == day]
        result.append(
            PartitionLoadCounts(
                partition_date=day,
                files=len(day_files),
                bytes=sum(f.size for f in day_files),
                rows_landed=landed[day],
                rows_kept=landed[day] - rejected[day] - duplicate[day],
                rows_duplicate=duplicate[day],
                rows_rejected=rejected[day],
            )
        )
    return result


def copied_files(description: Any, rows: list[tuple]) -> list[CopiedFile]:
    """COPY's per-file result; a COPY that matched no file returns a single status column."""
    names = [column.name.lower() for column in description]
    if "file" not in names:
        return []
    records = [dict(zip(names, row, strict=True)) for row in rows]
    return [
        CopiedFile(
            r["file"], r["status"], int(r["rows_parsed"]), int(r["errors_seen"]), r["first_error"]
        )
        for r in records
    ]


def raise_on_unreadable(copied: list[CopiedFile]) -> None:
    """A file COPY could not parse at all fails the run, naming it (as on DuckDB).

    Row-level errors in a readable file are not failures: they become rejected rows.
    """
    failed = [f for f in copied if f.status.upper() == "LOAD_FAILED" and f.rows_parsed == 0]
    if failed:
        raise UnreadableLandingFile(
            "cannot read landing file " + "; ".join(f"{f.file}: {f.first_error}" for f in failed)
        )
