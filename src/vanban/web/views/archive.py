"""The archive of a year: the issued documents with their numbers, the register, «Kiểm tra lưu trữ»,
the delivery book and the outgoing register to download."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, render_template

from ...errors import VanbanError
from ..common import attachment, current

pages = Blueprint("luu_tru", __name__)


def _page(site, number: int, check=None, problems=()):
    with site.lock:
        year = site.office.year(number)
        try:
            entries = year.archive()
            names = year.archive_names()
        except VanbanError as exc:
            entries, names, problems = [], [], [*problems, *exc.findings]
    pdfs = {n for n in names if n.endswith(".pdf")}
    rows = [{"entry": e, "docx": e.tep in names, "pdf": str(Path(e.tep).with_suffix(".pdf")) in pdfs} for e in entries]
    registers = [n for n in names if n.startswith("so-dang-ky-van-ban-di-")]
    folder = site.project.output / str(number)
    books = sorted(p.name for p in folder.glob("so-chuyen-giao*") if p.suffix in (".docx", ".xlsx")) \
        if folder.is_dir() else []
    return render_template("luu-tru.html", number=number, rows=rows, registers=registers, books=books,
                           check=check, problems=list(problems),
                           register_file=site.project.show(site.project.data / "so-van-ban-di.csv"))


@pages.get("/nam/<int:number>/luu-tru")
def archive_page(number: int):
    site = current()
    if number not in site.office.years():
        abort(404)
    return _page(site, number)


@pages.post("/nam/<int:number>/luu-tru/kiem-tra")
def verify(number: int):
    site = current()
    try:
        with site.lock:
            check = site.office.year(number).verify()
    except VanbanError as exc:
        return _page(site, number, problems=exc.findings)
    return _page(site, number, check=check)


@pages.get("/nam/<int:number>/luu-tru/tai/<name>")
def archive_file(number: int, name: str):
    site = current()
    with site.lock:
        path = site.office.year(number).archive_file(name)
    if path is None:
        abort(404)
    return attachment(path, name)
