"""Bescherming: employment contracts, trainings, legal cases, the Gembloux jobs, the survey."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .context import Context
from .draws import (
    DAY,
    Rng,
    allocate,
    as_dates,
    as_day,
    bounded,
    exact_sum_ints,
    finish,
    make_ids,
    pick_workdays,
    uniform_days,
)
from .values import keyed, weighted


def _open_ended(
    ctx: Context, rng: Rng, n: int, since_years: int, fractions: list[float], p: list[float]
) -> dict[str, np.ndarray]:
    """Open-ended contracts of ``n`` workers who started up to ``since_years`` before the year
    (a few in it), some of whom leave; each works a ``fractions`` of full time."""
    ys, ye = ctx.ys, ctx.ye
    start = np.where(
        rng.random(n) < 0.12,
        uniform_days(rng, ys, ye - 60 * DAY, n),
        uniform_days(rng, as_day(date(ctx.year - since_years, 1, 1)), ys - DAY, n),
    )
    leave = uniform_days(rng, np.maximum(start, ys) + 30 * DAY, ye, n)
    end = np.where(rng.random(n) < 0.08, leave, np.datetime64("NaT", "D"))
    first = np.maximum(start, ys)
    last = np.where(np.isnat(end), ye, end)
    busdays = np.busday_count(first, last + DAY)
    fraction = rng.choice(fractions, size=n, p=p)
    days = np.round(busdays * fraction * rng.uniform(0.86, 0.95, size=n)).astype(np.int64)
    return {"start": start, "end": end, "days": days, "rate": np.full(n, 7.6)}


def _start_offsets(rng: Rng, worker: np.ndarray, ys: np.datetime64, year_days: int) -> np.ndarray:
    """The day in the year each contract starts: distinct days for one worker, weekdays more
    likely than weekends, a quieter summer."""
    day_index = np.arange(year_days)
    weekday = np.is_busday(ys + day_index * DAY)
    p_day = np.where(weekday, 1.0, 0.45)
    p_day[(day_index > 200) & (day_index < 235)] *= 0.7
    p_day /= p_day.sum()
    offset = rng.choice(year_days, size=len(worker), p=p_day)
    while True:
        clash = pd.DataFrame({"w": worker, "d": offset}).duplicated().to_numpy()
        if not clash.any():
            return offset
        offset[clash] = rng.choice(year_days, size=int(clash.sum()), p=p_day)


def _short_contracts(ctx: Context, rng: Rng, days_left: int) -> dict[str, np.ndarray]:
    """Daily and fixed-term contracts of the other members, declaring ``days_left`` days:
    each one's worker (a number), whether it is daily, its start, end, days and hourly rate."""
    t, ys, ye = ctx.targets, ctx.ys, ctx.ye
    n_workers = t.workers - t.support_staff - t.open_ended_members
    n_contracts = t.contracts - t.support_staff - t.open_ended_members
    per_worker = bounded(rng, n_contracts, n_workers, 1, 250, sigma=1.3)
    worker = np.repeat(np.arange(n_workers), per_worker)
    daily = rng.random(n_contracts) < 0.74
    start = ys + _start_offsets(rng, worker, ys, int((ye - ys) // DAY) + 1) * DAY
    fixed = ~daily
    days = np.ones(n_contracts, dtype=np.int64)
    days[fixed] = bounded(rng, days_left - int(daily.sum()), int(fixed.sum()), 1, 200, sigma=0.9)
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
    return {
        "worker": worker,
        "daily": daily,
        "start": start,
        "end": end,
        "days": days,
        "rate": rate,
    }


def _member_ids(ctx: Context, rng: Rng) -> tuple[np.ndarray, np.ndarray]:
    """The members with an open-ended contract, and those with the other contracts (indexed
    by worker number): many hold a production unit, the rest only have contracts."""
    t = ctx.targets
    n_members = t.workers - t.support_staff
    from_holders = min(int(n_members * 0.85), len(ctx.active_holders))
    member_ids = np.concatenate(
        [
            rng.choice(ctx.active_holders, size=from_holders, replace=False),
            ctx.people.take(n_members - from_holders),
        ]
    )
    member_ids = rng.permutation(member_ids)
    return member_ids[: t.open_ended_members], member_ids[t.open_ended_members :]


def _contracts_frame(
    ids: np.ndarray, role: str, kind: str | np.ndarray, values: dict[str, np.ndarray]
) -> pd.DataFrame:
    return pd.DataFrame(
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


def add_employment_contracts(ctx: Context) -> None:
    """Open-ended contracts of the support staff and a few members, then the members' daily
    and fixed-term contracts; the declared hours split over them in proportion to days x rate."""
    t, rng = ctx.targets, ctx.rng("employment_contracts")
    staff = _open_ended(ctx, rng, t.support_staff, 15, [1.0, 0.8, 0.5], [0.6, 0.25, 0.15])
    members_oe = _open_ended(
        ctx, rng, t.open_ended_members, 6, [1.0, 0.8, 0.5, 0.3], [0.2, 0.3, 0.3, 0.2]
    )
    days_left = t.declared_days - int(staff["days"].sum()) - int(members_oe["days"].sum())
    short = _short_contracts(ctx, rng, days_left)
    open_ended_ids, member_ids = _member_ids(ctx, rng)
    frames = [
        _contracts_frame(ctx.people.take(t.support_staff), "support_staff", "open_ended", staff),
        _contracts_frame(open_ended_ids, "member", "open_ended", members_oe),
        _contracts_frame(
            member_ids[short["worker"]],
            "member",
            np.where(short["daily"], "daily", "fixed_term"),
            short,
        ),
    ]
    contracts = pd.concat(frames, ignore_index=True)
    weights = contracts["declared_days"].to_numpy() * contracts["rate"].to_numpy()
    contracts["declared_hours"] = allocate(t.declared_hours_cents, weights) / 100
    contracts["start_date"] = as_dates(contracts["start_date"].to_numpy())
    contracts["end_date"] = as_dates(contracts["end_date"].to_numpy())
    contracts = contracts.drop(columns="rate")
    ctx.frames["employment_contracts"] = finish(
        contracts,
        ["start_date", "worker_id", "contract_type"],
        "contract_id",
        make_ids("C", len(contracts), 7),
    )


TRAINING_AUDIENCES = weighted("trainings", "audience", {"support_team": 0.55, "members": 0.45})

TRAINING_TITLES = keyed(
    "trainings",
    "audience",
    {
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
    },
)


def add_trainings(ctx: Context) -> None:
    """Training sessions whose days and participants add up to the targets."""
    t, rng = ctx.targets, ctx.rng("trainings")
    n = t.training_sessions
    half_days = bounded(rng, round(t.training_days * 2), n, 1, 6, sigma=0.5)
    participants = bounded(rng, t.training_participants, n, 3, 40, sigma=0.5)
    audience = TRAINING_AUDIENCES.draw(rng, n)
    titles = [rng.choice(TRAINING_TITLES[a]) for a in audience]
    trainings = pd.DataFrame(
        {
            "title": titles,
            "audience": audience,
            "held_on": as_dates(pick_workdays(rng, ctx.ys, ctx.ye, n)),
            "days": half_days / 2,
            "participants": participants,
        }
    )
    ctx.frames["trainings"] = finish(
        trainings, ["held_on", "title"], "session_id", make_ids(f"TR-{ctx.year}-", n, 3)
    )


UNIT_CASE_TOPICS = weighted(
    "legal_cases",
    "topic",
    {
        "social_law": 0.24,
        "tax_law": 0.16,
        "labour_law": 0.2,
        "contract_review": 0.2,
        "dispute": 0.12,
        "other": 0.08,
    },
)
"""The topics of the cases about a production unit's activity."""

OTHER_CASE_TOPICS = weighted(
    "legal_cases",
    "topic",
    {
        "social_law": 0.15,
        "tax_law": 0.1,
        "labour_law": 0.2,
        "contract_review": 0.15,
        "dispute": 0.1,
        "other": 0.3,
    },
)
"""The topics of the other cases."""


def add_legal_cases(ctx: Context) -> None:
    """Legal cases of the year, about production units' activity or other matters."""
    t, rng = ctx.targets, ctx.rng("legal_cases")
    n_unit, n_other = t.legal_cases, t.legal_cases_other
    about = np.concatenate([np.ones(n_unit, bool), np.zeros(n_other, bool)])
    topic = np.concatenate(
        [
            UNIT_CASE_TOPICS.draw(rng, n_unit),
            OTHER_CASE_TOPICS.draw(rng, n_other),
        ]
    )
    order = rng.permutation(len(topic))  # mix the two kinds over the year
    cases = pd.DataFrame(
        {
            "opened_on": as_dates(pick_workdays(rng, ctx.ys, ctx.ye, n_unit + n_other)),
            "topic": topic[order],
            "about_unit_activity": about[order],
        }
    )
    ctx.frames["legal_cases"] = finish(
        cases, ["opened_on"], "case_id", make_ids(f"JUR-{ctx.year}-", len(cases), 4)
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


def add_gembloux_jobs(ctx: Context) -> None:
    """The project's jobs since its start, their FTE fractions adding up to the target."""
    t, rng = ctx.targets, ctx.rng("gembloux_jobs")
    n, total = t.gembloux_jobs, round(t.gembloux_fte * 100)
    usual = np.array([50, 60, 75, 80, 100])
    for _ in range(10_000):
        fte = rng.choice(usual, size=n - 1)
        last = total - int(fte.sum())
        if 25 <= last <= 100 and last % 5 == 0:
            break
    else:
        fte = bounded(rng, total - 100, n - 1, 5, 100, unit=5)
        last = 100
        if total % 5:
            raise ValueError("gembloux_fte must be a multiple of 0.05")
    fte = rng.permutation(np.append(fte, last))
    functions = [GEMBLOUX_FUNCTIONS[i % len(GEMBLOUX_FUNCTIONS)] for i in range(n)]
    jobs = pd.DataFrame(
        {
            "function": functions,
            "created_on": as_dates(
                np.sort(uniform_days(rng, as_day(t.gembloux_start), ctx.ye - 20 * DAY, n))
            ),
            "fte": fte / 100,
        }
    )
    ctx.frames["gembloux_jobs"] = finish(jobs, ["created_on"], "job_id", make_ids("OEG-", n, 3))


def add_survey_responses(ctx: Context) -> None:
    """Survey answers: the satisfaction scores' sum and each yes-count as the targets say."""
    t, rng = ctx.targets, ctx.rng("survey_responses")
    n = t.survey_responses
    p = np.array([1, 0.5, 1, 2, 3, 6, 10, 22, 30, 15, 9.5])
    scores = rng.choice(11, size=n, p=p / p.sum())
    scores = exact_sum_ints(rng, scores, t.survey_satisfaction_sum, 0, 10)

    def exactly(k: int) -> np.ndarray:
        flags = np.zeros(n, dtype=bool)
        flags[rng.choice(n, size=k, replace=False)] = True
        return flags

    start = as_day(date(ctx.year, 10, 1))
    responses = pd.DataFrame(
        {
            "submitted_on": as_dates(uniform_days(rng, start, start + 60 * DAY, n)),
            "satisfaction": scores.astype(np.int64),
            "sees_self_at_smart_in_3y": exactly(t.survey_stay_3y),
            "smart_is_main_activity": exactly(t.survey_main_activity),
            "receives_unemployment_benefit": exactly(t.survey_unemployment_benefit),
        }
    )
    ctx.frames["survey_responses"] = finish(
        responses, ["submitted_on"], "response_id", make_ids(f"SV-{ctx.year}-", n, 5)
    )
