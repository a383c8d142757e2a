"""WordprocessingML for thể thức: page setup, named styles, the header table,
the signature and Nơi nhận table, the page number. Every size comes from the
Look (ooxml/look.py, made from the rule set's profile by the layer above); this is the
only module that lays out raw OOXML for thể thức.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from . import wml
from ..text.vietnamese import bind_words
from .measure import width_mm
from .look import ElementLook, Look

ALIGN = {
    "giua": WD_ALIGN_PARAGRAPH.CENTER,
    "trai": WD_ALIGN_PARAGRAPH.LEFT,
    "phai": WD_ALIGN_PARAGRAPH.RIGHT,
    "deu": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# Named paragraph styles that templates use for prose. Their typography is
# reset from the rule set on every render, so an edit in Word cannot make a
# document leave the rule set. (name shown in Word, style id, bold, italic)
PROSE_STYLES = {
    "body": ("VB Nội dung", "VBNoiDung", False, False),
    "heading": ("VB Mục", "VBMuc", True, False),
    "subheading": ("VB Mục nhỏ", "VBMucNho", True, False),
    "title": ("VB Tiêu đề bảng", "VBTieuDeBang", True, False),
    "table": ("VB Bảng", "VBBang", False, False),
    "table_head": ("VB Đầu bảng", "VBDauBang", True, False),
}
TABLE_STYLES = {"title", "table", "table_head"}


# Children that follow an element in its parent, per the WordprocessingML schema:
# a new element goes before the first of these that is present.
AFTER = {
    "w:szCs": ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
               "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
}


def insert_in_order(parent, child) -> None:
    """Put *child* where the schema wants it among *parent*'s children."""
    tag = child.tag
    key = next(k for k in AFTER if qn(k) == tag)
    for follower in AFTER[key]:
        found = parent.find(qn(follower))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def set_fonts(rpr_owner, name: str) -> None:
    """Name the font for every script slot (ascii, hAnsi, eastAsia, cs)."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _size_cs(rpr_owner, size: float) -> None:
    rpr = rpr_owner.get_or_add_rPr()
    szcs = rpr.find(qn("w:szCs"))
    if szcs is None:
        szcs = OxmlElement("w:szCs")
        insert_in_order(rpr, szcs)
    szcs.set(qn("w:val"), str(int(round(size * 2))))


def _rule_length(element: ElementLook, texts: list[str]) -> float:
    """The length of the rule under an element: a fraction of its longest line."""
    longest = max((width_mm(t, element.size, element.bold, element.italic) for t in texts), default=0)
    return longest * (element.rule_fraction or 0)


def column_widths(table, widths) -> None:
    """Fix column widths where both Word (cell widths) and LibreOffice (the grid) read them
    (for tables built with python-docx: the templates' own)."""
    table.autofit = False
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for col, width in zip(grid, widths):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


CELL_PADDING_MM = 2 * 1.91 + 2  # default left + right cell margins, and room for rounding


def _text_width(look: Look, landscape: bool = False) -> float:
    page = look.page
    return (page.height_mm if landscape else page.width_mm) - page.left_mm - page.right_mm


def _two_column_widths(look: Look, left_mm: float | None = None) -> list[int]:
    left_mm = look.page.left_column_mm if left_mm is None else left_mm
    return [wml.twips_mm(left_mm), wml.twips_mm(_text_width(look) - left_mm)]


def fit_header(frame, look: Look) -> tuple[float, float | None]:
    """(left column mm, date size or None) so that the date line and the title fit their column:
    first the left column narrows within the rules, as far as its own lines allow; then the
    date line shrinks within its allowed sizes."""
    total = _text_width(look)
    el = look.elements

    def need(key: str, text: str, size: float | None = None) -> float:
        e = el[key]
        return width_mm(text, size or e.size, e.bold, e.italic) + CELL_PADDING_MM

    right_need = max([need(k, t) for k, t in [frame.date, *frame.right] if t] or [0])
    left = look.page.left_column_mm
    if total - left >= right_need:
        return left, None
    left_need = max([need(k, t) for k, t in [*frame.left, frame.number] if t] or [0])
    narrowest = max(look.page.narrowest_left_column_mm, left_need)
    if total - narrowest >= right_need:
        return total - right_need, None
    key, text = frame.date
    lo = (el[key].sizes or (el[key].size, el[key].size))[0]
    size = el[key].size
    while size > lo and need(key, text, size) > total - narrowest:
        size -= 0.5
    if need(key, text, size) > total - narrowest:
        return left, None  # it cannot fit within the rules: the line wraps after the place name
    return narrowest, (size if size != el[key].size else None)


HANGING = {"noi_nhan_dong"}  # elements whose wrapped lines stand clear of the leading dash


def element_paragraph(element: ElementLook, text: str, look: Look, size: float | None = None,
                      **para) -> str:
    """One thể thức element as a paragraph with the rule set's typography (*size*: within the
    element's range)."""
    size = element.size if size is None else size
    return _paragraph(text, look.font, size, element.align, element.bold, element.italic, element.underline,
                      tuple(sorted(para.items())))


@lru_cache(maxsize=512)  # the issuer, the quốc hiệu, the signature… repeat in every document of a run (a line
# each document has alone, its number, churns through: the cache stays a few hundred KB)
def _paragraph(text, font, size, align, bold, italic, underline, para) -> str:
    return wml.Para(align=align, **dict(para)).xml(wml.run(text, font, size, bold, italic, underline))


def rule_paragraph(length_mm: float, available_mm: float) -> str:
    """An empty, almost flat paragraph that carries a solid line under the line above it,
    *length_mm* long and centred in *available_mm*: drawn as a paragraph border, which Word
    and LibreOffice render alike, which never joins the text and leaves it its full width."""
    indent = wml.twips_mm(max(0.0, (available_mm - length_mm) / 2))
    return wml.Para(border_bottom=True, line_pt=5, left_twips=indent, right_twips=indent, align="giua").xml()


def _cell_lines(items, look: Look, sizes: dict | None = None, width_mm: float | None = None,
                rules: dict | None = None) -> list[str]:
    """(element, text) lines, one paragraph each; the last line of an element with a rule
    under it gets the rule (*rules*: element → length, *width_mm*: the cell's text width)."""
    out = []
    for i, (key, text) in enumerate(items):
        if not text:
            out.append(wml.Para().xml())
            continue
        element = look.elements[key]
        hanging = wml.twips_pt(element.size * 0.6) if key in HANGING and text.startswith("- ") else 0
        out.append(element_paragraph(element, text, look, (sizes or {}).get(key),
                                     left_twips=hanging, hanging_twips=hanging))
        last_of_element = i + 1 == len(items) or items[i + 1][0] != key
        if rules and key in rules and last_of_element and width_mm:
            out.append(rule_paragraph(rules[key], width_mm))
    return out


_made: dict[tuple, tuple[Look, str]] = {}


def _once(key: tuple, look: Look, make: Callable[[], str]) -> str:
    """*make()*, made once for *key* under *look*: the issuer's rows, the signature…
    are the same in every document of a run (a Look is held by identity)."""
    full = (id(look), *key)
    hit = _made.get(full)
    if hit is not None and hit[0] is look:
        return hit[1]
    if len(_made) >= 1024:
        _made.clear()
    value = make()
    _made[full] = (look, value)
    return value


def header_block(frame, look: Look) -> str:
    """The header table (issuer side | title side, then Số | date) and the title lines.

    Rows keep the two columns level: the Số line and the date line share the
    last row whatever the number of upper levels.
    """
    left_mm, date_size = fit_header(frame, look)
    widths = _two_column_widths(look, left_mm)
    upper = _once(("header", tuple(frame.left), tuple(frame.right), left_mm), look,
                  lambda: _upper_rows(frame, look, left_mm, widths))
    left = [frame.number] + ([frame.subject_under_number] if frame.subject_under_number else [])
    right = _cell_lines([frame.date], look, {frame.date[0]: date_size} if date_size else None)
    last = wml.Row([wml.Cell(_cell_lines(left, look), widths[0]), wml.Cell(right, widths[1])])
    out = [wml.table([upper, last], widths, borders=False)]
    total = _text_width(look)
    for i, (key, text) in enumerate(frame.title):
        element = look.elements[key]
        if element.rule_mm:  # a short rule on its own line, under the subject
            out.append(rule_paragraph(element.rule_mm, total))
            continue
        out.append(element_paragraph(element, text, look, before_pt=look.body.size if i == 0 else 0))
    out.append(wml.Para().xml())
    return "".join(out)


def _upper_rows(frame, look: Look, left_mm: float, widths: list[int]) -> str:
    """The header's rows above Số and the date, as XML: issuer levels | quốc hiệu, a rule
    under the last line of each element that has one (an issuer may take two rows)."""
    rows = max(len(frame.left), len(frame.right)) + 1
    total = _text_width(look)
    text_widths = (left_mm - CELL_PADDING_MM + 2, total - left_mm - CELL_PADDING_MM + 2)
    rules = {}
    for key, text in [*frame.left, *frame.right]:
        element = look.elements[key]
        if element.rule_fraction:
            rules[key] = _rule_length(element, [t for k, t in [*frame.left, *frame.right] if k == key])
    last = {side: {key: i for i, (key, _) in enumerate(lines)} for side, lines in (("l", frame.left), ("r", frame.right))}
    table_rows = []
    for i in range(rows - 1):
        cells = []
        for c, side, lines, filler in ((0, "l", frame.left, ("so_ky_hieu", "")), (1, "r", frame.right, ("ngay_thang", ""))):
            item = lines[i] if i < len(lines) else filler
            ruled = {k: v for k, v in rules.items() if last[side].get(k) == i}
            cells.append(wml.Cell(_cell_lines([item], look, width_mm=text_widths[c], rules=ruled), widths[c]))
        table_rows.append(wml.Row(cells).xml())
    return "".join(table_rows)


CLOSING_MARK = "vanban-phan-cuoi"


def closing_block(frame, look: Look) -> str:
    """Nơi nhận on the left, the signature on the right, level with each other, in one row
    that never splits across pages (and that the text before it keeps company with)."""
    widths = _two_column_widths(look)
    left = _cell_lines([frame.recipients_label] + frame.recipients, look)
    sig = frame.signature
    right = _once(("signature", tuple(sig), frame.blank_lines), look, lambda: wml.Cell(
        _cell_lines(sig[:-1] + [("ho_ten", "")] * frame.blank_lines + sig[-1:], look), widths[1]).xml())
    row = wml.Row([wml.Cell(left, widths[0]), right], cant_split=True)
    return wml.Para(keep_next=True).xml() + wml.table([row], widths, borders=False, caption=CLOSING_MARK)


CELL_MARGIN_MM = 1.0


def _text_mm(text: str, size: float) -> float:
    """Width of the longest word of *text* at *size* pt (Times New Roman, a generous average)."""
    longest = max((len(w) for w in str(text).split()), default=0)
    return longest * size * 0.6 * 25.4 / 72 + 0.5


def table_widths(table, text_width: float, size: float) -> list[float] | None:
    """Column widths in mm: each figure column as wide as its longest word, the name
    column the rest; None when the columns do not fit at this size."""
    rows = [table.headers, *table.rows] + ([table.total] if table.total else [])
    need = [max(_text_mm(row[c], size) for row in rows) + 2 * CELL_MARGIN_MM + 0.5
            for c in range(len(table.headers))]
    for c, least in enumerate(table.min_widths):
        need[c] = max(need[c], least)
    name = table.name_column if len(need) > 1 else 0
    rest = text_width - sum(w for i, w in enumerate(need) if i != name)
    if rest < max(need[name], 30):
        return None
    need[name] = rest
    return need


def data_table(table, look: Look) -> str:
    """A bordered table of figures (documents.Table): the heading row bold and repeated
    on each page, rows never split, figures centred, widths from what the columns hold
    (the text shrinks a point or two when a wide table would not fit otherwise)."""
    text_width = _text_width(look, table.landscape)
    size = look.body.table_size
    widths = table_widths(table, text_width, size)
    while widths is None and size > look.body.table_size - 2:
        size -= 1
        widths = table_widths(table, text_width, size)
    if widths is None:  # still too wide: equal shares, the headings wrap
        widths = [text_width / len(table.headers)] * len(table.headers)
    twips = [wml.twips_mm(w) for w in widths]
    rows = [table.headers, *table.rows] + ([table.total] if table.total else [])
    last = len(rows) - 1
    groups = [None, *table.groups] + [None] * (len(rows) - 1 - len(table.groups))
    height = wml.twips_mm(table.row_height_mm) if table.row_height_mm else 0
    out = []
    for r, values in enumerate(rows):
        heading = r == 0
        bold = heading or (table.total is not None and r == last)
        # a row keeps with the next one of its group: a document's rows stay on one page
        keep = r < last and bool(groups[r]) and groups[r] == groups[r + 1] or r == last and bool(table.note)
        cells = []
        for c, value in enumerate(values):
            figure = c == 0 or c >= table.figures_from or c in table.centred
            para = wml.Para(keep_next=keep or heading, align="giua" if heading or figure else "trai")
            text = wml.run(str(value), look.font, size, bold, size_cs=False)
            cells.append(wml.Cell([para.xml(text)], twips[c], centre_vertically=True))
        out.append(wml.Row(cells, cant_split=True, header=heading,
                           min_height_twips=height if 0 < r <= len(table.rows) else 0))
    after = wml.Para(before_pt=look.body.after_pt).xml()  # the text after does not touch the border
    note = ""
    if table.note:  # under the table, body text in italic; the last row keeps with it
        note = wml.Para(before_pt=look.body.after_pt / 2, align="deu").xml(
            wml.run(table.note, look.font, look.body.size, italic=True))
    return wml.table(out, twips, borders=True, cell_margin_twips=wml.twips_mm(CELL_MARGIN_MM)) + note + after


_CLOSING = f'<w:tblCaption w:val="{CLOSING_MARK}"/>'
_PARAGRAPH_START = re.compile(r"<w:p[ >]")
_TEXT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
# every rule joins a word to a number: only texts with a digit are looked at
_TEXT_WITH_DIGIT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<\d]*\d[^<]*)(</w:t>)")


def _keep_next(paragraph: str) -> str:
    """*paragraph* (one w:p) with keepNext in its properties, where the schema puts it."""
    if "<w:keepNext" in paragraph:
        return paragraph
    open_end = paragraph.index(">") + 1
    if paragraph.startswith("<w:pPr>", open_end):
        at = open_end + len("<w:pPr>")
        style = re.match(r"<w:pStyle\b[^>]*/>", paragraph[at:])
        at += style.end() if style else 0
        return paragraph[:at] + "<w:keepNext/>" + paragraph[at:]
    return paragraph[:open_end] + "<w:pPr><w:keepNext/></w:pPr>" + paragraph[open_end:]


def keep_closing_with_body(xml: str) -> str:
    """The last paragraph of text before the closing block, and any empty ones between,
    keep with it: the signature never stands alone on a page (*xml*: the document body)."""
    mark = xml.find(_CLOSING)
    if mark < 0:
        return xml
    end = xml.rfind("<w:tbl>", 0, mark)
    while end > 0 and xml.endswith("</w:p>", 0, end):
        start = max((m.start() for m in _PARAGRAPH_START.finditer(xml, xml.rfind("</w:p>", 0, end - 6) + 1, end)),
                    default=-1)
        if start < 0:
            break
        paragraph = xml[start:end]
        if paragraph.count("</w:p>") != 1:  # a paragraph holding a text box: leave it as it is
            break
        xml = xml[:start] + _keep_next(paragraph) + xml[end:]
        if "".join(m.group(2) for m in _TEXT.finditer(paragraph)).strip():
            break
        end = start
    return xml


def bind_text(xml: str) -> str:
    """No-break spaces where the rules join words, in every text of *xml*."""
    def bind(m):
        text = m.group(2)
        return m.group(1) + bind_words(text) + m.group(3) if " " in text else m.group(0)

    return _TEXT_WITH_DIGIT.sub(bind, xml)


# --------------------------------------------------------------------------
# The whole document


def _page_number_field(paragraph, size: float, font: str) -> None:
    def fld(kind):
        r = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
        return r

    begin = fld("begin")
    instr = paragraph.add_run()
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = " PAGE "
    instr._r.append(t)
    sep = fld("separate")
    shown = paragraph.add_run("2")
    end = fld("end")
    for r in (begin, instr, sep, shown, end):
        r.font.size = Pt(size)
        set_fonts(r._r, font)


def _style(document, key: str):
    name, style_id, bold, italic = PROSE_STYLES[key]
    styles = document.styles
    style = next((s for s in styles if s.type == WD_STYLE_TYPE.PARAGRAPH and s.name == name), None)
    if style is None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), style_id)
        style.base_style = styles["Normal"]
        style.quick_style = True
    style.font.bold = bold
    style.font.italic = italic
    return style


def apply_look(document, look: Look, landscape: bool = False) -> None:
    """Page, margins, fonts, prose styles and page numbers from the rule set's look."""
    page, body = look.page, look.body
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        width, height = (page.height_mm, page.width_mm) if landscape else (page.width_mm, page.height_mm)
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(page.top_mm), Mm(page.bottom_mm)
        section.left_margin, section.right_margin = Mm(page.left_mm), Mm(page.right_mm)
        section.header_distance = Mm(page.top_mm / 2)
        # the page number appears from page 2: page 1 gets its own, empty header
        section.different_first_page_header_footer = look.page_number_from > 1
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        for r in list(p.runs):
            r._r.getparent().remove(r._r)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number_field(p, look.page_number_size, look.font)
        if look.page_number_from > 1:
            section.first_page_header.is_linked_to_previous = False

    normal = document.styles["Normal"]
    normal.font.name = look.font
    normal.font.size = Pt(body.size)
    set_fonts(normal.element, look.font)
    _size_cs(normal.element, body.size)
    npf = normal.paragraph_format
    npf.space_before, npf.space_after = Pt(0), Pt(0)
    npf.first_line_indent = Pt(0)
    npf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # every font named anywhere in styles.xml (docDefaults, Word's built-in
    # heading styles with theme fonts…) becomes the rule set's font
    # and so does direct formatting in the body (text pasted from elsewhere)
    parts = [document.styles.element, document.element]
    for fonts in (f for part in parts for f in part.iter(qn("w:rFonts"))):
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), look.font)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)

    for key in PROSE_STYLES:
        style = _style(document, key)
        style.font.name = look.font
        set_fonts(style.element, look.font)
        pf = style.paragraph_format
        pf.space_before = Pt(0)
        if key in TABLE_STYLES:
            # tables and their titles: the table size, no indent, single spacing
            size = body.size if key == "title" else body.table_size
            style.font.size = Pt(size)
            pf.alignment = ALIGN["giua" if key != "table" else "trai"]
            pf.first_line_indent = Pt(0)
            pf.space_after = Pt(body.after_pt if key == "title" else 0)
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
            pf.keep_with_next = key == "title"  # a table's or a chart's title stays with it
            continue
        style.font.size = Pt(body.size)
        pf.keep_with_next = key != "body"  # a heading never ends a page
        pf.widow_control = True
        pf.alignment = ALIGN["deu"]
        pf.first_line_indent = Cm(body.first_indent_cm)
        pf.space_after = Pt(body.after_pt)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(body.line_pt)
