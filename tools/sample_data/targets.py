"""What the synthetic registers of a year must add up to: :class:`SampleTargets`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from sociaal_verslag.registers.loading import REGISTERS

from .values import OFFICES, allowed

SCALED_FIELDS = (
    "invoices",
    "turnover_cents",
    "learning_invoices",
    "learning_turnover_cents",
    "contracts",
    "workers",
    "declared_days",
    "declared_hours_cents",
    "reminders_automatic",
    "reminders_manual",
    "active_holders",
    "active_holders_new",
    "inactive_holders",
)
"""The targets ``SampleTargets.scaled`` multiplies: the registers that grow with the members."""


@dataclass(frozen=True)
class SampleTargets:
    """The figures the synthetic registers of one year must reproduce exactly.

    Amounts of money are in cents and hours in hundredths, so that they are exact. Fields
    marked "shape" only make the data realistic (e.g. records that must *not* be counted) and
    are not report figures.
    """

    # Begeleiding ---------------------------------------------------------------------------
    invoices: int
    """Invoices issued in the year."""
    turnover_cents: int
    """Sum of their amounts excl. VAT, in cents."""
    learning_invoices: int
    """Of those, invoices sold through the learning catalogue."""
    learning_turnover_cents: int
    """Sum of the learning-catalogue invoices, in cents."""
    guide_articles_new: int
    guide_articles_earlier: int
    """Shape: user-guide articles published in earlier years."""
    advisers: int
    """Advisers active at year end."""
    adviser_offices: int
    """Distinct offices of the active advisers (the first N of OFFICES)."""
    advisers_left: int
    """Shape: advisers who left during the year or earlier."""
    info_sessions: int
    new_unit_holders: int
    """Info-session attendees of the year who opened their first production unit that year."""
    info_prospects: int
    """Shape: attendees who did not open a production unit."""
    info_old_holders: int
    """Shape: attendees who already held a unit before the year and opened none in it."""
    active_holders: int
    active_holders_new: int
    """Active holders whose first unit opened in the year."""
    inactive_holders: int
    """Shape: holders whose units all closed before the year."""
    # Financiering --------------------------------------------------------------------------
    loans_granted: int
    loans_granted_eur: int
    loans_disbursed: int
    loans_disbursed_eur: int
    loans_since_launch: int
    """Loans disbursed from the launch up to the end of the year."""
    loans_since_launch_eur: int
    loans_pending: int
    """Shape: loans granted late in the year and not yet disbursed."""
    loans_launch: date
    kbs_grants: int
    kbs_min_eur: int
    kbs_max_eur: int
    kbs_total_eur: int
    # Bescherming ---------------------------------------------------------------------------
    contracts: int
    workers: int
    declared_days: int
    declared_hours_cents: int
    """Sum of declared hours, in hundredths of an hour."""
    open_ended_members: int
    support_staff: int
    """Shape: support-team workers, each with an open-ended contract (not counted above)."""
    training_sessions: int
    training_days: float
    """Sum of training days (a multiple of 0.5)."""
    training_participants: int
    legal_cases: int
    """Legal cases about production-unit activity."""
    legal_cases_other: int
    """Shape: legal cases about other matters."""
    gembloux_jobs: int
    gembloux_fte: float
    """Sum of the jobs' FTE fractions (two decimals)."""
    survey_responses: int
    survey_satisfaction_sum: int
    """Sum of the 0-10 satisfaction scores (sets the mean exactly)."""
    survey_stay_3y: int
    survey_main_activity: int
    survey_unemployment_benefit: int
    reminders_automatic: int
    reminders_manual: int
    # Erkenning, coöperatief leven ----------------------------------------------------------
    pvcb_analyses: int
    pvcb_studies: int
    pvcb_translated_nl: int
    pvcb_activities: Mapping[str, int]
    """PVCB activities by kind."""
    events: int
    coopinside_events: int
    coopinside_days: int
    coopinside_cities: int
    # Werkomgeving --------------------------------------------------------------------------
    smartlab_groups: int
    smartlab_groups_met: int
    smartlab_people: int
    smartlab_extra_registrations: int
    """Shape: second registrations of a person in another group."""
    smartlab_meetings: int
    smartlab_hours: float
    """Sum of meeting hours (a multiple of 0.5)."""
    smartlab_regular: int
    """Persons attending at least ``smartlab_threshold`` meetings."""
    ethics_members: Mapping[str, int]
    """Committee members at year end by role."""
    ethics_new_members: int
    ethics_former_members: int
    ethics_topics: int
    ethics_recommendations: int
    ethics_meetings: int
    # Veiligheid ----------------------------------------------------------------------------
    medical_registration: int
    medical_periodic: int
    medical_resumption: int
    security_totals: Mapping[str, int]
    """Yearly totals of each counter of security_monthly (12 months)."""
    smartlab_threshold: int = 3
    smartlab_start: date = field(default=date(2023, 1, 1))
    gembloux_start: date = field(default=date(2023, 6, 1))

    def scaled(self, factor: int) -> SampleTargets:
        """The same year with the big registers ``factor`` times larger: invoices, employment
        contracts, payment reminders and production-unit holders (with their totals), for
        measuring how the build copes with more data. The result is consistent (``check``)."""
        if factor < 1:
            raise ValueError(f"a scale factor is a whole number from 1, got {factor}")
        return replace(
            self,
            **{name: getattr(self, name) * factor for name in SCALED_FIELDS},
        )

    def check(self) -> None:
        """Raise ValueError when the targets cannot all hold at once."""
        problems = []

        def need(ok: bool, text: str) -> None:
            if not ok:
                problems.append(text)

        need(self.learning_invoices <= self.invoices, "learning_invoices <= invoices")
        need(self.learning_turnover_cents < self.turnover_cents, "learning turnover < turnover")
        need(self.new_unit_holders <= self.active_holders_new, "new_unit_holders <= new holders")
        need(self.active_holders_new <= self.active_holders, "active_holders_new <= active")
        need(
            self.info_old_holders <= self.active_holders - self.active_holders_new,
            "info_old_holders <= old active holders",
        )
        need(self.adviser_offices <= min(len(OFFICES), self.advisers), "adviser_offices")
        need(self.loans_pending < self.loans_granted, "loans_pending < loans_granted")
        need(
            self.loans_disbursed >= self.loans_granted - self.loans_pending,
            "loans_disbursed >= loans_granted - loans_pending",
        )
        need(self.loans_since_launch >= self.loans_disbursed, "loans_since_launch")
        need(self.kbs_min_eur <= self.kbs_max_eur, "kbs_min_eur <= kbs_max_eur")
        need(
            self.workers > self.support_staff + self.open_ended_members,
            "workers > support_staff + open_ended_members",
        )
        need(self.contracts >= self.workers, "contracts >= workers")
        need(self.survey_satisfaction_sum <= 10 * self.survey_responses, "satisfaction sum")
        need(self.coopinside_events >= max(self.coopinside_days, self.coopinside_cities), "ci")
        need(self.coopinside_events + 1 <= self.events, "events")
        need(self.pvcb_translated_nl <= self.pvcb_analyses, "pvcb_translated_nl")
        need(self.smartlab_groups_met <= self.smartlab_groups, "smartlab_groups_met")
        need(self.smartlab_regular <= self.smartlab_people, "smartlab_regular")
        need(set(self.pvcb_activities) <= set(allowed("pvcb_activities", "kind")), "pvcb kinds")
        need(set(self.ethics_members) <= set(allowed("ethics_members", "role")), "ethics roles")
        counters = REGISTERS["security_monthly"].columns[1:]
        need(set(self.security_totals) == set(counters), "security_totals: one per counter")
        need(self.ethics_recommendations <= self.ethics_topics, "ethics_recommendations")
        need(self.ethics_new_members <= sum(self.ethics_members.values()), "ethics_new_members")
        need(round(self.training_days * 2) == self.training_days * 2, "training_days")
        need(round(self.smartlab_hours * 2) == self.smartlab_hours * 2, "smartlab_hours")
        if problems:
            raise ValueError("inconsistent sample targets: " + "; ".join(problems))
