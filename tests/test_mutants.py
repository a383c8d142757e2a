"""Mutants that survived the suite (tools/mutation.py, issue 27), each killed here by the
behaviour it would change: every test fails on its mutation and passes on the correct code.
Expected values are reasoned from the rules (the-thuc, the Vietnamese number rules), never read
back from the code under test."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from vanban.text import figures as fg


# --------------------------------------------------------------------------
# text/figures.py


def test_any_value_with_a_form_and_no_word_is_written_with_it_nhat():
    # the functions take any value with form/toi_thieu/toi_da, «tu» optional
    # (mutants: getattr without its default, or a default word)
    open_target = SimpleNamespace(form="it_nhat", toi_thieu=2, toi_da=None)
    assert fg.target_text(open_target) == "ít nhất 02"
    assert fg.total_text(open_target) == "ít nhất 2"
    assert fg.sum_text([open_target, SimpleNamespace(form="dung", toi_thieu=3, toi_da=3)]) == "ít nhất 5"


def test_an_open_total_without_its_word_says_it_nhat():
    # amount_text's default word is none: «ít nhất» (mutant: a default word of its own)
    assert fg.amount_text(2000, None) == "ít nhất 2.000"
    assert fg.amount_text(17, 17) == "17"


def test_open_targets_written_with_different_words_sum_with_it_nhat():
    # neither «từ» nor «tối thiểu» wins when both are used: the sum says «ít nhất»
    # (mutant: a word taken from the set whatever its size)
    targets = [SimpleNamespace(form="it_nhat", toi_thieu=1, toi_da=None, tu="từ"),
               SimpleNamespace(form="it_nhat", toi_thieu=2, toi_da=None, tu="tối thiểu")]
    assert fg.sum_text(targets) == "ít nhất 3"


# --------------------------------------------------------------------------
# text/vietnamese.py


def test_collation_puts_a_space_first_numbers_in_order_and_lower_case_before_capitals():
    from vanban.text import vietnamese as vi

    # word by word: «b a» before «ba» (a space before every letter; mutant: the space ranked +1)
    assert vi.sorted_vi(["ba", "b a"]) == ["b a", "ba"]
    # characters outside the alphabet keep their own order: «Ấp 1» before «Ấp 2» (mutant: 1000 − ord)
    assert vi.sorted_vi(["Ấp 2", "Ấp 1", "Ấp 3"]) == ["Ấp 1", "Ấp 2", "Ấp 3"]
    # the same word: lower case first, whatever the input order (mutants: case rank dropped or constant)
    assert vi.sorted_vi(["Bé", "bé"]) == ["bé", "Bé"]
    assert vi.sorted_vi(["bé", "Bé"]) == ["bé", "Bé"]
    assert vi.sort_key("Bé")[2] != vi.sort_key("bé")[2]


def test_a_date_line_without_a_date_or_a_year_says_what_it_needs():
    from vanban.text import vietnamese as vi

    with pytest.raises(ValueError, match=r"^date_words needs a date or a year$"):
        vi.date_words(None)
    assert vi.date_words(None, year=2018) == "ngày      tháng      năm 2018"


def test_a_negative_count_is_refused_by_name():
    from vanban.text import vietnamese as vi

    with pytest.raises(ValueError, match=r"^negative count$"):
        vi.two_digits(-1)
    assert [vi.two_digits(n) for n in (0, 9, 10, 11, 100)] == ["00", "09", "10", "11", "100"]


def test_an_unknown_tone_style_is_named_in_the_refusal():
    from vanban.text import vietnamese as vi

    with pytest.raises(ValueError, match=r"^moi moi$"):
        vi.set_tone_style("hòa", "moi moi")


# --------------------------------------------------------------------------
# documents/quotas.py


def test_what_a_template_gets_of_a_target():
    # the names a template (the stock ones or a clerk's own) reads a target by
    from vanban.data.model import Target
    from vanban.documents.quotas import target_context

    kind = SimpleNamespace(don_vi_tinh="quần chúng")
    assert target_context(Target(toi_thieu=1, toi_da=2), kind) == {
        "chu": "01-02", "so_luong": 1, "toi_da": 2, "it_nhat": False, "khoang": True, "don_vi_tinh": "quần chúng"}
    assert target_context(Target(toi_thieu=3, toi_da=None, tu="từ"), kind) == {
        "chu": "từ 03", "so_luong": 3, "toi_da": None, "it_nhat": True, "khoang": False,
        "don_vi_tinh": "quần chúng"}
    assert target_context(Target(toi_thieu=2, toi_da=2), kind)["chu"] == "02"


def test_a_quota_kind_declared_part_of_another_is_listed_under_it_in_plan_order():
    from vanban.documents.quotas import parts

    kinds = {"ket_nap": SimpleNamespace(thuoc=None), "tao_nguon": SimpleNamespace(thuoc=None),
             "nu": SimpleNamespace(thuoc="ket_nap"), "tre": SimpleNamespace(thuoc="ket_nap"),
             "le": SimpleNamespace(thuoc="khong_co_trong_ke_hoach")}
    org = SimpleNamespace(loai_chi_tieu=kinds)
    plan = SimpleNamespace(chi_tieu=[SimpleNamespace(loai=k) for k in ("tre", "ket_nap", "nu", "tao_nguon", "le",
                                                                        "la")])
    # «la» is not a declared kind (refused elsewhere): it is nobody's part, and no error here
    assert parts(org, plan) == {"ket_nap": ["tre", "nu"]}


def test_an_open_total_stays_open_though_its_allocations_are_exact():
    # «ít nhất 17» allocated as 10 + 7: the plan's total is at least 17, not 17
    from vanban.data.model import Allocation, Quota
    from vanban.documents.quotas import total

    allocations = [Allocation(don_vi="a", so_luong=10), Allocation(don_vi="b", so_luong=7)]
    assert total(Quota(loai="x", tong_so="ít nhất 17", phan_bo=allocations)) == (17, None)
    assert total(Quota(loai="x", tong_so=17, phan_bo=allocations)) == (17, 17)
    ranges = [Allocation(don_vi="a", so_luong="10-12"), Allocation(don_vi="b", so_luong="07-08")]
    assert total(Quota(loai="x", tong_so="17-20", phan_bo=ranges)) == (17, 20)


def test_a_lead_target_counts_towards_its_own_quota_kind_only():
    from vanban.data.model import Target
    from vanban.documents.quotas import lead_targets

    def quota(kind, allocated):
        return SimpleNamespace(loai=kind, phan_bo=[SimpleNamespace(don_vi=u, t=Target(toi_thieu=2, toi_da=2))
                                                  for u in allocated], target=lambda a: a.t)

    one, two = Target(toi_thieu=1, toi_da=None), Target(toi_thieu=2, toi_da=None)
    org = SimpleNamespace(don_vi=[SimpleNamespace(id=u) for u in ("u1", "u2", "u3", "u4")])
    qa, qb = quota("a", ["u3"]), quota("b", [])
    led = [SimpleNamespace(chi_tieu="b", chu_tri=["u1"], target=one),           # another kind's
           SimpleNamespace(chi_tieu="a", chu_tri=["u2", "xa_khac", "u3"], target=two),  # u3 is allocated
           SimpleNamespace(chi_tieu=None, chu_tri=["u4"], target=one)]          # no kind, two in the plan
    assert lead_targets(org, SimpleNamespace(chi_tieu=[qa, qb], phan_cong=led), qa) == {"u2": two}
    assert lead_targets(org, SimpleNamespace(chi_tieu=[qa, qb], phan_cong=led), qb) == {"u1": one}
    # with the plan's only kind, an assignment naming none counts towards it
    assert lead_targets(org, SimpleNamespace(chi_tieu=[qa], phan_cong=led[1:]), qa) == {"u2": two, "u4": one}


# --------------------------------------------------------------------------
# ooxml/wml.py

_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _parse(fragment: str):
    """A w: fragment as an element (its namespace declared on its first tag)."""
    from lxml import etree

    name, _, rest = fragment.partition(">")
    return etree.fromstring(f"{name} {_NS}>{rest}")


def test_a_run_keeps_its_leading_and_trailing_spaces():
    from vanban.ooxml.wml import run

    for text in ("ab ", " ab", "a ", "ab  "):
        assert 'xml:space="preserve"' in run(text, "Times New Roman"), text
    assert 'xml:space="preserve"' not in run("a b", "Times New Roman")


def test_rows_and_tables_hold_nothing_but_their_elements():
    # a row holds its cells, a table its rows: no text between them (Word refuses the file)
    from vanban.ooxml.wml import Cell, Row, table

    cells = [Cell(["<w:p/>"], 1000), Cell(["<w:p/>"], 2000)]
    row = _parse(Row(cells, cant_split=True).xml())
    assert row.text is None and all(child.tail is None for child in row)
    assert [child.tag.split("}")[1] for child in row] == ["trPr", "tc", "tc"]
    tbl = _parse(table([Row(cells), Row(cells)], [1000, 2000], borders=True))
    assert tbl.text is None and all(child.tail is None for child in tbl)
    assert [child.tag.split("}")[1] for child in tbl] == ["tblPr", "tblGrid", "tr", "tr"]


# --------------------------------------------------------------------------
# the_thuc/rules/text.py


@pytest.mark.parametrize("written, fix", [
    ("ngày 1 tháng 12 năm 2018", "ngày 01 tháng 12 năm 2018"),   # the first day of the last month
    ("ngày 31 tháng 1 năm 2018", "ngày 31 tháng 01 năm 2018"),   # the last day of the first month
    ("ngày 5 tháng 12 năm 2018", "ngày 05 tháng 12 năm 2018"),
    ("ngày 32 tháng 1 năm 2018", None),                          # not a date: not this rule's
    ("ngày 5 tháng 13 năm 2018", None),
    ("ngày 0 tháng 3 năm 2018", None),
    ("ngày 05 tháng 3 năm 2018", None),                          # written right
])
def test_the_date_rule_reads_every_real_day_and_month_and_only_those(written, fix):
    from vanban.the_thuc.rules.text import dates

    found = []
    ctx = SimpleNamespace(lines=[SimpleNamespace(text=f"Tân Thạch, {written}", where="đoạn 1")],
                          add=lambda *finding: found.append(finding))
    dates(ctx)
    assert found == ([] if fix is None else [
        ("TT08", "§4, §5.5", "đoạn 1", f"«{written}» viết sai quy tắc ngày tháng",
         f"viết «{fix}» (ngày dưới 10 và tháng 1, 2 có số 0 đứng trước)")])


def test_a_line_with_a_number_that_is_no_date_still_has_its_dates_read():
    from vanban.the_thuc.rules.text import dates

    found = []
    line = SimpleNamespace(text="từ ngày 32 tháng 1 năm 2018 đến ngày 5 tháng 3 năm 2018", where="đoạn 2")
    dates(SimpleNamespace(lines=[line], add=lambda *finding: found.append(finding)))
    assert [f[3] for f in found] == ["«ngày 5 tháng 3 năm 2018» viết sai quy tắc ngày tháng"]


def test_decomposed_text_outside_the_body_is_found_in_its_part():
    # the body's encodings come counted from the model; a header or footer is read here
    import unicodedata

    from vanban.the_thuc.rules.text import encoding

    nfd = unicodedata.normalize("NFD", "Đảng ủy xã Tân Thạch")
    body = SimpleNamespace(paragraphs=[SimpleNamespace(text=nfd, where="thân 1")])
    header = SimpleNamespace(paragraphs=[SimpleNamespace(text="", where="đầu 1"),
                                         SimpleNamespace(text="Trang 2", where="đầu 2"),
                                         SimpleNamespace(text=nfd, where="đầu 3"),
                                         SimpleNamespace(text=nfd + " nữa", where="đầu 4")])
    model = SimpleNamespace(encodings={}, encoded_example={}, parts=[body, header], body_part=body)
    found = []
    encoding(SimpleNamespace(model=model, add=lambda *finding: found.append(finding)))
    assert found == [("TT13", "§5.8", "đầu 3",
                      "chữ ở dạng Unicode tổ hợp (NFD), không phải Unicode dựng sẵn trong 1 đoạn chữ, "
                      "ví dụ «Đảng ủy xã Tân Thạch»",
                      "gõ lại bằng bộ gõ Unicode dựng sẵn, hoặc chạy chuyển mã sang Unicode dựng sẵn")]
    # the body alone: nothing here (its count is the model's)
    found.clear()
    encoding(SimpleNamespace(model=SimpleNamespace(encodings={}, encoded_example={}, parts=[body], body_part=body),
                             add=lambda *finding: found.append(finding)))
    assert found == []


def test_legacy_text_counted_by_the_model_is_named_with_its_reading():
    from vanban.the_thuc.rules.text import encoding

    raw = "§¶ng ñy x· T©n Th¹ch"
    model = SimpleNamespace(encodings={"TCVN3": 3}, parts=[], body_part=None,
                            encoded_example={"TCVN3": ("thân 4", raw, "Đảng ủy xã Tân Thạch")})
    found = []
    encoding(SimpleNamespace(model=model, add=lambda *finding: found.append(finding)))
    assert found == [("TT13", "§5.8", "thân 4",
                      f"chữ gõ bằng bảng mã cũ TCVN3 (ABC, phông .Vn…) trong 3 đoạn chữ, ví dụ «{raw}» "
                      "(đọc là «Đảng ủy xã Tân Thạch»)",
                      "chuyển mã từ TCVN3 sang Unicode dựng sẵn (ví dụ Unikey › Công cụ chuyển mã) và đặt phông "
                      "Times New Roman")]


def test_a_long_decomposed_line_is_quoted_by_its_first_forty_characters():
    import unicodedata

    from vanban.the_thuc.rules.text import encoding

    text = "Ban Chấp hành Đảng bộ xã Tân Thạch khóa XIV, nhiệm kỳ 2015-2020"
    footer = SimpleNamespace(paragraphs=[SimpleNamespace(text=unicodedata.normalize("NFD", text), where="cuối 1")])
    found = []
    encoding(SimpleNamespace(model=SimpleNamespace(encodings={}, encoded_example={}, parts=[footer], body_part=None),
                             add=lambda *finding: found.append(finding)))
    assert found[0][3].endswith(f"ví dụ «{text[:40]}»") and len(text) > 41


def _tone_findings(encodings, lines):
    from vanban.the_thuc.rules.text import tone

    found = []
    ctx = SimpleNamespace(model=SimpleNamespace(encodings=encodings), add=lambda *finding: found.append(finding),
                          lines=[SimpleNamespace(text=t, where=f"đoạn {i}") for i, t in enumerate(lines, 1)])
    tone(ctx)
    return found


def test_two_tone_styles_in_one_document_are_named_by_a_word_of_each():
    assert _tone_findings({}, ["giữ gìn hòa bình", "công trình thuỷ lợi"]) == [
        ("TT14", "§5.8", "đoạn 2", "lẫn hai kiểu bỏ dấu trong một văn bản: «hòa» và «thuỷ»",
         "thống nhất một kiểu (hòa, ủy hoặc hoà, uỷ)")]
    assert _tone_findings({}, ["giữ gìn hòa bình", "Đảng ủy"]) == []


@pytest.mark.parametrize("encodings, skipped", [
    ({"TCVN3": 2, "VNI": 1}, True),    # more legacy runs than lines, of both kinds together
    ({"TCVN3": 3}, True), ({"VNI": 3}, True),
    ({"TCVN3": 2}, False), ({"VNI": 2}, False), ({"TCVN3": 1, "VNI": 1}, False),  # no more than the lines
])
def test_tone_placement_is_left_alone_in_text_mostly_typed_in_a_legacy_font(encodings, skipped):
    found = _tone_findings(encodings, ["giữ gìn hòa bình", "công trình thuỷ lợi"])
    assert (found == []) == skipped


def test_one_cited_document_with_two_dates_is_named_with_both():
    from vanban.the_thuc.rules.text import citations

    found = []
    lines = ["Căn cứ Hướng dẫn số 01-HD/TW ngày 20 tháng 9 năm 2016 của Ban Bí thư;",
             "Thực hiện Hướng dẫn số 01-HD/TW ngày 20 tháng 9 năm 2016 (nhắc lại, cùng ngày);",
             "theo Hướng dẫn số 01-HD/TW ngày 20 tháng 10 năm 2016 về công tác đảng viên."]
    ctx = SimpleNamespace(lines=[SimpleNamespace(text=t, where=f"đoạn {i}") for i, t in enumerate(lines, 1)],
                          add=lambda *finding: found.append(finding))
    citations(ctx)
    assert found == [("TT15", "§5.7", "đoạn 3",
                      "văn bản 01-HD/TW được dẫn với hai ngày khác nhau: 20/9/2016 và 20/10/2016",
                      "kiểm tra lại và dùng một ngày đúng cho cả hai chỗ")]


def test_a_long_legacy_example_is_quoted_by_thirty_characters_each_way():
    from vanban.the_thuc.rules.text import encoding

    raw = "§¶ng ñy x· T©n Th¹ch, huyÖn Ch©u Thµnh, tØnh BÕn Tre"
    read = "Đảng ủy xã Tân Thạch, huyện Châu Thành, tỉnh Bến Tre"
    model = SimpleNamespace(encodings={"TCVN3": 5}, encoded_example={"TCVN3": ("thân 1", raw, read)}, parts=[],
                            body_part=None)
    found = []
    encoding(SimpleNamespace(model=model, add=lambda *finding: found.append(finding)))
    assert len(raw) > 31 and len(read) > 31
    assert found[0][3].endswith(f"ví dụ «{raw[:30]}» (đọc là «{read[:30]}»)")


# --------------------------------------------------------------------------
# the_thuc/rules/fonts.py


def test_a_font_finding_names_the_face_counts_its_pieces_and_quotes_the_first():
    from vanban.the_thuc.rules.fonts import check

    def piece(font, text):
        return SimpleNamespace(font=font, raw=text, text=text)

    first = "Phụ lục kèm theo Kế hoạch số 28-KH/ĐU của Đảng ủy xã Tân Thạch"
    example = "  Danh sách chi bộ được giao chỉ tiêu năm 2018  "
    lines = [SimpleNamespace(where="đoạn 1", text=first,
                             pieces=[piece("Times New Roman", "Phụ lục"),
                                     piece("Wingdings", "ab"),              # a symbol font: its letters are signs
                                     piece("Calibri", "   "),               # no letter: nothing to see
                                     piece("Arial Bold", example),          # Arial, written with its style
                                     piece("Arial", "x")]),
             SimpleNamespace(where="đoạn 2", text="Nơi nhận", pieces=[piece("Arial", "y"), piece("Calibri", "z")])]
    found = []
    check(SimpleNamespace(profile=SimpleNamespace(phong_chu="Times New Roman"), lines=lines,
                          add=lambda *finding: found.append(finding)))
    assert len(first) > 41 and len(example.strip()) > 31
    assert found == [
        ("TT03", "§1", "đoạn 1",
         f"phông chữ «Arial Bold» (quy định Times New Roman) ở 3 đoạn chữ, ví dụ «{example.strip()[:30]}» "
         f"trong «{first[:40]}»", "chọn toàn bộ văn bản và đặt phông Times New Roman"),
        ("TT03", "§1", "đoạn 2",
         "phông chữ «Calibri» (quy định Times New Roman) ở 1 đoạn chữ, ví dụ «z» trong «Nơi nhận»",
         "chọn toàn bộ văn bản và đặt phông Times New Roman")]
