"""Time series of an indicator: reported levels, implied levels, and growth between them.

A series is one indicator in one region over comparable periods (stocks
with stocks, annual flows with annual flows, half years with half years).
Implied levels (the base behind a stated growth rate, see ``ledger``) join
the series marked as such. Which figure stands for a period is decided in
``reconcile``; the functions here compute on reconciled points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import number, period
from . import unit as units

POINT_COLUMNS = ["indicator", "label", "display_unit", "region", "shape", "period", "period_end", "value", "lo", "hi",
                 "kind", "source", "written", "id", "status", "owner"]


def all_points(levels: pd.DataFrame, implied: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Every reported and implied level as a point, values in each indicator's display unit.

    ``levels`` from operands.levels_frame. Periods reported by several sources have several points;
    ``reconcile.run`` turns them into one figure per period.
    """
    lv = levels
    rep = pd.DataFrame({
        "indicator": lv["indicator"], "region": lv["region"], "period": lv["period"],
        "value": lv["number"] * lv["factor"],
        "lo": lv["lo"] / lv["display_factor"], "hi": lv["hi"] / lv["display_factor"],
        "kind": "reported", "source": lv["source"],
        "written": [number.written(v, u, q) for v, u, q in zip(lv["value"], lv["unit"], lv["qualifier"])],
        "id": lv["id"],
    })
    ind = indicators.set_index("id")
    if len(implied):
        f = implied["display_unit"].map(lambda u: units.get(u).factor).astype(float)
        imp = pd.DataFrame({
            "indicator": implied["indicator"], "region": implied["region"], "period": implied["period"],
            "value": (implied["lo"] + implied["hi"]) / 2 / f, "lo": implied["lo"] / f, "hi": implied["hi"] / f,
            "kind": "implied", "source": implied["source"], "written": "", "id": implied["id"],
        })
        pts = pd.concat([rep, imp], ignore_index=True)
    else:
        pts = rep
    uniq = {p: period.parse(p) for p in pts["period"].unique()}  # a few hundred periods for a million points
    pts["shape"] = pts["period"].map({k: v.shape for k, v in uniq.items()})
    pts["period_end"] = pts["period"].map({k: pd.Timestamp(v.end) for k, v in uniq.items()})
    pts["label"] = pts["indicator"].map(ind["label"])
    pts["display_unit"] = pts["indicator"].map(ind["unit"])
    pts["status"] = ""
    pts["owner"] = pts["id"]  # the figure a point stands on; reconcile sets the reported one behind an implied level
    # every figure, several per period where sources overlap: reconcile chooses one
    return pts[POINT_COLUMNS].reset_index(drop=True)


def with_growth(pts: pd.DataFrame) -> pd.DataFrame:
    """Add the change from the previous point of the same series: growth (a fraction), per year, and for rates
    the difference in percentage points (``change_pp``; a rate's growth rate is not what a reader wants).

    A level implied from the current figure's own stated growth (2020 implied from "2021: 309.8, up 42%") only
    restates that rate: the change is taken from the point before it instead.
    """
    pts = pts.sort_values(["indicator", "region", "shape", "period_end"]).copy()
    g = pts.groupby(["indicator", "region", "shape"], sort=False)
    circular = ((g["kind"].shift(1) == "implied") & (g["owner"].shift(1) == pts["id"])).to_numpy()

    def prev(col):
        return pd.Series(np.where(circular, g[col].shift(2), g[col].shift(1)), index=pts.index)

    prev_value = prev("value").astype(float)
    prev_period = prev("period")
    between: dict = {}  # (earlier, later) -> years: a few hundred pairs for a million points

    def years_between(a, b):
        if not isinstance(a, str):
            return np.nan
        if (a, b) not in between:
            between[a, b] = period.parse(b).years_between(period.parse(a))
        return between[a, b]

    years = [years_between(a, b) for a, b in zip(prev_period, pts["period"])]
    pts["prev_period"] = prev_period.fillna("")
    pts["prev_status"] = prev("status").fillna("")
    pts["prev_written"] = prev("written").fillna("")
    pts["prev_value"] = prev_value
    pts["years"] = years
    with np.errstate(divide="ignore", invalid="ignore"):
        pts["growth"] = pts["value"] / prev_value - 1
        pts["growth_per_year"] = np.where(pts["years"] > 0, (pts["value"] / prev_value) ** (1 / pts["years"]) - 1, np.nan)
    pts["change_pp"] = np.where(pts["display_unit"] == "%", pts["value"] - prev_value, np.nan)
    return pts


def multi_point(pts: pd.DataFrame, minimum: int = 2) -> pd.DataFrame:
    """Points of the series that have at least ``minimum`` periods."""
    n = pts.groupby(["indicator", "region", "shape"])["period"].transform("nunique")
    return pts[n >= minimum]


def points_frame(pts: pd.DataFrame) -> pd.DataFrame:
    """Recompute shape and period end from the period text (after aggregation)."""
    uniq = {p: period.parse(p) for p in pts["period"].unique()}
    pts = pts.assign(shape=pts["period"].map({k: v.shape for k, v in uniq.items()}),
                     period_end=pts["period"].map({k: pd.Timestamp(v.end) for k, v in uniq.items()}))
    return pts[POINT_COLUMNS].sort_values(["indicator", "region", "shape", "period_end"]).reset_index(drop=True)


def _sum(pts: pd.DataFrame, keys: list[str], region: str | None, period_of) -> pd.DataFrame:
    """Sum values and interval ends over the rows sharing ``keys`` and a period (given by ``period_of``)."""
    g = pts.assign(period=period_of(pts), _implied=pts["kind"] == "implied").groupby(keys + ["period"], sort=True)
    extra = {} if "region" in keys else {"region": ("region", "first")}
    out = g.agg(value=("value", "sum"), lo=("lo", "sum"), hi=("hi", "sum"), n=("value", "size"),
                label=("label", "first"), display_unit=("display_unit", "first"),
                implied=("_implied", "any"), **extra).reset_index()
    out["kind"] = out["implied"].map({True: "implied", False: "reported"})
    if region is not None:
        out["region"] = region
    out["source"] = out["n"].map(lambda n: f"sum of {n} figures")
    out["written"] = ""
    out["id"] = "sum:" + out["indicator"] + ":" + out["region"] + ":" + out["period"]
    out["shape"] = ""
    out["period_end"] = pd.NaT
    out["status"] = "sum"
    out["owner"] = out["id"]
    return out


def sum_regions(pts: pd.DataFrame) -> pd.DataFrame:
    """Sum of regional figures per indicator and period, where every region of the indicator reports."""
    n_regions = pts.groupby("indicator")["region"].nunique()
    out = _sum(pts, ["indicator", "shape"], None, lambda f: f["period"])
    out = out[out["n"] == out["indicator"].map(n_regions)]
    out["region"] = "all regions (sum)"
    out["id"] = "sum:" + out["indicator"] + ":" + out["period"]
    return points_frame(out)


def monthly_to_annual(pts: pd.DataFrame) -> pd.DataFrame:
    """Yearly sums of monthly flows, for complete calendar years only."""
    out = _sum(pts, ["indicator", "region"], None, lambda f: f["period"].str[:4])
    out = out[out["n"] == 12]
    return points_frame(out)
