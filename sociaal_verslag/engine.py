"""The papermill engine of the build: nbclient on a kernel of its own, and a record of a run
that did not finish.

Two things papermill's own nbclient engine does not do:

- **No port race.** Notebooks run side by side, each in its own kernel. Kernels that pick free
  TCP ports at the same moment can pick the same one; these kernels talk over Unix sockets (IPC)
  in a folder of their own instead, so two of them can never collide (and nothing listens on
  the network).
- **A stopped run is kept.** papermill writes the executed notebook when a cell raises, but not
  when a cell is stopped from outside (the per-cell timeout, an interrupt) unless it saves after
  every cell, which costs about 60 ms a cell. This engine keeps the cheap mode and, when
  execution stops for any reason, writes the notebook as far as it got to ``failure_path``, the
  cell that was running marked ``failed`` in its papermill metadata (papermill itself would mark
  it completed), so that the review page can point at it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.iorw import write_ipynb
from papermill.log import logger

ENGINE_NAME = "sociaal-verslag"


def _kernel_manager(kernel_name: str, folder: Path) -> AsyncKernelManager:
    """A kernel manager whose kernel listens on Unix sockets in ``folder``."""
    manager = AsyncKernelManager(kernel_name=kernel_name, transport="ipc")
    manager.ip = str(folder / "kernel")  # the sockets are kernel-1, kernel-2... in that folder
    return manager


class SaveOnStopEngine(NBClientEngine):
    """nbclient on an IPC kernel, saving the notebook to ``failure_path`` if it stops early."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        failure_path: str | None = None,
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
        # Short: a Unix socket's path may not exceed about 100 characters.
        sockets = Path(tempfile.mkdtemp(prefix="sv-"))
        extra = kwargs.pop("extra_arguments", [])
        kwargs.pop("input_path", None)
        client = PapermillNotebookClient(
            nb_man,
            km=_kernel_manager(kernel_name, sockets),
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            extra_arguments=extra,
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
            shutil.rmtree(sockets, ignore_errors=True)


papermill_engines.register(ENGINE_NAME, SaveOnStopEngine)
