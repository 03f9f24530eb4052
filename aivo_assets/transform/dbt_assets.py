"""dbt models as assets: partitioned incremental models, and the unpartitioned Looker views."""

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, dbt_assets

from aivo_assets.lib.partition_window import dbt_window_env, window_days
from aivo_assets.partitions import WAREHOUSE_POOL, daily_partitions, single_run_backfill
from aivo_assets.transform.dbt_cli import keep_parse_cache, subprocess_environment
from aivo_assets.transform.dbt_project import dbt_project, dbt_translator
from aivo_assets.transform.dbt_row_counts import with_row_counts
from aivo_assets.warehouse.warehouse import Warehouse

PARTITIONED = "tag:partitioned"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    select=PARTITIONED,
    partitions_def=daily_partitions,
    backfill_policy=single_run_backfill,
    dagster_dbt_translator=dbt_translator,
    project=dbt_project,
    name="analytics_dbt_models",
    pool=WAREHOUSE_POOL,
)
def analytics_dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse
) -> Iterator[Any]:
    """Rebuild the run's partition window: ``min_date``/``max_date`` from the time window."""
    days = window_days(*context.partition_time_window)
    window = dbt_window_env(*context.partition_time_window)
    yield from _build(context, dbt, warehouse, window, days)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    exclude=PARTITIONED,
    dagster_dbt_translator=dbt_translator,
    project=dbt_project,
    name="looker_dbt_views",
    pool=WAREHOUSE_POOL,
)
def looker_dbt_views(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse
) -> Iterator[Any]:
    """(Re)create the views Looker reads; they compute on query, so no partitions."""
    yield from _build(context, dbt, warehouse, {}, None)


def _build(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: Warehouse,
    env: Mapping[str, str],
    days: list[date] | None,
) -> Iterator[Any]:
    # dbt runs as a subprocess inheriting this environment: the resource's warehouse, the window.
    with subprocess_environment({**warehouse.dbt_env(), **env}):
        invocation = dbt.cli(["build"], context=context, raise_on_error=False)
    # Counted once dbt has exited (it holds the DuckDB file while it runs); what dbt built is
    # recorded even when a later node fails, and then the step fails with dbt's error.
    yield from with_row_counts(context, warehouse, invocation.stream(), days)
    keep_parse_cache(invocation)
    if not invocation.is_successful():
        raise invocation.get_error()
