"""The catalogue of the report's figures: what each one is and how the report prints it.

One line per figure: its id, its unit, where it comes from (``register``: a table of records;
``log``: periodic counts; ``fact``: a value the analyst records in the year's parameters), the
style that prints it (see ``formatting.STYLES``), any alternative printed forms the narrative may
ask for by name, and the rule that derives it. The metric functions compute the values; this
module only describes them, so adding a figure is one line here and one function in ``metrics``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Source = Literal["register", "log", "fact"]


@dataclass(frozen=True)
class FigureSpec:
    """What one figure of the report is and how it is printed."""

    id: str
    unit: str
    style: str
    source: Source
    rule: str
    variants: dict[str, str] = field(default_factory=dict)
    """Named alternative printed forms: narrative filter name -> style name."""
    plausible: tuple[float, float] | None = None
    """For a fact: the lowest and highest value that can be true; anything else is refused."""


def _spec(
    id: str,
    unit: str,
    style: str,
    source: Source,
    rule: str,
    plausible: tuple[float, float] | None = None,
    **variants: str,
) -> FigureSpec:
    if (source == "fact") != (plausible is not None):
        raise ValueError(f"{id}: a fact, and only a fact, declares its plausible range")
    return FigureSpec(
        id=id,
        unit=unit,
        style=style,
        source=source,
        rule=rule,
        variants=variants,
        plausible=plausible,
    )


_SPECS = [
    # Begeleiding
    _spec(
        "activity.turnover_eur",
        "EUR",
        "approximate_millions",
        "register",
        "sum of the year's invoiced turnover excl. VAT of all production units",
    ),
    _spec(
        "activity.guide_articles_new",
        "count",
        "quantity",
        "register",
        "user-guide articles published in the year",
    ),
    _spec(
        "activity.offices",
        "count",
        "quantity",
        "register",
        "distinct offices with at least one adviser active at year end",
    ),
    _spec("activity.advisers", "count", "quantity", "register", "advisers active at year end"),
    _spec(
        "activity.info_sessions",
        "count",
        "quantity",
        "register",
        "information sessions held in the year",
    ),
    _spec(
        "activity.new_unit_holders",
        "count",
        "quantity",
        "register",
        "info-session attendees of the year whose first production unit ever opened in the"
        " same year (a holder who opens another unit is not a new holder)",
    ),
    _spec(
        "activity.active_holders",
        "count",
        "quantity",
        "register",
        "holders with at least one production unit active in the year",
    ),
    _spec(
        "activity.active_holders_new",
        "count",
        "quantity",
        "register",
        "active holders whose first production unit started in the year",
    ),
    # Financiering
    _spec(
        "financing.loans_granted.count",
        "count",
        "quantity",
        "register",
        "interest-free loans granted in the year",
    ),
    _spec(
        "financing.loans_granted.amount_eur",
        "EUR",
        "amount",
        "register",
        "sum of the amounts of the loans granted in the year",
    ),
    _spec(
        "financing.projects_supported.count",
        "count",
        "quantity",
        "register",
        "loans disbursed in the year (a loan granted late in one year may be paid out the next)",
    ),
    _spec(
        "financing.projects_supported.amount_eur",
        "EUR",
        "amount",
        "register",
        "sum of the amounts disbursed in the year",
    ),
    _spec(
        "financing.projects_since_launch.count",
        "count",
        "quantity",
        "register",
        "loans disbursed from the launch of the service up to the end of the year",
    ),
    _spec(
        "financing.projects_since_launch.amount_eur",
        "EUR",
        "amount",
        "register",
        "sum of all amounts disbursed up to the end of the year",
    ),
    _spec(
        "financing.kbs_grants.count",
        "count",
        "quantity",
        "register",
        "King Baudouin Foundation grants received by members in the year",
    ),
    _spec("financing.kbs_grants.min_eur", "EUR", "euro", "register", "smallest of those grants"),
    _spec("financing.kbs_grants.max_eur", "EUR", "euro", "register", "largest of those grants"),
    _spec("financing.kbs_grants.total_eur", "EUR", "amount", "register", "sum of those grants"),
    # Opleiding
    _spec(
        "learning.turnover_eur",
        "EUR",
        "about_millions",
        "register",
        "turnover of the year's invoices sold through the learning catalogue",
    ),
    # Bescherming
    _spec(
        "employment.workers",
        "persons",
        "quantity",
        "register",
        "distinct persons with at least one employment contract in the year",
    ),
    _spec(
        "employment.contracts", "count", "quantity", "register", "employment contracts in the year"
    ),
    _spec(
        "employment.days", "days", "quantity", "register", "declared work days of those contracts"
    ),
    _spec(
        "employment.hours",
        "hours",
        "quantity",
        "register",
        "declared work hours of those contracts",
    ),
    _spec(
        "employment.fte",
        "FTE",
        "quantity",
        "register",
        "hours divided by the yearly hours of one full-time worker (parameter "
        "fte_hours_per_year), rounded to a whole number",
    ),
    _spec(
        "employment.open_ended_members",
        "persons",
        "quantity",
        "register",
        "distinct members who worked under an open-ended contract during the year",
    ),
    _spec(
        "training.days",
        "days",
        "quantity",
        "register",
        "days of the training sessions held in the year",
    ),
    _spec(
        "training.participants", "persons", "quantity", "register", "participants of those sessions"
    ),
    _spec(
        "legal.cases",
        "count",
        "quantity",
        "register",
        "legal requests/cases opened in the year about production-unit activity",
    ),
    _spec(
        "gembloux.jobs",
        "count",
        "quantity",
        "register",
        "jobs created in the Objectif Emploi Gembloux project up to 31 December of the year",
    ),
    _spec("gembloux.fte", "FTE", "decimal2", "register", "sum of those jobs' FTE fractions"),
    _spec(
        "survey.responses",
        "count",
        "round_figure",
        "register",
        "survey responses of the year",
        benaderd="approximate",
    ),
    _spec(
        "survey.satisfaction_mean",
        "score",
        "decimal1",
        "register",
        "mean satisfaction score (0-10) of the responses, one decimal",
    ),
    _spec(
        "survey.stay_3y_pct",
        "percent",
        "percent",
        "register",
        "share of respondents who see themselves at Smart in three years, whole percent",
    ),
    _spec(
        "survey.main_activity_pct",
        "percent",
        "percent",
        "register",
        "share of respondents for whom the Smart activity is their main activity, whole percent",
    ),
    _spec(
        "survey.unemployment_benefit_pct",
        "percent",
        "approximate_percent",
        "register",
        "share of respondents who declare receiving an unemployment benefit",
    ),
    _spec(
        "reform.working_groups",
        "count",
        "word",
        "fact",
        "working groups set up in June of the year",
        plausible=(1, 50),
    ),
    _spec(
        "invoicing.reminders",
        "count",
        "quantity",
        "register",
        "automatic payment reminders sent in the year",
    ),
    _spec("invoicing.invoices", "count", "approximate", "register", "invoices issued in the year"),
    # Erkenning
    _spec(
        "recognition.members_per_year",
        "persons",
        "quantity",
        "fact",
        "approximate yearly member count quoted in the advocacy section",
        plausible=(1_000, 500_000),
    ),
    _spec(
        "recognition.years",
        "years",
        "quantity",
        "fact",
        "age of the shared enterprise",
        plausible=(1, 100),
    ),
    _spec(
        "recognition.gsef_participants",
        "persons",
        "quantity",
        "fact",
        "participants of the external event",
        plausible=(1, 1_000_000),
    ),
    _spec("pvcb.publications", "count", "quantity", "register", "PVCB publications in the year"),
    _spec("pvcb.analyses", "count", "quantity", "register", "publications of type analysis"),
    _spec("pvcb.studies", "count", "quantity", "register", "publications of type study"),
    _spec(
        "pvcb.translated_nl", "count", "quantity", "register", "analyses also published in Dutch"
    ),
    _spec("pvcb.films", "count", "quantity", "register", "activities of type film"),
    _spec("pvcb.workshops", "count", "quantity", "register", "activities of type workshop"),
    _spec(
        "pvcb.public_debates", "count", "quantity", "register", "activities of type public debate"
    ),
    _spec("pvcb.lets_meet", "count", "quantity", "register", "activities of type Let's meet"),
    _spec("pvcb.round_tables", "count", "quantity", "register", "activities of type round table"),
    _spec("pvcb.theatre", "count", "quantity", "register", "activities of type theatre"),
    _spec(
        "pvcb.european_meetings",
        "count",
        "quantity",
        "register",
        "activities of type European meeting",
    ),
    # Coöperatief leven
    _spec(
        "events.total", "count", "quantity", "register", "cooperative-life events held in the year"
    ),
    _spec(
        "events.coopinside_days",
        "days",
        "word",
        "register",
        "distinct days with a CoopInside meeting in the month coopinside_month (a parameter;"
        " May in 2025), the month the sentence names",
    ),
    _spec(
        "events.coopinside_cities",
        "count",
        "word",
        "register",
        "distinct cities with a CoopInside meeting in the month coopinside_month",
    ),
    _spec(
        "events.letscoop_cities_2023",
        "count",
        "word",
        "fact",
        "cities that hosted the 2023 general meeting at the same time",
        plausible=(1, 50),
    ),
    # Werkomgeving
    _spec(
        "site.area_m2",
        "m2",
        "quantity",
        "fact",
        "floor area of the Sint-Gillis site",
        plausible=(10, 100_000),
    ),
    _spec(
        "smartlabs.groups",
        "count",
        "about_tens",
        "register",
        "SmartLab groups that have met since the start",
    ),
    _spec(
        "smartlabs.interested",
        "persons",
        "approximate",
        "register",
        "distinct persons who registered interest in a SmartLab since the start",
    ),
    _spec(
        "smartlabs.regular",
        "persons",
        "quantity",
        "register",
        "persons who attended at least smartlab_regular_min_meetings meetings",
    ),
    _spec(
        "smartlabs.hours",
        "hours",
        "approximate",
        "register",
        "meeting hours of all SmartLab groups since the start",
    ),
    _spec(
        "assembly.action_points",
        "count",
        "quantity",
        "fact",
        "action points that came out of the previous year's survey and workshops",
        plausible=(1, 500),
    ),
    _spec(
        "assembly.debated",
        "count",
        "quantity",
        "fact",
        "action points debated at the workers' assembly",
        plausible=(0, 500),
    ),
    _spec(
        "ethics.members_staff",
        "persons",
        "word",
        "register",
        "committee members from the support teams at year end",
    ),
    _spec(
        "ethics.members_external",
        "persons",
        "word",
        "register",
        "external expert members at year end",
    ),
    _spec(
        "ethics.members_users",
        "persons",
        "word",
        "register",
        "members who use Smart's services, at year end",
    ),
    _spec("ethics.topics", "count", "word", "register", "topics handled in the year"),
    _spec(
        "ethics.recommendations",
        "count",
        "word",
        "register",
        "topics of the year that led to a recommendation",
    ),
    _spec("ethics.meetings", "count", "word", "register", "committee meetings in the year"),
    _spec(
        "ethics.new_members",
        "persons",
        "word",
        "register",
        "members who joined the committee in the year",
    ),
    _spec(
        "coop.smart_in_progress_seasons",
        "count",
        "word",
        "fact",
        "seasons of the Smart in Progress participation programme",
        plausible=(1, 100),
    ),
    _spec(
        "diversity.actions",
        "count",
        "about_tens",
        "fact",
        "actions of the diversity plan",
        plausible=(0, 500),
    ),
    # Veiligheid
    _spec(
        "safety.medical_exams",
        "persons",
        "about_tens",
        "register",
        "new members who had a medical examination at registration in the year",
    ),
    _spec(
        "cyber.machines",
        "count",
        "quantity",
        "fact",
        "workstations and servers protected by the antivirus",
        plausible=(1, 100_000),
    ),
    _spec(
        "cyber.av_threats_monthly",
        "count/month",
        "approximate",
        "log",
        "monthly average of threats blocked by the antivirus",
    ),
    _spec(
        "cyber.av_phishing_monthly",
        "count/month",
        "approximate",
        "log",
        "monthly average of phishing attempts blocked",
    ),
    _spec(
        "cyber.av_malware_monthly",
        "count/month",
        "quantity",
        "log",
        "monthly average of malware attacks blocked, rounded",
    ),
    _spec(
        "cyber.av_websites_monthly",
        "count/month",
        "quantity",
        "log",
        "monthly average of websites blocked, rounded",
    ),
    _spec(
        "cyber.fw_threats_monthly",
        "count/month",
        "quantity",
        "log",
        "monthly average of threats blocked by the firewall, rounded to two significant digits",
    ),
    _spec(
        "cyber.fw_malicious_sites_monthly",
        "count/month",
        "quantity",
        "log",
        "monthly average of blocked accesses to malicious or compromised sites, rounded to two "
        "significant digits",
    ),
    _spec(
        "cyber.fw_malware_monthly",
        "count/month",
        "quantity",
        "log",
        "monthly average of malware programs blocked by the firewall, rounded",
    ),
]

CATALOGUE: dict[str, FigureSpec] = {spec.id: spec for spec in _SPECS}
"""Figure id -> its description, in report order."""

FACT_IDS: tuple[str, ...] = tuple(spec.id for spec in _SPECS if spec.source == "fact")
"""The figures an analyst records in the year's parameters, with their source."""


def spec_for(figure_id: str) -> FigureSpec:
    """The catalogue entry of ``figure_id``, or a KeyError that says the id is not catalogued."""
    try:
        return CATALOGUE[figure_id]
    except KeyError:
        raise KeyError(f"figure {figure_id!r} is not in the catalogue (catalogue.py)") from None
