"""The document as printed: LibreOffice lays it out once (on demand), and the
checker reads where a line's words land on the page (pdfplumber) and how many
pages there are. Used only where the DOCX alone cannot answer; without
LibreOffice every question gets None and the checker keeps its estimate.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..rendering.pdf import convert, soffice
from .pages import baseline_rows

PT_MM = 25.4 / 72
DISABLE = "VANBAN_KHONG_DUNG_LIBREOFFICE"   # set to 1: the checker reasons from the DOCX only


def available() -> bool:
    return os.environ.get(DISABLE) != "1" and soffice() is not None


def _key(text: str) -> str:
    return re.sub(r"[\s\u00a0]+", "", text).lower()


class Rendered:
    """The PDF of one DOCX, made the first time something asks."""

    def __init__(self, path: Path, allowed: bool = True):
        self.path = path
        self.allowed = allowed and available()
        self._tried = False
        self._pages: list[list[tuple[str, float, float, float]]] | None = None  # (text, x0, x1, top) per line
        self._count: int | None = None

    def _load(self) -> bool:
        if self._tried:
            return self._pages is not None
        self._tried = True
        if not self.allowed:
            return False
        try:
            import pdfplumber

            with tempfile.TemporaryDirectory(prefix="vanban-tt-") as tmp:
                pdf = convert([self.path], Path(tmp), timeout=180, processes=1)[0]
                pages = []
                with pdfplumber.open(pdf) as doc:
                    self._count = len(doc.pages)
                    for page in doc.pages[:60]:
                        words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
                        lines = []
                        for row in baseline_rows(words):
                            group = [row[0]]
                            for w in row[1:] + [None]:
                                if w is not None and w["x0"] - group[-1]["x1"] < 12:
                                    group.append(w)
                                    continue
                                lines.append((" ".join(x["text"] for x in group), group[0]["x0"] * PT_MM,
                                              group[-1]["x1"] * PT_MM, group[0]["top"] * PT_MM))
                                if w is not None:
                                    group = [w]
                        pages.append(lines)
                        page.flush_cache()
                self._pages = pages
        except Exception:  # noqa: BLE001 - LibreOffice missing, failing or a PDF pdfplumber cannot read
            self._pages = None
        return self._pages is not None

    def page_count(self) -> int | None:
        return self._count if self._load() else None

    def locate(self, text: str, first_page: int = 1) -> tuple[float, float] | None:
        """Where (x0, x1 in mm from the page's left edge) the printed line reading *text* is."""
        if not self._load() or not text.strip():
            return None
        want = _key(text)
        for lines in self._pages[first_page - 1:] + self._pages[:first_page - 1]:
            for line, x0, x1, _ in lines:
                if _key(line) == want:
                    return x0, x1
        return None
