"""check: the vectorised consistency engine, on operand frames built by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import NA, op, ops_frame
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ipbook import check, number

A = pytest.approx
INF = math.inf
CONSISTENT, INCONSISTENT, CANNOT, DERIVED = ("consistent", "inconsistent", "cannot check", "derived")

# The user's worked example (issue #3): 309.8 billion in 2021 against 218 billion in 2020.
S_2021 = (309.75, 309.85)  # 309.8 +- 0.05
R_2020 = (217.5, 218.5)  # 218 +- 0.5
REC_LO = 41.762014  # 309.75 / 218.5 = 1.4176201 -> 41.76201 %
REC_HI = 42.459770  # 309.85 / 217.5 = 1.4245977 -> 42.45977 %


def ev(*rows, **kw) -> pd.DataFrame:
    return check.evaluate(ops_frame(*rows, **kw))


def one(row: dict) -> pd.Series:
    return ev(row).iloc[0]


def test_verdict_names():
    assert check.VERDICTS == (CONSISTENT, INCONSISTENT, CANNOT, DERIVED)
    assert check.SEVERITIES == ("none", "minor", "material")
    assert set(check.CLAIM_KINDS) == {"growth", "cagr", "share", "multiple", "ratio", "pp_difference", "absolute_change"}


def test_output_columns_and_index_alignment():
    res = ev(op("growth", S_2021, R_2020, (41.5, 42.5)), op("ratio", (4, 6), (2, 2), (2, 3)), index=[17, 3])
    assert list(res.columns) == ["rec_lo", "rec_hi", "verdict", "severity", "gap_abs", "gap_rel", "loose", "reading"]
    assert list(res.index) == [17, 3]


# ------------------------------------------------------------------ growth: every verdict


def test_growth_consistent():
    r = one(op("growth", S_2021, R_2020, (41.5, 42.5)))  # stated "42%" -> 41.5..42.5
    assert r.verdict == CONSISTENT
    assert (r.rec_lo, r.rec_hi) == (A(REC_LO, abs=1e-5), A(REC_HI, abs=1e-5))
    assert np.isnan(r.gap_abs) and np.isnan(r.gap_rel)
    assert r.reading == ""


def test_more_than_is_a_lower_bound():
    # "more than 40%": reach [40, 44] (number.bounds), true for [40, inf) (number.truth_bounds).
    # 41.76..42.46 lies in both: consistent, severity none, not loose.
    r = one(op("growth", S_2021, R_2020, (40, 44), t=(40, INF)))
    assert (r.verdict, r.severity, r.loose) == (CONSISTENT, "none", False)
    assert (r.rec_lo, r.rec_hi) == (A(REC_LO, abs=1e-5), A(REC_HI, abs=1e-5))
    assert np.isnan(r.gap_abs)


def test_over_forty_against_57_is_true_but_loose():
    # "over 40%" against a computed 57.2% (157.2 / 100): true of any value from 40 up, far past the reach (40..44)
    r = one(op("growth", (157.15, 157.25), (100, 100), (40, 44), t=(40, INF)))
    assert (r.verdict, r.severity, r.loose) == (CONSISTENT, "none", True)


def test_minor_within_one_unit_of_the_last_digit():
    # 4354 / 5729 = 0.759993018 -> 75.9993018 %; "more than 76%": true for [76, inf), minor band [75, inf)
    # (one unit of the last digit of 76). Gap 76 - 75.9993018 = 0.0006982.
    x = 4354 / 5729 * 100
    r = one(op("share", (4354, 4354), (5729, 5729), (76, 77), t=(76, INF), m=(75, INF)))
    assert r.rec_lo == A(x) and r.rec_lo == A(75.9993018, abs=1e-7)
    assert (r.verdict, r.severity) == (INCONSISTENT, "minor")
    assert r.gap_abs == A(0.0006982, abs=1e-7)


def test_material_beyond_one_unit():
    # the same share said as "more than 78%": minor band [77, inf) misses 75.9993: material, gap 2.0006982
    r = one(op("share", (4354, 4354), (5729, 5729), (78, 79), t=(78, INF), m=(77, INF)))
    assert (r.verdict, r.severity) == (INCONSISTENT, "material")
    assert r.gap_abs == A(2.0006982, abs=1e-7)


def test_growth_inconsistent_above():
    # stated "44%" -> [43.5, 44.5]; gap = 43.5 - 42.459770 = 1.040230; relative to 44: 0.0236416
    r = one(op("growth", S_2021, R_2020, (43.5, 44.5)))
    assert r.verdict == INCONSISTENT
    assert r.gap_abs == A(1.040230, abs=1e-5)
    assert r.gap_rel == A(0.0236416, abs=1e-6)


def test_growth_inconsistent_below():
    # stated "40%" -> [39.5, 40.5]; gap = 41.762014 - 40.5 = 1.262014; relative to 40: 0.0315504
    r = one(op("growth", S_2021, R_2020, (39.5, 40.5)))
    assert r.verdict == INCONSISTENT
    assert r.gap_abs == A(1.262014, abs=1e-5)
    assert r.gap_rel == A(0.0315504, abs=1e-6)


def test_growth_derived_base_level():
    # 218 (217.5..218.5) after +44% (43.5..44.5): base = [217.5 / 1.445, 218.5 / 1.435]
    # 217.5 / 1.445 = 150.51903 ; 218.5 / 1.435 = 152.26481
    r = one(op("growth", R_2020, NA, (43.5, 44.5)))
    assert r.verdict == DERIVED
    assert (r.rec_lo, r.rec_hi) == (A(150.51903, abs=1e-4), A(152.26481, abs=1e-4))
    assert np.isnan(r.gap_abs)


# ------------------------------------------------------------------ cagr


def test_cagr_point_values():
    # 100 -> 121 in 2 years: sqrt(1.21) = 1.1 -> 10 % a year
    r = one(op("cagr", (121, 121), (100, 100), (9.5, 10.5), years=2))
    assert r.verdict == CONSISTENT
    assert (r.rec_lo, r.rec_hi) == (A(10.0), A(10.0))


def test_cagr_intervals():
    # subject 133.1 (133.05..133.15), base 100 (99.5..100.5), 3 years
    # ratio [133.05/100.5, 133.15/99.5] = [1.323881, 1.338191]
    # cube roots: 1.0980354 (1.098^3 = 1.323753, +0.000128/3.617) and 1.1019775 (1.102^3 = 1.338273, -0.000082/3.643)
    r = one(op("cagr", (133.05, 133.15), (99.5, 100.5), (9.5, 10.5), years=3))
    assert r.verdict == CONSISTENT
    assert r.rec_lo == A(9.8035, abs=2e-3)
    assert r.rec_hi == A(10.1978, abs=2e-3)


def test_cagr_inconsistent():
    # 10 % recomputed against a stated 12 % (11.5..12.5): gap 1.5, relative 1.5 / 12 = 0.125
    r = one(op("cagr", (121, 121), (100, 100), (11.5, 12.5), years=2))
    assert r.verdict == INCONSISTENT
    assert r.gap_abs == A(1.5)
    assert r.gap_rel == A(0.125)


def test_cagr_derived_and_without_span():
    # 121 after two years of 10 %: 121 / 1.1^2 = 100
    r = one(op("cagr", (121, 121), NA, (10, 10), years=2))
    assert r.verdict == DERIVED
    assert (r.rec_lo, r.rec_hi) == (A(100.0), A(100.0))
    # no span (NaN or 0 years): nothing can be recomputed or derived
    res = ev(op("cagr", (121, 121), (100, 100), (9.5, 10.5)), op("cagr", (121, 121), (100, 100), (9.5, 10.5), years=0),
             op("cagr", (121, 121), NA, (9.5, 10.5)))
    assert list(res.verdict) == [CANNOT, CANNOT, CANNOT]
    assert res.rec_lo.isna().all() and res.rec_hi.isna().all()


# ------------------------------------------------------------------ share


def test_share_consistent():
    # 4,354 SMEs of 5,729 demonstration enterprises, "over 76%" -> [76, 77], exact reading [75.5, 76.5]
    # [4353.5 / 5729.5, 4354.5 / 5728.5] = [0.7598394, 0.7601466] -> 75.98394 % .. 76.01466 %
    r = one(op("share", (4353.5, 4354.5), (5728.5, 5729.5), (76, 77)))
    assert r.verdict == CONSISTENT
    assert (r.rec_lo, r.rec_hi) == (A(75.98394, abs=1e-4), A(76.01466, abs=1e-4))


def test_share_inconsistent_and_derived():
    # 30 of 100 -> 30 % ; stated 35 % (34.5..35.5): gap 4.5, relative 4.5 / 35 = 0.128571
    r = one(op("share", (30, 30), (100, 100), (34.5, 35.5)))
    assert r.verdict == INCONSISTENT
    assert (r.rec_lo, r.rec_hi) == (A(30), A(30))
    assert r.gap_abs == A(4.5) and r.gap_rel == A(0.128571, abs=1e-6)
    # 11,000 (10,500..11,500) enterprises are 71.8 % (71.75..71.85) of a total of
    # [10500 / 0.7185, 11500 / 0.7175] = [14613.78, 16027.87]
    d = one(op("share", (10_500, 11_500), NA, (71.75, 71.85)))
    assert d.verdict == DERIVED
    assert (d.rec_lo, d.rec_hi) == (A(14613.78, abs=0.01), A(16027.87, abs=0.01))


# ------------------------------------------------------------------ multiple: both readings


def test_multiple_by_reading_only():
    # universities: 2,357 (2356.5..2357.5) in 2012 -> "more than 15,000" ([15,000, 16,000]; exact 14,500..15,500)
    # ratio [15000 / 2357.5, 16000 / 2356.5] = [6.362672, 6.789731]: not 5.5 times (5.45..5.55) ...
    # ... but 6.5 times = "an increase of 5.5 times" by the N + 1 reading: [5.362672, 5.789731] overlaps
    r = one(op("multiple", (15_000, 16_000), (2356.5, 2357.5), (5.45, 5.55)))
    assert r.verdict == CONSISTENT
    assert r.reading == "by"
    assert (r.rec_lo, r.rec_hi) == (A(6.362672, abs=1e-5), A(6.789731, abs=1e-5))


def test_multiple_to_reading_only():
    # 50 / 10 = 5 ; stated 5 (4.5..5.5) holds as "5 times"; as N + 1 it would be 4 -> no
    r = one(op("multiple", (50, 50), (10, 10), (4.5, 5.5)))
    assert r.verdict == CONSISTENT
    assert r.reading == "to"


def test_multiple_both_readings():
    # [50, 60] / 10 = [5, 6]: direct [5, 6] and by [4, 5] both meet [4.5, 5.5]
    r = one(op("multiple", (50, 60), (10, 10), (4.5, 5.5)))
    assert r.verdict == CONSISTENT
    assert r.reading == "both"


def test_multiple_neither_reading():
    # 90 / 10 = 9 against 5.5 (5.45..5.55): direct gap 9 - 5.55 = 3.45, by-reading gap 8 - 5.55 = 2.45
    # the nearer reading counts: gap 2.45, relative 2.45 / 5.5 = 0.445455
    r = one(op("multiple", (90, 90), (10, 10), (5.45, 5.55)))
    assert r.verdict == INCONSISTENT
    assert r.reading == "neither"
    assert r.gap_abs == A(2.45)
    assert r.gap_rel == A(0.445455, abs=1e-6)


def test_multiple_derived_uses_the_by_reading():
    # 65 after "an increase of 5.5 times" -> base 65 / 6.5 = 10
    r = one(op("multiple", (65, 65), NA, (5.5, 5.5)))
    assert r.verdict == DERIVED
    assert (r.rec_lo, r.rec_hi) == (A(10), A(10))
    assert r.reading == ""  # readings are only reported for computed multiples


# ------------------------------------------------------------------ ratio


def test_ratio_has_no_by_reading():
    # 65 / 10 = 6.5 "times that of" 5.5 (5.45..5.55): gap 6.5 - 5.55 = 0.95, relative 0.95 / 5.5 = 0.172727
    r = one(op("ratio", (65, 65), (10, 10), (5.45, 5.55)))
    assert r.verdict == INCONSISTENT
    assert r.reading == ""
    assert r.gap_abs == A(0.95)
    assert r.gap_rel == A(0.172727, abs=1e-6)


def test_ratio_consistent_and_derived():
    # "nearly twice" -> [1, 2]; [3, 4] / 2 = [1.5, 2]
    r = one(op("ratio", (3, 4), (2, 2), (1, 2)))
    assert r.verdict == CONSISTENT
    assert (r.rec_lo, r.rec_hi) == (A(1.5), A(2.0))
    # 980 "nearly twice" ([1, 2]) a comparison figure -> [980 / 2, 980 / 1] = [490, 980]
    d = one(op("ratio", (980, 980), NA, (1, 2)))
    assert d.verdict == DERIVED
    assert (d.rec_lo, d.rec_hi) == (A(490), A(980))


# ------------------------------------------------------------------ differences


def test_pp_difference():
    # 27.1 % (27.05..27.15) - 16.6 % (16.55..16.65) = [10.4, 10.6] against 10.5 (10.45..10.55)
    r = one(op("pp_difference", (27.05, 27.15), (16.55, 16.65), (10.45, 10.55)))
    assert r.verdict == CONSISTENT
    assert (r.rec_lo, r.rec_hi) == (A(10.4), A(10.6))
    # 5.8 (5.75..5.85) - 2.3 (2.25..2.35) = [3.4, 3.6] against 3.1 (3.05..3.15): gap 3.4 - 3.15 = 0.25, /3.1 = 0.080645
    bad = one(op("pp_difference", (5.75, 5.85), (2.25, 2.35), (3.05, 3.15)))
    assert bad.verdict == INCONSISTENT
    assert bad.gap_abs == A(0.25)
    assert bad.gap_rel == A(0.080645, abs=1e-6)
    # derived: the other rate = [27.05 - 10.55, 27.15 - 10.45] = [16.5, 16.7]
    d = one(op("pp_difference", (27.05, 27.15), NA, (10.45, 10.55)))
    assert d.verdict == DERIVED
    assert (d.rec_lo, d.rec_hi) == (A(16.5), A(16.7))


def test_absolute_change():
    B = 1e9
    s = (562.45 * B, 562.55 * B)  # 562.5 billion
    st51 = (50.5 * B, 51.5 * B)  # "an increase of 51 billion"
    # 562.5 - 511.5: [562.45 - 511.55, 562.55 - 511.45] = [50.9, 51.1] billion
    r = one(op("absolute_change", s, (511.45 * B, 511.55 * B), st51))
    assert r.verdict == CONSISTENT
    assert (r.rec_lo, r.rec_hi) == (A(50.9 * B), A(51.1 * B))
    # against a base of 500 billion: [62.45, 62.55] billion; gap 62.45 - 51.5 = 10.95 billion, /51 = 0.214706
    bad = one(op("absolute_change", s, (500 * B, 500 * B), st51))
    assert bad.verdict == INCONSISTENT
    assert bad.gap_abs == A(10.95 * B)
    assert bad.gap_rel == A(0.214706, abs=1e-6)
    # derived base: [562.45 - 51.5, 562.55 - 50.5] = [510.95, 512.05] billion
    d = one(op("absolute_change", s, NA, st51))
    assert d.verdict == DERIVED
    assert (d.rec_lo, d.rec_hi) == (A(510.95 * B), A(512.05 * B))


# ------------------------------------------------------------------ boundaries: touching intervals agree


@pytest.mark.parametrize(
    "stated, verdict",
    [
        ((3.0, 4.0), CONSISTENT),  # [2, 3] and [3, 4] share 3
        ((1.0, 2.0), CONSISTENT),  # share 2
        ((3.0 + 1e-10, 4.0), CONSISTENT),  # within the floating-point slack (1e-9 relative)
        ((3.0 + 1e-6, 4.0), INCONSISTENT),  # a real gap, however small
        ((1.0, 2.0 - 1e-6), INCONSISTENT),
    ],
)
def test_touching_intervals(stated, verdict):
    r = one(op("ratio", (4, 6), (2, 2), stated))  # [4, 6] / 2 = [2, 3]
    assert r.verdict == verdict
    if verdict == INCONSISTENT:
        assert r.gap_abs == A(1e-6, rel=1e-3)


def test_exact_boundary_from_rounding():
    # 110 / 100 - 1 = 10 % exactly (computed as 10.000000000000009); stated [5, 10] touches it
    r = one(op("growth", (110, 110), (100, 100), (5, 10)))
    assert r.verdict == CONSISTENT


# ------------------------------------------------------------------ what cannot be checked


@pytest.mark.parametrize("kind", ["growth", "share", "ratio", "multiple", "cagr"])
@pytest.mark.parametrize("ref", [(0.0, 0.0), (0.0, 0.5), (-1.0, 1.0), (-2.0, 0.0)])
def test_reference_containing_zero_cannot_be_checked(kind, ref):
    r = one(op(kind, (10, 11), ref, (5, 6), years=2))
    assert r.verdict == CANNOT  # a quotient over an interval containing 0 is unbounded
    assert np.isnan(r.rec_lo) and np.isnan(r.rec_hi)
    assert np.isnan(r.gap_abs) and np.isnan(r.gap_rel)


def test_missing_operands():
    res = ev(
        op("growth", NA, R_2020, (41.5, 42.5)),  # the subject is not reported
        op("growth", NA, NA, (41.5, 42.5)),  # neither figure
        op("share", NA, (5728.5, 5729.5), (76, 77)),
        op("pp_difference", NA, (16.55, 16.65), (10.45, 10.55)),
        op("absolute_change", NA, NA, (1, 2)),
    )
    assert list(res.verdict) == [CANNOT] * 5
    assert res.rec_lo.isna().all() and res.gap_abs.isna().all()


def test_reference_with_zero_is_not_derived():
    # the reference *is* reported (it just contains 0): not a derived figure
    r = one(op("growth", (10, 11), (-1, 1), (5, 6)))
    assert r.verdict == CANNOT


def test_mixed_batch_is_row_by_row():
    res = ev(
        op("growth", S_2021, R_2020, (41.5, 42.5)),
        op("growth", S_2021, R_2020, (43.5, 44.5)),
        op("multiple", (15_000, 16_000), (2356.5, 2357.5), (5.45, 5.55)),
        op("share", (10_500, 11_500), NA, (71.75, 71.85)),
        op("growth", S_2021, R_2020, (40, 44), t=(40, INF)),
        op("ratio", (1, 2), (0, 1), (1, 2)),
    )
    assert list(res.verdict) == [CONSISTENT, INCONSISTENT, CONSISTENT, DERIVED, CONSISTENT, CANNOT]
    assert list(res.severity) == ["none", "material", "none", "", "none", ""]
    assert list(res.reading) == ["", "", "by", "", "", ""]
    assert res.gap_abs.notna().tolist() == [False, True, False, False, False, False]


# ------------------------------------------------------------------ unbounded intervals ("less than")


def test_unbounded_stated_interval_is_still_compared():
    # stated "less than 5%" -> (-inf, 5]; recomputed growth 110/100 - 1 .. 112/100 - 1 = [10, 12] %:
    # nothing in [10, 12] is below 5, so the statement is inconsistent (gap 10 - 5 = 5)
    r = one(op("growth", (110, 112), (100, 100), (-INF, 5)))
    assert r.verdict == INCONSISTENT
    assert r.gap_abs == A(5.0)


def test_unbounded_operand_is_still_compared():
    # subject "less than 50" -> (-inf, 50]; reference 100: growth (-inf, 50/100 - 1] = (-inf, -50] %
    # stated 10 % (9.5..10.5) cannot hold: gap 9.5 - (-50) = 59.5
    r = one(op("growth", (-INF, 50), (100, 100), (9.5, 10.5)))
    assert r.rec_hi == A(-50.0)
    assert r.verdict == INCONSISTENT
    assert r.gap_abs == A(59.5)


# ------------------------------------------------------------------ agreement


def test_agreement():
    lo = np.array([1.0, 1.5, 1.0, 2.5, 1.0, 2.0, 0.0, 1.0, 2.5])
    hi = np.array([2.0, 3.0, 2.0, 3.0, 2.0, 3.0, 2.0, 3.0, 4.0])
    g = np.array(["a", "a", "b", "b", "c", "c", "d", "d", "d"])
    res = check.agreement(lo, hi, g)
    assert list(res.index) == ["a", "b", "c", "d"]
    # a: [1, 2] & [1.5, 3] -> common [1.5, 2]
    assert res.loc["a", "verdict"] == CONSISTENT
    assert (res.loc["a", "max_lo"], res.loc["a", "min_hi"]) == (1.5, 2.0)
    assert np.isnan(res.loc["a", "gap_abs"])
    # b: [1, 2] and [2.5, 3] -> gap 0.5
    assert res.loc["b", "verdict"] == INCONSISTENT
    assert res.loc["b", "gap_abs"] == A(0.5)
    # c: [1, 2] and [2, 3] touch at 2 -> agree
    assert res.loc["c", "verdict"] == CONSISTENT
    # d: pairwise [0, 2]-[1, 3] and [1, 3]-[2.5, 4] overlap, but no value is in all three (2 < 2.5)
    assert res.loc["d", "verdict"] == INCONSISTENT
    assert res.loc["d", "gap_abs"] == A(0.5)
    assert res["n"].tolist() == [2, 2, 2, 3]


def test_agreement_of_rounded_figures():
    # 309.8 (309.75..309.85) and 310 (309.5..310.5) agree; 309.8 and 311 (310.5..311.5) do not: gap 0.65
    _, lo, hi = number.intervals(["309.8", "310", "309.8", "311"], ["exact"] * 4)
    res = check.agreement(lo, hi, np.array(["x", "x", "y", "y"]))
    assert res.loc["x", "verdict"] == CONSISTENT
    assert res.loc["y", "verdict"] == INCONSISTENT
    assert res.loc["y", "gap_abs"] == A(0.65)


def test_gap_and_overlaps_helpers():
    a = np.array
    assert check.gap(a([1.0]), a([2.0]), a([3.0]), a([4.0]))[0] == A(1.0)
    assert check.gap(a([3.0]), a([4.0]), a([1.0]), a([2.0]))[0] == A(1.0)
    assert check.gap(a([1.0]), a([3.0]), a([2.0]), a([4.0]))[0] == 0.0
    assert check.overlaps(a([1.0]), a([2.0]), a([2.0]), a([3.0]))[0]
    assert not check.overlaps(a([1.0]), a([2.0]), a([2.1]), a([3.0]))[0]


# ------------------------------------------------------------------ properties


@st.composite
def growth_case(draw):
    """Two levels written with one decimal, and the growth between them written rounded to one decimal."""
    a10 = draw(st.integers(10, 10**7))  # base level x 10 (1.0 .. 1,000,000.0)
    b10 = draw(st.integers(10, 10**7))
    from decimal import ROUND_HALF_UP, Decimal

    a, b = Decimal(a10) / 10, Decimal(b10) / 10
    g = ((b / a - 1) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return format(a, "f"), format(b, "f"), format(g, "f")


@settings(max_examples=200, deadline=None)
@given(growth_case())
def test_rounded_growth_reproduces_the_later_level(case):
    a, b, g = case
    assume(float(g) > -99.0)  # a growth factor interval containing 0 cannot be inverted
    s = number.reported(b)
    r = number.reported(a)
    stated = number.reported(g)
    rows = [
        op("growth", (s.lo, s.hi), (r.lo, r.hi), (stated.lo, stated.hi)),  # recompute the growth
        op("growth", (s.lo, s.hi), NA, (stated.lo, stated.hi)),  # re-derive the base from the growth
    ]
    res = ev(*rows)
    assert res.verdict.iloc[0] == CONSISTENT, (a, b, g, res.iloc[0].to_dict())
    assert res.verdict.iloc[1] == DERIVED
    # the derived base (later level / (1 + growth)) covers the written base level
    lo, hi = res.rec_lo.iloc[1], res.rec_hi.iloc[1]
    tol = 1e-9 * float(a)
    assert lo - tol <= float(a) <= hi + tol
    # and the base grown by the stated rate reaches the later level's interval
    assert r.lo * (1 + stated.lo / 100) <= s.hi * (1 + 1e-9)
    assert r.hi * (1 + stated.hi / 100) >= s.lo * (1 - 1e-9)


def _milli(lo, hi):
    """Figures with at most three decimals, as the dataset writes them."""
    return st.integers(int(lo * 1000), int(hi * 1000)).map(lambda i: i / 1000)


def _interval(lo_min, lo_max):
    return st.tuples(_milli(lo_min, lo_max), _milli(0, 200)).map(lambda t: (t[0], t[0] + t[1]))


WIDEN = st.tuples(_milli(0, 500), _milli(0, 500))


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(check.CLAIM_KINDS),
    s=_interval(0.1, 1000),
    r=_interval(0.1, 1000),
    stated=_interval(-100, 100),
    years=_milli(0.5, 10),
    which=st.sampled_from(["s", "r", "st"]),
    widen=WIDEN,
)
def test_widening_an_operand_never_creates_an_inconsistency(kind, s, r, stated, years, which, widen):
    before = one(op(kind, s, r, stated, years=years))
    assume(before.verdict == CONSISTENT)
    grown = {"s": s, "r": r, "st": stated}
    lo, hi = grown[which]
    grown[which] = (lo - widen[0], hi + widen[1])
    # widen the qualified and the exact reading alike
    after = one(op(kind, grown["s"], grown["r"], grown["st"], years=years))
    assert after.verdict != INCONSISTENT
    # it can only stay consistent, or become uncheckable (a reference widened across zero)
    assert after.verdict in (CONSISTENT, CANNOT)
    if after.verdict == CONSISTENT:
        assert after.rec_lo <= before.rec_lo + 1e-9 * max(1, abs(before.rec_lo))
        assert after.rec_hi >= before.rec_hi - 1e-9 * max(1, abs(before.rec_hi))
