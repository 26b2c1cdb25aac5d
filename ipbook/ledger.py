"""The ledger: every check over the dataset in one table with fixed columns (``ledger_spec.COLUMNS``).

Assembly only: operands come from ``operands``, verdicts and grades from ``check``, the checks no text states
from ``generated``, sentences from ``sentences``, the figure at fault from ``diagnose`` and the analyst's
reviews from ``findings``. ``write`` and ``to_json`` give the downloads.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from . import check, generated, kinds, magnitude, operands
from . import unit as units
from .dataset import Dataset, records
from .ledger_spec import COLUMNS, Settings
from .problem import paused_gc
from .sentences import claim_sentence, stated_text


def claim_rows(ds: Dataset, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The claims' checks as ledger rows, with the resolved operands (verdicts joined), the levels and the
    claims they were computed from."""
    ops, lv, cl, figures = operands.resolve_all(ds, settings)  # figures: only those the claims name
    res = check.evaluate(ops)
    ops = ops.join(res)
    used = pd.Index(pd.unique(pd.concat([ops["s_id"], ops["r_id"]]))).intersection(figures.index)
    # plain dicts from plain lists: a pandas .loc per claim, or pandas' own to_dict, would dominate on large data
    t = figures.loc[used, ["value", "unit", "period", "source"]]
    table = {i: {"value": v, "unit": u, "period": p, "source": s}
             for i, v, u, p, s in zip(t.index.tolist(), *(t[c].tolist() for c in t.columns))}
    rows = []
    for r in records(ops):
        obs_ids = [i for i in (r.s_id, r.r_id) if i and i.startswith("o")]
        srcs = sorted({r.source, *[table[i]["source"] for i in obs_ids]})
        derived_unit = r.display_unit if r.kind not in ("pp_difference",) else "%"
        if r.verdict == check.DERIVED:
            unit = derived_unit if r.kind not in ("share", "ratio") else r.display_unit
            rec_lo, rec_hi = r.rec_lo / units.get(unit).factor if unit not in ("%",) else r.rec_lo, (
                r.rec_hi / units.get(unit).factor if unit not in ("%",) else r.rec_hi)
        else:
            unit = r.unit if r.kind != "absolute_change" else r.display_unit
            f = units.get(r.display_unit).factor if r.kind == "absolute_change" else 1.0
            rec_lo, rec_hi = r.rec_lo / f, r.rec_hi / f
        f_st = units.get(r.display_unit).factor if r.kind == "absolute_change" else 1.0
        rows.append({
            "check_id": f"{r.kind}:{r.id}",
            "theme": r.theme,
            "kind": r.kind,
            "indicators": r.indicator,
            "periods": f"{r.base_period}→{r.period}" if r.base_period else r.period,
            "sources": "; ".join(srcs),
            "statement": r.quote,
            "stated": stated_text(r.value, r.unit, r.qualifier, r.st_lo / f_st, r.st_hi / f_st,
                                  r.display_unit if r.kind == "absolute_change" else None),
            "stated_lo": r.st_lo / f_st,
            "stated_hi": r.st_hi / f_st,
            "recomputed_lo": rec_lo,
            "recomputed_hi": rec_hi,
            "unit": unit,
            "verdict": r.verdict,
            "severity": r.severity,
            "gap": r.gap_abs / f_st if not np.isnan(r.gap_abs) else np.nan,
            "gap_rel": r.gap_rel,
            "explanation": claim_sentence(r, table),
            "claims": r.id,
            "observations": " ".join(obs_ids),
        })
    return pd.DataFrame(rows, columns=COLUMNS), ops, lv, cl


def build_all(ds: Dataset, settings: Settings | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The ledger, plus the resolved claim operands and the levels it was computed from.

    Rows are graded (``severity``), diagnosed (``suspect``, ``factor``, ``corrected``, ``diagnosis``) and
    matched with the analyst's reviews (``review``, from findings.yaml); material findings come first.
    """
    # millions of short-lived lists and strings and no cycles among them: the collector's passes over them
    # cost a third of the time at a million observations
    with paused_gc():
        return _build_all(ds, settings or Settings())


def _build_all(ds: Dataset, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from . import diagnose, findings

    claim_part, ops, lv, cl = claim_rows(ds, settings)
    implied = operands.derived_levels(ops, ds)
    pts = operands.series_points(lv, implied, ops)
    # lean: what the diagnosis reads; magnitude_rows writes the texts of the few flagged tests itself
    points = magnitude.tested_points(pts)  # once, for the tests and the series they find in line
    tests = magnitude.tests(pts, settings.plausible_annual_factor, lean=True, points=points)
    frames = [claim_part, generated.parts_total_rows(ds, lv), generated.cross_source_rows(ds, lv, cl), generated.scope_rows(ds, lv),
              generated.identity_rows(ds, lv), generated.magnitude_rows(ds, pts, tests, settings, points)]
    led = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    ev = diagnose.Evidence(ops=ops, lv=lv, pts=pts, pairs=generated.scope_pairs(ds, lv), triples=generated.identity_triples(ds, lv),
                           tests=tests, release=operands.release_dates(ds),
                           band=settings.plausible_annual_factor)
    led[diagnose.COLUMNS] = diagnose.run(led, ev)[diagnose.COLUMNS]
    led["review"] = findings.reviews(led, ds.findings)
    order = kinds.ORDER
    sev = {check.MATERIAL: 0, check.MINOR: 1}
    led = led.assign(_s=led["severity"].map(sev).fillna(2), _o=led["kind"].map(order))
    led = led.sort_values(["_s", "_o", "check_id"], kind="stable").drop(columns=["_s", "_o"])
    return led.reset_index(drop=True)[COLUMNS], ops, lv


def build(ds: Dataset, settings: Settings | None = None) -> pd.DataFrame:
    """All checks over the dataset, one row each, in a stable order."""
    return build_all(ds, settings)[0]


# How the downloads write floats: enough digits for a check's figures, all of them for the figures table. The
# runner formats the tables with these too, so a download reads the same whichever path wrote it.
CHECK_FLOATS = "%.6g"
FIGURE_FLOATS = "%.10g"


def write(led: pd.DataFrame, out_dir: Path, reconciled=None, figures=None) -> list[Path]:
    """The ledger as CSV and JSON for readers to download, and the reconciled figures beside it when given;
    ``figures`` (every level as written and as low/high numbers) as figures.csv for spreadsheets: UTF-8 with a
    byte-order mark, so that 亿 and “quotes” open right.

    ``reconciled`` and ``figures`` may be functions that return the table: each is then made only when it is
    written and dropped before the next (at a million observations each is most of a gigabyte of strings)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = out_dir / "ledger.csv", out_dir / "ledger.json"
    led.to_csv(csv_path, index=False, float_format=CHECK_FLOATS)
    json_path.write_text(to_json(led), encoding="utf-8")
    paths = [csv_path, json_path]
    for name, table, floats, encoding in (("reconciled.csv", reconciled, CHECK_FLOATS, "utf-8"),
                                          ("figures.csv", figures, FIGURE_FLOATS, "utf-8-sig")):
        if table is None:
            continue
        paths.append(out_dir / name)
        (table() if callable(table) else table).to_csv(paths[-1], index=False, float_format=floats,
                                                       encoding=encoding)
    return paths


def to_json(led: pd.DataFrame) -> str:
    """The ledger as a JSON list of objects, one per row, as ``json.dumps(records, indent=1)`` writes it.

    ``json.dumps`` with an indent runs Python's pure-Python encoder (seconds at a hundred thousand rows);
    each row here is encoded by the C encoder with the line breaks of the indent as item separator, which
    gives the same text for a flat object: the rows hold single values only."""
    records = json.loads(led.to_json(orient="records", double_precision=6, force_ascii=False))
    if not records or not _flat(led) and any(type(v) in (dict, list) for r in records for v in r.values()):
        return json.dumps(records, ensure_ascii=False, indent=1)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",\n  ", ": ")).encode
    return "[\n" + ",\n".join(" {\n  " + encode(r)[1:-1] + "\n }" if r else " {}" for r in records) + "\n]"


def _flat(led: pd.DataFrame) -> bool:
    """Whether every cell is sure to be written as a single JSON value: text, number and boolean columns are,
    and an object column is when its cells are plain scalars. Looking at the few object columns is cheaper
    than looking at every value of the parsed rows (two million at a million observations)."""
    plain = (str, float, int, bool, type(None))
    return all(type(v) in plain for c in led.columns if led[c].dtype == object for v in led[c].tolist())


def counts(led: pd.DataFrame) -> dict[str, int]:
    vc = led["verdict"].value_counts()
    return {v: int(vc.get(v, 0)) for v in check.VERDICTS}
