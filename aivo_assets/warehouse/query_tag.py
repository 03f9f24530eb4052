"""Snowflake query tags: every query the platform runs says which Dagster run sent it.

``QUERY_HISTORY`` and warehouse cost reports can then be grouped by run (and so by partition
or backfill) with ``try_parse_json(query_tag):dagster_run_id``.
"""

from __future__ import annotations

import json

APP = "aivo_assets"


def query_tag(run_id: str | None, client: str) -> str:
    """The JSON tag for a session opened by ``client`` ("python" or "dbt") in ``run_id``."""
    return json.dumps(
        {"app": APP, "client": client, "dagster_run_id": run_id}, separators=(",", ":")
    )
