"""Checks a reviewer would otherwise do by hand, run on every build.

Two kinds: figures that must agree with each other (FTE and hours, loans since launch and last
year's total, the KBS grants and their printed bounds, shares within 0-100 %), and the
recognition conditions that are numbers (no dividend above the legal cap, unpaid directors, no
member above the vote cap). Every threshold and its legal source is a parameter of the year
(``params/YEAR.yaml``), so a new rule for one year leaves the others as they were. A failed check
fails the build; all of them are shown on the review index with what was compared.

The functions here compare numbers; what each check verifies and how its comparison reads are
words, in ``checks.yaml`` (a description and a template of plain text per check), which also
gives the order in which the review index shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..base import textfiles
from ..base.errors import ReportError
from ..base.paths import PACKAGE_DIR, relative_to_root
from ..figures.records import Figure
from ..language import templating
from ..language.formatting import round_half_up
from ..language.phrases import DEFAULT_LANGUAGE
from ..language.translations import translate
from ..year import sources
from ..year.params import ReportParams


@dataclass(frozen=True)
class CheckResult:
    """One check: what it verifies, whether it holds, and the numbers it compared."""

    id: str
    description: str
    ok: bool
    detail: str
    compared: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """What it compared, by name, as ``detail`` was filled in with (for another language's
    words: :func:`detail_in`); not part of the manifest."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready mapping."""
        return {
            "id": self.id,
            "description": self.description,
            "ok": self.ok,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class CheckInputs:
    """What the checks look at: the year's figures and parameters, and last year's total."""

    figures: dict[str, Figure]
    params: ReportParams
    since_launch_previous_year: float | None
    """Loans paid out since launch up to last year's end, or None when unknown."""
    since_launch_previous_register: str | None = None
    """The register file that total was computed from; None when it is last year's build's."""


def _value(inputs: CheckInputs, figure_id: str) -> float:
    return inputs.figures[figure_id].value


def _result(check_id: str, ok: bool, **compared: Any) -> CheckResult:
    """The result of a check, in the words of ``checks.yaml`` filled in with what it compared."""
    text = texts()[check_id]
    return CheckResult(check_id, text.description, ok, text.detail.render(compared), compared)


def detail_in(result: CheckResult, language: str) -> str:
    """What a check compared in ``language``'s words: its ``checks.yaml`` template translated
    (``locale/<language>/record.po``) and filled in with the same values, the sources the
    parameters name in that language's words (``year/sources.py``). A check that could
    not run says why as it did."""
    if language == DEFAULT_LANGUAGE or not result.compared:
        return result.detail
    source = translate(texts()[result.id].source, language)
    return templating.from_string(source, language).render(
        sources.in_language(result.compared, language)
    )


def fte_matches_hours(inputs: CheckInputs) -> CheckResult:
    """The printed FTE is the declared hours divided by the yearly full-time hours."""
    hours = _value(inputs, "employment.hours")
    per_fte = inputs.params.fte_hours_per_year
    fte = _value(inputs, "employment.fte")
    expected = int(round_half_up(hours / per_fte))
    return _result(
        "fte_matches_hours",
        fte == expected,
        hours=hours,
        per_fte=per_fte,
        per_fte_source=inputs.params.worded("fte_hours_per_year_source"),
        ratio=hours / per_fte,
        expected=expected,
        fte=fte,
    )


def loans_since_launch_add_up(inputs: CheckInputs) -> CheckResult:
    """Loans paid out since launch = last year's total + this year's payouts, in euro (the
    count is not compared: last year's count is not kept beside its total)."""
    previous = inputs.since_launch_previous_year
    total = _value(inputs, "financing.projects_since_launch.amount_eur")
    this_year = _value(inputs, "financing.projects_supported.amount_eur")
    if previous is None:
        return _result("loans_since_launch_add_up", False, previous=None)
    added = round(previous + this_year, 2)
    return _result(
        "loans_since_launch_add_up",
        added == round(total, 2),
        previous=previous,
        register=inputs.since_launch_previous_register,
        year=inputs.params.year,
        this_year=this_year,
        sum=added,
        total=total,
    )


def kbs_grants_within_bounds(inputs: CheckInputs) -> CheckResult:
    """The KBS grants' total lies between count × smallest and count × largest."""
    count = _value(inputs, "financing.kbs_grants.count")
    low = _value(inputs, "financing.kbs_grants.min_eur")
    high = _value(inputs, "financing.kbs_grants.max_eur")
    total = _value(inputs, "financing.kbs_grants.total_eur")
    return _result(
        "kbs_grants_within_bounds",
        low <= high and count * low <= total <= count * high,
        count=count,
        low=low,
        high=high,
        total=total,
    )


SHARE_FIGURES = (
    "survey.stay_3y_pct",
    "survey.main_activity_pct",
    "survey.unemployment_benefit_pct",
)


def survey_shares_are_percentages(inputs: CheckInputs) -> CheckResult:
    """Every survey share lies between 0 and 100 %."""
    shares = {figure_id: _value(inputs, figure_id) for figure_id in SHARE_FIGURES}
    return _result(
        "survey_shares_are_percentages",
        all(0 <= value <= 100 for value in shares.values()),
        shares=shares,
    )


def dividend_within_cap(inputs: CheckInputs) -> CheckResult:
    """No patrimonial benefit above the legal cap (art. 8:5 §1, 3° WVV)."""
    compliance = inputs.params.compliance
    rate = compliance.dividend_rate_pct.value
    cap = inputs.params.dividend_cap_pct
    return _result(
        "dividend_within_cap",
        rate <= cap,
        rate=rate,
        cap=cap,
        cap_source=inputs.params.worded("dividend_cap_source"),
        source=compliance.dividend_rate_pct.worded_source,
    )


def directors_unpaid(inputs: CheckInputs) -> CheckResult:
    """The directors' mandate is unpaid."""
    paid = inputs.params.compliance.directors_remuneration_eur
    return _result("directors_unpaid", paid.value == 0, paid=paid.value, source=paid.worded_source)


def votes_within_cap(inputs: CheckInputs) -> CheckResult:
    """No member votes with more than the year's cap (``vote_cap_pct``) of the votes present at
    the general meeting."""
    share = inputs.params.compliance.largest_vote_share_pct
    cap = inputs.params.vote_cap_pct
    return _result(
        "votes_within_cap",
        share.value <= cap,
        share=share.value,
        cap=cap,
        cap_source=inputs.params.worded("vote_cap_source"),
        source=share.worded_source,
    )


CHECKS: dict[str, Callable[[CheckInputs], CheckResult]] = {
    check.__name__: check
    for check in (
        fte_matches_hours,
        loans_since_launch_add_up,
        kbs_grants_within_bounds,
        survey_shares_are_percentages,
        dividend_within_cap,
        directors_unpaid,
        votes_within_cap,
    )
}
"""Every check by its id; ``checks.yaml`` holds their words and their order."""

TEXTS_FILE = PACKAGE_DIR / "review" / "checks.yaml"


class CheckTextError(ReportError):
    """``checks.yaml`` does not give each check its words; the message names the check."""


@dataclass(frozen=True)
class CheckText:
    """What a check verifies, and the template of what it compared."""

    description: str
    detail: jinja2.Template
    source: str = ""
    """The Dutch template ``detail`` was made from (the message id of its translations)."""


def _text(where: str, check_id: str, entry: Any) -> CheckText:
    if not isinstance(entry, dict) or set(entry) != {"description", "detail"}:
        raise CheckTextError(f"{where}, {check_id}: expected the keys description and detail")
    if not all(isinstance(value, str) for value in entry.values()):
        raise CheckTextError(f"{where}, {check_id}: description and detail must be text")
    try:
        detail = templating.from_string(entry["detail"])
    except jinja2.TemplateSyntaxError as error:
        raise CheckTextError(f"{where}, {check_id}.detail: {error.message}") from None
    return CheckText(entry["description"], detail, entry["detail"])


@cache
def texts(path: Path = TEXTS_FILE) -> dict[str, CheckText]:
    """Each check's words from ``checks.yaml``, in the order the review index shows them."""
    where = relative_to_root(path)
    raw = textfiles.read_yaml(path, CheckTextError, "the checks' texts")
    if not isinstance(raw, dict):
        raise CheckTextError(f"{where}: expected a mapping of check ids to their texts")
    problems = [f"unknown check {check_id!r}" for check_id in raw if check_id not in CHECKS]
    problems += [f"no texts for the check {check_id}" for check_id in CHECKS if check_id not in raw]
    if problems:
        raise CheckTextError(f"{where}: {'; '.join(problems)} (the checks: {', '.join(CHECKS)})")
    return {check_id: _text(where, check_id, entry) for check_id, entry in raw.items()}


def run_all(inputs: CheckInputs) -> list[CheckResult]:
    """Run every check; a check that cannot run counts as failed, with the reason."""
    results = []
    for check_id, text in texts().items():
        try:
            results.append(CHECKS[check_id](inputs))
        except (KeyError, ZeroDivisionError, TypeError) as error:
            results.append(CheckResult(check_id, text.description, False, repr(error)))
    return results
