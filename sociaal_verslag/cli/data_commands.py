"""``sociaal-verslag data record YEAR``: record the receipts of a year's registers."""

from __future__ import annotations

import argparse

from ..base.paths import params_file, relative_to_root
from .options import Commands, add_params_file


def add(commands: Commands, common: argparse.ArgumentParser) -> None:
    """The ``data`` commands."""
    data_parser = commands.add_parser(
        "data",
        parents=[common],
        help="the year's registers: record their receipts",
        description="Work on the registers of a year's data folder.",
    )
    data_commands = data_parser.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    record_parser = data_commands.add_parser(
        "record",
        parents=[common],
        help="record (again) the receipt of registers: their sha256 and number of records",
        description=(
            "Check the registers and record, in data/YEAR/PROVENANCE.yaml, each file's sha256 and"
            " number of records. Every build compares the files with these receipts, so that a"
            " file that changes afterwards (replaced, edited, cut off) is noticed. Record each"
            " export as you drop it in, and again after a deliberate change. A register with"
            " problems is not recorded."
        ),
    )
    record_parser.add_argument("year", type=int, help="the financial year, e.g. 2026")
    record_parser.add_argument(
        "registers",
        nargs="*",
        metavar="REGISTER",
        help="the registers to record, e.g. loans invoices (default: all of them)",
    )
    record_parser.add_argument(
        "--rows",
        type=int,
        default=None,
        metavar="N",
        help="the number of records the source system reported for this export (one register):"
        " the file is recorded only when it holds exactly N",
    )
    add_params_file(record_parser)
    record_parser.set_defaults(handler=record)


def record(arguments: argparse.Namespace) -> int:
    """Record the receipts; list each file recorded."""
    # the registers' and parameters' libraries only for this command
    from ..registers import receipts
    from ..year import params as params_module

    path = arguments.params or params_file(arguments.year)
    report_params, _ = params_module.load(arguments.year, path=path)
    written = receipts.record(
        report_params.data_path,
        arguments.year,
        arguments.registers or None,
        rows=arguments.rows,
        sources=report_params.registers,
    )
    provenance = report_params.data_path / receipts.PROVENANCE_FILE
    print(f"recorded in {relative_to_root(provenance)}:")
    for receipt in written:
        print(f"  {receipt.file}: {receipt.rows} rows, sha256 {receipt.sha256[:12]}…")
    return 0
