"""The papermill engine of the build: nbclient on a kernel of its own, and a record of a run
that did not finish.

Four things papermill's own nbclient engine does not do:

- **No port race.** Notebooks run side by side, each in its own kernel. Kernels that pick free
  TCP ports at the same moment can pick the same one; these kernels talk over Unix sockets (IPC)
  in a folder of their own instead, so two of them can never collide (and nothing listens on
  the network).
- **A kernel started ahead runs in the notebook's folder.** papermill's ``cwd`` only reaches a
  kernel it starts; a kernel the build started before its notebook was known is moved there,
  as Jupyter runs a notebook in its own folder (relative paths in it then mean the same).
- **A stopped run is kept.** papermill writes the executed notebook when a cell raises, but not
  when a cell is stopped from outside (the per-cell timeout, an interrupt) unless it saves after
  every cell, which costs about 60 ms a cell. This engine keeps the cheap mode and, when
  execution stops for any reason, writes the notebook as far as it got to ``failure_path``, the
  cell that was running marked ``failed`` in its papermill metadata (papermill itself would mark
  it completed), so that the review page can point at it.
- **What the kernel read is known.** A kernel is started with the environment it is given (and
  nothing else of the build's), records from its first moment what it reads
  (``notebook/file_audit.py``), and says it when its notebook has run to its end, before it is shut
  down: the notebook's cache key covers it (``build/read_sets.py``).
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.iorw import write_ipynb
from papermill.log import logger

ENGINE_NAME = "sociaal-verslag"


KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
"""The kernel only talks to this process; its start-up chatter is noise to an analyst."""


def _kernel_manager(kernel_name: str, folder: Path) -> AsyncKernelManager:
    """A kernel manager whose kernel listens on Unix sockets in ``folder``."""
    manager = AsyncKernelManager(kernel_name=kernel_name, transport="ipc")
    manager.ip = str(folder / "kernel")  # the sockets are kernel-1, kernel-2... in that folder
    return manager


@dataclass
class Kernel:
    """A started kernel, with the folder of its sockets."""

    manager: AsyncKernelManager
    sockets: Path

    def stop(self) -> None:
        """Shut the kernel down (if it still runs) and remove its sockets."""
        try:
            if run_sync(self.manager.is_alive)():
                run_sync(self.manager.shutdown_kernel)(now=True)
            run_sync(self.manager.cleanup_resources)()
        except RuntimeError:
            pass  # no kernel running any more
        except asyncio.InvalidStateError:
            # Stopped in the middle of its start (SIGTERM): jupyter_client then fails to mark
            # the start done; the kernel's process may still run, so it is killed outright.
            self._kill()
        finally:
            shutil.rmtree(self.sockets, ignore_errors=True)

    def cpu_seconds(self) -> float | None:
        """The processor seconds its process has taken so far (Linux's /proc; None elsewhere or
        when it is gone)."""
        process = getattr(getattr(self.manager, "provisioner", None), "process", None)
        try:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (AttributeError, OSError, IndexError):
            return None
        # utime and stime, the 14th and 15th fields (the 12th and 13th after the name)
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _kill(self) -> None:
        """Kill the kernel's process, if it has one, wait for it, and remove its connection
        file (which holds its key): nothing else can be asked of its manager now."""
        provisioner = getattr(self.manager, "provisioner", None)
        process = getattr(provisioner, "process", None)
        with contextlib.suppress(OSError, AttributeError, subprocess.TimeoutExpired):
            process.kill()
            process.wait(timeout=5)
        with contextlib.suppress(Exception):  # best effort: the manager is in a failed state
            self.manager.cleanup_connection_file()


RECORD_READS = "__import__('sociaal_verslag.notebook.file_audit').notebook.file_audit.install()"
"""The first code every kernel runs: from then on, what it reads is recorded."""

REPORT_READS = "__import__('sociaal_verslag.notebook.file_audit').notebook.file_audit.report()"
"""What the kernel read, asked when its notebook has run (a JSON string)."""


def start_kernel(kernel_name: str, warm_up: str, environment: Mapping[str, str]) -> Kernel:
    """Start a kernel now with ``environment`` as its whole environment, start recording what
    it reads, and run ``warm_up`` in it silently (no output, no execution count): a build
    starts its kernels while it still checks its inputs.

    IPython keeps its profile (startup files, history) in a folder of the kernel's own, so that
    no startup file of the user's runs and kernels side by side share no history database."""
    # Short: a Unix socket's path may not exceed about 100 characters.
    sockets = Path(tempfile.mkdtemp(prefix="sv-"))
    manager = _kernel_manager(kernel_name, sockets)
    kernel = Kernel(manager, sockets)
    env = {**environment, "IPYTHONDIR": str(sockets / "ipython")}
    try:
        run_sync(manager.start_kernel)(extra_arguments=KERNEL_ARGUMENTS, env=env)
        run_sync(_run_silently)(manager, f"{RECORD_READS}\n{warm_up}")
    except BaseException:
        kernel.stop()
        raise
    return kernel


async def _run_silently(manager: AsyncKernelManager, code: str) -> None:
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        await client.execute_interactive(code, silent=True, store_history=False, timeout=120)
    finally:
        client.stop_channels()


class SaveOnStopEngine(NBClientEngine):
    """nbclient on an IPC kernel, saving the notebook to ``failure_path`` if it stops early."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        failure_path: str | None = None,
        kernel: Kernel | None = None,
        reads: dict[str, Any] | None = None,
        log_output: bool = False,
        start_timeout: int = 60,
        execution_timeout: int | None = None,
        **kwargs: Any,
    ) -> Any:
        """Run the notebook on ``kernel`` (started by :func:`start_kernel`); on any exception,
        write it to ``failure_path`` and re-raise. When it ran to its end, ``reads["record"]``
        is what the kernel read."""
        if kernel is None:
            raise ValueError(
                "the sociaal-verslag engine runs a notebook on a kernel of start_kernel"
            )
        started: list[int] = []
        cell_start = nb_man.cell_start

        def remember(cell: Any, cell_index: int | None = None, **details: Any) -> Any:
            started.append(cell_index)
            return cell_start(cell, cell_index, **details)

        nb_man.cell_start = remember
        # Started ahead: it moves to the folder papermill runs the notebook in (``cwd``).
        run_sync(_run_silently)(kernel.manager, f"__import__('os').chdir({os.getcwd()!r})")
        kwargs.pop("input_path", None)
        client = _ReadsRecordingClient(
            nb_man,
            km=kernel.manager,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            extra_arguments=[*KERNEL_ARGUMENTS, *kwargs.pop("extra_arguments", [])],
            # The notebook is done and saved: no need to wait for the kernel to say goodbye.
            shutdown_kernel="immediate",
            **kwargs,
        )
        client.reads = reads
        client.kernel = kernel
        try:
            # cleanup_kc: the client shuts down the kernel it started, although it was given
            # the manager (nbclient keeps a kernel alive that it was handed otherwise).
            return client.execute(cleanup_kc=True)
        except BaseException:
            if started and started[-1] is not None:
                state = nb_man.nb.cells[started[-1]].metadata.papermill
                state.update(status=nb_man.FAILED, exception=True)
            if failure_path:
                Path(failure_path).parent.mkdir(parents=True, exist_ok=True)
                write_ipynb(nb_man.nb, failure_path)
            raise


class _ReadsRecordingClient(PapermillNotebookClient):
    """papermill's client, asking the kernel what it read once the last cell has run (before
    the kernel is shut down)."""

    reads: dict[str, Any] | None = None
    kernel: Kernel | None = None

    def papermill_execute_cells(self) -> None:
        """Run the cells; then ``reads["record"]`` is what the kernel read, and ``reads["cpu"]``
        the processor seconds it took (its start and imports among them)."""
        super().papermill_execute_cells()
        if self.reads is not None:
            self.reads["record"] = run_sync(_reads_of)(self)
            self.reads["cpu"] = self.kernel.cpu_seconds() if self.kernel else None


async def _reads_of(client: PapermillNotebookClient) -> dict[str, Any] | None:
    """What the kernel says it read (None when it cannot say)."""
    message = await ensure_async(
        client.kc.execute(
            "", silent=True, store_history=False, user_expressions={"reads": REPORT_READS}
        )
    )
    reply = await client.async_wait_for_reply(message)
    answer = (reply or {}).get("content", {}).get("user_expressions", {}).get("reads", {})
    if answer.get("status") != "ok":
        return None
    return json.loads(ast.literal_eval(answer["data"]["text/plain"]))


papermill_engines.register(ENGINE_NAME, SaveOnStopEngine)
