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
        "source", "quote", "start", "end", "confidence", "period_from",
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


# ------------------------------------------------------------------ issue 12: rules that generalise
# Each sentence is taken from a real release of the development set (tests/extraction/dev/), or quoted in
# issue 12 from the trial on six releases; ``published`` is the release's date.


def cands_of(text: str, published: str | None = None, catalogue=None) -> list[extract.Candidate]:
    cat = extract.load_catalogue(DATA) if catalogue is True else catalogue
    out = extract.extract(text, "test", cat, published=published)
    for c in out:
        assert text[c.start:c.end] == c.quote
        assert c.period == "" or period.is_valid(c.period), c.period
        assert c.base_period == "" or period.is_valid(c.base_period), c.base_period
    return out


def by_value(text: str, published: str | None = None, catalogue=None) -> dict[str, extract.Candidate]:
    return {c.value.lstrip("-"): c for c in cands_of(text, published, catalogue)}


D01 = ("From January to May this year, China's total import and export of intellectual properties amounted to "
       "180 billion yuan ($24.8 billion), a year-on-year increase of 14.1 percent. Exports of intellectual property "
       "rights (IPRs) rose 17.7 percent compared to the previous year, higher than the growth rate of imports by "
       "4.7 percentage points, the China National Intellectual Property Administration (CNIPA) said on Monday.\n"
       "As of June this year, the effective volume of China's domestic invention patents has reached 4.425 million "
       "pieces, and the proportion of invention patents whose right holders are enterprises has increased to 72.8 "
       "percent, with enterprises becoming more active innovators, according to the administration.\n"
       "The number of high-value invention patents per 10,000 people reached 12.9, realizing the expected goal "
       "outlined in the 14th Five-Year Plan period (2021-25) ahead of schedule.\n"
       "In the first half of this year, the number of patent transfer licenses by universities and research "
       "institutions increased by 22.2 percent year-on-year.\n")


def test_january_to_may_this_year_is_a_month_range_of_the_release_year():
    got = by_value(D01, "2024-07-30")
    assert (got["180"].period, got["180"].unit) == ("2024-01-2024-05", "billion yuan")
    assert (got["14.1"].kind, got["14.1"].period, got["14.1"].base_period) == ("growth", "2024-01-2024-05", "2023-01-2023-05")
    assert period.parse("2024-01-2024-05").months == 5


def test_as_of_june_this_year_is_the_end_of_june():
    got = by_value(D01, "2024-07-30")
    assert got["4.425"].period == got["72.8"].period == "end-2024-06"


def test_a_five_year_plan_named_in_the_sentence_is_not_the_period():
    got = by_value(D01, "2024-07-30")
    assert got["12.9"].period == "end-2024-06"  # the sentence before; not 2021-2025
    assert "10,000" not in got  # per 10,000 people


def test_first_half_of_this_year():
    c = by_value(D01, "2024-07-30", catalogue=True)["22.2"]
    assert (c.kind, c.period, c.base_period, c.indicator) == ("growth", "2024H1", "2023H1", "transfers_licences_univ_institutes")


def test_a_growth_rate_takes_the_indicator_of_its_own_clause_not_the_next_sentence():
    got = by_value(D01, "2024-07-30", catalogue=True)
    assert got["14.1"].indicator == "ip_royalties_trade_total"  # before: ip_royalties_exports, from the next sentence
    assert got["14.1"].subject == str(cands_of(D01, "2024-07-30").index(next(
        c for c in cands_of(D01, "2024-07-30") if c.value == "180")))


def test_a_bracketed_currency_conversion_is_not_a_figure():
    assert "24.8" not in by_value(D01, "2024-07-30")
    text = ("The added value of China's patent-intensive industries hit 12.13 trillion yuan (about 1.9 trillion U.S. "
            "dollars) in 2020, accounting for 11.97 percent of GDP, an increase of 0.35 percentage points above the "
            "previous year.")
    got = by_value(text, "2022-01", catalogue=True)
    assert "1.9" not in got
    assert (got["12.13"].period, got["12.13"].indicator) == ("2020", "patent_intensive_industry_value_added")
    assert got["11.97"].indicator == got["0.35"].indicator == "patent_intensive_industry_value_added"



def test_a_conversion_after_a_prefix_currency_is_not_a_figure():
    # test3's v05 (ECER, 2025), verbatim: the editor's "($35.2 billion)" after "¥255.57 billion" restates the
    # amount in dollars (255.57 / 35.2 = 7.26 yuan a dollar, 2024's rate); proposed as a figure before the third
    # round, because the currency was written before the amount and the scale word after it
    text = ("In 2024, Chinese financial institutions issued IP-backed loans totaling ¥255.57 billion ($35.2 "
            "billion), marking a 33.4% year-on-year increase.")
    assert f"{255.57 / 35.2:.2f}" == "7.26"
    got = by_value(text, "2025-01")
    assert "35.2" not in got
    assert (got["255.57"].unit, got["255.57"].period) == ("billion yuan", "2024")
    assert got["33.4"].kind == "growth"
    # the worked example (tests/update_example, Markables 2025-03-28), verbatim: "(roughly USD …)" and
    # "(≈ USD …)" after a "CNY" amount, and "(approximately USD …)"
    text = ("This figure grew further in the first three quarters of 2023, reaching CNY 495 billion (roughly USD "
            "68.3 billion), marking a significant 52.9 percent year-on-year increase. More than 18,000 micro, "
            "small, and medium-sized enterprises (MSMEs) benefitted from this financing, with a majority receiving "
            "loans below CNY 10 million (≈ USD 1.38 million).")
    # (the 10 million is a size class of loans, "loans below CNY 10 million", not a figure: round 7's rule, back
    # since round 8; the dollars after it are a conversion in any case)
    assert set(by_value(text, "2025-03-28")) == {"495", "52.9", "18,000"}
    text = "raising CNY 26.8 billion (approximately USD 3.7 billion) in financing"
    assert set(by_value(text, "2025-03-28")) == {"26.8"}
    # a bracket after a number that is not a currency restatement stays a figure (test/'s t01, verbatim)
    assert "61" in by_value("As of the end of June, there were cumulatively 5,090 GI trademark registrations, 2,380 "
                            "GI products under protection (including 61 foreign ones).", "2019-07")

SATISFACTION = ("The results of the survey on social satisfaction with China's IPR protection last year show a record high "
                "of 80.05 out of 100 points, 1.07 points higher than the figure in 2019.\n\n"
                "The survey was based on responses from 12,000 respondents, including IPR holders, professionals and "
                "the general public.\n")


def test_a_score_out_of_100_proposes_the_score_not_the_100():
    got = by_value(SATISFACTION, "2021-04-26")
    assert "100" not in got
    assert (got["80.05"].unit, got["80.05"].table, got["80.05"].period) == ("number", "observation", "2020")


def test_points_higher_than_in_2019_is_a_change_with_a_base_period():
    c = by_value(SATISFACTION, "2021-04-26")["1.07"]
    assert (c.table, c.kind, c.unit, c.period, c.base_period) == ("claim", "absolute_change", "number", "2020", "2019")


def test_a_year_stated_in_the_previous_sentence():
    assert by_value(SATISFACTION, "2021-04-26")["12,000"].period == "2020"
    text = ("China has granted 798,000 invention patents in 2022, with 9.4 high-value invention patents for every "
            "10,000 people, the country's top IP regulator said Monday.\n\nThe review period for invention patents "
            "was shortened to 16.5 months, and the review period for trademark registrations averaged 4 months.")
    got = by_value(text, "2023-04-24", catalogue=True)
    assert "10,000" not in got
    assert (got["16.5"].period, got["16.5"].indicator) == ("2022", "invention_patent_review_cycle")
    assert (got["4"].period, got["4"].indicator) == ("2022", "trademark_registration_review_cycle")


def test_from_the_previous_year_is_the_base():
    text = ("The added value of China's patent-intensive industries reached 14.3 trillion yuan in 2021, up 17.9 "
            "percent from the previous year and accounting for 12.44 percent of GDP.")
    got = by_value(text, "2023-04-24")
    assert (got["17.9"].period, got["17.9"].base_period) == ("2021", "2020")
    assert (got["12.44"].kind, got["12.44"].base_period) == ("share", "")


def test_from_2019_and_than_in_2019_are_bases_not_periods():
    got = by_value("In 2021, licensing income was 9 billion yuan, up 20% from 2019.", "2022-01-12")
    assert (got["20"].period, got["20"].base_period) == ("2021", "2019")
    got = by_value("The score was 80.05 points, 1.07 points higher than that in 2019.", "2021-04-26")
    assert (got["1.07"].period, got["1.07"].base_period) == ("2021", "2019")


def test_from_to_pair_levels_get_their_own_years_and_the_growth_the_first_as_base():
    text = ("However, according to the latest data from the Ministry of Education, patent applications filed by "
            "Chinese universities increased from 106,000 in 2012 to 367,000 in 2021, representing a growth of 246.2%.")
    got = by_value(text, "2022-08-30")
    assert (got["106,000"].period, got["367,000"].period) == ("2012", "2021")
    assert (got["246.2"].kind, got["246.2"].period, got["246.2"].base_period) == ("growth", "2021", "2012")


def test_average_annual_growth_from_2018_to_2022_and_annual_growth_rates():
    text = ("The report highlights that from 2018 to 2022, the added value of China's patent-intensive industries saw "
            "an average annual growth rate of 9.36 percent, surpassing the average annual GDP growth rate by 2.37 "
            "percentage points during the same period.\nThe information and communications technology (ICT) service "
            "and ICT manufacturing, as representatives of emerging industries, achieved double-digit growth in added "
            "value with annual growth rates of 14.86 percent and 10.23 percent, respectively.")
    got = by_value(text, "2024-10-17")
    assert (got["9.36"].kind, got["9.36"].period, got["9.36"].base_period) == ("cagr", "2022", "2018")
    assert (got["14.86"].kind, got["10.23"].kind) == ("growth", "growth")  # annual, not an average


def test_a_dateline_of_the_english_site_is_not_three_figures_and_dates_the_text():
    text = ("The CNIPA Public Service Website Achieves Great Results after a Year of Operation\nUpdated: 3 15,2021\n\n"
            "Its local service coverage has also expanded to 27 provincial level administrative regions.")
    got = cands_of(text)
    assert [c.value for c in got] == ["27"]
    assert got[0].period == "2021"


def test_a_programme_name_is_not_two_ones():
    assert values("The \"1+1\" pairing service linked 300 universities with enterprises.") == ["300"]


def test_up_a_whopping_ten_times_is_a_multiple():
    c = by_value("Licensing income was up a whopping 10 times.")["10"]
    assert (c.table, c.kind, c.unit) == ("claim", "multiple", "times")


def test_over_us_dollars_keeps_its_qualifier():
    c = by_value("Royalty payments reached over US $35 billion in 2018.")["35"]
    assert (c.unit, c.qualifier, c.period) == ("billion US dollars", "over", "2018")


def test_junk_of_page_furniture_thresholds_and_slogans():
    assert values("0 Comment(s)Print E-mail Xinhua, July 10, 2019") == []
    assert values("China had registered 4.212 million valid patents as of the end of 2022, making it the first "
                  "country to pass the threshold of 3 million.") == ["4.212"]
    assert values('ensuring the "six priorities" and stability in six areas by carrying out measures') == []


def test_a_number_word_in_a_quoted_sentence_of_a_speaker_is_a_figure():
    text = ('"We pledged our two invention patents for IP pledge financing. The registration was completed a day '
            'after we handed in the relevant materials to the intellectual property association in Bengbu."')
    assert values(text) == ["two"]


def test_no_indicator_when_nothing_in_the_catalogue_fits():
    text = ("In 2021, 73,000 international patent applications were filed in China via the Patent Cooperation "
            "Treaty (PCT), said Shen. China also received 5,928 international trademark applications using the "
            "Madrid System last year.")
    got = by_value(text, "2022-01", catalogue=True)
    assert got["73,000"].indicator == got["5,928"].indicator == ""  # before: university_patent_applications


def test_year_before():
    assert [extract.year_before(p) for p in ("2021", "end-2020", "2019H1", "end-2019-06", "2024-01-2024-05",
                                             "2024Q1-Q3", "2016-2020")] == [
        "2020", "end-2019", "2018H1", "end-2018-06", "2023-01-2023-05", "2023Q1-Q3", ""]


def test_extract_main_reads_the_working_folder(tmp_path):
    """``extract --data DIR``: indicators from DIR, and the release's date from DIR's sources.yaml."""
    (tmp_path / "indicators.yaml").write_text(
        "- id: widget_licences\n  label: Widget licences\n  unit: count\n  theme: transfer_licensing\n"
        "  definition: Licences of widgets.\n  scope: National.\n", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(
        '- id: new-release\n  file: x.txt\n  title: T\n  publisher: P\n  date_published: "2023-07-20"\n'
        "  period_covered: x\n  language: English\n  translation_note: x\n", encoding="utf-8")
    release = tmp_path / "release.txt"
    release.write_text("In the first half of this year, widget licences reached 9,120.\n", encoding="utf-8")
    out = tmp_path / "c.csv"
    args = type("Args", (), {"release": str(release), "source_id": "new-release", "output": str(out),
                             "data_dir": str(tmp_path)})
    assert extract.main(args) == 0
    with out.open(newline="", encoding="utf-8") as fh:
        [row] = list(csv.DictReader(fh))
    assert (row["value"], row["period"], row["indicator"]) == ("9,120", "2023H1", "widget_licences")


# Floors on the development set (tests/extraction/dev), measured when these rules were written:
# recall 100%, precision 100%, period 96%, base period 100%, unit 100%, qualifier 100%, kind 100%,
# indicator right or blank 94% (100 figures in 12 releases). The test set's figures are in README.md;
# they are not asserted here, so that nothing is tuned on them.
DEV_FLOORS = {"recall": 0.99, "precision": 0.98, "period": 0.95, "base_period": 0.97, "unit": 0.98,
              "qualifier": 0.98, "kind": 0.98, "indicator": 0.92}


# test2/ became development data for the second round (tests/extraction/README.md); measured when its rules were
# written: recall 100%, precision 100%, period 98.6%, base period 100%, unit 100%, qualifier 100%, kind 100%,
# indicator right or blank 84.7% (72 figures in 9 releases); since the eighth round (royalty trade and insurance
# wordings) indicator 100%.
TEST2_FLOORS = {"recall": 0.99, "precision": 0.98, "period": 0.97, "base_period": 0.98, "unit": 0.98,
                "qualifier": 0.98, "kind": 0.98, "indicator": 0.98}


# test3/ and test4/ became development data for the third round (tests/extraction/README.md); measured when its
# rules were written (labels corrected to the written rule): test3 recall 100%, precision 100%, period 98.2%, base
# period 97.3%, unit, qualifier, kind 100%, indicator right or blank 99.1% (112 figures in 13 releases); test4
# recall 100%, precision 100%, period 95.4%, base period 94.4%, unit 100%, qualifier 99.1%, kind 95.4%, indicator
# right or blank 94.4% (108 figures in 10 releases).
# Since the thirteenth round (a report's release month dates no figure) test3's period is 100%.
TEST3_FLOORS = {"recall": 0.99, "precision": 0.98, "period": 0.99, "base_period": 0.96, "unit": 0.98,
                "qualifier": 0.98, "kind": 0.98, "indicator": 0.98}
# Since the thirteenth round ("topped CNY 25 billion" read as exceeded, "a high baseline in 2021" a base) test4's
# qualifier is 100%, its period 97.2%.
TEST4_FLOORS = {"recall": 0.99, "precision": 0.98, "period": 0.96, "base_period": 0.93, "unit": 0.98,
                "qualifier": 0.99, "kind": 0.94, "indicator": 0.93}


# test5/ became development data for the fourth round; measured when its rules were written: recall 100%,
# precision 98.8%, period 98.2%, base period 98.8%, unit, qualifier, kind 99.4%, indicator right or blank 94.6%
# (167 figures in 10 releases; its blind run, before them: period 71.9%).
TEST5_FLOORS = {"recall": 0.99, "precision": 0.98, "period": 0.96, "base_period": 0.98, "unit": 0.99,
                "qualifier": 0.99, "kind": 0.99, "indicator": 0.94}


# test6/ became development data for the fifth round; measured when its rules were written: recall 100%,
# precision 99.4%, period 97.4%, base period 98.7%, unit, qualifier 100%, kind 98.0%, indicator right or blank
# 95.4% (152 figures in 11 releases; its blind run, before the fourth round's fixes: precision 95.1%, period
# 89.5%, indicator 91.4%).
# Since the thirteenth round ("to 5 months in the next year") test6's period is 99.3%.
TEST6_FLOORS = {"recall": 0.99, "precision": 0.99, "period": 0.98, "base_period": 0.98, "unit": 0.99,
                "qualifier": 0.99, "kind": 0.97, "indicator": 0.95}


# test7/ became development data for the sixth round; measured when its rules were written: recall 99.1%,
# precision 100%, period 98.2%, base period 100%, unit 100%, qualifier 98.2%, kind 99.1%, indicator right or
# blank 92.0% (113 figures in 11 releases; its blind run, before them: period 90.2%, indicator 85.7%).
# Since the thirteenth round ("topped 10.7 trillion yuan" read as exceeded) test7's qualifier is 99.1%.
TEST7_FLOORS = {"recall": 0.99, "precision": 0.99, "period": 0.98, "base_period": 0.99, "unit": 0.99,
                "qualifier": 0.99, "kind": 0.99, "indicator": 0.91}


# test8/ became development data for the seventh round; measured when its rules were written (a04's three
# "first three quarters" labels corrected to 2023Q1-Q3): recall 98.9%, precision 97.1%, period 98.9%, base period
# 97.9%, unit 97.9%, qualifier 98.9%, kind 96.8%, indicator right or blank 89.4% (95 figures in 9 releases; its
# blind run, before them: recall 94.7%, precision 94.0%, period 77.8%, indicator 84.4%). a04's three non-figures
# ("which translates to approximately USD 67.2 billion", "Over more than two decades", "loans below CNY 10
# million") waited for tests/test_update.py to name its reviewed rows by value; since the eighth round they are
# not proposed (precision 100%) and royalty exports after "Among them" are guessed (indicator 92.6%).
TEST8_FLOORS = {"recall": 0.98, "precision": 0.99, "period": 0.98, "base_period": 0.97, "unit": 0.97,
                "qualifier": 0.98, "kind": 0.96, "indicator": 0.92}


# test9/ became development data for a start of the eighth round, after its blind run (blind_run_test9.txt:
# recall 98.1%, precision 94.6%, period 94.3%, indicator 79.2%); measured when that round's rules were written:
# recall 99.1%, precision 97.3%, period 97.2%, base period 100%, unit 100%, qualifier 100%, kind 99.1%, indicator
# right or blank 84.1% (108 figures in 9 releases); at the eighth round's end: recall 100%, precision 100%, period
# 97.2%, base period, unit, qualifier, kind 100%, indicator right or blank 98.1%.
# Since the thirteenth round ("for the whole year") test9's period is 98.1%.
TEST9_FLOORS = {"recall": 0.99, "precision": 0.99, "period": 0.98, "base_period": 0.99, "unit": 0.99,
                "qualifier": 0.99, "kind": 0.99, "indicator": 0.97}


# test10/ became development data for the ninth round, after its blind run (blind_run_test10.txt: recall 93.3%,
# precision 95.5%, period 67.5%, base period 83.1%, unit 96.4%, kind 91.6%, indicator right or blank 83.1%); at
# the ninth round's end: recall 95.5% (the number words "its one patent", "half of the premium", "the five
# intellectual assets" and "three aspects" stay unread: earlier sets leave such words unlabelled), precision,
# period, base period, unit, qualifier, kind and indicator 100% (89 figures in 10 releases).
TEST10_FLOORS = {"recall": 0.95, "precision": 0.99, "period": 0.99, "base_period": 0.99, "unit": 0.99,
                 "qualifier": 0.99, "kind": 0.99, "indicator": 0.99}
# test11: development data since the tenth round (its first run, blind_run_test11.txt: recall 98.9%, precision
# 94.1%, period 55.1%, base period 91.0%, kind 92.1%, indicator right or blank 92.1%); at the tenth round's end:
# recall 98.9%, precision 99.0%, period 95.5%, base period 95.5%, unit 100%, qualifier 98.9%, kind 95.5%,
# indicator right or blank 94.4% (90 figures in 10 releases).
# Since the thirteenth round ("while that of 2015 accounted for 7.30%") test11's period is 96.6%.
TEST11_FLOORS = {"recall": 0.98, "precision": 0.98, "period": 0.96, "base_period": 0.95, "unit": 0.99,
                 "qualifier": 0.98, "kind": 0.95, "indicator": 0.94}
# test12: development data since the eleventh round (its first run, blind_run_test12.txt: recall 95.8%, precision
# 97.9%, period 73.9%, base period 92.4%, kind 89.1%, indicator right or blank 97.8%); at the eleventh round's end
# (f07's five "By 2014" labels corrected to 2014): recall 99.0%, precision 99.0%, period 93.7%, base period 97.9%,
# unit 98.9%, qualifier 100%, kind 93.7%, indicator right or blank 97.9% (96 figures in 10 releases).
# Since the thirteenth round ("since 2011, when the number … was 570,000") test12's period is 94.8%.
TEST12_FLOORS = {"recall": 0.98, "precision": 0.98, "period": 0.94, "base_period": 0.97, "unit": 0.98,
                 "qualifier": 0.99, "kind": 0.93, "indicator": 0.97}
# test13: development data since the twelfth round (its first run, blind_run_test13.txt: recall 96.7%, precision
# 90.2%, period 85.2%, base period 95.5%, unit 92.0%, kind 96.6%, indicator right or blank 100%); at the twelfth
# round's end: recall 100%, precision 97.9%, period 97.8%, base period 98.9%, unit 100%, qualifier 100%, kind 100%,
# indicator right or blank 100% (91 figures in 8 releases).
# Since the thirteenth round ("Since September last year") test13's period is 100%.
TEST13_FLOORS = {"recall": 0.99, "precision": 0.97, "period": 0.99, "base_period": 0.98, "unit": 0.99,
                 "qualifier": 0.99, "kind": 0.99, "indicator": 0.99}
# test14: development data since the thirteenth round (its first run, blind_run_test14.txt: recall 97.4%,
# precision 97.6%, period 81.1%, base period 94.6%, qualifier 97.3%, kind 90.5%, indicator right or blank 100%);
# at the thirteenth round's end: see TEST14_FLOORS' measure in tests/extraction/README.md (76 figures in 10
# releases).
TEST14_FLOORS = {"recall": 0.97, "precision": 0.99, "period": 0.94, "base_period": 0.99, "unit": 0.99,
                 "qualifier": 0.98, "kind": 0.97, "indicator": 0.99}
# test15 and test16: labelled blind by a separate helper; development data since the fourteenth round (their first
# runs, of the twelfth round's extractor, blind_run_test15.txt / blind_run_test16.txt; the thirteenth round's run:
# test15 recall 95.7%, precision 97.9%, period 72.7%, base period 90.9%, qualifier 97.7%, kind 93.2%; test16 recall
# 100%, precision 96.8%, period 74.4%, base period 83.7%, qualifier 96.5%, kind 90.7%, indicator 97.7%); at the
# fourteenth round's end: see tests/extraction/README.md (92 figures in 10 releases; 86 in 10).
TEST15_FLOORS = {"recall": 0.98, "precision": 0.99, "period": 0.96, "base_period": 0.98, "unit": 0.99,
                 "qualifier": 0.98, "kind": 0.96, "indicator": 0.99}
TEST16_FLOORS = {"recall": 0.99, "precision": 0.99, "period": 0.96, "base_period": 0.99, "unit": 0.99,
                 "qualifier": 0.99, "kind": 0.99, "indicator": 0.97}


@pytest.mark.parametrize("name, floors, figures", [("dev", DEV_FLOORS, 100), ("test2", TEST2_FLOORS, 72),
                                                   ("test3", TEST3_FLOORS, 112), ("test4", TEST4_FLOORS, 108),
                                                   ("test5", TEST5_FLOORS, 167), ("test6", TEST6_FLOORS, 152),
                                                   ("test7", TEST7_FLOORS, 113), ("test8", TEST8_FLOORS, 95),
                                                   ("test9", TEST9_FLOORS, 108), ("test10", TEST10_FLOORS, 89),
                                                   ("test11", TEST11_FLOORS, 90), ("test12", TEST12_FLOORS, 96),
                                                   ("test13", TEST13_FLOORS, 91), ("test14", TEST14_FLOORS, 76),
                                                   ("test15", TEST15_FLOORS, 92), ("test16", TEST16_FLOORS, 86)])
def test_development_set_scores_stay_at_their_floors(name, floors, figures):
    mod = _measure_module()
    scores, misses, wrong = mod.measure_set(ROOT / "tests" / "extraction" / name, DATA)
    assert scores["figures"] >= figures and scores["texts"] >= 8
    for key, floor in floors.items():
        assert scores[key] >= floor, (key, scores[key], misses.to_string(), wrong.to_string())


# --- Second round of fixes (issue #12), each on the real sentence of test2/ (now development data) it came from.

def test_thresholds_terms_durations_and_ages_are_not_figures():
    # u01: a size class of firms, not an amount reported; the 70 companies are a figure
    s = ("More than 70 Chinese companies earning intellectual property royalties in 2023 had an annual "
         "cross-border income of more than $10 million, the data showed.")
    assert values(s) == ["70"]
    # u08: a term of validity
    assert values("To qualify as a “high-value patent” for Chinese statistical purposes, they must relate to "
                  "strategic emerging industries, be valid for more than 10 years, or have won a state award.") == []
    # u07: how long a rate (written in words) lasted
    assert values("The country’s fiscal spending on education remained above four percent of its GDP for 10 "
                  "consecutive years.") == ["four"]
    # u09: ages
    assert values("New hires in 2023 were mainly aged between 25 and 30.") == []
    # u06: the bound of a threshold restated in brackets; the share is a figure, of kind share ("among which")
    c = one("China saw a year-on-year growth of 33% in the number of projects concerning patent pledge financing, "
            "among which 68.6% were microcredit with an amount of less than 10 million Yuan (including 10 million "
            "Yuan).", "68.6")
    assert (c.kind, c.unit) == ("share", "%")
    assert "10" not in values("among which 68.6% were microcredit with an amount of less than 10 million Yuan "
                              "(including 10 million Yuan).")


def test_a_page_code_is_not_a_figure():
    # u02: the footer of a Xinhua page
    assert values("EXPLORE XINHUANET\n010020070750000000000000011100001375860651\n") == []


def test_abbreviated_scales_and_folds():
    # u02: "bln", and "folds" as times after an increase word, measured from the year after "from"
    c = one("China spends 28.74 bln USD on IP imports in 2017", "28.74")
    assert c.unit == "billion US dollars"
    c = one("The figure was up nearly 14 folds from 2001 when the country joined the World Trade Organization.", "14")
    assert (c.unit, c.kind, c.qualifier, c.base_period) == ("times", "multiple", "nearly", "2001")
    # u04: "CNY110bn" is 110 billion yuan; the editor's "($16bn)" after it is a conversion, not a figure
    s = ("As of the end of 2022, intellectual property (IP) insurance provided more than CNY110bn ($16bn) of risk "
         "protection.")
    assert values(s) == ["110"]
    assert one(s, "110").unit == "billion yuan"


def test_a_currency_before_an_amount_names_a_later_bare_scale():
    # u01: "$53.7 billion" then "exports stood at 11 billion": the 11 billion is in US dollars
    s = ("Last year, the total trade volume of intellectual property royalties reached $53.7 billion. Among the "
         "total, exports stood at 11 billion, an increase of nearly 70 percent compared with 2019, the data showed.")
    assert one(s, "11").unit == "billion US dollars"
    # u07: but a scale of people takes no currency
    assert one("Trade reached 5 billion yuan. China has a 1.4 billion population.", "1.4").unit == ""


def test_a_count_per_head_is_an_average():
    # u08: a target of 12 patents per 10,000 people is a number (an average), not a count
    c = one("In its 14th five-year plan, the central government set a target of 12 high-value invention patents "
            "per 10,000 people by 2025.", "12")
    assert (c.unit, c.period) == ("number", "2025")


def test_with_a_percentage_holding_is_a_share():
    # u09
    c = one("The education level of the IP service workforce remained high, with 71.5% holding a bachelor’s degree "
            "or higher.", "71.5")
    assert c.kind == "share"


def test_the_release_date_dates_the_text_not_a_caption():
    # u05: a photo caption of 2018 in a 2022 release; "as of the end of October" is October 2022
    text = ("A staff member works at a farm in Hubei, May 23, 2018. (Xinhua)\n"
            "As of the end of October, China had approved 2,495 geographical indication products.")
    c = [x for x in extract.extract(text, "t", catalogue=None, published="2022-11-30") if x.value == "2,495"][0]
    assert c.period == "end-2022-10"
    # without a release date the first date of the text is still read
    c = [x for x in extract.extract(text, "t", catalogue=None) if x.value == "2,495"][0]
    assert c.period == "end-2018-10"


def test_present_perfect_is_as_of_the_text_and_from_value_keeps_its_year():
    # u05: "has grown to 134" takes the release's year, not "last year" of the sentence before
    text = ("Zhang noted that the China-EU agreement on protecting GIs, which took effect last year, has enabled "
            "consumers to buy authentic specialties.\n"
            "As a result of the deal, the total number of EU GIs receiving protection in China has grown to 134 "
            "while Chinese GIs that are protected in the EU has reached 110, Zhang added.")
    got = {c.value: c.period for c in extract.extract(text, "t", catalogue=None, published="2022-11-30")}
    assert got["134"] == "2022" and got["110"] == "2022"
    # u08: "in 2021" after "up from 1.9" is the 1.9's; the 24.2% and 1.32 million take 2022 from before
    text = ("In 2022, the total number of invention patents filed in China reached 4.21 million.\n"
            "The number of high-value patents increased by 24.2 per cent year on year to 1.32 million, or 9.4 "
            "patents per 10,000 people, up from 1.9 per 10,000 in 2021.")
    got = {c.value: (c.period, c.base_period) for c in extract.extract(text, "t", catalogue=None,
                                                                        published="2023-01-17")}
    assert got["24.2"] == ("2022", "2021")
    assert got["1.32"][0] == "2022" and got["9.4"][0] == "2022" and got["1.9"][0] == "2021"


def test_indicator_left_blank_for_a_part_a_deal_or_another_counted_noun():
    cat = extract.load_catalogue(DATA)

    def ind(text, value, published="2024-01-01"):
        return [c for c in extract.extract(text, "t", cat, published=published) if c.value == value][0].indicator

    # u09: institutions providing one kind of service are a part of "IP service institutions"; the whole is it
    s = ("By the end of 2023, China had approximately 89,000 IP service institutions, a 2.9% increase compared to "
         "the previous year. Additionally, there were 22,000 institutions providing legal services, 9,000 offering IP "
         "operations services, 16,000 providing IP information services.")
    assert ind(s, "89,000") == "ip_service_institutions"
    assert ind(s, "22,000") == "" and ind(s, "9,000") == "" and ind(s, "16,000") == ""
    # u03: requests are not the enterprises registered with the centres
    assert ind("According to the China National Intellectual Property Administration (CNIPA), national IP protection "
               "centers in 2024 received over 240,000 patent pre-examination requests from private enterprises, "
               "providing them fast, timely protection.", "240,000") == ""
    # u06: "inclusive" narrows the catalogue's inclusive projects; pledge projects in general are not it
    assert ind("In the first half of 2019, newly added pledge financing of patents and trademarks nationwide amounted "
               "to 58.35 billion Yuan, and pledge projects totaled 3,086, an increase of 2.5% and 21.6% "
               "year-or-year respectively.", "3,086") == ""
    # d05: one loan of one company is not the banks' issuance
    assert ind("We received the IP pledge financing loan of 10 million yuan from the bank shortly after.", "10",
               "2021-03-09") == "bank_ip_pledge_loan_issuance"  # "the … loan of": definite, still guessed
    assert ind("The company received a loan of 10 million yuan from the bank.", "10") == ""


# --- Fixes made after the blind run on test3/ (tests/extraction/blind_run_test3.txt): not blind on test3. Each on
# the real sentence of test3/ it came from.

def test_numbers_inside_times_footnotes_and_headings_are_not_figures():
    # v01: "the first six months", "the first five months" are times; their figures stay
    assert values("In the first six months of this year, China granted 433,000 invention patents.") == ["433,000"]
    assert values("During the first five months of this year, the import value of China's IP royalties was 120.8 "
                  "billion yuan.") == ["120.8"]
    # v10: footnote markers
    s = ("The China National Intellectual Property Administration (CNIPA) released an Investigation Report on "
         "China’s Patent in 2021[1] in July 2022, which showed that the licensing rate of invention patents was "
         "10.4%. According to their statistics [2], 4,271 patent licence contracts were recorded before the CNIPA "
         "in 2021.")
    assert values(s) == ["10.4", "4,271"]
    # v11: a numbered heading with wide spacing; "the previous two years" is a span
    assert values("1.     Overall Data Analysis") == []
    assert values("the number of trademark applications in 2022 has significantly decreased compared with the data "
                  "in the previous two years.") == []


def test_thresholds_and_durations_seen_on_test3():
    # v07: "loans are under 10 million yuan" is a size class; the 75 loans and the share are figures
    assert values("Notably, 75 loans are under 10 million yuan, accounting for 74.3 percent of the total.") == \
        ["75", "74.3"]
    # v09: how long a growth lasted
    s = ("He also highlighted that the industrialization rate of valid invention patents held by domestic "
         "enterprises has maintained steady growth for five consecutive years, reaching 53.3 percent in 2024.")
    assert values(s) == ["53.3"]
    assert one(s, "53.3").period == "2024"  # a rate, not a stock: not moved to the end of the year


def test_double_before_a_comparison_is_a_ratio_with_its_base_not_its_period():
    # v12
    s = ("According to the head of the China National Intellectual Property Administration, there were a total of "
         "696,000 invention patent authorizations in 2021, with an average of 7.5 of high-value patents per 10,000, "
         "or nearly double the ratio for 2017.")
    c = one(s, "double")
    assert (c.unit, c.kind, c.qualifier, c.period) == ("times", "ratio", "nearly", "2021")
    assert "double" not in values("The company won a double success.")


def test_periods_seen_on_test3():
    # v01: a share of a total over "from 2016 to 2022" is over the span
    c = one("He added that Chinese patentees received 178,000 invention patents in green and low-carbon "
            "technologies from 2016 to 2022, accounting for 31.9 percent of the global total.", "31.9")
    assert (c.kind, c.period, c.base_period) == ("share", "2016-2022", "")
    # v04: an annual flow under "by the end of 2023" is of the year 2023; the count is at the end of it
    s = ("China had approved a total of 2,508 GI products by the end of 2023, with the annual output value of GI "
         "products exceeding 800 billion yuan (about 112.6 billion U.S. dollars).")
    assert one(s, "2,508").period == "end-2023" and one(s, "800").period == "2023"
    # v08: "the past decade" is the ten years before the text's year
    got = {c.value: c.period for c in extract.extract(
        "During the past decade, the CNIPA has authorized 3.953 million patents.", "t", catalogue=None,
        published="2022-10")}
    assert got["3.953"] == "2012-2021"
    # v11: a stock stated "in 2022" is written 2022, as the labelling rule says ("in 2020" -> 2020; only "by / as
    # of the end of" makes end-2022). A rule reading it at the year's end was added after test3, whose labels had
    # end-2022 here; those labels were corrected to the rule in the third round, and the rule removed.
    c = one("The total number of new trademark applications in 2022 was 7,304,007 and the total number of valid "
            "trademarks reached 40,642,099.", "40,642,099")
    assert c.period == "2022"
    assert one("The total number of new trademark applications in 2022 was 7,304,007.", "7,304,007").period == "2022"


def test_base_periods_seen_on_test3():
    text = ("By the end of 2024, China had approximately 4.76 million valid domestic invention patents, a 16.3 "
            "percent increase compared to 2023.\n"
            "As of the end of 2024, the number of domestic enterprises in China holding valid invention patents "
            "reached 497,000, an increase of 69,000 compared to the same period last year, Hu said.")
    got = {c.value: (c.period, c.base_period) for c in extract.extract(text, "t", catalogue=None,
                                                                        published="2025-01-15")}
    # a stock compared to a year is compared to that year's end
    assert got["16.3"] == ("end-2024", "end-2023")
    # "the same period last year" is a year before the figure's period, though "last year" of a 2025 text is 2024
    assert got["69,000"] == ("end-2024", "end-2023")


def test_qualifiers_and_units_seen_on_test3():
    # v08: "reached up to" is as many as, not a ceiling; v09: "surpass" is exceeded
    assert one("As of September 2022, invention patents in China have reached up to 4.081 million.",
               "4.081").qualifier == "exact"
    assert one("The fund will provide up to 5 billion yuan.", "5").qualifier == "less than"
    assert one("making it the first country to surpass 4 million patents", "4").qualifier == "exceeded"
    # v10: years are not a unit of the table: left empty for the reviewer
    assert one("For these licences, the average licence term was 3.8 years.", "3.8").unit == ""


def test_indicators_seen_on_test3():
    cat = extract.load_catalogue(DATA)

    def ind(text, value, published):
        return [c for c in extract.extract(text, "t", cat, published=published) if c.value == value][0].indicator

    # v01: "while" ends a clause: the import value is not the total of imports and exports, the export value is
    # the exports
    s = ("During the first five months of this year, the import value of China's IP royalties was 120.8 billion "
         "yuan (about 16.8 billion U.S. dollars) while the export value was 36.98 billion yuan.")
    assert ind(s, "120.8", "2023-07-18") == ""
    assert ind(s, "36.98", "2023-07-18") == "ip_royalties_exports"
    # v04: the output of GI products is not the GI promotion project's "GI-related industries"
    assert ind("China had approved a total of 2,508 GI products by the end of 2023, with the annual output value of "
               "GI products exceeding 800 billion yuan (about 112.6 billion U.S. dollars).", "800", "2024-01-31") == ""
    # v06: a figure of Shanghai is not a national indicator
    assert ind("In 2024, Shanghai recorded 2,223 patent and trademark pledge financing registrations, amounting to a "
               "total of 32 billion yuan ($4.42 billion).", "32", "2025-01-26") == ""


# --- Fixes made after the blind run on test4/ (tests/extraction/blind_run_test4.txt): not blind on test4. Each on
# the real sentence of test4/ it came from.

def test_average_rates_are_cagr():
    # w08, w09
    s = ("Since the intellectual property pledge pilot project was initiated in 2008, patent pledges have increased "
         "at an average rate of 112% to a cumulative value of CNY 63.8 billion.")
    assert one(s, "112").kind == "cagr"
    s = ("The amount of funds allocated for patent pledges in China has reached 205.7 billion in the past five "
         "years, representing an annual growth rate of 33% in average.")
    assert one(s, "33").kind == "cagr"


def test_contribution_to_gdp_is_a_share_and_constituting_names_the_whole():
    # w06
    s = ("The contribution of this sector to GDP rose to 12.71 percent, marking a 0.27 percent increase from the "
         "preceding year.")
    assert one(s, "12.71").kind == "share"
    cat = extract.load_catalogue(DATA)
    s = ("Internally, the new equipment manufacturing industry emerged as the largest, generating an added value of "
         "4.1643 trillion yuan, constituting 27.2 percent of the overall added value in patent-intensive industries.")
    got = {c.value: c.indicator for c in extract.extract(s, "t", cat, published="2024-03-06")}
    assert got["27.2"] == ""  # the part is the sector; the whole after "constituting 27.2 percent of" is not read


def test_bases_and_years_seen_on_test4():
    # w06: "in comparison to 2020" is a base, not the figure's period
    s = ("In 2022, the industry grew. Nevertheless, when considering a two-year average growth rate in comparison "
         "to 2020, the industry maintained positive momentum with an 8.3 percent increase.")
    c = one(s, "8.3")
    assert c.period == "2022"
    # w08: "over 2012" after an increase is the base year, not a figure "more than 2012"
    s = "Patent pledges totaled CNY 25.4 billion in 2013. This represents an increase of 80% over 2012."
    assert values(s) == ["25.4", "80"]
    assert one(s, "80").base_period == "2012"
    # w02: "a new high in five years" is a span
    assert values("with both the number of registrations and the growth rate reaching a new high in five years.") == []


def test_lead_year_carries_through_a_breakdown():
    # test4's w05 (Xinhua, 2023-01-03), verbatim: the year is stated once, in the title and the lead ("in 2021");
    # the breakdown by industry follows for eight paragraphs, and its figures are of 2021 too, more than 600
    # characters on (they fell back to the year of publication, 2023, before the third round).
    w05 = Path(__file__).parent / "extraction" / "test4" / "w05_xinhua_2023_patent_intensive.txt"
    text = w05.read_text(encoding="utf-8").split("\n\n", 1)[1]
    got = {c.value: (c.period, c.base_period) for c in extract.extract(text, "w05", catalogue=None,
                                                                        published="2023-01-03")}
    assert text.index("322.8") - text.index("in 2021") > 600  # beyond the 600-character reach
    assert got["322.8"] == ("2021", "")  # "an added value of 322.8 billion yuan", the environmental protection industry
    assert got["40.9"] == ("2021", "2020")  # "climbing 40.9 percent year on year": a year before 2021
    assert got["17.1"] == ("2021", "2020")


def test_lead_year_stops_where_the_text_moves_on():
    # test/'s t04 (Xinhua, 2022-08-25), verbatim: "In 2021, …" then a new speaker; the universities "have
    # established" programmes (present perfect: as of the text) -> 2022, the year of publication, as labelled.
    t04 = Path(__file__).parent / "extraction" / "test" / "t04_xinhua_2022_transfers.txt"
    text = t04.read_text(encoding="utf-8").split("\n\n", 1)[1]
    got = {c.value: c.period for c in extract.extract(text, "t04", catalogue=None, published="2022-08-25")}
    assert got["100"] == "2022" and got["12,000"] == "2022"
    # test/'s t09 (China Daily, 2025-07-17): the lead (title and first two paragraphs) states no year of its own
    # (only the span of the 14th Five-Year Plan), and "from 639.8 billion yuan … in 2020 to 969 billion yuan in
    # 2024" comes later, so "123 national GI protection demonstration zones" further on is as stated at
    # publication: 2025, as labelled.
    t09 = Path(__file__).parent / "extraction" / "test" / "t09_chinadaily_2025_gi.txt"
    text = t09.read_text(encoding="utf-8").split("\n\n", 1)[1]
    got = {c.value: c.period for c in extract.extract(text, "t09", catalogue=None, published="2025-07-17")}
    assert got["123"] == "2025"


def test_lead_year_is_not_carried_past_another_time():
    # The lead's year is carried only while no other time is written after it: "this year" (here the publication
    # year, 2022) stated in between ends it.
    text = ("In 2021, the added value of patent-intensive industries reached 14.3 trillion yuan.\n"
            + "The industry grew fast. " * 30 + "\n"
            + "This year the campaign goes on. " * 2 + "\n"
            + "The new equipment manufacturing industry ranked first with 3.85 trillion yuan of added value.")
    got = {c.value: c.period for c in extract.extract(text, "t", catalogue=None, published="2022-03-01")}
    assert got["14.3"] == "2021" and got["3.85"] == "2022"
    # without the "this year" line the lead's year reaches it, more than 600 characters on
    text = text.replace("This year the campaign goes on. " * 2, "The campaign goes on. ")
    got = {c.value: c.period for c in extract.extract(text, "t", catalogue=None, published="2022-03-01")}
    assert got["3.85"] == "2021"


def test_ip_backed_loans_are_ip_pledge_loans():
    # test3's v05 (ECER, 2025), verbatim: "IP-backed loans" issued by financial institutions are the banks' IP
    # pledge loans of the catalogue (bank_ip_pledge_loan_issuance: "IP pledge loans issued by banks in the
    # period"); before the third round the guess was blank
    text = ("In 2024, Chinese financial institutions issued IP-backed loans totaling ¥255.57 billion ($35.2 "
            "billion), marking a 33.4% year-on-year increase.")
    assert by_value(text, "2025-01", catalogue=True)["255.57"].indicator == "bank_ip_pledge_loan_issuance"


# Fourth round: a model of time in the text, each rule tested on the test5 sentence it came from (test5 is
# development data since this round).
TEST5 = Path(__file__).parent / "extraction" / "test5"


def periods_of(name: str, published: str) -> dict[str, tuple[str, str]]:
    text = (TEST5 / name).read_text(encoding="utf-8").split("\n\n", 1)[1]
    return {c.value: (c.period, c.base_period) for c in extract.extract(text, name[:3], catalogue=None,
                                                                         published=published)}


def test_a_bracketed_comparison_dates_only_the_bracket():
    # x03 (CPA HK, 2020-07-13), verbatim: "(2019 first half: 229)" is the level of the first half of 2019, and
    # the figures after the bracket stay in the first half of 2020 (before: 2019 carried onto "322 enterprises")
    text = ("As for geographical indications, during the first half of 2020, CNIPA registered 364 GIs as trademarks "
            "(2019 first half: 229), and permitted 322 enterprises (2019 first half: 116) to use GIs on their "
            "products. And for layout-designs of ICs, CNIPA received 5,176 applications (2019 first half: 2,904) "
            "and certified 5,262 applications (2019 first half: 2,487) thereof during the period.")
    got = {c.value: c.period for c in extract.extract(text, "x03", catalogue=None, published="2020-07-13")}
    assert got["229"] == got["116"] == got["2,904"] == got["2,487"] == "2019H1"
    assert got["364"] == got["322"] == got["5,176"] == got["5,262"] == "2020H1"


def test_during_the_period_is_the_span_stated_before():
    # x03: "During the first six months of 2020, …" then "Regarding examination cycles during the period, …
    # within 20.3 months": 2020H1 (months 1-6 of 2020), not the bare 2020 it got before.
    got = periods_of("x03_cpahk_2020_h1.txt", "2020-07-13")
    assert got["20.3"][0] == got["4.5"][0] == "2020H1"
    # x06 (2018-11-29): "from January to September this year" (2018Q1-Q3), "by the end of September" (a stock,
    # end-2018-09), then "During the same period, 1.191 million invention patent applications were filed, up
    # 7.3%": the nine months, not the stock's date; the growth's base is the same nine months of 2017.
    got = periods_of("x06_61tv_2018_sams_jan_sep.txt", "2018-11-29")
    assert got["1.191"] == ("2018Q1-Q3", "")
    assert got["7.3"] == ("2018Q1-Q3", "2017Q1-Q3")


def test_the_same_period_last_year_is_a_year_before_the_period_talked_about():
    # x07 (Shanghai Daily, 2020-07-10), verbatim: "322 companies … a significant increase from 116 approved in
    # the same period last year": 116 is of January-June 2019 (the period talked about, 2020H1, a year back).
    text = ("In the January-June period, 322 companies were given approval to use geographical indications, a "
            "significant increase from 116 approved in the same period last year.")
    got = {c.value: c.period for c in extract.extract(text, "x07", catalogue=None, published="2020-07-10")}
    assert got["322"] == "2020H1" and got["116"] == "2019H1"


def test_a_change_on_a_year_has_that_year_as_its_base():
    # x05 (Mondaq, 2023), verbatim: "… in 2022 amounted to 4,323,409 marking a decrease of 278,048 on 2021":
    # 2021 is the base, not the figure's year, and the figures of the next sentences stay in 2022.
    got = periods_of("x05_mondaq_2023_patent_data_2022.txt", "2023")
    assert got["-278,048"] == ("2022", "2021")  # a decrease: the value is signed
    assert got["102,401"] == ("2022", "2021")  # "granted during the year increased by 102,401"
    assert got["14.71"] == ("2022", "2021")


def test_year_end_stock_and_the_flows_around_it():
    # x01 (Unitalen relaying CNIPA, 2021-02-20), verbatim: "In 2020, China granted 530,000 invention patents.
    # At the year's end, the number of valid invention patents grossed 2.213 million …" -> end-2020; "The
    # number of invention patents owned by per 10,000 people stood at 15.8" carries it; "China received 72,000
    # PCT applications" is a flow counted in 2020, not at its end; "China examined 149,000 trademark dispute
    # cases", a paragraph further on past "the goals set in the 13th Five-Year Plan" (a plan named, not a time
    # the text moves to), is of 2020 as well (the year of the title and the lead; before: 2021, publication).
    got = periods_of("x01_uniintel_2021_summary_2020.txt", "2021-02-20")
    assert got["530,000"][0] == "2020"
    assert got["2.213"][0] == got["15.8"][0] == "end-2020"
    assert got["72,000"][0] == got["2.377"][0] == "2020"
    assert got["149,000"] == ("2020", "")
    assert got["64.7"] == ("2020", "2019")  # "up 64.7%" after it: a growth stated without a base is year on year
    # two paragraphs on, past the 600-character reach, the lead carries its year, not the date of the stock
    # sentence "At the year's end": "1,052 businesses were certified to use a GI symbol" is of 2020
    assert got["1,052"][0] == got["765"][0] == "2020"


def test_a_total_during_a_five_year_plan_has_its_span():
    # x08 (Lexology, 2016), verbatim: "during the 12th FiveYear plan period, over 5,000 enterprises secured a
    # total of 153.3 billion yuan": the plan (written without a hyphen) is 2011-2015 and the figures are totals
    # over it, as is the example of the next sentence ("a loan of 80 million yuan by pledging 6 patents").
    got = periods_of("x08_lexology_2016_pledge_2015.txt", "2016")
    assert got["56"][0] == "2015"  # "The year of 2015 … 56 billion yuan … all through the year"
    assert got["5,000"][0] == got["153.3"][0] == "2011-2015"
    assert got["80"][0] == got["6"][0] == "2011-2015"


# Fixed after test6's blind run (blind_run_test6.txt), so not blind there: each on its test6 sentence.
def test_times_read_after_the_test6_run():
    # y03 (2023-07-21): "the first half of the year" is the half of the year talked about, 2023H1, not the date
    # of the stock "By the end of June this year" before it (end-2023-06)
    text = ("By the end of June this year, China's effective number of invention patents reached 4,568,000, showing "
            "a year-on-year growth of 16.9%.\n\nIn the trademark sector, a total of 2,018,000 trademarks were "
            "registered during the first half of the year.")
    got = {c.value: c.period for c in extract.extract(text, "y03", catalogue=None, published="2023-07-21")}
    assert got["4,568,000"] == "end-2023-06" and got["2,018,000"] == "2023H1"
    # y02 (2018): "equally with the same period of last year" is a comparison, not the time of "17 domestic
    # enterprises" (the first half of 2018 of the sentence before)
    text = ("In the first half of 2018, the State Intellectual Property Office accepted 23,000 patent applications "
            "under the Patent Cooperation Treaty (PCT), up by 6.3% year on year. 17 domestic enterprises filed "
            "more than 100 PCT applications, equally with the same period of last year.")
    got = {c.value: c.period for c in extract.extract(text, "y02", catalogue=None, published="2018")}
    assert got["17"] == "2018H1"
    # y09 (FT via Indebta, 2024-08-19): the clause "after increasing 75 per cent to Rmb854bn for the full year in
    # 2023" has its own time (2023, base 2022), not the first half of 2024 of the clause before
    text = ("Total new intellectual property-pledged financing loans soared 57 per cent in the first six months of "
            "2024 compared with the same period last year to Rmb419.9bn ($58.5bn), after increasing 75 per cent to "
            "Rmb854bn for the full year in 2023, according to official figures from China’s National Intellectual "
            "Property Administration.")
    got = {c.value: (c.period, c.base_period) for c in extract.extract(text, "y09", catalogue=None,
                                                                        published="2024-08-19")}
    assert got["57"] == ("2024H1", "2023H1") and got["419.9"] == ("2024H1", "")
    assert got["75"] == ("2023", "2022") and got["854"] == ("2023", "")
    # y10 (2018-07-12): "since 2011" in the clause before does not date "1.382 million applications were filed in
    # the year of 2017"
    text = ("According to the National Bureau of Statistics of China, China’s invention patent application numbers "
            "have ranked first in the worldwide range since 2011, and 1.382 million applications were filed in the "
            "year of 2017.")
    got = {c.value: c.period for c in extract.extract(text, "y10", catalogue=None, published="2018-07-12")}
    assert got["1.382"] == "2017"


# --- Fifth round (test6 is development data): each on its test6 sentence, verbatim.
TEST6 = ROOT / "tests" / "extraction" / "test6"


def test_headings_spans_and_filer_classes_are_not_figures():
    # y01: "1.1 Patent", "1.2 Trademark", "1.3 Examination period" are numbered headings alone on their lines
    text = (TEST6 / "y01_jiaquan_2021_h1.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    values = [c.value for c in extract.extract(text, "y01", catalogue=None, published="2021")]
    assert not {"1.1", "1.2", "1.3"} & set(values)
    assert "339,000" in values and "3.324" in values  # the figures under them stay
    # y06, y07: "it took 31 years" is how long something took, not a count
    text = ("Hu Wenhui explained that it took 31 years for the effective number of domestic invention patents "
            "(excluding Hong Kong, Macao, and Taiwan) to reach the first million")
    assert "31" not in [c.value for c in extract.extract(text, "y06", catalogue=None, published="2024-05-22")]
    # y02: "7 months and 2 days" is one duration (7 months); "17 domestic enterprises filed more than 100 PCT
    # applications" counts the filers above a bound (17), the 100 is the bound
    text = ("17 domestic enterprises filed more than 100 PCT applications, equally with the same period of last "
            "year. The circle was shortened to 8 months at the end of last year, and to 7 months and 2 days in the "
            "first half of this year.")
    values = [c.value for c in extract.extract(text, "y02", catalogue=None, published="2018")]
    assert "17" in values and "7" in values and "8" in values
    assert "100" not in values and "2" not in values


def test_pledge_indicators_after_the_test6_run():
    catalogue = extract.load_catalogue(DATA)
    # y04: after "among which", "patent right pledge financing amounted to 88.5 billion RMB, up 23%, with 5,408
    # pledge financing projects, up 29%" is a patent-only pledge: not the patent-and-trademark series; the
    # total before "among which" (122.4 billion, up 12.3%) still is
    text = ("In 2018, China’s total trade in IP royalty valued at over US $35 billion. The total amount of patent and "
            "trademark pledge financing has surpassed 122.4 billion RMB, up 12.3%, among which, patent right pledge "
            "financing amounted to 88.5 billion RMB, up 23%, with 5,408 pledge financing projects, up 29%.")
    got = {c.value: c.indicator for c in extract.extract(text, "y04", catalogue, published="2019-03-13")}
    assert got["122.4"] == got["12.3"] == "pledge_financing_amount"
    assert got["88.5"] == got["23"] == got["29"] == ""
    # and "has surpassed 122.4 billion RMB, up 12.3%" is a flow with its growth: of 2018, the year of the sentence
    # before, not "as of" the text's year (2019)
    got = {c.value: (c.period, c.base_period) for c in extract.extract(text, "y04", None, published="2019-03-13")}
    assert got["122.4"] == ("2018", "") and got["12.3"] == ("2018", "2017")
    # y09: "intellectual property-pledged financing loans" are the IP pledge financing of the catalogue
    text = ("Total new intellectual property-pledged financing loans soared 57 per cent in the first six months of "
            "2024 compared with the same period last year to Rmb419.9bn ($58.5bn), after increasing 75 per cent to "
            "Rmb854bn for the full year in 2023, according to official figures from China’s National Intellectual "
            "Property Administration.")
    got = {c.value: c.indicator for c in extract.extract(text, "y09", catalogue, published="2024-08-19")}
    assert got["57"] == got["419.9"] == "pledge_financing_amount"


def test_respectively_gives_one_guess_to_one_value():
    # y01: "… for invention patents and high-value patents … were reduced to 19.4 months and 13.4 months
    # respectively": the two values have two subjects; the guess of the first (invention patents) is not
    # repeated for the second, left blank rather than wrong
    text = ("The average examination periods for invention patents and high-value patents in China were reduced to "
            "19.4 months and 13.4 months respectively.")
    got = {c.value: c.indicator for c in extract.extract(text, "y01", extract.load_catalogue(DATA),
                                                          published="2021")}
    assert got["19.4"] == "invention_patent_review_cycle" and got["13.4"] == ""


def test_passive_flows_under_a_mid_year_stock_date():
    # y05 (2020-09-02): "A total of 166,000 applications … were received, and 192,000 were closed" after "By the
    # end of June 2020, … reached 27.414 million": flows of January-June 2020 (2020H1), the stock at its date
    text = ("In the first half of the year, the number of trademark applications in the country was 4.284 million; "
            "while the number of trademark registrations was 2.629 million. By the end of June 2020, the number of "
            "valid registered trademarks in China reached 27.414 million.\n\nA total of 166,000 applications for "
            "trademark review and adjudication were received, and 192,000 were closed.")
    got = {c.value: c.period for c in extract.extract(text, "y05", catalogue=None, published="2020-09-02")}
    assert got["27.414"] == "end-2020-06"
    assert got["166,000"] == got["192,000"] == "2020H1"


# --- Sixth round (test7 is development data): each on its test7 sentence, verbatim.
TEST7 = ROOT / "tests" / "extraction" / "test7"


def _test7_text(name: str) -> str:
    return next(TEST7.glob(name + "*.txt")).read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_a_royalty_breakdown_inherits_no_indicator():
    # z05: the import, and the manufacturing sector's exports and imports after "ranked first in both the export
    # and import:", are parts of the royalties: neither the total's nor the exports' indicator
    cands = {c.value: c for c in extract.extract(_test7_text("z05"), "z05", published="2018")}
    assert cands["62.1"].indicator == "ip_royalties_exports"  # "the IP royalty export valued at …, up 62.1%"
    for v in ("52.5", "53.2", "78.1", "27.5", "70.4"):
        assert cands[v].indicator == "", (v, cands[v].indicator)


def test_a_count_growth_is_not_an_amount_indicator():
    # z02: "the number of pledge items reached 1,633, up 13.8%" is no growth of the pledge financing amount
    text = ("In the first quarter of 2020, patent and trademark pledge financing grossed 33.7 billion yuan, up 15.5%, "
            "and the number of pledge items reached 1,633, up 13.8%, revealed at a press conference of China "
            "National Intellectual Property Administration (CNIPA).")
    cands = {c.value: c for c in extract.extract(text, "z02", published="2020")}
    assert cands["33.7"].indicator == "pledge_financing_amount"
    assert cands["15.5"].indicator == "pledge_financing_amount"
    assert cands["13.8"].indicator == ""


def test_targets_get_no_observed_indicator():
    # z09: the 2030 targets for IP services are not the observed employees or institutions
    cands = {c.value: c for c in extract.extract(_test7_text("z09"), "z09", published="2023-04-28")}
    assert cands["2,000"].indicator == "" and cands["1.5"].indicator == ""


def test_period_rules_of_the_sixth_round():
    # z05: "an increase of $5.585 billion over the same period in 2017" is a base; the deficits of the next
    # sentence are of the half-year talked about
    cands = {c.value: c for c in extract.extract(_test7_text("z05"), "z05", published="2018")}
    assert cands["5.585"].base_period == "2017H1"
    assert cands["3.127"].period == "2018H1" and cands["51.5"].period == "2018H1"
    # z06: "the highest year-on-year growth rate in the past decade" is a superlative's range, not a span;
    # "since 1997, which increased by an average of 22% annually" is an average growth from 1997
    cands = {c.value: c for c in extract.extract(_test7_text("z06"), "z06", published="2019-05-30")}
    assert cands["236"].period == "2018" and cands["24.74"].base_period == "2017"
    assert (cands["22"].kind, cands["22"].period, cands["22"].base_period) == ("cagr", "2018", "1997")


# --- Seventh round (test8 is development data): each on its test8 sentence, verbatim.
TEST8 = ROOT / "tests" / "extraction" / "test8"


def _test8_text(name: str) -> str:
    return next(TEST8.glob(name + "*.txt")).read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_digits_run_together_with_words_are_read_with_the_space_put_back():
    # a02's stored copy lost its spaces: "a total of23,000", "registered19,395,000", "4,395collective"
    text = _test8_text("a02")
    cands = {c.value: c for c in extract.extract(text, "a02", published="2018-07")}
    for v in ("23,000", "3,065,000", "19,395,000", "4,395"):
        c = cands[v]
        # offsets and quotes stay those of the text as given
        assert text[c.value_start:c.value_end] == v and text[c.start:c.end] == c.quote, v
    assert cands["19,395,000"].period == "end-2018-06"
    # identifiers stay identifiers
    assert extract.extract("See t39551 and Office13 for 5G.", "x", catalogue=False) == []


def test_glued_words_are_split_only_where_a_space_was_plainly_lost():
    read, back = extract._unglue("increased from 252,000 in 2007 to 1.82 millionin 2016, tripledfrom 23.3%")
    assert read == "increased from 252,000 in 2007 to 1.82 million in 2016, tripled from 23.3%"
    assert len(back) == len(read) + 1 and back[-1] == len(read) - 2
    assert extract._unglue("COVID-19 and 5G in Office13") == ("COVID-19 and 5G in Office13", [])


def test_period_rules_of_the_seventh_round():
    # a09: "Since the launching in 1996, …, with 2,359 GI products protected": totals as of the text, not of 1996
    cands = {c.value: c for c in extract.extract(_test8_text("a09"), "a09", published="2018-07-14")}
    assert cands["2,359"].period == "2018" and cands["8,091"].period == "2018"
    # a03: "From January to August in 2020, the import and export volume of IP royalties … up by 4.2 percent"
    cands = {c.value: c for c in extract.extract(_test8_text("a03"), "a03", published="2020-11-12")}
    assert (cands["193"].period, cands["4.2"].base_period) == ("2020-01-2020-08", "2019-01-2019-08")
    # a06: "By June 2025, … had reached 15.3, surpassing the goal of 12 set out in the 14th Five-Year Plan
    # (2021-2025)": a stock at the end of June; the plan's goal is of its last year
    cands = {c.value: c for c in extract.extract(_test8_text("a06"), "a06", published="2025-12-10")}
    assert cands["15.3"].period == "end-2025-06" and cands["12"].period == "2025"
    # a02: under "As of the end of June", a pendency and "The 21,600 PCT applications filed by domestic
    # applicants" are of the half-year, not at its end
    cands = {c.value: c for c in extract.extract(_test8_text("a02"), "a02", published="2018-07")}
    assert cands["21,600"].period == "2018H1" and cands["7"].period == "2018H1"


def test_not_figures_of_the_seventh_round():
    cands = {c.value for c in extract.extract(_test8_text("a06"), "a06", published="2025-12-10")}
    assert "six" not in cands  # "have led globally for six consecutive years": a rank's streak
    cands = {c.value for c in extract.extract(_test8_text("a01"), "a01", published="2017")}
    assert "8.9" in cands and "10,000" not in cands  # "Every 10,000 Chinese owned 8.9 invention patents"
    cands = {c.value for c in extract.extract(_test8_text("a02"), "a02", published="2018-07")}
    assert "2018" not in cands  # "the third quarter 2018 press conference"


def test_indicator_rules_of_the_seventh_round():
    cands = {c.value: c for c in extract.extract(_test8_text("a03"), "a03", published="2020-11-12")}
    assert cands["200"].indicator == ""  # "is expected to exceed 200 billion yuan": a forecast
    assert cands["166.4"].indicator == "pledge_financing_amount"
    cands = {c.value: c for c in extract.extract(_test8_text("a01"), "a01", published="2017")}
    assert cands["14.94"].indicator == "ip_royalties_exports"  # "the IPR exports … amounting to 14.94 billion yuan"
    cands = {c.value: c for c in extract.extract(_test8_text("a02"), "a02", published="2018-07")}
    assert cands["7"].indicator == "trademark_registration_review_cycle"  # "Trademark examination pendency"


def test_kind_rules_of_the_seventh_round():
    cands = {c.value: c for c in extract.extract(_test8_text("a08"), "a08", published="2017-09")}
    # "a high level of 22.6% in its average annual growth rate"; "at an average annual rate of only 0.3%" (from
    # 2007 to 2016)
    assert cands["22.6"].kind == "cagr"
    assert (cands["0.3"].kind, cands["0.3"].period, cands["0.3"].base_period) == ("cagr", "2016", "2007")
    # a02: "the remaining 12,000 or 6.8% were non-duty inventions": the count restated as its share
    cands = {c.value: c for c in extract.extract(_test8_text("a02"), "a02", published="2018-07")}
    assert cands["6.8"].kind == "share"


# --- Eighth round, begun on test9 after its blind run (development data since, not blind): each on its test9
# sentence, verbatim.
TEST9 = ROOT / "tests" / "extraction" / "test9"


def _test9_text(name: str) -> str:
    return next(TEST9.glob(name + "*.txt")).read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_rules_of_the_eighth_round():
    cands = {c.value: c for c in extract.extract(_test9_text("b02"), "b02", published="2021")}
    assert "1" not in cands  # "1.Registration of Copyright Works": a numbered heading run together
    assert (cands["30.30"].kind, cands["8.50"].kind) == ("share", "share")  # "Beijing (1,004,676 pieces, 30.30% )"
    assert cands["69.70"].qualifier == "exact"  # "added up to 69.70% of the national aggregate"
    cands = {c.value: c for c in extract.extract(_test9_text("b06"), "b06", published="2020-02-17")}
    # "with an average of 1 registered trademark per 4.9 market entities": the 4.9 is stated, the 1 is the unit
    assert "4.9" in cands and "1" not in cands
    cands = {c.value: c for c in extract.extract(_test9_text("b09"), "b09", published="2016-03-02")}
    assert "three" not in cands  # "the leading three were photographic works": a rank
    # … but a list's size in digits stays a figure (the shipped cnipa-2022-08-presser)
    assert [c.value for c in extract.extract("408 of the world's leading 5,000 brands are in China", "x",
                                             catalogue=False)] == ["408", "5,000"]
    assert (cands["35.49"].kind, cands["35.49"].base_period) == ("growth", "2014")  # "a surge of 35.49%"
    # "from 69,000 in 2012 to 308,000 in 2021 …, the grant rate … rose from 65.1% to 83.9%. … vaulted from over
    # 2,000 to over 15,000. … amounted to 8.89 billion yuan from 820 million yuan, up a whopping 10 times"
    cands = {c.value: c for c in extract.extract(_test9_text("b04"), "b04", published="2022-08-03")}
    assert [cands[v].period for v in ("65.1", "83.9", "2,000", "15,000", "820", "8.89")] == \
        ["2012", "2021", "2012", "2021", "2012", "2021"]
    assert (cands["10"].kind, cands["10"].base_period) == ("multiple", "2012")
    cands = {c.value: c for c in extract.extract(_test9_text("b05"), "b05", published="2020-11-12")}
    # "China's total amount of intellectual property pledge financing hit 166.4 billion yuan"
    assert cands["166.4"].indicator == "pledge_financing_amount"
    cands = {c.value: c for c in extract.extract(_test9_text("b07"), "b07", published="2024-12-27")}
    # "China's IP service industry generated approximately 285 billion yuan in total revenue"
    assert cands["285"].indicator == "ip_service_revenue"


def _set_text(name: str, prefix: str) -> str:
    """The text (header stripped) of the file of development set ``name`` whose name starts with ``prefix``."""
    folder = ROOT / "tests" / "extraction" / name
    return next(folder.glob(prefix + "*.txt")).read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_indicator_rules_of_the_eighth_round():
    # b05: "… IP royalties reached 29.13 billion U.S. dollars, up by 4.2 percent year on year, of which the export
    # volume was 5.58 billion U.S. dollars, an increase of 26.4 percent": a part announced as such keeps the
    # whole's object (royalties) and narrows its scope (exports); the level in dollars has no catalogue entry
    cands = {c.value: c for c in extract.extract(_test9_text("b05"), "b05", published="2020-11-12")}
    assert (cands["26.4"].indicator, cands["5.58"].indicator) == ("ip_royalties_exports", "")
    # test8's a03: the same when the part opens the next sentence ("Among them, exports were 37 million yuan")
    cands = {c.value: c for c in extract.extract(_test8_text("a03"), "a03", published="2020-11-12")}
    assert (cands["37"].indicator, cands["26.4"].indicator) == ("ip_royalties_exports", "ip_royalties_exports")
    # b07: "about 89,000 IP service providers"; "Among these were 5,269 patent agencies": a part naming the same
    # institutions narrows nothing and stays blank
    cands = {c.value: c for c in extract.extract(_test9_text("b07"), "b07", published="2024-12-27")}
    assert (cands["89,000"].indicator, cands["5,269"].indicator) == ("ip_service_institutions", "")
    # … and "46,26 billion yuan" is one number with a decimal comma; "Fortune Global 500" is a list's name
    assert cands["46,26"].unit == "billion yuan" and "46" not in cands and "26" not in cands and "500" not in cands
    # b03: "the total trade of China's IPR royalties … up 52.5%"; "with the IPR export accounting for less than
    # 15% of total trade": the share is of its part, the exports
    cands = {c.value: c for c in extract.extract(_test9_text("b03"), "b03", published="2018")}
    assert (cands["52.5"].indicator, cands["15"].indicator) == ("ip_royalties_trade_total", "ip_royalties_exports")
    # b04: a bracketed note's colon ends no clause; a sentence naming no one goes on about the universities of
    # the sentence before; "monetary value of patent commercialization" is the transfer amount
    cands = {c.value: c for c in extract.extract(_test9_text("b04"), "b04", published="2022-08-03")}
    assert {v: cands[v].indicator for v in ("65.1", "83.9", "2,000", "15,000", "8.89", "820", "10")} == {
        "65.1": "university_patent_grant_rate", "83.9": "university_patent_grant_rate",
        "2,000": "transfers_licences_universities", "15,000": "transfers_licences_universities",
        "8.89": "university_patent_transfer_amount", "820": "university_patent_transfer_amount",
        "10": "university_patent_transfer_amount"}
    # … but not past a sentence about the nation, nor from a remark on SMEs (test2's u06: national pledge figures)
    text = ("Universities filed 100,000 applications. Nationwide, patent transfers and licenses reached 420,000.")
    assert {c.value: c.indicator for c in extract.extract(text, "x")}["420,000"] == "transfers_licences_national"
    cands = {c.value: c for c in extract.extract(_set_text("test2", "u06"), "u06", published="2019-07")}
    assert cands["58.35"].indicator == "pledge_financing_amount" and cands["3,086"].indicator == ""
    # b08: "76,000 small and medium-sized enterprises" are SMEs; "600 universities … participated in the pilot"
    # are no "pilot universities"; "49.6% are willing" is a share
    cands = {c.value: c for c in extract.extract(_test9_text("b08"), "b08", published="2023-07-31")}
    assert cands["76,000"].indicator == "open_licensing_smes_matched"
    assert (cands["600"].indicator, cands["900"].indicator) == ("", "")
    assert cands["49.6"].kind == "share"
    # test2's u04: "more than 46,000 patents, trademarks, geographical indications, and integrated circuit layout
    # designs of more than 28,000 companies": the listed nouns are the count's; companies are enterprises
    cands = {c.value: c for c in extract.extract(_set_text("test2", "u04"), "u04", published="2023-02")}
    assert (cands["46,000"].indicator, cands["28,000"].indicator) == ("ip_insurance_covered_rights",
                                                                      "ip_insurance_enterprises")
    # test2's u01: "the average annual growth rate of China's total trade in intellectual property royalties
    # stood at 9.4 percent"; "China's intellectual property trade accounted for about 6.1 percent"
    cands = {c.value: c for c in extract.extract(_set_text("test2", "u01"), "u01", published="2024-05-11")}
    assert (cands["9.4"].indicator, cands["6.1"].indicator) == ("ip_royalties_trade_total", "ip_royalties_trade_total")
    # test5's x06: "the trademark registration turnaround time was shortened to less than 7 months"
    cands = {c.value: c for c in extract.extract(_set_text("test5", "x06"), "x06", published="2018-11-29")}
    assert cands["7"].indicator == "trademark_registration_review_cycle"


def test_precision_rules_of_round_seven_are_back():
    # test8's a04, taken out in round 7 while tests/test_update.py named its rows by number: "CNY 486.9 billion,
    # which translates to approximately USD 67.2 billion" (a conversion), "Over more than two decades" (a span),
    # "loans below CNY 10 million" (a size class) are not figures
    values = [c.value for c in extract.extract(_test8_text("a04"), "a04", published="2025-03-28")]
    assert "486.9" in values and "67.2" not in values and "two" not in values and "10" not in values


# --- Ninth round (test10 is development data since its blind run, blind_run_test10.txt): each rule on its test10
# sentence, verbatim. test11 was labelled and committed before these rules were written and is not read here.
def test_not_figures_of_the_ninth_round():
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c03"), "c03", published="2024-11-27")}
    # "8.jpg" under the photo and the "Phase 1" of the plan's name are not figures …
    assert "8" not in cands and "1" not in cands
    # … but "an actual financing rate of less than 2 percent for a one-year term" is (a rate, not a size class)
    assert (cands["2"].unit, cands["2"].qualifier) == ("%", "less than")
    # c07: "After 18 months of pilot implementation" is time elapsed
    assert "18" not in values(_set_text("test10", "c07"))
    # c08: "These companies reported annual cross-border income exceeding 10 million dollars": a size class
    assert "10" not in values(_set_text("test10", "c08"))


def test_growth_words_of_the_ninth_round():
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c04"), "c04", published="2017")}
    # "skyrocketed nearly 500 percent"; "IPR loyalties, individual cultural and recreational services increase by
    # 489.4%, 20.4% and 14.4% respectively"; "decreasing by 1.8% over June"
    assert [cands[v].kind for v in ("500", "489.4", "20.4", "14.4", "-1.8")] == ["growth"] * 5
    # c05: "an uptick of 1.5% compared with last year"
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c05"), "c05", published="2023-08-24")}
    assert cands["1.5"].kind == "growth"


def test_periods_of_the_ninth_round():
    # c05: the headline "… Amass 1.36392 Trillion Yuan in First Half" dates the figures under it, and "in the
    # first half of the year 2023" is 2023H1 (not "the first half of the year" followed by a year of its own)
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c05"), "c05", published="2023-08-24")}
    assert [cands[v].period for v in ("1.36392", "3.13584", "792.34", "43.5")] == ["2023H1"] * 4
    # c06: "on May 10 bought an insurance policy …", "In April, Guangzhou … bought": a month of the text's year
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c06"), "c06", published="2022")}
    assert (cands["1.04"].period, cands["10"].period) == ("2022-05", "2022-04")
    # c04: "In July alone, deficit of service trade reaches 141.5 billion yuan, decreasing by 1.8% over June"
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c04"), "c04", published="2017")}
    assert cands["141.5"].period == "2017-07" and (cands["-1.8"].period, cands["-1.8"].base_period) == \
        ("2017-07", "2017-06")
    # … but the day a thing was said dates no figure
    assert extract.extract("The CNIPA said on May 10 that 3,000 patents were licensed.", "x",
                           published="2022-06-01")[0].period == "2022"
    # c02: "the Annual Report on Business Transactions of Intellectual Property in China (2018), revealing that the
    # times of Chinese patents operations logged at 253,000, up 2.1%": the report's year, not the publication's
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c02"), "c02", published="2019")}
    assert (cands["253,000"].period, cands["2.1"].period, cands["2.1"].base_period) == ("2018", "2018", "2017")


def test_bases_and_kinds_of_the_ninth_round():
    # c08: "the average annual growth rate of China's total trade in intellectual property royalties witnessed a
    # robust increase of 9.4 percent over the period spanning from 2013 to 2023": a cagr from 2013; "exports
    # accounted for 11 billion dollars of this total, demonstrating an impressive surge of nearly 70 percent
    # compared to the figures recorded in 2019": 2019 is the base, not the exports' year
    cands = {}
    for c in extract.extract(_set_text("test10", "c08"), "c08", published="2024"):
        cands.setdefault(c.value, c)  # the first "70" (the later one is "over 70 Chinese companies")
    assert (cands["9.4"].kind, cands["9.4"].period, cands["9.4"].base_period) == ("cagr", "2023", "2013")
    assert (cands["11"].period, cands["70"].period, cands["70"].base_period) == ("2023", "2023", "2019")
    # c05: "…, an uptick of 1.5% compared with last year" of the first half of 2023: the first half of 2022
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c05"), "c05", published="2023-08-24")}
    assert (cands["1.5"].period, cands["1.5"].base_period) == ("2023H1", "2022H1")


def test_indicators_of_the_ninth_round():
    # c06: "37 IP insurance policies were purchased by 20 local companies" after a sentence on Wuxi: local
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c06"), "c06", published="2022")}
    assert cands["20"].indicator == ""
    # … and a place named as one ("Wuxi city's", "the Wuxi municipal government") is recognised like a province
    assert extract._one_place("half of the premium … has been subsidized by the Wuxi municipal government", 0, 80) \
        == "Wuxi"
    assert extract._one_place("Jiaxing City registered 500 pledges", 0, 35) == "Jiaxing"
    # c04: "Payment for the use of China's intellectual property by overseas economies skyrocketed nearly 500
    # percent" (royalty exports); "Specifically, IPR loyalties, … increase by 489.4%, …" after "The exports in
    # emerging fields are valued at …": a part of those exports
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c04"), "c04", published="2017")}
    assert (cands["500"].indicator, cands["489.4"].indicator) == ("ip_royalties_exports", "ip_royalties_exports")
    # c02: "19,000 trademarks were licensed for a combined 27,000 times": no patent transfers and licences
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c02"), "c02", published="2019")}
    assert cands["27,000"].indicator == ""
    # c05: the trade in services, and its knowledge-intensive part, are not IP royalties
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c05"), "c05", published="2023-08-24")}
    assert [cands[v].indicator for v in ("1.36392", "3.13584", "8.5")] == ["", "", ""]


def test_headlines_and_programmes_of_the_ninth_round():
    # c01: "Nearly 8,000 Licensing Deals Concluded Since Start of Patent Open Licensing Trial Program", then "As of
    # the end of June 2023, over 1,500 patentees from 22 provinces attended the trial program that has selected
    # 35,000 patents …, matched these patents' information with the specific need of 76,000 SMEs …, leading to
    # the conclusion of nearly 8,000 licensing deals eventually": the headline's figure is read where the text
    # writes it; "the trial program" is the open-licensing pilot of the headline; provinces are no patents
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c01"), "c01", published="2023-09-06")}
    assert (cands["8,000"].period, cands["8,000"].indicator) == ("end-2023-06", "open_licensing_deals")
    assert {v: cands[v].indicator for v in ("35,000", "76,000", "22")} == {
        "35,000": "open_licensing_pilot_patents", "76,000": "open_licensing_smes_matched", "22": ""}
    # c07: "the CNIPA has carried out a patent open-license pilot program. By the program's completion at the end
    # of 2023, … over 59,000 patents … The program resulted in over 17,000 licensed projects"
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c07"), "c07", published="2025-01-10")}
    assert (cands["59,000"].indicator, cands["17,000"].indicator) == ("open_licensing_pilot_patents",
                                                                      "open_licensing_deals")
    # … and "1,253 are identified as specialized …" (the shipped cnipa-2022-08-presser) counts no "as"
    assert extract._COUNTED_NOUN.match(" are identified as specialized and special") is None


def test_ranges_remarks_and_wholes_of_the_ninth_round():
    # c10: "down from the two to three years required under the traditional process": both ends are figures,
    # in years (no unit of the table)
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c10"), "c10", published="2025-08-22")}
    assert (cands["two"].unit, cands["three"].unit) == ("", "")
    # c04: "reaching 57.59 and 39.02 billion yuan respectively"; c09: "ranging from 1 million to 30 million yuan"
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c04"), "c04", published="2017")}
    assert cands["57.59"].unit == "billion yuan"
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c09"), "c09", published="2023-01-13")}
    assert cands["1"].unit == "million yuan"
    # … but a count before an amount keeps its own unit
    assert [c.unit for c in extract.extract("It involved 3,086 cases and 12 billion yuan.", "x", catalogue=False)] \
        == ["count", "billion yuan"]
    # c06: "Generally speaking, there are two basic types of IP insurances": no statistic of the catalogue
    cands = {c.value: c for c in extract.extract(_set_text("test10", "c06"), "c06", published="2022")}
    assert cands["two"].indicator == ""
    # c08: "Notably, exports accounted for 11 billion dollars of this total, demonstrating an impressive surge of
    # nearly 70 percent …": "this total" is the royalties' total of the sentence before
    cands = {}
    for c in extract.extract(_set_text("test10", "c08"), "c08", published="2024"):
        cands.setdefault(c.value, c)
    assert cands["70"].indicator == "ip_royalties_exports"


def first(text: str, value: str, published: str) -> extract.Candidate:
    """The first candidate of ``value`` in ``text``, a release published on ``published``."""
    return [c for c in extract.extract(text, "x", published=published) if c.value == value][0]


def _first_by_value(text: str, name: str, published: str) -> dict[str, extract.Candidate]:
    cands: dict[str, extract.Candidate] = {}
    for c in extract.extract(text, name, published=published):
        cands.setdefault(c.value, c)
    return cands


def test_compared_values_keep_their_own_time_in_the_tenth_round():
    # e09: "2019 highlights include China having 2,691 patent agencies compared to 796 agencies in 2010; 20,192
    # practicing patent agents compared to 6,437 in 2010; and 43,702 people registered …": the year of the values
    # compared with dates only them, and "2019 highlights" names the year of the others (and is no figure)
    text = _set_text("test11", "e09")
    cands = _first_by_value(text, "e09", "2020")
    assert [cands[v].period for v in ("2,691", "796", "20,192", "6,437", "43,702")] == \
        ["2019", "2010", "2019", "2010", "2019"]
    assert "2019" not in cands
    # "… in 2019 was 20,192 versus 6,437 in 2010. By way of comparison, there are 46,703 registered U.S. patent
    # practitioners": the next sentence goes on in 2019, not in the year compared with
    assert cands["46,703"].period == "2019"
    # but "more than 1,000 small businesses in 2020" (test6's y11) is a qualifier, no comparison
    cands = _first_by_value(_set_text("test6", "y11"), "y11", "2020")
    assert cands["10"].period == "2020"
    # e10: "increased by 4,500 compared with that number in 2021 …, equal to the total growth in 2019 and 2020":
    # "that number in 2021" is a base, and so is a year joined to a base by "and"
    doc = extract._Document("It rose by 4,500 compared with that number in 2021, equal to the total growth in "
                            "2019 and 2020.", "2023")
    assert doc.times == [] and [t.period for t in doc.bases] == ["2021", "2019", "2020"]


def test_targets_and_spans_of_levels_are_not_carried_in_the_tenth_round():
    # e10: "… the target will be reached by 2028." then a paragraph on the Evaluation Report: "The international
    # patent index of China was 79.56, up by 0.67 …": a target's year dates its own sentence only
    cands = _first_by_value(_set_text("test11", "e10"), "e10", "2023-02-28")
    assert cands["79.56"].period != "2028" and cands["0.67"].period != "2028"
    # e09: "The number of patent agencies in China increased from 796 to 2,691 from 2010 to 2019. … the number of
    # patent agencies in Beijing, Guangdong, … are 661, 452, …": the figures told after a span between two levels
    # are of its last year
    cands = _first_by_value(_set_text("test11", "e09"), "e09", "2020")
    assert [cands[v].period for v in ("661", "161", "25")] == ["2019"] * 3
    # a total over a span stays the span's: "From 2016 to 2020, 900 projects were signed. Of them, 300 …"
    doc_text = "From 2016 to 2020, China signed 900 projects. Of them, 300 were signed by universities."
    assert one(doc_text, "300").period == "2016-2020"


def test_month_ranges_and_dated_stocks_of_the_tenth_round():
    # e01: "Some 3,361 projects had secured the loan of 31.85 billion yuan … from January 2006 to June 2011": the
    # whole span, not its last month
    cands = _first_by_value(_set_text("test11", "e01"), "e01", "2011")
    assert (cands["3,361"].period, cands["31.85"].period) == ("2006-01-2011-06", "2006-01-2011-06")
    # e06: "From Jan. 2016 to Nov. 2016, … 1,733 invalidation cases": months of one year, abbreviated
    cands = _first_by_value(_set_text("test11", "e06"), "e06", "2017")
    assert cands["1,733"].period == "2016-01-2016-11"
    # e10: "exceeded 31,000 as of Dec 31, 2022": a stock at the year's end
    cands = _first_by_value(_set_text("test11", "e10"), "e10", "2023-02-28")
    assert cands["31,000"].period == "end-2022"
    # e02: "By November this year, 73.5 percent …" of a 2024 text: at the end of November 2024
    cands = _first_by_value(_set_text("test11", "e02"), "e02", "2024-12")
    assert cands["73.5"].period == "end-2024-11"
    # a reversed pair is no range
    assert one("Sales were 12 billion yuan from June 2011 to January 2006.", "12").period != "2011-06-2006-01"


def test_plan_spans_of_the_tenth_round():
    # e07: "During the 13th Five-Year Plan period (2016-2020), copyright industries have witnessed the added value
    # grown by 38% from RMB 5.46 trillion to RMB 7.51 trillion and the contribution … from 7.33% to 7.39%, at an
    # annual average rate of 8.3%, 0.2% higher than GDP in the same period."
    cands = _first_by_value(_set_text("test11", "e07"), "e07", "2021")
    # the levels at the span's two ends, and the growth between them from its first year
    assert [cands[v].period for v in ("5.46", "7.33")] == ["2016", "2016"]
    assert (cands["38"].period, cands["38"].base_period) == ("2020", "2016")
    assert (cands["8.3"].kind, cands["8.3"].base_period) == ("cagr", "2016")
    # "in the same period" names the plan again and dates no later paragraph; the plan's span, looked back over
    # up to 2020, does not move the text on from its 2020: "The core sectors registered an added value of RMB
    # 4.75 trillion, 3.5% up year on year, accounting for 63% of copyright industries."
    assert [cands[v].period for v in ("4.75", "3.5", "63")] == ["2020"] * 3
    assert cands["3.5"].base_period == "2019"
    # test5's x08: a level after "from" in an example told after the plan's sentence keeps the plan's span
    cands = _first_by_value(_set_text("test5", "x08"), "x08", "2016")
    assert cands["16"].period == "2011-2015"


def test_size_classes_and_rank_fields_of_the_tenth_round():
    # e09: "there are 10 patent agencies with more than 100 patent agents and 25 patent agencies with 51 – 100
    # patent agents": the classes' bounds are no figures, the counts of agencies are
    found_values = values(_set_text("test11", "e09"))
    assert "51" not in found_values and found_values.count("100") == 0
    assert "25" in found_values
    # one firm's size is a figure: "Purplevine currently has 10 offices worldwide with more than 400 full-time
    # employees" (test4's w10)
    assert "400" in values(_set_text("test4", "w10"))
    # e10: "ranking the 8th among 49 sample countries": how many were ranked
    found_values = values(_set_text("test11", "e10"))
    assert "49" not in found_values and "79.56" in found_values


def test_datelines_and_events_of_the_tenth_round():
    # e04: "(Yicai Global) Dec. 27 -- Ping An Securities … issued its first intellectual property-backed security
    # product on the Shenzhen Stock Exchange yesterday": the month of the dateline, and the sentences after it
    cands = _first_by_value(_set_text("test11", "e04"), "e04", "2019")
    assert [cands[v].period for v in ("15", "124", "5")] == ["2019-12"] * 3
    # without a dateline "yesterday" dates nothing
    assert one("Firms raised 124 million yuan yesterday.", "124").period == ""
    # e03: "In 2020, the insured amount … had exceeded 20 billion yuan … This growing market benefits 4,295
    # enterprises, as shown in the … first-quarter press conference of 2021": the event's date dates no figure
    cands = _first_by_value(_set_text("test11", "e03"), "e03", "2021")
    assert (cands["20"].period, cands["4,295"].period) == ("2020", "2020")


def test_shares_taken_up_and_yearly_rates_over_named_years_of_the_tenth_round():
    # e08: "… recorded 241.674 billion US dollars, taking up 11.52% of the value of all exported goods": a share
    cands = _first_by_value(_set_text("test11", "e08"), "e08", "2018-01-08")
    assert (cands["11.52"].kind, cands["11.52"].base_period) == ("share", "")
    # e01: "Some 400 SMEs secured a loan of more than 3 billion yuan in 2010, licensing contract record of the
    # pledge has increased for 5 consecutive years with annual growth rate of 70%": an average over the five years
    cands = _first_by_value(_set_text("test11", "e01"), "e01", "2011")
    assert (cands["70"].kind, cands["70"].period, cands["70"].base_period) == ("cagr", "2010", "2005")
    # a plain "annual growth rate of 9%" of one year stays a growth
    assert one("In 2020 sales posted an annual growth rate of 9%.", "9").kind != "cagr"


def test_a_paragraph_keeps_its_anchor_in_the_tenth_round():
    # e09: "In terms of size, there are 10 patent agencies with more than 100 patent agents … . These larger
    # agencies are generally located in Beijing, … . In contrast, there are 2,232 agencies with fewer than 10
    # patent agents, accounting for 82.9% …": the paragraph's last sentence is of the year its first is
    cands = _first_by_value(_set_text("test11", "e09"), "e09", "2020")
    assert [cands[v].period for v in ("25", "2,232", "82.9")] == ["2019"] * 3
    # dev's d04: "Its local service coverage has also expanded to 27 provincial level administrative regions" (the
    # present perfect, at the end of a long paragraph) stays as of the text
    cands = _first_by_value(_set_text("dev", "d04"), "d04", "2021-03-15")
    assert cands["27"].period == "2021"


def test_catalogue_words_of_the_tenth_round():
    # e05: "the review cycle of an application for a high-value patent invention is around 13.3 months"
    cands = _first_by_value(_set_text("test11", "e05"), "e05", "2021-08-29")
    assert (cands["13.3"].indicator, cands["19.1"].indicator) == ("high_value_patent_review_cycle",
                                                                  "invention_patent_review_cycle")
    # e03: "In 2020, the insured amount of intellectual property insurance had exceeded 20 billion yuan"
    cands = _first_by_value(_set_text("test11", "e03"), "e03", "2021")
    assert cands["20"].indicator == "ip_insurance_coverage_amount"
    # one company's "total sum insured of 1.04 million yuan" (test10's c06) is no national series
    cands = _first_by_value(_set_text("test10", "c06"), "c06", "2022")
    assert cands["1.04"].indicator == ""


# Round 11: rules written against test12 (labelled blind, first run kept in blind_run_test12.txt), each tested on
# its test12 sentence and on other wordings of the same phrase. test13 was labelled and committed before these
# rules were written and is not read here.
def test_a_general_grammar_of_ends_quarters_and_months_of_the_eleventh_round():
    # f05: "Toward the finish of 2022, there were 4,520 patent organizations …, 63,311 patent lawyers"
    cands = _first_by_value(_set_text("test12", "f05"), "f05", "2023-05-15")
    assert [cands[v].period for v in ("4,520", "63,311", "31,347", "4,405")] == ["end-2022"] * 4
    # "in 2023 Q1, there are just 18,096 enlisted brand name offices"
    assert [cands[v].period for v in ("18,096", "16,921", "1,175")] == ["2023Q1"] * 3
    # the same grammar in other words: any lead, "end", "finish" or "close", a quarter in either order
    assert one("Towards the end of 2021, there were 3,100 agencies.", "3,100").period == "end-2021"
    assert one("At the close of 2020, there were 3,100 agencies.", "3,100").period == "end-2020"
    assert one("In Q3 2022, CNIPA granted 120,000 patents.", "120,000").period == "2022Q3"
    assert one("In 4Q 2016, CNIPA granted 120,000 patents.", "120,000").period == "2016Q4"
    assert one("In 2021Q2, CNIPA granted 120,000 patents.", "120,000").period == "2021Q2"
    # f09: "In June this year, Guizhou's first demonstration zone was approved in Duyun, increasing the area of tea
    # plantations from 485,700 mu …": that month of the text's year
    cands = _first_by_value(_set_text("test12", "f09"), "f09", "2017-10-13")
    assert cands["485,700"].period == "2017-06"
    text = "In March last year, 40 firms pledged patents."
    assert extract.extract(text, "x", published="2020-05-01")[0].period == "2019-03"


def test_compared_values_in_words_and_targets_that_go_on_of_the_eleventh_round():
    # f02: "Last year, the average processing time for trademark registration was shortened to 4.5 months, compared
    # with six months in 2018, and the processing time for high-value patents … was reduced by more than 15
    # percent to 17.3 months": 2018 is the compared value's own time, the sentence's figures are of last year
    cands = _first_by_value(_set_text("test12", "f02"), "f02", "2020-02-17")
    assert (cands["-15"].period, cands["17.3"].period, cands["six"].period) == ("2019", "2019", "2018")
    # "By the end of 2022, the processing time … will be cut to about 16.5 months … . The average time for
    # processing a trademark application will be reduced to within four months": the target's time goes on
    assert cands["four"].period == "end-2022"


def test_multiples_fractions_and_changes_in_words_of_the_eleventh_round():
    # f01: "have doubled in the past six years"; f10: "increased about fourfold since 2011"; f08: "accounting for
    # one fifth of the municipality's total"
    cands = _first_by_value(_set_text("test12", "f01"), "f01", "2018-09-29")
    assert (cands["doubled"].unit, cands["doubled"].kind) == ("times", "multiple")
    cands = _first_by_value(_set_text("test12", "f10"), "f10", "2017")
    assert (cands["fourfold"].unit, cands["fourfold"].kind, cands["fourfold"].qualifier) == ("times", "multiple",
                                                                                           "about")
    cands = _first_by_value(_set_text("test12", "f08"), "f08", "2007")
    assert (cands["one fifth"].unit, cands["one fifth"].kind) == ("%", "share")
    # "three quarters" stays a time ("the first three quarters"), not a fraction
    assert "three quarters" not in values("In the first three quarters of 2023, 5,000 loans were made.")
    # f01: "ranked 25th among the surveyed economies, two places up from 2017": a rank's move is no figure
    assert "two" not in values(_set_text("test12", "f01"))
    # f05: "a year-on-year increment of 586" is a change; "a yearly development pace of almost 15%" a growth;
    # "at a rate of more than 20% per year from 2016 to 2021" an average growth over the span
    cands = _first_by_value(_set_text("test12", "f05"), "f05", "2023-05-15")
    assert (cands["586"].kind, cands["586"].base_period) == ("absolute_change", "end-2021")
    assert cands["15"].kind == "growth"
    assert (cands["20"].kind, cands["20"].period, cands["20"].base_period) == ("cagr", "2021", "2016")
    # f07: "approx. 200% of that in 2006": a multiple of the year talked about over 2006, not a share of 2006
    cands = _first_by_value(_set_text("test12", "f07"), "f07", "2015")
    assert (cands["200"].kind, cands["200"].base_period) == ("multiple", "2006")
    assert cands["200"].period != "2006"


# Round 12: rules written against test13 (labelled blind, first run kept in blind_run_test13.txt), each tested on
# its test13 sentence and on other wordings of the same phrase. test14 was labelled and committed before these
# rules were written and before any extractor ran on it.

def test_number_words_by_their_grammar_in_the_twelfth_round():
    # g02: "Fifteen provinces (cities/autonomous regions) have more than 100 international patent applications"
    assert "Fifteen" in values(_set_text("test13", "g02"))
    # test12's f09: "One hundred and eighteen products in Guizhou province have received geographical indication
    # titles"
    cands = _first_by_value(_set_text("test12", "f09"), "f09", "2017-10-13")
    assert cands["One hundred and eighteen"].unit == "count"
    # the same grammar for any whole number in words; "one" alone, "a hundred" and "hundred" alone stay out
    assert values("Thirty-two cities joined the pilot.") == ["Thirty-two"]
    assert values("Seventy five firms and nineteen banks signed.") == ["Seventy five", "nineteen"]
    assert values("Two thousand and five hundred firms signed.") == ["Two thousand and five hundred"]
    assert values("One of the banks, a hundred firms and hundreds of agencies.") == []
    assert [extract._word_number(w) for w in ("Fifteen", "one hundred and eighteen", "twenty-five",
                                               "two thousand and five hundred", "hundred")] == [15, 118, 25, 2500,
                                                                                            None]


def test_numbers_written_in_a_european_locale_in_the_twelfth_round():
    # g07: "41.005 applications, accounting to 31% … . … there are 1,292.858 EUTM granted, around 31,7% of those"
    # and "16.563, accounting to 10,5% of the total amount": a decimal comma is one number, and in a text that
    # writes one, a dot before three digits separates thousands (a count)
    cands = _first_by_value(_set_text("test13", "g07"), "g07", "2017")
    assert (cands["31,7"].unit, cands["10,5"].unit) == ("%", "%")
    assert float(cands["31,7"].value.replace(",", ".")) == 31.7
    assert [cands[v].unit for v in ("130.401", "41.005", "530.270", "155.274", "16.563")] == ["count"] * 5
    # g01 writes thousands with commas ("1,102,000") but once "25.000 more than 2014": a dot before three zeros
    cands = _first_by_value(_set_text("test13", "g01"), "g01", "2016")
    assert cands["25.000"].unit == "count"
    # an English decimal stays a decimal: no decimal comma in the text, and a scale after the number
    assert one("The office received 130.401 applications.", "130.401").unit == "number"
    assert one("It granted 1.542 million patents, 31,7% of them abroad.", "1.542").unit == "million"


def test_durations_compared_years_and_issues_are_not_figures_in_the_twelfth_round():
    # g01: "being the top patent application list of the world for 5 years"; "25.000 more than 2014"
    vals = values(_set_text("test13", "g01"))
    assert "5" not in vals and "2014" not in vals and "25.000" in vals
    # g02: "achieved the goal set up in the Outline … two years earlier"
    assert "two" not in values(_set_text("test13", "g02"))
    # g08: "Issue 28 By Zhou Yi, China IP"
    assert "28" not in values(_set_text("test13", "g08"))
    # other wordings: a duration ends its clause; "will issue 10 new products" keeps its figure
    assert values("The office has led the world for 12 years.") == []
    assert values("It was done three years later.") == []
    assert values("In 2020, Shanghai and Shenzhen will issue 10 new securitization products.") == ["10"]
    assert values("Loans rose to 300 million yuan, 120 more than in 2019.") == ["300", "120"]


def test_comparisons_firsts_and_events_date_no_figure_in_the_twelfth_round():
    cands = _first_by_value(_set_text("test13", "g02"), "g02", "2014")
    # "The invention patents were granted in a total of 208,000 cases, wherein 144,000 cases were domestic
    # applications, leveling up with that in 2012": 2012 is what they are set level with
    assert (cands["208,000"].period, cands["144,000"].period) == ("2013", "2013")
    # "which occupies 34.7% of the total amount …, surpassing 1/3 for the first time in the past five years": a
    # first's range of comparison, not the figures' span
    assert [cands[v].period for v in ("34.7", "79,000", "54.9")] == ["2013"] * 3
    # g04: "China's Madrid applications (8,526 …) … since it joined the Madrid Agreement in 1989": an event the
    # text counts from
    cands = _first_by_value(_set_text("test13", "g04"), "g04", "2017-03-27")
    assert [cands[v].period for v in ("8,526", "7,856", "4,842", "3,796")] == ["2016"] * 4
    # other wordings of the same phrases
    assert one("Its filings rose to 9,000 in 2021, the highest since China joined the WTO in 2001.",
               "9,000").period == "2021"
    assert one("In 2020, grants reached 5,000, for the first time in the past decade above 4,000.",
               "5,000").period == "2020"


def test_halves_months_and_bare_bracketed_percents_in_the_twelfth_round():
    # g05's headline: "Patent Pledge Loan Reaches 58% in the First Half Year of 2016"
    cands = _first_by_value(_set_text("test13", "g05"), "g05", "2016-07-28")
    assert (cands["58"].period, cands["58"].base_period) == ("2016H1", "2015H1")
    # g08: "In August, 2008, the Intellectual Property Office … offered 10 million Yuan"
    cands = _first_by_value(_set_text("test13", "g08"), "g08", "2009")
    assert cands["10"].period == "2008-08"
    # g03: "709,000 (up 21.7% year-on-year) …, 779,000 (up 33.6%) for utility model, and 388,000 (4.4%) for design"
    cands = _first_by_value(_set_text("test13", "g03"), "g03", "2015-12-04")
    assert (cands["4.4"].kind, cands["4.4"].base_period) == ("growth", "2014Q1-Q3")
    # g07: "1,704,107 are owned by American companies (around 79%)": the count's share
    cands = _first_by_value(_set_text("test13", "g07"), "g07", "2017")
    assert (cands["79"].kind, cands["79"].qualifier) == ("share", "about")


def test_a_base_is_never_the_figures_own_year_in_the_twelfth_round():
    # g02, a 2014 release on 2013: "825,000 invention patent applications were filed in China, which increased by
    # 26.3% compared with that in last year": the year before the figure's, not the figure's own
    cands = _first_by_value(_set_text("test13", "g02"), "g02", "2014")
    assert (cands["26.3"].period, cands["26.3"].base_period) == ("2013", "2012")
    c = first("In 2019, filings rose 12% compared with last year.", "12", "2020-03-01")
    assert (c.period, c.base_period) == ("2019", "2018")


def test_time_anchors_of_the_thirteenth_round():
    # h02: "owns the trademark "Tianyuan," recognized as a "China Famous Trademark" in 2015. The company took … a
    # loan of 90 million yuan … in November": a year told in passing, in a clause that states no figure, dates
    # that event only; the month is of the text's year
    cands = _first_by_value(_set_text("test14", "h02"), "h02", "2018-12-19")
    assert cands["90"].period == "2018-11"
    # "A total of 428 trademarks have been pledged … since 2016, and the total amount … exceeded 1.59 billion
    # yuan": totals counted since a year are over the years from it to the text's
    assert (cands["428"].period, cands["1.59"].period) == ("2016-2018", "2016-2018")
    # other wordings: the passing clause; a total since a year; "since" without a total stays a change's start
    assert one("The firm, founded in 2008, got a loan in May. It was 30 million yuan.", "30").period != "2008-05"
    c = first("In 2019 the firm, listed in 2015, had sales of 9 million yuan.", "9", "2020-01-05")
    assert c.period == "2019"
    c = first("A total of 1,200 patents have been pledged since 2017.", "1,200", "2020-01-05")
    assert c.period == "2017-2020"
    c = first("Royalties have been counted since 1997, which increased by an average of 22% "
              "annually.", "22", "2019-01-05")
    assert c.base_period == "1997"


def test_the_time_of_the_text_and_dated_days_in_the_thirteenth_round():
    # h04: "In October 2021, Zhejiang published information on 379 patents … pushed the information to a first
    # batch of 6,365 companies, right now resulting in 306 patent license documents recorded"
    cands = _first_by_value(_set_text("test14", "h04"), "h04", "2022-06-08")
    assert (cands["6,365"].period, cands["306"].period) == ("2021-10", "2022")
    # h09: "On June 23, 2016, representatives … signed a pledge contract …, and then Aishida got 500 million yuan"
    cands = _first_by_value(_set_text("test14", "h09"), "h09", "2020")
    assert cands["500"].period == "2016-06"
    # other wordings: "by now"; a day something was said dates no month
    c = first("In 2019 it signed 40 deals; by now 75 deals are done.", "75", "2021-03-01")
    assert c.period == "2021"
    assert one("On March 3, 2020, the bank lent 8 million yuan to the firm.", "8").period == "2020-03"
    assert one("The office said on March 3, 2020 that 8 million yuan were lent.", "8").period == "2020"


def test_a_release_date_line_is_not_the_lead_in_the_thirteenth_round():
    # h03: "2013/03/15" under the headline, then "Anhui issued a loan of 2,550 million yuan … in 2012", two
    # paragraphs with no figure or time, then "In addition to trademark-collateralized loans, … handled 3,511
    # pieces of equity pledge": the lead's year carries on; the date line is no paragraph of the lead
    cands = _first_by_value(_set_text("test14", "h03"), "h03", "2013-03-15")
    assert [cands[v].period for v in ("3,511", "55,798", "2,933", "27,210")] == ["2012"] * 4
    # h06: "August 31, 2021" under the headline, "In 2019, …", and a paragraph opening "Among them, … both
    # exceeding 50% of the total"
    cands = _first_by_value(_set_text("test14", "h06"), "h06", "2021-08-31")
    assert cands["50"].period == "2019"
    # another wording
    text = ("Trademark loans soar\n\nMay 2, 2021\n\nIn 2020, the city issued loans of 300 million yuan.\n\n"
            "The bureau also helps firms.\n\nBesides, banks handled 1,200 pledges worth 80 million yuan.")
    c = first(text, "1,200", "2021-05-02")
    assert c.period == "2020"


def test_growth_words_share_subjects_and_topping_in_the_thirteenth_round():
    # h03: "increasing by 57% in loan and 84% in collateral": the increase word stands once
    cands = _first_by_value(_set_text("test14", "h03"), "h03", "2013-03-15")
    assert (cands["84"].kind, cands["84"].base_period) == ("growth", "2011")
    # h07: "demonstrating increases of 17.3% and 10.4%", "a 2.9% uptick from the previous year"
    cands = _first_by_value(_set_text("test14", "h07"), "h07", "2024")
    assert [cands[v].kind for v in ("17.3", "10.4", "2.9")] == ["growth"] * 3
    assert cands["2.9"].base_period == "2022"
    # h06: "The proportion of contract transaction volume in GDP continued to increase, reaching 2.3%"; the
    # headline's "Tops 2 Trillion Yuan"
    cands = _first_by_value(_set_text("test14", "h06"), "h06", "2021-08-31")
    assert cands["2.3"].kind == "share"
    assert cands["2"].qualifier == "exceeded"
    # other wordings
    assert one("Output topped 10.7 trillion yuan.", "10.7").qualifier == "exceeded"
    assert one("Exports rose by 12% in value and 8% in volume.", "8").kind == "growth"
    assert one("The share of exports in trade stood at 14.5%.", "14.5").kind == "share"
    assert one("Sales saw a 3.1% uptick.", "3.1").kind == "growth"


def test_a_clause_opened_by_its_own_time_in_the_thirteenth_round():
    # test11's e08: "The added value accounted for 7.33% of GDP while that of 2015 accounted for 7.30%"
    cands = _first_by_value(_set_text("test11", "e08"), "e08", "2018")
    assert (cands["7.33"].period, cands["7.30"].period) == ("2016", "2015")
    # test12's f10: "The number has increased about fourfold since 2011, when the number of copyright registrations
    # was 570,000"
    cands = _first_by_value(_set_text("test12", "f10"), "f10", "2017")
    assert cands["570,000"].period == "2011"
    # other wordings
    c = first("In 2020 exports were 9.1 billion yuan, and those of 2019 totaled 8.2 billion "
              "yuan.", "8.2", "2021-01-05")
    assert c.period == "2019"
    c = first("Loans have doubled since 2015, when they stood at 40 billion yuan.", "40", "2021-01-05")
    assert c.period == "2015"


def test_running_totals_and_the_next_year_in_the_thirteenth_round():
    # test/'s t09: "… increased from 639.8 billion yuan … in 2020 to 969 billion yuan in 2024, Shen noted. A total of
    # 7,424 GIs have been registered …, and over 37,000 business entities have been authorized": as of the text
    cands = _first_by_value(_set_text("test", "t09"), "t09", "2025")
    assert (cands["7,424"].period, cands["37,000"].period) == ("2025", "2025")
    # … but without a total's word a figure in the present perfect keeps the year before it (test6's y08)
    cands = _first_by_value(_set_text("test6", "y08"), "y08", "2018")
    assert cands["744,000"].period == "2017"
    # test6's y02, a 2018 text: "… to 6 months at the end of this year, to 5 months in the next year"
    cands = _first_by_value(_set_text("test6", "y02"), "y02", "2018")
    assert cands["5"].period == "2019"
    # other wordings
    c = first("In 2019, sales were 5 billion yuan. A total of 1,300 brands have been "
              "registered.", "1,300", "2021-01-05")
    assert c.period == "2021"
    c = first("Loans are expected to reach 90 billion yuan next year.", "90", "2021-01-05")
    assert c.period == "2022"


def test_a_stock_under_a_part_of_a_year_is_at_its_end_in_the_thirteenth_round():
    # test/'s t01: "In the first half, … In the past six months, 2,849 applications … were filed by domestic users,
    # totaling 35,000 international trademark registrations in force by Chinese applicants"
    cands = _first_by_value(_set_text("test", "t01"), "t01", "2019-07-10")
    assert (cands["2,849"].period, cands["35,000"].period) == ("2019H1", "end-2019-06")
    # another wording; a year stays a year (a stock stated "in 2020" is of 2020)
    c = first("In the first three quarters of 2020, 4,100 patents were granted, and 91,000 "
              "patents were in force.", "91,000", "2020-11-01")
    assert c.period == "end-2020-09"
    c = first("In 2020, 91,000 patents were in force.", "91,000", "2021-01-01")
    assert c.period == "2020"


def test_what_was_added_since_a_month_in_the_thirteenth_round():
    # test13's g06 (published 2020-09-18): ""Since September last year, 12 products in Shanxi, … were added to the
    # national GI list. And the total number of GI trademarks in Shanxi reached 72," Wu said."
    cands = _first_by_value(_set_text("test13", "g06"), "g06", "2020-09-18")
    assert (cands["12"].period, cands["72"].period) == ("2019-09-2020-09", "2020")
    # other wordings; without the release's month, or without a count of what was added, "since" stays a base
    c = first("Since March 2019, 40 brands have been registered in the city.", "40", "2021-05-02")
    assert c.period == "2019-03-2021-05"
    c = first("Since March 2019, 40 brands have been registered in the city.", "40", "2021")
    assert c.period != "2019-03-2021-05"


def test_the_month_a_report_was_released_in_the_thirteenth_round():
    # test3's v10: "CNIPA released an Investigation Report on China's Patent in 2021[1] in July 2022, which showed
    # that the licensing rate of invention patents was 10.4%, an increase of 2.5 percentage points"
    cands = _first_by_value(_set_text("test3", "v10"), "v10", "2022")
    assert (cands["10.4"].period, cands["2.5"].period) == ("2021", "2021")
    # another wording; a month that dates figures stays theirs
    c = first("The office published its survey of 2020 on May 3, 2021, showing that 45% of "
              "firms licensed patents.", "45", "2021-06-01")
    assert c.period == "2020"
    assert one("In May 2021, the office granted 3,000 patents.", "3,000").period == "2021-05"


def test_the_whole_year_talked_about_in_the_thirteenth_round():
    # test9's b05: "… hit 166.4 billion yuan … during the 10-month period, a year-on-year increase of 35 percent, and
    # is likely to exceed 200 billion yuan for the whole year"
    text = (ROOT / "tests" / "extraction" / "test9").glob("b05*.txt")
    cands = _first_by_value(next(text).read_text(encoding="utf-8").split("\n\n", 1)[1], "b05", "2020-11-12")
    assert (cands["166.4"].period, cands["200"].period) == ("2020-01-2020-10", "2020")
    # another wording
    c = first("From January to June 2021, 40,000 patents were licensed; 90,000 are expected "
              "for the full year.", "90,000", "2021-07-10")
    assert c.period == "2021"


def test_a_baseline_year_is_a_base_in_the_thirteenth_round():
    # test4's w06 (on 2022): "Notably, the pharmaceutical and medical industry saw a decline of 16.8 percent, largely
    # influenced by an exceptionally high baseline in 2021. Nevertheless, when considering a two-year average growth
    # rate in comparison to 2020, the industry maintained positive momentum with an 8.3 percent increase."
    found_ = extract.extract(_set_text("test4", "w06"), "w06", published="2024-03-06")
    c = [c for c in found_ if c.value == "-16.8"][0]
    assert (c.period, c.base_period) == ("2022", "2021")
    assert [c.period for c in found_ if c.value == "8.3"] == ["2022", "2022"]
    # another wording
    c = first("In 2020, exports fell 5%, from a high base of 2019.", "-5", "2021-01-01")
    assert (c.period, c.base_period) == ("2020", "2019")


def test_a_photo_caption_dates_no_figure_in_the_thirteenth_round():
    # test/'s t10: "A light-rail train … is displayed at a rail transportation exhibition in Changchun, Jilin
    # province, in September 2018. … Xu Chang / Xinhua": the photo's month is no time of the figures after it
    text = next((ROOT / "tests" / "extraction" / "test").glob("t10*.txt")).read_text(encoding="utf-8")
    cands = _first_by_value(text.split("\n\n", 1)[1], "t10", "2019-04-18")
    assert cands["40"].period != "2018-09"
    # another wording
    text = ("In 2020, the city granted 4,000 patents.\n\nA robot is shown at a fair in Wuhan in May 2021. [Photo/IC]\n\n"
            "Exports rose 9% to 3 billion yuan.")
    c = first(text, "3", "2021-06-01")
    assert c.period != "2021-05"


@pytest.mark.parametrize("sentence, want", [
    ("At year-end 2020, China had 3,000 agencies.", "end-2020"),
    ("China had 3,000 agencies at end-2020.", "end-2020"),
    ("By end of 2020, China had 3,000 agencies.", "end-2020"),
    ("As at 31 December 2020, China had 3,000 agencies.", "end-2020"),
    ("As of end-June, China had 3,000 agencies.", "end-2021-06"),
    ("As of the end of the third quarter, China had 3,000 agencies.", "end-2021-09"),
    ("By the end of the first half of 2020, China had 3,000 agencies.", "end-2020-06"),
    ("By the end of the year, China had 3,000 agencies.", "end-2021"),
    ("In H1 2020, filings reached 3,000.", "2020H1"),
    ("In 1H 2020, filings reached 3,000.", "2020H1"),
    ("In Q3, filings reached 3,000.", "2021Q3"),
    ("Between 2016 and 2020, filings totaled 3,000.", "2016-2020"),
    ("From 2016 through 2020, filings totaled 3,000.", "2016-2020"),
    # unchanged: the longer forms of rounds 4 and 11
    ("As of the end of June this year, China had 3,000 agencies.", "end-2021-06"),
    ("At the end of 2020, China had 3,000 agencies.", "end-2020"),
])
def test_the_time_grammar_completed_in_the_thirteenth_round(sentence, want):
    # Round 13 completes the grammar of times at an end and of parts of a year (written from the grammar, not from
    # a development failure: the short forms a release may use for what the sets write in full)
    c = first(sentence, "3,000", "2021-03-15")
    assert c.period == want


@pytest.mark.parametrize("sentence, value, want", [
    # a year before the period talked about (an anaphor, as "the same period last year")
    ("In 2020, loans reached 300 billion yuan, up from 250 billion yuan a year earlier.", "250", ("2019", "")),
    ("In 2020, loans reached 300 billion yuan, up from 250 billion yuan a year earlier.", "300", ("2020", "")),
    ("In 2020, loans rose 20% from a year earlier to 300 billion yuan.", "20", ("2020", "2019")),
    ("In 2020, loans reached 300 billion yuan. The year before, they were 250 billion yuan.", "250", ("2019", "")),
    # a value compared with keeps its own time when that time points back ("against … in the same period last year")
    ("Loans in the first half of 2021 reached 300 billion yuan, against 250 billion yuan in the same period last year.",
     "250", ("2020H1", "")),
    # times counted back from the release's date
    ("Last month, loans reached 300 billion yuan.", "300", ("2021-07", "")),
    ("Two years ago, loans were 300 billion yuan.", "300", ("2019", "")),
])
def test_times_counted_back_in_the_thirteenth_round(sentence, value, want):
    # Round 13, written from the anchor grammar (no development set writes these forms, save test3's v01 "up 60,000
    # from a year ago", whose base stays the stock's a year before, end-2022-06)
    c = first(sentence, value, "2021-08-15")
    assert (c.period, c.base_period) == want


def test_a_year_earlier_is_a_base_and_a_schedule_no_time_in_the_thirteenth_round():
    # test3's v01: "… valid trademarks … up 60,000 from a year ago" under "As of the end of June": a stock's base
    cands = _first_by_value(_set_text("test3", "v01"), "v01", "2023-07-18")
    assert cands["60,000"].base_period == "end-2022-06"
    # test13's g02: "The average is 4.02 invention patents per 10,000 population, which achieved the goal set up in
    # the Outline … two years earlier" after "By the end of 2013, …"
    cands = _first_by_value(_set_text("test13", "g02"), "g02", "2014")
    assert cands["4.02"].period == "end-2013"


def test_a_sentence_that_goes_on_keeps_the_last_time_in_the_thirteenth_round():
    # test14's h03: "In addition to trademark-collateralized loans, Anhui industrial and commercial departments
    # handled 3,511 pieces of equity pledge" two paragraphs after "… in 2012" (there also reached through the lead,
    # the date line not being a paragraph of it); here the time is told after the lead and the paragraphs between
    # are long: "In addition", "Besides", "Among them" keep the last time told, however far back
    filler = "The bureau supervises micro-credit firms and guarantees fair dealing for all parties concerned. " * 8
    text = ("Title line\n\nIntro paragraph without any figure.\n\nAnother paragraph, still without one.\n\n"
            "In 2012, the province issued loans of 2,550 million yuan.\n\n" + filler + "\n\n"
            "In addition to trademark loans, the bureau handled 3,511 equity pledges.\n\n" + filler
            + "\n\nThe bureau handled 900 cases.")
    cands = {c.value: c for c in extract.extract(text, "x", published="2013-03-15")}
    assert (cands["3,511"].period, cands["900"].period) == ("2012", "2013")
    cands = _first_by_value(_set_text("test14", "h03"), "h03", "2013-03-15")
    assert cands["3,511"].period == "2012"


def test_the_bound_of_a_class_of_deals_is_no_figure_in_the_thirteenth_round():
    # test14's h06: "There were 21,151 major technology contracts over 10 million yuan, with a total transaction
    # volume of 1.79419 trillion yuan"
    vals = values("There were 21,151 major technology contracts over 10 million yuan, with a total transaction "
                  "volume of 1.79419 trillion yuan.")
    assert "10" not in vals and "21,151" in vals and "1.79419" in vals
    assert "10" not in values(_set_text("test14", "h06"))
    # other wordings: the class bound of loans; a total's value after "worth" stays a figure
    assert values("Banks issued 300 loans of more than 5 million yuan each.") == ["300"]
    assert values("China signed 484,000 technology contracts worth over 2 trillion yuan.") == ["484,000", "2"]


def test_a_run_of_years_is_no_figure_in_the_thirteenth_round():
    # test14's h10: the heading "Eight Years of Double-Digit Growth"
    assert "Eight" not in values(_set_text("test14", "h10"))
    assert values("Eight Years of Double-Digit Growth") == []
    # another wording
    assert values("China posted five consecutive years of growth, reaching 300 billion yuan.") == ["300"]


# --- Round 14 (test15 and test16 as development data): how these texts state time, by the grammar; each rule on its
# development sentence and on other wordings.

def _ext(text: str, published: str) -> dict[str, extract.Candidate]:
    return _first_by_value(text, "x", published)


@pytest.mark.parametrize("sentence, want", [
    # test15's i01: the ordinal written in figures
    ("In the 1st half of 2014, China received 3,000 PCT applications.", "2014H1"),
    ("In the 2nd half of 2014, China received 3,000 PCT applications.", "2014H2"),
    ("In the 3rd quarter of 2014, China received 3,000 PCT applications.", "2014Q3"),
    ("By the end of the 1st half of 2014, China had 3,000 agencies.", "end-2014-06"),
    ("During the 1st half of the year, China received 3,000 PCT applications.", "2015H1"),
    # unchanged: the words
    ("In the first half of 2014, China received 3,000 PCT applications.", "2014H1"),
    ("In the fourth quarter of 2014, China received 3,000 PCT applications.", "2014Q4"),
])
def test_ordinals_in_figures_of_the_fourteenth_round(sentence, want):
    assert _ext(sentence, "2015-08-01")["3,000"].period == want


def test_ordinals_in_figures_on_test15s_text_in_the_fourteenth_round():
    cands = _first_by_value(_set_text("test15", "i01"), "i01", "2014")
    assert (cands["11,243"].period, cands["20.5"].base_period, cands["1,961"].period) == ("2014H1", "2013H1", "2014H1")


def test_a_change_counted_from_a_value_or_the_figures_of_a_time_in_the_fourteenth_round():
    # test16's j05: the months of the release's year; "last year" is the time of the value the change is counted
    # from (its whole year), and does not move the text on
    text = ("The number of patent applications filed in China reached nearly 1.24 million during the first 10 months "
            "of the year, an increase of more than 16,300 from the roughly 1.22 million applications submitted last "
            "year. The number of patent grants totaled about 7.7 million during the period. Meanwhile, the number of "
            "patent grants for inventions reached nearly 139,500, an increase of 4,371 from the total number of last "
            "year.")
    c = _ext(text, "2011-12-07")
    assert (c["16,300"].period, c["16,300"].base_period) == ("2011-01-2011-10", "2010")
    assert c["1.22"].period == "2010"
    assert c["7.7"].period == c["139,500"].period == "2011-01-2011-10"
    assert (c["4,371"].period, c["4,371"].base_period) == ("2011-01-2011-10", "2010")
    # test16's j01: "on figures for 2006"; other wordings
    c = _ext("A record 39,945 applications were received in 2007, representing a 9.5% increase on figures for 2006. "
             "China ranked eighth with 1,444.", "2008-03-01")
    assert (c["9.5"].period, c["9.5"].base_period, c["1,444"].period) == ("2007", "2006", "2007")
    c = _ext("In 2021, filings rose 12% over the level of 2019.", "2022-03-01")
    assert (c["12"].period, c["12"].base_period) == ("2021", "2019")
    c = _ext("In 2021, filings reached 3,000, an increase of 400 from the 2,600 filings recorded in 2020.",
             "2022-03-01")
    assert (c["400"].period, c["400"].base_period, c["2,600"].period) == ("2021", "2020", "2020")


def test_a_lead_in_naming_the_base_of_the_changes_under_it_in_the_fourteenth_round():
    # test16's j04: "Comparing with 2022 March grant numbers:" over a list of changes, in an April 2023 note
    c = _first_by_value(_set_text("test16", "j04"), "j04", "2023-04-28")
    assert (c["2200"].period, c["2200"].base_period, c["1.39"].kind) == ("2023-03", "2022-03", "growth")
    assert (c["-21.74"].period, c["-21.74"].base_period, c["-21.74"].kind) == ("2023-03", "2022-03", "growth")
    # other wordings: the month after its year or before it, "Compared to"
    text = "Compared to May 2022:\n\n1. Trademark filings increased by 3,000 (+5.2%)\n\n2. Designs fell by 700 (-2.1%)"
    c = _ext(text, "2023-06-20")
    assert (c["3,000"].period, c["3,000"].base_period) == ("2023-05", "2022-05")
    assert (c["5.2"].kind, c["-2.1"].kind, c["-2.1"].period) == ("growth", "growth", "2023-05")
    # not a year later than the release: then the release's year, the base kept
    c = _ext("Compared with 2022:\n\n1. Trademark filings increased by 3,000.", "2022-06-20")
    assert c["3,000"].period != "2023"
    # test15's i06: a sentence that opens with what it is compared with, and a relative clause on that time
    c = _ext("When compared with that in 2013, which stood at around 4 trillion yuan, the value in 2017 registered a "
             "42 percent surge.", "2018-04-01")
    assert (c["4"].period, c["42"].period, c["42"].base_period) == ("2013", "2017", "2013")
    c = _ext("Compared with 2019, when filings were 2,000, filings in 2021 rose 30 percent.", "2022-04-01")
    assert (c["2,000"].period, c["30"].base_period) == ("2019", "2019")
    # a which-clause telling a change is over its span, not of the base's time (test7's z06, unchanged)
    c = _ext("The balance of payments has included IP royalties since 1997, which increased by an average of 22% "
             "annually.", "2019-04-01")
    assert c["22"].period != "1997"


def test_up_to_is_the_number_stated_unless_a_ceiling_in_the_fourteenth_round():
    # test15's i10, test16's j01 and j10: as many as
    assert one('"The capital will help our company make profits up to 200 million yuan," said Luo.',
               "200").qualifier == "exact"
    assert one("The system offers the possibility of having a mark protected in up to 80 countries.",
               "80").qualifier == "exact"
    assert one("In 2002 applications got up to 300,000.", "300,000").qualifier == "exact"
    # a ceiling: the modal's own verb right before
    assert one("The fund will provide up to 5 billion yuan.", "5").qualifier == "less than"
    assert one("Applicants can designate up to 90 countries.", "90").qualifier == "less than"


def test_a_change_of_a_share_is_a_pp_difference_in_the_fourteenth_round():
    # test15's i03 and test16's j02
    c = _ext("The added value reached CNY 7.32 trillion in 2019, and accounted for 7.39% of GDP, up by 0.02% over "
             "2018.", "2020-12-01")
    assert (c["0.02"].kind, c["0.02"].base_period) == ("pp_difference", "")
    c = _ext("The share in GDP increased from 7.35% in 2017 to 7.41% in 2021, a 0.06% increase.", "2023-01-01")
    assert (c["0.06"].kind, c["0.06"].base_period) == ("pp_difference", "")
    # a growth after an amount stays a growth
    c = _ext("The added value reached CNY 7.32 trillion in 2019, up by 10.34% over 2018.", "2020-12-01")
    assert (c["10.34"].kind, c["10.34"].base_period) == ("growth", "2018")


def test_shares_told_after_an_opener_and_a_second_part_in_the_fourteenth_round():
    # test16's j07
    c = _ext("Among them, the proportion of optical, semiconductor and digital communication has exceeded 50%, and "
             "the optical field has reached 71.7%.", "2019-06-27")
    assert (c["50"].kind, c["71.7"].kind) == ("share", "share")
    c = _ext("Of these, the share of invention patents was 40%, while that of utility models was 35%.", "2019-06-27")
    assert (c["40"].kind, c["35"].kind) == ("share", "share")
    # a growth told after a share stays a growth
    c = _ext("The proportion of exports was 40%, and exports have grown 12% year on year.", "2019-06-27")
    assert c["12"].kind == "growth"


def test_a_running_total_needs_its_total_word_before_in_the_fourteenth_round():
    # test16's j06: the total named after the figure is another figure's
    text = ("As of the end of 2015, 387 companies have completed more than 2200 patent insurances. The premium is "
            "1.8826 million yuan, 25 compensation cases have been closed, and the total amount of compensation paid "
            "is 1.0978 million yuan.")
    assert _ext(text, "2016-07-14")["25"].period == "end-2015"
    # unchanged: a total told before ("A total of 7,424 GIs have been registered") is as of the release
    text = "In 2020, output rose. A total of 7,424 GIs have been registered, and 37,000 entities have been authorized."
    assert _ext(text, "2021-04-01")["7,424"].period == "2021"


def test_a_count_bracketed_after_a_name_is_no_list_marker_in_the_fourteenth_round():
    # test15's i01
    assert values("Finland (67), Sweden (65) and Singapore (56) took the third to fifth places in the list.") == [
        "67", "65", "56"]
    assert values("Among universities, Tsinghua (45) and Zhejiang (38) led.") == ["45", "38"]
    # still list markers: a clause's number before its heading, an enumeration's
    assert values("(1) The PCT applications maintained a high growth trend.") == []
    assert values("Measures include (2) Trademarks, and (3) Designs.") == []


def test_a_yearly_rate_averaged_over_a_span_in_the_fourteenth_round():
    # test15's i03: "averaged" a yearly growth rate is an average annual growth, from the span's first year
    c = _ext("The annual growth rate of the industry added value averaged 10.3% between 2016 and 2019.", "2020-12-01")
    assert (c["10.3"].kind, c["10.3"].period, c["10.3"].base_period) == ("cagr", "2019", "2016")
    c = _ext("From 2013 to 2022, the yearly growth of patent pledges averaged 25%.", "2023-02-01")
    assert (c["25"].kind, c["25"].period, c["25"].base_period) == ("cagr", "2022", "2013")
    # a growth over a span that is no average keeps the year before its first as the base (unchanged)
    c = _ext("During the 13th Five-Year Plan period, patent pledges grew by 40%.", "2021-02-01")
    assert (c["40"].kind, c["40"].base_period) == ("growth", "2015")


@pytest.mark.parametrize("sentence, want", [
    # months in any abbreviation, inside the whole grammar of times
    ("By the end of Sept. 2020, China had 3,000 agencies.", "end-2020-09"),
    ("As of Sept. 30, 2020, China had 3,000 agencies.", "end-2020-09"),
    ("In Sept 2020, China received 3,000 applications.", "2020-09"),
    ("From Jan. to Sept. 2020, China received 3,000 applications.", "2020Q1-Q3"),
    ("Between January and Sept., China received 3,000 applications.", "2020Q1-Q3"),
    ("In Dec. 2019, China received 3,000 applications.", "2019-12"),
    # a month's end without its year: the release's year, or the year before when the month is still to come
    ("By September, China had 3,000 agencies.", "end-2020-09"),
    ("As of December, China had 3,000 agencies.", "end-2020"),
    # quarters from the first, written short
    ("In Q1-Q3, China received 3,000 applications.", "2020Q1-Q3"),
    ("In Q1-Q2 2019, China received 3,000 applications.", "2019H1"),
    # unchanged: "may" the verb, "In Q3"
    ("Filings may rise in 2019 as China received 3,000 applications.", "2019"),
    ("In Q3, China received 3,000 applications.", "2020Q3"),
])
def test_month_abbreviations_and_months_without_a_year_in_the_fourteenth_round(sentence, want):
    assert _ext(sentence, "2020-11-15")["3,000"].period == want


def test_a_month_still_to_come_at_the_release_is_of_the_year_before_in_the_fourteenth_round():
    assert _ext("By November, China had 3,000 agencies.", "2021-02-10")["3,000"].period == "end-2020-11"


@pytest.mark.parametrize("sentence, value, want", [
    # test16's j05 wording: "the first N months of the year" is of the year talked about, as "the first half of the
    # year" is; of the release's year when none was told
    ("In 2019, output rose. In the first 10 months of the year, China received 3,000 applications, up 5% over the "
     "same period.", "3,000", ("2019-01-2019-10", "")),
    ("In 2019, output rose. In the first 10 months of the year, China received 3,000 applications, up 5% over the "
     "same period.", "5", ("2019-01-2019-10", "2018-01-2018-10")),
    ("During the first 10 months of the year, China received 3,000 applications.", "3,000", ("2020-01-2020-10", "")),
    # the first quarters as their months
    ("China received 3,000 applications in the first two quarters of 2019.", "3,000", ("2019H1", "")),
    # "the same period a year earlier", and a change right before "on"
    ("China received 3,000 applications in the first 3 quarters of 2019, up 5% on the same period a year earlier.",
     "5", ("2019Q1-Q3", "2018Q1-Q3")),
    ("China received 3,000 applications in 2019, up 5% on 2018.", "5", ("2019", "2018")),
])
def test_first_months_of_the_year_talked_about_and_the_same_period_in_the_fourteenth_round(sentence, value, want):
    c = _ext(sentence, "2020-11-15")[value]
    assert (c.period, c.base_period) == want


def test_a_multiple_year_on_year_has_its_base_in_the_fourteenth_round():
    # test16's j08
    c = _ext("In 2020 the amount was 9.671 billion yuan, a year-on-year increase of 2 times.", "2021-11-15")["2"]
    assert (c.kind, c.base_period) == ("multiple", "2019")
    c = _ext("In 2020 loans doubled year on year to 9.6 billion yuan.", "2021-11-15")["doubled"]
    assert (c.kind, c.base_period) == ("multiple", "2019")
    # without "year on year", a multiple states no base (unchanged)
    assert _ext("In 2020 loans grew 3 times.", "2021-11-15")["3"].base_period == ""


def test_to_cross_or_break_through_a_figure_is_to_exceed_it_in_the_fourteenth_round():
    # test16's j10
    assert one("The Trademark Application in China that has been filed for trademark registration crossed 10 "
               "million.", "10").qualifier == "exceeded"
    assert one("Revenue broke through 1 trillion yuan in 2020.", "1").qualifier == "exceeded"
    assert one("Revenue reached 1 trillion yuan in 2020.", "1").qualifier == "exact"


@pytest.mark.parametrize("sentence, want", [
    # test16's j10: "the year when" points back to the year told, here a start ("from 2002")
    ("China has been leading in trademark applications from 2002. It was the year when the trademark application "
     "in China got up to 300,000.", "2002"),
    ("In 2019, output rose. That year, filings reached 300,000.", "2019"),
    # a base told right after a figure's time is not "the same year"
    ("In 2019, output rose by 5% over 2018. In the same year, filings reached 300,000.", "2019"),
])
def test_that_year_points_back_to_the_year_told_in_the_fourteenth_round(sentence, want):
    assert _ext(sentence, "2021-11-15")["300,000"].period == want


@pytest.mark.parametrize("sentence, want", [
    # test15's i04
    ("The volume of technology transactions in Beijing reached 189 billion yuan last year, up nearly 300 percent "
     "from the beginning of the 11th Five-Year Plan period.", ("2011", "2006")),
    ("In 2015, filings grew 300 percent over the start of the 12th Five-Year Plan (2011-2015).", ("2015", "2011")),
])
def test_the_beginning_of_a_plan_is_its_first_year_in_the_fourteenth_round(sentence, want):
    c = _ext(sentence, "2012-01-15")["300"]
    assert (c.period, c.base_period) == want


def test_a_difference_from_a_named_level_in_the_fourteenth_round():
    # test15's i09: an absolute change between two places, without a base period
    c = _ext("In 2002 Beijing traded 22 billion yuan, 10 billion yuan (US$1.21 billion) higher than Shanghai.",
             "2003-01-15")["10"]
    assert (c.kind, c.base_period) == ("absolute_change", "")
    c = _ext("In 2002 Beijing traded 22 billion yuan, 10 billion yuan more than that of Guangdong.", "2003-01-15")["10"]
    assert (c.kind, c.base_period) == ("absolute_change", "")
    # unchanged: a difference from an earlier time keeps its base
    c = _ext("In 2020, filings were 3,000 higher than in 2019.", "2021-01-15")["3,000"]
    assert (c.kind, c.base_period) == ("absolute_change", "2019")


def test_a_level_a_change_starts_from_is_of_the_time_compared_with_in_the_fourteenth_round():
    # test15's i06
    c = _ext("When compared with that in 2013, which stood at around 4 trillion yuan, the value in 2017 registered a 42 "
             "percent surge while the proportion of GDP rose from 7.27 percent.", "2018-04-01")
    assert c["7.27"].period == "2013"
    c = _ext("When compared with that of 2016, the output in 2021 grew 25 percent and the proportion of GDP rose from "
             "6.9 percent.", "2022-01-15")
    assert (c["6.9"].period, c["25"].base_period) == ("2016", "2016")
    # a pair "from … to …" keeps the pair's reading (unchanged)
    c = _ext("Compared with 2015, the share rose from 7.1 percent to 7.4 percent in 2020.", "2021-01-15")
    assert c["7.4"].period == "2020"


@pytest.mark.parametrize("sentence", [
    "Compared with 2015, the value in 2020 registered a 30 percent surge.",
    "Compared with 2015, output in 2020 rose 30 percent.",
])
def test_a_year_compared_with_is_no_compared_value_in_the_fourteenth_round(sentence):
    # the year after "compared with" is the base, not a value whose own time follows
    c = _ext(sentence, "2022-01-15")["30"]
    assert (c.period, c.base_period) == ("2020", "2015")


def test_a_base_year_after_respectively_and_a_titles_issue_in_the_fourteenth_round():
    # test16's j09: the base year of two growths told "respectively, over 2008" is no figure
    assert values("It was an increase of 36.19 percent and 95.73 percent, respectively, over 2008.") == [
        "36.19", "95.73"]
    assert values("Sales and exports rose 5 percent and 9 percent, respectively, over 2019.") == ["5", "9"]
    # test16's j08: an issue's number after a year or "total"
    assert values("Economic and financial hot spots quick review 2022 issue 69 (total issue 732): the policy.") == []
    # the verb stays a verb
    assert values("The bank will issue 10 billion yuan of bonds.") == ["10"]


def test_a_range_of_ranks_and_a_count_of_examples_in_the_fourteenth_round():
    # test15's i01 and i07
    assert values("Huawei (1,961), ZTE Corp. (1,323) and BOE Technology Group (395) are top 1 to 3.") == [
        "1,961", "1,323", "395"]
    assert values("The firms ranked top 4-6 filed 3,000 applications.") == ["3,000"]
    assert values("Two examples of this are Shenzhen Communications Bank and Bank of China.") == []
    assert values("Three instances of this were reported.") == []
    # a count of firms at the top stays a figure of its own when it is not the rank (unchanged)
    assert values("The top 10 firms filed 3,000 applications.") == ["3,000"]


@pytest.mark.parametrize("sentence, want", [
    # a quarter "of the year" is of the year talked about, as "the first half of the year" is
    ("In the first quarter of the year, China received 3,000 applications.", "2020Q1"),
    ("In 2019, output rose. In the third quarter of the year, China received 3,000 applications.", "2019Q3"),
    ("In the 2nd quarter of 2018, China received 3,000 applications.", "2018Q2"),
])
def test_a_quarter_of_the_year_talked_about_in_the_fourteenth_round(sentence, want):
    assert _ext(sentence, "2020-11-15")["3,000"].period == want


# Round 15: the text's time anchor, read once before any sentence, and how each period was found.
@pytest.mark.parametrize("headline, published, want", [
    # test5's x03, test7's z04: the time grammar read only the year
    ("CNIPA Publishes China's IP Statistics for First Half of 2020", "2020-07-13", "2020H1"),
    ("CNIPA Releases China's Patent, Trademark & GI Statistics for First Quarter of 2019", "2019-04-29", "2019Q1"),
    ("Good Momentum for IP Development in First Half", "2018-07", "2018H1"),  # test8's a02: the release's year
    ("Patents Granted in Q1-Q3", "2018-10-20", "2018Q1-Q3"),
    ("Jan-Sep Trademark Figures", "2018-10-20", "2018Q1-Q3"),
    ("Invention Patents in the First 10 Months", "2018-11-12", "2018-01-2018-10"),
    ("GI Products Approved as of the End of March", "2018-04-20", "end-2018-03"),
])
def test_a_headlines_part_of_the_year_is_the_texts_anchor(headline, published, want):
    text = f"{headline}\n\nThe office released the figures on Monday.\n\nChina received 683,490 applications.\n"
    c = _ext(text, published)["683,490"]
    assert (c.period, c.period_from) == (want, "anchor")


def test_a_headline_without_a_part_of_the_year_keeps_its_own_time():
    headline = "Pledge Loans Surge"
    assert extract._headline_part(headline, 0, len(headline), 2020) == ("", 0, 0)
    text = "Copyright Registrations in China Maintain Substantial Growth in 2015\n\nChina registered 1,348,000 works.\n"
    c = _ext(text, "2016-03-02")["1,348,000"]
    assert (c.period, c.period_from) == ("2015", "anchor")


def test_the_present_perfect_is_as_of_a_texts_stock_date():
    # test9's b08: "as of the end of June 2023, … more than 1,100 patents have realized the licensing": the text
    # reports as of that date, not of its publication
    c = _first_by_value(_set_text("test9", "b08"), "b08", "2023-07-31")["1,100"]
    assert (c.period, c.period_from) == ("end-2023-06", "anchor")
    # a text with no stock date as its anchor: as stated at publication, a guess the reviewer is told of
    text = "Open licensing makes progress\n\nMore than 1,100 patents have realized the licensing of one patent.\n"
    c = _ext(text, "2023-07-31")["1,100"]
    assert (c.period, c.period_from) == ("2023", "publication")


def test_weakly_dated_figures_rank_below_firmly_dated_ones():
    stated = _ext("In 2022, China granted 798,000 invention patents.", "2023-01-16")["798,000"]
    guessed = _ext("China granted 798,000 invention patents.", "2023-01-16")["798,000"]
    assert (stated.period, stated.period_from) == ("2022", "sentence")
    assert (guessed.period, guessed.period_from) == ("2023", "publication")
    assert guessed.confidence < stated.confidence
    text = "Invention Patents in 2022\n\nThe office released the figures.\n\nChina granted 798,000 invention patents.\n"
    anchored = _ext(text, "2023-01-16")["798,000"]
    assert anchored.period_from == "anchor" and guessed.confidence < anchored.confidence < stated.confidence


def test_every_candidate_says_how_its_period_was_found():
    for name, prefix in (("test5", "x03"), ("test9", "b08"), ("test12", "f05")):
        for c in extract.extract(_set_text(name, prefix), prefix, published="2020"):
            assert c.period_from in extract.PERIOD_FROM


def test_the_same_period_last_year_is_read_against_the_headlines_anchor():
    # "the same period last year" points back to the time told before it: the headline's, read as the anchor
    text = ("CNIPA Publishes China's IP Statistics for First Half of 2020\n\nThe office released the figures.\n\n"
            "China received 683,490 applications, against 650,000 in the same period last year.\n")
    cands = _ext(text, "2020-07-13")
    assert cands["683,490"].period == "2020H1"
    assert cands["650,000"].period == "2019H1"
