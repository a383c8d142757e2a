"""Typed records of vanban's data, and nothing else.

Field names follow shared/glossary.md: the Vietnamese term without
diacritics in snake_case, the same word as the YAML key and the template
variable. Validation of types happens here (pydantic); rules that span
records live in checks.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Count = Annotated[int, Field(ge=0, le=1_000_000, strict=True)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------
# The rule set (profiles/*.yaml)


class Element(Record):
    chu: str = ""
    co_chu: float
    dam: bool = False
    nghieng: bool = False
    gach_chan: bool = False
    in_hoa: bool = False
    can: Literal["giua", "trai", "phai", "deu"] = "trai"
    khoang: tuple[float, float] | None = None  # sizes the rules allow; None: co_chu only
    duong_ke: float | None = None     # a solid rule under it, this fraction of the text's length
    duong_ke_mm: float | None = None  # a rule of this length on a line of its own (no text)


class Page(Record):
    rong_mm: float
    cao_mm: float
    le_tren_mm: float
    le_duoi_mm: float
    le_trai_mm: float
    le_phai_mm: float
    cot_trai_mm: float


class Body(Record):
    co_chu: float
    thut_dau_dong_cm: float
    cach_sau_pt: float
    dong_cach_pt: float
    bang_co_chu: float


class PageNumber(Record):
    co_chu: float
    tu_trang: int


class Layout(Record):
    trai: list[str]
    phai: list[str]


class Patterns(Record):
    so_ky_hieu: str
    so_ky_hieu_du_thao: str
    so_ky_hieu_cong_van: str
    luu: str
    nhom_dem: str
    trich_yeu_cong_van: str
    vi_du_co_quan: str = ""   # the issuer's short name in the example a checker message gives


class DocType(Record):
    ten: str
    ky_hieu: str
    khong_ten_loai: bool = False


class Limits(Record):
    """What the thể thức checker accepts where the rules allow a range."""

    le_mm: dict[Literal["tren", "duoi", "trai", "phai"], tuple[float, float]]
    sai_so_mm: float
    co_chu_noi_dung: tuple[float, float]
    co_chu_ten_loai: tuple[float, float]
    quyen_han_sai: list[str]   # signing prefixes that belong to the other rule set
    phan_cach: bool
    thut_dau_dong_cm: tuple[float, float]
    cot_trai_mm: tuple[float, float]   # the header's left column, as an office may set it
    mau_luu: str                       # what an archive line must look like (a regular expression)
    mau_luu_vi_du: str
    lech_can_mm: float                 # how far (mm) a centred element's middle may sit from its column's,
    lech_can_ti_le: float              # or this share of the column's width when that is more (checker)


class Profile(Record):
    """The thể thức numbers of one rule set."""

    ma: str
    ten: str
    can_cu: str
    trang: Page
    phong_chu: str
    noi_dung: Body
    so_trang: PageNumber
    thanh_phan: dict[str, Element]
    bo_cuc: Layout
    mau: Patterns
    quyen_han: dict[str, str]
    dong_trong_chu_ky: int
    danh_so: Literal["nhiem_ky", "nam"]
    loai_van_ban: dict[str, DocType]
    gioi_han: Limits


# --------------------------------------------------------------------------
# Values written the way plans write them


MAX_COUNT = 1_000_000  # no quota, count or number of copies is larger
_RANGE = re.compile(r"^\s*([0-9]{1,7})\s*[-–—]\s*([0-9]{1,7})\s*$")
_AT_LEAST = re.compile(r"^\s*(từ|ít nhất|tối thiểu|trên|>=|≥)\s*([0-9]{1,7})\s*$", re.I)
_SYMBOLS = {">=": "ít nhất", "≥": "ít nhất"}  # written out in words in a document
_PLAIN = re.compile(r"^\s*([0-9]{1,7})\s*$")


class Target(Record):
    """A quota as plans write it: exact (02), at least (ít nhất 02, từ 02) or a
    range (01-02). *toi_da* is None for 'at least'; equal to *toi_thieu* for exact."""

    toi_thieu: int
    toi_da: int | None
    bare: bool = False  # written as a bare number: its form comes from «it_nhat»
    tu: str = ""        # the word an 'at least' target was written with ('từ', 'ít nhất'), kept in print

    @property
    def form(self) -> str:
        if self.toi_da is None:
            return "it_nhat"
        return "dung" if self.toi_da == self.toi_thieu else "khoang"

    def resolved(self, at_least: bool) -> "Target":
        """A bare number becomes exact or 'at least'."""
        if not self.bare:
            return self
        return Target(toi_thieu=self.toi_thieu, toi_da=None if at_least else self.toi_thieu)


def _target(value):
    """int, '01-02', 'từ 06', 'ít nhất 06' → Target; anything else is refused."""
    if isinstance(value, Target) or isinstance(value, dict):
        return value
    if isinstance(value, bool):
        raise ValueError("phải là một số, không phải true/false")
    if isinstance(value, int):
        if not 0 <= value <= MAX_COUNT:
            raise ValueError(f"số {value} nằm ngoài khoảng 0–{MAX_COUNT:,}".replace(",", "."))
        return Target(toi_thieu=value, toi_da=value, bare=True)
    if isinstance(value, str):
        odd = next((ch for ch in value if ch.isdigit() and not "0" <= ch <= "9"), None)
        if odd is not None:
            raise ValueError(f"«{value.strip()}» có chữ số «{odd}» không phải chữ số 0–9 thường (chữ số toàn độ rộng "
                             "hoặc của chữ viết khác)")
        m = _RANGE.match(value)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo > hi:
                raise ValueError(f"khoảng «{value.strip()}» có số đầu lớn hơn số sau")
            return Target(toi_thieu=lo, toi_da=hi)
        m = _AT_LEAST.match(value)
        if m:
            word = m.group(1).lower()
            return Target(toi_thieu=int(m.group(2)), toi_da=None, tu=_SYMBOLS.get(word, word))
        m = _PLAIN.match(value)
        if m:
            n = int(m.group(1))
            return Target(toi_thieu=n, toi_da=n, bare=True)
    raise ValueError(f"phải là số nguyên, khoảng «01-02» hoặc «từ 06» (ít nhất), không phải {value!r}")


Quantity = Annotated[Target, BeforeValidator(_target)]


class PartialDate(Record):
    """A draft's date of which only the year, or the year and month, are known."""

    nam: int
    thang: int | None = None


def _date(value):
    """A date (2018-01-05), or for drafts '2026-10' (day blank) or 2026 (day and month blank)."""
    if isinstance(value, bool):
        raise ValueError("không phải một ngày")
    if isinstance(value, int) and 1900 <= value <= 2200:
        return PartialDate(nam=value)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*([0-9]{4})-([0-9]{1,2})\s*", value)
        if m and 1 <= int(m.group(2)) <= 12:
            return PartialDate(nam=int(m.group(1)), thang=int(m.group(2)))
    return value


IssueDate = Annotated[dt.date | PartialDate, BeforeValidator(_date)]


def full_date(value) -> dt.date | None:
    """The date when every part of it is known, else None."""
    return value if isinstance(value, dt.date) else None


# --------------------------------------------------------------------------
# The organisation (data/don-vi.yaml)


class Wording(Record):
    """How the office's documents name its own bodies in running text (data/don-vi.yaml
    «cach_goi»). Each is optional: vanban takes the usual name for the issuer's level."""

    cap_uy: str = ""          # the committee: 'Đảng ủy', 'Huyện ủy', 'Ủy ban nhân dân xã'
    thuong_vu: str = ""       # its standing body: 'Ban Thường vụ Huyện ủy'
    van_phong: str = ""       # its office: 'Văn phòng Huyện ủy', 'Văn phòng - Tổ chức Đảng ủy'
    ban_to_chuc: str = ""     # who does its organisation work: 'Ban Tổ chức Huyện ủy'
    ban_tuyen_giao: str = ""  # who does its propaganda work: 'Ban Tuyên giáo Huyện ủy'
    ban_nganh: str = ""       # its departments as a group: 'các ban, ngành, đoàn thể xã'
    dia_ban: str = ""         # its residential units as a group: 'các ấp', 'các xã, thị trấn'
    don_vi: str = ""          # the noun for units of several kinds: 'tổ chức cơ sở đảng'
    lanh_dao_don_vi: str = ""  # who leads each unit: 'chi ủy chi bộ', 'cấp ủy cơ sở'


class Level(Record):
    ten: Text
    viet_tat: str = ""
    dong: list[Text] = []  # the name as printed in the header, one line each (default: one line)
    goi_tat: str = ""      # how the body names itself in prose: 'Đảng ủy xã', 'Ủy ban nhân dân xã'


class Authority(Record):
    kieu: Literal["tm", "kt", "tl", "tuq"]
    ten: Text


class Signer(Record):
    id: Id
    quyen_han: Authority | None = None
    chuc_vu: Text
    ho_ten: Text


class UnitKind(Record):
    """A kind of unit that receives quotas: its common noun and the words before the name
    ('chi bộ' + 'ấp' + 'Một' → 'Chi bộ ấp Một'; 'thôn' + '' + 'Ba' → 'Thôn Ba')."""

    ten: Text
    tien_to: str = ""


class Unit(Record):
    id: Id
    loai: Id
    ten: str = ""
    ten_day_du: str = ""  # the full name, where noun + prefix + name does not give it


class OrgKind(Record):
    tien_to: str = ""


class MassOrg(Record):
    id: Id
    loai: Id
    ten: str = ""


class Recipient(Record):
    """A body or a group of bodies that documents are sent to."""

    id: Id
    ten: Text
    so_ban: Count = 1
    nhom: Literal["don_vi"] | None = None  # the group is (a kind of) the units
    loai_don_vi: list[Id] = []
    so_thanh_vien: Count | None = None  # a group of people, e.g. committee members
    hien_so: bool = False  # show 'n/N' before the name


class Stage(Record):
    """A step of progress, counted per unit and period (được giới thiệu, đã kết nạp…)."""

    id: Id
    ten: Text                 # name in prose and workbook column heading
    ten_ngan: str = ""        # short column heading in a report table
    cong_don: bool = True     # counted from the start of the year (else: at the time of the report)
    thuoc: Id | None = None   # its people are among those of this earlier stage (siblings add up)


class QuotaKind(Record):
    ten: Text
    don_vi_tinh: Text         # the unit word: nguồn, đảng viên, công dân
    do_bang: Id | None = None  # the progress stage that measures it
    tieu_de: str = ""         # how the plan introduces its allocation ('Phân bổ số lượng nguồn …')
    ten_ngan: str = ""        # in table headings where several kinds stand side by side
    thuoc: Id | None = None   # part of this other kind («trong đó»): measured by its own stage or the parent's


class Term(Record):
    """A term (nhiệm kỳ) of the committee: Party numbering runs through it."""

    ten: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}\s*-\s*[0-9]{4}$")]
    bat_dau: dt.date


LEVELS = ("tinh", "huyen", "xa", "co_so", "so")


class Organisation(Record):
    quy_tac: Literal["dang", "nha_nuoc"]
    cap: Literal["tinh", "huyen", "xa", "co_so", "so"] | None = None  # the issuer's level (default: from its name)
    cach_goi: Wording = Wording()  # names of its own bodies in prose (default: by level)
    nhiem_ky: list[Term] = []
    kieu_dau: Literal["moi", "cu"] = "moi"
    cap_tren: list[Level] = Field(default=[], max_length=3)
    co_quan: Level
    dia_danh: Text
    dau_cuoi_noi_nhan: Literal[";", ","] = ";"
    luu_so_ban: Count = 1
    nguoi_ky: list[Signer] = Field(min_length=1)
    loai_don_vi: dict[Id, UnitKind] = Field(min_length=1)
    don_vi: list[Unit] = Field(min_length=1)
    loai_doan_the: dict[Id, OrgKind] = {}
    doan_the: list[MassOrg] = []
    noi_nhan: list[Recipient] = []
    loai_chi_tieu: dict[Id, QuotaKind] = {}
    giai_doan: list[Stage] = []
    the_thuc: dict[str, Any] = {}  # the office's own values within the rules (checked against the profile)
    # the last number of each document type (its symbol: KH, TB, BC…) used in the current term (Party)
    # or year (State) before the office used vanban: its numbers run on from there
    so_da_dung: dict[str, Count] = {}

    def measuring_stage(self, key: str, _seen: frozenset = frozenset()) -> tuple[str | None, bool]:
        """(the progress stage that measures quota kind *key*, whether it is its parent kind's):
        a kind declared part of another (thuoc) without a stage of its own takes its parent's."""
        own = self.loai_chi_tieu[key]
        parent = own.thuoc if own.thuoc in self.loai_chi_tieu and own.thuoc not in _seen | {key} else None
        parent_stage = self.measuring_stage(parent, _seen | {key})[0] if parent else None
        stage = own.do_bang or parent_stage
        return stage, parent_stage is not None and stage == parent_stage


# --------------------------------------------------------------------------
# Documents (data/<năm>/*.yaml)


class CitedDocument(Record):
    id: Id
    loai: Text
    so_ky_hieu: str = ""
    ngay: dt.date | None = None
    co_quan: str = ""
    trich_yeu: str = ""


class Allocation(Record):
    don_vi: Id
    so_luong: Quantity
    it_nhat: bool | None = None  # for a bare number; default: the quota's «it_nhat»


class Quota(Record):
    loai: Id
    nam: Annotated[int, Field(ge=1900, le=2200)] | None = None  # the year of this target (term plans)
    tong_so: Quantity
    it_nhat: bool = False        # bare numbers of this quota's allocations mean 'at least'
    khong_phan_bo: Annotated[int, Field(ge=0, le=MAX_COUNT)] = 0  # declared part of the total not broken down
    ghi_chu_khong_phan_bo: str = ""
    phan_bo: list[Allocation] = []

    def target(self, a: Allocation) -> Target:
        return a.so_luong.resolved(self.it_nhat if a.it_nhat is None else a.it_nhat)

    def allocated(self) -> tuple[int, int | None]:
        """(sum of minimums, sum of maximums or None when one is open) of the allocations,
        with the declared part not broken down."""
        targets = [self.target(a) for a in self.phan_bo]
        low = sum(t.toi_thieu for t in targets) + self.khong_phan_bo
        if any(t.toi_da is None for t in targets):
            return low, None
        return low, sum(t.toi_da for t in targets) + self.khong_phan_bo


class Assignment(Record):
    """A lead/coordination assignment: chu_tri lead, phoi_hop coordinate."""

    chu_tri: list[Id] = Field(min_length=1)
    danh_xung: str = ""  # who in the lead body acts, e.g. 'Ban Thường vụ'
    phoi_hop: list[Id] = []
    chi_tieu: Id | None = None   # the quota kind it counts towards, if any
    so_luong: Quantity
    it_nhat: bool = False
    doi_tuong: Text

    @property
    def target(self) -> Target:
        return self.so_luong.resolved(self.it_nhat)


class RecipientLine(Record):
    """One line of a document's Nơi nhận: a registry id, or free text."""

    id: Id | None = None
    ten: str = ""
    chon: list[Id] | None = None  # a subset of a group
    ghi_chu: str = ""
    so_ban: Count | None = None

    @classmethod
    def coerce(cls, value):
        return {"id": value} if isinstance(value, str) else value


class Distribution(Record):
    """A Nơi nhận: the lines, the archive copies, a stated total. Documents with a
    distribution list inherit it."""

    noi_nhan: list[RecipientLine] = []
    luu_so_ban: Count | None = None
    so_ban: Count | None = None

    @field_validator("noi_nhan", mode="before")
    @classmethod
    def _lines(cls, value):
        if isinstance(value, list):
            return [RecipientLine.coerce(v) for v in value]
        return value


Number = Annotated[int, Field(ge=1, le=MAX_COUNT)]


class Letters(Distribution):
    """Assignment letters (thông báo) to each unit and body of the plan."""

    ngay: IssueDate | None = None
    nguoi_ky: Id
    trich_yeu: Text
    so_bat_dau: Number | None = None  # next free number of the series
    so: dict[Id, Number] = {}         # fixed numbers per addressee
    ghi_chu_nhan: str = "(để thực hiện)"
    trich_yeu_nhiem_vu: str = ""      # subject of a letter that gives a task but no quota (default: from trich_yeu)


class PeriodIssue(Record):
    so: Number | None = None
    ngay: IssueDate | None = None


class Report(Distribution):
    """Progress reports (báo cáo): the facts of each period's report."""

    nguoi_ky: Id
    trich_yeu: Text  # may hold {ky}: 'kết quả tạo nguồn phát triển đảng {ky}'
    ky: dict[str, PeriodIssue] = {}
    noi_nhan: list[RecipientLine] = Field(min_length=1)


class Deadline(Record):
    ky: Text
    han: dt.date
    nam_truoc: bool = False  # due in the year before the plan year (a call-up's first screening)


class Plan(Distribution):
    so: Number | None = None
    ngay: IssueDate | None = None
    nhiem_ky: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}\s*-\s*[0-9]{4}$")] | None = None
    trich_yeu: Text
    nguoi_ky: Id
    van_ban: list[CitedDocument] = []
    can_cu: list[list[Id]] = []
    quan_triet: list[Id] = []    # documents the plan asks to study and carry out
    chi_tieu: list[Quota] = Field(min_length=1)
    phan_cong: list[Assignment] = []
    han_bao_cao: list[Deadline] = []
    noi_nhan: list[RecipientLine] = Field(min_length=1)


class TermPlan(Plan):
    """A plan for a whole term (kế hoạch nhiệm kỳ): each quota is the target of one year."""

    nhiem_ky: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}\s*-\s*[0-9]{4}$")]

    def years(self) -> list[int]:
        return sorted({q.nam for q in self.chi_tieu if q.nam is not None})

    def first_year(self) -> int:
        return int(self.nhiem_ky.split("-")[0])

    def last_year(self) -> int:
        return int(self.nhiem_ky.split("-")[1])


# --------------------------------------------------------------------------
# Declared document kinds (templates/loai-van-ban.yaml)

PlainName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=100)]


class KindDecl(Record):
    ten: Text               # shown to the clerk
    loai: Id                # document type in the profile: ke_hoach, thong_bao, bao_cao …
    mau: PlainName          # template file under templates/docx/ (a plain name, never a path)
    du_lieu: PlainName | None = None  # data file under data/<năm>/ (none for a book of the year)
    pham_vi: Literal["nam", "nhiem_ky"] = "nam"  # nhiem_ky: its data serves every year of a term
    xay_dung: Id            # builder module under vanban/documents/
    dua_tren: list[str] = []  # kinds whose data this one is built from (letters ← the plan)
    so_lieu: list[str] = []   # further data sources it reads (reports ← tien-do)
    tong_hop: bool = False  # built from every other document of the year (the delivery book)
    bien: dict[str, str] = {}  # template variables the kind provides, with their descriptions


KindName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]


class Kinds(Record):
    loai_van_ban: dict[KindName, KindDecl]
