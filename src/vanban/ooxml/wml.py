"""WordprocessingML written as text: runs, paragraphs and tables with their
properties in schema order.

The thể thức blocks of every document (header table, closing table, tables of
figures) are small and built for each document; writing them as strings costs
microseconds where building them through python-docx's object model cost
about 20 ms a document. The fragments use the `w:` prefix that every
document's root declares, and go into a template as Jinja `Markup`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

EMU_PER_MM = 36000
EMU_PER_PT = 12700
EMU_PER_TWIP = 635

JC = {"giua": "center", "trai": "left", "phai": "right", "deu": "both"}


def twips_mm(mm: float) -> int:
    """*mm* in twentieths of a point, rounded as python-docx rounds (EMU first)."""
    return round(int(mm * EMU_PER_MM) / EMU_PER_TWIP)


def twips_pt(pt: float) -> int:
    return round(int(pt * EMU_PER_PT) / EMU_PER_TWIP)


def _attrs(pairs) -> str:
    return "".join(f" w:{k}={quoteattr(str(v))}" for k, v in pairs if v is not None)


def _on(tag: str, value: bool | None) -> str:
    if value is None:
        return ""
    return f"<w:{tag}/>" if value else f'<w:{tag} w:val="0"/>'


@lru_cache(maxsize=16)
def _fonts(font: str) -> str:
    return f'<w:rFonts{_attrs((s, font) for s in ("ascii", "hAnsi", "eastAsia", "cs"))}/>'


def run(text: str, font: str, size: float | None = None, bold: bool | None = None,
        italic: bool | None = None, underline: bool | None = None, size_cs: bool = True) -> str:
    """One run of text; properties in the order of CT_RPr (rFonts, b, i, sz, szCs, u)."""
    rpr = _fonts(font)
    rpr += _on("b", bold) + _on("i", italic)
    if size is not None:
        half = round(size * 2)
        rpr += f'<w:sz w:val="{half}"/>' + (f'<w:szCs w:val="{half}"/>' if size_cs else "")
    if underline is not None:
        rpr += f'<w:u w:val="{"single" if underline else "none"}"/>'
    if not text:
        return f"<w:r><w:rPr>{rpr}</w:rPr></w:r>"
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<w:r><w:rPr>{rpr}</w:rPr><w:t{space}>{escape(text)}</w:t></w:r>"


@dataclass
class Para:
    """Paragraph properties, written in the order of CT_PPr."""

    keep_next: bool | None = None        # None: as the style says
    border_bottom: bool = False          # a drawn rule under the paragraph
    before_pt: float = 0
    after_pt: float = 0
    line_pt: float | None = None         # exact line height; None: single
    left_twips: int = 0
    right_twips: int | None = None
    hanging_twips: int = 0
    align: str | None = None             # key of JC

    def xml(self, content: str = "") -> str:
        ppr = _on("keepNext", self.keep_next)
        if self.border_bottom:
            ppr += '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'
        line = (f'w:line="{twips_pt(self.line_pt)}" w:lineRule="exact"' if self.line_pt is not None
                else 'w:line="240" w:lineRule="auto"')
        ppr += f'<w:spacing w:before="{twips_pt(self.before_pt)}" w:after="{twips_pt(self.after_pt)}" {line}/>'
        ind = f' w:left="{self.left_twips}"'
        ind += f' w:hanging="{self.hanging_twips}"' if self.hanging_twips else ' w:firstLine="0"'
        if self.right_twips is not None:
            ind += f' w:right="{self.right_twips}"'
        ppr += f"<w:ind{ind}/>"
        if self.align:
            ppr += f'<w:jc w:val="{JC[self.align]}"/>'
        return f"<w:p><w:pPr>{ppr}</w:pPr>{content}</w:p>"


@dataclass
class Cell:
    paragraphs: list[str]
    width_twips: int
    centre_vertically: bool = False

    def xml(self) -> str:
        valign = '<w:vAlign w:val="center"/>' if self.centre_vertically else ""
        body = "".join(self.paragraphs) or "<w:p/>"
        return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{self.width_twips}"/>{valign}</w:tcPr>{body}</w:tc>'


def _xml(part) -> str:
    """A cell or row as XML: given so already, or written now."""
    return part if isinstance(part, str) else part.xml()


@dataclass
class Row:
    cells: list[Cell | str]              # a cell may be given as its XML already written
    cant_split: bool = False
    header: bool = False                 # repeated at the top of every page
    min_height_twips: int = 0

    def xml(self) -> str:
        trpr = "<w:cantSplit/>" if self.cant_split else ""
        if self.min_height_twips:
            trpr += f'<w:trHeight w:val="{self.min_height_twips}" w:hRule="atLeast"/>'
        trpr += "<w:tblHeader/>" if self.header else ""
        head = f"<w:trPr>{trpr}</w:trPr>" if trpr else ""
        return f"<w:tr>{head}{''.join(map(_xml, self.cells))}</w:tr>"


TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
              'w:noHBand="0" w:noVBand="1" w:val="04A0"/>')


def table(rows: list[Row | str], widths_twips: list[int], borders: bool, cell_margin_twips: int | None = None,
          caption: str | None = None) -> str:
    """A centred table of fixed column widths (the grid and every cell carry them, for
    Word and LibreOffice alike); properties in the order of CT_TblPr. A row may be given
    as its XML already written."""
    edge = 'w:val="single" w:sz="4" w:color="000000"' if borders else 'w:val="nil"'
    tblpr = '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/><w:tblBorders>'
    tblpr += "".join(f"<w:{e} {edge}/>" for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblpr += '</w:tblBorders><w:tblLayout w:type="fixed"/>'
    if cell_margin_twips is not None:
        tblpr += ("<w:tblCellMar>" + "".join(f'<w:{e} w:w="{cell_margin_twips}" w:type="dxa"/>'
                                            for e in ("left", "right")) + "</w:tblCellMar>")
    tblpr += TABLE_LOOK
    if caption:
        tblpr += f"<w:tblCaption w:val={quoteattr(caption)}/>"
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths_twips)
    return f"<w:tbl><w:tblPr>{tblpr}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(map(_xml, rows))}</w:tbl>"
