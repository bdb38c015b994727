"""The parameters file is checked against its schema; every problem names its key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sociaal_verslag import params
from sociaal_verslag.catalogue import FACT_IDS
from sociaal_verslag.paths import params_file


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
    assert set(report_params.facts) == set(FACT_IDS)
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
