"""``analytics.learner_activity_summary`` (Looker view): per learner and day, last 90 days."""

from datetime import date

import ibis
import ibis.expr.types as ir
import pandera.ibis as pa
from pandera.api.ibis.types import IbisData
from pandera.ibis import DataFrameModel, Field

from aivo_assets.quality.contracts.minute_metrics_contract import MAX_GAP_SECONDS
from aivo_assets.quality.contracts.warehouse_types import Hours, WideCount

# hours_spent is rounded to 4 decimals of an hour.
HOURS_TOLERANCE = 0.0001
VIEW_DAYS = 90


class LearnerActivitySummaryContract(DataFrameModel):
    learner_id: str
    activity_date: date
    daily_events: WideCount = Field(ge=1)
    hours_spent: Hours = Field(ge=0)
    sessions: int = Field(ge=1)
    lessons_completed: WideCount = Field(ge=0)
    assessments_completed: WideCount = Field(ge=0)

    class Config:
        strict = True
        unique = ["learner_id", "activity_date"]

    @pa.dataframe_check
    def activity_date_is_within_the_last_90_days(cls, data: IbisData) -> ir.BooleanColumn:
        return data.table.activity_date >= ibis.today() - ibis.interval(days=VIEW_DAYS)

    @pa.dataframe_check
    def completions_and_sessions_fit_in_daily_events(cls, data: IbisData) -> ir.BooleanColumn:
        table = data.table
        return (table.lessons_completed + table.assessments_completed <= table.daily_events) & (
            table.sessions <= table.daily_events
        )

    @pa.dataframe_check
    def hours_spent_is_at_most_300_s_per_event(cls, data: IbisData) -> ir.BooleanColumn:
        table = data.table
        limit = table.daily_events * MAX_GAP_SECONDS / 3600 + HOURS_TOLERANCE
        return table.hours_spent <= limit
