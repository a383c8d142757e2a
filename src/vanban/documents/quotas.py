"""Quotas as documents write them, and as reports measure them.

One place decides how a target is written (`01 nguồn`, `ít nhất 02 nguồn`,
`01-02 nguồn`) and what a report measures it against (the minimum), so the
plan, the letters, the workbook and the reports can never disagree.
"""

from __future__ import annotations

from ..text.figures import target_text
from ..text.figures import total_text as stated_text
from ..data.model import Organisation, Plan, Quota, QuotaKind, Target


def target_context(t: Target, kind: QuotaKind) -> dict:
    """What a template gets of one target."""
    return {"chu": target_text(t), "so_luong": t.toi_thieu, "toi_da": t.toi_da,
            "it_nhat": t.form == "it_nhat", "khoang": t.form == "khoang", "don_vi_tinh": kind.don_vi_tinh}


def total(q: Quota) -> tuple[int, int | None]:
    """The quota's total as (minimum, maximum or None), the part not broken down included."""
    low, high = q.allocated()
    return low, (None if q.tong_so.toi_da is None else high)


def total_text(q: Quota) -> str:
    """The total as the decision writes it: '17', '1.905', '255-321', 'từ 22' (numbers, not
    two-digit counts; the checks made it equal to the allocations and the part not broken down)."""
    return stated_text(q.tong_so)


def parts(org: Organisation, plan: Plan) -> dict[str, list[str]]:
    """Quota kind → the kinds of the plan declared part of it (thuoc), in plan order."""
    present = [q.loai for q in plan.chi_tieu]
    out: dict[str, list[str]] = {}
    for key in dict.fromkeys(present):
        parent = org.loai_chi_tieu[key].thuoc if key in org.loai_chi_tieu else None
        if parent in present:
            out.setdefault(parent, []).append(key)
    return out


def kinds(org: Organisation, plan: Plan) -> list[tuple[Quota, QuotaKind]]:
    """The plan's quotas with their kinds, in the plan's order."""
    return [(q, org.loai_chi_tieu[q.loai]) for q in plan.chi_tieu]


def by_unit(q: Quota) -> dict[str, Target]:
    return {a.don_vi: q.target(a) for a in q.phan_bo}


def lead_targets(org: Organisation, plan: Plan, q: Quota) -> dict[str, Target]:
    """Targets a plan sets units outside the allocation of *q*: a unit that leads an assignment
    with a number (a branch that leads the search for at least one candidate among the militia)
    counting towards *q* (its chi_tieu, or the plan's only quota kind). They are not part of
    the plan's total."""
    allocated = by_unit(q)
    units = {u.id for u in org.don_vi}
    out: dict[str, Target] = {}
    for a in plan.phan_cong:
        if a.chi_tieu != q.loai and not (a.chi_tieu is None and len(plan.chi_tieu) == 1):
            continue
        for uid in a.chu_tri:
            if uid in units and uid not in allocated:
                out[uid] = a.target
    return out
