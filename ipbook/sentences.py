"""The ledger's sentences: each check in plain words, citing the figures and quotes it rests on.

The numbers in them are formatted by ``number`` (half-up rounding, thousands separators, ranges with an en
dash); nothing here computes a check.
"""

from __future__ import annotations

import math

from . import check, kinds, number
from . import unit as units


def show_level(x_lo: float, x_hi: float, display_unit: str, decimals: int | None = None) -> str:
    f = units.get(display_unit).factor
    lo, hi = x_lo / f, x_hi / f
    d = decimals if decimals is not None else _decimals_for(lo, hi)
    u = "" if display_unit in ("count", "number") else (display_unit if display_unit == "%" else f" {display_unit}")
    if math.isfinite(lo) and math.isfinite(hi) and number.fmt(lo, d) == number.fmt(hi, d):
        return f"{number.trim(number.fmt(lo, d))}{u}"
    return f"{number.fmt(lo, d)} to {number.fmt(hi, d)}{u}"


def _decimals_for(lo: float, hi: float) -> int:
    m = max(abs(lo) if math.isfinite(lo) else 0, abs(hi) if math.isfinite(hi) else 0)
    return 0 if m >= 1000 else (1 if m >= 10 else 2 if m >= 0.1 else 4)


def pct(lo: float, hi: float, unit: str = "%", decimals: int = 1) -> str:
    if unit == "times":
        a, b = number.fmt(lo, 2), number.fmt(hi, 2)
        return f"{a} times" if a == b else f"{a} to {b} times"
    suffix = " percentage points" if unit == "percentage points" else "%"
    a, b = number.fmt(lo, decimals), number.fmt(hi, decimals)
    return f"{a}{suffix}" if a == b else f"{a}{suffix} to {b}{suffix}"


def claim_sentence(r, table: dict) -> str:
    """One sentence for a claim check; ``table`` maps operand ids to their value, unit, period and source."""
    kind, verdict = r.kind, r.verdict
    stated = number.written(r.value, r.unit, r.qualifier)
    quote = f"“{r.quote}”"

    def lvl(i):
        t = table[i]
        return f"{number.written(t['value'], t['unit'], '')} ({t['period']}, {t['source']})"

    if verdict == check.CANNOT:
        missing = "the figures it relates are" if not r.s_id and not r.r_id else (
            "the figure it is compared with is" if not r.r_id else "the figure it describes is")
        return f"Cannot check the stated {kinds.BY_NAME[kind].words} of {stated} ({quote}): {missing} not reported in the sources."
    if verdict == check.DERIVED:
        what = {
            "growth": f"a {r.base_period} level of",
            "cagr": f"a {r.base_period} level of",
            "multiple": f"a {r.base_period} level (reading 'increase of N times' as N + 1 times the base) of",
            "absolute_change": f"a {r.base_period} level of",
            "share": "a total of",
            "ratio": "a comparison figure of",
            "pp_difference": "a comparison rate of",
        }[kind]
        shown = show_level(r.rec_lo, r.rec_hi, r.display_unit) if kind not in ("pp_difference",) else pct(r.rec_lo, r.rec_hi)
        return f"{lvl(r.s_id)} with the stated {kinds.BY_NAME[kind].words} of {stated} implies {what} {shown} ({quote})."
    # a hairline gap needs the decimals that show it (75.9993% against "more than 76%")
    d = 1 if verdict != check.INCONSISTENT or r.gap_abs >= 0.05 else min(4, 2 - math.floor(math.log10(r.gap_abs)))
    if kind in ("growth", "cagr", "share", "pp_difference"):
        rec = pct(r.rec_lo, r.rec_hi, "percentage points" if kind == "pp_difference" else "%", d)
        what = {"growth": "growth of", "cagr": "average annual growth of", "share": "a share of", "pp_difference": "a difference of"}[kind]
    elif kind in ("ratio", "multiple"):
        rec = pct(r.rec_lo, r.rec_hi, "times")
        what = "a ratio of"
    else:  # absolute_change
        rec = show_level(r.rec_lo, r.rec_hi, r.display_unit)
        what = "a change of"
    base = f"{lvl(r.s_id)} against {lvl(r.r_id)} gives {what} {rec}"
    if kind == "multiple":
        readings = {
            "by": "it holds if 'an increase of N times' means N + 1 times the base (增长N倍), not N times",
            "to": "it holds if 'an increase of N times' means N times the base, not N + 1 times",
            "both": "it holds under both readings of 'an increase of N times'",
            "neither": "it fails under both readings (N times and N + 1 times the base)",
        }[r.reading]
        return f"{base}; against the stated {stated} {readings} ({quote})."
    points = '' if kind in ('absolute_change',) else ' points' if kind in ('growth', 'cagr', 'share', 'pp_difference') else ''
    if r.severity == check.NONE:
        tail = f"which agrees with the stated {stated}"
        if r.loose:
            tail += " (true, though the computed value is well past the stated figure)"
    elif r.severity == check.MINOR:
        tail = (f"which misses the stated {stated} by {small(r.gap_abs)}{points}, less than one unit of its last "
                f"digit: right to the precision the source wrote (a minor inconsistency)")
    else:
        tail = f"which does not agree with the stated {stated} (gap {small(r.gap_abs)}{points})"
    return f"{base}, {tail} ({quote})."


def small(x: float) -> str:
    """A gap with enough decimals to be seen: 0.76, 0.0007."""
    if not math.isfinite(x) or x == 0 or abs(x) >= 0.01:
        return number.fmt(x, 2)
    return number.fmt(x, min(8, 1 - math.floor(math.log10(abs(x)))))


def stated_text(value, unit, qualifier, lo, hi, display_unit=None) -> str:
    if not value:
        return ""
    shown = number.written(value, unit, qualifier)
    if unit in ("%", "percentage points", "times"):
        # rounding shows one more decimal than written (44% -> 43.5–44.5%); a qualifier's reach does not
        d = number.decimals_of(value) + (1 if qualifier in ("", "exact") else 0)
        return f"{shown} → {number.fmt_interval(lo, hi, d, {'%': '%', 'times': ' times'}.get(unit, ' points'))}"
    du = display_unit or unit
    f = units.get(du).factor  # lo and hi arrive in the display unit; show_level expects base units
    return f"{shown} → {show_level(lo * f, hi * f, du, 3)}"


def source_list(ids, limit: int = 6) -> str:
    """Source ids of a check, sorted; a long series names its first and last and counts the rest
    (a monthly series by province can rest on thousands of releases, which no table cell should list)."""
    ids = sorted(set(ids))
    if len(ids) <= limit:
        return "; ".join(ids)
    return f"{len(ids)} sources: {ids[0]} … {ids[-1]}"
