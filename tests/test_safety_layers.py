"""Each safety layer on its own, not only behind the one in front of it.

The placeholder scanner stops every escape before the narrative's sandbox sees it, so here the
sandbox gets the escapes itself; the sanitizer's lists are checked entry by entry (against the
lists it reads, and against a list of this test's own, so that an entry dropped from the code
is missed); the year lock is tried from another process; publishing is interrupted at each of
its steps. What a cache key is made of: see test_cache_key_inputs.py.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SecurityError

from sociaal_verslag.base import sanitize
from sociaal_verslag.base.errors import BuildError
from sociaal_verslag.base.paths import PROJECT_ROOT
from sociaal_verslag.build import publish
from sociaal_verslag.text import narrative

# --- the narrative's sandbox, without the scanner in front of it --------------------------------


class _Value:
    """Something a placeholder names (as a figure is), with code behind it."""

    printed = "2.274"

    def method(self) -> str:
        return "ran"


SANDBOX_ESCAPES = [
    "{{ text.__class__ }}",
    "{{ text.__class__.__mro__[1].__subclasses__() }}",
    "{{ value.method.__globals__ }}",
    "{{ value.__init__.__globals__ }}",
    "{{ value.__dict__ }}",
    "{{ '{0.__class__}'.format(text) }}",
    "{{ items.append(1) }}",  # the immutable sandbox: no mutation of what it is given
    "{{ table.update(a=1) }}",
    "{{ table.pop('a') }}",
]


@pytest.mark.parametrize("template", SANDBOX_ESCAPES)
def test_the_sandbox_refuses_an_escape_that_reaches_it(template):
    environment = narrative._environment()
    context = {"text": "tekst", "value": _Value(), "items": [], "table": {"a": 1}}
    with pytest.raises(SecurityError):
        environment.from_string(template).render(context)
    assert context["items"] == [] and context["table"] == {"a": 1}


@pytest.mark.parametrize(
    "template", ["{{ range(3) }}", "{{ cycler }}", "{{ lipsum() }}", "{{ namespace() }}"]
)
def test_the_sandbox_has_no_globals(template):
    with pytest.raises(jinja2.UndefinedError):
        narrative._environment().from_string(template).render()


@pytest.mark.parametrize("name", ["attr", "map", "format", "string", "pprint", "xmlattr"])
def test_the_sandbox_has_only_the_project_s_filters(name):
    with pytest.raises(jinja2.TemplateAssertionError):
        narrative._environment().from_string(f"{{{{ text | {name} }}}}")


# --- the sanitizer: every entry of its lists ----------------------------------------------------

ALWAYS_ACTIVE = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
}
"""Tags that can run or fetch something, whatever the sanitizer's own list says."""
NEVER_IN_THE_TEXT = ALWAYS_ACTIVE | {
    "style", "img", "svg", "math", "link", "meta", "input", "button", "textarea", "select",
    "video", "audio", "source", "picture", "template", "noscript", "dialog",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
HANDLERS = ["onclick", "onload", "onerror", "onmouseover", "onfocus", "onanimationstart"]
BAD_SCHEMES = ["javascript:", "vbscript:", "JaVaScRiPt:", "java\tscript:", " javascript:"]


def test_the_lists_name_every_tag_that_is_always_active():
    assert ALWAYS_ACTIVE <= sanitize.ACTIVE_TAGS
    assert not sanitize.ACTIVE_TAGS & sanitize.REPORT_TAGS
    assert URL_ATTRIBUTES <= sanitize.URL_ATTRIBUTES


@pytest.mark.parametrize("tag", sorted(sanitize.ACTIVE_TAGS | ALWAYS_ACTIVE))
def test_every_active_tag_is_found_in_a_page(tag):
    found = sanitize.active_content(f"<p>x</p>\n<{tag} class=a>y</{tag}>")
    assert found == [f"line 2: a <{tag}> element"]


@pytest.mark.parametrize("handler", HANDLERS)
def test_every_event_handler_is_found(handler):
    assert sanitize.active_content(f'<p {handler}="x()">a</p>') == [
        f"line 1: an event handler {handler}= on <p>"
    ]


@pytest.mark.parametrize("attribute", sorted(sanitize.URL_ATTRIBUTES | URL_ATTRIBUTES))
@pytest.mark.parametrize("scheme", BAD_SCHEMES)
def test_a_script_url_is_found_in_every_url_attribute(attribute, scheme):
    found = sanitize.active_content(f'<a {attribute}="{scheme}alert(1)">a</a>')
    assert len(found) == 1 and "URL in" in found[0]


TABLE_PARTS = {
    "caption": ("<table>", "</table>"),
    "colgroup": ("<table>", "</table>"),
    "col": ("<table><colgroup>", "</colgroup></table>"),
    "thead": ("<table>", "</table>"),
    "tbody": ("<table>", "</table>"),
    "tr": ("<table><tbody>", "</tbody></table>"),
    "td": ("<table><tbody><tr>", "</tr></tbody></table>"),
    "th": ("<table><tbody><tr>", "</tr></tbody></table>"),
}
"""Where a part of a table may stand: elsewhere an HTML parser drops it, allowed or not."""


def _placed(tag: str, attributes: str = "") -> str:
    before, after = TABLE_PARTS.get(tag, ("", ""))
    inner = "" if tag == "col" else "x"
    return f"{before}<{tag}{attributes}>{inner}</{tag}>{after}"


@pytest.mark.parametrize("tag", sorted(sanitize.REPORT_TAGS))
def test_every_tag_of_the_allow_list_survives_cleaning(tag):
    assert f"<{tag}" in sanitize.clean_html(_placed(tag))


@pytest.mark.parametrize("tag", sorted(NEVER_IN_THE_TEXT))
def test_every_other_tag_is_removed_by_cleaning(tag):
    assert f"<{tag}" not in sanitize.clean_html(f"<p>a<{tag} src=x>b</{tag}></p>")


@pytest.mark.parametrize(
    ("tag", "attribute"),
    sorted(
        (tag if tag != "*" else "p", attribute)
        for tag, attributes in sanitize.REPORT_ATTRIBUTES.items()
        for attribute in attributes
    ),
)
def test_every_attribute_of_the_allow_list_survives_and_no_other(tag, attribute):
    cleaned = sanitize.clean_html(_placed(tag, f' {attribute}="1" style="x" onclick="y"'))
    assert f'{attribute}="1"' in cleaned
    assert "style" not in cleaned and "onclick" not in cleaned


@pytest.mark.parametrize("scheme", sorted(sanitize.LINK_SCHEMES))
def test_every_allowed_link_scheme_survives(scheme):
    assert f'href="{scheme}:x' in sanitize.clean_html(f'<a href="{scheme}:x">a</a>')


@pytest.mark.parametrize("scheme", ["javascript", "vbscript", "data", "file", "ftp", "blob"])
def test_every_other_link_scheme_is_removed(scheme):
    assert f"{scheme}:" not in sanitize.clean_html(f'<a href="{scheme}:x">a</a>').lower()


# --- the year lock, from another process ---------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sociaal_verslag.build import publish
    with publish.year_lock(Path(sys.argv[1]), 2025):
        print("held", flush=True)
        sys.stdin.read()
    """
)


def test_the_year_lock_is_exclusive_across_processes(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        refused = pytest.raises(BuildError, match="another build of 2025 is running")
        with refused, publish.year_lock(tmp_path, 2025):
            pass
        with publish.year_lock(tmp_path, 2024):  # another year is another lock
            pass
    finally:
        holder.communicate("", timeout=30)
    with publish.year_lock(tmp_path, 2025):  # released with its holder
        pass


# --- publishing: the last good report, or the new one, whole ------------------------------------


def _folder(path: Path, content: str) -> Path:
    (path / "review").mkdir(parents=True)
    (path / "report.html").write_text(content, "utf-8")
    (path / "review" / "index.html").write_text(content, "utf-8")
    return path


def _content(path: Path) -> set[str]:
    return {file.read_text("utf-8") for file in path.rglob("*") if file.is_file()}


RENAMES = 2
"""A publish over an existing report renames twice: the old one aside, the new one in."""


@pytest.mark.parametrize("failing", range(1, RENAMES + 1))
def test_a_publish_that_fails_at_any_rename_leaves_the_old_report_whole(
    tmp_path, monkeypatch, failing
):
    target = _folder(tmp_path / "2025", "old")
    staging = _folder(tmp_path / ".staging-2025", "new")
    rename = Path.rename
    calls = []

    def flaky(self, other):
        calls.append(self)
        if len(calls) == failing:
            raise OSError(16, "busy")
        return rename(self, other)

    monkeypatch.setattr(Path, "rename", flaky)
    with pytest.raises(OSError):
        publish.publish(staging, target)
    monkeypatch.setattr(Path, "rename", rename)
    assert _content(target) == {"old"}
    publish.publish(staging, target)  # and the next publish goes through
    assert _content(target) == {"new"}
    assert [path.name for path in tmp_path.iterdir()] == ["2025"]


@pytest.mark.parametrize("next_fails", [False, True])
def test_a_publish_interrupted_between_its_renames_is_undone_by_the_next(
    tmp_path, monkeypatch, next_fails
):
    """Stopped after the old report was set aside (a killed process): the next publish brings
    it back first, then replaces it whole; if that one fails too, the old report is there."""
    _folder(tmp_path / ".previous-2025", "old")
    target = tmp_path / "2025"
    staging = _folder(tmp_path / ".staging-2025", "new")
    rename = Path.rename

    def new_one_refused(self, other):
        if next_fails and self == staging:
            raise OSError(16, "busy")
        return rename(self, other)

    monkeypatch.setattr(Path, "rename", new_one_refused)
    if next_fails:
        with pytest.raises(OSError):
            publish.publish(staging, target)
    else:
        publish.publish(staging, target)
    assert _content(target) == {"old" if next_fails else "new"}
    assert not (tmp_path / ".previous-2025").exists()


def test_a_publish_replaces_the_old_report_entirely(tmp_path):
    target = _folder(tmp_path / "2025", "old")
    (target / "only-in-the-old.pdf").write_text("old", "utf-8")
    publish.publish(_folder(tmp_path / ".staging-2025", "new"), target)
    assert _content(target) == {"new"}
    assert not (target / "only-in-the-old.pdf").exists()


def test_a_leftover_of_an_earlier_publish_beside_the_report_is_dropped(tmp_path):
    """The old report set aside but not removed (its removal failed), the report in place."""
    _folder(tmp_path / ".previous-2025", "older")
    target = _folder(tmp_path / "2025", "old")
    publish.publish(_folder(tmp_path / ".staging-2025", "new"), target)
    assert _content(target) == {"new"}
    assert [path.name for path in tmp_path.iterdir()] == ["2025"]


def test_a_first_publish_that_fails_raises_its_own_error(tmp_path, monkeypatch):
    staging = _folder(tmp_path / ".staging-2025", "new")
    rename = Path.rename

    def busy(self, other):
        if self == staging:
            raise OSError(16, "busy")
        return rename(self, other)

    monkeypatch.setattr(Path, "rename", busy)
    with pytest.raises(OSError) as caught:
        publish.publish(staging, tmp_path / "2025")
    assert caught.value.errno == 16


def test_an_old_report_that_cannot_be_removed_does_not_fail_the_publish(tmp_path, monkeypatch):
    target = _folder(tmp_path / "2025", "old")
    rmtree = publish.shutil.rmtree

    def stubborn(path, ignore_errors=False, **kwargs):
        if not ignore_errors:
            raise OSError(13, "permission denied")
        return None

    monkeypatch.setattr(publish.shutil, "rmtree", stubborn)
    publish.publish(_folder(tmp_path / ".staging-2025", "new"), target)
    monkeypatch.setattr(publish.shutil, "rmtree", rmtree)
    assert _content(target) == {"new"}


def test_a_failed_publish_keeps_the_build_for_inspection_and_says_where(tmp_path, monkeypatch):
    target = _folder(tmp_path / "2025", "old")
    failed = _folder(tmp_path / ".failed-2025", "an earlier failure")
    staging = _folder(tmp_path / ".staging-2025", "new")
    rename = Path.rename

    def busy(self, other):
        if self == staging and Path(other) == target:
            raise OSError(16, "busy")
        return rename(self, other)

    monkeypatch.setattr(Path, "rename", busy)
    with pytest.raises(BuildError) as caught:
        publish.replace(staging, target, failed)
    assert str(caught.value).startswith(f"cannot publish {target.as_posix()}: busy;")
    assert str(caught.value).endswith(f"this build is in {failed.as_posix()}")
    assert _content(target) == {"old"} and _content(failed) == {"new"}
    monkeypatch.setattr(Path, "rename", rename)
    staging = _folder(tmp_path / ".staging-2025", "newer")
    publish.replace(staging, target, failed)  # a publish that succeeds removes the failed one
    assert _content(target) == {"newer"} and not failed.exists()
    # ... and one it cannot remove does not fail the publish that succeeded
    _folder(failed, "stuck")
    rmtree = publish.shutil.rmtree

    def stubborn(path, ignore_errors=False, **kwargs):
        if not ignore_errors:
            raise OSError(13, "permission denied")
        return rmtree(path, ignore_errors=True)

    monkeypatch.setattr(publish.shutil, "rmtree", stubborn)
    publish.replace(_folder(tmp_path / ".staging-2025", "newest"), target, failed)
    assert _content(target) == {"newest"}


def test_keeping_a_failed_build_never_raises(tmp_path, monkeypatch):
    staging = _folder(tmp_path / ".staging-2025", "new")

    def refused(self, other):
        raise OSError(30, "read-only file system")

    monkeypatch.setattr(Path, "rename", refused)
    publish.keep_failed(staging, tmp_path / ".failed-2025")  # no exception
    assert _content(staging) == {"new"}
