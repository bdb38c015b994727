"""The proofreading pass: words no dictionary nor the word list knows, and variants of the
preferred forms, each a warning with its file and line; the text is never changed."""

from __future__ import annotations

import re

import pytest

from sociaal_verslag.text import proofreading


def _words(findings) -> list[str]:
    return [re.search(r"spelling\? '(.+?)' is in", finding.message)[1] for finding in findings]


@pytest.fixture
def words(tmp_path, monkeypatch):
    folder = tmp_path / "words"
    folder.mkdir()
    (folder / "nl.txt").write_text("# names\nSmartCoop\nCoopkracht\nvalrisico's\n", "utf-8")
    (folder / "fr.txt").write_text("Gembloux\n", "utf-8")
    (folder / "consistency.yaml").write_text(
        "nl:\n  SmartCoop: [Smart Coop]\n  euro: ['€']\nfr:\n  asbl: [ASBL]\n", "utf-8"
    )
    monkeypatch.setattr(proofreading, "WORDS_DIR", folder)
    return folder


def _chapter(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_misspelt_word_is_named_with_its_file_and_line_and_the_text_is_left_alone(
    tmp_path, words
):
    text = "# Titel\n\nDe leden werken samen.\nEr waren actiepijstes en rijkgevlude dagen.\n"
    path = _chapter(tmp_path, "01-a.md", text)
    found = [str(finding) for finding in proofreading.proofread([path], "nl")]
    assert len(found) == 2
    assert (
        found[0].endswith(
            "01-a.md:4: spelling? 'actiepijstes' is in no nl dictionary nor in"
            f" {words.name}/nl.txt: correct it or add it"
        )
        or "01-a.md:4: spelling? 'actiepijstes'" in found[0]
    )
    assert "01-a.md:4: spelling? 'rijkgevlude'" in found[1]
    assert path.read_text(encoding="utf-8") == text


def test_what_is_not_prose_is_not_proofread(tmp_path, words):
    text = (
        "Zie {{ financing.loans_grantd.count }} en <https://kronik.smart.coop/xyzzyq/?lang=nl>"
        " of [de site](https://qwrtpz.be/), `codeqwz` en CEASE, WVV.\n"
        "<!-- notitie met fouuuten\nnog meer fouuuten -->\nSmartCoop en Coopkracht.\n"
    )
    assert proofreading.proofread([_chapter(tmp_path, "01-a.md", text)], "nl") == []


def test_the_word_list_an_apostrophe_and_a_compound_part_by_part(tmp_path, words):
    text = "De valrisico’s van SmartCoop-leden en de Coopkracht-qwrtzgroep.\n"
    found = proofreading.proofread([_chapter(tmp_path, "01-a.md", text)], "nl")
    assert _words(found) == ["Coopkracht-qwrtzgroep"]


def test_french_elisions_are_checked_without_their_article(tmp_path, words):
    text = "L’agrément de l'entreprise et d’aujourd’hui à Gembloux ; l’agrémant.\n"
    found = proofreading.proofread([_chapter(tmp_path, "01-a.md", text)], "fr")
    assert _words(found) == ["l'agrémant"]


def test_a_variant_of_a_preferred_form_is_named(tmp_path, words):
    text = "Smart Coop gaf € 3.500.\nDe ASBL en Smart Coopkracht.\n"
    found = [str(f) for f in proofreading.proofread([_chapter(tmp_path, "01-a.md", text)], "nl")]
    assert found == [
        f"{tmp_path}/01-a.md:1: 'Smart Coop': the report writes 'SmartCoop'",
        f"{tmp_path}/01-a.md:1: '€': the report writes 'euro'",
    ]


def test_a_bad_preferred_forms_file_is_one_line(tmp_path, words):
    (words / "consistency.yaml").write_text("nl:\n  SmartCoop: Smart Coop\n", "utf-8")
    with pytest.raises(proofreading.ProofreadingError, match=r"consistency\.yaml: nl: expected"):
        proofreading.preferred_forms("nl")


def test_the_2025_chapters_show_the_published_reports_misspellings():
    """The client's wording is kept; the pass names its real mistakes, and only those."""
    from sociaal_verslag.base.paths import PROJECT_ROOT

    folder = PROJECT_ROOT / "notebooks" / "narrative" / "2025"
    dutch = proofreading.proofread(sorted(folder.glob("*.md")), "nl")
    assert sorted(_words(dutch)) == [
        "actiepijstes",
        "hertoe",
        "klimaatcrisisen",
        "leidinggevendenden",
        "rijkgevlude",
        "zesmaandelijke",
    ]
    assert proofreading.proofread(sorted(folder.glob("fr/*.md")), "fr") == []


def test_the_build_warns_of_each_finding_and_the_review_index_lists_it(build_2025):
    expected = "notebooks/narrative/2025/05-erkenning.md:17: spelling? 'rijkgevlude'"
    assert any(warning.startswith(expected) for warning in build_2025.warnings)
    index = (build_2025.output_dir / "review" / "index.html").read_text(encoding="utf-8")
    assert expected.replace("'", "&#39;") in index or expected in index


def test_the_build_step_warns_of_unknown_links_and_keeps_its_findings_by_content(
    tmp_path, words, monkeypatch
):
    from types import SimpleNamespace

    from sociaal_verslag.build import proofread_step
    from sociaal_verslag.build.step_log import Steps
    from sociaal_verslag.cache.store import Store

    narrative = tmp_path / "2025"
    (narrative / "fr").mkdir(parents=True)
    chapter = narrative / "fr" / "01-a.md"
    chapter.write_text("# Titre\n\nVoir <https://example.org/nouveau/>.\n", encoding="utf-8")
    monkeypatch.setattr(proofread_step, "_files", lambda ctx: {"fr": [chapter]})
    params = SimpleNamespace(narrative_path=narrative)
    run = SimpleNamespace(store=Store.open(tmp_path / "cache"), steps=Steps())
    ctx = SimpleNamespace(params=params, run=run)

    first = proofread_step.warnings(ctx)
    assert first == [
        f"{chapter}:3: https://example.org/nouveau/: not in links.yaml (which language is it in?)"
    ]
    assert proofread_step.warnings(ctx) == first  # the same, from the cache
    assert [record.status for record in run.steps.records] == ["ran", "cached"]
    (narrative / "links.yaml").write_text(
        "https://example.org/nouveau/:\n  language: fr\n", encoding="utf-8"
    )
    assert proofread_step.warnings(ctx) == []  # links.yaml is part of its key
