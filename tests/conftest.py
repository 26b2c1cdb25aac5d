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
    "kind", "s_lo", "s_hi", "r_lo", "r_hi", "st_lo", "st_hi", "st_tlo", "st_thi", "st_mlo", "st_mhi", "years",
]

NA = (math.nan, math.nan)


def op(kind, s=NA, r=NA, st=NA, *, t=None, m=None, years=math.nan) -> dict:
    """One row of check.evaluate's input. ``st``: the stated relation read with its reach; ``t``: the values for
    which it is true (default ``st``, as for a plain rounded figure); ``m``: the minor band (default ``t``)."""
    t = st if t is None else t
    m = t if m is None else m
    return {
        "kind": kind, "s_lo": s[0], "s_hi": s[1], "r_lo": r[0], "r_hi": r[1],
        "st_lo": st[0], "st_hi": st[1], "st_tlo": t[0], "st_thi": t[1], "st_mlo": m[0], "st_mhi": m[1],
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


def plant_pledge_2021_slip(data: Path) -> None:
    """Write scio-2022-hu's 2021 pledge financing as 3098 instead of 309.8 billion yuan (a x10 slip), in the
    observation and in the source text it quotes; cnipa-2022-08-presser keeps 309.8."""
    replace_once(data / "observations.csv", "o000-003,pledge_financing_amount,China,2021,309.8,",
                 "o000-003,pledge_financing_amount,China,2021,3098,")
    replace_once(data / "observations.csv", "China's patent and trademark pledge financing reached 309.8",
                 "China's patent and trademark pledge financing reached 3098")
    replace_once(data / "sources" / "000_3664ff90fa74bfbe.txt", "309.8 billion yuan", "3098 billion yuan")


def _git_status() -> str:
    return subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True).stdout


def pytest_sessionstart(session):
    session.config.stash[_STATUS] = _git_status()


def pytest_sessionfinish(session, exitstatus):
    """Tests never modify the checkout: every build runs in a copy. A run that changed `git status` fails."""
    before = session.config.stash.get(_STATUS, None)
    after = _git_status()
    if before is not None and after != before:
        print(f"\nThe test run changed the checkout (git status --porcelain):\n{after}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_STATUS = pytest.StashKey[str]()
