"""``nabij serve`` for real: first start (the demo loads), the web server answers, a task
worker runs, and a normal stop ends every process cleanly.

Before the fix, gunicorn's workers were forked from the process that had just loaded the demo
(and run HiGHS's thread pool for its matching run); each worker's DuckDB snapshot thread then
crashed it with SIGSEGV as it stopped.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

START_TIMEOUT = 600  # the first start loads the demo municipality


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children_of(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """One data directory: the first start loads the demo (the case that crashed), the second
    is an ordinary restart."""
    return tmp_path_factory.mktemp("serve") / "data"


# It starts its own server on SQLite in a temporary directory: run it on the SQLite pass only.
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="runs on the SQLite pass")
@pytest.mark.skipif(not Path("/proc").exists(), reason="reads the process tree from /proc")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_starts_its_worker_and_stops_cleanly(data_dir, tmp_path, stop):
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(NABIJ_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "nabij.cli", "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its own group: a stray worker cannot hide in ours
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                assert server.poll() is None, log.read_text()
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "serve did not answer in time"
                time.sleep(1)
            time.sleep(2)  # let each gunicorn worker build its analytics snapshot
            processes = children_of(server.pid)
            text = log.read_text()
            assert "Starting worker" in text, "no task worker started"
            assert len(processes) >= 4, processes  # web arbiter, 2 web workers, task worker
            server.send_signal(stop)
            code = server.wait(timeout=60)
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    text = log.read_text()
    assert code == 0, text[-3000:]
    assert "SIGSEGV" not in text and "Segmentation" not in text, text[-3000:]
    assert "Shutting down: Master" in text
    left = [pid for pid in processes if alive(pid)]
    assert not left, f"left-over processes: {left}"
