"""Execute: papermill-parameterised notebooks run on a pool of reused kernels, each into book/NAME.ipynb.

Each notebook is executed into memory and written to a temporary file next to its predecessor, which
it replaces (a rename) only on success: a failed or killed execution leaves the last good notebook.
What a notebook writes to stderr (warnings) is reported in the build log and not published, and the
project's absolute path never reaches a page.
"""

from __future__ import annotations

import queue
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import nbformat

from .build_plan import PATH_PARAMETERS, Job, write_atomic
from .present import NOTHING


# What a warmed-up kernel has run before its first page: the import every page's first cell makes.
WARM_UP = "import ipbook.report"


class Kernel:
    """A kernel and the one client the build talks to it through, kept for all its pages: every new client waits
    about 0.2 s for the kernel's broadcast channel to connect (jupyter_client's ``wait_for_ready``)."""

    def __init__(self, km):
        self.km = km
        self.kc = None

    def client(self):
        if self.kc is None:
            kc = self.km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=120)
            except BaseException:
                kc.stop_channels()
                raise
            kc.allow_stdin = False
            self.kc = kc
        return self.kc

    def run(self, code: str) -> None:
        self.client().execute_interactive(code, store_history=False, timeout=120)

    def stop(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        try:
            self.km.shutdown_kernel(now=True)
        except Exception:  # already gone
            pass


class KernelPool:
    """Kernels kept alive across notebooks, one per worker.

    Starting a kernel and importing pandas, Altair and the package costs about 1.7 s, more than most
    notebooks take to run; a build reuses each kernel for several notebooks instead, clearing the
    user namespace (``%reset -f``) before each, so that no variable survives from one page to the next.
    """

    def __init__(self, size: int, cwd: Path):
        self.size, self.cwd = size, cwd
        self.idle: queue.Queue = queue.Queue()
        self.started: list[Kernel] = []
        self.lock = threading.Lock()
        self.warming: list[threading.Thread] = []

    def _start(self) -> Kernel | None:
        """A new kernel, counted in ``started``; None when the pool is full."""
        from jupyter_client import KernelManager

        with self.lock:
            if len(self.started) >= self.size:
                return None
            kernel = Kernel(KernelManager(kernel_name="python3"))
            self.started.append(kernel)
        try:
            kernel.km.start_kernel(cwd=str(self.cwd))
        except BaseException:
            self._forget(kernel)
            raise
        return kernel

    def _forget(self, kernel: Kernel) -> None:
        with self.lock:
            if kernel in self.started:
                self.started.remove(kernel)

    def warm(self, code: str = WARM_UP) -> None:
        """Start the pool's kernels in the background and run ``code`` in each (the package's import, 1.7 s of a
        page's time), while the build validates the data and computes the report in another process."""
        def one():
            kernel = None
            try:
                kernel = self._start()
                if kernel is None:
                    return
                kernel.run(code)
                self.idle.put(kernel)
            except Exception:  # the job that needs a kernel starts one (and says why if it cannot)
                if kernel is not None:
                    self._forget(kernel)
                    kernel.stop()

        for _ in range(self.size):
            t = threading.Thread(target=one, daemon=True)
            t.start()
            self.warming.append(t)

    def ready(self) -> None:
        """Wait until the warm-up threads are done (their kernels idle in the pool, or failed)."""
        for t in self.warming:
            t.join()

    def get(self) -> Kernel:
        while True:
            try:
                return self.idle.get_nowait()
            except queue.Empty:
                pass
            kernel = self._start()
            if kernel is not None:
                return kernel
            try:  # every kernel is busy or still warming up: wait for one (re-checking, as a warm-up may fail)
                return self.idle.get(timeout=0.5)
            except queue.Empty:
                continue

    def put(self, kernel: Kernel) -> None:
        if kernel.km.is_alive():
            self.idle.put(kernel)
        else:  # a notebook killed its kernel: let the next job start a fresh one
            self._forget(kernel)
            kernel.stop()

    def shutdown(self) -> None:
        for t in self.warming:
            t.join()
        for kernel in list(self.started):
            kernel.stop()


def _reset_cell(known_keys: dict | None = None):
    """The cell run before a page's own, in the same client (a client of its own would cost a second handshake
    with the kernel, about 0.4 s a page): it empties the namespace the previous page left, and hands the page the
    report's cache key so that it does not hash the data again (binding no name). Removed once executed."""
    code = "get_ipython().run_line_magic('reset', '-f')"
    if known_keys:
        code += f"\n__import__('ipbook.report', fromlist=['KNOWN_KEYS']).KNOWN_KEYS.update({known_keys!r})"
    return nbformat.v4.new_code_cell(code, id="ipbook-reset")


def _shows_nothing(cell) -> bool:
    """A code cell whose outputs are none (an empty chart), or only a report's 'nothing to show' line
    (``present.nothing``, marked in the output's metadata)."""
    for out in cell.get("outputs", []):
        if not out.get("metadata", {}).get("text/markdown", {}).get(NOTHING):
            return False
    return True


def drop_empty_sections(nb) -> None:
    """A page emits no section that has nothing to show: a level-2 section whose every code cell shows nothing
    (an empty chart, 'no series has two periods yet') is removed with its heading and text, so the page reads
    on and its figure numbers have no gaps."""
    sections, current = [], None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and "".join(cell.source).startswith("## "):
            current = [i]
            sections.append(current)
        elif current is not None:
            current.append(i)
    drop = set()
    for sec in sections:
        code = [nb.cells[i] for i in sec if nb.cells[i].cell_type == "code"]
        if code and all(_shows_nothing(c) for c in code):
            drop.update(sec)
    nb.cells = [c for i, c in enumerate(nb.cells) if i not in drop]


def fill_text(nb, job: Job) -> None:
    """Write a theme's title and intro into the template's text and figure labels: ``{{title}}``, ``{{intro}}``,
    ``{{theme_id}}``."""
    if not job.text:
        return
    values = {"title": job.text["title"], "intro": job.text["intro"], "theme_id": job.name}

    def fill(s: str) -> str:
        for k, v in values.items():
            s = s.replace("{{" + k + "}}", str(v))
        return s

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = fill(cell.source)
        figure = cell.metadata.get("mystnb", {}).get("figure", {})
        for key in ("name", "caption"):  # a figure's label is unique in the book (fig-THEME-levels); its caption
            if key in figure:            # names the theme
                figure[key] = fill(figure[key])


def clean(nb, fingerprint: dict) -> None:
    """Make the executed notebook deterministic: no timings, no absolute paths; remove the injected parameters from the page."""
    params = {k: v for k, v in nb.metadata.get("papermill", {}).get("parameters", {}).items()
              if k not in PATH_PARAMETERS}
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
            # the data folder's path stays out of the page: re-run (nbval), the notebook reads its template's
            # default, data/, which is what a committed book is built from
            cell.source = "\n".join(line for line in cell.source.splitlines()
                                    if line.split("=")[0].strip() not in PATH_PARAMETERS)
            # the reader's page shows no code: the parameters a page was built with are in its notebook in book/
            if "remove-cell" not in tags:
                cell.metadata["tags"] = tags + ["remove-cell"]


def _path_pattern(root: Path) -> re.Pattern:
    forms = {str(root), str(root.resolve())}
    return re.compile("|".join(re.escape(f) + r"/?" for f in sorted(forms, key=len, reverse=True)))


def scrub(nb, root: Path, name: str) -> list[str]:
    """Keep warnings and absolute paths out of the published page; returns what was dropped, for the log.

    A stream written to stderr (a Python warning, a library's log line) is not part of the page: it is
    removed and reported. Any remaining mention of the project's absolute path becomes relative.
    """
    pattern = _path_pattern(root)
    notes = []
    for i, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = pattern.sub("", "".join(out.get("text", "")))
                first = next((line for line in text.splitlines() if line.strip()), "")
                notes.append(f"notebook {name}: cell {i} wrote to stderr (not published): {first.strip()[:200]}")
                continue
            kept.append(out)
        cell["outputs"] = kept
        for out in kept:
            _relativise(out, pattern)
    return notes


def _relativise(node, pattern: re.Pattern):
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str):
                node[k] = pattern.sub("", v)
            else:
                _relativise(v, pattern)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, str):
                node[i] = pattern.sub("", v)
            else:
                _relativise(v, pattern)


def execute(job: Job, pool: KernelPool, root: Path) -> tuple[str, float, str | None, list[str]]:
    """Run one notebook (papermill injects the parameters); on success replace book/NAME.ipynb.

    Returns (name, seconds, error, notes).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    start = time.perf_counter()
    kernel = None
    nb = None
    try:
        nb = parameterize_notebook(load_notebook_node(str(job.template)), job.parameters,
                                   kernel_name="python3", language="python")
        fill_text(nb, job)
        kernel = pool.get()
        nb.cells.insert(0, _reset_cell(job.known_keys))
        client = NotebookClient(nb, km=kernel.km, timeout=3600, kernel_name="python3",
                                resources={"metadata": {"path": str(job.output.parent)}})
        client.kc = kernel.client()  # the kernel's own client: no new handshake (it does not own km: kept open)
        client.execute()
        nb.cells.pop(0)
    except CellExecutionError as exc:
        return job.name, time.perf_counter() - start, (
            f"notebook {_page(job)} failed at {failing_cell(nb, job.template)}: {exc.ename}: {exc.evalue}"), []
    except (DeadKernelError, Exception) as exc:  # kernel died, template unreadable, ...
        return job.name, time.perf_counter() - start, f"notebook {_page(job)} failed: {type(exc).__name__}: {exc}", []
    finally:
        if kernel is not None:
            pool.put(kernel)
    drop_empty_sections(nb)
    clean(nb, job.fingerprint)
    notes = scrub(nb, root, job.name)
    # an I/O error here (disk full) propagates: the build stops with one line, the old notebook stays
    text = nbformat.writes(nb)
    write_atomic(job.output, (text if text.endswith("\n") else text + "\n").encode("utf-8"))
    return job.name, time.perf_counter() - start, None, notes


def _page(job: Job) -> str:
    """'smes.ipynb (notebooks/theme.ipynb, theme_id smes)': the page and the template the error is in."""
    if job.template.stem == job.name:
        return job.template.name
    return f"{job.name}.ipynb (notebooks/{job.template.name}, theme_id {job.name})"


def failing_cell(nb, template: Path) -> str:
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


def apart(fn, *args, meanwhile=None):
    """``fn(*args)`` in a forked child process, its result (or exception) handed back; ``meanwhile()``, if given,
    is called once the child is running (it is forked before any thread the call starts).

    The build validates the data and computes the report there, so that the process that then waits on
    the kernels holds none of it: at a million observations it held 4.7 GB through the whole execution."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        future = pool.submit(fn, *args)  # forks the child now
        if meanwhile is not None:
            meanwhile()
        return future.result()


class Background:
    """``fn(*args)`` in a forked child process while the caller goes on; ``result()`` waits for it and returns its
    result or raises its exception."""

    def __init__(self, fn, *args):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        self.future = self.pool.submit(fn, *args)

    def result(self):
        try:
            return self.future.result()
        finally:
            self.pool.shutdown()

    def result_quietly(self) -> None:
        """Wait for it and drop its result or error (the build is failing for another reason)."""
        try:
            self.result()
        except BaseException:
            pass


def run(jobs: list[Job], workers: int, root: Path, book: Path, progress,
        kernels: KernelPool | None = None) -> tuple[list, list]:
    """Execute ``jobs`` in parallel; ``progress(name, secs, err)`` is called as each finishes. ``kernels``: a pool
    already started (warmed up while the build prepared), else one of ``min(workers, len(jobs))`` kernels; it is
    shut down either way.

    Returns (executed, failures) as lists of (name, error).
    """
    executed, failures = [], []
    if not jobs:
        if kernels is not None:
            kernels.shutdown()
        return executed, failures
    size = min(workers, len(jobs))
    if kernels is None:
        kernels = KernelPool(size, book)
    try:
        # threads only wait on kernels, which are separate processes doing the work in parallel
        with ThreadPoolExecutor(max_workers=min(size, kernels.size)) as pool:
            futures = [pool.submit(execute, job, kernels, root) for job in jobs]
            for fut in as_completed(futures):
                name, secs, err, notes = fut.result()
                for note in notes:
                    print(f"warning: {note}", file=sys.stderr, flush=True)
                progress(name, secs, err)
                (failures if err else executed).append((name, err))
    finally:
        kernels.shutdown()
    return executed, failures

