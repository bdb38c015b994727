"""Run chapter notebooks side by side, each in a process and a kernel of its own.

A :class:`Pool` keeps at most ``workers`` notebooks running at a time (``-j``). Each worker is a
forked process that starts its kernel (on Unix sockets, see ``execution/papermill_engine.py``) and
imports the package in it *before* its notebook is known, so that a build can start its kernels
while it is still validating the registers; then it runs one notebook with papermill and ends. The
first failure stops the others: their workers are asked to stop (which shuts their kernels down),
then killed if they do not, and the failure is reported as a :class:`NotebookFailedError`. An
interrupt does the same and re-raises.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..base.errors import ReportError
from ..base.hashing import sha256
from ..base.paths import KERNEL_NAME
from .kernel_environment import KERNEL_PASSED, KERNEL_SETTINGS
from .worker import Job, Outcome, run_worker

INPUT_BUDGET = 256 * 2**20
"""At most this many bytes of register files loaded by the notebooks running at one time
(unless one notebook alone loads more): a kernel holds several times its files in memory, so
two notebooks on big registers run one after the other rather than side by side."""

SPARE_BUDGET = INPUT_BUDGET // 8
"""A spare kernel is started ahead of the next notebook only while the running ones load at
most this many bytes of register files: beside a notebook of big registers, a spare worker and
its kernel cost more memory (about 250 MiB with ×10 registers) than the second they save."""

STOP_GRACE_SECONDS = 10
"""How long a stopped worker may take to shut its kernel down before it is killed."""


def keyed_environment() -> dict[str, str]:
    """The environment variables every kernel gets (:data:`KERNEL_SETTINGS`,
    :data:`KERNEL_PASSED`): part of each notebook's cache key."""
    passed = {name: os.environ[name] for name in KERNEL_PASSED if name in os.environ}
    return {**passed, **KERNEL_SETTINGS}


def kernel_spec() -> dict[str, str]:
    """The kernel spec the kernels start from, found as Jupyter finds it (the first of its
    kernel folders that has a ``sociaal-verslag/kernel.json``): its place and sha256. It names
    the Python that runs the kernel and may give the kernel environment variables of its own."""
    # Jupyter's own paths only when a kernel spec is looked up
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("kernels"):
        spec = Path(folder) / KERNEL_NAME / "kernel.json"
        if spec.is_file():
            return {"kernel.json": str(spec), "sha256": sha256(spec)}
    return {}


def kernel_key() -> dict[str, Any]:
    """What of a notebook's kernel is known before it starts and can change what it computes:
    its environment (:func:`keyed_environment`) and its spec (:func:`kernel_spec`)."""
    return {"environment": keyed_environment(), "spec": kernel_spec()}


def kernel_environment(per_build: Mapping[str, str]) -> dict[str, str]:
    """The whole environment of the build's kernels: :func:`keyed_environment` and what this
    build gives them that the notebooks' keys cover otherwise (the registers' index)."""
    return {**keyed_environment(), **per_build}


class KernelMissingError(ReportError):
    """The Jupyter kernel the notebooks name is not installed."""


def check_kernel() -> None:
    """Raise KernelMissingError when the notebooks' kernel is not installed."""
    # jupyter_client only when the kernel is checked
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        raise KernelMissingError(
            f"the Jupyter kernel {KERNEL_NAME!r} the notebooks name is not installed;"
            " run `make report` once (it installs it into .venv)"
        ) from None


class NotebookFailedError(ReportError):
    """A notebook did not run to its end; ``outcome`` says how."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome
        super().__init__(f"{outcome.name}: {outcome.message}")


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    job: Job | None = None


Report = Callable[[str, Sequence[str]], None]
"""Told of each change: the name of what finished (or ""), and the names still running."""


@dataclass
class Pool:
    """Workers with their kernels started ahead of their notebooks (see the module's doc)."""

    workers: int
    environment: Mapping[str, str] = field(default_factory=keyed_environment)
    """The kernels' whole environment (see :func:`kernel_environment`)."""
    _idle: list[_Worker] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Fork: the workers start at once with the package imported. This process holds no
        # kernel or ZeroMQ context of its own, which fork would not carry over cleanly.
        self._context = multiprocessing.get_context("fork")

    def warm(self, count: int) -> None:
        """Start up to ``count`` workers (at most ``workers`` in all) before any job is known."""
        while len(self._idle) < min(count, max(1, self.workers)):
            self._idle.append(self._fork())

    def _fork(self) -> _Worker:
        # Imported before the first fork, once: the workers inherit them instead of each
        # importing them (not earlier: a build with nothing to run does not need them).
        import nbclient  # noqa: F401
        import papermill  # noqa: F401

        # The objects this process holds now are shared with the worker until either writes
        # them; frozen, the worker's garbage collector does not touch (and so copy) them.
        gc.freeze()
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=run_worker, args=(child, dict(self.environment), os.getpid())
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def run(self, jobs: Sequence[Job], report: Report | None = None) -> dict[str, Outcome]:
        """Run ``jobs``, at most ``workers`` at a time; raise NotebookFailedError on the first
        failure (the others stopped), KeyboardInterrupt when interrupted (all stopped)."""
        pending = list(jobs)
        busy: dict[int, _Worker] = {}
        outcomes: dict[str, Outcome] = {}
        try:
            while pending or busy:
                while pending and len(busy) < max(1, self.workers):
                    job = _next_fitting(pending, busy)
                    if job is None:
                        break
                    worker = self._idle.pop(0) if self._idle else self._fork()
                    worker.job = job
                    worker.connection.send(job)
                    busy[worker.connection.fileno()] = worker
                    _tell(report, "", busy)
                # The next notebook's kernel starts while these run (a kernel spends much of
                # its start waiting, and so do the running notebooks), unless they hold big
                # registers (:data:`SPARE_BUDGET`).
                if _loaded(busy) <= SPARE_BUDGET:
                    self.warm(min(len(pending), 1))
                for connection in wait([worker.connection for worker in busy.values()]):
                    worker = busy.pop(connection.fileno())
                    outcome = _receive(worker)
                    outcomes[outcome.name] = outcome
                    _tell(report, outcome.name, busy)
                    if not outcome.ok:
                        _stop(list(busy.values()))
                        raise NotebookFailedError(outcome)
        except KeyboardInterrupt:
            _stop(list(busy.values()))
            raise
        return outcomes

    def close(self) -> None:
        """Stop the workers that got no job (their kernels are shut down)."""
        _stop(self._idle)
        self._idle.clear()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _loaded(busy: dict[int, _Worker]) -> int:
    """Bytes of register files the running notebooks load."""
    return sum(worker.job.weight for worker in busy.values() if worker.job)


def _next_fitting(pending: list[Job], busy: dict[int, _Worker]) -> Job | None:
    """The first pending job whose registers fit beside those of the running ones (taken off
    ``pending``); any job when none runs."""
    loaded = _loaded(busy)
    for index, job in enumerate(pending):
        if not busy or loaded + job.weight <= INPUT_BUDGET:
            return pending.pop(index)
    return None


def _tell(report: Report | None, finished: str, busy: dict[int, _Worker]) -> None:
    if report is not None:
        report(finished, [worker.job.name for worker in busy.values() if worker.job])


def _receive(worker: _Worker) -> Outcome:
    name = worker.job.name if worker.job else "?"
    try:
        outcome = worker.connection.recv()
    except EOFError:  # the worker died without a word (killed, out of memory)
        outcome = Outcome(name, "died", "the process running it died")
    worker.connection.close()
    worker.process.join()
    return outcome


def _stop(workers: Sequence[_Worker], grace: float = STOP_GRACE_SECONDS) -> None:
    """Ask every worker to stop (SIGTERM: its kernel is shut down, or its start stopped), then
    kill stragglers. An idle one is not asked by a word on its pipe: it would read it only once
    its kernel has started, and a build stopped early (a newer save in the preview) would wait
    for kernels it does not want."""
    for worker in workers:
        if worker.process.is_alive():
            worker.process.terminate()
    deadline = time.monotonic() + grace
    for worker in workers:
        worker.process.join(max(0.0, deadline - time.monotonic()))
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()


def run(jobs: Sequence[Job], workers: int, report: Report | None = None) -> dict[str, Outcome]:
    """Run ``jobs`` in a pool of ``workers`` (see :class:`Pool`)."""
    with Pool(workers) as pool:
        return pool.run(jobs, report)


def default_workers() -> int:
    """The number of processors this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
