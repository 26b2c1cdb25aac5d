"""cli: python -m ipbook validate|check, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import re

from conftest import line_of, replace_once, run_cli

from ipbook import ledger

O3 = "o000-003,pledge_financing_amount,China,2021,309.8,billion yuan,exact,scio-2022-hu,"


def test_check_json_is_a_list_with_fixed_keys():
    p = run_cli("check", "--json")
    assert p.returncode == 0, p.stderr
    records = json.loads(p.stdout)
    assert isinstance(records, list) and records
    assert all(list(r) == ledger.COLUMNS for r in records)
    ids = [r["check_id"] for r in records]
    assert len(ids) == len(set(ids))
    r = next(r for r in records if r["check_id"] == "growth:c999-001")
    # 309.75 / 218.5 - 1 = 41.762 % ; 309.85 / 217.5 - 1 = 42.460 %
    assert abs(r["recomputed_lo"] - 41.762) < 1e-3 and abs(r["recomputed_hi"] - 42.460) < 1e-3
    assert r["verdict"] == "consistent"


def test_check_table_ends_with_counts():
    p = run_cli("check")
    assert p.returncode == 0, p.stderr
    last = p.stdout.strip().splitlines()[-1]
    m = re.fullmatch(
        r"(\d+) consistent, (\d+) consistent only under the qualifier, (\d+) inconsistent, "
        r"(\d+) cannot check, (\d+) derived \((\d+) checks\)", last)
    assert m, last
    *parts, total = map(int, m.groups())
    assert sum(parts) == total
    # three inconsistencies: the service revenue slip, and "more than 76%" / "over 76%" for
    # 4354 / 5729 = 75.99930% (counts are exact integers, so the share is exact and below 76)
    assert parts[2] == 3
    assert "growth:c999-001" in p.stdout


def test_fail_on_inconsistent_exits_1():
    p = run_cli("check", "--fail-on", "inconsistent")
    assert p.returncode == 1
    assert p.stderr.strip().splitlines()[-1] == "3 check(s) with verdict inconsistent"


def test_fail_on_is_repeatable():
    # two "more than 40%" growth claims for 2020->2021 (c002-007, c002-505) hold only under the qualifier,
    # plus the three inconsistencies: 2 + 3 = 5
    p = run_cli("check", "--json", "--fail-on", "consistent only under the qualifier", "--fail-on", "inconsistent")
    assert p.returncode == 1
    assert p.stderr.strip().splitlines()[-1] == "5 check(s) with verdict consistent only under the qualifier or inconsistent"


def test_fail_on_unknown_verdict_is_invalid_input():
    p = run_cli("check", "--fail-on", "wrong")
    assert p.returncode == 2
    assert "unknown verdict(s) ['wrong']" in p.stderr


def test_broken_data_exits_2_with_the_problem_on_stderr(data_copy):
    replace_once(data_copy / "observations.csv", O3, O3.replace("billion yuan", "billion yuans"))
    line = line_of(data_copy / "observations.csv", "o000-003,")
    for command in ("check", "validate"):
        p = run_cli(command, str(data_copy))
        assert p.returncode == 2
        assert p.stdout == ""
        assert p.stderr.splitlines() == [
            f"observations.csv:{line}: unit: unknown unit: 'billion yuans'",
            f"1 problem(s) in {data_copy}",
        ]


def test_validate_shipped_data():
    p = run_cli("validate")  # default: data
    assert p.returncode == 0
    assert len(p.stdout.splitlines()) == 1
    assert p.stdout.startswith("data: ") and p.stdout.rstrip().endswith(": valid")


def test_fail_on_absent_verdict_exits_0(data_copy):
    # write the 2021 service revenue as "exceeds 22 billion" ("22" occurs in the quote's "225"):
    # 2019 [21, 22] -> 2021 [22, 23] is a factor 22.5 / 21.5 = 1.047, no longer implausible
    replace_once(data_copy / "observations.csv", "o002-528,ip_service_revenue,China,2021,225,",
                 "o002-528,ip_service_revenue,China,2021,22,")
    # and read the two "more than / over 76%" claims as plain "76%": 75.9993% lies in [75.5, 76.5]
    replace_once(data_copy / "claims.csv", ",76,%,more than,scio-2022-hu,", ",76,%,exact,scio-2022-hu,")
    replace_once(data_copy / "claims.csv", ",76,%,over,cnipa-2021-03-smes,", ",76,%,exact,cnipa-2021-03-smes,")
    p = run_cli("check", str(data_copy), "--fail-on", "inconsistent")
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
