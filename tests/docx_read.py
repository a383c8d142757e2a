"""Reading a DOCX back the way Word shows it: effective run formatting
(run, then paragraph style chain), texts of body and table paragraphs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from docx.shared import Pt


def norm(text: str) -> str:
    """Whitespace collapsed, NFC. No-break spaces read as spaces: where joining matters, use
    `visible`."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


NBSP, NBHY = "\u00a0", "\u2011"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def visible(paragraph) -> str:
    """A paragraph's text as the line breaker sees it: NFC, ordinary spaces collapsed, but a
    no-break space kept as U+00A0 and Word's no-break hyphen (w:noBreakHyphen, which
    python-docx reads as '-') as U+2011. *paragraph*: a python-docx Paragraph or a w:p."""
    p = getattr(paragraph, "_p", paragraph)
    out = []
    for el in p.iter(_W + "t", _W + "noBreakHyphen", _W + "tab", _W + "br"):
        if el.tag == _W + "t":
            out.append(el.text or "")
        elif el.tag == _W + "noBreakHyphen":
            out.append(NBHY)
        else:
            out.append(" ")
    return re.sub(r"[ \t\r\n]+", " ", unicodedata.normalize("NFC", "".join(out))).strip(" ")


def _style_attr(style, getter):
    while style is not None:
        value = getter(style)
        if value is not None:
            return value
        style = style.base_style
    return None


@dataclass
class Look:
    text: str
    size: float | None
    bold: bool
    italic: bool
    underline: bool
    align: object


def look(paragraph) -> Look:
    """The formatting of a paragraph's text runs (all runs must agree)."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    assert runs, f"no text in paragraph {paragraph.text!r}"
    style = paragraph.style

    def eff(run, name):
        value = getattr(run.font, name)
        if value is None:
            value = _style_attr(style, lambda s: getattr(s.font, name))
        return value

    sizes = {eff(r, "size") for r in runs}
    bolds = {bool(eff(r, "bold")) for r in runs}
    italics = {bool(eff(r, "italic")) for r in runs}
    unders = {bool(eff(r, "underline")) for r in runs}
    assert len(sizes) == len(bolds) == len(italics) == len(unders) == 1, paragraph.text
    size = sizes.pop()
    align = paragraph.alignment
    if align is None:
        align = _style_attr(style, lambda s: s.paragraph_format.alignment)
    return Look(norm(paragraph.text), size.pt if size is not None else None,
                bolds.pop(), italics.pop(), unders.pop(), align)


def body_texts(doc) -> list[str]:
    return [norm(p.text) for p in doc.paragraphs if norm(p.text)]


def cell_paragraphs(cell):
    return [p for p in cell.paragraphs if norm(p.text)]


def find_in_tables(doc, predicate):
    """(table index, row, column, paragraph) of the paragraphs matching predicate."""
    hits = []
    for t, table in enumerate(doc.tables):
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                for p in cell.paragraphs:
                    if predicate(norm(p.text)):
                        hits.append((t, r, c, p))
    return hits


def pt(value) -> float:
    return Pt(value).pt
