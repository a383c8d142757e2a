"""The printed page: every document of the sample, of the three examples, of a stress
organisation (60 units, long names, a long place name, 40 recipients) and of a 150-unit
organisation (long names, ranges, two quota kinds, a 17-column report table) passes the
page check on the PDF LibreOffice makes; a document that breaks one page rule is reported
with exactly that rule."""

from __future__ import annotations

import copy
import math
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from ruamel.yaml import YAML

from big_org import big_organisation
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


KINDS = ("ke-hoach", "thong-bao", "bao-cao", "noi-nhan")
EXAMPLES = {"dang-uy-xa": [("2026", k) for k in (*KINDS, "ke-hoach-nhiem-ky")] + [("2027", "bao-cao-nhiem-ky")],
            "ubnd-xa": [("2026", k) for k in KINDS], "huyen-uy": [("2024", k) for k in KINDS]}


@pytest.fixture(scope="module")
def outputs(libreoffice, tmp_path_factory):
    """Every document built: the sample, the three examples, the stress organisation, the 150-unit one."""
    tmp = tmp_path_factory.mktemp("pages")
    sample = tmp / "sample"
    shutil.copytree(REPO / "data", sample / "data")
    shutil.copytree(REPO / "templates", sample / "templates")
    files = build_all(sample, "2018")
    files += build_all(stress(tmp), "2024")
    for name, builds in EXAMPLES.items():
        root = tmp / "examples" / name
        shutil.copytree(REPO / "examples" / name, root, ignore=shutil.ignore_patterns("output"))
        for year, kind in builds:
            result = run(root, "build", kind, year)
            assert result.exit_code == 0, (name, kind, result.output)
        files += sorted((root / "output").glob("*/*.docx"))
    files += build_all(big_organisation(tmp / "big"), "2024")
    return files


def organisation(path: Path) -> str:
    return path.parents[2].name


# The organisations whose letters are all checked; of the others' (one layout for dozens of units) the
# first, every twentieth and those to units with long names. The district example's book is the stress
# organisation's with fewer recipients, the 150-unit one's is checked as a workbook.
EVERY_LETTER = ("sample", "dang-uy-xa", "ubnd-xa")
UNCHECKED = {("huyen-uy", "noi-nhan"), ("big", "noi-nhan")}


def _every_kind(files: list[Path]) -> list[Path]:
    chosen = []
    for f in files:
        if any(organisation(f) == org and f.name.startswith(kind) for org, kind in UNCHECKED):
            continue
        if not f.name.startswith("thong-bao") or organisation(f) in EVERY_LETTER:
            chosen.append(f)
            continue
        number = int(f.name.split("-")[2])
        first = not any(organisation(g) == organisation(f) and g.name.startswith("thong-bao")
                        and int(g.name.split("-")[2]) < number for g in files)
        text = " ".join(p.text for t in Document(str(f)).tables for r in t.rows for c in r.cells for p in c.paragraphs)
        if first or number % 20 == 0 or "sáp nhập" in text or (organisation(f) != "big" and "Trách nhiệm" in text):
            chosen.append(f)
    return chosen


def test_the_pages_of_every_organisation(outputs, tmp_path):
    """One LibreOffice batch for every document chosen and the 150-unit book's workbook (the checks
    share it, so they run in one test: a second worker would convert it all again)."""
    from vanban.rendering.pdf import convert
    from vanban.the_thuc.pages import Margins, check, read

    files = _every_kind(outputs)
    book = next(f for f in outputs if organisation(f) == "big" and f.name.startswith("noi-nhan")).with_suffix(".xlsx")
    staged = []
    for f in [*files, book]:  # documents of different organisations may share a name
        staged.append(tmp_path / "in" / f"{organisation(f)}__{f.name}")
        staged[-1].parent.mkdir(exist_ok=True)
        shutil.copy(f, staged[-1])
    made = dict(zip([*files, book], convert(staged, tmp_path / "pdf")))
    pages = {f: read(made[f]) for f in files}

    found = {f"{organisation(f)}/{f.name}": {i.rule for i in check(pages[f], Margins.of_docx(f))} for f in files}
    assert {name.split("/")[0] for name in found} == {"sample", "stress", "dang-uy-xa", "ubnd-xa", "huyen-uy", "big"}
    assert len(found) >= 19 + 3 + 16 + 11 + 3 + 3 + 8
    assert {name: rules for name, rules in found.items() if rules} == {}

    report = next(f for f in files if organisation(f) == "big" and f.name.startswith("bao-cao"))
    a_table_too_wide_for_portrait_takes_landscape_pages_and_keeps_names_whole(report, made[report], pages[report])
    charts_of_many_units_come_in_panels_with_their_caption(pages[report])
    the_workbook_book_prints_at_ten_points_with_page_numbers_and_margins(made[book])
    plan = next(f for f in files if organisation(f) == "stress" and f.name.startswith("ke-hoach"))
    the_stress_plan_keeps_forty_recipients_with_the_signature(pages[plan])


def a_table_too_wide_for_portrait_takes_landscape_pages_and_keeps_names_whole(docx: Path, pdf: Path, pages):
    """The 150-unit report's 17 columns: landscape pages for the table only, every word of every
    unit name whole (no «Đản g ủy»), many rows a page, the page numbers running on."""
    table = next(t for t in Document(str(docx)).tables if t.rows[0].cells[0].text.strip() == "STT")
    assert len(table.columns) == 17
    words = {w for row in table.rows for cell in row.cells for w in cell.text.split()}
    turned = [p.number for p in pages if p.width > p.height]
    assert turned and pages[0].width < pages[0].height and pages[-1].width < pages[-1].height
    assert turned == list(range(turned[0], turned[-1] + 1))
    seen = 0
    for page in pages:
        for line in page.lines if page.number in turned else []:
            if any(x0 - 1 <= line.x0 and line.x1 <= x1 + 1 and top - 1 <= line.top <= bottom
                   for x0, top, x1, bottom in page.table_boxes):
                seen += 1
                assert set(line.text.split()) <= words, line.text  # a broken word is not a word of the table
    assert seen > 150
    assert len(turned) <= 150 // 20 + 1  # at least 20 rows a page


def charts_of_many_units_come_in_panels_with_their_caption(pages):
    """150 units: each quota kind's figure in panels of at most 40 units, each panel at most a page
    high and as wide as it is set, the caption right under the figure's last panel."""
    pictures = [(p.number, img) for p in pages for img in p.images]
    assert len(pictures) >= 2 * 4  # two kinds, four panels or more each
    for _, (x0, top, x1, bottom) in pictures:
        assert (bottom - top) / 72 * 25.4 <= 216 and (x1 - x0) / 72 * 25.4 == pytest.approx(160, abs=1)
    captions = [(p.number, ln) for p in pages for ln in p.lines if re.match(r"Hình \d+\. ", ln.text)]
    assert [ln.text.split(".")[0] for _, ln in captions] == ["Hình 1", "Hình 2"]
    for number, ln in captions:
        above = [img for n, img in pictures if n == number and img[3] <= ln.top + 2]
        assert above and ln.top - max(img[3] for img in above) < 30


def the_workbook_book_prints_at_ten_points_with_page_numbers_and_margins(pdf: Path):
    """The XLSX delivery book as LibreOffice prints it: text at the size it is set in (12 pt, never
    scaled under 10), «Trang N/M» on every page, the left margin of the rule set."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) > 1
        for page in doc.pages:
            assert f"Trang {page.page_number}/{len(doc.pages)}" in page.extract_text()
            body = [c for c in page.chars if not c["text"].isspace()]
            assert min(c["size"] for c in body) >= 10
            assert min(c["x0"] for c in body) / 72 * 25.4 >= 30 - 0.5
            assert page.width > page.height


def the_stress_plan_keeps_forty_recipients_with_the_signature(pages):
    texts = [ln.text for ln in pages[-1].lines]
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


def _body_paragraph(doc, text: str, width_mm: float | None = None, align=None):
    """A paragraph of the body's style with *text*, before the plan's «- Tăng cường» paragraph;
    with *width_mm*, only that much of the line is left to it (a right indent)."""
    from docx.shared import Mm as mm

    target = next(p for p in doc.paragraphs if p.text.startswith("- Tăng cường, đổi mới"))
    new = target.insert_paragraph_before(text, style=target.style)
    new.paragraph_format.first_line_indent = mm(0)
    if align is not None:
        new.alignment = align
    if width_mm is not None:
        new.paragraph_format.right_indent = mm(165 - width_mm)
    return new


def _stretched(doc):
    """A run no line can break (a whole date joined, as vanban once did) after a few short words:
    the first line cannot take it, and justification spreads the words it has."""
    from vanban.ooxml.measure import width_mm

    joined = "\u00a0".join("ngày 15 tháng 6 năm 2018 và ngày 20 tháng 11 năm 2018".split())
    words = []
    while width_mm(" ".join(words + ["báo"]), 14) < 165 * 0.45:
        words.append("báo" if len(words) % 2 else "cáo")
    _body_paragraph(doc, " ".join(words) + " " + joined + " là hạn cuối cùng.")


def _torn(doc):
    """A range with a plain hyphen where the line ends just after it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from vanban.ooxml.measure import width_mm

    room = width_mm("giai đoạn 2017-", 14) + 1.5
    _body_paragraph(doc, "giai đoạn 2017-2020 tiếp", room, WD_ALIGN_PARAGRAPH.LEFT)


def _caption_apart(doc):
    caption = next(p for p in doc.paragraphs if p.text.replace("\u00a0", " ").startswith("Hình 1."))
    _page_break_before(caption._p)


BREAKS = {"TP01": ("ke-hoach-28-kh-du.docx", _closing_alone),
          "TP06": ("ke-hoach-28-kh-du.docx", _stretched),
          "TP07": ("ke-hoach-28-kh-du.docx", _torn),
          "TP08": ("bao-cao-32-bc-du-6-thang.docx", _caption_apart),
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


def printed_pages(docx: Path, folder: Path) -> int:
    """How many pages the document prints on, read from the PDF's own text flow: the PDF
    LibreOffice makes of it, each page from the second carrying its number at its head."""
    import subprocess

    from vanban.rendering.pdf import convert

    pdf, = convert([docx], folder)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.rstrip("\f").split("\f")
    for number, page in enumerate(pages[1:], 2):
        head = [line.strip() for line in page.splitlines() if line.strip()][:2]
        assert str(number) in head, (number, head)  # the page's own number: the count is the text's
    return len(pages)


def test_the_cli_and_build_option(sample_docs, project, tmp_path):
    import json

    from click.testing import CliRunner
    from vanban.cli import main

    plan = sample_docs / "ke-hoach-28-kh-du.docx"
    pages = printed_pages(plan, tmp_path)
    # bounds that follow from the content, whatever LibreOffice's version and fonts: a page of
    # 14 pt text 165 mm wide holds at most about 3.500 characters (36 lines of 95), and at least
    # 1.500 of the plan's (with its header, title and signature); never a page for one line
    chars = sum(len(p.text) for p in Document(plan).paragraphs)
    assert math.ceil(chars / 3500) <= pages <= math.ceil(chars / 1500) + 1 and pages > 1
    result = CliRunner().invoke(main, ["kiem-tra-trang", str(plan), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    found = found[0] if isinstance(found, list) else found
    assert found["so_trang"] == pages and found["ket_qua"] == []
    built = run(project, "build", "ke-hoach", "2018", "--kiem-tra")
    assert built.exit_code == 0 and f"({pages} trang): 0 lỗi, 0 cảnh báo" in built.output
