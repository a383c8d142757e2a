"""Checking one DOCX: read it, decide which rules apply, find its elements, run
every rule. Data flows one way: story → model → elements → rules → findings."""

from __future__ import annotations

import gc
from pathlib import Path

from docx.exceptions import PythonDocxError

from ..errors import Finding, Location, TemplateProblem
from ..ooxml.story import load_parts
from . import elements
from .context import Context
from .detect import administrative_parts, detect, rules_of
from .model import Model
from .rendered import Rendered
from .report import NotAdministrative, bounded
from .rules import RULES


RULE_LIMIT = 10   # findings of one rule listed one by one; more are counted in one line
# what a document shaped in a way the checker does not know raises (python-docx's InvalidXmlError, a
# PythonDocxError, for an on/off value it cannot read, among others): said so, never a traceback
_STRANGE = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError, PythonDocxError)


def check(path: Path, shown: str, rule_set: str | None = None, use_pdf: bool = True) -> tuple[str, list[Finding]]:
    """(rule set used, issues) for the DOCX at *path*. *use_pdf*: LibreOffice may lay the document out
    where the DOCX alone cannot answer (it is used only when installed)."""
    collecting = gc.isenabled()
    gc.disable()   # the model is millions of small acyclic objects: the cycle collector would rescan them all
    try:
        doc, parts = load_parts(path, shown)
        model = Model(doc, parts)
    except _STRANGE:
        raise _strange(shown) from None
    finally:
        if collecting:
            gc.enable()
    texts = model.texts()
    if rule_set is None:
        administrative, reason = administrative_parts(texts)
        if not administrative:
            raise NotAdministrative([Finding(Location(shown), f"không phải văn bản hành chính: {reason}",
                                             "thể thức văn bản hành chính không áp dụng cho tệp này; ghi --quy-tac "
                                             "để vẫn kiểm tra")], reason)
    code = rule_set or detect(texts)
    if code is None:
        raise TemplateProblem([Finding(Location(shown), "không nhận ra quy tắc thể thức từ phần đầu văn bản",
                                       "ghi rõ --quy-tac dang hoặc --quy-tac nha-nuoc")])
    profile, _, number_rule = rules_of(code)
    try:
        ctx = Context(model, profile, code, number_rule, elements.find(model, profile), Rendered(path, use_pdf))
        for rule in RULES:
            rule(ctx)
    except (*_STRANGE, ZeroDivisionError):   # the rules also compute with the document's own numbers
        raise _strange(shown) from None
    return code, bounded(ctx.issues, RULE_LIMIT)


def _strange(shown: str) -> TemplateProblem:
    return TemplateProblem([Finding(Location(shown), "không kiểm tra được tệp này (cấu trúc văn bản lạ)",
                                    "mở tệp trong Word, lưu lại dạng .docx rồi kiểm tra lại")])
