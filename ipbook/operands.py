"""What the checks are computed from: figures as intervals in base units, and the operands of every claim.

``resolve`` finds each claim's operands: the observations it names, or the level of the same indicator and
region at the period (or base period) it speaks of, preferring the claim's own source; a share without a
reported total takes the whole its indicator is ``part_of``. ``derived_levels`` are the levels a stated rate
implies, and ``series_points`` puts reported and implied levels on series with the figure each belongs to.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import check, magnitude, number, period
from . import unit as units
from .dataset import Dataset, per_distinct
from .ledger_spec import Settings


def levels_frame(ds: Dataset, settings: Settings) -> pd.DataFrame:
    """Observations with intervals in base units (yuan, count, percent)."""
    # a shallow copy: copy-on-write (pandas 3) keeps the dataset's own table as it is, and a deep copy of a
    # million levels' twenty columns was hundreds of MB
    lv = ds.levels.copy(deep=False)
    base = per_distinct(lv["unit"], lambda u: units.get(u).factor).to_numpy(float)
    lo, hi = number.bounds(lv["number"], lv["step"], lv["round_step"], lv["qualifier"], settings.rules)
    lv["dimension"] = per_distinct(lv["unit"], units.dimension)
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
    lv["display_factor"] = per_distinct(lv["display_unit"], lambda u: units.get(u).factor)
    return lv


def claims_frame(ds: Dataset, settings: Settings) -> pd.DataFrame:
    c = ds.claims.copy(deep=False)  # see levels_frame
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


def operand_table(lv: pd.DataFrame, cl: pd.DataFrame) -> pd.DataFrame:
    """Everything a claim can point at, by id: observations and other claims."""
    a = lv[["id", "lo", "hi", "period", "source", "indicator", "quote", "value", "unit"]]
    b = cl[["id", "st_lo", "st_hi", "period", "source", "indicator", "quote", "value", "unit"]]
    b = b.rename(columns={"st_lo": "lo", "st_hi": "hi"})
    return pd.concat([a, b], ignore_index=True).set_index("id")


def _among(column: pd.Series, wanted: set) -> np.ndarray:
    """``column.isin(wanted)`` for a column of distinct texts (ids), as a set lookup per cell over a plain list:
    twice as fast as pandas' isin on a million ids (on a column of few distinct values, isin is the faster)."""
    return np.fromiter(map(wanted.__contains__, column.tolist()), dtype=bool, count=len(column))


def _find(cl: pd.DataFrame, lv: pd.DataFrame, period_col: str) -> pd.Series:
    """Observation id of the same indicator and region at ``period_col``, same source first."""
    want = cl[["id", "indicator", "region", period_col, "source"]].rename(
        columns={"id": "claim", period_col: "period", "source": "claim_source"})
    # only the levels at a period some claim asks for: the merge then joins thousands of rows, not a million
    lv = lv[lv["period"].isin(set(want["period"].tolist()))]
    m = want.merge(lv[["id", "indicator", "region", "period", "source"]], on=["indicator", "region", "period"])
    m["other"] = m["source"] != m["claim_source"]
    m = m.sort_values(["claim", "other", "id"]).drop_duplicates("claim")
    return m.set_index("claim")["id"]


def resolve(ds: Dataset, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claim checks with operand intervals filled in, ready for check.evaluate."""
    return resolve_all(ds, settings)[:2]


def resolve_all(ds: Dataset, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``resolve``'s claim checks and levels, plus the claims (``claims_frame``) and the operands the claims
    name by id (``operand_table``), which the ledger's sentences cite: built once, where each was a pass over
    the million levels again."""
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
    # only the figures some claim names: a table of every level was a concat and an index of a million rows
    named = set(ops["s_id"].tolist()) | set(ops["r_id"].tolist())
    table = operand_table(lv[_among(lv["id"], named)], cl)
    for side in ("s", "r"):
        ids = ops[f"{side}_id"]
        for c in ("lo", "hi"):
            ops[f"{side}_{c}"] = ids.map(table[c]).astype(float)
    ops["years"] = [
        period.parse(p).years_between(period.parse(b)) if k == "cagr" and b else np.nan
        for k, p, b in zip(ops["kind"], ops["period"], ops["base_period"])
    ]
    return ops, lv, cl, table


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


def release_dates(ds: Dataset) -> dict[str, str]:
    """Source id -> its publication date as an ISO prefix ('2022-01' from '2022-01 (estimate)'), for ordering."""
    return {i: str(d).split(" ")[0] for i, d in zip(ds.sources["id"], ds.sources["date_published"])}
