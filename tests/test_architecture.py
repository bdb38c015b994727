"""The house rules of docs/architecture.md, checked: each folder imports only the folders below
it (import-linter's layers contract in pyproject.toml), every folder is a layer, a function
imports a module itself only with its reason written beside it, and every folder and module says
what it is for."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from sociaal_verslag.base.paths import PACKAGE_DIR, PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _layers() -> list[str]:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [name.strip() for layer in contract["layers"] for name in layer.split("|")]


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _folders() -> set[str]:
    return {path.parent.name for path in PACKAGE_DIR.glob("*/__init__.py")}


def test_the_package_keeps_its_layers():
    done = _lint_imports(PROJECT_ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("base/paths.py", "from ..cli import main"),  # the bottom layer reaching the top
        ("registers/loading.py", "from ..figures import catalogue"),  # one layer up
        ("metrics/_common.py", "from ..charts import style"),  # side by side
    ],
)
def test_an_import_against_the_layers_breaks_the_contract(tmp_path, module, upward):
    shutil.copytree(
        PACKAGE_DIR, tmp_path / "sociaal_verslag", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(PROJECT_ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "sociaal_verslag" / module).open("a", encoding="utf-8") as source:
        source.write(f"\n{upward}  # noqa\n")
    done = _lint_imports(tmp_path)
    importer = "sociaal_verslag." + module.removesuffix(".py").replace("/", ".")
    assert done.returncode == 1
    assert importer in done.stdout and "0 kept, 1 broken" in done.stdout


def test_every_folder_of_the_package_is_one_layer():
    layers = _layers()
    assert sorted(layers) == sorted(_folders())
    assert len(layers) == len(set(layers))


def _functions_imports(tree: ast.AST):
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield node


def _has_reason(lines: list[str], index: int) -> bool:
    """A comment on the import's line, or above the block of imports it stands in (whose groups
    a blank line may part)."""
    if "#" in lines[index]:
        return True
    above = index - 1
    while above >= 0 and (
        not lines[above].strip() or lines[above].strip().startswith(("import ", "from "))
    ):
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")


def test_a_function_imports_a_module_itself_only_with_its_reason_beside_it():
    unexplained = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in _functions_imports(ast.parse(text)):
            if not _has_reason(lines, node.lineno - 1):
                unexplained.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert unexplained == [], "a function-local import needs a comment saying why"


def test_every_folder_and_module_says_what_it_is_for():
    silent = [
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert silent == []


MODULE_LINES = 400
"""The most lines a module of the package may have (docs/architecture.md: small parts)."""
FUNCTION_LINES = 60
"""The most lines a function may span, its docstring included: one screen."""


def _long_parts(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(PROJECT_ROOT).as_posix()
    found = []
    if len(text.splitlines()) > MODULE_LINES:
        found.append(f"{where}: {len(text.splitlines())} lines")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            span = (node.end_lineno or node.lineno) - node.lineno + 1
            if span > FUNCTION_LINES:
                found.append(f"{where}:{node.lineno} {node.name}(): {span} lines")
    return found


def test_no_module_is_over_400_lines_and_no_function_over_60():
    too_long = [part for path in sorted(PACKAGE_DIR.rglob("*.py")) for part in _long_parts(path)]
    assert too_long == []


def test_the_size_rule_finds_a_long_module_and_a_long_function(tmp_path, monkeypatch):
    body = "\n".join(f"    x{n} = {n}" for n in range(FUNCTION_LINES))
    module = tmp_path / "long.py"
    module.write_text(f"def long():\n{body}\n" + "\n" * MODULE_LINES, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PROJECT_ROOT", tmp_path)
    assert _long_parts(module) == [
        f"long.py: {MODULE_LINES + FUNCTION_LINES + 1} lines",
        f"long.py:1 long(): {FUNCTION_LINES + 1} lines",
    ]
