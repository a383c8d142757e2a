"""vanban's one face: the command line, the web page and scripts all call this.

    from vanban.office import Office

    office = Office.open("van-ban-xa")            # the organisation's kinds, read once
    year = office.year(2019)                     # the year's data, each file loaded and checked once
    year.build("ke-hoach", draft=True)           # → Result: what was built, what was written
    year.issue()                                 # → IssueResult: numbers, archive, register
    year.verify()                                # → the archive check
    office.upgrade()                             # → UpgradeResult: a folder of an earlier release, current

A run reads top-down as named steps over these objects (load → check → documents →
render → write → issue); each step lives in the layer below and never calls back up.
Every finding of a run is gathered before anything is written, and raised as one
VanbanError whose findings name file:line (or sheet!cell) and what to change.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from . import __version__, issuing
from .data import formats
from .data import progress as progress_data
from .data import sheets
from .data.checks import check_organisation
from .data.load import data_file, load_file, load_kinds, load_organisation
from .data.model import Organisation
from .data.new_year import NewYear
from .data.new_year import start as start_year
from .data.profiles import organisation_profile
from .data.sources import Source
from .data.upgrade import Change, migrate, survey
from .documents import BUILD, BUILDERS, DRAFT, Batch, Document, Job, Numbering, builder
from .documents.common import reference
from .errors import ArchiveProblem, DataError, Finding, Findings, Location, OutputProblem, VanbanError
from .output import write_all
from .project import Project, present
from .rendering.batch import Progress, render_iter
from .rendering.render import FRAME_VARIABLES
from .template_tools import tools as template_tools
from . import the_thuc
from .data.profiles import load_profile
from .the_thuc import ERROR, WARNING, as_record, represented
from .the_thuc.pages import Margins, check_files

# Data sources other than a kind's own YAML file: name → (loader(project, year, org), its files)
SOURCES = {"tien-do": (progress_data.load, progress_data.FILES),
           "tien-do-nhiem-ky": (progress_data.load_years, progress_data.FILES)}
# The command-line option of each build option, to name it in messages
OPTION_FLAGS = {"only": "--chi-bo", "period": "--ky"}


@dataclass(frozen=True, slots=True)
class Built:
    """What the table after a build says of one document (the document itself went to disk)."""

    output_name: str
    addressee: str
    summary: str
    subject: str
    symbol: str
    framed: bool   # has the thể thức header and signature (the page check reads those)
    numbered: bool  # has its number (from the data or the register); else it is written as a draft

    @classmethod
    def of(cls, doc: Document) -> "Built":
        return cls(doc.output_name, doc.addressee, doc.summary, doc.issue.subject, doc.issue.symbol,
                   doc.frame is not None, doc.issue.number is not None or doc.frame is None)


@dataclass
class Result:
    documents: list[Built] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


@dataclass
class State:
    """One document of the year as `status()` sees it."""

    kind: str
    key: str                 # 'ke-hoach', 'thong-bao/ap_cho', 'bao-cao/6-thang'
    subject: str
    state: str               # chua_du_du_lieu, du_thao, san_sang, da_phat_hanh, da_doi
    symbol: str = ""         # its number and symbol, when it has one
    date: str = ""
    why: list[Finding] = field(default_factory=list)

    LABELS = {"chua_du_du_lieu": "chưa đủ dữ liệu", "du_thao": "dự thảo", "san_sang": "sẵn sàng",
              "da_phat_hanh": "đã phát hành", "da_doi": "đã đổi sau khi phát hành"}

    @property
    def label(self) -> str:
        return self.LABELS[self.state]


def _gather(findings: Findings, fn, *args):
    """Run a loading step; keep its findings and go on with the others."""
    try:
        return fn(*args)
    except VanbanError as exc:
        findings.extend(exc.findings)
        return None


def check_kinds(project: Project, kinds: dict) -> None:
    """Kind declarations name builders, sources and bases that exist, with no cycle."""
    shown = project.show(project.root / "templates" / "loai-van-ban.yaml")
    out = Findings()
    for name, decl in kinds.items():
        if decl.xay_dung not in BUILDERS:
            out.add(Location(shown, None, name), f"loại «{name}»: bộ dựng «{decl.xay_dung}» không có",
                    f"chọn một trong: {', '.join(BUILDERS)}")
        for base in decl.dua_tren:
            if base not in kinds:
                out.add(Location(shown, None, name), f"loại «{name}» dựa trên «{base}» nhưng loại đó chưa khai",
                        f"chọn một trong: {', '.join(kinds)}")
        for source in decl.so_lieu:
            if source not in SOURCES:
                out.add(Location(shown, None, name), f"loại «{name}»: nguồn số liệu «{source}» không có",
                        f"chọn một trong: {', '.join(SOURCES)}")
    for name in kinds:  # a kind may not be built, even indirectly, on itself
        todo, seen = list(kinds[name].dua_tren), set()
        while todo:
            base = todo.pop()
            if base == name:
                out.add(Location(shown, None, name), f"loại «{name}» dựa trên chính nó (vòng dua_tren)",
                        "bỏ vòng lặp trong các mục dua_tren")
                break
            if base in kinds and base not in seen:
                seen.add(base)
                todo += kinds[base].dua_tren
    out.raise_if_any(DataError)


def check_options(kind: str, mod, options: dict) -> None:
    """An option the kind does not take is an error, never silently ignored."""
    wrong = [k for k, v in options.items() if v and k not in mod.OPTIONS]
    if wrong:
        raise DataError([Finding(Location(OPTION_FLAGS.get(k, k)),
                                 f"tùy chọn {OPTION_FLAGS.get(k, k)} không dùng cho loại «{kind}»",
                                 "bỏ tùy chọn này") for k in wrong])


class Office:
    """A working folder: its organisation's document kinds and its register."""

    def __init__(self, project: Project):
        self.project = project
        self._kinds: dict | None = None
        self._years: dict[int, Year] = {}
        self._current: tuple | None = None  # the files' signature when their formats were last found current

    @classmethod
    def open(cls, folder: str | Path | None = None) -> "Office":
        """The working folder *folder* (the current folder by default)."""
        return cls(Project(Path(folder) if folder else Path.cwd()))

    # -- formats

    def _signature(self) -> tuple:
        files = [*formats.data_files(self.project.data), self.project.root / "templates" / "loai-van-ban.yaml",
                 issuing.register.register_path(self.project)]
        out = []
        for f in files:
            try:
                st = f.stat()
            except OSError:
                continue
            out.append((str(f), st.st_size, st.st_mtime_ns))
        return tuple(out)

    def require_current(self) -> None:
        """Stop with one message when the data, the templates or the register were written for
        an earlier release (run «vanban nang-cap») or for a later one; read before anything else."""
        signature = self._signature()
        if self._current == signature:
            return
        found = [f for f in survey(self.project, books=False).values()]
        number = issuing.header_format(issuing.register.register_path(self.project))
        if number is not None:
            shown = self.project.show(issuing.register.register_path(self.project))
            found.append(formats.Found(formats.REGISTER, number, Location(shown, 1), True))
        problems = [p for f in found if (p := f.problem()) is not None]
        if problems:
            raise DataError(problems)
        old = [f for f in found if f.older]
        if old:
            first = min(old, key=lambda f: formats.RELEASES.index(formats.WRITTEN[f.family][f.number]))
            raise DataError([formats.outdated(old[0].location, first.family, first.number, len(old) - 1)])
        self._current = signature

    @property
    def kinds(self) -> dict:
        """The document kinds this office produces (templates/loai-van-ban.yaml), checked."""
        self.require_current()
        if self._kinds is None:
            kinds = load_kinds(self.project)
            check_kinds(self.project, kinds)
            self._kinds = kinds
        return self._kinds

    def kind(self, name: str):
        """The declaration of kind *name*; an unknown kind is an error listing the known ones."""
        self.require_current()
        kinds = load_kinds(self.project) if self._kinds is None else self._kinds
        if name not in kinds:
            raise DataError([Finding(Location(self.project.show(self.project.root / "templates" / "loai-van-ban.yaml")),
                                     f"không có loại văn bản «{name}»", f"chọn một trong: {', '.join(kinds)}")])
        return self.kinds[name]

    def register(self) -> issuing.Register:
        """The register as it is now on disk (the source of every issued number)."""
        self.require_current()
        return issuing.load_register(self.project)

    def year(self, number: int) -> "Year":
        """Year *number*, its data read once; read again when a file it is read from has changed
        since (a page kept open while the clerk edits a file in Excel or Notepad)."""
        cached = self._years.get(number)
        if cached is None or cached.stale():
            self._years[number] = cached = Year(self, number)
        return cached

    def years(self) -> list[int]:
        """The years that have a data folder."""
        data = self.project.data
        return sorted(int(p.name) for p in data.iterdir() if p.is_dir() and p.name.isdigit()) if data.is_dir() else []

    def upgrade(self, preview: bool = False) -> UpgradeResult:
        """`vanban nang-cap`: the working folder of any earlier release in the current formats
        (with *preview*, what would change, writing nothing)."""
        return Upgrade(self).run(preview)

    def new_year(self, number: int) -> NewYear:
        """`vanban nam-moi`: data/<number>/ from the latest earlier year."""
        self.require_current()
        self._years.pop(number, None)
        return start_year(self.project, number)

    # -- the templates (vanban mau …)

    def sample_context(self, kind: str) -> tuple[dict | None, int | None]:
        """The context of the first document of *kind* built as a draft from the latest year
        whose data builds; (None, None) when no year does."""
        for number in reversed(self.years()):
            try:
                docs = list(self.year(number).documents(kind, DRAFT)[0])
            except VanbanError:
                continue
            if docs:
                context = dict(docs[0].context)
                if docs[0].frame is not None:
                    context.update({name: "" for name in FRAME_VARIABLES})
                return context, number
        return None, None

    def check_templates(self, files: tuple[str, ...] = (), generic: bool = False) -> tuple[list[Finding], int]:
        if not generic:
            self.require_current()
        return template_tools.check_templates(self.project, files, generic, self.sample_context)

    def repair_templates(self, files: tuple[str, ...] = ()):
        self.require_current()  # a repaired stock template of an earlier release would no longer be known as stock
        return template_tools.repair_templates(self.project, files)

    def template_variables(self, kind: str):
        self.require_current()
        return template_tools.variables(self.project, kind, self.sample_context)


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

    def __init__(self, office: "Office"):
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
                                                   issuing.register.register_path(project))
                if note:
                    result.notes.append(f"Năm {year}: {note}")
            migration = migrate(project)
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
            office = Office(scratch)
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


class Year:
    """One year of an office: its data loaded and checked once, its documents, its archive."""

    def __init__(self, office: Office, number: int):
        self.office, self.number = office, number
        self.project = office.project
        self._org: tuple | None = None            # (org, src, profile, findings, ok)
        self._files: dict[str, tuple] = {}        # kind → (record or None, findings)
        self._sources: dict[str, tuple] = {}      # source → (value or None, findings)
        self._read_at = self._signature()

    def _signature(self) -> tuple:
        """What the year's data files look like on disk now (name, size, time of change)."""
        data = self.project.data
        files = [data / "don-vi.yaml", self.project.root / "templates" / "loai-van-ban.yaml"]
        files += sorted(p for p in data.iterdir() if p.is_dir() and p.name.isdigit()) if data.is_dir() else []
        out = []
        for f in files:
            for path in (sorted(f.iterdir()) if f.is_dir() else [f]):
                try:
                    st = path.stat()
                except OSError:
                    continue
                out.append((str(path), st.st_size, st.st_mtime_ns))
        return tuple(out)

    def stale(self) -> bool:
        return self._signature() != self._read_at

    # -- load and check, each once

    def organisation(self) -> tuple[Organisation | None, Source | None, Any, list[Finding]]:
        """(the organisation, where its values are, its rule set, findings) for this year."""
        self.office.require_current()
        if self._org is None:
            findings = Findings()
            got = _gather(findings, load_organisation, self.project, self.number)
            org, src = got if got else (None, None)
            profile = None
            if org is not None:
                org_findings = check_organisation(org, src)
                findings.extend(org_findings)
                profile = _gather(findings, organisation_profile, org, src)
            self._org = (org, src, profile, list(findings))
        return self._org

    def _ready_organisation(self):
        """(org, profile) when both loaded and checked without a finding, else (org or None, None)."""
        org, _, profile, findings = self.organisation()
        return (org, profile) if org is not None and profile is not None and not findings else (org, None)

    def _file(self, kind: str) -> tuple[Any, Source, list[Finding], set]:
        """A kind's own data file, read and typed once: (record, where, findings, places of type errors)."""
        if kind not in self._files:
            decl = self.office.kinds[kind]
            org = self.organisation()[0]
            style = org.kieu_dau if org else "moi"
            file, _ = data_file(self.project, decl, self.number)
            wrong: set = set()  # where a value failed its type: the rules across records say nothing more there
            findings: list[Finding] = []
            try:
                data, src = load_file(self.project, file, builder(decl.xay_dung).MODEL, style)
            except DataError as exc:
                findings = list(exc.findings)
                wrong = {(f.location.file, f.location.line) for f in exc.findings}
                data = getattr(exc, "partial", None)
                src = getattr(exc, "source", None) or Source(self.project.show(file), {})
            self._files[kind] = (data, src, findings, wrong)
        return self._files[kind]

    def _source(self, name: str):
        """A data source of the year (progress), loaded once: (value or None, findings)."""
        if name not in self._sources:
            org, profile = self._ready_organisation()
            findings = Findings()
            value = _gather(findings, SOURCES[name][0], self.project, self.number, org) if profile else None
            self._sources[name] = (value, list(findings))
        return self._sources[name]

    def _check_kind(self, kind: str, numbering: Numbering, findings: Findings, loaded: dict) -> None:
        """The findings of *kind* and of the kinds and sources it is built on, depth first, once each."""
        if kind in loaded:
            return
        loaded[kind] = None  # a cycle of dua_tren stops here
        decl = self.office.kinds[kind]
        for base in decl.dua_tren:
            self._check_kind(base, numbering, findings, loaded)
        for name in decl.so_lieu:
            if name not in loaded:
                value, found = self._source(name)
                findings.extend(found)
                loaded[name] = value
        if decl.du_lieu is None:  # built from other documents only
            return
        data, src, found, wrong = self._file(kind)
        findings.extend(found)
        loaded[kind] = None if wrong else data
        org, profile = self._ready_organisation()
        if profile is not None and data is not None:
            base = {b: loaded.get(b) for b in [*decl.dua_tren, *decl.so_lieu]}
            if all(v is not None for v in base.values()):
                # a term plan is checked as a document of the year it was issued in
                checked = builder(decl.xay_dung).check(org, data, src, self._data_year(decl), numbering, base)
                findings.extend(f for f in checked if (f.location.file, f.location.line) not in wrong)

    def _data_year(self, decl) -> int:
        return data_file(self.project, decl, self.number)[1]

    def check(self, kind: str, numbering: Numbering = BUILD) -> dict:
        """Every finding of the organisation and of *kind* with what it is built on, raised
        together; else the records, by kind and source."""
        findings = Findings()
        findings.extend(self.organisation()[3])
        loaded: dict = {}
        self._check_kind(kind, numbering, findings, loaded)
        findings.raise_if_any(DataError)
        return loaded

    # -- documents

    def documents(self, kind: str, numbering: Numbering = BUILD, **options):
        """(documents, rule set, conflicts) of *kind*: the documents as the builder gives them (a
        Batch is made as it is read), each with the data files it was built from; conflicts(docs)
        finds the numbers in the data that the register has already given another document."""
        decl = self.office.kind(kind)
        if decl.pham_vi == "nhiem_ky" and decl.du_lieu and self._data_year(decl) != self.number:
            return self.office.year(self._data_year(decl)).documents(kind, numbering, **options)
        mod = builder(decl.xay_dung)
        check_options(kind, mod, options)
        register = self.office.register() if numbering is BUILD else None
        loaded = self.check(kind, numbering)
        if register is not None:  # the register is the source of every issued number
            numbering = Numbering(issued=issuing.issued_number(register, self.number))
        org, profile = self._ready_organisation()
        kinds = self.office.kinds
        cites = {b: reference(profile, org, kinds[b], b, loaded[b], numbering, self.number) for b in decl.dua_tren}
        others = tuple(self.all_documents(numbering)) if decl.tong_hop else ()
        job = Job(org=org, profile=profile, kind=kind, decl=decl, data=loaded[kind], year=self.number,
                  numbering=numbering, base={b: loaded[b] for b in [*decl.dua_tren, *decl.so_lieu]}, cites=cites,
                  documents=others)
        built = mod.build(job, **{k: v for k, v in options.items() if v})
        sources = tuple(self.project.show(f) for f in self._data_files(kind))
        batch = Batch(len(built), lambda: (replace(d, sources=sources) for d in built))
        own = self.project.show(data_file(self.project, decl, self.number)[0]) \
            if register is not None and decl.du_lieu else None

        def conflicts(docs) -> Findings:
            if own is None:
                return Findings()
            return issuing.number_conflicts(register, profile, org, self.number, docs, own)

        return batch, profile, conflicts

    def prepared(self, kind: str, numbering: Numbering = BUILD, **options) -> tuple[list[Document], Any]:
        """Every document of *kind* in memory, checked against the register; and the rule set."""
        batch, profile, conflicts = self.documents(kind, numbering, **options)
        docs = list(batch)
        conflicts(docs).raise_if_any(DataError)
        return docs, profile

    def all_documents(self, numbering: Numbering = BUILD) -> list[Document]:
        """Every document of the year whose data is present, kind by kind in declaration order."""
        docs: list[Document] = []
        for name, decl in self.office.kinds.items():
            if decl.tong_hop or decl.du_lieu is None:
                continue
            if not present(self.project.data / str(self.number) / decl.du_lieu):
                continue
            docs += self.prepared(name, numbering)[0]
        return docs

    def _data_files(self, kind: str) -> list[Path]:
        """The data files a kind is built from: the organisation, its own, its bases' and sources'."""
        kinds = self.office.kinds
        files = [self.project.data / "don-vi.yaml"]
        todo = [kind]
        while todo:
            decl = kinds[todo.pop(0)]
            if decl.du_lieu:
                files.append(data_file(self.project, decl, self.number)[0])
            for name in decl.so_lieu:
                files += [self.project.data / str(self.number) / f for f in SOURCES[name][1]]
            todo += decl.dua_tren
        seen = []
        for f in files:
            if f.is_file() and f not in seen:
                seen.append(f)
        return seen

    # -- build, issue, verify

    def build(self, kind: str, draft: bool = False, progress: Progress | None = None, **options) -> Result:
        """Build a kind's documents and write them. They are made, rendered and written one at a
        time, so memory does not grow with their number; a number the register has already given
        another document is found on the way, and then nothing is written."""
        decl = self.office.kind(kind)
        if decl.pham_vi == "nhiem_ky" and decl.du_lieu and self._data_year(decl) != self.number:
            return self.office.year(self._data_year(decl)).build(kind, draft, progress, **options)
        docs, profile, conflicts = self.documents(kind, DRAFT if draft else BUILD, **options)
        folder = self.project.output / str(self.number)
        found = Findings()
        built: list[Built] = []

        def checked():
            for doc in docs:
                found.extend(conflicts([doc]))
                built.append(Built.of(doc))
                yield doc

        def files():  # each document goes to disk as it is rendered; nothing is renamed into place on an error
            for doc, data in render_iter(self.project, checked(), profile, progress, total=len(docs)):
                yield folder / doc.output_name, data
                for name, extra in doc.attachments:
                    yield folder / name, extra
            found.raise_if_any(DataError)

        written = write_all(files(), self.project.show)
        return Result(documents=built, written=written)

    def issue(self, kind: str | None = None, period: str | None = None, replacing: tuple[str, ...] = (),
              pdf: bool = True, make_zip: bool = False, progress: Progress | None = None,
              notify: Callable[[str], None] | None = None) -> issuing.IssueResult:
        """Issue what is ready of the year (or of *kind*, or of one *period* of a report): number,
        archive, register. What is not ready is listed with why (result.waiting), never an error
        that holds back the rest: the plan goes out in January while the July report waits."""
        parts = self.parts(kind, period)
        with issuing.IssueRun.open(self.project, self.number, notify) as run:
            findings = Findings()
            org, _, profile, org_findings = self.organisation()
            if org_findings:
                raise DataError(org_findings)
            allocator = run.allocator(org, profile, replacing, findings)
            docs = self._ready(parts, Numbering(allocate=allocator), allocator, run.result)
            new = run.select(docs, profile)
            run.publish(render_iter(self.project, new, profile, progress), org, profile, pdf=pdf)
            run.pack(make_zip)
        return run.result

    def parts(self, kind: str | None = None, period: str | None = None) -> list[tuple[str, dict, str]]:
        """(kind, build options, label) of each part of the year that is issued on its own: a kind,
        or each declared period of a report. A year with no data at all is an error."""
        if kind is not None:
            decl = self.office.kind(kind)
            mod = builder(decl.xay_dung)
            check_options(kind, mod, {"period": period})
            if decl.tong_hop or decl.du_lieu is None:
                raise DataError([Finding(Location(kind), f"«{kind}» không phải văn bản phát hành (là sổ của năm)",
                                         "dựng sổ bằng «vanban build»; phát hành các văn bản khác của năm")])
            names = [kind]
        else:
            names = [n for n, d in self.office.kinds.items() if not d.tong_hop and d.du_lieu is not None
                     and present(self.project.data / str(self.number) / d.du_lieu)]
            if not names:
                raise DataError([Finding(Location(self.project.show(self.project.data / str(self.number))),
                                         f"năm {self.number} chưa có dữ liệu văn bản nào",
                                         f"tạo năm mới bằng «vanban nam-moi {self.number}»")])
        out = []
        for name in names:
            decl = self.office.kinds[name]
            own = getattr(builder(decl.xay_dung), "parts", None)
            options = [{"period": period}] if period else own(self._file(name)[0]) if own else [{}]
            if not options:
                out.append((name, None, name))  # nothing declared to issue yet
            out += [(name, o, f"{name} {o['period']}" if o.get("period") else name) for o in options]
        return out

    def _no_period(self, kind: str) -> Finding:
        file = data_file(self.project, self.office.kinds[kind], self.number)[0]
        return Finding(Location(self.project.show(file)), "chưa khai kỳ báo cáo nào (ky)",
                       "ghi số và ngày của kỳ cần báo cáo dưới «ky» khi có số liệu")

    def _ready(self, parts, numbering: Numbering, allocator, result) -> list[Document]:
        """The documents of every part whose data is complete; the others go to *result*.waiting
        with their findings, and give back any number taken on the way."""
        docs: list[Document] = []
        for name, options, label in parts:
            if options is None:
                result.waiting.append(issuing.Waiting(name, label, [self._no_period(name)]))
                continue
            mark = allocator.mark()
            try:
                made = self.prepared(name, numbering, **options)[0]
            except VanbanError as exc:
                allocator.rollback(mark)
                result.waiting.append(issuing.Waiting(name, label, list(exc.findings)))
                continue
            found = allocator.findings.items[mark[2]:]
            if found:  # a number the data asks for cannot be given
                problems = list(found)
                allocator.rollback(mark)
                result.waiting.append(issuing.Waiting(name, label, problems))
                continue
            docs += made
        return docs

    def verify(self) -> issuing.Check:
        """`vanban luu-tru kiem-tra`: the year's archive against its manifest and the register."""
        return issuing.verify(self.project, self.number)

    def status(self) -> list[State]:
        """Each document of the year: not enough data, draft, ready, issued, or changed since issued."""
        out: list[State] = []
        register = self.office.register()
        templates: dict[str, bytes] = {}
        known = issuing.known_fingerprints(self.project, self.number)
        parts = self.parts() if self.number in self.office.years() else []
        for name, options, label in parts:
            if options is None:
                out.append(State(name, name, label, "chua_du_du_lieu", why=[self._no_period(name)]))
                continue
            try:
                docs, profile = self.prepared(name, BUILD, **options)
            except VanbanError as exc:
                out.append(State(name, label, label, "chua_du_du_lieu", why=list(exc.findings)))
                continue
            for doc in docs:
                issued = register.active(f"{self.number}/{doc.issue.key}")
                date = doc.issue.date.isoformat() if doc.issue.date else ""
                state = State(name, doc.issue.key, doc.issue.subject, "", doc.issue.symbol, date)
                if issued is not None:
                    if doc.template not in templates:
                        templates[doc.template] = (self.project.templates / doc.template).read_bytes()
                    mark = issuing.fingerprint(doc, templates[doc.template], profile)
                    same = mark == issued.van_tay or mark in known.get(issued.khoa, ())
                    state.state, state.symbol, state.date = ("da_phat_hanh" if same else "da_doi",
                                                             issued.so_ky_hieu, issued.ngay)
                else:
                    state.state = "san_sang" if doc.issue.date is not None else "du_thao"
                out.append(state)
        return out

    # -- the workbooks

    def workbook_export(self) -> Path:
        """data/<year>/du-lieu-<year>.xlsx from the YAML files; never over an existing workbook."""
        self.office.require_current()
        return sheets.export(self.project, self.number)

    def workbook_import(self) -> list[Path]:
        """The YAML files of the organisation and the year from the workbook, every cell checked."""
        self.office.require_current()
        models = {"don-vi.yaml": Organisation}
        for decl in self.office.kinds.values():
            if decl.du_lieu:
                models.setdefault(decl.du_lieu, builder(decl.xay_dung).MODEL)
        written = sheets.import_(self.project, self.number, models)
        self.office._years.pop(self.number, None)  # what was read before the import is stale
        return written

    def progress_workbook(self) -> Path:
        """data/<year>/tien-do.xlsx for the clerk to fill; never over an existing one.

        The quotas come from the plan the reports are built on; without a plan for the
        year there is nothing to fill in against, and the clerk is told so. Periods
        already entered in tien-do.yaml get no sheet (a period lives in one place)."""
        findings = Findings()
        org, _, _, org_findings = self.organisation()
        findings.extend(org_findings)
        plan = None
        if org is not None:
            kinds = self.office.kinds
            report_kind = next((k for k, d in kinds.items() if "tien-do" in d.so_lieu), None)
            if report_kind:  # the quotas come from the data the reports are built on
                for base in kinds[report_kind].dua_tren:
                    file = self.project.data / str(self.number) / kinds[base].du_lieu
                    if not file.is_file():
                        findings.add(Location(self.project.show(file)),
                                     f"chưa có kế hoạch năm {self.number} để lấy chỉ tiêu",
                                     f"tạo năm mới bằng «vanban nam-moi {self.number}», rồi ghi chỉ tiêu vào tệp này")
                        continue
                    data, _, found, _ = self._file(base)
                    findings.extend(found)
                    plan = None if found else data
            if not org.giai_doan:
                findings.add(Location(self.project.show(self.project.data / "don-vi.yaml")),
                             "chưa khai các giai đoạn tiến độ (giai_doan)",
                             "thêm «giai_doan: …» vào don-vi.yaml (xem README, mục «Tiến độ»)")
        findings.raise_if_any(DataError)
        target = self.project.data / str(self.number) / progress_data.FILES[1]
        if target.exists():
            raise OutputProblem([Finding(Location(self.project.show(target)), "tệp đã có, vanban không ghi đè",
                                         "đổi tên hoặc chuyển tệp cũ đi nếu muốn tạo sổ mới")])
        in_yaml: set[str] = set()
        yaml_file = self.project.data / str(self.number) / progress_data.FILES[0]
        if yaml_file.is_file():
            entered, _ = progress_data.read_yaml_progress(yaml_file, self.project.show(yaml_file), org)
            in_yaml = {p for p, rows in entered.periods.items() if rows}
        periods = [p for p in progress_data.PERIODS if p not in in_yaml]
        write_all({target: progress_data.blank_workbook(org, plan, self.number, periods)}, self.project.show)
        return target


# --------------------------------------------------------------------------
# The checkers, on any document (not only this office's)


def document_reports(files: list[Path], shown: list[str], rule_set: str | None = None
                     ) -> tuple[list[dict], list[dict], list[Finding]]:
    """The thể thức check of each file: (reports of administrative documents, reports of the
    files that are not administrative documents, problems that kept a file from being read)."""
    code = rule_set.replace("-", "_") if rule_set else None
    reports, others, problems = [], [], []
    for path, name in zip(files, shown):
        try:
            used, issues = the_thuc.check(path, name, code)
        except the_thuc.NotAdministrative as exc:
            others.append({"tep": name, "quy_tac": None, "hanh_chinh": False, "ly_do": exc.reason, "loi": 0,
                           "canh_bao": 0, "ket_qua": []})
            continue
        except VanbanError as exc:
            problems += exc.findings
            continue
        reports.append(the_thuc.as_json(name, used, issues))
    return reports, others, problems


def page_reports(files: list[Path], shown: list[str], rule_set: str | None = None) -> list[dict]:
    """The page check of each file, as the JSON shape the thể thức checker uses."""
    margins = None
    if rule_set:
        page = load_profile(rule_set.replace("-", "_")).trang
        margins = Margins(page.le_tren_mm, page.le_duoi_mm, page.le_trai_mm, page.le_phai_mm)
    reports = []
    for name, count, issues in check_files(files, shown, margins):
        reports.append({"tep": name, "so_trang": count,
                        "loi": sum(represented(i) for i in issues if i.severity == ERROR),
                        "canh_bao": sum(represented(i) for i in issues if i.severity == WARNING),
                        "ket_qua": [as_record(i) for i in issues]})
    return reports
