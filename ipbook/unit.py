"""One table of units: what each unit written in the dataset means.

A unit is a dimension (what is counted or measured) and a factor to that
dimension's base. Money in yuan and money in US dollars are different
dimensions on purpose: the texts never give an exchange rate, so the engine
must never add or compare them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    name: str
    dimension: str  # "CNY", "USD", "count", "percent", "pp", "times", "months", "days", "number"
    factor: float  # multiply a value in this unit by factor to get the dimension's base


_TABLE = [
    # money, base: yuan. 亿 = 100 million and 万 = 10,000 are the Chinese units the
    # translations sometimes keep and sometimes convert (and occasionally mis-convert).
    Unit("yuan", "CNY", 1.0),
    Unit("thousand yuan", "CNY", 1e3),
    Unit("万 yuan", "CNY", 1e4),
    Unit("million yuan", "CNY", 1e6),
    Unit("亿 yuan", "CNY", 1e8),
    Unit("billion yuan", "CNY", 1e9),
    Unit("trillion yuan", "CNY", 1e12),
    Unit("US dollars", "USD", 1.0),
    Unit("million US dollars", "USD", 1e6),
    Unit("billion US dollars", "USD", 1e9),
    Unit("trillion US dollars", "USD", 1e12),
    # counts of anything (enterprises, patents, people, events), base: one
    Unit("count", "count", 1.0),
    Unit("thousand", "count", 1e3),
    Unit("万", "count", 1e4),
    Unit("million", "count", 1e6),
    Unit("亿", "count", 1e8),
    # relations and rates
    Unit("%", "percent", 1.0),
    Unit("percentage points", "pp", 1.0),
    Unit("times", "times", 1.0),
    # durations and plain numbers
    Unit("months", "months", 1.0),
    Unit("working days", "days", 1.0),
    Unit("number", "number", 1.0),
]

UNITS: dict[str, Unit] = {u.name: u for u in _TABLE}


class UnknownUnit(KeyError):
    pass


def get(name: str) -> Unit:
    try:
        return UNITS[name]
    except KeyError:
        raise UnknownUnit(f"unknown unit {name!r}; known units: {', '.join(UNITS)}") from None


def is_known(name: str) -> bool:
    return name in UNITS


def factor(from_unit: str, to_unit: str) -> float:
    """Factor that converts a value in ``from_unit`` into ``to_unit`` (same dimension only)."""
    a, b = get(from_unit), get(to_unit)
    if a.dimension != b.dimension:
        raise ValueError(f"cannot convert {from_unit!r} ({a.dimension}) to {to_unit!r} ({b.dimension})")
    return a.factor / b.factor


def dimension(name: str) -> str:
    return get(name).dimension
