"""What the command line says is Vietnamese: help, usage errors and click's own messages."""

import re

import pytest
from click.testing import CliRunner

from vanban.cli import main

ENGLISH = re.compile(r"\b(Usage|Error|Options|Commands|Show this|does not exist|is not|Invalid|Missing|Try|No such|"
                     r"DIRECTORY|FILE|TEXT|INTEGER|PATH|Choose from|Got unexpected|requires an argument|integer|"
                     r"range|float|boolean|valid|argument|option)\b")


def _commands(group, prefix=()):
    """Every command and group of the CLI, as the words that call it."""
    out = [list(prefix)]
    for name, cmd in getattr(group, "commands", {}).items():
        out += _commands(cmd, (*prefix, name)) if hasattr(cmd, "commands") else [[*prefix, name]]
    return out


COMMANDS = _commands(main)
assert ["excel", "nhap"] in COMMANDS and ["build"] in COMMANDS
MISTAKES = [["buil"], ["build"], ["build", "ke-hoach", "hai"], ["build", "ke-hoach", "2018", "--khong-co"],
            ["build", "ke-hoach", "2018", "--thu-muc"], ["mau-excel", "tiendo", "2018"], ["mau-excel", "tien-do", "0"],
            ["kiem-tra-the-thuc", "khong-co.docx"], ["kiem-tra-the-thuc", "x.docx", "--quy-tac", "khac"],
            ["build", "ke-hoach", "2018", "thua"], ["nam-moi", "3000"], ["excel", "xuat"], ["excel", "nhap", "x"],
            ["phat-hanh", "abc"], ["tinh-hinh", "20x8"], ["khoi-tao"], ["khoi-tao", "x", "--mau", "khac"],
            ["khoi-tao", "x", "--nam", "abc"], ["phat-hanh", "2018", "--chi-bo", "x"]]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "vanban")
def test_help_is_vietnamese(args):
    out = CliRunner().invoke(main, [*args, "--help"]).output
    assert "Cách dùng:" in out and "Tùy chọn" in out
    assert not ENGLISH.search(out), ENGLISH.search(out)


@pytest.mark.parametrize("args", MISTAKES, ids=lambda a: " ".join(a))
def test_usage_errors_are_vietnamese(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Lỗi:" in result.output or "Cách dùng:" in result.output
    assert not ENGLISH.search(result.output), result.output


def test_build_summary_columns_fit_the_documents(project):
    """Letters are listed by addressee and quota; reports by subject, with no empty column."""
    from conftest import run

    def header(output):
        lines = output.splitlines()
        i = next(i for i, line in enumerate(lines) if line.startswith(("Nơi nhận", "Trích yếu")))
        return lines[i], lines[i + 2:]

    head, _ = header(run(project, "build", "thong-bao", "2018").output)
    assert head.startswith("Nơi nhận") and "Chỉ tiêu" in head
    head, rows = header(run(project, "build", "bao-cao", "2018").output)
    assert head.startswith("Trích yếu") and "Nơi nhận" not in head and "Chỉ tiêu" not in head
    assert any("kết quả tạo nguồn phát triển đảng quý I năm 2018" in line and "31-BC/ĐU" in line for line in rows)
