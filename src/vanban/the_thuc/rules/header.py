"""TT04–TT08: the header. The title block (Party title; State quốc hiệu and
tiêu ngữ) and the solid rule under it, the issuer and its parent body, the
separator under a Party issuer, «Số …» and the date line.

A rule under an element is a drawn line, a paragraph border, an underline, or
a typed line of underscores (prints solid); typed hyphens print dashed and are
not a solid rule.
"""

from __future__ import annotations

import re

from ...ooxml.format import has_bottom_border, has_drawing, q
from ..context import Context
from ..elements import SOLID_TYPED, is_rule_line
from ..model import Line


def check(ctx: Context) -> None:
    el = ctx.elements
    profile = ctx.profile
    party = ctx.code == "dang"
    title_el = profile.thanh_phan["tieu_de"]
    title = "tiêu đề" if party else "tiêu ngữ"
    if "quoc_hieu" in profile.thanh_phan:
        if el.national is None:
            ctx.add("TT04", ctx.layout, "phần đầu", f"không có quốc hiệu «{profile.thanh_phan['quoc_hieu'].chu}»",
                    "thêm quốc hiệu ở cột phải phần đầu văn bản")
        else:
            ctx.style("TT04", ctx.layout, el.national, "quoc_hieu", "quốc hiệu")
    if el.title is None:
        ctx.add("TT04", ctx.layout, "phần đầu", f"không có dòng «{title_el.chu}»", f"thêm {title} ở cột phải phần đầu văn bản")
    else:
        ctx.style("TT04", ctx.layout, el.title, "tieu_de", title)
        if title_el.gach_chan or title_el.duong_ke:
            solid, typed = rule_under(ctx, el.title)
            if not solid:
                what = (f"đường kẻ gõ bằng dấu gạch «{typed.text[:20]}» (in ra nét đứt), không phải đường kẻ liền"
                        if typed is not None else "không có đường kẻ liền")
                ctx.add("TT04", ctx.layout, el.title.where, f"dưới «{el.title.text}»: {what}",
                        "kẻ một đường liền dưới dòng này (vẽ đường thẳng, hoặc gõ dấu gạch dưới «_»)")
    _issuer(ctx)
    if el.number is None:
        if not el.attached_only:
            ctx.add("TT07", ctx.layout, "phần đầu", "không có dòng «Số …»", "thêm số và ký hiệu dưới tên cơ quan")
    else:
        number(ctx, el.number)
    if el.date is None:
        if not el.attached_only:
            ctx.add("TT08", ctx.layout, "phần đầu", "không có dòng địa danh, ngày tháng năm",
                    "thêm «<địa danh>, ngày … tháng … năm …» ở cột phải")
    else:
        ctx.style("TT08", ctx.layout, el.date, "ngay_thang", "dòng ngày tháng")


def _issuer(ctx: Context) -> None:
    el = ctx.elements
    profile = ctx.profile
    if profile.gioi_han.phan_cach and el.issuer:
        sep = el.separator
        if sep is not None and sep.text != "*":
            ctx.add("TT06", "§2, §5.2", sep.where, f"dưới tên cơ quan là đường gạch «{sep.text[:20]}»",
                    "thay bằng một dấu «*» căn giữa")
        elif sep is None:
            anchor = el.number or el.issuer[-1]
            ctx.add("TT06", "§2, §5.2", anchor.where, "thiếu dấu «*» dưới tên cơ quan ban hành",
                    "thêm một dòng «*» căn giữa giữa tên cơ quan và dòng Số")
    for ln in el.parent:
        ctx.style("TT05", ctx.layout, ln, "cap_tren", "tên cơ quan cấp trên")
    for ln in el.issuer:
        ctx.style("TT05", ctx.layout, ln, "co_quan", "tên cơ quan ban hành")
    issuer_el = profile.thanh_phan["co_quan"]
    if el.issuer and issuer_el.duong_ke:
        solid, typed = rule_under(ctx, el.issuer[-1])
        if not solid and typed is not None:
            ctx.add("TT05", "§3", typed.where, f"đường kẻ dưới tên cơ quan gõ bằng dấu gạch «{typed.text[:20]}» "
                    "(in ra nét đứt), không phải đường kẻ liền", "vẽ một đường thẳng ngắn dưới tên cơ quan")


def rule_under(ctx: Context, ln: Line) -> tuple[bool, Line | None]:
    """(a solid rule is drawn under *ln*, the typed dashed line found there if any)."""
    lines = ctx.lines
    i = ln.index
    look = ln.look
    if look.underline or has_drawing(ln.para.element) or has_bottom_border(ln.para.element):
        return True, None
    below = [x for x in lines[i + 1: i + 4] if x.column == ln.column]
    for x in below[:2]:
        if is_rule_line(x.text):
            if SOLID_TYPED.fullmatch(x.text.replace(" ", "")) or x.look.underline:
                return True, None
            return False, x
    if any(has_drawing(x.para.element) for x in lines[i + 1: i + 4]):
        return True, None
    if _empty_ruled(ln.para.element.getnext()):
        return True, None
    cell = ln.para.element.getparent()
    if cell.tag == q("tc"):
        # a line drawn anywhere in the header table: shapes are anchored in whichever paragraph
        # the clerk clicked, often the number's or the date's
        row = cell.getparent()
        if has_drawing(row.getparent()):
            return True, None
        # a border on the empty first paragraph of the cell below
        index = [c for c in row if c.tag == q("tc")].index(cell)
        below_row = next(row.itersiblings(q("tr")), None)
        cells = [] if below_row is None else [c for c in below_row if c.tag == q("tc")]
        if index < len(cells) and _empty_ruled(cells[index].find(q("p"))):
            return True, None
    return False, None


def _empty_ruled(nxt) -> bool:
    while nxt is not None and nxt.tag == q("p") and not "".join(t.text or "" for t in nxt.iter(q("t"))).strip():
        if has_bottom_border(nxt) or has_drawing(nxt):
            return True
        nxt = nxt.getnext()
    return False


def number(ctx: Context, ln: Line) -> None:
    rule = ctx.number_rule
    m = rule.pattern.match(ln.text)
    colon = re.match(r"Số\s*:", ln.text) is not None   # the line is NUMBER_LINE: «Số», spaces, a colon or not
    name = ctx.profile.ten.lower()
    if colon and not rule.colon:
        ctx.add("TT07", "§2, §5.1", ln.where, f"«{ln.text}»: {name} không có dấu hai chấm sau «Số»",
                f"viết «{rule.example}»")
    elif rule.colon and not colon:
        ctx.add("TT07", "§3, §5.1", ln.where, f"«{ln.text}»: {name} có dấu hai chấm sau «Số»",
                f"viết «{rule.example}»")
    elif m is None:
        ctx.add("TT07", ctx.layout, ln.where, f"«{ln.text}» không đúng dạng số và ký hiệu", f"viết theo mẫu «{rule.example}»")
    elif m.group(2).strip() and int(m.group(2)) < 10 and not m.group(2).startswith("0"):
        ctx.add("TT07", "§4", ln.where, f"«{ln.text}»: số dưới 10 phải có số 0 đứng trước",
                f"viết «{m.group(2).zfill(2)}»")
    ctx.style("TT07", ctx.layout, ln, "so_ky_hieu", "số và ký hiệu")

