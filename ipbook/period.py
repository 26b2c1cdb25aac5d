"""Periods as the dataset writes them, and what they mean on a calendar.

Grammar (one atom, or a range of two atoms joined by '-'):

* ``2021`` a calendar year, ``2022H1`` a half year, ``2024Q3`` a quarter,
  ``2024Q1-Q3`` quarters of one year, ``2021-03`` a month;
* ``end-2019`` / ``end-2022-06``: a stock at the end of a year or month;
* ``2017-2022H1``, ``2016-2020``: a cumulative span from the start of the
  first atom to the end of the second.

A period is a flow over [start, end) or a stock at ``end``. Two periods are
comparable in a time series when both are stocks or both are flows of the
same length (a year with a year, a half with a half).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_ATOM = r"(?P<y>\d{4})(?:H(?P<h>[12])|Q(?P<q>[1-4])(?:-Q(?P<q2>[1-4]))?|-(?P<m>0[1-9]|1[0-2]))?"
_ATOM_RE = re.compile(rf"^{_ATOM}$")
_END_RE = re.compile(r"^end-(?P<y>\d{4})(?:-(?P<m>0[1-9]|1[0-2]))?$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    text: str
    start: date  # inclusive; for a stock, equal to end
    end: date  # exclusive end of a flow, or the date of a stock
    stock: bool

    @property
    def months(self) -> int:
        """Length of a flow in months (0 for a stock)."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month

    @property
    def years(self) -> float:
        return self.months / 12

    @property
    def shape(self) -> str:
        """What a period can be compared with: 'stock', or a flow's length in months."""
        return "stock" if self.stock else f"{self.months}m"

    def years_between(self, earlier: "Period") -> float:
        """Years from ``earlier`` to this period, end to end (for growth per year)."""
        return (self.end - earlier.end).days / 365.25


def _month_start(y: int, m: int) -> date:
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return date(y, m, 1)


def _atom(text: str) -> tuple[date, date]:
    m = _ATOM_RE.match(text)
    if not m:
        raise PeriodError(text)
    y = int(m["y"])
    if m["h"]:
        first = 1 if m["h"] == "1" else 7
        return _month_start(y, first), _month_start(y, first + 6)
    if m["q"]:
        q1 = int(m["q"])
        q2 = int(m["q2"] or q1)
        if q2 < q1:
            raise PeriodError(text)
        return _month_start(y, 3 * q1 - 2), _month_start(y, 3 * q2 + 1)
    if m["m"]:
        mo = int(m["m"])
        return _month_start(y, mo), _month_start(y, mo + 1)
    return date(y, 1, 1), date(y + 1, 1, 1)


@lru_cache(maxsize=4096)
def parse(text: str) -> Period:
    """Parse a period; raises PeriodError naming the text when it does not fit the grammar."""
    try:
        return _parse(str(text).strip())
    except PeriodError:
        raise
    except ValueError:  # a year the calendar cannot hold (0000, 9999's successor)
        raise PeriodError(f"cannot parse period {text!r}: year out of range") from None


def _parse(t: str) -> Period:
    m = _END_RE.match(t)
    if m:
        y = int(m["y"])
        d = _month_start(y, int(m["m"]) + 1) if m["m"] else date(y + 1, 1, 1)
        return Period(t, d, d, True)
    try:
        start, end = _atom(t)
        return Period(t, start, end, False)
    except PeriodError:
        pass
    # a range: split at a '-' followed by a four-digit year
    parts = re.split(r"-(?=\d{4})", t)
    if len(parts) == 2:
        try:
            (s1, _), (_, e2) = _atom(parts[0]), _atom(parts[1])  # a range runs from the first start to the last end
        except PeriodError:
            raise PeriodError(f"cannot parse period {t!r}") from None
        if e2 <= s1:
            raise PeriodError(f"period {t!r} ends before it starts")
        return Period(t, s1, e2, False)
    raise PeriodError(
        f"cannot parse period {t!r} (expected e.g. 2021, 2022H1, 2024Q1-Q3, 2021-03, end-2019, 2017-2022H1)"
    )


def is_valid(text: str) -> bool:
    try:
        parse(text)
        return True
    except PeriodError:
        return False


def sort_key(text: str) -> tuple:
    p = parse(text)
    return (p.end, p.start)
