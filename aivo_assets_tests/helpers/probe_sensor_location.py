"""A code location whose only sensor runs by default and always skips.

``dagster-daemon`` loads it in the PostgreSQL instance test so that a real sensor tick is
evaluated by the daemon and recorded in the instance's schedule storage.
"""

from dagster import DefaultSensorStatus, Definitions, SkipReason, sensor

PROBE_REASON = "probe: nothing to request"


@sensor(minimum_interval_seconds=1, default_status=DefaultSensorStatus.RUNNING)
def instance_probe_sensor() -> SkipReason:
    return SkipReason(PROBE_REASON)


defs = Definitions(sensors=[instance_probe_sensor])
