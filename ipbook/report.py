"""What the notebooks display: tables, charts, trends and prose for a theme or the whole book.

Notebooks call ``Report(...)`` with their parameters and display what its
methods return: tables as DataFrames (shown through ``present.Table``, a pandas Styler: ``.data`` is the
frame), sentences as Markdown (``present.Prose``: ``.sentences`` is the text), charts as Altair charts. The
one piece of layout made here is the overview's key-findings box, a landmark the first screen must show.
Every string from the data (quotes, labels, notes, titles) is escaped, so a quote containing ``<script>``
is shown as text and never runs.
"""

from __future__ import annotations

import copy
import hashlib
import math
import re
import os
import pickle
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import HTML

from . import (build_plan, check, dataset, findings, indicator, kinds, ledger, ledger_spec, magnitude, narrative, number, operands,
               period, reconcile, report_charts, series, trend)
from . import present
from .present import Prose, Table, esc, link_sources, nothing, prose, table
from . import unit as units


# Pages stay small whatever the size of the data: tables show at most MAX_ROWS rows (the most
# important first, with a note pointing to the full CSV), charts at most MAX_SERIES series and
# MAX_CHECKS_CHARTED checks, and monthly series longer than MONTHLY_TO_ANNUAL points are summed by year.
MAX_ROWS = 300
MAX_INLINE_TEXTS = 400_000  # bytes of source texts offered as downloads inside the sources page, all together
MAX_KEY_FINDINGS = 5  # material findings named in the overview's box; the rest are counted and linked
MAX_SERIES = 12
MAX_CHECKS_CHARTED = 40
FOLD_OVER = 12  # a theme's list of reported figures longer than this is folded (the reader opens it)
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


# How a series' period shape reads in a chart label.
SHAPE_WORDS = {"stock": "end of period", "12m": "annual", "6m": "half-year", "3m": "quarterly", "1m": "monthly"}


# What a ledger row means for a reader, from its verdict and severity.
FINDING_WORDS = {check.MATERIAL: "material inconsistency", check.MINOR: "minor inconsistency", check.NONE: "consistent"}


def finding_words(verdict: str, severity: str) -> str:
    """'material inconsistency', 'minor inconsistency', 'consistent', 'derived', 'cannot check'."""
    return FINDING_WORDS.get(severity, verdict)


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
# tables are parts of the file read when a page first uses them (a Report, its Dataset or a Theme loads them on
# attribute access): the ledger page never reads the million levels a theme page needs, nor a theme page the raw
# observations or the other themes' rows.
#
# One file per report, ``report-KEY.pkl``: the parts' pickles one after the other, then the core (the report
# without its parts, holding where each part starts and ends), then a trailer giving where the core starts. A
# reader opens the file once and keeps that descriptor for the parts it reads later, so a build that replaces
# or deletes the file meanwhile (another build's cleanup, a concurrent writer) cannot take a part away from a
# page half-way through: the page reads the file it opened. (With a file per part, a part could go missing
# between reading the core and reading the part.)
CACHE_DIR = Path(__file__).resolve().parent.parent / "_build" / "cache"
CACHE_MAGIC = b"ipbook-report-cache-2\n"
_TRAILER = struct.Struct("<Q")
REPORT_PARTS = ("ledger", "levels", "reconciled", "points")
DATASET_PARTS = ("observations", "claims", "texts")
# a theme page reads only its theme's rows of these: each theme's are a part of their own ('theme-smes-levels')
THEME_TABLES = ("points", "ledger", "levels", "reconciled")


def theme_indicators(indicators: pd.DataFrame, theme_id: str) -> set:
    return set(indicators.loc[indicators["theme"] == theme_id, "id"])


def theme_rows(table: pd.DataFrame, name: str, theme_id: str, indicator_ids: set) -> pd.DataFrame:
    """A theme's rows of one of the report's tables: the ledger by its theme column, the others by indicator."""
    if name == "ledger":
        return table[table["theme"] == theme_id]
    return table[table["indicator"].isin(indicator_ids)]


def _theme_part(theme_id: str, name: str) -> str:
    return f"theme-{theme_id}-{name}"


# The cache keys the build computed, by ``Report.key_ident``: the build hands them to the processes it runs the pages
# and the downloads in (build_execute), so that each does not read and hash the data files again (half a second of
# CPU per page at a million observations). The pages then read the report the build computed and fingerprinted.
KNOWN_KEYS: dict[str, str] = {}


def cache_path(key: str) -> Path:
    return CACHE_DIR / f"report-{key}.pkl"


class _Open:
    """An open cache file (a raw descriptor, closed when the last object reading parts from it is gone)."""

    def __init__(self, path: Path):
        self.fd = os.open(path, os.O_RDONLY)

    def read(self, start: int, end: int) -> bytes:
        data = os.pread(self.fd, end - start, start)
        while len(data) < end - start:  # a read may return less than asked (rare); keep reading
            more = os.pread(self.fd, end - start - len(data), start + len(data))
            if not more:
                raise EOFError("cache file truncated")
            data += more
        return data

    def __copy__(self):  # one descriptor, closed once: copies of a report share it
        return self

    def __deepcopy__(self, memo):
        return self

    def __del__(self):
        try:
            os.close(self.fd)
        except (OSError, AttributeError):
            pass


class _Part:
    """Where a part lies in an open cache file."""

    def __init__(self, file: _Open, start: int, end: int):
        self.file, self.start, self.end = file, start, end

    def load(self):
        return pickle.loads(self.file.read(self.start, self.end))


def _cache_load(key: str) -> dict | None:
    path = cache_path(key)
    try:
        f = _Open(path)
    except OSError:
        return None
    try:
        size = os.fstat(f.fd).st_size
        tail = len(CACHE_MAGIC) + _TRAILER.size
        if size < tail or f.read(size - tail, size)[_TRAILER.size:] != CACHE_MAGIC:
            return None
        (core_at,) = _TRAILER.unpack(f.read(size - tail, size - tail + _TRAILER.size))
        state = pickle.loads(f.read(core_at, size - tail))
        for obj in (state, state["ds"].__dict__):
            obj["_parts"] = {name: _Part(f, a, b) for name, (a, b) in obj.get("_parts", {}).items()}
    except Exception:  # a truncated or foreign file: compute instead
        return None
    return state


def _cache_store(key: str, state: dict) -> None:
    if not CACHE_DIR.parent.exists():  # no _build yet: a notebook run outside the build leaves no trace
        return
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    core = dict(state)
    ds = copy.copy(core["ds"])
    fd, tmp = tempfile.mkstemp(dir=CACHE_DIR, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            def part(value) -> tuple[int, int]:
                start = fh.tell()
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
                return start, fh.tell()

            core["_parts"], core["_whole"] = {}, {}
            theme_ids = {tid: theme_indicators(ds.indicators, tid) for tid in indicator.THEMES}
            for name in REPORT_PARTS:
                # each theme's rows a part, the rows of no theme another; the whole table is put together from
                # them when a page asks for it (stored once: pickling a million rows of text takes seconds)
                table = core.pop(name)
                covered = np.zeros(len(table), dtype=bool)
                pieces = []
                for tid, ids in theme_ids.items():
                    rows = theme_rows(table, name, tid, ids)
                    mask = table.index.isin(rows.index) if not table.index.has_duplicates else None
                    if mask is None:  # never so far (the tables are numbered 0..n-1); kept whole then
                        break
                    covered |= mask
                    pieces.append((_theme_part(tid, name), np.flatnonzero(mask)))
                    core["_parts"][_theme_part(tid, name)] = part(rows)
                else:
                    rest = f"rest-{name}"
                    core["_parts"][rest] = part(table[~covered])
                    pieces.append((rest, np.flatnonzero(~covered)))
                    core["_whole"][name] = pieces
                    continue
                core["_parts"][name] = part(table)
            ds.__dict__["_parts"] = {name: part(ds.__dict__.pop(name)) for name in DATASET_PARTS}
            ds._cache = {}  # derived tables the report holds already (ds.levels): not stored twice
            core["ds"] = ds
            core_at = fh.tell()
            pickle.dump(core, fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.write(_TRAILER.pack(core_at) + CACHE_MAGIC)
        os.replace(tmp, cache_path(key))  # whole or not at all
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_part(obj, name: str):
    """An attribute a cached report keeps as a part of its file, read on first use; AttributeError for any other."""
    parts = obj.__dict__.get("_parts") or {}
    if name not in parts:
        raise AttributeError(name)
    value = parts[name].load()
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
        key = self.cache_key()
        cached = _cache_load(key)
        if cached is not None:
            self.__dict__.update(cached)
            return
        self._compute(ds)
        _cache_store(key, {k: v for k, v in self.__dict__.items() if k not in ("_base", "_parts")})

    def __getattr__(self, name: str):
        # only for attributes not yet set: the large tables of a cached report, read on first use
        pieces = (self.__dict__.get("_whole") or {}).get(name)
        if pieces is None:
            return load_part(self, name)
        # a whole table, put back together from its theme parts (and its rows of no theme), in its own order
        frames = [getattr(self, piece) for piece, _ in pieces]
        at = np.concatenate([where for _, where in pieces])
        kept = [f for f in frames if len(f)] or frames[:1]
        value = pd.concat(kept).iloc[np.argsort(at, kind="stable")]
        self.__dict__[name] = value
        del self.__dict__["_whole"][name]
        return value

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

    @classmethod
    def cached(cls, data_dir: str, base: Path, **params) -> "Report | None":
        """The report ``from_dataset`` would give, read from the cache; None when it is not there."""
        self = cls.__new__(cls)
        self.data_dir, self._base = data_dir, base
        for k, v in {"as_of": "latest", "reach": number.REACH, "qualifier_overrides": None,
                     "plausible_annual_factor": ledger_spec.PLAUSIBLE_ANNUAL_FACTOR, **params}.items():
            setattr(self, k, v)
        state = _cache_load(self.cache_key())
        if state is None:
            return None
        self.__dict__.update(state)
        return self

    def key_ident(self) -> str:
        """The data folder (resolved) and the parameters: what ``KNOWN_KEYS`` is keyed by."""
        data = (getattr(self, "_base", Path(".")) / self.data_dir).resolve()
        return repr((str(data), self.as_of, self.reach, sorted((self.qualifier_overrides or {}).items()),
                     self.plausible_annual_factor))

    def cache_key(self) -> str:
        """Package code, data content and every parameter: the report is a pure function of these."""
        if KNOWN_KEYS:
            known = KNOWN_KEYS.get(self.key_ident())
            if known is not None:
                return known
        h = hashlib.sha256()
        for p in sorted(Path(__file__).parent.glob("*.py")):
            h.update(p.read_bytes())
        data = getattr(self, "_base", Path(".")) / self.data_dir
        for name in dataset.DATA_FILES:
            f = data / name
            h.update(name.encode())
            if f.exists():
                build_plan.update_with_file(h, f)  # a megabyte at a time: each page's kernel hashes the data
            else:
                h.update(b"<missing>")
        for f in sorted((data / "sources").glob("*")):
            h.update(f.name.encode())
            build_plan.update_with_file(h, f)
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
            operands.release_dates(self.ds), reconcile.first_hand(src))
        del allp, owner, ops  # a million points each: not held while the points and the cache are made
        self.points = series.with_growth(reconcile.usable(self.reconciled)[series.POINT_COLUMNS])
        # each theme's headline (the overview names all of them): computed here, so that the overview reads no
        # theme's points (at a million observations, 600 MB in its kernel)
        self.headline_points = {tid: Theme(self, tid).headline_point() for tid in indicator.THEMES}
        # what the overview needs of the large tables, kept in the cache's core so that it reads none of them
        self.figure_count = len(self.ds.observations) + len(self.ds.claims)
        # and what the sources page counts (it would otherwise read every observation to count them)
        self.figure_counts = {
            "levels_by_source": self.ds.observations.groupby("source").size(),
            "relations_by_source": self.ds.claims.groupby("source").size(),
            "levels_by_theme": self.ds.observations["indicator"].map(
                self.ds.indicators.set_index("id")["theme"]).value_counts(),
        }
        named = {i for g in self._finding_groups(MAX_KEY_FINDINGS)[0] for i in [g["suspect"].iloc[0], *g["candidates"].iloc[0].split()]}
        self.finding_levels = lv[lv["id"].isin(named)]

    # ------------------------------------------------------------ book-level

    def verdict_counts(self, by: str = "theme") -> pd.DataFrame:
        led = self.ledger.assign(group=self.ledger[by].map(indicator.THEMES).fillna(self.ledger[by]) if by == "theme" else self.ledger[by])
        c = led.groupby(["group", "verdict"]).size().rename("n").reset_index()
        order = list(indicator.THEMES.values()) if by == "theme" else sorted(c["group"].unique())
        c["_o"] = c["group"].map({g: i for i, g in enumerate(order)})
        return c.sort_values(["_o", "verdict"]).drop(columns="_o").reset_index(drop=True)

    def key_findings(self) -> HTML:
        """The overview's first box: the material findings in plain words, a line per theme, what the data rests on."""
        seen: set = set()  # Chinese terms glossed at their first use in the box
        groups, n_groups = self._finding_groups(MAX_KEY_FINDINGS)
        items = [f"<li>{present.mark_chinese(self._finding_sentence(rows), seen)}</li>" for rows in groups]
        if n_groups > MAX_KEY_FINDINGS:  # a box on the first screen, whatever the size of the data
            items.append(f'<li>… and {n_groups - MAX_KEY_FINDINGS:,} more material findings '
                         f'(<a href="ledger.html#findings">ledger</a>).</li>')
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
        basis = (f"{esc(self.data_basis())} Every number links back to a quote "
                 f'(<a href="sources.html">sources and data</a>).')
        return HTML('<section class="ipbook-key-findings" aria-labelledby="key-findings-title">'
                    '<h2 id="key-findings-title">Key findings</h2>'
                    f'<ol class="ipbook-findings">{"".join(items)}</ol>'
                    f'<details class="ipbook-by-theme"><summary>By theme</summary><ul>{"".join(themes)}</ul></details>'
                    f'<p class="ipbook-basis">{basis}</p></section>')

    def data_basis(self) -> str:
        """'Data as of August 2022: 4 official releases and 1 press conference, 221 figures, 84 checks.' From the
        sources in the data (never typed into a page): their kinds counted, the latest publication date."""
        src = self.ds.sources[self.ds.sources["kind"] != "example"]
        latest = max(str(d).split(" ")[0] for d in src["date_published"]) if len(src) else ""
        words = {"official": ("official release", "official releases"),
                 "press_conference": ("press conference", "press conferences"),
                 "news": ("news report", "news reports"), "secondary": ("secondary summary", "secondary summaries")}
        counts = src["kind"].value_counts()
        kinds_said = [f"{int(counts[k])} {words[k][int(counts[k] != 1)]}" for k in words if counts.get(k, 0)]
        said = ", ".join(kinds_said[:-1]) + (" and " if len(kinds_said) > 1 else "") + kinds_said[-1] if kinds_said \
            else "no sources"
        n_fig = self.figure_count
        return (f"Data as of {_month_words(latest)}: {said}, {n_fig:,} figures, {len(self.ledger):,} checks."
                if latest else f"No sources yet: {n_fig:,} figures, {len(self.ledger):,} checks.")

    def _finding_groups(self, first: int) -> tuple[list[pd.DataFrame], int]:
        """The ``first`` groups of material rows, each the rows blaming one figure (or the pair they cannot decide
        between), and how many groups there are in all. A located slip first: it says what the figure should be;
        then what the releases leave open; otherwise in the ledger's order."""
        m = self.ledger[self.ledger["severity"] == check.MATERIAL]
        key = m["suspect"].where(m["suspect"] != "", m["candidates"].where(m["candidates"] != "", m["check_id"]))
        codes, uniques = pd.factorize(key, sort=False)  # groups numbered in order of their first row
        first_row = pd.Series(np.arange(len(codes))).groupby(codes).min().to_numpy()
        located = (m["suspect"].to_numpy()[first_row] != "")
        order = np.argsort(~located, kind="stable")[:first]
        return [m[codes == c] for c in order], len(uniques)

    def _figures_named(self, ids) -> pd.DataFrame:
        """The reported levels of ``ids``, indexed by id (the few a finding's sentence names)."""
        if "levels" not in self.__dict__ and "finding_levels" in self.__dict__:
            return self.finding_levels.set_index("id")  # a cached report: the overview's figures, kept apart
        lv = self.levels
        return lv[lv["id"].isin(set(ids))].set_index("id")

    def _finding_sentence(self, rows: pd.DataFrame) -> str:
        r = rows.iloc[0]
        lv = self._figures_named([r["suspect"], *r["candidates"].split()])
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

    def headlines(self) -> Prose:
        """Per theme: the latest change of its longest series, and its checks."""
        items, links = [], {}
        for tid, title in indicator.THEMES.items():
            t = self.theme(tid)
            best = t.headline_point()
            sentence = "No series with two comparable periods yet." if best is None else narrative.series_sentence(best)
            links[len(items)] = (f"Read: {title}", f"{tid}.html")
            items.append(f"{title}: {sentence} {narrative.checks_sentence(t.ledger)}")
        out = prose(items, self.ds.sources["id"], bullets=True)
        out.links = links
        return out

    def findings(self) -> Table | Prose:
        c = ledger.counts(self.ledger)
        sev = self.ledger["severity"].value_counts()
        s = [f"The ledger holds {len(self.ledger)} checks: " + ", ".join(f"{n} {v}" for v, n in c.items() if n) + "; "
             f"{int(sev.get(check.MATERIAL, 0))} material and {int(sev.get(check.MINOR, 0))} minor inconsistencies."]
        for _, r in self.ledger[self.ledger["severity"] == check.MATERIAL].head(20).iterrows():
            s.append(f"Material ({indicator.THEMES.get(r['theme'], r['theme'])}): {r['explanation']} {r['diagnosis']}".strip())
        for _, r in self.ledger[self.ledger["severity"] == check.MINOR].head(20).iterrows():
            s.append(f"Minor ({indicator.THEMES.get(r['theme'], r['theme'])}): {r['explanation']}")
        return prose(s, self.ds.sources["id"])

    def ledger_summary(self) -> Prose:
        """What the ledger found, in words, before any table: checks stated by the releases counted apart from the
        checks the book adds, then the verdicts, the grades and the material findings one by one."""
        led = self.ledger
        stated = led["kind"].isin(kinds.CLAIM_KINDS)
        c = ledger.counts(led)
        sev = led["severity"].value_counts()
        n_mat, n_min = int(sev.get(check.MATERIAL, 0)), int(sev.get(check.MINOR, 0))

        def n(k: int, one: str, many: str) -> str:
            return f"{k:,} {one if k == 1 else many}"

        out = [f"The ledger holds {n(len(led), 'check', 'checks')}: {n(int(stated.sum()), 'relation', 'relations')} "
               f"the releases state (growth rates, shares, multiples, totals) and {int((~stated).sum()):,} the book adds "
               "(agreement between sources, parts within wholes, rates by definition, each figure's place in its "
               "series).",
               f"{n(c[check.CONSISTENT], 'is', 'are')} consistent and {c[check.INCONSISTENT]:,} inconsistent: "
               f"{n(n_mat, 'material finding', 'material findings')} and {n(n_min, 'minor one', 'minor ones')}, right "
               f"only to the precision the source wrote. {c[check.CANNOT]:,} cannot be checked (a figure they relate "
               f"is not reported) and {c[check.DERIVED]:,} only imply a figure no source gives."]
        for _, r in led[led["severity"] == check.MATERIAL].head(10).iterrows():
            out.append(f"Finding: {r['explanation']} {r['diagnosis']}".strip())
        return prose(out, self.ds.sources["id"])

    def figure_status(self, reconciled: pd.DataFrame | None = None) -> dict[str, str]:
        """Observation id -> what the book does with it: shown, corrected, left out, disputed, or agreeing.

        ``reconciled`` defaults to every reconciled figure; a theme passes its own rows (a figure's rivals are
        always of its own indicator, so a theme's figures get the same words either way)."""
        rec = self.reconciled if reconciled is None else reconciled
        out: dict[str, str] = {}
        words = {"single": "shown", "agreed": "shown (sources agree)", "disputed": "shown as disputed: no growth "
                 "rate or trend uses it", "corrected": "shown corrected", "excluded": "left out: probable slip"}
        used = ((rec["kind"] == "reported") | (rec["status"] == "corrected")).to_numpy()
        rec = rec[used]
        # plain lists, in the table's order (the first row naming a figure decides its words): a million rows in
        # about a second, where itertuples over the frame took half a minute
        for rid, status, why, from_ids in zip(rec["id"].tolist(), rec["status"].tolist(), rec["why"].tolist(),
                                              rec["from_ids"].tolist()):
            if rid in out:
                continue
            out[rid] = words[status] + (f" ({why})" if status in ("corrected", "excluded", "disputed") else "")
            others = from_ids.split()[1:]
            for other in others:
                out.setdefault(other, f"agrees with {rid}, which is shown" if status == "agreed"
                               else f"disagrees with {rid}, which is shown as disputed")
        return out

    def figures_table(self) -> pd.DataFrame:
        """Every reported level as written and as numbers: ``low``/``high`` bound the values the written figure
        stands for (309.8 billion: 309.75–309.85; "more than 40%": 40% and up to its reach), in the indicator's
        unit (``unit_normalised``, e.g. 218 亿 yuan as 21.8 billion yuan), and what the book does with it (shown,
        corrected, left out, disputed). Downloadable as figures.csv."""
        lv = self.levels
        f = lv["display_factor"].where(lv["display_factor"] > 0, 1.0)
        return pd.DataFrame({
            "id": lv["id"], "indicator": lv["indicator"], "label": lv["label"], "region": lv["region"],
            "period": lv["period"], "value_as_written": lv["value"], "unit_as_written": lv["unit"],
            "qualifier": lv["qualifier"], "low": lv["lo"] / f, "high": lv["hi"] / f,
            "unit_normalised": lv["display_unit"], "in_the_book": lv["id"].map(self.figure_status()).fillna(""),
            "source": lv["source"], "quote": lv["quote"],
        }).sort_values(["indicator", "region", "period", "id"], kind="stable").reset_index(drop=True)

    def reconciled_table(self) -> pd.DataFrame:
        """The reconciled figures as a DataFrame a reader can reuse (also downloadable as reconciled.csv)."""
        return self.reconciled[["indicator", "region", "period", "value", "lo", "hi", "display_unit", "kind", "status",
                                "id", "source", "from_ids", "why"]]

    def severity_examples(self) -> Table | Prose:
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

    def findings_table(self) -> Table | Prose:
        """The material findings: the figure at fault, its probable correction and the analyst's review."""
        m = self.ledger[self.ledger["severity"] == check.MATERIAL]
        if m.empty:
            return prose(["No material inconsistency in the current data."])
        # the findings the overview names lead (its links point here), then the rest, at most MAX_ROWS
        first = [g["check_id"].iloc[0] for g in self._finding_groups(MAX_KEY_FINDINGS)[0]]
        m = m.assign(_lead=~m["check_id"].isin(first)).sort_values("_lead", kind="stable").drop(columns="_lead")
        note = ""
        if len(m) > MAX_ROWS:
            note = (f"Showing {MAX_ROWS:,} of {len(m):,} material findings, those the overview names first; every "
                    "one is in ledger.csv on the sources and data page.")
            m = m.head(MAX_ROWS)
        m = m.assign(review_text=m["review"].replace("", "not reviewed"),
                     correction=[f"{s} → {c}" if s else (f"{' or '.join(c2.split())}, by a factor of ten (undecided)" if c2
                                                         else "not located")
                                 for s, c, c2 in zip(m["suspect"], m["corrected"], m["candidates"])],
                     anchor=m["check_id"].map(finding_anchor), kind_words=m["kind"].map(lambda k: kinds.BY_NAME[k].words))
        return table(m, {"explanation": "What the figures show", "correction": "Probable correction",
                         "review_text": "Review"},
                     detail={"diagnosis": "Diagnosis", "check_id": "Check", "kind_words": "Kind", "sources": "Sources"},
                     quote_col="statement", row_id="anchor", source_ids=self.ds.sources["id"], download="findings",
                     note=note)

    def rules_table(self) -> Table | Prose:
        """Per qualifier: where the figure probably lies (its reach) and the values of which a statement is true."""
        rules = self.settings.rules
        rows = []
        for q, (lo, hi) in rules.items():
            ex = number.reported("15,000", q, rules)
            num, step, round_step = number.parse_values(["15,000"])
            tlo, thi = number.truth_bounds(num, step, round_step, [q], rules)
            rows.append({"qualifier": q,
                         "lower": "unbounded" if lo is None else f"{lo:+g} step".replace("-", "−"),
                         "upper": "unbounded" if hi is None else f"{hi:+g} step".replace("-", "−"),
                         "example": f"{number.written('15,000', 'count', q)}: "
                                    f"{number.fmt_interval(ex.lo, ex.hi, 0) if ex.lo > -1e300 else 'up to ' + number.fmt(ex.hi, 0)}",
                         "true_of": (f"{number.fmt(tlo[0], 0)} or more" if np.isinf(thi[0]) else
                                     f"up to {number.fmt(thi[0], 0)}" if np.isinf(tlo[0]) else
                                     number.fmt_interval(tlo[0], thi[0], 0))})
        return table(pd.DataFrame(rows), {"qualifier": "Qualifier", "lower": "Lower bound", "upper": "Upper bound",
                                          "example": "Where the figure lies (step 1,000)",
                                          "true_of": "A stated relation is true of"})

    def worked_examples(self) -> Prose:
        """One ledger row per kind of check, preferring a tested one."""
        led = self.ledger
        rank = {check.INCONSISTENT: 0, check.CONSISTENT: 2, check.DERIVED: 3, check.CANNOT: 4}
        out = []
        for kind in kinds.BY_NAME:
            rows = led[led["kind"] == kind]
            spec = kinds.BY_NAME[kind]
            if rows.empty:
                out.append(f"{spec.words.capitalize()} ({kind}): no check of this kind in the current data.")
                continue
            r = rows.assign(_r=rows["verdict"].map(rank)).sort_values(["_r", "check_id"]).iloc[0]
            how = re.sub(r"^[A-Z][^:.'‘’]{0,40}: ", "", spec.how)  # 'Growth: later / earlier − 1' under its own name
            out.append(f"{spec.words.capitalize()} ({kind}): {how} Graded: {spec.grading}. "
                       f"Example, check {r['check_id']} ({r['verdict']}): {r['explanation']}")
        return prose(out, self.ds.sources["id"], bullets=True)

    def dataset_summary(self) -> Table | Prose:
        ds = self.ds
        per_theme = ds.indicators.groupby("theme").size()
        obs_theme = self.figure_counts["levels_by_theme"]
        rows = pd.DataFrame([{"theme": title, "indicators": int(per_theme.get(t, 0)), "levels": int(obs_theme.get(t, 0))}
                             for t, title in indicator.THEMES.items()])
        return table(rows, {"theme": "Theme", "indicators": "Indicators", "levels": "Reported levels"})

    def theme_table(self, theme_id: str, name: str) -> pd.DataFrame:
        """A theme's rows of ``name`` (one of THEME_TABLES): its own cache part when the report has one (a theme
        page then never reads the whole table), else sliced from the whole table."""
        part = _theme_part(theme_id, name)
        if name not in self.__dict__ and (part in self.__dict__ or part in (self.__dict__.get("_parts") or {})):
            return getattr(self, part)
        return theme_rows(getattr(self, name), name, theme_id, theme_indicators(self.ds.indicators, theme_id))

    def theme(self, theme_id: str) -> "Theme":
        if theme_id not in indicator.THEMES:
            raise ValueError(f"unknown theme {theme_id!r}; known: {', '.join(indicator.THEMES)}")
        return Theme(self, theme_id)

    def ledger_table(self, rows: pd.DataFrame | None = None) -> Table | Prose:
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
                           quote_col="statement", cls="ipbook-ledger", source_ids=self.ds.sources["id"], download="checks",
                           note=note)
        return html_table

    def _text_links(self, s: pd.DataFrame, texts: dict) -> list:
        """Each source's text as a download inside the page while the texts together stay under MAX_INLINE_TEXTS
        (a page stays small whatever the number of sources); past it, where the text is in the repository."""
        out, budget = [], MAX_INLINE_TEXTS
        for i, f in zip(s["id"], s["file"]):
            link = present.text_link(texts[i], f"{i}.txt", f"{f} (plain text)") if i in texts else ""
            size = len(link.href) if isinstance(link, present.Link) else 0
            if link and size <= budget:
                out.append(link)
                budget -= size
            else:
                out.append(f"data/sources/{f} in the repository")
        return out

    def sources_table(self) -> Table:
        """Each source with what the dataset takes from it, its original's address when recorded and its text."""
        s = self.ds.sources
        counts, claims = self.figure_counts["levels_by_source"], self.figure_counts["relations_by_source"]
        shown = s.assign(
            figures=s["id"].map(counts).fillna(0).astype(int).astype(str) + " levels, "
            + s["id"].map(claims).fillna(0).astype(int).astype(str) + " relations")
        columns = {"id": "Id", "title": "Title", "date_published": "Published", "figures": "In the dataset"}
        if len(shown) > MAX_ROWS:
            # every source keeps its entry (pages link to each by id), but not its details: the page stays small (and
            # reads none of the texts: at a million observations, 90 MB of them, each quoted into a data: link)
            return table(shown, columns, row_id="id",
                         note=f"{len(shown):,} sources: each with its title, date and figures; their publishers, "
                              "dates' basis and translation notes are in sources.yaml (downloads below).")
        shown = shown.assign(
            original=[present.Link(u, u) if u else "not recorded" for u in s["url"]],
            text=self._text_links(s, self.ds.texts),
            kind_words=s["kind"].str.replace("_", " "))
        detail = {"kind_words": "Kind", "publisher": "Publisher", "speakers": "Speakers", "date_basis": "Date based on",
                  "period_covered": "Figures cover", "language": "Language", "translation_note": "Translation",
                  "original": "Original", "text": "Text"}
        return table(shown, columns, detail=detail, row_id="id")


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
    """One theme's page. Its tables (``points``, ``ledger``, ``levels``, ``reconciled``: the report's rows of this
    theme) are read on first use, from the report's per-theme cache parts when it has them, so that a theme page
    never loads the other themes' rows."""

    def __init__(self, report: Report, theme_id: str):
        self.r = report
        self.id = theme_id
        self.title = indicator.THEMES[theme_id]
        self.indicator_ids = theme_indicators(report.ds.indicators, theme_id)

    def __getattr__(self, name: str):
        # only for attributes not yet set: the theme's tables, read (or sliced from the report's) on first use
        if name not in THEME_TABLES:
            raise AttributeError(name)
        value = self.r.theme_table(self.id, name)
        self.__dict__[name] = value
        return value

    # ------------------------------------------------------------ tables

    def headline_point(self) -> pd.Series | None:
        """The latest change of the theme's longest series (reconciled figures), or None."""
        known = self.r.__dict__.get("headline_points")
        if known is not None and self.id in known:  # computed with the report (kept in the cache's core)
            return known[self.id]
        pts = self.points[self.points["prev_period"] != ""]
        if pts.empty:
            return None
        n = self.points.groupby(["indicator", "region", "shape"])["period"].transform("nunique")
        longest = self.points.assign(n=n).sort_values(["n", "period_end"], ascending=[False, False])
        return longest[longest["prev_period"] != ""].iloc[0]

    def key_figures(self) -> Table | Prose:
        lv = self.levels
        n = len(lv)
        lv = lv.sort_values(["label", "region", "period_end", "source"])
        note = ""
        if n > MAX_ROWS:
            lv = lv.groupby(["indicator", "region"]).tail(1).head(MAX_ROWS)
            note = (f"This theme has {n} reported levels; shown is the latest of each indicator and region "
                    f"({len(lv)} rows). All of them are in observations.csv on the sources and data page.")
        # the words and numbers of the rows shown only (a theme has over a hundred thousand levels at scale)
        lv = lv.copy()
        lv["written"] = [number.written(v, u, q) for v, u, q in zip(lv["value"], lv["unit"], lv["qualifier"])]
        f = lv["display_factor"].where(lv["display_factor"] > 0, 1.0)
        lv["low"], lv["high"] = lv["lo"] / f, lv["hi"] / f  # the CSV's numbers; the page shows the figure as written
        lv["in_book"] = lv["id"].map(self.r.figure_status(self.reconciled)).fillna("")
        lv["in_book_short"] = lv["in_book"].str.split(" [(]").str[0]
        return table(lv, {"label": "Indicator", "period": "Period", "written": "Reported", "source": "Source",
                          "in_book_short": "In the book"},
                     detail={"region": "Region", "in_book": "Why", "note": "Note", "id": "Figure"},
                     quote_col="quote", cls="ipbook-key-figures", source_ids=self.r.ds.sources["id"],
                     download=f"{self.id}-key-figures", note=note, fold_over=FOLD_OVER,
                     data_only={"low": "Low", "high": "High", "display_unit": "Unit (normalised)"})

    def growth(self) -> Table | Prose:
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
        return table(g, {"label": "Indicator", "from_to": "Periods", "levels": "Levels", "change": "Change",
                         "per_year": "Per year"}, detail={"region": "Region", "basis": "Latest point"},
                     download=f"{self.id}-growth", note=note)

    def implied(self) -> Table | Prose:
        d, note = most_important(self.ledger[self.ledger["verdict"] == check.DERIVED])
        if d.empty:
            return nothing("No figure in this theme is implied by a stated relation.")
        label = self.r.ds.indicators.set_index("id")["label"]
        d = d.assign(implied_value=[_fmt_interval(lo, hi, u) for lo, hi, u in zip(d["recomputed_lo"], d["recomputed_hi"], d["unit"])],
                     label=d["indicators"].map(label).fillna(d["indicators"]))
        return table(d, {"label": "Indicator", "periods": "Periods", "stated": "Stated relation",
                         "implied_value": "Implied figure"},
                     detail={"explanation": "How", "check_id": "Check"}, quote_col="statement",
                     download=f"{self.id}-implied", note=note)

    def checks(self) -> Table | Prose:
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
        if "_charted" not in self.__dict__:  # the chart, the trends and the prose describe the same series
            self._charted = self._chart_series()
        pts, note = self._charted
        return pts.copy(), note

    def _chart_series(self) -> tuple[pd.DataFrame, str]:
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

    def trends(self) -> Table | Prose:
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
        return prose(out, self.r.ds.sources["id"])

    def narrative(self) -> Table | Prose:
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
        left_out = self.reconciled[self.reconciled["status"] == "excluded"]
        for w in dict.fromkeys(left_out["why"]):
            sentences.append(f"Left out of the figures, growth rates and trends on this page: {w}.")
        return prose(sentences, self.r.ds.sources["id"])
