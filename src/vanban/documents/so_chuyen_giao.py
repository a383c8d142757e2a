"""The delivery book (sổ chuyển giao): every recipient of every document of
the year, with copies and an empty column to sign for them. DOCX and XLSX."""

from __future__ import annotations

from .. import vietnamese as vi
from ..data.model import Profile
from ..errors import Findings
from . import Document, Issue, Job

MODEL = None
OPTIONS = frozenset()
HEADERS = ["STT", "Số, ký hiệu", "Ngày", "Tên loại và trích yếu", "Nơi nhận", "Số bản", "Ký nhận"]


def check(*_, **__) -> Findings:
    return Findings()


def rows(profile: Profile, documents: list[Document]) -> list[dict]:
    """One row per recipient of each document: a group is its members, each signing."""
    out = []
    for doc in documents:
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


def build(job: Job) -> list[Document]:
    from ..sheets import table_workbook

    org, profile, kind, decl, year = job.org, job.profile, job.kind, job.decl, job.year
    documents = job.documents
    table = rows(profile, list(documents))
    title = f"Sổ chuyển giao văn bản năm {year} — {org.co_quan.ten}"
    xlsx = table_workbook("So chuyen giao", title, HEADERS,
                          [[r["stt"], r["so_ky_hieu"], r["ngay"], r["trich_yeu"], r["noi_nhan"], r["so_ban"], ""]
                           for r in table],
                          widths=[6, 14, 12, 48, 36, 8, 18], font=profile.phong_chu)
    name = f"{kind}-{year}"
    issue = Issue(kind=kind, key=kind, doc_type=decl.loai, number=None, number_text="", symbol="", date=None,
                  subject=title, signer="", recipients=[], archive_copies=0,
                  copies=0, draft=job.numbering.draft)
    context = {"nam": year, "co_quan": vi.upper(org.co_quan.ten), "dong": table,
               "so_van_ban": len(documents), "tong_so_ban": sum(r["so_ban"] for r in table)}
    return [Document(kind=kind, template=decl.mau, context=context, frame=None, issue=issue,
                     output_name=f"{name}.docx", attachments=((f"{name}.xlsx", xlsx),))]
