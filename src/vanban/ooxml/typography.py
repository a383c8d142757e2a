"""No-break spaces applied to what a reader sees, whatever the runs.

Word splits a paragraph's text into runs at every formatting change, spell-check
mark, bookmark or edit session: «năm 2018» may lie in one w:t or across three.
The joining rules (text/vietnamese.py `bind_words`) are therefore applied to the
text of each stretch of a paragraph that reads as one line of text — its w:t
pieces end to end across run, bookmark, proof and hyperlink boundaries — and
each piece gets back its own share of the result. A stretch ends where the
paragraph ends and where something that is not text stands between pieces: a
break, a tab, a picture, a field's code, a table cell, a text box.
"""

from __future__ import annotations

import re

from ..text.vietnamese import NBHY, bind_words

_TEXT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
_STOP = re.compile(r"</w:p>|<w:p[ >]|<w:br\b|<w:cr\b|<w:tab\b|<w:ptab\b|<w:drawing\b|<w:pict\b|<w:object\b"
                   r"|<w:sym\b|<w:fldChar\b|<w:instrText\b|<w:delText\b|<w:noBreakHyphen\b|<w:softHyphen\b"
                   r"|<w:tbl[ >]|<w:tc[ >]|<w:txbxContent\b|<w:footnoteReference\b|<w:endnoteReference\b"
                   r"|<mc:AlternateContent\b")
_DIGIT = re.compile(r"\d")
# a hyphen the rules keep unbroken (U+2011) is written as Word's own element: the fonts offices use
# have no glyph for U+2011, while Word and LibreOffice draw w:noBreakHyphen with the font's hyphen
_NO_BREAK_HYPHEN = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'


# every rule joins a word to a number, or the last word of a closing «./.»: only such texts are looked at
_TEXT_WITH_DIGIT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<\d]*(?:\d|(?<=\./)\.)[^<]*)(</w:t>)")
# a space at either side of a boundary between pieces: only there can a rule join across runs
# (a piece that begins with a space keeps it only with xml:space="preserve")
_AT_BOUNDARY = (" </w:t>", '<w:t xml:space="preserve"> ')


def bind_paragraphs(xml: str) -> str:
    """No-break spaces where the rules join words, in every stretch of text of *xml*: the rules
    read a stretch as a whole (a piece alone may say «05 tháng», which in «ngày 05 tháng 01» is
    part of a date), and each piece gets back its share."""
    if not _TEXT_WITH_DIGIT.search(xml):
        return xml
    return _bind_stretches(xml, bind_words)


def _written(text: str) -> str:
    """*text* as the content of a w:t, its unbreakable hyphens as Word's elements."""
    return text.replace(NBHY, _NO_BREAK_HYPHEN) if NBHY in text else text


def _bind_stretches(xml: str, bind_words) -> str:
    """The rules applied to each stretch of pieces as a whole, each piece getting back its share."""
    out: list[str] = []
    last = 0  # how far *xml* has been copied to *out*
    stretch: list[re.Match] = []

    def flush() -> None:
        nonlocal last
        if not stretch:
            return
        texts = [m.group(2) for m in stretch]
        whole = "".join(texts)
        if (" " in whole or "-" in whole) and (_DIGIT.search(whole) or "./." in whole):
            bound = bind_words(whole)
            if bound != whole:
                at = 0
                for m, text in zip(stretch, texts):
                    new = bound[at:at + len(text)]
                    at += len(text)
                    if new != text:
                        out.append(xml[last:m.start(2)])
                        out.append(_written(new))
                        last = m.end(2)
        stretch.clear()

    end = 0
    for m in _TEXT.finditer(xml):
        if stretch and _STOP.search(xml, end, m.start()):
            flush()
        stretch.append(m)
        end = m.end()
    flush()
    out.append(xml[last:])
    return "".join(out)
