"""``sociaal-verslag diff OLD NEW``: the figures that differ between two build folders."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..figures import comparison as diff
from .options import Commands


def add(commands: Commands, common: argparse.ArgumentParser) -> None:
    """The ``diff`` command."""
    diff_parser = commands.add_parser(
        "diff",
        parents=[common],
        help="list the figures that differ between two build folders",
        description=(
            "Compare figures.json of two build folders (e.g. output/2025 and a build with an "
            "override): every figure whose value or printed form differs, with old, new and "
            "change. Exit status 0 when all figures are equal, 1 when some differ, 2 when a "
            "folder is not a build."
        ),
    )
    diff_parser.add_argument("old", type=Path, help="a build folder, e.g. output/2025")
    diff_parser.add_argument("new", type=Path, help="the build folder to compare it with")
    diff_parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Print the differences; exit status 1 when there are any."""
    differences = diff.compare(arguments.old, arguments.new)
    print(diff.report(differences, arguments.old, arguments.new))
    return 1 if differences else 0
