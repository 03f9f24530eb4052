"""A fakesnow server (Snowflake's HTTP protocol over DuckDB) and warehouses pointed at it."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from unittest import mock

import fakesnow
import pytest

from aivo_assets.warehouse.snowflake_warehouse import SnowflakeWarehouse
from aivo_assets_tests.helpers.fakesnow_warehouse import fakesnow_warehouse


@pytest.fixture(scope="session")
def fakesnow_server() -> Iterator[dict]:
    """Connection arguments of a server in this process; dbt subprocesses reach it too.

    One per test process: ``fakesnow.server`` cannot be started twice in a process (its
    first start replaces the function with the module of the same name).
    """
    with fakesnow.server() as connection_args:
        for name in ("uvicorn", "uvicorn.access", "uvicorn.error", "fakesnow.server"):
            logging.getLogger(name).setLevel(logging.WARNING)
        yield connection_args


@pytest.fixture
def snowflake_warehouse(fakesnow_server: dict) -> SnowflakeWarehouse:
    return fakesnow_warehouse(fakesnow_server)


@pytest.fixture(scope="module")
def isolated_environ() -> Iterator[None]:
    """dbt assets export the warehouse's settings to os.environ: undo that afterwards."""
    with mock.patch.dict(os.environ):
        yield
