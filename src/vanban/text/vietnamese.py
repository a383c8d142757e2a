"""Vietnamese text rules: NFC, dates, numbers, number words, case, collation,
tone-mark placement and ASCII file names.

Everything here is pure and has no knowledge of documents or organisations.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import format_decimal

LOCALE = "vi"

# --------------------------------------------------------------------------
# Unicode normal form


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC (TCVN 6909:2001 precomposed form)."""
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# --------------------------------------------------------------------------
# Dates


def day_text(day: int) -> str:
    """Day of month: a leading zero below 10 (``05``)."""
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Month: a leading zero for January and February only (``01``, ``02``, ``4``)."""
    return f"{month:02d}" if month <= 2 else str(month)


def date_words(date: _dt.date | None, blank_day: bool = False, year: int | None = None) -> str:
    """``ngày 05 tháng 01 năm 2018``.

    Drafts print blanks where the date is not fixed yet, the way offices do:
    with *blank_day* the day is left empty (``ngày    tháng 01 năm 2018``);
    with no date at all, day and month are (``ngày    tháng    năm 2018``).
    """
    blank = "    "
    if date is None:
        if year is None:
            raise ValueError("date_words needs a date or a year")
        return f"ngày {blank} tháng {blank} năm {year}"
    day = blank if blank_day else day_text(date.day)
    return f"ngày {day} tháng {month_text(date.month)} năm {date.year}"


def date_line(place: str, date: _dt.date | None, blank_day: bool = False, year: int | None = None) -> str:
    """The địa danh, ngày line of a document header."""
    return f"{place}, {date_words(date, blank_day, year)}"


def short_date(date: _dt.date) -> str:
    """``05/01/2018`` for tables and registers."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


# --------------------------------------------------------------------------
# Numbers


def two_digits(n: int) -> str:
    """Counts and document numbers below 10 get a leading zero: ``02``."""
    if n < 0:
        raise ValueError("negative count")
    return f"{n:02d}" if n < 10 else str(n)


def decimal(value, places: int = 0) -> str:
    """Vietnamese decimal notation: ``1.905``, ``87,5``."""
    q = round_half_up(value, places)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(q, format=pattern, locale=LOCALE)


def round_half_up(value, places: int = 1) -> Decimal:
    """The one rounding rule of vanban: half away from zero, at *places* decimals."""
    exp = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(exp, rounding=ROUND_HALF_UP)


def percent(part, whole, places: int = 1) -> str:
    """``87,5%``; an empty whole gives an em dash (no target, no ratio)."""
    if not whole:
        return "—"
    return decimal(Decimal(part) * 100 / Decimal(whole), places) + "%"


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_SCALES = ["", "nghìn", "triệu"]  # past these, «tỷ» for every three groups (number_words)


def _three(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; *full* forces 'không trăm' / 'linh' after a higher group."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 4 and tens >= 2:
            words.append("tư")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return words


def number_words(n: int) -> str:
    """Read a whole number in Vietnamese: 2018 → 'hai nghìn không trăm mười tám'."""
    if n < 0:
        return "âm " + number_words(-n)
    if n == 0:
        return "không"
    groups: list[int] = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    words: list[str] = []
    top = len(groups) - 1
    for i in range(top, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        words += _three(g, full=i < top)
        scale = i % 3
        if scale:
            words.append(_SCALES[scale])
        words += ["tỷ"] * (i // 3)
    return " ".join(words)


# --------------------------------------------------------------------------
# Case and collation


def upper(text: str) -> str:
    return nfc(nfc(text).upper())


_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {c: i for i, c in enumerate(_ALPHABET)}
# tone order used by Vietnamese dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn


def _split_letter(ch: str) -> tuple[str, int]:
    """One precomposed character → (letter with its vowel marks, tone rank)."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = 0
    kept = []
    for c in decomposed:
        if c in _TONES:
            tone = _TONES[c]
        else:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def sort_key(text: str):
    """Vietnamese alphabetical order: letters first (ă after a, đ after d, ơ after ô…),
    then tones (ngang < huyền < hỏi < ngã < sắc < nặng), then case."""
    primary, secondary, tertiary = [], [], []
    for ch in nfc(text):
        letter, tone = _split_letter(ch)
        low = letter.lower()
        if ch.isspace():
            primary.append(-1)
        elif low in _LETTER_RANK:
            primary.append(_LETTER_RANK[low])
        else:
            primary.append(1000 + ord(low))
        secondary.append(tone)
        tertiary.append(0 if letter == low else 1)
    return (primary, secondary, tertiary)


def sorted_vi(items, key=lambda x: x):
    return sorted(items, key=lambda item: sort_key(key(item)))


# --------------------------------------------------------------------------
# Tone-mark placement: 'hòa/ủy' (new, the default) versus 'hoà/uỷ' (old)

_WORD = re.compile(r"[^\W\d_]+")
_PAIRS = ("oa", "oe", "uy")


def _tone_site(word: str):
    """For a syllable ending in oa/oe/uy, return (style, base, tone) or None.

    style is 'moi' when the tone sits on the first vowel (hòa, ủy),
    'cu' when it sits on the second (hoà, uỷ).
    """
    d = unicodedata.normalize("NFD", word)
    tone = None
    tone_at = -1
    base_chars = []
    for c in d:
        if c in _TONES:
            tone = c
            tone_at = len(base_chars) - 1
        else:
            base_chars.append(c)
    if tone is None:
        return None
    base = "".join(base_chars)
    low = base.lower()
    for pair in _PAIRS:
        if low.endswith(pair) and len(low) >= 2:
            start = len(low) - 2
            if pair == "uy" and low[:start].endswith("q"):
                return None  # 'quý': qu is a consonant, the tone is always on y
            # base_chars indices: find the chars of the pair in the NFD base
            if tone_at == start:
                return "moi", base, tone, start
            if tone_at == start + 1:
                return "cu", base, tone, start
    return None


def tone_style(word: str) -> str | None:
    site = _tone_site(word)
    return site[0] if site else None


def tone_styles(text: str) -> dict[str, set[str]]:
    """Words of *text* grouped by tone placement style: {'moi': {...}, 'cu': {...}}."""
    found: dict[str, set[str]] = {"moi": set(), "cu": set()}
    for m in _WORD.finditer(nfc(text)):
        style = tone_style(m.group(0))
        if style:
            found[style].add(m.group(0))
    return found


def set_tone_style(text: str, style: str = "moi") -> str:
    """Move tone marks of open oa/oe/uy syllables to the given style."""
    if style not in ("moi", "cu"):
        raise ValueError(style)

    def fix(m: re.Match) -> str:
        word = m.group(0)
        site = _tone_site(word)
        if not site or site[0] == style:
            return word
        _, base, tone, start = site
        pos = start + (1 if style == "cu" else 0)
        return nfc(base[: pos + 1] + tone + base[pos + 1 :])

    return _WORD.sub(fix, nfc(text))


# --------------------------------------------------------------------------
# Words a line must not break between

NBSP = "\u00a0"
NBHY = "\u2011"  # a hyphen no line breaks at; written as Word's w:noBreakHyphen (Times New Roman and
# Liberation Serif have no glyph of their own for U+2011; Word and LibreOffice draw the font's hyphen)
# A word that names the number after it: 'ngày 15', 'tháng 6', 'năm 2018', 'số 12-HD/XX', 'Hình 2'.
_LABELS = r"ngày|tháng|năm|quý|kỳ|Số|số|Điều|khoản|lần|đợt|Hình|Bảng"
# Either a label and its number (the number then belongs to the label, never to the word after it:
# 'ngày 15 tháng 6' joins 'ngày 15' and 'tháng 6', not '15 tháng'), or a number and the word it
# counts ('02 nguồn', '6 tháng trước').
_PAIR = re.compile(rf"\b(?P<label>{_LABELS}) (?=\d)(?P<number>\d(?:[\d.,/%\u2011]*[\d%])?)"
                   r"|(?<![\w.,/\u2011])(?P<count>\d(?:[\d.,%\u2011]*[\d%])?) (?=[^\W\d_])")
# A hyphen inside a range or a term ('2025-2030', '02-03') or a document symbol ('12-HD/XX',
# '30/2020/NĐ-CP', 'KH-UBND'): the two sides never part at a line end.
_TIGHT_HYPHEN = re.compile(r"(?<=[\dA-ZĐ])-(?=[\dA-ZĐ])")
# The closing './.' of a document's last sentence, and a short last word before it: 'ủy./.'
# never stands alone on the last line.
_CLOSING_WORD = re.compile(r"(?<=\S) (?=\S{1,8}\./\.\s*$)")


def _pair(m: re.Match) -> str:
    if m.group("label"):
        return m.group("label") + NBSP + m.group("number")
    return m.group("count") + NBSP


def _bind_words(text: str) -> str:
    """Join what the rules keep on one line, and only that, so that justification never has to
    stretch a line around a long unbreakable run: a label and its number ('ngày 15', 'tháng 6',
    'năm 2018', 'Hình 2'), a number and the word it counts ('02 nguồn', '6 tháng'), the two sides
    of a range or a symbol (a no-break hyphen: '2017‑2020', '02‑03', '12‑HD/XX'), the short last
    word of a closing sentence and the word before it ('Đảng ủy./.'). A whole date stays breakable
    between its parts: 'ngày 15 | tháng 6 | năm 2018'."""
    if "-" in text:
        text = _TIGHT_HYPHEN.sub(NBHY, text)
    if "./." in text:
        text = _CLOSING_WORD.sub(NBSP, text)
    return _PAIR.sub(_pair, text)


# the same lines recur in every document of a run (cached apart from its function, which a
# mutation tool then reaches: tools/mutation.py)
bind_words = lru_cache(maxsize=512)(_bind_words)


# --------------------------------------------------------------------------
# Legacy 8-bit encodings pasted in as if they were Unicode

# TCVN3 (ABC) puts Vietnamese letters on Latin-1 codes: '§¶ng ñy x·' is 'Đảng ủy xã'
_TCVN3 = re.compile(r"[¸µ¶·¹¨©®ª¬§¦¡¢£¤¥ñ]")
# VNI writes a vowel then a mark letter: 'Ñaûng uûy xaõ' is 'Đảng ủy xã'
_VNI = re.compile(r"[aeiouyAEIOUYâêôÂÊÔ][ùøûõïÙØÛÕÏ]|[ñÑ][aeiouAEIOU]")


def legacy_encoding(text: str) -> str | None:
    """'TCVN3' or 'VNI' when *text* looks like text typed in a legacy font, else None."""
    if len(_TCVN3.findall(text)) >= 3:
        return "TCVN3"
    if len(_VNI.findall(text)) >= 3:
        return "VNI"
    return None


# --------------------------------------------------------------------------
# ASCII names for files


def ascii_fold(text: str) -> str:
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    d = unicodedata.normalize("NFD", text)
    return "".join(c for c in d if not unicodedata.combining(c))


def slug(text: str) -> str:
    """A readable ASCII file-name part: 'Kế hoạch 28-KH/ĐU' → 'ke-hoach-28-kh-du'."""
    s = ascii_fold(text).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s)
    return s.strip("-")
