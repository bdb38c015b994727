"""``sociaal-verslag review approve|withdraw|status|log|diff YEAR`` and ``review prune``: the
sign-off from the terminal (``cli/signoff.py`` does the work)."""

from __future__ import annotations

import argparse

from ..base.paths import relative_to_root, reviews_file
from .options import Commands, add_build_folder, add_year


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
    add_year(status_parser)
    add_build_folder(status_parser)
    status_parser.set_defaults(handler=status)
    _add_withdraw(actions, common)
    _add_diff(actions, common)
    _add_prune(actions, common)
    log_parser = actions.add_parser(
        "log",
        parents=[common],
        help="list every approval and withdrawal, oldest first",
        description=(
            "List the history of the sign-off of YEAR kept in reviews/YEAR.yaml: every approval"
            " (who, when, the printed form approved, the note) and every withdrawal (with its"
            " reason), oldest first; of one figure with ID."
        ),
    )
    add_year(log_parser)
    log_parser.add_argument("figure", nargs="?", metavar="ID", help="one figure's history only")
    log_parser.set_defaults(handler=log)


def _add_approve(actions: Commands, common: argparse.ArgumentParser) -> None:
    approve_parser = actions.add_parser(
        "approve",
        parents=[common],
        help="record that you checked figures and charts as the published build shows them",
        description=(
            "Record in reviews/YEAR.yaml (commit it) that NAME checked the figures, as the"
            " published build of YEAR shows them: the value, the printed form and the key of what"
            " produced them (the cell's code, the metric's code, the registers' sha256, the"
            " parameters read). A chart is approved as it draws: the values of its table (see"
            " figures.xlsx), its cell and its drawing function. Every later build compares its"
            " figures and charts with these."
        ),
    )
    add_year(approve_parser)
    approve_parser.add_argument("--by", required=True, metavar="NAME", help="who checked them")
    chosen = approve_parser.add_mutually_exclusive_group(required=True)
    chosen.add_argument(
        "--figure",
        dest="figures",
        nargs="+",
        default=[],
        metavar="ID",
        help="the figures or charts, by id (e.g. financing.loans_granted.count,"
        " financing.loans_per_month)",
    )
    chosen.add_argument(
        "--chapter",
        metavar="N",
        help="every figure and chart of a chapter: its number in report.yaml (3) or its id"
        " (dynamiek)",
    )
    chosen.add_argument("--all", action="store_true", help="every figure and chart of the build")
    approve_parser.add_argument("--note", default=None, metavar="TEXT", help="a remark to keep")
    approve_parser.add_argument(
        "--again",
        action="store_true",
        help="with --chapter or --all: approve anew the figures already checked as they are"
        " (by default they are skipped, and their approval and its note kept)",
    )
    add_build_folder(approve_parser)
    approve_parser.set_defaults(handler=approve)


def _add_diff(actions: Commands, common: argparse.ArgumentParser) -> None:
    diff_parser = actions.add_parser(
        "diff",
        parents=[common],
        help="show how each notebook changed since it was approved (nbdime)",
        description=(
            "Compare, with nbdime, each executed notebook of the published build of YEAR with the"
            " version an approval of what it computes was given (kept by review approve under"
            " output/snapshots/notebooks/): while something of it changed since its approval,"
            " the oldest such approval, else the latest. The cells' sources and outputs. Each"
            " build also writes this as a page beside the notebook's, linked from"
            " review/index.html."
        ),
    )
    add_year(diff_parser)
    diff_parser.add_argument(
        "chapter",
        nargs="?",
        metavar="CHAPTER",
        help="one chapter only: its number in report.yaml (3) or its id (dynamiek)",
    )
    add_build_folder(diff_parser)
    diff_parser.set_defaults(handler=diff)


def _add_prune(actions: Commands, common: argparse.ArgumentParser) -> None:
    prune_parser = actions.add_parser(
        "prune",
        parents=[common],
        help="remove the kept versions that no approval and no published build names",
        description=(
            "The builds and review approve keep, by sha256 under output/snapshots/, every"
            " register version, code version and approved notebook, to say what changed since an"
            " approval. Remove those that no approval in reviews/*.yaml and no published build's"
            " keys (output/YEAR/) name any more; one written in the last hour is kept (a build"
            " may be running)."
        ),
    )
    prune_parser.add_argument(
        "--dry-run", action="store_true", help="list what would be removed, remove nothing"
    )
    prune_parser.set_defaults(handler=prune)


def _add_withdraw(actions: Commands, common: argparse.ArgumentParser) -> None:
    withdraw_parser = actions.add_parser(
        "withdraw",
        parents=[common],
        help="withdraw the approval of figures, with the reason",
        description=(
            "Add to reviews/YEAR.yaml (commit it) that NAME withdrew the approval of the figures,"
            " with the reason: they are unchecked again, and their approval stays in the history."
        ),
    )
    add_year(withdraw_parser)
    withdraw_parser.add_argument("--by", required=True, metavar="NAME", help="who withdraws")
    withdraw_parser.add_argument(
        "--figure", dest="figures", nargs="+", required=True, metavar="ID", help="the figures"
    )
    withdraw_parser.add_argument("--reason", required=True, metavar="TEXT", help="why")
    withdraw_parser.set_defaults(handler=withdraw)


def approve(arguments: argparse.Namespace) -> int:
    """Record the approvals; say how many, how many were skipped, and where."""
    # only this command needs it: the others start without it
    from . import signoff

    done = signoff.approve(
        arguments.year,
        arguments.by,
        figure_ids=arguments.figures,
        chapter=arguments.chapter,
        note=arguments.note,
        out_root=arguments.out,
        again=arguments.again,
    )
    where = relative_to_root(reviews_file(arguments.year))
    charts = sum(1 for item_id in done.approved if item_id in done.charts)
    parts = [(len(done.approved) - charts, "figure"), (charts, "chart")]
    counted = " and ".join(_counted(count, noun) for count, noun in parts if count) or "nothing"
    print(f"approved {counted} of {arguments.year} in {where} (commit it)")
    if done.skipped:
        print(
            f"skipped {len(done.skipped)} already checked as they are (their approval kept;"
            " --again approves them anew)"
        )
    return 0


def withdraw(arguments: argparse.Namespace) -> int:
    """Record the withdrawals; say how many and where."""
    # only this command needs it: the others start without it
    from . import signoff

    withdrawn = signoff.withdraw(arguments.year, arguments.by, arguments.figures, arguments.reason)
    where = relative_to_root(reviews_file(arguments.year))
    print(f"withdrew {len(withdrawn)} approvals of {arguments.year} in {where} (commit it)")
    return 0


def log(arguments: argparse.Namespace) -> int:
    """Print the history of the sign-off."""
    # only this command needs it: the others start without it
    from . import signoff

    lines = signoff.log_lines(arguments.year, arguments.figure)
    for line in lines or [f"no approval of {arguments.year} yet"]:
        print(line)
    return 0


def status(arguments: argparse.Namespace) -> int:
    """Print every figure's state against the sign-off."""
    # only this command needs it: the others start without it
    from . import signoff

    for line in signoff.status_lines(signoff.status(arguments.year, arguments.out)):
        print(line)
    return 0


def diff(arguments: argparse.Namespace) -> int:
    """Print how each notebook changed since it was approved."""
    # only this command needs it: the others start without it
    from . import signoff

    for line in signoff.diff_lines(arguments.year, arguments.chapter, arguments.out):
        print(line)
    return 0


def prune(arguments: argparse.Namespace) -> int:
    """Remove (or list) the kept versions nothing names any more."""
    # only this command needs it: the others start without it
    from ..review import kept_versions

    named = kept_versions.named_by_approvals() | kept_versions.named_by_builds()
    done = kept_versions.prune(named, dry_run=arguments.dry_run)
    for path in done.removed:
        print(f"{'would remove' if arguments.dry_run else 'removed'} {relative_to_root(path)}")
    verb = "would free" if arguments.dry_run else "freed"
    print(
        f"{len(done.removed)} version(s) {verb} {done.freed_bytes / 2**20:.1f} MiB;"
        f" {done.kept} kept (named by an approval or a published build, or recent)"
    )
    return 0


def _counted(count: int, noun: str) -> str:
    """'1 chart', '7 charts'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
