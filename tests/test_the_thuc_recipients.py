"""TT12, the Nơi nhận block, said exactly: which line, what is wrong with it, what to write instead.

Each finding is read whole (rule, section of the rules, where, message, fix) on a State plan vanban
made and changed the way an office's typist would; the archive line's wording is checked against
Nghị định 30's form «- Lưu: VT, <đơn vị soạn thảo>.» and Hướng dẫn 36's «Lưu VT, …»."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from conftest import REPO, plain_id, run
from test_the_thuc_layout import para as _para
from vanban.the_thuc import check
from vanban.the_thuc.rules.recipients import _what_is_missing

STATE_EXAMPLE = "«Lưu: VT, VP.» hoặc «Lưu: VT, 2b.»"   # nha_nuoc.yaml's mau_luu_vi_du with two copies
STATE_FORM = "Lưu: VT, {so_ban}b."                      # nha_nuoc.yaml's mau.luu
PARTY_FORM = "Lưu VT, {so_ban}b."                       # dang.yaml's mau.luu
ARCHIVE = "- Lưu: VT, BCHQS."                           # the example office's archive line
BLOCK = "thân văn bản, bảng 2, dòng 1, ô 1"             # the Nơi nhận cell of the closing table


@pytest.fixture(autouse=True)
def docx_only(monkeypatch):
    monkeypatch.setenv("VANBAN_KHONG_DUNG_LIBREOFFICE", "1")


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    """The State example's plan: Nơi nhận label 12 pt bold italic, four recipients and the archive
    line in 11 pt (Nghị định 30, Phụ lục I)."""
    root = tmp_path_factory.mktemp("ubnd") / "ubnd"
    shutil.copytree(REPO / "examples/ubnd-xa", root, ignore=shutil.ignore_patterns("output"))
    assert run(root, "build", "ke-hoach", "2026").exit_code == 0
    return next((root / "output/2026").glob("ke-hoach-*.docx"))


@pytest.fixture(scope="module")
def party_plan(tmp_path_factory):
    """The sample's 2018 Party plan: «Nơi nhận:» 14 pt underlined, lines in 12 pt, «- Lưu VT, 28b.»."""
    root = tmp_path_factory.mktemp("party") / "party"
    for part in ("data", "templates"):
        shutil.copytree(REPO / part, root / part)
    assert run(root, "build", "ke-hoach", "2018").exit_code == 0
    return next((root / "output/2018").glob("ke-hoach-*.docx"))


def _write(p, text, size=None):
    p.runs[0].text = text
    for r in p.runs[1:]:
        r.text = ""
    if size is not None:
        p.runs[0].font.size = Pt(size)


def tt12(source: Path, tmp: Path, change) -> list[tuple]:
    doc = Document(source)
    change(doc)
    out = tmp / "changed.docx"
    doc.save(out)
    _, found = check(out, out.name)
    return [(f.rule, f.section, f.location.where, f.message, f.hint) for f in found if f.rule == "TT12"]


def _archive_as(text):
    return lambda doc: _write(_para(doc, ARCHIVE), text)


# ------------------------------------------------------------------ the block and its label


def test_the_plan_as_made_has_no_tt12(plan, tmp_path):
    assert tt12(plan, tmp_path, lambda d: None) == []


def test_a_signed_numbered_document_without_noi_nhan_is_said_with_where_to_put_it(plan, tmp_path):
    assert tt12(plan, tmp_path, lambda d: _write(_para(d, "Nơi nhận:"), "")) == [
        ("TT12", "§3", "cuối văn bản", "không có «Nơi nhận:»", "thêm khối Nơi nhận bên trái chữ ký")]


def test_no_noi_nhan_is_right_for_an_unsigned_list_and_for_an_attached_text(plan, tmp_path):
    # a list meant to go with a document (no signature) and a text attached to one (no Số) send
    # nothing on their own: no Nơi nhận is asked of them
    def unsigned(doc):
        _write(_para(doc, "Nơi nhận:"), "")
        for line in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Giả"):
            _write(_para(doc, line), "")

    def attached(doc):
        _write(_para(doc, "Nơi nhận:"), "")
        _write(_para(doc, "Số: 12/KH-UBND"), "")

    assert tt12(plan, tmp_path, unsigned) == []
    assert tt12(plan, tmp_path, attached) == []


def _label_upright(text):
    """The «Nơi nhận:» label retyped as *text*, set upright."""
    def change(doc):
        p = _para(doc, "Nơi nhận:")
        p.runs[0].text = text
        p.runs[0].font.italic = False
    return change


def test_a_label_without_its_colon_and_upright_is_said_colon_first(plan, tmp_path):
    assert tt12(plan, tmp_path, _label_upright("Nơi nhận")) == [
        ("TT12", "§3", f"{BLOCK}, đoạn 1", "«Nơi nhận»: thiếu dấu hai chấm; cần in nghiêng",
         "sửa định dạng dòng «Nơi nhận:»")]


def test_a_label_with_words_after_its_colon_has_its_colon_and_is_quoted_to_twenty_characters(plan, tmp_path):
    assert tt12(plan, tmp_path, _label_upright("Nơi nhận: theo danh sách")) == [
        ("TT12", "§3", f"{BLOCK}, đoạn 1", "«Nơi nhận: theo danh »: cần in nghiêng", "sửa định dạng dòng «Nơi nhận:»")]


def test_the_label_s_place_is_not_judged(plan, tmp_path):
    # the label sits in the left cell of the closing table: where in that cell is the office's choice
    def centred(doc):
        _para(doc, "Nơi nhận:").alignment = WD_ALIGN_PARAGRAPH.CENTER

    assert tt12(plan, tmp_path, centred) == []


def test_a_colon_set_upright_is_a_finding_of_its_own(plan, tmp_path):
    def colon(doc):
        p = _para(doc, "Nơi nhận:")
        p.runs[0].text = "Nơi nhận"
        r = p.add_run(":")
        r.font.size, r.font.bold = Pt(12), True

    assert tt12(plan, tmp_path, colon) == [
        ("TT12", "§3", f"{BLOCK}, đoạn 1", "«Nơi nhận:»: phần «:» không in nghiêng (quy định cả dòng in nghiêng)",
         "sửa định dạng dòng «Nơi nhận:»")]


# ------------------------------------------------------------------ the recipient lines


def test_recipient_lines_in_other_sizes_are_counted_with_every_size_and_the_first_as_example(plan, tmp_path):
    def sizes(doc):
        _para(doc, "- Bộ Chỉ huy quân sự tỉnh;").runs[0].font.size = Pt(13)
        _para(doc, "- Các thôn;").runs[0].font.size = Pt(12)

    assert tt12(plan, tmp_path, sizes) == [
        ("TT12", "§3", f"{BLOCK}, đoạn 2", "2 dòng nơi nhận cỡ chữ 12, 13 (quy định 11), "
         "ví dụ «- Bộ Chỉ huy quân sự tỉnh;»", "đặt cỡ chữ 11 cho các dòng nơi nhận")]


def test_only_letters_and_digits_count_for_a_line_size(plan, tmp_path):
    # a semicolon typed larger prints the same line: not a finding
    def semicolon(doc):
        p = _para(doc, "- Các thôn;")
        p.runs[0].text = "- Các thôn"
        p.add_run(";").font.size = Pt(14)

    assert tt12(plan, tmp_path, semicolon) == []


def test_the_archive_line_in_a_larger_size_is_a_size_finding_and_small_initials_after_it_are_not(plan, tmp_path):
    def larger(doc):
        p = _para(doc, ARCHIVE)
        p.runs[0].font.size = Pt(13)
        p.add_run("Châu").font.size = Pt(9)

    assert tt12(plan, tmp_path, larger) == [
        ("TT12", "§3", f"{BLOCK}, đoạn 6", "1 dòng nơi nhận cỡ chữ 13 (quy định 11), ví dụ «- Lưu: VT, BCHQS.Châu»",
         "đặt cỡ chữ 11 cho các dòng nơi nhận")]


def test_a_last_line_that_is_not_the_archive_line_is_said_with_the_forms_to_use(plan, tmp_path):
    assert tt12(plan, tmp_path, _archive_as("- Các đoàn thể.")) == [
        ("TT12", "§3, §4", f"{BLOCK}, đoạn 6", "dòng cuối của Nơi nhận «- Các đoàn thể.» không phải dòng lưu",
         f"kết thúc bằng dòng lưu, ví dụ {STATE_EXAMPLE}")]


# ------------------------------------------------------------------ the archive line


@pytest.mark.parametrize("line, said", [
    ("- Lưu VT, BCHQS.", "thiếu dấu hai chấm sau «Lưu»"),
    ("- Lưu: BCHQS.", "thiếu «VT» (văn thư)"),
    ("- Lưu: VT", "thiếu tên viết tắt của đơn vị soạn thảo sau «VT,», dấu chấm ở cuối"),
], ids=plain_id)
def test_an_archive_line_off_the_form_says_what_it_lacks(plan, tmp_path, line, said):
    assert tt12(plan, tmp_path, _archive_as(line)) == [
        ("TT12", "§3, §4", f"{BLOCK}, đoạn 6", f"dòng lưu «{line}»: {said}", f"viết theo mẫu {STATE_EXAMPLE}")]


@pytest.mark.parametrize("line", [
    "- Lưu : VT ,BCHQS.",          # spaces around the colon and the comma as typed
    "- Lưu:  VT,  BCHQS.",         # doubled spaces
    "- Lưu: Văn thư, BCHQS.",      # VT written out
    "- Lưu: văn thư, BCHQS.",      # … in lower case
    "+ Lưu: VT, BCHQS.",           # another bullet
    "– Lưu: VT, BCHQS.",           # an en dash
    "-Lưu: VT, BCHQS.",            # no space after the dash
], ids=plain_id)
def test_an_archive_line_in_the_form_as_offices_type_it_passes(plan, tmp_path, line):
    assert tt12(plan, tmp_path, _archive_as(line)) == []


def test_the_drafters_initials_after_the_line_belong_to_the_drafter_and_their_stop_to_the_line(plan, tmp_path):
    # «- Lưu: VT, BCHQS.Châu» with «.Châu» in 9 pt: the stop ends the line, the name is the drafter's
    def initials(words):
        def change(doc):
            p = _para(doc, ARCHIVE)
            _write(p, words)
            p.add_run(".Châu").font.size = Pt(9)
        return change

    assert tt12(plan, tmp_path, initials("- Lưu: VT, BCHQS")) == []
    # the drafter's name does not stand in for the drafting unit
    assert tt12(plan, tmp_path, initials("- Lưu: VT")) == [
        ("TT12", "§3, §4", f"{BLOCK}, đoạn 6", "dòng lưu «- Lưu: VT.Châu»: thiếu tên viết tắt của đơn vị soạn "
         "thảo sau «VT,»", f"viết theo mẫu {STATE_EXAMPLE}")]


def test_a_small_stop_alone_is_not_initials_and_a_large_one_is_said_against_the_words_size(plan, tmp_path):
    def stop(size, words_size=None):
        def change(doc):
            p = _para(doc, ARCHIVE)
            _write(p, "- Lưu: VT, BCHQS", words_size)
            p.add_run(".").font.size = Pt(size)
        return change

    assert tt12(plan, tmp_path, stop(9)) == []
    assert tt12(plan, tmp_path, stop(11)) == []
    assert tt12(plan, tmp_path, stop(12)) == [
        ("TT12", "§3, §4", f"{BLOCK}, đoạn 6", "dòng lưu «- Lưu: VT, BCHQS.»: dấu chấm cuối dòng cỡ 12 (chữ của "
         "dòng cỡ 11)", f"viết theo mẫu {STATE_EXAMPLE}")]


def test_an_archive_line_typed_in_several_runs_is_read_as_one_line(plan, tmp_path):
    # Word splits a line into runs wherever the typist paused or a spell check passed
    def runs(*texts, initials=()):
        def change(doc):
            p = _para(doc, ARCHIVE)
            _write(p, texts[0])
            for text in texts[1:]:
                p.add_run(text).font.size = Pt(11)
            for text in initials:
                p.add_run(text).font.size = Pt(9)
        return change

    assert tt12(plan, tmp_path, runs("- Lưu: ", "VT, BCHQS.")) == []
    assert tt12(plan, tmp_path, runs("- Lưu: ", "VT, BCHQS", initials=(".Châu",))) == []
    # the drafter's small type in two runs, a space first: still the drafter's, its stop still the line's
    assert tt12(plan, tmp_path, runs("- Lưu: VT", initials=(" ", ".Châu"))) == [
        ("TT12", "§3, §4", f"{BLOCK}, đoạn 6", "dòng lưu «- Lưu: VT .Châu»: thiếu tên viết tắt của đơn vị soạn "
         "thảo sau «VT,»", f"viết theo mẫu {STATE_EXAMPLE}")]


def test_initials_without_a_stop_leave_the_line_without_its_stop(plan, tmp_path):
    # «- Lưu: VT» + «Châu» in 9 pt: the name is the drafter's, and no stop ends the line
    def change(doc):
        p = _para(doc, ARCHIVE)
        _write(p, "- Lưu: VT")
        p.add_run("Châu").font.size = Pt(9)

    assert tt12(plan, tmp_path, change) == [
        ("TT12", "§3, §4", f"{BLOCK}, đoạn 6", "dòng lưu «- Lưu: VTChâu»: thiếu tên viết tắt của đơn vị soạn thảo "
         "sau «VT,», dấu chấm ở cuối", f"viết theo mẫu {STATE_EXAMPLE}")]


def test_the_stop_is_judged_against_the_size_most_of_the_lines_words_have(plan, tmp_path):
    def sized(*pieces):
        def change(doc):
            p = _para(doc, ARCHIVE)
            _write(p, pieces[0][0])
            p.runs[0].font.size = Pt(pieces[0][1])
            for text, size in pieces[1:]:
                p.add_run(text).font.size = Pt(size)
        return change

    # a whole line in 13 pt, its stop too: one size finding, the stop is the line's own size
    assert tt12(plan, tmp_path, sized(("- Lưu: VT, BCHQS", 13), (".", 13))) == [
        ("TT12", "§3", f"{BLOCK}, đoạn 6", "1 dòng nơi nhận cỡ chữ 13 (quy định 11), ví dụ «- Lưu: VT, BCHQS.»",
         "đặt cỡ chữ 11 cho các dòng nơi nhận")]
    # «Lưu» in 12 and the rest in 11: the line's words are 11 (two runs to one), so a stop in 12 stands out
    assert tt12(plan, tmp_path, sized(("- ", 11), ("Lưu", 12), (": VT, ", 11), ("BCHQS", 11), (".", 12))) == [
        ("TT12", "§3", f"{BLOCK}, đoạn 6", "1 dòng nơi nhận cỡ chữ 11, 12 (quy định 11), ví dụ «- Lưu: VT, BCHQS.»",
         "đặt cỡ chữ 11 cho các dòng nơi nhận"),
        ("TT12", "§3, §4", f"{BLOCK}, đoạn 6", "dòng lưu «- Lưu: VT, BCHQS.»: dấu chấm cuối dòng cỡ 12 (chữ của "
         "dòng cỡ 11)", f"viết theo mẫu {STATE_EXAMPLE}")]


def test_long_lines_are_quoted_to_forty_characters(plan, tmp_path):
    long_archive = "- Lưu VT, Ban Chỉ huy quân sự xã Phú Yên Giả."
    long_entry = "- Ban Chỉ huy quân sự xã Phú Yên Giả và các thôn."
    assert tt12(plan, tmp_path, _archive_as(long_archive)) == [
        ("TT12", "§3, §4", f"{BLOCK}, đoạn 6", f"dòng lưu «{long_archive[:40]}»: thiếu dấu hai chấm sau «Lưu»",
         f"viết theo mẫu {STATE_EXAMPLE}")]
    assert tt12(plan, tmp_path, _archive_as(long_entry)) == [
        ("TT12", "§3, §4", f"{BLOCK}, đoạn 6", f"dòng cuối của Nơi nhận «{long_entry[:40]}» không phải dòng lưu",
         f"kết thúc bằng dòng lưu, ví dụ {STATE_EXAMPLE}")]

    def long_and_large(doc):
        p = _para(doc, "- Các thôn;")
        _write(p, long_entry[:-1] + ";")
        p.runs[0].font.size = Pt(13)
    assert tt12(plan, tmp_path, long_and_large) == [
        ("TT12", "§3", f"{BLOCK}, đoạn 5", f"1 dòng nơi nhận cỡ chữ 13 (quy định 11), ví dụ «{long_entry[:40]}»",
         "đặt cỡ chữ 11 cho các dòng nơi nhận")]


def test_digits_in_small_type_after_the_archive_line_are_not_initials_but_a_size_finding(plan, tmp_path):
    # initials hold letters: a copy count typed small is part of the line, in the wrong size
    def small_count(*digits):
        def change(doc):
            p = _para(doc, ARCHIVE)
            _write(p, "- Lưu: VT, VP, ")
            for d in digits:
                p.add_run(d).font.size = Pt(9)
        return change

    for digits in (("02",), ("0", "2")):
        assert tt12(plan, tmp_path, small_count(*digits)) == [
            ("TT12", "§3", f"{BLOCK}, đoạn 6", "1 dòng nơi nhận cỡ chữ 9, 11 (quy định 11), ví dụ «- Lưu: VT, VP, 02»",
             "đặt cỡ chữ 11 cho các dòng nơi nhận")]


def test_a_party_archive_line_with_a_no_break_space_after_luu_is_in_its_form(party_plan, tmp_path):
    # «Lưu VT, 28b.» with Word's no-break space (Ctrl+Shift+Space) after «Lưu» prints the same
    def nbsp(doc):
        _write(_para(doc, "- Lưu VT, 28b."), "- Lưu\u00a0VT, 28b.")

    assert tt12(party_plan, tmp_path, lambda d: None) == []
    assert tt12(party_plan, tmp_path, nbsp) == []


# ------------------------------------------------------------------ what the line lacks, for any form


@pytest.mark.parametrize("text, form, said", [
    ("Lưu VT, VP.", STATE_FORM, "thiếu dấu hai chấm sau «Lưu»"),
    ("Lưu VT, VP. ", STATE_FORM, "thiếu dấu hai chấm sau «Lưu»"),      # a space after the stop is no lack
    ("Lưu : VT, VP", STATE_FORM, "không đúng mẫu dòng lưu"),        # the stop is said only beside another lack
    ("Lưu: VP.", STATE_FORM, "thiếu «VT» (văn thư)"),
    ("Lưu: NVT, VP.", STATE_FORM, "thiếu «VT» (văn thư)"),            # VT is a word, not letters in one
    ("Lưu: VTX, VP.", STATE_FORM, "thiếu «VT» (văn thư)"),
    ("Lưu: VT", STATE_FORM, "thiếu tên viết tắt của đơn vị soạn thảo sau «VT,», dấu chấm ở cuối"),
    ("Lưu: VT,", STATE_FORM, "thiếu tên viết tắt của đơn vị soạn thảo sau «VT,», dấu chấm ở cuối"),
    ("Lưu: VT ,VP.", STATE_FORM, "không đúng mẫu dòng lưu"),           # nothing lacking: the form is wrong
    ("Lưu VP", STATE_FORM, "thiếu dấu hai chấm sau «Lưu», «VT» (văn thư), dấu chấm ở cuối"),
    # Hướng dẫn 36: no colon asked for
    ("Lưu VP", PARTY_FORM, "thiếu «VT» (văn thư), dấu chấm ở cuối"),
    ("Lưu VT", PARTY_FORM, "thiếu tên viết tắt của đơn vị soạn thảo sau «VT,», dấu chấm ở cuối"),
    ("Lưu VT.", PARTY_FORM, "thiếu tên viết tắt của đơn vị soạn thảo sau «VT,»"),
    # a form without VT or a unit asks only for the colon and the stop
    ("Lưu VP", "Lưu: {don_vi}", "thiếu dấu hai chấm sau «Lưu», dấu chấm ở cuối"),
    ("Lưu: VP", "Lưu {don_vi}", "không đúng mẫu dòng lưu"),
], ids=plain_id)
def test_what_an_archive_line_lacks_is_read_from_the_profiles_form(text, form, said):
    assert _what_is_missing(text, form) == said


def test_initials_are_only_the_small_type_at_the_end_when_the_line_changes_look_before_them(plan, tmp_path):
    # «- Lưu: VT» then «, BCHQS» in bold (same size: a look of its own, a piece of its own), then
    # the drafter's «.Châu» in 9 pt: «, BCHQS» is the line's, only «.Châu» the drafter's
    def change(doc):
        p = _para(doc, ARCHIVE)
        _write(p, "- Lưu: VT")
        unit = p.add_run(", BCHQS")
        unit.font.size, unit.font.bold = Pt(11), True
        p.add_run(".Châu").font.size = Pt(9)

    assert tt12(plan, tmp_path, change) == []

