"""TT17: page numbers from page 2, at the top, centred, none on page 1; the
header and footer hold nothing else.

Which header or footer prints on which page follows Word: page 1 of the first
section prints the first-page one when «Trang đầu khác» is set (none when the
section has none), else the default one; page 2 prints the even-page one when
«Trang chẵn lẻ khác» is set, else the default one. A page number is a PAGE
field, in a paragraph or in a text box of the header or footer.
"""

from __future__ import annotations

import re

from ...ooxml.format import q
from ..context import Context
from ..report import WARNING
from .. import pagecount

TOP, FOOT = "đầu trang", "chân trang"
SIDE = {"left": "ở bên trái", "both": "ở bên trái", "right": "ở bên phải"}   # an alignment Word does not know: «lệch»


def _is_page(instruction: str | None) -> bool:
    return "PAGE" in (instruction or "").upper().split()


def _fields(root, decoded) -> tuple[list, str]:
    """(the paragraphs holding a PAGE field, the text they show other than the results of fields)."""
    holders, text = [], []
    for p in root.iter(q("p")):
        open_fields: list[str] = []   # the instruction of each complex field open at this point
        own = []
        for node in p.iter(q("fldChar"), q("instrText"), q("t"), q("fldSimple")):
            if next(node.iterancestors(q("p"))) is not p:
                continue    # in a text box's paragraph: read as that paragraph
            if node.tag == q("fldSimple"):
                if _is_page(node.get(q("instr"))) and p not in holders:
                    holders.append(p)
            elif node.tag == q("fldChar"):
                kind = node.get(q("fldCharType"))
                if kind == "begin":
                    open_fields.append("")
                elif kind == "end" and open_fields:
                    if _is_page(open_fields.pop()) and p not in holders:
                        holders.append(p)
            elif node.tag == q("instrText"):
                if open_fields:
                    open_fields[-1] += node.text or ""
            elif not open_fields and next(node.iterancestors(q("fldSimple")), None) is None:
                own.append(decoded(node))
        text.append("".join(own))
    return holders, re.sub(r"\s+", " ", " ".join(text)).strip()


def _align(ctx: Context, p) -> str:
    if next(p.iterancestors(q("txbxContent")), None) is not None:
        return "box"
    return ctx.model.styles.para_format(p).align


def check(ctx: Context) -> None:
    doc = ctx.model.doc
    if not len(doc.sections):
        return
    first = doc.sections[0]

    def printed(header, footer) -> list:
        return [(hf._element, name) for hf, name in ((header, TOP), (footer, FOOT)) if not hf.is_linked_to_previous]

    page1 = printed(first.first_page_header, first.first_page_footer) if first.different_first_page_header_footer \
        else printed(first.header, first.footer)
    page2 = printed(first.even_page_header, first.even_page_footer) if doc.settings.odd_and_even_pages_header_footer \
        else printed(first.header, first.footer)
    fields = {root: _fields(root, ctx.model.decoded) for root, _ in page1 + page2}
    # anything else than the page number in a header or footer that prints
    for root, name in dict(page1 + page2).items():
        other = fields[root][1]
        if re.search(r"\w", other):
            ctx.add("TT17", "§1", name, f"{name} có nội dung khác ngoài số trang: «{other[:50]}»",
                    f"xóa nội dung ấy khỏi {name} (chỉ để số trang ở giữa phía trên, từ trang 2)", WARNING)
    on_page1 = [name for root, name in page1 if fields[root][0]]
    if on_page1:
        ctx.add("TT17", "§1", on_page1[0], "số trang in cả ở trang 1",
                "chọn «Trang đầu khác» (Different first page) cho đầu trang", WARNING)
    pages, how = page_count(ctx)
    if pages == 1:
        return
    numbered = [(root, name) for root, name in page2 if fields[root][0]]
    top = [fields[root][0] for root, name in numbered if name == TOP]
    if not numbered:
        ctx.add("TT17", "§1", TOP, f"văn bản {pages} trang ({how}) mà không có số trang",
                "chèn số trang ở giữa phía trên, từ trang 2", WARNING)
    elif not top:
        ctx.add("TT17", "§1", FOOT, "số trang ở chân trang (quy định ở giữa phía trên)",
                "đặt số trang ở giữa phía trên (đầu trang)", WARNING)
    else:
        align = _align(ctx, top[0][0])
        if align not in ("center", "box"):
            ctx.add("TT17", "§1", TOP, f"số trang {SIDE.get(align, 'lệch')} (quy định ở giữa)", "căn giữa số trang",
                    WARNING)


def page_count(ctx: Context) -> tuple[int, str]:
    """(pages, how it is known): the count Word saved, else the estimate, settled on the printed
    document when it is close to a page boundary and LibreOffice is there."""
    saved = pagecount.from_properties(ctx.model)
    if saved:
        return saved, "theo số trang Word đã lưu"
    guess = pagecount.estimate(ctx.model)
    low, high = pagecount.UNSURE
    if low <= guess <= high:
        printed = ctx.rendered.page_count()
        if printed:
            return printed, "đếm trên trang in do LibreOffice dàn"
    return (1 if guess <= high else max(2, round(guess + 0.3))), "ước tính từ nội dung tệp DOCX"
