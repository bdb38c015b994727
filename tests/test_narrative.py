"""Placeholders in the narrative: filled from figures, checked before anything renders."""

from __future__ import annotations

from pathlib import Path

import pytest

from sociaal_verslag import narrative, params
from sociaal_verslag.figures import Chart, make_figures

FIGURES = {
    figure.id: figure
    for figure in make_figures(
        {
            "employment.workers": 21509,
            "survey.responses": 2237,
            "cyber.av_threats_monthly": 30412.5,
            "financing.loans_granted.count": 67,
        }
    )
}
CHARTS = {"financing.loans_per_month": Chart("financing.loans_per_month", "Leningen", "<svg/>")}


@pytest.fixture(scope="module")
def report_params() -> params.ReportParams:
    return params.load(2025)[0]


def _chapters(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    return tmp_path


def test_placeholders_are_filled_with_printed_forms(tmp_path, report_params):
    folder = _chapters(
        tmp_path,
        **{
            "01-a": "In {{ year }} werkten {{ employment.workers }} personen; "
            "{{ financing.loans_granted.count }} leningen. Artikel {{ statute.purpose }}.\n",
            "02-b": "- {{ cyber.av_threats_monthly | capitalize }} dreigingen\n"
            "vulden {{ survey.responses }} leden, {{ survey.responses | meer_dan }} vennoten "
            '(vorig jaar: {{ year - 1 }})\n\n{{ chart("financing.loans_per_month") }}\n',
        },
    )
    rendered = narrative.render(folder, FIGURES, CHARTS, report_params)
    first, second = (chapter.markdown for chapter in rendered.chapters)
    assert first == "In 2025 werkten 21.509 personen; 67 leningen. Artikel 3.\n"
    assert "- Meer dan 30.000 dreigingen" in second
    assert "vulden 2.200 leden, meer dan 2.200 vennoten (vorig jaar: 2024)" in second
    assert "<!-- chart: financing.loans_per_month -->" in second
    assert rendered.unused_figures == []
    assert rendered.used_charts == ["financing.loans_per_month"]


def test_unknown_ids_are_errors_that_name_file_and_line(tmp_path, report_params):
    folder = _chapters(
        tmp_path,
        **{
            "01-a": "regel een\n{{ employment.worker }} en {{ statute.article_99 }}\n"
            '{{ chart("employment.missing") }}\n{{ jaar }}\n',
        },
    )
    with pytest.raises(narrative.NarrativeError) as caught:
        narrative.render(folder, FIGURES, CHARTS, report_params)
    message = str(caught.value)
    assert "01-a.md:2: unknown figure id 'employment.worker'" in message
    assert "01-a.md:2: unknown statute article 'statute.article_99'" in message
    assert "01-a.md:3: unknown chart 'employment.missing'" in message
    assert "01-a.md:4: unknown name 'jaar'" in message


def test_syntax_error_names_file_and_line(tmp_path, report_params):
    folder = _chapters(tmp_path, **{"01-a": "een\ntwee {{ employment.workers \n"})
    with pytest.raises(narrative.NarrativeError, match=r"01-a\.md:2: placeholder syntax"):
        narrative.render(folder, FIGURES, CHARTS, report_params)


def test_unused_figures_are_reported(tmp_path, report_params):
    folder = _chapters(tmp_path, **{"01-a": "{{ employment.workers }}\n"})
    rendered = narrative.render(folder, FIGURES, CHARTS, report_params)
    assert rendered.unused_figures == [
        "cyber.av_threats_monthly",
        "financing.loans_granted.count",
        "survey.responses",
    ]
    assert rendered.unused_charts == ["financing.loans_per_month"]


def test_a_variant_the_figure_does_not_have_is_an_error(tmp_path, report_params):
    folder = _chapters(tmp_path, **{"01-a": "{{ employment.workers | meer_dan }}\n"})
    with pytest.raises(narrative.NarrativeError, match="has no printed form 'meer_dan'"):
        narrative.render(folder, FIGURES, CHARTS, report_params)


def test_readme_is_not_a_chapter(tmp_path, report_params):
    folder = _chapters(tmp_path, **{"01-a": "tekst\n", "README": "{{ nonsense }}"})
    rendered = narrative.render(folder, FIGURES, CHARTS, report_params)
    assert [chapter.name for chapter in rendered.chapters] == ["01-a"]
