"""The yearly update: add-source -> review -> accept -> validate -> build -> check, on a real later release.

The release is tests/update_example/ (its provenance in the README there). The review below is what an analyst
does with the two candidate files: delete the rows that are not figures of an indicator, correct the cells the
extractor could not know. Each deletion and correction says why.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT, snapshot
from repocopy import build, env_for, last_run, ok

from ipbook import candidates, extract, observation

EXAMPLE = ROOT / "tests" / "update_example" / "markables-2025-03-28-china-ip-financing.txt"
SID = "markables-2025-03-wipo"
ADD = ["add-source", str(EXAMPLE), "--id", SID,
       "--title", "China's IP-Backed Financing Landscape (WIPO Report)",
       "--publisher", "Markables (summary of WIPO's report 'Unlocking IP-backed Financing: China's Journey')",
       "--date", "2025-03-28", "--kind", "secondary", "--period-covered", "2022-2023Q3",
       "--translation-note", "Not a translation: an English summary of an English WIPO report."]


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ipbook", *args], cwd=cwd, env=env_for(cwd),
                          capture_output=True, text=True, timeout=600)


def read_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def review(path: Path, keep: dict[str, dict[str, str]]) -> dict[str, str]:
    """Keep only the rows whose value (as written) is named in ``keep``, with their corrections; every other row
    is deleted. Rows are picked by what they say, not by their proposal numbers, which move whenever the
    extractor proposes a row more or less before them. Returns the kept rows' ids by value."""
    rows = read_rows(path)
    with path.open(newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    values = [r["value"] for r in rows]
    assert all(values.count(v) == 1 for v in keep), f"values to keep, each proposed once: {list(keep)} in {values}"
    ids = {r["value"]: r["id"] for r in rows if r["value"] in keep}
    kept = [r | keep[r["value"]] for r in rows if r["value"] in keep]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(kept)
    return ids


# ------------------------------------------------------------------ candidate rows


def test_candidates_are_rows_of_the_data_files_numbered_under_the_source():
    text = ("In 2020, the amount of patent and trademark pledge financing reached 218 billion yuan (about USD 33 "
            "billion), an increase of 44% year-on-year.\n")
    found = extract.extract(text, "new-release", extract.load_catalogue(DATA))
    obs, claims = candidates.rows(found, "005")
    assert list(obs[0]) == candidates.OBSERVATION_COLUMNS == observation.COLUMNS + ["confidence", "period_from", "start",
                                                                                            "end"]
    # the bracketed dollar figure restates the 218 billion: the extractor does not propose it
    assert [(r["id"], r["indicator"], r["region"], r["period"], r["value"], r["unit"]) for r in obs] == [
        ("o005-001", "pledge_financing_amount", "China", "2020", "218", "billion yuan"),
    ]
    [c] = claims
    # the rate is about the 218 billion (the extractor's subject); "year-on-year": base 2019
    assert (c["id"], c["kind"], c["indicator"], c["period"], c["base_period"], c["subject"], c["value"]) == (
        "c005-001", "growth", "pledge_financing_amount", "2020", "2019", "o005-001", "44")
    assert all(text[int(r["start"]):int(r["end"])] == r["quote"] for r in obs + claims)


def test_year_earlier_shifts_every_year_of_a_period():
    assert candidates._year_earlier("2023Q1-Q3") == "2022Q1-Q3"
    assert candidates._year_earlier("end-2022-06") == "end-2021-06"
    assert candidates._year_earlier("2022H1") == "2021H1"


def test_next_number_follows_the_shipped_sources():
    # rows use 000-004 (the five releases) and 999 (the issue-3 example): the smallest free number is 005
    assert candidates.numbers_in_use(DATA) == {"000", "001", "002", "003", "004", "999"}
    assert candidates.next_number(DATA) == "005"


# ------------------------------------------------------------------ add-source refuses, and then changes nothing


@pytest.mark.parametrize("change, expect", [
    (lambda d, t: ["--id", "scio-2022-hu"],
     "sources.yaml:2: id: source 'scio-2022-hu' is already registered; choose another --id"),
    (lambda d, t: ["--id", "Bad Id"], "--id 'Bad Id': a source id is lower-case letters, digits and hyphens"),
    (lambda d, t: ["--date", "28 March 2025"], "--date '28 March 2025': write 2025-01-10, 2025-01 or 2025"),
])
def test_add_source_refusals_name_the_field(data_copy, change, expect):
    before = snapshot(data_copy)
    args = [a for a in ADD]
    extra = change(data_copy, EXAMPLE)
    for flag, value in zip(extra[::2], extra[1::2]):
        args[args.index(flag) + 1] = value
    p = cli(*args, "--data", str(data_copy))
    assert p.returncode == 2
    assert p.stderr.startswith(expect), p.stderr
    assert snapshot(data_copy) == before


def test_add_source_refuses_a_missing_or_unreadable_text(data_copy, tmp_path):
    before = snapshot(data_copy)
    p = cli(*(["add-source", str(tmp_path / "nope.txt")] + ADD[2:]), "--data", str(data_copy))
    assert (p.returncode, p.stderr) == (2, f"{tmp_path / 'nope.txt'}: file not found\n")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Financing reached 486.9 billion yuan in 2022, d\xe9j\xe0.\n".encode("latin-1"))
    p = cli(*(["add-source", str(latin1)] + ADD[2:]), "--data", str(data_copy))
    assert p.returncode == 2
    # é is byte 0xe9, the 48th of the line: "Financing reached 486.9 billion yuan in 2022, d" is 47 bytes
    assert len(b"Financing reached 486.9 billion yuan in 2022, d") == 47
    assert p.stderr.startswith(f"{latin1}:1: -: not UTF-8: byte 0xe9 at byte 48 of the line"), p.stderr
    assert snapshot(data_copy) == before


def test_add_source_appends_to_sources_yaml_and_keeps_every_line(data_copy):
    old = (data_copy / "sources.yaml").read_text(encoding="utf-8")
    p = cli(*ADD, "--data", str(data_copy))
    assert p.returncode == 0, p.stderr
    new = (data_copy / "sources.yaml").read_text(encoding="utf-8")
    assert new.startswith(old)  # comments and every entry as they were
    assert "\n- id: markables-2025-03-wipo\n  number: '005'\n" in new[len(old) - 1:]
    assert (data_copy / "sources" / EXAMPLE.name).read_bytes() == EXAMPLE.read_bytes()
    made = candidates.files(data_copy, SID)
    # 8: the three bracketed dollar conversions ("(roughly USD 68.3 billion)", "(≈ USD 1.38 million)",
    # "(approximately USD 3.7 billion)") are not proposed since the extractor's third round (14 before), nor
    # since its eighth "Over more than two decades", the conversion written in words ("which translates to
    # approximately USD 67.2 billion") and the loan-size class "loans below CNY 10 million" (11 before)
    assert f"8 candidate observations -> {made.observations}" in p.stdout
    assert f"2 candidate claims -> {made.claims}" in p.stdout
    # a second run: the id is now taken (the entry is the file's last, after the 6 shipped ones)
    line = new.count("\n", 0, new.index(f"- id: {SID}")) + 1
    again = cli(*ADD, "--data", str(data_copy))
    assert again.returncode == 2 and again.stderr.startswith(f"sources.yaml:{line}: id: source {SID!r} is already registered")


def test_accept_refuses_ids_already_in_the_data(data_copy):
    assert cli(*ADD, "--data", str(data_copy)).returncode == 0
    made = candidates.files(data_copy, SID)
    review(made.observations, {"495": {"id": "o000-003"}})  # a slip: an id of scio-2022-hu
    before = snapshot(data_copy)
    p = cli("accept", SID, "--data", str(data_copy))
    assert p.returncode == 2
    assert p.stderr.splitlines() == [
        f"candidates/{made.observations.name}:2: id: id 'o000-003' is already in observations.csv",
        "1 problem(s); nothing was appended"]
    assert snapshot(data_copy) == before


# ------------------------------------------------------------------ the worked example, end to end


def the_review(data: Path) -> dict[str, str]:
    """The analyst's review of the 8 + 2 candidates (timed in README.md on the 14 + 2 of the extractor's second
    round, which also proposed three bracketed dollar conversions, "two decades", a conversion written in words
    and a loan-size threshold). Rows are named by their values; returns the kept rows' ids by value."""
    made = candidates.files(data, SID)
    note_2022 = "'By 2022' read as the 2022 annual amount (WIPO's figure for the year 2022); secondary source"
    ids = review(made.observations, {
        # kept: the 2022 amount; the extractor found no indicator for "IP-backed lending" (the report's words for
        # patent and trademark pledge financing)
        "486.9": {"indicator": "pledge_financing_amount", "note": note_2022},
        # kept: the Jan-Sep 2023 amount, same indicator
        "495": {"indicator": "pledge_financing_amount"},
        # kept: the enterprises financed in Jan-Sep 2023 ("this financing"); the guess had no indicator
        "18,000": {"indicator": "pledge_financing_sme_count",
                   "note": "micro, small and medium-sized enterprises; Jan-Sep 2023 as the sentence before"},
        # kept: 119 products is the cumulative count (the series ip_securitisation_products, 65 in 2022; the
        # extractor leaves the indicator blank: "IP-backed financial products" names no catalogue label); the
        # period "By late 2023" is written 2023 as that series writes its stocks
        "119": {"indicator": "ip_securitisation_products",
                "note": "cumulative to late 2023, Shanghai and Shenzhen exchanges"},
        # kept, indicator set: 26.8 billion is raised by those 119 products, cumulative (not pledge financing)
        "26.8": {"indicator": "ip_securitisation_issuance_amount",
                 "note": "cumulative financing of the 119 products"},
        # deleted: 130 billion, 99 and 31,000 (PICC alone, as of September 2023: no national indicator has that
        # scope)
    })
    ids |= review(made.claims, {
        # kept as proposed: growth of the Jan-Sep 2023 amount over Jan-Sep 2022, about the 495 billion; the
        # indicator follows the corrected subject
        "52.9": {"indicator": "pledge_financing_amount"},
        # deleted: the 94.6% of listed companies disclosing IP assets (no indicator)
    })
    return ids


def test_worked_example_from_release_to_book(repo):
    data = repo / "data"
    p = cli(*ADD, "--data", "data", cwd=repo)
    assert p.returncode == 0, p.stderr
    ids = the_review(data)
    # the claim is about the Jan-Sep 2023 amount: its subject is that row's id, whatever number it got
    claims_file = read_rows(candidates.files(data, SID).claims)
    assert [(c["value"], c["subject"]) for c in claims_file] == [("52.9", ids["495"])]
    p = cli("accept", SID, "--data", "data", cwd=repo)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith(f"5 observations and 1 claims of {SID!r} appended")
    assert not (data / candidates.FOLDER).exists()
    p = cli("validate", "--data", "data", cwd=repo)
    assert p.returncode == 0, p.stderr
    # 170 + 5 observations, 51 + 1 claims, 6 + 1 sources (3 official: two are SCIO press conferences, one the
    # worked example, and the new one is secondary)
    assert p.stdout == "data: 175 observations, 52 claims, 157 indicators, 7 sources (3 official): valid\n"

    proc = build(repo, "--data", "data")
    ok(proc)
    assert "pledge_financing" in last_run(repo)["executed"]
    html = repo / "_build" / "html" / "book"
    pledge = (html / "pledge_financing.html").read_text(encoding="utf-8")
    assert "486.9" in pledge and "495" in pledge
    # the 2022 growth from the levels: [486.85 / 309.85 - 1, 486.95 / 309.75 - 1] = [57.1%, 57.2%]
    assert f"{486.85 / 309.85 - 1:.1%}" == "57.1%" and f"{486.95 / 309.75 - 1:.1%}" == "57.2%"
    assert re.search(r"\+57\.[12]%", pledge)
    insurance = (html / "insurance_securitisation.html").read_text(encoding="utf-8")
    assert "119" in insurance and "26.8" in insurance

    p = cli("check", "--data", "data", "--json", "--fail-on", "material", cwd=repo)
    assert p.returncode == 0, p.stderr
    led = {r["check_id"]: r for r in json.loads(p.stdout)}
    growth = led[f"growth:{ids['52.9']}"]
    # 52.9% stated for Jan-Sep 2023 over Jan-Sep 2022, which no source reports: the base it implies is
    # 495 / 1.529 = 323.7 billion yuan, a derived figure
    assert growth["verdict"] == "derived", growth
    assert f"{495 / 1.529:.1f}" == "323.7"
    # the 2022 amount joins the annual series, which the magnitude check reads: 218, 309.8, 486.9 are in line
    pledge_series = led["magnitude:pledge_financing_amount:China:12m"]
    assert ids["486.9"] in pledge_series["observations"].split() and pledge_series["verdict"] == "consistent"


def test_review_columns_are_not_data_columns(data_copy):
    # a candidate file pasted into the data as it is, review columns included, is refused, naming them
    assert cli(*ADD, "--data", str(data_copy)).returncode == 0
    made = candidates.files(data_copy, SID)
    review(made.observations, {"486.9": {"indicator": "pledge_financing_amount"}})
    (data_copy / "observations.csv").write_text(made.observations.read_text(encoding="utf-8"), encoding="utf-8")
    p = cli("validate", "--data", str(data_copy))
    assert p.returncode == 2
    expected = "unknown column (expected: " + ", ".join(observation.COLUMNS) + ")"
    for column in ("confidence", "period_from", "start", "end"):
        assert f"observations.csv:1: {column}: {expected}" in p.stderr.splitlines()


def test_add_source_after_a_last_line_without_newline(data_copy):
    # an editor that saves without a final newline: the entry still starts on a line of its own
    path = data_copy / "sources.yaml"
    old = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(old, encoding="utf-8")
    assert cli(*ADD, "--data", str(data_copy)).returncode == 0
    assert path.read_text(encoding="utf-8").startswith(old + f"\n- id: {SID}\n")
    assert cli("validate", "--data", str(data_copy)).returncode == 0


def test_accept_without_candidates_says_where_they_come_from(data_copy):
    before = snapshot(data_copy)
    p = cli("accept", SID, "--data", str(data_copy))
    assert p.returncode == 2
    assert p.stderr.splitlines()[0] == (f"candidates/{SID}-observations.csv:0: -: file not found: no candidates of "
                                        f"{SID!r} to accept (python -m ipbook add-source writes them)")
    assert snapshot(data_copy) == before
