"""Time series of an indicator: reported levels, implied levels, and growth between them.

A series is one indicator in one region over comparable periods (stocks
with stocks, annual flows with annual flows, half years with half years).
Implied levels (the base behind a stated growth rate, see ``ledger``) join
the series marked as such; a reported level wins over an implied one for the
same period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import number, period
from . import unit as units

POINT_COLUMNS = ["indicator", "label", "display_unit", "region", "shape", "period", "period_end", "value", "lo", "hi",
                 "kind", "source", "written", "id"]


def points(levels: pd.DataFrame, implied: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """All points, values in each indicator's display unit. ``levels`` from ledger.levels_frame."""
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
    parsed = pts["period"].map(period.parse)
    pts["shape"] = parsed.map(lambda p: p.shape)
    pts["period_end"] = parsed.map(lambda p: pd.Timestamp(p.end))
    pts["label"] = pts["indicator"].map(ind["label"])
    pts["display_unit"] = pts["indicator"].map(ind["unit"])
    # one point per period: reported before implied, then the earliest source id
    pts = pts.sort_values(["indicator", "region", "shape", "period_end", "kind", "source", "id"])
    pts = pts.drop_duplicates(["indicator", "region", "shape", "period"], keep="first")
    return pts[POINT_COLUMNS].reset_index(drop=True)


def with_growth(pts: pd.DataFrame) -> pd.DataFrame:
    """Add growth from the previous point of the same series (as a fraction, and per year)."""
    pts = pts.sort_values(["indicator", "region", "shape", "period_end"]).copy()
    g = pts.groupby(["indicator", "region", "shape"], sort=False)
    prev_value = g["value"].shift(1)
    prev_period = g["period"].shift(1)
    years = [
        period.parse(b).years_between(period.parse(a)) if isinstance(a, str) else np.nan
        for a, b in zip(prev_period, pts["period"])
    ]
    pts["prev_period"] = prev_period.fillna("")
    pts["prev_value"] = prev_value
    pts["years"] = years
    with np.errstate(divide="ignore", invalid="ignore"):
        pts["growth"] = pts["value"] / prev_value - 1
        pts["growth_per_year"] = np.where(pts["years"] > 0, (pts["value"] / prev_value) ** (1 / pts["years"]) - 1, np.nan)
    return pts


def multi_point(pts: pd.DataFrame, minimum: int = 2) -> pd.DataFrame:
    """Points of the series that have at least ``minimum`` periods."""
    n = pts.groupby(["indicator", "region", "shape"])["period"].transform("nunique")
    return pts[n >= minimum]
