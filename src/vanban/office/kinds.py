"""The kinds of documents an office declares, checked; the sources of data beside a kind's own file."""

from __future__ import annotations

from ..data import progress as progress_data
from ..documents import BUILDERS, NEEDS
from ..errors import DataError, Finding, Findings, Location, VanbanError
from ..project import Project


# Data sources other than a kind's own YAML file: name → (loader(project, year, org), its files)
SOURCES = {"tien-do": (progress_data.load, progress_data.FILES),
           "tien-do-nhiem-ky": (progress_data.load_years, progress_data.FILES)}


# The command-line option of each build option, to name it in messages
OPTION_FLAGS = {"only": "--chi-bo", "period": "--ky"}


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
    for name, decl in kinds.items():  # what the builder reads first is there, of the right kind
        base_builder, source = NEEDS.get(decl.xay_dung, (None, None))
        first = decl.dua_tren[0] if decl.dua_tren else None
        if base_builder and (first is None or (first in kinds and kinds[first].xay_dung != base_builder)):
            fitting = [k for k, d in kinds.items() if d.xay_dung == base_builder]
            out.add(Location(shown, None, name), f"loại «{name}» (bộ dựng {decl.xay_dung}) phải dựa trên một loại "
                    f"dựng bằng {base_builder}" + (f", không phải «{first}»" if first else ""),
                    f"ghi «dua_tren: [{fitting[0] if fitting else '…'}]»")
        if source and (decl.so_lieu[0] if decl.so_lieu else None) != source:
            out.add(Location(shown, None, name), f"loại «{name}» (bộ dựng {decl.xay_dung}) lấy số liệu từ {source}",
                    f"ghi «so_lieu: [{source}]»")
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
