"""Progress report (báo cáo kết quả) for one period: a table per unit with every
quota kind's target and achievement and every progress stage, the units that
exceeded, met or fell short of each quota, a chart per quota kind.
Data: data/<năm>/bao-cao.yaml (model Report), the plan, and tien-do.

Each quota kind is measured by the stage its kind names (do_bang); a target
written as a range or 'at least' is measured against its minimum, and the
report says so. Nothing depends on the order in which kinds are declared.
"""

from __future__ import annotations

import difflib

from ..rendering import chart
from ..text import vietnamese as vi
from ..data.checks import check_recipients, check_signer
from ..data.model import Organisation, Plan, Report, full_date
from ..data.progress import PERIOD_HINT, PERIODS, Progress, period_end, period_name
from ..errors import DataError, Finding, Findings, Location
from ..text.figures import NONE, cell_text
from ..text.names import LIST_MAX, unit_heading, unit_name, unit_noun, units_listed, units_text
from . import Document, Job, Numbering, Picture, Table
from .common import org_context, issue_and_frame, output_name
from .ke_hoach import unallocated_row
from .quotas import by_unit, kinds, lead_targets, total, total_text

MODEL = Report
OPTIONS = frozenset({"period"})
CHART_WIDTH_MM = 160


def check(org: Organisation, report: Report, src, year: int, numbering: Numbering, base=None) -> Findings:
    out = check_signer(org, report.nguoi_ky, src)
    for period, facts in report.ky.items():
        end = period_end(period, year)
        if end is None:
            out.add(src.at("ky", period), f"«{period}» không phải một kỳ báo cáo", PERIOD_HINT)
        elif full_date(facts.ngay) and facts.ngay < end.replace(day=1):
            out.add(src.at("ky", period, "ngay"), f"báo cáo kỳ «{period}» ghi ngày trước khi kỳ kết thúc",
                    "kiểm tra lại ngày báo cáo")
        elif full_date(facts.ngay) and facts.ngay.year not in (year, year + 1):
            out.add(src.at("ky", period, "ngay"), f"báo cáo kỳ «{period}» của năm {year} ghi ngày năm "
                    f"{facts.ngay.year}", "sửa ngày báo cáo (dữ liệu chép từ năm trước?)")
    numbers: dict[int, str] = {}
    for period, facts in report.ky.items():
        if facts.so is not None:
            if facts.so in numbers:
                out.add(src.at("ky", period, "so"), f"số {facts.so} đã dùng cho báo cáo kỳ «{numbers[facts.so]}»",
                        "mỗi văn bản một số riêng")
            numbers[facts.so] = period
    for q in base_plan(base).chi_tieu if base else []:
        kind = org.loai_chi_tieu.get(q.loai)
        if kind is not None and org.measuring_stage(q.loai)[0] is None:
            out.add(Location("data/don-vi.yaml"), f"loại chỉ tiêu «{q.loai}» chưa ghi giai đoạn đo kết quả (do_bang)",
                    f"thêm «do_bang: …» (một trong: {', '.join(s.id for s in org.giai_doan)}) vào loai_chi_tieu.{q.loai}")
    out.extend(check_recipients(org, report, src))
    return out


def base_plan(base: dict) -> Plan:
    """The plan among the records a report is built on (its kinds and targets come from it)."""
    return next(v for v in base.values() if isinstance(v, Plan))


def measure(org: Organisation, plan: Plan, progress: Progress, period: str) -> list[dict]:
    """Per quota kind (plan order): its target per unit, what the measuring stage counts,
    the rate and the classification of the units that have a target."""
    data = progress.periods[period]
    stages = {st.id: st for st in org.giai_doan}
    units = {u.id: u for u in org.don_vi}
    out = []
    for q, kind in kinds(org, plan):
        leads = lead_targets(org, plan, q)
        targets = {**by_unit(q), **leads}
        stage_id, shared = org.measuring_stage(q.loai)
        stage = stages[stage_id]
        # a part of another kind counted by its parent's stage: only its own units' count is its result
        done = {u.id: data[u.id].counts[stage.id] if not shared or u.id in targets else 0 for u in org.don_vi}
        if shared and not any(t.toi_thieu or t.toi_da for t in targets.values()):
            raise DataError([Finding(Location("data/don-vi.yaml"), f"chỉ tiêu «{q.loai}» là một phần của "
                                     f"«{kind.thuoc}» và đo bằng giai đoạn của nó («{stage.id}») nhưng không phân bổ "
                                     "cho đơn vị nào: không tách được kết quả của riêng nó",
                                     f"khai một giai đoạn riêng cho «{q.loai}» (do_bang), hoặc phân bổ chỉ tiêu này "
                                     "cho từng đơn vị")])
        groups = {"vuot": [], "dat": [], "chua_dat": []}
        for uid, t in targets.items():
            if not (t.toi_thieu or t.toi_da):
                continue
            n = done[uid]
            key = "chua_dat" if n < t.toi_thieu else "dat" if t.toi_da is not None and n <= t.toi_da or \
                n == t.toi_thieu else "vuot"
            groups[key].append(units[uid])
        low, _ = total(q)
        achieved = sum(done.values())
        measured_by_minimum = any(t.form == "khoang" for t in targets.values()) or q.tong_so.form == "khoang"
        present = {x.loai for x in plan.chi_tieu}
        out.append({
            "ma": q.loai, "ten": kind.ten, "ten_ngan": kind.ten_ngan or kind.ten, "don_vi_tinh": kind.don_vi_tinh,
            "giai_doan": stage.ten, "thuoc": kind.thuoc if kind.thuoc in present else "",
            "tong_so": low, "tong_so_chu": total_text(q), "muc_tinh": vi.decimal(low), "khong_phan_bo": q.khong_phan_bo,
            "ket_qua": achieved, "ty_le": vi.percent(achieved, low), "theo_toi_thieu": measured_by_minimum,
            **{key: units_listed(org, groups[key]) for key in groups},
            "liet_ke": {key: len(groups[key]) <= LIST_MAX for key in groups},
            "so_vuot": len(groups["vuot"]), "so_dat": len(groups["dat"]), "so_chua_dat": len(groups["chua_dat"]),
            "_targets": targets, "_done": done, "_leads": set(leads),
            "chu_tri": units_text(org, [units[uid] for uid in leads]),
        })
    return out


def rows(org: Organisation, progress: Progress, period: str, measured: list[dict]) -> list[dict]:
    data = progress.periods[period]
    out = []
    for i, u in enumerate(org.don_vi, 1):
        cells = []
        for m in measured:
            t = m["_targets"].get(u.id)
            has = t is not None and (t.toi_thieu or t.toi_da)
            lead = u.id in m["_leads"]
            cells.append({"chu": cell_text(t) if has else NONE,
                          "so": (cell_text(t) + ("*" if lead else "")) if has else NONE, "chu_tri": lead,
                          "so_luong": t.toi_thieu if has else 0,
                          "ket_qua": m["_done"][u.id],
                          "ty_le": vi.percent(m["_done"][u.id], t.toi_thieu) if has else "—"})
        out.append({"stt": i, "ma": u.id, "ten": unit_name(org, u), "chi_tieu": cells,
                    "so_lieu": [data[u.id].counts[st.id] for st in org.giai_doan], "ghi_chu": data[u.id].note})
    return out


def data_table(org: Organisation, measured: list[dict], table_rows: list[dict], stage_totals: list[int]) -> Table:
    heads = ["STT", unit_heading(org)]
    heads += [(f"Trong đó: {m['ten_ngan']}" if m["thuoc"] else f"Chỉ tiêu {m['ten_ngan']}") if len(measured) > 1
              else "Chỉ tiêu" for m in measured]
    heads += [st.ten_ngan or st.ten for st in org.giai_doan]
    heads += [f"Tỷ lệ {m['ten_ngan']}" if len(measured) > 1 else "Tỷ lệ đạt" for m in measured]
    body = [(str(r["stt"]), r["ten"], *[c["so"] for c in r["chi_tieu"]], *map(str, r["so_lieu"]),
             *[c["ty_le"] for c in r["chi_tieu"]]) for r in table_rows]
    extra = unallocated_row([m["khong_phan_bo"] for m in measured], len(heads))
    if extra:  # the part of a total not broken down per unit: no progress of its own
        body.append(extra[:2 + len(measured)] + (NONE,) * (len(heads) - 2 - len(measured)))
    totals = ("", "Tổng cộng", *[m["tong_so_chu"] for m in measured], *map(str, stage_totals),
              *[m["ty_le"] for m in measured])
    leads = [m for m in measured if m["chu_tri"]]
    note = ("* Chỉ tiêu " + "; ".join(f"{m['ten']} của {m['chu_tri']}" for m in leads)
            + " do đơn vị chủ trì, phối hợp thực hiện theo phân công của kế hoạch; không tính vào tổng số "
            + "; ".join(f"{m['tong_so_chu']} {m['don_vi_tinh']}" for m in leads) + " đã phân bổ.") if leads else ""
    return Table(headers=tuple(heads), rows=tuple(body), total=totals, note=note)


def report_periods(job: Job, progress: Progress, period: str | None) -> list[tuple[str, int | None, object]]:
    """(period, number, date) of each report to build: *period*, or without one every period
    that has both progress data and its facts in the report's data file."""
    report: Report = job.data
    periods = [period] if period else [p for p in progress.ordered(job.year) if p in report.ky]
    if not periods:
        raise DataError([Finding(Location("--ky"), "chưa có kỳ nào có cả số liệu tiến độ và số, ngày báo cáo",
                                 "thêm --ky 6-thang (" + PERIOD_HINT + ")")])
    out = []
    for p in periods:
        if period_end(p, job.year) is None:
            close = difflib.get_close_matches(p, list(PERIODS), n=1, cutoff=0.6)
            raise DataError([Finding(Location("--ky"), f"«{p}» không phải một kỳ báo cáo"
                                     + (f" (có phải «{close[0]}»?)" if close else ""), PERIOD_HINT)])
        if p not in progress.periods:
            have = ", ".join(progress.ordered(job.year)) or "chưa có kỳ nào"
            raise DataError([Finding(Location("--ky"), f"chưa có số liệu tiến độ kỳ «{p}» năm {job.year} (có: {have})",
                                     f"điền số liệu kỳ «{p}» vào data/{job.year}/tien-do.yaml, hoặc vào trang «{p}» "
                                     f"của data/{job.year}/tien-do.xlsx (tạo sổ: vanban mau-excel tien-do {job.year})")])
        facts = report.ky.get(p)
        number, date = (facts.so, facts.ngay) if facts else (None, None)
        if full_date(date) is None and not job.numbering.draft:
            raise DataError([Finding(Location(job.decl.du_lieu), f"báo cáo kỳ «{p}» chưa có số hoặc ngày",
                                     f"ghi «{p}: {{so: …, ngay: …}}» dưới «ky», hoặc dùng --du-thao")])
        out.append((p, number, date))
    return out


def issued_parts(report: Report | None) -> list[dict]:
    """Each declared period is issued when it is ready: a report with no period declared has none yet."""
    return [{"period": p} for p in report.ky] if report is not None else [{}]


def period_context(period: str, name: str, date, year: int) -> dict:
    """What a template knows of the period: a report dated before the period ends counts up to
    its own date, and says so («đến ngày 16 tháng 12», never «đến ngày 31 tháng 12»)."""
    end = period_end(period, year)
    dated = full_date(date)
    early = dated is not None and dated < end
    return {"ma": period, "ten": name, "den_ngay": vi.date_words(dated if early else end),
            "ket_thuc": vi.date_words(end), "truoc_ket_thuc": early}


def build(job: Job, period=None) -> list[Document]:
    """The report of *period*; without one, the report of every period with data and facts."""
    progress: Progress = job.base[job.decl.so_lieu[0]]
    return [_report(job, p, number, date) for p, number, date in report_periods(job, progress, period)]


def _report(job: Job, period: str, number, date) -> Document:
    org, report = job.org, job.data
    plan_kind = job.decl.dua_tren[0]
    plan: Plan = job.base[plan_kind]
    progress: Progress = job.base[job.decl.so_lieu[0]]
    name = period_name(period, job.year)
    subject = report.trich_yeu.replace("{ky}", name)
    issue, frame = issue_and_frame(org, job.profile, kind=job.kind, key=f"{job.kind}/{period}",
                                   doc_type=job.decl.loai, number=number, date=date, subject=subject,
                                   signer_id=report.nguoi_ky, doc=report, numbering=job.numbering, year=job.year)
    measured = measure(org, plan, progress, period)
    table_rows = rows(org, progress, period, measured)
    stage_totals = [sum(r["so_lieu"][i] for r in table_rows) for i in range(len(org.giai_doan))]
    for i, m in enumerate(measured, 1):
        charted = [(r["ten"], r["chi_tieu"][i - 1], r["stt"]) for r in table_rows
                   if r["chi_tieu"][i - 1]["so_luong"] or r["chi_tieu"][i - 1]["ket_qua"]]
        series = ([label for label, _, _ in charted], [c["so_luong"] for _, c, _ in charted],
                  [c["ket_qua"] for _, c, _ in charted], f"Chỉ tiêu và kết quả {m['ten']} {name}",
                  f"Chỉ tiêu ({m['don_vi_tinh']})", m["giai_doan"])
        # no title inside the picture: the caption under it names it; drawn when the report is
        # rendered (a book listing the report never draws it)
        m["bieu_do"] = Picture(None, CHART_WIDTH_MM, series, draw=(chart.quota_figure, series[:3], {
            "quota_label": series[4], "achieved_label": series[5], "numbers": [n for _, _, n in charted]}))
        m["so_hinh"] = i
    for m in measured:
        del m["_targets"], m["_done"], m["_leads"]
    context = {
        "nam": job.year,
        **org_context(org, report.nguoi_ky),
        "ky": period_context(period, name, date, job.year),
        "ke_hoach": job.cites[plan_kind],
        "chi_tieu": measured,
        "giai_doan": [{"ma": st.id, "ten": st.ten, "tong": n, "cong_don": st.cong_don}
                      for st, n in zip(org.giai_doan, stage_totals)],
        "bang": table_rows,
        "bang_so_lieu": data_table(org, measured, table_rows, stage_totals),
        "danh_tu": unit_noun(org),
    }
    return Document(kind=job.kind, template=job.decl.mau, context=context, frame=frame, issue=issue,
                    output_name=output_name(job.kind, issue, period))
