"""Assignment letters (thông báo): one to every branch with a quota and every
body with a lead/coordination assignment, built from the plan's own data so
that no figure can disagree with it. Data: data/<năm>/thong-bao.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import vietnamese as vi
from ..checks import check_recipients, check_signer
from ..errors import DataError, Finding, Findings, Location
from ..model import Distribution, Letters, Organisation, Plan, Profile, RecipientLine
from ..recipients import branch_name, group_branches
from . import Document, Numbering
from .common import bodies_text, body_name, issue_and_frame, output_name

MODEL = Letters


@dataclass
class Addressee:
    id: str
    name: str
    quotas: list[dict] = field(default_factory=list)
    leads: list[dict] = field(default_factory=list)
    helps: list[dict] = field(default_factory=list)


def _members(org: Organisation, ref: str) -> set[str]:
    """The branch or mass-organisation ids a reference stands for."""
    group = next((r for r in org.noi_nhan if r.id == ref and r.nhom == "chi_bo"), None)
    if group is not None:
        return {b.id for b in group_branches(org, group)}
    return {ref}


def addressees(org: Organisation, plan: Plan) -> list[Addressee]:
    """Every branch with a quota (data order), then every body that leads or
    coordinates an assignment."""
    branches = {b.id: b for b in org.chi_bo}
    out: dict[str, Addressee] = {}
    for q in plan.chi_tieu:
        kind = org.loai_chi_tieu[q.loai]
        for a in q.phan_bo:
            if a.so_luong:
                who = out.setdefault(a.chi_bo, Addressee(a.chi_bo, branch_name(org, branches[a.chi_bo])))
                who.quotas.append({"ten": kind.ten, "so_luong": a.so_luong, "it_nhat": a.it_nhat,
                                   "don_vi": kind.don_vi})
    for a in plan.phan_cong:
        for lead in a.chu_tri:
            name = body_name(org, lead)
            who = out.setdefault(lead, Addressee(lead, f"{a.danh_xung} {name}" if a.danh_xung else name))
            who.leads.append({"phoi_hop": bodies_text(org, a.phoi_hop) if a.phoi_hop else "",
                              "so_luong": a.so_luong, "it_nhat": a.it_nhat, "doi_tuong": a.doi_tuong})
        partners = [m for p in a.phoi_hop for m in _members(org, p)]
        for pid in dict.fromkeys(partners):
            # a body that only coordinates still gets its letter
            who = out.setdefault(pid, Addressee(pid, body_name(org, pid)))
            who.helps.append({"chu_tri": bodies_text(org, a.chu_tri, a.danh_xung), "doi_tuong": a.doi_tuong})
    return list(out.values())


def numbers(letters: Letters, ids: list[str]) -> dict[str, int | None]:
    """Fixed numbers from the data; the rest in order from so_bat_dau, skipping taken ones."""
    taken = set(letters.so.values())
    out: dict[str, int | None] = {}
    nxt = letters.so_bat_dau
    for i in ids:
        if i in letters.so:
            out[i] = letters.so[i]
        elif nxt is None:
            out[i] = None
        else:
            while nxt in taken:
                nxt += 1
            out[i] = nxt
            taken.add(nxt)
            nxt += 1
    return out


def decl_base(base: dict) -> str:
    """The plan among the data a letter is built on (the one base kind)."""
    return next(iter(base))


def check(org: Organisation, letters: Letters, src, year: int, numbering: Numbering, base=None, **_) -> Findings:
    out = Findings()
    if not numbering.draft and letters.ngay is None:
        out.add(src.at("ngay"), "chưa có ngày ban hành", "ghi «ngay: NĂM-THÁNG-NGÀY», hoặc dùng --du-thao")
    plan: Plan = base[decl_base(base)]
    out.extend(check_signer(org, letters.nguoi_ky, src))
    if letters.ngay and plan.ngay and letters.ngay < plan.ngay:
        out.add(src.at("ngay"), "thông báo ban hành trước kế hoạch mà nó thực hiện",
                "ngày thông báo phải từ ngày ban hành kế hoạch trở về sau")
    ids = [a.id for a in addressees(org, plan)]
    seen: dict[int, str] = {}
    for who, n in letters.so.items():
        if who not in ids:
            out.add(src.at("so", who), f"«{who}» không nhận thông báo nào theo kế hoạch",
                    f"chỉ ghi số cho: {', '.join(ids)}")
        if n in seen:
            out.add(src.at("so", who), f"số {n} đã dùng cho «{seen[n]}»", "mỗi văn bản một số riêng")
        seen[n] = who
    if not numbering.blank_ok and letters.so_bat_dau is None and any(i not in letters.so for i in ids):
        out.add(src.at("so_bat_dau"), "chưa có số cho một số thông báo",
                "ghi «so_bat_dau: …» (số kế tiếp của sổ thông báo), hoặc dùng --du-thao")
    if letters.so_ban is not None:
        out.add(src.at("so_ban"), "thông báo không ghi so_ban: mỗi thông báo có số bản riêng, vanban tự tính",
                "xóa dòng so_ban")
    out.extend(check_recipients(org, letters.model_copy(update={"so_ban": None}), src))
    return out


def build(org: Organisation, profile: Profile, kind: str, decl, letters: Letters, year: int,
          numbering: Numbering, base=None, only=None, cites=None, **_) -> list[Document]:
    plan_kind = decl.dua_tren[0]
    plan: Plan = base[plan_kind]
    people = addressees(org, plan)
    if only:
        known = {a.id for a in people}
        unknown = [i for i in only if i not in known]
        if unknown:
            raise DataError([Finding(Location("--chi-bo"), f"«{i}» không nhận thông báo nào theo kế hoạch",
                                     f"chọn trong: {', '.join(a.id for a in people)}") for i in unknown])
    # numbers from the data (fixed, or in order from so_bat_dau); when issuing, the
    # register keeps them or fills the ones still blank
    numbered = numbers(letters, [a.id for a in people])
    plan_ref = cites[plan_kind]
    docs = []
    for who in people:
        if only and who.id not in only:
            continue
        dist = Distribution(
            noi_nhan=[RecipientLine(ten=who.name, ghi_chu=letters.ghi_chu_nhan)] + list(letters.noi_nhan),
            luu_so_ban=letters.luu_so_ban)
        issue, frame = issue_and_frame(
            org, profile, kind=kind, key=f"{kind}/{who.id}", doc_type=decl.loai, number=numbered[who.id],
            date=letters.ngay, subject=letters.trich_yeu, signer_id=letters.nguoi_ky, doc=dist,
            numbering=numbering, year=year)
        context = {
            "nam": year,
            "nhan": {"id": who.id, "ten": who.name},
            "ke_hoach": plan_ref,
            "chi_tieu": who.quotas,
            "chu_tri": who.leads,
            "phoi_hop": who.helps,
            "han_bao_cao": [{"ky": d.ky, "han": vi.date_words(d.han)} for d in plan.han_bao_cao],
        }
        docs.append(Document(kind=kind, template=decl.mau, context=context, frame=frame, issue=issue,
                             output_name=output_name(kind, issue, who.id), addressee=who.name,
                             summary=_summary(who)))
    return docs


def _summary(who: Addressee) -> str:
    """What the letter asks, for the table printed at the end of a batch."""
    parts = [f"{'≥' if q['it_nhat'] else ''}{vi.two_digits(q['so_luong'])} {q['don_vi']}" for q in who.quotas]
    parts += [f"chủ trì ≥{vi.two_digits(x['so_luong'])}" for x in who.leads]
    return "; ".join(parts) or "phối hợp"
