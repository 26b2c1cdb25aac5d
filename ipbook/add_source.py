"""Registering a new release: ``python -m ipbook add-source FILE --id ID --title … --publisher … --date …``.

In one step, and only when every part can be done (so a refusal leaves the data folder as it was):

1. the text is copied into ``DATA/sources/`` under its own file name;
2. an entry is appended to ``DATA/sources.yaml`` with the next free source number (``number: "005"``): the
   file is appended to, never rewritten, so its comments and every other line stay as they were;
3. the extractor reads the text against the folder's own indicators and writes the candidate rows, numbered
   ``o005-001``…, ``c005-001``…, into ``DATA/candidates/`` (see ``candidates``).

A required description the command was not given (``period_covered``, ``translation_note``) is written empty,
so that ``validate`` names it until it is filled in.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import yaml

from . import candidates, extract, source
from .problem import read_text
from .yamlfile import read_entries


class Refused(Exception):
    """The source cannot be added; the message says why and what to do."""


def _entry(args, file_name: str, number: str) -> dict:
    entry = {
        "id": args.id, "number": number, "file": file_name, "title": args.title, "publisher": args.publisher,
        "speakers": args.speakers, "date_published": args.date, "date_basis": args.date_basis,
        "period_covered": args.period_covered, "language": args.language,
        "translation_note": args.translation_note, "kind": args.kind, "url": getattr(args, "url", ""),
    }
    return {k: ("" if v is None else str(v)) for k, v in entry.items()}


def _yaml(entry: dict) -> str:
    # safe_dump quotes what YAML would otherwise read as a number or a date ('005', '2025-03-28')
    return yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def add(args) -> tuple[dict, candidates.Files, int, int]:
    """Register ``args.release`` in ``args.data``; returns (entry, candidate files, observations, claims)."""
    data = Path(args.data)
    release = Path(args.release)
    if not (data / source.FILE).is_file():
        raise Refused(f"{data / source.FILE}: not found; --data names the folder that holds sources.yaml")
    if not source.ID_PATTERN.match(args.id):
        raise Refused(f"--id {args.id!r}: a source id is lower-case letters, digits and hyphens (e.g. cnipa-2023-01)")
    if args.date and not source.DATE_PATTERN.match(args.date):
        raise Refused(f"--date {args.date!r}: write 2025-01-10, 2025-01 or 2025, optionally followed by ' (estimate)'")
    if getattr(args, "url", "") and not source.URL_PATTERN.match(args.url):
        raise Refused(f"--url {args.url!r}: give the original's address, starting http:// or https://")
    if not release.is_file():
        raise Refused(f"{release}: file not found")
    text, problems = read_text(release, str(release))
    if problems:
        raise Refused("\n".join(str(p) for p in problems))
    if not text.strip():
        raise Refused(f"{release}: the file holds no text")
    entries, problems = read_entries(data / source.FILE, source.FILE)
    if problems:
        raise Refused("\n".join(str(p) for p in problems) + f"\nfix {source.FILE} first: nothing was added")
    taken = {str(e.get("id")): e.get("_line", 0) for e in entries}
    if args.id in taken:
        raise Refused(f"{source.FILE}:{taken[args.id]}: id: source {args.id!r} is already registered; choose another --id")
    target = data / source.FOLDER / release.name
    if target.exists():
        raise Refused(f"{target}: a file of that name is already in {source.FOLDER}/; rename the release "
                      "(or, if it is the same text, it is already registered)")
    for p in (candidates.files(data, args.id).observations, candidates.files(data, args.id).claims):
        if p.exists():
            raise Refused(f"{p}: candidates of an earlier run exist; accept or delete them first")

    number = candidates.next_number(data)
    entry = _entry(args, release.name, number)
    found = extract.extract(text, args.id, extract.load_catalogue(data), published=args.date or None)
    yaml_path = data / source.FILE
    old = yaml_path.read_text(encoding="utf-8")
    new = old + ("" if not old or old.endswith("\n") else "\n") + _yaml(entry)
    # the new file must read back with the entry as written before it replaces the old one
    check = yaml_path.with_name(f".{source.FILE}.new")
    check.write_text(new, encoding="utf-8")
    back, problems = read_entries(check, source.FILE)
    if problems or not back or str(back[-1].get("id")) != args.id:
        check.unlink()
        raise Refused(f"{source.FILE}: the new entry would not read back ({problems}); nothing was added")

    registered = False
    try:
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(release, target)
        os.replace(check, yaml_path)
        registered = True
        made = candidates.write(found, number, data, args.id)
    except OSError as exc:
        if not registered:  # the copied text would block the next attempt ("a file of that name …")
            target.unlink(missing_ok=True)
        raise Refused(f"{exc.filename or data}: cannot write: {exc.strerror or exc}") from None
    finally:
        check.unlink(missing_ok=True)  # replaced already, unless writing failed: then sources.yaml is as it was
    n_obs = sum(c.table == "observation" for c in found)
    return entry, made, n_obs, len(found) - n_obs


def main(args) -> int:
    try:
        entry, made, n_obs, n_claims = add(args)
    except (Refused, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    data = Path(args.data)
    print(f"{args.id}: source number {entry['number']}; text copied to {data / source.FOLDER / entry['file']}; "
          f"entry appended to {data / source.FILE}")
    print(f"{n_obs} candidate observations -> {made.observations}")
    print(f"{n_claims} candidate claims -> {made.claims}")
    empty = [k for k in source.REQUIRED if not entry.get(k)]
    if empty:
        print(f"fill in {', '.join(empty)} of {args.id!r} in {data / source.FILE} (validate reports each until then)")
    print(f"next: review the two files (delete what is not a figure, correct the cells), then "
          f"python -m ipbook accept {args.id} --data {data}")
    return 0
