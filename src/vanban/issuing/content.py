"""What produced an issued document, as plain data: its content (context and frame), and
the fingerprint of its inputs (content, template, rule set) that tells a document whose
data changed since it was issued from one that did not."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from ..documents import Document, Picture, Table
from . import archive
from .archive import sha256


def _plain(value):
    """A context as data: pictures by what they were drawn from, never by their pixels."""
    if isinstance(value, Picture):
        return {"hinh": _plain(value.source), "rong_mm": value.width_mm}
    if isinstance(value, Table):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if hasattr(value, "model_dump"):
        return _plain(value.model_dump())
    return value


def content(doc: Document) -> dict:
    """What the document says: its context and its frame, as plain data."""
    return {"context": _plain(doc.context), "frame": _plain(doc.frame)}


def fingerprint(doc: Document, template: bytes, profile) -> str:
    """The inputs of a document: what it says, its template, the rules it is laid out by."""
    body = {"content": content(doc), "template": sha256(template),
            "profile": sha256(archive.canonical(_plain(profile)))}
    return sha256(archive.canonical(body))


def differences(old, new, path: str = "") -> list[str]:
    """'trich_yeu: «…» → «…»' for each value that differs, depth first."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in sorted(set(old) | set(new)):
            if key.startswith("_"):
                continue
            out += differences(old.get(key), new.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for i, (a, b) in enumerate(zip(old, new)) for d in differences(a, b, f"{path}[{i + 1}]")]
    if old != new:
        show = lambda v: f"«{v}»" if isinstance(v, str) else json.dumps(v, ensure_ascii=False)[:60]  # noqa: E731
        return [f"{path.removeprefix('context.')}: {show(old)} → {show(new)}"]
    return []
