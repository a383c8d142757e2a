"""What a builder hands the renderer besides its context: the thể thức elements of a
document (Frame), a chart (Picture) and a table of figures (Table). Plain values: the
renderer lays them out by the rule set, knowing nothing of where they came from."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Frame:
    """The thể thức elements of one document, as text, each with its
    element key in the profile (thanh_phan) for typography."""

    left: list[tuple[str, str]]           # (element, text), top down
    right: list[tuple[str, str]]
    number: tuple[str, str]               # ('so_ky_hieu', 'Số 28-KH/ĐU')
    date: tuple[str, str]                 # ('ngay_thang', '<địa danh>, ngày …')
    title: list[tuple[str, str]]          # tên loại, trích yếu, its rule; or V/v under Số
    subject_under_number: tuple[str, str] | None
    signature: list[tuple[str, str]]      # authority, position, name (with the gap)
    recipients_label: tuple[str, str]
    recipients: list[tuple[str, str]]
    blank_lines: int = 4


@dataclass(frozen=True)
class Picture:
    """A picture for the template (a chart): PNG bytes and the printed width; a figure of several
    panels printed one under another. A chart may be drawn only when it is first needed (*draw*:
    function, arguments, keywords giving the panels): a book that lists a report never draws it."""

    png: bytes | None      # the first panel; None: drawn by *draw*
    width_mm: float
    source: tuple = ()     # what it was drawn from (a document's fingerprint takes this, not the pixels)
    more: tuple[bytes, ...] = ()  # further panels of the same figure, printed one under another
    draw: tuple | None = None

    @cached_property
    def panels(self) -> tuple[bytes, ...]:
        if self.png is not None:
            return (self.png, *self.more)
        function, args, keywords = self.draw
        return tuple(function(*args, **keywords))


@dataclass(frozen=True)
class Table:
    """A table of figures for the template (a report's data, a plan's allocation per
    unit): the renderer draws it with the profile's table typography, its heading
    row repeated on every page and no row split across pages."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    figures_from: int = 2              # columns from this one hold figures (centred)
    name_column: int = 1               # the column that takes the width the others leave
    total: tuple[str, ...] | None = None
    centred: tuple[int, ...] = ()      # further columns to centre (0-based)
    groups: tuple[int, ...] = ()       # a group id per row: rows of one group stay on one page
    min_widths: tuple[float, ...] = ()  # mm per column (0: as wide as its content)
    row_height_mm: float = 0           # at least this high (room to sign)
    landscape: bool = False            # laid out across a landscape page
    note: str = ""                     # a note printed under the table (what a * in it means)
