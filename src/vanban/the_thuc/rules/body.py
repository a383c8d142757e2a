"""TT09, TT10, TT11, TT18: the type name and summary, the signing
authority, the size of the body text. (TT16, the order of the elements, is
no rule of its own: the elements are found in reading order — the type name
after the header, the signing block after the type name — so one out of its
place is reported as missing, by TT09 or TT11.)

The body text is every line outside tables and text boxes between the
summary and the closing block, and the body of each text issued with the
document (a quy định after its quyết định: from under its «(Ban hành kèm
theo …)» line to the next such text); an appendix ends it. Each run with
letters counts: a run of another size inside a paragraph (pasted words, a
Normal-style run) is body text too; punctuation alone and raised (footnote)
marks are not judged.
"""

from __future__ import annotations

import re

from ..context import Context, mm, sizes_text
from ..elements import upper_words
from ..model import Line

APPENDIX = re.compile(r"^PHỤ LỤC\b")


def type_and_summary(ctx: Context) -> None:
    el = ctx.elements
    if el.kind is None:
        if el.summary_letter is None and not el.attached_only:
            ctx.add("TT09", ctx.layout, "sau phần đầu", "không thấy tên loại văn bản (KẾ HOẠCH, BÁO CÁO…)",
                    "thêm tên loại in hoa, đậm, căn giữa dưới phần đầu")
    else:
        _kind(ctx, el.kind)
        if el.subject is not None:
            ctx.style("TT10", ctx.layout, el.subject, "trich_yeu", "trích yếu")
    for ln in el.attached:
        _kind(ctx, ln)


def _kind(ctx: Context, ln: Line) -> None:
    ctx.style("TT09", ctx.layout, ln, "ten_loai", "tên loại", ctx.profile.gioi_han.co_chu_ten_loai)


def signature(ctx: Context) -> None:
    el = ctx.elements
    profile = ctx.profile
    sig = el.signature
    if sig is None:
        return
    wrong = tuple(profile.gioi_han.quyen_han_sai)
    if el.signature_prefixed and sig.text.startswith(wrong) and not sig.text.startswith(tuple(profile.quyen_han.values())):
        fix = next(iter(profile.quyen_han.values()))
        ctx.add("TT11", f"{ctx.layout}, §5.3", sig.where, f"«{sig.text}»: tiền tố ký thuộc quy tắc khác", f"viết «{fix} …»")
        return
    key = "quyen_han_ky" if el.signature_prefixed else "chuc_vu"
    name = "quyền hạn ký" if el.signature_prefixed else "chức vụ người ký"
    problems = ctx.style_problems(sig, key, placed=False)
    # the signing block stands in the right part, its lines centred on one another; set against
    # the left edge of a wide column, it is not
    place = sig.place
    if place is not None and place.alone and not place.wrapped and place.left_gap < 1.0 \
            and place.right_gap > place.end - place.start and sig.box.kind == "page":
        problems.append(f"căn trái: chữ sát mép trái, cách mép phải {mm(place.right_gap)} mm (ước tính từ vị trí "
                        "chữ trong tệp DOCX); quy định đặt khối chữ ký bên phải, căn giữa")
    if problems:
        ctx.add("TT11", ctx.layout, sig.where, f"{name} «{sig.text[:50]}»: " + "; ".join(problems),
                f"sửa định dạng {name} theo thể thức")
    for ln in el.signature_block[1:]:
        issue = ctx.misplaced(ln, "center")
        if issue and upper_words(ln.text):
            ctx.add("TT11", ctx.layout, ln.where, f"dòng «{ln.text[:40]}» của khối chữ ký: {issue}",
                    "căn giữa các dòng của khối chữ ký với nhau")
            break


def body_lines(ctx: Context) -> list[Line]:
    el = ctx.elements
    lines = ctx.lines
    head = [x.index for x in (el.subject, el.kind, el.summary_letter, el.date, el.number, el.title) if x is not None]
    titles = [x.index for x in el.attached]
    # the document's own body: after its summary, up to its closing block or the first text issued with it
    ends = [x.index for x in (el.signature, el.recipients) if x is not None] + titles
    spans = [(max(head) + 1 if head else 0, min(ends) if ends else len(lines))]
    # each text issued with it: after its «(Ban hành kèm theo …)» line (elements.find saw one among the
    # lines under its type name, which itself begins with a letter), up to the next one's type name
    for title, after in zip(titles, titles[1:] + [len(lines)]):
        note = next(x.index for x in lines[title:] if x.text.startswith("("))
        spans.append((note + 1, after))
    elements = {id(x) for x in (el.title, el.national, el.number, el.date, el.kind, el.subject, el.signature,
                                el.recipients, *el.parent, *el.issuer, *el.entries) if x is not None}
    out = []
    for a, b in spans:
        for ln in lines[a:b]:
            if APPENDIX.match(ln.text):
                break   # an appendix (tables, notes in smaller type) is not body text
            if not (ln.table or ln.box.kind == "box" or id(ln) in elements):
                out.append(ln)
    return out


def body_size(ctx: Context) -> None:
    lo, hi = ctx.profile.gioi_han.co_chu_noi_dung
    bad: list[Line] = []
    sizes: set[float] = set()
    for ln in body_lines(ctx):
        off = {p.fmt.size for p in ln.pieces
               if not p.fmt.raised and any(c.isalnum() for c in p.text) and not lo <= p.fmt.size <= hi}
        if off:
            bad.append(ln)
            sizes |= off
    if bad:
        example = bad[0]
        ctx.add("TT18", "§1", example.where, f"{len(bad)} đoạn nội dung có chữ cỡ {sizes_text(sizes)} "
                f"(quy định {lo:g}–{hi:g}), ví dụ «{example.text[:40]}»", f"đặt cỡ chữ nội dung {lo:g}–{hi:g}")
