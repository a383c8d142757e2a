"""The files of a year a clerk may download, found by name among those vanban wrote: the
issued documents, their PDFs and the outgoing register in the archive (luu-vt), the documents
built into output/<year>/. A name is never a path: anything else is not found."""

from __future__ import annotations

from pathlib import Path

from ..issuing.archive import archive_folder, plain_name


def archive_entries(year) -> list:
    """The register's rows of the year, in the order they were issued (replaced ones too)."""
    return year.office.register().of_year(year.number)


def archive_names(year) -> list[str]:
    """The files of the year's archive: each issued DOCX and its PDF, the outgoing register."""
    folder = archive_folder(year.project, year.number)
    if not folder.is_dir():
        return []
    names = []
    for entry in archive_entries(year):
        for name in (entry.tep, str(Path(entry.tep).with_suffix(".pdf"))):
            if name not in names and (folder / name).is_file():
                names.append(name)
    names += sorted(p.name for p in folder.glob("so-dang-ky-van-ban-di-*.xlsx") if p.is_file())
    return names


def archive_file(year, name: str) -> Path | None:
    if not plain_name(name) or name not in archive_names(year):
        return None
    return archive_folder(year.project, year.number) / name


def output_file(year, name: str) -> Path | None:
    """A file `vanban build` wrote into output/<year>/ (a plain name of a .docx or .xlsx there)."""
    if not plain_name(name) or Path(name).suffix not in (".docx", ".xlsx"):
        return None
    path = year.project.output / str(year.number) / name
    return path if path.is_file() and not path.is_symlink() else None
