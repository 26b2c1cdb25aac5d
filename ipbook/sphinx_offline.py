"""A Sphinx extension that keeps the published book offline.

Jupyter Book 1 always loads sphinx-thebe, whose inline configuration names a
CDN address for the thebe library and, in this stack, is added to every page
twice (the duplicate ``const THEBE_JS_URL`` is a console error in the
browser). The book offers no live kernels, so thebe's scripts are removed
from every page.
"""

from __future__ import annotations


def _is_thebe(script) -> bool:
    name = getattr(script, "filename", None) or str(script)
    body = (getattr(script, "attributes", None) or {}).get("body", "")
    return "thebe" in str(name) or "THEBE_JS_URL" in body


def _drop_thebe(app, pagename, templatename, context, doctree):
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]


def setup(app):
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
