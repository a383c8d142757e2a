"""The checker: any DOCX (and its PDF) sent up, its thể thức and its pages checked as
«vanban kiem-tra» checks them."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from flask import Blueprint, render_template, request

from ...errors import Finding, Location, VanbanError
from ...office import document_reports, page_reports
from ..common import current
from .files import staged_upload

pages = Blueprint("kiem_tra", __name__)

MAX_DOCUMENT = 10 * 1024 * 1024
RULE_SETS = [("", "Tự nhận biết"), ("dang", "Văn bản của Đảng (HD 36)"), ("nha-nuoc", "Văn bản Nhà nước (NĐ 30)")]


@pages.route("/kiem-tra", methods=["GET", "POST"])
def checker():
    site = current()
    if request.method == "GET":
        return render_template("kiem-tra.html", reports=None, pages_=None, problems=[], others=[],
                               rule_sets=RULE_SETS, rule="")
    rule = request.form.get("quy_tac", "")
    if rule not in dict(RULE_SETS):
        rule = ""
    upload, problems = staged_upload(site, "tep", ".docx", MAX_DOCUMENT)
    if upload is None:
        return render_template("kiem-tra.html", reports=None, pages_=None, problems=problems, others=[],
                               rule_sets=RULE_SETS, rule=rule)
    name = Path((request.files["tep"].filename or "van-ban.docx").replace("\\", "/")).name
    reports, others, page_list = [], [], None
    try:
        with tempfile.TemporaryDirectory(prefix="vanban-kiem-tra-") as tmp:
            path = Path(tmp) / "van-ban.docx"
            shutil.move(str(upload), path)
            reports, others, problems = document_reports([path], [name], rule or None)
            pdf = request.files.get("pdf")
            target, shown = path, name
            if reports and pdf is not None and pdf.filename:
                staged_pdf, pdf_problems = _staged_pdf(site)
                problems += pdf_problems
                if staged_pdf is not None:
                    target, shown = Path(tmp) / "van-ban.pdf", Path(pdf.filename.replace("\\", "/")).name
                    shutil.move(str(staged_pdf), target)
            if reports and (target != path or request.form.get("trang") == "1"):
                used = rule or str(reports[0].get("quy_tac") or "").replace("_", "-") or None
                page_list = page_reports([target], [shown], used)
    except VanbanError as exc:
        problems = list(exc.findings)
    finally:
        upload.unlink(missing_ok=True)
    return render_template("kiem-tra.html", reports=reports, pages_=page_list, problems=problems, others=others,
                           rule_sets=RULE_SETS, rule=rule)


def _staged_pdf(site):
    pdf = request.files.get("pdf")
    name = Path((pdf.filename or "").replace("\\", "/")).name
    if not name.lower().endswith(".pdf"):
        return None, [Finding(Location(name), "không phải tệp .pdf", "chọn tệp PDF của chính văn bản này")]
    data = pdf.stream.read(MAX_DOCUMENT + 1)
    if len(data) > MAX_DOCUMENT or not data.startswith(b"%PDF"):
        return None, [Finding(Location(name), "tệp PDF quá lớn hoặc không đọc được", "chọn tệp PDF của văn bản")]
    target = site.staging / "kiem-tra.pdf"
    target.write_bytes(data)
    return target, []
