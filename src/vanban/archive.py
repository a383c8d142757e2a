"""Issuing (phát hành) and the archive copy (Lưu VT).

The number register data/so-van-ban-di.csv is the record of every issued
document: a number is taken there once and never again, under a file lock
so that two vanban runs cannot take the same one. Issued files go to
output/<năm>/luu-vt/ with their PDF/A, a manifest of hashes and the
outgoing register (sổ đăng ký văn bản đi) as XLSX; nothing there is ever
overwritten.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock

from . import __version__
from . import vietnamese as vi
from .build import render_all, year_documents
from .documents import Document, Numbering, Picture
from .errors import DataError, Finding, Findings, Location, OutputProblem
from .data.load import Project, load_kinds, load_organisation, organisation_profile
from .data.model import Organisation, Profile
from .output import write_all
from .pdf import INSTALL_HINT, convert

REGISTER = "so-van-ban-di.csv"
COLUMNS = ["khoa", "chuoi", "so", "so_ky_hieu", "ngay", "loai", "trich_yeu", "nguoi_ky", "noi_nhan",
           "so_ban", "tep", "sha256", "van_tay", "ghi_chu"]
MANIFEST = "manifest.json"
REPLACED = "bị thay thế bởi "
# Nghị định 30/2020/NĐ-CP, Phụ lục IV: the outgoing register
OUTGOING = ["STT", "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
            "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ghi chú"]


# --------------------------------------------------------------------------
# The register


@dataclass
class Entry:
    khoa: str          # year/key: '2018/thong-bao/ap_cho'
    chuoi: str         # the numbering series: 'KH|2015-2020' (Party) or '2026' (State)
    so: int
    so_ky_hieu: str
    ngay: str          # ISO date
    loai: str
    trich_yeu: str
    nguoi_ky: str
    noi_nhan: str
    so_ban: int
    tep: str
    sha256: str
    van_tay: str       # fingerprint of what produced the document
    ghi_chu: str = ""

    @property
    def active(self) -> bool:
        return not self.ghi_chu.startswith(REPLACED)


@dataclass
class Register:
    path: Path
    shown: str
    entries: list[Entry] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path, shown: str) -> "Register":
        reg = cls(path, shown)
        if not path.is_file():
            return reg
        findings = Findings()
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames != COLUMNS:
                raise DataError([Finding(Location(shown, 1), "dòng tiêu đề của sổ đăng ký đã bị thay đổi",
                                         f"dòng đầu phải là: {','.join(COLUMNS)}")])
            for row in reader:
                line = reader.line_num
                try:
                    reg.entries.append(Entry(**{**row, "so": int(row["so"]), "so_ban": int(row["so_ban"])}))
                except (TypeError, ValueError):
                    findings.add(Location(shown, line), "dòng của sổ đăng ký bị hỏng (số hoặc số bản không phải số)",
                                 "sửa lại dòng này theo đúng các cột")
        findings.raise_if_any(DataError)
        return reg

    def dump(self) -> bytes:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for e in self.entries:
            writer.writerow(dataclasses.asdict(e))
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8

    def active(self, key: str) -> Entry | None:
        return next((e for e in self.entries if e.khoa == key and e.active), None)

    def holder(self, series: str, number: int) -> Entry | None:
        return next((e for e in self.entries if e.chuoi == series and e.so == number), None)

    def used(self, series: str) -> set[int]:
        return {e.so for e in self.entries if e.chuoi == series}


def series(profile: Profile, org: Organisation, doc_type: str, date: dt.date | None, year: int) -> str:
    """Party: one series per document type through the committee's term; State: one per year."""
    when = date or dt.date(year, 12, 31)
    if profile.danh_so == "nam":
        return str(when.year)
    terms = [t for t in org.nhiem_ky if t.bat_dau <= when]
    if not terms:
        raise DataError([Finding(Location("data/don-vi.yaml"), f"không biết nhiệm kỳ của văn bản ngày "
                                 f"{vi.short_date(when)} để đánh số",
                                 "khai «nhiem_ky: [{ten: 2015-2020, bat_dau: 2015-07-01}]» trong don-vi.yaml")])
    term = max(terms, key=lambda t: t.bat_dau)
    return f"{profile.loai_van_ban[doc_type].ky_hieu}|{term.ten}"


def number_conflicts(project: Project, profile: Profile, org: Organisation, year: int, docs: list[Document],
                     shown: str) -> Findings:
    """Numbers given in the data that the register has already issued to another document
    (a year copied with its numbers, a number typed twice). *shown*: the data file."""
    out = Findings()
    path = project.data / REGISTER
    if not path.is_file():
        return out
    register = Register.load(path, project.show(path))
    for doc in docs:
        issue = doc.issue
        if issue.number is None or issue.draft:
            continue
        chain = series(profile, org, issue.doc_type, issue.date, year)
        holder = register.holder(chain, issue.number)
        if holder is not None and holder.khoa != f"{year}/{issue.key}":
            out.add(Location(shown), f"số {issue.number} của {issue.key} năm {year} đã cấp cho {holder.so_ky_hieu} "
                    f"({holder.khoa}) ngày {holder.ngay}",
                    "xóa số trong dữ liệu để vanban cấp số kế tiếp khi phát hành (dựng trước bằng --du-thao), "
                    "hoặc ghi một số chưa dùng")
    return out


class Allocator:
    """Numbers for one issuing run: an issued document keeps its number, a data
    number is checked against the register, a blank takes the next free one."""

    def __init__(self, register: Register, profile: Profile, org: Organisation, year: int,
                 replacing: set[str], findings: Findings):
        self.register, self.profile, self.org, self.year = register, profile, org, year
        self.replacing, self.findings = replacing, findings
        self.taken: dict[str, dict[int, str]] = {}  # series → number → key, this run
        self.assigned: dict[str, int] = {}          # key → number, this run

    def __call__(self, doc_type: str, key: str, given: int | None, date: dt.date | None) -> int:
        full = f"{self.year}/{key}"
        if full not in self.assigned:
            self.assigned[full] = self._take(doc_type, full, key, given, date)
        return self.assigned[full]

    def _take(self, doc_type: str, full: str, key: str, given: int | None, date: dt.date | None) -> int:
        chain = series(self.profile, self.org, doc_type, date, self.year)
        current = self.register.active(full)
        if current is not None and full not in self.replacing:
            return current.so
        mine = self.taken.setdefault(chain, {})
        if given is not None:
            holder = self.register.holder(chain, given)
            if holder is not None:
                why = ("số cũ của chính văn bản này, không dùng lại cho bản thay thế" if holder.khoa == full
                       else f"đã cấp cho {holder.so_ky_hieu} ({holder.khoa}) ngày {holder.ngay}")
                self.findings.add(Location(REGISTER), f"số {given} của {key} không dùng được: {why}",
                                  "xóa số trong dữ liệu để vanban cấp số kế tiếp, hoặc ghi một số chưa dùng")
            elif given in mine and mine[given] != full:
                self.findings.add(Location(REGISTER), f"số {given} được ghi cho cả {mine[given]} và {full}",
                                  "mỗi văn bản một số riêng")
            mine[given] = full
            return given
        number = max(self.register.used(chain) | set(mine), default=0) + 1
        mine[number] = full
        return number


# --------------------------------------------------------------------------
# Fingerprints and the manifest


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _plain(value):
    if isinstance(value, Picture):
        return {"png": sha256(value.png), "width_mm": value.width_mm}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if hasattr(value, "model_dump"):
        return _plain(value.model_dump())
    return value


def fingerprint(doc: Document, template: bytes) -> str:
    """What the document says and how it is laid out: its context, its frame and its template."""
    body = json.dumps({"context": _plain(doc.context), "frame": _plain(doc.frame), "template": sha256(template)},
                      sort_keys=True, ensure_ascii=False, default=str)
    return sha256(body.encode("utf-8"))


def _hash_files(project: Project, names) -> dict[str, str]:
    return {name: sha256((project.root / name).read_bytes()) for name in names}


# --------------------------------------------------------------------------
# Issuing


@dataclass
class IssueResult:
    issued: list[Document] = field(default_factory=list)
    unchanged: list[Document] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    folder: Path | None = None


def _pause() -> None:
    """Test hook: hold the register open for a while to expose races (VANBAN_ISSUE_PAUSE seconds)."""
    seconds = float(os.environ.get("VANBAN_ISSUE_PAUSE", "0") or 0)
    if seconds > 0:
        time.sleep(seconds)


def issue_year(project: Project, year: int, replacing: tuple[str, ...] = (), pdf: bool = True,
               make_zip: bool = False, progress=None) -> IssueResult:
    """Issue every document of the year whose data is present."""
    org, org_src = load_organisation(project)
    profile = organisation_profile(org, org_src)
    kinds = load_kinds(project)
    reg_path = project.data / REGISTER
    folder = project.output / str(year) / "luu-vt"
    result = IssueResult(folder=folder)
    with FileLock(str(reg_path) + ".lock", timeout=300):
        register = Register.load(reg_path, project.show(reg_path))
        findings = Findings()
        replace_keys = set()
        for symbol in replacing:
            entry = next((e for e in register.entries if e.so_ky_hieu == symbol and e.active), None)
            if entry is None:
                findings.add(Location(register.shown), f"không có văn bản đã phát hành số {symbol} để thay thế",
                             "ghi đúng số, ký hiệu như trong sổ đăng ký, ví dụ 28-KH/ĐU")
            else:
                replace_keys.add(entry.khoa)
        findings.raise_if_any(DataError)
        allocate = Allocator(register, profile, org, year, replace_keys, findings)
        docs = year_documents(project, kinds, year, Numbering(allocate=allocate))
        findings.raise_if_any(DataError)
        _pause()

        new: list[tuple[Document, str]] = []
        for doc in docs:
            template = (project.templates / doc.template).read_bytes()
            mark = fingerprint(doc, template)
            full = f"{year}/{doc.issue.key}"
            current = register.active(full)
            if current is not None and full not in replace_keys:
                if current.van_tay == mark:
                    result.unchanged.append(doc)
                else:
                    findings.add(Location(", ".join(doc.sources) or register.shown),
                                 f"văn bản {current.so_ky_hieu} ({full}) đã phát hành ngày "
                                 f"{current.ngay}, nay dữ liệu hoặc mẫu của nó đã thay đổi",
                                 f"văn bản đã phát hành không được sửa; để phát hành văn bản thay thế với số mới: "
                                 f"xóa số cũ trong dữ liệu (nếu có) rồi chạy «vanban phat-hanh {year} --thay-the "
                                 f"{current.so_ky_hieu}»; hoặc hoàn lại dữ liệu như cũ")
                continue
            new.append((doc, mark))
        for doc, _ in new:
            target = folder / doc.output_name
            if target.exists():
                findings.add(Location(project.show(target)), "tệp đã có trong lưu trữ, vanban không ghi đè",
                             "kiểm tra bằng «vanban luu-tru kiem-tra»; chuyển tệp lạ ra khỏi thư mục lưu trữ")
        findings.raise_if_any(DataError)

        rendered = render_all(project, [d for d, _ in new], profile, progress)
        write_all({folder / d.output_name: data for d, data in rendered})
        today = dt.date.today().isoformat()
        for (doc, mark), (_, data) in zip(new, rendered):
            full = f"{year}/{doc.issue.key}"
            old = register.active(full)
            issue = doc.issue
            entry = Entry(khoa=full, chuoi=series(profile, org, issue.doc_type, issue.date, year), so=issue.number,
                          so_ky_hieu=issue.symbol, ngay=issue.date.isoformat() if issue.date else today,
                          loai=issue.doc_type, trich_yeu=f"{profile.loai_van_ban[issue.doc_type].ten} {issue.subject}",
                          nguoi_ky=issue.signer, noi_nhan="; ".join(d.label for d in issue.recipients),
                          so_ban=issue.copies, tep=doc.output_name, sha256=sha256(data), van_tay=mark,
                          ghi_chu=f"thay thế {old.so_ky_hieu}" if old else "")
            if old is not None:
                old.ghi_chu = REPLACED + issue.symbol
                result.replaced.append(old.so_ky_hieu)
            register.entries.append(entry)
            result.issued.append(doc)

        if pdf:
            wanted = [e.tep for e in register.entries if e.khoa.startswith(f"{year}/")]
            missing = [folder / name for name in wanted
                       if (folder / name).is_file() and not (folder / name).with_suffix(".pdf").exists()]
            if missing:
                try:
                    result.pdfs = convert(missing, folder, pdfa=True)
                except OutputProblem as exc:
                    result.warnings.append(f"Chưa tạo được PDF/A: {exc.findings[0].message} → {INSTALL_HINT}")

        if result.issued or result.pdfs:
            year_entries = [e for e in register.entries if e.khoa.startswith(f"{year}/")]
            write_all({folder / f"so-dang-ky-van-ban-di-{year}.xlsx": _outgoing(org, profile, year, year_entries)})
            write_all({folder / MANIFEST: _manifest(project, folder, year, year_entries, docs)})
            write_all({reg_path: register.dump()})
        archive_zip = folder.parent / f"luu-vt-{year}.zip"
        if make_zip and (result.issued or result.pdfs or not archive_zip.exists()):
            write_all({archive_zip: _zip(folder)})
    return result


def _outgoing(org: Organisation, profile: Profile, year: int, entries: list[Entry]) -> bytes:
    """Sổ đăng ký văn bản đi with the columns of Nghị định 30/2020/NĐ-CP, Phụ lục IV."""
    from .sheets import table_workbook

    rows = [[i, e.so_ky_hieu, vi.short_date(dt.date.fromisoformat(e.ngay)), e.trich_yeu, e.nguoi_ky, e.noi_nhan,
             "Văn thư", e.so_ban, e.ghi_chu] for i, e in enumerate(entries, 1)]
    return table_workbook("So van ban di", f"Sổ đăng ký văn bản đi năm {year} — {org.co_quan.ten}", OUTGOING,
                          rows, widths=[6, 14, 12, 44, 20, 40, 14, 8, 22], font=profile.phong_chu)


def _manifest(project: Project, folder: Path, year: int, entries: list[Entry], docs: list[Document]) -> bytes:
    by_name = {d.output_name: d for d in docs}
    files = {}
    for e in entries:
        for name in (e.tep, str(Path(e.tep).with_suffix(".pdf"))):
            path = folder / name
            if not path.is_file():
                continue
            data = path.read_bytes()
            doc = by_name.get(e.tep)
            files[name] = {"sha256": sha256(data), "size": len(data), "so_ky_hieu": e.so_ky_hieu, "khoa": e.khoa,
                           "ghi_chu": e.ghi_chu}
            if doc is not None and name == e.tep:
                files[name]["du_lieu"] = _hash_files(project, doc.sources)
                files[name]["mau"] = {f"templates/docx/{doc.template}":
                                      sha256((project.templates / doc.template).read_bytes())}
    old = _read_manifest(folder)
    for name, info in old.get("tep", {}).items():  # keep what earlier runs recorded of the sources
        if name in files and "du_lieu" in info and "du_lieu" not in files[name]:
            files[name]["du_lieu"], files[name]["mau"] = info["du_lieu"], info.get("mau", {})
    register = folder / f"so-dang-ky-van-ban-di-{year}.xlsx"
    data = register.read_bytes()
    files[register.name] = {"sha256": sha256(data), "size": len(data)}
    body = {"vanban": __version__, "nam": year, "tep": files}
    return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}


def _zip(folder: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.name}")
    return out.getvalue()


# --------------------------------------------------------------------------
# Verification


@dataclass
class Check:
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.altered)


def verify(project: Project, year: int) -> Check:
    folder = project.output / str(year) / "luu-vt"
    manifest = _read_manifest(folder)
    if not manifest:
        raise DataError([Finding(Location(project.show(folder / MANIFEST)), "không có bản kê (manifest) của lưu trữ",
                                 f"phát hành trước: «vanban phat-hanh {year}»")])
    result = Check()
    listed = manifest.get("tep", {})
    for name, info in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            result.missing.append(name)
            continue
        result.checked += 1
        if sha256(path.read_bytes()) != info["sha256"]:
            result.altered.append(name)
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != MANIFEST and path.name not in listed:
            result.extra.append(path.name)
    return result
