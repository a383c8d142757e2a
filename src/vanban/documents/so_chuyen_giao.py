"""The delivery book (sổ chuyển giao): every recipient of every document of
the year, with copies and an empty column to sign for them. DOCX and XLSX."""

from __future__ import annotations

from ..text import vietnamese as vi
from ..data.model import Profile
from ..errors import Findings
from ..rendering.sheets import profile_margins, table_workbook
from . import Document, Issue, Job, Table

MODEL = None
OPTIONS = frozenset()
# The delivery book (sổ chuyển giao văn bản đi) as offices keep it after the registers of Nghị định
# 30/2020/NĐ-CP, Phụ lục IV: a landscape page, a row per recipient, room to sign.
HEADERS = ["STT", "Ngày chuyển", "Số, ký hiệu", "Ngày văn bản", "Tên loại và trích yếu", "Nơi nhận", "Số bản",
           "Ký nhận", "Ghi chú"]
SIGN_WIDTH_MM, SIGN_HEIGHT_MM = 35, 12


def check(*_, **__) -> Findings:
    return Findings()


def in_date_order(documents: list[Document]) -> list[Document]:
    """The documents as the book lists them: by date, those of one day by number (a draft, with
    no date yet, after the dated ones), otherwise in the order they came."""
    return sorted(documents, key=lambda d: (d.issue.date is None, d.issue.date or 0,
                                            d.issue.number is None, d.issue.number or 0))


def rows(profile: Profile, documents: list[Document]) -> list[dict]:
    """One row per recipient of each document: a group is its members, each signing."""
    out = []
    for doc in in_date_order(documents):
        issue = doc.issue
        title = f"{profile.loai_van_ban[issue.doc_type].ten} {issue.subject}"
        first = True
        for delivery in issue.recipients:
            for name, copies in delivery.members:
                out.append({"stt": len(out) + 1, "so_ky_hieu": issue.symbol,
                            "ngay": vi.short_date(issue.date) if issue.date else "",
                            "trich_yeu": title, "noi_nhan": name, "so_ban": copies, "dau": first})
                first = False
    return out


KEEP_MM = 140  # a document's rows stay on one page when they fit in this height


def book_table(table: list[dict]) -> Table:
    """Rows of one document stay together where they fit on a page; every row names its
    document (number, date, type and subject), so a page that starts inside a long list still
    says whose rows they are."""
    sizes: dict[str, int] = {}
    for r in table:
        sizes[r["so_ky_hieu"] + r["ngay"]] = sizes.get(r["so_ky_hieu"] + r["ngay"], 0) + 1
    group, groups = 0, []
    for r in table:
        group += 1 if r["dau"] else 0
        fits = sizes[r["so_ky_hieu"] + r["ngay"]] * SIGN_HEIGHT_MM <= KEEP_MM
        groups.append(group if fits else 0)
    body = tuple((str(r["stt"]), "", r["so_ky_hieu"], r["ngay"], r["trich_yeu"],
                  r["noi_nhan"], str(r["so_ban"]), "", "") for r in table)
    return Table(headers=tuple(HEADERS), rows=body, figures_from=len(HEADERS), centred=(1, 2, 3, 6), name_column=4,
                 groups=tuple(groups), min_widths=(0, 20, 24, 20, 0, 55, 0, SIGN_WIDTH_MM, 20),
                 row_height_mm=SIGN_HEIGHT_MM, landscape=True)


def build(job: Job) -> list[Document]:
    org, profile, kind, decl, year = job.org, job.profile, job.kind, job.decl, job.year
    documents = job.documents
    table = rows(profile, list(documents))
    title = f"Sổ chuyển giao văn bản năm {year} — {org.co_quan.ten}"
    xlsx = table_workbook("So chuyen giao", title, HEADERS,
                          [[r["stt"], "", r["so_ky_hieu"], r["ngay"], r["trich_yeu"], r["noi_nhan"], r["so_ban"], "", ""]
                           for r in table],
                          widths=[10, 22, 26, 22, 62, 50, 14, 30, 16], font=profile.phong_chu, centred=(1, 2, 3, 4, 7),
                          row_height=SIGN_HEIGHT_MM * 72 / 25.4, margins_mm=profile_margins(profile))
    name = f"{kind}-{year}"
    issue = Issue(kind=kind, key=kind, doc_type=decl.loai, number=None, number_text="", symbol="", date=None,
                  subject=title, signer="", recipients=[], archive_copies=0,
                  copies=0, draft=job.numbering.draft)
    context = {"nam": year, "co_quan": vi.upper(org.co_quan.ten), "dong": table, "bang": book_table(table),
               "so_van_ban": len(documents), "tong_so_ban": sum(r["so_ban"] for r in table)}
    return [Document(kind=kind, template=decl.mau, context=context, frame=None, issue=issue,
                     output_name=f"{name}.docx", attachments=((f"{name}.xlsx", xlsx),), landscape=True)]
