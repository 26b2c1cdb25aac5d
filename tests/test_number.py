"""number: what a written figure stands for (intervals), rule tables, half-up display."""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipbook import number

A = pytest.approx


def iv(written, qualifier="exact", rules=None):
    r = number.reported(written, qualifier, rules)
    return r.lo, r.hi


# ------------------------------------------------------------------ plain figures: rounding


def test_decimal_figure_is_rounded_to_its_last_digit():
    r = number.reported("309.8")
    assert r.value == A(309.8)
    assert r.step == A(0.1)  # last written digit is the tenths
    assert r.lo == A(309.75)  # 309.8 - 0.05
    assert r.hi == A(309.85)  # 309.8 + 0.05
    assert r.qualifier == "exact"
    assert r.written == "309.8"


def test_small_whole_number_keeps_step_one():
    assert iv("44") == (A(43.5), A(44.5))  # 44 +- 0.5
    assert number.reported("44").step == 1.0
    # 40 < ROUND_ZEROS_FROM (1,000): "40%" stated plainly is 39.5..40.5, not 35..45
    assert iv("40") == (A(39.5), A(40.5))


def test_trailing_zeros_of_large_whole_numbers_are_rounding():
    r = number.reported("420,000")
    assert r.value == 420_000
    assert r.step == 10_000  # four trailing zeros -> 10^4
    assert (r.lo, r.hi) == (A(415_000), A(425_000))  # 420,000 +- 5,000
    assert number.reported("1400").step == 100  # two trailing zeros -> 10^2
    assert iv("1400") == (A(1350), A(1450))
    assert number.reported("2,357").step == 1  # no trailing zero
    assert iv("2,357") == (A(2356.5), A(2357.5))
    assert iv("15,000") == (A(14_500), A(15_500))  # step 1,000


def test_trailing_zeros_after_the_decimal_point_are_precision():
    assert number.reported("2.50").step == A(0.01)
    assert iv("2.50") == (A(2.495), A(2.505))
    assert iv("124.637") == (A(124.6365), A(124.6375))  # step 0.001


def test_negative_and_zero():
    assert iv("-3") == (A(-3.5), A(-2.5))
    assert iv("0") == (A(-0.5), A(0.5))
    assert number.reported("-3000").step == 1000  # |-3000| >= 1,000: three zeros count


# ------------------------------------------------------------------ qualifiers


@pytest.mark.parametrize(
    "written, qualifier, lo, hi",
    [
        # "more than X" = [X, X + one round step]; trailing zeros always count when qualified
        ("40", "more than", 40, 44),  # round step 10, capped at 10% of 40 = 4
        ("220", "more than", 220, 230),  # round step 10
        ("76", "more than", 76, 77),  # round step 1
        ("15,000", "more than", 15_000, 16_000),  # round step 1,000
        ("6900", "over", 6900, 7000),  # round step 100
        ("21", "exceeded", 21, 22),
        ("3.25", "at least", 3.25, 3.26),  # step 0.01
        # "nearly X" = [X - step, X]
        ("ten", "nearly", 9, 10),  # a word has step 1
        ("5.5", "almost", 5.4, 5.5),
        ("2,800", "nearly", 2700, 2800),  # round step 100
        # "about X" = X +- step
        ("90", "about", 81, 99),  # round step 10, capped at 10% of 90 = 9 either way
        ("820000", "about", 810_000, 830_000),  # round step 10^4
        ("15", "approximately", 14, 16),
        # "less than X" has no lower bound
        ("10", "less than", -math.inf, 10),
    ],
)
def test_qualifier_bounds(written, qualifier, lo, hi):
    assert iv(written, qualifier) == (A(lo), A(hi))


def test_qualified_step_is_the_round_step():
    assert number.reported("40", "more than").step == 10
    assert number.reported("40").step == 1
    assert number.reported("76.5", "more than").step == A(0.1)
    assert iv("76.5", "more than") == (A(76.5), A(76.6))


def test_empty_qualifier_means_exact():
    assert iv("44", "") == (A(43.5), A(44.5))
    assert number.reported("44", "").qualifier == "exact"


def test_reported_contains():
    r = number.reported("309.8")
    assert r.contains(309.8) and r.contains(309.76)
    assert not r.contains(309.74) and not r.contains(309.86)
    assert number.reported("10", "less than").contains(-1e12)


# ------------------------------------------------------------------ words


@pytest.mark.parametrize(
    "written, value, lo, hi",
    [
        ("ten", 10, 9.5, 10.5),  # word: step 1
        ("Ten", 10, 9.5, 10.5),  # case does not matter
        ("twice", 2, 1.5, 2.5),
        ("eight", 8, 7.5, 8.5),
        ("thousand", 1000, 999.5, 1000.5),  # words are step 1, never "rounded to the thousand"
    ],
)
def test_number_words(written, value, lo, hi):
    r = number.reported(written)
    assert r.value == value
    assert (r.lo, r.hi) == (A(lo), A(hi))


def test_qualified_words():
    assert iv("twice", "more than") == (A(2), A(3))  # [2, 2 + 1]
    assert iv("twice", "nearly") == (A(1), A(2))  # [2 - 1, 2]


# ------------------------------------------------------------------ rule tables


def test_rules_with_reach():
    r2 = number.rules_with(reach=2)
    assert iv("40", "more than", r2) == (A(40), A(48))  # 40 + min(2 * 10, 2 * 10% of 40 = 8)
    assert iv("9", "nearly", r2) == (A(7), A(9))  # 9 - 2 * 1
    assert iv("90", "about", r2) == (A(72), A(108))  # 90 -+ min(2 * 10, 2 * 9 = 18)
    assert iv("44", "exact", r2) == (A(43.5), A(44.5))  # rounding is not a reach
    half = number.rules_with(reach=0.5)
    assert iv("15,000", "more than", half) == (A(15_000), A(15_500))  # 15,000 + 0.5 * 1,000


def test_rules_with_overrides():
    r = number.rules_with(overrides={"about": (-0.5, 0.5)})
    assert iv("90", "about", r) == (A(85.5), A(94.5))  # 90 -+ min(0.5 * 10, 0.5 * 9 = 4.5)
    assert iv("40", "more than", r) == (A(40), A(44))  # untouched entries keep the default
    open_ended = number.rules_with(overrides={"more than": (0.0, None)})
    assert iv("40", "more than", open_ended) == (A(40), math.inf)


def test_rules_with_unknown_qualifier_is_rejected():
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'"):
        number.rules_with(overrides={"roughly": (-1, 1)})


def test_rules_with_does_not_touch_the_default_table():
    number.rules_with(reach=5, overrides={"about": (-3, 3)})
    assert number.DEFAULT_RULES["about"] == (-1.0, 1.0)
    assert number.DEFAULT_RULES["more than"] == (0.0, 1.0)
    assert iv("90", "about") == (A(81), A(99))


def test_unknown_qualifier_in_bounds():
    with pytest.raises(ValueError, match="unknown qualifier"):
        number.reported("44", "roughly")


# ------------------------------------------------------------------ vectorised face


def test_intervals_vectorised():
    num, lo, hi = number.intervals(["309.8", "420,000", "ten", "40"], ["exact", "more than", "nearly", None])
    np.testing.assert_allclose(num, [309.8, 420_000, 10, 40])
    np.testing.assert_allclose(lo, [309.75, 420_000, 9, 39.5])  # more than 420,000: [420,000, 430,000]
    np.testing.assert_allclose(hi, [309.85, 430_000, 10, 40.5])  # None -> exact


def test_parse_values_steps_and_unparseable():
    num, step, round_step = number.parse_values(["309.8", "40", "1400", "abc", ""])
    np.testing.assert_allclose(num[:3], [309.8, 40, 1400])
    np.testing.assert_allclose(step[:3], [0.1, 1, 100])
    np.testing.assert_allclose(round_step[:3], [0.1, 10, 100])
    assert np.isnan(num[3:]).all() and np.isnan(step[3:]).all() and np.isnan(round_step[3:]).all()


# ------------------------------------------------------------------ invalid inputs


@pytest.mark.parametrize("bad", ["3.1.2", "12a", "", "1,00", "1234,567", ".5", "5.", "309.8 billion", "ten times", "1e5"])
def test_invalid_written_values(bad):
    assert not number.is_number_as_written(bad)
    with pytest.raises(ValueError, match="not a number as written"):
        number.reported(bad)


@pytest.mark.parametrize("good", ["309.8", "420,000", "-3", "ten", "twice", " 44 ", "2,357", "12.13"])
def test_valid_written_values(good):
    assert number.is_number_as_written(good)


# ------------------------------------------------------------------ display


def test_fmt_is_half_up_unlike_round():
    assert number.fmt(0.125, 2) == "0.13"
    assert round(0.125, 2) == 0.12  # half-to-even (and binary) would show 0.12
    assert number.fmt(42.05, 1) == "42.1"
    assert round(42.05, 1) == 42.0  # 42.05 is stored as 42.04999..., round() goes down
    assert number.fmt(2.5, 0) == "3"
    assert round(2.5) == 2
    assert number.fmt(2.675, 2) == "2.68"  # round(2.675, 2) == 2.67


def test_fmt_defaults_separators_and_signs():
    assert number.fmt(309.75) == "309.8"  # default: one decimal, half-up
    assert number.fmt(1234567.891, 2) == "1,234,567.89"
    assert number.fmt(1234.5, 0) == "1,235"
    assert number.fmt(-0.125, 2) == "-0.13"  # half away from zero
    assert number.fmt(41.762014, 2) == "41.76"


def test_fmt_non_finite():
    assert number.fmt(math.inf) == "∞"
    assert number.fmt(-math.inf) == "−∞"
    assert number.fmt(math.nan) == "n/a"
    assert number.fmt(None) == "n/a"


def test_fmt_interval():
    # 309.75/218.5 - 1 = 0.417620 -> 41.76 ; 309.85/217.5 - 1 = 0.424598 -> 42.46
    assert number.fmt_interval(41.762014, 42.459770) == "41.76–42.46"
    assert number.fmt_interval(43.5, 44.5, 1, "%") == "43.5–44.5%"
    assert number.fmt_interval(309.75, 309.75, 1) == "309.8"  # half up: one figure when both ends round to it
    assert number.decimals_of("71.8") == 1 and number.decimals_of("44") == 0


# ------------------------------------------------------------------ properties

QUALIFIERS = st.sampled_from(number.QUALIFIERS)


@st.composite
def decimals_as_written(draw):
    """A decimal with 0-3 decimals, written as the dataset would write it (with or without separators)."""
    d = draw(st.integers(0, 3))
    mantissa = draw(st.integers(-10**9, 10**9))
    x = Decimal(mantissa).scaleb(-d)
    commas = draw(st.booleans())
    return format(x, ",f" if commas else "f"), x


@settings(max_examples=200, deadline=None)
@given(decimals_as_written(), QUALIFIERS)
def test_written_value_lies_in_its_own_interval(wx, qualifier):
    written, x = wx
    r = number.reported(written, qualifier)
    assert r.value == float(x)
    assert r.lo <= r.hi
    assert r.contains(float(x))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(-10**9, 10**9),
    st.integers(0, 6),
    st.integers(0, 3),
    st.sampled_from(["exact", "more than", "over", "exceeded", "at least", "nearly", "almost", "about", "approximately", "less than"]),
)
def test_true_value_lies_in_the_interval_of_its_written_form(mantissa, true_decimals, d, qualifier):
    """A true value, written the way each qualifier implies, is covered by the written figure's interval."""
    v = Decimal(mantissa).scaleb(-true_decimals)
    quantum = Decimal(1).scaleb(-d)
    how = {
        "exact": ROUND_HALF_UP,  # rounded
        "about": ROUND_HALF_UP,
        "approximately": ROUND_HALF_UP,
        "more than": ROUND_FLOOR,  # "more than 40" said of 40.3
        "over": ROUND_FLOOR,
        "exceeded": ROUND_FLOOR,
        "at least": ROUND_FLOOR,
        "nearly": ROUND_CEILING,  # "nearly 10" said of 9.7
        "almost": ROUND_CEILING,
        "less than": ROUND_CEILING,
    }[qualifier]
    written = format(v.quantize(quantum, rounding=how), "f")
    r = number.reported(written, qualifier)
    tol = 1e-9 * max(1.0, abs(float(v)))  # 0.2 - 0.05 is 0.15000000000000002 in binary
    assert r.lo - tol <= float(v) <= r.hi + tol, (written, qualifier, r)


# (written, number, step, round step) as parse_values read them with pandas' string methods, before it parsed each
# distinct value in plain Python: padding, case, signs, zeros, words, thousands separators, near misses
PARSED = [
    ("309.8", 309.8, 0.1, 0.1), ("420,000", 420000.0, 10000.0, 10000.0), ("-3", -3.0, 1.0, 1.0),
    ("ten", 10.0, 1.0, 1.0), ("Twice", 2.0, 1.0, 1.0), (" 44 ", 44.0, 1.0, 1.0), ("\t8000 ", 8000.0, 1000.0, 1000.0),
    ("0", 0.0, 1.0, 1.0), ("0000", 0.0, 1.0, 1.0), ("1,400", 1400.0, 100.0, 100.0), ("1000", 1000.0, 1000.0, 1000.0),
    ("999", 999.0, 1.0, 1.0), ("100", 100.0, 1.0, 100.0), ("-100", -100.0, 1.0, 100.0), ("10.0", 10.0, 0.1, 0.1),
    ("0.50", 0.5, 0.01, 0.01), ("-1,234,000", -1234000.0, 1000.0, 1000.0), ("HUNDRED", 100.0, 1.0, 1.0),
    ("12345678901234567890", 1.2345678901234567e19, 10.0, 10.0),
]
UNPARSED = ["", "3.1.2", "12a", "abc.12", "1,00", "1e5", "+5", ".5", "5.", "３０９", None, float("nan")]


def test_parse_values_on_tricky_values_and_repeats():
    values = [w for w, *_ in PARSED] + UNPARSED
    for vals in (values, values * 3):  # all distinct, and repeated (parsed once per distinct value, spread back)
        num, step, round_step = number.parse_values(vals)
        n = len(PARSED)
        for k in range(len(vals)):
            if k % len(values) < n:
                _, want_num, want_step, want_round = PARSED[k % len(values)]
                assert (num[k], step[k], round_step[k]) == (want_num, want_step, want_round), vals[k]
            else:
                assert np.isnan([num[k], step[k], round_step[k]]).all(), vals[k]
    assert [float(a[0]) for a in number.parse_values(["-0"])] == [0.0, 1.0, 1.0]


def test_truth_bounds_read_each_distinct_qualifier_padded_missing_or_empty():
    # qualifiers as they come from a CSV: padded, empty or missing (both exact), every rule once, repeated
    vals = ["40", "10,000", "309.8", "76", "ten", "5", "1,400", "0.5", "44", "1000", "7", "3"]
    quals = ["exact", " more than", "nearly ", "", None, "about", "less than", "over", "at least", "almost",
             "approximately", "exceeded"]
    want = [(39.5, 40.5), (10000.0, math.inf), (309.7, 309.8), (75.5, 76.5), (9.5, 10.5), (4.0, 6.0),
            (-math.inf, 1400.0), (0.5, math.inf), (44.0, math.inf), (900.0, 1000.0), (6.0, 8.0), (3.0, math.inf)]
    lo, hi = number.truth_bounds(*number.parse_values(vals * 2), quals * 2)
    assert list(zip(lo.tolist(), hi.tolist())) == [A(w) for w in want * 2]
    lo, hi = number.bounds(*number.parse_values(vals[:2]), quals[:2])
    assert (lo.tolist(), hi.tolist()) == ([39.5, 10000.0], [40.5, 11000.0])  # "more than 10,000": capped at 10%
    assert [a.tolist() for a in number.bounds(*number.parse_values([]), [])] == [[], []]
    with pytest.raises(ValueError, match=r"unknown qualifier\(s\) \['roughly'\]"):
        number.bounds(*number.parse_values(["4"]), [" roughly "])
