"""Progress per period: a table of units × stages (data/<năm>/tien-do.yaml), or the word that the
year's progress is kept in its Excel workbook (tien-do.xlsx) and is entered there."""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template, request, url_for

from .. import forms as f
from ..common import current
from .data_forms import PERIODS, _choices, _rows_of
from .forms_base import FormPage, handle, read_plain

pages = Blueprint("tien_do", __name__)

_PERIOD = re.compile(r"^(quy-1|6-thang|9-thang|nam|ngay-[0-9]{4}-[0-9]{2}-[0-9]{2})$")
PERIOD_NAMES = {"quy-1": "Quý I", "6-thang": "6 tháng đầu năm", "9-thang": "9 tháng đầu năm", "nam": "Cả năm"}


@pages.route("/nam/<int:number>/tien-do", methods=["GET", "POST"])
def progress(number: int):
    site = current()
    if number not in site.office.years():
        abort(404)
    period = request.values.get("ky") or "6-thang"
    if not _PERIOD.match(period):
        abort(404)
    with site.lock:
        book = site.office.year(number).workbook_file("tien-do")
    org, _ = read_plain(site, "don-vi.yaml")
    units = _choices(site)["units"]  # (id, the unit's name as documents print it)
    stages = [(s.get("id"), s.get("ten_ngan") or s.get("ten") or s.get("id")) for s in _rows_of(org, "giai_doan")]
    if book.exists():
        return render_template("tien-do-excel.html", number=number, book=site.project.show(book))
    current_data, _ = read_plain(site, f"{number}/tien-do.yaml")
    entered = sorted(k for k in current_data if _PERIOD.match(str(k)))

    def values(plain: dict, options: dict) -> dict:
        rows = plain.get(period) if isinstance(plain.get(period), dict) else {}
        table = []
        for uid, name in units + [(u, u) for u in rows if u not in dict(units)]:
            counts = rows.get(uid) if isinstance(rows.get(uid), dict) else {}
            table.append({"id": uid, "ten": name, "so": {s: f.show(counts.get(s)) for s, _ in stages},
                          "ghi_chu": f.show(counts.get("ghi_chu"))})
        return {"bang": table}

    def parse(tree: dict, plain: dict, options: dict) -> dict:
        posted = tree.get("tien_do") or {}
        rows = {}
        for uid, _ in units + [(u, u) for u in (plain.get(period) or {}) if u not in dict(units)]:
            cells = posted.get(uid) if isinstance(posted.get(uid), dict) else {}
            row = {s: f.number(cells.get(s)) for s, _ in stages}
            note = f.text(cells.get("ghi_chu"))
            if all(v is None for v in row.values()) and note is None:
                continue
            rows[uid] = {k: v for k, v in row.items() if v is not None}
            if note:
                rows[uid]["ghi_chu"] = note
        return {period: rows or None}  # a new file gets its format number from the Office

    def translate(path: tuple, new: dict) -> tuple:
        return ("tien_do", *path[1:]) if path and path[0] == period else path

    def known(values: dict) -> set:
        names = set()
        for row in values["bang"]:
            names.add(f"tien_do.{row['id']}")
            names |= {f"tien_do.{row['id']}.{s}" for s, _ in stages}
        return names

    page = FormPage("tien-do.html", f"{number}/tien-do.yaml", (period,), values, parse, translate,
                    known, title=f"Tiến độ năm {number}",
                    extra={"period": period, "stages": stages, "periods": PERIODS, "period_names": PERIOD_NAMES,
                           "entered": entered})
    return handle(page, number, {}, url_for("tien_do.progress", number=number, ky=period))
