"""DuckDB SQL with ``$name`` parameters, rendered for another warehouse's dialect.

The validation queries are written once, in DuckDB SQL (the default warehouse runs them as
written, with bound parameters). For Snowflake, sqlglot transpiles them, inlines the
parameters as typed literals and unquotes identifiers: Snowflake folds unquoted names to
upper case, which is how the tables were created. Only dates and numbers are inlined, so no
free text is ever spliced into SQL; statements that write text (``etl_job_status``) keep
their parameters for the driver to bind instead (``with_driver_parameters``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

import sqlglot
from sqlglot import exp

InlineValue = date | int | float


def render_for_dialect(sql: str, params: Mapping[str, InlineValue], dialect: str) -> str:
    """``sql`` (DuckDB, ``$name`` parameters) as ``dialect`` SQL with the values inlined."""
    return _transpile(sql, dialect, lambda name: _literal(params[name]))


def with_driver_parameters(sql: str, dialect: str) -> str:
    """``sql`` (DuckDB, ``$name`` parameters) as ``dialect`` SQL with ``%(name)s`` parameters,
    the ``pyformat`` style the Snowflake connector binds (and escapes) itself."""
    return _transpile(sql, dialect, lambda name: exp.var(f"%({name})s"))


def _transpile(sql: str, dialect: str, parameter: Callable[[str], exp.Expression]) -> str:
    def _rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder | exp.Parameter):
            return parameter(node.name)
        if isinstance(node, exp.Identifier):
            node.set("quoted", False)
        return node

    return sqlglot.parse_one(sql, read="duckdb").transform(_rewrite).sql(dialect)


def _literal(value: InlineValue) -> exp.Expression:
    if isinstance(value, bool):
        raise TypeError("booleans are not inlined")
    if isinstance(value, datetime):
        return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), "timestamp")
    if isinstance(value, date):
        return exp.cast(exp.Literal.string(value.isoformat()), "date")
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    raise TypeError(f"only dates and numbers are inlined, not {type(value).__name__}")
