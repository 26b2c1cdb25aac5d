"""Vega-Lite charts that work offline, render the same bytes every run, and say what they show.

Altair's own HTML output loads vega from a CDN and carries a random element
id. The book is read without network and CI compares outputs byte for byte
(nbval), so charts are shown through ``Figure``: its HTML holds the
Vega-Lite spec and a container whose id is a hash of that spec, and calls
``vegaEmbed`` from the bundle that ``write_bundle`` places in ``_static/``
(vl-convert's bundle of vega, vega-lite and vega-embed, wrapped in a function
so that its top-level names do not clash with Sphinx's ``_``).

Every figure has the same frame: a takeaway title generated from the data, a
subtitle saying what is measured, its panels, and a "Source:" line under
them, all inside the drawing (so an exported PNG or SVG carries them too).
The spec is laid out for a laptop column; ``FIT_JS`` (appended to the bundle)
re-wraps the texts and sets the number of panel columns and their width from
the container's width when the page is drawn, so a phone gets one column and
nothing overflows. Text colours are a few fixed greys that ``_static/ipbook.css``
swaps in the dark theme; the background is transparent.

Besides the drawing, a figure carries a text description generated from the
data (``aria-label`` and a visually hidden paragraph for screen readers) and a
``<noscript>`` table of what is drawn, for a reader without JavaScript.

Charts aggregate: they receive one row per plotted point or interval, never
raw observations, so a page stays small whatever the size of the data.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import check

BUNDLE_NAME = "vega-bundle.js"
# the Vega-Lite schema the specs name (altair 6.3.0's SCHEMA_URL; a test keeps them equal): altair itself is not
# imported, which saves a page's kernel about half a second (the specs are plain dicts made here)
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"

VERDICT_COLORS = {
    check.CONSISTENT: "#2b8a3e",
    check.INCONSISTENT: "#e03131",
    check.CANNOT: "#868e96",
    check.DERIVED: "#1c7ed6",
}
SEVERITY_COLORS = {check.MATERIAL: "#e03131", check.MINOR: "#f08c00"}

# Text and rule greys; the dark theme swaps exactly these (see _static/ipbook.css), so every other colour
# (data colours, chosen to read on white and on the dark theme's near-black) is left alone.
INK, INK2, GRID, AXIS = "#212529", "#495057", "#dee2e6", "#868e96"

# How each figure in a levels chart is drawn: reported and implied levels as ordinary points; a corrected or
# disputed figure hollow and labelled; a figure left out as a probable slip as a cross at the panel's foot.
MARKERS = {
    "reported": ("circle", "#1c7ed6", "#1c7ed6"),
    "implied": ("triangle-up", "#868e96", "#868e96"),
    "corrected": ("circle", "transparent", "#e8590c"),
    "disputed": ("diamond", "transparent", "#e03131"),
    "left out": ("cross", "#e03131", "#e03131"),
}
MARKER_WORDS = {"reported": "reported", "implied": "implied by a stated rate", "corrected": "corrected slip",
                "disputed": "disputed", "left out": "left out (probable slip)"}

# Layout for a laptop column (about 700 px); FIT_JS redoes it for the real width.
WIDTH = 740
PANEL_HEIGHT = 170
LAYOUT = {
    "titleChar": 8.4, "subChar": 6.6, "srcChar": 6.0, "panelChar": 7.0, "labelChar": 6.2,
    "line": 14, "labelGap": 8, "rowGap": 16, "spacing": 28, "reserve": 48,
}


def write_bundle(static_dir: Path) -> Path:
    """Write the vega bundle, with ``FIT_JS`` after it, unless the file already holds it.

    The bundle is a function of vl-convert's version and of ``FIT_JS`` only, both named on its first line:
    a file whose first line and end match is kept without asking vl-convert for the bundle again (1.6 s of a
    build); a file cut short by a killed write does not end with ``FIT_JS`` and is rewritten."""
    import vl_convert

    static_dir.mkdir(parents=True, exist_ok=True)
    path = static_dir / BUNDLE_NAME
    fit = hashlib.sha256(FIT_JS.encode()).hexdigest()[:16]
    head = f"/* vega, vega-lite and vega-embed, bundled by vl-convert {vl_convert.__version__}; fit {fit} */\n"
    try:
        old = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        old = ""
    if old.startswith(head) and old.endswith(FIT_JS):
        return path
    path.write_text(head + "(function () {\n" + vl_convert.javascript_bundle() + "\n})();\n" + FIT_JS, encoding="utf-8")
    return path


def script_json(value) -> str:
    """JSON to embed in an inline ``<script>``: no string in it can open or close a comment or a script.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026`` (the same string to JavaScript), so
    ``</script>``, ``<!--``, ``<script`` and ``-->`` in a label cannot change how the HTML parser reads
    the page; ``ensure_ascii`` already escapes U+2028 and U+2029.
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ---------------------------------------------------------------------------------------------- frame


def wrap(text: str, chars: float) -> list[str]:
    """Greedy word wrap to about ``chars`` characters a line; words are never cut (and nothing is elided)."""
    return textwrap.wrap(str(text), max(12, int(chars)), break_long_words=False, break_on_hyphens=False) or [""]


def _layout_rows(values: list[dict], chars: float) -> float:
    """Stack rows of (wrapped label, then the row's marks): sets label, y_label, y_bar; returns the height."""
    y = 0.0
    for v in values:
        lines = wrap(v["label_raw"], chars)
        v["label"] = "\n".join(lines)
        v["y_label"] = y
        v["y_bar"] = y + len(lines) * LAYOUT["line"] + LAYOUT["labelGap"]
        y = v["y_bar"] + LAYOUT["rowGap"]
    return y


@dataclass
class Table:
    """What a figure draws, as a small table for the ``<noscript>`` fallback."""

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)


class Figure:
    """A chart shown as deterministic, offline HTML with a text description and a no-JavaScript fallback."""

    empty = False

    def __init__(self, spec, alt_text: str, description: str = "", table: Table | None = None, source: str = ""):
        self.spec = spec if isinstance(spec, dict) else spec.to_dict()
        self.alt_text = alt_text
        self.description = description or alt_text
        self.table = table
        self.source = source

    @property
    def element_id(self) -> str:
        digest = hashlib.sha1(json.dumps(self.spec, sort_keys=True).encode()).hexdigest()[:12]
        return f"ipbook-chart-{digest}"

    def _data_table(self) -> str:
        """The figure's data as a table: visually hidden (screen readers can read it) and shown when JavaScript is
        off (the ``<noscript>`` style), with the source line. It is a ``dataframe`` table so that the dark theme
        leaves the output's background dark, as it does for pandas tables."""
        if self.table is None:
            return ""
        eid = self.element_id
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.table.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(x))}</td>" for x in r) + "</tr>" for r in self.table.rows)
        src = f'<p class="ipbook-chart-source">{html.escape(self.source)}</p>' if self.source else ""
        return (f'<div class="ipbook-chart-data" id="{eid}-data"><table class="dataframe ipbook-chart-table">'
                f"<caption>{html.escape(self.alt_text)}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>\n"
                f"<noscript><style>#{eid}-data {{ position: static; width: auto; height: auto; clip: auto; overflow: visible; }}"
                f"</style>{src}</noscript>\n")

    def _download(self) -> str:
        """The figure's data as a CSV link under it (the same rows as the no-JavaScript table), while small."""
        if self.table is None or not self.table.rows:
            return ""
        from . import present

        frame = pd.DataFrame(self.table.rows, columns=self.table.columns)
        uri = present.csv_data_uri(frame)
        if len(uri) > present.MAX_INLINE_CSV:
            return ""
        return (f'<p class="ipbook-download"><a download="{self.element_id}.csv" href="{uri}">'
                "Download the data of this chart (CSV)</a></p>\n")

    def _repr_html_(self) -> str:
        spec = script_json(self.spec)
        eid = self.element_id
        return (
            '<div class="ipbook-chart-frame">\n'
            f'<div class="ipbook-chart" id="{eid}" role="img" aria-label="{html.escape(self.alt_text)}" '
            f'aria-describedby="{eid}-desc"></div>\n'
            f'<p class="ipbook-chart-alt visually-hidden" id="{eid}-desc">{html.escape(self.description)}</p>\n'
            + self._data_table() + self._download() +
            "<script>(function () {\n"
            f"  var spec = {spec};\n"
            f"  var el = document.getElementById('{eid}'), drawn = -1, timer = null;\n"
            "  function embed(w, shrink) {\n"
            "    window.vegaEmbed(el, window.ipbookChartFit(spec, w - shrink), {renderer: 'svg', downloadFileName: el.id,\n"
            "      actions: {export: true, source: false, compiled: false, editor: false}}).then(function () {\n"
            "      var svg = el.querySelector('svg'), cs = getComputedStyle(el);\n"
            "      var room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);\n"
            "      var over = svg ? parseFloat(svg.getAttribute('width')) - room : 0;\n"
            "      if (over > 1 && shrink === 0) { embed(w, Math.ceil(over) + 4); }\n"
            "    }).catch(function (e) { console.error(e); });\n"
            "  }\n"
            "  function draw() {\n"
            "    var w = el.clientWidth;\n"
            "    if (!w || Math.abs(w - drawn) < 12) { return; }\n"
            "    drawn = w;\n"
            "    embed(w, 0);\n"
            "  }\n"
            "  function start(tries) {\n"
            "    if (window.vegaEmbed && window.ipbookChartFit) {\n"
            "      draw();\n"
            "      window.addEventListener('resize', function () { clearTimeout(timer); timer = setTimeout(draw, 150); });\n"
            "    } else if (tries > 0) { setTimeout(function () { start(tries - 1); }, 50); }\n"
            "    else { el.textContent = 'Chart not shown: the vega bundle did not load.'; }\n"
            "  }\n"
            "  start(100);\n"
            "})();</script>\n"
            "</div>"
        )

    def __repr__(self) -> str:
        return f"Chart: {self.alt_text}"


class Empty:
    """A chart with nothing to show: the notebook displays nothing at all (no output, no figure).

    ``_ipython_display_`` makes IPython show nothing, so the executed cell has no output; ``bool(Empty)`` is
    False and ``empty`` is True, so a notebook can also test for it.
    """

    empty = True

    def __init__(self, reason: str):
        self.reason = reason

    def __bool__(self) -> bool:
        return False

    def _ipython_display_(self) -> None:
        return None

    def _repr_html_(self) -> str:
        return ""

    def __repr__(self) -> str:
        return ""


def _frame(panels: list[dict], *, title: str, subtitle: str, source: str, description: str, columns: int,
           pad: int, min_panel: int, panel_titles: list[str] | None = None, rows: bool = False) -> dict:
    """The figure spec: title (takeaway) and subtitle, the panels in ``columns`` columns, the source line under them."""
    L = LAYOUT
    avail = WIDTH - L["reserve"]
    cols = max(1, min(columns, int((avail + L["spacing"]) // (min_panel + pad + L["spacing"]))))
    pw = int((avail - cols * pad - (cols - 1) * L["spacing"]) // cols)
    for i, p in enumerate(panels):
        p["width"] = pw
        if panel_titles and panel_titles[i]:
            p["title"]["text"] = wrap(panel_titles[i], (pw + pad) / L["panelChar"])
        if rows:
            p["height"] = max(20, _layout_rows(p["data"]["values"], (pw + pad) / L["labelChar"]))
    src_w = max(120, avail - pad)  # the source view sits past the panels' y axes
    src_lines = wrap(source, src_w / L["srcChar"])
    source_view = {
        "name": "source", "width": src_w, "height": len(src_lines) * L["line"],
        "data": {"values": [{"text": "\n".join(src_lines)}]},
        "mark": {"type": "text", "align": "left", "baseline": "top", "lineBreak": "\n", "fontSize": 11, "color": INK2,
                 "lineHeight": L["line"]},
        "encoding": {"text": {"field": "text", "type": "nominal"}, "x": {"value": 0}, "y": {"value": 0}},
    }
    return {
        "$schema": SCHEMA,
        "description": description,
        "background": "transparent",
        "padding": {"left": 4, "right": 4, "top": 4, "bottom": 4},
        "title": {"text": wrap(title, avail / L["titleChar"]), "subtitle": wrap(subtitle, avail / L["subChar"]),
                  "anchor": "start", "frame": "bounds"},
        "vconcat": [{"concat": panels, "columns": cols, "spacing": L["spacing"]}, source_view],
        "spacing": 18,
        "config": CONFIG,
        "usermeta": {"ipbook": {**L, "title": title, "subtitle": subtitle, "source": source, "columns": columns,
                                "pad": pad, "minPanel": min_panel, "panelTitles": panel_titles or [], "rows": rows}},
    }


CONFIG = {
    "font": "sans-serif",
    "view": {"stroke": None},
    "title": {"color": INK, "subtitleColor": INK2, "fontSize": 15, "subtitleFontSize": 12, "subtitlePadding": 4,
              "offset": 10, "limit": 0},
    "axis": {"labelColor": INK2, "titleColor": INK2, "gridColor": GRID, "domainColor": AXIS, "tickColor": AXIS,
             "labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal", "labelLimit": 0, "titleLimit": 0},
    "legend": {"labelColor": INK2, "titleColor": INK2, "labelFontSize": 11, "titleFontSize": 11, "labelLimit": 0,
               "titleLimit": 0, "orient": "top", "direction": "horizontal", "columnPadding": 12, "symbolStrokeWidth": 2},
    "concat": {"spacing": LAYOUT["spacing"]},
}


def _unit_words(unit: str) -> str:
    """The y axis title: the unit a value is in."""
    return {"count": "Number", "number": "Number", "%": "Percent (%)", "times": "Times", "log10": "Powers of ten"}.get(unit, unit[:1].upper() + unit[1:])


# ---------------------------------------------------------------------------------------------- periods

SHAPE_AXIS = {"12m": "Year", "6m": "Half-year", "3m": "Quarter", "1m": "Month", "stock": "End of period"}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _decimal_year(d) -> float:
    return d.year + (d.month - 1) / 12 + (d.day - 1) / 365.25


def period_x(text: str) -> float:
    """Where a period sits on a time axis, in decimal years: a flow at its middle (2020 at 2020.5, 2021H1 at
    2021.25), a stock at its date (end-2020 at 2021.0, the end of 31 December 2020)."""
    from . import period

    p = period.parse(text)
    if p.stock:
        return round(_decimal_year(p.end), 6)
    return round((_decimal_year(p.start) + _decimal_year(p.end)) / 2, 6)


def _tick_label(x: float, shape: str) -> str:
    if shape == "stock":
        months = round(x * 12) - 1  # the month that ends at x
        y, m = divmod(months, 12)
        return f"end-{y}" if m == 11 else f"end-{MONTHS[m]} {y}"
    if shape == "12m":
        return str(math.floor(x))
    y, frac = math.floor(x), x - math.floor(x)
    if shape == "6m":
        return f"{y}H{1 if frac < 0.5 else 2}"
    if shape == "3m":
        return f"{y}Q{int(frac * 4) + 1}"
    return f"{MONTHS[min(11, int(frac * 12))]} {y}"


def period_axis(xs: list[float], shape: str) -> tuple[list[float], list[float], str]:
    """Tick positions (every period from the first to the last, thinned to at most 12), the scale's domain
    (half a period beyond the first and last), and a ``labelExpr`` naming each tick as its period."""
    step = {"12m": 1.0, "6m": 0.5, "3m": 0.25, "1m": 1 / 12}.get(shape)
    xs = sorted(set(xs))
    if step is None:  # stocks: the smallest gap between the dates given, at least a month
        gaps = [b - a for a, b in zip(xs, xs[1:]) if b - a > 1e-6]
        step = max(1 / 12, min(gaps)) if gaps else 1.0
        step = 1.0 if abs(step - round(step)) < 1e-6 and step >= 1 else step
    n = int(round((xs[-1] - xs[0]) / step)) if len(xs) > 1 else 0
    ticks = [round(xs[0] + i * step, 6) for i in range(n + 1)]
    if len(ticks) > 12:
        k = math.ceil(len(ticks) / 12)
        ticks = ticks[::-1][::k][::-1]
    domain = [round(xs[0] - step / 2, 6), round(xs[-1] + step / 2, 6)]
    expr = "''"
    for i in range(len(ticks) - 1, -1, -1):
        bound = ticks[i] + (ticks[i + 1] - ticks[i]) / 2 if i + 1 < len(ticks) else math.inf
        label = _tick_label(ticks[i], shape).replace("'", "")
        expr = f"'{label}'" if bound == math.inf else f"datum.value < {round(bound, 6)} ? '{label}' : {expr}"
    return ticks, domain, expr


# ---------------------------------------------------------------------------------------------- levels


def levels(points: pd.DataFrame, *, title: str, subtitle: str, source: str, description: str, alt_text: str,
           table: Table | None = None) -> Figure | Empty:
    """Levels of each series over time, one panel per series with its unit on the y axis.

    ``points``: series (panel key), panel_title, panel_subtitle, shape, display_unit, period, x (``period_x``),
    value, lo, hi, marker (a ``MARKERS`` key), display (the value in words), note (an annotation, '' for none),
    growth_label ('' for none), run (points of one run of three or more consecutive periods share a run id;
    '' for none: a line is drawn only along a run).
    """
    if points.empty:
        return Empty("no series with two or more periods")
    panels, titles = [], []
    # one marker scale for the whole figure: the panels share the legend, so they must share its domain and range
    present = [m for m in MARKERS if m in set(points.loc[points["marker"] != "left out", "marker"])]
    for _, s in points.groupby("series", sort=False):
        s = s.sort_values("x")
        shape, unit = s["shape"].iloc[0], s["display_unit"].iloc[0]
        ticks, domain, expr = period_axis(s["x"].tolist(), shape)
        drawn = s[s["marker"] != "left out"]
        out = s[s["marker"] == "left out"]
        vals = pd.concat([drawn["lo"], drawn["hi"], drawn["value"]]).replace([np.inf, -np.inf], np.nan).dropna()
        lo, hi = float(vals.min()), float(vals.max())
        span = (hi - lo) or abs(hi) or 1.0
        ydom = [lo - 0.12 * span, hi + 0.18 * span]
        if lo >= 0 and ydom[0] < 0:
            ydom[0] = 0.0
        x = {"field": "x", "type": "quantitative", "title": SHAPE_AXIS.get(shape, "Period"),
             "scale": {"domain": domain, "nice": False, "zero": False},
             "axis": {"values": ticks, "labelExpr": expr, "grid": False, "labelOverlap": "greedy", "labelFlush": False}}
        y = {"field": "value", "type": "quantitative", "title": _unit_words(unit),
             "scale": {"domain": ydom, "nice": False, "zero": False}, "axis": {"tickCount": 5, "format": ",~r"}}
        rows = [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in r.items()}
                for r in s[["period", "x", "value", "lo", "hi", "marker", "display", "note", "growth_label", "run"]].to_dict("records")]
        mk = {"field": "marker", "type": "nominal", "title": None}
        tooltip = [{"field": "period", "title": "Period"}, {"field": "display", "title": "Value"},
                   {"field": "marker", "title": "Figure"}, {"field": "note", "title": "Note"}]
        layers = [
            {"transform": [{"filter": "datum.hi > datum.lo && datum.marker != 'left out'"}],
             "mark": {"type": "rule", "color": "#adb5bd", "strokeWidth": 3},
             "encoding": {"x": x, "y": {"field": "lo", "type": "quantitative"}, "y2": {"field": "hi"}}},
            {"transform": [{"filter": "datum.run != ''"}],
             "mark": {"type": "line", "color": INK2, "strokeWidth": 1.5},
             "encoding": {"x": x, "y": y, "detail": {"field": "run", "type": "nominal"}}},
            {"transform": [{"filter": "datum.marker != 'left out'"}],
             "mark": {"type": "point", "size": 80, "strokeWidth": 2, "opacity": 1, "filled": True},
             "encoding": {"x": x, "y": y, "tooltip": tooltip,
                          "shape": {**mk, "scale": {"domain": present, "range": [MARKERS[m][0] for m in present]}},
                          "fill": {**mk, "scale": {"domain": present, "range": [MARKERS[m][1] for m in present]}},
                          "stroke": {**mk, "scale": {"domain": present, "range": [MARKERS[m][2] for m in present]}}}},
            {"transform": [{"filter": "datum.growth_label != ''"}],
             "mark": {"type": "text", "dy": -13, "fontSize": 11, "color": INK},
             "encoding": {"x": x, "y": y, "text": {"field": "growth_label"}}},
            {"transform": [{"filter": "datum.note != '' && datum.marker != 'left out'"}],
             "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 9, "fontSize": 11, "color": "#e8590c",
                      "fontWeight": "bold"},
             "encoding": {"x": x, "y": y, "text": {"field": "note"}}},
        ]
        if not out.empty:
            layers += [
                {"transform": [{"filter": "datum.marker == 'left out'"}],
                 "mark": {"type": "point", "shape": "cross", "size": 70, "filled": True, "color": "#e03131"},
                 "encoding": {"x": x, "y": {"value": PANEL_HEIGHT - 6}, "tooltip": tooltip}},
                {"transform": [{"filter": "datum.marker == 'left out'"}],
                 "mark": {"type": "text", "dy": -12, "fontSize": 11, "color": "#e03131", "fontWeight": "bold"},
                 "encoding": {"x": x, "y": {"value": PANEL_HEIGHT - 6}, "text": {"field": "note"}}},
            ]
        panels.append({
            "title": {"text": [], "subtitle": s["panel_subtitle"].iloc[0], "anchor": "start", "frame": "bounds",
                      "fontSize": 12, "subtitleFontSize": 11},
            "height": PANEL_HEIGHT, "data": {"values": rows}, "layer": layers,
        })
        titles.append(s["panel_title"].iloc[0])
    spec = _frame(panels, title=title, subtitle=subtitle, source=source, description=description, columns=2,
                  pad=70, min_panel=230, panel_titles=titles)
    spec["resolve"] = {"legend": {"shape": "shared", "fill": "shared", "stroke": "shared"}}
    return Figure(spec, alt_text, description, table, source)


# ---------------------------------------------------------------------------------------------- rows


def _row_panel(values: list[dict], layers: list[dict], x_title: str, x_scale: dict, x_axis: dict | None = None) -> dict:
    """A panel of stacked rows: each row a wrapped label above its marks (y in pixels, set by ``_layout_rows``)."""
    ypx = {"type": "quantitative", "scale": {"domain": [0, 1], "range": [0, 1]}, "axis": None}
    for layer in layers:
        enc = layer.setdefault("encoding", {})
        if "x" in enc and isinstance(enc["x"], dict) and "field" in enc["x"] and enc["x"].get("type") == "quantitative":
            enc["x"] = {**enc["x"], "title": x_title, "scale": x_scale, "axis": x_axis or {}}
        enc["y"] = {**ypx, "field": "y_bar"}
    label = {"mark": {"type": "text", "align": "left", "baseline": "top", "lineBreak": "\n", "fontSize": 11, "color": INK,
                      "lineHeight": LAYOUT["line"]},
             "encoding": {"x": {"value": 0}, "y": {**ypx, "field": "y_label"}, "text": {"field": "label"}}}
    return {"data": {"values": values}, "layer": [*layers, label],
            "resolve": {"scale": {"y": "shared"}}}


def _fix_y_range(spec: dict) -> None:
    """Row panels map y in pixels: the y scale's domain and range are the panel's height (FIT_JS does the same)."""
    for p in spec["vconcat"][0]["concat"]:
        h = p["height"]
        for layer in p["layer"]:
            y = layer["encoding"].get("y")
            if isinstance(y, dict) and "scale" in y:
                y["scale"] = {"domain": [0, h], "range": [0, h]}


def intervals(rows: pd.DataFrame, *, title: str, subtitle: str, source: str, description: str, alt_text: str,
              table: Table | None = None) -> Figure | Empty:
    """Stated against recomputed intervals for each check, one panel per unit, one row per check.

    ``rows``: unit, label_raw (the row's words), stated_lo, stated_hi, recomputed_lo, recomputed_hi (finite),
    verdict, stated_text, recomputed_text. A recomputed interval of zero width is drawn as a tick, like the ends
    of every interval, so it never disappears.
    """
    if rows.empty:
        return Empty("no recomputable checks")
    panels, titles = [], []
    for unit, r in rows.groupby("unit", sort=False):
        vals = r[["label_raw", "stated_lo", "stated_hi", "recomputed_lo", "recomputed_hi", "verdict", "stated_text",
                  "recomputed_text"]].to_dict("records")
        lo = float(min(r["stated_lo"].min(), r["recomputed_lo"].min()))
        hi = float(max(r["stated_hi"].max(), r["recomputed_hi"].max()))
        span = (hi - lo) or abs(hi) or 1.0
        scale = {"domain": [lo - 0.06 * span, hi + 0.06 * span], "nice": False, "zero": False}
        positive = r[["recomputed_lo", "recomputed_hi"]].to_numpy().min() > 0
        if positive and hi / max(float(r[["recomputed_lo", "recomputed_hi"]].to_numpy().min()), 1e-300) > 20:
            # figures of very different sizes in one unit (2,800 and 53,000): a log scale shows each row's gap
            floor = float(r[["recomputed_lo", "recomputed_hi"]].to_numpy().min()) / 1.5
            lo = max(lo, floor)
            scale = {"type": "log", "domain": [lo / 1.1, hi * 1.2], "nice": False}
            for v in vals:
                v["stated_lo"] = max(v["stated_lo"], lo / 1.1)
        present = [v for v in VERDICT_COLORS if v in set(r["verdict"])]
        color = {"field": "verdict", "type": "nominal", "title": None,
                 "scale": {"domain": present, "range": [VERDICT_COLORS[v] for v in present]}}
        tip = [{"field": "label_raw", "title": "Check"}, {"field": "stated_text", "title": "Stated"},
               {"field": "recomputed_text", "title": "Recomputed"}, {"field": "verdict", "title": "Verdict"}]
        qx = {"type": "quantitative"}
        layers = [
            {"mark": {"type": "rule", "color": "#adb5bd", "strokeWidth": 9, "opacity": 0.7},
             "encoding": {"x": {**qx, "field": "stated_lo"}, "x2": {"field": "stated_hi"}, "tooltip": tip}},
            {"mark": {"type": "rule", "strokeWidth": 3},
             "encoding": {"x": {**qx, "field": "recomputed_lo"}, "x2": {"field": "recomputed_hi"}, "color": color}},
            {"mark": {"type": "tick", "orient": "vertical", "size": 16, "thickness": 2.5},
             "encoding": {"x": {**qx, "field": "recomputed_lo"}, "color": color, "tooltip": tip}},
            {"mark": {"type": "tick", "orient": "vertical", "size": 16, "thickness": 2.5},
             "encoding": {"x": {**qx, "field": "recomputed_hi"}, "color": color, "tooltip": tip}},
        ]
        x_title = _unit_words(unit) + (" (log scale)" if scale.get("type") == "log" else "")
        panels.append(_row_panel(vals, layers, x_title, scale, {"format": ",~r", "tickCount": 5}))
        titles.append("")
    spec = _frame(panels, title=title, subtitle=subtitle, source=source, description=description, columns=1,
                  pad=12, min_panel=200, panel_titles=None, rows=True)
    _fix_y_range(spec)
    return Figure(spec, alt_text, description, table, source)


def verdicts(counts: pd.DataFrame, *, title: str, subtitle: str, source: str, description: str, alt_text: str,
             table: Table | None = None) -> Figure | Empty:
    """Number of checks per group and verdict, one stacked bar per group with its name above it.

    ``counts``: group, verdict, n (groups in the order to show).
    """
    if counts.empty:
        return Empty("no checks")
    order = list(dict.fromkeys(counts["group"]))
    present = [v for v in VERDICT_COLORS if v in set(counts["verdict"])]
    c = counts.assign(_v=counts["verdict"].map({v: i for i, v in enumerate(VERDICT_COLORS)}),
                      _g=counts["group"].map({g: i for i, g in enumerate(order)})).sort_values(["_g", "_v"])
    c["x2"] = c.groupby("group")["n"].cumsum()
    c["x"] = c["x2"] - c["n"]
    totals = c.groupby("group", sort=False)["n"].sum()
    values = []
    for g in order:
        segs = c[c["group"] == g]
        values.append({"label_raw": f"{g}: {int(totals[g])} check{'s' if totals[g] != 1 else ''}",
                       "segments": [{"verdict": v, "x": int(a), "x2": int(b), "n": int(n)}
                                    for v, a, b, n in zip(segs["verdict"], segs["x"], segs["x2"], segs["n"])]})
    color = {"field": "verdict", "type": "nominal", "title": None,
             "scale": {"domain": present, "range": [VERDICT_COLORS[v] for v in present]}}
    flat = [{"transform": [{"flatten": ["segments"]},
                           {"calculate": "datum.segments.verdict", "as": "verdict"},
                           {"calculate": "datum.segments.x", "as": "x"}, {"calculate": "datum.segments.x2", "as": "x2"},
                           {"calculate": "datum.segments.n", "as": "n"}]}]
    layers = [{**flat[0], "mark": {"type": "rule", "strokeWidth": 12, "strokeCap": "butt"},
               "encoding": {"x": {"field": "x", "type": "quantitative"}, "x2": {"field": "x2"}, "color": color,
                            "tooltip": [{"field": "label_raw", "title": "Group"}, {"field": "verdict", "title": "Verdict"},
                                        {"field": "n", "title": "Checks"}]}}]
    xmax = int(totals.max())
    panel = _row_panel(values, layers, "Number of checks", {"domain": [0, xmax], "nice": False, "zero": True},
                       {"tickMinStep": 1, "format": "d"})
    spec = _frame([panel], title=title, subtitle=subtitle, source=source, description=description, columns=1,
                  pad=12, min_panel=200, rows=True)
    _fix_y_range(spec)
    return Figure(spec, alt_text, description, table, source)


def findings(rows: pd.DataFrame, *, title: str, subtitle: str, source: str, description: str, alt_text: str,
             table: Table | None = None) -> Figure | Empty:
    """Inconsistent checks by how far apart stated and recomputed are, as a factor on a log scale, by severity.

    ``rows``: label_raw, severity, factor (≥ 1), factor_text. A minor miss sits at about 1 (a tick), a power-of-ten
    slip near 10.
    """
    if rows.empty:
        return Empty("no inconsistent checks")
    vals = rows[["label_raw", "severity", "factor", "factor_text"]].assign(one=1.0).to_dict("records")
    present = [s for s in SEVERITY_COLORS if s in set(rows["severity"])]
    color = {"field": "severity", "type": "nominal", "title": None,
             "scale": {"domain": present, "range": [SEVERITY_COLORS[s] for s in present]}}
    tip = [{"field": "label_raw", "title": "Check"}, {"field": "severity", "title": "Severity"},
           {"field": "factor_text", "title": "Apart by"}]
    hi = max(20.0, float(rows["factor"].max()) * 1.5)
    layers = [
        {"mark": {"type": "rule", "strokeWidth": 3},
         "encoding": {"x": {"field": "one", "type": "quantitative"}, "x2": {"field": "factor"}, "color": color}},
        {"mark": {"type": "tick", "orient": "vertical", "size": 16, "thickness": 3},
         "encoding": {"x": {"field": "factor", "type": "quantitative"}, "color": color, "tooltip": tip}},
        {"mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 11, "color": INK, "fontWeight": "bold"},
         "encoding": {"x": {"field": "factor", "type": "quantitative"}, "text": {"field": "factor_text"}}},
    ]
    panel = _row_panel(vals, layers, "Stated and recomputed apart by a factor of (log scale)",
                       {"type": "log", "domain": [1, hi], "nice": False},
                       {"values": [v for v in (1, 2, 5, 10, 20, 50, 100, 1000) if v <= hi], "format": "~r"})
    spec = _frame([panel], title=title, subtitle=subtitle, source=source, description=description, columns=1,
                  pad=12, min_panel=200, rows=True)
    _fix_y_range(spec)
    return Figure(spec, alt_text, description, table, source)


# ---------------------------------------------------------------------------------------------- browser side

# Appended to the vega bundle: re-lays a figure spec out for the width of its container (columns, panel width,
# wrapped titles, row labels and source line). Pure function of (spec, width): the HTML stays deterministic.
FIT_JS = r"""
window.ipbookChartFit = function (spec, width) {
  var s = JSON.parse(JSON.stringify(spec));
  var m = s.usermeta && s.usermeta.ipbook;
  if (!m || !s.vconcat) { return s; }
  function wrap(text, chars) {
    chars = Math.max(12, Math.floor(chars));
    var words = String(text).split(/\s+/).filter(function (w) { return w; }), lines = [], cur = '';
    words.forEach(function (w) {
      if (!cur) { cur = w; } else if (cur.length + 1 + w.length <= chars) { cur += ' ' + w; } else { lines.push(cur); cur = w; }
    });
    if (cur || !lines.length) { lines.push(cur); }
    return lines;
  }
  var avail = Math.max(220, width - m.reserve);
  var cols = Math.max(1, Math.min(m.columns, Math.floor((avail + m.spacing) / (m.minPanel + m.pad + m.spacing))));
  var pw = Math.floor((avail - cols * m.pad - (cols - 1) * m.spacing) / cols);
  if (avail < 440) {  // a phone: legend entries in two columns so the legend fits
    s.config = Object.assign({}, s.config, {legend: Object.assign({}, s.config.legend, {columns: 2})});
  }
  s.title.text = wrap(m.title, avail / m.titleChar);
  s.title.subtitle = wrap(m.subtitle, avail / m.subChar);
  var body = s.vconcat[0];
  body.columns = cols;
  body.concat.forEach(function (p, i) {
    p.width = pw;
    if (m.panelTitles[i]) { p.title.text = wrap(m.panelTitles[i], (pw + m.pad) / m.panelChar); }
    if (m.rows) {
      var y = 0, chars = (pw + m.pad) / m.labelChar;
      p.data.values.forEach(function (v) {
        var lines = wrap(v.label_raw, chars);
        v.label = lines.join('\n');
        v.y_label = y;
        v.y_bar = y + lines.length * m.line + m.labelGap;
        y = v.y_bar + m.rowGap;
      });
      p.height = Math.max(20, y);
      p.layer.forEach(function (l) {
        if (l.encoding && l.encoding.y && l.encoding.y.scale) { l.encoding.y.scale = {domain: [0, p.height], range: [0, p.height]}; }
      });
    }
  });
  var srcW = Math.max(120, avail - m.pad);
  var src = wrap(m.source, srcW / m.srcChar);
  var sv = s.vconcat[1];
  sv.width = srcW;
  sv.height = src.length * m.line;
  sv.data.values = [{text: src.join('\n')}];
  return s;
};
"""
