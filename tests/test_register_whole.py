"""The register is whole or refused (issue 20): every column is checked; a register that is lost,
or older than an archive, is refused — never a term restarted at 01 — and rebuilt from the
manifests by `vanban luu-tru dung-lai-so`, which refuses what it would bless or lose; text in
the CSV register stays text for a spreadsheet and reads back unchanged."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from conftest import run
from test_archive import YEAR, _no_numbers_before_vanban, _plan_only, archive, copy_sample, manifest, moved_on, register
from test_bad_input import edit

REGISTER = "data/so-van-ban-di.csv"


@pytest.fixture
def fresh(issued_docx, tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(issued_docx, root)
    return root


def _plan_2019(root: Path) -> None:
    """The 2019 plan, its number left for the register to give."""
    (root / "data/2019").mkdir()
    shutil.copyfile(root / "data/2018/ke-hoach.yaml", root / "data/2019/ke-hoach.yaml")
    moved_on(root / "data/2019/ke-hoach.yaml")
    edit(root / "data/2019/ke-hoach.yaml", "so: 28 ", "so: ")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def test_a_lost_register_stops_issuing_and_is_rebuilt_from_the_manifests(fresh):
    """data/so-van-ban-di.csv lost: `phat-hanh 2019` issued 01-KH/ĐU in the 2015–2020 term though
    the 2018 archive lists 28-KH/ĐU. Now refused, naming the last numbers and the way out."""
    _no_numbers_before_vanban(fresh)  # what made the next number 01 once the register was gone
    _plan_2019(fresh)
    original = (fresh / REGISTER).read_bytes()
    (fresh / REGISTER).unlink()
    before = _tree(fresh)
    result = run(fresh, "phat-hanh", "2019", "--khong-pdf")
    assert result.exit_code == 2, result.output
    assert ("data/so-van-ban-di.csv: không có sổ đăng ký, trong khi lưu trữ năm 2018 (output/2018/luu-vt) đã có 18 "
            "văn bản phát hành (số cuối: 32-BC/ĐU, 28-KH/ĐU, 26-TB/ĐU): cấp số lại từ đầu sẽ trùng số đã cấp → "
            "trả lại sổ đăng ký mới nhất từ bản sao lưu; hoặc dựng lại sổ từ các bản kê của lưu trữ bằng «vanban "
            "luu-tru dung-lai-so»") in result.output
    assert "Traceback" not in result.output
    assert _tree(fresh) == before and not (fresh / "output/2019/luu-vt").exists()

    rebuilt = run(fresh, "luu-tru", "dung-lai-so")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "Đã dựng lại sổ đăng ký data/so-van-ban-di.csv từ bản kê của các năm 2018 (18 văn bản)." in rebuilt.output
    assert (fresh / REGISTER).read_bytes() == original  # every column, every row, in the order issued
    again = run(fresh, "luu-tru", "dung-lai-so")
    assert again.exit_code == 0 and "không cần dựng lại, không ghi gì" in again.output
    result = run(fresh, "phat-hanh", "2019", "--khong-pdf")
    assert result.exit_code == 0 and "Đã phát hành: 29-KH/ĐU" in result.output, result.output


def test_a_register_older_than_another_years_archive_stops_issuing_any_year(fresh):
    """The register replaced by a copy from before 2019 was issued: the 2019 numbers are gone from
    it. Issuing any year is refused; the rebuild brings them back and keeps the old copy."""
    old = (fresh / REGISTER).read_bytes()
    _plan_2019(fresh)
    assert run(fresh, "phat-hanh", "2019", "--khong-pdf").exit_code == 0
    current = (fresh / REGISTER).read_bytes()
    (fresh / REGISTER).write_bytes(old)
    before = _tree(fresh)
    said = {"2018": "data/so-van-ban-di.csv: sổ đăng ký không khớp lưu trữ năm 2019: bản kê có 29-KH/ĐU nhưng sổ "
                    "đăng ký không có: sổ có thể cũ hơn lưu trữ → kiểm tra bằng «vanban luu-tru kiem-tra 2019»",
            "2019": "data/so-van-ban-di.csv: bản kê có 29-KH/ĐU nhưng sổ đăng ký không có: sổ có thể cũ hơn lưu "
                    "trữ; lấy lại sổ đăng ký mới nhất từ bản sao lưu"}
    for year, finding in said.items():
        result = run(fresh, "phat-hanh", year, "--khong-pdf")
        assert result.exit_code == 2, result.output
        assert finding in result.output, result.output
    assert _tree(fresh) == before
    rebuilt = run(fresh, "luu-tru", "dung-lai-so")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "2018 (18 văn bản), 2019 (1 văn bản)" in rebuilt.output
    assert (fresh / REGISTER).read_bytes() == current
    backups = list((fresh / ".dung-lai-so").glob("*/data/so-van-ban-di.csv"))
    assert [b.read_bytes() for b in backups] == [old]
    assert run(fresh, "luu-tru", "kiem-tra", "2019").exit_code == 0


def _altered_archive(root: Path) -> str:
    (root / REGISTER).unlink()
    with (archive(root) / "ke-hoach-28-kh-du.docx").open("ab") as fh:
        fh.write(b"\0")
    return "output/2018/luu-vt/ke-hoach-28-kh-du.docx: tệp bị sửa"


def _newer_register(root: Path) -> str:
    """A row the manifest does not hold (the archive copied back from an older backup)."""
    text = (root / REGISTER).read_text(encoding="utf-8-sig")
    last = text.splitlines()[-1]
    extra = last.replace("32-BC/ĐU", "33-BC/ĐU").replace("bao-cao-32-bc-du-6-thang.docx", "bao-cao-33.docx") \
        .replace(",32,", ",33,").replace("2018/bao-cao/6-thang", "2018/bao-cao/9-thang")
    (root / REGISTER).write_text(text + extra + "\n", encoding="utf-8-sig")
    return "sổ đăng ký có 1 văn bản năm 2018 mà bản kê không có (33-BC/ĐU): lưu trữ có thể cũ hơn sổ"


def _foreign_head(root: Path) -> str:
    """A register whose rows hold a head the chain never had (the manifest rebuilt since)."""
    head = register(root)[0]["ban_ke"]
    text = (root / REGISTER).read_text(encoding="utf-8-sig")
    (root / REGISTER).write_text(text.replace(head, "f" * 64), encoding="utf-8-sig")
    return "sổ đăng ký ghi cho năm 2018 một dấu chuỗi không có trong bản kê"


def _old_manifest(root: Path) -> str:
    (root / REGISTER).unlink()
    path = archive(root) / "manifest.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"dinh_dang": 3', '"dinh_dang": 2'), encoding="utf-8")
    return "output/2018/luu-vt/manifest.json: bản kê do vanban 0.2 ghi không ghi đủ các cột của sổ đăng ký"


@pytest.mark.parametrize("damage", [_altered_archive, _newer_register, _foreign_head, _old_manifest],
                         ids=lambda d: d.__name__.strip("_"))
def test_the_rebuild_refuses_what_it_would_bless_or_lose(fresh, damage):
    said = damage(fresh)
    before = _tree(fresh)
    result = run(fresh, "luu-tru", "dung-lai-so")
    assert result.exit_code == 2, result.output
    assert said in result.output, result.output
    assert "Traceback" not in result.output
    assert _tree(fresh) == before  # nothing written, no backup either


TRICKY = ['=HYPERLINK("http://x";"An")', "+84 912", "-1", "@SUM(A1)", "\tTab", "\rCR", "'nháy", "''hai",
          "bình thường"]


def test_register_fields_are_written_as_text_and_read_back_unchanged(tmp_path):
    from vanban.issuing.register import Entry, Register, escape, unescape

    for value in TRICKY:
        assert unescape(escape(value)) == value
        assert not escape(value).startswith(("=", "+", "-", "@", "\t", "\r")), value
    path = tmp_path / "so.csv"
    reg = Register(path, "so.csv")
    reg.entries = [Entry(khoa=f"2018/x/{i}", chuoi="KH|2015-2020", so=i + 1, so_ky_hieu=f"{i + 1:02d}-KH/ĐU",
                         ngay="2018-01-05", loai="ke_hoach", trich_yeu=value, nguoi_ky=value, noi_nhan=value,
                         so_ban=2, tep=f"x{i}.docx", sha256="0" * 64, van_tay="1" * 64, ghi_chu=value,
                         ban_ke="2" * 64) for i, value in enumerate(TRICKY)]
    path.write_bytes(reg.dump())
    with path.open(encoding="utf-8-sig", newline="") as fh:
        cells = [row for row in csv.reader(fh)][1:]
    for row, value in zip(cells, TRICKY):
        expected = value if value == "bình thường" else "'" + value
        assert row[6] == row[7] == row[8] == row[13] == expected  # a spreadsheet sees text
    back = Register.load(path, "so.csv")
    assert [e.values() for e in back.entries] == [e.values() for e in reg.entries]
    assert [e.digest() for e in back.entries] == [e.digest() for e in reg.entries]


def test_a_signer_that_looks_like_a_formula_is_issued_as_text(tmp_path):
    root = _plan_only(copy_sample(tmp_path / "proj"))
    edit(root / "data/don-vi.yaml", "    ho_ten: Nguyễn Văn An                    # (mẫu)",
         '    ho_ten: "=HYPERLINK(\\"http://x\\";\\"An\\")"')
    result = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 0, result.output
    raw = (root / REGISTER).read_text(encoding="utf-8-sig")
    assert ",\"'=HYPERLINK(\"\"http://x\"\";\"\"An\"\")\"," in raw
    row = register(root)[0]
    assert row["nguoi_ky"] == "'=HYPERLINK(\"http://x\";\"An\")"  # the file as a spreadsheet reads it
    recorded = manifest(root)["lan_phat_hanh"][0]["tep"]["ke-hoach-28-kh-du.docx"]["dong"]["gia_tri"]
    assert recorded["nguoi_ky"] == '=HYPERLINK("http://x";"An")'  # the value, unescaped
    assert run(root, "luu-tru", "kiem-tra", YEAR).exit_code == 0
    original = (root / REGISTER).read_bytes()
    (root / REGISTER).unlink()
    assert run(root, "luu-tru", "dung-lai-so").exit_code == 0
    assert (root / REGISTER).read_bytes() == original

