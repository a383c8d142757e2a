"""Forms ↔ the data files' plain values.

A form field is named by where its value lives in the file (`co_quan.ten`, `don_vi.3.ten`); a
posted form becomes the file's new plain values (`parse_*`), which the Office checks by the
build's rules; each finding comes back with the key path of its value and is shown beside the
field of that name (`place`). What is typed is kept as typed: a wrong value reaches the check
and gets the file's own message («so_luong» phải là số nguyên, khoảng «01-02» …).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

MAX_TEXT = 2000   # characters in one field (a subject line, a name): far more than any document needs
MAX_ROWS = 5000   # rows of one table (units of a large district)

_DATE_ISO = re.compile(r"^\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*$")
_DATE_VN = re.compile(r"^\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s*$")
_INT = re.compile(r"^\s*[0-9]{1,9}\s*$")


def unflatten(form) -> dict:
    """{'a.0.b': 'x'} → {'a': {0: {'b': 'x'}}} (indices as ints; lists made by `rows`)."""
    out: dict = {}
    for name in form:
        if name.startswith("_") or name in ("them", "luu"):
            continue
        values = form.getlist(name) if hasattr(form, "getlist") else [form[name]]
        parts = [int(p) if p.isdigit() else p for p in name.split(".")]
        if len(parts) > 8:
            continue
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[parts[-1]] = values if name.endswith("[]") or len(values) > 1 else values[0]
    return out


def rows(tree: dict, name: str) -> list[dict]:
    """The rows of table *name* in posted order, without those marked for removal."""
    node = tree.get(name) or {}
    if not isinstance(node, dict):
        return []
    out = []
    for index in sorted(k for k in node if isinstance(k, int))[:MAX_ROWS]:
        row = node[index]
        if isinstance(row, dict) and not row.get("_xoa"):
            out.append(row)
    return out


def text(value: Any) -> str | None:
    """A typed text: trimmed; empty is no value."""
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0] if value else ""
    value = str(value).strip()[:MAX_TEXT]
    return value or None


def number(value: Any):
    """A whole number when it is one; other text as typed (the check names it)."""
    value = text(value)
    if value is None:
        return None
    return int(value) if _INT.match(value) else value


def quantity(value: Any):
    """A quota as plans write it: 2, «01-02», «từ 06»; typed text otherwise (the check names it)."""
    return number(value)


def date(value: Any):
    """2019-01-05 or 05/01/2019 → a date; 2019-01 or 2019 (a draft's date) as the files write
    them; anything else as typed, for the check to name."""
    value = text(value)
    if value is None:
        return None
    m = _DATE_ISO.match(value) or None
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = _DATE_VN.match(value)
        if not m:
            if re.fullmatch(r"[0-9]{4}", value):
                return int(value)
            return value
        d, mo, y = (int(x) for x in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return value


def flag(value: Any) -> bool:
    return text(value) in ("1", "on", "true")


def ids(value: Any) -> list[str]:
    """A multiple choice (or «a; b» typed): the chosen ids in order."""
    if value is None:
        return []
    items = value if isinstance(value, list) else re.split(r"[;,]", str(value))
    return [v.strip() for v in (str(x) for x in items) if v.strip()][:MAX_ROWS]


def show(value: Any) -> str:
    """A plain value as a field shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(show(v) for v in value)
    return str(value)


def put(row: dict, key: str, value) -> None:
    """Set *key* in *row*, or take it out when there is no value."""
    if value is None or value == [] or value == "":
        row.pop(key, None)
    else:
        row[key] = value


def dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def place(path: tuple | None, known: set[str]) -> str | None:
    """The field a finding at key *path* is shown beside: the deepest known field on its path."""
    if not path:
        return None
    for end in range(len(path), 0, -1):
        name = dotted(path[:end])
        if name in known:
            return name
    return None
