"""TT17 read whole on headers and footers an office's typist makes in Word: which one prints on
page 1 and page 2, what a PAGE field is (split instructions, nested and unfinished fields, simple
fields), the words around it, and how many pages the document has (Word's saved count, the
estimate, the printed count near a page boundary). The expected findings are the rule's own
(../shared/spec/the-thuc.md §1: page numbers from page 2, at the top, centred)."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from test_the_thuc_findings import WARN, _empty_header, _saved_pages
from vanban.the_thuc import check, pagecount
from vanban.the_thuc.rendered import Rendered
from vanban.errors import TemplateProblem

W = "canh_bao"   # every TT17 finding is a warning: a page number does not make a document wrong
NONE_FIX = "chèn số trang ở giữa phía trên, từ trang 2"
OTHER_FIX = "xóa nội dung ấy khỏi {} (chỉ để số trang ở giữa phía trên, từ trang 2)"


@pytest.fixture(autouse=True)
def docx_only(monkeypatch):
    monkeypatch.setenv("VANBAN_KHONG_DUNG_LIBREOFFICE", "1")


def found(source, tmp, change, *rule_ids) -> list[tuple]:
    """The findings of *rule_ids* on the Party plan *source* changed by *change*, each whole with its severity."""
    doc = Document(source)
    change(doc)
    out = tmp / "changed.docx"
    doc.save(out)
    _, issues = check(out, out.name, "dang")
    return [(f.rule, f.section, f.location.where, f.message, f.hint, f.severity) for f in issues if f.rule in rule_ids]


def _paragraph(*parts: str, align: str = "center") -> str:
    return f'<w:p {nsdecls("w")}><w:pPr><w:jc w:val="{align}"/></w:pPr>{"".join(parts)}</w:p>'


def text(value: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{value}</w:t></w:r>'


def begin() -> str:
    return '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'


def instr(value: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{value}</w:instrText></w:r>'


def separate() -> str:
    return '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'


def end() -> str:
    return '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def field(instruction: str, result: str = "2") -> str:
    return begin() + instr(instruction) + separate() + text(result) + end()


def _header_of(*paragraphs: str, where: str = "header"):
    """The first section's *where* (header, footer, first_page_header, even_page_header…) holding
    exactly *paragraphs* (XML), in place of what vanban wrote there."""
    def change(doc):
        hf = getattr(doc.sections[0], where)
        hf.is_linked_to_previous = False
        for el in list(hf._element):
            hf._element.remove(el)
        for xml in paragraphs:
            hf._element.append(parse_xml(xml))
    return change


def _and(*changes):
    def change(doc):
        for c in changes:
            c(doc)
    return change


def _other(where: str, quoted: str) -> tuple:
    return ("TT17", "§1", where, f"{where} có nội dung khác ngoài số trang: «{quoted}»", OTHER_FIX.format(where), W)


def _none(pages: int, how: str = "ước tính từ nội dung tệp DOCX") -> tuple:
    return ("TT17", "§1", "đầu trang", f"văn bản {pages} trang ({how}) mà không có số trang", NONE_FIX, W)


# ------------------------------------------------------------------ what a PAGE field is


def test_words_around_the_page_field_are_quoted_and_its_result_is_not(party, tmp_path):
    change = _header_of(_paragraph(text("Trang  "), field(" PAGE \\* MERGEFORMAT ", "7"), text("\tcủa kế hoạch")))
    assert found(party, tmp_path, change, WARN) == [_other("đầu trang", "Trang của kế hoạch")]


def test_a_simple_page_field_is_a_page_number_and_its_result_is_not_other_words(party, tmp_path):
    simple = f'<w:fldSimple w:instr=" PAGE \\* MERGEFORMAT ">{text("2")}</w:fldSimple>'
    assert found(party, tmp_path, _header_of(_paragraph(simple)), WARN) == []


def test_dashes_around_the_page_number_are_not_other_words(party, tmp_path):
    assert found(party, tmp_path, _header_of(_paragraph(text("- "), field("PAGE"), text(" -"))), WARN) == []


def test_an_instruction_split_over_runs_is_read_whole(party, tmp_path):
    # Word also leaves empty instruction runs behind
    split = begin() + instr(" PA") + instr("GE") + '<w:r><w:instrText/></w:r>' + instr(" ") + separate() + text("2") + end()
    assert found(party, tmp_path, _header_of(_paragraph(split)), WARN) == []


def test_a_field_that_is_not_page_is_no_page_number_and_its_result_is_not_quoted(party, tmp_path):
    split_pageref = begin() + instr(" PAGE") + instr("REF _Toc1 ") + separate() + text("3") + end()
    for other in (field(" NUMPAGES ", "3"), field(" PAGEREF _Toc1 ", "3"), split_pageref,
                  f'<w:fldSimple w:instr=" NUMPAGES ">{text("3")}</w:fldSimple>'):
        assert found(party, tmp_path, _header_of(_paragraph(other)), WARN) == [_none(3)], other


def test_a_page_field_nested_in_another_field_is_a_page_number(party, tmp_path):
    nested = begin() + instr(" IF ") + field(" PAGE ", "2") + instr(' > 1 "x" ') + separate() + text("x") + end()
    assert found(party, tmp_path, _header_of(_paragraph(nested)), WARN) == []


def test_an_unfinished_field_is_no_page_number_and_hides_what_follows_it(party, tmp_path):
    # Word shows nothing of a field that never ends: no number, and no other words either
    unfinished = begin() + instr(" PAGE ") + separate() + text("2 của kế hoạch")
    assert found(party, tmp_path, _header_of(_paragraph(unfinished)), WARN) == [_none(3)]


def test_a_stray_field_end_or_instruction_outside_a_field_is_read_as_words(party, tmp_path):
    stray = end() + instr(" PAGE ") + text("Kế hoạch") + field(" PAGE ")
    assert found(party, tmp_path, _header_of(_paragraph(stray)), WARN) == [_other("đầu trang", "Kế hoạch")]


def test_words_in_several_paragraphs_are_quoted_together_and_cut_at_fifty_characters(party, tmp_path):
    long = "Đảng bộ xã Phú Yên Giả, kế hoạch tạo nguồn phát triển đảng viên năm 2018"
    change = _header_of(_paragraph(field(" PAGE ")), _paragraph(text("Mật")), _paragraph(text(long)))
    assert found(party, tmp_path, change, WARN) == [_other("đầu trang", ("Mật " + long)[:50])]


# ------------------------------------------------------------------ which header or footer prints where


def test_a_footer_with_words_is_named_as_the_footer(party, tmp_path):
    assert found(party, tmp_path, _header_of(_paragraph(text("Lưu hành nội bộ")), where="footer"), WARN) == [
        _other("chân trang", "Lưu hành nội bộ")]


def test_a_page_number_in_the_first_page_footer_is_said_there(party, tmp_path):
    change = _header_of(_paragraph(field(" PAGE ", "1")), where="first_page_footer")
    assert found(party, tmp_path, change, WARN) == [
        ("TT17", "§1", "chân trang", "số trang in cả ở trang 1", "chọn «Trang đầu khác» (Different first page) cho đầu trang", W)]


def test_without_a_different_first_page_the_first_page_header_does_not_print(party, tmp_path):
    def same_first(doc):
        doc.sections[0].different_first_page_header_footer = False

    words_on_first = _header_of(_paragraph(text("Chỉ ở trang đầu")), where="first_page_header")
    assert found(party, tmp_path, _and(words_on_first, same_first), WARN) == [
        ("TT17", "§1", "đầu trang", "số trang in cả ở trang 1", "chọn «Trang đầu khác» (Different first page) cho đầu trang", W)]


def test_with_odd_and_even_pages_a_numbered_even_header_is_enough(party, tmp_path):
    def odd_and_even(doc):
        doc.settings.odd_and_even_pages_header_footer = True

    even = _header_of(_paragraph(field(" PAGE ")), where="even_page_header")
    assert found(party, tmp_path, _and(odd_and_even, even, _empty_header), WARN) == []
    # and the default header then prints only on odd pages from page 3: not what page 2 shows
    assert found(party, tmp_path, _and(odd_and_even, _header_of(_paragraph(field(" PAGE ")))), WARN) == [_none(3)]


def test_an_even_footer_number_is_at_the_foot(party, tmp_path):
    def odd_and_even(doc):
        doc.settings.odd_and_even_pages_header_footer = True

    even = _header_of(_paragraph(field(" PAGE ")), where="even_page_footer")
    assert found(party, tmp_path, _and(odd_and_even, even), WARN) == [
        ("TT17", "§1", "chân trang", "số trang ở chân trang (quy định ở giữa phía trên)",
         "đặt số trang ở giữa phía trên (đầu trang)", W)]


def test_a_page_number_in_a_text_box_counts_as_placed(party, tmp_path):
    box = (f'<w:p {nsdecls("w")}><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
           f'<w:txbxContent>{_paragraph(field(" PAGE "), align="left")}</w:txbxContent>'
           '</v:textbox></v:shape></w:pict></w:r></w:p>')
    assert found(party, tmp_path, _header_of(box), WARN) == []
    # words after the box in the paragraph holding it are that paragraph's
    after = box[:-len("</w:p>")] + text("Mật") + "</w:p>"
    assert found(party, tmp_path, _header_of(after), WARN) == [_other("đầu trang", "Mật")]
    # words in the box are read once, as the box's own paragraph
    worded = box.replace(field(" PAGE "), text("Mật") + field(" PAGE "))
    assert found(party, tmp_path, _header_of(worded), WARN) == [_other("đầu trang", "Mật")]


def test_an_alignment_word_does_not_know_is_said_as_off_the_middle(party, tmp_path):
    assert found(party, tmp_path, _header_of(_paragraph(field(" PAGE "), align="bogus")), WARN) == [
        ("TT17", "§1", "đầu trang", "số trang lệch (quy định ở giữa)", "căn giữa số trang", W)]


def test_an_on_off_setting_python_docx_cannot_read_is_a_strange_file_not_a_traceback(party, tmp_path):
    doc = Document(party)
    doc.sections[0]._sectPr.find(qn("w:titlePg")).set(qn("w:val"), "bogus")
    out = tmp_path / "bogus.docx"
    doc.save(out)
    with pytest.raises(TemplateProblem) as caught:
        check(out, out.name, "dang")
    assert [f.message for f in caught.value.findings] == ["không kiểm tra được tệp này (cấu trúc văn bản lạ)"]


# ------------------------------------------------------------------ how many pages


@pytest.fixture
def counted(monkeypatch):
    """Set the estimate and the printed count, then the finding a header without number gives."""
    def finding(guess: float, printed: int | None = None):
        monkeypatch.setattr(pagecount, "estimate", lambda model: guess)
        monkeypatch.setattr(Rendered, "page_count", lambda self: printed)
        return _empty_header
    return finding


@pytest.mark.parametrize("guess, pages", [(0.5, None), (1.2, None), (1.21, 2), (2.1, 2), (2.3, 3), (3.9, 4)])
def test_the_estimate_rounds_up_past_the_uncertain_window(party, tmp_path, counted, guess, pages):
    expected = [] if pages is None else [_none(pages)]
    assert found(party, tmp_path, counted(guess), WARN) == expected


@pytest.mark.parametrize("guess", [pagecount.UNSURE[0], 1.0, pagecount.UNSURE[1]])
def test_in_the_uncertain_window_the_printed_count_settles_it(party, tmp_path, counted, guess):
    assert found(party, tmp_path, counted(guess, printed=2), WARN) == [_none(2, "đếm trên trang in do LibreOffice dàn")]
    assert found(party, tmp_path, counted(guess, printed=None), WARN) == []


def test_outside_the_window_the_printed_count_is_not_asked(party, tmp_path, counted):
    assert found(party, tmp_path, counted(pagecount.UNSURE[0] - 0.01, printed=2), WARN) == []
    assert found(party, tmp_path, counted(pagecount.UNSURE[1] + 0.01, printed=5), WARN) == [_none(2)]


def test_past_a_narrower_window_a_document_is_at_least_two_pages(party, tmp_path, counted, monkeypatch):
    monkeypatch.setattr(pagecount, "UNSURE", (0.5, 0.6))
    assert found(party, tmp_path, counted(0.7), WARN) == [_none(2)]


def test_words_saved_count_wins_over_the_printed_one(party, tmp_path, counted):
    assert found(party, tmp_path, _and(counted(1.0, printed=3), _saved_pages(5)), WARN) == [
        _none(5, "theo số trang Word đã lưu")]
