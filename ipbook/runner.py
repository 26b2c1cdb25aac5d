"""The build: execute the notebook templates with papermill into book/, then the HTML book.

A notebook is executed again only when something it depends on changed:

* its template (``notebooks/NAME.ipynb``),
* the data it reads: for a theme chapter, its indicators, their observations
  and claims, the sources they cite and the theme's ledger rows (which also
  capture figures of other themes its checks use); for the book-level pages,
  the whole dataset,
* its parameters, or
* the package's code (``ipbook/*.py``).

The hashes are kept in each executed notebook's metadata (``ipbook``), so a
fresh clone with committed notebooks rebuilds nothing. Jupyter Book's own
cache keys on code cells only and cannot see data files, so the book is
built with ``execute_notebooks: off``.

Safety: the data is validated before anything runs; each notebook is
executed into a temporary file and replaces its predecessor only on success;
the HTML is built into ``_build/staging`` and replaces ``_build/html`` only
when Sphinx succeeded. A failed build leaves the last good book in place and
names the failing notebook and cell.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd

from . import chart, dataset, indicator, ledger
from .problem import DataError

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "notebooks"
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
STATIC = ROOT / "_static"

# Reading order of the book; theme chapters are named after their theme id.
BOOK_PAGES = ("index", "ledger", "methods", "sources")
ORDER = ("index", *indicator.THEMES, "ledger", "methods", "sources")

DEFAULT_PARAMETERS = {"as_of": "latest", "reach": 1.0, "qualifier_overrides": {}, "plausible_annual_factor": 3.0}


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def package_hash() -> str:
    h = hashlib.sha256()
    for p in sorted((ROOT / "ipbook").glob("*.py")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def _frame_hash(*frames: pd.DataFrame) -> str:
    h = hashlib.sha256()
    for f in frames:
        h.update(f.drop(columns=[c for c in f.columns if c == "_line"]).to_csv(index=False).encode())
    return h.hexdigest()


def data_hashes(ds: dataset.Dataset, led: pd.DataFrame) -> dict[str, str]:
    """What each notebook reads from the data, hashed."""
    everything = _frame_hash(ds.sources, ds.indicators, ds.observations, ds.claims)
    out = {name: everything for name in BOOK_PAGES}
    for theme in indicator.THEMES:
        ind = ds.indicators[ds.indicators["theme"] == theme]
        ids = set(ind["id"])
        obs = ds.observations[ds.observations["indicator"].isin(ids)]
        cl = ds.claims[ds.claims["indicator"].isin(ids)]
        src = ds.sources[ds.sources["id"].isin(set(obs["source"]) | set(cl["source"]))]
        out[theme] = _frame_hash(ind, obs, cl, src, led[led["theme"] == theme])
    return out


@dataclass
class Job:
    name: str
    template: Path
    output: Path
    parameters: dict
    fingerprint: dict


def _stored_fingerprint(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return nb.get("metadata", {}).get("ipbook", {}).get("fingerprint")


def _clean(nb, fingerprint: dict) -> None:
    """Make the executed notebook deterministic: no timings, no absolute paths; hide injected parameters."""
    params = nb.metadata.get("papermill", {}).get("parameters", {})
    nb.metadata.pop("papermill", None)
    nb.metadata["ipbook"] = {"fingerprint": fingerprint, "parameters": params}
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            # a reused kernel keeps counting across notebooks; number each page from 1 as a fresh kernel would
            count += 1
            cell.execution_count = count
            for out in cell.get("outputs", []):
                if out.get("output_type") == "execute_result":
                    out["execution_count"] = count
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"  # papermill draws a random id on every run
            if "hide-input" not in tags:
                cell.metadata["tags"] = tags + ["hide-input"]


class KernelPool:
    """Kernels kept alive across notebooks, one per worker.

    Starting a kernel and importing pandas, Altair and the package costs about 1.7 s, more than most
    notebooks take to run; a build reuses each kernel for several notebooks instead, clearing the
    user namespace (``%reset -f``) before each, so that no variable survives from one page to the next.
    """

    def __init__(self, size: int, cwd: Path):
        self.size, self.cwd = size, cwd
        self.idle: queue.Queue = queue.Queue()
        self.started: list = []
        self.lock = threading.Lock()

    def get(self):
        from jupyter_client import KernelManager

        try:
            return self.idle.get_nowait()
        except queue.Empty:
            pass
        with self.lock:
            if len(self.started) < self.size:
                km = KernelManager(kernel_name="python3")
                km.start_kernel(cwd=str(self.cwd))
                self.started.append(km)
                return km
        return self.idle.get()

    def put(self, km) -> None:
        if km.is_alive():
            self.idle.put(km)
        else:  # a notebook killed its kernel: let the next job start a fresh one
            with self.lock:
                self.started.remove(km)

    def shutdown(self) -> None:
        for km in self.started:
            try:
                km.shutdown_kernel(now=True)
            except Exception:  # already gone
                pass


def _reset(km) -> None:
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        kc.execute_interactive("get_ipython().run_line_magic('reset', '-f')", store_history=False, timeout=120)
    finally:
        kc.stop_channels()


def execute(job: Job, pool: KernelPool) -> tuple[str, float, str | None]:
    """Run one notebook (papermill injects the parameters); on success replace book/NAME.ipynb.

    Returns (name, seconds, error).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    start = time.perf_counter()
    job.output.parent.mkdir(parents=True, exist_ok=True)
    km = None
    try:
        nb = parameterize_notebook(load_notebook_node(str(job.template)), job.parameters,
                                   kernel_name="python3", language="python")
        km = pool.get()
        _reset(km)
        NotebookClient(nb, km=km, timeout=3600, kernel_name="python3",
                       resources={"metadata": {"path": str(job.output.parent)}}).execute()
    except CellExecutionError as exc:
        return job.name, time.perf_counter() - start, (
            f"notebook {job.template.name} failed at {_failing_cell(nb, job.template)}: {exc.ename}: {exc.evalue}")
    except (DeadKernelError, Exception) as exc:  # kernel died, template unreadable, ...
        return job.name, time.perf_counter() - start, f"notebook {job.template.name} failed: {type(exc).__name__}: {exc}"
    finally:
        if km is not None:
            pool.put(km)
    _clean(nb, job.fingerprint)
    fd, tmp = tempfile.mkstemp(suffix=".ipynb", dir=job.output.parent, prefix=f".{job.name}.")
    os.close(fd)
    try:
        nbformat.write(nb, tmp)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; the book is read by others
        os.replace(tmp, job.output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return job.name, time.perf_counter() - start, None


def _failing_cell(nb, template: Path) -> str:
    """Where the error is, in terms of the template: its cell number, id and first line."""
    try:
        tpl = nbformat.read(template, as_version=4)
    except Exception:
        return "an unknown cell"
    for cell in nb.cells:
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            ids = [c.get("id") for c in tpl.cells]
            where = f"cell {ids.index(cell.get('id')) + 1} of notebooks/{template.name}" if cell.get("id") in ids else "a cell"
            first = (cell.source.strip().splitlines() or [""])[0]
            return f"{where} (id {cell.get('id')}: {first[:80]!r})"
    return "an unknown cell"


def plan(data_dir: Path, ds: dataset.Dataset, led: pd.DataFrame, names: list[str], force: bool) -> tuple[list[Job], list[str]]:
    hashes = data_hashes(ds, led)
    code = package_hash()
    rel = os.path.relpath(data_dir.resolve(), BOOK.resolve())
    params = {"data_dir": rel, **DEFAULT_PARAMETERS}
    jobs, fresh = [], []
    for name in names:
        template = TEMPLATES / f"{name}.ipynb"
        fingerprint = {
            "template": _sha(template.read_bytes()),
            "data": hashes[name],
            "parameters": _sha(json.dumps(params, sort_keys=True)),
            "package": code,
        }
        output = BOOK / f"{name}.ipynb"
        if not force and _stored_fingerprint(output) == fingerprint:
            fresh.append(name)
        else:
            jobs.append(Job(name, template, output, params, fingerprint))
    return jobs, fresh


def write_downloads(data_dir: Path, led: pd.DataFrame) -> None:
    """Files the sources page offers: the data as shipped and the ledger (rewritten only when changed)."""
    out = BOOK / "downloads"
    out.mkdir(parents=True, exist_ok=True)
    for name in dataset.DATA_FILES:
        src = data_dir / name
        dst = out / name
        if not dst.exists() or dst.read_bytes() != src.read_bytes():
            shutil.copyfile(src, dst)
    with tempfile.TemporaryDirectory() as tmp:
        for p in ledger.write(led, Path(tmp)):
            dst = out / p.name
            if not dst.exists() or dst.read_bytes() != p.read_bytes():
                shutil.copyfile(p, dst)


def build_html() -> int:
    """jupyter-book build into _build/staging; publish to _build/html only on success."""
    staging = BUILD / "staging"
    exe = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(exe), "build", str(ROOT), "--path-output", str(staging), "-W", "-n", "--keep-going"]
    print(f"building HTML: {' '.join(cmd[1:])}", file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-6000:])
        sys.stderr.write(proc.stderr[-6000:])
        print("HTML build failed: the last good book in _build/html is unchanged", file=sys.stderr)
        return 1
    new = staging / "_build" / "html"
    tmp_new = BUILD / "html.new"
    old = BUILD / "html.old"
    shutil.rmtree(tmp_new, ignore_errors=True)
    shutil.copytree(new, tmp_new)
    shutil.rmtree(old, ignore_errors=True)
    if (BUILD / "html").exists():
        os.replace(BUILD / "html", old)
    os.replace(tmp_new, BUILD / "html")
    shutil.rmtree(old, ignore_errors=True)
    return 0


def quick_hash(data_dir: Path, params: dict) -> str:
    """Everything the notebooks can depend on, as raw bytes: if this is unchanged, nothing is to be done."""
    h = hashlib.sha256(package_hash().encode())
    for p in sorted(TEMPLATES.glob("*.ipynb")):
        h.update(p.name.encode() + p.read_bytes())
    for name in dataset.DATA_FILES:
        f = data_dir / name
        h.update(name.encode() + (f.read_bytes() if f.exists() else b"<missing>"))
    for f in sorted((data_dir / "sources").glob("*")):
        h.update(f.name.encode() + f.read_bytes())
    h.update(json.dumps(params, sort_keys=True).encode())
    return h.hexdigest()


STATE = BOOK / "build-inputs.json"  # committed with the book: the inputs it was last completely built from


def _state() -> dict:
    try:
        return json.loads(STATE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def html_hash() -> str:
    """What the HTML is built from: executed notebooks, downloads, configuration, static files, the extension."""
    h = hashlib.sha256()
    files = [*sorted(BOOK.glob("*.ipynb")), *sorted((BOOK / "downloads").glob("*")), ROOT / "_config.yml",
             ROOT / "_toc.yml", *sorted(STATIC.glob("*")), ROOT / "ipbook" / "sphinx_offline.py"]
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(ROOT)).encode() + f.read_bytes())
    return h.hexdigest()


def prepare(data_dir: Path, ds: dataset.Dataset, names: list[str], force: bool) -> tuple[list[Job], list[str]]:
    """Compute the report once for all notebooks (they read it from the cache), and plan what to execute."""
    chart.write_bundle(STATIC)
    BUILD.mkdir(exist_ok=True)
    from .report import Report

    rel = os.path.relpath(data_dir.resolve(), BOOK.resolve())
    report = Report.from_dataset(ds, rel, base=BOOK, **DEFAULT_PARAMETERS)
    key = report.cache_key()
    for old in (BUILD / "cache").glob("report-*.pkl"):
        if old.name != f"report-{key}.pkl":  # earlier data or code: never read again
            old.unlink()
    write_downloads(data_dir, report.ledger)
    return plan(data_dir, ds, report.ledger, names, force)


def main(args) -> int:
    data_dir = Path(args.data)
    names = list(ORDER)
    if args.theme:
        unknown = [t for t in args.theme if t not in ORDER]
        if unknown:
            print(f"unknown notebook(s) {unknown}; known: {', '.join(ORDER)}", file=sys.stderr)
            return 2
        names = [n for n in ORDER if n in args.theme]
    params = {"data_dir": os.path.relpath(data_dir.resolve(), BOOK.resolve()), **DEFAULT_PARAMETERS}
    quick = quick_hash(data_dir, params)
    if not args.force and _state().get("quick") == quick and all((BOOK / f"{n}.ipynb").exists() for n in names):
        # data, code, templates and parameters are byte for byte those of the last complete build, whose
        # data was valid: nothing to validate, compute or execute
        if not (STATIC / chart.BUNDLE_NAME).exists():
            chart.write_bundle(STATIC)
        jobs, fresh = [], names
    else:
        try:
            ds = dataset.load(data_dir)
        except DataError as exc:
            for p in exc.problems:
                print(p, file=sys.stderr)
            print(f"{len(exc.problems)} problem(s) in {data_dir}: nothing was executed", file=sys.stderr)
            return 2
        jobs, fresh = prepare(data_dir, ds, names, args.force)
    total = len(names)
    done = 0
    for name in fresh:
        done += 1
        print(f"[{done:2d}/{total}] {name:<26} up to date", file=sys.stderr, flush=True)
    failures = []
    executed = []
    workers = args.jobs or os.cpu_count() or 1
    if jobs:
        size = min(workers, len(jobs))
        kernels = KernelPool(size, BOOK)
        try:
            # threads only wait on kernels, which are separate processes doing the work in parallel
            with ThreadPoolExecutor(max_workers=size) as pool:
                futures = [pool.submit(execute, job, kernels) for job in jobs]
                for fut in as_completed(futures):
                    name, secs, err = fut.result()
                    done += 1
                    status = "FAILED" if err else "executed"
                    print(f"[{done:2d}/{total}] {name:<26} {status} in {secs:.1f} s", file=sys.stderr, flush=True)
                    (failures if err else executed).append((name, err))
        finally:
            kernels.shutdown()
    summary = {"executed": sorted(n for n, _ in executed), "up_to_date": sorted(fresh),
               "failed": sorted(n for n, _ in failures)}
    (BUILD).mkdir(exist_ok=True)
    (BUILD / "last-run.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    if failures:
        for _, err in failures:
            print(err, file=sys.stderr)
        print("a notebook failed: the HTML was not rebuilt, the last good book is unchanged", file=sys.stderr)
        return 1
    if not args.theme:
        STATE.write_text(json.dumps({"quick": quick}) + "\n", encoding="utf-8")
    if getattr(args, "no_html", False):
        return 0
    stamp = BUILD / "html" / ".ipbook-inputs"
    current = html_hash()
    if not args.force and stamp.exists() and stamp.read_text(encoding="utf-8") == current:
        print("HTML up to date", file=sys.stderr)
        rc = 0
    else:
        rc = build_html()
        if rc == 0:
            stamp.write_text(current, encoding="utf-8")
    if rc == 0:
        print(f"book: {BUILD / 'html' / 'index.html'}")
    return rc
