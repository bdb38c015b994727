"""The words and markup of the report live in templates: each renders what the report printed
before for a small input, and every value is escaped for where it lands."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import jinja2
import pytest
import yaml
from nbconvert.filters.markdown import markdown2html

from sociaal_verslag import checks, params, provenance, report, review, sanitize, templating
from sociaal_verslag.diff import Difference
from sociaal_verslag.figures import Figure
from sociaal_verslag.report import HEADING, Heading

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
        inputs=("data/2025/a.csv", "data/2025/b.csv"),
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
        '<nav class="toc" id="inhoud">\n<h2 class="toc-title">Inhoud</h2>\n<ul>\n'
        '<li class="toc-level-2"><a href="#dynamiek-groei">'
        f"Dynamiek &amp; groei {ESCAPED}</a></li>\n"
        '<li class="toc-level-3"><a href="#sub">Sub</a></li>\n</ul>\n</nav>'
    )


def test_quotes_in_a_heading_reach_the_page_as_before():
    # Jinja writes &#39; where html.escape wrote &#x27;: the sanitizer makes both the same text.
    template = _shown(report._toc_cell([Heading(2, "Sub 'a' \"b\"", "sub")]).source)
    before = (
        '<nav class="toc" id="inhoud">\n<h2 class="toc-title">Inhoud</h2>\n<ul>\n'
        '<li class="toc-level-2"><a href="#sub">Sub &#x27;a&#x27; &quot;b&quot;</a></li>\n'
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


PROVENANCE = (
    "## Bijlage: herkomst van de cijfers\n\n"
    "Elk cijfer van dit verslag, zoals het gedrukt staat, met het notebook en de cel die het"
    " berekende en de bestanden die die cel las. De notebooks staan uitgevoerd in de map"
    " review/ naast dit verslag.\n\n"
    '<table class="provenance">\n<thead><tr><th>Cijfer</th><th>Gedrukt</th>'
    "<th>Notebook</th><th>Cel</th><th>Bronnen</th></tr></thead>\n<tbody>\n"
    "<tr><td>employment.<wbr>fte</td><td>2.274</td><td>02-bescherming</td>"
    '<td><a class="review-link cell-ref" href="review/02-bescherming.html#cell-id=fte0001">'
    "fte0001</a></td><td>data/2025/a.csv, data/2025/b.csv</td></tr>\n"
    f"<tr><td>site.<wbr>area_m2</td><td>meer dan {ESCAPED}</td><td>01-x</td>"
    '<td><a class="review-link cell-ref" href="review/01-x.html#cell-id=c&amp;1">c&amp;1</a>'
    f"</td><td>params {ESCAPED}</td></tr>\n</tbody>\n</table>"
)


def test_the_provenance_appendix_lists_every_figure_escaped():
    assert report.provenance_appendix(list(reversed(FIGURES))) == PROVENANCE


COMPARISON = [
    Difference("a.b.c", 10, 12.5, "10", "12,5"),
    Difference("n.new", None, 3, "", "3"),
    Difference("z.zero", 0, 0, "0", f"0 {SCRIPT}"),
    Difference("d.down", 2000, 1000, "2.000", "1.000"),
]


def test_the_comparison_appendix_prints_changes_and_dashes():
    assert report.comparison_appendix(COMPARISON, 2026) == (
        "## Bijlage: vergelijking met 2025\n\n"
        "Elk cijfer van 2026 naast dat van het verslag over 2025, met het verschil op de exacte"
        " waarden.\n\n"
        '<table class="comparison">\n<thead><tr><th>Cijfer</th><th>2025</th><th>2026</th>'
        "<th>Verschil</th><th>%</th></tr></thead>\n<tbody>\n"
        "<tr><td>a.<wbr>b.<wbr>c</td><td>10</td><td>12,5</td><td>+2,50</td><td>+25,0 %</td></tr>\n"
        "<tr><td>n.<wbr>new</td><td>—</td><td>3</td><td>—</td><td>—</td></tr>\n"
        f"<tr><td>z.<wbr>zero</td><td>0</td><td>0 {ESCAPED}</td><td>0</td><td>—</td></tr>\n"
        "<tr><td>d.<wbr>down</td><td>2.000</td><td>1.000</td><td>−1.000</td><td>−50,0 %</td>"
        "</tr>\n</tbody>\n</table>"
    )


COLOPHON = (
    "Dit verslag werd op 1 januari 2026 gemaakt met sociaal-verslag 0.1.0 (commit {commit}) uit"
    " 2 invoerbestanden (vingerafdruk {fingerprint}). Elk cijfer is berekend in een notebook; de"
    " bijlage hierboven noemt het notebook, de cel en de gebruikte bestanden, en manifest.json"
    " de controlesom van elk invoerbestand."
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
    assert provenance.colophon(BUILT, git, INPUTS, overrides) == expected


def test_a_hostile_parameter_in_the_colophon_is_shown_as_text_in_the_report_and_the_index(
    tmp_path,
):
    git = provenance.GitState("0123456789abcdef", True)
    colophon = provenance.colophon(BUILT, git, INPUTS, [f"organisation=SmartCoop {SCRIPT}"])
    closing = report.closing_chapter(FIGURES, colophon, None, 2025)
    assert closing.startswith(PROVENANCE + "\n\n## Colofon\n\n")
    assert closing.endswith(sanitize.escape_markdown(colophon))
    shown = _shown(closing)
    assert sanitize.active_content(shown) == []
    assert f"organisation=SmartCoop {ESCAPED}" in shown
    index = review.write_index(
        tmp_path,
        year=2025,
        organisation=f"SmartCoop {SCRIPT}",
        report_file="verslag.html",
        colophon=colophon,
        runs=[],
        figures=FIGURES,
        checks=[],
    ).read_text(encoding="utf-8")
    assert sanitize.active_content(index) == []
    assert f"organisation=SmartCoop {ESCAPED}" in index
    assert f"Review 2025 – SmartCoop {ESCAPED}" in index


def test_the_closing_chapter_puts_the_comparison_first_when_there_is_one():
    closing = report.closing_chapter(FIGURES, "Colofon.", COMPARISON, 2026)
    assert closing == (
        report.comparison_appendix(COMPARISON, 2026)
        + "\n\n"
        + PROVENANCE
        + "\n\n## Colofon\n\nColofon\\."
    )


def test_a_figure_links_to_its_cell_with_its_id_on_hover():
    assert review.figure_link(FIGURES[0], "2.274") == (
        '<a class="review-link figure-ref" href="review/02-bescherming.html#cell-id=fte0001"'
        ' title="employment.fte = 2274 · 02-bescherming, cel fte0001">2.274</a>'
    )
    assert review.figure_link(FIGURES[1], f"meer dan {SCRIPT}") == (
        '<a class="review-link figure-ref" href="review/01-x.html#cell-id=c&amp;1"'
        f' title="site.area_m2 = 1.5 · 01-x, cel c&amp;1">meer dan {ESCAPED}</a>'
    )


def test_the_metadata_and_the_attachments_are_described_in_plain_text():
    texts = templating.macros("bijzonder_verslag/metadata.txt.j2")
    organisation = f"SmartCoop {SCRIPT}"
    assert texts.title(2025, organisation) == f"Bijzonder verslag 2025 – {organisation}"
    assert texts.subject(2025, organisation) == (
        f"Bijzonder verslag van {organisation} over het boekjaar 2025 betreffende de erkenning"
        " als sociale onderneming (art. 8:5 WVV; art. 6, §2, 2e lid KB 28 juni 2019)"
    )
    assert texts.keywords(2025, organisation) == (
        f"{organisation}, bijzonder verslag, sociale onderneming, erkenning, art. 8:5 WVV, 2025"
    )
    assert texts.figures_attachment(2025) == (
        "De cijfers van het verslag 2025: id, waarde, eenheid, gedrukte vorm, notebook, cel,"
        " bronbestanden, regel"
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
        "niemand stemt met meer dan een tiende van de stemmen",
    ]
    report_params = params.load(2025)[0]
    compliance = report_params.compliance
    assert {key: result.detail for key, result in results.items()} == {
        "fte_matches_hours": "4492962 / 1976 = 2273.77 → 2274; figuur: 2274",
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
        "votes_within_one_tenth": (
            f"grootste aandeel {compliance.largest_vote_share_pct.value} % ≤ 10 %;"
            f" bron: {compliance.largest_vote_share_pct.source}"
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
