"""The nouns the appendix prints after a value (``units.yaml``: ``noun``), in both languages,
agreeing with the value as printed."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from sociaal_verslag.figures import units
from sociaal_verslag.language.translations import LOCALE_DIR

pytestmark = pytest.mark.unit
UNITS_PO = LOCALE_DIR / "fr" / "units.po"


@pytest.mark.parametrize(
    ("printed", "unit", "language", "expected"),
    [
        ("90", "days", "nl", "90 dagen"),
        ("1", "days", "nl", "1 dag"),
        ("90,5", "days", "nl", "90,5 dagen"),
        ("1,5", "days", "fr", "1,5 jour"),  # French: the singular below two
        ("2", "days", "fr", "2 jours"),
        ("meer dan 198 miljoen", "EUR", "nl", "meer dan 198 miljoen euro"),
        ("plus de 198 millions", "EUR", "fr", "plus de 198 millions d'euros"),
        ("219\u202f949", "EUR", "fr", "219\u202f949 euros"),
        ("2.274", "FTE", "nl", "2.274 voltijds equivalenten"),
        ("1", "FTE", "fr", "1 équivalent temps plein"),
        ("8,55", "FTE", "fr", "8,55 équivalents temps plein"),
        ("7,4", "score", "fr", "7,4/10"),  # as the text writes it, in both languages
        ("7,4", "score", "nl", "7,4/10"),
        ("87", "count", "nl", "87"),  # a count: its label says what it counts
        ("74%", "percent", "nl", "74%"),  # the sign says it
        ("een tiental", "count", "nl", "een tiental"),
    ],
)
def test_a_value_prints_with_its_units_noun_in_agreement(printed, unit, language, expected):
    assert units.with_noun(printed, unit, language) == expected


def test_every_units_noun_has_its_french_forms_and_no_other_entry_stands_in_units_po():
    with UNITS_PO.open("rb") as handle:
        entries = {message.id for message in read_po(handle) if message.id}
    nouns = {unit.noun for unit in units.units().values() if unit.noun is not None}
    assert nouns == entries
