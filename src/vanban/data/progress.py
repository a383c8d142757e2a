"""Progress per unit and period: YAML or an Excel workbook that vanban itself
creates, read back with explicit types.

The stages counted are the organisation's own (giai_doan in don-vi.yaml).
Counts of a cumulative stage run from the start of the year to the end of the
period; the others are counts at the time of the report. A stage that is
'thuoc' an earlier one counts some of that stage's people, and stages under
the same earlier stage add up to at most its count.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from ..text import vietnamese as vi
from ..text.figures import NONE, cell_text  # the one way a target is written
from ..errors import DataError, Finding, Findings, Location
from ..ooxml import cells
from ..ooxml.package import check_package
from ..text.names import unit_heading, unit_name, unit_noun
from ..project import Project, present
from . import formats
from .sources import regular_file
from .sources.yaml import read_yaml
from .validate import restyle
from .model import Organisation, Stage

FIRST_ROW = 3  # row 1: title, row 2: headings
ID_HEADING, NOTE_HEADING = "Mã", "Ghi chú"
ID_HEADINGS = {"Mã chi bộ": 1, ID_HEADING: 2}  # the workbook's format is its id heading (A2), see formats.py
FILES = ("tien-do.yaml", "tien-do.xlsx")  # under data/<năm>/

# Report periods: id → (name in prose with its year, month and day the period ends)
PERIODS = {
    "quy-1": ("quý I năm {nam}", (3, 31)),
    "6-thang": ("6 tháng đầu năm {nam}", (6, 30)),
    "9-thang": ("9 tháng đầu năm {nam}", (9, 30)),
    "nam": ("năm {nam}", (12, 31)),
}
_DATED = re.compile(r"^ngay-([0-9]{4})-([0-9]{2})-([0-9]{2})$")


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
    unit: str
    counts: dict[str, int]
    note: str = ""


@dataclass
class Progress:
    """period → unit id → Row, with where each value came from."""

    periods: dict[str, dict[str, Row]] = field(default_factory=dict)
    where: dict[tuple, Location] = field(default_factory=dict)  # (period, unit[, stage]) → location
    seen: dict[str, set] = field(default_factory=dict)  # period → units with a row, valid or not

    def ordered(self, year: int) -> list[str]:
        return sorted(self.periods, key=lambda p: period_end(p, year) or dt.date.max)


# --------------------------------------------------------------------------
# The workbook


def quota_columns(org: Organisation, plan) -> list[tuple[str, dict[str, str]]]:
    """(heading, unit id → target as written) for each quota kind of the plan."""

    if plan is None:
        return []
    out = []
    for q in plan.chi_tieu:
        kind = org.loai_chi_tieu.get(q.loai)
        if kind is None:
            continue
        out.append((f"Chỉ tiêu {kind.ten} ({kind.don_vi_tinh})",
                    {a.don_vi: cell_text(q.target(a)) for a in q.phan_bo}))
    return out


def headings(org: Organisation, plan) -> list[str]:
    return ([ID_HEADING, unit_heading(org)] + [h for h, _ in quota_columns(org, plan)]
            + [st.ten for st in org.giai_doan] + [NOTE_HEADING])


def blank_workbook(org: Organisation, plan, year: int, periods=None) -> bytes:
    """One sheet per period, one row per unit, entry cells typed as whole numbers ≥ 0.
    The quota columns show the plan's targets, every kind with its own column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    quotas = quota_columns(org, plan)
    heads = headings(org, plan)
    first_stage = 3 + len(quotas)
    last_stage = first_stage + len(org.giai_doan) - 1
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for period in (periods or PERIODS):
        ws = wb.create_sheet(period)
        cells.append(ws, [f"Tiến độ {period_name(period, year)} — số cộng dồn từ đầu năm "
                          f"(trừ các cột ghi là số tại thời điểm báo cáo)"])
        cells.append(ws, heads)  # text stays text: names and headings are never formulas
        for u in org.don_vi:
            cells.append(ws, [u.id, unit_name(org, u)] + [q.get(u.id, NONE) for _, q in quotas])
        last = FIRST_ROW + len(org.don_vi) - 1
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              showErrorMessage=True, errorTitle="Số không hợp lệ",
                              error="Chỉ nhập số nguyên từ 0 trở lên.")
        ws.add_data_validation(rule)
        rule.add(f"{get_column_letter(first_stage)}{FIRST_ROW}:{get_column_letter(last_stage)}{last}")
        for row in ws.iter_rows(min_row=2, max_row=last, max_col=len(heads)):
            for cell in row:
                cell.border = box
                cell.font = Font(name="Times New Roman", bold=cell.row == 2)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
                if cell.row >= FIRST_ROW and cell.column >= first_stage:
                    cell.protection = Protection(locked=False)
                    if cell.column <= last_stage:
                        cell.number_format = "0"
        widths = [16, 38] + [14] * len(quotas) + [16] * len(org.giai_doan) + [30]
        for i, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = f"{get_column_letter(first_stage)}3"
        ws.protection.sheet = True  # ids, names and quotas cannot be typed over by mistake
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value <= MAX_ENTRY else None
    if isinstance(value, float) and value.is_integer() and value <= MAX_ENTRY:
        return int(value)
    return None


MAX_ENTRY = 1_000_000


def read_workbook(path, shown: str, org: Organisation) -> tuple[Progress, Findings]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    check_package(path, shown, "xlsx", DataError)
    out = Findings()
    progress = Progress()
    try:
        wb = load_workbook(path, data_only=True, read_only=False)
    except Exception:  # noqa: BLE001 - not an xlsx, or damaged inside
        raise DataError([Finding(Location(shown), "không đọc được sổ Excel: nội dung bên trong bị hỏng",
                                 "mở tệp bằng Excel và lưu lại dạng .xlsx")]) from None
    known = {u.id for u in org.don_vi}
    noun = unit_noun(org)
    stages = org.giai_doan
    for ws in wb.worksheets:
        def at(ref: str, sheet: str = ws.title) -> Location:
            return Location(shown, None, f"{sheet}!{ref}")
        if period_end(ws.title, 2000) is None and ws.title not in PERIODS:
            out.add(at("A1"), f"tên trang «{ws.title}» không phải một kỳ báo cáo", PERIOD_HINT)
            continue
        heads = {vi.nfc(str(ws.cell(2, c).value or "")).strip(): c for c in range(1, ws.max_column + 1)}
        number = ID_HEADINGS.get(str(ws.cell(2, 1).value or "").strip())
        if number is not None and number < formats.CURRENT[formats.PROGRESS_BOOK]:
            raise DataError([formats.outdated(Location(shown), formats.PROGRESS_BOOK, number)])
        missing = [st.ten for st in stages if st.ten not in heads]
        if str(ws.cell(2, 1).value or "").strip() != ID_HEADING or missing:
            out.add(at("A2"), "dòng tiêu đề cột đã bị thay đổi"
                    + (f" (thiếu cột: {', '.join(missing)})" if missing else ""),
                    "tạo lại sổ bằng «vanban mau-excel tien-do NĂM» và chép số liệu vào")
            continue
        columns = [(st, heads[st.ten]) for st in stages]
        note_col = heads.get(NOTE_HEADING)
        rows: dict[str, Row] = {}
        before = len(out.items)
        for r in range(FIRST_ROW, min(ws.max_row, FIRST_ROW + MAX_ROWS) + 1):
            if len(out.items) - before >= MAX_FINDINGS_PER_SHEET:
                out.add(at(f"A{r}"), f"trang «{ws.title}» có quá {MAX_FINDINGS_PER_SHEET} lỗi, các dòng sau chưa được "
                        "kiểm tra", "sửa các lỗi đã nêu rồi chạy lại")
                break
            uid = ws.cell(r, 1).value
            entries = [ws.cell(r, c).value for _, c in columns]
            if uid is None and all(v is None for v in entries):
                continue
            uid = vi.nfc(str(uid or "")).strip()
            if uid not in known:
                out.add(at(f"A{r}"), f"mã {noun} «{uid}» không có trong don-vi.yaml",
                        f"không sửa cột mã; tạo lại sổ nếu danh sách {noun} đã đổi")
                continue
            if uid in rows:
                out.add(at(f"A{r}"), f"«{uid}» có hai dòng", "xóa dòng thừa")
                continue
            if all(v is None for v in entries):
                continue  # not filled in: counted as missing below if the sheet is in use
            progress.seen.setdefault(ws.title, set()).add(uid)
            counts = {}
            for (st, c), value in zip(columns, entries):
                ref = f"{get_column_letter(c)}{r}"
                n = _whole(value)
                if value is None:
                    out.add(at(ref), f"ô «{st.ten}» của {uid} còn trống", "ghi 0 nếu không có")
                elif n is None:
                    out.add(at(ref), f"«{value}» không phải số nguyên (hoặc quá lớn)",
                            "chỉ nhập số nguyên từ 0 trở lên")
                elif n < 0:
                    out.add(at(ref), f"số âm ({n})", "chỉ nhập số nguyên từ 0 trở lên")
                else:
                    counts[st.id] = n
                progress.where[(ws.title, uid, st.id)] = at(ref)
            progress.where[(ws.title, uid)] = at(f"A{r}")
            if len(counts) == len(stages):
                note = ws.cell(r, note_col).value if note_col else ""
                rows[uid] = Row(uid, counts, vi.nfc(str(note or "")).strip())
        if ws.max_row > FIRST_ROW + MAX_ROWS:
            out.add(at(f"A{FIRST_ROW + MAX_ROWS + 1}"), f"trang có quá {MAX_ROWS} dòng", "xóa các dòng thừa")
        if rows:
            progress.periods[ws.title] = rows
            progress.where[(ws.title,)] = at("A1")
    return progress, out


MAX_ROWS = 20_000
MAX_FINDINGS_PER_SHEET = 50


# --------------------------------------------------------------------------
# YAML


def read_yaml_progress(file, shown: str, org: Organisation) -> tuple[Progress, Findings]:
    data, src = read_yaml(file, shown)
    data = restyle(formats.strip(data), org.kieu_dau)
    out = Findings()
    progress = Progress()
    stages = [st.id for st in org.giai_doan]
    noun = unit_noun(org)
    if not isinstance(data, dict):
        raise DataError([Finding(src.at(), "tệp tiến độ phải là các kỳ «kỳ: …»", PERIOD_HINT)])
    for period, units in data.items():
        if period_end(str(period), 2000) is None:
            out.add(src.at(period), f"«{period}» không phải một kỳ báo cáo", PERIOD_HINT)
            continue
        if not isinstance(units, dict):
            out.add(src.at(period), f"mỗi kỳ là danh sách «mã {noun}: {{…}}»", "xem mẫu trong README, mục «Tiến độ»")
            continue
        rows = {}
        for uid, values in units.items():
            uid = str(uid)
            progress.where[(period, uid)] = src.at(period, uid)
            progress.seen.setdefault(str(period), set()).add(uid)
            if not isinstance(values, dict):
                out.add(src.at(period, uid), f"số liệu của «{uid}» phải là {{{stages[0] if stages else '…'}: …, …}}",
                        "xem mẫu trong README, mục «Tiến độ»")
                continue
            counts = {}
            for st in org.giai_doan:
                progress.where[(period, uid, st.id)] = src.at(period, uid, st.id)
                value = values.get(st.id)
                n = _whole(value)
                if value is None:
                    out.add(src.at(period, uid), f"thiếu «{st.id}» ({st.ten}) của {uid}", f"thêm «{st.id}: 0» nếu không có")
                elif n is None or n < 0:
                    out.add(src.at(period, uid, st.id), f"«{st.id}» phải là số nguyên từ 0 trở lên, không phải {value!r}",
                            "sửa lại con số")
                else:
                    counts[st.id] = n
            extra = set(values) - set(stages) - {"ghi_chu"}
            for key in sorted(map(str, extra)):
                out.add(src.at(period, uid, key), f"mục «{key}» không được biết đến",
                        f"dùng: {', '.join(stages)}, ghi_chu")
            if len(counts) == len(stages):
                rows[uid] = Row(uid, counts, str(values.get("ghi_chu") or ""))
        progress.periods[str(period)] = rows
        progress.where[(str(period),)] = src.at(period)
    return progress, out


# --------------------------------------------------------------------------
# Loading and checks


def _nesting(org: Organisation, uid: str, counts: dict[str, int]):
    """(message, stage) for each group of stages that adds up to more than its parent stage."""
    by_id = {st.id: st for st in org.giai_doan}
    children: dict[str, list[Stage]] = {}
    for st in org.giai_doan:
        if st.thuoc:
            children.setdefault(st.thuoc, []).append(st)
    for parent, kids in children.items():
        total = sum(counts[k.id] for k in kids)
        if total > counts[parent]:
            parts = " cộng ".join(f"«{k.ten}» ({counts[k.id]})" for k in kids)
            yield (f"{uid}: {'số ' if len(kids) == 1 else ''}{parts} lớn hơn số «{by_id[parent].ten}» "
                   f"({counts[parent]})", kids[-1])


def check(progress: Progress, org: Organisation, year: int) -> Findings:
    out = Findings()
    known = {u.id for u in org.don_vi}
    noun = unit_noun(org)
    for period, rows in progress.periods.items():
        end = period_end(period, year)
        if end is not None and end.year != year:
            out.add(progress.where[(period,)], f"kỳ «{period}» không thuộc năm {year}", PERIOD_HINT)
        for uid in rows:
            if uid not in known:
                out.add(progress.where[(period, uid)], f"{noun} «{uid}» không có trong don-vi.yaml",
                        f"sửa mã {noun}")
        for u in org.don_vi:
            if u.id not in progress.seen.get(period, set()):
                out.add(progress.where[(period,)], f"kỳ «{period}» thiếu số liệu của {unit_name(org, u)} ({u.id})",
                        "bổ sung một dòng cho đơn vị này (ghi 0 nếu chưa có)")
        for uid, row in rows.items():
            for message, stage in _nesting(org, uid, row.counts):
                out.add(progress.where[(period, uid, stage.id)], message, "kiểm tra lại số liệu")
    ordered = progress.ordered(year)
    cumulative = [st for st in org.giai_doan if st.cong_don]
    for earlier, later in zip(ordered, ordered[1:]):
        for uid, row in progress.periods[later].items():
            before = progress.periods[earlier].get(uid)
            if before is None:
                continue
            for st in cumulative:
                if row.counts[st.id] < before.counts[st.id]:
                    out.add(progress.where[(later, uid, st.id)],
                            f"{uid}: «{st.ten}» kỳ {later} ({row.counts[st.id]}) ít hơn kỳ {earlier} "
                            f"({before.counts[st.id]}), trong khi số liệu cộng dồn từ đầu năm",
                            "sửa lại số liệu của một trong hai kỳ")
    return out


def load(project: Project, year: int, org: Organisation) -> Progress:
    """Progress of the year from data/<year>/tien-do.yaml and/or tien-do.xlsx."""
    folder = project.data / str(year)
    yaml_file, xlsx_file = (folder / name for name in FILES)
    findings = Findings()
    if not org.giai_doan:
        raise DataError([Finding(Location(project.show(project.data / "don-vi.yaml")),
                                 "chưa khai các giai đoạn tiến độ (giai_doan)",
                                 "thêm «giai_doan: [{id: …, ten: …}, …]» vào don-vi.yaml (xem README, mục «Tiến độ»)")])
    merged = Progress()
    sources = []
    if present(yaml_file):
        sources.append(read_yaml_progress(yaml_file, project.show(yaml_file), org))
    if present(xlsx_file):
        regular_file(xlsx_file, project.show(xlsx_file))
        sources.append(read_workbook(xlsx_file, project.show(xlsx_file), org))
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


def load_years(project: Project, year: int, org: Organisation) -> dict[int, Progress]:
    """Progress of every year up to *year* that has any (reports against a term plan)."""
    findings = Findings()
    out: dict[int, Progress] = {}
    years = sorted(int(p.name) for p in project.data.iterdir()
                   if p.is_dir() and p.name.isdigit() and int(p.name) <= year
                   and any(present(p / name) for name in FILES))
    for y in years:
        try:
            out[y] = load(project, y, org)
        except DataError as exc:
            findings.extend(exc.findings)
    if year not in out and not findings:
        findings.add(Location(project.show(project.data / str(year) / FILES[0])), f"chưa có số liệu tiến độ năm {year}",
                     f"tạo sổ Excel bằng «vanban mau-excel tien-do {year}», điền rồi chạy lại")
    findings.raise_if_any(DataError)
    return out
