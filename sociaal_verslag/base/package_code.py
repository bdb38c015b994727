"""The package's own source files that a module runs: itself, every package module it imports
(at any depth, in any function), and the data files those read as code.

A cache key made of these changes whenever anything a step's code runs changes: see
``cache/identity.py``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from .paths import PACKAGE_DIR

MODULE_DATA = {
    "registers/schema": ("registers/registers.yaml",),
    "notebook/recording": ("templates/review_notebook/recorded.html.j2",),
    "figures/units": ("figures/units.yaml",),
    "language/phrases": ("language/phrases.yaml",),
    "language/translations": ("language/locale/*/*.po",),
    "figures/catalogue": ("charts/charts.yaml", "metrics/*.meta.yml"),
    "review/checks": ("review/checks.yaml",),
}
"""Package data files a module reads as part of its code (glob patterns, from the package's
folder): changing one changes the module."""


def _module_path(name: str) -> Path:
    return PACKAGE_DIR / f"{name}.py"


def _run_time_imports(statements: list[ast.stmt]) -> Iterator[ast.ImportFrom]:
    """The ``from . import`` statements among ``statements`` and in the blocks they hold (in
    functions too) that run: not those under ``if TYPE_CHECKING:``, which name types only."""
    for statement in statements:
        if isinstance(statement, ast.ImportFrom):
            if statement.level:
                yield statement
            continue
        if isinstance(statement, ast.If) and _names_type_checking(statement.test):
            yield from _run_time_imports(statement.orelse)
            continue
        for block in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(statement, block, None)
            if isinstance(inner, list):
                yield from _run_time_imports(
                    [part for item in inner for part in getattr(item, "body", [item])]
                    if block in ("handlers", "cases")
                    else inner
                )


@cache
def _imports(module: str) -> frozenset[str]:
    """The package modules ``module`` imports (relative imports only: the package's own)."""
    tree = ast.parse(_module_path(module).read_text(encoding="utf-8"))
    package = module.split("/")[:-1]
    found = set()
    for node in _run_time_imports(tree.body):
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


def package_files(entry: Iterable[str]) -> list[Path]:
    """The source files of the package modules ``entry`` names (``"registers"``,
    ``"metrics/financing"``) and of every package module they import, at any depth and in any
    function, with the packages' own ``__init__`` (run by any import from them: the package's
    version, say) and the data files those modules read as code (:data:`MODULE_DATA`)."""
    return list(_package_files(tuple(entry)))


@cache
def _package_files(entry: tuple[str, ...]) -> tuple[Path, ...]:
    # Once per process and entry, as the imports it follows (a build asks for the same code's
    # files for every register and step it keys).
    todo = list(entry)
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen or not _module_path(module).is_file():
            continue
        seen.add(module)
        todo.extend(_imports(module))
        parts = module.split("/")
        todo.extend("/".join([*parts[:depth], "__init__"]) for depth in range(len(parts)))
    data = {
        path
        for module in seen
        for pattern in MODULE_DATA.get(module, ())
        for path in PACKAGE_DIR.glob(pattern)
    }
    return tuple(sorted([*(_module_path(module) for module in seen), *data]))


def _names_type_checking(test: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:``."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )
