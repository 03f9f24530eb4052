"""``analytics.mastery_deltas``: one row per evidence event and (learner, content) pair."""

from datetime import date

import ibis.expr.types as ir
import pandera.ibis as pa
from pandera.api.ibis.types import IbisData
from pandera.ibis import DataFrameModel, Field

from aivo_assets.quality.contracts.warehouse_types import Count, Ratio, Timestamp

CONTENT_TYPES = ("lesson", "skill", "assessment")
TRIGGER_EVENT_TYPES = ("lesson_complete", "assessment_complete")
UNIT_INTERVAL = {"min_value": 0, "max_value": 1}


class MasteryDeltasContract(DataFrameModel):
    learner_id: str
    content_id: str
    content_type: str = Field(isin=CONTENT_TYPES)
    previous_mastery: Ratio = Field(in_range=UNIT_INTERVAL)
    current_mastery: Ratio = Field(in_range=UNIT_INTERVAL)
    mastery_delta: Ratio = Field(in_range={"min_value": -1, "max_value": 1})
    trigger_event_id: str
    trigger_event_type: str = Field(isin=TRIGGER_EVENT_TYPES)
    session_id: str = Field(nullable=True)
    confidence_score: Ratio = Field(in_range=UNIT_INTERVAL)
    evidence_count: Count = Field(ge=1)
    timestamp: Timestamp
    created_at: Timestamp
    partition_date: date

    class Config:
        strict = True
        unique = ["learner_id", "content_type", "content_id", "trigger_event_id"]

    @pa.dataframe_check
    def mastery_delta_is_current_minus_previous(cls, data: IbisData) -> ir.BooleanColumn:
        table = data.table
        return table.mastery_delta == table.current_mastery - table.previous_mastery

    @pa.dataframe_check
    def partition_date_is_the_event_date(cls, data: IbisData) -> ir.BooleanColumn:
        return data.table.timestamp.date() == data.table.partition_date
