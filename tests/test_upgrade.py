"""Upgrades that keep an office's data and archive.

Every earlier release has a fixture (tests/fixtures/releases/<version>/, made by
tools/make_release_fixture.py from the release's own commit): the sample working folder and
its issued 2018 archive as that release left them. Each verifies as it is; a build or an issue
on it stops with one message; `vanban nang-cap` upgrades it without touching what was issued;
the upgraded folder builds the same documents as a fresh folder with the same facts; issuing
goes on with the term's numbers; a second upgrade changes nothing; an archive altered before
the upgrade is refused, and so is what cannot be upgraded, with nothing written.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import faults
from conftest import REPO, run

from click.testing import CliRunner

from vanban import __version__
from vanban.cli import main
from vanban.data import formats
from vanban.data.upgrade import STOCK

RELEASES = REPO / "tests" / "fixtures" / "releases"
VERSIONS = sorted(p.name for p in RELEASES.iterdir() if p.is_dir())
YEAR = "2018"
KINDS = ("ke-hoach", "thong-bao", "bao-cao", "noi-nhan")
# What the fixture's release wrote of its archive and register
MANIFEST_FORMAT = {"0.1.0": 1, "0.2.0": 2}
# Facts a release's sample states otherwise than the current sample (the rest is the same)
FACTS = {
    "0.1.0": [
        ("data/don-vi.yaml", "ket_nap: {ten: kết nạp đảng viên, don_vi_tinh: đảng viên, do_bang: ket_nap}",
         "ket_nap: {ten: kết nạp, don_vi_tinh: đảng viên}", 1),
        ("data/2018/ke-hoach.yaml", "    it_nhat: true\n    doi_tuong",
         "    it_nhat: true\n    chi_tieu: tao_nguon\n    doi_tuong", 3),
    ],
    "0.2.0": [],
}


def release(version: str) -> str:
    return ".".join(version.split(".")[:2])


def folder_of(version: str, into: Path) -> Path:
    root = into / f"thu-muc-{version}"
    shutil.copytree(RELEASES / version, root, ignore=shutil.ignore_patterns("fixture.json"))
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def findings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("  ")]


def upgrade(root: Path):
    result = run(root, "nang-cap")
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory):
    """Each release's folder upgraded once (tests that change it take a copy)."""
    out = {}
    for version in VERSIONS:
        root = folder_of(version, tmp_path_factory.mktemp("nang-cap"))
        out[version] = (root, upgrade(root).output)
    return out


def copy_of(upgraded, version: str, tmp_path: Path) -> Path:
    root = tmp_path / "thu-muc"
    shutil.copytree(upgraded[version][0], root)
    return root


# --------------------------------------------------------------------------
# Versions and formats


def test_every_earlier_release_has_a_fixture_of_each_format_it_wrote():
    earlier = [r for r in formats.RELEASES if r != release(__version__)]
    assert [release(v) for v in VERSIONS] == earlier
    for version in VERSIONS:
        note = json.loads((RELEASES / version / "fixture.json").read_text(encoding="utf-8"))
        assert note["phien_ban"] == version and re.fullmatch(r"[0-9a-f]{40}", note["commit"])
        assert any("phat-hanh 2018" in c for c in note["lenh"])
    for family, written in formats.WRITTEN.items():
        for number, first in written.items():
            if number < formats.CURRENT[family]:
                assert first in [release(v) for v in VERSIONS], (family, number)


def test_the_version_is_one_and_the_changelog_tells_each_release():
    result = CliRunner().invoke(main, ["--version"])
    assert result.output.strip() == f"vanban {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__) and release(__version__) == formats.RELEASES[-1]
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and 'attr = "vanban.__version__"' in pyproject
    assert not re.search(r"(?m)^version\s*=\s*\"", pyproject)  # written nowhere else
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    for r in formats.RELEASES:
        section = re.search(rf"(?ms)^## {re.escape(r)}\.0\b.*?(?=^## |\Z)", changelog)
        assert section, f"CHANGELOG.md has no section for {r}.0"
        assert re.search(r"(?m)^Cho văn thư: .*nang-cap", section.group(0)), f"{r}.0: no line for clerks"


def test_samples_and_examples_say_their_format():
    files = [p for p in [*(REPO / "data").rglob("*.yaml"), *(REPO / "examples").glob("*/data/**/*.yaml")]]
    assert len(files) > 20
    for path in files:
        found = formats.data_format(path, str(path))
        assert found.declared and found.current, path
    for path in [REPO / "templates" / "loai-van-ban.yaml", *(REPO / "examples").glob("*/templates/loai-van-ban.yaml")]:
        found = formats.data_format(path, str(path), formats.TEMPLATES)
        assert found.declared and found.current, path


def test_the_stock_templates_are_those_the_release_shipped():
    """What an upgrade puts in place of a stock template of format 1 is format 2's, byte for
    byte as vanban 0.2 shipped it (its loai-van-ban.yaml now says its format)."""
    shipped = RELEASES / "0.2.0" / "templates"
    stock = STOCK / "2"
    assert sorted(p.name for p in (stock / "docx").iterdir()) == sorted(p.name for p in (shipped / "docx").iterdir())
    for path in (shipped / "docx").iterdir():
        assert (stock / "docx" / path.name).read_bytes() == path.read_bytes(), path.name
    said = (stock / "loai-van-ban.yaml").read_text(encoding="utf-8")
    assert re.sub(r"(?m)^dinh_dang: 2 .*\n", "", said) == (shipped / "loai-van-ban.yaml").read_text(encoding="utf-8")


def test_a_file_without_its_format_number_is_read_by_its_shape(project):
    for path in (project / "data").rglob("*.yaml"):
        path.write_text(re.sub(r"(?m)^dinh_dang:.*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    result = run(project, "build", "ke-hoach", YEAR)
    assert result.exit_code == 0, result.output
    # a hand-written file in vanban 0.1's words is told by its shape
    org = project / "data" / "don-vi.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("\ndon_vi:\n", "\nchi_bo:\n"), encoding="utf-8")
    result = run(project, "build", "ke-hoach", YEAR)
    assert result.exit_code == 2 and len(findings(result.output)) == 1
    assert "data/don-vi.yaml: dữ liệu viết cho vanban 0.1; chạy «vanban nang-cap»" in result.output


def test_a_newer_format_is_refused_not_guessed(project):
    org = project / "data" / "don-vi.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("dinh_dang: 2", "dinh_dang: 7"), encoding="utf-8")
    for args in (("build", "ke-hoach", YEAR), ("nang-cap",)):
        result = run(project, *args)
        assert result.exit_code == 2 and len(findings(result.output)) == 1, result.output
        assert "data/don-vi.yaml:" in result.output and "vanban mới hơn" in result.output
        assert "cài bản vanban mới hơn" in result.output


def test_the_workbook_says_its_format(project):
    assert run(project, "excel", "xuat", YEAR).exit_code == 0
    book = project / "data" / YEAR / f"du-lieu-{YEAR}.xlsx"
    from openpyxl import load_workbook

    wb = load_workbook(book)
    assert (wb["Hướng dẫn"]["A3"].value, wb["Hướng dẫn"]["B3"].value) == ("Định dạng sổ",
                                                                          formats.CURRENT[formats.WORKBOOK])
    assert run(project, "excel", "nhap", YEAR).exit_code == 0
    assert (project / "data" / "don-vi.yaml").read_text(encoding="utf-8").count("dinh_dang: 2") == 1
    wb["Hướng dẫn"]["B3"] = 5
    wb.save(book)
    result = run(project, "excel", "nhap", YEAR)
    assert result.exit_code == 2 and len(findings(result.output)) == 1
    assert "Hướng dẫn!B3" in result.output and "vanban mới hơn" in result.output


def test_the_0_2_workbook_is_upgraded_and_keeps_what_only_it_holds(tmp_path):
    """vanban 0.2 read an item kept only in its workbook; the upgrade carries that item into the
    workbook of format 2, and reads what 0.2 dropped: a group typed into a «{}» cell."""
    from openpyxl import load_workbook
    from ruamel.yaml import YAML

    from vanban.data.load import STOCK_MODELS
    from vanban.data.sources import workbook

    root = folder_of("0.2.0", tmp_path)
    plan_file = root / "data" / YEAR / "ke-hoach.yaml"
    yaml = YAML()
    plan = yaml.load(plan_file.read_text(encoding="utf-8"))
    allocations = json.loads(json.dumps(plan["chi_tieu"], default=str))
    del plan["chi_tieu"]  # kept in the workbook only
    with plan_file.open("w", encoding="utf-8") as fh:
        yaml.dump(plan, fh)
    book = root / "data" / YEAR / f"du-lieu-{YEAR}.xlsx"
    wb = load_workbook(book)
    wb["thong-bao"].append(["Số [so{}]", "{ap_cho: 12, ap_can_cu: 13}"])
    wb["Hướng dẫn"].append(["ghi chu", "../../ra-ngoai.yaml", "các mục đơn lẻ của tệp"])  # never a file
    wb.create_sheet("ghi chu").append(["Mục [muc]", "giá trị"])
    wb.save(book)
    result = run(root, "nang-cap")
    assert result.exit_code == 2 and "«../../ra-ngoai.yaml», không phải một tệp dữ liệu vanban" in result.output
    assert not (tmp_path / "ra-ngoai.yaml").exists() and not (root / ".nang-cap").exists()
    wb = load_workbook(book)
    ws = wb["Hướng dẫn"]
    ws.delete_rows(ws.max_row)
    del wb["ghi chu"]
    wb.save(book)
    result = upgrade(root)
    assert "data/2018/du-lieu-2018.xlsx: sổ Excel dữ liệu định dạng 1 (vanban 0.2) → định dạng 2" in result.output
    backup = root / ".nang-cap" / dt.date.today().isoformat() / "data" / YEAR / f"du-lieu-{YEAR}.xlsx"
    assert backup.is_file()
    got = workbook.read(book.read_bytes(), "so", int(YEAR), STOCK_MODELS)
    assert not got.findings
    assert json.loads(json.dumps(got.files[f"{YEAR}/ke-hoach.yaml"]["chi_tieu"], default=str)) == allocations
    assert got.files[f"{YEAR}/thong-bao.yaml"]["so"] == {"ap_cho": 12, "ap_can_cu": 13}
    built = run(root, "build", "ke-hoach", YEAR)
    assert built.exit_code == 0 and "ke-hoach-28-kh-du.docx" in built.output, built.output


def test_an_old_progress_workbook_stops_with_one_message(project):
    """vanban 0.1's progress workbook (its id column «Mã chi bộ») in an otherwise current folder."""
    shutil.copy(RELEASES / "0.1.0" / "data" / YEAR / "tien-do.xlsx", project / "data" / YEAR / "tien-do.xlsx")
    result = run(project, "build", "bao-cao", YEAR)
    assert result.exit_code == 2 and len(findings(result.output)) == 1, result.output
    assert "data/2018/tien-do.xlsx: dữ liệu viết cho vanban 0.1; chạy «vanban nang-cap»" in result.output
    upgrade(project)
    assert run(project, "build", "bao-cao", YEAR).exit_code == 0


# --------------------------------------------------------------------------
# Each release's folder


@pytest.mark.parametrize("version", VERSIONS)
def test_the_archive_verifies_as_the_release_left_it(version, tmp_path):
    root = folder_of(version, tmp_path)
    result = run(root, "luu-tru", "kiem-tra", YEAR)
    assert result.exit_code == 0, result.output
    assert "Lưu trữ năm 2018 nguyên vẹn: 19 tệp khớp bản kê." in result.output
    number = MANIFEST_FORMAT[version]
    assert f"bản kê định dạng {number} (vanban {release(version)})" in result.output
    assert "chạy «vanban nang-cap» trước khi phát hành tiếp" in result.output


@pytest.mark.parametrize("version", VERSIONS)
def test_build_and_issue_on_an_old_format_stop_with_one_message(version, tmp_path):
    root = folder_of(version, tmp_path)
    before = snapshot(root)
    for args in (("build", "ke-hoach", YEAR), ("phat-hanh", YEAR, "--khong-pdf"), ("nam-moi", "2019")):
        result = run(root, *args)
        assert result.exit_code == 2, result.output
        assert len(findings(result.output)) == 1, result.output
        assert f"dữ liệu viết cho vanban {release(version)}; chạy «vanban nang-cap»" in result.output
    assert snapshot(root) == before


@pytest.mark.parametrize("version", VERSIONS)
def test_the_upgrade_keeps_what_was_issued_and_what_the_clerk_wrote(version, upgraded):
    root, output = upgraded[version]
    old = RELEASES / version
    before = snapshot(old)
    after = snapshot(root)
    archive = f"output/{YEAR}/luu-vt/"
    for name, data in before.items():  # every issued file as it was
        if name.startswith(archive) and not name.endswith("manifest.json"):
            assert after[name] == data, name
    if version == "0.1.0":  # the manifest before the chain is kept byte for byte
        assert after[f"{archive}manifest-0.1.json"] == before[f"{archive}manifest.json"]
    # every file it changed is backed up as it was, under .nang-cap/<ngày>/
    backup = f".nang-cap/{dt.date.today().isoformat()}/"
    changed = [n for n in before if n != "fixture.json" and after.get(n) != before[n]]
    assert changed
    for name in changed:
        assert after[backup + name] == before[name], name
    # every comment the clerk wrote is still there
    for name in before:
        if name.endswith(".yaml") and name.startswith("data/"):
            old_comments = set(re.findall(r"#.*", before[name].decode("utf-8")))
            new_comments = set(re.findall(r"#.*", after[name].decode("utf-8")))
            assert old_comments <= new_comments, (name, old_comments - new_comments)
    assert "Văn bản đã phát hành không bị sửa." in output
    result = run(root, "luu-tru", "kiem-tra", YEAR)
    assert result.exit_code == 0, result.output
    assert f"bản kê định dạng {formats.CURRENT[formats.MANIFEST]}" in result.output
    assert f"Nâng cấp từ lưu trữ của vanban {release(version)}" in result.output


def test_documents_whose_data_changed_since_issuing_are_not_vouched_for(tmp_path):
    """vanban 0.1 recorded only the hash of the data a document was built from: data edited since
    (here a comment) cannot be proved to be what the letters were issued from, so the upgrade
    says so and the next issue treats them as changed, instead of taking today's data for them."""
    root = folder_of("0.1.0", tmp_path)
    letters = root / "data" / YEAR / "thong-bao.yaml"
    letters.write_text(letters.read_text(encoding="utf-8") + "# sửa sau khi phát hành\n", encoding="utf-8")
    result = upgrade(root)
    assert "12-TB/ĐU, 13-TB/ĐU" in result.output and "data/2018/thong-bao.yaml đã sửa sau khi phát hành" in result.output
    assert "3 văn bản được đối chiếu với dữ liệu đã nâng cấp" in result.output  # the plan and the two reports
    issued = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert issued.exit_code == 2 and "12-TB/ĐU (2018/thong-bao/ap_cho) đã phát hành ngày 2018-01-10 nay khác" \
        in issued.output and "văn bản phát hành bằng vanban 0.1" in issued.output, issued.output
    assert "28-KH/ĐU" not in issued.output.split("văn bản đã phát hành không được sửa")[0]


def test_a_file_saved_on_windows_keeps_its_line_ends(tmp_path):
    root = folder_of("0.1.0", tmp_path)
    org = root / "data" / "don-vi.yaml"
    org.write_bytes(org.read_bytes().replace(b"\n", b"\r\n"))
    upgrade(root)
    data = org.read_bytes()
    assert b"loai_don_vi:\r\n" in data and b"dinh_dang: 2" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_the_upgrade_of_0_1_says_each_change_at_its_line(upgraded):
    _, output = upgraded["0.1.0"]
    for said in ("data/don-vi.yaml:23: bỏ «ten_chi_bo: Chi bộ»",
                 "data/don-vi.yaml:42: «loai_chi_bo» → «loai_don_vi»",
                 "data/don-vi.yaml:51: «chi_bo» → «don_vi»",
                 "tên riêng «tiểu học Nguyễn Ngọc Thăng» → «Tiểu học Nguyễn Ngọc Thăng»",
                 "data/2018/ke-hoach.yaml:49: phân bổ: «chi_bo» → «don_vi» (9 dòng)",
                 "templates/docx/ke-hoach.docx: mẫu gốc của vanban 0.1 → mẫu của vanban 0.2",
                 "thêm «quan_triet: [nq_27_tw, hd_01_tw, hd_03_btchu]»",
                 "data/2018/tien-do.xlsx: tiêu đề cột mã «Mã chi bộ» → «Mã»",
                 "bản kê cũ giữ nguyên thành manifest-0.1.json",
                 "data/so-van-ban-di.csv:1: sổ đăng ký định dạng 1 (vanban 0.1) → định dạng 3"):
        assert said in output, said


@pytest.mark.parametrize("version", VERSIONS)
def test_the_upgraded_folder_builds_what_a_fresh_folder_with_the_same_facts_builds(version, upgraded, tmp_path):
    """Every kind of the year: DOCX byte for byte; XLSX part by part but for the workbook's
    creation time (docProps)."""
    root = copy_of(upgraded, version, tmp_path)
    fresh = tmp_path / "moi"
    shutil.copytree(REPO / "data", fresh / "data")
    # the office's templates are its own: the upgrade keeps them (a stock template of 0.1 became 0.2's)
    shutil.copytree(root / "templates", fresh / "templates")
    for file, now, then, count in FACTS[version]:
        text = (fresh / file).read_text(encoding="utf-8")
        assert text.count(now) == count, (file, now)
        (fresh / file).write_text(text.replace(now, then), encoding="utf-8")
    for kind in KINDS:
        for folder in (root, fresh):
            result = run(folder, "build", kind, YEAR)
            assert result.exit_code == 0, result.output
    built = {p.name: p.read_bytes() for p in (root / "output" / YEAR).iterdir() if p.is_file()}
    expected = {p.name: p.read_bytes() for p in (fresh / "output" / YEAR).iterdir() if p.is_file()}
    assert sorted(built) == sorted(expected) and len(built) == 20
    for name, data in expected.items():
        if name.endswith(".xlsx"):
            books = [zipfile.ZipFile(io.BytesIO(d)) for d in (data, built[name])]
            parts = [{n: zf.read(n) for n in zf.namelist() if n != "docProps/core.xml"} for zf in books]
            assert parts[0] == parts[1], name
        else:
            assert built[name] == data, name


@pytest.mark.parametrize("version", VERSIONS)
def test_issuing_goes_on_with_the_terms_numbers(version, upgraded, tmp_path):
    root = copy_of(upgraded, version, tmp_path)
    result = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 0 and "Không có gì thay đổi: 18 văn bản đã phát hành" in result.output, result.output
    assert run(root, "nam-moi", "2019").exit_code == 0
    for name, date in (("ke-hoach.yaml", "2019-01-07"), ("thong-bao.yaml", "2019-01-12")):
        path = root / "data" / "2019" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^ngay:[^\n#]*", f"ngay: {date}  ", text, count=1), encoding="utf-8")
    (root / "data" / "2019" / "bao-cao.yaml").unlink()  # no progress of 2019 yet: no report to issue
    result = run(root, "phat-hanh", "2019", "--khong-pdf")
    assert result.exit_code == 0, result.output
    assert "Đã phát hành: 29-KH/ĐU" in result.output  # after 28-KH/ĐU of 2018, in the 2015–2020 term
    assert "Đã phát hành: 27-TB/ĐU" in result.output  # after 26-TB/ĐU
    for year in (YEAR, "2019"):
        check = run(root, "luu-tru", "kiem-tra", year)
        assert check.exit_code == 0 and "nguyên vẹn" in check.output, check.output
    rows = (root / "data" / "so-van-ban-di.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].endswith(",ban_ke,dinh_dang") and all(r.endswith(",3") for r in rows[1:])
    # the upgrade recorded the rows of the release's year whole: the register lost, it is rebuilt from
    # the manifests of both years as it was, byte for byte
    register = root / "data" / "so-van-ban-di.csv"
    kept = register.read_bytes()
    register.unlink()
    result = run(root, "luu-tru", "dung-lai-so")
    assert result.exit_code == 0 and "2018 (18 văn bản), 2019 (" in result.output, result.output
    assert register.read_bytes() == kept


@pytest.mark.parametrize("version", VERSIONS)
def test_a_second_upgrade_changes_nothing(version, upgraded, tmp_path):
    root = copy_of(upgraded, version, tmp_path)
    before = snapshot(root)
    result = upgrade(root)
    assert "Không có gì cần nâng cấp" in result.output
    assert snapshot(root) == before


@pytest.mark.parametrize("version", VERSIONS)
def test_the_preview_writes_nothing(version, tmp_path):
    root = folder_of(version, tmp_path)
    before = snapshot(root)
    result = run(root, "nang-cap", "--xem-truoc")
    assert result.exit_code == 0 and "Sẽ nâng cấp" in result.output and "Chưa ghi gì." in result.output
    assert "data/so-van-ban-di.csv:1: sổ đăng ký định dạng" in result.output
    assert snapshot(root) == before


# --------------------------------------------------------------------------
# Refused, with nothing written


def _alter_document(root: Path) -> str:
    path = root / "output" / YEAR / "luu-vt" / "thong-bao-19-tb-du-truong-tieu-hoc.docx"
    path.write_bytes(path.read_bytes() + b"\0")
    return "thong-bao-19-tb-du-truong-tieu-hoc.docx: tệp bị sửa"


def _alter_manifest(root: Path) -> str:
    path = root / "output" / YEAR / "luu-vt" / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    files = data["tep"] if "tep" in data else data["lan_phat_hanh"][0]["tep"]
    files["ke-hoach-28-kh-du.docx"]["sha256"] = "0" * 64
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return "ke-hoach-28-kh-du.docx"


def _alter_register(root: Path) -> str:
    path = root / "data" / "so-van-ban-di.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text("\ufeff" + text.replace(",Nguyễn Văn An,VP Huyện ủy; Ban Tổ chức Huyện ủy", ",Nguyễn Văn Ba,VP "
                                            "Huyện ủy; Ban Tổ chức Huyện ủy", 1), encoding="utf-8")
    return "28-KH/ĐU"


def _add_file(root: Path) -> str:
    (root / "output" / YEAR / "luu-vt" / "ghi-chu.txt").write_text("thêm bằng tay", encoding="utf-8")
    return "ghi-chu.txt: tệp lạ"


TAMPERING = {"van-ban": _alter_document, "ban-ke": _alter_manifest, "so-dang-ky": _alter_register,
             "tep-la": _add_file}


@pytest.mark.parametrize("how", TAMPERING)
@pytest.mark.parametrize("version", VERSIONS)
def test_an_archive_altered_before_the_upgrade_is_refused_not_blessed(version, how, tmp_path):
    root = folder_of(version, tmp_path)
    said = TAMPERING[how](root)
    before = snapshot(root)
    result = run(root, "nang-cap")
    assert result.exit_code == 2, result.output
    assert "lưu trữ năm 2018 không nguyên vẹn" in result.output and said in result.output
    assert snapshot(root) == before and not (root / ".nang-cap").exists()


def test_a_template_the_office_changed_is_not_upgraded_and_nothing_is_written(tmp_path):
    root = folder_of("0.1.0", tmp_path)
    path = root / "templates" / "docx" / "ke-hoach.docx"
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace("Mục đích, yêu cầu".encode(), "Mục đích".encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    path.write_bytes(out.getvalue())
    before = snapshot(root)
    result = run(root, "nang-cap")
    assert result.exit_code == 2, result.output
    assert "templates/docx/ke-hoach.docx: mẫu đã được đơn vị sửa" in result.output
    assert "chép phần văn xuôi đơn vị đã sửa vào đó" in result.output
    assert snapshot(root) == before and not (root / ".nang-cap").exists()


def test_a_data_file_that_does_not_read_is_named_and_nothing_is_written(tmp_path):
    root = folder_of("0.1.0", tmp_path)
    plan = root / "data" / YEAR / "ke-hoach.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  - loai: tao_nguon", "  - loai: [tao_nguon"),
                    encoding="utf-8")
    before = snapshot(root)
    result = run(root, "nang-cap")
    assert result.exit_code == 2 and "data/2018/ke-hoach.yaml:" in result.output, result.output
    assert "chạy lại «vanban nang-cap»" in result.output
    assert snapshot(root) == before


# --------------------------------------------------------------------------
# After the upgrade, the chain holds


def test_a_row_or_the_upgrade_run_changed_after_the_upgrade_is_found(upgraded, tmp_path):
    root = copy_of(upgraded, "0.1.0", tmp_path)
    register = root / "data" / "so-van-ban-di.csv"
    original = register.read_bytes()
    text = original.decode("utf-8-sig").splitlines(keepends=True)
    text[1] = text[1][: text[1].rstrip("\n").rfind(",")] + ",2\n"  # the first row said to be of format 2
    register.write_text("\ufeff" + "".join(text), encoding="utf-8")
    result = run(root, "luu-tru", "kiem-tra", YEAR)
    assert result.exit_code == 1 and "28-KH/ĐU của sổ đăng ký đã bị sửa" in result.output, result.output
    register.write_bytes(original)
    manifest = root / "output" / YEAR / "luu-vt" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    first = data["lan_phat_hanh"][0]
    assert first["loai"] == "nang_cap" and first["ban_ke_cu"]["tep"] == "manifest-0.1.json"
    key, mark = next(iter(first["van_tay_moi"].items()))
    first["van_tay_moi"][key] = "0" * 64  # vouching for another document
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    result = run(root, "luu-tru", "kiem-tra", YEAR)
    assert result.exit_code == 1 and "bản kê (manifest.json) không khớp dấu chuỗi" in result.output, result.output


def test_an_upgrade_cut_short_is_finished_by_the_next(tmp_path):
    """Killed after its journal was written (the archive's files moving in): the next run finishes
    that year's upgrade as an issuing run would, and then has nothing left to do there."""
    root = folder_of("0.2.0", tmp_path)
    killed = faults.vanban("nang-cap", "--thu-muc", str(root), stop="dang-ghi")
    assert killed.returncode == 9, killed.stdout + killed.stderr
    result = upgrade(root)
    assert "Năm 2018: Đã hoàn tất lần phát hành trước bị dừng giữa chừng." in result.output
    check = run(root, "luu-tru", "kiem-tra", YEAR)
    assert check.exit_code == 0 and "Nâng cấp từ lưu trữ của vanban 0.2" in check.output, check.output
    assert run(root, "build", "ke-hoach", YEAR).exit_code == 0
