"""Which daily partitions ran: every daily run starts from the RAW load, so its status says."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dagster import AssetKey, AssetPartitionStatus, DagsterInstance

from aivo_assets.partitions import daily_partitions

RAW_EVENTS = AssetKey(["raw", "raw_events"])


def raw_partition_status(
    instance: DagsterInstance, keys: Sequence[str]
) -> Mapping[str, AssetPartitionStatus | None]:
    """``raw/raw_events``' status per partition key: None for a day never attempted."""
    return instance.get_status_by_partition(RAW_EVENTS, list(keys), daily_partitions) or {}
