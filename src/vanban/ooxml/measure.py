"""How wide a line of text is on the page, to make header lines fit their column.

The width is measured with the metrics of Liberation Serif, which has the
metrics of Times New Roman (the font the documents name); Pillow reads the
font file. Without the font file a conservative average is used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FILES = {(False, False): ("LiberationSerif-Regular.ttf", "times.ttf"),
         (True, False): ("LiberationSerif-Bold.ttf", "timesbd.ttf"),
         (False, True): ("LiberationSerif-Italic.ttf", "timesi.ttf"),
         (True, True): ("LiberationSerif-BoldItalic.ttf", "timesbi.ttf")}
FOLDERS = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation",
           "/usr/share/fonts/liberation", "C:/Windows/Fonts", "/Library/Fonts", "/System/Library/Fonts/Supplemental"]
UNITS = 1000  # measure at 1000 px per em, scale to the size asked


@lru_cache(maxsize=8)
def _font(bold: bool, italic: bool):
    try:
        from PIL import ImageFont
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        return None
    for folder in FOLDERS:
        for name in FILES[(bold, italic)]:
            path = Path(folder) / name
            if path.is_file():
                try:
                    return ImageFont.truetype(str(path), UNITS)
                except OSError:
                    continue
    return None


@lru_cache(maxsize=512)  # a run measures the same issuer, title and date lines again and again
def width_mm(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """The width of *text* set in one line at *size_pt*."""
    font = _font(bold, italic)
    em = size_pt * 25.4 / 72
    if font is None:
        return len(text) * em * 0.5
    one_line = "".join(" " if c < " " or c == "\x7f" else c for c in text)  # a line break or tab in a name is set as a space
    try:
        return font.getlength(one_line) / UNITS * em
    except (RuntimeError, ValueError, OSError):  # the shaping library refused the text: a conservative average
        return len(one_line) * em * 0.5
