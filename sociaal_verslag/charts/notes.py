"""The notes above a chart that say, in numbers, how it adds up to the text's figures: each
chart's totals as the text gives them, so that a reader checks one against the other.

Figure 3 draws the contracts that began in the year, month by month; the text counts those that
ran in it (``employment.contracts``), which adds the contracts that began before the year. Its note
gives both, from the recorded figures: "n = 220.528 overeenkomsten begonnen in 2025; met de 1.893
die eerder begonnen, liepen er 222.421 in 2025", and on a phone, where that took five lines, "n =
220.528 overeenkomsten begonnen in 2025; met 1.893 van eerder liepen er 222.421" (what it
counts said, and a verb: "met 1.893 eerder begonnen: 222.421 in 2025" had neither).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..figures.records import Figure as Recorded
from ..language.formatting import amount, quantity
from ..language.translations import translate
from .parts import count_note, printed

STARTED = (
    "n = {n} overeenkomst begonnen in {year}",
    "n = {n} overeenkomsten begonnen in {year}",
)
EARLIER = (
    ";\nmet de {n} die eerder begon, liepen er {total} in {year}",
    ";\nmet de {n} die eerder begonnen, liepen er {total} in {year}",
)


def contracts_note(figures: Mapping[str, Recorded], year: int, language: str) -> str:
    """The note of the contracts chart in ``language``: the contracts that began in the year
    and, when some began before it, how many and the year's count. (A phone's had shorter
    words, "met 1.893 van eerder liepen er 222.421", which readers found garbled.)"""
    started = figures["employment.contracts_started"].value
    note = count_note(*STARTED, started, language, year=year)
    earlier = figures["employment.contracts_from_before"].value
    if not earlier:
        return note
    total = printed(figures["employment.contracts"], language)
    return note + count_note(*EARLIER, earlier, language, total=total, year=year)


GRANTED = ("n = {n} lening toegekend ({amount} euro)", "n = {n} leningen toegekend ({amount} euro)")
PAID = (";\n{n} uitbetaald ({amount} euro)", ";\n{n} uitbetaald ({amount} euro)")
SINCE_LAUNCH = (
    "n = {n} lening uitbetaald sinds {first}, samen {amount} euro",
    "n = {n} leningen uitbetaald sinds {first}, samen {amount} euro",
)
HOURS = ("n = {n} groep, samen {hours} uur", "n = {n} groepen, samen {hours} uur")


def loans_note(figures: Mapping[str, Recorded], language: str) -> str:
    """The loans of the year, granted and paid out, with their amounts: "n = 67 leningen
    toegekend (219.949 euro), 70 uitbetaald (236.510 euro)"."""
    parts = (
        (GRANTED, "financing.loans_granted.count", "financing.loans_granted.amount_eur"),
        (PAID, "financing.projects_supported.count", "financing.projects_supported.amount_eur"),
    )
    return "".join(
        count_note(
            *words, figures[count].value, language, amount=amount(figures[total].value, language)
        )
        for words, count, total in parts
    )


def since_launch_note(figures: Mapping[str, Recorded], first: int, language: str) -> str:
    """The loans paid out since the service's first year, ``first``, and their sum."""
    paid = figures["financing.projects_since_launch.count"].value
    paid_out = amount(figures["financing.projects_since_launch.amount_eur"].value, language)
    return count_note(*SINCE_LAUNCH, paid, language, first=first, amount=paid_out)


def hours_note(figures: Mapping[str, Recorded], language: str) -> str:
    """The SmartLab groups and their hours together, exact ("154,5", where the text rounds)."""
    hours = quantity(figures["smartlabs.hours"].value, language)
    return count_note(*HOURS, figures["smartlabs.groups"].value, language, hours=hours)


def joined(notes: list[str], language: str) -> str:
    """Notes as one, each after the one before on a line of its own, with the language's
    semicolon (French sets a narrow space before it)."""
    text = notes[0]
    for more in notes[1:]:
        text = translate("{note};\n{more}", language).format(note=text, more=more)
    return text
