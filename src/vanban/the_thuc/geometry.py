"""The page geometry of a DOCX: the page of each section (size, margins,
orientation, whether it holds a table) and the column each paragraph is set
in (the page's text area, a table cell, a text box), with where that column
stands on the page."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..ooxml.format import q, twips

EMU_MM = 1 / 36000
DEFAULT_CELL_MARGIN_MM = 108 * 25.4 / 1440   # Word's «Table Normal»: 0.19 cm each side
TEXTBOX_INSET_MM = 2.54


@dataclass(frozen=True)
class Section:
    """One section's page: size, margins and orientation (mm)."""

    index: int                 # 1-based
    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    landscape: bool
    has_table: bool = False    # a table sits in this section's body
    continuous: bool = False   # it starts on the same page as the section before

    @property
    def text_width(self) -> float:
        return max(self.width - self.left - self.right, 1.0)

    @property
    def text_height(self) -> float:
        return max(self.height - self.top - self.bottom, 1.0)


def read_section(index: int, sect) -> Section:
    size = sect.find(q("pgSz")) if sect is not None else None
    mar = sect.find(q("pgMar")) if sect is not None else None
    w = twips(size.get(q("w"))) if size is not None else 215.9
    h = twips(size.get(q("h"))) if size is not None else 279.4

    def margin(name, default):
        if mar is None or mar.get(q(name)) is None:
            return default
        return abs(twips(mar.get(q(name))))

    landscape = w > h or (size is not None and size.get(q("orient")) == "landscape" and w >= h)
    kind = sect.find(q("type")) if sect is not None else None
    continuous = kind is not None and kind.get(q("val")) == "continuous"
    return Section(index, w, h, margin("top", 25.4), margin("bottom", 25.4), margin("left", 31.75),
                   margin("right", 31.75), landscape, False, continuous)


def sections_of(body: etree._Element) -> tuple[list[Section], dict[etree._Element, int]]:
    """The sections of the body in order, and the section index (0-based) of each body-level block."""
    found: list[tuple[etree._Element | None, bool]] = []
    where: dict[etree._Element, int] = {}
    has_table = False
    for child in body:
        if child.tag == q("sectPr"):
            continue
        where[child] = len(found)
        if child.tag == q("tbl"):
            has_table = True
        ppr = child.find(q("pPr")) if child.tag == q("p") else None
        sect = ppr.find(q("sectPr")) if ppr is not None else None
        if sect is not None:
            found.append((sect, has_table))
            has_table = False
    found.append((body.find(q("sectPr")), has_table))
    sections = []
    for i, (sect, table) in enumerate(found, 1):
        s = read_section(i, sect)
        sections.append(Section(s.index, s.width, s.height, s.top, s.bottom, s.left, s.right, s.landscape, table,
                                s.continuous))
    return sections, where


# ---------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """The box a paragraph is set in: its width, where its left edge is on the page (mm from the
    page's left edge, None when a text box is anchored where the DOCX cannot tell), what it is."""

    width: float
    left: float | None
    kind: str            # 'page', 'cell', 'box'
    table_style: str | None = None


class Columns:
    """The column of each paragraph; table geometry computed once per table."""

    def __init__(self, sections: list[Section], block_section: dict, body: etree._Element):
        self.sections = sections
        self.block_section = block_section
        self.body = body
        self._cells: dict[etree._Element, tuple[float, float]] = {}   # cell → (left on page, width)
        self._tables: set = set()
        self._props: dict[etree._Element, tuple] = {}   # table → (style, (left, right) cell margins)

    def section_of(self, p: etree._Element) -> Section:
        node = p
        while node is not None and node.getparent() is not None and node.getparent() is not self.body:
            node = node.getparent()
        index = self.block_section.get(node, len(self.sections) - 1)
        return self.sections[min(index, len(self.sections) - 1)]

    def of(self, p: etree._Element) -> Column:
        parent = p.getparent()
        if parent is not None and parent.tag == q("txbxContent"):
            return Column(self._box_width(parent), None, "box")
        cell = _ancestor(p, q("tc"), stop=q("txbxContent"))
        section = self.section_of(p)
        if cell is None:
            return Column(section.text_width, section.left, "page")
        left, width = self._cell(cell, section)
        tbl = cell.getparent().getparent() if cell.getparent() is not None else None
        style, table_margins = self.table_props(tbl)
        margins = _cell_margins(cell, table_margins)
        inner = max(width - margins[0] - margins[1], 1.0)
        return Column(inner, None if left is None else left + margins[0], "cell", style)

    def _cell(self, cell, section: Section) -> tuple[float | None, float]:
        if cell not in self._cells:
            row = cell.getparent()
            tbl = row.getparent() if row is not None else None
            if tbl is None or tbl.tag != q("tbl"):
                self._cells[cell] = (None, section.text_width)
            else:
                self._table(tbl, section)
        return self._cells.get(cell, (None, section.text_width))

    def _table(self, tbl, section: Section) -> None:
        if tbl in self._tables:
            return
        self._tables.add(tbl)
        grid = [twips(g.get(q("w"))) for g in tbl.findall(f"{q('tblGrid')}/{q('gridCol')}")]
        outer = _ancestor(tbl, q("tc"), stop=q("txbxContent"))
        if outer is not None:
            base_left, avail = self._cell(outer, section)
            m = _cell_margins(outer, self.table_props(outer.getparent().getparent())[1])
            base_left = None if base_left is None else base_left + m[0]
            avail = avail - m[0] - m[1]
        else:
            base_left, avail = section.left, section.text_width
        tblpr = tbl.find(q("tblPr"))
        indent = 0.0
        jc = None
        if tblpr is not None:
            ind = tblpr.find(q("tblInd"))
            if ind is not None and ind.get(q("type")) in (None, "dxa"):
                indent = twips(ind.get(q("w")))
            j = tblpr.find(q("jc"))
            jc = j.get(q("val")) if j is not None else None
        total = sum(grid) if grid else avail
        if jc == "center":
            indent = (avail - total) / 2
        elif jc in ("right", "end"):
            indent = avail - total
        left0 = None if base_left is None else base_left + indent
        for row in tbl.findall(q("tr")):
            k = 0
            trpr = row.find(q("trPr"))
            if trpr is not None and trpr.find(q("gridBefore")) is not None:
                k = _int(trpr.find(q("gridBefore")).get(q("val")), 0)
            cells = row.findall(q("tc"))
            for cell in cells:
                span = 1
                tcpr = cell.find(q("tcPr"))
                if tcpr is not None and tcpr.find(q("gridSpan")) is not None:
                    span = max(1, _int(tcpr.find(q("gridSpan")).get(q("val")), 1))
                if grid and k + span <= len(grid):
                    left = None if left0 is None else left0 + sum(grid[:k])
                    width = sum(grid[k:k + span])
                else:
                    tcw = tcpr.find(q("tcW")) if tcpr is not None else None
                    width = twips(tcw.get(q("w"))) if tcw is not None and tcw.get(q("type")) in (None, "dxa") \
                        else avail / max(len(cells), 1)
                    left = None
                self._cells[cell] = (left, max(width, 1.0))
                k += span

    def table_props(self, tbl) -> tuple[str | None, tuple[float | None, float | None]]:
        """(table style, the table's default cell margins), read once per table."""
        if tbl is None:
            return None, (None, None)
        found = self._props.get(tbl)
        if found is None:
            tblpr = tbl.find(q("tblPr"))
            st = tblpr.find(q("tblStyle")) if tblpr is not None else None
            mar = tblpr.find(q("tblCellMar")) if tblpr is not None else None
            found = self._props[tbl] = (st.get(q("val")) if st is not None else None, _margins(mar, (None, None)))
        return found

    def _box_width(self, content) -> float:
        node = content
        while node is not None:
            for ext in node.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"):
                cx = _int(ext.get("cx"), 0)
                if cx > 0:
                    return max(cx * EMU_MM - 2 * TEXTBOX_INSET_MM, 1.0)
            if node.tag in (q("drawing"), q("pict"), q("r")):
                break
            node = node.getparent()
        return 50.0


def _ancestor(el, tag, stop=None):
    node = el.getparent()
    while node is not None:
        if node.tag == tag:
            return node
        if stop is not None and node.tag == stop:
            return None
        node = node.getparent()
    return None


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _margins(src, found: tuple[float | None, float | None]) -> tuple[float | None, float | None]:
    """Left and right margins a tcMar or tblCellMar element sets, over *found*."""
    left, right = found
    if src is None:
        return left, right
    for names, slot in ((("left", "start"), 0), (("right", "end"), 1)):
        for name in names:
            el = src.find(q(name))
            if el is not None and el.get(q("type")) in (None, "dxa"):
                if slot == 0 and left is None:
                    left = twips(el.get(q("w")))
                if slot == 1 and right is None:
                    right = twips(el.get(q("w")))
    return left, right


def _cell_margins(cell, table_margins: tuple[float | None, float | None]) -> tuple[float, float]:
    """Left and right cell margins: the cell's own, else the table's, else Word's default."""
    tcpr = cell.find(q("tcPr"))
    own = _margins(tcpr.find(q("tcMar")) if tcpr is not None else None, (None, None))
    left = own[0] if own[0] is not None else table_margins[0]
    right = own[1] if own[1] is not None else table_margins[1]
    return (DEFAULT_CELL_MARGIN_MM if left is None else left, DEFAULT_CELL_MARGIN_MM if right is None else right)
