"""``apply_access_control_job``: apply the roles and grants to the Snowflake warehouse.

It needs only a ``warehouse`` resource with ``kind == "snowflake"`` whose ``get_connection()``
yields a DB-API connection (``cursor().execute(sql)``), as ``dagster_snowflake``'s
``SnowflakeResource`` does, connected as a user that may ``USE ROLE SECURITYADMIN``. On the
DuckDB warehouse there are no roles: the job fails and says so, having changed nothing.
"""

import os

from dagster import Config, ConfigurableResource, Failure, OpExecutionContext, job, op

from aivo_assets.security.access_control import access_control_statements, sql_version


class AccessControlConfig(Config):
    """Names default to ``SNOWFLAKE_DATABASE`` / ``SNOWFLAKE_WAREHOUSE``."""

    database: str | None = None
    warehouse: str | None = None


@op(name="apply_access_control")
def apply_access_control(
    context: OpExecutionContext, config: AccessControlConfig, warehouse: ConfigurableResource
) -> None:
    kind = getattr(warehouse, "kind", None)
    if kind != "snowflake":
        raise Failure(
            f"access control applies to the Snowflake warehouse (AIVO_WAREHOUSE=snowflake); the "
            f"{kind or 'configured'} warehouse has no roles or grants, so nothing was applied"
        )
    database = config.database or os.environ.get("SNOWFLAKE_DATABASE", "AIVO")
    compute = config.warehouse or os.environ.get("SNOWFLAKE_WAREHOUSE")
    if not compute:
        raise Failure("set SNOWFLAKE_WAREHOUSE (or the op's `warehouse` config) to grant usage")
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
