"""The data workbook at the boundary: nothing it says is trusted (issue 20), and its import is the
build's check, all at once (issue 21).

Names from the workbook are never paths; text stays text in every workbook vanban writes; a
formula, a renamed, missing or extra sheet, an unknown id, a duplicate, a value typed where no
column is, an impossible date, 100.000 rows — each is refused with a Vietnamese message naming
its sheet and cell, exit 2, no traceback, nothing written, nothing outside the project touched."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, run
from test_workbook import column, copy, exported
from vanban.data.sources.yaml import read_yaml


def snapshot(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def refused(project: Path, *args: str) -> str:
    """The output of a run that must be refused: exit 2, no traceback, nothing written in data/."""
    before = snapshot(project / "data")
    result = run(project, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Lỗi không mong đợi" not in result.output
    assert snapshot(project / "data") == before
    return result.output


def guide_row(wb, sheet: str) -> int:
    return next(c.row for c in wb["Hướng dẫn"]["A"] if c.value == sheet)


# --------------------------------------------------------------------------
# Names from files are never paths


@pytest.mark.parametrize("name", ["../outside/victim.txt", "{abs}", "2018/../../outside/victim.txt",
                                  "2017/ke-hoach.yaml", "2018/ghi-chu.yaml", "don-vi.yml"])
def test_a_file_named_by_the_guide_is_never_a_path(tmp_path, name):
    project, book, wb = exported(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("không được ghi đè", encoding="utf-8")
    name = name.replace("{abs}", str(victim))
    row = guide_row(wb, "ke-hoach")
    wb["Hướng dẫn"].cell(row, 2).value = name
    wb.save(book)
    out = refused(project, "excel", "nhap", "2018")
    assert f"Hướng dẫn!B{row}" in out and "không phải một tệp dữ liệu vanban ghi cho năm 2018" in out
    assert victim.read_text(encoding="utf-8") == "không được ghi đè" and sorted(outside.iterdir()) == [victim]


def test_multi_line_text_lands_as_typed(tmp_path):
    project, book, wb = exported(tmp_path)
    general = wb["ke-hoach"]
    row = next(r[1].row for r in general.iter_rows(min_row=2) if r[2].value == "trich_yeu")
    general.cell(row, 2).value = "tạo nguồn phát triển đảng\r\nnăm 2018: «đợt 1»; - và: # không phải chú thích"
    cited = wb["ke-hoach · Văn bản dẫn"]
    cited.cell(3, column(cited, "trich_yeu")).value = "  Hướng dẫn\nthi hành Điều lệ  "
    wb.save(book)
    result = run(project, "excel", "nhap", "2018")
    assert result.exit_code == 0, result.output
    plan = read_yaml(project / "data/2018/ke-hoach.yaml", "ke-hoach.yaml")[0]
    assert plan["trich_yeu"] == "tạo nguồn phát triển đảng\nnăm 2018: «đợt 1»; - và: # không phải chú thích"
    assert plan["van_ban"][0]["trich_yeu"] == "Hướng dẫn\nthi hành Điều lệ"
    assert plan["van_ban"][1]["trich_yeu"] == "Hướng dẫn nghiệp vụ công tác đảng viên"  # the rest as it was
    text = (project / "data/2018/ke-hoach.yaml").read_text(encoding="utf-8")
    assert "# Căn cứ" not in text and "# Các đoạn «Căn cứ …»" in text  # the clerk's comments stay


# --------------------------------------------------------------------------
# Text stays text, in every workbook vanban writes

FORMULAS = {"unit": '=HYPERLINK("http://x.example","Chợ")', "signer": "+84 Nguyễn Văn An",
            "recipient": "@Ban Tuyên giáo Huyện ủy", "note": "-(để biết)"}


def _formula_cells(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [n for n in zf.namelist() if n.startswith("xl/worksheets/") and b"<f>" in zf.read(n)]


def test_text_that_looks_like_a_formula_stays_text_in_every_workbook(project):
    org = project / "data/don-vi.yaml"
    text = org.read_text(encoding="utf-8")
    text = text.replace("{id: ap_cho, loai: ap, ten: Chợ}", "{id: ap_cho, loai: ap, ten: '" + FORMULAS["unit"] + "'}")
    text = text.replace("ho_ten: Nguyễn Văn An", f"ho_ten: \"{FORMULAS['signer']}\"")
    org.write_text(text, encoding="utf-8")
    plan = project / "data/2018/ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8").replace("  - cac_chi_bo\nso_ban: 28", "  - cac_chi_bo\n  - {ten: \""
                                                    + FORMULAS["recipient"] + "\", ghi_chu: \"" + FORMULAS["note"]
                                                    + "\"}\nso_ban: 29")
    plan.write_text(text, encoding="utf-8")
    before = {n: read_yaml(p, n)[0] for n, p in (("o", org), ("p", plan))}
    assert run(project, "excel", "xuat", "2018").exit_code == 0
    (project / "data/2018/tien-do.yaml").rename(project / "tien-do.yaml")  # the progress workbook instead
    assert run(project, "mau-excel", "tien-do", "2018").exit_code == 0
    (project / "tien-do.yaml").rename(project / "data/2018/tien-do.yaml")
    (project / "data/2018/tien-do.xlsx").unlink()
    assert run(project, "build", "noi-nhan", "2018").exit_code == 0
    issued = run(project, "phat-hanh", "2018", "--khong-pdf")
    assert issued.exit_code == 0, issued.output
    books = [project / "data/2018/du-lieu-2018.xlsx", project / "output/2018/noi-nhan-2018.xlsx",
             project / "output/2018/luu-vt/so-dang-ky-van-ban-di-2018.xlsx"]
    wb = openpyxl.load_workbook(books[0])
    assert wb["don-vi · Đơn vị"]["C3"].value == FORMULAS["unit"] and wb["don-vi · Đơn vị"]["C3"].data_type == "s"
    seen = set()
    for path in books:
        assert _formula_cells(path) == [], path
        for ws in openpyxl.load_workbook(path).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    for key, value in FORMULAS.items():
                        if isinstance(cell.value, str) and value in cell.value:
                            assert cell.data_type == "s", (path.name, cell.coordinate)
                            seen.add((path.name, key))
    assert {("du-lieu-2018.xlsx", k) for k in FORMULAS} <= seen
    assert ("so-dang-ky-van-ban-di-2018.xlsx", "recipient") in seen and ("noi-nhan-2018.xlsx", "recipient") in seen
    # the round trip gives them back unchanged
    for name in ("don-vi.yaml", "2018/ke-hoach.yaml"):
        (project / "data" / name).unlink()
    assert run(project, "excel", "nhap", "2018").exit_code == 0
    assert read_yaml(org, "o")[0]["don_vi"][0]["ten"] == FORMULAS["unit"]
    assert read_yaml(plan, "p")[0]["noi_nhan"] == before["p"]["noi_nhan"]


def test_the_progress_workbook_writes_names_as_text(project):
    org = project / "data/don-vi.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("ten: Chợ}", "ten: '=1+1'}"), encoding="utf-8")
    (project / "data/2018/tien-do.yaml").unlink()
    assert run(project, "mau-excel", "tien-do", "2018").exit_code == 0
    book = project / "data/2018/tien-do.xlsx"
    assert _formula_cells(book) == []
    cell = openpyxl.load_workbook(book)["quy-1"]["B3"]
    assert cell.value.endswith("=1+1") and cell.data_type == "s"


def test_a_formula_is_refused_with_the_value_it_shows(tmp_path):
    project, book, wb = exported(tmp_path)
    wb["don-vi · Đơn vị"]["C3"] = '="Ch"&"ợ"'
    wb["ke-hoach · Chỉ tiêu"]["E3"] = "=10+7"
    wb.save(book)
    with zipfile.ZipFile(book) as zf:  # the value Excel would have cached beside the formula
        parts = {n: zf.read(n) for n in zf.namelist()}
    for name, data in parts.items():
        parts[name] = re.sub(rb'(<c r="E3"[^>]*)><f>10\+7</f><v\s*/?>(</v>)?', rb'\1><f>10+7</f><v>17</v>', data)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    book.write_bytes(out.getvalue())
    said = refused(project, "excel", "nhap", "2018")
    assert "don-vi · Đơn vị!C3 là công thức" in said and "gõ giá trị vào ô" in said
    assert "ke-hoach · Chỉ tiêu!E3 là công thức" in said and "sổ đang hiện «17»" in said
    assert "Đảng ủy" not in read_yaml(project / "data/don-vi.yaml", "x")[0]["don_vi"][0].get("ten", "")


# --------------------------------------------------------------------------
# The import checks what the build checks


def test_a_renamed_missing_or_extra_sheet_is_an_error_not_a_skip(tmp_path):
    project, book, wb = exported(tmp_path)
    wb["ke-hoach · Phân bổ"].title = "Phân bổ 2018"
    del wb["ke-hoach · Hạn báo cáo"]
    wb.create_sheet("Ghi chú của tôi")["A1"] = "việc cần làm"
    wb.save(book)
    out = refused(project, "excel", "nhap", "2018")
    assert "không có trang «ke-hoach · Phân bổ» trong sổ" in out
    assert "Phân bổ 2018!A1: trang «Phân bổ 2018» không có trong trang «Hướng dẫn»" in out
    assert "không có trang «ke-hoach · Hạn báo cáo»" in out
    assert "Ghi chú của tôi!A1" in out
    assert len(read_yaml(project / "data/2018/ke-hoach.yaml", "x")[0]["chi_tieu"][0]["phan_bo"]) == 9


def test_three_mistakes_in_three_cells_come_back_in_one_run(tmp_path):
    project, book, wb = exported(tmp_path)
    share = wb["ke-hoach · Phân bổ"]
    unit, amount = column(share, "don_vi"), column(share, "so_luong")
    share.cell(6, unit).value = "ap_ben_doo"          # an id that does not exist
    share.cell(8, amount).value = "hai"               # a word in a number cell
    general = wb["ke-hoach"]
    row = next(r[1].row for r in general.iter_rows(min_row=2) if r[2].value == "ngay")
    general.cell(row, 2).value = "31/02/2018"         # a date that does not exist
    wb.save(book)
    out = refused(project, "excel", "nhap", "2018")
    letter = openpyxl.utils.get_column_letter
    assert f"ke-hoach · Phân bổ!{letter(unit)}6: chi bộ «ap_ben_doo» không có ở trang «don-vi · Đơn vị»" in out
    assert "(có phải «ap_ben_do»?)" in out
    assert f"ke-hoach · Phân bổ!{letter(amount)}8:" in out and "'hai'" in out
    assert f"ke-hoach!B{row}: 31/02/2018: tháng 2 không có ngày 31" in out
    assert out.startswith("Dữ liệu có lỗi: 3 vấn đề cần sửa"), out  # and nothing else: the total is not blamed


def test_a_code_that_is_not_declared_names_the_sheet_that_declares_it(tmp_path):
    """A clerk who works in the workbook is sent to a sheet, not to don-vi.yaml."""
    project, book, wb = exported(tmp_path)
    general = wb["ke-hoach"]
    row = next(r[1].row for r in general.iter_rows(min_row=2) if r[2].value == "nguoi_ky")
    general.cell(row, 2).value = "bi_thuu"
    quotas = wb["ke-hoach · Chỉ tiêu"]
    quotas.cell(3, column(quotas, "loai")).value = "ket_napp"
    wb.save(book)
    out = refused(project, "excel", "nhap", "2018")
    assert "người ký «bi_thuu» không có ở trang «don-vi · Người ký»" in out
    assert "loại chỉ tiêu «ket_napp» chưa khai ở trang «don-vi · Loại chỉ tiêu»" in out
    assert "don-vi.yaml" not in out


def test_ids_must_exist_and_duplicates_are_refused(tmp_path):
    project, book, wb = exported(tmp_path)
    units = wb["don-vi · Đơn vị"]
    units.cell(4, 1).value = "ap_cho"                   # a unit id twice
    periods = wb["bao-cao · Kỳ báo cáo"]
    periods["A5"], periods["B5"] = "quy-1", 40           # a period twice
    lines = wb["ke-hoach · Nơi nhận"]
    lines.cell(3, column(lines, "id")).value = "vp_huyen_uyy"  # a recipient that is not in the registry
    wb.save(book)
    out = refused(project, "excel", "nhap", "2018")
    assert "don-vi · Đơn vị!A4: mã «ap_cho» bị trùng (đã dùng ở ô don-vi · Đơn vị!A3)" in out
    assert "bao-cao · Kỳ báo cáo!A5: mã «quy-1» đã có ở dòng 3" in out
    assert "ke-hoach · Nơi nhận!A3" in out and "vp_huyen_uyy" in out


@pytest.mark.parametrize("typed, expected", [
    (dt.datetime(2018, 1, 6), dt.date(2018, 1, 6)), ("2018-01-06", dt.date(2018, 1, 6)),
    ("06/01/2018", dt.date(2018, 1, 6)), ("6/1/2018", dt.date(2018, 1, 6)),
    ("29/02/2018", "29/02/2018: tháng 2 năm 2018 không có ngày 29"), ("15/13/2018", "15/13/2018: không có tháng 13"),
    ("mùng 6 tháng 1", "«mùng 6 tháng 1» không phải một ngày")])
def test_dates_are_read_as_a_clerk_types_them(tmp_path, typed, expected):
    project, book, wb = exported(tmp_path)
    general = wb["thong-bao"]
    row = next(r[1].row for r in general.iter_rows(min_row=2) if r[2].value == "ngay")
    general.cell(row, 2).value = typed
    wb.save(book)
    if isinstance(expected, dt.date):
        result = run(project, "excel", "nhap", "2018")
        assert result.exit_code == 0, result.output
        assert read_yaml(project / "data/2018/thong-bao.yaml", "x")[0]["ngay"] == expected
    else:
        assert f"thong-bao!B{row}: {expected}" in refused(project, "excel", "nhap", "2018")


def test_nothing_typed_is_dropped(tmp_path):
    project, book, wb = exported(tmp_path)
    units = wb["don-vi · Đơn vị"]
    units.cell(5, len(list(units[2])) + 2).value = "ghi thêm"   # beside the table, in a column with no key
    general = wb["don-vi"]
    general.cell(general.max_row + 2, 2).value = "một giá trị không có mục"
    signers = wb["don-vi · Người ký"]
    signers.cell(3, column(signers, "quyen_han.kieu")).value = "thay mặt"
    wb["don-vi · Giai đoạn"].cell(3, column(wb["don-vi · Giai đoạn"], "cong_don")).value = "có lẽ"
    wb.save(book)
    out = refused(project, "excel", "nhap", "2018")
    assert "ô nằm ngoài bảng" in out and "don-vi · Đơn vị!" in out
    assert "một giá trị không có mục" in out
    assert "don-vi · Người ký!B3" in out and "'thay mặt'" in out
    assert "don-vi · Giai đoạn!" in out and "«có lẽ» không phải «có» hay «không»" in out


def _with_rows(book: Path, sheet: str, rows: int) -> None:
    """*rows* more rows in *sheet*, written straight into its XML (a hostile workbook, made fast)."""
    wb = openpyxl.load_workbook(book)
    index = wb.sheetnames.index(sheet) + 1
    with zipfile.ZipFile(book) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    name = f"xl/worksheets/sheet{index}.xml"
    extra = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>don_vi_{r}</t></is></c>'
                    f'<c r="B{r}" t="inlineStr"><is><t>ap</t></is></c></row>' for r in range(100, 100 + rows))
    parts[name] = parts[name].replace(b"</sheetData>", extra.encode() + b"</sheetData>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    book.write_bytes(out.getvalue())


def test_a_hundred_thousand_rows_are_refused_quickly(tmp_path):
    project, book, _ = exported(tmp_path)
    _with_rows(book, "don-vi · Đơn vị", 100_000)
    start = time.monotonic()
    out = refused(project, "excel", "nhap", "2018")
    took = time.monotonic() - start
    assert "trang có quá 20.000 dòng" in out and "don-vi · Đơn vị!A" in out
    assert took < 15, took  # 45 s before, importing them
    build = run(project, "build", "ke-hoach", "2018")
    assert build.exit_code == 2 and "quá 20.000 dòng" in build.output


def test_an_old_workbook_is_upgraded_not_misread(tmp_path):
    """A workbook of vanban 0.2 (format 1) is read by its own rules only by «vanban nang-cap»."""
    project = copy(REPO, tmp_path / "p")
    fixture = REPO / "tests/fixtures/releases/0.2.0/data/2018/du-lieu-2018.xlsx"
    (project / "data/2018/du-lieu-2018.xlsx").write_bytes(fixture.read_bytes())
    out = refused(project, "excel", "nhap", "2018")
    assert "du-lieu-2018.xlsx, Hướng dẫn!B3: dữ liệu viết cho vanban 0.2; chạy «vanban nang-cap»" in out


def test_a_value_out_of_bounds_is_named_by_the_title_the_clerk_reads_not_its_key(tmp_path):
    """The import's messages speak of the column's title (row 1 of a table, column A of a sheet of
    single items), the words in Excel, never of the key vanban reads in row 2 or column C."""
    project, book, wb = exported(tmp_path)
    shares = wb["ke-hoach · Phân bổ"]
    col = column(shares, "so_luong")
    title = shares.cell(1, col).value
    shares.cell(3, col).value = 99999999999
    plan = wb["ke-hoach"]
    row = next(r for r in range(2, plan.max_row + 1) if plan.cell(r, 3).value == "so")
    plan.cell(row, 2).value = "abc"
    wb.save(book)
    out = refused(project, "excel", "nhap", "2018")
    assert f"«{title}» số 99999999999 nằm ngoài khoảng" in out, out
    assert f"«{plan.cell(row, 1).value}» phải là số nguyên" in out, out
    assert "«so_luong»" not in out and "«so»" not in out, out
