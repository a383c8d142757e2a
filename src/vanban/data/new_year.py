"""Starting a new year from the previous one (`vanban nam-moi 2019`).

The year's YAML files are copied with their comments; what belongs to the
old year is cleared or moved on: numbers and issue dates are emptied (a draft
can be built at once, issuing gives numbers), 'năm 2018' in texts becomes
'năm 2019', deadlines move on by a year, report periods are emptied, progress
is not copied. What only the clerk can decide is listed for review.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from ..errors import DataError, Finding, Location, OutputProblem
from ..output import write_all
from ..project import Project, present
from .sources.yaml import read_yaml
from .progress import FILES as PROGRESS_FILES

CLEARED = ("so", "ngay", "so_bat_dau")  # facts of one issued document


@dataclass
class NewYear:
    created: list[Path] = field(default_factory=list)
    source: int | None = None
    review: list[str] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)   # files the year's folder already had, left as they were
    workbook: Path | None = None  # the year's data workbook, written when the year before had one


def _shift(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def _move_on(node, old: int, new: int, key: str = ""):
    """Texts and deadlines of *node* moved from year *old* to *new*."""
    if isinstance(node, dict):
        for k in list(node):
            node[k] = _move_on(node[k], old, new, str(k))
        return node
    if isinstance(node, list):
        for i, item in enumerate(node):
            node[i] = _move_on(item, old, new, key)
        return node
    if isinstance(node, str):
        return re.sub(rf"\bnăm\s+{old}\b", f"năm {new}", node)
    if isinstance(node, dt.date) and key == "han":
        return _shift(node, new - old)
    return node


def carried(source: Path, old: int, year: int, skip: set[str], show) -> dict[str, bytes]:
    """The YAML files of *source* (the data of year *old*) as the files of *year*, comments
    kept: numbers and issue dates emptied, report periods and fixed numbers cleared, «năm OLD»
    in texts and the deadlines moved on. Progress and the files named in *skip* stay behind."""
    out: dict[str, bytes] = {}
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout the sample files are written in
    for path in sorted(source.glob("*.yaml")):
        if path.name in PROGRESS_FILES or path.name in skip:
            continue
        read_yaml(path, show(path))  # a broken file is reported with its line, not copied
        node = yaml.load(path.read_text(encoding="utf-8"))
        if isinstance(node, dict):
            for key in CLEARED:
                if key in node and not isinstance(node[key], dict):
                    node[key] = None
            if isinstance(node.get("so"), dict):
                node["so"] = {}
            if isinstance(node.get("ky"), dict):
                node["ky"] = {}
            _move_on(node, old, year)
        text = io.StringIO()
        yaml.dump(node, text)
        out[path.name] = text.getvalue().encode("utf-8")
    return out


def start(project: Project, year: int, skip: set[str] = frozenset()) -> NewYear:
    """Create data/<year>/ from the latest earlier year; never over an existing file. A year
    folder that is there without the files to carry (an example's year of a term report only)
    gets them. *skip*: the files of a whole term (the term plan), which stay in their year."""
    target = project.data / str(year)
    years = sorted(int(p.name) for p in project.data.iterdir()
                   if p.is_dir() and p.name.isdigit() and int(p.name) < year) if project.data.is_dir() else []
    if not years:
        raise DataError([Finding(Location(project.show(project.data)), f"không có năm nào trước {year} để chép",
                                 "thư mục làm việc mới: tạo bằng «vanban khoi-tao THƯ_MỤC --nam NĂM» (có sẵn dữ liệu "
                                 "năm đầu); hoặc tạo thư mục data/NĂM với các tệp dữ liệu (xem README)")])
    old = years[-1]
    source = project.data / str(old)
    result = NewYear(source=old)
    made = carried(source, old, year, set(skip), project.show)
    if not made:
        raise DataError([Finding(Location(project.show(source)), f"năm {old} không có tệp dữ liệu nào để chép",
                                 "chép dữ liệu vào thư mục năm trước, hoặc tạo thư mục data/NĂM với các tệp dữ liệu")])
    kept = [name for name in made if present(target / name)]
    if target.exists() and (not target.is_dir() or len(kept) == len(made)):
        raise OutputProblem([Finding(Location(project.show(target)), f"đã có thư mục dữ liệu năm {year}",
                                     "vanban không ghi đè; sửa trực tiếp các tệp trong thư mục này")])
    files = {target / name: data for name, data in made.items() if name not in kept}
    write_all(files, project.show)
    result.created = sorted(files)
    result.kept = sorted(target / name for name in kept)
    shown = project.show(target)
    result.review = [
        f"{shown}/ke-hoach.yaml: chỉ tiêu từng đơn vị và tổng số (chi_tieu), phân công (phan_cong)",
        f"{shown}/ke-hoach.yaml: văn bản dẫn và căn cứ mới của năm {year} (van_ban, can_cu, quan_triet)",
        f"{shown}: ngày ban hành (ngay) của từng văn bản; số (so) để trống thì vanban cấp khi phát hành",
        f"{shown}/ke-hoach.yaml: nhiệm kỳ (nhiem_ky) nếu năm {year} sang nhiệm kỳ mới",
        "data/don-vi.yaml: đơn vị, người ký, nơi nhận nếu đã thay đổi",
    ]
    return result
