"""The papermill engine of the build: nbclient on a kernel of its own, and a record of a run
that did not finish.

Three things papermill's own nbclient engine does not do:

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
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
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
        finally:
            shutil.rmtree(self.sockets, ignore_errors=True)


def start_kernel(kernel_name: str, warm_up: str = "") -> Kernel:
    """Start a kernel now, and run ``warm_up`` in it silently (no output, no execution count):
    a build starts its kernels while it still checks its inputs."""
    # Short: a Unix socket's path may not exceed about 100 characters.
    sockets = Path(tempfile.mkdtemp(prefix="sv-"))
    manager = _kernel_manager(kernel_name, sockets)
    kernel = Kernel(manager, sockets)
    try:
        run_sync(manager.start_kernel)(extra_arguments=KERNEL_ARGUMENTS)
        if warm_up:
            run_sync(_run_silently)(manager, warm_up)
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
        log_output: bool = False,
        start_timeout: int = 60,
        execution_timeout: int | None = None,
        **kwargs: Any,
    ) -> Any:
        """Run the notebook; on any exception, write it to ``failure_path`` and re-raise."""
        started: list[int] = []
        cell_start = nb_man.cell_start

        def remember(cell: Any, cell_index: int | None = None, **details: Any) -> Any:
            started.append(cell_index)
            return cell_start(cell, cell_index, **details)

        nb_man.cell_start = remember
        sockets = None
        if kernel is None:  # not started ahead by the build: start one here (in papermill's cwd)
            sockets = Path(tempfile.mkdtemp(prefix="sv-"))
        else:  # started ahead: it moves to the folder papermill runs the notebook in (``cwd``)
            run_sync(_run_silently)(kernel.manager, f"__import__('os').chdir({os.getcwd()!r})")
        manager = kernel.manager if kernel else _kernel_manager(kernel_name, sockets)
        kwargs.pop("input_path", None)
        client = PapermillNotebookClient(
            nb_man,
            km=manager,
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
        finally:
            if sockets is not None:
                shutil.rmtree(sockets, ignore_errors=True)


papermill_engines.register(ENGINE_NAME, SaveOnStopEngine)
