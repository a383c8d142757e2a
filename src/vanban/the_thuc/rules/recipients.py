"""TT12: «Nơi nhận:», its lines and the archive line that ends them.

The label in the profile's style, every character of it (a colon not italic
is a finding); the recipient lines in their size; the last line the archive
line in the rule set's pattern (State: «- Lưu: VT, <đơn vị soạn thảo>.»),
ending in a full stop of the same size. The drafter's initials in small type
after the archive line are usual practice and accepted.
"""

from __future__ import annotations

import re

from ..context import Context, sizes_text
from ..model import Line


def check(ctx: Context) -> None:
    el = ctx.elements
    profile = ctx.profile
    label = el.recipients
    if label is None:
        if not el.attached_only and not el.unsigned:
            ctx.add("TT12", ctx.layout, "cuối văn bản", "không có «Nơi nhận:»", "thêm khối Nơi nhận bên trái chữ ký")
        return
    spec = profile.thanh_phan["noi_nhan_nhan"]
    problems = ctx.style_problems(label, "noi_nhan_nhan", placed=False)
    if spec.chu.endswith(":") and not re.match(r"^Nơi\s*nhận\s*:", label.text):   # «Nơi nhận: như trên» has it
        problems.insert(0, "thiếu dấu hai chấm")
    if problems:
        ctx.add("TT12", ctx.layout, label.where, f"«{label.text[:20]}»: " + "; ".join(problems),
                f"sửa định dạng dòng «{spec.chu}»")
    entries = el.entries
    size = profile.thanh_phan["noi_nhan_dong"].co_chu
    archive = entries[-1] if entries and _archive_text(entries[-1]).startswith("Lưu") else None
    wrong = []
    for ln in entries:
        sizes = _entry_sizes(ln, archive is ln)
        if sizes and sizes != {size}:
            wrong.append((ln, sizes))
    if wrong:
        found = set().union(*(s for _, s in wrong))
        ctx.add("TT12", ctx.layout, wrong[0][0].where, f"{len(wrong)} dòng nơi nhận cỡ chữ {sizes_text(found)} "
                f"(quy định {size:g}), ví dụ «{wrong[0][0].text[:40]}»", f"đặt cỡ chữ {size:g} cho các dòng nơi nhận")
    if not entries:
        return
    if archive is None:
        ctx.add("TT12", f"{ctx.layout}, §4", entries[-1].where, f"dòng cuối của Nơi nhận «{entries[-1].text[:40]}» không phải "
                "dòng lưu", f"kết thúc bằng dòng lưu, ví dụ {profile.gioi_han.mau_luu_vi_du.format(so_ban=2)}")
        return
    _archive(ctx, archive)


def _archive_text(ln: Line) -> str:
    return re.sub(r"^[-–+•]\s*", "", ln.text)


def _initials_from(ln: Line, size: float) -> int:
    """Where the drafter's initials in smaller type begin among the line's pieces (len when none):
    the trailing pieces smaller than the line, when they hold letters."""
    pieces = ln.pieces
    k = len(pieces)
    while k > 0 and pieces[k - 1].fmt.size < size:
        k -= 1
    tail = "".join(p.text for p in pieces[k:])
    return k if any(c.isalpha() for c in tail) else len(pieces)


def _entry_sizes(ln: Line, is_archive: bool) -> set[float]:
    pieces = ln.pieces
    if is_archive:   # a line read as «Lưu …» has pieces
        pieces = pieces[:_initials_from(ln, max(p.fmt.size for p in pieces))]
    return {p.fmt.size for p in pieces if any(c.isalnum() for c in p.text)}


def _archive(ctx: Context, ln: Line) -> None:
    profile = ctx.profile
    keep = _initials_from(ln, max(p.fmt.size for p in ln.pieces))
    own = ln.pieces[:keep]
    initials = "".join(p.text for p in ln.pieces[keep:])
    text = re.sub(r"\s+", " ", "".join(p.text for p in own)).strip()
    text = re.sub(r"^[-–+•]\s*", "", text)
    if initials and re.match(r"^\.", initials.strip()):
        text = text + "."   # «- Lưu: VT, NC.Châu»: the stop belongs to the line, the name is the drafter's
    text = re.sub(r"\s*,\s*", ", ", re.sub(r"\s*:\s*", ": ", text))
    text = re.sub(r"\bVăn thư\b", "VT", text, flags=re.I)   # «VT» written out
    if not re.match(profile.gioi_han.mau_luu, text):
        problem = _what_is_missing(text, profile.mau.luu)
    else:
        # the full stop in a larger size stands out; in the drafter's small type it is usual practice.
        # The line matched «Lưu…»: its own pieces hold letters, and a piece that is not blank
        last = next(p for p in reversed(own) if p.text.strip())
        letters = [p.fmt.size for p in own if any(c.isalpha() for c in p.text)]
        line_size = max(set(letters), key=letters.count)
        if last.text.strip() != "." or last.fmt.size <= line_size:
            return
        problem = f"dấu chấm cuối dòng cỡ {last.fmt.size:g} (chữ của dòng cỡ {line_size:g})"
    ctx.add("TT12", f"{ctx.layout}, §4", ln.where, f"dòng lưu «{ln.text[:40]}»: {problem}",
            f"viết theo mẫu {profile.gioi_han.mau_luu_vi_du.format(so_ban=2)}")


def _what_is_missing(text: str, pattern: str) -> str:
    """Say what the archive line lacks, against the profile's «Lưu: VT, …» form."""
    wants_colon = pattern.startswith("Lưu:")
    wants_unit = ", " in pattern
    missing = []
    if wants_colon and not re.match(r"^Lưu\s*:", text):
        missing.append("dấu hai chấm sau «Lưu»")
    if "VT" in pattern and not re.search(r"\bVT\b", text):
        missing.append("«VT» (văn thư)")
    if wants_unit and re.search(r"\bVT\b", text) and not re.search(r"\bVT\s*,\s*\S", text):
        missing.append("tên viết tắt của đơn vị soạn thảo sau «VT,»")
    if missing and not text.rstrip().endswith("."):
        missing.append("dấu chấm ở cuối")
    return "thiếu " + ", ".join(missing) if missing else "không đúng mẫu dòng lưu"
