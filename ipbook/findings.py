"""Reviewed findings: an analyst's judgement on each material row of the ledger (``findings.yaml``).

Known source errors stay in the data as written, so a gate on material rows
would fail forever. Recording a judgement closes a finding:

* ``accepted``: a source error. ``suspect`` names the observation at fault and
  ``corrected`` the value it should have (as written, in that observation's
  unit and qualifier); the book then shows the corrected figure, marked as such.
* ``explained``: not an error (scope, definitions); the note says why.
* ``open``: read but not settled; it still fails the gate.

``check --fail-on material`` fails only on material rows without an
``accepted`` or ``explained`` review, so it can gate a yearly update: a new
material inconsistency fails until someone has read it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import number
from .problem import Problem
from .yamlfile import check_entry, missing_fields, read_entries

FILE = "findings.yaml"
FIELDS = ["check", "status", "suspect", "corrected", "reviewed", "note"]
REQUIRED = ["check", "status", "reviewed", "note"]
STATUSES = ("accepted", "explained", "open")
CLOSED = ("accepted", "explained")


def load(data_dir: Path, observation_ids: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """The reviews (an empty frame when the file is absent: a dataset need not have any)."""
    path = Path(data_dir) / FILE
    if not path.exists():
        return pd.DataFrame(columns=FIELDS + ["_line"]), []
    entries, problems = read_entries(path, FILE)
    rows = []
    for e in entries:
        line = e.get("_line", 0)
        problems += check_entry(e, FIELDS, FILE)
        problems += missing_fields(e, REQUIRED, FILE)
        r = {f: ("" if e.get(f) is None else str(e.get(f))) for f in FIELDS} | {"_line": line}
        if r["status"] and r["status"] not in STATUSES:
            problems.append(Problem(FILE, line, "status", f"unknown status {r['status']!r} (expected one of {', '.join(STATUSES)})"))
        if r["suspect"] and r["suspect"] not in observation_ids:
            problems.append(Problem(FILE, line, "suspect", f"unknown observation {r['suspect']!r}"))
        if bool(r["suspect"]) != bool(r["corrected"]):
            problems.append(Problem(FILE, line, "corrected", "a correction needs both suspect and corrected"))
        if r["corrected"] and not number.is_number_as_written(r["corrected"]):
            problems.append(Problem(FILE, line, "corrected", f"not a number as written: {r['corrected']!r}"))
        if r["corrected"] and r["status"] != "accepted":
            problems.append(Problem(FILE, line, "corrected", "only an accepted finding carries a correction"))
        rows.append(r)
    frame = pd.DataFrame(rows, columns=FIELDS + ["_line"])
    for _, r in frame[frame["check"].duplicated(keep="first") & (frame["check"] != "")].iterrows():
        problems.append(Problem(FILE, int(r["_line"]), "check", f"check {r['check']!r} reviewed twice"))
    return frame, problems


def reviews(led: pd.DataFrame, fnd: pd.DataFrame) -> pd.Series:
    """Per ledger row: 'accepted: note' / 'explained: note' / 'open: note', or '' when not reviewed."""
    text = (fnd["status"] + ": " + fnd["note"]).to_numpy() if len(fnd) else []
    by_check = dict(zip(fnd["check"], text))
    reviewed = led["check_id"].map(by_check).astype(object)  # object: an empty map gives floats, not text
    return reviewed.where(reviewed.notna(), "")


def corrections(fnd: pd.DataFrame) -> dict[str, str]:
    """Observation id -> corrected value as written, from accepted findings."""
    acc = fnd[(fnd["status"] == "accepted") & (fnd["suspect"] != "")]
    return dict(zip(acc["suspect"], acc["corrected"]))


def stale(led: pd.DataFrame, fnd: pd.DataFrame) -> list[str]:
    """Reviews of checks the ledger no longer has (the data changed): one line each, file:line style."""
    known = set(led["check_id"])
    return [f"{FILE}:{int(r['_line'])}: check: no check {r['check']!r} in the ledger (the data changed; review again)"
            for _, r in fnd.iterrows() if r["check"] not in known]


def unreviewed(led: pd.DataFrame, gate: list[str]) -> pd.DataFrame:
    """Rows whose severity or verdict is in ``gate`` and which carry no closing review."""
    hit = led["severity"].isin(gate) | led["verdict"].isin(gate)
    closed = led["review"].str.split(":").str[0].isin(CLOSED)
    return led[hit & ~closed]
