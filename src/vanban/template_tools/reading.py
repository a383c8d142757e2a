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
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

from ..errors import Finding, Location
from ..rendering.render import deadline, plain_message
from ..ooxml.story import Para, Part, load_parts, merge_span, run_look_key, runs_of, serialise
from ..output import write_all

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
OPEN = re.compile(r"\{\{|\{%|\{#")
CURLY = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"}
PREFIX = re.compile(r"^(\{[{%#])(p|tr|tc|r)(?=\s)")
# docxtpl's own tags, replaced before Jinja sees the template
DOCXTPL_TAGS = re.compile(r"^\{%-?\s*(colspan|cellbg)\s+(.*?)\s*-?%\}$|^\{%-?\s*(vm|hm)\s*-?%\}$", re.S)


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


def _tags(para: Para):
    for m in TAG.finditer(para.text):
        yield m.start(), m.end(), m.group(0)


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
                pieces = runs_of(para, start, end)
                if word_damage and len({run_look_key(p.run) for p in pieces}) > 1:
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
        straight = "".join(CURLY.get(c, c) for c in tag)
        if len(runs_of(para, start, end)) <= 1 and straight == tag:
            continue
        merge_span(para, start, end, straight)
        changed += 1
    return changed


def repair(path: Path, shown: str, backup: bool = True) -> tuple[int, Path | None]:
    """Mend the template in place (after a backup copy); idempotent."""
    doc, parts = load_parts(path, shown)
    changed = sum(_repair_paragraph(para) for part in parts for para in part.paragraphs)
    if not changed:
        return 0, None
    for part in parts:
        serialise(part)
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
