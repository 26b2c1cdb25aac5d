"""Input faults (issue 11): each bad input on its own copy of data/, through ``python -m ipbook validate DIR``.

Every test asserts the exit code (2), the exact problems listed on stderr as ``file:line: column: problem``
(no traceback, and the file's other problems still listed), and that the data folder is left as it was.
tests/FAULTS.md lists the fault classes and how many tests each has.
"""

from __future__ import annotations

import os
import time

import pytest
from conftest import line_of, replace_once, run_cli, snapshot
from repocopy import edit_csv_row

from ipbook import indicator, source
from ipbook.observation import REGION_RULE
from ipbook.problem import DIGIT_RULE, ENCODING_HELP

SOURCE_ALLOWED = ", ".join(source.FIELDS)
INDICATOR_ALLOWED = ", ".join(indicator.FIELDS)
assert {"speakers", "date_basis"} <= set(source.FIELDS) and {"part_of", "subset_of"} <= set(indicator.FIELDS)
O3 = "o000-003,pledge_financing_amount,China,2021,309.8,billion yuan,exact,scio-2022-hu,"


def expect(folder, *problems: str) -> None:
    """validate FOLDER exits 2 and lists exactly these problems (sorted as the tool sorts them); FOLDER unchanged."""
    before = snapshot(folder)
    p = run_cli("validate", str(folder))
    assert "Traceback" not in p.stderr, p.stderr
    assert p.returncode == 2, p.stderr
    assert p.stdout == ""
    assert p.stderr.splitlines() == [*problems, f"{len(problems)} problem(s) in {folder}"]
    assert snapshot(folder) == before


def valid(folder) -> str:
    before = snapshot(folder)
    p = run_cli("validate", str(folder))
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    assert snapshot(folder) == before
    return p.stdout


def replace_in_entry(path, entry_id: str, old: str, new: str) -> int:
    """Replace the first ``old`` line after ``- id: ENTRY_ID`` (within that entry); returns the line it was on."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {entry_id}\n")
    end = text.find("\n- id: ", start + 1)
    end = len(text) if end < 0 else end + 1
    at = text.index(old + "\n", start, end)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text[:at].count("\n") + 1


def yaml_line(path, text: str) -> int:
    """1-based line of the single line of ``path`` equal to ``text`` (stripped of its newline)."""
    hits = [i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if line == text]
    assert len(hits) == 1, (text, hits)
    return hits[0]


# ------------------------------------------------------------------ 1. source files stay inside DATA/sources/

FIRST_FILE = "  file: 000_3664ff90fa74bfbe.txt"


@pytest.mark.parametrize("name, why", [
    ("../../../../../etc/passwd", "'../../../../../etc/passwd' leads out of sources/ ('..'); give a file name inside sources/"),
    ("../observations.csv", "'../observations.csv' leads out of sources/ ('..'); give a file name inside sources/"),
    ("/etc/passwd", "'/etc/passwd' is an absolute path; give a file name inside sources/"),
    ("/proc/self/environ", "'/proc/self/environ' is an absolute path; give a file name inside sources/"),
], ids=["dotdot-etc-passwd", "dotdot-observations", "absolute-etc-passwd", "proc-self-environ"])
def test_source_file_outside_sources_is_refused(data_copy, name, why):
    path = data_copy / "sources.yaml"
    line = yaml_line(path, FIRST_FILE)
    replace_once(path, FIRST_FILE, f"  file: {name}")
    # the quotes of scio-2022-hu are no longer checked against anything, and nothing else is reported
    expect(data_copy, f"sources.yaml:{line}: file: {why}")


def test_source_symlink_leading_out_is_refused(data_copy, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (data_copy / "sources" / "link.txt").symlink_to(secret)
    path = data_copy / "sources.yaml"
    line = yaml_line(path, FIRST_FILE)
    replace_once(path, FIRST_FILE, "  file: link.txt")
    expect(data_copy, f"sources.yaml:{line}: file: 'link.txt' is a symlink leading out of sources/; copy the text into sources/")


def test_source_symlink_inside_sources_is_accepted(data_copy):
    """A link to another file of sources/ is fine: it resolves inside the folder."""
    (data_copy / "sources" / "alias.txt").symlink_to("000_3664ff90fa74bfbe.txt")
    replace_once(data_copy / "sources.yaml", FIRST_FILE, "  file: alias.txt")
    assert valid(data_copy).endswith(": valid\n")


# ------------------------------------------------------------------ 2. encodings: UTF-8 required, BOM accepted


def test_latin1_byte_in_a_csv_is_one_problem_and_later_rows_are_still_checked(data_copy):
    path = data_copy / "observations.csv"
    line = edit_csv_row(path, "o000-001", note="caf\u00e9")
    replace_once(path, O3, O3.replace("billion yuan", "billion yuans"))
    later = line_of(path, "o000-003,")
    data = path.read_bytes().replace("caf\u00e9".encode("utf-8"), "caf\u00e9".encode("latin-1"))
    path.write_bytes(data)
    byte = data.split(b"\n")[line - 1].index(b"\xe9") + 1
    expect(data_copy,
           f"observations.csv:{line}: -: not UTF-8: byte 0xe9 at byte {byte} of the line; {ENCODING_HELP}",
           f"observations.csv:{later}: unit: unknown unit: 'billion yuans'")


def test_utf16_csv_is_one_problem_not_a_traceback(data_copy):
    path = data_copy / "claims.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    # claims.csv is unreadable as a whole; the other files are still checked (and are fine)
    expect(data_copy, f"claims.csv:1: -: file is UTF-16, not UTF-8: {ENCODING_HELP}")


def test_latin1_source_text_names_the_text_and_its_line(data_copy):
    path = data_copy / "sources" / "ipbook_issue3_example.txt"
    text = path.read_text(encoding="utf-8")
    path.write_bytes((text + "Caf\u00e9 figures\n").encode("latin-1"))
    line = text.count("\n") + 1
    expect(data_copy, f"sources/ipbook_issue3_example.txt:{line}: -: not UTF-8: byte 0xe9 at byte 4 of the line; {ENCODING_HELP}")


def test_latin1_byte_in_yaml(data_copy):
    path = data_copy / "indicators.yaml"
    line = yaml_line(path, "  label: Patent and trademark pledge financing")
    data = path.read_bytes().replace(b"  label: Patent and trademark pledge financing\n",
                                     "  label: Patent and trademark pledge financing \u00e0 la carte\n".encode("latin-1"))
    path.write_bytes(data)
    expect(data_copy, f"indicators.yaml:{line}: -: not UTF-8: byte 0xe0 at byte 48 of the line; {ENCODING_HELP}")


def test_utf8_bom_is_accepted_in_every_file(data_copy):
    """A byte-order mark (as Excel and Notepad write it) is stripped: no 'id: missing column' and no follow-ons."""
    shipped = valid(data_copy)
    for name in ("observations.csv", "claims.csv", "sources.yaml", "indicators.yaml", "sources/000_3664ff90fa74bfbe.txt"):
        path = data_copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert valid(data_copy) == shipped


# ------------------------------------------------------------------ 3. duplicate CSV header


def test_duplicate_csv_header_is_reported_and_the_first_column_used(data_copy):
    path = data_copy / "observations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0].endswith(",note")
    lines[0] = lines[0][: -len("note")] + "unit"  # the last column is named unit again
    path.write_text("\n".join(lines), encoding="utf-8")
    expect(data_copy,
           "observations.csv:1: note: missing column",
           "observations.csv:1: unit: duplicate column (also column 6); the first one is used")


# ------------------------------------------------------------------ 4. a field over 131,072 characters


def test_huge_field_does_not_stop_reading(data_copy):
    path = data_copy / "observations.csv"
    edit_csv_row(path, "o000-001", note="x" * 200_000)
    replace_once(path, O3, O3.replace("billion yuan", "billion yuans"))
    later = line_of(path, "o000-003,")
    # the note is free text of any length; the problem in a later row is still found
    expect(data_copy, f"observations.csv:{later}: unit: unknown unit: 'billion yuans'")


def test_huge_quote_is_checked_like_any_other(data_copy):
    path = data_copy / "observations.csv"
    line = edit_csv_row(path, "o000-001", quote="100 " + "y" * 150_000)
    expect(data_copy, f"observations.csv:{line}: quote: quote not found verbatim in source 'scio-2022-hu': "
                      f"{('100 ' + 'y' * 56)!r}")


# ------------------------------------------------------------------ 5. NUL bytes


def test_nul_byte_in_csv(data_copy):
    path = data_copy / "observations.csv"
    line = edit_csv_row(path, "o000-003", note="a\0b")
    col = path.read_bytes().split(b"\n")[line - 1].index(b"\0") + 1
    expect(data_copy, f"observations.csv:{line}: -: NUL byte at character {col} of the line (a binary or UTF-16 file?); remove it")


def test_nul_byte_in_yaml(data_copy):
    path = data_copy / "sources.yaml"
    line = yaml_line(path, FIRST_FILE)
    replace_once(path, FIRST_FILE, FIRST_FILE + "\0")
    expect(data_copy, f"sources.yaml:{line}: -: NUL byte at character {len(FIRST_FILE) + 1} of the line "
                      "(a binary or UTF-16 file?); remove it")


# ------------------------------------------------------------------ 6. wrong YAML types


def test_list_where_a_string_is_expected(data_copy):
    path = data_copy / "sources.yaml"
    old = "  language: English (official translation of a Chinese transcript)"
    line = yaml_line(path, old)
    replace_once(path, old, "  language:\n    - English\n    - Chinese")
    expect(data_copy, f"sources.yaml:{line}: language: expected a single value (text), found a list")


def test_mapping_where_a_string_is_expected(data_copy):
    path = data_copy / "indicators.yaml"
    old = "  label: Patent and trademark pledge financing"
    line = yaml_line(path, old)
    replace_once(path, old, "  label: {en: Patent and trademark pledge financing}")
    expect(data_copy, f"indicators.yaml:{line}: label: expected a single value (text), found a mapping")


# ------------------------------------------------------------------ 7. unknown and repeated YAML keys


def test_misspelled_source_key(data_copy):
    path = data_copy / "sources.yaml"
    old = "  speakers: Xing Huina (moderator); Hu Wenhui (China National Intellectual Property Administration, CNIPA)"
    line = yaml_line(path, old)
    replace_once(path, old, old.replace("speakers:", "speaker:"))
    expect(data_copy, f"sources.yaml:{line}: speaker: unknown key 'speaker' (did you mean 'speakers'?); "
                      f"allowed keys: {SOURCE_ALLOWED}")


def test_misspelled_indicator_key(data_copy):
    path = data_copy / "indicators.yaml"
    old = "  part_of: transfers_licences_univ_institutes"
    line = replace_in_entry(path, "transfers_licences_univ_institutes_sei", old, "  partof: transfers_licences_univ_institutes")
    expect(data_copy, f"indicators.yaml:{line}: partof: unknown key 'partof' (did you mean 'part_of'?); "
                      f"allowed keys: {INDICATOR_ALLOWED}")


def test_key_written_twice(data_copy):
    path = data_copy / "indicators.yaml"
    old = "  part_of: transfers_licences_univ_institutes"
    first = replace_in_entry(path, "transfers_licences_univ_institutes_sei", old, old + "\n  part_of: transfers_licences_national")
    expect(data_copy, f"indicators.yaml:{first + 1}: part_of: key written twice in one entry (first on line {first})")


def test_control_character_in_yaml(data_copy):
    path = data_copy / "sources.yaml"
    line = yaml_line(path, FIRST_FILE)
    replace_once(path, FIRST_FILE, FIRST_FILE + "\x07")
    expect(data_copy, f"sources.yaml:{line}: -: character U+0007 not allowed in YAML (a control character?)")


def test_yaml_that_is_not_a_list_of_mappings(data_copy):
    (data_copy / "indicators.yaml").write_text("id: pledge_financing_amount\nlabel: one entry, not a list\n", encoding="utf-8")
    # the indicators cannot be read: no row is reported as naming an unknown indicator
    expect(data_copy, "indicators.yaml:1: -: expected a list of mappings")


# ------------------------------------------------------------------ 8. YAML anchors and aliases (alias bomb)


def test_alias_bomb_is_refused_fast(data_copy):
    """Nine levels of nine aliases would expand to 9**10 strings (hours and tens of GB); refused at the first anchor."""
    path = data_copy / "sources.yaml"
    lines = ['- id: bomb', '  file: 000_3664ff90fa74bfbe.txt', '  title: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"  t{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    line = text.count("\n") + 3
    started = time.monotonic()
    # sources.yaml unreadable: the sources are unknown, but no row is reported as pointing at an unknown source
    expect(data_copy, f"sources.yaml:{line}: -: malformed YAML: anchor &a0 not allowed: data files use no anchors or "
                      "aliases (write the value out)")
    assert time.monotonic() - started < 60  # generous for a loaded machine; about a second when idle


def test_single_alias_is_refused(data_copy):
    path = data_copy / "indicators.yaml"
    old = "  unit: billion yuan"
    text = path.read_text(encoding="utf-8")
    first = text.index(old)
    text = text[:first] + "  unit: &money billion yuan" + text[first + len(old):]
    second = text.index(old)
    text = text[:second] + "  unit: *money" + text[second + len(old):]
    path.write_text(text, encoding="utf-8")
    line = text[:first].count("\n") + 1
    expect(data_copy, f"indicators.yaml:{line}: -: malformed YAML: anchor &money not allowed: data files use no anchors "
                      "or aliases (write the value out)")


# ------------------------------------------------------------------ 9. non-ASCII digits


def test_fullwidth_digits_in_a_value(data_copy):
    path = data_copy / "observations.csv"
    replace_once(path, O3, O3.replace(",309.8,", ",\uff13\uff10\uff19.\uff18,"))
    line = line_of(path, "o000-003,")
    expect(data_copy, f"observations.csv:{line}: value: non-ASCII digit '\uff13' (U+FF13 FULLWIDTH DIGIT THREE) in "
                      f"'\uff13\uff10\uff19.\uff18': {DIGIT_RULE}")


def test_arabic_indic_digits_in_a_period(data_copy):
    path = data_copy / "claims.csv"
    year = "\u0662\u0660\u0662\u0660"  # 2020 in Arabic-Indic digits
    line = edit_csv_row(path, "c999-001", base_period=year)
    expect(data_copy, f"claims.csv:{line}: base_period: non-ASCII digit '\u0662' (U+0662 ARABIC-INDIC DIGIT TWO) in "
                      f"'{year}': {DIGIT_RULE}")


# ------------------------------------------------------------------ 10. what a claim says about its figures


def test_base_period_after_the_period(data_copy):
    line = edit_csv_row(data_copy / "claims.csv", "c001-003", base_period="2021")
    expect(data_copy, f"claims.csv:{line}: base_period: base_period '2021' is not before the period '2020'")


def test_subject_of_another_indicator(data_copy):
    # o001-031 is the e-registration time of patent pledges (2020, China), not the pledge financing amount
    line = edit_csv_row(data_copy / "claims.csv", "c001-003", subject="o001-031")
    expect(data_copy, f"claims.csv:{line}: subject: subject observation 'o001-031' is of indicator "
                      "'patent_pledge_e_registration_time', not this claim's 'pledge_financing_amount'")


def test_period_spelled_differently_from_the_subject(data_copy):
    # the claim says end-2020 (a stock), its subject o001-032 is the 2020 flow
    line = edit_csv_row(data_copy / "claims.csv", "c001-003", period="end-2020")
    expect(data_copy, f"claims.csv:{line}: subject: subject observation 'o001-032' is for period '2020', this claim for "
                      "'end-2020' (write the same period in both)")


def test_reference_at_another_period_than_the_base(data_copy):
    # c001-003: 218 billion yuan in 2020 (o001-032), +44% on 2019; name the 2021 level (o000-003) as its base
    line = edit_csv_row(data_copy / "claims.csv", "c001-003", reference="o000-003")
    expect(data_copy, f"claims.csv:{line}: reference: reference observation 'o000-003' is for period '2021', this "
                      "claim's base_period is '2019' (write the same period in both)")


def test_subject_of_another_region(data_copy):
    line = edit_csv_row(data_copy / "claims.csv", "c001-003", region="Zhejiang")
    expect(data_copy, f"claims.csv:{line}: subject: subject observation 'o001-032' is for region 'China', this claim "
                      "for 'Zhejiang'")


def test_claims_referring_to_each_other(data_copy):
    # c002-006 (export growth exceeds import growth by 10.5 points) names c002-005 (export growth) as subject;
    # make c002-005 name c002-006 in turn
    path = data_copy / "claims.csv"
    edit_csv_row(path, "c002-005", reference="c002-006")
    first = line_of(path, "c002-005,")
    # the cycle, and that c002-006 is no base for a growth from 2020: it is a 2021 figure
    expect(data_copy,
           f"claims.csv:{first}: reference: reference claim 'c002-006' is for period '2021', this claim's base_period "
           "is '2020' (write the same period in both)",
           f"claims.csv:{first}: subject: claims refer to each other in a cycle: c002-005 -> c002-006 -> c002-005")


def test_indicator_cycle(data_copy):
    path = data_copy / "indicators.yaml"
    line = yaml_line(path, "- id: transfers_licences_national")
    replace_once(path, "  scope: National; all patentees.\n",
                 "  scope: National; all patentees.\n  subset_of: transfers_licences_univ_institutes\n")
    expect(data_copy, f"indicators.yaml:{line}: subset_of: cycle of part_of/subset_of links: transfers_licences_national "
                      "(subset_of) -> transfers_licences_univ_institutes (part_of) -> transfers_licences_national")


def test_indicator_part_of_itself(data_copy):
    path = data_copy / "indicators.yaml"
    line = yaml_line(path, "- id: transfers_licences_national")
    replace_once(path, "  scope: National; all patentees.\n",
                 "  scope: National; all patentees.\n  part_of: transfers_licences_national\n")
    expect(data_copy, f"indicators.yaml:{line}: part_of: an indicator cannot be part of itself")


def test_claim_referring_to_itself(data_copy):
    line = edit_csv_row(data_copy / "claims.csv", "c002-006", subject="c002-006")
    expect(data_copy, f"claims.csv:{line}: subject: a claim cannot refer to itself")


def test_part_of_claims_in_a_cycle(data_copy):
    # c000-002 says o000-006 (provinces subsidised) is part of o000-005 (provinces in the plan); add the reverse
    path = data_copy / "claims.csv"
    first = line_of(path, "c000-002,")
    text = path.read_text(encoding="utf-8")
    row = text.split("\n")[first - 1]
    reverse = row.replace("c000-002,", "c000-902,", 1).replace(",o000-006,o000-005,", ",o000-005,o000-006,", 1)
    reverse = reverse.replace("patent_transfer_plan_provinces_subsidised", "patent_transfer_plan_provinces", 1)
    path.write_text(text + reverse + "\n", encoding="utf-8")
    expect(data_copy, f"claims.csv:{first}: subject: part_of claims make a figure part of itself: "
                      "o000-006 within o000-005 within o000-006")


def test_money_level_subtracted_from_a_rate(data_copy):
    # c002-012: patent-intensive value added grew 3.1 points faster than GDP; make its subject the level (12.13 trillion yuan)
    line = edit_csv_row(data_copy / "claims.csv", "c002-012", subject="o002-016")
    expect(data_copy, f"claims.csv:{line}: subject: subject observation 'o002-016' is in 'trillion yuan', not a rate in %: "
                      "a pp_difference subtracts one rate from another")


def test_absolute_change_between_a_rate_and_a_money_level(data_copy):
    # c002-015: +51 billion yuan over 2020; point its reference at a rate of 2020 of the same indicator
    path = data_copy / "observations.csv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("o002-901,gi_related_industry_output,China,2020,5.8,%,exact,cnipa-2022-08-presser,"
                 "\"reached 12.13 trillion yuan, an increase of 5.8%\",\n")
    line = edit_csv_row(data_copy / "claims.csv", "c002-015", reference="o002-901")
    expect(data_copy,
           f"claims.csv:{line}: reference: reference observation 'o002-901' is in '%' and subject observation 'o002-023' "
           "in 'billion yuan': an absolute_change claim relates figures of one kind",
           f"observations.csv:{line_of(path, 'o002-901,')}: unit: unit '%' does not fit indicator "
           "'gi_related_industry_output' (in 'billion yuan')")


def test_mistyped_region(data_copy):
    path = data_copy / "observations.csv"
    replace_once(path, O3, O3.replace(",China,", ",Chnia,"))
    line = line_of(path, "o000-003,")
    expect(data_copy, f"observations.csv:{line}: region: unknown region 'Chnia' ({REGION_RULE})")


def test_zero_base_for_growth(data_copy):
    # o001-032, 218 billion yuan in 2020, is the base of three growth claims that name no reference:
    # c002-007 and c002-505 (2021 over 2020, the opening statement and its repetition) and c999-001 (the worked example)
    edit_csv_row(data_copy / "observations.csv", "o001-032", value="0")
    lines = [line_of(data_copy / "claims.csv", f"{c},") for c in ("c002-007", "c002-505", "c999-001")]
    expect(data_copy, *(f"claims.csv:{n}: base_period: the base, observation 'o001-032' (pledge_financing_amount, "
                        "China, 2020), is zero ('0'): a growth cannot be computed from a zero base" for n in lines))


def test_zero_reference_of_a_share(data_copy):
    # c001-001: SMEs (o001-006) are over 76% of the demonstration enterprises (o001-005)
    path = data_copy / "observations.csv"
    edit_csv_row(path, "o001-005", value="0")
    lines = [line_of(data_copy / "claims.csv", f"{c},") for c in ("c001-001", "c001-002")]
    expect(data_copy, *(f"claims.csv:{n}: reference: reference observation 'o001-005' is zero ('0'): a share cannot be "
                        "computed from a zero base" for n in lines),
           f"observations.csv:{line_of(path, 'o001-005,')}: value: value '0' does not occur in its quote")


# ------------------------------------------------------------------ many faults at once: all listed


def test_faults_in_every_file_are_all_listed(data_copy):
    src = data_copy / "sources.yaml"
    line_src = yaml_line(src, FIRST_FILE)
    replace_once(src, FIRST_FILE, "  file: ../../etc/passwd")
    ind = data_copy / "indicators.yaml"
    old = "  part_of: transfers_licences_univ_institutes"
    line_ind = replace_in_entry(ind, "transfers_licences_univ_institutes_sei", old, "  partof: transfers_licences_univ_institutes")
    obs = data_copy / "observations.csv"
    line_obs = edit_csv_row(obs, "o000-001", region="Bejing")
    line_cl = edit_csv_row(data_copy / "claims.csv", "c002-001", base_period="2022")
    expect(data_copy,
           f"claims.csv:{line_cl}: base_period: base_period '2022' is not before the period '2021'",
           f"indicators.yaml:{line_ind}: partof: unknown key 'partof' (did you mean 'part_of'?); allowed keys: {INDICATOR_ALLOWED}",
           f"observations.csv:{line_obs}: region: unknown region 'Bejing' ({REGION_RULE})",
           f"sources.yaml:{line_src}: file: '../../etc/passwd' leads out of sources/ ('..'); give a file name inside sources/")


def test_unreadable_data_folder_file(data_copy):
    if os.geteuid() == 0:
        # root reads any file: stand in a directory for the file, which no one can read as text
        (data_copy / "claims.csv").unlink()
        (data_copy / "claims.csv").mkdir()
    else:
        (data_copy / "claims.csv").chmod(0)
    before = snapshot(data_copy)
    p = run_cli("validate", str(data_copy))
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    reason = "Is a directory" if os.geteuid() == 0 else "Permission denied"
    assert p.stderr.splitlines() == [f"claims.csv:0: -: cannot read: {reason}", f"1 problem(s) in {data_copy}"]
    assert snapshot(data_copy) == before
