"""vanban's one face: the command line, the web page and scripts all call this.

    from vanban.office import Office

    office = Office.open("van-ban-xa")            # the organisation's kinds, read once
    year = office.year(2019)                     # the year's data, each file loaded and checked once
    year.build("ke-hoach", draft=True)           # → Result: what was built, what was written
    year.issue()                                 # → IssueResult: numbers, archive, register
    year.verify()                                # → the archive check

A run reads top-down as named steps over these objects (load → check → documents →
render → write → issue); each step lives in the layer below and never calls back up.
Every finding of a run is gathered before anything is written, and raised as one
VanbanError whose findings name file:line (or sheet!cell) and what to change.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from . import issuing
from .data import progress as progress_data
from .data import sheets
from .data.checks import check_organisation
from .data.load import data_file, load_file, load_kinds, load_organisation
from .data.model import Organisation
from .data.new_year import NewYear
from .data.new_year import start as start_year
from .data.profiles import organisation_profile
from .data.sources import Source
from .documents import BUILD, BUILDERS, DRAFT, Batch, Document, Job, Numbering, builder
from .documents.common import reference
from .errors import DataError, Finding, Findings, Location, OutputProblem, VanbanError
from .output import write_all
from .project import Project
from .rendering.batch import Progress, render_iter
from .rendering.render import FRAME_VARIABLES
from .template_tools import tools as template_tools
from .template_tools import wording as template_wording
from . import the_thuc
from .data.profiles import load_profile
from .the_thuc import ERROR, WARNING, as_record
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

    @classmethod
    def of(cls, doc: Document) -> "Built":
        return cls(doc.output_name, doc.addressee, doc.summary, doc.issue.subject, doc.issue.symbol,
                   doc.frame is not None)


@dataclass
class Result:
    documents: list[Built] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)  # worth a look, did not stop the build


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

    @classmethod
    def open(cls, folder: str | Path | None = None) -> "Office":
        """The working folder *folder* (the current folder by default)."""
        return cls(Project(Path(folder) if folder else Path.cwd()))

    @property
    def kinds(self) -> dict:
        """The document kinds this office produces (templates/loai-van-ban.yaml), checked."""
        if self._kinds is None:
            kinds = load_kinds(self.project)
            check_kinds(self.project, kinds)
            self._kinds = kinds
        return self._kinds

    def kind(self, name: str):
        """The declaration of kind *name*; an unknown kind is an error listing the known ones."""
        kinds = load_kinds(self.project) if self._kinds is None else self._kinds
        if name not in kinds:
            raise DataError([Finding(Location(self.project.show(self.project.root / "templates" / "loai-van-ban.yaml")),
                                     f"không có loại văn bản «{name}»", f"chọn một trong: {', '.join(kinds)}")])
        return self.kinds[name]

    def register(self) -> issuing.Register:
        """The register as it is now on disk (the source of every issued number)."""
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

    def new_year(self, number: int) -> NewYear:
        """`vanban nam-moi`: data/<number>/ from the latest earlier year."""
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
        return template_tools.check_templates(self.project, files, generic, self.sample_context)

    def repair_templates(self, files: tuple[str, ...] = ()):
        return template_tools.repair_templates(self.project, files)

    def template_variables(self, kind: str):
        return template_tools.variables(self.project, kind, self.sample_context)


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
            if not (self.project.data / str(self.number) / decl.du_lieu).is_file():
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
        warnings = self._template_warnings(kind, decl, docs)
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
        return Result(documents=built, written=written, warnings=warnings)

    def _template_warnings(self, kind: str, decl, docs) -> list[Finding]:
        """A plan template that writes its allocation as sentences for more units than a sentence
        holds (the first document's context tells how many)."""
        path = self.project.templates / decl.mau
        if not path.is_file() or not template_wording.writes_sentences(path, self.project.show(path)):
            return []
        first = next(iter(docs), None)
        kinds_file = self.project.show(self.project.root / "templates" / "loai-van-ban.yaml")
        return template_wording.long_sentences(path, self.project.show(path), kind,
                                               first.context if first else None, kinds_file)

    def issue(self, replacing: tuple[str, ...] = (), pdf: bool = True, make_zip: bool = False,
              progress: Progress | None = None, notify: Callable[[str], None] | None = None) -> issuing.IssueResult:
        """Issue every document of the year whose data is present: number, archive, register."""
        with issuing.IssueRun.open(self.project, self.number, notify) as run:
            findings = Findings()
            org, _, profile, org_findings = self.organisation()
            if org_findings:
                raise DataError(org_findings)
            numbering = Numbering(allocate=run.allocator(org, profile, replacing, findings))
            docs = self.all_documents(numbering)
            findings.raise_if_any(DataError)
            new = run.select(docs, profile)
            run.publish(render_iter(self.project, new, profile, progress), org, profile, pdf=pdf)
            run.pack(make_zip)
        return run.result

    def verify(self) -> issuing.Check:
        """`vanban luu-tru kiem-tra`: the year's archive against its manifest and the register."""
        return issuing.verify(self.project, self.number)

    def status(self) -> list[State]:
        """Each document of the year: not enough data, draft, ready, issued, or changed since issued."""
        out: list[State] = []
        register = self.office.register()
        for name, decl in self.office.kinds.items():
            if decl.tong_hop or decl.du_lieu is None:
                continue
            if not data_file(self.project, decl, self.number)[0].is_file():
                continue
            try:
                docs, profile = self.prepared(name, BUILD)
            except VanbanError as exc:
                out.append(State(name, name, decl.ten, "chua_du_du_lieu", why=list(exc.findings)))
                continue
            templates: dict[str, bytes] = {}
            for doc in docs:
                issued = register.active(f"{self.number}/{doc.issue.key}")
                date = doc.issue.date.isoformat() if doc.issue.date else ""
                state = State(name, doc.issue.key, doc.issue.subject, "", doc.issue.symbol, date)
                if issued is not None:
                    if doc.template not in templates:
                        templates[doc.template] = (self.project.templates / doc.template).read_bytes()
                    same = issued.van_tay == issuing.fingerprint(doc, templates[doc.template], profile)
                    state.state, state.symbol, state.date = ("da_phat_hanh" if same else "da_doi",
                                                             issued.so_ky_hieu, issued.ngay)
                else:
                    state.state = "san_sang" if doc.issue.date is not None else "du_thao"
                out.append(state)
        return out

    # -- the workbooks

    def workbook_export(self) -> Path:
        """data/<year>/du-lieu-<year>.xlsx from the YAML files; never over an existing workbook."""
        return sheets.export(self.project, self.number)

    def workbook_import(self) -> list[Path]:
        """The YAML files of the organisation and the year from the workbook, every cell checked."""
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
        reports.append({"tep": name, "so_trang": count, "loi": sum(i.severity == ERROR for i in issues),
                        "canh_bao": sum(i.severity == WARNING for i in issues),
                        "ket_qua": [as_record(i) for i in issues]})
    return reports
