"""Topic → ``aivo ingest`` → S3 landing → ``s3_landing_sensor`` → runs → ``raw.raw_events``.

Real tansu broker, real moto S3, the ingester as a subprocess that is SIGKILLed mid-stream
and restarted, the sensor evaluated on a real instance and the runs it requests executed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import boto3
import duckdb
import pytest
from dagster import AssetKey, DagsterInstance, RunRequest

from aivo_assets.definitions import build_definitions
from aivo_assets.ingestion.kafka.config import IngestConfig
from aivo_assets.ingestion.kafka.service import Ingester
from aivo_assets.jobs import daily_tables_job
from aivo_assets.lib.landing import Landing
from aivo_assets.lib.settings import Settings
from aivo_assets_tests.helpers.event_stream import (
    EventStream,
    ProducedLog,
    assert_dead_lettered,
    assert_landed_exactly_once,
    committed_offsets,
    create_topic,
    generated_stream,
    produce,
    wait_for_commits,
)
from aivo_assets_tests.helpers.landing_sensor_ticks import LandingSensorTicks
from aivo_assets_tests.helpers.local_servers import MotoS3, TansuBroker, moto_s3, tansu_broker

pytestmark = pytest.mark.slow
TOPIC, GROUP, PARTITIONS = "events_raw", "e2e-ingest", 3
DAYS = (date(2025, 9, 5), date(2025, 9, 6))
LATE_DAY = DAYS[0]  # late events for a day that was already loaded
LANDING_URI = "s3://lake/landing"
RAW_EVENTS = AssetKey(["raw", "raw_events"])
RUN_KEY_TAG = "dagster/run_key"


@dataclass
class Ingested:
    broker: TansuBroker
    s3: MotoS3
    stream: EventStream
    log: ProducedLog


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TansuBroker, MotoS3]]:
    logs = tmp_path_factory.mktemp("servers")
    with (
        tansu_broker(logs) as broker,
        moto_s3(logs) as s3,
        pytest.MonkeyPatch.context() as mp,
    ):
        for name, value in s3.env().items():
            mp.setenv(name, value)
        boto3.client("s3", endpoint_url=s3.endpoint_url).create_bucket(Bucket="lake")
        create_topic(broker.bootstrap, TOPIC, PARTITIONS)
        yield broker, s3


def _start_ingester(broker: TansuBroker, s3: MotoS3, log_file: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        **s3.env(),
        "AIVO_KAFKA_BOOTSTRAP": broker.bootstrap,
        "AIVO_KAFKA_TOPIC": TOPIC,
        "AIVO_KAFKA_GROUP": GROUP,
        "AIVO_LANDING_URI": LANDING_URI,
        "AIVO_INGEST_ROLL_BYTES": str(2_000_000),
        "AIVO_INGEST_ROLL_SECONDS": "4",  # the kill must find ranges still uncommitted
        "AIVO_KAFKA_SESSION_TIMEOUT_MS": "3000",
    }
    command = [sys.executable, "-m", "aivo_assets.cli.main", "ingest"]
    with log_file.open("wb") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def ingested(
    servers: tuple[TansuBroker, MotoS3], tmp_path_factory: pytest.TempPathFactory
) -> Ingested:
    """~50k events with malformed ones; the ingester is SIGKILLed mid-stream and restarted."""
    broker, s3 = servers
    logs = tmp_path_factory.mktemp("ingest_logs")
    stream = generated_stream(DAYS, 25_000, bad_copies=10)
    landing = Landing.from_uri(LANDING_URI)
    log = ProducedLog()
    cut = len(stream.values) * 3 // 5
    paced = threading.Thread(
        target=produce,
        args=(broker.bootstrap, TOPIC, stream, range(cut), log),
        kwargs={"pause_every": 1000, "pause_seconds": 0.1},
    )
    first = _start_ingester(broker, s3, logs / "killed.log")
    try:
        paced.start()
        deadline = time.monotonic() + 60
        while len(landing.list_files()) < 2:
            assert time.monotonic() < deadline, "the ingester landed nothing"
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        paced.join()
    finally:
        first.kill()
    committed = committed_offsets(broker.bootstrap, GROUP, TOPIC, PARTITIONS)
    assert sum(max(0, o) for o in committed.values()) < cut, "the kill left work uncommitted"

    second = _start_ingester(broker, s3, logs / "restarted.log")
    try:
        produce(broker.bootstrap, TOPIC, stream, range(cut, len(stream.values)), log)
        wait_for_commits(broker.bootstrap, GROUP, TOPIC, log.end_offsets(), timeout=90)
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
    finally:
        second.kill()
    return Ingested(broker, s3, stream, log)


def test_landing_holds_every_valid_event_exactly_once(ingested: Ingested) -> None:
    landed = assert_landed_exactly_once(
        Landing.from_uri(LANDING_URI), ingested.stream, ingested.log
    )
    assert landed.num_rows > 49_000


def test_dead_letter_topic_holds_every_invalid_message(ingested: Ingested) -> None:
    invalid = len(ingested.stream.values) - ingested.stream.reasons.count(None)
    assert invalid >= 110
    assert_dead_lettered(ingested.broker.bootstrap, f"{TOPIC}.dlq", ingested.stream, ingested.log)


def test_sensor_requests_the_landed_dates_and_its_runs_load_them(
    ingested: Ingested, instance: DagsterInstance, tmp_path: Path
) -> None:
    settings = replace(
        Settings.from_env(), landing_uri=LANDING_URI, duckdb_path=tmp_path / "warehouse.duckdb"
    )
    defs = build_definitions(settings)
    job = defs.resolve_job_def(daily_tables_job.name)
    start = datetime(2025, 9, 10, 8, 0, tzinfo=UTC)  # the landed dates are days old by now
    sensor = LandingSensorTicks(defs, instance, start)
    assert sensor.sensor.job_name == daily_tables_job.name
    tick = sensor.tick

    def run(requests: dict[str, RunRequest], whole_job: bool) -> dict[date, int]:
        """Execute the requested runs; all but one are narrowed to raw/raw_events, because
        each dbt build costs 7-40 s here and the analytics models are the core suite's job."""
        for key, request in requests.items():
            result = job.execute_in_process(
                instance=instance,
                partition_key=request.partition_key,  # None for a range: its tags say
                tags={RUN_KEY_TAG: request.run_key, **request.tags},
                asset_selection=None if whole_job else [RAW_EVENTS],
                raise_on_error=False,
            )
            assert result.success, key
        with duckdb.connect(str(settings.duckdb_path), read_only=True) as conn:
            rejected = conn.execute("select count(*) from raw.raw_events_rejected").fetchone()
            assert rejected == (0,), "every landed row meets the landing contract"
            counts = "select partition_date, count(*) from raw.raw_events group by 1"
            return dict(conn.execute(counts).fetchall())

    landed = ingested.stream.valid_per_date()
    first = tick(start)
    assert (
        sorted(first) == [day.isoformat() for day in sorted(landed)] == ["2025-09-05", "2025-09-06"]
    )
    assert tick(start + timedelta(minutes=1)) == {}
    assert run(first, whole_job=False) == landed

    late = generated_stream([LATE_DAY], 300, bad_copies=0, id_prefix="late_")
    produce(ingested.broker.bootstrap, TOPIC, late, range(len(late.values)), ProducedLog())
    config = replace(IngestConfig.from_env(), bootstrap=ingested.broker.bootstrap, topic=TOPIC,
                     group=GROUP, landing_uri=LANDING_URI, session_timeout_ms=3000)  # fmt: skip
    Ingester(config).run(max_messages=len(late.values))
    assert tick(start + timedelta(minutes=2)) == {}, "old dates wait for the full sweep"
    again = tick(start + timedelta(minutes=61))
    # Later days ran already: their carried mastery is recomputed in the same range run.
    assert list(again) == [f"{LATE_DAY}..{max(landed)}"]
    late_count = late.valid_per_date()[LATE_DAY]
    assert run(again, whole_job=True) == {**landed, LATE_DAY: landed[LATE_DAY] + late_count}
