"""The filed PDF: A4, tagged PDF/A-3a with metadata and bookmarks, bundled fonts embedded, the
year's figures and parameters attached, and the same sentences as the published report."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter

import pikepdf
import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.render import pdf, pdf_tags

from .conftest import A4_POINTS, squeeze_punctuation
from .test_back_2025 import SENTENCES


@pytest.fixture(scope="module")
def document(build_2025):
    with pikepdf.open(build_2025.pdf) as pdf:
        yield pdf


def test_pdf_is_written_beside_the_html(build_2025):
    assert build_2025.pdf == build_2025.output_dir / "bijzonder-verslag-2025.pdf"
    assert build_2025.pdf.read_bytes().startswith(b"%PDF-")


def test_pages_are_a4(document):
    for page in document.pages:
        width, height = float(page.mediabox[2]), float(page.mediabox[3])
        assert (round(width, 1), round(height, 1)) == (
            round(A4_POINTS[0], 1),
            round(A4_POINTS[1], 1),
        )
    assert 12 <= len(document.pages) <= 40


def test_pdf_a_identification_and_output_intent(document):
    metadata = document.open_metadata()
    assert metadata.get("pdfaid:part") == "3"
    assert metadata.get("pdfaid:conformance") == "A"
    intents = document.Root.OutputIntents
    assert len(intents) >= 1
    assert str(intents[0].S) == "/GTS_PDFA1"
    assert "/DestOutputProfile" in intents[0]


def test_document_metadata(document):
    metadata = document.open_metadata()
    assert metadata.get("dc:title") == "Bijzonder verslag 2025 – SmartCoop"
    assert metadata.get("dc:creator") == ["SmartCoop"]
    assert "erkenning als sociale onderneming" in metadata.get("dc:description")
    assert "art. 8:5 WVV" in metadata.get("pdf:Keywords")
    assert str(document.Root.Lang) == "nl-BE"
    assert metadata.get("dc:language") == {"nl-BE"}  # in the XMP too, for archives
    assert str(document.Root.PageMode) == "/UseOutlines"  # the bookmarks shown on opening
    # Each attached file once in the catalogue's list of associated files.
    listed = [str(spec.F) for spec in document.Root.AF]
    assert sorted(listed) == sorted(document.attachments) and len(set(listed)) == len(listed)


def test_every_font_is_embedded_and_comes_with_the_project(document):
    seen = set()
    for page in document.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            name = str(font.BaseFont)
            seen.add(name.split("+")[-1])
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font.DescendantFonts[0].FontDescriptor
            assert descriptor is not None, name
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name
    assert seen and all(name.startswith("Report-") for name in seen), seen


def _outline_titles(document: pikepdf.Pdf) -> list[str]:
    """The bookmarks' titles in reading order (depth first)."""
    titles: list[str] = []

    def visit(items) -> None:
        for item in items:
            titles.append(item.title)
            visit(item.children)

    with document.open_outline() as outline:
        visit(outline.root)
    return titles


def test_bookmarks_are_exactly_the_chapters_and_sections(build_2025, document):
    soup = BeautifulSoup(build_2025.html.read_text(encoding="utf-8"), "html.parser")
    headings = [
        " ".join(heading.get_text().split())
        for heading in soup.main.find_all(["h2", "h3"])
        if "toc-title" not in (heading.get("class") or [])
    ]
    titles = [" ".join(title.split()) for title in _outline_titles(document)]
    assert titles == headings
    for chapter in [
        "Juridisch kader",
        "Wettelijke verplichtingen",
        "Verwezenlijking van een positieve maatschappelijke impact",
        "Delen van de middelen en de risico’s",
    ]:
        assert chapter in titles
    assert "Maandelijks" not in titles and "Inhoud" not in titles


def _structure(document: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element of the PDF's tag tree."""
    elements = []
    stack = [document.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                elements.append(kid)
                stack.append(kid)
    return elements


def test_pdf_is_tagged(document):
    assert "/StructTreeRoot" in document.Root
    assert bool(document.Root.MarkInfo.Marked) is True
    kinds = Counter(str(element.S) for element in _structure(document))
    for kind in ("/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TR", "/TH", "/TD", "/Figure"):
        assert kinds[kind] > 0, kind


def test_every_table_has_header_cells(document):
    def has_header(element) -> bool:
        kids = element.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        return any(
            isinstance(kid, pikepdf.Dictionary)
            and "/S" in kid
            and (str(kid.S) == "/TH" or has_header(kid))
            for kid in kids
        )

    tables = [element for element in _structure(document) if str(element.S) == "/Table"]
    assert tables and all(has_header(table) for table in tables)


def test_a_passage_in_another_language_keeps_its_language_in_the_tags(build_2025, document):
    """A French group name in the Dutch report is tagged French, so a screen reader reads it
    with a French voice (WeasyPrint drops ``lang``: render/pdf_tags.py adds it)."""
    soup = BeautifulSoup(build_2025.html.read_text(encoding="utf-8"), "html.parser")
    in_html = Counter(tag["lang"] for tag in soup.body.find_all(lang=True))
    tagged = Counter(str(element.Lang) for element in _structure(document) if "/Lang" in element)
    assert in_html["fr"] >= 5 and in_html["en"] >= 5, in_html
    for language in ("fr", "en", "wa"):  # the group names, the English terms, "Rapoûlaedje"
        assert tagged[language] >= min(in_html[language], 5), language
    assert set(tagged) <= set(in_html)


def test_every_header_cell_says_which_cells_it_heads(document):
    scopes = Counter(
        str(element.A.get("/Scope")) for element in _structure(document) if str(element.S) == "/TH"
    )
    assert set(scopes) == {"/Row", "/Column"}, scopes
    assert scopes["/Row"] >= 81  # the appendix's rows, each headed by what its figure counts


def test_every_link_is_described_in_words(document):
    """A screen reader announces a link's description: a heading, a figure's name or a web
    address, never an anchor's id ("value-survey-responses-2")."""
    descriptions = [
        str(annotation.Contents)
        for page in document.pages
        for annotation in page.get("/Annots", [])
        if annotation.get("/Subtype") == "/Link"
    ]
    assert len(descriptions) > 100
    for description in descriptions:
        is_an_id = re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", description)  # "value-...-2"
        assert description and not is_an_id, description
    assert "Arbeidsovereenkomsten, zie tekst" in descriptions
    assert "Antwoorden op de enquête: meer dan 2.200, zie tekst" in descriptions


def test_every_chart_has_its_subject_and_values_as_alternative_text(build_2025, document):
    soup = BeautifulSoup(build_2025.html.read_text(encoding="utf-8"), "html.parser")
    subjects = [
        " ".join(figure.figcaption.contents[0].split(" – ", 1)[1].split())  # "Renteloze ..."
        for figure in soup.find_all("figure", class_="chart")
    ]
    alts = [
        " ".join(str(element.Alt).split())
        for element in _structure(document)
        if str(element.S) == "/Figure"
    ]
    assert len(alts) == len(subjects) == 7
    # What the chart shows, then the values it draws (chart_text.py); its number once, in the
    # caption after it.
    for subject in subjects:
        alt = next(alt for alt in alts if alt.startswith(subject))
        assert len(alt) > len(subject) + 40 and ":" in alt[len(subject) :], alt
    assert not any(alt.startswith("Figuur") for alt in alts)


def test_the_contents_read_as_headings_and_pages_not_dots(build_2025, document):
    """A screen reader read each entry's dotted leader out, dot by dot: each line of an entry
    reads as its words, the last with its page."""
    soup = BeautifulSoup(build_2025.html.read_text(encoding="utf-8"), "html.parser")
    entries = [" ".join(a.get_text().split()) for a in soup.find_all("a", class_="toc-entry")]
    read = [
        str(element.ActualText)
        for element in _structure(document)
        if str(element.S) == "/Link" and "/ActualText" in element
    ]
    joined = " ".join(read)
    assert ". ." not in joined and len(entries) >= 12
    for entry in entries:
        # a heading that fills its line has its page on the next line, read as ", 8"
        assert re.search(rf"{re.escape(entry)} ?, \d+(?: |$)", joined), entry
    assert "Juridisch kader, 3" in read


@pytest.mark.parametrize(
    ("shown", "read"),
    [
        ("Juridisch kader\u00a0. . . . . 3", "Juridisch kader, 3"),
        ("Bijlage 2025\u00a0. . . 19", "Bijlage 2025, 19"),  # a year in the heading stays
        ("Vooruitblik 2026", "Vooruitblik 2026"),  # a first line: no leader, no page
        ("duidelijk kader . .\n. . 4", "duidelijk kader, 4"),
    ],
)
def test_an_entry_of_the_contents_reads_without_its_leader(shown, read):
    assert pdf_tags.toc_entry_text(shown) == read


def test_every_figures_box_is_in_points_on_its_page(document):
    """A figure's bounding box in the tags, in the page's points from its foot (WeasyPrint gave
    CSS pixels from the top: render/pdf_tags.py converts them)."""
    figures = [element for element in _structure(document) if str(element.S) == "/Figure"]
    assert len(figures) == 7
    for figure in figures:
        left, bottom, right, top = (float(value) for value in figure.A.BBox)
        _, _, width, height = (float(value) for value in figure.Pg.MediaBox)
        assert 0 <= left < right <= width and 0 <= bottom < top <= height, (left, right, width)
        assert right - left > width / 2  # a chart is as wide as the text


def test_figures_and_parameters_are_attached_as_built(build_2025, document):
    attached = {name: spec.get_file().read_bytes() for name, spec in document.attachments.items()}
    assert set(attached) == {"figures.csv", "params.yaml", "manifest.json", "nazicht-2025.pdf"}
    record = build_2025.output_dir / "review/nazicht-2025.pdf"
    assert attached["nazicht-2025.pdf"] == record.read_bytes()
    assert hashlib.sha256(attached["manifest.json"]).hexdigest() in record_text(record)
    # The manifest as published, but for the timings of the steps (made after the PDF).
    published = json.loads((build_2025.output_dir / "manifest.json").read_text("utf-8"))
    del published["notebook_seconds"], published["steps"]
    assert json.loads(attached["manifest.json"]) == published
    assert attached["figures.csv"] == (build_2025.output_dir / "figures.csv").read_bytes()
    assert attached["params.yaml"] == (build_2025.output_dir / "params.yaml").read_bytes()
    assert attached["figures.csv"].decode().count("\n") == len(build_2025.figures) + 1


def test_title_page_table_of_contents_and_page_numbers(pdf_text, build_2025):
    from pypdf import PdfReader

    # No-break spaces read as spaces (the text ties "artikel 6" and "28 juni").
    pages = [page.extract_text().replace("\u00a0", " ") for page in PdfReader(build_2025.pdf).pages]
    assert "Boekjaar 2025" in pages[0]
    assert "artikel 6, § 2, 2e lid" in pages[0]  # typeset: the sign apart from its number
    # The enterprise number and registered office, from the year's parameters.
    assert "Ondernemingsnummer 0896.755.397, RPR Brussel" in pages[0]  # art. 2:20 WVV
    office = "Zetel: Koolmijnenkaai 30–34, 1080 Sint-Jans-Molenbeek"
    assert office in " ".join(pages[0].split())
    assert "Pagina" not in pages[0]  # the cover has no running header or footer
    assert "Inhoud" in pages[1] and "Juridisch kader" in pages[1]
    assert f"Pagina 3 van {len(pages)}" in pages[2]


@pytest.mark.parametrize("sentence", SENTENCES, ids=lambda sentence: sentence[:40])
def test_every_published_sentence_with_a_figure_reads_the_same_in_the_pdf(pdf_text, sentence):
    assert squeeze_punctuation(sentence) in pdf_text


@pytest.mark.parametrize(
    ("edition", "mark"), [("bijzonder-verslag", "CONCEPT"), ("rapport-special", "PROJET")]
)
def test_a_build_that_is_not_for_filing_is_a_draft_on_every_page(build_2025, edition, mark):
    from pypdf import PdfReader

    pdf = build_2025.output_dir / f"{edition}-2025.pdf"
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert [number for number, text in enumerate(pages, 1) if mark not in text] == []
    html = (build_2025.output_dir / f"{edition}-2025.html").read_text(encoding="utf-8")
    # the first thing the page shows (the skip link before it shows only to a keyboard)
    shown = BeautifulSoup(html, "html.parser").body.find_all(True, recursive=False)
    banner = next(tag for tag in shown if "skip-link" not in tag.get("class", []))
    assert banner["class"] == ["draft-mark"] and banner.strong.get_text() == mark
    manifest = json.loads((build_2025.output_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["final"] is False


def record_text(path) -> str:
    """The text of the review record, a long word (a sha256) whole even where a cell wraps it."""
    from pypdf import PdfReader

    return "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_the_pdf_s_numbers_are_plain_text_without_the_page_s_spans():
    """The page sets each number in a span it marks when a link lands there; the PDF has none
    (WeasyPrint 70 breaks a line too early before such an inline element)."""
    html = (
        'a <span class="figure-value">1<span class="nowrap">2 3</span></span>'
        '<span class="figure-ref" id="x"></span> b <span class="figure-value">9</span>.'
    )
    assert pdf.without_figure_values(html) == (
        'a 1<span class="nowrap">2 3</span><span class="figure-ref" id="x"></span> b 9.'
    )
    with pytest.raises(ValueError, match="not closed"):
        pdf.without_figure_values('<span class="figure-value">1<span>2</span>')


def test_the_pdf_is_made_from_the_page_without_its_figures_spans(build_2025):
    page = build_2025.html.read_text(encoding="utf-8")
    assert page.count('<span class="figure-value">') >= 75
    assert '<span class="figure-value">' not in pdf.paged_html(page)


def test_every_list_item_has_its_content_in_a_list_body(document):
    """PDF/UA: a list item holds its label (/Lbl) and a body (/LBody) with the rest. WeasyPrint
    put an item's paragraph straight under the item (render/pdf_tags.py gives it a body)."""
    items = [element for element in _structure(document) if str(element.S) == "/LI"]
    assert len(items) > 50
    for item in items:
        kids = item.K if isinstance(item.K, pikepdf.Array) else [item.K]
        kinds = [str(kid.get("/S")) for kid in kids if isinstance(kid, pikepdf.Dictionary)]
        assert kinds in (["/Lbl", "/LBody"], ["/LBody"]), kinds
        body = next(kid for kid in kids if str(kid.get("/S")) == "/LBody")
        assert body.P.objgen == item.objgen
        content = body.K if isinstance(body.K, pikepdf.Array) else [body.K]
        assert all(
            kid.P.objgen == body.objgen for kid in content if isinstance(kid, pikepdf.Dictionary)
        )
