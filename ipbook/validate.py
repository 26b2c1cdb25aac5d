"""Validation of a data directory: every problem, at once, as file:line: column: problem.

Types and formats of the CSV columns are declared as rules per column
(``OBSERVATION_SCHEMA``, ``CLAIM_SCHEMA``), checked once per distinct value or by
one compiled pattern per cell; the relations between files (ids that must
exist, quotes that must occur in their source text, units that must fit their
indicator) are checked in plain code too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np
import pandas as pd

from . import claim, indicator, number, observation, period, source
from . import unit as units
from .dataset import records
from .problem import DIGIT_RULE, UNIQUE_TEXT, Problem, cycles, non_ascii_digit, paused_gc


class Rule(NamedTuple):
    """One check on the cells of a column: ``ok(cell)`` says whether a cell passes, ``error`` is the problem
    reported for one that does not. ``sure``, when given, is a pattern whose full match means the cell passes:
    the common case is then one compiled match per cell, and ``ok`` runs only on the others."""

    error: str
    ok: Callable[[str], bool]
    sure: re.Pattern | None = None


_NOT_EMPTY = Rule("missing value", bool)
_NUMBER_SHAPE = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")  # number._NUMERIC without anchors
_VALUE_ERROR = "not a number as written (e.g. 309.8, 420,000, ten)"
_PERIOD_ERROR = "period cannot be parsed (e.g. 2021, 2022H1, end-2019, 2017-2022H1)"


def _id_rule(pattern: str) -> Rule:
    compiled = re.compile(pattern)
    return Rule(f"id must match {pattern}", lambda v: compiled.match(v) is not None, compiled)


def _schema(required: list[str], id_pattern: str, extra: dict[str, list[Rule]]) -> dict[str, list[Rule]]:
    """column -> its rules. A required column's cells may not be empty; a column with rules of its own in
    ``extra`` has those instead (the value's rule says what an empty value is)."""
    cols = {c: [_NOT_EMPTY] for c in required}
    cols["id"] = [_NOT_EMPTY, _id_rule(id_pattern)]
    cols.update(extra)
    return cols


_VALUE = Rule(_VALUE_ERROR, number.is_number_as_written, _NUMBER_SHAPE)
_OPT_VALUE = Rule(_VALUE_ERROR, lambda v: v == "" or number.is_number_as_written(v), _NUMBER_SHAPE)
_UNIT = Rule("unknown unit", units.is_known)
_OPT_UNIT = Rule("unknown unit", lambda u: u == "" or units.is_known(u))
_QUALIFIER = Rule(f"unknown qualifier (expected one of: {', '.join(number.QUALIFIERS)})", number.QUALIFIERS.__contains__)
_PERIOD = Rule(_PERIOD_ERROR, period.is_valid)
_OPT_PERIOD = Rule(_PERIOD_ERROR, lambda p: p == "" or period.is_valid(p))

OBSERVATION_SCHEMA = _schema(
    observation.REQUIRED,
    observation.ID_PATTERN,
    {"value": [_VALUE], "unit": [_UNIT], "qualifier": [_QUALIFIER], "period": [_PERIOD]},
)
CLAIM_SCHEMA = _schema(
    claim.REQUIRED,
    claim.ID_PATTERN,
    {
        "kind": [Rule(f"unknown kind (expected one of: {', '.join(claim.KINDS)})", claim.KINDS.__contains__)],
        "value": [_OPT_VALUE],
        "unit": [_OPT_UNIT],
        "qualifier": [_QUALIFIER],
        "period": [_PERIOD],
        "base_period": [_OPT_PERIOD],
    },
)


def _failing(cells: np.ndarray, rule: Rule, distinct: tuple | None) -> np.ndarray:
    """Positions of the cells that fail ``rule``. ``distinct``: (codes, values) of the column when its
    values repeat, so that ``rule.ok`` runs once per distinct value."""
    if rule is _NOT_EMPTY:
        return np.flatnonzero(cells == "")
    if distinct is not None:
        codes, values = distinct
        bad = np.fromiter((not rule.ok(v) for v in values), dtype=bool, count=len(values))
        return np.flatnonzero(bad[codes])
    at = np.arange(len(cells))
    if rule.sure is not None:
        sure = np.fromiter(map(bool, map(rule.sure.fullmatch, cells)), dtype=bool, count=len(cells))
        at = np.flatnonzero(~sure)
    if not len(at):
        return at
    verdict = {}
    suspects = cells[at].tolist()
    for v in suspects:
        if v not in verdict:
            verdict[v] = rule.ok(v)
    return at[np.fromiter((not verdict[v] for v in suspects), dtype=bool, count=len(at))]


def _schema_problems(frame: pd.DataFrame, schema: dict[str, list[Rule]], label: str) -> list[Problem]:
    """The cells that break their column's rules, as problems: ``column: error: 'cell'`` (the error alone
    for an empty cell).

    Vectorised: a column whose values repeat is checked once per distinct value, the others (ids, values)
    by one compiled pattern per cell. This replaced pandera schemas with the same rules and messages, whose
    per-cell machinery took seconds at a million rows."""
    absent = frame.attrs.get("missing_columns", set())  # already reported once, against the header
    if not len(frame):
        return []
    lines = frame["_line"].to_numpy()
    out = []
    for col, rules in schema.items():
        if col not in frame.columns or col in absent:
            continue
        cells = frame[col].to_numpy(dtype=object, na_value="")
        distinct = None
        if col not in UNIQUE_TEXT and any(r is not _NOT_EMPTY for r in rules):
            codes, values = pd.factorize(cells)
            distinct = (codes, values.tolist())
        for rule in rules:
            for i in _failing(cells, rule, distinct).tolist():
                shown = cells[i]
                out.append(Problem(label, int(lines[i]), col, f"{rule.error}: {shown!r}" if shown != "" else rule.error))
    return out


def _pieces(text: str) -> set[str]:
    """The lines of a source text and the sentences of each line: a quote that is one of them is found by
    a set lookup instead of a search through the text."""
    out = set()
    for line in text.splitlines():
        out.add(line)
        if ". " in line:
            parts = line.split(". ")
            out.update(p + "." for p in parts[:-1])
            out.add(parts[-1])
    return out


def quotes_not_found(quotes: list[str], source_ids: list[str], texts: dict[str, str]) -> list[int]:
    """Positions of the quotes that do not occur verbatim in their source's text (a source without a text
    is skipped: its problem is reported where it is read).

    One pass per source text: each quote is looked up among the text's lines and sentences (a set), and
    only the others (part of a sentence) are searched for in the text. At a million quotes of whole
    sentences this takes about a second, where a search per quote took five; a part of a sentence still
    costs a search (a few microseconds in a text of 40 kB)."""
    codes, names = pd.factorize(pd.Series(source_ids, dtype=object), use_na_sentinel=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    missing = []
    for k, s in enumerate(names):
        text = texts.get(s)
        if text is None:
            continue
        pieces = _pieces(text)
        for i in order[bounds[k]:bounds[k + 1]].tolist():
            q = quotes[i]
            if q and q not in pieces and q not in text:
                missing.append(i)
    return sorted(missing)


def check_frames(sources, texts, indicators, observations, claims) -> list[Problem]:
    """Cross-file checks on loaded frames.

    Vectorised over the rows (masks, set lookups, one pass per source text for the quotes); a Python
    loop runs only over the rows that have a problem, and over the claims' own rules."""
    problems: list[Problem] = []
    P = problems.append
    # sets from plain lists: iterating a pandas string column costs a call per cell
    source_ids = set(sources["id"].tolist())
    known_ind = set(indicators["id"].tolist())

    def rows(frame: pd.DataFrame, label: str):
        for r in records(frame):
            yield label, int(r.lineno), r

    obs_ids = set(observations["id"].tolist())
    claim_ids = set(claims["id"].tolist())
    for label, frame in ((observation.FILE, observations), (claim.FILE, claims)):
        lines = frame["_line"].tolist()
        ind_col, src, quote, value = (frame[c].tolist() for c in ("indicator", "source", "quote", "value"))
        if not indicators.attrs.get("unreadable"):
            for i, x in enumerate(ind_col):
                if x and x not in known_ind:
                    P(Problem(label, int(lines[i]), "indicator", f"unknown indicator {x!r}"))
        if not sources.attrs.get("unreadable"):
            for i, x in enumerate(src):
                if x and x not in source_ids:
                    P(Problem(label, int(lines[i]), "source", f"unknown source {x!r}"))
        if "quote" not in frame.attrs.get("missing_columns", set()):
            for i in quotes_not_found(quote, src, texts):
                P(Problem(label, int(lines[i]), "quote", f"quote not found verbatim in source {src[i]!r}: {quote[i][:60]!r}"))
        for i, (v, q) in enumerate(zip(value, quote)):
            if v and q and v not in q and not non_ascii_digit(v):
                P(Problem(label, int(lines[i]), "value", f"value {v!r} does not occur in its quote"))
        dup = (frame["id"].duplicated(keep="first") & (frame["id"] != "")).to_numpy(bool)
        if dup.any():
            first_line = dict(zip(frame["id"].tolist()[::-1], lines[::-1]))
            for ident, line in zip(frame["id"][dup].tolist(), frame["_line"][dup].tolist()):
                P(Problem(label, int(line), "id", f"duplicate id {ident!r} (first on line {int(first_line[ident])})"))

    # one figure per (indicator, region, period, source)
    key = ["indicator", "region", "period", "source"]
    dup = observations[observations.duplicated(key, keep="first")]
    if len(dup):
        first_line = observations.drop_duplicates(key).set_index(key)["_line"]
        for _, r in dup.iterrows():
            P(Problem(observation.FILE, int(r["_line"]), "indicator",
                      f"duplicate row: ({', '.join(r[key])}) already on line {int(first_line.loc[tuple(r[key])])}"))

    # an observation's unit must measure what its indicator measures (vectorised: a million rows take a second)
    ind = indicators.drop_duplicates("id").set_index("id", drop=False)
    dims = {name: u.dimension for name, u in units.UNITS.items()}
    # as plain objects: pandas maps a column of its own strings one cell at a time
    ind_unit = observations["indicator"].astype(object).map(ind["unit"].astype(object))
    own, want = observations["unit"].astype(object).map(dims), ind_unit.map(dims)
    misfit = observations[own.notna() & want.notna() & (own != want)]
    for r, wanted in zip(records(misfit), ind_unit[misfit.index]):
        P(Problem(observation.FILE, int(r.lineno), "unit",
                  f"unit {r.unit!r} does not fit indicator {r.indicator!r} (in {wanted!r})"))

    for lab, line, r in rows(claims, claim.FILE):
        spec = claim.KINDS.get(r.kind)
        if spec is None:
            continue
        needs_base, allowed = spec
        if needs_base and not r.base_period:
            P(Problem(lab, line, "base_period", f"a {r.kind} claim needs a base_period"))
        if r.kind == "part_of":
            if not (r.subject and r.reference):
                P(Problem(lab, line, "subject", "a part_of claim needs both subject and reference"))
        else:
            if not r.value:
                P(Problem(lab, line, "value", "missing value"))
            if not r.unit:
                P(Problem(lab, line, "unit", "missing value"))
        if allowed and r.unit and r.unit not in allowed:
            P(Problem(lab, line, "unit", f"a {r.kind} claim is stated in {' or '.join(allowed)}, not {r.unit!r}"))
        for col in ("subject", "reference"):
            ref = getattr(r, col)
            if ref and ref not in obs_ids and ref not in claim_ids:
                P(Problem(lab, line, col, f"unknown observation or claim id {ref!r}"))
            if ref and ref == r.id:
                P(Problem(lab, line, col, "a claim cannot refer to itself"))
    return problems


# ------------------------------------------------------------------ characters and regions

_TEXT_COLUMNS = ("quote", "note")  # free text: any character; every other cell is a code, a period or a figure


def check_cells(frame: pd.DataFrame, label: str) -> list[Problem]:
    """Digits other than ASCII 0-9 in any cell but the quote and the note; unknown regions.

    A full-width ３０９.８ or an Arabic-Indic ٣٠٩ would pass a regular expression's \\d and then fail every
    later step that reads it as a number, so the rule is one and strict: ASCII digits only (see data/README.md).
    """
    problems = []
    lines = frame["_line"]
    for col in frame.columns:
        if col.startswith("_") or col in _TEXT_COLUMNS:
            continue
        cells = frame[col].astype("string").fillna("")
        if "".join(cells.tolist()).isascii():  # the usual case, at C speed: no cell to look at
            continue
        hit = ~cells.map(str.isascii).astype(bool)
        for i in frame.index[hit]:
            d = non_ascii_digit(str(cells[i]))
            if d:
                problems.append(Problem(label, int(lines[i]), col, f"non-ASCII digit {d} in {str(cells[i])!r}: {DIGIT_RULE}"))
    if "region" in frame.columns and "region" not in frame.attrs.get("missing_columns", set()):
        regions = frame["region"].astype("string").fillna("")
        names = pd.Series(regions.unique())
        unknown = set(names[~names.map(observation.is_known_region).astype(bool) & (names != "")])
        for i in frame.index[regions.isin(unknown)]:
            problems.append(Problem(label, int(lines[i]), "region",
                                    f"unknown region {str(regions[i])!r} ({observation.REGION_RULE})"))
    return problems


# ------------------------------------------------------------------ what a claim says about the figures it names

_DIVIDES = {"growth", "cagr", "multiple", "ratio", "share"}  # the reference is a denominator


def check_relations(indicators: pd.DataFrame, observations: pd.DataFrame, claims: pd.DataFrame) -> list[Problem]:
    """A claim's figures must be able to stand in the relation it states.

    Its subject is a figure of the same indicator, region and period (not '2020' for an 'end-2020' stock);
    the reference of a growth, cagr, multiple or absolute_change is at its base_period, which comes before
    the period; figures that are divided or subtracted are of one kind (no money level minus a rate); a
    denominator is not zero; no figure is part of itself, directly or through other part_of claims.
    """
    problems: list[Problem] = []
    P = problems.append
    ind_unit = dict(zip(indicators["id"][::-1], indicators["unit"][::-1]))  # the first definition wins
    dims = {name: u.dimension for name, u in units.UNITS.items()}
    # the observation the ledger takes as base when a claim names none: same indicator, region, base_period
    base_of = _implicit_bases(observations, claims)
    # every figure a claim names: id -> (what, indicator, region, period, unit, value); only those, since a
    # dict of all the million observations took a second and a half to build
    named = set(claims["subject"].tolist()) | set(claims["reference"].tolist()) | set(base_of.values())
    figs: dict[str, tuple] = {}
    for what, frame in (("claim", claims), ("observation", observations)):
        frame = frame[frame["id"].isin(named)]
        for row in zip(*(frame[c].tolist() for c in ("id", "indicator", "region", "period", "unit", "value"))):
            figs[row[0]] = (what, *row[1:])
    divisors = set(claims.loc[claims["kind"].isin(_DIVIDES), "reference"]) | set(base_of.values())
    zero = _zeros({i: figs[i] for i in divisors if i in figs})

    def dim(unit: str):
        return dims.get(unit)

    def shown(ref: str) -> str:
        return f"{figs[ref][0]} {ref!r}"

    part_graph: dict[str, list[str]] = {}
    claim_graph: dict[str, list[str]] = {}
    claim_ids = set(claims["id"])
    for r in records(claims):
        line = int(r.lineno)
        spec = claim.KINDS.get(r.kind)
        if spec is None:
            continue
        needs_base = spec[0]
        per, base = _period(r.period), _period(r.base_period) if r.base_period else None
        if per and base and base.end >= per.end:
            P(Problem(claim.FILE, line, "base_period",
                      f"base_period {r.base_period!r} is not before the period {r.period!r}"))
        if r.subject and r.subject == r.reference:
            P(Problem(claim.FILE, line, "reference", f"subject and reference are the same figure {r.subject!r}"))
        s = figs.get(r.subject) if r.subject and r.subject != r.id else None  # itself: reported by check_frames
        ref = figs.get(r.reference) if r.reference and r.reference != r.id else None
        if s is not None:
            if s[1] != r.indicator:
                P(Problem(claim.FILE, line, "subject",
                          f"subject {shown(r.subject)} is of indicator {s[1]!r}, not this claim's {r.indicator!r}"))
            if s[2] != r.region:
                P(Problem(claim.FILE, line, "subject",
                          f"subject {shown(r.subject)} is for region {s[2]!r}, this claim for {r.region!r}"))
            if s[3] != r.period:
                P(Problem(claim.FILE, line, "subject",
                          f"subject {shown(r.subject)} is for period {s[3]!r}, this claim for {r.period!r} "
                          "(write the same period in both)"))
        if ref is not None and needs_base and r.base_period and ref[3] != r.base_period:
            P(Problem(claim.FILE, line, "reference",
                      f"reference {shown(r.reference)} is for period {ref[3]!r}, this claim's base_period is "
                      f"{r.base_period!r} (write the same period in both)"))
        # one kind of figure on both sides
        ds, dr = (dim(s[4]) if s else None), (dim(ref[4]) if ref else None)
        if r.kind == "pp_difference":
            for col, ident, d in (("subject", r.subject, ds), ("reference", r.reference, dr)):
                if d and d != "percent":
                    P(Problem(claim.FILE, line, col, f"{col} {shown(ident)} is in {figs[ident][4]!r}, not a rate in %: "
                                                     "a pp_difference subtracts one rate from another"))
        elif r.kind != "part_of" and ds and dr and ds != dr:
            P(Problem(claim.FILE, line, "reference",
                      f"reference {shown(r.reference)} is in {ref[4]!r} and subject {shown(r.subject)} in {s[4]!r}: "
                      f"{_a(r.kind)} claim relates figures of one kind"))
        if r.kind == "absolute_change" and r.unit and dim(r.unit) and r.indicator in ind_unit:
            want = dim(ind_unit[r.indicator])
            if want and dim(r.unit) != want:
                P(Problem(claim.FILE, line, "unit",
                          f"unit {r.unit!r} does not fit indicator {r.indicator!r} (in {ind_unit[r.indicator]!r}): "
                          "an absolute_change is stated in the unit of the figures it subtracts"))
        # a zero denominator
        if r.kind in _DIVIDES:
            if r.reference and r.reference in zero:
                P(Problem(claim.FILE, line, "reference",
                          f"reference {shown(r.reference)} is zero ({figs[r.reference][5]!r}): "
                          f"{_a(r.kind)} cannot be computed from a zero base"))
            elif not r.reference and r.id in base_of and base_of[r.id] in zero:
                b = base_of[r.id]
                P(Problem(claim.FILE, line, "base_period",
                          f"the base, observation {b!r} ({r.indicator}, {r.region}, {r.base_period}), is zero "
                          f"({figs[b][5]!r}): {_a(r.kind)} cannot be computed from a zero base"))
        if r.kind == "part_of" and r.subject and r.reference and r.subject != r.reference:
            part_graph.setdefault(r.subject, []).append(r.reference)
            part_graph.setdefault(r.reference, [])
        for ident in (r.subject, r.reference):
            if ident in claim_ids and ident != r.id:
                claim_graph.setdefault(r.id, []).append(ident)
    lines = dict(zip(claims["id"].tolist(), claims["_line"].tolist()))
    part_line: dict[str, int] = {}
    for kind, subject, line in zip(claims["kind"].tolist(), claims["subject"].tolist(), claims["_line"].tolist()):
        if kind == "part_of":
            part_line.setdefault(subject, int(line))
    for ring in cycles(part_graph):
        at = min(ring, key=lambda i: (part_line.get(i, 0), i))
        ring = ring[ring.index(at):] + ring[:ring.index(at)]
        P(Problem(claim.FILE, part_line.get(at, 0), "subject",
                  "part_of claims make a figure part of itself: " + " within ".join(ring + ring[:1])))
    for ring in cycles(claim_graph):
        at = min(ring, key=lambda i: (int(lines[i]), i))
        ring = ring[ring.index(at):] + ring[:ring.index(at)]
        P(Problem(claim.FILE, int(lines[at]), "subject",
                  "claims refer to each other in a cycle: " + " -> ".join(ring + ring[:1])))
    return problems


def _a(kind: str) -> str:
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _period(text: str):
    try:
        return period.parse(text)
    except period.PeriodError:
        return None


def _zeros(figs: dict[str, tuple]) -> set[str]:
    # a value with a digit 1-9 in it is not zero (or not a number): only the others need parsing
    ids = [i for i, f in figs.items() if not any(d in f[5] for d in "123456789")]
    num, _, _ = number.parse_values([figs[i][5] for i in ids])
    return {i for i, n in zip(ids, num) if n == 0}


def _implicit_bases(observations: pd.DataFrame, claims: pd.DataFrame) -> dict[str, str]:
    """claim id -> the observation at (indicator, region, base_period) a claim with no reference is measured from.

    As the ledger chooses it: the same source first, then the lowest id.
    """
    want = claims[(claims["reference"] == "") & (claims["base_period"] != "")]
    if not len(want):
        return {}
    want = want[["id", "indicator", "region", "base_period", "source"]].rename(
        columns={"id": "claim", "base_period": "period", "source": "claim_source"})
    # only the observations at a period some claim asks for: the merge then joins thousands of rows, not a million
    obs = observations[observations["period"].isin(set(want["period"].tolist()))]
    m = want.merge(obs[["id", "indicator", "region", "period", "source"]], on=["indicator", "region", "period"])
    if not len(m):
        return {}
    m["other"] = m["source"] != m["claim_source"]
    m = m.sort_values(["claim", "other", "id"]).drop_duplicates("claim")
    return dict(zip(m["claim"], m["id"]))


# ------------------------------------------------------------------ id prefixes: o<NNN>-<serial>, NNN the source's number


_NUMBERED = re.compile(r"[oc]\d{3}-")


def _numbered(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose id starts with a source number (o005-, c012-), as a mask: one compiled match per id."""
    # map() all the way: no Python frame per id (a generator's step per id was most of the time)
    return np.fromiter(map(bool, map(_NUMBERED.match, frame["id"].tolist())), dtype=bool, count=len(frame))


def source_numbers(sources: pd.DataFrame, observations: pd.DataFrame, claims: pd.DataFrame,
                   numbered: dict[str, np.ndarray] | None = None) -> dict[str, tuple[str, str, tuple[str, int] | None]]:
    """source id -> (its number, where that number is set, the (file, line) of the first row when it sets it):
    the ``number`` in sources.yaml, else the NNN of the source's first row (observations before claims), which
    every other row of the source must then share. ``numbered``: ``_numbered`` of each file's frame, by file
    name, when the caller has it."""
    out: dict[str, tuple[str, str, tuple[str, int] | None]] = {}
    for ident, declared, line in zip(sources["id"], sources["number"], sources["_line"]):
        if declared and ident not in out:
            out[ident] = (declared, f"its number in {source.FILE}:{int(line)}", None)
    for label, frame in ((observation.FILE, observations), (claim.FILE, claims)):
        ok = frame[numbered[label] if numbered else _numbered(frame)]
        first = ok.drop_duplicates("source")
        for sid, rid, line in zip(first["source"], first["id"], first["_line"]):
            if sid not in out:
                out[sid] = (rid[1:4], f"its first row, {rid} ({label}:{int(line)})", (label, int(line)))
    return out


def check_id_prefixes(sources: pd.DataFrame, observations: pd.DataFrame, claims: pd.DataFrame) -> list[Problem]:
    """Every row's id carries its source's number: o005-003 and c005-001 quote source number 005.

    The prefix is what keeps the ids of two releases apart and tells a reader which release a row quotes;
    a row filed under another source's number is a copy-and-paste slip. Vectorised (a million rows in a second).
    """
    numbered = {observation.FILE: _numbered(observations), claim.FILE: _numbered(claims)}  # once per file
    numbers = source_numbers(sources, observations, claims, numbered)
    problems = []
    for label, frame in ((observation.FILE, observations), (claim.FILE, claims)):
        ok = frame[numbered[label] & frame["source"].isin(numbers.keys()).to_numpy(bool)]
        number_of = {k: v[0] for k, v in numbers.items()}
        # compared as plain lists: pandas slices and maps a column of strings one cell at a time
        wrong = [i[1:4] != number_of[s] for i, s in zip(ok["id"].tolist(), ok["source"].tolist())]
        bad = ok[np.array(wrong, dtype=bool)]
        for rid, sid, line in zip(bad["id"], bad["source"], bad["_line"]):
            own, where, _ = numbers[sid]
            problems.append(Problem(label, int(line), "id",
                                    f"id {rid!r} is numbered {rid[1:4]}, but source {sid!r} is number {own} "
                                    f"({where}): write {rid[0]}{own}-…"))
    # a number sources.yaml gives is that source's alone: another source's rows may not take it as theirs
    declared = {n: (sid, int(line)) for sid, n, line in zip(sources["id"], sources["number"], sources["_line"]) if n}
    for sid, (own, _, first_row) in numbers.items():
        if first_row and own in declared and declared[own][0] != sid:
            label, line = first_row
            problems.append(Problem(label, line, "id",
                                    f"source {sid!r}'s rows are numbered {own}, the number of source "
                                    f"{declared[own][0]!r} ({source.FILE}:{declared[own][1]}); give {sid!r} a "
                                    f"number of its own"))
    return problems


def run(data_dir: Path):
    """Load and validate a data directory. Returns (frames, problems)."""
    with paused_gc():  # millions of small objects and no cycles: the collector's passes would cost seconds
        return _run(Path(data_dir))


def _run(data_dir: Path):
    sources, texts, problems = source.load(data_dir)
    indicators, p = indicator.load(data_dir)
    problems += p
    observations, p = observation.load(data_dir)
    problems += p
    claims, p = claim.load(data_dir)
    problems += p
    problems += _schema_problems(observations, OBSERVATION_SCHEMA, observation.FILE)
    problems += _schema_problems(claims, CLAIM_SCHEMA, claim.FILE)
    problems += check_frames(sources, texts, indicators, observations, claims)
    problems += check_cells(observations, observation.FILE)
    problems += check_cells(claims, claim.FILE)
    problems += check_relations(indicators, observations, claims)
    problems += check_id_prefixes(sources, observations, claims)
    return (sources, texts, indicators, observations, claims), sorted(set(problems))
