"""Erkenning and coöperatief leven: the year's events, the PVCB's publications and activities."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .context import Context
from .draws import DAY, Rng, as_dates, as_day, finish, make_ids, pick_workdays, workdays
from .values import OFFICES, keyed, known, weighted

EVENT_CITIES = [*OFFICES, "Leuven", "Mechelen", "Kortrijk", "Hasselt", "Doornik", "Verviers"]
EVENT_CITY_SHARES = [
    0.3,
    0.1,
    0.1,
    0.09,
    0.06,
    0.05,
    0.05,
    0.03,
    0.05,
    0.03,
    0.04,
    0.04,
    0.03,
    0.03,
]

OTHER_EVENT_KINDS = weighted(
    "coop_events",
    "kind",
    {"workshop": 0.5, "lets_meet": 0.2, "conference": 0.08, "other": 0.22},
    every=False,
)
"""The kinds of the events besides the CoopInside tour and the general assembly."""

COOPINSIDE_FORMATS = known("coop_events", "format", ("lunch", "reception"))
LETS_MEET_FORMATS = known("coop_events", "format", ("breakfast", "lunch", "reception"))
OTHER_FORMATS = known("coop_events", "format", ("breakfast", "lunch"))
"""The formats of the other events that are not a session."""


def _coopinside(ctx: Context, rng: Rng) -> pd.DataFrame:
    """The CoopInside tour in May: each meeting on another day or in another city."""
    t = ctx.targets
    may = workdays(as_day(date(ctx.year, 5, 1)), as_day(date(ctx.year, 5, 31)))
    days = np.sort(rng.choice(may, size=t.coopinside_days, replace=False))
    cities = rng.permutation(np.array(OFFICES, dtype=object))[: t.coopinside_cities]
    k = np.arange(t.coopinside_events)  # (k mod days, k mod cities) pairs are all distinct
    return pd.DataFrame(
        {
            "held_on": days[k % len(days)],
            "kind": "coopinside",
            "city": cities[k % len(cities)],
            "format": rng.choice(list(COOPINSIDE_FORMATS), size=len(k)),
        }
    )


def _other_events(ctx: Context, rng: Rng, n: int) -> pd.DataFrame:
    """``n`` workshops, Let's meets, conferences and others over the year."""
    kind = OTHER_EVENT_KINDS.draw(rng, n)
    fmt = np.where(
        kind == "lets_meet",
        rng.choice(list(LETS_MEET_FORMATS), size=n),
        np.where(rng.random(n) < 0.85, "session", rng.choice(list(OTHER_FORMATS), size=n)),
    )
    city_p = np.array(EVENT_CITY_SHARES)
    return pd.DataFrame(
        {
            "held_on": pick_workdays(rng, ctx.ys + 7 * DAY, ctx.ye - 10 * DAY, n),
            "kind": kind,
            "city": rng.choice(
                np.array(EVENT_CITIES, dtype=object), size=n, p=city_p / city_p.sum()
            ),
            "format": fmt,
        }
    )


def add_coop_events(ctx: Context) -> None:
    """The CoopInside tour, the general assembly in June, and the other events."""
    t, rng = ctx.targets, ctx.rng("coop_events")
    coopinside = _coopinside(ctx, rng)
    june = as_day(date(ctx.year, 6, 10)), as_day(date(ctx.year, 6, 25))
    assembly = pd.DataFrame(
        {
            "held_on": [pick_workdays(rng, *june, 1)[0]],
            "kind": ["general_assembly"],
            "city": ["Brussel"],
            "format": ["session"],
        }
    )
    others = _other_events(ctx, rng, t.events - len(coopinside) - 1)
    events = pd.concat([coopinside, assembly, others], ignore_index=True)
    events["held_on"] = as_dates(events["held_on"].to_numpy())
    ctx.frames["coop_events"] = finish(
        events, ["held_on", "kind", "city"], "event_id", make_ids(f"EV-{ctx.year}-", len(events), 3)
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
PVCB_ACTIVITY_TITLES = keyed(
    "pvcb_activities",
    "kind",
    {
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
    },
)


def add_pvcb(ctx: Context) -> None:
    """The PVCB's publications (some analyses also in Dutch) and its activities by kind."""
    t, rng = ctx.targets, ctx.rng("pvcb")
    n_a, n_s = t.pvcb_analyses, t.pvcb_studies
    titles = [PVCB_ANALYSES[i % len(PVCB_ANALYSES)] for i in rng.permutation(max(n_a, 1))[:n_a]]
    titles += [PVCB_STUDIES[i % len(PVCB_STUDIES)] for i in range(n_s)]
    translated = np.zeros(n_a + n_s, dtype=bool)
    translated[rng.choice(n_a, size=t.pvcb_translated_nl, replace=False)] = True
    publications = pd.DataFrame(
        {
            "published_on": as_dates(pick_workdays(rng, ctx.ys, ctx.ye, n_a + n_s)),
            "kind": ["analysis"] * n_a + ["study"] * n_s,
            "title": rng.permutation(np.array(titles[:n_a], dtype=object)).tolist() + titles[n_a:],
            "translated_nl": translated,
        }
    )
    ctx.frames["pvcb_publications"] = finish(
        publications,
        ["published_on", "kind"],
        "publication_id",
        make_ids(f"PVCB-{ctx.year}-", n_a + n_s, 2),
    )
    kinds = [kind for kind, count in t.pvcb_activities.items() for _ in range(count)]
    kinds = [kinds[i] for i in rng.permutation(len(kinds))]
    held = pick_workdays(rng, ctx.ys + 14 * DAY, ctx.ye - 14 * DAY, len(kinds), replace=False)
    seen: dict[str, int] = {}
    titles = []
    for kind in kinds:  # in date order
        options, i = PVCB_ACTIVITY_TITLES[kind], seen.get(kind, 0)
        seen[kind] = i + 1
        title = options[i % len(options)]
        if t.pvcb_activities[kind] > len(options):
            title = f"{title} ({i + 1})"
        titles.append(title)
    activities = pd.DataFrame({"held_on": as_dates(held), "kind": kinds, "title": titles})
    ctx.frames["pvcb_activities"] = finish(
        activities,
        ["held_on", "kind"],
        "activity_id",
        make_ids(f"PVCB-A-{ctx.year}-", len(kinds), 2),
    )
