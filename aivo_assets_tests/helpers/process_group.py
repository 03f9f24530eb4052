"""Background server processes for tests: own process group, default signals, stopped as a group.

A process started in the background inherits SIGINT as ignored, and ``dagster dev`` /
``dagster-webserver`` then ignore SIGTERM too; their code servers and run workers are
children. So the child resets both signals before exec, leads a new process group, and is
stopped by signalling the whole group (SIGTERM, then SIGKILL after a grace period).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reset_signals_and_lead_group() -> None:
    """Runs in the child between fork and exec."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.setpgid(0, 0)


def start_process_group(
    command: Sequence[str], env: Mapping[str, str], cwd: Path, log_path: Path
) -> subprocess.Popen[bytes]:
    """Start ``command`` as the leader of a new process group, output appended to ``log_path``."""
    with log_path.open("ab") as log:
        return subprocess.Popen(
            list(command),
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Runs between fork and exec: only signal dispositions and the process group.
            preexec_fn=_reset_signals_and_lead_group,
        )


def stop_process_groups(
    processes: Sequence[subprocess.Popen[bytes]], grace_seconds: float = 5.0
) -> None:
    """SIGTERM every group (leaders and all they spawned); SIGKILL what outlives the grace."""
    for process in processes:
        _signal_group(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    while time.monotonic() < deadline and any(_group_alive(p.pid) for p in processes):
        for process in processes:
            process.poll()  # reap the leader so it stops counting as alive
        time.sleep(0.2)
    for process in processes:
        _signal_group(process.pid, signal.SIGKILL)
        process.wait(timeout=grace_seconds)


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for(probe: Callable[[], T | None], timeout: float, what: str, interval: float = 0.5) -> T:
    """Poll ``probe`` until it returns something other than None (or raise after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)
