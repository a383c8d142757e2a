"""Excel and Word: the year's workbook and the progress workbook, down and back up; the templates,
down, checked on the way up (with «mau sua» offered), and the variables a template may use.

What is sent up lands in a staging folder under a name vanban chooses; it is checked in a scratch
copy of the working folder exactly as the command line checks it, and only then put in place."""

from __future__ import annotations

import secrets
import zipfile
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from ...errors import Finding, Location, VanbanError
from ..common import attachment, current

pages = Blueprint("tep", __name__)

MAX_WORKBOOK = 10 * 1024 * 1024
MAX_TEMPLATE = 10 * 1024 * 1024
TOKEN_LENGTH = 16


def staged_upload(site, field: str, suffix: str, limit: int) -> tuple[Path | None, list[Finding]]:
    """The uploaded file of *field*, saved in the staging folder under a name of vanban's; a
    file of the wrong kind or too large is refused with what to do."""
    upload = request.files.get(field)
    if upload is None or not upload.filename:
        return None, [Finding(Location("tệp gửi lên"), "chưa chọn tệp", "bấm «Chọn tệp» rồi chọn tệp trên máy")]
    name = Path(upload.filename.replace("\\", "/")).name
    if not name.lower().endswith(suffix):
        return None, [Finding(Location(name), f"không phải tệp {suffix}", f"chọn một tệp {suffix}")]
    target = site.staging / f"{secrets.token_hex(TOKEN_LENGTH)}{suffix}"
    size = 0
    with open(target, "wb") as out:
        while chunk := upload.stream.read(64 * 1024):
            size += len(chunk)
            if size > limit:
                out.close()
                target.unlink(missing_ok=True)
                return None, [Finding(Location(name), f"tệp lớn quá {limit // (1024 * 1024)} MB",
                                      "kiểm tra lại tệp: mẫu và sổ của vanban chỉ vài trăm KB")]
            out.write(chunk)
    if not zipfile.is_zipfile(target):
        target.unlink(missing_ok=True)
        return None, [Finding(Location(name), f"tệp không đọc được như một tệp {suffix} (có thể hỏng hoặc là tệp "
                              "khác đổi đuôi)", f"lưu lại tệp bằng Word/Excel dạng {suffix}")]
    return target, []


def staged(site, token: str, suffix: str) -> Path:
    if len(token) != 2 * TOKEN_LENGTH or not all(c in "0123456789abcdef" for c in token):
        abort(404)
    path = site.staging / f"{token}{suffix}"
    if not path.is_file():
        abort(404)
    return path


# --------------------------------------------------------------------------
# Excel


@pages.get("/nam/<int:number>/excel")
def excel(number: int):
    site = current()
    if number not in site.office.years():
        abort(404)
    return _excel_problems(site, number, [])


@pages.post("/nam/<int:number>/excel/tao")
def excel_export(number: int):
    site = current()
    which = request.form.get("so")
    try:
        with site.lock:
            year = site.office.year(number)
            path = year.progress_workbook() if which == "tien-do" else year.workbook_export()
    except VanbanError as exc:
        return _excel_problems(site, number, list(exc.findings))
    flash(f"Đã ghi {site.project.show(path)}. Tải về, sửa trong Excel, lưu lại rồi gửi lên ở đây.", "ok")
    site.forget()
    return redirect(url_for("tep.excel", number=number))


def _excel_problems(site, number: int, problems: list[Finding], notes: list[Finding] = ()):
    with site.lock:
        year = site.office.year(number)
        book, progress = year.workbook_file("du-lieu"), year.workbook_file("tien-do")
    return render_template("excel.html", number=number, book=site.project.show(book), has_book=book.is_file(),
                           progress=site.project.show(progress), has_progress=progress.is_file(),
                           problems=problems, notes=list(notes)), 200


@pages.get("/nam/<int:number>/excel/tai/<which>")
def excel_download(number: int, which: str):
    site = current()
    if which not in ("du-lieu", "tien-do") or number not in site.office.years():
        abort(404)
    with site.lock:
        path = site.office.year(number).workbook_file(which)
    if not path.is_file():
        abort(404)
    return attachment(path)


@pages.post("/nam/<int:number>/excel/gui/<which>")
def excel_upload(number: int, which: str):
    """The edited workbook, checked in a scratch copy (`excel nhap` there, or the build's checks for
    the progress workbook); only when nothing is wrong does it replace the working folder's."""
    site = current()
    if which not in ("du-lieu", "tien-do") or number not in site.office.years():
        abort(404)
    upload, problems = staged_upload(site, "tep", ".xlsx", MAX_WORKBOOK)
    if upload is None:
        return _excel_problems(site, number, problems)
    project = site.project
    try:
        with site.lock:
            written, notes = site.office.year(number).receive_workbook(which, upload)
            site.forget()
    except VanbanError as exc:
        return _excel_problems(site, number, list(exc.findings))
    finally:
        upload.unlink(missing_ok=True)
    for path in written:
        flash(f"Đã ghi: {project.show(path)}", "ok")
    for f in notes[:20]:
        flash(f"Khi dựng sẽ báo: {f}", "nhac")
    return redirect(url_for("tep.excel", number=number))


# --------------------------------------------------------------------------
# Word templates


def _kinds_with(kind: str):
    """(the site, the office's kinds) when *kind* is one of them; a 404 otherwise."""
    site = current()
    with site.lock:
        kinds = site.office.kinds
    if kind not in kinds:
        abort(404)
    return site, kinds


def _template_rows(site) -> list[dict]:
    with site.lock:
        kinds = site.office.kinds
    out = []
    for name, decl in kinds.items():
        path = site.project.templates / decl.mau
        out.append({"kind": name, "ten": decl.ten, "mau": decl.mau, "has": path.is_file()})
    return out


@pages.get("/mau")
def templates():
    site = current()
    return render_template("mau.html", rows=_template_rows(site), result=None, years=site.office.years())


@pages.post("/mau/kiem-tra")
def templates_check():
    site = current()
    try:
        with site.lock:
            found, count = site.office.check_templates()
    except VanbanError as exc:
        found, count = list(exc.findings), 0
    return render_template("mau.html", rows=_template_rows(site), result={"found": found, "count": count},
                           years=site.office.years())


@pages.get("/mau/tai/<kind>")
def template_download(kind: str):
    site, kinds = _kinds_with(kind)
    path = site.project.templates / kinds[kind].mau
    if not path.is_file():
        abort(404)
    return attachment(path)


def _check_staged(site, kind: str, upload: Path, repair: bool = False) -> tuple[list[Finding], list[str]]:
    """(findings of `mau kiem-tra`, what `mau sua` did) for the staged template of *kind*."""
    with site.lock:
        return site.office.check_template_file(kind, upload, repair)


@pages.post("/mau/gui/<kind>")
def template_upload(kind: str):
    site, kinds = _kinds_with(kind)
    upload, problems = staged_upload(site, "tep", ".docx", MAX_TEMPLATE)
    if upload is None:
        return render_template("mau-gui.html", kind=kind, decl=kinds[kind], found=problems, token=None, done=[])
    try:
        found, _ = _check_staged(site, kind, upload)
    except VanbanError as exc:
        found = list(exc.findings)
    return render_template("mau-gui.html", kind=kind, decl=kinds[kind], found=found, token=upload.stem, done=[])


@pages.post("/mau/sua/<kind>/<token>")
def template_repair(kind: str, token: str):
    site, kinds = _kinds_with(kind)
    upload = staged(site, token, ".docx")
    try:
        found, done = _check_staged(site, kind, upload, repair=True)
    except VanbanError as exc:
        found, done = list(exc.findings), []
    return render_template("mau-gui.html", kind=kind, decl=kinds[kind], found=found, token=token, done=done or
                           ["Không có gì «mau sua» sửa được."])


@pages.post("/mau/dung/<kind>/<token>")
def template_use(kind: str, token: str):
    """Put the checked template in place; the one it replaces is kept beside it (as «mau sua» keeps one)."""
    site, kinds = _kinds_with(kind)
    upload = staged(site, token, ".docx")
    try:
        with site.lock:
            site.office.use_template(kind, upload)
            site.forget()
    except VanbanError as exc:
        return render_template("mau-gui.html", kind=kind, decl=kinds[kind], found=list(exc.findings), token=token,
                               done=[])
    target = site.project.templates / kinds[kind].mau
    upload.unlink(missing_ok=True)
    flash(f"Đã thay mẫu {site.project.show(target)} (bản cũ giữ bên cạnh, đuôi .bak.docx).", "ok")
    return redirect(url_for("tep.templates"))


@pages.get("/mau/bien/<kind>")
def template_variables(kind: str):
    site = current()
    with site.lock:
        kinds = site.office.kinds
        if kind not in kinds:
            abort(404)
        years = site.office.years()
        chosen = request.args.get("nam", type=int)
        if chosen not in years:
            chosen = None
        try:
            rows, filters = site.office.template_variables(kind, chosen)
            problems = []
        except VanbanError as exc:
            rows, filters, problems = [], [], list(exc.findings)
    return render_template("mau-bien.html", kind=kind, decl=kinds[kind], rows=rows, filters=filters,
                           problems=problems, years=years, chosen=chosen)
