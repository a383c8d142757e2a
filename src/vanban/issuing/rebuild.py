"""`vanban luu-tru dung-lai-so`: the register rebuilt from the archives' manifests.

Every issued number is in a manifest: from manifest format 3 on, each issuing run records
the register row of every document it issues whole (its values and its place in the
register), and so does a run that changes a row (a replaced document's note) or an upgrade
(every row of the year). A register lost, or replaced by an older copy, is rebuilt from them,
never restarted at 01 within a term.

Under the register's lock: a run cut short is finished or dropped first; every year's archive
must verify by its files and its chain (a changed archive is not blessed); the register as it
is (if any) must be no newer than the archives (a row the manifests do not hold, or a chain
head none of them had, would be lost or overruled: refused). The old register is kept under
.dung-lai-so/<ngày>/ before the new one is written whole.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..data.formats import MANIFEST as MANIFEST_FAMILY, REGISTER as REGISTER_FAMILY, WRITTEN, outdated, written_by
from ..errors import ArchiveProblem, DataError, Finding, Location
from ..output import write_all
from ..project import Project
from . import archive, legacy
from .archive import MANIFEST, archive_folder, read_manifest
from .register import FORMAT, Entry, Register, load_register, locked, register_path
from .run import archive_years, recover_all

BACKUP = ".dung-lai-so"


@dataclass
class RebuildResult:
    years: dict[int, int] = field(default_factory=dict)   # year → rows rebuilt from its manifest
    kept: int = 0                                          # rows of years without an archive, kept
    notes: list[str] = field(default_factory=list)
    register: Path | None = None
    backup: Path | None = None                             # the register as it was, when there was one
    written: bool = False                                  # False: the register already was this


def rebuild(project: Project, today: dt.date | None = None) -> RebuildResult:
    result = RebuildResult()
    path = register_path(project)
    shown = project.show(path)
    result.register = path
    with locked(project):
        result.notes += recover_all(project)
        if path.is_symlink() or os.path.lexists(path) and not path.is_file():  # never read or replaced through a link
            raise ArchiveProblem([Finding(Location(shown), "sổ đăng ký không phải tệp thường (một liên kết tới nơi "
                                          "khác, hay một thư mục): vanban không đọc, không thay sổ qua liên kết",
                                          f"chuyển {shown} ra chỗ khác rồi chạy lại «vanban luu-tru dung-lai-so»")])
        before = path.read_bytes() if path.is_file() else None
        try:
            current: Register | None = load_register(project)
        except DataError as exc:  # a damaged register: rebuilt, its bytes kept
            current = None
            result.notes.append(f"Sổ đăng ký cũ không đọc được ({exc.findings[0].message}); đã giữ bản sao.")
        if current is not None and current.exists and current.format < FORMAT:
            raise ArchiveProblem([outdated(Location(shown, 1), REGISTER_FAMILY, current.format)])
        problems: list[Finding] = []
        rows: list[tuple[int, Entry]] = []
        years = archive_years(project)
        for year in years:
            rows += _year_rows(project, year, current, problems, result)
        if problems:
            raise ArchiveProblem(problems)
        if not years:
            raise ArchiveProblem([Finding(Location(project.show(project.output)), "chưa có lưu trữ nào để dựng lại "
                                          "sổ đăng ký", "sổ đăng ký chỉ dựng lại được từ bản kê của lưu trữ "
                                          "(output/NĂM/luu-vt/manifest.json)")])
        kept = [e for e in (current.entries if current else []) if not (e.year.isdigit() and int(e.year) in years)]
        result.kept = len(kept)
        register = Register(path, shown)
        register.entries = [e for _, e in sorted(rows, key=lambda r: r[0])] + kept
        data = register.dump()
        if data == before:
            return result
        if before is not None:
            result.backup = _backup(project, path, before, today or dt.date.today())
        write_all({path: data}, project.show)
        result.written = True
    return result


def _year_rows(project: Project, year: int, current: Register | None, problems: list[Finding],
               result: RebuildResult) -> list[tuple[int, Entry]]:
    """The register rows of *year* as its manifest records them, after the archive verified."""
    folder = archive_folder(project, year)
    shown = project.show(folder)
    number = legacy.manifest_format(folder)
    fix = (f"trả lại lưu trữ đúng từ bản sao (tệp zip lưu trữ, bản sao lưu), kiểm tra bằng «vanban luu-tru kiem-tra "
           f"{year}», rồi chạy lại «vanban luu-tru dung-lai-so»")
    if number is None and not (folder.is_dir() and any(folder.iterdir())):
        return []  # an empty or absent archive folder: nothing was issued there
    if number is None:
        problems.append(Finding(Location(shown), "không có bản kê (manifest.json): không biết các số đã cấp năm "
                                f"{year}", fix))
        return []
    if number in WRITTEN[MANIFEST_FAMILY] and number < archive.FORMAT:
        problems.append(Finding(Location(f"{shown}/{MANIFEST}"), f"bản kê do {written_by(MANIFEST_FAMILY, number)} "
                                "ghi không ghi đủ các cột của sổ đăng ký nên không dựng lại sổ được từ nó",
                                "trả lại sổ đăng ký từ bản sao lưu rồi chạy «vanban nang-cap» (bản kê mới ghi đủ)"))
        return []
    state = archive.check(folder, shown, year, None)
    if not state.ok:
        problems.append(Finding(Location(shown), f"lưu trữ năm {year} không nguyên vẹn, nên không dựng lại sổ từ "
                                "bản kê của nó (vanban không hợp thức hóa một lưu trữ đã bị thay đổi)", fix))
        problems += state.findings(shown, year)
        return []
    manifest = read_manifest(folder, f"{shown}/{MANIFEST}", year)
    heads = manifest.heads()
    listed, recorded, anchors = manifest.files(), manifest.rows(), manifest.anchors()
    out: list[tuple[int, Entry]] = []
    for name, (_, info) in listed.items():
        if not info.get("khoa"):
            continue
        found = recorded.get(name)
        entry = Entry.from_values(found[1]["gia_tri"], heads[-1]) if found else None
        if entry is None or entry.digest() != anchors.get(name, (0, ""))[1] or entry.sha256 != info["sha256"] \
                or entry.year != str(year):
            problems.append(Finding(Location(f"{shown}/{MANIFEST}"), f"bản kê không ghi đúng dòng sổ đăng ký của "
                                    f"{info.get('so_ky_hieu') or name}", fix))
            continue
        out.append((found[1]["thu_tu"], entry))
    result.years[year] = len(out)
    if current is None or not current.exists:
        return out
    # the register as it is must be no newer than this archive: nothing of it may be lost or overruled
    mine = current.of_year(year)
    newer = [e.so_ky_hieu for e in mine if e.tep not in listed]
    foreign = [e.so_ky_hieu for e in mine if e.ban_ke not in heads]
    keep = ("sổ đăng ký hiện có không bị thay: nếu lưu trữ năm này đã bị chép đè bằng bản cũ, trả lại lưu trữ mới "
            "nhất từ bản sao lưu")
    if newer:
        problems.append(Finding(Location(current.shown), f"sổ đăng ký có {len(newer)} văn bản năm {year} mà bản kê "
                                f"không có ({', '.join(newer[:3])}{'…' if len(newer) > 3 else ''}): lưu trữ có thể "
                                "cũ hơn sổ; dựng lại sẽ mất các số này", keep))
    elif foreign:
        problems.append(Finding(Location(current.shown), f"sổ đăng ký ghi cho năm {year} một dấu chuỗi không có trong "
                                f"bản kê ({', '.join(foreign[:3])}{'…' if len(foreign) > 3 else ''}): bản kê có thể "
                                "đã bị thay hoặc dựng lại; vanban không dựng sổ theo nó", keep))
    return out


def _backup(project: Project, path: Path, data: bytes, today: dt.date) -> Path:
    """The register as it was, under .dung-lai-so/<ngày>/ (never over an earlier copy)."""
    folder, n = project.root / BACKUP / today.isoformat(), 2
    while folder.exists():
        folder, n = project.root / BACKUP / f"{today.isoformat()}-{n}", n + 1
    target = folder / Path(project.show(path))
    write_all({target: data}, project.show)
    return folder
