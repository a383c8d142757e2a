"""The year at a glance: every document with its state, number and date; build, look, download, issue."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for

from ...errors import VanbanError
from ...office import State
from ..common import DOCX, attachment, current

pages = Blueprint("nam", __name__)



@pages.get("/")
def home():
    site = current()
    if not (site.project.data / "don-vi.yaml").is_file():
        return render_template("chua-co-don-vi.html", folder=str(site.folder))
    years = site.office.years()
    asked = request.args.get("chon", type=int)
    if asked in years:
        return redirect(url_for("nam.year_page", number=asked))
    if years:
        today = dt.date.today().year
        chosen = today if today in years else years[-1]
        return redirect(url_for("nam.year_page", number=chosen))
    return redirect(url_for("bieu_mau.organisation"))


def _kinds(site) -> dict:
    with site.lock:
        return site.office.kinds


def _rows(site, number: int) -> tuple[list[dict], list]:
    """The year's documents grouped by kind, in the order the kinds are declared."""
    states = site.status(number)
    kinds = _kinds(site)
    groups: dict[str, dict] = {}
    for s in states:
        group = groups.setdefault(s.kind, {"kind": s.kind, "name": kinds[s.kind].ten if s.kind in kinds else s.kind,
                                           "rows": [], "counts": {}})
        group["rows"].append(s)
        group["counts"][s.state] = group["counts"].get(s.state, 0) + 1
    books = [{"kind": name, "name": decl.ten} for name, decl in kinds.items() if decl.tong_hop]
    return list(groups.values()), books


@pages.get("/nam/<int:number>")
def year_page(number: int):
    site = current()
    if number not in site.office.years():
        return render_template("nam-trong.html", number=number), 404
    problems = []
    try:
        groups, books = _rows(site, number)
    except VanbanError as exc:
        groups, books, problems = [], [], list(exc.findings)
    totals: dict[str, int] = {}
    for group in groups:
        for state, n in group["counts"].items():
            totals[state] = totals.get(state, 0) + n
    return render_template("nam.html", number=number, groups=groups, books=books, problems=problems,
                           totals=totals, labels=State.LABELS, org=site.org_name(), files=_built_files(site, number))


def _built_files(site, number: int) -> list[str]:
    """The delivery book's files the build wrote into output/<year>/."""
    folder = site.project.output / str(number)
    return sorted(p.name for p in folder.glob("so-chuyen-giao*") if p.suffix in (".docx", ".xlsx")) \
        if folder.is_dir() else []


# -- build


@pages.post("/nam/<int:number>/dung")
def build(number: int):
    site = current()
    kind = request.form.get("loai", "")
    draft = request.form.get("du_thao") == "1"
    if kind not in _kinds(site):
        abort(404)

    def work(job):
        office = site.fresh_office()
        result = office.year(number).build(kind, draft=draft, progress=job.progress)
        project = office.project
        for warning in result.warnings:
            job.say(f"Cảnh báo: {warning}")
        for path in result.written:
            job.files.append((project.show(path), path))
        unnumbered = sum(not d.numbered for d in result.documents)
        if unnumbered and not draft:
            job.say(f"Chưa có số: {unnumbered} văn bản được ghi như bản dự thảo (số để trống). Số do «Phát hành» "
                    "cấp theo sổ đăng ký.")
        job.say(f"Đã dựng {len(result.documents)} văn bản, ghi {len(result.written)} tệp.")

    name = _kinds(site)[kind].ten
    job = site.jobs.start(f"{'Dựng dự thảo' if draft else 'Dựng'}: {name} năm {number}",
                          url_for("nam.year_page", number=number), work)
    return redirect(url_for("viec.job_page", job_id=job.id))


# -- one document: look at its first page, download it


def _key() -> str:
    key = request.args.get("van_ban", "")
    if not key or len(key) > 200:
        abort(404)
    return key


def _draft() -> bool:
    return request.args.get("du_thao") == "1"


@pages.get("/nam/<int:number>/xem")
def preview(number: int):
    site = current()
    key, draft = _key(), _draft()
    picture = _cached_preview(site, number, key, draft)
    if isinstance(picture, list):
        return render_template("xem.html", number=number, key=key, draft=draft, problems=picture, preview=None)
    if picture is not None:
        return render_template("xem.html", number=number, key=key, draft=draft, problems=[], preview=picture)

    shown = url_for("nam.preview", number=number, van_ban=key, du_thao="1" if draft else "0")

    def work(job):  # in the jobs' thread: no request there, the addresses are made before
        office = site.fresh_office()
        job.say("Đang chuyển văn bản sang PDF bằng LibreOffice và vẽ trang đầu…")
        office.year(number).preview(key, draft, site.cache)
        job.next = shown

    job = site.jobs.start(f"Xem trang: {key}", url_for("nam.year_page", number=number), work)
    return redirect(url_for("viec.job_page", job_id=job.id))


def _cached_preview(site, number: int, key: str, draft: bool):
    """The preview when it is in the cache; None when it must be made; findings when it cannot be."""
    with site.lock:
        year = site.office.year(number)
        try:
            shown = year.cached_preview(key, draft, site.cache)
            if shown is None:
                return None
            doc, _ = year.document(key, draft)
        except VanbanError as exc:
            return list(exc.findings)
    return {"pages": shown.pages, "image": shown.fingerprint, "name": doc.output_name,
            "subject": doc.issue.subject, "symbol": doc.issue.symbol, "addressee": doc.addressee}


@pages.get("/nam/<int:number>/anh/<name>.png")
def picture(number: int, name: str):
    site = current()
    if not name.isalnum() or len(name) > 64:
        abort(404)
    path = site.cache / f"{name}.png"
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="image/png", max_age=0)


@pages.get("/nam/<int:number>/tai")
def download(number: int):
    """A document by its key: the issued file from the archive, else the file the build wrote,
    else made now (DOCX) or converted (PDF)."""
    site = current()
    key, draft = _key(), _draft()
    form = request.args.get("dang", "docx")
    if form not in ("docx", "pdf"):
        abort(404)
    with site.lock:
        year = site.office.year(number)
        entry = None if draft else year.office.register().active(f"{number}/{key}")
        if entry is not None:
            name = entry.tep if form == "docx" else str(Path(entry.tep).with_suffix(".pdf"))
            path = year.archive_file(name)
            if path is not None:
                return attachment(path, name)
        if form == "docx":
            try:
                name, data = year.docx(key, draft)
            except VanbanError as exc:
                return render_template("xem.html", number=number, key=key, draft=draft,
                                       problems=list(exc.findings), preview=None), 409
            return send_file(io.BytesIO(data), as_attachment=True, download_name=name, mimetype=DOCX)

    def work(job):
        office = site.fresh_office()
        job.say("Đang chuyển văn bản sang PDF bằng LibreOffice…")
        name, path = office.year(number).pdf(key, draft, site.cache)
        job.files.append((name, path))

    job = site.jobs.start(f"Tạo PDF: {key}", url_for("nam.year_page", number=number), work)
    return redirect(url_for("viec.job_page", job_id=job.id))


@pages.get("/nam/<int:number>/so/<name>")
def built_file(number: int, name: str):
    """A file the build wrote into output/<year>/ (the delivery book, its workbook)."""
    site = current()
    with site.lock:
        path = site.office.year(number).output_file(name)
    if path is None:
        abort(404)
    return attachment(path, name)


# -- issue


def _choices(site, number: int) -> list[tuple[str, str]]:
    with site.lock:
        try:
            parts = site.office.year(number).parts()
        except VanbanError:
            return []
    kinds = _kinds(site)
    out = [("", "Mọi văn bản đã sẵn sàng của năm")]
    for name, options, label in parts:
        if options is None:
            continue
        title = kinds[name].ten
        if options.get("period"):
            out.append((f"{name}|{options['period']}", f"{title} — kỳ {options['period']}"))
        elif not any(v == name for v, _ in out):
            out.append((name, title))
    return out


@pages.get("/nam/<int:number>/phat-hanh")
def issue_page(number: int):
    site = current()
    try:
        states = site.status(number)
    except VanbanError as exc:
        states, problems = [], list(exc.findings)
    else:
        problems = []
    ready = [s for s in states if s.state == "san_sang"]
    waiting = [s for s in states if s.state in ("chua_du_du_lieu", "du_thao")]
    issued = [s for s in states if s.state == "da_phat_hanh"]
    changed = [s for s in states if s.state == "da_doi"]
    return render_template("phat-hanh.html", number=number, ready=ready, waiting=waiting, issued=issued,
                           changed=changed, problems=problems, choices=_choices(site, number))


@pages.post("/nam/<int:number>/phat-hanh")
def issue(number: int):
    site = current()
    if request.form.get("dong_y") != "1":
        return redirect(url_for("nam.issue_page", number=number))
    chosen = request.form.get("chi", "")
    if chosen not in {v for v, _ in _choices(site, number)}:
        abort(404)
    kind, _, period = chosen.partition("|")
    pdf = request.form.get("pdf", "1") == "1"
    archive = url_for("luu_tru.archive_page", number=number)

    def work(job):  # in the jobs' thread: no request there, the addresses are made before
        office = site.fresh_office()
        result = office.year(number).issue(kind or None, period or None, pdf=pdf, progress=job.progress,
                                           notify=job.say)
        project = office.project
        for note in result.notes:
            job.say(note)
        for doc in result.issued:
            job.say(f"Đã phát hành: {doc.issue.symbol} — {doc.output_name}")
        for old in result.replaced:
            job.say(f"Đã thay thế: {old}")
        for warning in result.warnings:
            job.say(f"Cảnh báo: {warning}")
        if not result.issued and not result.pdfs:
            job.say(f"Không có gì thay đổi: {len(result.unchanged)} văn bản đã phát hành, dữ liệu không đổi.")
        else:
            job.say(f"Lưu trữ: {project.show(result.folder)}")
        for waiting in result.waiting:
            job.sections.append((f"Chưa phát hành — {waiting.label}", list(waiting.findings)))
        job.next = archive if result.issued else ""
        site.forget()

    job = site.jobs.start(f"Phát hành văn bản năm {number}", url_for("nam.year_page", number=number), work)
    return redirect(url_for("viec.job_page", job_id=job.id))


# -- jobs

jobs_pages = Blueprint("viec", __name__)


@jobs_pages.get("/viec/<job_id>")
def job_page(job_id: str):
    site = current()
    job = site.jobs.get(job_id)
    if job is None:
        abort(404)
    if job.state == "xong" and job.next and not job.sections:
        return redirect(job.next)
    return render_template("viec.html", job=job)


@jobs_pages.get("/viec/<job_id>/tep/<int:index>")
def job_file(job_id: str, index: int):
    site = current()
    job = site.jobs.get(job_id)
    if job is None or not 0 <= index < len(job.files):
        abort(404)
    label, path = job.files[index]
    if not path.is_file():
        abort(404)
    name = Path(label).name
    return attachment(path, name)
