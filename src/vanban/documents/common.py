"""What every document kind shares: the frame (header, signature, Nơi nhận)
composed as text from the organisation and the rule set, numbers and dates
as printed (drafts with blanks), and cited documents in prose."""

from __future__ import annotations

import datetime as dt

from ..data import recipients as rcp
from ..text import bodies
from ..text import vietnamese as vi
from ..text.names import unit_noun
from ..data.model import CitedDocument, Organisation, PartialDate, Profile, Signer, full_date
from . import Frame, Issue, Numbering


# --------------------------------------------------------------------------
# The issuer in prose


_WORDS: dict[int, tuple[Organisation, dict]] = {}


def _own_words(org: Organisation) -> dict:
    """How the organisation names its own bodies: worked out once per organisation (it reads every
    unit; a batch of letters asks for it once a letter)."""
    hit = _WORDS.get(id(org))
    if hit is None or hit[0] is not org:
        if len(_WORDS) >= 16:
            _WORDS.clear()
        hit = _WORDS[id(org)] = (org, bodies.words(org, unit_noun(org)))
    return hit[1]


def org_context(org: Organisation, signer_id: str | None = None) -> dict:
    """What every framed document's template knows of the issuer: its name, how it names itself
    and its own bodies in prose (by its level unless the data says otherwise), the body the
    document speaks for (from who signs it)."""
    own = _own_words(org)
    signer = find_signer(org, signer_id) if signer_id else None
    out = {"co_quan": org.co_quan.ten, "co_quan_goi_tat": org.co_quan.goi_tat or org.co_quan.ten,
           **{key: own[key] for key in WORDING}, "danh_tu": own["don_vi"]}
    out["nhan_danh"] = bodies.speaker(org, signer, own) if signer else own["cap_uy"]
    return out


# the words of org_context a template may use for the issuer's own bodies (declared in loai-van-ban.yaml)
WORDING = ("cap_uy", "thuong_vu", "van_phong", "ban_to_chuc", "ban_tuyen_giao", "ban_nganh", "dia_ban",
           "lanh_dao_don_vi")


# --------------------------------------------------------------------------
# Cited documents


def citation(doc: CitedDocument) -> str:
    """'Hướng dẫn số 05-HD/ABC ngày 20 tháng 9 năm 2016 của … Hướng dẫn …'."""
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


BLANK = "    "  # what a draft leaves for a number or a day to be written in by hand


def symbol(profile: Profile, org: Organisation, doc_type: str, number: int | None) -> tuple[str, str]:
    """('Số 28-KH/ĐU', '28-KH/ĐU'); a draft (no number) prints a blank where the number goes:
    ('Số     -KH/ĐU', '    -KH/ĐU'), so a citation of a draft stays well-formed."""
    t = profile.loai_van_ban[doc_type]
    issuer = org.co_quan.viet_tat
    pattern = profile.mau.so_ky_hieu_cong_van if t.khong_ten_loai else profile.mau.so_ky_hieu
    shown = BLANK if number is None else vi.two_digits(number)
    text = pattern.format(so=shown, ky_hieu=t.ky_hieu, co_quan=issuer)
    head, _, bare = text.partition(" ")
    if number is None:  # 'Số:     /KH-UBND' or 'Số     -KH/ĐU'
        bare = BLANK + bare.strip()
        text = f"{head} {bare}"
    return text, bare.strip() if number is not None else bare


def date_text(date: dt.date | PartialDate | None, year: int) -> str:
    """'ngày 05 tháng 01 năm 2018'; a draft's unknown parts are left blank."""
    if isinstance(date, PartialDate):
        month = vi.month_text(date.thang) if date.thang else BLANK
        return f"ngày {BLANK} tháng {month} năm {date.nam}"
    return vi.date_words(date, year=year)


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
          date: dt.date | PartialDate | None, year: int, subject: str, signer: Signer,
          recipients: list[str]) -> Frame:
    el = profile.thanh_phan
    t = profile.loai_van_ban[doc_type]
    sources = {
        "cap_tren": [vi.upper(line) for level in org.cap_tren for line in (level.dong or [level.ten])],
        "co_quan": [vi.upper(line) for line in (org.co_quan.dong or [org.co_quan.ten])],
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
                 ("gach_trich_yeu", el["gach_trich_yeu"].chu or "")]
    return Frame(
        left=column(profile.bo_cuc.trai),
        right=column(profile.bo_cuc.phai),
        number=("so_ky_hieu", number_text),
        date=("ngay_thang", f"{org.dia_danh}, {date_text(date, year)}"),
        title=title,
        subject_under_number=under_number,
        signature=signer_lines(profile, signer),
        recipients_label=("noi_nhan_nhan", el["noi_nhan_nhan"].chu),
        recipients=[("noi_nhan_dong", line) for line in recipients],
        blank_lines=profile.dong_trong_chu_ky,
    )


def issue_and_frame(org: Organisation, profile: Profile, *, kind: str, key: str, doc_type: str,
                    number: int | None, date: dt.date | PartialDate | None, subject: str,
                    signer_id: str, doc, numbering: Numbering, year: int) -> tuple[Issue, Frame]:
    """The register facts and the frame of a document whose data has a Nơi nhận."""
    signer = find_signer(org, signer_id)
    draft = numbering.draft
    number = numbering.number(doc_type, key, number, full_date(date))
    lines = rcp.lines(org, profile, doc)
    number_text, bare = symbol(profile, org, doc_type, number)
    fr = frame(org, profile, doc_type=doc_type, number=number, date=date, year=year, subject=subject,
               signer=signer, recipients=lines)
    issue = Issue(kind=kind, key=key, doc_type=doc_type, number=number, number_text=number_text,
                  symbol=bare, date=full_date(date), subject=subject, signer=signer.ho_ten,
                  recipients=rcp.resolve(org, profile, doc), archive_copies=rcp.archive_copies(org, doc),
                  copies=rcp.count_copies(org, doc), draft=draft)
    return issue, fr


def reference(profile: Profile, org: Organisation, decl, key: str, data, numbering: Numbering, year: int) -> dict:
    """How a document built on another cites it: 'Kế hoạch số 28-KH/ĐU ngày 05 tháng 01 năm 2018'.

    The number is the one that document gets in the same run (from the register when issuing);
    a draft is cited with the blanks it has ('Kế hoạch số     -KH/ĐU ngày     tháng 10 năm 2026').
    """
    date = getattr(data, "ngay", None)
    number = numbering.cite(decl.loai, key, getattr(data, "so", None), full_date(date))
    _, bare = symbol(profile, org, decl.loai, number)
    return {"so_ky_hieu": bare, "ngay": date_text(date, year),
            "trich_yeu": getattr(data, "trich_yeu", "")}


def output_name(kind: str, issue: Issue, suffix: str = "") -> str:
    """'ke-hoach-28-kh-du.docx'; drafts: 'ke-hoach-du-thao.docx'."""
    core = vi.slug(issue.symbol) if issue.number is not None else "du-thao"
    parts = [kind, core] + ([vi.slug(suffix)] if suffix else [])
    return "-".join(p for p in parts if p) + ".docx"
