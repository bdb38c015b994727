"""The charts in French: French words, months and numbers on every drawing and no Dutch word;
every word a chart can print translated in ``locale/fr/charts.po`` and nothing else there; the
captions with the Dutch captions' placeholders; each chart carried to the build in French."""

from __future__ import annotations

import re
from dataclasses import replace
from string import Formatter

import jinja2
import nbformat
import pytest
from babel.messages.pofile import read_po

from sociaal_verslag import metrics
from sociaal_verslag.charts import drawings as charts
from sociaal_verslag.charts import parts
from sociaal_verslag.figures import catalogue
from sociaal_verslag.figures import records as figures
from sociaal_verslag.figures.records import CHART_METADATA_KEY, NARROW_SVG_MIME, svg_mime
from sociaal_verslag.language import formatting, styles, translations
from sociaal_verslag.language.translations import CHARTS_CATALOGUE, LOCALE_DIR
from sociaal_verslag.notebook import calls as notebook
from sociaal_verslag.year import params

from .chart_drawings import every_drawing, recorded
from .conftest import recorded_reads
from .svg_text import svg_lines, view_box

FRENCH = "fr"
BOTH = params.load(2025)[0]
"""The 2025 parameters: charts drawn in Dutch and French."""
DUTCH_ONLY = BOTH.model_copy(update={"languages": ["nl"]})
CATALOGUE_FILE = LOCALE_DIR / FRENCH / CHARTS_CATALOGUE
NBSP, NNBSP = "\u00a0", "\u202f"

MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin"]
MONTHS += ["juil.", "août", "sept.", "oct.", "nov.", "déc."]
"""The French months as a French chart names them (CLDR fr_BE, abbreviated)."""

AXIS_LABELS = {
    "financing.loans_per_month": ("mois", "montant (euros)"),
    "financing.disbursed_per_year": ("année du versement", "montant versé (euros)"),
    "employment.contracts_per_month": ("mois de début", "contrats"),
    "survey.satisfaction_distribution": (
        f"score (0{NBSP}={NBSP}pas du tout satisfait, 10{NBSP}={NBSP}pleinement satisfait)",
        "% des répondants",
    ),
    "events.per_month": ("mois", "événements"),
    "smartlabs.hours_per_group": ("heures de rencontre cumulées", ""),  # the names say "groupe"
    "cyber.blocks_per_month": ("mois", "bloquées par mois"),
}
"""Each chart's x and y axis labels on the desktop page in French ('': none shown)."""

MONTH_CHARTS = sorted(chart_id for chart_id, (x, _) in AXIS_LABELS.items() if "mois" in x)


@pytest.fixture(scope="module", autouse=True)
def style():
    charts.apply_style()


@pytest.fixture(scope="module")
def drawings(registers_2025) -> dict[str, charts.Drawing]:
    """Every chart with last year beside this year where it shows it: every word it prints."""
    return every_drawing(registers_2025, last_year=True)


def _lines(drawing: charts.Drawing, layout: charts.Layout) -> list[str]:
    return svg_lines(drawing.svg(layout, FRENCH))


def _po_entries() -> list:
    with CATALOGUE_FILE.open("rb") as handle:
        return [message for message in read_po(handle) if message.id]


def _unit_nouns() -> set[str]:
    with (CATALOGUE_FILE.parent / "units.po").open("rb") as handle:
        return {_forms(message.id)[0] for message in read_po(handle) if message.id}


def _forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    return text if isinstance(text, tuple) else (text,)


def _words(texts) -> set[str]:
    """The words of texts, without the fields a chart or a caption fills in ({year}, {{ year }})."""
    plain = [re.sub(r"\{\{.*?\}\}|\{\w*\}", " ", text) for text in texts]
    return {word for text in plain for word in re.findall(r"[^\W\d_]+", text)}


SHARED = {"CoopInside", "Let", "s", "meet", "SmartLab", "antivirus", "phishing", "score"}
SHARED |= {"n", "de", "en", "nov"}
"""The words of the Dutch chart texts that French prints too: names, words both languages use,
and Dutch words that are also French words ('de', 'en', 'nov' of 'nov.')."""


def _dutch_words() -> set[str]:
    """The words of the Dutch chart texts and months that a French chart must not print:
    'maand', 'leningen', 'mrt'..."""
    dutch = [form for entry in _po_entries() for form in _forms(entry.id)]
    return _words([*dutch, *parts.month_names()]) - SHARED


def test_the_words_both_languages_print_are_in_both():
    entries = _po_entries()
    dutch = _words([form for entry in entries for form in _forms(entry.id)])
    dutch |= _words(parts.month_names())
    french = _words([form for entry in entries for form in _forms(entry.string)] + MONTHS)
    assert dutch & french == SHARED


# --- what a French drawing says -----------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda layout: layout.name)
@pytest.mark.parametrize("chart_id", sorted(AXIS_LABELS))
def test_a_french_chart_prints_no_dutch_word(drawings, chart_id, layout):
    dutch = _dutch_words()
    assert {"maand", "leningen", "gemiddelde", "mrt", "dreigingen", "andere"} <= dutch
    lines = _lines(drawings[chart_id], layout)
    assert _words(lines) & dutch == set(), lines


@pytest.mark.build
@pytest.mark.parametrize("chart_id", sorted(AXIS_LABELS))
def test_a_french_chart_labels_its_axes_in_french(drawings, chart_id):
    lines = _lines(drawings[chart_id], charts.WIDE)
    x_label, y_label = AXIS_LABELS[chart_id]
    assert x_label in lines and (y_label in lines or not y_label), lines


@pytest.mark.build
@pytest.mark.parametrize("chart_id", MONTH_CHARTS)
def test_a_french_month_axis_names_the_french_months(drawings, chart_id):
    assert parts.month_names(FRENCH) == tuple(MONTHS)
    # All twelve, on the page and on a phone (standing up there: "janv." and "févr." side by
    # side do not fit), as the Dutch charts.
    for layout in charts.LAYOUTS:
        lines = _lines(drawings[chart_id], layout)
        assert [line for line in lines if line in MONTHS] == MONTHS, layout.name


def test_french_amounts_are_french_numbers_and_the_axis_says_euros(drawings):
    wide = _lines(drawings["financing.loans_per_month"], charts.WIDE)
    assert not any("€" in line for line in wide)  # one euro style: the word, as the text
    assert f"40{NNBSP}000" in wide and "montant (euros)" in wide
    narrow = _lines(drawings["financing.loans_per_month"], charts.NARROW)
    assert "montant (milliers d’euros)" in narrow
    assert {"accordé en 2025", "versé en 2025", "accordé en 2024", "versé en 2024"} <= set(wide)


def test_the_loans_per_year_chart_counts_french_loans(drawings):
    drawing = drawings["financing.disbursed_per_year"]
    assert {"57 prêts", "70 prêts"} <= set(_lines(drawing, charts.WIDE))
    narrow = _lines(drawing, charts.NARROW)
    assert f"sur chaque barre{NBSP}:" in narrow and "nombre de prêts" in narrow


def test_the_survey_chart_prints_french_percentages_and_the_recorded_mean(registers_2025):
    responses = registers_2025["survey_responses"]
    survey = recorded(metrics.survey.responses(responses, 2025))
    lines = _lines(charts.satisfaction_distribution(responses, 2025, survey), charts.WIDE)
    assert f"25{NBSP}%" in lines
    mean = survey["survey.satisfaction_mean"]
    assert lines[lines.index("moyenne") + 1] == styles.render(mean.value, "decimal1", FRENCH)
    respondents = formatting.integer(survey["survey.responses"].value, FRENCH)
    assert f"n = {respondents} répondants" in lines
    # The mean it is given, printed as the French text prints it: 7,45 -> "7,5" (half up).
    given = {**survey, "survey.satisfaction_mean": replace(mean, value=7.45, printed="7,5")}
    lines = _lines(charts.satisfaction_distribution(responses, 2025, given), charts.WIDE)
    assert lines[lines.index("moyenne") + 1] == "7,5"


def test_a_count_of_one_takes_the_singular(registers_2025):
    responses = registers_2025["survey_responses"]
    survey = recorded(metrics.survey.responses(responses, 2025))
    one = {**survey, "survey.responses": replace(survey["survey.responses"], value=1)}
    drawing = charts.satisfaction_distribution(responses, 2025, one)
    assert "n = 1 répondant" in _lines(drawing, charts.WIDE)
    assert "n = 1 respondent" in svg_lines(drawing.svg(charts.WIDE))


def test_the_events_chart_names_the_kinds_and_last_year_in_french(drawings):
    lines = _lines(drawings["events.per_month"], charts.WIDE)
    # Each kind in the key with its count over the year.
    kinds = {re.sub(r" \(\d+\)$", "", line) for line in lines if re.search(r" \(\d+\)$", line)}
    assert {"ateliers", "conférences", "assemblée générale", "autres"} <= kinds
    assert "total en 2024" in lines
    assert f"n = 300 événements en{NBSP}2025" in lines


@pytest.mark.build
def test_the_security_chart_labels_each_average_in_french(drawings):
    wide = _lines(drawings["cyber.blocks_per_month"], charts.WIDE)
    assert f"moyenne{NBSP}: 30{NNBSP}451 par mois" in wide  # on one line, above the panel
    assert {"menaces (antivirus)", "menaces (pare-feu)"} <= set(wide)
    narrow = _lines(drawings["cyber.blocks_per_month"], charts.NARROW)
    assert f"moyenne{NBSP}:" in narrow and f"30{NNBSP}451 par mois" in narrow


# --- the catalogue: every word a chart asks for, and nothing else --------------------------------


@pytest.fixture(scope="module")
def asked_for(registers_2025) -> set[str]:
    """Every Dutch text the charts and their captions ask the French catalogue for, drawn as the
    notebooks draw them (with and without last year, in both layouts)."""
    asked: set[str] = set()
    lookup = translations._message

    def spy(text: str, language: str):
        asked.add(text)
        return lookup(text, language)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(translations, "_message", spy)
        patch.setattr(notebook, "display", lambda *args, **kwargs: None)
        for last_year in (False, True):
            for chart_id, drawing in every_drawing(registers_2025, last_year).items():
                notebook.chart(chart_id, drawing, BOTH)
    return asked


@pytest.mark.build
def test_every_word_a_chart_asks_for_is_in_the_charts_catalogue(asked_for):
    # Drawing every chart in French did not raise: each of these has a translation. A unit's
    # noun ("euros" on an axis) is the units catalogue's, as in the appendix.
    in_file = {_forms(entry.id)[0] for entry in _po_entries()}
    assert asked_for - in_file - _unit_nouns() == set()


@pytest.mark.build
def test_the_charts_catalogue_holds_no_unused_word(asked_for):
    in_file = {_forms(entry.id)[0] for entry in _po_entries()}
    assert in_file - asked_for == set()


def test_the_charts_catalogue_is_french_with_its_plural_rule():
    with CATALOGUE_FILE.open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale) == "fr_BE"
    assert catalog.plural_forms == "nplurals=2; plural=(n > 1);"
    assert not [entry.id for entry in catalog if entry.id and entry.fuzzy]


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in Formatter().parse(text) if name is not None)


def test_a_translation_keeps_the_fields_the_chart_fills_in():
    for entry in _po_entries():
        ids = _forms(entry.id)
        for form in _forms(entry.string):
            assert _fields(form) == _fields(ids[0]) == _fields(ids[-1]), entry.id


def _placeholders(template: str) -> list[str]:
    return sorted(re.findall(r"\{\{.*?\}\}", template))


@pytest.mark.parametrize("chart_id", sorted(catalogue.charts()))
def test_a_french_caption_has_the_dutch_captions_placeholders(chart_id):
    dutch = catalogue.charts()[chart_id].caption
    french = translations.translate(dutch, FRENCH)
    assert french != dutch
    assert _placeholders(french) == _placeholders(dutch)
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    rendered = environment.from_string(french).render(year=2025)
    assert "2025" in rendered and "{" not in rendered
    assert _words([rendered]) & _dutch_words() == set()


# --- the notebook output and the build ----------------------------------------------------------


def _shown(monkeypatch, *args, **kwargs) -> tuple[dict, dict]:
    shown: list[tuple[dict, dict]] = []
    monkeypatch.setattr(
        notebook, "display", lambda data, metadata, raw: shown.append((data, metadata))
    )
    notebook.chart(*args, **kwargs)
    (output,) = shown
    return output


@pytest.mark.build
def test_a_chart_output_carries_each_language_beside_the_dutch(monkeypatch, drawings):
    drawing = drawings["events.per_month"]
    data, metadata = _shown(monkeypatch, "events.per_month", drawing, BOTH)
    assert data["image/svg+xml"] == drawing.svg(charts.WIDE)
    assert data[NARROW_SVG_MIME] == drawing.svg(charts.NARROW)
    assert data[svg_mime(FRENCH)] == drawing.svg(charts.WIDE, FRENCH)
    assert data[svg_mime(FRENCH, narrow=True)] == drawing.svg(charts.NARROW, FRENCH)
    meta = metadata[CHART_METADATA_KEY]
    assert meta["caption"] == "Evenementen van het coöperatieve leven in 2025, per maand en soort."
    assert meta["captions"] == {
        FRENCH: "Événements de la vie coopérative en 2025, par mois et par type."
    }
    dutch_only, _ = _shown(monkeypatch, "events.per_month", drawing, DUTCH_ONLY)
    assert set(dutch_only) == {"image/svg+xml", NARROW_SVG_MIME, "text/plain"}


@pytest.mark.build
def test_a_chart_is_drawn_in_the_languages_of_the_parameters(monkeypatch, drawings):
    year_params = notebook.setup(2025, "params/2025.yaml")
    assert FRENCH in year_params.languages
    data, metadata = _shown(
        monkeypatch, "events.per_month", drawings["events.per_month"], year_params
    )
    assert svg_mime(FRENCH) in data and FRENCH in metadata[CHART_METADATA_KEY]["captions"]


@pytest.mark.build
def test_the_build_collects_a_chart_output_in_french(monkeypatch, drawings, tmp_path):
    drawing = drawings["survey.satisfaction_distribution"]
    data, metadata = _shown(monkeypatch, "survey.satisfaction_distribution", drawing, BOTH)
    cell = nbformat.v4.new_code_cell("chart(...)")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
    notebook_file = tmp_path / "02-x.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), notebook_file)
    (chart,) = figures.collect(notebook_file)[1]
    french = chart.in_language(FRENCH)
    assert french.svg == drawing.svg(charts.WIDE, FRENCH)
    assert french.narrow_svg == drawing.svg(charts.NARROW, FRENCH)
    assert french.caption == metadata[CHART_METADATA_KEY]["captions"][FRENCH]
    assert chart.svg == drawing.svg(charts.WIDE)


def test_a_build_has_every_chart_in_french(build_2025):
    # The notebooks draw each chart in every language of params/2025.yaml (nl, fr).
    review = build_2025.output_dir / "review"
    built = [chart for path in sorted(review.glob("*.ipynb")) for chart in figures.collect(path)[1]]
    assert sorted(chart.id for chart in built) == sorted(catalogue.charts())
    for chart in built:
        french = chart.in_language(FRENCH)
        assert french.caption == jinja2.Template(
            translations.translate(catalogue.charts()[chart.id].caption, FRENCH)
        ).render(year=2025)
        assert view_box(french.svg)[0] == pytest.approx(charts.WIDE.width_pt)
        assert view_box(french.narrow_svg)[0] == pytest.approx(charts.NARROW.width_pt)
        lines = svg_lines(french.svg) + svg_lines(french.narrow_svg)
        assert AXIS_LABELS[chart.id][1] in lines or not AXIS_LABELS[chart.id][1]
        assert _words(lines) & _dutch_words() == set(), chart.id


def test_a_change_to_the_chart_words_draws_the_charts_again(build_2025, build_cache):
    # Every kernel that draws a chart reads the catalogue: it keys the notebook's run.
    files = recorded_reads(build_2025, build_cache, "03-erkenning")["files"]
    assert str(CATALOGUE_FILE) in files
