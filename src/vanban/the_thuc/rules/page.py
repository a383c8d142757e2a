"""TT01, TT02: the paper and the margins of every section, judged against the
section's orientation and content.

A section printed landscape is right when it holds a table (the rules allow
landscape for wide tables, as appendices are); its margins may then be the
portrait ones or the portrait ones turned with the page (top ← left, bottom ←
right, left ← bottom, right ← top), and only a value that fits neither
reading is reported.
"""

from __future__ import annotations

from ..context import Context, mm

NAMES = {"tren": "trên", "duoi": "dưới", "trai": "trái", "phai": "phải"}
TURNED = {"tren": "trai", "duoi": "phai", "trai": "duoi", "phai": "tren"}  # a landscape side ← its portrait side


def _range_text(lo: float, hi: float) -> str:
    return f"{lo:g} mm" if lo == hi else f"{lo:g}–{hi:g} mm"


def check(ctx: Context) -> None:
    """Each finding once, naming every section it is true of (a document of seven sections with the
    same margins has one finding per margin, not seven)."""
    found: dict[tuple, list[int]] = {}
    order: list[tuple] = []

    def add(rule, section_index, message, fix):
        key = (rule, message, fix)
        if key not in found:
            found[key] = []
            order.append(key)
        found[key].append(section_index)

    _judge(ctx, add)
    several = len(ctx.model.sections) > 1
    for key in order:
        rule, message, fix = key
        indexes = found[key]
        where = f"trang in (phần {_span(indexes)})" if several else "trang in"
        ctx.add(rule, "§1", where, message, fix)


def _span(indexes: list[int]) -> str:
    return ", ".join(str(i) for i in indexes[:12]) + (f" và {len(indexes) - 12} phần khác" if len(indexes) > 12 else "")


def _judge(ctx: Context, add) -> None:
    profile = ctx.profile
    tol = profile.gioi_han.sai_so_mm
    used = _sections_with_content(ctx)
    for s in ctx.model.sections:
        if s.index not in used:
            continue
        short, long_ = sorted((s.width, s.height))
        a4 = abs(short - profile.trang.rong_mm) <= tol and abs(long_ - profile.trang.cao_mm) <= tol
        facing = "ngang" if s.landscape else "đứng"
        if not a4:
            add("TT01", s.index, f"khổ giấy {mm(s.width)}×{mm(s.height)} mm ({facing}), không phải A4 "
                    f"({profile.trang.rong_mm:g}×{profile.trang.cao_mm:g} mm)", "Bố cục › Khổ giấy › A4")
        elif s.landscape and not s.has_table:
            add("TT01", s.index, "trang in khổ ngang mà phần này không có bảng (khổ ngang chỉ dùng cho "
                    "bảng rộng)", "Bố cục › Hướng › Dọc")
        margins = {"tren": s.top, "duoi": s.bottom, "trai": s.left, "phai": s.right}
        limits = profile.gioi_han.le_mm
        for key, value in margins.items():
            lo, hi = limits[key]
            if lo - tol <= value <= hi + tol:
                continue
            if s.landscape and s.has_table:
                tlo, thi = limits[TURNED[key]]
                if tlo - tol <= value <= thi + tol:
                    continue
                want = (f"{_range_text(lo, hi)}, hoặc {_range_text(tlo, thi)} khi xoay lề của trang dọc theo "
                        "trang ngang")
            else:
                want = _range_text(lo, hi)
            add("TT02", s.index, f"lề {NAMES[key]} {mm(value)} mm (quy định {want})",
                    f"Bố cục › Lề › đặt lề {NAMES[key]} {_range_text(lo, hi)}")


def _sections_with_content(ctx: Context) -> set[int]:
    """Sections with text or a table: a trailing empty section prints nothing."""
    used = {ln.section.index for ln in ctx.lines}
    used |= {s.index for s in ctx.model.sections if s.has_table}
    return used or {ctx.model.sections[0].index}
