"""What the notebooks display: tables, charts, trends and prose for a theme or the whole book.

Notebooks call ``Report(...)`` with their parameters and display what its
methods return. All HTML is built here, and every string that comes from the
data (quotes, labels, notes, titles) is escaped, so a quote containing
``<script>`` is shown as text and never runs.
"""

from __future__ import annotations

import hashlib
import html
import math
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import HTML

from . import chart, check, dataset, findings, indicator, kinds, report_charts, ledger, magnitude, narrative, number, period, reconcile, series, trend
from . import unit as units


# Pages stay small whatever the size of the data: tables show at most MAX_ROWS rows (the most
# important first, with a note pointing to the full CSV), charts at most MAX_SERIES series and
# MAX_CHECKS_CHARTED checks, and monthly series longer than MONTHLY_TO_ANNUAL points are summed by year.
MAX_ROWS = 300
MAX_SERIES = 12
MAX_CHECKS_CHARTED = 40
MONTHLY_TO_ANNUAL = 36
ADDITIVE_DIMENSIONS = ("CNY", "USD", "count")
VERDICT_RANK = {check.INCONSISTENT: 0, check.CANNOT: 2, check.DERIVED: 3, check.CONSISTENT: 4}
SEVERITY_RANK = {check.MATERIAL: 0, check.MINOR: 1}


def most_important(rows: pd.DataFrame, limit: int = MAX_ROWS) -> tuple[pd.DataFrame, str]:
    """Ledger rows to show: all when few, else the worst verdicts first; and a note when cut."""
    if len(rows) <= limit:
        return rows, ""
    ranked = rows.assign(_s=rows["severity"].map(SEVERITY_RANK).fillna(2), _r=rows["verdict"].map(VERDICT_RANK),
                         _g=-rows["gap_rel"].fillna(-1))
    shown = ranked.sort_values(["_s", "_r", "_g", "check_id"]).head(limit).drop(columns=["_s", "_r", "_g"])
    return shown, (f"Showing {limit} of {len(rows)} checks, the least consistent first; "
                   "every check is in ledger.csv on the sources and data page.")


def with_note(body: HTML, note: str) -> HTML:
    return HTML((f'<p class="ipbook-note">{esc(note)}</p>' if note else "") + body.data)


# How a series' period shape reads in a chart label.
SHAPE_WORDS = {"stock": "end of period", "12m": "annual", "6m": "half-year", "3m": "quarterly", "1m": "monthly"}


def esc(x) -> str:
    return html.escape("" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x))


def table(frame: pd.DataFrame, columns: dict[str, str], quote_col: str | None = None, cls: str = "") -> HTML:
    """An escaped HTML table; ``quote_col`` is shown behind a 'quote' disclosure in the last column."""
    head = "".join(f'<th class="col-{esc(c)}">{esc(t)}</th>' for c, t in columns.items()) + ("<th>Quote</th>" if quote_col else "")
    body = []
    for _, r in frame.iterrows():
        cells = "".join(f'<td class="col-{esc(c)}">{esc(r[c])}</td>' for c in columns)
        if quote_col:
            cells += f"<td><details><summary>quote</summary>“{esc(r[quote_col])}”</details></td>"
        body.append(f"<tr>{cells}</tr>")
    return HTML(
        f'<div class="ipbook-table-wrap"><table class="ipbook-table {cls}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def paragraphs(sentences: list[str]) -> HTML:
    return HTML("".join(f"<p>{esc(s)}</p>" for s in sentences))


def _fmt_interval(lo, hi, unit) -> str:
    if lo is None or pd.isna(lo):
        return ""
    d = 3 if max(abs(lo), abs(hi) if pd.notna(hi) else 0) < 10 else 1
    a, b = number.fmt(lo, d), number.fmt(hi, d)
    u = "" if unit in ("count", "number", "%", "") else f" {unit}"
    pct = "%" if unit == "%" else ""
    return f"{a}{pct}{u}" if a == b else f"{a} to {b}{pct}{u}"


# The build computes the report once and the notebooks it executes read it from here, instead of each
# validating the data and building the ledger again. Keyed by content, so it can never be stale.
CACHE_DIR = Path(__file__).resolve().parent.parent / "_build" / "cache"


def _cache_load(key: str) -> dict | None:
    path = CACHE_DIR / f"report-{key}.pkl"
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # a truncated or foreign file: compute instead
        return None


def _cache_store(key: str, state: dict) -> None:
    if not CACHE_DIR.parent.exists():  # no _build yet: a notebook run outside the build leaves no trace
        return
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=CACHE_DIR, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, CACHE_DIR / f"report-{key}.pkl")


@dataclass
class Report(report_charts.BookCharts):
    """The dataset, its ledger and series, filtered to ``as_of``, under the given number semantics."""

    data_dir: str = "../data"
    as_of: str = "latest"
    reach: float = number.REACH
    qualifier_overrides: dict | None = None
    plausible_annual_factor: float = ledger.PLAUSIBLE_ANNUAL_FACTOR

    def __post_init__(self, ds: dataset.Dataset | None = None):
        cached = _cache_load(self.cache_key())
        if cached is not None:
            self.__dict__.update(cached)
            return
        self._compute(ds)
        _cache_store(self.cache_key(), {k: v for k, v in self.__dict__.items() if k != "_base"})

    @classmethod
    def from_dataset(cls, ds: dataset.Dataset, data_dir: str, base: Path, **params) -> "Report":
        """The report for an already validated dataset; ``data_dir`` is as the notebooks name it, from ``base``."""
        self = cls.__new__(cls)
        self.data_dir, self._base = data_dir, base
        for k, v in {"as_of": "latest", "reach": number.REACH, "qualifier_overrides": None,
                     "plausible_annual_factor": ledger.PLAUSIBLE_ANNUAL_FACTOR, **params}.items():
            setattr(self, k, v)
        self.__post_init__(ds)
        return self

    def cache_key(self) -> str:
        """Package code, data content and every parameter: the report is a pure function of these."""
        h = hashlib.sha256()
        for p in sorted(Path(__file__).parent.glob("*.py")):
            h.update(p.read_bytes())
        data = getattr(self, "_base", Path(".")) / self.data_dir
        for name in dataset.DATA_FILES:
            f = data / name
            h.update(name.encode() + (f.read_bytes() if f.exists() else b"<missing>"))
        for f in sorted((data / "sources").glob("*")):
            h.update(f.name.encode() + f.read_bytes())
        h.update(repr((self.as_of, self.reach, sorted((self.qualifier_overrides or {}).items()),
                       self.plausible_annual_factor)).encode())
        return h.hexdigest()

    def _compute(self, ds: dataset.Dataset | None = None):
        ds = ds if ds is not None else dataset.load(self.data_dir)
        self.ds = dataset.until(ds, self.as_of)
        self.settings = ledger.Settings(
            reach=self.reach,
            qualifier_overrides=tuple(sorted((self.qualifier_overrides or {}).items())),
            plausible_annual_factor=self.plausible_annual_factor,
        )
        self.ledger, ops, lv = ledger.build_all(self.ds, self.settings)
        self.levels = lv
        # every page reads the reconciled figures: one per indicator, region and period, slips left out
        allp = series.all_points(lv, ledger.derived_levels(ops, self.ds), self.ds.indicators)
        owner = magnitude.owner_of(allp["id"], dict(zip("implied:" + ops["id"], ops["s_id"])))
        src = self.ds.sources
        self.reconciled = reconcile.run(
            allp, owner, self.ledger, findings.corrections(self.ds.findings), dict(zip(lv["id"], lv["number"])),
            ledger.release_dates(self.ds), dict(zip(src["id"], src["kind"] == "official")))
        self.points = series.with_growth(reconcile.usable(self.reconciled)[series.POINT_COLUMNS])

    # ------------------------------------------------------------ book-level

    def verdict_counts(self, by: str = "theme") -> pd.DataFrame:
        led = self.ledger.assign(group=self.ledger[by].map(indicator.THEMES).fillna(self.ledger[by]) if by == "theme" else self.ledger[by])
        c = led.groupby(["group", "verdict"]).size().rename("n").reset_index()
        order = list(indicator.THEMES.values()) if by == "theme" else sorted(c["group"].unique())
        c["_o"] = c["group"].map({g: i for i, g in enumerate(order)})
        return c.sort_values(["_o", "verdict"]).drop(columns="_o").reset_index(drop=True)

    def headlines(self) -> HTML:
        """Per theme: the latest change of its longest series, and its checks."""
        items = []
        for tid, title in indicator.THEMES.items():
            t = self.theme(tid)
            pts = t.points[t.points["prev_period"] != ""]
            if pts.empty:
                sentence = "No series with two comparable periods yet."
            else:
                n = t.points.groupby(["indicator", "region", "shape"])["period"].transform("nunique")
                longest = t.points.assign(n=n).sort_values(["n", "period_end"], ascending=[False, False])
                best = longest[longest["prev_period"] != ""].iloc[0]
                sentence = narrative.series_sentence(best)
            items.append(f'<li><a href="{esc(tid)}.html"><strong>{esc(title)}</strong></a>: {esc(sentence)} '
                         f'<em>{esc(narrative.checks_sentence(t.ledger))}</em></li>')
        return HTML(f"<ul class=\"ipbook-headlines\">{''.join(items)}</ul>")

    def findings(self) -> HTML:
        c = ledger.counts(self.ledger)
        sev = self.ledger["severity"].value_counts()
        s = [f"The ledger holds {len(self.ledger)} checks: " + ", ".join(f"{n} {v}" for v, n in c.items() if n) + "; "
             f"{int(sev.get(check.MATERIAL, 0))} material and {int(sev.get(check.MINOR, 0))} minor inconsistencies."]
        for _, r in self.ledger[self.ledger["severity"] == check.MATERIAL].head(20).iterrows():
            s.append(f"Material ({indicator.THEMES.get(r['theme'], r['theme'])}): {r['explanation']} {r['diagnosis']}".strip())
        for _, r in self.ledger[self.ledger["severity"] == check.MINOR].head(20).iterrows():
            s.append(f"Minor ({indicator.THEMES.get(r['theme'], r['theme'])}): {r['explanation']}")
        return paragraphs(s)

    def figure_status(self) -> dict[str, str]:
        """Observation id -> what the book does with it: shown, corrected, left out, disputed, or agreeing."""
        rec = self.reconciled
        out: dict[str, str] = {}
        words = {"single": "shown", "agreed": "shown (sources agree)", "disputed": "shown as disputed: no growth "
                 "rate or trend uses it", "corrected": "shown corrected", "excluded": "left out: probable slip"}
        for r in rec.itertuples(index=False):
            if r.kind != "reported" and r.status != "corrected":
                continue
            if r.id in out:
                continue
            out[r.id] = words[r.status] + (f" ({r.why})" if r.status in ("corrected", "excluded", "disputed") else "")
            for other in r.from_ids.split()[1:]:
                out.setdefault(other, f"agrees with {r.id}, which is shown" if r.status == "agreed"
                               else f"disagrees with {r.id}, which is shown as disputed")
        return out

    def reconciled_table(self) -> pd.DataFrame:
        """The reconciled figures as a DataFrame a reader can reuse (also downloadable as reconciled.csv)."""
        return self.reconciled[["indicator", "region", "period", "value", "lo", "hi", "display_unit", "kind", "status",
                                "id", "source", "from_ids", "why"]]

    def severity_examples(self) -> HTML:
        """Per grade, how many rows of the current ledger have it and one of them in words."""
        led = self.ledger[self.ledger["severity"] != ""]
        what = {check.NONE: "consistent: the statement is true of a value the figures allow",
                check.MINOR: "minor: true only to the precision the source wrote (within one unit of its last digit)",
                check.MATERIAL: "material: a finding; it leads the ledger and the overview and fails the gate"}
        rows = []
        for sev in check.SEVERITIES:
            sub = led[led["severity"] == sev]
            if sev == check.NONE:  # the instructive case: a bound that holds with room to spare, if any
                sub = pd.concat([sub[sub["explanation"].str.contains("well past", regex=False)], sub])
            rows.append({"grade": what[sev], "n": str(len(sub)),
                         "example": sub["explanation"].iloc[0] if len(sub) else "none in the current data"})
        return table(pd.DataFrame(rows), {"grade": "Grade", "n": "Rows", "example": "Example from the ledger"})

    def findings_table(self) -> HTML:
        """The material findings: the figure at fault, its probable correction and the analyst's review."""
        m = self.ledger[self.ledger["severity"] == check.MATERIAL]
        if m.empty:
            return HTML("<p>No material inconsistency in the current data.</p>")
        m = m.assign(review_text=m["review"].replace("", "not reviewed"),
                     correction=[f"{s} → {c}" if s else "" for s, c in zip(m["suspect"], m["corrected"])])
        return table(m, {"check_id": "Check", "explanation": "What the figures show", "correction": "Probable correction",
                         "diagnosis": "Diagnosis", "review_text": "Review"}, quote_col="statement")

    def rules_table(self) -> HTML:
        """Per qualifier: where the figure probably lies (its reach) and the values of which a statement is true."""
        rules = self.settings.rules
        rows = []
        for q, (lo, hi) in rules.items():
            ex = number.reported("15,000", q, rules)
            num, step, round_step = number.parse_values(["15,000"])
            tlo, thi = number.truth_bounds(num, step, round_step, [q], rules)
            rows.append({"qualifier": q,
                         "lower": "unbounded" if lo is None else f"{lo:+g} step",
                         "upper": "unbounded" if hi is None else f"{hi:+g} step",
                         "example": f"{number.written('15,000', 'count', q)}: "
                                    f"{number.fmt_interval(ex.lo, ex.hi, 0) if ex.lo > -1e300 else 'up to ' + number.fmt(ex.hi, 0)}",
                         "true_of": (f"{number.fmt(tlo[0], 0)} or more" if np.isinf(thi[0]) else
                                     f"up to {number.fmt(thi[0], 0)}" if np.isinf(tlo[0]) else
                                     number.fmt_interval(tlo[0], thi[0], 0))})
        return table(pd.DataFrame(rows), {"qualifier": "Qualifier", "lower": "Lower bound", "upper": "Upper bound",
                                          "example": "Where the figure lies (step 1,000)",
                                          "true_of": "A stated relation is true of"})

    def worked_examples(self) -> HTML:
        """One ledger row per kind of check, preferring a tested one."""
        led = self.ledger
        rank = {check.INCONSISTENT: 0, check.CONSISTENT: 2, check.DERIVED: 3, check.CANNOT: 4}
        blocks = []
        for kind in kinds.BY_NAME:
            rows = led[led["kind"] == kind]
            if rows.empty:
                blocks.append(f"<dt>{esc(kind)}</dt><dd>No check of this kind in the current data.</dd>")
                continue
            r = rows.assign(_r=rows["verdict"].map(rank)).sort_values(["_r", "check_id"]).iloc[0]
            blocks.append(f"<dt>{esc(kind)} <code>{esc(r['check_id'])}</code> — {esc(r['verdict'])}</dt>"
                          f"<dd>{esc(kinds.BY_NAME[kind].how)} Graded: {esc(kinds.BY_NAME[kind].grading)}. "
                          f"<br/>Example: {esc(r['explanation'])}</dd>")
        return HTML(f"<dl class=\"ipbook-examples\">{''.join(blocks)}</dl>")

    def dataset_summary(self) -> HTML:
        ds = self.ds
        per_theme = ds.indicators.groupby("theme").size()
        obs_theme = ds.observations["indicator"].map(ds.indicators.set_index("id")["theme"]).value_counts()
        rows = pd.DataFrame([{"theme": title, "indicators": int(per_theme.get(t, 0)), "levels": int(obs_theme.get(t, 0))}
                             for t, title in indicator.THEMES.items()])
        return table(rows, {"theme": "Theme", "indicators": "Indicators", "levels": "Reported levels"})

    def theme(self, theme_id: str) -> "Theme":
        if theme_id not in indicator.THEMES:
            raise ValueError(f"unknown theme {theme_id!r}; known: {', '.join(indicator.THEMES)}")
        return Theme(self, theme_id)

    def ledger_table(self, rows: pd.DataFrame | None = None) -> HTML:
        rows, note = most_important(self.ledger if rows is None else rows)
        shown = rows.assign(
            recomputed=[_fmt_interval(lo, hi, u) for lo, hi, u in zip(rows["recomputed_lo"], rows["recomputed_hi"], rows["unit"])],
            theme_title=rows["theme"].map(indicator.THEMES).fillna(rows["theme"]),
        )
        html_table = table(shown, {"check_id": "Check", "theme_title": "Theme", "kind": "Kind", "periods": "Periods",
                             "stated": "Stated", "recomputed": "Recomputed", "verdict": "Verdict",
                             "explanation": "Explanation"}, quote_col="statement", cls="ipbook-ledger")
        return with_note(html_table, note)

    def sources_table(self) -> HTML:
        s = self.ds.sources
        counts = self.ds.observations.groupby("source").size()
        claims = self.ds.claims.groupby("source").size()
        shown = s.assign(figures=s["id"].map(counts).fillna(0).astype(int).astype(str) + " levels, "
                         + s["id"].map(claims).fillna(0).astype(int).astype(str) + " relations")
        return table(shown, {"id": "Id", "title": "Title", "publisher": "Publisher", "speakers": "Speakers",
                             "date_published": "Published", "date_basis": "Date based on", "period_covered": "Figures cover",
                             "language": "Language", "translation_note": "Translation", "figures": "In the dataset"})


def _review_words(review: str) -> str:
    """The analyst's judgement in a phrase: 'Reviewed: accepted as a source error.'"""
    status = review.split(":")[0]
    return {"accepted": "Reviewed: accepted as a source error.", "explained": "Reviewed: explained, not an error.",
            "open": "Reviewed, not yet settled."}.get(status, "Not yet reviewed.")


class Theme(report_charts.ThemeCharts):
    def __init__(self, report: Report, theme_id: str):
        self.r = report
        self.id = theme_id
        self.title = indicator.THEMES[theme_id]
        ind = report.ds.indicators
        self.indicator_ids = set(ind.loc[ind["theme"] == theme_id, "id"])
        self.points = report.points[report.points["indicator"].isin(self.indicator_ids)]
        self.ledger = report.ledger[report.ledger["theme"] == theme_id]

    # ------------------------------------------------------------ tables

    def key_figures(self) -> HTML:
        lv = self.r.levels[self.r.levels["indicator"].isin(self.indicator_ids)].copy()
        lv["written"] = [number.written(v, u, q) for v, u, q in zip(lv["value"], lv["unit"], lv["qualifier"])]
        lv["in_book"] = lv["id"].map(self.r.figure_status())
        lv = lv.sort_values(["label", "region", "period_end", "source"])
        note = ""
        if len(lv) > MAX_ROWS:
            n = len(lv)
            lv = lv.groupby(["indicator", "region"]).tail(1).head(MAX_ROWS)
            note = (f"This theme has {n} reported levels; shown is the latest of each indicator and region "
                    f"({len(lv)} rows). All of them are in observations.csv on the sources and data page.")
        return with_note(table(lv, {"label": "Indicator", "region": "Region", "period": "Period", "written": "Reported",
                                    "source": "Source", "in_book": "In the book", "note": "Note"}, quote_col="quote",
                               cls="ipbook-key-figures"), note)

    def growth(self) -> HTML:
        g = self.points[self.points["prev_period"] != ""].copy()
        note = ""
        if len(g) > MAX_ROWS:
            n = len(g)
            g = g.groupby(["indicator", "region", "shape"]).tail(1).head(MAX_ROWS)
            note = f"{n} changes in all; shown is the latest change of each series ({len(g)} rows)."
        if g.empty:
            return HTML("<p>No series in this theme has two comparable periods, so no growth rate can be computed.</p>")
        g["from_to"] = g["prev_period"] + " → " + g["period"]
        g["levels"] = [
            f"{narrative.level(a, u)} → {narrative.level(b, u, w)}"
            for a, b, u, w in zip(g["prev_value"], g["value"], g["display_unit"], g["written"])
        ]
        g["change"] = [f"{'+' if x >= 0 else '−'}{number.fmt(abs(x) * 100, 1)}%" if not np.isfinite(pp)
                       else f"{'+' if pp >= 0 else '−'}{number.fmt(abs(pp), 1)} points" for x, pp in zip(g["growth"], g["change_pp"])]
        g["per_year"] = [
            "" if not (y and y > 1.5) or np.isfinite(pp) else f"{'+' if x >= 0 else '−'}{number.fmt(abs(x) * 100, 1)}% a year"
            for x, y, pp in zip(g["growth_per_year"], g["years"], g["change_pp"])
        ]
        g["basis"] = g["kind"].map({"reported": "reported levels", "implied": "implied level"})
        return with_note(table(g, {"label": "Indicator", "region": "Region", "from_to": "Periods", "levels": "Levels",
                                   "change": "Change", "per_year": "Per year", "basis": "Latest point"}), note)

    def implied(self) -> HTML:
        d, note = most_important(self.ledger[self.ledger["verdict"] == check.DERIVED])
        if d.empty:
            return HTML("<p>No figure in this theme is implied by a stated relation.</p>")
        d = d.assign(implied_value=[_fmt_interval(lo, hi, u) for lo, hi, u in zip(d["recomputed_lo"], d["recomputed_hi"], d["unit"])])
        return with_note(table(d, {"check_id": "Check", "indicators": "Indicator", "periods": "Periods",
                                   "stated": "Stated relation", "implied_value": "Implied figure", "explanation": "How"},
                               quote_col="statement"), note)

    def checks(self) -> HTML:
        if self.ledger.empty:
            return HTML("<p>No check in the ledger concerns this theme.</p>")
        return self.r.ledger_table(self.ledger)

    # ------------------------------------------------------------ charts

    def charted(self) -> tuple[pd.DataFrame, str]:
        """The series the chart, the trends and the prose describe (at most MAX_SERIES).

        National series are shown as reported. An indicator reported only by region is
        shown as the sum over regions when its unit adds up (money, counts), and monthly
        series longer than MONTHLY_TO_ANNUAL points as yearly sums of complete years.
        """
        pts = series.multi_point(self.points)
        note = []
        national = pts[pts["region"] == "China"]
        regional = pts[~pts["indicator"].isin(national["indicator"])]
        additive = regional["display_unit"].map(lambda u: units.dimension(u) in ADDITIVE_DIMENSIONS)
        if regional["region"].nunique() > 1 and additive.any():
            summed = series.sum_regions(regional[additive])
            note.append(f"Indicators reported by region are charted as sums over their {regional['region'].nunique()} regions.")
            pts = pd.concat([national, summed, regional[~additive]], ignore_index=True)
        long_monthly = pts.groupby(["indicator", "region", "shape"])["period"].transform("size").gt(MONTHLY_TO_ANNUAL) & (pts["shape"] == "1m")
        if long_monthly.any():
            pts = pd.concat([pts[~long_monthly], series.monthly_to_annual(pts[long_monthly])], ignore_index=True)
            note.append("Monthly series are summed by calendar year (complete years only).")
        pts = series.with_growth(series.points_frame(pts))
        keys = (pts.groupby(["indicator", "region", "shape"])["period"].nunique().sort_values(ascending=False, kind="stable"))
        if len(keys) > MAX_SERIES:
            note.append(f"{len(keys)} series; the {MAX_SERIES} longest are shown.")
            keep = set(keys.head(MAX_SERIES).index)
            pts = pts[[k in keep for k in zip(pts["indicator"], pts["region"], pts["shape"])]]
        pts = series.multi_point(pts)
        return pts, " ".join(note)

    # ------------------------------------------------------------ trend and prose

    def trends(self) -> HTML:
        pts, note = self.charted()
        out = [note] if note else []
        for (ind_id, region, shape), s in pts.groupby(["indicator", "region", "shape"], sort=True):
            if s["period"].nunique() < 2:
                continue
            label, unit = s["label"].iloc[0], s["display_unit"].iloc[0]
            step = 1.0 if shape in ("stock", "12m") else period.parse(s["period"].iloc[-1]).years
            t = trend.fit(s["period_end"], s["value"], step_years=step if step > 0 else 1.0)
            implied_n = int((s["kind"] == "implied").sum())
            note = f" ({implied_n} of them implied by stated growth rates)" if implied_n else ""
            if t is None:
                out.append(f"{label} ({region}): {len(s)} points{note}; a trend needs at least {trend.MIN_POINTS}, so none is fitted.")
                continue
            out.append(
                f"{label} ({region}): over {t.n} points{note}, the log-linear trend grows by "
                f"{number.fmt(t.growth * 100, 1)}% a year (95% confidence interval {number.fmt(t.growth_lo * 100, 1)}% to "
                f"{number.fmt(t.growth_hi * 100, 1)}%; R² {number.fmt(t.r_squared, 2)}). One period ahead "
                f"({t.next_period_end.year}) it projects {narrative.level(t.projection, unit)}, with a 95% prediction "
                f"interval of {narrative.level(t.projection_lo, unit)} to {narrative.level(t.projection_hi, unit)}."
            )
        if not out:
            out = ["No series in this theme has two or more comparable periods."]
        return paragraphs(out)

    def narrative(self) -> HTML:
        pts, _ = self.charted()
        latest = pts.sort_values("period_end").groupby(["indicator", "region", "shape"]).tail(1)
        multi = latest[latest["prev_period"] != ""].sort_values(["label", "region"])
        sentences = [narrative.series_sentence(p) for _, p in multi.iterrows()]
        sentences.append(narrative.checks_sentence(self.ledger))
        bad = self.ledger[self.ledger["severity"] == check.MATERIAL]
        sentences += [f"Material inconsistency: {e} {d} {_review_words(v)}".strip()
                      for e, d, v in zip(bad["explanation"].head(10), bad["diagnosis"], bad["review"])]
        if len(bad) > 10:
            sentences.append(f"… and {len(bad) - 10} more material inconsistencies, listed below.")
        minor = self.ledger[self.ledger["severity"] == check.MINOR]
        sentences += [f"Minor inconsistency: {e}" for e in minor["explanation"].head(10)]
        left_out = self.r.reconciled[(self.r.reconciled["status"] == "excluded")
                                     & self.r.reconciled["indicator"].isin(self.indicator_ids)]
        for w in dict.fromkeys(left_out["why"]):
            sentences.append(f"Left out of the figures, growth rates and trends on this page: {w}.")
        return paragraphs(sentences)
