"""The checks no text states but the data implies: parts against totals, the same figure (or relation) in
several sources, parts within wholes, rates by definition, and each figure's place in its series.

Each function returns rows with the ledger's columns (``ledger_spec.COLUMNS``), graded like stated relations.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np
import pandas as pd

from . import check, kinds, magnitude, number
from . import unit as units
from .dataset import Dataset
from .ledger_spec import COLUMNS, Settings
from .sentences import show_level, small, source_list


def parts_total_rows(ds: Dataset, lv: pd.DataFrame) -> pd.DataFrame:
    parts = ds.claims[ds.claims["kind"] == "part_of"]
    if parts.empty:
        return pd.DataFrame(columns=COLUMNS)
    L = lv.set_index("id")
    rows = []
    for total_id, grp in parts.groupby("reference", sort=True):
        if total_id not in L.index or not grp["subject"].isin(L.index).all():
            continue
        t = L.loc[total_id]
        p = L.loc[grp["subject"]]
        s_lo, s_hi = p["lo"].sum(), p["hi"].sum()
        du = t["display_unit"]
        f = units.get(du).factor
        ok = s_lo <= t["hi"] + check.EPS * max(1.0, abs(t["hi"]))
        res_lo, res_hi = max(t["lo"] - s_hi, 0.0), t["hi"] - s_lo
        names = ", ".join(
            f"{(r['region'] + ' ') if r['region'] != t['region'] else ''}{number.written(r['value'], r['unit'], r['qualifier'])}"
            for _, r in p.iterrows())
        if ok:
            parts = "The named part" if len(p) == 1 else f"The {len(p)} named parts"
            verb = "adds" if len(p) == 1 else "add"
            text = (f"{parts} ({names}) {verb} up to {show_level(s_lo, s_hi, du)}, within the stated total of "
                    f"{number.written(t['value'], t['unit'], t['qualifier'])} ({t['period']}); the residual left for parts not named is "
                    f"{show_level(res_lo, max(res_hi, 0.0), du)} (“{t['quote']}”).")
        else:
            text = (f"The named parts ({names}) add up to {show_level(s_lo, s_hi, du)}, more than the stated total of "
                    f"{number.written(t['value'], t['unit'], t['qualifier'])} (“{t['quote']}”).")
        rows.append({
            "check_id": f"parts_total:{total_id}",
            "theme": t["theme"],
            "kind": "parts_total",
            "indicators": " ".join(sorted({t["indicator"], *p["indicator"]})),
            "periods": t["period"],
            "sources": "; ".join(sorted({t["source"], *p["source"]})),
            "statement": " … ".join([t["quote"], *grp["quote"]]),
            "stated": f"total {number.written(t['value'], t['unit'], t['qualifier'])} → {show_level(t['lo'], t['hi'], du)}",
            "stated_lo": t["lo"] / f,
            "stated_hi": t["hi"] / f,
            "recomputed_lo": s_lo / f,
            "recomputed_hi": s_hi / f,
            "unit": du,
            "verdict": check.CONSISTENT if ok else check.INCONSISTENT,
            "severity": check.grade(np.nan if ok else s_lo - t["hi"], max(t["unit_step"], p["unit_step"].max())).item(),
            "gap": np.nan if ok else (s_lo - t["hi"]) / f,
            "gap_rel": np.nan if ok else (s_lo - t["hi"]) / abs(t["hi"]),
            "explanation": text,
            "claims": " ".join(grp["id"]),
            "observations": " ".join([total_id, *grp["subject"]]),
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def cross_source_rows(ds: Dataset, lv: pd.DataFrame, cl: pd.DataFrame) -> pd.DataFrame:
    """The same figure (or the same stated relation) given more than once."""
    rows = []
    key = ["indicator", "region", "period"]
    multi = lv[lv.groupby(key)["source"].transform("nunique") > 1]
    if not multi.empty:
        grp = multi[key].astype(str).agg("|".join, axis=1).to_numpy()
        agg = check.agreement(multi["lo"].to_numpy(float), multi["hi"].to_numpy(float), grp)
        for g, a in agg.iterrows():
            m = multi[grp == g]
            du = m["display_unit"].iloc[0]
            f = units.get(du).factor
            figures = "; ".join(f"{number.written(r['value'], r['unit'], r['qualifier'])} in {r['source']}" for _, r in m.iterrows())
            ok = a["verdict"] == check.CONSISTENT
            text = (f"{m['label'].iloc[0]} ({m['region'].iloc[0]}, {m['period'].iloc[0]}) is reported as {figures}; "
                    + ("the intervals overlap, so the sources agree." if ok else
                       f"the intervals do not overlap (gap {show_level(a['gap_abs'], a['gap_abs'], du)}), so the sources disagree."))
            rows.append({
                "check_id": f"cross_source:{g.replace('|', ':')}",
                "theme": m["theme"].iloc[0], "kind": "cross_source", "indicators": m["indicator"].iloc[0],
                "periods": m["period"].iloc[0], "sources": "; ".join(sorted(m["source"].unique())),
                "statement": " … ".join(m["quote"]), "stated": figures,
                "stated_lo": m["lo"].min() / f, "stated_hi": m["hi"].max() / f,
                "recomputed_lo": a["max_lo"] / f if ok else np.nan, "recomputed_hi": a["min_hi"] / f if ok else np.nan,
                "unit": du, "verdict": a["verdict"],
                "severity": check.grade(a["gap_abs"], m["unit_step"].max()).item(),
                "gap": np.nan if ok else a["gap_abs"] / f,
                "gap_rel": np.nan if ok else a["gap_abs"] / abs(a["min_hi"]),
                "explanation": text, "claims": "", "observations": " ".join(m["id"]),
            })
    # the same relation stated more than once (in one source or several)
    ckey = ["kind", "indicator", "region", "period", "base_period"]
    rel = cl[(cl["kind"] != "part_of") & (cl["value"] != "")]
    rel = rel[rel.groupby(ckey)["id"].transform("size") > 1]
    if not rel.empty:
        grp = rel[ckey].astype(str).agg("|".join, axis=1).to_numpy()
        agg = check.agreement(rel["st_lo"].to_numpy(float), rel["st_hi"].to_numpy(float), grp)
        for g, a in agg.iterrows():
            m = rel[grp == g]
            ok = a["verdict"] == check.CONSISTENT
            stated = "; ".join(f"{number.written(r['value'], r['unit'], r['qualifier'])} in {r['source']}" for _, r in m.iterrows())
            kind_words = kinds.BY_NAME[m["kind"].iloc[0]].words
            per = f"{m['base_period'].iloc[0]}→{m['period'].iloc[0]}" if m["base_period"].iloc[0] else m["period"].iloc[0]
            text = (f"The {kind_words} of {m['indicator'].iloc[0]} ({per}) is stated {len(m)} times: {stated}; "
                    + ("the statements agree." if ok else "the statements cannot all be true."))
            rows.append({
                "check_id": f"cross_source:{g.replace('|', ':')}",
                "theme": m["theme"].iloc[0], "kind": "cross_source", "indicators": m["indicator"].iloc[0],
                "periods": per, "sources": "; ".join(sorted(m["source"].unique())),
                "statement": " … ".join(m["quote"]), "stated": stated,
                "stated_lo": m["st_lo"].min(), "stated_hi": m["st_hi"].max(),
                "recomputed_lo": a["max_lo"] if ok else np.nan, "recomputed_hi": a["min_hi"] if ok else np.nan,
                "unit": m["unit"].iloc[0], "verdict": a["verdict"],
                "severity": check.grade(a["gap_abs"], m["unit_step"].max()).item(),
                "gap": np.nan if ok else a["gap_abs"], "gap_rel": np.nan,
                "explanation": text, "claims": " ".join(m["id"]), "observations": "",
            })
    return pd.DataFrame(rows, columns=COLUMNS)


def scope_pairs(ds: Dataset, lv: pd.DataFrame) -> pd.DataFrame:
    """Every (part, whole) pair of levels for the same region and period: columns of lv, the whole's suffixed."""
    links = pd.concat([
        ds.indicators.loc[ds.indicators[c] != "", ["id", c]].rename(columns={c: "part_of"}) for c in ("part_of", "subset_of")
    ], ignore_index=True).drop_duplicates()
    child = lv.merge(links, left_on="indicator", right_on="id", suffixes=("", "_ind"))
    return child.merge(lv, left_on=["part_of", "region", "period"], right_on=["indicator", "region", "period"],
                       suffixes=("", "_whole"))


def identity_triples(ds: Dataset, lv: pd.DataFrame) -> pd.DataFrame:
    """Every (rate, numerator, denominator) of levels for one region and period, for indicators with ratio_of;
    with the rate recomputed as 100 × numerator / denominator (rec_lo, rec_hi) and the gap to the stated rate."""
    defs = ds.indicators.loc[ds.indicators["ratio_of"] != "", ["id", "ratio_of"]]
    if defs.empty:
        return pd.DataFrame()
    parts = defs["ratio_of"].str.split("/", expand=True).apply(lambda c: c.str.strip())
    defs = defs.assign(num=parts[0], den=parts[1])
    key = ["region", "period"]
    cols = ["id", "indicator", "lo", "hi", "unit_step", "value", "unit", "qualifier", "source", "quote", "label", "theme"] + key
    rate = lv[cols].merge(defs[["id", "num", "den"]].rename(columns={"id": "indicator"}), on="indicator")
    t = (rate.merge(lv[cols].add_suffix("_num"), left_on=["num", *key], right_on=["indicator_num", "region_num", "period_num"])
             .merge(lv[cols].add_suffix("_den"), left_on=["den", *key], right_on=["indicator_den", "region_den", "period_den"]))
    if t.empty:
        return t
    t["rec_lo"], t["rec_hi"], t["gap"] = check.rate_by_definition(t["lo"], t["hi"], t["lo_num"], t["hi_num"],
                                                                  t["lo_den"], t["hi_den"])
    return t.reset_index(drop=True)


def identity_rows(ds: Dataset, lv: pd.DataFrame) -> pd.DataFrame:
    """A stated rate against the two figures it is defined from (grant rate = grants / applications)."""
    t = identity_triples(ds, lv)
    rows = []
    for _, r in t.iterrows():
        sev = check.grade(r["gap"], r["unit_step"]).item()
        ok = sev == check.NONE
        rec = show_level(r["rec_lo"], r["rec_hi"], "%", 2)
        text = (f"{r['label']} ({r['period']}) is stated as {number.written(r['value'], r['unit'], r['qualifier'])} "
                f"({r['source']}); {number.written(r['value_num'], r['unit_num'], r['qualifier_num'])} over "
                f"{number.written(r['value_den'], r['unit_den'], r['qualifier_den'])} gives {rec}, which "
                + ("agrees." if ok else f"misses it by {small(r['gap'])} points."))
        rows.append({
            "check_id": f"identity:{r['id']}", "theme": r["theme"], "kind": "identity",
            "indicators": f"{r['indicator']} = {r['indicator_num']} / {r['indicator_den']}", "periods": r["period"],
            "sources": "; ".join(sorted({r["source"], r["source_num"], r["source_den"]})),
            "statement": " … ".join(dict.fromkeys([r["quote"], r["quote_num"], r["quote_den"]])),
            "stated": f"{number.written(r['value'], r['unit'], r['qualifier'])} → {show_level(r['lo'], r['hi'], '%', 2)}",
            "stated_lo": r["lo"], "stated_hi": r["hi"], "recomputed_lo": r["rec_lo"], "recomputed_hi": r["rec_hi"],
            "unit": "%", "verdict": check.CONSISTENT if r["gap"] <= 0 else check.INCONSISTENT, "severity": sev,
            "gap": r["gap"] if r["gap"] > 0 else np.nan, "gap_rel": r["gap"] / abs(r["hi"]) if r["gap"] > 0 else np.nan,
            "explanation": text, "claims": "", "observations": f"{r['id']} {r['id_num']} {r['id_den']}",
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def scope_rows(ds: Dataset, lv: pd.DataFrame) -> pd.DataFrame:
    """A subset indicator never exceeds its whole, in one source or across sources.

    Both links of indicators.yaml count: ``part_of`` (universities within universities and institutes, the
    whole of a share) and ``subset_of`` (firms certified under a standard within the firms complying with it).
    """
    pairs = scope_pairs(ds, lv)
    rows = []
    for _, r in pairs.iterrows():
        du = r["display_unit_whole"]
        f = units.get(du).factor
        ok = r["lo"] <= r["hi_whole"] + check.EPS * max(1.0, abs(r["hi_whole"]))
        text = (f"{r['label']} ({number.written(r['value'], r['unit'], r['qualifier'])}, {r['source']}) is part of "
                f"{r['label_whole']} ({number.written(r['value_whole'], r['unit_whole'], r['qualifier_whole'])}, {r['source_whole']}) in "
                f"{r['period']}; " + ("the part does not exceed the whole (a narrower scope, not a contradiction)." if ok
                                      else "the part exceeds the whole, which scope alone cannot explain."))
        rows.append({
            "check_id": f"scope:{r['id']}:{r['id_whole']}", "theme": r["theme"], "kind": "scope",
            "indicators": f"{r['indicator']} ⊆ {r['indicator_whole']}", "periods": r["period"],
            "sources": "; ".join(sorted({r["source"], r["source_whole"]})),
            "statement": f"{r['quote']} … {r['quote_whole']}",
            "stated": f"part {number.written(r['value'], r['unit'], r['qualifier'])} ≤ whole {number.written(r['value_whole'], r['unit_whole'], r['qualifier_whole'])}",
            "stated_lo": r["lo_whole"] / f, "stated_hi": r["hi_whole"] / f,
            "recomputed_lo": r["lo"] / f, "recomputed_hi": r["hi"] / f, "unit": du,
            "verdict": check.CONSISTENT if ok else check.INCONSISTENT,
            "severity": check.grade(np.nan if ok else r["lo"] - r["hi_whole"], max(r["unit_step"], r["unit_step_whole"])).item(),
            "gap": np.nan if ok else (r["lo"] - r["hi_whole"]) / f,
            "gap_rel": np.nan if ok else (r["lo"] - r["hi_whole"]) / abs(r["hi_whole"]),
            "explanation": text, "claims": "", "observations": f"{r['id']} {r['id_whole']}",
        })
    return pd.DataFrame(rows, columns=COLUMNS)


_Key = namedtuple("_Key", magnitude.KEY)


def magnitude_rows(ds: Dataset, pts: pd.DataFrame, tests: pd.DataFrame, settings: Settings,
                   points: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per figure out of line with its series (see ``magnitude``), one row per series that is in line.

    ``tests``: ``magnitude.tests(pts)``, lean or not, computed once by the caller (the diagnosis reads it too);
    the texts of the flagged tests are computed here, for their series only. ``points``:
    ``magnitude.tested_points(pts)``, when the caller has it."""
    if tests.empty:
        return pd.DataFrame(columns=COLUMNS)
    ind = ds.indicators.drop_duplicates("id").set_index("id")
    band = settings.plausible_annual_factor
    flagged = magnitude.flagged_tests(pts, tests, band)
    # plain lists, read by position in pts (its ids are unique: observations' and implied:<claim>): a pandas .loc
    # per figure, pandas' own to_dict, or a dict of a million ids would dominate on large data. Positions are
    # looked up for the figures the flagged tests name only; a series in line comes with the positions of its own
    col = {c: pts[c].tolist() for c in ("lo", "hi", "display_unit", "period", "kind", "quote", "source")}
    named = set(" ".join(flagged["ids"].tolist() + flagged["owners"].tolist()).split())
    pos: dict[str, int] = {}
    for k, i in enumerate(pts["id"].tolist() if named else ()):
        if i in named and i not in pos:
            pos[i] = k

    def info(i, c):
        return col[c][pos[i]]

    def show(i):
        return show_at(pos[i])

    def show_at(k):
        return (f"{show_level(col['lo'][k], col['hi'][k], col['display_unit'][k])} in {col['period'][k]}"
                f"{' (implied)' if col['kind'][k] == 'implied' else ''}")

    def quotes(ids):
        return " … ".join(dict.fromkeys(info(i, "quote") for i in ids))

    rows = []
    for r in flagged.itertuples(index=False):
        ids = r.ids.split()
        label = ind.loc[r.indicator, "label"]
        if r.test == "spike":
            text = (f"{label} ({r.region}): {', '.join(show(i) for i in ids)} "
                    f"{'is' if len(ids) == 1 else 'are'} {number.fmt(10 ** abs(r.resid), 1)} times "
                    f"{'above' if r.resid > 0 else 'below'} the line through the neighbouring figures "
                    f"({r.from_period} and {r.to_period}), and back: a figure out of line by more than a factor of "
                    f"{number.fmt(10 ** magnitude.SPIKE_LOG10, 0)}.")
            # shown as the factor from the line through the neighbours (0.126 = 8 times below), not as a log10
            limit = 10 ** magnitude.SPIKE_LOG10
            stated, lo_, hi_ = f"within a factor of {number.fmt(limit, 0)} of its neighbours", 1 / limit, limit
            rec = 10 ** r.resid
        else:
            text = (f"{label} ({r.region}) moves from {show(r.from_id)} to {show(r.to_id)}, a factor of "
                    f"{number.fmt(10 ** r.resid, 2)} ({number.fmt(r.annual, 2)} a year): outside the plausible band "
                    f"of {number.fmt(1 / band, 2)} to {number.fmt(band, 2)} a year.")
            stated, lo_, hi_ = f"a yearly factor between {number.trim(number.fmt(1 / band, 2))} and {number.trim(number.fmt(band, 2))}", 1 / band, band
            rec = r.annual
        # the neighbours' figures are involved too: correcting one of them could be what puts the run in line
        involved = ids + r.owners.split()
        obs = [i for i in dict.fromkeys(involved) if not i.startswith("implied:") and i in pos]
        rows.append({
            "check_id": r.test_id, "theme": ind.loc[r.indicator, "theme"], "kind": "magnitude",
            "indicators": r.indicator, "periods": r.periods,
            "sources": source_list(info(i, "source") for i in ids), "statement": quotes(ids),
            "stated": stated, "stated_lo": lo_, "stated_hi": hi_, "recomputed_lo": rec, "recomputed_hi": rec,
            "unit": "times", "verdict": check.INCONSISTENT,
            "severity": check.MATERIAL, "gap": abs(r.resid), "gap_rel": abs(r.resid),
            "explanation": text,
            "claims": " ".join(i.removeprefix("implied:") for i in dict.fromkeys(ids) if i.startswith("implied:")),
            "observations": " ".join(obs),
        })
    for key, ids, at in magnitude.calm_series(pts, tests, points):
        r = _Key(*key)
        at = at.tolist()
        label = ind.loc[r.indicator, "label"]
        # a short series is listed figure by figure; a long one by its ends
        listed = (", ".join(map(show_at, at)) if len(ids) <= 6
                  else f"{len(ids)} figures from {show_at(at[0])} to {show_at(at[-1])}")
        rows.append({
            "check_id": f"magnitude:{r.indicator}:{r.region}:{r.shape}", "theme": ind.loc[r.indicator, "theme"],
            "kind": "magnitude", "indicators": r.indicator, "periods": f"{col['period'][at[0]]}→{col['period'][at[-1]]}",
            "sources": source_list(map(col["source"].__getitem__, at)), "statement": f"{len(ids)} figures",
            "stated": (f"no figure out of line; a yearly factor between {number.trim(number.fmt(1 / band, 2))} and "
                       f"{number.trim(number.fmt(band, 2))} at the ends"),
            "stated_lo": 1 / band, "stated_hi": band, "recomputed_lo": np.nan, "recomputed_hi": np.nan,
            "unit": "times", "verdict": check.CONSISTENT, "severity": check.NONE, "gap": np.nan, "gap_rel": np.nan,
            "explanation": (f"{label} ({r.region}): {listed}; no figure is out of line with its neighbours and no step "
                            f"at either end leaves the plausible band."),
            "claims": "", "observations": " ".join(i for i in ids if not i.startswith("implied:")),
        })
    return pd.DataFrame(rows, columns=COLUMNS)
