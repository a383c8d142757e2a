"""TT08 (day and month zeros), TT13 (encoding), TT14 (tone placement), TT15
(one cited document, two dates): rules on the words, read after decoding."""

from __future__ import annotations

import re

from ...text import vietnamese as vi
from ..context import Context
from ..model import Line, norm

DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
CITED = re.compile(r"(?:số\s+)([0-9]{1,4}-[A-ZĐa-z]+/[A-ZĐa-z0-9\-]+)\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
NAMES = {"TCVN3": "bảng mã cũ TCVN3 (ABC, phông .Vn…)", "VNI": "bảng mã cũ VNI (phông VNI-…)",
         "NFD": "Unicode tổ hợp (NFD), không phải Unicode dựng sẵn"}


def dates(ctx: Context) -> None:
    for ln in ctx.lines:
        if "ngày" not in ln.text:
            continue
        for m in DATE.finditer(ln.text):
            day, month = int(m.group(1)), int(m.group(2))
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            expected = f"ngày {vi.day_text(day)} tháng {vi.month_text(month)} năm {m.group(3)}"
            if norm(m.group(0)) != expected:
                ctx.add("TT08", "§4, §5.5", ln.where, f"«{m.group(0)}» viết sai quy tắc ngày tháng",
                        f"viết «{expected}» (ngày dưới 10 và tháng 1, 2 có số 0 đứng trước)")


def encoding(ctx: Context) -> None:
    model = ctx.model
    found = dict(model.encodings)
    examples = dict(model.encoded_example)
    for part in ctx.model.parts:
        if part is model.body_part:
            continue
        for para in part.paragraphs:
            text = para.text
            if text and "NFD" not in found and not vi.is_nfc(text):
                found["NFD"] = 1
                examples["NFD"] = (para.where, text, vi.nfc(text))
    for enc in ("TCVN3", "VNI", "NFD"):
        if enc not in found:
            continue
        where, raw, text = examples[enc]
        runs = found[enc]
        if enc == "NFD":
            message = f"chữ ở dạng {NAMES[enc]} trong {runs} đoạn chữ, ví dụ «{text.strip()[:40]}»"
            fix = "gõ lại bằng bộ gõ Unicode dựng sẵn, hoặc chạy chuyển mã sang Unicode dựng sẵn"
        else:
            message = (f"chữ gõ bằng {NAMES[enc]} trong {runs} đoạn chữ, ví dụ «{raw.strip()[:30]}» "
                       f"(đọc là «{text.strip()[:30]}»)")
            fix = f"chuyển mã từ {enc} sang Unicode dựng sẵn (ví dụ Unikey › Công cụ chuyển mã) và đặt phông Times New Roman"
        ctx.add("TT13", "§5.8", where, message, fix)


def tone(ctx: Context) -> None:
    if ctx.model.encodings.get("TCVN3", 0) + ctx.model.encodings.get("VNI", 0) > len(ctx.lines):
        return  # legacy text: how its tones were placed is the legacy font's, not the typist's
    styles: dict[str, dict[str, Line]] = {"moi": {}, "cu": {}}
    for ln in ctx.lines:
        for style, words in vi.tone_styles(ln.text).items():
            for w in words:
                styles[style].setdefault(w.lower(), ln)
    if styles["moi"] and styles["cu"]:
        new, old = next(iter(styles["moi"].items())), next(iter(styles["cu"].items()))
        ctx.add("TT14", "§5.8", old[1].where, f"lẫn hai kiểu bỏ dấu trong một văn bản: «{new[0]}» và «{old[0]}»",
                "thống nhất một kiểu (hòa, ủy hoặc hoà, uỷ)")


def citations(ctx: Context) -> None:
    seen: dict[str, str] = {}
    for ln in ctx.lines:
        if "ngày" not in ln.text:
            continue
        for m in CITED.finditer(ln.text):
            number = m.group(1)
            date = f"{int(m.group(2))}/{int(m.group(3))}/{m.group(4)}"
            if number in seen and seen[number] != date:
                ctx.add("TT15", "§5.7", ln.where,
                        f"văn bản {number} được dẫn với hai ngày khác nhau: {seen[number]} và {date}",
                        "kiểm tra lại và dùng một ngày đúng cho cả hai chỗ")
            seen.setdefault(number, date)
