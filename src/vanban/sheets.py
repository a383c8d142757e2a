"""Excel workbooks (openpyxl): registers and books written as XLSX."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def table_workbook(sheet: str, title: str, headers: list[str], rows: list[list], widths: list[int],
                   font: str = "Times New Roman") -> bytes:
    """One sheet: a title line, a bold header row, then *rows*, all boxed; bytes of the XLSX."""
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
        cell.border = _BOX
    for row in rows:
        ws.append(row)
        r = ws.max_row
        for c in range(1, len(headers) + 1):
            cell = ws.cell(r, c)
            cell.font = Font(name=font)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = _BOX
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
