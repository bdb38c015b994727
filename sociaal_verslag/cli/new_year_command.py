"""``sociaal-verslag new-year YEAR``: start a year's report from the one before, and say what
is left to do."""

from __future__ import annotations

import argparse

from ..base.paths import relative_to_root
from .options import Commands


def add(commands: Commands, common: argparse.ArgumentParser) -> None:
    """The ``new-year`` command."""
    new_year_parser = commands.add_parser(
        "new-year",
        parents=[common],
        help="start a year's report from the previous one",
        description=(
            "Copy params/FROM.yaml and the narrative of FROM forward to YEAR (the year updated, "
            "every fact flagged as to be confirmed) and create data/YEAR/ with an empty template "
            "and a README per register. Nothing of FROM is changed; nothing of YEAR is "
            "overwritten."
        ),
    )
    new_year_parser.add_argument("year", type=int, help="the year to start, e.g. 2026")
    new_year_parser.add_argument(
        "--from",
        dest="from_year",
        type=int,
        default=None,
        metavar="YEAR",
        help="the year to copy (default: the year before)",
    )
    new_year_parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    """Start the year; list what was made and the next steps."""
    # only this command needs it: the others start without it
    from ..year import new_year as newyear
    from ..year.provisional import PROVISIONAL_MARK

    started = newyear.start_year(arguments.year, arguments.from_year)
    print(f"started {arguments.year}:")
    print(f"  {relative_to_root(started.params_file)}  (parameters, year updated)")
    print(f"  {relative_to_root(started.narrative_dir)}/  (the text, to update)")
    print(f"  {relative_to_root(started.data_dir)}/  (an empty template per register, README.md)")
    print("next:")
    data_dir = relative_to_root(started.data_dir)
    print(f"  1. put the {arguments.year} exports in {data_dir}/ and record each one as you")
    print(f"     drop it in: sociaal-verslag data record {arguments.year} REGISTER --rows N")
    print(
        f"  2. confirm the {len(started.facts_to_confirm)} facts marked 'confirmed: false':"
        f" check each value and source, then remove that line and the mark"
        f" '{PROVISIONAL_MARK}' before the source, in every language"
    )
    print("  3. update the text where it speaks of last year's events")
    print(f"  4. sociaal-verslag build {arguments.year}  (lists everything still missing)")
    return 0
