"""The published book in a real browser: every page, offline, every chart drawn, no console errors.

Chromium comes from Debian's package (/usr/bin/chromium); test tools that download their own
browser cannot work on the machines this project runs on. When it is missing and the test runs
as root, the test installs it with apt-get; otherwise it fails with the command to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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
        # each chart says what it shows (not "Vega visualization") and names its source inside the drawing
        labels = page.eval_on_selector_all(".ipbook-chart", "els => els.map(e => e.getAttribute('aria-label') || '')")
        assert all(len(x) > 20 and "Vega visualization" not in x for x in labels), (page_path.name, labels)
        sources = page.eval_on_selector_all(
            ".ipbook-chart svg", "ss => ss.filter(s => Array.from(s.querySelectorAll('text')).some(t => t.textContent.startsWith('Source:'))).length")
        assert sources == n_charts, (page_path.name, sources, n_charts)
        if page_path.stem == "index":
            page.screenshot(path=str(artifacts / "overview.png"))
        report.append((page_path.name, n_charts, drawn, errors, outside))
        ctx.close()
    for name, n, drawn, errors, outside in report:
        assert drawn == n, f"{name}: {drawn} of {n} charts drawn"
        assert errors == [], f"{name}: console errors {errors}"
        assert outside == [], f"{name}: requests left file:// {outside}"
    # every chart the report has something for is on its page, and no empty one (the report decides, from the data)
    from ipbook import indicator
    from ipbook.report import Report

    rep = Report(data_dir=str(html_dir.parents[1] / "data"))
    counts = {name: n for name, n, *_ in report}
    for theme in indicator.THEMES:
        t = rep.theme(theme)
        assert counts[f"{theme}.html"] == bool(t.levels_chart()) + bool(t.checks_chart()), (theme, counts)
    assert counts["ledger.html"] == 2 and counts["index.html"] == 1
    assert sum(counts.values()) >= 10
    assert (artifacts / "overview.png").stat().st_size > 10_000


def test_ledger_table_sorts_and_filters(html_dir, browser):
    ctx = browser.new_context(offline=True)
    page = ctx.new_page()
    page.goto((html_dir / "book" / "ledger.html").as_uri())
    rows = page.locator("table.ipbook-ledger tbody tr")
    total = rows.count()
    assert total > 50
    page.fill("input.ipbook-filter", "material")
    visible = page.eval_on_selector_all("table.ipbook-ledger tbody tr", "rs => rs.filter(r => r.style.display !== 'none').length")
    assert 0 < visible < total
    page.fill("input.ipbook-filter", "")
    page.click("table.ipbook-ledger thead th:nth-child(1)")  # sort by check id
    first = page.locator("table.ipbook-ledger tbody tr td:nth-child(1)").first.inner_text()
    ids = page.eval_on_selector_all("table.ipbook-ledger tbody tr td:nth-child(1)", "tds => tds.map(t => t.textContent.trim())")
    assert first == sorted(ids)[0]
    ctx.close()


WIDTHS = ((1280, 800), (390, 844))

# Chinese text outside an element marked lang="zh-Hans" (a screen reader would read 亿 as English)
UNMARKED_CHINESE = """() => {
  const out = [], walk = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const n = walk.currentNode, p = n.parentElement;
    if (/[\\u3400-\\u9fff]/.test(n.textContent) && p && !p.closest('[lang="zh-Hans"], script, style, svg, noscript'))
      out.push(n.textContent.trim().slice(0, 60));
  }
  return out;
}"""

# Each annual point of a chart (its tooltip says "Period: 2020") against the label of its year on the x axis of
# its panel: [year, point's x, label's x] in CSS pixels; the label is the nearest below the point with that text.
ANNUAL_POINTS = """() => {
  const out = [];
  document.querySelectorAll('.ipbook-chart svg').forEach(svg => {
    const labels = Array.from(svg.querySelectorAll('g.role-axis-label text')).map(t => {
      const r = t.getBoundingClientRect(); return [t.textContent, r.x + r.width / 2, r.y]; });
    svg.querySelectorAll('path[aria-roledescription="point"]').forEach(p => {
      const m = /Period: (\\d{4})(?:;|$)/.exec(p.getAttribute('aria-label') || '');
      if (!m) return;
      const r = p.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
      const below = labels.filter(l => l[0] === m[1] && l[2] > y).sort((a, b) => a[2] - b[2]);
      out.push([m[1], x, below.length ? below[0][1] : null]);
    });
  });
  return out;
}"""


@pytest.mark.parametrize("width,height", WIDTHS)
def test_pages_fit_their_width_and_show_no_code(html_dir, browser, width, height):
    """At laptop and phone width no page scrolls sideways, no table is wider than its container, no code toggle."""
    artifacts = html_dir.parents[1] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    problems, misplaced, annual = [], [], 0
    for page_path in _pages(html_dir):
        ctx = browser.new_context(viewport={"width": width, "height": height}, offline=True)
        page = ctx.new_page()
        page.goto(page_path.as_uri())
        page.wait_for_selector(".ipbook-chart svg", timeout=10_000) if page.locator(".ipbook-chart").count() else None
        # an annual figure is drawn on its year (2020 on the 2020 label, not at the end of the year)
        for year, x, label_x in page.evaluate(ANNUAL_POINTS):
            annual += 1
            if label_x is None or abs(x - label_x) > 3:
                misplaced.append((page_path.stem, year, round(x), label_x and round(label_x)))
        sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        tables = page.eval_on_selector_all(
            ".ipbook-table", "ts => ts.filter(t => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)"
                             ".map(t => Math.round(t.getBoundingClientRect().width))")
        toggles = page.get_by_text("Show code cell source").count()
        chinese = page.evaluate(UNMARKED_CHINESE)
        if sideways > 0 or tables or toggles or chinese:
            problems.append((page_path.stem, sideways, tables, toggles, chinese))
        if page_path.stem in ("index", "service_industry"):
            page.screenshot(path=str(artifacts / f"{page_path.stem}-{width}.png"))
        ctx.close()
    assert problems == [], problems
    assert misplaced == [] and annual >= 10, (annual, misplaced)  # 10: pledge financing alone draws 3
    assert (artifacts / f"index-{width}.png").stat().st_size > 10_000


@pytest.mark.parametrize("width,height", ((1366, 768), (390, 844)))
def test_key_findings_are_on_the_first_screen(html_dir, browser, width, height):
    ctx = browser.new_context(viewport={"width": width, "height": height}, offline=True)
    page = ctx.new_page()
    page.goto((html_dir / "book" / "index.html").as_uri())
    box = page.locator(".ipbook-key-findings")
    assert box.locator("h2").inner_text() == "Key findings"
    items = box.locator("ol.ipbook-findings > li")
    assert items.count() >= 3
    # the third finding ends inside the first screen (768 px high on a laptop; 844 on the phone, the same 768 asked)
    bottom = items.nth(2).evaluate("e => e.getBoundingClientRect().bottom")
    assert bottom <= 768, bottom
    # the located slip leads, with its correction and a link to the evidence on the ledger page
    first = items.nth(0).inner_text()
    assert "21 billion yuan" in first and "210 billion yuan" in first
    href = items.nth(0).locator("a").get_attribute("href")
    assert href.startswith("ledger.html#finding-")
    ledger = (html_dir / "book" / "ledger.html").read_text(encoding="utf-8")
    assert f'id="{href.split("#")[1]}"' in ledger
    ctx.close()
