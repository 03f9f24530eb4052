"""The ``aivo_assets`` code location: assembles assets, jobs and resources, nothing else."""

from dagster import Definitions, in_process_executor

from aivo_assets.catalog.code_references import with_code_references
from aivo_assets.catalog.warehouse_kind import with_warehouse_kind
from aivo_assets.ingestion.external_sources import kafka_events_raw, landing_events
from aivo_assets.ingestion.raw_events_asset import raw_events
from aivo_assets.ingestion.s3_landing_sensor import s3_landing_sensor
from aivo_assets.jobs import daily_tables_job, looker_views_job
from aivo_assets.lib.settings import Settings
from aivo_assets.resources import build_resources
from aivo_assets.transform.dbt_assets import analytics_dbt_models, looker_dbt_views
from aivo_assets.transform.mastery_deltas_asset import mastery_deltas


def build_definitions(settings: Settings) -> Definitions:
    assets = [
        kafka_events_raw,
        landing_events,
        raw_events,
        analytics_dbt_models,
        mastery_deltas,
        looker_dbt_views,
    ]
    return Definitions(
        assets=with_code_references(
            with_warehouse_kind(assets, settings.warehouse), settings.git_url, settings.git_branch
        ),
        jobs=[daily_tables_job, looker_views_job],
        sensors=[s3_landing_sensor],
        resources=build_resources(settings),
        # One DuckDB file admits one writer: steps run one after another in the run's process.
        executor=in_process_executor,
    )


defs = build_definitions(Settings.from_env())
