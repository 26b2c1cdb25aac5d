"""Claims: stated relations between figures (growth, shares, multiples, …)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .problem import Problem, read_table

FILE = "claims.csv"
COLUMNS = [
    "id", "kind", "indicator", "region", "period", "base_period", "subject", "reference",
    "value", "unit", "qualifier", "source", "quote", "note",
]
REQUIRED = ["id", "kind", "indicator", "region", "period", "qualifier", "source", "quote"]  # unit: not for part_of
ID_PATTERN = r"^c\d{3}-\d{3,}$"

# kind -> (needs base_period, units allowed for the value)
KINDS: dict[str, tuple[bool, tuple[str, ...] | None]] = {
    "growth": (True, ("%",)),
    "cagr": (True, ("%",)),
    "share": (False, ("%",)),
    "multiple": (True, ("times",)),
    "ratio": (False, ("times",)),
    "pp_difference": (False, ("percentage points",)),
    "absolute_change": (True, None),  # a level unit, checked against the indicator's dimension
    "part_of": (False, None),  # no value
}


def load(data_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    return read_table(data_dir / FILE, COLUMNS, FILE)
