"""Render the versioned access-control SQL into statements for one Snowflake account."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

ACCESS_CONTROL_SQL = Path(__file__).parents[1] / "warehouse" / "snowflake" / "access_control.sql"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")


def sql_version() -> str:
    """The first 12 hex digits of the file's SHA-256: which revision was applied."""
    return hashlib.sha256(ACCESS_CONTROL_SQL.read_bytes()).hexdigest()[:12]


def access_control_statements(database: str, warehouse: str) -> list[str]:
    """The file's statements with the names filled in (plain identifiers only: no injection)."""
    for name in (database, warehouse):
        if not _IDENTIFIER.fullmatch(name):
            raise ValueError(f"not a plain Snowflake identifier: {name!r}")
    text = "\n".join(
        line for line in ACCESS_CONTROL_SQL.read_text().splitlines() if not line.startswith("--")
    )
    rendered = text.format(database=database.upper(), warehouse=warehouse.upper())
    return [" ".join(part.split()) for part in rendered.split(";") if part.strip()]
