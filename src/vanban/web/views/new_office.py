"""A new office, guided: `vanban khoi-tao` as a form. The page serves one folder; a folder that is
not yet a working folder (empty, or not made yet) becomes the new office's, from the example the
clerk chooses, with the answers `khoi-tao` asks for. Then: the organisation and the year's plan
in the page's forms (or in the workbook khoi-tao writes), a draft, a look.

The Office's call (`Office.create`) comes with `vanban khoi-tao`; a vanban without it says so and
where to start instead."""

from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ... import office as api
from ...errors import Finding, Location, VanbanError
from .. import forms as f
from ..common import current

pages = Blueprint("khoi_tao", __name__)

EXAMPLE_NAMES = {"dang-uy-xa": "Đảng ủy xã (văn bản của Đảng)", "ubnd-xa": "UBND xã (văn bản Nhà nước)",
                 "huyen-uy": "Huyện ủy (văn bản của Đảng)"}
RULES = [("", "Như ví dụ"), ("dang", "Văn bản của Đảng (HD 36-HD/VPTW)"), ("nha_nuoc", "Văn bản Nhà nước (NĐ 30/2020)")]
FIELDS = ("mau", "nam", "co_quan", "viet_tat", "dia_danh", "cap_tren", "quy_tac", "nhiem_ky", "bat_dau", "so_da_dung")
_NUMBER = re.compile(r"^([A-Za-zĐđ]{1,6})\s*=\s*([0-9]{1,7})$")


def available() -> bool:
    """This vanban can make a new working folder (`vanban khoi-tao`)."""
    return hasattr(api.Office, "create") and hasattr(api, "Answers")


def _examples() -> list[tuple[str, str]]:
    return [(name, EXAMPLE_NAMES.get(name, name)) for name in getattr(api, "EXAMPLES", ())]


def _numbers(text: str | None, errors: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in re.split(r"[;,\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        m = _NUMBER.match(part)
        if not m:
            errors.setdefault("so_da_dung", []).append(
                Finding(Location("so_da_dung"), f"«{part}» không đúng dạng KÝ_HIỆU=SỐ", "ví dụ: KH=27, TB=11"))
            continue
        out[m.group(1).upper()] = int(m.group(2))
    return out


def _place(finding: Finding) -> str | None:
    """The field a finding of `khoi-tao` is about: the option its hint names (--co-quan → co_quan)."""
    for text in (finding.hint or "", str(finding.location)):
        m = re.search(r"--([a-z][a-z-]*)", text)
        if m and m.group(1).replace("-", "_") in FIELDS:
            return m.group(1).replace("-", "_")
    return None


@pages.route("/khoi-tao", methods=["GET", "POST"])
def new_office():
    site = current()
    if (site.project.data / "don-vi.yaml").is_file():
        return redirect(url_for("nam.home"))
    today = dt.date.today().year
    values = {"mau": "dang-uy-xa", "nam": str(today), "quy_tac": ""}
    errors: dict[str, list[Finding]] = {}
    general: list[Finding] = []
    if not available():
        return render_template("khoi-tao.html", available=False, folder=str(site.folder), v=values, errors={},
                               general=[], examples=[], rules=RULES, posted=False)
    if request.method == "POST":
        values = {name: f.text(request.form.get(name)) or "" for name in FIELDS}
        example = values["mau"]
        if example not in dict(_examples()):
            errors["mau"] = [Finding(Location("mau"), "chưa chọn ví dụ", "chọn ví dụ gần giống đơn vị mình")]
        year = f.number(values["nam"])
        if not isinstance(year, int) or not 1900 <= year <= 2200:
            errors["nam"] = [Finding(Location("nam"), f"«{values['nam']}» không phải một năm", "ví dụ: 2026")]
        start = f.date(values["bat_dau"]) if values["bat_dau"] else None
        if start is not None and not isinstance(start, dt.date):
            errors["bat_dau"] = [Finding(Location("bat_dau"), f"«{values['bat_dau']}» không phải một ngày",
                                         "gõ dạng 15/10/2025")]
        numbers = _numbers(values["so_da_dung"], errors)
        rule = values["quy_tac"] if values["quy_tac"] in dict(RULES) else ""
        if not errors:
            answers = api.Answers(
                co_quan=values["co_quan"], dia_danh=values["dia_danh"],
                cap_tren=[p.strip() for p in values["cap_tren"].split(";") if p.strip()],
                quy_tac=rule or None, nhiem_ky=values["nhiem_ky"] or None, bat_dau=start,
                viet_tat=values["viet_tat"] or None, so_da_dung=numbers)
            try:
                with site.lock:
                    created = api.Office.create(site.folder, example, answers, year)
                    site.forget()
            except VanbanError as exc:
                for finding in exc.findings:
                    name = _place(finding)
                    if name:
                        errors.setdefault(name, []).append(finding)
                    else:
                        general.append(finding)
            else:
                flash(f"Đã tạo thư mục làm việc từ ví dụ «{created.example}», dữ liệu năm {created.year}. "
                      "Sửa các đơn vị, người ký, nơi nhận ở đây (hoặc trong sổ Excel của năm), rồi chỉ tiêu ở trang "
                      "Kế hoạch.", "ok")
                return redirect(url_for("bieu_mau.organisation"))
    return render_template("khoi-tao.html", available=True, folder=str(site.folder), v=values, errors=errors,
                           general=general, examples=_examples(), rules=RULES, posted=request.method == "POST")
