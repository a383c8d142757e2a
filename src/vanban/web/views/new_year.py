"""A new year, guided: what `vanban nam-moi` copies and clears, then what to look at, each with
the page to do it on. (A new office, `vanban khoi-tao`, has its own page: new_office.py.)"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request

from ...errors import VanbanError
from ..common import current

pages = Blueprint("nam_moi", __name__)


@pages.route("/nam-moi", methods=["GET", "POST"])
def new_year():
    site = current()
    with site.lock:
        years = site.office.years()
    proposed = (years[-1] + 1) if years else dt.date.today().year
    if request.method == "GET":
        return render_template("nam-moi.html", proposed=proposed, result=None, problems=[], number=None)
    number = request.form.get("nam", type=int)
    if number is None or not 1900 <= number <= 2200:
        return render_template("nam-moi.html", proposed=proposed, result=None, number=None,
                               problems=["Năm phải là một số từ 1900 đến 2200."])
    try:
        with site.lock:
            result = site.office.new_year(number)
            site.forget()
    except VanbanError as exc:
        return render_template("nam-moi.html", proposed=proposed, result=None, number=number,
                               problems=[str(f) for f in exc.findings])
    created = [site.project.show(p) for p in result.created]
    return render_template("nam-moi.html", proposed=proposed, result=result, created=created, problems=[],
                           number=number)
