"""The clerk's year: what is ready is issued, what is not waits with its reason.

January: the plan and the letters go out while the report of July has no period or no
progress yet; July: the report of the half-year goes out on its own. Numbers run on
through the term; a part that is not issued gives back any number it took."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run
from vanban.errors import Findings
from vanban.issuing.register import Allocator, Register

YEAR = "2019"


def _date(root: Path, name: str, date: str) -> None:
    path = root / "data" / YEAR / name
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^ngay:.*$", f"ngay: {date}", text, count=1, flags=re.M), encoding="utf-8")


def _january(project: Path) -> Path:
    """2018 issued, 2019 started with `nam-moi`, its plan and letters dated in January."""
    assert run(project, "phat-hanh", "2018", "--khong-pdf").exit_code == 0
    assert run(project, "nam-moi", YEAR).exit_code == 0
    _date(project, "ke-hoach.yaml", "2019-01-05")
    _date(project, "thong-bao.yaml", "2019-01-07")
    return project


def test_january_issues_the_plan_and_letters_while_the_report_waits(project):
    root = _january(project)
    result = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert result.exit_code == 0, result.output
    assert "Đã phát hành: 29-KH/ĐU" in result.output  # after 28-KH/ĐU of 2018, in the 2015-2020 term
    assert result.output.count("Đã phát hành:") == 1 + 15
    assert "Chưa phát hành (1, chờ đủ dữ liệu)" in result.output
    assert "bao-cao" in result.output and "chưa khai kỳ báo cáo nào" in result.output
    assert sorted(p.name for p in (root / "output" / YEAR / "luu-vt").glob("bao-cao*")) == []
    status = run(root, "tinh-hinh", YEAR)
    assert status.exit_code == 0, status.output
    assert re.search(r"ke-hoach\s+đã phát hành\s+29-KH/ĐU\s+2019-01-05", status.output)
    assert re.search(r"bao-cao\s+chưa đủ dữ liệu", status.output)


def test_july_issues_the_half_year_report_on_its_own(project):
    root = _january(project)
    assert run(root, "phat-hanh", YEAR, "--khong-pdf").exit_code == 0
    report = root / "data" / YEAR / "bao-cao.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("ky: {}", "ky:\n  6-thang: {ngay: 2019-07-05}"),
                      encoding="utf-8")
    waiting = run(root, "phat-hanh", YEAR, "--khong-pdf")
    assert waiting.exit_code == 2, waiting.output  # nothing issued while the report waits: something to do
    assert "bao-cao 6-thang" in waiting.output and "chưa có số liệu tiến độ" in waiting.output
    progress = (root / "data" / "2018" / "tien-do.yaml").read_text(encoding="utf-8")
    (root / "data" / YEAR / "tien-do.yaml").write_text(progress, encoding="utf-8")
    done = run(root, "phat-hanh", YEAR, "bao-cao", "--ky", "6-thang", "--khong-pdf")
    assert done.exit_code == 0, done.output
    assert re.findall(r"Đã phát hành: (\S+)", done.output) == ["33-BC/ĐU"]  # 2018 issued 31 and 32
    assert "Chưa phát hành" not in done.output
    assert run(root, "luu-tru", "kiem-tra", YEAR).exit_code == 0


def test_a_year_without_data_is_an_error_not_nothing_to_do(project):
    result = run(project, "phat-hanh", "2031")
    assert result.exit_code == 2, result.output
    assert "năm 2031 chưa có dữ liệu văn bản nào" in result.output and "vanban nam-moi 2031" in result.output


def test_a_kind_that_is_not_issued_gives_back_its_numbers():
    """The documents of a part taken out of the run (its data not complete) leave no gap: the
    next document takes the number they would have had."""
    from types import SimpleNamespace

    from vanban.data.profiles import load_profile

    register = Register(Path("so.csv"), "so.csv")
    office = SimpleNamespace(so_da_dung={"TB": 0})  # a State office: one series a year for every type
    findings = Findings()
    allocate = Allocator(register, load_profile("nha_nuoc"), office, 2026, set(), findings)
    assert [allocate("thong_bao", f"thong-bao/{i}", None, None) for i in range(3)] == [1, 2, 3]
    mark = allocate.mark()
    assert allocate("bao_cao", "bao-cao/quy-1", None, None) == 4
    allocate.findings.add(None, "số không dùng được")
    allocate.rollback(mark)
    assert not findings.items
    assert allocate("ke_hoach", "ke-hoach", None, None) == 4


def test_a_build_without_a_number_says_it_wrote_a_draft_and_why(project):
    root = _january(project)
    plan = root / "data" / YEAR / "ke-hoach.yaml"
    assert re.search(r"^so:\s*(#.*)?$", plan.read_text(encoding="utf-8"), re.M)  # nam-moi left the number blank
    result = run(root, "build", "ke-hoach", YEAR)
    assert result.exit_code == 0, result.output
    assert "ke-hoach-du-thao.docx" in result.output
    assert "Chưa có số: 1 văn bản được ghi như bản dự thảo" in result.output and "vanban phat-hanh 2019" in result.output
    numbered = run(root, "build", "ke-hoach", "2018")  # issued: the register gives it its number
    assert "ke-hoach-28-kh-du.docx" in numbered.output and "Chưa có số" not in numbered.output


def test_starting_mid_term_asks_for_the_last_numbers_used(project):
    """An office that starts with vanban in 2019 of the 2015-2020 term has used numbers before:
    the first number of a type is not given from 01 without a word, it waits for so_da_dung."""
    assert run(project, "nam-moi", YEAR).exit_code == 0
    _date(project, "ke-hoach.yaml", "2019-01-05")
    _date(project, "thong-bao.yaml", "2019-01-07")
    waiting = run(project, "phat-hanh", YEAR, "--khong-pdf")
    assert waiting.exit_code == 2, waiting.output
    assert "Đã phát hành" not in waiting.output
    assert "chưa biết số văn bản loại KH đã dùng trong nhiệm kỳ 2015-2020" in waiting.output
    assert "so_da_dung: {KH: 27}" in waiting.output and "loại TB" in waiting.output
    org = project / "data" / "don-vi.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "\nso_da_dung: {KH: 40, TB: 0}\n", encoding="utf-8")
    done = run(project, "phat-hanh", YEAR, "--khong-pdf")
    assert done.exit_code == 0, done.output
    numbers = re.findall(r"Đã phát hành: (\S+)", done.output)
    assert numbers[0] == "41-KH/ĐU" and numbers[1:] == [f"{n:02d}-TB/ĐU" for n in range(1, 16)]
