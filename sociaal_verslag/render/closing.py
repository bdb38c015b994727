"""The report's closing chapter: the comparison with last year, the appendix that gives every
figure's origin (``text/appendix.py``), and the colophon, as Markdown with HTML tables from the
partials beside the report's template, in the edition's language."""

from __future__ import annotations

from collections.abc import Mapping

from ..figures.catalogue import CATALOGUE
from ..figures.comparison import Difference
from ..figures.records import Figure, printed_in
from ..language import formatting, templating
from ..language.phrases import DEFAULT_LANGUAGE
from ..text import appendix
from ..text.narrative import RenderedChapter
from ..year.editions import Edition
from ..year.params import ReportParams


def provenance_appendix(
    chapters: list[RenderedChapter],
    figures: list[Figure],
    params: ReportParams,
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """Markdown (with an HTML table) of the appendix: every figure in the order the text names
    it, by chapter, in words (``text/appendix.py``), in ``language``."""
    return templating.render(
        "bijzonder_verslag/appendix_provenance.md.j2",
        language,
        groups=_appendix_groups(chapters, figures, params, language),
        record=Edition(params.year, language).record_file,
    )


def _appendix_groups(
    chapters: list[RenderedChapter],
    figures: list[Figure],
    params: ReportParams,
    language: str,
    charted: Mapping[str, tuple[str, str]] | None = None,
) -> list[appendix.Group]:
    shown = {figure.id: figure.in_language(language) for figure in figures}
    said = appendix.Said.of(params, language)
    return appendix.groups(chapters, shown, said, language, charted)


def _printed_in(figure_id: str, value: float | None, printed: str, language: str) -> str:
    """A value of the comparison as the edition prints it: as the build printed it in Dutch,
    else by its catalogue style in ``language`` (a figure no longer computed: as it was)."""
    if language == DEFAULT_LANGUAGE or value is None or figure_id not in CATALOGUE:
        return printed
    return printed_in(figure_id, value, language)


def _comparison_rows(rows: list[Difference], language: str) -> list[dict[str, object]]:
    """Each figure beside last year's, its change and change in % printed (None: none)."""
    printed = []
    for row in rows:
        change = pct = None
        if row.change is not None:
            digits = 0 if float(row.change).is_integer() else 2
            change = formatting.signed(row.change, digits, language)
        if row.change_pct is not None:
            pct = formatting.percent_signed(row.change_pct, 1, language)  # as figures print %
        printed.append(
            {
                "label": appendix.label(row.id, language),
                "old_printed": _printed_in(row.id, row.old, row.old_printed, language),
                "new_printed": _printed_in(row.id, row.new, row.new_printed, language),
                "change": change,
                "pct": pct,
            }
        )
    return printed


def comparison_appendix(rows: list[Difference], year: int, language: str = DEFAULT_LANGUAGE) -> str:
    """Markdown (with an HTML table) of every figure beside last year's: change and %."""
    return templating.render(
        "bijzonder_verslag/appendix_comparison.md.j2",
        language,
        year=year,
        comparison=_comparison_rows(rows, language),
    )


def closing_chapter(
    chapters: list[RenderedChapter],
    figures: list[Figure],
    colophon: str,
    comparison: list[Difference] | None,
    params: ReportParams,
    language: str = DEFAULT_LANGUAGE,
    charted: Mapping[str, tuple[str, str]] | None = None,
) -> str:
    """Markdown of the report's last chapter in ``language``: the comparison with last year
    (when there is one), the provenance appendix of the text's ``chapters`` and the colophon.
    ``charted``: each figure a chart shows, that chart's name and anchor."""
    return templating.render(
        "bijzonder_verslag/closing.md.j2",
        language,
        year=params.year,
        comparison=_comparison_rows(comparison or [], language),
        groups=_appendix_groups(chapters, figures, params, language, charted),
        record=Edition(params.year, language).record_file,
        colophon=colophon,
    )
