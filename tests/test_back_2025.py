"""Back test: the 2025 build reproduces the published report, figure by figure and sentence
by sentence."""

from __future__ import annotations

import csv
import json
import re

import pytest
import yaml

from sociaal_verslag.figures.catalogue import CATALOGUE

from .conftest import REFERENCE_DIR, normalise

REFERENCE = list(csv.DictReader((REFERENCE_DIR / "figures-2025.csv").open(encoding="utf-8")))
DEVIATIONS = yaml.safe_load((REFERENCE_DIR / "deviations-2025.yaml").read_text(encoding="utf-8"))
PUBLISHED_TEXT = (REFERENCE_DIR / "published-2025.txt").read_text(encoding="utf-8")


def as_built(published: str) -> str:
    """``published`` with each listed deviation in it replaced by what is built instead."""
    for deviation in DEVIATIONS:
        published = published.replace(deviation["published"], deviation["built"])
    return published


BOUND = r"(-?[\d.]+)"


def within(value: float, rule: str) -> bool:
    """Whether ``value`` satisfies a reference value: a number or a range like ``a <= x < b``."""
    rule = rule.strip()
    match = re.fullmatch(rf"{BOUND}\s*(<=|<)\s*x\s*(?:(<=|<)\s*{BOUND})?", rule)
    if not match:
        return value == float(rule)
    low, low_op, high_op, high = match.groups()
    ok = value >= float(low) if low_op == "<=" else value > float(low)
    if high_op:
        ok = ok and (value <= float(high) if high_op == "<=" else value < float(high))
    return ok


def test_the_reference_lists_exactly_the_catalogue():
    assert sorted(row["id"] for row in REFERENCE) == sorted(CATALOGUE)


@pytest.mark.parametrize("row", REFERENCE, ids=lambda row: row["id"])
def test_figure_value_matches_the_published_one(build_2025, row):
    figure = build_2025.figures[row["id"]]
    assert within(figure.value, row["value"]), (
        f"{row['id']} = {figure.value}, published {row['value']} ({CATALOGUE[row['id']].rule})"
    )


@pytest.mark.parametrize("row", REFERENCE, ids=lambda row: row["id"])
def test_figure_is_printed_as_published(build_2025, report_text, row):
    figure = build_2025.figures[row["id"]]
    phrases = [normalise(as_built(part)) for part in row["printed_nl"].split(" / ")]
    forms = [normalise(form).lower() for form in (figure.printed, *figure.variants.values())]
    assert any(form in phrase.lower() for phrase in phrases for form in forms), (
        f"{row['id']} printed {forms}, published {phrases}"
    )
    for phrase in phrases:
        assert phrase in report_text, f"{phrase!r} is not in the built report"


def _published_sentences_with_figures() -> list[str]:
    text = as_built(PUBLISHED_TEXT)
    sentences = []
    for segment in re.split(r"[\n\t]+", text):
        segment = normalise(re.sub(r"^\s*-\s+", "", segment))
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", segment):
            if re.search(r"\d", sentence):
                sentences.append(sentence)
    return sentences


SENTENCES = _published_sentences_with_figures()


def test_the_published_report_has_the_sentences_we_expect():
    assert len(SENTENCES) > 90


@pytest.mark.parametrize("sentence", SENTENCES, ids=lambda sentence: sentence[:40])
def test_every_published_sentence_with_a_figure_reads_the_same(report_text, sentence):
    assert sentence in report_text


@pytest.mark.parametrize("deviation", DEVIATIONS, ids=lambda deviation: deviation["published"])
def test_each_listed_deviation_from_the_published_report_still_holds(report_text, deviation):
    published, built = normalise(deviation["published"]), normalise(deviation["built"])
    assert deviation["reason"].strip(), "a deviation says why"
    assert published in normalise(PUBLISHED_TEXT) or any(
        published in normalise(row["printed_nl"]) for row in REFERENCE
    ), f"{published!r} is not in the published report: drop it from deviations-2025.yaml"
    assert built in report_text, f"{built!r} is not in the built report"
    if published not in built:  # "16.000 dreigingen" stands in "Meer dan 16.000 dreigingen"
        assert published not in report_text, f"{published!r} is built as published"


def test_figures_table_is_written_with_provenance(build_2025):
    figures = json.loads((build_2025.output_dir / "figures.json").read_text(encoding="utf-8"))
    assert [figure["id"] for figure in figures] == sorted(CATALOGUE)
    for figure in figures:
        assert figure["notebook"] and figure["cell_id"], figure["id"]
        assert figure["inputs"], figure["id"]
    by_id = {figure["id"]: figure for figure in figures}
    assert by_id["financing.loans_granted.count"]["inputs"] == ["data/2025/loans.csv"]
    assert by_id["site.area_m2"]["inputs"] == ["params/2025.yaml"]
    assert by_id["employment.fte"]["notebook"] == "02-bescherming"
    header = (build_2025.output_dir / "figures.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,value,unit,printed")


def test_no_warning_on_the_published_year_but_its_texts_misspellings(build_2025):
    """The published chapters keep the client's six misspellings (the proofreading names them,
    tests/test_proofreading.py); nothing else warns."""
    others = [warning for warning in build_2025.warnings if ": spelling? " not in warning]
    assert others == []
    assert len(build_2025.warnings) == 6
