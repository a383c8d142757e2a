"""The prepared-template path gives the document docxtpl's own render gives.

Compared part by part (document, headers, footers, relationships) after
canonical XML, with relationship and drawing ids normalised: on every
template of every sample organisation with its real data, and on docxtpl's
own test templates with contexts written here.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docxtpl import DocxTemplate, RichText
from jinja2 import Environment
from lxml import etree

from vanban.office import Office
from vanban.data.load import data_file, load_kinds
from vanban.ooxml.template import PreparedTemplate
from vanban.project import Project, present
from vanban.rendering.render import Prepared, RenderJob, render_docxtpl, render_prepared

ROOT = Path(__file__).resolve().parents[1]
CONFORMANCE = ROOT.parent / "shared" / "conformance" / "docxtpl-templates"
SAMPLES = [(ROOT, 2018), (ROOT / "examples" / "dang-uy-xa", 2026), (ROOT / "examples" / "dang-uy-xa", 2027),
           (ROOT / "examples" / "ubnd-xa", 2026), (ROOT / "examples" / "huyen-uy", 2024)]


ID = re.compile(r"^rId\d+$")


def canonical(data: bytes) -> list:
    """The XML as (namespace-qualified name, attributes, text, tail) per element, whatever
    prefixes a serialiser chose; relationship ids and media names normalised."""
    out = []
    for el in etree.fromstring(data).iter():
        attrs = sorted((k, "rId" if ID.match(v) else re.sub(r"^media/.*", "media", v)) for k, v in el.attrib.items())
        out.append((el.tag, attrs, el.text or "", el.tail or ""))
    return out


def parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        assert zf.testzip() is None
        return {n: zf.read(n) for n in zf.namelist()}


def assert_same(fast: bytes, reference: bytes) -> None:
    a, b = parts(fast), parts(reference)
    assert sorted(a) == sorted(b), "the packages hold different parts"
    compared = 0
    for name in a:
        if name.endswith((".xml", ".rels")) and name != "[Content_Types].xml":
            assert canonical(a[name]) == canonical(b[name]), name
            compared += 1
        elif name.startswith("word/media/"):
            assert a[name] == b[name], name
    assert compared >= 3


def sample_kinds(root: Path, year: int) -> list[str]:
    """The kinds a sample has data for in *year* (a kind of a whole term: in its term's folder),
    and the book of the year on the main sample (its template is compared there). A kind without
    data is left out because its data file is absent, never because preparing it failed."""
    project = Project(root)
    out = []
    for kind, decl in load_kinds(project).items():
        if decl.tong_hop:
            if root == ROOT:
                out.append(kind)
        elif decl.du_lieu and present(data_file(project, decl, year)[0]):
            out.append(kind)
    return out


def sample_jobs(root: Path, year: int):
    project = Project(root)
    for kind in sample_kinds(root, year):
        docs, profile = Office(project).year(year).prepared(kind)  # a preparation that fails, fails the test
        assert docs, f"{root.name} {year}: {kind} has data and no document"
        for doc in docs[:2]:
            templates = [doc.template]
            if doc.template == "ke-hoach.docx":  # the plan's other form takes the same context
                templates.append("ke-hoach-bang.docx")
            if doc.template == "thong-bao.docx":  # and so does the letters' other form (công văn)
                templates.append("cong-van.docx")
            for name in templates:
                path = project.templates / name
                if path.is_file():
                    yield RenderJob(path, name, doc.context, doc.frame, profile, doc.landscape)


@pytest.mark.parametrize("root, year", SAMPLES, ids=[f"{r.name}-{y}" for r, y in SAMPLES])
def test_samples_render_as_docxtpl_does(root, year):
    compared = set()
    for job in sample_jobs(root, year):
        prepared = Prepared(job.template, job.shown, job.profile, job.landscape)
        assert prepared.engine.fast
        assert_same(render_prepared(prepared, job), render_docxtpl(prepared, job))
        compared.add(job.template.name)
    declared = load_kinds(Project(root))
    assert {declared[k].mau for k in sample_kinds(root, year)} <= compared


def test_every_shipped_template_is_compared_on_a_sample():
    """Each template file shipped anywhere is one that test_samples_render_as_docxtpl_does renders
    with real data and compares (the jobs it renders, not the kinds merely declared)."""
    compared = {job.template.name for root, year in SAMPLES for job in sample_jobs(root, year)}
    shipped = {t.name for root, _ in SAMPLES for t in (root / "templates" / "docx").glob("*.docx")}
    assert shipped and shipped <= compared, shipped - compared


def test_a_kind_whose_preparation_fails_fails_the_comparison(tmp_path):
    """A sample whose data cannot be prepared is a failure of the comparison, not a kind skipped."""
    import shutil

    from test_bad_input import edit
    from vanban.errors import DataError

    root = tmp_path / "p"
    for part in ("data", "templates"):
        shutil.copytree(ROOT / part, root / part)
    edit(root / "data/2018/bao-cao.yaml", "nguoi_ky:", "nguoi_ky_khong_co:")
    assert "bao-cao" in sample_kinds(root, 2018)
    with pytest.raises(DataError):
        list(sample_jobs(root, 2018))


CONTEXTS = {
    "cellbg_tpl.docx": {"alerts": [
        {"date": "2015-03-10", "desc": "Very critical alert", "type": "CRITICAL", "bg": "FF0000"},
        {"date": "2015-03-11", "desc": "Just a warning & <note>", "type": "WARNING", "bg": "FFDD00"}]},
    "dynamic_table_tpl.docx": {"col_labels": ["fruit", "vegetable", "stone", "thing"],
                               "tbl_contents": [{"label": "yellow", "cols": ["banana", "capsicum", "pyrite", "taxi"]},
                                                {"label": "red", "cols": ["apple", "tomato", "cinnabar", "doubledecker"]}]},
    "escape_tpl_auto.docx": {"nested_dict": {"a": "<b>1</b>", "b": "x & y"}, "iteritems": lambda d: d.items(),
                             "autoescape": 'Escaped "str & ing"!', "autoescape_unicode": "Dấu tiếng Việt <ok>"},
    "get_undeclared_variables.docx": {
        "name": "Nguyễn Văn A", "age": 41, "email": "a@example.org", "is_student": False, "has_degree": True,
        "degree_field": "Luật", "skills": ["Word", "Excel"], "projects": [{"name": "P1", "description": "D1",
                                                                         "duration": "3 tháng"}],
        "company_name": "UBND xã", "author": "Văn thư", "generation_date": "27/11/2026", "page_number": 1},
    "header_footer_entities_tpl.docx": {"title": "Tiêu đề & <thử>", "unknowvar": ""},
    "header_footer_tpl.docx": {"title": "Kế hoạch", "company_name": "Đảng ủy xã", "date": "2026-11-27",
                               "mysubdoc": "đoạn thay cho văn bản con"},
    "header_footer_tpl_utf8.docx": {"title": "Báo cáo", "company_name": "UBND xã Tân Thạch", "date": "27/11/2026",
                                    "mysubdoc": "nội dung"},
    "horizontal_merge_tpl.docx": {},
    "less_cells_after_loop_tpl.docx": {},
    "merge_paragraph_tpl.docx": {"living_in_town": True},
    "nested_for_tpl.docx": {"dishes": [{"name": "Phở", "ingredients": ["bánh", "bò", "hành"]},
                                       {"name": "Bún chả", "ingredients": ["bún", "chả"]}],
                            "authors": [{"name": "A", "books": [{"title": "T1"}, {"title": "T2"}]},
                                        {"name": "B", "books": []}]},
    "order_tpl.docx": {"customer_name": "Xã Tân Thạch", "company_name": "Công ty", "in_europe": False,
                       "is_paid": True, "total_price": "1.000.000",
                       "items": [{"desc": "Giấy A4", "qty": 2, "price": "100.000"},
                                 {"desc": "Mực in", "qty": 1, "price": "800.000"}]},
    "preserve_spaces_tpl.docx": {"tag_1": "  hai khoảng trắng đầu", "tag_2": "cuối  "},
    "richtext_tpl.docx": {"example": RichText("đậm", bold=True)},
    "vertical_merge_tpl.docx": {"category": "Văn phòng phẩm", "total_price": "900",
                                "items": [{"desc": "Bút", "qty": 3, "price": 10}, {"desc": "Giấy", "qty": 1,
                                                                                   "price": 20}]},
    "vertical_merge_nested_tpl.docx": {},
    "word2016_tpl.docx": {"test_space": "   a   b   ", "test_tabs": "\ta\tb", "test_space_r": " x ",
                          "test_tabs_r": "\tx"},
    "multi_rendering_tpl.docx": {"title": "Lần 1", "body": "dòng một\ndòng hai\adoạn mới\tcột"},
    "module_execute_tpl.docx": {"json_dict_var": {"a": 1}, "json_array_var": [1, 2], "json_string_var": "chuỗi",
                                "json_int_var": 3, "json_float_var": 1.5, "json_true_var": True,
                                "json_false_var": False, "json_none_var": None},
}


@pytest.mark.skipif(not CONFORMANCE.is_dir(), reason="../shared/conformance is not beside the repository")
@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_docxtpl_test_templates_render_as_docxtpl_does(name):
    path = CONFORMANCE / name
    env = Environment(autoescape=True)
    engine = PreparedTemplate(DocxTemplate(str(path)), env)
    assert engine.fast
    context = CONTEXTS[name]
    fast = [engine.render(dict(context)) for _ in range(2)]  # a prepared template renders again and again
    reference = DocxTemplate(str(path))
    reference.render(dict(context), Environment(autoescape=True), autoescape=True)
    out = io.BytesIO()
    reference.save(out)
    assert_same(fast[0], out.getvalue())
    assert fast[0] == fast[1]


def test_tagged_properties_and_footnotes_go_through_docxtpl():
    """Templates whose core properties or footnotes carry tags are rendered by docxtpl itself."""
    for name in ("doc_properties_tpl.docx", "footnotes_tpl.docx"):
        if not (CONFORMANCE / name).is_file():
            pytest.skip("../shared/conformance is not beside the repository")
    engine = PreparedTemplate(DocxTemplate(str(CONFORMANCE / "doc_properties_tpl.docx")), Environment())
    assert not engine.fast
    engine = PreparedTemplate(DocxTemplate(str(CONFORMANCE / "header_footer_tpl.docx")), Environment())
    assert engine.fast


def test_same_data_same_bytes_and_a_valid_zip(tmp_path):
    job = next(sample_jobs(*SAMPLES[0]))
    prepared = Prepared(job.template, job.shown, job.profile, job.landscape)
    first, second = render_prepared(prepared, job), render_prepared(prepared, job)
    assert first == second
    (tmp_path / "a.docx").write_bytes(first)
    import docx

    assert docx.Document(str(tmp_path / "a.docx")).paragraphs
    info = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in info)
    assert info[0].filename == "[Content_Types].xml"


def test_templates_that_always_give_well_formed_xml_are_told_from_those_that_may_not():
    from vanban.ooxml.template import always_well_formed

    para = "<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    assert always_well_formed(para.format(text="{% if a %}có{% else %}không{% endif %}"))
    assert always_well_formed("{% for x in xs %}" + para.format(text="{{ x }}") + "{% endfor %}")
    # an {% if %} opened in one cell and closed after the table leaves elements open when false
    broken = ("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{% if a %}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
              + para.format(text="{% endif %}"))
    assert not always_well_formed(broken)
    assert not always_well_formed("{% if a %}<w:p>")  # a block never closed


def test_a_template_that_may_break_xml_is_checked_and_repaired_as_docxtpl_does(tmp_path):
    """The risky case: an {% if %} that spans a table's end. Each render is checked and,
    malformed, parsed leniently as docxtpl parses it: the same document as docxtpl's."""
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=1, cols=1)
    table.rows[0].cells[0].paragraphs[0].add_run("{% if a %}trong bảng")
    doc.add_paragraph("sau bảng{% endif %} hết")
    path = tmp_path / "risky.docx"
    doc.save(str(path))
    engine = PreparedTemplate(DocxTemplate(str(path)), Environment(autoescape=True))
    assert not engine._balanced
    for context in ({"a": True}, {"a": False}):
        reference = DocxTemplate(str(path))
        reference.render(dict(context), Environment(autoescape=True), autoescape=True)
        out = io.BytesIO()
        reference.save(out)
        assert_same(engine.render(dict(context)), out.getvalue())


def test_what_docxtpl_undoes_after_rendering_is_undone_here_too(tmp_path):
    """docxtpl turns «{_{ … }_}» into braces after rendering, and drops the line break it put
    before each paragraph: the prepared path does the same whether the template's own text
    or a value brings them (it only skips the work when there is nothing to undo)."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ a }}")
    doc.add_paragraph("chữ {_{ giữ nguyên }_} và {_% cũng thế %_}")
    doc.add_paragraph("{% for x in xs %}{{ x }};{% endfor %}")
    path = tmp_path / "escapes.docx"
    doc.save(str(path))
    engine = PreparedTemplate(DocxTemplate(str(path)), Environment(autoescape=True))
    for context in ({"a": "giá trị {_{ x }_}", "xs": ["1", "2"]}, {"a": "không có gì", "xs": []}):
        reference = DocxTemplate(str(path))
        reference.render(dict(context), Environment(autoescape=True), autoescape=True)
        out = io.BytesIO()
        reference.save(out)
        fast = engine.render(dict(context))
        assert_same(fast, out.getvalue())
        body = parts(fast)["word/document.xml"].decode()
        assert "{{ giữ nguyên }}" in body and "{_" not in body and "\n<w:p" not in body


def test_blocks_made_once_are_those_made_afresh():
    """The header's upper rows and the signature are made once per run and reused: for
    every document of several organisations (two rule sets) in one process, the blocks
    are those a fresh process would make."""
    from vanban.ooxml import layout
    from vanban.rendering.look import look_of

    frames = []
    for root, year in SAMPLES:
        for job in sample_jobs(root, year):
            if job.frame is not None:
                frames.append((job.frame, look_of(job.profile)))
    assert len({id(p) for _, p in frames}) >= 2 and len({f.signature[0] for f, _ in frames}) >= 3
    made = [(layout.header_block(f, p), layout.closing_block(f, p)) for f, p in frames]
    for (frame, profile), blocks in zip(reversed(frames), reversed(made)):
        layout._made.clear()
        assert (layout.header_block(frame, profile), layout.closing_block(frame, profile)) == blocks
