"""Reading the dataset's YAML files with the line number of every entry."""

from __future__ import annotations

from pathlib import Path

import yaml

from .problem import Problem


class _LineLoader(yaml.SafeLoader):
    pass


def _mapping_with_line(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["_line"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def read_entries(path: Path, label: str) -> tuple[list[dict], list[Problem]]:
    """A YAML list of mappings; each mapping gets ``_line``. Problems instead of exceptions."""
    if not path.exists():
        return [], [Problem(label, 0, "-", "file not found")]
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        return [], [Problem(label, line, "-", f"malformed YAML: {getattr(exc, 'problem', exc)}")]
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        return [], [Problem(label, 1, "-", "expected a list of mappings")]
    return data, []


def missing_fields(entry: dict, required: list[str], label: str) -> list[Problem]:
    """One problem per required field that is absent or blank in a YAML entry."""
    line = entry.get("_line", 0)
    return [Problem(label, line, f, "missing value") for f in required if not str(entry.get(f, "") or "").strip()]
