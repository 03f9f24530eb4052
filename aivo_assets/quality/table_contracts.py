"""The tables and views under contract: which pandera model checks which warehouse relation."""

from __future__ import annotations

from dataclasses import dataclass

from dagster import AssetKey
from pandera.ibis import DataFrameModel

from aivo_assets.quality.contracts.content_mastery_trends_contract import (
    ContentMasteryTrendsContract,
)
from aivo_assets.quality.contracts.learner_activity_summary_contract import (
    LearnerActivitySummaryContract,
)
from aivo_assets.quality.contracts.mastery_deltas_contract import MasteryDeltasContract
from aivo_assets.quality.contracts.minute_metrics_contract import MinuteMetricsContract
from aivo_assets.quality.contracts.raw_events_contract import RawEventsContract
from aivo_assets.quality.contracts.session_metrics_contract import SessionMetricsContract


@dataclass(frozen=True)
class TableContract:
    """A warehouse relation ``schema.name`` (= asset key), its model, and whether it is daily."""

    schema: str
    name: str
    model: type[DataFrameModel]
    partitioned: bool = True

    @property
    def asset_key(self) -> AssetKey:
        return AssetKey([self.schema, self.name])

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"


RAW_EVENTS = TableContract("raw", "raw_events", RawEventsContract)
MINUTE_METRICS = TableContract("analytics", "minute_metrics", MinuteMetricsContract)
SESSION_METRICS = TableContract("analytics", "session_metrics", SessionMetricsContract)
MASTERY_DELTAS = TableContract("analytics", "mastery_deltas", MasteryDeltasContract)
LEARNER_ACTIVITY_SUMMARY = TableContract(
    "analytics", "learner_activity_summary", LearnerActivitySummaryContract, partitioned=False
)
CONTENT_MASTERY_TRENDS = TableContract(
    "analytics", "content_mastery_trends", ContentMasteryTrendsContract, partitioned=False
)

TABLE_CONTRACTS = (RAW_EVENTS, MINUTE_METRICS, SESSION_METRICS, MASTERY_DELTAS)
VIEW_CONTRACTS = (LEARNER_ACTIVITY_SUMMARY, CONTENT_MASTERY_TRENDS)
