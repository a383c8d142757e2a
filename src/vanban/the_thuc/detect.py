"""Which rules apply: the rule set whose title heads the document (Party or
State), or none at all when the file is a form or another kind of text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import vietnamese as vi
from ..data.profiles import load_profile
from ..data.model import Profile

RULE_SETS = ("dang", "nha_nuoc")  # profiles/<code>.yaml: every value a rule checks comes from there
# a 'Số …' line of a document's number, not 'Số điện thoại:' or 'Số định danh …' of a form
NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?:[0-9]\S*|\s*[/-]\S*|\s*$)")
# the type lines of forms and citizens' papers, which the thể thức rules do not govern
FORM_TITLE = re.compile(r"^(TỜ KHAI|ĐƠN\b|PHIẾU\b|BẢN KHAI|BẢN KÊ KHAI|BẢN ĐĂNG KÝ|GIẤY ĐỀ NGHỊ|GIẤY CAM KẾT|BIỂU MẪU|"
                        r"MẪU SỐ|SƠ YẾU LÝ LỊCH|BẢNG KÊ\b|BẢNG TỔNG HỢP|ĐỀ KIỂM TRA|ĐỀ THI\b|BIÊN NHẬN)")
SIGNING = re.compile(r"^(T/M|K/T|T/L|TM\.|KT\.|TL\.|TUQ\.)\s*\S")
HEAD_LINES = 40   # the header is among the first lines read
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class NumberRule:
    """How a rule set writes «Số …», derived from its profile's patterns (mau)."""

    pattern: re.Pattern   # groups: colon, the number
    colon: bool           # «Số:» (State) or «Số» (Party)
    example: str          # «Số 28-KH/ĐU»


def number_rule(profile: Profile) -> NumberRule:
    """«Số», a colon or not, the number (blank in a draft), then what the profile's forms
    (a document's, a công văn's) put after it, symbols being letters, digits, - and /."""
    tails = []
    for form in (profile.mau.so_ky_hieu, profile.mau.so_ky_hieu_cong_van):
        pieces = _PLACEHOLDER.split(form.split("{so}", 1)[1])
        tail = "".join(re.escape(x) if i % 2 == 0 else r"[A-ZĐa-z0-9\-/]+" for i, x in enumerate(pieces))
        if tail not in tails:
            tails.append(tail)
    pattern = re.compile(r"^Số\s*(:)?\s*(\d+|\s*)(?:" + "|".join(tails) + ")$")
    example = profile.mau.so_ky_hieu.format(so="28", ky_hieu="KH", co_quan=profile.mau.vi_du_co_quan)
    return NumberRule(pattern, form_has_colon(profile.mau.so_ky_hieu), example)


def form_has_colon(form: str) -> bool:
    return re.match(r"^Số\s*:", form) is not None


@lru_cache(maxsize=None)
def rules_of(code: str) -> tuple[Profile, str, NumberRule]:
    """(profile, the title at the top of its right column, its number rule)."""
    profile = load_profile(code)
    title = profile.thanh_phan[profile.bo_cuc.phai[0]].chu
    return profile, title, number_rule(profile)


def title_key(text: str) -> str:
    """A title compared without its tone placement (CỘNG HOÀ / HÒA), dash kind or spacing."""
    text = re.sub(r"\s*[-–—]\s*", " - ", vi.set_tone_style(vi.upper(text), "moi"))
    return re.sub(r"\s+", " ", text).strip()


def detect(texts: list[str]) -> str | None:
    """The rule set whose title stands among the first lines (in either tone placement)."""
    head = {title_key(t) for t in texts[:HEAD_LINES]}
    return next((code for code in RULE_SETS if title_key(rules_of(code)[1]) in head), None)


def administrative_parts(texts: list[str]) -> tuple[bool, str]:
    """(is it an administrative document, and if not, what it lacks or is)."""
    head = texts[:HEAD_LINES]
    form = next((t for t in head if FORM_TITLE.match(t)), None)
    recipients = any(t.replace(" ", "").startswith("Nơinhận") for t in texts)
    if form and not recipients:
        return False, f"là một biểu mẫu («{form[:40]}»), không có Nơi nhận"
    number = any(NUMBER_LINE.match(t) for t in head)
    signing = any(SIGNING.match(t) for t in texts)
    if not (number or recipients or signing):
        return False, "không có số và ký hiệu, không có quyền hạn ký, không có Nơi nhận"
    return True, ""
