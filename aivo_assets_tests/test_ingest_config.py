"""``aivo ingest`` configuration from the environment (documented in docs/ingest.md)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aivo_assets.ingestion.kafka.config import MIB, IngestConfig

VARIABLES = (
    "AIVO_KAFKA_BOOTSTRAP", "AIVO_KAFKA_TOPIC", "AIVO_KAFKA_GROUP", "AIVO_S3_ENDPOINT_URL",
    "AIVO_INGEST_ROLL_BYTES", "AIVO_INGEST_ROLL_SECONDS", "AIVO_KAFKA_SESSION_TIMEOUT_MS",
    "AIVO_INGEST_BATCH_MESSAGES", "AIVO_INGEST_LOG_SECONDS",
)  # fmt: skip


def test_defaults_suit_a_one_to_two_minute_landing_latency(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AIVO_LANDING_URI", str(tmp_path))
    config = IngestConfig.from_env()
    assert config == IngestConfig(
        bootstrap="localhost:9092",
        topic="events_raw",
        group="aivo-ingest",
        landing_uri=str(tmp_path),
        s3_endpoint_url=None,
        roll_bytes=64 * MIB,
        roll_seconds=60.0,
        batch_messages=20_000,
        poll_seconds=0.5,
        log_seconds=10.0,
        session_timeout_ms=10_000,
    )
    assert config.dlq_topic == "events_raw.dlq"


def test_environment_overrides_and_manual_commits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIVO_KAFKA_BOOTSTRAP", "redpanda:9092")
    monkeypatch.setenv("AIVO_KAFKA_TOPIC", "events_v2")
    monkeypatch.setenv("AIVO_KAFKA_GROUP", "lake")
    monkeypatch.setenv("AIVO_INGEST_ROLL_BYTES", "1000")
    monkeypatch.setenv("AIVO_INGEST_ROLL_SECONDS", "5")
    monkeypatch.setenv("AIVO_LANDING_URI", "s3://lake/landing")
    monkeypatch.setenv("AIVO_S3_ENDPOINT_URL", "http://minio:9000")
    monkeypatch.setenv("AIVO_KAFKA_SESSION_TIMEOUT_MS", "15000")
    config = IngestConfig.from_env()
    assert (config.roll_bytes, config.roll_seconds, config.dlq_topic) == (
        1000,
        5.0,
        "events_v2.dlq",
    )
    assert (config.landing_uri, config.s3_endpoint_url) == (
        "s3://lake/landing",
        "http://minio:9000",
    )
    pid = os.getpid()
    assert config.consumer_config() == {
        "bootstrap.servers": "redpanda:9092",
        "group.id": "lake",
        # Manual commits, after the file is landed; eager rebalancing through on_revoke.
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "auto.offset.reset": "earliest",
        "partition.assignment.strategy": "range",
        "session.timeout.ms": 15_000,
        "heartbeat.interval.ms": 3_000,
        "client.id": f"aivo-ingest-{pid}",
    }
    assert config.producer_config() == {
        "bootstrap.servers": "redpanda:9092",
        "acks": "all",
        "linger.ms": 20,
        "client.id": f"aivo-ingest-dlq-{pid}",
    }
