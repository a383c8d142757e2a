"""Command line: parse arguments, call the Office (vanban.office), print the outcome.

Commands by group: year.py (build, new year, workbooks, issue, archive), templates.py
(vanban mau …), checks.py (the thể thức and page checkers), upgrade.py (vanban nang-cap),
new_office.py (vanban khoi-tao), web.py (vanban giao-dien); common.py holds the group,
the working-folder option and the one error handler; text.py puts Click's own messages
in Vietnamese.
"""

from __future__ import annotations

from . import checks, new_office, templates, upgrade, web, year  # noqa: F401 - each adds its commands to main

_COMMANDS = (checks, new_office, templates, upgrade, web, year)
from .common import entry, fail, main

__all__ = ["entry", "fail", "main"]
