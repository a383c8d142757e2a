"""The plan (kế hoạch): quotas per unit for each quota kind, lead/coordination
assignments, cited documents. Data: data/<năm>/ke-hoach.yaml (model Plan).

A template can write the allocation either way: as sentences grouping units
with the same target (`chi_tieu[].nhom`), or unit by unit (`phan_bo`, or the
ready-made table `bang_phan_bo`). Both come from the same figures.
"""

from __future__ import annotations

from ..text import vietnamese as vi
from ..data.checks import check_plan
from ..data.model import Organisation, Plan
from ..text.names import bodies_text, unit_heading, unit_name, unit_noun, units_text
from . import Document, Job, Numbering, Table
from .common import org_context, citation, issue_and_frame, output_name
from ..text.figures import NONE, cell_text
from .quotas import by_unit, kinds, parts, target_context, target_text, total, total_text

MODEL = Plan
OPTIONS = frozenset()


def check(org: Organisation, plan: Plan, src, year: int, numbering: Numbering, base=None):
    return check_plan(org, plan, src, year, numbering)


def quota_groups(org: Organisation, q, kind) -> list[dict]:
    """Units with the same target, in data order, the way a plan writes them:
    'Chi bộ ấp Một, Hai, … mỗi chi bộ ít nhất 02 nguồn; Chi bộ cơ quan 01 nguồn'."""
    units = {u.id: u for u in org.don_vi}
    groups: dict[tuple, list] = {}
    for a in q.phan_bo:
        t = q.target(a)
        if t.toi_thieu or t.toi_da:
            groups.setdefault(target_text(t), []).append((units[a.don_vi], t))  # 'từ 02' and 'ít nhất 02' apart
    out = []
    for members in groups.values():
        members_units = [u for u, _ in members]
        out.append({"ten": units_text(org, members_units), "so_don_vi": len(members),
                    "danh_tu": unit_noun(org, members_units), **target_context(members[0][1], kind)})
    return out


def quota_context(org: Organisation, plan: Plan) -> list[dict]:
    """Each quota kind of the plan; a kind declared part of another (thuoc) is listed under it
    too («trong_do»), so a sentence can say «… là 170, trong đó từ nguồn trường học 06»."""
    out = []
    units = {u.id: u for u in org.don_vi}
    for q, kind in kinds(org, plan):
        low, high = total(q)
        parent = kind.thuoc if kind.thuoc in {x.loai for x in plan.chi_tieu} else None
        out.append({
            "ma": q.loai, "ten": kind.ten, "don_vi_tinh": kind.don_vi_tinh,
            "tieu_de": kind.tieu_de or f"Phân bổ chỉ tiêu {kind.ten}",
            "tong_so": low, "tong_so_toi_da": high, "tong_so_chu": total_text(q),
            "khong_phan_bo": q.khong_phan_bo, "ghi_chu_khong_phan_bo": q.ghi_chu_khong_phan_bo,
            "thuoc": parent or "",
            "nhom": quota_groups(org, q, kind),
            "don_vi": [{"ma": a.don_vi, "ten": unit_name(org, units[a.don_vi]), **target_context(q.target(a), kind)}
                       for a in q.phan_bo],
        })
    by_key = {c["ma"]: c for c in out}
    for c in out:
        c["trong_do"] = [{"ma": by_key[k]["ma"], "ten": by_key[k]["ten"], "tong_so_chu": by_key[k]["tong_so_chu"],
                          "don_vi_tinh": by_key[k]["don_vi_tinh"]} for k in parts(org, plan).get(c["ma"], [])]
    return out


def allocation_rows(org: Organisation, plan: Plan) -> list[dict]:
    """Unit by unit, every quota kind side by side (units without any quota left out)."""
    per_kind = [(by_unit(q), kind) for q, kind in kinds(org, plan)]
    rows = []
    for u in org.don_vi:
        cells = [{**target_context(t[u.id], kind), "chu_bang": cell_text(t[u.id])} if u.id in t else None
                 for t, kind in per_kind]
        if any(cells):
            rows.append({"stt": len(rows) + 1, "ma": u.id, "ten": unit_name(org, u), "chi_tieu": cells})
    return rows


def kind_heading(kind, present: set[str]) -> str:
    """A quota kind's column heading; a part of another kind of the plan says so."""
    name = f"{kind.ten_ngan or kind.ten} ({kind.don_vi_tinh})"
    return f"Trong đó: {name}" if kind.thuoc in present else f"Chỉ tiêu {name}"


def unallocated_row(amounts: list[int], width: int) -> tuple[str, ...] | None:
    """The row that makes a table's total add up when part of a total is not broken down
    per unit (khong_phan_bo, one amount per quota column): 'Chưa phân bổ' and that part."""
    if not any(amounts):
        return None
    cells = [vi.decimal(n) if n else NONE for n in amounts]
    return ("", "Chưa phân bổ", *cells, *[""] * (width - 2 - len(cells)))


def allocation_table(org: Organisation, plan: Plan, rows: list[dict]) -> Table:
    present = {q.loai for q in plan.chi_tieu}
    heads = ["STT", unit_heading(org)] + [kind_heading(kind, present) for _, kind in kinds(org, plan)]
    body = [(str(r["stt"]), r["ten"], *[c["chu_bang"] if c else NONE for c in r["chi_tieu"]]) for r in rows]
    extra = unallocated_row([q.khong_phan_bo for q, _ in kinds(org, plan)], len(heads))
    if extra:
        body.append(extra)
    totals = ("", "Tổng cộng", *[total_text(q) for q, _ in kinds(org, plan)])
    return Table(headers=tuple(heads), rows=tuple(body), total=totals)


def assignments(org: Organisation, plan: Plan) -> dict[str, list[dict]]:
    """Assignment phrases, split by who leads: a unit ('don_vi') or a mass organisation ('doan_the')."""
    units = {u.id for u in org.don_vi}
    out: dict[str, list[dict]] = {"don_vi": [], "doan_the": []}
    for a in plan.phan_cong:
        side = "don_vi" if a.chu_tri[0] in units else "doan_the"
        kind = org.loai_chi_tieu.get(a.chi_tieu) if a.chi_tieu else None
        out[side].append({
            "chu_tri": bodies_text(org, a.chu_tri, a.danh_xung),
            "phoi_hop": bodies_text(org, a.phoi_hop) if a.phoi_hop else "",
            "doi_tuong": a.doi_tuong, "chu": target_text(a.target), "so_luong": a.target.toi_thieu,
            "it_nhat": a.target.form == "it_nhat", "don_vi_tinh": kind.don_vi_tinh if kind else "",
        })
    return out


def build(job: Job, **options) -> list[Document]:
    """The plan: one document."""
    org, plan = job.org, job.data
    issue, frame = issue_and_frame(
        org, job.profile, kind=job.kind, key=job.kind, doc_type=job.decl.loai, number=plan.so, date=plan.ngay,
        subject=plan.trich_yeu, signer_id=plan.nguoi_ky, doc=plan, numbering=job.numbering, year=job.year)
    cited = {d.id: citation(d) for d in plan.van_ban}
    rows = allocation_rows(org, plan)
    context = {
        "nam": job.year,
        **org_context(org, plan.nguoi_ky),
        "nhiem_ky": plan.nhiem_ky or "",
        "trich_yeu": plan.trich_yeu,
        "so_ky_hieu": issue.symbol,
        "ngay": frame.date[1].split(", ", 1)[-1],
        "can_cu": [" và ".join(cited[ref] for ref in para) for para in plan.can_cu],
        "quan_triet": "; ".join(cited[ref] for ref in plan.quan_triet),
        "trich_dan": cited,
        "chi_tieu": quota_context(org, plan),
        "phan_bo": rows,
        "danh_tu": unit_noun(org),
        "bang_phan_bo": allocation_table(org, plan, rows),
        "phan_cong": assignments(org, plan),
        "han_bao_cao": [{"ky": d.ky, "han": vi.date_words(d.han)} for d in plan.han_bao_cao],
    }
    return [Document(kind=job.kind, template=job.decl.mau, context=context, frame=frame, issue=issue,
                     output_name=output_name(job.kind, issue))]
