"""dbt on the snowflake target, in-process, for SQL a test needs to see or run itself."""

from __future__ import annotations

import json
from pathlib import Path

from dbt.cli.main import dbtRunner

from aivo_assets.lib.settings import REPO_ROOT

DBT_DIR = REPO_ROOT / "dbt"

# The SQL the replace_window strategy runs on a model's second (incremental) build, with the
# model's own unique_key and the run's window, against the relation the first built.
REPLACE_WINDOW_SQL = """
{%- if execute -%}
{%- set node = graph.nodes["model.aivo." ~ var("model")] -%}
{%- set target_relation = adapter.get_relation(
    database=target.database, schema=node.config.schema, identifier=node.name) -%}
{{ get_incremental_replace_window_sql({
    "target_relation": target_relation,
    "temp_relation": make_temp_relation(target_relation),
    "unique_key": node.config.unique_key,
    "dest_columns": adapter.get_columns_in_relation(target_relation),
}) }}
{%- endif -%}
"""


def dbt_compile(work_dir: Path, args: list[str], dbt_vars: dict[str, str]) -> dict[str, str]:
    """``dbt compile`` on the environment's target: compiled SQL by node name."""
    result = dbtRunner().invoke(
        [
            "compile",
            "--project-dir", str(DBT_DIR),
            "--profiles-dir", str(DBT_DIR),
            "--target-path", str(work_dir / "target"),
            "--log-path", str(work_dir / "logs"),
            "--vars", json.dumps(dbt_vars),
            "--quiet",
            *args,
        ]
    )  # fmt: skip
    assert result.success, result.exception
    return {r.node.name: r.node.compiled_code for r in result.result.results}
