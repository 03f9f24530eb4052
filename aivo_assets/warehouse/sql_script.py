"""Run a multi-statement SQL file with named parameters on DuckDB.

DuckDB binds prepared parameters only in a script's last statement, so each statement runs on
its own with the parameters it names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import duckdb

_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


def split_statements(script: str) -> list[str]:
    """The ``;``-separated statements of a script, comments dropped (no ``;`` in literals)."""
    return [s.strip() for s in _strip_comments(script).split(";") if s.strip()]


def run_script(conn: duckdb.DuckDBPyConnection, script: str, params: Mapping[str, object]) -> None:
    for statement in split_statements(script):
        names = set(_PARAM.findall(statement))
        conn.execute(statement, {name: params[name] for name in names})


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
