"""Diagnosis: which figure is wrong, by what factor, and what it should have been.

statcheck's ``diagnose()`` tests the usual causes of an error one by one and
names the one that explains it. For official statistics in translation the
usual cause is a power of ten: 亿 (100 million) read as billion, 万 (10,000)
as thousand, a zero lost or added. The policy:

1. **Candidates.** Every reported figure that a material check involves (for
   an implied level, the figure it was implied from), each multiplied by
   10^k for k in ±1…±``MAX_POWER``.
2. **Evidence.** For each candidate, every check that touches the figure is
   recomputed with the figure corrected: stated relations, the same figure in
   other sources, parts within wholes (``part_of``, ``subset_of``), rates
   defined from two figures (``ratio_of``) and the figure's place in its
   series (``magnitude``). A check is *resolved* when it
   was material and no longer is, *broken* when it was not material and
   becomes so.
3. **Choice.** A correction that breaks any check is rejected. Among the
   rest, the one that resolves most checks wins; then the one that leaves
   the figure's series smoothest (100, 1500, 220 is put right by 1500 -> 150,
   not by 100 -> 1000); then the smallest power (a one-sided test such as
   part <= whole is also passed by ×100, and 100, 1500, 220 is as smooth as
   10,000, 1,500, 220). When two corrections of
   figures from different releases explain the data equally well, the figure
   from the earlier release is the suspect (later releases revise earlier
   ones; the same rule as in ``reconcile``). When they are from the same
   release, the diagnosis names both and no suspect: the text cannot say
   which one is wrong.

Cost: one small recomputation per candidate, over the checks that touch the
candidate figure (found through indexes), so the time grows with the number
of material checks, not with the square of the number of checks. A figure's
place in its series is recomputed on a window of a few points around it
(``_Window``), not on the whole series, which grows with the data.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import check, kinds, magnitude, number

MAX_POWER = 4
COLUMNS = ["suspect", "factor", "corrected", "diagnosis", "candidates"]


@dataclass
class Evidence:
    """Everything the checks were computed from, indexed by figure."""

    ops: pd.DataFrame  # claim operands with verdicts (operands.resolve + check.evaluate)
    lv: pd.DataFrame  # levels (operands.levels_frame)
    pts: pd.DataFrame  # series points with owners (operands.series_points)
    pairs: pd.DataFrame  # scope pairs (generated.scope_pairs)
    triples: pd.DataFrame  # rates and the figures they are defined from (generated.identity_triples)
    tests: pd.DataFrame  # magnitude tests of every series (magnitude.tests(pts))
    release: dict[str, str]  # source id -> publication date (ISO prefix)
    band: float

    def __post_init__(self):
        tested = self.ops[self.ops["verdict"].isin([check.CONSISTENT, check.INCONSISTENT])]
        self.claims_of = _index(pd.concat([tested[["s_id"]].rename(columns={"s_id": "fig"}).assign(row=tested.index),
                                           tested[["r_id"]].rename(columns={"r_id": "fig"}).assign(row=tested.index)]))
        # figures reported more than once for one indicator, region and period (vectorised: a row-wise join
        # over a million levels took a minute)
        multi = self.lv.duplicated(["indicator", "region", "period"], keep=False).to_numpy(bool)
        sub = self.lv[multi]
        key = (sub["indicator"].astype(object) + "|" + sub["region"].astype(object) + "|" + sub["period"].astype(object))
        self.group_key = dict(zip(sub["id"].tolist(), key.tolist()))
        self.group_members = sub.assign(_k=key).groupby("_k")["id"].apply(list).to_dict()
        self.pairs_of = _index(pd.concat([self.pairs[["id"]].rename(columns={"id": "fig"}).assign(row=self.pairs.index),
                                          self.pairs[["id_whole"]].rename(columns={"id_whole": "fig"}).assign(row=self.pairs.index)]))
        tr = self.triples
        self.triples_of = _index(pd.concat([tr[[c]].rename(columns={c: "fig"}).assign(row=tr.index)
                                            for c in ("id", "id_num", "id_den")])) if len(tr) else {}
        # the series each figure's points lie on, looked up for the few figures a diagnosis tries
        self._owner_pos = _Positions(self.pts["owner"])
        self._owner_keys = self.pts[magnitude.KEY]
        self._series_of: dict[str, list[tuple]] = {}
        # each series as the positions of its points in pts (one take per batch of corrections, where a frame per
        # series and a copy per correction cost about a millisecond each)
        self.series_pos = self.pts.groupby(magnitude.KEY, sort=False).indices
        # the series with a figure out of line: only there can a correction resolve a magnitude test
        t = self.tests
        self.flagged_series = set(map(tuple, t.loc[t["flagged"].astype(bool), magnitude.KEY].drop_duplicates().to_numpy()))
        self._tests_at: dict[tuple, np.ndarray] | None = None
        self._tested: dict[tuple, _Tested] = {}
        self._timelines: dict[tuple, _Timeline | None] = {}
        # each point's time within its series (its place among the series' distinct times), set per timeline
        self._time_no = np.full(len(self.pts), -1, dtype=np.int64)
        self._t, self._v = (self.pts[c].to_numpy(dtype=float) for c in ("t", "v"))
        self._period = self.pts["period"].to_numpy(dtype=object)
        self.lv_by_id = self.lv.set_index("id")
        self._figures: dict[str, pd.Series] = {}


    def series_of(self, fig: str) -> list[tuple]:
        """The series (magnitude.KEY) on which ``fig`` owns a point, in the order of the points."""
        if fig not in self._series_of:
            self.find_series([fig])
        return self._series_of[fig]

    def find_series(self, figs) -> None:
        """``series_of`` for many figures at once: one take of the key columns for all their points (a take
        per figure cost about a millisecond of pandas overhead, seconds over a diagnosis of thousands)."""
        figs = [f for f in dict.fromkeys(figs) if f not in self._series_of]
        if not figs:
            return
        at = [self._owner_pos.get(f) for f in figs]
        rows = self._owner_keys.iloc[np.concatenate(at)]
        keys = list(zip(*(rows[c].tolist() for c in magnitude.KEY)))
        start = 0
        for f, a in zip(figs, at):
            self._series_of[f] = list(dict.fromkeys(keys[start:start + len(a)]))
            start += len(a)

    def tested(self, key: tuple) -> _Tested:
        """The tests of one series before any correction, read from ``tests`` (computed once for all series)."""
        if key not in self._tested:
            if self._tests_at is None:
                # the columns read as arrays once: a row selection of the whole frame per series took seconds
                self._tests_at = self.tests.groupby(magnitude.KEY, sort=False).indices
                self._test_cols = (self.tests["test_id"].to_numpy(dtype=object), self.tests["flagged"].to_numpy(dtype=bool),
                                   _spike_terms(self.tests))
            at = self._tests_at.get(key, np.empty(0, dtype=np.intp))
            ids, flags, terms = (c[at] for c in self._test_cols)
            self._tested[key] = _Tested(ids.tolist(), flags.tolist(), terms)
        return self._tested[key]

    def figure(self, fig: str) -> pd.Series:
        """The level ``fig`` as a row of lv (looked up once: a lookup costs about 0.3 ms, and a diagnosis names
        each figure several times)."""
        if fig not in self._figures:
            self._figures[fig] = self.lv_by_id.loc[fig]
        return self._figures[fig]

    def timeline(self, key: tuple) -> _Timeline | None:
        """The series' points in time order, and where a window may be cut (None: no window, test it whole)."""
        if key not in self._timelines:
            self._timelines[key] = _Timeline.of(self, key) if self.tested(key).unique else None
        return self._timelines[key]

    def window(self, fig: str) -> _Window | None:
        """The points whose tests a correction of ``fig`` can change (None: test fig's series whole, as for a
        figure on two series, whose tests are merged and ordered across them)."""
        series = self.series_of(fig)
        line = self.timeline(series[0]) if len(series) == 1 else None
        return line.around(self, fig) if line is not None else None


class _Positions:
    """Value -> the positions where it occurs in a column, in order: one factorize and one sort, then a slice
    per lookup (a dict of a million lists would cost more than the diagnosis it serves)."""

    def __init__(self, values: pd.Series):
        codes, names = pd.factorize(values.astype(object), use_na_sentinel=False)
        self.codes = codes  # the value at each position, as an integer
        self.code = dict(zip(names.tolist(), range(len(names))))
        self.order = np.argsort(codes, kind="stable")
        self.bounds = np.searchsorted(codes[self.order], np.arange(len(names) + 1))

    def get(self, value) -> np.ndarray:
        c = self.code.get(value)
        return self.order[self.bounds[c]:self.bounds[c + 1]] if c is not None else self.order[:0]


def _index(f: pd.DataFrame) -> dict[str, list]:
    """Figure id -> the rows that name it (built in one pass: a groupby.apply per figure is slow on large data)."""
    out: dict[str, list] = {}
    for fig, row in zip(f["fig"], f["row"]):
        if fig:
            rows = out.setdefault(fig, [])
            if row not in rows:
                rows.append(row)
    return out


def _material(sev) -> np.ndarray:
    return np.asarray(sev) == check.MATERIAL


def _local_outcomes(ev: Evidence, jobs: list[tuple[str, int]]) -> dict[tuple[str, int], dict[str, tuple[bool, bool]]]:
    """For each correction (fig, k): the stated relations, cross-source groups, scopes and identities touching
    ``fig``, before and after multiplying it by 10^k (check id -> (material before, material after)).

    The stated relations of all the corrections are recomputed in one call of check.evaluate, each correction
    with its own copy of the rows (evaluate works row by row): one call per correction cost about a millisecond
    of pandas overhead, which dominated when 1% of the figures are out of line."""
    results: dict[tuple[str, int], dict[str, tuple[bool, bool]]] = {job: {} for job in jobs}
    copies = [(j, row) for j, (fig, _) in enumerate(jobs) for row in ev.claims_of.get(fig, [])]
    if copies:
        job_no = np.fromiter((j for j, _ in copies), dtype=np.int64, count=len(copies))
        ops = ev.ops.loc[[row for _, row in copies]]
        fig_of = np.array([fig for fig, _ in jobs], dtype=object)[job_no]
        f = np.array([10.0 ** k for _, k in jobs])[job_no]
        ops = ops.assign(**{f"{side}_{c}": np.where((ops[f"{side}_id"].to_numpy(dtype=object) == fig_of),
                                                    ops[f"{side}_{c}"].to_numpy(dtype=float) * f,
                                                    ops[f"{side}_{c}"].to_numpy(dtype=float))
                            for side in ("s", "r") for c in ("lo", "hi")})
        after = _material(check.evaluate(ops)["severity"]).tolist()
        before = _material(ops["severity"]).tolist()
        cids = [f"{kind}:{i}" for kind, i in zip(ops["kind"].tolist(), ops["id"].tolist())]
        for j, cid, b, a in zip(job_no.tolist(), cids, before, after):
            results[jobs[j]][cid] = (b, a)
    for fig, k in jobs:
        if fig in ev.group_key or fig in ev.pairs_of or fig in ev.triples_of:
            _generated_outcomes(ev, fig, k, results[fig, k])
    return results


def _generated_outcomes(ev: Evidence, fig: str, k: int, out: dict[str, tuple[bool, bool]]) -> None:
    """The cross-source groups, scopes and identities touching ``fig``, before and after the correction, added to
    ``out``: each a handful of rows, evaluated directly."""
    f = 10.0 ** k
    if fig in ev.group_key:
        g = ev.lv_by_id.loc[ev.group_members[ev.group_key[fig]]]
        scale = np.where(g.index == fig, f, 1.0)
        tol = g["unit_step"].max()
        before = check.grade(g["lo"].max() - g["hi"].min(), tol).item()
        after = check.grade((g["lo"] * scale).max() - (g["hi"] * scale).min(), tol).item()
        out["cross_source:" + ev.group_key[fig].replace("|", ":")] = (before == check.MATERIAL, after == check.MATERIAL)
    for row in ev.pairs_of.get(fig, []):
        p = ev.pairs.loc[row]
        tol = max(p["unit_step"], p["unit_step_whole"])
        part_lo, whole_hi = p["lo"] * (f if p["id"] == fig else 1), p["hi_whole"] * (f if p["id_whole"] == fig else 1)
        out[f"scope:{p['id']}:{p['id_whole']}"] = (check.grade(p["lo"] - p["hi_whole"], tol).item() == check.MATERIAL,
                                                    check.grade(part_lo - whole_hi, tol).item() == check.MATERIAL)
    for row in ev.triples_of.get(fig, []):
        t = ev.triples.loc[row]
        sc = {c: (f if t[f"id{c}"] == fig else 1.0) for c in ("", "_num", "_den")}
        _, _, g = check.rate_by_definition([t["lo"] * sc[""]], [t["hi"] * sc[""]], [t["lo_num"] * sc["_num"]],
                                           [t["hi_num"] * sc["_num"]], [t["lo_den"] * sc["_den"]], [t["hi_den"] * sc["_den"]])
        out[f"identity:{t['id']}"] = (check.grade(t["gap"], t["unit_step"]).item() == check.MATERIAL,
                                      check.grade(g, t["unit_step"] * sc[""]).item() == check.MATERIAL)


def _needs_series(ev: Evidence, fig: str, out: dict) -> bool:
    """Whether the magnitude tests of ``fig``'s series can matter: when nothing else the correction touches gets
    resolved and none of its series has a figure out of line, the correction cannot be chosen (and the series
    tests are the slow part)."""
    return any(b and not a for b, a in out.values()) or any(key in ev.flagged_series for key in ev.series_of(fig))


# A region (or shape) written with this suffix is one correction's copy of a series; NUL never occurs in the data
# (the files are refused when they hold one), so the copies cannot meet a real series.
_COPY = "\x00"
# Corrected series evaluated in one call of magnitude.tests, at most this many points: one call per correction
# cost about 20 ms of pandas overhead each, which made a data set with 1% of its figures out of line take minutes.
_BATCH_POINTS = 200_000


@dataclass
class _Tested:
    """One series' magnitude tests before any correction, row by row in magnitude.tests' order (by test id)."""

    ids: list[str]
    flags: list[bool]
    spike: np.ndarray  # each row's term of the roughness: |resid| of a spike, 0.0 for a step

    def __post_init__(self):
        self.by_id = dict(zip(self.ids, self.flags))  # a test id met twice counts as its later test
        self.flagged = {tid for tid, f in self.by_id.items() if f}
        self.unique = len(self.by_id) == len(self.ids)

    def roughness(self, removed, added: dict[str, float]) -> float:
        """The roughness of the series once the tests ``removed`` are taken out and those ``added`` (id -> term)
        put in, each in its place by id: numpy's sum over the terms in the order of magnitude.tests' rows, as a
        full re-test sums them. numpy sums pairwise, so another order (or the sum before corrected by the
        difference) could differ in the last bit, and the roughness is compared to choose between corrections."""
        gone = sorted(bisect.bisect_left(self.ids, tid) for tid in removed)
        new = sorted(added)
        # where each new test goes among the rows left once ``gone`` are taken out
        at = [i - bisect.bisect_left(gone, i) for i in (bisect.bisect_left(self.ids, tid) for tid in new)]
        return float(np.insert(np.delete(self.spike, gone), at, [added[tid] for tid in new]).sum())


def _spike_terms(t: pd.DataFrame) -> np.ndarray:
    """Each test's term of its series' roughness: |resid| of a spike, 0.0 for a step."""
    return np.where(t["test"].to_numpy() == "spike", np.abs(t["resid"].to_numpy(dtype=float)), 0.0)


@dataclass
class _Window:
    """The points of a series whose tests a correction of one figure can change, tested on their own.

    The tests of a series are about runs (consecutive points of one owner) and the points next to them, after
    dropping the times whose figures disagree. A correction moves the figure's own points and can drop or keep
    the times it shares with other figures, which can join or split the runs around them; it cannot change
    anything beyond an *anchor*: three times in a row, each with a single point of finite value (kept by the
    tests whatever is corrected) and each of another owner than the one before. So the window runs from the
    middle time of the last anchor before the figure's first point to the middle time of the first anchor after
    its last point (or to the series' ends). Every spike in the window is then a spike of the series, with the
    same points and neighbours, and every test the correction can change is a spike in the window or a step at
    an end of the series that the window reaches. What the window has and the series does not: the step at a
    cut end (from the anchor's middle point to the next), which the series has only when the window is two runs
    (no spike) and its other end is the series' end."""

    key: tuple
    pos: np.ndarray  # positions in pts of the window's points
    cut: list[str]  # the test ids of the steps at its cut ends

    def kept(self, test: list[str], ids: list[str], flags: list[bool], terms: list[float]) -> dict[str, tuple[bool, float]]:
        """The window's tests that the series has too (id -> (flagged, roughness term)), from its own tests."""
        drop = set(self.cut) if "spike" in test else set()
        return {tid: (f, x) for tid, f, x in zip(ids, flags, terms) if tid not in drop}


@dataclass
class _Timeline:
    """A series' points in time order, and its anchors (see _Window)."""

    key: tuple
    pos: np.ndarray  # positions in pts of the series' points, by time
    start: np.ndarray  # where each distinct time's points begin in pos, then len(pos)
    anchor: np.ndarray  # j where times j, j + 1 and j + 2 make an anchor

    @classmethod
    def of(cls, ev: Evidence, key: tuple) -> _Timeline | None:
        at = ev.series_pos[key]
        order = np.argsort(ev._t[at], kind="stable")
        pos, t = at[order], ev._t[at][order]
        if np.isnan(t).any():  # where the tests put a point without a time is not worth working out
            return None
        new = np.append(True, t[1:] != t[:-1])
        ev._time_no[pos] = np.cumsum(new) - 1
        start = np.append(np.flatnonzero(new), len(pos))
        first = pos[start[:-1]]
        solid = (np.diff(start) == 1) & np.isfinite(ev._v[first])
        owner = ev._owner_pos.codes[first]
        # a boundary between runs between times i and i + 1, whatever a correction elsewhere does
        edge = solid[:-1] & solid[1:] & (owner[:-1] != owner[1:])
        return cls(key, pos, start, np.flatnonzero(edge[:-1] & edge[1:]))

    def around(self, ev: Evidence, fig: str) -> _Window:
        """The window of a correction of ``fig`` (whose points all lie on this series)."""
        times = ev._time_no[ev._owner_pos.get(fig)]
        last_time = len(self.start) - 2
        i = np.searchsorted(self.anchor, times.min() - 3, side="right") - 1
        j = np.searchsorted(self.anchor, times.max() + 1)
        a = self.anchor[i] + 1 if i >= 0 else 0
        b = self.anchor[j] + 1 if j < len(self.anchor) else last_time
        cut = [self.step_id(ev, x, x + 1) for x, open_end in ((a, i >= 0), (b - 1, j < len(self.anchor))) if open_end]
        return _Window(self.key, self.pos[self.start[a]:self.start[b + 1]], cut)

    def step_id(self, ev: Evidence, a: int, b: int) -> str:
        """The test id of a step from the point of time a to the point of time b (times with one point each)."""
        period = [ev._period[self.pos[self.start[x]]] for x in (a, b)]
        return magnitude.test_ids([self.key[0]], [self.key[1]], [period[0]], [period[1]])[0]


def _series_outcomes(ev: Evidence, jobs: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[dict, Callable[[], float]]]:
    """For each correction (fig, k): the magnitude tests of fig's series flagged before or after multiplying fig
    by 10^k (test_id -> (before, after); tests flagged neither time are left out, as they neither resolve nor
    break anything), and a function giving the series' roughness after it (computed only for the corrections
    kept: it costs a pass over the series). A correction is tested on its window (_Window); a figure on two
    series, or on a series that has no windows, has its series tested whole."""
    windows = {fig: ev.window(fig) for fig in dict.fromkeys(fig for fig, _ in jobs)}
    done = _window_outcomes(ev, [job for job in jobs if windows[job[0]] is not None], windows)
    done |= _whole_outcomes(ev, [job for job in jobs if windows[job[0]] is None])
    return {job: done[job] for job in jobs}


def _window_outcomes(ev: Evidence, jobs: list[tuple[str, int]], windows: dict[str, _Window]) -> dict:
    """_series_outcomes by windows: each figure's window tested once as it is and once per correction, together."""
    figs = list(dict.fromkeys(fig for fig, _ in jobs))
    copies = [(windows[fig].pos, None, 0) for fig in figs] + [(windows[fig].pos, fig, k) for fig, k in jobs]
    of_copy = [windows[fig] for fig in figs] + [windows[fig] for fig, _ in jobs]
    kept = []
    for first, t, bounds in _tested_copies(ev, copies, "shape"):
        cols = (t["test"].tolist(), t["test_id"].astype(object).tolist(), t["flagged"].astype(bool).tolist(), _spike_terms(t).tolist())
        for j, (a, b) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist())):
            kept.append(of_copy[first + j].kept(*(c[a:b] for c in cols)))
    before = dict(zip(figs, kept))
    return {(fig, k): _corrected(ev.tested(windows[fig].key), before[fig], after) for (fig, k), after in zip(jobs, kept[len(figs):])}


def _corrected(tested: _Tested, before: dict[str, tuple[bool, float]], after: dict[str, tuple[bool, float]]) -> tuple[dict, Callable[[], float]]:
    """A correction's outcome on its series from its window's tests before and after it: the series' tests with
    the window's replaced."""
    flagged = (tested.flagged - before.keys()) | {tid for tid, (f, _) in after.items() if f}
    out = {tid: (tid in tested.flagged, tid in flagged) for tid in tested.flagged | flagged}
    return out, functools.partial(tested.roughness, before.keys(), {tid: x for tid, (_, x) in after.items()})


def _whole_outcomes(ev: Evidence, jobs: list[tuple[str, int]]) -> dict:
    """_series_outcomes by testing a corrected copy of every series of the figure."""
    none = np.empty(0, dtype=np.intp)  # a figure on no series (its checks are all relations) has no tests
    copies = [(np.concatenate([none, *(ev.series_pos[key] for key in ev.series_of(fig))]), fig, k) for fig, k in jobs]
    results = {}

    def before_of(fig: str) -> dict[str, bool]:
        """The tests of fig's series flagged before the correction (a test id met on two series: the later one)."""
        merged = {tid: f for key in ev.series_of(fig) for tid, f in ev.tested(key).by_id.items()}
        return {tid: True for tid, f in merged.items() if f}

    for first, t, bounds in _tested_copies(ev, copies, "region"):
        test_id = t["test_id"].to_numpy(dtype=object)
        flagged = t["flagged"].to_numpy(dtype=bool)
        spike = _spike_terms(t)
        # a test id met twice in one job (on two of its series) counts as its later test, as a dict built row by
        # row would have it; otherwise the flagged rows are all a job needs
        repeated = pd.Index(test_id).has_duplicates
        for j, (a, b) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist())):
            fig, k = jobs[first + j]
            before = before_of(fig)
            if not repeated:
                after = {_plain_id(tid): True for tid in test_id[a:b][flagged[a:b]].tolist()}
            else:
                merged = dict(zip(map(_plain_id, test_id[a:b].tolist()), flagged[a:b].tolist()))
                after = {tid: True for tid, f in merged.items() if f}
            out = {tid: (tid in before, tid in after) for tid in {**before, **after}}
            results[fig, k] = (out, functools.partial(float, spike[a:b].sum()))
    return results


def _tested_copies(ev: Evidence, copies: list[tuple[np.ndarray, str | None, int]], column: str):
    """magnitude.tests (lean) of copies of sets of points, in batches of about _BATCH_POINTS: copy j is the points
    at positions copies[j][0] of pts, with those of figure copies[j][1] multiplied by 10^copies[j][2], told apart
    by a suffix on ``column`` (KEY). Yields per batch the number of its first copy, its tests in order of copy
    (in magnitude.tests' order within one), and where each copy's rows begin and end."""
    owner = ev._owner_pos.codes
    label = ev.pts[column].to_numpy(dtype=object)
    for lo, hi in _batches([len(pos) for pos, _, _ in copies], _BATCH_POINTS):
        part = copies[lo:hi]
        pos = np.concatenate([p for p, _, _ in part])
        copy_of_row = np.repeat(np.arange(len(part)), [len(p) for p, _, _ in part])
        fig = np.array([ev._owner_pos.code.get(f, -1) if f is not None else -1 for _, f, _ in part])[copy_of_row]
        k = np.array([float(k) for _, _, k in part])[copy_of_row]
        sfx = [f"{_COPY}{j}" for j in range(len(part))]
        # the same frame as the copies concatenated (the index labels of pts kept)
        batch = ev.pts.iloc[pos].assign(**{
            "v": np.where(owner[pos] == fig, ev._v[pos] + k, ev._v[pos]),
            column: [x + sfx[j] for x, j in zip(label[pos].tolist(), copy_of_row.tolist())]})
        t = magnitude.tests(batch, ev.band, lean=True)
        # the copy of each test from its suffix, read once per distinct value
        codes, distinct = pd.factorize(t[column].to_numpy(dtype=object))
        copy_no = np.array([int(x.split(_COPY, 1)[1]) for x in distinct], dtype=np.int64)[codes]
        order = np.argsort(copy_no, kind="stable")
        yield lo, t.iloc[order], np.searchsorted(copy_no[order], np.arange(len(part) + 1))


def _batches(sizes: list[int], limit: int):
    """(start, end) of consecutive runs of items, each closed once its sizes add up to ``limit``."""
    lo, size = 0, 0
    for i, n in enumerate(sizes):
        size += n
        if size >= limit:
            yield lo, i + 1
            lo, size = i + 1, 0
    if lo < len(sizes):
        yield lo, len(sizes)


def _plain_id(test_id: str) -> str:
    """A copy's test id without the suffix on its region."""
    return _SUFFIX.sub("", test_id)


_SUFFIX = re.compile(r"\x00\d+")


def _score(scores: dict, job: tuple[str, int], o: dict, rough: Callable[[], float]) -> None:
    """Keep a correction that resolves some check and breaks none, with what it resolves and its roughness."""
    resolved = {cid for cid, (b, a) in o.items() if b and not a}
    broken = sum(1 for b, a in o.values() if a and not b)
    if resolved and not broken:
        scores[job] = (resolved, len(resolved), rough())


def run(led: pd.DataFrame, ev: Evidence) -> pd.DataFrame:
    """Diagnosis columns (COLUMNS) for the ledger's rows, indexed like ``led``; empty where none applies."""
    res = pd.DataFrame({"suspect": "", "factor": np.nan, "corrected": "", "diagnosis": "", "candidates": ""}, index=led.index)
    material = led[led["severity"] == check.MATERIAL]
    if material.empty:
        return res
    # plain lists, not pandas' iteration (a call per cell: seconds over a million points)
    owner = dict(zip(ev.pts["id"].tolist(), ev.pts["owner"].tolist()))
    claim_subject = dict(zip(ev.ops["id"].tolist(), ev.ops["s_id"].tolist()))
    known = ev.lv_by_id.index
    figures_of = {}
    rows = list(zip(material.index.tolist(), material["observations"].astype(str).tolist(),
                    material["claims"].astype(str).tolist(), material["kind"].tolist(), material["check_id"].tolist()))
    for i, observations, claims, _, _ in rows:
        figs = [o for o in observations.split() if o in known]
        figs += [claim_subject.get(c, "") for c in claims.split()]
        figs += [owner.get(o, "") for o in observations.split()]
        figures_of[i] = [f for f in dict.fromkeys(figs) if f in known]
    powers = [*range(-MAX_POWER, 0), *range(1, MAX_POWER + 1)]
    worth = _claim_candidates(material, ev, powers)
    # the figures of material checks other than stated relations, as one set (a scan of every material check per
    # figure grew with the square of their number)
    in_generated = {f for i, _, _, kind, _ in rows if kind not in kinds.CLAIM_KINDS for f in figures_of[i]}
    scores: dict[tuple[str, int], tuple[set, int]] = {}
    series_jobs: list[tuple[str, int]] = []
    local: dict[tuple[str, int], dict] = {}
    # a figure met only in material stated relations is tried only with the powers that put one of them right
    jobs = [(fig, k) for fig in dict.fromkeys(f for figs in figures_of.values() for f in figs)
            for k in (powers if fig in in_generated else [k for k in powers if (fig, k) in worth])]
    ev.find_series(fig for fig, _ in jobs)
    for (fig, k), o in _local_outcomes(ev, jobs).items():
        if _needs_series(ev, fig, o):
            series_jobs.append((fig, k))
            local[(fig, k)] = o
        else:
            _score(scores, (fig, k), o, float)
    # the corrections whose series must be tested again, all at once
    for job, (o, rough) in _series_outcomes(ev, series_jobs).items():
        _score(scores, job, local[job] | o, rough)
    # check id -> the corrections that resolve it, in the order they were scored (a scan of every correction per
    # material check grew with the square of their number)
    resolvers: dict[str, list[tuple[str, int]]] = {}
    for job, (resolved, _, _) in scores.items():
        for cid in resolved:
            resolvers.setdefault(cid, []).append(job)
    put: dict = {}  # row -> its diagnosis columns, set once per column below
    for i, _, _, _, check_id in rows:
        fits = [(fig, k, scores[fig, k][1]) for fig, k in resolvers.get(check_id, []) if fig in figures_of[i]]
        if not fits:
            put[i] = {"diagnosis": ("No single figure multiplied by a power of ten makes this check agree without breaking "
                                    "another; a difference of scope, period or definition is more likely.")}
            continue
        best_n = max(n for _, _, n in fits)
        best = [(fig, k) for fig, k, n in fits if n == best_n]
        # then the correction that leaves the series smoothest: 100, 1500, 220 is put right by 1500 -> 150, not
        # by 100 -> 1000, although both end the spike
        smooth = min(scores[c][2] for c in best)
        best = [c for c in best if scores[c][2] <= smooth + magnitude.LOG10_SLACK]
        # the smallest correction: a one-sided test (part <= whole) is also passed by x100, and 100, 1500, 220
        # is as smooth as 10,000, 1,500, 220 once the spike is gone
        least = min(abs(k) for _, k in best)
        best = [(fig, k) for fig, k in best if abs(k) == least]
        dates = {fig: ev.release.get(ev.figure(fig)["source"], "") for fig, _ in best}
        earliest = min(dates.values())
        first = [(fig, k) for fig, k in best if dates[fig] == earliest]
        if len(first) > 1:
            alternatives = " or ".join(f"{_describe(ev, fig, k)}" for fig, k in first)
            put[i] = {"diagnosis": (f"A power-of-ten slip: {alternatives}; either correction makes every check that "
                                    f"touches it agree ({best_n} resolved), and the releases do not say which."),
                      "candidates": " ".join(fig for fig, _ in first)}
            continue
        fig, k = first[0]
        why = f"it resolves {best_n} check{'s' if best_n != 1 else ''} and breaks none"
        if len(best) > 1:
            why += "; an equally good correction of a figure in a later release is not taken (later releases revise earlier ones)"
        put[i] = {"suspect": fig, "factor": 10.0 ** k, "corrected": corrected_value(ev, fig, k), "candidates": fig,
                  "diagnosis": f"Probably a power-of-ten slip: {_describe(ev, fig, k)}: {why}."}
    # one assignment per column: a .loc per row and column validated the whole string column each time
    for c in res.columns:
        rows = [i for i, cols in put.items() if c in cols]
        if rows:
            res.loc[rows, c] = [put[i][c] for i in rows]
    return res


def _claim_candidates(material: pd.DataFrame, ev: Evidence, powers: list[int]) -> set[tuple[str, int]]:
    """(figure, power) pairs that put right at least one material stated relation, found in one vectorised pass
    (each relation copied once per operand and power), so that the full recomputation runs only for these."""
    ids = set(material.loc[material["kind"].isin(kinds.CLAIM_KINDS), "claims"])
    rows = ev.ops[ev.ops["id"].isin(ids)]
    if rows.empty:
        return set()
    copies = []
    for side in ("s", "r"):
        on = rows[rows[f"{side}_id"].isin(ev.lv_by_id.index)]
        for k in powers:
            c = on.copy()
            c[f"{side}_lo"], c[f"{side}_hi"] = c[f"{side}_lo"] * 10.0 ** k, c[f"{side}_hi"] * 10.0 ** k
            copies.append(c.assign(_fig=c[f"{side}_id"], _k=k))
    if not copies:
        return set()
    big = pd.concat(copies, ignore_index=True)
    fixed = check.evaluate(big)["severity"].to_numpy() != check.MATERIAL
    return set(zip(big.loc[fixed, "_fig"], big.loc[fixed, "_k"]))


def corrected_value(ev: Evidence, fig: str, k: int) -> str:
    """The corrected figure as it would have been written: '210 billion yuan'."""
    r = ev.figure(fig)
    value = float(r["number"]) * 10.0 ** k
    decimals = max(0, -int(np.floor(np.log10(float(r["step"]) * 10.0 ** k)))) if r["step"] > 0 else 0
    return number.written(number.fmt(value, decimals), r["unit"])


def _describe(ev: Evidence, fig: str, k: int) -> str:
    r = ev.figure(fig)
    told = number.written(r["value"], r["unit"], r["qualifier"])
    hint = {1: " (a lost zero, or 亿 misread)", -1: " (an extra zero, or 亿 misread)"}.get(k, " (万 or 亿 misread)")
    return (f"{r['label']} ({r['period']}, {r['source']}, {fig}) written as {told} should read "
            f"{corrected_value(ev, fig, k)}, {number.fmt(10.0 ** abs(k), 0)} times {'more' if k > 0 else 'less'}{hint}")
