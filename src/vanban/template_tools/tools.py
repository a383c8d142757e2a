"""The `vanban mau …` commands: which templates, which kind, which variables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import reading, wording
from ..errors import Finding, Location, TemplateProblem, VanbanError
from ..project import Project
from ..data.load import load_kinds, load_organisation
from ..rendering.render import FILTERS, FRAME_VARIABLES, environment

# kind → (a context of that kind built from the office's data, its year), or (None, None)
SampleContext = Callable[[str], tuple]

FILTER_HELP = {
    "hai_so": ("số có hai chữ số", "{{ 2|hai_so }} → 02"),
    "ngay": ("ngày viết đầy đủ theo thể thức", "{{ d|ngay }} → ngày 05 tháng 01 năm 2018"),
    "so_chu": ("đọc số thành chữ", "{{ 21|so_chu }} → hai mươi mốt"),
    "thap_phan": ("số thập phân kiểu Việt Nam", "{{ 1905|thap_phan }} → 1.905"),
    "phan_tram": ("tỷ lệ phần trăm, một chữ số thập phân", "{{ 7|phan_tram(8) }} → 87,5%"),
    "in_hoa": ("viết hoa", "{{ 'Đảng ủy'|in_hoa }} → ĐẢNG ỦY"),
}


@dataclass
class Target:
    path: Path
    shown: str
    kind: str | None           # the declared kind whose template this is, if any


def targets(project: Project, files: tuple[str, ...]) -> list[Target]:
    """The given files, or every declared template; each with its kind when it has one."""
    kinds = load_kinds(project)
    by_file = {decl.mau: name for name, decl in kinds.items()}
    if not files:
        return [Target(project.templates / decl.mau, project.show(project.templates / decl.mau), name)
                for name, decl in kinds.items()]
    out = []
    for f in files:
        path = Path(f)
        if not path.is_absolute():
            path = project.root / path if (project.root / path).exists() else Path.cwd() / path
        kind = by_file.get(path.name) if path.parent.resolve() == project.templates.resolve() else None
        out.append(Target(path, project.show(path), kind))
    return out


def allowed(project: Project, kind: str) -> set[str]:
    decl = load_kinds(project)[kind]
    names = set(decl.bien)
    if not decl.tong_hop:
        names |= set(FRAME_VARIABLES)
    return names


def check_templates(project: Project, files: tuple[str, ...], generic: bool = False,
                    sample_context: SampleContext = lambda kind: (None, None)) -> tuple[list[Finding], int]:
    """Every declared template (or the given files), read as the build reads it: its tags,
    what Word left in it, the kind's variables, filters and thể thức blocks, loops
    rendered with the current data (the context *sample_context(kind)* gives, and the year it
    is of) and with more; errors (which the build refuses) and warnings (which it handles and
    `vanban mau sua` tidies)."""
    env = environment()
    found: list[Finding] = []
    items = targets(project, files)
    kinds = load_kinds(project) if any(t.kind for t in items) and not generic else {}
    for t in items:
        if not t.path.is_file():
            found.append(Finding(Location(t.shown), "không tìm thấy tệp", "kiểm tra tên và đường dẫn tệp"))
            continue
        try:
            if generic or t.kind is None:
                found += reading.check(t.path, t.shown, env)
            else:
                context, _ = sample_context(t.kind)
                found += reading.check(t.path, t.shown, env, allowed(project, t.kind), word_damage=True,
                                       context=context, framed=not kinds[t.kind].tong_hop)
                found += office_wording(project, t, context)
        except TemplateProblem as exc:
            found += exc.findings
    return found, len(items)


def office_wording(project: Project, t: Target, context: dict | None) -> list[Finding]:
    """Warnings (never errors) about what a template's own words say for the office: another
    office's bodies in its literal text, sentences naming too many units."""
    try:
        org, _ = load_organisation(project)
    except VanbanError:  # the data's own errors are the build's to report
        return []
    kinds_file = project.show(project.root / "templates" / "loai-van-ban.yaml")
    return (wording.other_office_words(t.path, t.shown, org)
            + wording.long_sentences(t.path, t.shown, t.kind, context, kinds_file))


def repair_templates(project: Project, files: tuple[str, ...], sample_context: SampleContext = lambda kind: (None, None)
                     ) -> list[tuple[str, list[str], Path | None, int]]:
    """Each template mended: (name, what was done, its backup, errors left for Word)."""
    out = []
    items = targets(project, files)
    missing = [Finding(Location(t.shown), "không tìm thấy tệp", "kiểm tra tên và đường dẫn tệp")
               for t in items if not t.path.is_file()]
    if missing:
        raise TemplateProblem(missing)
    mended = [(t, *reading.repair(t.path, t.shown)) for t in items]
    found = check_templates(project, files, sample_context=sample_context)[0]
    for t, done, backup in mended:
        left = [f for f in found if f.severity == "loi" and f.location.file == t.shown]
        out.append((t.shown, done, backup, len(left)))
    return out


def _sample(value, depth: int = 0) -> str:
    """A short display of a sample value."""
    if isinstance(value, dict):
        if depth >= 1:
            return "{" + ", ".join(value) + "}"
        return "{" + ", ".join(f"{k}: {_sample(v, depth + 1)}" for k, v in list(value.items())[:6]) + \
            (", …" if len(value) > 6 else "") + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return f"[{_sample(value[0], depth)}{', …' if len(value) > 1 else ''}] ({len(value)} phần tử)"
    if isinstance(value, str):
        return f"«{value[:70]}{'…' if len(value) > 70 else ''}»"
    if value.__class__.__name__ == "Picture":
        return "(ảnh)"
    return repr(value)


def variables(project: Project, kind: str, sample_context: SampleContext = lambda kind: (None, None)
              ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(name, description, sample value) of every variable of *kind*, and its filters."""
    kinds = load_kinds(project)
    if kind not in kinds:
        raise TemplateProblem([Finding(Location("loai-van-ban.yaml"), f"không có loại văn bản «{kind}»",
                                       f"chọn một trong: {', '.join(kinds)}")])
    decl = kinds[kind]
    sample = sample_context(kind)[0] or {}
    rows = [(name, text, _sample(sample[name]) if name in sample else "") for name, text in decl.bien.items()]
    if not decl.tong_hop:
        rows += [(name, text, "(vanban vẽ theo thể thức)") for name, text in FRAME_VARIABLES.items()]
    filters = [(name, *FILTER_HELP.get(name, ("", ""))) for name in FILTERS]
    return rows, filters
