"""The sign-off's state logic, its file, its colophon sentence and the errors of its commands.

End to end (approve, correct a register, refuse, approve again): test_signoff_end_to_end.py.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from sociaal_verslag.cli import main as cli
from sociaal_verslag.cli import signoff
from sociaal_verslag.figures import units
from sociaal_verslag.figures.records import Figure
from sociaal_verslag.notebook import recording
from sociaal_verslag.render import manifest as provenance
from sociaal_verslag.review import approval, history
from sociaal_verslag.review import signoff_keys as figure_keys
from sociaal_verslag.review.signoff_keys import FigureKey

FIGURE = Figure(
    id="financing.kbs_grants.total_eur",
    value=78910,
    unit="EUR",
    printed="78.910 euro",
    source="register",
    rule="som",
    inputs=("data/2025/kbs_grants.csv",),
    notebook="01-dynamiek",
    cell_id="804ec896",
)
KEY = FigureKey("a" * 64, "b" * 64, {"data/2025/kbs_grants.csv": "c" * 64}, {})
AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _approved(figure: Figure = FIGURE, key: FigureKey = KEY, by: str = "An") -> approval.Approval:
    return approval.approve(figure, key, by, AT, note="gezien")


def _moved(value: int, printed: str) -> Figure:
    return Figure(
        **{**FIGURE.to_dict(), "inputs": FIGURE.inputs, "value": value, "printed": printed}
    )


def test_an_unapproved_figure_is_not_checked():
    assert approval.state_of(FIGURE, KEY, None).state == "niet nagekeken"


def test_the_approved_figure_as_approved_is_checked():
    state = approval.state_of(FIGURE, KEY, _approved())
    assert (state.state, state.changed, state.ok) == ("nagekeken", (), True)


def test_new_data_that_move_the_figure_make_it_changed_because_of_the_data():
    key = FigureKey(KEY.cell, KEY.metric, {"data/2025/kbs_grants.csv": "d" * 64}, {})
    state = approval.state_of(_moved(78920, "78.920 euro"), key, _approved())
    assert state.state == "gewijzigd sinds nazicht" and not state.ok
    assert state.describe() == "gewijzigd sinds nazicht: 78.910 euro → 78.920 euro (gegevens)"


def test_new_data_that_leave_the_number_as_it_was_keep_it_checked():
    key = FigureKey(KEY.cell, KEY.metric, {"data/2025/kbs_grants.csv": "d" * 64}, {})
    state = approval.state_of(FIGURE, key, _approved())
    assert (state.state, state.changed) == ("nagekeken", ("gegevens",))


@pytest.mark.parametrize("changed", ["cell", "metric"])
def test_changed_code_makes_it_changed_even_when_the_number_stays(changed):
    key = FigureKey(**{**KEY.to_dict(), changed: "e" * 64})
    state = approval.state_of(FIGURE, key, _approved())
    assert state.describe() == "gewijzigd sinds nazicht: 78.910 euro → 78.910 euro (code)"


def test_a_changed_parameter_that_moves_the_figure_is_named():
    approved = FigureKey(KEY.cell, KEY.metric, KEY.data, {"fte_hours_per_year": 1976})
    now = FigureKey(KEY.cell, KEY.metric, KEY.data, {"fte_hours_per_year": 2000})
    state = approval.state_of(_moved(70000, "70.000 euro"), now, _approved(key=approved))
    assert state.changed == ("parameters",)


def test_the_history_keeps_each_approval_in_the_order_it_was_made(tmp_path):
    path = tmp_path / "2025.yaml"
    other = Figure(**{**FIGURE.to_dict(), "inputs": (), "id": "activity.advisers"})
    history.append(2025, [history.approved(FIGURE.id, _approved())], path)
    history.append(2025, [history.approved(other.id, _approved(other))], path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Every approval and withdrawal of the figures and charts of 2025")
    assert text.index("figure: financing.kbs_grants") < text.index("figure: activity.advisers")
    read = history.approvals(2025, path)
    assert read[FIGURE.id] == _approved() and read[FIGURE.id].at == AT
    assert list(read) == ["activity.advisers", FIGURE.id]


def test_nothing_recorded_is_ever_rewritten_and_the_last_word_counts(tmp_path):
    path = tmp_path / "2025.yaml"
    first = _approved(by="An")
    history.append(2025, [history.approved(FIGURE.id, first)], path)
    before = path.read_bytes()
    again = approval.approve(_moved(78920, "78.920 euro"), KEY, "Bart", AT, note="gecorrigeerd")
    history.append(2025, [history.approved(FIGURE.id, again)], path)
    assert path.read_bytes().startswith(before)  # added to, never rewritten
    assert history.approvals(2025, path)[FIGURE.id].by == "Bart"
    assert [event.note for event in history.events(2025, path)] == ["gezien", "gecorrigeerd"]
    withdrawn = history.Withdrawn(figure=FIGURE.id, by="An", at=AT, reason="verkeerde bron")
    history.append(2025, [withdrawn], path)
    assert history.approvals(2025, path) == {}  # withdrawn: unchecked again
    assert len(history.events(2025, path)) == 3  # and both approvals still there


def test_an_addition_that_would_not_read_back_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "2025.yaml"
    history.append(2025, [history.approved(FIGURE.id, _approved())], path)
    path.write_text(path.read_text(encoding="utf-8") + "extra: 1\n", encoding="utf-8")
    with pytest.raises(approval.ApprovalError, match="extra: unknown key"):
        history.append(2025, [history.approved(FIGURE.id, _approved())], path)
    before = path.read_bytes()
    path.write_text(before.decode().replace("extra: 1\n", "") + "other:\n", encoding="utf-8")
    kept = path.read_bytes()
    with pytest.raises(approval.ApprovalError):
        history.append(2025, [history.approved(FIGURE.id, _approved())], path)
    assert path.read_bytes() == kept


def test_a_missing_file_approves_nothing(tmp_path):
    assert history.approvals(2025, tmp_path / "2025.yaml") == {}
    assert history.events(2025, tmp_path / "2025.yaml") == []


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("by: An", "by: ''"), "history[1].approve.by: String should have"),
        (("  cell: 804ec896\n", "  cell: 804ec896\n  cel: 1\n"), "history[1].approve.cel: unknown"),
        (("metric: bbbb", "metric: xbbb"), "history[1].approve.key.metric: String should match"),
        (
            ("action: approve", "action: aprove"),
            "history[1].action: expected one of 'approve', 'withdraw', got 'aprove'",
        ),
        (("year: 2025", "year: 2024"), "year: 2024, but this file is for 2025"),
    ],
)
def test_bad_content_is_one_line_naming_the_file_and_the_key(tmp_path, edit, message):
    path = tmp_path / "2025.yaml"
    history.append(2025, [history.approved(FIGURE.id, _approved())], path)
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(approval.ApprovalError) as raised:
        history.approvals(2025, path)
    assert len(str(raised.value).splitlines()) == 1
    assert str(raised.value).startswith(f"{path.as_posix()}: ")
    assert message in str(raised.value)


def _colophon(summary: approval.Summary | None) -> str:
    facts = {"git": provenance.GitState("0123456789abc", False), "inputs": {}, "overrides": []}
    return provenance.colophon(AT, **facts, review=summary)


def test_the_colophon_says_how_many_were_checked_by_whom_and_changed_since():
    checked = approval.state_of(FIGURE, KEY, _approved(by="Bart"))
    moved = approval.state_of(_moved(1, "1 euro"), KEY, _approved(by="An"))
    unchecked = approval.state_of(FIGURE, KEY, None)
    summary = approval.summary([checked, moved, unchecked])
    assert "Van de 3 cijfers werden er 2 nagekeken door An en Bart;" in _colophon(summary)
    assert "1 daarvan is sindsdien gewijzigd." in _colophon(summary)
    nobody = approval.summary([unchecked])
    assert "Geen van de 1 cijfers werd nagekeken." in _colophon(nobody)


def test_a_figure_key_reads_the_parameters_of_its_metric_or_its_fact():
    raw = {"fte_hours_per_year": 1976, "facts": {"cyber.machines": {"value": 300}}, "x": 1}
    assert figure_keys.parameters_read("employment.fte", raw) == {"fte_hours_per_year": 1976}
    assert figure_keys.parameters_read("cyber.machines", raw) == {
        "facts.cyber.machines": {"value": 300}
    }


# --- the commands' errors, against the session's build of 2025 --------------------------------


def _fails(capsys, *arguments: str) -> str:
    assert cli.main(list(arguments)) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    return lines[0]


def test_approving_without_a_published_build_is_refused(tmp_path, capsys):
    line = _fails(
        capsys, "review", "approve", "2025", "--by", "An Peeters", "--all", "--out", str(tmp_path)
    )
    assert line.startswith("error: ") and "no published build of 2025" in line


def test_an_unknown_figure_is_named_with_the_closest_ones(build_2025, capsys):
    out = str(build_2025.output_dir.parent)
    arguments = ["--by", "An Peeters", "--figure", "activity.active_holder", "--out", out]
    line = _fails(capsys, "review", "approve", "2025", *arguments)
    assert "activity.active_holder: not a figure or chart of this build; did you mean" in line
    assert "activity.active_holders" in line
    line = _fails(capsys, "explain", "2025", "financing.loans_grantd.count", "--out", out)
    assert "did you mean financing.loans_granted.count" in line


def test_an_unknown_chapter_and_an_empty_name_are_refused(build_2025, capsys):
    out = str(build_2025.output_dir.parent)
    line = _fails(
        capsys, "review", "approve", "2025", "--by", "An Peeters", "--chapter", "9", "--out", out
    )
    assert "--chapter 9: no such chapter in report.yaml (known: 1 (inleiding)," in line
    line = _fails(capsys, "review", "approve", "2025", "--by", " ", "--all", "--out", out)
    assert "--by: the reviewer's name is empty" in line
    # Only the reviewers the year's parameters name, listed when another name is given.
    line = _fails(capsys, "review", "approve", "2025", "--by", "Anne", "--all", "--out", out)
    assert line == (
        "error: --by Anne: not a reviewer of 2025 in params/2025.yaml"
        " (reviewers: An Peeters, Bart Claes)"
    )
    line = _fails(
        capsys, "review", "withdraw", "2025", "--by", "Anne", "--figure", "x", "--reason", "r"
    )
    assert "--by Anne: not a reviewer of 2025" in line


def test_status_and_explain_of_a_build_nobody_signed_off(build_2025, capsys, monkeypatch):
    monkeypatch.setattr(history, "reviews_file", lambda year: build_2025.output_dir / "none.yaml")
    out = str(build_2025.output_dir.parent)
    assert cli.main(["review", "status", "2025", "--out", out]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(build_2025.figures) + 7 + 2  # the charts, then a count of each
    assert (
        lines[-2] == f"{len(build_2025.figures)} cijfers: 0 nagekeken, 0 gewijzigd sinds"
        f" nazicht, {len(build_2025.figures)} niet nagekeken"
    )
    assert lines[-1] == "7 grafieken: 0 nagekeken, 0 gewijzigd sinds nazicht, 7 niet nagekeken"
    assert cli.main(["explain", "2025", "activity.active_holders", "--out", out]) == 0
    text = capsys.readouterr().out
    holders = build_2025.figures["activity.active_holders"]
    assert f"gedrukt:     {holders.printed}\n" in text
    assert f"waarde:      {holders.value!r} {units.in_words(holders.unit)}\n" in text
    # The cell, at the figure's own block with its rule and code (review/NN.html#figuur-...).
    assert f"#{recording.figure_anchor('activity.active_holders')}\n" in text
    # The sentence of the report the number stands in, whole.
    sentence = next(line for line in text.splitlines() if "zin:" in line)
    assert f"actieve houders afklokte op {holders.printed}" in sentence
    assert sentence.rstrip().endswith(".")
    assert "regel:       actieve houders: houders met minstens" in text
    assert "invoer:      data/2025/production_units.csv (sha256 " in text
    assert "vorig jaar:  geen" in text and "nazicht:     niet nagekeken" in text


def test_a_chapter_approved_again_skips_what_is_checked_and_the_history_keeps_all(
    build_2025, capsys, monkeypatch, tmp_path
):
    reviews = tmp_path / "2025.yaml"
    monkeypatch.setattr(history, "reviews_file", lambda year: reviews)
    out = str(build_2025.output_dir.parent)
    chapter = sorted(f.id for f in build_2025.figures.values() if f.notebook == "01-dynamiek")
    first, *rest = chapter
    approve = ["review", "approve", "2025", "--by", "An Peeters", "--out", out]
    assert cli.main([*approve, "--figure", first, "--note", "LN-2025-0001 gecorrigeerd"]) == 0
    capsys.readouterr()
    before = reviews.read_bytes()
    assert cli.main([*approve, "--chapter", "dynamiek", "--note", "hoofdstuk"]) == 0
    said = capsys.readouterr().out
    assert (
        f"approved {len(rest)} figures and 2 charts" in said and "skipped 1 already checked" in said
    )
    assert reviews.read_bytes().startswith(before)  # only added to
    in_force = history.approvals(2025, reviews)
    assert in_force[first].note == "LN-2025-0001 gecorrigeerd"  # not overwritten by the chapter's
    assert all(in_force[figure_id].note == "hoofdstuk" for figure_id in rest)
    assert cli.main([*approve, "--chapter", "dynamiek", "--again"]) == 0
    assert f"approved {len(chapter)} figures and 2 charts" in capsys.readouterr().out
    charts = 2  # the chapter's charts, approved with its figures
    assert len(history.events(2025, reviews)) == 1 + len(rest) + len(chapter) + 2 * charts
    # Withdrawn with its reason: unchecked again, the approvals still in the history.
    withdraw = ["review", "withdraw", "2025", "--by", "Bart Claes", "--figure", first]
    assert cli.main([*withdraw, "--reason", "verkeerde bron"]) == 0
    assert "withdrew 1 approvals" in capsys.readouterr().out
    assert first not in history.approvals(2025, reviews)
    assert cli.main(["review", "log", "2025", first]) == 0
    log = capsys.readouterr().out.splitlines()
    assert len(log) == 3  # approved, approved again with the chapter, withdrawn
    assert "goedgekeurd" in log[0] and "door An Peeters — LN-2025-0001 gecorrigeerd" in log[0]
    assert "goedgekeurd" in log[1] and "ingetrokken" in log[2]
    assert "door Bart Claes: verkeerde bron" in log[2]
    line = _fails(capsys, *withdraw, "--reason", "nogmaals")  # nothing left to withdraw
    assert f"{first}: has no approval to withdraw" in line
    line = _fails(capsys, "review", "log", "2025", first[:-1])
    assert "nothing in the history of 2025; did you mean" in line


def test_the_build_keys_every_figure_it_publishes(build_2025):
    keys = figure_keys.read(build_2025.output_dir)
    assert sorted(keys) == sorted(build_2025.figures)
    assert all(len(key.cell) == 64 and len(key.metric) == 64 for key in keys.values())
    assert keys["cyber.machines"].parameters["facts.cyber.machines"]["value"] == (
        build_2025.figures["cyber.machines"].value
    )
    assert signoff.published(2025, build_2025.output_dir.parent).keys == keys


def test_a_metric_key_follows_its_function_and_its_own_description_only():
    figure_id = "financing.kbs_grants.total_eur"
    text, meta = figure_keys._metric_module("financing")
    before = figure_keys.metric_digest(figure_id, {"financing": (text, meta)})

    def digest_with(new_text: str, edit: tuple[str, str, str] | None) -> str:
        changed = copy.deepcopy(meta)
        if edit is not None:
            figure, key, value = edit
            changed["functions"]["kbs_grants"]["figures"][figure][key] = value
        return figure_keys.metric_digest(figure_id, {"financing": (new_text, changed)})

    assert digest_with(text, None) == before
    assert digest_with(text, ("financing.kbs_grants.count", "rule", "anders")) == before
    assert digest_with(text + "\n\ndef other():\n    return 1\n", None) == before
    assert digest_with(text, (figure_id, "rule", "anders")) != before
    body = "money(received.sum())"
    assert body in text
    assert digest_with(text.replace(body, "money(received.sum() + 1)"), None) != before


@pytest.mark.parametrize(
    ("value", "printed"), [(78910, "bijna 79.000 euro"), (78910.4, "78.910 euro")]
)
def test_a_figure_whose_printed_form_or_value_alone_moved_is_changed(value, printed):
    """The same data and code, the figure printed otherwise (a changed style in the catalogue's
    description) or its exact value moved under the same printed form: no longer as checked."""
    state = approval.state_of(_moved(value, printed), KEY, _approved())
    assert state.state == "gewijzigd sinds nazicht"
    assert approval.not_approved({FIGURE.id: state}) == [state]
