"""The appendix "Herkomst van de cijfers", in words a board member reads.

Every figure in the order the text first names it, grouped by chapter under the chapter's
heading as the report shows it: what it counts (its label), its value as printed where it
first stands, the page of that place (the anchor the text gives its first occurrence,
``text/figure_links.py``) and its source in words: the registers it was computed from and its rule,
or, for a fact, the source the analyst recorded. A figure the text does not print follows its
chapter's. The technical trail (ids, notebooks, cells, checksums) is not here: it travels as the
PDF's attachments and in the review pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath

from babel.dates import get_month_names
from markupsafe import Markup

from ..figures import units
from ..figures.catalogue import CATALOGUE, spec_for
from ..figures.records import Figure
from ..language import formatting, templating
from ..language.phrases import DEFAULT_LANGUAGE, phrases
from ..language.quotes import typographic
from ..language.translations import translate
from ..registers.schema import load_schema
from ..year import sources
from ..year.params import ReportParams
from . import figure_links as figure_refs
from .narrative import CHART_MARKER, HEADING, RenderedChapter, chart_anchor, plain_heading


@dataclass(frozen=True)
class Row:
    """One figure of the appendix, in words."""

    label: str
    printed: str
    anchor: str | None
    """The id of its first occurrence in the text (None: the text does not print it)."""
    rule: str
    registers: tuple[str, ...] = ()
    """The Dutch names of the registers it was computed from."""
    parameters: tuple[str, ...] = ()
    """The parameters its rule reads, each in words with its value ("1.976 uur per jaar ...");
    none when it reads none."""
    fact_source: str | None = None
    """For a fact: the source the analyst recorded in the parameters."""
    also: tuple[str, ...] = ()
    """The other forms the text prints it in ("meer dan 2.200" beside "2.237")."""
    also_anchors: tuple[str, ...] = ()
    """The id of the first place the text prints each of them."""
    chart: tuple[str, str] | None = None
    """For a figure the text does not print and a chart shows: the chart's name in the text
    ("figuur 3") and its id on the page."""
    exact: str | None = None
    """Its exact value, when the text prints it rounded ("198.437.615 euro" beside "meer dan
    198 miljoen euro"), so that a reader checks the rounding here."""


@dataclass(frozen=True)
class Group:
    """The figures of one chapter, under its heading."""

    heading: str
    rows: tuple[Row, ...]


NO_LONGER_COMPUTED = "niet meer berekend"
"""How the appendix marks a figure of last year that this year's code no longer computes."""


def label(figure_id: str, language: str = DEFAULT_LANGUAGE) -> str:
    """What a figure counts, in words, as an appendix names it ("Actieve houders"), in
    ``language``.

    A figure of last year's report that this year's code no longer computes has no label here:
    it keeps its id, marked as such (the comparison with last year may list one)."""
    if figure_id in CATALOGUE:
        return formatting.capitalize(translate(CATALOGUE[figure_id].label, language))
    return f"{figure_id} ({translate(NO_LONGER_COMPUTED, language)})"


@cache
def _register_titles(language: str) -> dict[str, str]:
    """Register file name -> its name in ``language`` (``registers.yaml``, translated)."""
    return {
        spec.filename: translate(spec.title, language) for spec in load_schema().registers.values()
    }


def _registers_read(inputs: Sequence[str], language: str) -> tuple[tuple[str, ...], bool]:
    """The names (in ``language``) of the registers among ``inputs``, and whether the
    parameters are among them too."""
    titles = _register_titles(language)
    names = [PurePosixPath(path).name for path in inputs]
    registers = tuple(titles[name] for name in names if name in titles)
    return registers, any(name.endswith((".yaml", ".yml")) for name in names)


def source_sentence(inputs: Sequence[str], language: str = DEFAULT_LANGUAGE) -> str:
    """Where a chart's data comes from, in the appendix's words: "Bron: register renteloze
    leningen." ('' when it read no register)."""
    registers, with_parameters = _registers_read(inputs, language)
    if not registers:
        return ""
    sentences = templating.macros("bijzonder_verslag/sources.txt.j2", language)
    return str(sentences.registers_sentence(registers, with_parameters))


def _row(
    figure: Figure,
    shown: str | None,
    said: Said,
    language: str,
    forms: Sequence[str] = (),
    chart: tuple[str, str] | None = None,
) -> Row:
    """``figure`` as the edition in ``language`` prints it (``Figure.in_language``); ``chart``:
    the chart that shows it, when the text does not print it."""
    registers, read_parameters = _registers_read(figure.inputs, language)
    # The parameters its rule uses, with their values; a figure whose metric read the
    # parameters for another figure's sake ("werknemers" beside the FTE) names none.
    parameters = said.parameters.get(figure.id, ()) if read_parameters else ()
    also = _other_forms(forms, shown, language)
    printed = figure.printed
    if shown is not None and shown != formatting.capitalize(figure.printed):
        printed = shown  # a named alternative form, as the sentence prints it
    # Its quotes as the edition's, and the value's: both also name the value's link, an
    # attribute that typesetting leaves as it is ("l'Association" beside the text's "l’").
    shown_with_unit = typographic(units.with_noun(printed, figure.unit, language), language)
    return Row(
        label=typographic(label(figure.id, language), language),
        printed=_tied(shown_with_unit),
        anchor=figure_refs.anchor(figure.id) if shown is not None else None,
        rule=formatting.capitalize(figure.rule),
        registers=registers,
        parameters=parameters,
        fact_source=said.facts.get(figure.id) if figure.source == "fact" else None,
        also=also,
        also_anchors=tuple(figure_refs.anchor(figure.id, n) for n in range(2, len(also) + 2)),
        chart=chart,
        exact=_exact_beside(shown_with_unit, figure, language),
    )


def _exact_beside(shown: str, figure: Figure, language: str) -> str | None:
    """``figure``'s exact value with its unit, when ``shown`` (the value as printed, with its
    unit) is not that ("meer dan 198 miljoen euro", "bijna 30%", "een zestigtal"); not beside a
    number the text spells out in a word ("vier"), which is as exact, nor beside a fact, whose
    recorded value may be the bound its words give ("meer dan 10.000")."""
    if figure.value is None or figure.source == "fact" or spec_for(figure.id).style == "word":
        return None
    if figure.unit == "percent":  # as exact as it means something: "28,9%", "74%"
        number = formatting.with_percent_sign(formatting.quantity(figure.value, language), language)
    elif figure.unit == "EUR":
        number = formatting.amount(figure.value, language)
    else:
        number = formatting.quantity(figure.value, language)
    exact = typographic(units.with_noun(number, figure.unit, language), language)
    # Within the shown form, it is there already ("zowat 2.274": the sentence's word before it).
    return None if " ".join(exact.split()) in " ".join(shown.split()) else _tied(exact)


def _with_qualifier(
    markdown: str, printed: figure_refs.Printed, language: str
) -> figure_refs.Printed:
    """The figure as the sentence prints it, with the words before it that say it is not exact
    ("zowat 20.000", ``phrases.yaml``: ``text_qualifiers``), when its printed form has none."""
    qualifiers = phrases(language).text_qualifiers
    if any(printed.text.lower().startswith(word.lower()) for word in qualifiers):
        return printed
    before = markdown[: printed.position].rstrip(" \u00a0")
    for word in sorted(qualifiers, key=len, reverse=True):
        found = re.search(rf"(?:^|[\s(])({re.escape(word)})$", before, re.IGNORECASE)
        if found:
            text = f"{found[1].lower()} {printed.text}"
            return figure_refs.Printed(printed.figure_id, text, printed.position)
    return printed


NUMBER_ON = re.compile(r"\d[\d.,\u00a0\u202f]*(?P<rest> .+)$")
SHORT_WORDS = 12
"""Words after a number this long or shorter ("miljoen euro", "per maand") stay with it whole;
longer ones ("voltijds equivalenten") from their first word on, the rest free to break."""


def _tied(value: str) -> Markup:
    """A value in the narrow column, broken only where a reader expects: the qualifier's words
    together ("meer dan"), the number with the words after it ("198 miljoen euro", "30.000 per
    maand"), or with the first of many ("2.274 voltijds | equivalenten"); never in a word."""
    found = NUMBER_ON.search(value)
    if found is None:
        return Markup.escape(value)
    head, rest = value[: found.start("rest")], found["rest"]
    head = re.sub(r"(?<=[^\d\s]) (?=[^\d\s])", "\u00a0", head)  # meer dan
    if len(rest.strip()) <= SHORT_WORDS:
        tail = head + rest.replace(" ", "\u00a0")
    else:
        first, _, more = rest.strip().partition(" ")
        tail = f"{head}\u00a0{first}" + (f" {more}" if more else "")
    # A break may follow the qualifier, and only there: its space is the value's one breakable
    # space. (No <wbr> after it: in an inline element, such as the link the value is on screen,
    # WeasyPrint 70 then breaks the unit inside its word, "198 milj|oen euro".)
    return Markup.escape(tail)


def _other_forms(forms: Sequence[str], shown: str | None, language: str) -> tuple[str, ...]:
    """The forms the text prints a figure in besides the first, each once, with its unit's words
    left to the sentence ("meer dan 2.200")."""
    seen = {figure_refs.form_key(shown or "")}
    others = []
    for form in forms:
        if figure_refs.form_key(form) not in seen:
            seen.add(figure_refs.form_key(form))
            others.append(form)
    return tuple(others)


def _heading(markdown: str, position: int) -> str:
    """The heading in force at ``position`` (a chapter or section, not a subsection), else the
    chapter's first heading."""
    headings = [found for found in HEADING.finditer(markdown) if len(found["hashes"]) <= 3]
    before = [found for found in headings if found.start() < position]
    chosen = before[-1] if before else (headings[0] if headings else None)
    return plain_heading(chosen["text"]) if chosen else ""


@dataclass(frozen=True)
class Said:
    """What the parameters say of the figures, in the edition's words: each fact's source and,
    for a figure whose rule uses parameters (its ``parameters`` in the catalogue), those
    parameters with their values."""

    facts: Mapping[str, str]
    parameters: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, params: ReportParams, language: str) -> Said:
        facts = {figure_id: fact.source_in(language) for figure_id, fact in params.facts.items()}
        words = templating.macros("bijzonder_verslag/sources.txt.j2", language)
        parameters = {
            figure_id: tuple(
                str(words.parameter(key, *_parameter_value(params, key, language)))
                for key in spec.parameters
            )
            for figure_id, spec in CATALOGUE.items()
            if spec.parameters
        }
        return cls(facts, parameters)


def _parameter_value(params: ReportParams, key: str, language: str) -> tuple[str, str]:
    """A parameter's value as the edition prints it (a month by its name, a number in the
    locale's form), and the legal basis the parameters give for it (``<key>_source``, or '')."""
    value = getattr(params, key)
    if key.endswith("_month"):
        shown = get_month_names("wide", locale=phrases(language).locale)[value]
    else:
        shown = formatting.quantity(value, language)
    basis = ""
    if f"{key}_source" in sources.TOP_LEVEL:
        basis = params.worded(f"{key}_source").in_language(language)
    return shown, basis


def groups(
    chapters: Sequence[RenderedChapter],
    figures: Mapping[str, Figure],
    said: Said,
    language: str = DEFAULT_LANGUAGE,
    charted: Mapping[str, tuple[str, str]] | None = None,
) -> list[Group]:
    """The appendix's groups: per chapter (report order), its figures in the order the text
    first prints them, then those of its chapter that the text does not print; in
    ``language`` (the figures as its edition prints them, what the parameters say of them in
    its words). ``charted``: for a figure a chart shows, that chart's name and anchor: a figure
    only a chart prints stands where the text places that chart, and leads there."""
    charted = charted or {}
    in_text = {
        item.figure_id for chapter in chapters for item in figure_refs.printed(chapter.markdown)
    }
    seen: set[str] = set()
    firsts: list[tuple[RenderedChapter, list[tuple[int, str, str | None]]]] = []
    forms: dict[str, list[str]] = {}
    for chapter in chapters:
        new = []  # (place in the chapter, figure id, the form the text prints, if any)
        for printed in figure_refs.printed(chapter.markdown):
            printed = _with_qualifier(chapter.markdown, printed, language)
            forms.setdefault(printed.figure_id, []).append(printed.text)
            if printed.figure_id not in seen and printed.figure_id in figures:
                seen.add(printed.figure_id)
                new.append((printed.position, printed.figure_id, printed.text))
        for place, figure_id in _charted_in(chapter.markdown, charted):
            if figure_id in figures and figure_id not in in_text | seen:
                seen.add(figure_id)
                new.append((place, figure_id, None))
        firsts.append((chapter, sorted(new)))
    unprinted = [figure for figure_id, figure in figures.items() if figure_id not in seen]
    result = []
    for chapter, new in firsts:
        # A figure the text does not print follows the chapter its description names (the
        # narrative file is named after the chapter: 03-dynamiek.md for dynamiek).
        theirs = [
            figure
            for figure in unprinted
            if chapter.name.split("-", 1)[-1] == spec_for(figure.id).chapter
        ]
        unprinted = [figure for figure in unprinted if figure not in theirs]
        rows = [
            _row(figures[figure_id], text, said, language, forms.get(figure_id, ()), where)
            for _, figure_id, text in new
            for where in [None if text is not None else charted.get(figure_id)]
        ]
        rows += [_row(f, None, said, language) for f in theirs]
        if rows:
            heading = _heading(chapter.markdown, new[0][0] if new else 0)
            result.append(Group(heading, tuple(rows)))
    if unprinted:
        result.append(Group("", tuple(_row(f, None, said, language) for f in unprinted)))
    return result


def _charted_in(markdown: str, charted: Mapping[str, tuple[str, str]]) -> Iterator[tuple[int, str]]:
    """Where a chapter places a chart, and each figure that chart shows (``charted``)."""
    for marker in CHART_MARKER.finditer(markdown):
        anchor = chart_anchor(marker["id"])
        for figure_id, (_, where) in charted.items():
            if where == anchor:
                yield marker.start(), figure_id
