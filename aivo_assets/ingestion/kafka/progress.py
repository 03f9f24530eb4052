"""Counters of the ingest service and its periodic throughput and lag log line."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

log = logging.getLogger("aivo.ingest")


@dataclass
class IngestStats:
    messages: int = 0
    events_landed: int = 0
    dead_letters: int = 0
    files: int = 0
    bytes_written: int = 0
    commits: int = 0
    first_message_at: float | None = None
    last_commit_at: float | None = None

    @property
    def busy_seconds(self) -> float:
        """From the first message consumed to the last commit: the service's working time."""
        if self.first_message_at is None or self.last_commit_at is None:
            return 0.0
        return self.last_commit_at - self.first_message_at

    def events_per_second(self) -> float:
        return self.messages / self.busy_seconds if self.busy_seconds else 0.0


@dataclass
class ProgressLog:
    """Logs every ``interval`` seconds: message rate since the last line, totals, lag."""

    interval: float
    _last_at: float | None = None
    _last_messages: int = 0

    def maybe_log(
        self, now: float, stats: IngestStats, lag: Callable[[], Mapping[int, int]]
    ) -> None:
        if self._last_at is None:
            self._last_at = now
            return
        elapsed = now - self._last_at
        if elapsed < self.interval:
            return
        rate = (stats.messages - self._last_messages) / elapsed
        log.info(
            "%.0f msg/s; consumed %d, landed %d events in %d files (%d bytes), "
            "dead letters %d, commits %d; lag %s",
            rate,
            stats.messages,
            stats.events_landed,
            stats.files,
            stats.bytes_written,
            stats.dead_letters,
            stats.commits,
            format_lag(lag()),
        )
        self._last_at, self._last_messages = now, stats.messages


def format_lag(lag: Mapping[int, int]) -> str:
    """``total (p0=…, p1=…)``; partitions whose high watermark is unknown are left out."""
    if not lag:
        return "unknown"
    parts = ", ".join(f"p{p}={n}" for p, n in sorted(lag.items()))
    return f"{sum(lag.values())} ({parts})"
