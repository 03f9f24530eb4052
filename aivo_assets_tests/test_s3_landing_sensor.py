"""``s3_landing_sensor`` evaluated on a real instance over a local landing and over moto S3."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import boto3
import pyarrow.parquet as pq
import pytest
from dagster import DagsterInstance, DefaultSensorStatus

from aivo_assets.definitions import build_definitions
from aivo_assets.ingestion.s3_landing_sensor import build_s3_landing_sensor
from aivo_assets.lib.landing import Landing, date_prefix
from aivo_assets.lib.settings import Settings
from aivo_assets.synthetic.generator import build_day_table
from aivo_assets_tests.helpers.landing_sensor_ticks import LandingSensorTicks
from aivo_assets_tests.helpers.local_servers import MotoS3, moto_s3


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoS3]:
    with moto_s3(tmp_path_factory.mktemp("moto")) as server, pytest.MonkeyPatch.context() as mp:
        for name, value in server.env().items():
            mp.setenv(name, value)
        yield server


@pytest.fixture(params=["local", "s3"])
def landing_uri(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "local":
        return str(tmp_path / "landing")
    server: MotoS3 = request.getfixturevalue("s3")
    bucket = f"sensor-{time.monotonic_ns()}"
    boto3.client("s3", endpoint_url=server.endpoint_url).create_bucket(Bucket=bucket)
    return f"s3://{bucket}/landing"


def _land(landing: Landing, day: date, name: str, rows: int = 50) -> None:
    landing.filesystem.create_dir(landing.full_path(date_prefix(day)), recursive=True)
    table = build_day_table(day, 200).slice(0, rows)
    pq.write_table(
        table,
        landing.full_path(f"{date_prefix(day)}/{name}.parquet"),
        filesystem=landing.filesystem,
    )


def test_sensor_requests_each_date_with_new_or_rewritten_files_once(
    landing_uri: str, tmp_path: Path, instance: DagsterInstance
) -> None:
    settings = replace(Settings.from_env(), landing_uri=landing_uri, duckdb_path=tmp_path / "w.db")
    landing = Landing.from_uri(landing_uri)
    sensor = LandingSensorTicks(
        build_definitions(settings), instance, datetime(2025, 9, 7, 6, 0, tzinfo=UTC)
    )

    def tick(advance: timedelta = timedelta(minutes=1)) -> dict[str, str]:
        requests = sensor.tick(sensor.now + advance)
        return {day: request.run_key for day, request in requests.items()}

    for day, name in [(date(2025, 9, 5), "a"), (date(2025, 9, 5), "b"), (date(2025, 9, 6), "c")]:
        _land(landing, day, name)
    _land(landing, date(2025, 9, 7), "today")  # no partition before the day is over

    first = tick()
    assert sorted(first) == ["2025-09-05", "2025-09-06"]
    assert tick() == {}

    time.sleep(1.1)  # S3 stamps last-modified to the second: a rewrite must be a later one
    _land(landing, date(2025, 9, 6), "c", rows=60)
    rewritten = tick()
    assert list(rewritten) == ["2025-09-06"]
    assert rewritten["2025-09-06"] != first["2025-09-06"]

    _land(landing, date(2025, 8, 20), "late")
    assert tick() == {}, "an old date is outside the recent prefixes listed every tick"
    assert list(tick(timedelta(hours=1))) == ["2025-08-20"], "the full sweep finds it"

    sensor.now = datetime(2025, 9, 8, 0, 1, tzinfo=UTC)
    assert tick(timedelta(0)) == {}, "the day's last files may still be landing"
    sensor.now = datetime(2025, 9, 8, 0, 10, tzinfo=UTC)
    assert list(tick(timedelta(0))) == ["2025-09-07"], "requested once the day has settled"
    assert tick() == {}


def test_sensor_is_off_in_local_dev_and_on_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIVO_ENV", raising=False)
    assert build_s3_landing_sensor().default_status == DefaultSensorStatus.STOPPED
    monkeypatch.setenv("AIVO_ENV", "production")
    assert build_s3_landing_sensor().default_status == DefaultSensorStatus.RUNNING
