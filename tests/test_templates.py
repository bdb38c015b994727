"""The words and markup of the report live in templates: each renders what the report printed
before for a small input, and every value is escaped for where it lands."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from pathlib import Path

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup
from nbconvert.filters.markdown import markdown2html

from sociaal_verslag.base import sanitize
from sociaal_verslag.figures.comparison import Difference
from sociaal_verslag.figures.records import Figure
from sociaal_verslag.language import templating, typography
from sociaal_verslag.language.translations import translate
from sociaal_verslag.render import closing
from sociaal_verslag.render import manifest as provenance
from sociaal_verslag.render import page as report
from sociaal_verslag.render.page import HEADING, Heading
from sociaal_verslag.review import approval, checks
from sociaal_verslag.review import pages as review
from sociaal_verslag.text import appendix
from sociaal_verslag.text import figure_links as figure_refs
from sociaal_verslag.text.figure_links import mark
from sociaal_verslag.text.narrative import RenderedChapter
from sociaal_verslag.year import params
from sociaal_verslag.year.editions import Edition

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
BUILT = datetime(2026, 1, 1, tzinfo=UTC)
INPUTS = {"data/2025/a.csv": "1", "params/2025.yaml": "2"}

FIGURES = [
    Figure(
        id="employment.fte",
        value=2274,
        unit="fte",
        printed="2.274",
        source="register",
        rule="r",
        inputs=("data/2025/employment_contracts.csv", "params/2025.yaml"),
        notebook="02-bescherming",
        cell_id="fte0001",
    ),
    Figure(
        id="site.area_m2",
        value=1.5,
        unit="m2",
        printed=f"meer dan {SCRIPT}",
        source="fact",
        rule="r",
        inputs=(f"params {SCRIPT}",),
        notebook="01-x",
        cell_id="c&1",
    ),
]


def _shown(markdown: str) -> str:
    """What a reader gets of a Markdown cell: rendered as nbconvert does, then sanitized."""
    return sanitize.clean_html(markdown2html(markdown))


def test_the_table_of_contents_lists_levels_2_and_3_with_their_anchors():
    headings = [
        Heading(1, "Titel", "titel"),
        Heading(2, f"Dynamiek & groei {SCRIPT}", "dynamiek-groei"),
        Heading(3, "Sub", "sub"),
        Heading(4, "Diep", "diep"),
    ]
    assert report._toc_cell(headings).source == (
        '<nav class="toc" id="contents" aria-label="Inhoud">\n<h2 class="toc-title">Inhoud</h2>\n'
        '<ul>\n<li class="toc-level-2"><a class="toc-entry" href="#dynamiek-groei">Dynamiek &amp; '
        f'groei <span class="toc-end" data-href="#dynamiek-groei">{ESCAPED}</span></a>\n'
        '<ul>\n<li class="toc-level-3"><a class="toc-entry" href="#sub">'
        '<span class="toc-end" data-href="#sub">Sub</span></a></li>\n</ul></li>\n'
        "</ul>\n</nav>"
    )


def test_a_section_s_entry_stands_under_its_chapter_s_and_one_before_any_chapter_alone():
    entries = report._toc_entries(
        [
            Heading(3, "Vooraf", "v"),
            Heading(2, "A", "a"),
            Heading(3, "A1", "a1"),
            Heading(4, "Diep", "d"),
            Heading(3, "A2", "a2"),
            Heading(2, "B", "b"),
        ]
    )
    assert [(e.text, [s.text for s in sub]) for e, sub in entries] == [
        ("Vooraf", []),
        ("A", ["A1", "A2"]),
        ("B", []),
    ]


def test_quotes_in_a_heading_reach_the_page_as_before():
    # Jinja writes &#39; where html.escape wrote &#x27;: the sanitizer makes both the same text.
    template = _shown(report._toc_cell([Heading(2, "Sub 'a' \"b\"", "sub")]).source)
    before = (
        '<nav class="toc" id="contents" aria-label="Inhoud">\n<h2 class="toc-title">Inhoud</h2>\n'
        '<ul>\n<li class="toc-level-2"><a class="toc-entry" href="#sub">'
        'Sub &#x27;a&#x27; <span class="toc-end" data-href="#sub">&quot;b&quot;</span></a></li>\n'
        "</ul>\n</nav>"
    )
    assert template == _shown(before)


def test_headings_get_plain_unique_anchors():
    anchors = report._Anchors()
    text = "# Titel\n\n## Dé *groei* & meer\n\ntekst\n\n## Dé groei & meer\n### <b>x</b>"
    assert HEADING.sub(anchors.heading_html, text) == (
        '<h1 id="titel">Titel</h1>\n\n<h2 id="de-groei-meer">Dé groei &amp; meer</h2>\n\n'
        'tekst\n\n<h2 id="de-groei-meer-2">Dé groei &amp; meer</h2>\n<h3 id="x">x</h3>'
    )


PARAMS = params.load(2025)[0]
CHAPTERS = [
    RenderedChapter(
        "03-dynamiek",
        Path("03-dynamiek.md"),
        "## Dynamiek\n\nEen site van " + mark(FIGURES[1], f"meer dan {SCRIPT}") + " m².\n\n"
        "### Werk\n\nEr waren "
        + mark(FIGURES[0], "2.274")
        + " vte; nog eens "
        + mark(FIGURES[0], "2.274")
        + ".\n",
    ),
]


def _appendix_rows(markdown: str, medium: str = "paper") -> tuple[list[str], list[list[str]]]:
    """The appendix's group headings and rows (each cell's text) as a reader of the medium
    ("paper" or "screen") gets them: without what only the other one shows."""
    soup = BeautifulSoup(_shown(markdown), "html.parser")
    other = {"paper": "on-screen", "screen": "on-paper"}[medium]
    for element in soup.find_all(class_=other):
        element.decompose()
    for line in soup.find_all(class_="also"):  # a line of its own under the value
        line.insert_before(" ")
    tables = soup.find_all("table", class_="provenance")
    groups = [th.get_text() for table in tables for th in table.find_all("th", scope="colgroup")]
    rows = [
        row.find_all(["th", "td"])
        for table in tables
        for row in table.find_all("tr")
        if row.find("td")
    ]
    return groups, rows


def test_each_appendix_row_is_headed_by_its_figure_and_each_chapter_heads_its_rows():
    soup = BeautifulSoup(
        markdown2html(closing.provenance_appendix(CHAPTERS, FIGURES, PARAMS)), "html.parser"
    )
    tables = soup.find_all("table", class_="provenance")
    assert tables  # a table per chapter (test_review.py: the 2025 report has several)
    for table in tables:
        # Its head: the chapter, then the columns' names, both repeated on each page the
        # chapter's figures go on.
        chapter, columns = table.thead.find_all("tr")
        assert chapter.th["scope"] == "colgroup" and chapter.th["colspan"] == "4"
        assert [th["scope"] for th in columns.find_all("th")] == ["col"] * 4
        rows = table.tbody.find_all("tr")
        assert rows and all(
            row.th["scope"] == "row" and row.th.find_next_sibling("td") for row in rows
        )


def test_the_provenance_appendix_lists_the_figures_in_text_order_by_chapter_in_words():
    groups, rows = _appendix_rows(closing.provenance_appendix(CHAPTERS, FIGURES, PARAMS))
    assert groups == ["Dynamiek"]  # the heading in force where the chapter's first figure stands
    area, fte = rows
    assert [cell.get_text() for cell in area[:2]] == [
        "Oppervlakte van de site Sint-Gillis",
        f"meer dan {SCRIPT} m²",  # escaped on the way in: shown as text; with its unit
    ]
    assert area[3].find("a")["href"] == "#value-site-area-m2"
    assert area[2].get_text() == (
        f"R. Vastgesteld cijfer; bron: {PARAMS.facts['site.area_m2'].source}."
    )
    assert fte[0].get_text() == "Voltijds equivalenten"
    assert fte[3].find("a")["href"] == "#value-employment-fte"
    # The parameter its rule reads, with its value and the basis the parameters give.
    assert fte[2].get_text() == (
        "R. Bron: register arbeidsovereenkomsten, met de parameters van het verslag: 1.976 uur"
        f" per jaar voor één voltijdse werknemer ({PARAMS.fte_hours_per_year_source})."
    )


def test_a_figure_whose_rule_uses_no_parameter_names_none():
    # Its metric read the parameters for another figure (the FTE's hours): not its rule.
    workers = dataclasses.replace(FIGURES[0], id="employment.workers", unit="persons")
    chapters = [
        RenderedChapter("02-x", Path("02-x.md"), "## B\n\n" + mark(workers, "2.274") + "\n")
    ]
    _, rows = _appendix_rows(closing.provenance_appendix(chapters, [workers], PARAMS))
    assert rows[0][2].get_text() == "R. Bron: register arbeidsovereenkomsten."


def test_the_appendix_prints_the_parameters_values_of_this_build():
    changed = PARAMS.model_copy(update={"fte_hours_per_year": 2080, "coopinside_month": 6})
    said = appendix.Said.of(changed, "nl")
    assert said.parameters["employment.fte"][0].startswith("2.080 uur per jaar")
    assert said.parameters["events.coopinside_days"] == ("de maand juni",)
    french = appendix.Said.of(changed, "fr")
    assert french.parameters["events.coopinside_days"] == ("le mois de juin",)
    assert "loi du 16 mars 1971" in french.parameters["employment.fte"][0]


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_appendix_names_each_file_the_pdf_attaches_the_review_record_too(language):
    later = PARAMS.model_copy(update={"year": PARAMS.year + 1})
    shown = BeautifulSoup(
        _shown(closing.provenance_appendix([], [], later, language)), "html.parser"
    )
    named = [span.get_text() for span in shown.find_all(class_="attached-file")]
    record = Edition(later.year, language).record_file  # of the report's year, in its language
    assert named == ["figures.csv", "params.yaml", "manifest.json", record]
    assert record in ("nazicht-2026.pdf", "verification-2026.pdf")


def _exact_line(figure: Figure) -> str | None:
    """The appendix's line "exact: ..." under ``figure``'s value, as the text prints it."""
    chapters = [
        RenderedChapter("03-dynamiek", Path("-"), "## D\n\n" + mark(figure, figure.printed))
    ]
    _, rows = _appendix_rows(closing.provenance_appendix(chapters, [figure], PARAMS))
    lines = [line.get_text() for line in rows[0][1].find_all(class_="also")]
    return next((" ".join(line.split()) for line in lines if line.startswith("exact")), None)


def _as(figure_id: str, value: float, unit: str, printed: str) -> Figure:
    return dataclasses.replace(FIGURES[0], id=figure_id, value=value, unit=unit, printed=printed)


def test_a_value_the_text_rounds_has_its_exact_value_under_it():
    turnover = _as("activity.turnover_eur", 198437615.4, "EUR", "meer dan 198 miljoen")
    assert _exact_line(turnover) == "exact: 198.437.615 euro"
    share = _as("survey.unemployment_benefit_pct", 28.88, "percent", "bijna 30%")
    assert _exact_line(share) == "exact: 28,88%"
    # Printed exactly, in a word, or a fact whose value is the bound its words give: none.
    assert _exact_line(dataclasses.replace(turnover, printed="198.437.615")) is None
    assert _exact_line(_as("ethics.members_staff", 4, "persons", "vier")) is None
    assert _exact_line(dataclasses.replace(turnover, source="fact")) is None


def test_the_appendix_shows_no_ids_cells_or_files():
    shown = _shown(closing.provenance_appendix(CHAPTERS, FIGURES, PARAMS))
    shown = shown[shown.index("<table") :]
    for technical in (
        "employment.fte",
        "site.area_m2",
        "fte0001",
        "02-bescherming",
        ".csv",
        "review/",
    ):
        assert technical not in shown


def test_a_figure_the_text_does_not_print_follows_its_chapter_without_a_page():
    chapters = [RenderedChapter("04-bescherming", Path("-"), "### Bescherming\n\nGeen cijfers.\n")]
    groups, rows = _appendix_rows(closing.provenance_appendix(chapters, FIGURES, PARAMS))
    assert groups == ["Bescherming", "Cijfers die de tekst niet noemt"]
    assert [row[0].get_text() for row in rows] == [
        "Voltijds equivalenten",  # catalogued under bescherming
        "Oppervlakte van de site Sint-Gillis",  # under ontplooiing, which is not in the text
    ]
    assert [row[3].get_text() for row in rows] == ["—", "—"]  # no page


def test_a_figure_only_a_chart_shows_stands_where_the_chart_does_and_leads_there():
    workers = dataclasses.replace(FIGURES[0], id="employment.workers", unit="persons")
    text = (
        f"### Bescherming\n\nEr waren {mark(workers, '2.274')} werknemers.\n\n"
        "<!-- chart: employment.contracts_per_month -->\n\n"
        f"Een site van {mark(FIGURES[1], 'meer dan 1')} m².\n"
    )
    chapters = [RenderedChapter("04-bescherming", Path("-"), text)]
    chart = ("figuur 3", "chart-employment-contracts_per_month")
    charted = {"employment.fte": chart, "employment.workers": chart}  # the text prints workers
    shown = [workers, *FIGURES]
    _, rows = _appendix_rows(
        closing.closing_chapter(chapters, shown, "", None, PARAMS, "nl", charted)
    )
    # In the order of the page: the text's figure, the chart's, the text's after the chart.
    assert [row[0].get_text() for row in rows] == [
        "Werknemers",
        "Voltijds equivalenten",
        "Oppervlakte van de site Sint-Gillis",
    ]
    assert rows[0][3].find("a")["href"] == "#value-employment-workers"  # in the text: there
    link = rows[1][3].find("a")  # on paper, the chart's page
    assert link["href"] == "#chart-employment-contracts_per_month"
    assert link["aria-label"] == "Voltijds equivalenten, zie figuur 3"
    # On screen, the value leads there, and says which chart it is.
    _, rows = _appendix_rows(
        closing.closing_chapter(chapters, shown, "", None, PARAMS, "nl", charted), "screen"
    )
    assert rows[0][1].a["href"] == "#value-employment-workers"
    assert rows[0][1].a["aria-label"] == "Werknemers: 2.274, zie tekst"
    value = rows[1][1]
    assert value.a["href"] == "#chart-employment-contracts_per_month"
    # The chart named in the link, on a line of its own (a name outside it was not a link).
    assert value.a.get_text() == FIGURES[0].printed + " zie figuur 3"  # the line under it
    assert value.a.find(class_="also").get_text() == "zie figuur 3"
    assert value.a["aria-label"] == f"Voltijds equivalenten: {FIGURES[0].printed}, zie figuur 3"
    # Without the charts, it follows its chapter's figures, with no place to lead to.
    _, rows = _appendix_rows(closing.provenance_appendix(chapters, shown, PARAMS))
    assert rows[-1][0].get_text() == "Voltijds equivalenten" and rows[-1][3].get_text() == "—"
    assert translate("zie {chart}", "fr") == "voir {chart}"


COMPARISON = [
    Difference("training.days", 10, 12.5, "10", "12,5"),
    Difference("activity.advisers", None, 3, "", "3"),
    Difference("z.zero", 0, 0, "0", f"0 {SCRIPT}"),
    Difference("activity.offices", 2000, 1000, "2.000", "1.000"),
]


def test_the_comparison_appendix_prints_changes_and_dashes():
    assert closing.comparison_appendix(COMPARISON, 2026) == (
        "## Bijlage: vergelijking met 2025\n\n"
        "Elk cijfer van 2026 naast dat van het verslag over 2025, met het verschil op de exacte"
        " waarden.\n\n"
        '<table class="comparison">\n<thead><tr><th>Cijfer</th><th>2025</th><th>2026</th>'
        "<th>Verschil</th><th>%</th></tr></thead>\n<tbody>\n"
        "<tr><td>Opleidingsdagen</td><td>10</td><td>12,5</td><td>+2,50</td><td>+25,0%</td></tr>\n"
        "<tr><td>Adviesverleners</td><td>—</td><td>3</td><td>—</td><td>—</td></tr>\n"
        "<tr><td>z.zero (niet meer berekend)</td><td>0</td><td>0 "
        f"{ESCAPED}</td><td>0</td><td>—</td></tr>\n"
        "<tr><td>Kantoren met adviesverleners</td><td>2.000</td><td>1.000</td><td>−1.000</td>"
        "<td>−50,0%</td>"
        "</tr>\n</tbody>\n</table>"
    )


COLOPHON = (
    "Dit verslag werd op 1 januari 2026 gemaakt met sociaal-verslag 0.1.0 (commit {commit}) uit"
    " 2 invoerbestanden (vingerafdruk {fingerprint}). Elk cijfer is in een notebook berekend of,"
    " als vastgesteld cijfer, vastgelegd; de bijlage over de herkomst van de cijfers zegt per"
    " cijfer waar het vandaan komt. De bestanden"
    " die aan de PDF van dit verslag gehecht zijn, geven het technische spoor: figures.csv geeft"
    " het notebook en de cel van elk cijfer, params.yaml de gebruikte parameters en manifest.json"
    " de controlesom van"
    " elk invoerbestand. Het nazicht van de cijfers, ook gehecht, zegt wie elk cijfer en elke"
    " grafiek nakeek en tegen welke sleutel."
)


@pytest.mark.parametrize(
    ("git", "overrides", "commit", "after"),
    [
        (provenance.GitState("0123456789abcdef", False), [], "0123456789", ""),
        (provenance.GitState(None, None), [], "onbekend", ""),
        (
            provenance.GitState("0123456789abcdef", True),
            [f"organisation=SmartCoop {SCRIPT}", "x=1"],
            "0123456789, met niet-vastgelegde wijzigingen",
            " De parameters werden voor deze build aangepast:"
            f" organisation=SmartCoop {SCRIPT}, x=1.",
        ),
    ],
)
def test_the_colophon_says_when_from_which_code_and_inputs(git, overrides, commit, after):
    fingerprint = provenance.inputs_fingerprint(INPUTS)
    expected = COLOPHON.format(commit=commit, fingerprint=fingerprint) + after
    assert provenance.colophon(BUILT, git, INPUTS, overrides, final=True) == expected


DRAFT = " Dit is een concept, niet het verslag dat wordt neergelegd"


@pytest.mark.parametrize(
    ("checked", "changed", "said"),
    [
        (3, 0, "."),  # all checked, but not the build for filing
        (3, 1, ": 1 cijfer is nog niet nagekeken zoals het nu is."),
        (1, 0, ": 2 cijfers zijn nog niet nagekeken zoals ze nu zijn."),
        # None checked: the sentence before says so ("Geen van de 3 cijfers..."), not twice.
        (0, 0, "."),
    ],
)
def test_a_draft_colophon_says_it_is_one_and_how_many_figures_are_unchecked(checked, changed, said):
    git = provenance.GitState("0123456789abcdef", False)
    summary = approval.Summary(3, checked, changed, ("An",) if checked else ())
    draft = provenance.colophon(BUILT, git, INPUTS, [], review=summary)
    assert draft.endswith(DRAFT + said)
    final = provenance.colophon(BUILT, git, INPUTS, [], review=summary, final=True)
    assert DRAFT not in final and draft.startswith(final)
    assert draft.count("3 cijfers") == 1  # the total is said once


@pytest.mark.parametrize(
    ("checked", "changed", "said"),
    [
        (0, 0, "Geen van de 7 grafieken werd nagekeken."),
        (7, 0, "Van de 7 grafieken werden er 7 nagekeken."),
        (1, 1, "Van de 7 grafieken werd er 1 nagekeken; 1 daarvan is sindsdien gewijzigd."),
    ],
)
def test_the_colophon_says_how_many_charts_were_checked(checked, changed, said):
    git = provenance.GitState("0123456789abcdef", False)
    figures = approval.Summary(3, 3, 0, ("An",))
    charts = approval.Summary(7, checked, changed, ("An",) if checked else ())
    colophon = provenance.colophon(BUILT, git, INPUTS, [], review=figures, charts_review=charts)
    assert said in colophon


def test_a_hostile_parameter_in_the_colophon_is_shown_as_text_in_the_report_and_the_index(
    tmp_path,
):
    git = provenance.GitState("0123456789abcdef", True)
    colophon = provenance.colophon(BUILT, git, INPUTS, [f"organisation=SmartCoop {SCRIPT}"])
    chapter = closing.closing_chapter(CHAPTERS, FIGURES, colophon, None, PARAMS)
    provenance_appendix = closing.provenance_appendix(CHAPTERS, FIGURES, PARAMS)
    assert chapter.startswith(provenance_appendix + "\n\n## Colofon\n\n")
    assert chapter.endswith(sanitize.escape_markdown(colophon))
    shown = _shown(chapter)
    assert sanitize.active_content(shown) == []
    assert f"organisation=SmartCoop {ESCAPED}" in shown
    index = review.write_index(
        tmp_path,
        year=2025,
        organisation=f"SmartCoop {SCRIPT}",
        editions=[Edition(2025)],
        colophon=colophon,
        runs=[],
        figures=FIGURES,
        checks=[],
    ).read_text(encoding="utf-8")
    assert sanitize.active_content(index) == []
    assert f"organisation=SmartCoop {ESCAPED}" in index
    assert f"Review 2025 – SmartCoop {ESCAPED}" in index


def test_the_closing_chapter_puts_the_comparison_first_when_there_is_one():
    later = PARAMS.model_copy(update={"year": 2026})
    chapter = closing.closing_chapter(CHAPTERS, FIGURES, "Colofon.", COMPARISON, later)
    assert chapter == (
        closing.comparison_appendix(COMPARISON, 2026)
        + "\n\n"
        + closing.provenance_appendix(CHAPTERS, FIGURES, later)
        + "\n\n## Colofon\n\nColofon\\."
    )


def test_on_the_published_page_a_number_is_plain_text_its_first_occurrence_anchored():
    # Its first occurrence set in a span the page marks when a link lands on it (the PDF's HTML
    # leaves the span out: test_pdf.py), the anchor after it; the others plain text.
    numbers = figure_refs.Resolver({figure.id: figure for figure in FIGURES})
    assert numbers.resolve(CHAPTERS[0].markdown) == (
        f'## Dynamiek\n\nEen site van <span class="figure-value">meer dan {ESCAPED}</span>'
        '<span class="figure-ref" id="value-site-area-m2"></span> m².\n\n### Werk\n\nEr waren'
        ' <span class="figure-value">2.274</span>'
        '<span class="figure-ref" id="value-employment-fte"></span> vte; nog eens 2.274.\n'
    )


def test_in_the_review_edition_a_number_links_to_its_rule_with_a_tooltip_in_words():
    places = {"02-bescherming": {"fte0001": review.CellPlace(2, "Bescherming", 3)}}
    links = review.cell_linker(places, {"employment.fte": "voltijdse equivalenten"})
    numbers = figure_refs.Resolver({figure.id: figure for figure in FIGURES}, links)
    shown = numbers.resolve(CHAPTERS[0].markdown)
    assert (
        '<a class="review-link figure-ref" id="value-employment-fte"'
        ' href="02-bescherming.html#figuur-employment-fte" title="2.274 voltijdse equivalenten —'
        ' berekend in notebook 2 (Bescherming), cel 3">2.274</a> vte; nog eens'
        ' <a class="review-link figure-ref" href="02-bescherming.html#figuur-employment-fte"'
    ) in shown
    assert (
        '<a class="review-link figure-ref" id="value-site-area-m2"'
        ' href="01-x.html#figuur-site-area_m2"'
        f' title="meer dan {ESCAPED} — de cel die het berekende">meer dan {ESCAPED}</a>'
    ) in shown


def test_the_metadata_and_the_attachments_are_described_in_plain_text():
    texts = templating.macros("bijzonder_verslag/metadata.txt.j2")
    organisation = f"SmartCoop {SCRIPT}"
    assert texts.title(2025, organisation) == f"Bijzonder verslag 2025 – {organisation}"
    assert texts.subject(2025, organisation) == (
        f"Bijzonder verslag van {organisation} over het boekjaar 2025 betreffende de erkenning"
        " als sociale onderneming (art. 8:5 WVV; art. 6, § 2, 2e lid KB 28 juni 2019)"
    )
    assert texts.keywords(2025, organisation) == (
        f"{organisation}, bijzonder verslag, sociale onderneming, erkenning, art. 8:5 WVV, 2025"
    )
    assert texts.figures_attachment(2025) == (
        "De cijfers van het verslag 2025: id, waarde, eenheid, gedrukte vorm, notebook, cel,"
        " bronbestanden, regel; de gedrukte vorm en de regel ook in elke andere taal van het"
        " verslag"
    )
    assert texts.params_attachment(2025) == "De parameters van het verslag 2025 zoals gebruikt"


def test_escaping_follows_the_template_name():
    environment = templating.environment()
    assert environment.from_string("{{ value }}").render(value=SCRIPT) == SCRIPT
    html = environment.get_template("bijzonder_verslag/heading.html.j2")
    assert ESCAPED in html.render(heading=Heading(2, SCRIPT, "a"))
    with pytest.raises(jinja2.UndefinedError):
        templating.render("bijzonder_verslag/heading.html.j2")


# --- the checks' words -------------------------------------------------------------------------


def test_each_check_reads_as_before():
    from .test_checks import consistent_inputs

    results = {result.id: result for result in checks.run_all(consistent_inputs())}
    assert [result.description for result in results.values()] == [
        "VTE = werkuren ÷ fte_hours_per_year (afgerond)",
        "leningen sinds de lancering = totaal vorig jaar + uitbetaald dit jaar",
        "KBS-steun: minimum ≤ maximum en aantal × minimum ≤ totaal ≤ aantal × maximum",
        "aandelen uit de enquête liggen tussen 0 en 100 %",
        "geen dividend boven de wettelijke rentevoet (art. 8:5 WVV)",
        "onbezoldigd mandaat van bestuurder",
        "niemand stemt met meer dan het wettelijke maximum van de stemmen",
    ]
    report_params = params.load(2025)[0]
    compliance = report_params.compliance
    assert {key: result.detail for key, result in results.items()} == {
        "fte_matches_hours": (
            f"4492962 / 1976 ({report_params.fte_hours_per_year_source}) = 2273.77 → 2274;"
            " figuur: 2274"
        ),
        "loans_since_launch_add_up": (
            "764553.0 (build 2024) + 236510.0 = 1001063.0; figuur: 1001063.0"
        ),
        "kbs_grants_within_bounds": "15 × 3500.0 ≤ 78910.0 ≤ 15 × 7000.0",
        "survey_shares_are_percentages": (
            "survey.stay_3y_pct = 74, survey.main_activity_pct = 40,"
            " survey.unemployment_benefit_pct = 28.9"
        ),
        "dividend_within_cap": (
            f"uitgekeerd 0 % ≤ maximum 6 % ({report_params.dividend_cap_source});"
            f" bron: {compliance.dividend_rate_pct.source}"
        ),
        "directors_unpaid": (
            f"bezoldiging 0 euro; bron: {compliance.directors_remuneration_eur.source}"
        ),
        "votes_within_cap": (
            f"grootste aandeel {compliance.largest_vote_share_pct.value} % ≤ maximum 10 %"
            f" ({report_params.vote_cap_source}); bron: {compliance.largest_vote_share_pct.source}"
        ),
    }


def test_a_previous_total_from_the_register_says_so():
    from .test_checks import consistent_inputs

    inputs = dataclasses.replace(
        consistent_inputs(), since_launch_previous_register="data/2025/loans.csv"
    )
    assert checks.loans_since_launch_add_up(inputs).detail == (
        "764553.0 (register data/2025/loans.csv tot eind 2024) + 236510.0 = 1001063.0;"
        " figuur: 1001063.0"
    )


def test_an_unknown_previous_total_is_said_in_words():
    from .test_checks import consistent_inputs

    inputs = dataclasses.replace(consistent_inputs(), since_launch_previous_year=None)
    result = checks.loans_since_launch_add_up(inputs)
    assert not result.ok
    assert result.detail == "het totaal van vorig jaar is onbekend (geen build en geen register)"


def _all_but(entry: object) -> str:
    """checks.yaml with the first check's entry replaced by ``entry``."""
    texts = yaml.safe_load(checks.TEXTS_FILE.read_text(encoding="utf-8"))
    return yaml.safe_dump({**texts, "fte_matches_hours": entry}, allow_unicode=True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]\n", ": expected a mapping of check ids to their texts"),
        ("fte_matches_hours: {description: a, detail: b}\n", ": no texts for the check"),
        ("{x: {description: a, detail: b}}\n", ": unknown check 'x'"),
        (_all_but({"description": "a"}), ", fte_matches_hours: expected the keys"),
        (_all_but({"description": "a", "detail": "{{ x"}), ", fte_matches_hours.detail: "),
        (_all_but({"description": 1, "detail": "b"}), ", fte_matches_hours: description and"),
        ("a: [\n", ": not valid YAML"),
    ],
)
def test_a_wrong_checks_file_is_one_line_naming_the_file(tmp_path, text, message):
    path = tmp_path / "checks.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(checks.CheckTextError) as caught:
        checks.texts(path)
    assert len(str(caught.value).splitlines()) == 1
    assert str(caught.value).startswith(path.as_posix() + message)


def test_a_figure_the_text_prints_in_two_forms_shows_both_in_the_appendix():
    chapters = [
        RenderedChapter(
            "03-dynamiek",
            Path("03-dynamiek.md"),
            "## Dynamiek\n\nEr waren "
            + mark(FIGURES[0], "2.274")
            + " vte, "
            + mark(FIGURES[0], "meer dan 2.200")
            + " en "
            + mark(FIGURES[0], "Meer dan 2.200")  # the same form, capitalised: not twice
            + " en weer "
            + mark(FIGURES[0], "2.274")
            + ".\n",
        )
    ]
    _, rows = _appendix_rows(closing.provenance_appendix(chapters, FIGURES[:1], PARAMS))
    value = rows[0][1]
    assert value.get_text() == "2.274 elders in de tekst: meer dan 2.200"
    # the other forms on a line of their own
    assert value.find(class_="also").get_text() == "elders in de tekst: meer dan 2.200"
    # Each form's page in the PDF: the first place the text prints it has an anchor.
    page = rows[0][3]
    hrefs = [link["href"] for link in page.find_all("a", class_="page-ref")]
    assert hrefs == ["#value-employment-fte", "#value-employment-fte-2"]
    resolved = figure_refs.Resolver({FIGURES[0].id: FIGURES[0]}).resolve(chapters[0].markdown)
    anchors = re.findall(r'id="([^"]+)"', resolved)
    assert anchors == ["value-employment-fte", "value-employment-fte-2"]  # once per form


@pytest.mark.parametrize(
    ("value", "tied"),
    [
        # A break allowed after the qualifier only: the value's one breakable space.
        ("meer dan 198 miljoen euro", "meer\u00a0dan 198\u00a0miljoen\u00a0euro"),
        ("meer dan 30.000 per maand", "meer\u00a0dan 30.000\u00a0per\u00a0maand"),
        ("21.509", "21.509"),
        ("een zestigtal", "een zestigtal"),
        ("plus de 16\u202f000 par mois", "plus\u00a0de 16\u202f000\u00a0par\u00a0mois"),
        ("meer dan 2 <b>", "meer\u00a0dan 2\u00a0&lt;b&gt;"),  # the value's text escaped
        # Long words after it: the number keeps the first; the rest may break, never a word.
        ("2.274 voltijds equivalenten", "2.274\u00a0voltijds equivalenten"),
    ],
)
def test_an_appendix_value_keeps_its_number_with_the_words_after_it(value, tied):
    from sociaal_verslag.text import appendix

    assert appendix._tied(value) == tied


def test_the_appendix_shows_a_figure_with_the_words_the_sentence_puts_before_it():
    # "zowat 20.000": the sentence says the figure is not exact; so does the appendix.
    chapters = [
        RenderedChapter(
            "03-dynamiek",
            Path("03-dynamiek.md"),
            "## Dynamiek\n\nDe stem van zowat "
            + mark(FIGURES[0], "2.274")
            + " leden, en (bijna "
            + mark(FIGURES[0], "2.200")
            + ") niet meer dan "
            + mark(FIGURES[0], "meer dan 2.200")  # a printed form with its own words
            + ".\n",
        )
    ]
    _, rows = _appendix_rows(closing.provenance_appendix(chapters, FIGURES[:1], PARAMS))
    shown = " ".join(rows[0][1].get_text().split())
    assert shown == "zowat 2.274 elders in de tekst: bijna 2.200, meer dan 2.200"


def test_a_line_under_a_value_starts_at_its_first_word_once_typeset():
    language = "nl"
    # "plus de 200 000 exactement" (any language's tie of a number to the word after it): the
    # no-break space then stood at the start of the line under the value, an indent.
    invoices = _as("invoicing.invoices", 204318, "count", "meer dan 200.000")
    chapters = [
        RenderedChapter("03-dynamiek", Path("-"), "## D\n\n" + mark(invoices, "meer dan 200.000"))
    ]
    shown = _shown(closing.provenance_appendix(chapters, [invoices], PARAMS, language))
    soup = BeautifulSoup(typography.typeset(shown, language), "html.parser")
    lines = soup.find_all("span", class_="also")
    assert lines
    for line in lines:
        assert not line.get_text()[0].isspace(), line
        before = line.previous_sibling
        assert not (isinstance(before, str) and before[-1:].isspace()), line
