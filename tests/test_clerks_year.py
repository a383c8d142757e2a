"""The clerk's year: what is ready is issued, what is not waits with its reason.

January: the plan and the letters go out while the report of July has no period or no
progress yet; July: the report of the half-year goes out on its own. Numbers run on
through the term; a part that is not issued gives back any number it took."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import run
from vanban.errors import Findings
from vanban.issuing.register import Allocator, Register

YEAR = "2019"


def _date(root: Path, name: str, date: str) -> None:
    path = root / "data" / YEAR / name
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^ngay:.*$", f"ngay: {date}", text, count=1, flags=re.M), encoding="utf-8")


def _january(project: Path) -> Path:
    """2018 issued, 2019 started with `nam-moi`, its plan and letters dated in January."""
    assert run(project, "phat-hanh", "2018", "--khong-pdf").exit_code == 0
    assert run(project, "nam-moi", YEAR).exit_code == 0
    _date(project, "ke-hoach.yaml", "2019-01-05")
    _date(project, "thong-bao.yaml", "2019-01-07")
    return project


def test_january_issues_the_plan_and_letters_while_the_report_waits(project):
    root = _january(project)
    result = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 0, result.output
    assert "Đã phát hành: 29-KH/ĐU" in result.output  # after 28-KH/ĐU of 2018, in the 2015-2020 term
    assert result.output.count("Đã phát hành:") == 1 + 15
    assert "Chưa phát hành (1, chờ đủ dữ liệu)" in result.output
    assert "bao-cao" in result.output and "chưa khai kỳ báo cáo nào" in result.output
    assert sorted(p.name for p in (root / "output" / YEAR / "luu-vt").glob("bao-cao*")) == []
    status = run(root, "tinh-hinh", YEAR)
    assert status.exit_code == 0, status.output
    assert re.search(r"ke-hoach\s+đã phát hành\s+29-KH/ĐU\s+2019-01-05", status.output)
    assert re.search(r"bao-cao\s+chưa đủ dữ liệu", status.output)


def test_july_issues_the_half_year_report_on_its_own(project):
    root = _january(project)
    assert run(root, "phat-hanh", YEAR, "--khong-pdf").exit_code == 0
    report = root / "data" / YEAR / "bao-cao.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("ky: {}", "ky:\n  6-thang: {ngay: 2019-07-05}"),
                      encoding="utf-8")
    waiting = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert waiting.exit_code == 2, waiting.output  # nothing issued while the report waits: something to do
    assert "bao-cao 6-thang" in waiting.output and "chưa có số liệu tiến độ" in waiting.output
    progress = (root / "data" / "2018" / "tien-do.yaml").read_text(encoding="utf-8")
    (root / "data" / YEAR / "tien-do.yaml").write_text(progress, encoding="utf-8")
    done = run(root, "phat-hanh", YEAR, "bao-cao", "--ky", "6-thang", "--khong-pdf")
    assert done.exit_code == 0, done.output
    assert re.findall(r"Đã phát hành: (\S+)", done.output) == ["33-BC/ĐU"]  # 2018 issued 31 and 32
    assert "Chưa phát hành" not in done.output
    assert run(root, "luu-tru", "kiem-tra", YEAR).exit_code == 0


def test_a_year_without_data_is_an_error_not_nothing_to_do(project):
    result = run(project, "phat-hanh", "2031")
    assert result.exit_code == 2, result.output
    assert "năm 2031 chưa có dữ liệu văn bản nào" in result.output and "vanban nam-moi 2031" in result.output


def test_a_kind_that_is_not_issued_gives_back_its_numbers():
    """The documents of a part taken out of the run (its data not complete) leave no gap: the
    next document takes the number they would have had."""
    from types import SimpleNamespace

    from vanban.data.profiles import load_profile

    register = Register(Path("so.csv"), "so.csv")
    office = SimpleNamespace(so_da_dung={"TB": 0})  # a State office: one series a year for every type
    findings = Findings()
    allocate = Allocator(register, load_profile("nha_nuoc"), office, 2026, set(), findings)
    assert [allocate("thong_bao", f"thong-bao/{i}", None, None) for i in range(3)] == [1, 2, 3]
    mark = allocate.mark()
    assert allocate("bao_cao", "bao-cao/quy-1", None, None) == 4
    allocate.findings.add(None, "số không dùng được")
    allocate.rollback(mark)
    assert not findings.items
    assert allocate("ke_hoach", "ke-hoach", None, None) == 4


def test_a_build_without_a_number_says_it_wrote_a_draft_and_why(project):
    root = _january(project)
    plan = root / "data" / YEAR / "ke-hoach.yaml"
    assert re.search(r"^so:\s*(#.*)?$", plan.read_text(encoding="utf-8"), re.M)  # nam-moi left the number blank
    result = run(root, "build", "ke-hoach", YEAR)
    assert result.exit_code == 0, result.output
    assert "ke-hoach-du-thao.docx" in result.output
    assert "Chưa có số: 1 văn bản được ghi như bản dự thảo" in result.output and "vanban phat-hanh 2019" in result.output
    numbered = run(root, "build", "ke-hoach", "2018")  # issued: the register gives it its number
    assert "ke-hoach-28-kh-du.docx" in numbered.output and "Chưa có số" not in numbered.output


def test_starting_mid_term_asks_for_the_last_numbers_used(project):
    """An office that starts with vanban in 2019 of the 2015-2020 term has used numbers before:
    the first number of a type is not given from 01 without a word, it waits for so_da_dung."""
    assert run(project, "nam-moi", YEAR).exit_code == 0
    _date(project, "ke-hoach.yaml", "2019-01-05")
    _date(project, "thong-bao.yaml", "2019-01-07")
    waiting = run(project, "phat-hanh", YEAR, "--khong-pdf")
    assert waiting.exit_code == 2, waiting.output
    assert "Đã phát hành" not in waiting.output
    assert "chưa biết số văn bản loại KH đã dùng trong nhiệm kỳ 2015-2020" in waiting.output
    assert "so_da_dung: {KH: 27}" in waiting.output and "loại TB" in waiting.output
    org = project / "data" / "don-vi.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "\nso_da_dung: {KH: 40, TB: 0}\n", encoding="utf-8")
    done = run(project, "phat-hanh", YEAR, "--khong-pdf")
    assert done.exit_code == 0, done.output
    numbers = re.findall(r"Đã phát hành: (\S+)", done.output)
    assert numbers[0] == "41-KH/ĐU" and numbers[1:] == [f"{n:02d}-TB/ĐU" for n in range(1, 16)]


# --------------------------------------------------------------------------
# The clerk's year alone: a new office set up and run through its workbooks only


def _fill(book: Path, edits) -> None:
    """Type into the workbook as a clerk would: *edits* is a function given the openpyxl workbook."""
    import openpyxl

    wb = openpyxl.load_workbook(book)
    edits(wb)
    wb.save(book)


def _col(ws, key: str) -> int:
    return next(i for i, c in enumerate(ws[2], 1) if c.value == key)


def _row(ws, key: str) -> int:
    return next(r[2].row for r in ws.iter_rows(min_row=2) if r[2].value == key)


def test_a_new_office_runs_its_year_through_the_workbook_alone(tmp_path):
    """khoi-tao, the workbook filled with openpyxl, excel nhap, a draft, phat-hanh in January (plan and
    letters, the report waiting), progress entered in July, the report issued, the archive checked —
    and no YAML file edited by hand."""
    import openpyxl

    from click.testing import CliRunner

    from vanban.cli import main

    root = tmp_path / "xa-tan-phu"
    made = CliRunner().invoke(main, ["khoi-tao", str(root), "--mau", "dang-uy-xa", "--nam", "2026", "--co-quan", "Đảng ủy xã Tân Phú",
               "--dia-danh", "Tân Phú", "--cap-tren", "Đảng bộ tỉnh Đồng Tháp", "--nhiem-ky", "2025-2030",
               "--bat-dau", "01/10/2025", "--so-da-dung", "KH=4", "--so-da-dung", "TB=20", "--so-da-dung", "BC=9"],
                              catch_exceptions=False)
    assert made.exit_code == 0, made.output
    assert not (root / "output").exists() and not (root / "data/so-van-ban-di.csv").exists()
    assert sorted(p.name for p in (root / "data").iterdir()) == ["2026", "don-vi.yaml"]
    book = root / "data/2026/du-lieu-2026.xlsx"
    yaml_before = {p: p.read_bytes() for p in (root / "data").rglob("*.yaml")}

    def january(wb):
        signers = wb["don-vi · Người ký"]
        signers.cell(3, _col(signers, "ho_ten")).value = "Nguyễn Văn Phú"
        signers.cell(4, _col(signers, "ho_ten")).value = "Trần Thị Lan"
        units = wb["don-vi · Đơn vị"]
        new = units.max_row + 1
        for key, value in (("id", "ap_moi"), ("loai", "ap"), ("ten", "Mới")):
            units.cell(new, _col(units, key)).value = value
        wb["ke-hoach"].cell(_row(wb["ke-hoach"], "ngay"), 2).value = "05/01/2026"
        wb["thong-bao"].cell(_row(wb["thong-bao"], "ngay"), 2).value = dt.datetime(2026, 1, 7)
        quotas = wb["ke-hoach · Chỉ tiêu"]
        assert quotas.cell(3, _col(quotas, "loai")).value == "ket_nap"
        quotas.cell(3, _col(quotas, "tong_so")).value = 13
        shares = wb["ke-hoach · Phân bổ"]
        row = shares.max_row + 1
        for key, value in (("#chi_tieu", 1), ("don_vi", "ap_moi"), ("so_luong", 1)):
            shares.cell(row, _col(shares, key)).value = value

    _fill(book, january)
    imported = run(root, "excel", "nhap", "2026")
    assert imported.exit_code == 0, imported.output
    assert "data/don-vi.yaml" in imported.output and "data/2026/ke-hoach.yaml" in imported.output
    assert run(root, "build", "ke-hoach", "2026", "--du-thao").exit_code == 0
    issued = run(root, "phat-hanh", "2026", "--khong-pdf")
    assert issued.exit_code == 0, issued.output
    numbers = re.findall(r"Đã phát hành: (\S+)", issued.output)
    assert numbers[0] == "05-KH/ĐU"  # the term's numbers run on from the last one used before vanban
    letters = [n for n in numbers if n.endswith("-TB/ĐU")]
    assert letters[0] == "21-TB/ĐU" and len(letters) == len(set(letters)) >= 11
    assert "Chưa phát hành (1, chờ đủ dữ liệu)" in issued.output and "chưa khai kỳ báo cáo nào" in issued.output

    # July: progress entered in its workbook, the half-year period in the data workbook
    assert run(root, "mau-excel", "tien-do", "2026").exit_code == 0
    progress = root / "data/2026/tien-do.xlsx"
    wb = openpyxl.load_workbook(progress)
    ws = wb["6-thang"]
    stages = [c.column for c in ws[2] if c.value in ("Quần chúng ưu tú được giới thiệu", "Đã học lớp nhận thức về Đảng",
                                                      "Đang thẩm tra lý lịch, hoàn thiện hồ sơ", "Đã kết nạp")]
    assert len(stages) == 4
    for r in range(3, ws.max_row + 1):
        if ws.cell(r, 1).value:
            for c, n in zip(stages, (2, 1, 0, 1)):
                ws.cell(r, c).value = n
    wb.save(progress)

    def july(wb):
        periods = wb["bao-cao · Kỳ báo cáo"]
        periods["A3"], periods["C3"] = "6-thang", "03/07/2026"

    _fill(book, july)
    assert run(root, "excel", "nhap", "2026").exit_code == 0
    report = run(root, "phat-hanh", "2026", "--khong-pdf")
    assert report.exit_code == 0, report.output
    assert re.findall(r"Đã phát hành: (\S+)", report.output) == ["10-BC/ĐU"]
    assert "Chưa phát hành" not in report.output
    check = run(root, "luu-tru", "kiem-tra", "2026")
    assert check.exit_code == 0 and "nguyên vẹn" in check.output, check.output
    # what the clerk typed into the workbooks is in the data files
    org = (root / "data/don-vi.yaml").read_text(encoding="utf-8")
    assert "Nguyễn Văn Phú" in org and "ap_moi" in org and "Đảng ủy xã Tân Phú" in org and "KH: 4" in org
    assert "(giả định)" not in org.split("Nguyễn Văn Phú")[1].split("\n")[0]  # the example's remark went with its name
    changed = sorted(p.name for p in (root / "data").rglob("*.yaml") if yaml_before.get(p) != p.read_bytes())
    assert changed == ["bao-cao.yaml", "don-vi.yaml", "ke-hoach.yaml", "thong-bao.yaml"]


def test_a_copied_example_does_not_block_the_new_year_and_the_term_plan_stays(tmp_path):
    """The example's later year (a term report only) is no obstacle: nam-moi fills what is missing and
    never copies the term plan, which serves every year from its own folder."""
    import shutil

    from conftest import REPO

    root = tmp_path / "vd"
    shutil.copytree(REPO / "examples/dang-uy-xa/data", root / "data")
    shutil.copytree(REPO / "examples/dang-uy-xa/templates", root / "templates")
    before = {p.name: p.read_bytes() for p in (root / "data/2027").iterdir()}
    result = run(root, "nam-moi", "2027")
    assert result.exit_code == 0, result.output
    assert "data/2027/ke-hoach.yaml" in result.output and "bao-cao-nhiem-ky" not in result.output
    names = sorted(p.name for p in (root / "data/2027").iterdir())
    assert "ke-hoach.yaml" in names and "ke-hoach-nhiem-ky.yaml" not in names
    assert all((root / "data/2027" / n).read_bytes() == b for n, b in before.items())
    assert run(root, "build", "ke-hoach", "2027", "--du-thao").exit_code == 0
    again = run(root, "nam-moi", "2027")
    assert again.exit_code == 1 and "không ghi đè" in again.output


# --------------------------------------------------------------------------
# Where the clerk who works in Excel is told to type


def _new_office(root: Path, *extra: str, answers: str | None = None):
    from click.testing import CliRunner

    from vanban.cli import main

    args = ["khoi-tao", str(root), "--mau", "dang-uy-xa", "--nam", "2026", "--co-quan", "Đảng ủy xã Tân Phú",
            "--dia-danh", "Tân Phú", "--cap-tren", "Đảng bộ tỉnh Đồng Tháp", "--nhiem-ky", "2025-2030",
            "--bat-dau", "01/10/2025", *extra]
    return CliRunner().invoke(main, args, input=answers, catch_exceptions=False)


def test_khoi_tao_asks_the_last_number_of_each_type_the_office_issues(tmp_path):
    """Asked once for «KH=27, TB=11», a clerk answers the two named and the reports start at 01 mid-term:
    each type is asked on its own, and a word is asked again."""
    made = _new_office(tmp_path / "xa", answers="4\nhai\n20\n\n")
    assert made.exit_code == 0, made.output
    for name in ("Kế hoạch (KH)", "Thông báo (TB)", "Báo cáo (BC)"):
        assert f"Số cuối cùng của {name} đã dùng trong nhiệm kỳ 2025-2030" in made.output
    assert "«hai» không phải một số" in made.output
    assert "so_da_dung: {BC: 0, KH: 4, TB: 20}" in (tmp_path / "xa/data/don-vi.yaml").read_text(encoding="utf-8")


def test_what_waits_is_said_by_its_cell_in_the_workbook(tmp_path):
    """A clerk who works in the workbook is told which cell to fill, not only a YAML line: the issue
    date of the plan, the report's periods, the last number of a type nobody recorded."""
    import openpyxl

    root = tmp_path / "xa"
    assert _new_office(root, "--so-da-dung", "KH=4", "--so-da-dung", "TB=20").exit_code == 0
    book = root / "data/2026/du-lieu-2026.xlsx"
    status = run(root, "tinh-hinh", "2026")
    assert status.exit_code == 0, status.output
    assert "ke-hoach: data/2026/ke-hoach.yaml" in status.output
    assert "trong sổ Excel data/2026/du-lieu-2026.xlsx: điền ô ke-hoach!B3 rồi «vanban excel nhap 2026»" in status.output
    assert "điền ô bao-cao · Kỳ báo cáo!A3" in status.output
    built = run(root, "build", "ke-hoach", "2026")
    assert built.exit_code == 2 and "điền ô ke-hoach!B3" in built.output, built.output

    wb = openpyxl.load_workbook(book)
    wb["ke-hoach"]["B3"] = "05/01/2026"
    wb["bao-cao · Kỳ báo cáo"]["A3"], wb["bao-cao · Kỳ báo cáo"]["C3"] = "6 tháng", "03/07/2026"  # as a clerk says it
    wb.save(book)
    assert run(root, "excel", "nhap", "2026").exit_code == 0
    assert "6-thang: {ngay: 2026-07-03}" in (root / "data/2026/bao-cao.yaml").read_text(encoding="utf-8")
    ready = run(root, "tinh-hinh", "2026")
    assert re.search(r"ke-hoach\s+sẵn sàng\s+\(chưa có số\)\s+2026-01-05", ready.output), ready.output
    assert "-KH/ĐU" not in ready.output
    issued = run(root, "phat-hanh", "2026", "ke-hoach", "--khong-pdf")
    assert issued.exit_code == 0 and "05-KH/ĐU" in issued.output, issued.output


def test_a_report_whose_type_has_no_last_number_points_at_the_numbers_sheet(tmp_path):
    import openpyxl

    root = tmp_path / "xa"
    assert _new_office(root, "--so-da-dung", "KH=4", "--so-da-dung", "TB=20").exit_code == 0
    book = root / "data/2026/du-lieu-2026.xlsx"
    wb = openpyxl.load_workbook(book)
    wb["bao-cao · Kỳ báo cáo"]["A3"], wb["bao-cao · Kỳ báo cáo"]["C3"] = "6-thang", "03/07/2026"
    wb["ke-hoach"]["B3"] = "05/01/2026"
    wb.save(book)
    assert run(root, "excel", "nhap", "2026").exit_code == 0
    assert run(root, "mau-excel", "tien-do", "2026").exit_code == 0
    progress = root / "data/2026/tien-do.xlsx"
    wb = openpyxl.load_workbook(progress)
    ws = wb["6-thang"]
    stages = [c.column for c in ws[2] if c.value in ("Quần chúng ưu tú được giới thiệu", "Đã học lớp nhận thức về Đảng",
                                                      "Đang thẩm tra lý lịch, hoàn thiện hồ sơ", "Đã kết nạp")]
    for r in range(3, ws.max_row + 1):
        if ws.cell(r, 1).value:
            for c, n in zip(stages, (2, 1, 0, 1)):
                ws.cell(r, c).value = n
    wb.save(progress)
    waiting = run(root, "phat-hanh", "2026", "bao-cao", "--khong-pdf")
    assert waiting.exit_code == 2, waiting.output
    assert "Lần này chưa phát hành được văn bản nào." in waiting.output and "Không có gì thay đổi" not in waiting.output
    assert "chưa biết số văn bản loại BC" in waiting.output and "điền ô don-vi · Số đã dùng!" in waiting.output


def test_nam_moi_writes_the_new_years_workbook_for_an_office_that_works_in_excel(tmp_path):
    root = tmp_path / "xa"
    assert _new_office(root, "--so-da-dung", "KH=0").exit_code == 0
    result = run(root, "nam-moi", "2027")
    assert result.exit_code == 0, result.output
    assert (root / "data/2027/du-lieu-2027.xlsx").is_file()
    assert "Sổ Excel của năm: data/2027/du-lieu-2027.xlsx" in result.output and "vanban excel nhap 2027" in result.output
    assert run(root, "excel", "nhap", "2027").exit_code == 0
