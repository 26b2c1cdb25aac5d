"""The charts of the book's pages: what each chart shows, computed from the report's reconciled figures and ledger.

``Report`` and ``Theme`` (in ``report``) inherit these methods; ``chart`` draws them. Each method works out
what its chart says from the data: a takeaway title, a subtitle naming the measure, the sources it rests on,
a text description for screen readers and a small table for readers without JavaScript. A chart with nothing
to show returns ``chart.Empty``, which a notebook displays as nothing at all.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from . import chart, check, kinds, number

# How a series' period shape reads in a panel's subtitle.
SHAPE_PANEL = {"stock": "stock at the end of each period", "12m": "annual", "6m": "half-yearly", "3m": "quarterly",
               "1m": "monthly"}
SHAPE_STEP = {"12m": 1.0, "6m": 0.5, "3m": 0.25, "1m": 1 / 12, "stock": 1.0}


# ---------------------------------------------------------------------------------------------- words


def period_words(p: str) -> str:
    """'in 2021', 'in the first half of 2022', 'at the end of 2019'."""
    m = re.match(r"^end-(\d{4})(?:-(\d{2}))?$", p)
    if m:
        month = f"{['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][int(m[2]) - 1]} " if m[2] else ""
        return f"at the end of {month}{m[1]}"
    m = re.match(r"^(\d{4})H([12])$", p)
    if m:
        return f"in the {'first' if m[2] == '1' else 'second'} half of {m[1]}"
    return f"in {p}"


def level_words(value: float, unit: str, written: str = "") -> str:
    """A level as the source wrote it when it did, else rounded to what matters: '309.8 billion yuan'."""
    if written:
        return written
    d = 0 if abs(value) >= 1000 else (1 if abs(value) >= 10 else 2)
    text = number.fmt(value, d)
    if unit == "%":
        return f"{text}%"
    if unit in ("count", "number", ""):
        return text
    return f"{text} {unit}"


def _value_text(x: float, unit: str, decimals: int | None = None) -> str:
    if decimals is None:
        decimals = 0 if abs(x) >= 1000 else (1 if abs(x) >= 100 else (2 if abs(x) >= 1 else 4))
    return level_words(x, unit) if decimals is None else (
        f"{number.fmt(x, decimals)}%" if unit == "%" else number.fmt(x, decimals) if unit in ("count", "number", "")
        else f"{number.fmt(x, decimals)} {unit}")


def interval_text(lo: float, hi: float, unit: str, decimals: int | None = None) -> str:
    """'41.8–42.5%', '52,500–53,500', one figure when both ends round alike; unbounded ends in words."""
    if not math.isfinite(lo) and not math.isfinite(hi):
        return "any value"
    if not math.isfinite(hi):
        return f"{_value_text(lo, unit, decimals)} or more"
    if not math.isfinite(lo):
        return f"up to {_value_text(hi, unit, decimals)}"
    if decimals is None:
        m = max(abs(lo), abs(hi))
        decimals = 0 if m >= 1000 or (lo == int(lo) and hi == int(hi)) else (1 if m >= 100 else (2 if m >= 1 else 4))
        while decimals < 6 and lo != hi and number.fmt(lo, decimals) == number.fmt(hi, decimals):
            decimals += 1
    a, b = _value_text(lo, unit, decimals), _value_text(hi, unit, decimals)
    if a == b:
        return a
    suffix = a[len(number.fmt(lo, decimals)):]
    return f"{number.fmt(lo, decimals)}–{b}" if suffix and b.endswith(suffix) else f"{a}–{b}"


def apart_decimals(rlo: float, rhi: float, slo: float, shi: float) -> int | None:
    """Decimals that show a recomputed interval outside the stated one (75.9993% against 76–77%), or None."""
    if not all(math.isfinite(x) for x in (rlo, rhi)):
        return None
    m = max(abs(rlo), abs(rhi))
    d = 0 if m >= 1000 else (1 if m >= 100 else 2)
    while d < 6:
        if (math.isfinite(slo) and rhi < slo and round(rhi, d) < round(slo, d)) or (
                math.isfinite(shi) and rlo > shi and round(rlo, d) > round(shi, d)):
            return d
        d += 1
    return d


def sources_line(ids) -> str:
    ids = [i for i in dict.fromkeys(x.strip() for s in ids for x in str(s).split(";")) if i]
    return "Source: " + (", ".join(ids) if ids else "the ipbook dataset")


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _indicator_words(ids: str, labels: dict[str, str]) -> str:
    """'a ⊆ b' with each indicator id replaced by its label."""
    for i in sorted(labels, key=len, reverse=True):
        if i in ids:
            ids = re.sub(rf"(?<![\w-]){re.escape(i)}(?![\w-])", labels[i], ids)
    return ids.replace(" ⊆ ", " within ")


def _growth_words(p) -> tuple[str, str]:
    """('rose 42.1%' / 'rose 2.5 percentage points', '+42.1%') for a point with a change from its previous one."""
    pp = p.get("change_pp", math.nan)
    if pp is not None and isinstance(pp, float) and math.isfinite(pp):
        d = number.fmt(abs(pp), 1)
        if d == "0.0":
            return "held steady", "±0 pts"
        return f"{'rose' if pp > 0 else 'fell'} {d} percentage points", f"{'+' if pp > 0 else '−'}{d} pts"
    g = p["growth"]
    d = number.fmt(abs(g) * 100, 1)
    if d == "0.0":
        return "held steady", "±0%"
    return f"{'rose' if g > 0 else 'fell'} {d}%", f"{'+' if g > 0 else '−'}{d}%"


def _hedge(now: str, then: str) -> str:
    lower = ("more than", "over", "exceeded", "at least", "exceeds", "above")
    upper = ("less than", "under", "nearly", "almost", "up to", "below")

    def b(w):
        w = (w or "").lower()
        return "lower" if any(w.startswith(q + " ") for q in lower) else ("upper" if any(w.startswith(q + " ") for q in upper) else "")

    a, c = b(now), b(then)
    if a and c:
        return "about "
    return {("lower", ""): "at least ", ("", "upper"): "at least ", ("upper", ""): "at most ", ("", "lower"): "at most "}.get((a, c), "")


# ---------------------------------------------------------------------------------------------- book


class BookCharts:
    """Book-level charts (overview, ledger)."""

    def verdicts_chart(self, by: str = "theme") -> chart.Figure | chart.Empty:
        counts = self.verdict_counts(by)
        led = self.ledger
        if counts.empty:
            return chart.Empty("no checks")
        if by != "theme":
            counts = counts.assign(group=counts["group"].map(lambda k: kinds.BY_NAME[k].words.capitalize() if k in kinds.BY_NAME else k))
        total = int(counts["n"].sum())
        bad = led[led["verdict"] == check.INCONSISTENT]
        sev = bad["severity"].value_counts()
        mat, minor = int(sev.get(check.MATERIAL, 0)), int(sev.get(check.MINOR, 0))
        if bad.empty:
            takeaway = f"All {total} checks that could be tested agree with the figures"
        else:
            where = counts.loc[counts["verdict"] == check.INCONSISTENT, "group"].tolist()
            where = [re.sub(r"^The ", "the ", w) if by == "theme" else w.lower() for w in where]
            grades = _join([w for w in (f"{mat} material" if mat else "", f"{minor} minor" if minor else "") if w])
            takeaway = (f"{len(bad)} of {total} checks found an inconsistency ({grades}), "
                        + (f"{'all ' if len(where) > 1 else ''}in {_join(where)}" if by == "theme" else
                           f"in {_plural(len(where), 'kind')} of check: {_join(where)}"))
        subtitle = (f"Checks in the ledger by {'theme' if by == 'theme' else 'kind of check'} and verdict. "
                    "Cannot check: a figure it needs is not reported; derived: a figure implied by a stated relation.")
        source = sources_line(led["sources"]) + "; checks recomputed by ipbook"
        parts = []
        for g, sub in counts.groupby("group", sort=False):
            parts.append(f"{g}: " + ", ".join(f"{int(n)} {v}" for v, n in zip(sub["verdict"], sub["n"])))
        description = (f"Bar chart of the {total} checks in the ledger, one stacked bar per "
                       f"{'theme' if by == 'theme' else 'kind of check'}, coloured by verdict. {takeaway}. "
                       + "; ".join(parts) + ".")
        table = chart.Table(["Group", "Verdict", "Checks"], [[g, v, str(int(n))] for g, v, n in counts[["group", "verdict", "n"]].itertuples(index=False)])
        return chart.verdicts(counts, title=takeaway, subtitle=subtitle, source=source, description=description,
                              alt_text=f"{takeaway}. Bar chart by {'theme' if by == 'theme' else 'kind'} and verdict.",
                              table=table)

    def gaps_chart(self) -> chart.Figure | chart.Empty:
        from .report import MAX_CHECKS_CHARTED  # the page limits live with the tables

        bad = self.ledger[self.ledger["verdict"] == check.INCONSISTENT]
        if bad.empty:
            return chart.Empty("no inconsistent checks")
        labels = dict(zip(self.ds.indicators["id"], self.ds.indicators["label"]))
        rows = []
        for _, r in bad.iterrows():
            f, measured = finding_factor(r)
            diagnosed = isinstance(r["factor"], float) and math.isfinite(r["factor"]) and r["factor"] > 1
            kind = kinds.BY_NAME[r["kind"]].words if r["kind"] in kinds.BY_NAME else r["kind"]
            what = f"{kind.capitalize()}: {_indicator_words(r['indicators'], labels)}, {r['periods']}. {measured}"
            if r["suspect"]:
                what += f" Probable slip in {r['suspect']}" + (f", corrected to {r['corrected']}" if r["corrected"] else "") + "."
            elif r["severity"] == check.MATERIAL and r["candidates"]:
                what += f" One of {_join(r['candidates'].split())} is out; the releases do not say which."
            if r["severity"] == check.MINOR:
                what += " Right to the precision written."
            text = (f"×{number.fmt(r['factor'], 0)} slip" if diagnosed else
                    f"×{number.fmt(f, 1)}" if f >= 1.05 else "≈×1 (minor)")
            rows.append({"label_raw": f"{r['severity'].capitalize()}. {what}", "severity": r["severity"],
                         "factor": float(r["factor"]) if diagnosed else max(1.0, f), "factor_text": text,
                         "_rank": 0 if r["severity"] == check.MATERIAL else 1, "check_id": r["check_id"],
                         "sources": r["sources"]})
        frame = pd.DataFrame(rows).sort_values(["_rank", "factor", "check_id"], ascending=[True, False, True]).head(MAX_CHECKS_CHARTED)
        mat = frame[frame["severity"] == check.MATERIAL]
        minor = frame[frame["severity"] == check.MINOR]
        parts = []
        if len(mat):
            lo, hi = mat["factor"].min(), mat["factor"].max()
            about = (f"about ×{number.fmt(hi, 0)}" if hi / lo < 1.5 else f"×{number.fmt(lo, 1)} to ×{number.fmt(hi, 1)}")
            parts.append(f"{_plural(len(mat), 'material finding')}, {'each ' if len(mat) > 1 else ''}{about} apart")
        if len(minor):
            parts.append(f"{_plural(len(minor), 'minor miss', 'minor misses')} right to the precision written")
        takeaway = "; ".join(parts)
        subtitle = ("Each inconsistent check by how far apart the stated and recomputed figures are, as a factor on a log "
                    "scale (a power-of-ten slip sits near ×10, a rounding miss at ×1); material findings first.")
        source = sources_line(frame["sources"]) + "; checks recomputed by ipbook"
        description = (f"Chart of the {len(frame)} inconsistent checks in the ledger. {takeaway}. "
                       + " ".join(f"{t} apart: {l}" for l, t in zip(frame["label_raw"], frame["factor_text"])))
        table = chart.Table(["Check", "Severity", "Apart by", "What the figures show"],
                            [[c, s, t, l] for c, s, t, l in zip(frame["check_id"], frame["severity"], frame["factor_text"], frame["label_raw"])])
        return chart.findings(frame, title=takeaway, subtitle=subtitle, source=source, description=description,
                              alt_text=f"{takeaway}. Chart of the inconsistent checks by how far apart stated and recomputed are.",
                              table=table)


def finding_factor(r) -> tuple[float, str]:
    """How far apart the stated and recomputed figures of an inconsistent check are, as a factor ≥ 1, and in words.

    A figure out of line with its series (a magnitude row whose recomputed value is its factor from the line
    through its neighbours) is that factor or its inverse; a yearly factor is how far the step per year lies past
    the plausible band; any other check is the ratio between the nearer ends of the two intervals.
    """
    slo, shi, rlo, rhi, unit = r["stated_lo"], r["stated_hi"], r["recomputed_lo"], r["recomputed_hi"], r["unit"]
    if r["kind"] == "magnitude" and str(r["stated"]).startswith("within a factor"):
        f = max(rlo, 1 / rlo) if rlo > 0 else math.inf
        return f, f"{number.fmt(f, 1)} times {'below' if rlo < 1 else 'above'} the line through its neighbours."
    if unit == "times" and r["kind"] == "magnitude":
        f = rlo / shi if rlo > shi else (slo / rhi if rhi > 0 else math.inf)
        return f, f"A step of {number.fmt(rlo, 2)} a year, outside the plausible {number.fmt(slo, 2)}–{number.fmt(shi, 2)}."
    stated, rec = interval_text(slo, shi, unit), interval_text(rlo, rhi, unit, apart_decimals(rlo, rhi, slo, shi))
    if min(slo, rlo) > 0 and math.isfinite(shi) and math.isfinite(rhi):
        f = max(rlo / shi, slo / rhi, 1.0)
    else:
        f = 1.0 + (r["gap_rel"] if isinstance(r["gap_rel"], float) and math.isfinite(r["gap_rel"]) else 0.0)
    return f, f"Stated {stated}, recomputed {rec}."


# ---------------------------------------------------------------------------------------------- theme


class ThemeCharts:
    """Charts of one theme page."""

    def levels_chart(self) -> chart.Figure | chart.Empty:
        pts, note = self.charted()
        if pts.empty:
            return chart.Empty("no series with two or more periods")
        rec = self.reconciled
        keys = ["indicator", "region", "shape"]
        left_out = rec[rec["status"] == "excluded"]
        shown_keys = set(zip(pts["indicator"], pts["region"], pts["shape"]))
        left_out = left_out[[k in shown_keys for k in zip(left_out["indicator"], left_out["region"], left_out["shape"])]]
        lv = self.levels.set_index("id")
        frames = []
        for _, p in pts.iterrows():
            status, kind = p.get("status", ""), p["kind"]
            marker = status if status in ("corrected", "disputed") else kind
            note_text = ""
            if status == "corrected":
                # the reported figure says what it was corrected from; a level implied from it is marked by its symbol
                note_text = f"corrected from {lv.at[p['id'], 'value']}" if kind == "reported" and p["id"] in lv.index else ""
            elif status == "disputed":
                note_text = "disputed"
            growth = ""
            if p.get("prev_period"):
                g = p.get("growth", math.nan)
                if (isinstance(g, float) and math.isfinite(g)) or math.isfinite(p.get("change_pp", math.nan) or math.nan):
                    growth = _growth_words(p)[1]
            frames.append({**{k: p[k] for k in keys}, "label": p["label"], "display_unit": p["display_unit"],
                           "period": p["period"], "value": float(p["value"]), "lo": float(p["lo"]), "hi": float(p["hi"]),
                           "marker": marker, "note": note_text, "growth_label": growth, "source": p["source"],
                           "prev_period": p.get("prev_period", "") or "",
                           "display": level_words(p["value"], p["display_unit"], p["written"])
                           + (" (implied by a stated rate)" if kind == "implied" else "")})
        for _, p in left_out.iterrows():
            written = lv.at[p["id"], "value"] if p["id"] in lv.index else level_words(p["value"], p["display_unit"])
            frames.append({**{k: p[k] for k in keys}, "label": p["label"], "display_unit": p["display_unit"],
                           "period": p["period"], "value": float(p["value"]), "lo": float(p["lo"]), "hi": float(p["hi"]),
                           "marker": "left out", "note": f"{written} left out", "growth_label": "", "source": p["source"],
                           "prev_period": "",
                           "display": level_words(p["value"], p["display_unit"], p["written"]) + " (left out: probable slip)"})
        f = pd.DataFrame(frames)
        f["x"] = f["period"].map(chart.period_x)
        f["series"] = f["indicator"] + "|" + f["region"] + "|" + f["shape"]
        n_periods = f[f["marker"] != "left out"].groupby("series")["period"].nunique()
        latest = f.groupby("series")["x"].max()
        order = sorted(n_periods.index, key=lambda s: (-n_periods[s], -latest[s], s))
        f["_o"] = f["series"].map({s: i for i, s in enumerate(order)})
        f = f.sort_values(["_o", "x"]).reset_index(drop=True)
        f["run"] = ""
        for s, g in f[f["marker"] != "left out"].groupby("series", sort=False):
            # a change is labelled only between neighbouring points: one measured past an implied point is left out
            before = [""] + g["period"].tolist()[:-1]
            for i, b, pp, lab in zip(g.index, before, g["prev_period"], g["growth_label"]):
                if lab and pp and pp != b:  # the table and the prose give it; on the chart it would read as a step
                    f.at[i, "growth_label"] = ""
        for s, g in f[f["marker"] != "left out"].groupby("series", sort=False):
            step = SHAPE_STEP.get(g["shape"].iloc[0], 1.0)
            xs = g["x"].to_numpy()
            run, start = 0, 0
            for i in range(1, len(xs) + 1):
                if i == len(xs) or abs(xs[i] - xs[i - 1] - step) > 1e-3:
                    if i - start >= 3:
                        f.loc[g.index[start:i], "run"] = f"{s}#{run}"
                        run += 1
                    start = i
        f["panel_title"] = f["label"]
        f["panel_subtitle"] = f["region"] + ", " + f["shape"].map(SHAPE_PANEL).fillna(f["shape"])
        takeaway = self._levels_takeaway(pts)
        years = sorted({p[:4] if not p.startswith("end-") else p[4:8] for p in f["period"]})
        span = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
        n = f["series"].nunique()
        subtitle = (f"{_plural(n, 'series', 'series')} with two or more periods, {span}; each panel in its own unit. "
                    "Grey bars: the interval a rounded or qualified figure stands for.")
        if note:
            subtitle += " " + note
        source = sources_line(f["source"]) + "; levels as reconciled by ipbook"
        desc = []
        for s in order:
            g = f[f["series"] == s]
            desc.append(f"{g['label'].iloc[0]} ({g['panel_subtitle'].iloc[0]}): "
                        + ", ".join(f"{d} {period_words(pp)}" + (f" ({nt})" if nt else "")
                                    for d, pp, nt in zip(g["display"], g["period"], g["note"])))
        description = (f"Chart with {_plural(n, 'panel')}, one per series, levels over time. Takeaway: {takeaway}. "
                       + "; ".join(desc) + ".")
        table = chart.Table(["Series", "Period", "Value", "Note"],
                            [[lab, per, d, nt] for lab, per, d, nt in zip(f["label"], f["period"], f["display"], f["note"])])
        return chart.levels(f, title=takeaway, subtitle=subtitle, source=source, description=description,
                            alt_text=f"{takeaway}. Chart of {_plural(n, 'series', 'series')} over time.", table=table)

    def _levels_takeaway(self, pts: pd.DataFrame) -> str:
        """The headline change: the latest change of the longest series that has one; else its latest level."""
        n = pts.groupby(["indicator", "region", "shape"])["period"].transform("nunique")
        p = pts.assign(_n=n, _r=(pts["kind"] == "reported").astype(int))
        usable = p[(p["prev_period"] != "") & (np.isfinite(p["growth"].astype(float)) | np.isfinite(p["change_pp"].astype(float)))]
        if not usable.empty:
            best = usable.sort_values(["_n", "period_end", "_r", "label"], ascending=[False, False, False, True]).iloc[0]
            verb, _ = _growth_words(best)
            hedge = _hedge(best["written"], best.get("prev_written", ""))
            if verb.startswith(("rose ", "fell ")) and hedge:
                verb = verb.replace(" ", f" {hedge}", 1).replace("  ", " ")
            return (f"{best['label']} {verb} to {level_words(best['value'], best['display_unit'], best['written'])} "
                    f"{period_words(best['period'])}")
        best = p.sort_values(["_n", "period_end", "_r", "label"], ascending=[False, False, False, True]).iloc[0]
        return (f"{best['label']}: {level_words(best['value'], best['display_unit'], best['written'])} "
                f"{period_words(best['period'])}")

    def checks_chart(self) -> chart.Figure | chart.Empty:
        from .report import MAX_CHECKS_CHARTED, most_important

        rows = self.ledger[self.ledger["verdict"].isin([check.CONSISTENT, check.INCONSISTENT])]
        rows = rows[rows["kind"] != "magnitude"]
        rows, _ = most_important(rows, MAX_CHECKS_CHARTED)
        cols = ["stated_lo", "stated_hi", "recomputed_lo", "recomputed_hi"]
        rows = rows[np.isfinite(rows["recomputed_lo"].astype(float)) & np.isfinite(rows["recomputed_hi"].astype(float))]
        if rows.empty:
            return chart.Empty("no recomputable checks")
        labels = dict(zip(self.r.ds.indicators["id"], self.r.ds.indicators["label"]))
        out = []
        for unit, g in rows.groupby("unit", sort=False):
            finite = pd.concat([g[c].astype(float) for c in cols]).replace([np.inf, -np.inf], np.nan).dropna()
            lo, hi = float(finite.min()), float(finite.max())
            pad = 0.1 * ((hi - lo) or abs(hi) or 1.0)
            for _, r in g.iterrows():
                kind = kinds.BY_NAME[r["kind"]].words if r["kind"] in kinds.BY_NAME else r["kind"]
                rlo, rhi = float(r["recomputed_lo"]), float(r["recomputed_hi"])
                rec = interval_text(rlo, rhi, unit, apart_decimals(rlo, rhi, float(r["stated_lo"]), float(r["stated_hi"]))
                                    if r["verdict"] == check.INCONSISTENT else None)
                verdict = "agrees" if r["verdict"] == check.CONSISTENT else (
                    "misses, right to the precision written" if r["severity"] == check.MINOR else "misses")
                out.append({
                    "unit": unit, "check_id": r["check_id"], "verdict": r["verdict"], "severity": r["severity"],
                    "label_raw": (f"{kind.capitalize()}: {_indicator_words(r['indicators'], labels)}, {r['periods']} "
                                  f"({r['sources']}). "
                                  f"Stated {r['stated']}; recomputed {rec}: {verdict}."),
                    "stated_lo": max(float(r["stated_lo"]), lo - pad), "stated_hi": min(float(r["stated_hi"]), hi + pad),
                    "recomputed_lo": float(r["recomputed_lo"]), "recomputed_hi": float(r["recomputed_hi"]),
                    "stated_text": str(r["stated"]), "recomputed_text": rec, "sources": r["sources"],
                })
        f = pd.DataFrame(out)
        n, bad = len(f), f[f["verdict"] == check.INCONSISTENT]
        sev = bad["severity"].value_counts()
        if bad.empty:
            takeaway = (f"All {n} stated relations that could be tested agree with the reported figures" if n > 1
                        else "The one stated relation that could be tested agrees with the reported figures")
        else:
            grades = _join([w for w in (f"{int(sev.get(check.MATERIAL, 0))} material" if sev.get(check.MATERIAL, 0) else "",
                                        f"{int(sev.get(check.MINOR, 0))} minor" if sev.get(check.MINOR, 0) else "") if w])
            takeaway = f"{len(bad)} of {n} tested statements disagree with the figures ({grades})"
        subtitle = ("Each statement's stated interval (grey bar) against the value recomputed from the reported levels "
                    "(coloured by verdict, a tick at each end), one panel per unit.")
        source = sources_line(f["sources"]) + "; checks recomputed by ipbook"
        description = (f"Chart of {_plural(n, 'check')} of this theme, stated against recomputed. Takeaway: {takeaway}. "
                       + " ".join(f["label_raw"]))
        table = chart.Table(["Check", "Stated", "Recomputed", "Verdict"],
                            [[c, s, r, v] for c, s, r, v in zip(f["check_id"], f["stated_text"], f["recomputed_text"], f["verdict"])])
        return chart.intervals(f, title=takeaway, subtitle=subtitle, source=source, description=description,
                               alt_text=f"{takeaway}. Chart of stated against recomputed values.", table=table)
