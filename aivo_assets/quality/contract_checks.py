"""The factory turning a table's pandera contract into Dagster asset checks.

Each contract becomes one ``multi_asset_check`` (one step, one warehouse connection) with
two checks on the asset: ``contract`` holds the ERROR rules and is blocking, so a failure
stops the run before downstream assets; ``contract_warnings`` holds the WARN rules
(``raise_warning=True`` in the model) and only reports. Both validate the run's partition
window inside the warehouse through pandera's ibis backend: the warehouse gives the ibis
table (``Warehouse.ibis_table``) and ``schema_on`` the dtypes its ibis backend reads.
"""

from collections.abc import Iterator
from typing import Any

import ibis.expr.types as ir
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    multi_asset_check,
)
from ibis.common.exceptions import TableNotFound
from pandera.api.ibis.container import DataFrameSchema
from pandera.config import config_context

from aivo_assets.partitions import WAREHOUSE_POOL
from aivo_assets.quality.check_metadata import check_metadata
from aivo_assets.quality.checked_window import CheckedWindow, checked_window
from aivo_assets.quality.contract_validation import (
    RuleFailure,
    split_by_severity,
    validate_in_warehouse,
)
from aivo_assets.quality.contracts.warehouse_types import schema_on
from aivo_assets.quality.table_contracts import TableContract
from aivo_assets.warehouse.warehouse import Warehouse

CONTRACT = "contract"
CONTRACT_WARNINGS = "contract_warnings"


def build_contract_checks(contract: TableContract) -> AssetChecksDefinition:
    split = split_by_severity(contract.model.to_schema())
    schemas = {CONTRACT: (split.errors, AssetCheckSeverity.ERROR)}
    if split.warnings is not None:
        schemas[CONTRACT_WARNINGS] = (split.warnings, AssetCheckSeverity.WARN)
    specs = [
        AssetCheckSpec(
            name,
            asset=contract.asset_key,
            blocking=severity == AssetCheckSeverity.ERROR,
            description=_describe(contract, schema, severity),
        )
        for name, (schema, severity) in schemas.items()
    ]

    @multi_asset_check(
        specs=specs,
        name=f"{contract.schema}_{contract.name}_contract",
        description=f"pandera contract {contract.model.__name__} of {contract.relation}",
        # Checks open the warehouse too: one DuckDB file admits one process at a time.
        pool=WAREHOUSE_POOL,
    )
    def _contract_checks(
        context: AssetCheckExecutionContext, warehouse: Warehouse
    ) -> Iterator[AssetCheckResult]:
        window = checked_window(context, contract.asset_key) if contract.partitioned else None
        target_schemas = {name: schema_on(warehouse.kind, s) for name, (s, _) in schemas.items()}
        with warehouse.get_connection() as conn:
            rows, failures = _validate(warehouse, conn, contract, window, target_schemas)
        for name, (_, severity) in schemas.items():
            context.log.info(f"{contract.relation} {name}: {len(failures[name])} rule(s) failed")
            yield AssetCheckResult(
                check_name=name,
                passed=not failures[name],
                severity=severity,
                metadata=check_metadata(window.label if window else None, rows, failures[name]),
            )

    return _contract_checks


def _validate(
    warehouse: Warehouse,
    conn: Any,
    contract: TableContract,
    window: CheckedWindow | None,
    schemas: dict[str, DataFrameSchema],
) -> tuple[int | None, dict[str, list[RuleFailure]]]:
    """Rows checked and the failed rules of each schema, validated in the warehouse."""
    try:
        table = _relation(warehouse.ibis_table(conn, contract.schema, contract.name), window)
    except TableNotFound:
        missing = [RuleFailure("relation exists", 1, ({"relation": contract.relation},))]
        return None, dict.fromkeys(schemas, missing)
    rows = int(table.count().execute())
    # An empty relation only has a shape to check: pandera's ibis backend reads the NULL of
    # an aggregate over zero rows as a failed rule.
    with config_context(validation_depth="SCHEMA_AND_DATA" if rows else "SCHEMA_ONLY"):
        return rows, {
            name: validate_in_warehouse(schema, table) for name, schema in schemas.items()
        }


def _relation(table: ir.Table, window: CheckedWindow | None) -> ir.Table:
    if window is None:
        return table
    return table.filter(table.partition_date.between(window.first, window.last))


def _describe(
    contract: TableContract, schema: DataFrameSchema, severity: AssetCheckSeverity
) -> str:
    rules = [
        f"{name}: {rule.error or rule.name}"
        for name, column in schema.columns.items()
        for rule in column.checks
    ] + [rule.name for rule in schema.checks]
    if severity == AssetCheckSeverity.WARN:
        return f"WARN rules of {contract.relation} (reported, never blocking): " + "; ".join(rules)
    unique = f"unique({', '.join(schema.unique)}); " if schema.unique else ""
    return (
        f"ERROR rules of {contract.relation} (blocking): the contract's columns and dtypes, "
        f"non-null columns, {unique}" + "; ".join(rules)
    )
