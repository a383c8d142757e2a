"""TT03: every visible letter in Times New Roman, Unicode.

A run's font is resolved through the whole chain (direct formatting, character
style, paragraph style, table style, document defaults, theme) for the slot
its letters use, and face names are read as the family they print in. So a
run with no formatting of its own that falls back to a Normal style in Calibri
is found, and «Times New Roman Bold» is not a finding.
"""

from __future__ import annotations

from ..context import Context
from ..fonts import family

SYMBOL_FONTS = {"Symbol", "Wingdings", "Wingdings 2", "Wingdings 3", "Webdings", "MT Extra", "Marlett"}


def check(ctx: Context) -> None:
    wanted = family(ctx.profile.phong_chu)
    bad: dict[str, tuple] = {}
    counts: dict[str, int] = {}
    families: dict[str, str] = {}
    for ln in ctx.lines:
        for piece in ln.pieces:
            name = families.get(piece.font)
            if name is None:
                name = families[piece.font] = family(piece.font)
            if name == wanted or name in SYMBOL_FONTS or not any(c.isalnum() for c in piece.raw):
                continue
            bad.setdefault(name, (ln, piece))
            counts[name] = counts.get(name, 0) + 1
    for name, (ln, piece) in bad.items():
        shown = piece.font if piece.font != name else name
        ctx.add("TT03", "§1", ln.where,
                f"phông chữ «{shown}» (quy định {wanted}) ở {counts[name]} đoạn chữ, ví dụ «{piece.text.strip()[:30]}» "
                f"trong «{ln.text[:40]}»", f"chọn toàn bộ văn bản và đặt phông {wanted}")
