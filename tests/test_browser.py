"""The published book in a real browser: every page, offline, every chart drawn, no console errors.

Chromium comes from Debian's package (/usr/bin/chromium); test tools that download their own
browser cannot work on the machines this project runs on. When it is missing and the test runs
as root, the test installs it with apt-get; otherwise it fails with the command to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _ensure_chromium() -> str:
    if shutil.which("chromium") or os.path.exists(CHROMIUM):
        return shutil.which("chromium") or CHROMIUM
    if os.geteuid() != 0:
        pytest.fail("Chromium is missing: run `sudo apt-get install -y chromium` (Debian's package) and retry")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return CHROMIUM


@pytest.fixture(scope="session")
def html_dir(tmp_path_factory) -> Path:
    """Build the book as `make book` does, in a copy of the repository (the checkout is never written)."""
    from repocopy import build, copy_tracked, ok

    repo = copy_tracked(ROOT, tmp_path_factory.mktemp("browser") / "repo")
    ok(build(repo))
    return repo / "_build" / "html"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    exe = _ensure_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=FLAGS)
        yield b
        b.close()


def _pages(html_dir: Path) -> list[Path]:
    return sorted((html_dir / "book").glob("*.html"))


def test_every_page_renders_offline(html_dir, browser):
    pages = _pages(html_dir)
    names = {p.stem for p in pages}
    assert {"index", "pledge_financing", "ledger", "methods", "sources"} <= names
    artifacts = html_dir.parents[1] / "test-artifacts"  # in the copy the book was built in
    artifacts.mkdir(exist_ok=True)
    report = []
    for page_path in pages:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
        page = ctx.new_page()
        errors, outside = [], []
        page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))

        def guard(route, o=outside):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                o.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        page.goto(page_path.as_uri())
        n_charts = page.locator(".ipbook-chart").count()
        if n_charts:
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('.ipbook-chart')).every(e => e.querySelector('svg, canvas'))",
                timeout=20000,
            )
        drawn = page.eval_on_selector_all(".ipbook-chart", "els => els.filter(e => e.querySelector('svg, canvas')).length")
        if page_path.stem == "index":
            page.screenshot(path=str(artifacts / "overview.png"))
        report.append((page_path.name, n_charts, drawn, errors, outside))
        ctx.close()
    for name, n, drawn, errors, outside in report:
        assert drawn == n, f"{name}: {drawn} of {n} charts drawn"
        assert errors == [], f"{name}: console errors {errors}"
        assert outside == [], f"{name}: requests left file:// {outside}"
    # every theme chapter has its two charts; the overview and ledger have theirs
    counts = {name: n for name, n, *_ in report}
    for theme in ("pledge_financing", "transfer_licensing", "universities", "smes", "service_industry",
                  "insurance_securitisation", "economic_contribution", "examination_services"):
        assert counts[f"{theme}.html"] == 2, counts
    assert counts["ledger.html"] == 2 and counts["index.html"] == 1
    assert (artifacts / "overview.png").stat().st_size > 10_000


def test_ledger_table_sorts_and_filters(html_dir, browser):
    ctx = browser.new_context(offline=True)
    page = ctx.new_page()
    page.goto((html_dir / "book" / "ledger.html").as_uri())
    rows = page.locator("table.ipbook-ledger tbody tr")
    total = rows.count()
    assert total > 50
    page.fill("input.ipbook-filter", "inconsistent")
    visible = page.eval_on_selector_all("table.ipbook-ledger tbody tr", "rs => rs.filter(r => r.style.display !== 'none').length")
    assert 0 < visible < total
    page.fill("input.ipbook-filter", "")
    page.click("table.ipbook-ledger thead th:nth-child(1)")  # sort by check id
    first = page.locator("table.ipbook-ledger tbody tr td:nth-child(1)").first.inner_text()
    ids = page.eval_on_selector_all("table.ipbook-ledger tbody tr td:nth-child(1)", "tds => tds.map(t => t.textContent.trim())")
    assert first == sorted(ids)[0]
    ctx.close()
