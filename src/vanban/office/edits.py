"""A form's changes to the data files, checked by the build's own rules before anything is written.

The changed files are written into a scratch copy of the working folder (one value a line,
so each finding names the value it is about) and the organisation and every document of the
year are checked there exactly as `vanban build` checks them. What is wrong is given back,
all of it, each finding with the key path of its value when it is in a changed file; only
when nothing is wrong are the real files written, with their comments kept (data/edit.py).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data import edit, formats
from ..data.load import STOCK_MODELS
from ..data.sources import workbook
from ..data.sources.yaml import read_yaml
from ..documents import BUILD, DRAFT
from ..errors import DataError, Finding, Location, VanbanError
from ..output import STAGING, write_all
from ..project import Project, present


@dataclass
class EditCheck:
    """What checking a form's changes found."""

    problems: list[tuple[Finding, tuple | None]] = field(default_factory=list)  # (finding, key path or None)
    missing: list[Finding] = field(default_factory=list)   # not wrong, but wanted before issuing (a date…)
    texts: dict[Path, str] = field(default_factory=dict)   # the changed files' new text
    before: list[Finding] = field(default_factory=list)    # wrong before the change, elsewhere (not blocking)

    @property
    def ok(self) -> bool:
        return not self.problems


def findings_of(office, number: int, numbering) -> list[Finding]:
    """Every finding of the organisation and of each document kind of year *number* that has
    data, as the build would report them (all at once)."""
    found: list[Finding] = []
    try:
        kinds = office.kinds
    except VanbanError as exc:
        return list(exc.findings)
    year = office.year(number)
    found += year.organisation()[3]
    for name, decl in kinds.items():
        if decl.tong_hop or decl.du_lieu is None:
            continue
        if not present(office.project.data / str(number) / decl.du_lieu) and decl.pham_vi != "nhiem_ky":
            continue
        try:
            year.check(name, numbering)
        except VanbanError as exc:
            found += exc.findings
    out: list[Finding] = []
    seen = set()
    for f in found:
        key = (f.location.file, f.location.line, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _same(f: Finding) -> tuple:
    return f.location.file, f.location.where, f.message


def _scratch(project: Project, into: Path) -> Project:
    """A copy of what the checks read: data/ and the declared kinds."""
    shutil.copytree(project.data, into / "data", ignore=shutil.ignore_patterns(STAGING + "*"), symlinks=True)
    kinds = project.root / "templates" / "loai-van-ban.yaml"
    (into / "templates").mkdir()
    if kinds.is_file():
        shutil.copy2(kinds, into / "templates" / "loai-van-ban.yaml")
    return Project(into)


def check_changes(office, number: int, changes: dict[str, dict[str, Any]]) -> EditCheck:
    """Check *changes* (file under data/ → {top-level key: new plain value or None}) for year
    *number* as the build would; nothing is written to the working folder."""
    project = office.project
    result = EditCheck()
    plains: dict[str, dict] = {}
    changes = {name: _versioned(project.data / name, values) for name, values in changes.items()}
    for name, values in changes.items():
        file = project.data / name
        text, plain = edit.edited(file, project.show(file), values)
        result.texts[file] = text
        plains[project.show(file)] = plain
    before = findings_of(office, number, DRAFT)
    with tempfile.TemporaryDirectory(prefix="vanban-kiem-tra-") as tmp:
        scratch = _scratch(project, Path(tmp))
        paths: dict[str, dict[int, tuple]] = {}
        for name in changes:
            file = scratch.data / name
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(edit.block_text(plains[project.show(project.data / name)]), encoding="utf-8")
            try:
                _, src = read_yaml(file, project.show(project.data / name))
                paths[project.show(project.data / name)] = edit.line_paths(src.lines)
            except DataError:
                paths[project.show(project.data / name)] = {}
        copy = type(office).open(scratch.root)
        after = findings_of(copy, number, DRAFT)
        missing = findings_of(copy, number, BUILD)
        for file, text in result.texts.items():  # what will be written reads back as what was checked
            shown = project.show(file)
            if not edit.same_values(text, plains[shown], shown, Path(tmp) / "doc-lai.yaml"):
                result.problems.append((Finding(Location(shown), "không ghi được thay đổi mà vẫn giữ nguyên chú thích "
                                                "của tệp", "sửa mục này trực tiếp trong tệp"), None))
    old = {_same(f) for f in before}
    changed = set(paths)
    for f in after:
        if f.location.file in changed:
            line_map = paths[f.location.file]
            result.problems.append((f, line_map.get(f.location.line) if f.location.line else None))
        elif _same(f) not in old:
            result.problems.append((f, None))
        else:
            result.before.append(f)
    now = {_same(f) for f in after}
    result.missing = [_unlined(f, changed) for f in missing if _same(f) not in now]
    result.problems = [(_unlined(f, changed), path) for f, path in result.problems]
    return result


def _versioned(file: Path, values: dict) -> dict:
    """A data file a form creates carries the format it is written in, as every data file does."""
    if file.is_file() or formats.VERSION_KEY in values:
        return values
    return {formats.VERSION_KEY: formats.CURRENT[formats.DATA], **values}


def plain_values(project: Project, name: str) -> tuple[dict, list[Finding]]:
    """(the plain values of data file *name* under data/ as the build reads them, without its format
    number; what stops it being read). A file that is not there has no values."""
    file = project.data / name
    if not file.is_file():
        return {}, []
    try:
        data, _ = read_yaml(file, project.show(file))
    except DataError as exc:
        return {}, list(exc.findings)
    data = data if isinstance(data, dict) else {}
    return {k: v for k, v in data.items() if k != formats.VERSION_KEY}, []


def _unlined(f: Finding, changed: set[str]) -> Finding:
    """A finding about a changed file names no line (its lines were those of the scratch copy)."""
    if f.location.file not in changed:
        return f
    return Finding(Location(f.location.file, None, f.location.where), f.message, f.hint, f.severity)


def save_changes(office, number: int, changes: dict[str, dict[str, Any]]) -> list[Path]:
    """Write *changes* when nothing is wrong with them (check_changes); else raise every finding."""
    checked = check_changes(office, number, changes)
    if not checked.ok:
        raise DataError([f for f, _ in checked.problems])
    project = office.project
    written = write_all({file: text.encode("utf-8") for file, text in checked.texts.items()}, project.show)
    office._years.clear()  # what was read before is stale
    return written


def workbook_keys(project: Project, number: int, name: str) -> set[str]:
    """The top-level items of data file *name* (under data/) that the year's workbook holds and
    its YAML file does not: those are edited in the workbook, never in two places."""
    file = project.data / name
    try:
        found = workbook.items_of(project, number, name, STOCK_MODELS)
    except VanbanError:
        return set()
    if found is None:
        return set()
    try:
        own, _ = read_yaml(file, project.show(file)) if file.is_file() else ({}, None)
    except VanbanError:
        own = {}
    return {k for k in found[0] if k not in (own or {})}
