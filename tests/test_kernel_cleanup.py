"""No kernel outlives its build: a notebook worker whose build's process dies (killed, out of
memory) stops, and shuts its kernel down."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import psutil
import pytest

pytestmark = pytest.mark.build  # starts a kernel

POOL_THEN_WAIT = """
import json, time
from sociaal_verslag.execution import pool
workers = pool.Pool(1)
workers.warm(1)
print(json.dumps(workers._idle[0].process.pid), flush=True)
time.sleep(600)
"""


def _kernels_of(process: psutil.Process) -> list[psutil.Process]:
    return [
        child
        for child in process.children(recursive=True)
        if "ipykernel_launcher" in " ".join(child.cmdline())
    ]


def test_a_worker_whose_build_is_killed_stops_with_its_kernel():
    build = subprocess.Popen(
        [sys.executable, "-c", POOL_THEN_WAIT], stdout=subprocess.PIPE, text=True
    )
    try:
        worker = psutil.Process(json.loads(build.stdout.readline()))
        deadline = time.monotonic() + 60
        while not _kernels_of(worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        kernels = _kernels_of(worker)
        assert len(kernels) == 1  # started
        build.send_signal(signal.SIGKILL)  # no chance to stop its workers itself
        build.wait()
        _, alive = psutil.wait_procs([worker, *kernels], timeout=30)
        assert alive == []
    finally:
        build.kill()
        build.wait()


def test_a_worker_whose_kernel_is_still_starting_is_stopped_not_waited_for(monkeypatch):
    """A build stopped early (a newer save in the preview) stops its idle workers at once, in
    the middle of their kernel's start, rather than when that start is over."""
    from sociaal_verslag.execution import papermill_engine, pool

    def start_kernel(*arguments, **options):
        time.sleep(600)  # a kernel that takes its time to start

    monkeypatch.setattr(papermill_engine, "start_kernel", start_kernel)  # before the fork
    workers = pool.Pool(1)
    workers.warm(1)
    worker = workers._idle[0].process
    time.sleep(0.5)  # it is starting its kernel
    workers.close()
    assert worker.exitcode == 0  # stopped by its own hand, not killed after the grace time
