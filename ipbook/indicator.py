"""Indicators: what is measured, in which unit and scope, under which theme."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from . import unit as units
from .problem import Problem, cycles
from .yamlfile import check_entry, missing_fields, read_entries

FILE = "indicators.yaml"
FIELDS = ["id", "label", "unit", "theme", "definition", "scope", "part_of", "subset_of", "ratio_of"]
REQUIRED = ["id", "label", "unit", "theme", "definition", "scope"]

# The book's chapters, in reading order: id -> title, and id -> {title, intro}, from notebooks/themes.yaml (the
# one place a theme is named; the page template and the validation of indicators both read it).
THEMES_FILE = Path(__file__).resolve().parent.parent / "notebooks" / "themes.yaml"
THEME_TEXT: dict[str, dict] = {e["id"]: e for e in yaml.safe_load(THEMES_FILE.read_text(encoding="utf-8"))}
THEMES: dict[str, str] = {k: e["title"] for k, e in THEME_TEXT.items()}

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def load(data_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    entries, problems = read_entries(data_dir / FILE, FILE)
    rows = []
    for e in entries:
        line = e.get("_line", 0)
        problems += check_entry(e, FIELDS, FILE)
        problems += missing_fields(e, REQUIRED, FILE)
        ident = str(e.get("id", "") or "")
        if ident and not _ID.match(ident):
            problems.append(Problem(FILE, line, "id", f"indicator id {ident!r} must be snake_case"))
        if e.get("unit") and not units.is_known(str(e["unit"])):
            problems.append(Problem(FILE, line, "unit", f"unknown unit {e['unit']!r}"))
        if e.get("theme") and e["theme"] not in THEMES:
            problems.append(Problem(FILE, line, "theme", f"unknown theme {e['theme']!r} (expected one of {', '.join(THEMES)})"))
        rows.append({f: ("" if e.get(f) is None else str(e.get(f))) for f in FIELDS} | {"_line": line})
    frame = pd.DataFrame(rows, columns=FIELDS + ["_line"])
    frame.attrs["unreadable"] = not entries and bool(problems)  # then ids that point here are not "unknown"
    known = set(frame["id"])
    for _, r in frame.iterrows():
        # part_of: a share's whole (and part <= whole); subset_of: the same population counted more narrowly
        # (certified firms among complying firms), so part <= whole without a share being stated
        for link in ("part_of", "subset_of"):
            if r[link] and r[link] not in known:
                problems.append(Problem(FILE, int(r["_line"]), link, f"unknown indicator {r[link]!r}"))
            if r[link] == r["id"] and r["id"]:
                problems.append(Problem(FILE, int(r["_line"]), link, f"an indicator cannot be {link.replace('_', ' ')} itself"))
    problems += _cycles(frame)
    for _, r in frame[frame["ratio_of"] != ""].iterrows():
        # ratio_of: a rate the releases define from two other indicators ("grant rate = grants / applications")
        parts = [x.strip() for x in r["ratio_of"].split("/")]
        if len(parts) != 2 or not all(parts):
            problems.append(Problem(FILE, int(r["_line"]), "ratio_of", "expected 'numerator_id / denominator_id'"))
        elif unknown := [x for x in parts if x not in known]:
            problems.append(Problem(FILE, int(r["_line"]), "ratio_of", f"unknown indicator {unknown[0]!r}"))
        elif r["unit"] != "%":
            problems.append(Problem(FILE, int(r["_line"]), "ratio_of", "a ratio_of indicator is a rate: its unit must be %"))
    for _, r in frame[frame["id"].duplicated(keep="first")].iterrows():
        problems.append(Problem(FILE, int(r["_line"]), "id", f"duplicate indicator id {r['id']!r}"))
    return frame, problems


def _cycles(frame: pd.DataFrame) -> list[Problem]:
    """part_of and subset_of links that lead back to where they started (a within b within a).

    Both links say "no larger than", so a cycle through either or both would make every indicator on it
    no larger than itself and a part of itself. One problem per cycle, on the line of its first indicator.
    """
    first = frame.drop_duplicates("id").set_index("id", drop=False)
    graph = {r.id: [getattr(r, k) for k in ("part_of", "subset_of") if getattr(r, k) and getattr(r, k) != r.id]
             for r in first.itertuples(index=False)}
    problems = []
    for ring in cycles(graph):
        at = min(ring, key=lambda i: (int(first.loc[i, "_line"]), i))
        ring = ring[ring.index(at):] + ring[:ring.index(at)]
        steps = []
        for a, b in zip(ring, ring[1:] + ring[:1]):
            steps.append("part_of" if first.loc[a, "part_of"] == b else "subset_of")
        text = " -> ".join(f"{a} ({k})" for a, k in zip(ring, steps)) + f" -> {ring[0]}"
        problems.append(Problem(FILE, int(first.loc[at, "_line"]), steps[0], f"cycle of part_of/subset_of links: {text}"))
    return problems
