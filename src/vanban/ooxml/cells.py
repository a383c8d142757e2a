"""Cells of the workbooks vanban writes (openpyxl): text stays text.

openpyxl takes a string that begins with «=» for a formula and «#N/A» for an error value;
Excel and Calc re-read a cell that begins with «=», «+», «-» or «@» as a formula once it is
edited. A unit named «=HYPERLINK(…)», a signer or a free-text recipient must print as typed
and never run: every writer puts its values through `put`, which types a string as a string
and marks the ones a spreadsheet would take for a formula with a quote prefix (Excel's «'»,
not part of the value). A reader tells a formula typed by a person (`is_formula`) from a
text that only looks like one.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheet programs read as a formula when typed


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def put(cell, value) -> None:
    """Set *cell* to *value*; a string is a string, whatever it begins with."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never 'f' (formula) nor 'e' (error), whatever openpyxl guessed
        if looks_like_formula(value):
            cell.quotePrefix = True


def append(ws, values) -> int:
    """Add a row of *values* below the last row of *ws*, every string typed as text; its number."""
    values = list(values)
    ws.append(values)
    row = getattr(ws, "_current_row", None) or ws.max_row
    for column, value in enumerate(values, 1):
        if isinstance(value, str):
            put(ws.cell(row, column), value)
    return row


def is_formula(cell) -> bool:
    """The cell holds a formula (read with openpyxl's data_only=False)."""
    return getattr(cell, "data_type", None) == "f"
