"""Durable writes of sealed offset ranges to the landing, behind a per-partition flush journal.

Before a range's files are written its offset range is journaled under
``_ingest/<topic>/partition-NNNN.json``. If the process dies before the offsets are committed,
the next owner of the partition starts at the range's first offset, reads the journal and rolls
at exactly the journaled last offset, so it rewrites the same keys with the same rows. (Kafka
commit metadata would be the natural home for this, but tansu drops it.)

A local landing gets write-to-temp, fsync, rename; on S3 an object exists only once its PUT
(or multipart completion) succeeded, so the output stream's ``close`` is the durability point.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from aivo_assets.ingestion.kafka.partition_buffer import SealedRange
from aivo_assets.lib.landing import Landing

JOURNAL_PREFIX = "_ingest"


@dataclass(frozen=True)
class FlushIntent:
    """A range whose files were (possibly partly) written before its offsets were committed."""

    partition: int
    first_offset: int
    last_offset: int


def journal_key(topic: str, partition: int) -> str:
    return f"{JOURNAL_PREFIX}/{topic}/partition-{partition:04d}.json"


def parquet_bytes(table: pa.Table) -> pa.Buffer:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


class LandingWriter:
    """Writes one topic's files and flush journal to a landing root (local or S3)."""

    def __init__(self, landing: Landing, topic: str) -> None:
        self.landing = landing
        self.topic = topic

    def record_intent(self, sealed: SealedRange) -> None:
        intent = {
            "partition": sealed.partition,
            "first_offset": sealed.first_offset,
            "last_offset": sealed.last_offset,
            "keys": sorted(sealed.files),
        }
        self._put(journal_key(self.topic, sealed.partition), json.dumps(intent).encode())

    def read_intent(self, partition: int) -> FlushIntent | None:
        path = self.landing.full_path(journal_key(self.topic, partition))
        if self.landing.filesystem.get_file_info(path).type == pafs.FileType.NotFound:
            return None
        with self.landing.filesystem.open_input_stream(path) as stream:
            recorded = json.loads(stream.read())
        return FlushIntent(partition, int(recorded["first_offset"]), int(recorded["last_offset"]))

    def write_files(self, sealed: SealedRange) -> int:
        """Write every file of the range; return the Parquet bytes written."""
        written = 0
        for key, table in sealed.files.items():
            data = parquet_bytes(table)
            self._put(key, data)
            written += data.size
        return written

    def _put(self, key: str, data: bytes | pa.Buffer) -> None:
        path = self.landing.full_path(key)
        if isinstance(self.landing.filesystem, pafs.LocalFileSystem):
            _put_local(path, data)
        else:
            with self.landing.filesystem.open_output_stream(path) as out:
                out.write(data)


def _put_local(path: str, data: bytes | pa.Buffer) -> None:
    """Temp file, fsync, atomic rename, fsync of the directory: complete or absent after a crash.

    The temp name does not end in ``.parquet``, so no reader ever lists a half-written file.
    """
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    temp = f"{path}.tmp"
    with open(temp, "wb") as out:
        out.write(memoryview(data))
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, path)
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
