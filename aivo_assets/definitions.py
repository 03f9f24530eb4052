"""The ``aivo_assets`` code location: assembles assets, jobs and resources, nothing else."""

from dagster import Definitions, in_process_executor

from aivo_assets.catalog.code_references import with_code_references
from aivo_assets.catalog.warehouse_kind import with_warehouse_kind
from aivo_assets.ingestion.external_sources import kafka_events_raw, landing_events
from aivo_assets.ingestion.raw_events_asset import raw_events
from aivo_assets.ingestion.s3_landing_sensor import s3_landing_sensor
from aivo_assets.jobs import daily_tables_job, looker_views_job, table_checks_job
from aivo_assets.lib.settings import Settings
from aivo_assets.observability.check_alert_sensor import check_failure_alert_sensor
from aivo_assets.observability.etl_job_status_sensors import (
    etl_job_status_sensors,
    etl_job_status_table,
)
from aivo_assets.observability.run_failure_alert_sensor import run_failure_alert_sensor
from aivo_assets.privacy.forget_job import forget_learner_job
from aivo_assets.quality.asset_checks import TABLE_CHECKS, VIEW_CHECKS
from aivo_assets.quality.partition_freshness import build_partition_freshness
from aivo_assets.resources import build_resources
from aivo_assets.retention.retention_jobs import (
    aggregate_retention_job,
    aggregate_retention_schedule,
    raw_retention_job,
    raw_retention_schedule,
)
from aivo_assets.schedules.daily_refresh import daily_refresh_schedule, refresh_views_after_tables
from aivo_assets.security.access_control_job import apply_access_control_job
from aivo_assets.transform.dbt_assets import analytics_dbt_models, looker_dbt_views
from aivo_assets.transform.mastery_deltas_asset import mastery_deltas

# The daily-partitioned tables (each gets a freshness check).
DAILY_TABLE_ASSETS = [raw_events, analytics_dbt_models, mastery_deltas]


def build_definitions(settings: Settings) -> Definitions:
    freshness_checks, freshness_sensor = build_partition_freshness(
        DAILY_TABLE_ASSETS, settings.freshness_grace_minutes
    )
    assets = [
        kafka_events_raw,
        landing_events,
        *DAILY_TABLE_ASSETS,
        looker_dbt_views,
        etl_job_status_table,
    ]
    return Definitions(
        assets=with_code_references(
            with_warehouse_kind(assets, settings.warehouse), settings.git_url, settings.git_branch
        ),
        asset_checks=[*TABLE_CHECKS, *VIEW_CHECKS, *freshness_checks],
        jobs=[
            daily_tables_job,
            looker_views_job,
            table_checks_job,
            raw_retention_job,
            aggregate_retention_job,
            forget_learner_job,
            apply_access_control_job,
        ],
        schedules=[daily_refresh_schedule, raw_retention_schedule, aggregate_retention_schedule],
        sensors=[
            s3_landing_sensor,
            refresh_views_after_tables,
            check_failure_alert_sensor,
            run_failure_alert_sensor,
            *etl_job_status_sensors,
            freshness_sensor,
        ],
        resources=build_resources(settings),
        # One DuckDB file admits one writer: steps run one after another in the run's process.
        executor=in_process_executor,
    )


defs = build_definitions(Settings.from_env())
