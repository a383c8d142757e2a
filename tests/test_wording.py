"""Wording and figures for any office (issue 23): each organisation's documents name its own
bodies at its own level, groups are common nouns in running text, a letter says what it asks,
figures keep the form the decision wrote, totals add up, sub-targets, dates around the year,
big organisations, and the công văn form of the letters in both rule sets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from conftest import REPO, run
from docx_read import norm
from test_bad_input import edit
from vanban.cli import main
from vanban.data.load import load_organisation
from vanban.project import Project
from vanban.text import bodies
from vanban.text.figures import parse_figure
from vanban.text.names import unit_noun

PROJECTS = {"mau": (REPO, "2018"), "dang-uy-xa": (REPO / "examples/dang-uy-xa", "2026"),
            "ubnd-xa": (REPO / "examples/ubnd-xa", "2026"), "huyen-uy": (REPO / "examples/huyen-uy", "2024")}
KINDS = ("ke-hoach", "thong-bao", "bao-cao", "noi-nhan")
# words of other levels, never in the running text of each office's documents
OTHER_LEVELS = {
    "mau": ["Huyện ủy", "Tỉnh ủy", "Ủy ban nhân dân", "các thôn", "của huyện"],
    "dang-uy-xa": ["Huyện ủy", "Ủy ban nhân dân", "Văn phòng - Tổ chức", "các thôn", "của huyện"],
    "huyen-uy": ["Đảng ủy", "Văn phòng - Tổ chức", "các ấp", "của xã", "Tỉnh ủy", "chi ủy chi bộ"],
    "ubnd-xa": ["Đảng ủy", "Huyện ủy", "Ban Thường vụ", "chi bộ", "các ấp", "Văn phòng - Tổ chức"],
}
# words of its own level each office's documents do use
OWN_WORDS = {
    "mau": ["giúp Đảng ủy", "Ban Thường vụ Đảng ủy", "(qua Văn phòng - Tổ chức Đảng ủy)", "ở từng cơ quan, đơn vị, các ấp"],
    "dang-uy-xa": ["Ban Xây dựng Đảng có trách nhiệm giúp Đảng ủy", "Ban Thường vụ Đảng ủy báo cáo"],
    "huyen-uy": ["Ban Tổ chức Huyện ủy có trách nhiệm giúp Huyện ủy", "Ban Thường vụ Huyện ủy yêu cầu",
                 "Ban Thường vụ Huyện ủy báo cáo", "các xã, thị trấn", "Kế hoạch kết nạp đảng viên năm 2024."],
    "ubnd-xa": ["phối hợp chặt chẽ với các ban, ngành của xã", "phối hợp với các thôn"],
}


def copy(src: Path, into: Path) -> Path:
    root = into / src.name
    shutil.copytree(src / "data", root / "data")
    shutil.copytree(src / "templates", root / "templates")
    return root


def build(root: Path, year: str, *kinds: str, ok: bool = True):
    for kind in kinds:
        result = run(root, "build", kind, year)
        assert (result.exit_code == 0) == ok, (kind, result.output)
    return result


def prose(path: Path) -> list[str]:
    """The running text of a document: paragraphs outside tables, citations left out (they name other
    offices on purpose)."""
    out = []
    for p in Document(path).paragraphs:
        text = norm(p.text)
        if text and not text.startswith(("Căn cứ", "- Tiếp tục quán triệt")):
            out.append(text)
    return out


def framed(root: Path) -> list[Path]:
    return sorted(p for p in (root / "output").glob("*/*.docx") if not p.name.startswith("noi-nhan"))


@pytest.fixture(scope="module", params=sorted(PROJECTS))
def built(request, tmp_path_factory):
    name = request.param
    src, year = PROJECTS[name]
    root = copy(src, tmp_path_factory.mktemp(name))
    build(root, year, *KINDS)
    return name, root, year


# --------------------------------------------------------------------------
# 1. Wording from data, by level


def test_each_office_writes_its_own_level(built):
    name, root, _ = built
    org, _ = load_organisation(Project(root))
    own = bodies.words(org, unit_noun(org))
    texts = {p.name: prose(p) for p in framed(root)}
    for file, paragraphs in texts.items():
        for text in paragraphs:
            plain = re.sub(r"Đảng ủy viên", "", text)
            for word in OTHER_LEVELS[name]:
                assert word not in plain, (file, word, text)
            assert bodies.foreign_phrases(org, text, own) == [], (file, text)
    everything = " ".join(t for paragraphs in texts.values() for t in paragraphs)
    for word in OWN_WORDS[name]:
        assert word in everything, word


def test_groups_are_common_nouns_in_running_text(built):
    """«phối hợp với các thôn», never «phối hợp với Các thôn» nor «14/14 Các chi bộ»."""
    _, root, _ = built
    for path in framed(root):
        for text in prose(path):
            for m in re.finditer(r"(\S+) (Các|Những) ", text):  # «Các» only opens a sentence or an item
                assert m.group(1)[-1] in ".:-–", (path.name, text)
            assert not re.search(r"(với|cho|của) Chi bộ (các|trực thuộc)", text), (path.name, text)


def _with_org(tmp_path, example: str, *edits: tuple[str, str]) -> Path:
    root = copy(REPO / "examples" / example, tmp_path)
    for old, new in edits:
        edit(root / "data/don-vi.yaml", old, new)
    return root


def test_a_province_committee_names_its_own_bodies(tmp_path):
    root = _with_org(tmp_path, "huyen-uy",
                     ("cap_tren:\n  - {ten: Đảng bộ tỉnh Bến Giả, viet_tat: TU}", "cap_tren: []\n"),
                     ("  ten: Huyện ủy Long Giả ", "  ten: Tỉnh ủy Bến Giả "),
                     ("  viet_tat: HU\n  goi_tat: Ban Thường vụ Huyện ủy", "  viet_tat: TU\n  goi_tat: Ban Thường vụ Tỉnh ủy"))
    build(root, "2024", "ke-hoach", "bao-cao")
    text = " ".join(t for p in framed(root) for t in prose(p))
    assert "Ban Tổ chức Tỉnh ủy có trách nhiệm giúp Tỉnh ủy" in text and "Ban Thường vụ Tỉnh ủy báo cáo" in text
    assert "Huyện ủy" not in text and "Đảng ủy" not in text


def test_a_department_in_state_format_has_no_commune_words(tmp_path):
    root = _with_org(tmp_path, "ubnd-xa",
                     ("  ten: Ủy ban nhân dân xã Phú Yên Giả           # (giả định)\n"
                      "  dong: [Ủy ban nhân dân, xã Phú Yên Giả]       # in hai dòng ở phần đầu\n"
                      "  viet_tat: UBND\n  goi_tat: Ủy ban nhân dân xã",
                      "  ten: Sở Giáo dục và Đào tạo\n  viet_tat: SGDĐT\n  goi_tat: Sở Giáo dục và Đào tạo"))
    build(root, "2026", "ke-hoach", "thong-bao")
    text = " ".join(t for p in framed(root) for t in prose(p))
    assert "phối hợp chặt chẽ với các phòng, đơn vị thuộc Sở" in text
    assert "của xã" not in text and "Ủy ban nhân dân xã" not in text


def test_a_commune_with_villages_says_villages(tmp_path):
    root = _with_org(tmp_path, "dang-uy-xa", ("  ap: {ten: chi bộ, tien_to: ấp}", "  ap: {ten: chi bộ, tien_to: thôn}"))
    build(root, "2026", "ke-hoach")
    text = " ".join(prose(next((root / "output/2026").glob("ke-hoach-*.docx"))))
    assert "ở từng cơ quan, đơn vị, các thôn." in text and "các ấp" not in text


def test_the_office_may_name_its_bodies_itself(tmp_path):
    root = _with_org(tmp_path, "huyen-uy", ("dia_danh: Long Giả", "cach_goi:\n  van_phong: Văn phòng Huyện ủy Long Giả\n"
                                                                 "  don_vi: đảng bộ, chi bộ cơ sở\ndia_danh: Long Giả"))
    build(root, "2024", "thong-bao")
    text = " ".join(prose(next((root / "output/2024").glob("thong-bao-*-xa-01.docx"))))
    assert "(qua Văn phòng Huyện ủy Long Giả)" in text


def test_template_check_warns_of_another_office_words(tmp_path):
    root = copy(REPO / "examples/huyen-uy", tmp_path)
    doc = Document(root / "templates/docx/thong-bao.docx")
    doc.add_paragraph("Ban Thường vụ Đảng ủy đề nghị {{ nhan.ten }} báo cáo kết quả về Đảng ủy.")
    doc.save(root / "templates/docx/thong-bao.docx")
    result = run(root, "mau", "kiem-tra")
    assert result.exit_code == 0, result.output  # a warning, not an error
    assert "mẫu ghi «Ban Thường vụ Đảng ủy» nhưng cơ quan ban hành là Huyện ủy Long Giả" in result.output
    assert "{{ thuong_vu }} (theo dữ liệu: «Ban Thường vụ Huyện ủy»)" in result.output
    assert "mẫu ghi «Đảng ủy» nhưng cơ quan ban hành là Huyện ủy Long Giả" in result.output
    assert "templates/docx/thong-bao.docx, thân văn bản, đoạn" in result.output


def test_template_check_warns_of_another_level_place(tmp_path):
    root = _with_org(tmp_path, "ubnd-xa",
                     ("  ten: Ủy ban nhân dân xã Phú Yên Giả           # (giả định)\n"
                      "  dong: [Ủy ban nhân dân, xã Phú Yên Giả]       # in hai dòng ở phần đầu\n"
                      "  viet_tat: UBND\n  goi_tat: Ủy ban nhân dân xã",
                      "  ten: Sở Giáo dục và Đào tạo\n  viet_tat: SGDĐT\n  goi_tat: Sở Giáo dục và Đào tạo"))
    doc = Document(root / "templates/docx/ke-hoach.docx")
    doc.add_paragraph("Các {{ danh_tu }} phối hợp với các ban, ngành của xã.")
    doc.save(root / "templates/docx/ke-hoach.docx")
    result = run(root, "mau", "kiem-tra")
    assert "mẫu ghi «của xã» nhưng cơ quan ban hành là Sở Giáo dục và Đào tạo" in result.output
    assert "{{ ban_nganh }}" in result.output


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_shipped_templates_have_no_other_office_words(name, tmp_path):
    result = run(copy(PROJECTS[name][0], tmp_path), "mau", "kiem-tra")
    assert result.exit_code == 0 and "cảnh báo" not in result.output, result.output


def test_levels_and_their_default_names():
    from types import SimpleNamespace as NS

    def org(ten, rule="dang", upper=(), terms=(), goi_tat=""):
        return NS(quy_tac=rule, co_quan=NS(ten=ten, goi_tat=goi_tat), cap_tren=[NS(ten=t) for t in upper],
                  nhiem_ky=[NS(bat_dau=NS(year=y)) for y in terms], cap=None, cach_goi=None, kieu_dau="moi",
                  loai_don_vi={}, don_vi=[])

    cases = [
        (org("Tỉnh ủy Quảng Giả"), "tinh", "Ban Tổ chức Tỉnh ủy", "Văn phòng Tỉnh ủy"),
        (org("Huyện ủy Đức Giả", upper=["Đảng bộ tỉnh Bình Giả"]), "huyen", "Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy"),
        (org("Đảng ủy xã An Giả", upper=["Đảng bộ huyện Châu Giả"], terms=[2020]), "xa", "Văn phòng Đảng ủy",
         "Văn phòng Đảng ủy"),
        (org("Đảng ủy phường Bến Giả", upper=["Đảng bộ Thành phố Hồ Chí Minh"], terms=[2025]), "xa",
         "Ban Xây dựng Đảng", "Văn phòng Đảng ủy"),
        (org("Ủy ban nhân dân xã Giả", rule="nha_nuoc", goi_tat="Ủy ban nhân dân xã"), "xa",
         "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"),
        (org("Sở Y tế tỉnh Giả", rule="nha_nuoc", goi_tat="Sở Y tế"), "so", "Văn phòng Sở", "Văn phòng Sở"),
    ]
    for o, level, organisation_work, office in cases:
        words = bodies.words(o, "chi bộ")
        assert (bodies.level(o), words["ban_to_chuc"], words["van_phong"]) == (level, organisation_work, office), o.co_quan.ten


# --------------------------------------------------------------------------
# 2. A letter says what it asks; a body never receives a document twice


def test_a_letter_without_a_quota_gives_a_task(tmp_path):
    root = copy(REPO / "examples/ubnd-xa", tmp_path)
    build(root, "2026", "thong-bao", "noi-nhan")
    letter = Document(root / "output/2026/thong-bao-10-tb-ubnd-bchqs.docx")
    text = " ".join(norm(p.text) for p in letter.paragraphs)
    assert "giao nhiệm vụ gọi công dân nhập ngũ năm 2026" in text and "giao chỉ tiêu" not in text
    assert "Ủy ban nhân dân xã giao nhiệm vụ cho Ban Chỉ huy quân sự xã như sau:" in text
    closing = [norm(p.text) for t in letter.tables for c in t.rows[-1].cells[:1] for p in c.paragraphs]
    assert sum("Ban Chỉ huy quân sự xã" in line for line in closing) == 1, closing
    village = " ".join(norm(p.text) for p in Document(root / "output/2026/thong-bao-03-tb-ubnd-thon-1.docx").paragraphs)
    assert "giao chỉ tiêu gọi công dân nhập ngũ năm 2026" in village
    book = openpyxl.load_workbook(root / "output/2026/noi-nhan-2026.xlsx").active
    rows = [[c.value for c in r] for r in book.iter_rows() if any(c.value == "10/TB-UBND" for c in r)]
    assert len(rows) == 1, rows


def test_a_letter_subject_for_tasks_may_be_given(tmp_path):
    root = copy(REPO / "examples/ubnd-xa", tmp_path)
    edit(root / "data/2026/thong-bao.yaml", "so_bat_dau: 3",
         "so_bat_dau: 3\ntrich_yeu_nhiem_vu: tổ chức tuyển chọn và gọi công dân nhập ngũ năm 2026")
    build(root, "2026", "thong-bao")
    text = " ".join(norm(p.text) for p in Document(root / "output/2026/thong-bao-10-tb-ubnd-bchqs.docx").paragraphs)
    assert "tổ chức tuyển chọn và gọi công dân nhập ngũ năm 2026" in text


@pytest.mark.parametrize("line, message", [("  - {ten: VP Huyện ủy}\n", "nơi nhận «VP Huyện ủy» đã có ở dòng"),
                                           ("  - cac_chi_bo\n", "đã có trong nơi nhận ở dòng"),
                                           ("  - chi_bo_ap\n", "đã có trong nơi nhận ở dòng")])
def test_a_recipient_listed_twice_is_refused(project, line, message):
    edit(project / "data/2018/ke-hoach.yaml", "  - cac_chi_bo\n", "  - cac_chi_bo\n" + line)
    result = run(project, "build", "ke-hoach", "2018")
    assert result.exit_code == 2 and message in result.output, result.output


def test_a_counted_group_drops_its_plural_word(tmp_path):
    root = copy(REPO / "examples/dang-uy-xa", tmp_path)
    edit(root / "data/don-vi.yaml", "ten: Chi bộ trực thuộc, nhom", "ten: Các chi bộ trực thuộc, nhom")
    build(root, "2026", "ke-hoach")
    path = next((root / "output/2026").glob("ke-hoach-*.docx"))
    closing = [norm(p.text) for p in Document(path).tables[-1].rows[0].cells[0].paragraphs]
    assert "- 10/10 Chi bộ trực thuộc," in closing
    assert any("phối hợp với các chi bộ trực thuộc" in t for t in prose(path))


# --------------------------------------------------------------------------
# 3. Figures as written in the decision; every total adds up


def tables_with_totals(path: Path):
    for table in Document(path).tables:
        rows = [[norm(c.text) for c in r.cells] for r in table.rows]
        if len(rows) > 2 and len(rows[-1]) > 2 and rows[-1][1] == "Tổng cộng":
            yield rows


def assert_totals_add_up(path: Path) -> int:
    """Every column of figures of every table with a total: the total equals its rows (a * marks a
    figure outside the total, explained under the table)."""
    checked = 0
    for rows in tables_with_totals(path):
        body, total = rows[1:-1], rows[-1]
        for col in range(2, len(total)):
            whole = parse_figure(total[col])
            if whole is None:
                continue
            cells = [parse_figure(r[col]) for r in body if not r[col].endswith("*")]
            assert all(c is not None for c in cells), (path.name, col)
            assert sum(c[0] for c in cells) == whole[0], (path.name, rows[0][col], total[col])
            if whole[1] is not None and all(c[1] is not None for c in cells):
                assert sum(c[1] for c in cells) == whole[1], (path.name, rows[0][col], total[col])
            checked += 1
    return checked


def test_every_table_total_equals_its_rows(built):
    _, root, _ = built
    assert sum(assert_totals_add_up(p) for p in (root / "output").glob("*/*.docx")) > 0


def test_a_total_with_a_part_not_broken_down_has_its_row(tmp_path):
    root = copy(REPO / "examples/huyen-uy", tmp_path)
    build(root, "2024", "ke-hoach", "bao-cao")
    for path in (root / "output/2024").glob("*.docx"):
        for rows in tables_with_totals(path):
            assert rows[-2][1] == "Chưa phân bổ" and rows[-2][2] == "20" and rows[-1][2] == "255-321", path.name
        assert_totals_add_up(path)


@pytest.fixture
def figures(project):
    """The sample with a total «từ 17», a unit «từ 02», a range «02-03» and a target of zero."""
    plan = project / "data/2018/ke-hoach.yaml"
    edit(plan, "    tong_so: 17 ", '    tong_so: "từ 17" ')
    edit(plan, "{don_vi: ap_cho, so_luong: 2}", '{don_vi: ap_cho, so_luong: "từ 02"}')
    edit(plan, "{don_vi: truong_mam_non, so_luong: 2}", '{don_vi: truong_mam_non, so_luong: "02-03"}')
    edit(plan, "      - {don_vi: co_quan, so_luong: 1, it_nhat: false}",
         "      - {don_vi: co_quan, so_luong: 1, it_nhat: false}\n      - {don_vi: tram_y_te, so_luong: 0}")
    build(project, "2018", "ke-hoach", "thong-bao", "bao-cao")
    return project


def test_figures_keep_their_form_everywhere(figures):
    out = figures / "output/2018"
    plan = " ".join(prose(out / "ke-hoach-28-kh-du.docx"))
    assert "năm 2018 là từ 17 cụ thể như sau" in plan
    assert "Chi bộ ấp Chợ từ 02 nguồn;" in plan and "Trường Mầm non 02-03 nguồn" in plan
    letter = " ".join(prose(out / "thong-bao-12-tb-du-ap-cho.docx"))
    assert "- Chỉ tiêu tạo nguồn năm 2018: từ 02 nguồn." in letter
    report = next(tables_with_totals(out / "bao-cao-32-bc-du-6-thang.docx"))
    by_name = {r[1]: r for r in report[1:-1]}
    assert by_name["Chi bộ ấp Chợ"][2] == "từ 02" and by_name["Chi bộ Trường Mầm non"][2] == "02-03"
    assert by_name["Chi bộ Trạm Y tế"][2] == "—" and report[-1][2] == "từ 17"
    edit(figures / "templates/loai-van-ban.yaml", "    mau: ke-hoach.docx", "    mau: ke-hoach-bang.docx")
    build(figures, "2018", "ke-hoach")
    table = next(tables_with_totals(out / "ke-hoach-28-kh-du.docx"))
    cells = {r[1]: r[2] for r in table[1:-1]}
    assert cells["Chi bộ ấp Chợ"] == "từ 02" and cells["Chi bộ Trạm Y tế"] == "—" and table[-1][2] == "từ 17"
    for path in out.glob("*.docx"):
        texts = [norm(c.text) for t in Document(path).tables for r in t.rows for c in r.cells]
        assert "00" not in texts, path.name  # zero is «—», one way everywhere
        assert_totals_add_up(path)
    assert run(figures, "mau-excel", "tien-do", "2018").exit_code == 0
    sheet = openpyxl.load_workbook(figures / "data/2018/tien-do.xlsx")["9-thang"]
    column = {sheet.cell(r, 1).value: sheet.cell(r, 3).value for r in range(3, sheet.max_row + 1)}
    assert column["ap_cho"] == "từ 02" and column["truong_mam_non"] == "02-03" and column["tram_y_te"] == "—"


# --------------------------------------------------------------------------
# 4. Sub-targets


SUB_KIND = ("  tao_nguon: {ten: tạo nguồn,",
            "  ket_nap_doan_vien: {ten: kết nạp đoàn viên, don_vi_tinh: đảng viên, thuoc: ket_nap, ten_ngan: từ đoàn viên}\n"
            "  tao_nguon: {ten: tạo nguồn,")
SUB_QUOTA = ("  - loai: tao_nguon\n",
             "  - loai: ket_nap_doan_vien\n    tong_so: 3\n    phan_bo:\n      - {don_vi: ap_dong, so_luong: 1}\n"
             "      - {don_vi: ap_tay, so_luong: 1}\n      - {don_vi: truong_thcs, so_luong: 1}\n  - loai: tao_nguon\n")


def test_a_sub_target_is_written_under_its_parent_and_measured_on_its_own(tmp_path):
    root = _with_org(tmp_path, "dang-uy-xa", SUB_KIND)
    edit(root / "data/2026/ke-hoach.yaml", *SUB_QUOTA)
    build(root, "2026", "ke-hoach", "thong-bao", "bao-cao")
    out = root / "output/2026"
    plan = " ".join(prose(next(out.glob("ke-hoach-*.docx"))))
    assert "Chỉ tiêu kết nạp đảng viên mới năm 2026 là 12, trong đó kết nạp đoàn viên 3 đảng viên" in plan
    letter = " ".join(prose(next(out.glob("thong-bao-*-ap-dong.docx"))))
    assert "- Trong đó, chỉ tiêu kết nạp đoàn viên năm 2026: 01 đảng viên." in letter
    report = " ".join(prose(next(out.glob("bao-cao-*.docx"))))
    # measured by the parent's stage on its own units only: ap_dong 2 + ap_tay 1 + truong_thcs 0
    assert "Chỉ tiêu kết nạp đoàn viên đạt 100,0% (3/3 đảng viên" in report


def test_two_kinds_measured_by_one_stage_are_refused_naming_both(tmp_path):
    root = _with_org(tmp_path, "dang-uy-xa", (SUB_KIND[0], "  ket_nap_2: {ten: kết nạp khác, don_vi_tinh: người, "
                                              "do_bang: ket_nap}\n" + SUB_KIND[0]))
    result = build(root, "2026", "ke-hoach", ok=False)
    assert "hai loại chỉ tiêu «ket_nap» và «ket_nap_2» cùng đo bằng giai đoạn «ket_nap»" in result.output
    assert "thêm «thuoc: ket_nap»" in result.output and "don-vi.yaml:" in result.output


def test_a_sub_target_larger_than_its_parent_is_refused(tmp_path):
    root = _with_org(tmp_path, "dang-uy-xa", SUB_KIND)
    edit(root / "data/2026/ke-hoach.yaml", SUB_QUOTA[0], SUB_QUOTA[1].replace("tong_so: 3", "tong_so: 30")
         .replace("{don_vi: ap_dong, so_luong: 1}", "{don_vi: ap_dong, so_luong: 28}"))
    result = build(root, "2026", "ke-hoach", ok=False)
    assert "lớn hơn chỉ tiêu «ket_nap»" in result.output


# --------------------------------------------------------------------------
# 5. Dates around the year


def test_a_deadline_in_the_year_before_is_accepted_when_declared(tmp_path):
    root = copy(REPO / "examples/ubnd-xa", tmp_path)
    plan = root / "data/2026/ke-hoach.yaml"
    edit(plan, "han_bao_cao:\n", "han_bao_cao:\n  - {ky: sơ tuyển, han: 2025-12-15}\n")
    result = build(root, "2026", "ke-hoach", ok=False)
    assert "thêm «nam_truoc: true»" in result.output and "ke-hoach.yaml:" in result.output
    edit(plan, "{ky: sơ tuyển, han: 2025-12-15}", "{ky: sơ tuyển, han: 2025-12-15, nam_truoc: true}")
    build(root, "2026", "ke-hoach")
    assert "báo cáo sơ tuyển trước ngày 15 tháng 12 năm 2025" in " ".join(prose(root / "output/2026/ke-hoach-12-kh-ubnd.docx"))


def test_a_report_dated_before_its_period_ends_counts_to_its_date(tmp_path):
    root = copy(REPO / "examples/dang-uy-xa", tmp_path)
    edit(root / "data/2026/bao-cao.yaml", "  6-thang: {so: 14, ngay: 2026-07-03}",
         "  6-thang: {so: 14, ngay: 2026-07-03}\n  nam: {so: 20, ngay: 2026-12-16}")
    assert run(root, "build", "bao-cao", "2026", "--ky", "nam").exit_code == 0
    text = " ".join(prose(next((root / "output/2026").glob("bao-cao-20-*.docx"))))
    assert "đến ngày 16 tháng 12 năm 2026 (ngày lập báo cáo, trước khi kết thúc kỳ)" in text
    assert "31 tháng 12" not in text


# --------------------------------------------------------------------------
# 6. Big organisations


def test_long_lists_of_units_become_counts(tmp_path):
    root = copy(REPO / "examples/huyen-uy", tmp_path)
    build(root, "2024", "bao-cao")
    org, _ = load_organisation(Project(root))
    names = [u.ten for u in org.don_vi]
    text = prose(next((root / "output/2024").glob("bao-cao-*.docx")))
    assert "- Chưa đạt chỉ tiêu kết nạp đảng viên: 33 tổ chức cơ sở đảng (chi tiết tại Bảng 1)." in text
    for paragraph in text:
        assert sum(name in paragraph for name in names) <= 15, paragraph


def test_sentence_plan_for_many_units_points_to_the_table_template(tmp_path):
    root = copy(REPO / "examples/huyen-uy", tmp_path)
    shutil.copy(REPO / "templates/docx/ke-hoach.docx", root / "templates/docx/ke-hoach.docx")
    edit(root / "templates/loai-van-ban.yaml", "    mau: ke-hoach-bang.docx", "    mau: ke-hoach.docx")
    for result in (run(root, "build", "ke-hoach", "2024"), run(root, "mau", "kiem-tra")):
        assert result.exit_code == 0, result.output
        assert "templates/docx/ke-hoach.docx: mẫu viết phần phân bổ thành câu nhưng có 60 đơn vị" in result.output
        assert "trong templates/loai-van-ban.yaml, loại «ke-hoach», sửa «mau: ke-hoach.docx» thành " \
               "«mau: ke-hoach-bang.docx»" in result.output


# --------------------------------------------------------------------------
# 7. The công văn form of the letters, in both rule sets


@pytest.mark.parametrize("source, year, first, number, addressee", [
    (REPO, "2018", "12", "Số 12-CV/ĐU", "Chi bộ ấp Chợ"),
    (REPO / "examples/ubnd-xa", "2026", "3", "Số: 03/UBND", "Thôn Đồng Giả"),
])
def test_letters_as_cong_van(tmp_path, source, year, first, number, addressee):
    root = copy(source, tmp_path)
    shutil.copy(root / f"data/{year}/thong-bao.yaml", root / f"data/{year}/cong-van.yaml")
    build(root, year, "cong-van")
    path = sorted((root / f"output/{year}").glob("cong-van-*.docx"))[0]
    doc = Document(path)
    header = [norm(p.text) for c in doc.tables[0].rows[-1].cells[:1] for p in c.paragraphs if norm(p.text)]
    assert header[0] == number and header[1].startswith("V/v giao chỉ tiêu"), header
    body = [norm(p.text) for p in doc.paragraphs if norm(p.text)]
    assert f"Kính gửi: {addressee}." in body
    assert not any(t in ("THÔNG BÁO", "CÔNG VĂN") for t in body)
    result = CliRunner().invoke(main, ["kiem-tra-the-thuc", str(path)])
    assert result.exit_code == 0 and "0 lỗi" in result.output, result.output
