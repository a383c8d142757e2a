"""The thể thức checker: every document vanban makes passes; a corpus of
documents each breaking one rule of a good one fails with exactly that rule."""

import json
import unicodedata

import pytest
from docx import Document
from docx.shared import Mm, Pt

from conftest import run
from vanban.the_thuc import ERROR, check

GOOD = "ke-hoach-28-kh-du.docx"


def errors(path):
    code, issues = check(path, str(path))
    return code, {i.rule for i in issues if i.severity == ERROR}, issues


def all_paragraphs(doc):
    yield from doc.paragraphs
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def plain(text: str) -> str:
    """Text with vanban's no-break spaces read as spaces."""
    return text.replace("\u00a0", " ")


def para(doc, predicate):
    return next(p for p in all_paragraphs(doc) if predicate(plain(p.text).strip()))


def set_text(p, text):
    runs = p.runs
    runs[0].text = text
    for r in runs[1:]:
        r.text = ""


def replace_in(p, old, new):
    text = plain(p.text)
    assert old in text, (old, text)
    set_text(p, text.replace(old, new))


def test_every_generated_document_passes(sample_year):
    docs = [p for p in sorted(sample_year.glob("*.docx")) if not p.name.startswith("noi-nhan")]
    assert len(docs) == 18
    for path in docs:
        code, errs, issues = errors(path)
        assert code == "dang"
        assert issues == [], (path.name, issues)


BREAKS = {
    "TT02": ("lề trái 35 mm", lambda d: setattr(d.sections[0], "left_margin", Mm(35))),
    "TT03": ("phông Arial trong một đoạn", lambda d: [setattr(r.font, "name", "Arial") for r in
                                                      para(d, lambda t: t.startswith("I. Mục đích")).runs]),
    "TT04": ("tiêu đề không đậm", lambda d: [setattr(r.font, "bold", False) for r in
                                              para(d, lambda t: t == "ĐẢNG CỘNG SẢN VIỆT NAM").runs]),
    "TT05": ("tên cơ quan không đậm", lambda d: [setattr(r.font, "bold", False) for r in
                                                  para(d, lambda t: t == "ĐẢNG ỦY XÃ TÂN THẠCH").runs]),
    "TT06": ("thiếu dấu *", lambda d: set_text(para(d, lambda t: t == "*"), "")),
    "TT07": ("dấu hai chấm sau Số", lambda d: replace_in(para(d, lambda t: t.startswith("Số ")), "Số ", "Số: ")),
    "TT08": ("tháng 03", lambda d: replace_in(para(d, lambda t: "tháng 01 năm 2018" in t and "Tân Thạch" in t),
                                              "tháng 01", "tháng 03")),
    "TT09": ("tên loại cỡ 13", lambda d: [setattr(r.font, "size", Pt(13)) for r in
                                           para(d, lambda t: t == "KẾ HOẠCH").runs]),
    "TT11": ("TM. trong văn bản Đảng", lambda d: replace_in(para(d, lambda t: t == "T/M ĐẢNG ỦY"), "T/M", "TM.")),
    "TT12": ("Nơi nhận không gạch chân", lambda d: [setattr(r.font, "underline", False) for r in
                                                     para(d, lambda t: t == "Nơi nhận:").runs]),
    "TT13": ("chữ NFD", lambda d: [setattr(r, "text", unicodedata.normalize("NFD", r.text)) for r in
                                   para(d, lambda t: t.startswith("II. Nội dung")).runs]),
    "TT14": ("lẫn uỷ/ủy", lambda d: replace_in(para(d, lambda t: t.startswith("1- Cán bộ Văn phòng")),
                                                 "Tổ chức Đảng ủy", "Tổ chức Đảng uỷ")),
    "TT15": ("một văn bản hai ngày", lambda d: replace_in(para(d, lambda t: t.startswith("- Tiếp tục quán triệt")),
                                                         "01-HD/TW ngày 20 tháng 9 năm 2016",
                                                         "01-HD/TW ngày 29 tháng 6 năm 2017")),
}
EXTRA = {
    "dashed": ("TT06", lambda d: set_text(para(d, lambda t: t == "*"), "--------")),
    "day-without-zero": ("TT08", lambda d: replace_in(para(d, lambda t: "tháng 01 năm 2018" in t and "Tân Thạch" in t),
                                                      "ngày 05", "ngày 5")),
    "number-below-ten": ("TT07", lambda d: replace_in(para(d, lambda t: t.startswith("Số ")), "28-KH", "8-KH")),
    "legacy-tcvn3": ("TT13", lambda d: set_text(para(d, lambda t: t.startswith("II. Nội dung")),
                                                "II. Néi dung thùc hiÖn: §¶ng ñy x· T©n Th¹ch")),
    "legacy-vni": ("TT13", lambda d: set_text(para(d, lambda t: t.startswith("II. Nội dung")),
                                              "II. Noäi dung thöïc hieän: Ñaûng uûy xaõ")),
    "date-not-italic": ("TT08", lambda d: [setattr(r.font, "italic", False) for r in
                                           para(d, lambda t: "Tân Thạch, ngày" in t).runs]),
}


@pytest.mark.parametrize("rule, name, damage", [(r, *v) for r, v in BREAKS.items()] +
                         [(v[0], k, v[1]) for k, v in EXTRA.items()],
                         ids=list(BREAKS) + list(EXTRA))
def test_a_broken_rule_is_found_alone(built_plan, tmp_path, rule, name, damage):
    doc = Document(built_plan)
    damage(doc)
    broken = tmp_path / f"{rule}.docx"
    doc.save(broken)
    _, errs, issues = errors(broken)
    assert errs == {rule}, (name, issues)
    found = next(i for i in issues if i.rule == rule)
    assert found.section.startswith("§") and found.where and found.fix


def test_cli_lists_findings_and_json(built_plan, tmp_path):
    from click.testing import CliRunner
    from vanban.cli import main

    doc = Document(built_plan)
    replace_in(para(doc, lambda t: t.startswith("Số ")), "Số ", "Số: ")
    replace_in(para(doc, lambda t: t == "T/M ĐẢNG ỦY"), "T/M", "TM.")
    broken = tmp_path / "x.docx"
    doc.save(broken)
    res = CliRunner().invoke(main, ["kiem-tra-the-thuc", str(broken)])
    assert res.exit_code == 1
    assert "2 lỗi" in res.output and "[TT07]" in res.output and "[TT11]" in res.output and "→ viết" in res.output
    res = CliRunner().invoke(main, ["kiem-tra-the-thuc", str(broken), "--json"])
    data = json.loads(res.output)
    assert data["quy_tac"] == "dang" and data["loi"] == 2
    assert {(r["rule"], r["severity"]) for r in data["ket_qua"]} == {("TT07", "loi"), ("TT11", "loi")}
    assert all(r["section"] and r["where"] and r["fix"] for r in data["ket_qua"])
    good = CliRunner().invoke(main, ["kiem-tra-the-thuc", str(built_plan)])
    assert good.exit_code == 0 and "0 lỗi" in good.output


def test_rule_set_is_detected_and_can_be_forced(built_plan):
    code, _, _ = errors(built_plan)
    assert code == "dang"
    _, issues = check(built_plan, "x", "nha_nuoc")
    assert "TT04" in {i.rule for i in issues}  # no State quốc hiệu / tiêu ngữ


def test_state_document_is_detected_from_its_header(project):
    from test_bad_input import edit

    edit(project / "data/don-vi.yaml", "quy_tac: dang ", "quy_tac: nha_nuoc ")
    edit(project / "data/don-vi.yaml", "quyen_han: {kieu: tm, ten: Đảng ủy}      # T/M ĐẢNG ỦY",
         "quyen_han: {kieu: tm, ten: Ủy ban nhân dân}")
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 0, result.output
    path = project / "output/2018/ke-hoach-28-kh-ubnd.docx" if (project / "output/2018/ke-hoach-28-kh-ubnd.docx").exists() \
        else next((project / "output/2018").glob("ke-hoach-*.docx"))
    code, issues = check(path, "x")
    assert code == "nha_nuoc"
    texts = [p.text for p in all_paragraphs(Document(path))]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and any(t.startswith("Số: 28/KH-") for t in texts)
    assert "TM. ỦY BAN NHÂN DÂN" in texts
    assert {i.rule for i in issues if i.severity == ERROR} == set(), issues
