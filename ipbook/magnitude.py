"""Magnitude checks along a series: is a figure where its neighbours say it should be?

A series is one indicator in one region over periods of one shape, with the
reported levels and the levels implied by stated growth rates. Each point
belongs to a *figure*: a reported level owns itself, an implied level belongs
to the reported figure it was computed from (the 2018 revenue implied by
"21 billion, up 13.2%" moves with the 21 billion). Consecutive points of one
figure form a *run*, and the tests are about runs, not single steps:

* **spike** (a run with neighbours on both sides): the mean distance, in
  powers of ten, between the run and the log-linear line through its two
  neighbours. At ``SPIKE_LOG10`` or more (a factor of about 7) the figure is
  out of line whatever the time between them: a ×10 figure with neighbours
  four years away is a spike, although its yearly change looks ordinary.
* **step** (the first or last run of a series, which has one neighbour): the
  yearly factor of the step must lie inside the plausible band
  (``PLAUSIBLE_ANNUAL_FACTOR`` either way).

Several figures for one period count once when they agree; when they do not,
that period is left to the cross-source check.

``tests`` computes these for all series at once; ``diagnose`` recomputes them
for one series with one figure corrected.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# A yearly change larger than this factor (up or down) is implausible for these statistics.
PLAUSIBLE_ANNUAL_FACTOR = 3.0
# A figure whose log10 lies within LOG10_SLACK of an integer k != 0 away from its neighbours is off by 10^k.
LOG10_SLACK = 0.15
# A run this far (in log10) from the line through its neighbours is out of line: 1 - LOG10_SLACK.
SPIKE_LOG10 = 1 - LOG10_SLACK

KEY = ["indicator", "region", "shape"]


def owner_of(point_ids: pd.Series, implied_subject: dict[str, str]) -> pd.Series:
    """The reported figure each point belongs to (an implied point: the observation its claim started from)."""
    owner = point_ids.map(lambda i: implied_subject.get(i, i) if i.startswith("implied:") else i)
    return owner.where(owner != "", point_ids)


def tests(pts: pd.DataFrame, band: float = PLAUSIBLE_ANNUAL_FACTOR) -> pd.DataFrame:
    """Spike and step tests for every series.

    ``pts``: one row per point with KEY, t (years, float), v (log10 of the mid value), owner, id, period.
    Returns one row per test: test (spike/step), KEY, run ids, owners (space-separated figures the test
    involves, the tested run's owner first), ids and periods of the points involved, years, resid (log10
    distance for spikes, log10 of the step factor for steps), annual (yearly factor), flagged.
    """
    cols = ["test", *KEY, "owner", "owners", "ids", "from_id", "to_id", "periods", "from_period", "to_period", "years", "resid",
            "annual", "flagged", "test_id"]
    if pts.empty:
        return pd.DataFrame(columns=cols)
    # One point per period. Figures for one period that agree (within LOG10_SLACK) stand as one; figures that
    # disagree are left to the cross-source check, since a step between them says nothing about the series.
    # only the columns the tests read, and each series as one integer in the order of its KEY: sorting and
    # comparing a million rows by three text columns was most of the time
    text = KEY + ["owner", "id", "period"]
    p = pts[KEY + ["t", "v", "owner", "id", "period"]].astype({c: object for c in text})
    p = p.assign(_series=p.groupby(KEY, sort=True).ngroup().to_numpy())
    p = _sorted_points(p)
    g = p.groupby(["_series", "t"], sort=False)["v"]
    p = p[(g.transform("max") - g.transform("min")) <= LOG10_SLACK]
    p = p.drop_duplicates(["_series", "t"]).reset_index(drop=True)
    if p.empty:
        return pd.DataFrame(columns=cols)
    series_no = p["_series"].to_numpy()
    owner_no = pd.factorize(p["owner"].astype(object))[0]
    new_run = np.ones(len(p), dtype=bool)
    new_run[1:] = (series_no[1:] != series_no[:-1]) | (owner_no[1:] != owner_no[:-1])
    p["run"] = np.cumsum(new_run)
    runs = p.groupby("run", sort=True).agg(
        **{k: (k, "first") for k in KEY}, owner=("owner", "first"), t_first=("t", "first"), t_last=("t", "last"),
        v_first=("v", "first"), v_last=("v", "last"), first_id=("id", "first"), last_id=("id", "last"),
        p_first=("period", "first"), p_last=("period", "last"), n=("id", "size"))
    # the ids of a run, joined only where a run has several (a string join per group is slow on large data)
    runs["ids"] = runs["first_id"]
    multi = runs.index[runs["n"] > 1]
    if len(multi):
        runs.loc[multi, "ids"] = p[p["run"].isin(multi)].groupby("run")["id"].agg(" ".join)
    runs["series"] = p.groupby("run", sort=True)["_series"].first().to_numpy()
    prev = runs.shift(1)
    nxt = runs.shift(-1)
    has_prev = (prev["series"] == runs["series"]).to_numpy()
    has_next = (nxt["series"] == runs["series"]).to_numpy()
    out = []

    # spikes: runs with a neighbour on each side
    inner = runs[has_prev & has_next].copy()
    if not inner.empty:
        pr, nx = prev[has_prev & has_next], nxt[has_prev & has_next]
        inner["tL"], inner["vL"], inner["oL"], inner["pL"] = pr["t_last"], pr["v_last"], pr["owner"], pr["p_last"]
        inner["tR"], inner["vR"], inner["oR"], inner["pR"] = nx["t_first"], nx["v_first"], nx["owner"], nx["p_first"]
        pp = p[p["run"].isin(inner.index)].join(inner[["tL", "vL", "tR", "vR"]], on="run")
        span = (pp["tR"] - pp["tL"]).to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            w = np.where(span > 0, (pp["t"] - pp["tL"]).to_numpy() / span, 0.5)
        pp["resid"] = pp["v"] - (pp["vL"] + (pp["vR"] - pp["vL"]) * w)
        inner["resid"] = pp.groupby("run")["resid"].mean()
        inner["years"] = inner["tR"] - inner["tL"]
        inner["annual"] = np.nan
        inner["flagged"] = inner["resid"].abs() >= SPIKE_LOG10
        inner["test"] = "spike"
        inner["owners"] = inner["owner"] + " " + inner["oL"] + " " + inner["oR"]
        inner["from_period"], inner["to_period"] = inner["pL"], inner["pR"]
        inner["from_id"], inner["to_id"] = inner["first_id"], inner["last_id"]
        inner["test_id"] = ("magnitude:" + inner["indicator"] + ":" + inner["region"] + ":" + inner["p_first"]
                            + ".." + inner["p_last"])
        out.append(inner)

    # steps at either end of a series: between run r and run r + 1 when r is first or r + 1 is last
    next_is_last = ~np.append(has_next[1:], False)
    step_from = has_next & (~has_prev | next_is_last)
    st = runs[step_from].copy()
    if not st.empty:
        nx = nxt[step_from]
        years = (nx["t_first"] - st["t_last"]).to_numpy()
        dv = (nx["v_first"] - st["v_last"]).to_numpy()
        st["years"] = years
        st["resid"] = dv
        st["annual"] = 10 ** (dv / np.maximum(years, 1.0))
        st["flagged"] = (np.abs(dv) / np.maximum(years, 1.0) > np.log10(band)) & (years > 0)
        st["test"] = "step"
        st["owners"] = st["owner"] + " " + nx["owner"]
        st["ids"] = st["ids"] + " " + nx["ids"]
        st["from_period"], st["to_period"] = st["p_last"], nx["p_first"]
        st["from_id"], st["to_id"] = st["last_id"], nx["first_id"]
        st["test_id"] = "magnitude:" + st["indicator"] + ":" + st["region"] + ":" + st["p_last"] + ".." + nx["p_first"]
        out.append(st)
    if not out:
        return pd.DataFrame(columns=cols)
    res = pd.concat(out, ignore_index=True)
    res["periods"] = res["from_period"] + "→" + res["to_period"]
    # Python's sort of a list of strings is stable and three times faster than pandas' on a million of them
    ids = res["test_id"].tolist()
    return res[cols].iloc[sorted(range(len(ids)), key=ids.__getitem__)].reset_index(drop=True)


def _sorted_points(p: pd.DataFrame) -> pd.DataFrame:
    """``p`` sorted by series, time, owner and id: numerically by (series, t), then by the text columns only
    within the few (series, t) that hold several points (sorting a million rows by two text columns took
    seconds)."""
    p = p.iloc[np.lexsort((p["t"].to_numpy(), p["_series"].to_numpy()))]
    tied = p.duplicated(["_series", "t"], keep=False).to_numpy()
    if tied.any():
        # the tied rows sit in blocks, one per (series, t) in order; sorting them by all four keys keeps the
        # blocks in that order and orders each block
        index = p.index.to_numpy().copy()
        index[tied] = p[tied].sort_values(["_series", "t", "owner", "id"]).index.to_numpy()
        p = p.loc[index]
    return p


def power_of_ten(resid: float) -> int:
    """The power of ten a log10 distance is close to (0 when it is not within LOG10_SLACK of one)."""
    k = int(round(resid))
    return k if k != 0 and abs(resid - k) <= LOG10_SLACK else 0
