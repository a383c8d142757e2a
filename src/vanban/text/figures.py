"""Figures as official documents write them: the one way a target is written.

The plan, the letters, the reports and the workbooks all call `target_text`, so a
quota can never read one way in one document and another way in the next. It takes
any value with `form` ('so', 'it_nhat', 'khoang'), `toi_thieu` and `toi_da`.
"""

from __future__ import annotations

from . import vietnamese as vi


def target_text(t) -> str:
    """'02', 'ít nhất 02', '01-02'."""
    if t.form == "khoang":
        return f"{vi.two_digits(t.toi_thieu)}-{vi.two_digits(t.toi_da)}"
    if t.form == "it_nhat":
        return f"ít nhất {vi.two_digits(t.toi_thieu)}"
    return vi.two_digits(t.toi_thieu)
