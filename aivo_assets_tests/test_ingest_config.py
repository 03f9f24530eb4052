"""``aivo ingest`` configuration from the environment (documented in docs/ingest.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aivo_assets.ingestion.kafka.config import MIB, IngestConfig

VARIABLES = (
    "AIVO_KAFKA_BOOTSTRAP", "AIVO_KAFKA_TOPIC", "AIVO_KAFKA_GROUP", "AIVO_S3_ENDPOINT_URL",
    "AIVO_INGEST_ROLL_BYTES", "AIVO_INGEST_ROLL_SECONDS", "AIVO_KAFKA_SESSION_TIMEOUT_MS",
)  # fmt: skip


def test_defaults_suit_a_one_to_two_minute_landing_latency(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AIVO_LANDING_URI", str(tmp_path))
    config = IngestConfig.from_env()
    assert (config.bootstrap, config.topic, config.group) == (
        "localhost:9092",
        "events_raw",
        "aivo-ingest",
    )
    assert config.dlq_topic == "events_raw.dlq"
    assert (config.roll_bytes, config.roll_seconds) == (64 * MIB, 60.0)
    assert config.landing_uri == str(tmp_path) and config.s3_endpoint_url is None


def test_environment_overrides_and_manual_commits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIVO_KAFKA_BOOTSTRAP", "redpanda:9092")
    monkeypatch.setenv("AIVO_KAFKA_TOPIC", "events_v2")
    monkeypatch.setenv("AIVO_KAFKA_GROUP", "lake")
    monkeypatch.setenv("AIVO_INGEST_ROLL_BYTES", "1000")
    monkeypatch.setenv("AIVO_INGEST_ROLL_SECONDS", "5")
    monkeypatch.setenv("AIVO_LANDING_URI", "s3://lake/landing")
    monkeypatch.setenv("AIVO_S3_ENDPOINT_URL", "http://minio:9000")
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
    consumer = config.consumer_config()
    assert consumer["bootstrap.servers"] == "redpanda:9092" and consumer["group.id"] == "lake"
    assert consumer["enable.auto.commit"] is False
    assert consumer["enable.auto.offset.store"] is False
