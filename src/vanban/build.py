"""One run: load → check → build → render → write.

The CLI calls `build()` and prints what comes back; every error of the run
is gathered before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .checks import check_organisation
from .documents import BUILD, DRAFT, Document, Numbering, builder
from .documents.common import reference
from .errors import DataError, Finding, Findings, Location, OutputProblem, VanbanError
from .load import Project, load_kinds, load_organisation, load_profile, load_year_file
from .output import write_all
from . import progress

# Data sources other than a kind's own YAML file: name → (loader(project, year, org), its files)
SOURCES = {"tien-do": (progress.load, progress.FILES)}
from .render import RenderJob, render


@dataclass
class Result:
    documents: list[Document] = field(default_factory=list)
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
    decl = kinds[kind]
    for base in decl.dua_tren:
        _load_kind(project, kinds, base, year, org, org_ok, numbering, findings, loaded)
    mod = builder(decl.xay_dung)
    for name in decl.so_lieu:
        if name not in loaded:
            loaded[name] = _gather(findings, SOURCES[name][0], project, year, org) if org_ok else None
    if decl.du_lieu is None:  # built from other documents only
        loaded[kind] = None
        return
    style = org.kieu_dau if org else "moi"
    got = _gather(findings, load_year_file, project, year, decl.du_lieu, mod.MODEL, style)
    data, src = got if got else (None, None)
    loaded[kind] = data
    if org_ok and data is not None:
        base = {b: loaded.get(b) for b in [*decl.dua_tren, *decl.so_lieu]}
        if all(v is not None for v in base.values()):
            findings.extend(mod.check(org, data, src, year, numbering, base=base))


def prepare(project: Project, kind: str, year: int, numbering: Numbering = BUILD, **options):
    """Load and check everything a kind needs; return (documents, profile)."""
    findings = Findings()
    kinds = load_kinds(project)
    if kind not in kinds:
        raise DataError([Finding(Location(project.show(project.root / "templates" / "loai-van-ban.yaml")),
                                 f"không có loại văn bản «{kind}»",
                                 f"chọn một trong: {', '.join(kinds)}")])
    decl = kinds[kind]
    got = _gather(findings, load_organisation, project)
    org, org_src = got if got else (None, None)
    org_ok = False
    if org is not None:
        org_findings = check_organisation(org, org_src)
        findings.extend(org_findings)
        org_ok = not org_findings
    loaded: dict = {}
    _load_kind(project, kinds, kind, year, org, org_ok, numbering, findings, loaded)
    findings.raise_if_any(DataError)
    profile = load_profile(org.quy_tac)
    mod = builder(decl.xay_dung)
    base = {b: loaded[b] for b in [*decl.dua_tren, *decl.so_lieu]}
    cites = {b: reference(profile, org, kinds[b], b, loaded[b], numbering) for b in decl.dua_tren}
    if decl.tong_hop:
        options["documents"] = year_documents(project, kinds, year, numbering)
    if cites:
        options["cites"] = cites
    docs = mod.build(org, profile, kind, decl, loaded[kind], year, numbering=numbering, base=base, **options)
    sources = tuple(project.show(f) for f in _data_files(project, kinds, kind, year))
    return [replace(d, sources=sources) for d in docs], profile


def _data_files(project: Project, kinds: dict, kind: str, year: int) -> list[Path]:
    """The data files a kind is built from: the organisation, its own, its bases' and sources'."""
    files = [project.data / "don-vi.yaml"]
    todo = [kind]
    while todo:
        decl = kinds[todo.pop(0)]
        if decl.du_lieu:
            files.append(project.data / str(year) / decl.du_lieu)
        for name in decl.so_lieu:
            files += [project.data / str(year) / f for f in SOURCES[name][1]]
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


Progress = Callable[[Document, int, int], None]  # (document, done, total)


def render_all(project: Project, docs: list[Document], profile,
               progress: Progress | None = None) -> list[tuple[Document, bytes]]:
    out = []
    for i, doc in enumerate(docs, 1):
        path = project.templates / doc.template
        out.append((doc, render(RenderJob(path, project.show(path), doc.context, doc.frame, profile))))
        if progress:
            progress(doc, i, len(docs))
    return out


def build(project: Project, kind: str, year: int, draft: bool = False,
          progress: Progress | None = None, **options) -> Result:
    docs, profile = prepare(project, kind, year, DRAFT if draft else BUILD, **options)
    rendered = render_all(project, docs, profile, progress)
    folder = project.output / str(year)
    files = {}
    for doc, data in rendered:
        files[folder / doc.output_name] = data
        files.update({folder / name: extra for name, extra in doc.attachments})
    written = write_all(files)
    return Result(documents=docs, written=written)


def make_workbook(project: Project, year: int) -> Path:
    """data/<year>/tien-do.xlsx for the clerk to fill; never over an existing one."""
    findings = Findings()
    got = _gather(findings, load_organisation, project)
    plan = None
    kinds = load_kinds(project)
    if got:
        org, org_src = got
        findings.extend(check_organisation(org, org_src))
        plan_kind = next((k for k, d in kinds.items() if "tien-do" in d.so_lieu), None)
        if plan_kind:  # the quotas come from the data the reports are built on
            for base in kinds[plan_kind].dua_tren:
                decl = kinds[base]
                if (project.data / str(year) / decl.du_lieu).is_file():
                    plan = _gather(findings, load_year_file, project, year, decl.du_lieu,
                                   builder(decl.xay_dung).MODEL, org.kieu_dau)
                    plan = plan[0] if plan else None
    findings.raise_if_any(DataError)
    target = project.data / str(year) / progress.FILES[1]
    if target.exists():
        raise OutputProblem([Finding(Location(project.show(target)), "tệp đã có, vanban không ghi đè",
                                     "đổi tên hoặc chuyển tệp cũ đi nếu muốn tạo sổ mới")])
    write_all({target: progress.blank_workbook(org, plan, year)})
    return target
