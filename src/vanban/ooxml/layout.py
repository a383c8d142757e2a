"""WordprocessingML for thể thức: page setup, named styles, the header table,
the signature and Nơi nhận table, the page number. Every size comes from the
Profile; this is the only module that touches raw OOXML.
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..data.model import Element, Profile

ALIGN = {
    "giua": WD_ALIGN_PARAGRAPH.CENTER,
    "trai": WD_ALIGN_PARAGRAPH.LEFT,
    "phai": WD_ALIGN_PARAGRAPH.RIGHT,
    "deu": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

# Named paragraph styles that templates use for prose. Their typography is
# reset from the profile on every render, so an edit in Word cannot make a
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
    "w:tblBorders": ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"),
    "w:tblLayout": ("w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"),
    "w:tblCellMar": ("w:tblLook", "w:tblCaption", "w:tblDescription"),
    "w:tblCaption": ("w:tblDescription",),
    "w:pBdr": ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange"),
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


def _tight(paragraph) -> None:
    pf = paragraph.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.first_line_indent = Pt(0)
    pf.left_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE


def write_element(paragraph, element: Element, text: str, font: str, size: float | None = None) -> None:
    """One thể thức element as a run with the profile's typography (*size*: within the element's range)."""
    paragraph.alignment = ALIGN[element.can]
    run = paragraph.add_run(text)
    size = element.co_chu if size is None else size
    run.font.size = Pt(size)
    run.font.bold = element.dam
    run.font.italic = element.nghieng
    run.font.underline = element.gach_chan
    run.font.name = font
    set_fonts(run._r, font)
    _size_cs(run._r, size)


def rule_under(paragraph, length_mm: float, available_mm: float) -> None:
    """A solid line under the paragraph, *length_mm* long and centred in *available_mm*: drawn as
    a paragraph border, which Word and LibreOffice render alike and which never joins the text."""
    indent = max(0.0, (available_mm - length_mm) / 2)
    paragraph.paragraph_format.left_indent = Mm(indent)
    paragraph.paragraph_format.right_indent = Mm(indent)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{attr}"), value)
    borders.append(bottom)
    insert_in_order(ppr, borders)


def rule_line(paragraph, length_mm: float, available_mm: float) -> None:
    """An empty, almost flat paragraph that carries the rule under the line above it, so the
    text keeps its full width whatever the rule's length."""
    _tight(paragraph)
    paragraph.alignment = ALIGN["giua"]
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(5)
    rule_under(paragraph, length_mm, available_mm)


def _rule_length(element: Element, texts: list[str]) -> float:
    """The length of the rule under an element: a fraction of its longest line."""
    from .measure import width_mm

    longest = max((width_mm(t, element.co_chu, element.dam, element.nghieng) for t in texts), default=0)
    return longest * (element.duong_ke or 0)


def _no_borders(table) -> None:
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{edge}")
        b.set(qn("w:val"), "nil")
        borders.append(b)
    for old in (tblPr.find(qn("w:tblBorders")), tblPr.find(qn("w:tblLayout"))):
        if old is not None:
            tblPr.remove(old)
    insert_in_order(tblPr, borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    insert_in_order(tblPr, layout)


def column_widths(table, widths) -> None:
    """Fix column widths where both Word (cell widths) and LibreOffice (the grid) read them."""
    table.autofit = False
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for col, width in zip(grid, widths):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


CELL_PADDING_MM = 2 * 1.91 + 2  # default left + right cell margins, and room for rounding


def _two_columns(container, rows: int, profile: Profile, left_mm: float | None = None):
    page = profile.trang
    left_mm = page.cot_trai_mm if left_mm is None else left_mm
    left = Mm(left_mm)
    right = Mm(page.rong_mm - page.le_trai_mm - page.le_phai_mm - left_mm)
    table = container.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    column_widths(table, (left, right))
    return table


def fit_header(frame, profile: Profile) -> tuple[float, float | None]:
    """(left column mm, date size or None) so that the date line and the title fit their column:
    first the left column narrows within the rules, as far as its own lines allow; then the
    date line shrinks within its allowed sizes."""
    from .measure import width_mm

    page = profile.trang
    total = page.rong_mm - page.le_trai_mm - page.le_phai_mm
    el = profile.thanh_phan

    def need(key: str, text: str, size: float | None = None) -> float:
        e = el[key]
        return width_mm(text, size or e.co_chu, e.dam, e.nghieng) + CELL_PADDING_MM

    right_need = max([need(k, t) for k, t in [frame.date, *frame.right] if t] or [0])
    left_need = max([need(k, t) for k, t in [*frame.left, frame.number] if t] or [0])
    left = page.cot_trai_mm
    if total - left >= right_need:
        return left, None
    narrowest = max(profile.gioi_han.cot_trai_mm[0], left_need)
    if total - narrowest >= right_need:
        return total - right_need, None
    key, text = frame.date
    lo = (el[key].khoang or (el[key].co_chu, el[key].co_chu))[0]
    size = el[key].co_chu
    while size > lo and need(key, text, size) > total - narrowest:
        size -= 0.5
    if need(key, text, size) > total - narrowest:
        return left, None  # it cannot fit within the rules: the line wraps after the place name
    return narrowest, (size if size != el[key].co_chu else None)


HANGING = {"noi_nhan_dong"}  # elements whose wrapped lines stand clear of the leading dash


def _cell_lines(cell, items, profile: Profile, sizes: dict | None = None, width_mm: float | None = None,
                rules: dict | None = None) -> None:
    """Fill a cell with (element, text) lines, one paragraph each; a recipient line that wraps
    continues under its text, not under its dash; the last line of an element with a rule
    under it gets the rule (*rules*: element → length, *width_mm*: the cell's text width)."""
    first = True
    for i, (key, text) in enumerate(items):
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _tight(p)
        if text:
            element = profile.thanh_phan[key]
            write_element(p, element, text, profile.phong_chu, (sizes or {}).get(key))
            last_of_element = i + 1 == len(items) or items[i + 1][0] != key
            if rules and key in rules and last_of_element and width_mm:
                rule_line(cell.add_paragraph(), rules[key], width_mm)
            if key in HANGING and text.startswith("- "):
                dash = Pt(element.co_chu * 0.6)  # the width of '- ' in a serif face
                p.paragraph_format.left_indent = dash
                p.paragraph_format.first_line_indent = -dash


def header_block(container, frame, profile: Profile) -> None:
    """The header table (issuer side | title side, then Số | date) and the title lines.

    Rows keep the two columns level: the Số line and the date line share the
    last row whatever the number of upper levels.
    """
    rows = max(len(frame.left), len(frame.right)) + 1
    left_mm, date_size = fit_header(frame, profile)
    table = _two_columns(container, rows, profile, left_mm)
    page = profile.trang
    total = page.rong_mm - page.le_trai_mm - page.le_phai_mm
    widths = (left_mm - CELL_PADDING_MM + 2, total - left_mm - CELL_PADDING_MM + 2)
    rules = {}
    for key, text in [*frame.left, *frame.right]:
        element = profile.thanh_phan[key]
        if element.duong_ke:
            rules[key] = _rule_length(element, [t for k, t in [*frame.left, *frame.right] if k == key])
    # a rule goes under the last line of its element (an issuer may take two rows)
    last = {side: {key: i for i, (key, _) in enumerate(lines)} for side, lines in (("l", frame.left), ("r", frame.right))}
    for i in range(rows - 1):
        for c, side, lines, filler in ((0, "l", frame.left, ("so_ky_hieu", "")), (1, "r", frame.right, ("ngay_thang", ""))):
            item = lines[i] if i < len(lines) else filler
            ruled = {k: v for k, v in rules.items() if last[side].get(k) == i}
            _cell_lines(table.rows[i].cells[c], [item], profile, width_mm=widths[c], rules=ruled)
    last = table.rows[rows - 1]
    left = [frame.number] + ([frame.subject_under_number] if frame.subject_under_number else [])
    _cell_lines(last.cells[0], left, profile)
    _cell_lines(last.cells[1], [frame.date], profile, {frame.date[0]: date_size} if date_size else None)
    for i, (key, text) in enumerate(frame.title):
        p = container.add_paragraph()
        _tight(p)
        if i == 0:
            p.paragraph_format.space_before = Pt(profile.noi_dung.co_chu)
        element = profile.thanh_phan[key]
        if element.duong_ke_mm:  # a short rule on its own line, under the subject
            rule_line(p, element.duong_ke_mm, total)
            continue
        write_element(p, element, text, profile.phong_chu)
    spacer = container.add_paragraph()
    _tight(spacer)


CLOSING_MARK = "vanban-phan-cuoi"


def closing_block(container, frame, profile: Profile) -> None:
    """Nơi nhận on the left, the signature on the right, level with each other, in one row
    that never splits across pages (and that the text before it keeps company with)."""
    spacer = container.add_paragraph()
    _tight(spacer)
    spacer.paragraph_format.keep_with_next = True
    table = _two_columns(container, 1, profile)
    _row_rules(table.rows[0], heading=False)
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), CLOSING_MARK)
    insert_in_order(table._tbl.tblPr, caption)
    left, right = table.rows[0].cells
    _cell_lines(left, [frame.recipients_label] + frame.recipients, profile)
    sig = frame.signature
    gap = [("ho_ten", "")] * frame.blank_lines
    _cell_lines(right, sig[:-1] + gap + sig[-1:], profile)


def _row_rules(row, heading: bool) -> None:
    """A row never splits across pages; a heading row repeats on every page."""
    trPr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader") if heading else ("w:cantSplit",):
        el = OxmlElement(tag)
        trPr.append(el)


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


def data_table(container, table, profile: Profile) -> None:
    """A bordered table of figures (documents.Table): the heading row bold and repeated
    on each page, rows never split, figures centred, widths from what the columns hold
    (the text shrinks a point or two when a wide table would not fit otherwise)."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    page = profile.trang
    text_width = (page.cao_mm if table.landscape else page.rong_mm) - page.le_trai_mm - page.le_phai_mm
    size = profile.noi_dung.bang_co_chu
    widths = table_widths(table, text_width, size)
    while widths is None and size > profile.noi_dung.bang_co_chu - 2:
        size -= 1
        widths = table_widths(table, text_width, size)
    if widths is None:  # still too wide: equal shares, the headings wrap
        widths = [text_width / len(table.headers)] * len(table.headers)
    rows = [table.headers, *table.rows] + ([table.total] if table.total else [])
    grid = container.add_table(rows=len(rows), cols=len(table.headers))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    tblPr = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{edge}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), "4")
        b.set(qn("w:color"), "000000")
        borders.append(b)
    insert_in_order(tblPr, borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        m = OxmlElement(f"w:{edge}")
        m.set(qn("w:w"), str(int(Mm(CELL_MARGIN_MM).twips)))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    insert_in_order(tblPr, margins)
    column_widths(grid, [Mm(w) for w in widths])
    last = len(rows) - 1
    groups = [None, *table.groups] + [None] * (len(rows) - 1 - len(table.groups))
    for r, (row, values) in enumerate(zip(grid.rows, rows)):
        heading = r == 0
        bold = heading or (table.total is not None and r == last)
        _row_rules(row, heading)
        if table.row_height_mm and 0 < r <= len(table.rows):
            height = OxmlElement("w:trHeight")
            height.set(qn("w:val"), str(int(Mm(table.row_height_mm).twips)))
            height.set(qn("w:hRule"), "atLeast")
            row._tr.trPr.find(qn("w:cantSplit")).addnext(height)
        # a row keeps with the next one of its group: a document's rows stay on one page
        keep = r < last and bool(groups[r]) and groups[r] == groups[r + 1]
        for c, (cell, value) in enumerate(zip(row.cells, values)):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            _tight(p)
            p.paragraph_format.keep_with_next = keep or heading
            figure = c == 0 or c >= table.figures_from or c in table.centred
            p.alignment = ALIGN["giua" if heading or figure else "trai"]
            run = p.add_run(str(value))
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = profile.phong_chu
            set_fonts(run._r, profile.phong_chu)
    after = container.add_paragraph()  # the text that follows does not touch the border
    _tight(after)
    after.paragraph_format.space_before = Pt(profile.noi_dung.cach_sau_pt)


def keep_closing_with_body(document) -> None:
    """The last paragraph of text before the closing block keeps with it: the signature
    never stands alone on a page."""
    body = document.element.body
    for tbl in body.iter(qn("w:tbl")):
        caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        if caption is None or caption.get(qn("w:val")) != CLOSING_MARK:
            continue
        node = tbl.getprevious()
        while node is not None and node.tag == qn("w:p"):
            ppr = node.find(qn("w:pPr"))
            if ppr is None:
                ppr = OxmlElement("w:pPr")
                node.insert(0, ppr)
            if ppr.find(qn("w:keepNext")) is None:
                keep = OxmlElement("w:keepNext")
                # keepNext comes after pStyle and keepNext-preceding elements: put it after pStyle
                style = ppr.find(qn("w:pStyle"))
                (style.addnext(keep) if style is not None else ppr.insert(0, keep))
            if "".join(t.text or "" for t in node.iter(qn("w:t"))).strip():
                break
            node = node.getprevious()


def bind_text(document) -> None:
    """No-break spaces where the rules join words, in every text of the body."""
    from ..vietnamese import bind_words

    for t in document.element.body.iter(qn("w:t")):
        if t.text and " " in t.text:
            t.text = bind_words(t.text)


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


def apply_profile(document, profile: Profile, landscape: bool = False) -> None:
    """Page, margins, fonts, prose styles and page numbers from the profile."""
    page, body = profile.trang, profile.noi_dung
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        width, height = (page.cao_mm, page.rong_mm) if landscape else (page.rong_mm, page.cao_mm)
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(page.le_tren_mm), Mm(page.le_duoi_mm)
        section.left_margin, section.right_margin = Mm(page.le_trai_mm), Mm(page.le_phai_mm)
        section.header_distance = Mm(page.le_tren_mm / 2)
        # the page number appears from page 2: page 1 gets its own, empty header
        section.different_first_page_header_footer = profile.so_trang.tu_trang > 1
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        for r in list(p.runs):
            r._r.getparent().remove(r._r)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number_field(p, profile.so_trang.co_chu, profile.phong_chu)
        if profile.so_trang.tu_trang > 1:
            section.first_page_header.is_linked_to_previous = False

    normal = document.styles["Normal"]
    normal.font.name = profile.phong_chu
    normal.font.size = Pt(body.co_chu)
    set_fonts(normal.element, profile.phong_chu)
    _size_cs(normal.element, body.co_chu)
    npf = normal.paragraph_format
    npf.space_before, npf.space_after = Pt(0), Pt(0)
    npf.first_line_indent = Pt(0)
    npf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # every font named anywhere in styles.xml (docDefaults, Word's built-in
    # heading styles with theme fonts…) becomes the profile's font
    # and so does direct formatting in the body (text pasted from elsewhere)
    parts = [document.styles.element, document.element]
    for fonts in (f for part in parts for f in part.iter(qn("w:rFonts"))):
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), profile.phong_chu)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)

    for key in PROSE_STYLES:
        style = _style(document, key)
        style.font.name = profile.phong_chu
        set_fonts(style.element, profile.phong_chu)
        pf = style.paragraph_format
        pf.space_before = Pt(0)
        if key in TABLE_STYLES:
            # tables and their titles: the table size, no indent, single spacing
            size = body.co_chu if key == "title" else body.bang_co_chu
            style.font.size = Pt(size)
            pf.alignment = ALIGN["giua" if key != "table" else "trai"]
            pf.first_line_indent = Pt(0)
            pf.space_after = Pt(body.cach_sau_pt if key == "title" else 0)
            pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
            pf.keep_with_next = key == "title"  # a table's or a chart's title stays with it
            continue
        style.font.size = Pt(body.co_chu)
        pf.keep_with_next = key != "body"  # a heading never ends a page
        pf.widow_control = True
        pf.alignment = ALIGN["deu"]
        pf.first_line_indent = Cm(body.thut_dau_dong_cm)
        pf.space_after = Pt(body.cach_sau_pt)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(body.dong_cach_pt)
