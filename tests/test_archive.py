"""Issuing and the archive: register, numbering, manifest, PDF/A, verification."""

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, run
from test_bad_input import edit

YEAR = "2018"


def register(root: Path) -> list[dict]:
    with (root / "data/so-van-ban-di.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def archive(root: Path) -> Path:
    return root / "output" / YEAR / "luu-vt"


def snapshot(root: Path) -> dict:
    files = {p: p.read_bytes() for p in archive(root).iterdir()}
    files[root / "data/so-van-ban-di.csv"] = (root / "data/so-van-ban-di.csv").read_bytes()
    return files


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """The sample year issued once, DOCX and PDF/A (the module's tests only read it)."""
    root = tmp_path_factory.mktemp("issue") / "proj"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    result = run(root, "phat-hanh", YEAR, "--zip")
    assert result.exit_code == 0, result.output
    return root, result.output


def test_issue_writes_files_manifest_and_register_that_agree(issued):
    root, output = issued
    rows = register(root)
    assert len(rows) == 18  # 1 plan + 15 letters + 2 reports
    manifest = json.loads((archive(root) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vanban"] and manifest["nam"] == 2018
    for row in rows:
        docx = archive(root) / row["tep"]
        data = docx.read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"] == manifest["tep"][row["tep"]]["sha256"]
        assert manifest["tep"][row["tep"]]["size"] == len(data)
        assert manifest["tep"][row["tep"]]["so_ky_hieu"] == row["so_ky_hieu"]
        sources = manifest["tep"][row["tep"]]["du_lieu"]
        assert "data/don-vi.yaml" in sources and all(len(h) == 64 for h in sources.values())
        kind = row["khoa"].split("/")[1]
        assert list(manifest["tep"][row["tep"]]["mau"]) == [f"templates/docx/{kind}.docx"]
    plan = next(r for r in rows if r["khoa"] == "2018/ke-hoach")
    assert plan["so_ky_hieu"] == "28-KH/ĐU" and plan["so_ban"] == "28" and "13/13 Chi bộ" in plan["noi_nhan"]
    assert "Đã phát hành: 28-KH/ĐU" in output
    assert (root / "output" / YEAR / "luu-vt-2018.zip").is_file()


def test_numbers_are_contiguous_per_series(issued):
    root, _ = issued
    series = {}
    for row in register(root):
        series.setdefault(row["chuoi"], []).append(int(row["so"]))
    assert set(series) == {"KH|2015-2020", "TB|2015-2020", "BC|2015-2020"}
    for numbers in series.values():
        assert sorted(numbers) == list(range(min(numbers), min(numbers) + len(numbers)))


def test_outgoing_register_has_the_decree_columns(issued):
    root, _ = issued
    ws = openpyxl.load_workbook(archive(root) / "so-dang-ky-van-ban-di-2018.xlsx").active
    assert [c.value for c in ws[2]] == ["STT", "Số, ký hiệu văn bản", "Ngày tháng văn bản",
                                        "Tên loại và trích yếu nội dung văn bản", "Người ký", "Nơi nhận văn bản",
                                        "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ghi chú"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 18
    assert rows[0][1:5] == ("28-KH/ĐU", "05/01/2018", "Kế hoạch tạo nguồn phát triển đảng năm 2018", "Nguyễn Văn An")
    assert rows[0][7] == 28


def test_pdfs_are_pdf_a_and_carry_the_header(libreoffice, issued):
    from pypdf import PdfReader
    from vanban.pdf import pdf_text

    root, _ = issued
    pdfs = sorted(archive(root).glob("*.pdf"))
    assert len(pdfs) == 18
    for pdf in pdfs:
        xmp = PdfReader(pdf).xmp_metadata
        assert xmp is not None
        part = xmp.rdf_root.getElementsByTagNameNS("http://www.aiim.org/pdfa/ns/id/", "part")
        value = part[0].firstChild.data if part else None
        if value is None:  # stored as an attribute of rdf:Description
            descs = xmp.rdf_root.getElementsByTagNameNS("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description")
            value = next(d.getAttributeNS("http://www.aiim.org/pdfa/ns/id/", "part") for d in descs
                         if d.hasAttributeNS("http://www.aiim.org/pdfa/ns/id/", "part"))
        assert value == "2"
        text = " ".join(pdf_text(pdf).split())
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "ĐẢNG ỦY XÃ TÂN THẠCH" in text


def test_verify_clean_archive(issued):
    root, _ = issued
    result = run(root, "luu-tru", "kiem-tra", YEAR)
    assert result.exit_code == 0, result.output
    assert "nguyên vẹn" in result.output


@pytest.fixture
def fresh(project):
    result = run(project, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 0, result.output
    return project


def test_issue_again_changes_nothing(fresh):
    before = snapshot(fresh)
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 0, result.output
    assert "Không có gì thay đổi: 18 văn bản đã phát hành" in result.output
    after = snapshot(fresh)
    assert after == before
    assert {p: p.stat().st_mtime_ns for p in after} == mtimes


def test_changed_data_is_refused_naming_the_document(fresh):
    edit(fresh / "data/2018/tien-do.yaml",
         "  ap_cho:          {gioi_thieu: 2, hoc_nhan_thuc: 0, tham_tra: 0, ket_nap: 0}",
         "  ap_cho:          {gioi_thieu: 1, hoc_nhan_thuc: 0, tham_tra: 0, ket_nap: 0}")
    before = snapshot(fresh)
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 2
    assert "văn bản 31-BC/ĐU (2018/bao-cao/quy-1) đã phát hành" in result.output
    assert "--thay-the 31-BC/ĐU" in result.output
    assert snapshot(fresh) == before


def test_replacement_takes_a_new_number(fresh):
    edit(fresh / "data/2018/tien-do.yaml",
         "  ap_cho:          {gioi_thieu: 2, hoc_nhan_thuc: 0, tham_tra: 0, ket_nap: 0}",
         "  ap_cho:          {gioi_thieu: 1, hoc_nhan_thuc: 0, tham_tra: 0, ket_nap: 0}")
    # the data still gives the old number: refused, the old number is never reused
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf", "--thay-the", "31-BC/ĐU")
    assert result.exit_code == 2 and "số cũ của chính văn bản này" in result.output
    edit(fresh / "data/2018/bao-cao.yaml", "quy-1: {so: 31, ngay: 2018-04-03}", "quy-1: {ngay: 2018-04-03}")
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf", "--thay-the", "31-BC/ĐU")
    assert result.exit_code == 0, result.output
    rows = register(fresh)
    old = next(r for r in rows if r["so_ky_hieu"] == "31-BC/ĐU")
    new = next(r for r in rows if r["so_ky_hieu"] == "33-BC/ĐU")
    assert old["ghi_chu"] == "bị thay thế bởi 33-BC/ĐU" and new["ghi_chu"] == "thay thế 31-BC/ĐU"
    assert (archive(fresh) / old["tep"]).is_file() and (archive(fresh) / new["tep"]).is_file()
    assert run(fresh, "luu-tru", "kiem-tra", YEAR).exit_code == 0


def test_blank_numbers_take_the_next_free_one(project):
    edit(project / "data/2018/ke-hoach.yaml", "so: 28 ", "so: ")
    edit(project / "data/2018/thong-bao.yaml", "so_bat_dau: 12 ", "# so_bat_dau: 12 ")
    result = run(project, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 0, result.output
    rows = {r["khoa"]: r for r in register(project)}
    assert rows["2018/ke-hoach"]["so_ky_hieu"] == "01-KH/ĐU"
    letters = sorted(int(r["so"]) for k, r in rows.items() if k.startswith("2018/thong-bao/"))
    assert letters == list(range(1, 16))
    # the letters cite the plan by the number the register gave it
    from docx import Document
    doc = Document(archive(project) / rows["2018/thong-bao/ap_cho"]["tep"])
    assert any("Kế hoạch số 01-KH/ĐU ngày 05 tháng 01 năm 2018" in p.text for p in doc.paragraphs)


def test_a_data_number_already_taken_is_refused(fresh):
    shutil.copytree(fresh / "data/2018", fresh / "data/2019")
    for name in ("tien-do.yaml", "bao-cao.yaml", "thong-bao.yaml"):
        (fresh / "data/2019" / name).unlink()
    moved_on(fresh / "data/2019/ke-hoach.yaml")
    result = run(fresh, "phat-hanh", "2019", "--khong-pdf")
    assert result.exit_code == 2
    assert "số 28 của ke-hoach không dùng được: đã cấp cho 28-KH/ĐU (2018/ke-hoach)" in result.output


def moved_on(plan: Path) -> None:
    """A copied plan whose dates and texts are those of 2019 (the number is left as it was)."""
    text = plan.read_text(encoding="utf-8")
    for old, new in (("ngay: 2018-01-05", "ngay: 2019-01-05"), ("năm 2018", "năm 2019"),
                     ("han: 2018-06-15", "han: 2019-06-15"), ("han: 2018-11-15", "han: 2019-11-15")):
        text = text.replace(old, new)
    plan.write_text(text, encoding="utf-8")


def test_verify_reports_missing_extra_and_altered(fresh):
    folder = archive(fresh)
    with (folder / "thong-bao-12-tb-du-ap-cho.docx").open("ab") as fh:
        fh.write(b"x")
    (folder / "thong-bao-13-tb-du-ap-can-cu.docx").unlink()
    (folder / "ghi-chu.txt").write_text("?", encoding="utf-8")
    result = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert result.exit_code == 1
    assert "BỊ SỬA: thong-bao-12-tb-du-ap-cho.docx" in result.output
    assert "THIẾU: thong-bao-13-tb-du-ap-can-cu.docx" in result.output
    assert "LẠ: ghi-chu.txt" in result.output


def test_issued_file_is_never_overwritten(fresh):
    # a stray file where a new document would go
    edit(fresh / "data/2018/bao-cao.yaml", "  6-thang: {so: 32, ngay: 2018-07-05}",
         "  6-thang: {so: 32, ngay: 2018-07-05}\n  9-thang: {so: 40, ngay: 2018-10-04}")
    edit(fresh / "data/2018/tien-do.yaml", "\n6-thang:\n", "\n9-thang:\n" + "\n".join(
        f"  {b}: {{gioi_thieu: 3, hoc_nhan_thuc: 2, tham_tra: 1, ket_nap: 1}}" for b in
        ["ap_cho", "ap_can_cu", "ap_nghia_huan", "ap_ben_do", "ap_cai_chot", "ap_cai_tac", "truong_mam_non",
         "truong_tieu_hoc", "co_quan", "cong_an", "quan_su", "truong_thcs", "tram_y_te"]) + "\n6-thang:\n")
    stray = archive(fresh) / "bao-cao-40-bc-du-9-thang.docx"
    stray.write_bytes(b"someone else's file")
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 2 and "không ghi đè" in result.output
    assert stray.read_bytes() == b"someone else's file"


def test_without_libreoffice_docx_issuing_still_works(project, monkeypatch):
    import vanban.pdf

    monkeypatch.setattr(vanban.pdf, "soffice", lambda: None)
    result = run(project, "phat-hanh", YEAR)
    assert result.exit_code == 0, result.output
    assert "Chưa tạo được PDF/A" in result.output and "apt-get install -y libreoffice-writer-nogui" in result.output
    assert len(list(archive(project).glob("*.docx"))) == 18 and not list(archive(project).glob("*.pdf"))


def test_draft_consumes_no_number(project):
    result = run(project, "build", "ke-hoach", YEAR, "--du-thao")
    assert result.exit_code == 0
    assert not (project / "data/so-van-ban-di.csv").exists()


def test_concurrent_issuing_never_duplicates_a_number(project):
    """Two processes issue two years at once, every number left blank, each holding
    the register open for a second: the lock must serialise them."""
    shutil.copytree(project / "data/2018", project / "data/2019")
    for year in ("2018", "2019"):
        folder = project / "data" / year
        for name in ("tien-do.yaml", "bao-cao.yaml"):
            (folder / name).unlink()
        edit(folder / "ke-hoach.yaml", "so: 28 ", "so: ")
        edit(folder / "thong-bao.yaml", "so_bat_dau: 12 ", "# so_bat_dau: 12 ")
    moved_on(project / "data/2019/ke-hoach.yaml")
    text = (project / "data/2019/thong-bao.yaml").read_text(encoding="utf-8")
    (project / "data/2019/thong-bao.yaml").write_text(
        text.replace("ngay: 2018-01-10", "ngay: 2019-01-10").replace("năm 2018", "năm 2019"), encoding="utf-8")
    env = dict(os.environ, VANBAN_ISSUE_PAUSE="1.5")
    procs = [subprocess.Popen([sys.executable, "-m", "vanban", "phat-hanh", year, "--khong-pdf", "--thu-muc",
                               str(project)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for year in ("2018", "2019")]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    rows = register(project)
    assert len(rows) == 32
    for chain in ("KH|2015-2020", "TB|2015-2020"):
        numbers = [int(r["so"]) for r in rows if r["chuoi"] == chain]
        assert len(numbers) == len(set(numbers)), numbers
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
