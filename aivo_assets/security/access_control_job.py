"""``apply_access_control_job``: apply the roles and grants to the Snowflake warehouse.

It runs on the ``SnowflakeWarehouse`` resource (``AIVO_WAREHOUSE=snowflake``), whose
``get_connection()`` yields a DB-API connection, for a user that may ``USE ROLE SECURITYADMIN``.
On the DuckDB warehouse there are no roles: the job fails and says so, having changed nothing.
"""

import os

from dagster import Config, Failure, OpExecutionContext, job, op

from aivo_assets.security.access_control import access_control_statements, sql_version
from aivo_assets.warehouse.warehouse import Warehouse


class AccessControlConfig(Config):
    """Names default to ``SNOWFLAKE_DATABASE`` / ``SNOWFLAKE_WAREHOUSE`` (the compute one)."""

    database: str | None = None
    compute_warehouse: str | None = None


@op(name="apply_access_control")
def apply_access_control(
    context: OpExecutionContext, config: AccessControlConfig, warehouse: Warehouse
) -> None:
    if warehouse.kind != "snowflake":
        raise Failure(
            "access control applies to the Snowflake warehouse (AIVO_WAREHOUSE=snowflake); the "
            f"{warehouse.kind} warehouse has no roles or grants, so nothing was applied"
        )
    database = config.database or os.environ.get("SNOWFLAKE_DATABASE", "AIVO")
    compute = config.compute_warehouse or os.environ.get("SNOWFLAKE_WAREHOUSE")
    if not compute:
        raise Failure(
            "set SNOWFLAKE_WAREHOUSE (or the op's `compute_warehouse` config) to grant usage"
        )
    statements = access_control_statements(database, compute)
    with warehouse.get_connection() as conn:
        cursor = conn.cursor()
        for statement in statements:
            context.log.info(statement)
            cursor.execute(statement)
    context.add_output_metadata(
        {"statements": len(statements), "sql_version": sql_version(), "database": database}
    )


@job(
    name="apply_access_control_job",
    description="Create the public / internal / restricted roles and their grants (Snowflake).",
)
def apply_access_control_job() -> None:
    apply_access_control()
