"""Run chapter notebooks side by side, each in a process and a kernel of its own.

At most ``workers`` notebooks run at a time (``-j``). Each runs in a forked worker process that
calls papermill with the build's engine (``engine.py``: one IPC kernel per notebook, a stopped
run saved for review). The first failure stops the others: their workers are asked to stop
(which shuts their kernels down), then killed if they do not, and the failure is reported as a
:class:`NotebookFailedError`. An interrupt does the same and re-raises.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .paths import KERNEL_NAME, PROJECT_ROOT

STOP_GRACE_SECONDS = 10
"""How long a stopped worker may take to shut its kernel down before it is killed."""


@dataclass(frozen=True)
class Job:
    """One notebook to run: where it is, where its executed copy goes, with what."""

    name: str
    notebook: Path
    executed: Path
    parameters: dict[str, Any]
    timeout: int


@dataclass(frozen=True)
class Outcome:
    """How a notebook's run ended: ``kind`` is ok, error, timeout, died, interrupted, start."""

    name: str
    kind: str
    message: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the notebook ran to its end."""
        return self.kind == "ok"


class KernelMissingError(Exception):
    """The Jupyter kernel the notebooks name is not installed."""


def check_kernel() -> None:
    """Raise KernelMissingError when the notebooks' kernel is not installed."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        raise KernelMissingError(
            f"the Jupyter kernel {KERNEL_NAME!r} the notebooks name is not installed;"
            " run `make report` once (it installs it into .venv)"
        ) from None


class NotebookFailedError(Exception):
    """A notebook did not run to its end; ``outcome`` says how."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome
        super().__init__(f"{outcome.name}: {outcome.message}")


def _execute(job: Job) -> Outcome:
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from .engine import ENGINE_NAME

    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(job.notebook),
            str(job.executed),
            parameters=job.parameters,
            kernel_name=KERNEL_NAME,
            engine_name=ENGINE_NAME,
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=job.timeout,
            failure_path=str(job.executed),  # a timed-out or interrupted run is kept for review
            # The kernel only talks to this process; its start-up chatter is noise.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
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
    return Outcome(job.name, "ok", seconds=time.perf_counter() - started)


def _worker(job: Job, connection: Connection) -> None:
    """In the forked process: run the job, send its outcome back."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # Stopped by the build (SIGTERM) or by Ctrl-C: nbclient shuts the kernel down on the way out.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    os.chdir(PROJECT_ROOT)
    try:
        connection.send(_execute(job))
    finally:
        connection.close()


@dataclass
class _Running:
    job: Job
    process: multiprocessing.process.BaseProcess
    connection: Connection


Report = Callable[[str, Sequence[str]], None]
"""Told of each change: the name of what finished (or ""), and the names still running."""


def run(jobs: Sequence[Job], workers: int, report: Report | None = None) -> dict[str, Outcome]:
    """Run ``jobs`` with at most ``workers`` at a time; raise NotebookFailedError on the first
    failure (the others stopped), KeyboardInterrupt when interrupted (all stopped)."""
    # Fork: the workers inherit the imported package and start at once. The parent holds no
    # kernel or ZeroMQ context of its own, which fork would not carry over cleanly.
    context = multiprocessing.get_context("fork")
    pending = list(jobs)
    running: dict[int, _Running] = {}
    outcomes: dict[str, Outcome] = {}
    try:
        while pending or running:
            while pending and len(running) < max(1, workers):
                job = pending.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_worker, args=(job, sender), name=job.name)
                process.start()
                sender.close()
                running[receiver.fileno()] = _Running(job, process, receiver)
                _tell(report, "", running)
            for connection in wait([item.connection for item in running.values()]):
                item = running.pop(connection.fileno())
                outcome = _receive(item)
                outcomes[item.job.name] = outcome
                _tell(report, item.job.name, running)
                if not outcome.ok:
                    _stop_all(running)
                    raise NotebookFailedError(outcome)
    except KeyboardInterrupt:
        _stop_all(running)
        raise
    return outcomes


def _tell(report: Report | None, finished: str, running: dict[int, _Running]) -> None:
    if report is not None:
        report(finished, [item.job.name for item in running.values()])


def _receive(item: _Running) -> Outcome:
    try:
        outcome = item.connection.recv()
    except EOFError:  # the worker died without a word (killed, out of memory)
        outcome = Outcome(item.job.name, "died", "the process running it died")
    item.connection.close()
    item.process.join()
    return outcome


def _stop_all(running: dict[int, _Running]) -> None:
    """Ask every running worker to stop (its kernel is shut down), then kill stragglers."""
    for item in running.values():
        if item.process.is_alive():
            item.process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for item in running.values():
        item.process.join(max(0.0, deadline - time.monotonic()))
        if item.process.is_alive():
            item.process.kill()
            item.process.join()
        item.connection.close()
    running.clear()


def default_workers() -> int:
    """The number of processors this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
