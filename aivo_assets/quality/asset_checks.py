"""Every data-quality check of the code location, built once."""

from aivo_assets.quality.contract_checks import build_contract_checks
from aivo_assets.quality.reconciliation_checks import (
    durations_match_raw_events,
    landed_rows_are_accounted_for,
    total_events_match_raw_events,
)
from aivo_assets.quality.table_contracts import TABLE_CONTRACTS, VIEW_CONTRACTS

# Run with every daily_tables_job run (and alone, for a partition, in table_checks_job).
TABLE_CHECKS = [
    *(build_contract_checks(contract) for contract in TABLE_CONTRACTS),
    landed_rows_are_accounted_for,
    total_events_match_raw_events,
    durations_match_raw_events,
]
# Run with every looker_views_job run.
VIEW_CHECKS = [build_contract_checks(contract) for contract in VIEW_CONTRACTS]
