"""Document builders: one module per kind of document.

A builder gets loaded, checked records and returns Document values; it
never opens a file. Which builder serves which kind is declared in
templates/loai-van-ban.yaml, not coded here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Callable, Iterator, Protocol


@dataclass(frozen=True)
class Frame:
    """The thể thức elements of one document, as text, each with its
    element key in the profile (thanh_phan) for typography."""

    left: list[tuple[str, str]]           # (element, text), top down
    right: list[tuple[str, str]]
    number: tuple[str, str]               # ('so_ky_hieu', 'Số 28-KH/ĐU')
    date: tuple[str, str]                 # ('ngay_thang', '<địa danh>, ngày …')
    title: list[tuple[str, str]]          # tên loại, trích yếu, its rule; or V/v under Số
    subject_under_number: tuple[str, str] | None
    signature: list[tuple[str, str]]      # authority, position, name (with the gap)
    recipients_label: tuple[str, str]
    recipients: list[tuple[str, str]]
    blank_lines: int = 4


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
class Picture:
    """A picture for the template (a chart): PNG bytes and the printed width."""

    png: bytes
    width_mm: float
    source: tuple = ()     # what it was drawn from (a document's fingerprint takes this, not the pixels)


@dataclass(frozen=True)
class Table:
    """A table of figures for the template (a report's data, a plan's allocation per
    unit): the renderer draws it with the profile's table typography, its heading
    row repeated on every page and no row split across pages."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    figures_from: int = 2              # columns from this one hold figures (centred)
    name_column: int = 1               # the column that takes the width the others leave
    total: tuple[str, ...] | None = None
    centred: tuple[int, ...] = ()      # further columns to centre (0-based)
    groups: tuple[int, ...] = ()       # a group id per row: rows of one group stay on one page
    min_widths: tuple[float, ...] = ()  # mm per column (0: as wide as its content)
    row_height_mm: float = 0           # at least this high (room to sign)
    landscape: bool = False            # laid out across a landscape page
    note: str = ""                     # a note printed under the table (what a * in it means)


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


# A builder is named in templates/loai-van-ban.yaml: a plain module name, never a path.
_BUILDER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
BUILDERS = ("ke_hoach", "thong_bao", "bao_cao", "so_chuyen_giao", "ke_hoach_nhiem_ky", "bao_cao_nhiem_ky")


def builder(name: str) -> Builder:
    """The builder module named by a kind's declaration (documents/<name>.py)."""
    if not _BUILDER_NAME.match(name) or name not in BUILDERS:
        raise KeyError(name)
    return import_module(f"{__name__}.{name}")
