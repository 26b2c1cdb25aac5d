"""Sentences generated from the data, so that the prose changes when the figures do.

Every sentence is built from a series point or a ledger row; nothing here
holds a number of its own.
"""

from __future__ import annotations

import math

import pandas as pd

from . import check, kinds, number


def level(value: float, display_unit: str, written: str = "") -> str:
    if written:
        return written
    d = 0 if abs(value) >= 1000 else (1 if abs(value) >= 10 else 2)
    shown = number.trim(number.fmt(value, d))  # a computed 16.0 is written 16
    if display_unit == "%":
        return f"{shown}%"
    if display_unit in ("count", "number"):
        return shown
    return f"{shown} {display_unit}"


def change(growth: float, years: float, pp: float = math.nan) -> str:
    """'42.1% more than' / '3.2% less than' / 'about the same as'; for rates, '2.5 percentage points more than'."""
    if pp is not None and math.isfinite(pp):
        points = number.fmt(abs(pp), 1)
        if points == "0.0":
            return "about the same as"
        return f"{points} percentage points {'higher' if pp > 0 else 'lower'} than"
    if growth is None or not math.isfinite(growth):
        return ""
    pct = number.fmt(abs(growth) * 100, 1)
    if pct == "0.0":
        return "about the same as"
    return f"{pct}% {'more' if growth > 0 else 'less'} than"


def bound(written: str) -> str:
    """'lower' for a figure stated as a lower bound ('more than 225 billion yuan'), 'upper', or ''."""
    w = written.lower()
    if any(w.startswith(q + " ") for q in number.LOWER_BOUND):
        return "lower"
    if any(w.startswith(q + " ") for q in number.UPPER_BOUND + ("nearly", "almost")):
        return "upper"
    return ""


def series_sentence(p: pd.Series) -> str:
    """One sentence for the latest point of a series, with the change from the previous point.

    A change computed from a bound keeps the bound: "more than 225" against 210 is "at least 7.1% more";
    a corrected figure is named as such.
    """
    verb = "reached" if p["shape"] != "stock" else "stood at"
    when = _period_words(p["period"])
    implied = " (implied by a stated growth rate)" if p["kind"] == "implied" else ""
    corrected = " (corrected from a source slip)" if p.get("status") == "corrected" else ""
    head = f"{p['label']} {verb} {level(p['value'], p['display_unit'], p['written'])} {when}{implied}{corrected}"
    if p.get("prev_period"):
        extra = ""
        pp = p.get("change_pp", math.nan)
        if (p["years"] and p["years"] > 1.5 and math.isfinite(p["growth_per_year"]) and not math.isfinite(pp)
                and number.fmt(abs(p["growth"]) * 100, 1) != "0.0"):
            extra = f", an average of {number.fmt(p['growth_per_year'] * 100, 1)}% a year"
        now, then = bound(p.get("written", "") or ""), bound(p.get("prev_written", "") or "")
        hedge = {("lower", ""): "at least ", ("", "upper"): "at least ", ("upper", ""): "at most ",
                 ("", "lower"): "at most "}.get((now, then), "")
        if now and then:
            hedge = "about "
        prev_note = " (that figure corrected from a source slip)" if p.get("prev_status") == "corrected" else ""
        return (f"{head}, {hedge}{change(p['growth'], p['years'], pp)} {_period_words(p['prev_period'])}{prev_note}{extra} "
                f"({p['source']}).")
    return f"{head} ({p['source']})."


def checks_sentence(rows: pd.DataFrame) -> str:
    """What the ledger says about a theme: the statements the sources make, apart from the checks the book adds."""
    if rows.empty:
        return "No check in the ledger concerns this theme yet."
    stated = rows["kind"].map(lambda k: kinds.BY_NAME[k].stated)
    parts = []
    for mask, one, many in ((stated, "stated relation", "stated relations"),
                            (~stated, "check the book adds", "checks the book adds")):
        sub = rows[mask]
        if len(sub):
            c = sub["verdict"].value_counts()
            counts = ", ".join(f"{int(c[v])} {v}" for v in check.VERDICTS if c.get(v, 0))
            parts.append(f"{len(sub)} {one if len(sub) == 1 else many} ({counts})")
    s = f"The ledger holds {' and '.join(parts)} for this theme."
    testable = int(rows["verdict"].isin([check.CONSISTENT, check.INCONSISTENT]).sum())
    if testable:
        sev = rows["severity"].value_counts()
        material, minor = int(sev.get(check.MATERIAL, 0)), int(sev.get(check.MINOR, 0))
        if material + minor == 0:
            s += f" All {testable} that could be tested agree."
        else:
            found = [f"{n} {w}" for n, w in ((material, "material"), (minor, "minor")) if n]
            s += f" Of the {testable} that could be tested, {' and '.join(found)} inconsistenc{'y' if material + minor == 1 else 'ies'}."
    return s


def _period_words(p: str, bare: bool = False) -> str:
    """'in 2021', 'in the first half of 2022', 'at the end of 2019'."""
    import re

    if p.startswith("end-"):
        rest = p[4:]
        m = re.match(r"^(\d{4})-(\d{2})$", rest)
        if m:
            months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
            return f"{'' if bare else 'at '}the end of {months[int(m[2]) - 1]} {m[1]}".strip()
        return f"{'' if bare else 'at '}the end of {rest}".strip()
    m = re.match(r"^(\d{4})H([12])$", p)
    if m:
        return f"{'' if bare else 'in '}the {'first' if m[2] == '1' else 'second'} half of {m[1]}".strip()
    if re.match(r"^\d{4}$", p):
        return p if bare else f"in {p}"
    return p if bare else f"in {p}"
