"""What the assets need from a warehouse, so the same graph runs on DuckDB or Snowflake.

``resources.py`` picks the implementation from ``AIVO_WAREHOUSE``; assets only see this
interface. Each operation pushes its work into the warehouse and returns small summaries.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from contextlib import AbstractContextManager, closing
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from dagster import ConfigurableResource

from aivo_assets.ops.table_counts import table_counts

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from aivo_assets.ingestion.raw_loader import RawLoad
    from aivo_assets.lib.landing import Landing
    from aivo_assets.privacy.privacy_policy import PrivacyPolicy
    from aivo_assets.transform.mastery_trace import MasteryRunStats


class QueryResult(NamedTuple):
    """A query's lower-case column names and its rows."""

    columns: list[str]
    rows: list[tuple]


class Warehouse(ConfigurableResource):
    """A warehouse holding the ``raw`` and ``analytics`` schemas of the analytics document."""

    # The warehouse's name as a Dagster asset kind and a dbt target ("duckdb", "snowflake").
    kind: ClassVar[str]

    @abstractmethod
    def load_raw_partitions(
        self, landing: Landing, days: list[date], processed_at: datetime, policy: PrivacyPolicy
    ) -> RawLoad:
        """Replace the ``days`` partitions of ``raw.raw_events`` (and rejects) atomically,
        applying ``policy`` (PII keys, IPs, pseudonyms) on the way in."""

    @abstractmethod
    def compute_mastery(
        self, min_date: date, max_date: date, created_at: datetime
    ) -> MasteryRunStats:
        """Replace ``analytics.mastery_deltas`` over ``[min_date, max_date]``."""

    @abstractmethod
    def get_connection(self) -> AbstractContextManager[Any]:
        """A DB-API connection (DuckDB's, or the Snowflake connector's) with the tables in
        place, for SQL both warehouses understand (row counts); closed on exit."""

    @abstractmethod
    def ibis_table(self, conn: Any, schema: str, name: str) -> ir.Table:
        """``schema.name`` over ``conn`` as an ibis table with lower-case column names, so
        pandera's ibis backend validates it where it lives; raises ibis's ``TableNotFound``
        when the relation does not exist."""

    @abstractmethod
    def fetch(self, conn: Any, sql: str, params: Mapping[str, date | int | float]) -> QueryResult:
        """Run ``sql``, written in DuckDB SQL with ``$name`` parameters, on this warehouse."""

    @abstractmethod
    def execute(self, conn: Any, sql: str, params: Mapping[str, object]) -> None:
        """Run ``sql``, a DuckDB SQL statement with ``$name`` parameters, with the values
        bound by the driver (free text included)."""

    def table_counts(self, start: date, end: date) -> dict[str, int]:
        """Rows per table inside ``[start, end]`` and per view, for the CLI summary."""
        with self.get_connection() as conn, closing(conn.cursor()) as cursor:
            return table_counts(lambda sql: cursor.execute(sql).fetchall(), start, end)

    @abstractmethod
    def dbt_env(self) -> dict[str, str]:
        """Environment for the dbt subprocess: the target and how to reach this warehouse."""
