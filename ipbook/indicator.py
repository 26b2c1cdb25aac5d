"""Indicators: what is measured, in which unit and scope, under which theme."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import unit as units
from .problem import Problem, cycles
from .yamlfile import check_entry, missing_fields, read_entries

FILE = "indicators.yaml"
FIELDS = ["id", "label", "unit", "theme", "definition", "scope", "part_of", "subset_of", "ratio_of"]
REQUIRED = ["id", "label", "unit", "theme", "definition", "scope"]

# The book's chapters, in reading order: id -> title, and id -> {title, intro}, from notebooks/themes.yaml (the
# one place a theme is named; the page template and the validation of indicators both read it).
ROOT = Path(__file__).resolve().parent.parent
THEMES_FILE = ROOT / "notebooks" / "themes.yaml"
TOC_FILE = ROOT / "_toc.yml"
THEMES_LABEL = "notebooks/themes.yaml"
THEME_FIELDS = ["id", "title", "intro"]


def _read_themes() -> tuple[dict[str, dict], list[Problem]]:
    """themes.yaml's entries by id, and its problems (file and line), instead of an exception at import.

    The file is read when the package is imported (the build's page order depends on it), so a typo in it
    must not be a traceback: the problems are kept and every command's validation reports them.
    """
    entries, problems = read_entries(THEMES_FILE, THEMES_LABEL)
    text: dict[str, dict] = {}
    for e in entries:
        problems += check_entry(e, THEME_FIELDS, THEMES_LABEL)
        problems += missing_fields(e, THEME_FIELDS, THEMES_LABEL)
        ident = str(e.get("id", "") or "")
        if ident and not _ID.match(ident):
            problems.append(Problem(THEMES_LABEL, e["_line"], "id", f"theme id {ident!r} must be snake_case"))
        elif ident in text:
            problems.append(Problem(THEMES_LABEL, e["_line"], "id", f"duplicate theme id {ident!r}"))
        elif ident:
            text[ident] = {k: str(e.get(k, "") or "") for k in THEME_FIELDS}
    return text, problems + (_toc_problems(text) if text else [])  # no themes read: themes.yaml's problem says why


def _toc_problems(themes: dict[str, dict]) -> list[Problem]:
    """Themes that have no chapter in _toc.yml, and theme-like chapters with no theme.

    Jupyter Book builds only what the table of contents lists and says nothing about the rest, so a theme
    added to themes.yaml without its `- file: book/ID` line would silently be missing from the published book.
    """
    if not TOC_FILE.exists():
        return []
    text = TOC_FILE.read_text(encoding="utf-8", errors="replace")
    chapters = {m.group(1): text.count("\n", 0, m.start()) + 1
                for m in re.finditer(r"^\s*-\s*file:\s*book/([A-Za-z0-9_]+)\s*$", text, re.M)}
    caption = re.search(r"^\s*-\s*caption:\s*Themes\s*$", text, re.M)
    at = text.count("\n", 0, caption.start()) + 1 if caption else 1
    problems = [Problem("_toc.yml", at, "chapters", f"theme {t!r} of {THEMES_LABEL} has no chapter: add "
                        f"'- file: book/{t}' under the Themes caption") for t in themes if t not in chapters]
    book_pages = {"index", "ledger", "methods", "sources"}
    problems += [Problem("_toc.yml", line, "file", f"book/{c} is neither a book page nor a theme of {THEMES_LABEL}")
                 for c, line in chapters.items() if c not in themes and c not in book_pages]
    return problems


_ID = re.compile(r"^[a-z][a-z0-9_]*$")
THEME_TEXT, THEME_PROBLEMS = _read_themes()
THEMES: dict[str, str] = {k: e["title"] for k, e in THEME_TEXT.items()}

def load(data_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    entries, problems = read_entries(data_dir / FILE, FILE)
    problems = list(THEME_PROBLEMS) + problems
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
        if e.get("theme") and THEMES and e["theme"] not in THEMES:  # no themes at all: themes.yaml's problem says why
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
