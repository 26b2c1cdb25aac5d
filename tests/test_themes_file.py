"""notebooks/themes.yaml and _toc.yml: a mistake in either is a problem with file and line, never a traceback
or a chapter silently missing from the book."""

import subprocess
import sys

from conftest import line_of


def _validate(repo):
    return subprocess.run([sys.executable, "-m", "ipbook", "validate", "--data", "data"], cwd=repo,
                          env={"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin"}, capture_output=True,
                          text=True, timeout=120)


def test_shipped_themes_and_toc_agree(repo):
    r = _validate(repo)
    assert r.returncode == 0, r.stdout + r.stderr


def test_malformed_themes_file_is_a_problem_not_a_traceback(repo):
    themes = repo / "notebooks" / "themes.yaml"
    with themes.open("a", encoding="utf-8") as f:
        f.write("- id: ip_creation\n  title: Patents and trademarks\n  intro: Applications: grants\n")
    bad = len(themes.read_text(encoding="utf-8").splitlines())  # the intro, the file's last line
    r = _validate(repo)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert f"notebooks/themes.yaml:{bad}: -: malformed YAML: mapping values are not allowed here" in r.stderr
    # with no theme readable, the indicators' themes are not each reported as unknown
    assert "unknown theme" not in r.stderr


def test_theme_without_a_chapter_is_named_with_the_line_to_add(repo):
    with (repo / "notebooks" / "themes.yaml").open("a", encoding="utf-8") as f:
        f.write("- id: ip_creation\n  title: Patents and trademarks\n  intro: Applications and grants.\n")
    r = _validate(repo)
    assert r.returncode == 2
    at = line_of(repo / "_toc.yml", "  - caption: Themes")
    assert (f"_toc.yml:{at}: chapters: theme 'ip_creation' of notebooks/themes.yaml has no chapter: add "
            "'- file: book/ip_creation' under the Themes caption") in r.stderr


def test_chapter_without_a_theme_and_missing_theme_fields(repo):
    toc = repo / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8").replace(
        "      - file: book/smes\n", "      - file: book/smes\n      - file: book/smes_old\n"), encoding="utf-8")
    with (repo / "notebooks" / "themes.yaml").open("a", encoding="utf-8") as f:
        f.write("- id: ip_creation\n  title: Patents and trademarks\n")
    start = len((repo / "notebooks" / "themes.yaml").read_text(encoding="utf-8").splitlines()) - 1
    toc.write_text(toc.read_text(encoding="utf-8").replace(
        "      - file: book/examination_services\n",
        "      - file: book/examination_services\n      - file: book/ip_creation\n"), encoding="utf-8")
    r = _validate(repo)
    assert r.returncode == 2
    assert f"_toc.yml:{line_of(toc, '      - file: book/smes_old')}: file: book/smes_old is neither a book page " \
           "nor a theme of notebooks/themes.yaml" in r.stderr
    assert f"notebooks/themes.yaml:{start}: intro: missing value" in r.stderr
