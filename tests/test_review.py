"""Reviewers: every number links to the cell that computed it; the review view, the manifest
and the appendix say where everything came from."""

from __future__ import annotations

import json
import re
from importlib import metadata
from urllib.parse import unquote

import nbformat
import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.cli import explain
from sociaal_verslag.figures.catalogue import CATALOGUE, charts
from sociaal_verslag.notebook import recording
from sociaal_verslag.text import figure_links
from sociaal_verslag.year import chapters

from .conftest import html_text, pdf_body_text


@pytest.fixture(scope="module")
def report(build_2025) -> BeautifulSoup:
    return BeautifulSoup(build_2025.html.read_text(encoding="utf-8"), "html.parser")


def _review_page(build_2025, name: str) -> BeautifulSoup:
    path = build_2025.output_dir / "review" / f"{name}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_review_folder_has_every_notebook_as_ipynb_and_html_and_an_index(build_2025):
    review = build_2025.output_dir / "review"
    for notebook in chapters.notebooks(chapters.listed()):
        assert (review / notebook.name).is_file()
        assert (review / f"{notebook.stem}.html").is_file()
    index = BeautifulSoup((review / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = index.get_text()
    assert "Controles" in text and "fte_matches_hours" in text
    assert len(index.find_all("td", class_="ok")) == len(build_2025.checks)
    assert all(figure_id in text for figure_id in CATALOGUE)


def test_review_html_shows_code_outputs_parameters_and_timings(build_2025):
    page = _review_page(build_2025, "02-bescherming")
    text = page.get_text()
    assert 'record("employment.contracts", contracts, year, params.fte_hours_per_year)' in text
    assert "employment.fte" in text  # the recorded figures under the cell
    assert "parameter year" in text and f"papermill {metadata.version('papermill')}" in text
    # each code cell by its number (as the report's tooltips name it) and its id
    assert re.search(r"cel 4 \([0-9a-f]{8}\) · \d+,\d{3} s", text)  # a decimal comma
    assert page.find("script", src=True) is None  # nothing fetched from the web


@pytest.mark.parametrize("name", ["01-dynamiek", "02-bescherming", "05-middelen-en-risicos"])
def test_a_cell_is_named_by_the_number_jupyter_shows_beside_it(build_2025, name):
    page = _review_page(build_2025, name)
    named = page.find_all(class_="cell-meta")
    assert named
    for meta in named:
        number = re.match(r"cel (\d+) ", meta.get_text())
        prompt = meta.find_parent(class_="jp-Cell").find(class_="jp-InputPrompt").get_text()
        if number is None:  # the parameters papermill injected: named so, not numbered
            assert "parameters van de build" in meta.get_text()
            continue
        assert prompt == f"[{number[1]}]:"


def test_explain_and_the_tooltips_name_the_cell_by_its_jupyter_number(build_2025):
    executed = nbformat.read(build_2025.output_dir / "review" / "02-bescherming.ipynb", 4)
    count = {cell.get("id"): cell.get("execution_count") for cell in executed.cells}
    figure = build_2025.figures["employment.fte"]
    shown = count[figure.cell_id]
    lines = explain.explain(2025, "employment.fte", build_2025.output_dir.parent)
    assert f"cel {shown} (id {figure.cell_id})" in "\n".join(lines)
    edition = _review_page(build_2025, "verslag")
    link = edition.find("a", id="value-employment-fte")
    assert link["title"].endswith(f", cel {shown}")


@pytest.fixture(scope="module")
def review_edition(build_2025) -> BeautifulSoup:
    return _review_page(build_2025, "verslag")


def _spaced(text: str) -> str:
    return text.replace("\u00a0", " ")


def _straight(text: str) -> str:
    """Text with the quotes typesetting curls ("“Let’s meet”") straight, as the catalogue
    writes them."""
    return text.translate(str.maketrans("“”‘’", "\"\"''"))


def test_the_published_page_has_no_links_to_the_review_notebooks(report):
    assert report.find("a", class_="review-link") is None
    assert not [link for link in report.find_all("a", href=True) if "review/" in link["href"]]


def test_in_the_review_edition_every_number_links_to_its_rule_under_the_cell_that_computed_it(
    build_2025, review_edition
):
    links = review_edition.find_all("a", class_="figure-ref")
    linked_ids = set()
    for link in links:
        page, anchor = link["href"].split("#")
        target = _review_page(build_2025, page.removesuffix(".html")).find(id=unquote(anchor))
        assert target is not None, link["href"]
        # Its figure: its block names it, printed as the link shows, named by the tooltip.
        figure_id = next(
            figure.id
            for figure in build_2025.figures.values()
            if f"{figure.notebook}.html#{recording.figure_anchor(figure.id)}" == link["href"]
            # The page ties "198 miljoen" with a no-break space; the tooltip prints a space.
            # (Its label as printed: with the apostrophe ’ the language writes.)
            and _straight(link["title"]).startswith(
                f"{_spaced(link.get_text())} {CATALOGUE[figure.id].label} — "
            )
        )
        figure = build_2025.figures[figure_id]
        assert figure_id in target.get_text() and CATALOGUE[figure_id].rule in target.get_text()
        # ... under the cell that recorded it.
        cell = target.find_parent(id=f"cell-id={figure.cell_id}")
        assert cell is not None and "record(" in cell.get_text()
        # The tooltip in words: the number, what it counts, the notebook and the cell's number.
        number = re.search(r"cel (\d+)$", link["title"])[1]
        assert f"cel {number} (" in cell.get_text() and figure_id not in link["title"]
        linked_ids.add(figure_id)
    # Every figure but those only a chart's note prints (Figure 3's contracts from before).
    charted = {figure_id for chart in charts().values() for figure_id in chart.figures}
    assert linked_ids <= set(CATALOGUE) and set(CATALOGUE) - linked_ids <= charted
    assert len(linked_ids) >= len(CATALOGUE) - 2


def test_each_figure_first_printed_carries_the_anchor_the_appendix_points_to(report):
    tables = report.find_all("table", class_="provenance")
    rows = [row for table in tables for row in table.find_all("tr") if row.td]
    assert len(rows) == len(CATALOGUE)
    targets = [row.find("a", class_="page-ref")["href"].removeprefix("#") for row in rows]
    # A figure only a chart prints leads to that chart (Figure 3's note).
    to_charts = [target for target in targets if target.startswith("chart-")]
    assert to_charts and all(report.find("figure", id=target) for target in to_charts)
    anchors = [target for target in targets if target not in to_charts]
    # A figure's first form; its other forms' anchors end in -2, -3 (and have their own link).
    texts = [element["id"] for element in report.find_all(class_="figure-ref", id=True)]
    first_forms = {figure_links.anchor(figure_id) for figure_id in CATALOGUE}
    firsts = [anchor for anchor in texts if anchor in first_forms]
    # in report order: the appendix lists the figures as the text first prints them
    assert anchors == firsts and len(set(anchors)) + len(to_charts) == len(CATALOGUE)
    pages = [row.find_all("a", class_="page-ref") for row in rows]
    others = {link["href"].removeprefix("#") for links in pages for link in links[1:]}
    assert others == set(texts) - set(firsts)
    # On screen the other forms link there too, from the value they print.
    also = {link["href"].removeprefix("#") for row in rows for link in row("a", class_="also-ref")}
    assert also == others


def test_the_html_appendix_shows_labels_values_and_sources_in_words(report, build_2025):
    table = report.find("table", class_="provenance")
    first = next(row for row in table.find_all("tr") if row.td).find_all(["th", "td"])
    figure = build_2025.figures["activity.turnover_eur"]
    assert first[0].get_text() == "Omzet van de gedeelde onderneming"
    # With its unit, the spaces typesetting ties tied (a break allowed after the qualifier).
    value = first[1].find(class_="value-ref")  # on screen, the link to the text
    shown = value.get_text().replace("\u00a0", " ").replace("\u200b", "")
    assert shown == f"{figure.printed} euro"
    assert value["href"] == first[3].a["href"] == "#value-activity-turnover-eur"
    assert first[1].find(class_="on-paper").get_text() == value.get_text()
    assert first[3].get_text() == ""  # on paper, its page number (print.css)
    assert first[2].get_text().endswith("Bron: register facturen.")
    # A table per chapter, headed by the chapter (repeated on each page it goes on).
    tables = report.find_all("table", class_="provenance")
    headings = [table.thead.find("th", scope="colgroup").get_text() for table in tables]
    assert headings[0].startswith("Sterke, aanhoudende dynamiek") and len(headings) >= 5
    text = table.get_text()
    assert not any(figure_id in text for figure_id in CATALOGUE)


def test_the_pdf_appendix_gives_pages_and_no_ids_and_the_pdf_no_links_into_review(build_2025):
    import pikepdf

    text = pdf_body_text(build_2025.pdf)
    appendix = text[
        text.index("Deze bijlage geeft elk cijfer dat dit verslag uit zijn registers") :
    ]

    def squeezed(words: str) -> str:  # a label may be hyphenated at the end of a line
        # (and the body's text is read without its double quotes: see pdf_body_text)
        return re.sub(r"[\s\-\u00ad\u2010\"]", "", _straight(words))

    for spec in CATALOGUE.values():
        assert squeezed(spec.label[:1].upper() + spec.label[1:]) in squeezed(appendix)
        assert spec.id not in appendix
    assert "zie tekst" not in appendix and "Blz." in appendix
    assert "Colofon" in appendix and "review/" not in appendix
    with pikepdf.open(build_2025.pdf) as pdf:
        for page in pdf.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get("/A")
                if action is not None and "/URI" in action:
                    assert "review/" not in str(action.URI)


def test_the_french_appendix_names_its_value_links_in_french_typography(build_2025):
    """A value's link is named by its label, value and where it leads, punctuated as the
    visible text: a space before the colon, curly apostrophes ("de l'Association", in an
    attribute that typesetting leaves alone, read beside the text's "de l’Association")."""
    page = BeautifulSoup(
        (build_2025.output_dir / "rapport-special-2025.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    names = [link["aria-label"] for link in page.select("table.provenance a.value-ref")]
    assert len(names) > 50
    assert not [name for name in names if "'" in name or re.search(r"\S:", name)]
    assert any("l’Association" in name for name in names)
    assert any(re.search(r"\u00a0: .*, voir figure \d", name) for name in names)


def test_the_pdf_appendix_prints_each_value_whole(report, build_2025):
    """Each value of the appendix in the PDF as on the page: broken, if at all, at a space
    ("meer dan | 198 miljoen euro"), never inside a word ("198 milj|oen euro", which a <wbr>
    inside the value's element made WeasyPrint do)."""
    text = " ".join(pdf_body_text(build_2025.pdf).split())
    appendix = text[text.index("Deze bijlage geeft elk cijfer dat dit verslag") :]
    values = [
        (cell.find(class_="on-paper") or cell).get_text()
        for cell in report.select("table.provenance td.value")
    ]
    assert len(values) > 50
    broken = [value for value in values if " ".join(value.split()) not in appendix]
    assert broken == []


def test_manifest_records_parameters_inputs_commit_packages_and_timings(build_2025):
    manifest = json.loads((build_2025.output_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["year"] == 2025
    assert manifest["parameters"]["fte_hours_per_year"] == 1976
    assert manifest["built_at"] == "2026-01-01T00:00:00+00:00"  # from SOURCE_DATE_EPOCH
    inputs = manifest["inputs"]
    assert "params/2025.yaml" in inputs and "data/2025/loans.csv" in inputs
    assert "notebooks/02-bescherming.ipynb" in inputs
    assert "notebooks/narrative/2025/03-dynamiek.md" in inputs
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in inputs.values())
    assert set(manifest["git"]) == {"commit", "dirty"}
    for package in ("papermill", "nbconvert", "pandas", "weasyprint", "python"):
        assert manifest["packages"][package]
    notebooks = chapters.notebooks(chapters.listed())
    assert list(manifest["notebook_seconds"]) == [path.stem for path in notebooks]
    assert all(seconds > 0 for seconds in manifest["notebook_seconds"].values())
    assert [check["ok"] for check in manifest["checks"]] == [True] * len(build_2025.checks)


def test_colophon_says_when_from_what_and_which_inputs(report):
    text = html_text(str(report))
    assert "Dit verslag werd op 1 januari 2026 gemaakt met sociaal-verslag" in text
    assert re.search(r"uit \d+ invoerbestanden \(vingerafdruk [0-9a-f]{12}\)", text)


def _targets(page: BeautifulSoup) -> set[str]:
    return {element["id"] for element in page.find_all(id=True)} | {
        element["name"] for element in page.find_all(attrs={"name": True})
    }


def test_every_link_of_every_page_resolves_to_a_file_and_an_anchor(build_2025):
    """Every relative link of the report, the review index and the review notebooks points at
    a file of the build, and its #anchor at an element of that file."""
    root = build_2025.output_dir
    pages = {
        path: BeautifulSoup(path.read_text("utf-8"), "html.parser") for path in root.rglob("*.html")
    }
    checked = 0
    for path, page in pages.items():
        for element in page.find_all(["a", "link"], href=True):
            href = element["href"]
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            file_part, _, anchor = href.partition("#")
            target = (path.parent / unquote(file_part)).resolve() if file_part else path
            assert target.is_file(), f"{path.name}: {href} -> no such file"
            assert root.resolve() in target.parents, f"{path.name}: {href} leaves the build"
            if anchor:
                if target not in pages:
                    pages[target] = BeautifulSoup(target.read_text("utf-8"), "html.parser")
                # A browser tries the fragment as written, then percent-decoded (HTML 7.4.6.4).
                targets = _targets(pages[target])
                assert {anchor, unquote(anchor)} & targets, f"{path.name}: {href}"
            checked += 1
    assert checked > 2 * len(build_2025.figures)  # the report's numbers and the index at least


def test_the_index_links_each_figure_to_the_cell_that_recorded_it(build_2025):
    index = _review_page(build_2025, "index")
    for row in index.find_all("tr"):
        code = row.find("code")
        link = row.find("a", href=re.compile(r"#cell-id="))
        if code is None or link is None or code.get_text() not in build_2025.figures:
            continue
        figure = build_2025.figures[code.get_text()]
        notebook, _, anchor = link["href"].partition("#")
        page = _review_page(build_2025, notebook.removesuffix(".html"))
        cell = page.find(id=anchor)
        assert cell is not None, link["href"]
        assert figure.id in cell.get_text(), f"{figure.id} is not recorded in {link['href']}"


def test_a_recording_cell_shows_its_figures_once_in_words_not_as_a_python_mapping(build_2025):
    for notebook in sorted((build_2025.output_dir / "review").glob("0*.html")):
        text = _review_page(build_2025, notebook.stem).get_text()
        assert "Figure(id=" not in text, notebook.name


def test_the_build_steps_on_the_review_index_are_in_dutch(build_2025):
    table = _review_page(build_2025, "index").find("table", class_="steps")
    rows = [[cell.get_text() for cell in row.find_all("td")] for row in table.find_all("tr")[1:]]
    assert rows
    english = re.compile(r"\b(validate|collect|checks|narrative|review page|changed|same key)\b")
    assert [row for row in rows if english.search(row[0] + " " + row[-1])] == []
    assert "invoer controleren" in [row[0] for row in rows]
