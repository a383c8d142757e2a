"""The checkers are linear in the size of what they read: a paragraph of a
million runs, a PDF of ten thousand pages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, run
from vanban.cli import main


@pytest.fixture(scope="module")
def state_plan(tmp_path_factory):
    root = tmp_path_factory.mktemp("scale") / "ubnd"
    shutil.copytree(REPO / "examples/ubnd-xa", root, ignore=shutil.ignore_patterns("output"))
    assert run(root, "build", "ke-hoach", "2026").exit_code == 0
    return next((root / "output/2026").glob("ke-hoach-*.docx"))


def with_runs(source: Path, out: Path, runs: int) -> Path:
    """*source* with one more paragraph of *runs* one-letter runs (1,000,000: a 95 KB DOCX)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                cut = xml.rfind("<w:sectPr")
                xml = xml[:cut] + "<w:p>" + "<w:r><w:t>a</w:t></w:r>" * runs + "</w:p>" + xml[cut:]
                data = xml.encode("utf-8")
            zout.writestr(item, data)
    return out


def seconds(path: Path) -> float:
    from vanban.the_thuc import check

    start = time.perf_counter()
    code, issues = check(path, path.name, use_pdf=False)
    assert code == "nha_nuoc"
    return time.perf_counter() - start


def test_checking_grows_linearly_with_the_runs_of_a_paragraph(state_plan, tmp_path):
    """Ten times the runs takes about ten times as long (a quadratic step would take a hundred
    times; the bound leaves room for a busy machine)."""
    small = with_runs(state_plan, tmp_path / "small.docx", 20_000)
    large = with_runs(state_plan, tmp_path / "large.docx", 200_000)
    seconds(small)   # imports, caches
    t_small = min(seconds(small) for _ in range(2))
    t_large = min(seconds(large) for _ in range(2))
    assert t_large < 30 * max(t_small, 0.05), (t_small, t_large)


def test_a_paragraph_of_a_million_runs(state_plan, tmp_path):
    """The whole command on the 95 KB document of the boundaries issue (it took minutes when the
    checker was quadratic; about 5 s now; the bound is generous)."""
    path = with_runs(state_plan, tmp_path / "million.docx", 1_000_000)
    assert path.stat().st_size < 150_000
    start = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "vanban", "kiem-tra-the-thuc", str(path), "--json"],
                       capture_output=True, text=True, timeout=300,
                       env={**__import__("os").environ, "VANBAN_KHONG_DUNG_LIBREOFFICE": "1"})
    elapsed = time.perf_counter() - start
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["ket_qua"] == []
    assert elapsed < 60, elapsed


def test_a_ten_thousand_page_pdf_reports_a_few_lines_and_a_count(tmp_path):
    """kiem-tra-trang on 10,000 pages without page numbers: five lines of the rule, then one line
    counting the other 9,994; the totals count them all."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(10_000):
        writer.add_blank_page(595, 842)
    pdf = tmp_path / "long.pdf"
    with pdf.open("wb") as fh:
        writer.write(fh)
    result = CliRunner().invoke(main, ["kiem-tra-trang", str(pdf), "--quy-tac", "nha-nuoc"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) <= 20, len(lines)
    assert "9999 lỗi" in lines[0] and "9994 chỗ khác" in result.output
    report = json.loads(CliRunner().invoke(main, ["kiem-tra-trang", str(pdf), "--quy-tac", "nha-nuoc",
                                                  "--json"]).output)
    assert report["loi"] == 9999 and len(report["ket_qua"]) == 6
