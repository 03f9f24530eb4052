"""Jobs named for what they do: the daily partitions of every table, then the Looker views."""

from dagster import AssetSelection, define_asset_job

from aivo_assets.quality.asset_checks import TABLE_CHECKS

PARTITIONED_TABLES = AssetSelection.groups("raw", "analytics")
LOOKER_VIEWS = AssetSelection.groups("views")

daily_tables_job = define_asset_job(
    name="daily_tables_job",
    selection=PARTITIONED_TABLES,
    description="Load the landed events of the partition(s) and rebuild every analytics table.",
)

looker_views_job = define_asset_job(
    name="looker_views_job",
    selection=LOOKER_VIEWS,
    description="Create or replace the Looker views over the analytics tables.",
)

# No assets: re-validates materialized partitions. Launch it with a partition (range) tag,
# ``dagster/partition`` or ``dagster/asset_partition_range_start``/``_end``.
table_checks_job = define_asset_job(
    name="table_checks_job",
    selection=AssetSelection.checks(*TABLE_CHECKS),
    description="Re-run the data-quality checks of the tables on materialized partition(s).",
)
