"""``sociaal-verslag diff OLD NEW``: the figures that differ between two build folders."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from ..base.errors import ReportError
from .options import Commands


def add(commands: Commands, common: argparse.ArgumentParser) -> None:
    """The ``diff`` command."""
    diff_parser = commands.add_parser(
        "diff",
        parents=[common],
        help="compare the figures of two build folders, largest change first",
        description=(
            "Compare figures.json of two build folders (e.g. output/2025 and a build with an "
            "override): each figure with its label, its exact value in both (nl-BE forms), the "
            "change and the relative change, and its printed forms, the largest relative change "
            "first. Exit status 0 when all figures are equal, 1 when some differ, 2 when a "
            "folder is not a build."
        ),
    )
    diff_parser.add_argument("old", type=Path, help="a build folder, e.g. output/2025")
    diff_parser.add_argument("new", type=Path, help="the build folder to compare it with")
    diff_parser.add_argument(
        "--chapter",
        metavar="N",
        help="only the figures of a chapter: its number in report.yaml (3) or its id (dynamiek)",
    )
    diff_parser.add_argument(
        "--changed-only", action="store_true", help="only the figures that differ"
    )
    diff_parser.add_argument(
        "--csv", type=Path, metavar="FILE", help="also write the rows shown to FILE as CSV"
    )
    diff_parser.add_argument(
        "--xlsx",
        type=Path,
        metavar="FILE",
        help="also write the rows shown to FILE as an Excel workbook (values as numbers)",
    )
    diff_parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Print the figures compared (and write them as asked); exit status 1 when any differs."""
    # the comparison's libraries (pandas, openpyxl) only for this command
    from ..figures import comparison as diff
    from ..render import workbook
    from ..year import chapters

    shown = diff.rows(arguments.old, arguments.new)
    if arguments.chapter is not None:
        try:
            chapter = chapters.find(arguments.chapter, option="--chapter")
        except chapters.ChaptersError as unknown:  # exit status 2: not what diff compares
            raise diff.DiffError(str(unknown)) from None
        shown = [row for row in shown if row.chapter == chapter.id]
    if arguments.changed_only:
        shown = [row for row in shown if row.changed]
    print(diff.report(shown, arguments.old, arguments.new))
    exports = {
        "--csv": (arguments.csv, lambda path: diff.write_csv(shown, path)),
        "--xlsx": (
            arguments.xlsx,
            lambda path: workbook.write_comparison(shown, path, datetime.now(UTC)),
        ),
    }
    for option, (path, write) in exports.items():
        if path is not None:
            try:
                write(path)
            except OSError as error:  # the file asked for, not the temporary one beside it
                raise ReportError(f"{option} {path}: cannot be written: {error.strerror}") from None
            print(f"wrote {path}")
    return 1 if any(row.changed for row in shown) else 0
