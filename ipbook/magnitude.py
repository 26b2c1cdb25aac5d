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


def tests(pts: pd.DataFrame, band: float = PLAUSIBLE_ANNUAL_FACTOR, lean: bool = False,
          points: pd.DataFrame | None = None) -> pd.DataFrame:
    """Spike and step tests for every series.

    ``pts``: one row per point with KEY, t (years, float), v (log10 of the mid value), owner, id, period.
    Returns one row per test: test (spike/step), KEY, run ids, owners (space-separated figures the test
    involves, the tested run's owner first), ids and periods of the points involved, years, resid (log10
    distance for spikes, log10 of the step factor for steps), annual (yearly factor), flagged.

    ``lean``: only test, KEY, resid, flagged and test_id, in the same rows and order: what the diagnosis reads
    of its corrected copies, without joining the texts that name each test's figures and periods (most of the
    time on millions of tested points).

    ``points``: ``tested_points(pts)``, when the caller has it (the ledger reads it again for the calm series).
    """
    cols = ["test", *KEY, "owner", "owners", "ids", "from_id", "to_id", "periods", "from_period", "to_period", "years", "resid",
            "annual", "flagged", "test_id"]
    if pts.empty:
        return pd.DataFrame(columns=cols)
    p = tested_points(pts) if points is None else points
    if p.empty:
        return pd.DataFrame(columns=cols)
    run_no = p["run"].to_numpy()
    # runs as arrays: their first and last points by position (p is in run order), where a groupby over a
    # million runs of one point each took seconds. Plain arrays to the end, one frame at the end: frames per
    # step cost seconds and hundreds of MB of copies at a million tests
    first = np.flatnonzero(np.append(True, run_no[1:] != run_no[:-1]))
    last = np.append(first[1:], len(p)) - 1
    col = {c: p[c].to_numpy() for c in (*KEY, "owner", "t", "v", "id", "period")}
    run = {**{k: col[k][first] for k in KEY}, "owner": col["owner"][first],
           "t_first": col["t"][first], "t_last": col["t"][last], "v_first": col["v"][first], "v_last": col["v"][last],
           "first_id": col["id"][first], "last_id": col["id"][last], "p_first": col["period"][first],
           "p_last": col["period"][last], "n": last - first + 1}
    series = p["_series"].to_numpy()[first]
    has_prev = np.append(False, series[1:] == series[:-1])
    has_next = np.append(series[:-1] == series[1:], False)
    # spikes: runs with a neighbour on each side; steps at either end of a series: between run r and run r + 1
    # when r is first or r + 1 is last
    spike = np.flatnonzero(has_prev & has_next)
    next_is_last = ~np.append(has_next[1:], False)
    step = np.flatnonzero(has_next & (~has_prev | next_is_last))
    if not len(spike) and not len(step):
        return pd.DataFrame(columns=cols)
    t = _spike_stats(p, run, spike)
    years = run["t_first"][step + 1] - run["t_last"][step]
    dv = run["v_first"][step + 1] - run["v_last"][step]
    at = np.concatenate([spike, step])  # the tested run (of a step, its first)
    out = {
        "test": np.array(["spike"] * len(spike) + ["step"] * len(step), dtype=object),
        **{k: run[k][at] for k in KEY},
        "years": np.concatenate([t["years"], years]),
        "resid": np.concatenate([t["resid"], dv]),
        "annual": np.concatenate([np.full(len(spike), np.nan), 10 ** (dv / np.maximum(years, 1.0))]),
        "flagged": np.concatenate([np.abs(t["resid"]) >= SPIKE_LOG10,
                                   (np.abs(dv) / np.maximum(years, 1.0) > np.log10(band)) & (years > 0)]),
        # a spike is named by its own run's periods, a step by the two ends it joins
        "test_id": np.array(test_ids(run["indicator"][at], run["region"][at],
                                      np.concatenate([run["p_first"][spike], run["p_last"][step]]),
                                      np.concatenate([run["p_last"][spike], run["p_first"][step + 1]])),
                            dtype=object),
    }
    if lean:
        cols = ["test", *KEY, "resid", "flagged", "test_id"]
    else:
        out.update(_texts(p, run, spike, step))
    # Python's sort of a list of strings is stable and three times faster than pandas' on a million of them
    ids = out["test_id"].tolist()
    order = np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)
    return pd.DataFrame({c: out[c][order] for c in cols})


def _spike_stats(p: pd.DataFrame, run: dict, spike: np.ndarray) -> dict:
    """years and resid of the spike tests: the mean distance of each inner run's points from the line through
    its neighbours' nearer ends."""
    if not len(spike):
        return {"years": np.empty(0), "resid": np.empty(0)}
    tL, vL = run["t_last"][spike - 1], run["v_last"][spike - 1]
    tR, vR = run["t_first"][spike + 1], run["v_first"][spike + 1]
    # each point of an inner run against the line through its neighbours
    run_of = p["run"].to_numpy() - 1
    pos = np.full(len(run["n"]), -1)
    pos[spike] = np.arange(len(spike))
    on = pos[run_of] >= 0
    k = pos[run_of[on]]
    t_pt, v_pt = p["t"].to_numpy()[on], p["v"].to_numpy()[on]
    span = tR[k] - tL[k]
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(span > 0, (t_pt - tL[k]) / span, 0.5)
    resid = v_pt - (vL[k] + (vR[k] - vL[k]) * w)
    mean = resid[np.searchsorted(k, np.arange(len(spike)))]  # a run of one point: its own distance
    several = run["n"][spike] > 1
    if several.any():
        by_run = pd.Series(resid).groupby(k).mean()
        mean[several] = by_run.to_numpy()[several]
    return {"years": tR - tL, "resid": mean}


def _texts(p: pd.DataFrame, run: dict, spike: np.ndarray, step: np.ndarray) -> dict:
    """The columns that name each test's figures and periods, spikes then steps (see ``tests``)."""
    # the ids of a run, joined only where a run has several (a string join per group is slow on large data)
    ids = run["first_id"].copy()
    multi = np.flatnonzero(run["n"] > 1)
    if len(multi):
        joined = p[p["run"].isin(multi + 1)].groupby("run")["id"].agg(" ".join)
        ids[multi] = joined.reindex(multi + 1).to_numpy()
    owner = run["owner"]
    from_period = np.concatenate([run["p_last"][spike - 1], run["p_last"][step]])
    to_period = np.concatenate([run["p_first"][spike + 1], run["p_first"][step + 1]])
    return {
        "owner": np.concatenate([owner[spike], owner[step]]),
        "owners": np.array(_joined(" ", owner[spike], owner[spike - 1], owner[spike + 1])
                           + _joined(" ", owner[step], owner[step + 1]), dtype=object),
        "ids": np.concatenate([ids[spike], np.array(_joined(" ", ids[step], ids[step + 1]), dtype=object)]),
        "from_id": np.concatenate([run["first_id"][spike], run["last_id"][step]]),
        "to_id": np.concatenate([run["last_id"][spike], run["first_id"][step + 1]]),
        "periods": np.array(_joined("→", from_period, to_period), dtype=object),
        "from_period": from_period, "to_period": to_period,
    }


def tested_points(pts: pd.DataFrame) -> pd.DataFrame:
    """The points the tests compare, sorted by series, time, owner and id: one per period of a series, with
    ``_series`` (the series' number in the order of KEY), ``run`` (numbered from 1 in that order) and ``_at``
    (the point's position in ``pts``).

    Figures for one period that agree (within LOG10_SLACK) stand as one; figures that disagree are left to the
    cross-source check, since a step between them says nothing about the series."""
    # only the columns the tests read, and each series as one integer in the order of its KEY: sorting and
    # comparing a million rows by three text columns was most of the time
    text = KEY + ["owner", "id", "period"]
    p = pts[KEY + ["t", "v", "owner", "id", "period"]].astype({c: object for c in text})
    p = p.assign(_series=p.groupby(KEY, sort=True).ngroup().to_numpy(), _at=np.arange(len(p)))
    p = _sorted_points(p)
    g = p.groupby(["_series", "t"], sort=False)["v"]
    p = p[(g.transform("max") - g.transform("min")) <= LOG10_SLACK]
    p = p.drop_duplicates(["_series", "t"]).reset_index(drop=True)
    series_no = p["_series"].to_numpy()
    # owners compared as the strings they are (never missing: see owner_of), where factorizing a million of
    # them took a third of a second
    owner = p["owner"].to_numpy(dtype=object)
    new_run = np.ones(len(p), dtype=bool)
    new_run[1:] = (series_no[1:] != series_no[:-1]) | (owner[1:] != owner[:-1])
    return p.assign(run=np.cumsum(new_run))


def flagged_tests(pts: pd.DataFrame, lean: pd.DataFrame, band: float = PLAUSIBLE_ANNUAL_FACTOR) -> pd.DataFrame:
    """The flagged rows of ``tests(pts, band)``, with their texts, in its order: the full tests run again only
    on the series where ``lean`` (``tests(pts, band, lean=True)``) flagged something. A series' tests depend
    on its own points alone, and a clean million points has few such series, where the texts of all the
    tests were seconds of joins."""
    hit = lean.loc[lean["flagged"].astype(bool), KEY].drop_duplicates()
    if hit.empty:
        return tests(pts.iloc[:0], band)
    on = pd.MultiIndex.from_frame(pts[KEY].astype(object)).isin(pd.MultiIndex.from_frame(hit.astype(object)))
    full = tests(pts[on], band)
    return full[full["flagged"].astype(bool)].reset_index(drop=True)


def calm_series(pts: pd.DataFrame, lean: pd.DataFrame, points: pd.DataFrame | None = None):
    """(KEY values, ids, their positions in ``pts``) of each series that has tests and none flagged, in the
    order of KEY, with the points its tests compare in the order of their time. ``lean``: ``tests(pts)``, lean
    or not; ``points``: ``tested_points(pts)`` when the caller has it.

    A series has tests when it has two runs or more, and then every run is named by one: the first and last
    by a step, the others by a spike. So its tested points are exactly the ids its tests name, and they are
    in time order with one point per time (``tested_points``)."""
    flagged = set(map(tuple, lean.loc[lean["flagged"].astype(bool), KEY].drop_duplicates().to_numpy(dtype=object).tolist()))
    p = tested_points(pts) if points is None else points
    if p.empty:
        return
    series_no, run_no = p["_series"].to_numpy(), p["run"].to_numpy()
    first = np.flatnonzero(np.append(True, series_no[1:] != series_no[:-1]))
    bounds = np.append(first, len(p))
    runs = run_no[bounds[1:] - 1] - run_no[first] + 1
    keys = zip(*(p[k].to_numpy(dtype=object)[first].tolist() for k in KEY))
    ids, at = p["id"].tolist(), p["_at"].to_numpy()
    for g, key in enumerate(keys):
        if runs[g] > 1 and key not in flagged:
            yield key, ids[bounds[g]:bounds[g + 1]], at[bounds[g]:bounds[g + 1]]


def _joined(sep: str, *columns) -> list[str]:
    """Row by row, the columns' texts joined by ``sep`` (a list comprehension: pandas adds columns of Python
    strings a pair at a time, each pass a new array, several times slower on a million rows)."""
    return [sep.join(parts) for parts in zip(*(_plain(c) for c in columns))]


def test_ids(indicator, region, first, last) -> list[str]:
    """The id of each test from its series and the periods it spans (the diagnosis names a window's cut steps so)."""
    return [f"magnitude:{i}:{r}:{a}..{b}" for i, r, a, b in zip(*(_plain(c) for c in (indicator, region, first, last)))]


def _plain(c) -> list:
    return c.tolist() if hasattr(c, "tolist") else list(c)


def _sorted_points(p: pd.DataFrame) -> pd.DataFrame:
    """``p`` sorted by series, time, owner and id: numerically by (series, t), then by the text columns only
    within the few (series, t) that hold several points (sorting a million rows by two text columns took
    seconds)."""
    p = p.iloc[np.lexsort((p["t"].to_numpy(), p["_series"].to_numpy()))]
    tied = p.duplicated(["_series", "t"], keep=False).to_numpy()
    if tied.any():
        # the tied rows sit in blocks, one per (series, t) in order; sorting them by all four keys keeps the
        # blocks in that order and orders each block. By position, not label: the diagnosis passes corrected
        # copies of many series in one frame, whose labels repeat, and .loc would pull in every row of a label
        at = np.arange(len(p))
        at[tied] = p[tied].assign(_at=at[tied]).sort_values(["_series", "t", "owner", "id"])["_at"].to_numpy()
        p = p.iloc[at]
    return p


def power_of_ten(resid: float) -> int:
    """The power of ten a log10 distance is close to (0 when it is not within LOG10_SLACK of one)."""
    k = int(round(resid))
    return k if k != 0 and abs(resid - k) <= LOG10_SLACK else 0
