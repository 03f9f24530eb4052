"""Snowflake, the production warehouse, behind the interface the DuckDB warehouse implements.

Connections come from dagster-snowflake's ``SnowflakeResource``; each session carries the
Dagster run id as its ``QUERY_TAG`` and creates the tables Python assets own
(``snowflake_tables.sql``) if they are missing. Credentials are environment variables only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

import ibis
import ibis.expr.types as ir
from dagster import EnvVar, InitResourceContext
from dagster_snowflake import SnowflakeResource
from pydantic import Field, PrivateAttr
from snowflake.connector import SnowflakeConnection

from aivo_assets.ingestion.raw_loader import RawLoad
from aivo_assets.ingestion.snowflake_raw_loader import load_raw_events_snowflake
from aivo_assets.lib.landing import Landing
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.transform.mastery_trace import MasteryRunStats
from aivo_assets.transform.snowflake_mastery import compute_mastery_deltas_snowflake
from aivo_assets.warehouse.missing_schemas import create_missing_schemas
from aivo_assets.warehouse.portable_sql import render_for_dialect, with_driver_parameters
from aivo_assets.warehouse.query_tag import query_tag
from aivo_assets.warehouse.sql_script import split_statements
from aivo_assets.warehouse.warehouse import QueryResult, Warehouse

SCHEMAS = ("RAW", "ANALYTICS")
TABLES_DDL = split_statements((Path(__file__).parent / "snowflake_tables.sql").read_text())

# Resource field -> environment variable, for the optional settings.
OPTIONAL_ENV = {
    "password": "SNOWFLAKE_PASSWORD",
    "private_key": "SNOWFLAKE_PRIVATE_KEY",
    "private_key_passphrase": "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE",
    "role": "SNOWFLAKE_ROLE",
    "warehouse": "SNOWFLAKE_WAREHOUSE",
    "host": "SNOWFLAKE_HOST",
    "protocol": "SNOWFLAKE_PROTOCOL",
}


class SnowflakeWarehouse(Warehouse):
    """The ``RAW`` and ``ANALYTICS`` schemas of one Snowflake database."""

    kind: ClassVar[str] = "snowflake"

    account: str
    user: str
    database: str
    password: str | None = None
    private_key: str | None = Field(default=None, description="PEM text of the key-pair's key.")
    private_key_passphrase: str | None = None
    role: str | None = None
    warehouse: str | None = Field(default=None, description="Virtual warehouse to run on.")
    host: str | None = Field(
        default=None, description="A Snowflake-compatible endpoint; default: the account URL."
    )
    port: int | None = None
    protocol: str | None = None
    landing_stage: str = Field(
        default="RAW.AIVO_LANDING",
        description=(
            "External stage over the landing root (deploy/snowflake/V2__landing_stage.sql)."
        ),
    )
    _run_id: str | None = PrivateAttr(default=None)

    @classmethod
    def from_env(cls) -> SnowflakeWarehouse:
        """Every setting as an ``EnvVar``: Dagster shows and stores names, never secrets."""
        optional = {
            field: EnvVar(var) for field, var in OPTIONAL_ENV.items() if os.environ.get(var)
        }
        if os.environ.get("SNOWFLAKE_PORT"):
            optional["port"] = EnvVar.int("SNOWFLAKE_PORT")
        return cls(
            account=EnvVar("SNOWFLAKE_ACCOUNT"),
            user=EnvVar("SNOWFLAKE_USER"),
            database=EnvVar("SNOWFLAKE_DATABASE"),
            **optional,
        )

    def setup_for_execution(self, context: InitResourceContext) -> None:
        self._run_id = context.run.run_id if context.run else None

    def snowflake_resource(self) -> SnowflakeResource:
        """dagster-snowflake's resource for this database, its sessions tagged with the run."""
        endpoint = {"host": self.host, "port": self.port, "protocol": self.protocol}
        return SnowflakeResource(
            account=self.account,
            user=self.user,
            password=self.password,
            private_key=self.private_key,
            private_key_password=self.private_key_passphrase,
            role=self.role,
            warehouse=self.warehouse,
            database=self.database,
            schema="RAW",
            timezone="UTC",
            # Transactions are explicit (begin/commit) where a replace must be atomic.
            autocommit=True,
            additional_snowflake_connection_args={
                **{key: value for key, value in endpoint.items() if value is not None},
                "session_parameters": {"QUERY_TAG": query_tag(self._run_id, "python")},
            },
        )

    @contextmanager
    def get_connection(self) -> Iterator[SnowflakeConnection]:
        """A session with the tables in place; closed even when the step fails."""
        with self.snowflake_resource().get_connection() as conn, closing(conn):
            cursor = conn.cursor()
            create_missing_schemas(cursor, SCHEMAS)
            for statement in TABLES_DDL:
                cursor.execute(statement)
            # Session-temporary work tables live here (CREATE SCHEMA switches the schema).
            cursor.execute("use schema RAW")
            yield conn

    def load_raw_partitions(
        self, landing: Landing, days: list[date], processed_at: datetime, policy: PrivacyPolicy
    ) -> RawLoad:
        with self.get_connection() as conn:
            return load_raw_events_snowflake(
                conn, landing, days, processed_at, self.landing_stage, policy
            )

    def compute_mastery(
        self, min_date: date, max_date: date, created_at: datetime
    ) -> MasteryRunStats:
        with self.get_connection() as conn:
            return compute_mastery_deltas_snowflake(conn, min_date, max_date, created_at)

    def ibis_table(self, conn: SnowflakeConnection, schema: str, name: str) -> ir.Table:
        """The relation by its upper-case (unquoted) name, its columns renamed to lower case.

        No ibis UDFs: creating them needs CREATE DATABASE, and no contract uses them.
        """
        backend = ibis.snowflake.from_connection(conn, create_object_udfs=False)
        return backend.table(name.upper(), database=schema.upper()).rename(str.lower)

    def fetch(
        self, conn: SnowflakeConnection, sql: str, params: Mapping[str, date | int | float]
    ) -> QueryResult:
        with closing(conn.cursor()) as cursor:
            cursor.execute(render_for_dialect(sql, params, self.kind))
            return QueryResult([d[0].lower() for d in cursor.description], cursor.fetchall())

    def execute(self, conn: SnowflakeConnection, sql: str, params: Mapping[str, object]) -> None:
        with closing(conn.cursor()) as cursor:
            cursor.execute(with_driver_parameters(sql, self.kind), dict(params))

    def dbt_env(self) -> dict[str, str]:
        """The ``snowflake`` target of dbt/profiles.yml reads these (empty = not set)."""
        return {
            "AIVO_WAREHOUSE": self.kind,
            "SNOWFLAKE_ACCOUNT": self.account,
            "SNOWFLAKE_USER": self.user,
            "SNOWFLAKE_DATABASE": self.database,
            "SNOWFLAKE_PASSWORD": self.password or "",
            "SNOWFLAKE_PRIVATE_KEY": self.private_key or "",
            "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE": self.private_key_passphrase or "",
            "SNOWFLAKE_ROLE": self.role or "",
            "SNOWFLAKE_WAREHOUSE": self.warehouse or "",
            "SNOWFLAKE_HOST": self.host or "",
            "SNOWFLAKE_PORT": str(self.port or 443),
            "SNOWFLAKE_PROTOCOL": self.protocol or "https",
            "AIVO_QUERY_TAG": query_tag(self._run_id, "dbt"),
        }
