"""The French edition agrees with the Dutch one: built in the same build from the same figures, it
prints every figure the Dutch edition prints, as often, each in its French form (Babel's fr_BE,
the French phrasings); its page and PDF are in French throughout (fixed words, appendix,
colophon, captions, /Lang fr-BE) and carry the same attachments. That a changed register row
changes both editions is checked end to end in ``test_signoff_end_to_end.py``."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.figures.catalogue import CATALOGUE
from sociaal_verslag.language import formatting, styles
from sociaal_verslag.notebook.recording import figure_anchor
from sociaal_verslag.review.pages import REVIEW_DIR
from sociaal_verslag.year.editions import Edition

from .conftest import html_text, normalise

SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


def _numbers(page: Path) -> list[tuple[str, str]]:
    """Every number of a review edition: (figure id, the text printed), in reading order."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    by_anchor = {figure_anchor(figure_id): figure_id for figure_id in CATALOGUE}
    found = []
    for link in soup.select("a.figure-ref"):
        figure_id = by_anchor[link["href"].split("#", 1)[1]]
        found.append((figure_id, link.get_text().translate(SPACES)))
    return found


def _forms(value: float, figure_id: str, language: str) -> set[str]:
    """Every way an edition may print a figure: its style and its named forms, capitalised or
    not, and in French in the feminine ('une')."""
    spec = CATALOGUE[figure_id]
    forms = {
        styles.render(value, style, language) for style in [spec.style, *spec.variants.values()]
    }
    forms |= {formatting.in_gender(form, True, language) for form in forms}
    forms |= {formatting.capitalize(form) for form in forms}
    return {form.translate(SPACES) for form in forms}


@pytest.fixture(scope="module")
def figures(build_2025) -> dict[str, dict]:
    items = json.loads((build_2025.output_dir / "figures.json").read_text(encoding="utf-8"))
    return {item["id"]: item for item in items}


@pytest.fixture(scope="module")
def editions(build_2025) -> dict[str, list[tuple[str, str]]]:
    review = build_2025.output_dir / REVIEW_DIR
    return {
        language: _numbers(review / Edition(2025, language).review_file)
        for language in ("nl", "fr")
    }


def test_one_build_writes_both_editions_from_one_set_of_figures(build_2025):
    names = {path.name for path in build_2025.output_dir.iterdir()}
    assert {"bijzonder-verslag-2025.html", "bijzonder-verslag-2025.pdf"} <= names
    assert {"rapport-special-2025.html", "rapport-special-2025.pdf"} <= names
    assert [edition.language for edition in build_2025.editions] == ["nl", "fr"]
    figures = {name for name in names if name.startswith("figures.")}  # one set, any language
    assert figures == {"figures.json", "figures.csv", "figures.xlsx"}


def test_every_figure_printed_in_one_edition_is_printed_in_the_other_as_often(editions):
    dutch = Counter(figure_id for figure_id, _ in editions["nl"])
    french = Counter(figure_id for figure_id, _ in editions["fr"])
    assert len(dutch) > 70
    assert dutch == french


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_each_edition_prints_each_figure_in_its_languages_form(editions, figures, language):
    wrong = [
        (figure_id, text)
        for figure_id, text in editions[language]
        if text not in _forms(figures[figure_id]["value"], figure_id, language)
    ]
    assert wrong == []


def test_both_review_editions_link_each_number_to_the_same_cell(build_2025):
    review = build_2025.output_dir / REVIEW_DIR
    hrefs = {}
    for language in ("nl", "fr"):
        soup = BeautifulSoup(
            (review / Edition(2025, language).review_file).read_text("utf-8"), "html.parser"
        )
        hrefs[language] = Counter(link["href"] for link in soup.select("a.figure-ref"))
        assert all((review / href.split("#")[0]).is_file() for href in hrefs[language])
    assert hrefs["nl"] == hrefs["fr"]


def test_the_french_forms_are_french(editions, figures):
    french = dict(editions["fr"])
    dutch = dict(editions["nl"])
    # 21.585 -> 21 585, "meer dan 198 miljoen" -> "plus de 198 millions", 8,55 stays 8,55.
    assert french["activity.active_holders"] == dutch["activity.active_holders"].replace(".", " ")
    assert french["activity.turnover_eur"].startswith("plus de ")
    assert "millions" in french["activity.turnover_eur"]
    differ = [figure_id for figure_id in french if french[figure_id] != dutch[figure_id]]
    assert len(differ) > 20


def test_the_published_french_page_prints_the_same_numbers_as_its_review_edition(
    build_2025, editions
):
    page = html_text((build_2025.output_dir / "rapport-special-2025.html").read_text("utf-8"))
    page = page.translate(SPACES)
    missing = [text for _, text in editions["fr"] if normalise(text) not in page]
    assert missing == []


def test_the_french_page_is_french_throughout(build_2025):
    html = (build_2025.output_dir / "rapport-special-2025.html").read_text(encoding="utf-8")
    assert '<html lang="fr-BE">' in html
    assert "<title>Rapport spécial 2025 – SmartCoop</title>" in html
    text = html_text(html)
    french_texts = (
        "Sommaire",
        "Annexe : origine des chiffres",
        "Colophon",
        "Figure 1 –",
        "Numéro d'entreprise 0896.755.397",
        "Siège : Quai des Charbonnages 30–34",
        "À arrêter par le Conseil d'administration.",
    )
    for french in french_texts:
        assert french in text.translate(SPACES), french
    for dutch in ("Inhoud", "Bijlage", "Colofon", "Figuur ", "Bron:", "Vastgesteld", "nagekeken"):
        assert dutch not in text, dutch


def test_the_french_pdf_is_pdfa_in_french_with_the_same_attachments(build_2025):
    folder = build_2025.output_dir
    with (
        pikepdf.open(folder / "rapport-special-2025.pdf") as french,
        pikepdf.open(folder / "bijzonder-verslag-2025.pdf") as dutch,
    ):
        assert str(french.Root.Lang) == "fr-BE"
        meta = french.open_metadata()
        assert meta.pdfa_status == "3A"
        assert meta["dc:title"] == "Rapport spécial 2025 – SmartCoop"
        assert meta.get("dc:language") == {"fr-BE"}
        files = {name: spec.get_file().read_bytes() for name, spec in french.attachments.items()}
        same = {name: spec.get_file().read_bytes() for name, spec in dutch.attachments.items()}
        # The same trail, and each edition its review record in its own language.
        assert (
            files.pop("verification-2025.pdf")
            == (folder / "review/verification-2025.pdf").read_bytes()
        )
        assert same.pop("nazicht-2025.pdf") == (folder / "review/nazicht-2025.pdf").read_bytes()
        assert files == same
        assert set(files) == {"figures.csv", "params.yaml", "manifest.json"}


def test_figures_csv_gives_each_figure_as_the_french_edition_prints_it(build_2025):
    with (build_2025.output_dir / "figures.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(build_2025.figures)
    for row in rows:
        figure = build_2025.figures[row["id"]]
        french = figure.in_language("fr")
        assert (row["printed"], row["rule"]) == (figure.printed, figure.rule)
        assert (row["printed_fr"], row["rule_fr"]) == (french.printed, french.rule), row["id"]
    assert any(row["printed_fr"] != row["printed"] for row in rows)


@pytest.mark.parametrize("page", ["rapport-special-2025.html", "review/rapport.html"])
def test_the_french_pages_set_one_space_before_each_mark(build_2025, page):
    """A narrow no-break space before ; ! ? and a no-break space before : and », in the text,
    the generated sentences (banner, appendix, colophon) and the charts' texts alike."""

    soup = BeautifulSoup((build_2025.output_dir / page).read_text("utf-8"), "html.parser")
    texts = [soup.body.get_text(), *(tag["alt"] for tag in soup.find_all("img", alt=True))]
    texts += [tag["aria-label"] for tag in soup.find_all(attrs={"aria-label": True})]
    wrong = [
        match.group()
        for text in texts
        for match in re.finditer(r"\S(?:[ \u00a0][;!?]|\u202f[:»])", text)
    ]
    assert wrong == []
    assert "\u202f;" in soup.body.get_text() and "\u00a0:" in soup.body.get_text()
