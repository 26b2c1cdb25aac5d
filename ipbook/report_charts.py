"""The charts of the book's pages: what each chart shows, computed from the report's reconciled figures and ledger.

``Report`` and ``Theme`` (in ``report``) inherit these methods; ``chart`` draws them.
"""

from __future__ import annotations

import pandas as pd

from . import chart, check, number


class BookCharts:
    """Book-level charts (overview, ledger)."""

    def verdicts_chart(self, by: str = "theme") -> chart.Figure:
        title = "Checks by theme and verdict" if by == "theme" else "Checks by kind and verdict"
        return chart.verdicts(self.verdict_counts(by), title)

    def gaps_chart(self) -> chart.Figure:
        bad = self.ledger[self.ledger["verdict"] == check.INCONSISTENT].sort_values("gap_rel", ascending=False)
        from .report import MAX_CHECKS_CHARTED  # the page limits live with the tables

        bad = bad.head(MAX_CHECKS_CHARTED)
        rows = pd.DataFrame({"check_id": bad["check_id"], "gap_pct": bad["gap_rel"] * 100, "explanation": bad["explanation"]})
        return chart.gaps(rows.dropna(subset=["gap_pct"]), "Gaps of the inconsistent checks")


class ThemeCharts:
    """Charts of one theme page."""

    def levels_chart(self) -> chart.Figure:
        from .report import SHAPE_WORDS

        pts, _ = self.charted()
        pts = pts.assign(
            label=pts["label"] + " (" + pts["display_unit"] + ", " + pts["region"] + ", " + pts["shape"].map(SHAPE_WORDS).fillna(pts["shape"]) + ")",
            growth_label=[
                "" if not prev else f"{'+' if x >= 0 else '−'}{number.fmt(abs(x) * 100, 1)}%"
                for x, prev in zip(pts["growth"], pts["prev_period"])
            ],
        )
        return chart.levels(pts[["label", "period", "period_end", "value", "lo", "hi", "kind", "growth_label"]],
                            f"{self.title}: levels and growth")

    def checks_chart(self) -> chart.Figure:
        rows = self.ledger[self.ledger["verdict"].isin([check.CONSISTENT, check.INCONSISTENT])]
        rows = rows[rows["kind"] != "magnitude"]
        from .report import MAX_CHECKS_CHARTED, most_important

        rows, _ = most_important(rows, MAX_CHECKS_CHARTED)
        return chart.intervals(rows[["check_id", "unit", "stated_lo", "stated_hi", "recomputed_lo", "recomputed_hi",
                                     "verdict", "explanation"]], f"{self.title}: stated against recomputed")
