"""extract: candidate figures from press-release English, and how well it finds the shipped ones."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from ipbook import claim, extract, number, period, unit

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def found(text: str) -> list[extract.Candidate]:
    cands = extract.extract(text, "test", catalogue=None)
    for c in cands:  # every proposal quotes the text exactly, and the quote holds the figure
        assert text[c.start:c.end] == c.quote
        assert c.start <= c.value_start < c.value_end <= c.end
    return cands


def one(text: str, value: str) -> extract.Candidate:
    hits = [c for c in found(text) if c.value == value]
    assert len(hits) == 1, f"{value!r}: {[(c.value, c.quote) for c in found(text)]}"
    return hits[0]


def values(text: str) -> list[str]:
    return [c.value for c in found(text)]


# (sentence, value, unit, qualifier, table, kind) -- hand-written, not taken from the shipped sources.
PATTERNS = [
    # money with scale words
    ("Last year royalty income reached 45.2 billion yuan.", "45.2", "billion yuan", "exact", "observation", ""),
    ("Their value added was 3.5 trillion yuan in 2019.", "3.5", "trillion yuan", "exact", "observation", ""),
    ("The fund invested 480 million yuan in start-ups.", "480", "million yuan", "exact", "observation", ""),
    ("The sector employed 2.6 million people.", "2.6", "million", "exact", "observation", ""),
    ("Guarantees worth RMB 7.25 billion were issued.", "7.25", "billion yuan", "exact", "observation", ""),
    ("Brand value rose to US$1.9 trillion.", "1.9", "trillion US dollars", "exact", "observation", ""),
    # run together with the unit, commas, Chinese units
    ("Banks lent about 75billion yuan to small firms.", "75", "billion yuan", "about", "observation", ""),
    ("A total of 315,000 contracts were registered.", "315,000", "count", "exact", "observation", ""),
    ("企业知识产权质押融资达到2100亿元。", "2100", "亿 yuan", "exact", "observation", ""),
    ("共有5.3万家企业受益。", "5.3", "万", "exact", "observation", ""),
    ("The fund reached 两千亿元 in total.", "2000", "亿 yuan", "exact", "observation", ""),
    # growth
    ("Exports were 12 billion yuan, up 7.5% year-on-year.", "7.5", "%", "exact", "claim", "growth"),
    ("Licensing fees reached 9 billion yuan, an increase of 18 percent.", "18", "%", "exact", "claim", "growth"),
    ("Filings showed a 9.1% year-on-year increase.", "9.1", "%", "exact", "claim", "growth"),
    ("Applications grew 4.4% year on year.", "4.4", "%", "exact", "claim", "growth"),
    ("Revenue was down 3.5% on the previous quarter.", "-3.5", "%", "exact", "claim", "growth"),
    ("The growth rate of licence income reached 21.7%.", "21.7", "%", "exact", "claim", "growth"),
    ("Income grew at an average annual growth rate of about 12%.", "12", "%", "about", "claim", "cagr"),
    # shares
    ("SMEs received 6.8 billion yuan, accounting for 35.2% of the total.", "35.2", "%", "exact", "claim", "share"),
    ("Universities hold 41.5% of valid patents.", "41.5", "%", "exact", "claim", "share"),
    # multiples, ratios, counts of times
    ("Transfers rose from 900 to 4,100, an increase of 3.2 times.", "3.2", "times", "exact", "claim", "multiple"),
    ("The amount grew by nearly ten times.", "ten", "times", "nearly", "claim", "multiple"),
    ("Growth in the region was more than twice the national average.", "twice", "times", "more than", "claim", "ratio"),
    ("Output is 4 times that of 2015.", "4", "times", "exact", "claim", "ratio"),
    ("Patents were licensed 12,000 times last year.", "12,000", "count", "exact", "observation", ""),
    # percentage points, absolute changes
    ("Its growth was 2.1 percentage points higher than the average.",
     "2.1", "percentage points", "exact", "claim", "pp_difference"),
    ("Output reached 80 billion yuan, an increase of 3 billion yuan over the previous year.",
     "3", "billion yuan", "exact", "claim", "absolute_change"),
    ("Fees were reduced by 1.6 billion yuan.", "-1.6", "billion yuan", "exact", "claim", "absolute_change"),
    # qualifiers
    ("More than 3,200 firms took part.", "3,200", "count", "more than", "observation", ""),
    ("Nearly 640 banks joined the scheme.", "640", "count", "nearly", "observation", ""),
    ("The platform served about 18,000 users.", "18,000", "count", "about", "observation", ""),
    ("Over 45% of applicants were first-time filers.", "45", "%", "over", "claim", "share"),
    ("Turnover exceeded 5.5 billion yuan.", "5.5", "billion yuan", "exceeded", "observation", ""),
    ("It now exceeds 2,000 members.", "2,000", "count", "exceeded", "observation", ""),
    ("At least 15 provinces adopted the rules.", "15", "count", "at least", "observation", ""),
    ("Approximately 7.3 million yuan was raised.", "7.3", "million yuan", "approximately", "observation", ""),
    ("Fewer than 30 cases were appealed.", "30", "count", "less than", "observation", ""),
    # other units and number words
    ("Examination now takes 15.5 months on average.", "15.5", "months", "exact", "observation", ""),
    ("Registration is completed within 3 working days.", "3", "working days", "exact", "observation", ""),
    ("Each firm holds 12.7 patents on average.", "12.7", "number", "exact", "observation", ""),
    ("The office opened nine service centres.", "nine", "count", "exact", "observation", ""),
]


@pytest.mark.parametrize("text, value, unit_, qualifier, table, kind", PATTERNS, ids=[p[1] + ":" + p[0][:30] for p in PATTERNS])
def test_patterns(text, value, unit_, qualifier, table, kind):
    c = one(text, value)
    assert (c.unit, c.qualifier, c.table, c.kind) == (unit_, qualifier, table, kind)


def test_every_proposal_fits_the_dataset_schema():
    text = " ".join(p[0] for p in PATTERNS)
    for c in found(text):
        assert number.is_number_as_written(c.value), c.value
        assert c.unit == "" or unit.is_known(c.unit), c.unit
        assert c.qualifier in number.QUALIFIERS
        assert c.period == "" or period.is_valid(c.period), c.period
        assert c.table in ("observation", "claim")
        assert (c.kind in claim.KINDS) if c.table == "claim" else c.kind == ""
        assert 0 < c.confidence < 1


def test_a_list_keeps_the_kind_of_its_first_figure():
    cands = found("Institutions, staff and revenue increased by 10.2%, 8.7% and 15% respectively.")
    assert [(c.value, c.kind) for c in cands] == [("10.2", "growth"), ("8.7", "growth"), ("15", "growth")]


def test_levels_from_and_to_are_observations_with_their_years():
    text = "Transfers by universities increased from 2,357 in 2012 to more than 15,000 in 2021."
    a, b = one(text, "2,357"), one(text, "15,000")
    assert (a.table, a.period, b.table, b.qualifier, b.period) == ("observation", "2012", "observation", "more than", "2021")


@pytest.mark.parametrize("text, value, expected", [
    ("By the end of 2020, 27 windows had opened.", "27", "end-2020"),
    ("As of the end of June 2022, the balance was 124.6 billion yuan.", "124.6", "end-2022-06"),
    ("As of December 2021, 3,300 firms were listed.", "3,300", "end-2021"),
    ("During the 13th Five-Year Plan period, fees fell by 47 billion yuan.", "-47", "2016-2020"),
    ("From the beginning of 2017 to the end of June 2022, loans reached 372 billion yuan.", "372", "2017-2022H1"),
    ("Released 2023-07-20. In the first half of this year, pledge financing reached 80.4 billion yuan.", "80.4", "2023H1"),
    ("January 10, 2025. Transfers reached 23,000 in the first half of last year.", "23,000", "2024H1"),
    ("In february2020, ten measures were issued.", "ten", "2020-02"),
    ("Royalties reached 37 billion yuan in 2021. Exports grew 27.1%.", "27.1", "2021"),
    ("Output is 4 times that of 2015.", "4", ""),
])
def test_period_guess(text, value, expected):
    assert one(text, value).period == expected


@pytest.mark.parametrize("text, absent", [
    ("In 2021, the office held a meeting on August 24 (see 2022-08-24).", ["2021", "24", "2022", "08"]),
    ("1、 Support for SMEs. 2. Financing. (3) Services.", ["1", "2", "3"]),
    ("Firms implement the standard (GB/T 29490-2013) and guide (GB / t39551-2020).", ["29490", "2013", "39551", "2020"]),
    ("It is a task of the 14th Five-Year Plan and the 13th Five Year Plan.", ["14", "13", "Five", "five"]),
    ("Site licence 京ICP备12345678号-1, ICP No. 87654321.", ["12345678", "1", "87654321"]),
    ("Head office: 13 / F, Building 14, No. 8 Golf Avenue, Longhua District, Shenzhen.", ["13", "14", "8"]),
    ("There are 2.4 patents per 100 million yuan of revenue.", ["100"]),
    ("Loans of less than 10 million yuan went to 900 firms.", ["10"]),
    ("Over the past 10 years output doubled; it is twice that of five years ago.", ["10", "five"]),
    ('They joined the "1,000 Universities-10,000 Enterprises" action.', ["1,000", "10,000"]),
    ("We promoted the \"six stabilities\" in four aspects. The three mechanisms work.", ["six", "four", "three"]),
    ("COVID-19 hit 5G makers; see Article 20 of the law and call 010-6208 3114 at 9 a.m.", ["19", "5", "20", "010", "9"]),
    ("The three-year campaign helped in two main respects; one window serves all.", ["three", "two", "one"]),
])
def test_not_figures(text, absent):
    got = values(text)
    for v in absent:
        assert v not in got, (v, got)


def test_a_count_that_looks_like_a_year_is_kept_when_it_counts_a_plural_noun():
    assert "2000" in values("The campaign involved 2000 enterprises.")
    assert "2000" not in values("In 2000 enterprises were fewer.")


def test_a_repeated_figure_is_proposed_once():
    text = ("Over 20000 small firms got custody services. Banks lent more. "
            "In 2020, the office served over 20000 small firms again.")
    assert values(text).count("20000") == 1


def test_indicator_guess_uses_the_catalogue():
    cat = extract.load_catalogue(DATA)
    text = "In 2021, China's patent and trademark pledge financing reached 309.8 billion yuan."
    [c] = extract.extract(text, "test", cat)
    assert c.indicator == "pledge_financing_amount"
    assert c.period == "2021"


def test_cli_writes_a_csv_with_the_header(tmp_path):
    release = tmp_path / "release.txt"
    release.write_text("In 2023, pledge financing reached 853.99 billion yuan, up 75.4% year-on-year.\n", encoding="utf-8")
    out = tmp_path / "candidates.csv"
    run = subprocess.run(
        [sys.executable, "-m", "ipbook", "extract", str(release), "--source-id", "new-release", "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == extract.COLUMNS == [
        "table", "kind", "value", "unit", "qualifier", "period", "indicator",
        "source", "quote", "start", "end", "confidence",
    ]
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert [(r["table"], r["kind"], r["value"], r["unit"], r["source"]) for r in body] == [
        ("observation", "", "853.99", "billion yuan", "new-release"),
        ("claim", "growth", "75.4", "%", "new-release"),
    ]
    text = release.read_text(encoding="utf-8")
    assert all(text[int(r["start"]):int(r["end"])] == r["quote"] for r in body)


def test_cli_reports_an_unreadable_release(tmp_path):
    args = type("Args", (), {"release": str(tmp_path / "missing.txt"), "source_id": "x", "output": "-"})
    assert extract.main(args) == 2


def _measure_module():
    spec = importlib.util.spec_from_file_location("measure_extract", ROOT / "scripts" / "measure_extract.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_recall_and_precision_on_the_shipped_sources(capsys):
    mod = _measure_module()
    summary, misses, wrong = mod.measure(DATA)
    overall = summary.set_index("source").loc["overall"]
    assert overall["figures"] > 200  # the five official sources, both tables
    assert overall["recall"] >= 0.90, misses.to_string()
    assert overall["precision"] >= 0.80, wrong.to_string()
    assert mod.main(["--data", str(DATA)]) == 0
    assert "overall" in capsys.readouterr().out


def test_measure_normalises_values():
    mod = _measure_module()
    assert mod.normalised("420,000") == mod.normalised("420000")
    assert mod.normalised("ten") == mod.normalised("10")
    assert mod.normalised("-47.17") == mod.normalised("47.17")


# ------------------------------------------------------------------ long inputs (issue 11: extraction was quadratic)
# The speed target (a 40 KB line in under 2 s) is measured by bench/extract_linear.py, not timed here.


def test_a_40kb_line_of_ones_gives_the_one_figure_once():
    text = ("1," * 20_000)[:40_000]
    [c] = found(text)
    assert (c.table, c.kind, c.value, c.unit, c.qualifier, c.period, c.quote, c.start, c.end) == (
        "observation", "", "1", "count", "exact", "", "1", 0, 1)


def test_a_figure_after_40kb_of_numbers_in_one_sentence_is_read_as_alone():
    """The clause and sentence are read around the figure, so what stands next to it decides, as in a short text."""
    tail = "pledge financing reached 218 billion yuan in 2020, an increase of 44% year-on-year."
    text = "1 " * 20_000 + tail
    got = [(c.table, c.kind, c.value, c.unit, c.period) for c in found(text) if c.value != "1"]
    alone = [(c.table, c.kind, c.value, c.unit, c.period) for c in found(tail)]
    assert got == alone == [("observation", "", "218", "billion yuan", "2020"), ("claim", "growth", "44", "%", "2020")]


def test_distinct_numbers_in_one_long_clause_are_each_proposed():
    text = " ".join(str(n) for n in range(1, 1500)) + " enterprises."
    # 1..1499: no repeats and no years (1900-2099), so every number is a proposal, in order
    assert values(text) == [str(n) for n in range(1, 1500)]


def test_cli_output_into_a_missing_folder_is_one_line(tmp_path):
    release = tmp_path / "release.txt"
    release.write_text("Pledge financing reached 853.99 billion yuan.\n", encoding="utf-8")
    out = tmp_path / "no" / "such" / "candidates.csv"
    run = subprocess.run(
        [sys.executable, "-m", "ipbook", "extract", str(release), "--source-id", "x", "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr == f"{out}: cannot write: No such file or directory\n"
    assert not out.parent.exists()


def test_cli_into_a_closed_pipe_is_quiet(tmp_path):
    release = tmp_path / "release.txt"
    release.write_text("".join(f"In 2021, {n} enterprises reached {n}.5 billion yuan.\n" for n in range(1, 3000)),
                       encoding="utf-8")
    run = subprocess.run(
        f"{sys.executable} -m ipbook extract {release} --source-id x | head -n 2",
        shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0
    assert run.stdout.splitlines()[0] == ",".join(extract.COLUMNS)
    assert len(run.stdout.splitlines()) == 2
    assert "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr
