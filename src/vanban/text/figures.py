"""Figures as official documents write them: the one way a target is written.

The plan, the letters, the reports and the workbooks all call these functions, so a
quota can never read one way in one document and another way in the next: «từ 22»
stays «từ 22» (never «22»), a range is «01-02» everywhere, a target of zero is «—»
in every table. They take any value with `form` ('dung', 'it_nhat', 'khoang'),
`toi_thieu`, `toi_da` and `tu` (the word an 'at least' target was written with).
"""

from __future__ import annotations

from . import vietnamese as vi

AT_LEAST = "ít nhất"   # the word of an 'at least' target written as a bare number with «it_nhat»
NONE = "—"             # a table cell of a unit with no target (or a target of zero)


def _word(t) -> str:
    return getattr(t, "tu", "") or AT_LEAST


def target_text(t) -> str:
    """A unit's target as counts are written: '02', 'ít nhất 02', 'từ 02', '01-02'."""
    if t.form == "khoang":
        return f"{vi.two_digits(t.toi_thieu)}-{vi.two_digits(t.toi_da)}"
    if t.form == "it_nhat":
        return f"{_word(t)} {vi.two_digits(t.toi_thieu)}"
    return vi.two_digits(t.toi_thieu)


def is_zero(t) -> bool:
    return t is None or (not t.toi_thieu and not t.toi_da)


def cell_text(t) -> str:
    """A target in a table cell: as written, or «—» when there is none (zero included)."""
    return NONE if is_zero(t) else target_text(t)


def amount_text(low: int, high: int | None, form: str = "dung", word: str = "") -> str:
    """A total as totals are written (numbers, not two-digit counts): '17', '1.905',
    '255-321', 'từ 22'. *high* None: open ('at least')."""
    if high is None or form == "it_nhat":
        return f"{word or AT_LEAST} {vi.decimal(low)}"
    if high != low:
        return f"{vi.decimal(low)}-{vi.decimal(high)}"
    return vi.decimal(low)


def total_text(t) -> str:
    """A stated total (a quota's tong_so) in its own form."""
    high = None if t.form == "it_nhat" else t.toi_da
    return amount_text(t.toi_thieu, high, t.form, _word(t) if t.form == "it_nhat" else "")


def sum_text(targets) -> str:
    """The sum of several targets, in the form they add up to: every one exact → '17';
    one open → 'ít nhất 17' (the word of the open ones when they share it); ranges → '17-21'."""
    targets = [t for t in targets if t is not None]
    low = sum(t.toi_thieu for t in targets)
    if any(t.form == "it_nhat" for t in targets):
        words = {_word(t) for t in targets if t.form == "it_nhat"}
        return amount_text(low, None, "it_nhat", words.pop() if len(words) == 1 else AT_LEAST)
    return amount_text(low, sum(t.toi_da for t in targets))


def parse_figure(text: str) -> tuple[int, int | None] | None:
    """(minimum, maximum or None when open) of a figure as these functions print it; None for
    a cell that holds no figure («—», a rate). The reverse of target_text, total_text, sum_text:
    what a test adds up to check that a table's total equals its rows."""
    s = text.strip().rstrip("*").strip()
    if s in ("", NONE):
        return (0, 0)
    if s.endswith("%"):
        return None
    for word in ("từ", "ít nhất", "tối thiểu", "trên"):
        if s.startswith(word + " "):
            n = _number(s[len(word) + 1:])
            return None if n is None else (n, None)
    if "-" in s:
        lo, _, hi = s.partition("-")
        a, b = _number(lo), _number(hi)
        return None if a is None or b is None else (a, b)
    n = _number(s)
    return None if n is None else (n, n)


def _number(s: str) -> int | None:
    s = s.strip().replace(".", "")
    return int(s) if s.isdigit() else None
