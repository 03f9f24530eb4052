"""``raw/raw_events``: the landed events of each daily partition, validated and deduplicated."""

from datetime import UTC, datetime

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from aivo_assets.ingestion.external_sources import LANDING_EVENTS
from aivo_assets.ingestion.landing_resource import LandingResource
from aivo_assets.ingestion.raw_loader import PartitionLoadCounts
from aivo_assets.lib.partition_window import window_days
from aivo_assets.partitions import WAREHOUSE_POOL, daily_partitions, single_run_backfill
from aivo_assets.privacy.privacy_policy import PrivacyCounts
from aivo_assets.privacy.privacy_resource import PrivacyResource
from aivo_assets.warehouse.table_schemas import RAW_EVENTS_COLUMNS
from aivo_assets.warehouse.warehouse import Warehouse

COUNT_FIELDS = ("files", "bytes", "rows_landed", "rows_kept", "rows_duplicate", "rows_rejected")


@asset(
    key=["raw", "raw_events"],
    pool=WAREHOUSE_POOL,
    group_name="raw",
    deps=[LANDING_EVENTS],
    partitions_def=daily_partitions,
    backfill_policy=single_run_backfill,
    kinds={"python", "duckdb"},
    owners=["team:data-platform"],
    description=(
        "Primary table for all learner events, loaded from the Parquet landing. One row per "
        "event_id; rows failing validation go to raw.raw_events_rejected with a reason. "
        "Retention: 18 months. Partitioned and clustered by partition_date (then learner_id)."
    ),
    metadata={"dagster/column_schema": RAW_EVENTS_COLUMNS, "dagster/table_name": "raw.raw_events"},
)
def raw_events(
    context: AssetExecutionContext,
    warehouse: Warehouse,
    landing: LandingResource,
    privacy: PrivacyResource,
) -> MaterializeResult:
    days = window_days(*context.partition_time_window)
    processed_at = datetime.now(UTC).replace(tzinfo=None)
    load = warehouse.load_raw_partitions(landing.open(), days, processed_at, privacy.policy())
    counts = load.partitions
    for day in counts:
        context.log.info(
            f"{day.partition_date}: {day.files} files, {day.rows_landed} landed, "
            f"{day.rows_kept} kept, {day.rows_duplicate} duplicates, {day.rows_rejected} rejected"
        )
    return MaterializeResult(metadata={**load_metadata(counts), **privacy_metadata(load.privacy)})


def privacy_metadata(counts: PrivacyCounts) -> dict[str, object]:
    """How often PII handling had work to do: distinct payload texts, not rows."""
    return {
        "privacy/payloads_ip_truncated_in_sql": counts.payloads_ipv4_sql,
        "privacy/payloads_scrubbed_in_python": counts.payloads_python,
        "privacy/payloads_dropped": counts.payloads_dropped,
        "privacy/learners_pseudonymized": counts.learners_pseudonymized,
    }


def load_metadata(counts: list[PartitionLoadCounts]) -> dict[str, object]:
    """Totals over the run's partitions, plus a per-partition table for range runs."""
    totals = {
        name: sum(getattr(day, name) for day in counts)
        for name in (
            "files",
            "bytes",
            "rows_landed",
            "rows_kept",
            "rows_duplicate",
            "rows_rejected",
        )
    }
    table = "\n".join(
        ["| partition | landed | kept | duplicates | rejected |", "|---|---|---|---|---|"]
        + [
            f"| {d.partition_date} | {d.rows_landed} | {d.rows_kept} | {d.rows_duplicate} | "
            f"{d.rows_rejected} |"
            for d in counts
        ]
    )
    return {
        **totals,
        "dagster/row_count": totals["rows_kept"],
        "partitions": MetadataValue.md(table),
        # Machine-readable per-day counts: a range run records one materialization per day,
        # each with the run's totals, so per-day consumers read this instead.
        "partition_counts": MetadataValue.json(
            {
                str(d.partition_date): {name: getattr(d, name) for name in COUNT_FIELDS}
                for d in counts
            }
        ),
    }
