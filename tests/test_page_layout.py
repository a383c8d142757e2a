"""Pages a clerk would send, checked without LibreOffice: which words a line never breaks
between, ranges that never tear, header names on two balanced lines, tables that turn to a
landscape page (or split) when their columns do not fit, charts in panels a page can hold,
captions that keep their picture, and the delivery book in date order, printed at 10 pt or more."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import openpyxl
import pytest
from docx import Document
from PIL import Image

from conftest import REPO, run
from vanban.data.profiles import load_profile
from vanban.ooxml import layout
from vanban.ooxml.typography import bind_paragraphs
from vanban.ooxml.measure import width_mm
from vanban.rendering import chart
from vanban.rendering.content import Frame, Picture, Table
from vanban.rendering.look import look_of
from vanban.text.vietnamese import NBHY, NBSP, bind_words

DANG, STATE = look_of(load_profile("dang")), look_of(load_profile("nha_nuoc"))


# --------------------------------------------------------------------------
# Which words a line never breaks between


@pytest.mark.parametrize("text, expected", [
    # a date breaks between its parts, each part whole; a number and what it counts stay together
    ("báo cáo 6 tháng trước ngày 15 tháng 6 năm 2018; báo cáo năm trước",
     "báo cáo 6_tháng trước ngày_15 tháng_6 năm_2018; báo cáo năm trước"),
    ("mỗi chi bộ ít nhất 02 nguồn, Hình 2 và Bảng 1", "mỗi chi bộ ít nhất 02_nguồn, Hình_2 và Bảng_1"),
    ("Hướng dẫn số 12-HD/XX ngày 29 tháng 6 năm 2017 của", "Hướng dẫn số_12~HD/XX ngày_29 tháng_6 năm_2017 của"),
    # ranges and terms: a hyphen no line breaks at; a dash between words is left alone
    ("giai đoạn 2017-2020, mỗi chi bộ 02-03 quần chúng", "giai đoạn 2017~2020, mỗi chi bộ 02~03_quần chúng"),
    ("nhiệm kỳ 2025-2030 của Văn phòng - Tổ chức", "nhiệm kỳ_2025~2030 của Văn phòng - Tổ chức"),
    ("Nghị định 30/2020/NĐ-CP, Số: 12/KH-UBND", "Nghị định 30/2020/NĐ~CP, Số: 12/KH~UBND"),
    # the short last word of a closing sentence is never alone on the last line
    ("báo cáo của Ban Thường vụ Đảng ủy./.", "báo cáo của Ban Thường vụ Đảng_ủy./."),
    ("đạt 75,0% (9/12 đảng viên)", "đạt 75,0% (9/12 đảng viên)"),
])
def test_only_a_number_and_its_word_are_joined(text, expected):
    assert bind_words(text).replace(NBSP, "_").replace(NBHY, "~") == expected


def test_a_no_break_hyphen_is_words_own_element_and_reads_as_a_hyphen(tmp_path):
    """Liberation Serif and Times New Roman have no glyph for U+2011: the document carries Word's
    w:noBreakHyphen in the run, which Word and LibreOffice draw with the font's own hyphen."""
    xml = '<w:p><w:r><w:t xml:space="preserve">giai đoạn 2017-2020, ngày 15 tháng 6</w:t></w:r></w:p>'
    out = bind_paragraphs(xml)
    assert out == ('<w:p><w:r><w:t xml:space="preserve">giai đoạn 2017</w:t><w:noBreakHyphen/>'
                   '<w:t xml:space="preserve">2020, ngày\u00a015 tháng\u00a06</w:t></w:r></w:p>')
    # the closing './.' is looked at even without a digit in the text
    assert "Đảng\u00a0ủy./." in bind_paragraphs("<w:p><w:r><w:t>của Đảng ủy./.</w:t></w:r></w:p>")


def test_the_sample_letters_join_no_whole_date(sample_year):
    letter = Document(sample_year / "thong-bao-12-tb-du-ap-cho.docx")
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "trước ngày\u00a015 tháng\u00a06 năm\u00a02018;" in text
    assert not re.search(r"\d\u00a0(tháng|năm)\u00a0\d", text)
    xml = letter.element.xml
    plan = Document(sample_year / "ke-hoach-28-kh-du.docx")
    assert "2017-2020" in "\n".join(p.text for p in plan.paragraphs)  # read back as a hyphen
    assert "<w:noBreakHyphen/>" in plan.element.xml and "\u2011" not in plan.element.xml + xml


# --------------------------------------------------------------------------
# The header: names give way, not the date


def frame(left, right, date, number="Số 215-BC/ĐU") -> Frame:
    return Frame(left=left, right=right, number=("so_ky_hieu", number), date=("ngay_thang", date), title=[],
                 subject_under_number=None, signature=[], recipients_label=("noi_nhan_nhan", "Nơi nhận:"),
                 recipients=[])


def test_a_long_name_goes_onto_two_balanced_lines_parting_no_compound():
    assert layout.two_lines("ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH", 60, "cap_tren", DANG) == ["ĐẢNG BỘ THÀNH PHỐ",
                                                                                    "HỒ CHÍ MINH"]
    assert layout.two_lines("SỞ GIÁO DỤC VÀ ĐÀO TẠO", 45, "co_quan", STATE) == ["SỞ GIÁO DỤC", "VÀ ĐÀO TẠO"]
    assert layout.two_lines("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", 60, "co_quan", STATE) == [
        "ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
    assert layout.two_lines("ĐẢNG ỦY XÃ HÒA LỘC", 80, "co_quan", DANG) == ["ĐẢNG ỦY XÃ HÒA LỘC"]  # it fits


@pytest.mark.parametrize("look, left, right, date", [
    (DANG, [("cap_tren", "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH"), ("co_quan", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP"),
            ("phan_cach", "*")], [("tieu_de", "ĐẢNG CỘNG SẢN VIỆT NAM")],
     "Thị xã Long Mỹ, ngày 05 tháng 7 năm 2024"),
    (STATE, [("cap_tren", "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"), ("co_quan", "SỞ GIÁO DỤC VÀ ĐÀO TẠO")],
     [("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("tieu_de", "Độc lập - Tự do - Hạnh phúc")],
     "Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2024"),
])
def test_header_names_give_way_to_the_date_within_the_column_limits(look, left, right, date):
    f = frame(left, right, date)
    fitted = layout.fit_header(f, look)
    left_mm, size, lines = fitted.left_mm, fitted.date_size, fitted.left
    lo, hi = look.page.narrowest_left_column_mm, look.page.widest_left_column_mm
    assert lo <= left_mm <= hi
    total = look.page.width_mm - look.page.left_mm - look.page.right_mm
    e = look.elements["ngay_thang"]
    assert width_mm(date, size or e.size, e.bold, e.italic) <= total - left_mm - 2 * 1.91  # one line
    split = [t.split("\n") for _, t in lines]
    assert any(len(parts) == 2 for parts in split)
    for (key, _), parts in zip(lines, split):
        el = look.elements[key]
        name_size = fitted.sizes.get(key, el.size)
        assert el.size - name_size <= (el.size - el.sizes[0] if el.sizes else 0)  # within the allowed sizes
        assert all(width_mm(p, name_size, el.bold) <= left_mm - 2 * 1.91 for p in parts)
    # both lines of a name in one cell of the header: side by side with the title's rows
    xml = layout.header_block(f, look)
    assert xml.count("<w:tr>") == max(len(left), len(right)) + 1


def test_a_date_too_long_for_any_column_wraps_after_the_place_name():
    f = frame([("cap_tren", "ĐẢNG BỘ TỈNH BẾN GIẢ"), ("co_quan", "HUYỆN ỦY LONG GIẢ"), ("phan_cach", "*")],
              [("tieu_de", "ĐẢNG CỘNG SẢN VIỆT NAM")], "Thị trấn Long Giả Đông Bắc, ngày 05 tháng 7 năm 2024")
    xml = layout.header_block(f, DANG)
    assert "Thị trấn Long Giả Đông Bắc, ngày\u00a005\u00a0tháng\u00a07\u00a0năm\u00a02024" in xml


# --------------------------------------------------------------------------
# Tables that fit


def wide_table(stages: int, units: int = 30) -> Table:
    heads = ("STT", "Đơn vị", "Chỉ tiêu kết nạp", "Chỉ tiêu tạo nguồn",
             *[f"Giai đoạn thứ {i} trong năm" for i in range(stages)], "Tỷ lệ kết nạp", "Tỷ lệ tạo nguồn")
    rows = tuple((str(i), f"Đảng bộ xã Phước Long Hòa Thạnh {i}", "2-3", "4", *["3"] * stages, "100,0%", "125,0%")
                 for i in range(1, units + 1))
    return Table(headers=heads, rows=rows, total=("", "Tổng cộng", "60-90", "120", *["90"] * stages, "50,0%",
                                                    "75,0%"))


def test_a_table_that_fits_portrait_stays_there_with_whole_words_in_its_columns():
    table = wide_table(4)
    landscape, size, widths = layout._fit(table, DANG)
    assert not landscape and size >= 11
    assert sum(widths) == pytest.approx(165)
    assert widths[1] >= layout.NAME_COLUMN_MM
    for c, head in enumerate(table.headers):  # no heading word, no figure wider than its column
        assert all(width_mm(w, size, True) <= widths[c] - 2 for w in head.split())
    assert layout.LANDSCAPE_START not in layout.data_table(table, DANG)


def test_seventeen_columns_take_a_landscape_section_of_their_own():
    table = wide_table(11)
    assert len(table.headers) == 17
    xml = layout.data_table(table, DANG)
    assert xml.startswith(layout.LANDSCAPE_START) and layout.LANDSCAPE_END in xml
    head = ('<w:p><w:pPr><w:pStyle w:val="VBNoiDung"/></w:pPr><w:r><w:t>Số liệu (Bảng 1).</w:t></w:r></w:p>'
            '<w:p><w:pPr><w:pStyle w:val="VBTieuDeBang"/></w:pPr><w:r><w:t>Bảng 1. Kết quả</w:t></w:r></w:p>')
    tail = '<w:p><w:r><w:t>Tổng số</w:t></w:r></w:p>'
    sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rId8"/><w:headerReference w:type="first" '
            'r:id="rId9"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" '
            'w:left="1701" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr>')
    body = layout.page_flow("<w:body>" + head + xml + tail + sect + "</w:body>")
    sections = re.findall(r"<w:sectPr>.*?</w:sectPr>", body)
    assert len(sections) == 3
    first, turned, last = sections
    # the text before ends the first page's section (page 1 keeps its own header), on the paragraph
    # before the table's title: the title goes with the table
    assert body.index(first) < body.index("Bảng 1. Kết quả") < body.index(turned) < body.index("Tổng số")
    assert "<w:titlePg/>" in first and 'w:h="16838"' in first
    assert 'w:w="16838" w:h="11906" w:orient="landscape"' in turned and "<w:titlePg/>" not in turned
    assert 'r:id="rId8"' in turned and "<w:titlePg/>" not in last and 'w:h="16838"' in last
    assert layout.LANDSCAPE_START not in body and "vanban:ngang" not in body


def test_a_table_too_wide_even_for_landscape_splits_repeating_its_number_and_name():
    table = wide_table(26, units=5)
    xml = layout.data_table(table, DANG)
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml)
    assert len(tables) >= 2
    for t in tables:
        heads = re.findall(r"<w:t[^>]*>([^<]*)</w:t>", t.split("</w:tr>")[0])
        assert heads[:2] == ["STT", "Đơn vị"]
    assert xml.count(layout.LANDSCAPE_END) == 1


# --------------------------------------------------------------------------
# Pictures, captions, charts


PICTURE = '<w:p><w:pPr><w:pStyle w:val="VBTieuDeBang"/></w:pPr><w:r><w:drawing>…</w:drawing></w:r></w:p>'
CAPTION = '<w:p><w:pPr><w:pStyle w:val="VBTieuDeBang"/></w:pPr><w:r><w:t>Hình 1. Chỉ tiêu</w:t></w:r></w:p>'
HEADING = '<w:p><w:pPr><w:pStyle w:val="VBMucNho"/></w:pPr><w:r><w:t>2- Kết quả</w:t></w:r></w:p>'


def test_a_caption_under_its_picture_keeps_the_picture_and_lets_the_heading_go():
    out = layout.keep_figures_with_captions(PICTURE + CAPTION + HEADING)
    picture, caption, heading = re.findall(r"<w:p>.*?</w:p>", out)
    assert "<w:keepNext/>" in picture and '<w:widowControl w:val="0"/>' in picture
    assert '<w:keepNext w:val="0"/>' in caption and "<w:keepLines/>" in caption
    assert heading == HEADING
    assert picture.index("<w:pStyle") < picture.index("<w:keepNext/>")  # where the schema puts it


def test_a_caption_over_its_picture_keeps_with_it():
    out = layout.keep_figures_with_captions(CAPTION + PICTURE + CAPTION.replace("Hình 1", "Hình 2") + PICTURE)
    paragraphs = re.findall(r"<w:p>.*?</w:p>", out)
    assert "<w:keepNext/>" in paragraphs[0] and "<w:keepNext/>" in paragraphs[2]
    assert '<w:keepNext w:val="0"/>' not in out


def test_the_panels_of_a_picture_flow_and_only_the_last_keeps_with_the_caption():
    """A paragraph holding several panels that kept with its caption started on a page of its
    own however much room the page before had: each panel is a paragraph, only the last keeps."""
    run = '<w:r><w:drawing>…</w:drawing></w:r>'
    picture = ('<w:p><w:pPr><w:pStyle w:val="VBTieuDeBang"/></w:pPr>' + run + layout.PANEL_BREAK + run
               + layout.PANEL_BREAK + run + '</w:p>')
    out = layout.keep_figures_with_captions(picture + CAPTION + HEADING)
    paragraphs = re.findall(r"<w:p>.*?</w:p>", out)
    assert len(paragraphs) == 5 and layout.PANEL_BREAK not in out
    assert all('<w:keepNext w:val="0"/>' in p and '<w:pStyle w:val="VBTieuDeBang"/>' in p for p in paragraphs[:2])
    assert "<w:keepNext/>" in paragraphs[2] and '<w:keepNext w:val="0"/>' in paragraphs[3]


@pytest.mark.parametrize("units, panels", [(5, 1), (13, 1), (20, 1), (30, 2), (60, 4), (153, 9)])
def test_charts_of_any_size_come_in_panels_a_page_holds(units, panels):
    labels = [f"Đảng bộ xã Phước Long {i}" for i in range(units)]
    parts = chart.panels(labels)
    assert len(parts) == panels and sum(len(p) for p in parts) == units
    assert all(len(p) <= chart.PANEL_UNITS for p in parts)
    assert max(len(p) for p in parts) - min(len(p) for p in parts) <= 1  # even panels


def test_a_chart_prints_its_names_at_nine_points_and_has_no_title_of_its_own(monkeypatch):
    import matplotlib.axes

    titles, sizes = [], []
    real_title, real_ticks = matplotlib.axes.Axes.set_title, matplotlib.axes.Axes.set_yticks
    monkeypatch.setattr(matplotlib.axes.Axes, "set_title", lambda self, t, *a, **k: titles.append(t) or
                        real_title(self, t, *a, **k))
    monkeypatch.setattr(matplotlib.axes.Axes, "set_yticks", lambda self, *a, **k: sizes.append(k["fontsize"]) or
                        real_ticks(self, *a, **k))
    one = chart.quota_figure([f"Chi bộ {i}" for i in range(13)], [2] * 13, [1] * 13, "Chỉ tiêu (nguồn)", "Đã kết nạp")
    assert len(one) == 1 and titles == []
    many = chart.quota_figure([f"Chi bộ {i}" for i in range(60)], [2] * 60, [1] * 60, "Chỉ tiêu (nguồn)",
                              "Đã kết nạp", numbers=list(range(1, 61)))
    assert titles == [f"Phần {i}/4" for i in range(1, 5)] and set(sizes) == {chart.LABEL_PT}
    for png in one + many:
        image = Image.open(io.BytesIO(png))
        # drawn at its printed width (its type sizes are the printed ones), never taller than a panel
        assert image.width / 150 * 25.4 == pytest.approx(chart.WIDTH_MM, abs=0.5)
        assert image.height / 150 * 25.4 <= chart.PANEL_MAX_MM + 0.5


def test_a_picture_is_drawn_only_when_it_is_rendered():
    calls = []
    picture = Picture(None, 160, ("a",), draw=(lambda *a: calls.append(a) or [b"1", b"2"], (1,), {}))
    assert calls == []
    assert picture.panels == (b"1", b"2") and picture.panels == (b"1", b"2") and calls == [(1,)]


# --------------------------------------------------------------------------
# The delivery book


def test_the_book_lists_documents_in_date_order_and_prints_as_a_register(tmp_path):
    root = tmp_path / "dang-uy-xa"
    shutil.copytree(REPO / "examples/dang-uy-xa", root, ignore=shutil.ignore_patterns("output"))
    assert run(root, "build", "noi-nhan", "2026").exit_code == 0
    wb = openpyxl.load_workbook(root / "output/2026/noi-nhan-2026.xlsx")
    ws = wb.active
    dates = [dt.datetime.strptime(r[3], "%d/%m/%Y") for r in ws.iter_rows(min_row=3, values_only=True)]
    assert dates == sorted(dates) and dates[0] < dates[-1]
    assert all(r[4] for r in ws.iter_rows(min_row=3, values_only=True))  # every row names its document
    # 12 pt everywhere, printed at 100 %: the columns fit the printable width of the rule set's margins
    assert {c.font.sz for row in ws.iter_rows(min_row=2) for c in row} == {12}
    printable = 297 - 30 - 15
    assert sum(ws.column_dimensions[c].width for c in "ABCDEFGHI") * 2.469 <= printable
    assert ws.page_margins.left * 25.4 == pytest.approx(30) and ws.page_margins.right * 25.4 == pytest.approx(15)
    assert ws.oddHeader.center.text == "Trang &P/&N"
    book = Document(root / "output/2026/noi-nhan-2026.docx")
    symbols = [row.cells[3].text for row in book.tables[0].rows[1:]]
    assert [dt.datetime.strptime(s, "%d/%m/%Y") for s in symbols] == dates
