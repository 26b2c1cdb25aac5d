"""Build faults (issue 11): every build, however it ends, leaves a state from which the next plain build
publishes exactly the book a ``--force`` build would.

All builds run in private copies of the repository (see repocopy.py); the checkout is never touched.
One complete build (``built``) is the reference: re-executing unchanged inputs is byte-identical
(test_runner.test_reexecution_with_unchanged_inputs_is_byte_identical) and the HTML is built from
scratch, so "what --force would publish" is exactly the reference's book/ and _build/html.

Covered: a failed build (1), a ``--theme`` build from another data folder (1, 9, 11), a killed build
and a concurrent second build (1, 3), a kill at each step of publishing (8), chart labels that would
close the inline script (6), spreadsheet formulas in the downloads (11), warnings and absolute paths
in pages (11), I/O errors: ``_build`` not a folder, disk full (11).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from repocopy import build, copy_built, csv_rows, edit_csv_row, env_for, last_run, ok, tree

TOKEN = "zqxjvbtoken"
FORMULA = f'=HYPERLINK("http://example.invalid","{TOKEN}")'


# ---------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def built(pristine, tmp_path_factory) -> dict:
    """A complete plain build with HTML: the reference book (what --force publishes for the shipped data)."""
    repo = shutil.copytree(pristine, tmp_path_factory.mktemp("built") / "repo", symlinks=True)
    ok(build(repo))
    return {"repo": repo, "book": tree(repo / "book"), "html": tree(repo / "_build" / "html")}


def pledge_row(data: Path) -> dict:
    import yaml

    entries = yaml.safe_load((data / "indicators.yaml").read_text(encoding="utf-8"))
    pledge = {e["id"] for e in entries if e.get("theme") == "pledge_financing"}
    return next(r for r in csv_rows(data / "observations.csv") if r["indicator"] in pledge)


def assert_same_book(repo: Path, built: dict) -> None:
    """book/ and _build/html are byte for byte the reference's."""
    book = tree(repo / "book")
    diff = sorted(k for k in set(book) | set(built["book"]) if book.get(k) != built["book"].get(k))
    assert not diff, f"book/ differs from a complete build in {diff}"
    html = tree(repo / "_build" / "html")
    diff = sorted(k for k in set(html) | set(built["html"]) if html.get(k) != built["html"].get(k))
    assert not diff, f"_build/html differs from a from-scratch build in {diff[:10]}"


def no_leftovers(repo: Path) -> None:
    hidden = [p.name for p in (repo / "book").rglob(".*")]
    assert not hidden, f"temporary files left in book/: {hidden}"
    assert not (repo / "_build" / "staging").exists()


# ---------------------------------------------------------------------------------------------- 1. failed build


def test_failed_build_then_plain_build_publishes_the_complete_book(built, tmp_path):
    """Data changed, one notebook fails, the others are rewritten; inputs restored: the next plain build
    must not trust a summary file and say 'up to date' (it published a mixed book with exit 0)."""
    repo = copy_built(built["repo"], tmp_path)
    obs = repo / "data" / "observations.csv"
    template = repo / "notebooks" / "theme.ipynb"  # the one template of every theme page; only smes fails
    saved = {obs: obs.read_bytes(), template: template.read_bytes()}
    row = pledge_row(repo / "data")
    edit_csv_row(obs, row["id"], note=row["note"] + " (edited by test_faults_build)")
    nb = nbformat.read(template, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('if theme_id == "smes":\n    raise RuntimeError("boom")'))
    nbformat.write(nb, template)

    proc = build(repo)
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "RuntimeError: boom" in proc.stderr
    assert "pledge_financing" in last_run(repo)["executed"]  # book/ now holds pages of the edited data

    for path, data in saved.items():
        path.write_bytes(data)
    proc = build(repo)
    ok(proc)
    assert {"pledge_financing", "index"} <= set(last_run(repo)["executed"]), proc.stderr[-3000:]
    assert_same_book(repo, built)
    no_leftovers(repo)


# ---------------------------------------------------------------------------------------------- 2. --theme elsewhere


@pytest.fixture(scope="module")
def theme_elsewhere(built, tmp_path_factory) -> dict:
    """``--data other --theme pledge_financing`` with HTML, from data with a formula in a note and a
    template that warns and prints its absolute path; then everything restored and a plain build."""
    repo = copy_built(built["repo"], tmp_path_factory.mktemp("theme"))
    other = repo / "other"
    shutil.copytree(repo / "data", other)
    row = pledge_row(other)
    edit_csv_row(other / "observations.csv", row["id"], note=FORMULA)
    other_bytes = (other / "observations.csv").read_bytes()
    template = repo / "notebooks" / "theme.ipynb"  # built with --theme pledge_financing: only that page runs
    saved = template.read_bytes()
    nb = nbformat.read(template, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(textwrap.dedent("""\
        import os, warnings
        warnings.warn(f"careful in {os.getcwd()}", RuntimeWarning)
        print("working in", os.path.abspath("."))"""), metadata={"tags": ["remove-input"]}))
    nbformat.write(nb, template)

    elsewhere = build(repo, "--data", "other", "--theme", "pledge_financing")
    state = {
        "page": (repo / "_build" / "html" / "book" / "pledge_financing.html").read_text(encoding="utf-8"),
        "search": (repo / "_build" / "html" / "searchindex.js").read_text(encoding="utf-8"),
        "notebook": (repo / "book" / "pledge_financing.ipynb").read_text(encoding="utf-8"),
        "download": (repo / "book" / "downloads" / "observations.csv").read_bytes(),
        "other_unchanged": (other / "observations.csv").read_bytes() == other_bytes,
    }
    template.write_bytes(saved)
    shutil.rmtree(other)
    plain = build(repo)
    return {"repo": repo, "elsewhere": elsewhere, "plain": plain, "row": row, **state}


def test_theme_build_elsewhere_is_published(theme_elsewhere):
    ok(theme_elsewhere["elsewhere"])
    assert TOKEN in theme_elsewhere["page"]
    assert TOKEN in theme_elsewhere["search"]


def test_plain_build_after_theme_build_elsewhere_publishes_the_complete_book(theme_elsewhere, built):
    repo, proc = theme_elsewhere["repo"], theme_elsewhere["plain"]
    ok(proc)
    assert "pledge_financing" in last_run(repo)["executed"], proc.stderr[-3000:]
    assert_same_book(repo, built)
    no_leftovers(repo)


def test_search_index_holds_current_pages_only(theme_elsewhere):
    """Sphinx's incremental index kept words of pages as they were; the HTML is now built from scratch."""
    ok(theme_elsewhere["plain"])
    html = theme_elsewhere["repo"] / "_build" / "html"
    assert TOKEN not in (html / "searchindex.js").read_text(encoding="utf-8")
    assert not [p.name for p in html.rglob("*") if p.is_file() and TOKEN.encode() in p.read_bytes()]


def test_formulas_are_neutralised_in_the_downloads(theme_elsewhere):
    ok(theme_elsewhere["elsewhere"])
    assert theme_elsewhere["other_unchanged"], "the build changed its input"
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(theme_elsewhere["download"].decode("utf-8"))))
    cell = next(r["note"] for r in rows if r["id"] == theme_elsewhere["row"]["id"])
    assert cell == "'" + FORMULA
    assert not [c for r in rows for c in r.values() if c[:1] in ("=", "@")]
    values = [r["value"] for r in rows]
    assert values == [r["value"] for r in csv_rows(theme_elsewhere["repo"] / "data" / "observations.csv")]


def test_no_warning_or_absolute_path_is_published(theme_elsewhere):
    proc = theme_elsewhere["elsewhere"]
    ok(proc)
    root = str(theme_elsewhere["repo"])
    outputs = json.dumps([c.get("outputs", []) for c in json.loads(theme_elsewhere["notebook"])["cells"]])
    for text in (theme_elsewhere["page"], outputs):
        assert "RuntimeWarning" not in text and "careful in" not in text
        assert root not in text and str(Path(root).resolve()) not in text
    assert "working in" in outputs and "working in" in theme_elsewhere["page"]  # stdout stays, relativised
    assert re.search(r"warning: notebook pledge_financing: cell \d+ wrote to stderr", proc.stderr), proc.stderr[-2000:]


def test_no_warning_or_absolute_path_in_the_reference_book(built):
    root = built["repo"]
    forms = {str(root).encode(), str(root.resolve()).encode()}
    for name, data in {**{f"book/{k}": v for k, v in built["book"].items()},
                       **{f"html/{k}": v for k, v in built["html"].items()}}.items():
        assert not any(f in data for f in forms), f"{name} names the build's absolute path"
    for name, data in built["book"].items():
        if name.endswith(".ipynb"):
            outs = [o for c in json.loads(data)["cells"] for o in c.get("outputs", [])]
            assert not [o for o in outs if o.get("name") == "stderr"], f"{name} publishes stderr"


# ---------------------------------------------------------------------------------------------- 3. kill, lock


def _wait_for(proc: subprocess.Popen, pattern: str, timeout: float = 120) -> list[str]:
    lines, end = [], time.time() + timeout
    while time.time() < end:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if re.search(pattern, line):
            return lines
    raise AssertionError(f"no line matching {pattern!r}:\n{''.join(lines)[-3000:]}")


def test_killed_build_and_concurrent_build(built, tmp_path):
    repo = copy_built(built["repo"], tmp_path)
    obs = repo / "data" / "observations.csv"
    saved = obs.read_bytes()
    row = pledge_row(repo / "data")
    edit_csv_row(obs, row["id"], note=row["note"] + " (edited before a kill)")
    first = subprocess.Popen([sys.executable, "-m", "ipbook", "build", "--jobs", "1"], cwd=repo, env=env_for(repo),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _wait_for(first, r"executed in")  # book/ is being rewritten
        book_during = tree(repo / "book")
        second = build(repo)
        assert second.returncode == 3, second.stderr[-3000:]
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("another build is running in "), second.stderr
        assert "wait for it to finish" in lines[0]
        assert tree(repo / "book").keys() >= book_during.keys()
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        first.stderr.close()

    obs.write_bytes(saved)
    proc = build(repo)
    ok(proc)
    assert last_run(repo)["executed"], proc.stderr[-3000:]  # what the killed build rewrote is re-executed
    assert_same_book(repo, built)
    no_leftovers(repo)


def test_held_lock_refuses_a_second_build_until_released(built, tmp_path):
    """The lock is flock(2): while another process holds it the build refuses; once released it runs."""
    import fcntl

    repo = copy_built(built["repo"], tmp_path)
    lock = repo / "_build" / "build.lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        proc = build(repo, "--no-html")
        assert proc.returncode == 3, proc.stderr
    ok(build(repo, "--no-html"))


# ---------------------------------------------------------------------------------------------- 8. publish


KILL_AFTER = textwrap.dedent("""\
    import os, sys
    n, count = int(sys.argv[1]), [0]
    def wrap(f):
        def g(src, dst, *a, **k):
            r = f(src, dst, *a, **k)
            if "_build" in str(dst) and not str(dst).endswith((".json", ".pkl", ".lock")):
                count[0] += 1
                if count[0] == n:
                    os._exit(9)  # a kill right after this rename
            return r
        return g
    os.replace, os.rename = wrap(os.replace), wrap(os.rename)
    from ipbook import cli
    sys.exit(cli.main(["build"]))
""")


@pytest.mark.parametrize("step", [1, 2])
def test_kill_at_each_step_of_publishing_leaves_a_book(built, tmp_path, step):
    """The HTML was swapped in by two renames: a kill between them left no _build/html."""
    repo = copy_built(built["repo"], tmp_path)
    cfg = repo / "_config.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("figures, checked", "figures, checked again"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", KILL_AFTER, str(step)], cwd=repo, env=env_for(repo),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 9, proc.stderr[-3000:]
    html = repo / "_build" / "html"
    assert (html / "index.html").is_file(), f"killed after rename {step}: no _build/html/index.html"
    assert tree(html).keys() == built["html"].keys()
    ok(proc := build(repo))
    assert "checked again" in (html / "book" / "index.html").read_text(encoding="utf-8"), proc.stderr[-2000:]
    assert len(list((repo / "_build" / "published").iterdir())) == 1
    no_leftovers(repo)


# ---------------------------------------------------------------------------------------------- 6. inline scripts


@pytest.mark.parametrize("label", ["<!--<script>", "</script><script>alert(1)</script>", "a --> b & <c>"])
def test_chart_labels_cannot_break_the_inline_script(label):
    import altair as alt
    import pandas as pd

    from ipbook import chart

    fig = chart.Figure(alt.Chart(pd.DataFrame({"x": [label], "n": [1]}), title=label)
                       .mark_bar().encode(x="x:N", y="n:Q"), "alt")
    page = fig._repr_html_()
    script = page[page.index("<script>") + len("<script>"):page.rindex("</script>")]
    assert not re.search(r"<!--|-->|<script|</script", script, re.I), script[:300]
    assert page.count("<script") == 1 and page.count("</script") == 1
    spec = re.search(r"var spec = (.*);\n", script).group(1)
    assert json.loads(spec) == fig.spec


# ---------------------------------------------------------------------------------------------- 11. CSV cells


@pytest.mark.parametrize("cell, safe", [
    ("=1+2", "'=1+2"), ("+1+2", "'+1+2"), ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-3.5", "-3.5"), ("+12", "+12"), ("-1,000", "-1,000"), ("-2e-3", "-2e-3"), ("-5%", "-5%"),
    ("plain", "plain"), ("a=b", "a=b"), ("", ""),
])
def test_csv_cells_a_spreadsheet_would_execute_are_neutralised(cell, safe):
    import csv
    import io

    from ipbook import safecsv

    assert safecsv.neutralise_cell(cell) == safe
    text = "id,value,note\n" + "".join(f"r{i},{i},x\n" for i in range(3))
    assert safecsv.neutralise_text(text) is text  # nothing to do: the same bytes
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows([["id", "note"], ["r1", cell]])
    out = list(csv.reader(io.StringIO(safecsv.neutralise_text(buf.getvalue()), newline="")))
    assert out == [["id", "note"], ["r1", safe]]


# ---------------------------------------------------------------------------------------------- 11. I/O errors


def test_build_folder_that_is_a_file_is_one_line(pristine, tmp_path):
    repo = shutil.copytree(pristine, tmp_path / "repo", symlinks=True)
    shutil.rmtree(repo / "_build", ignore_errors=True)
    (repo / "_build").write_text("not a folder\n", encoding="utf-8")
    before = tree(repo / "book")
    proc = subprocess.run([sys.executable, "-m", "ipbook", "build"], cwd=repo, env=env_for(repo),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert proc.stderr.strip().splitlines() == [
        "build failed: not a folder (the build writes its output there): _build; "
        "the last good book in _build/html is unchanged"], proc.stderr[-3000:]
    assert tree(repo / "book") == before


def _mount_tmpfs(path: Path, size: int) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def test_disk_full_in_book_is_one_line_and_keeps_the_last_good_book(built, tmp_path):
    """A real ENOSPC: book/downloads on a tmpfs just big enough for the current downloads."""
    repo = copy_built(built["repo"], tmp_path)
    downloads = repo / "book" / "downloads"
    content = {p.name: p.read_bytes() for p in downloads.iterdir()}
    size = sum(len(v) for v in content.values())
    if not _mount_tmpfs(downloads, (size // 4096 + len(content) + 2) * 4096):
        pytest.skip("needs root and mount to make a small file system")
    try:
        for name, data in content.items():
            (downloads / name).write_bytes(data)
        filler = downloads / "filler"
        try:  # fill what is left, so the new observations.csv cannot be written
            with filler.open("wb") as fh:
                while True:
                    fh.write(b"\0" * 4096)
                    fh.flush()
        except OSError:
            pass
        filler.rename(downloads / ".filler")  # hidden: not a download; removed with the mount
        obs = repo / "data" / "observations.csv"
        row = pledge_row(repo / "data")
        edit_csv_row(obs, row["id"], note=row["note"] + " (a longer note " + "x" * 2000 + ")")
        html_before = tree(repo / "_build" / "html")
        proc = build(repo)
        assert proc.returncode == 1, proc.stderr[-3000:]
        lines = proc.stderr.strip().splitlines()
        assert lines[-1] == ("build failed: No space left on device: book/downloads/observations.csv; "
                             "the last good book in _build/html is unchanged"), proc.stderr[-3000:]
        assert "Traceback" not in proc.stderr
        assert tree(repo / "_build" / "html") == html_before
        assert {p.name: p.read_bytes() for p in downloads.iterdir() if not p.name.startswith(".")} == content
    finally:
        subprocess.run(["umount", str(downloads)], check=True)
