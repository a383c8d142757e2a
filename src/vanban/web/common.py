"""What every view shares: the running site, refusals, findings shown beside their fields."""

from __future__ import annotations

from flask import abort, g, render_template

from .site import Site


def current() -> Site:
    site = g.get("site")
    if site is None:
        abort(403)
    return site


def refuse(message: str, status: int):
    return render_template("tu-choi.html", message=message, status=status), status
