"""Publish: the downloads, the HTML built from scratch into staging, and an atomic switch of _build/html.

* **One build at a time.** ``_build/build.lock`` is held (``fcntl.flock``) for the whole build; a second
  build exits at once with one line naming the holder. The lock is the kernel's: it goes away with the
  process, so a killed build never leaves a stale lock.
* **From scratch.** Sphinx's incremental mode keeps stale words in the search index and writes asset
  links (``?v=…``) differently on a second pass, so every HTML build starts from an empty
  ``_build/staging``: what is published depends only on the current pages (2.2 s for the 12 pages).
* **No window without a book.** The new HTML is moved to ``_build/published/html-<id>`` and
  ``_build/html`` is a relative symlink to it, replaced by ``rename(2)`` of a new symlink: at every
  instant ``_build/html`` is the old book or the new one. An older ``_build/html`` that is a real folder
  is moved aside once; a kill in that one window is repaired by the next build's ``recover``.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from . import dataset, findings, ledger, safecsv
from .build_plan import Project, write_atomic

LOCK_NAME = "build.lock"
PUBLISHED = "published"
LINK_TMP = ".html.link"
STAMP = ".ipbook-inputs"


class BuildBusy(Exception):
    """Another build holds the lock."""


class Lock:
    """An exclusive, non-blocking ``flock`` on ``_build/build.lock`` for the life of the build."""

    def __init__(self, project: Project):
        self.path = project.build / LOCK_NAME
        self.fd: int | None = None

    def __enter__(self) -> "Lock":
        folder = self.path.parent
        if (folder.exists() or folder.is_symlink()) and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder (the build writes its output there)", str(folder))
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EACCES, errno.EAGAIN):
                raise BuildBusy(holder) from None
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock; the file stays (removing it would race a waiting build)
            self.fd = None


def _rmtree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def recover(project: Project) -> list[str]:
    """Start-up repair, under the lock, of whatever a killed build left; returns what was done."""
    done = []
    build = project.build
    html = build / "html"
    link_tmp = build / LINK_TMP
    # a kill between moving a legacy folder aside and installing the symlink: finish the switch
    if not html.exists() and not html.is_symlink() and link_tmp.is_symlink() and link_tmp.exists():
        os.replace(link_tmp, html)
        done.append("finished an interrupted publish of _build/html")
    # the old two-rename publish, killed between its renames, left the last good book as html.old
    old = build / "html.old"
    if not html.exists() and not html.is_symlink() and old.is_dir():
        os.replace(old, html)
        done.append("restored _build/html from _build/html.old")
    # and the data files' downloads staged by a build killed before it took them
    for leftover in (link_tmp, build / "html.new", build / "html.old", build / "staging", *build.glob("downloads-*")):
        if leftover.exists() or leftover.is_symlink():
            _rmtree(leftover)
    current = os.path.realpath(html) if html.is_symlink() else None
    pub = build / PUBLISHED
    if pub.is_dir():
        for d in pub.iterdir():
            if os.path.realpath(d) != current:
                _rmtree(d)
    # temporary files of an execution or a download killed before its rename
    for pattern in (".*.ipynb", ".*.tmp"):
        for p in [*project.book.glob(pattern), *project.downloads.glob(pattern)]:
            p.unlink()
            done.append(f"removed {project.rel(p)} (left by an interrupted build)")
    return done


# A CSV larger than this is neutralised a slice of rows at a time (each slice ends at a line break outside
# quotes): neutralising a 200 MB observations.csv whole held over a gigabyte of cells at once.
NEUTRALISE_SLICE = 16 << 20
EMPTY_FINDINGS = b"# No finding of this data folder has been reviewed yet.\n[]\n"


# Where a cell may start with a character a spreadsheet reads as a formula: after a separator or a line break (or at
# the start of the text). Group 1: a quoted cell that may be dangerous (a trigger after its quote) or whose content
# the parser would put together (an empty quoted cell followed by more text); group 2: an unquoted cell's first
# character. (A lookbehind instead of matching the separator is three times slower on a 260 MB file.)
_START = rb'(?:("(?:[=+\-@\t\r]|"[^",\r\n]))|([=+\-@\t\r]))'
_MAYBE_DANGEROUS = re.compile(rb'[,\r\n]' + _START)
_MAYBE_DANGEROUS_FIRST = re.compile(_START)
_CELL_END = re.compile(rb'[,\r\n]')


def _surely_safe(data: bytes) -> bool:
    """True only when no cell of the CSV ``data`` is dangerous (``safecsv.dangerous``), found without parsing it: each
    place where an unquoted cell may start with a trigger is looked at as the cell that would run from there to the
    next separator or line break; a number there ('-3.5') is safe. A place that may open a dangerous quoted cell, or
    a cell that is not a number, is left to the parser (False). A place inside a quoted cell is only ever a false
    alarm: the cell it lies in starts elsewhere and is looked at there."""
    m = _MAYBE_DANGEROUS_FIRST.match(data) or _MAYBE_DANGEROUS.search(data)
    while m:
        if m.group(1):
            return False
        start = m.start(2)
        if data[start] != 0x0D:  # an unquoted CR ends the row (the cell is empty), and the next cell starts after it
            end = _CELL_END.search(data, start)
            cell = data[start:end.start() if end else len(data)]
            try:
                if safecsv.dangerous(cell.decode("utf-8")):
                    return False
            except UnicodeDecodeError:
                return False
        m = _MAYBE_DANGEROUS.search(data, start)
    return True


def _neutralise_piece(data: bytes) -> bytes:
    """``safecsv.neutralise_bytes``, without parsing a text that has no dangerous cell (most, and every CSV of a
    million rows so far: parsing one took seconds)."""
    return data if _surely_safe(data) else safecsv.neutralise_bytes(data)


def neutralise(data: bytes) -> bytes:
    """``safecsv.neutralise_bytes``, slice by slice for a large file: the same cells neutralised, and the same bytes
    for a file quoted as pandas and the csv module quote (a slice with no dangerous cell is kept byte for byte, as
    a whole file with none is)."""
    if len(data) <= NEUTRALISE_SLICE or (b"\r\n" in data and data.count(b"\n") != data.count(b"\r\n")):
        # small, or its line ends mixed (safecsv picks one line end for the whole file): whole
        return _neutralise_piece(data)
    out, start, changed = [], 0, False
    while start < len(data):
        end = min(len(data), start + NEUTRALISE_SLICE)
        if end < len(data):
            nl = data.find(b"\n", end)
            while nl != -1 and data.count(b'"', start, nl) % 2:  # inside a quoted cell: not a row's end
                nl = data.find(b"\n", nl + 1)
            end = len(data) if nl == -1 else nl + 1
        piece = data[start:end]
        new = _neutralise_piece(piece)
        changed = changed or new is not piece
        out.append(new)
        start = end
    return b"".join(out) if changed else data


def _data_downloads(data_dir: Path):
    """(name, bytes as offered) for each data file, CSVs neutralised."""
    for name in dataset.DATA_FILES:
        if (data_dir / name).is_file():
            data = (data_dir / name).read_bytes()
            yield name, neutralise(data) if name.lower().endswith(".csv") else data
    if not (data_dir / findings.FILE).is_file():
        # the only optional data file: the sources page offers it, so a folder without reviews offers an empty list
        yield findings.FILE, EMPTY_FINDINGS


def stage_data_downloads(data_dir: Path, staging: Path) -> None:
    """The data files' downloads prepared in ``staging`` (not in book/): the build does this while it validates the
    data, and ``write_downloads(..., staged=staging)`` takes them from there once the data is found valid."""
    for name, data in _data_downloads(data_dir):
        (staging / name).write_bytes(data)


def floats_as_text(frame, float_format: str):
    """``frame`` with each float column as the text ``to_csv(float_format=float_format)`` writes for it (``float_format
    % x``, empty for NaN), so that to_csv writes the same bytes without pandas' per-value formatter (seconds at a
    million rows). Only for a frame written as CSV: the columns are no longer numbers."""
    floats = [c for c, t in frame.dtypes.items() if isinstance(t, np.dtype) and t.kind == "f"]
    if not floats:
        return frame
    return frame.assign(**{c: [float_format % x if x == x else "" for x in frame[c].tolist()] for c in floats})


def write_downloads(project: Project, data_dir: Path, led, reconciled=None, figures=None,
                    staged: Path | None = None) -> list[str]:
    """book/downloads: the data files as shipped and the ledger, CSV cells neutralised for spreadsheets.

    ``led`` may be a function returning ``(ledger, reconciled, figures)`` (the last two tables or functions that make
    them, see ``ledger.write``), called once the data files are written
    (at a million observations, neutralising observations.csv and holding the report's tables each take
    gigabytes: one after the other, not both at once). ``staged``: a folder where ``stage_data_downloads`` put the
    data files' downloads.

    Each file is written atomically and only when its bytes change; a file no longer produced is
    removed, so the folder holds exactly this build's downloads. Returns the names rewritten.
    """
    out = project.downloads
    out.mkdir(parents=True, exist_ok=True)
    changed: list[str] = []
    produced: set[str] = set()

    def offer(name: str, data: bytes) -> None:
        # one file at a time: at a million observations the files together are over a gigabyte
        produced.add(name)
        dst = out / name
        if not dst.is_file() or dst.stat().st_size != len(data) or dst.read_bytes() != data:
            write_atomic(dst, data)
            changed.append(name)

    def offer_file(name: str, path: Path) -> None:
        """``offer(name, path.read_bytes())`` for a file written for the purpose (staged, or by ledger.write): moved
        into place, not read and written again (hundreds of megabytes at a million observations)."""
        produced.add(name)
        dst = out / name
        if dst.is_file() and dst.stat().st_size == path.stat().st_size and _same_file(dst, path):
            return
        try:
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
            os.chmod(path, 0o644)
            os.replace(path, dst)
        except OSError as exc:
            if exc.errno != errno.EXDEV:  # another file system: copied instead
                raise
            write_atomic(dst, path.read_bytes())
        changed.append(name)

    if staged is None:
        for name, data in _data_downloads(data_dir):
            offer(name, data)
    else:
        for name in dataset.DATA_FILES:  # stage_data_downloads wrote these (findings.yaml always)
            if (staged / name).is_file():
                offer_file(name, staged / name)
    if callable(led):
        led, reconciled, figures = led()
    with tempfile.TemporaryDirectory(dir=project.build) as tmp:
        ledger.write(led, Path(tmp), reconciled, figures)  # may write several files: take all of them
        led = reconciled = figures = None  # the tables' gigabyte, freed before the files are read
        for p in sorted(Path(tmp).iterdir()):
            if not p.is_file():
                continue
            if p.name.lower().endswith(".csv"):
                data = p.read_bytes()
                safe = neutralise(data)
                if safe is not data:
                    offer(p.name, safe)
                    continue
                del data, safe
            offer_file(p.name, p)
    for p in out.iterdir():
        if p.name not in produced and p.is_file() and not p.name.startswith("."):
            p.unlink()
            changed.append(p.name)
    return changed


def _same_file(a: Path, b: Path) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def build_html(project: Project, stamp: str) -> int:
    """jupyter-book build from scratch into _build/staging; on success publish it as _build/html."""
    staging = project.build / "staging"
    _rmtree(staging)
    exe = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(exe), "build", str(project.root), "--path-output", str(staging), "-W", "-n", "--keep-going"]
    print(f"building HTML: jupyter-book build . --path-output {project.rel(staging)} -W -n --keep-going",
          file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, cwd=project.root, capture_output=True, text=True)
    new = staging / "_build" / "html"
    if proc.returncode != 0 or not (new / "index.html").is_file():
        sys.stderr.write(proc.stdout[-6000:])
        sys.stderr.write(proc.stderr[-6000:])
        _rmtree(staging)
        print("HTML build failed: the last good book in _build/html is unchanged", file=sys.stderr)
        return 1
    (new / STAMP).write_text(stamp, encoding="utf-8")
    switch(project, new)
    _rmtree(staging)
    return 0


def switch(project: Project, new: Path) -> None:
    """Make ``new`` the published book in one atomic step, then drop the previous one."""
    build = project.build
    pub = build / PUBLISHED
    pub.mkdir(exist_ok=True)
    name = f"html-{time.time_ns():x}"
    os.rename(new, pub / name)
    link_tmp = build / LINK_TMP
    _rmtree(link_tmp)
    os.symlink(os.path.join(PUBLISHED, name), link_tmp)
    html = build / "html"
    if html.exists() and not html.is_symlink():
        # a book published by an older ipbook (a real folder): rename() cannot put a symlink over a
        # folder, so it is moved aside first; a kill in between is finished by recover()
        os.rename(html, pub / f"legacy-{time.time_ns():x}")
    os.replace(link_tmp, html)
    for d in pub.iterdir():
        if d.name != name:
            _rmtree(d)


def stamp_of(project: Project) -> str | None:
    try:
        return (project.build / "html" / STAMP).read_text(encoding="utf-8")
    except OSError:
        return None
