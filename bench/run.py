#!/usr/bin/env python
"""Benchmark of the ipbook build (``make bench``): prints figures, never fails on timing.

Writes bench/results.md with medians over ``--runs`` runs (default 3) of:

1. cold build: ``python -m ipbook build --force`` against the baseline a user would otherwise
   use, the same 12 notebooks (the 4 book pages' templates and the theme template once per theme, its
   theme_id, title and intro written in) built by plain ``jupyter-book build`` with
   ``execute_notebooks: force`` (run by run, interleaved, alternating which goes first);
2. no-change rebuild: ``python -m ipbook build`` with nothing changed (0 notebooks expected);
3. one data file changed: the note of one pledge_financing observation edited, then a rebuild;
4. the floor: papermill executing an empty notebook and one that only imports ipbook.report;
5. scale: synthetic data sets (bench/synthetic.py) of about 10k, 100k and 1M observations:
   time and peak memory of ``validate``, ``check --json`` and a full ``build --force``, and the
   largest built HTML page; then ``check --json`` on the same data with 1% of its figures ten
   times too large, which sets the diagnosis to work; plus the engine benchmark ``bench/engine.py 1000000``.

Everything runs in a copy of the repository (the files git knows plus _static/) in a temporary
directory, with cwd = the copy and PYTHONPATH = the copy, so the runner, the kernels and the
jupyter-book subprocess use the copy's package, book/ and _build/; the working tree is not touched.

    python bench/run.py [--runs N] [--sizes 10000,100000,1000000] [--skip-scale] [--quick]
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import io
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402  (bench/synthetic.py: generate(path, target))

try:
    import psutil
except ImportError:  # the process-tree sampler is optional
    psutil = None


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


PY = _python()
JUPYTER_BOOK = str(Path(PY).parent / "jupyter-book")
CORES = os.cpu_count() or 1
MB = 1024 * 1024
GB = 1024 * MB
SLIPS = 0.01  # share of figures written ten times too large in the scale section's second check
BASELINE_TIMEOUT = 600  # per-notebook execution timeout for the baseline (jupyter-book's default is 30 s)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Running a command: wall time, peak RSS (wait4), optional sampled RSS of the whole process tree,
# timeout that kills the tree, stderr lines with their time stamps.
# --------------------------------------------------------------------------------------------

@dataclass
class Run:
    cmd: list[str]
    secs: float
    rc: int | None
    timed_out: bool
    timeout: float
    maxrss_kb: int  # ru_maxrss from wait4: the largest single process of the tree
    tree_peak_kb: int | None  # sampled sum of PSS (RSS where PSS is unavailable) over the tree (None: not sampled)
    stderr: list[tuple[float, str]]  # (seconds since start, line)
    stdout_tail: list[str]
    dropped_stderr: int = 0
    by_kind: dict = field(default_factory=dict)  # process kind -> (peak RSS kB, peak PSS kB), sampled
    # user + system CPU seconds of the command and the children it waited for (wait4): on a machine shared with
    # other work, steadier than the wall-clock time
    cpu_secs: float | None = None

    @property
    def ok(self) -> bool:
        return self.rc == 0 and not self.timed_out

    @property
    def status(self) -> str:
        if self.timed_out:
            return f"timed out after {self.timeout:.0f} s"
        return "ok" if self.rc == 0 else f"failed (exit {self.rc})"

    def mark(self, pattern: str) -> float | None:
        rx = re.compile(pattern)
        for t, line in self.stderr:
            if rx.search(line):
                return t
        return None

    def tail(self, n: int = 12) -> str:
        lines = [line for _, line in self.stderr if not NOISE.search(line)][-n:]
        if not lines:
            lines = self.stdout_tail[-n:]
        return "\n".join(lines)


def _descendants(pid: int) -> list:
    if psutil is None:
        return []
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _mem_kb(p) -> tuple[int, int] | None:
    """(RSS, PSS) in kB. PSS shares each page among the processes mapping it, so forked pool workers are not
    counted again for the pages they share with the runner; RSS (and ru_maxrss) counts them in full."""
    try:
        rss = pss = None
        with open(f"/proc/{p.pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
        if rss is not None and pss is not None:
            return rss, pss
    except (OSError, ValueError):
        pass
    try:
        rss = p.memory_info().rss // 1024
        return rss, rss
    except psutil.Error:
        return None


def _kind(p, root, root_cmd: list[str]) -> str:
    if p.pid == root.pid:
        return "main process"
    try:
        cmd = p.cmdline()
    except psutil.Error:
        return "other"
    text = " ".join(cmd)
    if "ipykernel" in text:
        return "kernel"
    if "jupyter-book" in text or "jupyter_book" in text:
        return "jupyter-book"
    if cmd == root_cmd:
        return "pool worker (forked from the main process)"
    return Path(cmd[0]).name if cmd else "other"


def _sample_tree(pid: int, by_kind: dict, kinds: dict) -> int:
    """Sum of PSS over the process tree now (kB); updates the per-kind peaks."""
    try:
        root = psutil.Process(pid)
        root_cmd = root.cmdline()
        procs = [root] + root.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        m = _mem_kb(p)
        if m is None:
            continue
        total += m[1]
        kind = kinds.get(p.pid) or kinds.setdefault(p.pid, _kind(p, root, root_cmd))
        old = by_kind.get(kind, (0, 0))
        by_kind[kind] = (max(old[0], m[0]), max(old[1], m[1]))
    return total


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
NOISE = re.compile(r"Kernel is running over TCP without encryption|^\s*$|^=+$")


def run(cmd: list[str], cwd: Path, env: dict, timeout: float, *, stdout_to_null: bool = False,
        sample_tree: bool = False, echo: bool = False, max_lines: int = 20000) -> Run:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL if stdout_to_null else subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True, text=True, errors="replace", bufsize=1,
    )
    err_lines: list[tuple[float, str]] = []
    dropped = [0]
    out_tail: collections.deque[str] = collections.deque(maxlen=60)

    def read_err():
        for line in proc.stderr:
            line = ANSI.sub("", line.rstrip("\n"))
            if len(err_lines) < max_lines:
                err_lines.append((time.perf_counter() - t0, line))
            else:
                dropped[0] += 1
                err_lines[-1] = (time.perf_counter() - t0, line)
            if echo:
                print(f"    | {line}", file=sys.stderr, flush=True)

    def read_out():
        for line in proc.stdout:
            out_tail.append(line.rstrip("\n"))

    threads = [threading.Thread(target=read_err, daemon=True)]
    if not stdout_to_null:
        threads.append(threading.Thread(target=read_out, daemon=True))
    for th in threads:
        th.start()
    timed_out = False
    tree_peak = 0 if (sample_tree and psutil is not None) else None
    by_kind: dict = {}
    kinds: dict = {}
    next_sample = 0.0
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        now = time.perf_counter() - t0
        if now > timeout:
            timed_out = True
            kids = _descendants(proc.pid)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            for k in kids:  # kernels run in their own sessions: kill them by pid
                try:
                    k.kill()
                except Exception:
                    pass
            pid, status, ru = os.wait4(proc.pid, 0)
            break
        if tree_peak is not None and now >= next_sample:
            tree_peak = max(tree_peak, _sample_tree(proc.pid, by_kind, kinds))
            next_sample = now + 0.5
        time.sleep(0.02)
    secs = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    for th in threads:
        th.join(timeout=5)
    return Run(cmd, secs, None if timed_out else proc.returncode, timed_out, timeout, ru.ru_maxrss,
               tree_peak, list(err_lines), list(out_tail), dropped[0], by_kind, ru.ru_utime + ru.ru_stime)


# --------------------------------------------------------------------------------------------
# The repository copy
# --------------------------------------------------------------------------------------------

def snapshot(dest: Path) -> dict:
    """Copy the files git knows (tracked, plus untracked ones not ignored) and _static/ into dest."""
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                           check=True, capture_output=True).stdout.decode().split("\0")
    n = 0
    for rel in filter(None, files):
        src = ROOT / rel
        if not src.is_file():
            continue  # deleted in the working tree
        dst = dest / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        n += 1
    if (ROOT / "_static").is_dir():
        shutil.copytree(ROOT / "_static", dest / "_static", dirs_exist_ok=True)
    head = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--short"], capture_output=True, text=True).stdout.splitlines()
    import hashlib
    h = hashlib.sha256()
    for p in sorted((dest / "ipbook").glob("*.py")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return {"files": n, "head": head, "dirty": dirty, "package_hash": h.hexdigest()[:12]}


def clone(snap: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(snap, dest, symlinks=True)
    return dest


def env_for(copy: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(copy)
    env.pop("PYTHONSTARTUP", None)
    return env


def forget_last_run(copy: Path) -> None:
    (copy / "_build" / "last-run.json").unlink(missing_ok=True)


def last_run(copy: Path) -> dict | None:
    p = copy / "_build" / "last-run.json"
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


EXEC_RX = re.compile(r"\[\s*\d+/\d+\]\s+(\S+)\s+(executed|FAILED) in ([\d.]+) s")


def notebook_times(r: Run) -> dict[str, float]:
    out = {}
    for _, line in r.stderr:
        m = EXEC_RX.search(line)
        if m:
            out[m.group(1)] = float(m.group(3))
    return out


def phases(r: Run) -> dict[str, float]:
    """Seconds before 'building HTML' (load, plan, execute) and after it (jupyter-book + publish)."""
    t = r.mark(r"^building HTML")
    if t is None:
        return {"before_html": r.secs, "html": 0.0}
    return {"before_html": t, "html": r.secs - t}


# --------------------------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------------------------

def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fs(x, nd=1) -> str:
    return "–" if x is None else f"{x:.{nd}f}"


def fmem(kb) -> str:
    if kb is None:
        return "–"
    mb = kb / 1024
    return f"{mb / 1024:.2f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def fbytes(b) -> str:
    if b is None:
        return "–"
    if b >= MB:
        return f"{b / MB:.2f} MB"
    return f"{b / 1024:.0f} kB"


def times_list(runs: list[Run]) -> str:
    return ", ".join(f"{r.secs:.1f}" + ("" if r.ok else f" ({r.status})") for r in runs)


def code_tail(text: str) -> str:
    text = text.replace("```", "'''")
    return "```\n" + text + "\n```"


# --------------------------------------------------------------------------------------------
# Section 1: cold build against plain jupyter-book
# --------------------------------------------------------------------------------------------

def write_theme_notebooks(copy: Path) -> None:
    """notebooks/THEME.ipynb for each theme of the copy's notebooks/themes.yaml, from notebooks/theme.ipynb."""
    import nbformat

    from ipbook import build_execute, build_plan

    themes = yaml.safe_load((copy / "notebooks" / "themes.yaml").read_text(encoding="utf-8"))
    template = copy / "notebooks" / f"{build_plan.THEME_TEMPLATE}.ipynb"
    for entry in themes:
        nb = nbformat.read(template, as_version=4)
        params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        params.source += f"\ntheme_id = {entry['id']!r}"
        job = build_plan.Job(entry["id"], template, copy / "notebooks" / f"{entry['id']}.ipynb", {}, {}, entry)
        build_execute.fill_text(nb, job)
        nbformat.write(nb, job.output)


def write_baseline_book(copy: Path) -> tuple[Path, Path]:
    """_config.yml / _toc.yml of the baseline: our config with execute_notebooks: force over notebooks/."""
    cfg = yaml.safe_load((copy / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((copy / "_toc.yml").read_text(encoding="utf-8"))
    cfg["execute"] = {"execute_notebooks": "force", "timeout": BASELINE_TIMEOUT}
    cfg["only_build_toc_files"] = True
    cfg["exclude_patterns"] = ["book/*" if p == "notebooks/*" else p for p in cfg.get("exclude_patterns", [])]

    def retarget(node):
        if isinstance(node, dict):
            return {k: (v.replace("book/", "notebooks/", 1) if k in ("file", "root") and isinstance(v, str) else retarget(v))
                    for k, v in node.items()}
        if isinstance(node, list):
            return [retarget(x) for x in node]
        return node

    toc = retarget(toc)
    # one template serves every theme (papermill gives it theme_id): plain Jupyter Book has no parameters, so the
    # baseline gets one copy of it per theme with its theme_id, title and intro written in, as the build does
    write_theme_notebooks(copy)
    # the sources page links to downloads/ next to the notebook: give the templates the same files
    if (copy / "book" / "downloads").is_dir():
        shutil.copytree(copy / "book" / "downloads", copy / "notebooks" / "downloads", dirs_exist_ok=True)
    folder = copy / "_bench_baseline"
    folder.mkdir(exist_ok=True)
    (folder / "_config.yml").write_text(
        "# Baseline for bench/run.py: plain Jupyter Book executing the templates itself.\n"
        + yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (folder / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder / "_config.yml", folder / "_toc.yml"


def baseline_cmd(copy: Path, cfg: Path, toc: Path) -> list[str]:
    return [JUPYTER_BOOK, "build", str(copy), "--config", str(cfg), "--toc", str(toc),
            "--path-output", str(copy / "_build" / "baseline"), "-W", "-n", "--keep-going"]


def section_cold(R: dict, copy: Path, runs: int, timeout: float) -> None:
    log(f"1. cold build: {runs} run(s) each of ours and the baseline, interleaved")
    env = env_for(copy)
    cfg, toc = write_baseline_book(copy)
    ours_cmd = [PY, "-m", "ipbook", "build", "--force"]
    base_cmd = baseline_cmd(copy, cfg, toc)
    ours, base, ours_exec = [], [], []
    for i in range(runs):
        order = ("ours", "baseline") if i % 2 == 0 else ("baseline", "ours")
        for who in order:
            if who == "ours":
                shutil.rmtree(copy / "_build", ignore_errors=True)
                r = run(ours_cmd, copy, env, timeout)
                lr = last_run(copy) or {}
                r.executed = lr.get("executed", [])  # type: ignore[attr-defined]
                ours.append(r)
                ours_exec.append(len(r.executed))
                ok = r.ok and (copy / "_build" / "html" / "index.html").exists()
                log(f"   run {i + 1} ours     {r.secs:6.1f} s  {r.status}, {ours_exec[-1]} notebooks executed"
                    + ("" if ok else f"\n{r.tail()}"))
            else:
                # all of _build/: its output, and the report cache (_build/cache) a previous run of ours left,
                # which the templates would otherwise read
                shutil.rmtree(copy / "_build", ignore_errors=True)
                r = run(base_cmd, copy, env, timeout)
                html = copy / "_build" / "baseline" / "_build" / "html"
                pages = sorted(p.name for p in (html / "notebooks").glob("*.html")) if html.exists() else []
                r.pages = pages  # type: ignore[attr-defined]
                base.append(r)
                log(f"   run {i + 1} baseline {r.secs:6.1f} s  {r.status}, {len(pages)} pages"
                    + ("" if r.ok else f"\n{r.tail()}"))
    R["cold"] = {
        "ours": ours, "baseline": base, "ours_executed": ours_exec,
        "ours_cmd": " ".join(["python"] + ours_cmd[1:]),
        "base_cmd": "jupyter-book " + " ".join(base_cmd[1:]).replace(str(copy), "COPY"),
        "per_run_ratio": [o.secs / b.secs for o, b in zip(ours, base) if complete(o, "ours") and complete(b, "baseline")],
        "baseline_pages": [getattr(b, "pages", []) for b in base],
    }


# --------------------------------------------------------------------------------------------
# Sections 2 and 3: incremental rebuilds
# --------------------------------------------------------------------------------------------


def timed_build(copy: Path, env: dict, timeout: float, i: int):
    """One `python -m ipbook build` in the copy, timed, with what it executed (from _build/last-run.json)."""
    forget_last_run(copy)
    r = run([PY, "-m", "ipbook", "build"], copy, env, timeout)
    lr = last_run(copy) or {}
    log(f"   run {i + 1} {r.secs:6.1f} s  {r.status}, executed: {lr.get('executed')}"
        + ("" if r.ok else f"\n{r.tail()}"))
    return r, lr


def section_nochange(R: dict, copy: Path, work: Path, runs: int, timeout: float) -> None:
    log(f"2. no-change rebuild: {runs} run(s)")
    env = env_for(copy)
    # make sure the state is a complete, successful build (the last cold run may have been the baseline)
    lr = last_run(copy)
    if not lr or lr.get("failed") or not (copy / "_build" / "html" / "index.html").exists():
        log("   _build/ holds no complete build of ours (the last cold run was the baseline's): building once first")
        run([PY, "-m", "ipbook", "build"], copy, env, timeout)
    out, executed = [], []
    for i in range(runs):
        r, lr = timed_build(copy, env, timeout, i)
        out.append(r)
        executed.append(lr.get("executed"))
    R["nochange"] = {"runs": out, "executed": executed}
    # where the time goes: Python start-up and imports, then the runner's own work (cProfile, no HTML)
    imp = {"python": [], "imports": []}
    for i in range(runs):
        imp["python"].append(run([PY, "-c", "pass"], copy, env, timeout).secs)
        imp["imports"].append(run([PY, "-c", "import ipbook.cli, ipbook.runner, ipbook.report"], copy, env, timeout).secs)
    R["nochange"]["imports"] = imp
    log(f"   python start-up {med(imp['python']):.2f} s, with the runner's imports {med(imp['imports']):.2f} s;"
        " profiling `python -m ipbook build --no-html` with nothing changed")
    forget_last_run(copy)
    r, prof = profile_cli(["build", "--no-html"], copy, work, "nochange", timeout)
    R["nochange"]["profile"] = {"run": r, "prof": prof, "executed": (last_run(copy) or {}).get("executed")}


def pledge_row(obs_rows: list[list[str]], indicators: list[dict]) -> int:
    themes = {i["id"]: i.get("theme") for i in indicators}
    col = obs_rows[0].index("indicator")
    for k, row in enumerate(obs_rows[1:], start=1):
        if themes.get(row[col]) == "pledge_financing":
            return k
    raise RuntimeError("no pledge_financing observation in data/observations.csv")


def section_onefile(R: dict, copy: Path, runs: int, timeout: float) -> None:
    log(f"3. one data file changed (the note of one pledge_financing observation): {runs} run(s)")
    env = env_for(copy)
    path = copy / "data" / "observations.csv"
    original = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(original, newline="")))
    indicators = yaml.safe_load((copy / "data" / "indicators.yaml").read_text(encoding="utf-8"))
    k = pledge_row(rows, indicators)
    note_col = rows[0].index("note")
    obs_id = rows[k][0]
    out, executed = [], []
    try:
        for i in range(runs):
            edited = [list(r) for r in rows]
            note = edited[k][note_col]
            edited[k][note_col] = (note + " " if note else "") + f"[benchmark edit {i + 1}]"
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(edited)
            path.write_text(buf.getvalue(), encoding="utf-8")
            r, lr = timed_build(copy, env, timeout, i)
            out.append(r)
            executed.append(lr.get("executed"))
    finally:
        path.write_text(original, encoding="utf-8")
    R["onefile"] = {"runs": out, "executed": executed, "obs_id": obs_id}


# --------------------------------------------------------------------------------------------
# Section 4: the floor (kernel start-up and imports)
# --------------------------------------------------------------------------------------------

FLOOR_DRIVER = r"""
import sys, time
import papermill as pm
t = time.perf_counter()
pm.execute_notebook(sys.argv[1], sys.argv[2], cwd=sys.argv[3], kernel_name="python3",
                    progress_bar=False, log_output=False)
print(f"{time.perf_counter() - t:.4f}")
"""


def _notebook(sources: list[str]) -> dict:
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
                   "source": s} for i, s in enumerate(sources)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def section_floor(R: dict, copy: Path, work: Path, runs: int, timeout: float) -> None:
    log(f"4. floor: papermill on an empty notebook and on one importing ipbook.report, {runs} run(s) each")
    env = env_for(copy)
    d = work / "floor"
    d.mkdir(exist_ok=True)
    (d / "driver.py").write_text(FLOOR_DRIVER, encoding="utf-8")
    nbs = {
        "empty": _notebook([]),
        "imports": _notebook(["import ipbook.report\nfrom ipbook.report import Report"]),
    }
    for name, nb in nbs.items():
        (d / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    res: dict[str, list] = {"empty": [], "imports": [], "process": {"empty": [], "imports": []}}
    for i in range(runs):
        for name in (("empty", "imports") if i % 2 == 0 else ("imports", "empty")):
            r = run([PY, str(d / "driver.py"), str(d / f"{name}.ipynb"), str(d / f"{name}.out.ipynb"), str(copy / "book")],
                    copy, env, timeout)
            secs = None
            if r.ok and r.stdout_tail:
                try:
                    secs = float(r.stdout_tail[-1])
                except ValueError:
                    pass
            res[name].append(secs)
            res["process"][name].append(r.secs)
            log(f"   run {i + 1} {name:<8} execute {fs(secs, 2)} s (whole process {r.secs:.2f} s) {r.status}"
                + ("" if r.ok else f"\n{r.tail()}"))
    R["floor"] = res


# --------------------------------------------------------------------------------------------
# Section 5: scale
# --------------------------------------------------------------------------------------------

def page_breakdown(p: Path) -> dict:
    if p.stat().st_size > 300 * MB:
        return {}
    text = p.read_text(encoding="utf-8", errors="replace")
    out = {}
    for name, rx in (("tables", r"<table\b.*?</table>"), ("scripts", r"<script\b.*?</script>"),
                     ("svg", r"<svg\b.*?</svg>"), ("data URIs", r"data:[a-z/+]+;base64,[A-Za-z0-9+/=]+")):
        out[name] = sum(len(m.group(0).encode()) for m in re.finditer(rx, text, re.S))
    out["rows"] = len(re.findall(r"<tr\b", text))
    return out


def section_scale(R: dict, snap: Path, work: Path, sizes: list[int], runs: int, timeout: float,
                  render) -> None:
    R["scale"] = []
    for size in sizes:
        reps = runs if size <= 10_000 else 1
        log(f"5. scale {size:,}: generating, then validate / check / build, {reps} run(s) each")
        data = work / "scale" / f"data-{size}"
        data.parent.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        n_obs = synthetic.generate(data, size)
        gen_secs = time.perf_counter() - t
        n_claims = sum(1 for _ in open(data / "claims.csv", encoding="utf-8")) - 1
        data_bytes = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
        log(f"   {n_obs:,} observations, {n_claims:,} claims, {fbytes(data_bytes)} in {gen_secs:.1f} s")
        copy = clone(snap, work / "scale" / f"repo-{size}")
        env = env_for(copy)
        entry = {"size": size, "n_obs": n_obs, "n_claims": n_claims, "data_bytes": data_bytes, "gen_secs": gen_secs,
                 "data": data, "validate": [], "check": [], "build": [], "pages": [], "executed": []}
        R["scale"].append(entry)
        for i in range(reps):
            for what, cmd, kw in (
                ("validate", [PY, "-m", "ipbook", "validate", str(data)], {}),
                ("check", [PY, "-m", "ipbook", "check", str(data), "--json"], {"stdout_to_null": True}),
                ("build", [PY, "-m", "ipbook", "build", "--data", str(data), "--force"], {}),
            ):
                if what == "build":
                    shutil.rmtree(copy / "_build", ignore_errors=True)
                r = run(cmd, copy, env, timeout, sample_tree=True, **kw)
                entry[what].append(r)
                extra = ""
                if what == "build":
                    pages = sorted(((p.stat().st_size, p.name) for p in (copy / "_build" / "html" / "book").glob("*.html")),
                                   reverse=True)
                    entry["pages"].append(pages)
                    entry["executed"].append((last_run(copy) or {}).get("executed"))
                    if pages:
                        extra = f", largest page {pages[0][1]} {fbytes(pages[0][0])}"
                        if i == reps - 1:
                            entry["page_breakdown"] = page_breakdown(copy / "_build" / "html" / "book" / pages[0][1])
                log(f"   {what:<8} run {i + 1}: {r.secs:7.1f} s (CPU {r.cpu_secs:.1f} s)  peak {fmem(r.maxrss_kb)} (tree {fmem(r.tree_peak_kb)})"
                    f"  {r.status}{extra}" + ("" if r.ok else f"\n{r.tail()}"))
                render()
        # The same data with SLIPS of its figures ten times too large: the clean set's claims are nearly all
        # consistent, so its check barely exercises the diagnosis, which is what a release with slips needs.
        slipped = work / "scale" / f"data-{size}-slips"
        synthetic.generate(slipped, size, slips=SLIPS)
        r = run([PY, "-m", "ipbook", "check", str(slipped), "--json"], copy, env, timeout, sample_tree=True,
                stdout_to_null=True)
        entry["check_slips"] = [r]
        log(f"   check with {SLIPS:.0%} slips: {r.secs:7.1f} s (CPU {r.cpu_secs:.1f} s)  peak {fmem(r.maxrss_kb)}"
            f"  {r.status}" + ("" if r.ok else f"\n{r.tail()}"))
        shutil.rmtree(slipped, ignore_errors=True)
        render()
        shutil.rmtree(copy, ignore_errors=True)


PROFILE_DRIVER = r"""
import cProfile, json, os, pstats, signal, sys, time
limit, out_path, args = float(sys.argv[1]), sys.argv[2], sys.argv[3:]

class Stop(BaseException):
    pass

def on_alarm(*_):
    raise Stop()

signal.signal(signal.SIGALRM, on_alarm)
signal.setitimer(signal.ITIMER_REAL, limit)
from ipbook import cli
sys.stdout = open(os.devnull, "w")
prof = cProfile.Profile()
t = time.perf_counter()
stopped = False
prof.enable()
try:
    cli.main(args)
except Stop:
    stopped = True
finally:
    prof.disable()
    signal.setitimer(signal.ITIMER_REAL, 0)
secs = time.perf_counter() - t
st = pstats.Stats(prof).stats
rows = [{"func": f"{k[0]}:{k[1]}({k[2]})", "ncalls": v[1], "tottime": v[2], "cumtime": v[3]} for k, v in st.items()]
top = lambda key: sorted(rows, key=lambda r: -r[key])[:20]
json.dump({"secs": secs, "stopped": stopped, "tottime": top("tottime"), "cumtime": top("cumtime")}, open(out_path, "w"))
"""


def short_func(f: str, copy: Path) -> str:
    f = f.replace(str(copy) + "/", "")
    f = re.sub(r"^.*/site-packages/", "", f)
    f = re.sub(r"^.*/lib/python3\.\d+/", "", f)
    return f


def section_profile(R: dict, work: Path, snap: Path, limit: float) -> None:
    entries = [e for e in R.get("scale", []) if e.get("data") and Path(e["data"]).exists()]
    if not entries:
        return
    e = entries[-1]
    log(f"   profiling `python -m ipbook check DIR --json` at {e['size']:,} (cProfile, stopped after {limit:.0f} s)")
    r, prof = profile_cli(["check", str(e["data"]), "--json"], snap, work, "check", limit)
    R["profile"] = {"size": e["size"], "run": r, "prof": prof}


def profile_cli(cli_args: list[str], copy: Path, work: Path, tag: str, limit: float) -> tuple[Run, dict | None]:
    """``python -m ipbook CLI_ARGS`` under cProfile in the copy; stopped (and still reported) after ``limit`` s."""
    d = work / "profile"
    d.mkdir(exist_ok=True)
    (d / "driver.py").write_text(PROFILE_DRIVER, encoding="utf-8")
    out = d / f"{tag}.json"
    out.unlink(missing_ok=True)
    r = run([PY, str(d / "driver.py"), str(limit), str(out), *cli_args], copy, env_for(copy), limit + 300)
    prof = None
    if out.exists():
        prof = json.loads(out.read_text(encoding="utf-8"))
        for k in ("tottime", "cumtime"):
            for row in prof[k]:
                row["func"] = short_func(row["func"], copy)
    log(f"   profile: {r.status}" + (f", {prof['secs']:.1f} s profiled{' (stopped)' if prof['stopped'] else ''}"
                                     if prof else f"\n{r.tail()}"))
    return r, prof


def profile_table(add, prof: dict, n: int = 15, keys=("tottime", "cumtime")) -> None:
    for key in keys:
        add("| function | calls | own s | cumulative s |")
        add("| --- | ---: | ---: | ---: |")
        for row in prof[key][:n]:
            add(f"| `{row['func']}` | {row['ncalls']:,} | {row['tottime']:.2f} | {row['cumtime']:.2f} |")
        add("")


def section_engine(R: dict, snap: Path, timeout: float) -> None:
    log("engine: python bench/engine.py 1000000")
    script = snap / "bench" / "engine.py"
    if not script.exists():
        script = HERE / "engine.py"
    r = run([PY, str(script), "1000000"], snap, env_for(snap), timeout)
    line = r.stdout_tail[-1] if r.stdout_tail else ""
    m_s = re.search(r"seconds=([\d.]+)", line)
    m_m = re.search(r"peak_rss_mb=([\d.]+)", line)
    R["engine"] = {"run": r, "line": line, "secs": float(m_s.group(1)) if m_s else None,
                   "peak_mb": float(m_m.group(1)) if m_m else None}
    log(f"   {line or r.status}" + ("" if r.ok else f"\n{r.tail()}"))


# --------------------------------------------------------------------------------------------
# results.md
# --------------------------------------------------------------------------------------------

def machine() -> str:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
                break
    except OSError:
        pass
    pyver = subprocess.run([PY, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True, text=True).stdout.strip()
    return f"nproc {CORES}, Python {pyver} ({PY}), {platform.system()} {platform.release()}, {cpu}, {mem}"


def render(R: dict, args, out_path: Path, done: bool) -> None:
    L: list[str] = []
    add = L.append
    add("# ipbook benchmark results")
    add("")
    if not done:
        add("**Incomplete: the benchmark was still running (or stopped) when this was written.**")
        add("")
    add(f"- command: `{R['command']}`")
    add(f"- date: {R['date']} (took {fs((time.time() - R['t0']) / 60, 0)} min)")
    add(f"- machine: {R['machine']}; load average at start {R['load_start']}"
        + (f", at end {R['load_end']}" if R.get("load_end") else ""))
    s = R["snapshot"]
    add(f"- code: commit `{s['head']}`, {len(s['dirty'])} uncommitted change(s) in the working tree when copied; "
        f"package hash (ipbook/*.py) `{s['package_hash']}`; {s['files']} files copied (git ls-files + _static/)")
    add(f"- runs: {R['runs']} per measurement for sections 1–4 (medians below; ours and the baseline interleaved run "
        f"by run, alternating which goes first); scale runs are single runs except 10k ({R['runs']} run(s))")
    add("- every command runs in a copy of the repository in a temporary directory, cwd = the copy, "
        "PYTHONPATH = the copy (so runner, kernels and jupyter-book use the copy's package, book/ and _build/)")
    add("")

    # ---------------- summary table
    add("## Medians")
    add("")
    add("| measurement | median | runs (s) | notes |")
    add("| --- | ---: | --- | --- |")
    cold = R.get("cold")
    cold_med, base_med = cold_medians(R)
    if cold:
        add(f"| 1. cold build, ours (`{cold['ours_cmd']}`) | {fs(cold_med)} s | {times_list(cold['ours'])} | "
            f"notebooks executed per run: {cold['ours_executed']} |")
        add(f"| 1. cold build, baseline (plain `jupyter-book build`, execute_notebooks: force) | {fs(base_med)} s | "
            f"{times_list(cold['baseline'])} | pages per run: {[len(p) for p in cold['baseline_pages']]} |")
        ratio = cold_med / base_med if cold_med and base_med else None
        add(f"| 1. ratio ours / baseline | **{fs(ratio, 2)}** | per run: "
            f"{', '.join(f'{x:.2f}' for x in cold['per_run_ratio'])} | target ≤ 0.50 |")
    nc = R.get("nochange")
    if nc:
        m = med([r.secs for r in nc["runs"]])
        add(f"| 2. no-change rebuild (`python -m ipbook build`) | {fs(m)} s | {times_list(nc['runs'])} | "
            f"notebooks executed per run: {[len(e) if e is not None else '?' for e in nc['executed']]} |")
        if cold_med and m:
            add(f"| 2. no-change / cold | **{m / cold_med * 100:.0f} %** | | target: the rebuild ≤ 1 s |")
    of = R.get("onefile")
    if of:
        m = med([r.secs for r in of["runs"]])
        ex = of["executed"][-1] if of["executed"] else None
        add(f"| 3. one data file changed (note of `{of['obs_id']}`, pledge_financing) | {fs(m)} s | {times_list(of['runs'])} | "
            f"re-executed: {', '.join(ex) if ex else ex} |")
    fl = R.get("floor")
    if fl:
        e, i = med(fl["empty"]), med(fl["imports"])
        add(f"| 4. floor: papermill, empty notebook (kernel start + shutdown) | {fs(e, 2)} s | "
            f"{', '.join(fs(x, 2) for x in fl['empty'])} | whole process {fs(med(fl['process']['empty']), 2)} s |")
        add(f"| 4. floor: papermill, `import ipbook.report` | {fs(i, 2)} s | "
            f"{', '.join(fs(x, 2) for x in fl['imports'])} | whole process {fs(med(fl['process']['imports']), 2)} s |")
        if i:
            floor_total = 12 * i / CORES
            add(f"| 4. (12 × floor) / {CORES} cores | {fs(floor_total)} s | | cold build = "
                f"{fs(cold_med / floor_total if cold_med else None, 1)} × this |")
    eng = R.get("engine")
    if eng:
        add(f"| engine: `python bench/engine.py 1000000` | {fs(eng['secs'], 2)} s, {fs(eng['peak_mb'], 0)} MB | | "
            f"target < 5 s and < 2 GB; {eng['run'].status} |")
    add("")

    # ---------------- details
    if cold:
        add("## 1. Cold build")
        add("")
        add(f"- ours: `{cold['ours_cmd']}` after deleting `_build/` (so Sphinx starts from nothing, and the report "
            f"cache `_build/cache` is empty), {CORES} notebooks at a time.")
        add(f"- baseline: `{cold['base_cmd']}` after deleting `_build/` as well (a report cache left by our build "
            "would otherwise feed the templates; the cache the templates write during the baseline's own run is "
            "theirs to use, as for any user of the package), where COPY/_bench_baseline holds our "
            "_config.yml with `execute: {execute_notebooks: force, timeout: "
            f"{BASELINE_TIMEOUT}}}` (the timeout raised from jupyter-book's 30 s so a slow run cannot fail it), "
            "the same exclude patterns with `notebooks/*` swapped for `book/*`, the same extra_extensions, and a "
            "_toc.yml listing the 12 notebooks `notebooks/…` (the theme template copied once per theme with its "
            "theme_id, title and intro written in, as the build does); they default to `data_dir=\"../data\"`, which resolves "
            "from notebooks/ as from book/. Jupyter Book executes them one at a time, in the notebook's folder.")
        ph = [phases(r) for r in cold["ours"] if complete(r, "ours")]
        if ph:
            add(f"- ours, where the time goes (medians): load, validate, plan and execute "
                f"{fs(med([p['before_html'] for p in ph]))} s, then jupyter-book + publish {fs(med([p['html'] for p in ph]))} s.")
            nbt: dict[str, list] = {}
            for r in cold["ours"]:
                for k, v in notebook_times(r).items():
                    nbt.setdefault(k, []).append(v)
            if nbt:
                items = sorted(((med(v), k) for k, v in nbt.items()), reverse=True)
                add(f"- ours, per notebook (median seconds, kernel start included; {CORES} run at once, sum "
                    f"{sum(x for x, _ in items):.1f} s): " + ", ".join(f"{k} {x:.1f}" for x, k in items))
        bad = [r for r in cold["ours"] + cold["baseline"] if not r.ok]
        if bad:
            add(f"- {len(bad)} run(s) did not exit 0. Medians count a run when it did all the work (12 notebooks "
                "executed, jupyter-book ran to its end), even if jupyter-book then exited 1 under -W because of "
                "Sphinx warnings; the first of each kind below.")
        seen = set()
        for r in bad:
            kind = "ours" if any(r is x for x in cold["ours"]) else "baseline"
            if kind in seen:
                continue
            seen.add(kind)
            add(f"- {kind}: {r.status}, {'counted' if complete(r, kind) else 'not counted'}; stderr tail:")
            add("")
            add(code_tail(r.tail(15)))
        add("")
    if nc:
        add("## 2. No-change rebuild")
        add("")
        ph = [phases(r) for r in nc["runs"] if r.ok]
        add(f"- notebooks executed per run (from `_build/last-run.json`): {nc['executed']}")
        if ph:
            skipped = sum(1 for r in nc["runs"] if r.mark(r"^building HTML") is None)
            add(f"- where the time goes (medians): everything before jupyter-book (Python start-up, imports, checking "
                f"the inputs, and whatever the runner decides to redo) {fs(med([p['before_html'] for p in ph]))} s; "
                f"jupyter-book (from scratch, into `_build/staging`) + atomic publish {fs(med([p['html'] for p in ph]))} s"
                + (f" (jupyter-book not run in {skipped} of {len(nc['runs'])} runs: 'HTML up to date')" if skipped else ""))
        imp = nc.get("imports")
        if imp:
            add(f"- of which Python start-up {fs(med(imp['python']), 2)} s and `import ipbook.cli, ipbook.runner, "
                f"ipbook.report` {fs(med(imp['imports']), 2)} s in all (medians of {len(imp['imports'])}, separate processes)")
        pr = nc.get("profile")
        if pr and pr["prof"]:
            add(f"- cProfile of `python -m ipbook build --no-html` with nothing changed (executed: {pr['executed']}; "
                f"{pr['prof']['secs']:.1f} s under the profiler, imports after `ipbook.cli` included), top functions by "
                "cumulative time:")
            add("")
            profile_table(add, pr["prof"], 15, ("cumtime",))
        elif pr:
            add(f"- cProfile of `build --no-html`: {pr['run'].status}")
        add("")
    if of:
        add("## 3. One data file changed")
        add("")
        add(f"- each run appends a different `[benchmark edit N]` to the note of observation `{of['obs_id']}` "
            "(indicator of theme pledge_financing) in the copy's data/observations.csv, then runs `python -m ipbook build`")
        for k, (r, ex) in enumerate(zip(of["runs"], of["executed"]), start=1):
            nbt = notebook_times(r)
            ph = phases(r)
            add(f"- run {k}: {r.secs:.1f} s ({r.status}); re-executed {ex} "
                f"({', '.join(f'{n} {s:.1f} s' for n, s in nbt.items())}); HTML {ph['html']:.1f} s")
        add("")
    if fl:
        add("## 4. The floor")
        add("")
        add("- `papermill.execute_notebook` timed inside a process that has already imported papermill (kernel start, "
            "the cells, kernel shutdown), cwd = the copy's book/; 'whole process' adds Python start-up and importing "
            "papermill, which each of the runner's worker processes also pays once.")
        i = med(fl["imports"])
        if i and cold_med:
            ph = [phases(r) for r in cold["ours"] if complete(r, "ours")]
            exe = med([p["before_html"] for p in ph]) if ph else None
            add(f"- 12 notebooks × {i:.2f} s / {CORES} cores = {12 * i / CORES:.1f} s: the least any build executing every "
                f"notebook in fresh kernels can take. Our cold build takes {cold_med:.1f} s "
                f"({cold_med / (12 * i / CORES):.1f} × the floor); its execution phase alone {fs(exe)} s "
                f"({fs(exe / (12 * i / CORES) if exe else None, 1)} × the floor).")
        add("")
    if R.get("scale"):
        add("## 5. Scale (synthetic data, bench/synthetic.py)")
        add("")
        add("Single runs, except 10k (median of the runs listed). 'peak RSS' is ru_maxrss from wait4: the largest "
            "single process of the command's tree (for build: the runner, a pool worker, a kernel or jupyter-book); "
            "a pool worker is forked from the runner and its RSS includes the pages it shares with it. 'peak tree "
            "PSS' is the sum of PSS (proportional set size: shared pages divided among the processes sharing them) "
            "over every process of the tree at once, sampled every 0.5 s: what the command takes from the machine.")
        add("")
        add("| observations (claims) | command | time (s) | peak RSS | peak tree PSS | result | largest page |")
        add("| --- | --- | ---: | ---: | ---: | --- | --- |")
        for e in R["scale"]:
            for what, label in (("validate", "`validate DIR`"), ("check", "`check DIR --json > /dev/null`"),
                                ("check_slips", f"the same `check`, {SLIPS:.0%} of figures ×10"),
                                ("build", "`build --data DIR --force`")):
                rs = e.get(what)
                if not rs:
                    continue
                t = med([r.secs for r in rs])
                page = ""
                if what == "build":
                    pages = e["pages"][-1] if e["pages"] else []
                    page = f"{pages[0][1]} {fbytes(pages[0][0])}" if pages else "none built"
                runs_txt = "" if len(rs) == 1 else f" ({times_list(rs)})"
                add(f"| {e['n_obs']:,} ({e['n_claims']:,}) | {label} | {t:.1f}{runs_txt} | "
                    f"{fmem(max(r.maxrss_kb for r in rs))} | {fmem(max((r.tree_peak_kb or 0) for r in rs) or None)} | "
                    f"{'; '.join(sorted(set(r.status for r in rs)))} | {page} |")
        add("")
        for e in R["scale"]:
            add(f"- {e['size']:,} target: {e['n_obs']:,} observations, {e['n_claims']:,} claims, "
                f"{fbytes(e['data_bytes'])} of data, generated in {e['gen_secs']:.1f} s.")
            if e["pages"] and e["pages"][-1]:
                top = ", ".join(f"{n} {fbytes(b)}" for b, n in e["pages"][-1][:4])
                add(f"  Largest pages: {top}.")
                bd = e.get("page_breakdown")
                if bd:
                    add(f"  In the largest: tables {fbytes(bd['tables'])} ({bd['rows']:,} rows), scripts "
                        f"{fbytes(bd['scripts'])}, svg {fbytes(bd['svg'])}, data URIs {fbytes(bd['data URIs'])}.")
            for r in e["build"][-1:]:
                if r.by_kind:
                    add("  Build, peak memory by process (sampled; RSS / PSS): " + ", ".join(
                        f"{k} {fmem(v[0])} / {fmem(v[1])}" for k, v in sorted(r.by_kind.items(), key=lambda kv: -kv[1][0])) + ".")
            for r in e["build"]:
                nbt = notebook_times(r)
                if nbt:
                    items = sorted(((v, k) for k, v in nbt.items()), reverse=True)
                    ph = phases(r)
                    add(f"  Build: before HTML {ph['before_html']:.1f} s, HTML {ph['html']:.1f} s; slowest notebooks: "
                        + ", ".join(f"{k} {v:.1f} s" for v, k in items[:4]) + ".")
                    break
            for what in ("validate", "check", "check_slips", "build"):
                for r in e.get(what, []):
                    if not r.ok:
                        add(f"  `{what}` {r.status}; stderr tail:")
                        add("")
                        add("  " + code_tail(r.tail(10)).replace("\n", "\n  "))
                        break
        add("")
    if eng:
        add("## Engine")
        add("")
        add(f"`python bench/engine.py 1000000` ({eng['run'].status}, whole process {eng['run'].secs:.1f} s, "
            f"peak {fmem(eng['run'].maxrss_kb)}):")
        add("")
        add(code_tail(eng["line"] or eng["run"].tail(10)))
        add("")

    # ---------------- targets
    targets = evaluate_targets(R, cold_med, base_med)
    if targets:
        add("## Targets")
        add("")
        for t in targets:
            add(f"- {t}")
        add("")
    prof = R.get("profile")
    if prof:
        add("## Where the time goes at scale")
        add("")
        p = prof["prof"]
        if not p:
            add(f"cProfile of `python -m ipbook check DIR --json` at {prof['size']:,}: {prof['run'].status}, no profile written.")
            add("")
            add(code_tail(prof["run"].tail(10)))
        else:
            add(f"cProfile of `python -m ipbook check DIR --json` at {prof['size']:,} observations: {p['secs']:.1f} s profiled"
                + (" (stopped at the time limit: the figures cover that much of the run)" if p["stopped"] else "")
                + " (the profiler's overhead inflates calls-heavy code; compare the unprofiled time in section 5)."
                + " Top functions by own time, then by cumulative time:")
            add("")
            profile_table(add, p)
        add("")
    out_path.write_text("\n".join(L).rstrip() + "\n", encoding="utf-8")


def _miss(value: float, limit: float, unit: str = "", nd: int = 2) -> str:
    if value <= limit:
        return f"**met** ({value:.{nd}f}{unit} ≤ {limit:g}{unit})"
    by = f"{value - limit:.{nd}f} points" if unit == " %" else f"{value - limit:.{nd}f}{unit}"
    return f"**missed** by {by} ({value:.{nd}f}{unit} against {limit:g}{unit}, {(value / limit - 1) * 100:.0f} % over)"


def evaluate_targets(R: dict, cold_med, base_med) -> list[str]:
    out = []
    cold = R.get("cold")
    if cold:
        if cold_med and base_med:
            t = (f"Cold build ours ≤ 0.5 × the baseline: {_miss(cold_med / base_med, 0.5, '×')}, ratio of the medians "
                 f"{cold_med:.1f} s / {base_med:.1f} s; per run: {', '.join(f'{x:.2f}' for x in cold['per_run_ratio'])}")
            if cold_med / base_med > 0.5:
                ph = [phases(r) for r in cold["ours"] if complete(r, "ours")]
                fl = med((R.get("floor") or {}).get("imports", []))
                t += (f". Where our {cold_med:.1f} s go: load, ledger and executing the 12 notebooks "
                      f"{med([p['before_html'] for p in ph]):.1f} s, jupyter-book {med([p['html'] for p in ph]):.1f} s")
                if fl:
                    t += (f"; kernel start-up and imports alone are {fl:.1f} s per notebook, {12 * fl / CORES:.1f} s "
                          f"for 12 on {CORES} cores (section 4), and the per-notebook times in section 1 show what "
                          f"each adds on top")
            out.append(t)
        else:
            out.append("Cold build ours ≤ 0.5 × the baseline: **not measured** (a build failed in every run)")
    nc = R.get("nochange")
    if nc and cold_med:
        m = med([r.secs for r in nc["runs"]])
        t = f"No-change rebuild ≤ 1 s (issue #13): {_miss(m, 1, ' s', 1)} ({m / cold_med * 100:.0f} % of the cold build)"
        ph = [phases(r) for r in nc["runs"] if not r.timed_out]
        if m > 1 and ph:
            t += (f". Where it goes: before jupyter-book (Python start-up, imports, checking the inputs and whatever "
                  f"the runner redoes) {med([p['before_html'] for p in ph]):.1f} s, then "
                  f"jupyter-book, which runs even when no notebook changed, {med([p['html'] for p in ph]):.1f} s")
            imp = nc.get("imports")
            if imp:
                t += (f"; start-up and imports alone take {med(imp['imports']):.1f} s, "
                      f"{med(imp['imports']) / cold_med * 100:.0f} % of the cold build (section 2 has a profile)")
        out.append(t)
        zero = all(e == [] for e in nc["executed"])
        out.append(f"No-change rebuild executes 0 notebooks: **{'met' if zero else 'missed'}** "
                   f"(executed per run: {[len(e) if e is not None else '?' for e in nc['executed']]})")
    of = R.get("onefile")
    if of and any(e is not None for e in of["executed"]):
        want = {"pledge_financing", "index", "ledger", "methods", "sources"}
        got = [set(e) for e in of["executed"] if e is not None]
        ok = all(g == want for g in got)
        out.append("One data file changed re-executes only its theme and the four book-level pages (README's claim): "
                   f"**{'met' if ok else 'missed'}** (re-executed: {sorted(got[-1]) if got else None})")
    for e in R.get("scale", []):
        pages = [p[0][0] for p in e["pages"] if p]
        if pages:
            t = f"Largest page < 2 MB at {e['n_obs']:,} observations: {_miss(max(pages) / MB, 2, ' MB')}"
            bd = e.get("page_breakdown")
            if max(pages) >= 2 * MB and bd:
                t += (f" ({e['pages'][-1][0][1]}: tables {fbytes(bd['tables'])} in {bd['rows']:,} rows, scripts "
                      f"{fbytes(bd['scripts'])}, svg {fbytes(bd['svg'])})")
            out.append(t)
        elif e["build"]:
            out.append(f"Largest page < 2 MB at {e['n_obs']:,} observations: **not measured** (build "
                       f"{e['build'][-1].status})")
    big = [e for e in R.get("scale", []) if e["size"] >= 1_000_000]
    for e in big:
        # issue #13: at a million observations on this 2-core machine
        for what, limit in (("validate", 10), ("check", 10), ("check_slips", 10), ("build", 60)):
            done = [r for r in e.get(what, []) if r.ok]
            name = f"check` with {SLIPS:.0%} of figures ×10 (the diagnosis at work)" if what == "check_slips" else f"{what}`"
            if done:
                out.append(f"`{name} ≤ {limit} s at {e['n_obs']:,} observations (issue #13): "
                           f"{_miss(med([r.secs for r in done]), limit, ' s', 1)}; CPU (user + system) "
                           f"{med([r.cpu_secs for r in done]):.1f} s")
        trees = [r.tree_peak_kb for w in ("validate", "check", "check_slips", "build") for r in e.get(w, [])
                 if r.tree_peak_kb]
        if trees:
            out.append(f"Whole-tree peak memory (PSS) ≤ 2 GB at {e['n_obs']:,} observations (issue #13): "
                       f"{_miss(max(trees) / 1024 / 1024, 2, ' GB')}")
        pages = [p[0][0] for p in e["pages"] if p]
        if pages:
            out.append(f"Largest page ≤ 1 MB at {e['n_obs']:,} observations (issue #13): {_miss(max(pages) / MB, 1, ' MB')}")
        rs = e["validate"] + e["check"] + e["build"]
        if rs:
            peak = max(r.maxrss_kb for r in rs) / 1024 / 1024
            worst_rss, worst = max(((r.maxrss_kb, w) for w in ("validate", "check", "build") for r in e[w]))
            worst_run = max((r for r in e[worst]), key=lambda r: r.maxrss_kb)
            if worst_run.by_kind:
                kind = max(worst_run.by_kind.items(), key=lambda kv: kv[1][0])
                worst += (f", largest process sampled: {kind[0]} {fmem(kind[1][0])} RSS, {fmem(kind[1][1])} PSS; "
                          f"whole tree {fmem(worst_run.tree_peak_kb)} PSS")
            unfinished = [w for w in ("validate", "check", "build") for r in e[w] if not r.ok]
            note = f"; unfinished: {', '.join(unfinished)} (peak until stopped)" if unfinished else ""
            out.append(f"Peak memory < 4 GB at {e['n_obs']:,} observations: {_miss(peak, 4, ' GB')} (highest: "
                       f"{worst}){note}")
    eng = R.get("engine")
    if eng:
        if eng["secs"] is None:
            out.append(f"Engine, 1M checks, < 5 s and < 2 GB: **not measured** ({eng['run'].status})")
        else:
            out.append(f"Engine, 1M checks, < 5 s: {_miss(eng['secs'], 5, ' s')}")
            out.append(f"Engine, 1M checks, < 2 GB: {_miss(eng['peak_mb'] / 1024, 2, ' GB')}")
    return out


def complete(r: Run, who: str) -> bool:
    """A cold run that did all the work: 12 notebooks executed and jupyter-book ran to its end.

    A run whose only failure is jupyter-book's exit 1 under -W (Sphinx warnings) counts; its status is shown."""
    if r.timed_out or r.rc is None:
        return False
    if who == "ours":
        return len(getattr(r, "executed", [])) == 12 and r.mark(r"^building HTML") is not None
    return len(getattr(r, "pages", [])) == 12


def cold_medians(R: dict) -> tuple[float | None, float | None]:
    cold = R.get("cold")
    if not cold:
        return None, None
    return (med([r.secs for r in cold["ours"] if complete(r, "ours")]),
            med([r.secs for r in cold["baseline"] if complete(r, "baseline")]))


def any_missed(R: dict) -> bool:
    cold_med, base_med = cold_medians(R)
    if any("missed" in t or "not measured" in t for t in evaluate_targets(R, cold_med, base_med)):
        return True
    return any(not r.ok for e in R.get("scale", []) for w in ("validate", "check", "build") for r in e[w])


# --------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement in sections 1-4 (default 3)")
    ap.add_argument("--sizes", default="10000,100000,1000000", help="synthetic data set sizes (observations)")
    ap.add_argument("--skip-scale", action="store_true", help="skip the synthetic-data section")
    ap.add_argument("--quick", action="store_true", help="1 run, 10k only (for development)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds before any one command is stopped (default 1800)")
    ap.add_argument("--profile-timeout", type=float, default=600, help="seconds of cProfile at the largest size")
    ap.add_argument("--output", default=str(HERE / "results.md"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    if args.quick:
        args.runs, args.sizes = 1, "10000"
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    out_path = Path(args.output)
    work = Path(tempfile.mkdtemp(prefix="ipbook-bench-"))
    log(f"working in {work}; results to {out_path}")
    R: dict = {"command": " ".join(["python", "bench/run.py"] + sys.argv[1:]),
               "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
               "t0": time.time(), "machine": machine(), "runs": args.runs,
               "load_start": "/".join(f"{x:.2f}" for x in os.getloadavg())}
    try:
        snap = work / "snapshot"
        R["snapshot"] = snapshot(snap)
        log(f"copied {R['snapshot']['files']} files (commit {R['snapshot']['head']}, "
            f"{len(R['snapshot']['dirty'])} uncommitted changes)")
        save = lambda: render(R, args, out_path, done=False)  # noqa: E731
        repo = clone(snap, work / "repo")
        section_cold(R, repo, args.runs, args.timeout)
        save()
        section_nochange(R, repo, work, args.runs, args.timeout)
        save()
        section_onefile(R, repo, args.runs, args.timeout)
        save()
        section_floor(R, repo, work, max(args.runs, 1), args.timeout)
        save()
        shutil.rmtree(repo, ignore_errors=True)
        section_engine(R, snap, args.timeout)
        save()
        if not args.skip_scale:
            section_scale(R, snap, work, sizes, args.runs, args.timeout, save)
            save()
            if any_missed(R):
                section_profile(R, work, snap, args.profile_timeout)
        R["load_end"] = "/".join(f"{x:.2f}" for x in os.getloadavg())
        render(R, args, out_path, done=True)
        log(f"wrote {out_path}")
        print(out_path.read_text(encoding="utf-8"))
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
