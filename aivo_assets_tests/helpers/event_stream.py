"""A synthetic event stream for the ingest tests: generated events plus hand-made bad messages.

``expected_reason`` is an independent oracle (plain ``json`` and ``datetime``) for the
ingester's envelope rules, so the tests never compare the implementation with itself.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from aivo_assets.lib.landing import Landing, key_date
from aivo_assets.synthetic.generator import build_day_table
from aivo_assets.synthetic.kafka_messages import envelope_values

REQUIRED = ("event_id", "event_type", "learner_id", "session_id", "timestamp")
_GOOD = {
    "event_id": "evt_bad",
    "event_type": "page_view",
    "learner_id": "learner_x",
    "session_id": "sess_x",
    "timestamp": "2025-09-05T12:00:00Z",
    "data": {"page_id": "page_0001"},
}


def _envelope(**changes: object) -> bytes:
    doc = {k: v for k, v in {**_GOOD, **changes}.items() if v is not _DROP}
    return json.dumps(doc).encode()


_DROP = object()
BAD_MESSAGES: tuple[bytes | None, ...] = (
    None,
    b"",
    b"\xff\xfe{}",
    b'{"event_id": "evt_cut", ',
    b"[1, 2, 3]",
    b'"just a string"',
    _envelope(learner_id=_DROP),
    _envelope(session_id="   "),
    _envelope(event_type=None),
    _envelope(timestamp="yesterday"),
    _envelope(timestamp=1725532200),
)


def expected_reason(value: bytes | None) -> str | None:
    """Why the ingester must dead-letter ``value`` (None: it must land)."""
    if not value:
        return "empty_message"
    try:
        doc = json.loads(value.decode("utf-8"))
    except UnicodeDecodeError:
        return "invalid_utf8"
    except ValueError:
        return "invalid_json"
    if not isinstance(doc, dict):
        return "not_an_object"
    for name in REQUIRED:
        field_value = doc.get(name)
        if field_value is None or (isinstance(field_value, str) and not field_value.strip()):
            return f"missing_field:{name}"
    if not isinstance(doc["timestamp"], str):
        return "invalid_timestamp"
    try:
        datetime.fromisoformat(doc["timestamp"])
    except ValueError:
        return "invalid_timestamp"
    return None


@dataclass
class EventStream:
    """Message values and keys in production order, and the expected outcome of each."""

    values: list[bytes | None]
    keys: list[bytes | None]
    reasons: list[str | None] = field(init=False)
    event_ids: list[str | None] = field(init=False)  # of the valid messages, else None
    event_dates: list[date | None] = field(init=False)

    def __post_init__(self) -> None:
        self.reasons = [expected_reason(v) for v in self.values]
        docs = [
            json.loads(v) if r is None else None
            for v, r in zip(self.values, self.reasons, strict=True)
        ]
        self.event_ids = [None if d is None else d["event_id"] for d in docs]
        self.event_dates = [
            None if d is None else datetime.fromisoformat(d["timestamp"]).date() for d in docs
        ]

    def valid_event_ids(self) -> set[str]:
        return {i for i in self.event_ids if i is not None}

    def valid_per_date(self) -> dict[date, int]:
        return dict(Counter(d for d in self.event_dates if d is not None))


def generated_stream(
    days: Sequence[date], events_per_day: int, bad_copies: int, id_prefix: str = "evt_"
) -> EventStream:
    """The generator's events of ``days`` in time order (keyed by session, so a session stays
    in one partition), with ``bad_copies`` of each ``BAD_MESSAGES`` at seeded positions.
    The generator numbers a day's events from zero: ``id_prefix`` keeps two streams apart."""
    table = pa.concat_tables([build_day_table(day, events_per_day) for day in days])
    ids = pc.replace_substring(table["event_id"], "evt_", id_prefix, max_replacements=1)
    table = table.set_column(table.schema.get_field_index("event_id"), "event_id", ids)
    values: list[bytes | None] = envelope_values(table).to_pylist()
    keys: list[bytes | None] = [s.encode() for s in table["session_id"].to_pylist()]
    bad = list(BAD_MESSAGES) * bad_copies
    positions = np.sort(np.random.default_rng(5).choice(len(values), len(bad), replace=False))
    for offset, (position, value) in enumerate(zip(positions.tolist(), bad, strict=True)):
        values.insert(position + offset, value)
        keys.insert(position + offset, None)
    return EventStream(values, keys)


def create_topic(bootstrap: str, topic: str, partitions: int) -> None:
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic, num_partitions=partitions)])[topic].result(timeout=10)


@dataclass
class ProducedLog:
    """Where each produced message went: index in the stream -> (partition, offset)."""

    placed: dict[int, tuple[int, int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def end_offsets(self) -> dict[int, int]:
        ends: dict[int, int] = {}
        for partition, offset in self.placed.values():
            ends[partition] = max(ends.get(partition, 0), offset + 1)
        return ends


def produce(
    bootstrap: str,
    topic: str,
    stream: EventStream,
    rows: range,
    log: ProducedLog,
    pause_every: int = 0,
    pause_seconds: float = 0.0,
) -> None:
    """Produce ``stream[rows]`` (optionally paced), recording each message's placement."""
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "acks": "all"})

    def placed(index: int):
        def on_delivery(error, message) -> None:
            assert error is None, error
            with log.lock:
                log.placed[index] = (message.partition(), message.offset())

        return on_delivery

    for i in rows:
        while True:
            try:
                producer.produce(
                    topic, value=stream.values[i], key=stream.keys[i], on_delivery=placed(i)
                )
                break
            except BufferError:
                producer.poll(0.05)
        if pause_every and (i - rows.start + 1) % pause_every == 0:
            producer.flush()
            time.sleep(pause_seconds)
    assert producer.flush(30) == 0


def committed_offsets(bootstrap: str, group: str, topic: str, partitions: int) -> dict[int, int]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
    try:
        tps = [TopicPartition(topic, p) for p in range(partitions)]
        return {tp.partition: tp.offset for tp in consumer.committed(tps, timeout=10)}
    finally:
        consumer.close()


def wait_for_commits(
    bootstrap: str, group: str, topic: str, ends: dict[int, int], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        committed = committed_offsets(bootstrap, group, topic, max(ends) + 1)
        if all(committed.get(p, -1) >= end for p, end in ends.items()):
            return
        time.sleep(0.3)
    raise TimeoutError(f"group {group} did not commit {ends} within {timeout}s: {committed}")


def read_dead_letters(
    bootstrap: str, dlq_topic: str, expected: int, timeout: float = 20.0
) -> list[tuple[dict[str, bytes], bytes | None]]:
    """Every message of the dead-letter topic as (headers, value), read until ``expected``
    distinct sources arrived (tansu's high watermarks are wrong, so no end-of-topic check)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "dlq-reader"})
    partitions = consumer.list_topics(dlq_topic, timeout=10).topics[dlq_topic].partitions
    # Assigned, not subscribed: no group join, no commits.
    consumer.assign([TopicPartition(dlq_topic, p, OFFSET_BEGINNING) for p in partitions])
    letters: list[tuple[dict[str, bytes], bytes | None]] = []
    sources: set[tuple[bytes, bytes]] = set()
    deadline = time.monotonic() + timeout
    try:
        while len(sources) < expected and time.monotonic() < deadline:
            for message in consumer.consume(1000, 0.5):
                assert message.error() is None, message.error()
                headers = dict(message.headers() or [])
                letters.append((headers, message.value()))
                sources.add((headers["dlq_source_partition"], headers["dlq_source_offset"]))
    finally:
        consumer.close()
    return letters


def landed_events(landing: Landing) -> pa.Table:
    """Every landed row with the file it is in (``path``), read straight from the landing."""
    tables = []
    for landed in landing.list_files():
        table = pq.read_table(landing.full_path(landed.path), filesystem=landing.filesystem)
        tables.append(table.append_column("path", pa.repeat(pa.scalar(landed.path), len(table))))
    return pa.concat_tables(tables)


_KEY_NAME = re.compile(
    r"^(?P<topic>.+)-p(?P<partition>\d{4})-(?P<first>\d{19})-(?P<last>\d{19})\.parquet$"
)


def assert_landed_exactly_once(landing: Landing, stream: EventStream, log: ProducedLog) -> pa.Table:
    """Every valid event landed once, in a file of its date whose name's partition and offset
    range hold the message it came from; returns the landed rows."""
    landed = landed_events(landing)
    ids = landed["event_id"].to_pylist()
    assert len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} events landed twice"
    assert set(ids) == stream.valid_event_ids()
    index_of = {event_id: i for i, event_id in enumerate(stream.event_ids) if event_id}
    for event_id, stamp, path in zip(
        ids, landed["timestamp"].to_pylist(), landed["path"].to_pylist(), strict=True
    ):
        name = _KEY_NAME.match(path.rsplit("/", 1)[1])
        assert name is not None and key_date(path) == stamp.date(), path
        partition, offset = log.placed[index_of[event_id]]
        assert int(name["partition"]) == partition, (event_id, path)
        assert int(name["first"]) <= offset <= int(name["last"]), (event_id, offset, path)
    return landed


def assert_dead_lettered(
    bootstrap: str, dlq_topic: str, stream: EventStream, log: ProducedLog
) -> None:
    """The dead-letter topic holds every invalid message (at least once), verbatim, with the
    oracle's reason, and nothing else."""
    expected = {
        log.placed[i]: (stream.values[i], reason)
        for i, reason in enumerate(stream.reasons)
        if reason is not None
    }
    letters = read_dead_letters(bootstrap, dlq_topic, len(expected))
    # An empty value and a null one (tombstone) are both "empty_message": compare them alike.
    got = {
        (int(h["dlq_source_partition"]), int(h["dlq_source_offset"])): (
            value or None,
            h["dlq_reason"].decode(),
        )
        for h, value in letters
    }
    assert got == {k: (v or None, r) for k, (v, r) in expected.items()}
