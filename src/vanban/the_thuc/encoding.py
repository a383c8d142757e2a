"""The encoding of each run's text, decided before any rule reads it.

Vietnamese text reaches offices in three forms besides precomposed Unicode:
decomposed Unicode (NFD: a letter then combining marks), and two legacy 8-bit
encodings typed with legacy fonts, TCVN3 (ABC: '.VnTime', 'Đảng' stored as
'§¶ng') and VNI ('VNI-Times', 'Đảng' stored as 'Ñaûng'). A run is decoded by
what its font says first (a '.Vn…' font is TCVN3, a 'VNI-…' font is VNI, and
a '.Vn…H' font prints lower-case codes as capitals), then by its characters:
legacy text uses only Latin-1 and has letters no Vietnamese word contains.
Every rule then reads the decoded text; TT13 reports what was decoded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..text import vietnamese as vi

# TCVN3 (TCVN 5712:1993, VN3): each Vietnamese letter on one Latin-1 code
_TCVN3_LOWER = ("ăâêôơưđ" "àảãáạ" "ằẳẵắặ" "ầẩẫấậ" "èẻẽéẹ" "ềểễếệ" "ìỉĩíị" "òỏõóọ" "ồổỗốộ" "ờởỡớợ"
                "ùủũúụ" "ừửữứự" "ỳỷỹýỵ")
_TCVN3_CODES = ("\xa8\xa9\xaa\xab\xac\xad\xae" "\xb5\xb6\xb7\xb8\xb9" "\xbb\xbc\xbd\xbe\xc6"
                "\xc7\xc8\xc9\xca\xcb" "\xcc\xce\xcf\xd0\xd1" "\xd2\xd3\xd4\xd5\xd6" "\xd7\xd8\xdc\xdd\xde"
                "\xdf\xe1\xe2\xe3\xe4" "\xe5\xe6\xe7\xe8\xe9" "\xea\xeb\xec\xed\xee" "\xef\xf1\xf2\xf3\xf4"
                "\xf5\xf6\xf7\xf8\xf9" "\xfa\xfb\xfc\xfd\xfe")
_TCVN3_UPPER = dict(zip("\xa1\xa2\xa3\xa4\xa5\xa6\xa7", "ĂÂÊÔƠƯĐ"))
TCVN3_DECODE = {**dict(zip(_TCVN3_CODES, _TCVN3_LOWER)), **_TCVN3_UPPER}
# codes that are letters of no Vietnamese word in Unicode: their presence marks TCVN3
_TCVN3_ONLY = set(TCVN3_DECODE) - set("ÊÔÉÌÒÓÕÝÂÀÁÃÈÍÚÙàáâãèéêìíòóôõùúý")
_VNI_LETTERS = set("ùøûõïáàåãäéèúüëâêôöñÑìíæóòîÙØÛÕÏÁÀÅÃÄÉÈÚÜËÂÊÔÖÌÍÆÓÒÎ")
_TCVN3_STRONG = _TCVN3_ONLY - _VNI_LETTERS   # codes of TCVN3 that VNI never writes either

# VNI Windows: a base letter, then one mark letter that carries the tone and the hat or breve
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_HAT, _BREVE = "\u0302", "\u0306"
_VNI_MARK = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
             "â": _HAT, "á": _HAT + _ACUTE, "à": _HAT + _GRAVE, "å": _HAT + _HOOK, "ã": _HAT + _TILDE,
             "ä": _HAT + _DOT,
             "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE,
             "ë": _BREVE + _DOT}
_VNI_SINGLE = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ì": "ì", "í": "í", "æ": "ỉ",
               "ó": "ĩ", "ò": "ị", "î": "ỵ", "Ì": "Ì", "Í": "Í", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ"}
_VNI_PAIR = re.compile(r"([aeiouyAEIOUYôöÔÖ])([ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË])?|([ñÑìíæóòîÌÍÆÓÒÎ])")
_VNI_MARKS = re.compile(r"[aeiouyAEIOUYôöÔÖ][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|[ñÑ][aeiouAEIOU]")
# Latin-1 letters Vietnamese never writes in Unicode: VNI text has them, Unicode text made only of
# Latin-1 letters («Quê quán», «Hà Nội» has ộ) does not
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VNI_STRONG = set("ùøûõïâáàåãäêéèúüëñìíæóòîôöÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜËÑÌÍÆÓÒÎÔÖ") - _VIETNAMESE_LATIN1

_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")
_TCVN3_STRONG_RE = re.compile("[" + re.escape("".join(sorted(_TCVN3_STRONG))) + "]")
_VNI_STRONG_RE = re.compile("[" + re.escape("".join(sorted(_VNI_STRONG))) + "]")

LEGACY_FONTS = (("vni-", "VNI"), (".vn", "TCVN3"), ("vn", "TCVN3"))


@lru_cache(maxsize=256)
def font_encoding(font: str | None) -> tuple[str | None, bool]:
    """(encoding a legacy font implies, whether it prints capitals only) for a font name."""
    name = (font or "").strip().lower()
    for prefix, encoding in LEGACY_FONTS:
        if name.startswith(prefix) and (prefix != "vn" or re.match(r"^vn[a-z]", name) and " " not in name):
            capitals = encoding == "TCVN3" and name.endswith("h")
            return encoding, capitals
    return None, False


def guess(text: str, hint: str | None = None) -> str | None:
    """The legacy encoding *text* (a paragraph) is written in, from its characters alone (None:
    Unicode). Unicode Vietnamese has letters beyond Latin-1 (ạ, ả, đ, ơ, ư…) in almost every
    sentence, legacy text never; two telling letters are needed, one when the document around
    (*hint*) is in that encoding."""
    if not text or text.isascii() or _BEYOND_LATIN1.search(text):
        return None
    tcvn = len(_TCVN3_STRONG_RE.findall(text))
    vni = len(_VNI_STRONG_RE.findall(text)) if _VNI_MARKS.search(text) else 0
    best = "TCVN3" if tcvn >= vni else "VNI"
    score = max(tcvn, vni)
    return best if score >= 2 or (score == 1 and hint == best) else None


def decode_tcvn3(text: str, capitals: bool = False) -> str:
    out = "".join(TCVN3_DECODE.get(c, c) for c in text)
    return vi.upper(out) if capitals else out


def decode_vni(text: str) -> str:
    def letter(m: re.Match) -> str:
        if m.group(3):
            return _VNI_SINGLE[m.group(3)]
        base, mark = _VNI_SINGLE.get(m.group(1), m.group(1)), m.group(2)
        if not mark:
            return base
        marks = _VNI_MARK[mark.lower()]
        if marks.startswith(_BREVE) and base not in "aA":
            return m.group(0)  # a breve only goes on a: not VNI
        if marks.startswith(_HAT) and base not in "aeoAEO":
            return m.group(0)
        return unicodedata.normalize("NFC", base + marks)

    return _VNI_PAIR.sub(letter, text)


def decode(text: str, font: str | None = None, context: str | None = None) -> tuple[str, str | None]:
    """(the text of one run as Unicode NFC, the encoding it was found in: 'TCVN3', 'VNI', 'NFD'
    or None). The run's font decides first; else *context*, the encoding of its paragraph."""
    if text.isascii():
        return text, None   # nothing to decode, nothing decomposed
    encoding, capitals = font_encoding(font)
    if _BEYOND_LATIN1.search(text):
        encoding = None  # Unicode typed in a legacy font's name: letters beyond Latin-1 say so
    elif encoding is None and context in ("TCVN3", "VNI") and any(ord(c) > 0x7F for c in text):
        encoding = context
    if encoding == "TCVN3":
        return decode_tcvn3(text, capitals), "TCVN3"
    if encoding == "VNI":
        return unicodedata.normalize("NFC", decode_vni(text)), "VNI"
    if text and not unicodedata.is_normalized("NFC", text):
        return unicodedata.normalize("NFC", text), "NFD"
    return text, None
