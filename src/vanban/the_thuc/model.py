"""The text model the rules read: a document as lines, in reading order.

A paragraph becomes one line per printed piece: it is split at line breaks,
at tabs and at wide runs of spaces (headers set in two columns with tabs or
spaces), so «ỦY BAN NHÂN DÂN      CỘNG HÒA…» is two lines. Each line knows:
its text (decoded from TCVN3/VNI, NFC, spaces collapsed), the format of each
of its pieces, the section it is in, the column it is set in, and — computed
when a rule asks — where it lands in that column (placement.Place).

Everything here is linear in the size of the document: one pass over each
paragraph's runs, formats cached per style, widths measured only for the few
lines whose place a rule asks for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from ..text import vietnamese as vi
from ..ooxml.format import ParaFormat, RunFormat, Styles, default_tab_mm, q, theme_fonts
from ..ooxml.story import Para, Part
from . import encoding
from .fonts import family
from .geometry import Column, Columns, Section, sections_of
from .placement import Place, place_line

GAP = re.compile(r" {3,}")
_R, _T, _TC, _TXBX, _NBH, _RPR = q("r"), q("t"), q("tc"), q("txbxContent"), q("noBreakHyphen"), q("rPr")
LONG_LINE = 500   # runs: a printed line of more is longer than any column (each run prints a character or more)
_TABS, _BREAKS = {q("tab"), q("ptab")}, {q("br"), q("cr")}
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# containers of runs inside a paragraph whose text prints; deleted and moved-away text does not
_OPEN = {q("hyperlink"), q("ins"), q("smartTag"), q("customXml"), q("fldSimple"), q("moveTo"), q("sdt"),
         q("sdtContent"), q("dir"), q("bdo"), MC + "AlternateContent", MC + "Choice"}


@dataclass(slots=True)
class Piece:
    """A stretch of a line in one run's format."""

    text: str                 # as printed (decoded)
    fmt: RunFormat
    encoding: str | None      # 'TCVN3', 'VNI', 'NFD' or None
    raw: str                  # as stored
    font: str = ""            # the font its letters print in


@dataclass(frozen=True)
class Look:
    """What a line's visible text looks like, summed over its pieces."""

    size: float | None        # None when its pieces differ
    sizes: frozenset
    bold: bool                # every piece
    italic: bool
    underline: bool
    fonts: frozenset          # families
    some_bold: bool = False
    some_italic: bool = False


@dataclass(eq=False)
class Line:
    para: Para
    text: str
    pieces: list[Piece]
    column: int | None         # 0 left, 1 right… inside the first (header) table
    table: bool
    section: Section
    box: Column
    fmt: ParaFormat
    index: int = 0
    _placer: object = None
    _place: Place | None = None
    _placed: bool = False
    _look: Look | None = None

    @property
    def look(self) -> Look:
        if self._look is None:
            self._look = look_of(self.pieces)
        return self._look

    @property
    def place(self) -> Place | None:
        if not self._placed:
            self._placed = True
            self._place = self._placer() if self._placer else None
        return self._place

    @property
    def where(self) -> str:
        return self.para.where


def look_of(pieces: list[Piece]) -> Look:
    shown = [p for p in pieces if p.text.strip()]
    if not shown:
        return Look(None, frozenset(), False, False, False, frozenset())
    sizes = frozenset(p.fmt.size for p in shown)
    return Look(next(iter(sizes)) if len(sizes) == 1 else None, sizes, all(p.fmt.bold for p in shown),
                all(p.fmt.italic for p in shown), all(p.fmt.underline for p in shown),
                frozenset(family(p.font) for p in shown if any(c.isalnum() for c in p.raw)),
                any(p.fmt.bold for p in shown), any(p.fmt.italic for p in shown))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", vi.nfc(text)).strip()


class Model:
    """A document read for the checker."""

    def __init__(self, doc, parts: list[Part]):
        self.doc = doc
        self.parts = parts
        package = doc.part.package
        self.styles = Styles(doc.styles.element, theme_fonts(package), default_tab_mm(package))
        self.body_part = next(p for p in parts if p.label == "thân văn bản")
        body = self.body_part.root.find(q("body"))
        self.body = body if body is not None else self.body_part.root
        self.sections, block_section = sections_of(self.body)
        self.columns = Columns(self.sections, block_section, self.body)
        self.encodings: Counter = Counter()        # encoding → runs
        self.encoded_example: dict[str, tuple[str, str, str]] = {}   # encoding → (where, raw, decoded)
        self.hint = self._document_hint()
        first_table = self.body.find(q("tbl"))
        self.lines: list[Line] = []
        for para in self.body_part.paragraphs:
            self.lines.extend(self._lines(para, first_table))
        for i, ln in enumerate(self.lines):
            ln.index = i

    def decoded(self, t: etree._Element) -> str:
        """The printed text of one w:t anywhere in the document (a header's, a footer's)."""
        raw = t.text or ""
        run = t.getparent()
        if run is None or run.tag != q("r") or not raw:
            return raw
        p = run.getparent()
        while p is not None and p.tag != q("p"):
            p = p.getparent()
        pstyle = self.styles.para_format(p).style if p is not None else None
        fmt = self.styles.run_format(run, pstyle)
        text, _ = encoding.decode(raw, fmt.font_for(raw), self.hint)
        return vi.upper(text) if fmt.caps else text

    def texts(self) -> list[str]:
        return [ln.text for ln in self.lines]

    def _document_hint(self) -> str | None:
        """The legacy encoding most of the body is in, for runs too short to tell (None: Unicode)."""
        votes: Counter = Counter()
        for para in self.body_part.paragraphs[:400]:
            chunks, size = [], 0
            for t in para.element.iter(_T):   # a sample of each paragraph is enough to vote
                chunks.append(t.text or "")
                size += len(chunks[-1])
                if size > 4000:
                    break
            text = "".join(chunks)
            if text:
                guess = encoding.guess(text, None)
                if guess:
                    votes[guess] += 1
        if not votes:
            return None
        enc, n = votes.most_common(1)[0]
        return enc if n >= 2 else None

    # ------------------------------------------------------------ building

    def _runs(self, container, out: list) -> None:
        for child in container:
            tag = child.tag
            if tag == _R:
                out.append(child)
            elif tag in _OPEN:
                self._runs(child, out)
            # deleted text, moved-away text, properties, bookmarks, text boxes' paragraphs: not here

    def _tokens(self, para: Para, pfmt: ParaFormat, tstyle: str | None) -> list[tuple]:
        """(kind, printed text, fmt, encoding, raw, font) in order; kind 'text', 'tab' or 'br'."""
        runs: list = []
        self._runs(para.element, runs)
        pstyle = pfmt.style
        run_format = self.styles.run_format
        items = []          # (fmt, kind, raw)
        legacy = False      # some text beyond ASCII: the paragraph's encoding is to be decided
        for run in runs:
            rpr = fmt = None
            for child in run:
                tag = child.tag
                if tag == _RPR:
                    rpr = child
                    continue
                if fmt is None:
                    fmt = run_format(run, pstyle, tstyle, rpr)
                    if fmt.hidden:
                        break
                if tag == _T:
                    raw = child.text
                    if raw:
                        items.append((fmt, "text", raw))
                        legacy = legacy or not raw.isascii()
                elif tag in _TABS:
                    items.append((fmt, "tab", ""))
                elif tag in _BREAKS:
                    items.append((fmt, "br", ""))
                elif tag == _NBH:
                    items.append((fmt, "text", "-"))
        context = encoding.guess("".join(i[2] for i in items), self.hint) if legacy else None
        tokens = []
        decode = encoding.decode
        for fmt, kind, raw in items:
            if kind != "text":
                tokens.append((kind, None, fmt, None, "", ""))
                continue
            font = fmt.font_for(raw)
            if raw.isascii():
                text, enc = raw, None
            else:
                text, enc = decode(raw, font, context)
                if enc:
                    self.encodings[enc] += 1
                    if enc not in self.encoded_example and sum(c.isalpha() for c in text) >= 3:
                        self.encoded_example[enc] = (para.where, raw, text)
            if fmt.caps:
                text = vi.upper(text)
            if "\u00a0" in text or "\t" in text:
                text = text.replace("\u00a0", " ").replace("\t", " ")
            tokens.append(("text", text, fmt, enc, raw, font))
        return tokens

    def _lines(self, para: Para, header_table) -> list[Line]:
        column_index, in_table, node = None, False, para.element.getparent()
        while node is not None:
            if node.tag == _TXBX:
                break
            if node.tag == _TC:
                in_table = True
                row = node.getparent()
                if row is not None and row.getparent() is header_table:
                    column_index = [c for c in row if c.tag == _TC].index(node)
            node = node.getparent()
        box = self.columns.of(para.element)
        tstyle = box.table_style
        pfmt = self.styles.para_format(para.element, tstyle)
        tokens = self._tokens(para, pfmt, tstyle)
        section = self.columns.section_of(para.element)
        # printed lines (split at breaks), each cut into pieces at tabs and wide gaps
        printed: list[list[tuple]] = [[]]
        for tok in tokens:
            if tok[0] == "br":
                printed.append([])
            elif tok[0] == "tab" or "   " not in tok[1]:
                printed[-1].append(tok)
            else:
                parts = GAP.split(tok[1])
                gaps = GAP.findall(tok[1])
                for i, part in enumerate(parts):
                    if i:
                        printed[-1].append(("gap", gaps[i - 1], *tok[2:]))
                    if part:
                        printed[-1].append(("text", part, *tok[2:]))
        out: list[Line] = []
        default_tab = self.styles.default_tab_mm
        for n, line_tokens in enumerate(printed):
            pieces = _merge_blanks(self._pieces(line_tokens))
            if not pieces:
                continue
            spans = [(a, b) for _, a, b in pieces]
            for k, (chunk, a, b) in enumerate(pieces):
                text = norm("".join(p.text for p in chunk))
                line = Line(para, text, chunk, column_index, in_table, section, box, pfmt)
                if len(line_tokens) > LONG_LINE and sum(t[0] == "text" for t in line_tokens) > LONG_LINE:
                    line._placer = _long(pfmt, box, len(spans) == 1)
                else:
                    line._placer = _placer(line_tokens, pfmt, box, n == 0, default_tab, spans, k)
                out.append(line)
        return out

    @staticmethod
    def _pieces(tokens: list[tuple]) -> list[tuple[list[Piece], int, int]]:
        """The pieces of one printed line: token ranges between tabs and wide gaps."""
        out: list[tuple[list[Piece], int, int]] = []
        current: list[Piece] = []
        first = None
        for i, tok in enumerate(tokens):
            if tok[0] in ("tab", "gap"):
                if current and any(p.text.strip() for p in current):
                    out.append((current, first, i - 1))
                current, first = [], None
                continue
            if first is None:
                first = i
            current.append(Piece(tok[1], tok[2], tok[3], tok[4], tok[5]))
        if current and any(p.text.strip() for p in current):
            out.append((current, first, len(tokens) - 1))
        return out


def _long(pfmt: ParaFormat, box: Column, alone: bool):
    """A line of more runs than LONG_LINE is longer than any column: it wraps and fills it."""
    def place() -> Place:
        return Place(pfmt.left_mm, box.width - pfmt.right_mm, box.width, alone, True, pfmt.align, box.kind == "box")
    return place


def _placer(line_tokens, pfmt, box, first_line, default_tab, spans, k):
    def place() -> Place | None:
        geometry = [("tab", None, t[2]) if t[0] == "tab" else ("text", t[1], t[2]) for t in line_tokens]
        places = place_line(geometry, pfmt, box, first_line, default_tab, spans)
        return places[k] if k < len(places) else None
    return place


_BLANK_BEFORE = re.compile(r"(?:^Số:?|\bngày|\btháng)$")
_BLANK_AFTER = re.compile(r"^(?:/|-(?![-–_])|tháng\b|năm\b)")


def _merge_blanks(pieces: list[tuple[list[Piece], int, int]]) -> list[tuple[list[Piece], int, int]]:
    """A blank left for a number or a day is not a gap: 'Số:   /UBND', 'ngày   tháng 6' stay one piece."""
    merged: list[tuple[list[Piece], int, int]] = []
    for chunk, a, b in pieces:
        if merged:
            before = norm("".join(p.text for p in merged[-1][0]))
            after = norm("".join(p.text for p in chunk))
            if _BLANK_BEFORE.search(before) or _BLANK_AFTER.match(after):
                prev = merged[-1]
                merged[-1] = (prev[0] + [Piece(" ", chunk[0].fmt, None, " ", chunk[0].font)] + chunk,
                              prev[1], b)
                continue
        merged.append((chunk, a, b))
    return merged
