"""``s3_landing_sensor``: one ``daily_tables_job`` run per partition date with new landing files.

Each tick lists ``events/`` through the ``landing`` resource (the same pyarrow filesystem the
loader reads, so one code path serves S3 and a local directory): only the last
``recent_days`` date prefixes, plus a full sweep of every date every ``full_sweep_every``
(which finds late files for old dates). The cursor logic is in ``lib/landing_cursor.py``; a
date before the newest day already run becomes one range run through that day
(``lib/landing_runs.py``), so mastery's carried state is recomputed in order.
Dates whose partition does not exist yet (today, with daily partitions) wait until it does,
and then ``settle`` longer: the ingester's last files of a day land a roll interval after
midnight, and a run requested before them would be followed by a second one for the day.

Off by default; on by default when ``AIVO_ENV=production``.
"""

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from dagster import (
    RunRequest,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    partition_loading_context,
    sensor,
)

from aivo_assets.ingestion.landing_resource import LandingResource
from aivo_assets.jobs import daily_tables_job
from aivo_assets.lib.landing import LandingFile
from aivo_assets.lib.landing_cursor import (
    LandingCursor,
    apply_listing,
    full_sweep_due,
    recent_days,
    run_key,
)
from aivo_assets.lib.landing_runs import landing_spans
from aivo_assets.lib.raw_partition_status import raw_partition_status
from aivo_assets.ops.materialize_range import RANGE_END_TAG, RANGE_START_TAG
from aivo_assets.partitions import daily_partitions
from aivo_assets.schedules.default_status import default_sensor_status

# How many newly landed files a run was requested for, shown on the run in the UI.
LANDING_FILES_TAG = "aivo/landing_files"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def partition_exists(day: date, now: datetime) -> bool:
    """Whether ``day`` is a partition of ``daily_partitions`` at ``now``."""
    with partition_loading_context(effective_dt=now):
        return daily_partitions.has_partition_key(day.isoformat())


def build_s3_landing_sensor(
    *,
    clock: Callable[[], datetime] = _utc_now,
    recent_day_count: int = 3,
    full_sweep_every: timedelta = timedelta(hours=1),
    overlap: timedelta = timedelta(minutes=10),
    settle: timedelta = timedelta(minutes=10),
    minimum_interval_seconds: int = 30,
) -> SensorDefinition:
    """The sensor; ``clock`` is injectable so tests can place ticks in time."""

    @sensor(
        name="s3_landing_sensor",
        job=daily_tables_job,
        minimum_interval_seconds=minimum_interval_seconds,
        default_status=default_sensor_status(),
        description=(
            "Requests one daily_tables_job run per partition date that received new or "
            "rewritten files under events/ in the landing (recent dates every tick, all dates "
            "in a periodic full sweep); a date before the newest day already run gets one "
            "range run through that day, so carried mastery is recomputed."
        ),
    )
    def s3_landing_sensor(
        context: SensorEvaluationContext, landing: LandingResource
    ) -> SensorResult:
        cursor = LandingCursor.from_json(context.cursor)
        now = clock()
        listed_at_ns = int(now.timestamp() * 1e9)
        full_sweep = full_sweep_due(cursor, listed_at_ns, full_sweep_every)
        started = time.monotonic()
        files = _list(landing, full_sweep, recent_days(now.date(), recent_day_count))
        delta = apply_listing(
            cursor,
            files,
            listed_at_ns,
            overlap,
            requestable=lambda day: partition_exists(day, now - settle),
            full_sweep=full_sweep,
        )
        context.log.info(
            f"{'full sweep' if full_sweep else 'recent dates'}: {len(files)} files listed in "
            f"{time.monotonic() - started:.1f}s; new files for {len(delta.new_files)} dates"
        )
        spans = (
            landing_spans(delta.new_files, _newest_run(context, now - settle))
            if delta.new_files
            else []
        )
        requests = [_run_request(first, last, delta.new_files) for first, last in spans]
        skip = None if requests else SkipReason("no new or rewritten landing files")
        return SensorResult(run_requests=requests, skip_reason=skip, cursor=delta.cursor.to_json())

    return s3_landing_sensor


def _newest_run(context: SensorEvaluationContext, now: datetime) -> date | None:
    """The newest partition whose RAW load ever ran (or is running)."""
    with partition_loading_context(effective_dt=now):
        keys = daily_partitions.get_partition_keys()
    status = raw_partition_status(context.instance, keys)
    ran = [key for key in keys if status.get(key) is not None]
    return date.fromisoformat(ran[-1]) if ran else None


def _run_request(first: date, last: date, new_files: dict[date, list[LandingFile]]) -> RunRequest:
    """One partition, or a single-run range (tagged as a backfill's) through ``last``."""
    days = {day: files for day, files in new_files.items() if first <= day <= last}
    files = str(sum(len(files) for files in days.values()))
    if first == last:
        return RunRequest(
            run_key=run_key(first, days[first]),
            partition_key=first.isoformat(),
            tags={LANDING_FILES_TAG: files},
        )
    keys = "+".join(run_key(day, day_files) for day, day_files in sorted(days.items()))
    digest = hashlib.sha1(keys.encode(), usedforsecurity=False).hexdigest()[:16]
    return RunRequest(
        run_key=f"{first}..{last}:{digest}",
        tags={
            RANGE_START_TAG: first.isoformat(),
            RANGE_END_TAG: last.isoformat(),
            LANDING_FILES_TAG: files,
        },
    )


def _list(resource: LandingResource, full_sweep: bool, days: list[date]) -> list[LandingFile]:
    landing = resource.open()
    return landing.list_files() if full_sweep else landing.files_for_days(days)


s3_landing_sensor = build_s3_landing_sensor()
