"""Mutants of the issuing modules (issuing/register.py, transaction.py, archive.py) that survived
the suite (tools/mutation.py, issue 27), each killed here by what a clerk, a file or a caller sees:
the register's exact bytes and findings, the numbers a run gives, what a recovery moves or refuses,
what `luu-tru kiem-tra` reports. Small inputs, no year issued, no LibreOffice. Expected values are
reasoned from the register's and the manifest's documented rules, never read back from the code."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from vanban.errors import ArchiveProblem, DataError, Findings
from vanban.issuing import register as rg

HEADER3 = ("khoa,chuoi,so,so_ky_hieu,ngay,loai,trich_yeu,nguoi_ky,noi_nhan,so_ban,tep,sha256,van_tay,ghi_chu,"
           "ban_ke,dinh_dang")
HEADER2 = HEADER3.rsplit(",", 1)[0]
HEADER1 = HEADER2.rsplit(",", 1)[0]
FIX = "sổ đăng ký chỉ được sửa bằng vanban; lấy lại bản đúng từ bản sao lưu (git, tệp zip lưu trữ)"


def entry(**kw) -> rg.Entry:
    values = dict(khoa="2018/ke-hoach", chuoi="KH|2015-2020", so=28, so_ky_hieu="28-KH/ĐU", ngay="2018-01-05",
                  loai="ke_hoach", trich_yeu="Kế hoạch", nguoi_ky="An", noi_nhan="Các chi bộ", so_ban=3,
                  tep="ke-hoach.docx", sha256="a" * 64, van_tay="b" * 64, ghi_chu="", ban_ke="c" * 64,
                  dinh_dang=3)
    values.update(kw)
    return rg.Entry(**values)


def row3(**kw) -> str:
    e = entry(**kw)
    return ",".join(str(getattr(e, c)) for c in HEADER3.split(","))


def load_text(tmp_path: Path, text: str, name: str = "so.csv") -> rg.Register:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return rg.Register.load(path, "data/so.csv")


def refusal(tmp_path: Path, text: str) -> list[tuple]:
    with pytest.raises(DataError) as caught:
        load_text(tmp_path, text)
    return [(str(f.location), f.message, f.hint) for f in caught.value.findings]


# --------------------------------------------------------------------------
# issuing/register.py: formula-safe text


def test_only_a_field_a_spreadsheet_would_evaluate_is_escaped_and_one_apostrophe_comes_off():
    # the formula starts and the apostrophe itself take one apostrophe; anything else stays as it is
    assert [rg.escape(v) for v in ("=1", "+1", "-1", "@A", "\tx", "\rx", "'x", "x=1", "", "1")] == [
        "'=1", "'+1", "'-1", "'@A", "'\tx", "'\rx", "''x", "x=1", "", "1"]
    assert rg.unescape("''x") == "'x" and rg.unescape("'=1") == "=1" and rg.unescape("x'") == "x'"
    assert rg.unescape("x") == "x" and rg.unescape("") == ""


# --------------------------------------------------------------------------
# issuing/register.py: a row


def test_a_row_is_active_until_it_says_it_was_replaced_and_its_year_is_the_keys_first_part():
    assert entry().active
    assert entry(ghi_chu="ghi chú bị thay thế bởi 29-KH/ĐU").active  # the note must begin so
    assert not entry(ghi_chu="bị thay thế bởi 29-KH/ĐU").active
    assert entry(khoa="2019/bao-cao/6-thang").year == "2019"


def test_a_rows_digest_covers_every_column_but_the_anchor_in_format_3_and_the_issued_columns_before():
    e = entry(ghi_chu="ghi chú", ban_ke="d" * 64)
    issued = ["2018/ke-hoach", "KH|2015-2020", "28", "28-KH/ĐU", "2018-01-05", "ke_hoach", "Kế hoạch", "An",
              "Các chi bộ", "3", "ke-hoach.docx", "a" * 64, "b" * 64]

    def sha(fields):
        return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()

    assert e.digest() == sha(issued + ["ghi chú", "3"])
    assert e.digest(1) == e.digest(2) == sha(issued)  # the rule of an earlier format, asked for
    assert entry(dinh_dang=2, ghi_chu="ghi chú").digest() == sha(issued)  # a row's own format's rule
    assert entry(ban_ke="e" * 64).digest() == entry().digest()  # the anchor is the chain's head, not digested
    assert entry(ghi_chu="x").digest() != entry().digest()


def test_what_the_manifest_keeps_of_a_row_rebuilds_it_with_the_anchor_given():
    e = entry(ghi_chu="ghi chú")
    values = e.values()
    assert list(values) == [c for c in HEADER3.split(",") if c != "ban_ke"]
    assert values["so"] == 28 and values["ghi_chu"] == "ghi chú" and values["dinh_dang"] == 3
    back = rg.Entry.from_values(values, "f" * 64)
    assert back == entry(ghi_chu="ghi chú", ban_ke="f" * 64)


def test_a_row_as_a_manifest_records_it_has_every_digested_column_of_its_type_and_nothing_else():
    good = entry().values()
    assert rg.row_values_ok(good)
    assert not rg.row_values_ok(list(good.items()))
    assert not rg.row_values_ok({k: v for k, v in good.items() if k != "ghi_chu"})
    assert not rg.row_values_ok({**good, "ban_ke": "c" * 64})
    for column, wrong in (("so", True), ("so", "28"), ("so_ban", 3.0), ("dinh_dang", None), ("trich_yeu", 1),
                          ("ngay", None)):
        assert not rg.row_values_ok({**good, column: wrong}), column
    assert rg.row_values_ok({**good, "so": 0, "trich_yeu": ""})


# --------------------------------------------------------------------------
# issuing/register.py: reading the register


def test_a_register_not_there_is_empty_and_new_and_written_in_the_current_format(tmp_path):
    reg = rg.Register.load(tmp_path / "none.csv", "data/none.csv")
    assert reg.entries == [] and reg.exists is False and reg.format == 3 and reg.shown == "data/none.csv"
    assert reg.dump() == ("\ufeff" + HEADER3 + "\n").encode("utf-8")


def test_a_register_that_is_a_link_or_a_folder_is_refused_naming_it(tmp_path):
    said = [("data/so.csv", "sổ đăng ký không phải tệp thường (một liên kết tới nơi khác, hay một thư mục): vanban "
             "không đọc, không ghi sổ qua liên kết", f"đặt chính tệp sổ đăng ký vào data/so.csv; {FIX}")]
    real = tmp_path / "real.csv"
    real.write_text(HEADER3 + "\n", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(real)
    (tmp_path / "folder.csv").mkdir()
    for name in ("link.csv", "folder.csv"):
        with pytest.raises(DataError) as caught:
            rg.Register.load(tmp_path / name, "data/so.csv")
        assert [(str(f.location), f.message, f.hint) for f in caught.value.findings] == said
    (tmp_path / "dangling.csv").symlink_to(tmp_path / "nowhere.csv")
    with pytest.raises(DataError):
        rg.Register.load(tmp_path / "dangling.csv", "data/so.csv")


def test_a_register_saved_in_another_encoding_or_with_nul_is_refused_in_vietnamese(tmp_path):
    path = tmp_path / "so.csv"
    path.write_bytes((HEADER3 + "\nKế hoạch\n").encode("utf-16"))  # Excel's «Unicode text»
    with pytest.raises(DataError) as caught:
        rg.Register.load(path, "data/so.csv")
    assert [(str(f.location), f.message, f.hint) for f in caught.value.findings] == [
        ("data/so.csv", "sổ đăng ký không phải UTF-8 (có thể đã bị lưu lại bằng Excel với bảng mã khác)", FIX)]
    assert refusal(tmp_path, HEADER3 + "\n\x00\n") == [
        ("data/so.csv", "sổ đăng ký có ký tự NUL (tệp hỏng hoặc lưu bằng UTF-16)", FIX)]


def test_a_changed_heading_row_is_refused_at_line_1_saying_the_right_one(tmp_path):
    said = [("data/so.csv:1", "dòng tiêu đề của sổ đăng ký đã bị thay đổi", f"dòng đầu phải là: {HEADER3}")]
    assert refusal(tmp_path, HEADER3.replace("so_ban", "so ban") + "\n") == said
    assert refusal(tmp_path, "") == said  # not even a heading row


def test_every_format_is_read_by_its_heading_row_and_a_bom_is_no_part_of_it(tmp_path):
    e = entry()
    fields = [str(getattr(e, c)) for c in HEADER3.split(",")]
    for number, header in ((1, HEADER1), (2, HEADER2), (3, HEADER3)):
        reg = load_text(tmp_path, "\ufeff" + header + "\n" + ",".join(fields[:len(header.split(","))]) + "\n")
        assert reg.format == number and reg.exists
        [row] = reg.entries
        assert row.dinh_dang == number  # formats 1 and 2 have no column: the file's own format
        assert row.so == 28 and row.so_ban == 3 and row.line == 2
        assert row.ban_ke == ("" if number == 1 else "c" * 64)


def test_damaged_rows_are_each_named_by_the_line_they_begin_on(tmp_path):
    text = "\n".join([
        HEADER3,
        row3(trich_yeu='"hai\ndòng"'),               # lines 2-3: one row
        "",                                          # 4: blank, skipped
        "a,b,c",                                     # 5: three columns
        row3(so="01"),                               # 6: a number with padding
        row3(so_ban="+3"),                           # 7: a sign
        row3(dinh_dang="x"),                         # 8: no number
        row3(so="²"),                                # 9: a digit that is no ASCII digit
        row3(dinh_dang=4),                           # 10: a format that does not exist
        row3(dinh_dang=0),                           # 11
        row3(so=29),                                 # 12: a good row after the damaged ones
    ]) + "\n"
    broken = "dòng của sổ đăng ký bị hỏng (số, số bản hoặc định dạng không phải số)"
    assert refusal(tmp_path, text) == [
        ("data/so.csv:5", "dòng của sổ đăng ký có 3 cột, cần 16", FIX),
        ("data/so.csv:6", broken, FIX), ("data/so.csv:7", broken, FIX), ("data/so.csv:8", broken, FIX),
        ("data/so.csv:9", broken, FIX),
        ("data/so.csv:10", "dòng của sổ đăng ký ghi định dạng 4, không có trong sổ định dạng 3", FIX),
        ("data/so.csv:11", "dòng của sổ đăng ký ghi định dạng 0, không có trong sổ định dạng 3", FIX)]


def test_a_good_register_keeps_every_row_with_its_line_and_a_blank_row_is_skipped(tmp_path):
    reg = load_text(tmp_path, HEADER3 + "\n" + row3(trich_yeu='"hai\ndòng"') + "\n\n" + row3(so=29) + "\n")
    assert [(e.so, e.line) for e in reg.entries] == [(28, 2), (29, 5)]
    assert reg.entries[0].trich_yeu == "hai\ndòng"
    assert reg.path == tmp_path / "so.csv" and reg.shown == "data/so.csv"  # where a later dump goes


def test_a_register_saved_with_old_mac_line_ends_reads_row_by_row(tmp_path):
    # a lone carriage return ends a row as a line feed does (a spreadsheet may save so)
    reg = load_text(tmp_path, HEADER3 + "\r" + row3() + "\r" + row3(so=29) + "\r")
    assert [(e.so, e.line) for e in reg.entries] == [(28, 2), (29, 3)]


def test_a_format_2_register_cannot_hold_a_row_of_format_3_and_is_read_unescaped(tmp_path):
    e = entry()
    fields = [str(getattr(e, c)) for c in HEADER2.split(",")]
    fields[6] = "'=1"
    reg = load_text(tmp_path, HEADER2 + "\n" + ",".join(fields) + "\n")
    assert reg.entries[0].trich_yeu == "'=1"  # format 2 was written without the escape: read as it is
    reg = load_text(tmp_path, HEADER3 + "\n" + row3(trich_yeu="'=1") + "\n")
    assert reg.entries[0].trich_yeu == "=1"


def test_a_register_cell_past_the_csv_limit_is_named_not_a_traceback(tmp_path):
    assert refusal(tmp_path, HEADER3 + "\n" + row3(trich_yeu="x" * 131073) + "\n") == [
        ("data/so.csv:2", "sổ đăng ký hỏng: một ô dài quá 131.072 ký tự", FIX)]


def test_numbers_are_read_only_as_vanban_writes_them():
    assert rg._number("0") == 0 and rg._number("28") == 28
    for text in ("01", "+1", "-1", " 1", "1.0", "²", "١", ""):
        with pytest.raises(ValueError):
            rg._number(text)


# --------------------------------------------------------------------------
# issuing/register.py: writing it


def test_the_register_is_written_with_a_bom_escaped_and_a_row_with_a_carriage_return_quoted(tmp_path):
    reg = rg.Register(tmp_path / "so.csv", "so.csv")
    reg.entries = [entry(trich_yeu="=SUM(A1)", so=28), entry(noi_nhan="a\rb", so=29, line=7)]
    first = "2018/ke-hoach,KH|2015-2020,28,28-KH/ĐU,2018-01-05,ke_hoach,'=SUM(A1),An,Các chi bộ,3,ke-hoach.docx," \
            f"{'a' * 64},{'b' * 64},,{'c' * 64},3"
    second = ('"2018/ke-hoach","KH|2015-2020","29","28-KH/ĐU","2018-01-05","ke_hoach","Kế hoạch","An","a\rb","3",'
              f'"ke-hoach.docx","{"a" * 64}","{"b" * 64}","","{"c" * 64}","3"')
    assert reg.dump() == ("\ufeff" + HEADER3 + "\n" + first + "\n" + second + "\n").encode("utf-8")
    (tmp_path / "so.csv").write_bytes(reg.dump())
    back = rg.Register.load(tmp_path / "so.csv", "so.csv")
    assert [e.noi_nhan for e in back.entries] == ["Các chi bộ", "a\rb"] and back.entries[0].trich_yeu == "=SUM(A1)"


def test_the_register_finds_a_keys_active_row_a_numbers_holder_a_series_numbers_and_a_years_rows(tmp_path):
    old = entry(khoa="2018/a", so=1, ghi_chu="bị thay thế bởi 02-KH/ĐU")
    new = entry(khoa="2018/a", so=2)
    other = entry(khoa="2019/b", chuoi="BC|2015-2020", so=1)
    reg = rg.Register(tmp_path / "so.csv", "so.csv", [old, new, other])
    assert reg.active("2018/a") is new and reg.active("2019/b") is other and reg.active("2018/c") is None
    assert reg.holder("KH|2015-2020", 1) is old and reg.holder("BC|2015-2020", 1) is other
    assert reg.holder("BC|2015-2020", 2) is None and reg.holder("KH|2015-2020", 3) is None
    assert reg.used("KH|2015-2020") == {1, 2} and reg.used("BC|2015-2020") == {1} and reg.used("x") == set()
    assert reg.of_year(2018) == [old, new] and reg.of_year(2019) == [other] and reg.of_year(2020) == []
    lookup = rg.issued_number(reg, 2018)
    assert lookup("a") == 2 and lookup("b") is None
    assert rg.issued_number(reg, 2019)("b") == 1


def test_the_heading_row_alone_tells_a_registers_format(tmp_path):
    path = tmp_path / "so.csv"
    assert rg.header_format(path) is None  # nothing there
    for number, header in ((1, HEADER1), (2, HEADER2), (3, HEADER3)):
        path.write_bytes(("\ufeff" + header + "\r\nbroken,\"row\n").encode("utf-8"))
        assert rg.header_format(path) == number
    path.write_text("khoa,chuoi\n", encoding="utf-8")
    assert rg.header_format(path) is None
    path.write_bytes(b"\xff\xfek\x00")
    assert rg.header_format(path) is None


def test_a_projects_register_is_data_so_van_ban_di_csv_shown_relative(tmp_path):
    from vanban.project import Project

    project = Project(tmp_path)
    assert rg.register_path(project) == tmp_path / "data" / "so-van-ban-di.csv"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "so-van-ban-di.csv").write_text(HEADER3 + "\n" + row3() + "\n", encoding="utf-8")
    reg = rg.load_register(project)
    assert reg.shown == "data/so-van-ban-di.csv" and [e.so for e in reg.entries] == [28]


# --------------------------------------------------------------------------
# issuing/register.py: the lock


def test_a_held_register_is_said_waited_for_and_given_up_with_a_message(tmp_path, monkeypatch):
    from filelock import FileLock

    from vanban.project import Project

    project = Project(tmp_path / "proj")
    said = []
    with rg.locked(project):  # makes data/ and holds data/so-van-ban-di.csv.lock
        assert (tmp_path / "proj" / "data").is_dir()
        other = FileLock(str(tmp_path / "proj" / "data" / "so-van-ban-di.csv.lock"))
        with pytest.raises(Exception):
            other.acquire(timeout=0)
    other.acquire(timeout=0)  # released when the run ends
    try:
        with pytest.raises(ArchiveProblem) as caught:
            with rg.locked(project, notify=said.append, seconds=0.25):
                pass
        assert said == ["Sổ đăng ký đang được một lần chạy vanban khác dùng; chờ tối đa 0.25 giây…"]
        assert [(str(f.location), f.message, f.hint) for f in caught.value.findings] == [
            ("data/so-van-ban-di.csv", "sổ đăng ký vẫn bị một lần chạy khác giữ sau 0.25 giây",
             "chờ lần chạy kia xong (hoặc đóng cửa sổ đang chạy vanban) rồi chạy lại")]
        monkeypatch.setattr(rg, "LOCK_WAIT_SECONDS", 0)  # no seconds given: the default wait
        with pytest.raises(ArchiveProblem) as caught:
            with rg.locked(project):  # no one to tell: still given up
                pass
        assert caught.value.findings[0].message == "sổ đăng ký vẫn bị một lần chạy khác giữ sau 0 giây"
    finally:
        other.release()
    with rg.locked(project, notify=said.append, seconds=0):
        pass
    assert len(said) == 1  # free: nothing said


# --------------------------------------------------------------------------
# issuing/register.py: series and numbers

KH, BC = SimpleNamespace(ky_hieu="KH"), SimpleNamespace(ky_hieu="BC")
PARTY = SimpleNamespace(danh_so="nhiem_ky", loai_van_ban={"ke_hoach": KH, "bao_cao": BC})
STATE = SimpleNamespace(danh_so="nam", loai_van_ban={"ke_hoach": KH, "bao_cao": BC})
TERMS = [SimpleNamespace(ten="2020-2025", bat_dau=dt.date(2020, 7, 1)),
         SimpleNamespace(ten="2015-2020", bat_dau=dt.date(2015, 7, 1))]


def org(**recorded) -> SimpleNamespace:
    return SimpleNamespace(nhiem_ky=TERMS, so_da_dung=recorded)


def test_a_document_before_every_term_is_refused_naming_its_date():
    with pytest.raises(DataError) as caught:
        rg.series(PARTY, org(), "ke_hoach", dt.date(2015, 6, 30), 2015)
    assert [(str(f.location), f.message, f.hint) for f in caught.value.findings] == [
        ("data/don-vi.yaml", "không biết nhiệm kỳ của văn bản ngày 30/06/2015 để đánh số",
         "khai «nhiem_ky: [{ten: 2015-2020, bat_dau: 2015-07-01}]» trong don-vi.yaml")]
    assert rg.series(PARTY, org(), "bao_cao", dt.date(2015, 7, 1), 2015) == "BC|2015-2020"
    # no date (a draft): the last day of its year
    assert rg.series(PARTY, org(), "ke_hoach", None, 2020) == "KH|2020-2025"
    assert rg.series(STATE, org(), "ke_hoach", None, 2019) == "2019"


def allocator(entries=(), profile=PARTY, recorded=None, replacing=(), year=2018):
    findings = Findings()
    reg = rg.Register(Path("so.csv"), "so.csv", list(entries))
    return rg.Allocator(reg, profile, org(**(recorded or {})), year, set(replacing), findings), findings


def said(findings) -> list[tuple]:
    return [(str(f.location), f.message, f.hint) for f in findings]


D = dt.date(2018, 3, 1)


def test_an_issued_document_keeps_its_number_and_a_replacement_takes_the_next():
    issued = entry(khoa="2018/a", so=5)
    take, findings = allocator([issued])
    assert take("ke_hoach", "a", None, D) == 5
    take, findings = allocator([issued])
    assert take("ke_hoach", "a", 9, D) == 5  # a number in the data does not move an issued one
    take, findings = allocator([issued], replacing={"2018/a"})
    assert take("ke_hoach", "a", None, D) == 6
    assert not findings


def test_a_number_given_in_the_data_is_checked_against_the_register_and_the_run():
    held = entry(khoa="2018/a", so=5, so_ky_hieu="05-KH/ĐU", ngay="2018-02-01")
    take, findings = allocator([held], replacing={"2018/a"})
    assert take("ke_hoach", "a", 5, D) == 5
    assert take("ke_hoach", "b", 5, D) == 5
    assert take("ke_hoach", "c", 7, D) == 7
    assert take("ke_hoach", "d", 7, D) == 7
    assert take("ke_hoach", "e", 8, D) == 8
    assert take("bao_cao", "f", 7, D) == 7  # another series: free
    assert take("ke_hoach", "g", None, D) == 9  # the next after every number this run took
    hint = "xóa số trong dữ liệu để vanban cấp số kế tiếp, hoặc ghi một số chưa dùng"
    assert said(findings) == [
        ("so-van-ban-di.csv", "số 5 của a không dùng được: số cũ của chính văn bản này, không dùng lại cho bản "
                              "thay thế", hint),
        ("so-van-ban-di.csv", "số 5 của b không dùng được: đã cấp cho 05-KH/ĐU (2018/a) ngày 2018-02-01", hint),
        ("so-van-ban-di.csv", "số 7 được ghi cho cả 2018/c và 2018/d", "mỗi văn bản một số riêng")]


def test_a_key_asked_twice_in_a_run_keeps_its_first_number():
    take, findings = allocator([entry(khoa="2017/x", so=3)])
    assert take("ke_hoach", "a", None, D) == 4
    assert take("ke_hoach", "a", None, D) == 4
    assert take("ke_hoach", "b", None, D) == 5
    assert take.assigned == {"2018/a": 4, "2018/b": 5}


def test_a_rollback_gives_back_the_numbers_and_findings_since_its_mark():
    take, findings = allocator([entry(khoa="2017/x", so=3)])
    assert take("ke_hoach", "a", None, D) == 4
    mark = take.mark()
    assert take("ke_hoach", "b", None, D) == 5
    assert take("ke_hoach", "c", 4, D) == 4  # a finding: 4 taken twice
    take.rollback(mark)
    assert not findings
    assert take("ke_hoach", "d", None, D) == 5  # 5 is free again: no gap
    assert take.assigned == {"2018/a": 4, "2018/d": 5}
    # the mark is a copy: what was taken after it does not leak into it
    take.rollback(mark)
    assert take("ke_hoach", "e", None, D) == 5


def test_a_question_rolled_back_is_asked_again_for_the_document_that_stays():
    take, findings = allocator()
    mark = take.mark()
    assert take("ke_hoach", "a", None, D) == 0 and len(findings.items) == 1
    take.rollback(mark)
    assert not findings
    assert take("ke_hoach", "b", None, D) == 0
    assert [f.message for f in findings] == ["chưa biết số văn bản loại KH đã dùng trong nhiệm kỳ 2015-2020 trước "
                                             "khi dùng vanban (để cấp số cho b)"]


def test_a_document_without_a_date_is_numbered_in_the_series_of_its_years_last_day():
    # 2020: the last day is in the 2020-2025 term, where KH has numbers already
    take, findings = allocator([entry(khoa="2020/x", chuoi="KH|2020-2025", so=4),
                                entry(khoa="2018/y", chuoi="KH|2015-2020", so=40)], year=2020)
    assert take("ke_hoach", "a", None, None) == 5
    assert not findings


def test_a_number_given_after_one_the_run_gave_names_both_documents():
    take, findings = allocator([entry(khoa="2017/x", so=4)])
    assert take("ke_hoach", "a", None, D) == 5
    assert take("ke_hoach", "b", 5, D) == 5
    assert said(findings) == [
        ("so-van-ban-di.csv", "số 5 được ghi cho cả 2018/a và 2018/b", "mỗi văn bản một số riêng")]


def test_an_office_that_records_no_numbers_before_vanban_at_all_is_asked():
    findings = Findings()
    bare = SimpleNamespace(nhiem_ky=TERMS)  # no so_da_dung
    take = rg.Allocator(rg.Register(Path("so.csv"), "so.csv"), PARTY, bare, 2018, set(), findings)
    assert take("ke_hoach", "a", None, D) == 0 and len(findings.items) == 1


def test_the_first_party_number_follows_the_last_one_used_before_vanban():
    take, findings = allocator(recorded={"KH": 27, "BC": 40})
    assert take("ke_hoach", "a", None, D) == 28
    assert take("ke_hoach", "b", None, D) == 29
    # BC's series: numbered by vanban before? not while only KH was
    assert take("bao_cao", "c", None, D) == 41
    assert not findings
    # a type vanban numbered before (another term) does not ask again: it starts at 01
    take, findings = allocator([entry(khoa="2014/x", chuoi="KH|2010-2015", so=9)], recorded={"KH": 27})
    assert take("ke_hoach", "a", None, D) == 1


def test_a_state_office_follows_the_largest_number_it_recorded():
    take, findings = allocator(profile=STATE, recorded={"KH": 12, "BC": 30})
    assert take("ke_hoach", "a", None, D) == 31
    assert take("bao_cao", "b", None, D) == 32
    assert not findings
    # a year after vanban's first: the series starts at 01 (vanban numbered before)
    take, findings = allocator([entry(khoa="2017/x", chuoi="2017", so=40)], profile=STATE, recorded={"KH": 12})
    assert take("ke_hoach", "a", None, D) == 1


def test_an_unknown_number_before_vanban_is_asked_once_per_series_and_takes_no_number():
    take, findings = allocator(recorded={"BC": 3})
    assert take("ke_hoach", "a", None, D) == 0
    assert take("ke_hoach", "b", None, D) == 0
    assert said(findings) == [
        ("data/don-vi.yaml", "chưa biết số văn bản loại KH đã dùng trong nhiệm kỳ 2015-2020 trước khi dùng vanban "
                             "(để cấp số cho a)",
         "ghi số cuối cùng đã dùng vào don-vi.yaml: «so_da_dung: {KH: 27}» (ghi 0 nếu nhiệm kỳ 2015-2020 chưa có "
         "văn bản loại KH nào), hoặc ghi số cho văn bản này trong dữ liệu")]
    take, findings = allocator(profile=STATE)
    assert take("bao_cao", "a", None, D) == 0
    assert said(findings) == [
        ("data/don-vi.yaml", "chưa biết số văn bản đã dùng trong năm 2018 trước khi dùng vanban (để cấp số cho a)",
         "ghi số cuối cùng đã dùng vào don-vi.yaml: «so_da_dung: {BC: 27}» (ghi 0 nếu năm 2018 chưa có văn bản "
         "nào), hoặc ghi số cho văn bản này trong dữ liệu")]


def test_a_number_taken_this_run_counts_as_numbered_before_for_its_kind_only():
    # a given number starts KH's series: the next KH follows it without asking
    take, findings = allocator()
    assert take("ke_hoach", "a", 7, D) == 7
    assert take("ke_hoach", "b", None, D) == 8
    assert not findings
    # a KH number given in another term counts for KH in this one: 01, no question
    take, findings = allocator()
    assert take("ke_hoach", "a", 3, dt.date(2020, 8, 1)) == 3
    assert take("ke_hoach", "b", None, D) == 1
    assert not findings
    # but not for BC
    assert take("bao_cao", "c", None, D) == 0
    assert len(findings.items) == 1
    # a State series: a number taken this run in any series (a document dated the year before)
    take, findings = allocator(profile=STATE)
    assert take("ke_hoach", "a", 7, dt.date(2017, 12, 30)) == 7
    assert take("bao_cao", "b", None, D) == 1
    assert not findings


def test_a_party_type_numbered_before_is_known_by_its_type_not_its_symbol():
    # a register row of another type (bao_cao) says nothing of ke_hoach's series
    take, findings = allocator([entry(khoa="2017/x", chuoi="BC|2015-2020", loai="bao_cao", so=4)])
    assert take("ke_hoach", "a", None, D) == 0 and len(findings.items) == 1


def test_a_number_in_the_data_already_issued_to_another_document_is_a_conflict():
    held = entry(khoa="2018/a", so=5, so_ky_hieu="05-KH/ĐU", ngay="2018-02-01")
    reg = rg.Register(Path("so.csv"), "so.csv", [held, entry(khoa="2018/z", so=9)])

    def doc(key, number, draft=False, doc_type="ke_hoach"):
        return SimpleNamespace(issue=SimpleNamespace(key=key, number=number, draft=draft, doc_type=doc_type, date=D))

    docs = [doc("b", 5), doc("c", None), doc("d", 5, draft=True), doc("a", 5), doc("z", 5), doc("e", 6),
            doc("f", 5, doc_type="bao_cao")]
    found = rg.number_conflicts(reg, PARTY, org(), 2018, docs, "data/2018/ke-hoach.yaml")
    assert said(found) == [
        ("data/2018/ke-hoach.yaml", "số 5 của b năm 2018 đã cấp cho 05-KH/ĐU (2018/a) ngày 2018-02-01",
         "xóa số trong dữ liệu để vanban cấp số kế tiếp khi phát hành, hoặc ghi một số chưa dùng")]
    # the same key in another year is another document
    assert len(rg.number_conflicts(reg, PARTY, org(), 2019, [doc("a", 5)], "x").items) == 1
    # every document is looked at, past one that is skipped
    assert [f.message for f in rg.number_conflicts(reg, PARTY, org(), 2018, [doc("c", None), doc("b", 9)], "x")] \
        == ["số 9 của b năm 2018 đã cấp cho 28-KH/ĐU (2018/z) ngày 2018-01-05"]


def test_a_conflict_is_looked_for_in_the_series_of_the_documents_own_date():
    held = entry(khoa="2020/a", so=5, so_ky_hieu="05-KH/ĐU", chuoi="KH|2015-2020")
    reg = rg.Register(Path("so.csv"), "so.csv", [held])

    def doc(key, date):
        return SimpleNamespace(issue=SimpleNamespace(key=key, number=5, draft=False, doc_type="ke_hoach", date=date))

    # 1 March 2020: still the 2015-2020 term (the year's last day is in the next)
    assert len(rg.number_conflicts(reg, PARTY, org(), 2020, [doc("b", dt.date(2020, 3, 1))], "x").items) == 1
    # no date: the year's last day, the 2020-2025 term, where 5 is free
    assert rg.number_conflicts(reg, PARTY, org(), 2020, [doc("b", None)], "x").items == []


# --------------------------------------------------------------------------
# issuing/transaction.py: stage, journal, publish, recover

from vanban.errors import WriteFailure  # noqa: E402
from vanban.issuing import transaction as tx  # noqa: E402
from vanban.output import FILE_MODE  # noqa: E402

RETRY = ("kiểm tra quyền ghi và chỗ trống trên đĩa, rồi chạy lại «vanban phat-hanh»: lần chạy sau hoàn tất hoặc bỏ "
         "lần này")
KEPT = "Lưu trữ giữ nguyên hoặc được hoàn tất ở lần chạy sau; không văn bản nào nửa vời."


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shown(path: Path) -> str:
    return "~" + path.name  # a path as a clerk would read it: distinguishable from str(path)


def places(tmp_path: Path) -> tuple[Path, Path, Path]:
    """output/2018/.phat-hanh, output/2018/luu-vt and data/so-van-ban-di.csv of a small project."""
    (tmp_path / "data").mkdir(parents=True, exist_ok=True)
    return tmp_path / "output/2018/.phat-hanh", tmp_path / "output/2018/luu-vt", tmp_path / "data/so-van-ban-di.csv"


def staged(tmp_path: Path, files=(("a.docx", b"A"), ("b.docx", b"BB"))) -> tx.Stage:
    folder, archive, register = places(tmp_path)
    stage = tx.Stage.open(folder, archive, register, show=shown)
    for name, data in files:
        stage.put(name, data)
    return stage


@pytest.fixture
def steps(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(tx, "STEP_HOOKS", [seen.append])
    return seen


def test_a_publication_moves_files_then_the_register_then_the_manifest_after_its_journal(tmp_path, steps):
    stage = staged(tmp_path)
    journals = []
    tx.STEP_HOOKS.append(lambda name: journals.append(json.loads((stage.folder / "nhat-ky.json").read_text("utf-8")))
                         if name == "dang-ghi" else None)
    assert stage.files == {"a.docx": sha(b"A"), "b.docx": sha(b"BB")}
    stage.publish(b"register", b"manifest")
    assert steps == ["da-dat", "dang-ghi", "da-chuyen", "da-ghi-so", "da-ghi-ban-ke"]
    assert journals == [{"trang_thai": "dang-ghi", "tep": {"a.docx": sha(b"A"), "b.docx": sha(b"BB")},
                         "so_dang_ky": sha(b"register"), "ban_ke": sha(b"manifest")}]
    archive = tmp_path / "output/2018/luu-vt"
    assert sorted(p.name for p in archive.iterdir()) == ["a.docx", "b.docx", "manifest.json"]
    assert (archive / "a.docx").read_bytes() == b"A" and (archive / "manifest.json").read_bytes() == b"manifest"
    assert (tmp_path / "data/so-van-ban-di.csv").read_bytes() == b"register"
    assert not stage.folder.exists()
    assert sorted(p.name for p in (tmp_path / "output/2018").iterdir()) == ["luu-vt"]
    assert (archive / "b.docx").stat().st_mode & 0o777 == FILE_MODE


def test_the_journal_names_the_files_as_they_are_spelled_and_da_chuyen_comes_after_the_first_move(tmp_path, steps):
    stage = staged(tmp_path, (("kế-hoạch.docx", b"A"), ("b.docx", b"B"), ("c.docx", b"C")))
    raw, moved = [], []

    def watch(name):
        if name == "dang-ghi":
            raw.append((stage.folder / "nhat-ky.json").read_bytes())
        if name == "da-chuyen":
            moved.append(sorted(p.name for p in stage.archive.iterdir()))

    tx.STEP_HOOKS.append(watch)
    stage.publish(b"register", b"manifest")
    assert '"kế-hoạch.docx"'.encode("utf-8") in raw[0]  # readable by a clerk who opens it, not \u escapes
    assert moved == [["kế-hoạch.docx"]]
    assert steps.count("da-chuyen") == 1


def test_a_staged_file_changed_before_publishing_stops_it_naming_the_archived_file(tmp_path):
    stage = staged(tmp_path)
    stage.path("b.docx").write_bytes(b"changed by another program")
    with pytest.raises(ArchiveProblem) as caught:
        stage.publish(b"register", b"manifest")
    assert [(str(f.location), f.message) for f in caught.value.findings] == [
        ("~b.docx", "lần phát hành dở dang: tệp đã bị thay đổi sau khi lần phát hành bị dừng (mã băm khác nhật ký)")]
    assert not stage.archive.exists() and not stage.register.exists()


def test_a_stage_is_opened_empty_and_a_refusal_names_the_stage(tmp_path):
    folder, archive, register = places(tmp_path)
    (folder / "tep").mkdir(parents=True)
    (folder / "tep" / "old.docx").write_bytes(b"x")
    (folder / "nhat-ky.json").write_bytes(b"{}")
    stage = tx.Stage.open(folder, archive, register)
    assert [p.name for p in folder.iterdir()] == ["tep"] and list((folder / "tep").iterdir()) == []
    assert stage.files == {} and stage.show is str and stage.path("x.docx") == folder / "tep" / "x.docx"
    blocked = tmp_path / "blocked"
    blocked.write_bytes(b"")  # a file where the stage's parent folder must be
    with pytest.raises(WriteFailure) as caught:
        tx.Stage.open(blocked / ".phat-hanh", archive, register, show=shown)
    [f] = caught.value.findings
    assert str(f.location) == "~.phat-hanh" and f.message.startswith("không ghi được: ") and f.hint == RETRY
    assert caught.value.written == KEPT


def test_a_file_that_cannot_be_staged_is_named_where_the_clerk_waits_for_it(tmp_path):
    stage = staged(tmp_path, ())
    stage.path("c.docx").mkdir()  # a folder in the way
    with pytest.raises(WriteFailure) as caught:
        stage.put("c.docx", b"C")
    assert [(str(f.location), f.message, f.hint) for f in caught.value.findings] == [
        ("~c.docx", "không ghi được (khi chuẩn bị trong thư mục ~.phat-hanh): có một thư mục trùng tên ở chỗ này",
         RETRY)]
    assert caught.value.written == KEPT and stage.files == {}


def test_a_file_written_into_the_stage_by_another_program_is_adopted_by_its_hash(tmp_path):
    stage = staged(tmp_path, ())
    stage.path("a.pdf").write_bytes(b"%PDF")
    stage.adopt("a.pdf")
    assert stage.files == {"a.pdf": sha(b"%PDF")}


def test_a_staged_file_is_written_whole_with_the_offices_mode_into_a_new_folder(tmp_path):
    target = tmp_path / "new" / "deeper" / "x.bin"
    tx._write(target, b"data")
    assert target.read_bytes() == b"data" and target.stat().st_mode & 0o777 == FILE_MODE


def test_a_move_across_file_systems_copies_then_replaces_and_another_refusal_names_the_destination(
        tmp_path, monkeypatch):
    src, dst = tmp_path / "src.bin", tmp_path / "dst" / "x.bin"
    dst.parent.mkdir()
    dst.write_bytes(b"old")
    src.write_bytes(b"new")
    real = os.replace
    crossed = []

    def replace(a, b):
        if Path(a).parent != Path(b).parent:  # the stage (and the system's temp folder) on another file system
            crossed.append(b)
            raise OSError(18, "Invalid cross-device link", str(a))
        return real(a, b)

    monkeypatch.setattr(tx.os, "replace", replace)
    tx._move(src, dst)
    assert crossed == [dst] and dst.read_bytes() == b"new" and not src.exists()
    assert [p.name for p in dst.parent.iterdir()] == ["x.bin"]  # no temporary copy left
    assert dst.stat().st_mode & 0o777 == FILE_MODE
    monkeypatch.setattr(tx.os, "replace", real)
    src.write_bytes(b"again")
    with pytest.raises(OSError) as caught:
        tx._move(src, tmp_path / "none" / "y.bin")
    assert caught.value.filename == str(tmp_path / "none" / "y.bin") and caught.value.errno == 2
    assert caught.value.strerror == "No such file or directory" and src.read_bytes() == b"again"


def cross_device(monkeypatch):
    real = os.replace

    def replace(a, b):
        if Path(a).parent != Path(b).parent:
            raise OSError(18, "Invalid cross-device link", str(a))
        return real(a, b)

    monkeypatch.setattr(tx.os, "replace", replace)


def test_a_copy_across_file_systems_that_fails_leaves_no_partial_file_and_names_the_destination(tmp_path, monkeypatch):
    # the disk fills mid-copy: the partial copy was left beside the register as a stray «.vanban-….tmp»
    # (fixed: removed, and the refusal names the file the clerk knows)
    src, dst = tmp_path / "stage" / "so.csv", tmp_path / "data" / "so-van-ban-di.csv"
    src.parent.mkdir()
    dst.parent.mkdir()
    src.write_bytes(b"new")
    dst.write_bytes(b"old")
    cross_device(monkeypatch)

    def full(a, b):
        Path(b).write_bytes(b"ne")
        raise OSError(28, "No space left on device", str(b))

    monkeypatch.setattr(tx.shutil, "copyfile", full)
    with pytest.raises(OSError) as caught:
        tx._move(src, dst)
    assert (caught.value.errno, caught.value.strerror, caught.value.filename) == (
        28, "No space left on device", str(dst))
    assert [p.name for p in dst.parent.iterdir()] == ["so-van-ban-di.csv"] and dst.read_bytes() == b"old"
    assert src.read_bytes() == b"new"


def test_a_copy_across_file_systems_cut_short_leaves_a_file_vanban_knows_as_its_own(tmp_path, monkeypatch):
    # killed mid-copy: what stays beside the destination is named .vanban-….tmp, the pattern an
    # upgrade's backup leaves out (office/upgrade.py) and a clerk can tell from an archived file
    src, dst = tmp_path / "stage" / "a.docx", tmp_path / "luu-vt" / "a.docx"
    src.parent.mkdir()
    dst.parent.mkdir()
    src.write_bytes(b"A")
    cross_device(monkeypatch)

    def killed(a, b):
        Path(b).write_bytes(b"")
        raise KeyboardInterrupt

    monkeypatch.setattr(tx.shutil, "copyfile", killed)
    with pytest.raises(KeyboardInterrupt):
        tx._move(src, dst)
    [left] = list(dst.parent.iterdir())
    assert left.name.startswith(".vanban-") and left.name.endswith(".tmp") and len(left.name) > len(".vanban-.tmp")
    assert src.read_bytes() == b"A"


def test_a_refusal_while_publishing_names_the_file_refused_or_the_stage(tmp_path, monkeypatch):
    stage = staged(tmp_path)
    (tmp_path / "data/so-van-ban-di.csv").mkdir()  # a folder where the register goes
    with pytest.raises(WriteFailure) as caught:
        stage.publish(b"register", b"manifest")
    [f] = caught.value.findings
    assert (str(f.location), f.message, f.hint) == ("~so-van-ban-di.csv", "không ghi được: có một thư mục trùng tên "
                                                    "ở chỗ này", RETRY)
    assert caught.value.written == KEPT
    # the files went in first; the register and the manifest wait in the stage with the journal
    assert sorted(p.name for p in stage.archive.iterdir()) == ["a.docx", "b.docx"]
    assert tx.leftover(stage.folder) == "dang-ghi"

    def refuse(*args):
        raise OSError(28, "No space left on device")  # no file named

    stage = staged(tmp_path / "two")
    monkeypatch.setattr(tx, "_write", refuse)
    with pytest.raises(WriteFailure) as caught:
        stage.publish(b"register", b"manifest")
    [f] = caught.value.findings
    assert (str(f.location), f.message) == ("~.phat-hanh", "không ghi được: ổ đĩa đã đầy")


def journalled(tmp_path: Path, files=(("a.docx", b"A"), ("b.docx", b"BB")), **changes) -> tx.Stage:
    """A publication stopped right after its journal (nothing moved), the journal changed by *changes*."""
    stage = staged(tmp_path, files)
    folder = stage.folder
    (folder / "so-dang-ky.csv").write_bytes(b"register")
    (folder / "manifest.json").write_bytes(b"manifest")
    journal = {"trang_thai": "dang-ghi", "tep": stage.files, "so_dang_ky": sha(b"register"),
               "ban_ke": sha(b"manifest"), **changes}
    (folder / "nhat-ky.json").write_text(json.dumps({k: v for k, v in journal.items() if v is not None}), "utf-8")
    return stage


def finish_refusal(stage: tx.Stage) -> list[tuple]:
    with pytest.raises(ArchiveProblem) as caught:
        tx.finish(stage.folder, stage.archive, stage.register, shown)
    return [(str(f.location), f.message, f.hint) for f in caught.value.findings]


DROP = ("không chuyển gì theo nhật ký này: xóa thư mục ~.phat-hanh rồi chạy «vanban luu-tru kiem-tra» và phát hành "
        "lại")


def test_a_journal_that_does_not_read_or_was_edited_moves_nothing(tmp_path):
    def nothing_moved(stage):
        assert not stage.archive.exists() and not stage.register.exists()
        assert sorted(p.name for p in (stage.folder / "tep").iterdir()) == ["a.docx", "b.docx"]

    edited = "nhật ký phát hành dở dang bị sửa: có tên tệp không phải của lưu trữ"
    hashes = "nhật ký phát hành dở dang bị sửa: thiếu mã băm của sổ đăng ký hoặc bản kê"
    cases = [
        ({"tep": ["a.docx"]}, edited),
        ({"tep": {"a.docx": sha(b"A"), "../b.docx": sha(b"BB")}}, edited),
        ({"tep": {"a.docx": sha(b"A"), "b.docx": sha(b"BB").upper()}}, edited),
        ({"tep": {"a.docx": sha(b"A"), "b.docx": sha(b"BB")[:63]}}, edited),
        ({"tep": {"a.docx": sha(b"A"), "b.docx": sha(b"BB") + "0"}}, edited),
        ({"tep": {"a.docx": sha(b"A"), "b.docx": 7}}, edited),
        ({"so_dang_ky": None}, hashes),
        ({"ban_ke": "x" * 64}, hashes),
        ({"ban_ke": "X" * 64}, hashes),
    ]
    for i, (changes, message) in enumerate(cases):
        stage = journalled(tmp_path / str(i), **changes)
        assert finish_refusal(stage) == [("~nhat-ky.json", message, DROP)], changes
        nothing_moved(stage)
    stage = journalled(tmp_path / "list")
    (stage.folder / "nhat-ky.json").write_text("[1]", "utf-8")
    assert finish_refusal(stage) == [("~nhat-ky.json", edited, DROP)]
    (stage.folder / "nhat-ky.json").write_text("{", "utf-8")
    assert finish_refusal(stage) == [("~nhat-ky.json", "nhật ký phát hành dở dang không đọc được: không đúng cú pháp "
                                      "JSON ở dòng 1, cột 2", DROP)]
    (stage.folder / "nhat-ky.json").unlink()
    assert finish_refusal(stage) == [("~nhat-ky.json", "nhật ký phát hành dở dang không đọc được: No such file or "
                                      "directory", DROP)]
    nothing_moved(stage)


CHANGED_FIX = ("không chuyển gì thêm: trả lại tệp đúng (từ bản sao lưu), hoặc chuyển tệp đó ra khỏi lưu trữ và xóa "
               "thư mục ~.phat-hanh, rồi chạy «vanban luu-tru kiem-tra» và phát hành lại")


def test_a_file_changed_gone_or_linked_since_the_journal_stops_the_recovery_naming_each(tmp_path):
    stage = journalled(tmp_path, files=(("a.docx", b"A"), ("b.docx", b"BB"), ("c.docx", b"C")))
    stage.archive.mkdir(parents=True)
    os.replace(stage.path("a.docx"), stage.archive / "a.docx")      # moved before the kill: checked in place
    (stage.archive / "a.docx").write_bytes(b"A changed")
    stage.path("b.docx").unlink()                                    # gone from both
    stage.path("c.docx").unlink()
    (tmp_path / "elsewhere.docx").write_bytes(b"C")
    stage.path("c.docx").symlink_to(tmp_path / "elsewhere.docx")     # the same bytes through a link
    (stage.folder / "so-dang-ky.csv").write_bytes(b"other register")
    os.replace(stage.folder / "manifest.json", stage.archive / "manifest.json")  # moved: fine
    assert finish_refusal(stage) == [
        ("~a.docx", "lần phát hành dở dang: tệp đã bị thay đổi sau khi lần phát hành bị dừng (mã băm khác nhật ký)",
         CHANGED_FIX),
        ("~b.docx", "lần phát hành dở dang: tệp không có", CHANGED_FIX),
        ("~c.docx", "lần phát hành dở dang: tệp không phải tệp thường (liên kết tới nơi khác?)", CHANGED_FIX),
        ("~so-van-ban-di.csv", "lần phát hành dở dang: tệp đã bị thay đổi sau khi lần phát hành bị dừng (mã băm "
                               "khác nhật ký)", CHANGED_FIX)]
    assert not stage.register.exists() and (stage.folder / "so-dang-ky.csv").read_bytes() == b"other register"


def test_every_file_of_the_journal_is_checked_past_the_ones_that_are_right(tmp_path):
    stage = journalled(tmp_path, files=(("a.docx", b"A"), ("b.docx", b"BB")))
    stage.path("b.docx").write_bytes(b"B changed")
    (stage.folder / "manifest.json").write_bytes(b"other manifest")
    assert [f[0] for f in finish_refusal(stage)] == ["~b.docx", "~manifest.json"]


def test_a_recovery_refused_names_the_journal_as_the_clerk_reads_it(tmp_path):
    stage = journalled(tmp_path, so_dang_ky=None)
    with pytest.raises(ArchiveProblem) as caught:
        tx.recover(stage.folder, stage.archive, stage.register, shown)
    assert [(str(f.location), f.hint) for f in caught.value.findings] == [("~nhat-ky.json", DROP)]


def test_a_move_refused_without_a_file_named_during_a_recovery_names_the_stage(tmp_path, monkeypatch):
    stage = journalled(tmp_path)

    def full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tx, "_move", full)
    with pytest.raises(WriteFailure) as caught:
        tx.recover(stage.folder, stage.archive, stage.register, shown)
    assert [(str(f.location), f.message, f.hint) for f in caught.value.findings] == [
        ("~.phat-hanh", "không ghi được: ổ đĩa đã đầy", RETRY)]


def test_a_recovery_after_a_kill_goes_on_from_where_it_stopped(tmp_path, steps):
    stage = journalled(tmp_path)
    stage.archive.mkdir(parents=True)
    os.replace(stage.path("a.docx"), stage.archive / "a.docx")   # killed after the first file moved
    assert tx.leftover(stage.folder) == "dang-ghi"
    assert tx.recover(stage.folder, stage.archive, stage.register, shown) == \
        "Đã hoàn tất lần phát hành trước bị dừng giữa chừng."
    assert steps == ["da-chuyen", "da-ghi-so", "da-ghi-ban-ke"]  # da-chuyen once, at the first file
    assert {p.name: p.read_bytes() for p in stage.archive.iterdir()} == {
        "a.docx": b"A", "b.docx": b"BB", "manifest.json": b"manifest"}
    assert stage.register.read_bytes() == b"register" and not stage.folder.exists()
    assert tx.recover(stage.folder, stage.archive, stage.register, shown) is None
    # killed after the register and the manifest moved, the stage not yet removed
    stage = journalled(tmp_path / "late")
    stage.archive.mkdir(parents=True)
    for name in ("a.docx", "b.docx"):
        os.replace(stage.path(name), stage.archive / name)
    os.replace(stage.folder / "so-dang-ky.csv", stage.register)
    os.replace(stage.folder / "manifest.json", stage.archive / "manifest.json")
    steps.clear()
    tx.finish(stage.folder, stage.archive, stage.register)
    assert steps == ["da-chuyen", "da-ghi-so", "da-ghi-ban-ke"] and not stage.folder.exists()
    assert stage.register.read_bytes() == b"register" and (stage.archive / "manifest.json").read_bytes() == b"manifest"


def test_a_publication_of_no_file_moves_the_register_and_the_manifest(tmp_path, steps):
    stage = journalled(tmp_path, files=())
    tx.finish(stage.folder, stage.archive, stage.register)
    assert steps == ["da-ghi-so", "da-ghi-ban-ke"]
    assert [p.name for p in stage.archive.iterdir()] == ["manifest.json"]
    assert stage.register.read_bytes() == b"register"


def test_what_an_interrupted_run_left_is_told_apart(tmp_path):
    folder = tmp_path / ".phat-hanh"
    assert tx.leftover(folder) is None
    folder.mkdir()
    assert tx.leftover(folder) == "dat"  # no journal: nothing moved
    (folder / "nhat-ky.json").write_text('{"trang_thai": "dang-ghi"}', "utf-8")
    assert tx.leftover(folder) == "dang-ghi"
    (folder / "nhat-ky.json").write_text('{"trang_thai": "xong"}', "utf-8")
    assert tx.leftover(folder) == "dat"
    (folder / "nhat-ky.json").write_text('["dang-ghi"]', "utf-8")
    assert tx.leftover(folder) == "dat"
    (folder / "nhat-ky.json").write_text('{"trang_thai": ', "utf-8")
    assert tx.leftover(folder) == "dang-ghi"  # unreadable: never dropped as «nothing moved»
    (folder / "nhat-ky.json").unlink()
    (folder / "nhat-ky.json").symlink_to(tmp_path / "nowhere")
    assert tx.leftover(folder) == "dang-ghi"  # a dangling link is there
    (tmp_path / "file").write_bytes(b"")
    assert tx.leftover(tmp_path / "file") == "la"
    (tmp_path / "link").symlink_to(folder)
    assert tx.leftover(tmp_path / "link") == "la"
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    assert tx.leftover(tmp_path / "dangling") == "la"


def test_a_stage_left_before_its_journal_is_dropped_and_a_link_is_refused_untouched(tmp_path):
    folder, archive, register = places(tmp_path)
    stage = staged(tmp_path)
    assert tx.recover(stage.folder, archive, register, shown) == \
        "Đã bỏ lần phát hành trước bị dừng khi chưa ghi gì vào lưu trữ."
    assert not folder.exists() and not archive.exists() and not register.exists()
    outside = tmp_path / "outside"
    (outside / "tep").mkdir(parents=True)
    folder.symlink_to(outside)
    with pytest.raises(ArchiveProblem) as caught:
        tx.recover(folder, archive, register, shown)
    assert [(str(f.location), f.message, f.hint) for f in caught.value.findings] == [
        ("~.phat-hanh", "không phải thư mục phát hành của vanban (một liên kết tới nơi khác, hoặc một tệp)",
         "chuyển ~.phat-hanh ra khỏi thư mục output rồi chạy lại lệnh")]
    assert folder.is_symlink() and (outside / "tep").is_dir()


def test_a_move_refused_during_a_recovery_names_the_file(tmp_path):
    stage = journalled(tmp_path)
    stage.register.mkdir()  # a folder where the register goes
    with pytest.raises(WriteFailure) as caught:
        tx.recover(stage.folder, stage.archive, stage.register, shown)
    [f] = caught.value.findings
    assert (str(f.location), f.message, f.hint) == ("~so-van-ban-di.csv", "không ghi được: có một thư mục trùng tên "
                                                    "ở chỗ này", RETRY)
    assert sorted(p.name for p in stage.archive.iterdir()) == ["a.docx", "b.docx"]
    stage.register.rmdir()
    assert tx.recover(stage.folder, stage.archive, stage.register, shown) == \
        "Đã hoàn tất lần phát hành trước bị dừng giữa chừng."
    assert stage.register.read_bytes() == b"register"


# --------------------------------------------------------------------------
# issuing/archive.py: hashes and the JSON files vanban reads back

from vanban.issuing import archive as ar  # noqa: E402


def test_a_files_hash_is_the_sha256_of_all_its_bytes_read_as_a_regular_file(tmp_path):
    data = bytes(range(256)) * 5000  # 1.28 MB: more than one block of a MiB
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert ar.file_hash(path) == ar.regular_hash(path) == ar.sha256(data) == hashlib.sha256(data).hexdigest()
    assert ar.sha256(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_no_hash_is_read_through_a_link_from_a_folder_a_pipe_or_nothing(tmp_path):
    (tmp_path / "real").write_bytes(b"x")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe")
    for name in ("link", "folder", "pipe", "none"):
        assert ar.regular_hash(tmp_path / name) is None, name


def test_an_archived_file_replaced_by_a_folder_is_named_not_a_traceback(tmp_path):
    # regular_hash opened the folder and handed it to os.fdopen, which raised IsADirectoryError out
    # of `luu-tru kiem-tra` (fixed: the file's type is read before it is opened as a file)
    folder, m, reg = archived(tmp_path)
    (folder / "vb-1.docx").unlink()
    (folder / "vb-1.docx").mkdir()
    result = ar.check(folder, LV, 2018, reg)
    assert result.linked == ["vb-1.docx"] and result.altered == [] and result.checked == 2
    (folder / "manifest.json").unlink()
    (folder / "manifest.json").mkdir()
    assert ar.check(folder, LV, 2018, reg).problems == ["bản kê hỏng: không đọc được: không phải tệp thường"]


def refused_json(path: Path, **kw) -> str:
    with pytest.raises(ValueError) as caught:
        ar.read_json(path, **kw)
    return str(caught.value)


def test_a_json_file_is_read_only_as_a_bounded_regular_file_of_its_folder(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"a": [1, "Ấp"]}', encoding="utf-8")
    assert ar.read_json(path) == {"a": [1, "Ấp"]}
    (tmp_path / "link.json").symlink_to(path)
    assert refused_json(tmp_path / "link.json") == "là một liên kết tới nơi khác, không phải tệp của vanban"
    (tmp_path / "folder.json").mkdir()
    assert refused_json(tmp_path / "folder.json") == "không phải tệp thường"
    os.mkfifo(tmp_path / "pipe.json")  # opened without waiting for a writer, then refused
    assert refused_json(tmp_path / "pipe.json") == "không phải tệp thường"
    with pytest.raises(FileNotFoundError):
        ar.read_json(tmp_path / "none.json")
    path.write_bytes(b"[" + b"1," * 748 + b"11]")  # 1.500 bytes
    # the thousands written with a dot, the sentence's comma kept (it was turned into a dot too: fixed)
    assert refused_json(path, limit=1499) == "tệp lớn quá (1.500 byte, vanban chỉ đọc đến 1.499)"
    assert ar.read_json(path, limit=1500) == [1] * 748 + [11]  # up to the limit, whole
    assert ar.JSON_LIMIT == 256 * 1024 * 1024


@pytest.mark.skipif(not Path("/proc/sys/kernel/pid_max").is_file(), reason="a Linux /proc file")
def test_a_file_whose_size_says_less_than_it_holds_is_read_no_further_than_one_byte_past_the_limit():
    # /proc files say 0 bytes (as a file still growing when read may): the bound holds all the same
    proc = Path("/proc/sys/kernel/pid_max")
    digits = proc.read_text().strip()
    assert proc.stat().st_size == 0 and len(digits) >= 5
    assert ar.read_json(proc, limit=3) == int(digits[:4])


def refused_parse(raw: bytes) -> str:
    with pytest.raises(ValueError) as caught:
        ar.parse_json(raw)
    return str(caught.value)


def test_json_that_is_not_vanbans_own_is_refused_in_vietnamese():
    assert refused_parse("Ấp".encode("utf-16")) == "không phải văn bản UTF-8"
    assert refused_parse(b'{"a": 1, "b": {"c": 2, "c": 3}}') == "khóa «c» ghi hai lần"
    long = "k" * 70
    assert refused_parse(('{"%s": 1, "%s": 2}' % (long, long)).encode()) == f"khóa «{'k' * 60}» ghi hai lần"
    assert refused_parse(b'{\n  "a": }') == "không đúng cú pháp JSON ở dòng 2, cột 8"
    assert refused_parse(b"9" * 5000) == "có số quá dài"
    assert refused_parse(b"[" * 100_000 + b"]" * 100_000) == "các mục lồng nhau quá 32 tầng"
    assert ar.parse_json(b'{"a": 1, "b": {"a": 2}}') == {"a": 1, "b": {"a": 2}}  # a key once per object


def test_json_nests_thirty_two_levels_around_a_value_and_no_more():
    assert ar.parse_json(b"[" * 32 + b"1" + b"]" * 32) is not None
    assert ar.parse_json(b'{"a":' * 32 + b"1" + b"}" * 32) is not None
    assert refused_parse(b"[" * 33 + b"1" + b"]" * 33) == "các mục lồng nhau quá 32 tầng"
    assert refused_parse(b'{"a":' * 33 + b"1" + b"}" * 33) == "các mục lồng nhau quá 32 tầng"
    assert ar.parse_json(b"[]") == [] and ar.parse_json(b"7") == 7


def test_the_chain_hashes_the_sections_as_sorted_compact_utf8_json():
    runs = [{"b": 1, "a": "Ấp"}, {"lan": 2, "tep": {}}]
    assert ar.canonical(runs[0]) == '{"a":"Ấp","b":1}'.encode("utf-8")
    first = '[{"a":"Ấp","b":1}]'.encode("utf-8")
    both = '[{"a":"Ấp","b":1},{"lan":2,"tep":{}}]'.encode("utf-8")
    assert ar.chain_hash(runs) == sha(both)
    assert ar.chain_heads(runs) == [sha(b"[]"), sha(first), sha(both)]
    assert ar.chain_heads([]) == [sha(b"[]")] and ar.chain_hash([]) == sha(b"[]")


def test_a_projects_archive_is_output_year_luu_vt(tmp_path):
    from vanban.project import Project

    assert ar.archive_folder(Project(tmp_path), 2018) == tmp_path / "output" / "2018" / "luu-vt"


def test_a_plain_name_stays_inside_the_archive_folder():
    for name in ("a.docx", "Kế hoạch 28.docx", "ế" * 85, "a..b"):
        assert ar.plain_name(name), name
    for name in ("", ".", "..", ".an", "a/b", "a\\b", "c:x", "a\nb", "a\x00b", "ế" * 86, "x" * 256, 7, None,
                 "../a"):
        assert not ar.plain_name(name), name


# --------------------------------------------------------------------------
# issuing/archive.py: the manifest

ROW = entry(tep="a.docx").values()


def rec(place: int, **values) -> dict:
    return {"gia_tri": {**ROW, **values}, "thu_tu": place}


def test_a_manifest_tells_files_anchors_rows_heads_fingerprints_upgrades_and_the_outgoing_register():
    runs = [
        {"tep": {"a.docx": {"sha256": "1" * 64, "dong_so": "d1", "dong": rec(0)}, "a.pdf": {"sha256": "2" * 64},
                 "c.docx": {"sha256": "5" * 64, "dong_so": "d0"}},
         "so_dang_ky": {"tep": "s.xlsx", "sha256": "3" * 64}},
        {"loai": "nang_cap", "tep": {}, "neo": {"a.docx": "d2"}, "van_tay_moi": {"2018/a": "m1"},
         "so_dang_ky": None},
        {"tep": {"a.docx": {"sha256": "9" * 64}, "b.docx": {"sha256": "4" * 64, "dong_so": "d3",
                                                            "dong": rec(1, tep="b.docx")}},
         "neo": {"b.docx": "d5"}, "dong": {"a.docx": rec(2)}, "van_tay_moi": {"2018/a": "m2", "2018/b": "m3"},
         "so_dang_ky": {}},
    ]
    m = ar.Manifest(2018, runs)
    assert m.files() == {"a.docx": (0, runs[0]["tep"]["a.docx"]), "a.pdf": (0, {"sha256": "2" * 64}),
                         "c.docx": (0, runs[0]["tep"]["c.docx"]),
                         "b.docx": (2, runs[2]["tep"]["b.docx"])}  # the run that added it, first
    # the latest: an upgrade's «neo» wins; c.docx kept the anchor of the run that issued it
    assert m.anchors() == {"a.docx": (1, "d2"), "b.docx": (2, "d5"), "c.docx": (0, "d0")}
    assert m.rows() == {"a.docx": (2, rec(2)), "b.docx": (2, rec(1, tep="b.docx"))}
    assert m.heads() == ar.chain_heads(runs)[1:] and len(m.heads()) == 3 and m.head() == ar.chain_hash(runs)
    assert m.fingerprints() == {"2018/a": {"m1", "m2"}, "2018/b": {"m3"}}
    assert m.upgrades() == [runs[1]]
    assert m.outgoing() == {"tep": "s.xlsx", "sha256": "3" * 64}  # the latest run that wrote one
    assert ar.Manifest(2018).outgoing() is None and ar.Manifest(2018).upgrades() == []
    assert ar.Manifest(2018).fingerprints() == {} and ar.Manifest(2018).rows() == {}


def test_a_new_run_is_numbered_and_chained_to_the_sections_before():
    empty = ar.Manifest(2018)
    one = empty.with_run({"tep": {}, "lan": 9})
    assert empty.runs == [] and one.year == 2018
    assert one.runs == [{"tep": {}, "lan": 1, "truoc": sha(b"[]")}]
    two = one.with_run({"tep": {"x": {}}})
    assert two.runs[1] == {"tep": {"x": {}}, "lan": 2, "truoc": sha(b'[{"lan":1,"tep":{},"truoc":"%s"}]'
                                                                      % sha(b"[]").encode())}


def test_a_manifest_is_written_in_the_current_format_indented_with_sorted_keys():
    assert ar.Manifest(2018, [{"tep": {}, "b": "Ấp"}], format=2).dump() == (
        '{\n  "dinh_dang": 3,\n  "lan_phat_hanh": [\n    {\n      "b": "Ấp",\n      "tep": {}\n    }\n  ],\n'
        '  "nam": 2018\n}').encode("utf-8")


def test_what_a_manifest_keeps_of_a_row_is_its_values_and_place_and_names_its_own_file():
    e = entry(tep="a.docx")
    assert ar.row_record(e, 4) == {"gia_tri": e.values(), "thu_tu": 4}
    assert ar._record_ok(rec(0), "a.docx") and ar._record_ok(rec(7), "a.docx")
    for bad in (rec(-1), {**rec(0), "thu_tu": True}, {**rec(0), "thu_tu": "0"}, {**rec(0), "x": 1},
                {"gia_tri": ROW}, rec(0, so="28"), [rec(0)]):
        assert not ar._record_ok(bad, "a.docx"), bad
    assert not ar._record_ok(rec(0), "b.docx")  # the row of another file


BROKEN = "lấy lại manifest.json đúng từ bản sao (tệp zip lưu trữ, bản sao lưu); vanban không tự dựng lại bản kê"


def write_manifest(folder: Path, body) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")


def bad_manifest(tmp_path: Path, body) -> list[tuple]:
    folder = tmp_path / "luu-vt"
    write_manifest(folder, body)
    with pytest.raises(ArchiveProblem) as caught:
        ar.read_manifest(folder, "lv/manifest.json", 2018)
    return [(str(f.location), f.message, f.hint) for f in caught.value.findings]


def good_run(**kw) -> dict:
    return {"truoc": sha(b"[]"), "tep": {"a.docx": {"sha256": "1" * 64, "dong": rec(0)}}, **kw}


def body(*runs, **kw) -> dict:
    return {"dinh_dang": 3, "nam": 2018, "lan_phat_hanh": list(runs), **kw}


def test_a_manifest_is_read_by_its_format_and_none_is_none(tmp_path):
    folder = tmp_path / "luu-vt"
    assert ar.read_manifest(folder, "lv/manifest.json", 2018) is None
    write_manifest(folder, body(good_run(), dinh_dang=2))
    m = ar.read_manifest(folder, "lv/manifest.json", 2018)
    assert (m.year, m.format, m.runs) == (2018, 2, [good_run()])
    write_manifest(folder, body(good_run(so_dang_ky=None, neo={"a.docx": "x"}, van_tay_moi={}, dong={})))
    assert ar.read_manifest(folder, "lv/manifest.json", 2018).format == 3


@pytest.mark.parametrize("damaged, said", [
    ("{", "không đọc được: không đúng cú pháp JSON ở dòng 1, cột 2"),
    ([], "không đúng dạng bản kê của vanban"),
    (body(dinh_dang=1), "không đúng dạng bản kê của vanban"),
    (body(dinh_dang=True), "không đúng dạng bản kê của vanban"),
    (body(dinh_dang="3"), "không đúng dạng bản kê của vanban"),
    (body(lan_phat_hanh={}), "không đúng dạng bản kê của vanban"),
    (body(nam=2019), "bản kê ghi năm 2019, không phải 2018"),
    (body(nam="2018"), "bản kê ghi năm '2018', không phải 2018"),
    (body(good_run(), []), "lần phát hành 2 không đúng dạng"),
    (body(good_run(tep=[])), "lần phát hành 1 không đúng dạng"),
    (body(good_run(truoc=None)), "lần phát hành 1 không đúng dạng"),
    (body(good_run(tep={"../a.docx": {"sha256": "1" * 64}})), "đường dẫn lạ trong bản kê: '../a.docx'"),
    (body(good_run(tep={"a.docx": {"sha256": "1" * 63}})), "mục «a.docx» không có mã băm (sha256)"),
    (body(good_run(tep={"a.docx": {"sha256": 1}})), "mục «a.docx» không có mã băm (sha256)"),
    (body(good_run(tep={"a.docx": "1" * 64})), "mục «a.docx» không có mã băm (sha256)"),
    (body(good_run(so_dang_ky=[])), "lần phát hành 1: mục sổ đăng ký không đúng dạng"),
    (body(good_run(so_dang_ky={"tep": "../s.xlsx", "sha256": "3"})), "lần phát hành 1: mục sổ đăng ký không đúng dạng"),
    (body(good_run(so_dang_ky={"tep": "s.xlsx", "sha256": 3})), "lần phát hành 1: mục sổ đăng ký không đúng dạng"),
    (body(good_run(neo=[])), "lần 1: mục «neo» không đúng dạng"),
    (body(good_run(neo={"a.docx": 1})), "lần 1: mục «neo» không đúng dạng"),
    (body(good_run(van_tay_moi={"k": None})), "lần 1: mục «van_tay_moi» không đúng dạng"),
    (body(good_run(dong=[])), "lần 1: mục «dong» không đúng dạng"),
    (body(good_run(), good_run(dong={"b.docx": rec(0)})), "lần 2: dòng sổ đăng ký ghi cho «b.docx» không đúng dạng"),
    (body(good_run(tep={"a.docx": {"sha256": "1" * 64, "dong": rec(-1)}})),
     "lần 1: dòng sổ đăng ký ghi cho «a.docx» không đúng dạng"),
])
def test_a_damaged_manifest_is_named_never_rebuilt(tmp_path, damaged, said):
    assert bad_manifest(tmp_path, damaged) == [("lv/manifest.json", "bản kê hỏng: " + said, BROKEN)]


def test_a_manifest_of_a_later_release_or_one_that_cannot_be_read_says_so(tmp_path, monkeypatch):
    assert bad_manifest(tmp_path, body(dinh_dang=4)) == [
        ("lv/manifest.json", "bản kê lưu trữ viết cho vanban mới hơn bản đang chạy (định dạng 4; bản này đọc đến "
                             "định dạng 3)",
         "cài bản vanban mới hơn (bản đã ghi tệp này); không sửa số định dạng bằng tay")]

    def denied(path, limit=0):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(ar, "read_json", denied)
    assert bad_manifest(tmp_path, body()) == [("lv/manifest.json", "bản kê hỏng: không đọc được: Permission denied",
                                               BROKEN)]


# --------------------------------------------------------------------------
# issuing/archive.py: `luu-tru kiem-tra`

LV = "output/2018/luu-vt"
HANDS_OFF = ("không sửa, thêm hay xóa tệp trong lưu trữ bằng tay: trả lại tệp đúng từ bản sao (tệp zip lưu trữ, "
             "bản sao lưu), chuyển tệp lạ ra ngoài, rồi chạy «vanban luu-tru kiem-tra 2018»")
MEND = ("trả lại tệp bị sửa (sổ đăng ký hoặc bản kê) từ bản sao lưu; nếu chỉ sổ đăng ký sai, mất hay cũ: dựng lại sổ "
        "từ bản kê bằng «vanban luu-tru dung-lai-so»; rồi chạy «vanban luu-tru kiem-tra 2018»")
REBUILD = ("lấy lại sổ đăng ký mới nhất từ bản sao lưu, hoặc dựng lại sổ từ các bản kê bằng «vanban luu-tru "
           "dung-lai-so»")


def archived(tmp_path: Path, count: int = 2, manifest_format: int = 3):
    """A small archive of 2018 as a run leaves it: *count* documents, the outgoing register, the
    manifest of one run, and the register whose rows it anchors (at lines 2, 3 …)."""
    folder = tmp_path / "luu-vt"
    folder.mkdir(parents=True)
    rows, files = [], {}
    for i in range(count):
        name, data = f"vb-{i + 1}.docx", f"văn bản {i + 1}".encode()
        (folder / name).write_bytes(data)
        e = entry(khoa=f"2018/vb-{i + 1}", so=28 + i, so_ky_hieu=f"{28 + i}-KH/ĐU", tep=name, sha256=sha(data),
                  line=i + 2)
        rows.append(e)
        files[name] = {"sha256": e.sha256, "khoa": e.khoa, "so_ky_hieu": e.so_ky_hieu, "dong_so": e.digest(),
                       "dong": ar.row_record(e, i)}
    (folder / "so.xlsx").write_bytes(b"xlsx")
    m = ar.Manifest(2018).with_run({"thoi_gian": "2018-01-05T10:00:00", "tep": files,
                                    "so_dang_ky": {"tep": "so.xlsx", "sha256": sha(b"xlsx")}})
    for e in rows:
        e.ban_ke = m.head()
    dumped = json.loads(m.dump())
    dumped["dinh_dang"] = manifest_format
    write_manifest(folder, dumped)
    reg = rg.Register(tmp_path / "so.csv", "data/so.csv", rows, exists=True)
    return folder, ar.Manifest(2018, m.runs, manifest_format), reg


def anchored(m: ar.Manifest, reg: rg.Register) -> None:
    """The register's rows anchored to the manifest's head (after the test changed a section)."""
    for e in reg.entries:
        e.ban_ke = m.head()


def findings_of(result: ar.Check) -> list[tuple]:
    return [(str(f.location), f.message, f.hint) for f in result.findings(LV, 2018)]


def test_a_whole_archive_checks_clean_and_says_its_formats_heads_and_times(tmp_path):
    folder, m, reg = archived(tmp_path)
    result = ar.check(folder, LV, 2018, reg)
    assert result.ok and result.findings(LV, 2018) == [] and result.checked == 3
    assert result.formats == {"so_dang_ky": 3, "ban_ke": 3}
    assert result.heads == [m.head()] and result.head == m.head() and result.times == ["2018-01-05"]
    assert result.upgrades == [] and result.register == "data/so.csv" and result.of_register == set()
    assert ar.check(folder, LV, 2018, None).ok  # the files and the chain alone
    assert ar.check(folder, LV, 2018, None).formats == {"ban_ke": 3}
    assert ar.Check().head is None and ar.Check().ok


def test_files_altered_linked_missing_or_stray_are_each_named_with_the_way_back(tmp_path):
    folder, m, reg = archived(tmp_path, 3)
    (folder / "vb-1.docx").write_bytes(b"sua")
    (folder / "vb-2.docx").unlink()
    (tmp_path / "copy.docx").write_bytes("văn bản 3".encode())
    (folder / "vb-3.docx").unlink()
    (folder / "vb-3.docx").symlink_to(tmp_path / "copy.docx")  # the same bytes, through a link
    (folder / "so.xlsx").write_bytes(b"other")
    (folder / "la.txt").write_bytes(b"")
    result = ar.check(folder, LV, 2018, reg)
    assert not result.ok and result.checked == 2
    assert (result.altered, result.missing, result.linked, result.extra) == (
        ["vb-1.docx", "so.xlsx"], ["vb-2.docx"], ["vb-3.docx"], ["la.txt"])
    assert findings_of(result) == [
        (f"{LV}/vb-1.docx", "tệp bị sửa (mã băm không khớp bản kê hoặc sổ đăng ký)", HANDS_OFF),
        (f"{LV}/so.xlsx", "tệp bị sửa (mã băm không khớp bản kê hoặc sổ đăng ký)", HANDS_OFF),
        (f"{LV}/vb-3.docx", "không phải tệp thường của lưu trữ (một liên kết tới nơi khác, hay một thư mục): vanban "
                            "không đọc qua liên kết", HANDS_OFF),
        (f"{LV}/vb-2.docx", "tệp trong bản kê bị mất", HANDS_OFF),
        (f"{LV}/la.txt", "tệp lạ, không có trong bản kê", HANDS_OFF)]
    for name in ("extra", "missing", "altered", "linked", "problems"):  # any one is not ok
        assert not ar.Check(**{name: ["x"]}).ok, name


def test_an_archive_folder_that_is_a_link_or_a_file_is_not_read(tmp_path):
    folder, m, reg = archived(tmp_path)
    said = ("thư mục lưu trữ là một liên kết tới nơi khác (hoặc một tệp): vanban không đọc hay ghi lưu trữ qua liên "
            "kết; đặt lại thư mục lưu trữ thật vào chỗ này")
    (tmp_path / "link").symlink_to(folder)
    (tmp_path / "file").write_bytes(b"")
    for name in ("link", "file"):
        result = ar.check(tmp_path / name, LV, 2018, reg)
        assert result.problems == [said] and result.checked == 0 and result.formats == {}
        assert findings_of(result) == [(LV, said, HANDS_OFF)]


def test_an_archive_without_its_manifest_is_a_problem_once_anything_was_issued(tmp_path):
    said = ["không có bản kê (manifest.json) trong khi lưu trữ hoặc sổ đăng ký đã có văn bản"]
    empty = rg.Register(tmp_path / "so.csv", "data/so.csv")
    assert ar.check(tmp_path / "none", LV, 2018, empty).ok
    assert ar.check(tmp_path / "none", LV, 2018, None).ok
    assert ar.check(tmp_path / "none", LV, 2018, rg.Register(tmp_path / "so.csv", "s", [entry()])).problems == said
    assert ar.check(tmp_path / "none", LV, 2019, rg.Register(tmp_path / "so.csv", "s", [entry()])).ok
    (tmp_path / "empty").mkdir()
    assert ar.check(tmp_path / "empty", LV, 2018, empty).ok
    (tmp_path / "empty" / "a.docx").write_bytes(b"")
    assert ar.check(tmp_path / "empty", LV, 2018, empty).problems == said
    folder, m, reg = archived(tmp_path / "p")
    (folder / "manifest.json").write_text("{", encoding="utf-8")
    result = ar.check(folder, LV, 2018, reg)
    assert result.problems == ["bản kê hỏng: không đọc được: không đúng cú pháp JSON ở dòng 1, cột 2"]
    assert result.formats == {"so_dang_ky": 3} and result.heads == []


def test_a_rewritten_section_breaks_the_chain_at_the_next_one(tmp_path):
    folder, m, reg = archived(tmp_path)
    runs = json.loads((folder / "manifest.json").read_text("utf-8"))["lan_phat_hanh"]
    runs.append({"tep": {}, "lan": 2, "truoc": ar.chain_hash(runs)})
    runs[0]["thoi_gian"] = "2018-01-06T10:00:00"   # the first section rewritten
    runs.append({"tep": {}, "lan": 3, "truoc": "0" * 64})
    write_manifest(folder, body(*runs))
    result = ar.check(folder, LV, 2018, None)
    assert result.problems == ["bản kê bị sửa: lần phát hành 2 không khớp các lần trước",
                               "bản kê bị sửa: lần phát hành 3 không khớp các lần trước"]
    assert findings_of(result) == [(LV, p, HANDS_OFF) for p in result.problems]
    assert result.times == ["2018-01-06", "", ""]


def test_a_register_row_naming_a_file_no_run_anchored_is_a_changed_row(tmp_path):
    folder, m, reg = archived(tmp_path)
    m.runs[0]["tep"]["vb-1.pdf"] = {"sha256": "9" * 64}  # a PDF: listed, no register row of its own
    anchored(m, reg)
    reg.entries[0].tep, reg.entries[0].sha256 = "vb-1.pdf", "9" * 64
    # no values kept for the PDF: no column to name; and vb-1.docx has lost its row
    assert ar.register_problems(m, reg, 2018, hints=False) == [
        "dòng 28-KH/ĐU của sổ đăng ký đã bị sửa so với lúc phát hành (data/so.csv dòng 2)",
        "bản kê có 28-KH/ĐU nhưng sổ đăng ký không có: sổ có thể cũ hơn lưu trữ"]


def test_a_row_the_manifest_does_not_hold_does_not_hide_the_rows_after_it(tmp_path):
    folder, m, reg = archived(tmp_path)
    reg.entries.insert(0, entry(khoa="2018/x", so=40, so_ky_hieu="40-KH/ĐU", tep="x.docx", ban_ke=m.head()))
    reg.entries[2].sha256 = "f" * 64
    assert ar.register_problems(m, reg, 2018) == [
        "sổ đăng ký có 40-KH/ĐU (x.docx) nhưng bản kê không có",
        "sổ đăng ký và bản kê ghi hai mã băm khác nhau cho vb-2.docx (data/so.csv dòng 3)"]


def test_a_broken_chain_and_the_registers_problems_are_all_reported(tmp_path):
    folder, m, reg = archived(tmp_path)
    runs = json.loads((folder / "manifest.json").read_text("utf-8"))["lan_phat_hanh"]
    runs.append({"tep": {}, "lan": 2, "truoc": "0" * 64})
    write_manifest(folder, body(*runs))
    result = ar.check(folder, LV, 2018, reg)
    chain = "bản kê bị sửa: lần phát hành 2 không khớp các lần trước"
    assert result.problems[0] == chain and len(result.problems) == 2
    assert result.problems[1].startswith("sổ đăng ký cũ hơn bản kê: 2 dòng (28-KH/ĐU, 29-KH/ĐU) ghi dấu chuỗi của lần "
                                         "phát hành 1, bản kê đã có 2 lần")
    assert [f.location.file for f in result.findings(LV, 2018)] == [LV, "data/so.csv"]


def test_a_register_two_runs_behind_names_the_run_it_holds(tmp_path):
    folder, m, reg = two_runs(tmp_path)
    third = m.with_run({"thoi_gian": "2018-03-01T08:00:00", "tep": {}})
    for e in reg.entries:
        e.ban_ke = third.heads()[1]  # the head after run 2 of 3
    assert ar.register_problems(third, reg, 2018, hints=False) == [
        "sổ đăng ký cũ hơn bản kê: 2 dòng (28-KH/ĐU, 29-KH/ĐU) ghi dấu chuỗi của lần phát hành 2, bản kê đã có 3 lần"]


def test_a_register_row_changed_since_issue_names_the_columns_and_the_line(tmp_path):
    folder, m, reg = archived(tmp_path)
    reg.entries[0].trich_yeu = "Kế hoạch khác"
    reg.entries[0].so_ban = 4
    reg.entries[1].sha256 = "f" * 64
    result = ar.check(folder, LV, 2018, reg)
    # the columns in the order the manifest file keeps them: its keys sorted
    problems = ["dòng 28-KH/ĐU của sổ đăng ký đã bị sửa so với lúc phát hành (cột so_ban, trich_yeu; data/so.csv "
                "dòng 2)",
                "sổ đăng ký và bản kê ghi hai mã băm khác nhau cho vb-2.docx (data/so.csv dòng 3)"]
    assert result.problems == problems and result.of_register == set(problems)
    assert findings_of(result) == [("data/so.csv", p, MEND) for p in problems]


def test_a_changed_row_the_manifest_kept_no_values_of_is_still_found(tmp_path):
    folder, m, reg = archived(tmp_path, 1)
    del m.runs[0]["tep"]["vb-1.docx"]["dong"]
    e = reg.entries[0]
    e.nguoi_ky, e.line = "Bình", 0
    anchored(m, reg)
    assert ar.register_problems(m, reg, 2018) == [
        "dòng 28-KH/ĐU của sổ đăng ký đã bị sửa so với lúc phát hành (data/so.csv)"]


def test_a_row_replaced_by_a_document_not_in_the_register_is_found(tmp_path):
    folder, m, reg = archived(tmp_path)
    first, second = reg.entries
    m.runs[0]["tep"]["vb-1.docx"]["dong_so"] = entry(**{**first.values(), "ghi_chu": "bị thay thế bởi 30-KH/ĐU",
                                                       "ban_ke": ""}).digest()
    first.ghi_chu = "bị thay thế bởi 30-KH/ĐU"
    anchored(m, reg)
    assert ar.register_problems(m, reg, 2018) == ["dòng 28-KH/ĐU ghi bị thay thế bởi một văn bản không có trong sổ"]
    first.ghi_chu = "bị thay thế bởi 29-KH/ĐU"
    m.runs[0]["tep"]["vb-1.docx"]["dong_so"] = first.digest()
    anchored(m, reg)
    assert ar.register_problems(m, reg, 2018) == []


def test_register_rows_the_manifest_does_not_hold_and_documents_the_register_lost_are_both_named(tmp_path):
    folder, m, reg = archived(tmp_path, 7)
    reg.entries.append(entry(khoa="2018/x", so=40, so_ky_hieu="40-KH/ĐU", tep="x.docx"))
    del reg.entries[:6]
    m.runs[0]["tep"]["vb-6.docx"].pop("so_ky_hieu")
    anchored(m, reg)
    reg.entries.append(entry(khoa="2019/y", so=41, tep="y.docx"))  # another year's: not this archive's
    assert ar.register_problems(m, reg, 2018) == [
        "sổ đăng ký có 40-KH/ĐU (x.docx) nhưng bản kê không có",
        "bản kê có 28-KH/ĐU, 29-KH/ĐU, 30-KH/ĐU, 31-KH/ĐU, 32-KH/ĐU và 1 văn bản khác nhưng sổ đăng ký không có: sổ "
        f"có thể cũ hơn lưu trữ; {REBUILD}"]
    del reg.entries[0]
    assert ar.register_problems(m, reg, 2018, hints=False)[-1] == (
        "bản kê có 28-KH/ĐU, 29-KH/ĐU, 30-KH/ĐU, 31-KH/ĐU, 32-KH/ĐU và 2 văn bản khác nhưng sổ đăng ký không có: sổ "
        "có thể cũ hơn lưu trữ")
    reg.entries[:] = [entry(khoa="2019/y", so=41, tep="y.docx")]  # the register of another year only
    problems = ar.register_problems(m, reg, 2018, hints=False)
    assert problems == ["bản kê có 28-KH/ĐU, 29-KH/ĐU, 30-KH/ĐU, 31-KH/ĐU, 32-KH/ĐU và 2 văn bản khác nhưng sổ "
                        "đăng ký không có: sổ có thể cũ hơn lưu trữ"]


def test_five_lost_documents_are_all_named_without_more(tmp_path):
    folder, m, reg = archived(tmp_path, 6)
    m.runs[0]["tep"]["vb-2.docx"].pop("so_ky_hieu")
    del reg.entries[:5]
    anchored(m, reg)
    assert ar.register_problems(m, reg, 2018, hints=False) == [
        "bản kê có 28-KH/ĐU, vb-2.docx, 30-KH/ĐU, 31-KH/ĐU, 32-KH/ĐU nhưng sổ đăng ký không có: sổ có thể cũ hơn lưu "
        "trữ"]


def test_a_register_that_is_not_there_while_documents_were_issued_is_named(tmp_path):
    folder, m, reg = archived(tmp_path)
    gone = rg.Register(tmp_path / "none.csv", "data/so.csv")
    said = f"không có sổ đăng ký data/so.csv trong khi bản kê đã ghi văn bản đã phát hành; {REBUILD}"
    assert ar.register_problems(m, gone, 2018) == [said]
    assert ar.register_problems(m, gone, 2018, hints=False) == [said.split(";")[0]]
    result = ar.check(folder, LV, 2018, gone)
    assert result.formats == {"ban_ke": 3}  # no register read: no format of it
    assert findings_of(result) == [("data/so.csv", said, "rồi chạy lại «vanban luu-tru kiem-tra 2018»")]
    # an archive of PDFs and the outgoing register alone needs no register
    for info in m.runs[0]["tep"].values():
        info.pop("khoa")
    assert ar.register_problems(m, gone, 2018) == []


def two_runs(tmp_path: Path, count: int = 2, manifest_format: int = 3):
    """The archive after a second run (one that added nothing), the register anchored to the first."""
    folder, m, reg = archived(tmp_path, count, manifest_format)
    later = m.with_run({"thoi_gian": "2018-02-01T08:00:00", "tep": {}})
    dumped = json.loads(later.dump())
    dumped["dinh_dang"] = manifest_format
    write_manifest(folder, dumped)
    return folder, ar.Manifest(2018, later.runs, manifest_format), reg


def test_a_register_older_than_the_manifests_last_run_is_named_with_the_run_it_holds(tmp_path):
    folder, m, reg = two_runs(tmp_path, 4)
    assert ar.register_problems(m, reg, 2018) == [
        f"sổ đăng ký cũ hơn bản kê: 4 dòng (28-KH/ĐU, 29-KH/ĐU, 30-KH/ĐU…) ghi dấu chuỗi của lần phát hành 1, bản kê "
        f"đã có 2 lần; {REBUILD}"]
    result = ar.check(folder, LV, 2018, reg)
    assert result.times == ["2018-01-05", "2018-02-01"] and len(result.heads) == 2
    assert findings_of(result) == [("data/so.csv", result.problems[0], "rồi chạy lại «vanban luu-tru kiem-tra 2018»")]
    for e in reg.entries[1:]:
        e.ban_ke = m.head()
    assert ar.register_problems(m, reg, 2018, hints=False) == [
        "sổ đăng ký cũ hơn bản kê: 1 dòng (28-KH/ĐU) ghi dấu chuỗi của lần phát hành 1, bản kê đã có 2 lần"]


def test_a_head_the_chain_never_had_says_the_manifest_or_the_column_was_changed(tmp_path):
    folder, m, reg = two_runs(tmp_path, 3)
    foreign = ("bản kê (manifest.json) không khớp dấu chuỗi mà sổ đăng ký data/so.csv ghi ở {}: bản kê đã bị sửa "
               "hoặc dựng lại sau lần phát hành cuối, hoặc cột ban_ke của sổ bị sửa")
    for e in reg.entries:
        e.ban_ke = "f" * 64
    assert ar.register_problems(m, reg, 2018) == [foreign.format("3 dòng (28-KH/ĐU, 29-KH/ĐU, 30-KH/ĐU)")]
    reg.entries[0].ban_ke = m.heads()[0]  # two different heads: no one earlier register
    assert ar.register_problems(m, reg, 2018) == [foreign.format("3 dòng (28-KH/ĐU, 29-KH/ĐU, 30-KH/ĐU)")]
    for e in reg.entries:
        e.ban_ke = m.head()
    assert ar.register_problems(m, reg, 2018) == []


def test_a_format_2_row_holds_the_head_after_the_run_that_anchored_it(tmp_path):
    folder, m, reg = two_runs(tmp_path, 2, manifest_format=2)
    assert m.format == 2 and ar.register_problems(m, reg, 2018) == []  # the head after run 1, as issued
    reg.entries[1].ban_ke = m.head()
    assert ar.register_problems(m, reg, 2018) == ["dòng 29-KH/ĐU của sổ đăng ký không khớp bản kê (lần phát hành 1)"]
    # a later upgrade's «neo» anchors the row to its own run
    first = reg.entries[0]
    m.runs[1]["neo"] = {"vb-1.docx": first.digest()}
    reg.entries[1].ban_ke = m.heads()[0]
    first.ban_ke = m.heads()[0]
    assert ar.register_problems(m, reg, 2018) == ["dòng 28-KH/ĐU của sổ đăng ký không khớp bản kê (lần phát hành 2)"]
