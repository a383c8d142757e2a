"""Font names as offices write them, mapped to the family they print in.

Word files name a face as the system listed it: «Times New Roman», «Times New
Roman Bold», «TimesNewRomanPSMT», «TimesNewRomanPS-BoldMT», «Times New Roman
(Vietnamese)», «Times New Roman CE». All of these are Times New Roman. A
legacy 8-bit font («.VnTime», «VNI-Times») is not, whatever it looks like:
its text is not Unicode.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .encoding import font_encoding

# what a face name adds to its family, at its end (never «roman»: it is part of the name)
_SUFFIXES = ("psmt", "ps", "mt", "bolditalic", "bold", "italic", "oblique", "regular", "semibold", "demibold",
             "medium", "light", "bd", "bi", "it", "ce", "cyr", "baltic", "greek", "tur", "vietnamese", "western")
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")   # «Times New Roman (Vietnamese)», «(W1)»
KNOWN = ("Times New Roman", "Arial", "Calibri", "Cambria", "Tahoma", "Verdana", "Aptos", "Liberation Serif",
         "Liberation Sans", "Courier New", "Garamond", "Georgia", "Segoe UI")


def _key(name: str) -> str:
    return re.sub(r"[\s,_-]+", "", name).lower()


_KNOWN_KEYS = {_key(k): k for k in KNOWN}


@lru_cache(maxsize=512)
def family(name: str) -> str:
    """The family a face name prints in, spelled as the rules spell it when known."""
    raw = _QUALIFIER.sub("", (name or "").strip())
    if font_encoding(raw)[0]:
        return raw  # a legacy font is its own family
    key = _key(raw)
    while key not in _KNOWN_KEYS:
        suffix = next((s for s in _SUFFIXES if key.endswith(s) and len(key) > len(s) + 2), None)
        if suffix is None:
            return raw
        key = key[: -len(suffix)]
    return _KNOWN_KEYS[key]


def is_family(name: str, wanted: str) -> bool:
    return family(name) == family(wanted)
