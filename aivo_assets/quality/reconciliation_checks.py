"""Reconciliation checks: the schema document's validation queries and the landing account.

All three are ERROR and blocking, scoped to the run's partition window:

* ``total_events_match_raw_events`` (minute_metrics): raw rows = sum of minute total_events,
  per partition;
* ``durations_match_raw_events`` (session_metrics): stored duration within 60 s of the raw
  max - min timestamp of the session;
* ``landed_rows_are_accounted_for`` (raw_events): kept + rejected + duplicates = landed.
"""

from datetime import date
from typing import Any

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetRecordsFilter,
    DagsterInstance,
    asset_check,
)

from aivo_assets.ingestion.landing_resource import LandingResource
from aivo_assets.partitions import WAREHOUSE_POOL
from aivo_assets.quality.check_metadata import check_metadata
from aivo_assets.quality.checked_window import CheckedWindow, checked_window
from aivo_assets.quality.contract_validation import SAMPLE_SIZE, RuleFailure, jsonable_row
from aivo_assets.quality.landing_accounting import account_days, landed_rows_by_day
from aivo_assets.quality.table_contracts import MINUTE_METRICS, RAW_EVENTS, SESSION_METRICS
from aivo_assets.quality.validation_queries import (
    RAW_VS_MINUTE_COUNTS,
    SESSION_DURATIONS,
    SESSION_RAW_DAYS,
)
from aivo_assets.warehouse.warehouse import Warehouse

PARTITION_COUNTS_KEY = "partition_counts"


@asset_check(
    asset=MINUTE_METRICS.asset_key,
    additional_deps=[RAW_EVENTS.asset_key],
    name="total_events_match_raw_events",
    blocking=True,
    pool=WAREHOUSE_POOL,
    description="Per partition, raw.raw_events rows = sum of minute_metrics.total_events.",
)
def total_events_match_raw_events(
    context: AssetCheckExecutionContext, warehouse: Warehouse
) -> AssetCheckResult:
    window = checked_window(context, MINUTE_METRICS.asset_key)
    return _offending_rows_result(warehouse, RAW_VS_MINUTE_COUNTS, window, "raw_vs_minute_counts")


@asset_check(
    asset=SESSION_METRICS.asset_key,
    additional_deps=[RAW_EVENTS.asset_key],
    name="durations_match_raw_events",
    blocking=True,
    pool=WAREHOUSE_POOL,
    description="session_metrics.duration_seconds within 60 s of the raw max - min timestamp.",
)
def durations_match_raw_events(
    context: AssetCheckExecutionContext, warehouse: Warehouse
) -> AssetCheckResult:
    window = checked_window(context, SESSION_METRICS.asset_key)
    return _offending_rows_result(
        warehouse, SESSION_DURATIONS, window, "session_durations", SESSION_RAW_DAYS
    )


@asset_check(
    asset=RAW_EVENTS.asset_key,
    name="landed_rows_are_accounted_for",
    blocking=True,
    pool=WAREHOUSE_POOL,
    description=(
        "Per partition, kept + rejected + duplicates = rows landed (recounted from the "
        "landing's Parquet footers; duplicates from the load's recorded counts)."
    ),
)
def landed_rows_are_accounted_for(
    context: AssetCheckExecutionContext, warehouse: Warehouse, landing: LandingResource
) -> AssetCheckResult:
    window = checked_window(context, RAW_EVENTS.asset_key)
    landed = landed_rows_by_day(landing.open(), window.days)
    with warehouse.get_connection() as conn:
        kept = _rows_by_day(warehouse, conn, "raw.raw_events", window)
        rejected = _rows_by_day(warehouse, conn, "raw.raw_events_rejected", window)
    duplicates = recorded_duplicates(context.instance, window.days)
    accounts = account_days(landed, kept, rejected, duplicates)
    unbalanced = [a.as_row() for a in accounts if not a.balanced]
    failures = (
        [RuleFailure("kept + rejected + duplicates = landed", len(unbalanced), tuple(unbalanced))]
        if unbalanced
        else []
    )
    return AssetCheckResult(
        passed=not failures, metadata=check_metadata(window.label, sum(landed.values()), failures)
    )


def recorded_duplicates(instance: DagsterInstance, days: list[date]) -> dict[date, int]:
    """Duplicates per day from that day's latest raw_events materialization, when recorded."""
    duplicates: dict[date, int] = {}
    for day in days:
        latest = instance.fetch_materializations(
            AssetRecordsFilter(asset_key=RAW_EVENTS.asset_key, asset_partitions=[str(day)]),
            limit=1,
        ).records
        if not latest:
            continue
        counts = latest[0].asset_materialization.metadata.get(PARTITION_COUNTS_KEY)
        if counts is not None and str(day) in counts.value:
            duplicates[day] = int(counts.value[str(day)]["rows_duplicate"])
    return duplicates


def _rows_by_day(
    warehouse: Warehouse, conn: Any, relation: str, window: CheckedWindow
) -> dict[date, int]:
    result = warehouse.fetch(
        conn,
        f"select partition_date, count(*) from {relation} "
        "where partition_date between $min_date and $max_date group by partition_date",
        {"min_date": window.first, "max_date": window.last},
    )
    return dict(result.rows)


def _offending_rows_result(
    warehouse: Warehouse,
    query: str,
    window: CheckedWindow,
    rule: str,
    raw_days_query: str | None = None,
) -> AssetCheckResult:
    """A validation query returns the offending rows: count them and keep a sample. A
    ``raw_days_query`` first finds the raw days to read (``first_day``, ``last_day``)."""
    params: dict[str, object] = {"min_date": window.first, "max_date": window.last}
    with warehouse.get_connection() as conn:
        if raw_days_query:
            [(first_day, last_day)] = warehouse.fetch(conn, raw_days_query, params).rows
            params |= {"first_day": first_day, "last_day": last_day}
        [(count,)] = warehouse.fetch(conn, f"select count(*) from ({query})", params).rows
        offending = warehouse.fetch(conn, f"select * from ({query}) limit {SAMPLE_SIZE}", params)
        sample = tuple(
            jsonable_row(dict(zip(offending.columns, row, strict=True))) for row in offending.rows
        )
    failures = [RuleFailure(rule, int(count), sample)] if count else []
    return AssetCheckResult(
        passed=not failures, metadata=check_metadata(window.label, None, failures)
    )
