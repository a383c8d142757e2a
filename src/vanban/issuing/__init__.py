"""Issuing (phát hành) and the archive copy (Lưu VT).

`issue_year` is one transaction: under the register's lock it finishes or
drops what an interrupted run left, verifies the whole archive against its
manifest and the register (and refuses to go on if anything was altered,
removed or added), numbers and renders what is new, stages documents, PDFs
(each checked complete), the outgoing register, the register and a new
manifest section outside the archive, then publishes them.

Modules: register.py (numbers), archive.py (manifest and checks),
transaction.py (stage, journal, publish, recover).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..text import vietnamese as vi
from ..data.load import Project, load_kinds, load_organisation, organisation_profile
from ..documents import Document, Numbering, Picture, Table
from ..errors import ArchiveProblem, DataError, Finding, Findings, Location
from ..output import write_all
from . import archive, transaction
from .archive import MANIFEST, Check, Manifest, archive_folder, read_manifest, sha256
from .register import REGISTER, REPLACED, Allocator, Entry, Register, load_register, locked, register_path, series

# Nghị định 30/2020/NĐ-CP, Phụ lục IV: the outgoing register
OUTGOING = ["STT", "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
            "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận",
            "Ghi chú"]
MAX_CHANGES_SHOWN = 3


# --------------------------------------------------------------------------
# What produced a document


def _plain(value):
    """A context as data: pictures by what they were drawn from, never by their pixels."""
    if isinstance(value, Picture):
        return {"hinh": _plain(value.source), "rong_mm": value.width_mm}
    if isinstance(value, Table):
        return _plain(dataclasses.asdict(value))
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


def content(doc: Document) -> dict:
    """What the document says: its context and its frame, as plain data."""
    return {"context": _plain(doc.context), "frame": _plain(doc.frame)}


def fingerprint(doc: Document, template: bytes, profile) -> str:
    """The inputs of a document: what it says, its template, the rules it is laid out by."""
    body = {"content": content(doc), "template": sha256(template),
            "profile": sha256(archive.canonical(_plain(profile)))}
    return sha256(archive.canonical(body))


def differences(old, new, path: str = "") -> list[str]:
    """'trich_yeu: «…» → «…»' for each value that differs, depth first."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in sorted(set(old) | set(new)):
            if key.startswith("_"):
                continue
            out += differences(old.get(key), new.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for i, (a, b) in enumerate(zip(old, new)) for d in differences(a, b, f"{path}[{i + 1}]")]
    if old != new:
        show = lambda v: f"«{v}»" if isinstance(v, str) else json.dumps(v, ensure_ascii=False)[:60]  # noqa: E731
        return [f"{path.removeprefix('context.')}: {show(old)} → {show(new)}"]
    return []


# --------------------------------------------------------------------------
# Issuing


@dataclass
class IssueResult:
    issued: list[Document] = field(default_factory=list)
    unchanged: list[Document] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    folder: Path | None = None
    archive_zip: Path | None = None
    zip_written: bool = False


def _pause() -> None:
    """Test hook: hold the register open for a while to expose races (VANBAN_ISSUE_PAUSE seconds)."""
    seconds = float(os.environ.get("VANBAN_ISSUE_PAUSE", "0") or 0)
    if seconds > 0:
        time.sleep(seconds)


def _pdf_complete(path: Path) -> bool:
    """A PDF that parses to the end and has pages (a file cut short by a crash has neither)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        if not path.read_bytes().rstrip().endswith(b"%%EOF"):
            return False
        return len(PdfReader(path, strict=True).pages) > 0
    except (PdfReadError, OSError, ValueError, KeyError, TypeError):
        return False


def verify(project: Project, year: int) -> Check:
    """`vanban luu-tru kiem-tra`: files, manifest and register compared; nothing is changed."""
    folder = archive_folder(project, year)
    register = load_register(project)
    result = archive.check(folder, project.show(folder), year, register)
    state = transaction.leftover(project.output / str(year) / transaction.STAGE)
    if state is not None:
        result.problems.append("có một lần phát hành bị dừng giữa chừng: chạy «vanban phat-hanh "
                               f"{year}» để hoàn tất hoặc bỏ nó")
    if not folder.is_dir() and not register.of_year(year) and result.ok:
        raise ArchiveProblem([Finding(Location(project.show(folder)), "chưa có lưu trữ của năm này",
                                      f"phát hành trước: «vanban phat-hanh {year}»")])
    return result


def issue_year(project: Project, year: int, replacing: tuple[str, ...] = (), pdf: bool = True,
               make_zip: bool = False, progress=None, notify=None) -> IssueResult:
    """Issue every document of the year whose data is present."""
    from ..rendering.batch import render_iter
    from ..build import year_documents

    org, org_src = load_organisation(project, year)
    profile = organisation_profile(org, org_src)
    kinds = load_kinds(project)
    folder = archive_folder(project, year)
    stage_dir = project.output / str(year) / transaction.STAGE
    reg_path = register_path(project)
    result = IssueResult(folder=folder)
    with locked(project, notify):
        note = transaction.recover(stage_dir, folder, reg_path)
        if note:
            result.notes.append(note)
        register = load_register(project)
        state = archive.check(folder, project.show(folder), year, register)
        if not state.ok:
            raise ArchiveProblem(state.findings(project.show(folder), year))
        manifest = read_manifest(folder, project.show(folder / MANIFEST), year) or Manifest(year)
        archived = manifest.files()

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

        templates: dict[str, bytes] = {}  # each template read once, however many documents use it
        for doc in docs:
            if doc.template not in templates:
                templates[doc.template] = (project.templates / doc.template).read_bytes()
        new: list[tuple[Document, str]] = []
        changed: list[str] = []
        for doc in docs:
            mark = fingerprint(doc, templates[doc.template], profile)
            full = f"{year}/{doc.issue.key}"
            current = register.active(full)
            if current is not None and full not in replace_keys:
                if current.van_tay == mark:
                    result.unchanged.append(doc)
                    continue
                before = archived.get(current.tep, (0, {}))[1].get("noi_dung")
                diff = differences(before, content(doc)) if before is not None else []
                what = "; ".join(diff[:MAX_CHANGES_SHOWN]) + (f"; và {len(diff) - MAX_CHANGES_SHOWN} chỗ khác"
                                                              if len(diff) > MAX_CHANGES_SHOWN else "")
                findings.add(Location(", ".join(doc.sources) or register.shown),
                             f"{current.so_ky_hieu} ({full}) đã phát hành ngày {current.ngay} nay khác: "
                             + (what or "mẫu hoặc quy tắc thể thức đã đổi"), "")
                changed.append(current.so_ky_hieu)
                continue
            new.append((doc, mark))
        if changed:
            findings.add(Location(register.shown), "văn bản đã phát hành không được sửa",
                         f"hoàn lại dữ liệu như cũ; hoặc phát hành văn bản thay thế với số mới: xóa số cũ trong dữ "
                         f"liệu (nếu có) rồi chạy «vanban phat-hanh {year} --thay-the {changed[0]}» (ghi tùy chọn này "
                         "một lần cho mỗi văn bản thay thế)")
        for doc, _ in new:
            if doc.output_name in archived or (folder / doc.output_name).exists():
                findings.add(Location(project.show(folder / doc.output_name)), "tệp đã có trong lưu trữ, vanban "
                             "không ghi đè", "kiểm tra bằng «vanban luu-tru kiem-tra»")
        findings.raise_if_any(DataError)

        stage = transaction.Stage.open(stage_dir, folder, reg_path)
        try:
            sizes = {}
            for doc, data in render_iter(project, [d for d, _ in new], profile, progress):
                stage.put(doc.output_name, data)  # each to disk as it is rendered
                sizes[doc.output_name] = len(data)
            transaction._hook("da-dung")
            if pdf:
                _stage_pdfs(stage, folder, archived, [d.output_name for d, _ in new], result)
            run_files = {}
            heads_needed = []
            for doc, mark in new:
                full = f"{year}/{doc.issue.key}"
                old = register.active(full)
                issue = doc.issue
                entry = Entry(khoa=full, chuoi=series(profile, org, issue.doc_type, issue.date, year),
                              so=issue.number, so_ky_hieu=issue.symbol,
                              ngay=(issue.date or dt.date.today()).isoformat(), loai=issue.doc_type,
                              trich_yeu=f"{profile.loai_van_ban[issue.doc_type].ten} {issue.subject}",
                              nguoi_ky=issue.signer, noi_nhan="; ".join(d.label for d in issue.recipients),
                              so_ban=issue.copies, tep=doc.output_name, sha256=stage.files[doc.output_name],
                              van_tay=mark,
                              ghi_chu=f"thay thế {old.so_ky_hieu}" if old else "")
                if old is not None:
                    old.ghi_chu = REPLACED + issue.symbol
                    result.replaced.append(old.so_ky_hieu)
                register.entries.append(entry)
                heads_needed.append(entry)
                result.issued.append(doc)
                run_files[doc.output_name] = {"sha256": entry.sha256, "size": sizes[doc.output_name], "so_ky_hieu": entry.so_ky_hieu,
                                              "khoa": full, "van_tay": mark, "dong_so": entry.digest(),
                                              "noi_dung": content(doc),
                                              "du_lieu": _hash_files(project, doc.sources),
                                              "mau": {f"templates/docx/{doc.template}": sha256(templates[doc.template])}}
            for name in stage.files:
                if name.endswith(".pdf"):
                    run_files[name] = {"sha256": stage.files[name], "size": stage.path(name).stat().st_size}
            if not run_files:
                shutil.rmtree(stage_dir, ignore_errors=True)
            else:
                outgoing_name = f"so-dang-ky-van-ban-di-{year}.xlsx"
                outgoing = _outgoing(org, profile, year, register.of_year(year))
                stage.put(outgoing_name, outgoing)
                updated = manifest.with_run({"thoi_gian": dt.datetime.now().isoformat(timespec="seconds"),
                                             "vanban": __version__, "tep": run_files,
                                             "so_dang_ky": {"tep": outgoing_name, "sha256": sha256(outgoing)}})
                for entry in heads_needed:
                    entry.ban_ke = updated.head()
                stage.publish(register.dump(), updated.dump())
        except BaseException:
            if transaction.leftover(stage_dir) == "dat":  # nothing moved yet: drop the stage
                shutil.rmtree(stage_dir, ignore_errors=True)
            raise
        result.pdfs = [folder / n for n in stage.files if n.endswith(".pdf")] if run_files else []

        archive_zip = folder.parent / f"luu-vt-{year}.zip"
        result.archive_zip = archive_zip
        if make_zip and (result.issued or result.pdfs or not archive_zip.exists()):
            write_all({archive_zip: _zip(folder)}, project.show)
            result.zip_written = True
    return result


def _stage_pdfs(stage, folder: Path, archived: dict, new_docx: list[str], result: IssueResult) -> None:
    """PDF/A of the new documents and of issued ones still without one, converted into the stage,
    each checked complete before it may be published."""
    from ..errors import OutputProblem
    from ..rendering.pdf import INSTALL_HINT, convert

    wanted = [stage.path(n) for n in new_docx]
    wanted += [folder / n for n in archived if n.endswith(".docx") and Path(n).with_suffix(".pdf").name not in archived]
    if not wanted:
        return
    outdir = stage.folder / "pdf"
    try:
        made = convert(wanted, outdir, pdfa=True)
    except OutputProblem as exc:
        result.warnings.append(f"Chưa tạo được PDF/A: {exc.findings[0].message} → {INSTALL_HINT}")
        made = [p for p in (outdir / (w.stem + ".pdf") for w in wanted) if p.is_file()]
    for pdf_path in made:
        if _pdf_complete(pdf_path):
            os.replace(pdf_path, stage.path(pdf_path.name))
            stage.adopt(pdf_path.name)
        else:
            result.warnings.append(f"PDF/A của {pdf_path.stem}.docx không hoàn chỉnh, chưa đưa vào lưu trữ; "
                                   "lần chạy sau sẽ tạo lại")
    shutil.rmtree(outdir, ignore_errors=True)


def _hash_files(project: Project, names) -> dict[str, str]:
    return {name: sha256((project.root / name).read_bytes()) for name in names}


def _outgoing(org, profile, year: int, entries: list[Entry]) -> bytes:
    """Sổ đăng ký văn bản đi with the columns of Nghị định 30/2020/NĐ-CP, Phụ lục IV."""
    from ..rendering.sheets import table_workbook

    rows = [[i, e.so_ky_hieu, vi.short_date(dt.date.fromisoformat(e.ngay)), e.trich_yeu, e.nguoi_ky, e.noi_nhan,
             "Văn thư", e.so_ban, "", "", e.ghi_chu] for i, e in enumerate(entries, 1)]
    return table_workbook("So van ban di", f"Sổ đăng ký văn bản đi năm {year} — {org.co_quan.ten}", OUTGOING,
                          rows, widths=[6, 14, 11, 40, 18, 36, 14, 8, 11, 16, 16], font=profile.phong_chu,
                          centred=(1, 2, 3, 8, 9))


def _zip(folder: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.name}")
    return out.getvalue()


__all__ = ["IssueResult", "issue_year", "verify", "Register", "REGISTER", "MANIFEST"]
