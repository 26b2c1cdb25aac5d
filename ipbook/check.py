"""The consistency engine: recompute stated relations with interval arithmetic.

``evaluate`` takes one row per check with the operands' intervals already
resolved (see ``ledger``) and returns, for every row at once, the recomputed
interval, the verdict and the gap. It is vectorised with numpy: a million
checks are a handful of array operations, never a Python loop per check.

Operand columns (all floats, NaN where an operand is missing):

* ``s_lo, s_hi`` / ``r_lo, r_hi``: subject and reference intervals, read
  with their qualifiers' reach. Levels are in base units (yuan, count), rates
  in percent.
* ``st_lo, st_hi``: the stated relation (the claim's value) read with its
  qualifier's reach: where the true value probably lies, used to imply a
  missing figure. ``st_tlo, st_thi``: the values for which the statement is
  *true* ("more than 40%" is true of 57%). ``st_mlo, st_mhi``: the truth
  interval widened to one unit of the stated figure's last digit.
* ``years``: span for a CAGR.

Grades, after statcheck (consistent / an inconsistency that changes nothing /
a gross one), in the ``severity`` column:

* ``none``: the recomputed relation can take a value for which the statement
  is true. Consistent.
* ``minor``: it misses the truth interval but comes within one unit of the
  last digit the source wrote (4,354 / 5,729 = 75.9993% said as "more than
  76%"): right to the precision shown.
* ``material``: anything else. Only material rows are findings.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from . import kinds

# Verdicts, in the order the book lists them.
CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
CANNOT = "cannot check"
DERIVED = "derived"
VERDICTS = (CONSISTENT, INCONSISTENT, CANNOT, DERIVED)

# Severity of a tested row (empty for rows that test nothing: derived, cannot check).
NONE, MINOR, MATERIAL = "none", "minor", "material"
SEVERITIES = (NONE, MINOR, MATERIAL)

# Check kinds that come from a stated relation, and those the ledger generates.
CLAIM_KINDS, GENERATED_KINDS = kinds.CLAIM_KINDS, kinds.GENERATED_KINDS

# Relative slack for floating-point noise at interval ends (309.75 computed as 309.74999…).
EPS = 1e-9


def _div(alo, ahi, blo, bhi):
    """Interval a / b; NaN where b contains zero (the quotient is unbounded)."""
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns are missing operands
        c = np.stack([alo / blo, alo / bhi, ahi / blo, ahi / bhi])
        lo, hi = np.nanmin(c, axis=0), np.nanmax(c, axis=0)
    bad = (blo <= 0) & (bhi >= 0)
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


def _mul(alo, ahi, blo, bhi):
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        c = np.stack([alo * blo, alo * bhi, ahi * blo, ahi * bhi])
        return np.nanmin(c, axis=0), np.nanmax(c, axis=0)


def _sub(alo, ahi, blo, bhi):
    return alo - bhi, ahi - blo


def _pow(lo, hi, e):
    """Monotone power for positive bases (CAGR); NaN otherwise."""
    with np.errstate(invalid="ignore", divide="ignore"):
        ok = lo > 0
        return np.where(ok, lo ** e, np.nan), np.where(ok, hi ** e, np.nan)


def relation(kind: np.ndarray, slo, shi, rlo, rhi, years):
    """Recompute the stated relation from subject and reference intervals, per kind."""
    n = len(kind)
    lo = np.full(n, np.nan)
    hi = np.full(n, np.nan)
    qlo, qhi = _div(slo, shi, rlo, rhi)  # subject / reference
    dlo, dhi = _sub(slo, shi, rlo, rhi)  # subject - reference
    with np.errstate(invalid="ignore", divide="ignore"):
        inv = np.where(years > 0, 1.0 / years, np.nan)
    plo, phi = _pow(qlo, qhi, inv)
    for k, (klo, khi) in {
        "growth": ((qlo - 1) * 100, (qhi - 1) * 100),
        "cagr": ((plo - 1) * 100, (phi - 1) * 100),
        "share": (qlo * 100, qhi * 100),
        "ratio": (qlo, qhi),
        "multiple": (qlo, qhi),  # the ratio itself; both readings are tested in evaluate()
        "pp_difference": (dlo, dhi),
        "absolute_change": (dlo, dhi),
    }.items():
        m = kind == k
        lo[m], hi[m] = klo[m], khi[m]
    return lo, hi


def implied(kind: np.ndarray, slo, shi, stlo, sthi, years):
    """The missing reference implied by the subject and the stated relation (a derived figure)."""
    n = len(kind)
    lo = np.full(n, np.nan)
    hi = np.full(n, np.nan)
    one = np.ones(n)
    g_lo, g_hi = 1 + stlo / 100, 1 + sthi / 100  # growth factor
    with np.errstate(invalid="ignore", divide="ignore"):
        inv_years = np.where(years > 0, years, np.nan)
    c_lo, c_hi = _pow(g_lo, g_hi, inv_years)  # CAGR factor over the span
    cases = {
        "growth": _div(slo, shi, g_lo, g_hi),
        "cagr": _div(slo, shi, c_lo, c_hi),
        "share": _div(slo, shi, stlo / 100, sthi / 100),  # the total
        "ratio": _div(slo, shi, stlo, sthi),
        "multiple": _div(slo, shi, stlo + one, sthi + one),  # under the "by N times" reading
        "pp_difference": _sub(slo, shi, stlo, sthi),
        "absolute_change": _sub(slo, shi, stlo, sthi),
    }
    for k, (klo, khi) in cases.items():
        m = kind == k
        lo[m], hi[m] = klo[m], khi[m]
    return lo, hi


def overlaps(alo, ahi, blo, bhi):
    ends = np.abs(np.stack([alo, ahi, blo, bhi]))
    # the slack scales with the finite ends only: an unbounded end ("less than X") must not make it infinite
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        scale = np.nanmax(np.where(np.isfinite(ends), ends, np.nan), axis=0)
    tol = EPS * np.maximum(1.0, np.nan_to_num(scale, nan=1.0))
    with np.errstate(invalid="ignore"):
        return (alo <= bhi + tol) & (blo <= ahi + tol)


def gap(alo, ahi, blo, bhi):
    """Distance between two intervals (0 when they overlap)."""
    with np.errstate(invalid="ignore"):
        g = np.where(ahi < blo, blo - ahi, np.where(bhi < alo, alo - bhi, 0.0))
    return np.maximum(g, 0.0)


def evaluate(ops: pd.DataFrame) -> pd.DataFrame:
    """Vectorised verdicts for claim checks. Returns a frame aligned with ``ops``.

    Output columns: rec_lo, rec_hi (recomputed relation, or the implied figure
    for derived rows), verdict, severity, gap_abs, gap_rel (distance to the
    truth interval), loose (true, but the recomputed value lies outside the
    stated figure's reach: 57% said as "more than 40%"), reading (for
    multiples: which reading of "N times" holds: "to" = ratio N, "by" =
    ratio N + 1, "both", "neither").
    """
    kind = ops["kind"].to_numpy(dtype=object)
    col = {c: ops[c].to_numpy(dtype=float) for c in (
        "s_lo", "s_hi", "r_lo", "r_hi", "st_lo", "st_hi", "st_tlo", "st_thi", "st_mlo", "st_mhi", "years")}
    has_s = ~np.isnan(col["s_lo"]) | ~np.isnan(col["s_hi"])
    has_r = ~np.isnan(col["r_lo"]) | ~np.isnan(col["r_hi"])
    both = has_s & has_r

    rec_lo, rec_hi = relation(kind, col["s_lo"], col["s_hi"], col["r_lo"], col["r_hi"], col["years"])
    is_mult = kind == "multiple"

    def holds(lo, hi, stlo, sthi):
        """Overlap test; for multiples, either reading (ratio N, or ratio N + 1) may hold."""
        direct = overlaps(lo, hi, stlo, sthi)
        by = overlaps(lo - 1, hi - 1, stlo, sthi)
        return np.where(is_mult, direct | by, direct), direct, by

    true, to_reading, by_reading = holds(rec_lo, rec_hi, col["st_tlo"], col["st_thi"])
    near, _, _ = holds(rec_lo, rec_hi, col["st_mlo"], col["st_mhi"])
    within_reach, _, _ = holds(rec_lo, rec_hi, col["st_lo"], col["st_hi"])
    computable = both & ~np.isnan(rec_lo) & ~np.isnan(rec_hi)

    d_lo, d_hi = implied(kind, col["s_lo"], col["s_hi"], col["st_lo"], col["st_hi"], col["years"])
    derivable = has_s & ~has_r & ~np.isnan(d_lo)

    verdict = np.select([computable & true, computable, derivable], [CONSISTENT, INCONSISTENT, DERIVED], default=CANNOT)
    severity = np.select([computable & true, computable & near, computable], [NONE, MINOR, MATERIAL], default="")
    # gap to the truth interval, to the nearest reading for multiples
    g_direct = gap(rec_lo, rec_hi, col["st_tlo"], col["st_thi"])
    g_by = gap(rec_lo - 1, rec_hi - 1, col["st_tlo"], col["st_thi"])
    g = np.where(is_mult, np.minimum(g_direct, g_by), g_direct)
    stated_mid = np.where(np.isfinite(col["st_thi"]) & np.isfinite(col["st_tlo"]), (col["st_tlo"] + col["st_thi"]) / 2,
                          np.where(np.isfinite(col["st_tlo"]), col["st_tlo"], col["st_thi"]))
    with np.errstate(invalid="ignore", divide="ignore"):
        g_rel = np.where(np.abs(stated_mid) > 0, g / np.abs(stated_mid), np.nan)
    inconsistent = verdict == INCONSISTENT
    reading = np.where(
        is_mult & computable,
        np.select([to_reading & by_reading, by_reading, to_reading], ["both", "by", "to"], default="neither"),
        "",
    )
    derived = verdict == DERIVED
    return pd.DataFrame(
        {
            "rec_lo": np.where(derived, d_lo, np.where(computable, rec_lo, np.nan)),
            "rec_hi": np.where(derived, d_hi, np.where(computable, rec_hi, np.nan)),
            "verdict": verdict,
            "severity": severity,
            "gap_abs": np.where(inconsistent, g, np.nan),
            "gap_rel": np.where(inconsistent, g_rel, np.nan),
            "loose": computable & true & ~within_reach,
            "reading": reading,
        },
        index=ops.index,
    )


def rate_by_definition(lo, hi, num_lo, num_hi, den_lo, den_hi):
    """A rate defined as 100 × numerator / denominator (a grant rate): (recomputed lo, hi, gap to the stated rate)."""
    qlo, qhi = _div(np.asarray(num_lo, float), np.asarray(num_hi, float), np.asarray(den_lo, float), np.asarray(den_hi, float))
    rlo, rhi = qlo * 100, qhi * 100
    return rlo, rhi, gap(np.asarray(lo, float), np.asarray(hi, float), rlo, rhi)


def grade(gap_abs, tolerance) -> np.ndarray:
    """Severity of generated checks from the gap between intervals: minor within ``tolerance`` (one unit of
    the last written digit of the figures involved), material beyond; none where there is no gap."""
    g = np.asarray(gap_abs, dtype=float)
    t = np.asarray(tolerance, dtype=float)
    return np.where(np.isnan(g) | (g <= 0), NONE, np.where(g <= t * (1 + EPS), MINOR, MATERIAL))


def agreement(lo: np.ndarray, hi: np.ndarray, group: np.ndarray) -> pd.DataFrame:
    """Do intervals that report the same thing share a value? One row per group.

    Returns, per group: max_lo and min_hi (the common part when max_lo <= min_hi),
    n, the verdict and gap_abs (max_lo - min_hi when the intervals do not all overlap).
    """
    f = pd.DataFrame({"g": group, "lo": lo, "hi": hi})
    agg = f.groupby("g", sort=False).agg(max_lo=("lo", "max"), min_hi=("hi", "min"), n=("lo", "size"))
    ok = agg["max_lo"] <= agg["min_hi"] + EPS * np.maximum(1.0, agg["min_hi"].abs())
    agg["verdict"] = np.where(ok, CONSISTENT, INCONSISTENT)
    agg["gap_abs"] = np.where(ok, np.nan, agg["max_lo"] - agg["min_hi"])
    return agg
