"""The thể thức checker: any DOCX, made by vanban or by hand, against the
rules of shared/spec/the-thuc.md as written in the profile of its rule set.

Every finding has a rule id, a severity, the spec section, where it is and
how to fix it. Elements are found by what they say (the title, 'Số …',
'…, ngày … tháng … năm …', the document type, 'T/M …', 'Nơi nhận:'), so a
document laid out by hand is checked as well as one vanban made.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx.shared import Mm

from ..text import vietnamese as vi
from ..ooxml.format import Look, Styles, has_bottom_border, has_drawing, paragraph_look, q, theme_fonts
from ..errors import Finding, Location, TemplateProblem, rule_finding
from ..data.profiles import load_profile
from ..data.model import Profile
from ..ooxml.story import Para, load_parts

ERROR, WARNING = "loi", "canh_bao"
ALIGN_NAMES = {"center": "giữa", "left": "trái", "right": "phải", "both": "đều hai bên"}
ALIGN_OF = {"giua": "center", "trai": "left", "phai": "right", "deu": "both"}
DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
CITED = re.compile(r"(?:số\s+)([0-9]{1,4}-[A-ZĐa-z]+/[A-ZĐa-z0-9\-]+)\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
# a 'Số …' line of a document's number, not 'Số điện thoại:' or 'Số định danh …' of a form
NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?:[0-9]\S*|\s*[/-]\S*|\s*$)")
RULE_SETS = ("dang", "nha_nuoc")  # profiles/<code>.yaml: every value a rule checks comes from there
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class NumberRule:
    """How a rule set writes «Số …», derived from its profile's patterns (mau)."""

    pattern: re.Pattern   # groups: colon, the number
    colon: bool           # «Số:» (State) or «Số» (Party)
    example: str          # «Số 28-KH/ĐU»


def number_rule(profile: Profile) -> NumberRule:
    """«Số», a colon or not, the number (blank in a draft), then what the profile's forms
    (a document's, a công văn's) put after it, symbols being letters, digits, - and /."""
    tails = []
    for form in (profile.mau.so_ky_hieu, profile.mau.so_ky_hieu_cong_van):
        pieces = _PLACEHOLDER.split(form.split("{so}", 1)[1])
        tail = "".join(re.escape(x) if i % 2 == 0 else r"[A-ZĐa-z0-9\-/]+" for i, x in enumerate(pieces))
        if tail not in tails:
            tails.append(tail)
    pattern = re.compile(r"^Số\s*(:)?\s*(\d+|\s*)(?:" + "|".join(tails) + ")$")
    example = profile.mau.so_ky_hieu.format(so="28", ky_hieu="KH", co_quan=profile.mau.vi_du_co_quan)
    return NumberRule(pattern, form_has_colon(profile.mau.so_ky_hieu), example)


def form_has_colon(form: str) -> bool:
    return re.match(r"^Số\s*:", form) is not None


@lru_cache(maxsize=None)
def rules_of(code: str) -> tuple[Profile, str, NumberRule]:
    """(profile, the title at the top of its right column, its number rule)."""
    profile = load_profile(code)
    title = profile.thanh_phan[profile.bo_cuc.phai[0]].chu
    return profile, title, number_rule(profile)


@dataclass
class Line:
    para: Para
    text: str          # NFC, whitespace collapsed
    look: Look | None
    column: int | None  # 0 left, 1 right when inside the first (header) table
    table: bool


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", vi.nfc(text)).strip()


def segment_runs(p) -> list[tuple[str, list]]:
    """A paragraph's text as it is laid out, with the runs of each piece: split at line breaks,
    tabs and wide runs of spaces (headers set in two columns with tabs or spaces), text boxes
    left out. A blank left for a number or a day is not a gap ('Số:   /UBND', 'ngày   tháng 6')."""
    pieces: list[tuple[str, object]] = []  # (text, run) with '\n' for a gap
    for node in p.iter(q("t"), q("tab"), q("br"), q("cr"), q("noBreakHyphen")):
        anc = node.getparent()
        while anc is not None and anc.tag != q("p"):
            anc = anc.getparent()
        if anc is not p:
            continue
        run = node.getparent()
        if node.tag == q("noBreakHyphen"):  # Word's hyphen that no line breaks at (Ctrl+Shift+-)
            pieces.append(("-", run))
        elif node.tag == q("t"):
            for i, chunk in enumerate(re.split(r" {3,}", node.text or "")):
                if i:
                    pieces.append(("\n", run))
                pieces.append((chunk, run))
        else:
            pieces.append(("\n", run))
    parts: list[list] = [["", []]]
    for text, run in pieces:
        if text == "\n":
            parts.append(["", []])
            continue
        parts[-1][0] += text
        if text.strip() and run not in parts[-1][1]:
            parts[-1][1].append(run)
    merged: list[list] = []
    for text, runs in ((_norm(t), r) for t, r in parts):
        if not text:
            continue
        if merged and (re.search(r"(?:^Số:?|\bngày|\btháng)$", merged[-1][0]) or re.match(r"^(?:[/-]|tháng\b|năm\b)", text)):
            merged[-1][0] = f"{merged[-1][0]} {text}"
            merged[-1][1] += [r for r in runs if r not in merged[-1][1]]
        else:
            merged.append([text, runs])
    return [(t, r) for t, r in merged]


def segments(p) -> list[str]:
    return [t for t, _ in segment_runs(p)]


def _title_key(text: str) -> str:
    """A title compared without its tone placement (CỘNG HOÀ / HÒA), dash kind or spacing."""
    text = re.sub(r"\s*[-–—]\s*", " - ", vi.set_tone_style(vi.upper(text), "moi"))
    return re.sub(r"\s+", " ", text).strip()


def detect(texts: list[str]) -> str | None:
    """The rule set whose title stands among the first lines (in either tone placement)."""
    head = {_title_key(t) for t in texts[:40]}
    return next((code for code in RULE_SETS if _title_key(rules_of(code)[1]) in head), None)


class Checker:
    def __init__(self, doc, parts, profile: Profile):
        self.doc, self.profile = doc, profile
        self.styles = Styles(doc.styles.element, theme_fonts(doc.part.package))
        self.issues: list[Finding] = []
        self.body = next(p for p in parts if p.label == "thân văn bản")
        self.parts = parts
        first_table = self.body.root.find(f"{q('body')}/{q('tbl')}")
        self.lines = [ln for p in self.body.paragraphs for ln in self._lines(p, first_table)]

    def _lines(self, para: Para, header_table) -> list[Line]:
        column, node, in_table = None, para.element, False
        while node is not None:
            if node.tag == q("tc"):
                in_table = True
                row = node.getparent()
                if row is not None and row.getparent() is header_table:
                    column = [c for c in row if c.tag == q("tc")].index(node)
            node = node.getparent()
        pieces = segment_runs(para.element)
        if len(pieces) == 1:
            return [Line(para, pieces[0][0], paragraph_look(para.element, self.styles), column, in_table)]
        # a piece of a paragraph laid out with tabs or spaces: its own runs' look, its place set by tabs
        out = []
        for text, runs in pieces:
            look = paragraph_look(para.element, self.styles, runs)
            out.append(Line(para, text, look and Look(look.size, look.bold, look.italic, look.underline, "tab",
                                                      look.fonts), column, in_table))
        return out

    def add(self, rule, section, where, message, fix, severity=ERROR):
        self.issues.append(rule_finding(rule, severity, section, where, message, fix))

    def find(self, predicate) -> Line | None:
        return next((ln for ln in self.lines if predicate(ln.text)), None)

    # ------------------------------------------------------------------ rules

    def page(self):
        tables = self._sections_with_tables()
        for i, s in enumerate(self.doc.sections, 1):
            where = f"trang in (phần {i})"
            w, h = s.page_width or 0, s.page_height or 0
            tol = Mm(self.profile.gioi_han.sai_so_mm)
            a4 = lambda a, b: abs(a - Mm(self.profile.trang.rong_mm)) <= tol and abs(b - Mm(self.profile.trang.cao_mm)) <= tol  # noqa: E731
            if i > 1 and a4(h, w) and i - 1 < len(tables) and tables[i - 1]:
                pass  # A4 landscape after the first page, for a wide table (§1: landscape only for wide tables)
            elif not a4(w, h):
                self.add("TT01", "§1", where, f"khổ giấy {w / Mm(1):.0f}×{h / Mm(1):.0f} mm, không phải A4 đứng",
                         "Bố cục › Khổ giấy › A4, hướng dọc")
            margins = {"tren": s.top_margin, "duoi": s.bottom_margin, "trai": s.left_margin, "phai": s.right_margin}
            names = {"tren": "trên", "duoi": "dưới", "trai": "trái", "phai": "phải"}
            for key, value in margins.items():
                lo, hi = self.profile.gioi_han.le_mm[key]
                mm = (value or 0) / Mm(1)
                if not lo - self.profile.gioi_han.sai_so_mm <= mm <= hi + self.profile.gioi_han.sai_so_mm:
                    want = f"{lo:g} mm" if lo == hi else f"{lo:g}–{hi:g} mm"
                    self.add("TT02", "§1", where, f"lề {names[key]} {mm:.1f} mm (quy định {want})",
                             f"Bố cục › Lề › đặt lề {names[key]} {want}")

    def _sections_with_tables(self) -> list[bool]:
        """Whether each section of the body holds a table (a section ends at a paragraph that
        carries its properties, the last at the end of the body)."""
        out, has = [], False
        for child in self.doc.element.body:
            if child.tag == q("tbl"):
                has = True
            elif child.tag == q("p") and child.find(f"{q('pPr')}/{q('sectPr')}") is not None:
                out.append(has)
                has = False
        return out + [has]

    def fonts(self):
        wanted = self.profile.phong_chu
        bad: dict[str, Line] = {}
        for ln in self.lines:
            if ln.look:
                for f in ln.look.fonts - {wanted}:
                    bad.setdefault(f, ln)
        for font, ln in bad.items():
            self.add("TT03", "§1", ln.para.where, f"phông chữ «{font}» (quy định {wanted}), ví dụ «{ln.text[:40]}»",
                     f"chọn toàn bộ văn bản và đặt phông {wanted}")

    def _style(self, rule, section, ln: Line, key: str, name: str, size_range=None):
        el = self.profile.thanh_phan[key]
        lk = ln.look
        if lk is None:
            return
        problems = []
        lo, hi = size_range or el.khoang or (el.co_chu, el.co_chu)
        if lk.size is None or not lo <= lk.size <= hi:
            want = f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"
            problems.append(f"cỡ chữ {lk.size if lk.size is not None else 'không đều'} (quy định {want})")
        if lk.bold != el.dam:
            problems.append("cần in đậm" if el.dam else "không in đậm")
        if lk.italic != el.nghieng:
            problems.append("cần in nghiêng" if el.nghieng else "không in nghiêng")
        if el.in_hoa and ln.text != vi.upper(ln.text):
            problems.append("cần viết hoa")
        want_align = ALIGN_OF[el.can]
        # where the date sits in its column is not regulated; a piece placed by tabs is where the tabs put it
        placed = key == "ngay_thang" or lk.align == "tab"
        if not placed and lk.align != want_align and not (want_align == "center" and ln.column is not None
                                                         and lk.align == "center"):
            problems.append(f"căn {ALIGN_NAMES.get(lk.align, lk.align)} (quy định căn {ALIGN_NAMES[want_align]})")
        if problems:
            self.add(rule, section, ln.para.where, f"{name} «{ln.text[:40]}»: " + "; ".join(problems),
                     f"sửa định dạng {name} theo thể thức")

    def header(self, code: str):
        el = self.profile.thanh_phan
        title = self.find(lambda t: _title_key(t) == _title_key(el["tieu_de"].chu))
        order = {}
        if title is None:
            self.add("TT04", "§2" if code == "dang" else "§3", "phần đầu", f"không có dòng «{el['tieu_de'].chu}»",
                     "thêm tiêu đề ở cột phải phần đầu văn bản")
        else:
            order["tieu_de"] = self.lines.index(title)
            self._style("TT04", "§2", title, "tieu_de", "tiêu đề")
            if (el["tieu_de"].gach_chan or el["tieu_de"].duong_ke) and title.look and not title.look.underline \
                    and not has_bottom_border(title.para.element) and not self._rule_near(title):
                self.add("TT04", "§2", title.para.where, "không có đường kẻ liền dưới tiêu đề",
                         "gạch chân tiêu đề (đường kẻ liền, dài bằng dòng chữ)")
        number = self.find(lambda t: NUMBER_LINE.match(t) is not None)
        if number is None:
            self.add("TT07", "§2", "phần đầu", "không có dòng «Số …»", "thêm số và ký hiệu dưới tên cơ quan")
        else:
            order["so"] = self.lines.index(number)
            self.number(code, number)
            self._issuer(code, number)
        region = max(order.get("so", 12), order.get("tieu_de", 0)) + 12  # both header columns, read left first
        dates = [ln for ln in self.lines[:region] if re.search(r",\s*ngày\b", ln.text)]
        if not dates:
            self.add("TT08", "§2", "phần đầu", "không có dòng địa danh, ngày tháng năm",
                     "thêm «<địa danh>, ngày … tháng … năm …» ở cột phải")
        else:
            self._style("TT08", "§2", dates[0], "ngay_thang", "dòng ngày tháng")
        return order

    def _rule_near(self, ln: Line) -> bool:
        """A line drawn under *ln*: a shape in it or in the next line, or a border on the empty
        paragraph that follows it."""
        i = self.lines.index(ln)
        if has_drawing(ln.para.element) or (i + 1 < len(self.lines) and has_drawing(self.lines[i + 1].para.element)):
            return True
        if i + 1 < len(self.lines) and re.fullmatch(r"[_─—–-]{5,}", self.lines[i + 1].text):
            return True  # typed underscores: usual practice
        def empty_ruled(nxt) -> bool:
            while nxt is not None and nxt.tag == q("p") and not "".join(t.text or "" for t in nxt.iter(q("t"))).strip():
                if has_bottom_border(nxt) or has_drawing(nxt):
                    return True
                nxt = nxt.getnext()
            return False

        element = ln.para.element
        if empty_ruled(element.getnext()):
            return True
        cell = element.getparent()
        if element.getnext() is None and cell is not None and cell.tag == q("tc"):
            # the line drawn at the top of the same column in the next row of the header table
            row = cell.getparent()
            index = [c for c in row if c.tag == q("tc")].index(cell)
            below = row.getnext()
            while below is not None and below.tag != q("tr"):
                below = below.getnext()
            if below is not None:
                cells = [c for c in below if c.tag == q("tc")]
                if index < len(cells):
                    first = cells[index].find(q("p"))
                    return empty_ruled(first)
        return False

    def number(self, code: str, ln: Line):
        rule = rules_of(code)[2]
        m = rule.pattern.match(ln.text)
        colon = ":" in ln.text.split("-")[0].split("/")[0]
        if colon and not rule.colon:
            self.add("TT07", "§2, §5.1", ln.para.where, f"«{ln.text}»: {self.profile.ten.lower()} không có dấu hai "
                     "chấm sau «Số»", f"viết «{rule.example}»")
        elif rule.colon and not colon:
            self.add("TT07", "§3, §5.1", ln.para.where, f"«{ln.text}»: {self.profile.ten.lower()} có dấu hai chấm "
                     "sau «Số»", f"viết «{rule.example}»")
        elif m is None:
            self.add("TT07", "§2", ln.para.where, f"«{ln.text}» không đúng dạng số và ký hiệu",
                     f"viết theo mẫu «{rule.example}»")
        elif m.group(2).strip() and int(m.group(2)) < 10 and not m.group(2).startswith("0"):
            self.add("TT07", "§4", ln.para.where, f"«{ln.text}»: số dưới 10 phải có số 0 đứng trước",
                     f"viết «{m.group(2).zfill(2)}»")
        self._style("TT07", "§2", ln, "so_ky_hieu", "số và ký hiệu")

    def _issuer(self, code: str, number: Line):
        i = self.lines.index(number)
        above = [ln for ln in self.lines[max(0, i - 6):i] if ln.column == number.column or number.column is None]
        star = next((ln for ln in above if ln.text == "*"), None)
        dashed = next((ln for ln in above if re.fullmatch(r"[-_–—=.]{3,}", ln.text)), None)
        if self.profile.gioi_han.phan_cach:
            if dashed is not None:
                self.add("TT06", "§2, §5.2", dashed.para.where, f"dưới tên cơ quan là đường gạch «{dashed.text}»",
                         "thay bằng một dấu «*» căn giữa")
            elif star is None:
                self.add("TT06", "§2, §5.2", number.para.where, "thiếu dấu «*» dưới tên cơ quan ban hành",
                         "thêm một dòng «*» căn giữa giữa tên cơ quan và dòng Số")
        names = [ln for ln in above if ln.text not in ("*",) and not re.fullmatch(r"[-_–—=.]{3,}", ln.text)
                 and ln.text == vi.upper(ln.text) and ln.text != self.profile.thanh_phan["tieu_de"].chu]
        if names:
            self._style("TT05", "§2", names[-1], "co_quan", "tên cơ quan ban hành")

    def body_type(self, order: dict):
        start = order.get("so", 0)
        names = {vi.upper(t.ten): key for key, t in self.profile.loai_van_ban.items() if not t.khong_ten_loai}
        kind = next((ln for ln in self.lines[start:start + 6] if ln.text in names and not ln.table), None)
        if kind is None:
            if not any(ln.text.startswith(("V/v", "V/V")) for ln in self.lines[:start + 25]):
                self.add("TT09", "§2", "sau phần đầu", "không thấy tên loại văn bản (KẾ HOẠCH, BÁO CÁO…)",
                         "thêm tên loại in hoa, đậm, căn giữa dưới phần đầu")
            return
        order["ten_loai"] = self.lines.index(kind)
        self._style("TT09", "§2", kind, "ten_loai", "tên loại", self.profile.gioi_han.co_chu_ten_loai)
        i = self.lines.index(kind)
        if i + 1 < len(self.lines):
            self._style("TT10", "§2", self.lines[i + 1], "trich_yeu", "trích yếu")

    def signature(self, order: dict):
        right = tuple(p + " " for p in self.profile.quyen_han.values())
        wrong = tuple(p + " " for p in self.profile.gioi_han.quyen_han_sai)
        for ln in self.lines:
            if ln.text.startswith(wrong):
                fix = next(iter(self.profile.quyen_han.values()))
                self.add("TT11", "§2, §5.3", ln.para.where,
                         f"«{ln.text}»: tiền tố ký thuộc quy tắc khác", f"viết «{fix} …»")
        after = order.get("ten_loai", order.get("so", 0))  # the signature follows the body, not a quoted sample
        sig = next((ln for ln in self.lines[after:] if ln.text.startswith(right) or ln.text.startswith(wrong)), None)
        if sig is not None:
            order["ky"] = self.lines.index(sig)
            if sig.text.startswith(right):
                self._style("TT11", "§2", sig, "quyen_han_ky", "quyền hạn ký")

    def recipients(self, order: dict):
        label = self.find(lambda t: t == self.profile.thanh_phan["noi_nhan_nhan"].chu)
        if label is None:
            self.add("TT12", "§2", "cuối văn bản", "không có «Nơi nhận:»", "thêm khối Nơi nhận bên trái chữ ký")
            return
        order["noi_nhan"] = self.lines.index(label)
        el = self.profile.thanh_phan["noi_nhan_nhan"]
        lk = label.look
        if lk and (lk.underline != el.gach_chan or lk.bold != el.dam or lk.italic != el.nghieng or lk.size != el.co_chu):
            style = ", ".join(x for x, on in (("gạch chân", el.gach_chan), ("đậm", el.dam), ("nghiêng", el.nghieng)) if on)
            self.add("TT12", "§2", label.para.where, f"«Nơi nhận:» cần {style}, cỡ {el.co_chu:g}",
                     "sửa định dạng dòng «Nơi nhận:»")
        i = self.lines.index(label)
        entries = []
        for ln in self.lines[i + 1:]:
            if not ln.text.startswith("-"):
                break
            entries.append(ln)
        size = self.profile.thanh_phan["noi_nhan_dong"].co_chu
        # the drafter's initials in small type after the archive line are usual practice
        bad = [ln for ln in entries if ln.look and ln.look.size != size
               and not (ln.text.startswith("- Lưu") and ln.look.size is None)]
        if bad:
            self.add("TT12", "§2", bad[0].para.where, f"{len(bad)} dòng nơi nhận không phải cỡ {size:g}",
                     f"đặt cỡ chữ {size:g} cho các dòng nơi nhận")
        if entries and not entries[-1].text.startswith("- Lưu"):
            self.add("TT12", "§2, §4", entries[-1].para.where, "dòng cuối của Nơi nhận không phải dòng lưu",
                     "kết thúc bằng «- Lưu VT, …b.»")

    def dates(self):
        for ln in self.lines:
            for m in DATE.finditer(ln.text):
                day, month = m.group(1), m.group(2)
                expected = f"ngày {vi.day_text(int(day))} tháng {vi.month_text(int(month))} năm {m.group(3)}"
                if _norm(m.group(0)) != expected:
                    self.add("TT08", "§4, §5.5", ln.para.where, f"«{m.group(0)}» viết sai quy tắc ngày tháng",
                             f"viết «{expected}» (ngày dưới 10 và tháng 1, 2 có số 0 đứng trước)")

    def unicode(self):
        decomposed = legacy = False
        for part in self.parts:
            for para in part.paragraphs:
                text = para.text
                if text and not decomposed and not unicodedata.is_normalized("NFC", text):
                    decomposed = True
                    self.add("TT13", "§5.8", para.where, f"chữ không ở dạng Unicode dựng sẵn (NFC): «{vi.nfc(text)[:40]}»",
                             "gõ lại bằng bộ gõ Unicode dựng sẵn, hoặc chạy chuyển mã sang Unicode dựng sẵn")
                encoding = vi.legacy_encoding(text) if text and not legacy else None
                if encoding:
                    legacy = True
                    self.add("TT13", "§5.8", para.where, f"chữ có vẻ gõ bằng bảng mã cũ {encoding}: «{text[:40]}»",
                             f"chuyển mã từ {encoding} sang Unicode dựng sẵn (ví dụ bằng Unikey › Công cụ chuyển mã)")

    def tone(self):
        styles: dict[str, dict[str, Line]] = {"moi": {}, "cu": {}}
        for ln in self.lines:
            for style, words in vi.tone_styles(ln.text).items():
                for w in words:
                    styles[style].setdefault(w.lower(), ln)
        if styles["moi"] and styles["cu"]:
            new, old = next(iter(styles["moi"].items())), next(iter(styles["cu"].items()))
            self.add("TT14", "§5.8", old[1].para.where,
                     f"lẫn hai kiểu bỏ dấu trong một văn bản: «{new[0]}» và «{old[0]}»",
                     "thống nhất một kiểu (hòa, ủy hoặc hoà, uỷ)")

    def citations(self):
        seen: dict[str, tuple[str, Line]] = {}
        for ln in self.lines:
            for m in CITED.finditer(ln.text):
                number = m.group(1)
                date = f"{int(m.group(2))}/{int(m.group(3))}/{m.group(4)}"
                if number in seen and seen[number][0] != date:
                    self.add("TT15", "§5.7", ln.para.where,
                             f"văn bản {number} được dẫn với hai ngày khác nhau: {seen[number][0]} và {date}",
                             "kiểm tra lại và dùng một ngày đúng cho cả hai chỗ")
                seen.setdefault(number, (date, ln))

    def pages(self) -> int:
        """The page count Word saved (docProps/app.xml), else an estimate from the text."""
        for part in self.doc.part.package.iter_parts():
            if str(part.partname).endswith("/docProps/app.xml"):
                m = re.search(rb"<Pages>(\d+)</Pages>", part.blob)
                if m and int(m.group(1)) > 0:
                    return int(m.group(1))
        chars = sum(len(ln.text) for ln in self.lines)
        return 1 if chars < 2600 and len(self.lines) < 45 else 2

    def page_numbers(self):
        if self.pages() <= 1:
            return  # a one-page document needs no page number
        section = self.doc.sections[0]

        def has_number(part) -> bool:
            element = part._element
            instr = "".join(t.text or "" for t in element.iter(q("instrText")))
            simple = " ".join(f.get(q("instr")) or "" for f in element.iter(q("fldSimple")))
            return "PAGE" in instr.upper() or "PAGE" in simple.upper()

        header = not section.header.is_linked_to_previous and has_number(section.header)
        footer = not section.footer.is_linked_to_previous and has_number(section.footer)
        if not header and footer:
            self.add("TT17", "§1", "chân trang", "số trang ở chân trang", "đặt số trang ở giữa phía trên (đầu trang)",
                     WARNING)
        elif not header:
            self.add("TT17", "§1", "đầu trang", "không có số trang", "chèn số trang ở giữa phía trên, từ trang 2",
                     WARNING)
        elif not section.different_first_page_header_footer:
            self.add("TT17", "§1", "đầu trang", "số trang hiện cả ở trang 1", "chọn «Trang đầu khác» cho đầu trang",
                     WARNING)

    def body_text(self, order: dict):
        start = order.get("ten_loai", order.get("so", 0)) + 2
        end = min(order.get("ky", len(self.lines)), order.get("noi_nhan", len(self.lines)))
        lo, hi = self.profile.gioi_han.co_chu_noi_dung
        body = [ln for ln in self.lines[start:end] if not ln.table and ln.look]
        bad = [ln for ln in body if ln.look.size is not None and not lo <= ln.look.size <= hi]
        if bad:
            self.add("TT18", "§1", bad[0].para.where, f"{len(bad)} đoạn nội dung có cỡ chữ ngoài {lo:g}–{hi:g}",
                     f"đặt cỡ chữ nội dung {lo:g}")

    def order(self, order: dict):
        # the title and the number share the header, in whichever column order it is read
        head = [order[k] for k in ("tieu_de", "so") if k in order]
        positions = ([max(head)] if head else []) + [order[k] for k in ("ten_loai", "ky") if k in order]
        if positions != sorted(positions):
            self.add("TT16", "§2", "toàn văn bản", "các thành phần thể thức không đúng thứ tự",
                     "thứ tự: tiêu đề, cơ quan, số; tên loại, trích yếu; nội dung; chữ ký, nơi nhận")

    def run(self, code: str) -> list[Finding]:
        self.page()
        self.fonts()
        order = self.header(code)
        self.body_type(order)
        self.signature(order)
        self.recipients(order)
        self.dates()
        self.unicode()
        self.tone()
        self.citations()
        self.page_numbers()
        self.body_text(order)
        self.order(order)
        return self.issues


class NotAdministrative(TemplateProblem):
    """The file is a form or another kind of text: the thể thức rules do not apply to it."""

    title = "Không phải văn bản hành chính"

    def __init__(self, findings, reason: str):
        super().__init__(findings)
        self.reason = reason


# the type lines of forms and citizens' papers, which the thể thức rules do not govern
FORM_TITLE = re.compile(r"^(TỜ KHAI|ĐƠN\b|PHIẾU\b|BẢN KHAI|GIẤY ĐỀ NGHỊ|BIỂU MẪU|MẪU SỐ)")
SIGNING = re.compile(r"^(T/M|K/T|T/L|TM\.|KT\.|TL\.|TUQ\.)\s")


def administrative_parts(texts: list[str]) -> tuple[bool, str]:
    """(is it an administrative document, and if not, what it lacks or is)."""
    head = texts[:40]
    form = next((t for t in head if FORM_TITLE.match(t)), None)
    recipients = any(t.replace(" ", "").startswith("Nơinhận") for t in texts)
    if form and not recipients:
        return False, f"là một biểu mẫu («{form[:40]}»), không có Nơi nhận"
    number = any(NUMBER_LINE.match(t) for t in head)
    signing = any(SIGNING.match(t) for t in texts)
    if not (number or recipients or signing):
        return False, "không có số và ký hiệu, không có quyền hạn ký, không có Nơi nhận"
    return True, ""


def check(path: Path, shown: str, rule_set: str | None = None) -> tuple[str, list[Finding]]:
    """(rule set used, issues) for the DOCX at *path*."""
    doc, parts = load_parts(path, shown)
    body = next(p for p in parts if p.label == "thân văn bản")
    texts = [t for p in body.paragraphs for t in segments(p.element)]
    if rule_set is None:
        administrative, reason = administrative_parts(texts)
        if not administrative:
            raise NotAdministrative([Finding(Location(shown), f"không phải văn bản hành chính: {reason}",
                                             "thể thức văn bản hành chính không áp dụng cho tệp này; ghi --quy-tac "
                                             "để vẫn kiểm tra")], reason)
    code = rule_set or detect(texts)
    if code is None:
        raise TemplateProblem([Finding(Location(shown), "không nhận ra quy tắc thể thức từ phần đầu văn bản",
                                       "ghi rõ --quy-tac dang hoặc --quy-tac nha-nuoc")])
    profile = rules_of(code)[0]
    try:
        return code, Checker(doc, parts, profile).run(code)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError):
        # a document shaped in a way the checker does not know: say so, never a traceback
        raise TemplateProblem([Finding(Location(shown), "không kiểm tra được tệp này (cấu trúc văn bản lạ)",
                                       "mở tệp trong Word, lưu lại dạng .docx rồi kiểm tra lại")]) from None


def as_json(shown: str, code: str, issues: list[Finding]) -> dict:
    return {"tep": shown, "quy_tac": code, "hanh_chinh": True, "loi": sum(i.severity == ERROR for i in issues),
            "canh_bao": sum(i.severity == WARNING for i in issues), "ket_qua": [as_record(i) for i in issues]}


def as_record(f: Finding) -> dict:
    """One finding in the JSON of «kiem-tra-the-thuc» and «kiem-tra-trang»."""
    return {"rule": f.rule, "severity": f.severity, "section": f.section, "where": f.where,
            "message": f.message, "fix": f.fix}
