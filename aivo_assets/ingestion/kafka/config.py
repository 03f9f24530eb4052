"""Configuration of ``aivo ingest``, read from the environment in one place (docs/ingest.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from aivo_assets.lib.settings import Settings

MIB = 1024 * 1024


@dataclass(frozen=True)
class IngestConfig:
    """Where to read, where to land, and when to roll a file.

    ``roll_bytes`` counts the buffered events of one Kafka partition in memory (Arrow bytes,
    roughly 5-10x the Parquet file); ``roll_seconds`` bounds how long an event waits in the
    buffer, so the landing latency is ``roll_seconds`` plus one sensor interval.
    """

    bootstrap: str
    topic: str
    group: str
    landing_uri: str
    s3_endpoint_url: str | None
    roll_bytes: int = 64 * MIB
    roll_seconds: float = 60.0
    batch_messages: int = 20_000
    poll_seconds: float = 0.5
    log_seconds: float = 10.0
    session_timeout_ms: int = 10_000

    @property
    def dlq_topic(self) -> str:
        return f"{self.topic}.dlq"

    @classmethod
    def from_env(cls) -> IngestConfig:
        environ = os.environ
        return cls(
            bootstrap=environ.get("AIVO_KAFKA_BOOTSTRAP", "localhost:9092"),
            topic=environ.get("AIVO_KAFKA_TOPIC", "events_raw"),
            group=environ.get("AIVO_KAFKA_GROUP", "aivo-ingest"),
            landing_uri=Settings.from_env().landing_uri,
            s3_endpoint_url=environ.get("AIVO_S3_ENDPOINT_URL") or None,
            roll_bytes=int(environ.get("AIVO_INGEST_ROLL_BYTES", 64 * MIB)),
            roll_seconds=float(environ.get("AIVO_INGEST_ROLL_SECONDS", 60)),
            batch_messages=int(environ.get("AIVO_INGEST_BATCH_MESSAGES", 20_000)),
            log_seconds=float(environ.get("AIVO_INGEST_LOG_SECONDS", 10)),
            session_timeout_ms=int(environ.get("AIVO_KAFKA_SESSION_TIMEOUT_MS", 10_000)),
        )

    def consumer_config(self) -> dict[str, object]:
        """Manual commits only: an offset is committed after its file is durably landed."""
        return {
            "bootstrap.servers": self.bootstrap,
            "group.id": self.group,
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "auto.offset.reset": "earliest",
            # Eager rebalancing: every revoke goes through on_revoke, which flushes first.
            "partition.assignment.strategy": "range",
            # A crashed member holds its partitions until its session times out.
            "session.timeout.ms": self.session_timeout_ms,
            "heartbeat.interval.ms": max(500, self.session_timeout_ms // 5),
            "client.id": f"aivo-ingest-{os.getpid()}",
        }

    def producer_config(self) -> dict[str, object]:
        """The dead-letter producer: acknowledged by all replicas before offsets move on."""
        return {
            "bootstrap.servers": self.bootstrap,
            "acks": "all",
            "linger.ms": 20,
            "client.id": f"aivo-ingest-dlq-{os.getpid()}",
        }
