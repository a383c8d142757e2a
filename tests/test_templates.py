"""Template tools: the docxtpl corpus, kind checks, and surviving Word's edits."""

import copy
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import REPO, SHARED, need, run
from vanban.rendering.render import environment
from vanban.template_tools.reading import check

CORPUS = SHARED / "conformance" / "docxtpl-templates"


def corpus():
    need(CORPUS.is_dir(), f"docxtpl corpus not found at {CORPUS}")
    return sorted(CORPUS.glob("*.docx"))


def test_docxtpl_corpus_valid_templates_have_no_findings():
    files = corpus()
    assert len(files) == 40
    env = environment()
    noisy = {f.name: check(f, f.name, env) for f in files if f.name != "template_error_tpl.docx"}
    assert {name: found for name, found in noisy.items() if found} == {}


def test_docxtpl_corpus_error_is_found_with_its_place():
    bad = CORPUS / "template_error_tpl.docx"
    need(bad.is_file(), "docxtpl corpus not found")
    found = check(bad, bad.name, environment())
    assert len(found) == 1
    assert "đoạn 5" in found[0].location.where and "{% endif %} {% endif %}" in found[0].location.where
    assert "endif" in found[0].message


def test_vanban_templates_pass_the_kind_check(project):
    result = run(project, "mau", "kiem-tra")
    assert result.exit_code == 0, result.output
    assert "Không thấy lỗi trong 7 mẫu" in result.output and "cảnh báo" not in result.output
    result = run(project, "mau", "kiem-tra", "templates/docx/ke-hoach-bang.docx")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("root, year", [(REPO, 2018), (REPO / "examples" / "dang-uy-xa", 2027)])
def test_declared_variables_are_exactly_what_builders_provide(tmp_path, root, year):
    from vanban.office import Office
    from vanban.project import Project
    from vanban.data.load import data_file, load_kinds

    shutil.copytree(root / "data", tmp_path / "data")
    shutil.copytree(root / "templates", tmp_path / "templates")
    proj = Project(tmp_path)
    built = set()
    for name, decl in load_kinds(proj).items():
        if decl.du_lieu and not data_file(proj, decl, year)[0].is_file():
            continue
        docs, _ = Office(proj).year(year).prepared(name)
        for doc in docs:
            assert set(doc.context) == set(decl.bien), name
            built.add(name)
    assert built


def add_paragraph(path: Path, text: str, in_table: bool = False):
    doc = Document(path)
    if in_table:
        doc.add_table(rows=1, cols=1).rows[0].cells[0].paragraphs[0].text = text
    else:
        doc.add_paragraph(text)
    doc.save(path)


@pytest.mark.parametrize("text, in_table, message", [
    ("Năm {{ nam_sai }}", False, "biến «nam_sai» không có"),
    ("{{ nam|khong_co_loc }}", False, "bộ lọc «khong_co_loc» không có"),
    ("Chữ thêm {%p if nam %}", False, "sẽ mất"),
    ("{%tr for x in can_cu %}", False, "chỉ dùng trong một dòng của bảng"),
    ("{{ nam ", True, "không có dấu đóng"),
    ("{% for x in can_cu %}", False, "lỗi cú pháp Jinja"),
])
def test_kind_check_finds_each_problem_with_its_place(project, text, in_table, message):
    tpl = project / "templates/docx/ke-hoach.docx"
    add_paragraph(tpl, text, in_table)
    result = run(project, "mau", "kiem-tra", "templates/docx/ke-hoach.docx")
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert ("thân văn bản, bảng 1, dòng 1, ô 1, đoạn 1" if in_table else "thân văn bản, đoạn") in result.output


# --------------------------------------------------------------------------
# What Word does to a template


def split_tag(paragraph, tag: str, cut: int, fmt: str):
    """Split the run holding *tag* so that tag[cut:cut+2] sits in its own run with
    *fmt* ('b' or 'i') switched on, and a spell-check mark before it — as Word does."""
    run = next(r for r in paragraph.runs if tag in r.text)
    text = run.text
    i = text.index(tag)
    parts = [text[: i + cut], text[i + cut: i + cut + 2], text[i + cut + 2:]]
    run.text = parts[0]
    original = copy.deepcopy(run._r)
    element = run._r
    for k, piece in enumerate(parts[1:], 1):
        new = copy.deepcopy(original)
        for t in new.findall(qn("w:t")):
            new.remove(t)
        t = OxmlElement("w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = piece
        new.append(t)
        if k == 1:
            rpr = new.get_or_add_rPr()
            rpr.append(OxmlElement(f"w:{fmt}"))
            mark = OxmlElement("w:proofErr")
            mark.set(qn("w:type"), "spellStart")
            element.addnext(mark)
            mark.addnext(new)
        else:
            element.addnext(new)
        element = new


STRAIGHT = "{{ ct.ghi_chu_khong_phan_bo or 'chưa phân bổ cho từng đơn vị' }}"
CURLY = STRAIGHT.replace("'chưa", "‘chưa").replace("vị'", "vị’")


def damage(path: Path):
    doc = Document(path)
    p1 = next(p for p in doc.paragraphs if "ngay từ đầu năm {{ nam }}" in p.text)
    split_tag(p1, "{{ nam }}", 4, "b")
    p2 = next(p for p in doc.paragraphs if "{{ quan_triet }}" in p.text)
    split_tag(p2, "{{ quan_triet }}", 6, "i")
    p3 = next(p for p in doc.paragraphs if STRAIGHT in p.text)
    run = next(r for r in p3.runs if STRAIGHT in r.text)
    run.text = run.text.replace(STRAIGHT, CURLY)
    split_tag(p3, CURLY, 14, "i")
    doc.save(path)


def char_formats(path: Path):
    """(text, [(char, bold, italic)]) of every body paragraph: what a reader sees."""
    doc = Document(path)
    out = []
    for p in doc.paragraphs:
        chars = []
        for r in p.runs:
            chars += [(c, bool(r.bold), bool(r.italic)) for c in r.text]
        out.append(chars)
    return out


def test_word_damage_is_reported_repaired_and_renders_the_same(project, tmp_path):
    original = tmp_path / "goc"
    shutil.copytree(project, original)
    tpl = project / "templates/docx/ke-hoach.docx"
    damage(tpl)

    result = run(project, "mau", "kiem-tra")
    assert result.exit_code == 1
    assert result.output.count("bị Word tách thành nhiều đoạn định dạng khác nhau") == 3
    assert "dấu ngoặc cong trong thẻ " + CURLY[:40] in result.output
    assert "thân văn bản, đoạn" in result.output

    damaged_text = [p.text for p in Document(tpl).paragraphs]
    result = run(project, "mau", "sua")
    assert result.exit_code == 0, result.output
    assert "Đã sửa 3 thẻ trong templates/docx/ke-hoach.docx" in result.output
    backups = list((project / "templates/docx").glob("ke-hoach.*.bak.docx"))
    assert len(backups) == 1
    assert [p.text for p in Document(backups[0]).paragraphs] == damaged_text

    # only the tags changed: their quotes are straight; all other text is as it was
    repaired = Document(tpl)
    assert [p.text for p in repaired.paragraphs] == [t.replace(CURLY, STRAIGHT) for t in damaged_text]
    p1 = next(p for p in repaired.paragraphs if "ngay từ đầu năm {{ nam }}" in p.text)
    tag_run = next(r for r in p1.runs if "{{ nam }}" in r.text)
    assert not tag_run.bold  # the tag takes the formatting of its first character
    assert not p1._p.findall(qn("w:proofErr"))

    assert run(project, "mau", "kiem-tra").exit_code == 0
    again = run(project, "mau", "sua")
    assert "Không có gì cần sửa" in again.output
    assert len(list((project / "templates/docx").glob("ke-hoach.*.bak.docx"))) == 1

    assert run(project, "build", "ke-hoach", "2018").exit_code == 0
    assert run(original, "build", "ke-hoach", "2018").exit_code == 0
    name = "output/2018/ke-hoach-28-kh-du.docx"
    assert char_formats(project / name) == char_formats(original / name)


def test_variables_listing(project):
    result = run(project, "mau", "bien", "bao-cao")
    assert result.exit_code == 0, result.output
    assert "bang: từng đơn vị" in result.output and "bang_so_lieu: bảng số liệu dựng sẵn" in result.output
    assert "ten: «Chi bộ ấp Chợ»" in result.output
    assert "phan_tram: tỷ lệ phần trăm" in result.output and "87,5%" in result.output
    assert "phan_dau" in result.output
    assert run(project, "mau", "bien", "khong-co").exit_code == 2
