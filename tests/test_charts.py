"""The book's charts: positions, units, titles, sources, marks and HTML, read from the Vega-Lite specs (no build).

Expected values are worked out by hand from data/: pledge financing 218 → 309.8 billion yuan is +42.1%
(309.8 / 218 = 1.42110); the SME share 4,354 / 5,729 = 75.9993% against "more than 76%"; the certified /
complying pair 52,500–53,500 against 5,300–5,400 is 52,500 / 5,400 = 9.72 apart; the 2019 service income
written as 21 billion is corrected to 210.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from ipbook import chart, report

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def rep():
    return report.Report(data_dir=str(DATA))


def _panels(fig):
    return fig.spec["vconcat"][0]["concat"]


def _panel(fig, title_start, subtitle=None):
    for p in _panels(fig):
        if " ".join(p["title"]["text"]).startswith(title_start) and (subtitle is None or p["title"].get("subtitle") == subtitle):
            return p
    raise AssertionError(f"no panel {title_start!r} {subtitle!r}")


def _walk(x):
    if isinstance(x, dict):
        yield x
        for v in x.values():
            yield from _walk(v)
    elif isinstance(x, list):
        for v in x:
            yield from _walk(v)


def _label_of(expr: str, value: float) -> str:
    """Evaluate a labelExpr of the form "datum.value < b ? 'l' : ... : 'last'" for one tick value."""
    for bound, label in re.findall(r"datum\.value < ([0-9.]+) \? '([^']*)'", expr):
        if value < float(bound):
            return label
    return re.findall(r"'([^']*)'$", expr)[0]


def _all_figures(rep):
    figs = [rep.verdicts_chart(), rep.verdicts_chart(by="kind"), rep.gaps_chart()]
    for tid in ("pledge_financing", "transfer_licensing", "universities", "smes", "service_industry",
                "insurance_securitisation", "economic_contribution", "examination_services"):
        t = rep.theme(tid)
        figs += [t.levels_chart(), t.checks_chart()]
    return figs


# ------------------------------------------------------------------------------------------ periods


def test_period_positions():
    assert chart.period_x("2020") == 2020.5  # an annual value sits at the middle of its year
    assert chart.period_x("2021H1") == 2021.25
    assert chart.period_x("end-2020") == 2021.0  # a stock at its date: the end of 31 December 2020
    ticks, domain, expr = chart.period_axis([2019.5, 2020.5, 2021.5], "12m")
    assert ticks == [2019.5, 2020.5, 2021.5] and domain == [2019.0, 2022.0]
    assert [_label_of(expr, t) for t in ticks] == ["2019", "2020", "2021"]
    ticks, _, expr = chart.period_axis([2021.25, 2022.25], "6m")
    assert [_label_of(expr, t) for t in ticks] == ["2021H1", "2021H2", "2022H1"]
    ticks, _, expr = chart.period_axis([2016.0, 2019.0, 2020.0, 2022.0], "stock")
    assert _label_of(expr, 2016.0) == "end-2015" and _label_of(expr, 2022.0) == "end-2021"


def test_annual_points_sit_on_their_year(rep):
    fig = rep.theme("pledge_financing").levels_chart()
    p = _panel(fig, "Patent and trademark pledge financing", "China, annual")
    xs = {v["period"]: v["x"] for v in p["data"]["values"]}
    assert xs == {"2019": 2019.5, "2020": 2020.5, "2021": 2021.5}
    x = next(l["encoding"]["x"] for l in p["layer"] if l["mark"]["type"] == "point")
    assert x["field"] == "x" and x["title"] == "Year"
    assert 2020.5 in x["axis"]["values"] and _label_of(x["axis"]["labelExpr"], 2020.5) == "2020"
    assert x["scale"]["domain"] == [2019.0, 2022.0]
    half = _panel(fig, "Patent and trademark pledge financing", "China, half-yearly")
    hx = next(l["encoding"]["x"] for l in half["layer"] if l["mark"]["type"] == "point")
    assert {v["period"]: v["x"] for v in half["data"]["values"]} == {"2021H1": 2021.25, "2022H1": 2022.25}
    assert hx["title"] == "Half-year" and _label_of(hx["axis"]["labelExpr"], 2022.25) == "2022H1"


# ------------------------------------------------------------------------------------------ texts


def test_units_on_the_y_axis_and_takeaway_title(rep):
    fig = rep.theme("pledge_financing").levels_chart()
    assert " ".join(fig.spec["title"]["text"]) == "Patent and trademark pledge financing rose 42.1% to 309.8 billion yuan in 2021"
    assert "5 series" in " ".join(fig.spec["title"]["subtitle"])
    titles = {" ".join(p["title"]["text"]) + " / " + p["title"]["subtitle"]:
              next(l["encoding"]["y"]["title"] for l in p["layer"] if l["mark"]["type"] == "point") for p in _panels(fig)}
    assert titles["Patent and trademark pledge financing / China, annual"] == "Billion yuan"
    assert titles["Number of IP pledge loans issued by banks in the period / China, half-yearly"] == "Number"
    assert not any("unit in panel title" in json.dumps(f.spec) for f in _all_figures(rep) if not f.empty)


def test_every_chart_has_a_source_line_and_no_truncation(rep):
    figs = [f for f in _all_figures(rep) if not f.empty]
    assert len(figs) == 14
    for f in figs:
        src = f.spec["vconcat"][-1]
        assert src["name"] == "source" and src["mark"]["type"] == "text"
        text = src["data"]["values"][0]["text"].replace("\n", " ")
        assert text.startswith("Source: ") and ("cnipa" in text or "scio" in text), text
        dumped = json.dumps(f.spec, ensure_ascii=False)
        assert "…" not in dumped and "..." not in dumped
        for d in _walk(f.spec):  # no label, title or legend limit that would cut a text with an ellipsis
            for k in ("labelLimit", "titleLimit", "limit"):
                assert d.get(k, 0) == 0, (k, d)
        assert f.spec["config"]["axis"]["labelLimit"] == 0 and f.spec["config"]["legend"]["labelLimit"] == 0
        assert f.spec["background"] == "transparent"
        assert f.spec["config"]["legend"]["orient"] == "top"  # legends inside the figure, above the panels


def test_every_spec_compiles():
    import vl_convert

    rep = report.Report(data_dir=str(DATA))
    for f in _all_figures(rep):
        if not f.empty:
            vega = vl_convert.vegalite_to_vega(f.spec)
            assert vega["description"] == f.description


# ------------------------------------------------------------------------------------------ marks


def test_two_point_series_are_points_and_lines_follow_runs(rep):
    fig = rep.theme("pledge_financing").levels_chart()
    for p in _panels(fig):
        line = next(l for l in p["layer"] if l["mark"]["type"] == "line")
        assert line["transform"] == [{"filter": "datum.run != ''"}]
        runs = {v["period"]: v["run"] for v in p["data"]["values"]}
        if len(runs) < 3:
            assert set(runs.values()) == {""}  # two points: no line between them
    annual = _panel(fig, "Patent and trademark pledge financing", "China, annual")
    assert len({v["run"] for v in annual["data"]["values"]}) == 1 and annual["data"]["values"][0]["run"]  # 2019-2021


def test_zero_width_intervals_are_ticks(rep):
    fig = rep.theme("smes").checks_chart()
    pct = next(p for p in _panels(fig) if "Percent" in json.dumps(p))
    rows = pct["data"]["values"]
    share = [r for r in rows if r["recomputed_lo"] == r["recomputed_hi"] and r["verdict"] == "inconsistent"]
    assert len(share) == 2 and all(abs(r["recomputed_lo"] - 75.9993) < 1e-4 for r in share)
    assert all("recomputed 75.999%" in r["label_raw"] and "misses, right to the precision written" in r["label_raw"]
               for r in share)
    ticks = [l for l in pct["layer"] if l["mark"]["type"] == "tick"]
    assert {t["encoding"]["x"]["field"] for t in ticks} == {"recomputed_lo", "recomputed_hi"}
    assert all(t["mark"]["thickness"] >= 2 and t["mark"]["size"] >= 12 for t in ticks)
    assert " ".join(fig.spec["title"]["text"]) == "3 of 11 tested statements disagree with the figures (1 material and 2 minor)"


def test_corrected_figure_is_annotated_not_drawn_as_a_level(rep):
    fig = rep.theme("service_industry").levels_chart()
    p = _panel(fig, "Operating income of IP service institutions")
    v = {r["period"]: r for r in p["data"]["values"]}
    assert v["2019"]["marker"] == "corrected" and v["2019"]["value"] == 210 and v["2019"]["note"] == "corrected from 21"
    assert v["2018"]["marker"] == "corrected"  # implied from the corrected figure
    # the latest figure (o002-528) is of 2020 since the period review of 2026-11-23 (data/PERIODS.md), not 2021
    assert v["2020"]["marker"] == "reported"
    assert v["2019"]["growth_label"] == ""  # its change is on 2015 (210 / 100.2), not from the 2018 point beside it
    assert v["2020"]["growth_label"] == "+7.1%"  # more than 225 against 210: 225 / 210 = 1.0714
    point = next(l for l in p["layer"] if l["mark"]["type"] == "point")
    fill = point["encoding"]["fill"]["scale"]
    assert dict(zip(fill["domain"], fill["range"]))["corrected"] == "transparent"  # hollow
    assert any(l["mark"]["type"] == "text" and l["encoding"]["text"]["field"] == "note" for l in p["layer"])


def test_left_out_figure_is_a_cross_at_the_foot():
    import pandas as pd

    pts = pd.DataFrame({
        "series": ["s"] * 3, "panel_title": ["Income"] * 3, "panel_subtitle": ["China, annual"] * 3,
        "shape": ["12m"] * 3, "display_unit": ["billion yuan"] * 3, "period": ["2019", "2020", "2021"],
        "x": [2019.5, 2020.5, 2021.5], "value": [200.0, 21.0, 225.0], "lo": [200.0, 21.0, 225.0], "hi": [200.0, 22.0, 226.0],
        "marker": ["reported", "left out", "reported"], "display": ["200", "21", "225"], "note": ["", "21 left out", ""],
        "growth_label": ["", "", ""], "run": ["", "", ""]})
    f = chart.levels(pts, title="t", subtitle="s", source="Source: x", description="d", alt_text="a")
    p = _panels(f)[0]
    y = next(l for l in p["layer"] if l["mark"]["type"] == "point")["encoding"]["y"]
    assert y["scale"]["domain"][0] > 100  # 21 does not stretch the scale
    cross = [l for l in p["layer"] if l["mark"].get("shape") == "cross"]
    assert cross and cross[0]["encoding"]["y"] == {"value": chart.PANEL_HEIGHT - 6}


def test_gaps_show_factors_not_log_distances(rep):
    fig = rep.gaps_chart()
    rows = _panels(fig)[0]["data"]["values"]
    by = {r["label_raw"].split(".")[0] + ":" + r["factor_text"]: r for r in rows}
    assert [r["severity"] for r in rows] == ["material"] * 3 + ["minor"] * 2
    assert sum(1 for r in rows if r["factor_text"] == "×10 slip") == 2  # the 21 → 210 billion revenue slip
    scope = next(r for r in rows if "Part within whole" in r["label_raw"])
    assert scope["factor_text"] == "×9.7" and abs(scope["factor"] - 52500 / 5400) < 1e-9
    assert all(r["factor_text"] == "≈×1 (minor)" and r["factor"] < 1.0001 for r in rows if r["severity"] == "minor")
    assert not any("7.9" in k for k in by)
    x = next(l for l in _panels(fig)[0]["layer"] if l["mark"]["type"] == "tick")["encoding"]["x"]
    assert x["scale"]["type"] == "log" and x["field"] == "factor"
    assert " ".join(fig.spec["title"]["text"]).startswith("3 material findings, each about ×10 apart; 2 minor misses")


def test_verdicts_title_from_the_ledger(rep):
    fig = rep.verdicts_chart()
    led = rep.ledger
    n, bad = len(led), int((led["verdict"] == "inconsistent").sum())
    assert " ".join(fig.spec["title"]["text"]).startswith(f"{bad} of {n} checks found an inconsistency (3 material and 2 minor)")
    rows = _panels(fig)[0]["data"]["values"]
    assert sum(s["n"] for r in rows for s in r["segments"]) == n


# ------------------------------------------------------------------------------------------ HTML


def test_html_description_fallback_and_determinism(rep):
    fig = rep.theme("pledge_financing").levels_chart()
    out = fig._repr_html_()
    assert out == rep.theme("pledge_financing").levels_chart()._repr_html_()
    eid = fig.element_id
    assert re.fullmatch(r"ipbook-chart-[0-9a-f]{12}", eid)
    label = re.search(r'role="img" aria-label="([^"]*)"', out)[1]
    assert html.unescape(label).startswith("Patent and trademark pledge financing rose 42.1% to 309.8 billion yuan in 2021")
    assert f'aria-describedby="{eid}-desc"' in out
    desc = re.search(rf'<p class="ipbook-chart-alt visually-hidden" id="{eid}-desc">([^<]*)</p>', out)[1]
    assert "309.8 billion yuan in 2021" in desc and "Vega visualization" not in out
    table = re.search(rf'<div class="ipbook-chart-data" id="{eid}-data"><table class="dataframe ipbook-chart-table">(.*?)</table>',
                      out, re.S)[1]
    assert "309.8 billion yuan" in table and "<th>Period</th>" in table
    noscript = re.search(r"<noscript>(.*)</noscript>", out, re.S)[1]  # without JavaScript the table is shown
    assert f"#{eid}-data {{ position: static;" in noscript and "Source: cnipa-2022-08-presser" in noscript
    assert "actions: {export: true, source: false, compiled: false, editor: false}" in out
    # the data drawn is a download under the chart: the fallback table's rows as CSV (UTF-8 with BOM)
    import urllib.parse
    href = re.search(rf'<a download="{eid}.csv" href="data:text/csv;charset=utf-8,([^"]*)">', out)[1]
    lines = urllib.parse.unquote(href).lstrip("\ufeff").splitlines()
    assert lines[0] == "Series,Period,Value,Note"
    assert any("309.8 billion yuan" in line for line in lines[1:])
    assert "cdn" not in out.lower() and "http://" not in out and "https://" not in out.replace(chart.SCHEMA, "")
    assert len(out) < 100_000


def test_empty_chart_renders_as_nothing(rep):
    for f in (rep.theme("smes").levels_chart(), rep.theme("examination_services").checks_chart()):
        assert isinstance(f, chart.Empty) and f.empty and not f
        assert f._repr_html_() == "" and repr(f) == ""
        assert f._ipython_display_() is None


def test_labels_cannot_break_the_script():
    assert "</script>" not in chart.script_json({"a": "</script><!--"})
    assert "ipbookChartFit" in chart.FIT_JS


def test_the_schema_the_specs_name_is_altairs_and_pages_do_not_import_altair():
    # chart.py names the schema instead of importing altair (half a second of every kernel's start)
    import subprocess
    import sys

    import altair

    assert chart.SCHEMA == altair.SCHEMA_URL
    code = "import sys, ipbook.report; print('altair' in sys.modules, 'statsmodels' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_bundle_is_kept_when_whole_and_rewritten_when_cut_or_stale(tmp_path, monkeypatch):
    import vl_convert

    path = chart.write_bundle(tmp_path)
    whole = path.read_text(encoding="utf-8")
    assert whole.startswith(f"/* vega, vega-lite and vega-embed, bundled by vl-convert {vl_convert.__version__}; fit ")
    assert whole.endswith(chart.FIT_JS) and "vegaEmbed" in whole

    def no_bundle():
        raise AssertionError("the bundle was asked for again")

    with monkeypatch.context() as m:  # a whole file of this version is kept without calling vl-convert
        m.setattr(vl_convert, "javascript_bundle", no_bundle)
        chart.write_bundle(tmp_path)
    assert path.read_text(encoding="utf-8") == whole
    for broken in (whole[: len(whole) // 2],                    # a write killed half way
                   whole.replace(vl_convert.__version__, "0.0.0", 1),  # another vl-convert's bundle
                   ""):
        path.write_text(broken, encoding="utf-8")
        chart.write_bundle(tmp_path)
        assert path.read_text(encoding="utf-8") == whole
