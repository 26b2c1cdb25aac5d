"""validate / dataset: the shipped data is valid; every kind of breakage is listed as file:line: column: problem."""

from __future__ import annotations

import csv
import io

import pytest
import yaml
from conftest import DATA, line_of, replace_once, run_cli, snapshot

from ipbook import cli, dataset, validate
from ipbook.problem import DataError, Problem

VALUE_MSG = "not a number as written (e.g. 309.8, 420,000, ten)"
PERIOD_MSG = "period cannot be parsed (e.g. 2021, 2022H1, end-2019, 2017-2022H1)"

# o000-003: pledge_financing_amount, China, 2021, 309.8 billion yuan, scio-2022-hu
O3 = "o000-003,pledge_financing_amount,China,2021,309.8,billion yuan,exact,scio-2022-hu,"


def validate_cli(folder, capsys) -> tuple[int, list[str], str]:
    """Run ``python -m ipbook validate FOLDER`` in-process: (exit code, stderr lines, stdout)."""
    code = cli.main(["validate", str(folder)])
    out = capsys.readouterr()
    return code, out.err.splitlines(), out.out


def assert_only(folder, capsys, *expected: str):
    """Exit code 2, exactly these problems on stderr (in order), then the count."""
    code, err, out = validate_cli(folder, capsys)
    assert code == 2
    assert out == ""
    assert err == [*expected, f"{len(expected)} problem(s) in {folder}"]


# ------------------------------------------------------------------ the shipped data


def _counts():
    with (DATA / "observations.csv").open(newline="", encoding="utf-8") as fh:
        n_obs = sum(1 for _ in csv.DictReader(fh))
    with (DATA / "claims.csv").open(newline="", encoding="utf-8") as fh:
        n_claims = sum(1 for _ in csv.DictReader(fh))
    indicators = yaml.safe_load((DATA / "indicators.yaml").read_text(encoding="utf-8"))
    sources = yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))
    official = sum(1 for s in sources if (s.get("kind") or "official") == "official")
    return n_obs, n_claims, len(indicators), len(sources), official


def test_shipped_data_validates_with_a_one_line_summary():
    before = snapshot(DATA)
    p = run_cli("validate", "data")
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    n_obs, n_claims, n_ind, n_src, official = _counts()
    assert p.stdout.splitlines() == [
        f"data: {n_obs} observations, {n_claims} claims, {n_ind} indicators, {n_src} sources ({official} official): valid"
    ]
    assert snapshot(DATA) == before  # validate never writes


def test_shipped_data_has_no_problems_in_process(shipped):
    frames, problems = validate.run(DATA)
    assert problems == []
    n_obs, n_claims, n_ind, n_src, _ = _counts()
    assert (len(shipped.observations), len(shipped.claims), len(shipped.indicators), len(shipped.sources)) == (
        n_obs, n_claims, n_ind, n_src)


def test_dataset_levels_convert_to_the_indicator_unit(shipped):
    lv = shipped.levels.set_index("id")
    # o002-047: 820 million yuan, indicator displayed in billion yuan -> factor 1e6 / 1e9 = 0.001
    assert lv.loc["o002-047", "factor"] == pytest.approx(0.001)
    assert lv.loc["o002-047", "round_step"] == 10  # 820: one trailing zero counts when qualified
    # o002-002: 420,000 transfers and licences, step 10,000
    assert lv.loc["o002-002", "step"] == 10_000
    assert lv.loc["o000-003", "number"] == pytest.approx(309.8)
    assert lv.loc["o000-003", "period_shape"] == "12m"


# ------------------------------------------------------------------ one broken thing at a time


def test_missing_column(data_copy, capsys):
    path = data_copy / "observations.csv"
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    i = rows[0].index("unit")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([r[:i] + r[i + 1:] for r in rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    code, err, _ = validate_cli(data_copy, capsys)
    assert code == 2
    assert err[0] == "observations.csv:1: unit: missing column"
    assert err[-1].endswith(f"problem(s) in {data_copy}")


def test_missing_column_is_one_problem_not_one_per_row(data_copy, capsys):
    """A missing column is reported against the header; its (absent) cells are not also 'unknown unit' on every row."""
    path = data_copy / "observations.csv"
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    i = rows[0].index("unit")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([r[:i] + r[i + 1:] for r in rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    assert_only(data_copy, capsys, "observations.csv:1: unit: missing column")


def test_non_numeric_value(data_copy, capsys):
    # "309.8 billion" is in the quote, so the only problem is the value's form
    replace_once(data_copy / "observations.csv", O3, O3.replace(",309.8,", ",309.8 billion,"))
    line = line_of(data_copy / "observations.csv", "o000-003,")
    assert_only(data_copy, capsys, f"observations.csv:{line}: value: {VALUE_MSG}: '309.8 billion'")


def test_quote_not_in_source(data_copy, capsys):
    old = "in 2021, China's patent and trademark pledge financing reached 309.8 billion yuan"
    new = "pledge financing reached 309.8 billion yuan in 2021"  # contains the value, not in the text
    replace_once(data_copy / "observations.csv", old, new)
    line = line_of(data_copy / "observations.csv", "o000-003,")
    assert_only(data_copy, capsys,
                f"observations.csv:{line}: quote: quote not found verbatim in source 'scio-2022-hu': '{new}'")


def test_value_not_in_its_quote(data_copy, capsys):
    # c999-001 states 42%; write 43 instead (43 does not occur in its quote)
    replace_once(data_copy / "claims.csv", "42,%,exact,ipbook-issue-3", "43,%,exact,ipbook-issue-3")
    line = line_of(data_copy / "claims.csv", "c999-001,")
    assert_only(data_copy, capsys, f"claims.csv:{line}: value: value '43' does not occur in its quote")


def test_unknown_unit(data_copy, capsys):
    replace_once(data_copy / "observations.csv", O3, O3.replace("billion yuan", "billion yuans"))
    line = line_of(data_copy / "observations.csv", "o000-003,")
    assert_only(data_copy, capsys, f"observations.csv:{line}: unit: unknown unit: 'billion yuans'")


def test_unit_of_another_dimension(data_copy, capsys):
    # a count unit for a money indicator
    replace_once(data_copy / "observations.csv", O3, O3.replace("billion yuan", "million"))
    line = line_of(data_copy / "observations.csv", "o000-003,")
    assert_only(data_copy, capsys,
                f"observations.csv:{line}: unit: unit 'million' does not fit indicator 'pledge_financing_amount' (in 'billion yuan')")


def test_duplicate_row(data_copy, capsys):
    path = data_copy / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = line_of(path, "o000-003,")
    copy = lines[first - 1].replace("o000-003,", "o000-903,", 1)  # a new id, same indicator/region/period/source
    path.write_text("".join(lines) + copy, encoding="utf-8")
    new_line = len(lines) + 1
    assert_only(data_copy, capsys,
                f"observations.csv:{new_line}: indicator: duplicate row: "
                f"(pledge_financing_amount, China, 2021, scio-2022-hu) already on line {first}")


def test_duplicate_id(data_copy, capsys):
    path = data_copy / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = line_of(path, "o000-003,")
    # same id, another period: not a duplicate row, but a duplicate id
    copy = lines[first - 1].replace(",China,2021,", ",China,2019,", 1)
    path.write_text("".join(lines) + copy, encoding="utf-8")
    assert_only(data_copy, capsys,
                f"observations.csv:{len(lines) + 1}: id: duplicate id 'o000-003' (first on line {first})")


def test_unknown_indicator(data_copy, capsys):
    replace_once(data_copy / "observations.csv", O3, O3.replace("pledge_financing_amount", "pledge_financing_amt"))
    line = line_of(data_copy / "observations.csv", "o000-003,")
    assert_only(data_copy, capsys, f"observations.csv:{line}: indicator: unknown indicator 'pledge_financing_amt'")


@pytest.mark.parametrize("bad", ["2021H3", "2021-13", "2022-2020"])
def test_unparseable_period(data_copy, capsys, bad):
    replace_once(data_copy / "observations.csv", O3, O3.replace(",China,2021,", f",China,{bad},"))
    line = line_of(data_copy / "observations.csv", "o000-003,")
    assert_only(data_copy, capsys, f"observations.csv:{line}: period: {PERIOD_MSG}: '{bad}'")


def test_year_outside_the_calendar_is_reported_not_accepted(data_copy, capsys):
    """Period '0000' fits the four-digit grammar but no calendar: validate must report it (exit 2)."""
    replace_once(data_copy / "observations.csv", O3, O3.replace(",China,2021,", ",China,0000,"))
    line = line_of(data_copy / "observations.csv", "o000-003,")
    assert_only(data_copy, capsys, f"observations.csv:{line}: period: {PERIOD_MSG}: '0000'")


def test_malformed_csv_row(data_copy, capsys):
    # drop the qualifier field: 9 fields instead of 10
    replace_once(data_copy / "observations.csv", O3, O3.replace(",exact,", ",", 1))
    line = line_of(data_copy / "observations.csv", "o000-003,")
    assert_only(data_copy, capsys, f"observations.csv:{line}: -: expected 10 fields, found 9 (a missing or extra comma?)")


def test_malformed_claims_row(data_copy, capsys):
    replace_once(data_copy / "claims.csv", "c999-001,growth,", "c999-001,growth,,")  # one field too many
    line = line_of(data_copy / "claims.csv", "c999-001,")
    assert_only(data_copy, capsys, f"claims.csv:{line}: -: expected 14 fields, found 15 (a missing or extra comma?)")


def test_unknown_source(data_copy, capsys):
    replace_once(data_copy / "observations.csv", O3, O3.replace("scio-2022-hu", "scio-2022-xx"))
    line = line_of(data_copy / "observations.csv", "o000-003,")
    assert_only(data_copy, capsys, f"observations.csv:{line}: source: unknown source 'scio-2022-xx'")


def test_claim_pointing_at_an_unknown_observation(data_copy, capsys):
    replace_once(data_copy / "claims.csv", "c001-003,growth,pledge_financing_amount,China,2020,2019,o001-032,",
                 "c001-003,growth,pledge_financing_amount,China,2020,2019,o999-999,")
    line = line_of(data_copy / "claims.csv", "c001-003,")
    assert_only(data_copy, capsys, f"claims.csv:{line}: subject: unknown observation or claim id 'o999-999'")


def test_missing_file(data_copy, capsys):
    (data_copy / "claims.csv").unlink()
    assert_only(data_copy, capsys, "claims.csv:0: -: file not found")


def test_blank_lines_do_not_shift_line_numbers(data_copy, capsys):
    path = data_copy / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(1, "\n")  # a blank line after the header
    path.write_text("".join(lines), encoding="utf-8")
    replace_once(path, O3, O3.replace("billion yuan", "billion yuans"))
    line = line_of(path, "o000-003,")
    assert line == 5  # header, blank, o000-001, o000-002, o000-003
    assert_only(data_copy, capsys, f"observations.csv:{line}: unit: unknown unit: 'billion yuans'")


def test_duplicate_indicator_id_is_reported_not_a_crash(data_copy, capsys):
    """A duplicated indicator entry is listed as a problem (exit 2), not a traceback."""
    path = data_copy / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    a = text.index("- id: bank_ip_pledge_loan_balance\n")
    b = text.index("- id: ", a + 1)
    path.write_text(text[:b] + text[a:b] + text[b:], encoding="utf-8")  # the first entry, twice
    second = text[:b].count("\n") + 1  # line where the copy starts
    code, err, _ = validate_cli(data_copy, capsys)
    assert code == 2
    assert f"indicators.yaml:{second}: id: duplicate indicator id 'bank_ip_pledge_loan_balance'" in err


# ------------------------------------------------------------------ all problems at once


def test_several_problems_are_all_listed(data_copy, capsys):
    obs, claims = data_copy / "observations.csv", data_copy / "claims.csv"
    replace_once(obs, O3, O3.replace("billion yuan", "billion yuans"))
    replace_once(claims, "c001-003,growth,pledge_financing_amount,China,2020,2019,",
                 "c001-003,growth,pledge_financing_amount,China,2020,2019H3,")
    replace_once(obs, "o001-032,pledge_financing_amount,China,2020,218,billion yuan,exact,cnipa-2021-03-smes,",
                 "o001-032,pledge_financing_amount,China,2020,218,billion yuan,exact,cnipa-2021-03-xx,")
    l_unit, l_src = line_of(obs, "o000-003,"), line_of(obs, "o001-032,")
    l_claim = line_of(claims, "c001-003,")
    assert_only(
        data_copy, capsys,
        f"claims.csv:{l_claim}: base_period: {PERIOD_MSG}: '2019H3'",
        f"observations.csv:{l_unit}: unit: unknown unit: 'billion yuans'",
        f"observations.csv:{l_src}: source: unknown source 'cnipa-2021-03-xx'",
    )


def test_dataset_load_raises_data_error_with_every_problem(data_copy):
    obs = data_copy / "observations.csv"
    replace_once(obs, O3, O3.replace("billion yuan", "billion yuans"))
    replace_once(obs, "o001-032,pledge_financing_amount,China,2020,218,billion yuan,exact,cnipa-2021-03-smes,",
                 "o001-032,pledge_financing_amount,China,2020,218,billion yuan,exact,cnipa-2021-03-xx,")
    with pytest.raises(DataError) as exc:
        dataset.load(data_copy)
    l_unit, l_src = line_of(obs, "o000-003,"), line_of(obs, "o001-032,")
    assert exc.value.problems == [
        Problem("observations.csv", l_unit, "unit", "unknown unit: 'billion yuans'"),
        Problem("observations.csv", l_src, "source", "unknown source 'cnipa-2021-03-xx'"),
    ]
    assert str(exc.value).splitlines() == [
        f"observations.csv:{l_unit}: unit: unknown unit: 'billion yuans'",
        f"observations.csv:{l_src}: source: unknown source 'cnipa-2021-03-xx'",
    ]


def test_validate_does_not_modify_its_input(data_copy, capsys):
    replace_once(data_copy / "observations.csv", O3, O3.replace("billion yuan", "billion yuans"))
    replace_once(data_copy / "claims.csv", "c999-001,growth,", "c999-001,growth,,")
    before = snapshot(data_copy)
    code, _, _ = validate_cli(data_copy, capsys)
    assert code == 2
    validate.run(data_copy)
    assert snapshot(data_copy) == before


# ------------------------------------------------------------------ the readers' building blocks (issue 11)


def test_read_text_strips_a_bom_and_reports_bad_bytes_per_line(tmp_path):
    from ipbook.problem import ENCODING_HELP, read_text

    path = tmp_path / "t.txt"
    path.write_bytes(b"\xef\xbb\xbfok\ncaf\xe9\nnul\x00here\n")
    text, problems = read_text(path, "t.txt")
    assert text == "ok\ncaf\ufffd\nnulhere\n"
    assert [str(p) for p in problems] == [
        f"t.txt:2: -: not UTF-8: byte 0xe9 at byte 4 of the line; {ENCODING_HELP}",
        "t.txt:3: -: NUL byte at character 4 of the line (a binary or UTF-16 file?); remove it",
    ]
    path.write_bytes("a,b\n".encode("utf-16"))
    assert read_text(path, "t.txt") == (None, [Problem("t.txt", 1, "-", f"file is UTF-16, not UTF-8: {ENCODING_HELP}")])
    path.write_bytes("plain ✓\n".encode("utf-8"))
    assert read_text(path, "t.txt") == ("plain ✓\n", [])


def test_cycles_finds_each_ring_and_nothing_in_a_tree():
    from ipbook.problem import cycles

    assert cycles({"a": ["b"], "b": ["c"], "c": []}) == []
    assert cycles({"a": ["b"], "b": ["c"], "c": ["a"]}) == [["a", "b", "c"]]
    assert cycles({"a": ["a"]}) == [["a"]]
    assert cycles({"a": ["b", "x"], "b": ["a"], "c": ["d"], "d": ["c"]}) == [["a", "b"], ["c", "d"]]
    chain = {str(i): [str(i + 1)] for i in range(100_000)}  # iterative: a long chain does not exhaust the stack
    chain["100000"] = ["0"]
    [ring] = cycles(chain)
    assert len(ring) == 100_001


def test_non_ascii_digit_names_the_character():
    from ipbook.problem import non_ascii_digit

    assert non_ascii_digit("309.8") is None
    assert non_ascii_digit("亿 yuan") is None  # Chinese numerals and units are not digits
    assert non_ascii_digit("３０９.８") == "'３' (U+FF13 FULLWIDTH DIGIT THREE)"
    assert non_ascii_digit("20٢1") == "'٢' (U+0662 ARABIC-INDIC DIGIT TWO)"
    assert non_ascii_digit("10²") == "'²' (U+00B2 SUPERSCRIPT TWO)"


def test_source_files_resolve_inside_sources(tmp_path):
    from ipbook import source

    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sources" / "sub").mkdir()
    (tmp_path / "sources" / "sub" / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sources" / "out.txt").symlink_to(tmp_path / "outside.txt")
    (tmp_path / "sources" / "in.txt").symlink_to("a.txt")
    assert source.resolve(tmp_path, "a.txt") == ((tmp_path / "sources" / "a.txt").resolve(), "")
    assert source.resolve(tmp_path, "sub/b.txt")[0] == (tmp_path / "sources" / "sub" / "b.txt").resolve()
    assert source.resolve(tmp_path, "in.txt")[0] == (tmp_path / "sources" / "a.txt").resolve()
    assert source.resolve(tmp_path, "out.txt") == (None, "'out.txt' is a symlink leading out of sources/; copy the text into sources/")
    assert source.resolve(tmp_path, "sub/../../outside.txt")[1].endswith("leads out of sources/ ('..'); give a file name inside sources/")
    assert source.resolve(tmp_path, str(tmp_path / "outside.txt"))[1].endswith("is an absolute path; give a file name inside sources/")
    assert source.resolve(tmp_path, "C:\\Windows\\win.ini")[1].endswith("is an absolute path; give a file name inside sources/")
    assert source.resolve(tmp_path, "missing.txt") == (None, "source text 'missing.txt' not found in sources/")


def test_known_regions():
    from ipbook.observation import is_known_region

    for name in ("China", "Zhejiang", "Inner Mongolia", "Hong Kong", "Shenzhen", "16 key provinces", "5 pilot cities"):
        assert is_known_region(name), name
    for name in ("Zhejaing", "china", "CN", "", "key provinces", "16 provinces of note"):
        assert not is_known_region(name), name


def test_yaml_reader_is_strict(tmp_path):
    from ipbook.yamlfile import check_entry, read_entries

    path = tmp_path / "x.yaml"
    path.write_text("- id: a\n  label: [one, two]\n  lable: b\n  id: c\n", encoding="utf-8")
    [entry], problems = read_entries(path, "x.yaml")
    assert problems == []
    assert [str(p) for p in check_entry(entry, ["id", "label"], "x.yaml")] == [
        "x.yaml:4: id: key written twice in one entry (first on line 1)",
        "x.yaml:2: label: expected a single value (text), found a list",
        "x.yaml:3: lable: unknown key 'lable' (did you mean 'label'?); allowed keys: id, label",
    ]
    assert entry["label"] is None and "lable" not in entry
    path.write_text("- id: &x a\n- id: *x\n", encoding="utf-8")
    assert [str(p) for p in read_entries(path, "x.yaml")[1]] == [
        "x.yaml:1: -: malformed YAML: anchor &x not allowed: data files use no anchors or aliases (write the value out)"]
    path.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    assert [str(p) for p in read_entries(path, "x.yaml")[1]] == ["x.yaml:1: -: malformed YAML: nested too deeply"]


# ------------------------------------------------------------------ sources.yaml: number, id, date, kind; id prefixes


def test_a_row_filed_under_another_sources_number(data_copy, capsys):
    # o000-003 quotes scio-2022-hu (number 000, from its first row o000-001); renamed o002-903 it carries the
    # number of cnipa-2022-08-presser
    replace_once(data_copy / "observations.csv", O3, O3.replace("o000-003,", "o002-903,"))
    line = line_of(data_copy / "observations.csv", "o002-903,")
    first = line_of(data_copy / "observations.csv", "o000-001,")
    assert_only(data_copy, capsys,
                f"observations.csv:{line}: id: id 'o002-903' is numbered 002, but source 'scio-2022-hu' is number 000 "
                f"(its first row, o000-001 (observations.csv:{first})): write o000-…")


def test_a_declared_number_is_what_the_rows_must_carry(data_copy, capsys):
    # ipbook-issue-3 declares number "998" while its one claim is c999-001
    path = data_copy / "sources.yaml"
    replace_once(path, "- id: ipbook-issue-3\n", "- id: ipbook-issue-3\n  number: \"998\"\n")
    at = line_of(path, "- id: ipbook-issue-3")
    line = line_of(data_copy / "claims.csv", "c999-001,")
    assert_only(data_copy, capsys,
                f"claims.csv:{line}: id: id 'c999-001' is numbered 999, but source 'ipbook-issue-3' is number 998 "
                f"(its number in sources.yaml:{at}): write c998-…")


def test_source_number_date_id_and_kind_are_each_in_their_one_form(data_copy, capsys):
    path = data_copy / "sources.yaml"
    # an unquoted 010 would be read as the octal 8; a second source claiming 999; a date in words; a capital
    replace_once(path, "- id: scio-2022-hu\n", "- id: scio-2022-hu\n  number: 010\n")
    replace_once(path, "- id: cnipa-2021-03-smes\n", "- id: cnipa-2021-03-smes\n  number: \"999\"\n")
    replace_once(path, "- id: ipbook-issue-3\n", "- id: ipbook-issue-3\n  number: \"999\"\n")
    replace_once(path, 'date_published: "2022-08-24"', 'date_published: "24 August 2022"')
    replace_once(path, "- id: scio-2025-01-shen\n", "- id: SCIO-2025-01-shen\n")
    text = path.read_text(encoding="utf-8")
    number_at, date_at = line_of(path, "  number: 010"), line_of(path, '  date_published: "24 August 2022"')
    id_at, dup_at = line_of(path, "- id: SCIO-2025-01-shen"), line_of(path, "- id: ipbook-issue-3")
    problems = sorted(str(p) for p in validate.run(data_copy)[1] if p.file == "sources.yaml")
    assert problems == sorted([
        f"sources.yaml:{number_at}: number: write the number as three digits in quotes (number: \"005\"), "
        "not 8: YAML reads an unquoted 010 as the octal 8",
        f"sources.yaml:{date_at}: date_published: '24 August 2022' is not a date: "
        "write 2025-01-10, 2025-01 or 2025, optionally followed by ' (estimate)'",
        f"sources.yaml:{id_at}: id: source id 'SCIO-2025-01-shen' must be lower-case letters, "
        "digits and hyphens (e.g. scio-2022-hu)",
        f"sources.yaml:{dup_at}: number: number '999' is already that of source 'cnipa-2021-03-smes'",
    ]), text


def test_press_conference_is_a_kind_and_anything_else_is_named(data_copy, capsys):
    path = data_copy / "sources.yaml"
    # the shipped SCIO transcripts are press conferences (scio-2022-hu, scio-2025-01-shen) and validate
    assert validate.run(data_copy)[1] == []
    replace_once(path, "  kind: press_conference\n  url: http://china.org.cn/", "  kind: presser\n  url: http://china.org.cn/")
    line = line_of(path, "  kind: presser")
    assert_only(data_copy, capsys,
                f"sources.yaml:{line}: kind: unknown kind 'presser' (expected one of official, press_conference, "
                "news, secondary, example)")


def test_first_hand_sources_rank_together():
    import pandas as pd

    from ipbook import reconcile

    sources = pd.DataFrame({"id": ["a", "b", "c", "d"], "kind": ["official", "press_conference", "news", "secondary"]})
    assert reconcile.first_hand(sources) == {"a": True, "b": True, "c": False, "d": False}


def test_a_declared_number_is_its_sources_alone(data_copy, capsys):
    # ipbook-issue-3 declares "004", which the park-campaign report's rows (o004-…, no number declared) use
    path = data_copy / "sources.yaml"
    replace_once(path, "- id: ipbook-issue-3\n", "- id: ipbook-issue-3\n  number: \"004\"\n")
    at = line_of(path, "- id: ipbook-issue-3")
    first = line_of(data_copy / "observations.csv", "o004-001,")
    claim_line = line_of(data_copy / "claims.csv", "c999-001,")
    assert_only(data_copy, capsys,
                f"claims.csv:{claim_line}: id: id 'c999-001' is numbered 999, but source 'ipbook-issue-3' is number "
                f"004 (its number in sources.yaml:{at}): write c004-…",
                f"observations.csv:{first}: id: source 'cnipa-2021-park-campaign''s rows are numbered 004, the number "
                f"of source 'ipbook-issue-3' (sources.yaml:{at}); give 'cnipa-2021-park-campaign' a number of its own")


def test_a_source_url_must_be_an_http_address(data_copy, capsys):
    src = data_copy / "sources.yaml"
    replace_once(src, "  file: 001_0b009ea82c2e50a2.txt\n", "  file: 001_0b009ea82c2e50a2.txt\n  url: file:///etc/passwd\n")
    line = line_of(src, "  url: file:")
    assert_only(data_copy, capsys, f"sources.yaml:{line}: url: url 'file:///etc/passwd' must be the original's "
                                   "address, starting http:// or https://")


def test_a_recorded_url_and_the_text_are_offered_on_the_sources_page(data_copy):
    from ipbook.report import Report

    src = data_copy / "sources.yaml"
    replace_once(src, "  file: 001_0b009ea82c2e50a2.txt\n",
                 "  file: 001_0b009ea82c2e50a2.txt\n  url: https://example.org/cnipa?a=1&b=2\n")
    table = Report(data_dir=str(data_copy)).sources_table()
    rows = table.data.set_index("Id")
    assert rows.loc["cnipa-2021-03-smes", "Original"] == "https://example.org/cnipa?a=1&b=2"
    assert rows.loc["cnipa-2022-08-presser", "Original"] == "not recorded"
    html = table.html
    assert '<a href="https://example.org/cnipa?a=1&amp;b=2">https://example.org/cnipa?a=1&amp;b=2</a>' in html
    # the text rides in the page as a download, byte-order mark first so that spreadsheets and editors read UTF-8
    assert 'download="scio-2022-hu.txt"' in html
    assert rows.loc["scio-2022-hu", "Text"] == "000_3664ff90fa74bfbe.txt (plain text)"


# ------------------------------------------------------------------ the quote lookup at scale


def test_quotes_are_found_as_lines_sentences_or_parts_and_only_in_their_own_source():
    texts = {"a": "First line. Second sentence, with 309.8 billion yuan.\nA line of its own\n", "b": "Other text."}
    quotes = ["A line of its own", "Second sentence, with 309.8 billion yuan.", "First line.", "with 309.8 billion",
              "Other text.", "not there", "A line of its own", ""]
    sources = ["a", "a", "a", "a", "a", "a", "b", "a"]
    # 4: another source's sentence; 5: nowhere; 6: a line of source a, quoted for b; 7: empty (reported elsewhere)
    assert validate.quotes_not_found(quotes, sources, texts) == [4, 5, 6]
    # a source without a text (its own problem is reported where it is read) is not searched
    assert validate.quotes_not_found(["anything"], ["gone"], texts) == []


def test_a_quote_over_two_lines_keeps_the_line_numbers_of_the_rows_after_it(tmp_path):
    from ipbook import observation
    from ipbook.problem import read_table

    head = ",".join(observation.COLUMNS)
    row = "o000-00{},ind,China,2021,1,count,exact,s,\"{}\","
    (tmp_path / "observations.csv").write_text("\n".join([head, row.format(1, "one"), row.format(2, "two\nlines"),
                                                          row.format(3, "three"), "", row.format(4, "four")]) + "\n")
    frame, problems = read_table(tmp_path / "observations.csv", observation.COLUMNS, "observations.csv")
    assert problems == []
    assert frame["_line"].tolist() == [2, 3, 5, 7]
    assert frame["quote"].tolist() == ["one", "two\nlines", "three", "four"]


def test_a_csv_with_a_header_and_no_rows_is_an_empty_table_not_a_crash(data_copy, capsys):
    from ipbook import claim

    # a claims file with no claims yet: reading it once raised an IndexError (a traceback, not a problem list)
    (data_copy / "claims.csv").write_text(",".join(claim.COLUMNS) + "\n", encoding="utf-8")
    code, err, out = validate_cli(data_copy, capsys)
    assert (code, err) == (0, [])
    assert ", 0 claims, " in out and out.endswith(": valid\n")
