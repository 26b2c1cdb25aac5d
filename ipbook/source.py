"""Sources: the press releases the dataset quotes, with their provenance.

A source's ``file`` is a file name inside ``DATA/sources/`` (or a path below it). Absolute paths,
``..`` and symlinks that lead outside ``sources/`` are problems: the texts are quoted verbatim
into the book, and validation answers whether a quote occurs in them, so they must never be
other files of the machine.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

import pandas as pd

from .problem import Problem, read_text
from .yamlfile import check_entry, missing_fields, read_entries

FILE = "sources.yaml"
FIELDS = [
    "id", "file", "title", "publisher", "speakers", "date_published", "date_basis",
    "period_covered", "language", "translation_note", "kind",
]
REQUIRED = ["id", "file", "title", "publisher", "date_published", "period_covered", "language", "translation_note"]
# official: the issuing body's own release; news: a news agency's or newspaper's report of it (Xinhua, China Daily);
# secondary: anyone else's summary (a law firm, an agency's republication); example: not a source, a worked example.
# When figures for one period agree, the book shows an official one before a news or secondary one (reconcile).
KINDS = ("official", "news", "secondary", "example")
FOLDER = "sources"


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
        kind = str(e.get("kind", "official") or "official")
        if kind not in KINDS:
            problems.append(Problem(FILE, line, "kind", f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})"))
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
    return frame, texts, problems
