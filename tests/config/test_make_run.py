"""`make run` sets everything up and serves the dashboard with a worker and beat;
Ctrl-C stops all of it. Runs on the embedded default in a scratch var/ folder."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.services


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_page(url: str, process: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make run exited early with {process.returncode}: see {process.args}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"nothing served on {url} within {timeout}s")


def group_alive(pgid: int) -> bool:
    """Whether any process of the group still runs (zombies awaiting a reaper do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # Fields after the parenthesised command: state, ppid, pgrp, ...
            state, _ppid, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
            if int(pgrp) == pgid and state != "Z":
                return True
    return False


def test_make_run_serves_the_seeded_dashboard_on_port_and_ctrl_c_stops_everything(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(PORT=str(port), CHIPWATCH_VAR_DIR=str(tmp_path), MAKEFLAGS="")
    log = (tmp_path / "run.log").open("w+")
    process = subprocess.Popen(
        ["make", "run"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )
    try:
        page = wait_for_page(f"http://127.0.0.1:{port}/", process, timeout=180)
        assert "relies completely on domestic technology" in page
        deadline = time.monotonic() + 60
        while "ready." not in (tmp_path / "run.log").read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        output = (tmp_path / "run.log").read_text()
        assert "ready." in output, output[-3000:]  # the Celery worker is up
        assert "beat: Starting" in output, output[-3000:]  # and beat inside it
        # Links in emails follow the port, and the way to follow local feeds is given.
        assert f"links in emails point at http://localhost:{port}" in output
        assert "FETCH_ALLOW_PRIVATE=1 make run" in output
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does
        deadline = time.monotonic() + 60
        while group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        stopped = not group_alive(process.pid)
        if not stopped:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        log.close()
    assert stopped, "Ctrl-C left processes running"
    # bin/run exits 0 on Ctrl-C, so make has no error to report.
    output = (tmp_path / "run.log").read_text()
    assert "make: ***" not in output, output[-3000:]
