"""The dbt project (``dbt/``) and how its nodes map to Dagster asset keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dagster import AssetKey
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtProject

from aivo_assets.lib.settings import REPO_ROOT

dbt_project = DbtProject(project_dir=REPO_ROOT / "dbt", profiles_dir=REPO_ROOT / "dbt")
# `dagster dev` re-parses the project on load; elsewhere `make manifest` prepares it.
dbt_project.prepare_if_dev()


class AivoDbtTranslator(DagsterDbtTranslator):
    """Asset keys mirror warehouse tables, ``<schema>/<table>``: ``analytics/minute_metrics``."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "model":
            return AssetKey([dbt_resource_props["config"]["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)


dbt_translator = AivoDbtTranslator(
    settings=DagsterDbtTranslatorSettings(enable_code_references=True)
)
