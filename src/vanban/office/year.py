"""One year of an office: its data loaded and checked once, its documents, its archive."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from .. import issuing
from ..data import progress as progress_data
from ..data import sheets
from ..data.checks import check_organisation
from ..data.load import data_file, load_file, load_organisation, organisation_of, record_of
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
from . import files as year_files
from . import preview as one_document
from . import uploads
from .kinds import SOURCES, _gather, check_options
from .results import Built, Result, State


class Year:
    """One year of an office: its data loaded and checked once, its documents, its archive."""

    def __init__(self, office, number: int, overlay: dict | None = None):
        self.office, self.number = office, number
        self.project = office.project
        # data file → (its values, where they are): a workbook being imported, checked as the year's
        # data before anything is written
        self._overlay: dict[Path, tuple] = overlay or {}
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
            file = self.project.data / "don-vi.yaml"
            if file in self._overlay:
                got = _gather(findings, organisation_of, *self._overlay[file])
            else:
                got = _gather(findings, load_organisation, self.project, self.number, self.models())
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
            file = self._data_path(decl)
            wrong: set = set()  # where a value failed its type: the rules across records say nothing more there
            findings: list[Finding] = []
            model = builder(decl.xay_dung).MODEL
            try:
                if file in self._overlay:
                    data, src = record_of(model, *self._overlay[file], style)
                else:
                    data, src = load_file(self.project, file, model, style, self.models())
            except DataError as exc:
                findings = list(exc.findings)
                src = getattr(exc, "source", None) or Source(self.project.show(file), {})
                wrong = {f.location for f in exc.findings} | _quiet(src, getattr(exc, "dropped", ()))
                data = getattr(exc, "partial", None)
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

    def _check_kind(self, kind: str, numbering: Numbering, findings: Findings, loaded: dict,
                    sources: bool = True) -> None:
        """The findings of *kind* and of the kinds and sources it is built on, depth first, once each
        (without *sources*: only the data files, as an import checks them)."""
        if kind in loaded:
            return
        loaded[kind] = None  # a cycle of dua_tren stops here
        decl = self.office.kinds[kind]
        for base in decl.dua_tren:
            self._check_kind(base, numbering, findings, loaded, sources)
        for name in decl.so_lieu if sources else ():
            if name not in loaded:
                value, found = self._source(name)
                findings.extend(found)
                loaded[name] = value
        if decl.du_lieu is None:  # built from other documents only
            return
        data, src, found, wrong = self._file(kind)
        findings.extend(found)
        loaded[kind] = None  # what is built on it waits until it has no problem of its own
        if sources:
            org, profile = self._ready_organisation()
            doubtful = False
        else:
            org, _, profile, org_findings = self.organisation()
            doubtful = bool(org_findings)
        if profile is not None and data is not None:
            base = {b: loaded.get(b) for b in [*decl.dua_tren, *(decl.so_lieu if sources else ())]}
            if all(v is not None for v in base.values()):
                # a term plan is checked as a document of the year it was issued in
                try:
                    checked = builder(decl.xay_dung).check(org, data, src, self._data_year(decl), numbering, base)
                except Exception:  # noqa: BLE001 - an organisation with problems of its own may not bear a check
                    if not doubtful:
                        raise
                    checked = []
                checked = [f for f in checked if f.location not in wrong]
                findings.extend(checked)
                loaded[kind] = None if found or checked else data
        elif data is not None and not found and decl.du_lieu:
            loaded[kind] = data

    def _data_year(self, decl) -> int:
        own = self.project.data / str(self.number) / decl.du_lieu if decl.du_lieu else None
        return self.number if own in self._overlay else data_file(self.project, decl, self.number)[1]

    def _data_path(self, decl) -> Path:
        """Where a kind's data is: the year's own file (or the one being imported), or for a kind
        of a whole term the file of the latest year up to this one."""
        own = self.project.data / str(self.number) / decl.du_lieu
        return own if own in self._overlay else data_file(self.project, decl, self.number)[0]

    def models(self) -> dict[str, type]:
        """The record type of each data file (its name under data/<năm>/; don-vi.yaml)."""
        out = {"don-vi.yaml": Organisation}
        for decl in self.office.kinds.values():
            if decl.du_lieu:
                out.setdefault(decl.du_lieu, builder(decl.xay_dung).MODEL)
        return out

    def check_data(self, numbering: Numbering = DRAFT) -> list[Finding]:
        """Every finding of the organisation and of every data file of the year (those on disk and
        those being imported), as the builds of a draft would find them; the progress figures
        are not asked for (the plan goes out in January, the report waits for them)."""
        findings = Findings()
        findings.extend(self.organisation()[3])
        loaded: dict = {}
        for name, decl in self.office.kinds.items():
            if decl.du_lieu is None or decl.tong_hop:
                continue
            if self._data_path(decl) in self._overlay or present(self._data_path(decl)):
                self._check_kind(name, numbering, findings, loaded, sources=False)
        seen, out = set(), []
        for f in findings:
            key = (f.location, f.message)
            if key not in seen:
                seen.add(key)
                out.append(f)
        return out

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
        try:
            docs, profile, conflicts = self.documents(kind, DRAFT if draft else BUILD, **options)
        except DataError as exc:
            raise DataError(self.in_workbook(exc.findings)) from None
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
              notify: Callable[[str], None] | None = None,
              pdf_progress: Callable[[str, int, int], None] | None = None) -> issuing.IssueResult:
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
            run.publish(render_iter(self.project, new, profile, progress), org, profile, pdf=pdf,
                        pdf_progress=pdf_progress)
            run.pack(make_zip)
        for waiting in run.result.waiting:
            waiting.findings = self.in_workbook(waiting.findings)
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
        return Finding(Location(self.project.show(file), key=("ky",)), "chưa khai kỳ báo cáo nào (ky)",
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
                org_file = self.project.show(self.project.data / "don-vi.yaml")
                problems = [replace(f, location=replace(f.location, key=("so_da_dung",)))  # said in the workbook too
                            if f.location.file == org_file and not f.location.key else f for f in found]
                allocator.rollback(mark)
                result.waiting.append(issuing.Waiting(name, label, problems))
                continue
            docs += made
        return docs

    def verify(self, head: str | None = None) -> issuing.Check:
        """`vanban luu-tru kiem-tra`: the year's archive against its manifest and the register; with
        *head*, against a chain head the office kept too (its paper register, its superior)."""
        return issuing.verify(self.project, self.number, head)

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
                state.addressee = doc.addressee
                if issued is not None:
                    if doc.template not in templates:
                        templates[doc.template] = (self.project.templates / doc.template).read_bytes()
                    mark = issuing.fingerprint(doc, templates[doc.template], profile)
                    same = mark == issued.van_tay or mark in known.get(issued.khoa, ())
                    state.state, state.symbol, state.date = ("da_phat_hanh" if same else "da_doi",
                                                             issued.so_ky_hieu, issued.ngay)
                else:
                    state.state = "san_sang" if doc.issue.date is not None else "du_thao"
                    if doc.issue.number is None:  # a draft's symbol is blank where the number goes
                        state.symbol = "(chưa có số)"
                out.append(state)
        for state in out:
            state.why = self.in_workbook(state.why)
        return out

    def in_workbook(self, findings: list[Finding]) -> list[Finding]:
        """*findings*, each about a value of a YAML data file also said by the cell that holds that
        value in the year's workbook, when there is one: a clerk who works in Excel is told where to
        type, not only which YAML line to write («… — trong sổ Excel: ô thong-bao!B2, rồi vanban excel
        nhap 2026»)."""
        path = sheets.workbook_path(self.project, self.number)
        if not any(f.location.key for f in findings) or not present(path):
            return findings
        models = self.models()
        try:
            book = sheets.read_book(path, self.project.show(path), self.number, models)
        except (VanbanError, OSError):
            return findings  # the workbook has its own problems; the build that reads it says them
        names = {self.project.show(self.project.data / name): name
                 for name in sheets.allowed_files(self.number, models)}
        out = []
        for f in findings:
            name = names.get(f.location.file)
            cell = ""
            if name is not None and f.location.key and name in book.where:
                cell = sheets.CellSource(book.shown, book.where[name]).at(*f.location.key).where
            if cell:
                said = f"trong sổ Excel {book.shown}: điền ô {cell} rồi «vanban excel nhap {self.number}»"
                f = replace(f, hint=f"{f.hint} — {said}" if f.hint else said)
            out.append(f)
        return out

    # -- the workbooks

    def workbook_export(self) -> Path:
        """data/<year>/du-lieu-<year>.xlsx from the YAML files; never over an existing workbook."""
        self.office.require_current()
        return sheets.export(self.project, self.number, self.models())

    def workbook_import(self) -> sheets.Imported:
        """The YAML files of the organisation and the year from the workbook. Every cell is read by
        the kind of its column and the data is checked as a draft build checks it (ids, totals,
        dates, the rules across files), every problem named by its sheet and cell, all at once;
        nothing is written unless there is none. A file whose values did not change is not written."""
        self.office.require_current()
        models = self.models()
        book, findings = sheets.import_book(self.project, self.number, models)
        overlay = {self.project.data / name: (data, sheets.CellSource(book.shown, book.where.get(name, {})))
                   for name, data in book.files.items()}
        checked = Year(self.office, self.number, overlay).check_data()
        wrong = {f.location for f in findings} | {Location(book.shown, None, cell) for cell in book.wrong}
        findings += [f for f in checked if f.location not in wrong]
        if findings:
            raise DataError([_said_in_sheets(f, book) if f.location.file == book.shown else f for f in findings])
        done = sheets.write_back(self.project, self.number, book)
        self.office._years.pop(self.number, None)  # what was read before the import is stale
        return done

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

    # -- one document, for a look or a download (the web page)

    def document(self, key: str, draft: bool = False):
        """(the document of *key* — 'ke-hoach', 'thong-bao/ap_mot', 'bao-cao/6-thang' — as the build
        makes it now, its rule set)."""
        return one_document.find(self, key, draft)

    def fingerprint(self, key: str, draft: bool = False) -> str:
        """What produced the document of *key*: its content, template and rules (as issuing records it)."""
        doc, profile = self.document(key, draft)
        return one_document.fingerprint(self, doc, profile)

    def docx(self, key: str, draft: bool = False) -> tuple[str, bytes]:
        """(file name, DOCX) of one document made now; nothing is written."""
        return one_document.docx(self, key, draft)

    def pdf(self, key: str, draft: bool, cache: Path) -> tuple[str, Path]:
        """(file name, PDF kept in *cache*) of one document, converted once per fingerprint."""
        return one_document.pdf(self, key, draft, cache)

    def preview(self, key: str, draft: bool, cache: Path) -> "one_document.Preview":
        """A picture of the first page of one document and its number of pages (through LibreOffice)."""
        return one_document.preview(self, key, draft, cache)

    def cached_preview(self, key: str, draft: bool, cache: Path) -> "one_document.Preview | None":
        """The preview of *key* when it was drawn before and the document has not changed since, else None."""
        return one_document.cached(self, key, draft, cache)

    def draw_previews(self, wanted: list[tuple[str, bool]], cache: Path) -> int:
        """The previews of *wanted* (key, draft) drawn ahead, in one LibreOffice run; how many were drawn."""
        return one_document.draw_many(self, wanted, cache)

    # -- what the year's folders hold

    def archive(self) -> list:
        """The register's rows of the year (issued documents with their numbers; replaced ones too)."""
        return year_files.archive_entries(self)

    def archive_names(self) -> list[str]:
        return year_files.archive_names(self)

    def archive_file(self, name: str) -> Path | None:
        """A file of the year's archive by its name, or None (a name is never a path)."""
        return year_files.archive_file(self, name)

    def output_file(self, name: str) -> Path | None:
        """A file the build wrote into output/<year>/ by its name, or None."""
        return year_files.output_file(self, name)

    def workbook_file(self, which: str) -> Path:
        """Where the year's data workbook ('du-lieu') or progress workbook ('tien-do') lives."""
        return uploads.workbook_target(self.project, self.number, which)

    def receive_workbook(self, which: str, upload: Path) -> tuple[list[Path], list[Finding]]:
        """*upload* as the year's workbook *which*, checked first in a scratch copy as `excel nhap`
        (or, for progress, the build) checks it: (files written, what the build will still say)."""
        self.office.require_current()
        return uploads.receive_workbook(self, which, upload)

def _quiet(src: Source, dropped) -> set:
    """The places of the values of each record whose list lost an item to a wrong value: its
    total would be short by what was left out, so the rules across records say nothing there."""
    out: set = set()
    for path in dropped:
        index = [i for i, p in enumerate(path) if isinstance(p, int)]
        if len(index) < 2:
            continue  # an item of a list at the top of the file: no record holds it
        holder = path[:index[-2] + 1]
        out.add(src.at(*holder))
        for known in src.lines:
            if known[:len(holder)] == holder and len(known) == len(holder) + 1:
                out.add(src.at(*known))
    return out


# What a check says of the organisation's file, said of its sheets to a clerk who works in the workbook
_SHEETS_SAID = (
    ("không có trong danh sách don_vi của don-vi.yaml", "không có ở trang «don-vi · Đơn vị»"),
    ("thêm nơi nhận vào don-vi.yaml", "thêm nơi nhận vào trang «don-vi · Nơi nhận»"),
    ("chưa khai trong don-vi.yaml", "chưa khai ở trang «don-vi · Loại chỉ tiêu»"),
    ("dùng mã trong don_vi hoặc doan_the của don-vi.yaml", "dùng mã ở trang «don-vi · Đơn vị» hoặc «don-vi · Đoàn thể»"),
)


def _said_in_sheets(f: Finding, book=None) -> Finding:
    message, hint = f.message, f.hint
    column = book.title_of(f.location.where) if book is not None else None
    if column is not None:  # «so_luong» is the column «Chỉ tiêu» the clerk sees
        key, title = column
        message = message.replace(f"«{key}»", f"«{title}»")
    for yaml_words, sheet_words in _SHEETS_SAID:
        message, hint = message.replace(yaml_words, sheet_words), hint.replace(yaml_words, sheet_words)
    if message.startswith("người ký"):
        message = message.replace("không có trong don-vi.yaml", "không có ở trang «don-vi · Người ký»")
    if "«don-vi · Đơn vị»" in message:  # «thêm chi bộ vào don-vi.yaml»
        hint = re.sub(r"vào don-vi\.yaml", "vào trang «don-vi · Đơn vị»", hint)
    return replace(f, message=message, hint=hint)
