"""All the data of a year in one Excel workbook, and back (`vanban excel xuat/nhap`).

The sheets come from the shape of each file's record type (data/shape.py), so every kind of
value has a sheet or a row a clerk can fill, even when the file has none yet:

- a file's single values are one sheet «Mục | Giá trị» (a nested record's values each a row);
- each list of records is a sheet, one row a record; a list inside a record (a quota's
  allocations) is a sheet whose rows name their parent row by its «STT»;
- a group by id (the report's periods «Kỳ | Số | Ngày», the kinds of units, the last numbers
  used) is a sheet with the id in its first column;
- a list of codes is one cell, codes separated by «;»; the lines of a name, lines of one cell.

Row 1 of a table is its Vietnamese column titles; row 2, small and grey, the key vanban reads
(on the single-values sheet, column C). No «{}» or «[]» is ever typed. Every text is written as
text (never a formula); a date as a date (dd/mm/yyyy), «có»/«không» for yes and no, a drop-down
of codes where a column takes the codes of another sheet. The reader is
data/sources/workbook.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError, Finding, Location, OutputProblem
from ..ooxml import cells
from ..output import write_all
from ..project import Project
from . import formats
from .shape import (ANY, BOOL, CHOICE, DATE, ID, IDS, INT, ISSUE_DATE, ITEM, KEY, LINES, PARENT, QUANTITY,
                    STT, TEXT, Table, describe)
from ..text.problems import text_problem
from .sources.workbook import (FIRST_ROW, FLOW_SUFFIX, FORMAT_TITLE, GUIDE_FIRST_ROW, LIST_SUFFIX, README, Book,
                               CellSource, _plain, allowed_files, read_book, workbook_path)  # noqa: F401 - allowed_files: the office asks here
from .yaml_out import dump, merged
from .sources.yaml import read_yaml
from .yaml_out import TITLES as KEY_TITLES

# The clerk's words for the data's keys; «bảng.mục» where a table says it its own way
TITLES = {
    **KEY_TITLES,
    "id": "Mã", "so_ky_hieu": "Số và ký hiệu", "bat_dau": "Ngày bắt đầu", "dong": "Các dòng của tên (mỗi dòng một dòng)",
    "quyen_han.kieu": "Quyền hạn ký (tm, kt, tl, tuq)", "quyen_han.ten": "Ký thay mặt (tên)",
    "co_quan.ten": "Tên cơ quan ban hành", "co_quan.viet_tat": "Viết tắt của cơ quan (trong ký hiệu)",
    "co_quan.dong": "Tên cơ quan in trên các dòng", "co_quan.goi_tat": "Cơ quan tự gọi trong câu",
    "cap_tren.ten": "Tên cơ quan cấp trên", "cap_tren.viet_tat": "Viết tắt",
    "cap_tren.goi_tat": "Gọi tắt", "cap_tren.dong": "In trên các dòng",
    "cap": "Cấp của cơ quan (tinh, huyen, xa, co_so, so)", "dia_danh": "Địa danh (dòng ngày tháng)",
    "quy_tac": "Quy tắc thể thức (dang, nha_nuoc)", "kieu_dau": "Kiểu bỏ dấu (moi: hòa; cu: hoà)",
    "dau_cuoi_noi_nhan": "Dấu cuối dòng Nơi nhận", "luu_so_ban": "Số bản lưu (Lưu VT)",
    "cach_goi": "Cách gọi", "the_thuc": "Thể thức riêng",
    "cach_goi.cap_uy": "Cách gọi: cấp ủy (Đảng ủy, Huyện ủy…)", "cach_goi.thuong_vu": "Cách gọi: ban thường vụ",
    "cach_goi.van_phong": "Cách gọi: văn phòng", "cach_goi.ban_to_chuc": "Cách gọi: bộ phận tổ chức",
    "cach_goi.ban_tuyen_giao": "Cách gọi: bộ phận tuyên giáo", "cach_goi.ban_nganh": "Cách gọi: các ban, ngành",
    "cach_goi.dia_ban": "Cách gọi: các địa bàn (các ấp, các thôn…)",
    "cach_goi.don_vi": "Cách gọi: các đơn vị khi có nhiều loại",
    "cach_goi.lanh_dao_don_vi": "Cách gọi: lãnh đạo đơn vị (chi ủy chi bộ…)",
    "nhiem_ky.ten": "Nhiệm kỳ (ví dụ 2015-2020)", "nhiem_ky": "Nhiệm kỳ (ví dụ 2015-2020)",
    "nguoi_ky.id": "Mã người ký", "don_vi.id": "Mã đơn vị", "don_vi.loai": "Loại đơn vị (mã)",
    "don_vi.ten": "Tên riêng", "don_vi.ten_day_du": "Tên đầy đủ (khi tên ghép không đúng)",
    "doan_the.id": "Mã đoàn thể", "doan_the.loai": "Loại (mã)", "doan_the.ten": "Tên riêng",
    "noi_nhan.id": "Mã nơi nhận", "noi_nhan.ten": "Tên (nơi nhận ngoài danh mục)",
    "noi_nhan.chon": "Chỉ gửi các đơn vị (mã, cách nhau bằng ;)", "noi_nhan.ghi_chu": "Ghi chú sau tên",
    "noi_nhan.so_ban": "Số bản", "noi_nhan.nhom": "Nhóm (don_vi = các đơn vị)",
    "noi_nhan.loai_don_vi": "Chỉ các loại đơn vị (mã, cách nhau bằng ;)",
    "giai_doan.id": "Mã giai đoạn", "giai_doan.thuoc": "Thuộc giai đoạn (mã)",
    "loai_chi_tieu.thuoc": "Là một phần của loại (mã)", "loai_chi_tieu.do_bang": "Đo bằng giai đoạn (mã)",
    "loai_don_vi.(mã)": "Mã loại đơn vị", "loai_doan_the.(mã)": "Mã loại đoàn thể",
    "loai_chi_tieu.(mã)": "Mã loại chỉ tiêu", "ky.(mã)": "Kỳ", "ky.so": "Số", "ky.ngay": "Ngày",
    "so_da_dung.(mã)": "Ký hiệu loại văn bản (KH, TB, BC…)", "so_da_dung.=": "Số cuối cùng đã dùng",
    "so.(mã)": "Nơi nhận thông báo (mã)", "so.=": "Số",
    "can_cu.=": "Các văn bản của đoạn «Căn cứ» (mã, cách nhau bằng ;)",
    "van_ban.id": "Mã văn bản", "van_ban.loai": "Tên loại (Hướng dẫn, Nghị quyết…)",
    "van_ban.co_quan": "Cơ quan ban hành", "van_ban.trich_yeu": "Trích yếu",
    "chi_tieu.loai": "Loại chỉ tiêu (mã)", "chi_tieu.nam": "Năm (kế hoạch nhiệm kỳ)",
    "chi_tieu.tong_so": "Tổng số", "chi_tieu.it_nhat": "Số đơn lẻ là «ít nhất»",
    "chi_tieu.khong_phan_bo": "Phần không phân bổ", "chi_tieu.ghi_chu_khong_phan_bo": "Ghi chú phần không phân bổ",
    "phan_bo.don_vi": "Đơn vị (mã)", "phan_bo.so_luong": "Chỉ tiêu", "phan_bo.it_nhat": "Ít nhất",
    "phan_cong.chu_tri": "Chủ trì (mã, cách nhau bằng ;)", "phan_cong.phoi_hop": "Phối hợp (mã, cách nhau bằng ;)",
    "phan_cong.chi_tieu": "Tính vào loại chỉ tiêu (mã)", "phan_cong.danh_xung": "Ai của bên chủ trì (Ban Thường vụ…)",
    "han_bao_cao.ky": "Kỳ", "han_bao_cao.han": "Hạn", "han_bao_cao.nam_truoc": "Hạn trong năm trước",
    "quan_triet": "Quán triệt (mã văn bản, cách nhau bằng ;)", "nguoi_ky": "Người ký (mã)",
    "so_bat_dau": "Số bắt đầu (của thông báo đầu tiên)", "ghi_chu_nhan": "Ghi chú sau tên nơi nhận",
    "trich_yeu_nhiem_vu": "Trích yếu thư chỉ giao nhiệm vụ", "so": "Số", "ngay": "Ngày ban hành",
    "so_ban": "Số bản (để trống: vanban tự tính)",
    STT: "STT", ITEM: "Giá trị", KEY: "Mã",
}
TABLE_TITLES = {
    "nhiem_ky": "Nhiệm kỳ", "cap_tren": "Cấp trên", "nguoi_ky": "Người ký", "loai_don_vi": "Loại đơn vị",
    "don_vi": "Đơn vị", "loai_doan_the": "Loại đoàn thể", "doan_the": "Đoàn thể", "noi_nhan": "Nơi nhận",
    "giai_doan": "Giai đoạn", "loai_chi_tieu": "Loại chỉ tiêu", "so_da_dung": "Số đã dùng",
    "van_ban": "Văn bản dẫn", "can_cu": "Căn cứ", "chi_tieu": "Chỉ tiêu", "phan_bo": "Phân bổ",
    "phan_cong": "Phân công", "han_bao_cao": "Hạn báo cáo", "ky": "Kỳ báo cáo", "so": "Số từng nơi",
}
TABLE_NOTES = {  # what a table holds, on the guide
    ("don-vi.yaml", "noi_nhan"): "danh mục nơi nhận (cơ quan, nhóm đơn vị) mà văn bản gọi bằng mã",
    ("don-vi.yaml", "so_da_dung"): "số cuối cùng của từng loại văn bản đã dùng trong nhiệm kỳ (Nhà nước: trong "
                                   "năm) trước khi dùng vanban; 0 nếu chưa dùng số nào",
    "noi_nhan": "Nơi nhận của văn bản: mã trong danh mục, hoặc tên tự do; ghi chú như «(để báo cáo)»",
    "ky": "mỗi kỳ báo cáo một dòng: quy-1, 6-thang, 9-thang, nam hoặc ngay-NĂM-THÁNG-NGÀY, với số và ngày",
    "phan_bo": "chỉ tiêu từng đơn vị; cột «Chỉ tiêu (STT)» là STT của dòng trong trang chỉ tiêu",
    "can_cu": "mỗi đoạn «Căn cứ …» một dòng, các văn bản nối bằng «và»",
    "so": "số cố định của thông báo gửi từng nơi (để trống: vanban cấp)",
}
HELP = {  # a note on a column's title
    "ky.(mã)": "quy-1, 6-thang, 9-thang, nam, hoặc ngay-2019-08-15",
    "ngay": "Gõ ngày dạng 15/02/2019. Bản dự thảo chưa biết ngày: để trống, hoặc 2019-10 (chỉ tháng).",
    "so_luong": "2 (đúng 2), 01-02 (khoảng), từ 06 hoặc ít nhất 06",
    "tong_so": "2 (đúng 2), 01-02 (khoảng), từ 06 hoặc ít nhất 06",
    "chon": "Để trống: cả nhóm. Ghi mã các đơn vị của nhóm được gửi, cách nhau bằng dấu ;",
    "can_cu.=": "Mã các văn bản ở trang «Văn bản dẫn», cách nhau bằng dấu ; (ví dụ: vb_mot; vb_hai)",
    "dong": "Mỗi dòng của tên một dòng trong ô (Alt+Enter để xuống dòng).",
    "so_da_dung.(mã)": "Ký hiệu loại văn bản trong số ký hiệu: KH, TB, BC…",
}
# The single values of the organisation in the order a clerk sets them up
FIRST = ("quy_tac", "co_quan.", "dia_danh", "cap", "kieu_dau", "dau_cuoi_noi_nhan", "luu_so_ban")
# A column whose values are the ids of another table: (table, key) → (file, table, key of the ids)
REFS = {
    ("phan_bo", "don_vi"): ("don-vi.yaml", ("don_vi",), "id"),
    ("don_vi", "loai"): ("don-vi.yaml", ("loai_don_vi",), KEY),
    ("doan_the", "loai"): ("don-vi.yaml", ("loai_doan_the",), KEY),
    ("chi_tieu", "loai"): ("don-vi.yaml", ("loai_chi_tieu",), KEY),
    ("phan_cong", "chi_tieu"): ("don-vi.yaml", ("loai_chi_tieu",), KEY),
    ("loai_chi_tieu", "do_bang"): ("don-vi.yaml", ("giai_doan",), "id"),
    ("loai_chi_tieu", "thuoc"): ("don-vi.yaml", ("loai_chi_tieu",), KEY),
    ("giai_doan", "thuoc"): ("don-vi.yaml", ("giai_doan",), "id"),
    ("", "nguoi_ky"): ("don-vi.yaml", ("nguoi_ky",), "id"),
    ("noi_nhan", "id"): ("don-vi.yaml", ("noi_nhan",), "id"),
}
YES, NO = "có", "không"


def title(key: str, table: str = "") -> str:
    """The clerk's words for *key* (in *table*): 'Số và ký hiệu', 'Quyền hạn · Tên'."""
    plain = key.removesuffix(LIST_SUFFIX).removesuffix(FLOW_SUFFIX)
    for k in (f"{table}.{plain}", plain):
        if k in TITLES:
            return TITLES[k]
    if plain.startswith(PARENT):
        above = plain[len(PARENT):]
        return f"{TABLE_TITLES.get(above, above)} (STT)"
    parts = [TITLES.get(p, p.replace("_", " ")) for p in plain.split(".")]
    words = " · ".join(parts)
    return words[:1].upper() + words[1:]


@dataclass
class Col:
    key: str
    title: str
    kind: str = ANY
    choices: tuple = ()
    help: str = ""


@dataclass
class Sheet:
    name: str
    file: str                   # relative to data/: 'don-vi.yaml', '2018/ke-hoach.yaml'
    path: tuple                 # () for the file's single values, else the table's keys
    note: str
    columns: list[Col] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    table: Table | None = None


# --------------------------------------------------------------------------
# Data → sheets


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _scalar(value) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, dt.date))


def _yaml_text(value) -> str:
    """A value no column says, written as YAML on one line (read back the same)."""
    import yaml  # start-up time: only for a value no column says

    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30).strip().removesuffix(
        "\n...").strip()


def _item_text(value) -> str:
    """One plain value of a list in one cell: as YAML reads it back."""
    if isinstance(value, str):
        return value if _plain(value) == value else json.dumps(value, ensure_ascii=False)
    return _yaml_text(value)


def cell_value(value, kind: str):
    """What a cell holds for *value* of a column of *kind*."""
    if kind == BOOL and isinstance(value, bool):
        return YES if value else NO
    if kind == IDS and isinstance(value, list) and all(_scalar(v) for v in value):
        return "; ".join("" if v is None else str(v) for v in value)
    if kind == LINES and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    if isinstance(value, dt.datetime):
        return value
    if _scalar(value):
        return value
    return None  # a list or a group where the column wants one value: written under its own key


def _leaves(value: dict, prefix: str, skip: set) -> list[tuple[str, Any]]:
    """(dotted key, value) of every value of a group, nested groups opened; *skip*: keys that
    have their own table."""
    out = []
    for k, v in value.items():
        key = f"{prefix}{k}"
        if key in skip or _empty(v):
            continue
        if isinstance(v, dict):
            out += _leaves(v, key + ".", skip)
        else:
            out.append((key, v))
    return out


def _place(key: str, value, columns: dict[str, Col], row: dict, table: str) -> None:
    """Put *value* under *key* in *row*: its column's kind, or a key that says how it is written."""
    col = columns.get(key)
    if col is not None and col.kind != ANY:
        got = cell_value(value, col.kind)
        if got is not None:
            row[key] = got
            return
    if _scalar(value):
        name = key
    elif isinstance(value, list) and value and all(_scalar(v) and ";" not in _item_text(v) for v in value):
        name, value = key + LIST_SUFFIX, "; ".join(_item_text(v) for v in value)
    else:
        name, value = key + FLOW_SUFFIX, _yaml_text(value)
    if name not in columns:
        columns[name] = Col(name, title(key, table))
    row[name] = value


def _fits(table: Table, value) -> bool:
    return isinstance(value, dict) if table.by_id else isinstance(value, list)


def _sheet_name(stem: str, path: tuple, taken: set) -> str:
    if not path:
        name = stem
    else:
        last = path[-1]
        name = f"{stem} · {TABLE_TITLES.get(last, last.replace('_', ' '))}"
    for ch in "[]:*?/\\":
        name = name.replace(ch, "")
    name = name[:31]
    base, n = name, 2
    while name in taken:
        name = f"{base[:28]} {n}"
        n += 1
    taken.add(name)
    return name


def layout(file: str, data: Any, model) -> list[Sheet]:
    """The sheets of data file *file* (its values *data*, its record type *model*)."""
    shape = describe(model)
    stem = file.rsplit("/", 1)[-1].removesuffix(".yaml")
    data = formats.strip(data) if isinstance(data, dict) else {}
    taken: set = set()
    sheets: list[Sheet] = []

    # the single values
    general = Sheet(_sheet_name(stem, (), taken), file, (), "các mục đơn lẻ của tệp")
    first = FIRST if stem == "don-vi" else ()
    order = sorted(shape.general, key=lambda c: next((i for i, f in enumerate(first) if c.key == f or
                                                      (f.endswith(".") and c.key.startswith(f))), len(first)))
    columns = {c.key: Col(c.key, title(c.key), c.kind, c.choices, HELP.get(c.key, ""))
               for c in order if c.kind != ANY}
    tops = {t.path[0] for t in shape.tables if t.parent is None and _fits(t, data.get(t.path[0]))}
    row: dict = {}
    for key, value in _leaves(data, "", tops):
        _place(key, value, columns, row, "")
    general.columns, general.rows = list(columns.values()), [row]
    sheets.append(general)

    # the tables, each after the one it sits in
    records: dict[tuple, list] = {(): [(None, data)]}  # table path → [(its ref, record)]
    for table in shape.tables:
        last = table.path[-1]
        sheet = Sheet(_sheet_name(stem, table.path, taken), file, table.path,
                      TABLE_NOTES.get((file.rsplit("/", 1)[-1], last)) or TABLE_NOTES.get(last)
                      or " › ".join(TABLE_TITLES.get(p, p) for p in table.path), table=table)
        cols: dict[str, Col] = {}
        if table.has_children:
            cols[STT] = Col(STT, "STT", INT)
        parent_key = PARENT + table.parent.path[-1] if table.parent is not None else None
        if parent_key:
            cols[parent_key] = Col(parent_key, title(parent_key), ANY)
        if table.by_id:
            cols[KEY] = Col(KEY, title(KEY, last), ID, help=HELP.get(f"{last}.{KEY}", ""))
        for c in table.columns:
            cols[c.key] = Col(c.key, title(c.key, last), c.kind, c.choices,
                              HELP.get(f"{last}.{c.key}", HELP.get(c.key, "")))
        children = {t.path[-1] for t in shape.tables if t.parent is table}
        mine = []
        above = records.get(table.parent.path if table.parent is not None else (), [])
        for parent_ref, parent in above:
            container = parent.get(last) if isinstance(parent, dict) else None
            if container is None or not _fits(table, container):
                continue
            items = list(container.items()) if table.by_id else list(enumerate(container, 1))
            for ident, item in items:
                r: dict = {}
                if table.has_children:
                    r[STT] = ident if not table.by_id else None
                if parent_key:
                    r[parent_key] = parent_ref
                if table.by_id:
                    r[KEY] = ident
                if table.plain:
                    _place(ITEM, item, cols, r, last)
                elif isinstance(item, dict):
                    skip = {k for k in children if _fits(shape.table(table.path + (k,)), item.get(k))}
                    for key, value in _leaves(item, "", skip):
                        _place(key, value, cols, r, last)
                elif table.bare_id and isinstance(item, str):
                    r["id"] = item
                elif not _empty(item):
                    _place(ITEM, item, cols, r, last)
                sheet.rows.append(r)
                mine.append((ident, item))
        records[table.path] = mine
        if STT in cols and table.by_id:
            del cols[STT]
        sheet.columns = list(cols.values())
        sheets.append(sheet)
    return sheets


# --------------------------------------------------------------------------
# Sheets → workbook

GUIDE = ("Mỗi trang là một bảng dữ liệu. Sửa, thêm hoặc xóa dòng trong Excel (hoặc LibreOffice Calc), lưu lại, rồi "
         "chạy «vanban excel nhap NĂM»: vanban kiểm tra cả sổ như khi dựng văn bản, nêu mọi lỗi theo trang và ô, "
         "và chỉ ghi các tệp dữ liệu khi không còn lỗi nào.\n"
         "• Dòng 1 của mỗi bảng là tên cột; dòng 2 (chữ xám) là tên mục vanban đọc — không sửa, không xóa. "
         "Ở trang các mục đơn lẻ, tên mục ở cột C.\n"
         "• Ô trống là không ghi. Ngày gõ dạng 15/02/2019. «có» / «không» cho các cột có / không.\n"
         "• Nhiều mã trong một ô: cách nhau bằng dấu ; (ví dụ: ma_mot; ma_hai). Tên in trên nhiều "
         "dòng: mỗi dòng một dòng trong ô (Alt+Enter).\n"
         "• Cột «STT» đánh số các dòng của một bảng; bảng con (ví dụ Phân bổ) ghi STT của dòng cha ở cột «… (STT)».\n"
         "• Không đổi tên, không xóa, không thêm trang; không gõ công thức (gõ giá trị).")


def write(sheets: list[Sheet], heading: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    guide = wb.active
    guide.title = README
    cells.append(guide, [heading])
    cells.append(guide, [GUIDE])
    cells.append(guide, [FORMAT_TITLE, formats.CURRENT[formats.WORKBOOK]])  # row 3 (FORMAT_CELL): read first
    cells.append(guide, ["Trang", "Tệp dữ liệu", "Nội dung", "Bảng (vanban đọc, không sửa)"])
    assert guide.max_row == GUIDE_FIRST_ROW - 1
    for s in sheets:
        cells.append(guide, [s.name, s.file, s.note, " › ".join(s.path) or None])
    guide.row_dimensions[2].height = 150
    guide["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    guide.merge_cells("A2:D2")
    for letter, width in zip("ABCD", (34, 22, 70, 26)):
        guide.column_dimensions[letter].width = width
    guide["A1"].font = Font(bold=True, size=13)
    grey = Font(size=8, italic=True, color="808080")
    for row in guide.iter_rows(min_row=GUIDE_FIRST_ROW, max_col=4):
        row[3].font = grey
    for c in guide[GUIDE_FIRST_ROW - 1]:
        c.font = Font(bold=True)

    head, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ids: dict[tuple, tuple[str, str, int]] = {}  # (file name, table path, key) → (sheet, column letter, rows)
    made = []
    for s in sheets:
        ws = wb.create_sheet(s.name)
        made.append((s, ws))
        if not s.path:
            cells.append(ws, ["Mục", "Giá trị", "Tên mục (vanban đọc, không sửa)"])
            for c in ws[1]:
                c.font, c.fill = head, fill
            values = s.rows[0] if s.rows else {}
            for col in s.columns:
                r = cells.append(ws, [col.title, None, col.key])
                value = values.get(col.key)
                cell = ws.cell(r, 2)
                if value is not None:
                    cells.put(cell, value)
                _format(cell, col.kind, value)
                cell.protection = Protection(locked=False)
                ws.cell(r, 3).font = grey
                if col.help:
                    ws.cell(r, 1).comment = Comment(col.help, "vanban")
                _choices(ws, col, f"B{r}", DataValidation)
            ws.column_dimensions["A"].width = 42
            ws.column_dimensions["B"].width = 60
            ws.column_dimensions["C"].width = 24
            ws.freeze_panes = "A2"
            ws.protection.sheet = True
            ws.protection.formatColumns = ws.protection.formatRows = False
            continue
        cells.append(ws, [c.title for c in s.columns])
        cells.append(ws, [c.key for c in s.columns])
        for r in s.rows:
            row = cells.append(ws, [r.get(c.key) for c in s.columns])
            for i, c in enumerate(s.columns, 1):
                _format(ws.cell(row, i), c.kind, r.get(c.key))
        last = max(ws.max_row, FIRST_ROW - 1) + 200
        unlocked = Protection(locked=False)
        for i, c in enumerate(s.columns, 1):
            letter = get_column_letter(i)
            title_cell, key_cell = ws.cell(1, i), ws.cell(2, i)
            title_cell.font, title_cell.fill = head, fill
            title_cell.alignment = Alignment(wrap_text=True, vertical="center")
            title_cell.protection = key_cell.protection = Protection(locked=True)
            key_cell.font = grey
            if c.help:
                title_cell.comment = Comment(c.help, "vanban")
            # the column's own style: every row below the titles, those the clerk adds too, is open and typed
            dim = ws.column_dimensions[letter]
            dim.protection = unlocked
            dim.number_format = _number_format(c.kind) or "General"
            for row in range(FIRST_ROW, FIRST_ROW + len(s.rows)):
                ws.cell(row, i).protection = unlocked
            widths = [len(c.title) // 2 + 4] + [min(len(str(r.get(c.key) or "")), 60) + 2 for r in s.rows]
            ws.column_dimensions[letter].width = max(10, min(50, max(widths)))
            _choices(ws, c, f"{letter}{FIRST_ROW}:{letter}{last}", DataValidation)
            if s.path[-1:] == ("ky",) and c.key == KEY:  # the report's periods: a list, a dated period typed
                dv = DataValidation(type="list", formula1='"quy-1,6-thang,9-thang,nam"', allow_blank=True,
                                    showErrorMessage=True, errorStyle="information", errorTitle="Kỳ báo cáo",
                                    error="Kỳ là quy-1, 6-thang, 9-thang, nam; báo cáo đến một ngày: gõ ngày "
                                          "(15/08/2019) hoặc ngay-2019-08-15.")
                ws.add_data_validation(dv)
                dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
            if c.key in ("id", KEY):
                ids[(s.file.rsplit("/", 1)[-1], s.path, c.key)] = (s.name, letter, last)
        ws.row_dimensions[1].height = 32
        ws.row_dimensions[2].height = 11
        ws.freeze_panes = f"A{FIRST_ROW}"
        ws.protection.sheet = True  # the titles and keys are locked; rows can be added, removed, sorted, filtered
        ws.protection.insertRows = ws.protection.deleteRows = False
        ws.protection.formatColumns = ws.protection.formatRows = False
        ws.protection.sort = ws.protection.autoFilter = False

    # a column that takes the ids of another table: a drop-down of those ids (a warning, not a wall)
    for s, ws in made:
        table = s.path[-1] if s.path else ""
        for i, c in enumerate(s.columns, 1):
            ref = REFS.get((table, c.key))
            if ref is None or (table == "noi_nhan" and s.file == "don-vi.yaml"):
                continue
            source = ids.get(ref)
            if source is None:
                continue
            sheet_name, letter, rows = source
            dv = DataValidation(type="list", formula1=f"'{sheet_name}'!${letter}${FIRST_ROW}:${letter}${rows}",
                                allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                errorTitle="Mã không có", error=f"Mã này không có trong trang «{sheet_name}».")
            ws.add_data_validation(dv)
            if s.path:
                col = get_column_letter(i)
                dv.add(f"{col}{FIRST_ROW}:{col}{max(ws.max_row, FIRST_ROW) + 200}")
            else:
                row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value == c.key)
                dv.add(f"B{row}")
    for ws in wb.worksheets:  # printed, each sheet is as wide as a landscape page
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _number_format(kind: str) -> str | None:
    if kind in (TEXT, ID, CHOICE, IDS, LINES, QUANTITY):
        return "@"  # text stays text: «02» is not the number 2, «01-02» not a date
    if kind in (DATE, ISSUE_DATE):
        return "dd/mm/yyyy"
    return None


def _format(cell, kind: str, value) -> None:
    from openpyxl.styles import Alignment

    if kind in (TEXT, ID, CHOICE, IDS, LINES, QUANTITY) and not isinstance(value, (int, float, dt.date)):
        cell.number_format = "@"
    elif kind in (DATE, ISSUE_DATE) and (value is None or isinstance(value, dt.date)):
        cell.number_format = "dd/mm/yyyy"
    if kind in (TEXT, LINES) and isinstance(value, str) and ("\n" in value or len(value) > 60):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _choices(ws, col: Col, where: str, DataValidation) -> None:
    values = (YES, NO) if col.kind == BOOL else col.choices if col.kind == CHOICE else ()
    if not values or any("," in str(v) or '"' in str(v) for v in values):
        return
    dv = DataValidation(type="list", formula1='"' + ",".join(str(v) for v in values) + '"', allow_blank=True,
                        showErrorMessage=True, errorStyle="warning", errorTitle="Giá trị không có trong danh sách",
                        error="Chọn một giá trị trong danh sách.")
    ws.add_data_validation(dv)
    dv.add(where)


def book_bytes(files: dict[str, Any], models: dict[str, type], heading: str) -> bytes:
    """The workbook of *files* (name relative to data/ → its values), each laid out by its type."""
    sheets: list[Sheet] = []
    for name, data in files.items():
        sheets += layout(name, data, models[name])
    taken: set = set()
    for s in sheets:  # a sheet name is unique in the whole workbook
        if s.name in taken:
            s.name = _sheet_name(s.name[:26], (), taken)
        taken.add(s.name)
    return write(sheets, heading)


# --------------------------------------------------------------------------
# A project's year: export


def year_files(project: Project, year: int, models: dict[str, type]) -> dict[str, Path]:
    """The organisation's and the year's data files of the declared kinds (name relative to
    data/ → path). Another YAML file in the folder is no data vanban writes: it is left out."""
    out = {"don-vi.yaml": project.data / "don-vi.yaml"}
    for name in models:
        path = project.data / str(year) / name
        if name != "don-vi.yaml" and path.is_file():
            out[f"{year}/{name}"] = path
    return out


def export(project: Project, year: int, models: dict[str, type], overwrite: bool = False):
    """data/<year>/du-lieu-<year>.xlsx from the YAML files; never over an existing workbook."""
    target = workbook_path(project, year)
    if target.exists() and not overwrite:
        raise OutputProblem([Finding(Location(project.show(target)), "tệp đã có, vanban không ghi đè",
                                     f"sửa thẳng tệp này rồi chạy «vanban excel nhap {year}», hoặc đổi tên tệp cũ")])
    files = year_files(project, year, models)
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
    types = {name: models[name.rsplit("/", 1)[-1]] for name in data}
    book = book_bytes(data, types, f"Dữ liệu năm {year} — vanban")
    write_all({target: book}, project.show)
    return target


# --------------------------------------------------------------------------
# A project's year: import


@dataclass
class Imported:
    written: list[Path] = field(default_factory=list)     # the YAML files the workbook changed
    unchanged: list[Path] = field(default_factory=list)   # those it holds as they are


def import_book(project: Project, year: int, models: dict[str, type]) -> tuple[Book, list[Finding]]:
    """The year's workbook read for import: (what it holds, the problems of its cells)."""
    path = workbook_path(project, year)
    shown = project.show(path)
    if not path.is_file():
        raise DataError([Finding(Location(shown), "không tìm thấy sổ dữ liệu",
                                 f"tạo sổ bằng «vanban excel xuat {year}»")])
    book = read_book(path, shown, year, models)
    findings = list(book.findings)
    for name, data in book.files.items():
        src = CellSource(shown, book.where.get(name, {}))
        for p, value in _texts(data):
            problem = text_problem(value)
            if problem:
                findings.append(Finding(src.at(*p), *problem))
    return book, findings


def _texts(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, path + (i,))
    elif isinstance(value, str):
        yield path, value


def write_back(project: Project, year: int, book: Book) -> Imported:
    """Each file of the workbook into its YAML file: only the items that changed are written anew,
    the rest keeps its form and comments; a file that did not change is not written."""
    out: dict[Path, bytes] = {}
    done = Imported()
    note = (f"# {{name}}: ghi từ du-lieu-{year}.xlsx bằng «vanban excel nhap {year}».\n"
            "# Sửa ở sổ Excel rồi nhập lại, hoặc sửa thẳng tệp này.\n")
    for name, data in book.files.items():
        path = project.data / name
        said = note.format(name=name)
        if path.is_file():
            got = merged(path.read_text(encoding="utf-8"), data, said)
        else:
            got = dump(data, said)
        if got is None:
            done.unchanged.append(path)
        else:
            out[path] = got
    done.written = write_all(out, project.show)
    return done
