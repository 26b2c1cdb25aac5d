"""One reconciled figure per indicator, region and period, and why it was chosen.

Every page reads this table, never the raw observations, so that a finding
changes what the book shows. The policy, in order:

1. **Slips.** A figure the diagnosis names as the suspect of a material
   finding is not used, nor any level implied from it (the 2018 revenue
   implied by "21 billion, up 13.2%"). When an analyst has accepted the
   finding in ``findings.yaml`` with a correction, the corrected figure is
   used instead, marked ``corrected``, and the levels implied from it are
   corrected by the same factor.
2. **Reported before implied.** A level a source reports wins over a level
   the book implies from a stated rate.
3. **Agreement.** When several sources report the same period and their
   intervals overlap, they agree: the figure from the latest release is shown
   (then a first-hand source, ``official`` or ``press_conference``, before a
   ``news`` or ``secondary`` report of it: see ``first_hand``; then the narrower
   interval), and the others are kept as ``from_ids``.
   A slip the diagnosis cannot pin on one figure (either of two is out by a
   power of ten) marks both ``disputed``.
4. **Disagreement.** When they do not overlap and no diagnosis settles it,
   the figure from the latest release is shown, marked ``disputed``, with
   every value in ``why``. A disputed figure is charted and listed but never
   used for a growth rate or a trend.

Columns: the series point columns (see ``series.POINT_COLUMNS``) plus
``status`` (single, agreed, corrected, disputed, excluded), ``why`` and
``from_ids`` (every figure for that period, chosen first).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import check, number, source

STATUSES = ("single", "agreed", "corrected", "disputed", "excluded")
# Statuses whose figure may enter a growth rate, a trend or a sentence.
USABLE = ("single", "agreed", "corrected")
KEY = ["indicator", "region", "shape", "period"]


def first_hand(sources: pd.DataFrame) -> dict[str, bool]:
    """source id -> whether the issuing body speaks in it (kind official or press_conference), the ``official``
    argument of ``run``: among agreeing figures of one release date these come before news and secondary reports."""
    return dict(zip(sources["id"], sources["kind"].isin(source.FIRST_HAND)))


def run(pts: pd.DataFrame, owner: pd.Series, led: pd.DataFrame, corrections: dict[str, str],
        as_written: dict[str, float], release: dict[str, str], official: dict[str, bool]) -> pd.DataFrame:
    """``pts``: every reported and implied point (``series.all_points``); ``owner``: the reported figure
    each point belongs to, aligned with ``pts``; ``led``: the diagnosed ledger; ``corrections``: accepted
    corrections (observation id -> value as written); ``as_written``: observation id -> its number as
    written (same unit as the correction); ``release``: source id -> publication date; ``official``:
    source id -> whether the source is official."""
    p = pts.assign(owner=owner.to_numpy(), status="", why="")
    suspects = led.loc[(led["severity"] == check.MATERIAL) & (led["suspect"] != ""), ["suspect", "check_id", "corrected"]]
    suspect_of = suspects.groupby("suspect").agg(check_id=("check_id", " and ".join), corrected=("corrected", "first"))
    reported = (p["kind"] == "reported").to_numpy()
    written = dict(zip(p.loc[reported, "id"].tolist(), p.loc[reported, "written"].tolist()))
    open_ = led[(led["severity"] == check.MATERIAL) & (led["suspect"] == "") & (led["candidates"] != "")]
    open_figs = [f.split() for f in open_["candidates"].tolist()]

    # the rows of each figure named below, found in one pass (a comparison over every point per figure, and a
    # masked assignment per figure, grew with the square of the data: about 1,500 slips at a million observations)
    slips = sorted(set(suspect_of.index) | set(corrections))
    named = set(slips).union(*open_figs)
    owners = p["owner"].tolist()
    rows_of: dict[str, list[int]] = {}
    for i in np.flatnonzero(p["owner"].isin(list(named)).to_numpy()).tolist():
        rows_of.setdefault(owners[i], []).append(i)
    status, why = p["status"].tolist(), p["why"].tolist()
    values = {c: p[c].to_numpy(copy=True) for c in ("value", "lo", "hi")}
    corrected_ids = []

    # 1. slips: corrected where an analyst accepted a correction, else excluded
    for fig in slips:
        own = rows_of.get(fig)
        if not own:
            continue
        if fig in corrections and fig in as_written:
            scale = float(number.parse_values([corrections[fig]])[0][0]) / as_written[fig]
            for v in values.values():
                v[own] = v[own] * scale
            state, reason = "corrected", (
                f"{fig} as written ({written.get(fig, '')}) is a source error accepted in findings.yaml; "
                f"shown as {corrections[fig]}, a factor of {number.fmt(scale, 0 if scale >= 1 else 4)}")
            corrected_ids.append(fig)
        else:
            cid = suspect_of.loc[fig, "check_id"]
            state, reason = "excluded", (f"{fig} ({written.get(fig, '')}) is the probable slip of {cid} "
                                         f"(probably {suspect_of.loc[fig, 'corrected']}); not used until reviewed")
        for i in own:
            status[i], why[i] = state, reason

    # a slip the releases cannot locate (either of two figures): both stay visible, marked, and out of growth rates
    for cid, figs in zip(open_["check_id"].tolist(), open_figs):
        reason = f"finding {cid}: one of {' and '.join(figs)} is out by a power of ten, and the releases do not say which"
        for fig in dict.fromkeys(figs):
            for i in rows_of.get(fig, ()):
                if status[i] == "":
                    status[i], why[i] = "disputed", reason
    for c, v in values.items():
        p[c] = v
    p["status"] = pd.array(status, dtype=p["status"].dtype)
    p["why"] = pd.array(why, dtype=p["why"].dtype)
    if corrected_ids:
        p.loc[p["id"].isin(corrected_ids).to_numpy(), "written"] = ""

    # 2-4. one figure per period among the rest
    p["_rep"] = (p["kind"] == "implied").astype(int)
    p["_date"] = p["source"].map(release).fillna("")
    p["_off"] = (~p["source"].map(official).fillna(True)).astype(int)
    p["_width"] = p["hi"] - p["lo"]
    live = p[p["status"] != "excluded"].sort_values(KEY + ["_rep", "_date", "_off", "_width", "id"],
                                                   ascending=[True] * 4 + [True, False, True, True, True])
    excluded = p[p["status"] == "excluded"].assign(from_ids=lambda f: f["id"])
    del p
    # live is sorted by KEY first, so each period's figures are one block of rows: the blocks found once by
    # comparing neighbours, where each groupby by the four text columns factorized a million rows again
    # (the KEY columns are never missing: every point has an indicator, region, shape and period)
    block = _blocks(live, KEY)
    starts = _starts(block)
    rep = live["_rep"].to_numpy()
    keep = rep == _reduce(np.minimum, rep, starts)[block]  # reported rivals only, if any
    first = live.iloc[starts]  # a frame of its own (copy on write): no copy needed
    same = live[keep]
    del live
    at = _starts(block[keep])  # every block keeps its own first row: the blocks of same are those of live
    n = np.diff(np.append(at, len(same)))
    first = first.assign(n=n, max_lo=_reduce(np.fmax, same["lo"].to_numpy(dtype=float), at),
                         min_hi=_reduce(np.fmin, same["hi"].to_numpy(dtype=float), at))
    # the figures of a period listed only where there are several (a list per period over a million periods
    # took a minute); a period with one figure lists the one shown
    lists = {c: [np.nan] * len(first) for c in ("ids", "shown", "srcs")}
    cols = {"ids": same["id"].tolist(), "shown": same["written"].tolist(), "srcs": same["source"].tolist()}
    del same
    for b in np.flatnonzero(n > 1).tolist():
        for c in lists:
            lists[c][b] = cols[c][at[b]:at[b] + n[b]]
    first = first.assign(**lists)
    agree = first["max_lo"] <= first["min_hi"] * (1 + check.EPS) + check.EPS
    multi = first["n"] > 1
    first["from_ids"] = [" ".join(ids) if isinstance(ids, list) else own
                         for ids, own in zip(first["ids"].tolist(), first["id"].tolist())]
    fresh = (first["status"] == "").to_numpy()
    first.loc[fresh, "status"] = np.where(~multi[fresh], "single", np.where(agree[fresh], "agreed", "disputed"))
    # the reason written only where there is one to write (agreeing or disputed sources): a sentence per figure,
    # through numpy's fixed-width strings, took over a gigabyte at a million figures
    status = first["status"].tolist()
    why, shown, srcs = first["why"].tolist(), first["shown"].tolist(), first["srcs"].tolist()
    for i in np.flatnonzero(fresh & (first["status"] != "single").to_numpy()).tolist():
        sh, sr = shown[i], srcs[i]
        v = ", ".join(f"{w or 'implied'} ({s})" for w, s in zip(sh, sr)) if isinstance(sh, list) else ""
        why[i] = (f"sources agree: {v}; the latest release is shown" if status[i] == "agreed" else
                  f"sources disagree: {v}; the latest release is shown, and no growth rate or trend uses it")
    first["why"] = why
    # excluded figures stay in the table, beside the figure chosen for their period (if any), with the reason
    out = pd.concat([first, excluded], ignore_index=True)
    del first
    cols = [c for c in pts.columns if c not in ("status", "owner")] + ["status", "owner", "why", "from_ids"]
    return out[cols].sort_values(["indicator", "region", "shape", "period_end", "status"]).reset_index(drop=True)


def _blocks(frame: pd.DataFrame, key: list[str]) -> np.ndarray:
    """The block of each row of a frame sorted by ``key``: 0, 0, 1, ... as ``key`` changes from the row before."""
    new = np.zeros(len(frame), dtype=bool)
    for c in key:
        a = frame[c].to_numpy(dtype=object)
        new[1:] |= a[1:] != a[:-1]
    return np.cumsum(new)


def _starts(block: np.ndarray) -> np.ndarray:
    """Positions of the first row of each block (``block`` ascending)."""
    return np.flatnonzero(np.append(True, block[1:] != block[:-1])) if len(block) else block


def _reduce(fn, values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``fn`` over each block (np.fmax and np.fmin skip missing values, as pandas' max and min do)."""
    return fn.reduceat(values, starts) if len(values) else values


def usable(rec: pd.DataFrame) -> pd.DataFrame:
    """The reconciled points a growth rate, a trend or a generated sentence may use."""
    return rec[rec["status"].isin(USABLE)]
