"""All the data in one Excel workbook: YAML → workbook → YAML changes nothing, for
every sample organisation; a workbook saved by LibreOffice Calc gives the same
documents; a wrong cell is named by its sheet and cell and nothing is written."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, run
from vanban.data.sources.yaml import read_yaml

SAMPLES = [(REPO, "2018"), (REPO / "examples/dang-uy-xa", "2026"), (REPO / "examples/dang-uy-xa", "2027"),
           (REPO / "examples/ubnd-xa", "2026"), (REPO / "examples/huyen-uy", "2024")]


def copy(root: Path, dest: Path) -> Path:
    shutil.copytree(root / "data", dest / "data")
    shutil.copytree(root / "templates", dest / "templates")
    return dest


def values(root: Path, year: str) -> dict:
    files = {"don-vi.yaml": root / "data/don-vi.yaml"}
    files.update({f"{year}/{f.name}": f for f in sorted((root / "data" / year).glob("*.yaml"))})
    return {name: read_yaml(path, name) for name, path in files.items()}


@pytest.mark.parametrize("root, year", SAMPLES, ids=[f"{r.name}-{y}" for r, y in SAMPLES])
def test_yaml_to_workbook_to_yaml_changes_nothing(tmp_path, root, year):
    project = copy(root, tmp_path / "p")
    before = values(project, year)
    assert run(project, "excel", "xuat", year).exit_code == 0
    book = project / "data" / year / f"du-lieu-{year}.xlsx"
    wb = openpyxl.load_workbook(book)
    assert len(wb.sheetnames) >= 8  # a sheet per table, not one dump
    result = run(project, "excel", "nhap", year)
    assert result.exit_code == 0, result.output
    after = values(project, year)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    # a second export refuses to overwrite the first
    again = run(project, "excel", "xuat", year)
    assert again.exit_code != 0 and "không ghi đè" in again.output


def test_the_workbook_reads_as_a_clerk_would_use_it(tmp_path):
    project = copy(REPO, tmp_path / "p")
    run(project, "excel", "xuat", "2018")
    wb = openpyxl.load_workbook(project / "data/2018/du-lieu-2018.xlsx")
    units = wb["don-vi don_vi"]
    heads = [c.value for c in units[1]]
    assert heads[:3] == ["Mã [id]", "Loại [loai]", "Tên [ten]"]
    assert units.protection.sheet and units["A1"].protection.locked and not units["A2"].protection.locked
    # allocations choose the unit from the units' ids
    allocation = wb["ke-hoach chi_tieu.phan_bo"]
    lists = [dv for dv in allocation.data_validations.dataValidation if dv.type == "list"]
    assert any("'don-vi don_vi'!$A$2" in dv.formula1 for dv in lists)
    # typed cells: a number stays a number, a date a date
    general = wb["ke-hoach"]
    cells = {r[0].value: r[1].value for r in general.iter_rows(min_row=2)}
    assert cells["Số [so]"] == 28 and cells["Ngày [ngay]"].year == 2018


def exported(tmp_path) -> tuple[Path, Path, openpyxl.Workbook]:
    """A copy of the sample with its 2018 workbook: (project, workbook file, workbook)."""
    project = copy(REPO, tmp_path / "p")
    run(project, "excel", "xuat", "2018")
    book = project / "data/2018/du-lieu-2018.xlsx"
    return project, book, openpyxl.load_workbook(book)


def test_a_wrong_cell_is_named_and_nothing_is_written(tmp_path):
    project, book, wb = exported(tmp_path)
    ws = wb["ke-hoach chi_tieu.phan_bo"]
    column = next(i for i, c in enumerate(ws[1], 1) if c.value.endswith("[so_luong]"))
    ws.cell(3, column).value = "hai"
    ws_units = wb["don-vi don_vi"]
    ws_units.cell(4, 3).value = "Bến\u200bĐò"  # a hidden character pasted from the web
    wb.save(book)
    plan = project / "data/2018/ke-hoach.yaml"
    before = plan.read_bytes()
    result = run(project, "excel", "nhap", "2018")
    assert result.exit_code == 2
    letter = openpyxl.utils.get_column_letter(column)
    assert f"ke-hoach chi_tieu.phan_bo!{letter}3" in result.output
    assert "don-vi don_vi!C4" in result.output and "ký tự ẩn" in result.output
    assert plan.read_bytes() == before


def test_a_workbook_saved_by_calc_builds_the_same_documents(tmp_path, libreoffice):
    project = copy(REPO, tmp_path / "p")
    assert run(project, "build", "ke-hoach", "2018").exit_code == 0
    assert run(project, "build", "thong-bao", "2018").exit_code == 0
    out = project / "output/2018"
    before = {p.name: zipfile.ZipFile(p).read("word/document.xml") for p in out.glob("*.docx")}
    run(project, "excel", "xuat", "2018")
    book = project / "data/2018/du-lieu-2018.xlsx"
    saved = tmp_path / "calc"
    subprocess.run([libreoffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(book)], check=True,
                   capture_output=True, timeout=180)
    shutil.copy(saved / book.name, book)
    result = run(project, "excel", "nhap", "2018")
    assert result.exit_code == 0, result.output
    for f in out.glob("*.docx"):
        f.unlink()
    assert run(project, "build", "ke-hoach", "2018").exit_code == 0
    assert run(project, "build", "thong-bao", "2018").exit_code == 0
    after = {p.name: zipfile.ZipFile(p).read("word/document.xml") for p in out.glob("*.docx")}
    assert after == before and len(after) == 16


def _drop_item(path: Path, key: str) -> None:
    """Remove a top-level item from a YAML file (the clerk keeps it in the workbook only)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    del data[key]
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)


def test_build_takes_an_item_kept_in_the_workbook_only(tmp_path):
    project = copy(REPO, tmp_path / "p")
    assert run(project, "build", "ke-hoach", "2018").exit_code == 0
    plan = project / "output/2018/ke-hoach-28-kh-du.docx"
    before = zipfile.ZipFile(plan).read("word/document.xml")
    run(project, "excel", "xuat", "2018")
    _drop_item(project / "data/2018/ke-hoach.yaml", "chi_tieu")
    plan.unlink()
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(plan).read("word/document.xml") == before

    # an allocation changed in the workbook reaches the documents; a wrong cell is named by sheet and cell
    book = project / "data/2018/du-lieu-2018.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["ke-hoach chi_tieu.phan_bo"]
    heads = [c.value for c in ws[1]]
    amount = heads.index("Số lượng [so_luong]") + 1
    ws.cell(2, amount).value = 5
    wb.save(book)
    result = run(project, "build", "ke-hoach", "2018", "--du-thao")
    assert result.exit_code == 2 and "tổng số 17 không bằng" in result.output  # 5 + 2×7 + 1 ≠ 17
    ws.cell(3, amount).value = "hai"
    wb.save(book)
    result = run(project, "build", "ke-hoach", "2018")
    letter = openpyxl.utils.get_column_letter(amount)
    assert result.exit_code == 2 and f"ke-hoach chi_tieu.phan_bo!{letter}3" in result.output


def test_an_item_in_both_places_that_differs_is_refused(tmp_path):
    project, book, wb = exported(tmp_path)
    ws = wb["ke-hoach"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Trích yếu [trich_yeu]")
    row[1].value = "tạo nguồn phát triển đảng viên năm 2018"
    wb.save(book)
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 2
    assert "data/2018/ke-hoach.yaml:" in result.output and "«trich_yeu» có ở cả tệp này và sổ" in result.output
    assert f"ke-hoach!B{row[1].row}" in result.output
    assert not (project / "output/2018/ke-hoach-28-kh-du.docx").exists()


def test_the_organisation_kept_in_the_workbook_builds_the_same_letters(tmp_path):
    project = copy(REPO, tmp_path / "p")
    assert run(project, "build", "thong-bao", "2018").exit_code == 0
    out = project / "output/2018"
    before = {p.name: zipfile.ZipFile(p).read("word/document.xml") for p in out.glob("*.docx")}
    run(project, "excel", "xuat", "2018")
    for item in ("doan_the", "nguoi_ky"):
        _drop_item(project / "data/don-vi.yaml", item)
    for f in out.glob("*.docx"):
        f.unlink()
    result = run(project, "build", "thong-bao", "2018")
    assert result.exit_code == 0, result.output
    assert {p.name: zipfile.ZipFile(p).read("word/document.xml") for p in out.glob("*.docx")} == before


def test_a_broken_workbook_is_named_and_blocks_nothing_silently(tmp_path):
    project = copy(REPO, tmp_path / "p")
    (project / "data/2018/du-lieu-2018.xlsx").write_bytes(b"not a workbook")
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 2 and "data/2018/du-lieu-2018.xlsx" in result.output and "Excel" in result.output
    assert not (project / "output/2018/ke-hoach-28-kh-du.docx").exists()
