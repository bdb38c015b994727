"""The chapter notebooks: the same parameters everywhere, committed clean, thin."""

from __future__ import annotations

import json

import papermill
import pytest

from sociaal_verslag.base.paths import KERNEL_NAME, NOTEBOOKS_DIR
from sociaal_verslag.year import chapters

NOTEBOOKS = chapters.notebooks(chapters.listed())
PARAMETERS = {"year", "params_file"}


def test_every_notebook_is_a_chapter_s_and_none_is_left_out():
    assert NOTEBOOKS
    assert sorted(NOTEBOOKS) == sorted(path.resolve() for path in NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_every_notebook_declares_the_same_parameters(path):
    declared = papermill.inspect_notebook(str(path))
    assert set(declared) == PARAMETERS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebooks_are_committed_without_outputs_and_name_the_project_kernel(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["metadata"]["kernelspec"]["name"] == KERNEL_NAME
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebooks_stay_thin(path):
    """Logic lives in the package: no code cell defines functions or loops over data."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            assert "def " not in source and "for " not in source, source
            assert len(source.splitlines()) <= 12, source
