"""What a figure written in a press release means: the interval of true values.

A reported figure is not a point. ``309.8`` was rounded from anything in
[309.75, 309.85]; ``more than 15,000`` says at least 15,000 and, since the
speaker did not say "more than 16,000", less than one step more. This module
holds the one table of such rules (``DEFAULT_RULES``) and turns written
values into intervals, vectorised so that a million figures cost well under a
second.

Conventions (documented in the book's methods chapter):

* The *step* of a figure is its last written digit: 309.8 → 0.1, 44 → 1,
  2,357 → 1. Trailing zeros of a whole number of at least ``ROUND_ZEROS_FROM``
  (1,000) are read as rounding: 420,000 → step 10,000, 1400 → 100. Smaller
  whole numbers stated plainly (10 products, 40%) keep step 1.
* A qualified figure is a round number by choice, so its trailing zeros
  always count: "more than 40%" → step 10, "more than 220 banks" → step 10,
  "more than 76%" → step 1. A qualifier never reaches further than 10% of the
  figure (``QUALIFIER_CAP``, times the reach), nor less than one unit of its
  last digit: "more than 40%" is 40–44%, "nearly 10,000" is 9,000–10,000.
* A qualifier maps to bounds in steps around the written value: exact is
  rounding (±0.5 step); "more than X" is [X, X + reach]; "nearly X" is
  [X − reach, X]; "about X" is X ± reach; "less than X" has no lower bound.
  ``reach`` is one step unless a notebook parameter changes it.
* Intervals are closed. Half-up rounding would make the upper end open, but
  the checks ask whether two intervals can share a value, and a shared
  endpoint is treated as agreement (lenient by design: we flag only what
  cannot be reconciled).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

# Number words that occur in the translations ("nearly ten times", "twice").
WORDS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20,
    "hundred": 100, "thousand": 1000, "twice": 2, "thrice": 3, "double": 2, "half": 0.5,
}

# qualifier -> (lower, upper) offsets in steps of the written figure; None = unbounded.
# "exact" is plain rounding. The directional qualifiers reach one step; change
# REACH through ``rules_with(reach=...)`` or override single entries.
REACH = 1.0
DEFAULT_RULES: dict[str, tuple[float | None, float | None]] = {
    "exact": (-0.5, 0.5),
    "more than": (0.0, REACH),
    "over": (0.0, REACH),
    "exceeded": (0.0, REACH),
    "at least": (0.0, REACH),
    "nearly": (-REACH, 0.0),
    "almost": (-REACH, 0.0),
    "about": (-REACH, REACH),
    "approximately": (-REACH, REACH),
    "less than": (None, 0.0),
}
QUALIFIERS = tuple(DEFAULT_RULES)

# What a qualified statement asserts, as opposed to where the figure probably lies. "More than 40%" is true of
# any value of at least 40%: 57% is not a contradiction, only a loose statement. The reach above (40-44%) is
# kept for what it is good at: the width of a figure implied from the statement. "Less than X" is true of any
# value up to X. "Nearly" and "about" keep their reach on both readings (true only near the figure).
LOWER_BOUND = ("more than", "over", "exceeded", "at least")
UPPER_BOUND = ("less than",)

ROUND_ZEROS_FROM = 1000

# The furthest a qualifier reaches per step of reach, as a share of the figure ("more than 40%" at most 44%).
QUALIFIER_CAP = 0.10

_NUMERIC = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def rules_with(reach: float = REACH, overrides: dict | None = None) -> dict:
    """The rule table with another reach for the directional qualifiers, plus overrides."""
    rules = {
        "exact": (-0.5, 0.5),
        **{q: (0.0, reach) for q in ("more than", "over", "exceeded", "at least")},
        **{q: (-reach, 0.0) for q in ("nearly", "almost")},
        **{q: (-reach, reach) for q in ("about", "approximately")},
        "less than": (None, 0.0),
    }
    for name, bounds in (overrides or {}).items():
        if name not in rules:
            raise ValueError(f"unknown qualifier {name!r}; known: {', '.join(rules)}")
        rules[name] = tuple(bounds)
    return rules


def is_number_as_written(text: str) -> bool:
    """True for '309.8', '420,000', '-3', 'ten', 'twice'; False for '3.1.2', '12a', ''."""
    t = str(text).strip().lower()
    return bool(_NUMERIC.match(t)) or t in WORDS


def parse_values(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised: written values -> (numbers, steps, round steps). Unparseable values give NaN.

    ``step`` is the precision of a plainly stated figure; ``round_step`` counts
    every trailing zero of a whole number and applies to qualified figures.
    """
    # parsed once per distinct value (a million figures hold far fewer), then spread back
    codes, distinct = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    if len(distinct) < len(codes):
        parsed = parse_values(distinct.to_numpy(dtype=object))
        take = np.where(codes < 0, len(distinct), codes)
        return tuple(np.append(a, np.nan)[take] for a in parsed)
    # one pass in plain Python per distinct value: pandas' string methods (a regular expression per cell for
    # each of match and two extracts) took seconds on the half million distinct values of a million figures
    texts = [str(v).strip().lower() for v in values]
    plain = [t.replace(",", "") for t in texts]
    ok = np.fromiter((_NUMERIC.match(t) is not None for t in texts), dtype=bool, count=len(texts))
    words = np.array([WORDS.get(t, np.nan) for t in texts], dtype="float64")
    num = pd.to_numeric(pd.Series(plain, dtype="string").where(ok), errors="coerce").astype("float64")
    # decimals written, and trailing zeros of a whole number; read for well-formed numbers only (any other
    # text is missing or a word, whose step is set below)
    decimals = np.array([len(p) - p.index(".") - 1 if k and "." in p else 0 for p, k in zip(plain, ok)], dtype="float64")
    zeros = np.array([len(p) - len(p.rstrip("0")) if k and "." not in p else 0 for p, k in zip(plain, ok)], dtype="float64")
    num = num.to_numpy()
    whole = decimals == 0
    all_zeros = np.where(whole & (num != 0), zeros, 0.0)
    zeros = np.where(np.abs(num) >= ROUND_ZEROS_FROM, all_zeros, 0.0)
    step = np.where(whole, 10.0 ** zeros, 10.0 ** (-decimals))
    round_step = np.where(whole, 10.0 ** all_zeros, 10.0 ** (-decimals))
    is_word = ~np.isnan(words)
    num_arr = np.where(is_word, words, num)
    missing = np.isnan(num_arr)
    step = np.where(missing, np.nan, np.where(is_word, 1.0, step))
    round_step = np.where(missing, np.nan, np.where(is_word, 1.0, round_step))
    return num_arr.astype("float64"), step.astype("float64"), round_step.astype("float64")


def _qualifiers(qualifiers) -> tuple[np.ndarray, list[str]]:
    """(codes, names): each figure's qualifier as a position in ``names``, the distinct qualifiers stripped, a
    missing or empty one as "exact". Per distinct value: a million figures carry a handful of qualifiers, and
    pandas strips, maps and compares its strings one call per cell."""
    codes, distinct = pd.factorize(pd.Series(qualifiers, dtype="string").fillna("exact"))
    return codes, [d.strip() or "exact" for d in distinct]


def _per_qualifier(q: tuple[np.ndarray, list[str]], fn, dtype) -> np.ndarray:
    """``fn`` of each figure's qualifier, computed once per distinct one (``q``: ``_qualifiers``)."""
    codes, names = q
    return np.array([fn(n) for n in names], dtype=dtype)[codes]


def bounds(num, step, round_step, qualifiers, rules: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised: numbers, steps and qualifiers -> (lo, hi) of the intervals they stand for."""
    rules = rules or DEFAULT_RULES
    q = _qualifiers(qualifiers)
    unknown = set(q[1]) - set(rules)
    if unknown:
        raise ValueError(f"unknown qualifier(s) {sorted(unknown)}; known: {', '.join(rules)}")
    low = _per_qualifier(q, lambda k: -math.inf if rules[k][0] is None else rules[k][0], float)
    up = _per_qualifier(q, lambda k: math.inf if rules[k][1] is None else rules[k][1], float)
    exact = _per_qualifier(q, "exact".__eq__, bool)
    num = np.asarray(num, dtype=float)
    step = np.where(exact, np.asarray(step, dtype=float), np.asarray(round_step, dtype=float))
    with np.errstate(invalid="ignore"):
        down, rise = low * step, up * step
        # a qualifier never reaches further than QUALIFIER_CAP of the figure: "nearly 10,000" is 9,000 to
        # 10,000, not 0 to 10,000, although the round step of 10,000 is 10,000
        # (the cap grows with the reach, so a wider reach still widens every qualified figure)
        # and never below one unit of the last written digit, so a value just past the figure stays inside
        fine = np.where(np.asarray(step, dtype=float) >= 1, 1.0, np.asarray(step, dtype=float))
        cap = np.maximum(QUALIFIER_CAP * np.abs(num), fine)
        down = np.where(exact, down, np.maximum(down, cap * np.where(np.isinf(low), 0, low)))
        rise = np.where(exact, rise, np.minimum(rise, cap * np.where(np.isinf(up), 0, up)))
        lo = np.where(np.isinf(low), -np.inf, num + down)
        hi = np.where(np.isinf(up), np.inf, num + rise)
    return lo, hi


def truth_bounds(num, step, round_step, qualifiers, rules: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised: the values for which a qualified statement is true ("more than 40%" -> [40, inf))."""
    lo, hi = bounds(num, step, round_step, qualifiers, rules)
    q = _qualifiers(qualifiers)
    hi = np.where(_per_qualifier(q, LOWER_BOUND.__contains__, bool), np.inf, hi)
    lo = np.where(_per_qualifier(q, UPPER_BOUND.__contains__, bool), -np.inf, lo)
    return lo, hi


def last_digit_unit(num, step) -> np.ndarray:
    """One unit of a figure's last written digit, at most QUALIFIER_CAP of the figure: 76 -> 1, 309.8 -> 0.1,
    5300 -> 100, 10,000 -> 1,000."""
    num = np.asarray(num, dtype=float)
    return np.minimum(np.asarray(step, dtype=float), np.maximum(QUALIFIER_CAP * np.abs(num), 1e-12))


def minor_bounds(num, step, lo, hi) -> tuple[np.ndarray, np.ndarray]:
    """The truth interval widened to one unit of the figure's last digit on each side of the written figure.

    A recomputed value inside it but outside the truth interval is a *minor* inconsistency: right to the
    precision the source wrote (75.9993% said as "more than 76%"). Trailing zeros count as rounding, but the
    unit never exceeds QUALIFIER_CAP of the figure, so "nearly 10,000" tolerates 9,000-11,000, not 0-20,000.
    """
    num = np.asarray(num, dtype=float)
    unit = last_digit_unit(num, step)
    with np.errstate(invalid="ignore"):
        return np.fmin(lo, num - unit), np.fmax(hi, num + unit)


def intervals(values, qualifiers, rules: dict | None = None):
    """Vectorised: written values and qualifiers -> (numbers, lo, hi)."""
    num, step, round_step = parse_values(values)
    lo, hi = bounds(num, step, round_step, qualifiers, rules)
    return num, lo, hi


@dataclass(frozen=True)
class Reported:
    """One written figure and the interval it stands for (in its own unit)."""

    written: str
    qualifier: str
    value: float
    step: float
    lo: float
    hi: float

    def contains(self, x: float) -> bool:
        return self.lo <= x <= self.hi


def reported(written: str, qualifier: str = "exact", rules: dict | None = None) -> Reported:
    """The scalar face of ``intervals``: ``reported('309.8')`` -> [309.75, 309.85]."""
    if not is_number_as_written(written):
        raise ValueError(f"not a number as written: {written!r}")
    num, step, round_step = parse_values([written])
    q = qualifier or "exact"
    lo, hi = bounds(num, step, round_step, [q], rules)
    used = step if q == "exact" else round_step
    return Reported(str(written), q, float(num[0]), float(used[0]), float(lo[0]), float(hi[0]))


def fmt(x: float, decimals: int = 1) -> str:
    """Half-up rounding for display (Python's round() is half-to-even), with thousands separators."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "∞" if x == math.inf else ("−∞" if x == -math.inf else "n/a")
    q = Decimal(repr(float(x))).quantize(_quantum(decimals), rounding=ROUND_HALF_UP)
    return f"{q:,.{decimals}f}"


@functools.cache
def _quantum(decimals: int) -> Decimal:
    """10 ** -decimals as a Decimal, made once per number of decimals (the ledger formats hundreds of
    thousands of figures)."""
    return Decimal(1).scaleb(-decimals)


def trim(shown: str) -> str:
    """A computed figure without zeros that say nothing: '16.0' -> '16', '8.00' -> '8', '2.50' -> '2.5'."""
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def fmt_interval(lo: float, hi: float, decimals: int = 2, suffix: str = "") -> str:
    """An interval in words: '43.5–44.5%', or one figure when both ends round to it."""
    a, b = fmt(lo, decimals), fmt(hi, decimals)
    return f"{a}{suffix}" if a == b else f"{a}–{b}{suffix}"


def decimals_of(value: str) -> int:
    """Decimals a figure is written with: '71.8' -> 1, '44' -> 0."""
    v = str(value)
    return len(v.split(".")[1]) if "." in v else 0


_UNGROUPED = re.compile(r"^([+-]?)(\d{4,})(\.\d+)?$")


def grouped(value: str) -> str:
    """A figure's digits as written, with thousands separators: '4354' -> '4,354', '372.364' stays; the book
    writes every number one way, and the source's precision (its decimals) is kept."""
    m = _UNGROUPED.match(str(value).strip())
    if not m:
        return str(value)
    return f"{'−' if m[1] == '-' else m[1]}{int(m[2]):,}{m[3] or ''}"


def written(value: str, unit: str, qualifier: str = "exact") -> str:
    """A figure as a reader would say it: 'more than 15,000', '44%', '309.8 billion yuan'."""
    value = grouped(value)
    # "exceeded" is how the releases put it; in the book's own sentences it reads "more than"
    q = "" if qualifier in ("", "exact") else f"{'more than' if qualifier == 'exceeded' else qualifier} "
    if unit == "%":
        return f"{q}{value}%"
    if unit in ("count", "number", ""):
        return f"{q}{value}"
    if str(value).strip() == "1" and unit in ("working days", "months"):  # "1 working day", not "1 working days"
        return f"{q}{value} {unit[:-1]}"
    if unit == "times" and str(value).strip().lower() in WORDS:  # "twice", not "twice times"
        return f"{q}{value}"
    return f"{q}{value} {unit}"
