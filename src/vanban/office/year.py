"""One year of an office: its data loaded and checked once, its documents, its archive."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from .. import issuing
from ..data import progress as progress_data
from ..data import sheets
from ..data.checks import check_organisation
from ..data.load import data_file, load_file, load_organisation
from ..data.model import Organisation
from ..data.profiles import organisation_profile
from ..data.sources import Source
from ..documents import BUILD, DRAFT, Batch, Document, Job, Numbering, builder
from ..documents.common import reference
from ..errors import DataError, Finding, Findings, Location, OutputProblem, TemplateProblem, VanbanError
from ..output import write_all
from ..project import present
from ..rendering.batch import Progress, render_iter
from ..template_tools import wording as template_wording
from .kinds import SOURCES, _gather, check_options
from .results import Built, Result, State


class Year:
    """One year of an office: its data loaded and checked once, its documents, its archive."""

    def __init__(self, office, number: int):
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
        holds (the first document's context tells how many). A template that does not open gives
        no warning: the render refuses it with what is wrong (a macro-enabled package named as such)."""
        path = self.project.templates / decl.mau
        try:
            if not path.is_file() or not template_wording.writes_sentences(path, self.project.show(path)):
                return []
        except TemplateProblem:
            return []
        first = next(iter(docs), None)
        kinds_file = self.project.show(self.project.root / "templates" / "loai-van-ban.yaml")
        return template_wording.long_sentences(path, self.project.show(path), kind,
                                               first.context if first else None, kinds_file)

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
            own = getattr(builder(decl.xay_dung), "issued_parts", None)
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
