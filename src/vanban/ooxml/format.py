"""The formatting Word shows for a run and a paragraph, resolved the way Word
resolves it: direct formatting, then the character style chain, the paragraph
style chain, the table style, the document defaults and, for fonts, the theme.

Every property is resolved on its own (a style that sets only the size leaves
the font to the next source). What the styles give is computed once per
(paragraph style, character style, table style) and cached, so a paragraph of
a million runs costs a million small look-ups, never a walk of the chains.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
q = lambda tag: f"{{{W}}}{tag}"  # noqa: E731
VAL = q("val")
RPR = q("rPr")
TWIP_MM = 25.4 / 1440          # one twentieth of a point, in mm
DEFAULT_SIZE = 10.0            # what Word uses when nothing sets w:sz
DEFAULT_FONT = "Times New Roman"  # what Word uses when nothing names a font
RUN_PROPS = ("sz", "b", "i", "u", "caps", "vertAlign", "highlight", "shd", "vanish", "strike")
FONT_SLOTS = ("ascii", "hAnsi")


def _on(el) -> bool | None:
    if el is None:
        return None
    v = el.get(VAL)
    return v not in ("0", "false", "off", "none")


def twips(value) -> float:
    """A twips attribute in mm (0 when it is missing or not a number)."""
    try:
        return float(value) * TWIP_MM
    except (TypeError, ValueError):
        return 0.0


@dataclass(frozen=True)
class RunFormat:
    """How one run prints."""

    size: float
    bold: bool
    italic: bool
    underline: bool
    caps: bool
    raised: bool              # superscript or subscript
    highlight: str | None     # a highlight colour, or a run shading fill
    hidden: bool
    fonts: tuple[str, str]    # (ascii, hAnsi): ASCII letters print in the first, Vietnamese in the second

    def font_for(self, text: str) -> str:
        """The font the letters of *text* print in (Vietnamese letters use the hAnsi slot)."""
        return self.fonts[0] if text.isascii() else self.fonts[1]


@dataclass(frozen=True)
class TabStop:
    pos_mm: float
    kind: str                 # left, center, right, decimal, bar, clear


@dataclass(frozen=True)
class ParaFormat:
    """A paragraph's alignment, indents (mm) and tab stops, resolved through its styles."""

    align: str                # left, center, right, both
    left_mm: float
    right_mm: float
    first_mm: float           # first-line indent; negative for a hanging indent
    tabs: tuple[TabStop, ...]
    style: str | None
    line: tuple[str, float] = ("auto", 1.0)   # ('auto', multiple of single) or ('exact'/'atLeast', mm)
    before_mm: float = 0.0
    after_mm: float = 0.0
    page_break_before: bool = False


class Styles:
    """Style look-ups over styles.xml, cached."""

    def __init__(self, styles_root: etree._Element | None, theme_fonts: dict[str, str] | None = None,
                 default_tab_mm: float = 12.7):
        self.theme_fonts = theme_fonts or {}  # 'minor' / 'major' → the theme's Latin typeface
        self.default_tab_mm = default_tab_mm
        self.by_id: dict[str, etree._Element] = {}
        self.default_para = None
        self.default_table = None
        self.defaults_rpr = None
        self.defaults_ppr = None
        self._run_cache: dict[tuple, dict] = {}
        self._format_cache: dict[tuple, RunFormat] = {}   # one RunFormat per distinct formatting
        self._para_cache: dict[tuple, ParaFormat] = {}
        if styles_root is None:
            return
        for st in styles_root.findall(q("style")):
            sid = st.get(q("styleId"))
            self.by_id[sid] = st
            if st.get(q("default")) in ("1", "true"):
                if st.get(q("type")) == "paragraph":
                    self.default_para = sid
                elif st.get(q("type")) == "table":
                    self.default_table = sid
        dd = styles_root.find(q("docDefaults"))
        if dd is not None:
            self.defaults_rpr = dd.find(f"{q('rPrDefault')}/{q('rPr')}")
            self.defaults_ppr = dd.find(f"{q('pPrDefault')}/{q('pPr')}")

    def chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            based = st.find(q("basedOn"))
            sid = based.get(VAL) if based is not None else None

    # ------------------------------------------------------------------ runs

    def _style_sources(self, pstyle: str | None, rstyle: str | None, tstyle: str | None) -> list:
        """The rPr elements that stand behind a run's direct formatting, nearest first."""
        sources = [s.find(q("rPr")) for s in self.chain(rstyle)]
        sources += [s.find(q("rPr")) for s in self.chain(pstyle or self.default_para)]
        sources += [s.find(q("rPr")) for s in self.chain(tstyle)] if tstyle else []
        sources.append(self.defaults_rpr)
        return [s for s in sources if s is not None]

    def inherited(self, pstyle: str | None, rstyle: str | None, tstyle: str | None) -> dict:
        """What the styles and defaults give a run with no direct formatting."""
        key = (pstyle, rstyle, tstyle)
        found = self._run_cache.get(key)
        if found is None:
            sources = self._style_sources(pstyle, rstyle, tstyle)
            found = {name: _first(sources, name) for name in RUN_PROPS}
            found["fonts"] = tuple(self._font(sources, slot) for slot in FONT_SLOTS)
            self._run_cache[key] = found
        return found

    def _font(self, sources, slot: str) -> str:
        """The font of one slot, resolved attribute by attribute: an rFonts that names only
        East Asian or complex-script fonts leaves the Latin font to the next source."""
        for src in sources:
            rf = src.find(q("rFonts"))
            if rf is None:
                continue
            name = _slot_font(rf, slot, self.theme_fonts)
            if name:
                return name
        return DEFAULT_FONT

    def run_format(self, run: etree._Element, pstyle: str | None, tstyle: str | None = None,
                   rpr: etree._Element | None | bool = False) -> RunFormat:
        """The format of *run* (its rPr may be given when the caller has it: None for none)."""
        if rpr is False:
            rpr = run.find(RPR)
        if rpr is None:
            key: tuple = (pstyle, tstyle)
        else:
            key = (pstyle, tstyle) + tuple((c.tag, tuple(c.attrib.items())) for c in rpr)
        found = self._format_cache.get(key)
        if found is None:
            found = self._format_cache[key] = self._run_format(rpr, pstyle, tstyle)
        return found

    def _run_format(self, rpr, pstyle: str | None, tstyle: str | None) -> RunFormat:
        rstyle = None
        if rpr is not None:
            rs = rpr.find(q("rStyle"))
            rstyle = rs.get(VAL) if rs is not None else None
        base = self.inherited(pstyle, rstyle, tstyle)

        def get(name):
            if rpr is not None:
                el = rpr.find(q(name))
                if el is not None:
                    return el
            return base[name]

        sz = get("sz")
        try:
            size = int(sz.get(VAL)) / 2 if sz is not None else DEFAULT_SIZE
        except (TypeError, ValueError):
            size = DEFAULT_SIZE
        u = get("u")
        va = get("vertAlign")
        fonts = base["fonts"]
        if rpr is not None and rpr.find(q("rFonts")) is not None:
            rf = rpr.find(q("rFonts"))
            fonts = tuple(_slot_font(rf, slot, self.theme_fonts) or fonts[i] for i, slot in enumerate(FONT_SLOTS))
        return RunFormat(size=size, bold=bool(_on(get("b"))), italic=bool(_on(get("i"))),
                         underline=u is not None and u.get(VAL) not in ("none", None),
                         caps=bool(_on(get("caps"))),
                         raised=va is not None and va.get(VAL) in ("superscript", "subscript"),
                         highlight=_highlight(get("highlight"), get("shd")), hidden=bool(_on(get("vanish"))),
                         fonts=fonts)

    # ------------------------------------------------------------ paragraphs

    def para_format(self, p: etree._Element, tstyle: str | None = None) -> ParaFormat:
        ppr = p.find(q("pPr"))
        pstyle = None
        if ppr is not None and ppr.find(q("pStyle")) is not None:
            pstyle = ppr.find(q("pStyle")).get(VAL)
        key = (pstyle, tstyle)
        base = self._para_cache.get(key)
        if base is None:
            base = self._para_base(pstyle, tstyle)
            self._para_cache[key] = base
        if ppr is None:
            return base
        jc = ppr.find(q("jc"))
        align = _align(jc.get(VAL)) if jc is not None else base.align
        left, right, first = base.left_mm, base.right_mm, base.first_mm
        ind = ppr.find(q("ind"))
        if ind is not None:
            left, right, first = _indents(ind, left, right, first)
        tabs = base.tabs
        own = ppr.find(q("tabs"))
        if own is not None:
            tabs = _merge_tabs(tabs, own)
        line, before, after = base.line, base.before_mm, base.after_mm
        sp = ppr.find(q("spacing"))
        if sp is not None:
            line, before, after = _spacing(sp, line, before, after)
        pbb = ppr.find(q("pageBreakBefore"))
        breaks = bool(_on(pbb)) if pbb is not None else base.page_break_before
        return ParaFormat(align, left, right, first, tabs, pstyle or self.default_para, line, before, after, breaks)

    def _para_base(self, pstyle: str | None, tstyle: str | None) -> ParaFormat:
        sources = [s.find(q("pPr")) for s in self.chain(pstyle or self.default_para)]
        if tstyle:
            sources += [s.find(q("pPr")) for s in self.chain(tstyle)]
        sources = [s for s in sources if s is not None] + ([self.defaults_ppr] if self.defaults_ppr is not None else [])
        jc = _first(sources, "jc")
        left = right = first = 0.0
        for src in reversed(sources):   # farthest first, nearer sources override attribute by attribute
            ind = src.find(q("ind"))
            if ind is not None:
                left, right, first = _indents(ind, left, right, first)
        tabs: tuple[TabStop, ...] = ()
        for src in reversed(sources):
            own = src.find(q("tabs"))
            if own is not None:
                tabs = _merge_tabs(tabs, own)
        line, before, after = ("auto", 1.0), 0.0, 0.0
        for src in reversed(sources):
            sp = src.find(q("spacing"))
            if sp is not None:
                line, before, after = _spacing(sp, line, before, after)
        pbb = _first(sources, "pageBreakBefore")
        return ParaFormat(_align(jc.get(VAL)) if jc is not None else "left", left, right, first, tabs,
                          pstyle or self.default_para, line, before, after, bool(_on(pbb)))


def _first(sources, child: str):
    for src in sources:
        if src is not None:
            el = src.find(q(child))
            if el is not None:
                return el
    return None


def _slot_font(rf, slot: str, theme: dict[str, str]) -> str | None:
    if rf.get(q(slot)):
        return rf.get(q(slot))
    kind = rf.get(q(slot + "Theme"))
    if kind:
        return theme.get("major" if kind.startswith("major") else "minor", "(phông của giao diện)")
    return None


def _highlight(highlight, shd) -> str | None:
    if highlight is not None and highlight.get(VAL) not in (None, "none"):
        return highlight.get(VAL)
    if shd is not None:
        fill = (shd.get(q("fill")) or "auto").lower()
        if fill not in ("auto", "ffffff", "") and shd.get(VAL) not in ("nil",):
            return f"#{fill}"
    return None


def _align(value: str | None) -> str:
    value = value or "left"
    return {"start": "left", "end": "right", "distribute": "both", "justify": "both",
            "lowKashida": "both", "mediumKashida": "both", "highKashida": "both", "thaiDistribute": "both",
            "numTab": "left"}.get(value, value)


def _indents(ind, left: float, right: float, first: float) -> tuple[float, float, float]:
    for name in ("left", "start"):
        if ind.get(q(name)) is not None:
            left = twips(ind.get(q(name)))
    for name in ("right", "end"):
        if ind.get(q(name)) is not None:
            right = twips(ind.get(q(name)))
    if ind.get(q("firstLine")) is not None:
        first = twips(ind.get(q("firstLine")))
    if ind.get(q("hanging")) is not None:
        first = -twips(ind.get(q("hanging")))
    return left, right, first


def _spacing(sp, line, before: float, after: float):
    if sp.get(q("line")) is not None:
        rule = sp.get(q("lineRule")) or "auto"
        try:
            value = float(sp.get(q("line")))
        except ValueError:
            value = 240.0
        line = ("auto", value / 240) if rule == "auto" else (rule, value * TWIP_MM)
    if sp.get(q("before")) is not None and sp.get(q("beforeAutospacing")) not in ("1", "true"):
        before = twips(sp.get(q("before")))
    if sp.get(q("after")) is not None and sp.get(q("afterAutospacing")) not in ("1", "true"):
        after = twips(sp.get(q("after")))
    return line, before, after


def _merge_tabs(tabs: tuple[TabStop, ...], own) -> tuple[TabStop, ...]:
    stops = {round(t.pos_mm, 2): t for t in tabs}
    for tab in own.findall(q("tab")):
        pos = round(twips(tab.get(q("pos"))), 2)
        kind = _align(tab.get(VAL)) if tab.get(VAL) in ("start", "end") else (tab.get(VAL) or "left")
        if kind == "clear":
            stops.pop(pos, None)
        else:
            stops[pos] = TabStop(pos, kind)
    return tuple(sorted(stops.values(), key=lambda t: t.pos_mm))


def theme_fonts(package) -> dict[str, str]:
    """The Latin typefaces of the document theme (minor: body text, major: headings)."""
    A = "http://schemas.openxmlformats.org/drawingml/2006/main"
    for part in package.iter_parts():
        if str(part.partname).startswith("/word/theme/"):
            try:
                root = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                return {}
            out = {}
            for kind in ("minor", "major"):
                latin = root.find(f".//{{{A}}}{kind}Font/{{{A}}}latin")
                if latin is not None and latin.get("typeface"):
                    out[kind] = latin.get("typeface")
            return out
    return {}


def default_tab_mm(package) -> float:
    """The default tab stop interval of settings.xml (Word's default: 0.5 in)."""
    for part in package.iter_parts():
        if str(part.partname) == "/word/settings.xml":
            try:
                root = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                break
            el = root.find(q("defaultTabStop"))
            if el is not None and twips(el.get(VAL)) > 1:
                return twips(el.get(VAL))
    return 12.7


def has_bottom_border(p: etree._Element) -> bool:
    ppr = p.find(q("pPr"))
    if ppr is None or ppr.find(q("pBdr")) is None:
        return False
    bottom = ppr.find(q("pBdr")).find(q("bottom"))
    return bottom is not None and bottom.get(VAL) not in (None, "nil", "none")


def has_drawing(p: etree._Element) -> bool:
    """A line drawn as a shape (how many offices draw the rule under a title)."""
    return any(True for tag in ("drawing", "pict") for _ in p.iter(q(tag)))
