"""The data workbook of vanban 0.2 (format 1), read for `vanban nang-cap` only.

Format 1 laid a file out from the values it held: a column title carried its key in brackets
(`Tên [ten]`), a short list was a cell `a; b`, an empty group a cell `{}`. Its reader dropped
what was typed into a `{}` cell; this one reads such a cell as the group it was meant to be
(`{6-thang: {ngay: 2019-06-20}}`) and refuses, naming the cell, what it cannot read, so the
upgrade to format 2 loses nothing the clerk typed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from ...errors import Finding, Location
from ...text import vietnamese as vi
from .yaml import read_flow

SEP = "; "          # between the values of a short list in one cell
LISTS = " | "       # between the lists of a list of lists
PARENT = "#"        # a child sheet's column naming its parent row: '#chi_tieu'
ITEM = "="          # the column of a list's plain items
KEY = "(mã)"        # the id column of a group of records by id
README = "Hướng dẫn"
EMPTY_TEXT = '""'
EMPTY_LIST = "[]"
EMPTY_GROUP = "{}"


def _key(title) -> str | None:
    m = re.search(r"\[([^\[\]]*(?:\[\])*(?:\{\})?)\]\s*$", str(title or ""))
    return m.group(1) if m else None


def _yaml_value(text: str):
    """*text* as YAML reads a value (a plain value, or a group or list written in brackets)."""
    text = text.strip()
    if not text:
        return None
    return read_flow(text)


def _scalar_of(text: str):
    try:
        return _yaml_value(text)
    except Exception:  # noqa: BLE001 - not a plain value: keep the text
        return text.strip() or None


def _cell_value(v):
    if isinstance(v, dt.datetime) and v.time() == dt.time(0):
        return v.date()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        return vi.nfc(v).strip() if v.strip() else None
    return v


class Unreadable(Exception):
    """A cell of a format-1 workbook that holds what that format cannot say."""

    def __init__(self, ref: str, text: str):
        self.ref, self.text = ref, text


def _set(row_data: dict, key: str, value, ref: str) -> None:
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
        key = key[:-2]
        if value != EMPTY_GROUP:  # typed into an empty group: read it as the group it says
            try:
                value = _yaml_value(str(value))
            except Exception:  # noqa: BLE001 - said plainly below
                raise Unreadable(ref, str(value)) from None
            if not isinstance(value, dict):
                raise Unreadable(ref, str(value))
        else:
            value = {}
    elif value == EMPTY_TEXT:
        value = ""
    parts = key.split(".")
    target = row_data
    for p in parts[:-1]:
        target = target.setdefault(p, {})
    target[parts[-1]] = value


def read(data: bytes, shown: str) -> tuple[dict[str, Any], list[Finding]]:
    """(file → its YAML data, problems) of a format-1 workbook."""
    from openpyxl import load_workbook  # start-up time: openpyxl only for a workbook to upgrade
    from openpyxl.utils import get_column_letter

    wb = load_workbook(io.BytesIO(data), data_only=True)
    files: dict[str, Any] = {}
    problems: list[Finding] = []
    sheet_files: dict[str, tuple[str, tuple]] = {}
    if README in wb.sheetnames:
        for r in wb[README].iter_rows(min_row=5, values_only=True):
            if r and r[0] and r[1]:
                path = () if str(r[2] or "").startswith("các mục") else tuple(str(r[2]).split(" › "))
                sheet_files[str(r[0])] = (str(r[1]), path)

    def unreadable(exc: Unreadable) -> None:
        problems.append(Finding(Location(shown, None, exc.ref), f"ô ghi «{exc.text}» nhưng không đọc được thành "
                                "một nhóm mục", "sửa ô này (ví dụ «{6-thang: {ngay: 2019-06-20}}») hoặc xóa nó, rồi "
                                "chạy lại «vanban nang-cap»"))

    tables = []
    for name in wb.sheetnames:
        if name not in sheet_files:
            continue
        file, path = sheet_files[name]
        ws = wb[name]
        root = files.setdefault(file, {})
        if not path:
            for r, (title, value) in enumerate(ws.iter_rows(min_row=2, max_col=2, values_only=True), 2):
                key = _key(title)
                if key:
                    try:
                        _set(root, key, _cell_value(value), f"{name}!B{r}")
                    except Unreadable as exc:
                        unreadable(exc)
            continue
        header = [_key(c.value) for c in ws[1]]
        records = []
        for r, values in enumerate(ws.iter_rows(min_row=2, values_only=True), 2):
            if all(v in (None, "") for v in values):
                continue
            record: dict = {}
            plain, parents, key_id = None, [], None
            for c, (key, value) in enumerate(zip(header, values), 1):
                if key is None:
                    continue
                value = _cell_value(value)
                if key.startswith(PARENT):
                    parents.append(value)
                elif key == KEY:
                    key_id = value
                elif key == ITEM:
                    plain = "" if value == EMPTY_TEXT else value
                elif key == "[]":
                    plain = [] if value is None else [_scalar_of(x) for x in str(value).split(SEP.strip())]
                else:
                    try:
                        _set(record, key, value, f"{name}!{get_column_letter(c)}{r}")
                    except Unreadable as exc:
                        unreadable(exc)
            records.append((parents, key_id, plain if plain is not None and not record else record, f"{name}!A{r}"))
        tables.append((file, path, records))
    placed: dict[tuple, list] = {}
    for file, path, records in sorted(tables, key=lambda t: len(t[1])):
        root = files[file]
        placed[(file, path)] = []
        for parents, key_id, item, ref in records:
            target = root
            for depth in range(len(path) - 1):
                above = placed.get((file, path[:depth + 1]), [])
                n = parents[depth] if depth < len(parents) else None
                if not isinstance(n, int) or not 1 <= n <= len(above):
                    problems.append(Finding(Location(shown, None, ref), f"dòng cha {n!r} không có trong trang của "
                                            f"«{path[depth]}»", "sửa số ở cột «Dòng …» rồi chạy lại «vanban nang-cap»"))
                    target = None
                    break
                target = above[n - 1]
            if target is None:
                continue
            holder = target
            parts = path[-1].split(".")
            for p in parts[:-1]:
                holder = holder.setdefault(p, {})
            holder = holder.setdefault(parts[-1], {} if key_id is not None else [])
            if key_id is not None and isinstance(holder, dict):
                holder[key_id] = item
            elif isinstance(holder, list):
                holder.append(item)
            placed[(file, path)].append(item)
    return files, problems
