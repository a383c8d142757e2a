"""What every document kind shares: the frame (header, signature, Nơi nhận)
composed as text from the organisation and the rule set, and the ways
vanban names branches, bodies and cited documents in prose."""

from __future__ import annotations

import datetime as dt

from .. import recipients as rcp
from .. import vietnamese as vi
from ..model import CitedDocument, Organisation, Profile, Signer
from . import Frame, Issue, Numbering


# --------------------------------------------------------------------------
# Names in prose


def elide(items: list[tuple[str, str]]) -> str:
    """Join (prefix, name) pairs, writing a prefix only when it changes:
    [('ấp','Chợ'), ('ấp','Căn cứ'), ('Trường','Mầm non')] → 'ấp Chợ, Căn cứ, Trường Mầm non'."""
    parts, last = [], None
    for prefix, name in items:
        shown = [name] if prefix == last and name else [prefix, name]
        parts.append(" ".join(p for p in shown if p))
        last = prefix
    return ", ".join(parts)


def branch_parts(org: Organisation, branch) -> tuple[str, str]:
    kind = org.loai_chi_bo.get(branch.loai)
    return (kind.tien_to if kind else "", branch.ten)


def mass_parts(org: Organisation, body) -> tuple[str, str]:
    kind = org.loai_doan_the.get(body.loai)
    return (kind.tien_to if kind else "", body.ten)


def branches_text(org: Organisation, branches) -> str:
    """'Chi bộ ấp Chợ, Căn cứ' for one or more branches."""
    return f"{org.ten_chi_bo} {elide([branch_parts(org, b) for b in branches])}"


def body_name(org: Organisation, ref: str) -> str:
    """The display name of a branch, mass organisation or registry entry."""
    for b in org.chi_bo:
        if b.id == ref:
            return rcp.branch_name(org, b)
    for d in org.doan_the:
        if d.id == ref:
            return " ".join(p for p in mass_parts(org, d) if p)
    for r in org.noi_nhan:
        if r.id == ref:
            return r.ten
    raise KeyError(ref)


def bodies_text(org: Organisation, refs: list[str], title: str = "") -> str:
    """Several leads in one phrase: branches share 'Chi bộ', mass organisations
    share their kind's prefix; *title* ('Ban Thường vụ') goes in front."""
    branches = {b.id: b for b in org.chi_bo}
    mass = {d.id: d for d in org.doan_the}
    if all(r in branches for r in refs):
        text = branches_text(org, [branches[r] for r in refs])
    elif all(r in mass for r in refs):
        text = elide([mass_parts(org, mass[r]) for r in refs])
    else:
        text = ", ".join(body_name(org, r) for r in refs)
    return f"{title} {text}" if title else text


def citation(doc: CitedDocument) -> str:
    """'Hướng dẫn số 01-HD/TW ngày 20 tháng 9 năm 2016 của Ban Bí thư Hướng dẫn …'."""
    parts = [doc.loai]
    if doc.so_ky_hieu:
        parts.append(f"số {doc.so_ky_hieu}")
    if doc.ngay:
        parts.append(vi.date_words(doc.ngay))
    if doc.co_quan:
        parts.append(f"của {doc.co_quan}")
    if doc.trich_yeu:
        parts.append(doc.trich_yeu)
    return " ".join(parts)


# --------------------------------------------------------------------------
# Numbers and the frame


def symbol(profile: Profile, org: Organisation, doc_type: str, number: int | None) -> tuple[str, str]:
    """('Số 28-KH/ĐU', '28-KH/ĐU'); a draft (no number) prints the blank."""
    t = profile.loai_van_ban[doc_type]
    issuer = org.co_quan.viet_tat
    if number is None:
        text = profile.mau.so_ky_hieu_du_thao.format(ky_hieu=t.ky_hieu, co_quan=issuer)
    else:
        pattern = profile.mau.so_ky_hieu_cong_van if t.khong_ten_loai else profile.mau.so_ky_hieu
        text = pattern.format(so=vi.two_digits(number), ky_hieu=t.ky_hieu, co_quan=issuer)
    bare = text.split(" ", 1)[1].strip() if " " in text else text
    return text, bare


def signer_lines(profile: Profile, signer: Signer) -> list[tuple[str, str]]:
    out = []
    if signer.quyen_han:
        prefix = profile.quyen_han[signer.quyen_han.kieu]
        out.append(("quyen_han_ky", vi.upper(f"{prefix} {signer.quyen_han.ten}")))
    out.append(("chuc_vu", vi.upper(signer.chuc_vu)))
    out.append(("ho_ten", signer.ho_ten))
    return out


def find_signer(org: Organisation, signer_id: str) -> Signer:
    return next(s for s in org.nguoi_ky if s.id == signer_id)


def frame(org: Organisation, profile: Profile, *, doc_type: str, number: int | None,
          date: dt.date | None, year: int, subject: str, signer: Signer, recipients: list[str],
          blank_day: bool = False) -> Frame:
    el = profile.thanh_phan
    t = profile.loai_van_ban[doc_type]
    sources = {
        "cap_tren": [vi.upper(level.ten) for level in org.cap_tren],
        "co_quan": [vi.upper(org.co_quan.ten)],
    }

    def column(keys):
        out = []
        for key in keys:
            if key in sources:
                out += [(key, text) for text in sources[key]]
            else:
                out.append((key, el[key].chu))
        return out

    number_text, _ = symbol(profile, org, doc_type, number)
    title: list[tuple[str, str]] = []
    under_number = None
    if t.khong_ten_loai:
        under_number = ("trich_yeu_cong_van", profile.mau.trich_yeu_cong_van.format(trich_yeu=subject))
    else:
        title = [("ten_loai", vi.upper(t.ten)), ("trich_yeu", subject),
                 ("gach_trich_yeu", el["gach_trich_yeu"].chu)]
    return Frame(
        left=column(profile.bo_cuc.trai),
        right=column(profile.bo_cuc.phai),
        number=("so_ky_hieu", number_text),
        date=("ngay_thang", vi.date_line(org.dia_danh, date, blank_day, year)),
        title=title,
        subject_under_number=under_number,
        signature=signer_lines(profile, signer),
        recipients_label=("noi_nhan_nhan", el["noi_nhan_nhan"].chu),
        recipients=[("noi_nhan_dong", line) for line in recipients],
        blank_lines=profile.dong_trong_chu_ky,
    )


def issue_and_frame(org: Organisation, profile: Profile, *, kind: str, key: str, doc_type: str,
                    number: int | None, date: dt.date | None, subject: str,
                    signer_id: str, doc, numbering: Numbering, year: int) -> tuple[Issue, Frame]:
    """The register facts and the frame of a document whose data has a Nơi nhận."""
    signer = find_signer(org, signer_id)
    draft = numbering.draft
    number = numbering.number(doc_type, key, number, date)
    lines = rcp.lines(org, profile, doc)
    number_text, bare = symbol(profile, org, doc_type, number)
    fr = frame(org, profile, doc_type=doc_type, number=number, date=date, year=year, subject=subject,
               signer=signer, recipients=lines)
    issue = Issue(kind=kind, key=key, doc_type=doc_type, number=number, number_text=number_text,
                  symbol=bare, date=date, subject=subject, signer=signer.ho_ten,
                  recipients=rcp.resolve(org, profile, doc), archive_copies=rcp.archive_copies(org, doc),
                  copies=rcp.count_copies(org, doc), draft=draft)
    return issue, fr


def reference(profile: Profile, org: Organisation, decl, key: str, data, numbering: Numbering) -> dict:
    """How a document built on another cites it: 'Kế hoạch số 28-KH/ĐU ngày 05 tháng 01 năm 2018'.

    The number is the one that document gets in the same run (from the register when issuing).
    """
    number = numbering.cite(decl.loai, key, getattr(data, "so", None), getattr(data, "ngay", None))
    _, bare = symbol(profile, org, decl.loai, number)
    date = getattr(data, "ngay", None)
    return {"so_ky_hieu": bare, "ngay": vi.date_words(date) if date else "",
            "trich_yeu": getattr(data, "trich_yeu", "")}


def output_name(kind: str, issue: Issue, suffix: str = "") -> str:
    """'ke-hoach-28-kh-du.docx'; drafts: 'ke-hoach-du-thao.docx'."""
    core = vi.slug(issue.symbol) if issue.number is not None else "du-thao"
    parts = [kind, core] + ([vi.slug(suffix)] if suffix else [])
    return "-".join(p for p in parts if p) + ".docx"
