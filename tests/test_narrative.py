"""Placeholders in the narrative: filled from figures, checked before anything renders, and
unable to do anything but print figures (the chapters are edited by non-programmers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sociaal_verslag.figures.catalogue import CATALOGUE
from sociaal_verslag.figures.records import Chart, make_figures
from sociaal_verslag.text import narrative
from sociaal_verslag.year import params

FIGURES = {
    figure.id: figure
    for figure in make_figures(
        {
            "employment.workers": 21509,
            "survey.responses": 2237,
            "cyber.av_threats_monthly": 30412.5,
            "financing.loans_granted.count": 67,
            "pvcb.studies": 1,
            "pvcb.films": 2,
            "training.days": 90.5,
            "ethics.topics": 1,
        }
    )
}
CHARTS = {"financing.loans_per_month": Chart("financing.loans_per_month", "Leningen", "<svg/>")}


@pytest.fixture(scope="module")
def report_params() -> params.ReportParams:
    return params.load(2025)[0]


def _chapters(tmp_path: Path, **texts: str) -> list[Path]:
    """The chapters' files, in the order given."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    files = [tmp_path / f"{name}.md" for name in texts]
    for path, text in zip(files, texts.values(), strict=True):
        path.write_text(text, encoding="utf-8")
    return files


def test_placeholders_are_filled_with_printed_forms(tmp_path, report_params):
    files = _chapters(
        tmp_path,
        **{
            "01-a": "In {{ year }} werkten {{ employment.workers }} personen; "
            "{{ financing.loans_granted.count }} leningen. Artikel {{ statute.purpose }}.\n",
            "02-b": "- {{ cyber.av_threats_monthly | capitalize }} dreigingen\n"
            "vulden {{ survey.responses }} leden, {{ survey.responses | benaderd }} vennoten "
            '(vorig jaar: {{ year - 1 }})\n\n{{ chart("financing.loans_per_month") }}\n',
        },
    )
    rendered = narrative.render(files, FIGURES, CHARTS, report_params)
    first, second = (chapter.markdown for chapter in rendered.chapters)
    assert first == "In 2025 werkten 21.509 personen; 67 leningen. Artikel 3.\n"
    assert "- Meer dan 30.000 dreigingen" in second
    assert "vulden 2.237 leden, meer dan 2.200 vennoten (vorig jaar: 2024)" in second
    assert "<!-- chart: financing.loans_per_month -->" in second
    assert rendered.unused_figures == [
        "ethics.topics",
        "pvcb.films",
        "pvcb.studies",
        "training.days",
    ]
    assert rendered.used_charts == ["financing.loans_per_month"]


def test_a_statute_article_is_cited_in_the_editions_language(tmp_path, report_params):
    files = _chapters(tmp_path, **{"01-a": "{{ statute.name_and_form }}/{{ statute.purpose }}\n"})
    assert report_params.statute.name_and_form == 1  # the article French cites as an ordinal
    french = narrative.render(files, FIGURES, CHARTS, report_params, language="fr")
    dutch = narrative.render(files, FIGURES, CHARTS, report_params)
    assert french.chapters[0].markdown == "1er/3\n"
    assert dutch.chapters[0].markdown == "1/3\n"


def test_unknown_ids_are_errors_that_name_file_and_line(tmp_path, report_params):
    files = _chapters(
        tmp_path,
        **{
            "01-a": "regel een\n{{ employment.worker }} en {{ statute.article_99 }}\n"
            '{{ chart("employment.missing") }}\n{{ jaar }}\n',
        },
    )
    with pytest.raises(narrative.NarrativeError) as caught:
        narrative.render(files, FIGURES, CHARTS, report_params)
    message = str(caught.value)
    assert "01-a.md:2: unknown figure id 'employment.worker'" in message
    assert "01-a.md:2: unknown statute article 'statute.article_99'" in message
    assert "01-a.md:3: unknown chart 'employment.missing'" in message
    assert "01-a.md:4: unknown name 'jaar'" in message


def test_syntax_error_names_file_and_line(tmp_path, report_params):
    files = _chapters(tmp_path, **{"01-a": "een\ntwee {{ employment.workers \n"})
    with pytest.raises(narrative.NarrativeError, match=r"01-a\.md:2: placeholder syntax"):
        narrative.render(files, FIGURES, CHARTS, report_params)


def test_unused_figures_are_reported(tmp_path, report_params):
    files = _chapters(tmp_path, **{"01-a": "{{ employment.workers }}\n"})
    rendered = narrative.render(files, FIGURES, CHARTS, report_params)
    assert rendered.unused_figures == sorted(set(FIGURES) - {"employment.workers"})
    assert rendered.unused_charts == ["financing.loans_per_month"]


def test_a_variant_the_figure_does_not_have_is_an_error(tmp_path, report_params):
    files = _chapters(tmp_path, **{"01-a": "{{ employment.workers | benaderd }}\n"})
    with pytest.raises(narrative.NarrativeError, match=r"01-a\.md:1: .*no printed form 'benaderd'"):
        narrative.render(files, FIGURES, CHARTS, report_params)


def test_the_chapters_come_in_the_order_given(tmp_path, report_params):
    files = _chapters(tmp_path, **{"02-b": "twee\n", "01-a": "een\n"})
    rendered = narrative.render(files, FIGURES, CHARTS, report_params)
    assert [chapter.name for chapter in rendered.chapters] == ["02-b", "01-a"]


# --- nouns agree with their count --------------------------------------------------------------


def _render_one(tmp_path: Path, report_params, text: str) -> str:
    files = _chapters(tmp_path, **{"01-a": text})
    return narrative.render(files, FIGURES, CHARTS, report_params).chapters[0].markdown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{{ pvcb.studies | aantal("studie", "studies") }}', "1 studie"),
        ('{{ pvcb.films | aantal("film", "films") }}', "2 films"),
        ('{{ pvcb.films | aantal("film", "films") | capitalize }}', "2 films"),
        ('{{ training.days | aantal("dag", "dagen") }} opleiding', "90,5 dagen opleiding"),
        ('{{ ethics.topics | aantal("onderwerp", "onderwerpen") }}', "één onderwerp"),
        ('{{ ethics.topics | aantal("onderwerp", "onderwerpen") | capitalize }}', "Één onderwerp"),
    ],
)
def test_a_noun_agrees_with_the_number_as_printed(tmp_path, report_params, text, expected):
    assert _render_one(tmp_path, report_params, text + "\n") == expected + "\n"


def test_the_noun_stays_outside_the_link_to_the_cell(tmp_path, report_params):
    files = _chapters(tmp_path, **{"01-a": '{{ pvcb.films | aantal("film", "films") }}\n'})
    rendered = narrative.render(
        files, FIGURES, CHARTS, report_params, link=lambda figure, text: f"[{text}]"
    )
    assert rendered.chapters[0].markdown == "[2] films\n"


@pytest.mark.parametrize(
    "text",
    [
        '{{ pvcb.films | aantal("film") }}',
        "{{ pvcb.films | aantal(film, films) }}",
        '{{ pvcb.films | aantal("film", "films", "x") }}',
        '{{ pvcb.films | aantal(one="film", other="films") }}',
    ],
)
def test_the_noun_filter_takes_exactly_two_quoted_forms(tmp_path, report_params, text):
    files = _chapters(tmp_path, **{"01-a": f"een\n{text}\n"})
    with pytest.raises(narrative.NarrativeError, match=r"01-a\.md:2: "):
        narrative.render(files, FIGURES, CHARTS, report_params)


# --- the sandbox: a placeholder cannot run code ---------------------------------------------


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ lipsum.__globals__['os'].system('touch MARKER') }}",
    "{{ self.__init__.__globals__ }}",
    "{{ namespace() }}",
    "{{ range(10) }}",
    "{{ employment.workers.figure.value }}",
    "{{ employment.workers.__class__ }}",
    "{{ employment.workers | attr('figure') }}",
    "{{ employment.workers | map('x') }}",
    "{{ statute.purpose.__class__ }}",
    "{{ year.__class__.__mro__ }}",
    "{{ year.bit_length() }}",
    "{{ year * 1000 }}",
    "{{ year - 1000 }}",
    "{{ 7 * 7 }}",
    "{{ 'tekst' }}",
    "{{ employment['workers'] }}",
    "{{ employment.workers if year else year }}",
    "{{ employment.workers ~ year }}",
    '{{ chart("financing.loans_per_month") | capitalize }}',
    "{{ chart(year) }}",
    "{{ employment.workers is defined }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "{% set x = 1 %}",
    "{% include 'README.md' %}",
    "{% if year %}x{% endif %}",
]


@pytest.mark.parametrize("text", ESCAPES)
def test_anything_but_a_documented_placeholder_is_refused_with_file_and_line(
    tmp_path, report_params, text, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    files = _chapters(tmp_path / "tekst", **{"01-a": f"Eerste regel.\n\n{text}\n"})
    with pytest.raises(narrative.NarrativeError) as caught:
        narrative.render(files, FIGURES, CHARTS, report_params)
    assert "01-a.md:3: " in str(caught.value)
    # ...and nothing of it ran, at render time or at check time.
    with pytest.raises(narrative.NarrativeError):
        narrative.check(files, CATALOGUE, CHARTS)
    assert not (tmp_path / "MARKER").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Een <b>vette</b> tekst.", "raw HTML is not allowed in the text, got '<b>'"),
        ("<script>alert(1)</script>", "raw HTML is not allowed in the text, got '<script>"),
        ('Zie <img src="x" onerror="alert(1)">.', "raw HTML is not allowed"),
        ("Zie [hier](javascript:alert(1)).", "a link must start with http://, https://, mailto:"),
        ("Zie [hier](data:text/html,x).", "a link must start with"),
        ("![logo](https://example.org/logo.png)", "images are not allowed in the text"),
    ],
)
def test_markup_other_than_markdown_is_refused_with_file_and_line(
    tmp_path, report_params, text, expected
):
    files = _chapters(tmp_path, **{"01-a": f"Eerste regel.\n\n{text}\n"})
    with pytest.raises(narrative.NarrativeError) as caught:
        narrative.check(files, CATALOGUE, CHARTS)
    assert f"01-a.md:3: {expected}" in str(caught.value)


def test_links_to_the_web_and_autolinks_are_allowed(tmp_path, report_params):
    text = "Zie <https://guide.smart.coop/> en [de gids](https://guide.smart.coop/nl) of mailto.\n"
    assert _render_one(tmp_path, report_params, text) == text


def test_a_chapter_not_in_utf8_is_refused_with_its_line_before_anything_renders(tmp_path):
    (tmp_path / "01-a.md").write_bytes("regel een\nIn 2025 was het één jaar\n".encode("cp1252"))
    with pytest.raises(narrative.NarrativeError) as caught:
        narrative.check([tmp_path / "01-a.md"], CATALOGUE, CHARTS)
    assert "01-a.md:2: not UTF-8 text (byte 0xe9); save the chapter as UTF-8" in str(caught.value)


def test_the_check_before_the_notebooks_needs_only_the_catalogue(tmp_path):
    files = _chapters(
        tmp_path, **{"01-a": "{{ employment.workers }} {{ year - 1 }}\n{{ employment.wrokers }}\n"}
    )
    with pytest.raises(narrative.NarrativeError, match=r"01-a\.md:2: unknown figure id") as caught:
        narrative.check(files, CATALOGUE, CHARTS)
    assert "'employment.wrokers'; did you mean employment.workers," in str(caught.value)


def test_an_unknown_chart_or_article_names_the_nearest_known(tmp_path, report_params):
    files = _chapters(tmp_path, **{"01-a": '{{ chart("a.onne") }}\n{{ statute.article_9 }}\n'})
    with pytest.raises(narrative.NarrativeError) as caught:
        narrative.render(files, FIGURES, THREE_CHARTS, report_params)
    message = str(caught.value)
    assert "01-a.md:1: unknown chart 'a.onne'; did you mean a.one?" in message
    assert "01-a.md:2: unknown statute article 'statute.article_9'" in message


THREE_CHARTS = {
    chart_id: Chart(chart_id, "Bijschrift", "<svg/>")
    for chart_id in ("a.one", "b.two", "c.three", "d.unplaced")
}


def test_charts_are_numbered_in_report_order_and_the_text_can_name_their_number(
    tmp_path, report_params
):
    files = _chapters(
        tmp_path,
        **{
            "01-a": 'Zie {{ figuur("c.three") }}.\n\n{{ chart("b.two") }}\n\n'
            '{{ chart("a.one") }}\n',
            "02-b": '{{ figuur("b.two") | capitalize }} en {{ figuur("a.one") }}.\n\n'
            '{{ chart("c.three") }}\n',
        },
    )
    rendered = narrative.render(files, FIGURES, THREE_CHARTS, report_params)
    assert rendered.chart_numbers == {"b.two": 1, "a.one": 2, "c.three": 3}
    assert rendered.chapters[0].markdown.startswith("Zie figuur 3.")
    assert rendered.chapters[1].markdown.startswith("Figuur 1 en figuur 2.")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('Zie {{ figuur("d.unplaced") }}.', "01-a.md:1: figuur('d.unplaced') names a chart the"),
        ('Zie {{ figuur("x.y") }}.', "01-a.md:1: unknown chart 'x.y'"),
        ("Zie {{ figuur(1) }}.", '01-a.md:1: write it as {{ figuur("id") }}'),
        ('Zie {{ figure("a.one") }}.', 'a call (only chart("id") and figuur("id") may be'),
    ],
)
def test_a_chart_number_names_a_placed_chart(tmp_path, report_params, text, message):
    files = _chapters(tmp_path, **{"01-a": text + '\n\n{{ chart("a.one") }}\n'})
    with pytest.raises(narrative.NarrativeError, match=re.escape(message)):
        narrative.render(files, FIGURES, THREE_CHARTS, report_params)


# --- what render and check give back, and the errors they name a file in -----------------------

TWO_CHARTS = {
    "financing.loans_per_month": Chart(
        "financing.loans_per_month",
        "Leningen",
        "<svg/>",
        figure_ids=("financing.loans_granted.count", "survey.responses"),
    ),
    "pvcb.per_year": Chart("pvcb.per_year", "Publicaties", "<svg/>"),
}


def test_a_figure_shown_in_a_chart_or_in_the_text_and_a_chart_is_not_unused(
    tmp_path, report_params
):
    files = _chapters(
        tmp_path,
        **{"01-a": '{{ survey.responses }}\n\n{{ chart("financing.loans_per_month") }}\n'},
    )
    rendered = narrative.render(files, FIGURES, TWO_CHARTS, report_params)
    assert rendered.used_figures == {"survey.responses"}
    assert rendered.unused_figures == sorted(
        set(FIGURES) - {"survey.responses", "financing.loans_granted.count"}
    )
    assert rendered.unused_charts == ["pvcb.per_year"]


def test_a_report_that_places_every_chart_has_no_unused_chart(tmp_path, report_params):
    text = '{{ chart("financing.loans_per_month") }}\n\n{{ chart("pvcb.per_year") }}\n'
    rendered = narrative.render(
        _chapters(tmp_path, **{"01-a": text}), FIGURES, TWO_CHARTS, report_params
    )
    assert rendered.unused_charts == []


def test_the_check_says_what_each_chapter_uses(tmp_path):
    files = _chapters(
        tmp_path,
        **{
            "01-a": "{{ survey.responses }} en {{ ethics.topics }}\n",
            "02-b": '{{ chart("pvcb.per_year") }}\n',
        },
    )
    used = narrative.check(files, FIGURES, TWO_CHARTS)
    assert list(used) == files
    assert (used[files[0]].figures, used[files[0]].charts) == (
        ["survey.responses", "ethics.topics"],
        [],
    )
    assert (used[files[1]].figures, used[files[1]].charts) == ([], ["pvcb.per_year"])


def test_a_chapter_that_cannot_be_read_is_named(tmp_path):
    chapter = tmp_path / "01-a.md"
    chapter.mkdir(parents=True)  # a folder where the chapter's file should be
    with pytest.raises(narrative.NarrativeError, match=r"01-a\.md: cannot be read: Is a directory"):
        narrative.check([chapter], FIGURES, TWO_CHARTS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # The sandbox's refusal (a template error), with the scanner out of the way.
        (
            "{{ year.__class__ }}",
            "01-a.md: access to attribute '__class__' of 'int' object is unsafe",
        ),
        # A filter that applies to figures only, given something else.
        ('{{ year | aantal("lid", "leden") }}', "01-a.md: the filter 'aantal' applies to a figure"),
    ],
)
def test_an_error_while_rendering_names_the_chapter(
    tmp_path, report_params, monkeypatch, text, message
):
    files = _chapters(tmp_path, **{"01-a": text})

    def unscanned(files, names):
        return [(path, path.read_text("utf-8")) for path in files], narrative.Usage(), {}

    monkeypatch.setattr(narrative, "_scan", unscanned)
    with pytest.raises(narrative.NarrativeError) as raised:
        narrative.render(files, FIGURES, TWO_CHARTS, report_params)
    assert message in str(raised.value)
    assert str(raised.value).startswith(f"{files[0].as_posix()}: ") or "01-a.md: " in str(
        raised.value
    )
