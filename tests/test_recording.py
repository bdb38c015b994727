"""The rule beside the number: under each recording cell of the review pages, every figure with
its label and rule in words, its unit in Dutch, a fact's recorded source, the registers read (with
their records and sha256) and the metric function's code; the review index links every figure to
that block."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup, Tag

from sociaal_verslag import metrics
from sociaal_verslag.base.hashing import sha256
from sociaal_verslag.base.paths import PACKAGE_DIR, PROJECT_ROOT, params_file
from sociaal_verslag.base.yamlfiles import read_mapping
from sociaal_verslag.figures import units
from sociaal_verslag.figures.catalogue import CATALOGUE, MetricSpec, metric_spec
from sociaal_verslag.notebook import recording
from sociaal_verslag.registers.validated import INDEX_ENV
from sociaal_verslag.year.params import read_raw, validate

from .conftest import recorded_reads

PARAMS = validate(read_raw(params_file(2025)), "params/2025.yaml")


@pytest.fixture(scope="module")
def pages(build_2025) -> dict[str, BeautifulSoup]:
    review = build_2025.output_dir / "review"
    return {
        path.stem: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in review.glob("*.html")
    }


@pytest.fixture(scope="module")
def manifest(build_2025) -> dict:
    return json.loads((build_2025.output_dir / "manifest.json").read_text(encoding="utf-8"))


def _receipts() -> dict[str, int]:
    """Records of each register file, as ``data/2025/PROVENANCE.yaml`` recorded them."""
    provenance = read_mapping(PROJECT_ROOT / "data/2025/PROVENANCE.yaml", ValueError)
    return {f"data/2025/{name}": receipt["rows"] for name, receipt in provenance["files"].items()}


def _words(element: Tag) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


def _block(pages: dict[str, BeautifulSoup], figure) -> tuple[Tag, Tag]:
    """The figure's row (its anchor) and the block of the record() call it is in."""
    row = pages[figure.notebook].find(id=recording.figure_anchor(figure.id))
    assert row is not None, f"{figure.id}: no #{recording.figure_anchor(figure.id)}"
    return row, row.find_parent("div", class_="recorded")


def test_every_figure_shows_its_label_rule_unit_and_the_code_of_its_metric(build_2025, pages):
    assert set(build_2025.figures) == set(CATALOGUE)
    for figure in build_2025.figures.values():
        spec = CATALOGUE[figure.id]
        row, block = _block(pages, figure)
        cell = row.find_parent(id=f"cell-id={figure.cell_id}")
        assert cell is not None, f"{figure.id} is not under the cell that recorded it"
        assert row.find(class_="figure-label").get_text() == spec.label
        assert row.find(class_="figure-rule").get_text() == spec.rule
        assert figure.id in row.get_text() and figure.printed in row.get_text()
        assert units.in_words(spec.unit) in row.get_text()
        code = block.find("details", class_="metric-code")
        assert code is not None and "open" not in code.attrs  # folded
        assert code.summary.get_text().startswith("code van de regel")
        function = metric_spec(spec.metric).function
        assert f"def {function}(" in code.get_text(), figure.id
        assert code.find(class_="highlight") is not None  # highlighted by Pygments


def test_every_register_a_figure_read_shows_its_records_and_the_sha256_the_build_recorded(
    build_2025, pages, manifest
):
    receipts = _receipts()
    read_by_block: dict[int, set[str]] = {}
    for figure in build_2025.figures.values():
        _, block = _block(pages, figure)
        read = {
            item.find("code").get_text(): _words(item)
            for item in block.find_all("li", class_="register-read")
        }
        # The block shows what its metric read; a figure names those its rule reads.
        files = [name for name in figure.inputs if name.startswith("data/")]
        assert set(files) <= set(read), figure.id
        read_by_block.setdefault(id(block), set(read)).difference_update(files)
        for file in files:
            assert f"{receipts[file]} rijen" in read[file], (figure.id, file)
            assert f"sha256 {manifest['inputs'][file]}" in read[file], (figure.id, file)
    # and no block shows a register none of its figures read
    assert not any(read_by_block.values()), read_by_block


def test_a_fact_shows_the_source_recorded_in_the_parameters(build_2025, pages):
    facts = [figure for figure in build_2025.figures.values() if figure.source == "fact"]
    assert facts
    for figure in facts:
        row, _ = _block(pages, figure)
        source = row.find(class_="fact-source")
        assert source is not None, figure.id
        assert PARAMS.facts[figure.id].source in source.get_text()
        assert f"facts.{figure.id}.source" in source.get_text()
        assert "params/2025.yaml" in source.get_text()
    computed = next(figure for figure in build_2025.figures.values() if figure.source != "fact")
    assert _block(pages, computed)[0].find(class_="fact-source") is None


def test_a_fact_s_note_to_the_reviewers_shows_in_its_notebook_and_not_in_the_report(
    build_2025, pages
):
    noted = [fid for fid, fact in PARAMS.facts.items() if fact.review_note]
    assert noted  # the 2025 parameters note that Smart was 26, not 25, in 2024
    for figure_id in noted:
        note = _block(pages, build_2025.figures[figure_id])[0].find(class_="fact-note")
        assert note is not None and PARAMS.facts[figure_id].review_note in note.get_text()
        for edition in build_2025.editions:
            report = (build_2025.output_dir / edition.report_file).read_text(encoding="utf-8")
            assert PARAMS.facts[figure_id].review_note not in report
    unnoted = next(fid for fid, fact in PARAMS.facts.items() if not fact.review_note)
    assert _block(pages, build_2025.figures[unnoted])[0].find(class_="fact-note") is None


def test_a_parameter_a_metric_reads_shows_with_its_value(build_2025, pages):
    _, block = _block(pages, build_2025.figures["employment.fte"])
    parameters = [_words(item) for item in block.find_all("li", class_="parameter-read")]
    assert parameters == [
        f"parameter fte_hours_per_year = {PARAMS.fte_hours_per_year} (params/2025.yaml)"
    ]


def test_every_figure_link_of_the_index_lands_on_the_figure_s_rule_block(build_2025, pages):
    index = pages["index"]
    linked = set()
    for row in index.find_all("tr"):
        code = row.find("code")
        if code is None or code.get_text() not in build_2025.figures:
            continue
        figure = build_2025.figures[code.get_text()]
        link = row.find("a", href=re.compile(r"\.html#"))
        page, _, anchor = link["href"].partition("#")
        target = pages[page.removesuffix(".html")].find(id=anchor)
        assert target is not None, link["href"]
        assert "rule-block" in target["class"], link["href"]
        assert target.find(class_="figure-rule").get_text() == CATALOGUE[figure.id].rule
        assert figure.id in target.get_text()
        linked.add(figure.id)
    assert linked == set(CATALOGUE)


def test_the_index_shows_units_in_dutch_words(pages):
    table = pages["index"].find("h2", string="Cijfers").find_next("table")
    column = [th.get_text() for th in table.find_all("th")].index("eenheid")
    shown = {row.find_all("td")[column].get_text() for row in table.find_all("tr") if row.td}
    assert shown == {units.in_words(spec.unit) for spec in CATALOGUE.values()}
    assert "euro" in shown and "EUR" not in shown and "count" not in shown


def test_the_review_pages_speak_dutch(pages):
    for name, page in pages.items():
        if name in ("index", "verslag", "rapport"):  # the build's overview, the editions
            continue
        assert page.html["lang"] == "nl", name
        prompts = " ".join(_words(prompt) for prompt in page.find_all(class_=re.compile("Prompt$")))
        assert "In" not in prompts.split() and not re.search(r"\b(In|Out)\s*\[", prompts)
        assert re.search(r"\[\d+\]:", prompts)
        labels = [_words(label) for label in page.find_all(class_="cell-meta")]
        assert any(label.startswith("parameters van de build (") for label in labels), name
        assert all(re.search(r"· \d+,\d{3} s$", label) for label in labels), name


# --- without a build -----------------------------------------------------------------------------


def test_every_unit_of_the_catalogue_has_dutch_words():
    missing = {spec.unit for spec in CATALOGUE.values()} - set(units.unit_words())
    assert missing == set()
    assert units.in_words("EUR") == "euro"


def test_every_figure_has_its_own_anchor():
    anchors = [recording.figure_anchor(figure_id) for figure_id in CATALOGUE]
    assert len(set(anchors)) == len(anchors)
    assert all(re.fullmatch(r"figuur-[a-z0-9_-]+", anchor) for anchor in anchors)
    assert recording.figure_anchor("activity.turnover_eur") == "figuur-activity-turnover_eur"


def _frame(path: Path, rows: int) -> pd.DataFrame:
    frame = pd.DataFrame({"n": range(rows)})
    frame.attrs.update(source_file=str(path), register="loans")
    return frame


def test_a_register_read_outside_a_build_is_hashed_from_its_file(tmp_path, monkeypatch):
    monkeypatch.delenv(INDEX_ENV, raising=False)
    path = tmp_path / "loans.csv"
    path.write_text("n\n1\n2\n", encoding="utf-8")
    read = recording.register_read(_frame(path, 2))
    assert read == recording.RegisterRead("loans", str(path), 2, sha256(path))


def test_in_a_build_a_register_s_sha256_is_the_one_it_was_validated_with(tmp_path, monkeypatch):
    path = tmp_path / "loans.csv"
    path.write_text("n\n1\n", encoding="utf-8")
    index = tmp_path / "index.json"
    validated = {"file": str(path), "sha256": "a" * 64, "rows": 1, "parquet": "", "key": ""}
    index.write_text(json.dumps({"registers": {"loans": validated}}), encoding="utf-8")
    monkeypatch.setenv(INDEX_ENV, str(index))
    assert recording.register_read(_frame(path, 1)).sha256 == "a" * 64
    # Another file than the build validated: hashed itself.
    other = tmp_path / "other.csv"
    other.write_text("n\n", encoding="utf-8")
    assert recording.register_read(_frame(other, 0)).sha256 == sha256(other)


def test_parameters_are_read_from_the_arguments_or_from_the_parameters_given():
    employment = metric_spec("employment.contracts")
    function = metrics.function("employment.contracts")
    frame = pd.DataFrame()
    read = recording.parameters_read(employment, function, (frame, 2025, 1900))
    assert read == [recording.ParameterRead("fte_hours_per_year", 1900)]

    def handed_all(params, year):  # a metric handed the whole parameters
        return {}

    spec = MetricSpec("x.handed_all", ("x.y",), ("fte_hours_per_year",))
    read = recording.parameters_read(spec, handed_all, (PARAMS, 2025))
    assert read == [recording.ParameterRead("fte_hours_per_year", PARAMS.fte_hours_per_year)]


def test_a_change_to_what_a_recording_cell_shows_runs_the_notebooks_again(build_2025, build_cache):
    files = set(recorded_reads(build_2025, build_cache, "02-bescherming")["files"])
    for part in (
        "templates/review_notebook/recorded.html.j2",
        "figures/units.yaml",
        "notebook/recording.py",
    ):
        assert str(PACKAGE_DIR / part) in files
