"""Warehouse column types as pandera's ibis engine spells them (DuckDB's types).

The analytics schema document's Snowflake types map to DuckDB as in ``duckdb_ddl.sql``:
STRING -> VARCHAR, TIMESTAMP_NTZ -> TIMESTAMP (microseconds), NUMBER(p,s) -> DECIMAL(p,s),
VARIANT -> JSON. pandera's ibis engine has no JSON type, so it is registered here through
pandera's public dtype-extension API.
"""

from typing import Annotated

import ibis.expr.datatypes as dt
from pandera.dtypes import immutable
from pandera.engines import ibis_engine


@ibis_engine.Engine.register_dtype(equivalents=[dt.JSON, dt.json, "json"])
@immutable
class Json(ibis_engine.DataType):
    """VARIANT columns (``data``, ``metadata``): JSON in DuckDB."""

    type = dt.json


Timestamp = Annotated[ibis_engine.DateTime, None, 6]
Count = Annotated[ibis_engine.Decimal, 10, 0]
Seconds = Annotated[ibis_engine.Decimal, 10, 2]
Score = Annotated[ibis_engine.Decimal, 5, 2]
Ratio = Annotated[ibis_engine.Decimal, 5, 4]
# Sums of NUMBER(10,0) columns in the views widen to DuckDB's DECIMAL(38,0).
WideCount = Annotated[ibis_engine.Decimal, 38, 0]
Hours = Annotated[ibis_engine.Decimal, 10, 4]
