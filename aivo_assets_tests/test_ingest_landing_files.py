"""Landing file naming, date split, roll rule, partition buffers and durable writes."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aivo_assets.ingestion.kafka.envelope import LANDING_SCHEMA
from aivo_assets.ingestion.kafka.landing_files import landing_key, roll_due, split_by_date
from aivo_assets.ingestion.kafka.landing_writer import FlushIntent, LandingWriter
from aivo_assets.ingestion.kafka.partition_buffer import PartitionBuffer
from aivo_assets.lib.landing import Landing, key_date


def _events(*stamps: datetime) -> pa.Table:
    n = len(stamps)
    columns = {name: [f"{name}_{i}" for i in range(n)] for name in LANDING_SCHEMA.names}
    columns["timestamp"] = list(stamps)
    return pa.Table.from_pydict(columns, schema=LANDING_SCHEMA)


def test_landing_key_is_in_the_landing_layout_and_sorts_by_offset() -> None:
    key = landing_key("events_raw", 3, 120, 4567, date(2025, 9, 5))
    assert key == (
        "events/2025/09/05/events_raw-p0003-0000000000000000120-0000000000000004567.parquet"
    )
    assert key_date(key) == date(2025, 9, 5)
    later = landing_key("events_raw", 3, 4568, 10_000_000, date(2025, 9, 5))
    assert sorted([later, key]) == [key, later]


def test_split_by_date_groups_by_utc_date_keeping_offset_order() -> None:
    table = _events(
        datetime(2025, 9, 6, 0, 0, 1),
        datetime(2025, 9, 5, 23, 59, 59),
        datetime(2025, 9, 6, 12),
        datetime(2025, 9, 5, 1),
    )
    groups = split_by_date(table)
    assert list(groups) == [date(2025, 9, 5), date(2025, 9, 6)]
    assert groups[date(2025, 9, 5)]["event_id"].to_pylist() == ["event_id_1", "event_id_3"]
    assert groups[date(2025, 9, 6)]["event_id"].to_pylist() == ["event_id_0", "event_id_2"]
    assert split_by_date(table.slice(0, 0)) == {}


@pytest.mark.parametrize(
    ("nbytes", "seconds", "due"), [(10, 1.0, False), (100, 1.0, True), (10, 60.0, True)]
)
def test_roll_by_size_or_age(nbytes: int, seconds: float, due: bool) -> None:
    assert roll_due(nbytes, seconds, roll_bytes=100, roll_seconds=60) is due


def test_buffer_seals_its_offset_range_into_one_file_per_date() -> None:
    buffer = PartitionBuffer(partition=1, opened_at=0.0)
    buffer.add(_events(datetime(2025, 9, 5, 23)), 10, 14)  # 4 dead letters among 10..14
    buffer.add(_events(), 15, 15)  # a message that was dead-lettered alone
    buffer.add(_events(datetime(2025, 9, 6, 1), datetime(2025, 9, 5, 22)), 16, 17)
    sealed = buffer.seal("t")
    assert (sealed.first_offset, sealed.last_offset, sealed.events) == (10, 17, 3)
    assert sorted(sealed.files) == [
        landing_key("t", 1, 10, 17, date(2025, 9, 5)),
        landing_key("t", 1, 10, 17, date(2025, 9, 6)),
    ]
    with pytest.raises(ValueError, match="offset 17 after 17"):
        buffer.add(_events(), 17, 18)


def test_a_range_of_dead_letters_only_has_no_files() -> None:
    buffer = PartitionBuffer(partition=0, opened_at=0.0)
    buffer.add(_events(), 0, 2)
    assert buffer.seal("t").files == {}


def test_writer_lands_files_atomically_and_journals_the_range(tmp_path: Path) -> None:
    landing = Landing.from_uri(str(tmp_path))
    writer = LandingWriter(landing, "t")
    buffer = PartitionBuffer(partition=2, opened_at=0.0)
    buffer.add(_events(datetime(2025, 9, 5, 8), datetime(2025, 9, 6, 9)), 0, 1)
    sealed = buffer.seal("t")
    assert writer.read_intent(2) is None

    writer.record_intent(sealed)
    written = writer.write_files(sealed)

    assert writer.read_intent(2) == FlushIntent(partition=2, first_offset=0, last_offset=1)
    assert [f.path for f in landing.list_files()] == sorted(sealed.files)
    assert written == sum(f.size for f in landing.list_files())
    assert not list(tmp_path.rglob("*.tmp")), "no temp file is left behind"
    day = pq.read_table(tmp_path / sorted(sealed.files)[0])
    assert day.schema.names == LANDING_SCHEMA.names and day.num_rows == 1
