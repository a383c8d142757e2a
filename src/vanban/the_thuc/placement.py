"""Where a piece of a printed line lands inside its column, from the DOCX alone,
and how that place reads (centred, left, right, filling the column).

Widths are measured with the metrics of Times New Roman (ooxml.measure), tab
stops come from the paragraph and its styles (else every default stop), and
Word's rules are applied: a centred or right-aligned line is placed by its
width, leading spaces and indents move it, trailing spaces do not, a line
longer than its column wraps (and is then as wide as the column).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..ooxml.format import ParaFormat
from ..ooxml.measure import width_mm
from .geometry import Column


@dataclass
class Place:
    """Where a piece of a line lands in its column (mm from the column's left edge)."""

    start: float
    end: float
    column: float         # the column's width
    alone: bool           # nothing else is set on the same printed line
    wrapped: bool         # longer than its column: it fills whole lines
    align: str            # the paragraph's alignment property
    box: bool = False     # in a text box (anchored where the DOCX cannot tell)
    source: str = "docx"  # 'docx' (estimated from the file) or 'pdf' (measured on the page LibreOffice laid out)
    notes: list[str] = field(default_factory=list)

    @property
    def left_gap(self) -> float:
        return self.start

    @property
    def right_gap(self) -> float:
        return self.column - self.end


@lru_cache(maxsize=4096)
def _width(text: str, size: float, bold: bool, italic: bool) -> float:
    return width_mm(text, size, bold, italic)


def measure(chunks) -> float:
    """The printed width of a run of (text, RunFormat) chunks."""
    return sum(_width(t, f.size, f.bold, f.italic) for t, f in chunks if t)


def _spans(text: str | None, fmt) -> tuple[float, float, float]:
    """Width of a token's text, of its leading spaces and of its trailing ones (spaces
    after text only: a run of spaces alone is all width, nothing trails)."""
    if not text:
        return 0.0, 0.0, 0.0
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text) - len(text.rstrip(" "))
    size, bold, italic = fmt.size, fmt.bold, fmt.italic
    return (_width(text, size, bold, italic),
            _width(" " * lead, size, bold, italic) if lead else 0.0,
            _width(" " * trail, size, bold, italic) if trail and text.strip() else 0.0)


def place_line(tokens: list, para: ParaFormat, column: Column, first_line: bool, default_tab: float,
               slices: list[tuple[int, int]]) -> list[Place]:
    """The place of each slice of one printed line.

    *tokens* are the line's ('text', text, fmt) and ('tab', None, fmt) in order; *slices* are
    (first token, last token) of each piece (text between tabs and wide gaps) to place."""
    start = para.left_mm + (para.first_mm if first_line else 0.0)
    avail = column.width - para.left_mm - para.right_mm - (para.first_mm if first_line else 0.0)
    has_tab = any(t[0] == "tab" for t in tokens)
    xs: list[tuple[float, float]] = []   # start, end of each token (text without trailing spaces)
    if not has_tab:
        x = 0.0
        for kind, text, fmt in tokens:
            w, lead_w, trail_w = _spans(text, fmt)
            xs.append((x + lead_w, x + w - trail_w))
            x += w
        content_end = max((e for (s, e), t in zip(xs, tokens) if t[1] and t[1].strip()), default=0.0)
        wrapped = content_end > avail + 0.5
        if wrapped:
            shift = 0.0
        elif para.align == "center":
            shift = (avail - content_end) / 2
        elif para.align == "right":
            shift = avail - content_end
        else:
            shift = 0.0
        xs = [(start + shift + s, start + shift + min(e, avail)) for s, e in xs]
    else:
        wrapped = False
        x = start
        stops = [t for t in para.tabs if t.kind != "bar"]
        pending = None    # a centre or right tab stop waiting for the text after it
        group: list[int] = []
        widths: dict[int, tuple[float, float, float]] = {}
        for i, (kind, text, fmt) in enumerate(tokens):
            if kind == "tab":
                if pending is not None:
                    x = _settle(pending, group, widths, xs)
                pending, group = None, []
                stop = next((t for t in stops if t.pos_mm > x + 0.1), None)
                if stop is None or (para.left_mm > x + 0.1 and stop.pos_mm > para.left_mm):
                    nxt = para.left_mm if para.left_mm > x + 0.1 else (int(x / default_tab) + 1) * default_tab
                    x = nxt
                    xs.append((x, x))
                    continue
                x = stop.pos_mm
                xs.append((x, x))
                if stop.kind in ("center", "right", "decimal"):
                    pending = stop
                continue
            w, lead_w, trail_w = _spans(text, fmt)
            xs.append((x + lead_w, x + w - trail_w))
            widths[i] = (w, lead_w, trail_w)
            if pending is not None:
                group.append(i)
            x += w
        if pending is not None:
            _settle(pending, group, widths, xs)
    places = []
    for a, b in slices:
        spans = [xs[i] for i in range(a, b + 1) if tokens[i][0] == "text" and tokens[i][1].strip()]
        if not spans:
            continue
        places.append(Place(spans[0][0], spans[-1][1], column.width, len(slices) == 1, wrapped, para.align,
                            column.kind == "box"))
    return places


def _settle(stop, group: list[int], widths: dict, xs: list) -> float:
    """Move the text after a centre or right tab stop so that it is centred on, or ends at, the stop."""
    if not group:
        return stop.pos_mm
    total = sum(widths[i][0] for i in group) - widths[group[-1]][2]
    shift = -total / 2 if stop.kind == "center" else -total
    for i in group:
        s, e = xs[i]
        xs[i] = (s + shift, e + shift)
    return stop.pos_mm + (total / 2 if stop.kind == "center" else 0.0)


def alignment(place: Place, tolerance: float) -> str:
    """How a piece of text sits in its column, judged from where it lands:
    'center', 'left', 'right', 'fill' (it fills the column: any alignment fits), 'both' (justified
    over several lines), 'beside' (other text shares its printed line) or 'off' (none of these)."""
    if not place.alone or place.box:
        return "beside"
    if place.wrapped:
        return {"center": "center", "right": "right", "both": "both"}.get(place.align, "left")
    left, right = place.left_gap, place.right_gap
    if (place.end - place.start) >= 0.9 * place.column:
        return "fill"
    if abs(left - right) / 2 <= tolerance:
        return "center"
    if right <= tolerance < left:
        return "right"
    if left <= tolerance:
        return "left"
    return "off"
