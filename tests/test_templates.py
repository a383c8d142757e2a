"""Template tools: the docxtpl corpus, kind checks, and surviving Word's edits."""

import copy
import shutil
from pathlib import Path

import pytest
import yaml
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
    ("{% for x in can_cu %}", False, "chưa có {% endfor %}"),
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

    # what the build handles is no error: a warning that «mau sua» tidies
    result = run(project, "mau", "kiem-tra")
    assert result.exit_code == 0, result.output
    declared = len(yaml.safe_load((project / "templates/loai-van-ban.yaml").read_text(encoding="utf-8"))["loai_van_ban"])
    assert f"Không thấy lỗi trong {declared} mẫu" in result.output
    assert result.output.count("bị Word tách thành nhiều đoạn định dạng khác nhau") == 3
    assert "ngoặc đơn cong «‘»" in result.output and "(vanban vẫn đọc được)" in result.output
    assert "thân văn bản, đoạn" in result.output

    damaged_text = [p.text for p in Document(tpl).paragraphs]
    result = run(project, "mau", "sua")
    assert result.exit_code == 0, result.output
    assert "Đã sửa templates/docx/ke-hoach.docx" in result.output
    assert "đã gộp 3 thẻ bị Word tách" in result.output and "trong 1 thẻ về dấu thường" in result.output
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

    clean = run(project, "mau", "kiem-tra")
    assert clean.exit_code == 0 and "nên sửa" not in clean.output, clean.output
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


# --------------------------------------------------------------------------
# Structure that changes with the data: rendered with the data and with more


def move_loop_end_below_heading(path: Path, wrap: str | None = None):
    """{%p endfor %} of the quota loop moved below «III. Tổ chức thực hiện:»; with *wrap*,
    the heading put inside {%p if wrap %} … {%p endif %} in the loop."""
    doc = Document(path)
    paras = doc.paragraphs
    end = next(p for p in paras if p.text == "{%p endfor %}" and "chi_tieu" in
               next(q.text for q in reversed(paras[:paras.index(p)]) if q.text.startswith("{%p for")))
    heading = next(p for p in paras if p.text.startswith("III."))
    heading._p.addnext(end._p)
    if wrap:
        before = copy.deepcopy(end._p)
        heading._p.addprevious(before)
        Document  # noqa: B018 - python-docx objects below are made from the copies
        from docx.text.paragraph import Paragraph

        Paragraph(before, heading._parent).runs[0].text = "{%p if " + wrap + " %}"
        after = copy.deepcopy(end._p)
        heading._p.addnext(after)
        Paragraph(after, heading._parent).runs[0].text = "{%p endif %}"
    doc.save(path)


def test_a_heading_a_loop_repeats_is_found_by_rendering_with_more_data(project):
    """The heading inside an {%p if %} in the loop is no loop body the tags alone show; the
    data at hand (one quota kind) prints it once, the check's three kinds three times."""
    tpl = project / "templates/docx/ke-hoach.docx"
    move_loop_end_below_heading(tpl, wrap="ct.tong_so")
    result = run(project, "mau", "kiem-tra", "templates/docx/ke-hoach.docx")
    assert result.exit_code == 1, result.output
    assert "«III. Tổ chức thực hiện:» nằm trong vòng lặp {%p for %} ở đoạn 22" in result.output
    assert "in 1 lần với dữ liệu hiện có, 3 lần với dữ liệu thử" in result.output
    built = run(project, "build", "ke-hoach", "2018")
    assert built.exit_code == 2 and "in 1 lần với dữ liệu hiện có, 3 lần" in built.output
    assert not any((project / "output").rglob("*.docx"))


def test_a_heading_printed_once_by_its_loop_is_no_error(project):
    tpl = project / "templates/docx/ke-hoach.docx"
    move_loop_end_below_heading(tpl, wrap="loop.first")
    result = run(project, "mau", "kiem-tra", "templates/docx/ke-hoach.docx")
    assert result.exit_code == 0, result.output
    assert run(project, "build", "ke-hoach", "2018").exit_code == 0


def test_more_data_is_the_same_shape_with_more_items():
    from vanban.rendering.render import enrich

    context = {"chi_tieu": [{"ten": "kết nạp", "so": 2}], "don_vi": [{"ten": "A"}, {"ten": "B"}], "rong": [],
               "nam": 2018}
    more = enrich(context)
    assert len(more["chi_tieu"]) == 3 and len(more["don_vi"]) == 3 and more["rong"] == [] and more["nam"] == 2018
    assert more["chi_tieu"][0]["ten"].startswith("kết nạp") and len(more["don_vi"][2]["ten"]) > 40


# --------------------------------------------------------------------------
# Bounded templates


BOUNDS = [
    ("{{ (nam ~ '').ljust(400000000) }}", "quá 1.000.000 ký tự", True),
    ("{{ (nam ~ '').rjust(400000000) }}", "quá 1.000.000 ký tự", True),
    ("{{ (nam ~ '').center(400000000) }}", "quá 1.000.000 ký tự", True),
    ("{{ nam|center(400000000) }}", "quá 1.000.000 ký tự", True),
    ("{{ '%400000000s' % nam }}", "quá 1.000.000 ký tự", True),
    ("{{ '%.400000000f' % nam }}", "quá 1.000.000 ký tự", True),
    ("{{ '{0:>400000000}'.format(nam) }}", "quá 1.000.000 ký tự", True),
    ("{{ '%400000000s'|format(nam) }}", "quá 1.000.000 ký tự", True),
    ("{{ (nam ~ '')|indent(400000000) }}", "quá 1.000.000 ký tự", True),
    ("{{ [nam]|batch(400000000, 'x')|list }}", "quá lớn", True),
    ("{{ ('x' * 999999)|wordwrap(1, wrapstring='y' * 999999) }}", "quá 1.000.000 ký tự", False),
    ("{{ ('x' * 999999)|replace('x', 'yy') }}", "quá 1.000.000 ký tự", False),
    ("{{ ['x' * 999999] * 999999 }}", "quá 1.000.000 ký tự", False),
    ("{{ (['x' * 999999] * 999999)|join }}", "quá 1.000.000 ký tự", False),
    ("{{ ','.join(['x' * 999999] * 9) }}", "quá 1.000.000 ký tự", False),
    ("{% set ns = namespace(s='x' * 600000) %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
     "quá 1.000.000 ký tự", False),
    ("{% set ns = namespace(s='x' * 600000) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
     "quá 1.000.000 ký tự", False),
    ("{% for i in range(99999) %}{{ 'x' * 999 }}{% endfor %}", "quá 50.000.000 ký tự", False),
    ("{{ (10 ** 64) ** 64 }}", "số quá lớn", False),
    ("{{ self }}", "«self»", True),
    ("{% for x in can_cu %}{{ loop }}{% endfor %}", "phần bên trong của Jinja", False),
    ("{{ range }}", "phần bên trong của Jinja", False),
    ("{{ lipsum(400000000) }}", "biến «lipsum» không có", True),
    ("{% for i in range(99999) %}{{ can_cu.append('x' * 999999) }}{% endfor %}", "không được thay đổi dữ liệu",
     False),
]


@pytest.mark.parametrize("expr, message, static", BOUNDS, ids=[f"bound-{i}" for i in range(len(BOUNDS))])
def test_every_way_to_a_long_string_is_bounded(project, expr, message, static):
    tpl = project / "templates/docx/ke-hoach.docx"
    add_paragraph(tpl, expr)
    checked = run(project, "mau", "kiem-tra", "templates/docx/ke-hoach.docx")
    assert checked.exit_code == 1 and message in checked.output, checked.output
    assert "thân văn bản, đoạn 33" in checked.output
    built = run(project, "build", "ke-hoach", "2018")
    assert built.exit_code == 2 and message in built.output, built.output
    assert "Traceback" not in built.output and not any((project / "output").rglob("*.docx"))
    if static:  # found in the tags themselves, before any data fills them
        from vanban.rendering.render import environment

        found = check(tpl, "ke-hoach.docx", environment(), variables={"nam", "can_cu"} | set(), framed=False)
        assert any(message in f.message for f in found), found


def test_a_memory_error_is_a_message(project, monkeypatch):
    import vanban.rendering.render as render

    def greedy(value):
        raise MemoryError

    monkeypatch.setitem(render.FILTERS, "in_hoa", greedy)
    add_paragraph(project / "templates/docx/ke-hoach.docx", "{{ co_quan_goi_tat|in_hoa }}")
    built = run(project, "build", "ke-hoach", "2018")
    assert built.exit_code == 2 and "mẫu cần quá nhiều bộ nhớ" in built.output, built.output
    checked = run(project, "mau", "kiem-tra")
    assert checked.exit_code == 1 and "mẫu cần quá nhiều bộ nhớ" in checked.output, checked.output
    assert "Traceback" not in built.output + checked.output


def test_a_memory_error_anywhere_is_a_message(monkeypatch, capsys):
    import vanban.cli.common as cli

    def boom():
        raise MemoryError

    monkeypatch.setattr(cli, "main", boom)
    with pytest.raises(SystemExit) as stop:
        cli.entry()
    assert stop.value.code == 4
    err = capsys.readouterr().err
    assert "Không đủ bộ nhớ" in err and "Traceback" not in err


def test_the_readme_names_exactly_what_is_reset_when_building():
    """One rule per property, said the same in the README and done in ooxml/direct.py."""
    from vanban.ooxml import direct

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    local = lambda tags: {t.rsplit("}", 1)[-1] for t in tags}  # noqa: E731
    said = {
        "cỡ chữ, màu chữ, tô sáng, nền chữ, giãn cách, co giãn và nâng hạ chữ":
            (direct.RUN_RESET, {"sz", "szCs", "color", "highlight", "shd", "spacing", "w", "position"}),
        "khoảng cách trước, sau và giữa các dòng; thụt lề": (direct.PARA_RESET, {"spacing", "ind"}),
        "màu chữ, tô sáng và nền trong các kiểu (style) mà thân văn bản dùng":
            (direct.STYLE_RESET, {"color", "highlight", "shd"}),
    }
    for words, (done, expected) in said.items():
        assert words in readme.replace("\n", " ")
        assert local(done) == expected
    assert "Giữ nguyên: in đậm, in nghiêng, gạch chân" in readme
