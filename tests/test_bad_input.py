"""Bad input: a clear message with file:line, exit status 2, and nothing written."""

import hashlib
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from conftest import run
from docx_read import body_texts

OUT = Path("output") / "2018" / "ke-hoach-28-kh-du.docx"


@pytest.fixture
def built(project):
    """A project whose plan has been built once; returns (root, digest of the output)."""
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 0, result.output
    return project, hashlib.sha256((project / OUT).read_bytes()).hexdigest()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def fails_unchanged(root: Path, digest: str):
    result = run(root, "build", "ke-hoach", "2018")
    assert result.exit_code == 2, result.output
    assert hashlib.sha256((root / OUT).read_bytes()).hexdigest() == digest
    assert not list((root / "output" / "2018").glob(".vanban-*")), "temporary files left behind"
    return result.output


def test_malformed_yaml(built):
    root, digest = built
    plan = root / "data/2018/ke-hoach.yaml"
    edit(plan, "  - [hd_03_btchu]", "  - [hd_03_btchu")
    out = fails_unchanged(root, digest)
    assert "data/2018/ke-hoach.yaml:" in out and "cú pháp YAML" in out


def test_wrong_type_names_file_line_and_key(built):
    root, digest = built
    plan = root / "data/2018/ke-hoach.yaml"
    edit(plan, "tong_so: 17", "tong_so: mười bảy")
    out = fails_unchanged(root, digest)
    assert f"data/2018/ke-hoach.yaml:{line_of(plan, 'tong_so:')}" in out
    assert "«tong_so» phải là số nguyên" in out


def test_unknown_branch_in_allocation(built):
    root, digest = built
    plan = root / "data/2018/ke-hoach.yaml"
    edit(plan, "{don_vi: ap_cai_tac, so_luong: 2}", "{don_vi: ap_cai_tacc, so_luong: 2}")
    out = fails_unchanged(root, digest)
    assert f"data/2018/ke-hoach.yaml:{line_of(plan, 'ap_cai_tacc')}" in out
    assert "chi bộ «ap_cai_tacc» không có trong danh sách don_vi" in out
    assert "(có phải «ap_cai_tac»?)" in out


def test_total_mismatch(built):
    root, digest = built
    plan = root / "data/2018/ke-hoach.yaml"
    edit(plan, "tong_so: 17", "tong_so: 18")
    out = fails_unchanged(root, digest)
    assert f"data/2018/ke-hoach.yaml:{line_of(plan, 'tong_so:')}" in out
    assert "tổng số 18 không bằng tổng phân bổ cho các chi bộ (17)" in out
    assert "khong_phan_bo" in out  # the way to declare a total only partly broken down


def test_all_errors_of_a_run_are_reported_together(built):
    root, digest = built
    plan = root / "data/2018/ke-hoach.yaml"
    edit(plan, "tong_so: 17", "tong_so: 18")
    edit(plan, "{don_vi: ap_cho, so_luong: 2}", "{don_vi: ap_khong_co, so_luong: 2}")
    edit(plan, "nguoi_ky: bi_thu", "nguoi_ky: chu_tich")
    out = fails_unchanged(root, digest)
    assert "3 vấn đề" in out
    assert "ap_khong_co" in out and "tổng số 18" in out and "chu_tich" in out


def test_errors_in_two_files_are_reported_together(built):
    root, digest = built
    edit(root / "data/don-vi.yaml", "luu_so_ban: 1 ", "luu_so_ban: một ")
    edit(root / "data/2018/ke-hoach.yaml", "so: 28 ", "so: hai tám ")
    out = fails_unchanged(root, digest)
    assert "data/don-vi.yaml:" in out and "data/2018/ke-hoach.yaml:" in out


def test_a_document_cited_twice_with_two_dates_is_rejected(built):
    root, digest = built
    plan = root / "data/2018/ke-hoach.yaml"
    edit(plan, "  - id: nq_dai_hoi\n", "  - id: hd_01_tw_lan_2\n    loai: Hướng dẫn\n    so_ky_hieu: 01-HD/TW\n"
         "    ngay: 2017-06-29\n    co_quan: Ban Bí thư\n  - id: nq_dai_hoi\n")
    out = fails_unchanged(root, digest)
    assert "01-HD/TW được khai hai lần" in out and "20/09/2016" in out and "29/06/2017" in out


def test_issue_date_outside_the_plan_year(built):
    root, digest = built
    edit(root / "data/2018/ke-hoach.yaml", "ngay: 2018-01-05", "ngay: 2015-01-05")
    out = fails_unchanged(root, digest)
    assert "không hợp với kế hoạch năm 2018" in out


def test_unknown_key_is_reported(built):
    root, digest = built
    edit(root / "data/2018/ke-hoach.yaml", "nhiem_ky: 2015-2020", "nhiem_ky: 2015-2020\nnhiem_ki: 2015-2020")
    out = fails_unchanged(root, digest)
    assert "mục «nhiem_ki» không được biết đến" in out


def test_missing_template_variable_names_it_and_the_template(built):
    root, digest = built
    tpl = root / "templates/docx/ke-hoach.docx"
    doc = Document(tpl)
    doc.add_paragraph("Hạn chót: {{ han_chot_khong_co }}")
    doc.save(tpl)
    out = fails_unchanged(root, digest)
    assert "templates/docx/ke-hoach.docx" in out and "han_chot_khong_co" in out


def test_missing_attribute_in_template_is_an_error_not_a_gap(built):
    root, digest = built
    tpl = root / "templates/docx/ke-hoach.docx"
    doc = Document(tpl)
    doc.add_paragraph("{{ trich_dan.khong_co }}")
    doc.save(tpl)
    out = fails_unchanged(root, digest)
    assert "templates/docx/ke-hoach.docx" in out and "khong_co" in out


def test_broken_template_file(built):
    root, digest = built
    (root / "templates/docx/ke-hoach.docx").write_bytes(b"not a word document")
    out = fails_unchanged(root, digest)
    assert "templates/docx/ke-hoach.docx" in out and "không phải tài liệu Word" in out


def test_nfd_text_is_normalised_not_rejected(project):
    org = project / "data/don-vi.yaml"
    text = org.read_text(encoding="utf-8")
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    org.write_text(nfd, encoding="utf-8")
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 0, result.output
    doc = Document(project / OUT)
    texts = body_texts(doc) + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert any("Chi bộ ấp Chợ, Căn cứ, Nghĩa Huấn" in t for t in texts)


def test_old_tone_placement_is_brought_to_the_office_style(project):
    edit(project / "data/don-vi.yaml", "{id: vp_huyen_uy, ten: VP Huyện ủy}", "{id: vp_huyen_uy, ten: VP Huyện uỷ}")
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 0, result.output
    doc = Document(project / OUT)
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "- VP Huyện ủy;" in cells and not any("uỷ" in c for c in cells)


def test_unknown_kind(project):
    result = run(project, "build", "khong-co", "2018")
    assert result.exit_code == 2 and "ke-hoach" in result.output


def test_draft_leaves_number_blank(project):
    result = run(project, "build", "ke-hoach", "2018", "--du-thao")
    assert result.exit_code == 0, result.output
    doc = Document(project / "output/2018/ke-hoach-du-thao.docx")
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "Số     -KH/ĐU" in cells


def test_a_number_not_yet_given_prints_blank(project):
    """The register gives numbers when issuing; until then a build prints the blank."""
    edit(project / "data/2018/ke-hoach.yaml", "so: 28 ", "so: ")
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 0, result.output
    doc = Document(project / "output/2018/ke-hoach-du-thao.docx")
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "Số     -KH/ĐU" in cells


def test_three_mistakes_of_three_kinds_are_reported_in_one_run(built):
    """A mistyped id, a wrong total and a date in the wrong form: all three at once, with a hint."""
    root, digest = built
    plan = root / "data/2018/ke-hoach.yaml"
    edit(plan, "{don_vi: ap_cai_tac, so_luong: 2}", "{don_vi: ap_cai_tacc, so_luong: 2}")
    edit(plan, "tong_so: 17", "tong_so: 18")
    edit(plan, "ngay: 2018-01-05", "ngay: 15/3/2018")
    out = fails_unchanged(root, digest)
    assert "3 vấn đề cần sửa trong 1 tệp" in out
    assert f"data/2018/ke-hoach.yaml:{line_of(plan, 'ngay: 15/3/2018')}: «ngay» không phải một ngày" in out
    assert "tổng số 18 không bằng tổng phân bổ" in out
    assert "«ap_cai_tacc»" in out and "(có phải «ap_cai_tac»?)" in out


def test_outside_a_project_folder(tmp_path):
    result = run(tmp_path, "build", "ke-hoach", "2018")
    assert result.exit_code == 2
    assert "không phải thư mục làm việc của vanban" in result.output and "--thu-muc" in result.output
