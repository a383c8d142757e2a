"""What a clerk edits in Word is what gets issued — or a clear refusal.

Each edit of tests/word_edits (written as Word writes its XML) is applied to a
copy of a shipped template, then `mau kiem-tra`, `build` and, where promised,
`mau sua` run through the CLI. Outcomes:

- SAME: the document built reads exactly as the unedited template's (every
  paragraph's properties, text — no-break spaces included — and the look of
  every character, whatever the runs);
- EDITED: it reads as the same change made cleanly;
- FIXED: `build` refuses, writing nothing, until `mau sua` mends the template
  (keeping a backup); then SAME or EDITED;
- REFUSED: `build` writes nothing, exits 2, names the template, the paragraph
  (or part) and what to do; `mau kiem-tra` gives the same findings, exit 1.

No edit ends in a document that differs silently. Every document built is also
free of what Word leaves behind (revisions, comments, tracking, editors'
session ids and names, macros, custom data, links to files).
"""

from __future__ import annotations

import copy
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import REPO, run
from word_edits import EDITED, EDITS, FIXED, PEOPLE, REFUSED, SAME, Package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
q = lambda tag: f"{{{W}}}{tag}"  # noqa: E731
YEARS = {None: 2018, "ubnd-xa": 2026}
# what changes nothing a reader of Vietnamese text sees: proofing language, the complex-script twins
NOISE = {q("lang"), q("noProof"), q("bCs"), q("iCs"), q("szCs")}


def source(example: str | None) -> Path:
    return REPO if example is None else REPO / "examples" / example


def make_project(root: Path, example: str | None) -> Path:
    shutil.copytree(source(example) / "data", root / "data")
    shutil.copytree(source(example) / "templates", root / "templates")
    (root / "output").mkdir()
    return root


def outputs(root: Path) -> dict[str, Path]:
    return {p.name: p for p in sorted((root / "output").rglob("*.docx"))}


def build(root: Path, kind: str, year: int):
    result = run(root, "build", kind, str(year))
    return result, outputs(root)


# --------------------------------------------------------------------------
# What a reader sees


def _canonical(el, styles: dict[str, str], font: str = "") -> str:
    """Properties as a reader sees them: style ids by their names, empty properties and the
    document's own font (written again on a run) as no properties at all."""
    if el is None:
        return ""
    el = copy.deepcopy(el)
    for x in el.iter():
        for key in [k for k in x.attrib if k.startswith(f"{{{W}}}rsid")]:
            del x.attrib[key]
        if x.tag in (q("pStyle"), q("rStyle")):
            x.set(q("val"), styles.get(x.get(q("val")), x.get(q("val"))))
    for x in list(el.iter()):
        if x.tag in NOISE or (x.tag == q("rFonts") and set(x.attrib.values()) == {font}):
            x.getparent().remove(x)
    for x in list(el.iter(q("rPr"))):
        if len(x) == 0 and x is not el and x.getparent() is not None:
            x.getparent().remove(x)
    if len(el) == 0:
        return ""
    return etree.tostring(el, method="c14n").decode()


def _paragraphs(root, styles, font) -> list:
    out = []
    for p in root.iter(q("p")):
        segments: list[list] = []
        for r in p.iter(q("r")):
            anc = r.getparent()
            while anc.tag != q("p"):
                anc = anc.getparent()
            if anc is not p:
                continue
            look = _canonical(r.find(q("rPr")), styles, font)
            for child in r:
                text = child.text or "" if child.tag == q("t") else {q("tab"): "\t", q("br"): "\n"}.get(child.tag, "")
                if not text:
                    continue
                if segments and segments[-1][0] == look:
                    segments[-1][1] += text
                else:
                    segments.append([look, text])
        out.append((_canonical(p.find(q("pPr")), styles, font), [tuple(s) for s in segments]))
    return out


def visible(path: Path) -> dict:
    """Every paragraph of the body, headers and footers: its properties, its text in
    stretches of one look (run splits do not matter, the look of each character does)."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    styles, font = {}, ""
    if "word/styles.xml" in parts:
        for s in etree.fromstring(parts["word/styles.xml"]).iter(q("style")):
            name = s.find(q("name"))
            styles[s.get(q("styleId"))] = name.get(q("val")) if name is not None else s.get(q("styleId"))
            fonts = s.find(f"{q('rPr')}/{q('rFonts')}")
            if s.get(q("styleId")) == "Normal" and fonts is not None:
                font = fonts.get(q("ascii"), "")
    out = {}
    for name, data in parts.items():
        if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
            out[name] = _paragraphs(etree.fromstring(data), styles, font)
    return out


def assert_clean(path: Path) -> None:
    """Nothing of what Word leaves behind reached the document."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        text = {n: zf.read(n).decode("utf-8", "replace") for n in names if n.endswith((".xml", ".rels"))}
    joined = "\n".join(text.values())
    for mark in ("<w:ins ", "<w:del ", "<w:moveFrom", "<w:moveTo", "rPrChange", "w:commentReference",
                 "w:trackRevisions", "w:rsid", "vbaProject", "attachedTemplate", "w:altChunk", "w:vanish"):
        assert mark not in joined, mark
    assert not [n for n in names if "comments" in n or n.endswith(".bin") or n.startswith("docProps/custom")]
    assert not re.search(r'TargetMode="External"[^>]*|Target="file:', "".join(
        t for n, t in text.items() if n.endswith(".rels") and "hyperlink" not in t)), "external link"
    props = "".join(t for n, t in text.items() if n.startswith("docProps/"))
    assert not [name for name in (*PEOPLE, "Văn thư", "Trưởng phòng") if name in props], props


# --------------------------------------------------------------------------
# The unedited documents, built once


_pristine: dict[tuple, dict] = {}


def pristine(tmp_path_factory, example, kind, clean=None) -> dict[str, dict]:
    """The documents of *kind* built from the shipped templates (changed by *clean*, a
    python-docx edit, when given): name → what a reader sees."""
    key = (example, kind, clean)
    if key not in _pristine:
        root = make_project(tmp_path_factory.mktemp("pristine") / "proj", example)
        if clean is not None:
            decl_template = _template_of(root, kind)
            clean(root / "templates" / "docx" / decl_template)
        result, built = build(root, kind, YEARS[example])
        assert result.exit_code == 0, result.output
        for path in built.values():
            assert_clean(path)
        _pristine[key] = {name: visible(path) for name, path in built.items()}
    return _pristine[key]


def _template_of(root: Path, kind: str) -> str:
    import yaml

    kinds = yaml.safe_load((root / "templates" / "loai-van-ban.yaml").read_text(encoding="utf-8"))["loai_van_ban"]
    return kinds[kind]["mau"]


def assert_reads_as(built: dict[str, Path], expected: dict[str, dict]) -> None:
    assert sorted(built) == sorted(expected)
    for name, path in built.items():
        assert_clean(path)
        got = visible(path)
        for part in expected[name]:
            a, b = got[part], expected[name][part]
            assert len(a) == len(b), (name, part, "paragraph count")
            for i, (x, y) in enumerate(zip(a, b)):
                assert x == y, (name, part, i, x, y)


def finding_lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.startswith("  templates/")]


# --------------------------------------------------------------------------
# The corpus


@pytest.mark.parametrize("edit", EDITS, ids=[e.name for e in EDITS])
def test_word_edit(edit, tmp_path, tmp_path_factory):
    root = make_project(tmp_path / "proj", edit.example)
    template = root / "templates" / "docx" / edit.template
    shown = f"templates/docx/{edit.template}"
    year = YEARS[edit.example]
    pkg = Package(template)
    edit.apply(pkg)
    pkg.save()
    edited_bytes = template.read_bytes()

    checked = run(root, "mau", "kiem-tra", shown)
    if edit.outcome in (SAME, EDITED):
        assert checked.exit_code == 0, checked.output
        assert ("nên sửa" in checked.output) == edit.warned, checked.output
        for words in edit.says:
            assert words in checked.output, checked.output
        result, built = build(root, edit.kind, year)
        assert result.exit_code == 0, result.output
        expected = pristine(tmp_path_factory, edit.example, edit.kind, edit.clean)
        assert_reads_as(built, expected)
        if edit.warned:  # `mau sua` tidies what the build handles; the document stays the same
            mended = run(root, "mau", "sua", shown)
            assert mended.exit_code == 0 and "Đã sửa" in mended.output, mended.output
            again = run(root, "mau", "kiem-tra", shown)
            assert again.exit_code == 0 and "nên sửa" not in again.output, again.output
            shutil.rmtree(root / "output")
            (root / "output").mkdir()
            result, built = build(root, edit.kind, year)
            assert result.exit_code == 0, result.output
            assert_reads_as(built, expected)
        return

    # refused: by the check and the build alike, nothing written, the same findings
    assert checked.exit_code == 1, checked.output
    result, built = build(root, edit.kind, year)
    assert result.exit_code == 2, result.output
    assert built == {} and not list((root / "output").rglob("*.*"))
    assert "Traceback" not in result.output and "Chưa ghi tệp nào" in result.output
    for words in edit.says:
        assert words in result.output, result.output
        assert words in checked.output, checked.output
    lines = finding_lines(result.output)
    assert lines and all(line.startswith(shown) for line in lines), result.output
    assert any(edit.where in line for line in lines), result.output
    check_lines = finding_lines(checked.output)
    assert set(lines) <= set(check_lines), (lines, check_lines)
    assert not re.search(r"\b(Unexpected|expected token|unknown tag|at \d+)\b", result.output + checked.output)

    mended = run(root, "mau", "sua", shown)
    assert mended.exit_code == 0, mended.output
    if edit.outcome == REFUSED:  # what only the clerk can decide stays refused
        assert run(root, "build", edit.kind, str(year)).exit_code == 2
        return

    assert "Đã sửa" in mended.output and "Còn" not in mended.output, mended.output
    backups = list(template.parent.glob(f"{template.stem}.*.bak.docx"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited_bytes
    again = run(root, "mau", "kiem-tra", shown)
    assert again.exit_code == 0 and "nên sửa" not in again.output, again.output
    assert "Không có gì cần sửa" in run(root, "mau", "sua", shown).output  # a second run changes nothing
    result, built = build(root, edit.kind, year)
    assert result.exit_code == 0, result.output
    assert_reads_as(built, pristine(tmp_path_factory, edit.example, edit.kind, edit.clean))


def test_the_corpus_covers_what_the_issue_lists():
    outcomes = [e.outcome for e in EDITS]
    assert len(EDITS) >= 30 and len({e.name for e in EDITS}) == len(EDITS)
    assert {SAME, EDITED, FIXED, REFUSED} == set(outcomes)
    assert any(e.example for e in EDITS) and any(e.kind == "thong-bao" for e in EDITS)


# --------------------------------------------------------------------------
# Round trips through LibreOffice Writer


@pytest.mark.libreoffice
@pytest.mark.parametrize("via", ["odt", "docx"])
def test_a_template_saved_by_writer_builds_the_same_document(via, tmp_path, libreoffice):
    """A template opened in LibreOffice Writer and saved again (as .docx, or through .odt):
    Writer renames the styles' ids, writes every run anew and leaves «Normal» unmarked as
    the default style; the plan built from it reads as the one built from the shipped
    template (body: every paragraph, character and look; headers: their text)."""
    root = make_project(tmp_path / "proj", None)
    template = root / "templates" / "docx" / "ke-hoach.docx"
    work = tmp_path / "lo"
    work.mkdir()
    shutil.copy(template, work / "ke-hoach.docx")
    saved = writer(work / "ke-hoach.docx", "odt", tmp_path / "profile") if via == "odt" else work / "ke-hoach.docx"
    back = writer(saved, "docx", tmp_path / "profile")
    shutil.copy(back, template)
    checked = run(root, "mau", "kiem-tra", "templates/docx/ke-hoach.docx")
    assert checked.exit_code == 0, checked.output
    result, built = build(root, "ke-hoach", 2018)
    assert result.exit_code == 0, result.output
    reference = make_project(tmp_path / "ref", None)
    expected = build(reference, "ke-hoach", 2018)[1]
    assert sorted(built) == sorted(expected)
    for name, path in built.items():
        assert_clean(path)
        assert visible(path)["word/document.xml"] == visible(expected[name])["word/document.xml"]
        assert texts(path) == texts(expected[name])


def writer(path: Path, fmt: str, profile: Path) -> Path:
    import subprocess

    from vanban.rendering.pdf import soffice

    out = path.parent / fmt
    out.mkdir(exist_ok=True)
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
    return out / (path.stem + "." + fmt)


def texts(path: Path) -> list[tuple[str, str, list]]:
    """Paragraph by paragraph: its style's name, its text, the bold/italic/underline of its stretches."""
    from docx import Document

    doc = Document(path)
    out = []
    for p in doc.paragraphs:
        looks = []
        for r in p.runs:
            look = (bool(r.bold), bool(r.italic), bool(r.underline))
            if r.text:
                if looks and looks[-1][0] == look:
                    looks[-1] = (look, looks[-1][1] + r.text)
                else:
                    looks.append((look, r.text))
        out.append((p.style.name if p.style is not None else "", p.text, looks))
    for section in doc.sections:
        out.append(("header", section.header.paragraphs[0].text if section.header.paragraphs else "", []))
    return out


def test_issuing_refuses_what_the_build_refuses(tmp_path):
    """`phat-hanh` fills the same prepared templates: a comment left in the plan's template
    stops the issue before any number is given or any file archived."""
    root = make_project(tmp_path / "proj", None)
    edit = next(e for e in EDITS if e.name == "comment")
    pkg = Package(root / "templates" / "docx" / edit.template)
    edit.apply(pkg)
    pkg.save()
    result = run(root, "phat-hanh", "2018", "--khong-pdf")
    assert result.exit_code == 2, result.output
    assert "nhận xét (comment) «Đừng gửi bản này»" in result.output
    assert not [p for p in (root / "output").rglob("*") if p.is_file()]
    assert not (root / "data" / "so-van-ban-di.csv").exists()
