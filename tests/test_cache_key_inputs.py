"""Every input of every cache key changes the key, one at a time, and nothing else does.

For each step's key this test names the inputs it must cover: its arguments, and the files a
change to which must make the step again (the module that makes it and the modules on its path,
its templates and style sheets, fonts, catalogues, the design files it prints from). Each is
flipped on its own (a file by the checksum the key reads of it) and the key must change. Then
every file the key read at all is flipped the same way, so that a file read but left out of the
key is found too. The keys' behaviour as a whole, cached build against uncached, is
test_cache_audit.py's; that a notebook run whose reads cannot be recorded is never cached,
test_kernel_reads.py's.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from sociaal_verslag.base import versions
from sociaal_verslag.base.paths import NOTEBOOKS_DIR, PACKAGE_DIR, TEMPLATES_DIR, font_dir
from sociaal_verslag.build import notebook_step, page_step, pdf_step, steps
from sociaal_verslag.cache import identity
from sociaal_verslag.execution import pool as runner
from sociaal_verslag.notebook import sources as notebook_sources
from sociaal_verslag.registers import validated
from sociaal_verslag.registers.exports import RegisterSource

MakeKey = Callable[[], str]


def html_key(content: object) -> str:
    return page_step.html_identity(content).key()


def pdf_key(**given: object) -> str:
    return pdf_step.pdf_identity(**given).key()  # type: ignore[arg-type]


def review_key(executed: Path, linked: list[str]) -> str:
    return page_step.review_identity(executed, linked).key()


def since_launch_key(**given: object) -> str:
    return steps.since_launch_identity(**given).key()  # type: ignore[arg-type]


def notebook_key(**given: object) -> str:
    return notebook_step.notebook_identity(**given).key()  # type: ignore[arg-type]


class _Checksums:
    """``sha256`` as the keys see it: recorded, and changed for one file on demand."""

    def __init__(self, original: Callable[[Path], str]) -> None:
        self.original = original
        self.read: set[Path] = set()
        self.flipped: Path | None = None

    def __call__(self, path: Path | str) -> str:
        path = Path(path).resolve()
        self.read.add(path)
        checksum = self.original(path)
        return "0" * 64 if path == self.flipped else checksum


@pytest.fixture
def checksums(monkeypatch) -> _Checksums:
    patched = _Checksums(identity.sha256)
    for module in (identity, page_step, pdf_step, notebook_step, validated):
        monkeypatch.setattr(module, "sha256", patched)
    return patched


def _assert_each_file_counts(checksums: _Checksums, make_key: MakeKey, must: list[Path]) -> None:
    checksums.flipped = None
    checksums.read.clear()
    base = make_key()
    read = set(checksums.read)
    missing = [path for path in must if path.resolve() not in read]
    assert not missing, f"the key does not read {missing}"
    unchanged = []
    for path in sorted(read):
        checksums.flipped = path
        if make_key() == base:
            unchanged.append(path)
    checksums.flipped = None
    assert not unchanged, f"read but not in the key: {unchanged}"


def _assert_each_argument_counts(make_key: Callable[..., str], base: dict, flips: dict) -> None:
    key = make_key(**base)
    for name, other in flips.items():
        assert make_key(**{**base, name: other}) != key, f"{name} is not in the key"


# --- the page ---------------------------------------------------------------------------------

PAGE_FILES = [
    PACKAGE_DIR / "build" / "page_step.py",
    PACKAGE_DIR / "render" / "page.py",
    PACKAGE_DIR / "text" / "narrative.py",  # the headings' anchors are made there
    PACKAGE_DIR / "language" / "typography.py",
    PACKAGE_DIR / "base" / "sanitize.py",
    PACKAGE_DIR / "render" / "manifest.py",  # the colophon
    PACKAGE_DIR / "review" / "pages.py",  # the review edition's links
    PACKAGE_DIR / "language" / "phrases.yaml",
    TEMPLATES_DIR / "bijzonder_verslag" / "index.html.j2",
    TEMPLATES_DIR / "bijzonder_verslag" / "report.css",
    TEMPLATES_DIR / "bijzonder_verslag" / "colophon.txt.j2",
    PACKAGE_DIR / "language" / "locale" / "fr" / "report.po",
    PACKAGE_DIR / "language" / "locale" / "fr" / "figures.po",
    PACKAGE_DIR / "registers" / "registers.yaml",  # the registers' names in the appendix
    PACKAGE_DIR / "metrics" / "financing.meta.yml",  # a figure's label and rule
]


def test_the_page_s_key_covers_its_content_code_templates_and_words(checksums, monkeypatch):
    content = {"text": {"nl": [["01", "Tekst."]]}, "colophon": {"final": False}}
    _assert_each_file_counts(checksums, lambda: html_key(content), PAGE_FILES)
    for flipped in ({"text": {"nl": [["01", "Tekst!"]]}}, {"colophon": {"final": True}}):
        assert html_key({**content, **flipped}) != html_key(content)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # other tests date their builds
    base = html_key(content)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert html_key(content) != base


# --- the PDF ----------------------------------------------------------------------------------

PDF_FILES = [
    PACKAGE_DIR / "build" / "pdf_step.py",
    PACKAGE_DIR / "render" / "pdf.py",
    TEMPLATES_DIR / "bijzonder_verslag" / "print.css",
    TEMPLATES_DIR / "bijzonder_verslag" / "metadata.txt.j2",
    PACKAGE_DIR / "language" / "locale" / "fr" / "report.po",
    font_dir() / "DejaVuSerif.ttf",
]


def test_the_pdf_s_key_covers_its_page_attachments_date_code_style_and_fonts(checksums, tmp_path):
    page = tmp_path / "verslag.html"
    page.write_text("<p>a</p>", "utf-8")
    attached = tmp_path / "figures.csv"
    attached.write_text("id\n", "utf-8")
    attachments = [(attached, "De cijfers")]

    def make_key() -> str:
        return pdf_key(html=page, attachments=attachments, built_at="2026-01-01T00:00:00Z")

    _assert_each_file_counts(checksums, make_key, [*PDF_FILES, page, attached])
    _assert_each_argument_counts(
        lambda **given: pdf_key(**given),
        {"html": page, "attachments": attachments, "built_at": "2026-01-01T00:00:00Z"},
        {"attachments": [(attached, "Les chiffres")], "built_at": "2026-01-02T00:00:00Z"},
    )


# --- a notebook's review page -------------------------------------------------------------------


def test_a_review_page_s_key_covers_its_notebook_links_code_and_template(checksums, tmp_path):
    executed = tmp_path / "02-bescherming.ipynb"
    executed.write_bytes((NOTEBOOKS_DIR / "02-bescherming.ipynb").read_bytes())
    must = [
        executed,
        PACKAGE_DIR / "review" / "pages.py",
        TEMPLATES_DIR / "review_notebook" / "index.html.j2",
        TEMPLATES_DIR / "review_notebook" / "conf.json",
    ]
    _assert_each_file_counts(checksums, lambda: review_key(executed, ["a.html"]), must)
    assert review_key(executed, ["b.html"]) != review_key(executed, ["a.html"])


# --- a validated register, and last year's total that a check compares -------------------------


def test_a_validated_register_s_key_covers_its_file_reading_year_and_loader(checksums):
    must = [PACKAGE_DIR / "registers" / "loading.py", PACKAGE_DIR / "registers" / "registers.yaml"]
    _assert_each_file_counts(
        checksums, lambda: validated.register_key("loans", "a" * 64, 2025, None), must
    )
    _assert_each_argument_counts(
        lambda **given: validated.register_key(**given),
        {"name": "loans", "file_sha": "a" * 64, "year": 2025, "source": None},
        {
            "name": "kbs_grants",
            "file_sha": "b" * 64,
            "year": 2026,
            "source": RegisterSource(format="csv-be"),
        },
    )


def test_last_year_s_total_is_keyed_like_the_figure_it_is_compared_with(checksums):
    must = [
        PACKAGE_DIR / "metrics" / "financing.py",
        PACKAGE_DIR / "metrics" / "_common.py",
        PACKAGE_DIR / "metrics" / "financing.meta.yml",
    ]
    _assert_each_file_counts(checksums, lambda: since_launch_key(register_key="k", year=2025), must)
    _assert_each_argument_counts(
        lambda **given: since_launch_key(**given),
        {"register_key": "k", "year": 2025},
        {"register_key": "l", "year": 2024},
    )


# --- a notebook's run, before it starts -------------------------------------------------------


def test_a_notebook_s_first_key_covers_what_it_reads_and_nothing_else():
    source = notebook_sources.read(NOTEBOOKS_DIR / "02-bescherming.ipynb")
    read_register = sorted(source.registers)[0]
    raw = {"year": 2025, "fte_hours_per_year": 1976, "organisation": "SmartCoop", "facts": {}}
    assert "fte_hours_per_year" in (source.params_keys or set())
    assert "organisation" not in (source.params_keys or {"organisation"})
    base = {
        "source": source,
        "parameters": {"year": 2025, "params_file": "params.yaml"},
        "raw_params": raw,
        "registers": {read_register: "a" * 64, "not_read": "a" * 64},
        "previous_registers": {},
        "kernel": runner.kernel_key(),
    }
    _assert_each_argument_counts(
        lambda **given: notebook_key(**given),
        base,
        {
            "parameters": {"year": 2025, "params_file": "other.yaml"},
            "raw_params": {**raw, "fte_hours_per_year": 2000},
            "registers": {read_register: "b" * 64, "not_read": "a" * 64},
            "kernel": {**runner.kernel_key(), "environment": {"TZ": "UTC"}},
        },
    )
    key = notebook_key(**base)
    # What the notebook does not read leaves its key alone: the run stays valid.
    unread = {
        "raw_params": {**raw, "organisation": "Andere"},
        "registers": {read_register: "a" * 64, "not_read": "b" * 64},
    }
    for name, other in unread.items():
        assert notebook_key(**{**base, name: other}) == key, name
    # A -p is shown as such under the recording cell that shows the value (recording.py): it
    # counts where the notebook reads what it sets, and only there.
    for override, counts in (("fte_hours_per_year=1976", True), ("organisation=X", False)):
        flipped = {**base, "raw_params": {**raw, "overrides": [override]}}
        assert (notebook_key(**flipped) != key) is counts, override


def test_a_notebook_s_first_key_covers_the_facts_it_records_and_no_other():
    source = next(
        found
        for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
        if (found := notebook_sources.read(path)).facts
        and "facts" not in (found.params_keys or {"facts"})
    )
    recorded = sorted(source.facts)[0]
    facts = {recorded: {"value": 1}, "not.recorded": {"value": 1}}
    base = {
        "source": source,
        "parameters": {"year": 2025},
        "raw_params": {"year": 2025, "facts": facts},
        "registers": {},
        "previous_registers": {},
        "kernel": {},
    }
    key = notebook_key(**base)

    def with_fact(name: str) -> str:
        changed = {**facts, name: {"value": 2}}
        return notebook_key(**{**base, "raw_params": {"year": 2025, "facts": changed}})

    assert with_fact(recorded) != key
    assert with_fact("not.recorded") == key
    assert notebook_key(**{**base, "raw_params": {"year": 2026, "facts": facts}}) != key


def test_the_installation_s_key_names_the_installed_distributions():
    installed = versions.installation()["distributions"]
    assert any(name.startswith("pandas-") for name in installed)
    assert any(name.startswith("weasyprint-") for name in installed)


def test_a_resource_folder_counts_its_files_at_any_depth_but_hidden_ones(tmp_path, monkeypatch):
    folder = tmp_path / "page"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    (folder / "partials").mkdir()
    (folder / "index.html.j2").write_text("a", "utf-8")
    (folder / "partials" / "a.j2").write_text("a", "utf-8")
    (folder / ".ipynb_checkpoints" / "index-checkpoint.html.j2").write_text("b", "utf-8")
    (folder / ".index.html.j2.swp").write_text("c", "utf-8")
    monkeypatch.setattr(identity, "PACKAGE_DIR", tmp_path)
    found = [path.relative_to(folder).as_posix() for path in identity._resource_files("page")]
    assert found == ["index.html.j2", "partials/a.j2"]


# --- the identity: declared once per step -----------------------------------------------------


def _declare(monkeypatch, tmp_path, edit: Callable[[dict], None]) -> None:
    """Make the build read a changed copy of cache/steps.yaml."""
    declared = yaml.safe_load(identity.STEPS_FILE.read_text("utf-8"))
    edit(declared)
    copy = tmp_path / "steps.yaml"
    copy.write_text(yaml.safe_dump(declared), "utf-8")
    monkeypatch.setattr(identity, "STEPS_FILE", copy)
    identity._declarations.cache_clear()


@pytest.fixture
def declarations(monkeypatch, tmp_path):
    identity._declarations.cache_clear()
    yield lambda edit: _declare(monkeypatch, tmp_path, edit)
    monkeypatch.undo()
    identity._declarations.cache_clear()


def test_a_resource_declared_for_one_step_changes_its_key_and_no_other(declarations, tmp_path):
    page = tmp_path / "verslag.html"
    page.write_text("<p>a</p>", "utf-8")
    content = {"text": {"nl": [["01", "Tekst."]]}}

    def both() -> tuple[str, str]:
        pdf = pdf_key(html=page, attachments=[], built_at="2026-01-01T00:00:00Z")
        return pdf, html_key(content)

    pdf, html = both()
    # A new input of the PDF, say the review template's style (any package file), in one line.
    declarations(lambda d: d["pdf"]["resources"].append("templates/review_index.html.j2"))
    assert both() == (pdf_key(html=page, attachments=[], built_at="2026-01-01T00:00:00Z"), html)
    assert both()[0] != pdf


def test_a_step_gives_what_it_declares_and_nothing_else():
    with pytest.raises(identity.IdentityError, match=r"step pdf is given registers, not in"):
        identity.StepIdentity("pdf", content="x", registers={}).key()
    with pytest.raises(identity.IdentityError, match=r"step notebook declares `given: kernel`"):
        identity.StepIdentity("notebook", content="x", parameters={}, registers={}).key()
    with pytest.raises(identity.IdentityError, match=r"no step 'pfd' is declared"):
        identity.StepIdentity("pfd", content="x").key()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["pdf"]["code"].append("render/pfd"), r"pdf\.code: no module render/pfd"),
        (
            lambda d: d["html"]["resources"].append("templates/missing/"),
            r"html\.resources: templates/missing/ names no file",
        ),
        (lambda d: d["review"].update(given=["contents"]), r"review\.given\[1\]"),
        (lambda d: d["review"].update(environment="installed"), r"review\.environment"),
        (lambda d: d["since-launch"].update(code_="x"), r"since-launch\.code_: unknown key"),
    ],
)
def test_a_wrong_declaration_is_one_line_naming_the_step_and_key(declarations, edit, message):
    declarations(edit)
    with pytest.raises(identity.IdentityError, match=message) as raised:
        identity.StepIdentity("pdf", content="x").key()
    [line] = raised.value.lines
    assert line.split(": ")[0].endswith("steps.yaml")


def _named_steps() -> set[str]:
    """The steps the package makes an identity of: ``StepIdentity("name", ...)``."""
    named = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "StepIdentity"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                named.add(node.args[0].value)
    return named


def test_every_declared_step_is_a_step_of_the_package_and_the_other_way_round():
    assert _named_steps() == set(identity.DECLARATIONS)
