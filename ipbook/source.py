"""Sources: the press releases the dataset quotes, with their provenance.

A source's ``file`` is a file name inside ``DATA/sources/`` (or a path below it). Absolute paths,
``..`` and symlinks that lead outside ``sources/`` are problems: the texts are quoted verbatim
into the book, and validation answers whether a quote occurs in them, so they must never be
other files of the machine.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

import pandas as pd

from .problem import Problem, read_text
from .yamlfile import check_entry, missing_fields, read_entries

FILE = "sources.yaml"
FIELDS = [
    "id", "number", "file", "title", "publisher", "speakers", "date_published", "date_basis",
    "period_covered", "language", "translation_note", "kind", "url",
]
REQUIRED = ["id", "file", "title", "publisher", "date_published", "period_covered", "language", "translation_note"]
# official: the issuing body's own release; press_conference: its press conference (a transcript, SCIO or CNIPA);
# news: a news agency's or newspaper's report of official figures (Xinhua, China Daily); secondary: anyone else's
# summary (a law firm, an agency's republication); example: not a source, a worked example.
KINDS = ("official", "press_conference", "news", "secondary", "example")
# When figures for one period agree, the book shows a first-hand one (the issuing body speaking) before a news or
# secondary report of it (reconcile.first_hand).
FIRST_HAND = ("official", "press_conference")
FOLDER = "sources"

# A source id is written into every row that quotes it: lower-case letters, digits and hyphens, as in scio-2022-hu.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# number: the NNN of its rows' ids (o005-001, c005-001), three digits in quotes ("005": unquoted, YAML reads 010
# as the octal 8). Optional: without it a source's number is that of its first row (validate.check_id_prefixes).
NUMBER_PATTERN = re.compile(r"^\d{3}$")
# url: where the original was read (optional; the sources page links it): an http(s) address without spaces.
URL_PATTERN = re.compile(r"^https?://[^\s<>\"]+$")
# date_published: a year, month or day, optionally marked as an estimate: 2025-01-10, 2022-01 (estimate), 2021.
DATE_PATTERN = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?(?: \(estimate\))?$")


def resolve(data_dir: Path, name: str) -> tuple[Path | None, str]:
    """The file ``name`` names inside ``data_dir/sources/``, or (None, why it is refused)."""
    if "\0" in name:
        return None, f"{name!r} is not a file name (NUL byte)"
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or PureWindowsPath(name).drive:
        return None, f"{name!r} is an absolute path; give a file name inside {FOLDER}/"
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return None, f"{name!r} leads out of {FOLDER}/ ('..'); give a file name inside {FOLDER}/"
    folder = (data_dir / FOLDER).resolve()
    path = data_dir / FOLDER / name
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return None, f"{name!r} cannot be resolved (a symlink loop?)"
    if not real.is_relative_to(folder):
        return None, f"{name!r} is a symlink leading out of {FOLDER}/; copy the text into {FOLDER}/"
    if not real.is_file():
        return None, f"source text {name!r} not found in {FOLDER}/"
    return real, ""


def load(data_dir: Path) -> tuple[pd.DataFrame, dict[str, str], list[Problem]]:
    """Sources as a frame, their texts by id, and any problems."""
    entries, problems = read_entries(data_dir / FILE, FILE)
    texts: dict[str, str] = {}
    rows = []
    for e in entries:
        line = e.get("_line", 0)
        problems += check_entry(e, FIELDS, FILE)
        problems += missing_fields(e, REQUIRED, FILE)
        problems += _check_formats(e)
        kind = str(e.get("kind", "official") or "official")
        if kind not in KINDS:
            problems.append(Problem(FILE, _at(e, "kind"), "kind", f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})"))
        name = "" if e.get("file") is None else str(e.get("file"))
        if name.strip():
            file_line = e.get("_key_lines", {}).get("file", line)
            path, why = resolve(data_dir, name)
            if path is None:
                problems.append(Problem(FILE, file_line, "file", why))
            else:
                text, p = read_text(path, f"{FOLDER}/{name}")
                problems += p
                if text is not None:
                    texts[str(e.get("id"))] = text
        rows.append({f: ("" if e.get(f) is None else str(e.get(f))) for f in FIELDS} | {"kind": kind, "_line": line})
    frame = pd.DataFrame(rows, columns=FIELDS + ["_line"])
    frame.attrs["unreadable"] = not entries and bool(problems)  # then ids that point here are not "unknown"
    dup = frame[frame["id"].duplicated(keep="first")]
    for _, r in dup.iterrows():
        problems.append(Problem(FILE, int(r["_line"]), "id", f"duplicate source id {r['id']!r}"))
    numbered = frame[frame["number"] != ""]
    for _, r in numbered[numbered["number"].duplicated(keep="first")].iterrows():
        first = numbered.loc[numbered["number"] == r["number"], "id"].iloc[0]
        problems.append(Problem(FILE, int(r["_line"]), "number", f"number {r['number']!r} is already that of source {first!r}"))
    return frame, texts, problems


def _at(entry: dict, key: str) -> int:
    return entry.get("_key_lines", {}).get(key, entry.get("_line", 0))


def _check_formats(e: dict) -> list[Problem]:
    """The id, number and date_published of one entry, each in its one written form (see data/README.md)."""
    out = []
    ident = e.get("id")
    if ident is not None and str(ident).strip() and not ID_PATTERN.match(str(ident)):
        out.append(Problem(FILE, _at(e, "id"), "id",
                           f"source id {str(ident)!r} must be lower-case letters, digits and hyphens (e.g. scio-2022-hu)"))
    number = e.get("number")
    if number is not None and number != "":
        if not isinstance(number, str):
            out.append(Problem(FILE, _at(e, "number"), "number",
                               f"write the number as three digits in quotes (number: \"005\"), not {number!r}: "
                               "YAML reads an unquoted 010 as the octal 8"))
            e["number"] = None
        elif not NUMBER_PATTERN.match(number):
            out.append(Problem(FILE, _at(e, "number"), "number", f"number {number!r} must be three digits, e.g. \"005\""))
            e["number"] = None
    url = e.get("url")
    if url is not None and str(url).strip() and not URL_PATTERN.match(str(url)):
        out.append(Problem(FILE, _at(e, "url"), "url",
                           f"url {str(url)!r} must be the original's address, starting http:// or https://"))
    date = e.get("date_published")
    if isinstance(date, datetime.date):  # an unquoted 2025-01-10 is read by YAML as a date: the same day
        e["date_published"] = date.isoformat()
    elif date is not None and str(date).strip() and not DATE_PATTERN.match(str(date)):
        out.append(Problem(FILE, _at(e, "date_published"), "date_published",
                           f"{str(date)!r} is not a date: write 2025-01-10, 2025-01 or 2025, optionally followed by ' (estimate)'"))
    return out
