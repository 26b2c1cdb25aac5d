"""`python -m ipbook build` end to end: data-aware caching and a build that never damages the last good book.

Every test works on a private COPY of the repository (the files git tracks, plus _static/), so the
real book/ and _build/ are never touched. The build runs with cwd=the copy and PYTHONPATH=the copy:
PYTHONPATH comes before the editable install, so `import ipbook` in the runner, in the papermill
kernels and in the jupyter-book subprocess resolves to the copy (checked once in `pristine`, and by
every build writing the copy's own _build/last-run.json).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from repocopy import ROOT, append_csv_row, build, copy_tracked, csv_rows, csv_text, edit_csv_row, env_for, last_run, ok  # noqa: F401
BOOK_PAGES = {"index", "ledger", "methods", "sources"}


# ---------------------------------------------------------------------------------------------- helpers


def notebooks(repo: Path) -> set[str]:
    """The book's pages: every template but the theme template, which makes one page per theme of themes.yaml."""
    themes = yaml.safe_load((repo / "notebooks" / "themes.yaml").read_text(encoding="utf-8"))
    return {p.stem for p in (repo / "notebooks").glob("*.ipynb")} - {"theme"} | {t["id"] for t in themes}


def snapshot(folder: Path, pattern: str = "*") -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob(pattern)) if p.is_file()}


def theme_indicators(data: Path, theme: str) -> set[str]:
    entries = yaml.safe_load((data / "indicators.yaml").read_text(encoding="utf-8"))
    return {e["id"] for e in entries if e.get("theme") == theme}


# ---------------------------------------------------------------------------------------------- fixtures


# ---------------------------------------------------------------------------------------------- 1. fresh copy


def test_fresh_copy_executes_nothing(repo):
    """The committed book/ is up to date: a fresh clone rebuilds nothing and changes nothing."""
    before = snapshot(repo / "book")
    proc = build(repo, "--no-html")
    ok(proc)
    run = last_run(repo)
    assert run["executed"] == [], proc.stderr[-3000:]
    assert run["failed"] == []
    assert len(run["up_to_date"]) == 12
    assert set(run["up_to_date"]) == notebooks(repo)
    assert snapshot(repo / "book") == before


# ---------------------------------------------------------------------------------------------- 2. caching


def test_only_what_changed_is_executed(repo):
    data = repo / "data"
    ok(build(repo, "--no-html"))  # up to date first, whether or not the committed book is (test 1 says that)

    # (a) a touched file with the same content is not a change: the hashes are of content
    later = time.time() + 3600
    for p in [*data.rglob("*"), *(repo / "notebooks").glob("*.ipynb")]:
        if p.is_file():
            os.utime(p, (later, later))
    ok(proc := build(repo, "--no-html"))
    assert last_run(repo)["executed"] == [], proc.stderr[-3000:]

    # (b) the note of one pledge_financing observation: theme chapters hash only their own slice of the
    # data (and of the ledger), book-level pages hash all the data, so exactly these re-execute
    pledge = theme_indicators(data, "pledge_financing")
    row = next(r for r in csv_rows(data / "observations.csv") if r["indicator"] in pledge)
    edit_csv_row(data / "observations.csv", row["id"], note=row["note"] + " (note edited by test_runner)")
    ok(proc := build(repo, "--no-html"))
    run = last_run(repo)
    assert set(run["executed"]) == BOOK_PAGES | {"pledge_financing"}, proc.stderr[-3000:]
    assert set(run["up_to_date"]) == notebooks(repo) - BOOK_PAGES - {"pledge_financing"}
    assert run["failed"] == []

    # (c) and then nothing is left to do
    ok(proc := build(repo, "--no-html"))
    run = last_run(repo)
    assert run["executed"] == [], proc.stderr[-3000:]
    assert set(run["up_to_date"]) == notebooks(repo)


# ---------------------------------------------------------------------------------------------- 3. bad data


def test_bad_data_executes_nothing(repo):
    obs = repo / "data" / "observations.csv"
    row = csv_rows(obs)[5]
    line = edit_csv_row(obs, row["id"], value="not-a-number")
    broken = obs.read_bytes()
    book_before = snapshot(repo / "book")

    proc = build(repo, "--no-html")

    assert proc.returncode == 2, proc.stderr[-3000:]
    assert f"observations.csv:{line}: value:" in proc.stderr, proc.stderr
    assert "nothing was executed" in proc.stderr
    assert snapshot(repo / "book", "*.ipynb") == {k: v for k, v in book_before.items() if k.endswith(".ipynb")}
    assert snapshot(repo / "book") == book_before  # downloads too
    assert obs.read_bytes() == broken  # the build does not "fix" its input


# ---------------------------------------------------------------------------------------------- 4. a failing notebook


BOOM = 'if theme_id == "smes":\n    raise RuntimeError("boom in test")'


@pytest.fixture(scope="module")
def broken_smes(pristine, tmp_path_factory) -> dict:
    """A full good build with HTML, then the theme template made to raise on the smes page, then the build again."""
    repo = shutil.copytree(pristine, tmp_path_factory.mktemp("broken") / "repo", symlinks=True)
    ok(build(repo))  # nothing to execute, but the HTML is built: the "last good book"
    assert (repo / "_build" / "html" / "index.html").is_file()
    book_before = snapshot(repo / "book")
    html_before = snapshot(repo / "_build" / "html")

    template = repo / "notebooks" / "theme.ipynb"
    nb = nbformat.read(template, as_version=4)
    cell = nbformat.v4.new_code_cell(BOOM)
    nb.cells.append(cell)
    nbformat.write(nb, template)

    proc = build(repo)
    return {"repo": repo, "proc": proc, "book_before": book_before, "html_before": html_before,
            "template": nb, "cell": cell}


def test_failing_notebook_keeps_the_last_good_book(broken_smes):
    repo, proc = broken_smes["repo"], broken_smes["proc"]
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "smes.ipynb" in proc.stderr
    assert re.search(r"\bcell \d+", proc.stderr), proc.stderr[-3000:]
    assert "RuntimeError: boom in test" in proc.stderr
    run = last_run(repo)
    # the one template serves every theme, so the other seven theme pages ran again (and passed)
    others = notebooks(repo) - {"smes", "index", "ledger", "methods", "sources"}
    assert run["failed"] == ["smes"] and sorted(run["executed"]) == sorted(others)

    # the last good notebook and the last good HTML survive, byte for byte
    assert (repo / "book" / "smes.ipynb").read_bytes() == broken_smes["book_before"]["smes.ipynb"]
    after = snapshot(repo / "book")
    assert {k for k in after if after[k] != broken_smes["book_before"].get(k)} <= {f"{t}.ipynb" for t in others}
    html = repo / "_build" / "html"
    before = broken_smes["html_before"]
    assert (html / "book" / "smes.html").read_bytes() == before["book/smes.html"]
    assert (html / "index.html").read_bytes() == before["index.html"]
    assert snapshot(html) == before
    # no temporary notebook left behind
    assert not [p.name for p in (repo / "book").iterdir() if p.name.startswith(".")]


def test_failing_cell_is_named_as_it_is_in_the_template(broken_smes):
    """The message must let the user find the cell in notebooks/theme.ipynb (the executed copy is discarded).

    Accepted: the cell's position among all cells or among the code cells (1- or 0-based), or its id or
    source in the message. An execution count counts the injected parameters cell, which the template
    does not have, and there is no executed notebook left to look it up in.
    """
    proc, nb, cell = broken_smes["proc"], broken_smes["template"], broken_smes["cell"]
    assert proc.returncode == 1
    if (cell.get("id") and cell["id"] in proc.stderr) or BOOM in proc.stderr:
        return
    index = next(i for i, c in enumerate(nb.cells) if c is cell or c.source == BOOM)
    code_index = sum(1 for c in nb.cells[:index] if c.cell_type == "code")
    findable = {index, index + 1, code_index, code_index + 1}
    named = [int(n) for n in re.findall(r"theme\.ipynb[^\n]*?\bcell (\d+)", proc.stderr)]
    assert named, proc.stderr[-3000:]
    assert set(named) <= findable, (
        f"stderr names cell {named}, but the failing cell is cell {index + 1} of notebooks/theme.ipynb "
        f"(code cell {code_index + 1}): {proc.stderr.strip().splitlines()[-2]}")


# ---------------------------------------------------------------------------------------------- 5. --theme


@pytest.fixture(scope="module")
def forced_pledge(pristine, tmp_path_factory) -> dict:
    repo = shutil.copytree(pristine, tmp_path_factory.mktemp("forced") / "repo", symlinks=True)
    ok(build(repo, "--no-html"))  # up to date first: test 1 checks the committed book, these check re-execution
    before = snapshot(repo / "book")
    proc = build(repo, "--theme", "pledge_financing", "--force", "--no-html")
    return {"repo": repo, "proc": proc, "before": before}


def test_theme_force_executes_only_that_notebook(forced_pledge):
    repo, proc, before = forced_pledge["repo"], forced_pledge["proc"], forced_pledge["before"]
    ok(proc)
    run = last_run(repo)
    assert run == {"executed": ["pledge_financing"], "up_to_date": [], "failed": []}, proc.stderr[-3000:]
    after = snapshot(repo / "book")
    assert {k for k in after if after[k] != before.get(k)} <= {"pledge_financing.ipynb"}
    nb = nbformat.read(repo / "book" / "pledge_financing.ipynb", as_version=4)
    # the page records its parameters but not where the data was: a path is not a parameter of the result
    assert nb.metadata["ipbook"]["parameters"] == {"theme_id": "pledge_financing", "as_of": "latest", "reach": 1.0,
                                                   "qualifier_overrides": {}, "plausible_annual_factor": 3.0}


def _differences(a: dict, b: dict) -> list[str]:
    out = [f"metadata.{k}" for k in set(a["metadata"]) | set(b["metadata"]) if a["metadata"].get(k) != b["metadata"].get(k)]
    if len(a["cells"]) != len(b["cells"]):
        return out + [f"{len(a['cells'])} vs {len(b['cells'])} cells"]
    for i, (x, y) in enumerate(zip(a["cells"], b["cells"])):
        tags = x.get("metadata", {}).get("tags", [])
        out += [f"cells[{i}] (tags {tags}).{k}: {x.get(k)!r} vs {y.get(k)!r}"[:200]
                for k in set(x) | set(y) if x.get(k) != y.get(k)]
    return out


def test_reexecution_with_unchanged_inputs_is_byte_identical(forced_pledge):
    """Re-executing a notebook whose inputs did not change reproduces the file byte for byte (no diff noise)."""
    repo, before = forced_pledge["repo"], forced_pledge["before"]
    ok(forced_pledge["proc"])
    new = (repo / "book" / "pledge_financing.ipynb").read_bytes()
    old = before["pledge_financing.ipynb"]
    fingerprint = [json.loads(b)["metadata"]["ipbook"]["fingerprint"] for b in (old, new)]
    assert fingerprint[0] == fingerprint[1]
    assert new == old, "re-executed notebook differs from the committed one: " + "; ".join(
        _differences(json.loads(old), json.loads(new)))


def test_unknown_theme_exits_2(repo):
    before = snapshot(repo / "book")
    proc = build(repo, "--theme", "no_such_theme", "--no-html")
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert "no_such_theme" in proc.stderr
    assert snapshot(repo / "book") == before


def test_sections_with_nothing_to_show_are_dropped():
    import nbformat

    from IPython.core.formatters import DisplayFormatter

    from ipbook.build_execute import drop_empty_sections
    from ipbook.present import nothing

    def code(shown):
        """A cell displaying ``shown`` (HTML text, or an object formatted as IPython would), or nothing."""
        c = nbformat.v4.new_code_cell("x")
        if isinstance(shown, str):
            c.outputs = [nbformat.v4.new_output("execute_result", {"text/html": shown, "text/plain": "x"})]
        elif shown is not None:
            data, metadata = DisplayFormatter().format(shown)
            c.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
        return c

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title"), code("<p>intro</p>"),
        nbformat.v4.new_markdown_cell("## Trend"), nbformat.v4.new_markdown_cell("A trend is fitted where..."),
        code(nothing("No series in this theme has two or more comparable periods.")),
        nbformat.v4.new_markdown_cell("## Levels over time"), code(None),  # an empty chart shows no output at all
        nbformat.v4.new_markdown_cell("## Checks"), code(None), code("<table>…</table>"),
        nbformat.v4.new_markdown_cell("## What to read next"),  # text only: kept
    ])
    drop_empty_sections(nb)
    assert ["".join(c.source) for c in nb.cells if c.cell_type == "markdown"] == ["# Title", "## Checks", "## What to read next"]
    assert len(nb.cells) == 6


def test_a_data_folder_without_reviews_still_offers_findings_yaml(tmp_path):
    """The sources page links findings.yaml; a data folder without one (an analyst's new folder) must not break
    the HTML build with a missing download: an empty list of reviews is offered instead."""
    import shutil

    from ipbook import dataset, ledger
    from ipbook.build_plan import Project
    from ipbook.publish import write_downloads

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "findings.yaml").unlink()
    project = Project(tmp_path)
    (tmp_path / "_build").mkdir()
    led = ledger.build(dataset.load(data))
    write_downloads(project, data, led)
    offered = project.downloads / "findings.yaml"
    assert offered.read_text(encoding="utf-8") == "# No finding of this data folder has been reviewed yet.\n[]\n"
    assert (project.downloads / "observations.csv").read_bytes() == (data / "observations.csv").read_bytes()


def test_every_template_states_the_build_defaults():
    """One source for defaults: each template's parameters cell gives what the build injects (and a page run by
    hand, or re-run by nbval, reads the template's values)."""
    import ast

    from ipbook.build_plan import DEFAULT_PARAMETERS

    root = Path(__file__).resolve().parents[1] / "notebooks"
    for path in sorted(root.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        values = {t.id: ast.literal_eval(n.value) for n in ast.parse(cell.source).body
                  if isinstance(n, ast.Assign) for t in n.targets}
        assert {k: values[k] for k in DEFAULT_PARAMETERS} == DEFAULT_PARAMETERS, path.name
        assert values["data_dir"] == "../data", path.name


def test_a_large_csv_is_neutralised_slice_by_slice_as_it_would_be_whole(monkeypatch):
    """publish.neutralise cuts a large CSV at line breaks outside quotes: the cells it neutralises and the file it
    gives are those of safecsv on the whole file (quoted line breaks and quotes straddling a cut included)."""
    import io

    import pandas as pd

    from ipbook import publish, safecsv

    rows = [{"id": f"o{i}", "note": ['plain', 'a "quoted"\nline break, here', '=HYPERLINK("x")', '-3.5', '@SUM(A1)',
                                     'two\nlines'][i % 6], "value": i * 1.5} for i in range(3000)]
    text = pd.DataFrame(rows).to_csv(index=False)
    data = text.encode()
    whole = safecsv.neutralise_bytes(data)
    monkeypatch.setattr(publish, "NEUTRALISE_SLICE", 997)  # many cuts, some inside quoted cells
    assert publish.neutralise(data) == whole
    assert pd.read_csv(io.BytesIO(whole))["note"].str.startswith("'=").sum() == 500
    clean = pd.DataFrame({"id": [f"o{i}" for i in range(3000)], "note": "plain"}).to_csv(index=False).encode()
    assert publish.neutralise(clean) is clean
    crlf = pd.DataFrame(rows).to_csv(index=False, lineterminator="\r\n").encode()
    assert publish.neutralise(crlf) == safecsv.neutralise_bytes(crlf)
    mixed = data.replace(b"two\nlines", b"two\r\nlines")  # a CR LF in a cell of a file whose lines end in LF
    assert publish.neutralise(mixed) == safecsv.neutralise_bytes(mixed)
