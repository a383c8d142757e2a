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
from ..project import Project
from .sources.yaml import read_yaml
from .progress import FILES as PROGRESS_FILES

CLEARED = ("so", "ngay", "so_bat_dau")  # facts of one issued document


@dataclass
class NewYear:
    created: list[Path] = field(default_factory=list)
    source: int | None = None
    review: list[str] = field(default_factory=list)


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


def start(project: Project, year: int) -> NewYear:
    """Create data/<year>/ from the latest earlier year; never over an existing folder."""
    target = project.data / str(year)
    if target.exists():
        raise OutputProblem([Finding(Location(project.show(target)), f"đã có thư mục dữ liệu năm {year}",
                                     "vanban không ghi đè; sửa trực tiếp các tệp trong thư mục này")])
    years = sorted(int(p.name) for p in project.data.iterdir()
                   if p.is_dir() and p.name.isdigit() and int(p.name) < year) if project.data.is_dir() else []
    if not years:
        raise DataError([Finding(Location(project.show(project.data)), f"không có năm nào trước {year} để chép",
                                 "tạo thư mục data/NĂM với các tệp dữ liệu (xem README, mục «Bắt đầu một năm mới»)")])
    old = years[-1]
    source = project.data / str(old)
    result = NewYear(source=old)
    files: dict[Path, bytes] = {}
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout the sample files are written in
    for path in sorted(source.glob("*.yaml")):
        if path.name in PROGRESS_FILES:
            continue
        read_yaml(path, project.show(path))  # a broken file is reported with its line, not copied
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
        out = io.StringIO()
        yaml.dump(node, out)
        files[target / path.name] = out.getvalue().encode("utf-8")
    write_all(files, project.show)
    result.created = sorted(files)
    shown = project.show(target)
    result.review = [
        f"{shown}/ke-hoach.yaml: chỉ tiêu từng đơn vị và tổng số (chi_tieu), phân công (phan_cong)",
        f"{shown}/ke-hoach.yaml: văn bản dẫn và căn cứ mới của năm {year} (van_ban, can_cu, quan_triet)",
        f"{shown}: ngày ban hành (ngay) của từng văn bản; số (so) để trống thì vanban cấp khi phát hành",
        f"{shown}/ke-hoach.yaml: nhiệm kỳ (nhiem_ky) nếu năm {year} sang nhiệm kỳ mới",
        "data/don-vi.yaml: đơn vị, người ký, nơi nhận nếu đã thay đổi",
    ]
    return result
