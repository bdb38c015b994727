"""The charts the chapter notebooks draw, read from their code without running them.

A chart is drawn by a code cell that calls ``chart("id", ...)`` (see ``notebook.chart``). Reading
those calls statically lets the build check the narrative's ``{{ chart("id") }}`` placeholders
before any notebook starts; after the run, the charts actually drawn are checked again.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

from .paths import relative_to_root


class NotebookSourceError(Exception):
    """A chapter notebook cannot be read as a notebook, or its code is not valid Python."""


def _chart_ids(source: str) -> list[str]:
    ids = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "chart"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            ids.append(node.args[0].value)
    return ids


def declared_charts(notebooks: list[Path]) -> dict[str, str]:
    """Chart id -> the notebook (file stem) whose code draws it."""
    charts: dict[str, str] = {}
    for path in notebooks:
        try:
            notebook = nbformat.read(path, as_version=4)
        except (OSError, ValueError) as error:
            raise NotebookSourceError(
                f"{relative_to_root(path)}: not a readable notebook: {error}"
            ) from None
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            try:
                ids = _chart_ids(cell.source)
            except SyntaxError as error:
                raise NotebookSourceError(
                    f"{relative_to_root(path)}, cell {cell.get('id', '?')}: not valid Python"
                    f" (line {error.lineno}: {error.msg})"
                ) from None
            charts.update(dict.fromkeys(ids, path.stem))
    return charts
