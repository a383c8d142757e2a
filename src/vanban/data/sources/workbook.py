"""The year's workbook (data/<year>/du-lieu-<year>.xlsx) as a source of data.

`read` turns the workbook back into each data file's values, and names the cell
every value came from; `items_of` gives one file's values for the loader, which
takes an item kept only in the workbook from here (see data/sheets.py for how
the sheets are laid out, and for writing them).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from ...errors import DataError, Finding, Location
from ...ooxml.package import check_package
from ...project import present
from ..formats import CURRENT, WORKBOOK, outdated, too_new
from . import Source
from .yaml import _loader_class

SEP = "; "          # between the values of a short list in one cell
LISTS = " | "       # between the lists of a list of lists
GENERAL = "Mục"
VALUE = "Giá trị"
PARENT = "#"        # a child sheet's column naming its parent row: '#chi_tieu'
ITEM = "="          # the column of a list's plain items (a list mixing ids and records)
KEY = "(mã)"        # the id column of a group of records by id
README = "Hướng dẫn"
FORMAT_CELL = ("A3", "B3")  # on the README sheet: «Định dạng sổ [dinh_dang]» and the workbook's format
FORMAT_TITLE = "Định dạng sổ [dinh_dang]"
EMPTY_TEXT = '""'   # an empty text, told from a value not given (an empty cell)
EMPTY_LIST = "[]"
EMPTY_GROUP = "{}"


def _key(title) -> str | None:
    m = re.search(r"\[([^\[\]]*(?:\[\])*(?:\{\})?)\]\s*$", str(title or ""))
    return m.group(1) if m else None


def _scalar_of(text: str):
    """A value written inside a list cell, read as YAML reads a plain value."""

    text = text.strip()
    if not text:
        return None
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        return loader.construct_object(node) if node is not None else None
    except Exception:  # noqa: BLE001 - not a plain value: keep the text
        return text
    finally:
        loader.dispose()


def _cell_value(v):
    if isinstance(v, dt.datetime) and v.time() == dt.time(0):
        return v.date()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        return v.strip() if v.strip() else None
    return v


def _set(row_data: dict, key: str, value) -> None:
    """Put a cell's value at its key; an empty cell gives nothing (the value is not given)."""
    if value is None:
        return
    if key.endswith("[][]"):
        value = [] if value == EMPTY_LIST else [
            [_scalar_of(x) for x in part.split(SEP.strip()) if x.strip()] for part in str(value).split(LISTS.strip())]
        key = key[:-4]
    elif key.endswith("[]"):
        value = [] if value == EMPTY_LIST else [_scalar_of(x) for x in str(value).split(SEP.strip()) if x.strip()]
        key = key[:-2]
    elif key.endswith("{}"):
        value, key = {}, key[:-2]
    elif value == EMPTY_TEXT:
        value = ""
    parts = key.split(".")
    target = row_data
    for p in parts[:-1]:
        target = target.setdefault(p, {})
    target[parts[-1]] = value


def read(data: bytes) -> tuple[dict[str, Any], dict[str, dict[tuple, str]]]:
    """(file → its YAML data, file → where each value came from: key path → 'Trang!C4')."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    wb = load_workbook(io.BytesIO(data), data_only=True)
    number = book_format(wb)
    if number != CURRENT[WORKBOOK]:
        raise OldBook(number)
    files: dict[str, Any] = {}
    where: dict[str, dict[tuple, str]] = {}
    sheet_files: dict[str, tuple[str, tuple]] = {}
    if README in wb.sheetnames:
        for r in wb[README].iter_rows(min_row=5, values_only=True):
            if r and r[0] and r[1]:
                path = () if str(r[2] or "").startswith("các mục") else tuple(str(r[2]).split(" › "))
                sheet_files[str(r[0])] = (str(r[1]), path)
    tables = []
    for name in wb.sheetnames:
        if name not in sheet_files:
            continue
        file, path = sheet_files[name]
        ws = wb[name]
        cells = where.setdefault(file, {})
        root = files.setdefault(file, {})
        if not path:  # single values
            for r, (title, value) in enumerate(ws.iter_rows(min_row=2, max_col=2, values_only=True), 2):
                key = _key(title)
                if key:
                    _set(root, key, _cell_value(value))
                    cells[_path(key)] = f"{name}!B{r}"
            continue
        header = [_key(c.value) for c in ws[1]]
        records = []
        for r, values in enumerate(ws.iter_rows(min_row=2, values_only=True), 2):
            if all(v in (None, "") for v in values):
                continue
            record: dict = {}
            at: dict[tuple, str] = {}
            plain, parents, key_id = None, [], None
            for c, (key, value) in enumerate(zip(header, values), 1):
                if key is None:
                    continue
                value = _cell_value(value)
                ref = f"{name}!{get_column_letter(c)}{r}"
                if key.startswith(PARENT):
                    parents.append(value)
                elif key == KEY:
                    key_id = value
                elif key == ITEM:
                    plain = "" if value == EMPTY_TEXT else value
                elif key == "[]":
                    plain = [] if value is None else [_scalar_of(x) for x in str(value).split(SEP.strip())]
                else:
                    _set(record, key, value)
                    at[_path(key)] = ref
            at[()] = f"{name}!A{r}"
            records.append((parents, key_id, plain if plain is not None and not record else record, at))
        tables.append((file, path, records))
    # each record under its parent row, parents first
    placed: dict[tuple, list] = {}  # (file, path) → the key paths of its records, in row order
    for file, path, records in sorted(tables, key=lambda t: len(t[1])):
        root, cells = files[file], where[file]
        placed[(file, path)] = []
        for parents, key_id, item, at in records:
            prefix: tuple = ()
            target = root
            for depth in range(len(path) - 1):
                above = placed.get((file, path[:depth + 1]), [])
                n = parents[depth] if depth < len(parents) else None
                if not isinstance(n, int) or not 1 <= n <= len(above):
                    raise ValueError(f"{at[()]}: dòng cha {n!r} không có trong trang của «{path[depth]}»")
                prefix = above[n - 1]
                target = _at(root, prefix)
            holder = _holder(target, path[-1], dict if key_id is not None else list)
            if key_id is not None:
                holder[key_id] = item
                own = (*prefix, *path[-1].split("."), key_id)
            else:
                holder.append(item)
                own = (*prefix, *path[-1].split("."), len(holder) - 1)
            placed[(file, path)].append(own)
            for sub, ref in at.items():
                cells[own + sub] = ref
    return files, where


class OldBook(Exception):
    """A workbook of another format than this release writes."""

    def __init__(self, number):
        self.number = number


def book_format(wb) -> object:
    """The workbook's format, read first: the number beside «Định dạng sổ» on the README sheet;
    a workbook without it was written by vanban 0.2 (format 1)."""
    if README not in wb.sheetnames:
        return 1
    sheet = wb[README]
    if str(sheet[FORMAT_CELL[0]].value or "").strip() != FORMAT_TITLE:
        return 1
    value = sheet[FORMAT_CELL[1]].value
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value == int(value) \
        else value


def _path(key: str) -> tuple:
    return tuple(key.replace("[]", "").replace("{}", "").split("."))


def _at(root, path: tuple):
    for p in path:
        root = root[p]
    return root


def _holder(target: dict, key: str, kind):
    parts = key.split(".")
    for p in parts[:-1]:
        target = target.setdefault(p, {})
    return target.setdefault(parts[-1], kind())


def workbook_path(project, year: int):
    return project.data / str(year) / f"du-lieu-{year}.xlsx"


class CellSource(Source):
    """Where a value read from a workbook is: a Source whose places are cells."""

    def __init__(self, file: str, cells: dict[tuple, str]):
        super().__init__(file, {k: 1 for k in cells})
        self.cells = cells

    def at(self, *path):
        p = tuple(path)
        while p and p not in self.cells:
            p = p[:-1]
        return Location(self.file, None, self.cells.get(p, ""))


_READ: dict = {}  # workbook path → (mtime, size, (files, where)): read once per run however many files ask


def read_book(path, shown: str):
    """(files, where) of the workbook at *path*, checked as a package; read again only when it changed."""
    stat = path.stat()
    cached = _READ.get(path)
    if cached is None or cached[:2] != (stat.st_mtime_ns, stat.st_size):
        check_package(path, shown, "xlsx", DataError)
        try:
            got = read(path.read_bytes())
        except ValueError as exc:
            raise DataError([Finding(Location(shown), str(exc), "sửa số ở cột «Dòng …» cho đúng dòng của bảng cha")])
        except OldBook as exc:
            where = Location(shown, None, f"{README}!{FORMAT_CELL[1]}")
            older = isinstance(exc.number, int) and 1 <= exc.number < CURRENT[WORKBOOK]
            raise DataError([outdated(where, WORKBOOK, exc.number) if older
                             else too_new(where, WORKBOOK, exc.number)]) from None
        _READ[path] = cached = (stat.st_mtime_ns, stat.st_size, got)
    return cached[2]


def items_of(project, year: int, name: str):
    """(the data the year's workbook holds for file *name*, its cells) or None without a workbook."""
    path = workbook_path(project, year)
    if not present(path):
        return None
    shown = project.show(path)
    files, where = read_book(path, shown)
    if name not in files:
        return None
    return files[name], CellSource(shown, where.get(name, {}))
