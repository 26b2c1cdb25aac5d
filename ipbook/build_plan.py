"""Plan: what in ``book/`` is stale, decided from what is in ``book/``.

A notebook is executed again only when something it depends on changed:

* its template (``notebooks/NAME.ipynb``; for a theme chapter ``notebooks/theme.ipynb`` with the theme's
  entry of ``notebooks/themes.yaml``),
* the data it reads: for a theme chapter, its indicators, their observations
  and claims, the sources they cite and the theme's ledger rows (which also
  capture figures of other themes its checks use); for the book-level pages,
  the whole dataset,
* its parameters (not the data folder's path: building from another folder with the same content
  re-executes nothing, and a page built from another folder never names it), or
* the package's code (``ipbook/*.py``).

These hashes (the *fingerprint*) are kept in each executed notebook's own
metadata (``ipbook.fingerprint``), so the decision is made per notebook from
the notebook itself: a partial, failed or killed build cannot make a stale
page look fresh.

The one shortcut: ``book/build-inputs.json`` records, after a complete plain
build, the raw hash of every input (``quick``) *and the hash of every file
the build left in book/* (the 12 notebooks and the downloads). The build may
skip validating and computing only when both still hold byte for byte; any
other build that touched book/ (``--theme``, a failed or killed build, another
data folder, a hand edit) changes those bytes and voids the shortcut, and the
per-notebook fingerprints decide.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import dataset, indicator, ledger_spec, number

# Reading order of the book; theme chapters are named after their theme id.
BOOK_PAGES = ("index", "ledger", "methods", "sources")
ORDER = ("index", *indicator.THEMES, "ledger", "methods", "sources")

# The pages' parameters, from the modules that define what they mean (one source: the templates' parameter cells
# must say the same, which tests/test_runner.py checks).
DEFAULT_PARAMETERS = {"as_of": "latest", "reach": number.REACH, "qualifier_overrides": {},
                      "plausible_annual_factor": ledger_spec.PLAUSIBLE_ANNUAL_FACTOR}

STATE_NAME = "build-inputs.json"
STATE_VERSION = 2


@dataclass(frozen=True)
class Project:
    """Where everything is, from the project root (passed in: tests and tools build any copy)."""

    root: Path

    @property
    def templates(self) -> Path:
        return self.root / "notebooks"

    @property
    def book(self) -> Path:
        return self.root / "book"

    @property
    def downloads(self) -> Path:
        return self.book / "downloads"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def static(self) -> Path:
        return self.root / "_static"

    @property
    def package(self) -> Path:
        return self.root / "ipbook"

    @property
    def state(self) -> Path:
        return self.book / STATE_NAME

    def rel(self, path: str | os.PathLike | None) -> str:
        """A path as the user should read it: relative to the root when inside it."""
        if path is None:
            return "?"
        p = Path(os.path.abspath(path))
        try:
            return str(p.relative_to(self.root.resolve()))
        except ValueError:
            try:
                return str(p.relative_to(self.root))
            except ValueError:
                return str(path)


def sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


HASH_CHUNK = 1 << 20


def update_with_file(h, path: Path) -> None:
    """``h.update(path.read_bytes())`` a megabyte at a time: the same digest, without holding a data file of hundreds
    of megabytes in memory (each page's report, the build and its state hashed the data files whole)."""
    with open(path, "rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            h.update(chunk)


def sha_file(path: Path) -> str:
    h = hashlib.sha256()
    update_with_file(h, path)
    return h.hexdigest()


def package_hash(project: Project) -> str:
    h = hashlib.sha256()
    for p in sorted([*project.package.glob("*.py"), *project.package.glob("templates/*")]):  # code and its templates
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


class _Hashed:
    """A frame's content hashed row by row, once (columns, types and values; not the index nor the files' line
    numbers): the whole dataset and each theme's part are then digests of these rows, a million observations in
    about a second, where writing them out as CSV to hash took seconds, twice over."""

    def __init__(self, frame: pd.DataFrame):
        f = frame.drop(columns=[c for c in frame.columns if c == "_line"])
        self.frame = frame
        self.head = repr([(str(c), str(t)) for c, t in f.dtypes.items()]).encode()
        # column by column (a column of mixed types hashes by its own), combined per row
        self.rows = np.zeros(len(f), dtype=np.uint64)
        for i, c in enumerate(f.columns):
            col = pd.util.hash_pandas_object(f[c], index=False, categorize=False).to_numpy()
            self.rows = self.rows * np.uint64(1_000_003) + col + np.uint64(i)

    def digest(self, h, mask=None) -> None:
        rows = self.rows if mask is None else self.rows[np.asarray(mask, dtype=bool)]
        h.update(self.head + len(rows).to_bytes(8, "little") + rows.tobytes())


def _frame_hash(*parts) -> str:
    h = hashlib.sha256()
    for hashed, mask in parts:
        hashed.digest(h, mask)
    return h.hexdigest()


def data_hashes(ds: dataset.Dataset, led: pd.DataFrame) -> dict[str, str]:
    """What each notebook reads from the data, hashed."""
    src, ind, obs, cl, lh = (_Hashed(f) for f in (ds.sources, ds.indicators, ds.observations, ds.claims, led))
    everything = _frame_hash((src, None), (ind, None), (obs, None), (cl, None))
    out = {name: everything for name in BOOK_PAGES}
    for theme in indicator.THEMES:
        in_theme = (ds.indicators["theme"] == theme).to_numpy()
        ids = set(ds.indicators.loc[in_theme, "id"])
        o = ds.observations["indicator"].isin(ids).to_numpy()
        c = ds.claims["indicator"].isin(ids).to_numpy()
        cited = set(ds.observations.loc[o, "source"]) | set(ds.claims.loc[c, "source"])
        out[theme] = _frame_hash((ind, in_theme), (obs, o), (cl, c), (src, ds.sources["id"].isin(cited).to_numpy()),
                                 (lh, (led["theme"] == theme).to_numpy()))
    return out


def parameters(project: Project, data_dir: Path) -> dict:
    """The notebooks' parameters: the data folder as the executed notebook (in book/) names it."""
    return {"data_dir": os.path.relpath(data_dir.resolve(), project.book.resolve()), **DEFAULT_PARAMETERS}


@dataclass
class Job:
    name: str
    template: Path
    output: Path
    parameters: dict
    fingerprint: dict
    text: dict | None = None  # a theme's title and intro, written into its page's first cell
    known_keys: dict | None = None  # report.KNOWN_KEYS for the page's kernel: the report the build computed


THEME_TEMPLATE = "theme"
PATH_PARAMETERS = ("data_dir",)  # where the data is, not what it is: kept out of fingerprints and pages


def template_of(project: Project, name: str) -> tuple[Path, dict | None, dict]:
    """A page's template, the text written into it and its own parameters: one template serves every theme."""
    if name in indicator.THEME_TEXT:
        return project.templates / f"{THEME_TEMPLATE}.ipynb", indicator.THEME_TEXT[name], {"theme_id": name}
    return project.templates / f"{name}.ipynb", None, {}


def stored_fingerprint(path: Path) -> dict | None:
    """The fingerprint an executed notebook carries (None when missing, unreadable or foreign)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    fp = nb.get("metadata", {}).get("ipbook", {}).get("fingerprint") if isinstance(nb, dict) else None
    return fp if isinstance(fp, dict) else None


def plan(project: Project, data_dir: Path, ds: dataset.Dataset, led: pd.DataFrame, names: list[str],
         force: bool) -> tuple[list[Job], list[str]]:
    """Compare each notebook's own fingerprint with what it would be now: (jobs to execute, fresh names)."""
    hashes = data_hashes(ds, led)
    code = package_hash(project)
    params = parameters(project, data_dir)
    jobs, fresh = [], []
    for name in names:
        template, text, own = template_of(project, name)
        page_params = {**params, **own}
        fingerprint = {
            "template": sha(template.read_bytes() + json.dumps(text, sort_keys=True).encode()),
            "data": hashes[name],
            "parameters": sha(json.dumps({k: v for k, v in page_params.items() if k not in PATH_PARAMETERS},
                                         sort_keys=True)),
            "package": code,
        }
        output = project.book / f"{name}.ipynb"
        if not force and stored_fingerprint(output) == fingerprint:
            fresh.append(name)
        else:
            jobs.append(Job(name, template, output, page_params, fingerprint, text))
    return jobs, fresh


def quick_hash(project: Project, data_dir: Path, params: dict) -> str:
    """Everything the notebooks can depend on, as raw bytes."""
    h = hashlib.sha256(package_hash(project).encode())
    for p in sorted([*project.templates.glob("*.ipynb"), *project.templates.glob("*.yaml")]):
        h.update(p.name.encode() + p.read_bytes())
    for name in dataset.DATA_FILES:
        f = data_dir / name
        h.update(name.encode())
        if f.is_file():
            update_with_file(h, f)
        else:
            h.update(b"<missing>")
    for f in sorted((data_dir / "sources").glob("*")):
        if f.is_file():
            h.update(f.name.encode())
            update_with_file(h, f)
    h.update(json.dumps(params, sort_keys=True).encode())
    return h.hexdigest()


def book_contents(project: Project) -> dict[str, str]:
    """Hash of every file a complete build leaves in book/: the notebooks of ORDER and the downloads."""
    out = {}
    for name in ORDER:
        p = project.book / f"{name}.ipynb"
        out[f"{name}.ipynb"] = sha_file(p) if p.is_file() else "<missing>"
    if project.downloads.is_dir():
        for p in sorted(project.downloads.iterdir()):
            out[f"downloads/{p.name}"] = sha_file(p) if p.is_file() else "<not a file>"
    return out


def read_state(project: Project) -> dict:
    try:
        state = json.loads(project.state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("version") == STATE_VERSION else {}


def nothing_to_do(project: Project, quick: str) -> bool:
    """True only if the inputs are those of the last complete build AND book/ is exactly what it left."""
    state = read_state(project)
    if state.get("quick") != quick or not isinstance(state.get("book"), dict):
        return False
    try:
        return book_contents(project) == state["book"]
    except OSError:
        return False


def write_state(project: Project, quick: str) -> None:
    """Record a complete build (atomically: a killed build leaves the old state or the new, never half)."""
    state = {"version": STATE_VERSION, "quick": quick, "book": book_contents(project)}
    write_atomic(project.state, (json.dumps(state, indent=1, sort_keys=True) + "\n").encode())


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``path`` through a temporary file in the same folder and a rename: all or nothing."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:  # a write error names no file: name the one being written
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def html_hash(project: Project) -> str:
    """What the HTML is built from: executed notebooks, downloads, configuration, static files, the extension."""
    h = hashlib.sha256()
    root = project.root
    files = [*sorted(project.book.glob("*.ipynb")), *sorted(project.downloads.glob("*")), root / "_config.yml",
             root / "_toc.yml", *sorted(project.static.glob("*")), project.package / "sphinx_offline.py"]
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(root)).encode())
            update_with_file(h, f)
    return h.hexdigest()
