"""Excel workbooks (openpyxl): registers and books written as XLSX."""

from __future__ import annotations

import io

from ..ooxml import cells
from ..ooxml.measure import width_mm

A4_LANDSCAPE_MM = 297
PAD_MM = 2.0           # a cell's text stands this far inside its column (both sides together)
FILL = 0.97            # the columns take this share of the printable width: printed at 100 %
LINE = 1.25            # a wrapped line, in text heights


# One unit of column width is a character of the workbook's default font: LibreOffice lays it out
# 2.469 mm wide, Excel 7 px (1.852 mm) plus 5 px. Columns are sized for the wider (LibreOffice), so
# that nothing is scaled down there; text is wrapped for the narrower (Excel), so that no row is
# too short for its text in either.
LO_MM_PER_UNIT = 2.469
EXCEL_MM_PER_UNIT, EXCEL_EXTRA_MM = 7 * 25.4 / 96, 5 * 25.4 / 96


def _chars(mm: float) -> float:
    """A column *mm* wide (as LibreOffice prints it) in Excel's unit."""
    return round(mm / LO_MM_PER_UNIT, 2)


def _narrowest(mm: float) -> float:
    """The width a column set for *mm* has in Excel."""
    return _chars(mm) * EXCEL_MM_PER_UNIT + EXCEL_EXTRA_MM


def _lines(text, column_mm: float, size: float, bold: bool = False) -> int:
    """How many lines *text* wraps to in a column *column_mm* wide."""
    room, lines = column_mm - PAD_MM, 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            w = width_mm(word, size, bold)
            if used and used + width_mm(" ", size) + w > room:
                lines, used = lines + 1, w
            else:
                used += (width_mm(" ", size) if used else 0) + w
    return max(lines, 1)


def profile_margins(profile) -> tuple[float, float, float, float]:
    """A rule set's margins (top, bottom, left, right) in mm, for a workbook printed as a register."""
    page = profile.trang
    return page.le_tren_mm, page.le_duoi_mm, page.le_trai_mm, page.le_phai_mm


def table_workbook(sheet: str, title: str, headers: list[str], rows: list[list], widths: list[float],
                   font: str = "Times New Roman", centred: tuple[int, ...] = (), row_height: float | None = None,
                   size: float = 12, margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15)) -> bytes:
    """One sheet: a title line, a bold header row, then *rows*, all boxed; bytes of the XLSX.

    It prints as a register should: A4 landscape at *size* pt (the columns share the printable
    width in the proportions of *widths*, so nothing is scaled down), margins *margins_mm* (top,
    bottom, left, right: the rule set's), each row as tall as its wrapped text, the heading row
    repeated and «Trang N/M» at the top of every page. *centred*: 1-based columns of figures;
    *row_height*: points at least, room to sign."""
    # start-up time: openpyxl (and numpy under it) only when a workbook is written
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    top, bottom, left, right = margins_mm
    printable = A4_LANDSCAPE_MM - left - right
    columns_mm = [printable * FILL * w / sum(widths) for w in widths]
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    cells.append(ws, [title])  # text stays text: a name beginning with «=» never runs
    ws.cell(1, 1).font = Font(name=font, bold=True, size=size + 1)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    cells.append(ws, headers)
    for c in range(1, len(headers) + 1):
        cell = ws.cell(2, c)
        cell.font = Font(name=font, bold=True, size=size)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
    narrow = [_narrowest(w) for w in columns_mm]
    ws.row_dimensions[2].height = max(_lines(h, w, size, True) for h, w in zip(headers, narrow)) * size * LINE + 4
    for row in rows:
        r = cells.append(ws, row)
        for c in range(1, len(headers) + 1):
            cell = ws.cell(r, c)
            cell.font = Font(name=font, size=size)
            cell.alignment = Alignment(vertical="top", wrap_text=True, horizontal="center" if c in centred else None)
            cell.border = box
        text = max(_lines(v, w, size) for v, w in zip(row, narrow)) * size * LINE + 4
        ws.row_dimensions[r].height = max(text, row_height or 0)
    for i, w in enumerate(columns_mm, 1):
        ws.column_dimensions[get_column_letter(i)].width = _chars(w)
    ws.freeze_panes = "A3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1       # a safety net only: the columns already fit at 100 %
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    ws.print_options.horizontalCentered = True
    inch = 25.4
    ws.page_margins.left, ws.page_margins.right = left / inch, right / inch
    ws.page_margins.top, ws.page_margins.bottom = top / inch, bottom / inch
    ws.page_margins.header, ws.page_margins.footer = top / 2 / inch, bottom / 2 / inch
    for header in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        header.center.text = "Trang &P/&N"
        header.center.font = f"{font},Regular"
        header.center.size = size
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
