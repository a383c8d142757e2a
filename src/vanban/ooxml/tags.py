"""A template's Jinja tags as docxtpl reads them, paragraph by paragraph.

docxtpl does not read paragraphs: it edits the XML with regular expressions.
A tag is found in the text of the runs whatever XML lies between its
characters (run splits, spell-check marks, bookmarks, even the end of a
paragraph: a tag broken by Enter joins the two paragraphs); a paragraph that
holds a `{%p …%}` or `{{p …}}` tag is replaced by its last such tag, whatever
else it holds; a row with `{%tr …%}` and a cell with `{%tc …%}` likewise.
Word's curly quotes inside a tag are straightened.

`read()` models exactly that on the paragraphs of story.py, so that the
check (`vanban mau kiem-tra`), the repair (`vanban mau sua`) and the build
(rendering.Prepared) share one reading: each problem is named with its
paragraph, and the build refuses what the check calls an error. The Jinja
source built here has one line per paragraph, so Jinja's line numbers are
paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jinja2 import TemplateSyntaxError, meta, nodes
from lxml import etree

from ..errors import Finding, Location
from .format import q
from .story import Para, Part, run_look_key, runs_of

OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
OPEN = re.compile(r"\{\{|\{%|\{#")
CURLY = {"“": '"', "”": '"', "‘": "'", "’": "'"}  # what docxtpl itself straightens inside a tag
# Word's typography inside a tag: (what it is, what the clerk typed)
WORD_CHARS = {
    "–": ("gạch nối dài «–» (Word tự đổi từ dấu trừ «-»)", "-"),
    "—": ("gạch ngang dài «—» (Word tự đổi từ «--»)", "-"),
    "−": ("dấu trừ toán học «−»", "-"),
    "…": ("dấu ba chấm liền «…» (Word tự đổi từ «...»)", "..."),
    "„": ("dấu ngoặc kép «„»", '"'),
    "‟": ("dấu ngoặc kép «‟»", '"'),
    "«": ("dấu ngoặc kép «", '"'),
    "»": ("dấu ngoặc kép »", '"'),
    "″": ("dấu phẩy kép «″»", '"'),
    "‚": ("dấu ngoặc đơn «‚»", "'"),
    "‛": ("dấu ngoặc đơn «‛»", "'"),
    "′": ("dấu phẩy «′»", "'"),
    "\u00a0": ("dấu cách không ngắt (Ctrl+Shift+Space)", " "),
    "\u202f": ("dấu cách hẹp không ngắt", " "),
    "\u2007": ("dấu cách chữ số", " "),
    "\u2002": ("dấu cách rộng", " "),
    "\u2003": ("dấu cách rộng", " "),
    "\u2009": ("dấu cách hẹp", " "),
    "\u200a": ("dấu cách rất hẹp", " "),
    "\u200b": ("ký tự ẩn rộng 0 (U+200B)", ""),
    "\u200c": ("ký tự ẩn (U+200C)", ""),
    "\u200d": ("ký tự ẩn (U+200D)", ""),
    "\u2060": ("ký tự ẩn (U+2060)", ""),
    "\ufeff": ("ký tự ẩn (U+FEFF)", ""),
    "\u00ad": ("gạch nối mềm (Ctrl+-)", ""),
}
CURLY_NAMES = {"“": "ngoặc kép cong «“»", "”": "ngoặc kép cong «”»", "‘": "ngoặc đơn cong «‘»",
               "’": "ngoặc đơn cong «’»"}
# docxtpl's own tags, replaced before Jinja sees the template
DOCXTPL_TAGS = re.compile(r"^\{%-?\s*(colspan|cellbg)\s+(.*?)\s*-?%\}$|^\{%-?\s*(vm|hm)\s*-?%\}$", re.S)
BLOCKS = {"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "set"}
MIDDLES = {"elif": {"if"}, "else": {"if", "for"}}
NOT_HERE = {"include", "extends", "import", "from"}  # a template has no other template to reach
# a stub that opens what a middle or a closing tag needs, to check that tag alone
STUB = {"for": "{% for _ in () %}", "if": "{% if true %}", "macro": "{% macro _() %}", "call": "{% call _() %}",
        "filter": "{% filter upper %}", "with": "{% with %}", "block": "{% block _ %}",
        "autoescape": "{% autoescape true %}", "set": "{% set _ %}"}
DRAWINGS = (q("drawing"), q("pict"), q("object"))


# --------------------------------------------------------------------------
# Tags


@dataclass
class Tag:
    text: str        # as the clerk sees it (its characters over any runs and paragraphs)
    first: int       # index of the paragraph it starts in (in its part)
    last: int        # and ends in
    start: int       # offsets in the part's stream (all its paragraphs' text, end to end)
    end: int
    prefix: str      # docxtpl's p / tr / tc / r, or ''

    @property
    def opener(self) -> str:
        return self.text[:2]

    @property
    def jinja(self) -> str:
        """The tag as docxtpl hands it to Jinja."""
        return normalise(self.text)

    @property
    def keyword(self) -> str:
        """The first word of a {% %} tag ('for', 'endif'…), '' for others."""
        if self.opener != "{%":
            return ""
        m = re.match(r"\{%-?\s*(\w*)", self.jinja)
        return m.group(1) if m else ""

    def shown(self, keyword: str | None = None) -> str:
        """The tag's form as the clerk writes it, e.g. '{%p for %}', '{{p phan_dau }}'."""
        if self.opener == "{%":
            return "{%" + self.prefix + " " + (keyword or self.keyword) + " %}"
        return self.text if len(self.text) <= 40 else self.text[:38] + "…" + self.text[-2:]


def straighten(text: str) -> str:
    return "".join(CURLY.get(c, c) for c in text)


def normalise(tag: str) -> str:
    """A tag as docxtpl hands it to Jinja: curly quotes straightened, prefixes p/tr/tc/r
    dropped, its own tags (colspan, cellbg, vm, hm) replaced."""
    tag = straighten(tag)
    m = DOCXTPL_TAGS.match(tag)
    if m:
        return "{{ " + m.group(2) + " }}" if m.group(2) else ""
    p = _prefix(tag)
    return tag[:2] + tag[2 + len(p):] if p else tag


def _prefix(tag: str) -> str:
    """docxtpl's prefix of *tag*: a p, tr, tc or r right after the opener and a space after it,
    with no '}' or '%' (or '#' for a comment) before the closer."""
    m = re.match(r"\{([{%])(p|tr|tc|r) [^}%]*(%\}|\}\})$", tag, re.S) or \
        re.match(r"\{(#)(p|tr|tc) [^}#]*#\}$", tag, re.S)
    return m.group(2) if m else ""


def _code(text: str):
    """(position, characters, whether Jinja reads them as code) along straightened *text*:
    a quoted string (with its escapes, two characters at a time) is not code."""
    quote, i = None, 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and i + 1 < len(text):
                yield i, text[i:i + 2], False
                i += 2
                continue
            if c == quote:
                quote = None
            yield i, c, False
        elif c in "'\"":
            quote = c
            yield i, c, False
        else:
            yield i, c, True
        i += 1


def word_chars(tag: str) -> list[str]:
    """Word's typographic characters in *tag* where Jinja reads code (outside quoted strings);
    curly quotes anywhere (docxtpl straightens them everywhere)."""
    curly = [(i, c) for i, c in enumerate(tag) if c in CURLY]
    typed = [(i, c) for i, c, code in _code(straighten(tag)) if code and c in WORD_CHARS]
    return list(dict.fromkeys(c for _, c in sorted(curly + typed)))


def fix_chars(tag: str) -> str:
    """*tag* with curly quotes straightened and Word's characters outside quoted strings
    turned back into what the clerk typed."""
    return "".join(WORD_CHARS[c][1] if code and c in WORD_CHARS else c for _, c, code in _code(straighten(tag)))


def char_name(c: str) -> str:
    return CURLY_NAMES.get(c) or WORD_CHARS[c][0]


# --------------------------------------------------------------------------
# Problems


@dataclass
class Problem:
    """One finding of the reading, before the template it is in is named."""

    para: Para | None
    part: str                 # the part's label, when no paragraph
    message: str
    hint: str
    snippet: str = ""
    error: bool = True        # else a warning: the build handles it, `mau sua` tidies it
    repairable: bool = False

    def finding(self, shown: str) -> Finding:
        where = self.para.where if self.para is not None else self.part
        if self.snippet:
            where += f": «{self.snippet}»"
        return Finding(Location(shown, None, where), self.message, self.hint, "loi" if self.error else "canh_bao")


def snippet(text: str, start: int = 0, end: int | None = None, width: int = 25) -> str:
    end = len(text) if end is None else end
    lo, hi = max(0, start - width), min(len(text), end + width)
    s = text[lo:hi].strip()
    return ("…" if lo else "") + s + ("…" if hi < len(text) else "")


def quoted(text: str, most: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


# --------------------------------------------------------------------------
# One part


@dataclass
class Block:
    keyword: str
    tag: Tag
    para: int
    branch: str = ""   # 'else' once a for's else is reached


@dataclass
class PartTags:
    part: Part
    stream: str = ""
    offsets: list[int] = field(default_factory=list)    # where each paragraph starts in the stream
    tags: list[Tag] = field(default_factory=list)
    kept: list[list[Tag]] = field(default_factory=list)  # per paragraph: the tags Jinja sees, in order
    dropped: list[bool] = field(default_factory=list)    # per paragraph: replaced by a tag of its row/cell/group
    joined: list[tuple[int, int]] = field(default_factory=list)  # paragraphs a tag joins (first, last)
    blocks_at: list[tuple] = field(default_factory=list)  # per paragraph: the blocks open at its start
    problems: list[Problem] = field(default_factory=list)
    sound: bool = True   # every block opened is closed where it should be: blocks_at can be trusted

    @property
    def paras(self) -> list[Para]:
        return self.part.paragraphs

    @property
    def label(self) -> str:
        return self.part.label

    def text_of(self, i: int) -> str:
        return self.stream[self.offsets[i]:self.offsets[i + 1]]

    def para_of(self, offset: int) -> int:
        lo, hi = 0, len(self.paras) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.offsets[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def problem(self, i: int | None, message: str, hint: str, snip: str = "", **kw) -> None:
        para = self.paras[i] if i is not None else None
        self.problems.append(Problem(para, self.label, message, hint, snip, **kw))

    def source(self, markers: dict[int, str] | None = None) -> str:
        """The part as Jinja sees it, one line per paragraph (*markers*: text put on
        the line of a paragraph, to find it in a render)."""
        lines = []
        for i, tags in enumerate(self.kept):
            line = " ".join(t.jinja for t in tags)
            if markers and i in markers:
                line = markers[i] + line
            lines.append(line)
        return "\n".join(lines)


def _container(para: Para):
    """What a tag may not cross: the cell (or the body) a paragraph is in, and its text box."""
    box = "hộp văn bản" in para.where
    return (id(para.cell) if para.cell is not None else None, para.where.rsplit(", đoạn", 1)[0] if box else None)


def read_part(part: Part) -> PartTags:
    pt = PartTags(part)
    texts = [p.text for p in part.paragraphs]
    pt.stream = "".join(texts)
    pos = 0
    for t in texts:
        pt.offsets.append(pos)
        pos += len(t)
    pt.offsets.append(pos)
    n = len(texts)
    if not n:
        return pt
    _find_tags(pt)
    _replace_groups(pt)
    _match_blocks(pt)
    return pt


def _find_tags(pt: PartTags) -> None:
    s = pt.stream
    i = 0
    while True:
        m = OPEN.search(s, i)
        if not m:
            break
        opener = m.group(0)
        close = s.find(OPENERS[opener], m.end())
        inner = OPEN.search(s, m.end(), close if close >= 0 else len(s))
        first = pt.para_of(m.start())
        if close < 0 or inner:
            para = pt.paras[first]
            at = m.start() - pt.offsets[first]
            pt.problem(first, f"thẻ mở «{opener}» không có dấu đóng «{OPENERS[opener]}»",
                       f"thêm «{OPENERS[opener]}» cuối thẻ, trong cùng đoạn",
                       snippet(para.text, at, at + 2))
            i = m.end()
            continue
        end = close + 2
        last = pt.para_of(end - 1)
        text = s[m.start():end]
        tag = Tag(text, first, last, m.start(), end, _prefix(straighten(text)))
        if last != first:
            if len({_container(pt.paras[k]) for k in range(first, last + 1)}) > 1:
                pt.problem(first, f"thẻ {quoted(text, 40)} bắt đầu ở {pt.paras[first].place} nhưng kết thúc ở "
                           f"{pt.paras[last].place}, sang một ô bảng hoặc hộp văn bản khác",
                           "gõ lại cả thẻ trong cùng một đoạn", quoted(text, 40))
                i = end
                continue
            pt.joined.append((first, last))
        pt.tags.append(tag)
        i = end


def _replace_groups(pt: PartTags) -> None:
    """What docxtpl does with {%tr %}, {%tc %} and {%p %}: the row, cell or paragraph holding
    one becomes its last such tag; everything else in it is dropped (and named here)."""
    n = len(pt.paras)
    pt.kept = [[] for _ in range(n)]
    pt.dropped = [False] * n
    by_para: list[list[Tag]] = [[] for _ in range(n)]
    for tag in pt.tags:
        by_para[tag.first].append(tag)
    # groups of paragraphs a tag joins into one
    group = list(range(n))
    for first, last in pt.joined:
        for k in range(first + 1, last + 1):
            group[k] = group[first]
    done = [False] * n
    for prefix, key in (("tr", lambda p: p.row), ("tc", lambda p: p.cell)):
        members: dict[int, list[int]] = {}
        for k, para in enumerate(pt.paras):
            if key(para) is not None and not done[k]:
                members.setdefault(id(key(para)), []).append(k)
        for ks in members.values():
            tags = [t for k in ks for t in by_para[k] if t.prefix == prefix]
            if tags:
                _keep_only(pt, ks, tags[-1], by_para, prefix)
                for k in ks:
                    done[k] = True
    for k in range(n):
        if done[k] or group[k] != k:
            continue
        ks = [j for j in range(k, n) if group[j] == k]
        tags = [t for j in ks for t in by_para[j] if t.prefix == "p"]
        if tags:
            _keep_only(pt, ks, tags[-1], by_para, "p")
        else:
            for j in ks:
                pt.kept[j] = [t for t in by_para[j] if t.jinja]
        for j in ks:
            done[j] = True
    for tag in pt.tags:
        if tag.prefix in ("tr", "tc") and pt.paras[tag.first].row is None:
            pt.problem(tag.first, f"thẻ «{tag.opener}{tag.prefix}» chỉ dùng trong một dòng của bảng",
                       f"dùng «{tag.opener}p» cho đoạn văn, hoặc đặt thẻ vào một ô của bảng",
                       snippet(pt.paras[tag.first].text, tag.start - pt.offsets[tag.first],
                               tag.end - pt.offsets[tag.first]))


WHAT = {"p": "đoạn", "tr": "dòng bảng", "tc": "ô bảng"}


def _keep_only(pt: PartTags, ks: list[int], keep: Tag, by_para, prefix: str) -> None:
    for k in ks:
        pt.dropped[k] = True
        pt.kept[k] = []
    pt.kept[keep.first] = [keep] if keep.jinja else []
    pt.dropped[keep.first] = False
    # what else the paragraphs hold: text, other tags, pictures
    rest = []
    for k in ks:
        text = pt.text_of(k)
        lo, hi = pt.offsets[k], pt.offsets[k + 1]
        if lo <= keep.start < hi or lo < keep.end <= hi or keep.start <= lo < keep.end:
            a, b = max(keep.start, lo) - lo, min(keep.end, hi) - lo
            text = text[:a] + " " + text[b:]
        rest.append(text)
    if keep.opener == "{#":
        return  # a comment tag removes its paragraph, row or cell on purpose
    lost = " ".join(" ".join(rest).split())
    pictures = any(el.tag in DRAWINGS for k in ks for el in pt.paras[k].element.iter())
    if not lost and not pictures:
        return
    what = f"chữ «{quoted(lost)}»" if lost else ""
    if pictures:
        what += (" và " if what else "") + "ảnh hoặc hình vẽ"
    form = keep.shown()
    place = WHAT[prefix]
    pt.problem(keep.first, f"{place} có thẻ {form} còn {what}: khi dựng, cả {place} chỉ còn lại thẻ nên "
               f"{'chữ' if lost else 'ảnh'} đó sẽ mất",
               f"để thẻ {form} một mình một {place}: nhấn Enter ngay trước và sau thẻ (chữ sang {place} riêng)"
               if prefix == "p" else f"để thẻ {form} một mình một {place}, chuyển chữ sang {place} khác",
               quoted(pt.text_of(keep.first), 70))


def _match_blocks(pt: PartTags) -> None:
    """Every {% for %}/{% if %}… has its end: an unclosed one named where it opens, a closing
    tag without its opening where it stands; the blocks open at each paragraph noted."""
    before = len(pt.problems)
    _walk_blocks(pt)
    pt.sound = len(pt.problems) == before


def _walk_blocks(pt: PartTags) -> None:
    stack: list[Block] = []
    raw = False
    pt.blocks_at = []
    for k in range(len(pt.paras)):
        pt.blocks_at.append(tuple((b.keyword, b.para, b.branch) for b in stack))
        for tag in pt.kept[k]:
            kw = tag.keyword
            if raw:
                raw = kw != "endraw"
                continue
            if kw == "raw":
                raw = True
                continue
            if kw in BLOCKS and not (kw == "set" and "=" in tag.jinja):
                stack.append(Block(kw, tag, k))
            elif kw in MIDDLES:
                if not stack or stack[-1].keyword not in MIDDLES[kw]:
                    opens = " hoặc ".join("{%" + tag.prefix + " " + o + " %}" for o in sorted(MIDDLES[kw]))
                    pt.problem(k, f"thẻ {tag.shown()} ở {pt.paras[k].place} không nằm trong {opens} nào",
                               f"xóa thẻ này, hoặc thêm thẻ mở {opens} trước nó",
                               snippet(pt.paras[k].text))
                elif kw == "else":
                    stack[-1].branch = "else"
            elif kw.startswith("end") and kw[3:] in BLOCKS:
                want = kw[3:]
                if stack and stack[-1].keyword == want:
                    stack.pop()
                elif any(b.keyword == want for b in stack):
                    while stack[-1].keyword != want:
                        _unclosed(pt, stack.pop())
                    stack.pop()
                else:
                    pt.problem(k, f"thẻ {tag.shown()} ở {pt.paras[k].place} không có thẻ mở "
                               f"{tag.shown(want)} trước nó",
                               f"xóa thẻ này, hoặc thêm thẻ mở {tag.shown(want)} ở đầu khối", snippet(pt.paras[k].text))
    pt.blocks_at.append(())
    for block in reversed(stack):
        _unclosed(pt, block)


def _unclosed(pt: PartTags, block: Block) -> None:
    tag = block.tag
    close = tag.shown("end" + block.keyword)
    pt.problem(block.para, f"thẻ {tag.shown()} ở {pt.paras[block.para].place} chưa có {close}",
               f"thêm một {'đoạn' if tag.prefix == 'p' else 'thẻ'} {close} ngay sau chỗ kết thúc khối "
               f"(hoặc xóa thẻ mở)", snippet(pt.paras[block.para].text))


# --------------------------------------------------------------------------
# The whole template


TOKEN_NAMES = {"end of print statement": "}}", "end of statement block": "%}", "name": "một tên",
               "end of template": "cuối thẻ", "integer": "một số", "string": "một chuỗi", "comma": "dấu phẩy"}


def jinja_message(exc: TemplateSyntaxError) -> str:
    """Jinja's syntax error in Vietnamese (no English, no offsets)."""
    text = exc.message or ""

    def tok(name: str) -> str:
        return TOKEN_NAMES.get(name, name)

    m = re.match(r"unexpected char '(.+)' at \d+", text)
    if m:
        return f"ký tự «{m.group(1)}» không dùng được trong thẻ"
    m = re.match(r"Encountered unknown tag '(\w+)'", text)
    if m:
        return f"thẻ lạ «{m.group(1)}» (thẻ khối chỉ có for, if, elif, else, set, macro, with, filter)"
    m = re.match(r"expected token '([^']+)', got '([^']*)'", text)
    if m:
        return f"thẻ viết sai: gặp «{tok(m.group(2))}» ở chỗ cần «{tok(m.group(1))}»"
    m = re.match(r"unexpected '([^']*)'", text)
    if m:
        return f"thẻ viết sai ở «{tok(m.group(1))}» (thiếu hoặc thừa dấu ngoặc, dấu chấm, dấu phẩy?)"
    if "end of template" in text.lower():
        return "thẻ chưa viết xong"
    return "thẻ viết sai cú pháp"


class Reading:
    """The tags of every part of a template that docxtpl renders."""

    def __init__(self, parts: list[Part]):
        self.parts = [read_part(p) for p in parts]

    @property
    def body(self) -> PartTags | None:
        return next((p for p in self.parts if p.label == "thân văn bản"), None)

    # -- what any docxtpl template must get right

    def structure(self, env) -> list[Problem]:
        """Tags that cannot be read, text that would be dropped, blocks that do not close,
        Word's characters, syntax: every problem of every part, each where it is."""
        out: list[Problem] = []
        for pt in self.parts:
            out += pt.problems
            out += self._joined(pt)
            out += self._runs(pt)
            bad = self._tags(pt, env)
            out += bad
            if not any(p.error for p in pt.problems) and not any(p.error for p in bad) and pt.stream:
                try:
                    env.parse(pt.source())
                except TemplateSyntaxError as exc:
                    i = min(max((exc.lineno or 1) - 1, 0), len(pt.paras) - 1)
                    out.append(Problem(pt.paras[i], pt.label, jinja_message(exc), "sửa thẻ ở đoạn này",
                                       snippet(pt.paras[i].text)))
        return out

    @staticmethod
    def _joined(pt: PartTags) -> list[Problem]:
        out = []
        for first, last in pt.joined:
            tag = next(t for t in pt.tags if t.first == first and t.last == last)
            out.append(Problem(pt.paras[first], pt.label,
                               f"thẻ {quoted(tag.text, 40)} bị ngắt xuống đoạn sau (phím Enter giữa thẻ): khi dựng, "
                               f"{pt.paras[first].place} và {pt.paras[last].place} được nối lại thành một đoạn",
                               "chạy «vanban mau sua» để nối lại trong mẫu (hoặc xóa dấu ngắt đoạn giữa thẻ)",
                               quoted(tag.text, 40), error=False, repairable=True))
        return out

    @staticmethod
    def _runs(pt: PartTags) -> list[Problem]:
        """Tags whose characters carry different formatting: the value takes the first's."""
        out = []
        for tag in pt.tags:
            if tag.first != tag.last:
                continue
            para = pt.paras[tag.first]
            a, b = tag.start - pt.offsets[tag.first], tag.end - pt.offsets[tag.first]
            if len({run_look_key(p.run) for p in runs_of(para, a, b)}) > 1:
                out.append(Problem(para, pt.label, f"thẻ {quoted(tag.text, 40)} bị Word tách thành nhiều đoạn định "
                                   "dạng khác nhau: giá trị in ra theo định dạng của ký tự đầu",
                                   "chạy «vanban mau sua» để gộp thẻ về định dạng của ký tự đầu",
                                   snippet(para.text, a, b), error=False, repairable=True))
        return out

    @staticmethod
    def _tags(pt: PartTags, env) -> list[Problem]:
        """Each tag Jinja sees, alone: its syntax, Word's characters in it."""
        out = []
        for k, tags in enumerate(pt.kept):
            para = pt.paras[k]
            for tag in tags:
                if tag.opener == "{#":
                    continue
                found = word_chars(tag.text)
                wrong = _tag_syntax(env, tag)
                at = tag.start - pt.offsets[tag.first]
                snip = snippet(para.text, at, at + len(tag.text)) if tag.first == tag.last else quoted(tag.text, 40)
                if found:
                    names = ", ".join(char_name(c) for c in found)
                    fixed = fix_chars(tag.text)
                    if wrong:
                        out.append(Problem(para, pt.label, f"trong thẻ {quoted(tag.text, 40)} có {names}: "
                                           "vanban không đọc được thẻ",
                                           f"chạy «vanban mau sua» (thẻ thành {quoted(fixed, 40)}), hoặc gõ lại "
                                           "dấu đó khi đã tắt tự sửa của Word", snip, repairable=True))
                        if _tag_syntax(env, Tag(fixed, tag.first, tag.last, 0, 0, tag.prefix)) is None:
                            continue
                    else:
                        out.append(Problem(para, pt.label, f"trong thẻ {quoted(tag.text, 40)} có {names} "
                                           "(vanban vẫn đọc được)",
                                           "chạy «vanban mau sua» để đổi về dấu thường", snip, error=False,
                                           repairable=True))
                if wrong and not found:
                    out.append(Problem(para, pt.label, f"{wrong}: {quoted(tag.text, 50)}",
                                       "sửa thẻ cho đúng (xem mục «Sửa mẫu trong Word» của README)", snip))
                elif wrong and found:
                    out.append(Problem(para, pt.label, f"{wrong}: {quoted(fix_chars(tag.text), 50)}",
                                       "sửa thẻ cho đúng (xem mục «Sửa mẫu trong Word» của README)", snip))
        return out

    # -- what a template of a vanban kind must get right

    def kind(self, env, variables: set[str], framed: bool, frame_names=("phan_dau", "phan_cuoi"),
             blocks: set[str] | None = None) -> list[Problem]:
        """Unknown variables, filters and tests, each at its paragraphs; internals; expressions
        beyond the environment's bounds; the thể thức blocks where they belong; whole
        paragraphs (*blocks*: tables vanban draws, the thể thức blocks) only in {{p …}} tags,
        and {{p …}} only for them (*blocks* None: which variables are blocks is not known)."""
        out: list[Problem] = []
        unknown: dict[str, list[tuple[PartTags, int]]] = {}
        for pt in self.parts:
            if not pt.stream:
                continue
            try:
                ast = env.parse(pt.source())
            except TemplateSyntaxError:
                continue  # reported by structure()
            undeclared = _undeclared(env, ast, pt.source())
            for node in ast.find_all(nodes.Name):
                if node.ctx == "load" and node.name in undeclared and node.name not in variables:
                    unknown.setdefault(node.name, []).append((pt, node.lineno - 1))
                if node.name in ("self",):
                    i = node.lineno - 1
                    out.append(Problem(pt.paras[i], pt.label, "thẻ dùng «self» (phần bên trong của Jinja), "
                                       "không phải dữ liệu", "xóa thẻ này", snippet(pt.paras[i].text)))
            for node in ast.find_all(nodes.Filter):
                if node.name not in env.filters:
                    i = node.lineno - 1
                    out.append(Problem(pt.paras[i], pt.label, f"bộ lọc «{node.name}» không có",
                                       "xem danh sách bộ lọc bằng «vanban mau bien LOẠI»", snippet(pt.paras[i].text)))
            for node in ast.find_all(nodes.Test):
                if node.name not in env.tests:
                    i = node.lineno - 1
                    out.append(Problem(pt.paras[i], pt.label, f"phép thử «is {node.name}» không có",
                                       "sửa thẻ ở đoạn này", snippet(pt.paras[i].text)))
            for lineno, message in getattr(env, "beyond_bounds", lambda _: [])(ast):
                i = min(max(lineno - 1, 0), len(pt.paras) - 1)
                out.append(Problem(pt.paras[i], pt.label, f"mẫu vượt giới hạn: {message}", "sửa biểu thức trong thẻ",
                                   snippet(pt.paras[i].text)))
        order = {id(pt): n for n, pt in enumerate(self.parts)}
        for name, places in sorted(unknown.items(), key=lambda kv: (order[id(kv[1][0][0])], kv[1][0][1])):
            pt, i = places[0]
            more = sorted({p.paras[j].place for p, j in places[1:]} - {pt.paras[i].place})
            also = f" (cũng ở {', '.join(more)})" if more else ""
            if name in frame_names and not framed:
                message = f"loại văn bản này không có phần đầu/phần cuối theo thể thức: bỏ thẻ «{name}»{also}"
            else:
                message = f"biến «{name}» không có trong loại văn bản này{also}"
            out.append(Problem(pt.paras[i], pt.label, message,
                               "sửa tên biến; xem danh sách bằng «vanban mau bien LOẠI»", snippet(pt.paras[i].text)))
        if framed:
            out += self._frame_blocks(frame_names)
        out += self._block_tags(set(blocks or ()) | (set(frame_names) if framed else set()), set(frame_names),
                                set(variables) if blocks is not None else set())
        return out

    def _block_tags(self, blocks: set[str], frame: set[str], known: set[str]) -> list[Problem]:
        """What vanban draws as whole paragraphs or tables goes in a {{p name }} paragraph of its own
        (inside a sentence it breaks the document); a {{p name }} of a variable *known* to be no
        block (a word there would stand outside any paragraph: Word could not open the
        document) is refused too. Values reached through an attribute or a loop are not told
        apart here."""
        out = []
        for pt in self.parts:
            for k, tags in enumerate(pt.kept):
                for tag in tags:
                    if tag.opener != "{{":
                        continue
                    m = re.fullmatch(r"\{\{-?\s*([A-Za-z_]\w*)\s*-?\}\}", tag.jinja)
                    name = m.group(1) if m else None
                    para = pt.paras[k]
                    if tag.prefix == "p" and name is not None and name in known and name not in blocks:
                        out.append(Problem(para, pt.label, f"thẻ {quoted(tag.text, 40)} thay cả đoạn bằng một giá trị "
                                           "không phải đoạn văn: văn bản dựng ra sẽ hỏng", "bỏ chữ p: viết {{ … }} trong "
                                           "một đoạn văn (chỉ các phần dựng sẵn như {{p phan_dau }}, bảng … mới dùng "
                                           "{{p …}})", snippet(para.text)))
                    elif tag.prefix != "p" and name in blocks - frame:
                        out.append(Problem(para, pt.label, f"thẻ {tag.text} là một bảng dựng sẵn, phải đứng một "
                                           "mình một đoạn, viết là {{p " + name + " }}",
                                           "thay bằng một đoạn chỉ có {{p " + name + " }}", snippet(para.text)))
        return out

    def _frame_blocks(self, names) -> list[Problem]:
        """{{p phan_dau }} and {{p phan_cuoi }}: once each, alone in a paragraph of the body,
        outside any loop or condition."""
        out = []
        body = self.body
        what = {"phan_dau": ("phần đầu văn bản (tiêu đề, cơ quan, số, ngày, tên loại, trích yếu)", "đầu"),
                "phan_cuoi": ("phần cuối văn bản (Nơi nhận, chữ ký)", "cuối")}
        for name in names:
            good = []
            form = "{{p " + name + " }}"
            for pt in self.parts:
                for k, tags in enumerate(pt.kept):
                    for tag in tags:
                        if not re.fullmatch(r"\{\{-?\s*" + name + r"\s*-?\}\}", tag.jinja):
                            continue
                        para = pt.paras[k]
                        if pt is not body:
                            out.append(Problem(para, pt.label, f"thẻ {form} chỉ đặt trong thân văn bản",
                                               "xóa thẻ ở đây", snippet(para.text)))
                        elif tag.prefix != "p":
                            out.append(Problem(para, pt.label, f"thẻ {tag.text} phải đứng một mình một đoạn, "
                                               f"viết là {form}", f"thay bằng một đoạn chỉ có {form}",
                                               snippet(para.text)))
                        elif pt.blocks_at[k] and pt.sound:
                            kw, at, _ = pt.blocks_at[k][-1]
                            out.append(Problem(para, pt.label, f"thẻ {form} nằm trong khối {{% {kw} %}} mở ở "
                                               f"{pt.paras[at].place}: {what[name][0]} có thể mất hoặc lặp lại",
                                               f"đưa đoạn {form} ra ngoài khối", snippet(para.text)))
                        else:
                            good.append(para)
            if not good and not any(name in p.message for p in out):
                label = body.label if body else "thân văn bản"
                out.append(Problem(None, label, f"mẫu thiếu thẻ {form}: văn bản sẽ không có {what[name][0]}",
                                   f"thêm lại một đoạn chỉ có {form} ở {what[name][1]} văn bản (đoạn riêng, "
                                   "không có chữ khác; có thể chép từ mẫu gốc)"))
            if len(good) > 1:
                places = ", ".join(p.place for p in good)
                out.append(Problem(good[1], body.label, f"thẻ {form} có {len(good)} lần ({places}): "
                                   f"{what[name][0]} sẽ in {len(good)} lần", f"chỉ giữ một đoạn {form}",
                                   snippet(good[1].text)))
        return out

    def statics(self, pt: PartTags) -> list[int]:
        """Paragraphs of fixed text (no tag, not dropped) that something encloses in a loop."""
        out = []
        if not pt.sound:
            return out  # where a block ends is not known
        for k, para in enumerate(pt.paras):
            if pt.dropped[k] or pt.kept[k] or not pt.text_of(k).strip() or para.row is not None:
                continue  # (a fixed cell of a row a loop repeats is a column's heading or unit, on purpose)
            if any(t.first <= k <= t.last for t in pt.tags):
                continue
            if any(kw == "for" for kw, _, _ in pt.blocks_at[k]):
                out.append(k)
        return out


def loop_problem(pt: PartTags, k: int, at: int, counts: tuple[int, int, str] | None = None) -> Problem:
    para = pt.paras[k]
    opener = next(t for t in pt.kept[at] if t.keyword == "for")
    end = _block_end(pt, at)
    where_end = f" (thẻ {opener.shown('endfor')} ở {pt.paras[end].place})" if end is not None else ""
    seen = ""
    if counts:
        seen = f": in {counts[0]} lần với dữ liệu hiện có, {counts[1]} lần với dữ liệu thử {counts[2]}"
    return Problem(para, pt.label, f"đoạn «{quoted(para.text, 50)}» nằm trong vòng lặp {opener.shown()} ở "
                   f"{pt.paras[at].place}{where_end} nên lặp lại theo số mục của dữ liệu{seen}",
                   f"nếu đoạn này không thuộc vòng lặp, đặt thẻ {opener.shown('endfor')} ngay sau đoạn cuối của vòng "
                   "lặp, trước đoạn này", quoted(para.text, 50))


def _block_end(pt: PartTags, at: int) -> int | None:
    """The paragraph whose tags close the loop opened in paragraph *at*."""
    def inside(k: int) -> bool:
        return any(kw == "for" and p == at for kw, p, _ in pt.blocks_at[k])

    for k in range(at + 1, len(pt.paras)):
        if inside(k) and not inside(k + 1):
            return k
    return None


def _undeclared(env, ast, source: str) -> set[str]:
    """The names a template reads but does not set (Jinja's own finder stops at an unknown
    filter or test: those are reported on their own, and stand in for it here)."""
    filters = {n.name for n in ast.find_all(nodes.Filter)} - set(env.filters)
    tests = {n.name for n in ast.find_all(nodes.Test)} - set(env.tests)
    if filters or tests:
        env = env.overlay()
        env.filters = {**env.filters, **{name: str for name in filters}}
        env.tests = {**env.tests, **{name: bool for name in tests}}
        ast = env.parse(source)
    return meta.find_undeclared_variables(ast)


def _tag_syntax(env, tag: Tag) -> str | None:
    """Jinja's verdict on one tag alone, in Vietnamese; None when it reads."""
    src = tag.jinja
    if not src or tag.opener == "{#":
        return None
    if tag.opener == "{%":
        kw = tag.keyword
        if kw in NOT_HERE:
            return f"thẻ «{kw}» không dùng được trong mẫu vanban"
        if kw == "raw" or kw == "endraw":
            return None
        if kw in BLOCKS and not (kw == "set" and "=" in src):
            src = src + "{% end" + kw + " %}"
        elif kw in MIDDLES:
            src = "{% if true %}" + src + "{% endif %}" if kw == "elif" else "{% for _ in () %}" + src + "{% endfor %}"
        elif kw.startswith("end") and kw[3:] in STUB:
            src = STUB[kw[3:]] + src
    try:
        env.parse(src)
    except TemplateSyntaxError as exc:
        return jinja_message(exc)
    return None


def read(parts: list[Part]) -> Reading:
    return Reading(parts)


def has_element(root: etree._Element, tag: str) -> bool:
    return next(root.iter(q(tag)), None) is not None
