"""What every rule reads: the document's model, its elements, the rule set's
profile, and where the findings go. Also the two judgements several rules
share: does an element look as its profile entry says, and is it placed where
it should be (measured from where its text lands)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text import vietnamese as vi
from ..data.model import Profile
from ..errors import Finding, rule_finding
from .detect import NumberRule
from .elements import Elements, left_side
from .placement import Place, alignment
from .model import Line, Model
from .rendered import Rendered
from .report import ERROR

ALIGN_NAMES = {"center": "căn giữa", "left": "căn trái", "right": "căn phải", "both": "căn đều hai bên",
               "off": "lệch", "fill": "đầy dòng"}
ALIGN_OF = {"giua": "center", "trai": "left", "phai": "right", "deu": "both"}


def mm(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def sizes_text(sizes) -> str:
    return ", ".join(f"{s:g}" for s in sorted(sizes))


@dataclass
class Context:
    model: Model
    profile: Profile
    code: str
    number_rule: NumberRule
    elements: Elements
    rendered: Rendered
    issues: list[Finding] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return self.model.lines

    @property
    def layout(self) -> str:
        """The section of the rules laying out this rule set's first page, cited by the findings on
        its elements: §2 (Party, Hướng dẫn 36), §3 (State, Nghị định 30)."""
        return "§2" if self.code == "dang" else "§3"

    def add(self, rule, section, where, message, fix, severity=ERROR):
        self.issues.append(rule_finding(rule, severity, section, where, message, fix))

    # ------------------------------------------------------------ placing

    def tolerance(self, column: float) -> float:
        """How far a centred line's middle may sit from its column's: the profile's distance, or its
        share of a wide column (the eye judges centring relative to the width)."""
        limits = self.profile.gioi_han
        return max(limits.lech_can_mm, limits.lech_can_ti_le * column)

    def misplaced(self, ln: Line, want: str, on_page: bool = False) -> str | None:
        """None when *ln* lands where *want* ('center', 'left') puts it; else what was measured and
        how: estimated from the DOCX, or measured on the page LibreOffice lays out when the estimate
        is close to the limit and LibreOffice is there.

        A line of a block (a header column, the signing block) is centred when it shares the middle
        of the block's first line, or stands centred in its column. With *on_page*, the column is the
        page's text area wherever the line is set (a type name in a cell of the header table)."""
        place = ln.place
        if place is None or place.box or not place.alone:
            return None
        if on_page:
            place = _on_page(ln, place)
        reference = self.block_reference(ln) if want == "center" else None
        ref = reference.place if reference is not None else None
        verdict = self._judge(place, ref, want)
        if verdict is None:
            return None
        if verdict[1]:   # close to the limit: the printed page settles it
            measured = self._measure_on_page(ln, place, on_page)
            ref_measured = self._measure_on_page(reference, ref, False) if ref is not None else None
            if measured is not None and (ref is None or ref_measured is not None):
                verdict = self._judge(measured, ref_measured, want)
                if verdict is None:
                    return None
                place = measured
        source = ("đo trên trang in do LibreOffice dàn trang" if place.source == "pdf"
                  else "ước tính từ vị trí chữ trong tệp DOCX")
        got, _, offset = verdict
        if got == "block":
            side = "phải" if offset > 0 else "trái"
            return (f"giữa dòng lệch {mm(abs(offset))} mm sang {side} so với giữa dòng «{reference.text[:30]}» "
                    f"phía trên, và không ở giữa cột ({source})")
        return (f"{ALIGN_NAMES.get(got, got)}: chữ cách mép trái {mm(place.left_gap)} mm, mép phải "
                f"{mm(place.right_gap)} mm của {_column_name(place)} ({source})")

    def _judge(self, place: Place, ref: Place | None, want: str) -> tuple[str, bool, float] | None:
        """None when *place* fits *want*; else (what it is, whether that is close to the limit, the
        offset from the block's middle)."""
        tol = self.tolerance(place.column)
        got = alignment(place, tol)
        if _fits(got, want, place):
            return None
        if ref is not None:
            offset = (place.start + place.end) / 2 - (ref.start + ref.end) / 2
            limit = self.profile.gioi_han.lech_can_mm
            if abs(offset) <= limit:
                return None
            return "block", abs(offset) <= 3 * limit or _near(place, want, tol), offset
        return got, got == "off" or _near(place, want, tol), 0.0

    def block_reference(self, ln: Line) -> Line | None:
        """The first line of the block *ln* belongs to: its side of the header (a cell of the header
        table, or the left or right half when the header is set with spaces or tabs), or the
        signing block. None when *ln* is that first line or in no block."""
        el = self.elements
        if el.signature is not None and any(x is ln for x in el.signature_block):
            first = el.signature_block[0]
            return None if first is ln else first
        if ln.index > el.header_end:
            return None
        left = left_side(ln)
        same = [x for x in self.lines[: el.header_end + 1]
                if x.text.strip() and (x.column == ln.column if ln.column is not None
                                       else x.column is None and x.box.kind == ln.box.kind and left_side(x) == left)]
        if not same or same[0] is ln:
            return None
        return same[0]

    def _measure_on_page(self, ln: Line, place: Place, on_page: bool) -> Place | None:
        """Where *ln* lands on the page LibreOffice lays out, in its column (None without LibreOffice,
        or when the line cannot be found on the page or its column cannot be placed)."""
        box = ln.box
        if box.left is None:
            return None
        found = self.rendered.locate(ln.text)
        if found is None:
            return None
        x0, x1 = found
        left, width = (ln.section.left, ln.section.text_width) if on_page else (box.left, box.width)
        return Place(x0 - left, x1 - left, width, True, False, place.align, False, "pdf")

    # ------------------------------------------------------------ looking

    def style(self, rule: str, section: str, ln: Line, key: str, name: str, size_range=None,
              placed: bool = True) -> None:
        """Report *ln* where its look differs from the profile's element *key*: size, bold, italic,
        underline, case and place. A part of the element formatted otherwise (one bold digit, a colon
        not italic) is reported with that part."""
        problems = self.style_problems(ln, key, size_range, placed)
        if problems:
            self.add(rule, section, ln.where, f"{name} «{ln.text[:50]}»: " + "; ".join(problems),
                     f"sửa định dạng {name} theo thể thức")

    def style_problems(self, ln: Line, key: str, size_range=None, placed: bool = True) -> list[str]:
        el = self.profile.thanh_phan[key]
        shown = [p for p in ln.pieces if p.text.strip() and not p.fmt.raised]
        if not shown:
            return []
        problems = []
        lo, hi = size_range or el.khoang or (el.co_chu, el.co_chu)
        want = f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"
        bad = {p.fmt.size for p in shown if not lo <= p.fmt.size <= hi}
        if bad:
            sizes = {p.fmt.size for p in shown}
            problems.append(f"cỡ chữ {sizes_text(sizes)} (quy định {want})")
        for attr, wanted, yes, no in (("bold", el.dam, "in đậm", "không in đậm"),
                                      ("italic", el.nghieng, "in nghiêng", "không in nghiêng"),
                                      ("underline", el.gach_chan, "gạch chân", "không gạch chân")):
            off = [p.text for p in shown if getattr(p.fmt, attr) != wanted]
            if not off:
                continue
            if len(off) == len(shown):
                problems.append(f"cần {yes}" if wanted else f"{yes} (quy định {no})")
            else:
                part = "".join(off).strip()[:20]
                problems.append(f"phần «{part}» {no if wanted else yes} (quy định cả dòng {yes if wanted else no})")
        if el.in_hoa and ln.text != vi.upper(ln.text):
            problems.append("cần viết hoa")
        if placed and key != "ngay_thang":
            issue = self.misplaced(ln, ALIGN_OF[el.can], on_page=key in ("ten_loai", "trich_yeu"))
            if issue:
                problems.append(f"{issue}; quy định {ALIGN_NAMES[ALIGN_OF[el.can]]}")
        return problems


def _fits(got: str, want: str, place: Place) -> bool:
    if got in ("fill", "beside"):
        return True
    if want == "center":
        return got == "center" or place.wrapped
    if want == "left":
        return got in ("left", "both") or (place.wrapped and place.align in ("left", "both"))
    return got == want


def _on_page(ln: Line, place: Place) -> Place:
    """*place* measured in the page's text area rather than in the line's cell."""
    if ln.box.kind != "cell" or ln.box.left is None:
        return place
    shift = ln.box.left - ln.section.left
    return Place(place.start + shift, place.end + shift, ln.section.text_width, place.alone, place.wrapped,
                 place.align, place.box, place.source)


def _near(place: Place, want: str, tolerance: float) -> bool:
    """A measurement close to the limit, where the DOCX estimate may be wrong."""
    if want == "center":
        return abs(place.left_gap - place.right_gap) / 2 <= 2 * tolerance
    return place.left_gap <= 2 * tolerance


def _column_name(place: Place) -> str:
    return f"cột rộng {mm(place.column)} mm"
