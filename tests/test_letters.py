"""Assignment letters: one per branch with a quota and per leading body,
each with only its own figures and its own number."""

import re
from pathlib import Path

from docx import Document

from conftest import run
from docx_read import body_texts, find_in_tables, norm
from test_bad_input import edit

QUOTA_BRANCHES = {
    "ap_cho": "Chi bộ ấp Chợ", "ap_can_cu": "Chi bộ ấp Căn cứ", "ap_nghia_huan": "Chi bộ ấp Nghĩa Huấn",
    "ap_ben_do": "Chi bộ ấp Bến Đò", "ap_cai_chot": "Chi bộ ấp Cái Chốt", "ap_cai_tac": "Chi bộ ấp Cái Tắc",
    "truong_mam_non": "Chi bộ Trường Mầm non",
    "truong_tieu_hoc": "Chi bộ Trường Tiểu học Nguyễn Ngọc Thăng", "co_quan": "Chi bộ cơ quan",
}
LEADS = {
    "cong_an": "Chi bộ Công an", "quan_su": "Chi bộ Quân sự",
    "hoi_nong_dan": "Ban Thường vụ Hội Nông dân", "hoi_phu_nu": "Ban Thường vụ Hội Phụ nữ",
    "hoi_cuu_chien_binh": "Ban Thường vụ Hội Cựu chiến binh", "doan_thanh_nien": "Ban Thường vụ Đoàn Thanh niên",
}


def letters(folder: Path) -> dict[str, Document]:
    return {p.name: Document(p) for p in sorted(folder.glob("thong-bao-*.docx"))}


def text(doc) -> str:
    return " ".join(body_texts(doc))


def number(doc) -> int:
    (_, _, _, p), = find_in_tables(doc, lambda s: s.startswith("Số "))
    return int(re.fullmatch(r"Số (\d+)-TB/ĐU", norm(p.text)).group(1))


def recipients(doc) -> list[str]:
    (t, r, c, _), = find_in_tables(doc, lambda s: s == "Nơi nhận:")
    return [norm(p.text) for p in doc.tables[t].rows[r].cells[c].paragraphs if norm(p.text)][1:]


def test_one_letter_per_branch_with_quota_and_per_lead(sample_year):
    found = letters(sample_year)
    assert len(found) == len(QUOTA_BRANCHES) + len(LEADS) == 15
    addressed = {recipients(d)[0] for d in found.values()}
    assert addressed == {f"- {name} (để thực hiện);" for name in [*QUOTA_BRANCHES.values(), *LEADS.values()]}
    # the branches with neither quota nor assignment get none
    assert not any("Trung học cơ sở" in text(d) or "Trạm Y tế" in text(d) for d in found.values())


def test_numbers_are_distinct_and_in_order(sample_year):
    numbers = [number(d) for d in letters(sample_year).values()]
    assert sorted(numbers) == list(range(12, 27))


def test_each_letter_has_only_its_own_figures(sample_year):
    found = letters(sample_year)
    for bid, name in QUOTA_BRANCHES.items():
        doc = next(d for d in found.values() if recipients(d)[0].startswith(f"- {name} "))
        body = text(doc)
        assert f"giao nhiệm vụ cho {name} như sau" in body
        expected = "01 nguồn." if bid == "co_quan" else "ít nhất 02 nguồn."
        assert f"- Chỉ tiêu tạo nguồn năm 2018: {expected}" in body
        others = [n for other, n in QUOTA_BRANCHES.items() if other != bid]
        # no other branch is named (prefix-elided names included)
        assert not any(n in body for n in others if n != "Chi bộ cơ quan" or bid != "co_quan")
        assert not re.search(r"\b(17|16)\b", body)  # no plan totals
        assert "Kế hoạch số 28-KH/ĐU ngày 05 tháng 01 năm 2018" in body


def test_hamlet_letters_name_their_coordination_without_figures(sample_year):
    doc = next(d for d in letters(sample_year).values() if recipients(d)[0].startswith("- Chi bộ ấp Chợ "))
    body = text(doc)
    assert "- Phối hợp với Chi bộ Công an tạo nguồn phát triển đảng viên trong lực lượng dân phòng." in body
    assert ("- Phối hợp với Ban Thường vụ Hội Nông dân, Phụ nữ, Cựu chiến binh, Đoàn Thanh niên tạo nguồn "
            "phát triển đảng viên là đoàn viên, hội viên của đoàn thể mình quản lý.") in body
    school = next(d for d in letters(sample_year).values() if recipients(d)[0].startswith("- Chi bộ Trường Mầm non"))
    assert "Phối hợp" not in text(school)


def test_lead_letters_state_their_assignment(sample_year):
    doc = next(d for d in letters(sample_year).values() if recipients(d)[0].startswith("- Chi bộ Công an"))
    body = text(doc)
    assert ("- Chủ trì phối hợp với chi bộ các ấp tạo nguồn phát triển ít nhất 01 đảng viên trong lực "
            "lượng dân phòng.") in body
    assert "Chỉ tiêu tạo nguồn" not in body
    assert "báo cáo 6 tháng trước ngày 15 tháng 6 năm 2018; báo cáo năm trước ngày 15 tháng 11 năm 2018" in body


def test_letter_recipients_and_copies(sample_year):
    for doc in letters(sample_year).values():
        lines = recipients(doc)
        assert lines[1:] == ["- VP Huyện ủy;", "- Lưu VT, 3b."]


def test_only_selected_branches_keep_their_batch_numbers(project):
    result = run(project, "build", "thong-bao", "2018", "--chi-bo", "ap_ben_do", "--chi-bo", "hoi_phu_nu")
    assert result.exit_code == 0, result.output
    found = letters(project / "output" / "2018")
    assert sorted(found) == ["thong-bao-15-tb-du-ap-ben-do.docx", "thong-bao-24-tb-du-hoi-phu-nu.docx"]
    assert sorted(number(d) for d in found.values()) == [15, 24]


def test_unknown_selected_branch(project):
    result = run(project, "build", "thong-bao", "2018", "--chi-bo", "ap_khong_co")
    assert result.exit_code == 2 and "ap_khong_co" in result.output
    assert not (project / "output" / "2018").exists()


def test_fixed_numbers_are_kept_and_the_rest_skip_them(project):
    edit(project / "data/2018/thong-bao.yaml", "# so:", "so: {ap_cai_tac: 13, cong_an: 40}\n# so_cu:")
    result = run(project, "build", "thong-bao", "2018")
    assert result.exit_code == 0, result.output
    found = {recipients(d)[0]: number(d) for d in letters(project / "output" / "2018").values()}
    assert found["- Chi bộ ấp Cái Tắc (để thực hiện);"] == 13
    assert found["- Chi bộ Công an (để thực hiện);"] == 40
    assert found["- Chi bộ ấp Chợ (để thực hiện);"] == 12
    assert found["- Chi bộ ấp Căn cứ (để thực hiện);"] == 14  # 13 is taken
    assert len(set(found.values())) == 15


def test_duplicate_fixed_number_is_rejected(project):
    edit(project / "data/2018/thong-bao.yaml", "# so:", "so: {ap_cai_tac: 30, cong_an: 30}\n# so_cu:")
    result = run(project, "build", "thong-bao", "2018")
    assert result.exit_code == 2 and "số 30 đã dùng" in result.output


def test_plan_errors_stop_the_letters_too(project):
    edit(project / "data/2018/ke-hoach.yaml", "tong_so: 17", "tong_so: 19")
    result = run(project, "build", "thong-bao", "2018")
    assert result.exit_code == 2 and "data/2018/ke-hoach.yaml:" in result.output


def test_batch_prints_a_table(project):
    result = run(project, "build", "thong-bao", "2018")
    assert result.exit_code == 0
    rows = [line for line in result.output.splitlines() if "-TB/ĐU" in line and "thong-bao-" in line]
    assert len(rows) == 15
    assert any("Chi bộ ấp Chợ" in r and "ít nhất 02 nguồn" in r and "12-TB/ĐU" in r for r in rows)


def test_letters_convert_with_libreoffice(libreoffice, sample_year, tmp_path):
    from vanban.rendering.pdf import convert, pdf_text

    files = sorted(sample_year.glob("thong-bao-*.docx"))
    pdfs = convert(files, tmp_path)
    assert len(pdfs) == 15
    for pdf, docx in zip(pdfs, files):
        t = norm(pdf_text(pdf))
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in t and "THÔNG BÁO" in t
        assert recipients(Document(docx))[0].split(" (")[0][2:] in t


def test_a_body_that_only_coordinates_gets_a_letter(project):
    edit(project / "data/2018/ke-hoach.yaml", "    phoi_hop: [chi_bo_ap]\n    so_luong: 1\n    it_nhat: true\n"
         "    doi_tuong: trong lực lượng dân phòng",
         "    phoi_hop: [chi_bo_ap, mat_tran]\n    so_luong: 1\n    it_nhat: true\n    doi_tuong: trong lực lượng dân phòng")
    result = run(project, "build", "thong-bao", "2018")
    assert result.exit_code == 0, result.output
    found = letters(project / "output" / "2018")
    assert len(found) == 16
    doc = next(d for d in found.values() if recipients(d)[0] == "- Mặt trận Tổ quốc (để thực hiện);")
    assert "- Phối hợp với Chi bộ Công an tạo nguồn phát triển đảng viên trong lực lượng dân phòng." in text(doc)
    assert "Chỉ tiêu" not in text(doc)


def test_the_issuers_own_words_are_worked_out_once_a_run_not_once_a_letter(tmp_path, monkeypatch):
    """How an organisation names its own bodies reads every unit: asked once a letter it made a
    district's batch quadratic (1,340 letters: 4.5 ms a letter instead of 0.07)."""
    import shutil

    from conftest import REPO
    from vanban.office import Office
    from vanban.text import bodies

    calls = []
    real = bodies.words
    monkeypatch.setattr(bodies, "words", lambda *a, **k: calls.append(1) or real(*a, **k))
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    docs, _ = Office.open(tmp_path).year(2018).prepared("thong-bao")
    assert len(docs) == 15 and len(calls) == 1
