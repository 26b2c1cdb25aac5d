"""Command line: ``python -m ipbook validate|check|build|extract``.

Exit codes: 0 ran (and, for check, nothing failed the gate), 1 a gated check
failed (``check --fail-on``), 2 invalid input (every problem listed on stderr
as file:line: column: problem).
"""

from __future__ import annotations

import argparse
import os
import sys

import pandas as pd

from . import dataset, ledger
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

    return extract.main(args)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ipbook", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the dataset; list every problem as file:line: column: problem")
    v.add_argument("data_dir", nargs="?", default=None)
    v.add_argument("--data", dest="data_opt", default=None, help="data directory (default: data), as for build")
    v.set_defaults(func=cmd_validate)
    c = sub.add_parser("check", help="print the consistency ledger")
    c.add_argument("data_dir", nargs="?", default=None)
    c.add_argument("--data", dest="data_opt", default=None, help="data directory (default: data), as for build")
    c.add_argument("--json", action="store_true", help="one JSON object per check")
    c.add_argument("--fail-on", action="append", default=[], metavar="SEVERITY",
                   help="exit 1 when a check of this severity (material, minor) or verdict is not reviewed "
                        "in findings.yaml; repeatable")
    c.set_defaults(func=cmd_check)
    b = sub.add_parser("build", help="execute the notebooks into book/ and build the HTML book")
    b.add_argument("--data", default="data", help="data directory (default: data)")
    b.add_argument("--theme", action="append", default=[], help="only this notebook (repeatable)")
    b.add_argument("--jobs", type=int, default=0, help="notebooks executed at once (default: number of cores)")
    b.add_argument("--force", action="store_true", help="re-execute even when nothing changed")
    b.add_argument("--no-html", action="store_true", help="execute notebooks only")
    b.set_defaults(func=cmd_build)
    e = sub.add_parser("extract", help="propose candidate figures from a new press release")
    e.add_argument("release")
    e.add_argument("--source-id", required=True)
    e.add_argument("-o", "--output", default="-")
    e.set_defaults(func=cmd_extract)
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
