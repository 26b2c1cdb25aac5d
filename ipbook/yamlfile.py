"""Reading the dataset's YAML files with the line number of every entry and key.

The files are read strictly, so that a mistake is a problem and never silently ignored:

* UTF-8 only (a byte-order mark is accepted), no NUL bytes (``problem.read_text``);
* no anchors or aliases (``&name`` / ``*name``): the files do not need them, and
  refusing them is what stops an "alias bomb" (a few KB that expand to gigabytes);
* a key written twice in one entry is a problem (YAML would keep the last silently);
* ``check_entry``: every key must be one the file allows (a misspelled ``speaker:``
  is reported, with the allowed keys), and every value must be a single value
  (text, number or date), not a list or a mapping.
"""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path

import yaml

from .problem import Problem, read_text


class _LineLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, f"alias *{event.anchor} not allowed: data files use no anchors or aliases (write the value out)",
                event.start_mark)
        if getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, f"anchor &{event.anchor} not allowed: data files use no anchors or aliases (write the value out)",
                event.start_mark)
        return super().compose_node(parent, index)


def _mapping_with_line(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    lines: dict = {}
    repeated = []
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in lines:
            repeated.append((key, line, lines[key]))
        else:
            lines[key] = line
    mapping["_line"] = node.start_mark.line + 1
    mapping["_key_lines"] = lines
    mapping["_repeated"] = repeated
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)

# libyaml's parser (PyYAML's C extension), when present: it composes the nodes, with their line marks, in C
# (the pure-Python composer was most of the time of reading tens of thousands of sources); the same Python
# constructor and resolver then build the same entries. It cannot refuse anchors and aliases as _LineLoader
# does, nor report errors in PyYAML's words, so it is used only for text that _c_ok passes, and any error it
# raises sends the text to _LineLoader, whose problems are the ones reported.
_CParser = getattr(yaml, "CSafeLoader", None)
if _CParser is not None:
    class _CLineLoader(_CParser):
        pass

    _CLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)

# What keeps a text on _LineLoader: a character PyYAML's reader refuses, anything that may be an anchor or an
# alias (& or * where a node may begin), a tab (PyYAML refuses some that libyaml reads), and nesting deep
# enough to come near Python's recursion limit (many brackets, or a line that starts with a long run of
# indentation and indicators). Compared on the shipped files and thousands of randomly broken copies.
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:?-])[&*]")
_DEEP_LINE = re.compile(r"^[ \t?:-]{32}", re.MULTILINE)


def _c_ok(text: str) -> bool:
    return (_CParser is not None and text.count("[") + text.count("{") < 32 and not _DEEP_LINE.search(text)
            and "\t" not in text and not _MAYBE_ANCHOR.search(text) and not _NON_PRINTABLE.search(text))


def _load(text: str):
    if _c_ok(text):
        try:
            return yaml.load(text, Loader=_CLineLoader)
        except Exception:  # noqa: BLE001 - whatever it is, _LineLoader reports it in its own words
            pass
    return yaml.load(text, Loader=_LineLoader)

_INTERNAL = ("_line", "_key_lines", "_repeated", "_bad")
_SCALARS = (str, int, float, bool, datetime.date)


def read_entries(path: Path, label: str) -> tuple[list[dict], list[Problem]]:
    """A YAML list of mappings; each mapping gets ``_line``. Problems instead of exceptions."""
    if not path.exists():
        return [], [Problem(label, 0, "-", "file not found")]
    text, problems = read_text(path, label)
    if text is None:
        return [], problems
    try:
        data = _load(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control characters)
        line = text.count("\n", 0, exc.position) + 1
        ch = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return [], problems + [Problem(label, line, "-", f"character U+{ch:04X} not allowed in YAML (a control character?)")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        return [], problems + [Problem(label, line, "-", f"malformed YAML: {getattr(exc, 'problem', None) or exc}")]
    except RecursionError:
        return [], problems + [Problem(label, 1, "-", "malformed YAML: nested too deeply")]
    if data is None:
        return [], problems
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        return [], problems + [Problem(label, 1, "-", "expected a list of mappings")]
    return data, problems


def _kind_of(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def check_entry(entry: dict, fields: list[str], label: str) -> list[Problem]:
    """Unknown keys, repeated keys and values that are not single values, in one YAML entry.

    Every key outside ``fields`` is reported, and then dropped from the entry, together with every
    value that is a list or a mapping, so that later checks see only text.
    """
    problems = []
    lines = entry.get("_key_lines", {})
    line0 = entry.get("_line", 0)
    for key, line, first in entry.get("_repeated", []):
        problems.append(Problem(label, line, str(key), f"key written twice in one entry (first on line {first})"))
    for key in [k for k in entry if k not in _INTERNAL]:
        line = lines.get(key, line0)
        if key not in fields:
            close = difflib.get_close_matches(str(key), fields, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(Problem(label, line, str(key),
                                    f"unknown key {str(key)!r}{hint}; allowed keys: {', '.join(fields)}"))
            del entry[key]
            continue
        value = entry[key]
        if value is not None and not isinstance(value, _SCALARS):
            problems.append(Problem(label, line, str(key), f"expected a single value (text), found {_kind_of(value)}"))
            entry[key] = None
            entry.setdefault("_bad", set()).add(key)
    return problems


def missing_fields(entry: dict, required: list[str], label: str) -> list[Problem]:
    """One problem per required field that is absent or blank in a YAML entry (not one already reported)."""
    line = entry.get("_line", 0)
    bad = entry.get("_bad", set())
    return [Problem(label, line, f, "missing value") for f in required
            if f not in bad and not str(entry.get(f, "") or "").strip()]
