"""Werkomgeving and veiligheid: the SmartLabs, the ethics committee, the medical
examinations, the monthly security counters."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from sociaal_verslag.registers.loading import REGISTERS

from .context import Context
from .draws import (
    DAY,
    Rng,
    allocate,
    as_dates,
    as_day,
    bounded,
    finish,
    make_ids,
    pick_workdays,
    uniform_days,
)
from .values import allowed, keyed

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


def _smartlab_meetings(
    ctx: Context, rng: Rng, started: np.ndarray, group_ids: np.ndarray
) -> pd.DataFrame:
    """The meetings of the groups that met (the first started): each of them more often than
    the regularity threshold, most in their first two years ("less follow-up in the last
    year")."""
    t = ctx.targets
    met = np.arange(t.smartlab_groups_met)
    per_group = bounded(
        rng, t.smartlab_meetings, len(met), t.smartlab_threshold + 1, 4 * t.smartlab_meetings, 0.4
    )
    meeting_group = np.repeat(met, per_group)
    half_hours = bounded(rng, round(t.smartlab_hours * 2), len(meeting_group), 2, 6, sigma=0.3)
    last = ctx.ye - 20 * DAY
    offset = rng.beta(1.2, 2.2, size=len(meeting_group))
    span = ((last - started[meeting_group]) // DAY).astype(np.int64)
    held = started[meeting_group] + (offset * span).astype(np.int64) * DAY
    meetings = pd.DataFrame(
        {"group_id": group_ids[meeting_group], "held_on": as_dates(held), "hours": half_hours / 2}
    )
    return finish(
        meetings, ["held_on", "group_id"], "meeting_id", make_ids("SLM-", len(meetings), 3)
    )


def _primary_groups(ctx: Context, rng: Rng) -> np.ndarray:
    """Each person's group: the regulars' among the groups that met, the others' any group."""
    t = ctx.targets
    met = np.arange(t.smartlab_groups_met)
    group_weights = rng.uniform(0.5, 1.5, size=t.smartlab_groups)
    return np.concatenate(
        [
            rng.choice(
                met, size=t.smartlab_regular, p=group_weights[met] / group_weights[met].sum()
            ),
            rng.choice(
                t.smartlab_groups,
                size=t.smartlab_people - t.smartlab_regular,
                p=group_weights / group_weights.sum(),
            ),
        ]
    )


def _registrations(
    ctx: Context, rng: Rng, people: np.ndarray, primary: np.ndarray, started: np.ndarray
) -> pd.DataFrame:
    """A registration of each person in their group, and of some in a second one."""
    t, n_groups = ctx.targets, ctx.targets.smartlab_groups
    extra_people = rng.choice(t.smartlab_people, size=t.smartlab_extra_registrations, replace=False)
    extra_group = (
        primary[extra_people] + rng.integers(1, n_groups, size=len(extra_people))
    ) % n_groups
    reg_person = np.concatenate([people, people[extra_people]])
    reg_group = np.concatenate([primary, extra_group])
    registered = uniform_days(
        rng, started[reg_group], started[reg_group] + 120 * DAY, len(reg_group)
    )
    group_ids = np.array(make_ids("SL-", n_groups, 2), dtype=object)
    registrations = pd.DataFrame(
        {
            "person_id": reg_person,
            "group_id": group_ids[reg_group],
            "registered_on": as_dates(np.minimum(registered, ctx.ye)),
        }
    )
    return finish(
        registrations,
        ["registered_on", "person_id"],
        "registration_id",
        make_ids("SLR-", len(registrations), 4),
    )


def _attendance(
    ctx: Context, rng: Rng, people: np.ndarray, primary: np.ndarray, meetings: pd.DataFrame
) -> pd.DataFrame:
    """Regulars come to at least ``threshold`` meetings of their group; of the others some
    come once or a few times (fewer than the threshold), the rest never."""
    t = ctx.targets
    group_ids = np.array(make_ids("SL-", t.smartlab_groups, 2), dtype=object)
    meetings_of = {
        g: meetings.index[meetings["group_id"] == group_ids[g]].to_numpy()
        for g in range(t.smartlab_groups_met)
    }
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
    return finish(attendance, ["meeting_id", "person_id"], None, None)


def add_smartlabs(ctx: Context) -> None:
    """The SmartLab groups, their meetings, who registered for them and who came."""
    t, rng = ctx.targets, ctx.rng("smartlabs")
    start = as_day(t.smartlab_start)
    started = np.sort(uniform_days(rng, start, start + 640 * DAY, t.smartlab_groups))
    names = [
        SMARTLAB_NAMES[i] if i < len(SMARTLAB_NAMES) else f"SmartLab {i + 1}"
        for i in range(t.smartlab_groups)
    ]
    group_ids = np.array(make_ids("SL-", t.smartlab_groups, 2), dtype=object)
    ctx.frames["smartlab_groups"] = pd.DataFrame(
        {"group_id": group_ids, "name": names, "started_on": as_dates(started)}
    )
    meetings = _smartlab_meetings(ctx, rng, started, group_ids)
    ctx.frames["smartlab_meetings"] = meetings
    people = ctx.people.take(t.smartlab_people)
    primary = _primary_groups(ctx, rng)
    ctx.frames["smartlab_registrations"] = _registrations(ctx, rng, people, primary, started)
    ctx.frames["smartlab_attendance"] = _attendance(ctx, rng, people, primary, meetings)


ETHICS_TOPICS = keyed(
    "ethics_topics",
    "outcome",
    {
        "recommendation": [
            "Uitdagingen van artificiële intelligentie voor de coöperatie en haar leden",
            "Activiteiten van sekswerkers",
            "Ethische uitdagingen van niet-conventionele zorgpraktijken",
            "Activiteiten van leden met een gerechtelijk verleden",
        ],
        "no_recommendation": ["Belangenconflicten bij mandaten in de coöperatie"],
        "ongoing": ["Discriminatie en problematisch gedrag"],
    },
)
"""The committee's topics by outcome."""


def _ethics_members(ctx: Context, rng: Rng) -> pd.DataFrame:
    """The members seated at the year end (some joined in it) and former members."""
    t, ys, ye = ctx.targets, ctx.ys, ctx.ye
    since = as_day(date(ctx.year - 6, 1, 1))
    roles = [role for role, count in t.ethics_members.items() for _ in range(count)]
    n = len(roles)
    new = np.zeros(n, dtype=bool)
    new[rng.choice(n, size=t.ethics_new_members, replace=False)] = True
    joined = np.where(
        new, uniform_days(rng, ys, ye - 30 * DAY, n), uniform_days(rng, since, ys - DAY, n)
    )
    n_former = t.ethics_former_members
    former_joined = uniform_days(rng, since, ys - 400 * DAY, n_former)
    former_left = uniform_days(rng, former_joined + 200 * DAY, ye - 60 * DAY, n_former)
    members = pd.DataFrame(
        {
            "role": roles
            + list(rng.choice(list(allowed("ethics_members", "role")), size=n_former)),
            "joined_on": as_dates(np.concatenate([joined, former_joined])),
            "left_on": as_dates(
                np.concatenate([np.full(n, np.datetime64("NaT", "D")), former_left])
            ),
        }
    )
    return finish(members, ["joined_on", "role"], "member_id", make_ids("ETH-", len(members), 2))


def _ethics_topics(ctx: Context, rng: Rng) -> pd.DataFrame:
    """The topics of the year: the recommendations first, then the others."""
    t = ctx.targets
    n_topics, n_rec = t.ethics_topics, t.ethics_recommendations
    recommended = ETHICS_TOPICS["recommendation"]
    others = [
        (title, outcome)
        for outcome, titles in ETHICS_TOPICS.items()
        if outcome != "recommendation"
        for title in titles
    ]
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
    frame.insert(
        0, "opened_on", as_dates(pick_workdays(rng, ctx.ys, ctx.ye - 60 * DAY, len(frame)))
    )
    return finish(
        frame[["opened_on", "title", "outcome"]],
        ["opened_on"],
        "topic_id",
        make_ids(f"ETT-{ctx.year}-", len(frame), 2),
    )


def add_ethics(ctx: Context) -> None:
    """The ethics committee: its members, the topics it took up, its meetings."""
    t, rng = ctx.targets, ctx.rng("ethics")
    ctx.frames["ethics_members"] = _ethics_members(ctx, rng)
    ctx.frames["ethics_topics"] = _ethics_topics(ctx, rng)
    held = pick_workdays(rng, ctx.ys + 14 * DAY, ctx.ye - 7 * DAY, t.ethics_meetings, replace=False)
    ctx.frames["ethics_meetings"] = pd.DataFrame(
        {"meeting_id": make_ids(f"ETM-{ctx.year}-", len(held), 2), "held_on": as_dates(held)}
    )


def add_medical_exams(ctx: Context) -> None:
    """Examinations at registration (new holders), periodic ones and before resuming work."""
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
            "examined_on": as_dates(
                pick_workdays(rng, ctx.ys, ctx.ye, len(registration) + len(others))
            ),
            "reason": ["registration"] * n_reg
            + ["periodic"] * t.medical_periodic
            + ["resumption"] * t.medical_resumption,
        }
    )
    exams["examined_on"] = exams["examined_on"].to_numpy()[rng.permutation(len(exams))]
    ctx.frames["medical_exams"] = finish(
        exams, ["examined_on", "person_id"], "exam_id", make_ids(f"MED-{ctx.year}-", len(exams), 3)
    )


def add_security_monthly(ctx: Context) -> None:
    """Each counter's yearly total spread over the twelve months."""
    t, rng = ctx.targets, ctx.rng("security_monthly")
    columns = REGISTERS["security_monthly"].columns[1:]
    data: dict[str, object] = {"month": [f"{ctx.year}-{m:02d}" for m in range(1, 13)]}
    for column in columns:
        weights = np.clip(rng.normal(1.0, 0.09, size=12), 0.6, None)
        data[column] = allocate(t.security_totals[column], weights)
    ctx.frames["security_monthly"] = pd.DataFrame(data)
