"""Altair charts that work offline and render the same bytes every run.

Altair's own HTML output loads vega from a CDN and carries a random element
id. The book is read without network and CI compares outputs byte for byte
(nbval), so charts are shown through ``Figure``: its HTML holds the
Vega-Lite spec and a container whose id is a hash of that spec, and calls
``vegaEmbed`` from the bundle that ``write_bundle`` places in ``_static/``
(vl-convert's bundle of vega, vega-lite and vega-embed, wrapped in a function
so that its top-level names do not clash with Sphinx's ``_``).

Charts aggregate: they receive one row per plotted point or interval, never
raw observations, so a page stays small whatever the size of the data.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from . import check

BUNDLE_NAME = "vega-bundle.js"

VERDICT_COLORS = {
    check.CONSISTENT: "#2b8a3e",
    check.INCONSISTENT: "#c92a2a",
    check.CANNOT: "#868e96",
    check.DERIVED: "#1c7ed6",
}

WIDTH = 560


def write_bundle(static_dir: Path) -> Path:
    """Write the vega bundle once (rewritten only when its content would change)."""
    import vl_convert

    static_dir.mkdir(parents=True, exist_ok=True)
    path = static_dir / BUNDLE_NAME
    code = "/* vega, vega-lite and vega-embed, bundled by vl-convert */\n(function () {\n" + vl_convert.javascript_bundle() + "\n})();\n"
    if not path.exists() or path.read_text(encoding="utf-8") != code:
        path.write_text(code, encoding="utf-8")
    return path


def script_json(value) -> str:
    """JSON to embed in an inline ``<script>``: no string in it can open or close a comment or a script.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026`` (the same string to JavaScript), so
    ``</script>``, ``<!--``, ``<script`` and ``-->`` in a label cannot change how the HTML parser reads
    the page; ``ensure_ascii`` already escapes U+2028 and U+2029.
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Figure:
    """A chart shown as deterministic, offline HTML with alternative text."""

    def __init__(self, chart: alt.TopLevelMixin, alt_text: str):
        self.spec = chart.to_dict()
        self.alt_text = alt_text

    @property
    def element_id(self) -> str:
        digest = hashlib.sha1(json.dumps(self.spec, sort_keys=True).encode()).hexdigest()[:12]
        return f"ipbook-chart-{digest}"

    def _repr_html_(self) -> str:
        spec = script_json(self.spec)
        eid = self.element_id
        return (
            f'<div class="ipbook-chart" id="{eid}" role="img" aria-label="{html.escape(self.alt_text)}"></div>\n'
            f'<p class="ipbook-chart-alt visually-hidden">{html.escape(self.alt_text)}</p>\n'
            "<script>(function () {\n"
            f"  var spec = {spec};\n"
            "  function draw(tries) {\n"
            "    if (window.vegaEmbed) {\n"
            f"      window.vegaEmbed('#{eid}', spec, {{actions: false, renderer: 'svg'}})"
            ".catch(function (e) { console.error(e); });\n"
            "    } else if (tries > 0) { setTimeout(function () { draw(tries - 1); }, 50); }\n"
            f"    else {{ document.getElementById('{eid}').textContent = 'Chart not shown: the vega bundle did not load.'; }}\n"
            "  }\n"
            "  draw(100);\n"
            "})();</script>"
        )

    def __repr__(self) -> str:
        return f"Chart: {self.alt_text}"


def _empty(message: str, title: str) -> alt.Chart:
    return (
        alt.Chart(pd.DataFrame({"message": [message]}), title=title)
        .mark_text(fontSize=13, align="left", color="#495057")
        .encode(text="message:N")
        .properties(width=WIDTH, height=40)
    )


def levels(points: pd.DataFrame, title: str) -> Figure:
    """Levels of each series over time, one panel per indicator, growth labels between points.

    ``points``: label (with unit), period, period_end, value, lo, hi, kind ('reported'/'implied'),
    growth_label (text shown at the later point, '' for the first).
    """
    if points.empty:
        return Figure(_empty("No series in this theme has two or more comparable periods yet.", title),
                      f"{title}: no series with two or more periods.")
    pts = points.assign(period_end=pd.to_datetime(points["period_end"]).dt.strftime("%Y-%m-%d"))
    y_title = "Level (unit in panel title)"
    base = alt.Chart(pts).encode(
        x=alt.X("period_end:T", title="End of period",
                axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, labelOverlap=True)),
    )
    tooltip = [
        alt.Tooltip("label:N", title="Series"), alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("value:Q", title="Value", format=",.4~g"), alt.Tooltip("kind:N", title="Figure"),
        alt.Tooltip("growth_label:N", title="Change from previous"),
    ]
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False))
    line = base.mark_line(color="#495057").encode(y=y)
    band = base.mark_rule(color="#adb5bd", strokeWidth=3).encode(y=alt.Y("lo:Q", title=y_title), y2="hi:Q")
    dots = base.mark_point(filled=True, size=60).encode(
        y=y,
        shape=alt.Shape("kind:N", title="Figure", scale=alt.Scale(domain=["reported", "implied"], range=["circle", "triangle-up"])),
        color=alt.Color("kind:N", title="Figure", scale=alt.Scale(domain=["reported", "implied"], range=["#1c7ed6", "#868e96"])),
        tooltip=tooltip,
    )
    text = base.mark_text(dy=-12, fontSize=11, color="#212529").encode(y=y, text="growth_label:N")
    chart = (
        alt.layer(line, band, dots, text, data=pts)
        .properties(width=WIDTH // 2 - 30, height=170)
        .facet(facet=alt.Facet("label:N", title=None, header=alt.Header(labelLimit=WIDTH // 2 + 10, labelFontSize=11)), columns=2)
        .resolve_scale(y="independent", x="independent")
        .properties(title=title)
    )
    n = points["label"].nunique()
    return Figure(chart, f"{title}: {n} series; points are reported or implied levels, labels give the change from the previous point.")


def intervals(rows: pd.DataFrame, title: str) -> Figure:
    """Stated against recomputed intervals for each check, one panel per unit.

    ``rows``: check_id, unit, stated_lo, stated_hi, recomputed_lo, recomputed_hi, verdict, explanation.
    """
    rows = rows.replace([np.inf, -np.inf], np.nan).dropna(subset=["stated_lo", "stated_hi", "recomputed_lo", "recomputed_hi"])
    if rows.empty:
        return Figure(_empty("No stated relation in this theme could be recomputed from reported levels.", title),
                      f"{title}: no recomputable checks.")
    base = alt.Chart(rows).encode(y=alt.Y("check_id:N", title=None, sort=None, axis=alt.Axis(labelLimit=190)))
    stated = base.mark_bar(height=14, opacity=0.35, color="#495057").encode(
        x=alt.X("stated_lo:Q", title="Value (unit in panel title)", scale=alt.Scale(zero=False)), x2="stated_hi:Q",
        tooltip=[alt.Tooltip("check_id:N", title="Check"), alt.Tooltip("stated_lo:Q", title="Stated from", format=",.4~g"),
                 alt.Tooltip("stated_hi:Q", title="Stated to", format=",.4~g")],
    )
    recomputed = base.mark_bar(height=5).encode(
        x="recomputed_lo:Q", x2="recomputed_hi:Q",
        color=alt.Color("verdict:N", title="Verdict", scale=alt.Scale(domain=list(VERDICT_COLORS), range=list(VERDICT_COLORS.values())),
                            legend=alt.Legend(labelLimit=260, orient="bottom", columns=2)),
        tooltip=[alt.Tooltip("check_id:N", title="Check"), alt.Tooltip("verdict:N", title="Verdict"),
                 alt.Tooltip("recomputed_lo:Q", title="Recomputed from", format=",.4~g"),
                 alt.Tooltip("recomputed_hi:Q", title="Recomputed to", format=",.4~g"),
                 alt.Tooltip("explanation:N", title="Explanation")],
    )
    chart = (
        alt.layer(stated, recomputed, data=rows)
        .properties(width=WIDTH - 260)
        .facet(row=alt.Row("unit:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")))
        .resolve_scale(x="independent", y="independent")
        .properties(title=title)
    )
    return Figure(chart, f"{title}: {len(rows)} checks; grey bars are the stated intervals, coloured bars the recomputed ones.")


def verdicts(counts: pd.DataFrame, title: str) -> Figure:
    """Number of checks per theme (or kind) and verdict. ``counts``: group, verdict, n."""
    chart = (
        alt.Chart(counts, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None, sort=None),
            x=alt.X("n:Q", title="Number of checks"),
            color=alt.Color("verdict:N", title="Verdict", scale=alt.Scale(domain=list(VERDICT_COLORS), range=list(VERDICT_COLORS.values())),
                            legend=alt.Legend(labelLimit=260, orient="bottom", columns=2)),
            tooltip=[alt.Tooltip("group:N", title="Group"), alt.Tooltip("verdict:N", title="Verdict"), alt.Tooltip("n:Q", title="Checks")],
        )
        .properties(width=WIDTH - 160)
    )
    return Figure(chart, f"{title}: bars count checks by verdict.")


def gaps(rows: pd.DataFrame, title: str) -> Figure:
    """Relative gap of every inconsistent check. ``rows``: check_id, gap_rel_pct, verdict, explanation."""
    if rows.empty:
        return Figure(_empty("No check found a gap: every recomputable statement agrees with its figures.", title),
                      f"{title}: no gaps.")
    chart = (
        alt.Chart(rows, title=title)
        .mark_bar(color=VERDICT_COLORS[check.INCONSISTENT])
        .encode(
            y=alt.Y("check_id:N", title=None, sort="-x", axis=alt.Axis(labelLimit=300)),
            x=alt.X("gap_pct:Q", title="Gap between stated and recomputed (% of the stated value)"),
            tooltip=[alt.Tooltip("check_id:N", title="Check"), alt.Tooltip("gap_pct:Q", title="Gap (%)", format=",.1f"),
                     alt.Tooltip("explanation:N", title="Explanation")],
        )
        .properties(width=WIDTH - 200)
    )
    return Figure(chart, f"{title}: {len(rows)} inconsistent checks by relative gap.")
