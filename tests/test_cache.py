"""The build as cached steps: a cached build gives the same bytes as an uncached one, and a
change to one input re-runs exactly the steps that depend on it."""

from __future__ import annotations

import dataclasses
import re
import shutil
import time
from pathlib import Path

import nbformat
import pandas as pd
import psutil
import pytest
import yaml

from sociaal_verslag.base.errors import ReportError
from sociaal_verslag.base.package_code import package_files
from sociaal_verslag.base.paths import PACKAGE_DIR, PROJECT_ROOT
from sociaal_verslag.build.main import BuildOptions, BuildResult, build
from sociaal_verslag.cache.store import CACHE_ENV
from sociaal_verslag.execution import pool as runner
from sociaal_verslag.notebook import sources as notebook_sources
from sociaal_verslag.registers import validated
from sociaal_verslag.registers.loading import REGISTERS, load_register
from sociaal_verslag.year import chapters

from .conftest import recorded_reads

DOCUMENTS = (
    "bijzonder-verslag-2025.html",
    "bijzonder-verslag-2025.pdf",
    "figures.json",
    "figures.csv",
    "params.yaml",
)
"""What a build publishes for its readers (the review pages and manifest record the run)."""

FIXTURES = Path(__file__).parent / "fixtures"
CHAPTERS = chapters.listed()
NOTEBOOKS = chapters.notebooks(CHAPTERS)
NARRATIVES = [chapter.narrative for chapter in CHAPTERS if chapter.narrative]


def _documents(result: BuildResult) -> dict[str, bytes]:
    return {name: (result.output_dir / name).read_bytes() for name in DOCUMENTS}


def _status(result: BuildResult) -> dict[str, str]:
    return {record.name: record.status for record in result.steps.records}


def _notebooks_that_ran(result: BuildResult) -> list[str]:
    return sorted(
        record.name.removeprefix("notebook ")
        for record in result.steps.records
        if record.name.startswith("notebook ") and record.status == "ran"
    )


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def test_a_cached_build_gives_the_same_bytes_as_the_uncached_one(tmp_path, build_2025):
    # build_2025 ran every step (the first build of the test session, side by side); this one
    # finds every step in the session's cache. (tests/test_determinism.py compares build_2025
    # with an uncached build that runs the notebooks one by one.)
    cached = build(2025, BuildOptions(out_root=tmp_path, progress=False))
    assert _documents(cached) == _documents(build_2025)
    status = _status(cached)
    assert _notebooks_that_ran(cached) == []
    assert status["html"] == status["pdf"] == status["validate inputs"] == "cached"
    assert all(status[f"review page {path.stem}"] == "cached" for path in NOTEBOOKS)
    manifest = (cached.output_dir / "manifest.json").read_text("utf-8")
    assert '"status": "cached"' in manifest and '"key": "' in manifest
    index = (cached.output_dir / "review" / "index.html").read_text("utf-8")
    assert "Stappen van de build" in index and "uit de cache" in index


# --- each kind of input re-runs exactly what depends on it -----------------------------------


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """A build from copies of the data and the text, in a cache of its own."""
    root = tmp_path_factory.mktemp("baseline")
    data, text = root / "data", root / "text"
    shutil.copytree(PROJECT_ROOT / "data" / "2025", data)
    (data / "PROVENANCE.yaml").unlink()  # the registers are changed on purpose below
    shutil.copytree(PROJECT_ROOT / "notebooks" / "narrative" / "2025", text)
    patch = pytest.MonkeyPatch()
    patch.setenv(CACHE_ENV, str(root / "cache"))
    overrides = [f"data_dir={data}", f"narrative_dir={text}"]
    first = build(
        2025,
        BuildOptions(
            overrides=tuple(overrides), out_root=root / "out", progress=False, formats=("html",)
        ),
    )
    yield root, overrides, first
    patch.undo()


def _rebuild(baseline, *extra: str) -> BuildResult:
    root, overrides, _ = baseline
    return build(
        2025,
        BuildOptions(
            overrides=tuple([*overrides, *extra]),
            out_root=root / "out",
            progress=False,
            formats=("html",),
        ),
    )


def test_nothing_changed_reruns_nothing(baseline):
    again = _rebuild(baseline)
    assert _notebooks_that_ran(again) == []
    assert _status(again)["html"] == "cached"
    assert again.html.read_bytes() == baseline[2].html.read_bytes()


def test_a_register_row_reruns_the_notebook_that_loads_it(baseline):
    root, _, first = baseline
    loans = root / "data" / "loans.csv"
    original = loans.read_text("utf-8")
    rows = original.splitlines()
    grant = next(i for i, row in enumerate(rows) if row.split(",")[3].startswith("2025-"))
    cells = rows[grant].split(",")
    cells[4] = f"{float(cells[4]) + 100:.2f}"
    rows[grant] = ",".join(cells)
    loans.write_text("\n".join(rows) + "\n", "utf-8")
    try:
        changed = _rebuild(baseline)
    finally:
        loans.write_text(original, "utf-8")
    assert _notebooks_that_ran(changed) == ["01-dynamiek"]
    assert "loans" in next(r.why for r in changed.steps.records if r.name == "validate inputs")
    figure = "financing.loans_granted.amount_eur"
    assert changed.figures[figure].value == first.figures[figure].value + 100


def test_a_parameter_reruns_the_notebook_that_reads_it(baseline):
    changed = _rebuild(baseline, "fte_hours_per_year=2000")
    assert _notebooks_that_ran(changed) == ["02-bescherming"]
    assert changed.figures["employment.fte"].value == 2246


def test_a_fact_reruns_the_notebook_that_records_it(baseline):
    changed = _rebuild(baseline, "facts.cyber.machines.value=301")
    assert _notebooks_that_ran(changed) == ["05-middelen-en-risicos"]
    assert changed.figures["cyber.machines"].value == 301


def test_the_narrative_reruns_no_notebook(baseline):
    root, _, _ = baseline
    chapter = root / "text" / "03-dynamiek.md"
    original = chapter.read_text("utf-8")
    chapter.write_text(original.replace("was een goed jaar", "was een heel goed jaar"), "utf-8")
    try:
        changed = _rebuild(baseline)
    finally:
        chapter.write_text(original, "utf-8")
    assert _notebooks_that_ran(changed) == []
    assert _status(changed)["html"] == "ran"
    assert "was een heel goed jaar" in changed.html.read_text("utf-8")


def _sections(result: BuildResult) -> list[str]:
    """The chapters of the page, in the order it shows them."""
    named = re.findall(r'data-chapter="([^"]+)"', result.html.read_text("utf-8"))
    return list(dict.fromkeys(named))


def _report_yaml(tmp_path: Path, change) -> Path:
    """A copy of report.yaml (notebooks found from its folder) with ``change`` made to its list."""
    listed = yaml.safe_load((PROJECT_ROOT / "report.yaml").read_text("utf-8"))["chapters"]
    for entry in listed:
        if "notebook" in entry:
            entry["notebook"] = str(PROJECT_ROOT / entry["notebook"])
    change(listed)
    path = tmp_path / "report.yaml"
    path.write_text(yaml.safe_dump({"chapters": listed}), "utf-8")
    return path


def test_the_order_of_report_yaml_is_the_order_of_the_page(baseline, tmp_path, monkeypatch):
    assert _sections(baseline[2])[:7] == [Path(name).stem for name in NARRATIVES]

    def swap(listed: list[dict]) -> None:
        listed[4], listed[5] = listed[5], listed[4]

    swapped = _report_yaml(tmp_path, swap)
    monkeypatch.setattr(chapters, "listed", lambda: chapters.read(swapped))
    changed = _rebuild(baseline)
    assert _notebooks_that_ran(changed) == []
    assert _status(changed)["html"] == "ran"  # not the page of the old order, from the cache
    order = [Path(name).stem for name in NARRATIVES]
    order[4], order[5] = order[5], order[4]
    assert _sections(changed)[:7] == order


def test_a_renamed_chapter_file_makes_the_page_again(baseline, tmp_path, monkeypatch):
    root = baseline[0]
    # A chapter's file has the same name in every language's folder: renamed in both.
    folders = [root / "text", root / "text" / "fr"]
    old, new = "07-middelen-en-risicos.md", "08-middelen.md"

    def rename(listed: list[dict]) -> None:
        listed[6]["narrative"] = new

    renamed = _report_yaml(tmp_path, rename)
    monkeypatch.setattr(chapters, "listed", lambda: chapters.read(renamed))
    for folder in folders:
        (folder / old).rename(folder / new)
    try:
        changed = _rebuild(baseline)
    finally:
        for folder in folders:
            (folder / new).rename(folder / old)
    assert _status(changed)["html"] == "ran"  # the same text under another name
    assert "08-middelen" in _sections(changed)


def test_a_notebook_cell_reruns_that_notebook(baseline, tmp_path, monkeypatch):
    copies = tmp_path / "notebooks"
    copies.mkdir()
    for path in NOTEBOOKS:
        shutil.copy2(path, copies / path.name)
    edited = copies / "04-ontplooiing.ipynb"
    notebook = nbformat.read(edited, as_version=4)
    notebook.cells[-1].source += "\n# a reviewer's note"
    nbformat.write(notebook, edited)
    copied = [
        dataclasses.replace(chapter, notebook=copies / chapter.notebook.name)
        if chapter.notebook
        else chapter
        for chapter in CHAPTERS
    ]
    monkeypatch.setattr(chapters, "listed", lambda: copied)
    changed = _rebuild(baseline)
    assert _notebooks_that_ran(changed) == ["04-ontplooiing"]


# A change to the package's code (a metric, a shared module, a module on the page's path) is
# tried in a copy of the project: tests/test_cache_audit.py.


# --- what the keys are made of ------------------------------------------------------------------


def test_the_notebooks_declare_what_they_read():
    sources = {path.stem: notebook_sources.read(path) for path in NOTEBOOKS}
    employment = sources["02-bescherming"]
    assert "employment_contracts" in employment.registers
    # load() and load_previous() read the data folder, the exports' settings, last year's build;
    # chart() the languages it draws each chart in.
    assert employment.params_keys == frozenset(
        {"fte_hours_per_year", "data_dir", "registers", "previous", "year", "languages"}
    )
    assert employment.facts == ("reform.working_groups",)
    assert "employment" in employment.metric_modules


def test_a_run_is_stored_with_what_its_kernel_read(build_2025, build_cache):
    """The second part of a notebook's key: the package modules and data files it read, its
    own metrics' descriptions and not the others', the registers it was given."""
    reads = recorded_reads(build_2025, build_cache, "05-middelen-en-risicos")
    files = {
        Path(path).relative_to(PACKAGE_DIR).as_posix()
        for path in reads["files"]
        if Path(path).is_relative_to(PACKAGE_DIR)
    }
    assert {
        "metrics/cyber.py",
        "metrics/cyber.meta.yml",
        "charts/charts.yaml",
        "notebook/calls.py",
    } <= files
    assert {
        "language/formatting.py",
        "language/locale/fr/charts.po",
        "figures/units.yaml",
    } <= files
    assert "metrics/financing.py" not in files and "metrics/financing.meta.yml" not in files
    assert reads["stored"] and all(key.startswith("registers/") for key in reads["stored"])
    assert not [path for path in reads["files"] if "/.staging-" in path]


def test_a_notebook_that_passes_params_on_whole_depends_on_all_of_them(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("x = helper(params)\ny = params.year")]
    path = tmp_path / "01-x.ipynb"
    nbformat.write(notebook, path)
    assert notebook_sources.read(path).params_keys is None


def test_the_parameters_are_followed_under_the_name_setup_gives_them(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("settings = setup(year, params_file)"),
        nbformat.v4.new_code_cell("hours = settings.fte_hours_per_year"),
    ]
    path = tmp_path / "01-x.ipynb"
    nbformat.write(notebook, path)
    assert notebook_sources.read(path).params_keys == frozenset({"fte_hours_per_year"})
    notebook.cells[0].source = "use(setup(year, params_file))"  # given on: may read anything
    nbformat.write(notebook, path)
    assert notebook_sources.read(path).params_keys is None


def test_a_notebook_that_reads_the_facts_itself_depends_on_all_of_them(tmp_path):
    source = notebook_sources.NotebookSource(
        tmp_path / "x.ipynb", (), (), (), frozenset({"facts"}), (), ()
    )
    raw = {"year": 2025, "facts": {"a": {"value": 1}, "b": {"value": 2}}}
    assert source.params_read(raw)["facts"] == raw["facts"]
    declared = dataclasses.replace(source, params_keys=frozenset(), facts=("a",))
    assert declared.params_read(raw)["facts"] == {"a": {"value": 1}}


def test_a_steps_code_is_its_modules_and_their_imports_with_their_packages():
    def names(*modules: str) -> set[str]:
        files = package_files(modules)
        return {path.relative_to(PACKAGE_DIR).as_posix() for path in files}

    page = names("build/page_step")
    # The heading function (narrative.py), the package's own __init__ (its version) and those of
    # the folders on the way.
    assert {
        "build/page_step.py",
        "render/page.py",
        "text/narrative.py",
        "__init__.py",
        "build/__init__.py",
        "language/templating.py",
    } <= page
    assert "execution/pool.py" not in page  # build/steps.py is imported for its types only
    assert {"metrics/__init__.py", "metrics/financing.py", "metrics/_common.py"} <= names(
        "metrics/financing"
    )


def test_the_kernel_spec_the_kernels_start_from_is_keyed(tmp_path, monkeypatch):
    spec = tmp_path / "kernels" / "sociaal-verslag" / "kernel.json"
    spec.parent.mkdir(parents=True)
    spec.write_text('{"argv": ["python"], "env": {"A": "1"}}', "utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    first = runner.kernel_key()
    assert first["spec"]["kernel.json"] == str(spec)
    spec.write_text('{"argv": ["python"], "env": {"A": "2"}}', "utf-8")
    assert runner.kernel_key() != first


def test_a_register_name_must_be_a_literal(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("name = 'loans'\nframe = load(name, d, 2025)")]
    path = tmp_path / "01-x.ipynb"
    nbformat.write(notebook, path)
    with pytest.raises(notebook_sources.NotebookSourceError, match="literal string"):
        notebook_sources.read(path)


@pytest.mark.build
@pytest.mark.parametrize("name", list(REGISTERS))
def test_a_validated_register_loads_as_the_same_typed_frame(name, tmp_path, monkeypatch):
    from sociaal_verslag.cache.store import Store

    store = Store(tmp_path / "cache")
    data = PROJECT_ROOT / "data" / "2025"
    checked = validated.validate(data, 2025, {}, store)
    assert checked.problems == []
    index = checked.write_index(tmp_path / "index.json", data, 2025)
    monkeypatch.setenv(validated.INDEX_ENV, str(index))
    from_cache = validated.frame_from_index(name, data, 2025)
    from_file = load_register(name, data, 2025)
    pd.testing.assert_frame_equal(from_cache, from_file)
    assert from_cache.attrs["source_file"] == from_file.attrs["source_file"]
    assert validated.frame_from_index(name, data, 2024) is None  # another year: not this one


# --- side by side ------------------------------------------------------------------------------


def _kernels() -> set[int]:
    return {
        process.pid
        for process in psutil.process_iter(["cmdline"])
        if "ipykernel_launcher" in " ".join(process.info["cmdline"] or [])
    }


@pytest.mark.build
def test_a_failure_stops_the_notebooks_running_beside_it(tmp_path, fresh_cache, monkeypatch):
    fixtures = [
        chapters.Chapter("hangs", notebook=FIXTURES / "99-hangs.ipynb"),
        chapters.Chapter("fails", notebook=FIXTURES / "99-fails.ipynb"),
    ]
    monkeypatch.setattr(chapters, "listed", lambda: [*fixtures, *CHAPTERS])
    before = _kernels()
    started = time.monotonic()
    with pytest.raises(ReportError) as caught:
        build(2025, BuildOptions(out_root=tmp_path, progress=False, jobs=2, formats=("html",)))
    assert time.monotonic() - started < 60  # the endless notebook was stopped, not waited for
    assert str(caught.value).startswith("99-fails, cell 4 (id fail0003) failed: ValueError")
    deadline = time.monotonic() + 15
    while _kernels() - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _kernels() - before, "a kernel was left running"
    assert (tmp_path / "partial" / ".failed-2025" / "review" / "99-fails.html").is_file()


def test_every_attribute_of_the_parameters_says_which_keys_it_reads():
    from sociaal_verslag.year.params import ReportParams

    derived = {
        name
        for name in vars(ReportParams)
        if not name.startswith("_")
        and name not in ReportParams.model_fields
        and (callable(vars(ReportParams)[name]) or isinstance(vars(ReportParams)[name], property))
    }
    assert derived == set(ReportParams.DERIVED)


def test_a_derived_attribute_of_the_parameters_counts_as_the_keys_it_reads(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell('n = params.fact("reform.working_groups")')]
    path = tmp_path / "01-x.ipynb"
    nbformat.write(notebook, path)
    assert notebook_sources.read(path).params_keys == frozenset({"facts"})
