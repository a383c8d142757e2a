"""The clerk's page over HTTP: who may use it (the refusals), forms checked by the files' rules and
saved with comments kept, the year's documents built and issued through the same calls as the
command line."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from web_client import Client, errors_beside, form_of

PLAN = "data/2018/ke-hoach.yaml"


@pytest.fixture
def client(project) -> Client:
    return Client(project)


# --------------------------------------------------------------------------
# Who may use the page


def test_nothing_is_served_without_the_key_or_its_cookie(project):
    anyone = Client(project, login=False)
    for path in ("/", "/nam/2018", "/don-vi", "/tinh/vanban.css", "/nam/2018/luu-tru"):
        response = anyone.get(path)
        assert response.status_code == 403, path
        assert "Đăng ủy" not in response.get_data(as_text=True)
    assert "khoa=" in anyone.get("/").get_data(as_text=True)  # it says how to open the page


def test_a_wrong_key_is_refused_and_the_right_one_gives_a_strict_cookie(project):
    anyone = Client(project, login=False)
    assert anyone.get("/?khoa=khoa-sai").status_code == 403
    assert anyone.get("/nam/2018").status_code == 403
    response = anyone.get("/nam/2018?khoa=khoa-thu")
    assert response.status_code == 302 and response.headers["Location"] == "/nam/2018"  # the key leaves the address
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "khoa-thu" not in cookie
    assert anyone.get("/nam/2018").status_code == 200


def test_a_request_naming_another_host_is_refused(client):
    assert client.http.get("/nam/2018", base_url="http://evil.example:5123").status_code == 403
    assert client.http.get("/nam/2018", base_url="http://127.0.0.1:9999").status_code == 403


def test_a_change_without_its_csrf_token_or_from_another_origin_does_nothing(client, project):
    before = (project / "data/don-vi.yaml").read_bytes()
    form = client.form("/don-vi")
    form["co_quan.ten"] = "Đảng ủy xã Khác"
    form["luu"] = "1"
    del form["_csrf"]
    assert client.post("/don-vi", form, csrf=False).status_code == 403
    form["_csrf"] = "0" * 64
    assert client.post("/don-vi", form, csrf=False).status_code == 403
    form["_csrf"] = client.site.keys.csrf()
    assert client.post("/don-vi", form, origin="http://evil.example").status_code == 403
    assert client.post("/don-vi", form, origin=None).status_code == 403  # neither Origin nor Referer
    assert (project / "data/don-vi.yaml").read_bytes() == before
    assert client.post("/don-vi", form).status_code == 302
    assert "Đảng ủy xã Khác" in (project / "data/don-vi.yaml").read_text(encoding="utf-8")


def test_a_download_name_is_never_a_path(client, project):
    (project / "output/2018/luu-vt").mkdir(parents=True)
    (project / "output/2018/luu-vt/ke-hoach.docx").write_bytes(b"x")
    for path in ("/nam/2018/luu-tru/tai/..%2F..%2Fdata%2Fdon-vi.yaml", "/nam/2018/luu-tru/tai/../../data/don-vi.yaml",
                 "/nam/2018/so/..%2Fdata%2Fdon-vi.yaml", "/nam/2018/so/%2Fetc%2Fpasswd",
                 "/nam/2018/luu-tru/tai/ke-hoach.docx",  # in the folder but not issued: not in the archive
                 "/nam/2018/anh/..%2F..%2Fx.png", "/viec/khong-co/tep/0",
                 "/nam/2018/tai?van_ban=../../data/don-vi.yaml&dang=docx"):
        response = client.get(path)
        assert response.status_code in (404, 409), path
        assert b"quy_tac" not in response.data


def test_an_oversized_upload_is_refused_and_nothing_is_kept(client, project):
    before = sorted(client.site.staging.iterdir())
    big = io.BytesIO(b"0" * (21 * 1024 * 1024))
    response = client.post("/mau/gui/ke-hoach", {"tep": (big, "ke-hoach.docx")}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "quá lớn" in response.get_data(as_text=True)
    assert sorted(client.site.staging.iterdir()) == before


def test_every_page_says_no_to_framing_and_foreign_scripts(client):
    response = client.get("/nam/2018")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_the_server_listens_on_this_machine_only(project):
    from vanban.web.server import make

    server, site = make(project, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert server.server_address[0] == "127.0.0.1"
        url = f"http://127.0.0.1:{site.port}/"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=10)
        assert refused.value.code == 403
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(f"{url}?khoa={site.keys.key}", timeout=10) as page:
            assert "Năm 2018" in page.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


def test_vanban_giao_dien_prints_its_address_with_a_key_and_stops_on_ctrl_c(project):
    import os
    import signal

    import vanban

    source = str(Path(vanban.__file__).resolve().parents[1])  # the vanban under test, not another one installed
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "giao-dien", "--thu-muc", str(project),
                             "--khong-mo-trinh-duyet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    try:
        line = proc.stdout.readline()
        m = re.fullmatch(r"Mở: (http://127\.0\.0\.1:([0-9]+)/)\?khoa=([A-Za-z0-9_-]{20,})\n", line)
        assert m, line
        with pytest.raises(urllib.error.HTTPError) as refused:  # the address without its key: nothing
            urllib.request.urlopen(m.group(1), timeout=10)
        assert refused.value.code == 403
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(line[len("Mở: "):].strip(), timeout=30) as page:
            assert "Năm 2018" in page.read().decode("utf-8")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:   # never leave a server holding the port for the next run
            proc.kill()
            proc.communicate()
            raise
    assert "Đã dừng." in out and proc.returncode == 0


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="a user's own temporary folder on Windows")
def test_the_cache_of_uploads_and_previews_is_this_users_only(tmp_path):
    import os
    import shutil

    from vanban.web.site import _private_cache

    folder = tmp_path / "van-phong"
    cache = _private_cache(folder)
    try:
        assert cache.stat().st_mode & 0o777 == 0o700 and _private_cache(folder) == cache  # kept between runs
        os.chmod(cache, 0o777)  # as if another user had made it for us to write into
        other = _private_cache(folder)
        assert other != cache and other.stat().st_mode & 0o077 == 0
        shutil.rmtree(other)
    finally:
        shutil.rmtree(cache)


def test_vanban_help_starts_without_the_web_framework():
    probe = ("import sys; from click.testing import CliRunner; from vanban.cli import main; "
             "r = CliRunner().invoke(main, ['--help']); assert 'giao-dien' in r.output; "
             "print(sorted(m for m in ('flask', 'werkzeug') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --------------------------------------------------------------------------
# Forms: the files' rules, all findings beside their fields, nothing saved while anything is wrong


def test_a_wrong_quota_is_shown_beside_its_cell_and_nothing_is_saved(client, project):
    before = (project / PLAN).read_bytes()
    form = client.form("/nam/2018/ke-hoach")
    form.update({"pb.ap_cho.0": "abc", "pb.ap_ben_do.0": "hai", "luu": "1"})
    page = client.post("/nam/2018/ke-hoach", form).get_data(as_text=True)
    beside = errors_beside(page)
    assert "phải là số nguyên" in " ".join(beside["pb-ap_cho-0"])
    assert "'hai'" in " ".join(beside["pb-ap_ben_do-0"])  # every finding at once
    assert "Chưa lưu" in page
    assert 'value="abc"' in page  # what was typed is still there to correct
    assert (project / PLAN).read_bytes() == before


def test_a_total_that_does_not_add_up_is_refused_with_the_files_message(client, project):
    before = (project / PLAN).read_bytes()
    form = client.form("/nam/2018/ke-hoach")
    form.update({"pb.cong_an.0": "3", "luu": "1"})
    page = client.post("/nam/2018/ke-hoach", form).get_data(as_text=True)
    assert "tổng số 17 không bằng tổng phân bổ cho các chi bộ (20)" in " ".join(errors_beside(page)["chi_tieu-0-tong_so"])
    assert (project / PLAN).read_bytes() == before


def test_quotas_are_saved_into_the_plan_with_its_comments_and_spelling_kept(client, project):
    form = client.form("/nam/2018/ke-hoach")
    form.update({"pb.cong_an.0": "01-02", "pb.ap_cho.0": "", "chi_tieu.0.tong_so": "16-17", "luu": "1"})
    response = client.post("/nam/2018/ke-hoach", form)
    assert response.status_code == 302, errors_beside(response.get_data(as_text=True))
    text = (project / PLAN).read_text(encoding="utf-8")
    assert "# tổng phải bằng tổng các dòng phân bổ" in text and "# bản gốc ghi đúng «01 nguồn»" in text
    assert "{don_vi: cong_an, so_luong: 01-02}" in text and "ap_cho, so_luong" not in text
    assert "- {don_vi: co_quan, so_luong: 1, it_nhat: false}" in text  # an untouched row as it was
    from vanban.office import Office

    plan = Office.open(project).year(2018).check("ke-hoach")["ke-hoach"]
    assert [a.don_vi for a in plan.chi_tieu[0].phan_bo][-1] == "cong_an"


def _add_unit(client) -> dict:
    form = client.form("/don-vi")
    last = max(int(k.split(".")[1]) for k in form if k.startswith("don_vi.")) + 1
    form.update({f"don_vi.{last}.id": "ap_moi", f"don_vi.{last}.loai": "ap", f"don_vi.{last}.ten": "Mới",
                 f"don_vi.{last}._co": "1", "don_vi.1.ten": "Căn Cứ Mới", "luu": "1"})
    return form


def test_a_unit_is_added_renamed_and_one_still_given_a_quota_cannot_be_removed(client, project):
    before = (project / "data/don-vi.yaml").read_bytes()
    page = client.post("/don-vi", _add_unit(client)).get_data(as_text=True)
    # one more unit, one more copy of the plan: its stated number of copies is now wrong, and the
    # progress of each period misses the new unit — the same findings as the command line's
    assert "data/2018/ke-hoach.yaml" in page and "số bản ghi 28 khác số bản tính từ nơi nhận (29)" in page
    assert "thiếu số liệu của Chi bộ ấp Mới (ap_moi)" in page
    assert (project / "data/don-vi.yaml").read_bytes() == before
    form = client.form("/nam/2018/ke-hoach")
    form.update({"so_ban": "", "luu": "1"})
    assert client.post("/nam/2018/ke-hoach", form).status_code == 302
    (project / "data/2018/tien-do.yaml").unlink()
    assert client.post("/don-vi", _add_unit(client)).status_code == 302
    text = (project / "data/don-vi.yaml").read_text(encoding="utf-8")
    assert "- {id: ap_moi, loai: ap, ten: Mới}" in text and "ten: Căn Cứ Mới}" in text
    assert "# (mẫu) bản gốc không nêu tên" in text
    before = (project / "data/don-vi.yaml").read_bytes()
    form = client.form("/don-vi")
    form.update({"don_vi.0._xoa": "1", "luu": "1"})  # ap_cho has a quota in the plan
    page = client.post("/don-vi", form).get_data(as_text=True)
    assert "data/2018/ke-hoach.yaml" in page and "«ap_cho» không có trong danh sách don_vi" in page
    assert (project / "data/don-vi.yaml").read_bytes() == before


def test_a_row_is_added_to_a_form_without_saving(client, project):
    before = (project / "data/don-vi.yaml").read_bytes()
    form = client.form("/don-vi")
    form["them"] = "don_vi"
    page = client.post("/don-vi", form).get_data(as_text=True)
    count = len(form_of(page)) - len(form)
    assert count >= 3  # the new row's fields
    assert (project / "data/don-vi.yaml").read_bytes() == before


def test_progress_and_a_report_period_are_entered_in_forms(client, project):
    (project / "data/2018/tien-do.yaml").unlink()
    form = client.form("/nam/2018/tien-do?ky=9-thang")
    stages = ("gioi_thieu", "hoc_nhan_thuc", "tham_tra", "ket_nap")
    for key in [k for k in form if k.startswith("tien_do.")]:
        if key.endswith(stages):
            form[key] = "1" if key.endswith("gioi_thieu") else "0"
    form["tien_do.ap_cho.hoc_nhan_thuc"] = "5"  # more than those introduced: the file's own rule
    form["luu"] = "1"
    page = client.post("/nam/2018/tien-do?ky=9-thang", form).get_data(as_text=True)
    assert "lớn hơn số «Quần chúng ưu tú được giới thiệu»" in " ".join(errors_beside(page).get("tien_do-ap_cho", [])
                                                                         + errors_beside(page).get("tien_do-ap_cho-hoc_nhan_thuc", []))
    assert not (project / "data/2018/tien-do.yaml").exists()
    form["tien_do.ap_cho.hoc_nhan_thuc"] = "1"
    assert client.post("/nam/2018/tien-do?ky=9-thang", form).status_code == 302
    text = (project / "data/2018/tien-do.yaml").read_text(encoding="utf-8")
    assert text.startswith("dinh_dang: 2") and "9-thang:" in text
    form = client.form("/nam/2018/bao-cao")
    form.update({"them": "ky"})
    form = form_of(client.post("/nam/2018/bao-cao", form).get_data(as_text=True))
    new = max(int(k.split(".")[1]) for k in form if k.startswith("ky."))
    form.update({f"ky.{new}.id": "9-thang", f"ky.{new}.ngay": "05/10/2018", "luu": "1"})
    response = client.post("/nam/2018/bao-cao", form)
    assert response.status_code == 302, errors_beside(response.get_data(as_text=True))
    assert "9-thang: {ngay: 2018-10-05}" in (project / "data/2018/bao-cao.yaml").read_text(encoding="utf-8")
    states = {s.key: s.state for s in client.site.status(2018)}
    assert states["bao-cao/9-thang"] == "san_sang"


def test_an_item_kept_in_the_workbook_is_edited_there(client, project):
    from vanban.office import Office

    office = Office.open(project)
    office.year(2018).workbook_export()
    text = (project / PLAN).read_text(encoding="utf-8")
    start = text.index("\nphan_cong:")
    end = text.index("\n# (mẫu) Hạn báo cáo")
    (project / PLAN).write_text(text[:start] + text[end:], encoding="utf-8")  # phan_cong now lives in the workbook
    page = client.text("/nam/2018/ke-hoach")
    assert "nằm trong sổ Excel" in page and "phan_cong" in page
    assert 'name="phan_cong.0.doi_tuong"' not in page


# --------------------------------------------------------------------------
# The year: build, look, issue, archive — the same calls as the command line


def _wait(client, response):
    assert response.status_code == 302
    job_id = response.headers["Location"].split("/viec/")[1]
    client.site.jobs.wait(120)
    return client.site.jobs.get(job_id)


def test_the_year_page_shows_every_document_with_its_state(client):
    page = client.text("/nam/2018")
    assert page.count("sẵn sàng") >= 18
    assert "28-KH/ĐU" in page and "thong-bao/ap_cho" in page and "bao-cao/6-thang" in page
    assert "Sổ chuyển giao văn bản của năm" in page
    # dates as a clerk writes them, the plan's 2018-01-05 of ke-hoach.yaml
    assert "05/01/2018" in page and "2018-01-05" not in page
    assert "10/01/2018" in client.text("/nam/2018/phat-hanh")


def test_a_draft_is_built_and_downloaded(client, project):
    job = _wait(client, client.post("/nam/2018/dung", {"loai": "ke-hoach", "du_thao": "1"}))
    assert job.state == "xong", job.findings
    assert (project / "output/2018/ke-hoach-du-thao.docx").is_file()
    page = client.text(f"/viec/{job.id}")
    assert f"/viec/{job.id}/tep/0" in page
    response = client.get(f"/viec/{job.id}/tep/0")
    assert response.data[:2] == b"PK"


def test_issue_then_archive_check_and_downloads(client, project):
    page = client.text("/nam/2018/phat-hanh")
    assert "Sẽ phát hành (18)" in page
    assert client.post("/nam/2018/phat-hanh", {"chi": "", "pdf": "0"}).status_code == 302  # not confirmed
    assert not (project / "data/so-van-ban-di.csv").exists()
    job = _wait(client, client.post("/nam/2018/phat-hanh", {"chi": "ke-hoach", "pdf": "0", "dong_y": "1"}))
    assert job.state == "xong", job.findings
    assert any("Đã phát hành: 28-KH/ĐU" in line for line in job.lines)
    states = {s.key: s.state for s in client.site.status(2018)}
    assert states["ke-hoach"] == "da_phat_hanh" and states["thong-bao/ap_cho"] == "san_sang"
    page = client.text("/nam/2018/luu-tru")
    assert "28-KH/ĐU" in page and "ke-hoach-28-kh-du.docx" in page
    page = client.post("/nam/2018/luu-tru/kiem-tra", {}).get_data(as_text=True)
    assert "nguyên vẹn" in page
    response = client.get("/nam/2018/tai?van_ban=ke-hoach&dang=docx&du_thao=0")
    archived = (project / "output/2018/luu-vt/ke-hoach-28-kh-du.docx").read_bytes()
    assert response.data == archived


def test_a_document_of_an_unknown_key_says_so(client):
    page = client.text("/nam/2018/xem?van_ban=thong-bao/khong_co&du_thao=0")
    assert "không có văn bản «thong-bao/khong_co»" in page


# --------------------------------------------------------------------------
# Excel, templates, the checker, a new year


def test_the_workbook_goes_down_and_back_up_with_the_same_checks(client, project):
    assert client.post("/nam/2018/excel/tao", {"so": "du-lieu"}).status_code == 302
    book = client.get("/nam/2018/excel/tai/du-lieu").data
    assert book[:2] == b"PK"
    response = client.post("/nam/2018/excel/gui/du-lieu", {"tep": (io.BytesIO(book), "du-lieu-2018.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(book))
    # a quantity cell: under the header naming «so_luong» (in the header itself, or in the row of keys below it)
    sheet, row, column = next((ws, r + 1, c.column) for ws in wb.worksheets for r in (1, 2) if ws.max_row > r
                              for c in ws[r] if c.value in ("Số lượng [so_luong]", "so_luong"))
    sheet.cell(row=row, column=column).value = "nhiều"
    broken = io.BytesIO()
    wb.save(broken)
    before = (project / PLAN).read_bytes()
    page = client.post("/nam/2018/excel/gui/du-lieu", {"tep": (io.BytesIO(broken.getvalue()), "so.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Chưa ghi gì" in page and "nhiều" in page
    assert (project / PLAN).read_bytes() == before


def test_a_template_is_checked_on_the_way_up(client, project):
    good = (project / "templates/docx/ke-hoach.docx").read_bytes()
    page = client.post("/mau/gui/ke-hoach", {"tep": (io.BytesIO(good), "ke-hoach.docx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Không thấy lỗi" in page and "Dùng mẫu này" in page
    page = client.post("/mau/gui/ke-hoach", {"tep": (io.BytesIO(b"not a docx"), "ke-hoach.docx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "không đọc được như một tệp .docx" in page and "Dùng mẫu này" not in page
    page = client.text("/mau/bien/ke-hoach?nam=2018")
    assert "so_ky_hieu" in page and "28-KH/ĐU" in page


def test_the_checker_reads_any_document(client, built_plan):
    page = client.post("/kiem-tra", {"tep": (io.BytesIO(built_plan.read_bytes()), "kh.docx"), "quy_tac": ""},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "kh.docx — thể thức của Đảng" in page


def test_a_new_year_is_started_on_its_guided_page(client, project):
    page = client.post("/nam-moi", {"nam": "2019"}).get_data(as_text=True)
    assert "Đã tạo dữ liệu năm 2019 từ năm 2018" in page and "data/2019/ke-hoach.yaml" in page
    assert (project / "data/2019/ke-hoach.yaml").is_file()
    page = client.post("/nam-moi", {"nam": "2019"}).get_data(as_text=True)
    assert "đã có thư mục dữ liệu năm 2019" in page


def test_a_new_office_is_made_on_its_guided_page(tmp_path):
    from vanban.web.views.new_office import available

    folder = tmp_path / "dang-uy-moi"  # not made yet: khoi-tao makes it
    client = Client(folder)
    page = client.text("/")
    assert "chưa phải thư mục làm việc" in page and "/khoi-tao" in page
    if not available():  # a vanban without `khoi-tao`: the page says where to start instead
        assert "chưa có lệnh «vanban khoi-tao»" in client.text("/khoi-tao")
        return
    form = form_of_post(client.text("/khoi-tao"))
    form.update({"mau": "dang-uy-xa", "nam": "2026", "co_quan": "", "dia_danh": "Tân Phú", "bat_dau": "31/02/2025",
                 "so_da_dung": "KH=27, TB"})
    page = client.post("/khoi-tao", form).get_data(as_text=True)
    beside = errors_beside(page)
    assert "Chưa tạo" in page and set(beside) >= {"bat_dau", "so_da_dung"}  # every finding at once
    assert not folder.exists() or not any(folder.iterdir())
    form.update({"co_quan": "", "bat_dau": "15/10/2025", "so_da_dung": "KH=27, TB=11", "nhiem_ky": "2025-2030"})
    page = client.post("/khoi-tao", form).get_data(as_text=True)
    assert "chưa có tên cơ quan ban hành" in " ".join(errors_beside(page).get("co_quan", []))  # the library's check
    form["co_quan"] = "Đảng ủy xã Tân Phú"
    response = client.post("/khoi-tao", form)
    assert response.status_code == 302 and response.headers["Location"] == "/don-vi"
    text = (folder / "data/don-vi.yaml").read_text(encoding="utf-8")
    assert "Đảng ủy xã Tân Phú" in text and "KH: 27" in text
    assert "Đảng ủy xã Tân Phú" in client.text("/don-vi")
    assert client.get("/khoi-tao").status_code == 302  # never over a working folder


def test_a_folder_that_is_not_a_working_folder_offers_only_what_works_there(tmp_path):
    client = Client(tmp_path)
    for path in ("/don-vi", "/mau", "/nam-moi", "/nam/2018", "/nam/2018/ke-hoach"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/", path
    assert client.get("/kiem-tra").status_code == 200  # the checker reads any document
    page = client.text("/")
    assert "Đơn vị mới" in page and "Mẫu Word" not in page


def test_what_the_office_refuses_is_said_as_the_command_line_says_it(client, project):
    (project / "templates/loai-van-ban.yaml").write_text("ke-hoach: [\n", encoding="utf-8")
    client.app.testing = False  # as served: no exception reaches the browser
    response = client.get("/mau")
    assert response.status_code == 409
    assert "templates/loai-van-ban.yaml" in response.get_data(as_text=True)


def form_of_post(page: str) -> dict:
    """Every named field of the page's form with the value it shows (a form without «luu»)."""
    return form_of(page.replace("<button class=\"chinh\">", '<button class="chinh" name="luu">'))


# --------------------------------------------------------------------------
# A 150-unit organisation (its speed is measured, not asserted: tools/web_speed.py)


def test_every_page_of_a_150_unit_organisation_opens(tmp_path):
    from big_org import YEAR, big_organisation

    root = big_organisation(tmp_path / "big")
    client = Client(root)
    for path in (f"/nam/{YEAR}", "/don-vi", f"/nam/{YEAR}/ke-hoach", f"/nam/{YEAR}/tien-do", f"/nam/{YEAR}/phat-hanh",
                 f"/nam/{YEAR}/luu-tru", f"/nam/{YEAR}/thong-bao", f"/nam/{YEAR}/bao-cao", f"/nam/{YEAR}/excel"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert client.text(f"/nam/{YEAR}").count("thong-bao/dv_") >= 150


def test_a_page_is_drawn_once_per_fingerprint(client, project, libreoffice):
    first = client.get("/nam/2018/xem?van_ban=thong-bao/co_quan&du_thao=0")
    job = _wait(client, first)  # not drawn yet: LibreOffice draws it in the background
    assert job.state == "xong", job.findings
    page = client.text("/nam/2018/xem?van_ban=thong-bao/co_quan&du_thao=0")  # drawn: shown at once
    assert "1 trang" in page
    image = re.search(r'<img class="trang" src="([^"]+)"', page).group(1)
    assert client.get(image).data[:8] == b"\x89PNG\r\n\x1a\n"
    form = client.form("/nam/2018/thong-bao")
    form.update({"trich_yeu": "giao chỉ tiêu năm 2018", "luu": "1"})
    assert client.post("/nam/2018/thong-bao", form).status_code == 302
    again = client.get("/nam/2018/xem?van_ban=thong-bao/co_quan&du_thao=0")
    assert again.status_code == 302  # what it says changed: drawn again
    assert _wait(client, again).state == "xong"


def test_first_pages_are_drawn_ahead_in_one_libreoffice_run(client, libreoffice):
    client.site.warm(most=3)  # what the server does while the clerk reads the first page (most=1 there)
    drawn = [p for p in client.site.cache.iterdir() if p.suffix == ".png"]
    assert len(drawn) == 3
    page = client.get("/nam/2018/xem?van_ban=ke-hoach&du_thao=0")  # the plan first: shown at once, no job
    assert page.status_code == 200 and "trang" in page.get_data(as_text=True)
