"""One issuing run of a year, as steps under the register's lock.

    with IssueRun.open(project, year, notify) as run:      # lock, finish or drop a cut-short run, verify
        numbering = Numbering(allocate=run.allocator(org, profile, replacing))
        new = run.select(documents_numbered_by_it, profile)  # unchanged, changed (refused) or new
        run.publish(rendered(new), org, profile, pdf=True)   # stage, PDF/A, register, manifest, move in
        run.pack(make_zip)

The caller (office.Year.issue) makes and renders the documents; this module only
numbers, records and archives them. Nothing reaches the archive before everything of
the run is staged (transaction.py).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .. import __version__
from ..data import formats
from ..documents import Document
from ..errors import ArchiveProblem, DataError, Finding, Findings, Location, OutputProblem
from ..output import write_all
from ..project import Project
from ..rendering import pdf as pdf_files
from . import archive, legacy, transaction
from .archive import MANIFEST, Check, Manifest, archive_folder, read_manifest, sha256
from .content import content, differences, fingerprint
from .outgoing import outgoing_register, pack
from .register import REPLACED, Allocator, Entry, Register, load_register, locked, register_path, series

MAX_CHANGES_SHOWN = 3
MIN_HEAD = 16  # hex digits of a chain head an office may keep (64 bits)


@dataclass
class Waiting:
    """A document (or part of a kind) not issued this time, and why."""

    kind: str
    label: str                 # 'báo cáo kỳ 6-thang', 'thông báo'
    findings: list[Finding]


@dataclass
class IssueResult:
    issued: list[Document] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    unchanged: list[Document] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    folder: Path | None = None
    archive_zip: Path | None = None
    zip_written: bool = False


HEAD_DIGITS = re.compile(r"[0-9a-f]{%d,64}" % MIN_HEAD)


def verify(project: Project, year: int, given: str | None = None) -> Check:
    """`vanban luu-tru kiem-tra`: files, manifest and register compared; nothing is changed. With
    *given*, a chain head the office kept (on paper, or sent to its superior; its first 16 hex
    digits at least): it must be the head after one of the chain's runs (the latest, or an earlier
    one the later runs go on from), else the manifest was rebuilt since."""
    if given is not None:
        given = given.strip().lower()
        if not HEAD_DIGITS.fullmatch(given):
            raise DataError([Finding(Location("--dau-chuoi"), f"«{given}» không phải dấu chuỗi",
                                     f"ghi dấu chuỗi như «vanban luu-tru kiem-tra {year}» đã in: {MIN_HEAD} đến 64 "
                                     "chữ số hệ mười sáu (0-9, a-f)")])
    folder = archive_folder(project, year)
    register = load_register(project)
    result = legacy.check_any(folder, project.show(folder), year, register)
    state = transaction.leftover(project.output / str(year) / transaction.STAGE)
    if state == "la":
        result.problems.append(f"{project.show(project.output / str(year) / transaction.STAGE)} không phải thư mục "
                               "phát hành của vanban (một liên kết tới nơi khác, hoặc một tệp): chuyển nó ra khỏi "
                               "thư mục output")
    elif state is not None:
        result.problems.append("có một lần phát hành bị dừng giữa chừng: chạy «vanban phat-hanh "
                               f"{year}» để hoàn tất hoặc bỏ nó")
    if not folder.is_dir() and not register.of_year(year) and result.ok:
        raise ArchiveProblem([Finding(Location(project.show(folder)), "chưa có lưu trữ của năm này",
                                      f"phát hành trước: «vanban phat-hanh {year}»")])
    if given is not None:
        runs = [i for i, head in enumerate(result.heads) if head.startswith(given)]
        if runs:
            result.given = (given, runs[-1])
        elif not result.heads:
            result.problems.append("bản kê chưa có chuỗi (lưu trữ của vanban 0.1): chạy «vanban nang-cap» trước khi "
                                   "đối chiếu dấu chuỗi")
        else:
            result.problems.append(f"dấu chuỗi đã ghi ({given}) không phải của lần phát hành nào trong bản kê "
                                   f"{project.show(folder / MANIFEST)}: bản kê đã bị dựng lại hoặc thay từ sau khi "
                                   "ghi dấu (hoặc dấu ghi nhầm: đối chiếu lại với sổ giấy)")
    return result


def archive_years(project: Project) -> list[int]:
    """The years with an archive folder (output/<năm>/luu-vt/) or a run cut short."""
    if not project.output.is_dir():
        return []
    return sorted(int(p.name) for p in project.output.iterdir() if p.name.isascii() and p.name.isdigit()
                  and ((p / archive.FOLDER).is_dir() or (p / transaction.STAGE).exists()))


def recover_all(project: Project, first: int | None = None) -> list[str]:
    """Finish or drop what an interrupted run left in any year (the register is one for all years:
    a run of another year cut short between the register and its manifest must not look like an
    old register). Notes of what was done; the note of year *first* without its year."""
    notes = []
    for year in archive_years(project):
        note = transaction.recover(project.output / str(year) / transaction.STAGE, archive_folder(project, year),
                                   register_path(project), project.show)
        if note:
            notes.append(note if year == first else f"Năm {year}: {note}")
    return notes


def register_coverage(project: Project, register: Register, skip: int | None = None) -> list[Finding]:
    """The register against every year's manifest but *skip*'s (no file is hashed): a register
    that is lost, older than an archive (a number the archive holds would be given again) or
    altered. Each finding names the year and what to do."""
    out: list[Finding] = []
    years = set(archive_years(project)) | {int(e.year) for e in register.entries if e.year.isdigit()}
    hint = ("trả lại sổ đăng ký mới nhất từ bản sao lưu; hoặc dựng lại sổ từ các bản kê của lưu trữ bằng «vanban "
            "luu-tru dung-lai-so» (vanban kiểm tra lưu trữ trước, giữ bản sao sổ cũ); rồi chạy lại lệnh này")
    for year in sorted(years - {skip}):
        folder = archive_folder(project, year)
        if legacy.manifest_format(folder) not in archive.CHAINED:
            continue  # none (the year's own check says so when it matters), or one of 0.1: upgraded first
        try:
            manifest = read_manifest(folder, project.show(folder / MANIFEST), year)
        except ArchiveProblem:
            continue  # said by the year's own check
        problems = archive.register_problems(manifest, register, year, hints=False)
        if not register.exists:
            symbols = [info.get("so_ky_hieu", "") for _, info in manifest.files().values() if info.get("khoa")]
            out.append(Finding(Location(register.shown), f"không có sổ đăng ký, trong khi lưu trữ năm {year} "
                               f"({project.show(folder)}) đã có {len(symbols)} văn bản phát hành (số cuối: "
                               f"{', '.join(last_numbers(symbols))}): cấp số lại từ đầu sẽ trùng số đã cấp", hint))
        elif problems:
            out.append(Finding(Location(register.shown), f"sổ đăng ký không khớp lưu trữ năm {year}: "
                               + "; ".join(problems[:3]) + (f"; và {len(problems) - 3} chỗ khác" if len(problems) > 3
                                                            else ""),
                               f"kiểm tra bằng «vanban luu-tru kiem-tra {year}»; nếu chỉ sổ đăng ký bị mất hay cũ: "
                               + hint))
    return out


def last_numbers(symbols: list[str]) -> list[str]:
    """The highest number of each series among «28-KH/ĐU»-like symbols: ['28-KH/ĐU', '26-TB/ĐU']."""
    best: dict[str, tuple[int, str]] = {}
    for symbol in symbols:
        number, _, kind = symbol.partition("-")
        if number.isascii() and number.isdigit() and int(number) >= best.get(kind, (-1, ""))[0]:
            best[kind] = (int(number), symbol)
    return [symbol for _, symbol in best.values()]


def known_fingerprints(project: Project, year: int) -> dict[str, set[str]]:
    """Key → fingerprints an upgrade recorded for the year's issued documents (how this release
    sees inputs an earlier release fingerprinted its own way)."""
    folder = archive_folder(project, year)
    if legacy.manifest_format(folder) not in archive.CHAINED:
        return {}
    manifest = read_manifest(folder, project.show(folder / MANIFEST), year)
    return manifest.fingerprints() if manifest else {}


def _pdf_complete(path: Path) -> bool:
    """A PDF that parses to the end and has pages (a file cut short by a crash has neither)."""
    from pypdf import PdfReader  # pypdf only when PDFs are made
    from pypdf.errors import PdfReadError

    try:
        if not path.read_bytes().rstrip().endswith(b"%%EOF"):
            return False
        return len(PdfReader(path, strict=True).pages) > 0
    except (PdfReadError, OSError, ValueError, KeyError, TypeError):
        return False


class IssueRun:
    """The issuing of one year: what the archive holds, what this run adds."""

    def __init__(self, project: Project, year: int):
        self.project, self.year = project, year
        self.folder = archive_folder(project, year)
        self.stage_dir = project.output / str(year) / transaction.STAGE
        self.result = IssueResult(folder=self.folder)
        self.register: Register | None = None
        self.manifest: Manifest | None = None
        self.replacing: set[str] = set()
        self.new: list[tuple[Document, str]] = []       # (document, fingerprint) to issue
        self.templates: dict[str, bytes] = {}             # each template read once

    @classmethod
    @contextmanager
    def open(cls, project: Project, year: int, notify=None) -> Iterator["IssueRun"]:
        """Hold the register; finish or drop a run cut short; refuse an archive that was altered."""
        run = cls(project, year)
        with locked(project, notify):
            run.result.notes += recover_all(project, year)
            run.register = load_register(project)
            old = legacy.outdated(run.folder, year, run.register)
            if old:  # an archive or register of an earlier release: upgraded first, never issued into
                family, number = min(old, key=lambda f: formats.WRITTEN[f[0]][f[1]])
                where = run.register.shown if family == formats.REGISTER else project.show(run.folder / MANIFEST)
                raise ArchiveProblem([formats.outdated(Location(where), family, number)])
            if not run.register.exists:  # lost: never numbered from (a term restarted at 01)
                lost = register_coverage(project, run.register)
                if lost:
                    raise ArchiveProblem(lost)
            state = archive.check(run.folder, project.show(run.folder), year, run.register)
            if not state.ok:
                raise ArchiveProblem(state.findings(project.show(run.folder), year))
            behind = register_coverage(project, run.register, skip=year)
            if behind:  # older than another year's archive, or altered there: never numbered from
                raise ArchiveProblem(behind)
            run.manifest = read_manifest(run.folder, project.show(run.folder / MANIFEST), year) or Manifest(year)
            yield run

    def allocator(self, org, profile, replacing: tuple[str, ...], findings: Findings) -> Allocator:
        """Numbers for this run; the documents to be replaced (by number) must be issued ones."""
        register = self.register
        problems = Findings()
        for symbol in replacing:
            entry = next((e for e in register.entries if e.so_ky_hieu == symbol and e.active), None)
            if entry is None:
                problems.add(Location(register.shown), f"không có văn bản đã phát hành số {symbol} để thay thế",
                             "ghi đúng số, ký hiệu như trong sổ đăng ký, ví dụ 28-KH/ĐU")
            else:
                self.replacing.add(entry.khoa)
        problems.raise_if_any(DataError)
        return Allocator(register, profile, org, self.year, self.replacing, findings)

    def select(self, docs: list[Document], profile) -> list[Document]:
        """The documents this run issues: not yet issued, or replacing an issued one. An issued
        document whose inputs changed is refused, naming what changed; so is a file in the way."""
        transaction.step("da-khoa")  # the register is held: numbers are being taken
        register, year = self.register, self.year
        archived = self.manifest.files()
        known = self.manifest.fingerprints()  # how this release sees documents an upgrade vouched for
        for doc in docs:
            if doc.template not in self.templates:
                self.templates[doc.template] = (self.project.templates / doc.template).read_bytes()
        findings = Findings()
        changed: list[str] = []
        for doc in docs:
            mark = fingerprint(doc, self.templates[doc.template], profile)
            full = f"{year}/{doc.issue.key}"
            current = register.active(full)
            if current is not None and full not in self.replacing:
                if mark == current.van_tay or mark in known.get(full, ()):
                    self.result.unchanged.append(doc)
                    continue
                entry = archived.get(current.tep, (0, {}))[1]
                before = entry.get("noi_dung")
                diff = differences(before, content(doc)) if before is not None else []
                what = "; ".join(diff[:MAX_CHANGES_SHOWN]) + (f"; và {len(diff) - MAX_CHANGES_SHOWN} chỗ khác"
                                                              if len(diff) > MAX_CHANGES_SHOWN else "")
                if not what and entry.get("tu_ban_ke") == 1:  # issued by vanban 0.1, which kept no content
                    what = ("dữ liệu hoặc mẫu đã đổi sau khi phát hành (văn bản phát hành bằng vanban 0.1, "
                            "bản kê khi đó không ghi nội dung nên không nêu được mục nào)")
                findings.add(Location(", ".join(doc.sources) or register.shown),
                             f"{current.so_ky_hieu} ({full}) đã phát hành ngày {current.ngay} nay khác: "
                             + (what or "mẫu hoặc quy tắc thể thức đã đổi"), "")
                changed.append(current.so_ky_hieu)
                continue
            self.new.append((doc, mark))
        if changed:
            findings.add(Location(register.shown), "văn bản đã phát hành không được sửa",
                         f"hoàn lại dữ liệu như cũ; hoặc phát hành văn bản thay thế với số mới: xóa số cũ trong dữ "
                         f"liệu (nếu có) rồi chạy «vanban phat-hanh {year} --thay-the {changed[0]}» (ghi tùy chọn này "
                         "một lần cho mỗi văn bản thay thế)")
        for doc, _ in self.new:
            if doc.output_name in archived or (self.folder / doc.output_name).exists():
                findings.add(Location(self.project.show(self.folder / doc.output_name)), "tệp đã có trong lưu trữ, "
                             "vanban không ghi đè", "kiểm tra bằng «vanban luu-tru kiem-tra»")
        findings.raise_if_any(DataError)
        return [doc for doc, _ in self.new]

    def publish(self, rendered: Iterable[tuple[Document, bytes]], org, profile, pdf: bool = True,
                pdf_progress=None) -> None:
        """Stage the rendered documents and their PDF/A, the register's new rows, the outgoing
        register and a new manifest section; then move them all into place. A failure before
        anything moved drops the stage; after, the next run completes it."""
        stage = transaction.Stage.open(self.stage_dir, self.folder, register_path(self.project), self.project.show)
        try:
            sizes = {}
            for doc, data in rendered:
                stage.put(doc.output_name, data)  # each to disk as it is rendered
                sizes[doc.output_name] = len(data)
            transaction.step("da-dung")
            if pdf:
                self._stage_pdfs(stage, [d.output_name for d, _ in self.new], pdf_progress)
            run_files = self._record(stage, sizes, org, profile)
            if not run_files:
                shutil.rmtree(self.stage_dir, ignore_errors=True)
                return
            self._write_manifest(stage, run_files, org, profile)
        except BaseException as exc:
            if transaction.leftover(self.stage_dir) == "dat":  # nothing moved yet: drop the stage
                shutil.rmtree(self.stage_dir, ignore_errors=True)
            if isinstance(exc, OSError):  # the system refused (a full disk): said as such, naming the file
                where = self.project.show(Path(exc.filename)) if exc.filename else self.project.show(self.stage_dir)
                raise transaction._failure(exc, where, "") from None
            raise
        self.result.pdfs = [self.folder / n for n in stage.files if n.endswith(".pdf")]

    def _record(self, stage, sizes: dict, org, profile) -> dict:
        """The register's rows for the new documents, and this run's files for the manifest."""
        register, year = self.register, self.year
        run_files: dict = {}
        self._changed: dict[str, Entry] = {}  # issued rows this run changes (a replaced one's note)
        for doc, mark in self.new:
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
            if old is not None:  # its note changes: the run anchors the row anew («neo», «dong»)
                old.ghi_chu = REPLACED + issue.symbol
                self._changed[old.tep] = old
                self.result.replaced.append(old.so_ky_hieu)
            register.entries.append(entry)
            self.result.issued.append(doc)
            run_files[doc.output_name] = {"sha256": entry.sha256, "size": sizes[doc.output_name],
                                          "so_ky_hieu": entry.so_ky_hieu, "khoa": full, "van_tay": mark,
                                          "dong_so": entry.digest(),
                                          "dong": archive.row_record(entry, len(register.entries) - 1),
                                          "noi_dung": content(doc),
                                          "du_lieu": self._hash_files(doc.sources),
                                          "mau": {f"templates/docx/{doc.template}":
                                                  sha256(self.templates[doc.template])}}
        for name in stage.files:
            if name.endswith(".pdf"):
                run_files[name] = {"sha256": stage.files[name], "size": stage.path(name).stat().st_size}
        return run_files

    def _write_manifest(self, stage, run_files: dict, org, profile) -> None:
        year = self.year
        outgoing_name = f"so-dang-ky-van-ban-di-{year}.xlsx"
        outgoing = outgoing_register(org, profile, year, self.register.of_year(year))
        stage.put(outgoing_name, outgoing)
        run = {"thoi_gian": dt.datetime.now().isoformat(timespec="seconds"), "vanban": __version__,
               "tep": run_files, "so_dang_ky": {"tep": outgoing_name, "sha256": sha256(outgoing)}}
        if self._changed:
            place = {id(e): i for i, e in enumerate(self.register.entries)}
            run["neo"] = {name: e.digest() for name, e in self._changed.items()}
            run["dong"] = {name: archive.row_record(e, place[id(e)]) for name, e in self._changed.items()}
        updated = self.manifest.with_run(run)
        for entry in self.register.of_year(year):  # every run, even one that only adds PDFs, is anchored
            entry.ban_ke = updated.head()
        stage.publish(self.register.dump(), updated.dump())

    def _stage_pdfs(self, stage, new_docx: list[str], progress=None) -> None:
        """PDF/A of the new documents and of issued ones still without one, converted into the stage,
        each checked complete before it may be published (*progress* is told of each as it appears)."""
        archived = self.manifest.files()
        wanted = [stage.path(n) for n in new_docx]
        wanted += [self.folder / n for n in archived
                   if n.endswith(".docx") and Path(n).with_suffix(".pdf").name not in archived]
        if not wanted:
            return
        outdir = stage.folder / "pdf"
        try:
            made = pdf_files.convert(wanted, outdir, pdfa=True, progress=progress)
        except OutputProblem as exc:
            first = exc.findings[0]
            self.result.warnings.append(f"Chưa tạo được PDF/A: {first.message} → {first.hint}")
            made = [p for p in (outdir / (w.stem + ".pdf") for w in wanted) if p.is_file()]
        for pdf_path in made:
            if _pdf_complete(pdf_path):
                os.replace(pdf_path, stage.path(pdf_path.name))
                stage.adopt(pdf_path.name)
            else:
                self.result.warnings.append(f"PDF/A của {pdf_path.stem}.docx không hoàn chỉnh, chưa đưa vào lưu "
                                            "trữ; lần chạy sau sẽ tạo lại")
        shutil.rmtree(outdir, ignore_errors=True)

    def _hash_files(self, names) -> dict[str, str]:
        return {name: sha256((self.project.root / name).read_bytes()) for name in names}

    def pack(self, make_zip: bool) -> None:
        """output/<năm>/luu-vt-<năm>.zip, when asked and something is new (or there is none yet)."""
        archive_zip = self.folder.parent / f"luu-vt-{self.year}.zip"
        self.result.archive_zip = archive_zip
        if make_zip and (self.result.issued or self.result.pdfs or not archive_zip.exists()):
            write_all({archive_zip: pack(self.folder)}, self.project.show)
            self.result.zip_written = True
