"""The thể thức checker: any DOCX, made by vanban or by hand, against the
rules of shared/spec/the-thuc.md as written in the profile of its rule set.

Every finding has a rule id, a severity, the spec section, where it is and
how to fix it. Elements are found by what they say (the title, 'Số …',
'…, ngày … tháng … năm …', the document type, 'T/M …', 'Nơi nhận:') and
judged by where their text lands, so a document laid out by hand is checked
as well as one vanban made.

The package's face; the work is done in its modules:
  model.py      the document as lines (text decoded, formats resolved, places in columns)
  encoding.py   TCVN3 / VNI / NFD detection and decoding, per run
  fonts.py      face names mapped to their family
  geometry.py   sections and the column each paragraph is set in
  placement.py  where a line's text lands in its column (from the DOCX)
  rendered.py   the page as LibreOffice lays it out, where the DOCX cannot answer
  pagecount.py  how many pages, when the file does not say
  detect.py     which rule set applies, or none (forms)
  elements.py   the elements of the document, found
  context.py    what the rules share: findings, style and place judgements
  rules/        the rules TT01–TT19
  checker.py    reading, detecting, running the rules
  report.py     severities, JSON
  pages.py      the printed-page check (kiem-tra-trang, TP01–TP05)
"""

from __future__ import annotations

from .checker import check
from .detect import RULE_SETS, detect, rules_of
from .report import ERROR, WARNING, NotAdministrative, as_json, as_record, represented

__all__ = ["check", "as_json", "as_record", "represented", "ERROR", "WARNING", "NotAdministrative", "RULE_SETS",
           "detect", "rules_of"]
