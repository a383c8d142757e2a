"""The formatting Word shows for a paragraph: run properties resolved through
the run style, the paragraph style chain and the document defaults."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
q = lambda tag: f"{{{W}}}{tag}"  # noqa: E731
VAL = q("val")


def _on(el) -> bool | None:
    if el is None:
        return None
    v = el.get(VAL)
    return v not in ("0", "false", "off", "none")


@dataclass(frozen=True)
class Look:
    size: float | None
    bold: bool
    italic: bool
    underline: bool
    align: str            # left, center, right, both
    fonts: frozenset[str]  # font names of the text's runs ('(theme)' for theme fonts)


class Styles:
    """Style lookups over styles.xml."""

    def __init__(self, styles_root: etree._Element | None, theme_fonts: dict[str, str] | None = None):
        self.theme_fonts = theme_fonts or {}  # 'minor' / 'major' → the theme's Latin typeface
        self.by_id: dict[str, etree._Element] = {}
        self.default_para = None
        self.defaults_rpr = None
        self.defaults_ppr = None
        if styles_root is None:
            return
        for st in styles_root.findall(q("style")):
            sid = st.get(q("styleId"))
            self.by_id[sid] = st
            if st.get(q("type")) == "paragraph" and st.get(q("default")) in ("1", "true"):
                self.default_para = sid
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


def _first(sources, child: str):
    for src in sources:
        if src is not None:
            el = src.find(q(child))
            if el is not None:
                return el
    return None


def _latin_font(sources, styles: Styles) -> str:
    """The font the run's Latin text renders in, resolved attribute by attribute: an rFonts that
    names only East Asian or complex-script fonts leaves the Latin font to the next source."""
    for src in sources:
        rf = src.find(q("rFonts")) if src is not None else None
        if rf is None:
            continue
        if rf.get(q("ascii")):
            return rf.get(q("ascii"))
        theme = rf.get(q("asciiTheme"))
        if theme:
            return styles.theme_fonts.get("major" if theme.startswith("major") else "minor", "(phông của giao diện)")
    return "(mặc định)"


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


def paragraph_look(p: etree._Element, styles: Styles, runs=None) -> Look | None:
    """Formatting of the paragraph's visible text (or of *runs*, a part of it); None when it has no text."""
    ppr = p.find(q("pPr"))
    pstyle = None
    if ppr is not None and ppr.find(q("pStyle")) is not None:
        pstyle = ppr.find(q("pStyle")).get(VAL)
    pchain = list(styles.chain(pstyle or styles.default_para))
    jc = _first([ppr] + [s.find(q("pPr")) for s in pchain] + [styles.defaults_ppr], "jc")
    align = jc.get(VAL) if jc is not None else "left"
    align = {"start": "left", "end": "right", "distribute": "both"}.get(align, align)
    sizes, bolds, italics, unders, fonts = set(), set(), set(), set(), set()
    any_text = False
    for r in (p.iter(q("r")) if runs is None else runs):
        text = "".join(t.text or "" for t in r.findall(q("t")))
        if not text.strip():
            continue
        any_text = True
        rpr = r.find(q("rPr"))
        rstyle = rpr.find(q("rStyle")).get(VAL) if rpr is not None and rpr.find(q("rStyle")) is not None else None
        sources = [rpr] + [s.find(q("rPr")) for s in styles.chain(rstyle)] + \
                  [s.find(q("rPr")) for s in pchain] + [styles.defaults_rpr]
        sz = _first(sources, "sz")
        sizes.add(int(sz.get(VAL)) / 2 if sz is not None else None)
        bolds.add(bool(_on(_first(sources, "b"))))
        italics.add(bool(_on(_first(sources, "i"))))
        u = _first(sources, "u")
        unders.add(u is not None and u.get(VAL) != "none")
        fonts.add(_latin_font(sources, styles))
    if not any_text:
        return None
    return Look(size=next(iter(sizes)) if len(sizes) == 1 else None,
                bold=all(bolds), italic=all(italics), underline=all(unders), align=align,
                fonts=frozenset(fonts))


def has_bottom_border(p: etree._Element) -> bool:
    ppr = p.find(q("pPr"))
    if ppr is None or ppr.find(q("pBdr")) is None:
        return False
    bottom = ppr.find(q("pBdr")).find(q("bottom"))
    return bottom is not None and bottom.get(VAL) not in (None, "nil", "none")


def has_drawing(p: etree._Element) -> bool:
    """A line drawn as a shape (how many offices draw the rule under a title)."""
    return any(True for tag in ("drawing", "pict") for _ in p.iter(q(tag)))
