"""Ingest throughput against a local tansu broker: ``aivo ingest`` vs. a bare JSON consumer.

    .venv/bin/python benches/ingest_throughput.py [--events 200000] [--partitions 3] [--s3]

Produces ~``--events`` generated events (one day, envelope JSON as producers send it) to a fresh
topic, then reads the topic twice from the beginning with two consumer groups:

* raw: confluent-kafka ``consume`` batches + ``json.loads`` of every value (the floor any
  Python consumer pays);
* ingest: the ``Ingester`` (validate, dead-letter, buffer, write Parquet, commit) into a temp
  local landing, or moto S3 with ``--s3``.

Rates are messages / seconds from the first message consumed to the last one (raw) or to the
final commit (ingest), so the ~3 s consumer-group join is not counted.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the test helpers start tansu and moto

import boto3  # noqa: E402
from confluent_kafka import Consumer, Producer  # noqa: E402

from aivo_assets.ingestion.kafka.config import IngestConfig  # noqa: E402
from aivo_assets.ingestion.kafka.service import Ingester  # noqa: E402
from aivo_assets.synthetic.generator import build_day_table  # noqa: E402
from aivo_assets.synthetic.kafka_messages import envelope_values  # noqa: E402
from aivo_assets_tests.helpers.event_stream import create_topic  # noqa: E402
from aivo_assets_tests.helpers.local_servers import moto_s3, tansu_broker  # noqa: E402

TOPIC = "events_raw"
SESSION_TIMEOUT_MS = 3000


def produce(bootstrap: str, events: int) -> int:
    table = build_day_table(date(2025, 9, 5), events)
    values = envelope_values(table).to_pylist()
    keys = table["session_id"].to_pylist()
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20})
    started = time.monotonic()
    for value, key in zip(values, keys, strict=True):
        while True:
            try:
                producer.produce(TOPIC, value=value, key=key.encode())
                break
            except BufferError:
                producer.poll(0.05)
    producer.flush()
    print(f"produced {len(values):,} messages in {time.monotonic() - started:.1f}s")
    return len(values)


def raw_consume_rate(bootstrap: str, messages: int) -> float:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": "bench-raw",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            "session.timeout.ms": SESSION_TIMEOUT_MS,
        }
    )
    consumer.subscribe([TOPIC])
    seen, broken, first = 0, 0, None
    while seen < messages:
        batch = consumer.consume(20_000, 0.5)
        if batch and first is None:
            first = time.monotonic()
        for message in batch:
            try:
                json.loads(message.value())
            except ValueError:  # the generator's few broken messages
                broken += 1
        seen += len(batch)
    elapsed = time.monotonic() - first
    consumer.close()
    print(f"raw: {seen:,} messages, {broken} not JSON")
    return seen / elapsed


def ingest_rate(bootstrap: str, messages: int, landing_uri: str, endpoint: str | None) -> float:
    config = IngestConfig(
        bootstrap=bootstrap,
        topic=TOPIC,
        group="bench-ingest",
        landing_uri=landing_uri,
        s3_endpoint_url=endpoint,
        session_timeout_ms=SESSION_TIMEOUT_MS,
    )
    stats = Ingester(config).run(max_messages=messages)
    print(
        f"ingest: {stats.events_landed:,} events landed in {stats.files} files "
        f"({stats.bytes_written / 1e6:.1f} MB), {stats.dead_letters} dead letters"
    )
    return stats.events_per_second()


@dataclass(frozen=True)
class IngestRates:
    raw: float  # messages per second, confluent-kafka consume + json.loads
    ingest: float  # messages per second through the Ingester to the landing
    landing: str  # "local" or "moto S3"

    @property
    def ratio(self) -> float:
        return self.ingest / self.raw


def measure_ingest(events: int, partitions: int, s3: bool) -> IngestRates:
    """Both rates on one topic of ``events`` generated events, on a fresh broker."""
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        broker = stack.enter_context(tansu_broker(scratch))
        landing_uri, endpoint = str(scratch / "landing"), None
        if s3:
            moto = stack.enter_context(moto_s3(scratch))
            os.environ.update(moto.env())  # pyarrow's S3 client reads its credentials here
            boto3.client("s3", endpoint_url=moto.endpoint_url).create_bucket(Bucket="bench")
            landing_uri, endpoint = "s3://bench/landing", moto.endpoint_url
        create_topic(broker.bootstrap, TOPIC, partitions)
        messages = produce(broker.bootstrap, events)
        raw = raw_consume_rate(broker.bootstrap, messages)
        ingest = ingest_rate(broker.bootstrap, messages, landing_uri, endpoint)
    return IngestRates(raw, ingest, "moto S3" if s3 else "local")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--s3", action="store_true", help="land on moto S3, not a local dir")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    rates = measure_ingest(args.events, args.partitions, args.s3)
    print(f"raw confluent-kafka consume + json.loads: {rates.raw:>10,.0f} msg/s")
    print(f"aivo ingest ({rates.landing} landing):   {rates.ingest:>10,.0f} msg/s")
    print(f"ratio ingest / raw: {rates.ratio:.2f}")


if __name__ == "__main__":
    main()
