"""`vanban nang-cap` as the office runs it: verify, migrate, try, back up, publish."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, issuing
from ..data import formats
from ..data.load import STOCK_MODELS, load_kinds
from ..data.upgrade import Change, migrate
from ..documents import builder
from ..errors import ArchiveProblem, DataError, Finding, Location, VanbanError
from ..output import write_all
from ..project import Project


@dataclass
class UpgradeResult:
    """What `vanban nang-cap` did (or, previewing, would do)."""

    found: dict[str, int] = field(default_factory=dict)     # family → the oldest format found
    changes: list[Change] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    backup: Path | None = None
    written: list[Path] = field(default_factory=list)
    archives: list[int] = field(default_factory=list)         # years whose archive was upgraded

    @property
    def nothing(self) -> bool:
        return not self.changes


BACKUP = ".nang-cap"


KINDS_FILE = "loai-van-ban.yaml"


def _hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _archive_years(project: Project, register) -> list[int]:
    """The years with an archive folder, or with rows in the register."""
    years = {int(e.year) for e in register.entries if e.year.isdigit()}
    if project.output.is_dir():
        years |= {int(p.name) for p in project.output.iterdir()
                  if p.name.isdigit() and (p / issuing.archive.FOLDER).is_dir()}
    return sorted(years)


class Upgrade:
    """`vanban nang-cap` of one working folder: under the register's lock, every archive is
    verified by the rules of the release that wrote it (one that does not verify stops the
    upgrade: it is not blessed); the data and templates are migrated in memory and built once
    in a scratch folder, so that what an upgrade vouches for is what this release builds; then a
    backup of every file it changes, each archive's upgrade (a chained run; nothing issued is
    rewritten), and the data and templates, each step written whole or not at all."""

    def __init__(self, office):
        self.office, self.project = office, office.project
        self.result = UpgradeResult()

    def run(self, preview: bool) -> UpgradeResult:
        project, result = self.project, self.result
        if not (project.data / "don-vi.yaml").is_file() and not (project.root / "templates" / KINDS_FILE).is_file():
            load_kinds(project)  # says this is no working folder, and where to start
        with issuing.locked(project):
            for year in _archive_years(project, issuing.load_register(project)) if project.output.is_dir() else []:
                note = issuing.transaction.recover(project.output / str(year) / issuing.transaction.STAGE,
                                                   issuing.archive.archive_folder(project, year),
                                                   issuing.register.register_path(project), project.show)
                if note:
                    result.notes.append(f"Năm {year}: {note}")
            migration = migrate(project, self._models())
            result.found.update(migration.found)
            problems = list(migration.problems)
            register_file = issuing.register.register_path(project)
            register_bytes = register_file.read_bytes() if register_file.is_file() else None
            try:
                register = issuing.load_register(project)
            except VanbanError as exc:
                raise DataError(problems + list(exc.findings)) from None
            if register_bytes is not None:
                result.found[formats.REGISTER] = register.format
            years = _archive_years(project, register)
            checks = {}
            for year in years:
                folder = issuing.archive.archive_folder(project, year)
                check = issuing.legacy.check_any(folder, project.show(folder), year, register)
                checks[year] = check
                if formats.MANIFEST in check.formats:
                    result.found[formats.MANIFEST] = min(result.found.get(formats.MANIFEST, 9),
                                                         check.formats[formats.MANIFEST])
                if not check.ok:
                    problems.append(Finding(Location(project.show(folder)), f"lưu trữ năm {year} không nguyên vẹn "
                                            "theo quy tắc của bản vanban đã ghi nó, nên không được nâng cấp (vanban "
                                            "không hợp thức hóa một lưu trữ đã bị thay đổi)",
                                            "trả lại các tệp đúng từ bản sao (tệp zip lưu trữ, bản sao lưu), kiểm tra "
                                            f"bằng «vanban luu-tru kiem-tra {year}», rồi chạy lại «vanban nang-cap»"))
                    problems += check.findings(project.show(folder), year)
            if problems:
                raise ArchiveProblem(problems) if any(not c.ok for c in checks.values()) else DataError(problems)
            result.changes += migration.changes
            result.review += migration.review
            stale = [y for y in years
                     if issuing.legacy.outdated(issuing.archive.archive_folder(project, y), y, register)]
            register_old = register_bytes is not None and register.format < issuing.register.FORMAT
            if not result.changes and not stale and not register_old:
                return result
            marks = self._fingerprints(migration.files, register, stale)
            changes = self._archives(register, register_bytes, stale, marks, preview)
            if register_old:
                added = issuing.register.COLUMNS[len(issuing.register.HEADINGS[register.format]):]
                result.changes.append(Change(Location(register.shown, 1), f"sổ đăng ký định dạng {register.format} "
                                             f"({formats.written_by(formats.REGISTER, register.format)}) → định dạng "
                                             f"{issuing.register.FORMAT}: thêm cột {', '.join(added)}; "
                                             f"{len(register.entries)} dòng giữ nguyên số, ngày, trích yếu, tệp và "
                                             "mã băm"))
            if preview:
                return result
            files = dict(migration.files)
            self._backup([*files, *([register_file] if register_old or stale else []),
                          *[issuing.archive.archive_folder(project, y) / issuing.MANIFEST for y in stale]])
            for year, change in changes:
                issuing.legacy.publish(project, year, change, register)
                result.archives.append(year)
            if register_old and not stale:  # a register of an earlier release with no archive to carry it
                files[register_file] = register.dump()
            result.written = write_all(files, project.show)
        self.office._current = None
        self.office._kinds = None
        self.office._years.clear()
        return result

    def _models(self) -> dict | None:
        """The record type of each data file of the office's kinds, when its kinds read (an old
        declaration that does not: the stock kinds')."""
        try:
            kinds = load_kinds(self.project)
        except VanbanError:
            return None
        out = dict(STOCK_MODELS)
        for decl in kinds.values():
            try:
                model = builder(decl.xay_dung).MODEL
            except KeyError:
                continue
            if decl.du_lieu and model is not None:
                out.setdefault(decl.du_lieu, model)
        return out

    def _backup(self, paths: list[Path]) -> None:
        """A copy of every file the upgrade changes, under .nang-cap/<ngày>/ (never over an earlier one)."""
        project = self.project
        today = dt.date.today().isoformat()
        folder, n = project.root / BACKUP / today, 2
        while folder.exists():
            folder, n = project.root / BACKUP / f"{today}-{n}", n + 1
        copies = {folder / Path(project.show(p)): p.read_bytes() for p in paths if p.is_file()}
        write_all(copies, project.show)
        self.result.backup = folder

    def _fingerprints(self, files: dict[Path, bytes], register, years: list[int]) -> dict[int, dict[str, str]]:
        """Key → this release's fingerprint of each issued document of *years* whose data and
        template are, before the upgrade, those it was issued from (the manifest's hashes of
        them say so): built from the upgraded data in a scratch copy of the folder."""
        project = self.project
        out: dict[int, dict[str, str]] = {y: {} for y in years}
        if not years:
            return out
        with tempfile.TemporaryDirectory(prefix="vanban-nang-cap-") as tmp:
            scratch = Project(Path(tmp) / "thu")
            for name in ("data", "templates"):
                if (project.root / name).is_dir():
                    shutil.copytree(project.root / name, scratch.root / name,
                                    ignore=shutil.ignore_patterns("*.lock", ".vanban-*"))
            for path, data in files.items():
                target = scratch.root / Path(project.show(path))
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            issuing.register.register_path(scratch).write_bytes(register.dump())
            office = type(self.office)(scratch)  # the same kind of Office, on the scratch copy
            for year in years:
                inputs = issuing.legacy.issued_inputs(issuing.archive.archive_folder(project, year), year)
                rows = {e.khoa: e for e in register.of_year(year) if e.active}
                if not rows:
                    continue
                try:
                    docs = office.year(year).all_documents()
                    profile = office.year(year).organisation()[2]
                except VanbanError as exc:
                    first = exc.findings[0] if exc.findings else None
                    self.result.review.append(f"năm {year}: dữ liệu sau khi nâng cấp chưa dựng được văn bản "
                                              f"({first}); sửa rồi chạy «vanban phat-hanh {year}» để kiểm tra các văn "
                                              "bản đã phát hành")
                    continue
                templates: dict[str, bytes] = {}
                unproven: dict[tuple, list[str]] = {}  # the files changed since issuing → the documents
                for doc in docs:
                    row = rows.get(f"{year}/{doc.issue.key}")
                    if row is None:
                        continue
                    if doc.template not in templates:
                        templates[doc.template] = (scratch.templates / doc.template).read_bytes()
                    mark = issuing.fingerprint(doc, templates[doc.template], profile)
                    if mark == row.van_tay:
                        continue
                    record = inputs.get(row.khoa) or {}
                    sources = {**record.get("du_lieu", {}), **record.get("mau", {})}
                    changed = [f for f, h in sources.items() if _hash(project.root / f) != h]
                    if sources and not changed:
                        out[year][row.khoa] = mark
                    else:
                        unproven.setdefault(tuple(changed), []).append(row.so_ky_hieu)
                for changed, symbols in unproven.items():
                    self.result.review.append(
                        f"{', '.join(symbols)}: " + (f"{', '.join(changed)} đã sửa sau khi phát hành" if changed
                                                     else "bản kê không ghi dữ liệu đã dựng văn bản")
                        + "; vanban không đối chiếu được văn bản đã phát hành với dữ liệu nên lần phát hành sau sẽ coi "
                        "là đã đổi (hoàn lại dữ liệu cũ từ bản sao, hoặc phát hành văn bản thay thế)")
        return out

    def _archives(self, register, register_bytes: bytes | None, years: list[int], marks: dict, preview: bool):
        """Each stale archive's upgrade, in memory; the register's rows of those years re-anchored."""
        project = self.project
        if preview:
            register = copy.deepcopy(register)
        out = []
        for year in years:
            folder = issuing.archive.archive_folder(project, year)
            change = issuing.legacy.upgrade(folder, project.show(folder), year, register, register_bytes,
                                            marks.get(year, {}), __version__)
            if change is None:
                continue
            out.append((year, change))
            kept = f" bản kê cũ giữ nguyên thành {', '.join(change.files)};" if change.files else ""
            self.result.changes.append(Change(
                Location(project.show(folder / issuing.MANIFEST)),
                f"lưu trữ năm {year} (bản kê định dạng {change.from_format} — "
                f"{formats.written_by(formats.MANIFEST, change.from_format)}) đã kiểm tra nguyên vẹn theo quy tắc của "
                f"bản đó;{kept} bản kê định dạng {issuing.archive.FORMAT} ghi thêm lần nâng cấp, neo bản kê cũ và sổ "
                f"đăng ký cũ; {change.rows} dòng sổ đăng ký được neo lại"
                + (f"; {change.fingerprints} văn bản được đối chiếu với dữ liệu đã nâng cấp" if change.fingerprints
                   else "") + "; không văn bản nào bị sửa"))
        return out
