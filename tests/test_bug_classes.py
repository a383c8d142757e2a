"""Bugs a clerk would suffer that once passed the whole suite (issue 27): each test here fails
when its bug is planted back (the mutation is named in the test) and passes on the correct code.

Expected values are reasoned from the data, never read back from the code under test."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from lxml import etree

from conftest import REPO, run
from docx_read import NBSP, body_texts, find_in_tables, norm, visible
from test_bad_input import edit
from vanban.data.load import load_organisation
from vanban.data.profiles import load_profile
from vanban.issuing.register import series
from vanban.office import Office
from vanban.project import Project
from vanban.text import vietnamese as vi

PLAN = "output/2018/ke-hoach-28-kh-du.docx"


def measured(root: Path, period: str = "6-thang") -> dict:
    """What the report of *period* measures for the sample plan's one quota kind (not rendered)."""
    docs, _ = Office(Project(root)).year(2018).prepared("bao-cao", period=period)
    return docs[0].context["chi_tieu"][0]


def cells_of(doc) -> list[str]:
    return [norm(c.text) for t in doc.tables for row in t.rows for c in row.cells]


# --------------------------------------------------------------------------
# Copies: a group's so_ban (mutation: _line_copies counting one copy a unit)


def test_a_group_sending_two_copies_to_each_unit_counts_them_in_the_archive_line_and_the_book(project):
    # every branch of «cac_chi_bo» (13) gets 2 copies: 1 + 1 + 12 + 13 × 2 + 1 archive = 41
    edit(project / "data/don-vi.yaml", "{id: cac_chi_bo, ten: Chi bộ, nhom: don_vi, hien_so: true}",
         "{id: cac_chi_bo, ten: Chi bộ, nhom: don_vi, hien_so: true, so_ban: 2}")
    edit(project / "data/2018/ke-hoach.yaml", "so_ban: 28", "so_ban: 41")
    for kind in ("ke-hoach", "noi-nhan"):
        result = run(project, "build", kind, "2018")
        assert result.exit_code == 0, result.output
    doc = Document(project / PLAN)
    assert find_in_tables(doc, lambda s: s == "- 13/13 Chi bộ;")
    assert find_in_tables(doc, lambda s: s == "- Lưu VT, 41b.")
    # the delivery book: each branch signs for its 2 copies of the plan
    ws = openpyxl.load_workbook(project / "output/2018/noi-nhan-2018.xlsx").active
    plan_rows = [(r[5], r[6]) for r in ws.iter_rows(min_row=3, values_only=True) if r[2] == "28-KH/ĐU"]
    branches = [(name, copies) for name, copies in plan_rows if str(name).startswith("Chi bộ")]
    assert len(branches) == 13 and {copies for _, copies in branches} == {2}
    assert sum(copies for _, copies in plan_rows) == 40  # every copy but the archive's


# --------------------------------------------------------------------------
# Numbering: a Party document's number series runs through the committee's term


def test_a_new_term_starts_a_new_number_series(tmp_path):
    org, _ = load_organisation(Project(REPO))  # terms 2015-2020 from 1 July 2015, 2020-2025 from 1 July 2020
    dang, state = load_profile("dang"), load_profile("nha_nuoc")
    last_old, first_new = dt.date(2020, 6, 30), dt.date(2020, 7, 1)
    old = series(dang, org, "ke_hoach", last_old, 2020)
    assert old == series(dang, org, "ke_hoach", dt.date(2016, 1, 5), 2016)  # one series through the term
    assert old == series(dang, org, "ke_hoach", dt.date(2019, 12, 31), 2019)  # not restarted each year
    new = series(dang, org, "ke_hoach", first_new, 2020)
    assert new != old and "2020-2025" in new and "2015-2020" in old
    assert series(dang, org, "ke_hoach", None, 2021) == new  # a draft of 2021 belongs to the new term
    assert series(dang, org, "bao_cao", first_new, 2020) != new  # one series per document type
    # a State body numbers by calendar year
    assert series(state, org, "ke_hoach", dt.date(2020, 12, 31), 2020) == "2020"
    assert series(state, org, "ke_hoach", dt.date(2021, 1, 1), 2021) == "2021"


# --------------------------------------------------------------------------
# Reports: what a unit's result is measured against


def test_reaching_the_top_of_a_range_is_met_not_exceeded(project):
    # 6-thang introduced: ap_cho 3, ap_can_cu 2, ap_ben_do 2. Ranges «01-02»: 2 is the top (met), 3 is past it
    plan = project / "data/2018/ke-hoach.yaml"
    edit(plan, "{don_vi: ap_cho, so_luong: 2}", '{don_vi: ap_cho, so_luong: "01-02"}')
    edit(plan, "{don_vi: ap_can_cu, so_luong: 2}", '{don_vi: ap_can_cu, so_luong: "01-02"}')
    edit(plan, "tong_so: 17", "tong_so: 15")
    m = measured(project)
    assert m["vuot"] == "Chi bộ ấp Chợ"
    assert m["dat"].startswith("Chi bộ ấp Căn cứ, Bến Đò") and m["so_vuot"] == 1
    assert m["theo_toi_thieu"]  # the report says ranges are measured against their minimum


def test_a_range_total_is_written_as_a_range(tmp_path):
    # examples/huyen-uy: tong_so «255-321», the sum of its units' ranges
    root = tmp_path / "p"
    for part in ("data", "templates"):
        import shutil

        shutil.copytree(REPO / "examples/huyen-uy" / part, root / part)
    for kind in ("ke-hoach", "bao-cao"):
        result = run(root, "build", kind, "2024")
        assert result.exit_code == 0, result.output
    plan = next((root / "output/2024").glob("ke-hoach-*.docx"))
    text = " ".join(body_texts(Document(plan)) + cells_of(Document(plan)))
    assert "255-321" in text
    for report in (root / "output/2024").glob("bao-cao-*.docx"):
        total_row = next(t.rows[-1] for t in Document(report).tables if norm(t.rows[0].cells[0].text) == "STT")
        assert [norm(c.text) for c in total_row.cells][1:3] == ["Tổng cộng", "255-321"], report.name


def test_a_unit_both_allocated_and_leading_is_measured_against_its_allocation(project):
    # Công an leads «ít nhất 01» (III.3) and is now also allocated 2; it introduced 1 by 6-thang:
    # short of its own 2, whatever it leads
    plan = project / "data/2018/ke-hoach.yaml"
    edit(plan, "      - {don_vi: co_quan, so_luong: 1, it_nhat: false}",
         "      - {don_vi: co_quan, so_luong: 1, it_nhat: false}\n      - {don_vi: cong_an, so_luong: 2}")
    edit(plan, "tong_so: 17", "tong_so: 19")
    m = measured(project)
    assert "Công an" in m["chua_dat"] and "Công an" not in m["dat"]
    assert m["chu_tri"] == "Chi bộ Quân sự"  # the only unit measured by what it leads
    result = run(project, "build", "bao-cao", "2018", "--ky", "6-thang")
    assert result.exit_code == 0, result.output
    rows = {norm(r.cells[1].text): [norm(c.text) for c in r.cells]
            for t in Document(project / "output/2018/bao-cao-32-bc-du-6-thang.docx").tables for r in t.rows}
    assert rows["Chi bộ Công an"][2] == "ít nhất 02" and rows["Chi bộ Công an"][-1] == "50,0%"


# --------------------------------------------------------------------------
# Dates: a plan of 2018 is issued in 2018 or from 1 October 2017


@pytest.mark.parametrize("date, accepted", [("2017-09-30", False), ("2017-10-01", True), ("2018-12-31", True),
                                            ("2019-01-01", False)])
def test_the_window_of_a_plans_date_starts_on_1_october_of_the_year_before(project, date, accepted):
    edit(project / "data/2018/ke-hoach.yaml", "ngay: 2018-01-05", f"ngay: {date}")
    result = run(project, "build", "ke-hoach", "2018")
    shown = vi.short_date(dt.date.fromisoformat(date))
    if accepted:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2, result.output
        assert f"ngày ban hành {shown} không hợp với kế hoạch năm 2018" in result.output


# --------------------------------------------------------------------------
# No-break rules, read with a reader that keeps no-break spaces visible


def test_a_month_is_joined_to_its_number_and_a_date_still_breaks_between_its_parts(built_plan):
    doc = Document(built_plan)
    cites = [visible(p) for p in doc.paragraphs if norm(p.text).startswith("Căn cứ Hướng dẫn số 01-HD/TW")]
    assert cites, body_texts(doc)
    line = cites[0]
    assert f"ngày{NBSP}20 tháng{NBSP}9 năm{NBSP}2016" in line  # each label with its number
    assert f"20{NBSP}tháng" not in line and f"9{NBSP}năm" not in line  # and breakable between them
    assert f"số{NBSP}01\u2011HD/TW" in line  # «số» with its number, a no-break hyphen in the symbol


# --------------------------------------------------------------------------
# The workbook: a row names its parent row


def test_a_row_whose_parent_row_is_0_is_refused_not_attached_to_the_last_parent(project):
    assert run(project, "excel", "xuat", "2018").exit_code == 0
    book = project / "data/2018/du-lieu-2018.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["ke-hoach · Phân bổ"]  # row 1 the titles, row 2 the keys, the data from row 3
    assert str(ws["A1"].value).endswith("(STT)") and ws["A2"].value == "#chi_tieu" and ws["A3"].value == 1
    ws["A3"] = 0
    wb.save(book)
    before = (project / "data/2018/ke-hoach.yaml").read_bytes()
    result = run(project, "excel", "nhap", "2018")
    assert result.exit_code != 0, result.output
    assert "ke-hoach · Phân bổ!A3: «0» không phải STT của một dòng" in result.output, result.output
    assert (project / "data/2018/ke-hoach.yaml").read_bytes() == before


# --------------------------------------------------------------------------
# The checker: a number under 10 has its leading zero


@pytest.mark.parametrize("number, flagged", [("9", True), ("09", False), ("10", False), ("1", True)])
def test_the_checker_flags_a_number_under_10_without_its_zero(built_plan, tmp_path, number, flagged):
    from vanban.the_thuc import check

    doc = Document(built_plan)
    p = next(p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
             if norm(p.text) == "Số 28-KH/ĐU")
    p.runs[0].text = f"Số {number}-KH/ĐU"
    for r in p.runs[1:]:
        r.text = ""
    path = tmp_path / "so.docx"
    doc.save(path)
    _, issues = check(path, path.name, use_pdf=False)
    under_ten = [i for i in issues if i.rule == "TT07" and "số dưới 10" in i.message]
    assert bool(under_ten) == flagged, issues
    if flagged:
        assert f"viết «0{number}»" in under_ten[0].hint


# --------------------------------------------------------------------------
# Number words


@pytest.mark.parametrize("n, words", [
    (1_000_000_000, "một tỷ"),
    (2_018_000_000, "hai tỷ không trăm mười tám triệu"),
    (1_234_567_890, "một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi"),
    (5_000_000_000_000, "năm nghìn tỷ"),
    (3_000_000_000_000_000_000, "ba tỷ tỷ"),
])
def test_billions_are_read_with_ty(n, words):
    assert vi.number_words(n) == words


# --------------------------------------------------------------------------
# Bounds: a whole document stops at 50 million characters


def test_a_document_stops_at_fifty_million_characters_not_before():
    from jinja2.sandbox import SecurityError

    from vanban.rendering.bounds import BoundedEnvironment

    env = BoundedEnvironment()
    chunk = "{{ 'x' * 999999 }}"  # within the limit of one expression (1.000.000)
    assert len(env.from_string(f"{{% for i in range(45) %}}{chunk}{{% endfor %}}").render()) == 45 * 999999
    with pytest.raises(SecurityError, match="quá 50.000.000 ký tự"):
        env.from_string(f"{{% for i in range(51) %}}{chunk}{{% endfor %}}").render()


# --------------------------------------------------------------------------
# Escaping: a name with «&» or «<» is text in the DOCX, whether or not LibreOffice is there


def test_markup_characters_in_data_are_escaped_in_every_part(project):
    edit(project / "data/don-vi.yaml", "{id: ap_cho, loai: ap, ten: Chợ}", "{id: ap_cho, loai: ap, ten: Chợ & <Mới>}")
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 0, result.output
    path = project / PLAN
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(zf.read(name))  # every part is well-formed XML
    text = " ".join(body_texts(Document(path)) + cells_of(Document(path)))
    assert "Chợ & <Mới>" in text
