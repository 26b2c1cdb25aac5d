"""What the notebooks display: tables, charts, trends and prose for a theme or the whole book.

Notebooks call ``Report(...)`` with their parameters and display what its
methods return. All HTML is built here, and every string that comes from the
data (quotes, labels, notes, titles) is escaped, so a quote containing
``<script>`` is shown as text and never runs.
"""

from __future__ import annotations

import copy
import hashlib
import html
import math
import re
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import HTML

from . import (check, dataset, findings, indicator, kinds, ledger, ledger_spec, magnitude, narrative, number, operands,
               period, reconcile, report_charts, series, trend)
from . import unit as units


# Pages stay small whatever the size of the data: tables show at most MAX_ROWS rows (the most
# important first, with a note pointing to the full CSV), charts at most MAX_SERIES series and
# MAX_CHECKS_CHARTED checks, and monthly series longer than MONTHLY_TO_ANNUAL points are summed by year.
MAX_ROWS = 300
MAX_INLINE_CSV = 150_000  # bytes of a table's CSV link inside a page
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


def table(frame: pd.DataFrame, columns: dict[str, str], quote_col: str | None = None, cls: str = "",
          detail: dict[str, str] | None = None, row_id: str | None = None, source_ids=(),
          download: str | None = None) -> HTML:
    """An escaped HTML table that fits its column: ``columns`` are shown, ``detail`` columns and the quote go into a
    'more' disclosure in the last cell. Each cell carries its heading (data-label), so a phone shows a row as a card.
    A ``verdict`` or ``finding`` column is shown as a coloured word; ``row_id`` names a column for the rows' ids."""
    detail = {c: t for c, t in (detail or {}).items() if c in frame.columns}
    more = bool(detail) or bool(quote_col)
    head = "".join(f'<th class="col-{esc(c)}" scope="col">{esc(t)}</th>' for c, t in columns.items())
    head += '<th class="col-more" scope="col"><span class="visually-hidden">Details</span></th>' if more else ""
    body = []
    for _, r in frame.iterrows():
        cells = "".join(f'<td class="col-{esc(c)}" data-label="{esc(t)}">{link_sources(_cell(c, r[c]), source_ids)}</td>'
                        for c, t in columns.items())
        if more:
            items = "".join(f"<dt>{esc(t)}</dt><dd>{link_sources(esc(r[c]), source_ids)}</dd>"
                            for c, t in detail.items() if esc(r[c]))
            if quote_col:
                items += f"<dt>Quote</dt><dd>“{esc(r[quote_col])}”</dd>"
            cells += f'<td class="col-more"><details><summary>more</summary><dl>{items}</dl></details></td>'
        rid = f' id="{esc(r[row_id])}"' if row_id else ""
        state = r["finding"] if "finding" in frame.columns else ""
        body.append(f'<tr{rid} data-finding="{esc(state)}">{cells}</tr>')
    link = ""
    if download:
        cols = {**columns, **detail, **({quote_col: "Quote"} if quote_col else {})}
        uri = csv_data_uri(frame, cols)
        # a table's CSV rides in the page only while it is small; the full data is on the sources page
        link = (f'<p class="ipbook-download"><a download="{esc(download)}.csv" href="{uri}">Download this table (CSV)</a></p>'
                if len(uri) <= MAX_INLINE_CSV else
                '<p class="ipbook-download">This table in full: the downloads on the <a href="sources.html">sources '
                'and data</a> page.</p>')
    return HTML(
        f'<div class="ipbook-table-wrap"><table class="ipbook-table {cls}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{link}</div>"
    )


def csv_data_uri(frame: pd.DataFrame, columns: dict[str, str]) -> str:
    """The table as a CSV inside a data: link (works offline, no file to keep in step): UTF-8 with a byte-order
    mark so that spreadsheets read 亿 and “quotes”, headings as shown, formula-like cells neutralised."""
    import urllib.parse

    from . import safecsv

    out = frame[list(columns)].rename(columns=columns).fillna("").astype(str).map(safecsv.neutralise_cell)
    text = "\ufeff" + out.to_csv(index=False, lineterminator="\r\n")
    return "data:text/csv;charset=utf-8," + urllib.parse.quote(text, safe="")


def _cell(column: str, value) -> str:
    if column in ("verdict", "finding"):
        return f'<span class="ipbook-verdict v-{esc(str(value).split(" ")[0])}">{esc(value)}</span>'
    return esc(value)


# What a ledger row means for a reader, from its verdict and severity.
FINDING_WORDS = {check.MATERIAL: "material inconsistency", check.MINOR: "minor inconsistency", check.NONE: "consistent"}


def finding_words(verdict: str, severity: str) -> str:
    """'material inconsistency', 'minor inconsistency', 'consistent', 'derived', 'cannot check'."""
    return FINDING_WORDS.get(severity, verdict)


def nothing(sentence: str) -> HTML:
    """What a section says when it has nothing to show; the build drops a section that says only this."""
    return HTML(f'<p class="ipbook-nothing">{esc(sentence)}</p>')


def paragraphs(sentences: list[str], source_ids=()) -> HTML:
    """Escaped paragraphs; source ids named in them link to their entry on the sources page."""
    return HTML("".join(f"<p>{link_sources(esc(s), source_ids)}</p>" for s in sentences))


def link_sources(escaped: str, source_ids) -> str:
    """Turn every source id in already-escaped text into a link to its entry on the sources page."""
    ids = sorted({str(i) for i in source_ids if i}, key=len, reverse=True)
    if not ids:
        return escaped
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    return pattern.sub(lambda m: f'<a class="ipbook-source" href="sources.html#{m[1]}">{m[1]}</a>', escaped)


def _fmt_interval(lo, hi, unit, decimals: int | None = None) -> str:
    """A recomputed interval in words ('41.8–42.5%'); ``decimals`` defaults to 3 below 10, else 1."""
    if lo is None or pd.isna(lo):
        return ""
    m = max(abs(lo), abs(hi) if pd.notna(hi) else 0)
    d = decimals if decimals is not None else (0 if m >= 1000 else 1 if m >= 10 else 3)
    u = "%" if unit == "%" else ("" if unit in ("count", "number", "") else f" {unit}")
    return number.fmt_interval(lo, hi, d, u)


def digits_that_matter(gap: float) -> int | None:
    """Decimals that show a small gap (75.9993% against 76%: 4), or None for the default."""
    if gap is None or not math.isfinite(gap) or gap <= 0 or gap >= 0.05:
        return None
    return min(6, -math.floor(math.log10(gap)))


# The build computes the report once and the notebooks it executes read it from here, instead of each
# validating the data and building the ledger again. Keyed by content, so it can never be stale. The large
# tables are files of their own, read when a page first uses them (a Report or its Dataset loads them on
# attribute access): the ledger page never reads the million levels a theme page needs, nor a theme page
# the raw observations.
CACHE_DIR = Path(__file__).resolve().parent.parent / "_build" / "cache"
REPORT_PARTS = ("ledger", "levels", "reconciled", "points")
DATASET_PARTS = ("observations", "claims", "texts")


def _part_path(key: str, name: str) -> Path:
    return CACHE_DIR / f"report-{key}.{name}.pkl"


def _cache_load(key: str) -> dict | None:
    path = CACHE_DIR / f"report-{key}.pkl"
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            state = pickle.load(fh)
    except Exception:  # a truncated or foreign file: compute instead
        return None
    if not all(p.exists() for p in [*state.get("_parts", {}).values(), *state["ds"].__dict__.get("_parts", {}).values()]):
        return None
    return state


def _write_atomic(path: Path, value) -> None:
    fd, tmp = tempfile.mkstemp(dir=CACHE_DIR, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _cache_store(key: str, state: dict) -> None:
    if not CACHE_DIR.parent.exists():  # no _build yet: a notebook run outside the build leaves no trace
        return
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    core = dict(state)
    ds = copy.copy(core["ds"])
    # the parts first, the core last: a reader that finds the core finds its parts
    core["_parts"] = {}
    for name in REPORT_PARTS:
        _write_atomic(_part_path(key, name), core.pop(name))
        core["_parts"][name] = _part_path(key, name)
    ds.__dict__["_parts"] = {}
    for name in DATASET_PARTS:
        _write_atomic(_part_path(key, f"ds-{name}"), ds.__dict__.pop(name))
        ds.__dict__["_parts"][name] = _part_path(key, f"ds-{name}")
    ds._cache = {}  # derived tables the report holds already (ds.levels): not stored twice
    core["ds"] = ds
    _write_atomic(CACHE_DIR / f"report-{key}.pkl", core)


def load_part(obj, name: str):
    """An attribute a cached report keeps in a file of its own, read on first use; AttributeError for any other."""
    parts = obj.__dict__.get("_parts") or {}
    if name not in parts:
        raise AttributeError(name)
    with open(parts[name], "rb") as fh:
        value = pickle.load(fh)
    obj.__dict__[name] = value
    del parts[name]
    return value


@dataclass
class Report(report_charts.BookCharts):
    """The dataset, its ledger and series, filtered to ``as_of``, under the given number semantics."""

    data_dir: str = "../data"
    as_of: str = "latest"
    reach: float = number.REACH
    qualifier_overrides: dict | None = None
    plausible_annual_factor: float = ledger_spec.PLAUSIBLE_ANNUAL_FACTOR

    def __post_init__(self, ds: dataset.Dataset | None = None):
        cached = _cache_load(self.cache_key())
        if cached is not None:
            self.__dict__.update(cached)
            return
        self._compute(ds)
        _cache_store(self.cache_key(), {k: v for k, v in self.__dict__.items() if k not in ("_base", "_parts")})

    def __getattr__(self, name: str):
        # only for attributes not yet set: the large tables of a cached report, read on first use
        return load_part(self, name)

    @classmethod
    def from_dataset(cls, ds: dataset.Dataset, data_dir: str, base: Path, **params) -> "Report":
        """The report for an already validated dataset; ``data_dir`` is as the notebooks name it, from ``base``."""
        self = cls.__new__(cls)
        self.data_dir, self._base = data_dir, base
        for k, v in {"as_of": "latest", "reach": number.REACH, "qualifier_overrides": None,
                     "plausible_annual_factor": ledger_spec.PLAUSIBLE_ANNUAL_FACTOR, **params}.items():
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
        self.settings = ledger_spec.Settings(
            reach=self.reach,
            qualifier_overrides=tuple(sorted((self.qualifier_overrides or {}).items())),
            plausible_annual_factor=self.plausible_annual_factor,
        )
        self.ledger, ops, lv = ledger.build_all(self.ds, self.settings)
        self.levels = lv
        # every page reads the reconciled figures: one per indicator, region and period, slips left out
        allp = series.all_points(lv, operands.derived_levels(ops, self.ds), self.ds.indicators)
        owner = magnitude.owner_of(allp["id"], dict(zip("implied:" + ops["id"], ops["s_id"])))
        src = self.ds.sources
        self.reconciled = reconcile.run(
            allp, owner, self.ledger, findings.corrections(self.ds.findings), dict(zip(lv["id"], lv["number"])),
            operands.release_dates(self.ds), dict(zip(src["id"], src["kind"] == "official")))
        self.points = series.with_growth(reconcile.usable(self.reconciled)[series.POINT_COLUMNS])

    # ------------------------------------------------------------ book-level

    def verdict_counts(self, by: str = "theme") -> pd.DataFrame:
        led = self.ledger.assign(group=self.ledger[by].map(indicator.THEMES).fillna(self.ledger[by]) if by == "theme" else self.ledger[by])
        c = led.groupby(["group", "verdict"]).size().rename("n").reset_index()
        order = list(indicator.THEMES.values()) if by == "theme" else sorted(c["group"].unique())
        c["_o"] = c["group"].map({g: i for i, g in enumerate(order)})
        return c.sort_values(["_o", "verdict"]).drop(columns="_o").reset_index(drop=True)

    def key_findings(self) -> HTML:
        """The overview's first box: the material findings in plain words, a line per theme, what the data rests on."""
        items = [f"<li>{self._finding_sentence(rows)}</li>" for rows in self._finding_groups()]
        minor = self.ledger[self.ledger["severity"] == check.MINOR]
        if len(minor):
            items.append(f"<li>{len(minor)} statement{'s are' if len(minor) > 1 else ' is'} right only to the precision "
                         f"the source wrote, e.g. {esc(minor['stated'].iloc[0].split(' → ')[0])} against "
                         f"{esc(_fmt_interval(minor['recomputed_lo'].iloc[0], minor['recomputed_hi'].iloc[0], minor['unit'].iloc[0], digits_that_matter(minor['gap'].iloc[0])))} "
                         f'(<a href="ledger.html">ledger</a>).</li>')
        if not items:
            items.append("<li>Every statement that could be tested agrees with the figures it relates.</li>")
        themes = []
        for tid, title in indicator.THEMES.items():
            best = self.theme(tid).headline_point()
            if best is not None:
                themes.append(f'<li><a href="{esc(tid)}.html">{esc(title)}</a>: '
                              f'{link_sources(esc(narrative.series_sentence(best)), self.ds.sources["id"])}</li>')
        src = self.ds.sources[self.ds.sources["kind"] == "official"]
        latest = max(str(d).split(" ")[0] for d in src["date_published"]) if len(src) else ""
        n_fig = len(self.ds.observations) + len(self.ds.claims)
        basis = (f"Data as of {esc(_month_words(latest))}: {len(src)} official release{'s' if len(src) != 1 else ''}, "
                 f"{n_fig:,} figures, {len(self.ledger):,} checks. Every number links back to a quote "
                 f'(<a href="sources.html">sources and data</a>).')
        return HTML('<section class="ipbook-key-findings" aria-labelledby="key-findings-title">'
                    '<h2 id="key-findings-title">Key findings</h2>'
                    f'<ol class="ipbook-findings">{"".join(items)}</ol>'
                    f'<details class="ipbook-by-theme"><summary>By theme</summary><ul>{"".join(themes)}</ul></details>'
                    f'<p class="ipbook-basis">{basis}</p></section>')

    def _finding_groups(self) -> list[pd.DataFrame]:
        """Material rows grouped by the figure they blame (or the pair they cannot decide between)."""
        m = self.ledger[self.ledger["severity"] == check.MATERIAL]
        key = m["suspect"].where(m["suspect"] != "", m["candidates"].where(m["candidates"] != "", m["check_id"]))
        groups = [g for _, g in m.groupby(key, sort=False)]
        # a located slip first: it says what the figure should be; then what the releases leave open
        return sorted(groups, key=lambda g: g["suspect"].iloc[0] == "")

    def _finding_sentence(self, rows: pd.DataFrame) -> str:
        r = rows.iloc[0]
        lv = self.levels.set_index("id")
        link = f' <a href="ledger.html#{esc(finding_anchor(r["check_id"]))}">Evidence</a>.'
        if r["suspect"] and r["suspect"] in lv.index:
            o = lv.loc[r["suspect"]]
            shown = ("the book shows the corrected figure" if r["suspect"] in findings.corrections(self.ds.findings)
                     else "the book leaves it out until it is reviewed")
            return (f"{esc(o['label'])}, {esc(o['period'])}: {esc(self._who(o['source']))} wrote "
                    f"“{esc(number.written(o['value'], o['unit'], o['qualifier']))}”; the other figures put it near "
                    f"{esc(r['corrected'])}, so it is probably a slip; {shown}.{link}")
        figs = [lv.loc[i] for i in r["candidates"].split() if i in lv.index]
        if len(figs) >= 2:
            said = " and ".join(f"{esc(number.written(o['value'], o['unit'], o['qualifier']))} ({esc(o['label'])})"
                                for o in figs)
            return (f"{esc(self._who(figs[0]['source']))} gives {said} for {esc(figs[0]['period'])}: one of them is out by "
                    f"a factor of ten, and the text does not say which; both are marked as disputed.{link}")
        return f"{esc(r['explanation'])}{link}"

    def _who(self, source_id: str) -> str:
        """'CNIPA (March 2021)': the publisher's short name and the month of the release."""
        s = self.ds.sources.set_index("id").loc[source_id]
        pub = str(s["publisher"])
        abbr = pub[pub.index("(") + 1:pub.index(")")] if "(" in pub and ")" in pub else pub.split(",")[0]
        return f"{abbr} ({_month_words(str(s['date_published']).split(' ')[0])})"

    def headlines(self) -> HTML:
        """Per theme: the latest change of its longest series, and its checks."""
        items = []
        for tid, title in indicator.THEMES.items():
            t = self.theme(tid)
            best = t.headline_point()
            sentence = "No series with two comparable periods yet." if best is None else narrative.series_sentence(best)
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
        return paragraphs(s, self.ds.sources["id"])

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
                     correction=[f"{s} → {c}" if s else (f"{' or '.join(c2.split())}, by a factor of ten (undecided)" if c2
                                                         else "not located")
                                 for s, c, c2 in zip(m["suspect"], m["corrected"], m["candidates"])],
                     anchor=m["check_id"].map(finding_anchor), kind_words=m["kind"].map(lambda k: kinds.BY_NAME[k].words))
        return table(m, {"explanation": "What the figures show", "correction": "Probable correction",
                         "review_text": "Review"},
                     detail={"diagnosis": "Diagnosis", "check_id": "Check", "kind_words": "Kind", "sources": "Sources"},
                     quote_col="statement", row_id="anchor", source_ids=self.ds.sources["id"], download="findings")

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
            recomputed=[_fmt_interval(lo, hi, u, digits_that_matter(g))
                        for lo, hi, u, g in zip(rows["recomputed_lo"], rows["recomputed_hi"], rows["unit"], rows["gap"])],
            theme_title=rows["theme"].map(indicator.THEMES).fillna(rows["theme"]),
            finding=[finding_words(v, s) for v, s in zip(rows["verdict"], rows["severity"])],
            kind_words=rows["kind"].map(lambda k: kinds.BY_NAME[k].words),
        )
        html_table = table(shown, {"finding": "Verdict", "explanation": "What the figures show", "stated": "Stated",
                                   "recomputed": "Recomputed"},
                           detail={"check_id": "Check", "kind_words": "Kind", "theme_title": "Theme", "periods": "Periods",
                                   "sources": "Sources", "diagnosis": "Diagnosis", "review": "Review"},
                           quote_col="statement", cls="ipbook-ledger", source_ids=self.ds.sources["id"], download="checks")
        return with_note(html_table, note)

    def sources_table(self) -> HTML:
        s = self.ds.sources
        counts = self.ds.observations.groupby("source").size()
        claims = self.ds.claims.groupby("source").size()
        shown = s.assign(figures=s["id"].map(counts).fillna(0).astype(int).astype(str) + " levels, "
                         + s["id"].map(claims).fillna(0).astype(int).astype(str) + " relations")
        return table(shown, {"id": "Id", "title": "Title", "date_published": "Published", "figures": "In the dataset"},
                     detail={"publisher": "Publisher", "speakers": "Speakers", "date_basis": "Date based on",
                             "period_covered": "Figures cover", "language": "Language", "translation_note": "Translation"},
                     row_id="id")


def finding_anchor(check_id: str) -> str:
    """The id of a finding's row on the ledger page."""
    return "finding-" + "".join(c if c.isalnum() else "-" for c in check_id)


def _month_words(iso: str) -> str:
    """'2022-08-24' -> 'August 2022'; '2022-01' -> 'January 2022'; anything else as it is."""
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    parts = iso.split("-")
    if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return iso


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

    def headline_point(self) -> pd.Series | None:
        """The latest change of the theme's longest series (reconciled figures), or None."""
        pts = self.points[self.points["prev_period"] != ""]
        if pts.empty:
            return None
        n = self.points.groupby(["indicator", "region", "shape"])["period"].transform("nunique")
        longest = self.points.assign(n=n).sort_values(["n", "period_end"], ascending=[False, False])
        return longest[longest["prev_period"] != ""].iloc[0]

    def key_figures(self) -> HTML:
        lv = self.r.levels[self.r.levels["indicator"].isin(self.indicator_ids)].copy()
        lv["written"] = [number.written(v, u, q) for v, u, q in zip(lv["value"], lv["unit"], lv["qualifier"])]
        lv["in_book"] = lv["id"].map(self.r.figure_status()).fillna("")
        lv["in_book_short"] = lv["in_book"].str.split(" [(]").str[0]
        lv = lv.sort_values(["label", "region", "period_end", "source"])
        note = ""
        if len(lv) > MAX_ROWS:
            n = len(lv)
            lv = lv.groupby(["indicator", "region"]).tail(1).head(MAX_ROWS)
            note = (f"This theme has {n} reported levels; shown is the latest of each indicator and region "
                    f"({len(lv)} rows). All of them are in observations.csv on the sources and data page.")
        return with_note(table(lv, {"label": "Indicator", "period": "Period", "written": "Reported", "source": "Source",
                                    "in_book_short": "In the book"},
                               detail={"region": "Region", "in_book": "Why", "note": "Note", "id": "Figure"},
                               quote_col="quote", cls="ipbook-key-figures", source_ids=self.r.ds.sources["id"],
                               download=f"{self.id}-key-figures"), note)

    def growth(self) -> HTML:
        g = self.points[self.points["prev_period"] != ""].copy()
        note = ""
        if len(g) > MAX_ROWS:
            n = len(g)
            g = g.groupby(["indicator", "region", "shape"]).tail(1).head(MAX_ROWS)
            note = f"{n} changes in all; shown is the latest change of each series ({len(g)} rows)."
        if g.empty:
            return nothing("No series in this theme has two comparable periods, so no growth rate can be computed.")
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
        return with_note(table(g, {"label": "Indicator", "from_to": "Periods", "levels": "Levels", "change": "Change",
                                   "per_year": "Per year"}, detail={"region": "Region", "basis": "Latest point"},
                               download=f"{self.id}-growth"), note)

    def implied(self) -> HTML:
        d, note = most_important(self.ledger[self.ledger["verdict"] == check.DERIVED])
        if d.empty:
            return nothing("No figure in this theme is implied by a stated relation.")
        label = self.r.ds.indicators.set_index("id")["label"]
        d = d.assign(implied_value=[_fmt_interval(lo, hi, u) for lo, hi, u in zip(d["recomputed_lo"], d["recomputed_hi"], d["unit"])],
                     label=d["indicators"].map(label).fillna(d["indicators"]))
        return with_note(table(d, {"label": "Indicator", "periods": "Periods", "stated": "Stated relation",
                                   "implied_value": "Implied figure"},
                               detail={"explanation": "How", "check_id": "Check"}, quote_col="statement",
                               download=f"{self.id}-implied"), note)

    def checks(self) -> HTML:
        if self.ledger.empty:
            return nothing("No check in the ledger concerns this theme.")
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
            return nothing("No series in this theme has two or more comparable periods.")
        return paragraphs(out, self.r.ds.sources["id"])

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
        return paragraphs(sentences, self.r.ds.sources["id"])
