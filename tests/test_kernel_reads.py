"""A notebook's kernel as the build starts it: the environment it gets and nothing else, and the
record of what it read that the build keys the run on."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.execution import pool as runner

pytestmark = pytest.mark.build  # builds, or starts kernels or the command line: seconds each


def _run(tmp_path: Path, code: str) -> runner.Outcome:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "sociaal-verslag", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(code)]
    source = tmp_path / "probe.ipynb"
    nbformat.write(notebook, source)
    job = runner.Job("probe", source, tmp_path / "executed.ipynb", {}, 60)
    with runner.Pool(
        1, runner.kernel_environment({"SOCIAAL_VERSLAG_REGISTERS": "/no/index"})
    ) as pool:
        return pool.run([job])["probe"]


def test_a_kernel_gets_a_fixed_environment_and_nothing_else_of_the_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("SV_LEAK", "from the analyst's shell")
    monkeypatch.setenv("PYTHONPATH", "/somewhere/else")
    monkeypatch.setenv("LC_ALL", "nl_BE.UTF-8")
    outcome = _run(
        tmp_path,
        "import os, sociaal_verslag\n"
        "assert 'SV_LEAK' not in os.environ\n"
        "assert os.environ['LC_ALL'] == 'C.UTF-8', os.environ['LC_ALL']\n"
        f"assert os.environ['PYTHONPATH'] == {str(PROJECT_ROOT)!r}\n"
        "assert os.environ['SOCIAAL_VERSLAG_REGISTERS'] == '/no/index'\n"
        f"assert sociaal_verslag.__file__.startswith({str(PROJECT_ROOT)!r})\n"
        "assert os.environ['JUPYTER_NO_CONFIG'] == '1'\n"
        "assert 'ipython' in os.environ['IPYTHONDIR']  # a folder of the kernel's own",
    )
    assert outcome.ok, outcome.message


def test_the_keyed_environment_is_the_kernels_but_what_each_build_gives(monkeypatch):
    monkeypatch.setenv("SV_LEAK", "x")
    monkeypatch.setenv("TZ", "Europe/Brussels")
    keyed = runner.keyed_environment()
    assert "SV_LEAK" not in keyed and keyed["TZ"] == "Europe/Brussels"
    assert set(keyed) <= set(runner.KERNEL_SETTINGS) | set(runner.KERNEL_PASSED)
    given = runner.kernel_environment({"SOCIAAL_VERSLAG_REGISTERS": "/index"})
    assert given == {**keyed, "SOCIAAL_VERSLAG_REGISTERS": "/index"}


def test_a_kernel_reports_what_the_notebook_read(tmp_path):
    side = tmp_path / "side.csv"
    side.write_text("a\n1\n", "utf-8")
    outcome = _run(tmp_path, f"import pandas\npandas.read_csv({str(side)!r})")
    assert outcome.ok, outcome.message
    assert str(side) in outcome.reads["read"]
    assert "sociaal_verslag.notebook.file_audit" in outcome.reads["modules"]
    assert outcome.reads["unrecordable"] == ""


@pytest.mark.parametrize(
    ("code", "reason"),
    [("import subprocess\nsubprocess.run(['true'])", "starts a program (true)")],
)
def test_a_kernel_says_when_its_reads_cannot_be_recorded(tmp_path, code, reason):
    outcome = _run(tmp_path, code)
    assert outcome.ok and outcome.reads["unrecordable"] == reason
