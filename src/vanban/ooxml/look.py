"""The look of a document as this layer needs it: plain values, no data model.

The rule set (a Profile, two layers up) is turned into a `Look` once per run by
rendering/look.py; everything in ooxml/ that sizes, aligns or spaces text reads
only these values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class ElementLook:
    """One thể thức element: the typography of its lines and the rule drawn under it."""

    size: float
    bold: bool = False
    italic: bool = False
    underline: bool = False
    align: str = "trai"                          # giua, trai, phai, deu
    sizes: tuple[float, float] | None = None     # the sizes the rules allow; None: size only
    rule_fraction: float | None = None           # a rule under it, this fraction of its longest line
    rule_mm: float | None = None                 # a rule of this length on a line of its own


@dataclass(frozen=True)
class PageLook:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    left_column_mm: float                        # the header's left column
    narrowest_left_column_mm: float              # how far the left column may narrow
    widest_left_column_mm: float | None = None   # how far it may widen (None: not beyond left_column_mm)


@dataclass(frozen=True)
class BodyLook:
    size: float
    first_indent_cm: float
    after_pt: float
    line_pt: float
    table_size: float


@dataclass(frozen=True, eq=False)
class Look:
    """Everything the raw layer needs to lay a document out (held by identity: one per run)."""

    font: str
    page: PageLook
    body: BodyLook
    page_number_size: float
    page_number_from: int
    elements: Mapping[str, ElementLook]
