"""What the editions in other languages need, checked before any notebook runs.

- Each language's text prints the figures the Dutch text prints, chapter by chapter, and places
  the same charts in the same order (so that they have the same numbers): the editions are made
  from one set of figures, and a figure printed in one edition only would not be in the other.
- Every fixed word an edition prints has its translation (``language/translations.py``): the
figures'
  labels and rules, the registers' names, the running headers and the words of the report's
  templates. The charts' words are checked where a chart is drawn, and by the tests.

Each problem is one line naming the file (the chapter, or the language's catalogues) and what
differs or is missing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

from jinja2.ext import babel_extract

from ..base.paths import REPORT_TEMPLATE, TEMPLATES_DIR, relative_to_root
from ..figures.catalogue import CATALOGUE
from ..language.phrases import DEFAULT_LANGUAGE
from ..language.translations import (
    LOCALE_DIR,
    TranslationError,
    catalogue,
    translate,
    translate_plural,
)
from ..registers.schema import load_schema
from ..text.appendix import NO_LONGER_COMPUTED
from ..text.narrative import CHART_WORD
from ..text.placeholders import Usage
from ..year import chapters

REPORT_TEMPLATES = TEMPLATES_DIR / REPORT_TEMPLATE


def text_problems(usages: Mapping[str, Mapping[Path, Usage]]) -> list[str]:
    """Where another language's text prints other figures than the Dutch text's same chapter,
    or places other charts (``usages``: language -> chapter file -> what it uses, in report
    order)."""
    if DEFAULT_LANGUAGE not in usages:
        return []
    dutch = list(usages[DEFAULT_LANGUAGE].items())
    problems = []
    for language, chapters_used in usages.items():
        if language == DEFAULT_LANGUAGE:
            continue
        for (dutch_file, ours), (path, theirs) in zip(dutch, chapters_used.items(), strict=False):
            where = relative_to_root(path)
            missing = sorted(set(ours.figures) - set(theirs.figures))
            extra = sorted(set(theirs.figures) - set(ours.figures))
            if missing:
                problems.append(
                    f"{where}: does not print {', '.join(missing)}, which"
                    f" {relative_to_root(dutch_file)} prints"
                )
            if extra:
                problems.append(
                    f"{where}: prints {', '.join(extra)}, which"
                    f" {relative_to_root(dutch_file)} does not print"
                )
        dutch_charts = [chart for _, usage in dutch for chart in usage.charts]
        charts = [chart for usage in chapters_used.values() for chart in usage.charts]
        if charts != dutch_charts:
            problems.append(
                f"the {language} text places the charts {charts}, the Dutch text {dutch_charts}:"
                " the same charts in the same order (they are numbered alike)"
            )
    return problems


@cache
def template_messages() -> tuple[tuple[str, str, str | None], ...]:
    """Every text the report's templates mark for translation: (template, singular, plural)."""
    found = []
    for path in sorted(REPORT_TEMPLATES.glob("*.j2")):
        with path.open("rb") as handle:
            for _, _, message, _ in babel_extract(
                handle, ("_", "gettext", "ngettext"), [], {"extensions": "jinja2.ext.i18n"}
            ):
                if isinstance(message, tuple):
                    found.append((path.name, message[0], message[1]))
                else:
                    found.append((path.name, message, None))
    return tuple(found)


def _fixed_words(listed: Sequence[chapters.Chapter]) -> Iterator[tuple[str, str, str | None]]:
    """(where it is written, Dutch text, its plural) of every fixed word an edition prints."""
    for spec in CATALOGUE.values():
        yield f"label of {spec.id}", spec.label, None
        yield f"rule of {spec.id}", spec.rule, None
    for name, register in load_schema().registers.items():
        yield f"name of the register {name}", register.title, None
    for chapter in listed:
        if chapter.running_header is not None:
            yield f"running header of {chapter.label}", chapter.running_header, None
    for template, one, other in template_messages():
        yield f"templates/bijzonder_verslag/{template}", one, other
    yield "narrative.py: a chart's number in the text", CHART_WORD, None
    yield "appendix.py: a figure of last year no longer computed", NO_LONGER_COMPUTED, None


def translation_problems(languages: Sequence[str], listed: Sequence[chapters.Chapter]) -> list[str]:
    """Every fixed word without its translation in a language of the year, one line each."""
    problems = []
    for language in languages:
        if language == DEFAULT_LANGUAGE:
            continue
        try:
            catalogue(language)
        except TranslationError as error:
            problems.append(str(error))  # a catalogue that cannot be read: said once
            continue
        folder = relative_to_root(LOCALE_DIR / language)
        for where, one, other in _fixed_words(listed):
            try:
                if other is None:
                    translate(one, language)
                else:
                    translate_plural(one, other, 2, language)
            except TranslationError:
                problems.append(f"{folder}/*.po: no {language} for {one!r} ({where})")
    return problems
