"""The nl-BE printing rules, each at its edges."""

from __future__ import annotations

import pytest

from sociaal_verslag import formatting
from sociaal_verslag.catalogue import CATALOGUE


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (999, "999"), (21585, "21.585"), (1001063, "1.001.063"), (2273.5, "2.274")],
)
def test_integer_uses_a_dot_for_thousands_and_rounds_half_up(value, expected):
    assert formatting.integer(value) == expected


def test_decimal_uses_a_comma_and_keeps_trailing_zeros():
    assert formatting.decimal(8.55, 2) == "8,55"
    assert formatting.decimal(7.4, 1) == "7,4"
    assert formatting.decimal(8.5, 2) == "8,50"
    assert formatting.decimal(2.675, 2) == "2,68"  # half up on the decimal value, not on binary


def test_euro_puts_the_sign_first():
    assert formatting.euro(3500) == "€ 3.500"
    assert formatting.euro(7000.4) == "€ 7.000"


def test_percent_takes_a_percentage():
    assert formatting.percent(74) == "74%"
    assert formatting.percent(73.5) == "74%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2, "twee"), (4, "vier"), (7, "zeven"), (10, "tien"), (20, "twintig"), (21, "21"), (2.5, "3")],
)
def test_word_spells_small_whole_numbers(value, expected):
    assert formatting.word(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (30412.5, "meer dan 30.000"),
        (30999, "meer dan 30.000"),
        (31000, "31.000"),  # exactly round: no "meer dan"
        (30000, "30.000"),
        (30000.01, "meer dan 30.000"),
        (2237, "meer dan 2.200"),
        (2201, "meer dan 2.200"),
        (2200, "2.200"),
        (204318, "meer dan 200.000"),
        (154.5, "meer dan 150"),
        (306, "meer dan 300"),
    ],
)
def test_more_than_floors_to_two_significant_digits(value, expected):
    assert formatting.more_than(value) == expected


def test_floored_prints_the_floor_without_qualifier():
    assert formatting.floored(2237) == "2.200"
    assert formatting.floored(2299) == "2.200"
    assert formatting.floored(2300) == "2.300"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (28900, "bijna 30.000"),
        (27000, "bijna 30.000"),  # exactly 10 % below: still "bijna"
        (26999, "26.999"),  # further below: the plain number
        (29999, "bijna 30.000"),
        (30000, "30.000"),  # not below: never "bijna"
    ],
)
def test_almost_counts(value, expected):
    assert formatting.almost(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (28.9, "bijna 30%"),
        (27.5, "bijna 30%"),
        (27.0, "bijna 30%"),
        (26.9, "27%"),
        (29.99, "bijna 30%"),
        (30.0, "30%"),
        (9.5, "bijna 10%"),
    ],
)
def test_almost_percent(value, expected):
    assert formatting.almost_percent(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10, "een tiental"),
        (8, "een tiental"),
        (12, "een tiental"),
        (7, "7"),
        (13, "13"),
        (61, "een zestigtal"),
        (57, "een zestigtal"),
        (63, "een zestigtal"),
        (56, "56"),
        (64, "64"),
        (90, "een negentigtal"),
        (150, "150"),
    ],
)
def test_about_tens(value, expected):
    assert formatting.about_tens(value) == expected


def test_millions():
    assert formatting.more_than_millions(198_412_345.67) == "meer dan 198 miljoen"
    assert formatting.more_than_millions(198_000_000) == "198 miljoen"
    assert formatting.more_than_millions(198_999_999.99) == "meer dan 198 miljoen"
    assert formatting.about_millions(6_930_000) == "ongeveer 7 miljoen"
    assert formatting.about_millions(7_499_999) == "ongeveer 7 miljoen"
    assert formatting.about_millions(7_500_000) == "ongeveer 8 miljoen"
    assert formatting.about_millions(6_500_000) == "ongeveer 7 miljoen"
    assert formatting.about_millions(6_499_999) == "ongeveer 6 miljoen"
    # Below the unit, the rule never prints "0 miljoen".
    assert formatting.about_millions(499_999) == "ongeveer 500.000"
    assert formatting.about_millions(138_456) == "ongeveer 140.000"
    assert formatting.about_millions(500_000) == "ongeveer 1 miljoen"
    assert formatting.more_than_millions(640_123) == "meer dan 640.000"
    assert formatting.more_than_millions(1_000_001) == "meer dan 1 miljoen"


def test_two_significant():
    assert formatting.two_significant(16212) == "16.000"
    assert formatting.two_significant(16500) == "17.000"
    assert formatting.two_significant(3461) == "3.500"
    assert formatting.two_significant(3449) == "3.400"


def test_capitalize_touches_only_the_first_letter():
    assert formatting.capitalize("meer dan 30.000 Let's") == "Meer dan 30.000 Let's"


def test_every_catalogue_style_and_variant_exists():
    for spec in CATALOGUE.values():
        assert spec.style in formatting.STYLES, spec.id
        for style in spec.variants.values():
            assert style in formatting.STYLES, spec.id


def test_unknown_style_is_named():
    with pytest.raises(KeyError, match="unknown number style 'roman'"):
        formatting.render(4, "roman")
