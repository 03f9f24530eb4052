"""The retention policies of the analytics schema document, table by table.

Raw events (and the rejected rows of the same load) are kept 18 months, aggregates 7 years.
The Looker views keep their own 90- and 30-day windows in SQL; they store nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from aivo_assets.retention.cutoffs import AGGREGATE_RETENTION_MONTHS, RAW_RETENTION_MONTHS


@dataclass(frozen=True)
class RetainedTable:
    """A partitioned table and the Dagster asset whose partitions it holds."""

    table: str
    asset_key: tuple[str, ...]


@dataclass(frozen=True)
class RetentionPolicy:
    name: str
    months: int
    tables: tuple[RetainedTable, ...]


RAW_POLICY = RetentionPolicy(
    name="raw",
    months=RAW_RETENTION_MONTHS,
    tables=(
        RetainedTable("raw.raw_events", ("raw", "raw_events")),
        # The raw_events asset writes its rejected rows too.
        RetainedTable("raw.raw_events_rejected", ("raw", "raw_events")),
    ),
)

AGGREGATES_POLICY = RetentionPolicy(
    name="aggregates",
    months=AGGREGATE_RETENTION_MONTHS,
    tables=(
        RetainedTable("analytics.minute_metrics", ("analytics", "minute_metrics")),
        RetainedTable("analytics.session_metrics", ("analytics", "session_metrics")),
        RetainedTable("analytics.mastery_deltas", ("analytics", "mastery_deltas")),
    ),
)

POLICIES = {policy.name: policy for policy in (RAW_POLICY, AGGREGATES_POLICY)}
