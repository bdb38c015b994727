"""Checks a reviewer would otherwise do by hand, run on every build.

Two kinds: figures that must agree with each other (FTE and hours, loans since launch and last
year's total, the KBS grants and their printed bounds, shares within 0-100 %), and the
recognition conditions that are numbers (no dividend above the legal cap, unpaid directors, no
member above one tenth of the votes). A failed check fails the build; all of them are shown on
the review index with what was compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from .figures import Figure
from .formatting import round_half_up
from .params import ReportParams


@dataclass(frozen=True)
class CheckResult:
    """One check: what it verifies, whether it holds, and the numbers it compared."""

    id: str
    description: str
    ok: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready mapping."""
        return asdict(self)


@dataclass(frozen=True)
class CheckInputs:
    """What the checks look at: the year's figures and parameters, and last year's total."""

    figures: dict[str, Figure]
    params: ReportParams
    since_launch_previous_year: float | None
    """Loans paid out since launch up to last year's end, or None when unknown."""
    since_launch_previous_source: str = ""


def _value(inputs: CheckInputs, figure_id: str) -> float:
    return inputs.figures[figure_id].value


def fte_matches_hours(inputs: CheckInputs) -> CheckResult:
    """The printed FTE is the declared hours divided by the yearly full-time hours."""
    hours = _value(inputs, "employment.hours")
    per_fte = inputs.params.fte_hours_per_year
    fte = _value(inputs, "employment.fte")
    expected = int(round_half_up(hours / per_fte))
    return CheckResult(
        "fte_matches_hours",
        "VTE = werkuren ÷ fte_hours_per_year (afgerond)",
        fte == expected,
        f"{hours} / {per_fte} = {hours / per_fte:.2f} → {expected}; figuur: {fte}",
    )


def loans_since_launch_add_up(inputs: CheckInputs) -> CheckResult:
    """Loans paid out since launch = last year's total + this year's payouts (count and euro)."""
    previous = inputs.since_launch_previous_year
    total = _value(inputs, "financing.projects_since_launch.amount_eur")
    this_year = _value(inputs, "financing.projects_supported.amount_eur")
    if previous is None:
        return CheckResult(
            "loans_since_launch_add_up",
            "leningen sinds de lancering = totaal vorig jaar + uitbetaald dit jaar",
            False,
            "het totaal van vorig jaar is onbekend (geen build en geen register)",
        )
    return CheckResult(
        "loans_since_launch_add_up",
        "leningen sinds de lancering = totaal vorig jaar + uitbetaald dit jaar",
        round(previous + this_year, 2) == round(total, 2),
        f"{previous} ({inputs.since_launch_previous_source}) + {this_year} ="
        f" {round(previous + this_year, 2)}; figuur: {total}",
    )


def kbs_grants_within_bounds(inputs: CheckInputs) -> CheckResult:
    """The KBS grants' total lies between count × smallest and count × largest."""
    count = _value(inputs, "financing.kbs_grants.count")
    low = _value(inputs, "financing.kbs_grants.min_eur")
    high = _value(inputs, "financing.kbs_grants.max_eur")
    total = _value(inputs, "financing.kbs_grants.total_eur")
    return CheckResult(
        "kbs_grants_within_bounds",
        "KBS-steun: minimum ≤ maximum en aantal × minimum ≤ totaal ≤ aantal × maximum",
        low <= high and count * low <= total <= count * high,
        f"{count} × {low} ≤ {total} ≤ {count} × {high}",
    )


SHARE_FIGURES = (
    "survey.stay_3y_pct",
    "survey.main_activity_pct",
    "survey.unemployment_benefit_pct",
)


def survey_shares_are_percentages(inputs: CheckInputs) -> CheckResult:
    """Every survey share lies between 0 and 100 %."""
    values = {figure_id: _value(inputs, figure_id) for figure_id in SHARE_FIGURES}
    return CheckResult(
        "survey_shares_are_percentages",
        "aandelen uit de enquête liggen tussen 0 en 100 %",
        all(0 <= value <= 100 for value in values.values()),
        ", ".join(f"{figure_id} = {value}" for figure_id, value in values.items()),
    )


def dividend_within_cap(inputs: CheckInputs) -> CheckResult:
    """No patrimonial benefit above the legal cap (art. 8:5 §1, 3° WVV)."""
    compliance = inputs.params.compliance
    rate = compliance.dividend_rate_pct.value
    cap = inputs.params.dividend_cap_pct
    return CheckResult(
        "dividend_within_cap",
        "geen dividend boven de wettelijke rentevoet (art. 8:5 WVV)",
        rate <= cap,
        f"uitgekeerd {rate} % ≤ maximum {cap} % ({inputs.params.dividend_cap_source});"
        f" bron: {compliance.dividend_rate_pct.source}",
    )


def directors_unpaid(inputs: CheckInputs) -> CheckResult:
    """The directors' mandate is unpaid."""
    paid = inputs.params.compliance.directors_remuneration_eur
    return CheckResult(
        "directors_unpaid",
        "onbezoldigd mandaat van bestuurder",
        paid.value == 0,
        f"bezoldiging {paid.value} euro; bron: {paid.source}",
    )


VOTE_CAP_PCT = 10


def votes_within_one_tenth(inputs: CheckInputs) -> CheckResult:
    """No member votes with more than one tenth of the votes present at the general meeting."""
    share = inputs.params.compliance.largest_vote_share_pct
    return CheckResult(
        "votes_within_one_tenth",
        "niemand stemt met meer dan een tiende van de stemmen",
        share.value <= VOTE_CAP_PCT,
        f"grootste aandeel {share.value} % ≤ {VOTE_CAP_PCT} %; bron: {share.source}",
    )


CHECKS: tuple[Callable[[CheckInputs], CheckResult], ...] = (
    fte_matches_hours,
    loans_since_launch_add_up,
    kbs_grants_within_bounds,
    survey_shares_are_percentages,
    dividend_within_cap,
    directors_unpaid,
    votes_within_one_tenth,
)
"""Every check, in the order the review index shows them."""


def run_all(inputs: CheckInputs) -> list[CheckResult]:
    """Run every check; a check that cannot run counts as failed, with the reason."""
    results = []
    for check in CHECKS:
        try:
            results.append(check(inputs))
        except (KeyError, ZeroDivisionError, TypeError) as error:
            results.append(CheckResult(check.__name__, check.__doc__ or "", False, repr(error)))
    return results
