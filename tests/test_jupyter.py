"""Jupyter for reviewers: `make lab` opens JupyterLab on the project with the project's kernel;
every chapter notebook runs there as it is, and an executed notebook of a build runs again in
place, giving the build's figures."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from packaging.requirements import Requirement

from sociaal_verslag.base.hashing import sha256
from sociaal_verslag.base.paths import (
    KERNEL_NAME,
    NOTEBOOKS_DIR,
    PROJECT_ROOT,
    notebook_params_path,
    params_file,
)
from sociaal_verslag.build.main import BuildOptions, build
from sociaal_verslag.figures import records as figures
from sociaal_verslag.registers.validated import INDEX_ENV
from sociaal_verslag.review.pages import REVIEW_DIR
from sociaal_verslag.year import chapters

NOTEBOOKS = chapters.notebooks(chapters.listed())


# --- running notebooks as Jupyter does ----------------------------------------------------------


async def _execute(notebook: nbformat.NotebookNode, folder: Path, sockets: Path) -> None:
    """Run ``notebook`` top to bottom on the project's kernel started in ``folder``, as
    JupyterLab does with a notebook in that folder (no parameters injected)."""
    manager = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc")
    manager.ip = str(sockets / "kernel")  # Unix sockets: kernels side by side never collide
    client = NotebookClient(
        notebook, km=manager, timeout=300, resources={"metadata": {"path": str(folder)}}
    )
    try:
        # cleanup_kc: nbclient leaves a kernel it was handed running otherwise.
        await client.async_execute(cleanup_kc=True)
    finally:
        if await manager.is_alive():
            await manager.shutdown_kernel(now=True)


def run_in_folder(paths: list[Path], tmp_path: Path) -> dict[Path, list[figures.Figure]]:
    """Execute each notebook (side by side) in its own folder; the figures each recorded."""
    notebooks = {path: nbformat.read(path, as_version=4) for path in paths}
    sockets = {path: tmp_path / f"k{index}" for index, path in enumerate(paths)}
    for folder in sockets.values():
        folder.mkdir()

    async def run_all() -> None:
        await asyncio.gather(
            *(_execute(nb, path.parent, sockets[path]) for path, nb in notebooks.items())
        )

    asyncio.run(run_all())
    recorded = {}
    for path, notebook in notebooks.items():
        executed = tmp_path / path.name
        nbformat.write(notebook, executed)
        recorded[path], _ = figures.collect(executed)
    return recorded


def published(output_dir: Path) -> dict[str, dict]:
    """The figures of a build by id, as its figures.json has them."""
    rows = json.loads((output_dir / "figures.json").read_text("utf-8"))
    return {row["id"]: row for row in rows}


def assert_same_figures(recorded: list[figures.Figure], built: dict[str, dict], name: str) -> None:
    """The notebook recorded exactly the build's figures of that notebook, value and print."""
    assert {figure.id for figure in recorded} == {
        figure_id for figure_id, row in built.items() if row["notebook"] == name
    }
    for figure in recorded:
        row = built[figure.id]
        assert (figure.value, figure.printed) == (row["value"], row["printed"]), figure.id


def test_every_chapter_notebook_runs_in_jupyter_as_committed_and_gives_the_build_s_figures(
    build_2025, tmp_path, monkeypatch
):
    # Opened in Jupyter, a notebook has no build around it: no validated registers to take.
    monkeypatch.delenv(INDEX_ENV, raising=False)
    recorded = run_in_folder(NOTEBOOKS, tmp_path)
    built = published(build_2025.output_dir)
    for path in NOTEBOOKS:
        assert_same_figures(recorded[path], built, path.stem)
    assert sum(len(found) for found in recorded.values()) == len(built)


def test_an_executed_notebook_runs_again_in_place_with_the_parameters_its_build_used(
    build_2025, tmp_path, monkeypatch
):
    """A build with an override; its folder moved elsewhere (as when it is handed on): the
    review notebook still reads that build's parameters, not the project's params file."""
    monkeypatch.delenv(INDEX_ENV, raising=False)
    monkeypatch.chdir(tmp_path)  # --out output: from where the command is given
    result = build(
        2025,
        BuildOptions(
            overrides=tuple(["fte_hours_per_year=1900"]),
            out_root=Path("output"),
            progress=False,
            formats=("html",),
        ),
    )
    assert result.output_dir == tmp_path / "output" / "partial" / "2025"
    ran = [record.name for record in result.steps.records if record.status == "ran"]
    assert "notebook 02-bescherming" in ran
    moved = tmp_path / "elders" / "2025"
    moved.parent.mkdir()
    shutil.move(result.output_dir, moved)
    notebook = moved / REVIEW_DIR / "02-bescherming.ipynb"
    injected = next(
        cell.source
        for cell in nbformat.read(notebook, as_version=4).cells
        if "injected-parameters" in cell.metadata.get("tags", [])
    )
    assert 'params_file = "../params.yaml"' in injected
    # Shown as set by -p wherever the notebook shows the parameter, not as params/2025.yaml's.
    shown = (moved / REVIEW_DIR / "02-bescherming.html").read_text("utf-8")
    assert (
        "parameter <code>fte_hours_per_year</code> = <code>1900</code> (voor deze build gezet met"
        " <code>-p fte_hours_per_year=1900</code>, niet uit params/2025.yaml)"
    ) in shown
    recorded = run_in_folder([notebook], tmp_path)[notebook]
    assert_same_figures(recorded, published(moved), notebook.stem)
    # The override moved a figure: the project's own parameters would have given another.
    default = published(build_2025.output_dir)
    assert [f.id for f in recorded if f.value != default[f.id]["value"]]


def test_a_review_notebook_run_again_on_changed_data_refuses_in_one_line(
    build_2025, tmp_path, monkeypatch
):
    """The build read one version of a register; the file changed since. Run again in Jupyter,
    the review notebook stops at the load, naming the file, both checksums and the commit; the
    same notebook on the build's own data reproduces its figures."""
    monkeypatch.delenv(INDEX_ENV, raising=False)
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data" / "2025", data)
    out = tmp_path / "output"
    result = build(
        2025, BuildOptions(overrides=tuple([f"data_dir={data}"]), out_root=out, progress=False)
    )
    notebook = result.output_dir / REVIEW_DIR / "01-dynamiek.ipynb"  # reads kbs_grants
    (tmp_path / "same").mkdir()
    recorded = run_in_folder([notebook], tmp_path / "same")[notebook]
    assert_same_figures(recorded, published(result.output_dir), notebook.stem)

    grants = data / "kbs_grants.csv"
    before = sha256(grants)
    grants.write_text(grants.read_text("utf-8").replace(",5370\n", ",5380\n"), "utf-8")
    (tmp_path / "changed").mkdir()
    with pytest.raises(CellExecutionError) as caught:
        run_in_folder([notebook], tmp_path / "changed")
    manifest = json.loads((result.output_dir / "manifest.json").read_text("utf-8"))
    commit = manifest["git"]["commit"][:10]
    uncommitted = " with changes not committed" if manifest["git"]["dirty"] else ""
    assert caught.value.ename == "NotTheBuildInputsError"
    assert caught.value.evalue == (
        f"{grants.as_posix()}: sha256 {sha256(grants)[:12]}… now, {before[:12]}… when the build"
        f" read it ({(result.output_dir / 'manifest.json').as_posix()}); the build's inputs are"
        f" those of commit {commit}{uncommitted}"
        f" (git checkout {commit} -- {grants.as_posix()}), or build again to review the new data"
    )


def test_a_review_notebook_whose_parameters_were_edited_refuses(build_2025, tmp_path, monkeypatch):
    monkeypatch.delenv(INDEX_ENV, raising=False)
    folder = tmp_path / "2025"
    shutil.copytree(build_2025.output_dir, folder)
    params = folder / "params.yaml"
    params.write_text(
        params.read_text("utf-8").replace("fte_hours_per_year: 1976", "fte_hours_per_year: 2000"),
        "utf-8",
    )
    notebook = folder / REVIEW_DIR / "02-bescherming.ipynb"
    with pytest.raises(CellExecutionError) as caught:
        run_in_folder([notebook], tmp_path)
    assert caught.value.ename == "NotTheBuildInputsError"
    assert caught.value.evalue.startswith(
        f"{params.as_posix()}, fte_hours_per_year: not the value the build used"
    )


# --- where a notebook's parameters file is found -------------------------------------------------


def test_the_project_s_params_file_is_found_from_the_notebooks_folder_and_the_root(monkeypatch):
    for folder in (NOTEBOOKS_DIR, PROJECT_ROOT):
        monkeypatch.chdir(folder)
        assert notebook_params_path("params/2025.yaml") == params_file(2025)


def test_a_build_s_params_file_is_found_from_its_review_folder(tmp_path, monkeypatch):
    (tmp_path / "params.yaml").write_text("year: 2025\n", "utf-8")
    (tmp_path / REVIEW_DIR).mkdir()
    monkeypatch.chdir(tmp_path / REVIEW_DIR)
    assert notebook_params_path("../params.yaml") == tmp_path / "params.yaml"
    assert notebook_params_path(tmp_path / "params.yaml") == tmp_path / "params.yaml"


# --- the set-up and `make lab` -------------------------------------------------------------------


def _make(*arguments: str) -> str:
    """What make would run or print (``-n``: nothing is run), from the project root."""
    # Not the flags of a `make test` this test may run under (its jobserver, its -n or -k).
    environment = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS"}}
    done = subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def test_jupyterlab_is_an_extra_pinned_in_the_constraints():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    lab = [Requirement(line) for line in project["optional-dependencies"]["lab"]]
    assert "jupyterlab" in {requirement.name for requirement in lab}
    pins = dict(
        line.split("==")
        for line in (PROJECT_ROOT / "constraints.txt").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    )
    for requirement in lab:
        assert requirement.specifier.contains(pins[requirement.name]), requirement


@needs_make
def test_jupyterlab_s_dependencies_leave_reading_a_notebook_light():
    """JupyterLab's jsonschema extra must not bring a parser that compiles grammars whenever
    nbformat is imported (every build, every kernel): constraints.txt pins jsonschema below it."""
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, nbformat; print(sorted({'lark', 'rfc3987_syntax'} & set(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert imported == "[]"


def test_the_set_up_installs_the_lab_extra_and_make_help_lists_lab():
    set_up = _make("-n", "-W", "pyproject.toml", ".venv/.installed")
    install = next(line for line in set_up.splitlines() if "-c constraints.txt -e" in line)
    extras = re.search(r"\.\[([a-z,]+)\]", install).group(1).split(",")
    assert {"test", "lab"} <= set(extras)
    assert re.search(r"^\s*make lab\s+\S", _make("help"), re.MULTILINE)


@pytest.mark.build
@needs_make
def test_make_lab_opens_jupyterlab_on_the_project_with_the_project_s_kernel(tmp_path):
    """The command of `make lab`, started as it is (on a free port, no browser; as root too):
    the server's root is the project and a new notebook gets the kernel sociaal-verslag."""
    options = "--no-browser --ServerApp.port=0 --IdentityProvider.token=lab-test"
    recipe = _make("-n", "-o", ".venv/.installed", "lab", f"LAB_OPTIONS={options}")
    command = recipe.replace("\\\n", " ").strip().splitlines()[-1]
    assert "jupyter lab" in command
    environment = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    server = subprocess.Popen(
        shlex.split(command),
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        info = _server_info(tmp_path, server)
        specs = _get(info, "api/kernelspecs")
        assert specs["default"] == KERNEL_NAME
        assert (
            Path(specs["kernelspecs"][KERNEL_NAME]["spec"]["argv"][0]).parent.resolve()
            == Path(sys.executable).parent.resolve()
        )
        listed = {item["name"] for item in _get(info, "api/contents/notebooks")["content"]}
        assert {path.name for path in NOTEBOOKS} <= listed
    finally:
        server.terminate()
        server.wait(timeout=30)


def _server_info(runtime: Path, server: subprocess.Popen) -> dict:
    """The running server's address, as it writes it into its runtime folder."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = list(runtime.glob("jpserver-*.json"))
        if found:
            return json.loads(found[0].read_text("utf-8"))
        assert server.poll() is None, "jupyter lab stopped at its start"
        time.sleep(0.2)
    raise AssertionError("jupyter lab did not start within 120 s")


def _get(info: dict, path: str) -> dict:
    request = urllib.request.Request(
        f"{info['url']}{path}", headers={"Authorization": f"token {info['token']}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)
