"""The validated events of one Kafka partition since its last landed file, with their offsets."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from aivo_assets.ingestion.kafka.envelope import LANDING_SCHEMA
from aivo_assets.ingestion.kafka.landing_files import landing_key, split_by_date


@dataclass(frozen=True)
class SealedRange:
    """A closed offset range of one partition and the landing files holding its events."""

    topic: str
    partition: int
    first_offset: int
    last_offset: int
    files: dict[str, pa.Table]

    @property
    def events(self) -> int:
        return sum(table.num_rows for table in self.files.values())


@dataclass
class PartitionBuffer:
    """Offsets ``first_offset..last_offset`` (inclusive, dead letters included) consumed so far.

    ``opened_at`` is the monotonic time of the first message, for the age roll.
    """

    partition: int
    opened_at: float
    first_offset: int | None = None
    last_offset: int | None = None
    tables: list[pa.Table] = field(default_factory=list)
    nbytes: int = 0

    def add(self, events: pa.Table, first_offset: int, last_offset: int) -> None:
        """Append the events of the consecutive messages ``first_offset..last_offset``."""
        if self.last_offset is not None and first_offset <= self.last_offset:
            raise ValueError(
                f"partition {self.partition}: offset {first_offset} after {self.last_offset}"
            )
        if self.first_offset is None:
            self.first_offset = first_offset
        self.last_offset = last_offset
        if events.num_rows:
            self.tables.append(events)
            self.nbytes += events.nbytes

    def seal(self, topic: str) -> SealedRange:
        if self.first_offset is None or self.last_offset is None:
            raise ValueError(f"partition {self.partition}: nothing buffered")
        events = pa.concat_tables(self.tables) if self.tables else LANDING_SCHEMA.empty_table()
        files = {
            landing_key(topic, self.partition, self.first_offset, self.last_offset, day): table
            for day, table in split_by_date(events).items()
        }
        return SealedRange(topic, self.partition, self.first_offset, self.last_offset, files)
