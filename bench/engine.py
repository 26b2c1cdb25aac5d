"""Benchmark: the consistency engine (check.evaluate) over synthetic checks.

Prints seconds and peak memory for N checks of every claim kind, with
operands written at random precisions and qualifiers, so that all verdict
branches are exercised. Run in a fresh process per size so that peak memory
(ru_maxrss) belongs to that size alone: ``python bench/engine.py 1000000``.
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np
import pandas as pd

from ipbook import check, number


def synthetic(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    kinds = np.array(check.CLAIM_KINDS, dtype=object)[rng.integers(0, len(check.CLAIM_KINDS), n)]
    ref = rng.uniform(10, 1000, n)
    growth = rng.normal(0.15, 0.2, n)
    subj = ref * (1 + growth)
    quals = np.array(["exact", "more than", "nearly", "about"], dtype=object)[rng.integers(0, 4, n)]

    def written(x, decimals):
        return pd.Series(np.round(x, decimals)).astype(str)

    s_num, s_step, s_round = number.parse_values(written(subj, 1))
    r_num, r_step, r_round = number.parse_values(written(ref, 1))
    stated = np.select(
        [kinds == "share", np.isin(kinds, ["ratio"]), kinds == "multiple", np.isin(kinds, ["pp_difference", "absolute_change"])],
        [subj / ref * 100, subj / ref, subj / ref - 1, subj - ref],
        default=growth * 100,
    )
    stated = stated * (1 + rng.normal(0, 0.01, n))  # statements off by about 1%, some beyond rounding
    st_num, st_step, st_round = number.parse_values(written(stated, 1))
    s_lo, s_hi = number.bounds(s_num, s_step, s_round, quals)
    r_lo, r_hi = number.bounds(r_num, r_step, r_round, ["exact"] * n)
    st_lo, st_hi = number.bounds(st_num, st_step, st_round, quals)
    st_tlo, st_thi = number.truth_bounds(st_num, st_step, st_round, quals)
    st_mlo, st_mhi = number.minor_bounds(st_num, st_step, st_tlo, st_thi)
    missing = rng.random(n) < 0.05  # a reference not reported
    r_lo[missing] = np.nan
    r_hi[missing] = np.nan
    return pd.DataFrame({
        "kind": kinds, "s_lo": s_lo, "s_hi": s_hi, "r_lo": r_lo, "r_hi": r_hi,
        "st_lo": st_lo, "st_hi": st_hi, "st_tlo": st_tlo, "st_thi": st_thi, "st_mlo": st_mlo, "st_mhi": st_mhi,
        "years": np.where(kinds == "cagr", 1.0, np.nan),
    })


def main(n: int) -> None:
    ops = synthetic(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    res = check.evaluate(ops)
    secs = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = res["verdict"].value_counts().to_dict()
    grades = res["severity"].value_counts().to_dict()
    print(f"checks={n} seconds={secs:.3f} peak_rss_mb={peak_mb:.0f} rss_before_mb={before / 1024:.0f} verdicts={counts} "
          f"severities={grades}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
