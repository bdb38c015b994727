"""``sociaal-verslag explain YEAR ID``: one figure told in full (``cli/explain.py``)."""

from __future__ import annotations

import argparse

from .options import Commands, add_build_folder, add_year


def add(commands: Commands, common: argparse.ArgumentParser) -> None:
    """The ``explain`` command."""
    explain_parser = commands.add_parser(
        "explain",
        parents=[common],
        help="explain one figure: value, sentence, rule, cell, inputs, last year, sign-off",
        description=(
            "Print what the published build of YEAR says of one figure: its value and printed"
            " form, the sentence it stands in, its rule, the notebook and cell that computed it,"
            " its inputs with their sha256, last year's value and its sign-off state."
        ),
    )
    add_year(explain_parser)
    explain_parser.add_argument("id", help="the figure's id, e.g. activity.active_holders")
    add_build_folder(explain_parser)
    explain_parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Print the figure's explanation."""
    # only this command needs it: the others start without it
    from . import explain

    for line in explain.explain(arguments.year, arguments.id, arguments.out):
        print(line)
    return 0
