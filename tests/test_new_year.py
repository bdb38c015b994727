"""Analysts: start the next year without touching the last one, build it from its own data,
and see last year beside this year."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.build.main import BuildError, BuildOptions, build
from sociaal_verslag.registers.loading import REGISTERS
from sociaal_verslag.year import new_year as newyear
from tools.sample_data import generate, write_registers

from .conftest import html_text
from .test_sample_data import TARGETS_2026

# A small 2026 whose loans continue 2025's: 253 loans (1.001.063 euro) paid out up to 2025,
# plus this year's 10 (33.400 euro).
WORKED_TARGETS = dataclasses.replace(
    TARGETS_2026, loans_since_launch=263, loans_since_launch_eur=1_034_463
)


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's parameters and narrative to start a year in."""
    shutil.copytree(PROJECT_ROOT / "params", tmp_path / "params")
    shutil.copytree(
        PROJECT_ROOT / "notebooks" / "narrative" / "2025",
        tmp_path / "notebooks" / "narrative" / "2025",
    )
    yaml = YAML()
    params_2025 = tmp_path / "params" / "2025.yaml"
    raw = yaml.load(params_2025.read_text(encoding="utf-8"))
    raw["narrative_dir"] = str(tmp_path / "notebooks" / "narrative" / "2025")
    with params_2025.open("w", encoding="utf-8") as handle:
        yaml.dump(raw, handle)
    return tmp_path


def test_new_year_copies_forward_and_never_changes_the_previous_year(project):
    before = _digest(project)
    started = newyear.start_year(2026, root=project)
    for name, digest in before.items():
        assert hashlib.sha256((project / name).read_bytes()).hexdigest() == digest, name

    raw = YAML().load(started.params_file.read_text(encoding="utf-8"))
    assert raw["year"] == 2026
    assert raw["data_dir"].endswith("data/2026")
    assert raw["narrative_dir"].endswith("narrative/2026")
    assert raw["fte_hours_per_year"] == 1976
    for fact in [*raw["facts"].values(), *raw["compliance"].values()]:
        assert fact["confirmed"] is False
        assert fact["source"].startswith("TE BEVESTIGEN (waarde van 2025)")
        for source in fact.get("source_translations", {}).values():
            assert source.startswith("TE BEVESTIGEN (waarde van 2025)")
        assert "review_note" not in fact  # a note on last year's text does not carry over
    assert raw["facts"]["cyber.machines"]["source_translations"]["fr"].endswith("décembre 2025")
    assert "# Parameters of the 2025 special report" in started.params_file.read_text("utf-8")

    assert sorted(path.name for path in started.narrative_dir.iterdir()) == sorted(
        path.name for path in (project / "notebooks" / "narrative" / "2025").iterdir()
    )
    for spec in REGISTERS.values():
        template = (started.data_dir / spec.filename).read_text(encoding="utf-8")
        assert template == ",".join(spec.columns) + "\n"
    readme = (started.data_dir / "README.md").read_text(encoding="utf-8")
    for spec in REGISTERS.values():
        assert f"## {spec.filename}" in readme and spec.usual_source in readme

    with pytest.raises(newyear.NewYearError, match="2026 has been started already"):
        newyear.start_year(2026, root=project)


def test_each_fact_keeps_its_keys_together_and_a_comment_after_it_stays_after(project):
    params_2025 = project / "params" / "2025.yaml"
    text = params_2025.read_text(encoding="utf-8")
    # A comment about the next fact, after the last key of one: ruamel keeps it with that key.
    text = text.replace(
        "  recognition.members_per_year:\n",
        "  # The members, rounded as the advocacy notes round them.\n"
        "  recognition.members_per_year:\n",
        1,
    )
    params_2025.write_text(text, encoding="utf-8")
    started = newyear.start_year(2026, root=project)
    lines = started.params_file.read_text(encoding="utf-8").splitlines()
    facts = lines[lines.index("facts:") + 1 :]
    fact_keys = ("value:", "confirmed:", "source:", "source_translations:")
    for number, line in enumerate(facts):
        if line.startswith("  ") and not line.startswith("    ") and line.rstrip().endswith(":"):
            own = []
            for following in facts[number + 1 :]:
                if not following.startswith("    "):
                    break
                own.append(following.strip())
            assert [key for key in own if key.startswith("#")] == [], own
            assert own[:2] == [own[0], "confirmed: false"] and own[0].startswith("value:"), own
            keys = [key for key in own if re.match(r"[a-z_]+:", key)]  # not a folded value's rest
            assert all(key.startswith(fact_keys) for key in keys), own
    comment = facts.index("  # The members, rounded as the advocacy notes round them.")
    assert facts[comment + 1] == "  recognition.members_per_year:"


def test_new_year_copies_the_text_in_every_language(project):
    """The French text lives in the year's ``fr/`` subfolder: a new year starts with it too."""
    source = project / "notebooks" / "narrative" / "2025"
    assert list((source / "fr").glob("*.md")), "the 2025 narrative has a French text"
    started = newyear.start_year(2026, root=project)
    assert _digest(started.narrative_dir) == _digest(source)


@pytest.mark.build
def test_building_a_started_year_lists_everything_missing_at_once(project, tmp_path):
    started = newyear.start_year(2026, root=project)
    with pytest.raises(BuildError) as caught:
        build(
            2026,
            BuildOptions(
                params_path=started.params_file, out_root=tmp_path / "out", progress=False
            ),
        )
    message = str(caught.value)
    first_line = message.splitlines()[0]
    expected = len(REGISTERS) + len(started.facts_to_confirm)
    assert first_line == f"the inputs of 2026 have {expected} problem(s):"
    assert "loans.csv: expected the loans records of 2026, got only a header row" in message
    assert "facts.site.area_m2: still to be confirmed for 2026" in message
    assert not (tmp_path / "out" / "2026").exists()


def _confirm(fact: dict) -> None:
    """What an analyst does to a fact copied from last year once it is checked: the flag and
    the mark before each source go."""
    del fact["confirmed"]
    fact["source"] = _unmarked(fact["source"])
    for language, source in (fact.get("source_translations") or {}).items():
        fact["source_translations"][language] = _unmarked(source)


def _unmarked(source: str) -> str:
    mark = "TE BEVESTIGEN (waarde van 2025): "
    assert source.startswith(mark)
    return source[len(mark) :]


def _started_and_built(project: Path, tmp_path: Path, change) -> str:
    """Start 2026, give it data, apply ``change`` to its parameters (a YAML mapping, round
    trip), build it: the message of the refusal."""
    started = newyear.start_year(2026, root=project)
    write_registers(generate(WORKED_TARGETS, 2026, seed=11), started.data_dir)
    yaml = YAML()
    raw = yaml.load(started.params_file.read_text(encoding="utf-8"))
    change(raw, started)
    with started.params_file.open("w", encoding="utf-8") as handle:
        yaml.dump(raw, handle)
    with pytest.raises(BuildError) as caught:
        build(
            2026,
            BuildOptions(
                params_path=started.params_file, out_root=tmp_path / "out", progress=False
            ),
        )
    assert not (tmp_path / "out" / "2026").exists()
    return str(caught.value)


@pytest.mark.build
def test_a_fact_whose_flag_alone_was_removed_is_refused_by_its_mark(project, tmp_path):
    def flag_removed(raw, started):
        for fact in [*raw["facts"].values(), *raw["compliance"].values()]:
            del fact["confirmed"]

    message = _started_and_built(project, tmp_path, flag_removed)
    lines = message.splitlines()
    marked = [line for line in lines[1:] if "still carries the mark 'TE BEVESTIGEN'" in line]
    # Every source copied forward, in Dutch and in French: one line each, naming file and key.
    assert len(marked) == len(lines) - 1
    assert any(
        line.strip().endswith(
            "2026.yaml, facts.site.area_m2.source: still carries the mark 'TE BEVESTIGEN' of a"
            " value copied from last year; check it for 2026, then remove the mark"
        )
        for line in marked
    )
    assert any(
        "facts.site.area_m2.source_translations.fr: still carries" in line for line in marked
    )
    assert "still to be confirmed" not in message


@pytest.mark.build
def test_a_mark_left_anywhere_stops_the_build_whatever_else_it_says(project, tmp_path):
    def all_confirmed_but_two(raw, started):
        for fact in [*raw["facts"].values(), *raw["compliance"].values()]:
            _confirm(fact)
        # Left in the French source only, and written by hand into another text and a chapter.
        raw["facts"]["site.area_m2"]["source_translations"]["fr"] = "TE BEVESTIGEN: voir 2025"
        raw["organisation"] = "SmartCoop (TE BEVESTIGEN)"
        chapter = started.narrative_dir / "fr" / "03-dynamiek.md"
        text = chapter.read_text(encoding="utf-8").splitlines()
        chapter.write_text("\n".join([*text[:2], "TE BEVESTIGEN", *text[2:]]), encoding="utf-8")

    message = _started_and_built(project, tmp_path, all_confirmed_but_two)
    lines = [line.strip() for line in message.splitlines()[1:]]
    marked = [line for line in lines if "TE BEVESTIGEN" in line]
    assert len(marked) == 3, lines
    wanted = [
        "2026.yaml, facts.site.area_m2.source_translations.fr: still carries the mark",
        "2026.yaml, organisation: still carries the mark",
        "fr/03-dynamiek.md:3: carries the mark 'TE BEVESTIGEN'",
    ]
    for words in wanted:
        assert sum(words in line for line in marked) == 1, (words, marked)


@pytest.fixture(scope="module")
def worked_2026(tmp_path_factory, build_2025):
    """2026 built end to end from generated data, with the 2025 build beside it."""
    root = tmp_path_factory.mktemp("worked")
    shutil.copytree(PROJECT_ROOT / "params", root / "params")
    shutil.copytree(
        PROJECT_ROOT / "notebooks" / "narrative" / "2025",
        root / "notebooks" / "narrative" / "2025",
    )
    yaml = YAML()
    raw_2025 = yaml.load((root / "params" / "2025.yaml").read_text(encoding="utf-8"))
    raw_2025["narrative_dir"] = str(root / "notebooks" / "narrative" / "2025")
    with (root / "params" / "2025.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(raw_2025, handle)
    started = newyear.start_year(2026, root=root)

    # The exports arrive (here: generated), the facts are confirmed, the text is edited.
    write_registers(generate(WORKED_TARGETS, 2026, seed=11), started.data_dir)
    raw = yaml.load(started.params_file.read_text(encoding="utf-8"))
    for fact in [*raw["facts"].values(), *raw["compliance"].values()]:
        _confirm(fact)
    raw["facts"]["site.area_m2"]["value"] = 5200
    with started.params_file.open("w", encoding="utf-8") as handle:
        yaml.dump(raw, handle)
    chapter = started.narrative_dir / "03-dynamiek.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + "\nNieuw in {{ year }}: {{ financing.loans_granted.count }} leningen.\n",
        encoding="utf-8",
    )

    out = root / "output"
    shutil.copytree(build_2025.output_dir, out / "2025")
    result = build(
        2026, BuildOptions(params_path=started.params_file, out_root=out, progress=False)
    )
    return result, html_text(result.html.read_text(encoding="utf-8"))


def test_the_second_year_figures_follow_its_data(worked_2026):
    result, _ = worked_2026
    value = {figure_id: figure.value for figure_id, figure in result.figures.items()}
    assert value["financing.loans_granted.count"] == WORKED_TARGETS.loans_granted
    assert value["financing.loans_granted.amount_eur"] == WORKED_TARGETS.loans_granted_eur
    assert value["financing.projects_since_launch.count"] == 263
    assert value["employment.contracts"] == WORKED_TARGETS.contracts
    assert value["employment.workers"] == WORKED_TARGETS.workers
    assert value["employment.fte"] == round(WORKED_TARGETS.declared_hours_cents / 100 / 1976)
    assert value["survey.responses"] == WORKED_TARGETS.survey_responses
    assert value["site.area_m2"] == 5200
    assert all(check.ok for check in result.checks)


def test_the_second_year_text_follows_its_narrative(worked_2026):
    _, text = worked_2026
    assert "Nieuw in 2026: 9 leningen." in text
    assert (
        "In 2026 werden er 9 renteloze leningen toegekend voor een totaalbedrag van 31.250 euro."
        in text
    )
    assert "site van Smart in Sint-Gillis (5.200 m²)" in text
    assert "Dit verslag werd op 1 januari 2026 gemaakt" in text


def test_last_year_stands_beside_this_year(worked_2026):
    result, text = worked_2026
    assert "Bijlage: vergelijking met 2025" in text
    soup = BeautifulSoup(result.html.read_text(encoding="utf-8"), "html.parser")
    rows = {
        row.find("td").get_text().replace("\u2060", ""): [  # no mark that joins a name
            cell.get_text().replace("\u00a0", " ") for cell in row.find_all("td")[1:]
        ]
        for row in soup.find("table", class_="comparison").find("tbody").find_all("tr")
    }
    assert len(rows) == len(result.figures)
    assert rows["Toegekende renteloze leningen"] == ["67", "9", "−58", "−86,6%"]
    assert rows["Oppervlakte van de site Sint-Gillis"] == ["4.800", "5.200", "+400", "+8,3%"]
    index = (result.output_dir / "review" / "index.html").read_text(encoding="utf-8")
    assert "Vergelijking met 2025" in index
    params_used = (result.output_dir / "params.yaml").read_text(encoding="utf-8")
    assert "previous:" in params_used and "data/2025" in params_used


def test_the_manifest_records_last_year_s_registers_that_the_charts_compare_with(worked_2026):
    # So that a review notebook run again checks them too (reproduce.py).
    result, _ = worked_2026
    manifest = json.loads((result.output_dir / "manifest.json").read_text(encoding="utf-8"))
    compared = {"loans", "employment_contracts", "coop_events", "security_monthly"}
    last_year = {Path(name).stem for name in manifest["inputs"] if Path(name).parent.name == "2025"}
    assert compared <= last_year
    assert "kbs_grants" not in last_year  # only what the charts compare with
