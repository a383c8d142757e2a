"""Progress of the candidate pool, per branch and period: YAML or an Excel
workbook that vanban itself creates, read back with explicit types.

Counts are cumulative from the start of the year to the end of the period,
except tham_tra, which is how many are under verification at that moment.
Stages nest: tham_tra + ket_nap ≤ hoc_nhan_thuc ≤ gioi_thieu.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from . import vietnamese as vi
from .errors import DataError, Finding, Findings, Location
from .load import Project, read_yaml, restyle
from .model import Organisation
from .recipients import branch_name

# The stages, in the order of the workbook columns: (key, heading)
STAGES = [
    ("gioi_thieu", "Quần chúng ưu tú được giới thiệu"),
    ("hoc_nhan_thuc", "Đã học lớp nhận thức về Đảng"),
    ("tham_tra", "Đang thẩm tra lý lịch, hoàn thiện hồ sơ"),
    ("ket_nap", "Đã kết nạp"),
]
CUMULATIVE = ("gioi_thieu", "hoc_nhan_thuc", "ket_nap")
HEADINGS = ["Mã chi bộ", "Chi bộ", "Chỉ tiêu tạo nguồn"] + [h for _, h in STAGES] + ["Ghi chú"]
FIRST_ROW = 3  # row 1: title, row 2: headings
FILES = ("tien-do.yaml", "tien-do.xlsx")  # under data/<năm>/

# Report periods: id → (name in prose with its year, month and day the period ends)
PERIODS = {
    "quy-1": ("quý I năm {nam}", (3, 31)),
    "6-thang": ("6 tháng đầu năm {nam}", (6, 30)),
    "9-thang": ("9 tháng đầu năm {nam}", (9, 30)),
    "nam": ("năm {nam}", (12, 31)),
}
_DATED = re.compile(r"^ngay-(\d{4})-(\d{2})-(\d{2})$")


def period_end(period: str, year: int) -> dt.date | None:
    if period in PERIODS:
        month, day = PERIODS[period][1]
        return dt.date(year, month, day)
    m = _DATED.match(period)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def period_name(period: str, year: int) -> str:
    """'6 tháng đầu năm 2018', 'đến ngày 15 tháng 8 năm 2018'."""
    if period in PERIODS:
        return PERIODS[period][0].format(nam=year)
    return f"đến {vi.date_words(period_end(period, year))}"


PERIOD_HINT = "kỳ là quy-1, 6-thang, 9-thang, nam, hoặc ngay-NĂM-THÁNG-NGÀY (ví dụ ngay-2018-08-15)"


@dataclass(frozen=True)
class Row:
    branch: str
    counts: dict[str, int]
    note: str = ""


@dataclass
class Progress:
    """period → branch id → Row, with where each value came from."""

    periods: dict[str, dict[str, Row]] = field(default_factory=dict)
    where: dict[tuple, Location] = field(default_factory=dict)  # (period, branch[, stage]) → location
    seen: dict[str, set] = field(default_factory=dict)  # period → branches with a row, valid or not

    def ordered(self, year: int) -> list[str]:
        return sorted(self.periods, key=lambda p: period_end(p, year) or dt.date.max)


# --------------------------------------------------------------------------
# The workbook


def quotas(plan) -> dict[str, int]:
    """Tạo nguồn quota per branch (the plan's first quota kind)."""
    if plan is None or not plan.chi_tieu:
        return {}
    return {a.chi_bo: a.so_luong for a in plan.chi_tieu[0].phan_bo}


def blank_workbook(org: Organisation, plan, year: int) -> bytes:
    """One sheet per period, one row per branch, entry cells typed as whole numbers ≥ 0."""
    quota = quotas(plan)
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for period, (name, _) in PERIODS.items():
        ws = wb.create_sheet(period)
        ws.append([f"Tiến độ tạo nguồn phát triển đảng {name.format(nam=year)} — số cộng dồn từ đầu năm "
                   f"(riêng cột «đang thẩm tra»: số tại thời điểm báo cáo)"])
        ws.append(HEADINGS)
        for b in org.chi_bo:
            ws.append([b.id, branch_name(org, b), quota.get(b.id, 0)])
        last = FIRST_ROW + len(org.chi_bo) - 1
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              showErrorMessage=True, errorTitle="Số không hợp lệ",
                              error="Chỉ nhập số nguyên từ 0 trở lên.")
        ws.add_data_validation(rule)
        rule.add(f"D{FIRST_ROW}:G{last}")
        for row in ws.iter_rows(min_row=2, max_row=last, max_col=len(HEADINGS)):
            for cell in row:
                cell.border = box
                cell.font = Font(name="Times New Roman", bold=cell.row == 2)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
                if cell.row >= FIRST_ROW and cell.column >= 4:
                    cell.protection = Protection(locked=False)
                    if cell.column <= 7:
                        cell.number_format = "0"
        for col, width in zip("ABCDEFGH", (16, 38, 12, 16, 16, 18, 12, 30)):
            ws.column_dimensions[col].width = width
        ws.freeze_panes = "D3"
        ws.protection.sheet = True  # ids, names and quotas cannot be typed over by mistake
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def read_workbook(data: bytes, shown: str, org: Organisation) -> tuple[Progress, Findings]:
    out = Findings()
    progress = Progress()
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # not an xlsx, or damaged
        raise DataError([Finding(Location(shown), f"không đọc được sổ Excel: {exc}",
                                 "mở tệp bằng Excel và lưu lại dạng .xlsx")]) from None
    known = {b.id for b in org.chi_bo}
    for ws in wb.worksheets:
        def at(ref: str, sheet: str = ws.title) -> Location:
            return Location(shown, None, f"{sheet}!{ref}")
        if period_end(ws.title, 2000) is None and ws.title not in PERIODS:
            out.add(at("A1"), f"tên trang «{ws.title}» không phải một kỳ báo cáo", PERIOD_HINT)
            continue
        heads = [ws.cell(2, c).value for c in range(1, len(HEADINGS) + 1)]
        if [str(h or "").strip() for h in heads] != HEADINGS:
            out.add(at("A2"), "dòng tiêu đề cột đã bị thay đổi",
                    "tạo lại sổ bằng «vanban mau-excel tien-do NĂM» và chép số liệu vào")
            continue
        rows: dict[str, Row] = {}
        for r in range(FIRST_ROW, ws.max_row + 1):
            bid = ws.cell(r, 1).value
            entries = [ws.cell(r, c).value for c in range(4, 8)]
            if bid is None and all(v is None for v in entries):
                continue
            bid = vi.nfc(str(bid or "")).strip()
            if bid not in known:
                out.add(at(f"A{r}"), f"mã chi bộ «{bid}» không có trong don-vi.yaml",
                        "không sửa cột mã; tạo lại sổ nếu danh sách chi bộ đã đổi")
                continue
            if bid in rows:
                out.add(at(f"A{r}"), f"chi bộ «{bid}» có hai dòng", "xóa dòng thừa")
                continue
            if all(v is None for v in entries):
                continue  # not filled in: counted as missing below if the sheet is in use
            progress.seen.setdefault(ws.title, set()).add(bid)
            counts = {}
            for (key, heading), c, value in zip(STAGES, range(4, 8), entries):
                col = "DEFG"[c - 4]
                n = _whole(value)
                if value is None:
                    out.add(at(f"{col}{r}"), f"ô «{heading}» của {bid} còn trống", "ghi 0 nếu không có")
                elif n is None:
                    out.add(at(f"{col}{r}"), f"«{value}» không phải số nguyên", "chỉ nhập số nguyên từ 0 trở lên")
                elif n < 0:
                    out.add(at(f"{col}{r}"), f"số âm ({n})", "chỉ nhập số nguyên từ 0 trở lên")
                else:
                    counts[key] = n
                progress.where[(ws.title, bid, key)] = at(f"{col}{r}")
            progress.where[(ws.title, bid)] = at(f"A{r}")
            if len(counts) == len(STAGES):
                rows[bid] = Row(bid, counts, vi.nfc(str(ws.cell(r, 8).value or "")).strip())
        if rows:
            progress.periods[ws.title] = rows
            progress.where[(ws.title,)] = at("A1")
    return progress, out


# --------------------------------------------------------------------------
# YAML


def read_yaml_progress(file, shown: str, style: str) -> tuple[Progress, Findings]:
    data, src = read_yaml(file, shown)
    data = restyle(data, style)
    out = Findings()
    progress = Progress()
    if not isinstance(data, dict):
        raise DataError([Finding(src.at(), "tệp tiến độ phải là các kỳ «kỳ: …»", PERIOD_HINT)])
    for period, branches in data.items():
        if period_end(str(period), 2000) is None:
            out.add(src.at(period), f"«{period}» không phải một kỳ báo cáo", PERIOD_HINT)
            continue
        if not isinstance(branches, dict):
            out.add(src.at(period), "mỗi kỳ là danh sách «mã chi bộ: {…}»", "xem mẫu trong data/2018/tien-do.yaml")
            continue
        rows = {}
        for bid, values in branches.items():
            progress.where[(period, bid)] = src.at(period, bid)
            progress.seen.setdefault(str(period), set()).add(str(bid))
            if not isinstance(values, dict):
                out.add(src.at(period, bid), f"số liệu của «{bid}» phải là {{gioi_thieu: …, …}}",
                        "xem mẫu trong data/2018/tien-do.yaml")
                continue
            counts = {}
            for key, heading in STAGES:
                progress.where[(period, bid, key)] = src.at(period, bid, key)
                value = values.get(key)
                n = _whole(value)
                if value is None:
                    out.add(src.at(period, bid), f"thiếu «{key}» ({heading}) của {bid}", f"thêm «{key}: 0» nếu không có")
                elif n is None or n < 0:
                    out.add(src.at(period, bid, key), f"«{key}» phải là số nguyên từ 0 trở lên, không phải {value!r}",
                            "sửa lại con số")
                else:
                    counts[key] = n
            extra = set(values) - {k for k, _ in STAGES} - {"ghi_chu"}
            for key in sorted(extra):
                out.add(src.at(period, bid, key), f"mục «{key}» không được biết đến",
                        f"dùng: {', '.join(k for k, _ in STAGES)}, ghi_chu")
            if len(counts) == len(STAGES):
                rows[str(bid)] = Row(str(bid), counts, str(values.get("ghi_chu") or ""))
        progress.periods[str(period)] = rows
        progress.where[(str(period),)] = src.at(period)
    return progress, out


# --------------------------------------------------------------------------
# Loading and checks


def check(progress: Progress, org: Organisation, year: int) -> Findings:
    out = Findings()
    known = {b.id for b in org.chi_bo}
    for period, rows in progress.periods.items():
        end = period_end(period, year)
        if end is not None and end.year != year:
            out.add(progress.where[(period,)], f"kỳ «{period}» không thuộc năm {year}", PERIOD_HINT)
        for bid in rows:
            if bid not in known:
                out.add(progress.where[(period, bid)], f"chi bộ «{bid}» không có trong don-vi.yaml",
                        "sửa mã chi bộ")
        for b in org.chi_bo:
            if b.id not in progress.seen.get(period, set()):
                out.add(progress.where[(period,)], f"kỳ «{period}» thiếu số liệu của {branch_name(org, b)} ({b.id})",
                        "bổ sung một dòng cho chi bộ này (ghi 0 nếu chưa có)")
        for bid, row in rows.items():
            c = row.counts
            if c["hoc_nhan_thuc"] > c["gioi_thieu"]:
                out.add(progress.where[(period, bid, "hoc_nhan_thuc")],
                        f"{bid}: số đã học lớp nhận thức ({c['hoc_nhan_thuc']}) lớn hơn số được giới thiệu "
                        f"({c['gioi_thieu']})", "số sau không vượt số trước")
            if c["tham_tra"] + c["ket_nap"] > c["hoc_nhan_thuc"]:
                out.add(progress.where[(period, bid, "ket_nap")],
                        f"{bid}: đang thẩm tra ({c['tham_tra']}) cộng đã kết nạp ({c['ket_nap']}) lớn hơn số đã "
                        f"học lớp nhận thức ({c['hoc_nhan_thuc']})", "kiểm tra lại số liệu")
    ordered = progress.ordered(year)
    for earlier, later in zip(ordered, ordered[1:]):
        for bid, row in progress.periods[later].items():
            before = progress.periods[earlier].get(bid)
            if before is None:
                continue
            for key in CUMULATIVE:
                if row.counts[key] < before.counts[key]:
                    out.add(progress.where[(later, bid, key)],
                            f"{bid}: «{key}» kỳ {later} ({row.counts[key]}) ít hơn kỳ {earlier} "
                            f"({before.counts[key]}), trong khi số liệu cộng dồn từ đầu năm",
                            "sửa lại số liệu của một trong hai kỳ")
    return out


def load(project: Project, year: int, org: Organisation) -> Progress:
    """Progress of the year from data/<year>/tien-do.yaml and/or tien-do.xlsx."""
    folder = project.data / str(year)
    yaml_file, xlsx_file = (folder / name for name in FILES)
    findings = Findings()
    merged = Progress()
    sources = []
    if yaml_file.is_file():
        sources.append(read_yaml_progress(yaml_file, project.show(yaml_file), org.kieu_dau))
    if xlsx_file.is_file():
        sources.append(read_workbook(xlsx_file.read_bytes(), project.show(xlsx_file), org))
    if not sources:
        raise DataError([Finding(Location(project.show(yaml_file)), "chưa có số liệu tiến độ",
                                 f"tạo sổ Excel bằng «vanban mau-excel tien-do {year}», điền rồi chạy lại")])
    for progress, problems in sources:
        findings.extend(problems)
        for period, rows in progress.periods.items():
            if period in merged.periods and rows:
                findings.add(progress.where[(period,)], f"kỳ «{period}» có số liệu ở cả YAML và Excel",
                             "giữ số liệu ở một nơi")
                continue
            merged.periods[period] = rows
            merged.seen[period] = progress.seen.get(period, set())
        merged.where.update(progress.where)
    findings.extend(check(merged, org, year))
    findings.raise_if_any(DataError)
    return merged
