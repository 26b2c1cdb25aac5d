"""Problems found in input files, reported as ``file:line: column: problem``.

Everything that reads the dataset collects problems instead of stopping at
the first one, so that a user fixes a file in one pass.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import io
import sys
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
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
    data, problems = read_bytes(path, label)
    if data is None:
        return None, problems
    return decode(data, label)


def read_bytes(path: Path, label: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes with a UTF-8 byte-order mark stripped, or None and one problem when it cannot be read
    or is UTF-16 or UTF-32 (``read_text`` without the decoding, which the CSV fast path leaves to pandas)."""
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
    return data, []


def decode(data: bytes, label: str) -> tuple[str, list[Problem]]:
    """``data`` as text, with a problem per line that is not UTF-8 or holds a NUL byte (see ``read_text``)."""
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

    A well-formed file (one line per record, every row as wide as the header, UTF-8 without NUL bytes)
    is parsed by pandas' C reader (``_fast_table``); any other is read record by record with the csv
    module, which finds the line of each problem. Both give the same frame and problems.
    """
    empty = pd.DataFrame(columns=columns + ["_line"])
    if not path.exists():
        return empty, [Problem(label, 0, "-", "file not found")]
    data, problems = read_bytes(path, label)
    if data is None:
        return empty, problems
    fast = _fast_table(data, columns, label)
    if fast is not None:
        return fast
    return _careful_table(data, columns, label)


def _careful_table(data: bytes, columns: list[str], label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """``read_table`` with the csv module: any file, a problem per line that cannot be read."""
    empty = pd.DataFrame(columns=columns + ["_line"])
    text, problems = decode(data, label)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return empty, problems + [Problem(label, 1, "-", "file is empty")]
    except csv.Error as exc:
        return empty, problems + [Problem(label, 1, "-", f"malformed CSV: {exc}")]
    header, position, take, more = _header(header, columns, label)
    problems += more
    with paused_gc():
        return _body(text, reader, header, take, columns, position, label, problems)


def _header(header: list[str], columns: list[str], label: str):
    """(the header's names stripped, name -> position of its first occurrence, the position of each of
    ``columns`` or None, the header's problems: repeated, missing and unknown columns)."""
    header = [h.strip() for h in header]
    problems = []
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
    return header, position, [position.get(c) for c in columns], problems


_CHUNK = 1 << 16  # cells joined at a time when counting commas: a bounded copy, not one of a whole column


def _fast_table(data: bytes, columns: list[str], label: str) -> tuple[pd.DataFrame, list[Problem]] | None:
    """``read_table`` by pandas' C reader, or None when the file is not plainly well-formed (then the csv
    module reads it and reports where).

    About five times faster than the csv module at a million rows, and a repeating column is read as
    categories: its cells share a few dozen string objects instead of a million (a third of the memory).
    The C reader gives no line numbers, so the file must have one line per record: its records are counted
    against its lines (a quoted line break or an unclosed quote makes fewer records than lines). Its rows
    must be as wide as the header: a wider row stops the C reader, a narrower one is padded silently and is
    found by counting commas (the file's commas are those between the fields of each row plus those inside
    fields). A carriage return outside a CRLF, a NUL byte, bytes that are not UTF-8 or a blank line (which
    the csv module skips) send the file to the careful reader.
    """
    if not data or b"\0" in data or data.count(b"\r") != data.count(b"\r\n"):
        return None
    end = data.find(b"\n")
    first = data[:end if end >= 0 else len(data)].removesuffix(b"\r")
    try:
        raw_header = next(csv.reader([first.decode("utf-8")]))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None
    header, position, take, problems = _header(raw_header, columns, label)
    width = len(header)
    n_lines = data.count(b"\n") + (not data.endswith(b"\n"))
    # a column of repeating values as categories; ids, figures and free text as plain strings
    repeating = {i for c, i in position.items() if c in columns and c not in UNIQUE_TEXT}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a ParserWarning means data lost: the careful reader instead
            table = pd.read_csv(io.BytesIO(data), header=None, index_col=False, engine="c", encoding="utf-8",
                                dtype={i: "category" if i in repeating else object for i in range(width)},
                                na_filter=False, skip_blank_lines=False, quotechar='"', doublequote=True,
                                skipinitialspace=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.ParserWarning, csv.Error):
        return None
    if table.shape != (n_lines, width):
        return None
    cells: list[np.ndarray] = []
    commas = 0
    for i in range(width):
        col = table[i]
        if i in repeating:
            values = col.cat.categories.to_numpy(dtype=object)
            codes = col.cat.codes.to_numpy()
            counts = np.bincount(codes, minlength=len(values))
            commas += sum(v.count(",") * int(k) for v, k in zip(values.tolist(), counts.tolist()) if k)
            cells.append((values, codes))
        else:
            plain = col.to_numpy(dtype=object, copy=True)  # writable: StringArray checks its cells in place
            commas += sum("".join(plain[j:j + _CHUNK].tolist()).count(",") for j in range(0, len(plain), _CHUNK))
            cells.append(plain)
    del table
    if commas + n_lines * (width - 1) != data.count(b","):
        return None
    first_row = [c[0][c[1][0]] if isinstance(c, tuple) else c[0] for c in cells]
    if first_row != raw_header:
        return None
    return _fast_frame(cells, n_lines, take, columns, position), problems


def _fast_frame(cells: list, n_lines: int, take: list, columns: list[str], position: dict) -> pd.DataFrame:
    """The frame ``_frame`` makes, from the C reader's columns (row 0 the header): cells stripped except the
    quote, a repeating column's values stripped once per distinct value, blank rows left out."""
    stripped: dict[int, np.ndarray | tuple] = {}
    for i, c in enumerate(cells):
        if isinstance(c, tuple):
            values, codes = c
            # one string object per distinct stripped value, as _frame shares them
            same: dict[str, str] = {}
            out = np.array([same.setdefault(v, v) for v in map(str.strip, values.tolist())] or [""], dtype=object)
            stripped[i] = (out, codes)
        else:
            stripped[i] = c

    whole: dict[int, np.ndarray] = {}  # a plain column stripped, kept for the blank-row test and the frame

    def column(i: int, strip: bool, rows=None) -> np.ndarray:
        c = stripped[i]
        if isinstance(c, tuple):
            return c[0][c[1][1:] if rows is None else c[1][rows]]
        if not strip:
            return c[1:]
        if rows is not None:
            return np.fromiter(map(str.strip, c[rows].tolist()), dtype=object, count=len(rows))
        if i not in whole:
            whole[i] = np.fromiter(map(str.strip, c[1:].tolist()), dtype=object, count=len(c) - 1)
        return whole[i]

    n = n_lines - 1
    # a blank row has every field empty once stripped, the first among them: only rows with an empty
    # first field are looked at further
    keep = None
    if n and cells:
        maybe = np.flatnonzero(column(0, True) == "") + 1  # positions in the columns, row 0 the header
        blank = np.ones(len(maybe), dtype=bool)
        for i in range(1, len(cells)):
            if len(maybe):
                blank &= column(i, True, maybe) == ""
        if len(maybe) and blank.any():
            keep = np.ones(n, dtype=bool)
            keep[maybe[blank] - 1] = False
    data = {}
    for col, i in zip(columns, take):
        if i is None or not n:
            values = np.full(n, "", dtype=object)
        else:
            values = column(i, col != "quote")
        data[col] = pd.arrays.StringArray(values if keep is None else values[keep])
    frame = pd.DataFrame(data, columns=columns)
    line_no = np.arange(2, n_lines + 1, dtype=np.int64)
    frame["_line"] = line_no if keep is None else line_no[keep]
    frame.attrs["missing_columns"] = {c for c in columns if c not in position}
    return frame


@contextlib.contextmanager
def paused_gc():
    """No cyclic garbage collection while millions of rows are made (lists of strings make no cycles): the
    collector's passes over them took a third of the time of reading a million rows."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _body(text, reader, header, take, columns, position, label, problems):
    fast = _one_line_records(reader, len(header))
    if fast is not None:
        rows, lines, more = fast
        problems += [Problem(label, line, "-", f"expected {len(header)} fields, found {n} (a missing or extra comma?)")
                     for line, n in more]
    else:  # a record over several lines, or a malformed one: read again, record by record
        reader = csv.reader(io.StringIO(text, newline=""))
        next(reader)
        rows, lines, more = _records_one_by_one(reader, len(header), label)
        problems += more
    return _frame(rows, lines, take, columns, position), problems


def _one_line_records(reader, width: int):
    """The records after the header at C speed, when each of them is one line (the usual case): (rows of
    ``width`` fields, their line numbers, (line, number of fields) of each row of another width), or None
    when a record spans lines or is malformed (then line numbers need the record-by-record reader)."""
    first = reader.line_num + 1
    try:
        rows = list(reader)
    except csv.Error:
        return None
    if reader.line_num - first + 1 != len(rows):
        return None
    lines = range(first, first + len(rows))
    # a row of another width is a problem unless it is blank; a blank row of the right width is dropped by _frame
    other = [i for i, row in enumerate(rows) if len(row) != width]
    if not other:
        return rows, list(lines), []
    skip = set(other)
    more = [(lines[i], len(rows[i])) for i in other if any(cell.strip() for cell in rows[i])]
    return [r for i, r in enumerate(rows) if i not in skip], [ln for i, ln in enumerate(lines) if i not in skip], more


def _records_one_by_one(reader, width: int, label: str):
    rows, lines, problems = [], [], []
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
        if len(row) != width:
            problems.append(
                Problem(label, start, "-", f"expected {width} fields, found {len(row)} (a missing or extra comma?)")
            )
        else:
            rows.append(row)
            lines.append(start)
        start = reader.line_num + 1
    return rows, lines, problems


UNIQUE_TEXT = ("id", "quote", "note", "value")  # columns whose values rarely repeat


def _frame(rows: list, lines: list, take: list, columns: list[str], position: dict) -> pd.DataFrame:
    """Rows as a frame of text columns (stripped, except the quote, which is verbatim), blank rows left out.

    Built column by column from plain lists: a million rows take about a second, where a frame of rows
    with pandas string operations per column took ten."""
    # map() over plain lists, not a loop in Python: about half the time at a million rows
    fields = list(zip(*rows)) if rows else []
    stripped = [list(map(str.strip, cells)) for cells in fields]
    # a blank row has every field empty once stripped, the first among them: only rows with an empty first
    # field are looked at further (a pass over every field of every row took a second at a million rows)
    blank = [i for i, c in enumerate(stripped[0]) if not c and not any(f[i] for f in stripped)] if stripped else []
    keep = None
    if blank:
        keep = np.ones(len(rows), dtype=bool)
        keep[blank] = False
    data = {}
    for col, i in zip(columns, take):
        if i is None or not rows:  # a missing column, or a file with a header and no rows
            cells = [""] * len(rows)
        elif col == "quote":
            cells = fields[i]
        elif col in UNIQUE_TEXT:
            cells = stripped[i]
        else:
            # one string object per distinct value, shared by its rows: a million rows name a few dozen
            # regions and periods, and the copies the ledger, the cache and each notebook kernel hold shrink
            # (a dict does this several times faster than pandas' factorize)
            same: dict[str, str] = {}
            cells = list(map(same.setdefault, stripped[i], stripped[i]))
        cells = np.fromiter(cells, dtype=object, count=len(cells))
        data[col] = pd.arrays.StringArray(cells if keep is None else cells[keep])
    frame = pd.DataFrame(data, columns=columns)
    line_no = np.array(lines, dtype=np.int64)
    frame["_line"] = line_no if keep is None else line_no[keep]
    frame.attrs["missing_columns"] = {c for c in columns if c not in position}
    return frame


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
