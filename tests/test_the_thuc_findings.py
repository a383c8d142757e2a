"""The header (TT04–TT08), the body (TT09–TT11, TT18) and the page numbers (TT17) said exactly: each finding read whole
(rule, section of the rules, where, message, fix) on a State plan and a Party plan vanban made,
changed the way an office's typist would. Expected sizes and forms are the rule sets' own
(Nghị định 30/2020 for the State, Hướng dẫn 36-HD/VPTW for the Party; ../shared/spec/the-thuc.md)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from conftest import plain_id
from test_the_thuc_layout import para as _para
from vanban.the_thuc import check

HEADER = "thân văn bản, bảng 1"
CLOSING = "thân văn bản, bảng 2, dòng 1"
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_DATE = "Phú Yên Giả, ngày 08 tháng 01 năm 2026"


@pytest.fixture(autouse=True)
def docx_only(monkeypatch):
    monkeypatch.setenv("VANBAN_KHONG_DUNG_LIBREOFFICE", "1")


def _write(p, text):
    p.runs[0].text = text
    for r in p.runs[1:]:
        r.text = ""


def _line_after(p, text):
    """A copy of paragraph *p* holding *text*, put right after it (same cell, same formatting)."""
    new = copy.deepcopy(p._p)
    p._p.addnext(new)
    q = Paragraph(new, p._parent)
    _write(q, text)
    return q


def _no_drawn_rules(doc):
    for border in list(doc.tables[0]._tbl.iter(qn("w:pBdr"))):
        border.getparent().remove(border)


def found(source: Path, tmp: Path, change, *rule_ids) -> list[tuple]:
    doc = Document(source)
    change(doc)
    out = tmp / "changed.docx"
    doc.save(out)
    rule_set = "nha_nuoc" if "ubnd" in source.name else "dang"
    _, issues = check(out, out.name, rule_set)
    return [(f.rule, f.section, f.location.where, f.message, f.hint) for f in issues if f.rule in rule_ids]


HEADER_RULES = ("TT04", "TT05", "TT06", "TT07", "TT08")
BODY_RULES = ("TT09", "TT10", "TT11", "TT18")


def test_both_plans_as_made_have_no_header_or_body_finding(state, party, tmp_path):
    for source in (state, party):
        assert found(source, tmp_path, lambda d: None, *HEADER_RULES, *BODY_RULES) == []


# ------------------------------------------------------------------ the title block (TT04)


def test_a_missing_national_title_or_motto_is_said_under_the_state_rules_section(state, tmp_path):
    assert found(state, tmp_path, lambda d: _write(_para(d, NATIONAL), ""), "TT04") == [
        ("TT04", "§3", "phần đầu", f"không có quốc hiệu «{NATIONAL}»", "thêm quốc hiệu ở cột phải phần đầu văn bản")]
    assert found(state, tmp_path, lambda d: _write(_para(d, MOTTO), ""), "TT04") == [
        ("TT04", "§3", "phần đầu", f"không có dòng «{MOTTO}»", "thêm tiêu ngữ ở cột phải phần đầu văn bản")]


def test_a_missing_party_title_is_said_under_the_party_rules_section(party, tmp_path):
    assert found(party, tmp_path, lambda d: _write(_para(d, PARTY_TITLE), ""), "TT04") == [
        ("TT04", "§2", "phần đầu", f"không có dòng «{PARTY_TITLE}»", "thêm tiêu đề ở cột phải phần đầu văn bản")]


def test_the_title_blocks_format_is_said_with_the_rule_sets_words(state, party, tmp_path):
    def small(doc):
        _para(doc, NATIONAL).runs[0].font.size = Pt(11)

    def underlined(doc):
        _para(doc, MOTTO).runs[0].font.underline = True

    def italic(doc):
        _para(doc, PARTY_TITLE).runs[0].font.italic = True

    assert found(state, tmp_path, small, "TT04") == [
        ("TT04", "§3", f"{HEADER}, dòng 1, ô 2, đoạn 1", f"quốc hiệu «{NATIONAL}»: cỡ chữ 11 (quy định 12–13)",
         "sửa định dạng quốc hiệu theo thể thức")]
    assert found(state, tmp_path, underlined, "TT04") == [
        ("TT04", "§3", f"{HEADER}, dòng 2, ô 2, đoạn 1", f"tiêu ngữ «{MOTTO}»: gạch chân (quy định không gạch chân)",
         "sửa định dạng tiêu ngữ theo thể thức")]
    assert found(party, tmp_path, italic, "TT04") == [
        ("TT04", "§2", f"{HEADER}, dòng 1, ô 2, đoạn 1",
         f"tiêu đề «{PARTY_TITLE}»: in nghiêng (quy định không in nghiêng)", "sửa định dạng tiêu đề theo thể thức")]


def test_the_solid_rule_under_the_title_may_be_a_border_or_underscores_but_not_hyphens(state, party, tmp_path):
    fix = "kẻ một đường liền dưới dòng này (vẽ đường thẳng, hoặc gõ dấu gạch dưới «_»)"

    def hyphens(doc):
        _no_drawn_rules(doc)
        _line_after(_para(doc, MOTTO), "-" * 26)

    def underscores(doc):
        _no_drawn_rules(doc)
        _line_after(_para(doc, MOTTO), "__________")

    assert found(state, tmp_path, _no_drawn_rules, "TT04") == [
        ("TT04", "§3", f"{HEADER}, dòng 2, ô 2, đoạn 1", f"dưới «{MOTTO}»: không có đường kẻ liền", fix)]
    assert found(party, tmp_path, _no_drawn_rules, "TT04") == [
        ("TT04", "§2", f"{HEADER}, dòng 1, ô 2, đoạn 1", f"dưới «{PARTY_TITLE}»: không có đường kẻ liền", fix)]
    assert found(state, tmp_path, hyphens, "TT04") == [
        ("TT04", "§3", f"{HEADER}, dòng 2, ô 2, đoạn 1", f"dưới «{MOTTO}»: đường kẻ gõ bằng dấu gạch "
         f"«{'-' * 20}» (in ra nét đứt), không phải đường kẻ liền", fix)]   # quoted to twenty characters
    assert found(state, tmp_path, underscores, "TT04") == []


def _bottom_border(p_element):
    ppr = p_element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _shape(p_element):
    """A line drawn as a shape (VML), anchored in this paragraph."""
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:pict"))
    p_element.append(r)


def _empty_ruled_paragraph(*texts):
    """An empty paragraph with a bottom border, as Word keeps one: its runs may hold nothing but
    spaces, or an empty text."""
    p = OxmlElement("w:p")
    _bottom_border(p)
    for text in texts:
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        if text is not None:
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.append(t)
        p.append(r)
    return p


@pytest.mark.parametrize("how", ["own-border", "shape-in-title", "shape-in-number", "shape-in-the-parent-line",
                                 "ruled-atop-cell-below",
                                 "ruled-atop-cell-below-past-a-bookmark",
                                 "ruled-after-a-blank-line", "ruled-with-spaces-and-an-empty-text",
                                 "ruled-with-deleted-words", "spaced-underscores", "underlined-hyphens"], ids=plain_id)
def test_a_solid_rule_under_the_title_is_found_wherever_word_keeps_it(state, tmp_path, how):
    def change(doc):
        _no_drawn_rules(doc)
        motto = _para(doc, MOTTO)
        if how == "own-border":
            _bottom_border(motto._p)
        elif how == "shape-in-title":
            _shape(motto._p)
        elif how == "shape-in-number":
            _shape(_para(doc, "Số: 12/KH-UBND")._p)
        elif how == "shape-in-the-parent-line":   # anchored above the title, anywhere in the header table
            _shape(_para(doc, "ỦY BAN NHÂN DÂN")._p)
        elif how == "ruled-atop-cell-below":
            _para(doc, STATE_DATE)._p.addprevious(_empty_ruled_paragraph())
        elif how == "ruled-atop-cell-below-past-a-bookmark":   # Word keeps bookmark ends between rows
            date = _para(doc, STATE_DATE)._p
            date.addprevious(_empty_ruled_paragraph())
            mark = OxmlElement("w:bookmarkEnd")
            mark.set(qn("w:id"), "0")
            date.getparent().getparent().addprevious(mark)
        elif how == "ruled-after-a-blank-line":
            for p in list(motto._p.itersiblings()):
                p.getparent().remove(p)
            motto._p.addnext(_empty_ruled_paragraph())
            motto._p.addnext(OxmlElement("w:p"))
        elif how == "ruled-with-spaces-and-an-empty-text":
            for p in list(motto._p.itersiblings()):
                p.getparent().remove(p)
            motto._p.addnext(_empty_ruled_paragraph(" ", None, "  "))
        elif how == "ruled-with-deleted-words":   # words deleted with tracking on print nothing
            for p in list(motto._p.itersiblings()):
                p.getparent().remove(p)
            ruled = _empty_ruled_paragraph()
            ruled.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="VT"><w:r><w:delText>Kế hoạch</w:delText>'
                                   '</w:r></w:del>'))
            motto._p.addnext(ruled)
        elif how == "spaced-underscores":
            _line_after(motto, "_ _ _ _ _ _ _ _")
        else:
            _line_after(motto, "-----------").runs[0].font.underline = True

    assert found(state, tmp_path, change, "TT04") == []


def test_a_typed_rule_under_the_title_is_read_however_many_lines_stand_before_the_title(state, tmp_path):
    # an issuer of three lines (tỉnh, huyện, xã) puts four lines before the motto in reading order
    def typed(rule):
        def change(doc):
            _no_drawn_rules(doc)
            _line_after(_para(doc, "ỦY BAN NHÂN DÂN"), "HUYỆN PHÚ GIẢ")
            _line_after(_para(doc, MOTTO), rule)
        return change

    assert found(state, tmp_path, typed("__________"), "TT04") == []
    assert [m for _, _, _, m, _ in found(state, tmp_path, typed("-" * 12), "TT04")] == [
        f"dưới «{MOTTO}»: đường kẻ gõ bằng dấu gạch «{'-' * 12}» (in ra nét đứt), không phải đường kẻ liền"]


def _flat_header(doc):
    """The header typed as paragraphs, no table (as many offices do): each cell's paragraphs in
    reading order — ỦY BAN NHÂN DÂN, CỘNG HÒA…, XÃ PHÚ YÊN GIẢ, Độc lập…, Số…, the date — with no
    rule drawn anywhere."""
    table = doc.tables[0]._tbl
    for tr in table.findall(qn("w:tr")):
        for tc in tr.findall(qn("w:tc")):
            for p in tc.findall(qn("w:p")):
                borders = p.find(qn("w:pPr")).find(qn("w:pBdr")) if p.find(qn("w:pPr")) is not None else None
                if borders is not None:
                    borders.getparent().remove(borders)
                table.addprevious(p)
    table.getparent().remove(table)


NO_RULE = f"dưới «{MOTTO}»: không có đường kẻ liền"


@pytest.mark.parametrize("shape_in, said", [
    (MOTTO, []),                                   # in the title's own paragraph
    ("Số: 12/KH-UBND", []),                        # the next line
    ("KẾ HOẠCH", []),                              # three lines down: still the title's
    ("tuyển chọn và gọi công dân nhập ngũ năm 2026", [NO_RULE]),   # four lines down: not
    ("XÃ PHÚ YÊN GIẢ", [NO_RULE]),                 # the line above: not
    (None, [NO_RULE]),
], ids=plain_id)
def test_a_shape_drawn_within_three_lines_under_a_title_typed_without_a_table_is_its_rule(state, tmp_path, shape_in,
                                                                                          said):
    def change(doc):
        _flat_header(doc)
        if shape_in:
            _shape(_para(doc, shape_in)._p)

    assert [m for _, _, _, m, _ in found(state, tmp_path, change, "TT04")] == said


def test_only_the_two_lines_under_a_title_may_be_its_typed_rule(state, tmp_path):
    dashed = f"dưới «{MOTTO}»: đường kẻ gõ bằng dấu gạch «-----------» (in ra nét đứt), không phải đường kẻ liền"

    def hyphens(after):
        def change(doc):
            _flat_header(doc)
            _line_after(_para(doc, after), "-----------")
        return change

    said = lambda after: [m for _, _, _, m, _ in found(state, tmp_path, hyphens(after), "TT04")]  # noqa: E731
    assert said(MOTTO) == [dashed]
    assert said("Số: 12/KH-UBND") == [dashed]
    assert said(STATE_DATE) == [NO_RULE]            # the third line under it
    assert said("XÃ PHÚ YÊN GIẢ") == [NO_RULE]      # the line above it


def test_a_title_in_the_last_row_of_the_header_table_without_a_rule_is_said(state, tmp_path):
    def last_row(doc):
        _no_drawn_rules(doc)
        table = doc.tables[0]._tbl
        rows = table.findall(qn("w:tr"))
        for row in rows[2:]:       # the Số and date row, and any after it
            table.remove(row)

    assert ("TT04", "§3", f"{HEADER}, dòng 2, ô 2, đoạn 1", f"dưới «{MOTTO}»: không có đường kẻ liền",
            "kẻ một đường liền dưới dòng này (vẽ đường thẳng, hoặc gõ dấu gạch dưới «_»)") \
        in found(state, tmp_path, last_row, "TT04")


def test_a_row_below_the_title_with_fewer_cells_has_no_rule_for_it(state, tmp_path):
    def merged(doc):   # the Số and date row made one cell: nothing stands under the title's column
        _no_drawn_rules(doc)
        row = _para(doc, STATE_DATE)._p.getparent().getparent()
        cells = row.findall(qn("w:tc"))
        row.remove(cells[-1])

    assert ("TT04", "§3", f"{HEADER}, dòng 2, ô 2, đoạn 1", NO_RULE,
            "kẻ một đường liền dưới dòng này (vẽ đường thẳng, hoặc gõ dấu gạch dưới «_»)") \
        in found(state, tmp_path, merged, "TT04")


def test_a_ruled_line_in_the_cell_below_must_be_empty_and_in_the_title_s_column(state, tmp_path):
    def ruled_below(column_text, text=""):
        def change(doc):
            _no_drawn_rules(doc)
            anchor = _para(doc, column_text)._p
            p = OxmlElement("w:p")
            _bottom_border(p)
            if text:
                r = OxmlElement("w:r")
                t = OxmlElement("w:t")
                t.text = text
                r.append(t)
                p.append(r)
            anchor.addprevious(p)
        return change

    none = [("TT04", "§3", f"{HEADER}, dòng 2, ô 2, đoạn 1", f"dưới «{MOTTO}»: không có đường kẻ liền",
             "kẻ một đường liền dưới dòng này (vẽ đường thẳng, hoặc gõ dấu gạch dưới «_»)")]
    assert found(state, tmp_path, ruled_below("Số: 12/KH-UBND"), "TT04") == none      # the left column's cell
    assert found(state, tmp_path, ruled_below(STATE_DATE, "x"), "TT04") == none       # a bordered line of text


# ------------------------------------------------------------------ the issuer (TT05, TT06)


def test_the_issuer_and_its_parent_are_said_with_their_own_names(party, tmp_path):
    def parent_bold(doc):
        _para(doc, "ĐẢNG BỘ HUYỆN CHÂU THÀNH").runs[0].font.bold = True

    def issuer_plain(doc):
        _para(doc, "ĐẢNG ỦY XÃ TÂN THẠCH").runs[0].font.bold = False

    assert found(party, tmp_path, parent_bold, "TT05") == [
        ("TT05", "§2", f"{HEADER}, dòng 1, ô 1, đoạn 1", "tên cơ quan cấp trên «ĐẢNG BỘ HUYỆN CHÂU THÀNH»: in đậm "
         "(quy định không in đậm)", "sửa định dạng tên cơ quan cấp trên theo thể thức")]
    assert found(party, tmp_path, issuer_plain, "TT05") == [
        ("TT05", "§2", f"{HEADER}, dòng 2, ô 1, đoạn 1", "tên cơ quan ban hành «ĐẢNG ỦY XÃ TÂN THẠCH»: cần in đậm",
         "sửa định dạng tên cơ quan ban hành theo thể thức")]


def test_a_state_issuer_underlined_with_typed_hyphens_prints_dashed(state, tmp_path):
    said = ("đường kẻ dưới tên cơ quan gõ bằng dấu gạch «--------» (in ra nét đứt), không phải đường kẻ liền",
            "vẽ một đường thẳng ngắn dưới tên cơ quan")
    assert found(state, tmp_path, lambda d: _line_after(_para(d, "XÃ PHÚ YÊN GIẢ"), "--------"), "TT05") == [
        ("TT05", "§3", f"{HEADER}, dòng 2, ô 1, đoạn 2", *said)]

    def one_line_issuer(doc):   # «ỦY BAN NHÂN DÂN XÃ …» on one line, the parent line emptied
        _write(_para(doc, "ỦY BAN NHÂN DÂN"), "")
        issuer = _para(doc, "XÃ PHÚ YÊN GIẢ")
        _write(issuer, "UBND XÃ PHÚ YÊN GIẢ")
        _line_after(issuer, "-" * 25)
    [(rule, _, _, message, _)] = found(state, tmp_path, one_line_issuer, "TT05")
    assert message == f"đường kẻ dưới tên cơ quan gõ bằng dấu gạch «{'-' * 20}» (in ra nét đứt), không phải đường kẻ liền"


def test_a_party_issuer_needs_its_star_not_a_dashed_line(party, tmp_path):
    assert found(party, tmp_path, lambda d: _write(_para(d, "*"), ""), "TT06") == [
        ("TT06", "§2, §5.2", f"{HEADER}, dòng 4, ô 1, đoạn 1", "thiếu dấu «*» dưới tên cơ quan ban hành",
         "thêm một dòng «*» căn giữa giữa tên cơ quan và dòng Số")]
    assert found(party, tmp_path, lambda d: _write(_para(d, "*"), "-" * 24), "TT05", "TT06") == [
        ("TT06", "§2, §5.2", f"{HEADER}, dòng 3, ô 1, đoạn 1", f"dưới tên cơ quan là đường gạch «{'-' * 20}»",
         "thay bằng một dấu «*» căn giữa")]   # a Party issuer has no rule of its own to say is dashed (TT05)

    def neither(doc):   # no star and no number: said at the issuer's line
        _write(_para(doc, "*"), "")
        _write(_para(doc, "Số 28-KH/ĐU"), "")
    assert [f for f in found(party, tmp_path, neither, "TT06")] == [
        ("TT06", "§2, §5.2", f"{HEADER}, dòng 2, ô 1, đoạn 1", "thiếu dấu «*» dưới tên cơ quan ban hành",
         "thêm một dòng «*» căn giữa giữa tên cơ quan và dòng Số")]


# ------------------------------------------------------------------ Số and the date (TT07, TT08)


def test_a_missing_number_or_date_line_is_said_with_what_to_write(state, tmp_path):
    assert found(state, tmp_path, lambda d: _write(_para(d, "Số: 12/KH-UBND"), ""), "TT07") == [
        ("TT07", "§3", "phần đầu", "không có dòng «Số …»", "thêm số và ký hiệu dưới tên cơ quan")]
    assert found(state, tmp_path, lambda d: _write(_para(d, STATE_DATE), ""), "TT08") == [
        ("TT08", "§3", "phần đầu", "không có dòng địa danh, ngày tháng năm",
         "thêm «<địa danh>, ngày … tháng … năm …» ở cột phải")]


def test_a_date_line_set_upright_is_said(state, tmp_path):
    def upright(doc):
        _para(doc, STATE_DATE).runs[0].font.italic = False

    assert found(state, tmp_path, upright, "TT08") == [
        ("TT08", "§3", f"{HEADER}, dòng 3, ô 2, đoạn 1", f"dòng ngày tháng «{STATE_DATE}»: cần in nghiêng",
         "sửa định dạng dòng ngày tháng theo thể thức")]


def test_a_number_line_off_the_pattern_or_set_bold_is_said(state, party, tmp_path):
    assert found(state, tmp_path, lambda d: _write(_para(d, "Số: 12/KH-UBND"), "Số: 12-KH/UBND"), "TT07") == [
        ("TT07", "§3", f"{HEADER}, dòng 3, ô 1, đoạn 1", "«Số: 12-KH/UBND» không đúng dạng số và ký hiệu",
         "viết theo mẫu «Số: 28/KH-UBND»")]   # the Party's order of type and issuer in a State number

    def bold(text):
        def change(doc):
            _para(doc, text).runs[0].font.bold = True
        return change

    assert found(state, tmp_path, bold("Số: 12/KH-UBND"), "TT07") == [
        ("TT07", "§3", f"{HEADER}, dòng 3, ô 1, đoạn 1", "số và ký hiệu «Số: 12/KH-UBND»: in đậm (quy định không in "
         "đậm)", "sửa định dạng số và ký hiệu theo thể thức")]
    assert found(party, tmp_path, bold("Số 28-KH/ĐU"), "TT07") == [
        ("TT07", "§2", f"{HEADER}, dòng 4, ô 1, đoạn 1", "số và ký hiệu «Số 28-KH/ĐU»: in đậm (quy định không in đậm)",
         "sửa định dạng số và ký hiệu theo thể thức")]


# each plan's number as made, where it stands, and a number under 10 written right
NUMBERS = {"state": ("Số: 12/KH-UBND", f"{HEADER}, dòng 3, ô 1, đoạn 1", "Số: 09/KH-UBND"),
           "party": ("Số 28-KH/ĐU", f"{HEADER}, dòng 4, ô 1, đoạn 1", "Số 09-KH/ĐU")}


@pytest.mark.parametrize("plan, written, section, said, fix", [
    ("state", "Số 12/KH-UBND", "§3, §5.1", "văn bản hành chính nhà nước có dấu hai chấm sau «Số»",
     "viết «Số: 28/KH-UBND»"),
    ("state", "Số: 9/KH-UBND", "§4", "số dưới 10 phải có số 0 đứng trước", "viết «09»"),
    ("party", "Số: 28-KH/ĐU", "§2, §5.1", "văn bản của đảng không có dấu hai chấm sau «Số»", "viết «Số 28-KH/ĐU»"),
    ("party", "Số 9-KH/ĐU", "§4", "số dưới 10 phải có số 0 đứng trước", "viết «09»"),
], ids=plain_id)
def test_a_number_off_its_form_is_said(request, tmp_path, plan, written, section, said, fix):
    made = request.getfixturevalue(plan)
    as_made, where, padded = NUMBERS[plan]
    assert found(made, tmp_path, lambda d: _write(_para(d, as_made), written), "TT07") == [
        ("TT07", section, where, f"«{written}»: {said}", fix)]
    assert found(made, tmp_path, lambda d: _write(_para(d, as_made), padded), "TT07") == []


# ------------------------------------------------------------------ type name, summary (TT09, TT10)


def test_a_document_without_its_type_name_or_with_it_above_the_header_is_said(state, tmp_path):
    missing = [("TT09", "§3", "sau phần đầu", "không thấy tên loại văn bản (KẾ HOẠCH, BÁO CÁO…)",
                "thêm tên loại in hoa, đậm, căn giữa dưới phần đầu")]

    def above(doc):
        kind = _para(doc, "KẾ HOẠCH")._p
        doc.element.body.remove(kind)
        doc.element.body.insert(0, kind)

    assert found(state, tmp_path, lambda d: _write(_para(d, "KẾ HOẠCH"), ""), *BODY_RULES) == missing
    assert found(state, tmp_path, above, *BODY_RULES) == missing


def test_the_type_names_size_is_judged_against_each_rule_sets_range(state, party, tmp_path):
    def small(doc):
        _para(doc, "KẾ HOẠCH").runs[0].font.size = Pt(12)

    assert found(state, tmp_path, small, "TT09") == [
        ("TT09", "§3", "thân văn bản, đoạn 1", "tên loại «KẾ HOẠCH»: cỡ chữ 12 (quy định 13–14)",
         "sửa định dạng tên loại theo thể thức")]
    assert found(party, tmp_path, small, "TT09") == [
        ("TT09", "§2", "thân văn bản, đoạn 1", "tên loại «KẾ HOẠCH»: cỡ chữ 12 (quy định 15–16)",
         "sửa định dạng tên loại theo thể thức")]


def test_a_summary_upright_bold_is_asked_and_italic_refused(state, tmp_path):
    def italic(doc):
        for r in doc.paragraphs[1].runs:
            r.font.bold, r.font.italic = False, True

    assert found(state, tmp_path, italic, "TT10") == [
        ("TT10", "§3", "thân văn bản, đoạn 2", "trích yếu «tuyển chọn và gọi công dân nhập ngũ năm 2026»: cần in đậm; "
         "in nghiêng (quy định không in nghiêng)", "sửa định dạng trích yếu theo thể thức")]


# ------------------------------------------------------------------ the signing block (TT11)


def test_a_signing_prefix_of_the_other_rule_set_is_said_with_the_right_one(state, party, tmp_path):
    assert found(state, tmp_path, lambda d: _write(_para(d, "TM. ỦY BAN NHÂN DÂN"), "T/M ỦY BAN NHÂN DÂN"),
                 "TT11") == [("TT11", "§3, §5.3", f"{CLOSING}, ô 2, đoạn 1",
                              "«T/M ỦY BAN NHÂN DÂN»: tiền tố ký thuộc quy tắc khác", "viết «TM. …»")]
    assert found(party, tmp_path, lambda d: _write(_para(d, "T/M ĐẢNG ỦY"), "TM. ĐẢNG ỦY"), "TT11") == [
        ("TT11", "§2, §5.3", f"{CLOSING}, ô 2, đoạn 1", "«TM. ĐẢNG ỦY»: tiền tố ký thuộc quy tắc khác", "viết «T/M …»")]


def test_the_signing_authority_or_the_title_alone_is_said_by_its_name(state, tmp_path):
    def italic_authority(doc):
        _para(doc, "TM. ỦY BAN NHÂN DÂN").runs[0].font.italic = True

    def italic_title_alone(doc):
        _write(_para(doc, "TM. ỦY BAN NHÂN DÂN"), "")
        _para(doc, "CHỦ TỊCH").runs[0].font.italic = True

    assert found(state, tmp_path, italic_authority, "TT11") == [
        ("TT11", "§3", f"{CLOSING}, ô 2, đoạn 1", "quyền hạn ký «TM. ỦY BAN NHÂN DÂN»: in nghiêng (quy định không in "
         "nghiêng)", "sửa định dạng quyền hạn ký theo thể thức")]
    assert found(state, tmp_path, italic_title_alone, "TT11") == [
        ("TT11", "§3", f"{CLOSING}, ô 2, đoạn 2", "chức vụ người ký «CHỦ TỊCH»: in nghiêng (quy định không in "
         "nghiêng)", "sửa định dạng chức vụ người ký theo thể thức")]


def test_a_signing_line_set_apart_from_the_one_above_is_said_once(state, tmp_path):
    def title_left(doc):
        _para(doc, "CHỦ TỊCH").alignment = WD_ALIGN_PARAGRAPH.LEFT

    [(rule, section, where, message, fix)] = found(state, tmp_path, title_left, "TT11")
    assert (rule, section, where, fix) == ("TT11", "§3", f"{CLOSING}, ô 2, đoạn 2",
                                           "căn giữa các dòng của khối chữ ký với nhau")
    assert message.startswith("dòng «CHỦ TỊCH» của khối chữ ký: giữa dòng lệch ")
    assert "sang trái so với giữa dòng «TM. ỦY BAN NHÂN DÂN» phía trên" in message


def test_only_upper_case_lines_of_the_signing_block_are_judged_for_centring_and_said_once(state, tmp_path):
    def name_left(doc):
        _para(doc, "Trần Văn Giả").alignment = WD_ALIGN_PARAGRAPH.LEFT

    def two_left(doc):
        _para(doc, "CHỦ TỊCH").alignment = WD_ALIGN_PARAGRAPH.LEFT
        name = _para(doc, "Trần Văn Giả")
        _write(name, "TRẦN VĂN GIẢ")
        name.alignment = WD_ALIGN_PARAGRAPH.LEFT

    assert found(state, tmp_path, name_left, "TT11") == []     # the signer's name: not upper case, not judged
    said = found(state, tmp_path, two_left, "TT11")
    assert len(said) == 1 and said[0][3].startswith("dòng «CHỦ TỊCH» của khối chữ ký")


def test_a_signing_block_set_flush_left_on_the_page_is_said(state, tmp_path):
    def out_of_its_table(doc):
        cell = doc.tables[1].rows[0].cells[1]
        anchor = doc.tables[1]._tbl
        for p in reversed([p for p in cell.paragraphs if p.text.strip()]):
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            anchor.addnext(p._p)

    first = found(state, tmp_path, out_of_its_table, "TT11")[0]
    assert first[:2] == ("TT11", "§3") and first[4] == "sửa định dạng quyền hạn ký theo thể thức"
    assert first[3].startswith("quyền hạn ký «TM. ỦY BAN NHÂN DÂN»: căn trái: chữ sát mép trái, cách mép phải ")
    assert first[3].endswith("quy định đặt khối chữ ký bên phải, căn giữa")


# ------------------------------------------------------------------ body text size (TT18)


def _resize_first_body_paragraphs(*sizes):
    def change(doc):
        texts = [p for p in doc.paragraphs[4:] if p.text.strip()]
        for p, size in zip(texts, sizes):
            for r in p.runs:
                r.font.size = Pt(size)
    return change


def test_body_text_out_of_range_is_counted_with_every_size_and_the_first_as_example(state, party, tmp_path):
    assert found(state, tmp_path, _resize_first_body_paragraphs(12, 15), "TT18") == [
        ("TT18", "§1", "thân văn bản, đoạn 5", "2 đoạn nội dung có chữ cỡ 12, 15 (quy định 13–14), "
         "ví dụ «Căn cứ Luật Nghĩa vụ quân sự ngày 19 thá»", "đặt cỡ chữ nội dung 13–14")]
    # the Party's range is 14–15: 15 is right there
    assert found(party, tmp_path, _resize_first_body_paragraphs(12, 15), "TT18") == [
        ("TT18", "§1", "thân văn bản, đoạn 5", "1 đoạn nội dung có chữ cỡ 12 (quy định 14–15), "
         "ví dụ «Căn cứ Hướng dẫn số 01-HD/TW ngày 20 thá»", "đặt cỡ chữ nội dung 14–15")]


def _body_paragraph_after(doc, text, new_text, size):
    anchor = _para(doc, text)
    p = _line_after(anchor, new_text)
    for r in p.runs:
        r.font.size = Pt(size)
    return p


def test_an_appendix_a_typed_rule_and_tables_are_not_body_text(state, tmp_path):
    first = next(p.text for p in Document(state).paragraphs[4:] if p.text.strip()).replace("\u00a0", " ").strip()

    def appendix(doc):
        _body_paragraph_after(doc, first, "PHỤ LỤC", 14)
        _body_paragraph_after(doc, "PHỤ LỤC", "Ghi chú in nhỏ của phụ lục", 10)

    def rule(doc):
        _body_paragraph_after(doc, first, "-----------", 10)

    def table(doc):
        t = doc.add_table(rows=1, cols=1)
        t.cell(0, 0).paragraphs[0].add_run("Số liệu trong bảng").font.size = Pt(10)
        _para(doc, first)._p.addnext(t._tbl)

    def plain(doc):
        _body_paragraph_after(doc, first, "Một đoạn nội dung in nhỏ", 10)

    assert found(state, tmp_path, appendix, "TT18") == []
    assert found(state, tmp_path, rule, "TT18") == []
    assert found(state, tmp_path, table, "TT18") == []
    assert [m for _, _, _, m, _ in found(state, tmp_path, plain, "TT18")] == [
        "1 đoạn nội dung có chữ cỡ 10 (quy định 13–14), ví dụ «Một đoạn nội dung in nhỏ»"]


def test_punctuation_and_raised_marks_do_not_count_for_the_body_size(state, tmp_path):
    def marks(doc):
        p = next(p for p in doc.paragraphs[4:] if p.text.strip())
        p.add_run(";").font.size = Pt(9)
        note = p.add_run("1")
        note.font.size, note.font.superscript = Pt(9), True

    assert found(state, tmp_path, marks, "TT18") == []


# ------------------------------------------------------------------ page numbers (TT17)


def _page_field_paragraphs(hf):
    return [p for p in hf._element.iter(qn("w:p")) if any(True for _ in p.iter(qn("w:instrText")))]


def _saved_pages(count):
    """Word's saved page count in docProps/app.xml, as Word writes it on every save."""
    def change(doc):
        part = next(r.target_part for r in doc.part.package.rels.values() if r.reltype.endswith("/extended-properties"))
        part._blob = part.blob.replace(b"</Properties>", f"<Pages>{count}</Pages></Properties>".encode())
    return change


def _both(*changes):
    def change(doc):
        for c in changes:
            c(doc)
    return change


def _empty_header(doc):
    header = doc.sections[0].header._element
    for p in _page_field_paragraphs(doc.sections[0].header):
        header.remove(p)
    header.append(OxmlElement("w:p"))


WARN = "TT17"


def test_the_party_plan_numbers_its_pages_from_two_at_the_top_centred(party, tmp_path):
    # the estimate from the content finds three pages: a plan made by vanban carries no stale count
    assert found(party, tmp_path, lambda d: None, WARN) == []
    assert b"<Pages>" not in next(r.target_part for r in Document(party).part.package.rels.values()
                                  if r.reltype.endswith("/extended-properties")).blob


def test_a_page_number_on_page_one_is_said_with_the_setting_to_choose(party, tmp_path):
    def same_first(doc):
        doc.sections[0].different_first_page_header_footer = False

    assert found(party, tmp_path, same_first, WARN) == [
        ("TT17", "§1", "đầu trang", "số trang in cả ở trang 1", "chọn «Trang đầu khác» (Different first page) cho đầu trang")]


def test_a_document_of_several_pages_without_numbers_says_how_its_pages_were_counted(party, state, tmp_path):
    assert found(party, tmp_path, _empty_header, WARN) == [
        ("TT17", "§1", "đầu trang", "văn bản 3 trang (ước tính từ nội dung tệp DOCX) mà không có số trang",
         "chèn số trang ở giữa phía trên, từ trang 2")]
    # the count Word saved wins over the estimate, either way
    assert found(party, tmp_path, _both(_empty_header, _saved_pages(4)), WARN) == [
        ("TT17", "§1", "đầu trang", "văn bản 4 trang (theo số trang Word đã lưu) mà không có số trang",
         "chèn số trang ở giữa phía trên, từ trang 2")]
    assert found(party, tmp_path, _both(_empty_header, _saved_pages(1)), WARN) == []
    # a one-page document needs no number
    assert found(state, tmp_path, lambda d: None, WARN) == []


def test_with_odd_and_even_pages_page_two_prints_the_even_header(party, tmp_path):
    def odd_and_even(doc):
        doc.settings.odd_and_even_pages_header_footer = True

    assert found(party, tmp_path, odd_and_even, WARN) == [
        ("TT17", "§1", "đầu trang", "văn bản 3 trang (ước tính từ nội dung tệp DOCX) mà không có số trang",
         "chèn số trang ở giữa phía trên, từ trang 2")]


def test_a_page_number_at_the_foot_of_the_page_is_said(party, tmp_path):
    def to_footer(doc):
        footer = doc.sections[0].footer
        footer.is_linked_to_previous = False
        for el in list(footer._element):
            footer._element.remove(el)
        for p in _page_field_paragraphs(doc.sections[0].header):
            footer._element.append(p)
        doc.sections[0].header._element.append(OxmlElement("w:p"))

    assert found(party, tmp_path, to_footer, WARN) == [
        ("TT17", "§1", "chân trang", "số trang ở chân trang (quy định ở giữa phía trên)",
         "đặt số trang ở giữa phía trên (đầu trang)")]


@pytest.mark.parametrize("align, said", [(WD_ALIGN_PARAGRAPH.LEFT, "bên trái"), (WD_ALIGN_PARAGRAPH.RIGHT, "bên phải"),
                                         (WD_ALIGN_PARAGRAPH.JUSTIFY, "bên trái")], ids=plain_id)
def test_a_page_number_off_the_middle_is_said_with_its_side(party, tmp_path, align, said):
    def aside(doc):
        for p in doc.sections[0].header.paragraphs:
            p.alignment = align

    assert found(party, tmp_path, aside, WARN) == [
        ("TT17", "§1", "đầu trang", f"số trang ở {said} (quy định ở giữa)", "căn giữa số trang")]


def test_other_words_in_a_header_that_prints_are_quoted_without_the_page_numbers_result(party, tmp_path):
    def words(where):
        def change(doc):
            getattr(doc.sections[0], where).paragraphs[0].add_run("Kế hoạch  28")
        return change

    fix = "xóa nội dung ấy khỏi đầu trang (chỉ để số trang ở giữa phía trên, từ trang 2)"
    assert found(party, tmp_path, words("header"), WARN) == [
        ("TT17", "§1", "đầu trang", "đầu trang có nội dung khác ngoài số trang: «Kế hoạch 28»", fix)]
    assert found(party, tmp_path, words("first_page_header"), WARN) == [
        ("TT17", "§1", "đầu trang", "đầu trang có nội dung khác ngoài số trang: «Kế hoạch 28»", fix)]
