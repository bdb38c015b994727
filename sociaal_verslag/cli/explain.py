"""One figure explained in the terminal: ``sociaal-verslag explain YEAR ID``.

Everything is read from the published build of the year (``signoff.published``): the value and
printed form, the sentence the number stands in (from the review edition of the report, where
each number is marked), the rule from the catalogue, the notebook and cell, the inputs with their
hashes, last year's value and the sign-off state. Nothing is computed again.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from ..base.paths import OUTPUT_DIR, absolute, relative_to_root, year_output_dir
from ..figures import comparison as diff
from ..figures.catalogue import CATALOGUE
from ..figures.units import in_words
from ..language.phrases import languages
from ..notebook.recording import figure_anchor
from ..review import approval, changes, history
from ..review.pages import REVIEW_DIR, cell_places
from ..text.figure_links import anchor
from ..year.editions import Edition
from ..year.params import override_of
from . import signoff

BLOCKS = ("p", "li", "td", "th", "figcaption", "h1", "h2", "h3", "h4", "dd", "dt")
"""The elements a sentence of the report stands in."""

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9„“\"'(])")
"""Between two sentences: an end mark, space, and what starts a sentence."""

_HERE = "\x00"


def sentence(edition: Path, figure_id: str) -> str | None:
    """The sentence of the report in which ``figure_id`` is first printed (None: not printed)."""
    if not edition.is_file():
        return None
    soup = BeautifulSoup(edition.read_text(encoding="utf-8"), "html.parser")
    mark = soup.find(id=anchor(figure_id))
    if mark is None:
        return None
    block = mark.find_parent(BLOCKS)
    if block is None:
        return None
    # The number's place, kept through the split into sentences.
    mark.insert_before(_HERE)
    text = " ".join(block.get_text("").split())
    found = next((part for part in SENTENCE_END.split(text) if _HERE in part), text)
    return found.replace(_HERE, "")


def _previous(build: signoff.PublishedBuild, year: int, out_root: Path) -> Path | None:
    """Last year's value of the figure's id, from the build compared with or output/YEAR-1."""
    previous = (build.manifest.get("parameters") or {}).get("previous") or {}
    folders = [absolute(previous["build_dir"])] if previous.get("build_dir") else []
    folders.append(year_output_dir(year - 1, out_root))
    for folder in folders:
        if (folder / "figures.json").is_file():
            return folder
    return None


def _place(build: signoff.PublishedBuild, figure_id: str) -> str:
    figure = build.figures[figure_id]
    review_dir = build.directory / REVIEW_DIR
    notebooks = sorted(review_dir.glob("*.ipynb"))
    place = cell_places(notebooks).get(figure.notebook, {}).get(figure.cell_id)
    where = relative_to_root(review_dir / f"{figure.notebook}.html")
    if place is None:
        return f"{figure.notebook}, cel {figure.cell_id}"
    return (
        f"notebook {place.notebook_number} ({place.notebook_title}), cel {place.cell_number}"
        f" (id {figure.cell_id}): {where}#{figure_anchor(figure_id)}"
    )


def _first_sentence(review_dir: Path, year: int, figure_id: str) -> str | None:
    """The sentence that prints ``figure_id`` in the first edition the build published (Dutch,
    unless only another language was built)."""
    for language in languages():
        said = sentence(review_dir / Edition(year, language).review_file, figure_id)
        if said is not None:
            return said
    return None


def explain(year: int, figure_id: str, out_root: Path | None = None) -> list[str]:
    """The lines that explain ``figure_id`` of the published build of ``year``."""
    out_root = out_root or OUTPUT_DIR
    build = signoff.published(year, out_root)
    if figure_id not in build.figures:
        raise signoff.unknown_figure(figure_id, sorted(build.figures))
    figure = build.figures[figure_id]
    key = build.keys[figure_id]
    spec = CATALOGUE.get(figure_id)
    state = approval.state_of(figure, key, history.approvals(year).get(figure_id))
    said = _first_sentence(build.directory / REVIEW_DIR, year, figure_id)
    last_year = "geen"
    previous_dir = _previous(build, year, out_root)
    if previous_dir is not None:
        old = diff.load_figures(previous_dir).get(figure_id)
        if old is not None:
            last_year = (
                f"{old['printed']} (waarde {old['value']!r}; {relative_to_root(previous_dir)})"
            )
    lines = [
        f"{figure_id} ({year})",
        f"  waarde:      {figure.value!r} {in_words(figure.unit)}",
        f"  gedrukt:     {figure.printed}",
        f"  zin:         {said or '(staat niet in de tekst)'}",
        f"  regel:       {spec.label + ': ' + spec.rule if spec else figure.rule}",
        f"  cel:         {_place(build, figure_id)}",
        f"  code:        cel sha256 {key.cell[:12]}…, regel sha256 {key.metric[:12]}…",
    ]
    lines += [f"  invoer:      {path} (sha256 {sha[:12]}…)" for path, sha in key.data.items()]
    overrides = build.manifest.get("overrides") or []
    for name, value in key.parameters.items():
        override = override_of(overrides, name)
        set_by = f" (voor deze build gezet met -p {override})" if override else ""
        lines.append(f"  parameter:   {name} = {value!r}{set_by}")
    lines.append(f"  vorig jaar:  {last_year}")
    by = f" ({state.approval.by}, {state.approval.at:%Y-%m-%d %H:%M} UTC)" if state.approval else ""
    lines.append(f"  nazicht:     {state.describe()}{by}")
    lines += [f"               {line}" for line in changes.of(state)]
    return lines
