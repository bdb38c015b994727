"""The parameters file is checked against its schema; every problem names its key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sociaal_verslag.base.paths import params_file
from sociaal_verslag.figures.catalogue import CATALOGUE, fact_ids
from sociaal_verslag.year import params


@pytest.fixture
def raw() -> dict:
    return yaml.safe_load(params_file(2025).read_text(encoding="utf-8"))


def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "2025.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_the_2025_parameters_pass_and_carry_every_fact():
    report_params, _ = params.load(2025)
    assert report_params.fte_hours_per_year == 1976
    assert report_params.dividend_cap_pct == 6
    assert set(report_params.facts) == set(fact_ids())
    assert all(len(fact.source) > 10 for fact in report_params.facts.values())
    assert len(report_params.conditions) == 9


def test_unknown_key_is_named(tmp_path, raw):
    raw["fte_hours_per_yaer"] = 1976
    with pytest.raises(params.ParamsError, match=r"fte_hours_per_yaer: unknown key"):
        params.load(path=_write(tmp_path, raw))


def test_missing_key_is_named(tmp_path, raw):
    del raw["fte_hours_per_year"]
    with pytest.raises(params.ParamsError, match=r"fte_hours_per_year: missing key"):
        params.load(path=_write(tmp_path, raw))


def test_wrong_type_is_named_with_the_value(tmp_path, raw):
    raw["statute"]["voting_rights"] = "zevenendertig"
    with pytest.raises(params.ParamsError, match=r"statute\.voting_rights: .*'zevenendertig'"):
        params.load(path=_write(tmp_path, raw))


def test_missing_fact_and_unknown_article_are_named(tmp_path, raw):
    del raw["facts"]["site.area_m2"]
    raw["conditions"][2]["statute_articles"] = ["dividends"]
    with pytest.raises(params.ParamsError) as caught:
        params.load(path=_write(tmp_path, raw))
    message = str(caught.value)
    assert "facts.site.area_m2: missing" in message
    assert "conditions[3].statute_articles: 'dividends' is not a key of statute" in message


def test_override_reaches_the_value_and_is_checked():
    report_params, raw = params.load(2025, overrides=["fte_hours_per_year=2000"])
    assert report_params.fte_hours_per_year == 2000
    assert raw["fte_hours_per_year"] == 2000
    with pytest.raises(params.ParamsError, match=r"fte_hours_per_year: .*'veel'"):
        params.load(2025, overrides=["fte_hours_per_year=veel"])


def test_override_of_a_fact_with_dots_in_its_id():
    report_params, _ = params.load(2025, overrides=["facts.site.area_m2.value=5000"])
    assert report_params.fact("site.area_m2") == 5000


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("fte=2000", "unknown key 'fte'"),
        ("fte_hours_per_year", "expected NAME=VALUE"),
        ("statute.article_99=4", "unknown key 'article_99'"),
    ],
)
def test_bad_overrides_are_explained(assignment, message):
    with pytest.raises(params.ParamsError, match=message):
        params.load(2025, overrides=[assignment])


def test_the_year_must_match(tmp_path, raw):
    raw["year"] = 2024
    path = _write(tmp_path, raw)
    with pytest.raises(params.ParamsError, match="year: is 2024"):
        params.load(2025, path=path)


# --- implausible values are refused, not published ---------------------------------------------


@pytest.mark.parametrize(
    "assignment",
    [
        "fte_hours_per_year=.inf",
        "fte_hours_per_year=.nan",
        "facts.cyber.machines.value=.inf",
        "facts.site.area_m2.value=-.inf",
        "compliance.dividend_rate_pct.value=.nan",
    ],
)
def test_a_number_that_is_not_finite_is_refused_naming_its_key(assignment):
    key = assignment.split("=")[0]
    with pytest.raises(params.ParamsError) as caught:
        params.load(2025, overrides=[assignment])
    assert f"{key}: expected a finite number" in str(caught.value)


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        (key, *CATALOGUE[key].plausible)
        for key in fact_ids()
        if CATALOGUE[key].plausible is not None
    ],
)
def test_every_fact_is_refused_outside_its_plausible_range_and_accepted_on_its_edges(
    key, low, high
):
    for edge in (low, high):
        report_params, _ = params.load(2025, overrides=[f"facts.{key}.value={edge}"])
        assert report_params.fact(key) == edge
    for outside in (low - 1, high + 1):
        with pytest.raises(params.ParamsError) as caught:
            params.load(2025, overrides=[f"facts.{key}.value={outside}"])
        assert (
            f"facts.{key}.value: expected a number from {low} to {high} (its plausible range),"
            f" got {outside}" in str(caught.value)
        )


def test_every_fact_declares_its_plausible_range():
    assert all(CATALOGUE[key].plausible is not None for key in fact_ids())


@pytest.mark.parametrize(("key", "bounds"), list(params.Compliance.PLAUSIBLE.items()))
def test_a_compliance_value_outside_its_range_is_refused(key, bounds):
    low, high = bounds
    params.load(2025, overrides=[f"compliance.{key}.value={high}"])
    with pytest.raises(params.ParamsError, match=rf"compliance\.{key}\.value: expected a number"):
        params.load(2025, overrides=[f"compliance.{key}.value={low - 0.5}"])


@pytest.mark.parametrize(
    ("assignment", "ok"),
    [
        ("fte_hours_per_year=1500", True),
        ("fte_hours_per_year=2200", True),
        ("fte_hours_per_year=1499", False),
        ("fte_hours_per_year=2201", False),
        ("fte_hours_per_year=0", False),
        ("cell_timeout_seconds=300", True),
        ("cell_timeout_seconds=301", False),
        ("cell_timeout_seconds=0", False),
        ("coopinside_month=12", True),
        ("coopinside_month=13", False),
    ],
)
def test_parameters_have_plausible_ranges(assignment, ok):
    if ok:
        params.load(2025, overrides=[assignment])
    else:
        with pytest.raises(params.ParamsError, match=assignment.split("=")[0]):
            params.load(2025, overrides=[assignment])


def test_a_yaml_tag_in_an_override_is_one_clear_line():
    with pytest.raises(params.ParamsError) as caught:
        params.load(2025, overrides=["organisation=!!python/object/apply:os.system ['ls']"])
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("-p organisation=!!python/object/apply:os.system ['ls']: ")
    assert "expected a plain value" in message


def test_a_parameters_file_not_in_utf8_names_its_line(tmp_path):
    path = tmp_path / "2025.yaml"
    path.write_bytes("year: 2025\norganisation: Coöperatie\n".encode("cp1252"))
    with pytest.raises(params.ParamsError) as caught:
        params.load(path=path)
    assert str(caught.value).endswith(
        "2025.yaml, line 2: not UTF-8 text (byte 0xf6); save the file as UTF-8"
    )


def test_broken_yaml_is_one_line_with_its_place(tmp_path):
    path = tmp_path / "2025.yaml"
    path.write_text("year: 2025\norganisation: [SmartCoop\n", encoding="utf-8")
    with pytest.raises(params.ParamsError) as caught:
        params.load(path=path)
    assert "\n" not in str(caught.value)
    assert "not valid YAML" in str(caught.value) and "line 3" in str(caught.value)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("fte_hours_per_year", "fte_hours_per_year=2000"),
        ("fte_hours", None),  # a prefix of a name is not the name
        ("facts.site.area_m2", "facts.site.area_m2.value=5200"),  # a part of it was set
        ("facts.site", "facts.site.area_m2.value=5200"),
        ("facts.site.area", None),
        ("compliance.dividend_rate_pct.value", "compliance=null"),  # all of it was replaced
        ("year", None),
    ],
)
def test_the_override_that_set_a_parameter_is_found_by_its_key(key, expected):
    overrides = ["fte_hours_per_year=2000", "facts.site.area_m2.value=5200", "compliance=null"]
    assert params.override_of(overrides, key) == expected


def test_a_build_writes_its_overrides_into_the_parameters_it_used_and_a_year_s_file_cannot():
    loaded, raw = params.load(2025, overrides=["fte_hours_per_year=2000"])
    assert loaded.overrides == ["fte_hours_per_year=2000"] == raw["overrides"]
    assert "overrides" not in params.load(2025)[1]


def test_a_year_s_parameters_with_overrides_written_in_are_refused(tmp_path):
    path = tmp_path / "2025.yaml"
    path.write_text(params_file(2025).read_text("utf-8") + "overrides: [x=1]\n", "utf-8")
    with pytest.raises(params.ParamsError) as caught:
        params.load(2025, path=path)
    assert "overrides: is written by a build into its own params.yaml" in str(caught.value)


def test_a_fact_out_of_its_plausible_range_set_by_p_is_blamed_on_the_p():
    with pytest.raises(params.ParamsError) as caught:
        params.load(2025, overrides=["facts.cyber.machines.value=999999"])
    assert str(caught.value) == (
        "-p facts.cyber.machines.value=999999: facts.cyber.machines.value: expected a number"
        " from 1 to 100000 (its plausible range), got 999999"
    )


def test_the_company_number_is_checked_and_printed_in_the_kbo_form(tmp_path, raw):
    raw["company"]["number"] = "BE 0896 755 397"
    loaded, _ = params.load(path=_write(tmp_path, raw))
    assert loaded.company.number == "0896.755.397"
    raw["company"]["number"] = "0896.755.398"  # a wrong check digit
    with pytest.raises(params.ParamsError) as raised:
        params.load(path=_write(tmp_path, raw))
    assert "company.number: " in str(raised.value)
    assert "not a Belgian enterprise number" in str(raised.value)
    assert len(str(raised.value).splitlines()) == 1


@pytest.mark.parametrize("key", ["registered_office", "legal_entities_register"])
def test_the_office_and_register_are_needed_in_every_language_of_the_reports(tmp_path, raw, key):
    del raw["company"][key]["fr"]
    with pytest.raises(params.ParamsError, match=rf"company\.{key}: missing 'fr'"):
        params.load(path=_write(tmp_path, raw))


def test_a_company_without_its_register_prints_none(tmp_path, raw):
    del raw["company"]["legal_entities_register"]
    assert params.load(path=_write(tmp_path, raw))[0].company.legal_entities_register == {}
