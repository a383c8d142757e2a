"""One run: load → check → build → render → write.

The CLI calls `build()` and prints what comes back; every error of the run
is gathered before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .data.checks import check_organisation
from .data.load import (
    Project, Source, data_file, load_file, load_kinds, load_organisation, load_year_file, organisation_profile
)
from .documents import BUILD, BUILDERS, DRAFT, Batch, Document, Job, Numbering, builder
from .documents.common import reference
from .errors import DataError, Finding, Findings, Location, OutputProblem, VanbanError
from .rendering.batch import Progress
from .output import write_all


def _progress_source():
    from .data import progress  # openpyxl only when a kind reads progress

    return progress.load, progress.FILES


def _term_progress_source():
    from .data import progress

    return progress.load_years, progress.FILES


# Data sources other than a kind's own YAML file: name → () → (loader(project, year, org), its files)
SOURCES = {"tien-do": _progress_source, "tien-do-nhiem-ky": _term_progress_source}
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


def _gather(findings: Findings, fn, *args):
    """Run a loading step; keep its findings and go on with the others."""
    try:
        return fn(*args)
    except VanbanError as exc:
        findings.extend(exc.findings)
        return None


def _load_kind(project: Project, kinds: dict, kind: str, year: int, org, org_ok: bool,
               numbering: Numbering, findings: Findings, loaded: dict) -> None:
    """Load and check the data of *kind* and of the kinds it is built on, once each."""
    if kind in loaded:
        return
    loaded[kind] = None  # a cycle of dua_tren stops here
    decl = kinds[kind]
    for base in decl.dua_tren:
        _load_kind(project, kinds, base, year, org, org_ok, numbering, findings, loaded)
    mod = builder(decl.xay_dung)
    for name in decl.so_lieu:
        if name not in loaded:
            loader = SOURCES[name]()[0]
            loaded[name] = _gather(findings, loader, project, year, org) if org_ok else None
    if decl.du_lieu is None:  # built from other documents only
        return
    style = org.kieu_dau if org else "moi"
    file, file_year = data_file(project, decl, year)
    wrong: set = set()  # where a value failed its type: the rules across records say nothing more there
    try:
        data, src = load_file(project, file, mod.MODEL, style)
    except DataError as exc:
        findings.extend(exc.findings)
        wrong = {(f.location.file, f.location.line) for f in exc.findings}
        data = getattr(exc, "partial", None)
        src = getattr(exc, "source", None) or Source(project.show(file), {})
    loaded[kind] = None if wrong else data
    if org_ok and data is not None:
        base = {b: loaded.get(b) for b in [*decl.dua_tren, *decl.so_lieu]}
        if all(v is not None for v in base.values()):
            # a term plan is checked as a document of the year it was issued in
            found = mod.check(org, data, src, file_year, numbering, base)
            findings.extend(f for f in found if (f.location.file, f.location.line) not in wrong)


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


def prepare(project: Project, kind: str, year: int, numbering: Numbering = BUILD, **options):
    """Load and check everything a kind needs; return (documents, profile)."""
    batch, profile, conflicts = documents(project, kind, year, numbering, **options)
    docs = list(batch)
    conflicts(docs).raise_if_any(DataError)
    return docs, profile


def documents(project: Project, kind: str, year: int, numbering: Numbering = BUILD, **options):
    """Load and check everything a kind needs; return (documents, profile, conflicts): the
    documents as the builder gives them (a Batch is made as it is read), each with the data
    files it was built from; conflicts(docs) finds the numbers in the data that the register
    has already issued to another document."""
    findings = Findings()
    register = None
    if numbering is BUILD:  # the register is the source of every issued number
        from .issuing.register import issued_number, load_register

        register = load_register(project)
    kinds = load_kinds(project)
    if kind not in kinds:
        raise DataError([Finding(Location(project.show(project.root / "templates" / "loai-van-ban.yaml")),
                                 f"không có loại văn bản «{kind}»",
                                 f"chọn một trong: {', '.join(kinds)}")])
    check_kinds(project, kinds)
    decl = kinds[kind]
    if decl.pham_vi == "nhiem_ky" and decl.du_lieu:  # a term's document belongs to the year it was issued in
        year = data_file(project, decl, year)[1]
    mod = builder(decl.xay_dung)
    check_options(kind, mod, options)
    got = _gather(findings, load_organisation, project, year)
    org, org_src = got if got else (None, None)
    org_ok = False
    profile = None
    if org is not None:
        org_findings = check_organisation(org, org_src)
        findings.extend(org_findings)
        profile = _gather(findings, organisation_profile, org, org_src)
        org_ok = not org_findings and profile is not None
    loaded: dict = {}
    _load_kind(project, kinds, kind, year, org, org_ok, numbering, findings, loaded)
    findings.raise_if_any(DataError)
    base = {b: loaded[b] for b in [*decl.dua_tren, *decl.so_lieu]}
    if register is not None:
        numbering = Numbering(issued=issued_number(register, year))
    cites = {b: reference(profile, org, kinds[b], b, loaded[b], numbering, year) for b in decl.dua_tren}
    others = tuple(year_documents(project, kinds, year, numbering)) if decl.tong_hop else ()
    job = Job(org=org, profile=profile, kind=kind, decl=decl, data=loaded[kind], year=year, numbering=numbering,
              base=base, cites=cites, documents=others)
    built = mod.build(job, **{k: v for k, v in options.items() if v})
    sources = tuple(project.show(f) for f in _data_files(project, kinds, kind, year))
    batch = Batch(len(built), lambda: (replace(d, sources=sources) for d in built))

    own = project.show(data_file(project, decl, year)[0]) if register is not None and decl.du_lieu else None

    def conflicts(docs) -> Findings:
        if own is None:
            return Findings()
        from .issuing.register import number_conflicts  # a number the register gave another document

        return number_conflicts(register, profile, org, year, docs, own)

    return batch, profile, conflicts


def _data_files(project: Project, kinds: dict, kind: str, year: int) -> list[Path]:
    """The data files a kind is built from: the organisation, its own, its bases' and sources'."""
    files = [project.data / "don-vi.yaml"]
    todo = [kind]
    while todo:
        decl = kinds[todo.pop(0)]
        if decl.du_lieu:
            files.append(data_file(project, decl, year)[0])
        for name in decl.so_lieu:
            files += [project.data / str(year) / f for f in SOURCES[name]()[1]]
        todo += decl.dua_tren
    seen = []
    for f in files:
        if f.is_file() and f not in seen:
            seen.append(f)
    return seen


def year_documents(project: Project, kinds: dict, year: int, numbering: Numbering = BUILD) -> list[Document]:
    """Every document of the year whose data is present, kind by kind in declaration order."""
    docs: list[Document] = []
    for name, decl in kinds.items():
        if decl.tong_hop or decl.du_lieu is None:
            continue
        if not (project.data / str(year) / decl.du_lieu).is_file():
            continue
        docs += prepare(project, name, year, numbering)[0]
    return docs


def render_all(project: Project, docs: list[Document], profile,
               progress: Progress | None = None) -> list[tuple[Document, bytes]]:
    """Every document rendered, in memory (for the few callers that need them all at once)."""
    from .rendering.batch import render_iter

    return list(render_iter(project, docs, profile, progress))


def build(project: Project, kind: str, year: int, draft: bool = False,
          progress: Progress | None = None, **options) -> Result:
    """Build a kind's documents and write them. They are made, rendered and written one at a
    time, so memory does not grow with their number; a number the register has already given
    another document is found on the way, and then nothing is written."""
    from .rendering.batch import render_iter

    docs, profile, conflicts = documents(project, kind, year, DRAFT if draft else BUILD, **options)
    kinds = load_kinds(project)
    if kind in kinds and kinds[kind].pham_vi == "nhiem_ky" and kinds[kind].du_lieu:
        year = data_file(project, kinds[kind], year)[1]
    folder = project.output / str(year)
    found = Findings()
    built: list[Built] = []

    def checked():
        for doc in docs:
            found.extend(conflicts([doc]))
            built.append(Built.of(doc))
            yield doc

    def files():  # each document goes to disk as it is rendered; nothing is renamed into place on an error
        for doc, data in render_iter(project, checked(), profile, progress, total=len(docs)):
            yield folder / doc.output_name, data
            for name, extra in doc.attachments:
                yield folder / name, extra
        found.raise_if_any(DataError)

    written = write_all(files(), project.show)
    return Result(documents=built, written=written)


def make_workbook(project: Project, year: int) -> Path:
    """data/<year>/tien-do.xlsx for the clerk to fill; never over an existing one.

    The quotas come from the plan the reports are built on; without a plan for the
    year there is nothing to fill in against, and the clerk is told so. Periods
    already entered in tien-do.yaml get no sheet (a period lives in one place)."""
    from .data import progress

    findings = Findings()
    got = _gather(findings, load_organisation, project, year)
    kinds = load_kinds(project)
    plan = None
    org = None
    if got:
        org, org_src = got
        findings.extend(check_organisation(org, org_src))
        report_kind = next((k for k, d in kinds.items() if "tien-do" in d.so_lieu), None)
        if report_kind:  # the quotas come from the data the reports are built on
            for base in kinds[report_kind].dua_tren:
                decl = kinds[base]
                file = project.data / str(year) / decl.du_lieu
                if not file.is_file():
                    findings.add(Location(project.show(file)), f"chưa có kế hoạch năm {year} để lấy chỉ tiêu",
                                 f"tạo năm mới bằng «vanban nam-moi {year}», rồi ghi chỉ tiêu vào tệp này")
                    continue
                plan = _gather(findings, load_year_file, project, year, decl.du_lieu,
                               builder(decl.xay_dung).MODEL, org.kieu_dau)
                plan = plan[0] if plan else None
        if not org.giai_doan:
            findings.add(Location(project.show(project.data / "don-vi.yaml")),
                         "chưa khai các giai đoạn tiến độ (giai_doan)",
                         "thêm «giai_doan: …» vào don-vi.yaml (xem README, mục «Tiến độ»)")
    findings.raise_if_any(DataError)
    target = project.data / str(year) / progress.FILES[1]
    if target.exists():
        raise OutputProblem([Finding(Location(project.show(target)), "tệp đã có, vanban không ghi đè",
                                     "đổi tên hoặc chuyển tệp cũ đi nếu muốn tạo sổ mới")])
    in_yaml: set[str] = set()
    yaml_file = project.data / str(year) / progress.FILES[0]
    if yaml_file.is_file():
        entered, _ = progress.read_yaml_progress(yaml_file, project.show(yaml_file), org)
        in_yaml = {p for p, rows in entered.periods.items() if rows}
    periods = [p for p in progress.PERIODS if p not in in_yaml]
    write_all({target: progress.blank_workbook(org, plan, year, periods)}, project.show)
    return target
