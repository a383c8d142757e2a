"""Issuing and the archive: register, numbering, an append-only self-verifying
manifest, PDF/A, a transaction that survives a kill at any step, tampering."""

import csv
import hashlib
import json
import os
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
def issued(tmp_path_factory):
    """The sample year issued once, DOCX and PDF/A (the module's tests only read it)."""
    root = copy_sample(tmp_path_factory.mktemp("issue") / "proj")
    result = run(root, "phat-hanh", YEAR, "--zip")
    assert result.exit_code == 0, result.output
    return root, result.output


@pytest.fixture(scope="session")
def issued_docx(tmp_path_factory):
    """The sample year issued once without PDF, to be copied by the tests that change it."""
    root = copy_sample(tmp_path_factory.mktemp("issued-docx") / "proj")
    result = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 0, result.output
    return root


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


def test_verify_clean_archive(issued):
    root, _ = issued
    result = run(root, "luu-tru", "kiem-tra", YEAR)
    assert result.exit_code == 0, result.output
    assert "nguyên vẹn" in result.output


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
    assert len(manifest(fresh)["lan_phat_hanh"]) == 2  # appended, the first section untouched
    assert run(fresh, "luu-tru", "kiem-tra", YEAR).exit_code == 0
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


TAMPER = [_edit_docx, _delete_docx, _edit_manifest, _rehash_manifest, _delete_manifest, _edit_register,
          _rehash_register, _delete_register, _edit_manifest_and_register, _edit_xlsx, _add_file, _list_manifest,
          _path_in_manifest]


@pytest.mark.parametrize("tamper", TAMPER, ids=[t.__name__.strip("_") for t in TAMPER])
def test_tampering_is_refused_and_reported(fresh, tamper):
    tamper(fresh)
    result = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert result.exit_code in (1, 2), result.output
    assert "nguyên vẹn" not in result.output and "Traceback" not in result.output
    before = {p: p.read_bytes() for p in archive(fresh).iterdir()}
    result = run(fresh, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in archive(fresh).iterdir()} == before  # nothing re-blessed


# --------------------------------------------------------------------------
# Interruptions: a kill at any step; the next run completes by itself


def _plan_only(root: Path) -> Path:
    for name in ("thong-bao.yaml", "bao-cao.yaml", "tien-do.yaml"):
        (root / "data/2018" / name).unlink()
    return root


def _issue(root: Path, env: dict | None = None, timeout: float = 120):
    return subprocess.run([sys.executable, "-m", "vanban", "phat-hanh", YEAR, "--khong-pdf", "--thu-muc", str(root)],
                          env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout)


STEPS = ["da-dung", "da-dat", "dang-ghi", "da-chuyen", "da-ghi-so", "da-ghi-ban-ke"]


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_each_step_is_completed_or_undone_by_the_next_run(tmp_path, step):
    root = _plan_only(copy_sample(tmp_path / "proj"))
    killed = _issue(root, {"VANBAN_ISSUE_STOP": step})
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
    assert _issue(root, {"VANBAN_ISSUE_STOP": "dang-ghi"}).returncode == 9
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
    check = run(fresh_with_pdf, "luu-tru", "kiem-tra", YEAR)
    assert check.exit_code == 1 and "ke-hoach-28-kh-du.pdf" in check.output
    result = run(fresh_with_pdf, "phat-hanh", YEAR)
    assert result.exit_code == 2 and "ke-hoach-28-kh-du.pdf" in result.output


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
