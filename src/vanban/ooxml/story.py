"""The text of a document's parts as Word stores it: paragraphs in reading order
(tables cell by cell, content controls and tracked insertions opened), each with
the w:t pieces of its runs; and merging a span of text into one run.

Template tools read tags split across runs from here; the thể thức checker
reads paragraphs from here. This is the only place that walks or rewrites runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ..errors import Finding, Location, TemplateProblem
from .format import q
from .package import check_package

PART_NAMES = {  # content type suffix → how the part is named to the clerk
    "document.main+xml": "thân văn bản",
    "header+xml": "đầu trang",
    "footer+xml": "chân trang",
    "footnotes+xml": "chú thích cuối trang",
    "endnotes+xml": "chú thích cuối văn bản",
}
NOISE = {q("lang"), q("noProof"), q("proofErr"), q("rtl")}  # run properties that change nothing printed
# parts python-docx keeps as bytes are parsed without entities or the network (a part is input)
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass
class Piece:
    """One w:t of a paragraph, with its run."""

    t: etree._Element
    run: etree._Element
    start: int
    end: int


@dataclass
class Para:
    element: etree._Element
    where: str          # 'thân văn bản, đoạn 5' / 'bảng 1, dòng 2, ô 3'
    _pieces: list[Piece] | None   # read the first time they are asked for (a reader may never ask)
    in_row: bool
    in_cell: bool
    row: etree._Element | None = None    # the table row (w:tr) and cell (w:tc) it is in
    cell: etree._Element | None = None
    label: str = ""     # the part it is in: 'where' without it is the paragraph's own place

    @property
    def pieces(self) -> list[Piece]:
        if self._pieces is None:
            self._pieces = pieces_of(self.element)
        return self._pieces

    @pieces.setter
    def pieces(self, value: list[Piece]) -> None:
        self._pieces = value

    @property
    def text(self) -> str:
        return "".join(p.t.text or "" for p in self.pieces)

    @property
    def place(self) -> str:
        """Where it is within its part: 'đoạn 21', 'bảng 1, dòng 2, ô 1, đoạn 1'."""
        prefix = self.label + ", "
        return self.where[len(prefix):] if self.label and self.where.startswith(prefix) else self.where


@dataclass
class Part:
    label: str
    root: etree._Element
    paragraphs: list[Para] = field(default_factory=list)
    owner: object = None  # the python-docx part, to write the XML back


def pieces_of(p: etree._Element) -> list[Piece]:
    out, pos = [], 0
    nested = next(p.iter(q("txbxContent")), None) is not None
    for t in p.iter(q("t")):
        run = t.getparent()
        # a text inside a nested paragraph (text box) belongs to that paragraph
        if nested:
            anc = t.getparent()
            while anc is not None and anc.tag != q("p"):
                anc = anc.getparent()
            if anc is not p:
                continue
        text = t.text or ""
        out.append(Piece(t, run, pos, pos + len(text)))
        pos += len(text)
    return out


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def text_boxes(p: etree._Element) -> list[etree._Element]:
    """The text boxes anchored in paragraph *p* (their w:txbxContent), each once: Word writes
    a box twice, as a shape and as its VML fallback, and the fallback is skipped."""
    out = []
    for box in p.iter(q("txbxContent")):
        anc, inside = box.getparent(), True
        while anc is not None and anc is not p:
            if anc.tag == MC_FALLBACK or anc.tag == q("txbxContent") or anc.tag == q("p"):
                inside = False  # a fallback copy, or a box inside a box (walked with its own box)
                break
            anc = anc.getparent()
        if inside:
            out.append(box)
    return out


def walk(container, label: str, out: list[Para], counter: list[int], table_path: str = "",
          in_row: bool = False, in_cell: bool = False, row=None, cell=None) -> None:
    tables = 0
    for child in container:
        if child.tag == q("p"):
            counter[0] += 1
            where = f"{table_path}, đoạn {counter[0]}" if table_path else f"{label}, đoạn {counter[0]}"
            out.append(Para(child, where, None, in_row, in_cell, row, cell, label))
            for k, box in enumerate(text_boxes(child), 1):  # what a text box in it holds, after it
                box_counter = [0]
                walk(box, label, out, box_counter, f"{where} › hộp văn bản {k}", in_row, in_cell, row, cell)
        elif child.tag == q("tbl"):
            tables += 1
            base = f"{table_path} › bảng {tables}" if table_path else f"{label}, bảng {tables}"
            r = 0
            for tr in _rows(child):
                r += 1
                for c, tc in enumerate(_cells(tr), 1):
                    cell_counter = [0]
                    walk(tc, label, out, cell_counter, f"{base}, dòng {r}, ô {c}", True, True, tr, tc)
        elif child.tag in (q("sdt"), q("customXml"), q("ins"), q("smartTag"), q("moveTo")):
            inner = child.find(q("sdtContent")) if child.tag == q("sdt") else child
            if inner is not None:
                walk(inner, label, out, counter, table_path, in_row, in_cell, row, cell)
        elif child.tag in (q("document"), q("body"), q("hdr"), q("ftr"), q("footnotes"), q("footnote"),
                           q("endnotes"), q("endnote")):
            walk(child, label, out, counter, table_path, in_row, in_cell, row, cell)


def _rows(table):
    """A table's rows, also those a content control or a tracked insertion wraps."""
    for child in table:
        if child.tag == q("tr"):
            yield child
        elif child.tag in (q("sdt"), q("customXml"), q("ins")):
            inner = child.find(q("sdtContent")) if child.tag == q("sdt") else child
            if inner is not None:
                yield from _rows(inner)


def _cells(row):
    for child in row:
        if child.tag == q("tc"):
            yield child
        elif child.tag in (q("sdt"), q("customXml")):
            inner = child.find(q("sdtContent")) if child.tag == q("sdt") else child
            if inner is not None:
                yield from _cells(inner)


def load_parts(path: Path, shown: str) -> tuple[object, list[Part]]:
    """The parts docxtpl renders, each with its paragraphs in reading order."""
    check_package(path, shown, "docx", TemplateProblem)
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, TypeError, AttributeError, etree.XMLSyntaxError):
        raise TemplateProblem([Finding(Location(shown), "không mở được tệp Word: nội dung bên trong bị hỏng",
                                       "mở tệp trong Word và lưu lại dạng .docx")]) from None
    return doc, parts_of(doc)


def parts_of(doc) -> list[Part]:
    """The parts of an open python-docx Document that docxtpl renders, in reading order."""
    parts, counts = [], {}
    for part in doc.part.package.iter_parts():
        kind = next((k for k in PART_NAMES if part.content_type.endswith(k)), None)
        if kind is None:
            continue
        counts[kind] = counts.get(kind, 0) + 1
        label = PART_NAMES[kind] + (f" {counts[kind]}" if kind != "document.main+xml" else "")
        item = Part(label, root_of(part), owner=part)
        walk([item.root], label, item.paragraphs, [0])
        parts.append(item)
    parts.sort(key=lambda p: (p.label != "thân văn bản", p.label))
    return parts


def root_of(part) -> etree._Element:
    """The XML tree of a python-docx part: its element, or its blob parsed once (footnotes,
    endnotes… which python-docx keeps as bytes); `serialise` writes such a tree back."""
    if hasattr(part, "element"):
        return part.element
    root = getattr(part, "_vanban_root", None)
    if root is None:
        root = etree.fromstring(part.blob, SAFE_PARSER)
        part._vanban_root = root
    return root


def run_look_key(run) -> bytes:
    rpr = run.find(q("rPr"))
    if rpr is None:
        return b""
    clone = etree.fromstring(etree.tostring(rpr))
    for el in list(clone):
        if el.tag in NOISE:
            clone.remove(el)
    return etree.tostring(clone, method="c14n")


def runs_of(para: Para, start: int, end: int) -> list[Piece]:
    return [p for p in para.pieces if p.end > start and p.start < end and p.end > p.start]


def merge_span(para: Para, start: int, end: int, text: str) -> None:
    """Put *text* in place of para.text[start:end], in the run of its first character; the
    other runs the span touched lose that text (and go when nothing else is left in them).
    Spell-check marks between the merged runs mean nothing any more and go too."""
    pieces = runs_of(para, start, end)
    first = pieces[0]
    head = (first.t.text or "")[: start - first.start]
    tail_piece = pieces[-1]
    tail = (tail_piece.t.text or "")[end - tail_piece.start:]
    if len(pieces) == 1:
        first.t.text = head + text + tail
    else:
        first.t.text = head + text
        for piece in pieces[1:-1]:
            piece.t.text = ""
        tail_piece.t.text = tail
    for piece in pieces:
        if (piece.t.text or "") != (piece.t.text or "").strip():
            piece.t.set(XML_SPACE, "preserve")
    for piece in pieces[1:]:
        run = piece.run
        if not (piece.t.text or "") and run.tag == q("r"):
            piece.t.getparent().remove(piece.t)
            if not [c for c in run if c.tag != q("rPr")]:
                run.getparent().remove(run)
    for mark in para.element.findall(q("proofErr")):
        para.element.remove(mark)
    para.pieces = pieces_of(para.element)


def serialise(part: Part) -> None:
    """Write a part read as raw XML back into its python-docx owner."""
    if not hasattr(part.owner, "element"):
        part.owner._blob = etree.tostring(part.root, xml_declaration=True, encoding="UTF-8", standalone=True)
