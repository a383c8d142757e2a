"""The WordprocessingML vanban writes, read as XML (no LibreOffice): rows that must not split
across pages, a table's heading row repeated and kept with the next, the text before the
signature kept with it, and every property element where the schema's sequence puts it
(Word refuses, or silently drops, a property out of order; LibreOffice forgives it, so no
PDF shows the fault)."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CLOSING = "vanban-phan-cuoi"  # the caption of the closing table (Nơi nhận and signature)

# ECMA-376 Part 1, the sequences of the property elements vanban writes
SEQUENCES = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"],
    "rPr": ["ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps",
            "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
            "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
            "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
            "rPrChange"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
              "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
              "tblCaption", "tblDescription", "tblPrChange"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
             "tcPrChange"],
    "sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"],
}


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def body(path):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def out_of_order(root) -> list[str]:
    """Every property element of *root* whose children break the schema's sequence."""
    bad = []
    for name, order in SEQUENCES.items():
        rank = {tag: i for i, tag in enumerate(order)}
        for el in root.iter(q(name)):
            seen = [etree.QName(c).localname for c in el if isinstance(c.tag, str) and etree.QName(c).namespace == W]
            ranks = [rank.get(t, -1) for t in seen]
            if -1 in ranks or ranks != sorted(ranks):
                bad.append(f"{name}: {seen}")
    return bad


def has(el, tag: str) -> bool:
    return el is not None and el.find(q(tag)) is not None


def is_on(el, tag: str) -> bool:
    found = el.find(q(tag)) if el is not None else None
    return found is not None and found.get(q("val")) not in ("0", "false", "off")


def closing_table(root):
    tables = [t for t in root.iter(q("tbl")) if t.find(f"{q('tblPr')}/{q('tblCaption')}[@{q('val')}='{CLOSING}']")
              is not None]
    assert len(tables) == 1
    return tables[0]


def figure_tables(root):
    """The bordered tables of figures: a first row repeated as a heading."""
    return [t for t in root.iter(q("tbl")) if has(t.find(q("tr")).find(q("trPr")), "tblHeader")]


def para_props(tr):
    return [p.find(q("pPr")) for p in tr.iter(q("p"))]


@pytest.fixture(scope="module")
def documents(sample_year):
    return {p.name: body(p) for p in sorted(sample_year.glob("*.docx"))}


def test_every_property_is_where_the_schema_puts_it(documents):
    assert len(documents) == 19  # every document of the sample year: 18 and the delivery book
    for name, root in documents.items():
        assert out_of_order(root) == [], name


def test_the_order_checker_sees_a_property_out_of_order():
    run = etree.fromstring(f'<w:r xmlns:w="{W}"><w:rPr><w:i/><w:b/></w:rPr></w:r>')
    para = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:spacing/><w:keepNext/></w:pPr></w:p>')
    good = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:keepNext/><w:spacing/></w:pPr>'
                            f'<w:r><w:rPr><w:rFonts/><w:b/><w:i/><w:sz/><w:u/></w:rPr></w:r></w:p>')
    assert out_of_order(run) and out_of_order(para) and out_of_order(good) == []


def test_the_signature_row_never_splits_and_the_text_before_it_keeps_with_it(documents):
    for name, root in documents.items():
        if name.startswith("noi-nhan"):
            continue  # the delivery book has no signature
        table = closing_table(root)
        rows = table.findall(q("tr"))
        assert rows and all(has(r.find(q("trPr")), "cantSplit") for r in rows), name
        before = table.getprevious()
        assert before.tag == q("p") and is_on(before.find(q("pPr")), "keepNext"), name
        # and the last paragraph of text before that keeps with it as well
        text = before.getprevious()
        while text is not None and text.tag == q("p") and not "".join(text.itertext()).strip():
            text = text.getprevious()
        if text is not None and text.tag == q("p"):
            assert is_on(text.find(q("pPr")), "keepNext"), name


def test_a_table_of_figures_repeats_its_heading_keeps_it_with_the_next_row_and_never_splits_a_row(documents):
    checked = 0
    for name in ("bao-cao-31-bc-du-quy-1.docx", "bao-cao-32-bc-du-6-thang.docx", "noi-nhan-2018.docx"):
        tables = figure_tables(documents[name])
        assert tables, name
        for table in tables:
            rows = table.findall(q("tr"))
            head, rest = rows[0], rows[1:]
            assert has(head.find(q("trPr")), "tblHeader")
            assert not any(has(r.find(q("trPr")), "tblHeader") for r in rest)  # only the heading repeats
            assert all(has(r.find(q("trPr")), "cantSplit") for r in rows), name
            assert all(is_on(p, "keepNext") for p in para_props(head)), name  # never alone at a page's foot
            # the heading's text is bold
            assert all(is_on(r.find(q("rPr")), "b") for r in head.iter(q("r")) if "".join(r.itertext()).strip())
            checked += 1
    assert checked >= 3
