"""The values that flow from the builders to rendering, writing and issuing: a Document and
its Issue (what the register needs), how a run numbers documents (Numbering), a Batch
made as it is read, and the Job a builder is given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Protocol

from ..rendering.content import Frame


@dataclass(frozen=True)
class Numbering:
    """How a run gives documents their numbers.

    A build prints the number the data gives; a draft prints a blank and
    consumes nothing; issuing asks the register (allocate) for the number of
    every document, which keeps a data number or takes the next free one.
    """

    draft: bool = False
    allocate: Callable[[str, str, int | None, dt.date | None], int] | None = None
    issued: Callable[[str], int | None] | None = None  # key → the number the register issued

    def number(self, doc_type: str, key: str, given: int | None, date: dt.date | None) -> int | None:
        if self.draft:
            return None
        return self.cite(doc_type, key, given, date)

    def cite(self, doc_type: str, key: str, given: int | None, date: dt.date | None) -> int | None:
        """The number another document cites this one by: a draft still cites the real number.
        The register is the source of an issued document's number."""
        if self.allocate is not None:
            return self.allocate(doc_type, key, given, date)
        if self.issued is not None:
            issued = self.issued(key)
            if issued is not None:
                return issued
        return given


BUILD = Numbering()


DRAFT = Numbering(draft=True)


@dataclass(frozen=True)
class Issue:
    """What the register and file name need to know of one document."""

    kind: str
    key: str               # which document of the year this is: 'ke-hoach', 'thong-bao/ap_cho'
    doc_type: str          # profile key: ke_hoach, thong_bao …
    number: int | None
    number_text: str       # 'Số 28-KH/ĐU'
    symbol: str            # '28-KH/ĐU'
    date: dt.date | None
    subject: str
    signer: str
    recipients: list                # recipients.Delivery, in Nơi nhận order
    archive_copies: int
    copies: int
    draft: bool = False


@dataclass(frozen=True)
class Document:
    kind: str
    template: str                   # file name under templates/docx/
    context: dict[str, Any]
    frame: Frame | None             # None: no thể thức header/signature (a register, a book)
    issue: Issue
    output_name: str                # ASCII file name
    attachments: tuple[tuple[str, bytes], ...] = ()  # other files written with it (XLSX)
    sources: tuple[str, ...] = ()   # the data files it was built from, relative to the project
    addressee: str = ""             # for a batch of letters: who receives this one
    summary: str = ""               # one line for the table at the end of a batch
    landscape: bool = False         # a wide register or book: A4 landscape


class Batch:
    """The documents of one kind, made one at a time as they are used, so that a district's
    ten thousand letters never sit in memory together: its length is known without making
    them, and each pass makes them again (the same documents every time)."""

    def __init__(self, count: int, make: Callable[[], Iterator[Document]]):
        self._count, self._make = count, make

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Document]:
        return iter(self._make())


@dataclass(frozen=True)
class Job:
    """Everything a builder is given: checked records, never files."""

    org: Any                      # data.model.Organisation
    profile: Any                  # data.model.Profile
    kind: str                     # the declared kind: 'ke-hoach'
    decl: Any                     # data.model.KindDecl
    data: Any                     # the kind's own record (None for a book of the year)
    year: int
    numbering: Numbering
    base: dict = field(default_factory=dict)       # records of the kinds and sources it is built on
    cites: dict = field(default_factory=dict)      # how it cites those kinds (so_ky_hieu, ngay, trich_yeu)
    documents: tuple = ()                          # every other document of the year (a book)


class Builder(Protocol):
    """A module of documents/: one kind of document."""

    MODEL: type | None            # the record of its data file
    OPTIONS: frozenset[str]       # the build options it takes ('only', 'period')

    def check(self, org, data, src, year: int, numbering: Numbering, base: dict): ...

    def build(self, job: Job, **options) -> list[Document] | Batch: ...

    # Optional: the parts of a kind that are issued on their own, as build options ([{"period": "6-thang"},
    # …] for a report: each period when it is ready); without it, the kind is one part.
    # def issued_parts(self, data) -> list[dict]: ...
