"""``analytics.content_mastery_trends`` (Looker view): per content and day, last 30 days."""

from datetime import date

import ibis
import ibis.expr.types as ir
import pandera.ibis as pa
from pandera.api.ibis.types import IbisData
from pandera.ibis import DataFrameModel, Field

from aivo_assets.quality.contracts.mastery_deltas_contract import CONTENT_TYPES
from aivo_assets.quality.contracts.warehouse_types import Ratio

VIEW_DAYS = 30


class ContentMasteryTrendsContract(DataFrameModel):
    content_id: str
    content_type: str = Field(isin=CONTENT_TYPES)
    mastery_date: date
    learners_affected: int = Field(ge=1)
    avg_mastery_change: Ratio = Field(in_range={"min_value": -1, "max_value": 1})
    avg_current_mastery: Ratio = Field(in_range={"min_value": 0, "max_value": 1})
    avg_confidence: Ratio = Field(in_range={"min_value": 0, "max_value": 1})

    class Config:
        strict = True
        unique = ["content_id", "content_type", "mastery_date"]

    @pa.dataframe_check
    def mastery_date_is_within_the_last_30_days(cls, data: IbisData) -> ir.BooleanColumn:
        return data.table.mastery_date >= ibis.today() - ibis.interval(days=VIEW_DAYS)
