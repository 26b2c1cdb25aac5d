"""cli: python -m ipbook validate|check, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import re

from conftest import line_of, plant_pledge_2021_slip, replace_once, run_cli

from ipbook import ledger_spec

O3 = "o000-003,pledge_financing_amount,China,2021,309.8,billion yuan,exact,scio-2022-hu,"


def test_check_json_is_a_list_with_fixed_keys():
    p = run_cli("check", "--json")
    assert p.returncode == 0, p.stderr
    records = json.loads(p.stdout)
    assert isinstance(records, list) and records
    assert all(list(r) == ledger_spec.COLUMNS for r in records)
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
        r"(\d+) consistent, (\d+) inconsistent, (\d+) cannot check, (\d+) derived \((\d+) checks\); "
        r"(\d+) minor, (\d+) material inconsistencies", last)
    assert m, last
    *parts, total, minor, material = map(int, m.groups())
    assert sum(parts) == total
    # five inconsistencies: "more than 76%" / "over 76%" for 4354 / 5729 = 75.9993% (minor), the 2019 service
    # revenue slip (out of line with its neighbours, and the step to 2021), 53000 certified within "more than
    # 5300" complying enterprises (material)
    assert (parts[1], minor, material) == (5, 2, 3)
    assert "growth:c999-001" in p.stdout


def test_fail_on_material_passes_with_the_findings_reviewed():
    # the three material findings of the shipped data are reviewed in data/findings.yaml
    p = run_cli("check", "--fail-on", "material")
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""


def test_fail_on_minor_lists_the_unreviewed_rows():
    p = run_cli("check", "--fail-on", "minor")
    assert p.returncode == 1
    assert p.stderr.strip().splitlines()[-1] == (
        "2 check(s) minor and not reviewed in findings.yaml: share:c000-003, share:c001-001")


def test_fail_on_is_repeatable():
    # the two minor rows, and the material ones (reviewed, so they do not count): 2
    p = run_cli("check", "--json", "--fail-on", "minor", "--fail-on", "material")
    assert p.returncode == 1
    assert p.stderr.strip().splitlines()[-1].startswith("2 check(s) minor or material and not reviewed")


def test_fail_on_unknown_verdict_is_invalid_input():
    p = run_cli("check", "--fail-on", "wrong")
    assert p.returncode == 2
    assert "unknown severity or verdict ['wrong']" in p.stderr


def test_a_new_material_inconsistency_fails_the_gate(data_copy):
    # 2021 pledge financing written 3098 instead of 309.8 billion yuan in one source (scio-2022-hu; the
    # other, cnipa-2022-08-presser, keeps 309.8): the two no longer agree, a material finding nobody reviewed
    plant_pledge_2021_slip(data_copy)
    p = run_cli("check", str(data_copy), "--fail-on", "material")
    assert p.returncode == 1
    assert "cross_source:pledge_financing_amount:China:2021" in p.stderr


def test_a_review_of_a_check_that_no_longer_exists_is_reported(data_copy):
    with (data_copy / "findings.yaml").open("a", encoding="utf-8") as fh:
        fh.write("- check: scope:o001-999:o001-026\n  status: explained\n  reviewed: 2026-11-23\n  note: gone\n")
    line = line_of(data_copy / "findings.yaml", "- check: scope:o001-999:o001-026")
    p = run_cli("check", str(data_copy), "--fail-on", "material")
    assert p.returncode == 0
    assert p.stderr.splitlines() == [
        f"findings.yaml:{line}: check: no check 'scope:o001-999:o001-026' in the ledger (the data changed; review again)"]


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




def test_check_into_a_closed_pipe_is_not_a_traceback():
    # `check --json | head -1`: head exits after one line and the pipe closes under the ledger's ~100 KB of JSON
    import subprocess
    import sys

    from conftest import ROOT

    p = subprocess.run(f"{sys.executable} -m ipbook check --json | head -1", shell=True, cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert p.stdout == "[\n"
    assert "Traceback" not in p.stderr and "BrokenPipeError" not in p.stderr


def test_check_and_validate_take_data_like_build(data_copy):
    # the same folder positionally or as --data (as `build --data DIR`); both at once must agree
    for command in ("check", "validate"):
        a = run_cli(command, str(data_copy))
        b = run_cli(command, "--data", str(data_copy))
        assert a.returncode == b.returncode == 0 and a.stdout == b.stdout
    p = run_cli("check", "data", "--data", str(data_copy))
    assert p.returncode == 2 and "two data folders given" in p.stderr


def test_every_command_shows_an_example_in_its_help():
    from ipbook import cli

    for command, example in (("validate", "python -m ipbook validate --data data"),
                             ("check", "python -m ipbook check --data data --fail-on material"),
                             ("build", "python -m ipbook build --data data"),
                             ("extract", "python -m ipbook extract release.txt --source-id cnipa-2023-01 --data data --rows"),
                             ("add-source", "python -m ipbook add-source ~/Downloads/release.txt --id cnipa-2023-01 \\"),
                             ("accept", "python -m ipbook accept cnipa-2023-01 --data data")):
        p = run_cli(command, "--help")
        assert p.returncode == 0, p.stderr
        assert f"\nexample:\n  {example}\n" in p.stdout, (command, p.stdout)
        assert "--data" in p.stdout
        assert command in cli.EXAMPLES


def test_extract_rows_use_the_data_folders_indicators(data_copy, tmp_path):
    # an indicator only the working folder has: the raw list and the rows both guess it
    with (data_copy / "indicators.yaml").open("a", encoding="utf-8") as fh:
        fh.write("- id: geographical_indication_exports\n  label: Geographical indication product exports\n"
                 "  unit: billion yuan\n  theme: economic_contribution\n  definition: Exports.\n  scope: National.\n")
    release = tmp_path / "release.txt"
    release.write_text("In 2023, geographical indication product exports reached 12.5 billion yuan.\n", encoding="utf-8")
    raw = run_cli("extract", str(release), "--source-id", "gi-2024", "--data", str(data_copy))
    assert raw.returncode == 0, raw.stderr
    assert ",geographical_indication_exports," in raw.stdout
    p = run_cli("extract", str(release), "--source-id", "gi-2024", "--data", str(data_copy), "--rows")
    assert p.returncode == 0, p.stderr
    # gi-2024 is not registered: its rows take the next free number, 005
    rows = (data_copy / "candidates" / "gi-2024-observations.csv").read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith("o005-001,geographical_indication_exports,China,2023,12.5,billion yuan,exact,gi-2024,")
    again = run_cli("extract", str(release), "--source-id", "gi-2024", "--data", str(data_copy), "--rows")
    assert again.returncode == 2 and "not yet accepted" in again.stderr
