"""Problems found in input files, reported as ``file:line: column: problem``.

Everything that reads the dataset collects problems instead of stopping at
the first one, so that a user fixes a file in one pass.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class DataError(Exception):
    """The dataset has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def read_table(path: Path, columns: list[str], label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a CSV file as text, keeping each row's line number in ``_line``.

    Rows with the wrong number of fields are reported and left out; missing
    columns are reported against the header and added empty, so that the
    remaining checks still run and every problem is listed at once.
    """
    problems: list[Problem] = []
    if not path.exists():
        return pd.DataFrame(columns=columns + ["_line"]), [Problem(label, 0, "-", "file not found")]
    rows, lines = [], []
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            return pd.DataFrame(columns=columns + ["_line"]), [Problem(label, 1, "-", "file is empty")]
        except csv.Error as exc:
            return pd.DataFrame(columns=columns + ["_line"]), [Problem(label, 1, "-", f"malformed CSV: {exc}")]
        header = [h.strip() for h in header]
        for col in columns:
            if col not in header:
                problems.append(Problem(label, 1, col, "missing column"))
        for col in header:
            if col not in columns:
                problems.append(Problem(label, 1, col, f"unknown column (expected: {', '.join(columns)})"))
        start = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problems.append(Problem(label, reader.line_num, "-", f"malformed CSV: {exc}"))
                break
            if not any(cell.strip() for cell in row):
                start = reader.line_num + 1
                continue
            if len(row) != len(header):
                problems.append(
                    Problem(label, start, "-", f"expected {len(header)} fields, found {len(row)} (a missing or extra comma?)")
                )
            else:
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    frame = pd.DataFrame(rows, columns=header, dtype="string") if rows else pd.DataFrame(columns=header, dtype="string")
    for col in columns:
        if col not in frame.columns:
            frame[col] = pd.Series([""] * len(frame), dtype="string")
    frame = frame[columns].fillna("")
    for col in columns:
        frame[col] = frame[col].str.strip() if col != "quote" else frame[col]
    frame["_line"] = lines
    frame = frame.reset_index(drop=True)
    frame.attrs["missing_columns"] = {c for c in columns if c not in header}
    return frame, problems
