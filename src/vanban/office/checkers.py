"""The checkers, on any document (not only this office's)."""

from __future__ import annotations

from pathlib import Path

from .. import the_thuc
from ..data.profiles import load_profile
from ..errors import Finding, VanbanError
from ..the_thuc import ERROR, WARNING, as_record, represented
from ..the_thuc.pages import Margins, check_files


def document_reports(files: list[Path], shown: list[str], rule_set: str | None = None
                     ) -> tuple[list[dict], list[dict], list[Finding]]:
    """The thể thức check of each file: (reports of administrative documents, reports of the
    files that are not administrative documents, problems that kept a file from being read)."""
    code = rule_set.replace("-", "_") if rule_set else None
    reports, others, problems = [], [], []
    for path, name in zip(files, shown):
        try:
            used, issues = the_thuc.check(path, name, code)
        except the_thuc.NotAdministrative as exc:
            others.append({"tep": name, "quy_tac": None, "hanh_chinh": False, "ly_do": exc.reason, "loi": 0,
                           "canh_bao": 0, "ket_qua": []})
            continue
        except VanbanError as exc:
            problems += exc.findings
            continue
        reports.append(the_thuc.as_json(name, used, issues))
    return reports, others, problems


def page_reports(files: list[Path], shown: list[str], rule_set: str | None = None) -> list[dict]:
    """The page check of each file, as the JSON shape the thể thức checker uses."""
    margins = None
    if rule_set:
        page = load_profile(rule_set.replace("-", "_")).trang
        margins = Margins(page.le_tren_mm, page.le_duoi_mm, page.le_trai_mm, page.le_phai_mm)
    reports = []
    for name, count, issues in check_files(files, shown, margins):
        reports.append({"tep": name, "so_trang": count,
                        "loi": sum(represented(i) for i in issues if i.severity == ERROR),
                        "canh_bao": sum(represented(i) for i in issues if i.severity == WARNING),
                        "ket_qua": [as_record(i) for i in issues]})
    return reports
