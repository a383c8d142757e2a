"""Files handed over from outside the working folder (the web page's uploads): a year's workbook,
its progress workbook, an edited template. Each is checked in a scratch copy of the working folder
exactly as the command line checks it there (`excel nhap`, the build's checks, `mau kiem-tra`,
`mau sua`), and only put in place when nothing is wrong. The caller gives a file it saved under a
name of its own; where it goes is vanban's choice, never the sender's.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from ..data.sources.workbook import workbook_path
from ..documents import DRAFT
from ..errors import DataError, Finding, Location
from ..output import STAGING, write_all
from ..project import Project
from . import edits

WORKBOOKS = ("du-lieu", "tien-do")  # the year's data workbook, its progress workbook
PROGRESS_BOOK = "tien-do.xlsx"


def workbook_target(project: Project, number: int, which: str) -> Path:
    """Where workbook *which* of year *number* lives."""
    if which not in WORKBOOKS:
        raise DataError([Finding(Location(which), f"không có sổ «{which}»", f"chọn một trong: {', '.join(WORKBOOKS)}")])
    return workbook_path(project, number) if which == "du-lieu" else project.data / str(number) / PROGRESS_BOOK


def _scratch(project: Project, into: Path, templates: bool = False) -> Project:
    """A copy of the working folder's data (and templates) to check a file in."""
    shutil.copytree(project.data, into / "data", ignore=shutil.ignore_patterns(STAGING + "*"), symlinks=True)
    if templates:
        shutil.copytree(project.root / "templates", into / "templates", ignore=shutil.ignore_patterns("*.bak.docx"))
    else:
        (into / "templates").mkdir()
        kinds = project.root / "templates" / "loai-van-ban.yaml"
        if kinds.is_file():
            shutil.copy2(kinds, into / "templates" / "loai-van-ban.yaml")
    return Project(into)


def receive_workbook(year, which: str, upload: Path) -> tuple[list[Path], list[Finding]]:
    """(the files written, what the build will still say) after *upload* replaces workbook *which*
    of *year*: the data workbook imported as `excel nhap` imports it, the progress workbook read by
    the build's checks; every problem raised at once and nothing written while there is one."""
    office, project = year.office, year.project
    target = workbook_target(project, year.number, which)
    shown = project.show(target)
    with tempfile.TemporaryDirectory(prefix="vanban-excel-") as tmp:
        scratch = type(office).open(_scratch(project, Path(tmp)).root)
        shutil.copy2(upload, scratch.project.root / shown)
        if which == "du-lieu":
            scratch.year(year.number).workbook_import()
            notes = edits.findings_of(type(office).open(scratch.project.root), year.number, DRAFT)
        else:
            found = edits.findings_of(scratch, year.number, DRAFT)
            problems = [f for f in found if f.location.file == shown]
            if problems:
                raise DataError(problems)
            notes = [f for f in found if f.location.file != shown]
    written = write_all({target: upload.read_bytes()}, project.show)
    if which == "du-lieu":
        imported = year.workbook_import()
        written = list(getattr(imported, "written", imported))  # the files the import wrote
    office._years.clear()  # what was read before is stale
    return written, notes


def check_template(office, kind: str, upload: Path, repair: bool = False) -> tuple[list[Finding], list[str]]:
    """(what `mau kiem-tra` finds, what `mau sua` did) for *upload* used as the template of *kind*,
    in a scratch copy of the working folder; with *repair*, *upload* is mended first (in place)."""
    decl = office.kind(kind)
    with tempfile.TemporaryDirectory(prefix="vanban-mau-") as tmp:
        root = _scratch(office.project, Path(tmp), templates=True).root
        place = root / "templates" / "docx" / decl.mau
        place.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(upload, place)
        scratch = type(office).open(root)
        done: list[str] = []
        if repair:
            for _, lines, _, _ in scratch.repair_templates((f"templates/docx/{decl.mau}",)):
                done += lines
            shutil.copy2(place, upload)
        found, _ = scratch.check_templates((f"templates/docx/{decl.mau}",))
    return found, done


def use_template(office, kind: str, upload: Path) -> list[Path]:
    """*upload* in place as the template of *kind* when `mau kiem-tra` finds nothing but warnings
    (else every finding raised); the template it replaces is kept beside it (.bak.docx)."""
    found, _ = check_template(office, kind, upload)
    wrong = [f for f in found if f.severity != "canh_bao"]
    if wrong:
        raise DataError(wrong)
    target = office.project.templates / office.kind(kind).mau
    files = {target: upload.read_bytes()}
    if target.is_file():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        files[target.with_name(f"{target.stem}.{stamp}.bak.docx")] = target.read_bytes()
    written = write_all(files, office.project.show)
    office._years.clear()
    office._kinds = None
    return written
