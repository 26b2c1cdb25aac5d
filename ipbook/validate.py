"""Validation of a data directory: every problem, at once, as file:line: column: problem.

Types and formats of the CSV columns are declared as pandera schemas; the
relations between files (ids that must exist, quotes that must occur in their
source text, units that must fit their indicator) are checked here in plain
code, because no schema library knows about another file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import claim, indicator, number, observation, period, source
from . import unit as units
from .problem import Problem

_NOT_EMPTY = pa.Check.str_length(min_value=1, error="missing value")


def _schema(required: list[str], id_pattern: str, extra: dict) -> pa.DataFrameSchema:
    cols = {c: pa.Column("string", _NOT_EMPTY, nullable=False) for c in required}
    cols["id"] = pa.Column(
        "string", [_NOT_EMPTY, pa.Check.str_matches(id_pattern, error=f"id must match {id_pattern}")]
    )
    for name, checks in extra.items():
        cols[name] = pa.Column("string", checks)
    return pa.DataFrameSchema(cols, strict=False, coerce=False)


def _value_check(optional: bool = False):
    def ok(s: pd.Series) -> pd.Series:
        good = s.map(number.is_number_as_written).astype(bool)
        return good | (s == "") if optional else good

    return pa.Check(ok, element_wise=False, error="not a number as written (e.g. 309.8, 420,000, ten)")


_UNIT = pa.Check(lambda s: s.map(units.is_known).astype(bool), error="unknown unit")
_OPT_UNIT = pa.Check(lambda s: ((s == "") | s.map(units.is_known)).astype(bool), error="unknown unit")
_QUALIFIER = pa.Check.isin(list(number.QUALIFIERS), error=f"unknown qualifier (expected one of: {', '.join(number.QUALIFIERS)})")
_PERIOD = pa.Check(lambda s: s.map(period.is_valid).astype(bool), error="period cannot be parsed (e.g. 2021, 2022H1, end-2019, 2017-2022H1)")
_OPT_PERIOD = pa.Check(lambda s: ((s == "") | s.map(period.is_valid)).astype(bool), error="period cannot be parsed (e.g. 2021, 2022H1, end-2019, 2017-2022H1)")

OBSERVATION_SCHEMA = _schema(
    observation.REQUIRED,
    observation.ID_PATTERN,
    {"value": [_value_check()], "unit": [_UNIT], "qualifier": [_QUALIFIER], "period": [_PERIOD]},
)
CLAIM_SCHEMA = _schema(
    claim.REQUIRED,
    claim.ID_PATTERN,
    {
        "kind": [pa.Check.isin(list(claim.KINDS), error=f"unknown kind (expected one of: {', '.join(claim.KINDS)})")],
        "value": [_value_check(optional=True)],
        "unit": [_OPT_UNIT],
        "qualifier": [_QUALIFIER],
        "period": [_PERIOD],
        "base_period": [_OPT_PERIOD],
    },
)


def _schema_problems(frame: pd.DataFrame, schema: pa.DataFrameSchema, label: str) -> list[Problem]:
    absent = frame.attrs.get("missing_columns", set())  # already reported once, against the header
    cols = [c for c in schema.columns if c in frame.columns and c not in absent]
    try:
        schema.validate(frame[cols], lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        out = []
        for _, f in exc.failure_cases.iterrows():
            if f["index"] is None or pd.isna(f["index"]):
                # a check that raised instead of returning: report it rather than lose it
                if f["schema_context"] != "DataFrameSchema" and len(frame) and not str(f["check"]).startswith("dtype("):
                    out.append(Problem(label, 0, str(f["column"]), f"could not be checked: {f['check']}: {f['failure_case']}"))
                continue
            line = int(frame.loc[int(f["index"]), "_line"])
            msg = str(f["check"])
            if msg == "str_length(1, None)" or msg.startswith("missing"):
                msg = "missing value"
            shown = f["failure_case"]
            out.append(Problem(label, line, str(f["column"]), f"{msg}: {shown!r}" if shown != "" else msg))
        return out


def check_frames(sources, texts, indicators, observations, claims) -> list[Problem]:
    """Cross-file checks on loaded frames."""
    problems: list[Problem] = []
    P = problems.append
    source_ids = set(sources["id"])
    # a duplicated id is reported by indicator.load; the first definition is the one used here
    ind = indicators.drop_duplicates("id").set_index("id", drop=False)
    known_ind = set(indicators["id"])

    def rows(frame: pd.DataFrame, label: str):
        for r in frame.rename(columns={"_line": "lineno"}).itertuples(index=False):
            yield label, int(r.lineno), r

    obs_ids = set(observations["id"])
    claim_ids = set(claims["id"])
    for label, frame in ((observation.FILE, observations), (claim.FILE, claims)):
        for lab, line, r in rows(frame, label):
            if r.indicator and r.indicator not in known_ind:
                P(Problem(lab, line, "indicator", f"unknown indicator {r.indicator!r}"))
            if r.source and r.source not in source_ids:
                P(Problem(lab, line, "source", f"unknown source {r.source!r}"))
            if "quote" in frame.attrs.get("missing_columns", set()):
                pass
            elif r.quote and r.source in texts and r.quote not in texts[r.source]:
                P(Problem(lab, line, "quote", f"quote not found verbatim in source {r.source!r}: {r.quote[:60]!r}"))
            if r.value and r.quote and r.value not in r.quote:
                P(Problem(lab, line, "value", f"value {r.value!r} does not occur in its quote"))
        for _, r in frame[frame["id"].duplicated(keep="first") & (frame["id"] != "")].iterrows():
            first = int(frame.loc[frame["id"] == r["id"], "_line"].iloc[0])
            P(Problem(label, int(r["_line"]), "id", f"duplicate id {r['id']!r} (first on line {first})"))

    # one figure per (indicator, region, period, source)
    key = ["indicator", "region", "period", "source"]
    dup = observations[observations.duplicated(key, keep="first")]
    if len(dup):
        first_line = observations.drop_duplicates(key).set_index(key)["_line"]
        for _, r in dup.iterrows():
            P(Problem(observation.FILE, int(r["_line"]), "indicator",
                      f"duplicate row: ({', '.join(r[key])}) already on line {int(first_line.loc[tuple(r[key])])}"))

    # an observation's unit must measure what its indicator measures (vectorised: a million rows take a second)
    dims = {name: u.dimension for name, u in units.UNITS.items()}
    ind_unit = observations["indicator"].map(ind["unit"])
    own, want = observations["unit"].map(dims), ind_unit.map(dims)
    misfit = observations[own.notna() & want.notna() & (own != want)]
    for r, wanted in zip(misfit.rename(columns={"_line": "lineno"}).itertuples(index=False), ind_unit[misfit.index]):
        P(Problem(observation.FILE, int(r.lineno), "unit",
                  f"unit {r.unit!r} does not fit indicator {r.indicator!r} (in {wanted!r})"))

    for lab, line, r in rows(claims, claim.FILE):
        spec = claim.KINDS.get(r.kind)
        if spec is None:
            continue
        needs_base, allowed = spec
        if needs_base and not r.base_period:
            P(Problem(lab, line, "base_period", f"a {r.kind} claim needs a base_period"))
        if r.kind == "part_of":
            if not (r.subject and r.reference):
                P(Problem(lab, line, "subject", "a part_of claim needs both subject and reference"))
        else:
            if not r.value:
                P(Problem(lab, line, "value", "missing value"))
            if not r.unit:
                P(Problem(lab, line, "unit", "missing value"))
        if allowed and r.unit and r.unit not in allowed:
            P(Problem(lab, line, "unit", f"a {r.kind} claim is stated in {' or '.join(allowed)}, not {r.unit!r}"))
        for col in ("subject", "reference"):
            ref = getattr(r, col)
            if ref and ref not in obs_ids and ref not in claim_ids:
                P(Problem(lab, line, col, f"unknown observation or claim id {ref!r}"))
            if ref and ref == r.id:
                P(Problem(lab, line, col, "a claim cannot refer to itself"))
    return problems


def run(data_dir: Path):
    """Load and validate a data directory. Returns (frames, problems)."""
    data_dir = Path(data_dir)
    sources, texts, problems = source.load(data_dir)
    indicators, p = indicator.load(data_dir)
    problems += p
    observations, p = observation.load(data_dir)
    problems += p
    claims, p = claim.load(data_dir)
    problems += p
    problems += _schema_problems(observations, OBSERVATION_SCHEMA, observation.FILE)
    problems += _schema_problems(claims, CLAIM_SCHEMA, claim.FILE)
    problems += check_frames(sources, texts, indicators, observations, claims)
    return (sources, texts, indicators, observations, claims), sorted(set(problems))
