"""Files vanban wrote and reads back, and files another office hands over (issue 20): a
manifest or journal that does not read, a link where the archive or the stage must be, a
template part declaring XML entities, a PDF with a password. Each ends in a Vietnamese message
naming the file (exit 1, 2 or 4), never a traceback, nothing moved, nothing outside touched."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

import faults
from conftest import REPO, run
from test_archive import YEAR, _plan_only, archive, copy_sample
from vanban.cli import main

LUU_VT = "output/2018/luu-vt"


@pytest.fixture
def fresh(issued_docx, tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(issued_docx, root)
    return root


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): (p.is_symlink(), p.read_bytes() if p.is_file() else b"")
            for p in sorted(root.rglob("*")) if not p.name.endswith(".lock")}


def _said(result, *findings: str) -> None:
    assert "Traceback" not in result.output, result.output
    for finding in findings:
        assert finding in result.output, (finding, result.output)


# --------------------------------------------------------------------------
# The manifest and the journal: JSON read as a file anyone could have written


def _nested(root: Path) -> str:
    (archive(root) / "manifest.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    return "bản kê hỏng: không đọc được: các mục lồng nhau quá 32 tầng"


def _deep_inside(root: Path) -> str:
    """Deep enough to parse, too deep to hash or dump safely later."""
    path = archive(root) / "manifest.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    body["lan_phat_hanh"][0]["x"] = json.loads("[" * 900 + "]" * 900)
    path.write_text(json.dumps(body), encoding="utf-8")
    return "bản kê hỏng: không đọc được: các mục lồng nhau quá 32 tầng"


def _twice(root: Path) -> str:
    path = archive(root) / "manifest.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"dinh_dang": 3', '"dinh_dang": 3, "dinh_dang": 3', 1), encoding="utf-8")
    return "bản kê hỏng: không đọc được: khóa «dinh_dang» ghi hai lần"


def _long_number(root: Path) -> str:
    path = archive(root) / "manifest.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"dinh_dang": 3', '"dinh_dang": ' + "3" * 5000, 1), encoding="utf-8")
    return "bản kê hỏng: không đọc được: có số quá dài"


def _linked(root: Path) -> str:
    outside = root.parent / "ban-ke-ngoai.json"
    shutil.copyfile(archive(root) / "manifest.json", outside)
    (archive(root) / "manifest.json").unlink()
    (archive(root) / "manifest.json").symlink_to(outside)
    return "bản kê hỏng: không đọc được: là một liên kết tới nơi khác"


def _control_name(root: Path) -> str:
    path = archive(root) / "manifest.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    body["lan_phat_hanh"][0]["tep"]["a\u0000b.docx"] = {"sha256": "0" * 64}
    path.write_text(json.dumps(body), encoding="utf-8")
    return "bản kê hỏng: đường dẫn lạ trong bản kê: 'a\\x00b.docx'"


MANIFESTS = [_nested, _deep_inside, _twice, _long_number, _linked, _control_name]


@pytest.mark.parametrize("damage", MANIFESTS, ids=[d.__name__.strip("_") for d in MANIFESTS])
def test_a_manifest_that_does_not_read_is_named_not_a_traceback(fresh, damage):
    said = damage(fresh)
    before = _tree(fresh)
    checked = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert checked.exit_code == 1, checked.output
    _said(checked, f"KHÔNG KHỚP: {said}")
    for args in (("phat-hanh", YEAR, "--khong-pdf"), ("luu-tru", "dung-lai-so")):
        refused = run(fresh, *args)
        assert refused.exit_code == 2, (args, refused.output)
        _said(refused, LUU_VT, said)
    assert _tree(fresh) == before


def _stopped(tmp_path: Path) -> tuple[Path, Path]:
    """The plan issued up to the journal (nothing moved yet), as a kill leaves it."""
    root = _plan_only(copy_sample(tmp_path / "proj"))
    assert faults.vanban("phat-hanh", YEAR, "--khong-pdf", "--thu-muc", str(root), stop="dang-ghi").returncode == 9
    return root, root / "output" / YEAR / ".phat-hanh"


@pytest.mark.parametrize("how", ["nested", "no-register-hash", "not-a-hash"])
def test_a_journal_that_does_not_read_moves_nothing(tmp_path, how):
    """A journal that does not read is never taken for a stage with nothing moved (dropped) nor
    followed: the recovery stops, naming it; the register and the archive stay as they were."""
    root, stage = _stopped(tmp_path)
    path = stage / "nhat-ky.json"
    journal = json.loads(path.read_text(encoding="utf-8"))
    if how == "nested":
        path.write_text('{"trang_thai": "dang-ghi", "tep": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
        said = "nhật ký phát hành dở dang không đọc được: các mục lồng nhau quá 32 tầng"
    elif how == "no-register-hash":  # the register would be moved in without being re-hashed
        del journal["so_dang_ky"]
        path.write_text(json.dumps(journal), encoding="utf-8")
        said = "nhật ký phát hành dở dang bị sửa: thiếu mã băm của sổ đăng ký hoặc bản kê"
    else:
        journal["tep"] = {name: ["x"] for name in journal["tep"]}
        path.write_text(json.dumps(journal), encoding="utf-8")
        said = "nhật ký phát hành dở dang bị sửa"
    before = _tree(root)
    for args in (("phat-hanh", YEAR, "--khong-pdf"), ("luu-tru", "dung-lai-so")):
        result = run(root, *args)
        assert result.exit_code == 2, (args, result.output)
        _said(result, "output/2018/.phat-hanh/nhat-ky.json: " + said)
    assert _tree(root) == before
    checked = run(root, "luu-tru", "kiem-tra", YEAR)
    assert checked.exit_code == 1 and "bị dừng giữa chừng" in checked.output, checked.output


# --------------------------------------------------------------------------
# Links where vanban's own folders must be: never followed, never removed


def test_a_stage_folder_that_is_a_link_is_neither_followed_nor_removed(fresh):
    outside = fresh.parent / "ngoai"
    (outside / "tep").mkdir(parents=True)
    (outside / "tep" / "giu.txt").write_text("của người khác", encoding="utf-8")
    (outside / "nhat-ky.json").write_text(json.dumps({"trang_thai": "dang-ghi", "tep": {}}), encoding="utf-8")
    (fresh / "output/2018/.phat-hanh").symlink_to(outside)
    before = _tree(fresh)
    said = ("output/2018/.phat-hanh: không phải thư mục phát hành của vanban (một liên kết tới nơi khác, hoặc một "
            "tệp)")
    for args in (("phat-hanh", YEAR, "--khong-pdf"), ("luu-tru", "dung-lai-so")):
        result = run(fresh, *args)
        assert result.exit_code == 2, (args, result.output)
        _said(result, said)
    checked = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert checked.exit_code == 1
    _said(checked, "KHÔNG KHỚP: output/2018/.phat-hanh không phải thư mục phát hành của vanban")
    assert _tree(fresh) == before
    assert (outside / "tep" / "giu.txt").read_text(encoding="utf-8") == "của người khác"


def test_an_archive_folder_that_is_a_link_is_refused(fresh):
    """output/2018/luu-vt replaced by a link to a copy elsewhere: not that archive (its files
    would be checked, and written, outside the project)."""
    outside = fresh.parent / "luu-vt-ngoai"
    shutil.move(archive(fresh), outside)
    archive(fresh).symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    said = "thư mục lưu trữ là một liên kết tới nơi khác (hoặc một tệp)"
    checked = run(fresh, "luu-tru", "kiem-tra", YEAR)
    assert checked.exit_code == 1
    _said(checked, f"KHÔNG KHỚP: {said}")
    for args in (("phat-hanh", YEAR, "--khong-pdf"), ("luu-tru", "dung-lai-so")):
        result = run(fresh, *args)
        assert result.exit_code == 2, (args, result.output)
        _said(result, f"{LUU_VT}: {said}")
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


# --------------------------------------------------------------------------
# Templates from another office


def _with_part(source: Path, target: Path, change) -> None:
    """*source* with its document part changed by *change* (text → text)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)


def _declare(entities: str, use: str):
    def change(xml: str) -> str:
        xml = xml.replace("?>", f"?><!DOCTYPE w:document [{entities}]>", 1)
        return xml.replace("ĐÁNH DẤU", use, 1)
    return change


LAUGHS = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
ENTITIES = {
    "xxe-file": _declare('<!ENTITY x SYSTEM "file:///etc/hostname">', "&x;"),
    "xxe-network": _declare('<!ENTITY x SYSTEM "http://127.0.0.1:9/x">', "&x;"),
    "billion-laughs": _declare(LAUGHS, "&l9;"),
    "parameter-entity": _declare('<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;', "x"),
    "declared-unused": _declare('<!ENTITY x "y">', "x"),
}


@pytest.mark.parametrize("name", ENTITIES)
def test_a_template_declaring_xml_entities_is_refused(project, tmp_path, name):
    """A document part with a DOCTYPE: the entity was once kept unresolved in the issued DOCX (a
    document Word cannot open, exit 0). Office never writes one: refused by build, the template
    check and the thể thức checker, before any library parses the part."""
    tpl = project / "templates/docx/ke-hoach.docx"
    marked = tmp_path / "marked.docx"
    doc = Document(tpl)
    doc.add_paragraph("ĐÁNH DẤU")
    doc.save(marked)
    _with_part(marked, tpl, ENTITIES[name])
    said = ("templates/docx/ke-hoach.docx: phần word/document.xml của tệp có khai báo DOCTYPE (thực thể XML, có thể "
            "trỏ tới tệp khác trên máy)")
    built = run(project, "build", "ke-hoach", YEAR)
    assert built.exit_code == 2, built.output
    _said(built, said)
    assert not any((project / "output").rglob("*.docx"))
    checked = run(project, "mau", "kiem-tra")
    assert checked.exit_code == 1
    _said(checked, said)
    result = CliRunner().invoke(main, ["kiem-tra-the-thuc", str(tpl)], catch_exceptions=False)
    assert result.exit_code == 2 and "khai báo DOCTYPE" in result.output and "Traceback" not in result.output


ESCAPES = [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "mẫu truy cập «__class__», phần không được phép"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "mẫu truy cập «__init__», phần không được phép"),
    ("{{ co_quan_goi_tat.__class__.__base__ }}", "mẫu truy cập «__class__», phần không được phép"),
    ("{{ joiner.__init__.__globals__ }}", "mẫu truy cập «__init__», phần không được phép"),
    ("{% import 'os' as os %}", "mẫu"),
    ("{% include '/etc/passwd' %}", "mẫu"),
]


@pytest.mark.parametrize("expr, message", ESCAPES, ids=[f"escape-{i}" for i in range(len(ESCAPES))])
def test_a_template_cannot_reach_out_of_its_sandbox(project, expr, message):
    tpl = project / "templates/docx/ke-hoach.docx"
    doc = Document(tpl)
    doc.add_paragraph(expr)
    doc.save(tpl)
    built = run(project, "build", "ke-hoach", YEAR)
    assert built.exit_code == 2, built.output
    _said(built, "templates/docx/ke-hoach.docx", message)
    assert "uid=" not in built.output and "root:" not in built.output
    assert not any((project / "output").rglob("*.docx"))


def test_a_template_with_a_macro_or_unpacking_to_gigabytes_is_refused(project):
    tpl = project / "templates/docx/ke-hoach.docx"
    original = tpl.read_bytes()
    with zipfile.ZipFile(tpl, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    built = run(project, "build", "ke-hoach", YEAR)
    assert built.exit_code == 2
    _said(built, "mẫu chứa macro (word/vbaProject.bin)")
    tpl.write_bytes(original)
    with zipfile.ZipFile(tpl, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/to.bin", b"\0" * 300_000_000)
    assert tpl.stat().st_size < 2_000_000
    built = run(project, "build", "ke-hoach", YEAR)
    assert built.exit_code == 2
    _said(built, "templates/docx/ke-hoach.docx: tệp giải nén ra quá lớn")
    assert not any((project / "output").rglob("*.docx"))


# --------------------------------------------------------------------------
# PDFs handed to the page checker


def _pdfs(folder: Path) -> dict[str, Path]:
    from pypdf import PdfWriter

    out = {}
    for name, password in (("mat-khau", "mo"), ("chi-chu", "")):
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        writer.encrypt(user_password=password, owner_password="chu")
        out[name] = folder / f"{name}.pdf"
        with out[name].open("wb") as fh:
            writer.write(fh)
    out["cat-cut"] = folder / "cat-cut.pdf"
    out["cat-cut"].write_bytes(out["mat-khau"].read_bytes()[:200])
    out["khong-phai"] = folder / "khong-phai.pdf"
    out["khong-phai"].write_text("một tệp chữ", encoding="utf-8")
    return out


def test_a_pdf_that_does_not_read_says_why(tmp_path):
    """A password-protected PDF was «không đọc được» without a reason; now each file says what
    it is (a password, cut short, not a PDF), all of them in one run; a PDF locked only against
    editing is checked as any other."""
    pdfs = _pdfs(tmp_path)
    result = CliRunner().invoke(main, ["kiem-tra-trang", "--quy-tac", "nha-nuoc",
                                       *(str(pdfs[n]) for n in ("mat-khau", "cat-cut", "khong-phai", "chi-chu"))],
                                catch_exceptions=False)
    assert result.exit_code == 2, result.output
    _said(result, "Không kiểm tra được tệp: 3 vấn đề",
          f"{pdfs['mat-khau']}: tệp PDF có mật khẩu mở (được mã hóa)",
          "lưu hoặc in ra một bản PDF không đặt mật khẩu",
          f"{pdfs['cat-cut']}: tệp PDF bị hỏng hoặc bị cắt cụt",
          f"{pdfs['khong-phai']}: không phải tệp PDF")
    assert "Mẫu văn bản" not in result.output and "EOF" not in result.output
    alone = CliRunner().invoke(main, ["kiem-tra-trang", "--quy-tac", "nha-nuoc", str(pdfs["chi-chu"])])
    assert alone.exit_code == 0 and "(1 trang)" in alone.output, alone.output


def test_the_packed_archive_holds_no_file_from_outside(tmp_path):
    """--zip packs the archive's regular files only (a link placed there is not followed)."""
    from vanban.issuing.outgoing import pack

    folder = tmp_path / "luu-vt"
    folder.mkdir()
    (folder / "a.docx").write_bytes(b"a")
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("bí mật", encoding="utf-8")
    (folder / "b.docx").symlink_to(secret)
    import io

    names = zipfile.ZipFile(io.BytesIO(pack(folder))).namelist()
    assert names == ["luu-vt/a.docx"]


def test_the_repository_ships_no_fault_switch():
    """Fault injection lives in the tests (tests/faults.py): no environment variable of the
    shipped code stops or pauses a run."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src/vanban").rglob("*.py"))
    assert "VANBAN_ISSUE_" not in text and "os._exit" not in text
    from vanban.issuing import transaction

    assert transaction.STEP_HOOKS == []
    assert os.environ.get("VANBAN_ISSUE_STOP") is None


# --------------------------------------------------------------------------
# The system says no while issuing: named for what it is, where the clerk looks


def test_a_full_disk_while_staging_names_the_document_and_takes_no_number(tmp_path, monkeypatch):
    import errno

    import vanban.issuing.transaction as transaction

    root = copy_sample(tmp_path / "proj")
    real, calls = transaction._write, []

    def full(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(transaction, "_write", full)
    result = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 4, result.output
    _said(result, f"{LUU_VT}/{calls[-1].name}: không ghi được (khi chuẩn bị trong thư mục output/2018/.phat-hanh): "
                  "ổ đĩa đã đầy")
    assert "No space" not in result.output
    assert not (root / "output/2018/.phat-hanh").exists() and not (root / "data/so-van-ban-di.csv").exists()
    monkeypatch.setattr(transaction, "_write", real)
    again = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert again.exit_code == 0 and "Đã phát hành: 28-KH/ĐU" in again.output, again.output


def test_a_register_that_cannot_be_replaced_is_named_and_the_next_run_completes(tmp_path, monkeypatch):
    """data/ read-only: the move of the new register is refused. The message names the register
    (it once named the staged copy), in Vietnamese; the next run completes the publication."""
    import vanban.issuing.transaction as transaction

    root = _plan_only(copy_sample(tmp_path / "proj"))
    real = os.replace

    def read_only(src, dst, *args, **kwargs):
        if str(dst).endswith("so-van-ban-di.csv"):
            raise PermissionError(13, "Permission denied", str(src))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(transaction.os, "replace", read_only)
    result = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 4, result.output
    _said(result, "data/so-van-ban-di.csv: không ghi được: không có quyền ghi")
    assert ".phat-hanh" not in result.output.split("→")[0] and "Permission" not in result.output
    again = run(root, "phat-hanh", YEAR, "--khong-pdf")  # still read-only: the recovery says the same
    assert again.exit_code == 4 and "data/so-van-ban-di.csv: không ghi được" in again.output, again.output
    monkeypatch.setattr(transaction.os, "replace", real)
    done = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert done.exit_code == 0 and "Đã hoàn tất lần phát hành trước bị dừng giữa chừng." in done.output, done.output
    assert run(root, "luu-tru", "kiem-tra", YEAR).exit_code == 0


@pytest.mark.parametrize("damage, said", [
    (lambda t: t.replace("Nguyễn Văn An", "x" * 200_000, 1),
     "data/so-van-ban-di.csv:2: sổ đăng ký hỏng: một ô dài quá 131.072 ký tự"),
    (lambda t: t.replace("Nguyễn Văn An", '"Nguyễn Văn An', 1),  # a quote never closed: the rest is one cell
     "data/so-van-ban-di.csv:2: dòng của sổ đăng ký có 8 cột, cần 16"),  # where the row begins, not ends
], ids=["huge-cell", "open-quote"])
def test_a_register_that_does_not_parse_names_its_line_in_vietnamese(fresh, damage, said):
    path = fresh / "data/so-van-ban-di.csv"
    path.write_text(damage(path.read_text(encoding="utf-8-sig")), encoding="utf-8-sig")
    for args in (("luu-tru", "kiem-tra", YEAR), ("phat-hanh", YEAR, "--khong-pdf"), ("build", "ke-hoach", YEAR)):
        result = run(fresh, *args)
        assert result.exit_code == 2, (args, result.output)
        _said(result, said)
        assert "field" not in result.output


def test_a_register_that_is_a_link_is_neither_read_nor_replaced(fresh):
    """data/so-van-ban-di.csv replaced by a link to a copy elsewhere: not read through (its rows
    would come from outside the project), not written through, not rebuilt over; the way out is
    said, and the rebuild works once the link is moved away."""
    outside = fresh.parent / "so-ngoai.csv"
    register = fresh / "data/so-van-ban-di.csv"
    shutil.move(register, outside)
    register.symlink_to(outside)
    kept = outside.read_bytes()
    said = "data/so-van-ban-di.csv: sổ đăng ký không phải tệp thường (một liên kết tới nơi khác, hay một thư mục)"
    before = _tree(fresh)
    for args in (("luu-tru", "kiem-tra", YEAR), ("phat-hanh", YEAR, "--khong-pdf"), ("build", "ke-hoach", YEAR),
                 ("luu-tru", "dung-lai-so")):
        result = run(fresh, *args)
        assert result.exit_code == 2, (args, result.output)
        _said(result, said)
    assert _tree(fresh) == before and outside.read_bytes() == kept
    register.unlink()
    assert run(fresh, "luu-tru", "dung-lai-so").exit_code == 0
    assert not register.is_symlink() and register.read_bytes() == kept
    assert run(fresh, "luu-tru", "kiem-tra", YEAR).exit_code == 0
