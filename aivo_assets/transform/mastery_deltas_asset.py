"""``analytics/mastery_deltas``: BKT mastery changes, state carried across daily partitions."""

from datetime import UTC, datetime

from dagster import (
    AssetDep,
    AssetExecutionContext,
    AssetKey,
    MaterializeResult,
    TimeWindowPartitionMapping,
    asset,
)

from aivo_assets.lib.partition_window import window_days
from aivo_assets.partitions import WAREHOUSE_POOL, daily_partitions, single_run_backfill
from aivo_assets.warehouse.table_schemas import MASTERY_DELTAS_COLUMNS
from aivo_assets.warehouse.warehouse import Warehouse

MASTERY_DELTAS = AssetKey(["analytics", "mastery_deltas"])


@asset(
    key=MASTERY_DELTAS,
    pool=WAREHOUSE_POOL,
    group_name="analytics",
    partitions_def=daily_partitions,
    backfill_policy=single_run_backfill,
    deps=[
        AssetKey(["raw", "raw_events"]),
        # Day D starts from the state left by day D-1: re-running a day marks later days stale,
        # and backfills run in date order.
        AssetDep(
            MASTERY_DELTAS,
            partition_mapping=TimeWindowPartitionMapping(start_offset=-1, end_offset=-1),
        ),
    ],
    kinds={"python", "duckdb"},
    owners=["team:data-platform"],
    description=(
        "Every change in a learner's estimated mastery of a lesson, assessment or skill "
        "(Bayesian Knowledge Tracing). Use cases: adaptive learning algorithms, mastery "
        "tracking, learning analytics, personalization engines."
    ),
    metadata={
        "dagster/column_schema": MASTERY_DELTAS_COLUMNS,
        "dagster/table_name": "analytics.mastery_deltas",
    },
)
def mastery_deltas(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    days = window_days(*context.partition_time_window)
    stats = warehouse.compute_mastery(days[0], days[-1], datetime.now(UTC).replace(tzinfo=None))
    context.log.info(f"mastery over {days[0]}..{days[-1]}: {stats}")
    return MaterializeResult(
        metadata={
            "dagster/row_count": stats.evidence_points,
            "evidence_points": stats.evidence_points,
            "non_evidence_events": stats.non_evidence_events,
            "pairs": stats.pairs,
            "carried_pairs": stats.carried_pairs,
            "longest_pair_run": stats.longest_pair_run,
        }
    )
