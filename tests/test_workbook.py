"""All the data in one Excel workbook, a lossless second home for every item: YAML → workbook →
YAML changes nothing, for every data file of the repository and for generated organisations,
plans, recipient lists and periods; every shape of the data has a sheet a clerk can fill (report
periods «Kỳ | Số | Ngày», Nơi nhận with notes), under Vietnamese column titles; a workbook saved
by LibreOffice Calc gives the same documents; what is typed reaches the YAML."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, run
from vanban.data import sheets
from vanban.data.load import STOCK_MODELS
from vanban.data.sources import workbook
from vanban.data.sources.yaml import read_yaml

SAMPLES = [(REPO, "2018"), (REPO / "examples/dang-uy-xa", "2026"), (REPO / "examples/dang-uy-xa", "2027"),
           (REPO / "examples/ubnd-xa", "2026"), (REPO / "examples/huyen-uy", "2024")]


def copy(root: Path, dest: Path) -> Path:
    shutil.copytree(root / "data", dest / "data")
    shutil.copytree(root / "templates", dest / "templates")
    return dest


def values(root: Path, year: str) -> dict:
    files = {"don-vi.yaml": root / "data/don-vi.yaml"}
    files.update({f"{year}/{f.name}": f for f in sorted((root / "data" / year).glob("*.yaml"))
                  if f.name != "tien-do.yaml"})
    return {name: read_yaml(path, name)[0] for name, path in files.items()}


def same_meaning(value):
    """A value as the data means it: an empty item is no item, a Nơi nhận line «{id: x}» is «x»."""
    if isinstance(value, dict):
        if set(value) == {"id"}:
            return value["id"]
        return {k: same_meaning(v) for k, v in value.items() if v not in (None, "", [], {}) and k != "dinh_dang"}
    if isinstance(value, list):
        return [same_meaning(v) for v in value]
    return value


def through_the_workbook(files: dict) -> dict:
    """*files* written into a workbook and read back (each value with its type)."""
    models = {name: STOCK_MODELS[name.rsplit("/", 1)[-1]] for name in files}
    year = int(next((n.split("/")[0] for n in files if "/" in n), "2018"))
    book = workbook.read(sheets.book_bytes(files, models, "thử"), "so.xlsx", year, STOCK_MODELS)
    assert not book.findings, book.findings
    return book.files


@pytest.mark.parametrize("root, year", SAMPLES, ids=[f"{r.name}-{y}" for r, y in SAMPLES])
def test_every_value_of_every_file_survives_the_workbook(root, year):
    before = values(root, year)
    after = through_the_workbook(before)
    assert set(after) == set(before)
    for name in before:
        assert same_meaning(after[name]) == same_meaning(before[name]), name


@pytest.mark.parametrize("root, year", SAMPLES[:2], ids=[f"{r.name}-{y}" for r, y in SAMPLES[:2]])
def test_export_then_import_writes_back_the_same_yaml(tmp_path, root, year):
    project = copy(root, tmp_path / "p")
    plain = {p: p.read_bytes() for p in (project / "data").rglob("*.yaml")}
    before = values(project, year)
    assert run(project, "excel", "xuat", year).exit_code == 0
    # the YAML files gone, the workbook alone writes them again, value for value
    for name in before:
        (project / "data" / name).unlink()
    result = run(project, "excel", "nhap", year)
    assert result.exit_code == 0, result.output
    after = values(project, year)
    assert {k: same_meaning(v) for k, v in after.items()} == {k: same_meaning(v) for k, v in before.items()}
    # with the YAML there and nothing changed, nothing is written: the clerk's comments stay
    for path, data in plain.items():
        path.write_bytes(data)
    result = run(project, "excel", "nhap", year)
    assert result.exit_code == 0 and "không có gì phải ghi" in result.output, result.output
    assert {p: p.read_bytes() for p in (project / "data").rglob("*.yaml")} == plain
    again = run(project, "excel", "xuat", year)
    assert again.exit_code != 0 and "không ghi đè" in again.output


# --------------------------------------------------------------------------
# Generated data: organisations, plans, recipient lists, periods

CODES = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)
WORDS = st.sampled_from(["Chợ", "Bến Đò", "Tân Thạch", "=HYPERLINK(\"http://x\";\"y\")", "+84 Hội", "-Đoàn",
                         "@Ấp", "#N/A", "02", "true", "2018-01-05", "01-02", "a; b", "Đảng ủy xã", "Chi bộ \"Một\"",
                         "dòng một\ndòng hai", "Ủy ban nhân dân", "(để báo cáo)", "Lưu: VT, VP.", "ít nhất 06"])
TEXT = st.one_of(WORDS, st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệ ÁĐ0123456789,.:-()/",
                                min_size=1, max_size=30).map(str.strip).filter(bool))
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
QUANTITY = st.one_of(st.integers(0, 500), st.sampled_from(["01-02", "từ 06", "ít nhất 3", "10-20"]))


@st.composite
def organisations(draw):
    units = draw(st.lists(CODES, min_size=1, max_size=6, unique=True))
    kinds = draw(st.lists(CODES, min_size=1, max_size=3, unique=True))
    org = {"quy_tac": draw(st.sampled_from(["dang", "nha_nuoc"])),
           "co_quan": {"ten": draw(TEXT), "viet_tat": draw(st.sampled_from(["ĐU", "UBND", "HU"]))},
           "dia_danh": draw(TEXT),
           "nguoi_ky": [{"id": draw(CODES), "chuc_vu": draw(TEXT), "ho_ten": draw(TEXT),
                         **({"quyen_han": {"kieu": "tm", "ten": draw(TEXT)}} if draw(st.booleans()) else {})}],
           "loai_don_vi": {k: {"ten": draw(TEXT), **({"tien_to": draw(TEXT)} if draw(st.booleans()) else {})}
                           for k in kinds},
           "don_vi": [{"id": u, "loai": draw(st.sampled_from(kinds)),
                       **({"ten": draw(TEXT)} if draw(st.booleans()) else {})} for u in units]}
    if draw(st.booleans()):
        org["cap_tren"] = [{"ten": draw(TEXT), **({"dong": draw(st.lists(WORDS.filter(lambda w: "\n" not in w),
                                                                           min_size=1, max_size=2))}
                                                   if draw(st.booleans()) else {})}]
    if draw(st.booleans()):
        org["nhiem_ky"] = [{"ten": "2020-2025", "bat_dau": draw(DATES)}]
    if draw(st.booleans()):
        org["noi_nhan"] = [{"id": draw(CODES), "ten": draw(TEXT), "nhom": "don_vi", "hien_so": draw(st.booleans()),
                            "loai_don_vi": draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=2))}]
    if draw(st.booleans()):
        org["so_da_dung"] = draw(st.dictionaries(st.sampled_from(["KH", "TB", "BC", "CV"]), st.integers(0, 999)))
    if draw(st.booleans()):
        org["the_thuc"] = {"thanh_phan": {"ngay_thang": {"co_chu": 13}}, "mau": {"luu": draw(TEXT)}}
    return org, units


@st.composite
def recipient_lists(draw, units):
    def line():
        return draw(st.one_of(
            CODES,
            st.builds(lambda i, note: {"id": i, "ghi_chu": note}, CODES, TEXT),
            st.builds(lambda name: {"ten": name}, TEXT),
            st.builds(lambda i, chosen: {"id": i, "chon": chosen}, CODES,
                      st.lists(st.sampled_from(units), min_size=1, max_size=3)),
            st.builds(lambda name, n: {"ten": name, "so_ban": n}, TEXT, st.integers(1, 9))))
    return [line() for _ in range(draw(st.integers(1, 5)))]


@st.composite
def years(draw):
    org, units = draw(organisations())
    plan = {"trich_yeu": draw(TEXT), "nguoi_ky": draw(CODES),
            "chi_tieu": [{"loai": draw(CODES), "tong_so": draw(QUANTITY),
                          **({"it_nhat": draw(st.booleans())} if draw(st.booleans()) else {}),
                          "phan_bo": [{"don_vi": u, "so_luong": draw(QUANTITY)}
                                      for u in draw(st.lists(st.sampled_from(units), max_size=4, unique=True))]}
                         for _ in range(draw(st.integers(1, 3)))],
            "noi_nhan": draw(recipient_lists(units))}
    if draw(st.booleans()):
        plan["ngay"] = draw(st.one_of(DATES, st.just("2026-10"), st.just(2026)))
    if draw(st.booleans()):
        plan["so"] = draw(st.integers(1, 999))
    if draw(st.booleans()):
        plan["van_ban"] = [{"id": "hd", "loai": draw(TEXT), "so_ky_hieu": "01-HD/TW", "ngay": draw(DATES)}]
        plan["can_cu"] = [["hd"], ["hd", "hd"]]
        plan["quan_triet"] = ["hd"]
    if draw(st.booleans()):
        plan["phan_cong"] = [{"chu_tri": draw(st.lists(CODES, min_size=1, max_size=3)), "so_luong": draw(QUANTITY),
                              "doi_tuong": draw(TEXT)}]
    if draw(st.booleans()):
        plan["han_bao_cao"] = [{"ky": draw(TEXT), "han": draw(DATES), "nam_truoc": draw(st.booleans())}]
    periods = draw(st.dictionaries(st.sampled_from(["quy-1", "6-thang", "9-thang", "nam", "ngay-2026-08-15"]),
                                   st.fixed_dictionaries({}, optional={"so": st.integers(1, 99),
                                                                       "ngay": DATES}), max_size=4))
    report = {"nguoi_ky": draw(CODES), "trich_yeu": draw(TEXT), "ky": periods, "noi_nhan": draw(recipient_lists(units))}
    letters = {"nguoi_ky": draw(CODES), "trich_yeu": draw(TEXT), "noi_nhan": draw(recipient_lists(units)),
               "so": {u: n + 1 for n, u in enumerate(draw(st.lists(st.sampled_from(units), unique=True)))}}
    if draw(st.booleans()):
        letters["so_bat_dau"] = draw(st.integers(1, 99))
    return {"don-vi.yaml": org, "2026/ke-hoach.yaml": plan, "2026/bao-cao.yaml": report,
            "2026/thong-bao.yaml": letters}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(years())
def test_generated_data_survives_the_workbook(files):
    after = through_the_workbook(files)
    for name, data in files.items():
        assert same_meaning(after.get(name, {})) == same_meaning(data), name


# --------------------------------------------------------------------------
# What the clerk sees and types


def exported(tmp_path, root=REPO, year="2018") -> tuple[Path, Path, openpyxl.Workbook]:
    """A copy of the sample with its workbook: (project, workbook file, workbook)."""
    project = copy(root, tmp_path / "p")
    assert run(project, "excel", "xuat", year).exit_code == 0
    book = project / f"data/{year}/du-lieu-{year}.xlsx"
    return project, book, openpyxl.load_workbook(book)


def column(ws, key: str) -> int:
    return next(i for i, c in enumerate(ws[2], 1) if c.value == key)


def test_the_workbook_reads_as_a_clerk_would_use_it(tmp_path):
    _, _, wb = exported(tmp_path)
    units = wb["don-vi · Đơn vị"]
    assert [c.value for c in units[1]][:3] == ["Mã đơn vị", "Loại đơn vị (mã)", "Tên riêng"]
    assert [c.value for c in units[2]][:3] == ["id", "loai", "ten"]  # the keys, out of the way in row 2
    assert units.protection.sheet and units["A1"].protection.locked and not units["A3"].protection.locked
    for ws in wb.worksheets[1:]:  # no brackets or braces in a title a clerk reads, and no title is its key
        general = ws.cell(1, 1).value == "Mục"
        pairs = ([(r[0].value, r[2].value) for r in ws.iter_rows(min_row=2)] if general
                 else list(zip([c.value for c in ws[1]], [c.value for c in ws[2]])))
        assert pairs, ws.title
        for title, key in pairs:
            assert title and not any(ch in title for ch in "[]{}") and title != key, (ws.title, title, key)
    cited = wb["ke-hoach · Văn bản dẫn"]
    assert "Số và ký hiệu" in [c.value for c in cited[1]]
    # allocations choose the unit from the units' ids
    allocation = wb["ke-hoach · Phân bổ"]
    lists = [dv for dv in allocation.data_validations.dataValidation if dv.type == "list"]
    assert any("'don-vi · Đơn vị'!$A$3" in dv.formula1 for dv in lists)
    # typed cells: a number stays a number, a date a date, yes and no are words
    general = wb["ke-hoach"]
    cells = {r[2].value: r[1].value for r in general.iter_rows(min_row=2)}
    assert cells["so"] == 28 and cells["ngay"].year == 2018
    assert wb["ke-hoach · Chỉ tiêu"].cell(3, column(wb["ke-hoach · Chỉ tiêu"], "it_nhat")).value == "có"
    # report periods are a table «Kỳ | Số | Ngày»; Nơi nhận a table with a note column
    periods = wb["bao-cao · Kỳ báo cáo"]
    assert [c.value for c in periods[1]] == ["Kỳ", "Số", "Ngày"]
    assert [c.value for c in periods[3]][:2] == ["quy-1", 31]
    assert "Ghi chú sau tên" in [c.value for c in wb["bao-cao · Nơi nhận"][1]]


def test_a_period_and_a_noted_recipient_typed_in_the_workbook_reach_the_yaml(tmp_path):
    """The clerk's January year: nam-moi leaves «ky: {}»; the period typed as a row of the Kỳ sheet, a
    recipient line with a note, are written to the YAML and build."""
    project = copy(REPO, tmp_path / "p")
    assert run(project, "nam-moi", "2019").exit_code == 0
    assert run(project, "excel", "xuat", "2019").exit_code == 0
    book = project / "data/2019/du-lieu-2019.xlsx"
    wb = openpyxl.load_workbook(book)
    periods = wb["bao-cao · Kỳ báo cáo"]
    assert [c.value for c in periods[1]] == ["Kỳ", "Số", "Ngày"] and periods["A3"].value is None  # a table to fill
    periods["A3"], periods["C3"] = "6-thang", dt.datetime(2019, 7, 5)
    lines = wb["bao-cao · Nơi nhận"]
    assert [lines.cell(r, column(lines, "id")).value for r in range(3, 7)] == [
        "vp_huyen_uy", "btc_huyen_uy", "dang_uy_vien", "cac_chi_bo"]
    lines.cell(3, column(lines, "ghi_chu")).value = "(để báo cáo)"
    lines.cell(7, column(lines, "ten")).value = "Ban Tuyên giáo Huyện ủy"
    wb.save(book)
    result = run(project, "excel", "nhap", "2019")
    assert result.exit_code == 0, result.output
    report = read_yaml(project / "data/2019/bao-cao.yaml", "bao-cao.yaml")[0]
    assert report["ky"] == {"6-thang": {"ngay": dt.date(2019, 7, 5)}}
    assert report["noi_nhan"] == [{"id": "vp_huyen_uy", "ghi_chu": "(để báo cáo)"}, "btc_huyen_uy", "dang_uy_vien",
                                  "cac_chi_bo", {"ten": "Ban Tuyên giáo Huyện ủy"}]
    # a second import of the same workbook changes nothing; the year now has a half-year report
    again = run(project, "excel", "nhap", "2019")
    assert again.exit_code == 0 and "không có gì phải ghi" in again.output
    status = run(project, "tinh-hinh", "2019")
    assert "bao-cao 6-thang" in status.output and "chưa có số liệu tiến độ" in status.output, status.output


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
    for name in values(project, "2018"):  # the workbook alone writes the data again
        (project / "data" / name).unlink()
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
    ws = wb["ke-hoach · Phân bổ"]
    amount = column(ws, "so_luong")
    ws.cell(3, amount).value = 5
    wb.save(book)
    result = run(project, "build", "ke-hoach", "2018", "--du-thao")
    assert result.exit_code == 2 and "tổng số 17 không bằng" in result.output  # 5 + 2×7 + 1 ≠ 17
    ws.cell(4, amount).value = "hai"
    wb.save(book)
    result = run(project, "build", "ke-hoach", "2018")
    letter = openpyxl.utils.get_column_letter(amount)
    assert result.exit_code == 2 and f"ke-hoach · Phân bổ!{letter}4" in result.output


def test_an_item_in_both_places_that_differs_is_refused(tmp_path):
    project, book, wb = exported(tmp_path)
    ws = wb["ke-hoach"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[2].value == "trich_yeu")
    row[1].value = "tạo nguồn phát triển đảng viên năm 2018"
    wb.save(book)
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 2
    assert "data/2018/ke-hoach.yaml:" in result.output and "«trich_yeu» có ở cả tệp này và sổ" in result.output
    assert f"ke-hoach!B{row[1].row}" in result.output and "vanban excel xuat 2018" in result.output
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
