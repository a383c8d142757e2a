"""The data in forms: the organisation (don-vi.yaml), the year's plan, letters and reports."""

from __future__ import annotations

import re

from flask import Blueprint, abort, url_for

from .. import forms as f
from ..common import current
from .forms_base import FormPage, handle, read_plain, year_for_checks

pages = Blueprint("bieu_mau", __name__)

SIGNING = [("", "(không ghi)"), ("tm", "T/M"), ("kt", "K/T"), ("tl", "T/L"), ("tuq", "TUQ.")]
PERIODS = ["quy-1", "6-thang", "9-thang", "nam"]


def _rows_of(plain: dict, key: str) -> list[dict]:
    value = plain.get(key) or []
    return [dict(r) for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def _dict_rows(plain: dict, key: str) -> list[dict]:
    """A group of records by id as rows, the id in the row."""
    value = plain.get(key) or {}
    if not isinstance(value, dict):
        return []
    return [{"id": k, **(v if isinstance(v, dict) else {})} for k, v in value.items()]


def _parse_rows(tree: dict, key: str, old: list, fields: dict, match: str | None = "id") -> list[dict]:
    """The posted rows of table *key*: each starts from the row it was (matched by *match*, or by
    place), so what the form does not show is kept; an empty row is left out."""
    out = []
    by_key = {r.get(match): r for r in old if isinstance(r, dict)} if match else {}
    for i, posted in enumerate(f.rows(tree, key)):
        values = {name: convert(posted.get(name)) for name, convert in fields.items()}
        if all(v in (None, [], False) for v in values.values()):
            continue
        if match:
            base = dict(by_key.get(values.get(match)) or {})
        else:
            base = dict(old[i]) if i < len(old) and isinstance(old[i], dict) else {}
        for name, value in values.items():
            if "." in name:
                outer, inner = name.split(".", 1)
                group = dict(base.get(outer) or {})
                f.put(group, inner, value)
                f.put(base, outer, group or None)
            elif value is False:
                base.pop(name, None)
            else:
                f.put(base, name, value)
        out.append(base)
    return out


def _as_dict(rows: list[dict]) -> dict:
    return {r.pop("id"): r for r in (dict(x) for x in rows) if r.get("id")}


def _dict_translate(path: tuple, new: dict, keys: tuple[str, ...]) -> tuple:
    """('loai_don_vi', 'ap', 'ten') → ('loai_don_vi', 0, 'ten'): a group by id is shown as rows."""
    if len(path) >= 2 and path[0] in keys and isinstance(new.get(path[0]), dict):
        names = list(new[path[0]])
        if path[1] in names:
            return (path[0], names.index(path[1]), *path[2:])
    return path


# --------------------------------------------------------------------------
# The organisation (data/don-vi.yaml)

ORG_MANAGED = ("quy_tac", "co_quan", "dia_danh", "cap_tren", "nhiem_ky", "nguoi_ky", "loai_don_vi", "don_vi",
               "so_da_dung", "loai_chi_tieu", "noi_nhan")
ORG_DICTS = ("loai_don_vi", "loai_chi_tieu", "so_da_dung")


def _org_values(plain: dict, options: dict) -> dict:
    return {
        "quy_tac": plain.get("quy_tac", ""), "co_quan": dict(plain.get("co_quan") or {}),
        "dia_danh": plain.get("dia_danh", ""), "cap_tren": _rows_of(plain, "cap_tren"),
        "nhiem_ky": _rows_of(plain, "nhiem_ky"), "nguoi_ky": _rows_of(plain, "nguoi_ky"),
        "loai_don_vi": _dict_rows(plain, "loai_don_vi"), "don_vi": _rows_of(plain, "don_vi"),
        "so_da_dung": [{"id": k, "so": v} for k, v in (plain.get("so_da_dung") or {}).items()]
        if isinstance(plain.get("so_da_dung"), dict) else [],
        "loai_chi_tieu": _dict_rows(plain, "loai_chi_tieu"), "noi_nhan": _rows_of(plain, "noi_nhan"),
        "giai_doan": [g.get("id") for g in _rows_of(plain, "giai_doan")],
    }


def _org_parse(tree: dict, plain: dict, options: dict) -> dict:
    co_quan = dict(plain.get("co_quan") or {})
    posted = tree.get("co_quan") or {}
    for key in ("ten", "viet_tat", "goi_tat"):
        f.put(co_quan, key, f.text(posted.get(key)))
    so_da_dung = {}
    for row in f.rows(tree, "so_da_dung"):
        symbol, value = f.text(row.get("id")), f.number(row.get("so"))
        if symbol or value is not None:
            so_da_dung[symbol or ""] = value
    return {
        "quy_tac": f.text(tree.get("quy_tac")),
        "co_quan": co_quan,
        "dia_danh": f.text(tree.get("dia_danh")),
        "cap_tren": _parse_rows(tree, "cap_tren", _rows_of(plain, "cap_tren"), {"ten": f.text, "viet_tat": f.text},
                                match=None) or None,
        "nhiem_ky": _parse_rows(tree, "nhiem_ky", _rows_of(plain, "nhiem_ky"), {"ten": f.text, "bat_dau": f.date},
                                match="ten") or None,
        "nguoi_ky": _parse_rows(tree, "nguoi_ky", _rows_of(plain, "nguoi_ky"),
                                {"id": f.text, "quyen_han.kieu": f.text, "quyen_han.ten": f.text, "chuc_vu": f.text,
                                 "ho_ten": f.text}),
        "loai_don_vi": _as_dict(_parse_rows(tree, "loai_don_vi", _dict_rows(plain, "loai_don_vi"),
                                            {"id": f.text, "ten": f.text, "tien_to": f.text})),
        "don_vi": _parse_rows(tree, "don_vi", _rows_of(plain, "don_vi"), {"id": f.text, "loai": f.text, "ten": f.text}),
        "so_da_dung": so_da_dung or None,
        "loai_chi_tieu": _as_dict(_parse_rows(tree, "loai_chi_tieu", _dict_rows(plain, "loai_chi_tieu"),
                                              {"id": f.text, "ten": f.text, "don_vi_tinh": f.text,
                                               "do_bang": f.text})) or None,
        "noi_nhan": _parse_rows(tree, "noi_nhan", _rows_of(plain, "noi_nhan"),
                                {"id": f.text, "ten": f.text, "so_ban": f.number, "nhom": f.text, "hien_so": f.flag,
                                 "so_thanh_vien": f.number}) or None,
    }


def _org_translate(path: tuple, new: dict) -> tuple:
    if len(path) == 2 and path[0] == "so_da_dung" and isinstance(new.get("so_da_dung"), dict):
        names = list(new["so_da_dung"])
        return ("so_da_dung", names.index(path[1]), "so") if path[1] in names else path
    return _dict_translate(path, new, ORG_DICTS)


@pages.route("/don-vi", methods=["GET", "POST"])
def organisation():
    site = current()
    page = FormPage("don-vi.html", "don-vi.yaml", ORG_MANAGED, _org_values, _org_parse, _org_translate,
                    title="Đơn vị")
    return handle(page, year_for_checks(site), {"signing": SIGNING}, url_for("bieu_mau.organisation"))


# --------------------------------------------------------------------------
# What the year's forms choose from: the organisation's units, signers, recipients, quota kinds


def _unit_names(org: dict) -> list[tuple[str, str]]:
    """(id, name as a document starts it: «Chi bộ ấp Một») of each unit, from the plain values
    (a form is shown even when the organisation has an error to correct)."""
    kinds = org.get("loai_don_vi") if isinstance(org.get("loai_don_vi"), dict) else {}
    out = []
    for unit in _rows_of(org, "don_vi"):
        kind = kinds.get(unit.get("loai")) or {}
        words = [str(kind.get("ten", "")).capitalize(), str(kind.get("tien_to", "")), str(unit.get("ten", ""))]
        out.append((unit.get("id"), " ".join(w for w in words if w) or unit.get("id")))
    return out


def _choices(site) -> dict:
    org, _ = read_plain(site, "don-vi.yaml")
    quota_kinds = org.get("loai_chi_tieu") if isinstance(org.get("loai_chi_tieu"), dict) else {}
    return {"units": _unit_names(org),
            "bodies": [(m.get("id"), m.get("ten") or m.get("id")) for m in _rows_of(org, "doan_the")],
            "recipients": [(r.get("id"), r.get("ten") or r.get("id")) for r in _rows_of(org, "noi_nhan")],
            "quota_kinds": [(k, (v or {}).get("ten", k)) for k, v in quota_kinds.items()],
            "signers": [(s.get("id"), f"{s.get('chuc_vu', '')} {s.get('ho_ten', '')}".strip())
                        for s in _rows_of(org, "nguoi_ky")],
            "periods": PERIODS, "signing": SIGNING}


def _kind_file(site, number: int, builder_name: str) -> tuple[str, str] | None:
    """(kind, its data file under data/) of the year's kind built by *builder_name* whose file is there
    (the first declared when none is)."""
    with site.lock:
        kinds = site.office.kinds
    found = [(n, d) for n, d in kinds.items() if d.xay_dung == builder_name and d.du_lieu and d.pham_vi == "nam"]
    for name, decl in found:
        if (site.project.data / str(number) / decl.du_lieu).is_file():
            return name, f"{number}/{decl.du_lieu}"
    return (found[0][0], f"{number}/{found[0][1].du_lieu}") if found else None


# -- recipient lists (Nơi nhận of a document)


def _recipient_values(plain: dict) -> list[dict]:
    out = []
    for line in plain.get("noi_nhan") or []:
        out.append({"id": line} if isinstance(line, str) else dict(line) if isinstance(line, dict) else {})
    return out


def _recipient_parse(tree: dict, plain: dict) -> list | None:
    old = _recipient_values(plain)
    lines = _parse_rows(tree, "noi_nhan", old, {"id": f.text, "ten": f.text, "ghi_chu": f.text, "so_ban": f.number},
                        match=None)
    out = []
    for line in lines:
        line = {k: v for k, v in line.items() if v not in (None, "")}
        out.append(line["id"] if set(line) == {"id"} else line)
    return out or None


# --------------------------------------------------------------------------
# The plan (data/<năm>/ke-hoach.yaml): its facts, quotas by unit, assignments, recipients

PLAN_MANAGED = ("so", "ngay", "nhiem_ky", "trich_yeu", "nguoi_ky", "so_ban", "chi_tieu", "phan_cong", "han_bao_cao",
                "noi_nhan")
_EXACT = re.compile(r"^\s*đúng\s+([0-9]{1,7})\s*$", re.I)


def _cell(quota: dict, row: dict) -> str:
    """An allocation as its cell shows it: as written, with «ít nhất»/«đúng» where the row says
    otherwise than its quota."""
    value = row.get("so_luong")
    shown = f.show(value)
    if isinstance(value, int) and "it_nhat" in row and bool(row["it_nhat"]) != bool(quota.get("it_nhat")):
        shown = f"ít nhất {value}" if row["it_nhat"] else f"đúng {value}"
    return shown


def _plan_values(plain: dict, options: dict) -> dict:
    quotas = [dict(q) for q in plain.get("chi_tieu") or [] if isinstance(q, dict)]
    units = [u for u, _ in options["units"]]
    extra = []
    cells: dict[str, dict[int, str]] = {}
    for q, quota in enumerate(quotas):
        for row in quota.get("phan_bo") or []:
            if not isinstance(row, dict):
                continue
            uid = str(row.get("don_vi", ""))
            if uid not in units and uid not in extra:
                extra.append(uid)
            cells.setdefault(uid, {})[q] = _cell(quota, row)
    names = dict(options["units"])
    table = [{"id": u, "ten": names.get(u, u), "cells": cells.get(u, {}), "known": u in names} for u in units + extra]
    return {
        "so": f.show(plain.get("so")), "ngay": f.show(plain.get("ngay")), "nhiem_ky": f.show(plain.get("nhiem_ky")),
        "trich_yeu": f.show(plain.get("trich_yeu")), "nguoi_ky": f.show(plain.get("nguoi_ky")),
        "so_ban": f.show(plain.get("so_ban")),
        "chi_tieu": [{"loai": q.get("loai", ""), "tong_so": f.show(q.get("tong_so")), "it_nhat": bool(q.get("it_nhat")),
                      "khong_phan_bo": f.show(q.get("khong_phan_bo"))} for q in quotas],
        "bang": table,
        "phan_cong": [{**r, "chu_tri": r.get("chu_tri") or [], "phoi_hop": r.get("phoi_hop") or [],
                       "so_luong": f.show(r.get("so_luong"))} for r in _rows_of(plain, "phan_cong")],
        "han_bao_cao": [{**r, "han": f.show(r.get("han"))} for r in _rows_of(plain, "han_bao_cao")],
        "noi_nhan": _recipient_values(plain),
    }


def _plan_parse(tree: dict, plain: dict, options: dict) -> dict:
    old_quotas = [dict(q) for q in plain.get("chi_tieu") or [] if isinstance(q, dict)]
    cells = tree.get("pb") or {}
    quotas = []
    for q in sorted(k for k in (tree.get("chi_tieu") or {}) if isinstance(k, int)):
        posted = tree["chi_tieu"][q]
        if not isinstance(posted, dict) or posted.get("_xoa"):
            continue
        old = old_quotas[q] if q < len(old_quotas) else {}
        quota = dict(old)
        f.put(quota, "loai", f.text(posted.get("loai")))
        f.put(quota, "tong_so", f.quantity(posted.get("tong_so")))
        if f.flag(posted.get("it_nhat")):
            quota["it_nhat"] = True
        else:
            quota.pop("it_nhat", None)
        f.put(quota, "khong_phan_bo", f.number(posted.get("khong_phan_bo")))
        old_rows = {str(r.get("don_vi")): r for r in old.get("phan_bo") or [] if isinstance(r, dict)}
        rows = []
        for uid in [u for u, _ in options["units"]] + [u for u in old_rows if u not in dict(options["units"])]:
            typed = f.text((cells.get(uid) or {}).get(q) if isinstance(cells.get(uid), dict) else None)
            before = old_rows.get(uid)
            if before is not None and (typed or "") == _cell(old, before):
                rows.append(dict(before))
                continue
            if typed is None:
                continue
            row = {k: v for k, v in (before or {}).items() if k not in ("so_luong", "it_nhat")}
            row["don_vi"] = uid
            exact = _EXACT.match(typed)
            if exact:
                row["so_luong"] = int(exact.group(1))
                if quota.get("it_nhat"):
                    row["it_nhat"] = False
            else:
                row["so_luong"] = f.quantity(typed)
            rows.append({"don_vi": uid, **{k: v for k, v in row.items() if k != "don_vi"}})
        quota["phan_bo"] = rows
        if not quota.get("loai") and not rows and quota.get("tong_so") is None:
            continue
        quotas.append(quota)
    assignments = _parse_rows(tree, "phan_cong", _rows_of(plain, "phan_cong"),
                              {"chu_tri": f.ids, "phoi_hop": f.ids, "danh_xung": f.text, "so_luong": f.quantity,
                               "it_nhat": f.flag, "doi_tuong": f.text, "chi_tieu": f.text}, match=None)
    for row in assignments:
        if row.get("it_nhat") is True:
            continue
        row.pop("it_nhat", None)
    return {
        "so": f.number(tree.get("so")), "ngay": f.date(tree.get("ngay")), "nhiem_ky": f.text(tree.get("nhiem_ky")),
        "trich_yeu": f.text(tree.get("trich_yeu")), "nguoi_ky": f.text(tree.get("nguoi_ky")),
        "so_ban": f.number(tree.get("so_ban")),
        "chi_tieu": quotas,
        "phan_cong": assignments or None,
        "han_bao_cao": _parse_rows(tree, "han_bao_cao", _rows_of(plain, "han_bao_cao"),
                                   {"ky": f.text, "han": f.date}, match=None) or None,
        "noi_nhan": _recipient_parse(tree, plain),
    }


def _plan_translate(path: tuple, new: dict) -> tuple:
    if len(path) >= 4 and path[0] == "chi_tieu" and path[2] == "phan_bo":
        try:
            uid = new["chi_tieu"][path[1]]["phan_bo"][path[3]]["don_vi"]
        except (KeyError, IndexError, TypeError):
            return path[:2]
        return ("pb", uid, path[1])
    return path


def _plan_known(values: dict) -> set:
    return {f"pb.{row['id']}.{q}" for row in values["bang"] for q in range(len(values["chi_tieu"]))}


@pages.route("/nam/<int:number>/ke-hoach", methods=["GET", "POST"])
def plan(number: int):
    site = current()
    found = _kind_file(site, number, "ke_hoach")
    if found is None or number not in site.office.years():
        abort(404)
    options = _choices(site)
    page = FormPage("ke-hoach.html", found[1], PLAN_MANAGED, _plan_values, _plan_parse, _plan_translate, _plan_known,
                    title=f"Kế hoạch năm {number}")
    return handle(page, number, options, url_for("bieu_mau.plan", number=number))


# --------------------------------------------------------------------------
# Letters (thong-bao.yaml or cong-van.yaml) and reports (bao-cao.yaml)

LETTERS_MANAGED = ("ngay", "nguoi_ky", "trich_yeu", "so_bat_dau", "ghi_chu_nhan", "luu_so_ban", "noi_nhan")


def _letters_values(plain: dict, options: dict) -> dict:
    return {**{k: f.show(plain.get(k)) for k in LETTERS_MANAGED if k != "noi_nhan"},
            "noi_nhan": _recipient_values(plain)}


def _letters_parse(tree: dict, plain: dict, options: dict) -> dict:
    return {"ngay": f.date(tree.get("ngay")), "nguoi_ky": f.text(tree.get("nguoi_ky")),
            "trich_yeu": f.text(tree.get("trich_yeu")), "so_bat_dau": f.number(tree.get("so_bat_dau")),
            "ghi_chu_nhan": f.text(tree.get("ghi_chu_nhan")), "luu_so_ban": f.number(tree.get("luu_so_ban")),
            "noi_nhan": _recipient_parse(tree, plain)}


@pages.route("/nam/<int:number>/thong-bao", methods=["GET", "POST"])
def letters(number: int):
    site = current()
    found = _kind_file(site, number, "thong_bao")
    if found is None or number not in site.office.years():
        abort(404)
    page = FormPage("thong-bao.html", found[1], LETTERS_MANAGED, _letters_values, _letters_parse,
                    title=f"Thông báo giao chỉ tiêu năm {number}")
    return handle(page, number, _choices(site), url_for("bieu_mau.letters", number=number))


REPORT_MANAGED = ("nguoi_ky", "trich_yeu", "ky", "noi_nhan", "so_ban", "luu_so_ban")


def _report_values(plain: dict, options: dict) -> dict:
    periods = plain.get("ky") if isinstance(plain.get("ky"), dict) else {}
    return {"nguoi_ky": f.show(plain.get("nguoi_ky")), "trich_yeu": f.show(plain.get("trich_yeu")),
            "so_ban": f.show(plain.get("so_ban")), "luu_so_ban": f.show(plain.get("luu_so_ban")),
            "ky": [{"id": k, "so": f.show((v or {}).get("so")), "ngay": f.show((v or {}).get("ngay"))}
                   for k, v in periods.items()],
            "noi_nhan": _recipient_values(plain)}


def _report_parse(tree: dict, plain: dict, options: dict) -> dict:
    old = plain.get("ky") if isinstance(plain.get("ky"), dict) else {}
    periods = {}
    for row in f.rows(tree, "ky"):
        code, so, day = f.text(row.get("id")), f.number(row.get("so")), f.date(row.get("ngay"))
        if code is None and so is None and day is None:
            continue
        entry = dict(old.get(code) or {}) if code else {}
        f.put(entry, "so", so)
        f.put(entry, "ngay", day)
        periods[code or ""] = entry
    return {"nguoi_ky": f.text(tree.get("nguoi_ky")), "trich_yeu": f.text(tree.get("trich_yeu")),
            "so_ban": f.number(tree.get("so_ban")), "luu_so_ban": f.number(tree.get("luu_so_ban")),
            "ky": periods, "noi_nhan": _recipient_parse(tree, plain)}


@pages.route("/nam/<int:number>/bao-cao", methods=["GET", "POST"])
def reports(number: int):
    site = current()
    found = _kind_file(site, number, "bao_cao")
    if found is None or number not in site.office.years():
        abort(404)
    page = FormPage("bao-cao.html", found[1], REPORT_MANAGED, _report_values, _report_parse,
                    lambda path, new: _dict_translate(path, new, ("ky",)), title=f"Báo cáo năm {number}")
    return handle(page, number, _choices(site), url_for("bieu_mau.reports", number=number))
