"""Create schemas only where they are missing.

On Snowflake even ``CREATE SCHEMA IF NOT EXISTS`` needs the CREATE SCHEMA privilege on the
database when the schema exists. The pipeline's role (``AIVO_TRANSFORMER``,
``deploy/snowflake/``) is not given it: the migrations create the schemas, and the pipeline
only looks them up. A local DuckDB file has no privileges, and gets its schemas created here.
"""

from collections.abc import Sequence
from typing import Any


def create_missing_schemas(cursor: Any, names: Sequence[str]) -> list[str]:
    """Create those of ``names`` the current database lacks (case-insensitive); returns them.

    ``cursor``: a DB-API cursor of either warehouse.
    """
    cursor.execute(
        "select schema_name from information_schema.schemata"
        " where catalog_name = current_database()"
    )
    existing = {str(name).upper() for (name,) in cursor.fetchall()}
    missing = [name for name in names if name.upper() not in existing]
    for name in missing:
        cursor.execute(f"create schema if not exists {name}")
    return missing
