"""What the command line says is Vietnamese: help, usage errors and click's own messages."""

import re

import pytest
from click.testing import CliRunner

from vanban.cli import main

ENGLISH = re.compile(r"\b(Usage|Error|Options|Commands|Show this|does not exist|is not|Invalid|Missing|Try|No such|"
                     r"DIRECTORY|FILE|TEXT|INTEGER|PATH|Choose from|Got unexpected|requires an argument)\b")
COMMANDS = [[], ["build"], ["phat-hanh"], ["luu-tru"], ["luu-tru", "kiem-tra"], ["mau"], ["mau", "kiem-tra"],
            ["mau", "sua"], ["mau", "bien"], ["mau-excel"], ["nam-moi"], ["kiem-tra-the-thuc"], ["kiem-tra-trang"]]
MISTAKES = [["buil"], ["build"], ["build", "ke-hoach", "hai"], ["build", "ke-hoach", "2018", "--khong-co"],
            ["build", "ke-hoach", "2018", "--thu-muc"], ["mau-excel", "tiendo", "2018"], ["mau-excel", "tien-do", "0"],
            ["kiem-tra-the-thuc", "khong-co.docx"], ["kiem-tra-the-thuc", "x.docx", "--quy-tac", "khac"],
            ["build", "ke-hoach", "2018", "thua"], ["nam-moi", "3000"]]


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
