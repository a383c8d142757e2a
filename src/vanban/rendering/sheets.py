"""Excel workbooks (openpyxl): registers and books written as XLSX."""

from __future__ import annotations

import io



def table_workbook(sheet: str, title: str, headers: list[str], rows: list[list], widths: list[int],
                   font: str = "Times New Roman", centred: tuple[int, ...] = (), row_height: float | None = None) -> bytes:
    """One sheet: a title line, a bold header row, then *rows*, all boxed; bytes of the XLSX.

    It prints as a register should: A4 landscape, fitted to the page width, the heading row
    repeated on every page. *centred*: 1-based columns of figures; *row_height*: points, room to sign."""
    # start-up time: openpyxl (and numpy under it) only when a workbook is written
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.cell(1, 1).font = Font(name=font, bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(headers)
    for c in range(1, len(headers) + 1):
        cell = ws.cell(2, c)
        cell.font = Font(name=font, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
    for row in rows:
        ws.append(row)
        r = ws.max_row
        for c in range(1, len(headers) + 1):
            cell = ws.cell(r, c)
            cell.font = Font(name=font)
            cell.alignment = Alignment(vertical="top", wrap_text=True, horizontal="center" if c in centred else None)
            cell.border = box
        if row_height:
            ws.row_dimensions[r].height = row_height
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
