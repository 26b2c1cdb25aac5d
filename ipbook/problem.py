"""Problems found in input files, reported as ``file:line: column: problem``.

Everything that reads the dataset collects problems instead of stopping at
the first one, so that a user fixes a file in one pass.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

# A CSV field may be as long as the file (a long quote, or a broken quote mark that swallows the rest):
# the csv module's default limit of 131,072 characters would stop reading there and hide later rows.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

ENCODING_HELP = "files must be UTF-8 (save as UTF-8; a UTF-8 byte-order mark is accepted)"


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


def read_text(path: Path, label: str) -> tuple[str | None, list[Problem]]:
    """A text file's content as UTF-8, with a problem per line that is not UTF-8 or holds a NUL byte.

    A UTF-8 byte-order mark is stripped. A UTF-16 or UTF-32 file is one problem and no text (None).
    Otherwise the text is returned with each undecodable byte as U+FFFD and NUL bytes removed, so that
    the file's other problems are still found. An unreadable file is one problem and no text.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(label, 0, "-", f"cannot read: {exc.strerror or exc}")]
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            return None, [Problem(label, 1, "-", f"file is {name}, not UTF-8: {ENCODING_HELP}")]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
        if "\0" not in text:
            return text, []  # the common case: one pass, no per-line work
    except UnicodeDecodeError:
        pass
    problems = []
    lines = data.split(b"\n")
    out = []
    for i, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.decode("utf-8", errors="replace")
            problems.append(Problem(label, i, "-", f"not UTF-8: byte 0x{raw[exc.start]:02x} at byte {exc.start + 1} "
                                                   f"of the line; {ENCODING_HELP}"))
        if "\0" in line:
            problems.append(Problem(label, i, "-", f"NUL byte at character {line.index(chr(0)) + 1} of the line "
                                                   "(a binary or UTF-16 file?); remove it"))
            line = line.replace("\0", "")
        out.append(line)
    return "\n".join(out), problems


def non_ascii_digit(text: str) -> str | None:
    """The first digit of ``text`` that is not one of ASCII 0-9, described ('３' (U+FF13 FULLWIDTH DIGIT THREE)), or None."""
    for ch in text:
        if not ch.isascii() and ch.isdigit():
            return f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'digit')})"
    return None


DIGIT_RULE = "figures, periods and ids are written with ASCII digits 0-9"


def read_table(path: Path, columns: list[str], label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a CSV file as text, keeping each row's line number in ``_line``.

    Rows with the wrong number of fields are reported and left out; missing
    columns are reported against the header and added empty, so that the
    remaining checks still run and every problem is listed at once. A
    repeated column is reported and its first occurrence used.
    """
    empty = pd.DataFrame(columns=columns + ["_line"])
    if not path.exists():
        return empty, [Problem(label, 0, "-", "file not found")]
    text, problems = read_text(path, label)
    if text is None:
        return empty, problems
    rows, lines = [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return empty, problems + [Problem(label, 1, "-", "file is empty")]
    except csv.Error as exc:
        return empty, problems + [Problem(label, 1, "-", f"malformed CSV: {exc}")]
    header = [h.strip() for h in header]
    position: dict[str, int] = {}
    for i, col in enumerate(header):
        if col in position:
            problems.append(Problem(label, 1, col, f"duplicate column (also column {position[col] + 1}); "
                                                   "the first one is used"))
        else:
            position[col] = i
    for col in columns:
        if col not in position:
            problems.append(Problem(label, 1, col, "missing column"))
    for col in position:
        if col not in columns:
            problems.append(Problem(label, 1, col, f"unknown column (expected: {', '.join(columns)})"))
    take = [position.get(c) for c in columns]
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(label, start, "-", f"malformed CSV: {exc}"))
            start = reader.line_num + 1
            continue
        if not any(cell.strip() for cell in row):
            start = reader.line_num + 1
            continue
        if len(row) != len(header):
            problems.append(
                Problem(label, start, "-", f"expected {len(header)} fields, found {len(row)} (a missing or extra comma?)")
            )
        else:
            rows.append([row[i] if i is not None else "" for i in take])
            lines.append(start)
        start = reader.line_num + 1
    frame = pd.DataFrame(rows, columns=columns, dtype="string") if rows else pd.DataFrame(columns=columns, dtype="string")
    frame = frame.fillna("")
    for col in columns:
        frame[col] = frame[col].astype("string").str.strip() if col != "quote" else frame[col].astype("string")
    frame["_line"] = lines
    frame = frame.reset_index(drop=True)
    frame.attrs["missing_columns"] = {c for c in columns if c not in position}
    return frame, problems


def cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of a directed graph once, as the list of its nodes from where it was entered.

    Iterative depth-first search (a long chain cannot exhaust the stack); edges to nodes outside
    ``graph`` are ignored. Not every cycle of a tangle is listed, but a graph has none exactly when
    this returns none, and each cycle listed is a real one.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    found = []
    for root in graph:
        if state.get(root):
            continue
        stack = [(root, iter(graph[root]))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif nxt in graph and state.get(nxt) == 1:
                path = [n for n, _ in stack]
                found.append(path[path.index(nxt):])
            elif nxt in graph and not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, iter(graph[nxt])))
    return found
