"""WordprocessingML for thể thức: page setup, named styles, the header table,
the signature and Nơi nhận table, the page number. Every size comes from the
Look (ooxml/look.py, made from the rule set's profile by the layer above); this is the
only module that lays out raw OOXML for thể thức.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from . import wml
from ..text.vietnamese import NBSP
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


def _rule_length(element: ElementLook, texts: list[str], size: float | None = None) -> float:
    """The length of the rule under an element: a fraction of its longest line."""
    longest = max((width_mm(t, size or element.size, element.bold, element.italic) for t in texts), default=0)
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
NAME_PADDING_MM = 2 * 1.91 + 0.5  # the same for a name, measured in the font the page is set in


def _text_width(look: Look, landscape: bool = False) -> float:
    page = look.page
    return (page.height_mm if landscape else page.width_mm) - page.left_mm - page.right_mm


def _two_column_widths(look: Look, left_mm: float | None = None) -> list[int]:
    left_mm = look.page.left_column_mm if left_mm is None else left_mm
    return [wml.twips_mm(left_mm), wml.twips_mm(_text_width(look) - left_mm)]


# Words a name never parts between when it goes onto two lines (upper case, as the header prints)
_COMPOUNDS = {("THÀNH", "PHỐ"), ("THỊ", "XÃ"), ("THỊ", "TRẤN"), ("NHÂN", "DÂN"), ("ĐẢNG", "BỘ"), ("ĐẢNG", "ỦY"),
              ("ĐẢNG", "UỶ"), ("ỦY", "BAN"), ("UỶ", "BAN"), ("BAN", "THƯỜNG"), ("THƯỜNG", "VỤ"), ("CHI", "BỘ"),
              ("GIÁO", "DỤC"), ("ĐÀO", "TẠO"), ("CƠ", "QUAN"), ("DOANH", "NGHIỆP"), ("HỒ", "CHÍ"), ("CHÍ", "MINH"),
              ("CÔNG", "AN"), ("QUÂN", "SỰ"), ("VĂN", "PHÒNG"), ("TỔ", "CHỨC"), ("MẶT", "TRẬN"), ("TỔ", "QUỐC")}
# after one of these comes a place's name, which stays whole: 'ĐẢNG BỘ THÀNH PHỐ / HỒ CHÍ MINH'
_PLACE_WORDS = {"TỈNH", "PHỐ", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG", "TRẤN", "ẤP", "THÔN", "BẢN", "KHU", "ĐẶC"}


def two_lines(text: str, width: float, key: str, look: Look, size: float | None = None) -> list[str]:
    """*text* (a name of the header's left column) on one line if it fits *width* mm, else on
    two lines as even as the words allow, parting neither a compound ('THÀNH PHỐ', 'NHÂN DÂN')
    nor a place's name unless no other break fits."""
    e = look.elements[key]
    wide = lambda t: width_mm(t, size or e.size, e.bold, e.italic)  # noqa: E731
    words = text.split(" ")
    if wide(text) <= width or len(words) < 2:
        return [text]
    upper = [w.upper() for w in words]
    place = set()
    for i, w in enumerate(upper[:-1]):
        if w in _PLACE_WORDS and not (i + 1 < len(upper) and (w, upper[i + 1]) in _COMPOUNDS):
            place.update(range(i + 1, len(upper)))  # the words of the place's name, to the end

    def cost(i: int) -> tuple:
        first, second = " ".join(words[:i]), " ".join(words[i:])
        widest = max(wide(first), wide(second))
        torn = (upper[i - 1], upper[i]) in _COMPOUNDS or (i - 1 in place and i in place)
        return (widest > width, torn, widest)

    best = min(range(1, len(words)), key=cost)
    return [" ".join(words[:best]), " ".join(words[best:])]


def _longest_line(text: str, key: str, look: Look, size: float | None = None) -> float:
    """The width of *text* as two_lines would set it in the narrowest column it can take."""
    e = look.elements[key]
    words = text.split(" ")
    wide = lambda t: width_mm(t, size or e.size, e.bold, e.italic)  # noqa: E731
    if len(words) < 2:
        return wide(text)
    return min(max(wide(" ".join(words[:i])), wide(" ".join(words[i:]))) for i in range(1, len(words)))


@dataclass(frozen=True)
class HeaderFit:
    left_mm: float                        # the left column
    date_size: float | None               # the date line's size, if not its own
    left: list[tuple[str, str]]           # the left column's items, a name on two lines with a '\n'
    sizes: dict[str, float]               # elements of the left column set smaller than their own size


def fit_header(frame, look: Look) -> HeaderFit:
    """How the header lays out so that the date line and the title fit their column and the
    names the left one. Within the rules' limits the left column takes its set width, or what its
    names need on one line, or as little as the right needs; names that still do not fit go onto
    two balanced lines, and then down to the least size their element allows (names give way,
    not the date); only then does the date line shrink within its allowed sizes, and if even that
    does not fit it wraps after the place name."""
    total = _text_width(look)
    el = look.elements

    def need(key: str, text: str, size: float | None = None) -> float:
        e = el[key]
        return width_mm(text, size or e.size, e.bold, e.italic) + CELL_PADDING_MM

    page = look.page
    default, lo = page.left_column_mm, min(page.narrowest_left_column_mm, page.left_column_mm)
    hi = max(page.widest_left_column_mm or default, default)
    right_need = max([need(k, t) for k, t in [frame.date, *frame.right] if t] or [0])
    smallest = {k: el[k].sizes[0] for k, t in frame.left if t and el[k].sizes and el[k].sizes[0] < el[k].size}

    def one_line(sizes: dict) -> float:
        return max([width_mm(t, sizes.get(k) or el[k].size, el[k].bold, el[k].italic) + NAME_PADDING_MM
                    for k, t in [*frame.left, frame.number] if t] or [0])

    def two(sizes: dict) -> float:
        return max([(_longest_line(t, k, look, sizes.get(k)) if (k, t) != frame.number else width_mm(t, el[k].size))
                    + NAME_PADDING_MM for k, t in [*frame.left, frame.number] if t] or [0])

    def fit(left: float, sizes: dict, date_size: float | None = None) -> HeaderFit:
        lines = [(k, "\n".join(two_lines(t, left - NAME_PADDING_MM, k, look, sizes.get(k))) if t else t)
                 for k, t in frame.left]
        return HeaderFit(left, date_size, lines, sizes)

    def within(room: float, tries) -> HeaderFit | None:
        for measure, sizes in tries:
            start = max(lo, measure(sizes))  # measured only when the tries before did not fit
            if start <= room:
                return fit(min(max(default, start), room), sizes)
        return None

    tries = [(one_line, {}), (two, {})] + ([(two, smallest)] if smallest else [])
    found = within(min(hi, total - right_need), tries)  # the right side whole
    if found:
        return found
    sizes = smallest
    left = max(lo, two(sizes))
    key, text = frame.date
    lowest = (el[key].sizes or (el[key].size, el[key].size))[0]
    size = el[key].size
    while size > lowest and need(key, text, size) > total - left:
        size -= 0.5
    if need(key, text, size) <= total - left and all(need(k, t) <= total - left for k, t in frame.right if t):
        return fit(left, sizes, size if size != el[key].size else None)
    # it cannot fit within the rules: the date line wraps after the place name, the names as above
    found = within(min(hi, total - max([need(k, t) for k, t in frame.right if t] or [0])), tries[:2])
    return found or fit(max(lo, two({})), {})


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
        for line in text.split("\n"):  # a name set on two lines: two paragraphs of one cell
            out.append(element_paragraph(element, line, look, (sizes or {}).get(key),
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


def _whole_date(line: tuple[str, str]) -> tuple[str, str]:
    """The date line with its date joined by no-break spaces: a line too long for its column
    wraps after the place name, never inside the date (the line is centred, not justified)."""
    key, text = line
    place, comma, date = text.rpartition(", ")
    return key, (place + comma + date.replace(" ", NBSP)) if comma else text


def header_block(frame, look: Look) -> str:
    """The header table (issuer side | title side, then Số | date) and the title lines.

    Rows keep the two columns level: the Số line and the date line share the
    last row whatever the number of upper levels.
    """
    fitted = fit_header(frame, look)
    left_mm, date_size = fitted.left_mm, fitted.date_size
    widths = _two_column_widths(look, left_mm)
    upper = _once(("header", tuple(fitted.left), tuple(frame.right), left_mm, tuple(fitted.sizes.items())), look,
                  lambda: _upper_rows(replace(frame, left=fitted.left), look, left_mm, widths, fitted.sizes))
    left = [frame.number] + ([frame.subject_under_number] if frame.subject_under_number else [])
    right = _cell_lines([_whole_date(frame.date)], look, {frame.date[0]: date_size} if date_size else None)
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


def _upper_rows(frame, look: Look, left_mm: float, widths: list[int], sizes: dict | None = None) -> str:
    """The header's rows above Số and the date, as XML: issuer levels | quốc hiệu, a rule
    under the last line of each element that has one (an issuer may take two rows)."""
    rows = max(len(frame.left), len(frame.right)) + 1
    total = _text_width(look)
    text_widths = (left_mm - CELL_PADDING_MM + 2, total - left_mm - CELL_PADDING_MM + 2)
    rules = {}
    for key, text in [*frame.left, *frame.right]:
        element = look.elements[key]
        if element.rule_fraction:
            rules[key] = _rule_length(element, [line for k, t in [*frame.left, *frame.right] if k == key
                                                for line in t.split("\n")], (sizes or {}).get(key))
    last = {side: {key: i for i, (key, _) in enumerate(lines)} for side, lines in (("l", frame.left), ("r", frame.right))}
    table_rows = []
    for i in range(rows - 1):
        cells = []
        for c, side, lines, filler in ((0, "l", frame.left, ("so_ky_hieu", "")), (1, "r", frame.right, ("ngay_thang", ""))):
            item = lines[i] if i < len(lines) else filler
            ruled = {k: v for k, v in rules.items() if last[side].get(k) == i}
            cells.append(wml.Cell(_cell_lines([item], look, sizes if c == 0 else None, width_mm=text_widths[c],
                                              rules=ruled), widths[c]))
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
CELL_PAD_MM = 2 * CELL_MARGIN_MM + 0.8   # both cell margins, the border and room for rounding
NAME_COLUMN_MM = 38    # a unit's name takes at least this (or its longest name, if shorter): narrower,
# names wrap word by word into many lines and a page holds a few rows
PORTRAIT_SHRINK, LANDSCAPE_SHRINK = 1, 2  # points a table's text may lose before it turns, or splits
LANDSCAPE_START = "<!--vanban:ngang-->"   # where a landscape section starts (before the table's title)
LANDSCAPE_END = "<w:sectPr><!--vanban:ngang-het--></w:sectPr>"  # the section's end, filled in by page_flow
_SPACES = re.compile(r"[ \t\n]+")  # where a cell's text may wrap (a no-break space does not)


def _word_mm(text: str, size: float, bold: bool) -> float:
    """The width of the longest unbreakable piece of *text* (no-break spaces join)."""
    return max((width_mm(w, size, bold) for w in _SPACES.split(str(text)) if w), default=0.0)


def table_widths(table, text_width: float, size: float) -> list[float] | None:
    """Column widths in mm: each figure on one line, each heading word and each word of
    a name whole, the name column at least NAME_COLUMN_MM (or its longest name) and the
    rest of the width; None when the columns do not fit at this size."""
    body = [*table.rows] + ([table.total] if table.total else [])
    n = len(table.headers)
    name = table.name_column if n > 1 else 0
    need = []
    for c in range(n):
        figure = c == 0 or c >= table.figures_from or c in table.centred
        widest = width_mm if figure and c != name else _word_mm
        need.append(max([_word_mm(table.headers[c], size, True),
                         *(widest(str(row[c]), size, False) for row in body if c < len(row))]) + CELL_PAD_MM)
    for c, least in enumerate(table.min_widths):
        need[c] = max(need[c], least)
    want = max([need[name], *(min(NAME_COLUMN_MM, width_mm(str(row[name]), size) + CELL_PAD_MM)
                              for row in body if name < len(row))])
    rest = text_width - sum(w for i, w in enumerate(need) if i != name)
    if rest < want:
        return None
    need[name] = rest
    return need


def _name_lines(text: str, width: float, size: float) -> int:
    """How many lines *text* takes in a column *width* mm wide (text width), word by word."""
    lines, used = 1, 0.0
    space = width_mm(" ", size)
    for word in _SPACES.split(str(text)):
        w = width_mm(word, size)
        if used and used + space + w > width:
            lines, used = lines + 1, w
        else:
            used += (space if used else 0) + w
    return lines


def _height(table, size: float, widths: list[float]) -> float:
    """About how tall the rows of *table* are, in points, with its names wrapped in their column."""
    name = table.name_column if len(widths) > 1 else 0
    width = widths[name] - CELL_PAD_MM
    per_line = size * 1.16
    counts: dict[str, int] = {}
    for row in table.rows:
        if name < len(row):
            counts[row[name]] = counts.get(row[name], 0) + 1
    return sum(n * (_name_lines(text, width, size) * per_line + 2) for text, n in counts.items())


SHORTER = 0.8  # a point less of text is worth it when the table is at least this much shorter


def _fit(table, look: Look) -> tuple[bool, float, list[float]] | None:
    """(landscape, text size, widths) of *table*: on its own page if it fits there at the table
    size or a point less, else on a landscape page (from a portrait document) at the table size
    down to two points less; within one page, the smaller size when it makes the table at least
    a fifth shorter (names on fewer lines). None when not even that holds it."""
    size = look.body.table_size
    orientations = [] if table.landscape else [(False, PORTRAIT_SHRINK)]
    orientations += [(True, LANDSCAPE_SHRINK)]
    for landscape, shrink in orientations:
        fits = []
        for at in (size - d for d in range(shrink + 1)):
            widths = table_widths(table, _text_width(look, landscape), at)
            if widths is not None:
                fits.append((landscape, at, widths))
        if fits:
            best = fits[0]
            if len(table.rows) > 1:  # a single row is never set smaller to be shorter
                height = _height(table, best[1], best[2])
                for fit in fits[1:]:
                    if _height(table, fit[1], fit[2]) <= SHORTER * height:
                        best, height = fit, _height(table, fit[1], fit[2])
            return best
    return None


def _columns(table, keep: list[int]):
    """*table* with only the columns *keep* (in order)."""
    pick = lambda row: tuple(row[c] for c in keep if c < len(row))  # noqa: E731
    index = {c: i for i, c in enumerate(keep)}
    first_figure = next((index[c] for c in keep if c >= table.figures_from), len(keep))
    return replace(table, headers=pick(table.headers), rows=tuple(pick(r) for r in table.rows),
                   total=pick(table.total) if table.total else None, figures_from=first_figure,
                   name_column=index.get(table.name_column, 0),
                   centred=tuple(index[c] for c in table.centred if c in index),
                   min_widths=pick(table.min_widths) if table.min_widths else ())


def _split(table, look: Look) -> list:
    """A table too wide even for a landscape page as several, each with the columns before the
    figures (number, name) and as many of the figure columns as fit."""
    lead = list(range(min(table.figures_from, len(table.headers))))
    rest = [c for c in range(len(table.headers)) if c not in lead]
    parts = []
    while rest:
        take = 1
        while take < len(rest) and _fit(replace(_columns(table, lead + rest[:take + 1]), landscape=True), look):
            take += 1
        parts.append(_columns(table, lead + rest[:take]))
        rest = rest[take:]
    return parts


def data_table(table, look: Look) -> str:
    """A bordered table of figures (documents.Table): the heading row bold and repeated
    on each page, rows never split, figures centred, widths from what the columns hold.
    A table too wide for its portrait page takes a landscape page of its own (a section
    that page_flow completes); a point or two smaller text first; one too wide even for
    that is split into tables that each repeat the number and name columns."""
    fit = _fit(table, look)
    if fit is None:
        parts = _split(table, look)
        out = []
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            part = replace(part, note=table.note if last else "", landscape=True)
            fitted = _fit(part, look)  # a part that fits nowhere: the least size, the columns even
            size, widths = fitted[1:] if fitted else (look.body.table_size - LANDSCAPE_SHRINK,
                                                      [_text_width(look, True) / len(part.headers)] * len(part.headers))
            out.append(_table_xml(part, look, size, widths, section_end=last and not table.landscape))
        return "".join(out) if table.landscape else LANDSCAPE_START + "".join(out)
    landscape, size, widths = fit
    xml = _table_xml(table, look, size, widths, section_end=landscape and not table.landscape)
    return LANDSCAPE_START + xml if landscape and not table.landscape else xml


def _table_xml(table, look: Look, size: float, widths: list[float], section_end: bool) -> str:
    twips = [wml.twips_mm(w) for w in widths]
    rows = [table.headers, *table.rows] + ([table.total] if table.total else [])
    last_row = len(rows) - 1
    group = dict(enumerate(table.groups, 1)).get  # a row's group (row 0 is the heading)
    height = wml.twips_mm(table.row_height_mm)
    out = []
    for r, values in enumerate(rows):
        heading = r == 0
        bold = heading or (table.total is not None and r == last_row)
        # a row keeps with the next one of its group: a document's rows stay on one page
        # and the last one with what follows (its note, or the text after the table: the book's
        # «Tổng cộng» line never stands alone on a page)
        keep = (group(r) and group(r) == group(r + 1)
                or r == last_row and (bool(table.note) or not section_end))
        cells = []
        for c, value in enumerate(values):
            figure = c == 0 or c >= table.figures_from or c in table.centred
            para = wml.Para(keep_next=keep or heading, align="giua" if heading or figure else "trai")
            text = wml.run(str(value), look.font, size, bold, size_cs=False)
            cells.append(wml.Cell([para.xml(text)], twips[c], centre_vertically=True))
        out.append(wml.Row(cells, cant_split=True, header=heading,
                           min_height_twips=height if 0 < r <= len(table.rows) else 0))
    # the text after does not touch the border, and keeps the table's last row company
    after = wml.Para(before_pt=look.body.after_pt, keep_next=not table.note and not section_end).xml()
    if section_end:  # the landscape page ends here; page_flow writes the section's properties
        after = after.replace("</w:pPr>", LANDSCAPE_END + "</w:pPr>")
    note = ""
    if table.note:  # under the table, body text in italic; the last row keeps with it
        note = wml.Para(before_pt=look.body.after_pt / 2, align="deu").xml(
            wml.run(table.note, look.font, look.body.size, italic=True))
    return wml.table(out, twips, borders=True, cell_margin_twips=wml.twips_mm(CELL_MARGIN_MM)) + note + after


_CLOSING = f'<w:tblCaption w:val="{CLOSING_MARK}"/>'
_PARAGRAPH_START = re.compile(r"<w:p[ >]")
_TEXT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
# every rule joins a word to a number or ends a closing sentence: only texts with a digit or
# './.' are looked at
# a no-break hyphen as Word writes it, in the run of the text around it


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
                    default=None)
        if start is None:  # a paragraph holding a text box (whose own paragraphs end inside it): leave it as it is
            break
        paragraph = xml[start:end]
        xml = xml[:start] + _keep_next(paragraph) + xml[end:]
        if _plain_text(paragraph).strip():
            break
        end = start
    return xml


# pPr children this module sets, in the schema's order (CT_PPr): each goes after pStyle and
# before anything that follows it
_PPR_ORDER = ("keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")
_PPR_LATER = re.compile(r"<w:(?:framePr|widowControl|numPr|suppressLineNumbers|pBdr|shd|tabs|suppressAutoHyphens"
                        r"|kinsoku|wordWrap|overflowPunct|topLinePunct|autoSpaceDE|autoSpaceDN|bidi|adjustRightInd"
                        r"|snapToGrid|spacing|ind|contextualSpacing|mirrorIndents|suppressOverlap|jc|textDirection"
                        r"|textAlignment|textboxTightWrap|outlineLvl|divId|cnfStyle|rPr|sectPr|pPrChange)\b")


def with_properties(paragraph: str, **flags: bool) -> str:
    """*paragraph* (one w:p) with the on/off properties *flags* (keepNext=True, widowControl=False…)
    set explicitly, each where the schema puts it (an explicit off overrides the style)."""
    open_end = paragraph.index(">") + 1
    if paragraph.endswith("/>", 0, open_end):  # <w:p/>
        paragraph, open_end = "<w:p>" + "</w:p>", len("<w:p>")
    if not paragraph.startswith("<w:pPr>", open_end) and not paragraph.startswith("<w:pPr ", open_end):
        paragraph = paragraph[:open_end] + "<w:pPr></w:pPr>" + paragraph[open_end:]
    start = paragraph.index(">", open_end) + 1
    end = paragraph.index("</w:pPr>", start)
    ppr = paragraph[start:end]
    for name in sorted(flags, key=_PPR_ORDER.index):
        ppr = re.sub(rf"<w:{name}\b[^>]*/>", "", ppr)
        element = f"<w:{name}/>" if flags[name] else f'<w:{name} w:val="0"/>'
        later = [m.start() for m in _PPR_LATER.finditer(ppr)]
        later += [m.start() for n in _PPR_ORDER[_PPR_ORDER.index(name) + 1:] for m in re.finditer(rf"<w:{n}\b", ppr)]
        at = min(later, default=len(ppr))
        ppr = ppr[:at] + element + ppr[at:]
    return paragraph[:start] + ppr + paragraph[end:]


_PARAGRAPH = re.compile(r"<w:p(?:\s[^>]*)?/>|<w:p(?:\s[^>]*)?>.*?</w:p>", re.S)
PANEL_BREAK = "<!--vanban:phan-->"  # between two runs: the panels of one picture, a paragraph each
_PPR = re.compile(r"<w:pPr\b[^>]*/>|<w:pPr\b[^>]*>.*?</w:pPr>", re.S)


def _panels_apart(xml: str) -> str:
    """Each panel of a picture in a paragraph of its own, with the paragraph's properties: the
    panels before the last flow on (a panel that does not fit goes on to the next page alone),
    only the last keeps with the caption (a paragraph of several pictures that kept with the next
    started on a page of its own)."""
    out, at = [], 0
    for m in _PARAGRAPH.finditer(xml):
        paragraph = m.group(0)
        if PANEL_BREAK not in paragraph:
            continue
        open_end = paragraph.index(">") + 1
        ppr = _PPR.match(paragraph, open_end)
        props = ppr.group(0) if ppr else ""
        head = paragraph[:open_end]
        parts = paragraph[(ppr.end() if ppr else open_end):-len("</w:p>")].split(PANEL_BREAK)
        made = [with_properties(head + props + part + "</w:p>", keepNext=False, widowControl=False)
                for part in parts[:-1]] + [head + props + parts[-1] + "</w:p>"]
        out += [xml[at:m.start()], "".join(made)]
        at = m.end()
    return "".join(out) + xml[at:] if out else xml


CAPTION = re.compile(r"^\s*(?:Hình|Biểu đồ|Sơ đồ)[\s\u00a0]*\d")


def _plain_text(paragraph: str) -> str:
    return "".join(m.group(2) for m in _TEXT.finditer(paragraph))


def keep_figures_with_captions(xml: str) -> str:
    """A picture and its caption ('Hình 2. …') on one page, in the body *xml*: a caption under
    its picture keeps the picture with it and no longer keeps with what follows it (which
    pushed picture and caption on to the next page together with a heading), a caption over
    its picture keeps with it; a caption's lines stay together. A picture paragraph of several
    panels may break between them (no widow control): only its last panel goes with the caption."""
    if "<w:drawing" not in xml:
        return xml
    if PANEL_BREAK in xml:
        xml = _panels_apart(xml)
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(xml)]

    def caption(j: int, i: int) -> bool:  # paragraph j is a caption right next to paragraph i
        if not 0 <= j < len(paragraphs):
            return False
        first, second = sorted((i, j))
        gap = xml[paragraphs[first][1]:paragraphs[second][0]]
        return not gap.strip() and bool(CAPTION.match(_plain_text(xml[paragraphs[j][0]:paragraphs[j][1]])))

    pictures = [i for i, (start, end) in enumerate(paragraphs)
                if "<w:drawing" in xml[start:end] and "<w:txbxContent" not in xml[start:end]
                and (caption(i + 1, i) or caption(i - 1, i))]
    # captions under their pictures or over them, as the last picture shows ([picture, Hình 1,
    # picture, Hình 2] and [Hình 1, picture, Hình 2, picture] both have a caption on each side)
    below = bool(pictures) and caption(pictures[-1] + 1, pictures[-1])
    edits: dict[int, dict] = {}
    for i in pictures:
        if below and caption(i + 1, i):
            edits[i] = {"keepNext": True, "widowControl": False}
            edits[i + 1] = {"keepNext": False, "keepLines": True}
        elif not below and caption(i - 1, i):
            edits[i - 1] = {"keepNext": True, "keepLines": True}
            edits[i] = {"widowControl": False}
    for i in sorted(edits, reverse=True):
        start, end = paragraphs[i]
        xml = xml[:start] + with_properties(xml[start:end], **edits[i]) + xml[end:]
    return xml


_SECT_PR = re.compile(r"<w:sectPr\b[^>]*>.*?</w:sectPr>|<w:sectPr\b[^>]*/>", re.S)
_TITLE_STYLE = f'<w:pStyle w:val="{PROSE_STYLES["title"][1]}"/>'
_TABLE_TITLE = re.compile(r"^\s*Bảng[\s\u00a0]*\d")
# the paragraph that ends a portrait section where no paragraph of the text can: as small as it gets
_BREAK_PARAGRAPH = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
                    '<w:rPr><w:sz w:val="2"/></w:rPr>{}</w:pPr></w:p>')


def _turned(sect: str) -> str:
    """The section properties *sect* of a portrait page, for a landscape one: the page turned,
    the margins as they are (as the landscape delivery book has them), no first-page header
    (the page number shows on every landscape page)."""
    def turn(m):
        attrs = dict(re.findall(r'(w:[hw])="(\d+)"', m.group(0)))
        w, h = sorted((int(attrs.get("w:w", 11906)), int(attrs.get("w:h", 16838))))
        return f'<w:pgSz w:w="{h}" w:h="{w}" w:orient="landscape"/>'

    return _numbered(re.sub(r"<w:pgSz\b[^>]*/>", turn, sect))


def _numbered(sect: str) -> str:
    """The section properties *sect* without a first page of their own: the page number shows on
    the section's first page too (every section but the document's first)."""
    return re.sub(r"<w:titlePg\b[^>]*/>", "", sect)


def landscape_sections(xml: str) -> str:
    """Give each wide table that data_table marked a landscape page of its own in the body *xml*:
    the portrait text before it ends a section (with the table's title going with the table),
    the table's section is the body's own page turned, and the text after it goes on in a
    section like the first but for its first-page header (page numbers run on)."""
    if LANDSCAPE_START not in xml:
        return xml
    final = None
    for final in _SECT_PR.finditer(xml):
        pass
    if final is None or LANDSCAPE_END in final.group(0):
        return xml.replace(LANDSCAPE_START, "").replace(LANDSCAPE_END, "")
    portrait = final.group(0)
    later = _numbered(portrait)
    xml = xml[:final.start()] + later + xml[final.end():]
    xml = xml.replace(LANDSCAPE_END, _turned(portrait))
    while (at := xml.find(LANDSCAPE_START)) >= 0:
        xml = xml[:at] + xml[at + len(LANDSCAPE_START):]
        before = [m for m in _PARAGRAPH.finditer(xml, 0, at)]
        # the table's title goes with the table
        if before and before[-1].end() == at and (_TITLE_STYLE in before[-1].group(0)
                                                  or _TABLE_TITLE.match(_plain_text(before[-1].group(0)))):
            at = before.pop().start()
        previous = before[-1] if before else None
        ended = xml.rfind("</w:sectPr>", 0, at)
        opened = xml.rfind("<w:sectPr", 0, ended)
        if ended >= 0 and 'w:orient="landscape"' in xml[opened:ended] and "<w:tbl>" not in xml[ended:at] and all(
                _heading_or_empty(m.group(0)) for m in _PARAGRAPH.finditer(xml, ended, at)):
            # only headings since the last landscape table: that table's page goes on instead (a
            # section the template ends itself stays)
            xml = xml[:opened] + xml[ended + len("</w:sectPr>"):]
            continue
        section = later if "<w:sectPr" in xml[:at] else portrait   # only the first section has a first page
        if previous is not None and previous.end() == at and "<w:sectPr" not in previous.group(0) \
                and "<w:drawing" not in previous.group(0):
            paragraph = previous.group(0)
            if paragraph.endswith("/>"):
                paragraph = paragraph[:-2] + "></w:p>"
            if "<w:pPr>" not in paragraph and "<w:pPr " not in paragraph:
                paragraph = paragraph.replace(">", "><w:pPr></w:pPr>", 1)
            end = re.search(r"<w:pPrChange\b|</w:pPr>", paragraph).start()  # before a tracked change, if any
            xml = xml[:previous.start()] + paragraph[:end] + section + paragraph[end:] + xml[at:]
        else:
            xml = xml[:at] + _BREAK_PARAGRAPH.format(section) + xml[at:]
    return xml


_HEADING_STYLES = tuple(f'<w:pStyle w:val="{PROSE_STYLES[k][1]}"/>' for k in ("heading", "subheading", "title"))


def _heading_or_empty(paragraph: str) -> bool:
    """A heading, a title or a paragraph without text: nothing a page would hold alone."""
    return (any(style in paragraph for style in _HEADING_STYLES) or "<w:keepNext/>" in paragraph
            or not _plain_text(paragraph).strip())


def page_flow(xml: str) -> str:
    """How the body *xml* runs over pages: pictures with their captions, wide tables on
    landscape pages of their own."""
    return landscape_sections(keep_figures_with_captions(xml))


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
