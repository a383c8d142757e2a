"""The plan (kế hoạch): quotas per branch, lead/coordination assignments,
cited documents. Data: data/<năm>/ke-hoach.yaml (model Plan)."""

from __future__ import annotations

from .. import vietnamese as vi
from ..checks import check_plan
from ..errors import DataError, Finding, Location
from ..model import Organisation, Plan, Profile
from . import Document, Numbering
from .common import bodies_text, branches_text, citation, issue_and_frame, output_name

MODEL = Plan


def check(org: Organisation, plan: Plan, src, year: int, numbering: Numbering, **_):
    return check_plan(org, plan, src, year, numbering)


def quota_groups(org: Organisation, quota) -> list[dict]:
    """Branches with the same quota, in data order, the way the plan writes them:
    'Chi bộ ấp Chợ, Căn cứ, … mỗi chi bộ ít nhất 02 nguồn; Chi bộ cơ quan 01 nguồn'."""
    branches = {b.id: b for b in org.chi_bo}
    groups: dict[tuple, list] = {}
    for a in quota.phan_bo:
        if a.so_luong:
            groups.setdefault((a.so_luong, a.it_nhat), []).append(branches[a.chi_bo])
    return [
        {"chi_bo": branches_text(org, members), "so_chi_bo": len(members),
         "so_luong": count, "it_nhat": at_least}
        for (count, at_least), members in groups.items()
    ]


def quotas(org: Organisation, plan: Plan) -> dict[str, dict]:
    out = {}
    for q in plan.chi_tieu:
        kind = org.loai_chi_tieu[q.loai]
        # the total printed is computed from the allocations (checks made the declared one agree)
        out[q.loai] = {"ten": kind.ten, "don_vi": kind.don_vi, "tong_so": sum(a.so_luong for a in q.phan_bo),
                       "nhom": quota_groups(org, q)}
    return out


def assignments(org: Organisation, plan: Plan) -> dict[str, list[dict]]:
    """Assignment phrases, split by who leads: a branch ('chi_bo') or a mass organisation."""
    branches = {b.id for b in org.chi_bo}
    out: dict[str, list[dict]] = {"chi_bo": [], "doan_the": []}
    for a in plan.phan_cong:
        side = "chi_bo" if a.chu_tri[0] in branches else "doan_the"
        out[side].append({
            "chu_tri": bodies_text(org, a.chu_tri, a.danh_xung),
            "phoi_hop": bodies_text(org, a.phoi_hop) if a.phoi_hop else "",
            "so_luong": a.so_luong, "it_nhat": a.it_nhat, "doi_tuong": a.doi_tuong,
            "don_vi": org.loai_chi_tieu[a.chi_tieu].don_vi,
        })
    return out


def build(org: Organisation, profile: Profile, kind: str, decl, plan: Plan, year: int,
          numbering: Numbering, only=None, **_) -> list[Document]:
    """The plan: one document."""
    if only:
        raise DataError([Finding(Location("--chi-bo"), "kế hoạch là một văn bản chung, không dựng riêng từng chi bộ",
                                 "bỏ tùy chọn --chi-bo")])
    issue, frame = issue_and_frame(
        org, profile, kind=kind, key=kind, doc_type=decl.loai, number=plan.so, date=plan.ngay,
        subject=plan.trich_yeu, signer_id=plan.nguoi_ky, doc=plan, numbering=numbering, year=year)
    cited = {d.id: citation(d) for d in plan.van_ban}
    context = {
        "nam": year,
        "nhiem_ky": plan.nhiem_ky,
        "co_quan": org.co_quan.ten,
        "trich_yeu": plan.trich_yeu,
        "so_ky_hieu": issue.symbol,
        "ngay": vi.date_words(plan.ngay) if plan.ngay else "",
        "can_cu": [" và ".join(cited[ref] for ref in para) for para in plan.can_cu],
        "trich_dan": cited,
        "chi_tieu": quotas(org, plan),
        "phan_cong": assignments(org, plan),
        "han_bao_cao": [{"ky": d.ky, "han": vi.date_words(d.han)} for d in plan.han_bao_cao],
    }
    return [Document(kind=kind, template=decl.mau, context=context, frame=frame, issue=issue,
                     output_name=output_name(kind, issue))]
