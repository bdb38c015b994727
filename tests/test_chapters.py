"""report.yaml: the one list of the report's chapters, in order, read strictly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sociaal_verslag.base.paths import NOTEBOOKS_DIR, PROJECT_ROOT, REPORT_YAML
from sociaal_verslag.cli import main as cli
from sociaal_verslag.year import chapters

NARRATIVE_2025 = PROJECT_ROOT / "notebooks" / "narrative" / "2025"


def test_the_project_lists_its_chapters_in_report_order():
    listed = chapters.listed()
    assert [chapter.id for chapter in listed][:3] == ["inleiding", "juridisch-kader", "dynamiek"]
    # The numbering of notebooks and texts differs: report.yaml says which feeds which.
    dynamiek = listed[2]
    assert (dynamiek.narrative, dynamiek.notebook) == (
        "03-dynamiek.md",
        NOTEBOOKS_DIR / "01-dynamiek.ipynb",
    )
    files = chapters.narrative_files(listed, NARRATIVE_2025)
    assert sorted(files) == sorted(NARRATIVE_2025.glob("*.md"))
    assert [path.name for path in files] == [chapter.narrative for chapter in listed]


# --- report.yaml that does not fit: one line per problem, naming the file and the entry --------

GOOD = {
    "chapters": [
        {"id": "inleiding", "narrative": "01-inleiding.md"},
        {"id": "dynamiek", "narrative": "03-dynamiek.md", "notebook": "01-dynamiek.ipynb"},
    ]
}


@pytest.fixture
def project(tmp_path) -> Path:
    """A folder with a notebook and a report.yaml to spoil."""
    shutil.copy2(NOTEBOOKS_DIR / "01-dynamiek.ipynb", tmp_path / "01-dynamiek.ipynb")
    return tmp_path


def _problem(folder: Path, content: object) -> str:
    path = folder / "report.yaml"
    text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(chapters.ChaptersError) as caught:
        chapters.read(path)
    message = str(caught.value)
    assert len(message.splitlines()) == 1, message
    assert message.startswith(path.as_posix())
    return message.removeprefix(path.as_posix())


def _with(index: int, **entry: object) -> dict:
    listed = [dict(item) for item in GOOD["chapters"]]
    listed[index] = {key: value for key, value in {**listed[index], **entry}.items() if value}
    return {"chapters": listed}


def test_a_good_list_is_read_in_its_order(project):
    path = project / "report.yaml"
    path.write_text(yaml.safe_dump(GOOD), encoding="utf-8")
    listed = chapters.read(path)
    assert [chapter.id for chapter in listed] == ["inleiding", "dynamiek"]
    assert listed[1].notebook == project / "01-dynamiek.ipynb"
    assert listed[0].notebook is None
    assert chapters.notebooks(listed) == [project / "01-dynamiek.ipynb"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            _with(1, notbook="x.ipynb"),
            ", chapter 2 (dynamiek): unknown key 'notbook'"
            " (a chapter has id, narrative, notebook, running_header)",
        ),
        (_with(1, notebook="09-x.ipynb"), ", chapter 2 (dynamiek), notebook: 09-x.ipynb not found"),
        (
            _with(1, notebook="01-dynamiek.py"),
            ", chapter 2 (dynamiek), notebook: expected the path of an .ipynb file,"
            " got '01-dynamiek.py'",
        ),
        (
            {"chapters": [*GOOD["chapters"], {"id": "twee", "notebook": "01-dynamiek.ipynb"}]},
            ", chapter 3 (twee), notebook: {dir}/01-dynamiek.ipynb is listed already"
            " ({dir}/report.yaml, chapter 2 (dynamiek))",
        ),
        (
            _with(1, narrative="01-inleiding.md"),
            ", chapter 2 (dynamiek), narrative: 01-inleiding.md is listed already",
        ),
        (_with(1, id="inleiding"), ", chapter 2 (inleiding), id: inleiding is listed already"),
        (
            _with(1, id="Dynamiek 2"),
            ", chapter 2, id: expected a short name of lower-case letters, digits and dashes,"
            " got 'Dynamiek 2'",
        ),
        (
            _with(0, narrative="../2024/01-inleiding.md"),
            ", chapter 1 (inleiding), narrative: expected the name of a .md file in the year's"
            " narrative folder, got '../2024/01-inleiding.md'",
        ),
        (
            {"chapters": [{"id": "leeg"}]},
            ", chapter 1 (leeg): expected a narrative, a notebook or both",
        ),
        ({"chapters": ["inleiding"]}, ", chapter 1: expected a mapping with id, narrative,"),
        ({"chapters": []}, ", chapters: the list is empty"),
        ({**GOOD, "title": "x"}, ": expected one key, chapters: the list of the chapters"),
        ([GOOD], ": expected one key, chapters"),
        ("chapters: [\n", ": not valid YAML: "),
    ],
)
def test_a_wrong_report_yaml_is_one_line_naming_the_entry_and_key(project, content, expected):
    assert _problem(project, content).startswith(expected.replace("{dir}", project.as_posix()))


def test_every_problem_is_listed_at_once(project):
    path = project / "report.yaml"
    path.write_text(yaml.safe_dump(_with(1, notbook="x", id="X")), encoding="utf-8")
    with pytest.raises(chapters.ChaptersError) as caught:
        chapters.read(path)
    assert len(str(caught.value).splitlines()) == 2


def test_a_missing_report_yaml_says_what_it_is(tmp_path):
    with pytest.raises(chapters.ChaptersError, match=r"report\.yaml: the list of the report's"):
        chapters.read(tmp_path / "report.yaml")


def test_a_wrong_report_yaml_stops_the_build_in_one_line(project, capsys, monkeypatch):
    path = project / "report.yaml"
    path.write_text(yaml.safe_dump(_with(1, notbook="x.ipynb")), encoding="utf-8")
    monkeypatch.setattr(chapters, "listed", lambda: chapters.read(path))
    code = cli.main(["build", "2025", "-q", "--out", str(project / "out")])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert lines == [
        f"error: {path.as_posix()}, chapter 2 (dynamiek): unknown key 'notbook'"
        " (a chapter has id, narrative, notebook, running_header)"
    ]
    assert not (project / "out" / "2025").exists()


# --- a year's narrative folder against the list ---------------------------------------------------


@pytest.fixture
def text(tmp_path) -> Path:
    """A copy of the 2025 narrative."""
    folder = tmp_path / "text"
    shutil.copytree(NARRATIVE_2025, folder)
    return folder


def _folder_problems(folder: Path) -> list[str]:
    with pytest.raises(chapters.ChaptersError) as caught:
        chapters.narrative_files(chapters.listed(), folder)
    return str(caught.value).splitlines()


def test_a_text_file_no_chapter_lists_is_an_error(text):
    (text / "08-extra.md").write_text("Een hoofdstuk.\n", encoding="utf-8")
    assert _folder_problems(text) == [
        f"{(text / '08-extra.md').as_posix()}: no chapter of report.yaml lists this file (add it"
        " there as a chapter's narrative, or move it out of the folder)"
    ]


def test_a_listed_text_file_that_is_missing_is_an_error(text):
    (text / "05-erkenning.md").unlink()
    assert _folder_problems(text) == [
        "report.yaml, chapter 5 (erkenning), narrative: 05-erkenning.md is not in"
        f" {text.as_posix()}"
    ]


def test_a_readme_and_other_files_are_not_chapters(text):
    (text / "README.md").write_text("# Over deze teksten\n", encoding="utf-8")
    (text / "notities.txt").write_text("kladje\n", encoding="utf-8")
    files = chapters.narrative_files(chapters.listed(), text)
    assert [path.name for path in files] == [chapter.narrative for chapter in chapters.listed()]


def test_a_missing_narrative_folder_is_named(tmp_path):
    with pytest.raises(chapters.ChaptersError, match="missing: narrative folder not found"):
        chapters.narrative_files(chapters.listed(), tmp_path / "missing")


def test_report_yaml_sits_at_the_project_root():
    assert REPORT_YAML == PROJECT_ROOT / "report.yaml"
    assert REPORT_YAML.is_file()


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("x" * 51, "running_header: 51 characters, at most 50 fit on one line"),
        ("twee\nregels", "running_header: expected one line of text"),
        (["lijst"], "running_header: expected one line of text"),
    ],
)
def test_a_running_header_is_one_short_line(tmp_path, header, problem):
    path = tmp_path / "report.yaml"
    chapter = {"id": "inleiding", "narrative": "01-inleiding.md", "running_header": header}
    path.write_text(yaml.safe_dump({"chapters": [chapter]}), encoding="utf-8")
    with pytest.raises(chapters.ChaptersError, match=problem):
        chapters.read(path)


def test_the_2025_chapters_have_short_running_headers():
    headers = [chapter.running_header for chapter in chapters.listed()]
    assert all(header is None or len(header) <= 50 for header in headers)
    assert len({header for header in headers if header}) == 6
