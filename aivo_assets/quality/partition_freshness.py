"""Freshness: yesterday's partition must exist by the 4 AM UTC refresh plus a grace period.

Dagster 1.13 marks ``build_time_partition_freshness_checks`` and its sensor as superseded by
``FreshnessPolicy``; but a ``FreshnessPolicy`` judges when an asset was last materialized, in
any partition, and reports a freshness state rather than a check evaluation. The time-partition
check asks exactly our question — does the partition of the last completed day exist once the
deadline has passed? — and its failures flow through the same check-alert sensor as every
other check, so it is kept (its supersession warning is silenced here, where it is a choice).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from dagster import (
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetsDefinition,
    DefaultSensorStatus,
    SensorDefinition,
    SupersessionWarning,
    build_sensor_for_freshness_checks,
    build_time_partition_freshness_checks,
)

REFRESH_MINUTE_OF_DAY = 4 * 60  # analytics refresh: daily at 4 AM UTC (schema document)
SENSOR_INTERVAL_SECONDS = 300


def deadline_cron(grace_minutes: int) -> str:
    """Cron of the daily deadline: the 4 AM UTC refresh plus ``grace_minutes``."""
    if not 0 <= grace_minutes < 24 * 60 - REFRESH_MINUTE_OF_DAY:
        raise ValueError(
            f"freshness grace must be 0..1199 minutes (before midnight), not {grace_minutes}"
        )
    hour, minute = divmod(REFRESH_MINUTE_OF_DAY + grace_minutes, 60)
    return f"{minute} {hour} * * *"


def build_partition_freshness(
    tables: Sequence[AssetsDefinition], grace_minutes: int
) -> tuple[Sequence[AssetChecksDefinition], SensorDefinition]:
    """A ``freshness_check`` (ERROR, non-blocking) on every table, and the sensor running it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SupersessionWarning)
        checks = build_time_partition_freshness_checks(
            assets=tables,
            deadline_cron=deadline_cron(grace_minutes),
            timezone="UTC",
            severity=AssetCheckSeverity.ERROR,
        )
        sensor = build_sensor_for_freshness_checks(
            freshness_checks=checks,
            minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
            name="partition_freshness_sensor",
            default_status=DefaultSensorStatus.RUNNING,
        )
    return checks, sensor
