"""The term plan (kế hoạch nhiệm kỳ): targets per unit for each year of a term,
for each quota kind. Data: data/<năm ban hành>/ke-hoach-nhiem-ky.yaml (model
TermPlan); it serves every year of the term (pham_vi: nhiem_ky)."""

from __future__ import annotations

from ..text import vietnamese as vi
from ..data.checks import check_plan
from ..data.model import Organisation, TermPlan
from ..text.names import unit_heading, unit_name, unit_noun
from . import Document, Job, Numbering, Table
from .common import citation, issue_and_frame, org_context, output_name
from .ke_hoach import assignments
from ..text.figures import cell_text, sum_text
from .ke_hoach import unallocated_row
from .quotas import by_unit, total, total_text

MODEL = TermPlan
OPTIONS = frozenset()


def check(org: Organisation, plan: TermPlan, src, year: int, numbering: Numbering, base=None):
    out = check_plan(org, plan, src, year, numbering)
    first, last = plan.first_year(), plan.last_year()
    for i, q in enumerate(plan.chi_tieu):
        if q.nam is None:
            out.add(src.at("chi_tieu", i), "chỉ tiêu của kế hoạch nhiệm kỳ cần ghi năm",
                    f"thêm «nam: …» (từ {first} đến {last})")
        elif not first <= q.nam <= last:
            out.add(src.at("chi_tieu", i, "nam"), f"năm {q.nam} không thuộc nhiệm kỳ {plan.nhiem_ky}",
                    f"ghi một năm từ {first} đến {last}")
    return out


def kinds_by_year(org: Organisation, plan: TermPlan) -> list[tuple[str, dict[int, object]]]:
    """Quota kinds in the order of first appearance, each with its quota per year."""
    out: dict[str, dict[int, object]] = {}
    for q in plan.chi_tieu:
        out.setdefault(q.loai, {})[q.nam] = q
    return list(out.items())


def kind_context(org: Organisation, plan: TermPlan, key: str, per_year: dict) -> dict:
    kind = org.loai_chi_tieu[key]
    years = sorted(per_year)
    targets = {y: by_unit(per_year[y]) for y in years}
    ids = [u.id for u in org.don_vi if any(u.id in targets[y] for y in years)]
    names = {u.id: unit_name(org, u) for u in org.don_vi}
    rows = []
    for n, uid in enumerate(ids, 1):
        cells = [cell_text(targets[y].get(uid)) for y in years]
        rows.append((str(n), names[uid], *cells, sum_text([targets[y][uid] for y in years if uid in targets[y]])))
    totals = {y: total(per_year[y])[0] for y in years}
    stated = [per_year[y].tong_so for y in years]
    extra = unallocated_row([per_year[y].khong_phan_bo for y in years], len(years) + 3)
    if extra:
        rest = sum(per_year[y].khong_phan_bo for y in years)
        rows.append(extra[:-1] + (vi.decimal(rest),))
    table = Table(headers=("STT", unit_heading(org), *[f"Năm {y}" for y in years],
                           "Cả nhiệm kỳ"),
                  rows=tuple(rows), total=("", "Tổng cộng", *[total_text(per_year[y]) for y in years],
                                           sum_text(stated)))
    return {"ma": key, "ten": kind.ten, "don_vi_tinh": kind.don_vi_tinh,
            "tieu_de": kind.tieu_de or f"Chỉ tiêu {kind.ten}",
            "nam": [{"nam": y, "tong_so": totals[y], "tong_so_chu": total_text(per_year[y])} for y in years],
            "tong_nhiem_ky": sum(totals.values()), "tong_nhiem_ky_chu": sum_text(stated), "bang": table}


def build(job: Job) -> list[Document]:
    org, plan = job.org, job.data
    issue, frame = issue_and_frame(
        org, job.profile, kind=job.kind, key=job.kind, doc_type=job.decl.loai, number=plan.so, date=plan.ngay,
        subject=plan.trich_yeu, signer_id=plan.nguoi_ky, doc=plan, numbering=job.numbering, year=job.year)
    cited = {d.id: citation(d) for d in plan.van_ban}
    context = {
        **org_context(org, plan.nguoi_ky),
        "nhiem_ky": plan.nhiem_ky,
        "trich_yeu": plan.trich_yeu,
        "so_ky_hieu": issue.symbol,
        "can_cu": [" và ".join(cited[ref] for ref in para) for para in plan.can_cu],
        "quan_triet": "; ".join(cited[ref] for ref in plan.quan_triet),
        "chi_tieu": [kind_context(org, plan, key, per_year) for key, per_year in kinds_by_year(org, plan)],
        "phan_cong": assignments(org, plan),
        "danh_tu": unit_noun(org),
    }
    return [Document(kind=job.kind, template=job.decl.mau, context=context, frame=frame, issue=issue,
                     output_name=output_name(job.kind, issue))]
