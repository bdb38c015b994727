"""The page step: each edition's HTML and its review edition, and the review page of each
notebook, taken from the cache when what they are made of is the same.

The HTML is keyed by its whole content (text, charts, figures, colophon, the cells the review
edition links to) and by the code and templates that make it (:func:`html_identity`, declared in
``cache/steps.yaml``): a rebuild with nothing changed gives the same bytes. The PDF is
``build/pdf_step.py``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.hashing import sha256
from ..cache.identity import StepIdentity
from ..cache.store import Store, digest
from ..figures import comparison as diff
from ..figures.catalogue import spec_for
from ..figures.records import Chart, Figure
from ..language.phrases import DEFAULT_LANGUAGE
from ..language.translations import translate
from ..render import manifest
from ..review import pages as review
from ..text import narrative
from ..text.foreign_phrases import foreign_phrases
from ..year.editions import Edition

if TYPE_CHECKING:
    from .steps import Context, Texts


def _chart_content(chart: Chart) -> list[Any]:
    """What of a chart makes the pages: its drawings and captions in every language."""
    drawn = [chart.caption, digest(chart.svg), digest(chart.narrow_svg)]
    other = {
        language: digest(sorted(texts.items())) for language, texts in chart.translations.items()
    }
    return [chart.id, *drawn, other, chart.notebook, chart.cell_id]


def html_identity(content: Any) -> StepIdentity:
    """The identity of the editions' HTML: its whole content but the time it is made, unless
    the build is dated by ``SOURCE_DATE_EPOCH`` (then the date is part of the content). The
    content holds the colophon's facts: the inputs' checksums, among them ``reviews/YEAR.yaml``,
    and the sign-off's summary, so that a new approval gives a new colophon."""
    return StepIdentity("html", content=[content, os.environ.get("SOURCE_DATE_EPOCH")])


def review_identity(executed: Path, linked: list[str]) -> StepIdentity:
    """The identity of a notebook's review page (``linked``: the files it links back to)."""
    return StepIdentity("review", content=[sha256(executed), linked])


def running_headers(ctx: Context, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Each chapter's short title for the PDF's running header, by its narrative's name, in
    ``language`` (``report.yaml``'s Dutch title, translated)."""
    return {
        Path(chapter.narrative).stem: translate(chapter.running_header, language)
        for chapter in ctx.inputs.chapters
        if chapter.narrative is not None and chapter.running_header is not None
    }


def write_html(
    ctx: Context,
    texts: Texts,
    charts: dict[str, Chart],
    figures: dict[str, Figure],
    colophon_facts: dict[str, Any],
    comparison: list[diff.Difference] | None,
) -> tuple[dict[str, str], datetime]:
    """Each edition's HTML (by language) and the time they carry, and their review editions
    written in review/: from the cache when their content is the same (so that a rebuild with
    nothing changed gives the same bytes), else made now."""
    executed = [ctx.review_dir / source.path.name for source in ctx.inputs.sources]
    places = review.cell_places([path for path in executed if path.is_file()])
    content = {
        # In report order, each chapter with its name (the page's sections are named by it):
        # a changed order or file in report.yaml makes the page again.
        "text": {
            language: [[chapter.name, chapter.markdown] for chapter in text.chapters]
            for language, text in texts.items()
        },
        "running_headers": {language: running_headers(ctx, language) for language in texts},
        "foreign_phrases": {language: foreign_phrases(language) for language in texts},
        # Each edition's page, and its review edition unless left out (--no-review-pages).
        "editions": [
            [e.language, e.report_file, e.review_file if ctx.run.review_pages else None]
            for e in ctx.run.editions
        ],
        "charts": [_chart_content(chart) for chart in charts.values()],
        "figures": [figure.to_dict() for figure in figures.values()],
        "comparison": [row.__dict__ for row in comparison or []],
        "colophon": colophon_facts,
        "report": {"year": ctx.year, "organisation": ctx.params.organisation},
        "places": {
            name: {cell: list(vars(place).values()) for cell, place in cells.items()}
            for name, cells in places.items()
        },
    }
    key = html_identity(content).key()
    reviewed = [
        ctx.review_dir / edition.review_file for edition in ctx.run.editions if ctx.run.review_pages
    ]
    found = ctx.run.store.find("html", key)
    if found is not None:
        ctx.run.steps.cached("html", key)
        return _stored_pages(ctx, found, reviewed)
    with ctx.run.steps.step("html", key, "inhoud gewijzigd"):
        built_at = manifest.build_time()
        pages = {}
        with tempfile.TemporaryDirectory() as scratch:
            for edition in ctx.run.editions:
                parts = _Parts(texts[edition.language], charts, figures, colophon_facts, comparison)
                html = _edition_html(ctx, edition, parts, built_at, places)
                pages[edition.language] = html
                (Path(scratch) / edition.report_file).write_text(html, encoding="utf-8")
            files = [Path(scratch) / edition.report_file for edition in ctx.run.editions]
            ctx.run.store.put("html", key, files + reviewed, {"built_at": built_at.isoformat()})
    return pages, built_at


def _stored_pages(
    ctx: Context, found: Path, reviewed: list[Path]
) -> tuple[dict[str, str], datetime]:
    """The pages of the cache entry ``found`` (and their review editions copied into place)."""
    for path in reviewed:
        shutil.copy2(found / path.name, path)
    pages = {
        edition.language: (found / edition.report_file).read_text(encoding="utf-8")
        for edition in ctx.run.editions
    }
    return pages, datetime.fromisoformat(Store.meta(found)["built_at"])


@dataclass(frozen=True)
class _Parts:
    """What an edition's page is made of."""

    text: narrative.RenderedNarrative
    charts: dict[str, Chart]
    figures: dict[str, Figure]
    colophon_facts: dict[str, Any]
    comparison: list[diff.Difference] | None


def _edition_html(
    ctx: Context,
    edition: Edition,
    parts: _Parts,
    built_at: datetime,
    places: dict[str, dict[str, review.CellPlace]],
) -> str:
    """One edition's page, returned, and its review edition, written in review/ (each number
    a link to the block of the cell that computed it, with a tooltip in the edition's words)."""
    # imports nbformat (about 0.2 s): only when a page is made, not when it is cached
    from ..render import page as report

    language = edition.language
    colophon = manifest.colophon(built_at, language=language, **parts.colophon_facts)
    figures = list(parts.figures.values())
    made = [parts.text, parts.charts, ctx.params, figures, colophon, built_at, parts.comparison]
    headers = running_headers(ctx, language)
    draft = not parts.colophon_facts["final"]
    html = report.to_html(
        report.build_notebook(*made, headers, language=language, draft=draft), ctx.params, language
    )
    labels = {
        figure_id: translate(spec_for(figure_id).label, language) for figure_id in parts.figures
    }
    if not ctx.run.review_pages:
        return html
    links = review.cell_linker(places, labels, language)
    notebook = report.build_notebook(*made, headers, links=links, language=language, draft=draft)
    (ctx.review_dir / edition.review_file).write_text(
        report.to_html(notebook, ctx.params, language), "utf-8"
    )
    return html


def write_review_pages(ctx: Context, executed: list[Path]) -> None:
    """Each executed notebook as an HTML page beside it (cached by the notebook's bytes)."""
    for path in executed:
        edition = ctx.run.editions[0]
        key = review_identity(path, [edition.report_file, edition.review_file]).key()
        page = path.with_suffix(".html")
        found = ctx.run.store.find("review", key)
        if found is not None:
            shutil.copy2(found / page.name, page)
            ctx.run.steps.cached(f"review page {path.stem}", key)
            continue
        with ctx.run.steps.step(f"review page {path.stem}", key, "notebook gewijzigd"):
            review.write_notebook_html(path, edition)
            ctx.run.store.put("review", key, [page])
