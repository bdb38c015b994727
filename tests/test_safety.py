"""Nothing active is published: values from parameters, overrides, facts and registers are
escaped wherever they land, HTML passes an allow-list, and a page with active content is never
published. CSV cells for spreadsheets cannot start a formula."""

from __future__ import annotations

import csv
import shutil

import pytest

from sociaal_verslag.base import sanitize
from sociaal_verslag.base.errors import ReportError
from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.build.main import BuildOptions, build
from sociaal_verslag.cache.store import CACHE_ENV
from sociaal_verslag.figures.records import Figure, write_table
from sociaal_verslag.render import page as report

SCRIPT = "<script>alert(1)</script>"
HANDLER = '<img src="x" onerror="alert(2)">'
JS_LINK = '<a href="javascript:alert(3)">x</a>'


# --- the pieces ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "kept"),
    [
        (f"<p>tekst {SCRIPT}</p>", "<p>tekst </p>"),
        (f"<p>{HANDLER}</p>", "<p></p>"),
        (f"<p>{JS_LINK}</p>", "<p><a>x</a></p>"),
        ('<p><a href="JaVa\tScRiPt:alert(4)">x</a></p>', "<p><a>x</a></p>"),
        ('<iframe src="https://example.org"></iframe>', ""),
        ('<p style="background:url(javascript:x)">t</p>', "<p>t</p>"),
        (
            '<h2 id="juridisch-kader">Juridisch kader</h2>',
            '<h2 id="juridisch-kader">Juridisch kader</h2>',
        ),
        (
            '<a class="review-link figure-ref" href="review/01.html#cell-id=ab" title="t">8</a>',
            '<a class="review-link figure-ref" href="review/01.html#cell-id=ab" title="t">8</a>',
        ),
        (
            '<a href="https://guide.smart.coop/">gids</a>',
            '<a href="https://guide.smart.coop/">gids</a>',
        ),
    ],
)
def test_the_allow_list_keeps_what_the_report_uses_and_nothing_active(fragment, kept):
    assert sanitize.clean_html(fragment) == kept


@pytest.mark.parametrize(
    ("page", "found"),
    [
        (f"<p>{SCRIPT}</p>", "a <script> element"),
        (f"<p>{HANDLER}</p>", "an event handler onerror= on <img>"),
        (f"<p>{JS_LINK}</p>", "a javascript: URL in href="),
        ('<a href=" java&#x09;script:x">x</a>', "a javascript: URL in href="),
        ('<svg><a xlink:href="javascript:x">x</a></svg>', "a javascript: URL in xlink:href="),
        ('<iframe src="https://example.org"></iframe>', "a <iframe> element"),
        ('<object data="x.swf"></object>', "a <object> element"),
        ('<meta http-equiv="refresh" content="0;url=https://evil">', "meta http-equiv=refresh"),
        ('<a href="data:text/html,<script>x</script>">x</a>', "a data: URL in href="),
    ],
)
def test_active_content_is_found_wherever_it_is(page, found):
    problems = sanitize.active_content(f"<html><body>\n{page}\n</body></html>")
    assert problems and found in problems[0] and problems[0].startswith("line 2: ")


def test_charts_as_data_images_are_not_active_content():
    page = '<img src="data:image/svg+xml;base64,PHN2Zy8+" alt="grafiek">'
    assert sanitize.active_content(page) == []


def test_a_folder_with_an_active_page_is_not_publishable(tmp_path):
    (tmp_path / "review").mkdir()
    (tmp_path / "ok.html").write_text("<p>goed</p>", encoding="utf-8")
    (tmp_path / "review" / "index.html").write_text(f"<p>\n{SCRIPT}</p>", encoding="utf-8")
    with pytest.raises(sanitize.UnsafeOutputError) as caught:
        sanitize.check_publishable(tmp_path)
    assert "review/index.html, line 2: a <script> element" in str(caught.value)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("https://evil")', '\'=HYPERLINK("https://evil")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        ("meer dan 30.000", "meer dan 30.000"),
        (-12.5, -12.5),
    ],
)
def test_a_spreadsheet_cell_never_starts_a_formula(cell, written):
    assert sanitize.spreadsheet_cell(cell) == written


def test_figures_csv_neutralises_formulas(tmp_path):
    figure = Figure(
        id="site.area_m2",
        value=-4800,
        unit="m2",
        printed="-4.800",
        source="fact",
        rule="=1+1",
        inputs=('=HYPERLINK("x")',),
    )
    write_table([figure], tmp_path)
    with (tmp_path / "figures.csv").open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert row["rule"] == "'=1+1"
    assert row["inputs"] == '\'=HYPERLINK("x")'
    assert row["value"] == "-4800"  # a number stays a number


def test_markdown_escaping_shows_a_value_verbatim():
    from nbconvert.filters.markdown import markdown2html

    value = f"*nadruk* {SCRIPT} [link](javascript:x) `code`"
    html = markdown2html(sanitize.escape_markdown(value))
    assert sanitize.active_content(html) == []
    assert "*nadruk* &lt;script&gt;alert(1)&lt;/script&gt; [link](javascript:x) `code`" in html


# --- a hostile build --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, reproducible_time):
    """2025 built with hostile values in every place a value can come from."""
    root = tmp_path_factory.mktemp("hostile")
    data = root / f"data {HANDLER.replace('/', '')}"
    shutil.copytree(PROJECT_ROOT / "data" / "2025", data)
    (data / "PROVENANCE.yaml").unlink()  # the register below is changed on purpose
    groups = data / "smartlab_groups.csv"
    with groups.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][1] = f"{SCRIPT} {HANDLER}"  # a group name, drawn on a chart's axis
    with groups.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    overrides = [
        f"organisation=SmartCoop {SCRIPT}",
        f"data_dir={data}",
        f"facts.cyber.machines.source=IT-inventaris {HANDLER}",
        f"compliance.dividend_rate_pct.source=Jaarrekening {JS_LINK}",
        f"dividend_cap_source=KB {SCRIPT}",
    ]
    result = build(
        2025, BuildOptions(overrides=tuple(overrides), out_root=root / "output", progress=False)
    )
    return result, root


def test_no_page_of_a_hostile_build_holds_active_content(hostile_build):
    result, _ = hostile_build
    pages = sorted(result.output_dir.rglob("*.html"))
    assert len(pages) >= 7  # the report, the index and every review notebook
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert sanitize.active_content(text) == [], page.name
        assert "<script" not in text.lower()


def test_the_hostile_values_landed_escaped_where_a_reader_sees_them(hostile_build):
    result, _ = hostile_build
    report = result.html.read_text(encoding="utf-8")
    index = (result.output_dir / "review" / "index.html").read_text(encoding="utf-8")
    escaped_script = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f"SmartCoop {escaped_script}" in report  # title, meta, cover, colophon
    assert "onerror" in report  # the colophon quotes the overrides, as text
    assert escaped_script in index and "javascript:alert(3)" in index  # check details as text
    review_page = (result.output_dir / "review" / "04-ontplooiing.html").read_text("utf-8")
    assert "&lt;img src=" in review_page  # the data folder, a parameter of the notebook


def test_the_hostile_pdf_carries_the_values_as_text_only(hostile_build):
    import pikepdf

    result, _ = hostile_build
    with pikepdf.open(result.pdf) as pdf:
        assert "/JavaScript" not in str(pdf.Root.get("/Names", {}))
        assert "/OpenAction" not in pdf.Root
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                action = annotation.get("/A", {})
                assert action.get("/S") != "/JavaScript"
                assert not str(action.get("/URI", "")).lower().startswith("javascript:")


def test_a_page_with_active_content_fails_the_build_and_keeps_the_last_good_one(
    tmp_path, build_2025, monkeypatch
):
    out = tmp_path / "out"
    shutil.copytree(build_2025.output_dir, out / "2025")
    before = (out / "2025" / "bijzonder-verslag-2025.html").read_bytes()
    # A template that would let a script through: the build must refuse to publish it.
    monkeypatch.setattr(report, "clean_html", lambda fragment: fragment + SCRIPT)
    # Code patched in this process is in no cache key: its pages go to a cache of their own,
    # not the session's, which the build without the cache would refresh with them.
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    with pytest.raises(ReportError) as caught:
        # Without the cache: the patched code is not part of any cache key.
        build(2025, BuildOptions(out_root=out, progress=False, formats=("html",), use_cache=False))
    assert "active content found in the pages to publish" in str(caught.value)
    assert "a <script> element" in str(caught.value)
    assert (out / "2025" / "bijzonder-verslag-2025.html").read_bytes() == before
    assert (out / "partial" / ".failed-2025" / "bijzonder-verslag-2025.html").is_file()
