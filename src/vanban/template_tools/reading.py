"""Template tools: what Word did to a template, named; and mended where it can be.

`check()` reads a template the one way the build reads it (rendering.render:
`template_problems`, `kind_problems`, built on ooxml/tags.py and ooxml/clean.py):
what it calls an error, the build refuses with the same words; what the build
handles (a tag split over runs or broken by Enter, curly quotes), it names as
a warning that `vanban mau sua` tidies. `repair()` removes what can go without
changing the printed text: it accepts tracked changes, deletes comments, turns
tracking off, drops macros, custom data, the attached template and links to
files, joins paragraphs a tag was broken across, merges each tag into the run
of its first character and turns Word's characters in tags back into what the
clerk typed.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ..errors import Finding, Location, TemplateProblem
from ..ooxml import clean, tags
from ..ooxml.format import q
from ..ooxml.package import check_package
from ..ooxml.story import Para, merge_span, parts_of, runs_of, serialise
from ..output import write_all
from ..rendering.render import dry_context, dry_run, kind_problems, template_problems


def _open(path: Path, shown: str, data: bytes | None = None):
    """(document, parts) of a template; a macro-enabled package is named as such."""
    check_package(path, shown, "docx", TemplateProblem)
    try:
        doc = Document(io.BytesIO(data if data is not None else path.read_bytes()))
    except (PackageNotFoundError, KeyError, ValueError, TypeError, AttributeError, etree.XMLSyntaxError):
        macros = clean.macro_parts(path) if data is None else []
        if macros:
            raise TemplateProblem([clean.macro_problem(macros).finding(shown)]) from None
        raise TemplateProblem([Finding(Location(shown), "không mở được tệp Word: nội dung bên trong bị hỏng",
                                       "mở tệp trong Word và lưu lại dạng .docx")]) from None
    return doc, parts_of(doc)


# --------------------------------------------------------------------------
# Checking


def check(path: Path, shown: str, env, variables: set[str] | None = None, word_damage: bool = False,
          context: dict | None = None, framed: bool = False) -> list[Finding]:
    """Every finding of a template. *variables*: the names its kind provides (None: a generic
    check of any docxtpl template, its tags alone); *framed*: the kind has the thể thức
    header and closing; *context*: a document's data, to fill the template with."""
    doc, parts = _open(path, shown)
    if variables is None:
        problems = tags.read(parts).structure(env)
        return [p.finding(shown) for p in problems if p.error or word_damage]
    reading, problems = template_problems(doc, parts, env, path)
    problems += kind_problems(reading, env, variables, framed, context)
    if context is not None and not any(p.error for p in problems):
        problems += dry_run(reading, env, dry_context(context, framed))
    errors = [p.finding(shown) for p in problems if p.error]
    warnings = [p.finding(shown) for p in problems if not p.error] if word_damage else []
    return errors + warnings


# --------------------------------------------------------------------------
# Repair


def _join_broken_tags(parts) -> int:
    """Paragraphs a tag was broken across by Enter, joined back into the first (as the build
    joins them: the first paragraph's properties stay)."""
    count = 0
    for pt in tags.read(parts).parts:
        for first, last in reversed(pt.joined):
            head = pt.paras[first].element
            for k in range(first + 1, last + 1):
                el = pt.paras[k].element
                for child in list(el):
                    if child.tag != q("pPr"):
                        head.append(child)
                el.getparent().remove(el)
            count += 1
    return count


def _repair_paragraph(para: Para) -> tuple[int, int]:
    """Merge each tag into the run of its first character, its quotes straightened and Word's
    characters turned back; (tags merged, tags whose characters changed)."""
    merged = fixed = 0
    found = list(tags.OPEN.finditer(para.text))
    spans = []
    text = para.text
    for m in found:
        close = text.find(tags.OPENERS[m.group(0)], m.end())
        if close >= 0 and not any(s <= m.start() < e for s, e, _ in spans):
            spans.append((m.start(), close + 2, text[m.start():close + 2]))
    for start, end, tag in reversed(spans):
        new = tags.fix_chars(tag)
        split = len(runs_of(para, start, end)) > 1
        if not split and new == tag:
            continue
        merge_span(para, start, end, new)
        merged += split
        fixed += new != tag
    return merged, fixed


def repair(path: Path, shown: str, backup: bool = True) -> tuple[list[str], Path | None]:
    """Mend the template in place (after a backup copy); what was done, one line each.
    Running it again changes nothing."""
    data = path.read_bytes()
    done: list[str] = []
    macros = clean.macro_parts(path)
    if macros:
        data = clean.strip_macros(data)
        done.append(f"đã bỏ macro ({', '.join(macros)})")
    doc, parts = _open(path, shown, data)
    done += clean.repair(doc, parts)
    joined = _join_broken_tags(parts_of(doc))
    if joined:
        done.append(f"đã nối lại {joined} thẻ bị ngắt xuống đoạn sau (Enter giữa thẻ)")
    parts = parts_of(doc)
    merged = fixed = 0
    for part in parts:
        for para in part.paragraphs:
            m, f = _repair_paragraph(para)
            merged, fixed = merged + m, fixed + f
    if merged:
        done.append(f"đã gộp {merged} thẻ bị Word tách thành nhiều đoạn định dạng (theo định dạng của ký tự đầu)")
    if fixed:
        done.append(f"đã đổi ngoặc cong và ký tự Word tự đổi trong {fixed} thẻ về dấu thường")
    if not done:
        return [], None
    for part in parts:
        serialise(part)
    clean.write_back(doc)
    saved = None
    if backup:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        saved = path.with_name(f"{path.stem}.{stamp}.bak.docx")
        shutil.copy2(path, saved)
    out = io.BytesIO()
    doc.save(out)
    mode = path.stat().st_mode & 0o777
    write_all({path: out.getvalue()})
    path.chmod(mode)  # the template keeps the rights the office gave it
    return done, saved
