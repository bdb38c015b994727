"""The HTML report: one self-contained page, no code, a working table of contents, captions."""

from __future__ import annotations

import re

import nbformat
import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.render import web_links
from sociaal_verslag.year import chapters


@pytest.fixture(scope="module")
def soup(build_2025) -> BeautifulSoup:
    return BeautifulSoup(build_2025.html.read_text(encoding="utf-8"), "html.parser")


def test_report_is_published_where_staff_expect_it(build_2025):
    assert build_2025.html.name == "bijzonder-verslag-2025.html"
    assert build_2025.html.parent == build_2025.output_dir
    assert build_2025.output_dir.name == "2025"
    assert not list(build_2025.output_dir.parent.glob(".staging-*"))


def test_page_is_self_contained(build_2025, soup):
    html = build_2025.html.read_text(encoding="utf-8")
    assert soup.find("script") is None
    assert soup.find("link") is None
    assert "@import" not in html and "url(http" not in html
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:image/"), tag["src"][:60]
    assert soup.html["lang"] == "nl-BE"


def test_page_shows_no_code(soup):
    assert soup.find("pre") is None
    assert soup.find("code") is None
    text = soup.get_text()
    assert "**" not in text and "](" not in text, "Markdown left unrendered"
    assert "import " not in text and "record(" not in text and "In [" not in text


def test_table_of_contents_links_to_every_chapter(soup):
    toc = soup.find("nav", class_="toc")
    links = [a["href"] for a in toc.find_all("a")]
    assert len(links) >= 10
    for href in links:
        assert re.fullmatch(r"#[a-z0-9-]+", href), href
        assert soup.find(id=href[1:]) is not None, href
    titles = [a.get_text() for a in toc.find_all("a")]
    assert "Juridisch kader" in titles
    assert "Delen van de middelen en de risico’s" in titles


def test_conditions_are_a_real_table(soup):
    table = soup.find("table")
    headers = [
        th.get_text(strip=True).replace("\u00a0", " ") for th in table.find("thead").find_all("th")
    ]
    assert headers == ["Voorwaarde (art. 8:5 WVV)", "Toepassing bij SmartCoop"]
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == 9
    assert "artikels 3 en 4" in rows[0].get_text().replace("\u00a0", " ")
    assert "Artikel 37" in rows[6].get_text().replace("\u00a0", " ")


def test_every_chart_has_an_embedded_image_and_a_caption(soup):
    charts = soup.find_all("figure", class_="chart")
    assert len(charts) == 7
    for chart in charts:
        assert chart.find("img")["src"].startswith("data:image/svg+xml;base64,")
        caption = chart.find("figcaption").get_text(strip=True)
        assert len(caption) > 20, caption
    assert soup.find(id="chart-financing-loans_per_month") is not None


def test_executed_notebooks_are_kept_beside_the_report(build_2025):
    kept = sorted((build_2025.output_dir / "review").glob("*.ipynb"))
    notebooks = chapters.notebooks(chapters.listed())
    assert [path.name for path in kept] == sorted(path.name for path in notebooks)
    executed = nbformat.read(kept[0], as_version=4)
    assert executed.metadata["papermill"]["parameters"]["year"] == 2025
    assert any(cell.get("outputs") for cell in executed.cells if cell.cell_type == "code")


@pytest.mark.parametrize(
    ("page", "up", "pdf", "other", "other_name", "other_lang"),
    [
        ("bijzonder-verslag-2025.html", "", "bijzonder-verslag-2025.pdf",
         "rapport-special-2025.html", "Version française", "fr-BE"),
        ("rapport-special-2025.html", "", "rapport-special-2025.pdf",
         "bijzonder-verslag-2025.html", "Nederlandstalige versie", "nl-BE"),
        ("review/verslag.html", "../", "bijzonder-verslag-2025.pdf",
         "rapport.html", "Version française", "fr-BE"),
    ],
)  # fmt: skip
def test_a_web_page_links_its_pdf_its_other_edition_and_the_files_beside_it(
    build_2025, page, up, pdf, other, other_name, other_lang
):
    folder = build_2025.output_dir / page
    found = BeautifulSoup(folder.read_text(encoding="utf-8"), "html.parser")
    nav = found.find("nav", class_="web-links")
    links = {a["href"]: a for a in nav.find_all("a")}
    assert set(links) == {up + pdf, other}
    assert links[other].get_text() == other_name and links[other]["hreflang"] == other_lang
    assert links[other]["lang"] == other_lang  # the name is read in its own language
    files = [a["href"] for a in found.find("p", class_="web-files").find_all("a")]
    assert files == [up + name for name in ("figures.csv", "params.yaml", "manifest.json")]
    # The PDF attaches four (test_pdf.py); the page says which one it leaves to the PDF.
    said = found.find("p", class_="web-files").get_text()
    assert ("drie van de vier" in said and "nazicht" in said) or "trois des quatre" in said
    for href in [*links, *files]:  # each link leads to a file the build published
        assert (folder.parent / href).is_file(), href
    assert "on-screen" in nav["class"]  # print.css leaves it out of the PDF
    # The appendix, which says what each file holds, links the three beside the page where it
    # names them; the fourth, the review record, only the PDF carries.
    listed = found.find("section", attrs={"data-chapter": "99-bijlage"}).find_all("li")
    named = [a for item in listed for a in item.find_all("a", class_="on-screen")]
    assert [a["href"] for a in named] == files
    assert all(
        a.find_next_sibling("span", class_="on-paper").get_text() == a.get_text() for a in named
    )  # on paper: its name, no link to a file the reader lacks


def test_the_pdf_leaves_out_what_only_the_web_page_links(pdf_text):
    assert "Het verslag als PDF" not in pdf_text
    assert "Version française" not in pdf_text and "naast deze pagina" not in pdf_text


def test_a_file_the_text_names_is_linked_only_when_the_page_has_it_beside():
    links = {"file_links": [{"text": "figures.csv", "href": "../figures.csv"}]}
    text = (
        '<li><span class="attached-file">figures.csv</span>: x</li>'
        '<li><span class="attached-file">other.json</span>: y</li>'
    )
    assert web_links.link_attached(text, links) == (
        '<li><a class="on-screen" href="../figures.csv">figures.csv</a>'
        '<span class="on-paper">figures.csv</span>: x</li>'
        '<li><span class="attached-file">other.json</span>: y</li>'
    )
    assert web_links.link_attached(text, None) == text  # no links: the names as they are
