"""How many pages a document prints on, when the file does not say.

Word writes the count into docProps/app.xml; LibreOffice's conversions from
.doc and many generators do not. The estimate adds up the height of every
paragraph (its lines at its size and spacing, its wrapped lines from its
length at the average width of Times New Roman) and of every table row, and
starts a new page at page and section breaks. It is rough; the caller knows
how rough (a count near a page boundary is settled on the rendered PDF when
LibreOffice is there).
"""

from __future__ import annotations

import math
import re

from ..ooxml.format import q
from .model import Model

PT_MM = 25.4 / 72
EM_AVERAGE = 0.46          # average advance of Vietnamese text in Times New Roman, in em
SINGLE = 1.15              # single line spacing of Times New Roman, in em
# estimates between these may be one page or two (one-page documents were estimated up to 1.11,
# two-page ones from 1.29): the printed document settles it when LibreOffice is there; without it,
# up to the upper bound counts as one page
UNSURE = (0.95, 1.2)


def from_properties(model: Model) -> int | None:
    """The page count Word saved (docProps/app.xml), if any."""
    for part in model.doc.part.package.iter_parts():
        if str(part.partname).endswith("/docProps/app.xml"):
            m = re.search(rb"<Pages>(\d+)</Pages>", part.blob)
            if m and int(m.group(1)) > 0:
                return int(m.group(1))
    return None


def estimate(model: Model) -> float:
    """The estimated number of pages (a fraction: 1.4 is one full page and 40 % of the next)."""
    styles, columns = model.styles, model.columns
    pages = 0
    used = 0.0   # mm used on the current page
    section = None

    def height(p, width: float) -> float:
        fmt = styles.para_format(p)
        text = "".join(t.text or "" for t in p.iter(q("t")))
        first = next((r for r in p.iter(q("r")) if r.find(q("t")) is not None), None)
        if first is not None:
            size = styles.run_format(first, fmt.style).size
        else:
            sz = styles.inherited(fmt.style, None, None)["sz"]
            size = int(sz.get(q("val"))) / 2 if sz is not None and (sz.get(q("val")) or "").isdigit() else 10.0
        breaks = sum(1 for _ in p.iter(q("br"))) + 1
        avail = max(width - fmt.left_mm - fmt.right_mm, 10.0)
        per_line = avail / (size * PT_MM * EM_AVERAGE)
        n = max(breaks, math.ceil(len(text) / per_line) if text else 1)
        rule, value = fmt.line
        one = size * PT_MM * SINGLE
        line_h = one * value if rule == "auto" else (value if rule == "exact" else max(value, one))
        return n * line_h + fmt.before_mm + fmt.after_mm

    for block in model.body:
        if block.tag == q("sectPr"):
            continue
        current = columns.section_of(block)
        if section is None or current is not section:
            if section is not None and not current.continuous:
                pages += 1
                used = 0.0
            section = current
        if block.tag == q("p"):
            if any(br.get(q("type")) == "page" for br in block.iter(q("br"))) or \
                    model.styles.para_format(block).page_break_before:
                pages += 1
                used = 0.0
            used += height(block, section.text_width)
        elif block.tag == q("tbl"):
            for row in block.iter(q("tr")):
                row_h = 0.0
                for cell in row.findall(q("tc")):
                    paras = [p for p in cell.iter(q("p"))]
                    width = columns.of(paras[0]).width if paras else section.text_width
                    row_h = max(row_h, sum(height(p, width) for p in paras))
                used += row_h
        while used > section.text_height:
            pages += 1
            used -= section.text_height
    if section is None:
        return 1.0
    return pages + max(used / section.text_height, 0.01)
