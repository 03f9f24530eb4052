"""``analytics.session_metrics``: one row per session, in the partition of its start."""

from datetime import date

import ibis.expr.types as ir
import pandera.ibis as pa
from pandera.api.ibis.types import IbisData
from pandera.ibis import DataFrameModel, Field

from aivo_assets.quality.contracts.warehouse_types import Count, Ratio, Score, Seconds, Timestamp

# duration_seconds is rounded to 2 decimals.
DURATION_TOLERANCE_SECONDS = 0.01


class SessionMetricsContract(DataFrameModel):
    session_id: str
    learner_id: str
    session_start: Timestamp
    session_end: Timestamp
    duration_seconds: Seconds = Field(ge=0)
    total_events: Count = Field(ge=1)
    unique_pages: Count = Field(ge=0)
    total_interactions: Count = Field(ge=0)
    lessons_attempted: Count = Field(ge=0)
    lessons_completed: Count = Field(ge=0)
    assessments_attempted: Count = Field(ge=0)
    assessments_completed: Count = Field(ge=0)
    avg_assessment_score: Score = Field(nullable=True, in_range={"min_value": 0, "max_value": 100})
    completion_rate: Ratio = Field(nullable=True, in_range={"min_value": 0, "max_value": 1})
    is_active: bool
    last_activity: Timestamp
    created_at: Timestamp
    updated_at: Timestamp
    partition_date: date

    class Config:
        strict = True
        unique = ["session_id"]

    @pa.dataframe_check
    def session_end_is_not_before_session_start(cls, data: IbisData) -> ir.BooleanColumn:
        return data.table.session_end >= data.table.session_start

    @pa.dataframe_check
    def duration_is_session_end_minus_start(cls, data: IbisData) -> ir.BooleanColumn:
        table = data.table
        elapsed = table.session_end.delta(table.session_start, unit="microsecond") / 1_000_000
        return (table.duration_seconds - elapsed).abs() <= DURATION_TOLERANCE_SECONDS

    @pa.dataframe_check
    def partition_date_is_the_session_start_date(cls, data: IbisData) -> ir.BooleanColumn:
        return data.table.session_start.date() == data.table.partition_date

    @pa.dataframe_check
    def last_activity_is_session_end(cls, data: IbisData) -> ir.BooleanColumn:
        return data.table.last_activity == data.table.session_end

    @pa.dataframe_check
    def completed_is_at_most_attempted(cls, data: IbisData) -> ir.BooleanColumn:
        table = data.table
        return (table.lessons_completed <= table.lessons_attempted) & (
            table.assessments_completed <= table.assessments_attempted
        )

    @pa.dataframe_check
    def pages_and_interactions_fit_in_total_events(cls, data: IbisData) -> ir.BooleanColumn:
        table = data.table
        return table.unique_pages + table.total_interactions <= table.total_events

    @pa.dataframe_check
    def completion_rate_is_null_exactly_when_nothing_was_attempted(
        cls, data: IbisData
    ) -> ir.BooleanColumn:
        table = data.table
        attempted = table.lessons_attempted + table.assessments_attempted
        return table.completion_rate.isnull() == (attempted == 0)
