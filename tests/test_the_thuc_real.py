"""The thể thức checker on real documents: the labelled corpus, LibreOffice round
trips, and one minimal document per cause of noise the corpus showed."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import REPO, SHARED, need, run
from vanban.cli import main
from vanban.the_thuc import check

CORPUS = SHARED / "conformance" / "real-docs"
CORPORA = ("real-docs", "real-docs-2")   # the two development batches of labelled real documents


def vanban_command(tmp: Path) -> str:
    """The vanban program for score.py: the installed command, else `python -m vanban` (never a skip)."""
    exe = shutil.which("vanban")
    if exe:
        return exe
    wrapper = tmp / "vanban"
    wrapper.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m vanban \"$@\"\n", encoding="utf-8")
    wrapper.chmod(0o755)
    return str(wrapper)


@pytest.mark.parametrize("folder", CORPORA)
def test_labelled_corpus_scores(tmp_path, folder):
    """score.py on each development batch: precision ≥ 0.90, recall ≥ 0.85, every rule set found,
    no crash."""
    corpus = SHARED / "conformance" / folder
    need((corpus / "score.py").is_file(), f"labelled corpus not found at {corpus}")
    out = subprocess.run([sys.executable, str(corpus / "score.py"), "--vanban", vanban_command(tmp_path), str(corpus)],
                         capture_output=True, text=True, timeout=900).stdout
    last = out.strip().splitlines()[-1]
    m = re.fullmatch(r"precision ([\d.]+) recall ([\d.]+) detection (\d+)/(\d+) crashes (\d+)", last)
    assert m, out
    precision, recall, found, total, crashes = float(m[1]), float(m[2]), int(m[3]), int(m[4]), int(m[5])
    assert precision >= 0.9 and recall >= 0.85, out
    assert found == total and crashes == 0, out


def test_the_command_runs_as_a_module(tmp_path):
    """`python -m vanban` is what the corpus test falls back to: it must check a document."""
    doc = CORPUS / "nn-cong-van-01.docx"
    need(doc.is_file(), f"labelled corpus not found at {CORPUS}")
    p = subprocess.run([sys.executable, "-m", "vanban", "kiem-tra-the-thuc", str(doc), "--json"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode in (0, 1) and json.loads(p.stdout)["quy_tac"] == "nha_nuoc", p.stderr


@pytest.fixture(scope="module")
def state_plan(tmp_path_factory):
    """A State document vanban made (one page), to be changed the way real offices write."""
    root = tmp_path_factory.mktemp("state") / "ubnd"
    shutil.copytree(REPO / "examples/ubnd-xa", root, ignore=shutil.ignore_patterns("output"))
    assert run(root, "build", "ke-hoach", "2026").exit_code == 0
    return next((root / "output/2026").glob("ke-hoach-*.docx"))


def findings(path: Path) -> tuple[str, set[str]]:
    code, issues = check(path, path.name)
    return code, {i.rule for i in issues}


def changed(source: Path, tmp: Path, change) -> Path:
    doc = Document(source)
    change(doc)
    out = tmp / source.name
    doc.save(out)
    return out


def cell_paragraph(doc, text):
    return next(p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs if p.text == text)


def test_the_starting_document_is_clean(state_plan):
    assert findings(state_plan) == ("nha_nuoc", set())


def test_a_date_line_within_the_range_is_not_an_error(state_plan):
    # the example sets its date line at 13 pt, which Nghị định 30 allows (13–14)
    doc = Document(state_plan)
    date = next(p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
                if "ngày" in p.text and "tháng" in p.text)
    assert {r.font.size.pt for r in date.runs if r.text.strip()} == {13}
    assert findings(state_plan)[1] == set()


def _title_and_motto_in_one_paragraph(doc):
    national = cell_paragraph(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = cell_paragraph(doc, "Độc lập - Tự do - Hạnh phúc")
    br = OxmlElement("w:br")
    national.runs[-1]._r.append(br)
    for r in motto.runs:
        national._p.append(r._r)
    motto._p.getparent().remove(motto._p)


def _old_tone(doc):
    """The whole document in the old tone placement (hoà, uỷ), as vanban writes with kieu_dau: cu."""
    from vanban.text.vietnamese import set_tone_style

    for t in doc.element.body.iter(qn("w:t")):
        if t.text:
            t.text = set_tone_style(t.text, "cu")
    assert cell_paragraph(doc, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")


def _typed_underscores(doc):
    motto = cell_paragraph(doc, "Độc lập - Tự do - Hạnh phúc")
    rule = motto._p.getnext()
    rule.getparent().remove(rule)
    line = motto.insert_paragraph_before("")  # then move it after the motto
    motto._p.addnext(line._p)
    line.add_run("_" * 24)


def _east_asian_fonts_only(doc):
    for fonts in doc.element.body.iter(qn("w:rFonts")):
        for slot in ("w:ascii", "w:hAnsi"):
            fonts.attrib.pop(qn(slot), None)


def _initials_after_the_archive_line(doc):
    p = cell_paragraph(doc, "- Lưu: VT, BCHQS.")
    small = p.add_run("Châu")
    small.font.size = 7 * 12700


CLEAN = {"title and motto share a paragraph": _title_and_motto_in_one_paragraph,
         "CỘNG HOÀ in the old tone style": _old_tone,
         "a typed line under the motto": _typed_underscores,
         "fonts named for East Asian text only": _east_asian_fonts_only,
         "drafter's initials after Lưu": _initials_after_the_archive_line}


@pytest.mark.parametrize("cause", sorted(CLEAN))
def test_usual_ways_of_writing_are_not_findings(state_plan, tmp_path, cause):
    assert findings(changed(state_plan, tmp_path, CLEAN[cause])) == ("nha_nuoc", set())


def test_header_laid_out_with_tabs(state_plan, tmp_path):
    """No header table: each header row one paragraph, the two columns split by a tab."""
    def flatten(doc):
        header = doc.tables[0]
        anchor = header._tbl
        for row in header.rows:
            left, right = (c.paragraphs for c in row.cells)
            for a, b in zip([p for p in left if p.text] or [None], [p for p in right if p.text] or [None]):
                p = OxmlElement("w:p")
                for src in (a, b):
                    if src is None:
                        continue
                    if len(p):
                        r = OxmlElement("w:r")
                        r.append(OxmlElement("w:tab"))
                        p.append(r)
                    for r in src.runs:
                        p.append(r._r)
                anchor.addprevious(p)
        anchor.getparent().remove(anchor)
    _, rules = findings(changed(state_plan, tmp_path, flatten))
    assert rules <= {"TT04", "TT05"}  # the lines drawn under them were table content; no text rule is noise
    assert not rules & {"TT07", "TT08", "TT16"}


def test_a_one_page_document_needs_no_page_number(state_plan, tmp_path):
    def drop(doc):
        for p in doc.sections[0].header.paragraphs:
            for r in list(p.runs):
                r._r.getparent().remove(r._r)
    assert "TT17" not in findings(changed(state_plan, tmp_path, drop))[1]


def test_a_form_is_not_an_administrative_document(tmp_path):
    doc = Document()
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TỜ KHAI ĐĂNG KÝ",
                 "Họ, chữ đệm, tên:", "Số điện thoại:", "Người khai"):
        doc.add_paragraph(text)
    path = tmp_path / "to-khai.docx"
    doc.save(path)
    result = CliRunner().invoke(main, ["kiem-tra-the-thuc", str(path), "--json"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["hanh_chinh"] is False and report["quy_tac"] is None and report["ket_qua"] == []
    forced = CliRunner().invoke(main, ["kiem-tra-the-thuc", str(path), "--quy-tac", "nha-nuoc"])
    assert forced.exit_code == 1  # asked for, the rules are applied anyway


def test_outputs_saved_by_libreoffice_stay_clean(libreoffice, sample_year, tmp_path):
    from vanban.rendering.pdf import soffice

    files = [p for p in sorted(sample_year.glob("*.docx")) if not p.name.startswith("noi-nhan")]
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "rt"), *map(str, files)],
                   capture_output=True, check=True, timeout=600)
    saved = sorted((tmp_path / "rt").glob("*.docx"))
    assert len(saved) == len(files) == 18
    assert {p.name: findings(p)[1] for p in saved} == {p.name: set() for p in saved}
