"""The generator's steps, in order, and :func:`generate`, which runs them."""

from __future__ import annotations

from datetime import date

import pandas as pd

from sociaal_verslag.registers.loading import REGISTERS

from .context import Context
from .cooperative import add_coop_events, add_pvcb
from .draws import People, as_day, rng_for
from .financing import add_kbs_grants, add_loans
from .invoicing import add_invoices, add_payment_reminders
from .membership import add_advisers, add_guide_articles, add_info_sessions, add_production_units
from .protection import (
    add_employment_contracts,
    add_gembloux_jobs,
    add_legal_cases,
    add_survey_responses,
    add_trainings,
)
from .targets import SampleTargets
from .workplace import add_ethics, add_medical_exams, add_security_monthly, add_smartlabs

STEPS = (
    add_production_units,
    add_info_sessions,
    add_guide_articles,
    add_advisers,
    add_loans,
    add_kbs_grants,
    add_employment_contracts,
    add_trainings,
    add_legal_cases,
    add_gembloux_jobs,
    add_survey_responses,
    add_coop_events,
    add_pvcb,
    add_smartlabs,
    add_ethics,
    add_medical_exams,
    add_security_monthly,
    add_invoices,
    add_payment_reminders,
)
"""Each adds its registers to the context; later ones build on earlier ones' people."""


def generate(targets: SampleTargets, year: int, seed: int) -> dict[str, pd.DataFrame]:
    """Synthetic registers of ``year`` whose totals reproduce ``targets`` exactly.

    Returns one frame per register of :data:`~sociaal_verslag.registers.loading.REGISTERS`, with the
    columns in file order and the types :func:`~sociaal_verslag.registers.loading.load_register`
    returns (dates as datetime64, booleans as bool, amounts as float). Deterministic: the
    same arguments give the same frames.
    """
    targets.check()
    ctx = Context(
        targets=targets,
        year=year,
        seed=seed,
        people=People(rng_for(seed, "people")),
        ys=as_day(date(year, 1, 1)),
        ye=as_day(date(year, 12, 31)),
    )
    for step in STEPS:
        step(ctx)
    frames = {}
    for name, spec in REGISTERS.items():
        frame = ctx.frames[name][list(spec.columns)].reset_index(drop=True)
        for column in spec.columns:
            if spec.column_kind(column) == "text":
                frame[column] = frame[column].astype("str")
        frames[name] = frame
    return frames
