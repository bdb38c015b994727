"""A chart stands between blocks of text, or between two items of a list (after the item it
illustrates), never inside an item: the build refuses a chapter that places one there, naming
the file and the line."""

from __future__ import annotations

import pytest

from sociaal_verslag.text import narrative
from sociaal_verslag.text.chart_placement import misplaced_charts, problems

LIST = "- een\n- twee\n"
INSIDE = '- een\n\n  {{ chart("a.b") }}\n\n- twee\n'


@pytest.mark.parametrize(
    "source",
    [
        INSIDE,  # indented under an item: part of it
        '- een\n  {{ chart("a.b") }}\n- twee\n',  # a line of the item's text
        '- een\n{{ chart("a.b") }}\n- twee\n',  # no empty line: it continues the item
        '- een\n  - twee\n\n    {{ chart("a.b") }}\n',  # inside a nested item
    ],
)
def test_a_chart_inside_an_item_is_found(source):
    assert list(misplaced_charts(source)) == ["a.b"]


@pytest.mark.parametrize(
    "source",
    [
        f'Tekst.\n\n{{{{ chart("a.b") }}}}\n\n{LIST}',  # before the list
        f'{LIST}\n{{{{ chart("a.b") }}}}\n\nTekst.\n',  # after its last item
        f'{LIST}\n{{{{ chart("a.b") }}}}\n',  # at the end
        f'{LIST}\n{{{{ chart("a.b") }}}}\n\n{LIST}',  # between two items: after the first
        'Tekst.\n\n{{ chart("a.b") }}\n\nMeer tekst.\n',
    ],
)
def test_a_chart_beside_or_between_items_is_fine(source):
    assert list(misplaced_charts(source)) == []


def test_the_problem_names_file_line_and_what_to_do():
    source = f"# Titel\n\n{INSIDE}"
    assert problems(source, "notebooks/narrative/2025/04-x.md") == [
        "notebooks/narrative/2025/04-x.md:5: chart 'a.b' stands inside an item of a list;"
        " place it after the item, with an empty line before and after it"
    ]


def test_the_narrative_check_refuses_a_chart_inside_an_item(tmp_path):
    chapter = tmp_path / "04-x.md"
    chapter.write_text(INSIDE, encoding="utf-8")
    with pytest.raises(narrative.NarrativeError, match=r"04-x\.md:3: chart 'a\.b' stands inside"):
        narrative.check([chapter], set(), {"a.b"})
