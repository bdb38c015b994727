"""The build's inputs, read and checked before any notebook starts.

The parameters (with last year's build when this year is compared with it), the chapters of
``report.yaml`` and what the notebooks' code declares are read first (:func:`read_inputs`); a
problem there stops at once. Then everything else that needs no notebook is checked
(:func:`preflight`): the registers and their receipts, the facts to confirm, the figures each
notebook records, the narrative. Every problem found is reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..base.errors import BuildError
from ..base.paths import REPORT_YAML, relative_to_root, year_output_dir
from ..cache.store import Store
from ..figures import comparison as diff
from ..figures.catalogue import CATALOGUE
from ..notebook.sources import NotebookSource, NotebookSourceError, check_figures, declared_charts
from ..notebook.sources import read as read_notebook
from ..registers.validated import Validated, validate
from ..render import manifest
from ..review import edition_checks
from ..text import narrative
from ..year import chapters, provisional
from ..year import params as params_module


@dataclass
class Ready:
    """Everything checked before any notebook starts: the inputs and the validated registers."""

    inputs: Inputs
    validated: Validated


def _read_notebooks(listed: list[chapters.Chapter]) -> tuple[list[NotebookSource], list[str]]:
    paths = chapters.notebooks(listed)
    if not paths:
        return [], [f"{relative_to_root(REPORT_YAML)}: no chapter has a notebook"]
    try:
        sources = [read_notebook(path) for path in paths]
        check_figures(sources, {c.notebook: c.id for c in listed if c.notebook is not None})
    except NotebookSourceError as error:
        return [], str(error).splitlines()
    return sources, []


def _check_narrative(inputs: Inputs) -> list[str]:
    """The narrative's problems (files missing or not listed, encoding, syntax, names, markup),
    in every language of the year, before any notebook runs; then whether the languages' texts
    print the same figures and have every fixed word translated (``review/edition_checks.py``)."""
    problems = []
    usages = {}
    for language in inputs.params.languages:
        try:
            folder = inputs.params.narrative_path_in(language)
            files = chapters.narrative_files(inputs.chapters, folder)
            usages[language] = narrative.check(files, CATALOGUE, declared_charts(inputs.sources))
        except (chapters.ChaptersError, narrative.NarrativeError) as error:
            problems += str(error).splitlines()
    if not problems:
        problems += edition_checks.text_problems(usages)
    return problems + edition_checks.translation_problems(inputs.params.languages, inputs.chapters)


def _provisional(inputs: Inputs) -> list[str]:
    """What ``new-year`` copied from last year and nobody confirmed yet: a fact still marked
    ``confirmed: false``, and any text of the parameters or the narrative that still carries the
    mark, one line per fact or text, whatever else it says."""
    where = relative_to_root(inputs.params_path)
    mark = provisional.PROVISIONAL_MARK
    unconfirmed = inputs.params.unconfirmed()
    problems = [
        f"{where}, {key}: still to be confirmed for {inputs.year} (copied from last year;"
        f" check the value and its source in every language, then remove 'confirmed: false'"
        f" and the mark {mark!r})"
        for key in unconfirmed
    ]
    problems += [
        f"{where}, {key}: still carries the mark {mark!r} of a value copied from last year;"
        f" check it for {inputs.year}, then remove the mark"
        for key in provisional.marked_texts(inputs.raw_params)
        if not any(key.startswith(f"{fact}.") for fact in unconfirmed)
    ]
    return problems + _marked_narrative(inputs, mark)


def _marked_narrative(inputs: Inputs, mark: str) -> list[str]:
    """Each line of the narrative, in every language, that carries ``mark``."""
    problems = []
    for language in inputs.params.languages:
        folder = inputs.params.narrative_path_in(language)
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            problems += [
                f"{relative_to_root(path)}:{number}: carries the mark {mark!r}; write the text"
                f" for {inputs.year}, then remove the mark"
                for number, line in enumerate(lines, start=1)
                if mark in line
            ]
    return problems


@dataclass
class Inputs:
    """The parameters as used, the chapters and the notebooks' code, read before anything is
    checked."""

    year: int
    params_path: Path
    params: params_module.ReportParams
    raw_params: dict[str, object]
    overrides: list[str]
    chapters: list[chapters.Chapter]
    sources: list[NotebookSource]
    problems: list[str]

    def in_languages(self, languages: list[str]) -> Inputs:
        """The inputs of a build of some of the year's languages (``--lang``): its notebooks
        draw the charts in those only, so their parameters (and the build's ``params.yaml``)
        name those as the year's ``languages``. The text of every language is still checked
        and counted in the colophon, as in the whole build."""
        chosen = [language for language in self.params.languages if language in languages]
        if chosen == list(self.params.languages):  # every one, in whatever order asked
            return self
        return replace(self, raw_params={**self.raw_params, "languages": chosen})


def read_inputs(
    year: int, overrides: list[str], params_path: Path, out_root: Path, compare_previous: bool
) -> Inputs:
    """The parameters and the chapters (checked: a problem there stops at once) with last year's
    build when it is compared with, and what the notebooks' code declares."""
    report_params, raw_params = params_module.load(year, path=params_path, overrides=overrides)
    manifest.build_time()  # a wrong SOURCE_DATE_EPOCH stops the build before anything runs
    previous_build = year_output_dir(year - 1, out_root)
    report_params, raw_params = _with_previous(
        report_params, raw_params, params_path, previous_build, compare_previous
    )
    listed = chapters.listed()
    sources, problems = _read_notebooks(listed)
    return Inputs(
        year, params_path, report_params, raw_params, overrides, listed, sources, problems
    )


def preflight(inputs: Inputs, store: Store) -> Ready:
    """Every check that needs no notebook: registers and their receipts, facts, notebooks'
    code, the narrative. Raises BuildError with every problem found, at once.

    The registers are validated here, once per build, and stored for the notebooks.
    """
    report_params = inputs.params
    validated = validate(report_params.data_path, inputs.year, report_params.registers, store)
    problems = [str(problem) for problem in validated.problems] + inputs.problems
    problems += _provisional(inputs)
    problems += _check_narrative(inputs)
    if problems:
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise BuildError(f"the inputs of {inputs.year} have {len(problems)} problem(s):\n{listing}")
    return Ready(inputs, validated)


def _previous_year(previous_build: Path) -> dict[str, object]:
    """What this year needs of last year's build, or a BuildError that says what is wrong."""
    hint = " (build without the comparison: --no-previous)"
    try:
        previous_raw = params_module.read_raw(previous_build / "params.yaml")
        diff.load_figures(previous_build)
    except (params_module.ParamsError, diff.DiffError) as error:
        raise BuildError(f"last year's build cannot be compared with: {error}{hint}") from None
    if "data_dir" not in previous_raw:
        raise BuildError(f"{relative_to_root(previous_build)}/params.yaml has no data_dir{hint}")
    return {
        "build_dir": relative_to_root(previous_build),
        "data_dir": previous_raw["data_dir"],
        "registers": previous_raw.get("registers", {}),
    }


def _with_previous(
    report_params: params_module.ReportParams,
    raw_params: dict[str, object],
    params_path: Path,
    previous_build: Path,
    compare_previous: bool,
) -> tuple[params_module.ReportParams, dict[str, object]]:
    if not compare_previous:
        raw_params.pop("previous", None)
    elif report_params.previous is None and previous_build.exists():
        # Last year's build is there: compare with it, and let the charts show both years.
        raw_params["previous"] = _previous_year(previous_build)
    else:
        return report_params, raw_params
    return params_module.validate(raw_params, relative_to_root(params_path)), raw_params
