"""Jobs named for what they do: the daily partitions of every table, then the Looker views."""

from dagster import AssetSelection, define_asset_job

from aivo_assets.partitions import daily_partitions

PARTITIONED_TABLES = AssetSelection.groups("raw", "analytics")
LOOKER_VIEWS = AssetSelection.groups("views")

daily_tables_job = define_asset_job(
    name="daily_tables_job",
    selection=PARTITIONED_TABLES,
    partitions_def=daily_partitions,
    description="Load the landed events of the partition(s) and rebuild every analytics table.",
)

looker_views_job = define_asset_job(
    name="looker_views_job",
    selection=LOOKER_VIEWS,
    description="Create or replace the Looker views over the analytics tables.",
)
