"""A seeded generator of synthetic registers whose totals hit given targets exactly.

SmartCoop's real registers are internal. To build, test and show the report without them,
:func:`generate` makes plausible synthetic records for every register of
:mod:`sociaal_verslag.registers` from a :class:`SampleTargets` (the figures the report must
show) and a seed. The records are random but the totals the report computes from them are
exact: every total is split into parts with integer arithmetic (cents, half days, ...), never
by rounding floats. The same targets, year and seed always give the same frames, and
:func:`write_registers` always writes the same bytes (rows sorted by id, fixed number
formatting, ``\\n`` line endings).

Person ids (``P0123456``) are shared between registers as they would be at SmartCoop: unit
holders attend information sessions, sign employment contracts, get loans, and so on.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from sociaal_verslag.registers import REGISTERS

__all__ = ["SampleTargets", "generate", "write_registers"]

OFFICES = REGISTERS["production_units"].allowed("office")
"""SmartCoop's offices, as registers.yaml lists them."""

# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------


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
        need(self.ethics_recommendations <= self.ethics_topics, "ethics_recommendations")
        need(self.ethics_new_members <= sum(self.ethics_members.values()), "ethics_new_members")
        need(round(self.training_days * 2) == self.training_days * 2, "training_days")
        need(round(self.smartlab_hours * 2) == self.smartlab_hours * 2, "smartlab_hours")
        if problems:
            raise ValueError("inconsistent sample targets: " + "; ".join(problems))


# --------------------------------------------------------------------------------------------
# Integer partitions and dates
# --------------------------------------------------------------------------------------------

Rng = np.random.Generator
DAY = np.timedelta64(1, "D")


def _allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Non-negative integers proportional to ``weights`` that sum exactly to ``total``."""
    weights = np.asarray(weights, dtype=float)
    if total == 0 or len(weights) == 0:
        return np.zeros(len(weights), dtype=np.int64)
    share = total * (weights / weights.sum())
    base = np.floor(share).astype(np.int64)
    rest = int(total - base.sum())
    order = np.argsort(-(share - base), kind="stable")
    if rest >= 0:
        base[order[:rest]] += 1
    else:  # float rounding made the floors overshoot: take back from the largest parts
        base[np.argsort(-base, kind="stable")[:-rest]] -= 1
    return base


def _bounded(
    rng: Rng,
    total: int,
    n: int,
    lo: int,
    hi: int,
    sigma: float = 0.6,
    unit: int = 1,
) -> np.ndarray:
    """``n`` integers in ``[lo, hi]`` (multiples of ``unit``) summing to ``total``, shuffled."""
    if n == 0:
        if total != 0:
            raise ValueError(f"cannot split {total} into 0 parts")
        return np.zeros(0, dtype=np.int64)
    if total % unit or lo % unit or hi % unit:
        raise ValueError(f"{total}, {lo} and {hi} must be multiples of {unit}")
    free, cap = (total - n * lo) // unit, (hi - lo) // unit
    if not 0 <= free <= n * cap:
        raise ValueError(f"cannot split {total} into {n} parts between {lo} and {hi}")
    weights = rng.lognormal(0.0, sigma, n)
    parts = _allocate(free, weights)
    while (over := parts > cap).any():
        excess = int((parts[over] - cap).sum())
        parts[over] = cap
        room = parts < cap
        parts[room] += _allocate(excess, weights[room])
    return lo + parts * unit


def _exact_sum_ints(rng: Rng, values: np.ndarray, total: int, lo: int, hi: int) -> np.ndarray:
    """Nudge integer ``values`` by one step at a time until they sum to ``total``."""
    values = values.copy()
    while (diff := total - int(values.sum())) != 0:
        step = 1 if diff > 0 else -1
        room = np.flatnonzero(values < hi) if step > 0 else np.flatnonzero(values > lo)
        if len(room) == 0:
            raise ValueError(f"cannot reach a sum of {total}")
        chosen = rng.choice(room, size=min(abs(diff), len(room)), replace=False)
        values[chosen] += step
    return values


def _day(value: date | str) -> np.datetime64:
    return np.datetime64(value, "D")


def _uniform_days(rng: Rng, start: np.ndarray | np.datetime64, end, n: int) -> np.ndarray:
    """Uniform dates between ``start`` and ``end`` inclusive (scalars or arrays)."""
    span = ((np.asarray(end) - np.asarray(start)) // DAY).astype(np.int64)
    return np.asarray(start) + (rng.random(n) * (span + 1)).astype(np.int64) * DAY


FIXED_HOLIDAYS = ("01-01", "05-01", "07-21", "08-15", "11-01", "11-11", "12-25")
"""Belgian public holidays on a fixed date (the movable ones are left out)."""


def _workdays(start: np.datetime64, end: np.datetime64) -> np.ndarray:
    """Monday to Friday between ``start`` and ``end`` inclusive, without fixed holidays."""
    days = np.arange(start, end + DAY, DAY)
    years = range(int(str(start)[:4]), int(str(end)[:4]) + 1)
    holidays = [np.datetime64(f"{y}-{md}") for y in years for md in FIXED_HOLIDAYS]
    return days[np.is_busday(days, holidays=holidays)]


def _growing_days(rng: Rng, start: np.datetime64, end: np.datetime64, n: int) -> np.ndarray:
    """Dates between ``start`` and ``end``, more of them in recent years (a growing base)."""
    span = int((end - start) // DAY)
    return start + (rng.random(n) ** 0.6 * (span + 1)).astype(np.int64) * DAY


def _pick_workdays(
    rng: Rng, start: np.datetime64, end: np.datetime64, n: int, replace: bool = True
) -> np.ndarray:
    return np.sort(rng.choice(_workdays(start, end), size=n, replace=replace))


def _ids(prefix: str, n: int, width: int) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def _dates(values: np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(values, dtype="datetime64[D]").astype("datetime64[ns]"))


def _rng(seed: int, name: str) -> Rng:
    """An independent stream per register, so one register's draws never shift another's."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def _finish(
    df: pd.DataFrame, sort: list[str], id_column: str | None, ids: list[str] | None
) -> pd.DataFrame:
    """Sort rows (stable), set sequential ids in that order, reset the index."""
    df = df.sort_values(sort, kind="stable").reset_index(drop=True)
    if id_column is not None and ids is not None:
        df.insert(0, id_column, ids)
    return df


class _People:
    """Hands out unique person ids P0000000 in a random order."""

    def __init__(self, rng: Rng, size: int = 2_000_000) -> None:
        self._numbers = rng.permutation(size) + 100_000
        self._next = 0

    def take(self, n: int) -> np.ndarray:
        numbers = self._numbers[self._next : self._next + n]
        self._next += n
        return np.array([f"P{k:07d}" for k in numbers], dtype=object)


OFFICE_WEIGHTS = np.array([0.36, 0.15, 0.12, 0.11, 0.07, 0.07, 0.07, 0.05])
"""Share of each office in the production units (order of OFFICES)."""
OFFICE_LANGUAGES = {  # probabilities of fr, nl, en for an info session at that office
    "Brussel": [0.55, 0.30, 0.15],
    "Antwerpen": [0.05, 0.88, 0.07],
    "Gent": [0.05, 0.88, 0.07],
}
WALLOON_LANGUAGES = [0.94, 0.02, 0.04]  # fr, nl, en: the other offices


def _offices(rng: Rng, n: int) -> np.ndarray:
    return rng.choice(np.array(OFFICES, dtype=object), size=n, p=OFFICE_WEIGHTS)


# --------------------------------------------------------------------------------------------
# The registers
# --------------------------------------------------------------------------------------------


@dataclass
class _Context:
    targets: SampleTargets
    year: int
    seed: int
    people: _People
    ys: np.datetime64
    ye: np.datetime64
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    # facts shared between registers
    new_holders: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    new_first_opened: np.ndarray = field(default_factory=lambda: np.array([], "datetime64[D]"))
    old_holders_no_new_unit: np.ndarray = field(default_factory=lambda: np.array([], object))
    inactive_holders: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    active_holders: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))

    def rng(self, name: str) -> Rng:
        return _rng(self.seed, name)


def _production_units(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("production_units")
    ys, ye = ctx.ys, ctx.ye
    history = _day(date(ctx.year - 16, 1, 1))
    n_old = t.active_holders - t.active_holders_new
    groups = {
        "old": ctx.people.take(n_old),
        "new": ctx.people.take(t.active_holders_new),
        "gone": ctx.people.take(t.inactive_holders),
    }
    frames = []
    for group, holders in groups.items():
        n = len(holders)
        units_per_holder = rng.choice([1, 2, 3, 4], size=n, p=[0.80, 0.14, 0.05, 0.01])
        office = _offices(rng, n)
        if group == "old":
            first = _growing_days(rng, history, ys - DAY, n)
            first_closed = np.where(
                rng.random(n) < 0.12, _uniform_days(rng, ys + DAY, ye, n), np.datetime64("NaT")
            )
            later_end = np.full(n, ye)
        elif group == "new":
            first = _uniform_days(rng, ys, ye, n)
            first_closed = np.where(
                rng.random(n) < 0.08,
                _uniform_days(rng, np.minimum(first + DAY, ye), ye, n),
                np.datetime64("NaT"),
            )
            later_end = np.full(n, ye)
        else:
            first = _growing_days(rng, history, ys - 60 * DAY, n)
            first_closed = _uniform_days(rng, first, ys - DAY, n)
            later_end = first_closed
        rows = {
            "holder_id": holders,
            "office": office,
            "opened_on": first,
            "closed_on": first_closed,
        }
        frames.append(pd.DataFrame(rows))
        # Further units of the same holder open after the first one.
        extra = np.repeat(np.arange(n), units_per_holder - 1)
        m = len(extra)
        opened = _uniform_days(rng, first[extra], later_end[extra], m)
        if group == "gone":
            closed = _uniform_days(rng, opened, ys - DAY, m)
        else:
            closed = np.where(
                rng.random(m) < 0.45, _uniform_days(rng, opened, ye, m), np.datetime64("NaT")
            )
        frames.append(
            pd.DataFrame(
                {
                    "holder_id": holders[extra],
                    "office": np.where(rng.random(m) < 0.9, office[extra], _offices(rng, m)),
                    "opened_on": opened,
                    "closed_on": closed,
                }
            )
        )
        if group == "old":
            opened_in_year = set(holders[extra][opened >= ys])
            ctx.old_holders_no_new_unit = np.array(
                [h for h in holders if h not in opened_in_year], dtype=object
            )
        elif group == "new":
            ctx.new_holders, ctx.new_first_opened = holders, first
        else:
            ctx.inactive_holders = holders
    units = pd.concat(frames, ignore_index=True)
    units["opened_on"] = _dates(units["opened_on"].to_numpy())
    units["closed_on"] = _dates(units["closed_on"].to_numpy())
    units = _finish(units, ["opened_on", "holder_id"], "unit_id", _ids("PU-", len(units), 6))
    ctx.active_holders = np.concatenate([groups["old"], groups["new"]])
    ctx.frames["production_units"] = units


def _info_sessions(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("info_sessions")
    n = t.info_sessions
    held = _pick_workdays(rng, ctx.ys, ctx.ye, n)
    office = _offices(rng, n)
    language = np.empty(n, dtype=object)
    for i, place in enumerate(office):
        p = OFFICE_LANGUAGES.get(place, WALLOON_LANGUAGES)
        language[i] = rng.choice(["fr", "nl", "en"], p=p)
    sessions = pd.DataFrame({"held_on": _dates(held), "office": office, "language": language})
    sessions = _finish(sessions, ["held_on"], "session_id", _ids(f"IS-{ctx.year}-", n, 4))
    ctx.frames["info_sessions"] = sessions

    # Attendees: new holders (who went to a session before opening their unit), prospects
    # who opened nothing, and people who already held a unit before the year.
    rng = ctx.rng("info_session_attendees")
    session_ids = sessions["session_id"].to_numpy()
    session_days = sessions["held_on"].to_numpy().astype("datetime64[D]")
    pick = rng.choice(len(ctx.new_holders), size=t.new_unit_holders, replace=False)
    converts, opened = ctx.new_holders[pick], ctx.new_first_opened[pick]
    # the last session on or before the opening date, minus up to ~2 months of sessions
    before = np.searchsorted(session_days, opened, side="right") - 1
    back = rng.integers(0, 35, size=len(pick))
    first_session = np.where(before >= 0, np.maximum(before - back, 0), rng.integers(0, min(5, n)))
    old = rng.choice(ctx.old_holders_no_new_unit, size=t.info_old_holders, replace=False)
    prospects = ctx.people.take(t.info_prospects)
    people = np.concatenate([converts, old, prospects])
    sessions_of = np.concatenate(
        [first_session, rng.integers(0, n, size=len(old) + len(prospects))]
    )
    rows = [pd.DataFrame({"session": sessions_of, "person_id": people})]
    # Some come twice (another session).
    again = rng.random(len(people)) < 0.09
    second = (sessions_of[again] + rng.integers(1, n, size=int(again.sum()))) % n
    rows.append(pd.DataFrame({"session": second, "person_id": people[again]}))
    attendees = pd.concat(rows, ignore_index=True)
    attendees["session_id"] = session_ids[attendees["session"].to_numpy()]
    attendees = _finish(attendees, ["session", "person_id"], None, None)
    ctx.frames["info_session_attendees"] = attendees[["session_id", "person_id"]]


GUIDE_TOPICS = [
    ("Een factuur opmaken", "Établir une facture", "Creating an invoice"),
    ("Een offerte maken", "Faire un devis", "Making a quote"),
    ("Een productie-eenheid openen", "Ouvrir une unité de production", "Opening a unit"),
    ("Je kosten inbrengen", "Encoder ses frais", "Entering your expenses"),
    ("Een contract aanvragen", "Demander un contrat", "Requesting a contract"),
    ("De loonfiche begrijpen", "Comprendre sa fiche de paie", "Understanding your payslip"),
    ("Btw en je activiteit", "La TVA et ton activité", "VAT and your activity"),
    ("Het kunstwerkattest", "L'attestation du travail des arts", "The artist work permit"),
    ("Werkloosheid en Smart", "Chômage et Smart", "Unemployment and Smart"),
    ("Een renteloze lening aanvragen", "Demander un prêt sans intérêt", "Applying for a loan"),
    ("Je budget opvolgen", "Suivre son budget", "Following your budget"),
    ("Verzekeringen bij Smart", "Les assurances chez Smart", "Insurance at Smart"),
    ("Een klant toevoegen", "Ajouter un client", "Adding a client"),
    ("Een aankoop doen", "Faire un achat", "Making a purchase"),
    ("Afschrijvingen van materiaal", "Amortir du matériel", "Depreciating equipment"),
    ("Werken in het buitenland", "Travailler à l'étranger", "Working abroad"),
    ("Auteursrechten", "Les droits d'auteur", "Copyright income"),
    ("Vrijwilligerswerk en Smart", "Bénévolat et Smart", "Volunteering and Smart"),
    ("Opleidingen zonder btw", "Formations sans TVA", "VAT-exempt trainings"),
    ("Een aanmaning versturen", "Envoyer un rappel", "Sending a reminder"),
    ("Arbeidsongevallen", "Accidents du travail", "Accidents at work"),
    ("Je mobiliteitskosten", "Tes frais de déplacement", "Your travel costs"),
    ("Een activiteit stopzetten", "Arrêter une activité", "Closing an activity"),
    ("Vennoot worden", "Devenir associé·e", "Becoming a member"),
    ("De algemene vergadering", "L'assemblée générale", "The general meeting"),
    ("Je persoonlijke gegevens", "Tes données personnelles", "Your personal data"),
    ("Ziekte en arbeidsongeschiktheid", "Maladie et incapacité", "Illness and incapacity"),
    ("Een voorschot aanvragen", "Demander une avance", "Requesting an advance"),
    ("Het gezondheidstoezicht", "La surveillance de santé", "Health surveillance"),
    ("De Smart-app gebruiken", "Utiliser l'app Smart", "Using the Smart app"),
    ("Veilig werken op hoogte", "Travailler en hauteur", "Working at height safely"),
    ("Werken met machines", "Travailler avec des machines", "Working with machines"),
    ("Verkopen op een markt", "Vendre sur un marché", "Selling at a market"),
    ("Je cv bij Smart", "Ton CV chez Smart", "Your CV at Smart"),
    ("Samenwerken in een collectief", "Travailler en collectif", "Working as a collective"),
]


def _guide_articles(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("guide_articles")
    n_old, n_new = t.guide_articles_earlier, t.guide_articles_new
    n = n_old + n_new
    published = np.concatenate(
        [
            _uniform_days(rng, _day(date(ctx.year - 6, 3, 1)), ctx.ys - DAY, n_old),
            _pick_workdays(rng, ctx.ys, ctx.ye, n_new),
        ]
    )
    combos = [(topic, lang) for topic in range(len(GUIDE_TOPICS)) for lang in range(3)]
    order = rng.permutation(len(combos))
    titles, languages = [], []
    for i in range(n):
        topic, lang = combos[order[i % len(combos)]]
        title = GUIDE_TOPICS[topic][lang]
        part = i // len(combos)
        titles.append(title if part == 0 else f"{title} ({part + 1})")
        languages.append(("nl", "fr", "en")[lang])
    articles = pd.DataFrame(
        {"title": titles, "language": languages, "published_on": _dates(published)}
    )
    ctx.frames["guide_articles"] = _finish(
        articles, ["published_on", "title"], "article_id", _ids("GA-", n, 4)
    )


def _advisers(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("advisers")
    offices = np.array(OFFICES[: t.adviser_offices], dtype=object)
    weights = OFFICE_WEIGHTS[: t.adviser_offices] / OFFICE_WEIGHTS[: t.adviser_offices].sum()
    active_office = np.concatenate(
        [offices, rng.choice(offices, size=t.advisers - len(offices), p=weights)]
    )
    start = _day(date(ctx.year - 12, 1, 1))
    active_started = np.where(
        rng.random(t.advisers) < 0.1,
        _uniform_days(rng, ctx.ys, ctx.ye - 30 * DAY, t.advisers),
        _uniform_days(rng, start, ctx.ys - DAY, t.advisers),
    )
    n_left = t.advisers_left
    left_started = _uniform_days(rng, start, ctx.ys - 200 * DAY, n_left)
    left_on = np.where(
        np.arange(n_left) < (n_left + 2) // 3,
        _uniform_days(rng, np.full(n_left, ctx.ys), ctx.ye - 14 * DAY, n_left),
        _uniform_days(rng, left_started + 90 * DAY, ctx.ys - DAY, n_left),
    )
    advisers = pd.DataFrame(
        {
            "office": np.concatenate([active_office, _offices(rng, n_left)]),
            "started_on": _dates(np.concatenate([active_started, left_started])),
            "left_on": _dates(
                np.concatenate([np.full(t.advisers, np.datetime64("NaT", "D")), left_on])
            ),
        }
    )
    ctx.frames["advisers"] = _finish(
        advisers, ["started_on", "office"], "adviser_id", _ids("ADV-", len(advisers), 3)
    )


LOAN_PURPOSES = ["equipment", "stock", "training", "investment", "cash_advance"]
LOAN_PURPOSE_WEIGHTS = [0.45, 0.14, 0.12, 0.13, 0.16]


def _loans(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("loans")
    ys, ye = ctx.ys, ctx.ye
    lo, hi = 500, 15_000
    # a: granted and disbursed in the year; b: granted in the year, not yet disbursed;
    # c: granted late the year before, disbursed in the year; d: disbursed before the year.
    b = t.loans_pending
    a = t.loans_granted - b
    c = t.loans_disbursed - a
    d = t.loans_since_launch - t.loans_disbursed
    shift = t.loans_disbursed_eur - t.loans_granted_eur  # = C - B
    low = max(b * lo, t.loans_granted_eur - a * hi, c * lo - shift)
    high = min(b * hi, t.loans_granted_eur - a * lo, c * hi - shift)
    if low > high:
        raise ValueError("loan targets cannot be met with amounts between 500 and 15 000")
    pending_sum = int(np.clip(round(b * t.loans_granted_eur / t.loans_granted * 1.1), low, high))
    sums = {
        "a": t.loans_granted_eur - pending_sum,
        "b": pending_sum,
        "c": shift + pending_sum,
        "d": t.loans_since_launch_eur - t.loans_disbursed_eur,
    }
    counts = {"a": a, "b": b, "c": c, "d": d}
    launch = _day(t.loans_launch)
    frames = []
    for group, n in counts.items():
        amount = _bounded(rng, sums[group], n, lo, hi, sigma=0.7)
        if group == "a":
            granted = _uniform_days(rng, ys, ye - 45 * DAY, n)
            paid = granted + rng.integers(3, 36, size=n) * DAY
        elif group == "b":
            granted = _uniform_days(rng, ye - 30 * DAY, ye, n)
            paid = np.full(n, np.datetime64("NaT", "D"))
        elif group == "c":
            granted = _uniform_days(rng, ys - 40 * DAY, ys - DAY, n)
            paid = _uniform_days(rng, np.full(n, ys), ys + 30 * DAY, n)
        else:
            granted = _uniform_days(rng, launch, ys - 45 * DAY, n)
            paid = granted + rng.integers(5, 41, size=n) * DAY
        frames.append(
            pd.DataFrame(
                {
                    "holder_id": rng.choice(ctx.active_holders, size=n, replace=False),
                    "purpose": rng.choice(LOAN_PURPOSES, size=n, p=LOAN_PURPOSE_WEIGHTS),
                    "granted_on": _dates(granted),
                    "amount_granted_eur": amount.astype(float),
                    "disbursed_on": _dates(paid),
                    "amount_disbursed_eur": np.where(np.isnat(paid), np.nan, amount),
                }
            )
        )
    loans = pd.concat(frames, ignore_index=True)
    loans = _finish(loans, ["granted_on", "holder_id"], None, None)
    grant_year = loans["granted_on"].dt.year
    seq = loans.groupby(grant_year).cumcount() + 1
    loans.insert(0, "loan_id", [f"LN-{y}-{s:04d}" for y, s in zip(grant_year, seq, strict=True)])
    ctx.frames["loans"] = loans


def _kbs_grants(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("kbs_grants")
    n, lo, hi = t.kbs_grants, t.kbs_min_eur, t.kbs_max_eur
    if n == 1:
        amounts = np.array([t.kbs_total_eur])
    else:
        rest_total = t.kbs_total_eur - lo - hi
        unit = 10 if all(v % 10 == 0 for v in (rest_total, lo, hi)) else 1
        rest = _bounded(rng, rest_total, n - 2, lo, hi, sigma=0.3, unit=unit)
        amounts = rng.permutation(np.concatenate([[lo, hi], rest]))
    crafts = ["ceramics", "instrument_making", "stained_glass", "tiling", "other_craft"]
    craft = np.concatenate(
        [crafts[: min(4, n)], rng.choice(crafts, size=max(0, n - 4), p=[0.4, 0.2, 0.15, 0.1, 0.15])]
    )
    grants = pd.DataFrame(
        {
            "member_id": rng.choice(ctx.active_holders, size=n, replace=False),
            "craft": rng.permutation(craft),
            "received_on": _dates(_pick_workdays(rng, ctx.ys + 59 * DAY, ctx.ye - 30 * DAY, n)),
            "amount_eur": amounts.astype(float),
        }
    )
    ctx.frames["kbs_grants"] = _finish(
        grants, ["received_on", "member_id"], "grant_id", _ids(f"KBS-{ctx.year}-", n, 2)
    )


def _employment_contracts(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("employment_contracts")
    ys, ye = ctx.ys, ctx.ye
    year_days = int((ye - ys) // DAY) + 1
    nat = np.datetime64("NaT", "D")

    # Open-ended contracts: support staff and a few members.
    def open_ended(n: int, since_years: int, fractions, p) -> dict[str, np.ndarray]:
        start = np.where(
            rng.random(n) < 0.12,
            _uniform_days(rng, ys, ye - 60 * DAY, n),
            _uniform_days(rng, _day(date(ctx.year - since_years, 1, 1)), ys - DAY, n),
        )
        leave = _uniform_days(rng, np.maximum(start, ys) + 30 * DAY, ye, n)
        end = np.where(rng.random(n) < 0.08, leave, nat)
        first = np.maximum(start, ys)
        last = np.where(np.isnat(end), ye, end)
        workdays = np.busday_count(first, last + DAY)
        fraction = rng.choice(fractions, size=n, p=p)
        days = np.round(workdays * fraction * rng.uniform(0.86, 0.95, size=n)).astype(np.int64)
        return {"start": start, "end": end, "days": days, "rate": np.full(n, 7.6)}

    staff = open_ended(t.support_staff, 15, [1.0, 0.8, 0.5], [0.6, 0.25, 0.15])
    members_oe = open_ended(t.open_ended_members, 6, [1.0, 0.8, 0.5, 0.3], [0.2, 0.3, 0.3, 0.2])

    # Daily and fixed-term contracts of the other members.
    n_workers = t.workers - t.support_staff - t.open_ended_members
    n_contracts = t.contracts - t.support_staff - t.open_ended_members
    per_worker = _bounded(rng, n_contracts, n_workers, 1, 250, sigma=1.3)
    worker = np.repeat(np.arange(n_workers), per_worker)
    daily = rng.random(n_contracts) < 0.74
    # distinct start days per worker, weekdays more likely than weekends
    day_index = np.arange(year_days)
    weekday = np.is_busday(ys + day_index * DAY)
    p_day = np.where(weekday, 1.0, 0.45)
    p_day[(day_index > 200) & (day_index < 235)] *= 0.7  # quieter summer
    p_day /= p_day.sum()
    offset = rng.choice(year_days, size=n_contracts, p=p_day)
    while True:
        clash = pd.DataFrame({"w": worker, "d": offset}).duplicated().to_numpy()
        if not clash.any():
            break
        offset[clash] = rng.choice(year_days, size=int(clash.sum()), p=p_day)
    start = ys + offset * DAY
    fixed_days_total = (
        t.declared_days
        - int(daily.sum())
        - int(staff["days"].sum())
        - int(members_oe["days"].sum())
    )
    fixed = ~daily
    days = np.ones(n_contracts, dtype=np.int64)
    days[fixed] = _bounded(rng, fixed_days_total, int(fixed.sum()), 1, 200, sigma=0.9)
    span = np.ceil(days * 7 / 5).astype(np.int64) + rng.integers(0, 15, size=n_contracts)
    end = start + (span - 1) * DAY
    end[daily] = start[daily]
    # a few fixed-term contracts started the year before and run into this one
    carried = fixed & (rng.random(n_contracts) < 0.03)
    start[carried] = ys - rng.integers(1, 90, size=int(carried.sum())) * DAY
    end[carried] = np.maximum(end[carried], ys + rng.integers(0, 60, size=int(carried.sum())) * DAY)
    rate = np.where(
        daily, rng.uniform(3.0, 9.6, size=n_contracts), rng.uniform(5.2, 8.2, n_contracts)
    )

    # Workers: many are unit holders, the rest only have contracts; support staff separately.
    n_members = n_workers + t.open_ended_members
    from_holders = min(int(n_members * 0.85), len(ctx.active_holders))
    member_ids = np.concatenate(
        [
            rng.choice(ctx.active_holders, size=from_holders, replace=False),
            ctx.people.take(n_members - from_holders),
        ]
    )
    member_ids = rng.permutation(member_ids)
    open_ended_ids, member_ids = (
        member_ids[: t.open_ended_members],
        member_ids[t.open_ended_members :],
    )
    parts = [
        (ctx.people.take(t.support_staff), "support_staff", "open_ended", staff),
        (open_ended_ids, "member", "open_ended", members_oe),
    ]
    frames = [
        pd.DataFrame(
            {
                "worker_id": ids,
                "worker_role": role,
                "contract_type": kind,
                "start_date": values["start"],
                "end_date": values["end"],
                "declared_days": values["days"],
                "rate": values["rate"],
            }
        )
        for ids, role, kind, values in parts
    ]
    frames.append(
        pd.DataFrame(
            {
                "worker_id": member_ids[worker],
                "worker_role": "member",
                "contract_type": np.where(daily, "daily", "fixed_term"),
                "start_date": start,
                "end_date": end,
                "declared_days": days,
                "rate": rate,
            }
        )
    )
    contracts = pd.concat(frames, ignore_index=True)
    weights = contracts["declared_days"].to_numpy() * contracts["rate"].to_numpy()
    cents = _allocate(t.declared_hours_cents, weights)
    contracts["declared_hours"] = cents / 100
    contracts["start_date"] = _dates(contracts["start_date"].to_numpy())
    contracts["end_date"] = _dates(contracts["end_date"].to_numpy())
    contracts = contracts.drop(columns="rate")
    ctx.frames["employment_contracts"] = _finish(
        contracts,
        ["start_date", "worker_id", "contract_type"],
        "contract_id",
        _ids("C", len(contracts), 7),
    )


TRAINING_TITLES = {
    "support_team": [
        "Onthaal van nieuwe collega's",
        "Accueil des nouveaux collègues",
        "Sociale zekerheid voor adviesverleners",
        "Sécurité sociale : mise à jour",
        "Btw en opleidingen",
        "Communication non violente",
        "Gestion des conflits",
        "Cyberveiligheid: phishing herkennen",
        "Eerste hulp op het werk",
        "Réforme du chômage : impact pour les membres",
    ],
    "members": [
        "Begrijp je loonfiche",
        "Comprendre sa fiche de paie",
        "Histoire des coopératives",
        "Lidmaatschap en coöperaties",
        "Préparer l'assemblée générale",
        "Social business model canvas",
        "Co-ontwikkeling",
        "Veilig werken met machines",
        "Waar komt het geld vandaan en waar gaat het naartoe?",
        "Fixer ses prix",
    ],
}


def _trainings(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("trainings")
    n = t.training_sessions
    half_days = _bounded(rng, round(t.training_days * 2), n, 1, 6, sigma=0.5)
    participants = _bounded(rng, t.training_participants, n, 3, 40, sigma=0.5)
    audience = rng.choice(["support_team", "members"], size=n, p=[0.55, 0.45])
    titles = [rng.choice(TRAINING_TITLES[a]) for a in audience]
    trainings = pd.DataFrame(
        {
            "title": titles,
            "audience": audience,
            "held_on": _dates(_pick_workdays(rng, ctx.ys, ctx.ye, n)),
            "days": half_days / 2,
            "participants": participants,
        }
    )
    ctx.frames["trainings"] = _finish(
        trainings, ["held_on", "title"], "session_id", _ids(f"TR-{ctx.year}-", n, 3)
    )


def _legal_cases(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("legal_cases")
    topics = ["social_law", "tax_law", "labour_law", "contract_review", "dispute", "other"]
    n_unit, n_other = t.legal_cases, t.legal_cases_other
    about = np.concatenate([np.ones(n_unit, bool), np.zeros(n_other, bool)])
    topic = np.concatenate(
        [
            rng.choice(topics, size=n_unit, p=[0.24, 0.16, 0.2, 0.2, 0.12, 0.08]),
            rng.choice(topics, size=n_other, p=[0.15, 0.1, 0.2, 0.15, 0.1, 0.3]),
        ]
    )
    order = rng.permutation(len(topic))  # mix the two kinds over the year
    cases = pd.DataFrame(
        {
            "opened_on": _dates(_pick_workdays(rng, ctx.ys, ctx.ye, n_unit + n_other)),
            "topic": topic[order],
            "about_unit_activity": about[order],
        }
    )
    ctx.frames["legal_cases"] = _finish(
        cases, ["opened_on"], "case_id", _ids(f"JUR-{ctx.year}-", len(cases), 4)
    )


GEMBLOUX_FUNCTIONS = [
    "administratieve hulp voor bedrijven",
    "sociaal werk",
    "upcycling",
    "huiswerkbegeleiding",
    "les voor theoretisch rijbewijs",
    "communicatiemedewerker",
    "klusjesman",
]


def _gembloux_jobs(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("gembloux_jobs")
    n, total = t.gembloux_jobs, round(t.gembloux_fte * 100)
    usual = np.array([50, 60, 75, 80, 100])
    for _ in range(10_000):
        fte = rng.choice(usual, size=n - 1)
        last = total - int(fte.sum())
        if 25 <= last <= 100 and last % 5 == 0:
            break
    else:
        fte = _bounded(rng, total - 100, n - 1, 5, 100, unit=5)
        last = 100
        if total % 5:
            raise ValueError("gembloux_fte must be a multiple of 0.05")
    fte = rng.permutation(np.append(fte, last))
    functions = [GEMBLOUX_FUNCTIONS[i % len(GEMBLOUX_FUNCTIONS)] for i in range(n)]
    jobs = pd.DataFrame(
        {
            "function": functions,
            "created_on": _dates(
                np.sort(_uniform_days(rng, _day(t.gembloux_start), ctx.ye - 20 * DAY, n))
            ),
            "fte": fte / 100,
        }
    )
    ctx.frames["gembloux_jobs"] = _finish(jobs, ["created_on"], "job_id", _ids("OEG-", n, 3))


def _survey_responses(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("survey_responses")
    n = t.survey_responses
    p = np.array([1, 0.5, 1, 2, 3, 6, 10, 22, 30, 15, 9.5])
    scores = rng.choice(11, size=n, p=p / p.sum())
    scores = _exact_sum_ints(rng, scores, t.survey_satisfaction_sum, 0, 10)

    def exactly(k: int) -> np.ndarray:
        flags = np.zeros(n, dtype=bool)
        flags[rng.choice(n, size=k, replace=False)] = True
        return flags

    start = _day(date(ctx.year, 10, 1))
    responses = pd.DataFrame(
        {
            "submitted_on": _dates(_uniform_days(rng, start, start + 60 * DAY, n)),
            "satisfaction": scores.astype(np.int64),
            "sees_self_at_smart_in_3y": exactly(t.survey_stay_3y),
            "smart_is_main_activity": exactly(t.survey_main_activity),
            "receives_unemployment_benefit": exactly(t.survey_unemployment_benefit),
        }
    )
    ctx.frames["survey_responses"] = _finish(
        responses, ["submitted_on"], "response_id", _ids(f"SV-{ctx.year}-", n, 5)
    )


EVENT_CITIES = [*OFFICES, "Leuven", "Mechelen", "Kortrijk", "Hasselt", "Doornik", "Verviers"]


def _coop_events(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("coop_events")
    may = _workdays(_day(date(ctx.year, 5, 1)), _day(date(ctx.year, 5, 31)))
    days = np.sort(rng.choice(may, size=t.coopinside_days, replace=False))
    cities = rng.permutation(np.array(OFFICES, dtype=object))[: t.coopinside_cities]
    k = np.arange(t.coopinside_events)  # (k mod days, k mod cities) pairs are all distinct
    coopinside = pd.DataFrame(
        {
            "held_on": days[k % len(days)],
            "kind": "coopinside",
            "city": cities[k % len(cities)],
            "format": rng.choice(["lunch", "reception"], size=len(k)),
        }
    )
    assembly = pd.DataFrame(
        {
            "held_on": [
                _pick_workdays(rng, _day(date(ctx.year, 6, 10)), _day(date(ctx.year, 6, 25)), 1)[0]
            ],
            "kind": ["general_assembly"],
            "city": ["Brussel"],
            "format": ["session"],
        }
    )
    n = t.events - len(coopinside) - 1
    kind = rng.choice(
        ["workshop", "lets_meet", "conference", "other"], size=n, p=[0.5, 0.2, 0.08, 0.22]
    )
    fmt = np.where(
        kind == "lets_meet",
        rng.choice(["breakfast", "lunch", "reception"], size=n),
        np.where(rng.random(n) < 0.85, "session", rng.choice(["breakfast", "lunch"], size=n)),
    )
    city_p = np.array(
        [0.3, 0.1, 0.1, 0.09, 0.06, 0.05, 0.05, 0.03, 0.05, 0.03, 0.04, 0.04, 0.03, 0.03]
    )
    others = pd.DataFrame(
        {
            "held_on": _pick_workdays(rng, ctx.ys + 7 * DAY, ctx.ye - 10 * DAY, n),
            "kind": kind,
            "city": rng.choice(
                np.array(EVENT_CITIES, dtype=object), size=n, p=city_p / city_p.sum()
            ),
            "format": fmt,
        }
    )
    events = pd.concat([coopinside, assembly, others], ignore_index=True)
    events["held_on"] = _dates(events["held_on"].to_numpy())
    ctx.frames["coop_events"] = _finish(
        events, ["held_on", "kind", "city"], "event_id", _ids(f"EV-{ctx.year}-", len(events), 3)
    )


PVCB_ANALYSES = [
    "Le travail des arts après la réforme : premier bilan",
    "Freelances et sécurité sociale : un filet troué ?",
    "La limitation du chômage dans le temps et ses effets",
    "Coopératives de travailleurs : l'autonomie en question",
    "Plateformes numériques et droit du travail",
    "Économie sociale : quelles politiques publiques ?",
    "Le salaire au temps de l'intelligence artificielle",
    "Travailler à plusieurs employeurs",
    "Les communs et l'entreprise partagée",
    "Santé au travail des indépendants",
    "La pension des carrières discontinues",
    "Culture et emploi : ce que disent les chiffres",
    "Le travail invisible du care",
    "Quelle formation tout au long de la vie ?",
    "Entreprendre collectivement : un droit à conquérir",
    "La démocratie au travail",
    "Mutualiser les risques entre travailleurs",
]
PVCB_STUDIES = [
    "Étude : les travailleurs autonomes dans l'entreprise partagée",
    "Étude : dix ans de mutualisation",
]
PVCB_ACTIVITY_TITLES = {
    "film": ["Pas plus qu'à fond — projection et débat"],
    "workshop": ["Atelier avec SAW-B", "Atelier avec Ce Qui Nous Arrive", "Atelier coopératif"],
    "public_debate": [
        "Débat : l'avenir de l'assurance chômage",
        "Débat : les artistes face à la réforme",
        "Débat : l'économie sociale en Wallonie",
        "Débat : travailler sans patron ?",
    ],
    "lets_meet": ["Let's meet! Réforme de l'attestation du travail des arts et du chômage"],
    "round_table": ["Table ronde : réforme du chômage et des pensions"],
    "theatre": ["Le procès de Karl Marx à l'heure de l'écologie"],
    "european_meeting": ["Rencontre européenne du réseau CoopRoute"],
}


def _pvcb(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("pvcb")
    n_a, n_s = t.pvcb_analyses, t.pvcb_studies
    titles = [PVCB_ANALYSES[i % len(PVCB_ANALYSES)] for i in rng.permutation(max(n_a, 1))[:n_a]]
    titles += [PVCB_STUDIES[i % len(PVCB_STUDIES)] for i in range(n_s)]
    translated = np.zeros(n_a + n_s, dtype=bool)
    translated[rng.choice(n_a, size=t.pvcb_translated_nl, replace=False)] = True
    publications = pd.DataFrame(
        {
            "published_on": _dates(_pick_workdays(rng, ctx.ys, ctx.ye, n_a + n_s)),
            "kind": ["analysis"] * n_a + ["study"] * n_s,
            "title": rng.permutation(np.array(titles[:n_a], dtype=object)).tolist() + titles[n_a:],
            "translated_nl": translated,
        }
    )
    ctx.frames["pvcb_publications"] = _finish(
        publications,
        ["published_on", "kind"],
        "publication_id",
        _ids(f"PVCB-{ctx.year}-", n_a + n_s, 2),
    )
    kinds = [kind for kind, count in t.pvcb_activities.items() for _ in range(count)]
    kinds = [kinds[i] for i in rng.permutation(len(kinds))]
    held = _pick_workdays(rng, ctx.ys + 14 * DAY, ctx.ye - 14 * DAY, len(kinds), replace=False)
    seen: dict[str, int] = {}
    titles = []
    for kind in kinds:  # in date order
        options, i = PVCB_ACTIVITY_TITLES[kind], seen.get(kind, 0)
        seen[kind] = i + 1
        title = options[i % len(options)]
        if t.pvcb_activities[kind] > len(options):
            title = f"{title} ({i + 1})"
        titles.append(title)
    activities = pd.DataFrame({"held_on": _dates(held), "kind": kinds, "title": titles})
    ctx.frames["pvcb_activities"] = _finish(
        activities,
        ["held_on", "kind"],
        "activity_id",
        _ids(f"PVCB-A-{ctx.year}-", len(kinds), 2),
    )


SMARTLAB_NAMES = [
    "Psychopraticien·nes de Smart, unissez-vous",
    "Beeldende Kunsten",
    "Métiers du Bien-être",
    "Allez plus loin avec une activité expérimentée",
    "Reconnaissance légale des artisan·es des entreprises partagées",
    "Bijouterie : optimisons le merchandising",
    "Traducteurs et interprètes",
    "Formateurs et formatrices indépendant·es",
    "Muziek live: organiseren en spelen",
    "Audiovisuel : tournages et droits",
    "Vakmensen in de bouw",
    "Graphisme et illustration",
]


def _smartlabs(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("smartlabs")
    n_groups, n_met = t.smartlab_groups, t.smartlab_groups_met
    start = _day(t.smartlab_start)
    started = np.sort(_uniform_days(rng, start, start + 640 * DAY, n_groups))
    names = [
        SMARTLAB_NAMES[i] if i < len(SMARTLAB_NAMES) else f"SmartLab {i + 1}"
        for i in range(n_groups)
    ]
    group_ids = np.array(_ids("SL-", n_groups, 2), dtype=object)
    ctx.frames["smartlab_groups"] = pd.DataFrame(
        {"group_id": group_ids, "name": names, "started_on": _dates(started)}
    )
    # The groups that never met are among the last started.
    met = np.arange(n_met)

    # Meetings: each group that met has more meetings than the regularity threshold.
    per_group = _bounded(
        rng, t.smartlab_meetings, n_met, t.smartlab_threshold + 1, 4 * t.smartlab_meetings, 0.4
    )
    meeting_group = np.repeat(met, per_group)
    half_hours = _bounded(rng, round(t.smartlab_hours * 2), len(meeting_group), 2, 6, sigma=0.3)
    # most meetings in the first two years ("less follow-up in the last year")
    last = ctx.ye - 20 * DAY
    offset = rng.beta(1.2, 2.2, size=len(meeting_group))
    span = ((last - started[meeting_group]) // DAY).astype(np.int64)
    held = started[meeting_group] + (offset * span).astype(np.int64) * DAY
    meetings = pd.DataFrame(
        {"group_id": group_ids[meeting_group], "held_on": _dates(held), "hours": half_hours / 2}
    )
    meetings = _finish(
        meetings, ["held_on", "group_id"], "meeting_id", _ids("SLM-", len(meetings), 3)
    )
    ctx.frames["smartlab_meetings"] = meetings

    # Registrations: regulars belong to groups that met; the others to any group.
    people = ctx.people.take(t.smartlab_people)
    group_weights = rng.uniform(0.5, 1.5, size=n_groups)
    primary = np.concatenate(
        [
            rng.choice(
                met, size=t.smartlab_regular, p=group_weights[met] / group_weights[met].sum()
            ),
            rng.choice(
                n_groups,
                size=t.smartlab_people - t.smartlab_regular,
                p=group_weights / group_weights.sum(),
            ),
        ]
    )
    extra_people = rng.choice(t.smartlab_people, size=t.smartlab_extra_registrations, replace=False)
    extra_group = (
        primary[extra_people] + rng.integers(1, n_groups, size=len(extra_people))
    ) % n_groups
    reg_person = np.concatenate([people, people[extra_people]])
    reg_group = np.concatenate([primary, extra_group])
    registered = _uniform_days(
        rng, started[reg_group], started[reg_group] + 120 * DAY, len(reg_group)
    )
    registrations = pd.DataFrame(
        {
            "person_id": reg_person,
            "group_id": group_ids[reg_group],
            "registered_on": _dates(np.minimum(registered, ctx.ye)),
        }
    )
    ctx.frames["smartlab_registrations"] = _finish(
        registrations,
        ["registered_on", "person_id"],
        "registration_id",
        _ids("SLR-", len(registrations), 4),
    )

    # Attendance: regulars come to at least `threshold` meetings of their group; of the others
    # some come once or a few times (fewer than the threshold), the rest never.
    meetings_of = {g: meetings.index[meetings["group_id"] == group_ids[g]].to_numpy() for g in met}
    rows_meeting, rows_person = [], []
    threshold = t.smartlab_threshold
    for i, person in enumerate(people):
        group = primary[i]
        if i < t.smartlab_regular:
            available = meetings_of[group]
            k = int(rng.integers(threshold, len(available) + 1))
        elif group in meetings_of and rng.random() < 0.45:
            available = meetings_of[group]
            k = int(rng.integers(1, threshold))
        else:
            continue
        chosen = rng.choice(available, size=k, replace=False)
        rows_meeting.extend(meetings["meeting_id"].to_numpy()[chosen])
        rows_person.extend([person] * k)
    attendance = pd.DataFrame({"meeting_id": rows_meeting, "person_id": rows_person})
    ctx.frames["smartlab_attendance"] = _finish(attendance, ["meeting_id", "person_id"], None, None)


ETHICS_TOPICS = [
    (
        "Uitdagingen van artificiële intelligentie voor de coöperatie en haar leden",
        "recommendation",
    ),
    ("Activiteiten van sekswerkers", "recommendation"),
    ("Ethische uitdagingen van niet-conventionele zorgpraktijken", "recommendation"),
    ("Activiteiten van leden met een gerechtelijk verleden", "recommendation"),
    ("Belangenconflicten bij mandaten in de coöperatie", "no_recommendation"),
    ("Discriminatie en problematisch gedrag", "ongoing"),
]


def _ethics(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("ethics")
    ys, ye = ctx.ys, ctx.ye
    since = _day(date(ctx.year - 6, 1, 1))
    roles = [role for role, count in t.ethics_members.items() for _ in range(count)]
    n = len(roles)
    new = np.zeros(n, dtype=bool)
    new[rng.choice(n, size=t.ethics_new_members, replace=False)] = True
    joined = np.where(
        new, _uniform_days(rng, ys, ye - 30 * DAY, n), _uniform_days(rng, since, ys - DAY, n)
    )
    n_former = t.ethics_former_members
    former_joined = _uniform_days(rng, since, ys - 400 * DAY, n_former)
    former_left = _uniform_days(rng, former_joined + 200 * DAY, ye - 60 * DAY, n_former)
    members = pd.DataFrame(
        {
            "role": roles
            + list(rng.choice(["support_team", "external_expert", "service_user"], size=n_former)),
            "joined_on": _dates(np.concatenate([joined, former_joined])),
            "left_on": _dates(np.concatenate([np.full(n, np.datetime64("NaT", "D")), former_left])),
        }
    )
    ctx.frames["ethics_members"] = _finish(
        members, ["joined_on", "role"], "member_id", _ids("ETH-", len(members), 2)
    )
    n_topics, n_rec = t.ethics_topics, t.ethics_recommendations
    recommended = [title for title, outcome in ETHICS_TOPICS if outcome == "recommendation"]
    others = [(title, outcome) for title, outcome in ETHICS_TOPICS if outcome != "recommendation"]
    topics = [
        (
            recommended[i % len(recommended)] + ("" if i < len(recommended) else f" ({i + 1})"),
            "recommendation",
        )
        for i in range(n_rec)
    ]
    for i in range(n_topics - n_rec):
        title, outcome = others[i % len(others)]
        topics.append((title if i < len(others) else f"{title} ({i + 1})", outcome))
    frame = pd.DataFrame(topics, columns=["title", "outcome"])
    frame.insert(0, "opened_on", _dates(_pick_workdays(rng, ys, ye - 60 * DAY, len(frame))))
    ctx.frames["ethics_topics"] = _finish(
        frame[["opened_on", "title", "outcome"]],
        ["opened_on"],
        "topic_id",
        _ids(f"ETT-{ctx.year}-", len(frame), 2),
    )
    held = _pick_workdays(rng, ys + 14 * DAY, ye - 7 * DAY, t.ethics_meetings, replace=False)
    ctx.frames["ethics_meetings"] = pd.DataFrame(
        {"meeting_id": _ids(f"ETM-{ctx.year}-", len(held), 2), "held_on": _dates(held)}
    )


def _medical_exams(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("medical_exams")
    n_reg = t.medical_registration
    registration = rng.choice(ctx.new_holders, size=n_reg, replace=False)
    staff = ctx.frames["employment_contracts"]
    staff_ids = staff.loc[staff["worker_role"] == "support_staff", "worker_id"].to_numpy()
    others = rng.choice(
        np.concatenate([staff_ids, ctx.active_holders[:5000]]),
        size=t.medical_periodic + t.medical_resumption,
        replace=False,
    )
    exams = pd.DataFrame(
        {
            "person_id": np.concatenate([registration, others]),
            "examined_on": _dates(
                _pick_workdays(rng, ctx.ys, ctx.ye, len(registration) + len(others))
            ),
            "reason": ["registration"] * n_reg
            + ["periodic"] * t.medical_periodic
            + ["resumption"] * t.medical_resumption,
        }
    )
    exams["examined_on"] = exams["examined_on"].to_numpy()[rng.permutation(len(exams))]
    ctx.frames["medical_exams"] = _finish(
        exams, ["examined_on", "person_id"], "exam_id", _ids(f"MED-{ctx.year}-", len(exams), 3)
    )


def _security_monthly(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("security_monthly")
    columns = REGISTERS["security_monthly"].columns[1:]
    data: dict[str, object] = {"month": [f"{ctx.year}-{m:02d}" for m in range(1, 13)]}
    for column in columns:
        weights = np.clip(rng.normal(1.0, 0.09, size=12), 0.6, None)
        data[column] = _allocate(t.security_totals[column], weights)
    ctx.frames["security_monthly"] = pd.DataFrame(data)


def _invoices(ctx: _Context) -> None:
    t, rng = ctx.targets, ctx.rng("invoices")
    ys, ye = ctx.ys, ctx.ye
    units = ctx.frames["production_units"]
    opened = units["opened_on"].to_numpy().astype("datetime64[D]")
    closed = units["closed_on"].to_numpy().astype("datetime64[D]")
    active = (opened <= ye) & (np.isnat(closed) | (closed >= ys))
    unit_ids = units["unit_id"].to_numpy()[active]
    first = np.maximum(opened[active], ys)
    last = np.where(np.isnat(closed[active]), ye, np.minimum(closed[active], ye))
    activity = rng.lognormal(0.0, 1.0, size=len(unit_ids))
    trainer = rng.random(len(unit_ids)) < 0.06
    n_learning, n_direct = t.learning_invoices, t.invoices - t.learning_invoices
    unit_direct = rng.choice(len(unit_ids), size=n_direct, p=activity / activity.sum())
    trainer_idx = np.flatnonzero(trainer)
    unit_learning = rng.choice(
        trainer_idx, size=n_learning, p=activity[trainer] / activity[trainer].sum()
    )
    unit = np.concatenate([unit_direct, unit_learning])
    issued = _uniform_days(rng, first[unit], last[unit], len(unit))
    amounts = np.concatenate(
        [
            _bounded(
                rng,
                t.turnover_cents - t.learning_turnover_cents,
                n_direct,
                1_500,
                30_000_000,
                sigma=1.1,
            ),
            _bounded(rng, t.learning_turnover_cents, n_learning, 5_000, 5_000_000, sigma=0.9),
        ]
    )
    invoices = pd.DataFrame(
        {
            "unit_id": unit_ids[unit],
            "issued_on": _dates(issued),
            "amount_excl_vat_eur": amounts / 100,
            "channel": np.where(np.arange(len(unit)) < n_direct, "direct", "learning_catalogue"),
        }
    )
    invoices = invoices.iloc[rng.permutation(len(invoices))]
    ctx.frames["invoices"] = _finish(
        invoices, ["issued_on"], "invoice_id", _ids(f"INV-{ctx.year}-", len(invoices), 6)
    )

    # Reminders: for unpaid invoices issued at least a month before the year end; some
    # invoices get a second reminder.
    rng = ctx.rng("payment_reminders")
    invoices = ctx.frames["invoices"]
    day = invoices["issued_on"].to_numpy().astype("datetime64[D]")
    eligible = np.flatnonzero(day <= ye - 45 * DAY)
    total = t.reminders_automatic + t.reminders_manual
    n_second = total // 9
    n_first = total - n_second
    chosen = rng.choice(eligible, size=n_first, replace=False)
    wait = rng.integers(30, 61, size=n_first) * DAY
    first_sent = np.minimum(day[chosen] + wait, ye - 15 * DAY)
    again = rng.choice(n_first, size=n_second, replace=False)
    second_sent = np.minimum(first_sent[again] + rng.integers(15, 31, size=n_second) * DAY, ye)
    automatic = np.zeros(total, dtype=bool)
    automatic[rng.choice(total, size=t.reminders_automatic, replace=False)] = True
    reminders = pd.DataFrame(
        {
            "invoice_id": invoices["invoice_id"].to_numpy()[
                np.concatenate([chosen, chosen[again]])
            ],
            "sent_on": _dates(np.concatenate([first_sent, second_sent])),
            "automatic": automatic,
        }
    )
    ctx.frames["payment_reminders"] = _finish(
        reminders,
        ["sent_on", "invoice_id"],
        "reminder_id",
        _ids(f"RM-{ctx.year}-", len(reminders), 6),
    )


_STEPS = (
    _production_units,
    _info_sessions,
    _guide_articles,
    _advisers,
    _loans,
    _kbs_grants,
    _employment_contracts,
    _trainings,
    _legal_cases,
    _gembloux_jobs,
    _survey_responses,
    _coop_events,
    _pvcb,
    _smartlabs,
    _ethics,
    _medical_exams,
    _security_monthly,
    _invoices,
)


def generate(targets: SampleTargets, year: int, seed: int) -> dict[str, pd.DataFrame]:
    """Synthetic registers of ``year`` whose totals reproduce ``targets`` exactly.

    Returns one frame per register of :data:`~sociaal_verslag.registers.REGISTERS`, with the
    columns in file order and the types :func:`~sociaal_verslag.registers.load_register`
    returns (dates as datetime64, booleans as bool, amounts as float). Deterministic: the
    same arguments give the same frames.
    """
    targets.check()
    ctx = _Context(
        targets=targets,
        year=year,
        seed=seed,
        people=_People(_rng(seed, "people")),
        ys=_day(date(year, 1, 1)),
        ye=_day(date(year, 12, 31)),
    )
    for step in _STEPS:
        step(ctx)
    frames = {}
    for name, spec in REGISTERS.items():
        frame = ctx.frames[name][list(spec.columns)].reset_index(drop=True)
        for column in spec.columns:
            if spec.column_kind(column) == "text":
                frame[column] = frame[column].astype("str")
        frames[name] = frame
    return frames


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

TWO_DECIMALS = frozenset({"amount_excl_vat_eur", "declared_hours", "fte"})
"""Float columns always written with two decimals; other floats drop trailing zeros."""


def _as_text(column: str, values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m-%d").fillna("")
    if pd.api.types.is_bool_dtype(values):
        return values.map({True: "true", False: "false"})
    if pd.api.types.is_integer_dtype(values):
        return values.astype(np.int64).astype(str)
    if pd.api.types.is_float_dtype(values):
        if column in TWO_DECIMALS:
            text = [f"{v:.2f}" for v in values.to_numpy()]
        else:
            text = [f"{v:.2f}".rstrip("0").rstrip(".") for v in values.to_numpy()]
        return pd.Series(text, index=values.index).where(values.notna(), "")
    return values.astype(object).where(values.notna(), "").astype(str)


def write_registers(frames: Mapping[str, pd.DataFrame], data_dir: Path) -> dict[str, Path]:
    """Write each frame as its register's CSV file in ``data_dir``; returns the paths.

    Byte-stable: UTF-8, ``\\n`` line endings, ISO dates, ``true``/``false``, fixed number
    formatting, rows in the frame's order.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in frames.items():
        spec = REGISTERS[name]
        text = pd.DataFrame({c: _as_text(c, frame[c]) for c in spec.columns})
        path = spec.path(data_dir)
        text.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        paths[name] = path
    return paths
