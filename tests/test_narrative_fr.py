"""The French text says what the Dutch text says: chapter by chapter, the same figures, charts,
statute articles and printed variants, under the same headings, checked as the build checks
the Dutch text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from jinja2 import nodes

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.figures.catalogue import CATALOGUE, charts
from sociaal_verslag.text import narrative
from sociaal_verslag.text.placeholders import Names, Scanner, variant_names

DUTCH = PROJECT_ROOT / "notebooks" / "narrative" / "2025"
FRENCH = DUTCH / "fr"
NAMES = Names.of(CATALOGUE, charts())

CHAPTERS = sorted(path.name for path in DUTCH.glob("*.md") if path.name != "README.md")


@dataclass(frozen=True)
class Placeholders:
    """What one chapter's placeholders name, and its headings' levels."""

    figures: Counter[str]
    charts: list[str]
    chart_refs: Counter[str]
    statute: Counter[str]
    variants: Counter[tuple[str, str]]
    headings: list[int]


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    return node.name if isinstance(node, nodes.Name) else "?"


def _placeholders(path: Path) -> Placeholders:
    source = narrative.read_chapter(path)
    tree = narrative._environment().parse(source)
    usage = Scanner(path.name, NAMES).template(tree)
    assert usage.problems == [], usage.problems
    statute = [
        node.attr
        for node in tree.find_all(nodes.Getattr)
        if isinstance(node.node, nodes.Name) and node.node.name == "statute"
    ]
    variants = [
        (_dotted(node.node), node.name)
        for node in tree.find_all(nodes.Filter)
        if node.name in variant_names()
    ]
    return Placeholders(
        figures=Counter(usage.figures),
        charts=usage.charts,
        chart_refs=Counter(chart_id for _, chart_id in usage.chart_refs),
        statute=Counter(statute),
        variants=Counter(variants),
        headings=[len(match["hashes"]) for match in narrative.HEADING.finditer(source)],
    )


def test_each_dutch_chapter_has_its_french_chapter_and_no_other():
    french = sorted(path.name for path in FRENCH.glob("*.md"))
    assert CHAPTERS and french == CHAPTERS


@pytest.mark.parametrize("name", CHAPTERS)
def test_the_french_chapter_uses_the_same_placeholders_and_headings(name):
    dutch, french = _placeholders(DUTCH / name), _placeholders(FRENCH / name)
    assert french.figures == dutch.figures
    assert french.charts == dutch.charts  # same order: the charts' numbers agree
    assert french.chart_refs == dutch.chart_refs
    assert french.statute == dutch.statute
    assert french.variants == dutch.variants
    assert french.headings == dutch.headings


def test_the_french_text_passes_the_checks_of_the_build():
    narrative.check([FRENCH / name for name in CHAPTERS], CATALOGUE, charts())


@pytest.mark.parametrize("name", CHAPTERS)
def test_the_french_text_is_spaced_and_named_as_in_french(name):
    text = (FRENCH / name).read_text(encoding="utf-8")
    # An ordinary space may be broken at the end of a line: before ; : ! ? and inside « »
    # French typesetting has a no-break space (U+00A0) or a narrow one (U+202F).
    assert not re.search(r" [;:!?»]|« ", text), re.search(r".{0,30} [;:!?»].{0,5}|« .{0,30}", text)
    assert not re.search(r"\bWVV\b|\bWetboek\b|in het Frans", text)
