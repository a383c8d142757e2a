"""Template tools: find what Word did to a template's Jinja tags, and mend it.

Word splits a tag across runs (spell-check marks, a formatting change inside
the tag, revisions) and turns quotes into curly quotes. `check()` reads every
part that docxtpl renders (body, headers, footers, footnotes, endnotes),
paragraph by paragraph and cell by cell, and reports every problem with where
it is and what to do. `repair()` merges each tag into the run of its first
character and straightens its quotes, touching nothing outside tags.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from jinja2 import TemplateSyntaxError, meta, nodes
from lxml import etree

from .errors import Finding, Location, TemplateProblem
from .output import write_all

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
q = lambda tag: f"{{{W}}}{tag}"  # noqa: E731

PART_NAMES = {  # content type suffix → how the part is named to the clerk
    "document.main+xml": "thân văn bản",
    "header+xml": "đầu trang",
    "footer+xml": "chân trang",
    "footnotes+xml": "chú thích cuối trang",
    "endnotes+xml": "chú thích cuối văn bản",
}
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
OPEN = re.compile(r"\{\{|\{%|\{#")
CURLY = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"}
PREFIX = re.compile(r"^(\{[{%#])(p|tr|tc|r)(?=\s)")
# docxtpl's own tags, replaced before Jinja sees the template
DOCXTPL_TAGS = re.compile(r"^\{%-?\s*(colspan|cellbg)\s+(.*?)\s*-?%\}$|^\{%-?\s*(vm|hm)\s*-?%\}$", re.S)
NOISE = {q("lang"), q("noProof"), q("proofErr"), q("rtl")}


@dataclass
class Piece:
    """One w:t of a paragraph, with its run."""

    t: etree._Element
    run: etree._Element
    start: int
    end: int


@dataclass
class Para:
    element: etree._Element
    where: str          # 'thân văn bản, đoạn 5' / 'bảng 1, dòng 2, ô 3'
    pieces: list[Piece]
    in_row: bool
    in_cell: bool

    @property
    def text(self) -> str:
        return "".join(p.t.text or "" for p in self.pieces)


@dataclass
class Part:
    label: str
    root: etree._Element
    paragraphs: list[Para] = field(default_factory=list)
    owner: object = None  # the python-docx part, to write the XML back


def _pieces(p: etree._Element) -> list[Piece]:
    out, pos = [], 0
    for t in p.iter(q("t")):
        run = t.getparent()
        # a text inside a nested paragraph (text box) belongs to that paragraph
        anc = t.getparent()
        while anc is not None and anc.tag != q("p"):
            anc = anc.getparent()
        if anc is not p:
            continue
        text = t.text or ""
        out.append(Piece(t, run, pos, pos + len(text)))
        pos += len(text)
    return out


def _walk(container, label: str, out: list[Para], counter: list[int], table_path: str = "",
          in_row: bool = False, in_cell: bool = False) -> None:
    tables = 0
    for child in container:
        if child.tag == q("p"):
            counter[0] += 1
            where = f"{table_path}, đoạn {counter[0]}" if table_path else f"{label}, đoạn {counter[0]}"
            out.append(Para(child, where, _pieces(child), in_row, in_cell))
        elif child.tag == q("tbl"):
            tables += 1
            base = f"{table_path} › bảng {tables}" if table_path else f"{label}, bảng {tables}"
            for r, row in enumerate(child.iter(q("tr")), 1):
                if row.getparent() is not child:
                    continue
                for c, cell in enumerate(row.findall(q("tc")), 1):
                    cell_counter = [0]
                    _walk(cell, label, out, cell_counter, f"{base}, dòng {r}, ô {c}", True, True)
        elif child.tag in (q("sdt"), q("customXml"), q("ins"), q("smartTag")):
            inner = child.find(q("sdtContent")) if child.tag == q("sdt") else child
            if inner is not None:
                _walk(inner, label, out, counter, table_path, in_row, in_cell)
        elif child.tag in (q("document"), q("body"), q("hdr"), q("ftr"), q("footnotes"), q("footnote"),
                           q("endnotes"), q("endnote")):
            _walk(child, label, out, counter, table_path, in_row, in_cell)


def load_parts(path: Path, shown: str) -> tuple[object, list[Part]]:
    """The parts docxtpl renders, each with its paragraphs in reading order."""
    from .ooxml.package import check_package

    check_package(path, shown, "docx", TemplateProblem)
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, TypeError, AttributeError, etree.XMLSyntaxError):
        raise TemplateProblem([Finding(Location(shown), "không mở được tệp Word: nội dung bên trong bị hỏng",
                                       "mở tệp trong Word và lưu lại dạng .docx")]) from None
    parts, counts = [], {}
    for part in doc.part.package.iter_parts():
        kind = next((k for k in PART_NAMES if part.content_type.endswith(k)), None)
        if kind is None:
            continue
        counts[kind] = counts.get(kind, 0) + 1
        label = PART_NAMES[kind] + (f" {counts[kind]}" if kind != "document.main+xml" else "")
        root = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
        item = Part(label, root, owner=part)
        _walk([root], label, item.paragraphs, [0])
        parts.append(item)
    parts.sort(key=lambda p: (p.label != "thân văn bản", p.label))
    return doc, parts


# --------------------------------------------------------------------------
# Tags


def normalise(tag: str) -> str:
    """A tag as docxtpl hands it to Jinja: prefixes p/tr/tc/r dropped, its own tags
    replaced, curly quotes straightened."""
    tag = "".join(CURLY.get(c, c) for c in tag)
    m = DOCXTPL_TAGS.match(tag)
    if m:
        return "{{ " + m.group(2) + " }}" if m.group(2) else ""
    return PREFIX.sub(r"\1", tag)


def _snippet(text: str, start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    lo, hi = max(0, start - 25), min(len(text), end + 25)
    s = text[lo:hi].strip()
    return ("…" if lo else "") + s + ("…" if hi < len(text) else "")


def _rpr_key(run) -> bytes:
    rpr = run.find(q("rPr"))
    if rpr is None:
        return b""
    clone = etree.fromstring(etree.tostring(rpr))
    for el in list(clone):
        if el.tag in NOISE:
            clone.remove(el)
    return etree.tostring(clone, method="c14n")


def _tags(para: Para):
    for m in TAG.finditer(para.text):
        yield m.start(), m.end(), m.group(0)


def _runs_of(para: Para, start: int, end: int) -> list[Piece]:
    return [p for p in para.pieces if p.end > start and p.start < end and p.end > p.start]


# --------------------------------------------------------------------------
# Checking


@dataclass
class Problem:
    where: str
    snippet: str
    message: str
    hint: str
    repairable: bool = False


def part_source(part: Part) -> tuple[str, list[Para]]:
    """The part as Jinja sees it, one line per paragraph (text outside tags dropped)."""
    lines = []
    for para in part.paragraphs:
        lines.append(" ".join(normalise(tag) for _, _, tag in _tags(para)))
    return "\n".join(lines), part.paragraphs


def check_parts(parts: list[Part], env, variables: set[str] | None = None, word_damage: bool = False) -> list[Problem]:
    """Every problem of every part. *variables*: the names a document kind provides
    (None: a generic check that knows no kind)."""
    problems: list[Problem] = []
    for part in parts:
        for para in part.paragraphs:
            text = para.text
            spans = list(_tags(para))
            covered = set()
            for start, end, tag in spans:
                covered.update(range(start, end))
                prefix = PREFIX.match(tag)
                kind = prefix.group(2) if prefix else None
                if kind in ("tr", "tc") and not para.in_row:
                    problems.append(Problem(para.where, _snippet(text, start, end),
                                            f"thẻ «{tag[:2]}{kind}» chỉ dùng trong một dòng của bảng",
                                            f"dùng «{tag[:2]}p» cho đoạn văn, hoặc đặt thẻ vào một ô của bảng"))
                if kind == "p":
                    rest = (text[:start] + text[end:]).strip()
                    if rest:
                        problems.append(Problem(para.where, _snippet(text, start, end),
                                                f"đoạn chứa thẻ «{tag[:2]}p» còn chữ khác («{rest[:30]}»): khi dựng, "
                                                "cả đoạn được thay bằng thẻ nên chữ đó sẽ mất",
                                                "để thẻ «{%p …%}» một mình một đoạn"))
                if word_damage and any(c in tag for c in CURLY):
                    problems.append(Problem(para.where, _snippet(text, start, end),
                                            f"dấu ngoặc cong trong thẻ {tag[:40]}",
                                            "chạy «vanban mau sua» (hoặc gõ lại dấu ngoặc thẳng \" ')", True))
                pieces = _runs_of(para, start, end)
                if word_damage and len({_rpr_key(p.run) for p in pieces}) > 1:
                    problems.append(Problem(para.where, _snippet(text, start, end),
                                            f"thẻ {tag[:40]} bị Word tách thành nhiều đoạn định dạng khác nhau",
                                            "chạy «vanban mau sua» để gộp thẻ về định dạng của ký tự đầu", True))
            for m in OPEN.finditer(text):
                if m.start() not in covered:
                    problems.append(Problem(para.where, _snippet(text, m.start(), m.end()),
                                            f"thẻ mở «{m.group(0)}» không có dấu đóng trong cùng đoạn",
                                            "đóng thẻ bằng «}}», «%}» hoặc «#}» trong cùng một đoạn"))
                    break
        problems += _jinja(part, env, variables)
    return problems


def _jinja(part: Part, env, variables: set[str] | None) -> list[Problem]:
    source, paras = part_source(part)
    if not source.strip():
        return []

    def at(lineno: int | None) -> Para:
        i = min(max((lineno or 1) - 1, 0), len(paras) - 1)
        return paras[i]

    try:
        ast = env.parse(source)
    except TemplateSyntaxError as exc:
        para = at(exc.lineno)
        return [Problem(para.where, _snippet(para.text), f"lỗi cú pháp Jinja: {exc.message}",
                        "sửa thẻ ở đoạn này (thẻ mở và thẻ đóng phải khớp: if/endif, for/endfor)")]
    problems = []
    if variables is None:  # a generic check knows neither the kind's variables nor its filters
        return problems
    for node in ast.find_all(nodes.Filter):
        if node.name not in env.filters:
            para = at(node.lineno)
            problems.append(Problem(para.where, _snippet(para.text), f"bộ lọc «{node.name}» không có",
                                    "xem danh sách bộ lọc bằng «vanban mau bien LOẠI»"))
    try:
        undeclared = meta.find_undeclared_variables(ast)
    except TemplateSyntaxError:  # an unknown filter, already reported above
        return problems
    for name in sorted(undeclared - variables):
        line = next((i for i, ln in enumerate(source.splitlines(), 1) if re.search(rf"\b{re.escape(name)}\b", ln)), 1)
        para = at(line)
        problems.append(Problem(para.where, _snippet(para.text),
                                f"biến «{name}» không có trong loại văn bản này",
                                "sửa tên biến; xem danh sách bằng «vanban mau bien LOẠI»"))
    return problems


DRY_RUN_SECONDS = 10


def _placeholder(value):
    """A context value as a dry render can print it (pictures, tables, blocks as text)."""
    if isinstance(value, dict):
        return {k: _placeholder(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_placeholder(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return f"[{type(value).__name__}]"


def check_against(parts: list[Part], env, context: dict) -> list[Problem]:
    """Render every part's tags with a real document's context: a key the data lacks
    (an attribute, an item) is found here, with its paragraph, before any build."""
    import traceback

    from jinja2 import TemplateError, UndefinedError

    from .render import deadline, plain_message

    data = _placeholder(context)
    problems = []
    for part in parts:
        source, paras = part_source(part)
        if not source.strip():
            continue
        try:
            with deadline(DRY_RUN_SECONDS):
                env.from_string(source).render(data)
        except TemplateSyntaxError:
            continue  # reported by the syntax check
        except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError, RecursionError) as exc:
            line = next((f.lineno for f in reversed(traceback.extract_tb(exc.__traceback__))
                         if f.filename == "<template>"), 1)
            para = paras[min(max(line - 1, 0), len(paras) - 1)]
            what = plain_message(exc)
            if isinstance(exc, UndefinedError):
                problems.append(Problem(para.where, _snippet(para.text),
                                        f"dữ liệu hiện có không có {_undefined_name(what)}",
                                        "sửa thẻ cho khớp dữ liệu (xem «vanban mau bien LOẠI»), hoặc bổ sung dữ liệu"))
            else:
                problems.append(Problem(para.where, _snippet(para.text), f"lỗi khi điền mẫu với dữ liệu hiện có: {what}",
                                        "sửa thẻ ở đoạn này"))
    return problems


def _undefined_name(message: str) -> str:
    """'dict object' has no attribute 'ma_van_ban' → «ma_van_ban»."""
    m = re.search(r"has no attribute '([^']+)'", message) or re.search(r"'([^']+)' is undefined", message)
    return f"«{m.group(1)}»" if m else message


def check(path: Path, shown: str, env, variables: set[str] | None = None, word_damage: bool = False,
          context: dict | None = None) -> list[Finding]:
    _, parts = load_parts(path, shown)
    problems = check_parts(parts, env, variables, word_damage)
    if context is not None and not problems:
        problems = check_against(parts, env, context)
    return [Finding(Location(shown, None, f"{p.where}: «{p.snippet}»" if p.snippet else p.where), p.message, p.hint)
            for p in problems]


# --------------------------------------------------------------------------
# Repair


def _repair_paragraph(para: Para) -> int:
    """Merge each tag into the run of its first character; straighten its quotes.
    Returns how many tags were changed."""
    changed = 0
    for start, end, tag in reversed(list(_tags(para))):
        pieces = _runs_of(para, start, end)
        straight = "".join(CURLY.get(c, c) for c in tag)
        if len(pieces) <= 1 and straight == tag:
            continue
        first = pieces[0]
        head = (first.t.text or "")[: start - first.start]
        tail_piece = pieces[-1]
        tail = (tail_piece.t.text or "")[end - tail_piece.start:]
        if len(pieces) == 1:
            first.t.text = head + straight + tail
        else:
            first.t.text = head + straight
            for piece in pieces[1:-1]:
                piece.t.text = ""
            tail_piece.t.text = tail
        for piece in pieces:
            if (piece.t.text or "") != (piece.t.text or "").strip():
                piece.t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for piece in pieces[1:]:
            run = piece.run
            if not (piece.t.text or "") and run.tag == q("r"):
                piece.t.getparent().remove(piece.t)
                if not [c for c in run if c.tag != q("rPr")]:
                    run.getparent().remove(run)
        # spell-check marks between the merged runs mean nothing any more
        for mark in para.element.findall(q("proofErr")):
            para.element.remove(mark)
        changed += 1
        para.pieces = _pieces(para.element)
    return changed


def repair(path: Path, shown: str, backup: bool = True) -> tuple[int, Path | None]:
    """Mend the template in place (after a backup copy); idempotent."""
    doc, parts = load_parts(path, shown)
    changed = sum(_repair_paragraph(para) for part in parts for para in part.paragraphs)
    if not changed:
        return 0, None
    for part in parts:
        if not hasattr(part.owner, "element"):
            part.owner._blob = etree.tostring(part.root, xml_declaration=True, encoding="UTF-8", standalone=True)
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
    return changed, saved
