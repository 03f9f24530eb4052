"""Show the configured warehouse (``AIVO_WAREHOUSE``) as the kind of every warehouse asset."""

from collections.abc import Sequence

from dagster import AssetsDefinition, AssetSpec, map_asset_specs

WAREHOUSE_KINDS = frozenset({"duckdb", "snowflake"})
STORAGE_KIND = "dagster/storage_kind"


def with_warehouse_kind(
    assets: Sequence[AssetsDefinition | AssetSpec], warehouse: str
) -> Sequence[AssetsDefinition | AssetSpec]:
    """Assets declare the default (``duckdb``); dbt takes it from the manifest's adapter.

    Either may differ from the warehouse this deployment writes to: the UI's kind badge and
    storage kind say the one that is configured. Assets of no warehouse (Kafka, S3) are kept.
    """

    def configured(spec: AssetSpec) -> AssetSpec:
        if not spec.kinds & WAREHOUSE_KINDS:
            return spec
        metadata = dict(spec.metadata)
        if STORAGE_KIND in metadata:
            metadata[STORAGE_KIND] = warehouse
        return spec.replace_attributes(
            kinds=(spec.kinds - WAREHOUSE_KINDS) | {warehouse}, metadata=metadata
        )

    return map_asset_specs(configured, assets)
