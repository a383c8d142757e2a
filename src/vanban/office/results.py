"""What the Office's calls give back: what a build wrote, the state of each document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..documents import Document
from ..errors import Finding


@dataclass(frozen=True, slots=True)
class Built:
    """What the table after a build says of one document (the document itself went to disk)."""

    output_name: str
    addressee: str
    summary: str
    subject: str
    symbol: str
    framed: bool   # has the thể thức header and signature (the page check reads those)
    numbered: bool  # has its number (from the data or the register); else it is written as a draft

    @classmethod
    def of(cls, doc: Document) -> "Built":
        return cls(doc.output_name, doc.addressee, doc.summary, doc.issue.subject, doc.issue.symbol,
                   doc.frame is not None, doc.issue.number is not None or doc.frame is None)


@dataclass
class Result:
    documents: list[Built] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)  # worth a look, did not stop the build


@dataclass
class State:
    """One document of the year as `status()` sees it."""

    kind: str
    key: str                 # 'ke-hoach', 'thong-bao/ap_cho', 'bao-cao/6-thang'
    subject: str
    state: str               # chua_du_du_lieu, du_thao, san_sang, da_phat_hanh, da_doi
    symbol: str = ""         # its number and symbol, when it has one
    date: str = ""
    why: list[Finding] = field(default_factory=list)
    addressee: str = ""      # whom it is sent to, for a document of many (a letter to each unit)

    LABELS = {"chua_du_du_lieu": "chưa đủ dữ liệu", "du_thao": "dự thảo", "san_sang": "sẵn sàng",
              "da_phat_hanh": "đã phát hành", "da_doi": "đã đổi sau khi phát hành"}

    @property
    def label(self) -> str:
        return self.LABELS[self.state]
