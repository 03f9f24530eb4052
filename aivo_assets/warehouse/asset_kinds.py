"""Asset kinds follow the configured warehouse: the UI shows where each table lives."""

from __future__ import annotations

from collections.abc import Sequence

from dagster import AssetsDefinition, AssetSpec, map_asset_specs

WAREHOUSE_KINDS = frozenset({"duckdb", "snowflake"})


def with_warehouse_kind(
    assets: Sequence[AssetsDefinition], warehouse: str
) -> list[AssetsDefinition]:
    """The assets with their warehouse kind (declared as ``duckdb``) set to ``warehouse``."""

    def retag(spec: AssetSpec) -> AssetSpec:
        if not spec.kinds & WAREHOUSE_KINDS:
            return spec
        return spec.replace_attributes(kinds=(spec.kinds - WAREHOUSE_KINDS) | {warehouse})

    return list(map_asset_specs(retag, assets))
