"""Finding the elements of a document by what they say and where they stand:
the title block, the issuer, «Số …», the date line, the type name and its
summary, the signing authority, «Nơi nhận:» and its lines, the texts issued
with the document (a quy định after a quyết định).

The rules judge these elements; nothing here judges. Samples quoted inside a
document (a guide on thể thức reproduces headers, signatures and Nơi nhận in
its tables) are told apart from the document's own elements: the header is
among the first lines, the closing block is the first one after the body that
stands outside a large table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import vietnamese as vi
from ..data.model import Profile
from ..ooxml.format import q
from .detect import HEAD_LINES, NUMBER_LINE, SIGNING, title_key
from .model import Line, Model

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
RULE_TYPED = re.compile(r"[-_─—–=.·…]{3,}")
SOLID_TYPED = re.compile(r"[_─—]{5,}")        # typed underscores or box lines print as a solid line
RECIPIENTS = re.compile(r"^Nơi\s*nhận\s*(?::|$)", re.I)   # the label, not a sentence that begins so
ATTACHED = re.compile(r"^\((?:Ban hành )?kèm theo\b", re.I)
# an administrative unit word: a name continued on the next line («ỦY BAN NHÂN DÂN / TỈNH LÂM ĐỒNG»)
CONTINUED = re.compile(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\b")
BIG_TABLE_ROWS = 4      # a closing block is a row of its own; one inside a larger table is a quoted sample
# titles of texts that are none of the rule set's types but stand where a type name stands
OTHER_TITLES = ("DANH SÁCH", "BẢN TỰ KIỂM ĐIỂM", "BẢN KIỂM ĐIỂM", "BẢN CAM KẾT", "ĐỀ CƯƠNG")


@dataclass
class Elements:
    title: Line | None = None          # the profile's tiêu đề (Party title, State tiêu ngữ)
    national: Line | None = None       # State quốc hiệu
    parent: list[Line] = field(default_factory=list)
    issuer: list[Line] = field(default_factory=list)
    separator: Line | None = None      # what stands under the issuer ('*', a rule line)
    number: Line | None = None
    date: Line | None = None
    summary_letter: Line | None = None  # a công văn's «V/v …»
    kind: Line | None = None
    kind_known: bool = False           # the type name is one of the rule set's types
    subject: Line | None = None
    signature: Line | None = None
    signature_prefixed: bool = False
    signature_block: list[Line] = field(default_factory=list)   # authority, position, name
    recipients: Line | None = None
    entries: list[Line] = field(default_factory=list)
    attached: list[Line] = field(default_factory=list)   # type lines of texts issued with the document
    attached_only: bool = False        # the document is such a text: no Số, date or Nơi nhận of its own
    unsigned: bool = False             # no signing block and no Nơi nhận at all
    head_end: int = 0                  # the last line of the header, type name and summary
    header_end: int = 0                # the last line of the header's two columns

    def header_lines(self) -> list[Line]:
        return [x for x in (self.title, self.national, self.number, self.date, *self.parent, *self.issuer)
                if x is not None]


def is_rule_line(text: str) -> bool:
    return RULE_TYPED.fullmatch(text.replace(" ", "")) is not None


def upper_words(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and text == vi.upper(text)


def type_names(profile: Profile) -> dict[str, str]:
    return {vi.upper(t.ten): key for key, t in profile.loai_van_ban.items() if not t.khong_ten_loai}


def starts_with_type(text: str, names: dict[str, str]) -> str | None:
    for name in sorted(names, key=len, reverse=True):
        if text == name or text.startswith(name + " "):
            return name
    return None


def find(model: Model, profile: Profile) -> Elements:
    lines = model.lines
    rows = TableRows()
    el = Elements()
    head = lines[:HEAD_LINES]
    title_text = title_key(profile.thanh_phan["tieu_de"].chu)
    el.title = next((ln for ln in head if title_key(ln.text) == title_text), None)
    el.national = next((ln for ln in head if title_key(ln.text) == title_key(NATIONAL)), None)
    el.number = next((ln for ln in head if NUMBER_LINE.match(ln.text)), None)
    names = type_names(profile)
    anchors = [x.index for x in (el.title, el.national, el.number) if x is not None]
    top = max(anchors) if anchors else 0
    region_end = min(len(lines), top + 14)
    el.date = next((ln for ln in lines[:region_end] if re.search(r",\s*ngày\b", ln.text)
                    or re.match(r"^[^,]{2,40},\s*ngày\s", ln.text)), None)
    el.summary_letter = next((ln for ln in lines[:region_end + 6] if ln.text.startswith(("V/v", "V/V", "v/v"))), None)
    # the type name: the first line after the header that is one of the rule set's types, or a title
    start = max([top] + [x.index for x in (el.date,) if x is not None])
    # a công văn has no type name: its «V/v …» stands under the number instead
    search = [] if el.summary_letter is not None and el.summary_letter.index <= start + 1 else lines[start: start + 10]
    for ln in search:
        if ln.index in anchors or ln is el.date:
            continue
        name = starts_with_type(ln.text, names)
        if name:
            el.kind, el.kind_known = ln, True
            break
        if upper_words(ln.text) and ln.look.bold and len(ln.text.split()) <= 12 and ln.text.startswith(OTHER_TITLES):
            el.kind = ln
            break
    if el.kind is not None and el.kind_known:
        nxt = lines[el.kind.index + 1] if el.kind.index + 1 < len(lines) else None
        if nxt is not None and not is_rule_line(nxt.text) and not ATTACHED.match(nxt.text):
            el.subject = nxt
    el.head_end = max([top] + [x.index for x in (el.date, el.kind, el.subject, el.summary_letter) if x is not None])
    _issuer(el, lines, profile)
    el.header_end = max([0] + [x.index for x in (el.title, el.national, el.number, el.date, *el.parent, *el.issuer)
                               if x is not None])
    _closing(el, lines, profile, rows)
    if el.signature is not None:
        el.signature_block = _signature_block(el.signature, lines)
    _attached(el, lines, names, rows)
    el.attached_only = el.number is None and el.recipients is None
    # no signature and no Nơi nhận: a list or table meant to go with a document, not sent on its own
    el.unsigned = el.signature is None and el.recipients is None
    return el


def left_side(ln: Line) -> bool:
    """Is a header line in the left column (issuer side)?"""
    if ln.column is not None:
        return ln.column == 0
    place = ln.place
    if place is None:
        return True
    return (place.start + place.end) / 2 < place.column / 2


def _issuer(el: Elements, lines: list[Line], profile: Profile) -> None:
    titles = {title_key(profile.thanh_phan["tieu_de"].chu), title_key(NATIONAL)}
    end = el.number.index if el.number is not None else min(len(lines), HEAD_LINES)
    if el.kind is not None:
        end = min(end, el.kind.index)
    if el.number is not None:
        candidates = [ln for ln in lines[max(0, end - 7):end]
                      if ln.column == el.number.column and (ln.column is not None or left_side(ln))]
    else:
        candidates = [ln for ln in lines[:end] if left_side(ln) and ln is not el.date]
    block: list[Line] = []
    for ln in candidates:
        text = ln.text
        if ln.text == "*" or is_rule_line(text):
            if block:
                el.separator = ln
            continue
        if title_key(text) in titles or not upper_words(text) or ln is el.summary_letter:
            if el.number is not None:
                block = []   # the issuer stands right above the number
            continue
        block.append(ln)
    if not block:
        return
    # the issuing body is the bold line(s) at the bottom; the regular lines above are its parent
    k = len(block)
    while k > 0 and block[k - 1].look.some_bold:
        k -= 1
    if k == len(block):       # nothing bold: the last name is the issuer
        k = len(block) - 1
        while k > 0 and CONTINUED.match(block[k].text):
            k -= 1
    elif k == 0 and len(block) >= 2:
        # all bold: a parent set bold too, unless the lines are one name continued
        first_rest = next((i for i in range(1, len(block)) if not CONTINUED.match(block[i].text)), None)
        if first_rest is not None:
            k = first_rest
    el.parent, el.issuer = block[:k], block[k:]


class TableRows:
    """Rows of the table a line is in (0 outside tables), counted once per table."""

    def __init__(self):
        self.counted: dict = {}

    def __call__(self, ln: Line) -> int:
        node = ln.para.element.getparent()
        while node is not None and node.tag != q("tbl"):
            node = node.getparent()
        if node is None:
            return 0
        if node not in self.counted:
            self.counted[node] = sum(1 for row in node if row.tag == q("tr"))
        return self.counted[node]


def _closing(el: Elements, lines: list[Line], profile: Profile, rows: TableRows) -> None:
    after = el.kind.index if el.kind is not None else el.head_end
    candidates = [ln for ln in lines[after + 1:] if rows(ln) < BIG_TABLE_ROWS]
    el.recipients = next((ln for ln in candidates if RECIPIENTS.match(ln.text)
                          and ln.text.replace(" ", "").startswith("Nơinhận")), None)
    if el.recipients is not None:
        el.entries = _entries(el.recipients, lines)
    prefixes = tuple(profile.quyen_han.values()) + tuple(profile.gioi_han.quyen_han_sai)
    signing = [ln for ln in candidates if ln.text.startswith(prefixes) and SIGNING.match(ln.text)]
    sig = signing[0] if signing else None
    if el.recipients is not None:
        # the signing block stands level with «Nơi nhận»: a prefix far from it is a quoted sample
        # or belongs to a later text (an annex)
        near = [ln for ln in signing if abs(ln.index - el.recipients.index) <= 40]
        sig = min(near, key=lambda ln: (abs(ln.index - el.recipients.index), ln.index < el.recipients.index)) \
            if near else None
    if sig is not None:
        el.signature, el.signature_prefixed = sig, True
    elif el.recipients is not None:
        el.signature = _bare_authority(el.recipients, lines)


def _signature_block(sig: Line, lines: list[Line]) -> list[Line]:
    """The signing block: the authority line and the lines under it in the same cell or column
    (position, the blank for the signature, the signer's name)."""
    cell = sig.para.element.getparent()
    block = [sig]
    for ln in lines[sig.index + 1: sig.index + 10]:
        if ln.para.element.getparent() is not cell or ln.column != sig.column:
            break
        if RECIPIENTS.match(ln.text) or ln.text.startswith(("-", "+")):
            break
        if ln.place is not None and not ln.place.alone:
            continue
        block.append(ln)
    return block


def _entries(label: Line, lines: list[Line]) -> list[Line]:
    """The recipient lines under «Nơi nhận:»: lines beginning with a dash, in the label's cell or
    below it; a piece set beside them with a tab (the signature) is passed over."""
    entries: list[Line] = []
    cell = label.para.element.getparent()
    for ln in lines[label.index + 1: label.index + 80]:
        if cell is not None and cell.tag == q("tc") and ln.para.element.getparent() is not cell:
            if entries:
                break
            continue
        if ln.text.startswith(("-", "+", "–", "•")) and not is_rule_line(ln.text):
            entries.append(ln)
        elif entries and ln.para is entries[-1].para:
            continue   # beside a recipient line, or the line it runs over to
        elif entries and cell is not None and cell.tag == q("tc") and not upper_words(ln.text):
            continue   # a recipient line run over to a paragraph of its own, in the same cell
        elif not entries and (ln.para is label.para or ln.index <= label.index + 2):
            continue
        else:
            break
    return entries


def _bare_authority(label: Line, lines: list[Line]) -> Line | None:
    """The head signing without a prefix (CHÁNH VĂN PHÒNG, BỘ TRƯỞNG): the upper-case line beside
    «Nơi nhận» (the other cell of its row, or the same paragraph) or just above it."""
    cell = label.para.element.getparent()
    if cell is not None and cell.tag == q("tc"):
        row = cell.getparent()
        for ln in lines[label.index + 1: label.index + 60]:
            other = ln.para.element.getparent()
            if other is not None and other is not cell and other.getparent() is row:
                return ln if upper_words(ln.text) else None
    for ln in lines[label.index + 1: label.index + 3]:
        if ln.para is label.para and upper_words(ln.text):
            return ln
    for ln in reversed(lines[max(0, label.index - 3): label.index]):
        if upper_words(ln.text) and ln.look.bold and len(ln.text) < 60:
            return ln
    return None


def _attached(el: Elements, lines: list[Line], names: dict[str, str], rows: TableRows) -> None:
    """Type lines of the texts issued with the document: a QUY ĐỊNH or QUY CHẾ after the signature,
    followed by «(Ban hành kèm theo …)»."""
    start = el.signature.index if el.signature is not None else (el.kind.index + 1 if el.kind else el.head_end)
    for ln in lines[start + 1:]:
        if ln.table and rows(ln) >= BIG_TABLE_ROWS:
            continue
        if not upper_words(ln.text) or not starts_with_type(ln.text, names):
            continue
        following = lines[ln.index + 1: ln.index + 5]
        if any(ATTACHED.match(x.text) for x in following) and ln is not el.kind:
            el.attached.append(ln)
