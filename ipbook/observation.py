"""Observations: one reported level of an indicator, with its quote."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .problem import Problem, read_table

FILE = "observations.csv"
COLUMNS = ["id", "indicator", "region", "period", "value", "unit", "qualifier", "source", "quote", "note"]
REQUIRED = ["id", "indicator", "region", "period", "value", "unit", "qualifier", "source", "quote"]
ID_PATTERN = r"^o\d{3}-\d{3,}$"


def load(data_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    return read_table(data_dir / FILE, COLUMNS, FILE)
