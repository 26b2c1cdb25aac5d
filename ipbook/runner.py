"""The build: execute the notebook templates with papermill into book/, then the HTML book.

Three parts, each taking the project root (``Project``) rather than the package's location:

* ``build_plan``: what in book/ is stale, from each executed notebook's own fingerprint (its template,
  the data it reads, its parameters, the package's code); Jupyter Book's own cache keys on code cells
  only and cannot see data files, so the book is built with ``execute_notebooks: off``;
* ``build_execute``: papermill on a pool of reused kernels, each notebook into a temporary file that
  replaces its predecessor only on success;
* ``publish``: the downloads (spreadsheet-safe CSVs), the HTML built from scratch into
  ``_build/staging`` and switched in atomically as ``_build/html`` only when Sphinx succeeded.

Safety: one build at a time (``_build/build.lock``); the data is validated before anything runs; a
failed, killed or partial build leaves the last good HTML and a book/ from which the next plain build
produces exactly what ``--force`` would; an I/O error (disk full, a folder that cannot be created)
stops the build with one line.

Exit codes: 0 built; 1 a notebook, Sphinx or the file system failed (the last good book is
unchanged); 2 invalid data or arguments; 3 another build is running.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from . import build_execute, build_plan, chart, dataset, ledger, publish
from .build_plan import BOOK_PAGES, DEFAULT_PARAMETERS, ORDER, Job, Project  # noqa: F401 (re-exported)
from .problem import DataError

ROOT = Path(__file__).resolve().parent.parent  # the default project: the checkout this package lives in

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_BUSY = 0, 1, 2, 3


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def prepare(project: Project, data_dir: Path, ds: dataset.Dataset, names: list[str], force: bool):
    """Compute the report once for all notebooks (they read it from the cache), plan."""
    from .report import Report

    params = build_plan.parameters(project, data_dir)
    report = Report.from_dataset(ds, params["data_dir"], base=project.book, **DEFAULT_PARAMETERS)
    key = report.cache_key()
    for old in (project.build / "cache").glob("report-*.pkl"):
        if old.name != f"report-{key}.pkl":  # earlier data or code: never read again (a page reading it has it open)
            old.unlink(missing_ok=True)
    jobs, fresh = build_plan.plan(project, data_dir, ds, report.ledger, names, force)
    known = {report.key_ident(): key}  # the pages and the downloads read this report without hashing the data again
    for job in jobs:
        job.known_keys = known
    return jobs, fresh, known


def write_downloads(project: Project, data_dir: Path, staged: Path | None = None, known_keys: dict | None = None) -> None:
    """book/downloads from the report ``prepare`` computed (read from the cache; computed again only when the cache
    could not be kept). Run in a process of its own while the notebooks execute: at a million observations the
    downloads take most of a minute, the pages about as long."""
    from .report import Report

    def tables():
        from . import report as report_module

        report_module.KNOWN_KEYS.update(known_keys or {})
        params = build_plan.parameters(project, data_dir)
        report = Report.cached(params["data_dir"], base=project.book, **DEFAULT_PARAMETERS)
        if report is None:
            report = Report.from_dataset(dataset.load(data_dir), params["data_dir"], base=project.book,
                                         **DEFAULT_PARAMETERS)
        # the float columns written as ledger.write writes them (its float formats), a plain loop instead of pandas'
        # formatter: the same text, seconds less at a million rows; each table made when it is written (ledger.write)
        return (report.ledger, lambda: publish.floats_as_text(report.reconciled_table(), ledger.CHECK_FLOATS),
                lambda: publish.floats_as_text(report.figures_table(), ledger.FIGURE_FLOATS))

    publish.write_downloads(project, data_dir, tables, staged=staged)  # the data files first, then the tables


def _stage(project: Project, data_dir: Path, staged: Path) -> None:
    """What the HTML needs besides the pages, done on the second core while the data is validated: the charts'
    JavaScript bundle (vl-convert takes 1.6 s to make it) and the data files' downloads (staged, see publish)."""
    chart.write_bundle(project.static)
    publish.stage_data_downloads(data_dir, staged)


def _load_and_prepare(project: Project, data_dir: Path, names: list[str], force: bool):
    """(problems, None) for invalid data, else ([], (jobs, up-to-date names)); run apart from the build."""
    try:
        ds = dataset.load(data_dir)
    except DataError as exc:
        return [str(p) for p in exc.problems], None
    return [], prepare(project, data_dir, ds, names, force)


def main(args, root: Path | None = None) -> int:
    project = Project(Path(root or ROOT).resolve())
    try:
        with publish.Lock(project):
            return _build(project, args)
    except publish.BuildBusy as busy:
        holder = f" (pid {busy.args[0]})" if busy.args and busy.args[0] else ""
        _say(f"another build is running in {project.root}{holder}: it holds _build/{publish.LOCK_NAME}; "
             "wait for it to finish, then build again")
        return EXIT_BUSY
    except OSError as exc:
        what = exc.strerror or str(exc)
        where = f": {project.rel(exc.filename)}" if exc.filename else ""
        _say(f"build failed: {what}{where}; the last good book in _build/html is unchanged")
        return EXIT_FAILED


def _build(project: Project, args) -> int:
    cleanup: list = []
    try:
        return _build_steps(project, args, cleanup)
    finally:
        for fn in cleanup:
            fn()


def _build_steps(project: Project, args, cleanup: list) -> int:
    for note in publish.recover(project):
        _say(note)
    data_dir = Path(args.data)
    names = list(ORDER)
    if args.theme:
        unknown = [t for t in args.theme if t not in ORDER]
        if unknown:
            _say(f"unknown notebook(s) {unknown}; known: {', '.join(ORDER)}")
            return EXIT_INVALID
        names = [n for n in ORDER if n in args.theme]
    params = build_plan.parameters(project, data_dir)
    quick = build_plan.quick_hash(project, data_dir, params)
    if not args.force and build_plan.nothing_to_do(project, quick):
        # data, code, templates and parameters are byte for byte those of the last complete build, whose
        # data was valid, and book/ is byte for byte what that build left: nothing to validate or execute
        if not (project.static / chart.BUNDLE_NAME).exists():
            chart.write_bundle(project.static)
        jobs, fresh, kernels, downloads = [], names, None, None
    else:
        # while the data is validated and the report computed (one process, one core), the data files' downloads
        # are neutralised on the other core (kept apart until the data is found valid) and the kernels start
        # and import the package
        staged = Path(tempfile.mkdtemp(dir=project.build, prefix="downloads-"))
        cleanup.append(lambda: shutil.rmtree(staged, ignore_errors=True))
        early = build_execute.Background(_stage, project, data_dir, staged)
        kernels = build_execute.KernelPool(args.jobs or os.cpu_count() or 1, project.book)
        try:
            problems, planned = build_execute.apart(_load_and_prepare, project, data_dir, names, args.force,
                                                    meanwhile=kernels.warm)
            early.result()
        except BaseException:
            kernels.shutdown()
            early.result_quietly()
            raise
        if problems:
            kernels.shutdown()
            for p in problems:
                print(p, file=sys.stderr)
            _say(f"{len(problems)} problem(s) in {data_dir}: nothing was executed")
            return EXIT_INVALID
        jobs, fresh, known = planned
        kernels.ready()  # no thread of ours is running while the downloads' process is forked
        downloads = build_execute.Background(write_downloads, project, data_dir, staged, known)
    total = len(names)
    done = 0
    for name in fresh:
        done += 1
        _say(f"[{done:2d}/{total}] {name:<26} up to date")

    def progress(name, secs, err):
        nonlocal done
        done += 1
        _say(f"[{done:2d}/{total}] {name:<26} {'FAILED' if err else 'executed'} in {secs:.1f} s")

    workers = args.jobs or os.cpu_count() or 1
    try:
        executed, failures = build_execute.run(jobs, workers, project.root, project.book, progress, kernels)
    finally:
        if downloads is not None:
            downloads.result()  # an error writing them (a full disk) stops the build as before, with one line
    summary = {"executed": sorted(n for n, _ in executed), "up_to_date": sorted(fresh),
               "failed": sorted(n for n, _ in failures)}
    build_plan.write_atomic(project.build / "last-run.json", (json.dumps(summary, indent=1) + "\n").encode())
    if failures:
        for _, err in failures:
            _say(err)
        _say("a notebook failed: the HTML was not rebuilt, the last good book is unchanged")
        return EXIT_FAILED
    if not args.theme and build_plan.quick_hash(project, data_dir, params) == quick:
        # a complete build: record it (unless an input changed while it ran)
        build_plan.write_state(project, quick)
    if getattr(args, "no_html", False):
        return EXIT_OK
    current = build_plan.html_hash(project)
    if not args.force and publish.stamp_of(project) == current:
        _say("HTML up to date")
        rc = EXIT_OK
    else:
        rc = publish.build_html(project, current)
    if rc == EXIT_OK:
        print(f"book: {project.build / 'html' / 'index.html'}")
    return rc
