"""TT09, TT11 and TT18 read whole where test_the_thuc_findings does not go: a text issued with the
plan (its type name judged, its body after its «(Ban hành kèm theo …)» line), where the body
starts and ends (a công văn's «V/v» under the header, a page with no header or closing, a note
under the closing block), what is not body text (a text box, a line read as an element), the
signing block set on the page instead of in its table, and a revision of the rule set's numbers.
Expected sizes and forms are the rule sets' own (Nghị định 30/2020 for the State, Hướng dẫn
36-HD/VPTW for the Party; ../shared/spec/the-thuc.md, src/vanban/profiles/*.yaml)."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt, Twips

from test_the_thuc_findings import CLOSING, _write, found
from test_the_thuc_layout import para
from vanban.ooxml.measure import width_mm
from vanban.the_thuc import checker

CENTRE, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
BODY = "VB Nội dung"            # the plan's body paragraph style (14 pt)
STATE_SIZE_FIX = "đặt cỡ chữ nội dung 13–14"
KIND_FIX = "sửa định dạng tên loại theo thể thức"
AUTHORITY = "TM. ỦY BAN NHÂN DÂN"
AUTHORITY_FIX = "sửa định dạng quyền hạn ký theo thể thức"
BLOCK_FIX = "căn giữa các dòng của khối chữ ký với nhau"
DOCX = "ước tính từ vị trí chữ trong tệp DOCX"


@pytest.fixture(autouse=True)
def docx_only(monkeypatch):
    monkeypatch.setenv("VANBAN_KHONG_DUNG_LIBREOFFICE", "1")


def _typed(doc, text, size=None, bold=None, italic=None, align=None, style=BODY):
    """A paragraph typed at the end of the document (under the closing block)."""
    p = doc.add_paragraph(style=style)
    run = p.add_run(text)
    run.font.bold, run.font.italic = bold, italic
    if size is not None:
        run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    return p


def _paragraph(source, k: int) -> str:
    """Where the k-th paragraph typed under the closing block of *source* is: Word counts the body's
    paragraphs outside tables."""
    return f"thân văn bản, đoạn {len(Document(source).paragraphs) + k}"


def _size(p, size):
    for r in p.runs:
        r.font.size = Pt(size)


def _mm(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


# ------------------------------------------------------------------ a text issued with the plan (TT09, TT18)

NOTE = "(Ban hành kèm theo Kế hoạch số 12/KH-UBND ngày 08 tháng 01 năm 2026 của Ủy ban nhân dân xã)"


def _title(doc, text, size, bold=None, italic=None):
    return _typed(doc, text, size, bold, italic, align=CENTRE, style="Normal")


def _two_texts(doc):
    """A quy định and a quy chế issued with the plan, typed after its closing block: each a type name,
    its summary and its «(Ban hành kèm theo …)» line in 12 pt italic, then its body."""
    _title(doc, "QUY ĐỊNH", 12, True)
    _title(doc, "Về tuyển chọn và gọi công dân nhập ngũ năm 2026", 14, True)
    _title(doc, NOTE, 12, italic=True)
    _typed(doc, "CHƯƠNG I. QUY ĐỊNH CHUNG", 12, True)
    _typed(doc, "Điều 1. Quy định này áp dụng cho công dân trong độ tuổi gọi nhập ngũ.")
    _title(doc, "QUY CHẾ", 14, True)
    _title(doc, "Về phối hợp giữa Ban Chỉ huy quân sự xã và các thôn", 14, True)
    _title(doc, NOTE, 12, italic=True)
    _typed(doc, "Điều 1. Các thôn lập danh sách công dân trong độ tuổi.", 12)


def test_a_text_issued_with_the_plan_has_its_type_name_judged_and_its_body_after_its_note(state, tmp_path):
    # the quy định's type name in 12 pt is said (13–14); each text's body starts under its «(Ban hành
    # kèm theo …)» line, which is not body text, and ends at the next one's type name (the quy chế's
    # summary and note are not body text either); the quy định's upper-case heading under its note is
    # body text, a few lines under the signing block as it stands
    assert found(state, tmp_path, _two_texts, "TT09", "TT18") == [
        ("TT09", "§3", _paragraph(state, 1), "tên loại «QUY ĐỊNH»: cỡ chữ 12 (quy định 13–14)", KIND_FIX),
        ("TT18", "§1", _paragraph(state, 4), "2 đoạn nội dung có chữ cỡ 12 (quy định 13–14), "
         "ví dụ «CHƯƠNG I. QUY ĐỊNH CHUNG»", STATE_SIZE_FIX)]


def test_an_unsigned_plans_body_ends_where_the_text_issued_with_it_begins(state, tmp_path):
    # a draft without its closing block yet: the plan's body runs to the quy định's type name, and the
    # quy định's summary and note are no more body text than with a closing block
    def unsigned(doc):
        doc.tables[1]._tbl.getparent().remove(doc.tables[1]._tbl)
        _title(doc, "QUY ĐỊNH", 14, True)
        _title(doc, "Về tuyển chọn và gọi công dân nhập ngũ năm 2026", 12, True)
        _title(doc, NOTE, 12, italic=True)
        _typed(doc, "Điều 1. Quy định này áp dụng cho công dân trong độ tuổi gọi nhập ngũ.", 12)

    assert found(state, tmp_path, unsigned, "TT09", "TT18") == [
        ("TT18", "§1", _paragraph(state, 4), "1 đoạn nội dung có chữ cỡ 12 (quy định 13–14), "
         "ví dụ «Điều 1. Quy định này áp dụng cho công dâ»", STATE_SIZE_FIX)]


# ------------------------------------------------------------------ where the body starts and ends (TT18)


def test_a_note_under_the_closing_block_is_not_body_text(state, tmp_path):
    def note(doc):
        _typed(doc, "Ghi chú: danh sách công dân gửi kèm bản giấy.", 12, italic=True)

    assert found(state, tmp_path, note, "TT18") == []


def test_a_cong_vans_summary_under_the_header_is_neither_a_missing_type_name_nor_body_text(state, tmp_path):
    # a công văn has no type name: its «V/v …» (12 pt) stands under Số, here in a paragraph of its own
    # right under the header table; the body starts under it
    def cong_van(doc):
        _write(para(doc, "KẾ HOẠCH"), "")
        _write(doc.paragraphs[1], "")
        summary = _typed(doc, "V/v tuyển chọn và gọi công dân nhập ngũ năm 2026", 12, style="Normal")
        summary.alignment = LEFT
        doc.tables[0]._tbl.addnext(summary._p)

    assert found(state, tmp_path, cong_van, "TT09", "TT18") == []


def test_a_page_of_body_text_alone_is_body_text_from_its_first_line(state, tmp_path):
    # no header, no type name, no closing block: every line is body text, the first one too
    def alone(doc):
        for table in doc.tables:
            table._tbl.getparent().remove(table._tbl)
        _write(doc.paragraphs[0], "")
        _write(doc.paragraphs[1], "")
        _size(next(p for p in doc.paragraphs if p.text.strip()), 12)

    assert found(state, tmp_path, alone, "TT18") == [
        ("TT18", "§1", "thân văn bản, đoạn 5", "1 đoạn nội dung có chữ cỡ 12 (quy định 13–14), "
         "ví dụ «Căn cứ Luật Nghĩa vụ quân sự ngày 19 thá»", STATE_SIZE_FIX)]


# ------------------------------------------------------------------ what is not body text (TT18)


def test_words_in_a_text_box_are_not_body_text_and_the_body_goes_on_after_it(state, tmp_path):
    # a stamp in a text box by the first paragraph, in 10 pt; a paragraph after it in 12 pt is said
    box = (f'<w:p {nsdecls("w")}><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
           '<w:txbxContent><w:p><w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t>Dự thảo lần 2</w:t></w:r></w:p>'
           '</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>')

    def stamped(doc):
        first = doc.paragraphs[4]
        first._p.addnext(parse_xml(box))
        _size(doc.paragraphs[6], 12)

    assert found(state, tmp_path, stamped, "TT18") == [
        ("TT18", "§1", "thân văn bản, đoạn 7", "1 đoạn nội dung có chữ cỡ 12 (quy định 13–14), "
         "ví dụ «Căn cứ Quyết định số 25/QĐ-UBND ngày 20 »", STATE_SIZE_FIX)]


def test_a_line_read_as_an_element_is_not_judged_again_as_body_text(state, tmp_path):
    # a plan that lost its Số and its type name: its issuer is looked for among its first lines,
    # where the upper-case headings of its body are taken for it; such a heading is judged by the
    # header rules, and counted by TT18 no more than the issuer's own lines are
    def unnumbered(doc):
        _write(para(doc, "Số: 12/KH-UBND"), "")
        _write(para(doc, "KẾ HOẠCH"), "")
        _size(para(doc, "II. CHỈ TIÊU"), 12)
        _size(doc.paragraphs[11], 12)

    assert found(state, tmp_path, unnumbered, "TT18") == [
        ("TT18", "§1", "thân văn bản, đoạn 12", "1 đoạn nội dung có chữ cỡ 12 (quy định 13–14), "
         "ví dụ «1. Chỉ tiêu gọi công dân nhập ngũ năm 20»", STATE_SIZE_FIX)]


# ------------------------------------------------------------------ the signing authority (TT11)

TWIP_MM = 25.4 / 1440


def _text_width(doc) -> float:
    """The width of the page's text area in mm: the page less its left and right margins."""
    s = doc.sections[-1]
    return (s.page_width - s.left_margin - s.right_margin) / 36000


def _block_on_page(doc, *places):
    """The signing cell's lines (authority, position, name) set on the page under the closing table,
    each as *places* says: (alignment, left indent in mm)."""
    cell = doc.tables[1].rows[0].cells[1]
    anchor = doc.tables[1]._tbl
    lines = [p for p in cell.paragraphs if p.text.strip()]
    for p, (align, indent) in reversed(list(zip(lines, places))):
        p.alignment = align
        f = p.paragraph_format
        f.left_indent = Twips(round(indent / TWIP_MM))
        f.first_line_indent = f.right_indent = Twips(0)
        anchor.addnext(p._p)
    return lines


def _bold14(text: str) -> float:
    return width_mm(text, 14, True, False)


def test_two_problems_of_the_authority_are_said_in_one_finding_quoting_fifty_characters(state, tmp_path):
    long = "TM. BAN CHỈ ĐẠO TUYỂN CHỌN VÀ GỌI CÔNG DÂN NHẬP NGŨ XÃ PHÚ YÊN GIẢ"

    def small_italic(doc):
        p = para(doc, AUTHORITY)
        _write(p, long)
        p.runs[0].font.size, p.runs[0].font.italic = Pt(12), True

    assert found(state, tmp_path, small_italic, "TT11") == [
        ("TT11", "§3", f"{CLOSING}, ô 2, đoạn 1",
         f"quyền hạn ký «{long[:50]}»: cỡ chữ 12 (quy định 13–14); in nghiêng (quy định không in nghiêng)",
         AUTHORITY_FIX)]


def test_a_signing_block_against_the_left_edge_of_a_wide_column_is_said_with_its_right_gap(state, tmp_path):
    # the authority 0.9 mm (51 twips) from the left edge of a column 1.5 mm wider than twice its width:
    # its right gap is more than its width (by 0.6 mm, less than twice its indent), so it is set against
    # the left edge; the position is centred under it; the right margin is set to make that column
    authority = "TM. BAN CHỈ HUY QUÂN SỰ XÃ"
    width, title = _bold14(authority), _bold14("CHỈ HUY TRƯỞNG")
    column = round((2 * width + 1.5) / TWIP_MM)   # twips

    def flush_left(doc):
        s = doc.sections[-1]
        s.right_margin = Twips(round((s.page_width - s.left_margin) / 635) - column)
        _write(para(doc, AUTHORITY), authority)
        _write(para(doc, "CHỦ TỊCH"), "CHỈ HUY TRƯỞNG")
        _block_on_page(doc, (LEFT, 51 * TWIP_MM), (LEFT, 51 * TWIP_MM + (width - title) / 2), (LEFT, 0))

    gap = column * TWIP_MM - 51 * TWIP_MM - width
    assert found(state, tmp_path, flush_left, "TT11") == [
        ("TT11", "§3", _paragraph(state, 1), f"quyền hạn ký «{authority}»: căn trái: chữ sát mép trái, "
         f"cách mép phải {_mm(gap)} mm ({DOCX}); quy định đặt khối chữ ký bên phải, căn giữa", AUTHORITY_FIX)]


def test_a_signing_block_set_off_the_left_edge_is_not_said_to_stand_against_it(state, tmp_path):
    # 1.5 mm from the left edge, the position centred under the authority: not against the edge
    # (the block's place on the page is not judged otherwise)
    offset = (_bold14(AUTHORITY) - _bold14("CHỦ TỊCH")) / 2

    def indented(doc):
        _block_on_page(doc, (LEFT, 85 * TWIP_MM), (LEFT, 85 * TWIP_MM + offset), (LEFT, 0))

    assert found(state, tmp_path, indented, "TT11") == []


def test_a_long_line_of_the_block_set_apart_is_quoted_to_forty_characters(state, tmp_path):
    # the authority centred on the page, the position under it flush left: its middle stands left of
    # the authority's (the page's middle) by half the difference of the column and its width
    position = "PHÓ CHỦ TỊCH KIÊM CHỈ HUY TRƯỞNG QUÂN SỰ XÃ"

    def apart(doc):
        _write(para(doc, "CHỦ TỊCH"), position)
        _block_on_page(doc, (CENTRE, 0), (LEFT, 0), (CENTRE, 0))

    offset = (_text_width(Document(state)) - _bold14(position)) / 2
    assert found(state, tmp_path, apart, "TT11") == [
        ("TT11", "§3", _paragraph(state, 2), f"dòng «{position[:40]}» của khối chữ ký: giữa dòng lệch "
         f"{_mm(offset)} mm sang trái so với giữa dòng «{AUTHORITY}» phía trên, và không ở giữa cột ({DOCX})",
         BLOCK_FIX)]


# ------------------------------------------------------------------ a revision of the rule set's numbers


def _revised(monkeypatch, limits=None, elements=None):
    """The checker reading a rule set revised as *limits* (gioi_han) and *elements* (thanh_phan) say:
    every number lives in the profile, so a revision is a change of data the rules follow."""
    real = checker.rules_of

    def rules_of(code):
        profile, title, number_rule = real(code)
        update = {}
        if limits:
            update["gioi_han"] = profile.gioi_han.model_copy(update=limits)
        if elements:
            update["thanh_phan"] = {**profile.thanh_phan, **{k: profile.thanh_phan[k].model_copy(update=v)
                                                             for k, v in elements.items()}}
        return profile.model_copy(update=update), title, number_rule

    monkeypatch.setattr(checker, "rules_of", rules_of)


def test_the_type_names_size_is_the_checkers_limit_not_the_elements_range(state, tmp_path, monkeypatch):
    # a revision narrowing what the checker accepts for the type name to 14 pt (gioi_han), the
    # element's own range (13–14, what an office may set) left as it is: 13 pt is said
    _revised(monkeypatch, limits={"co_chu_ten_loai": (14.0, 14.0)})

    def thirteen(doc):
        _size(para(doc, "KẾ HOẠCH"), 13)

    assert found(state, tmp_path, thirteen, "TT09") == [
        ("TT09", "§3", "thân văn bản, đoạn 1", "tên loại «KẾ HOẠCH»: cỡ chữ 13 (quy định 14)", KIND_FIX)]


def test_the_authority_and_a_position_signing_alone_are_each_judged_by_their_entry(party, tmp_path, monkeypatch):
    # Hướng dẫn 36 leaves the position's boldness open (bold by default): a revision setting it
    # regular leaves «T/M ĐẢNG ỦY» (quyền hạn ký, bold) right, and says «BÍ THƯ» signing alone
    _revised(monkeypatch, elements={"chuc_vu": {"dam": False}})

    def alone(doc):
        _write(para(doc, "T/M ĐẢNG ỦY"), "")

    assert found(party, tmp_path, lambda d: None, "TT11") == []
    assert found(party, tmp_path, alone, "TT11") == [
        ("TT11", "§2", f"{CLOSING}, ô 2, đoạn 2", "chức vụ người ký «BÍ THƯ»: in đậm (quy định không in đậm)",
         "sửa định dạng chức vụ người ký theo thể thức")]
