"""The dataset as one validated object: sources, indicators, observations, claims."""

from __future__ import annotations

import gc
from collections import namedtuple
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import findings as _findings
from . import period
from . import unit as units
from .problem import DataError

DATA_FILES = ("sources.yaml", "indicators.yaml", "observations.csv", "claims.csv", "findings.yaml")


@dataclass
class Dataset:
    path: Path
    sources: pd.DataFrame
    texts: dict[str, str]
    indicators: pd.DataFrame
    observations: pd.DataFrame
    claims: pd.DataFrame
    findings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=_findings.FIELDS + ["_line"]))
    _cache: dict = field(default_factory=dict, repr=False)

    def __getattr__(self, name: str):
        # only for fields not set: the tables a cached report keeps in files of their own (report._cache_store)
        from .report import load_part

        return load_part(self, name)

    def indicator(self, ident: str) -> pd.Series:
        return self.indicators.set_index("id").loc[ident]

    def theme_of(self, indicator_id: str) -> str:
        return self.indicators.set_index("id")["theme"].get(indicator_id, "")

    @property
    def levels(self) -> pd.DataFrame:
        """Observations with their period parsed and values in the indicator's display unit."""
        if "levels" not in self._cache:
            self._cache["levels"] = _levels(self)
        return self._cache["levels"]

    def summary(self) -> str:
        official = (self.sources["kind"] == "official").sum()
        return (
            f"{len(self.observations)} observations, {len(self.claims)} claims, "
            f"{len(self.indicators)} indicators, {len(self.sources)} sources ({official} official): valid"
        )


def records(frame: pd.DataFrame, columns: list[str] | None = None):
    """The rows of ``frame`` (or of its ``columns``) as named tuples, ``_line`` as ``lineno``, read from plain
    lists: pandas iterates its own string columns at a call per cell, which dominated validation and the
    ledger at a million rows."""
    columns = list(frame.columns) if columns is None else columns
    row = namedtuple("Row", ["lineno" if c == "_line" else c for c in columns], rename=True)
    return map(row._make, zip(*(frame[c].tolist() for c in columns)))


def per_distinct(values: pd.Series, fn) -> pd.Series:
    """``fn`` of every cell of ``values``, computed once per distinct value, aligned with ``values``."""
    cells = values.astype(object)
    distinct = pd.unique(cells.to_numpy())
    return cells.map(dict(zip(distinct, map(fn, distinct))))


def _levels(ds: Dataset) -> pd.DataFrame:
    from . import number

    obs = ds.observations.copy(deep=False)  # copy-on-write: the observations stay as read, without a copy of them
    ind = ds.indicators.set_index("id")
    num, step, round_step = number.parse_values(obs["value"])
    obs["number"] = num
    obs["step"] = step
    obs["round_step"] = round_step
    obs["display_unit"] = obs["indicator"].map(ind["unit"])
    # units and periods are computed once per distinct value: a million figures have a few of each
    # per distinct (unit, display unit) pair, found by factorizing the pairs (joining a million pairs of strings
    # to look them up took longer than the lookup)
    codes, pairs = pd.MultiIndex.from_arrays([obs["unit"], obs["display_unit"]]).factorize()
    obs["factor"] = np.array([units.factor(u, d) for u, d in pairs], dtype=float)[codes]
    obs["theme"] = obs["indicator"].map(ind["theme"])
    obs["label"] = obs["indicator"].map(ind["label"])
    obs["period_end"] = per_distinct(obs["period"], lambda p: pd.Timestamp(period.parse(p).end))
    obs["period_shape"] = per_distinct(obs["period"], lambda p: period.parse(p).shape)
    return obs


def load(data_dir: str | Path) -> Dataset:
    """Load and validate a data directory; raise DataError listing every problem."""
    from . import validate  # only for raw data: a report read from the build's cache never needs it

    frames, problems = validate.run(Path(data_dir))
    sources, texts, indicators, observations, claims = frames
    reviewed, more = _findings.load(Path(data_dir), set(observations["id"]) if "id" in observations else set())
    if problems or more:
        raise DataError(sorted(problems + more))
    # the dataset lives as long as the process: keep the garbage collector's full passes off its millions
    # of objects (they cost seconds in every later step at a million rows, and find nothing)
    gc.freeze()
    return Dataset(Path(data_dir), sources, texts, indicators, observations, claims, reviewed)


def until(ds: Dataset, as_of: str | None) -> Dataset:
    """The dataset as it stood at ``as_of`` (a period): later observations and claims left out.

    ``"latest"`` (or empty) keeps everything.
    """
    if not as_of or as_of == "latest":
        return ds
    cutoff = period.parse(as_of).end
    keep_obs = ds.observations["period"].map(lambda p: period.parse(p).end <= cutoff)
    keep_cl = ds.claims["period"].map(lambda p: period.parse(p).end <= cutoff)
    obs = ds.observations[keep_obs].reset_index(drop=True)
    kept = set(obs["id"])
    claims = ds.claims[keep_cl].reset_index(drop=True)
    # a claim that points at a dropped observation is dropped with it
    refs_ok = claims["subject"].isin(kept | {""} | set(claims["id"])) & claims["reference"].isin(kept | {""} | set(claims["id"]))
    return Dataset(ds.path, ds.sources, ds.texts, ds.indicators, obs, claims[refs_ok].reset_index(drop=True), ds.findings)
