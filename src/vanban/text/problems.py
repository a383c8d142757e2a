"""What text may not reach an official document: controls, hidden characters, legacy encodings."""

from __future__ import annotations

import unicodedata

from . import vietnamese as vi


# Characters no official document may carry: controls (but tab and line breaks), zero-width and
# direction marks and overrides, the byte-order mark inside text, lone surrogates.
_FORBIDDEN = {
    "Cc": "ký tự điều khiển",
    "Cf": "ký tự ẩn (không độ rộng hoặc đổi chiều chữ)",
    "Cs": "ký tự Unicode hỏng (nửa cặp thay thế)",
    "Co": "ký tự dùng riêng (Private Use)",
}


def text_problem(text: str) -> tuple[str, str] | None:
    """(what is wrong, how to fix) for a string that must not reach a document, else None."""
    for ch in text:
        if ch in "\t\n\r":
            continue
        kind = unicodedata.category(ch)
        if kind in _FORBIDDEN:
            return (f"có {_FORBIDDEN[kind]} U+{ord(ch):04X}",
                    "gõ lại đoạn chữ này (chữ dán từ trang web hoặc tệp khác có thể mang theo ký tự ẩn)")
    legacy = vi.legacy_encoding(text)
    if legacy:
        return (f"chữ có vẻ gõ bằng bảng mã cũ {legacy}: «{text[:30]}»",
                f"chuyển mã từ {legacy} sang Unicode dựng sẵn (ví dụ Unikey › Công cụ chuyển mã) rồi dán lại")
    return None
