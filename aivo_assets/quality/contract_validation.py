"""Validate a pandera contract against a warehouse table through pandera's ibis backend.

The table is an ibis expression over the warehouse, so every rule compiles to SQL that runs
where the data is: a passing table costs one aggregate query per rule and returns one row
each. Only a failing rule brings data back: pandera fetches that rule's boolean outcome
(one value per row) to locate failures, and at most ``SAMPLE_SIZE`` failure cases; failure
counts are ``count(*)`` queries. Severity follows pandera: a check declared with
``raise_warning=True`` is a WARN rule, everything else (dtypes, nullability, uniqueness,
other checks) is an ERROR rule.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import ibis.expr.types as ir
import pandas as pd
from pandera.api.checks import Check
from pandera.api.ibis.components import Column
from pandera.api.ibis.container import DataFrameSchema
from pandera.constants import CHECK_OUTPUT_KEY
from pandera.errors import SchemaError, SchemaErrors

SAMPLE_SIZE = 5


@dataclass(frozen=True)
class RuleFailure:
    """One broken rule: how many rows break it and a few of them."""

    rule: str
    failure_count: int
    sample: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class SeveritySplit:
    """A contract split into the schema of its ERROR rules and that of its WARN rules."""

    errors: DataFrameSchema
    warnings: DataFrameSchema | None


def split_by_severity(schema: DataFrameSchema, sample_size: int = SAMPLE_SIZE) -> SeveritySplit:
    """ERROR schema = the contract minus its warning checks; WARN schema = only those checks."""
    errors = copy.deepcopy(schema)
    warning_columns: dict[str, Column] = {}
    for name, column in errors.columns.items():
        column.checks = [_sampled(c, sample_size) for c in column.checks if not c.raise_warning]
        column_warnings = [c for c in schema.columns[name].checks if c.raise_warning]
        if column_warnings:
            warning_columns[name] = Column(
                checks=[_sampled(c, sample_size) for c in column_warnings],
                nullable=True,
                name=name,
            )
    errors.checks = [_sampled(c, sample_size) for c in schema.checks if not c.raise_warning]
    frame_warnings = [_sampled(c, sample_size) for c in schema.checks if c.raise_warning]
    if not (warning_columns or frame_warnings):
        return SeveritySplit(errors, None)
    warnings = DataFrameSchema(
        columns=warning_columns, checks=frame_warnings, name=f"{schema.name} (warnings)"
    )
    return SeveritySplit(errors, warnings)


def _sampled(check: Check, sample_size: int) -> Check:
    """A copy that fails (rather than warns) and keeps at most ``sample_size`` cases."""
    failing = copy.copy(check)
    failing.raise_warning = False
    failing.n_failure_cases = sample_size
    return failing


def validate_in_warehouse(
    schema: DataFrameSchema, table: ir.Table, sample_size: int = SAMPLE_SIZE
) -> list[RuleFailure]:
    """Every rule of ``schema`` that ``table`` breaks; empty when the table conforms."""
    if schema.unique and not _has_duplicates(table, schema.unique):
        # pandera checks uniqueness with a window count over every row (2 s on a 10M-event
        # day); a grouped aggregate answers "any duplicate?" in half that. pandera only runs
        # its own check, for the failure cases, when there are duplicates to report.
        schema = copy.copy(schema)
        schema.unique = None
    try:
        schema.validate(table, lazy=True)
    except SchemaErrors as errors:
        return [_as_rule_failure(error, sample_size) for error in errors.schema_errors]
    return []


def _has_duplicates(table: ir.Table, columns: list[str]) -> bool:
    if not set(columns) <= set(table.columns):
        return True  # a missing column: pandera's check reports it
    repeated = (
        table.group_by(columns).aggregate(copies=table.count()).filter(lambda t: t.copies > 1)
    )
    return bool(repeated.count().execute())


def _as_rule_failure(error: SchemaError, sample_size: int) -> RuleFailure:
    cases = error.failure_cases
    if isinstance(cases, ir.Table):  # nulls and duplicates: an unexecuted ibis query
        count = int(cases.count().execute())
        sample = cases.limit(sample_size).to_pyarrow().to_pylist()
    elif isinstance(cases, pd.DataFrame):  # vectorized checks: pandera already capped these
        count = _count_failed(error.check_output, getattr(error.check, "ignore_na", True))
        sample = [_as_row(case, error) for case in cases["failure_case"].head(sample_size)]
    else:  # schema-level (dtype, missing or extra column) or a check that raised
        count = 1
        sample = [{"failure_case": cases, "message": error.args[0] if error.args else ""}]
    return RuleFailure(_rule_name(error), count, tuple(jsonable_row(row) for row in sample))


def _count_failed(check_output: ir.Expr | None, ignore_na: bool) -> int:
    """Rows whose check outcome is false (null counts as ``ignore_na``), counted in SQL."""
    if check_output is None:
        return 1
    outcome = check_output.as_table() if isinstance(check_output, ir.Column) else check_output
    if not isinstance(outcome, ir.Table):  # a scalar outcome: the whole table failed once
        return 1
    passed = outcome[CHECK_OUTPUT_KEY].fill_null(ignore_na)
    return int(outcome.filter(~passed).count().execute())


def _as_row(case: Any, error: SchemaError) -> dict[str, Any]:
    if isinstance(case, dict):
        return case
    return {_column_name(error) or "value": case}


def _column_name(error: SchemaError) -> str | None:
    return error.schema.name if isinstance(error.schema, Column) else None


def _rule_name(error: SchemaError) -> str:
    check = error.check
    if check == "multiple_fields_uniqueness":
        label = f"unique({', '.join(error.schema.unique or [])})"
    elif isinstance(check, Check):
        label = check.error or check.name or str(check)
    else:
        label = str(check)
    column = _column_name(error)
    return f"{column}: {label}" if column else label


def jsonable_row(row: dict[str, Any]) -> dict[str, Any]:
    """Warehouse values (dates, decimals, JSON) as JSON-friendly scalars for metadata."""
    return {str(key): _jsonable(value) for key, value in row.items()}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    try:
        return json.loads(json.dumps(value, default=str))
    except (TypeError, ValueError):
        return str(value)
