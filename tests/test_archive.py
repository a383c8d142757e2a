"""Issuing and the archive: register, numbering, an append-only self-verifying
manifest, PDF/A, a transaction that survives a kill at any step, tampering."""

import csv
import hashlib
import io
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from docx import Document

import faults
from conftest import REPO, run
from docx_read import find_in_tables, norm
from test_bad_input import edit

YEAR = "2018"


def register(root: Path) -> list[dict]:
    with (root / "data/so-van-ban-di.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def archive(root: Path) -> Path:
    return root / "output" / YEAR / "luu-vt"


def manifest(root: Path) -> dict:
    return json.loads((archive(root) / "manifest.json").read_text(encoding="utf-8"))


def snapshot(root: Path) -> dict:
    files = {p: p.read_bytes() for p in archive(root).iterdir()}
    files[root / "data/so-van-ban-di.csv"] = (root / "data/so-van-ban-di.csv").read_bytes()
    return files


def copy_sample(dest: Path) -> Path:
    shutil.copytree(REPO / "data", dest / "data")
    shutil.copytree(REPO / "templates", dest / "templates")
    return dest


@pytest.fixture(scope="module")
def issued(libreoffice, tmp_path_factory):
    """The sample year issued once, DOCX and PDF/A (the module's tests only read it): it needs
    LibreOffice (skipped without it, failed in CI); the tests that read no PDF use issued_docx."""
    root = copy_sample(tmp_path_factory.mktemp("issue") / "proj")
    result = run(root, "phat-hanh", YEAR, "--zip")
    assert result.exit_code == 0, result.output
    return root, result.output


@pytest.fixture
def fresh(issued_docx, tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(issued_docx, root)
    return root


def test_issue_writes_files_manifest_and_register_that_agree(issued):
    root, output = issued
    rows = register(root)
    assert len(rows) == 18  # 1 plan + 15 letters + 2 reports
    body = manifest(root)
    assert body["dinh_dang"] == 3 and body["nam"] == 2018
    runs = body["lan_phat_hanh"]
    assert len(runs) == 1 and runs[0]["vanban"] and runs[0]["lan"] == 1
    files = runs[0]["tep"]
    chain = hashlib.sha256(json.dumps(runs, sort_keys=True, ensure_ascii=False,
                                      separators=(",", ":")).encode("utf-8")).hexdigest()
    for row in rows:
        data = (archive(root) / row["tep"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"] == files[row["tep"]]["sha256"]
        assert files[row["tep"]]["size"] == len(data)
        assert files[row["tep"]]["so_ky_hieu"] == row["so_ky_hieu"]
        assert row["ban_ke"] == chain  # the register anchors the manifest
        sources = files[row["tep"]]["du_lieu"]
        assert "data/don-vi.yaml" in sources and all(len(h) == 64 for h in sources.values())
        kind = row["khoa"].split("/")[1]
        assert list(files[row["tep"]]["mau"]) == [f"templates/docx/{kind}.docx"]
        pdf = Path(row["tep"]).with_suffix(".pdf").name
        assert files[pdf]["sha256"] == hashlib.sha256((archive(root) / pdf).read_bytes()).hexdigest()
    xlsx = runs[0]["so_dang_ky"]
    assert hashlib.sha256((archive(root) / xlsx["tep"]).read_bytes()).hexdigest() == xlsx["sha256"]
    plan = next(r for r in rows if r["khoa"] == "2018/ke-hoach")
    assert plan["so_ky_hieu"] == "28-KH/ĐU" and plan["so_ban"] == "28" and "13/13 Chi bộ" in plan["noi_nhan"]
    assert "Đã phát hành: 28-KH/ĐU" in output and "Đã đóng gói" in output
    assert (root / "output" / YEAR / "luu-vt-2018.zip").is_file()
    assert not (root / "output" / YEAR / ".phat-hanh").exists()
    assert not list(archive(root).glob(".vanban-*"))


def test_numbers_are_contiguous_per_series(issued_docx):
    root = issued_docx
    series = {}
    for row in register(root):
        series.setdefault(row["chuoi"], []).append(int(row["so"]))
    assert set(series) == {"KH|2015-2020", "TB|2015-2020", "BC|2015-2020"}
    for numbers in series.values():
        assert sorted(numbers) == list(range(min(numbers), min(numbers) + len(numbers)))


def test_outgoing_register_has_the_decree_columns(issued_docx):
    root = issued_docx
    ws = openpyxl.load_workbook(archive(root) / "so-dang-ky-van-ban-di-2018.xlsx").active
    assert [c.value for c in ws[2]] == ["STT", "Số, ký hiệu văn bản", "Ngày tháng văn bản",
                                        "Tên loại và trích yếu nội dung văn bản", "Người ký", "Nơi nhận văn bản",
                                        "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận",
                                        "Ghi chú"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 18
    assert rows[0][1:5] == ("28-KH/ĐU", "05/01/2018", "Kế hoạch tạo nguồn phát triển đảng năm 2018", "Nguyễn Văn An")
    assert rows[0][7] == 28


def test_pdfs_are_pdf_a_and_carry_the_header(libreoffice, issued):
    from pypdf import PdfReader
    from vanban.rendering.pdf import pdf_text

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


def test_verify_clean_archive(issued_docx):
    result = run(issued_docx, "luu-tru", "kiem-tra", YEAR)
    assert result.exit_code == 0, result.output
    assert "Lưu trữ năm 2018 nguyên vẹn: 19 tệp khớp bản kê." in result.output  # 18 DOCX, the outgoing register
    body = manifest(issued_docx)
    head = hashlib.sha256(json.dumps(body["lan_phat_hanh"], sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()
    assert "Dấu chuỗi năm 2018 (sau 1 lần phát hành, ngày " in result.output and f"): {head}\n" in result.output
    assert f"--dau-chuoi {head[:16]}»" in result.output
    assert {r["ban_ke"] for r in register(issued_docx)} == {head}  # every row of the year holds the head


def test_issue_again_changes_nothing(fresh):
    before = snapshot(fresh)
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf", "--zip")
    assert result.exit_code == 0, result.output
    assert "Không có gì thay đổi: 18 văn bản đã phát hành" in result.output
    after = snapshot(fresh)
    assert after == before
    assert {p: p.stat().st_mtime_ns for p in after} == mtimes
    assert "Đã đóng gói" in result.output  # no zip yet: written, and said so
    again = run(fresh, "phat-hanh", YEAR, "--khong-pdf", "--zip")
    assert "Không đóng gói lại: không có gì mới" in again.output


def test_changed_data_is_refused_naming_the_field_and_values(fresh):
    edit(fresh / "data/2018/ke-hoach.yaml", "trich_yeu: tạo nguồn phát triển đảng năm 2018",
         "trich_yeu: tạo nguồn phát triển Đảng năm 2018")
    before = snapshot(fresh)
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 2
    out = result.output
    assert ("28-KH/ĐU (2018/ke-hoach) đã phát hành ngày 2018-01-05 nay khác: trich_yeu: «tạo nguồn phát triển "
            "đảng năm 2018» → «tạo nguồn phát triển Đảng năm 2018»") in out
    assert "12-TB/ĐU (2018/thong-bao/ap_cho)" in out and "ke_hoach.trich_yeu" in out
    assert out.count("--thay-the") == 1  # the way out is said once, not once per document
    assert snapshot(fresh) == before


def test_replacement_takes_a_new_number(fresh):
    edit(fresh / "data/2018/tien-do.yaml",
         "  ap_cho:          {gioi_thieu: 2, hoc_nhan_thuc: 0, tham_tra: 0, ket_nap: 0}",
         "  ap_cho:          {gioi_thieu: 1, hoc_nhan_thuc: 0, tham_tra: 0, ket_nap: 0}")
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 2 and "31-BC/ĐU (2018/bao-cao/quy-1)" in result.output
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
    runs = manifest(fresh)["lan_phat_hanh"]
    assert len(runs) == 2  # appended, the first section untouched
    # the old row's note changed: the replacement's run anchors it anew, whole
    assert runs[1]["dong"][old["tep"]]["gia_tri"]["ghi_chu"] == "bị thay thế bởi 33-BC/ĐU"
    assert runs[1]["neo"][old["tep"]] != runs[0]["tep"][old["tep"]]["dong_so"]
    assert run(fresh, "luu-tru", "kiem-tra", YEAR).exit_code == 0
    # a note forged on the replaced row (or the replacement's) is found, the column named
    path = fresh / "data/so-van-ban-di.csv"
    good = path.read_bytes()
    path.write_bytes(good.replace("bị thay thế bởi 33-BC/ĐU".encode(), "bị thay thế bởi 32-BC/ĐU".encode()))
    forged = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert forged.exit_code == 1
    assert ("dòng 31-BC/ĐU của sổ đăng ký đã bị sửa so với lúc phát hành (cột ghi_chu; data/so-van-ban-di.csv "
            "dòng 18)") in forged.output
    path.write_bytes(good)
    # the register is the source of the number: a build prints 33, though the data has none
    result = run(fresh, "build", "bao-cao", YEAR, "--ky", "quy-1")
    assert result.exit_code == 0, result.output
    assert (fresh / "output/2018/bao-cao-33-bc-du-quy-1.docx").is_file()


def _no_numbers_before_vanban(project: Path) -> None:
    """The office says it used no number of the term before vanban: blank numbers start at 01."""
    org = project / "data/don-vi.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "\nso_da_dung: {KH: 0, TB: 0, BC: 0}\n", encoding="utf-8")


def test_blank_numbers_take_the_next_free_one_and_builds_print_them(tmp_path):
    project = copy_sample(tmp_path / "proj")
    edit(project / "data/2018/ke-hoach.yaml", "so: 28 ", "so: ")
    edit(project / "data/2018/thong-bao.yaml", "so_bat_dau: 12 ", "# so_bat_dau: 12 ")
    _no_numbers_before_vanban(project)
    result = run(project, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 0, result.output
    rows = {r["khoa"]: r for r in register(project)}
    assert rows["2018/ke-hoach"]["so_ky_hieu"] == "01-KH/ĐU"
    letters = sorted(int(r["so"]) for k, r in rows.items() if k.startswith("2018/thong-bao/"))
    assert letters == list(range(1, 16))
    doc = Document(archive(project) / rows["2018/thong-bao/ap_cho"]["tep"])
    assert any("Kế hoạch số 01-KH/ĐU ngày 05 tháng 01 năm 2018" in norm(p.text) for p in doc.paragraphs)
    # every later command takes the issued numbers from the register
    for kind in ("ke-hoach", "thong-bao", "bao-cao", "noi-nhan"):
        result = run(project, "build", kind, YEAR)
        assert result.exit_code == 0, (kind, result.output)
    plan = Document(project / "output/2018/ke-hoach-01-kh-du.docx")
    assert find_in_tables(plan, lambda s: s == "Số 01-KH/ĐU")


def test_a_data_number_already_taken_is_refused(fresh):
    from test_any_committee import refused

    shutil.copytree(fresh / "data/2018", fresh / "data/2019")
    for name in ("tien-do.yaml", "bao-cao.yaml", "thong-bao.yaml"):
        (fresh / "data/2019" / name).unlink()
    moved_on(fresh / "data/2019/ke-hoach.yaml")
    result = run(fresh, "phat-hanh", "2019", "--khong-pdf")
    assert result.exit_code == 2
    assert "số 28 của ke-hoach không dùng được: đã cấp cho 28-KH/ĐU (2018/ke-hoach)" in result.output
    out = refused(fresh, "build", "ke-hoach", "2019")  # a build is refused as well
    assert "số 28 của ke-hoach năm 2019 đã cấp cho 28-KH/ĐU (2018/ke-hoach)" in out


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


def test_a_stray_file_in_the_archive_stops_issuing(fresh):
    edit(fresh / "data/2018/bao-cao.yaml", "  6-thang: {so: 32, ngay: 2018-07-05}",
         "  6-thang: {so: 32, ngay: 2018-07-05}\n  9-thang: {so: 40, ngay: 2018-10-04}")
    edit(fresh / "data/2018/tien-do.yaml", "\n6-thang:\n", "\n9-thang:\n" + "\n".join(
        f"  {b}: {{gioi_thieu: 3, hoc_nhan_thuc: 2, tham_tra: 1, ket_nap: 1}}" for b in
        ["ap_cho", "ap_can_cu", "ap_nghia_huan", "ap_ben_do", "ap_cai_chot", "ap_cai_tac", "truong_mam_non",
         "truong_tieu_hoc", "co_quan", "cong_an", "quan_su", "truong_thcs", "tram_y_te"]) + "\n6-thang:\n")
    stray = archive(fresh) / "bao-cao-40-bc-du-9-thang.docx"
    stray.write_bytes(b"someone else's file")
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 2 and "bao-cao-40-bc-du-9-thang.docx: tệp lạ" in result.output
    assert stray.read_bytes() == b"someone else's file"
    stray.unlink()
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 0 and "Đã phát hành: 40-BC/ĐU" in result.output


def test_without_libreoffice_docx_issuing_still_works_and_pdfs_come_later(tmp_path, monkeypatch):
    import vanban.rendering.pdf

    project = copy_sample(tmp_path / "proj")
    real = vanban.rendering.pdf.soffice
    monkeypatch.setattr(vanban.rendering.pdf, "soffice", lambda: None)
    result = run(project, "phat-hanh", YEAR)
    assert result.exit_code == 0, result.output
    assert "Chưa tạo được PDF/A" in result.output and "apt-get install -y libreoffice-writer-nogui" in result.output
    assert len(list(archive(project).glob("*.docx"))) == 18 and not list(archive(project).glob("*.pdf"))
    if real() is None:
        return
    monkeypatch.setattr(vanban.rendering.pdf, "soffice", real)
    result = run(project, "phat-hanh", YEAR)  # the data has not changed: only the missing PDFs
    assert result.exit_code == 0, result.output
    assert len(list(archive(project).glob("*.pdf"))) == 18
    assert len(manifest(project)["lan_phat_hanh"]) == 2
    assert run(project, "luu-tru", "kiem-tra", YEAR).exit_code == 0


def test_draft_consumes_no_number(tmp_path):
    project = copy_sample(tmp_path / "proj")
    result = run(project, "build", "ke-hoach", YEAR, "--du-thao")
    assert result.exit_code == 0
    assert not (project / "data/so-van-ban-di.csv").exists()


def test_concurrent_issuing_never_duplicates_a_number(tmp_path):
    """Two processes issue two years at once, every number left blank, each holding
    the register open for a while: the lock must serialise them."""
    project = copy_sample(tmp_path / "proj")
    shutil.copytree(project / "data/2018", project / "data/2019")
    for year in ("2018", "2019"):
        folder = project / "data" / year
        for name in ("tien-do.yaml", "bao-cao.yaml"):
            (folder / name).unlink()
        edit(folder / "ke-hoach.yaml", "so: 28 ", "so: ")
        edit(folder / "thong-bao.yaml", "so_bat_dau: 12 ", "# so_bat_dau: 12 ")
    moved_on(project / "data/2019/ke-hoach.yaml")
    _no_numbers_before_vanban(project)
    text = (project / "data/2019/thong-bao.yaml").read_text(encoding="utf-8")
    (project / "data/2019/thong-bao.yaml").write_text(
        text.replace("ngay: 2018-01-10", "ngay: 2019-01-10").replace("năm 2018", "năm 2019"), encoding="utf-8")
    procs = [faults.start("phat-hanh", year, "--khong-pdf", "--thu-muc", str(project), pause=1.5)
             for year in ("2018", "2019")]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    rows = register(project)
    assert len(rows) == 32
    for chain in ("KH|2015-2020", "TB|2015-2020"):
        numbers = [int(r["so"]) for r in rows if r["chuoi"] == chain]
        assert len(numbers) == len(set(numbers)), numbers
        assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_a_held_lock_is_waited_for_then_given_up_with_a_message(fresh, monkeypatch):
    from filelock import FileLock

    import vanban.issuing.register as reg

    monkeypatch.setattr(reg, "LOCK_WAIT_SECONDS", 0.5)
    lock = FileLock(str(fresh / "data/so-van-ban-di.csv") + ".lock")
    with lock:
        result = run(fresh, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 2, result.output
    assert "đang được một lần chạy vanban khác dùng" in result.output
    assert "vẫn bị một lần chạy khác giữ sau 0.5 giây" in result.output and "Traceback" not in result.output


# --------------------------------------------------------------------------
# Tampering: every case is refused by phat-hanh and reported by luu-tru kiem-tra


def _edit_docx(root):
    with (archive(root) / "ke-hoach-28-kh-du.docx").open("ab") as fh:
        fh.write(b"\0")


def _delete_docx(root):
    (archive(root) / "thong-bao-12-tb-du-ap-cho.docx").unlink()


def _edit_manifest(root):
    path = archive(root) / "manifest.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    body["lan_phat_hanh"][0]["tep"]["ke-hoach-28-kh-du.docx"]["so_ky_hieu"] = "29-KH/ĐU"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")


def _rehash_manifest(root):
    """An edited document with its hash rewritten in the manifest: the register still knows."""
    _edit_docx(root)
    path = archive(root) / "manifest.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    data = (archive(root) / "ke-hoach-28-kh-du.docx").read_bytes()
    body["lan_phat_hanh"][0]["tep"]["ke-hoach-28-kh-du.docx"]["sha256"] = hashlib.sha256(data).hexdigest()
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")


def _delete_manifest(root):
    (archive(root) / "manifest.json").unlink()


def _edit_register(root):
    path = root / "data/so-van-ban-di.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace("Nguyễn Văn An", "Nguyễn Văn Ân", 1),
                    encoding="utf-8-sig")


def _rehash_register(root):
    """An edited document with its hash rewritten in the register: the manifest still knows."""
    _edit_docx(root)
    path = root / "data/so-van-ban-di.csv"
    rows = register(root)
    data = (archive(root) / "ke-hoach-28-kh-du.docx").read_bytes()
    old = next(r["sha256"] for r in rows if r["tep"] == "ke-hoach-28-kh-du.docx")
    path.write_text(path.read_text(encoding="utf-8-sig").replace(old, hashlib.sha256(data).hexdigest()),
                    encoding="utf-8-sig")


def _delete_register(root):
    (root / "data/so-van-ban-di.csv").unlink()


def _edit_manifest_and_register(root):
    _edit_manifest(root)
    _edit_register(root)


def _edit_xlsx(root):
    with (archive(root) / "so-dang-ky-van-ban-di-2018.xlsx").open("ab") as fh:
        fh.write(b"x")


def _add_file(root):
    (archive(root) / "them.docx").write_bytes(b"PK")


def _list_manifest(root):
    (archive(root) / "manifest.json").write_text("[1, 2]", encoding="utf-8")


def _path_in_manifest(root):
    path = archive(root) / "manifest.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    body["lan_phat_hanh"][0]["tep"]["/etc/passwd"] = {"sha256": "0" * 64}
    path.write_text(json.dumps(body), encoding="utf-8")


def _note_on_own_row(root):
    """The plan's own row said to be replaced (it made the next run issue the plan again as 02)."""
    path = root / "data/so-van-ban-di.csv"
    rows = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    cells = next(csv.reader([rows[1]]))
    assert cells[3] == "28-KH/ĐU" and cells[13] == ""
    cells[13] = "bị thay thế bởi 01-KH/ĐU"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    rows[1] = out.getvalue()
    path.write_text("".join(rows), encoding="utf-8-sig")


def _link_docx(root):
    """An archived document replaced by a link to a copy outside the project (the same bytes)."""
    outside = root.parent / "ban-sao-ngoai.docx"
    shutil.copyfile(archive(root) / "ke-hoach-28-kh-du.docx", outside)
    (archive(root) / "ke-hoach-28-kh-du.docx").unlink()
    (archive(root) / "ke-hoach-28-kh-du.docx").symlink_to(outside)


def _truoc_of_last(root):
    path = archive(root) / "manifest.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    body["lan_phat_hanh"][-1]["truoc"] = "0" * 64
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")


def _swap_docx(root):
    """Two letters' files swapped (each a genuine document, in the other's place)."""
    a, b = archive(root) / "thong-bao-12-tb-du-ap-cho.docx", archive(root) / "thong-bao-13-tb-du-ap-can-cu.docx"
    data = a.read_bytes()
    a.write_bytes(b.read_bytes())
    b.write_bytes(data)


HEAD = "bản kê (manifest.json) không khớp dấu chuỗi mà sổ đăng ký data/so-van-ban-di.csv ghi"
LUU_VT = "output/2018/luu-vt"
ROW_28 = "dòng 28-KH/ĐU của sổ đăng ký đã bị sửa so với lúc phát hành"
# tampering → (what `luu-tru kiem-tra` reports, what `phat-hanh` refuses with): the rule and the file
TAMPER = {
    _edit_docx: (["BỊ SỬA: ke-hoach-28-kh-du.docx"], [f"{LUU_VT}/ke-hoach-28-kh-du.docx: tệp bị sửa"]),
    _delete_docx: (["THIẾU: thong-bao-12-tb-du-ap-cho.docx"],
                   [f"{LUU_VT}/thong-bao-12-tb-du-ap-cho.docx: tệp trong bản kê bị mất"]),
    _edit_manifest: ([f"KHÔNG KHỚP: {HEAD} ở 18 dòng (28-KH/ĐU, 12-TB/ĐU, 13-TB/ĐU…)"], [HEAD]),
    _rehash_manifest: (["KHÔNG KHỚP: sổ đăng ký và bản kê ghi hai mã băm khác nhau cho ke-hoach-28-kh-du.docx "
                        "(data/so-van-ban-di.csv dòng 2)",
                        f"KHÔNG KHỚP: {HEAD}"], ["hai mã băm khác nhau cho ke-hoach-28-kh-du.docx", HEAD]),
    _delete_manifest: (["KHÔNG KHỚP: không có bản kê (manifest.json)"], [f"{LUU_VT}: không có bản kê"]),
    _edit_register: ([f"KHÔNG KHỚP: {ROW_28} (cột nguoi_ky; data/so-van-ban-di.csv dòng 2)"],
                     [f"{ROW_28} (cột nguoi_ky; data/so-van-ban-di.csv dòng 2)"]),
    _rehash_register: (["BỊ SỬA: ke-hoach-28-kh-du.docx",
                        "KHÔNG KHỚP: sổ đăng ký và bản kê ghi hai mã băm khác nhau cho ke-hoach-28-kh-du.docx "
                        "(data/so-van-ban-di.csv dòng 2)"],
                       ["hai mã băm khác nhau cho ke-hoach-28-kh-du.docx"]),
    _delete_register: (["KHÔNG KHỚP: không có sổ đăng ký data/so-van-ban-di.csv", "luu-tru dung-lai-so"],
                       ["data/so-van-ban-di.csv: không có sổ đăng ký, trong khi lưu trữ năm 2018", "28-KH/ĐU",
                        "luu-tru dung-lai-so"]),
    _edit_manifest_and_register: ([f"KHÔNG KHỚP: {HEAD}", f"{ROW_28} (cột nguoi_ky; data/so-van-ban-di.csv dòng 2)"],
                                  [HEAD, "(cột nguoi_ky; data/so-van-ban-di.csv dòng 2)"]),
    _edit_xlsx: (["BỊ SỬA: so-dang-ky-van-ban-di-2018.xlsx"],
                 [f"{LUU_VT}/so-dang-ky-van-ban-di-2018.xlsx: tệp bị sửa"]),
    _add_file: (["LẠ: them.docx"], [f"{LUU_VT}/them.docx: tệp lạ"]),
    _list_manifest: (["KHÔNG KHỚP: bản kê hỏng: không đúng dạng bản kê của vanban"],
                     ["bản kê hỏng: không đúng dạng bản kê của vanban"]),
    _path_in_manifest: (["KHÔNG KHỚP: bản kê hỏng: đường dẫn lạ trong bản kê: '/etc/passwd'"],
                        ["đường dẫn lạ trong bản kê: '/etc/passwd'"]),
    _note_on_own_row: ([f"KHÔNG KHỚP: {ROW_28} (cột ghi_chu; data/so-van-ban-di.csv dòng 2)"],
                       ["(cột ghi_chu; data/so-van-ban-di.csv dòng 2)"]),
    _link_docx: (["KHÔNG PHẢI TỆP: ke-hoach-28-kh-du.docx"],
                 [f"{LUU_VT}/ke-hoach-28-kh-du.docx: không phải tệp thường của lưu trữ"]),
    _swap_docx: (["BỊ SỬA: thong-bao-12-tb-du-ap-cho.docx", "BỊ SỬA: thong-bao-13-tb-du-ap-can-cu.docx"],
                 [f"{LUU_VT}/thong-bao-12-tb-du-ap-cho.docx: tệp bị sửa",
                  f"{LUU_VT}/thong-bao-13-tb-du-ap-can-cu.docx: tệp bị sửa"]),
    _truoc_of_last: (["KHÔNG KHỚP: bản kê bị sửa: lần phát hành 1 không khớp các lần trước", f"KHÔNG KHỚP: {HEAD}"],
                     ["lần phát hành 1 không khớp các lần trước", HEAD]),
}


@pytest.mark.parametrize("tamper", TAMPER, ids=[t.__name__.strip("_") for t in TAMPER])
def test_tampering_is_refused_and_reported(fresh, tamper):
    """Each tampering is found by the rule that should find it, naming the file or the row; the
    check says nothing is whole, and issuing refuses without touching anything."""
    tamper(fresh)
    reported, refused = TAMPER[tamper]
    result = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert result.exit_code == 1, result.output
    for finding in reported:
        assert finding in result.output, (finding, result.output)
    assert "nguyên vẹn" not in result.output and "Dấu chuỗi năm" not in result.output
    assert "Traceback" not in result.output
    before = {p: (p.is_symlink(), p.read_bytes()) for p in archive(fresh).iterdir()}
    register_before = (fresh / "data/so-van-ban-di.csv").read_bytes() if (fresh / "data/so-van-ban-di.csv").exists() \
        else None
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 2, result.output
    for finding in refused:
        assert finding in result.output, (finding, result.output)
    assert "Traceback" not in result.output
    assert {p: (p.is_symlink(), p.read_bytes()) for p in archive(fresh).iterdir()} == before  # nothing re-blessed
    after = (fresh / "data/so-van-ban-di.csv").read_bytes() if (fresh / "data/so-van-ban-di.csv").exists() else None
    assert after == register_before
    if tamper is _link_docx:
        outside = (fresh.parent / "ban-sao-ngoai.docx").read_bytes()  # nothing outside the project touched
        assert outside == before[archive(fresh) / "ke-hoach-28-kh-du.docx"][1]


# --------------------------------------------------------------------------
# Interruptions: a kill at any step; the next run completes by itself


def _plan_only(root: Path) -> Path:
    for name in ("thong-bao.yaml", "bao-cao.yaml", "tien-do.yaml"):
        (root / "data/2018" / name).unlink()
    return root


def _issue(root: Path, stop: str = "", timeout: float = 120):
    """`vanban phat-hanh 2018 --khong-pdf` in a child process, ended at step *stop* as a kill would."""
    return faults.vanban("phat-hanh", YEAR, "--khong-pdf", "--thu-muc", str(root), stop=stop, timeout=timeout)


STEPS = ["da-dung", "da-dat", "dang-ghi", "da-chuyen", "da-ghi-so", "da-ghi-ban-ke"]


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_each_step_is_completed_or_undone_by_the_next_run(tmp_path, step):
    root = _plan_only(copy_sample(tmp_path / "proj"))
    killed = _issue(root, stop=step)
    assert killed.returncode == 9, killed.stderr
    after = _issue(root)
    assert after.returncode == 0, after.stdout + after.stderr
    if step in ("dang-ghi", "da-chuyen", "da-ghi-so", "da-ghi-ban-ke"):
        assert "Đã hoàn tất lần phát hành trước bị dừng giữa chừng" in after.stdout
    elif step == "da-dat":
        assert "Đã bỏ lần phát hành trước" in after.stdout
    check = run(root, "luu-tru", "kiem-tra", YEAR)
    assert check.exit_code == 0, check.output
    rows = register(root)
    assert [r["so_ky_hieu"] for r in rows] == ["28-KH/ĐU"]
    assert not (root / "output" / YEAR / ".phat-hanh").exists()
    assert not list(archive(root).glob(".vanban-*"))


@pytest.mark.parametrize("name", ["../../../../data/don-vi.yaml", "/etc/hostname", "sub/x.docx", ".."])
def test_a_journal_naming_a_path_moves_nothing(tmp_path, name):
    """The issuing journal is read from disk: a name in it that is not a plain file name of the
    archive is refused before anything moves (it once moved data/don-vi.yaml out of the project)."""
    root = _plan_only(copy_sample(tmp_path / "proj"))
    assert _issue(root, stop="dang-ghi").returncode == 9
    stage = root / "output" / YEAR / ".phat-hanh"
    journal = json.loads((stage / "nhat-ky.json").read_text(encoding="utf-8"))
    journal["tep"] = {name: "0" * 64, **journal["tep"]}
    (stage / "nhat-ky.json").write_text(json.dumps(journal), encoding="utf-8")
    org = (root / "data/don-vi.yaml").read_bytes()
    after = _issue(root)
    assert after.returncode == 2, after.stdout + after.stderr
    assert "nhat-ky.json" in after.stderr and "không phải của lưu trữ" in after.stderr
    assert (root / "data/don-vi.yaml").read_bytes() == org
    assert not archive(root).exists() or not any(archive(root).iterdir())
    assert not (root.parent / "data").exists()  # nothing moved out of the project


def test_random_kills_leave_an_archive_the_next_run_completes(tmp_path):
    root = copy_sample(tmp_path / "proj")
    rng = random.Random(20181)
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-m", "vanban", "phat-hanh", YEAR, "--khong-pdf", "--thu-muc",
                                 str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 2.5))  # a run takes about 2 s: kills land all along it
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    done = _issue(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert run(root, "luu-tru", "kiem-tra", YEAR).exit_code == 0
    rows = register(root)
    assert len(rows) == 18 and len({(r["chuoi"], r["so"]) for r in rows}) == 18


def test_a_pdf_cut_short_is_not_archived(tmp_path, monkeypatch):
    import vanban.issuing.run as issuing

    project = _plan_only(copy_sample(tmp_path / "proj"))

    def broken(files, outdir, pdfa=False, timeout=600, **_):
        outdir.mkdir(parents=True, exist_ok=True)
        made = []
        for f in files:
            (outdir / (Path(f).stem + ".pdf")).write_bytes(b"%PDF-1.7\n1 0 obj\n<<")  # a crash mid-write
            made.append(outdir / (Path(f).stem + ".pdf"))
        return made

    monkeypatch.setattr("vanban.rendering.pdf.convert", broken)
    result = run(project, "phat-hanh", YEAR)
    assert result.exit_code == 0, result.output
    assert "không hoàn chỉnh" in result.output
    assert not list(archive(project).glob("*.pdf"))
    assert run(project, "luu-tru", "kiem-tra", YEAR).exit_code == 0
    assert issuing._pdf_complete(archive(project).parent / "nothing.pdf") is False


@pytest.fixture
def fresh_with_pdf(libreoffice, issued, tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(issued[0], root)
    return root


@pytest.mark.parametrize("damage", ["edit", "delete"])
def test_a_tampered_pdf_is_refused_and_reported(fresh_with_pdf, damage):
    pdf = archive(fresh_with_pdf) / "ke-hoach-28-kh-du.pdf"
    if damage == "edit":
        pdf.write_bytes(pdf.read_bytes().replace(b"%%EOF", b"%%EOF\n%x", 1))
    else:
        pdf.unlink()
    said, refused = {"edit": ("BỊ SỬA: ke-hoach-28-kh-du.pdf", "ke-hoach-28-kh-du.pdf: tệp bị sửa"),
                     "delete": ("THIẾU: ke-hoach-28-kh-du.pdf", "ke-hoach-28-kh-du.pdf: tệp trong bản kê bị mất")}[damage]
    check = run(fresh_with_pdf, "luu-tru", "kiem-tra", YEAR)
    assert check.exit_code == 1 and said in check.output, check.output  # the rule and the file
    result = run(fresh_with_pdf, "phat-hanh", YEAR)
    assert result.exit_code == 2 and f"output/2018/luu-vt/{refused}" in result.output, result.output


def test_a_manifest_entry_without_a_hash_is_reported(fresh):
    path = archive(fresh) / "manifest.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    del body["lan_phat_hanh"][0]["tep"]["ke-hoach-28-kh-du.docx"]["sha256"]
    path.write_text(json.dumps(body), encoding="utf-8")
    result = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert result.exit_code == 1 and "không có mã băm" in result.output


def test_the_same_data_drawn_with_other_pixels_is_not_a_change(fresh, monkeypatch):
    """Another machine draws the chart with other fonts: the PNG differs, the report does not."""
    import vanban.rendering.chart

    real = vanban.rendering.chart.quota_bars
    monkeypatch.setattr(vanban.rendering.chart, "quota_bars", lambda *a, **k: real(*a, **k) + b"\0")
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 0, result.output
    assert "Không có gì thay đổi: 18 văn bản" in result.output


# --------------------------------------------------------------------------
# Every run anchored: the register holds the chain's head after the latest run of the year


def _blank_pdfs(files, outdir, pdfa=False, timeout=600, processes=None, profiles=None, progress=None):
    """A stand-in for LibreOffice: a complete one-page PDF per document (no LibreOffice needed)."""
    from pypdf import PdfWriter

    outdir.mkdir(parents=True, exist_ok=True)
    made = []
    for f in files:
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        writer.add_metadata({"/Title": Path(f).stem})
        writer.write(outdir / (Path(f).stem + ".pdf"))
        made.append(outdir / (Path(f).stem + ".pdf"))
    return made


def _rehash(root: Path, name: str) -> None:
    """Rewrite *name*'s hash where the manifest lists it: what a forger who skips the head does."""
    path = archive(root) / "manifest.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    digest = hashlib.sha256((archive(root) / name).read_bytes()).hexdigest()
    for section in body["lan_phat_hanh"]:
        if name in section["tep"]:
            section["tep"][name]["sha256"] = digest
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")


def test_a_pdf_added_in_a_later_run_then_edited_and_rehashed_is_found(fresh, monkeypatch):
    """Issued without PDF, the PDFs added by a second run that issues no register row: editing one
    and rewriting its hash in the manifest once passed the check («nguyên vẹn»)."""
    monkeypatch.setattr("vanban.rendering.pdf.convert", _blank_pdfs)
    before = register(fresh)
    result = run(fresh, "phat-hanh", YEAR)
    assert result.exit_code == 0 and "PDF/A: output/2018/luu-vt/ke-hoach-28-kh-du.pdf" in result.output, result.output
    runs = manifest(fresh)["lan_phat_hanh"]
    assert len(runs) == 2 and all(n.endswith(".pdf") for n in runs[1]["tep"])
    head = hashlib.sha256(json.dumps(runs, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()
    after = register(fresh)
    assert {r["ban_ke"] for r in after} == {head}  # the PDF-only run is anchored in every row of the year
    assert [{k: v for k, v in r.items() if k != "ban_ke"} for r in after] == \
           [{k: v for k, v in r.items() if k != "ban_ke"} for r in before]
    check = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert check.exit_code == 0 and "(sau 2 lần phát hành, ngày" in check.output and head in check.output

    pdf = archive(fresh) / "ke-hoach-28-kh-du.pdf"
    pdf.write_bytes(pdf.read_bytes().replace(b"%%EOF", b"%%EOF\n%x", 1))
    _rehash(fresh, pdf.name)
    check = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert check.exit_code == 1, check.output
    assert f"KHÔNG KHỚP: {HEAD} ở 18 dòng (28-KH/ĐU, 12-TB/ĐU, 13-TB/ĐU…)" in check.output
    assert "nguyên vẹn" not in check.output
    refused = run(fresh, "phat-hanh", YEAR)
    assert refused.exit_code == 2 and HEAD in refused.output, refused.output


@pytest.mark.parametrize("field", ["truoc", "thoi_gian"])
def test_the_last_section_of_two_changed_is_found(fresh, monkeypatch, field):
    """The second (last) section, which no later section chains to: its «truoc» or any other
    field changed is found by the head every register row of the year holds."""
    monkeypatch.setattr("vanban.rendering.pdf.convert", _blank_pdfs)
    assert run(fresh, "phat-hanh", YEAR).exit_code == 0
    path = archive(fresh) / "manifest.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    assert len(body["lan_phat_hanh"]) == 2
    body["lan_phat_hanh"][-1][field] = "0" * 64 if field == "truoc" else "2018-01-01T00:00:00"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    check = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert check.exit_code == 1 and "nguyên vẹn" not in check.output, check.output
    assert f"KHÔNG KHỚP: {HEAD} ở 18 dòng" in check.output
    if field == "truoc":
        assert "KHÔNG KHỚP: bản kê bị sửa: lần phát hành 2 không khớp các lần trước" in check.output
    refused = run(fresh, "phat-hanh", YEAR)
    assert refused.exit_code == 2 and f"data/so-van-ban-di.csv: {HEAD}" in refused.output, refused.output


def test_a_register_older_than_the_years_last_run_is_found(fresh, monkeypatch):
    """The register copied back from before the PDF run: its rows hold the head of run 1."""
    monkeypatch.setattr("vanban.rendering.pdf.convert", _blank_pdfs)
    old = (fresh / "data/so-van-ban-di.csv").read_bytes()
    assert run(fresh, "phat-hanh", YEAR).exit_code == 0
    (fresh / "data/so-van-ban-di.csv").write_bytes(old)
    check = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert check.exit_code == 1
    assert ("KHÔNG KHỚP: sổ đăng ký cũ hơn bản kê: 18 dòng (28-KH/ĐU, 12-TB/ĐU, 13-TB/ĐU…) ghi dấu chuỗi của lần "
            "phát hành 1, bản kê đã có 2 lần") in check.output and "luu-tru dung-lai-so" in check.output
    rebuilt = run(fresh, "luu-tru", "dung-lai-so")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert run(fresh, "luu-tru", "kiem-tra", YEAR).exit_code == 0


def test_the_chain_head_kept_by_the_office_catches_a_full_recomputation(fresh, monkeypatch):
    """A forger who rewrites every hash (file, manifest, chain, register) passes the check, as no
    check without a secret can refuse; a head the office wrote down before does not match."""
    kept = hashlib.sha256(json.dumps(manifest(fresh)["lan_phat_hanh"], sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()
    ok = run(fresh, "luu-tru", "kiem-tra", YEAR, "--dau-chuoi", kept[:16].upper())
    assert ok.exit_code == 0 and f"Khớp dấu chuỗi đã ghi ({kept[:16]}): dấu của lần phát hành 1" in ok.output
    monkeypatch.setattr("vanban.rendering.pdf.convert", _blank_pdfs)
    assert run(fresh, "phat-hanh", YEAR).exit_code == 0
    later = run(fresh, "luu-tru", "kiem-tra", YEAR, "--dau-chuoi", kept)
    assert later.exit_code == 0 and "dấu của lần phát hành 1 ngày" in later.output
    assert "sau đó có thêm 1 lần, nối tiếp đúng" in later.output

    # the full recomputation: the plan edited, its hash, both sections' chain and every row rewritten
    docx = archive(fresh) / "ke-hoach-28-kh-du.docx"
    docx.write_bytes(docx.read_bytes() + b"\0")
    digest = hashlib.sha256(docx.read_bytes()).hexdigest()
    body = json.loads((archive(fresh) / "manifest.json").read_text(encoding="utf-8"))
    runs = body["lan_phat_hanh"]
    old = runs[0]["tep"][docx.name]["sha256"]
    runs[0]["tep"][docx.name]["sha256"] = runs[0]["tep"][docx.name]["dong"]["gia_tri"]["sha256"] = digest
    from vanban.issuing.register import Entry

    entry = Entry.from_values(runs[0]["tep"][docx.name]["dong"]["gia_tri"], "")
    runs[0]["tep"][docx.name]["dong_so"] = entry.digest()
    chain = lambda rs: hashlib.sha256(json.dumps(rs, sort_keys=True, ensure_ascii=False,  # noqa: E731
                                                 separators=(",", ":")).encode("utf-8")).hexdigest()
    runs[1]["truoc"] = chain(runs[:1])
    (archive(fresh) / "manifest.json").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    text = (fresh / "data/so-van-ban-di.csv").read_text(encoding="utf-8-sig")
    text = text.replace(old, digest).replace(register(fresh)[0]["ban_ke"], chain(runs))
    (fresh / "data/so-van-ban-di.csv").write_text(text, encoding="utf-8-sig")
    blind = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert blind.exit_code == 0 and "nguyên vẹn" in blind.output  # what the README says it cannot see
    caught = run(fresh, "luu-tru", "kiem-tra", YEAR, "--dau-chuoi", kept[:16])
    assert caught.exit_code == 1, caught.output
    assert (f"KHÔNG KHỚP: dấu chuỗi đã ghi ({kept[:16]}) không phải của lần phát hành nào trong bản kê "
            "output/2018/luu-vt/manifest.json") in caught.output
    assert "Dấu chuỗi năm" not in caught.output  # no head is offered for an archive that does not check


@pytest.mark.parametrize("given", ["abc", "xyz0123456789abcdef", "0" * 65])
def test_a_chain_head_that_is_none_is_refused(fresh, given):
    result = run(fresh, "luu-tru", "kiem-tra", YEAR, "--dau-chuoi", given)
    assert result.exit_code == 2 and f"--dau-chuoi: «{given}» không phải dấu chuỗi" in result.output


@pytest.mark.parametrize("where", ["luu-vt", "stage"])
def test_a_file_changed_between_a_kill_and_the_recovery_is_refused(tmp_path, where):
    """Killed after the first file moved into the archive: the recovery re-hashes every file of the
    journal, moved or still staged, before it moves anything more."""
    root = _plan_only(copy_sample(tmp_path / "proj"))
    assert _issue(root, stop="da-chuyen").returncode == 9
    stage = root / "output" / YEAR / ".phat-hanh"
    moved = archive(root) / "ke-hoach-28-kh-du.docx"
    staged = stage / "tep" / "so-dang-ky-van-ban-di-2018.xlsx"
    assert moved.is_file() and staged.is_file() and not (root / "data/so-van-ban-di.csv").exists()
    target = moved if where == "luu-vt" else staged
    target.write_bytes(target.read_bytes() + b"\0")
    after = _issue(root)
    assert after.returncode == 2, after.stdout + after.stderr
    shown = "output/2018/luu-vt/" + target.name
    assert (f"{shown}: lần phát hành dở dang: tệp đã bị thay đổi sau khi lần phát hành bị dừng (mã băm khác nhật "
            "ký)") in after.stderr
    assert "Traceback" not in after.stderr
    assert not (root / "data/so-van-ban-di.csv").exists() and not (archive(root) / "manifest.json").exists()
    assert staged.exists()  # nothing more moved
