"""The totals a chart states above its drawing (charts/notes.py): the recorded figures the text
gives, in the edition's language, each noun agreeing with its own count."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sociaal_verslag.charts import notes

NBSP, NNBSP = "\u00a0", "\u202f"


def _recorded(**values: float) -> dict[str, SimpleNamespace]:
    return {key.replace("__", "."): SimpleNamespace(value=value) for key, value in values.items()}


LOANS = _recorded(
    financing__loans_granted__count=67,
    financing__loans_granted__amount_eur=219949.4,
    financing__projects_supported__count=1,  # one paid out: its own noun in the singular
    financing__projects_supported__amount_eur=236510,
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "n = 67 leningen toegekend (219.949 euro);\n1 uitbetaald (236.510 euro)"),
        (
            "fr",
            f"n = 67 prêts accordés (219{NNBSP}949{NBSP}euros){NNBSP};\n"
            f"1 versé (236{NNBSP}510{NBSP}euros)",
        ),
    ],
)
def test_the_loans_note_gives_the_years_loans_granted_and_paid_out(language, expected):
    assert notes.loans_note(LOANS, language) == expected


def test_the_since_launch_note_gives_the_first_year_the_count_and_the_sum():
    figures = _recorded(
        financing__projects_since_launch__count=1,
        financing__projects_since_launch__amount_eur=1001063,
    )
    assert notes.since_launch_note(figures, 2021, "nl") == (
        "n = 1 lening uitbetaald sinds 2021, samen 1.001.063 euro"
    )


def test_the_hours_note_gives_the_hours_exactly_where_the_text_rounds_them():
    figures = _recorded(smartlabs__groups=10, smartlabs__hours=154.5)
    assert notes.hours_note(figures, "nl") == "n = 10 groepen, samen 154,5 uur"
    assert notes.hours_note(figures, "fr") == f"n = 10 groupes, au total 154,5{NBSP}heures"


def test_notes_are_joined_with_the_languages_semicolon():
    assert notes.joined(["a", "b", "c"], "nl") == "a;\nb;\nc"
    assert notes.joined(["a", "b"], "fr") == f"a{NNBSP};\nb"
    assert notes.joined(["a"], "fr") == "a"
