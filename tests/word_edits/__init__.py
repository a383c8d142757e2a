"""Edits clerks make to a template in Word, each written the way Word writes its XML.

Every edit is a small function that takes a template (a .docx path) and changes
it in place: run splits carrying edit-session ids (w:rsidR) and spell-check
marks (w:proofErr), bookmarks inside tags, tracked changes (w:ins, w:del,
w:moveFrom/To, w:rPrChange, a deleted paragraph mark), a comments part,
pasted run properties, Word's smart characters, paragraphs joined by
Backspace and split by Enter, deleted and duplicated block paragraphs, a
loop's end moved, macro, altChunk, OLE and custom XML parts, links to files,
page setup changes. Each is listed in EDITS with the outcome vanban promises
for it (see test_word_edits.py):

- SAME: builds, and the document reads exactly as the unedited template's;
- EDITED: builds, and the document is the unedited one with the clerk's change
  (compared with the same change made cleanly);
- FIXED: refused (or warned) until `vanban mau sua` mends it; then as SAME/EDITED;
- REFUSED: `build` writes nothing, exits 2 and names the template, the
  paragraph (or part) and the words given; `mau kiem-tra` says the same.

The edits find their paragraphs by what they hold ({{p phan_cuoi }}, the loop
over chi_tieu, the year after its word «năm {{ nam }}» in running text, two
paragraphs of prose in a row, the last paragraph of prose…), not by their
wording, so most apply to any template of the same shape (the stock templates
and the examples').
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DOC = "word/document.xml"
DOC_RELS = "word/_rels/document.xml.rels"

SAME, EDITED, FIXED, REFUSED = "same", "edited", "fixed", "refused"


# --------------------------------------------------------------------------
# The package, as Word would leave it


class Package:
    """A .docx as its zip entries, edited as text and written back."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as zf:
            self.names = zf.namelist()
            self.data = {n: zf.read(n) for n in self.names}

    def text(self, name: str = DOC) -> str:
        return self.data[name].decode("utf-8")

    def set(self, name: str, text: str | bytes) -> None:
        if name not in self.data:
            self.names.append(name)
        self.data[name] = text.encode("utf-8") if isinstance(text, str) else text

    def content_type(self, part: str, ctype: str) -> None:
        types = self.text("[Content_Types].xml")
        types = types.replace("</Types>", f'<Override PartName="/{part}" ContentType="{ctype}"/></Types>')
        self.set("[Content_Types].xml", types)

    def default_type(self, ext: str, ctype: str) -> None:
        types = self.text("[Content_Types].xml")
        if f'Extension="{ext}"' not in types:
            types = types.replace("<Default ", f'<Default Extension="{ext}" ContentType="{ctype}"/><Default ', 1)
            self.set("[Content_Types].xml", types)

    def relate(self, rels: str, rid: str, kind: str, target: str, external: bool = False) -> None:
        if rels in self.data:
            text = self.text(rels)
        else:
            text = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
        mode = ' TargetMode="External"' if external else ""
        kind = kind if kind.startswith("http") else RELS + kind
        text = text.replace("</Relationships>",
                            f'<Relationship Id="{rid}" Type="{kind}" Target="{escape(target)}"{mode}/></Relationships>')
        self.set(rels, text)

    def save(self) -> None:
        with zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in self.names:
                zf.writestr(name, self.data[name])


# --------------------------------------------------------------------------
# Paragraphs of document.xml (the templates' body paragraphs are top-level w:p)

PARA = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>|<w:p(?: [^>]*)?/>", re.S)
TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def text_of(p: str) -> str:
    from html import unescape

    return unescape("".join(TEXT.findall(p)))


def paragraphs(xml: str) -> list[re.Match]:
    return list(PARA.finditer(xml))


def find(xml: str, test: Callable[[str], bool] | str, nth: int = 0) -> re.Match:
    """The *nth* paragraph whose text passes *test* (or contains it)."""
    if isinstance(test, str):
        needle = test
        test = lambda t: needle in t  # noqa: E731
    hits = [m for m in paragraphs(xml) if test(text_of(m.group(0)))]
    assert len(hits) > nth, f"no paragraph for {test}"
    return hits[nth]


def ppr(p: str) -> str:
    m = re.search(r"<w:pPr>.*?</w:pPr>", p, re.S)
    return m.group(0) if m else ""


def replace_para(xml: str, m: re.Match, new: str) -> str:
    return xml[:m.start()] + new + xml[m.end():]


def run(text: str, rpr: str = "", rsid: str = "00C41A7E") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r w:rsidR="{rsid}">{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(body: str, p_props: str = "", rsid: str = "00C41A7E") -> str:
    return f'<w:p w:rsidR="{rsid}" w:rsidRDefault="{rsid}">{p_props}{body}</w:p>'


PROOF_START = '<w:proofErr w:type="spellStart"/>'
PROOF_END = '<w:proofErr w:type="spellEnd"/>'
GOBACK = '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'


def cut(text: str, *marks: str) -> list[str]:
    """*text* cut before each mark in turn (each searched after the previous cut)."""
    out, at = [], 0
    for mark in marks:
        i = text.index(mark, at)
        out.append(text[at:i])
        at = i
    out.append(text[at:])
    return out


def rewrite(pkg: Package, where, pieces: Callable[[str], str], nth: int = 0) -> None:
    """The paragraph *where* rewritten: same properties, its runs made by *pieces(text)*."""
    xml = pkg.text()
    m = find(xml, where, nth)
    p = m.group(0)
    pkg.set(DOC, replace_para(xml, m, para(pieces(text_of(p)), ppr(p))))


def with_run_props(pkg: Package, where, rpr: str, p_extra: str = "") -> None:
    """Every run of the paragraph *where* given run properties (a paste that kept its source's
    look); *p_extra* added to its paragraph properties."""
    xml = pkg.text()
    m = find(xml, where)
    p = m.group(0)
    props = ppr(p)
    if p_extra:
        props = props.replace("</w:pPr>", p_extra + "</w:pPr>") if props else f"<w:pPr>{p_extra}</w:pPr>"
    pkg.set(DOC, replace_para(xml, m, para(run(text_of(p), rpr), props)))


# Paragraphs the edits look for
LAST_PROSE = lambda t: t.startswith("Trên đây là")  # noqa: E731
def PROSE(t: str) -> bool:  # noqa: E302,N802 - a paragraph of prose with no tag
    return len(t) > 60 and "{" not in t


def LOOP(t: str) -> bool:  # noqa: N802
    return t.startswith("{%p for ct in chi_tieu")


YEAR_TAG = "{{ nam }}"


def YEAR(t: str) -> bool:  # noqa: N802 - running text with the year after its word: «… năm {{ nam }} …»
    return "năm " + YEAR_TAG in t


def around(t: str, words: str) -> tuple[str, str, str]:
    """*t* around the first *words* in it: before, the words, after."""
    i = t.index(words)
    return t[:i], words, t[i + len(words):]


def at_year(t: str) -> tuple[str, str, str]:
    """A paragraph's text around its {{ nam }}: before, the tag, after."""
    return around(t, YEAR_TAG)


def with_year(t: str, tag: str) -> str:
    """The text with its {{ nam }} retyped as *tag*."""
    a, _, c = at_year(t)
    return a + tag + c


def retype_year(pkg, tag: str) -> None:
    """{{ nam }} of the running text retyped as *tag* (in the XML as it is, runs kept)."""
    xml = pkg.text()
    m = find(xml, YEAR)
    assert YEAR_TAG in m.group(0)
    pkg.set(DOC, replace_para(xml, m, m.group(0).replace(YEAR_TAG, escape(tag), 1)))


def prose_pair(texts: list[str]) -> int:
    """The first of two paragraphs of prose that follow each other."""
    return next(i for i in range(len(texts) - 1) if PROSE(texts[i]) and PROSE(texts[i + 1]))


# --------------------------------------------------------------------------
# The edits


def rsid_split_tag(pkg):
    """Word splits a tag into runs of several edit sessions, with spell-check marks."""
    rewrite(pkg, YEAR, lambda t: "".join(
        [run(a + "{{ na", rsid="00A1B2C3") + PROOF_START + run("m", rsid="00D4E5F6") + PROOF_END
         + run(" }}" + c, rsid="00A1B2C3") for a, _, c in [at_year(t)]]))


def proof_marks_in_tag(pkg):
    rewrite(pkg, "{{ ke_hoach.so_ky_hieu }}", lambda t: "".join(
        run(a) + PROOF_START + run(b, rsid="00B7C8D9") + PROOF_END + run(c)
        for a, b, c in [cut(t, "so_ky_hieu", " }}")]))


def goback_in_tag(pkg):
    """Word's hidden _GoBack bookmark (where the cursor was) inside a tag."""
    rewrite(pkg, "{{ ke_hoach.so_ky_hieu }}", lambda t: "".join(
        run(a) + GOBACK + run(b, rsid="00B7C8D9") for a, b in [cut(t, "so_ky_hieu }}")]))


def goback_before_tag(pkg):
    """_GoBack right before a tag: «số » and the number in different runs."""
    rewrite(pkg, "{{ ke_hoach.so_ky_hieu }}", lambda t: "".join(
        run(a) + GOBACK + run(b, rsid="00B7C8D9") for a, b in [cut(t, "{{ ke_hoach.so_ky_hieu }}")]))


def retyped_word_before_tag(pkg):
    """«năm » retyped before {{ nam }}: a run of its own (the no-break space spans runs)."""
    rewrite(pkg, YEAR, lambda t: "".join(
        run(a[:-len("năm ")]) + run("năm ", rsid="00E1F2A3") + run(b + c) for a, b, c in [at_year(t)]))


def tags_in_own_runs(pkg):
    """Every tag of a line retyped: each its own run."""
    rewrite(pkg, lambda t: "{{ ct.tieu_de }}" in t, lambda t: "".join(
        run(piece, rsid=f"00{i:06X}") for i, piece in enumerate(re.split(r"(\{\{.*?\}\})", t)) if piece))


def half_bold_tag(pkg):
    """Bold set on the middle of a tag: the value takes its first character's look."""
    rewrite(pkg, YEAR, lambda t: "".join(
        run(a + "{{ n") + run("am", "<w:b/>") + run(" }}" + c) for a, _, c in [at_year(t)]))


STRAIGHT = "'chưa phân bổ cho từng đơn vị'"


def curly_quotes_in_tag(pkg):
    """Word's AutoFormat turned the quotes of a string in a tag into curly ones."""
    xml = pkg.text()
    assert STRAIGHT.replace("'", "&apos;") in xml or STRAIGHT in xml
    pkg.set(DOC, xml.replace(STRAIGHT, "‘chưa phân bổ cho từng đơn vị’"))


def nbsp_in_tag(pkg):
    retype_year(pkg, "{{\u00a0nam\u00a0}}")


def enter_inside_tag(pkg):
    """Enter pressed inside the last paragraph's first tag, before its « }}»: two paragraphs, the
    second with the first's properties."""
    xml = pkg.text()
    m = find(xml, LAST_PROSE)
    p = m.group(0)
    a, b = cut(text_of(p), " }}")
    pkg.set(DOC, replace_para(xml, m, para(run(a), ppr(p)) + para(run(b, rsid="00F0E1D2"), ppr(p), "00F0E1D2")))


def enter_inside_p_tag(pkg):
    xml = pkg.text()
    m = find(xml, "{%p endif %}")
    pkg.set(DOC, replace_para(xml, m, para(run("{%p endif")) + para(run(" %}"))))


def pasted_look(pkg):
    """A paragraph pasted keeping its source formatting: yellow, blue, 11 pt, Arial, shaded,
    spaced out, with 12 pt before and after and an indent."""
    with_run_props(pkg, PROSE, '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:color w:val="0000FF"/>'
                   '<w:spacing w:val="20"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:highlight w:val="yellow"/>'
                   '<w:shd w:val="clear" w:color="auto" w:fill="FFFF00"/>',
                   '<w:spacing w:before="240" w:after="240" w:line="276" w:lineRule="auto"/><w:ind w:left="720"/>')


def body_12pt(pkg):
    """Select all › 12 pt, spacing 12 pt before and after, single line spacing."""
    xml = pkg.text()
    out, last = [], 0
    for m in paragraphs(xml):
        p = m.group(0)
        props = ppr(p) or "<w:pPr></w:pPr>"
        props = props.replace("</w:pPr>", '<w:spacing w:before="240" w:after="240" w:line="240" '
                              'w:lineRule="auto"/><w:ind w:firstLine="0"/><w:rPr><w:sz w:val="24"/></w:rPr></w:pPr>')
        body = "".join(run(t, '<w:sz w:val="24"/><w:szCs w:val="24"/>') for t in [text_of(p)] if t)
        out += [xml[last:m.start()], para(body, props)]
        last = m.end()
    pkg.set(DOC, "".join(out) + xml[last:])


def page_setup(pkg):
    """Layout › Orientation › Landscape, margins 2 cm all round, Letter paper."""
    xml = pkg.text()
    xml = re.sub(r"<w:pgSz [^>]*/>", '<w:pgSz w:w="15840" w:h="12240" w:orient="landscape"/>', xml)
    xml = re.sub(r"<w:pgMar [^>]*/>", '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" '
                 'w:header="708" w:footer="708" w:gutter="0"/>', xml)
    pkg.set(DOC, xml)


def font_changed(pkg):
    """Select all › Arial; the Normal style's font too."""
    xml = pkg.text()
    pkg.set(DOC, xml.replace("<w:r>", '<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr>'))
    styles = pkg.text("word/styles.xml")
    pkg.set("word/styles.xml", re.sub(r'(<w:style [^>]*w:styleId="Normal"[^>]*>.*?<w:rPr>)',
                                      r'\1<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>', styles, count=1, flags=re.S))


def style_coloured(pkg):
    """Modify Style › «VB Nội dung»: font colour blue, highlight."""
    styles = pkg.text("word/styles.xml")
    new = re.sub(r'(<w:style [^>]*w:styleId="VBNoiDung"[^>]*>.*?)(</w:style>)',
                 r'\1<w:rPr><w:color w:val="2E74B5"/><w:highlight w:val="cyan"/></w:rPr>\2', styles, count=1, flags=re.S)
    assert new != styles
    pkg.set("word/styles.xml", new)


PEOPLE = ("Nguyễn Văn Thư", "Trần Thị Soạn", "UBND xã Bình An")


def saved_by_word(pkg):
    """What Word writes on every save: the author and last editor, the company, the edit
    sessions (rsids) in settings and on every paragraph, a custom property."""
    core = pkg.text("docProps/core.xml")
    core = re.sub(r"<dc:creator>[^<]*</dc:creator>|<dc:creator/>", f"<dc:creator>{PEOPLE[0]}</dc:creator>", core)
    core = re.sub(r"<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>|<cp:lastModifiedBy/>",
                  f"<cp:lastModifiedBy>{PEOPLE[1]}</cp:lastModifiedBy>", core)
    pkg.set("docProps/core.xml", core)
    app = pkg.text("docProps/app.xml")
    pkg.set("docProps/app.xml", re.sub(r"<Company/>|<Company>[^<]*</Company>", f"<Company>{PEOPLE[2]}</Company>", app))
    pkg.set("docProps/custom.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
            'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property '
            f'fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Người soạn"><vt:lpwstr>{PEOPLE[1]}'
            "</vt:lpwstr></property></Properties>")
    pkg.content_type("docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml")
    pkg.relate("_rels/.rels", "rId99", "custom-properties", "docProps/custom.xml")
    xml = pkg.text()
    pkg.set(DOC, re.sub(r"<w:p>", '<w:p w:rsidR="00F1E2D3" w:rsidRDefault="00F1E2D3" w:rsidP="00A9B8C7">', xml))


def bold_whole_tag(pkg):
    """The whole {{ nam }} made bold: the year prints bold, still joined to «năm»."""
    rewrite(pkg, YEAR, lambda t: "".join(run(a) + run(b, "<w:b/><w:bCs/>") + run(c) for a, b, c in [at_year(t)]))


def bold_whole_tag_clean(path: Path):
    from docx import Document

    doc = Document(path)
    p = next(p for p in doc.paragraphs if YEAR(p.text))
    a, b, c = at_year(p.text)
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    p.add_run(a)
    p.add_run(b).bold = True
    p.add_run(c)
    doc.save(path)


NEW_SENTENCE = "- Định kỳ sáu tháng, Văn phòng tổng hợp tình hình và báo cáo kết quả thực hiện."


def new_paragraph(pkg):
    """A paragraph of the office's own typed after the last paragraph of prose before the
    closing (Enter at its end: the new paragraph takes its style)."""
    xml = pkg.text()
    m = find(xml, LAST_PROSE)
    p = m.group(0)
    pkg.set(DOC, xml[:m.end()] + para(run(NEW_SENTENCE, rsid="00ABCDEF"), ppr(p), "00ABCDEF") + xml[m.end():])


def new_paragraph_clean(path: Path):
    from docx import Document

    doc = Document(path)
    p = next(p for p in doc.paragraphs if p.text.startswith("Trên đây là"))
    new = p.insert_paragraph_before(NEW_SENTENCE, p.style)
    p._p.addprevious(new._p)  # noqa - keeps python-docx's element
    p._p.addnext(new._p)
    doc.save(path)


def swap_paragraphs(pkg):
    """Two paragraphs of prose in the other order (cut and paste)."""
    xml = pkg.text()
    ms = paragraphs(xml)
    i = prose_pair([text_of(m.group(0)) for m in ms])
    a, b = ms[i], ms[i + 1]
    pkg.set(DOC, xml[:a.start()] + b.group(0) + xml[a.end():b.start()] + a.group(0) + xml[b.end():])


def swap_paragraphs_clean(path: Path):
    from docx import Document

    doc = Document(path)
    i = prose_pair([p.text for p in doc.paragraphs])
    a, b = doc.paragraphs[i], doc.paragraphs[i + 1]
    a._p.addprevious(b._p)
    doc.save(path)


# --- tracked changes, comments

INSERTED = " phát triển đảng nhiệm kỳ 2015-2020"


def _first_stop(t: str) -> int:
    return min(i for i in (t.find(". "), t.find("./.")) if i >= 0)


def tracked_insertion(pkg):
    """Track Changes on, words typed: the issue's «… năm 2018phát triển đảng nhiệm kỳ 2015-2020.»"""
    rewrite(pkg, LAST_PROSE, lambda t: run(t[:_first_stop(t)]) + '<w:ins w:id="1" w:author="Văn thư" '
            f'w:date="2024-03-01T09:00:00Z">{run(INSERTED, rsid="00AB1234")}</w:ins>' + run(t[_first_stop(t):]))
    settings_tracking(pkg)


def insertion_clean(path: Path):
    _clean_text(path, LAST_PROSE, lambda t: t[:_first_stop(t)] + INSERTED + t[_first_stop(t):])


DELETED = "{{ nhan_danh }} yêu cầu"  # who asks, and the asking, in the last paragraph


def tracked_deletion(pkg):
    rewrite(pkg, LAST_PROSE, lambda t: "".join(
        run(a) + '<w:del w:id="2" w:author="Văn thư" w:date="2024-03-01T09:00:00Z"><w:r w:rsidDel="00AB1234">'
        f'<w:delText xml:space="preserve">{escape(b)}</w:delText></w:r></w:del>' + run(c)
        for a, b, c in [around(t, DELETED)]))


def deletion_clean(path: Path):
    _clean_text(path, LAST_PROSE, lambda t: t.replace(DELETED, "", 1))


def tracked_format(pkg):
    """Bold applied with tracking on: w:rPrChange keeps the old look."""
    rewrite(pkg, PROSE, lambda t: run(t, '<w:b/><w:rPrChange w:id="3" w:author="Văn thư" '
                                         'w:date="2024-03-01T09:00:00Z"><w:rPr/></w:rPrChange>'))


def format_clean(path: Path):
    from docx import Document

    doc = Document(path)
    p = next(p for p in doc.paragraphs if PROSE(p.text))
    for r in p.runs:
        r.bold = True
    doc.save(path)


def tracked_move(pkg):
    """A sentence dragged to another paragraph with tracking on (w:moveFrom / w:moveTo)."""
    xml = pkg.text()
    hits = [m for m in paragraphs(xml) if PROSE(text_of(m.group(0)))]
    first, second = hits[0], hits[1]
    t1, t2 = text_of(first.group(0)), text_of(second.group(0))
    moved = t1[t1.index(", đáp ứng"):] if ", đáp ứng" in t1 else t1[-30:]
    keep = t1[: len(t1) - len(moved)]
    new1 = para(run(keep) + '<w:moveFromRangeStart w:id="4" w:author="Văn thư" w:date="2024-03-01T09:00:00Z" '
                'w:name="move1"/><w:moveFrom w:id="5" w:author="Văn thư" w:date="2024-03-01T09:00:00Z">'
                f'<w:r><w:t xml:space="preserve">{escape(moved)}</w:t></w:r></w:moveFrom>'
                '<w:moveFromRangeEnd w:id="4"/>', ppr(first.group(0)))
    new2 = para(run(t2) + '<w:moveToRangeStart w:id="6" w:author="Văn thư" w:date="2024-03-01T09:00:00Z" '
                'w:name="move1"/><w:moveTo w:id="7" w:author="Văn thư" w:date="2024-03-01T09:00:00Z">'
                f'<w:r><w:t xml:space="preserve">{escape(moved)}</w:t></w:r></w:moveTo><w:moveToRangeEnd w:id="6"/>',
                ppr(second.group(0)))
    pkg.set(DOC, xml[:first.start()] + new1 + xml[first.end():second.start()] + new2 + xml[second.end():])


def move_clean(path: Path):
    from docx import Document

    doc = Document(path)
    hits = [p for p in doc.paragraphs if PROSE(p.text)]
    t1 = hits[0].text
    moved = t1[t1.index(", đáp ứng"):] if ", đáp ứng" in t1 else t1[-30:]
    _set_text(hits[0], t1[: len(t1) - len(moved)])
    _set_text(hits[1], hits[1].text + moved)
    doc.save(path)


def tracked_join(pkg):
    """Backspace at the start of a paragraph with tracking on: the mark before it deleted."""
    xml = pkg.text()
    ms = paragraphs(xml)
    first = ms[prose_pair([text_of(m.group(0)) for m in ms])]
    p = first.group(0)
    props = ppr(p) or "<w:pPr></w:pPr>"
    props = props.replace("</w:pPr>", '<w:rPr><w:del w:id="8" w:author="Văn thư" w:date="2024-03-01T09:00:00Z"/>'
                          "</w:rPr></w:pPr>")
    pkg.set(DOC, replace_para(xml, first, para(run(text_of(p)), props)))


def join_clean(path: Path):
    from docx import Document

    doc = Document(path)
    i = prose_pair([p.text for p in doc.paragraphs])
    a, b = doc.paragraphs[i], doc.paragraphs[i + 1]
    _set_text(b, a.text + b.text)
    a._p.getparent().remove(a._p)
    doc.save(path)


COMMENT = "Đừng gửi bản này"


def comment(pkg):
    """A comment on a paragraph (Review › New Comment), with Word's comments part."""
    rewrite(pkg, PROSE, lambda t: '<w:commentRangeStart w:id="0"/>' + run(t) + '<w:commentRangeEnd w:id="0"/>'
            '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>')
    pkg.set("word/comments.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments '
            f'xmlns:w="{W}"><w:comment w:id="0" w:author="Trưởng phòng" w:date="2024-03-01T09:00:00Z" '
            f'w:initials="TP"><w:p><w:r><w:t>{COMMENT}</w:t></w:r></w:p></w:comment></w:comments>')
    pkg.content_type("word/comments.xml",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml")
    pkg.relate(DOC_RELS, "rId901", "comments", "comments.xml")


def settings_tracking(pkg):
    settings = pkg.text("word/settings.xml")
    pkg.set("word/settings.xml", re.sub(r"(<w:settings[^>]*>)", r"\1<w:trackRevisions/>", settings, count=1))


def tracking_on(pkg):
    """Review › Track Changes switched on and the file saved, nothing edited yet."""
    settings_tracking(pkg)


# --- parts a document does not need

def macro_project(pkg):
    """A macro project (Alt+F11, a module) in a file still typed .docx."""
    pkg.set("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    pkg.default_type("bin", "application/vnd.ms-office.vbaProject")
    pkg.relate(DOC_RELS, "rId902", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
               "vbaProject.bin")


def macro_enabled(pkg):
    """A .docm saved and renamed .docx: Word's macro-enabled type for the main part."""
    macro_project(pkg)
    types = pkg.text("[Content_Types].xml").replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml")
    pkg.set("[Content_Types].xml", types)


def alt_chunk(pkg):
    """Content pasted as a whole HTML document (altChunk): Word shows it, the PDF does not."""
    pkg.set("word/afchunk.htm", "<html><body><p>Nội dung dán từ trang web</p></body></html>")
    pkg.default_type("htm", "application/xhtml+xml")
    pkg.relate(DOC_RELS, "rId903", "aFChunk", "afchunk.htm")
    xml = pkg.text()
    m = find(xml, LAST_PROSE)
    pkg.set(DOC, xml[:m.end()] + '<w:altChunk r:id="rId903"/>' + xml[m.end():])


def ole_object(pkg):
    """A workbook embedded as an object (Insert › Object), shown as an icon."""
    pkg.set("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    pkg.default_type("bin", "application/vnd.openxmlformats-officedocument.oleObject")
    pkg.relate(DOC_RELS, "rId904", "oleObject", "embeddings/oleObject1.bin")
    rewrite(pkg, LAST_PROSE, lambda t: run(t) + '<w:r><w:object w:dxaOrig="1503" w:dyaOrig="943">'
            '<o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" Type="Embed" ProgID="Excel.Sheet.12" '
            'ShapeID="_x0000_i1025" DrawAspect="Icon" ObjectID="_1647949788" r:id="rId904"/></w:object></w:r>')


LINKED = "file:///C:/Users/van-thu/Pictures/con-dau.png"


def linked_image(pkg):
    """A picture inserted with «Link to File»: the picture is not in the file."""
    pkg.relate(DOC_RELS, "rId905", "image", LINKED, external=True)
    pic = ('<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
           '<wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="Ảnh 1"/>'
           '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
           'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic '
           'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" '
           'name="con-dau.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rId905"/>'
           '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
           '<a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
           '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
    rewrite(pkg, LAST_PROSE, lambda t: run(t) + pic)


TEMPLATE_LINK = "file:///C:/Users/van-thu/AppData/Roaming/Microsoft/Templates/Mau%20van%20phong.dotm"


def attached_template(pkg):
    """The document based on an office template on the clerk's machine (Developer › Document Template)."""
    pkg.relate("word/_rels/settings.xml.rels", "rId1", "attachedTemplate", TEMPLATE_LINK, external=True)
    settings = pkg.text("word/settings.xml")
    pkg.set("word/settings.xml", re.sub(r"(<w:proofState[^>]*/>|<w:defaultTabStop)", r'<w:attachedTemplate r:id="rId1"/>\1',
                                        settings, count=1))


FILE_LINK = "file:///C:/Users/van-thu/Desktop/ghi-chu.docx"


def file_hyperlink(pkg):
    """A word of prose made a link to a file on the clerk's desktop (Ctrl+K)."""
    pkg.relate(DOC_RELS, "rId906", "hyperlink", FILE_LINK, external=True)
    style = '<w:rStyle w:val="Hyperlink"/>'
    rewrite(pkg, PROSE, lambda t: "".join(
        run(a) + '<w:hyperlink r:id="rId906" w:history="1">' + run(b, style) + "</w:hyperlink>" + run(c)
        for a, b, c in [cut(t, t.split()[2], " " + t.split()[3])]))


def web_hyperlink(pkg):
    """A link to a web address: kept (the PDF shows its words)."""
    pkg.relate(DOC_RELS, "rId907", "hyperlink", "https://dangcongsan.vn/", external=True)
    rewrite(pkg, PROSE, lambda t: "".join(
        run(a) + f'<w:hyperlink r:id="rId907" w:history="1">{run(b)}</w:hyperlink>' + run(c)
        for a, b, c in [cut(t, t.split()[2], " " + t.split()[3])]))


def custom_xml(pkg):
    """Custom XML data (a document management system's properties, with people's names)."""
    pkg.set("customXml/item9.xml", '<?xml version="1.0" encoding="UTF-8"?><p:properties '
            'xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties"><documentManagement>'
            "<Nguoi_soan>Nguyễn Thị B</Nguoi_soan></documentManagement></p:properties>")
    pkg.relate(DOC_RELS, "rId908", "customXml", "../customXml/item9.xml")


def en_dash_in_tag(pkg):
    """«{{ nam - 0 }}» typed: Word's AutoFormat made the hyphen an en dash."""
    retype_year(pkg, "{{ nam – 0 }}")


def em_dash_in_tag(pkg):
    retype_year(pkg, "{{ nam — 0 }}")


def nbsp_after_prefix(pkg):
    xml = pkg.text()
    pkg.set(DOC, xml.replace("{%p endif %}", "{%p\u00a0endif %}", 1))


def ellipsis_in_tag(pkg):
    retype_year(pkg, "{{ nam… }}")


# --- paragraphs

def text_after_phan_dau(pkg):
    """Words typed after {{p phan_dau }} in its paragraph."""
    rewrite(pkg, lambda t: t.strip() == "{{p phan_dau }}", lambda t: run(t) + run(" Kính gửi các chi bộ", rsid="00D1"))


def joined_p_tag(pkg):
    """Backspace joined {%p if … %} with the paragraph under it."""
    xml = pkg.text()
    ms = paragraphs(xml)
    i = next(k for k, m in enumerate(ms) if text_of(m.group(0)).startswith("{%p if"))
    a, b = ms[i], ms[i + 1]
    joined = para(run(text_of(a.group(0))) + run(text_of(b.group(0))), ppr(b.group(0)))
    pkg.set(DOC, xml[:a.start()] + joined + xml[b.end():])


def _drop(pkg, test, nth=0):
    xml = pkg.text()
    m = find(xml, test, nth)
    pkg.set(DOC, xml[:m.start()] + xml[m.end():])


def deleted_phan_cuoi(pkg):
    _drop(pkg, lambda t: t.strip() == "{{p phan_cuoi }}")


def deleted_phan_dau(pkg):
    _drop(pkg, lambda t: t.strip() == "{{p phan_dau }}")


def duplicated_phan_cuoi(pkg):
    """The closing paragraph copied and pasted twice."""
    xml = pkg.text()
    m = find(xml, lambda t: t.strip() == "{{p phan_cuoi }}")
    pkg.set(DOC, xml[:m.end()] + m.group(0) + xml[m.end():])


def _loop_end(xml):
    ms = paragraphs(xml)
    start = next(k for k, m in enumerate(ms) if LOOP(text_of(m.group(0))))
    end = next(k for k in range(start + 1, len(ms)) if text_of(ms[k].group(0)).strip() == "{%p endfor %}")
    return ms, start, end


def deleted_endfor(pkg):
    xml = pkg.text()
    ms, _, end = _loop_end(xml)
    pkg.set(DOC, xml[:ms[end].start()] + xml[ms[end].end():])


def deleted_for(pkg):
    xml = pkg.text()
    ms, start, _ = _loop_end(xml)
    pkg.set(DOC, xml[:ms[start].start()] + xml[ms[start].end():])


def moved_endfor(pkg):
    """{%p endfor %} dragged below the heading that follows the loop."""
    xml = pkg.text()
    ms, _, end = _loop_end(xml)
    e, h = ms[end], ms[end + 1]
    pkg.set(DOC, xml[:e.start()] + h.group(0) + e.group(0) + xml[h.end():])


def misspelled_variables(pkg):
    """Three variables retyped wrong in three paragraphs."""
    retype_year(pkg, "{{ nam_ke_hoach }}")
    xml = pkg.text()
    m = find(xml, lambda t: "{{ ct.tieu_de }}" in t)
    assert "{{ nam }}" in m.group(0)
    xml = replace_para(xml, m, m.group(0).replace("{{ nam }}", "{{ nam_hoc }}"))
    m = find(xml, lambda t: "{{ quan_triet }}" in t)
    pkg.set(DOC, replace_para(xml, m, m.group(0).replace("{{ quan_triet }}", "{{ quan_triet_x }}")))


def p_tag_for_a_word(pkg):
    """{{ nam }} given a p, as if it were {{p phan_dau }}: the year would stand outside any paragraph."""
    xml = pkg.text()
    m = find(xml, YEAR)
    p = m.group(0)
    a, _, c = at_year(text_of(p))
    pkg.set(DOC, replace_para(xml, m, para(run(a), ppr(p)) + para(run("{{p nam }}")) + para(run(c), ppr(p))))


def hidden_text(pkg):
    """Words formatted Hidden (Font › Hidden): in the file, not on paper."""
    rewrite(pkg, PROSE, lambda t: run(t) + run(" (bản nháp, không in)", "<w:vanish/>"))


def include_field(pkg):
    """An INCLUDETEXT field that pulls a file from the clerk's machine."""
    rewrite(pkg, LAST_PROSE, lambda t: run(t) + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
            'xml:space="preserve"> INCLUDETEXT "C:\\\\Users\\\\van-thu\\\\phu-luc.docx" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>phụ lục</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def long_padding(pkg):
    """A tag that pads a value to 400 million characters."""
    rewrite(pkg, YEAR, lambda t: run(with_year(t, "{{ (nam ~ '').ljust(400000000) }}")))


def self_reference(pkg):
    rewrite(pkg, YEAR, lambda t: run(with_year(t, "{{ self }}")))


# --------------------------------------------------------------------------
# Clean counterparts (the same change made with python-docx, no Word traces)


def _set_text(p, text: str) -> None:
    for r in list(p.runs)[1:]:
        r._r.getparent().remove(r._r)
    if p.runs:
        p.runs[0].text = text
    else:
        p.add_run(text)


def _clean_text(path: Path, test, change) -> None:
    from docx import Document

    doc = Document(path)
    p = next(p for p in doc.paragraphs if test(p.text))
    _set_text(p, change(p.text))
    doc.save(path)


# --------------------------------------------------------------------------
# The corpus


@dataclass(frozen=True)
class Edit:
    name: str
    apply: Callable[[Package], None]
    outcome: str                       # SAME, EDITED, FIXED or REFUSED
    says: tuple[str, ...] = ()         # words the message (or warning) must hold
    template: str = "ke-hoach.docx"
    kind: str = "ke-hoach"
    clean: Callable[[Path], None] | None = None  # EDITED / FIXED: the change made cleanly
    warned: bool = False               # SAME: `mau kiem-tra` warns (the build handles it)
    where: str = "đoạn"                # REFUSED: how the message places it
    example: str | None = None         # the project: None = the repository's, else examples/<name>
    tags: tuple[str, ...] = field(default_factory=tuple)


TB = dict(template="thong-bao.docx", kind="thong-bao")

EDITS = [
    # Word's run splits, marks and bookmarks: nothing changes
    Edit("rsid-split-tag", rsid_split_tag, SAME),
    Edit("proof-marks-in-tag", proof_marks_in_tag, SAME, **TB),
    Edit("goback-in-tag", goback_in_tag, SAME, **TB),
    Edit("goback-before-tag", goback_before_tag, SAME, **TB),
    Edit("retyped-word-before-tag", retyped_word_before_tag, SAME),
    Edit("tags-in-own-runs", tags_in_own_runs, SAME),
    Edit("half-bold-tag", half_bold_tag, SAME, ("bị Word tách",), warned=True),
    Edit("curly-quotes-in-tag", curly_quotes_in_tag, SAME, ("ngoặc đơn cong",), warned=True),
    Edit("nbsp-in-tag", nbsp_in_tag, SAME, ("dấu cách không ngắt",), warned=True),
    Edit("enter-inside-tag", enter_inside_tag, SAME, ("ngắt xuống đoạn sau",), warned=True),
    Edit("enter-inside-p-tag", enter_inside_p_tag, SAME, ("ngắt xuống đoạn sau",), warned=True),
    Edit("web-hyperlink", web_hyperlink, SAME),
    Edit("saved-by-word", saved_by_word, SAME),
    # the rule set decides the look
    Edit("pasted-look", pasted_look, SAME),
    Edit("body-12pt", body_12pt, SAME),
    Edit("page-setup", page_setup, SAME),
    Edit("font-changed", font_changed, SAME),
    Edit("style-coloured", style_coloured, SAME),
    # the clerk's own changes
    Edit("bold-whole-tag", bold_whole_tag, EDITED, clean=bold_whole_tag_clean),
    Edit("new-paragraph", new_paragraph, EDITED, clean=new_paragraph_clean),
    Edit("swap-paragraphs", swap_paragraphs, EDITED, clean=swap_paragraphs_clean),
    # refused until mended: `vanban mau sua`
    Edit("tracked-insertion", tracked_insertion, FIXED, ("thay đổi chưa chấp nhận", "chèn «phát triển đảng",
                                                         "Chấp nhận tất cả thay đổi", "Theo dõi thay đổi"),
         clean=insertion_clean),
    Edit("tracked-deletion", tracked_deletion, FIXED, (f"xóa «{DELETED}»",), clean=deletion_clean),
    Edit("tracked-format", tracked_format, FIXED, ("đổi định dạng",), clean=format_clean),
    Edit("tracked-move", tracked_move, FIXED, ("chuyển «, đáp ứng",), clean=move_clean),
    Edit("tracked-join", tracked_join, FIXED, ("xóa dấu ngắt đoạn",), clean=join_clean),
    Edit("comment", comment, FIXED, (f"nhận xét (comment) «{COMMENT}»", "Xóa tất cả nhận xét")),
    Edit("tracking-on", tracking_on, FIXED, ("đang bật Theo dõi thay đổi",), where="word/settings.xml"),
    Edit("macro-project", macro_project, FIXED, ("macro (word/vbaProject.bin)",), where="gói tệp"),
    Edit("macro-enabled", macro_enabled, FIXED, ("macro", "vbaProject.bin"), where="gói tệp"),
    Edit("attached-template", attached_template, FIXED, ("«…/Mau van phong.dotm»",), where="word/settings.xml"),
    Edit("file-hyperlink", file_hyperlink, FIXED, ("liên kết tới tệp «file:///C:/Users/van-thu/Desktop/ghi-chu.docx»",)),
    Edit("custom-xml", custom_xml, FIXED, ("dữ liệu XML riêng",), where="customXml/item9.xml"),
    Edit("en-dash-in-tag", en_dash_in_tag, FIXED, ("gạch nối dài «–»", "{{ nam - 0 }}")),
    Edit("em-dash-in-tag", em_dash_in_tag, FIXED, ("gạch ngang dài «—»",)),
    Edit("nbsp-after-prefix", nbsp_after_prefix, FIXED, ("dấu cách không ngắt",)),
    # refused, with what to do
    Edit("text-after-phan-dau", text_after_phan_dau, REFUSED, ("thẻ {{p phan_dau }}", "«Kính gửi các chi bộ»",
                                                               "sẽ mất")),
    Edit("joined-p-tag", joined_p_tag, REFUSED, ("thẻ {%p if %}", "«- Tiếp tục quán triệt", "sẽ mất")),
    Edit("deleted-phan-cuoi", deleted_phan_cuoi, REFUSED, ("thiếu thẻ {{p phan_cuoi }}", "Nơi nhận"),
         where="thân văn bản"),
    Edit("deleted-phan-dau", deleted_phan_dau, REFUSED, ("thiếu thẻ {{p phan_dau }}",), where="thân văn bản"),
    Edit("duplicated-phan-cuoi", duplicated_phan_cuoi, REFUSED, ("{{p phan_cuoi }} có 2 lần",)),
    Edit("deleted-endfor", deleted_endfor, REFUSED, ("thẻ {%p for %} ở đoạn 22 chưa có {%p endfor %}",)),
    Edit("deleted-for", deleted_for, REFUSED, ("thẻ {%p endfor %} ở đoạn 24 không có thẻ mở {%p for %}",)),
    Edit("moved-endfor", moved_endfor, REFUSED, ("«III. Tổ chức thực hiện:» nằm trong vòng lặp {%p for %} ở đoạn 22",)),
    Edit("misspelled-variables", misspelled_variables, REFUSED, ("biến «nam_ke_hoach»", "biến «nam_hoc»",
                                                                 "biến «quan_triet_x»")),
    Edit("ellipsis-in-tag", ellipsis_in_tag, REFUSED, ("dấu ba chấm liền «…»",)),
    Edit("p-tag-for-a-word", p_tag_for_a_word, REFUSED, ("thẻ {{p nam }} thay cả đoạn", "bỏ chữ p")),
    Edit("alt-chunk", alt_chunk, REFUSED, ("altChunk, word/afchunk.htm", "PDF")),
    Edit("ole-object", ole_object, REFUSED, ("đối tượng nhúng (OLE: Excel.Sheet.12",)),
    Edit("linked-image", linked_image, REFUSED, ("ảnh liên kết tới tệp ngoài", "con-dau.png")),
    Edit("hidden-text", hidden_text, REFUSED, ("chữ ẩn «(bản nháp, không in)»",)),
    Edit("include-field", include_field, REFUSED, ("trường INCLUDETEXT",)),
    Edit("long-padding", long_padding, REFUSED, ("quá 1.000.000 ký tự",)),
    Edit("self-reference", self_reference, REFUSED, ("«self»",)),
    # an example's own template (Nhà nước, its own wording)
    Edit("ubnd-tracked-insertion", tracked_insertion, FIXED, ("chèn «phát triển đảng",), example="ubnd-xa",
         clean=insertion_clean),
    Edit("ubnd-deleted-phan-cuoi", deleted_phan_cuoi, REFUSED, ("thiếu thẻ {{p phan_cuoi }}",),
         where="thân văn bản", example="ubnd-xa"),
    Edit("ubnd-moved-endfor", moved_endfor, REFUSED, ("«III. TỔ CHỨC THỰC HIỆN» nằm trong vòng lặp",),
         example="ubnd-xa"),
    Edit("ubnd-pasted-look", pasted_look, SAME, example="ubnd-xa"),
    Edit("ubnd-comment", comment, FIXED, (f"«{COMMENT}»",), example="ubnd-xa"),
]
