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

from collections.abc import Callable
from pathlib import Path

import pytest

from sociaal_verslag.base.paths import NOTEBOOKS_DIR, PACKAGE_DIR, TEMPLATES_DIR, font_dir
from sociaal_verslag.build import cache_keys as keys
from sociaal_verslag.execution import pool as runner
from sociaal_verslag.notebook import sources as notebook_sources
from sociaal_verslag.registers import validated
from sociaal_verslag.registers.exports import RegisterSource

MakeKey = Callable[[], str]


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
    patched = _Checksums(keys.sha256)
    monkeypatch.setattr(keys, "sha256", patched)
    monkeypatch.setattr(validated, "sha256", patched)
    validated.loader_version.cache_clear()
    yield patched
    validated.loader_version.cache_clear()


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
        validated.loader_version.cache_clear()
        if make_key() == base:
            unchanged.append(path)
    checksums.flipped = None
    validated.loader_version.cache_clear()
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
    _assert_each_file_counts(checksums, lambda: keys.html_key(content), PAGE_FILES)
    for flipped in ({"text": {"nl": [["01", "Tekst!"]]}}, {"colophon": {"final": True}}):
        assert keys.html_key({**content, **flipped}) != keys.html_key(content)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # other tests date their builds
    base = keys.html_key(content)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert keys.html_key(content) != base


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
        return keys.pdf_key(page, attachments, "2026-01-01T00:00:00Z")

    _assert_each_file_counts(checksums, make_key, [*PDF_FILES, page, attached])
    _assert_each_argument_counts(
        lambda **given: keys.pdf_key(**given),
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
    _assert_each_file_counts(checksums, lambda: keys.review_key(executed, ["a.html"]), must)
    assert keys.review_key(executed, ["b.html"]) != keys.review_key(executed, ["a.html"])


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
    _assert_each_file_counts(checksums, lambda: keys.since_launch_key("k", 2025), must)
    _assert_each_argument_counts(
        lambda **given: keys.since_launch_key(**given),
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
        lambda **given: keys.notebook_key(**given),
        base,
        {
            "parameters": {"year": 2025, "params_file": "other.yaml"},
            "raw_params": {**raw, "fte_hours_per_year": 2000},
            "registers": {read_register: "b" * 64, "not_read": "a" * 64},
            "kernel": {**runner.kernel_key(), "environment": {"TZ": "UTC"}},
        },
    )
    key = keys.notebook_key(**base)
    # What the notebook does not read leaves its key alone: the run stays valid.
    unread = {
        "raw_params": {**raw, "organisation": "Andere"},
        "registers": {read_register: "a" * 64, "not_read": "b" * 64},
    }
    for name, other in unread.items():
        assert keys.notebook_key(**{**base, name: other}) == key, name
    # A -p is shown as such under the recording cell that shows the value (recording.py): it
    # counts where the notebook reads what it sets, and only there.
    for override, counts in (("fte_hours_per_year=1976", True), ("organisation=X", False)):
        flipped = {**base, "raw_params": {**raw, "overrides": [override]}}
        assert (keys.notebook_key(**flipped) != key) is counts, override


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
    key = keys.notebook_key(**base)

    def with_fact(name: str) -> str:
        changed = {**facts, name: {"value": 2}}
        return keys.notebook_key(**{**base, "raw_params": {"year": 2025, "facts": changed}})

    assert with_fact(recorded) != key
    assert with_fact("not.recorded") == key
    assert keys.notebook_key(**{**base, "raw_params": {"year": 2026, "facts": facts}}) != key


def test_the_installation_s_key_names_the_installed_distributions():
    installed = keys.installation()["distributions"]
    assert any(name.startswith("pandas-") for name in installed)
    assert any(name.startswith("weasyprint-") for name in installed)


def test_a_template_folder_s_key_leaves_out_hidden_files(tmp_path, monkeypatch):
    folder = tmp_path / "page"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    (folder / "index.html.j2").write_text("a", "utf-8")
    (folder / ".ipynb_checkpoints" / "index-checkpoint.html.j2").write_text("b", "utf-8")
    (folder / ".index.html.j2.swp").write_text("c", "utf-8")
    monkeypatch.setattr(keys, "TEMPLATES_DIR", tmp_path)
    assert list(keys.template_digest("page")) == ["index.html.j2"]
