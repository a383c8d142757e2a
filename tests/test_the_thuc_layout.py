"""The thể thức checker judges the page as printed: each general rule shown on a
document vanban made and changed the way offices write, and on real documents
of the labelled corpora (../shared/conformance/real-docs*/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from conftest import REPO, SHARED, need, run
from vanban.the_thuc import check

REAL = SHARED / "conformance" / "real-docs"
REAL2 = SHARED / "conformance" / "real-docs-2"


@pytest.fixture(autouse=True)
def docx_only(monkeypatch):
    """These tests reason from the DOCX alone unless they ask for LibreOffice."""
    monkeypatch.setenv("VANBAN_KHONG_DUNG_LIBREOFFICE", "1")


@pytest.fixture(scope="module")
def state_plan(tmp_path_factory):
    """A one-page State plan vanban made; every test changes a copy of it."""
    root = tmp_path_factory.mktemp("state") / "ubnd"
    shutil.copytree(REPO / "examples/ubnd-xa", root, ignore=shutil.ignore_patterns("output"))
    assert run(root, "build", "ke-hoach", "2026").exit_code == 0
    return next((root / "output/2026").glob("ke-hoach-*.docx"))


def real(folder: Path, name: str) -> Path:
    path = folder / name
    need(path.is_file(), f"labelled corpus not found at {folder}")
    return path


def findings(path: Path, rule_set=None):
    code, issues = check(path, path.name, rule_set)
    return code, issues


def rules(path: Path) -> set[str]:
    return {i.rule for i in findings(path)[1]}


def messages(path: Path, rule: str) -> list[str]:
    return [i.message for i in findings(path)[1] if i.rule == rule]


def changed(source: Path, tmp: Path, change, name: str = "changed.docx") -> Path:
    doc = Document(source)
    change(doc)
    out = tmp / name
    doc.save(out)
    return out


def paragraphs(doc):
    yield from doc.paragraphs
    for t in doc.tables:
        for row in t.rows:
            for c in row.cells:
                yield from c.paragraphs


def para(doc, text: str):
    return next(p for p in paragraphs(doc) if p.text.replace("\u00a0", " ").strip() == text)


def set_align(p, value: str):
    ppr = p._p.get_or_add_pPr()
    jc = ppr.find(qn("w:jc"))
    if jc is None:
        jc = OxmlElement("w:jc")
        ppr.append(jc)
    jc.set(qn("w:val"), value)


# ---------------------------------------------------------------- where text lands


def test_the_starting_document_is_clean(state_plan):
    assert findings(state_plan) == ("nha_nuoc", [])


@pytest.mark.libreoffice
def test_the_state_plan_saved_by_libreoffice_stays_clean(state_plan, tmp_path, libreoffice, monkeypatch):
    """A State document vanban made, opened and saved by LibreOffice (with LibreOffice free to
    measure the page): no finding of any rule, the new ones included."""
    import subprocess

    subprocess.run([libreoffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "rt"), str(state_plan)],
                   capture_output=True, check=True, timeout=300)
    monkeypatch.setenv("VANBAN_KHONG_DUNG_LIBREOFFICE", "0")
    assert findings(tmp_path / "rt" / state_plan.name) == ("nha_nuoc", [])


def test_an_issuer_centred_with_leading_spaces_is_centred_and_one_set_flush_left_is_not(state_plan, tmp_path):
    """Rule: alignment is judged from where the text lands in its cell, not from w:jc alone."""
    from vanban.ooxml.measure import width_mm

    def spaced(doc):
        p = para(doc, "XÃ PHÚ YÊN GIẢ")
        set_align(p, "left")
        cell_mm = 3628 * 25.4 / 1440 - 2 * 1.9   # the left header cell, its margins off
        text_mm = width_mm("XÃ PHÚ YÊN GIẢ", 13, True)
        spaces = round((cell_mm - text_mm) / 2 / width_mm(" ", 13, True))
        p.runs[0].text = " " * spaces + p.runs[0].text

    def flush_left(doc):
        set_align(para(doc, "XÃ PHÚ YÊN GIẢ"), "left")

    assert findings(changed(state_plan, tmp_path, spaced, "spaced.docx"))[1] == []
    found = messages(changed(state_plan, tmp_path, flush_left, "left.docx"), "TT05")
    assert len(found) == 1 and "XÃ PHÚ YÊN GIẢ" in found[0]
    assert "ước tính từ vị trí chữ trong tệp DOCX" in found[0]   # the finding says how it was measured


def test_real_headers_centred_with_spaces_are_not_findings():
    """The labelled documents whose header lines are left- or justify-aligned and centred with
    spaces (nn-thong-bao-04, nn-quyet-dinh-03) and one whose header is two columns of spaces
    (dang-tu-kiem-diem-01): no alignment finding."""
    for path in (real(REAL2, "nn-thong-bao-04.docx"), real(REAL2, "nn-quyet-dinh-03.docx"),
                 real(REAL2, "dang-tu-kiem-diem-01.docx")):
        placed = [i for i in findings(path)[1] if i.rule in ("TT04", "TT05", "TT07")
                  and ("căn" in i.message or "lệch" in i.message)]
        assert placed == [], (path.name, placed)


def test_a_signing_block_centred_in_a_narrow_cell_is_centred(state_plan, tmp_path):
    """Rule: the signing block is judged as a block, its lines centred on one another wherever the
    block stands in its cell."""
    def narrow(doc):
        table = doc.tables[-1]
        grid = table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
        grid[0].set(qn("w:w"), "6500")
        grid[1].set(qn("w:w"), "2854")   # about 50 mm: the block nearly fills it
        for row in table.rows:
            for k, cell in enumerate(row.cells):
                cell._tc.get_or_add_tcPr().get_or_add_tcW().set(qn("w:w"), grid[k].get(qn("w:w")))

    def shifted(doc):
        for text in ("CHỦ TỊCH", "Trần Văn Giả"):
            p = para(doc, text)
            set_align(p, "left")

    assert "TT11" not in rules(changed(state_plan, tmp_path, narrow, "narrow.docx"))
    found = messages(changed(state_plan, tmp_path, shifted, "shifted.docx"), "TT11")
    assert found and "CHỦ TỊCH" in found[0]
    for path in (real(REAL, "nn-cong-van-07.docx"), real(REAL, "nn-thong-bao-02.docx")):
        assert "TT11" not in rules(path), path.name


@pytest.mark.libreoffice
def test_close_calls_are_measured_on_the_printed_page(state_plan, tmp_path, monkeypatch, libreoffice):
    """Where the DOCX estimate is close to the limit, LibreOffice lays the page out and the finding
    says it was measured there; without LibreOffice the same finding says it was estimated."""
    from vanban.ooxml.measure import width_mm

    def off_centre(doc):
        p = para(doc, "Số: 12/KH-UBND")
        set_align(p, "left")
        p.runs[0].text = " " * 4 + p.runs[0].text   # starts about 5 mm in: off by half the cell's slack
        assert width_mm("    ", 13) > 3

    path = changed(state_plan, tmp_path, off_centre, "off.docx")
    estimated = messages(path, "TT07")
    monkeypatch.setenv("VANBAN_KHONG_DUNG_LIBREOFFICE", "0")
    measured = messages(path, "TT07")
    assert estimated and "ước tính từ vị trí chữ trong tệp DOCX" in estimated[0]
    assert measured and "đo trên trang in do LibreOffice dàn trang" in measured[0]


# ---------------------------------------------------------------- sections


def test_a_landscape_section_holding_a_table_may_turn_its_margins(state_plan, tmp_path):
    """Rule: page size and margins are judged per section; a landscape section is right when it
    holds a table, with the portrait margins or the portrait margins turned with the page."""
    def appendix(doc, with_table=True, turned=True):
        section = doc.add_section()
        section.orientation = 1
        section.page_width, section.page_height = Mm(297), Mm(210)
        if turned:   # top ← left, bottom ← right, left ← bottom, right ← top
            section.top_margin, section.bottom_margin = Mm(30), Mm(15)
            section.left_margin, section.right_margin = Mm(20), Mm(20)
        if with_table:
            table = doc.add_table(rows=2, cols=8)
            table.cell(0, 0).text = "STT"
        else:
            doc.add_paragraph("Phụ lục không có bảng.")

    good = changed(state_plan, tmp_path, appendix, "table.docx")
    assert not rules(good) & {"TT01", "TT02"}
    no_table = changed(state_plan, tmp_path, lambda d: appendix(d, with_table=False), "text.docx")
    assert "TT01" in rules(no_table)
    # real: a landscape Party list (TT01 clean) whose margins fit neither reading
    found = findings(real(REAL, "dang-danh-sach-01.docx"))[1]
    assert "TT01" not in {i.rule for i in found}
    assert all("khi xoay lề" in i.message for i in found if i.rule == "TT02")
    # real: a landscape Letter appendix whose 31.75 mm top margin fits the turned reading
    margins = messages(real(REAL2, "nn-thong-tu-01.docx"), "TT02")
    assert not any("lề trên 31,8" in m for m in margins)


# ---------------------------------------------------------------- fonts


def test_face_names_are_read_as_their_family(state_plan, tmp_path):
    """Rule: «Times New Roman Bold», «TimesNewRomanPSMT» print in Times New Roman."""
    def faces(doc):
        for name, p in zip(("Times New Roman Bold", "TimesNewRomanPSMT", "Times New Roman (Vietnamese)"),
                           [p for p in doc.paragraphs if p.text.startswith(("I.", "II.", "III."))]):
            for r in p.runs:
                r.font.name = name

    assert "TT03" not in rules(changed(state_plan, tmp_path, faces))
    from vanban.the_thuc.fonts import family
    assert {family(n) for n in ("Times New Roman Bold", "TimesNewRomanPS-BoldMT", "Times New Roman CE")} \
        == {"Times New Roman"}
    assert family(".VnTimeH") == ".VnTimeH" and family("Arial,Bold") == "Arial"


def test_a_run_without_formatting_falls_back_to_normal(state_plan, tmp_path):
    """Rule: a run with no formatting of its own takes the Normal style's font and size (here
    Calibri 11) through the style chain and the document defaults; in a 14 pt paragraph it is found."""
    def pasted(doc):
        normal = doc.styles["Normal"]
        normal.font.name, normal.font.size = "Calibri", Pt(11)
        p = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ"))
        for own in p.runs:   # the paragraph's own words formatted directly, as pasted text is
            own.font.name, own.font.size = "Times New Roman", Pt(14)
        style = p._p.pPr.find(qn("w:pStyle"))
        if style is not None:
            p._p.pPr.remove(style)   # the paragraph in the Normal style
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = " dán từ trang web"
        r.append(t)
        p._p.append(r)

    broken = changed(state_plan, tmp_path, pasted)
    fonts, sizes = messages(broken, "TT03"), messages(broken, "TT18")
    assert fonts and "Calibri" in fonts[0] and "dán từ trang web" in fonts[0]
    assert sizes and "11" in sizes[0]
    # real: heading styles naming Cambria overridden by every run (clean); a theme font (Aptos) is found
    assert "TT03" not in rules(real(REAL2, "nn-quyet-dinh-02.docx"))
    assert any("Aptos" in m for m in messages(real(REAL, "dang-danh-sach-01.docx"), "TT03"))


# ---------------------------------------------------------------- encodings


def _to_tcvn3(doc):
    """Every run retyped in TCVN3 with the .VnTime fonts, as offices did before Unicode."""
    from vanban.text import vietnamese as vi
    from vanban.the_thuc.encoding import TCVN3_DECODE

    encode = {v: k for k, v in TCVN3_DECODE.items()}
    for r in doc.element.body.iter(qn("w:r")):  # one font a run: capitals only when all its text is
        pieces = r.findall(qn("w:t"))
        if not pieces:
            continue
        whole = "".join(t.text or "" for t in pieces)
        capitals = whole == vi.upper(whole) and any(c.isalpha() for c in whole)
        for t in pieces:
            text = t.text or ""
            if capitals:
                text = text.lower().replace("đ", "\xae")
            t.text = "".join(encode.get(c, encode.get(c.lower(), c)) for c in text)
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            r.insert(0, rpr)
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for slot in ("w:ascii", "w:hAnsi"):
            fonts.set(qn(slot), ".VnTimeH" if capitals else ".VnTime")


def test_a_party_document_in_tcvn3_is_read_as_a_party_document(built_plan, tmp_path):
    """Rule: each run is decoded (TCVN3, VNI, NFD) before any rule reads it; the rule set is found
    and every rule judges the decoded text."""
    legacy = changed(built_plan, tmp_path, _to_tcvn3, "tcvn3.docx")
    code, issues = findings(legacy)
    found = {i.rule for i in issues}
    assert code == "dang" and {"TT13", "TT03"} <= found
    assert "TT07" not in found and "TT11" not in found   # «Số 28-KH/ĐU» and «T/M ĐẢNG ỦY» read right

    def colon(doc):
        _to_tcvn3(doc)
        p = next(p for p in paragraphs(doc) if p.text.startswith("Sè"))
        p.runs[0].text = "Sè:" + p.runs[0].text[2:]

    assert "TT07" in rules(changed(built_plan, tmp_path, colon, "colon.docx"))
    code, issues = findings(real(REAL2, "dang-tu-kiem-diem-01.docx"))
    found = {i.rule for i in issues}
    assert code == "dang" and {"TT13", "TT04", "TT06"} <= found
    assert any("Đảng bộ cơ quan UBND".upper() in i.message for i in issues if i.rule == "TT13")


def test_legacy_encodings_decode():
    from vanban.the_thuc.encoding import decode, guess

    tcvn3 = "§¶ng bé c¬ quan UBND"
    assert decode(tcvn3, "Times New Roman", guess(tcvn3)) == ("Đảng bộ cơ quan UBND", "TCVN3")  # by its letters
    assert decode("®¶ng céng s¶n viÖt nam", ".VnTimeH") == ("ĐẢNG CỘNG SẢN VIỆT NAM", "TCVN3")  # by its font
    vni = "Ñaûng uûy xaõ Taân Thaïnh, Coäng hoøa, ngöôøi"
    assert decode(vni, "Times New Roman", guess(vni)) == ("Đảng ủy xã Tân Thạnh, Cộng hòa, người", "VNI")
    assert decode(vni, "VNI-Times") == ("Đảng ủy xã Tân Thạnh, Cộng hòa, người", "VNI")
    for unicode_latin1 in ("Quê quán Hà Tây", "rà soát", "Hà Nội"):   # Unicode that is no legacy text
        assert guess(unicode_latin1) is None and decode(unicode_latin1, "Times New Roman", None)[1] is None
    assert decode("Ho\u0300a") == ("Hòa", "NFD")


# ---------------------------------------------------------------- rules that were missing


def test_the_archive_line_needs_the_drafting_unit(state_plan, tmp_path):
    """Rule (State): the last line of Nơi nhận is «- Lưu: VT, <đơn vị soạn thảo>.»; the finding
    quotes the line as written."""
    def no_unit(doc):
        p = para(doc, "- Lưu: VT, BCHQS.")
        p.runs[0].text = "- Lưu: VT."
        for r in p.runs[1:]:
            r.text = ""

    found = messages(changed(state_plan, tmp_path, no_unit), "TT12")
    assert len(found) == 1 and "- Lưu: VT." in found[0] and "đơn vị soạn thảo" in found[0]
    real_found = messages(real(REAL, "nn-chi-thi-01.docx"), "TT12")
    assert any("- Lưu VT." in m and "đơn vị soạn thảo" in m for m in real_found)


def test_the_final_stop_of_the_archive_line_in_another_size(state_plan, tmp_path):
    """Rule: the archive line's full stop printed larger than its words is a finding; the drafter's
    small type after the line (a stop and initials in 9 pt) is usual practice."""
    def stop(doc, size):
        p = para(doc, "- Lưu: VT, BCHQS.")
        text = p.text
        for r in p.runs:
            r.text = ""
        p.runs[0].text = text[:-1]
        dot = p.add_run(".")
        dot.font.size = Pt(size)

    big = messages(changed(state_plan, tmp_path, lambda d: stop(d, 14), "big.docx"), "TT12")
    assert len(big) == 1 and "dấu chấm cuối dòng cỡ 14" in big[0]
    assert "TT12" not in rules(changed(state_plan, tmp_path, lambda d: stop(d, 9), "small.docx"))
    for name in ("nn-thong-bao-04.docx",):
        assert "TT12" not in rules(real(REAL2, name))
    assert "TT12" not in rules(real(REAL, "nn-cong-van-01.docx"))


def test_the_national_title_size(state_plan, tmp_path):
    """Rule (State): the quốc hiệu is 12–13 pt, bold, upper case; the finding gives the size."""
    def big(doc):
        for r in para(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").runs:
            r.font.size = Pt(14)

    found = messages(changed(state_plan, tmp_path, big), "TT04")
    assert len(found) == 1 and "quốc hiệu" in found[0] and "cỡ chữ 14 (quy định 12–13)" in found[0]
    assert any("quốc hiệu" in m and "cỡ chữ 10" in m for m in messages(real(REAL2, "nn-thong-tu-01.docx"), "TT04"))


# ---------------------------------------------------------------- what Word leaves behind


def _tracked(doc):
    p = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ"))
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "1")
    ins.set(qn("w:author"), "A")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = " (sửa)"
    r.append(t)
    ins.append(r)
    p._p.append(ins)


def _highlight(doc):
    p = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ"))
    rpr = p.runs[0]._r.get_or_add_rPr()
    mark = OxmlElement("w:highlight")
    mark.set(qn("w:val"), "yellow")
    rpr.append(mark)


def _comment(doc):
    p = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ"))
    doc.add_comment(p.runs[0], text="Đừng gửi bản này", author="A")


def _number_on_page_one(doc):
    doc.sections[0].different_first_page_header_footer = False


def _header_text(doc):
    header = doc.sections[0].header
    header.paragraphs[0].add_run("DỰ THẢO")


LEFT = {"tracked change": (_tracked, "TT19"), "highlight": (_highlight, "TT19"), "comment": (_comment, "TT19"),
        "page number on page 1": (_number_on_page_one, "TT17"), "header text": (_header_text, "TT17")}


@pytest.mark.parametrize("what", sorted(LEFT))
def test_what_word_leaves_behind_is_found(state_plan, tmp_path, what):
    change, rule = LEFT[what]
    found = findings(changed(state_plan, tmp_path, change))[1]
    assert {i.rule for i in found} == {rule}, found


def test_real_leftovers():
    """A draft with a tracked deletion; a header carrying a form code (read in its TCVN3 font)."""
    assert any("thay đổi được theo dõi" in m for m in messages(real(REAL2, "nn-quyet-dinh-05.docx"), "TT19"))
    assert any("Mẫu 01-ĐGCL" in m for m in messages(real(REAL2, "dang-tu-kiem-diem-01.docx"), "TT17"))


# ---------------------------------------------------------------- the package's face


def test_the_package_face_holds_only_names():
    """the_thuc/__init__.py re-exports the public names; the work is in named modules."""
    import ast

    source = (REPO / "src/vanban/the_thuc/__init__.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    assert not [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    import vanban.the_thuc as face

    for name in ("check", "as_json", "as_record", "ERROR", "WARNING", "NotAdministrative"):
        assert hasattr(face, name), name
    assert len(source.splitlines()) < 60



def _two_tracked(doc):
    """A tracked insertion and a tracked deletion in two paragraphs, the insertion first."""
    _tracked(doc)
    p = [p for p in doc.paragraphs if p.text.strip()][-1]
    gone = OxmlElement("w:del")
    gone.set(qn("w:id"), "2")
    gone.set(qn("w:author"), "A")
    r = OxmlElement("w:r")
    t = OxmlElement("w:delText")
    t.text = "chữ bị xóa"
    r.append(t)
    gone.append(r)
    p._p.append(gone)


SAID = {  # what each leftover's finding says: how many, of which kind, an example, and what to do in Word
    "tracked change": (_two_tracked, ["còn 2 thay đổi được theo dõi chưa chấp nhận", "1 chèn", "1 xóa",
                                      "ví dụ chèn «(sửa)»"], "Chấp nhận tất cả thay đổi"),
    "comment": (_comment, ["còn 1 chú thích", "«Đừng gửi bản này»"], "Xóa tất cả chú thích"),
    "highlight": (_highlight, ["highlight yellow", "ở 1 dòng", "ví dụ «Căn cứ"], "Không màu"),
}


@pytest.mark.parametrize("what", sorted(SAID))
def test_what_word_leaves_behind_is_said_with_its_count_and_an_example(state_plan, tmp_path, what):
    change, words, hint = SAID[what]
    found = [i for i in findings(changed(state_plan, tmp_path, change))[1] if i.rule == "TT19"]
    assert len(found) == 1, found
    for w in words:
        assert w in found[0].message, (w, found[0].message)
    assert hint in found[0].hint, found[0].hint


def _change(doc, tag: str, runs: list[str], text_tag: str = "w:t", n: int = 1, para: int = -1) -> None:
    """A tracked change *tag* (w:ins, w:del, w:moveFrom…) holding *runs* of text, *n* times, at the
    end of the *para*-th paragraph with text."""
    p = [p for p in doc.paragraphs if p.text.strip()][para]
    for k in range(n):
        change = OxmlElement(tag)
        change.set(qn("w:id"), str(100 + k))
        change.set(qn("w:author"), "A")
        for text in runs:
            r = OxmlElement("w:r")
            t = OxmlElement(text_tag)
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
            change.append(r)
        p._p.append(change)


def _tt19(state_plan, tmp_path, change) -> list:
    return [i for i in findings(changed(state_plan, tmp_path, change))[1] if i.rule == "TT19"]


def test_tracked_changes_are_counted_by_kind_with_the_text_of_the_first_that_has_text(state_plan, tmp_path):
    def edits(doc):
        _change(doc, "w:del", ["chữ ", "bị xóa"], "w:delText")  # the first change, its text over two runs
        _change(doc, "w:ins", ["thêm"], n=2)
        rpr = doc.paragraphs[0].runs[0]._r.get_or_add_rPr()
        rpr.append(OxmlElement("w:rPrChange"))  # a change with no text of its own
    found = _tt19(state_plan, tmp_path, edits)
    assert len(found) == 1, found
    f = found[0]  # kinds by how many, then in the order met in the document
    assert f.section == "§1"
    assert "còn 4 thay đổi được theo dõi chưa chấp nhận (2 chèn, 1 đổi định dạng chữ, 1 xóa)" in f.message, f.message
    assert f.message.endswith(", ví dụ xóa «chữ bị xóa»"), f.message
    assert f.where != "toàn văn bản"


@pytest.mark.parametrize("tag, said", [("w:moveFrom", "chuyển đi"), ("w:moveTo", "chuyển đến")])
def test_a_moved_text_is_the_example_as_well(state_plan, tmp_path, tag, said):
    found = _tt19(state_plan, tmp_path, lambda doc: _change(doc, tag, ["đoạn chuyển"]))
    assert found and found[0].message.endswith(f", ví dụ {said} «đoạn chuyển»"), found


def test_changes_without_text_are_said_of_the_whole_document(state_plan, tmp_path):
    def edits(doc):
        doc.paragraphs[0].runs[0]._r.get_or_add_rPr().append(OxmlElement("w:rPrChange"))
    found = _tt19(state_plan, tmp_path, edits)
    assert len(found) == 1 and found[0].where == "toàn văn bản", found
    assert found[0].message == "còn 1 thay đổi được theo dõi chưa chấp nhận (1 đổi định dạng chữ)", found[0].message


def test_a_comment_is_quoted_whole_and_a_reference_without_its_part_is_still_found(state_plan, tmp_path):
    def two_runs(doc):
        p = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ"))
        comment = doc.add_comment(p.runs[0], text="Đừng gửi", author="A")
        comment.paragraphs[0].add_run(" bản này")
    found = _tt19(state_plan, tmp_path, two_runs)
    assert len(found) == 1 and found[0].section == "§1" and found[0].where == "chú thích (comment)", found
    assert found[0].message == "còn 1 chú thích của người soạn/góp ý, ví dụ «Đừng gửi bản này»", found[0].message

    def reference_only(doc):
        p = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ"))
        for _ in range(2):
            r = OxmlElement("w:r")
            ref = OxmlElement("w:commentReference")
            ref.set(qn("w:id"), "7")
            r.append(ref)
            p._p.append(r)
    (tmp_path / "ref").mkdir()
    found = _tt19(state_plan, tmp_path / "ref", reference_only)
    assert len(found) == 1 and found[0].message == "còn 2 chú thích của người soạn/góp ý", found


def test_highlight_is_said_with_its_section(state_plan, tmp_path):
    found = _tt19(state_plan, tmp_path, _highlight)
    assert len(found) == 1 and found[0].section == "§1", found


LONG = "một đoạn chữ rất dài được chèn vào khi sửa bản thảo lần thứ hai"  # over 40 characters


def test_examples_are_cut_at_their_length_and_each_finding_says_what_to_do_in_word(state_plan, tmp_path):
    """An example quotes at most 30 characters of a change or of highlighted text and 40 of a
    comment; empty text elements add nothing; the fix is the whole Word path, said once."""
    def edits(doc):
        _change(doc, "w:ins", ["", LONG])  # an empty w:t first, as Word leaves after a deleted word
        p = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ"))
        comment = doc.add_comment(p.runs[0], text=LONG, author="A")
        comment.paragraphs[0].runs[0]._r.append(OxmlElement("w:t"))  # an empty text element
        run = p.add_run(LONG)
        mark = OxmlElement("w:highlight")
        mark.set(qn("w:val"), "yellow")
        run._r.get_or_add_rPr().append(mark)
    found = {f.where: f for f in _tt19(state_plan, tmp_path, edits)}
    assert len(found) == 3, found
    changes = next(f for f in found.values() if "thay đổi được theo dõi" in f.message)
    assert changes.message.endswith(f"ví dụ chèn «{LONG[:30]}»"), changes.message
    assert changes.where not in ("chèn", "toàn văn bản") and changes.where, changes.where  # the part, not the kind
    assert changes.hint == "Xem lại (Review) › Chấp nhận tất cả thay đổi (hoặc Từ chối), rồi tắt Theo dõi thay đổi"
    comment = found["chú thích (comment)"]
    assert comment.message.endswith(f"ví dụ «{LONG[:40]}»"), comment.message
    assert comment.hint == "xóa mọi chú thích: Xem lại (Review) › Xóa › Xóa tất cả chú thích"
    marked = next(f for f in found.values() if "tô màu nền" in f.message)
    assert marked.message.endswith(f"ví dụ «{LONG[:30]}»"), marked.message
    assert marked.where, marked  # the line where the highlighted text is
    assert marked.hint == "bỏ tô màu nền: chọn chữ › Màu tô sáng › Không màu"


def test_a_comment_is_quoted_as_it_reads_not_with_its_deleted_words(state_plan, tmp_path):
    def edits(doc):
        p = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ"))
        comment = doc.add_comment(p.runs[0], text="Sửa", author="A")
        gone = OxmlElement("w:del")
        r = OxmlElement("w:r")
        t = OxmlElement("w:delText")
        t.text = " chữ cũ"
        r.append(t)
        gone.append(r)
        comment.paragraphs[0]._p.append(gone)
    found = [f for f in _tt19(state_plan, tmp_path, edits) if f.where == "chú thích (comment)"]
    assert len(found) == 1 and found[0].message.endswith("ví dụ «Sửa»"), found


# ---------------------------------------------------------------- paper and margins, per section
# NĐ 30's margins (portrait): top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm


def _landscape(doc, section=0):
    from docx.enum.section import WD_ORIENT

    s = doc.sections[section]
    s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = s.page_height, s.page_width
    return s


def _page_findings(state_plan, tmp_path, change) -> list[tuple]:
    return [(i.rule, i.where, i.message, i.hint) for i in findings(changed(state_plan, tmp_path, change))[1]
            if i.rule in ("TT01", "TT02")]


def test_paper_that_is_not_a4_is_said_with_its_size_and_facing(state_plan, tmp_path):
    def letter(doc):
        doc.sections[0].page_width, doc.sections[0].page_height = Mm(215.9), Mm(279.4)
    assert _page_findings(state_plan, tmp_path, letter) == [
        ("TT01", "trang in", "khổ giấy 215,9×279,4 mm (đứng), không phải A4 (210×297 mm)", "Bố cục › Khổ giấy › A4")]


def test_a_margin_outside_its_range_is_said_with_the_range_and_the_fix(state_plan, tmp_path):
    def narrow(doc):
        doc.sections[0].left_margin = Mm(15)
    assert _page_findings(state_plan, tmp_path, narrow) == [
        ("TT02", "trang in", "lề trái 15,0 mm (quy định 30–35 mm)", "Bố cục › Lề › đặt lề trái 30–35 mm")]


def test_a_landscape_table_page_may_turn_the_portrait_margins_and_only_a_margin_fitting_neither_is_said(
        state_plan, tmp_path):
    def turned(doc):  # top ← left, bottom ← right, left ← bottom, right ← top
        s = _landscape(doc)
        s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(30), Mm(15), Mm(20), Mm(20)
    assert _page_findings(state_plan, tmp_path, turned) == []

    def neither(doc):
        turned(doc)
        doc.sections[0].right_margin = Mm(5)
    (tmp_path / "b").mkdir()
    assert _page_findings(state_plan, tmp_path / "b", neither) == [
        ("TT02", "trang in", "lề phải 5,0 mm (quy định 15–20 mm, hoặc 20–25 mm khi xoay lề của trang dọc theo trang "
         "ngang)", "Bố cục › Lề › đặt lề phải 15–20 mm")]


def test_one_finding_names_every_section_it_is_true_of_and_an_empty_last_section_is_not_judged(state_plan, tmp_path):
    from docx.enum.section import WD_SECTION

    def fourteen(doc):
        doc.sections[0].left_margin = Mm(15)
        for k in range(13):
            doc.add_section(WD_SECTION.NEW_PAGE)
            doc.add_paragraph(f"Phần {k + 2}")
        doc.add_section(WD_SECTION.NEW_PAGE).right_margin = Mm(5)  # prints nothing
    assert _page_findings(state_plan, tmp_path, fourteen) == [
        ("TT02", "trang in (phần 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 và 2 phần khác)",
         "lề trái 15,0 mm (quy định 30–35 mm)", "Bố cục › Lề › đặt lề trái 30–35 mm")]

    def two(doc):
        doc.sections[0].left_margin = Mm(15)
        doc.add_section(WD_SECTION.NEW_PAGE)
        doc.add_paragraph("Phần hai")
    (tmp_path / "b").mkdir()
    assert [w for _, w, _, _ in _page_findings(state_plan, tmp_path / "b", two)] == ["trang in (phần 1, 2)"]


def test_an_empty_first_section_is_passed_over_and_the_sections_after_it_are_judged(state_plan, tmp_path):
    """A section break typed on an empty first line leaves a section that prints nothing: its
    margins are not judged, and the printed sections after it still are."""
    import copy

    def empty_first(doc):
        body = doc.element.body
        last = body.find(qn("w:sectPr"))
        first = copy.deepcopy(last)
        first.find(qn("w:pgMar")).set(qn("w:right"), str(int(Mm(5).twips)))   # prints nothing: not said
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ppr.append(first)
        p.append(ppr)
        body.insert(0, p)
        doc.sections[-1].left_margin = Mm(15)
    assert _page_findings(state_plan, tmp_path, empty_first) == [
        ("TT02", "trang in (phần 2)", "lề trái 15,0 mm (quy định 30–35 mm)", "Bố cục › Lề › đặt lề trái 30–35 mm")]


def test_only_a4_is_a4_and_a_landscape_page_without_a_table_is_said_of_its_own_section(state_plan, tmp_path):
    from docx.enum.section import WD_SECTION

    def long_page(doc):  # A4's width, another height
        doc.sections[0].page_height = Mm(280)
    assert _page_findings(state_plan, tmp_path, long_page) == [
        ("TT01", "trang in", "khổ giấy 210,0×280,0 mm (đứng), không phải A4 (210×297 mm)", "Bố cục › Khổ giấy › A4")]

    def text_turned(doc):  # a second section of running text printed landscape
        doc.add_section(WD_SECTION.NEW_PAGE)
        doc.add_paragraph("Phần hai, chỉ có chữ")
        _landscape(doc, 1)
    (tmp_path / "b").mkdir()
    assert _page_findings(state_plan, tmp_path / "b", text_turned) == [
        ("TT01", "trang in (phần 2)", "trang in khổ ngang mà phần này không có bảng (khổ ngang chỉ dùng cho bảng rộng)",
         "Bố cục › Hướng › Dọc")]

    def wide_letter(doc):
        s = _landscape(doc)
        s.page_width, s.page_height = Mm(279.4), Mm(215.9)
    (tmp_path / "c").mkdir()
    assert [m for _, _, m, _ in _page_findings(state_plan, tmp_path / "c", wide_letter)][0] == \
        "khổ giấy 279,4×215,9 mm (ngang), không phải A4 (210×297 mm)"


def test_sections_are_counted_to_twelve_then_summed_and_a_blank_document_is_judged_on_its_page(state_plan, tmp_path):
    from docx.enum.section import WD_SECTION

    def sections(n):
        def change(doc):
            doc.sections[0].left_margin = Mm(15)
            for k in range(n - 1):
                doc.add_section(WD_SECTION.NEW_PAGE)
                doc.add_paragraph(f"Phần {k + 2}")
        return change
    for n, where in [(12, "trang in (phần 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)"),
                     (13, "trang in (phần 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 và 1 phần khác)")]:
        (tmp_path / str(n)).mkdir()
        assert [w for _, w, _, _ in _page_findings(state_plan, tmp_path / str(n), sections(n))] == [where]

    def second_not_a4(doc):
        doc.add_section(WD_SECTION.NEW_PAGE).page_height = Mm(280)
        doc.add_paragraph("Phần hai")
    (tmp_path / "b").mkdir()
    assert [w for _, w, _, _ in _page_findings(state_plan, tmp_path / "b", second_not_a4)] == ["trang in (phần 2)"]

    blank = Document()  # nothing printed at all: its one section is still judged
    blank.sections[0].left_margin = Mm(5)
    blank.save(tmp_path / "trong.docx")
    said = [(i.rule, i.message) for i in findings(tmp_path / "trong.docx", "nha_nuoc")[1] if i.rule == "TT02"]
    assert ("TT02", "lề trái 5,0 mm (quy định 30–35 mm)") in said, said


def test_a_turned_margin_may_reach_the_top_of_its_turned_range_with_the_tolerance(state_plan, tmp_path):
    def turned(doc):  # right ← top: 20–25 mm turned, 25.3 mm within the 0.5 mm tolerance
        s = _landscape(doc)
        s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(30), Mm(15), Mm(20), Mm(25.3)
    assert _page_findings(state_plan, tmp_path, turned) == []


def test_a_range_of_one_value_is_said_as_that_value():
    from vanban.the_thuc.rules.page import _range_text

    assert _range_text(20, 20) == "20 mm" and _range_text(20, 25) == "20–25 mm"
