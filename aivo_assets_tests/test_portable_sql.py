"""Unit tests: DuckDB validation SQL rendered for Snowflake, and contract dtypes per warehouse."""

from __future__ import annotations

from datetime import date

import pytest
import sqlglot
from pandera.engines import ibis_engine

from aivo_assets.quality.contracts.session_metrics_contract import SessionMetricsContract
from aivo_assets.quality.contracts.warehouse_types import schema_on
from aivo_assets.quality.validation_queries import SESSION_DURATIONS, SESSION_RAW_DAYS
from aivo_assets.warehouse.portable_sql import render_for_dialect


def test_session_durations_render_for_snowflake_with_inlined_dates_and_unquoted_names() -> None:
    window = {"min_date": date(2025, 9, 5), "max_date": date(2025, 9, 7)}
    raw_days = {"first_day": date(2025, 9, 4), "last_day": date(2025, 9, 9)}
    sql = render_for_dialect(SESSION_DURATIONS, {**window, **raw_days}, "snowflake")
    assert "$" not in sql and '"' not in sql
    assert "BETWEEN CAST('2025-09-05' AS DATE) AND CAST('2025-09-07' AS DATE)" in sql
    assert "partition_date BETWEEN CAST('2025-09-04' AS DATE) AND CAST('2025-09-09' AS DATE)" in sql
    assert "DATEDIFF(SECOND, MIN(re.timestamp), MAX(re.timestamp))" in sql
    sqlglot.parse_one(sql, read="snowflake")
    sqlglot.parse_one(render_for_dialect(SESSION_RAW_DAYS, window, "snowflake"), read="snowflake")


def test_only_dates_and_numbers_are_inlined() -> None:
    with pytest.raises(TypeError, match="only dates and numbers are inlined, not str"):
        render_for_dialect("select $x", {"x": "x' or 1=1 --"}, "snowflake")


def test_contract_dtypes_on_snowflake_are_what_ibis_reads_there() -> None:
    schema = SessionMetricsContract.to_schema()
    assert schema_on("duckdb", schema) is schema
    dtypes = {name: str(c.dtype) for name, c in schema_on("snowflake", schema).columns.items()}
    assert (dtypes["session_start"], dtypes["total_events"]) == ("timestamp(9)", "int64")
    assert (dtypes["duration_seconds"], dtypes["completion_rate"]) == (
        "decimal(10, 2)",
        "decimal(5, 4)",
    )
    assert isinstance(schema.columns["total_events"].dtype, ibis_engine.Decimal)  # not mutated
    with pytest.raises(ValueError, match="no contract dtypes for warehouse 'postgres'"):
        schema_on("postgres", schema)
