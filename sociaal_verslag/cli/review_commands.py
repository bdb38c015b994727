"""``sociaal-verslag review approve|status YEAR``: the sign-off from the terminal
(``cli/signoff.py`` does the work)."""

from __future__ import annotations

import argparse

from ..base.paths import relative_to_root, reviews_file
from .options import Commands, add_build_folder


def add(commands: Commands, common: argparse.ArgumentParser) -> None:
    """The ``review`` commands."""
    review_parser = commands.add_parser(
        "review",
        parents=[common],
        help="sign figures off, and see which are checked or changed since",
        description="The reviewers' sign-off of a year's figures, kept in reviews/YEAR.yaml.",
    )
    actions = review_parser.add_subparsers(dest="review_command", required=True, metavar="ACTION")
    _add_approve(actions, common)
    status_parser = actions.add_parser(
        "status",
        parents=[common],
        help="list every figure: nagekeken, gewijzigd sinds nazicht or niet nagekeken",
        description=(
            "List every figure of the published build of YEAR with its state against"
            " reviews/YEAR.yaml, and for a figure changed since its approval the old and new"
            " printed form and what changed (gegevens, code, parameters)."
        ),
    )
    status_parser.add_argument("year", type=int, help="the financial year, e.g. 2025")
    add_build_folder(status_parser)
    status_parser.set_defaults(handler=status)


def _add_approve(actions: Commands, common: argparse.ArgumentParser) -> None:
    approve_parser = actions.add_parser(
        "approve",
        parents=[common],
        help="record that you checked figures as the published build shows them",
        description=(
            "Record in reviews/YEAR.yaml (commit it) that NAME checked the figures, as the"
            " published build of YEAR shows them: the value, the printed form and the key of what"
            " produced them (the cell's code, the metric's code, the registers' sha256, the"
            " parameters read). Every later build compares its figures with these."
        ),
    )
    approve_parser.add_argument("year", type=int, help="the financial year, e.g. 2025")
    approve_parser.add_argument("--by", required=True, metavar="NAME", help="who checked them")
    chosen = approve_parser.add_mutually_exclusive_group(required=True)
    chosen.add_argument(
        "--figure",
        dest="figures",
        nargs="+",
        default=[],
        metavar="ID",
        help="the figures, by id (e.g. financing.loans_granted.count)",
    )
    chosen.add_argument(
        "--chapter",
        metavar="N",
        help="every figure of a chapter: its number in report.yaml (3) or its id (dynamiek)",
    )
    chosen.add_argument("--all", action="store_true", help="every figure of the build")
    approve_parser.add_argument("--note", default=None, metavar="TEXT", help="a remark to keep")
    add_build_folder(approve_parser)
    approve_parser.set_defaults(handler=approve)


def approve(arguments: argparse.Namespace) -> int:
    """Record the approvals; say how many and where."""
    # only this command needs it: the others start without it
    from . import signoff

    approved = signoff.approve(
        arguments.year,
        arguments.by,
        figure_ids=arguments.figures,
        chapter=arguments.chapter,
        note=arguments.note,
        out_root=arguments.out,
    )
    where = relative_to_root(reviews_file(arguments.year))
    print(f"approved {len(approved)} figures of {arguments.year} in {where} (commit it)")
    return 0


def status(arguments: argparse.Namespace) -> int:
    """Print every figure's state against the sign-off."""
    # only this command needs it: the others start without it
    from . import signoff

    for line in signoff.status_lines(signoff.status(arguments.year, arguments.out)):
        print(line)
    return 0
