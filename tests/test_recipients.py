"""Nơi nhận: copy arithmetic, groups, the registry, the delivery book."""

import openpyxl
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import run
from docx_read import find_in_tables, norm
from test_bad_input import edit, line_of
from vanban.project import Project
from vanban.data.load import load_organisation, load_year_file
from vanban.data.profiles import load_profile
from vanban.data.model import Plan
from vanban.data import recipients as rcp


def load(root):
    org, _ = load_organisation(Project(root))
    plan, _ = load_year_file(Project(root), 2018, "ke-hoach.yaml", Plan, "moi")
    return org, plan


def test_sample_plan_comes_to_28_copies(project):
    org, plan = load(project)
    # 1 VP Huyện ủy + 1 Ban Tổ chức + 12 committee members + 13 branches + 1 archive
    assert rcp.count_copies(org, plan) == 28
    lines = rcp.lines(org, load_profile("dang"), plan)
    assert lines == ["- VP Huyện ủy;", "- Ban Tổ chức Huyện ủy;", "- Các đồng chí trong Đảng ủy;",
                     "- 13/13 Chi bộ;", "- Lưu VT, 28b."]


def test_groups_of_other_sizes(project):
    edit(project / "data/don-vi.yaml", "so_thanh_vien: 12", "so_thanh_vien: 15")
    edit(project / "data/2018/ke-hoach.yaml", "  - cac_chi_bo\n",
         "  - {id: cac_chi_bo, chon: [ap_cho, ap_ben_do, co_quan, cong_an, quan_su]}\n  - chi_bo_ap\n")
    edit(project / "data/2018/ke-hoach.yaml", "so_ban: 28", "so_ban: 30")
    org, plan = load(project)
    # 1 + 1 + 15 + 5 chosen + 6 hamlets + 1 archive
    assert rcp.count_copies(org, plan) == 29
    lines = rcp.lines(org, load_profile("dang"), plan)
    assert "- 5/13 Chi bộ;" in lines and "- Chi bộ các ấp;" in lines and lines[-1] == "- Lưu VT, 29b."
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 2
    assert f"data/2018/ke-hoach.yaml:{line_of(project / 'data/2018/ke-hoach.yaml', 'so_ban:')}" in result.output
    assert "số bản ghi 30 khác số bản tính từ nơi nhận (29)" in result.output


def test_stated_count_that_disagrees_is_rejected(project):
    edit(project / "data/2018/ke-hoach.yaml", "so_ban: 28", "so_ban: 27")
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 2 and "27" in result.output and "(28)" in result.output


def test_archive_copies_count(project):
    edit(project / "data/2018/ke-hoach.yaml", "so_ban: 28", "luu_so_ban: 2")
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 0, result.output
    doc = Document(project / "output/2018/ke-hoach-28-kh-du.docx")
    assert find_in_tables(doc, lambda s: s == "- Lưu VT, 29b.")


def test_unknown_recipient_is_a_data_error_with_line(project):
    plan = project / "data/2018/ke-hoach.yaml"
    edit(plan, "  - btc_huyen_uy\n", "  - ban_khong_co\n")
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 2
    assert f"data/2018/ke-hoach.yaml:{line_of(plan, 'ban_khong_co')}" in result.output
    assert "nơi nhận «ban_khong_co» không có trong danh mục" in result.output


def test_free_text_recipient_with_note(project):
    edit(project / "data/2018/ke-hoach.yaml", "  - vp_huyen_uy\n",
         "  - {id: vp_huyen_uy, ghi_chu: (để báo cáo)}\n  - {ten: Ủy ban nhân dân xã}\n")
    edit(project / "data/2018/ke-hoach.yaml", "so_ban: 28", "so_ban: 29")
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 0, result.output
    doc = Document(project / "output/2018/ke-hoach-28-kh-du.docx")
    assert find_in_tables(doc, lambda s: s == "- VP Huyện ủy (để báo cáo);")
    assert find_in_tables(doc, lambda s: s == "- Ủy ban nhân dân xã;")


def test_comma_line_ending_is_an_office_setting(project):
    edit(project / "data/don-vi.yaml", 'dau_cuoi_noi_nhan: ";"', 'dau_cuoi_noi_nhan: ","')
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 0
    doc = Document(project / "output/2018/ke-hoach-28-kh-du.docx")
    assert find_in_tables(doc, lambda s: s == "- 13/13 Chi bộ,")


def test_every_recipient_of_the_year_is_in_the_delivery_book_once(sample_year):
    from vanban.office import Office

    root = sample_year.parent.parent
    docs = Office(Project(root)).year(2018).all_documents()
    expected = []
    for d in docs:
        for delivery in d.issue.recipients:
            expected += [(d.issue.symbol, name, copies) for name, copies in delivery.members]
        # the book accounts for every copy but the archive's
        mine = sum(copies for symbol, _, copies in expected if symbol == d.issue.symbol)
        assert mine == d.issue.copies - d.issue.archive_copies
    assert len(expected) == len(set(expected))  # once each
    assert len([e for e in expected if e[0] == "28-KH/ĐU"]) == 16  # 2 bodies + committee + 13 branches

    wb = openpyxl.load_workbook(sample_year / "noi-nhan-2018.xlsx")
    ws = wb.active
    heads = ["STT", "Ngày chuyển", "Số, ký hiệu", "Ngày văn bản", "Tên loại và trích yếu", "Nơi nhận", "Số bản",
             "Ký nhận", "Ghi chú"]
    assert [c.value for c in ws[2]] == heads
    got = [(r[2], r[5], r[6]) for r in ws.iter_rows(min_row=3, values_only=True)]
    assert got == expected
    assert all(r[7] in (None, "") for r in ws.iter_rows(min_row=3, values_only=True))  # signature column empty
    # printed as a register: A4 landscape, fitted to the width, the heading row on every page, room to sign
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$2:$2" and ws.row_dimensions[3].height >= 30

    book = Document(sample_year / "noi-nhan-2018.docx")
    assert book.sections[0].page_width > book.sections[0].page_height  # landscape
    table = book.tables[0]
    assert [norm(c.text) for c in table.rows[0].cells] == heads
    names = [norm(row.cells[5].text) for row in table.rows[1:]]
    assert names == [name for _, name, _ in expected]
    # every row says whose document it is (number, date, type and subject), so a page that starts
    # inside a document's rows still names it
    assert norm(table.rows[1].cells[2].text) == norm(table.rows[2].cells[2].text) == "28-KH/ĐU"
    assert all(norm(row.cells[4].text) for row in table.rows[1:])
    assert norm(table.rows[2].cells[4].text) == norm(table.rows[1].cells[4].text) != ""
    # the form's signature cells: at least 35 mm wide and 12 mm high
    sign = table.rows[1].cells[7]
    assert sign.width.mm >= 35 - 0.1
    height = table.rows[1]._tr.trPr.find(qn("w:trHeight"))
    assert int(height.get(qn("w:val"))) >= Mm(12).twips - 1 and height.get(qn("w:hRule")) == "atLeast"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
