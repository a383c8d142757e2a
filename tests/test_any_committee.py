"""Any committee, any year: the three example organisations, quota kinds and forms,
unit kinds, issuers without a superior, drafts, office overrides, a new year."""

from __future__ import annotations

import re
import shutil
import unicodedata
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from ruamel.yaml import YAML

from click.testing import CliRunner

from conftest import REPO, run
from vanban.cli import main
from docx_read import body_texts, find_in_tables, norm
from test_bad_input import edit

EXAMPLES = {"dang-uy-xa": 2026, "ubnd-xa": 2026, "huyen-uy": 2024}
KINDS = ("ke-hoach", "thong-bao", "bao-cao", "noi-nhan")
# kinds declared ready for use once their data file is added (the letters as công văn)
UNUSED = {"cong-van"}
# kinds of a term, built with a year of the term that has their data
TERM_BUILDS = {"dang-uy-xa": [("ke-hoach-nhiem-ky", "2026"), ("bao-cao-nhiem-ky", "2027")]}


def load(path: Path):
    """A data file's values, without its format number (as vanban reads it)."""
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data.pop("dinh_dang", None)
    return data


def copy_example(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(REPO / "examples" / name, root, ignore=shutil.ignore_patterns("output"))
    return root


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def built_example(request, tmp_path_factory):
    """An example organisation with every kind built: (root, year)."""
    name = request.param
    root = copy_example(name, tmp_path_factory.mktemp("ex"))
    year = str(EXAMPLES[name])
    builds = [(kind, year) for kind in KINDS] + TERM_BUILDS.get(name, [])
    declared = set(load(root / "templates/loai-van-ban.yaml")["loai_van_ban"])
    assert {kind for kind, _ in builds} == declared - UNUSED  # every kind the example declares and has data for
    for kind, y in builds:
        result = run(root, "build", kind, y)
        assert result.exit_code == 0, (name, kind, result.output)
    return root, year


def framed(root: Path, year: str) -> list[Path]:
    """Every built document with a thể thức frame (all years: a term's report may be a later year's)."""
    return sorted(p for p in (root / "output").glob("*/*.docx") if not p.name.startswith("noi-nhan"))


def test_every_example_builds_every_kind_and_passes_its_own_rules(built_example):
    root, year = built_example
    org = load(root / "data/don-vi.yaml")
    out = root / "output" / year
    for prefix in ("ke-hoach-", "thong-bao-", "bao-cao-", "noi-nhan-"):
        assert list(out.glob(prefix + "*.docx")), prefix
    rule = org["quy_tac"].replace("_", "-")
    files = [str(p) for p in framed(root, year)]
    result = CliRunner().invoke(main, ["kiem-tra-the-thuc", *files, "--quy-tac", rule])
    assert result.exit_code == 0, result.output
    assert result.output.count(": 0 lỗi, 0 cảnh báo") == len(files)
    # the same verdict without naming the rule set: it is recognised from the header
    detected = CliRunner().invoke(main, ["kiem-tra-the-thuc", files[0], "--json"])
    assert f'"quy_tac": "{org["quy_tac"]}"' in detected.output


def percent(part: int, whole: int) -> str:
    if not whole:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}".replace(".", ",") + "%"


def minimum(value) -> int:
    """The minimum of a target as data writes it (2, '01-02', 'từ 06')."""
    if isinstance(value, int):
        return value
    return int(re.findall(r"\d+", value)[0])


def report_table(path: Path) -> list[list[str]]:
    doc = Document(path)
    table = next(t for t in doc.tables if norm(t.rows[0].cells[0].text) == "STT")
    return [[norm(c.text) for c in row.cells] for row in table.rows]


def test_report_figures_equal_figures_computed_from_the_data(built_example):
    """Per kind, per unit and in total, computed here from the YAML alone."""
    root, year = built_example
    org = load(root / "data/don-vi.yaml")
    plan = load(root / f"data/{year}/ke-hoach.yaml")
    progress = load(root / f"data/{year}/tien-do.yaml")
    period = next(iter(progress))
    counts = progress[period]
    stages = [s["id"] for s in org["giai_doan"]]
    kinds = [q["loai"] for q in plan["chi_tieu"]]
    report = next((root / "output" / year).glob(f"bao-cao-*-{period}.docx"))
    rows = report_table(report)
    units = [u["id"] for u in org["don_vi"]]
    unallocated = any(q.get("khong_phan_bo") for q in plan["chi_tieu"])
    assert len(rows) == 1 + len(units) + unallocated + 1
    if unallocated:  # the part of the total not broken down has a row of its own, so the total adds up
        assert rows[-2][1] == "Chưa phân bổ"
    n = len(kinds)
    for row, uid in zip(rows[1:1 + len(units)], units):
        stage_cells = row[2 + n: 2 + n + len(stages)]
        assert stage_cells == [str(counts[uid][s]) for s in stages], uid
        for k, kind in enumerate(kinds):
            quota = next(q for q in plan["chi_tieu"] if q["loai"] == kind)
            target = next((a["so_luong"] for a in quota["phan_bo"] if a["don_vi"] == uid), None)
            measured_by = org["loai_chi_tieu"][kind]["do_bang"]
            expected = percent(counts[uid][measured_by], minimum(target)) if target else "—"
            assert row[2 + n + len(stages) + k] == expected, (uid, kind)
    total = rows[-1]
    for i, s in enumerate(stages):
        assert total[2 + n + i] == str(sum(c[s] for c in counts.values()))
    for k, kind in enumerate(kinds):
        quota = next(q for q in plan["chi_tieu"] if q["loai"] == kind)
        whole = sum(minimum(a["so_luong"]) for a in quota["phan_bo"]) + quota.get("khong_phan_bo", 0)
        done = sum(c[org["loai_chi_tieu"][kind]["do_bang"]] for c in counts.values())
        assert total[2 + k].replace(".", "") == str(quota["tong_so"]).replace(" ", "")  # as the plan writes it
        assert minimum(quota["tong_so"]) == whole
        assert total[-n + k] == percent(done, whole)


def rows_by_unit(path: Path) -> dict[str, list[str]]:
    rows = report_table(path)
    return {r[1]: r[2:] for r in rows[1:-1]} | {"Tổng cộng": rows[-1][2:]}


def test_reordering_kinds_units_and_recipients_changes_no_figure(tmp_path):
    first = copy_example("dang-uy-xa", tmp_path / "a")
    second = copy_example("dang-uy-xa", tmp_path / "b")
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    plan_file, org_file = second / "data/2026/ke-hoach.yaml", second / "data/don-vi.yaml"
    plan = yaml.load(plan_file.read_text(encoding="utf-8"))
    plan["chi_tieu"].reverse()
    for q in plan["chi_tieu"]:
        q["phan_bo"].reverse()
    plan["noi_nhan"].reverse()
    with plan_file.open("w", encoding="utf-8") as fh:
        yaml.dump(plan, fh)
    org = yaml.load(org_file.read_text(encoding="utf-8"))
    org["don_vi"].reverse()
    with org_file.open("w", encoding="utf-8") as fh:
        yaml.dump(org, fh)
    for root in (first, second):
        for kind in ("ke-hoach", "thong-bao", "bao-cao"):
            assert run(root, "build", kind, "2026").exit_code == 0
    a = rows_by_unit(next((first / "output/2026").glob("bao-cao-*.docx")))
    b = rows_by_unit(next((second / "output/2026").glob("bao-cao-*.docx")))
    assert set(a) == set(b)
    # the kinds' columns swap places; each unit keeps the same figures under each heading
    heads_a = report_table(next((first / "output/2026").glob("bao-cao-*.docx")))[0][2:]
    heads_b = report_table(next((second / "output/2026").glob("bao-cao-*.docx")))[0][2:]
    for unit in a:
        assert dict(zip(heads_a, a[unit])) == dict(zip(heads_b, b[unit])), unit

    def letters(root):
        out = {}
        for p in (root / "output/2026").glob("thong-bao-*.docx"):
            lines = sorted(t for t in body_texts(Document(p)) if t.startswith("- Chỉ tiêu"))
            who = next(t for t in body_texts(Document(p)) if "giao nhiệm vụ cho" in t).split("giao nhiệm vụ cho ")[1]
            out[who] = lines
        return out
    assert letters(first) == letters(second)

    def recipients(root):
        doc = Document(next((root / "output/2026").glob("ke-hoach-*.docx")))
        (t, r, c, _), = find_in_tables(doc, lambda s: s == "Nơi nhận:")
        return [norm(p.text) for p in doc.tables[t].rows[r].cells[c].paragraphs if norm(p.text)][1:]
    ra, rb = recipients(first), recipients(second)
    assert sorted(ra[:-1]) == sorted(rb[:-1]) and ra[-1] == rb[-1] == "- Lưu VT, 27b."


def targets_in_sentences(doc) -> dict[str, int]:
    """How many units have each target, read from the plan's grouped sentences."""
    found: dict[str, int] = {}
    texts = body_texts(doc)
    allocations = [texts[i + 1] for i, t in enumerate(texts) if t.endswith("cụ thể như sau")]
    assert allocations
    for text in allocations:
        for group in text[2:].rstrip(".").split("; "):
            m = re.search(r"^(.*?)(?: mỗi [^\d]+?)? ((?:ít nhất )?\d{2}(?:-\d{2})?) ", group)
            if m is None:
                continue
            found[m.group(2)] = found.get(m.group(2), 0) + len(m.group(1).split(", "))
    return found


def targets_in_table(doc) -> dict[str, int]:
    table = next(t for t in doc.tables if norm(t.rows[0].cells[0].text) == "STT")
    found: dict[str, int] = {}
    for row in table.rows[1:-1]:
        value = norm(row.cells[2].text)
        found[value] = found.get(value, 0) + 1
    return found


def test_sentence_and_table_forms_of_the_plan_give_the_same_figures(project):
    assert run(project, "build", "ke-hoach", "2018").exit_code == 0
    sentences = Document(project / "output/2018/ke-hoach-28-kh-du.docx")
    edit(project / "templates/loai-van-ban.yaml", "    mau: ke-hoach.docx", "    mau: ke-hoach-bang.docx")
    assert run(project, "build", "ke-hoach", "2018").exit_code == 0
    table = Document(project / "output/2018/ke-hoach-28-kh-du.docx")
    assert targets_in_sentences(sentences) == targets_in_table(table) == {"ít nhất 02": 8, "01": 1}
    totals = [t for t in body_texts(sentences) if "là 17 cụ thể như sau" in t]
    assert totals and any("tạo nguồn 17 nguồn" in t for t in body_texts(table))


# names of sample units that are also ordinary words ('Căn cứ …' opens a plan's legal basis)
SAMPLE_FACTS_IGNORED = {"Căn cứ", "Chi bộ cơ quan"}


def sample_facts() -> set[str]:
    """Names of every sample organisation: places, bodies, units, people, citation ids."""
    from vanban.project import Project
    from vanban.data.load import load_organisation
    from vanban.text.names import unit_name

    facts: set[str] = set()
    for root in [REPO, *sorted((REPO / "examples").iterdir())]:
        org, _ = load_organisation(Project(root))
        facts |= {org.co_quan.ten, org.dia_danh, *(lvl.ten for lvl in org.cap_tren)}
        facts |= {s.ho_ten for s in org.nguoi_ky}
        facts |= {unit_name(org, u) for u in org.don_vi}
        facts |= {u.ten for u in org.don_vi if len(u.ten.split()) >= 2}
        for plan in root.glob("data/*/ke-hoach.yaml"):
            facts |= {d["id"] for d in load(plan).get("van_ban", [])}
            facts |= {d["so_ky_hieu"] for d in load(plan).get("van_ban", []) if d.get("so_ky_hieu")}
    return {f for f in facts if f not in SAMPLE_FACTS_IGNORED}


def shipped_texts() -> dict[str, str]:
    texts = {}
    for path in (REPO / "src").rglob("*"):
        if path.suffix in (".py", ".yaml"):
            texts[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8")
    texts["templates/loai-van-ban.yaml"] = (REPO / "templates/loai-van-ban.yaml").read_text(encoding="utf-8")
    for path in (REPO / "templates/docx").glob("*.docx"):
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("word/document.xml").decode("utf-8")
        texts[str(path.relative_to(REPO))] = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    return texts


def test_no_sample_fact_in_code_or_templates():
    facts = sample_facts()
    assert "nq_27_tw" in facts and "Tân Thạch" in facts and "Chi bộ ấp Chợ" in facts  # the list is real
    found = {(name, fact) for name, text in shipped_texts().items() for fact in facts
             if re.search(rf"(?<!\w){re.escape(fact)}(?!\w)", text)}
    assert found == set()


# --------------------------------------------------------------------------
# Refusals: a message, exit 2, nothing written


def refused(root: Path, *args: str) -> str:
    result = run(root, *args)
    assert result.exit_code == 2, result.output
    assert not (root / "output" / args[2]).exists() or not any((root / "output" / args[2]).iterdir())
    return result.output


def test_range_with_min_above_max_is_refused(project):
    edit(project / "data/2018/ke-hoach.yaml", "{don_vi: ap_cho, so_luong: 2}", '{don_vi: ap_cho, so_luong: "03-02"}')
    out = refused(project, "build", "ke-hoach", "2018")
    assert "data/2018/ke-hoach.yaml:55" in out and "khoảng «03-02» có số đầu lớn hơn số sau" in out


def test_undeclared_partial_total_is_refused_and_a_declared_one_accepted(project):
    edit(project / "data/2018/ke-hoach.yaml", "tong_so: 17", "tong_so: 20")
    out = refused(project, "build", "ke-hoach", "2018")
    assert "tổng số 20 không bằng tổng phân bổ cho các chi bộ (17)" in out and "khong_phan_bo" in out
    edit(project / "data/2018/ke-hoach.yaml", "    it_nhat: true\n    phan_bo:",
         "    it_nhat: true\n    khong_phan_bo: 3\n    phan_bo:")
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 0, result.output
    text = " ".join(body_texts(Document(project / "output/2018/ke-hoach-28-kh-du.docx")))
    assert "là 20 cụ thể như sau" in text and "Số còn lại (3 nguồn) chưa phân bổ cho từng đơn vị." in text


def test_override_outside_the_rules_is_refused_naming_the_rule(tmp_path):
    root = copy_example("ubnd-xa", tmp_path)
    edit(root / "data/don-vi.yaml", "ngay_thang: {co_chu: 13}", "ngay_thang: {co_chu: 15}")
    out = refused(root, "build", "ke-hoach", "2026")
    assert "data/don-vi.yaml:" in out and "cỡ chữ của «ngay_thang» 15 nằm ngoài quy định 13–14" in out
    assert "Nghị định 30/2020/NĐ-CP" in out
    edit(root / "data/don-vi.yaml", "ngay_thang: {co_chu: 15}", "ngay_thang: {co_chu: 13}")
    edit(root / "data/don-vi.yaml", 'luu: "Lưu: VT, BCHQS."', 'luu: "Lưu VT"')
    out = refused(root, "build", "ke-hoach", "2026")
    assert "dòng lưu «Lưu VT» không đúng Nghị định 30/2020/NĐ-CP" in out


def test_an_office_value_within_the_rules_is_used(tmp_path):
    root = copy_example("ubnd-xa", tmp_path)
    assert run(root, "build", "ke-hoach", "2026").exit_code == 0
    doc = Document(next((root / "output/2026").glob("ke-hoach-*.docx")))
    (_, _, _, date), = find_in_tables(doc, lambda s: s.startswith("Phú Yên Giả, ngày"))
    assert {r.font.size.pt for r in date.runs if r.text.strip()} == {13}
    assert find_in_tables(doc, lambda s: s == "- Lưu: VT, BCHQS.")


def test_a_copied_year_is_refused(project):
    shutil.copytree(project / "data/2018", project / "data/2019")
    out = refused(project, "build", "ke-hoach", "2019")
    assert "ngày ban hành 05/01/2018 không hợp với kế hoạch năm 2019" in out
    assert "«trich_yeu» ghi năm 2018 nhưng đây là văn bản năm 2019" in out
    assert "vanban nam-moi" in out


def test_unknown_option_for_a_kind_is_an_error(project):
    out = refused(project, "build", "ke-hoach", "2018", "--ky", "6-thang")
    assert "tùy chọn --ky không dùng cho loại «ke-hoach»" in out
    out = refused(project, "build", "bao-cao", "2018", "--chi-bo", "ap_cho")
    assert "tùy chọn --chi-bo không dùng cho loại «bao-cao»" in out


# --------------------------------------------------------------------------
# A new year, drafts


def test_new_year_starts_from_the_previous_one(project):
    result = run(project, "nam-moi", "2019")
    assert result.exit_code == 0, result.output
    assert "Cần xem lại" in result.output and "chi_tieu" in result.output
    plan = load(project / "data/2019/ke-hoach.yaml")
    assert plan["so"] is None and plan["ngay"] is None
    assert plan["trich_yeu"] == "tạo nguồn phát triển đảng năm 2019"
    assert [str(d["han"]) for d in plan["han_bao_cao"]] == ["2019-06-15", "2019-11-15"]
    assert load(project / "data/2019/bao-cao.yaml")["ky"] == {}
    assert not (project / "data/2019/tien-do.yaml").exists()
    assert "# Văn bản được dẫn" in (project / "data/2019/ke-hoach.yaml").read_text(encoding="utf-8")
    # not issuable yet, but a draft builds at once
    assert "chưa có ngày ban hành" in refused(project, "build", "ke-hoach", "2019")
    assert run(project, "build", "ke-hoach", "2019", "--du-thao").exit_code == 0
    again = run(project, "nam-moi", "2019")
    assert again.exit_code == 1 and "không ghi đè" in again.output


def test_draft_blanks_each_part_of_the_date_and_citations_stay_well_formed(project):
    edit(project / "data/2018/ke-hoach.yaml", "so: 28 ", "so: ")
    edit(project / "data/2018/ke-hoach.yaml", "ngay: 2018-01-05", "ngay: 2018-01")
    assert "ngày ban hành chưa đủ" in refused(project, "build", "ke-hoach", "2018")
    assert run(project, "build", "ke-hoach", "2018", "--du-thao").exit_code == 0
    doc = Document(project / "output/2018/ke-hoach-du-thao.docx")
    cells = [norm(c.text) for t in doc.tables for row in t.rows for c in row.cells]
    assert "Tân Thạch, ngày tháng 01 năm 2018" in cells and "Số -KH/ĐU" in cells
    raw = [c.text.replace("\u00a0", " ") for t in doc.tables for row in t.rows for c in row.cells]
    assert any(re.fullmatch(r"Tân Thạch, ngày {2,} tháng 01 năm 2018", t) for t in raw)
    assert run(project, "build", "thong-bao", "2018", "--du-thao").exit_code == 0
    letter = Document(next((project / "output/2018").glob("thong-bao-du-thao-ap-cho.docx")))
    opening = next(p.text.replace("\u00a0", " ") for p in letter.paragraphs if "Thực hiện Kế hoạch" in p.text)
    assert re.search(r"Kế hoạch số {3,}-KH/ĐU ngày {3,}tháng 01 năm 2018 của Đảng ủy xã về", opening), opening


# --------------------------------------------------------------------------
# Shapes the sample does not have


def test_state_issuer_without_superior_on_two_lines(tmp_path):
    root = copy_example("ubnd-xa", tmp_path)
    assert run(root, "build", "ke-hoach", "2026").exit_code == 0
    doc = Document(next((root / "output/2026").glob("ke-hoach-*.docx")))
    header = doc.tables[0]
    left = [norm(row.cells[0].text) for row in header.rows]
    assert left[:2] == ["ỦY BAN NHÂN DÂN", "XÃ PHÚ YÊN GIẢ"] and left[2] == "Số: 12/KH-UBND"
    assert not any("HUYỆN" in t or "TỈNH" in t for t in left)
    assert find_in_tables(doc, lambda s: s == "TM. ỦY BAN NHÂN DÂN")


def test_state_numbers_run_per_year_without_a_term(tmp_path):
    root = copy_example("ubnd-xa", tmp_path)
    result = run(root, "phat-hanh", "2026", "--khong-pdf")
    assert result.exit_code == 0, result.output
    register = (root / "data/so-van-ban-di.csv").read_text(encoding="utf-8-sig")
    series = {line.split(",")[1] for line in register.splitlines()[1:]}
    assert series == {"2026"}


def test_two_quota_kinds_each_with_its_own_target_and_rate(tmp_path):
    root = copy_example("dang-uy-xa", tmp_path)
    for kind in ("thong-bao", "bao-cao"):
        assert run(root, "build", kind, "2026").exit_code == 0
    letter = Document(root / "output/2026/thong-bao-03-tb-du-ap-dong.docx")
    text = body_texts(letter)
    assert "- Chỉ tiêu kết nạp đảng viên mới năm 2026: 02 đảng viên." in text
    assert "- Chỉ tiêu tạo nguồn năm 2026: 03-04 quần chúng ưu tú." in text
    report = " ".join(body_texts(Document(root / "output/2026/bao-cao-14-bc-du-6-thang.docx")))
    assert "Chỉ tiêu kết nạp đảng viên mới đạt 75,0% (9/12 đảng viên, Hình 1)" in report
    assert "Chỉ tiêu tạo nguồn đạt 100,0% (24/24 quần chúng ưu tú, chỉ tiêu 24-31, Hình 2)" in report
    assert "(tính theo mức tối thiểu của chỉ tiêu)" in report  # ranges are measured against their minimum
    assert run(root, "mau-excel", "tien-do", "2026").exit_code == 0
    ws = openpyxl.load_workbook(root / "data/2026/tien-do.xlsx")["9-thang"]
    heads = [c.value for c in ws[2]]
    assert heads[2:4] == ["Chỉ tiêu kết nạp đảng viên mới (đảng viên)", "Chỉ tiêu tạo nguồn (quần chúng ưu tú)"]
    assert ws["C3"].value == "02" and ws["D3"].value == "03-04"


def test_workbook_needs_the_year_plan(project):
    out = run(project, "mau-excel", "tien-do", "2019")
    assert out.exit_code == 2 and "chưa có kế hoạch năm 2019" in out.output
    assert not (project / "data/2019").exists()


def test_template_check_uses_the_current_data(project):
    doc = Document(project / "templates/docx/ke-hoach.docx")
    doc.add_paragraph("{{ trich_dan.khong_co_trong_du_lieu }}")
    doc.save(project / "templates/docx/ke-hoach.docx")
    result = run(project, "mau", "kiem-tra")
    assert result.exit_code == 1
    assert "templates/docx/ke-hoach.docx, thân văn bản, đoạn" in result.output
    assert "dữ liệu hiện có không có «khong_co_trong_du_lieu»" in result.output


def test_messages_use_the_data_own_words(tmp_path):
    root = copy_example("ubnd-xa", tmp_path)
    edit(root / "data/2026/ke-hoach.yaml", "{don_vi: thon_3, so_luong: 2}", "{don_vi: thon_33, so_luong: 2}")
    out = refused(root, "build", "ke-hoach", "2026")
    assert "thôn «thon_33» không có trong danh sách don_vi" in out and "(có phải «thon_3»?)" in out
    assert "chi bộ" not in out


def test_all_text_is_nfc_in_example_outputs(built_example):
    root, year = built_example
    for path in framed(root, year)[:3]:
        assert all(unicodedata.is_normalized("NFC", t) for t in body_texts(Document(path)))


# --------------------------------------------------------------------------
# A term plan and progress against it across years


def test_term_plan_belongs_to_its_year_and_reports_add_up_across_years(tmp_path):
    root = copy_example("dang-uy-xa", tmp_path)
    result = run(root, "build", "ke-hoach-nhiem-ky", "2028")  # any year of the term finds it
    assert result.exit_code == 0, result.output
    plan_doc = Document(root / "output/2026/ke-hoach-nhiem-ky-02-kh-du.docx")
    assert not (root / "output/2028").exists()
    table = next(t for t in plan_doc.tables if norm(t.rows[0].cells[0].text) == "STT")
    assert [norm(c.text) for c in table.rows[0].cells][2:] == [f"Năm {y}" for y in range(2026, 2031)] + ["Cả nhiệm kỳ"]
    plan = load(root / "data/2026/ke-hoach-nhiem-ky.yaml")
    by_year = {q["nam"]: {a["don_vi"]: a["so_luong"] for a in q["phan_bo"]} for q in plan["chi_tieu"]}
    assert norm(table.rows[-1].cells[-1].text) == str(sum(sum(v.values()) for v in by_year.values()))

    assert run(root, "build", "bao-cao-nhiem-ky", "2027").exit_code == 0
    rows = report_table(root / "output/2027/bao-cao-nhiem-ky-31-bc-du-6-thang.docx")
    earlier = load(root / "data/2026/tien-do.yaml")["nam"]
    now = load(root / "data/2027/tien-do.yaml")["6-thang"]
    org = load(root / "data/don-vi.yaml")
    names = {u["id"]: u for u in org["don_vi"]}
    for row in rows[1:-1]:
        uid = next(i for i, u in names.items() if row[1].endswith(u["ten"]))
        cum_target = by_year[2026][uid] + by_year[2027][uid]
        cum_done = earlier[uid]["ket_nap"] + now[uid]["ket_nap"]
        assert row[2:] == [f"{by_year[2027][uid]:02d}", str(now[uid]["ket_nap"]),  # a target as the plan writes it
                           percent(now[uid]["ket_nap"], by_year[2027][uid]), str(cum_target), str(cum_done),
                           percent(cum_done, cum_target)], uid
    text = " ".join(body_texts(Document(root / "output/2027/bao-cao-nhiem-ky-31-bc-du-6-thang.docx")))
    whole = sum(sum(v.values()) for v in by_year.values())
    done = sum(e["ket_nap"] for e in earlier.values()) + sum(n["ket_nap"] for n in now.values())
    assert f"so với chỉ tiêu cả nhiệm kỳ ({whole} đảng viên) đạt {percent(done, whole)}" in text


def test_term_report_needs_the_earlier_year_end(tmp_path):
    root = copy_example("dang-uy-xa", tmp_path)
    text = (root / "data/2026/tien-do.yaml").read_text(encoding="utf-8")
    (root / "data/2026/tien-do.yaml").write_text(text.split("\nnam:\n")[0] + "\n", encoding="utf-8")
    out = refused(root, "build", "bao-cao-nhiem-ky", "2027")
    assert "chưa có số liệu tiến độ kỳ «nam» năm 2026 để tính lũy kế nhiệm kỳ" in out


def test_a_term_plan_target_outside_its_term_is_refused(tmp_path):
    root = copy_example("dang-uy-xa", tmp_path)
    edit(root / "data/2026/ke-hoach-nhiem-ky.yaml", "    nam: 2030", "    nam: 2031")
    out = refused(root, "build", "ke-hoach-nhiem-ky", "2026")
    assert "năm 2031 không thuộc nhiệm kỳ 2025-2030" in out


def test_organisation_names_are_capitalised(project):
    edit(project / "data/don-vi.yaml", "ten: Nông dân}", "ten: nông dân}")
    out = refused(project, "build", "ke-hoach", "2018")
    assert "tên riêng «nông dân» chưa viết hoa chữ cái đầu" in out and "viết «Nông dân»" in out
