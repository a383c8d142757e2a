"""The year's data workbook (data/<year>/du-lieu-<year>.xlsx) as a source of data.

`read` turns the workbook back into each data file's values and names the cell every value
came from; `items_of` gives one file's values to the loader, which takes an item kept only in
the workbook from here. How the sheets are laid out, and written, is in data/sheets.py; the
shape of each file comes from its record type (data/shape.py).

The workbook is input, not instruction. Its «Hướng dẫn» sheet names, for each sheet, the data
file and the table it holds: a file must be one vanban itself writes for that year (never a
path), a table one of that file's; every sheet it names must be there and every sheet there
must be named (a renamed sheet is an error, not a skip). A formula is refused (its value is
shown), every cell is read by the kind of its column (a date from a real date, «15/02/2019»
or «2019-02-15»; a whole number; «có»/«không»; codes separated by «;»), and a value vanban
cannot read, or typed where no column is, is an error naming its cell. Nothing typed is
dropped. The same limits as a YAML file apply, checked as the rows stream in.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from ...errors import DataError, Finding, Location
from ...ooxml.package import check_package
from ...project import present
from ...text import vietnamese as vi
from ..formats import CURRENT, WORKBOOK, outdated, too_new
from ..shape import (ANY, BOOL, CHOICE, DATE, FLOAT, ID, IDS, INT, ISSUE_DATE, ITEM, KEY, LINES, PARENT, QUANTITY,
                     STT, TEXT, Shape, Table, describe)
from . import Source
from .yaml import MAX_VALUES, read_flow

README = "Hướng dẫn"
FORMAT_CELL = ("A3", "B3")        # on the README sheet: «Định dạng sổ» and the workbook's format
FORMAT_TITLE = "Định dạng sổ"
GUIDE_FIRST_ROW = 5               # the guide's rows: sheet | data file | what it holds | table key
GENERAL_KEYS = "C"                # a file's single values: title | value | key
FIRST_ROW = 3                     # a table: titles (row 1), keys (row 2), then the rows
MAX_ROWS = 20_000                 # rows of one sheet: twice a district of 10.000 units
MAX_FINDINGS = 200                # problems listed from one workbook; beyond, a count
SEP = ";"                         # between the codes of a list in one cell (a comma is read as well)
LIST_SUFFIX = "[]"                # a key of a list of plain values where the file's shape says nothing
FLOW_SUFFIX = "*"                 # a key whose cell holds a value written as YAML (nothing else says it)

_KEY = re.compile(r"^[a-z_][a-z0-9_]*(\.[A-Za-z0-9_]+)*(\[\]|\*)?$")
_DMY = re.compile(r"^\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4})\s*$")
_YMD = re.compile(r"^\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*$")
_YM = re.compile(r"^\s*([0-9]{4})-([0-9]{1,2})\s*$")
_MY = re.compile(r"^\s*([0-9]{1,2})\s*/\s*([0-9]{4})\s*$")
_WHOLE = re.compile(r"^\s*([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)\s*$")  # 27, 1.000 (Vietnamese thousands)
YES = {"có", "co", "x", "true", "đúng", "dung", "yes", "1"}
NO = {"không", "khong", "false", "sai", "no", "0"}


@dataclass
class Book:
    """What a workbook holds: each file's values, the cell of each value, and its problems."""

    shown: str = ""                           # the workbook, as the clerk reads its name
    files: dict[str, Any] = field(default_factory=dict)
    where: dict[str, dict[tuple, str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    wrong: set = field(default_factory=set)   # cells already reported: validation says nothing more there
    # (sheet, column of a table or cell of a single item) → (key, the title the clerk reads there)
    titles: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def title_of(self, cell: str) -> tuple[str, str] | None:
        """(key, title) of the table column holding *cell* ('Sheet!C3'), or None."""
        sheet, _, ref = cell.rpartition("!")
        return self.titles.get((sheet, ref)) or self.titles.get((sheet, ref.rstrip("0123456789")))


class OldBook(Exception):
    """A workbook of another format than this release writes."""

    def __init__(self, number):
        self.number = number


class Fatal(Exception):
    """A problem after which the workbook is not read any further."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings


def book_format(wb) -> object:
    """The workbook's format, read first: the number beside «Định dạng sổ» on the README sheet;
    a workbook without it was written by vanban 0.2 (format 1)."""
    if README not in wb.sheetnames:
        return 1
    sheet = wb[README]
    if not str(_value(sheet, FORMAT_CELL[0]) or "").strip().startswith(FORMAT_TITLE):
        return 1
    value = _value(sheet, FORMAT_CELL[1])
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value == int(value) \
        else value


def _value(ws, ref: str):
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

    col, row = coordinate_from_string(ref)
    for cells in ws.iter_rows(min_row=row, max_row=row, min_col=column_index_from_string(col),
                              max_col=column_index_from_string(col)):
        return cells[0].value
    return None


def allowed_files(year: int, models: dict[str, type]) -> dict[str, type]:
    """The data files a workbook of *year* may hold (name relative to data/ → record type): the
    organisation's and the year's files of the declared kinds — what vanban itself writes."""
    out = {}
    for name, model in models.items():
        if model is None:
            continue
        out[name if name == "don-vi.yaml" else f"{year}/{name}"] = model
    return out


# --------------------------------------------------------------------------
# Cells → values


def _text(value) -> str:
    return vi.nfc(str(value).replace("\r\n", "\n").replace("\r", "\n")).strip()


def _date(text: str, issue: bool):
    """A date typed as text → (value, problem or None)."""
    m = _DMY.match(text)
    if m:
        d, mo, y = (int(x) for x in m.groups())
        return _checked_date(text.strip(), y, mo, d)
    m = _YMD.match(text)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        return _checked_date(text.strip(), y, mo, d)
    if issue:
        m = _YM.match(text) or _MY.match(text)
        if m:
            y, mo = (int(m.group(1)), int(m.group(2))) if _YM.match(text) else (int(m.group(2)), int(m.group(1)))
            if not 1 <= mo <= 12:
                return text, f"{text.strip()}: không có tháng {mo}"
            return f"{y}-{mo:02d}", None
        if re.fullmatch(r"\s*[0-9]{4}\s*", text):
            return int(text), None
    return text, f"«{text.strip()}» không phải một ngày"


def _checked_date(shown: str, y: int, mo: int, d: int):
    if not 1900 <= y <= 2200:
        return shown, f"{shown}: năm {y} nằm ngoài 1900–2200"
    if not 1 <= mo <= 12:
        return shown, f"{shown}: không có tháng {mo}"
    try:
        return dt.date(y, mo, d), None
    except ValueError:
        return shown, f"{shown}: tháng {mo} năm {y} không có ngày {d}" if mo == 2 and d == 29 \
            else f"{shown}: tháng {mo} không có ngày {d}"


def convert(value, kind: str, key: str = "") -> tuple[Any, tuple[str, str] | None]:
    """A cell's value read as its column's kind → (value, (problem, hint) or None). A value that
    does not fit is kept as it was typed (the record's check then names it too)."""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) or kind in (DATE, ISSUE_DATE) else value
    if isinstance(value, float) and value.is_integer() and kind != FLOAT:
        value = int(value)
    if isinstance(value, str):
        value = _text(value)
        if not value:
            return None, None
    if key.endswith(LIST_SUFFIX):
        if not isinstance(value, str):
            return [value], None
        return [_plain(x) for x in re.split(r"\s*;\s*", value) if x.strip()], None
    if key.endswith(FLOW_SUFFIX):
        try:
            return read_flow(str(value)), None
        except Exception:  # noqa: BLE001 - said plainly
            return value, (f"«{value}» không đọc được", "sửa lại ô này như vanban đã ghi, hoặc xóa nó")
    if kind in (TEXT, ID, CHOICE):
        if isinstance(value, bool):
            return value, None
        if isinstance(value, (int, float)):
            return str(value), None
        if isinstance(value, dt.date):
            return value.isoformat() if kind != TEXT else f"{value.day:02d}/{value.month:02d}/{value.year}", None
        return value, None
    if kind == INT:
        if isinstance(value, str) and _WHOLE.match(value):
            return int(value.replace(".", "")), None
        return value, None
    if kind == FLOAT:
        if isinstance(value, str):
            try:
                return float(value.replace(",", ".")), None
            except ValueError:
                return value, None
        return value, None
    if kind == BOOL:
        if isinstance(value, bool):
            return value, None
        if isinstance(value, int) and value in (0, 1):
            return bool(value), None
        said = str(value).strip().lower()
        if said in YES:
            return True, None
        if said in NO:
            return False, None
        return value, (f"«{value}» không phải «có» hay «không»", "chọn «có» hoặc «không» (hoặc để trống)")
    if kind in (DATE, ISSUE_DATE):
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date) or isinstance(value, bool):
            return value, None
        if isinstance(value, int):
            if kind == ISSUE_DATE and 1900 <= value <= 2200:
                return value, None
            if 20_000 <= value <= 110_000:  # a date Excel keeps as its day number (a cell formatted as a number)
                return dt.date(1899, 12, 30) + dt.timedelta(days=value), None
            return value, (f"«{value}» không phải một ngày", "gõ ngày dạng 15/02/2019")
        if isinstance(value, str):
            got, problem = _date(value, kind == ISSUE_DATE)
            if problem:
                return value, (problem, "gõ ngày dạng NGÀY/THÁNG/NĂM, ví dụ 15/02/2019"
                               + (" (bản dự thảo: 2019-10 hoặc 2019 khi chưa biết ngày)" if kind == ISSUE_DATE
                                  else ""))
            return got, None
        return value, None
    if kind == QUANTITY:
        return value, None
    if kind == IDS:
        if isinstance(value, str):
            return [x for x in re.split(r"\s*[;,\n]\s*", value) if x], None
        return [str(value) if isinstance(value, (int, float)) else value], None
    if kind == LINES:
        if isinstance(value, str):
            return [line.strip() for line in value.split("\n") if line.strip()], None
        return [str(value)], None
    return value, None  # ANY: as typed


_SPOKEN_PERIODS = {"quy 1": "quy-1", "quy i": "quy-1", "quy mot": "quy-1", "6 thang": "6-thang",
                   "sau thang": "6-thang", "6 thang dau nam": "6-thang", "9 thang": "9-thang",
                   "chin thang": "9-thang", "9 thang dau nam": "9-thang", "nam": "nam", "ca nam": "nam"}


def spoken_period(value):
    """A report period as a clerk types it («6 tháng», «Quý I», «cả năm», «15/08/2019») → its id
    (6-thang, quy-1, nam, ngay-2019-08-15); anything else as it was (the report's check names it)."""
    if not isinstance(value, str):
        return value
    plain = " ".join(vi.ascii_fold(value).lower().replace("-", " ").replace("_", " ").split())
    if plain in _SPOKEN_PERIODS:
        return _SPOKEN_PERIODS[plain]
    m = _DMY.match(value)
    if m:
        d, mo, y = (int(x) for x in m.groups())
        try:
            return f"ngay-{dt.date(y, mo, d).isoformat()}"
        except ValueError:
            return value
    return value


def _plain(text: str):
    """One value of a list the file's shape says nothing about, read as YAML reads a plain value."""
    try:
        got = read_flow(text.strip())
    except Exception:  # noqa: BLE001 - not a plain value: the text
        return text.strip()
    return got if got is None or isinstance(got, (str, int, float, bool, dt.date)) else text.strip()


# --------------------------------------------------------------------------
# Reading


class _Reader:
    def __init__(self, shown: str, year: int, files: dict[str, type]):
        self.shown, self.year, self.allowed = shown, year, files
        self.book = Book(shown)
        self.values: dict[str, int] = {}
        self.formulas: list[tuple[str, int, int, str]] = []  # (sheet, row, column, the formula)
        self.placed: dict[tuple, dict] = {}  # (file, table path) → {STT or id: (record path, record)}

    def at(self, sheet: str, ref: str) -> Location:
        return Location(self.shown, None, f"{sheet}!{ref}")

    def problem(self, sheet: str, ref: str, message: str, hint: str) -> None:
        self.book.findings.append(Finding(self.at(sheet, ref), message, hint))
        self.book.wrong.add(f"{sheet}!{ref}")

    def count(self, file: str, sheet: str, ref: str) -> None:
        n = self.values[file] = self.values.get(file, 0) + 1
        if n > MAX_VALUES:
            raise Fatal([Finding(self.at(sheet, ref), f"sổ có quá {MAX_VALUES:,} giá trị cho tệp {file}".replace(",", "."),
                                 "sổ này không phải dữ liệu vanban bình thường: kiểm tra lại tệp, xóa các dòng thừa")])

    def cell(self, sheet: str, c, column: int, row: int, file: str):
        """The value of a read-only cell; a formula is noted and refused."""
        from openpyxl.utils import get_column_letter

        value = c.value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        ref = f"{get_column_letter(column)}{row}"
        self.count(file, sheet, ref)
        if getattr(c, "data_type", None) == "f":
            self.formulas.append((sheet, row, column, str(value)))
            self.book.wrong.add(f"{sheet}!{ref}")
            return None
        return value

    # -- the guide

    def guide(self, wb) -> list[tuple[str, str, tuple, int]]:
        """(sheet, file, table path, row of the guide) of every sheet the guide names, checked."""
        if README not in wb.sheetnames:
            raise Fatal([Finding(Location(self.shown), f"sổ không có trang «{README}»",
                                 "tạo lại sổ bằng «vanban excel xuat NĂM» (đổi tên sổ cũ trước) và chép số liệu vào")])
        out, seen, named = [], {}, set()
        wb[README].reset_dimensions()
        rows = wb[README].iter_rows(min_row=GUIDE_FIRST_ROW, max_col=6)
        for r, cells in enumerate(rows, GUIDE_FIRST_ROW):
            if r > GUIDE_FIRST_ROW + 500:
                raise Fatal([Finding(self.at(README, f"A{r}"), "trang hướng dẫn quá dài", "tạo lại sổ")])
            values = [c.value for c in cells] + [None] * 6
            sheet, file, _, key = values[0], values[1], values[2], values[3]
            if all(v in (None, "") for v in values[:6]):
                continue
            sheet = _text(sheet) if sheet is not None else ""
            file = _text(file) if file is not None else ""
            if file not in self.allowed:
                self.problem(README, f"B{r}", f"«{file}» không phải một tệp dữ liệu vanban ghi cho năm {self.year}",
                             "không sửa cột «Tệp dữ liệu»; các tệp được phép: " + ", ".join(sorted(self.allowed)))
                continue
            path = tuple(p for p in _text(key or "").split(" › ") if p) if key else ()
            shape = describe(self.allowed[file])
            if path and shape.table(path) is None:
                self.problem(README, f"D{r}", f"«{' › '.join(path)}» không phải một bảng của tệp {file}",
                             "không sửa cột này; tạo lại sổ nếu cần")
                continue
            if (file, path) in seen:
                self.problem(README, f"A{r}", f"bảng này đã có ở dòng {seen[(file, path)]} của trang hướng dẫn",
                             "xóa dòng trùng")
                continue
            seen[(file, path)] = r
            if not sheet or sheet not in wb.sheetnames:
                self.problem(README, f"A{r}", f"không có trang «{sheet}» trong sổ (trang đã bị đổi tên hoặc xóa?)",
                             f"đặt lại tên trang đúng như «{sheet}», hoặc tạo lại sổ; vanban không bỏ qua một trang")
                continue
            if sheet in named:
                self.problem(README, f"A{r}", f"trang «{sheet}» được kể hai lần", "xóa dòng trùng")
                continue
            named.add(sheet)
            out.append((sheet, file, path, r))
        for sheet in wb.sheetnames:
            if sheet != README and sheet not in named:
                self.problem(sheet, "A1", f"trang «{sheet}» không có trong trang «{README}» nên vanban không biết nó "
                             "là bảng nào", "đặt lại tên trang như vanban đã ghi (xem trang hướng dẫn), hoặc xóa trang")
        for file in {f for _, f, _, _ in out}:  # every table of a file: a sheet left out would drop its rows
            listed = {p for _, f, p, _ in out if f == file}
            shape = describe(self.allowed[file])
            for path in [()] + [t.path for t in shape.tables]:
                if path not in listed and (file, path) not in seen:
                    self.problem(README, "A4", f"thiếu trang cho {'bảng «' + ' › '.join(path) + '»' if path else 'các mục đơn lẻ'}"
                                 f" của tệp {file}", "tạo lại sổ bằng «vanban excel xuat NĂM» (đổi tên sổ cũ trước)")
        return out

    # -- a file's single values

    def general(self, ws, sheet: str, file: str, shape: Shape) -> tuple[dict, dict]:
        known = {c.key: c for c in shape.general}
        data: dict = {}
        where: dict[tuple, str] = {(): f"{sheet}!A1"}
        seen: dict[str, int] = {}
        for r, cells in enumerate(ws.iter_rows(min_row=2), 2):
            if r > MAX_ROWS:
                raise Fatal([Finding(self.at(sheet, f"A{r}"), f"trang có quá {MAX_ROWS:,} dòng".replace(",", "."),
                                     "xóa các dòng thừa")])
            values = [self.cell(sheet, c, i, r, file) for i, c in enumerate(cells, 1)]
            values += [None] * (3 - len(values))
            value, key = values[1], values[2]
            for i, extra in enumerate(values[3:], 4):
                if extra is not None:
                    self._outside(sheet, i, r)
            if key is None:
                if value is not None:
                    self.problem(sheet, f"B{r}", f"ô có giá trị «{value}» nhưng dòng không có tên mục (cột "
                                 f"{GENERAL_KEYS})", "ghi giá trị vào dòng của mục đó; không xóa cột tên mục")
                continue
            key = _text(key)
            if not _KEY.match(key):
                self.problem(sheet, f"C{r}", f"tên mục «{key}» không hợp lệ", "không sửa cột tên mục; tạo lại sổ nếu cần")
                continue
            if key in seen:
                self.problem(sheet, f"C{r}", f"mục «{key}» đã có ở dòng {seen[key]}", "gộp hai dòng làm một")
                continue
            seen[key] = r
            plain = key.removesuffix(LIST_SUFFIX).removesuffix(FLOW_SUFFIX)
            path = tuple(plain.split("."))
            where[path] = f"{sheet}!B{r}"
            if values[0] is not None and _text(values[0]):
                self.book.titles[(sheet, f"B{r}")] = (key, _text(values[0]))
            if value is None:
                continue
            column = known.get(plain)
            got, problem = convert(value, column.kind if column else ANY, key)
            if problem:
                self.problem(sheet, f"B{r}", *problem)
            _put(data, path, got)
        return data, where

    def _outside(self, sheet: str, column: int, row: int) -> None:
        from openpyxl.utils import get_column_letter

        ref = f"{get_column_letter(column)}{row}"
        self.problem(sheet, ref, "ô nằm ngoài bảng (cột không có tên mục ở dòng 2) nên vanban không đọc được",
                     "chuyển giá trị vào đúng cột của bảng, hoặc xóa ô này")

    # -- a table

    def table(self, ws, sheet: str, file: str, table: Table) -> tuple[list, int]:
        """The rows of a table: [(row, values by key, cell by key)], and the number of its columns."""
        from openpyxl.utils import get_column_letter

        rows = ws.iter_rows(min_row=1)
        head = tuple(next(rows, ()))
        keys_row = next(rows, ())
        keys: list[str | None] = []
        allowed = {c.key for c in table.columns}
        seen: dict[str, str] = {}
        for i, c in enumerate(keys_row, 1):
            ref = f"{get_column_letter(i)}2"
            key = _text(c.value) if c.value is not None else ""
            if not key:
                keys.append(None)
                continue
            special = ((key == STT and table.has_children) or (key == KEY and table.by_id)
                       or (table.parent is not None and key == PARENT + table.parent.path[-1])
                       or (key == ITEM and (table.plain or table.bare_id)))
            if not special and not (_KEY.match(key) or key in allowed):
                self.problem(sheet, ref, f"tên mục «{key}» không hợp lệ ở dòng 2",
                             "không sửa dòng 2 (tên mục vanban đọc); tạo lại sổ nếu cần")
                keys.append(None)
                continue
            if key in seen:
                self.problem(sheet, ref, f"cột «{key}» đã có ở ô {seen[key]}", "xóa cột trùng")
                keys.append(None)
                continue
            seen[key] = ref
            keys.append(key)
            title = head[i - 1].value if i <= len(head) else None
            if title is not None and _text(title):
                self.book.titles[(sheet, get_column_letter(i))] = (key, _text(title))
        del head
        if table.by_id and KEY not in seen:
            self.problem(sheet, "A2", "bảng thiếu cột mã", "tạo lại sổ bằng «vanban excel xuat NĂM»")
        out = []
        for r, cells in enumerate(rows, FIRST_ROW):
            if r > MAX_ROWS + FIRST_ROW:
                raise Fatal([Finding(self.at(sheet, f"A{r}"), f"trang có quá {MAX_ROWS:,} dòng".replace(",", "."),
                                     "sổ này không phải dữ liệu vanban bình thường: xóa các dòng thừa")])
            values: dict[str, Any] = {}
            refs: dict[str, str] = {}
            typed = False
            for i, c in enumerate(cells, 1):
                value = self.cell(sheet, c, i, r, file)
                key = keys[i - 1] if i <= len(keys) else None
                ref = f"{get_column_letter(i)}{r}"
                if key is not None:
                    refs[key] = ref
                if value is None:
                    typed = typed or f"{sheet}!{ref}" in self.book.wrong
                    continue
                typed = True
                if key is None:
                    self._outside(sheet, i, r)
                    continue
                values[key] = value
            if typed:
                for key in keys:
                    if key is not None and key not in refs:
                        refs[key] = f"{get_column_letter(keys.index(key) + 1)}{r}"
                out.append((r, values, refs))
        return out, len(keys)


def _put(data: dict, path: tuple, value) -> None:
    target = data
    for p in path[:-1]:
        nxt = target.get(p)
        if not isinstance(nxt, dict):
            nxt = target[p] = {}
        target = nxt
    target[path[-1]] = value


def _get(data, key: str):
    for p in key.split("."):
        if not isinstance(data, dict) or p not in data:
            return None
        data = data[p]
    return data


def read(data: bytes, shown: str, year: int, models: dict[str, type]) -> Book:
    """Every file the workbook holds, its cells, and every problem (sheet!cell) of it."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - not an xlsx, or damaged inside
        raise Fatal([Finding(Location(shown), "không đọc được sổ Excel: nội dung bên trong bị hỏng",
                             "mở tệp bằng Excel và lưu lại dạng .xlsx")]) from None
    try:
        number = book_format(wb)
        if number != CURRENT[WORKBOOK]:
            raise OldBook(number)
        reader = _Reader(shown, year, allowed_files(year, models))
        listed = reader.guide(wb)
        tables: list[tuple[str, str, Table, list]] = []
        for sheet, file, path, _ in listed:
            shape = describe(reader.allowed[file])
            ws = wb[sheet]
            ws.reset_dimensions()  # every row and column there is read, whatever size the sheet says it has
            if not path:
                data_, where = reader.general(ws, sheet, file, shape)
                reader.book.files.setdefault(file, {}).update(data_)
                reader.book.where.setdefault(file, {}).update(where)
            else:
                rows, _ = reader.table(ws, sheet, file, shape.table(path))
                tables.append((sheet, file, shape.table(path), rows))
            if len(reader.book.findings) > MAX_FINDINGS:
                break
        for sheet, file, table, rows in sorted(tables, key=lambda t: len(t[2].path)):
            _assemble(reader, sheet, file, table, rows)
        if reader.formulas:
            _formulas(reader, data)
    finally:
        wb.close()
    return reader.book


def _formulas(reader: _Reader, data: bytes) -> None:
    """A formula is refused, with the value the workbook last showed for it."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    shown: dict[tuple, Any] = {}
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        wanted: dict[str, set] = {}
        for sheet, row, column, _ in reader.formulas:
            wanted.setdefault(sheet, set()).add((row, column))
        for sheet, cells in wanted.items():
            low, high = min(r for r, _ in cells), max(r for r, _ in cells)
            for r, row in enumerate(wb[sheet].iter_rows(min_row=low, max_row=high), low):
                for c, cell in enumerate(row, 1):
                    if (r, c) in cells:
                        shown[(sheet, r, c)] = cell.value
        wb.close()
    except Exception:  # noqa: BLE001 - the value is only a help
        pass
    for sheet, row, column, formula in reader.formulas[:MAX_FINDINGS]:
        ref = f"{get_column_letter(column)}{row}"
        value = shown.get((sheet, row, column))
        cached = (f"; sổ đang hiện «{value}» — nếu đúng, gõ thẳng giá trị này (hoặc chép ô rồi Dán đặc biệt › "
                  "Chỉ giá trị)") if value not in (None, "") else ""
        reader.book.findings.append(Finding(reader.at(sheet, ref), f"ô {sheet}!{ref} là công thức ({formula[:60]}); "
                                            "vanban không tính công thức", "gõ giá trị vào ô" + cached))


def _assemble(reader: _Reader, sheet: str, file: str, table: Table, rows: list) -> None:
    """Each row of a table as a record, under its parent row; the cells of its values."""
    root = reader.book.files.setdefault(file, {})
    where = reader.book.where.setdefault(file, {})
    kinds = {c.key: c.kind for c in table.columns}
    parent_key = PARENT + table.parent.path[-1] if table.parent is not None else None
    placed = reader.placed
    if table.parent is None:
        where.setdefault(tuple(table.path[0].split(".")), f"{sheet}!A{FIRST_ROW}")
    mine: dict = {}
    counts: dict = {}  # (container, id) → the row that gave it
    for position, (r, values, refs) in enumerate(rows, 1):
        # the parent row
        if table.parent is None:
            base, holder_root = (), root
        else:
            above = placed.get((file, table.parent.path), {})
            ref = values.get(parent_key)
            if ref is None and len(above) == 1:
                ref = next(iter(above))
            if isinstance(ref, float) and ref.is_integer():
                ref = int(ref)
            if isinstance(ref, str) and ref.strip().isdigit() and not table.parent.by_id:
                ref = int(ref)
            if ref not in above:
                cell = refs.get(parent_key, f"A{r}")
                what = "mã" if table.parent.by_id else "STT"
                reader.problem(sheet, cell, (f"dòng {r} không nói thuộc dòng nào của bảng cha" if ref is None else
                                             f"«{ref}» không phải {what} của một dòng trong bảng cha"),
                               f"ghi {what} của dòng cha ({', '.join(str(k) for k in list(above)[:10]) or 'bảng cha chưa có dòng nào'})")
                continue
            base, holder_root = above[ref]
        key = table.path[-1]
        # the record
        record: Any = {}
        at: dict[tuple, str] = {}
        for k, value in values.items():
            if k in (STT, KEY, ITEM) or k == parent_key:
                continue
            got, problem = convert(value, kinds.get(k.removesuffix(LIST_SUFFIX).removesuffix(FLOW_SUFFIX), ANY), k)
            if problem:
                reader.problem(sheet, refs[k], *problem)
            plain = k.removesuffix(LIST_SUFFIX).removesuffix(FLOW_SUFFIX)
            _put(record, tuple(plain.split(".")), got)
        for k, ref in refs.items():
            if k not in (STT, KEY, ITEM) and k != parent_key:
                at[tuple(k.removesuffix(LIST_SUFFIX).removesuffix(FLOW_SUFFIX).split("."))] = f"{sheet}!{ref}"
        if ITEM in values:
            got, problem = convert(values[ITEM], kinds.get(ITEM, ANY), ITEM)
            if problem:
                reader.problem(sheet, refs[ITEM], *problem)
            if record:
                reader.problem(sheet, refs[ITEM], "dòng vừa có giá trị đơn vừa có các mục của một bản ghi",
                               "để trống một trong hai")
            record = got
        elif table.bare_id and set(record) == {"id"} and isinstance(record["id"], str):
            record = record["id"]  # a line of Nơi nhận that is only a code
        # where it goes
        holder = holder_root
        parts = key.split(".")
        for p in parts[:-1]:
            nxt = holder.get(p)
            if not isinstance(nxt, dict):
                nxt = holder[p] = {}
            holder = nxt
        container = holder.get(parts[-1])
        if table.by_id:
            if not isinstance(container, dict):
                container = holder[parts[-1]] = {}
            ident = values.get(KEY)
            if ident is None:
                reader.problem(sheet, refs.get(KEY, f"A{r}"), "dòng thiếu mã", "ghi mã ở cột đầu, hoặc xóa cả dòng")
                continue
            ident, _ = convert(ident, ID)
            if table.path == ("ky",):
                ident = spoken_period(ident)
            if ident in container:
                reader.problem(sheet, refs.get(KEY, f"A{r}"), f"mã «{ident}» đã có ở dòng "
                               f"{counts.get((id(container), ident), '?')}", "mỗi mã một dòng: gộp hoặc xóa dòng trùng")
                continue
            counts[(id(container), ident)] = r
            container[ident] = record
            own = (*base, *parts, ident)
            where[own] = f"{sheet}!{refs.get(KEY, f'A{r}')}"
            mine[ident] = (own, record)
        else:
            if not isinstance(container, list):
                container = holder[parts[-1]] = []
            container.append(record)
            own = (*base, *parts, len(container) - 1)
            first = next((refs[k] for k in refs if k not in (STT, KEY) and k != parent_key), f"A{r}")
            where[own] = f"{sheet}!{first}"
            number = values.get(STT, position)
            if isinstance(number, float) and number.is_integer():
                number = int(number)
            if isinstance(number, str) and number.strip().isdigit():
                number = int(number)
            if table.has_children:
                if number in mine:
                    reader.problem(sheet, refs.get(STT, f"A{r}"), f"STT {number} đã có ở một dòng trên",
                                   "mỗi dòng một STT riêng")
                    continue
                mine[number] = (own, record)
        for sub, ref in at.items():
            where[own + sub] = ref
    placed[(file, table.path)] = mine


# --------------------------------------------------------------------------
# The workbook of a year


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


_READ: dict = {}  # workbook path → (mtime, size, models, Book): read once per run however many files ask


def read_book(path, shown: str, year: int, models: dict[str, type]) -> Book:
    """The workbook at *path*, checked as a package and read; read again only when it changed.
    A workbook that cannot be read at all, or of another format, raises; its cells' problems are
    in the Book's findings."""
    stat = path.stat()
    key = tuple(sorted((k, getattr(v, "__name__", str(v))) for k, v in models.items()))
    cached = _READ.get(path)
    if cached is None or cached[:3] != (stat.st_mtime_ns, stat.st_size, key):
        check_package(path, shown, "xlsx", DataError)
        try:
            got = read(path.read_bytes(), shown, year, models)
        except Fatal as exc:
            raise DataError(exc.findings) from None
        except OldBook as exc:
            where = Location(shown, None, f"{README}!{FORMAT_CELL[1]}")
            older = isinstance(exc.number, int) and 1 <= exc.number < CURRENT[WORKBOOK]
            raise DataError([outdated(where, WORKBOOK, exc.number) if older
                             else too_new(where, WORKBOOK, exc.number)]) from None
        _READ[path] = cached = (stat.st_mtime_ns, stat.st_size, key, got)
    return cached[3]


def items_of(project, year: int, name: str, models: dict[str, type] | None):
    """(the data the year's workbook holds for file *name*, its cells) or None without a workbook.
    A workbook with a problem in any cell is refused as a whole (every problem named)."""
    path = workbook_path(project, year)
    if not present(path):
        return None
    shown = project.show(path)
    book = read_book(path, shown, year, models or {})
    if book.findings:
        raise DataError(book.findings)
    if name not in book.files:
        return None
    return book.files[name], CellSource(shown, book.where.get(name, {}))
