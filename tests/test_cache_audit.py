"""The cache's standing audit: whatever changed, a build with the cache publishes exactly what a
build from scratch publishes, or fails with the same message.

Every case works in one copy of the project with a cache of its own, warmed by a first build.
A case may first set something up (a notebook that reads a file beside the registers) and
build it with the cache, so that the cache knows the state before; then it makes its change,
builds with the cache and builds again with ``--no-cache``. The two must give the same figures
(value and printed form), the same HTML and PDF of both editions, byte for byte, and the same
review index (its text, but the record of which steps ran or came from the cache and how long
they took). Each case is undone before the next.

``make test`` runs the cases marked quick, one of each kind of risk; ``make cache-audit`` runs
them all (``pytest --cache-audit tests/test_cache_audit.py``).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.cache.store import CACHE_ENV

from .conftest import SOURCE_DATE_EPOCH
from .project_copy import copy_project, sociaal_verslag

EDITIONS = ("bijzonder-verslag-2025", "rapport-special-2025")
NOTEBOOKS = (
    "01-dynamiek",
    "02-bescherming",
    "03-erkenning",
    "04-ontplooiing",
    "05-middelen-en-risicos",
)

pytestmark = pytest.mark.build  # builds, or starts kernels or the command line: seconds each


@dataclass
class Built:
    """What one build published (read at once: the next build replaces it)."""

    code: int
    stderr: str
    documents: dict[str, bytes] = field(default_factory=dict)
    figures: list[tuple[str, object, str]] = field(default_factory=list)
    index: str = ""
    ran: list[str] = field(default_factory=list)

    @property
    def error(self) -> str:
        """The failure's first line (its message), '' when it succeeded."""
        lines = [line for line in self.stderr.splitlines() if line.startswith("error:")]
        return lines[0] if lines else ""


def _index_text(html: str) -> str:
    """The review index as a reviewer reads it, without the steps' record and durations."""
    soup = BeautifulSoup(html, "html.parser")
    for table in soup.select("table.steps"):
        table.decompose()
    text = " ".join(soup.get_text(" ").split())
    return re.sub(r"\d+[.,]\d+ s\b", "_ s", text)


class Project:
    """The copy of the project the cases change, its cache and its command line."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.out = root / "output"
        self.environment = {
            CACHE_ENV: str(root / "cache"),
            "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        }
        self._saved: dict[Path, bytes | None] = {}
        self._environment = dict(self.environment)
        self.before: Built | None = None
        """The first build, with the cache warmed by it."""

    def path(self, name: str) -> Path:
        """A file of the copy, by its path in the project."""
        return self.root / name

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace the one ``old`` in the file by ``new`` (undone after the case)."""
        path = self._keep(name)
        text = path.read_text("utf-8")
        assert text.count(old) == 1, f"{name}: {old!r}"
        path.write_text(text.replace(old, new), "utf-8")

    def write(self, name: str, text: str) -> None:
        """Write a file of the copy (undone after the case: removed if it was not there)."""
        path = self._keep(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")

    def edit_cell(self, notebook: str, old: str, new: str) -> None:
        """Replace ``old`` by ``new`` in the one code cell of a chapter notebook holding it."""
        path = self._keep(f"notebooks/{notebook}.ipynb")
        document = json.loads(path.read_text("utf-8"))
        cells = [c for c in document["cells"] if old in "".join(c["source"])]
        assert len(cells) == 1, f"{notebook}: {old!r}"
        cells[0]["source"] = "".join(cells[0]["source"]).replace(old, new)
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", "utf-8")

    def _keep(self, name: str) -> Path:
        path = self.path(name)
        if path not in self._saved:
            self._saved[path] = path.read_bytes() if path.exists() else None
        return path

    def undo(self) -> None:
        """Every file as it was before the case, and the environment."""
        for path, content in self._saved.items():
            if content is None:
                path.unlink(missing_ok=True)
                with contextlib.suppress(OSError):  # a folder the case made, if empty now
                    path.parent.rmdir()
            else:
                path.write_bytes(content)
        self._saved.clear()
        self.environment = dict(self._environment)

    def run(self, *arguments: str) -> str:
        """Run a command of the copy's command line that must succeed; its output."""
        done = sociaal_verslag(self.root, *arguments, environment=self.environment)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def build(self, *arguments: str) -> Built:
        """Build 2025 into the copy's output folder and read what it published."""
        shutil.rmtree(self.out / ".failed-2025", ignore_errors=True)  # an earlier failure's
        done = sociaal_verslag(
            self.root,
            "build",
            "2025",
            "-q",
            "--out",
            str(self.out),
            *arguments,
            environment=self.environment,
        )
        built = Built(done.returncode, done.stderr)
        built.ran = self._notebooks_that_ran(done.returncode)
        if done.returncode != 0:
            return built
        year = self.out / "2025"
        for edition in EDITIONS:
            for suffix in (".html", ".pdf"):
                built.documents[edition + suffix] = (year / (edition + suffix)).read_bytes()
        table = json.loads((year / "figures.json").read_text("utf-8"))
        built.figures = [(item["id"], item["value"], item["printed"]) for item in table]
        built.index = _index_text((year / "review" / "index.html").read_text("utf-8"))
        return built

    def _notebooks_that_ran(self, code: int) -> list[str]:
        """The notebooks the last build ran, from its manifest (kept aside when it failed)."""
        manifest = self.out / ("2025" if code == 0 else ".failed-2025") / "manifest.json"
        if not manifest.is_file():  # it stopped before its notebooks
            return []
        return sorted(
            step["name"].removeprefix("notebook ")
            for step in json.loads(manifest.read_text("utf-8"))["steps"]
            if step["name"].startswith("notebook ") and step["status"] == "ran"
        )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    copy = Project(copy_project(tmp_path_factory.mktemp("audit") / "project"))
    copy.before = copy.build()
    assert copy.before.code == 0, copy.before.stderr
    yield copy


# --- the changes --------------------------------------------------------------------------------

LOANS = "data/2025/loans.csv"
FIRST_LOAN = "LN-2025-0001,P1248803,training,2025-01-04,1760,2025-01-17,1760"


def _record_loans(project: Project) -> None:
    project._keep("data/2025/PROVENANCE.yaml")
    project.run("data", "record", "2025", "loans")


def _loan_row(project: Project) -> None:
    project.edit(LOANS, FIRST_LOAN, FIRST_LOAN.replace(",1760", ",1860"))
    _record_loans(project)


def _loan_added(project: Project) -> None:
    project.edit(
        LOANS,
        FIRST_LOAN + "\n",
        FIRST_LOAN + "\nLN-2025-0999,P1248803,training,2025-12-31,500,2025-12-31,500\n",
    )
    _record_loans(project)


def _heading_function(project: Project) -> None:
    # A module on the page's path only: no notebook runs it, the page's content is the same.
    project.edit(
        "sociaal_verslag/text/narrative.py",
        'return re.sub(r"[*_`]", "", re.sub(r"<[^>]+>", "", text))',
        'return re.sub(r"[*_`]", "", re.sub(r"<[^>]+>", "", text)).upper()',
    )


def _excluded_loans_read(project: Project) -> None:
    project.write("data/2025/excluded_loans.csv", "loan_id\nLN-2025-0001\n")
    project.edit_cell(
        "01-dynamiek",
        'loans = load("loans", params)\n',
        'loans = load("loans", params)\n'
        "excluded = __import__('pandas').read_csv(params.data_path / 'excluded_loans.csv')\n"
        'loans = loans[~loans["loan_id"].isin(excluded["loan_id"])]\n',
    )


def _excluded_loans_changed(project: Project) -> None:
    project.write("data/2025/excluded_loans.csv", "loan_id\nLN-2025-0002\nLN-2025-0003\n")


def _rule_and_its_check(project: Project) -> None:
    # Both rules leave out loans under 2.000 euro: the check (last year's total since launch
    # plus this year's payouts is this year's total) holds under the new rule as under the old.
    metric = "sociaal_verslag/metrics/financing.py"
    at_least = ' & (loans["amount_disbursed_eur"] >= 2000)]'
    this_year = 'loans[in_year(loans["disbursed_on"], year)'
    project.edit(metric, this_year + "]", this_year + at_least)
    since = 'loans[loans["disbursed_on"].notna() & (loans["disbursed_on"] <= year_end(year))'
    project.edit(metric, since + "]", since + at_least)


def _entries(project: Project, kind: str) -> list[Path]:
    return sorted((project.root / "cache" / kind).iterdir())


def _cut_off_notebooks(project: Project) -> None:
    for entry in _entries(project, "notebooks"):
        for path in entry.glob("*.ipynb"):
            path.write_bytes(path.read_bytes()[:1000])


def _cut_off_registers(project: Project) -> None:
    for entry in _entries(project, "registers"):
        parquet = entry / "register.parquet"
        parquet.write_bytes(parquet.read_bytes()[:100])


def _garbled_page_meta(project: Project) -> None:
    for entry in _entries(project, "html"):
        (entry / "meta.json").write_text('{"built_at": "2001-01-01T00:00:00+00:00"}', "utf-8")


def _half_written_pdfs(project: Project) -> None:
    for entry in _entries(project, "pdf"):
        (entry / "checksums.json").unlink()


def _cache_in_the_way(project: Project) -> None:
    blocker = project.root / "not-a-folder"
    blocker.write_text("", "utf-8")
    project._saved.setdefault(blocker, None)
    project.environment[CACHE_ENV] = str(blocker / "cache")


def _environment_read(project: Project) -> None:
    project.edit_cell(
        "02-bescherming",
        'record("employment.contracts", contracts, year, params.fte_hours_per_year)',
        "hours = int(__import__('os').environ.get('SV_HOURS', params.fte_hours_per_year))\n"
        'record("employment.contracts", contracts, year, hours)',
    )


def _environment_changed(project: Project) -> None:
    project.environment["SV_HOURS"] = "2000"


def _helper_read(project: Project) -> None:
    project.write("notebooks/helpers/adjust.py", "FACTOR = 1\n")
    project.edit_cell(
        "05-middelen-en-risicos",
        'security_log = load("security_monthly", params)\n',
        'security_log = load("security_monthly", params)\n'
        f"__import__('sys').path.insert(0, {str(project.path('notebooks/helpers'))!r})\n"
        "security_log['av_malware'] = security_log['av_malware'] * __import__('adjust').FACTOR\n",
    )


def _helper_changed(project: Project) -> None:
    project.write("notebooks/helpers/adjust.py", "FACTOR = 2\n")


def _package_helper_read(project: Project) -> None:
    project.write("sociaal_verslag/smartlab_rules.py", "MINIMUM = 3\n")
    project.edit_cell(
        "04-ontplooiing",
        "minimum = params.smartlab_regular_min_meetings",
        "minimum = __import__('importlib').import_module('sociaal_verslag.smartlab_rules').MINIMUM",
    )


def _package_helper_changed(project: Project) -> None:
    project.write("sociaal_verslag/smartlab_rules.py", "MINIMUM = 4\n")


def _printed_in_words(project: Project) -> None:
    # A figure's printed style, in its description: 6 becomes "zes" (and "six").
    project.edit(
        "sociaal_verslag/metrics/cyber.meta.yml",
        "        style: quantity\n        label: geblokkeerde malware-aanvallen",
        "        style: word\n        label: geblokkeerde malware-aanvallen",
    )


def _label_changed(project: Project) -> None:
    # A figure's label, in its description and as the message id of its French: every kernel
    # reads the French catalogues (one catalogue per language), so every notebook runs again.
    old = "geblokkeerde malware-aanvallen per maand"
    new = "tegengehouden malware-aanvallen per maand"
    project.edit("sociaal_verslag/metrics/cyber.meta.yml", f"label: {old}", f"label: {new}")
    project.edit(
        "sociaal_verslag/language/locale/fr/figures.po", f'msgid "{old}"', f'msgid "{new}"'
    )


def _optional_file_read(project: Project) -> None:
    project.edit_cell(
        "05-middelen-en-risicos",
        'security_log = load("security_monthly", params)\n',
        'security_log = load("security_monthly", params)\n'
        "extra = params.data_path / 'extra_blocks.txt'\n"
        "if extra.exists():\n"
        "    security_log['av_malware'] = security_log['av_malware'] + int(extra.read_text())\n",
    )


def _optional_file_added(project: Project) -> None:
    project.write("data/2025/extra_blocks.txt", "7\n")


def _linked_file_read(project: Project) -> None:
    project.write("data/2025/exclusions/v1.csv", "loan_id\nLN-2025-0001\n")
    project.write("data/2025/exclusions/v2.csv", "loan_id\nLN-2025-0002\n")
    link = project._keep("data/2025/exclusions/latest.csv")
    link.symlink_to("v1.csv")
    project.edit_cell(
        "01-dynamiek",
        'loans = load("loans", params)\n',
        'loans = load("loans", params)\n'
        "latest = params.data_path / 'exclusions' / 'latest.csv'\n"
        "excluded = __import__('pandas').read_csv(latest)\n"
        'loans = loans[~loans["loan_id"].isin(excluded["loan_id"])]\n',
    )


def _link_pointed_elsewhere(project: Project) -> None:
    link = project.path("data/2025/exclusions/latest.csv")
    link.unlink()
    link.symlink_to("v2.csv")


def _parameters_renamed(project: Project) -> None:
    path = project._keep("notebooks/04-ontplooiing.ipynb")
    document = json.loads(path.read_text("utf-8"))
    for cell in document["cells"]:
        if cell["cell_type"] == "code":
            cell["source"] = re.sub(r"\bparams\b", "settings", "".join(cell["source"]))
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", "utf-8")


def _fact_read_directly(project: Project) -> None:
    project.edit_cell(
        "05-middelen-en-risicos",
        'security_log = load("security_monthly", params)\n',
        'security_log = load("security_monthly", params)\n'
        'groups = params.fact("reform.working_groups")\n'
        "security_log['av_malware'] = security_log['av_malware'] + groups\n",
    )


def _fact_changed(project: Project) -> None:
    project.edit(
        "params/2025.yaml",
        '    value: 4\n    source: "Directiecomit',
        '    value: 5\n    source: "Directiecomit',
    )


def _kernel_with_an_environment(project: Project) -> None:
    # A kernel spec of the user's, found before the project's, that gives the kernel a variable.
    spec = json.loads(
        (Path(sys.prefix) / "share/jupyter/kernels/sociaal-verslag/kernel.json").read_text("utf-8")
    )
    spec["env"] = {"SV_EXTRA": "0"}
    project.write("jupyter/kernels/sociaal-verslag/kernel.json", json.dumps(spec))
    project.environment["JUPYTER_PATH"] = str(project.path("jupyter"))
    _environment_read_as("SV_EXTRA")(project)


def _kernel_environment_changed(project: Project) -> None:
    path = project.path("jupyter/kernels/sociaal-verslag/kernel.json")
    spec = json.loads(path.read_text("utf-8"))
    spec["env"] = {"SV_EXTRA": "3"}
    path.write_text(json.dumps(spec), "utf-8")


def _environment_read_as(variable: str) -> Callable[[Project], None]:
    def read(project: Project) -> None:
        project.edit_cell(
            "05-middelen-en-risicos",
            'security_log = load("security_monthly", params)\n',
            'security_log = load("security_monthly", params)\n'
            f"extra = int(__import__('os').environ.get({variable!r}, '0'))\n"
            "security_log['av_malware'] = security_log['av_malware'] + extra\n",
        )

    return read


def _output_folder_gone(project: Project) -> None:
    # The cache keeps the runs of a build published elsewhere; that folder is removed since.
    elsewhere = project.root / "elsewhere"
    assert project.build("--out", str(elsewhere)).code == 0
    shutil.rmtree(elsewhere)


def _approved(project: Project) -> None:
    project._keep("reviews/2025.yaml")
    project.run(
        "review", "approve", "2025", "--by", "An Peeters", "--figure", "employment.fte",
        "--out", str(project.out),
    )  # fmt: skip


def _chapters_swapped(project: Project) -> None:
    path = project._keep("report.yaml")
    text = path.read_text("utf-8")
    blocks = re.split(r"(?m)^(?=  - id: )", text)
    blocks[5], blocks[6] = blocks[6], blocks[5]
    path.write_text("".join(blocks), "utf-8")


@dataclass(frozen=True)
class Case:
    """One kind of change, and what the build with the cache must do about it."""

    name: str
    change: Callable[[Project], None]
    setup: Callable[[Project], None] | None = None
    quick: bool = False
    ran: tuple[str, ...] | None = None
    """The notebooks the build with the cache runs (None: not checked)."""
    same_as_before: bool = False
    """The change must not change what is published (a damaged cache, a comment)."""
    cache_only: bool = False
    """It changes the cache only: the first build of the project, made without a cache, is
    the build from scratch to compare with."""
    arguments: tuple[str, ...] = ()
    """Given to the builds after the change (with the cache and without)."""
    warning: str = ""
    """What the build with the cache must warn of."""


CASES = [
    # A module on the page's path: the page's key covers its import closure.
    Case("a module of the page", _heading_function, quick=True, ran=()),
    # A notebook that reads a file beside the registers, with pandas.
    Case(
        "a file a notebook reads",
        _excluded_loans_changed,
        setup=_excluded_loans_read,
        quick=True,
        ran=("01-dynamiek",),
    ),
    # A changed rule whose check compares with last year's total, which the build computes.
    Case("a rule a check compares", _rule_and_its_check, quick=True),
    # A damaged cache: a truncated notebook, an unusable folder.
    Case(
        "notebooks cut off in the cache",
        _cut_off_notebooks,
        quick=True,
        same_as_before=True,
        ran=NOTEBOOKS,
        warning="is damaged (",
        cache_only=True,
    ),
    Case(
        "a cache that cannot be made",
        _cache_in_the_way,
        quick=True,
        same_as_before=True,
        ran=NOTEBOOKS,
        warning="cannot be used (Not a directory)",
        cache_only=True,
    ),
    Case("a register row", _loan_row, ran=("01-dynamiek",)),
    Case("a register row added on 31 December", _loan_added, ran=("01-dynamiek",)),
    Case(
        "a parameter given on the command line",
        lambda project: None,
        arguments=("-p", "fte_hours_per_year=2000"),
        ran=("02-bescherming",),
    ),
    Case(
        "a fact in the parameters",
        lambda p: p.edit("params/2025.yaml", "    value: 300\n", "    value: 310\n"),
        ran=("05-middelen-en-risicos",),
    ),
    Case(
        "a notebook cell",
        lambda p: p.edit_cell(
            "04-ontplooiing",
            "minimum = params.smartlab_regular_min_meetings",
            "minimum = params.smartlab_regular_min_meetings + 1",
        ),
        ran=("04-ontplooiing",),
    ),
    Case(
        "a metric's code",
        lambda p: p.edit(
            "sociaal_verslag/metrics/cyber.py",
            'rounded(float(mean["av_malware"]))',
            'rounded(float(mean["av_malware"]) * 2)',
        ),
        ran=("05-middelen-en-risicos",),
    ),
    Case("a figure's printed style", _printed_in_words, ran=("05-middelen-en-risicos",)),
    Case("a figure's label and its French", _label_changed, ran=NOTEBOOKS),
    Case(
        "a module every notebook runs",
        lambda p: p.edit(
            "sociaal_verslag/language/formatting.py",
            "from __future__ import annotations\n",
            "from __future__ import annotations\n\n# a comment\n",
        ),
        ran=NOTEBOOKS,
        same_as_before=True,
    ),
    Case(
        "a phrase",
        lambda p: p.edit(
            "sociaal_verslag/language/phrases.yaml",
            "  more_than: meer dan\n",
            "  more_than: ruim\n",
        ),
    ),
    Case(
        "a page template",
        lambda p: p.edit(
            "sociaal_verslag/templates/bijzonder_verslag/heading.html.j2",
            '<h{{ heading.level }} id="{{ heading.anchor }}">',
            '<h{{ heading.level }} id="{{ heading.anchor }}" class="kop">',
        ),
        ran=(),
    ),
    Case(
        "the print style",
        lambda p: p.edit(
            "sociaal_verslag/templates/bijzonder_verslag/print.css",
            "html { font-size: 10.5pt; }",
            "html { font-size: 11pt; }",
        ),
        ran=(),
    ),
    Case(
        "a French translation",
        lambda p: p.edit(
            "sociaal_verslag/language/locale/fr/report.po",
            'msgid "Cijfer"\nmsgstr "Chiffre"',
            'msgid "Cijfer"\nmsgstr "Nombre"',
        ),
    ),
    Case(
        "a sentence of the Dutch text",
        lambda p: p.edit(
            "notebooks/narrative/2025/03-dynamiek.md", "was een goed jaar", "was een heel goed jaar"
        ),
        ran=(),
    ),
    Case("the order of the chapters", _chapters_swapped, ran=()),
    Case("an approval", _approved, ran=()),
    Case(
        "an environment variable a notebook reads",
        _environment_changed,
        setup=_environment_read,
        same_as_before=True,
        ran=(),
    ),
    Case(
        "a helper module beside the notebooks",
        _helper_changed,
        setup=_helper_read,
        ran=("05-middelen-en-risicos",),
    ),
    Case(
        "a package module a notebook imports by name",
        _package_helper_changed,
        setup=_package_helper_read,
        ran=("04-ontplooiing",),
    ),
    Case(
        "a file a notebook reads only if it exists",
        _optional_file_added,
        setup=_optional_file_read,
        ran=("05-middelen-en-risicos",),
    ),
    Case(
        "a symbolic link a notebook reads, pointed elsewhere",
        _link_pointed_elsewhere,
        setup=_linked_file_read,
        ran=("01-dynamiek",),
    ),
    Case(
        "a parameter of a notebook that names the parameters otherwise",
        lambda project: None,
        setup=_parameters_renamed,
        arguments=("-p", "smartlab_regular_min_meetings=5"),
        ran=("04-ontplooiing",),
    ),
    Case(
        "a fact a notebook reads itself",
        _fact_changed,
        setup=_fact_read_directly,
        ran=("02-bescherming", "05-middelen-en-risicos"),
    ),
    Case(
        "the package's version",
        lambda p: p.edit("sociaal_verslag/__init__.py", '"0.1.0"', '"0.1.1"'),
    ),
    Case(
        "a kernel spec that gives the kernel a variable",
        _kernel_environment_changed,
        setup=_kernel_with_an_environment,
        ran=NOTEBOOKS,
    ),
    Case(
        "an earlier build's folder removed",
        _output_folder_gone,
        same_as_before=True,
        ran=(),
        cache_only=True,
    ),
    Case(
        "registers cut off in the cache",
        _cut_off_registers,
        same_as_before=True,
        warning="is damaged (",
        cache_only=True,
    ),
    Case(
        "a page's record garbled in the cache",
        _garbled_page_meta,
        same_as_before=True,
        ran=(),
        warning="is damaged (meta.json",
        cache_only=True,
    ),
    Case(
        "PDFs half-written in the cache",
        _half_written_pdfs,
        same_as_before=True,
        ran=(),
        warning="not finished",
        cache_only=True,
    ),
    Case(
        "the build's date",
        lambda p: p.environment.update(SOURCE_DATE_EPOCH="1767312000"),
        ran=(),
    ),
]


def _params(cases: list[Case]) -> list:
    marks = {False: [pytest.mark.cache_audit], True: []}
    return [pytest.param(case, id=case.name, marks=marks[case.quick]) for case in cases]


def test_the_audit_covers_every_kind_of_change():
    assert len(CASES) >= 20 and len({case.name for case in CASES}) == len(CASES)
    assert any(case.quick for case in CASES)


@pytest.mark.parametrize("case", _params(CASES))
def test_a_cached_build_publishes_what_a_build_from_scratch_does(project, case):
    try:
        if case.setup is not None:
            case.setup(project)
            before = project.build()
            assert before.code == 0, before.stderr
        else:
            before = project.before
        case.change(project)
        cached = project.build(*case.arguments)
        fresh = project.before if case.cache_only else project.build("--no-cache", *case.arguments)
    finally:
        project.undo()
    assert (cached.code, cached.error) == (fresh.code, fresh.error)
    assert cached.figures == fresh.figures
    for name in fresh.documents:
        assert cached.documents[name] == fresh.documents[name], f"{name} differs"
    assert cached.index == fresh.index
    if case.ran is not None:
        assert cached.ran == sorted(case.ran)
    if case.warning:
        assert case.warning in cached.stderr
    changed = (cached.figures, cached.documents) != (before.figures, before.documents)
    assert changed != case.same_as_before, "the change did not show" if not changed else ""
