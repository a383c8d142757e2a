"""Direct formatting in a template's body, reset to what the rule set says.

A clerk pastes a paragraph from a web page or another file and Word keeps the
source's look as direct formatting: 11 pt, blue, a yellow highlight, 12 pt
before and after; or selects the whole text and sets 12 pt. The rule set
decides those things (styles «VB Nội dung», «VB Mục»…, written from the
profile by layout.apply_look), so in the body of a template, when it is
prepared for a build:

- reset (removed, the style's value applies): a run's size (w:sz, w:szCs),
  colour (w:color), highlight (w:highlight), shading (w:shd), character
  spacing, scale and raised/lowered position (w:spacing, w:w, w:position);
  a paragraph's spacing before/after and between lines (w:spacing) and its
  indentation (w:ind); the same in the paragraph mark's run properties;
- reset in the styles the body uses: colour, highlight and shading;
- kept: bold, italic, underline (set on purpose), the alignment of a
  paragraph, fonts (made the profile's font by apply_look).

The README («Sửa mẫu trong Word») lists the same.
"""

from __future__ import annotations

from .format import q

RUN_RESET = tuple(q(t) for t in ("sz", "szCs", "color", "highlight", "shd", "spacing", "w", "position"))
PARA_RESET = tuple(q(t) for t in ("spacing", "ind"))
STYLE_RESET = tuple(q(t) for t in ("color", "highlight", "shd"))


def reset(document) -> None:
    """Reset the body's direct formatting of an open python-docx Document (see above)."""
    _default_paragraph_style(document)
    body = document.element.body
    for ppr in body.iter(q("pPr")):
        if ppr.getparent().tag != q("p"):
            continue
        for el in [c for c in ppr if c.tag in PARA_RESET]:
            ppr.remove(el)
    for rpr in body.iter(q("rPr")):
        for el in [c for c in rpr if c.tag in RUN_RESET]:
            rpr.remove(el)
    _reset_used_styles(document, body)


def _default_paragraph_style(document) -> None:
    """A paragraph with no style of its own takes the «Normal» style: LibreOffice Writer saves
    a .docx without marking it the default, and Word then falls back to bare defaults."""
    styles = document.styles.element
    paragraph_styles = [s for s in styles.findall(q("style")) if s.get(q("type")) == "paragraph"]
    if any(s.get(q("default")) in ("1", "true") for s in paragraph_styles):
        return
    normal = next((s for s in paragraph_styles if s.get(q("styleId")) == "Normal"), None)
    if normal is not None:
        normal.set(q("default"), "1")


def _reset_used_styles(document, body) -> None:
    styles = document.styles.element
    by_id = {s.get(q("styleId")): s for s in styles.findall(q("style"))}
    used = {el.get(q("val")) for el in body.iter(q("pStyle"), q("rStyle"))}
    used |= {s.get(q("styleId")) for s in by_id.values()
             if s.get(q("default")) in ("1", "true") and s.get(q("type")) in ("paragraph", "character")}
    todo, seen = list(used), set()
    while todo:
        sid = todo.pop()
        if sid in seen or sid not in by_id:
            continue
        seen.add(sid)
        style = by_id[sid]
        for link in (style.find(q("basedOn")), style.find(q("link"))):
            if link is not None:
                todo.append(link.get(q("val")))
        rpr = style.find(q("rPr"))
        if rpr is not None:
            for el in [c for c in rpr if c.tag in STYLE_RESET]:
                rpr.remove(el)
