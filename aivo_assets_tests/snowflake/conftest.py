"""A fakesnow server (Snowflake's HTTP protocol over DuckDB) and warehouses pointed at it."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from unittest import mock
from uuid import uuid4

import fakesnow
import pytest

from aivo_assets.warehouse.snowflake_warehouse import SnowflakeWarehouse


@pytest.fixture(scope="module")
def fakesnow_server() -> Iterator[dict]:
    """Connection arguments of a server in this process; dbt subprocesses reach it too."""
    with fakesnow.server() as connection_args:
        for name in ("uvicorn", "uvicorn.access", "uvicorn.error", "fakesnow.server"):
            logging.getLogger(name).setLevel(logging.WARNING)
        yield connection_args


@pytest.fixture
def snowflake_warehouse(fakesnow_server: dict) -> SnowflakeWarehouse:
    """A fresh database per test on the shared server."""
    return SnowflakeWarehouse(
        account=fakesnow_server["account"],
        user=fakesnow_server["user"],
        password=fakesnow_server["password"],
        database=f"AIVO_TEST_{uuid4().hex[:8].upper()}",
        host=fakesnow_server["host"],
        port=fakesnow_server["port"],
        protocol=fakesnow_server["protocol"],
    )


@pytest.fixture
def isolated_environ() -> Iterator[None]:
    """dbt assets export the warehouse's settings to os.environ: undo that after the test."""
    with mock.patch.dict(os.environ):
        yield
