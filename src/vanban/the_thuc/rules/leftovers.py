"""TT19: what Word leaves in a draft and must not go out with the issued
document: tracked changes not accepted or rejected (insertions, deletions,
moves, formatting changes), comments, highlighted text."""

from __future__ import annotations

from ...ooxml.format import q
from ..context import Context

CHANGES = {"ins": "chèn", "del": "xóa", "moveFrom": "chuyển đi", "moveTo": "chuyển đến",
           "rPrChange": "đổi định dạng chữ", "pPrChange": "đổi định dạng đoạn", "sectPrChange": "đổi trang in",
           "tblPrChange": "đổi bảng", "trPrChange": "đổi dòng bảng", "tcPrChange": "đổi ô bảng",
           "tblGridChange": "đổi cột bảng", "numberingChange": "đổi đánh số", "cellIns": "chèn ô",
           "cellDel": "xóa ô"}
COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def check(ctx: Context) -> None:
    counts: dict[str, int] = {}
    example = None
    for part in ctx.model.parts:
        for node in part.root.iter(*(q(tag) for tag in CHANGES)):
            tag = node.tag.split("}")[1]
            counts[tag] = counts.get(tag, 0) + 1
            if example is None and tag in ("ins", "del", "moveFrom", "moveTo"):
                text = "".join(t.text or "" for t in node.iter(q("t"), q("delText"))).strip()
                if text:
                    example = (part.label, CHANGES[tag], text)
    if counts:
        total = sum(counts.values())
        kinds = ", ".join(f"{n} {CHANGES[k]}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        where = example[0] if example else "toàn văn bản"
        tail = f", ví dụ {example[1]} «{example[2][:30]}»" if example else ""
        ctx.add("TT19", "§1", where, f"còn {total} thay đổi được theo dõi chưa chấp nhận ({kinds}){tail}",
                "Xem lại (Review) › Chấp nhận tất cả thay đổi (hoặc Từ chối), rồi tắt Theo dõi thay đổi")
    comments = _comments(ctx)
    if comments:
        n, first = comments
        ctx.add("TT19", "§1", "chú thích (comment)", f"còn {n} chú thích của người soạn/góp ý"
                + (f", ví dụ «{first[:40]}»" if first else ""),
                "xóa mọi chú thích: Xem lại (Review) › Xóa › Xóa tất cả chú thích")
    marked = [(ln, p) for ln in ctx.lines for p in ln.pieces if p.fmt.highlight and p.text.strip()]
    if marked:
        ln, piece = marked[0]
        lines = len({id(x) for x, _ in marked})
        ctx.add("TT19", "§1", ln.where, f"chữ được tô màu nền (highlight {piece.fmt.highlight}) ở {lines} dòng, "
                f"ví dụ «{piece.text.strip()[:30]}»", "bỏ tô màu nền: chọn chữ › Màu tô sáng › Không màu")


def _comments(ctx: Context) -> tuple[int, str] | None:
    from lxml import etree

    for part in ctx.model.doc.part.package.iter_parts():
        if part.content_type == COMMENTS:
            try:
                root = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                return None
            items = root.findall(q("comment"))
            if items:
                first = "".join(t.text or "" for t in items[0].iter(q("t"))).strip()
                return len(items), first
    refs = sum(1 for _ in ctx.model.body.iter(q("commentReference")))
    return (refs, "") if refs else None
