"""The French of the figures' labels and rules and the registers' names (``locale/fr/figures.po``).

The Dutch texts are written once, in ``metrics/*.meta.yml`` and ``registers.yaml``; ``figures.po``
gives each its French, keyed by the Dutch text itself. So a Dutch text that is edited shows up
twice here: as a text without a translation, and as an entry whose Dutch text is gone.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from sociaal_verslag.figures.catalogue import CATALOGUE
from sociaal_verslag.language import translations
from sociaal_verslag.language.translations import TranslationError, translate
from sociaal_verslag.registers.schema import load_schema

FIGURES_PO = translations.LOCALE_DIR / "fr" / "figures.po"
NBSP = "\u00a0"


def dutch_texts() -> dict[str, list[str]]:
    """Every Dutch text ``figures.po`` translates -> where it is written (the extracted comment
    of its entry: "label of activity.advisers", "title of register advisers")."""
    texts: defaultdict[str, list[str]] = defaultdict(list)
    for figure_id, spec in CATALOGUE.items():
        texts[spec.label].append(f"label of {figure_id}")
        texts[spec.rule].append(f"rule of {figure_id}")
    for name, register in load_schema().registers.items():
        texts[register.title].append(f"title of register {name}")
    return dict(texts)


@pytest.fixture(scope="module")
def po() -> Catalog:
    translations.catalogue.cache_clear()  # another test may have read a temporary folder
    with FIGURES_PO.open("rb") as handle:
        return read_po(handle, locale="fr_BE", abort_invalid=True)


@pytest.fixture(scope="module")
def french() -> dict[str, str]:
    """Dutch text -> its French, as the build reads it (a text without one is left out: the
    tests above name it)."""
    translations.catalogue.cache_clear()
    messages = translations.catalogue("fr")
    return {text: translate(text, "fr") for text in dutch_texts() if text in messages}


def untranslated(texts: list[str]) -> list[str]:
    problems = []
    for text in texts:
        try:
            translate(text, "fr")
        except TranslationError as error:
            problems.append(str(error))
    return problems


def test_the_header_says_belgian_french_utf8_and_the_french_plural(po):
    assert str(po.locale) == "fr_BE"
    assert po.plural_forms == "nplurals=2; plural=(n > 1);"
    assert dict(po.mime_headers)["Content-Type"].lower() == "text/plain; charset=utf-8"


def test_every_figure_has_a_french_label_and_rule():
    translations.catalogue.cache_clear()
    texts = [text for spec in CATALOGUE.values() for text in (spec.label, spec.rule)]
    problems = untranslated(texts)
    assert not problems, "\n".join(problems)


def test_every_register_has_a_french_name():
    translations.catalogue.cache_clear()
    problems = untranslated([register.title for register in load_schema().registers.values()])
    assert not problems, "\n".join(problems)


def test_figures_po_translates_no_dutch_text_that_is_gone(po):
    stale = [message.id for message in po if message.id and message.id not in dutch_texts()]
    assert not stale, (
        f"{FIGURES_PO.name} translates Dutch texts that no label, rule or register name has any"
        " more (edited in a .meta.yml or registers.yaml?): put the new Dutch text in their msgid,"
        " check the French, or delete them:\n" + "\n".join(map(repr, stale))
    )


def test_each_entry_says_where_its_dutch_text_is_written(po):
    texts = dutch_texts()
    wrong = {
        message.id: texts[message.id]
        for message in po
        if message.id in texts and list(message.auto_comments) != texts[message.id]
    }
    assert not wrong, "expected these '#.' comments:\n" + "\n".join(
        f"{text!r}: {', '.join(where)}" for text, where in wrong.items()
    )


def test_no_entry_is_fuzzy_or_has_a_plural(po):
    odd = [message.id for message in po if message.id and (message.fuzzy or message.pluralizable)]
    assert not odd


def test_a_french_text_is_not_the_dutch_one_copied(french):
    # Only a proper name may read the same in both languages, and a Dutch text that is one
    # starts with a capital ("CoopInside"); none does at present.
    copied = [nl for nl, fr in french.items() if fr == nl and not nl[:1].isupper()]
    assert not copied, copied


def test_a_french_text_ends_without_a_period_and_starts_as_the_dutch_one(french):
    # The appendix capitalises the label and the rule itself and puts the period after the rule.
    problems = [
        (nl, fr)
        for nl, fr in french.items()
        if fr.rstrip().endswith(".")
        or fr != fr.strip()
        or (nl[:1].islower() and not fr[:1].islower())
    ]
    assert not problems, problems


def test_french_quotation_marks_hold_no_break_spaces_as_the_french_text_does(french):
    for fr in french.values():
        assert fr.count("«") == fr.count(f"«{NBSP}"), fr
        assert fr.count("»") == fr.count(f"{NBSP}»"), fr


def test_the_appendix_terms_are_those_of_the_french_text(french):
    # The appendix names things as the French report does (notebooks/narrative/2025/fr).
    expected = {
        CATALOGUE["activity.advisers"].label: "conseillers",
        CATALOGUE["activity.active_holders"].label: "titulaires actifs",
        CATALOGUE["financing.loans_granted.count"].label: "prêts sans intérêt accordés",
        "productie-eenheden": "unités de production",
        "renteloze leningen": "prêts sans intérêt",
    }
    assert {nl: french.get(nl) for nl in expected} == expected
