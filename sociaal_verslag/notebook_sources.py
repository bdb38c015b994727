"""What each chapter notebook declares by its code: the charts it draws, the registers it loads,
the parameters and facts it reads and the metric modules it calls, read without running it.

Two uses. Before the run, the narrative's ``{{ chart("id") }}`` placeholders are checked against
the charts the notebooks draw. And a notebook's cache key covers exactly what it depends on, so
that a changed register, parameter, fact or metric re-runs the notebooks that use it and no other
(see ``build.notebook_key``). The reading is conservative: a use of ``params`` it cannot follow
makes the notebook depend on all parameters.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import ReportError
from .paths import PACKAGE_DIR, relative_to_root


class NotebookSourceError(ReportError):
    """A chapter notebook cannot be read, or its code does not say what it reads."""


@dataclass(frozen=True)
class NotebookSource:
    """One chapter notebook as its code declares it."""

    path: Path
    charts: tuple[str, ...]
    registers: tuple[str, ...]
    """Registers of the year it loads: ``load("name", ...)``."""
    previous_registers: tuple[str, ...]
    """Registers of last year it loads: ``load_previous("name", ...)``."""
    params_keys: frozenset[str] | None
    """Keys of the parameters it reads (``params.key``); None: possibly all of them."""
    facts: tuple[str, ...]
    """Facts it records: ``metrics.facts.recorded(params, ["id", ...])``."""
    metric_modules: tuple[str, ...]
    """Modules of ``sociaal_verslag.metrics`` it calls: ``metrics.<module>.<function>``."""

    @property
    def name(self) -> str:
        """The notebook's name without extension, as the review pages use it."""
        return self.path.stem


def _literal_strings(node: ast.AST) -> list[str] | None:
    if isinstance(node, ast.List | ast.Tuple) and all(
        isinstance(item, ast.Constant) and isinstance(item.value, str) for item in node.elts
    ):
        return [item.value for item in node.elts]
    return None


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


@dataclass
class _Reading:
    charts: list[str]
    registers: list[str]
    previous: list[str]
    params_keys: set[str] | None
    facts: list[str]
    metrics: set[str]


LOADERS = {
    "load": frozenset({"data_dir", "registers", "year"}),
    "load_previous": frozenset({"previous", "year"}),
}
"""What ``notebook.load`` and ``load_previous`` read of the parameters they are given."""


def _calls(tree: ast.AST) -> Iterator[tuple[str, ast.Call]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield _dotted(node.func), node


def _first_literal(call: ast.Call, what: str, where: str) -> str:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    raise NotebookSourceError(
        f'{where}: {what}() takes its name as a literal string, e.g. {what}("loans", ...),'
        " so that the build knows what the notebook reads"
    )


def _read_cell(tree: ast.AST, reading: _Reading, where: str) -> None:
    allowed_params_uses: set[int] = set()
    for name, call in _calls(tree):
        if name == "chart":
            reading.charts.append(_first_literal(call, "chart", where))
        elif name == "load":
            reading.registers.append(_first_literal(call, "load", where))
        elif name == "load_previous":
            reading.previous.append(_first_literal(call, "load_previous", where))
        elif name == "metrics.facts.recorded" and len(call.args) == 2:
            ids = _literal_strings(call.args[1])
            if ids is not None and isinstance(call.args[0], ast.Name):
                reading.facts += ids
                allowed_params_uses.add(id(call.args[0]))
        elif name == "record":
            # record() names the parameters file among a figure's inputs, nothing more.
            allowed_params_uses.update(id(arg) for arg in call.args if isinstance(arg, ast.Name))
        if name in LOADERS and reading.params_keys is not None:
            # load() reads the data folder, the register's export settings and the year;
            # load_previous() last year's build.
            reading.params_keys |= LOADERS[name]
            allowed_params_uses.update(id(arg) for arg in call.args[1:2])
        if name.startswith("metrics.") and name.count(".") >= 2:
            reading.metrics.add(name.split(".")[1])
    attributes = {
        id(node.value): node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Name) and node.id == "params"):
            continue
        if isinstance(node.ctx, ast.Store) or id(node) in allowed_params_uses:
            continue
        if id(node) in attributes and reading.params_keys is not None:
            reading.params_keys.add(attributes[id(node)])
        elif id(node) not in attributes:
            reading.params_keys = None  # passed on whole: it may read anything


def read(path: Path) -> NotebookSource:
    """What the notebook at ``path`` declares by its code cells."""
    import nbformat  # only when the notebooks have to be read

    where = relative_to_root(path)
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as error:
        raise NotebookSourceError(f"{where}: not a readable notebook: {error}") from None
    reading = _Reading([], [], [], set(), [], set())
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cell_where = f"{where}, cell {cell.get('id', '?')}"
        try:
            tree = ast.parse(cell.source)
        except SyntaxError as error:
            raise NotebookSourceError(
                f"{cell_where}: not valid Python (line {error.lineno}: {error.msg})"
            ) from None
        _read_cell(tree, reading, cell_where)
    return NotebookSource(
        path=path,
        charts=tuple(reading.charts),
        registers=tuple(dict.fromkeys(reading.registers)),
        previous_registers=tuple(dict.fromkeys(reading.previous)),
        params_keys=None if reading.params_keys is None else frozenset(reading.params_keys),
        facts=tuple(dict.fromkeys(reading.facts)),
        metric_modules=tuple(sorted(reading.metrics)),
    )


def declared_charts(sources: Iterable[NotebookSource]) -> dict[str, str]:
    """Chart id -> the notebook whose code draws it."""
    return {chart: source.name for source in sources for chart in source.charts}


# --- the package code a notebook runs -------------------------------------------------------

NOTEBOOK_ENTRY = ("notebook", "charts", "metrics/__init__", "metrics/_common")
"""What every chapter notebook imports (``from sociaal_verslag import charts, metrics``...)."""


MODULE_DATA = {"register_schema": ("registers.yaml",)}
"""Package data files a module reads as part of its code: changing one changes the module."""


def _module_path(name: str) -> Path:
    return PACKAGE_DIR / f"{name}.py"


@cache
def _imports(module: str) -> frozenset[str]:
    """The package modules ``module`` imports (relative imports only: the package's own)."""
    tree = ast.parse(_module_path(module).read_text(encoding="utf-8"))
    package = module.split("/")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = [*base, *(node.module.split(".") if node.module else [])]
            names = [target] if node.module else [[*base, alias.name] for alias in node.names]
            for parts in names:
                for candidate in ("/".join(parts), "/".join(parts) + "/__init__"):
                    if _module_path(candidate).is_file():
                        found.add(candidate)
            if node.module:
                for alias in node.names:
                    candidate = "/".join([*target, alias.name])
                    if _module_path(candidate).is_file():
                        found.add(candidate)
    return frozenset(found)


def code_modules(source: NotebookSource) -> list[Path]:
    """The package's source files whose code the notebook can run, sorted.

    The closure of the package imports from what every notebook imports and the metric modules
    it calls. ``metrics/__init__`` imports every metric module, but a notebook runs only those
    it names, so a change to another metric does not re-run it. The data files such a module
    reads as code (:data:`MODULE_DATA`) are among them.
    """
    todo = [*NOTEBOOK_ENTRY, *(f"metrics/{module}" for module in source.metric_modules)]
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen or not _module_path(module).is_file():
            continue
        seen.add(module)
        follow = _imports(module)
        if module == "metrics/__init__":
            follow = {name for name in follow if not name.startswith("metrics/")}
        todo.extend(follow)
    data = [PACKAGE_DIR / name for module in seen for name in MODULE_DATA.get(module, ())]
    return sorted([*(_module_path(module) for module in seen), *data])
