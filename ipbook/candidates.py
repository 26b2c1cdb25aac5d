"""Candidate rows: the extractor's proposals written in the data files' own columns, ready to review.

``add-source`` (and ``extract --rows``) write two files beside the data, in ``DATA/candidates/``:

* ``<source>-observations.csv``: the columns of ``observations.csv``;
* ``<source>-claims.csv``: the columns of ``claims.csv``;

each followed by four review columns, ``confidence``, ``period_from``, ``start`` and ``end`` (the extractor's
confidence; how it found the period: ``sentence``, ``carried`` from an earlier sentence, the text's ``anchor``,
or only the ``publication`` year, the last two the ones to check first; and the quote's character offsets in
the source text). Every row already has an id under the source's number
(``o005-001``, ``c005-001``), a region (``China``: the releases are national unless they name a province),
the period, and for a claim its kind, base period and the observation it is about (``subject``), so that a
review deletes rows and corrects cells instead of typing them. ``accept`` then appends the reviewed rows to
the data files without the review columns, which the data files do not allow.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from . import claim, observation
from .problem import Problem, read_table, read_text

FOLDER = "candidates"
REVIEW_COLUMNS = ["confidence", "period_from", "start", "end"]
OBSERVATION_COLUMNS = observation.COLUMNS + REVIEW_COLUMNS
CLAIM_COLUMNS = claim.COLUMNS + REVIEW_COLUMNS
DEFAULT_REGION = "China"
# claims stated against an earlier period (claim.KINDS: needs base_period)
_WITH_BASE = {k for k, (needs_base, _) in claim.KINDS.items() if needs_base}
_YEAR_ON_YEAR = re.compile(r"year[- ]on[- ]year|year[- ]over[- ]year|over the previous year|than (?:the )?last year|"
                           r"compared with (?:the )?(?:previous|last) year", re.I)


@dataclass(frozen=True)
class Files:
    observations: Path
    claims: Path


def files(data_dir: Path, source_id: str) -> Files:
    folder = Path(data_dir) / FOLDER
    return Files(folder / f"{source_id}-observations.csv", folder / f"{source_id}-claims.csv")


# ------------------------------------------------------------------ numbers


def numbers_in_use(data_dir: Path) -> set[str]:
    """Every source number of a data folder: declared in sources.yaml, or the NNN of a row's id."""
    from . import source

    used: set[str] = set()
    frame, _, _ = source.load(Path(data_dir))
    used |= {n for n in frame["number"] if n}
    for mod in (observation, claim):
        rows, _ = mod.load(Path(data_dir))
        used |= {i[1:4] for i in rows["id"] if re.match(r"^[oc]\d{3}-", i)}
    return used


def next_number(data_dir: Path) -> str:
    """The smallest three-digit number no source and no row of ``data_dir`` uses (005 after 000-004 and 999)."""
    used = numbers_in_use(data_dir)
    for n in range(1000):
        if f"{n:03d}" not in used:
            return f"{n:03d}"
    raise ValueError(f"{data_dir}: all 1000 source numbers (000-999) are in use")


def number_of(data_dir: Path, source_id: str) -> str | None:
    """A registered source's number, as validation reads it (declared, else its first row's), or None."""
    from . import source, validate

    sources, _, _ = source.load(Path(data_dir))
    if source_id not in set(sources["id"]):
        return None
    obs, _ = observation.load(Path(data_dir))
    cl, _ = claim.load(Path(data_dir))
    found = validate.source_numbers(sources, obs, cl).get(source_id)
    return found[0] if found else None


# ------------------------------------------------------------------ candidates as rows


def _year_earlier(period: str) -> str:
    """The same period a year earlier, as a year-on-year rate compares it: 2023Q1-Q3 -> 2022Q1-Q3."""
    return re.sub(r"\d{4}", lambda m: str(int(m.group()) - 1), period)


_NEAR = 120  # characters between a level's quote and the rate that follows it ("…, marking a 52.9 percent increase")


def _in_brackets(c) -> bool:
    """A figure written in brackets restates the one before it ("CNY 495 billion (roughly USD 68.3 billion)")."""
    return bool(re.search(r"\([^()]*" + re.escape(c.value.lstrip("-")) + r"[^()]*\)", c.quote))


def rows(cands: list, number: str) -> tuple[list[dict], list[dict]]:
    """(observation rows, claim rows) for the extractor's candidates, ids numbered in reading order.

    A claim's subject is the level the extractor names (``Candidate.subject``: its position in the list), else
    the observation proposed just before it whose quote overlaps or nearly meets the
    claim's and whose period is the claim's ("reached 486.9 billion yuan, an increase of 57.1%"), a figure
    in brackets (a conversion) excepted; its indicator is taken from that observation when the extractor
    guessed none. A year-on-year rate without a base period gets the
    same period a year earlier.
    """
    obs_rows: list[dict] = []
    claim_rows: list[dict] = []
    placed: list[tuple[object, dict]] = []  # (candidate, row) of the observations so far
    row_of: dict[int, dict] = {}  # a candidate's position in ``cands`` -> its observation row
    for i, c in enumerate(cands):
        region = getattr(c, "region", "") or DEFAULT_REGION
        review = {"confidence": f"{c.confidence:.2f}", "period_from": getattr(c, "period_from", ""),
                  "start": str(c.start), "end": str(c.end)}
        if c.table == "observation":
            row = {"id": f"o{number}-{len(obs_rows) + 1:03d}", "indicator": c.indicator, "region": region,
                   "period": c.period, "value": c.value, "unit": c.unit, "qualifier": c.qualifier,
                   "source": c.source, "quote": c.quote, "note": ""} | review
            obs_rows.append(row)
            placed.append((c, row))
            row_of[i] = row
            continue
        base = getattr(c, "base_period", "") or ""
        if not base and c.kind in _WITH_BASE and c.period and _YEAR_ON_YEAR.search(c.quote):
            base = _year_earlier(c.period)
        # the extractor names the level a relation is about by its position in the list it returned
        pos = str(getattr(c, "subject", "") or "")
        target = row_of.get(int(pos)) if pos.isdigit() else None
        if target is not None and _in_brackets(cands[int(pos)]):  # a bracketed conversion restates a figure
            target = None
        subject = target["id"] if target else ""
        indicator = c.indicator or (target["indicator"] if target else "")
        if not subject:
            for oc, orow in reversed(placed):
                near = oc.start < c.end and c.start < oc.end + _NEAR
                if near and oc.period == c.period and not _in_brackets(oc):
                    subject = orow["id"]
                    indicator = indicator or orow["indicator"]
                    break
        claim_rows.append({
            "id": f"c{number}-{len(claim_rows) + 1:03d}", "kind": c.kind, "indicator": indicator, "region": region,
            "period": c.period, "base_period": base, "subject": subject, "reference": "", "value": c.value,
            "unit": c.unit, "qualifier": c.qualifier, "source": c.source, "quote": c.quote, "note": "",
        } | review)
    return obs_rows, claim_rows


def _csv(columns: list[str], body: list[dict]) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(body)
    return out.getvalue()


def write(cands: list, number: str, data_dir: Path, source_id: str) -> Files:
    """Write the candidate rows of ``source_id`` into DATA/candidates/; never over an earlier, unaccepted review."""
    f = files(data_dir, source_id)
    taken = [p for p in (f.observations, f.claims) if p.exists()]
    if taken:
        raise FileExistsError(f"{taken[0]} exists: a review of {source_id!r} not yet accepted; "
                              "accept it (python -m ipbook accept) or delete it first")
    obs_rows, claim_rows = rows(cands, number)
    f.observations.parent.mkdir(exist_ok=True)
    f.observations.write_text(_csv(OBSERVATION_COLUMNS, obs_rows), encoding="utf-8")
    f.claims.write_text(_csv(CLAIM_COLUMNS, claim_rows), encoding="utf-8")
    return f


# ------------------------------------------------------------------ accepting a review


def accept(data_dir: Path, source_id: str) -> tuple[int, int, list[Problem]]:
    """Append the reviewed candidate rows of ``source_id`` to observations.csv and claims.csv.

    The review columns are dropped; nothing is written when a candidate file is malformed or a row's id is
    already in the data (each is a problem naming file, line and column), so that a second ``accept`` never
    appends the rows twice. Accepted candidate files are removed. Returns (observations, claims, problems).
    """
    data_dir = Path(data_dir)
    f = files(data_dir, source_id)
    problems: list[Problem] = []
    plans = []
    for path, mod, cols in ((f.observations, observation, OBSERVATION_COLUMNS), (f.claims, claim, CLAIM_COLUMNS)):
        label = f"{FOLDER}/{path.name}"
        if not path.exists():
            problems.append(Problem(label, 0, "-", f"file not found: no candidates of {source_id!r} to accept "
                                                   f"(python -m ipbook add-source writes them)"))
            continue
        text, p = read_text(path, label)
        problems += p
        header = next(csv.reader(io.StringIO(text or "")), [])
        # the review columns may be kept or already dropped; anything else is not a reviewed candidate file
        if [h.strip() for h in header] not in (cols, mod.COLUMNS):
            problems.append(Problem(label, 1, "-", f"expected the columns {', '.join(mod.COLUMNS)} "
                                                   f"(then, optionally, {', '.join(REVIEW_COLUMNS)})"))
            continue
        frame, p = read_table(path, [h.strip() for h in header], label)
        problems += p
        existing, _ = mod.load(data_dir)
        clash = frame[frame["id"].isin(set(existing["id"]))]
        for rid, line in zip(clash["id"], clash["_line"]):
            problems.append(Problem(label, int(line), "id", f"id {rid!r} is already in {mod.FILE}"))
        plans.append((path, data_dir / mod.FILE, mod.COLUMNS, frame))
    if problems:
        return 0, 0, problems
    counts = []
    for path, target, columns, frame in plans:
        body = [{c: r[c] for c in columns} for _, r in frame.iterrows()]
        old = target.read_text(encoding="utf-8") if target.exists() else ""
        added = _csv(columns, body).split("\n", 1)[1]  # without the header
        with target.open("a", encoding="utf-8", newline="") as fh:
            fh.write(("" if not old or old.endswith("\n") else "\n") + added)
        counts.append(len(body))
    for path, *_ in plans:
        path.unlink()
    if not any((data_dir / FOLDER).iterdir()):
        (data_dir / FOLDER).rmdir()
    return counts[0], counts[1], []
