"""``aivo ingest``: the consumer loop from the events topic to Parquet files in the landing.

Batch by batch: ``consume`` up to ``batch_messages``, validate the values in one DuckDB
statement, send rejects to the dead-letter topic, append the valid events per partition.
A partition's buffer rolls by size or age into one file per event date; then, in this order,
its journal entry and files are written durably, the dead letters acknowledged, and only then
its offsets committed. Revoked partitions are flushed the same way before they are given up;
SIGTERM/SIGINT flush and commit everything, then leave the group.
"""

from __future__ import annotations

import itertools
import logging
import signal
import threading
import time
from collections.abc import Iterable

import numpy as np
import pyarrow as pa
from confluent_kafka import Consumer, KafkaException, Message, Producer, TopicPartition

from aivo_assets.ingestion.kafka.config import IngestConfig
from aivo_assets.ingestion.kafka.dead_letters import DeadLetterQueue, ensure_topic
from aivo_assets.ingestion.kafka.envelope import envelope_connection, validate_envelopes
from aivo_assets.ingestion.kafka.landing_files import roll_due
from aivo_assets.ingestion.kafka.landing_writer import FlushIntent, LandingWriter
from aivo_assets.ingestion.kafka.partition_buffer import PartitionBuffer, SealedRange
from aivo_assets.ingestion.kafka.progress import IngestStats, ProgressLog
from aivo_assets.lib.landing import Landing

log = logging.getLogger("aivo.ingest")


class Ingester:
    """One member of the ingest consumer group; ``run`` until stopped, idle or failed."""

    def __init__(self, config: IngestConfig) -> None:
        self.config = config
        self.landing = Landing.from_uri(config.landing_uri, config.s3_endpoint_url)
        self.writer = LandingWriter(self.landing, config.topic)
        self.consumer = Consumer(config.consumer_config())
        self.dead_letters = DeadLetterQueue(Producer(config.producer_config()), config.dlq_topic)
        self.stats = IngestStats()
        self._conn = envelope_connection()
        self._progress = ProgressLog(config.log_seconds)
        self._assigned: set[int] = set()
        self._buffers: dict[int, PartitionBuffer] = {}
        self._positions: dict[int, int] = {}
        # Journal entries read at assignment; the partition's first message decides whether
        # the journaled range must be replayed, and ``_replay_until`` then pins its last offset.
        self._journaled: dict[int, FlushIntent] = {}
        self._replay_until: dict[int, int] = {}

    def run(
        self,
        stop: threading.Event | None = None,
        max_idle_seconds: float | None = None,
        max_messages: int | None = None,
    ) -> IngestStats:
        """Consume until ``stop`` is set, nothing arrived for ``max_idle_seconds`` or at least
        ``max_messages`` were consumed; then flush, commit and leave the group."""
        stop = stop or threading.Event()
        self.start()
        try:
            idle_since = time.monotonic()
            while not stop.is_set():
                consumed = self.step()
                now = time.monotonic()
                if consumed or not self._assigned:  # idle counts from the group assignment
                    idle_since = now
                elif max_idle_seconds is not None and now - idle_since >= max_idle_seconds:
                    break
                if max_messages is not None and self.stats.messages >= max_messages:
                    break
            self._flush(self._flushable(self._buffers))
        finally:
            self.close()
        log.info("stopped: %s", self.stats)
        return self.stats

    def start(self) -> None:
        """Make sure the dead-letter topic exists and join the consumer group."""
        ensure_topic({"bootstrap.servers": self.config.bootstrap}, self.config.dlq_topic)
        self.consumer.subscribe(
            [self.config.topic],
            on_assign=self._on_assign,
            on_revoke=self._on_revoke,
            on_lost=self._on_lost,
        )

    def step(self) -> int:
        """One consume, validate, buffer and roll cycle; returns the messages consumed."""
        batch = self.consumer.consume(self.config.batch_messages, self.config.poll_seconds)
        now = time.monotonic()
        self._ingest(batch, now)
        self._roll(now)
        self._progress.maybe_log(now, self.stats, self._lag)
        return len(batch)

    def buffered_partitions(self) -> list[int]:
        return sorted(self._buffers)

    def land(self, partitions: Iterable[int]) -> list[SealedRange]:
        """Seal the partitions' buffers and write their journal entries and files durably."""
        sealed = [self._buffers.pop(p).seal(self.config.topic) for p in partitions]
        for done in sealed:
            if done.files:
                self.writer.record_intent(done)
                self.stats.bytes_written += self.writer.write_files(done)
                self.stats.files += len(done.files)
                self.stats.events_landed += done.events
        return sealed

    def commit(self, sealed: list[SealedRange]) -> None:
        """Once the ranges are landed: wait for their dead letters, then commit their offsets."""
        if not sealed:
            return
        self.dead_letters.flush()
        offsets = [
            TopicPartition(self.config.topic, done.partition, done.last_offset + 1)
            for done in sealed
        ]
        for committed in self.consumer.commit(offsets=offsets, asynchronous=False) or []:
            if committed.error is not None:
                raise KafkaException(committed.error)
        self.stats.commits += 1
        self.stats.last_commit_at = time.monotonic()
        log.debug("committed %s", [(d.partition, d.last_offset + 1) for d in sealed])

    def close(self) -> None:
        """Leave the group; whatever is still buffered is neither written nor committed."""
        self._buffers.clear()
        try:
            self.consumer.close()
        finally:
            self.dead_letters.close()

    def _ingest(self, batch: list[Message], now: float) -> None:
        if not batch:
            return
        if self.stats.first_message_at is None:
            self.stats.first_message_at = now
        messages, partitions = self._usable(batch)
        if not messages:
            return
        offsets = np.fromiter((m.offset() for m in messages), np.int64, len(messages))
        values = pa.array([m.value() for m in messages], pa.binary())
        checked = validate_envelopes(values, self._conn)
        self.stats.messages += len(messages)
        if len(checked.rejected_rows):
            rejected = [messages[i] for i in checked.rejected_rows.tolist()]
            self.dead_letters.send(rejected, checked.rejected_reasons)
            self.stats.dead_letters += len(rejected)
        rows = checked.events.column("row").to_numpy()
        events = checked.events.drop_columns(["row"])
        event_partitions, event_offsets = partitions[rows], offsets[rows]
        for partition in np.unique(partitions).tolist():
            mine = event_partitions == partition
            self._append(
                partition,
                events.filter(pa.array(mine)),
                event_offsets[mine],
                offsets[partitions == partition],
                now,
            )

    def _usable(self, batch: list[Message]) -> tuple[list[Message], np.ndarray]:
        """The batch without error events (fatal ones raise) and stale revoked-partition messages,
        with each message's partition."""
        if any(m.error() is not None for m in batch):
            for error in (m.error() for m in batch if m.error() is not None):
                if error.fatal():
                    raise KafkaException(error)
                log.warning("consumer error: %s", error)
            batch = [m for m in batch if m.error() is None]
        partitions = np.fromiter((m.partition() for m in batch), np.int32, len(batch))
        assigned = np.isin(partitions, np.fromiter(self._assigned, np.int32))
        if not assigned.all():
            batch, partitions = list(itertools.compress(batch, assigned)), partitions[assigned]
        return batch, partitions

    def _append(
        self,
        partition: int,
        events: pa.Table,
        event_offsets: np.ndarray,
        message_offsets: np.ndarray,
        now: float,
    ) -> None:
        """Buffer one partition's slice of a batch, rolling exactly at a journaled boundary."""
        first, last = int(message_offsets[0]), int(message_offsets[-1])
        self._positions[partition] = last + 1
        intent = self._journaled.pop(partition, None)
        if intent is not None and intent.first_offset == first:
            log.info(
                "partition %d: rewriting uncommitted range %d..%d",
                partition,
                intent.first_offset,
                intent.last_offset,
            )
            self._replay_until[partition] = intent.last_offset
        until = self._replay_until.get(partition)
        if until is not None and last >= until:
            head = event_offsets <= until
            self._buffer(partition, now).add(events.filter(pa.array(head)), first, until)
            del self._replay_until[partition]
            self._flush([partition])
            rest = message_offsets > until
            if not rest.any():
                return
            events, first = events.filter(pa.array(~head)), int(message_offsets[rest][0])
        self._buffer(partition, now).add(events, first, last)

    def _buffer(self, partition: int, now: float) -> PartitionBuffer:
        if partition not in self._buffers:
            self._buffers[partition] = PartitionBuffer(partition, opened_at=now)
        return self._buffers[partition]

    def _roll(self, now: float) -> None:
        due = [
            p
            for p, buffer in self._buffers.items()
            if roll_due(
                buffer.nbytes,
                now - buffer.opened_at,
                self.config.roll_bytes,
                self.config.roll_seconds,
            )
        ]
        self._flush(self._flushable(due))

    def _flushable(self, partitions: Iterable[int]) -> list[int]:
        """A range being replayed ends only at its journaled offset, never earlier."""
        return sorted(p for p in partitions if p not in self._replay_until)

    def _flush(self, partitions: list[int]) -> None:
        self.commit(self.land(partitions))

    def _on_assign(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        for tp in partitions:
            self._assigned.add(tp.partition)
            intent = self.writer.read_intent(tp.partition)
            if intent is not None:
                self._journaled[tp.partition] = intent
        log.info("assigned partitions %s", sorted(tp.partition for tp in partitions))

    def _on_revoke(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        revoked = [tp.partition for tp in partitions]
        log.info("partitions %s revoked: flushing before giving them up", sorted(revoked))
        self._flush(self._flushable(p for p in revoked if p in self._buffers))
        self._forget(revoked)

    def _on_lost(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        lost = [tp.partition for tp in partitions]
        log.warning("partitions %s lost: dropping their uncommitted buffers", sorted(lost))
        self._forget(lost)

    def _forget(self, partitions: list[int]) -> None:
        for p in partitions:
            self._assigned.discard(p)
            for state in (self._buffers, self._positions, self._journaled, self._replay_until):
                state.pop(p, None)

    def _lag(self) -> dict[int, int]:
        """Messages behind the high watermark the broker last reported, per partition."""
        lag = {}
        for partition, position in self._positions.items():
            watermarks = self.consumer.get_watermark_offsets(
                TopicPartition(self.config.topic, partition), cached=True
            )
            if watermarks and watermarks[1] >= 0:
                lag[partition] = max(0, watermarks[1] - position)
        return lag


def serve(config: IngestConfig, max_idle_seconds: float | None = None) -> IngestStats:
    """Run an ``Ingester`` until SIGTERM/SIGINT (or idle), then flush, commit and leave."""
    stop = threading.Event()
    handlers = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        return Ingester(config).run(stop, max_idle_seconds)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
