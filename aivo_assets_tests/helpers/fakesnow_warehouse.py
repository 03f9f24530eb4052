"""A Snowflake warehouse resource on a fakesnow server, each on a fresh database."""

from __future__ import annotations

from uuid import uuid4

from aivo_assets.warehouse.snowflake_warehouse import SnowflakeWarehouse


def fakesnow_warehouse(server: dict) -> SnowflakeWarehouse:
    """A warehouse on its own fresh database of the shared server."""
    return SnowflakeWarehouse(
        account=server["account"],
        user=server["user"],
        password=server["password"],
        database=f"AIVO_TEST_{uuid4().hex[:8].upper()}",
        host=server["host"],
        port=server["port"],
        protocol=server["protocol"],
    )
