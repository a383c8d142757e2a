"""A working folder's data → typed records, each value's place kept.

The organisation (data/don-vi.yaml), the declared kinds (templates/loai-van-ban.yaml) and
a kind's data file of a year; items the year's workbook holds (vanban excel) come from
there, with their cells as places. All problems of a file are raised together as a
DataError whose findings name file:line (or sheet!cell) and what to change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import DataError, Finding, Location
from ..project import Project, present
from . import formats
from .model import Kinds, Letters, Organisation, Plan, Report, TermPlan
from .sources import Source
from .sources import workbook
from .sources.yaml import read_yaml
from .validate import restyle, validate
from .yaml_out import same


# The record type of each data file of the stock kinds (templates/loai-van-ban.yaml may declare
# others: the Office passes the types of its kinds; this is for a caller that does not)
STOCK_MODELS = {"don-vi.yaml": Organisation, "ke-hoach.yaml": Plan, "thong-bao.yaml": Letters,
                "cong-van.yaml": Letters, "bao-cao.yaml": Report, "ke-hoach-nhiem-ky.yaml": TermPlan,
                "bao-cao-nhiem-ky.yaml": Report}


def load_organisation(project: Project, year: int | None = None,
                      models: dict | None = None) -> tuple[Organisation, Source]:
    """The organisation from data/don-vi.yaml; building for *year*, items kept only in that
    year's workbook (vanban excel) come from there (*models*: each data file's record type)."""
    file = project.data / "don-vi.yaml"
    data, src = read_yaml(file, project.show(file))
    if year is not None:
        data, src = with_workbook(project, file, data, src, year, models)
    return organisation_of(data, src)


def organisation_of(data: Any, src: Source) -> tuple[Organisation, Source]:
    """The organisation from its values (read from YAML, or from a workbook being imported)."""
    data = formats.strip(data)  # the format was read first (office.py); the records do not hold it
    style = data.get("kieu_dau", "moi") if isinstance(data, dict) else "moi"
    if style in ("moi", "cu"):
        data = restyle(data, style)
    return validate(Organisation, data, src), src


def load_year_file(project: Project, year: int, name: str, model: type[BaseModel], style: str):
    """A document's data from data/<year>/<name>, in the organisation's tone style."""
    return load_file(project, project.data / str(year) / name, model, style)


def load_file(project: Project, file: Path, model: type[BaseModel], style: str, models: dict | None = None):
    """A document's data from *file*, in the organisation's tone style; items the year's
    workbook holds (vanban excel) come from there."""
    data, src = read_yaml(file, project.show(file))
    data, src = with_workbook(project, file, data, src, None, models)
    return record_of(model, data, src, style)


def record_of(model: type[BaseModel], data: Any, src: Source, style: str):
    """A document's record from its values, in the organisation's tone style."""
    return validate(model, restyle(formats.strip(data), style), src), src


class MixedSource(Source):
    """A file's values from YAML and, for some items, from the year's workbook."""

    def __init__(self, yaml_src: Source, cells, items: set):
        super().__init__(yaml_src.file, dict(yaml_src.lines))
        self.cells, self.items = cells, items
        # the places of the items taken from the workbook are known (validate finds a value's key
        # by them); the places of the file's own items stay their lines
        self.lines.update({k: 1 for k in cells.cells if k and k[0] in items})

    def at(self, *path) -> Location:
        if path and path[0] in self.items:
            return self.cells.at(*path)
        return super().at(*path)


def with_workbook(project: Project, file: Path, data: Any, src: Source, year: int | None = None,
                  models: dict | None = None):
    """Merge the items of the year's workbook (data/<year>/du-lieu-<year>.xlsx) for *file*:
    an item in the workbook only is taken from it, with its cells as locations; an item in
    both that differs is refused, naming both places (an item lives in one source)."""
    if year is None:  # a year's file: the workbook of its folder
        if not file.parent.name.isdigit() or file.parent.parent != project.data:
            return data, src
        year, name = int(file.parent.name), f"{file.parent.name}/{file.name}"
    else:  # the organisation's file, for the year being built
        name = file.name
    found = workbook.items_of(project, year, name, models or STOCK_MODELS)
    if found is None:
        return data, src
    book, cells = found
    data = dict(data or {})
    taken, findings = set(), []
    for key, value in book.items():
        if key not in data:
            data[key] = value
            taken.add(key)
        elif not same(restyle(data[key], "moi"), restyle(value, "moi")):
            findings.append(Finding(src.at(key), f"mục «{key}» có ở cả tệp này và sổ {cells.file} "
                                    f"({cells.at(key).where}) nhưng khác nhau",
                                    f"giữ ở một nơi: sổ mới đúng thì chạy «vanban excel nhap {year}» (ghi sổ vào "
                                    f"YAML); tệp YAML mới đúng thì đổi tên sổ cũ rồi «vanban excel xuat {year}» để "
                                    "có sổ mới; hoặc xóa mục này khỏi tệp YAML để chỉ dùng sổ"))
    if findings:
        raise DataError(findings)
    return data, (MixedSource(src, cells, taken) if taken else src)


def data_file(project: Project, decl, year: int) -> tuple[Path, int]:
    """Where the data of a kind is for *year*, and the year of its folder. A kind of a whole
    term (pham_vi: nhiem_ky) is found in the folder of the latest year up to *year* that has it."""
    own = project.data / str(year) / decl.du_lieu
    if decl.pham_vi != "nhiem_ky" or present(own) or not project.data.is_dir():
        return own, year
    years = sorted((int(p.name) for p in project.data.iterdir() if p.is_dir() and p.name.isdigit()
                    and int(p.name) < year and present(p / decl.du_lieu)), reverse=True)
    return (project.data / str(years[0]) / decl.du_lieu, years[0]) if years else (own, year)


def load_kinds(project: Project):
    """The document kinds this office produces, declared in templates/loai-van-ban.yaml."""
    file = project.root / "templates" / "loai-van-ban.yaml"
    if not file.is_file() and not (project.data / "don-vi.yaml").is_file():
        raise DataError([Finding(Location(str(project.root)),
                                 "đây không phải thư mục làm việc của vanban (không có data/don-vi.yaml và "
                                 "templates/loai-van-ban.yaml)",
                                 "chạy lệnh trong thư mục làm việc, hoặc ghi «--thu-muc THƯ_MỤC»; đơn vị mới: "
                                 "chép một ví dụ trong examples/ (xem README, mục «Thiết lập một đơn vị mới»)")])
    data, src = read_yaml(file, project.show(file))
    return validate(Kinds, formats.strip(data), src).loai_van_ban
