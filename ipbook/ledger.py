"""The ledger: every check over the dataset in one table with fixed columns.

The ledger resolves each claim's operands (the observations it names, or the
levels of the same indicator found by period, preferring the claim's own
source), hands them to the vectorised engine in ``check``, adds the checks no
text states but the data implies (parts against totals, the same figure in
several sources, subsets against wholes, implausible jumps along a series),
and writes one plain-English sentence per row.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import check, kinds, magnitude, number, period
from . import unit as units
from .dataset import Dataset

COLUMNS = [
    "check_id", "theme", "kind", "indicators", "periods", "sources", "statement",
    "stated", "stated_lo", "stated_hi", "recomputed_lo", "recomputed_hi", "unit",
    "verdict", "severity", "gap", "gap_rel", "explanation", "claims", "observations",
    "suspect", "factor", "corrected", "diagnosis", "candidates", "review",
]

# Defined once, in the module that uses them; notebooks expose the band as a parameter.
PLAUSIBLE_ANNUAL_FACTOR = magnitude.PLAUSIBLE_ANNUAL_FACTOR
LOG10_SLACK = magnitude.LOG10_SLACK


@dataclass(frozen=True)
class Settings:
    """Number semantics and thresholds; the notebooks expose these as parameters."""

    reach: float = number.REACH
    qualifier_overrides: tuple = ()
    plausible_annual_factor: float = PLAUSIBLE_ANNUAL_FACTOR
    log10_slack: float = LOG10_SLACK

    @property
    def rules(self) -> dict:
        return number.rules_with(self.reach, dict(self.qualifier_overrides))


# ---------------------------------------------------------------- operands


def levels_frame(ds: Dataset, settings: Settings) -> pd.DataFrame:
    """Observations with intervals in base units (yuan, count, percent)."""
    lv = ds.levels.copy()
    base = lv["unit"].map(lambda u: units.get(u).factor).to_numpy(float)
    lo, hi = number.bounds(lv["number"], lv["step"], lv["round_step"], lv["qualifier"], settings.rules)
    lv["dimension"] = lv["unit"].map(units.dimension)
    # A count written to its last unit ("4354 enterprises") is an integer, not a rounded figure: its interval
    # is the number itself, so that "more than 76%" is tested against 4354 / 5729 = 75.9993% exactly.
    exact_count = ((lv["dimension"] == "count") & (lv["step"] == 1) & (lv["qualifier"] == "exact")
                   & (lv["unit"] == "count")).to_numpy()
    num = lv["number"].to_numpy(float)
    lo, hi = np.where(exact_count, num, lo), np.where(exact_count, num, hi)
    lv["lo"], lv["hi"] = lo * base, hi * base
    # one unit of the last written digit, in base units: how far apart two figures may be and still
    # agree to the precision their sources wrote (the tolerance of a minor inconsistency)
    lv["unit_step"] = number.last_digit_unit(num, lv["step"]) * base
    lv["display_factor"] = lv["display_unit"].map(lambda u: units.get(u).factor)
    return lv


def claims_frame(ds: Dataset, settings: Settings) -> pd.DataFrame:
    c = ds.claims.copy()
    num, step, round_step = number.parse_values(c["value"].where(c["value"] != "", None))
    lo, hi = number.bounds(num, step, round_step, c["qualifier"], settings.rules)
    tlo, thi = number.truth_bounds(num, step, round_step, c["qualifier"], settings.rules)
    mlo, mhi = number.minor_bounds(num, step, tlo, thi)
    factor = c["unit"].map(lambda u: units.get(u).factor if u else 1.0).to_numpy(float)
    c["st_lo"], c["st_hi"] = lo * factor, hi * factor
    c["st_tlo"], c["st_thi"], c["st_mlo"], c["st_mhi"] = tlo * factor, thi * factor, mlo * factor, mhi * factor
    c["unit_step"] = number.last_digit_unit(num, step) * factor
    ind = ds.indicators.set_index("id")
    c["theme"] = c["indicator"].map(ind["theme"]).fillna("")
    c["display_unit"] = c["indicator"].map(ind["unit"]).fillna("")
    return c


def _operands(lv: pd.DataFrame, cl: pd.DataFrame) -> pd.DataFrame:
    """Everything a claim can point at, by id: observations and other claims."""
    a = lv[["id", "lo", "hi", "period", "source", "indicator", "quote", "value", "unit"]]
    b = cl[["id", "st_lo", "st_hi", "period", "source", "indicator", "quote", "value", "unit"]]
    b = b.rename(columns={"st_lo": "lo", "st_hi": "hi"})
    return pd.concat([a, b], ignore_index=True).set_index("id")


def _find(cl: pd.DataFrame, lv: pd.DataFrame, period_col: str) -> pd.Series:
    """Observation id of the same indicator and region at ``period_col``, same source first."""
    want = cl[["id", "indicator", "region", period_col, "source"]].rename(
        columns={"id": "claim", period_col: "period", "source": "claim_source"})
    m = want.merge(lv[["id", "indicator", "region", "period", "source"]], on=["indicator", "region", "period"])
    m["other"] = m["source"] != m["claim_source"]
    m = m.sort_values(["claim", "other", "id"]).drop_duplicates("claim")
    return m.set_index("claim")["id"]


def resolve(ds: Dataset, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claim checks with operand intervals filled in, ready for check.evaluate."""
    lv = levels_frame(ds, settings)
    cl = claims_frame(ds, settings)
    ops = cl[cl["kind"] != "part_of"].copy()
    implicit_s = _find(ops, lv, "period")
    needs_base = ops["kind"].isin(["growth", "cagr", "multiple", "absolute_change"])
    implicit_r = _find(ops[needs_base & (ops["base_period"] != "")], lv, "base_period")
    # a share's total is the whole its indicator is declared part of (indicators.yaml: part_of)
    shares = ops[(ops["kind"] == "share") & (ops["reference"] == "")]
    parent = ds.indicators.set_index("id")["part_of"]
    as_whole = shares.assign(indicator=shares["indicator"].map(parent).fillna(""))
    implicit_r = pd.concat([implicit_r, _find(as_whole[as_whole["indicator"] != ""], lv, "period")])
    ops["s_id"] = ops["subject"].where(ops["subject"] != "", ops["id"].map(implicit_s)).fillna("")
    ops["r_id"] = ops["reference"].where(ops["reference"] != "", ops["id"].map(implicit_r)).fillna("")
    table = _operands(lv, cl)
    for side in ("s", "r"):
        ids = ops[f"{side}_id"]
        for c in ("lo", "hi"):
            ops[f"{side}_{c}"] = ids.map(table[c]).astype(float)
    ops["years"] = [
        period.parse(p).years_between(period.parse(b)) if k == "cagr" and b else np.nan
        for k, p, b in zip(ops["kind"], ops["period"], ops["base_period"])
    ]
    return ops, lv


# ---------------------------------------------------------------- text


def show_level(x_lo: float, x_hi: float, display_unit: str, decimals: int | None = None) -> str:
    f = units.get(display_unit).factor
    lo, hi = x_lo / f, x_hi / f
    d = decimals if decimals is not None else _decimals_for(lo, hi)
    u = "" if display_unit in ("count", "number") else (display_unit if display_unit == "%" else f" {display_unit}")
    if math.isfinite(lo) and math.isfinite(hi) and number.fmt(lo, d) == number.fmt(hi, d):
        return f"{number.trim(number.fmt(lo, d))}{u}"
    return f"{number.fmt(lo, d)} to {number.fmt(hi, d)}{u}"


def _decimals_for(lo: float, hi: float) -> int:
    m = max(abs(lo) if math.isfinite(lo) else 0, abs(hi) if math.isfinite(hi) else 0)
    return 0 if m >= 1000 else (1 if m >= 10 else 2 if m >= 0.1 else 4)


def _pct(lo: float, hi: float, unit: str = "%", decimals: int = 1) -> str:
    if unit == "times":
        a, b = number.fmt(lo, 2), number.fmt(hi, 2)
        return f"{a} times" if a == b else f"{a} to {b} times"
    suffix = " percentage points" if unit == "percentage points" else "%"
    a, b = number.fmt(lo, decimals), number.fmt(hi, decimals)
    return f"{a}{suffix}" if a == b else f"{a}{suffix} to {b}{suffix}"


def _claim_text(r, table: dict) -> str:
    """One sentence for a claim check; ``table`` maps operand ids to their value, unit, period and source."""
    kind, verdict = r.kind, r.verdict
    stated = number.written(r.value, r.unit, r.qualifier)
    quote = f"“{r.quote}”"

    def lvl(i):
        t = table[i]
        return f"{number.written(t['value'], t['unit'], '')} ({t['period']}, {t['source']})"

    if verdict == check.CANNOT:
        missing = "the figures it relates are" if not r.s_id and not r.r_id else (
            "the figure it is compared with is" if not r.r_id else "the figure it describes is")
        return f"Cannot check the stated {kinds.BY_NAME[kind].words} of {stated} ({quote}): {missing} not reported in the sources."
    if verdict == check.DERIVED:
        what = {
            "growth": f"a {r.base_period} level of",
            "cagr": f"a {r.base_period} level of",
            "multiple": f"a {r.base_period} level (reading 'increase of N times' as N + 1 times the base) of",
            "absolute_change": f"a {r.base_period} level of",
            "share": "a total of",
            "ratio": "a comparison figure of",
            "pp_difference": "a comparison rate of",
        }[kind]
        shown = show_level(r.rec_lo, r.rec_hi, r.display_unit) if kind not in ("pp_difference",) else _pct(r.rec_lo, r.rec_hi)
        return f"{lvl(r.s_id)} with the stated {kinds.BY_NAME[kind].words} of {stated} implies {what} {shown} ({quote})."
    # a hairline gap needs the decimals that show it (75.9993% against "more than 76%")
    d = 1 if verdict != check.INCONSISTENT or r.gap_abs >= 0.05 else min(4, 2 - math.floor(math.log10(r.gap_abs)))
    if kind in ("growth", "cagr", "share", "pp_difference"):
        rec = _pct(r.rec_lo, r.rec_hi, "percentage points" if kind == "pp_difference" else "%", d)
        what = {"growth": "growth of", "cagr": "average annual growth of", "share": "a share of", "pp_difference": "a difference of"}[kind]
    elif kind in ("ratio", "multiple"):
        rec = _pct(r.rec_lo, r.rec_hi, "times")
        what = "a ratio of"
    else:  # absolute_change
        rec = show_level(r.rec_lo, r.rec_hi, r.display_unit)
        what = "a change of"
    base = f"{lvl(r.s_id)} against {lvl(r.r_id)} gives {what} {rec}"
    if kind == "multiple":
        readings = {
            "by": "it holds if 'an increase of N times' means N + 1 times the base (增长N倍), not N times",
            "to": "it holds if 'an increase of N times' means N times the base, not N + 1 times",
            "both": "it holds under both readings of 'an increase of N times'",
            "neither": "it fails under both readings (N times and N + 1 times the base)",
        }[r.reading]
        return f"{base}; against the stated {stated} {readings} ({quote})."
    points = '' if kind in ('absolute_change',) else ' points' if kind in ('growth', 'cagr', 'share', 'pp_difference') else ''
    if r.severity == check.NONE:
        tail = f"which agrees with the stated {stated}"
        if r.loose:
            tail += " (true, though the computed value is well past the stated figure)"
    elif r.severity == check.MINOR:
        tail = (f"which misses the stated {stated} by {_small(r.gap_abs)}{points}, less than one unit of its last "
                f"digit: right to the precision the source wrote (a minor inconsistency)")
    else:
        tail = f"which does not agree with the stated {stated} (gap {_small(r.gap_abs)}{points})"
    return f"{base}, {tail} ({quote})."


def _small(x: float) -> str:
    """A gap with enough decimals to be seen: 0.76, 0.0007."""
    if not math.isfinite(x) or x == 0 or abs(x) >= 0.01:
        return number.fmt(x, 2)
    return number.fmt(x, min(8, 1 - math.floor(math.log10(abs(x)))))


def _stated_text(value, unit, qualifier, lo, hi, display_unit=None) -> str:
    if not value:
        return ""
    shown = number.written(value, unit, qualifier)
    if unit in ("%", "percentage points", "times"):
        # rounding shows one more decimal than written (44% -> 43.5–44.5%); a qualifier's reach does not
        d = number.decimals_of(value) + (1 if qualifier in ("", "exact") else 0)
        return f"{shown} → {number.fmt_interval(lo, hi, d, {'%': '%', 'times': ' times'}.get(unit, ' points'))}"
    du = display_unit or unit
    f = units.get(du).factor  # lo and hi arrive in the display unit; show_level expects base units
    return f"{shown} → {show_level(lo * f, hi * f, du, 3)}"


# ---------------------------------------------------------------- checks


def claim_rows(ds: Dataset, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    ops, lv = resolve(ds, settings)
    res = check.evaluate(ops)
    ops = ops.join(res)
    operands = _operands(lv, claims_frame(ds, settings))
    used = pd.Index(pd.unique(pd.concat([ops["s_id"], ops["r_id"]]))).intersection(operands.index)
    # plain dicts: a pandas .loc per claim would dominate the run time on large data
    table = operands.loc[used, ["value", "unit", "period", "source"]].to_dict("index")
    rows = []
    for r in ops.itertuples(index=False):
        obs_ids = [i for i in (r.s_id, r.r_id) if i and i.startswith("o")]
        srcs = sorted({r.source, *[table[i]["source"] for i in obs_ids]})
        derived_unit = r.display_unit if r.kind not in ("pp_difference",) else "%"
        if r.verdict == check.DERIVED:
            unit = derived_unit if r.kind not in ("share", "ratio") else r.display_unit
            rec_lo, rec_hi = r.rec_lo / units.get(unit).factor if unit not in ("%",) else r.rec_lo, (
                r.rec_hi / units.get(unit).factor if unit not in ("%",) else r.rec_hi)
        else:
            unit = r.unit if r.kind != "absolute_change" else r.display_unit
            f = units.get(r.display_unit).factor if r.kind == "absolute_change" else 1.0
            rec_lo, rec_hi = r.rec_lo / f, r.rec_hi / f
        f_st = units.get(r.display_unit).factor if r.kind == "absolute_change" else 1.0
        rows.append({
            "check_id": f"{r.kind}:{r.id}",
            "theme": r.theme,
            "kind": r.kind,
            "indicators": r.indicator,
            "periods": f"{r.base_period}→{r.period}" if r.base_period else r.period,
            "sources": "; ".join(srcs),
            "statement": r.quote,
            "stated": _stated_text(r.value, r.unit, r.qualifier, r.st_lo / f_st, r.st_hi / f_st,
                                   r.display_unit if r.kind == "absolute_change" else None),
            "stated_lo": r.st_lo / f_st,
            "stated_hi": r.st_hi / f_st,
            "recomputed_lo": rec_lo,
            "recomputed_hi": rec_hi,
            "unit": unit,
            "verdict": r.verdict,
            "severity": r.severity,
            "gap": r.gap_abs / f_st if not np.isnan(r.gap_abs) else np.nan,
            "gap_rel": r.gap_rel,
            "explanation": _claim_text(r, table),
            "claims": r.id,
            "observations": " ".join(obs_ids),
        })
    return pd.DataFrame(rows, columns=COLUMNS), ops, lv


def derived_levels(ops: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Levels implied by claims (the base behind a stated growth), usable by later checks."""
    d = ops[(ops["verdict"] == check.DERIVED) & ops["kind"].isin(["growth", "cagr", "multiple", "absolute_change"])]
    ind = ds.indicators.set_index("id")
    out = pd.DataFrame({
        "id": "implied:" + d["id"],
        "indicator": d["indicator"],
        "region": d["region"],
        "period": d["base_period"],
        "source": d["source"],
        "lo": d["rec_lo"],
        "hi": d["rec_hi"],
        "quote": d["quote"],
        "display_unit": d["indicator"].map(ind["unit"]),
    })
    return out.reset_index(drop=True)


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
    qlo, qhi = check._div(t["lo_num"].to_numpy(float), t["hi_num"].to_numpy(float),
                          t["lo_den"].to_numpy(float), t["hi_den"].to_numpy(float))
    t["rec_lo"], t["rec_hi"] = qlo * 100, qhi * 100
    t["gap"] = check.gap(t["lo"].to_numpy(float), t["hi"].to_numpy(float), t["rec_lo"].to_numpy(float), t["rec_hi"].to_numpy(float))
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
                + ("agrees." if ok else f"misses it by {_small(r['gap'])} points."))
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


def series_points(lv: pd.DataFrame, implied: pd.DataFrame, ops: pd.DataFrame) -> pd.DataFrame:
    """Reported and implied levels as series points for the magnitude tests, each with the figure that owns it."""
    cols = ["id", "indicator", "region", "period", "source", "lo", "hi", "quote", "display_unit"]
    pts = pd.concat([lv[cols].assign(kind="reported"), implied[cols].assign(kind="implied")], ignore_index=True)
    pts = pts[(pts["lo"] > 0) & np.isfinite(pts["hi"])]
    uniq = {p: period.parse(p) for p in pts["period"].unique()}
    end = pd.to_datetime(pts["period"].map({k: v.end for k, v in uniq.items()}))
    subject = dict(zip("implied:" + ops["id"], ops["s_id"]))
    return pts.assign(
        shape=pts["period"].map({k: v.shape for k, v in uniq.items()}),
        t=(end - pd.Timestamp("2000-01-01")).dt.days / 365.25,
        v=np.log10((pts["lo"] + pts["hi"]) / 2),
        owner=magnitude.owner_of(pts["id"], subject),
    )


def magnitude_rows(ds: Dataset, pts: pd.DataFrame, tests: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """One row per figure out of line with its series (see ``magnitude``), one row per series that is in line.

    ``tests``: ``magnitude.tests(pts)``, computed once by the caller (the diagnosis reads it too)."""
    if tests.empty:
        return pd.DataFrame(columns=COLUMNS)
    ind = ds.indicators.drop_duplicates("id").set_index("id")
    by_id = pts.drop_duplicates("id").set_index("id")
    # plain dicts: a pandas .loc per figure would dominate on large data
    info = by_id[["lo", "hi", "display_unit", "period", "kind", "quote", "source", "t"]].to_dict("index")
    band = settings.plausible_annual_factor

    def show(i):
        r = info[i]
        return f"{show_level(r['lo'], r['hi'], r['display_unit'])} in {r['period']}{' (implied)' if r['kind'] == 'implied' else ''}"

    def quotes(ids):
        return " … ".join(dict.fromkeys(info[i]["quote"] for i in ids))

    rows = []
    for r in tests[tests["flagged"]].itertuples(index=False):
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
        obs = [i for i in dict.fromkeys(involved) if not i.startswith("implied:") and i in info]
        rows.append({
            "check_id": r.test_id, "theme": ind.loc[r.indicator, "theme"], "kind": "magnitude",
            "indicators": r.indicator, "periods": r.periods,
            "sources": "; ".join(sorted({info[i]["source"] for i in ids})), "statement": quotes(ids),
            "stated": stated, "stated_lo": lo_, "stated_hi": hi_, "recomputed_lo": rec, "recomputed_hi": rec,
            "unit": "times", "verdict": check.INCONSISTENT,
            "severity": check.MATERIAL, "gap": abs(r.resid), "gap_rel": abs(r.resid),
            "explanation": text,
            "claims": " ".join(i.removeprefix("implied:") for i in dict.fromkeys(ids) if i.startswith("implied:")),
            "observations": " ".join(obs),
        })
    summary = tests.groupby(magnitude.KEY, sort=True).agg(
        n=("flagged", "size"), none=("flagged", lambda f: not f.any()), first=("from_period", "min"),
        last=("to_period", "max"), ids=("ids", " ".join)).reset_index()
    for r in summary[summary["none"]].itertuples(index=False):
        ids = sorted(dict.fromkeys(r.ids.split()), key=lambda i: info[i]["t"])
        label = ind.loc[r.indicator, "label"]
        # a short series is listed figure by figure; a long one by its ends
        listed = (", ".join(show(i) for i in ids) if len(ids) <= 6
                  else f"{len(ids)} figures from {show(ids[0])} to {show(ids[-1])}")
        rows.append({
            "check_id": f"magnitude:{r.indicator}:{r.region}:{r.shape}", "theme": ind.loc[r.indicator, "theme"],
            "kind": "magnitude", "indicators": r.indicator, "periods": f"{info[ids[0]]['period']}→{info[ids[-1]]['period']}",
            "sources": "; ".join(sorted({info[i]["source"] for i in ids})), "statement": f"{len(ids)} figures",
            "stated": (f"no figure out of line; a yearly factor between {number.trim(number.fmt(1 / band, 2))} and "
                       f"{number.trim(number.fmt(band, 2))} at the ends"),
            "stated_lo": 1 / band, "stated_hi": band, "recomputed_lo": np.nan, "recomputed_hi": np.nan,
            "unit": "times", "verdict": check.CONSISTENT, "severity": check.NONE, "gap": np.nan, "gap_rel": np.nan,
            "explanation": (f"{label} ({r.region}): {listed}; no figure is out of line with its neighbours and no step "
                            f"at either end leaves the plausible band."),
            "claims": "", "observations": " ".join(i for i in ids if not i.startswith("implied:")),
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def build_all(ds: Dataset, settings: Settings | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The ledger, plus the resolved claim operands and the levels it was computed from.

    Rows are graded (``severity``), diagnosed (``suspect``, ``factor``, ``corrected``, ``diagnosis``) and
    matched with the analyst's reviews (``review``, from findings.yaml); material findings come first.
    """
    from . import diagnose, findings

    settings = settings or Settings()
    claim_part, ops, lv = claim_rows(ds, settings)
    cl = claims_frame(ds, settings)
    implied = derived_levels(ops, ds)
    pts = series_points(lv, implied, ops)
    tests = magnitude.tests(pts, settings.plausible_annual_factor)
    frames = [claim_part, parts_total_rows(ds, lv), cross_source_rows(ds, lv, cl), scope_rows(ds, lv),
              identity_rows(ds, lv), magnitude_rows(ds, pts, tests, settings)]
    led = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    ev = diagnose.Evidence(ops=ops, lv=lv, pts=pts, pairs=scope_pairs(ds, lv), triples=identity_triples(ds, lv),
                           tests=tests, release=release_dates(ds),
                           band=settings.plausible_annual_factor)
    led[diagnose.COLUMNS] = diagnose.run(led, ev)[diagnose.COLUMNS]
    led["review"] = findings.reviews(led, ds.findings)
    order = kinds.ORDER
    sev = {check.MATERIAL: 0, check.MINOR: 1}
    led = led.assign(_s=led["severity"].map(sev).fillna(2), _o=led["kind"].map(order))
    led = led.sort_values(["_s", "_o", "check_id"], kind="stable").drop(columns=["_s", "_o"])
    return led.reset_index(drop=True)[COLUMNS], ops, lv


def release_dates(ds: Dataset) -> dict[str, str]:
    """Source id -> its publication date as an ISO prefix ('2022-01' from '2022-01 (estimate)'), for ordering."""
    return {i: str(d).split(" ")[0] for i, d in zip(ds.sources["id"], ds.sources["date_published"])}


def build(ds: Dataset, settings: Settings | None = None) -> pd.DataFrame:
    """All checks over the dataset, one row each, in a stable order."""
    return build_all(ds, settings)[0]


def write(led: pd.DataFrame, out_dir: Path, reconciled: pd.DataFrame | None = None) -> list[Path]:
    """The ledger as CSV and JSON for readers to download, and the reconciled figures beside it when given."""
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = out_dir / "ledger.csv", out_dir / "ledger.json"
    led.to_csv(csv_path, index=False, float_format="%.6g")
    json_path.write_text(to_json(led), encoding="utf-8")
    paths = [csv_path, json_path]
    if reconciled is not None:
        paths.append(out_dir / "reconciled.csv")
        reconciled.to_csv(paths[-1], index=False, float_format="%.6g")
    return paths


def to_json(led: pd.DataFrame) -> str:
    records = json.loads(led.to_json(orient="records", double_precision=6, force_ascii=False))
    return json.dumps(records, ensure_ascii=False, indent=1)


def counts(led: pd.DataFrame) -> dict[str, int]:
    vc = led["verdict"].value_counts()
    return {v: int(vc.get(v, 0)) for v in check.VERDICTS}
