"""One notebook's run in a worker process of its own (``execution/pool.py`` keeps the workers):
its kernel started before the notebook is known, then the one job it is sent run by papermill.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..base.paths import KERNEL_NAME, PROJECT_ROOT


@dataclass(frozen=True)
class Job:
    """One notebook to run: where it is, where its executed copy goes, with what."""

    name: str
    notebook: Path
    executed: Path
    parameters: dict[str, Any]
    timeout: int
    weight: int = 0
    """Bytes of the register files it loads: what it will hold in memory, roughly."""


@dataclass(frozen=True)
class Outcome:
    """How a notebook's run ended: ``kind`` is ok, error, timeout, died, interrupted, start."""

    name: str
    kind: str
    message: str = ""
    seconds: float = 0.0
    reads: dict[str, Any] | None = None
    """What its kernel recorded that it read (``file_audit.report``), when it ran to its end."""
    cpu: float | None = None
    """Processor seconds of its kernel (from its start: the package's import among them) and of
    the worker that ran it, when it ran to its end (None: not measured)."""

    @property
    def ok(self) -> bool:
        """Whether the notebook ran to its end."""
        return self.kind == "ok"


def _execute(job: Job, kernel: Any) -> Outcome:
    # papermill and nbclient (about 0.5 s to import) only in the worker processes
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from .papermill_engine import ENGINE_NAME

    # Absolute: papermill runs the notebook in its folder (``cwd``), as Jupyter does.
    executed = job.executed.resolve()
    started = time.perf_counter()
    reads: dict[str, Any] = {}
    try:
        papermill.execute_notebook(
            str(job.notebook.resolve()),
            str(executed),
            parameters=job.parameters,
            kernel_name=KERNEL_NAME,
            engine_name=ENGINE_NAME,
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=job.timeout,
            failure_path=str(executed),  # a timed-out or interrupted run is kept for review
            kernel=kernel,
            reads=reads,
            cwd=str(executed.parent),
        )
    except papermill.PapermillExecutionError as error:
        cause = " ".join(str(error.evalue).split())[:300] or "(no message)"
        return Outcome(job.name, "error", f"{error.ename}: {cause}")
    except CellTimeoutError:
        message = (
            f"did not finish within {job.timeout} s (cell_timeout_seconds in the parameters);"
            " the kernel was stopped"
        )
        return Outcome(job.name, "timeout", message)
    except DeadKernelError as error:
        return Outcome(job.name, "died", f"the kernel died: {error}")
    except KeyboardInterrupt:
        return Outcome(job.name, "interrupted", "stopped")
    except Exception as error:  # the kernel could not start, or papermill could not write
        return Outcome(job.name, "start", f"could not be run: {type(error).__name__}: {error}")
    seconds = time.perf_counter() - started
    cpu = reads.get("cpu")  # asked before the kernel was shut down
    cpu = None if cpu is None else cpu + time.process_time()  # a forked worker counts from naught
    return Outcome(job.name, "ok", seconds=seconds, reads=reads.get("record"), cpu=cpu)


WARM_UP = (
    "__import__('sociaal_verslag.notebook.file_audit').notebook.file_audit.install()\n"
    "import sociaal_verslag.notebook.calls, sociaal_verslag.metrics\n"
    "import sociaal_verslag.charts.drawings"
)
"""Run silently in a new kernel before its notebook is known (no execution count, no output): what
it reads is recorded from the start (``notebook/file_audit.py``), then the package is imported."""


def _end_with(parent: int) -> None:
    """Have this worker stopped (SIGTERM: its kernel shut down) when the build's process ends
    without stopping it (killed, out of memory): else it would wait for a job for ever, its kernel
    beside it. Linux's parent-death signal; elsewhere only the build's own stop does it."""
    if sys.platform.startswith("linux"):
        import ctypes  # only where Linux's prctl is there to be called

        set_parent_death_signal = 1  # PR_SET_PDEATHSIG, <linux/prctl.h>
        ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGTERM)
    if os.getppid() != parent:  # it ended before the signal was asked for
        os.kill(os.getpid(), signal.SIGTERM)


def run_worker(connection: Connection, environment: Mapping[str, str], parent: int) -> None:
    """In the forked process: start a kernel, then run the one job sent (None: stop); stopped
    with the process that forked it (``parent``)."""
    # the engine imports papermill (about 0.4 s): only in the worker process
    from .papermill_engine import start_kernel

    def stop(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the kernel's shutdown must finish
        raise KeyboardInterrupt

    # Ctrl-C reaches the build's own process, which stops the workers with SIGTERM; the kernel
    # is then shut down on the way out.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, stop)
    _end_with(parent)
    os.chdir(PROJECT_ROOT)
    kernel = None
    try:
        try:
            kernel = start_kernel(KERNEL_NAME, WARM_UP, environment)
            booted = None
        except Exception as error:  # reported with the job it was meant for
            booted = f"could not start its kernel: {type(error).__name__}: {error}"
        job = connection.recv()
        if job is None:
            return
        try:
            outcome = Outcome(job.name, "start", booted) if booted else _execute(job, kernel)
        except KeyboardInterrupt:
            outcome = Outcome(job.name, "interrupted", "stopped")
        connection.send(outcome)
    except (KeyboardInterrupt, BrokenPipeError, EOFError):
        pass  # stopped, or the build stopped listening
    finally:
        if kernel is not None:
            kernel.stop()
        connection.close()
