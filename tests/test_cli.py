"""The analysts' command line: overrides reach the report, failures explain themselves and keep
the last good build."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.cli import main as cli_main
from sociaal_verslag.cli import parser as cli_parser
from sociaal_verslag.figures.catalogue import CATALOGUE, charts

from .conftest import html_text

CLI = [sys.executable, "-m", "sociaal_verslag.cli.main"]


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *arguments], capture_output=True, text=True, cwd=PROJECT_ROOT, check=False
    )


def _commands(parser, path=()):
    """Every command of the parser, with its own parser (sub-commands at any depth)."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


def test_every_command_and_option_has_its_help():
    undescribed = [
        f"{' '.join(path) or 'sociaal-verslag'} {'/'.join(action.option_strings) or action.dest}"
        for path, parser in _commands(cli_parser.parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction)
        and (not action.help or action.help == argparse.SUPPRESS)
        and action.dest not in ("help", "version", "debug")
    ]
    assert undescribed == []
    commands = [path for path, _ in _commands(cli_parser.parser()) if path]
    assert ("preview",) in commands and ("review", "approve") in commands


def test_help_on_every_command_in_a_process_of_its_own():
    result = _run("build", "--help")
    assert result.returncode == 0
    assert "usage: sociaal-verslag build" in result.stdout


@pytest.mark.parametrize("command", [[], ["diff"], ["preview"], ["review", "approve"]])
def test_help_on_every_command(command, capsys):
    with pytest.raises(SystemExit) as done:
        cli_main.main([*command, "--help"])
    assert done.value.code == 0
    assert "usage: sociaal-verslag" in capsys.readouterr().out


@pytest.mark.build
def test_an_override_reaches_the_figures_and_the_text(tmp_path, build_2025):
    # The published build it is compared with: 2025 as built without the override.
    shutil.copytree(build_2025.output_dir, tmp_path / "2025")
    result = _run(
        "build",
        "2025",
        "-q",
        "-p",
        "fte_hours_per_year=2000",
        "--to",
        "html",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    built = tmp_path / "partial" / "2025"  # --to html only: a partial build
    assert not (built / "bijzonder-verslag-2025.pdf").exists()
    text = html_text((built / "bijzonder-verslag-2025.html").read_text("utf-8"))
    assert "Dat stemt overeen met 2.246 voltijds equivalenten." in text
    resolved = (built / "params.yaml").read_text(encoding="utf-8")
    assert "fte_hours_per_year: 2000" in resolved
    # The summary: what moved against the published build, the -p in force, the sign-off.
    said = result.stdout.splitlines()
    moved = next(number for number, line in enumerate(said) if "moved against" in line)
    assert said[moved].startswith("1 figure(s) moved against the published build in ")
    assert said[moved + 1] == "  voltijds equivalenten: 2.274 → 2.246  (−1,23%)"
    assert "in force for this build: -p fte_hours_per_year=2000" in said
    figures, drawn = len(CATALOGUE), len(charts())  # nothing approved: the charts counted too
    assert (
        f"sign-off: figures 0 checked, 0 changed since, {figures} unchecked;"
        f" charts 0 checked, 0 changed since, {drawn} unchecked"
    ) in said


def test_an_unknown_format_is_refused(tmp_path):
    result = _run("build", "2025", "-q", "--to", "html,docx", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("error: unknown output format docx: choose from html, pdf")


def test_a_bad_override_fails_in_one_line_naming_the_key(tmp_path):
    result = _run("build", "2025", "-q", "-p", "fte_hours=2000", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith(
        "error: -p fte_hours=2000: unknown key 'fte_hours'; did you mean fte_hours_per_year?"
    )
    assert not (tmp_path / "2025").exists()


def test_an_override_out_of_range_is_blamed_on_the_override_not_the_file(tmp_path):
    result = _run("build", "2025", "-q", "-p", "fte_hours_per_year=2500", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("error: -p fte_hours_per_year=2500: fte_hours_per_year: ")
    assert "params/2025.yaml" not in result.stderr.splitlines()[0]


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.mark.parametrize(
    "part",
    [
        ["--to", "html"],
        ["--lang", "fr"],
        ["--to", "pdf", "--lang", "nl"],
        ["--to", "html", "--lang", "nl", "--no-review-pages"],
    ],
)
def test_a_partial_build_is_written_beside_the_published_report_never_over_it(
    tmp_path, build_2025, part
):
    published = tmp_path / "out" / "2025"
    shutil.copytree(build_2025.output_dir, published)
    before = _files(published)
    result = _run("build", "2025", "-q", *part, "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert _files(published) == before  # the filed PDFs and everything else as they were
    partial = tmp_path / "out" / "partial" / "2025"
    assert (partial / "figures.json").read_bytes() == before["figures.json"]
    written = {path.name for path in partial.glob("*-2025.*")}
    wanted = {
        "--to html": {"bijzonder-verslag-2025.html", "rapport-special-2025.html"},
        "--lang fr": {"rapport-special-2025.html", "rapport-special-2025.pdf"},
        "--to pdf --lang nl": {"bijzonder-verslag-2025.pdf"},
        "--to html --lang nl --no-review-pages": {"bijzonder-verslag-2025.html"},
    }
    assert written == wanted[" ".join(part)]
    # Each PDF's review record beside it, in its language; the index links those there are.
    records = {path.name for path in (partial / "review").glob("*.pdf")}
    assert (
        records
        == {
            "--to html": set(),
            "--lang fr": {"verification-2025.pdf"},
            "--to pdf --lang nl": {"nazicht-2025.pdf"},
            "--to html --lang nl --no-review-pages": set(),
        }[" ".join(part)]
    )
    index = (partial / "review" / "index.html").read_text(encoding="utf-8")
    for name in ("nazicht-2025.pdf", "verification-2025.pdf"):
        assert (f'href="{name}"' in index) == (name in records), name
    pages = {path.name for path in (partial / "review").glob("*.html")}
    if "--no-review-pages" in part:  # the preview's first page: no review edition, no notebooks
        assert pages == {"index.html"}
        # Its page in the cache does not stand for a page with its review edition.
        again = _run(
            "build", "2025", "-q", "--to", "html", "--lang", "nl", "--out", str(tmp_path / "out")
        )
        assert again.returncode == 0, again.stderr
        assert (partial / "review" / "verslag.html").is_file()
    else:
        assert {"index.html", "01-dynamiek.html"} <= pages and len(pages) > 6
    assert "untouched" in result.stdout and "marked as a draft" in result.stdout


@pytest.mark.build
def test_the_build_for_filing_is_the_whole_report(tmp_path):
    for part in (["--to", "html"], ["--lang", "nl"], ["--no-review-pages"]):
        result = _run("build", "2025", "-q", "--final", *part, "--out", str(tmp_path))
        assert result.returncode == 1
        assert result.stderr == (
            "error: --final builds the whole report, every format and language: leave out --to,"
            " --lang and --no-review-pages\n"
        )
    assert list(tmp_path.iterdir()) == []


def test_a_broken_register_fails_naming_file_row_column_and_keeps_the_last_good_build(
    tmp_path, build_2025
):
    published = tmp_path / "out"
    shutil.copytree(build_2025.output_dir, published / "2025")
    before = (published / "2025" / "bijzonder-verslag-2025.html").read_bytes()

    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data" / "2025", data)
    loans = data / "loans.csv"
    lines = loans.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    column = header.index("amount_granted_eur")
    cells = lines[3].split(",")
    cells[column] = "twaalf"
    lines[3] = ",".join(cells)
    loans.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = _run("build", "2025", "-q", "-p", f"data_dir={data}", "--out", str(published))
    assert result.returncode == 1
    first_line = result.stderr.splitlines()[0]
    # The cell, and the file that no longer matches its receipt: listed together.
    assert first_line.startswith("error: the inputs of 2025 have 2 problem(s)")
    assert "loans.csv: expected the file recorded in" in result.stderr
    assert "loans.csv, row 4, column amount_granted_eur: expected" in result.stderr
    assert "'twaalf'" in result.stderr
    assert (published / "2025" / "bijzonder-verslag-2025.html").read_bytes() == before


@pytest.mark.build
def test_a_narrative_with_an_unknown_id_fails_naming_file_and_line(tmp_path):
    narrative = tmp_path / "narrative"
    shutil.copytree(PROJECT_ROOT / "notebooks" / "narrative" / "2025", narrative)
    chapter = narrative / "03-dynamiek.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\nNieuw: {{ activity.advisors }}\n",
        encoding="utf-8",
    )
    result = _run(
        "build", "2025", "-q", "-p", f"narrative_dir={narrative}", "--out", str(tmp_path / "o")
    )
    assert result.returncode == 1
    assert "unknown figure id 'activity.advisors'" in result.stderr
    assert "03-dynamiek.md:" in result.stderr
    # Found before any notebook ran: nothing was written at all.
    assert not (tmp_path / "o").exists()


def test_missing_parameters_file_is_explained(tmp_path):
    result = _run("build", "2031", "-q", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == "error: params/2031.yaml: parameters file not found\n"
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.build
def test_a_broken_previous_build_is_explained_before_anything_runs(tmp_path):
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "params.yaml").write_text("year: 2024\ndata_dir: data/2024\n", "utf-8")
    result = _run("build", "2025", "-q", "--to", "html", "--out", str(tmp_path))
    assert result.returncode == 1
    first_line = result.stderr.splitlines()[0]
    assert first_line.startswith("error: last year's build cannot be compared with:")
    assert "figures.json: not found" in first_line and "--no-previous" in first_line
    assert not (tmp_path / ".failed-2025").exists()  # nothing ran
