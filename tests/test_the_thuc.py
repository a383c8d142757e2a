"""Generated documents read back with python-docx: the Party thể thức of the spec.

Every test runs over the plan and over letters of both kinds (a branch with
a quota, a mass organisation with an assignment)."""

import re

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from docx_read import find_in_tables, look, norm

CENTER = WD_ALIGN_PARAGRAPH.CENTER


CASES = {
    "ke-hoach-28-kh-du.docx": {"number": "Số 28-KH/ĐU", "date": "Tân Thạch, ngày 05 tháng 01 năm 2018",
                               "type": "KẾ HOẠCH", "subject": "tạo nguồn phát triển đảng năm 2018",
                               "recipients": 5, "archive": "- Lưu VT, 28b."},
    "thong-bao-12-tb-du-ap-cho.docx": {"number": "Số 12-TB/ĐU", "date": "Tân Thạch, ngày 10 tháng 01 năm 2018",
                                       "type": "THÔNG BÁO", "subject": "giao chỉ tiêu tạo nguồn phát triển đảng năm 2018",
                                       "recipients": 3, "archive": "- Lưu VT, 3b."},
    "thong-bao-24-tb-du-hoi-phu-nu.docx": {"number": "Số 24-TB/ĐU", "date": "Tân Thạch, ngày 10 tháng 01 năm 2018",
                                           "type": "THÔNG BÁO",
                                           "subject": "giao chỉ tiêu tạo nguồn phát triển đảng năm 2018",
                                           "recipients": 3, "archive": "- Lưu VT, 3b."},
    "bao-cao-32-bc-du-6-thang.docx": {"number": "Số 32-BC/ĐU", "date": "Tân Thạch, ngày 05 tháng 7 năm 2018",
                                      "type": "BÁO CÁO",
                                      "subject": "kết quả tạo nguồn phát triển đảng 6 tháng đầu năm 2018",
                                      "recipients": 5, "archive": "- Lưu VT, 28b.",
                                      "signature": ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Trần Thị Bình"]},
}
for _case in CASES.values():
    _case.setdefault("signature", ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn An"])


@pytest.fixture(scope="module", params=list(CASES))
def case(request, sample_year):
    return Document(sample_year / request.param), CASES[request.param]


@pytest.fixture(scope="module")
def doc(case):
    return case[0]


@pytest.fixture(scope="module")
def expect(case):
    return case[1]


def one(doc, predicate):
    hits = find_in_tables(doc, predicate)
    assert len(hits) == 1, [h[3].text for h in hits]
    return hits[0]


def test_a4_portrait_and_margins(doc):
    for s in doc.sections:
        assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
        assert [round(x / Mm(1)) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [20, 20, 30, 15]


def test_every_font_is_times_new_roman(doc):
    named = set()
    for part in (doc.element, doc.styles.element):
        for fonts in part.iter(qn("w:rFonts")):
            for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                if fonts.get(qn(slot)):
                    named.add(fonts.get(qn(slot)))
            assert fonts.get(qn("w:asciiTheme")) is None
    assert named == {"Times New Roman"}
    assert doc.styles["Normal"].font.name == "Times New Roman"


def bottom_rule(paragraph):
    """The length in mm of the line drawn under a paragraph (a bottom border between its indents)."""
    border = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    if border is None or border.get(qn("w:val")) in (None, "nil", "none"):
        return None
    return paragraph


def test_header_right_column_title(doc):
    from vanban.ooxml.measure import width_mm

    t, r, c, p = one(doc, lambda s: s == "ĐẢNG CỘNG SẢN VIỆT NAM")
    lk = look(p)
    assert (t, r, c) == (0, 0, 1)
    assert lk.size == 15 and lk.bold and not lk.underline and not lk.italic and lk.align == CENTER
    # a solid line under it, drawn (not a text underline), as long as the text
    cell = doc.tables[t].rows[r].cells[c]
    paras = cell.paragraphs
    rule = paras[[q._p for q in paras].index(p._p) + 1]
    assert rule.text == "" and bottom_rule(rule) is not None
    pf = rule.paragraph_format
    length = cell.width.mm - (pf.left_indent.mm + pf.right_indent.mm)
    assert abs(length - width_mm("ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True)) < 8


def test_header_left_column_levels_issuer_star_number(doc, expect):
    _, r_up, c_up, p_up = one(doc, lambda s: s == "ĐẢNG BỘ HUYỆN CHÂU THÀNH")
    _, r_is, c_is, p_is = one(doc, lambda s: s == "ĐẢNG ỦY XÃ TÂN THẠCH")
    _, r_st, c_st, p_st = one(doc, lambda s: s == "*")
    _, r_no, c_no, p_no = one(doc, lambda s: s.startswith("Số"))
    assert c_up == c_is == c_st == c_no == 0
    assert r_up < r_is < r_st < r_no  # order, top down
    up, issuer, num = look(p_up), look(p_is), look(p_no)
    assert up.size == 14 and not up.bold and up.align == CENTER
    assert issuer.size == 14 and issuer.bold and issuer.align == CENTER
    assert look(p_st).align == CENTER
    assert num.text == expect["number"] and ":" not in num.text and num.size == 14 and not num.bold
    # no dashed rule stands in for the star
    assert not find_in_tables(doc, lambda s: re.fullmatch(r"[-_]{3,}", s) is not None)


def test_date_line_on_the_number_row_italic(doc, expect):
    _, r_no, _, _ = one(doc, lambda s: s.startswith("Số"))
    _, r, c, p = one(doc, lambda s: "ngày" in s and "tháng" in s)
    lk = look(p)
    assert (r, c) == (r_no, 1)
    assert lk.text == expect["date"]
    assert lk.italic and lk.size == 14 and not lk.bold


def test_header_table_has_no_borders(doc):
    borders = doc.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_document_type_and_subject(doc, expect):
    paras = [p for p in doc.paragraphs if norm(p.text)]
    i = next(i for i, p in enumerate(paras) if norm(p.text) == expect["type"])
    title, subject = look(paras[i]), look(paras[i + 1])
    assert title.size == 16 and title.bold and title.align == CENTER
    assert subject.text == expect["subject"] and subject.bold and subject.size == 14
    assert subject.align == CENTER
    # the short line under the subject is drawn, not typed: no hyphens join the text
    line = paras[i + 1]._p.getnext()
    assert line.tag == qn("w:p") and "".join(line.itertext()).strip() == ""
    assert line.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    assert not any("-----" in norm(p.text) for p in doc.paragraphs)


def test_body_paragraphs_follow_the_profile(doc):
    body = [p for p in doc.paragraphs if p.style.name == "VB Nội dung" and norm(p.text)]
    assert len(body) >= 3
    style = doc.styles["VB Nội dung"]
    pf = style.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(pf.first_line_indent - Cm(1)) < Mm(0.1)
    assert pf.space_after == Pt(6)
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and pf.line_spacing == Pt(18)
    assert all(look(p).size == 14 for p in body)


def test_signature_block(doc, expect):
    authority, position, name = expect["signature"]
    t, r, c, p = one(doc, lambda s: s == authority)
    cell = doc.tables[t].rows[r].cells[c]
    lines = [p for p in cell.paragraphs if norm(p.text)]
    assert [norm(p.text) for p in lines] == expect["signature"]
    assert all(look(p).bold and look(p).size == 14 and look(p).align == CENTER for p in lines)
    # room to sign: empty lines between the position and the name
    texts = [norm(p.text) for p in cell.paragraphs]
    assert texts.index(name) - texts.index(position) - 1 >= 3
    assert c == 1 and not find_in_tables(doc, lambda s: s.startswith("TM."))


def test_recipients_block(doc, expect):
    authority = expect["signature"][0]
    t, r, c, p = one(doc, lambda s: s == "Nơi nhận:")
    label = look(p)
    assert label.underline and label.size == 14 and c == 0
    cell = doc.tables[t].rows[r].cells[c]
    entries = [q for q in cell.paragraphs if norm(q.text) and norm(q.text) != "Nơi nhận:"]
    assert len(entries) == expect["recipients"]
    assert all(look(q).size == 12 and not look(q).underline for q in entries)
    assert norm(entries[-1].text) == expect["archive"]
    assert all(norm(q.text).startswith("- ") and norm(q.text)[-1] in ";," for q in entries[:-1])
    # the signature sits level with Nơi nhận: same table row
    t2, r2, _, _ = one(doc, lambda s: s == authority)
    assert (t2, r2) == (t, r)


def test_page_number_from_page_two(doc):
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    instr = "".join(t.text for t in s.header._element.iter(qn("w:instrText")))
    assert "PAGE" in instr
    first = "".join(t.text for t in s.first_page_header._element.iter(qn("w:instrText")))
    assert "PAGE" not in first
