"""The quality layer is wired into the code location as described in docs/quality.md."""

from __future__ import annotations

from dagster import AssetKey

from aivo_assets.definitions import defs
from aivo_assets.partitions import daily_partitions
from aivo_assets_tests.helpers import asset_graph_contract as contract
from aivo_assets_tests.helpers.platform import TABLE_PATHS


def _specs() -> dict[tuple[str, str], object]:
    graph = defs.resolve_asset_graph()
    return {
        (key.asset_key.to_user_string(), key.name): graph.get_check_spec(key)
        for key in graph.asset_check_keys
    }


def test_every_table_and_view_has_a_blocking_contract_check() -> None:
    specs = _specs()
    for asset in [*TABLE_PATHS, *contract.VIEWS]:
        assert specs[(asset, "contract")].blocking, asset
    assert not specs[("raw/raw_events", "contract_warnings")].blocking


def test_reconciliations_block_and_freshness_watches_every_partitioned_table() -> None:
    specs = _specs()
    for key in [
        ("raw/raw_events", "landed_rows_are_accounted_for"),
        ("analytics/minute_metrics", "total_events_match_raw_events"),
        ("analytics/session_metrics", "durations_match_raw_events"),
    ]:
        assert specs[key].blocking, key
    graph = defs.resolve_asset_graph()
    daily = {
        key.to_user_string()
        for key in graph.get_all_asset_keys()
        if graph.get(key).partitions_def == daily_partitions and graph.get(key).is_materializable
    }
    assert daily == set(TABLE_PATHS)
    assert {asset for asset, name in specs if name == "freshness_check"} == daily


def test_checks_run_with_their_jobs() -> None:
    def checks_of(job: str) -> set[tuple[str, str]]:
        keys = defs.resolve_job_def(job).asset_layer.asset_graph.asset_check_keys
        return {(k.asset_key.to_user_string(), k.name) for k in keys}

    def all_checks_of(assets: list[str]) -> set[tuple[str, str]]:
        return {(asset, name) for asset in assets for name in contract.CHECKS[asset]}

    assert checks_of("daily_tables_job") == all_checks_of(list(TABLE_PATHS))
    assert checks_of("looker_views_job") == all_checks_of(contract.VIEWS)
    # Re-checking stored partitions: every rule of the tables, all but freshness.
    assert checks_of("table_checks_job") == {
        ("raw/raw_events", "contract"),
        ("raw/raw_events", "contract_warnings"),
        ("raw/raw_events", "landed_rows_are_accounted_for"),
        ("analytics/minute_metrics", "contract"),
        ("analytics/minute_metrics", "total_events_match_raw_events"),
        ("analytics/session_metrics", "contract"),
        ("analytics/session_metrics", "durations_match_raw_events"),
        ("analytics/mastery_deltas", "contract"),
    }


def test_sensors_and_the_job_status_table_are_in_the_lineage() -> None:
    assert {sensor.name for sensor in defs.sensors} == {
        "s3_landing_sensor",
        "refresh_views_after_tables",
        "check_failure_alert_sensor",
        "run_failure_alert_sensor",
        "partition_freshness_sensor",
        *(
            f"etl_job_status_on_run_{status}"
            for status in ("queued", "started", "succeeded", "failed", "cancelled")
        ),
    }
    node = defs.resolve_asset_graph().get(AssetKey(["analytics", "etl_job_status"]))
    assert node.group_name == "ops" and not node.is_materializable
