"""Command line: ``python -m ipbook validate|check|build|extract|add-source|accept``.

Every command reads the data folder given by ``--data DIR`` (default ``data``); validate and check also
take it positionally (``validate DIR``).

Exit codes: 0 ran (and, for check, nothing failed the gate), 1 a gated check
failed (``check --fail-on``), 2 invalid input (every problem listed on stderr
as file:line: column: problem).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from . import dataset, ledger
from .source import KINDS
from .problem import DataError

EXIT_OK, EXIT_GATE, EXIT_INVALID = 0, 1, 2


def _load(data_dir: str):
    try:
        return dataset.load(data_dir)
    except DataError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in {data_dir}", file=sys.stderr)
        return None


def cmd_validate(args) -> int:
    ds = _load(args.data_dir)
    if ds is None:
        return EXIT_INVALID
    print(f"{args.data_dir}: {ds.summary()}")
    return EXIT_OK


def _table(led: pd.DataFrame) -> str:
    from . import number

    shown = led.assign(
        recomputed=[
            "" if pd.isna(lo) else f"[{number.fmt(lo, 3)}, {number.fmt(hi, 3)}]"
            for lo, hi in zip(led["recomputed_lo"], led["recomputed_hi"])
        ],
        gap=["" if pd.isna(g) else number.fmt(g, 3) for g in led["gap"]],
    )[["check_id", "kind", "periods", "stated", "recomputed", "verdict", "severity", "gap", "suspect", "corrected"]]
    with pd.option_context("display.max_rows", None, "display.max_colwidth", 60, "display.width", 250):
        return shown.to_string(index=False)


def cmd_check(args) -> int:
    from . import findings

    ds = _load(args.data_dir)
    if ds is None:
        return EXIT_INVALID
    led = ledger.build(ds)
    if args.json:
        print(ledger.to_json(led))
    else:
        print(_table(led))
        counts = ledger.counts(led)
        sev = led["severity"].value_counts()
        print("\n" + ", ".join(f"{n} {v}" for v, n in counts.items()) + f" ({len(led)} checks); "
              + ", ".join(f"{int(sev.get(s, 0))} {s}" for s in ("minor", "material")) + " inconsistencies")
    for line in findings.stale(led, ds.findings):
        print(line, file=sys.stderr)
    if args.fail_on:
        bad = findings.unreviewed(led, args.fail_on)
        if len(bad):
            print(f"{len(bad)} check(s) {' or '.join(args.fail_on)} and not reviewed in {findings.FILE}: "
                  + ", ".join(bad["check_id"].head(10)) + (" …" if len(bad) > 10 else ""), file=sys.stderr)
            return EXIT_GATE
    return EXIT_OK


def cmd_build(args) -> int:
    from . import runner

    return runner.main(args)


def cmd_extract(args) -> int:
    from . import extract

    if not args.rows:
        return extract.main(args)
    from . import candidates

    path = Path(args.release)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{path}: cannot read: {exc}", file=sys.stderr)
        return EXIT_INVALID
    # under the source's own number when it is registered, else the number add-source would give it
    number = candidates.number_of(Path(args.data), args.source_id) or candidates.next_number(Path(args.data))
    found = extract.extract(text, args.source_id, extract.load_catalogue(args.data),
                            published=extract.published_date(args.data, args.source_id))
    try:
        made = candidates.write(found, number, Path(args.data), args.source_id)
    except (FileExistsError, OSError) as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    print(f"{len(found)} candidates numbered {number} written to {made.observations} and {made.claims}")
    return EXIT_OK


def cmd_add_source(args) -> int:
    from . import add_source

    return add_source.main(args)


def cmd_accept(args) -> int:
    from . import candidates

    n_obs, n_claims, problems = candidates.accept(Path(args.data), args.source_id)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s); nothing was appended", file=sys.stderr)
        return EXIT_INVALID
    print(f"{n_obs} observations and {n_claims} claims of {args.source_id!r} appended to {args.data}; "
          f"next: python -m ipbook validate --data {args.data}")
    return EXIT_OK


EXAMPLES = {
    "validate": """example:
  python -m ipbook validate --data data
  python -m ipbook validate data          (the same, positionally)

Lists every problem as file:line: column: problem and exits 2, or prints one summary line.""",
    "check": """example:
  python -m ipbook check --data data --fail-on material
  python -m ipbook check --data data --json > ledger.json""",
    "build": """example:
  python -m ipbook build --data data
  python -m ipbook build --data path/to/other/data --theme pledge_financing""",
    "extract": """example:
  python -m ipbook extract release.txt --source-id cnipa-2023-01 --data data --rows
      writes data/candidates/cnipa-2023-01-observations.csv and -claims.csv (the data files' columns)
  python -m ipbook extract release.txt --source-id cnipa-2023-01 -o raw.csv
      the extractor's own list of figures (for measuring it)""",
    "add-source": """example:
  python -m ipbook add-source ~/Downloads/release.txt --id cnipa-2023-01 \\
      --title "CNIPA press conference on 2022 IP data" --publisher CNIPA --date 2023-01-16 \\
      --kind press_conference --period-covered 2022 --translation-note "Official English." --data data

Copies the text into data/sources/, appends its entry to data/sources.yaml with the next free number,
and writes candidate rows into data/candidates/ for review; then: python -m ipbook accept ID --data data""",
    "accept": """example:
  python -m ipbook accept cnipa-2023-01 --data data

Appends the reviewed rows of data/candidates/cnipa-2023-01-observations.csv and -claims.csv to
observations.csv and claims.csv (without the review columns) and removes the two files.""",
}


def _sub(sub, name: str, help_text: str):
    return sub.add_parser(name, help=help_text, description=help_text, epilog=EXAMPLES[name],
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ipbook", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    v = _sub(sub, "validate", "check the dataset; list every problem as file:line: column: problem")
    v.add_argument("data_dir", nargs="?", default=None)
    v.add_argument("--data", dest="data_opt", default=None, help="data directory (default: data), as for build")
    v.set_defaults(func=cmd_validate)
    c = _sub(sub, "check", "print the consistency ledger")
    c.add_argument("data_dir", nargs="?", default=None)
    c.add_argument("--data", dest="data_opt", default=None, help="data directory (default: data), as for build")
    c.add_argument("--json", action="store_true", help="one JSON object per check")
    c.add_argument("--fail-on", action="append", default=[], metavar="SEVERITY",
                   help="exit 1 when a check of this severity (material, minor) or verdict is not reviewed "
                        "in findings.yaml; repeatable")
    c.set_defaults(func=cmd_check)
    b = _sub(sub, "build", "execute the notebooks into book/ and build the HTML book")
    b.add_argument("--data", default="data", help="data directory (default: data)")
    b.add_argument("--theme", action="append", default=[], help="only this notebook (repeatable)")
    b.add_argument("--jobs", type=int, default=0, help="notebooks executed at once (default: number of cores)")
    b.add_argument("--force", action="store_true", help="re-execute even when nothing changed")
    b.add_argument("--no-html", action="store_true", help="execute notebooks only")
    b.set_defaults(func=cmd_build)
    e = _sub(sub, "extract", "propose candidate figures from a new press release")
    e.add_argument("release")
    e.add_argument("--source-id", required=True)
    e.add_argument("--data", default="data", help="data directory whose indicators are guessed (default: data)")
    e.add_argument("--rows", action="store_true",
                   help="write candidate rows in the data files' columns into DATA/candidates/")
    e.add_argument("-o", "--output", default="-", help="without --rows: the raw list's file (default: stdout)")
    e.set_defaults(func=cmd_extract)
    a = _sub(sub, "add-source", "register a new release and write its candidate rows for review")
    a.add_argument("release", help="the release's text (UTF-8)")
    a.add_argument("--id", required=True, help="source id: lower-case letters, digits, hyphens")
    a.add_argument("--title", required=True)
    a.add_argument("--publisher", required=True)
    a.add_argument("--date", required=True, help="date published: 2025-01-10, 2025-01 or 2025 [(estimate)]")
    a.add_argument("--kind", default="official", choices=KINDS, help="default: official")
    a.add_argument("--speakers", default="")
    a.add_argument("--date-basis", default="", help="where the date comes from, if not printed in the text")
    a.add_argument("--period-covered", default="")
    a.add_argument("--language", default="English")
    a.add_argument("--translation-note", default="")
    a.add_argument("--url", default="", help="where the original was read (the sources page links it)")
    a.add_argument("--data", default="data", help="data directory (default: data)")
    a.set_defaults(func=cmd_add_source)
    ac = _sub(sub, "accept", "append a source's reviewed candidate rows to the data files")
    ac.add_argument("source_id")
    ac.add_argument("--data", default="data", help="data directory (default: data)")
    ac.set_defaults(func=cmd_accept)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if hasattr(args, "data_opt"):  # validate and check take the folder as build does (--data) or positionally
        if args.data_dir and args.data_opt and args.data_dir != args.data_opt:
            p.error(f"two data folders given: {args.data_dir} and --data {args.data_opt}")
        args.data_dir = args.data_opt or args.data_dir or "data"
    if getattr(args, "fail_on", None):
        from .check import MATERIAL, MINOR, VERDICTS

        known = (MATERIAL, MINOR, *VERDICTS)
        bad = [v for v in args.fail_on if v not in known]
        if bad:
            print(f"unknown severity or verdict {bad}; known: {', '.join(known)}", file=sys.stderr)
            return EXIT_INVALID
    try:
        return args.func(args)
    except BrokenPipeError:
        # the reader stopped reading (`check --json | head`): no traceback; stdout goes to /dev/null so that
        # Python's own flush at exit does not raise again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_GATE
