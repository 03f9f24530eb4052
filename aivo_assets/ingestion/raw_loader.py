"""Load landed Parquet into ``raw.raw_events`` on DuckDB, one atomic replace per window.

Files stream in as Arrow record batches (never through pandas), the classification and dedupe
run in SQL, and the window's partitions are swapped in one transaction, so a re-run never
duplicates or half-writes.
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

from aivo_assets.lib.landing import Landing, LandingFile, key_date

CLASSIFY_SQL = (Path(__file__).parent / "raw_load.sql").read_text()
LANDING_COLUMNS = (
    "event_id", "event_type", "learner_id", "session_id", "timestamp", "data", "metadata", "version"
)  # fmt: skip
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


def load_raw_events(
    conn: duckdb.DuckDBPyConnection,
    landing: Landing,
    days: list[date],
    processed_at: datetime,
) -> list[PartitionLoadCounts]:
    """Replace the ``days`` partitions of raw_events and raw_events_rejected from the landing."""
    files = landing.files_for_days(days)
    conn.execute(
        "create or replace temp table landed ("
        + ", ".join(f'"{f.name}" {_duck_type(f.type)}' for f in _BATCH_SCHEMA)
        + ", s3_path varchar, partition_date date)"
    )
    for landed in files:
        _stage_file(conn, landing, landed)
    conn.execute(CLASSIFY_SQL)
    window = [min(days), max(days)]
    conn.execute("begin transaction")
    try:
        conn.execute("delete from raw.raw_events where partition_date between ? and ?", window)
        conn.execute(
            "delete from raw.raw_events_rejected where partition_date between ? and ?",
            window,
        )
        conn.execute(
            """
            insert into raw.raw_events
            select learner_id, event_type, event_id, session_id, "timestamp",
                   cast(data as json), cast(metadata as json), version,
                   $processed_at, partition_date, s3_path
            from classified where reject_reason is null and not is_duplicate
            order by partition_date, learner_id, "timestamp"
            """,
            {"processed_at": processed_at},
        )
        conn.execute(
            """
            insert into raw.raw_events_rejected
            select event_id, event_type, learner_id, session_id, "timestamp", data, metadata,
                   version, s3_path, partition_date, reject_reason, $processed_at
            from classified where reject_reason is not null
            """,
            {"processed_at": processed_at},
        )
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return _counts(conn, files, days)


def _stage_file(conn: duckdb.DuckDBPyConnection, landing: Landing, landed: LandingFile) -> None:
    path_date = key_date(landed.path)
    try:
        parquet = pq.ParquetFile(landing.filesystem.open_input_file(landing.full_path(landed.path)))
        missing = set(LANDING_COLUMNS) - set(parquet.schema_arrow.names)
        if missing:
            raise ValueError(f"missing columns {sorted(missing)}")
        conn.register(
            "landed_batches",
            pa.RecordBatchReader.from_batches(_BATCH_SCHEMA, _numbered(parquet)),
        )
        conn.execute(
            "insert into landed select *, $path, $day from landed_batches",
            {"path": landed.path, "day": path_date},
        )
    except (OSError, ValueError, pa.ArrowException, duckdb.Error) as error:
        raise UnreadableLandingFile(f"cannot read landing file {landed.path}: {error}") from error
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
    conn: duckdb.DuckDBPyConnection, files: list[LandingFile], days: list[date]
) -> list[PartitionLoadCounts]:
    rows = {
        row[0]: row[1:]
        for row in conn.execute(
            """
            select partition_date, count(*),
                   count(*) filter (where reject_reason is null and not is_duplicate),
                   count(*) filter (where is_duplicate),
                   count(*) filter (where reject_reason is not null)
            from classified group by partition_date
            """
        ).fetchall()
    }
    return partition_counts(files, days, rows)


def partition_counts(
    files: list[LandingFile], days: list[date], classified: dict[date, tuple[int, int, int, int]]
) -> list[PartitionLoadCounts]:
    """Per day: the landing's files and bytes, and (landed, kept, duplicate, rejected) rows."""
    result = []
    for day in days:
        day_files = [f for f in files if key_date(f.path) == day]
        landed, kept, duplicate, rejected = classified.get(day, (0, 0, 0, 0))
        result.append(
            PartitionLoadCounts(
                day,
                len(day_files),
                sum(f.size for f in day_files),
                landed,
                kept,
                duplicate,
                rejected,
            )
        )
    return result


def _duck_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_timestamp(arrow_type):
        return "timestamp"
    if pa.types.is_integer(arrow_type):
        return "bigint"
    return "varchar"
