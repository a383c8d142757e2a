"""The rules of a progress report's data (documents/bao_cao.py check, report_periods,
period_context): each wrong fact refused at its line with what to change, each boundary
on the side the rule puts it."""

from __future__ import annotations

import pytest

from conftest import run
from test_bad_input import edit
from test_bug_classes import measured

FACTS = "  6-thang: {so: 32, ngay: 2018-07-05}"


def build(project, *args):
    return run(project, "build", "bao-cao", "2018", *args)


@pytest.mark.parametrize("facts, message", [
    ("  quy-5: {so: 33, ngay: 2018-07-05}", "«quy-5» không phải một kỳ báo cáo"),
    ("  6-thang: {so: 32, ngay: 2018-05-31}", "báo cáo kỳ «6-thang» ghi ngày trước khi kỳ kết thúc"),
    ("  6-thang: {so: 32, ngay: 2020-07-05}", "báo cáo kỳ «6-thang» của năm 2018 ghi ngày năm 2020"),
    ("  6-thang: {so: 32, ngay: 2017-07-05}", "báo cáo kỳ «6-thang» ghi ngày trước khi kỳ kết thúc"),
    ("  6-thang: {so: 31, ngay: 2018-07-05}", "số 31 đã dùng cho báo cáo kỳ «quy-1»"),
])
def test_wrong_report_facts_are_refused_at_their_line(project, facts, message):
    edit(project / "data/2018/bao-cao.yaml", FACTS, facts)
    result = build(project, "--ky", "quy-1")
    assert result.exit_code == 2, result.output
    assert message in result.output and "data/2018/bao-cao.yaml:" in result.output
    assert not (project / "output/2018").exists() or not list((project / "output/2018").iterdir())


@pytest.mark.parametrize("date", ["2018-06-01", "2018-06-30", "2019-01-10"])
def test_a_report_dated_in_its_periods_last_month_or_the_next_year_is_accepted(project, date):
    edit(project / "data/2018/bao-cao.yaml", FACTS, f"  6-thang: {{so: 32, ngay: {date}}}")
    result = build(project, "--ky", "6-thang")
    assert result.exit_code == 0, result.output


def test_a_quota_kind_without_its_measuring_stage_is_named(project):
    edit(project / "data/don-vi.yaml", "don_vi_tinh: nguồn, do_bang: gioi_thieu,", "don_vi_tinh: nguồn,")
    result = build(project, "--ky", "6-thang")
    assert result.exit_code == 2, result.output
    assert "loại chỉ tiêu «tao_nguon» chưa ghi giai đoạn đo kết quả (do_bang)" in result.output
    assert "loai_chi_tieu.tao_nguon" in result.output


def test_a_period_without_facts_needs_a_draft_and_without_data_is_named(project):
    edit(project / "data/2018/bao-cao.yaml", FACTS + "\n", "")
    result = build(project, "--ky", "6-thang")
    assert result.exit_code == 2 and "báo cáo kỳ «6-thang» chưa có số hoặc ngày" in result.output
    assert build(project, "--ky", "6-thang", "--du-thao").exit_code == 0
    result = build(project, "--ky", "nam")
    assert result.exit_code == 2
    assert "chưa có số liệu tiến độ kỳ «nam» năm 2018 (có: quy-1, 6-thang)" in result.output


def test_without_a_period_every_period_with_data_and_facts_is_built_and_none_is_named(project):
    edit(project / "data/2018/bao-cao.yaml", "  quy-1: {so: 31, ngay: 2018-04-03}\n", "")
    result = build(project)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "output/2018").glob("bao-cao-*")) == ["bao-cao-32-bc-du-6-thang.docx"]
    edit(project / "data/2018/bao-cao.yaml", FACTS + "\n", "")
    edit(project / "data/2018/bao-cao.yaml", "ky:  ", "ky: {}  ")
    result = build(project)
    assert result.exit_code == 2 and "chưa có kỳ nào có cả số liệu tiến độ và số, ngày báo cáo" in result.output


def test_a_report_dated_before_its_period_ends_counts_to_its_own_date(project):
    from docx import Document

    from docx_read import body_texts

    edit(project / "data/2018/bao-cao.yaml", FACTS, "  6-thang: {so: 32, ngay: 2018-06-20}")
    assert build(project, "--ky", "6-thang").exit_code == 0
    text = " ".join(body_texts(Document(project / "output/2018/bao-cao-32-bc-du-6-thang.docx")))
    assert "đến ngày 20 tháng 6" in text and "đến ngày 30 tháng 6" not in text


def test_the_measure_of_each_unit(project):
    # 6-thang introduced (the measuring stage): ap_cho 3 of «ít nhất 02» exceeds, ap_can_cu 2 meets,
    # ap_nghia_huan 1 falls short; 16 of the 17 allocated: 94,1%
    m = measured(project)
    assert (m["so_vuot"], m["so_dat"], m["so_chua_dat"]) == (1, 7, 3)
    assert (m["tong_so"], m["ket_qua"], m["ty_le"], m["muc_tinh"]) == (17, 16, "94,1%", "17")
    assert m["giai_doan"] == "Quần chúng ưu tú được giới thiệu" and m["don_vi_tinh"] == "nguồn"
    assert m["liet_ke"] == {"vuot": True, "dat": True, "chua_dat": True} and m["thuoc"] == ""
    assert m["ten"] == "tạo nguồn" and m["ten_ngan"] == "tạo nguồn" and m["khong_phan_bo"] == 0
    assert not m["theo_toi_thieu"]
