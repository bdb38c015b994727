"""A chart stands between blocks of text, never inside a list: the build refuses a chapter
that places one there, naming the file and the line."""

from __future__ import annotations

import pytest

from sociaal_verslag.text import narrative
from sociaal_verslag.text.chart_placement import misplaced_charts, problems

LIST = "- een\n- twee\n"


@pytest.mark.parametrize(
    "source",
    [
        f'{LIST}\n{{{{ chart("a.b") }}}}\n\n{LIST}',  # between two items of one list
        '- een\n\n  {{ chart("a.b") }}\n\n- twee\n',  # inside an item
        f'Tekst:\n\n{LIST}\n{{{{ chart("a.b") }}}}\n\n- drie\n\nSlot.\n',
    ],
)
def test_a_chart_inside_a_list_is_found(source):
    assert list(misplaced_charts(source)) == ["a.b"]


@pytest.mark.parametrize(
    "source",
    [
        f'Tekst.\n\n{{{{ chart("a.b") }}}}\n\n{LIST}',  # before the list
        f'{LIST}\n{{{{ chart("a.b") }}}}\n\nTekst.\n',  # after its last item
        f'{LIST}\n{{{{ chart("a.b") }}}}\n',  # at the end
        'Tekst.\n\n{{ chart("a.b") }}\n\nMeer tekst.\n',
    ],
)
def test_a_chart_beside_a_list_is_fine(source):
    assert list(misplaced_charts(source)) == []


def test_the_problem_names_file_line_and_what_to_do():
    source = f'# Titel\n\n{LIST}\n{{{{ chart("a.b") }}}}\n\n{LIST}'
    assert problems(source, "notebooks/narrative/2025/04-x.md") == [
        "notebooks/narrative/2025/04-x.md:6: chart 'a.b' stands inside a list; place it"
        " before the list or after its last item, on a line of its own"
    ]


def test_the_narrative_check_refuses_a_chart_inside_a_list(tmp_path):
    chapter = tmp_path / "04-x.md"
    chapter.write_text(f'{LIST}\n{{{{ chart("a.b") }}}}\n\n{LIST}', encoding="utf-8")
    with pytest.raises(narrative.NarrativeError, match=r"04-x\.md:4: chart 'a\.b' stands inside"):
        narrative.check([chapter], set(), {"a.b"})
