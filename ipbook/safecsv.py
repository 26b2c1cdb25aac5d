"""CSV files that a spreadsheet opens without executing anything (OWASP's CSV-injection rule).

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=cmd|' /C calc'!A0``, ``@SUM(…)``,
``=HYPERLINK(…)``). Such a cell is prefixed with a single quote, which every spreadsheet shows as
text; the csv module quotes the cell when it holds the separator or quotes. Numbers are left alone:
``-3.5``, ``+12``, ``-1,000`` and ``-2e-3`` are values, not formulas (OWASP: "cells containing only
numbers need no escaping").

Only the downloadable copies in book/downloads are neutralised; the data files stay as written.
"""

from __future__ import annotations

import csv
import io
import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?%?")


def is_number(cell: str) -> bool:
    s = cell.strip(" ")
    return bool(s) and any(c.isdigit() for c in s) and _NUMBER.fullmatch(s) is not None and s.isascii()


def dangerous(cell: str) -> bool:
    return cell.startswith(TRIGGERS) and not is_number(cell)


def neutralise_cell(cell: str) -> str:
    return "'" + cell if dangerous(cell) else cell


def neutralise_text(text: str) -> str:
    """The CSV ``text`` with every dangerous cell neutralised; unchanged (the same string) when none is."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not any(dangerous(c) for row in rows for c in row):
        return text
    terminator = "\r\n" if "\r\n" in text else "\n"
    return "".join(",".join(_field(neutralise_cell(c)) for c in row) + terminator for row in rows)


def _field(cell: str) -> str:
    """csv's minimal quoting, except that a CR or LF is always quoted (csv.writer leaves a bare CR unquoted
    when the line terminator is LF, which splits the row when read back)."""
    if any(ch in cell for ch in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def neutralise_bytes(data: bytes) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # not our CSV: leave it (validation would have refused such data)
        return data
    new = neutralise_text(text)
    return data if new is text else new.encode("utf-8")
