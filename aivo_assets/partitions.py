"""The one daily partitioning every table asset shares: partition key == ``partition_date``."""

import warnings

from dagster import BackfillPolicy, BetaWarning, DailyPartitionsDefinition

from aivo_assets.lib.settings import Settings

daily_partitions = DailyPartitionsDefinition(
    start_date=Settings.from_env().partitions_start, timezone="UTC", end_offset=0
)

# A 30-day backfill is one run: every partitioned asset reads its whole time window at once.
single_run_backfill = BackfillPolicy.single_run()
# Dagster marks `backfill_policy` beta and would say so on every load of the code location (the
# CLI, `make demo`, each run); the choice is deliberate, so only that one notice is silenced.
warnings.filterwarnings("ignore", "Parameter `backfill_policy`", BetaWarning)

# Steps that write the warehouse share one concurrency pool (limit set in dagster.yaml): a
# DuckDB file admits one writer, and Snowflake should not be flooded by parallel backfills.
WAREHOUSE_POOL = "warehouse"
