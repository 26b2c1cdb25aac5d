"""Re-executing the book with new figures, and rendering untrusted text safely.

As in test_runner.py, every build runs in a private COPY of the repository (the files git tracks plus
_static/) with PYTHONPATH=the copy, so the real book/ and _build/ are never touched; each build's
_build/last-run.json in the copy shows the copy's ipbook ran.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
import yaml

from repocopy import ROOT, append_csv_row, build, copy_tracked, csv_rows, csv_text, edit_csv_row, env_for, last_run, ok  # noqa: F401
CHROMIUM = "/usr/bin/chromium"


# ---------------------------------------------------------------------------------------------- helpers


def outputs_text(nb_path: Path) -> str:
    """Everything the executed notebook shows: stream text and text/html, text/markdown, text/plain outputs."""
    nb = nbformat.read(nb_path, as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append(out["text"])
            for mime in ("text/html", "text/markdown", "text/plain"):
                if mime in out.get("data", {}):
                    parts.append(out["data"][mime])
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------- fixtures


# ---------------------------------------------------------------------------------------------- 1. new figures

# A MADE-UP release for this test: the 2022 figure and its growth rate are invented, not CNIPA's.
NEW_RELEASE = (
    "In 2022, the amount of national patent and trademark pledge financing reached 486.88 billion yuan, "
    "an increase of 57.1% year-on-year.\n"
)
NEW_SOURCE = textwrap.dedent("""\
    - id: test-release-2023
      file: test_release_2023.txt
      title: "Made-up press release on 2022 pledge financing (test data, not a real source)"
      publisher: ipbook tests
      date_published: "2023-01-15"
      period_covered: "2022"
      language: English
      translation_note: Not a translation; the text and its figures are invented for a test.
      kind: official
    """)
LABEL = "Patent and trademark pledge financing"


def test_whole_book_from_another_data_directory(repo, tmp_path):
    newdata = shutil.copytree(repo / "data", tmp_path / "newdata")
    (newdata / "sources" / "test_release_2023.txt").write_text(NEW_RELEASE, encoding="utf-8")
    sources_yaml = newdata / "sources.yaml"
    text = sources_yaml.read_text(encoding="utf-8")
    sources_yaml.write_text(text + ("" if text.endswith("\n") else "\n") + NEW_SOURCE, encoding="utf-8")
    append_csv_row(
        newdata / "observations.csv", id="o900-001", indicator="pledge_financing_amount", region="China",
        period="2022", value="486.88", unit="billion yuan", qualifier="exact", source="test-release-2023",
        quote="In 2022, the amount of national patent and trademark pledge financing reached 486.88 billion yuan",
    )
    append_csv_row(
        newdata / "claims.csv", id="c900-001", kind="growth", indicator="pledge_financing_amount", region="China",
        period="2022", base_period="2021", subject="o900-001", value="57.1", unit="%", qualifier="exact",
        source="test-release-2023", quote="an increase of 57.1% year-on-year",
    )

    # before: the annual series has 3 points (2019 implied, 2020, 2021), too few for a trend
    before = outputs_text(repo / "book" / "pledge_financing.ipynb")
    assert re.search(re.escape(LABEL) + r" \(China\): 3 points[^<]*so none is fitted", before)
    assert "486.88" not in before

    proc = build(repo, "--data", str(newdata))
    ok(proc)
    run = last_run(repo)
    assert run["failed"] == []
    assert {"pledge_financing", "index", "ledger", "methods", "sources"} <= set(run["executed"]), run

    after = outputs_text(repo / "book" / "pledge_financing.ipynb")
    # the new period and the growth computed from the levels: 486.88 / 309.8 - 1 = 0.57159... -> 57.2%
    assert f"{486.88 / 309.8 - 1:.1%}" == "57.2%"
    assert "486.88 billion yuan" in after
    tag = r"(?:\s|<[^>]*>)*"
    assert re.search(r"2021 → 2022" + tag + r"309\.8 billion yuan → 486\.88 billion yuan" + tag + r"\+57\.2%", after), \
        "no growth row 2021 → 2022 with +57.2% in book/pledge_financing.ipynb"
    # with 4 annual points the statsmodels trend is fitted
    assert re.search(re.escape(LABEL) + r" \(China\):[^<]*log-linear trend grows by", after)

    # the ledger: recomputed growth [486.875/309.85 - 1, 486.885/309.75 - 1] = [57.13%, 57.19%]
    # overlaps the stated 57.1% read as [57.05, 57.15], so the claim is consistent
    rows = [r for r in csv_rows(repo / "book" / "downloads" / "ledger.csv") if "c900-001" in r["claims"].split()]
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["verdict"] == "consistent", row
    assert float(row["recomputed_lo"]) == pytest.approx((486.875 / 309.85 - 1) * 100, abs=1e-3)
    assert float(row["recomputed_hi"]) == pytest.approx((486.885 / 309.75 - 1) * 100, abs=1e-3)
    assert float(row["stated_lo"]) == pytest.approx(57.05) and float(row["stated_hi"]) == pytest.approx(57.15)
    # the downloads are the data the book was built from
    assert (repo / "book" / "downloads" / "observations.csv").read_bytes() == (newdata / "observations.csv").read_bytes()

    page = (repo / "_build" / "html" / "book" / "pledge_financing.html").read_text(encoding="utf-8")
    assert "486.88" in page and "57.2%" in page

    # no page names the folder it was built from (neither its absolute path nor its path from book/): the
    # executed notebooks can be committed and re-run by nbval, which reads data/
    relative = os.path.relpath(newdata.resolve(), (repo / "book").resolve())
    for nb_path in sorted((repo / "book").glob("*.ipynb")):
        raw = nb_path.read_text(encoding="utf-8")
        assert "/tmp" not in raw and str(tmp_path) not in raw and relative not in raw, nb_path.name
        assert "data_dir" not in json.loads(raw)["metadata"]["ipbook"]["parameters"], nb_path.name

    # switching to a folder with other content re-executes only the pages whose data differ: a theme whose
    # figures and checks are the same as in data/ is left as it is
    ok(build(repo, "--data", str(repo / "data")))
    back = last_run(repo)
    untouched = {"smes", "universities", "examination_services"}  # no pledge-financing figure, no shared check
    assert untouched.isdisjoint(back["executed"]) and untouched <= set(back["up_to_date"]), back


def test_the_same_data_in_another_folder_executes_nothing(repo, tmp_path):
    ok(build(repo, "--no-html"))
    copy = shutil.copytree(repo / "data", tmp_path / "elsewhere" / "data")
    proc = build(repo, "--data", str(copy), "--no-html")
    ok(proc)
    assert last_run(repo)["executed"] == [], proc.stderr[-2000:]


# ---------------------------------------------------------------------------------------------- 2. safe rendering

EVIL = '<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2">'

# Run in a subprocess: a second sync_playwright() in a pytest session where test_browser.py's
# session-scoped one is still open would fail, and the browser is kept away from the test process.
BROWSER_SCRIPT = r"""
import json, sys
from playwright.sync_api import sync_playwright
out = {}
with sync_playwright() as p:
    b = p.chromium.launch(executable_path=sys.argv[1], args=['--no-sandbox', '--disable-gpu'])
    for url in sys.argv[2:]:
        ctx = b.new_context(offline=True)
        page = ctx.new_page()
        page.goto(url)
        page.wait_for_load_state('load')
        page.wait_for_timeout(500)
        out[url] = {
            "pwned": page.evaluate("typeof window.__pwned === 'undefined' ? null : String(window.__pwned)"),
            "text": page.evaluate("document.body.textContent"),
            "injected_imgs": page.evaluate("document.querySelectorAll('img[onerror]').length"),
        }
        ctx.close()
    b.close()
print(json.dumps(out))
"""


def test_untrusted_text_is_shown_not_run(repo):
    data = repo / "data"
    indicators = {e["id"]: e for e in yaml.safe_load((data / "indicators.yaml").read_text(encoding="utf-8"))}
    sources = {e["id"]: e for e in yaml.safe_load((data / "sources.yaml").read_text(encoding="utf-8"))}
    # an observation of the smes theme whose value is plain digits
    obs = next(r for r in csv_rows(data / "observations.csv")
               if indicators[r["indicator"]]["theme"] == "smes" and r["value"].isdigit())
    theme = indicators[obs["indicator"]]["theme"]
    quote = f"{EVIL} {obs['value']} enterprises"  # contains the value, as a quote must
    edit_csv_row(data / "observations.csv", obs["id"], quote=quote)
    text_file = data / "sources" / sources[obs["source"]]["file"]
    text_file.write_text(text_file.read_text(encoding="utf-8") + "\n" + quote + "\n", encoding="utf-8")

    proc = build(repo)
    ok(proc)
    run = last_run(repo)
    assert theme in run["executed"], run

    html_dir = repo / "_build" / "html"
    page = html_dir / "book" / f"{theme}.html"
    raw = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned" in raw
    assert "<script>window.__pwned" not in raw
    assert 'onerror="window.__pwned' not in raw
    # every page that shows the quote escapes it
    showing = [p for p in sorted(html_dir.rglob("*.html")) if "window.__pwned" in p.read_text(encoding="utf-8")]
    assert page in showing
    for p in showing:
        r = p.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in r and 'onerror="window.__pwned' not in r, p

    urls = [p.as_uri() for p in showing]
    res = subprocess.run([sys.executable, "-c", BROWSER_SCRIPT, CHROMIUM, *urls],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-4000:]
    seen = json.loads(res.stdout.strip().splitlines()[-1])
    for url, got in seen.items():
        assert got["pwned"] is None, (url, got["pwned"])
        assert got["injected_imgs"] == 0, url
    assert "<script>window.__pwned = 1</script>" in seen[page.as_uri()]["text"]
