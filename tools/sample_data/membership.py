"""The members and the support around them: production units, info sessions, the user guide,
the advisers."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .context import Context
from .draws import (
    DAY,
    Rng,
    as_dates,
    as_day,
    finish,
    growing_days,
    make_ids,
    pick_workdays,
    uniform_days,
)
from .values import OFFICE_SHARES, SESSION_LANGUAGES, WALLOON_LANGUAGES, draw_offices, known


def _first_units(
    rng: Rng, group: str, n: int, history: np.datetime64, ys: np.datetime64, ye: np.datetime64
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The first unit of each of ``n`` holders of ``group``: the day it opened, the day it
    closed (NaT: open) and the last day on which the holder may open another one."""
    if group == "old":
        first = growing_days(rng, history, ys - DAY, n)
        first_closed = np.where(
            rng.random(n) < 0.12, uniform_days(rng, ys + DAY, ye, n), np.datetime64("NaT")
        )
        return first, first_closed, np.full(n, ye)
    if group == "new":
        first = uniform_days(rng, ys, ye, n)
        first_closed = np.where(
            rng.random(n) < 0.08,
            uniform_days(rng, np.minimum(first + DAY, ye), ye, n),
            np.datetime64("NaT"),
        )
        return first, first_closed, np.full(n, ye)
    first = growing_days(rng, history, ys - 60 * DAY, n)
    first_closed = uniform_days(rng, first, ys - DAY, n)
    return first, first_closed, first_closed


def _holders_units(ctx: Context, rng: Rng, group: str, holders: np.ndarray) -> list[pd.DataFrame]:
    """The units of the holders of ``group`` (old, new or gone): a first one each, then the
    further units of some, which open after the first one."""
    ys, ye = ctx.ys, ctx.ye
    n = len(holders)
    units_per_holder = rng.choice([1, 2, 3, 4], size=n, p=[0.80, 0.14, 0.05, 0.01])
    office = draw_offices(rng, n)
    history = as_day(date(ctx.year - 16, 1, 1))
    first, first_closed, later_end = _first_units(rng, group, n, history, ys, ye)
    rows = {"holder_id": holders, "office": office, "opened_on": first, "closed_on": first_closed}
    extra = np.repeat(np.arange(n), units_per_holder - 1)
    m = len(extra)
    opened = uniform_days(rng, first[extra], later_end[extra], m)
    if group == "gone":
        closed = uniform_days(rng, opened, ys - DAY, m)
    else:
        closed = np.where(
            rng.random(m) < 0.45, uniform_days(rng, opened, ye, m), np.datetime64("NaT")
        )
    further = {
        "holder_id": holders[extra],
        "office": np.where(rng.random(m) < 0.9, office[extra], draw_offices(rng, m)),
        "opened_on": opened,
        "closed_on": closed,
    }
    if group == "old":
        opened_in_year = set(holders[extra][opened >= ys])
        ctx.old_holders_no_new_unit = np.array(
            [h for h in holders if h not in opened_in_year], dtype=object
        )
    elif group == "new":
        ctx.new_holders, ctx.new_first_opened = holders, first
    else:
        ctx.inactive_holders = holders
    return [pd.DataFrame(rows), pd.DataFrame(further)]


def add_production_units(ctx: Context) -> None:
    """Production units of holders active in the year (some new in it) and of former ones."""
    t, rng = ctx.targets, ctx.rng("production_units")
    groups = {
        "old": ctx.people.take(t.active_holders - t.active_holders_new),
        "new": ctx.people.take(t.active_holders_new),
        "gone": ctx.people.take(t.inactive_holders),
    }
    frames = []
    for group, holders in groups.items():
        frames += _holders_units(ctx, rng, group, holders)
    units = pd.concat(frames, ignore_index=True)
    units["opened_on"] = as_dates(units["opened_on"].to_numpy())
    units["closed_on"] = as_dates(units["closed_on"].to_numpy())
    units = finish(units, ["opened_on", "holder_id"], "unit_id", make_ids("PU-", len(units), 6))
    ctx.active_holders = np.concatenate([groups["old"], groups["new"]])
    ctx.frames["production_units"] = units


def add_info_sessions(ctx: Context) -> None:
    """Info sessions of the year, and who attended them: most new holders before opening
    their first unit, prospects, and a few who already held one."""
    t, rng = ctx.targets, ctx.rng("info_sessions")
    n = t.info_sessions
    held = pick_workdays(rng, ctx.ys, ctx.ye, n)
    office = draw_offices(rng, n)
    language = np.empty(n, dtype=object)
    for i, place in enumerate(office):
        language[i] = SESSION_LANGUAGES.get(place, WALLOON_LANGUAGES).draw(rng)
    sessions = pd.DataFrame({"held_on": as_dates(held), "office": office, "language": language})
    sessions = finish(sessions, ["held_on"], "session_id", make_ids(f"IS-{ctx.year}-", n, 4))
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
    attendees = finish(attendees, ["session", "person_id"], None, None)
    ctx.frames["info_session_attendees"] = attendees[["session_id", "person_id"]]


GUIDE_LANGUAGES = known("guide_articles", "language", ("nl", "fr", "en"))
"""The language of each title of a topic in GUIDE_TOPICS, in order."""

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


def add_guide_articles(ctx: Context) -> None:
    """User-guide articles: those of earlier years and the year's new ones."""
    t, rng = ctx.targets, ctx.rng("guide_articles")
    n_old, n_new = t.guide_articles_earlier, t.guide_articles_new
    n = n_old + n_new
    published = np.concatenate(
        [
            uniform_days(rng, as_day(date(ctx.year - 6, 3, 1)), ctx.ys - DAY, n_old),
            pick_workdays(rng, ctx.ys, ctx.ye, n_new),
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
        languages.append(GUIDE_LANGUAGES[lang])
    articles = pd.DataFrame(
        {"title": titles, "language": languages, "published_on": as_dates(published)}
    )
    ctx.frames["guide_articles"] = finish(
        articles, ["published_on", "title"], "article_id", make_ids("GA-", n, 4)
    )


def add_advisers(ctx: Context) -> None:
    """Advisers in service at the year end (over the first offices) and former ones."""
    t, rng = ctx.targets, ctx.rng("advisers")
    offices = np.array(OFFICE_SHARES.values[: t.adviser_offices], dtype=object)
    shares = OFFICE_SHARES.shares[: t.adviser_offices]
    weights = shares / shares.sum()
    active_office = np.concatenate(
        [offices, rng.choice(offices, size=t.advisers - len(offices), p=weights)]
    )
    start = as_day(date(ctx.year - 12, 1, 1))
    active_started = np.where(
        rng.random(t.advisers) < 0.1,
        uniform_days(rng, ctx.ys, ctx.ye - 30 * DAY, t.advisers),
        uniform_days(rng, start, ctx.ys - DAY, t.advisers),
    )
    n_left = t.advisers_left
    left_started = uniform_days(rng, start, ctx.ys - 200 * DAY, n_left)
    left_on = np.where(
        np.arange(n_left) < (n_left + 2) // 3,
        uniform_days(rng, np.full(n_left, ctx.ys), ctx.ye - 14 * DAY, n_left),
        uniform_days(rng, left_started + 90 * DAY, ctx.ys - DAY, n_left),
    )
    advisers = pd.DataFrame(
        {
            "office": np.concatenate([active_office, draw_offices(rng, n_left)]),
            "started_on": as_dates(np.concatenate([active_started, left_started])),
            "left_on": as_dates(
                np.concatenate([np.full(t.advisers, np.datetime64("NaT", "D")), left_on])
            ),
        }
    )
    ctx.frames["advisers"] = finish(
        advisers, ["started_on", "office"], "adviser_id", make_ids("ADV-", len(advisers), 3)
    )
