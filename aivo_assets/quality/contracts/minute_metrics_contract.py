"""``analytics.minute_metrics``: one row per learner, session and minute."""

from datetime import date

import ibis.expr.types as ir
import pandera.ibis as pa
from pandera.api.ibis.types import IbisData
from pandera.ibis import DataFrameModel, Field

from aivo_assets.quality.contracts.warehouse_types import Count, Seconds, Timestamp

TYPED_COUNTS = (
    "page_views",
    "interactions",
    "assessments_started",
    "assessments_completed",
    "lessons_started",
    "lessons_completed",
    "errors",
)
MAX_GAP_SECONDS = 300


class MinuteMetricsContract(DataFrameModel):
    learner_id: str
    minute_timestamp: Timestamp
    session_id: str
    total_events: Count = Field(ge=1)
    page_views: Count = Field(ge=0)
    interactions: Count = Field(ge=0)
    assessments_started: Count = Field(ge=0)
    assessments_completed: Count = Field(ge=0)
    lessons_started: Count = Field(ge=0)
    lessons_completed: Count = Field(ge=0)
    errors: Count = Field(ge=0)
    time_spent_seconds: Seconds = Field(ge=0)
    created_at: Timestamp
    partition_date: date

    class Config:
        strict = True
        unique = ["learner_id", "session_id", "minute_timestamp"]

    @pa.dataframe_check
    def typed_counts_sum_to_at_most_total_events(cls, data: IbisData) -> ir.BooleanColumn:
        """Unknown event types count only in total_events, so the sum may fall short."""
        table = data.table
        typed = sum((table[name] for name in TYPED_COUNTS[1:]), table[TYPED_COUNTS[0]])
        return typed <= table.total_events

    @pa.dataframe_check
    def minute_timestamp_is_on_the_minute(cls, data: IbisData) -> ir.BooleanColumn:
        return data.table.minute_timestamp.truncate("m") == data.table.minute_timestamp

    @pa.dataframe_check
    def partition_date_is_the_minute_date(cls, data: IbisData) -> ir.BooleanColumn:
        return data.table.minute_timestamp.date() == data.table.partition_date

    @pa.dataframe_check
    def time_spent_is_at_most_300_s_per_event(cls, data: IbisData) -> ir.BooleanColumn:
        """Each event contributes its gap to the next one, capped at 300 s."""
        return data.table.time_spent_seconds <= data.table.total_events * MAX_GAP_SECONDS
