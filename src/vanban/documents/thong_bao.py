"""Assignment letters (thông báo): one to every unit with a quota and every
body with a lead/coordination assignment, built from the plan's own data so
that no figure can disagree with it. Data: data/<năm>/thong-bao.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text import vietnamese as vi
from ..data.checks import check_issue_date, check_recipients, check_signer, check_year_text
from ..data.model import Distribution, Letters, Organisation, Plan, RecipientLine, full_date
from ..errors import DataError, Finding, Findings, Location
from ..text.names import bodies_text, body_name, unit_name
from ..data.recipients import group_units
from . import Batch, Document, Job, Numbering
from .common import org_context, issue_and_frame, output_name
from .quotas import kinds, target_context, target_text

MODEL = Letters
OPTIONS = frozenset({"only"})


@dataclass
class Addressee:
    id: str
    name: str
    quotas: list[dict] = field(default_factory=list)
    leads: list[dict] = field(default_factory=list)
    helps: list[dict] = field(default_factory=list)
    given_quota: bool = False  # a target of its own (not only a task, nor the whole of the plan's quota)


def addressees(org: Organisation, plan: Plan) -> list[Addressee]:
    """Every unit with a quota (data order), then every body that leads or
    coordinates an assignment. Linear in units and assignments."""
    units = {u.id: u for u in org.don_vi}
    groups = {r.id: [u.id for u in group_units(org, r)] for r in org.noi_nhan if r.nhom == "don_vi"}
    out: dict[str, Addressee] = {}
    present = {q.loai for q in plan.chi_tieu}
    for q, kind in kinds(org, plan):
        for a in q.phan_bo:
            t = q.target(a)
            if t.toi_thieu or t.toi_da:
                who = out.setdefault(a.don_vi, Addressee(a.don_vi, unit_name(org, units[a.don_vi])))
                parent = org.loai_chi_tieu[kind.thuoc].ten if kind.thuoc in present else ""
                who.quotas.append({"ten": kind.ten, "thuoc": parent, **target_context(t, kind)})
                who.given_quota = True
    totals = {q.loai: q.tong_so for q in plan.chi_tieu if q.nam is None}
    for a in plan.phan_cong:
        counted = a.chi_tieu or (plan.chi_tieu[0].loai if len(plan.chi_tieu) == 1 else None)
        kind = org.loai_chi_tieu.get(counted) if counted else None
        whole = totals.get(counted)
        # a body that leads the whole of a quota (with the units that hold it) is not given a quota of its own
        everything = whole is not None and a.target.toi_thieu == whole.toi_thieu and a.target.toi_da == whole.toi_da
        partners_text = bodies_text(org, a.phoi_hop) if a.phoi_hop else ""
        lead_text = bodies_text(org, a.chu_tri, a.danh_xung)
        for lead in a.chu_tri:
            name = body_name(org, lead)
            who = out.setdefault(lead, Addressee(lead, f"{a.danh_xung} {name}" if a.danh_xung else name))
            who.leads.append({"phoi_hop": partners_text, "doi_tuong": a.doi_tuong, "chu": target_text(a.target),
                              "so_luong": a.target.toi_thieu, "it_nhat": a.target.form == "it_nhat",
                              "toan_bo": everything, "don_vi_tinh": kind.don_vi_tinh if kind else ""})
            if (a.target.toi_thieu or a.target.toi_da) and not everything:
                who.given_quota = True
        partners = [m for p in a.phoi_hop for m in groups.get(p, [p])]
        for pid in dict.fromkeys(partners):
            # a body that only coordinates still gets its letter
            who = out.setdefault(pid, Addressee(pid, body_name(org, pid)))
            who.helps.append({"chu_tri": lead_text, "doi_tuong": a.doi_tuong})
    return list(out.values())


def task_subject(letters: Letters, plan: Plan) -> str:
    """The subject of a letter that gives a task but no quota: the data's trich_yeu_nhiem_vu, else
    the letters' subject with «giao nhiệm vụ» for «giao chỉ tiêu» (or «triển khai thực hiện Kế hoạch …»)."""
    if letters.trich_yeu_nhiem_vu:
        return letters.trich_yeu_nhiem_vu
    words = letters.trich_yeu.split(" ", 3)
    if " ".join(words[:3]).lower() == "giao chỉ tiêu" and len(words) > 3:
        return "giao nhiệm vụ " + words[3]
    return f"triển khai thực hiện Kế hoạch {plan.trich_yeu}"


def others(org: Organisation, who: Addressee, lines: list[RecipientLine]) -> list[RecipientLine]:
    """The letters' further recipients without the addressee itself (it heads the list already):
    a body never appears twice in a Nơi nhận, nor in the delivery book."""
    registry = {r.id: r.ten for r in org.noi_nhan}
    same = " ".join(who.name.split()).lower()
    return [line for line in lines
            if " ".join((line.ten or registry.get(line.id or "", "")).split()).lower() != same]


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


def check(org: Organisation, letters: Letters, src, year: int, numbering: Numbering, base=None) -> Findings:
    out = Findings()
    if not numbering.draft and full_date(letters.ngay) is None:
        out.add(src.at("ngay"), "chưa có ngày ban hành" if letters.ngay is None else "ngày ban hành chưa đủ",
                "ghi «ngay: NĂM-THÁNG-NGÀY», hoặc dùng --du-thao")
    plan: Plan = next(iter(base.values()))
    out.extend(check_signer(org, letters.nguoi_ky, src))
    check_issue_date(letters.ngay, year, src, "thông báo", out)
    check_year_text(letters.trich_yeu, year, src, "trich_yeu", out)
    check_year_text(letters.trich_yeu_nhiem_vu, year, src, "trich_yeu_nhiem_vu", out)
    sent, planned = full_date(letters.ngay), full_date(plan.ngay)
    if sent and planned and sent < planned:
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
    if letters.so_ban is not None:
        out.add(src.at("so_ban"), "thông báo không ghi so_ban: mỗi thông báo có số bản riêng, vanban tự tính",
                "xóa dòng so_ban")
    out.extend(check_recipients(org, letters.model_copy(update={"so_ban": None}), src))
    return out


def build(job: Job, only=()) -> Batch:
    org, letters = job.org, job.data
    plan_kind = job.decl.dua_tren[0]
    plan: Plan = job.base[plan_kind]
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
    plan_ref = job.cites[plan_kind]
    deadlines = [{"ky": d.ky, "han": vi.date_words(d.han)} for d in plan.han_bao_cao]
    chosen = [who for who in people if not only or who.id in only]
    issuer = org_context(org, letters.nguoi_ky)  # the same for every letter: worked out once

    def letter(who: Addressee) -> Document:
        dist = Distribution(
            noi_nhan=[RecipientLine(ten=who.name, ghi_chu=letters.ghi_chu_nhan)]
            + others(org, who, list(letters.noi_nhan)),
            luu_so_ban=letters.luu_so_ban)
        quota = who.given_quota
        issue, frame = issue_and_frame(
            org, job.profile, kind=job.kind, key=f"{job.kind}/{who.id}", doc_type=job.decl.loai,
            number=numbered[who.id], date=letters.ngay, subject=letters.trich_yeu if quota else task_subject(letters, plan),
            signer_id=letters.nguoi_ky, doc=dist, numbering=job.numbering, year=job.year)
        context = {
            "nam": job.year,
            **issuer,
            "giao_chi_tieu": quota,
            "nhan": {"id": who.id, "ten": who.name},
            "ke_hoach": plan_ref,
            "chi_tieu": who.quotas,
            "chu_tri": who.leads,
            "phoi_hop": who.helps,
            "han_bao_cao": deadlines,
        }
        return Document(kind=job.kind, template=job.decl.mau, context=context, frame=frame, issue=issue,
                        output_name=output_name(job.kind, issue, who.id), addressee=who.name,
                        summary=_summary(who))

    # a letter is made when it is rendered; when issuing, the register numbers them in this order
    return Batch(len(chosen), lambda: map(letter, chosen))


def _summary(who: Addressee) -> str:
    """What the letter asks, for the table printed at the end of a batch."""
    parts = [f"{q['chu']} {q['don_vi_tinh']}" for q in who.quotas]
    parts += ["chủ trì thực hiện chỉ tiêu chung" if x["toan_bo"] else f"chủ trì {x['chu']}" for x in who.leads]
    return "; ".join(parts) or "phối hợp"
