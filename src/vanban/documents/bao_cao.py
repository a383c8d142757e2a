"""Progress report (báo cáo kết quả) for one period: a table per branch with
quota, stages and achievement, the classification of branches, a chart.
Data: data/<năm>/bao-cao.yaml (model Report), the plan, and tien-do."""

from __future__ import annotations

from .. import chart
from .. import vietnamese as vi
from ..checks import check_recipients, check_signer
from ..errors import DataError, Finding, Findings, Location
from ..model import Organisation, Plan, Profile, Report
from ..progress import PERIOD_HINT, STAGES, Progress, period_end, period_name, quotas
from ..recipients import branch_name
from . import Document, Numbering, Picture
from .common import branch_parts, branches_text, issue_and_frame, output_name

MODEL = Report
CHART_WIDTH_MM = 160


def check(org: Organisation, report: Report, src, year: int, numbering: Numbering, base=None, **_) -> Findings:
    out = check_signer(org, report.nguoi_ky, src)
    for period, facts in report.ky.items():
        end = period_end(period, year)
        if end is None:
            out.add(src.at("ky", period), f"«{period}» không phải một kỳ báo cáo", PERIOD_HINT)
        elif facts.ngay and facts.ngay < end.replace(day=1):
            out.add(src.at("ky", period, "ngay"), f"báo cáo kỳ «{period}» ghi ngày trước khi kỳ kết thúc",
                    "kiểm tra lại ngày báo cáo")
    numbers: dict[int, str] = {}
    for period, facts in report.ky.items():
        if facts.so is not None:
            if facts.so in numbers:
                out.add(src.at("ky", period, "so"), f"số {facts.so} đã dùng cho báo cáo kỳ «{numbers[facts.so]}»",
                        "mỗi văn bản một số riêng")
            numbers[facts.so] = period
    out.extend(check_recipients(org, report, src))
    return out


def classify(rows: list[dict]) -> dict[str, list]:
    """Branches with a quota: exceeded (> 100 %), met (= 100 %), short (< 100 %)."""
    out = {"vuot": [], "dat": [], "chua_dat": []}
    for r in rows:
        if not r["chi_tieu"]:
            continue
        done = r["gioi_thieu"]
        key = "vuot" if done > r["chi_tieu"] else "dat" if done == r["chi_tieu"] else "chua_dat"
        out[key].append(r["branch"])
    return out


def table(org: Organisation, plan: Plan, progress: Progress, period: str) -> tuple[list[dict], dict]:
    quota = quotas(plan)
    data = progress.periods[period]
    rows = []
    for b in org.chi_bo:
        counts = data[b.id].counts
        rows.append({"branch": b, "chi_bo": branch_name(org, b), "chi_tieu": quota.get(b.id, 0),
                     **counts, "ghi_chu": data[b.id].note})
    total = {key: sum(r[key] for r in rows) for key in ["chi_tieu", *(k for k, _ in STAGES)]}
    return rows, total


def _shown(row: dict) -> dict:
    """A row as printed: counts in two digits where they are quotas, percent with a decimal comma."""
    out = {k: v for k, v in row.items() if k != "branch"}
    out["ty_le"] = vi.percent(row["gioi_thieu"], row["chi_tieu"])
    return out


def build(org: Organisation, profile: Profile, kind: str, decl, report: Report, year: int,
          numbering: Numbering, base=None, period=None, cites=None, **_) -> list[Document]:
    """The report of *period*; without one, the report of every period that has
    both progress data and a number and date in bao-cao.yaml."""
    progress: Progress = base[decl.so_lieu[0]]
    if period is None:
        periods = [p for p in progress.ordered(year) if p in report.ky]
        if not periods:
            raise DataError([Finding(Location("--ky"), "chưa có kỳ nào có cả số liệu tiến độ và số, ngày báo cáo",
                                     "thêm --ky 6-thang (" + PERIOD_HINT + ")")])
        return [doc for p in periods
                for doc in build(org, profile, kind, decl, report, year, numbering, base, p, cites)]
    if period not in progress.periods:
        have = ", ".join(progress.ordered(year)) or "chưa có kỳ nào"
        raise DataError([Finding(Location("--ky"), f"chưa có số liệu tiến độ kỳ «{period}» (có: {have})",
                                 "điền số liệu vào data/NĂM/tien-do.yaml hoặc tien-do.xlsx")])
    facts = report.ky.get(period)
    number, date = (facts.so, facts.ngay) if facts else (None, None)
    if (number is None and not numbering.blank_ok) or (date is None and not numbering.draft):
        raise DataError([Finding(Location("bao-cao.yaml"), f"báo cáo kỳ «{period}» chưa có số hoặc ngày",
                                 f"ghi «{period}: {{so: …, ngay: …}}» dưới «ky», hoặc dùng --du-thao")])
    plan_kind = decl.dua_tren[0]
    return [_report(org, profile, kind, decl, report, year, numbering, base[plan_kind], cites[plan_kind],
                    progress, period, number, date)]


def _report(org, profile, kind, decl, report, year, numbering, plan, plan_ref, progress, period,
            number, date) -> Document:
    name = period_name(period, year)
    subject = report.trich_yeu.replace("{ky}", name)
    issue, frame = issue_and_frame(org, profile, kind=kind, key=f"{kind}/{period}", doc_type=decl.loai,
                                   number=number, date=date, subject=subject, signer_id=report.nguoi_ky,
                                   doc=report, numbering=numbering, year=year)
    rows, total = table(org, plan, progress, period)
    groups = classify(rows)
    quota_kind = org.loai_chi_tieu[plan.chi_tieu[0].loai]
    charted = [r for r in rows if r["chi_tieu"] or r["gioi_thieu"]]
    picture = chart.quota_bars(
        [" ".join(p for p in branch_parts(org, r["branch"]) if p) for r in charted],
        [r["chi_tieu"] for r in charted], [r["gioi_thieu"] for r in charted],
        title=f"Chỉ tiêu và kết quả {quota_kind.ten} {name}",
        quota_label=f"Chỉ tiêu ({quota_kind.don_vi})", achieved_label="Quần chúng ưu tú được giới thiệu")
    context = {
        "nam": year,
        "ky": {"ma": period, "ten": name, "den_ngay": vi.date_words(period_end(period, year))},
        "ke_hoach": plan_ref,
        "bang": [dict(_shown(r), stt=i) for i, r in enumerate(rows, 1)],
        "tong": dict(total, ty_le=vi.percent(total["gioi_thieu"], total["chi_tieu"])),
        "vuot": branches_text(org, groups["vuot"]) if groups["vuot"] else "",
        "dat": branches_text(org, groups["dat"]) if groups["dat"] else "",
        "chua_dat": branches_text(org, groups["chua_dat"]) if groups["chua_dat"] else "",
        "so_vuot": len(groups["vuot"]), "so_dat": len(groups["dat"]), "so_chua_dat": len(groups["chua_dat"]),
        "bieu_do": Picture(picture, CHART_WIDTH_MM),
    }
    return Document(kind=kind, template=decl.mau, context=context, frame=frame, issue=issue,
                    output_name=output_name(kind, issue, period))
