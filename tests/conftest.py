"""Shared fixtures: the shipped dataset, broken copies of it, hand-built check operands."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

OPS_COLUMNS = [
    "kind", "s_lo", "s_hi", "s_elo", "s_ehi", "r_lo", "r_hi", "r_elo", "r_ehi",
    "st_lo", "st_hi", "st_elo", "st_ehi", "years",
]

NA = (math.nan, math.nan)


def op(kind, s=NA, r=NA, st=NA, *, se=None, re=None, ste=None, years=math.nan) -> dict:
    """One row of check.evaluate's input. Exact readings default to the qualified ones."""
    se = s if se is None else se
    re = r if re is None else re
    ste = st if ste is None else ste
    return {
        "kind": kind,
        "s_lo": s[0], "s_hi": s[1], "s_elo": se[0], "s_ehi": se[1],
        "r_lo": r[0], "r_hi": r[1], "r_elo": re[0], "r_ehi": re[1],
        "st_lo": st[0], "st_hi": st[1], "st_elo": ste[0], "st_ehi": ste[1],
        "years": years,
    }


def ops_frame(*rows: dict, index=None) -> pd.DataFrame:
    f = pd.DataFrame(list(rows), columns=OPS_COLUMNS, index=index)
    for c in OPS_COLUMNS[1:]:
        f[c] = f[c].astype(float)
    return f


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """``python -m ipbook ARGS`` from the project root, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "ipbook", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def line_of(path: Path, prefix: str) -> int:
    """1-based line number of the (single) line of ``path`` that starts with ``prefix``."""
    hits = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(prefix)]
    assert len(hits) == 1, (prefix, hits)
    return hits[0]


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the shipped data directory, to be broken by the test."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


@pytest.fixture(scope="session")
def shipped():
    from ipbook import dataset

    return dataset.load(DATA)


@pytest.fixture(scope="session")
def led(shipped):
    from ipbook import ledger

    return ledger.build(shipped)


def row(led: pd.DataFrame, check_id: str) -> pd.Series:
    hit = led[led["check_id"] == check_id]
    assert len(hit) == 1, f"{check_id}: {len(hit)} rows"
    return hit.iloc[0]


def isnan(x) -> bool:
    return bool(np.isnan(float(x)))


@pytest.fixture(scope="session")
def pristine(tmp_path_factory) -> Path:
    """One copy of the repository, never built in, shared by the tests that build; each copies it again."""
    from repocopy import pristine_copy

    return pristine_copy(tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def repo(pristine, tmp_path) -> Path:
    return shutil.copytree(pristine, tmp_path / "repo", symlinks=True)
