"""`vanban khoi-tao`: a new office's working folder from one of the examples, its data also as a
workbook, so that a clerk sets the office up in Excel, never in YAML.

The folder gets the example's templates, the organisation with the office's own issuer,
superior, place, term, rule set and last numbers used (data/new_office.py), and the data files
of a first year carried over from the example's latest year as `nam-moi` carries a year
(numbers and dates emptied, periods cleared) — but none of the example's other years, outputs
or register. Everything is written at once, or nothing.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..data import sheets
from ..data.load import load_kinds
from ..data.new_office import Answers, check, organisation, plan_term
from ..data.new_year import carried
from ..data.profiles import load_profile
from ..data.model import Organisation
from ..data.sources.yaml import read_yaml
from ..documents import builder
from ..errors import DataError, Finding, Location, OutputProblem
from ..output import write_all
from ..project import Project

EXAMPLES = ("dang-uy-xa", "ubnd-xa", "huyen-uy")


def examples_root() -> Path | None:
    """The examples: shipped inside the package (pip install .), or beside it in the source tree."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "examples", package.parent.parent / "examples"):
        if (candidate / EXAMPLES[0] / "data" / "don-vi.yaml").is_file():
            return candidate
    return None


def numbered_types(example: str, rule: str | None = None) -> list[tuple[str, str]]:
    """(symbol, name) of each type of document the example issues with a number (KH Kế hoạch, TB
    Thông báo, BC Báo cáo), in the order of its kinds: what khoi-tao asks the last number of."""

    root = examples_root()
    if root is None or example not in EXAMPLES:
        return []
    source = Project(root / example)
    kinds = load_kinds(source)
    if rule is None:
        org = read_yaml(source.data / "don-vi.yaml", f"examples/{example}/data/don-vi.yaml")[0]
        rule = org.get("quy_tac", "dang") if isinstance(org, dict) else "dang"
    profile = load_profile(rule)
    out: dict[str, str] = {}
    for decl in kinds.values():
        t = profile.loai_van_ban.get(decl.loai)
        if decl.tong_hop or decl.du_lieu is None or t is None or not t.ky_hieu:
            continue
        if not any((p / decl.du_lieu).is_file() for p in source.data.iterdir() if p.is_dir()):
            continue  # a kind the example keeps no data for (công văn): asked when it is first issued
        out.setdefault(t.ky_hieu, t.ten if hasattr(t, "ten") else decl.ten)
    return list(out.items())


@dataclass
class Created:
    folder: Path
    year: int
    example: str
    written: list[Path] = field(default_factory=list)
    workbook: Path | None = None
    source_year: int | None = None


def create(folder: Path, example: str, answers: Answers, year: int) -> Created:
    """The working folder *folder* for a new office, from *example*, with data for *year*."""
    project = Project(Path(folder))
    shown = str(folder)
    if example not in EXAMPLES:
        raise DataError([Finding(Location("--mau"), f"không có ví dụ «{example}»", f"chọn một trong: {', '.join(EXAMPLES)}")])
    root = examples_root()
    if root is None:
        raise DataError([Finding(Location("examples/"), "không tìm thấy các ví dụ của vanban",
                                 "cài lại vanban từ thư mục mã nguồn («pip install .»), hoặc chạy lệnh trong đó")])
    if project.root.exists() and (not project.root.is_dir() or any(project.root.iterdir())):
        raise OutputProblem([Finding(Location(shown), "thư mục đã có và không trống; vanban không ghi đè",
                                     "chọn một thư mục mới (vanban tạo thư mục đó)")])
    problems = check(answers, "khoi-tao")
    if problems:
        raise DataError(problems)
    source = Project(root / example)
    kinds = load_kinds(source)
    term_files = {d.du_lieu for d in kinds.values() if d.du_lieu and d.pham_vi == "nhiem_ky"}
    years = sorted((int(p.name) for p in source.data.iterdir() if p.is_dir() and p.name.isdigit()), reverse=True)
    made: dict[str, bytes] = {}
    old = None
    for candidate in years:  # the example's year with the most of a year's data (the latest of those)
        got = carried(source.data / str(candidate), candidate, year, term_files, source.show)
        if len(got) > len(made):
            made, old = got, candidate
    files: dict[Path, bytes] = {}
    org_file = source.data / "don-vi.yaml"
    files[project.data / "don-vi.yaml"] = organisation(org_file.read_text(encoding="utf-8"), answers,
                                                       f"examples/{example}")
    for name, data in made.items():
        files[project.data / str(year) / name] = plan_term(data.decode("utf-8"), answers.nhiem_ky)
    for path in sorted((root / example / "templates").rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            files[project.root / "templates" / path.relative_to(root / example / "templates")] = path.read_bytes()
    models = {"don-vi.yaml": Organisation}
    for decl in kinds.values():
        if decl.du_lieu:
            models.setdefault(decl.du_lieu, builder(decl.xay_dung).MODEL)
    files[sheets.workbook_path(project, year)] = _workbook(project, files, year, models)
    written = write_all(files, project.show)
    return Created(project.root, year, example, written, sheets.workbook_path(project, year), old)


def _workbook(project: Project, files: dict[Path, bytes], year: int, models: dict) -> bytes:
    """The workbook of the new data, read back from a scratch copy as any data file is read."""
    data: dict[str, object] = {}
    problems: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="vanban-khoi-tao-") as tmp:
        for path, content in files.items():
            if path.suffix != ".yaml" or not path.is_relative_to(project.data):
                continue
            name = path.relative_to(project.data).as_posix()
            scratch = Path(tmp) / name.replace("/", "_")
            scratch.write_bytes(content)
            try:
                data[name] = read_yaml(scratch, project.show(path))[0]
            except DataError as exc:
                problems += exc.findings
    if problems:
        raise DataError(problems)
    types = {name: models[name.rsplit("/", 1)[-1]] for name in data if name.rsplit("/", 1)[-1] in models}
    return sheets.book_bytes({n: data[n] for n in types}, types, f"Dữ liệu năm {year} — vanban")
