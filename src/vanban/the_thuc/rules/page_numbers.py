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


def _fields(root, decoded=lambda t: t.text or "") -> tuple[bool, str, list]:
    """(a PAGE field is in it, the visible text other than field results, the paragraphs holding PAGE)."""
    has_page = False
    holders = []
    text = []
    for p in root.iter(q("p")):
        depth = 0          # inside a complex field
        showing = False    # in its result part
        page_field = False
        own: list[str] = []
        instr = ""
        for node in p.iter(q("fldChar"), q("instrText"), q("t"), q("fldSimple")):
            tag = node.tag
            if tag == q("fldSimple"):
                if "PAGE" in (node.get(q("instr")) or "").upper().split():
                    has_page = True
                    holders.append(p)
                continue
            if tag == q("fldChar"):
                kind = node.get(q("fldCharType"))
                if kind == "begin":
                    depth += 1
                    instr = ""
                elif kind == "separate":
                    showing = True
                    page_field = "PAGE" in instr.upper().split()
                    if page_field:
                        has_page = True
                        holders.append(p)
                elif kind == "end":
                    depth = max(0, depth - 1)
                    showing = False
                continue
            if tag == q("instrText"):
                instr += node.text or ""
                if "PAGE" in instr.upper().split() and depth:
                    if p not in holders:
                        holders.append(p)
                        has_page = True
                continue
            anc = node.getparent()
            inside_simple = False
            while anc is not None and anc is not p:
                if anc.tag == q("fldSimple"):
                    inside_simple = True
                    break
                anc = anc.getparent()
            if depth and showing or inside_simple:
                continue
            own.append(decoded(node))
        text.append("".join(own))
    return has_page, re.sub(r"\s+", " ", " ".join(text)).strip(), holders


def _align(ctx: Context, p) -> str:
    if any(True for _ in p.iterancestors(q("txbxContent"))):
        return "box"
    return ctx.model.styles.para_format(p).align


def check(ctx: Context) -> None:
    doc = ctx.model.doc
    sections = doc.sections
    if not len(sections):
        return
    first = sections[0]
    try:
        even_odd = bool(doc.settings.odd_and_even_pages_header_footer)
    except (AttributeError, KeyError, ValueError):
        even_odd = False

    def part(hf):
        return None if hf.is_linked_to_previous else hf._element

    titled = first.different_first_page_header_footer
    page1 = [(part(first.first_page_header), "đầu trang"), (part(first.first_page_footer), "chân trang")] if titled \
        else [(part(first.header), "đầu trang"), (part(first.footer), "chân trang")]
    page2 = [(part(first.even_page_header), "đầu trang"), (part(first.even_page_footer), "chân trang")] if even_odd \
        else [(part(first.header), "đầu trang"), (part(first.footer), "chân trang")]
    shown = {}
    for root, name in page1 + page2:
        if root is not None and id(root) not in shown:
            shown[id(root)] = (root, name)
    # anything else than the page number in a header or footer that prints
    for root, name in shown.values():
        _, other, _ = _fields(root, ctx.model.decoded)
        if re.search(r"\w", other):
            ctx.add("TT17", "§1", name, f"{name} có nội dung khác ngoài số trang: «{other[:50]}»",
                    f"xóa nội dung ấy khỏi {name} (chỉ để số trang ở giữa phía trên, từ trang 2)", WARNING)
    on_page1 = [(root, name) for root, name in page1 if root is not None and _fields(root)[0]]
    if on_page1:
        ctx.add("TT17", "§1", on_page1[0][1], "số trang in cả ở trang 1",
                "chọn «Trang đầu khác» (Different first page) cho đầu trang", WARNING)
    pages, how = page_count(ctx)
    if pages <= 1:
        return
    numbered = [(root, name) for root, name in page2 if root is not None and _fields(root)[0]]
    top = [(root, name) for root, name in numbered if name == "đầu trang"]
    if not numbered:
        ctx.add("TT17", "§1", "đầu trang", f"văn bản {pages} trang ({how}) mà không có số trang",
                "chèn số trang ở giữa phía trên, từ trang 2", WARNING)
    elif not top:
        ctx.add("TT17", "§1", "chân trang", "số trang ở chân trang (quy định ở giữa phía trên)",
                "đặt số trang ở giữa phía trên (đầu trang)", WARNING)
    else:
        holders = _fields(top[0][0])[2]
        aligns = {_align(ctx, p) for p in holders}
        if aligns and not aligns & {"center", "box"}:
            got = {"left": "bên trái", "right": "bên phải", "both": "bên trái"}.get(next(iter(aligns)), "lệch")
            ctx.add("TT17", "§1", "đầu trang", f"số trang ở {got} (quy định ở giữa)", "căn giữa số trang", WARNING)


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
