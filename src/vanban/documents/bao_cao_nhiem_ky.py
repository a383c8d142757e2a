"""Progress against a term plan (báo cáo thực hiện kế hoạch nhiệm kỳ), for one
period of one year: per unit and quota kind, the year's target and result, and
the term so far (the targets of every year up to this one against the results
of the earlier years, counted at their year's end, plus this period's).
Data: data/<năm>/bao-cao-nhiem-ky.yaml (model Report), the term plan and the
progress of each year of the term."""

from __future__ import annotations

from ..text import vietnamese as vi
from ..data.model import Organisation, Report, TermPlan
from ..data.progress import Progress, period_name
from ..errors import DataError, Finding, Location
from ..text.figures import NONE, cell_text, sum_text
from ..text.names import unit_heading, unit_name, unit_noun
from . import Document, Job, Table
from .bao_cao import check as check_report
from .bao_cao import period_context, report_periods
from .common import issue_and_frame, org_context, output_name
from .ke_hoach_nhiem_ky import kinds_by_year
from .quotas import by_unit

MODEL = Report
OPTIONS = frozenset({"period"})
YEAR_END = "nam"  # an earlier year counts with its year-end figures


def check(org, report, src, year, numbering, base=None):
    plan = next((v for v in (base or {}).values() if isinstance(v, TermPlan)), None)
    out = check_report(org, report, src, year, numbering, base)
    if plan is not None and not plan.first_year() <= year <= plan.last_year():
        out.add(src.at(), f"năm {year} không thuộc nhiệm kỳ {plan.nhiem_ky} của kế hoạch",
                "dùng kế hoạch của nhiệm kỳ này")
    return out


def measure(org: Organisation, plan: TermPlan, progress: dict[int, Progress], year: int, period: str) -> list[dict]:
    stages = {st.id: st for st in org.giai_doan}
    names = {u.id: unit_name(org, u) for u in org.don_vi}
    problems = []
    out = []
    for key, per_year in kinds_by_year(org, plan):
        kind = org.loai_chi_tieu[key]
        stage_id, shared = org.measuring_stage(key)
        stage = stages.get(stage_id) if stage_id else None
        if stage is None or not stage.cong_don:
            problems.append(Finding(Location("data/don-vi.yaml"), f"loại chỉ tiêu «{key}» cần một giai đoạn cộng dồn "
                                    "để báo cáo theo nhiệm kỳ (do_bang)", "ghi «do_bang» là một giai đoạn cộng dồn"))
            continue
        years = [y for y in sorted(per_year) if y <= year]
        done: dict[int, dict[str, int]] = {}
        for y in years:
            p = progress.get(y)
            have = period if y == year else YEAR_END
            if p is None or have not in p.periods:
                problems.append(Finding(Location(f"data/{y}/tien-do.yaml"),
                                        f"chưa có số liệu tiến độ kỳ «{have}» năm {y} để tính lũy kế nhiệm kỳ",
                                        f"nhập số liệu kỳ «{have}» của năm {y}"))
                continue
            mine = by_unit(per_year[y]) if shared else None  # a part counted by its parent's stage: its units only
            done[y] = {uid: row.counts[stage.id] for uid, row in p.periods[have].items()
                       if mine is None or uid in mine}
        if problems:
            continue
        targets = {y: by_unit(per_year[y]) for y in years}
        rows = []
        for u in org.don_vi:
            this = targets[year].get(u.id) if year in targets else None
            so_far = [targets[y][u.id] for y in years if u.id in targets[y]]
            year_target = this.toi_thieu if this is not None else None
            cum_target = sum(t.toi_thieu for t in so_far)
            year_done = done[year].get(u.id, 0) if year in done else 0
            cum_done = sum(done[y].get(u.id, 0) for y in years)
            if not cum_target and not cum_done:
                continue
            rows.append({"ten": names[u.id], "chi_tieu_nam": year_target, "ket_qua_nam": year_done,
                         "chi_tieu_luy_ke": cum_target, "ket_qua_luy_ke": cum_done,
                         "_nam": this, "_luy_ke": so_far})
        whole = sum(sum(t.toi_thieu for t in by_unit(q).values()) + q.khong_phan_bo for q in per_year.values())
        totals = {k: sum(r[k] or 0 for r in rows) for k in ("chi_tieu_nam", "ket_qua_nam", "chi_tieu_luy_ke",
                                                              "ket_qua_luy_ke")}
        table = Table(
            headers=("STT", unit_heading(org), f"Chỉ tiêu năm {year}", f"Kết quả năm {year}",
                     "Tỷ lệ năm", "Chỉ tiêu lũy kế", "Kết quả lũy kế", "Tỷ lệ lũy kế"),
            rows=tuple((str(i), r["ten"], cell_text(r["_nam"]),
                        str(r["ket_qua_nam"]), vi.percent(r["ket_qua_nam"], r["chi_tieu_nam"]),
                        sum_text(r["_luy_ke"]) if r["chi_tieu_luy_ke"] else NONE, str(r["ket_qua_luy_ke"]),
                        vi.percent(r["ket_qua_luy_ke"], r["chi_tieu_luy_ke"])) for i, r in enumerate(rows, 1)),
            total=("", "Tổng cộng", sum_text([r["_nam"] for r in rows]), str(totals["ket_qua_nam"]),
                   vi.percent(totals["ket_qua_nam"], totals["chi_tieu_nam"]),
                   sum_text([t for r in rows for t in r["_luy_ke"]]),
                   str(totals["ket_qua_luy_ke"]), vi.percent(totals["ket_qua_luy_ke"], totals["chi_tieu_luy_ke"])))
        out.append({"ma": key, "ten": kind.ten, "don_vi_tinh": kind.don_vi_tinh, "giai_doan": stage.ten,
                    **{k: v for k, v in totals.items()},
                    "ty_le_nam": vi.percent(totals["ket_qua_nam"], totals["chi_tieu_nam"]),
                    "ty_le_luy_ke": vi.percent(totals["ket_qua_luy_ke"], totals["chi_tieu_luy_ke"]),
                    "chi_tieu_nhiem_ky": whole, "ty_le_nhiem_ky": vi.percent(totals["ket_qua_luy_ke"], whole),
                    "tu_nam": years[0] if years else year, "bang": table})
    if problems:
        raise DataError(problems)
    return out


def issued_parts(report: Report | None) -> list[dict]:
    """Each declared period is issued when it is ready (as the yearly report's)."""
    return [{"period": p} for p in report.ky] if report is not None else [{}]


def build(job: Job, period=None) -> list[Document]:
    progress: dict[int, Progress] = job.base[job.decl.so_lieu[0]]
    this_year = progress.get(job.year, Progress())
    return [_term_report(job, progress, p, number, date)
            for p, number, date in report_periods(job, this_year, period)]


def _term_report(job: Job, progress: dict[int, Progress], period: str, number, date) -> Document:
    report: Report = job.data
    org = job.org
    plan_kind = job.decl.dua_tren[0]
    plan: TermPlan = job.base[plan_kind]
    name = period_name(period, job.year)
    subject = report.trich_yeu.replace("{ky}", name)
    issue, frame = issue_and_frame(org, job.profile, kind=job.kind, key=f"{job.kind}/{period}",
                                   doc_type=job.decl.loai, number=number, date=date, subject=subject,
                                   signer_id=report.nguoi_ky, doc=report, numbering=job.numbering, year=job.year)
    context = {
        **org_context(org, report.nguoi_ky),
        "nam": job.year,
        "nhiem_ky": plan.nhiem_ky,
        "ky": period_context(period, name, date, job.year),
        "ke_hoach": job.cites[plan_kind],
        "chi_tieu": measure(org, plan, progress, job.year, period),
        "danh_tu": unit_noun(org),
    }
    return Document(kind=job.kind, template=job.decl.mau, context=context, frame=frame, issue=issue,
                    output_name=output_name(job.kind, issue, period))
