"""The filed PDF: A4, PDF/A-3b with metadata and bookmarks, bundled fonts embedded, the year's
figures and parameters attached, and the same sentences as the published report."""

from __future__ import annotations

import json

import pikepdf
import pytest

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
    assert metadata.get("pdfaid:conformance") == "B"
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


def test_bookmarks_name_every_chapter(document):
    titles = []
    with document.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            titles.append(item.title)
            stack.extend(item.children)
    for chapter in [
        "Juridisch kader",
        "Wettelijke verplichtingen",
        "Verwezenlijking van een positieve maatschappelijke impact",
        "Delen van de middelen en de risico's",
    ]:
        assert chapter in titles


def test_figures_and_parameters_are_attached_as_built(build_2025, document):
    attached = {name: spec.get_file().read_bytes() for name, spec in document.attachments.items()}
    assert set(attached) == {"figures.csv", "params.yaml", "manifest.json"}
    # The manifest as published, but for the timings of the steps (made after the PDF).
    published = json.loads((build_2025.output_dir / "manifest.json").read_text("utf-8"))
    del published["notebook_seconds"], published["steps"]
    assert json.loads(attached["manifest.json"]) == published
    assert attached["figures.csv"] == (build_2025.output_dir / "figures.csv").read_bytes()
    assert attached["params.yaml"] == (build_2025.output_dir / "params.yaml").read_bytes()
    assert attached["figures.csv"].decode().count("\n") == len(build_2025.figures) + 1


def test_title_page_table_of_contents_and_page_numbers(pdf_text, build_2025):
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(build_2025.pdf).pages]
    assert "Boekjaar 2025" in pages[0]
    assert "artikel 6, §2, 2e lid" in pages[0]
    assert "Pagina" not in pages[0]  # the cover has no running header or footer
    assert "Inhoud" in pages[1] and "Juridisch kader" in pages[1]
    assert f"Pagina 3 van {len(pages)}" in pages[2]


@pytest.mark.parametrize("sentence", SENTENCES, ids=lambda sentence: sentence[:40])
def test_every_published_sentence_with_a_figure_reads_the_same_in_the_pdf(pdf_text, sentence):
    assert squeeze_punctuation(sentence) in pdf_text
