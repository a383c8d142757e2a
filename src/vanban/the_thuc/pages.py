"""A check of the printed pages: the document as LibreOffice lays it out.

The thể thức checker reads the DOCX; what a văn thư sends back is often only
visible on the page: a signature block split across pages or standing alone,
a heading as the last line of a page, a table whose heading row is not
repeated, text outside the margins, page numbers on page 1 or missing later.
This module reads the PDF with positions (pdfplumber) and reports those with
the same rule ids, severities and output as the thể thức checker (TP01–TP05).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Finding, Location, TemplateProblem, rule_finding
from ..rendering.pdf import convert
from .report import ERROR, WARNING, bounded

PT_PER_MM = 72 / 25.4
TOLERANCE_MM = 2.0
SIGNING = re.compile(r"^(T/M|K/T|T/L|TM\.|KT\.|TL\.|TUQ\.)\s")


@dataclass
class Line:
    page: int           # 1-based
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[list[str]] = field(default_factory=list)   # first row of each table, top to bottom
    table_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float      # all in mm

    @classmethod
    def of_docx(cls, path: Path) -> "Margins | None":
        from docx import Document

        try:
            s = Document(str(path)).sections[0]
            mm = lambda v: (v or 0) / 36000  # noqa: E731 - EMU → mm
            return cls(mm(s.top_margin), mm(s.bottom_margin), mm(s.left_margin), mm(s.right_margin))
        except Exception:  # noqa: BLE001 - a document python-docx cannot read: use the profile's
            return None


def _is_bold(chars) -> bool:
    return all("bold" in (c.get("fontname") or "").lower() for c in chars if c["text"].strip())


def read(pdf: Path) -> list[Page]:
    """Every page with its text lines (positions in pt) and the first row of each table."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as doc:
        for n, p in enumerate(doc.pages, 1):
            page = Page(n, float(p.width), float(p.height))
            words = p.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False)
            rows: list[list[dict]] = []
            for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
                if rows and abs(rows[-1][0]["top"] - w["top"]) < 2.5:
                    rows[-1].append(w)
                else:
                    rows.append([w])
            for row in rows:
                row.sort(key=lambda w: w["x0"])
                # words far apart on one baseline are separate lines (two columns of a table)
                groups = [[row[0]]]
                for w in row[1:]:
                    if w["x0"] - groups[-1][-1]["x1"] > 40:
                        groups.append([w])
                    else:
                        groups[-1].append(w)
                for g in groups:
                    chars = [c for c in p.chars if g[0]["x0"] - 0.5 <= c["x0"] <= g[-1]["x1"] + 0.5
                             and abs(c["top"] - g[0]["top"]) < 2.5]
                    page.lines.append(Line(n, " ".join(w["text"] for w in g), g[0]["x0"], g[-1]["x1"],
                                           min(w["top"] for w in g), max(w["bottom"] for w in g), _is_bold(chars)))
            for table in p.find_tables():
                extracted = table.extract()
                if extracted:
                    page.tables.append([" ".join((c or "").split()) for c in extracted[0]])
                    page.table_boxes.append(table.bbox)
            pages.append(page)
            p.flush_cache()   # keep one page's objects at a time: a 10,000-page PDF reads in bounded memory
    return pages


def _inside_table(page: Page, line: Line) -> bool:
    return any(x0 - 1 <= line.x0 and line.x1 <= x1 + 1 and top - 1 <= line.top and line.bottom <= bottom + 1
               for x0, top, x1, bottom in page.table_boxes)


def _page_number_zone(page: Page, margins: Margins, line: Line) -> bool:
    return line.bottom <= margins.top * PT_PER_MM + 1


def check(pages: list[Page], margins: Margins) -> list[Finding]:
    issues: list[Finding] = []

    def add(rule, where, message, fix, severity=ERROR):
        issues.append(rule_finding(rule, severity, "§1, §2", where, message, fix))

    body_lines = {p.number: [ln for ln in p.lines if not _page_number_zone(p, margins, ln)] for p in pages}
    everything = [ln for p in pages for ln in body_lines[p.number]]

    # TP01: Nơi nhận and the signature on one page, with body text above them
    label = next((ln for ln in everything if ln.text.replace(" ", "").startswith("Nơinhận:")), None)
    authority = next((ln for ln in everything if SIGNING.match(ln.text)), None)
    archive_line = next((ln for ln in reversed(everything) if ln.text.startswith("- Lưu")), None)
    if label is not None or authority is not None:
        parts = [x for x in (label, authority, archive_line, everything[-1]) if x is not None]
        pages_of = sorted({x.page for x in parts})
        if len(pages_of) > 1:
            add("TP01", f"trang {pages_of[0]}–{pages_of[-1]}", "khối Nơi nhận và chữ ký bị tách sang hai trang",
                "giữ khối Nơi nhận – chữ ký trên một trang (không ngắt dòng bảng; giữ với đoạn trước)")
        else:
            anchor = min(parts, key=lambda x: x.top)
            above = [ln for ln in body_lines[anchor.page] if ln.bottom < anchor.top - 1 and not SIGNING.match(ln.text)]
            if not above:
                add("TP01", f"trang {anchor.page}", "khối Nơi nhận và chữ ký đứng một mình trên trang, không có "
                    "dòng nội dung nào đi cùng", "đoạn cuối của nội dung phải ở cùng trang với chữ ký")

    # TP02: no heading as the last line of a page (the last page ends with the signature)
    for p in pages[:-1]:
        lines = body_lines[p.number]
        if not lines:
            continue
        last = max(lines, key=lambda ln: ln.bottom)
        if _inside_table(p, last) or any(b[3] > last.bottom for b in p.table_boxes):
            continue  # the page ends inside a table
        if last.bold and len(last.text) < 150 and not SIGNING.match(last.text) and last.text.strip():
            add("TP02", f"trang {p.number}", f"đề mục «{last.text[:60]}» là dòng cuối trang, nội dung của nó sang trang "
                f"{p.number + 1}", "đặt «giữ với đoạn sau» cho đề mục (kiểu VB Mục)")

    # TP03: a table that goes on to the next page repeats its heading row
    for prev, nxt in zip(pages, pages[1:]):
        if not prev.tables or not nxt.tables:
            continue
        bottom_prev = max(b[3] for b in prev.table_boxes)
        top_next = min(b[1] for b in nxt.table_boxes)
        continues = (bottom_prev > prev.height - (margins.bottom + 25) * PT_PER_MM
                     and top_next < (margins.top + 25) * PT_PER_MM)
        if continues:
            heading = prev.tables[[b[3] for b in prev.table_boxes].index(bottom_prev)]
            first = nxt.tables[[b[1] for b in nxt.table_boxes].index(top_next)]
            if heading != first:
                add("TP03", f"trang {nxt.number}", "bảng sang trang mà không lặp lại dòng tiêu đề",
                    "đặt «lặp lại dòng tiêu đề ở mỗi trang» cho dòng đầu của bảng")

    # TP04: nothing outside the margins
    tol = TOLERANCE_MM * PT_PER_MM
    for p in pages:
        left, right = margins.left * PT_PER_MM - tol, p.width - margins.right * PT_PER_MM + tol
        bottom = p.height - margins.bottom * PT_PER_MM + tol
        out = [ln for ln in p.lines if ln.x0 < left or ln.x1 > right or ln.bottom > bottom]
        if out:
            add("TP04", f"trang {p.number}", f"chữ nằm ngoài lề trang: «{out[0].text[:50]}»",
                "sửa thụt lề, độ rộng bảng hoặc hình cho vừa vùng in")

    # TP05: page numbers from page 2, top centre
    for p in pages:
        numbers = [ln for ln in p.lines if _page_number_zone(p, margins, ln) and ln.text.strip().isdigit()]
        if p.number == 1 and numbers:
            add("TP05", "trang 1", "trang 1 có số trang", "chọn «trang đầu khác» cho đầu trang", WARNING)
        elif p.number > 1:
            mine = [ln for ln in numbers if ln.text.strip() == str(p.number)]
            if not mine:
                add("TP05", f"trang {p.number}", f"trang {p.number} không có số trang ở đầu trang",
                    "chèn số trang ở giữa phía trên, từ trang 2")
            elif abs((mine[0].x0 + mine[0].x1) / 2 - p.width / 2) > 15 * PT_PER_MM:
                add("TP05", f"trang {p.number}", "số trang không ở giữa", "căn giữa số trang", WARNING)
    return issues


def check_files(files: list[Path], shown: list[str], profile_margins=None) -> list[tuple[str, int, list[Finding]]]:
    """(shown name, page count, issues) for each DOCX or PDF; DOCX files go through one LibreOffice run."""
    import tempfile

    out = []
    with tempfile.TemporaryDirectory(prefix="vanban-trang-") as tmp:
        docx = [f for f in files if f.suffix.lower() == ".docx"]
        pdfs = {f: f for f in files if f.suffix.lower() == ".pdf"}
        if docx:
            for f, made in zip(docx, convert(docx, Path(tmp))):
                pdfs[f] = made
        for f, name in zip(files, shown):
            margins = (Margins.of_docx(f) if f.suffix.lower() == ".docx" else None) or profile_margins
            if margins is None:
                raise TemplateProblem([Finding(Location(name), "không biết lề trang của tệp PDF",
                                               "ghi --quy-tac dang hoặc --quy-tac nha-nuoc")])
            try:
                pages = read(pdfs[f])
            except Exception:  # noqa: BLE001 - a PDF pdfplumber cannot read
                raise TemplateProblem([Finding(Location(name), "không đọc được tệp PDF",
                                               "kiểm tra tệp bằng trình xem PDF")]) from None
            out.append((name, len(pages), bounded(check(pages, margins))))
    return out
