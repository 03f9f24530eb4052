"""Drive the S3 landing sensor tick by tick, carrying its cursor as the daemon does."""

from __future__ import annotations

from datetime import datetime, timedelta

from dagster import DagsterInstance, Definitions, RunRequest, build_sensor_context

from aivo_assets.ingestion.s3_landing_sensor import build_s3_landing_sensor
from aivo_assets.ops.materialize_range import RANGE_END_TAG, RANGE_START_TAG


class LandingSensorTicks:
    """The sensor on a clock the test sets; ``tick(at)`` returns its run requests by partition
    key, or ``first..last`` for a range."""

    def __init__(self, defs: Definitions, instance: DagsterInstance, now: datetime) -> None:
        self.defs = defs
        self.instance = instance
        self.now = now
        self.cursor: str | None = None
        self.sensor = build_s3_landing_sensor(
            clock=lambda: self.now, full_sweep_every=timedelta(hours=1)
        )

    def tick(self, at: datetime) -> dict[str, RunRequest]:
        self.now = at
        context = build_sensor_context(
            instance=self.instance,
            cursor=self.cursor,
            definitions=self.defs,
            resources={"landing": self.defs.resources["landing"]},
        )
        result = self.sensor.evaluate_tick(context)
        self.cursor = result.cursor
        return {
            request.partition_key
            or f"{request.tags[RANGE_START_TAG]}..{request.tags[RANGE_END_TAG]}": request
            for request in result.run_requests
        }
