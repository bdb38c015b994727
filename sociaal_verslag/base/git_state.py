"""The commit the code is built from and whether the work tree has changes: the colophon and
the review record print them, and a rebuild with nothing changed compares them
(``build/up_to_date.py``)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from .paths import PROJECT_ROOT


@dataclass(frozen=True)
class GitState:
    """The commit the code was built from, and whether the work tree had changes."""

    commit: str | None
    dirty: bool | None


def git_state() -> GitState:
    """Ask git for the commit and the state of the work tree; None where git cannot tell."""

    def ask(*arguments: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *arguments],
                cwd=PROJECT_ROOT,
                capture_output=True,
                text=True,
                check=True,
                timeout=20,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout

    commit = ask("rev-parse", "HEAD")
    status = ask("status", "--porcelain", "--untracked-files=no")
    return GitState(
        commit=commit.strip() if commit else None,
        dirty=None if status is None else bool(status.strip()),
    )
