"""One run: load → check → build → render → write.

The CLI calls `build()` and prints what comes back; every error of the run
is gathered before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .checks import check_organisation
from .documents import Document, builder
from .errors import DataError, Finding, Findings, Location, VanbanError
from .load import Project, load_kinds, load_organisation, load_profile, load_year_file
from .output import write_all
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


def prepare(project: Project, kind: str, year: int, draft: bool = False, **options):
    """Load and check everything a kind needs; return (documents, profile)."""
    findings = Findings()
    kinds = load_kinds(project)
    if kind not in kinds:
        raise DataError([Finding(Location(project.show(project.root / "templates" / "loai-van-ban.yaml")),
                                 f"không có loại văn bản «{kind}»",
                                 f"chọn một trong: {', '.join(kinds)}")])
    decl = kinds[kind]
    mod = builder(decl.xay_dung)
    loaded = _gather(findings, load_organisation, project)
    org, org_src = loaded if loaded else (None, None)
    style = org.kieu_dau if org else "moi"
    loaded = _gather(findings, load_year_file, project, year, decl.du_lieu, mod.MODEL, style)
    data, src = loaded if loaded else (None, None)
    if org is not None:
        findings.extend(check_organisation(org, org_src))
        if data is not None and not findings:
            findings.extend(mod.check(org, data, src, year, draft))
    findings.raise_if_any(DataError)
    profile = load_profile(org.quy_tac)
    docs = mod.build(org, profile, kind, decl, data, year, draft=draft, **options)
    return docs, profile


def render_all(project: Project, docs: list[Document], profile,
               progress: Callable[[Document], None] | None = None) -> list[tuple[Document, bytes]]:
    out = []
    for doc in docs:
        path = project.templates / doc.template
        out.append((doc, render(RenderJob(path, project.show(path), doc.context, doc.frame, profile))))
        if progress:
            progress(doc)
    return out


def build(project: Project, kind: str, year: int, draft: bool = False,
          progress: Callable[[Document], None] | None = None, **options) -> Result:
    docs, profile = prepare(project, kind, year, draft=draft, **options)
    rendered = render_all(project, docs, profile, progress)
    folder = project.output / str(year)
    written = write_all({folder / doc.output_name: data for doc, data in rendered})
    return Result(documents=docs, written=written)
