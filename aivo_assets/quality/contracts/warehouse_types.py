"""Warehouse column types as pandera's ibis engine spells them, per warehouse.

Contracts declare DuckDB's types, as ``duckdb_ddl.sql`` maps the analytics schema
document's Snowflake types: STRING -> VARCHAR, TIMESTAMP_NTZ -> TIMESTAMP (microseconds),
NUMBER(p,s) -> DECIMAL(p,s), VARIANT -> JSON. pandera's ibis engine has no JSON type, so it
is registered here through pandera's public dtype-extension API.

On Snowflake the same columns reach ibis differently, and ``schema_on`` is the one place
that says how: TIMESTAMP_NTZ is ``timestamp(9)`` (nanoseconds), NUMBER(p,0) is ``int64``
(ibis reads every integer NUMBER so, whatever its precision), NUMBER(p,s>0) stays
``decimal(p,s)``, VARIANT is ``json``, DATE, BOOLEAN and STRING are the same.
"""

from __future__ import annotations

import copy
from typing import Annotated

import ibis.expr.datatypes as dt
from pandera.api.ibis.container import DataFrameSchema
from pandera.dtypes import DataType, immutable
from pandera.engines import ibis_engine


@ibis_engine.Engine.register_dtype(equivalents=[dt.JSON, dt.json, "json"])
@immutable
class Json(ibis_engine.DataType):
    """VARIANT columns (``data``, ``metadata``): JSON in DuckDB and, through ibis, Snowflake."""

    type = dt.json


Timestamp = Annotated[ibis_engine.DateTime, None, 6]
Count = Annotated[ibis_engine.Decimal, 10, 0]
Seconds = Annotated[ibis_engine.Decimal, 10, 2]
Score = Annotated[ibis_engine.Decimal, 5, 2]
Ratio = Annotated[ibis_engine.Decimal, 5, 4]
# Sums of NUMBER(10,0) columns in the views widen to DuckDB's DECIMAL(38,0).
WideCount = Annotated[ibis_engine.Decimal, 38, 0]
Hours = Annotated[ibis_engine.Decimal, 10, 4]

SNOWFLAKE_TIMESTAMP_SCALE = 9


def snowflake_dtype(dtype: DataType) -> DataType:
    """The type ibis reads from Snowflake for a column declared ``dtype`` (DuckDB's)."""
    if isinstance(dtype, ibis_engine.DateTime):
        return ibis_engine.DateTime(timezone=dtype.type.timezone, scale=SNOWFLAKE_TIMESTAMP_SCALE)
    if isinstance(dtype, ibis_engine.Decimal) and dtype.type.scale == 0:
        return ibis_engine.Engine.dtype(dt.int64)
    return dtype


def schema_on(kind: str, schema: DataFrameSchema) -> DataFrameSchema:
    """``schema`` with each column's dtype as the ``kind`` warehouse presents it to ibis."""
    if kind == "duckdb":
        return schema
    if kind != "snowflake":
        raise ValueError(f"no contract dtypes for warehouse {kind!r}")
    target = copy.deepcopy(schema)
    for column in target.columns.values():
        if column.dtype is not None:
            column.dtype = snowflake_dtype(column.dtype)
    return target
