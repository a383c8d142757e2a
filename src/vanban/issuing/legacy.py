"""Archives as earlier releases wrote them: read and verified by their own rules, and carried
into the current format without rewriting anything issued.

Manifest formats (manifest.json of output/<năm>/luu-vt/):

- 1, vanban 0.1: `{"vanban", "nam", "tep": {name: {sha256, size, so_ky_hieu, khoa, ghi_chu,
  du_lieu, mau}}}`, rewritten whole by every run, the outgoing register listed among the files;
  the register (format 1) has no manifest anchor and no row digest. Its rules: every listed file
  is there with its hash, nothing else is; each register row of the year names a listed file
  with the same hash, number and note, and says what the archived outgoing register (its
  hash checked) says of that document: date, subject, signer, recipients, copies, note.
- 2, vanban 0.2: the chain (archive.py), rows anchored by their digest and the chain's head.
- 3, vanban 0.3: the chain, with upgrade runs; every register row recorded whole («dong»: its
  values and place), so that the register can be rebuilt from the manifests; every row of the
  year holds the chain's latest head.

An upgrade verifies the archive by its own rules first and refuses one that does not verify.
Then it adds a run of kind «nang_cap» to the chain (a format 1 archive starts its chain with
it): the run anchors the old manifest (format 1: kept byte for byte as manifest-0.1.json,
listed with its hash) and the register as they were (their hashes), lists what a format 1
manifest listed, and re-anchors every register row of the year under the current digest rule
(«neo»); the rows move to the current register format with the new head as their anchor. Issued
files are never touched; the run records every row of the year whole («dong»). Fingerprints
this release computes for issued documents whose inputs are unchanged since they were issued
(«van_tay_moi») are given by the caller (office.py builds them).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..data.formats import CURRENT, MANIFEST as MANIFEST_FAMILY, REGISTER as REGISTER_FAMILY, WRITTEN
from ..errors import ArchiveProblem, Finding, Location
from ..text import vietnamese as vi
from . import archive, transaction
from .archive import MANIFEST, UPGRADE, Check, Manifest, plain_name, read_manifest, sha256
from .register import FORMAT as REGISTER_FORMAT, Register

OUTGOING = "so-dang-ky-van-ban-di-{year}.xlsx"


def _json(folder: Path):
    path = folder / MANIFEST
    if not os.path.lexists(path):
        return None, None
    try:
        data = archive.read_json(path)
    except (OSError, ValueError):  # a manifest that does not read: no format (read_manifest says why)
        return b"", {}
    return path.read_bytes(), data


def manifest_format(folder: Path) -> int | None:
    """The format of a year's manifest: 1, 2, 3 …; 0 for a file that is no manifest of any
    release; None when there is none."""
    raw, data = _json(folder)
    if raw is None:
        return None
    if not isinstance(data, dict):
        return 0
    number = data.get("dinh_dang")
    if number is None:
        return 1 if isinstance(data.get("tep"), dict) and "vanban" in data else 0
    return number if isinstance(number, int) and not isinstance(number, bool) and number >= 2 else 0


def kept_name(number: int) -> str:
    """What a pre-chain manifest is called once an upgrade has kept it: manifest-0.1.json."""
    return f"manifest-{WRITTEN[MANIFEST_FAMILY][number]}.json"


# --------------------------------------------------------------------------
# Format 1 (vanban 0.1)


def _v1_entries(data: dict, year: int) -> tuple[dict, list[str]]:
    """The files a format 1 manifest lists, and what is wrong with its shape."""
    problems = []
    if data.get("nam") != year:
        problems.append(f"bản kê hỏng: bản kê ghi năm {data.get('nam')!r}, không phải {year}")
    files = {}
    for name, info in data.get("tep", {}).items():
        if not plain_name(name):
            problems.append(f"bản kê hỏng: đường dẫn lạ trong bản kê: {name!r}")
        elif not isinstance(info, dict) or not isinstance(info.get("sha256"), str) or len(info["sha256"]) != 64:
            problems.append(f"bản kê hỏng: mục «{name}» không có mã băm (sha256)")
        else:
            files[name] = info
    return files, problems


def check_v1(folder: Path, shown: str, year: int, register: Register, data: dict) -> Check:
    """A vanban 0.1 archive by vanban 0.1's rules: every listed file there with its hash, no
    other file; and the register's rows of the year agree with the list (hash, number, note)."""
    result = Check(formats={MANIFEST_FAMILY: 1, REGISTER_FAMILY: register.format})
    listed, result.problems = _v1_entries(data, year)
    for name, info in sorted(listed.items()):
        archive._compare(folder, name, info["sha256"], result)
    result.extra = sorted(p.name for p in folder.iterdir() if p.name != MANIFEST and p.name not in listed)
    rows = register.of_year(year)
    for e in rows:
        info = listed.get(e.tep)
        if info is None:
            result.problems.append(f"sổ đăng ký có {e.so_ky_hieu} ({e.tep}) nhưng bản kê không có")
        elif info["sha256"] != e.sha256:
            result.problems.append(f"sổ đăng ký và bản kê ghi hai mã băm khác nhau cho {e.tep}")
        elif (info.get("so_ky_hieu"), info.get("khoa"), info.get("ghi_chu", "")) != (e.so_ky_hieu, e.khoa, e.ghi_chu):
            result.problems.append(f"dòng {e.so_ky_hieu} của sổ đăng ký không khớp bản kê (số, khóa hoặc ghi chú)")
    keys = {e.khoa for e in rows}
    for name, info in listed.items():
        if info.get("khoa") and info["khoa"] not in keys:
            result.problems.append(f"bản kê có {name} nhưng sổ đăng ký không có")
    outgoing = OUTGOING.format(year=year)
    if outgoing in listed and outgoing not in result.missing + result.altered + result.linked:
        result.problems += _against_outgoing(folder / outgoing, rows)
    return result


# the outgoing register's columns (Nghị định 30/2020/NĐ-CP, Phụ lục IV) → what a register row says
_OUTGOING_COLUMNS = {"Ngày tháng văn bản": "ngay", "Tên loại và trích yếu nội dung văn bản": "trich_yeu",
                     "Người ký": "nguoi_ky", "Nơi nhận văn bản": "noi_nhan", "Số lượng bản": "so_ban",
                     "Ghi chú": "ghi_chu"}


def _against_outgoing(path: Path, rows) -> list[str]:
    """Register rows that say otherwise than the archived outgoing register (vanban 0.1 kept no
    digest of a row; the outgoing register it archived, checked by its hash, says the same)."""
    from openpyxl import load_workbook  # start-up time: openpyxl only for an archive of vanban 0.1

    try:
        wb = load_workbook(path, read_only=True)
        table = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        wb.close()
    except Exception:  # noqa: BLE001 - a workbook whose hash matched yet does not read: said, not raised
        return [f"không đọc được {path.name} để đối chiếu sổ đăng ký"]
    head = next((i for i, r in enumerate(table) if "Số, ký hiệu văn bản" in r), None)
    if head is None:
        return [f"{path.name} không có cột «Số, ký hiệu văn bản» để đối chiếu sổ đăng ký"]
    columns = {name: table[head].index(name) for name in ["Số, ký hiệu văn bản", *_OUTGOING_COLUMNS]
               if name in table[head]}
    said = {r[columns["Số, ký hiệu văn bản"]]: r for r in table[head + 1:] if r and r[columns["Số, ký hiệu văn bản"]]}
    out = []
    for e in rows:
        row = said.get(e.so_ky_hieu)
        if row is None:
            out.append(f"dòng {e.so_ky_hieu} của sổ đăng ký không có trong {path.name} của lưu trữ")
            continue
        expected = {"ngay": vi.short_date(dt.date.fromisoformat(e.ngay)), "trich_yeu": e.trich_yeu,
                    "nguoi_ky": e.nguoi_ky, "noi_nhan": e.noi_nhan, "so_ban": e.so_ban, "ghi_chu": e.ghi_chu}
        wrong = [field_name for title, field_name in _OUTGOING_COLUMNS.items() if title in columns
                 and (row[columns[title]] if row[columns[title]] is not None else "") != expected[field_name]]
        if wrong:
            out.append(f"dòng {e.so_ky_hieu} của sổ đăng ký khác {path.name} của lưu trữ ({', '.join(wrong)})")
    return out


# --------------------------------------------------------------------------
# Any format


def check_any(folder: Path, shown: str, year: int, register: Register) -> Check:
    """The year's archive by the rules of the release that wrote it; `formats` says which."""
    number = manifest_format(folder)
    if number == 1:
        return check_v1(folder, shown, year, register, _json(folder)[1])
    return archive.check(folder, shown, year, register)


def issued_inputs(folder: Path, year: int) -> dict[str, dict]:
    """Key → what the manifest recorded of an issued document's inputs when it was issued:
    {du_lieu: {file: sha256}, mau: {file: sha256}} (any format; {} for none)."""
    number = manifest_format(folder)
    if number == 1:
        entries, _ = _v1_entries(_json(folder)[1], year)
    elif number in archive.CHAINED:
        manifest = read_manifest(folder, MANIFEST, year)
        entries = {name: info for name, (_, info) in manifest.files().items()} if manifest else {}
    else:
        return {}
    return {info["khoa"]: {"du_lieu": info.get("du_lieu") or {}, "mau": info.get("mau") or {}}
            for info in entries.values() if info.get("khoa")}


def outdated(folder: Path, year: int, register: Register) -> list[tuple[str, int]]:
    """(family, format) of what keeps the year from being issued by this release: an older
    manifest, an older register, a row of the year not yet re-anchored."""
    out = []
    number = manifest_format(folder)
    if number is not None and 0 < number < CURRENT[MANIFEST_FAMILY]:
        out.append((MANIFEST_FAMILY, number))
    if register.format < REGISTER_FORMAT:
        out.append((REGISTER_FAMILY, register.format))
    else:
        old = [e.dinh_dang for e in register.of_year(year) if e.dinh_dang < REGISTER_FORMAT]
        if old:
            out.append((REGISTER_FAMILY, min(old)))
    return out


# --------------------------------------------------------------------------
# The upgrade of one year's archive


@dataclass
class ArchiveUpgrade:
    year: int
    from_format: int
    manifest: bytes                                      # the new manifest.json
    files: dict[str, bytes] = field(default_factory=dict)  # new files of the archive (the kept manifest)
    rows: int = 0                                        # register rows re-anchored
    fingerprints: int = 0                                # fingerprints recorded for this release


def upgrade(folder: Path, shown: str, year: int, register: Register, register_bytes: bytes | None,
            fingerprints: dict[str, str], version: str, now: dt.datetime | None = None) -> ArchiveUpgrade | None:
    """The year's archive in the current format, or None when it already is (or there is none).
    *register* is changed in place: the year's rows move to the current format, anchored by the
    upgrade run. The archive must have been verified (check_any) before."""
    number = manifest_format(folder)
    if number is None or number == CURRENT[MANIFEST_FAMILY] and not outdated(folder, year, register):
        return None
    raw, data = _json(folder)
    rows = register.of_year(year)
    for e in rows:
        e.dinh_dang = REGISTER_FORMAT
    run = {"loai": UPGRADE, "thoi_gian": (now or dt.datetime.now()).isoformat(timespec="seconds"),
           "vanban": version, "tu": {MANIFEST_FAMILY: number, REGISTER_FAMILY: register.format},
           "ban_ke_cu": {"sha256": sha256(raw), "dinh_dang": number},
           "so_dang_ky_cu": {"sha256": sha256(register_bytes) if register_bytes is not None else "",
                             "dinh_dang": register.format},
           "tep": {}, "neo": {}, "van_tay_moi": dict(sorted(fingerprints.items()))}
    files: dict[str, bytes] = {}
    if number == 1:
        listed, _ = _v1_entries(data, year)
        by_file = {e.tep: e for e in rows}
        keep = kept_name(1)
        run["ban_ke_cu"].update(tep=keep, vanban=data.get("vanban"))
        outgoing = OUTGOING.format(year=year)
        for name, info in listed.items():
            if name == outgoing:
                run["so_dang_ky"] = {"tep": name, "sha256": info["sha256"]}
                continue
            entry = {k: info[k] for k in ("sha256", "size") if k in info}
            row = by_file.get(name)
            if row is not None:  # a document (its PDF is listed as a plain file)
                entry.update({k: info[k] for k in ("so_ky_hieu", "khoa", "du_lieu", "mau") if k in info})
                entry.update(van_tay=row.van_tay, dong_so=row.digest())
            entry["tu_ban_ke"] = 1  # carried from a manifest of format 1: no record of its content
            run["tep"][name] = entry
        run["tep"][keep] = {"sha256": sha256(raw), "size": len(raw)}
        files[keep] = raw
        before = Manifest(year)
    else:
        before = read_manifest(folder, f"{shown}/{MANIFEST}", year)
        run["neo"] = {e.tep: e.digest() for e in rows}
    place = {id(e): i for i, e in enumerate(register.entries)}
    run["dong"] = {e.tep: archive.row_record(e, place[id(e)]) for e in rows}  # what rebuilds the register
    after = before.with_run(run)
    for e in rows:
        e.ban_ke = after.head()
    return ArchiveUpgrade(year, number, after.dump(), files, len(rows), len(fingerprints))


def publish(project, year: int, change: ArchiveUpgrade, register: Register) -> None:
    """Move the upgraded archive into place as an issuing run does: staged outside the archive,
    journalled, files first, the register next, the manifest last (a run cut short is finished
    or dropped by the next one)."""
    folder = archive.archive_folder(project, year)
    stage = transaction.Stage.open(project.output / str(year) / transaction.STAGE, folder, register.path,
                                   project.show)
    try:
        for name, data in change.files.items():
            if (folder / name).exists():
                raise ArchiveProblem([Finding(Location(project.show(folder / name)), "tệp đã có trong lưu trữ, "
                                              "vanban không ghi đè", "chuyển tệp này ra ngoài rồi chạy lại «vanban "
                                              "nang-cap»")])
            stage.put(name, data)
        stage.publish(register.dump(), change.manifest)
    except BaseException:
        if transaction.leftover(stage.folder) == "dat":
            shutil.rmtree(stage.folder, ignore_errors=True)
        raise
