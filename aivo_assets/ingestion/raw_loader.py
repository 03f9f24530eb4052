"""Load landed Parquet into ``raw.raw_events`` on DuckDB, one atomic replace per window.

Classification and dedupe run in SQL over the window's files (``raw_load.sql``); JSON is
parsed once; the privacy policy (PII keys, IP truncation, pseudonyms: ``raw_privacy.py``) is
applied on the way in; the window's partitions are swapped in one transaction, so a re-run
never duplicates or half-writes. A local landing is scanned by DuckDB's parallel Parquet reader;
S3 (any other pyarrow filesystem) streams in as Arrow record batches, never through pandas.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from aivo_assets.ingestion.raw_privacy import (
    PRIVATE_SOURCE,
    create_private_source,
    create_private_view,
)
from aivo_assets.lib.landing import LANDING_SCHEMA, Landing, LandingFile, key_date
from aivo_assets.privacy.privacy_policy import PrivacyCounts, PrivacyPolicy
from aivo_assets.warehouse.sql_script import run_script

CLASSIFY_SQL = (Path(__file__).parent / "raw_load.sql").read_text()
PRIVATE_REJECTS = "rejected_private"
LANDING_COLUMNS = tuple(LANDING_SCHEMA.names)
_SOURCE_COLUMNS = ", ".join(
    f'cast("{c}" as {"timestamp" if c == "timestamp" else "varchar"}) as "{c}"'
    for c in LANDING_COLUMNS
)
_BATCH_SCHEMA = pa.schema(
    [(name, pa.timestamp("us") if name == "timestamp" else pa.string()) for name in LANDING_COLUMNS]
    + [("file_row", pa.int64())]
)


class UnreadableLandingFile(RuntimeError):
    """A landed file that cannot be read as Parquet in the landing contract."""


@dataclass(frozen=True)
class PartitionLoadCounts:
    partition_date: date
    files: int
    bytes: int
    rows_landed: int
    rows_kept: int
    rows_duplicate: int
    rows_rejected: int


@dataclass(frozen=True)
class RawLoad:
    partitions: list[PartitionLoadCounts]
    privacy: PrivacyCounts


def load_raw_events(
    conn: duckdb.DuckDBPyConnection,
    landing: Landing,
    days: list[date],
    processed_at: datetime,
    policy: PrivacyPolicy,
) -> RawLoad:
    """Replace the ``days`` partitions of raw_events and raw_events_rejected from the landing."""
    files = landing.files_for_days(days)
    landed_rows = _stage(conn, landing, files)
    run_script(conn, CLASSIFY_SQL, {})
    privacy = create_private_source(conn, policy)
    create_private_view(conn, policy, PRIVATE_REJECTS, "rejected_rows")
    window = [min(days), max(days)]
    conn.execute("begin transaction")
    try:
        conn.execute("delete from raw.raw_events where partition_date between ? and ?", window)
        conn.execute(
            "delete from raw.raw_events_rejected where partition_date between ? and ?", window
        )
        conn.execute(
            f"""
            insert into raw.raw_events
            select trimmed(learner_id), trimmed(event_type), trimmed(event_id),
                   trimmed(session_id),
                   "timestamp", cast(data as json), cast(metadata as json), version,
                   $processed_at, partition_date, s3_path
            from {PRIVATE_SOURCE}
            anti join not_kept using (s3_path, file_row)
            """,
            {"processed_at": processed_at},
        )
        conn.execute(
            f"""
            insert into raw.raw_events_rejected
            select event_id, event_type, learner_id, session_id, "timestamp", data, metadata,
                   version, s3_path, partition_date, reject_reason, $processed_at
            from {PRIVATE_REJECTS}
            """,
            {"processed_at": processed_at},
        )
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return RawLoad(_counts(conn, files, landed_rows, days), privacy)


def _stage(
    conn: duckdb.DuckDBPyConnection, landing: Landing, files: list[LandingFile]
) -> dict[str, int]:
    """Expose the window's files as ``landed_source``; returns the rows landed per file."""
    landed_rows = {landed.path: _check_readable(landing, landed) for landed in files}
    conn.execute(
        "create or replace temp table landed_files "
        "(full_path varchar, s3_path varchar, partition_date date)"
    )
    if files:  # a day with nothing landed is a valid, empty partition
        conn.executemany(
            "insert into landed_files values (?, ?, ?)",
            [(landing.full_path(f.path), f.path, key_date(f.path)) for f in files],
        )
    if files and landing.is_local:
        # A view cannot take prepared parameters: the paths are inlined as quoted literals.
        paths = ", ".join(_quoted(landing.full_path(f.path)) for f in files)
        conn.execute(
            f"""
            create or replace temp view landed_source as
            select {_SOURCE_COLUMNS}, f.s3_path, f.partition_date, file_row_number as file_row
            from read_parquet([{paths}], filename = true, file_row_number = true,
                              union_by_name = true) as p
            join landed_files as f on p.filename = f.full_path
            """
        )
        return landed_rows
    conn.execute(
        f"create or replace temp table landed_arrow as select {_SOURCE_COLUMNS}, "
        "'' as s3_path, current_date as partition_date, 0::bigint as file_row "
        "from (select null as event_id, null as event_type, null as learner_id, "
        "null as session_id, null as timestamp, null as data, null as metadata, "
        "null as version) limit 0"
    )
    for landed in files:
        _stage_arrow(conn, landing, landed)
    conn.execute("create or replace temp view landed_source as select * from landed_arrow")
    return landed_rows


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _check_readable(landing: Landing, landed: LandingFile) -> int:
    """Rows of a landed file, failing with its name unless it is Parquet with the contract's
    columns (reads the footer only)."""
    try:
        with landing.filesystem.open_input_file(landing.full_path(landed.path)) as handle:
            metadata = pq.ParquetFile(handle)
            names, rows = metadata.schema_arrow.names, metadata.metadata.num_rows
    except (OSError, ValueError, pa.ArrowException) as error:
        raise UnreadableLandingFile(f"cannot read landing file {landed.path}: {error}") from error
    missing = sorted(set(LANDING_COLUMNS) - set(names))
    if missing:
        raise UnreadableLandingFile(f"landing file {landed.path} lacks columns {missing}")
    return rows


def _stage_arrow(conn: duckdb.DuckDBPyConnection, landing: Landing, landed: LandingFile) -> None:
    parquet = pq.ParquetFile(landing.filesystem.open_input_file(landing.full_path(landed.path)))
    conn.register(
        "landed_batches", pa.RecordBatchReader.from_batches(_BATCH_SCHEMA, _numbered(parquet))
    )
    try:
        conn.execute(
            "insert into landed_arrow select * exclude (file_row), $path, $day, file_row "
            "from landed_batches",
            {"path": landed.path, "day": key_date(landed.path)},
        )
    finally:
        conn.unregister("landed_batches")


def _numbered(parquet: pq.ParquetFile) -> Iterator[pa.RecordBatch]:
    """Batches cast to the landing contract's types, with each row's position in its file."""
    offset = 0
    for batch in parquet.iter_batches(batch_size=256_000, columns=list(LANDING_COLUMNS)):
        columns = [
            pc.cast(batch.column(name), _BATCH_SCHEMA.field(name).type, safe=False)
            for name in LANDING_COLUMNS
        ]
        columns.append(pa.array(np.arange(offset, offset + batch.num_rows)))
        offset += batch.num_rows
        yield pa.RecordBatch.from_arrays(columns, schema=_BATCH_SCHEMA)


def _counts(
    conn: duckdb.DuckDBPyConnection,
    files: list[LandingFile],
    landed_rows: dict[str, int],
    days: list[date],
) -> list[PartitionLoadCounts]:
    """Per partition: landed from the files' footers, rejects and replays from the SQL."""
    not_kept = {
        (day, reason): n
        for day, reason, n in conn.execute(
            """
            select partition_date, reject_reason, count(*) from rejected_rows group by all
            union all
            select partition_date, 'duplicate', count(*) from duplicate_rows group by all
            """
        ).fetchall()
    }
    result = []
    for day in days:
        day_files = [f for f in files if key_date(f.path) == day]
        landed = sum(landed_rows[f.path] for f in day_files)
        duplicate = not_kept.get((day, "duplicate"), 0)
        rejected = sum(n for (d, reason), n in not_kept.items() if d == day) - duplicate
        result.append(
            PartitionLoadCounts(
                partition_date=day,
                files=len(day_files),
                bytes=sum(f.size for f in day_files),
                rows_landed=landed,
                rows_kept=landed - duplicate - rejected,
                rows_duplicate=duplicate,
                rows_rejected=rejected,
            )
        )
    return result
