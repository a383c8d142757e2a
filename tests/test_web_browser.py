"""A clerk's year on the page, in a real browser: headless Chromium from the distribution, driven by
Selenium through the distribution's chromedriver (never a browser or driver downloaded by a tool).

Open an office copied from the sample, start a new year, add a unit, enter quotas (a wrong value is
shown beside its cell and nothing is saved), build the draft and look at its first page, fill the
dates, issue in January, enter progress, issue the July report, check the archive, download the PDF.
A screenshot and the page's HTML are saved when a step fails."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, need

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def office(tmp_path) -> Path:
    root = tmp_path / "van-phong"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def _serve(folder: Path):
    from vanban.web.server import make

    server, site = make(folder, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, site


@pytest.fixture
def server(office):
    server, site = _serve(office)
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def empty_server(tmp_path):
    server, site = _serve(tmp_path / "don-vi-moi")
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def browser(tmp_path):
    need(Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file(),
         "Chromium and chromedriver of the distribution are not installed (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1366,768", f"--user-data-dir={tempfile.mkdtemp(prefix='vanban-chromium-')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(2)
    yield driver
    driver.quit()


def _gone(element) -> bool:
    """Whether the page holding *element* has been left. While Chromium swaps pages, asking an
    element can fail with the inspector's own error (the old page's context is gone, the new one
    not there yet): that is asked again, not taken as a failure of the page."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException:
        return False
    return False


class Clerk:
    """What a clerk does on the page, one step at a time; a failing step leaves a screenshot."""

    def __init__(self, driver, site, shots: Path):
        from selenium.webdriver.common.by import By

        self.d, self.site, self.shots, self.By = driver, site, shots, By
        self.base = f"http://127.0.0.1:{site.port}"

    def open(self, path: str) -> None:
        self.d.get(self.base + path)

    def click(self, text: str) -> None:
        """A link or a button, by what it says."""
        By = self.By
        found = self.d.find_elements(By.XPATH, f"//a[normalize-space()='{text}'] | //button[normalize-space()='{text}']")
        assert found, f"nothing says «{text}» on {self.d.current_url}"
        self.press(found[0])

    def press(self, element, opens: bool = True) -> None:
        """Click *element* once it is in view (as a clerk scrolls to it); wait for the page it opens."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait

        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        before = self.d.find_element(self.By.TAG_NAME, "html")
        element.click()
        if opens:
            WebDriverWait(self.d, 30).until(lambda d: _gone(before))
            WebDriverWait(self.d, 30, ignored_exceptions=(WebDriverException,)).until(
                lambda d: d.execute_script("return document.readyState") == "complete")

    def type(self, name: str, text: str) -> None:
        field = self.d.find_element(self.By.NAME, name)
        field.clear()
        field.send_keys(text)

    def choose(self, name: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.d.find_element(self.By.NAME, name)).select_by_value(value)

    def tick(self, name: str) -> None:
        box = self.d.find_element(self.By.NAME, name)
        if not box.is_selected():
            self.press(box, opens=False)

    def page(self) -> str:
        """The page's text, read at once (a page that refreshes itself is never half read)."""
        for _ in range(20):
            text = self.d.execute_script("return document.body ? document.body.innerText : ''")
            if text:
                return text
        return ""

    def wait_job(self, timeout: int = 180) -> str:
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.d, timeout, poll_frequency=0.3).until(lambda d: "Đang làm" not in self.page())
        return self.page()

    def beside(self, name: str) -> str:
        found = self.d.find_elements(self.By.ID, "loi-" + name.replace(".", "-"))
        return found[0].text if found else ""

    def shot(self, name: str) -> Path:
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{name}.png"
        self.d.save_screenshot(str(path))
        (self.shots / f"{name}.html").write_text(self.d.page_source, encoding="utf-8")
        return path

    def fetch(self, url: str) -> bytes:
        """A download, with the browser's session."""
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in self.d.get_cookies())
        request = urllib.request.Request(self.base + url if url.startswith("/") else url, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()


def test_a_clerks_year_on_the_page(browser, server, office, tmp_path, libreoffice):
    shots = Path(os.environ.get("VANBAN_SCREENSHOTS") or tmp_path / "anh")
    clerk = Clerk(browser, server, shots)
    step = "mo-trang"
    try:
        clerk.open(f"/?khoa={server.keys.key}")
        assert "Năm 2018" in clerk.page() and "khoa=" not in browser.current_url

        step = "nam-moi"
        clerk.click("Năm mới")
        clerk.type("nam", "2019")
        clerk.click("Tạo năm mới")
        assert "Đã tạo dữ liệu năm 2019 từ năm 2018" in clerk.page()

        step = "bo-so-ban"  # one more unit is one more copy: the stated number of copies goes
        clerk.open("/nam/2019/ke-hoach")
        clerk.type("so_ban", "")
        clerk.click("Kiểm tra và lưu")
        assert "Đã lưu data/2019/ke-hoach.yaml" in clerk.page()

        step = "them-don-vi"
        clerk.click("Đơn vị")
        clerk.click("+ Thêm đơn vị")
        rows = browser.find_elements(clerk.By.CSS_SELECTOR, "input[name^='don_vi.'][name$='.id']")
        last = rows[-1].get_attribute("name").split(".")[1]
        clerk.type(f"don_vi.{last}.id", "ap_moi")
        clerk.choose(f"don_vi.{last}.loai", "ap")
        clerk.type(f"don_vi.{last}.ten", "Mới")
        for symbol, number in (("KH", "27"), ("TB", "11"), ("BC", "30")):  # numbers used before vanban
            clerk.press(clerk.d.find_element(clerk.By.CSS_SELECTOR, "button[value='so_da_dung']"))  # a row more, kept
            rows = browser.find_elements(clerk.By.CSS_SELECTOR, "input[name^='so_da_dung.'][name$='.id']")
            index = rows[-1].get_attribute("name").split(".")[1]
            clerk.type(f"so_da_dung.{index}.id", symbol)
            clerk.type(f"so_da_dung.{index}.so", number)
        clerk.click("Kiểm tra và lưu")
        assert "Đã lưu data/don-vi.yaml" in clerk.page(), clerk.page()
        text = (office / "data/don-vi.yaml").read_text(encoding="utf-8")
        assert "{id: ap_moi, loai: ap, ten: Mới}" in text and "KH: 27" in text and "BC: 30" in text

        step = "chi-tieu-sai"
        plan = office / "data/2019/ke-hoach.yaml"
        before = plan.read_bytes()
        clerk.click("Kế hoạch")
        clerk.type("pb.ap_moi.0", "hai")
        assert "ô chưa đúng dạng" in browser.find_element(clerk.By.CSS_SELECTOR, "output.cong").text  # live total
        clerk.click("Kiểm tra và lưu")
        assert "phải là số nguyên, khoảng «01-02» hoặc «từ 06»" in clerk.beside("pb.ap_moi.0")
        assert "Chưa lưu" in clerk.page()
        assert plan.read_bytes() == before

        step = "chi-tieu-dung"
        clerk.type("pb.ap_moi.0", "2")
        clerk.type("chi_tieu.0.tong_so", "19")
        assert "khớp tổng số" in browser.find_element(clerk.By.CSS_SELECTOR, "output.cong").text
        clerk.click("Kiểm tra và lưu")
        assert "Đã lưu data/2019/ke-hoach.yaml" in clerk.page(), clerk.page()
        assert "{don_vi: ap_moi, so_luong: 2}" in plan.read_text(encoding="utf-8")

        step = "du-thao"
        clerk.click("Tình hình năm 2019")
        clerk.press(browser.find_element(clerk.By.XPATH, "//h2[@id='loai-ke-hoach']/following-sibling::form//button[@value='1']"))
        assert "Xong." in clerk.wait_job()
        assert (office / "output/2019/ke-hoach-du-thao.docx").is_file()

        step = "xem-trang"
        clerk.click("Tình hình năm 2019")
        clerk.press(clerk.d.find_element(clerk.By.XPATH, "//section[.//h2[@id='loai-ke-hoach']]"
                                                         "//a[starts-with(normalize-space(), 'Xem trang')]"))
        clerk.wait_job(60)
        image = browser.find_element(clerk.By.CSS_SELECTOR, "img.trang")
        assert image.get_property("naturalWidth") > 500
        assert " trang" in browser.find_element(clerk.By.CSS_SELECTOR, ".so-trang").text

        step = "dien-ngay"
        clerk.click("Kế hoạch")
        clerk.type("ngay", "05/01/2019")
        clerk.click("Kiểm tra và lưu")
        assert "Đã lưu" in clerk.page()
        clerk.click("Thông báo")
        clerk.type("ngay", "2019-01-10")
        clerk.click("Kiểm tra và lưu")
        assert "Đã lưu data/2019/thong-bao.yaml" in clerk.page()

        step = "phat-hanh-thang-1"
        clerk.click("Tình hình năm 2019")
        clerk.click("Phát hành…")
        assert "Sẽ phát hành (17)" in clerk.page() and "chưa khai kỳ báo cáo nào" in clerk.page()
        clerk.tick("dong_y")
        clerk.press(clerk.d.find_element(clerk.By.CSS_SELECTOR, "form.xac-nhan button[type='submit']"))
        done = clerk.wait_job(240)
        assert "Đã phát hành: 28-KH/ĐU" in done and "Đã phát hành: 12-TB/ĐU" in done
        assert "Chưa phát hành — bao-cao" in done

        step = "tien-do"
        clerk.open("/nam/2019/tien-do?ky=6-thang")
        for field in browser.find_elements(clerk.By.CSS_SELECTOR, "input[name^='tien_do.']"):
            name = field.get_attribute("name")
            if not name.endswith("ghi_chu"):
                field.send_keys("1" if name.endswith(".gioi_thieu") else "0")
        clerk.click("Kiểm tra và lưu")
        assert "Đã lưu data/2019/tien-do.yaml" in clerk.page(), clerk.page()

        step = "ky-bao-cao"
        clerk.click("Báo cáo")
        clerk.press(clerk.d.find_element(clerk.By.CSS_SELECTOR, "button[value='ky']"))
        clerk.type("ky.0.id", "6-thang")
        clerk.type("ky.0.ngay", "2019-07-05")
        clerk.click("Kiểm tra và lưu")
        assert "Đã lưu data/2019/bao-cao.yaml" in clerk.page(), clerk.page()

        step = "phat-hanh-thang-7"
        clerk.click("Tình hình năm 2019")
        clerk.click("Phát hành…")
        assert "Sẽ phát hành (1)" in clerk.page()
        clerk.tick("dong_y")
        clerk.press(clerk.d.find_element(clerk.By.CSS_SELECTOR, "form.xac-nhan button[type='submit']"))
        clerk.wait_job(240)
        assert "Lưu trữ năm 2019" in clerk.page()  # nothing waits any more: the archive page comes next
        assert "31-BC/ĐU" in clerk.page()

        step = "kiem-tra-luu-tru"
        clerk.click("Kiểm tra lưu trữ")
        assert "Lưu trữ năm 2019 nguyên vẹn" in clerk.page()

        step = "tai-pdf"
        link = browser.find_element(clerk.By.XPATH, "//tr[contains(., '28-KH/ĐU')]//a[normalize-space()='PDF']")
        data = clerk.fetch(link.get_attribute("href"))
        assert data.startswith(b"%PDF")
        assert data == (office / "output/2019/luu-vt/ke-hoach-28-kh-du.pdf").read_bytes()
    except Exception as exc:
        path = clerk.shot(f"loi-{step}")
        raise AssertionError(f"bước «{step}» hỏng; ảnh chụp trang: {path}") from exc


def test_a_new_office_is_made_in_the_browser(browser, empty_server, tmp_path):
    """`vanban giao-dien` opened on a folder that is not a working folder yet: the guided khoi-tao."""
    from vanban.web.views.new_office import available

    clerk = Clerk(browser, empty_server, Path(os.environ.get("VANBAN_SCREENSHOTS") or tmp_path / "anh"))
    folder = empty_server.folder
    step = "mo-trang"
    try:
        clerk.open(f"/?khoa={empty_server.keys.key}")
        assert "chưa phải thư mục làm việc" in clerk.page()
        clerk.click("Tạo đơn vị mới ở thư mục này")
        if not available():  # a vanban without `khoi-tao` says where to start instead
            assert "chưa có lệnh «vanban khoi-tao»" in clerk.page()
            return
        step = "thieu-ten"
        clerk.choose("mau", "dang-uy-xa")
        clerk.type("nam", "2026")
        clerk.type("dia_danh", "Tân Phú")
        clerk.type("nhiem_ky", "2025-2030")
        clerk.type("bat_dau", "15/10/2025")
        clerk.type("so_da_dung", "KH=27, TB=11")
        clerk.click("Tạo đơn vị mới")
        assert "chưa có tên cơ quan ban hành" in clerk.beside("co_quan") and "Chưa tạo" in clerk.page()
        assert not (folder / "data").exists()
        step = "tao"
        clerk.type("co_quan", "Đảng ủy xã Tân Phú")
        clerk.click("Tạo đơn vị mới")
        assert "Đã tạo thư mục làm việc" in clerk.page(), clerk.page()
        assert "Đảng ủy xã Tân Phú" in (folder / "data/don-vi.yaml").read_text(encoding="utf-8")
        step = "nam-dau"
        clerk.click("Tình hình năm 2026")
        assert "Năm 2026 — Đảng ủy xã Tân Phú" in clerk.page()
    except Exception as exc:
        path = clerk.shot(f"loi-khoi-tao-{step}")
        raise AssertionError(f"bước «{step}» hỏng; ảnh chụp trang: {path}") from exc
