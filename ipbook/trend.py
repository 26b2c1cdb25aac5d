"""Log-linear trends: average growth with a confidence interval, and a projection.

Model: ``log(level_t) = a + b * t + e_t`` fitted by OLS (statsmodels), with
``t`` in years. The average growth rate is ``exp(b) - 1``; its 95% confidence
interval is ``exp`` of the interval for ``b``, minus one. The projection for
one period after the last is ``exp`` of the 95% *prediction* interval (which
includes the residual variance), so it is wider than the fitted line's band.
With fewer than ``MIN_POINTS`` points the fit is not attempted: two or three
points fit a line almost perfectly and the intervals mean nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_POINTS = 4


@dataclass(frozen=True)
class Trend:
    n: int
    growth: float  # average growth per year, as a fraction
    growth_lo: float
    growth_hi: float
    next_period_end: pd.Timestamp
    projection: float
    projection_lo: float
    projection_hi: float
    r_squared: float


def fit(period_end: pd.Series, value: pd.Series, step_years: float = 1.0) -> Trend | None:
    """Fit the log-linear trend; None when there are fewer than MIN_POINTS positive values."""
    f = pd.DataFrame({"end": pd.to_datetime(period_end), "v": value.astype(float)})
    f = f[f["v"] > 0].sort_values("end")
    if len(f) < MIN_POINTS:
        return None
    # imported here: statsmodels takes 1.5 s to import, and most pages never fit a trend
    from statsmodels.regression.linear_model import OLS

    t = (f["end"] - f["end"].iloc[0]).dt.days.to_numpy() / 365.25
    X = np.column_stack([np.ones_like(t), t])
    res = OLS(np.log(f["v"].to_numpy()), X).fit()
    b_lo, b_hi = res.conf_int(alpha=0.05)[1]
    t_next = t[-1] + step_years
    pred = res.get_prediction(np.array([[1.0, t_next]])).summary_frame(alpha=0.05)
    return Trend(
        n=len(f),
        growth=float(np.exp(res.params[1]) - 1),
        growth_lo=float(np.exp(b_lo) - 1),
        growth_hi=float(np.exp(b_hi) - 1),
        next_period_end=f["end"].iloc[0] + pd.Timedelta(days=round(t_next * 365.25)),
        projection=float(np.exp(pred["mean"].iloc[0])),
        projection_lo=float(np.exp(pred["obs_ci_lower"].iloc[0])),
        projection_hi=float(np.exp(pred["obs_ci_upper"].iloc[0])),
        r_squared=float(res.rsquared),
    )
