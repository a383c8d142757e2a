"""What every view shares: the running site, refusals, findings shown beside their fields."""

from __future__ import annotations

from pathlib import Path

from flask import abort, g, render_template, send_file

from .site import Site


def current() -> Site:
    site = g.get("site")
    if site is None:
        abort(403)
    return site


def refuse(message: str, status: int):
    return render_template("tu-choi.html", message=message, status=status), status


def shown_date(iso: str) -> str:
    """A date as a clerk writes it (05/01/2018), from the ISO form the office gives ('2018-01-05');
    anything else as it is."""
    parts = (iso or "").split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return iso or ""


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TYPES = {".docx": DOCX, ".xlsx": XLSX, ".pdf": "application/pdf"}


def attachment(path: Path, name: str | None = None):
    """*path* as a download named *name* (its own name by default), typed by its suffix."""
    return send_file(path, as_attachment=True, download_name=name or path.name,
                     mimetype=_TYPES.get(path.suffix.lower(), "application/octet-stream"))
