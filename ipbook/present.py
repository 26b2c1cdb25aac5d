"""How the report's results reach the page: tables as pandas Stylers, sentences as Markdown.

A report method returns one of these, never a string of HTML, so that a reader of the templates can take the
result as data: ``theme.key_figures().data`` is a DataFrame with the columns as the page heads them,
``theme.narrative().sentences`` the sentences as plain text. Display is the only place where markup is made:

* ``Table`` is a ``Styler`` whose template (``templates/ipbook_table.tpl``) lays a table out so that it fits its
  column (detail columns and the quote in a 'more' disclosure, each cell labelled for the phone's card layout);
  every cell is escaped before a source id in it becomes a link, so a quote holding ``<script>`` shows as text.
* ``Prose`` is Markdown: its text is escaped for Markdown (a figure like ``5*3`` or a leading ``2021.`` stays
  text), and source ids become links to their entry on the sources page.
"""

from __future__ import annotations

import html
import math
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from . import safecsv

MAX_INLINE_CSV = 150_000  # bytes of a table's CSV link inside a page; beyond it the page points to the downloads
NOTHING = "nothing"  # output metadata of a section's 'nothing to show' line: the build drops such sections


def esc(x) -> str:
    return html.escape("" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x))


def link_sources(escaped: str, source_ids) -> str:
    """Turn every source id in already-escaped HTML into a link to its entry on the sources page."""
    return _html_linker(_id_pattern(source_ids))(escaped)


def _html_linker(pattern: re.Pattern | None):
    """The function that links the source ids ``pattern`` finds in escaped HTML (compiled once per table)."""
    if pattern is None:
        return lambda escaped: escaped
    return lambda escaped: pattern.sub(lambda m: f'<a class="ipbook-source" href="sources.html#{m[1]}">{m[1]}</a>',
                                       escaped)


def _id_pattern(source_ids) -> re.Pattern | None:
    ids = sorted({str(i) for i in source_ids if i}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])") if ids else None


# ----------------------------------------------------------------------------------------------- Chinese terms

# The Chinese the generated text uses, glossed at its first use in a table or a passage; any Chinese is marked
# lang="zh-Hans" so that a screen reader and the font fallback treat it as Chinese.
GLOSSES = {"亿": "100 million", "万": "10,000", "增长N倍": "“an increase of N times”"}
_CJK = re.compile(r"[\u3400-\u9fff]+(?:N[\u3400-\u9fff]+)?")


def mark_chinese(escaped: str, seen: set) -> str:
    """Already-escaped text (HTML or Markdown) with each Chinese run in a lang span, glossed the first time."""
    def one(m: re.Match) -> str:
        term = m[0]
        gloss = GLOSSES.get(term) if term not in seen else None
        seen.add(term)
        return f'<span lang="zh-Hans">{term}</span>' + (f" ({gloss})" if gloss else "")
    return _CJK.sub(one, escaped)


# ----------------------------------------------------------------------------------------------- tables


class Link(str):
    """A table cell that links: the text as the cell's value (so ``.data`` reads as text), ``href`` its target;
    a ``data:`` target is offered as a download named ``download``."""

    def __new__(cls, text: str, href: str, download: str = ""):
        self = super().__new__(cls, text)
        self.href, self.download = href, download
        return self

    def html(self) -> str:
        dl = f' download="{esc(self.download)}"' if self.download else ""
        return f'<a href="{esc(self.href)}"{dl}>{esc(str(self))}</a>'


def text_link(text: str, name: str, label: str) -> Link | str:
    """A source text offered as a download inside the page (UTF-8 with BOM), while small enough; else ''."""
    uri = "data:text/plain;charset=utf-8," + urllib.parse.quote("\ufeff" + text, safe="")
    return Link(label, uri, name) if len(uri) <= MAX_INLINE_CSV else ""

_TemplateStyler = Styler.from_custom_template(str(Path(__file__).parent / "templates"), html_table="ipbook_table.tpl")


class Table(_TemplateStyler):
    """A report table. ``.data`` is the DataFrame (columns named as on the page, detail columns included)."""

    def __init__(self, data: pd.DataFrame, layout: dict | None = None, **styler_args):
        # a fixed uuid and no cell ids: the page is the same bytes on every build (nbval compares it)
        super().__init__(data, **{**styler_args, "uuid": "ipbook", "cell_ids": False})
        self.layout = layout or {}

    def _repr_html_(self) -> str:
        self.layout.setdefault("seen", set()).clear()  # Chinese terms are glossed at their first use in each render
        return self.to_html(ipbook=self.layout, exclude_styles=True)

    def __repr__(self) -> str:  # the plain-text output nbval compares: deterministic, no memory address
        return f"Table: {len(self.data)} rows × {len(self.data.columns)} columns ({', '.join(self.data.columns)})"

    @property
    def html(self) -> str:
        return self._repr_html_()


def table(frame: pd.DataFrame, columns: dict[str, str], quote_col: str | None = None, cls: str = "",
          detail: dict[str, str] | None = None, row_id: str | None = None, source_ids=(),
          download: str | None = None, note: str = "", data_only: dict[str, str] | None = None,
          fold_over: int | None = None) -> Table:
    """``frame``'s ``columns`` (key -> heading) shown, ``detail`` columns and the quote behind 'more'; a ``verdict``
    or ``finding`` column is a coloured word; ``row_id`` names the column of the rows' HTML ids; ``download`` the
    name of the table's CSV, linked under it while small enough to ride in the page; ``data_only`` columns are in
    ``.data`` and the CSV but not on the page (the numbers behind a figure written in words: low, high, unit);
    a table of more than ``fold_over`` rows is folded behind a 'Show all N rows' line (a reference list the
    reader opens, not a wall the page scrolls through)."""
    detail = {c: t for c, t in (detail or {}).items() if c in frame.columns}
    if quote_col:
        detail[quote_col] = "Quote"
    extra = {c: t for c, t in (data_only or {}).items() if c in frame.columns}
    keys = [*columns, *detail, *extra]
    data = frame[keys].reset_index(drop=True).rename(columns={**columns, **detail, **extra})
    # shown: True on the page, False behind 'more', None in the data only
    place = {**{k: True for k in columns}, **{k: False for k in detail}, **{k: None for k in extra}}
    layout = {
        "columns": [(k, t, place[k]) for k, t in [*columns.items(), *detail.items(), *extra.items()]],
        "more": bool(detail), "quote": quote_col or "", "cls": cls, "note": note,
        "row_ids": [str(x) for x in frame[row_id]] if row_id else [],
        "states": [str(x) for x in frame["finding"]] if "finding" in frame.columns else [""] * len(frame),
        "download": _download_link(data, download) if download else "",
        "fold": f"Show all {len(frame):,} rows" if fold_over is not None and len(frame) > fold_over else "",
    }
    layout["seen"] = set()
    t = Table(data, layout)
    link = _html_linker(_id_pattern(source_ids))

    def cell(value, coloured: bool = False) -> str:
        if isinstance(value, Link):
            return value.html()
        text = esc(value)
        if coloured:
            return f'<span class="ipbook-verdict v-{esc(str(value).split(" ")[0])}">{text}</span>'
        text = mark_chinese(text, layout["seen"])
        return link(text)

    formats = {t_: (lambda v, c=k in ("verdict", "finding"): cell(v, c)) for k, t_ in {**columns, **detail}.items()}
    formats.update({t_: (lambda v: esc(v)) for t_ in extra.values()})
    t.format(formats, na_rep="")
    t.hide(axis="index")
    return t


def csv_data_uri(data: pd.DataFrame) -> str:
    """A table as a CSV inside a data: link (works offline, no file to keep in step): UTF-8 with a byte-order mark
    so that spreadsheets read 亿 and “quotes”, headings as shown, formula-like cells neutralised."""
    out = data.fillna("").astype(str).map(safecsv.neutralise_cell)
    text = "\ufeff" + out.to_csv(index=False, lineterminator="\r\n")
    return "data:text/csv;charset=utf-8," + urllib.parse.quote(text, safe="")


def _download_link(data: pd.DataFrame, name: str) -> str:
    uri = csv_data_uri(data)
    if len(uri) <= MAX_INLINE_CSV:
        return f'<p class="ipbook-download"><a download="{esc(name)}.csv" href="{uri}">Download this table (CSV)</a></p>'
    return ('<p class="ipbook-download">This table in full: the downloads on the <a href="sources.html">sources '
            'and data</a> page.</p>')


# ----------------------------------------------------------------------------------------------- prose

# CommonMark reads these as markup; a backslash makes each plain text (any ASCII punctuation may be escaped).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$&!{}])")
_MD_LEADING = re.compile(r"^(\s*)(\d+)([.)])(\s)|^(\s*)([-+=])(\s)")


def md_escape(text: str) -> str:
    """Plain text as Markdown that renders as the same text."""
    out = _MD_SPECIAL.sub(r"\\\1", str(text))
    # a paragraph opening with '2021. ' or '- ' would become a list
    return _MD_LEADING.sub(lambda m: (f"{m[1]}{m[2]}\\{m[3]}{m[4]}" if m[2] else f"{m[5]}\\{m[6]}{m[7]}"), out)


@dataclass
class Prose:
    """Sentences for the page: one paragraph each (or one list item each with ``bullets``), as Markdown."""

    sentences: list[str]
    source_ids: tuple = ()
    bullets: bool = False
    nothing: bool = False
    links: dict = field(default_factory=dict)  # sentence index -> (link text, target) appended to it

    def markdown(self) -> str:
        pattern = _id_pattern(self.source_ids)
        out, seen = [], set()
        for i, s in enumerate(self.sentences):
            text = mark_chinese(md_escape(s), seen)
            if pattern is not None:
                # ids hold only letters, digits and '-', which md_escape leaves alone
                text = pattern.sub(lambda m: f"[{m[1]}](sources.html#{m[1]})", text)
            if i in self.links:
                words, target = self.links[i]
                text += f" [{md_escape(words)}]({target})"
            out.append(("- " if self.bullets else "") + text)
        return ("\n" if self.bullets else "\n\n").join(out)

    def _repr_markdown_(self):
        return (self.markdown(), {NOTHING: True}) if self.nothing else self.markdown()

    def __repr__(self) -> str:
        return "\n".join(self.sentences)

    @property
    def text(self) -> str:
        return "\n".join(self.sentences)


def prose(sentences: list[str], source_ids=(), bullets: bool = False) -> Prose:
    return Prose(list(sentences), tuple(str(i) for i in source_ids), bullets)


def nothing(sentence: str) -> Prose:
    """What a section says when it has nothing to show; the build drops a section that says only this."""
    return Prose([sentence], nothing=True)
