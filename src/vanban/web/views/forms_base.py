"""How every data form works: show the file's values; on «Thêm dòng» show one more row; on
«Lưu» check the new values by the build's rules (Office.check_changes) and write them, comments
kept (Office.save_changes), only when nothing is wrong; else show every finding beside its field."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from flask import flash, redirect, render_template, request

from ...errors import Finding, VanbanError
from .. import forms
from ..common import current


@dataclass
class FormPage:
    template: str
    file: str                                 # under data/
    managed: tuple[str, ...]                  # the top-level items the form edits
    values: Callable[[dict, dict], dict]      # (plain, options) → what the template shows (rows are lists)
    parse: Callable[[dict, dict, dict], dict]  # (posted tree, plain, options) → changes
    translate: Callable[[tuple, dict], tuple] = lambda path, new: path  # a finding's key path → the form's
    known: Callable[[dict], set] = lambda values: set()
    title: str = ""
    extra: dict = field(default_factory=dict)


def year_for_checks(site) -> int:
    years = site.office.years()
    return years[-1] if years else dt.date.today().year


def read_plain(site, name: str) -> tuple[dict, list[Finding]]:
    """A data file's plain values (as the build reads them), read again only when it changed."""
    file = site.project.data / name
    try:
        st = file.stat()
    except OSError:
        return {}, []
    mark = (st.st_size, st.st_mtime_ns)
    cached = site.plain_cache.get(file)
    if cached and cached[0] == mark:
        return copy.deepcopy(cached[1]), list(cached[2])
    data, found = site.office.data_values(name)
    site.plain_cache[file] = (mark, data, found)
    return copy.deepcopy(data), list(found)


def known_fields(values, prefix: str = "") -> set[str]:
    """Every field name a values tree shows (its key paths, dotted)."""
    out = set()
    if isinstance(values, dict):
        for k, v in values.items():
            name = f"{prefix}{k}"
            out.add(name)
            out |= known_fields(v, name + ".")
    elif isinstance(values, list):
        for i, v in enumerate(values):
            name = f"{prefix}{i}"
            out.add(name)
            out |= known_fields(v, name + ".")
    return out


def handle(page: FormPage, number: int, options: dict, back: str):
    """GET shows, POST adds a row or checks and saves."""
    site = current()
    with site.lock:
        plain, unreadable = read_plain(site, page.file)
        in_book = site.office.workbook_keys(number, page.file) if number else set()
    shown = site.project.show(site.project.data / page.file)
    if unreadable:
        return render_template("bieu-mau-loi.html", findings=unreadable, file=shown, title=page.title)
    managed = tuple(k for k in page.managed if k not in in_book)
    errors: dict[str, list[Finding]] = {}
    general: list[Finding] = []
    missing: list[Finding] = []
    adding = None
    if request.method == "POST":
        tree = forms.unflatten(request.form)
        changes = {k: v for k, v in page.parse(tree, plain, options).items() if k in managed}
        new = dict(plain)
        for k, v in changes.items():
            if v is None:
                new.pop(k, None)
            else:
                new[k] = v
        adding = request.form.get("them")
        if adding is None:
            try:
                with site.lock:
                    checked = site.office.check_changes(number, {page.file: changes})
                    if checked.ok:
                        site.office.save_changes(number, {page.file: changes})
                        site.forget()
            except VanbanError as exc:
                general = list(exc.findings)
            else:
                if checked.ok:
                    flash(f"Đã lưu {shown}.", "ok")
                    for f in checked.missing:
                        flash(f"Còn thiếu trước khi phát hành: {_said(f)}", "nhac")
                    return redirect(back)
                values = page.values(new, options)
                known = known_fields(values) | page.known(values)
                for f, path in checked.problems:
                    name = forms.place(page.translate(path, new) if path else None, known) \
                        if f.location.file == shown else None
                    if name:
                        errors.setdefault(name, []).append(f)
                    else:
                        general.append(f)
                missing = checked.missing
        plain = new
    values = page.values(plain, options)
    if adding:
        values.setdefault("_them", adding)
    return render_template(page.template, v=values, errors=errors, general=general, missing=missing,
                           file=shown, in_book=sorted(in_book), number=number, o=options, title=page.title,
                           posted=request.method == "POST", **page.extra)


def _said(f: Finding) -> str:
    return f"{f.location.file}: {f.message}" + (f" → {f.hint}" if f.hint else "")
