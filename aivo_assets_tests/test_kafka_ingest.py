"""The ingest service against a real Kafka-protocol broker (tansu) and a local landing.

SIGTERM flushes and commits what is buffered; a rebalance flushes revoked partitions before
another member takes them; a range landed but never committed (a crash between the two) is
rewritten under the same keys by the next owner.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

from aivo_assets.ingestion.kafka.config import IngestConfig
from aivo_assets.ingestion.kafka.dead_letters import DeadLetterDeliveryError, DeadLetterQueue
from aivo_assets.ingestion.kafka.service import Ingester
from aivo_assets.lib.landing import Landing
from aivo_assets_tests.helpers.event_stream import (
    EventStream,
    ProducedLog,
    assert_dead_lettered,
    assert_landed_exactly_once,
    committed_offsets,
    create_topic,
    generated_stream,
    produce,
    wait_for_commits,
)
from aivo_assets_tests.helpers.local_servers import TansuBroker, tansu_broker
from aivo_assets_tests.helpers.process_group import free_loopback_port, wait_for

pytestmark = pytest.mark.slow
PARTITIONS = 3
NEVER = 10**12  # a roll threshold no test reaches


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TansuBroker]:
    with tansu_broker(tmp_path_factory.mktemp("tansu")) as running:
        yield running


@pytest.fixture(scope="module")
def stream() -> EventStream:
    return generated_stream([date(2025, 9, 5), date(2025, 9, 6)], 1500, bad_copies=2)


def _topic(broker: TansuBroker, name: str) -> str:
    create_topic(broker.bootstrap, name, PARTITIONS)
    return name


def _config(broker: TansuBroker, topic: str, landing: Path, **overrides: object) -> IngestConfig:
    settings = {
        "bootstrap": broker.bootstrap,
        "topic": topic,
        "group": f"{topic}-ingest",
        "landing_uri": str(landing),
        "s3_endpoint_url": None,
        "poll_seconds": 0.2,
        "session_timeout_ms": 6000,
        **overrides,
    }
    return IngestConfig(**settings)  # type: ignore[arg-type]


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_sigterm_flushes_buffered_events_and_commits(
    broker: TansuBroker, stream: EventStream, tmp_path: Path
) -> None:
    topic = _topic(broker, "sigterm")
    log = ProducedLog()
    produce(broker.bootstrap, topic, stream, range(len(stream.values)), log)
    env = {
        **os.environ,
        "AIVO_KAFKA_BOOTSTRAP": broker.bootstrap,
        "AIVO_KAFKA_TOPIC": topic,
        "AIVO_KAFKA_GROUP": "sigterm-ingest",
        "AIVO_LANDING_URI": str(tmp_path / "landing"),
        "AIVO_INGEST_ROLL_SECONDS": str(NEVER),
        "AIVO_INGEST_LOG_SECONDS": "0.3",
        "AIVO_KAFKA_SESSION_TIMEOUT_MS": "6000",
    }
    service = subprocess.Popen(
        [sys.executable, "-m", "aivo_assets.cli.main", "ingest"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(service.stderr), daemon=True)
    reader.start()
    try:
        consumed = re.compile(rf"msg/s; consumed {len(stream.values)}, .* lag \d+")
        _wait(lambda: any(consumed.search(line) for line in lines), 60, "the progress log")
        assert not (tmp_path / "landing").exists(), "nothing rolls before SIGTERM"
        service.send_signal(signal.SIGTERM)
        out, _ = service.communicate(timeout=30)
    finally:
        service.kill()
    assert service.returncode == 0, "".join(lines[-20:])
    assert f"consumed {len(stream.values)} messages" in out
    assert_landed_exactly_once(Landing.from_uri(str(tmp_path / "landing")), stream, log)
    assert committed_offsets(broker.bootstrap, "sigterm-ingest", topic, PARTITIONS) == (
        log.end_offsets()
    )
    assert_dead_lettered(broker.bootstrap, f"{topic}.dlq", stream, log)


def test_revoked_partitions_are_flushed_before_another_member_takes_them(
    broker: TansuBroker, stream: EventStream, tmp_path: Path
) -> None:
    topic = _topic(broker, "rebalance")
    config = _config(broker, topic, tmp_path / "landing", roll_seconds=NEVER)
    half = len(stream.values) // 2
    log = ProducedLog()
    produce(broker.bootstrap, topic, stream, range(half), log)
    first, second = Ingester(config), Ingester(config)
    stop = threading.Event()
    members = [threading.Thread(target=m.run, args=(stop,)) for m in (first, second)]
    members[0].start()
    try:
        _wait(lambda: first.stats.messages == half, 60, "the first member to consume")
        assert first.stats.files == 0
        members[1].start()  # joining revokes every partition of the first member
        wait_for_commits(broker.bootstrap, config.group, topic, log.end_offsets(), 60)
        assert first.stats.files > 0 and second.stats.messages == 0
        produce(broker.bootstrap, topic, stream, range(half, len(stream.values)), log)
        _wait(lambda: first.stats.messages + second.stats.messages == len(stream.values), 60,
              "both members to consume the rest")  # fmt: skip
    finally:
        stop.set()
        for member in members:
            member.join(timeout=60)
    assert second.stats.messages > 0, "the second member took over partitions"
    assert_landed_exactly_once(Landing.from_uri(str(tmp_path / "landing")), stream, log)
    wait_for_commits(broker.bootstrap, config.group, topic, log.end_offsets(), 10)


def test_a_range_landed_but_not_committed_is_rewritten_under_the_same_keys(
    broker: TansuBroker, stream: EventStream, tmp_path: Path
) -> None:
    topic = _topic(broker, "crash")
    landing = Landing.from_uri(str(tmp_path / "landing"))
    log = ProducedLog()
    produce(broker.bootstrap, topic, stream, range(2000), log)

    crashed = Ingester(_config(broker, topic, tmp_path / "landing", roll_seconds=NEVER))
    crashed.start()
    deadline = time.monotonic() + 60
    while crashed.stats.messages < 2000:
        assert time.monotonic() < deadline, "timed out consuming"
        crashed.step()
    crashed.land(crashed.buffered_partitions())  # journal and files written ...
    crashed.close()  # ... and the process gone before the commit
    before = {f.path for f in landing.list_files()}
    half_written = sorted(before)[-1]
    landing.filesystem.delete_file(landing.full_path(half_written))  # died mid-range, even

    produce(broker.bootstrap, topic, stream, range(2000, len(stream.values)), log)
    # The next owner rolls far more often, yet must end its first ranges where the journal says.
    successor = Ingester(_config(broker, topic, tmp_path / "landing", roll_bytes=50_000))
    successor.run(max_messages=len(stream.values))

    after = {f.path for f in landing.list_files()}
    assert before <= after, "the same keys were rewritten, the half-written one included"
    assert len(after) > len(before)
    assert_landed_exactly_once(landing, stream, log)
    assert committed_offsets(broker.bootstrap, f"{topic}-ingest", topic, PARTITIONS) == (
        log.end_offsets()
    )


def test_dead_letters_the_broker_never_acknowledges_fail_the_flush(broker: TansuBroker) -> None:
    """The ingester flushes dead letters before committing offsets: an error here keeps the
    rejected messages' offsets uncommitted, so they are read and dead-lettered again."""
    topic = _topic(broker, "dlq-unreachable")
    producer = Producer({"bootstrap.servers": broker.bootstrap})
    producer.produce(topic, value=b"{not json", key=b"k", partition=0)
    assert producer.flush(10) == 0
    consumer = Consumer(
        {"bootstrap.servers": broker.bootstrap, "group.id": topic, "enable.auto.commit": False}
    )
    consumer.assign([TopicPartition(topic, 0, 0)])
    try:
        message = wait_for(lambda: consumer.poll(0.5), 20, "the produced message", interval=0)
    finally:
        consumer.close()
    assert message.error() is None and message.value() == b"{not json"

    nobody = Producer(
        {"bootstrap.servers": f"127.0.0.1:{free_loopback_port()}", "message.timeout.ms": 1000}
    )
    dead_letters = DeadLetterQueue(nobody, f"{topic}.dlq")
    dead_letters.send([message], ["invalid_json"])
    with pytest.raises(DeadLetterDeliveryError, match=r"0 dead letters unacknowledged, 1 failed"):
        dead_letters.flush(timeout=10)
    dead_letters.close()
