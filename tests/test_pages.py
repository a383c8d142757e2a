"""The printed page: every document of the sample and of a stress organisation
(60 units, long names, a long place name, 40 recipients) passes the page check
on the PDF LibreOffice makes; a document that breaks one page rule is reported
with exactly that rule."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from ruamel.yaml import YAML

from conftest import REPO, run


def page_check(files: list[Path]) -> dict[str, set[str]]:
    """file name → the page rules it breaks (errors and warnings)."""
    from vanban.the_thuc.pages import check_files

    return {name: {i.rule for i in issues} for name, _, issues in check_files(files, [f.name for f in files])}


def build_all(root: Path, year: str, kinds=("ke-hoach", "thong-bao", "bao-cao", "noi-nhan")) -> list[Path]:
    for kind in kinds:
        result = run(root, "build", kind, year)
        assert result.exit_code == 0, (kind, result.output)
    return sorted((root / "output" / year).glob("*.docx"))


def stress(tmp: Path) -> Path:
    """The district example made harder: long unit names, a long place name, 40 recipients."""
    root = tmp / "stress"
    shutil.copytree(REPO / "examples/huyen-uy", root, ignore=shutil.ignore_patterns("output"))
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    org_file, plan_file = root / "data/don-vi.yaml", root / "data/2024/ke-hoach.yaml"
    org = yaml.load(org_file.read_text(encoding="utf-8"))
    org["dia_danh"] = "Thị trấn Long Giả Đông Bắc"
    for i, unit in enumerate(org["don_vi"]):
        if i % 7 == 0:
            unit["ten"] = unit["ten"] + " và các ấp, khu phố mở rộng theo Nghị quyết sáp nhập năm 2024"
    with org_file.open("w", encoding="utf-8") as fh:
        yaml.dump(org, fh)
    plan = yaml.load(plan_file.read_text(encoding="utf-8"))
    plan["noi_nhan"] = list(plan["noi_nhan"]) + [{"ten": f"Ban, ngành số {i:02d} của huyện"} for i in range(36)]
    with plan_file.open("w", encoding="utf-8") as fh:
        yaml.dump(plan, fh)
    return root


@pytest.fixture(scope="module")
def outputs(libreoffice, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pages")
    sample = tmp / "sample"
    shutil.copytree(REPO / "data", sample / "data")
    shutil.copytree(REPO / "templates", sample / "templates")
    files = build_all(sample, "2018")
    files += build_all(stress(tmp), "2024")
    return files


def _every_kind(files: list[Path]) -> list[Path]:
    """Every document of the sample; of the stress organisation's 60 letters (one kind, one
    layout), those to the units with long names and every twentieth, with all its other documents."""
    chosen = []
    letters = [f for f in files if f.parent.name == "2024" and f.name.startswith("thong-bao")]
    for f in files:
        if f not in letters:
            chosen.append(f)
    for i, f in enumerate(letters):
        text = " ".join(p.text for t in Document(str(f)).tables for r in t.rows for c in r.cells for p in c.paragraphs)
        if i % 20 == 0 or "sáp nhập" in text:
            chosen.append(f)
    return chosen


def test_every_document_kind_passes_the_page_check(outputs):
    files = _every_kind(outputs)
    found = page_check(files)
    assert len(found) >= 18 + 4 + 9
    assert {name: rules for name, rules in found.items() if rules} == {}


def test_the_stress_plan_keeps_forty_recipients_with_the_signature(outputs):
    from vanban.rendering.pdf import convert
    from vanban.the_thuc.pages import read

    plan = next(p for p in outputs if p.name.startswith("ke-hoach-120"))
    pdf, = convert([plan], plan.parent / "pdf")
    pages = read(pdf)
    last = pages[-1]
    texts = [ln.text for ln in last.lines]
    assert any(t.startswith("Nơi nhận") for t in texts) and any(t.startswith("- Lưu") for t in texts)
    assert sum(t.startswith("- Ban, ngành số") for t in texts) == 36


# --------------------------------------------------------------------------
# One broken rule each


@pytest.fixture(scope="module")
def sample_docs(libreoffice, tmp_path_factory):
    root = tmp_path_factory.mktemp("rules") / "proj"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "templates", root / "templates")
    build_all(root, "2018", ("ke-hoach", "bao-cao"))
    return root / "output" / "2018"


def _page_break_before(element):
    from docx.oxml import OxmlElement

    par = OxmlElement("w:p")
    r = OxmlElement("w:r")
    br = OxmlElement("w:br")
    br.set(qn("w:type"), "page")
    r.append(br)
    par.append(r)
    element.addprevious(par)


def _closing_alone(doc):
    closing = next(t for t in doc.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    _page_break_before(closing._tbl)


def _heading_last(doc):
    target = next(p for p in doc.paragraphs if p.text.startswith("- Tăng cường, đổi mới"))
    heading = target.insert_paragraph_before("")
    run_ = heading.add_run("THỬ ĐỀ MỤC CUỐI TRANG")
    run_.bold = True
    heading.paragraph_format.keep_with_next = False
    heading.style = doc.styles["Normal"]
    _page_break_before(target._p)


def _table_without_heading(doc):
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == "STT")
    for el in table._tbl.iter(qn("w:tblHeader")):
        el.getparent().remove(el)
    _page_break_before(table._tbl.getprevious())  # before the table's title, which keeps with it
    # the table now starts a page: make it long enough to run onto the next one
    body = table.rows[1]._tr
    for _ in range(40):
        body.addnext(copy.deepcopy(body))


def _outside_margin(doc):
    p = next(p for p in doc.paragraphs if p.text.startswith("- Mặt trận Tổ quốc"))
    p.paragraph_format.left_indent = Mm(-25)
    p.paragraph_format.first_line_indent = Mm(0)


def _no_page_numbers(doc):
    header = doc.sections[0].header
    for el in list(header._element):
        if el.tag == qn("w:p"):
            for child in list(el):
                if child.tag != qn("w:pPr"):
                    el.remove(child)


BREAKS = {"TP01": ("ke-hoach-28-kh-du.docx", _closing_alone),
          "TP02": ("ke-hoach-28-kh-du.docx", _heading_last),
          "TP03": ("bao-cao-32-bc-du-6-thang.docx", _table_without_heading),
          "TP04": ("ke-hoach-28-kh-du.docx", _outside_margin),
          "TP05": ("ke-hoach-28-kh-du.docx", _no_page_numbers)}


@pytest.fixture(scope="module")
def page_results(sample_docs, tmp_path_factory):
    """The page check of each broken document and of the documents it was made from, in one
    LibreOffice batch: file name → rules."""
    folder = tmp_path_factory.mktemp("broken")
    files = sorted({sample_docs / name for name, _ in BREAKS.values()})
    for rule, (name, breaker) in BREAKS.items():
        doc = Document(sample_docs / name)
        breaker(doc)
        doc.save(folder / f"{rule}-{name}")
        files.append(folder / f"{rule}-{name}")
    return page_check(files)


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_a_broken_page_rule_is_found_alone(page_results, rule):
    name = BREAKS[rule][0]
    assert page_results[name] == set()
    assert page_results[f"{rule}-{name}"] == {rule}


def test_the_cli_and_build_option(sample_docs, project):
    from click.testing import CliRunner
    from vanban.cli import main

    result = CliRunner().invoke(main, ["kiem-tra-trang", str(sample_docs / "ke-hoach-28-kh-du.docx"), "--json"])
    assert result.exit_code == 0 and '"so_trang": 3' in result.output and '"ket_qua": []' in result.output
    built = run(project, "build", "ke-hoach", "2018", "--kiem-tra")
    assert built.exit_code == 0 and "(3 trang): 0 lỗi, 0 cảnh báo" in built.output
