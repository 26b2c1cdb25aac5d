"""The presentation layer: report tables are DataFrames shown through a Styler, sentences are Markdown."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import markdown_it
import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter

from ipbook import present
from ipbook.report import Report

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def report():
    return Report(data_dir=str(DATA))


def _frame():
    return pd.DataFrame({"label": ["A <b>bold</b>", "B"], "period": ["2020", "2021"],
                         "finding": ["material inconsistency", "consistent"],
                         "note": ["see src-1", ""], "quote": ["it said <script>x</script>", "q2"], "anchor": ["r1", "r2"]})


def test_a_table_is_its_dataframe_with_the_headings_of_the_page():
    t = present.table(_frame(), {"label": "Indicator", "period": "Period", "finding": "Verdict"},
                      detail={"note": "Note"}, quote_col="quote", row_id="anchor")
    assert list(t.data.columns) == ["Indicator", "Period", "Verdict", "Note", "Quote"]
    assert t.data.loc[0, "Indicator"] == "A <b>bold</b>"  # the data as it is; escaping is display's business
    assert repr(t) == "Table: 2 rows × 5 columns (Indicator, Period, Verdict, Note, Quote)"


def test_a_table_escapes_links_and_folds_details():
    t = present.table(_frame(), {"label": "Indicator", "period": "Period", "finding": "Verdict"},
                      detail={"note": "Note"}, quote_col="quote", row_id="anchor", source_ids=["src-1"])
    html = t.html
    assert "<b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>" not in html and "“it said &lt;script&gt;x&lt;/script&gt;”" in html
    assert '<a class="ipbook-source" href="sources.html#src-1">src-1</a>' in html
    assert '<tr id="r1" data-finding="material inconsistency">' in html
    assert '<span class="ipbook-verdict v-material">material inconsistency</span>' in html
    # shown columns carry their heading for the phone's cards; the empty note of row 2 is not listed
    assert '<td class="col-period" data-label="Period">2021</td>' in html
    assert html.count("<dt>Note</dt>") == 1
    # deterministic: the same bytes twice (nbval compares pages)
    assert html == present.table(_frame(), {"label": "Indicator", "period": "Period", "finding": "Verdict"},
                                 detail={"note": "Note"}, quote_col="quote", row_id="anchor",
                                 source_ids=["src-1"]).html


def test_a_table_download_is_the_dataframe_as_csv_for_spreadsheets():
    t = present.table(_frame(), {"label": "Indicator", "period": "Period"}, download="x")
    href = t.html.split('href="data:text/csv;charset=utf-8,')[1].split('"')[0]
    text = urllib.parse.unquote(href)
    assert text == "\ufeffIndicator,Period\r\nA <b>bold</b>,2020\r\nB,2021\r\n"


def test_markdown_escaping_keeps_the_text():
    p = present.prose(["2021. up 5*3 <script>alert(1)</script> [x](y) in src-1", "- not a list"], ["src-1"])
    md = p.markdown()
    rendered = markdown_it.MarkdownIt("commonmark").render(md)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert "<ol" not in rendered and "<ul" not in rendered and "<em>" not in rendered
    assert "2021. up 5*3" in rendered and "[x](y)" in rendered
    assert '<a href="sources.html#src-1">src-1</a>' in rendered


def test_nothing_to_show_is_marked_for_the_build():
    data, metadata = DisplayFormatter().format(present.nothing("No series yet."))
    assert data["text/markdown"] == "No series yet."
    assert metadata["text/markdown"][present.NOTHING] is True


def test_report_results_are_data(report):
    theme = report.theme("pledge_financing")
    figures = theme.key_figures().data
    # o000-003: "309.8 billion yuan" of pledge financing in 2021, in scio-2022-hu (data/observations.csv)
    row = figures[figures["Figure"] == "o000-003"].iloc[0]
    assert (row["Period"], row["Reported"], row["Source"]) == ("2021", "309.8 billion yuan", "scio-2022-hu")
    growth = theme.growth().data
    assert "2020 → 2021" in set(growth["Periods"])
    sentences = theme.narrative().sentences
    assert any(s.startswith("Patent and trademark pledge financing reached 309.8 billion yuan in 2021") for s in sentences)
    assert isinstance(report.ledger_table().data, pd.DataFrame) and len(report.ledger_table().data) == len(report.ledger)


def test_chinese_is_marked_and_glossed_at_first_use_in_each_block():
    rows = pd.DataFrame({"a": ["5.3万 rendered as 5300", "亿 misread"], "b": ["万 again", "增长N倍"]})
    t = present.table(rows, {"a": "A", "b": "B"})
    html = t.html
    assert html.count('<span lang="zh-Hans">万</span> (10,000)') == 1  # glossed once, marked twice
    assert html.count('<span lang="zh-Hans">万</span>') == 2
    assert '<span lang="zh-Hans">亿</span> (100 million)' in html
    assert '<span lang="zh-Hans">增长N倍</span> (“an increase of N times”)' in html
    assert t.html == html  # a second render glosses the same way
    md = present.prose(["亿 here", "亿 there"]).markdown()
    assert md == '<span lang="zh-Hans">亿</span> (100 million) here\n\n<span lang="zh-Hans">亿</span> there'


def test_the_figures_download_has_numbers_beside_the_figure_as_written(report):
    figs = report.figures_table().set_index("id")
    # o000-003: "309.8 billion yuan" stands for 309.75-309.85 (half a unit of its last digit either side)
    row = figs.loc["o000-003"]
    assert (row["value_as_written"], row["unit_as_written"], row["unit_normalised"]) == ("309.8", "billion yuan", "billion yuan")
    assert (row["low"], row["high"]) == pytest.approx((309.75, 309.85))
    # o001-047: "exceeded 21 billion yuan", the located slip: at least 21 (its reach: one step, to 22), and the
    # book shows it corrected
    slip = figs.loc["o001-047"]
    assert (slip["low"], slip["high"]) == pytest.approx((21, 22))
    assert slip["in_the_book"].startswith("shown corrected")
    # the key-figures table carries the same numbers into its CSV, not onto the page
    t = report.theme("pledge_financing").key_figures()
    data = t.data.set_index("Figure")
    assert (data.loc["o000-003", "Low"], data.loc["o000-003", "High"]) == pytest.approx((309.75, 309.85))
    assert data.loc["o000-003", "Unit (normalised)"] == "billion yuan"
    assert ">309.75<" not in t.html and "%2C309.75%2C" in t.html  # not a cell of the page; a field of its CSV


def test_the_ledger_opens_with_what_was_found_in_words(report):
    led = report.ledger
    from ipbook import kinds

    stated = int(led["kind"].isin(kinds.CLAIM_KINDS).sum())
    text = report.ledger_summary().sentences
    assert text[0].startswith(f"The ledger holds {len(led)} checks: {stated} relations the releases state")
    assert f"and {len(led) - stated} the book adds" in text[0]
    material = led[led["severity"] == "material"]
    assert f"{len(material)} material findings" in text[1]
    assert [s for s in text if s.startswith("Finding: ")] == [
        f"Finding: {e} {d}".strip() for e, d in zip(material["explanation"], material["diagnosis"])]


def test_the_readme_example_of_reuse_runs_and_gives_dataframes():
    readme = (DATA.parent / "README.md").read_text(encoding="utf-8")
    code = readme.split("## Reusing the analysis", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    names: dict = {}
    exec(compile(code.replace('Report("data")', f'Report({str(DATA)!r})'), "README.md", "exec"), names)
    assert isinstance(names["figures"], pd.DataFrame) and {"Low", "High", "Unit (normalised)"} <= set(names["figures"])
    assert isinstance(names["changes"], pd.DataFrame) and len(names["changes"]) > 0
    assert names["sentences"] and all(isinstance(s, str) for s in names["sentences"])
    assert len(names["checks"]) == len(names["report"].ledger) and "status" in names["reconciled"]


def test_findings_stay_few_on_the_page_whatever_the_data(report, monkeypatch):
    from ipbook import report as report_module

    # the shipped ledger has 3 material rows in 2 groups (the revenue slip, the certified/complying pair)
    monkeypatch.setattr(report_module, "MAX_ROWS", 1)
    monkeypatch.setattr(report_module, "MAX_KEY_FINDINGS", 1)
    box = report.key_findings().data
    findings = box.split('<ol class="ipbook-findings">')[1].split("</ol>")[0]
    assert findings.count("<li>") == 1 + 1 + 1  # one named finding, "… and 1 more", the minor line
    assert "… and 1 more material findings" in box
    t = report.findings_table()
    assert len(t.data) == 1 and "Showing 1 of 3 material findings" in t.html
    # the row the box links to is the one the table keeps
    href = box.split('href="ledger.html#')[1].split('"')[0]
    assert f'id="{href}"' in t.html


def test_source_texts_in_the_page_stay_within_their_budget(report, monkeypatch):
    from ipbook import report as report_module

    sizes = [len(present.text_link(report.ds.texts[i], "x.txt", "x").href) for i in report.ds.sources["id"]]
    # a budget that holds the first text only: the others say where the text is
    monkeypatch.setattr(report_module, "MAX_INLINE_TEXTS", sizes[0])
    texts = report.sources_table().data["Text"].tolist()
    assert texts[0] == "000_3664ff90fa74bfbe.txt (plain text)"
    assert texts[1] == "data/sources/001_0b009ea82c2e50a2.txt in the repository"


def test_many_sources_keep_their_entries_without_details(report, monkeypatch):
    from ipbook import report as report_module

    monkeypatch.setattr(report_module, "MAX_ROWS", 2)  # the shipped data has 6 sources
    t = report.sources_table()
    assert len(t.data) == len(report.ds.sources) and list(t.data.columns) == ["Id", "Title", "Published", "In the dataset"]
    assert 'id="scio-2022-hu"' in t.html and "<details>" not in t.html
    assert "6 sources: each with its title, date and figures" in t.html
