"""A check of the printed pages: the document as LibreOffice lays it out.

The thể thức checker reads the DOCX; what a văn thư sends back is often only
visible on the page: a signature block split across pages or standing alone,
a heading as the last line of a page, a table whose heading row is not
repeated, text outside the margins, page numbers on page 1 or missing later,
a justified line stretched around a run it could not break, a range torn at
its hyphen, a caption on another page than its picture.
This module reads the PDF with positions (pdfplumber) and reports those with
the same rule ids, severities and output as the thể thức checker (TP01–TP08).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FileProblem, Finding, Location, rule_finding
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
    words: list[tuple[float, float]] = field(default_factory=list)   # (x0, x1) of each word


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[list[str]] = field(default_factory=list)   # first row of each table, top to bottom
    table_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom


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


def baseline_rows(words: list[dict]) -> list[list[dict]]:
    """pdfplumber's words grouped by the baseline they sit on (tops within 2.5 pt), each row
    left to right."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) < 2.5:
            rows[-1].append(w)
        else:
            rows.append([w])
    for row in rows:
        row.sort(key=lambda w: w["x0"])
    return rows


def read(pdf: Path) -> list[Page]:
    """Every page with its text lines (positions in pt) and the first row of each table."""
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as doc:
        for n, p in enumerate(doc.pages, 1):
            page = Page(n, float(p.width), float(p.height))
            words = p.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False)
            for row in baseline_rows(words):
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
                                           min(w["top"] for w in g), max(w["bottom"] for w in g), _is_bold(chars),
                                           [(w["x0"], w["x1"]) for w in g]))
            page.images = [(float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"])) for i in p.images]
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
        if _under_its_picture(p, last):
            continue  # a figure's caption under its picture ends the page: as it should
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

    issues += stretched_lines(pages, margins, body_lines)
    issues += torn_ranges(pages, body_lines)
    issues += captions_apart(pages, body_lines)

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


MAX_GAP_PT = 12.0     # the widest space between two words of a justified line
INDENT_PT = 40.0      # a line of text starts at the left margin or a first-line indent (1–1,27 cm)


def _pt(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def stretched_lines(pages: list[Page], margins: Margins, body_lines: dict[int, list[Line]]) -> list[Finding]:
    """TP06: a justified line of text whose words stand more than MAX_GAP_PT apart: a run the
    line could not break (a whole date joined by no-break spaces, a long symbol) left the line
    short, and justification spread the rest."""
    out = []
    for p in pages:
        left, right = margins.left * PT_PER_MM, p.width - margins.right * PT_PER_MM
        rows: dict[int, list[Line]] = {}
        for ln in body_lines[p.number]:
            if not _inside_table(p, ln):
                rows.setdefault(round(ln.top), []).append(ln)  # parts of one baseline, however far apart
        for parts in rows.values():
            parts.sort(key=lambda ln: ln.x0)
            words = [w for ln in parts for w in ln.words]
            if len(words) < 3 or words[0][0] > left + INDENT_PT or abs(words[-1][1] - right) > 2:
                continue
            gap, at = max((b[0] - a[1], i) for i, (a, b) in enumerate(zip(words, words[1:])))
            if gap > MAX_GAP_PT:
                text = " ".join(ln.text for ln in parts)
                out.append(rule_finding(
                    "TP06", WARNING, "§1", f"trang {p.number}",
                    f"dòng giãn chữ: hai từ cách nhau {_pt(gap)} pt (tối đa {_pt(MAX_GAP_PT)} pt): «{text[:70]}»",
                    "để chỉ số và chữ đi kèm nối với nhau («ngày 15», «tháng 6»), không nối cả cụm dài; "
                    "hoặc sửa câu cho dòng ngắt được"))
    return out


_TORN = re.compile(r"[\dA-ZĐ][-\u2010\u2011\u2013]$")
_CONTINUES = re.compile(r"^[\dA-ZĐ]")


def torn_ranges(pages: list[Page], body_lines: dict[int, list[Line]]) -> list[Finding]:
    """TP07: a range, a term or a symbol torn at its hyphen: a line ends with «2017-» or
    «01-» and the next goes on with «2020» or «HD/TW»."""
    out = []
    lines = [ln for p in pages for ln in sorted(body_lines[p.number], key=lambda ln: (ln.top, ln.x0))]
    for ln, nxt in zip(lines, lines[1:]):
        last = ln.text.split()[-1] if ln.text.split() else ""
        if _TORN.search(last) and _CONTINUES.match(nxt.text) and len(last) > 1:
            out.append(rule_finding(
                "TP07", ERROR, "§4", f"trang {ln.page}",
                f"khoảng số hoặc ký hiệu bị ngắt ở dấu gạch nối: dòng kết thúc bằng «{last}», "
                f"dòng sau bắt đầu bằng «{nxt.text.split()[0]}»",
                "dùng dấu gạch nối không ngắt dòng (Ctrl+Shift+- trong Word) giữa hai số"))
    return out


_CAPTION = re.compile(r"^(Hình|Biểu đồ|Sơ đồ)\s*\d+\s*[.:]")
NEAR_PT = 40.0   # a caption this close above or under a picture is its caption


def _under_its_picture(page: Page, line: Line) -> bool:
    return bool(_CAPTION.match(line.text)) and any(0 <= line.top - bottom + 2 < NEAR_PT
                                                  for _, _, _, bottom in page.images)


def captions_apart(pages: list[Page], body_lines: dict[int, list[Line]]) -> list[Finding]:
    """TP08: a figure's caption («Hình 2. …») on another page than its picture: under a picture
    that ended the page before, or over one that starts the next."""
    out = []
    for p in pages:
        centre = p.width / 2
        for ln in body_lines[p.number]:
            if not _CAPTION.match(ln.text) or abs((ln.x0 + ln.x1) / 2 - centre) > 15 * PT_PER_MM:
                continue
            near = any(ln.top - bottom < NEAR_PT and ln.top >= bottom - 2 or top - ln.bottom < NEAR_PT
                       and top >= ln.bottom - 2 for _, top, _, bottom in p.images)
            if near:
                continue
            before = pages[p.number - 2].images if p.number > 1 else []
            after = pages[p.number].images if p.number < len(pages) else []
            where = p.number - 1 if before else p.number + 1 if after else None
            shown = f"hình ở trang {where}" if where else "không thấy hình đi cùng"
            out.append(rule_finding(
                "TP08", ERROR, "§1", f"trang {p.number}",
                f"chú thích «{ln.text[:50]}» ở trang {p.number}, {shown}",
                "giữ hình với chú thích của nó (hình «giữ với đoạn sau» khi chú thích ở dưới)"))
    return out


def check_files(files: list[Path], shown: list[str], profile_margins=None) -> list[tuple[str, int, list[Finding]]]:
    """(shown name, page count, issues) for each DOCX or PDF; DOCX files go through one LibreOffice run."""
    import tempfile

    out = []
    problems: list[Finding] = []  # every file that cannot be checked, said together
    with tempfile.TemporaryDirectory(prefix="vanban-trang-") as tmp:
        docx = [f for f in files if f.suffix.lower() == ".docx"]
        pdfs = {f: f for f in files if f.suffix.lower() == ".pdf"}
        if docx:
            for f, made in zip(docx, convert(docx, Path(tmp))):
                pdfs[f] = made
        for f, name in zip(files, shown):
            margins = (Margins.of_docx(f) if f.suffix.lower() == ".docx" else None) or profile_margins
            if margins is None:
                problems.append(Finding(Location(name), "không biết lề trang của tệp PDF",
                                        "ghi --quy-tac dang hoặc --quy-tac nha-nuoc"))
                continue
            try:
                pages = read(pdfs[f])
            except Exception:  # noqa: BLE001 - a PDF pdfplumber cannot read: say why
                problems.append(Finding(Location(name), *unreadable(pdfs[f])))
                continue
            out.append((name, len(pages), bounded(check(pages, margins))))
    if problems:
        raise FileProblem(problems)
    return out


REPRINT = "xuất lại tệp PDF từ văn bản gốc (Word, LibreOffice) rồi kiểm tra bản mới"


def unreadable(pdf: Path) -> tuple[str, str]:
    """Why a PDF does not read (a password, not a PDF, damaged), and what to do."""
    try:
        with pdf.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        return f"không đọc được tệp: {exc.strerror}", "kiểm tra quyền đọc tệp"
    if b"%PDF-" not in head:
        return "không phải tệp PDF (đầu tệp không có dấu «%PDF-»)", "chỉ định tệp .pdf hoặc .docx"
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its own notes (in English) about a damaged file
    try:
        reader = PdfReader(pdf)
        encrypted = reader.is_encrypted
    except Exception:  # noqa: BLE001 - any failure of the reader: the file is damaged
        return "tệp PDF bị hỏng hoặc bị cắt cụt", REPRINT
    if encrypted:
        try:
            opened = bool(reader.decrypt(""))
        except Exception:  # noqa: BLE001 - an encryption the reader does not know
            opened = False
        if not opened:
            return ("tệp PDF có mật khẩu mở (được mã hóa): không đọc được chữ và vị trí trên trang",
                    "mở tệp bằng mật khẩu rồi lưu hoặc in ra một bản PDF không đặt mật khẩu, kiểm tra bản đó")
    try:
        len(reader.pages)
    except Exception:  # noqa: BLE001
        return "tệp PDF bị hỏng hoặc bị cắt cụt", REPRINT
    return "tệp PDF có phần vanban không đọc được (cấu trúc trang hỏng)", REPRINT
