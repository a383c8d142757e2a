"""Typed records of vanban's data, and nothing else.

Field names follow shared/glossary.md: the Vietnamese term without
diacritics in snake_case, the same word as the YAML key and the template
variable. Validation of types happens here (pydantic); rules that span
records live in checks.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Count = Annotated[int, Field(ge=0)]


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
# The organisation (data/don-vi.yaml)


class Level(Record):
    ten: Text
    viet_tat: str = ""


class Authority(Record):
    kieu: Literal["tm", "kt", "tl", "tuq"]
    ten: Text


class Signer(Record):
    id: Id
    quyen_han: Authority | None = None
    chuc_vu: Text
    ho_ten: Text


class OrgKind(Record):
    tien_to: str = ""


class Branch(Record):
    id: Id
    loai: Id
    ten: str = ""


class MassOrg(Record):
    id: Id
    loai: Id
    ten: str = ""


class Recipient(Record):
    """A body or a group of bodies that documents are sent to."""

    id: Id
    ten: Text
    so_ban: Count = 1
    nhom: Literal["chi_bo"] | None = None  # the group is (a kind of) the branches
    loai_chi_bo: list[Id] = []
    so_thanh_vien: Count | None = None  # a group of people, e.g. committee members
    hien_so: bool = False  # show 'n/N' before the name


class QuotaKind(Record):
    ten: Text
    don_vi: Text


class Term(Record):
    """A term (nhiệm kỳ) of the committee: Party numbering runs through it."""

    ten: Annotated[str, StringConstraints(pattern=r"^\d{4}\s*-\s*\d{4}$")]
    bat_dau: dt.date


class Organisation(Record):
    quy_tac: Literal["dang", "nha_nuoc"]
    nhiem_ky: list[Term] = []
    kieu_dau: Literal["moi", "cu"] = "moi"
    cap_tren: list[Level] = Field(min_length=1, max_length=3)
    co_quan: Level
    dia_danh: Text
    ten_chi_bo: Text = "Chi bộ"
    dau_cuoi_noi_nhan: Literal[";", ","] = ";"
    luu_so_ban: Count = 1
    nguoi_ky: list[Signer] = Field(min_length=1)
    loai_chi_bo: dict[Id, OrgKind]
    chi_bo: list[Branch] = Field(min_length=1)
    loai_doan_the: dict[Id, OrgKind] = {}
    doan_the: list[MassOrg] = []
    noi_nhan: list[Recipient] = []
    loai_chi_tieu: dict[Id, QuotaKind] = {}


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
    chi_bo: Id
    so_luong: Count
    it_nhat: bool = True


class Quota(Record):
    loai: Id
    tong_so: Count
    phan_bo: list[Allocation] = Field(min_length=1)


class Assignment(Record):
    """A lead/coordination assignment: chu_tri lead, phoi_hop coordinate."""

    chu_tri: list[Id] = Field(min_length=1)
    danh_xung: str = ""  # who in the lead body acts, e.g. 'Ban Thường vụ'
    phoi_hop: list[Id] = []
    chi_tieu: Id = "tao_nguon"
    so_luong: Count
    it_nhat: bool = True
    doi_tuong: Text


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


class Letters(Distribution):
    """Assignment letters (thông báo) to each branch and body of the plan."""

    ngay: dt.date | None = None
    nguoi_ky: Id
    trich_yeu: Text
    so_bat_dau: Annotated[int, Field(ge=1)] | None = None  # next free number of the series
    so: dict[Id, Annotated[int, Field(ge=1)]] = {}         # fixed numbers per addressee
    ghi_chu_nhan: str = "(để thực hiện)"


class PeriodIssue(Record):
    so: Annotated[int, Field(ge=1)] | None = None
    ngay: dt.date | None = None


class Report(Distribution):
    """Progress reports (báo cáo): the facts of each period's report."""

    nguoi_ky: Id
    trich_yeu: Text  # may hold {ky}: 'kết quả tạo nguồn phát triển đảng {ky}'
    ky: dict[str, PeriodIssue] = {}
    noi_nhan: list[RecipientLine] = Field(min_length=1)


class Deadline(Record):
    ky: Text
    han: dt.date


class Plan(Distribution):
    so: Annotated[int, Field(ge=1)] | None = None
    ngay: dt.date | None = None
    nhiem_ky: Annotated[str, StringConstraints(pattern=r"^\d{4}\s*-\s*\d{4}$")]
    trich_yeu: Text
    nguoi_ky: Id
    van_ban: list[CitedDocument] = []
    can_cu: list[list[Id]] = []
    chi_tieu: list[Quota] = Field(min_length=1)
    phan_cong: list[Assignment] = []
    han_bao_cao: list[Deadline] = []
    noi_nhan: list[RecipientLine] = Field(min_length=1)


# --------------------------------------------------------------------------
# Declared document kinds (templates/loai-van-ban.yaml)


class KindDecl(Record):
    ten: Text               # shown to the clerk
    loai: Id                # document type in the profile: ke_hoach, thong_bao, bao_cao …
    mau: Text               # template file under templates/docx/
    du_lieu: Text | None = None  # data file under data/<năm>/ (none for a book of the year)
    xay_dung: Id            # builder module under vanban/documents/
    dua_tren: list[str] = []  # kinds whose data this one is built from (letters ← the plan)
    so_lieu: list[str] = []   # further data sources it reads (reports ← tien-do)
    tong_hop: bool = False  # built from every other document of the year (the delivery book)
    bien: dict[str, str] = {}  # template variables the kind provides, with their descriptions


class Kinds(Record):
    loai_van_ban: dict[str, KindDecl]
