"""The nl-BE printing rules, each at its edges."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sociaal_verslag.figures.catalogue import CATALOGUE
from sociaal_verslag.language import approximate, formatting, styles

# --------------------------------------------------------------------------------------------
# Exact numbers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1.000"),
        (21585, "21.585"),
        (1001063, "1.001.063"),
        (90.5, "90,5"),  # next year's training days: not "91"
        (154.5, "154,5"),
        (4492962.25, "4.492.962"),  # whole hours: a quarter hour in millions means nothing
        (4492327.58, "4.492.328"),
        (154.55, "154,6"),  # four digits
        (1234.5, "1.235"),
        (999.96, "1.000"),
        (8.50, "8,5"),  # trailing zero dropped
        (3.0, "3"),  # a whole float prints as whole
        (2.675, "2,68"),  # more than two decimals: half up on the decimal value, not on binary
        (2.665, "2,67"),
        (2.999, "3"),  # rounds to a whole number: no ",00"
        (0.004, "0"),
        (0.005, "0,01"),
        (-1.5, "-1,5"),
        (Decimal("90.50"), "90,5"),
    ],
)
def test_quantity_prints_a_whole_value_whole_and_keeps_meaningful_decimals(value, expected):
    assert formatting.quantity(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(219949.0, "219.949"), (1001063, "1.001.063"), (219949.49, "219.949"), (219949.5, "219.950")],
)
def test_amount_prints_whole_euros(value, expected):
    assert formatting.amount(value) == expected


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


def test_percent_takes_a_percentage():
    assert formatting.percent(74) == "74%"
    assert formatting.percent(73.5) == "74%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "nul"),
        (1, "één"),  # the numeral, accented, not the article "een"
        (1.0, "één"),
        (2, "twee"),
        (4, "vier"),
        (7, "zeven"),
        (10, "tien"),
        (20, "twintig"),
        (21, "21"),
        (2.5, "2,5"),  # not whole: its decimals, never "3"
        (0.5, "0,5"),
        (-1, "-1"),
        (1500, "1.500"),
    ],
)
def test_word_spells_small_whole_numbers(value, expected):
    assert formatting.word(value) == expected


# --------------------------------------------------------------------------------------------
# A count and its noun
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "studie"),
        (0, "studies"),
        (2, "studies"),
        (1.5, "studies"),  # Dutch: plural for anything but exactly one, decimals included
        (0.5, "studies"),
        (1.001, "studie"),  # printed "1": the noun follows what the reader sees
        (0.1 + 0.2 + 0.7 - 1e-16, "studie"),  # a float sum that prints as 1
        ("1", "studie"),
        ("één", "studie"),
        ("Één", "studie"),  # capitalized at a sentence start
        ("een", "studie"),
        ("meer dan 1", "studie"),  # "meer dan één dag"
        ("2", "studies"),
        ("1,5", "studies"),
        ("1,0", "studies"),
        ("11", "studies"),
        ("21", "studies"),
        ("1 miljoen", "studies"),
        ("een tiental", "studies"),
        ("", "studies"),
    ],
)
def test_noun_is_singular_for_exactly_one(number, expected):
    assert formatting.noun(number, "studie", "studies") == expected


def test_with_noun_and_count_with_noun():
    assert formatting.with_noun("1", "studie", "studies") == "1 studie"
    assert formatting.with_noun("2", "studie", "studies") == "2 studies"
    assert styles.count_with_noun(1, "studie", "studies") == "1 studie"
    assert styles.count_with_noun(2, "studie", "studies") == "2 studies"
    assert styles.count_with_noun(0, "studie", "studies") == "0 studies"
    assert styles.count_with_noun(1.5, "dag", "dagen") == "1,5 dagen"
    assert styles.count_with_noun(90.5, "dag", "dagen") == "90,5 dagen"
    assert styles.count_with_noun(1, "studie", "studies", style="word") == "één studie"
    assert styles.count_with_noun(2, "studie", "studies", style="word") == "twee studies"


# --------------------------------------------------------------------------------------------
# Approximate phrasings
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # The published 2025 forms (values as the 2025 build computed them).
        (30451.0, "meer dan 30.000"),
        (28918.17, "bijna 30.000"),
        (2237, "meer dan 2.200"),
        (204318, "meer dan 200.000"),
        (306, "meer dan 300"),
        (154.5, "meer dan 150"),
        # Either side of the round number, and on it.
        (29993, "bijna 30.000"),
        (30085, "meer dan 30.000"),
        (30000, "30.000"),
        (30000.01, "meer dan 30.000"),
        (29999.99, "bijna 30.000"),
        (31000, "meer dan 30.000"),  # a rounder number lies within 5 %
        (2200, "2.200"),
        # Each granularity: 10^k, then 5 x 10^(k-1), then 10^(k-1).
        (21000, "meer dan 20.000"),  # 10^4: 4.8 % away
        (1480, "bijna 1.500"),  # 1.000 is 32 % away; 1.500 is 1.4 %
        (1520, "meer dan 1.500"),  # 2.000 is 32 % away
        (16212, "meer dan 16.000"),  # 20.000 and 15.000 too far (23 %, 7.5 %)
        (1100, "1.100"),  # two significant digits, exactly
        # The smallest values the rule names a round number for, and above.
        (10, "10"),
        (10.4, "meer dan 10"),
        (99.9, "bijna 100"),
        (1_000_001, "meer dan 1.000.000"),
    ],
)
def test_approximate_names_the_roundest_close_number(value, expected):
    assert approximate.approximate(value) == expected


# The 5 % is a share of the value: |value - N| <= 0.05 x value. For 30.000 that bounds the
# value to 30.000/1.05 = 28.571,43 below and 30.000/0.95 = 31.578,95 above. Neither bound is a
# decimal number, so "exactly 5 % away" never happens: a value equal to 1.05 or 0.95 times a
# candidate is always a multiple of 10^k itself, which the first step names at 0 %.
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (28571.43, "bijna 30.000"),  # just within 5 % below
        (28571.42, "bijna 29.000"),  # just outside: 30.000 and 30.000 fail, 29.000 is taken
        (31578.94, "meer dan 30.000"),  # just within 5 % above
        (31578.95, "bijna 32.000"),  # just outside: the step 1.000 gives 32.000
        (952.39, "bijna 1.000"),  # 1.000/1.05 = 952,38...: within
        (952.38, "meer dan 950"),  # outside: 1.000 twice too far, then 50 x 19
    ],
)
def test_approximate_tolerance_edges(value, expected):
    assert approximate.approximate(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # A tie goes up (half up), unlike Python's round(): 2250 is 22,5 hundreds -> 2.300.
        (2250, "bijna 2.300"),
        (2350, "bijna 2.400"),
        # A tie at the first step: 25.000 is 2,5 x 10^4 -> 30.000, 20 % away; then 25.000.
        (25000, "25.000"),
        (75000, "75.000"),
    ],
)
def test_approximate_ties_round_half_up(value, expected):
    assert approximate.approximate(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(9.99, "9,99"), (9, "9"), (7.4, "7,4"), (1, "1"), (0, "0"), (0.5, "0,5"), (-5, "-5")],
)
def test_approximate_below_ten_prints_the_value(value, expected):
    assert approximate.approximate(value) == expected
    assert approximate.round_number(value) is None


def test_round_number_is_the_number_of_the_phrase():
    assert approximate.round_number(2237) == 2200
    assert approximate.round_number(29993) == 30000
    assert approximate.round_number(154.5) == 150
    assert approximate.round_number(10) == 10


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (28.878, "bijna 30%"),  # published 2025
        (28.9, "bijna 30%"),
        (28.58, "bijna 30%"),  # 30/1.05 = 28,571...: within
        (28.57, "bijna 29%"),  # outside
        (30.0, "30%"),
        (31.2, "meer dan 30%"),
        (99.6, "bijna 100%"),
        (10, "10%"),
        (9.5, "9,5%"),  # below 10: the value with its decimals
        (0, "0%"),
    ],
)
def test_approximate_percent(value, expected):
    assert approximate.approximate_percent(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10, "een tiental"),
        (8, "een tiental"),
        (12, "een tiental"),
        (7, "7"),
        (13, "13"),
        (13.5, "13,5"),  # not near a ten: the value with its decimals
        (15, "15"),  # a tie goes to 20, then too far
        (61, "een zestigtal"),
        (57, "een zestigtal"),
        (63, "een zestigtal"),  # 5 % of 60
        (56, "56"),
        (64, "64"),
        (65, "65"),  # a tie goes to 70 (half up), 5 away: too far
        (67, "een zeventigtal"),  # nearest is 70, not 60
        (90, "een negentigtal"),
        (95, "95"),  # nearest is 100: no "honderdtal"
        (150, "150"),
    ],
)
def test_about_tens_takes_the_nearest_ten(value, expected):
    assert approximate.about_tens(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (198_437_615.47, "meer dan 198 miljoen"),  # published 2025
        (198_000_000, "198 miljoen"),
        (198_499_999.99, "meer dan 198 miljoen"),
        (198_500_000, "bijna 199 miljoen"),  # a tie goes up
        (198_700_000, "bijna 199 miljoen"),
        (199_000_000, "199 miljoen"),
        (1_000_001, "meer dan 1 miljoen"),
        (1_050_000, "meer dan 1 miljoen"),
        # The nearest million must lie within 5 % of the value, as in the general rule.
        (952_381, "bijna 1 miljoen"),  # 1.000.000/1.05 = 952.380,95: within
        (952_380, "meer dan 950.000"),  # outside: the general rule
        (1_052_631, "meer dan 1 miljoen"),  # 1.000.000/0.95 = 1.052.631,58: within
        (1_052_632, "bijna 1.100.000"),  # outside: the general rule
        (1_400_000, "1.400.000"),
        (602_000, "meer dan 600.000"),
        (499_999, "bijna 500.000"),  # rounds to 0 million: the general rule
    ],
)
def test_approximate_millions_names_the_nearest_million(value, expected):
    assert approximate.approximate_millions(value) == expected


def test_about_millions_rounds_to_the_nearest_million():
    assert approximate.about_millions(6_937_284.3) == "ongeveer 7 miljoen"  # published 2025
    assert approximate.about_millions(6_930_000) == "ongeveer 7 miljoen"
    assert approximate.about_millions(7_499_999) == "ongeveer 7 miljoen"
    assert approximate.about_millions(7_500_000) == "ongeveer 8 miljoen"
    assert approximate.about_millions(6_500_000) == "ongeveer 7 miljoen"
    assert approximate.about_millions(6_499_999) == "ongeveer 6 miljoen"
    # Below the unit, the rule never prints "0 miljoen".
    assert approximate.about_millions(499_999) == "ongeveer 500.000"
    assert approximate.about_millions(138_456) == "ongeveer 140.000"
    assert approximate.about_millions(500_000) == "ongeveer 1 miljoen"


def test_capitalize_touches_only_the_first_letter():
    assert formatting.capitalize("meer dan 30.000 Let's") == "Meer dan 30.000 Let's"
    assert formatting.capitalize("bijna 30.000") == "Bijna 30.000"
    assert formatting.capitalize("één") == "Één"


# --------------------------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------------------------

# Every published 2025 form that a style prints, with the value the 2025 build computed and the
# style the catalogue names for it: the styles must keep printing 2025 exactly as published.
PUBLISHED_2025 = [
    ("activity.turnover_eur", 198437615.47, "approximate_millions", "meer dan 198 miljoen"),
    ("activity.active_holders", 21585, "quantity", "21.585"),
    ("financing.projects_since_launch.amount_eur", 1001063.0, "amount", "1.001.063"),
    ("financing.loans_granted.amount_eur", 219949.0, "amount", "219.949"),
    ("financing.kbs_grants.min_eur", 3500.0, "amount", "3.500"),
    ("learning.turnover_eur", 6937284.3, "about_millions", "ongeveer 7 miljoen"),
    ("employment.hours", 4492962, "quantity", "4.492.962"),
    ("training.days", 90, "quantity", "90"),
    ("gembloux.fte", 8.55, "decimal2", "8,55"),
    ("survey.responses", 2237, "quantity", "2.237"),
    ("survey.responses/meer_dan", 2237, "approximate", "meer dan 2.200"),
    ("survey.satisfaction_mean", 7.4, "decimal1", "7,4"),
    ("survey.stay_3y_pct", 74, "percent", "74%"),
    ("survey.unemployment_benefit_pct", 28.878, "approximate_percent", "bijna 30%"),
    ("reform.working_groups", 4, "word", "vier"),
    ("invoicing.invoices", 204318, "approximate", "meer dan 200.000"),
    ("pvcb.studies", 1, "quantity", "1"),
    ("site.area_m2", 4800, "quantity", "4.800"),
    ("smartlabs.groups", 10, "about_tens", "een tiental"),
    ("smartlabs.interested", 306, "approximate", "meer dan 300"),
    ("smartlabs.hours", 154.5, "approximate", "meer dan 150"),
    ("safety.medical_exams", 61, "about_tens", "een zestigtal"),
    ("cyber.av_threats_monthly", 30451.0, "approximate", "meer dan 30.000"),
    ("cyber.av_phishing_monthly", 28918.17, "approximate", "bijna 30.000"),
    ("cyber.fw_threats_monthly", 16239.42, "approximate", "meer dan 16.000"),
]


@pytest.mark.parametrize(("figure", "value", "style", "printed"), PUBLISHED_2025)
def test_styles_print_2025_as_published(figure, value, style, printed):
    assert styles.render(value, style) == printed, figure


def test_every_catalogue_style_and_variant_exists():
    for spec in CATALOGUE.values():
        assert spec.style in styles.STYLES, spec.id
        for style in spec.variants.values():
            assert style in styles.STYLES, spec.id


def test_unknown_style_is_named():
    with pytest.raises(KeyError, match="unknown number style 'roman'"):
        styles.render(4, "roman")
    with pytest.raises(KeyError, match="unknown number style 'integer'"):
        styles.render(90.5, "integer")  # gone: it printed 90,5 days as "91"


def test_exact_prints_every_digit_and_a_signed_change_its_sign_unless_it_rounds_to_zero():
    assert formatting.exact(198438000.0) == "198.438.000"
    assert formatting.exact(198438000.5) == "198.438.000,5"
    assert formatting.exact(2.675, "fr") == "2,675"
    assert formatting.signed(-28) == "\u221228" and formatting.signed(2.5) == "+2,5"
    assert formatting.signed(0) == "0"
    assert formatting.signed(-0.04, 1) == "0,0"  # no sign before a change that prints as zero
    assert formatting.signed(0.04, 1) == "0,0"
    assert formatting.percent_signed(-1.2345, 2) == "\u22121,23%"
