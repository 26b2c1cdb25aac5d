"""Sources: the press releases the dataset quotes, with their provenance."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .problem import Problem
from .yamlfile import missing_fields, read_entries

FILE = "sources.yaml"
FIELDS = [
    "id", "file", "title", "publisher", "speakers", "date_published", "date_basis",
    "period_covered", "language", "translation_note", "kind",
]
REQUIRED = ["id", "file", "title", "publisher", "date_published", "period_covered", "language", "translation_note"]
KINDS = ("official", "example")


def load(data_dir: Path) -> tuple[pd.DataFrame, dict[str, str], list[Problem]]:
    """Sources as a frame, their texts by id, and any problems."""
    entries, problems = read_entries(data_dir / FILE, FILE)
    texts: dict[str, str] = {}
    rows = []
    for e in entries:
        line = e.get("_line", 0)
        problems += missing_fields(e, REQUIRED, FILE)
        kind = str(e.get("kind", "official") or "official")
        if kind not in KINDS:
            problems.append(Problem(FILE, line, "kind", f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})"))
        path = data_dir / "sources" / str(e.get("file", ""))
        if e.get("file") and not path.is_file():
            problems.append(Problem(FILE, line, "file", f"source text {path.name!r} not found in sources/"))
        elif e.get("file"):
            texts[str(e.get("id"))] = path.read_text(encoding="utf-8")
        rows.append({f: ("" if e.get(f) is None else str(e.get(f))) for f in FIELDS} | {"kind": kind, "_line": line})
    frame = pd.DataFrame(rows, columns=FIELDS + ["_line"])
    dup = frame[frame["id"].duplicated(keep="first")]
    for _, r in dup.iterrows():
        problems.append(Problem(FILE, int(r["_line"]), "id", f"duplicate source id {r['id']!r}"))
    return frame, texts, problems
