"""All the data of a year in one Excel workbook, and back to YAML.

`vanban excel xuat NĂM` writes don-vi.yaml and the year's files (the plan, the
letters, the reports…; progress has its own workbook) into one workbook;
`vanban excel nhap NĂM` turns the workbook back into those YAML files.

The sheets come from the shape of the data, not from a list kept here, so a
field added to the data model appears in the workbook by itself:

- a file's single values are one sheet, «Mục | Giá trị», one row a value;
- each list of records is a sheet of its own, one row a record (a value that
  is itself a group of values gets columns `nhóm.mục`), and a list inside a
  record is a sheet naming its parent row in a `#…` column;
- a group of records by id (`loai_don_vi: {ap: {…}}`) is a sheet with the id
  in its first column;
- a short list of plain values (`[a, b]`) is one cell, `a; b`.

Every column title is Vietnamese with the data's key in brackets, `Tên [ten]`:
the key is what is read back. A column whose values are ids of another sheet
gets a drop-down of those ids. Cells keep their types (numbers, dates, text).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import DataError, Finding, Location, OutputProblem
from ..output import write_all
from ..project import Project
from ..text.problems import text_problem
from . import formats
from .sources.workbook import (EMPTY_GROUP, EMPTY_LIST, EMPTY_TEXT, FORMAT_TITLE, GENERAL, ITEM, KEY,
                               LISTS, PARENT, README, SEP, VALUE, CellSource, read_book, workbook_path)
from .sources.yaml import read_yaml
from .validate import restyle, validate

SKIP = {"tien-do.yaml"}  # progress has its own workbook (vanban mau-excel tien-do)
TITLES = {  # the data's keys as the clerk reads them
    "id": "Mã", "ten": "Tên", "loai": "Loại", "ten_ngan": "Tên ngắn", "tien_to": "Tiền tố", "viet_tat": "Viết tắt",
    "goi_tat": "Gọi tắt", "so": "Số", "ngay": "Ngày", "trich_yeu": "Trích yếu", "nguoi_ky": "Người ký",
    "chuc_vu": "Chức vụ", "ho_ten": "Họ tên", "quyen_han": "Quyền hạn", "kieu": "Kiểu", "don_vi": "Đơn vị",
    "so_luong": "Số lượng", "tong_so": "Tổng số", "phan_bo": "Phân bổ", "chi_tieu": "Chỉ tiêu",
    "phan_cong": "Phân công", "chu_tri": "Chủ trì", "phoi_hop": "Phối hợp", "it_nhat": "Ít nhất",
    "doi_tuong": "Đối tượng", "danh_xung": "Danh xưng", "noi_nhan": "Nơi nhận", "ghi_chu": "Ghi chú",
    "han_bao_cao": "Hạn báo cáo", "ky": "Kỳ", "han": "Hạn", "van_ban": "Văn bản", "can_cu": "Căn cứ",
    "nhiem_ky": "Nhiệm kỳ", "bat_dau": "Bắt đầu", "cap_tren": "Cấp trên", "co_quan": "Cơ quan",
    "dia_danh": "Địa danh", "doan_the": "Đoàn thể", "loai_don_vi": "Loại đơn vị", "loai_doan_the": "Loại đoàn thể",
    "loai_chi_tieu": "Loại chỉ tiêu", "giai_doan": "Giai đoạn", "so_ban": "Số bản", "luu_so_ban": "Số bản lưu",
    "so_bat_dau": "Số bắt đầu", "ghi_chu_nhan": "Ghi chú nơi nhận", "quy_tac": "Quy tắc", "kieu_dau": "Kiểu dấu",
    "don_vi_tinh": "Đơn vị tính", "do_bang": "Đo bằng", "tieu_de": "Tiêu đề", "thuoc": "Thuộc", "nhom": "Nhóm",
    "hien_so": "Hiện số", "so_thanh_vien": "Số thành viên", "cong_don": "Cộng dồn", "nam": "Năm",
    "khong_phan_bo": "Không phân bổ", "quan_triet": "Quán triệt", "dau_cuoi_noi_nhan": "Dấu cuối nơi nhận",
    "dinh_dang": "Định dạng dữ liệu",
}


def _is_scalar(v) -> bool:
    return v is None or isinstance(v, (str, int, float, bool, dt.date))


def _title(key: str) -> str:
    """'Tên [ten]', 'Quyền hạn · Kiểu [quyen_han.kieu]', '# Chỉ tiêu [#chi_tieu]'."""
    words = []
    for part in re.split(r"[.#]", key.replace("[]", "").replace("{}", "")):
        if part:
            words.append(TITLES.get(part, part.replace("_", " ")))
    shown = " · ".join(words) or {ITEM: "Giá trị", KEY: "Mã"}.get(key, key)
    return f"{'Dòng ' if key.startswith(PARENT) else ''}{shown} [{key}]"


@dataclass
class Sheet:
    name: str                    # the sheet's title
    file: str                    # data file, relative to data/
    path: tuple                  # where its rows are in the file: ('chi_tieu', 'phan_bo')
    parents: list[str]           # the '#…' columns naming the parent rows
    by_id: bool = False          # a group of records by id: the id is the first column
    columns: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------
# YAML data → sheets


def _record(value: dict, prefix: str, sheet: Sheet, row: dict, children, at: tuple) -> None:
    for k, v in value.items():
        name = f"{prefix}{k}"
        if _is_scalar(v):
            row[name] = EMPTY_TEXT if v == "" else v
        elif isinstance(v, dict) and not v:
            row[name + "{}"] = EMPTY_GROUP
        elif isinstance(v, dict) and all(isinstance(x, dict) for x in v.values()):
            children.append((name, v, at))
        elif isinstance(v, dict):
            _record(v, f"{name}.", sheet, row, children, at)
        elif not v:
            row[name + "[]"] = EMPTY_LIST
        elif all(_is_scalar(x) for x in v):
            row[name + "[]"] = SEP.join(_text(x) for x in v)
        elif all(isinstance(x, list) and all(_is_scalar(y) for y in x) for x in v):
            row[name + "[][]"] = LISTS.join(SEP.join(_text(y) for y in x) for x in v)
        else:
            children.append((name, v, at))
    for name in row:
        if name not in sheet.columns:
            sheet.columns.append(name)


def _text(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    return "" if v is None else str(v)


def to_sheets(files: dict[str, Any]) -> list[Sheet]:
    """Sheets of every file's data (file name → its YAML data, a mapping)."""
    sheets: list[Sheet] = []
    for file, data in files.items():
        stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        general = Sheet(_sheet_name(stem, (), sheets), file, (), [])
        sheets.append(general)
        row: dict = {}
        todo: list = []
        _record(data or {}, "", general, row, todo, ())
        general.rows.append(row)
        while todo:
            name, value, at = todo.pop(0)
            path = tuple(p for p, _ in at) + (name,)
            parents = [f"{PARENT}{p}" for p, _ in at]
            sheet = next((s for s in sheets if s.file == file and s.path == path), None)
            if sheet is None:
                sheet = Sheet(_sheet_name(stem, path, sheets), file, path, parents,
                              by_id=isinstance(value, dict))
                sheets.append(sheet)
            items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
            for index, item in items:
                r = {f"{PARENT}{p}": i + 1 for p, i in at}
                for col in r:
                    if col not in sheet.columns:
                        sheet.columns.append(col)
                if sheet.by_id:
                    r[KEY] = index
                    if KEY not in sheet.columns:
                        sheet.columns.insert(len(parents), KEY)
                here = at + ((name, len(sheet.rows)),)  # the row this record has in its sheet
                if _is_scalar(item):
                    r[ITEM] = EMPTY_TEXT if item == "" else item
                    if ITEM not in sheet.columns:
                        sheet.columns.append(ITEM)
                elif isinstance(item, list):
                    r["[]"] = SEP.join(_text(x) for x in item)
                    if "[]" not in sheet.columns:
                        sheet.columns.append("[]")
                else:
                    _record(item, "", sheet, r, todo, here)
                sheet.rows.append(r)
    return sheets


def _sheet_name(stem: str, path: tuple, sheets: list[Sheet]) -> str:
    name = f"{stem} {'.'.join(path)}".strip()
    name = re.sub(r"[\[\]:*?/\\]", "", name)[:31]
    base, n = name, 2
    while any(s.name == name for s in sheets):
        name = f"{base[:28]} {n}"
        n += 1
    return name


# --------------------------------------------------------------------------
# Sheets → workbook


def write(sheets: list[Sheet], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    guide = wb.active
    guide.title = README
    guide.append([title])
    guide.append(["Mỗi trang là một bảng của dữ liệu. Sửa, thêm hoặc xóa dòng rồi lưu tệp; sau đó chạy "
                  "«vanban excel nhap NĂM» để ghi lại các tệp YAML. Không sửa dòng tiêu đề (dòng 1): chữ trong "
                  "ngoặc vuông là tên mục vanban đọc. Ô «a; b» là một danh sách. Cột «Dòng …» ghi số thứ tự dòng "
                  "của bảng cha (bảng cùng tên, bỏ phần cuối)."])
    guide.append([FORMAT_TITLE, formats.CURRENT[formats.WORKBOOK]])  # row 3 (FORMAT_CELL): read first
    guide.append(["Trang", "Tệp dữ liệu", "Nội dung"])
    for s in sheets:
        guide.append([s.name, s.file, " › ".join(s.path) or "các mục đơn lẻ của tệp"])
    guide.column_dimensions["A"].width = 32
    guide.column_dimensions["B"].width = 22
    guide.column_dimensions["C"].width = 60
    guide["A1"].font = Font(bold=True, size=13)

    ids: dict[str, tuple[str, str, set]] = {}  # id column → (sheet, column letter, values)
    made = []
    for s in sheets:
        ws = wb.create_sheet(s.name)
        made.append((s, ws))
        head = Font(bold=True)
        fill = PatternFill("solid", fgColor="DDEBF7")
        if not s.path:  # single values: one row each
            ws.append([GENERAL, VALUE])
            for col in s.columns:
                ws.append([_title(col), s.rows[0].get(col)])
            ws.column_dimensions["A"].width = 45
            ws.column_dimensions["B"].width = 60
            width = 2
        else:
            ws.append([_title(c) for c in s.columns])
            for r in s.rows:
                ws.append([r.get(c) for c in s.columns])
            width = len(s.columns)
            for i, c in enumerate(s.columns, 1):
                letter = get_column_letter(i)
                ws.column_dimensions[letter].width = max(12, min(45, max(
                    [len(_title(c)) // 2 + 4] + [len(_text(r.get(c))) + 2 for r in s.rows])))
                values = {r.get(c) for r in s.rows if r.get(c) not in (None, "")}
                if c in ("id", KEY) and values and all(isinstance(v, str) for v in values):
                    ids[f"{s.name}.{c}"] = (s.name, letter, values)
        for i in range(1, width + 1):
            cell = ws.cell(1, i)
            cell.font, cell.fill = head, fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in ws.iter_rows(min_row=2, max_row=max(ws.max_row, 2) + 200, max_col=width):
            for cell in row:
                cell.protection = Protection(locked=False)
                if isinstance(cell.value, str):
                    cell.number_format = "@"  # text stays text ('02' is not the number 2)
        ws.row_dimensions[1].height = 32  # two lines: the title and the key in brackets
        ws.freeze_panes = "A2"
        # the heading row is locked; rows can be added, removed, sorted and filtered
        ws.protection.sheet = True
        ws.protection.insertRows = ws.protection.deleteRows = False
        ws.protection.formatColumns = ws.protection.sort = ws.protection.autoFilter = False

    # a column whose values are all ids of another sheet gets a drop-down of those ids
    for s, ws in made:
        if not s.path:
            continue
        for i, c in enumerate(s.columns, 1):
            values = {r.get(c) for r in s.rows if r.get(c) not in (None, "")}
            if not values or c in ("id", KEY) or c.startswith(PARENT) or not all(isinstance(v, str) for v in values):
                continue
            source = next((v for k, v in ids.items() if v[0] != s.name and values <= v[2]), None)
            if source is None:
                continue
            sheet_name, letter, _ = source
            dv = DataValidation(type="list", formula1=f"'{sheet_name}'!${letter}$2:${letter}$1000", allow_blank=True,
                                showErrorMessage=True, errorTitle="Mã không có",
                                error=f"Chọn một mã có trong trang «{sheet_name}».")
            ws.add_data_validation(dv)
            col = get_column_letter(i)
            dv.add(f"{col}2:{col}{ws.max_row + 200}")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------
# A project's year: export, import


def year_files(project: Project, year: int) -> dict[str, Any]:
    """The organisation's and the year's data files (name relative to data/ → path)."""
    out = {"don-vi.yaml": project.data / "don-vi.yaml"}
    folder = project.data / str(year)
    for f in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if f.name not in SKIP:
            out[f"{year}/{f.name}"] = f
    return out


def export(project: Project, year: int):
    """data/<year>/du-lieu-<year>.xlsx from the YAML files; never over an existing workbook."""
    target = workbook_path(project, year)
    if target.exists():
        raise OutputProblem([Finding(Location(project.show(target)), "tệp đã có, vanban không ghi đè",
                                     f"sửa thẳng tệp này rồi chạy «vanban excel nhap {year}», hoặc đổi tên tệp cũ")])
    files = year_files(project, year)
    if len(files) == 1:
        raise DataError([Finding(Location(project.show(project.data / str(year))), f"chưa có dữ liệu năm {year}",
                                 f"tạo năm mới bằng «vanban nam-moi {year}»")])
    data, problems = {}, []
    for name, path in files.items():
        try:
            data[name] = read_yaml(path, project.show(path))[0]
        except DataError as exc:
            problems += exc.findings
    if problems:
        raise DataError(problems)
    book = write(to_sheets(data), f"Dữ liệu năm {year} — vanban")
    write_all({target: book}, project.show)
    return target


def import_(project: Project, year: int, models: dict[str, type]) -> list:
    """The YAML files of the organisation and the year from the workbook. Every value is
    checked as the YAML would be (*models*: a data file's name → the record it holds), each
    mistake named by its sheet and cell; nothing is written unless all are right. Returns the
    files written."""
    path = workbook_path(project, year)
    shown = project.show(path)
    if not path.is_file():
        raise DataError([Finding(Location(shown), "không tìm thấy sổ dữ liệu",
                                 f"tạo sổ bằng «vanban excel xuat {year}»")])
    files, where = read_book(path, shown)
    findings = []
    style = (files.get("don-vi.yaml") or {}).get("kieu_dau", "moi")
    out = {}
    for name, data in files.items():
        src = CellSource(shown, where.get(name, {}))
        for p, value in _texts(data):
            problem = text_problem(value)
            if problem:
                findings.append(Finding(src.at(*p), *problem))
        model = models.get(name.rsplit("/", 1)[-1])
        if model is not None:
            try:
                validate(model, restyle(formats.strip(data), style), src)
            except DataError as exc:
                findings += exc.findings
        out[project.data / name] = dump(data, name, year)
    if findings:
        raise DataError(findings)
    return write_all(out, project.show)


def _texts(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, path + (i,))
    elif isinstance(value, str):
        yield path, value


def _flow(value):
    """Short lists of plain values on one line, as people write them: [a, b]."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _flow(v)
        if value and all(_is_scalar(v) for v in value.values()) and len(value) <= 4:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        out = CommentedSeq(_flow(v) for v in value)
        if all(_is_scalar(v) for v in value):
            out.fa.set_flow_style()
        return out
    return value


def dump(data: dict, name: str, year: int) -> bytes:
    """YAML text of *data*, each top-level item under a comment saying what it is."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    doc = CommentedMap()
    doc[formats.VERSION_KEY] = formats.CURRENT[formats.DATA]  # what vanban writes carries its format
    doc.yaml_set_comment_before_after_key(formats.VERSION_KEY, before=TITLES[formats.VERSION_KEY]
                                          + " của vanban (vanban nang-cap đổi khi cần; đừng sửa tay)")
    for k, v in formats.strip(data).items():
        doc[k] = _flow(v)
        doc.yaml_set_comment_before_after_key(k, before=TITLES.get(k, k.replace("_", " ")))
    out = io.StringIO()
    out.write(f"# {name}: ghi từ du-lieu-{year}.xlsx bằng «vanban excel nhap {year}».\n"
              "# Sửa ở sổ Excel rồi nhập lại, hoặc sửa thẳng tệp này.\n")
    yaml.dump(doc, out)
    return out.getvalue().encode("utf-8")
