"""A copy of the project to change freely in a test, and its command line run on it.

A test that edits the package, a notebook or the text works in a copy, never in the checkout:
the copy's command line runs the copy's package (``PYTHONPATH``), and so do its kernels (the
build gives them the package it runs itself).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sociaal_verslag.base.paths import PROJECT_ROOT

PROJECT_PARTS = ("sociaal_verslag", "notebooks", "params", "data/2025", "docs", "reviews")
"""What a project is made of: the package, the notebooks and their text, a year's inputs, the
sign-off."""
PROJECT_FILES = ("report.yaml", "pyproject.toml")
"""The chapters in order, and the package's layers (read by ``sociaal-verslag docs``)."""


def copy_project(root: Path) -> Path:
    """A copy of the project at ``root`` (without builds, caches or compiled files)."""
    for part in PROJECT_PARTS:
        if (PROJECT_ROOT / part).exists():
            shutil.copytree(
                PROJECT_ROOT / part,
                root / part,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"),
            )
    for name in PROJECT_FILES:
        shutil.copy2(PROJECT_ROOT / name, root / name)
    return root


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in the file at ``path`` by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def sociaal_verslag(
    root: Path, *arguments: str, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The copy's command line, run with ``arguments`` (and ``environment`` added)."""
    environment = {**os.environ, **(environment or {}), "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "sociaal_verslag.cli.main", *arguments],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
