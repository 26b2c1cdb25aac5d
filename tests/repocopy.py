"""Working on a private copy of the repository, for the tests that run whole builds.

A copy holds the files git tracks (working-tree content) plus _static/. Commands run with
cwd=the copy and PYTHONPATH=the copy: PYTHONPATH comes before the editable install, so
`import ipbook` in the runner, the papermill kernels and the jupyter-book subprocess resolves
to the copy, whose book/ and _build/ are the ones written. The real ones are never touched.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_tracked(src: Path, dst: Path) -> Path:
    """Copy the files git tracks in ``src`` (working-tree content), plus _static/, to ``dst``."""
    names = subprocess.run(["git", "-C", str(src), "ls-files", "-z"], capture_output=True, check=True).stdout
    for name in filter(None, names.decode().split("\0")):
        s = src / name
        if not s.is_file():  # deleted in the working tree
            continue
        d = dst / name
        d.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(s, d)
    if (src / "_static").is_dir():
        shutil.copytree(src / "_static", dst / "_static", dirs_exist_ok=True)
    return dst


def env_for(repo: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(repo)}


def build(repo: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """``python -m ipbook build ARGS`` in the copy; _build/last-run.json is removed first so it proves this run."""
    (repo / "_build" / "last-run.json").unlink(missing_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "ipbook", "build", *args],
        cwd=repo, env=env_for(repo), capture_output=True, text=True, timeout=timeout,
    )


def last_run(repo: Path) -> dict:
    path = repo / "_build" / "last-run.json"
    assert path.is_file(), f"{path} not written: the build did not run the copy's ipbook"
    return json.loads(path.read_text(encoding="utf-8"))


def ok(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stderr[-6000:]}"


def csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def edit_csv_row(path: Path, row_id: str, **changes: str) -> int:
    """Change columns of the row with id ``row_id``; every other byte stays as it was. Returns the row's line."""
    text = path.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert csv_text(rows) == text, f"{path.name} does not round-trip through the csv module byte for byte"
    header = rows[0]
    hits = [r for r in rows[1:] if r[0] == row_id]
    assert len(hits) == 1, (row_id, len(hits))
    for column, value in changes.items():
        hits[0][header.index(column)] = value
    new = csv_text(rows)
    path.write_bytes(new.encode("utf-8"))
    old_lines, new_lines = text.split("\n"), new.split("\n")
    assert len(old_lines) == len(new_lines)
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
    assert len(changed) == 1, changed
    return changed[0] + 1


def append_csv_row(path: Path, **values: str) -> None:
    """Append one row (columns by name, missing ones empty); the existing bytes stay as they are."""
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    header = next(csv.reader(io.StringIO(text)))
    assert set(values) <= set(header), set(values) - set(header)
    with path.open("a", encoding="utf-8", newline="") as f:
        f.write(csv_text([[values.get(c, "") for c in header]]))


def pristine_copy(base: Path) -> Path:
    """A copy never built in, after checking that PYTHONPATH really selects the copy's ipbook."""
    repo = copy_tracked(ROOT, base / "repo")
    probe = subprocess.run(
        [sys.executable, "-c", "import ipbook, ipbook.runner as r; print(ipbook.__file__); print(r.ROOT)"],
        cwd=base, env=env_for(repo), capture_output=True, text=True, check=True,
    )
    module, root = probe.stdout.split("\n")[:2]
    assert Path(module).resolve().is_relative_to(repo.resolve()), module
    assert Path(root).resolve() == repo.resolve(), root
    return repo


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (which may be a symlink, as _build/html is), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_built(repo: Path, base: Path) -> Path:
    """A copy of a built copy, _build/ included (its _build/html symlink is relative and stays valid)."""
    return shutil.copytree(repo, base / "repo", symlinks=True)
