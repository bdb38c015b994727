"""The synthetic registers: reproducible to the byte, and exact for any consistent targets."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from sociaal_verslag.registers.loading import (
    PROJECT_ROOT,
    REGISTERS,
    check_registers,
    load_register,
)
from tools.sample_data import SampleTargets, generate, values, write_registers

DATA_2025 = PROJECT_ROOT / "data" / "2025"


def _script():
    """data/generate_sample_data.py as a module (it is a script, not part of the package)."""
    path = PROJECT_ROOT / "data" / "generate_sample_data.py"
    spec = importlib.util.spec_from_file_location("generate_sample_data", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_sample_data", module)
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()

TARGETS_2026 = dataclasses.replace(
    SCRIPT.TARGETS_2025,
    invoices=4_086,
    turnover_cents=396_912_345,
    learning_invoices=163,
    learning_turnover_cents=13_845_610,
    guide_articles_new=9,
    guide_articles_earlier=40,
    advisers=12,
    adviser_offices=5,
    advisers_left=3,
    info_sessions=21,
    new_unit_holders=19,
    info_prospects=60,
    info_old_holders=4,
    active_holders=431,
    active_holders_new=107,
    inactive_holders=190,
    loans_granted=9,
    loans_granted_eur=31_250,
    loans_disbursed=10,
    loans_disbursed_eur=33_400,
    loans_since_launch=40,
    loans_since_launch_eur=160_000,
    loans_pending=2,
    kbs_grants=4,
    kbs_min_eur=3_000,
    kbs_max_eur=6_000,
    kbs_total_eur=18_200,
    contracts=4_448,
    workers=430,
    declared_days=12_822,
    declared_hours_cents=8_985_924,
    open_ended_members=3,
    support_staff=6,
    training_sessions=8,
    training_days=12.5,
    training_participants=97,
    legal_cases=13,
    legal_cases_other=3,
    gembloux_jobs=14,
    gembloux_fte=10.8,
    survey_responses=45,
    survey_satisfaction_sum=322,
    survey_stay_3y=30,
    survey_main_activity=19,
    survey_unemployment_benefit=13,
    reminders_automatic=728,
    reminders_manual=30,
    pvcb_analyses=6,
    pvcb_studies=2,
    pvcb_translated_nl=1,
    pvcb_activities={"workshop": 2, "public_debate": 1, "lets_meet": 3},
    events=40,
    coopinside_events=5,
    coopinside_days=4,
    coopinside_cities=3,
    smartlab_groups=5,
    smartlab_groups_met=4,
    smartlab_people=40,
    smartlab_extra_registrations=3,
    smartlab_meetings=20,
    smartlab_hours=41.5,
    smartlab_regular=18,
    ethics_members={"support_team": 2, "external_expert": 1, "service_user": 3},
    ethics_new_members=1,
    ethics_former_members=1,
    ethics_topics=3,
    ethics_recommendations=1,
    ethics_meetings=4,
    medical_registration=5,
    medical_periodic=3,
    medical_resumption=1,
    security_totals={
        "av_threats": 1_200,
        "av_phishing": 1_000,
        "av_malware": 5,
        "av_websites": 90,
        "fw_threats": 700,
        "fw_malicious_sites": 150,
        "fw_malware": 20,
    },
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the committed 2025 data --------------------------------------------------------------------


def test_provenance_lists_every_committed_register_with_its_hash_and_rows():
    provenance = yaml.safe_load((DATA_2025 / "PROVENANCE.yaml").read_text(encoding="utf-8"))
    assert provenance["licence"] == "synthetic, no personal data"
    assert provenance["generated_from"]["seed"] == SCRIPT.SEED
    assert "generate_sample_data.py" in provenance["producer"]
    files = provenance["files"]
    assert set(files) == {spec.filename for spec in REGISTERS.values()}
    assert {p.name for p in DATA_2025.glob("*.csv")} == set(files)
    for filename, entry in files.items():
        path = DATA_2025 / filename
        assert _sha256(path) == entry["sha256"], filename
        lines = path.read_bytes().count(b"\n")
        assert entry["rows"] == lines - 1, filename


def test_the_readme_says_the_data_is_synthetic_and_lists_every_file():
    readme = (DATA_2025 / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme
    assert f"seed {SCRIPT.SEED}" in readme
    assert "not SmartCoop's real registers" in readme
    for spec in REGISTERS.values():
        assert f"| {spec.filename} | {spec.description} | {spec.usual_source} |" in readme


@pytest.mark.build
def test_regenerating_2025_with_the_committed_seed_gives_the_same_bytes(tmp_path):
    SCRIPT.generate_year(2025, tmp_path)
    committed = sorted(p.name for p in DATA_2025.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    for name in committed:
        assert _sha256(tmp_path / name) == _sha256(DATA_2025 / name), name


# --- other targets ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data_2026(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("data-2026")
    write_registers(generate(TARGETS_2026, 2026, seed=7), out)
    return out


@pytest.fixture(scope="module")
def registers_2026(data_2026: Path) -> dict[str, pd.DataFrame]:
    return {name: load_register(name, data_2026, 2026) for name in REGISTERS}


def test_a_generation_for_other_targets_passes_every_check(data_2026):
    assert check_registers(data_2026, 2026) == []


def _in_year(dates: pd.Series) -> pd.Series:
    return dates.dt.year == 2026


def test_a_generation_for_other_targets_hits_the_activity_totals(registers_2026):
    r, t = registers_2026, TARGETS_2026
    invoices = r["invoices"]
    assert len(invoices) == t.invoices
    assert round(invoices["amount_excl_vat_eur"].sum() * 100) == t.turnover_cents
    learning = invoices[invoices["channel"] == "learning_catalogue"]
    assert round(learning["amount_excl_vat_eur"].sum() * 100) == t.learning_turnover_cents

    units = r["production_units"]
    end, start = pd.Timestamp(2026, 12, 31), pd.Timestamp(2026, 1, 1)
    active = units[
        (units["opened_on"] <= end) & (units["closed_on"].isna() | (units["closed_on"] >= start))
    ]
    holders = active["holder_id"].unique()
    first = units.groupby("holder_id")["opened_on"].min()
    assert len(holders) == t.active_holders
    assert _in_year(first[holders]).sum() == t.active_holders_new
    openers = set(units.loc[_in_year(units["opened_on"]), "holder_id"])
    attendees = set(r["info_session_attendees"]["person_id"])
    assert len(attendees & openers) == t.new_unit_holders

    advisers = r["advisers"]
    at_end = advisers[advisers["left_on"].isna() | (advisers["left_on"] > end)]
    assert (len(at_end), at_end["office"].nunique()) == (t.advisers, t.adviser_offices)


def test_a_generation_for_other_targets_hits_loans_and_employment(registers_2026):
    r, t = registers_2026, TARGETS_2026
    loans = r["loans"]
    granted = loans[_in_year(loans["granted_on"])]
    paid = loans[_in_year(loans["disbursed_on"])]
    since = loans[loans["disbursed_on"] <= pd.Timestamp(2026, 12, 31)]
    assert (len(granted), granted["amount_granted_eur"].sum()) == (
        t.loans_granted,
        t.loans_granted_eur,
    )
    assert (len(paid), paid["amount_disbursed_eur"].sum()) == (
        t.loans_disbursed,
        t.loans_disbursed_eur,
    )
    assert (len(since), since["amount_disbursed_eur"].sum()) == (
        t.loans_since_launch,
        t.loans_since_launch_eur,
    )

    contracts = r["employment_contracts"]
    assert len(contracts) == t.contracts
    assert contracts["worker_id"].nunique() == t.workers
    assert contracts["declared_days"].sum() == t.declared_days
    assert round(contracts["declared_hours"].sum() * 100) == t.declared_hours_cents
    open_ended = contracts[
        (contracts["worker_role"] == "member") & (contracts["contract_type"] == "open_ended")
    ]
    assert open_ended["worker_id"].nunique() == t.open_ended_members


def test_a_generation_for_other_targets_hits_the_smaller_registers(registers_2026):
    r, t = registers_2026, TARGETS_2026
    survey = r["survey_responses"]
    assert survey["satisfaction"].sum() == t.survey_satisfaction_sum
    assert survey["receives_unemployment_benefit"].sum() == t.survey_unemployment_benefit

    attendance = r["smartlab_attendance"]["person_id"].value_counts()
    assert (attendance >= t.smartlab_threshold).sum() == t.smartlab_regular
    assert r["smartlab_meetings"]["hours"].sum() == t.smartlab_hours
    assert r["smartlab_meetings"]["group_id"].nunique() == t.smartlab_groups_met

    events = r["coop_events"]
    coopinside = events[events["kind"] == "coopinside"]
    assert len(events) == t.events
    assert coopinside["held_on"].nunique() == t.coopinside_days
    assert coopinside["city"].nunique() == t.coopinside_cities
    assert set(coopinside["held_on"].dt.month) == {5}

    assert r["trainings"]["days"].sum() == t.training_days
    assert round(r["gembloux_jobs"]["fte"].sum(), 2) == t.gembloux_fte
    kbs = r["kbs_grants"]["amount_eur"]
    assert (kbs.min(), kbs.max(), kbs.sum()) == (t.kbs_min_eur, t.kbs_max_eur, t.kbs_total_eur)
    assert r["payment_reminders"]["automatic"].sum() == t.reminders_automatic
    security = r["security_monthly"].drop(columns="month").sum().to_dict()
    assert security == dict(t.security_totals)


def test_generation_is_deterministic_and_depends_on_the_seed():
    first = generate(TARGETS_2026, 2026, seed=11)
    again = generate(TARGETS_2026, 2026, seed=11)
    other = generate(TARGETS_2026, 2026, seed=12)
    for name in REGISTERS:
        pd.testing.assert_frame_equal(first[name], again[name])
    assert not first["invoices"].equals(other["invoices"])


def test_inconsistent_targets_are_refused():
    bad = dataclasses.replace(TARGETS_2026, new_unit_holders=TARGETS_2026.active_holders_new + 1)
    with pytest.raises(ValueError, match="new_unit_holders"):
        generate(bad, 2026, seed=1)


def test_targets_are_a_dataclass_per_year():
    assert isinstance(SCRIPT.TARGETS[2025], SampleTargets)
    assert dataclasses.is_dataclass(SampleTargets)


def test_written_and_loaded_again_the_frames_are_unchanged(data_2026, registers_2026):
    generated = generate(TARGETS_2026, 2026, seed=7)
    for name in REGISTERS:
        pd.testing.assert_frame_equal(registers_2026[name], generated[name], obj=name)


# --- the allowed values come from registers.yaml ------------------------------------------------


def _weighted_tables() -> list[values.Weighted]:
    from tools.sample_data import cooperative, financing, membership, protection, workplace

    modules = (values, membership, financing, protection, cooperative, workplace)
    tables = {
        id(table): table
        for module in modules
        for table in [*vars(module).values(), *values.SESSION_LANGUAGES.values()]
        if isinstance(table, values.Weighted)
    }
    return list(tables.values())


def test_the_generators_allowed_values_are_those_of_registers_yaml():
    tables = _weighted_tables()
    assert tables
    for table in tables:
        allowed = REGISTERS[table.register].allowed(table.column)
        if table.every:
            assert sorted(table.values) == sorted(allowed), (table.register, table.column)
        else:
            assert set(table.values) < set(allowed), (table.register, table.column)
    for register in ("production_units", "info_sessions", "advisers"):
        assert REGISTERS[register].allowed("office") == values.OFFICES


def test_the_generator_refuses_a_value_registers_yaml_does_not_allow():
    with pytest.raises(ValueError, match=r"loans\.purpose: boat not allowed by registers\.yaml"):
        values.weighted("loans", "purpose", {"equipment": 0.5, "boat": 0.5}, every=False)
    with pytest.raises(ValueError, match=r"loans\.purpose: no weight for stock, training"):
        values.weighted(
            "loans", "purpose", {"equipment": 0.5, "investment": 0.25, "cash_advance": 0.25}
        )
    bad = dataclasses.replace(TARGETS_2026, pvcb_activities={"concert": 1})
    with pytest.raises(ValueError, match="pvcb kinds"):
        generate(bad, 2026, seed=1)
