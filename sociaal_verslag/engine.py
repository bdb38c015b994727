"""The papermill engine of the build: nbclient, plus a record of a run that did not finish.

papermill writes the executed notebook when a cell raises, but not when a cell is stopped from
outside (the per-cell timeout, an interrupt) unless it saves after every cell, which costs about
60 ms a cell. This engine keeps the cheap mode and, when execution stops for any reason, writes
the notebook as far as it got to ``failure_path``, the cell that was running marked ``failed``
in its papermill metadata (papermill itself would mark it completed), so that the review page
can point at it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from papermill.engines import NBClientEngine, papermill_engines
from papermill.iorw import write_ipynb

ENGINE_NAME = "sociaal-verslag"


class SaveOnStopEngine(NBClientEngine):
    """nbclient, saving the notebook to ``failure_path`` when its execution stops early."""

    @classmethod
    def execute_managed_notebook(
        cls, nb_man: Any, kernel_name: str, failure_path: str | None = None, **kwargs: Any
    ) -> Any:
        """Run the notebook; on any exception, write it to ``failure_path`` and re-raise."""
        started: list[int] = []
        cell_start = nb_man.cell_start

        def remember(cell: Any, cell_index: int | None = None, **details: Any) -> Any:
            started.append(cell_index)
            return cell_start(cell, cell_index, **details)

        nb_man.cell_start = remember
        try:
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        except BaseException:
            if started and started[-1] is not None:
                state = nb_man.nb.cells[started[-1]].metadata.papermill
                state.update(status=nb_man.FAILED, exception=True)
            if failure_path:
                Path(failure_path).parent.mkdir(parents=True, exist_ok=True)
                write_ipynb(nb_man.nb, failure_path)
            raise


papermill_engines.register(ENGINE_NAME, SaveOnStopEngine)
