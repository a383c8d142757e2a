"""Rendering: prepare a DOCX template once, then fill it with many contexts.

`Renderer` prepares each template of a run once (`Prepared`: opened, read and
checked exactly as `vanban mau kiem-tra` reads it — `template_problems` and
`kind_problems` are that one reading, on ooxml/tags.py and ooxml/clean.py —
cleaned of its editors' traces, its direct formatting reset, given the
profile, compiled; ooxml/template.py keeps its parts) and renders each job
from it; `render()` renders one job. The Jinja environment is sandboxed,
autoescaped, strict and bounded (bounds.py): a variable the context lacks is
an error naming it, the template and the paragraph, never an empty gap in an
official document.
The renderer knows nothing of Party branches: it fills the template with the
context, the thể thức blocks and tables that ooxml/layout.py writes, and
keeps the closing block with the body.
"""

from __future__ import annotations

import io
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree
from markupsafe import Markup

from ..ooxml import clean, direct, layout, story, tags, typography
from ..ooxml.package import check_package
from ..ooxml.tags import Problem, Reading, snippet
from ..ooxml.template import PreparedTemplate
from .bounds import MAX_DOCUMENT_BYTES, BoundedEnvironment, bounded_filter
from ..text import vietnamese as vi
from .content import Frame, Picture, Table
from ..errors import Finding, Location, TemplateProblem
from ..data.model import Profile
from .look import look_of

# Variables that the renderer itself provides to every template.
FRAME_VARIABLES = {
    "phan_dau": "phần đầu văn bản theo thể thức (tiêu đề, cơ quan, số, ngày, tên loại, trích yếu)",
    "phan_cuoi": "phần cuối văn bản (Nơi nhận và chữ ký)",
}


def _date(value, blank_day: bool = False) -> str:
    return vi.date_words(value, blank_day)


FILTERS = {
    "hai_so": vi.two_digits,       # 2 → '02'
    "ngay": _date,                 # date → 'ngày 05 tháng 01 năm 2018'
    "so_chu": vi.number_words,     # 21 → 'hai mươi mốt'
    "thap_phan": vi.decimal,       # 1905 → '1.905'
    "phan_tram": vi.percent,       # (7, 8) → '87,5%'
    "in_hoa": vi.upper,
}


RENDER_SECONDS = 30         # one document; nested loops over huge ranges stop here


class RenderTimeout(TemplateError):
    """A template ran past RENDER_SECONDS."""


@contextmanager
def deadline(seconds: float | None = None):
    """Stop a render that runs past *seconds* (RENDER_SECONDS; main thread only, elsewhere unbounded)."""
    seconds = RENDER_SECONDS if seconds is None else seconds
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(*_):
        raise RenderTimeout(f"mẫu chạy quá {seconds:g} giây")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


PYTHON_MESSAGES = [  # Python's and Jinja's words → the clerk's
    ("Range too big", "dãy số range(…) quá lớn (tối đa 100.000 phần tử)"),
    ("unsupported operand", "phép tính giữa hai loại giá trị không tính được với nhau (chữ và số?)"),
    ("can only concatenate", "phép tính giữa hai loại giá trị không tính được với nhau (chữ và số?)"),
    ("can't multiply sequence", "phép nhân chữ với một giá trị không phải số nguyên"),
    ("division by zero", "chia cho 0"),
    ("modulo by zero", "chia cho 0"),
    ("Exceeds the limit", "số quá lớn (quá 4.000 chữ số)"),
    ("not iterable", "giá trị không phải danh sách nên không lặp được"),
    ("is not callable", "gọi một giá trị không phải hàm"),
    ("index out of range", "chỉ số vượt quá độ dài danh sách"),
    ("invalid literal", "không đổi được thành số"),
    ("could not convert", "không đổi được thành số"),
    ("not supported between", "so sánh hai loại giá trị không so được với nhau"),
    ("not all arguments converted", "chuỗi định dạng % không khớp số giá trị"),
    ("not enough arguments", "chuỗi định dạng % không khớp số giá trị"),
    ("maximum recursion depth", "mẫu gọi lồng nhau quá sâu (macro gọi chính nó?)"),
    ("is unsafe", "mẫu truy cập phần không được phép"),
    ("is not safely callable", "mẫu gọi một hàm không được phép"),
]


def plain_message(exc: Exception) -> str:
    """Jinja's and Python's messages that reach the clerk, in Vietnamese."""
    text = str(getattr(exc, "message", None) or exc)
    unsafe = re.search(r"access to attribute '([^']+)' of '(\w+)' object is unsafe", text)
    if unsafe:
        attr, owner = unsafe.groups()
        if owner in ("list", "dict", "set", "deque"):
            return f"mẫu không được thay đổi dữ liệu («{attr}» trên một danh sách hay bảng)"
        return f"mẫu truy cập «{attr}», phần không được phép"
    for english, vietnamese in PYTHON_MESSAGES:
        if english in text:
            return vietnamese
    if isinstance(exc, SecurityError) or not text.isascii():
        return text  # ours, already in Vietnamese
    if isinstance(exc, (KeyError, LookupError)):
        return "không có mục này trong dữ liệu"
    if isinstance(exc, (TypeError, ValueError)):
        return "giá trị không đúng loại cho phép tính hoặc bộ lọc này"
    return "biểu thức trong thẻ không tính được"


def undefined_name(message: str) -> str:
    """'dict object' has no attribute 'ma_van_ban' → «ma_van_ban»."""
    m = re.search(r"has no attribute '([^']+)'", message) or re.search(r"'([^']+)' is undefined", message) \
        or re.search(r"has no element '?([^']+)'?", message)
    return f"«{m.group(1)}»" if m else "một giá trị mẫu cần"


def render_problem(exc: BaseException) -> tuple[str, str]:
    """(message, hint) for an error while filling a template, as the clerk reads it."""
    if isinstance(exc, RenderTimeout):
        return f"{exc}: mẫu có vòng lặp quá lớn", "sửa các vòng lặp {% for %} trong mẫu"
    if isinstance(exc, MemoryError):
        return ("mẫu cần quá nhiều bộ nhớ (biểu thức hoặc vòng lặp tạo ra quá nhiều chữ)",
                "sửa biểu thức, vòng lặp trong thẻ")
    if isinstance(exc, SecurityError):
        return f"mẫu vượt giới hạn: {plain_message(exc)}", "sửa biểu thức trong thẻ"
    if isinstance(exc, UndefinedError):
        return (f"dữ liệu hiện có không có {undefined_name(str(exc.message or exc))}",
                "sửa thẻ cho khớp dữ liệu (xem «vanban mau bien LOẠI»), hoặc bổ sung dữ liệu")
    return f"lỗi khi điền mẫu: {plain_message(exc)}", "sửa thẻ ở đoạn này"


RENDER_ERRORS = (TemplateError, TypeError, ValueError, ArithmeticError, LookupError, RecursionError, MemoryError)


def environment() -> SandboxedEnvironment:
    env = BoundedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters.update({name: bounded_filter(name, f) for name, f in FILTERS.items()})
    return env


@dataclass(frozen=True)
class RenderJob:
    template: Path
    shown: str             # the template as named to the clerk
    context: dict[str, Any]
    frame: Frame | None
    profile: Profile
    landscape: bool = False


def _problem(shown: str, message: str, hint: str, where: str = "") -> TemplateProblem:
    return TemplateProblem([Finding(Location(shown, None, where), message, hint)])


def open_template(path: Path, shown: str) -> DocxTemplate:
    if not path.is_file():
        raise _problem(shown, "không tìm thấy tệp mẫu", "kiểm tra tên tệp trong templates/loai-van-ban.yaml")
    check_package(path, shown, "docx", TemplateProblem)
    macros = clean.macro_parts(path)
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
        return tpl
    except Exception:  # noqa: BLE001 - a zip that is not a valid WordprocessingML package
        if macros:  # Word's macro-enabled type, which python-docx does not open
            raise TemplateProblem([clean.macro_problem(macros).finding(shown)]) from None
        raise _problem(shown, "không đọc được tệp mẫu: nội dung bên trong bị hỏng",
                       "mở tệp trong Word, kiểm tra và lưu lại dạng .docx") from None


def template_problems(doc, parts, env, path: Path | None = None) -> tuple[Reading, list[Problem]]:
    """The one reading of a template that the check, the repair and the build share: its tags
    as docxtpl reads them and what Word left in it (revisions, comments, parts a document
    does not need). Errors refuse a build; warnings are what the build handles."""
    reading = tags.read(parts)
    problems = reading.structure(env) + clean.inspect(doc, parts)
    if path is not None and not any("macro" in p.message for p in problems):
        macros = clean.macro_parts(path)
        if macros:
            problems.append(clean.macro_problem(macros))
    return reading, problems


def kind_problems(reading: Reading, env, names: set[str], framed: bool, context: dict | None) -> list[Problem]:
    """What a template of a vanban kind must get right besides its syntax: known variables
    and filters, the thể thức blocks once each, tables vanban draws in {{p …}} paragraphs of
    their own, no fixed paragraph repeated by a loop (read from the tags, and seen by
    rendering with *context*, a document's data, and with more data than it has)."""
    blocks = {k for k, v in context.items() if isinstance(v, Table)} if context is not None else None
    data = dry_context(context, framed) if context is not None else None
    return reading.kind(env, names, framed, blocks=blocks) + loop_problems(reading, env, data)


DRY_RUN_SECONDS = 10
LONG_NAME = " và các đơn vị trực thuộc có tên rất dài để thử dòng chữ"
MORE_DATA = "có mỗi danh sách 3 mục (3 loại chỉ tiêu, 3 đơn vị…) và tên dài"


def placeholder(value):
    """A context value as a dry render can print it (pictures, tables, blocks as text)."""
    if isinstance(value, dict):
        return {k: placeholder(v) for k, v in value.items()}
    if isinstance(value, list):
        return [placeholder(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "year") and hasattr(value, "month"):
        return value
    return f"[{type(value).__name__}]"


def enrich(value, key: str | None = None):
    """More data of the same shape: every list that has items has at least three, every
    name is long (two quota kinds, three units, a long name: where a template's
    structure depends on the data, it shows)."""
    if isinstance(value, dict):
        return {k: enrich(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [enrich(v) for v in value]
        k = 0
        while items and len(items) < 3:
            items.append(items[k])
            k += 1
        return items
    if isinstance(value, str) and key == "ten":
        return value + LONG_NAME
    return value


def dry_context(context: dict, framed: bool) -> dict:
    data = placeholder(context)
    if framed:
        data.update({name: "" for name in FRAME_VARIABLES})
    return data


def _template_line(exc: BaseException) -> int:
    """The line of the template source where *exc* arose."""
    import traceback

    line = next((f.lineno for f in reversed(traceback.extract_tb(exc.__traceback__)) if f.filename == "<template>"),
                None)
    return line or getattr(exc, "output_line", 1)


def dry_run(reading: Reading, env, context: dict) -> list[Problem]:
    """Each part's tags rendered with *context* (one line a paragraph): the first error of
    each part, at its paragraph, as render_problem words it."""
    problems = []
    for pt in reading.parts:
        if not pt.stream:
            continue
        try:
            with deadline(min(DRY_RUN_SECONDS, RENDER_SECONDS)):
                env.from_string(pt.source()).render(context)
        except TemplateSyntaxError:
            continue
        except RENDER_ERRORS as exc:
            i = min(max(_template_line(exc) - 1, 0), len(pt.paras) - 1)
            message, hint = render_problem(exc)
            problems.append(Problem(pt.paras[i], pt.label, message, hint, snippet(pt.paras[i].text)))
    return problems


def _counts(reading: Reading, env, context: dict) -> dict | None:
    """How many times each fixed paragraph in a loop prints with *context*."""
    out = {}
    for n, pt in enumerate(reading.parts):
        statics = reading.statics(pt)
        if not statics:
            continue
        markers = {k: f"\x01{k}\x02" for k in statics}
        try:
            with deadline(min(DRY_RUN_SECONDS, RENDER_SECONDS)):
                text = env.from_string(pt.source(markers)).render(context)
        except (TemplateSyntaxError, *RENDER_ERRORS):
            continue
        for k, marker in markers.items():
            out[(n, k)] = text.count(marker)
    return out


def loop_problems(reading: Reading, env, context: dict | None) -> list[Problem]:
    """A fixed paragraph that a loop repeats: one right in a loop's body (a heading its
    {%p endfor %} was moved under), or one whose count changes between the data at hand
    and more data of the same shape."""
    base = rich = {}
    if context is not None:
        base = _counts(reading, env, context) or {}
        rich = _counts(reading, env, enrich(context)) or {}
    problems = []
    for n, pt in enumerate(reading.parts):
        for k in reading.statics(pt):
            kw, at, branch = pt.blocks_at[k][-1]
            b, r = base.get((n, k)), rich.get((n, k))
            varies = b is not None and r is not None and (b != r or b > 1 or r > 1)
            if (kw == "for" and branch != "else") or varies:
                loop = next(p for kind, p, _ in reversed(pt.blocks_at[k]) if kind == "for")
                problems.append(tags.loop_problem(pt, k, loop, (b, r, MORE_DATA) if varies else None))
    return problems


class Panels:
    """The panels of one picture, one under another: the paragraph that holds the tag is split
    between them when the body is finished (layout.page_flow)."""

    BREAK = '</w:t></w:r>' + layout.PANEL_BREAK + '<w:r><w:t xml:space="preserve">'

    def __init__(self, parts: list) -> None:
        self.parts = parts

    def __html__(self) -> str:  # each part: the inline picture's run XML (ours, or docxtpl's InlineImage)
        return self.BREAK.join(part.__html__() for part in self.parts)


class Prepared:
    """One template, opened, read as `vanban mau kiem-tra` reads it (and refused for what
    the check calls an error), cleaned of its editors' traces, given the profile and
    compiled once for a run."""

    def __init__(self, path: Path, shown: str, profile: Profile, landscape: bool, job: "RenderJob | None" = None):
        """*job*: a document of the run, so that a template refused is refused for all it has
        wrong at once (its kind's checks too), as `vanban mau kiem-tra` lists them."""
        self.shown, self.profile = shown, profile
        self.env = environment()
        tpl = open_template(path, shown)
        parts = story.parts_of(tpl.docx)
        self.reading, problems = template_problems(tpl.docx, parts, self.env, path)
        if any(p.error for p in problems) and job is not None:
            framed = job.frame is not None
            problems += kind_problems(self.reading, self.env, set(job.context) | (set(FRAME_VARIABLES) if framed
                                                                                   else set()), framed, job.context)
        errors = [p.finding(shown) for p in problems if p.error]
        if errors:
            raise TemplateProblem(errors)
        clean.scrub(tpl.docx)
        direct.reset(tpl.docx)
        self.look = look_of(profile)
        layout.apply_look(tpl.docx, self.look, landscape)
        try:
            self.engine = PreparedTemplate(tpl, self.env)
        except TemplateSyntaxError as exc:  # the reading above finds every error Jinja does
            raise _problem(shown, f"thẻ mẫu viết sai: {tags.jinja_message(exc)}",
                           "sửa thẻ {{ … }} hoặc {% … %} cho đúng (chạy «vanban mau kiem-tra»)") from None
        self._checked: dict[bool, list[Finding]] = {}

    def check_variables(self, context: dict, framed: bool) -> None:
        """The kind's checks, once per run: the same findings `vanban mau kiem-tra` gives."""
        if framed not in self._checked:
            names = set(context) | (set(FRAME_VARIABLES) if framed else set())
            problems = kind_problems(self.reading, self.env, names, framed, context)
            found = [p.finding(self.shown) for p in problems if p.error]
            named = {m.group(1) for f in found for m in [re.search(r"biến «([^»]+)»", f.message)] if m}
            found += [Finding(Location(self.shown, None, "thuộc tính của tệp"),
                              f"biến «{name}» không có trong loại văn bản này",
                              "sửa tên biến; xem danh sách bằng «vanban mau bien LOẠI»")
                      for name in sorted(self.engine.variables - names - named - {"self"})]
            self._checked[framed] = found
        if self._checked[framed]:
            raise TemplateProblem(self._checked[framed])

    def locate(self, job: "RenderJob", exc: BaseException) -> list[Finding]:
        """An error of a render, at its paragraph, as the check words it (when the tags
        rendered a paragraph a line give the same error)."""
        if isinstance(exc, (RenderTimeout, MemoryError)):
            return []
        found = dry_run(self.reading, self.env, dry_context(job.context, job.frame is not None))
        return [p.finding(self.shown) for p in found]

    def context(self, job: "RenderJob", picture) -> dict:
        """The job's context with its tables, pictures and thể thức blocks as XML."""
        def materialise(value):
            if isinstance(value, Picture):
                parts = [picture(Picture(png, value.width_mm)) for png in value.panels]
                return parts[0] if len(parts) == 1 else Panels(parts)
            if isinstance(value, Table):
                return Markup(layout.data_table(value, self.look))
            if isinstance(value, dict):
                return {k: materialise(v) for k, v in value.items()}
            if isinstance(value, list):
                return [materialise(v) for v in value]
            return value

        context = materialise(dict(job.context))
        if job.frame is not None:
            context.update(phan_dau=Markup(layout.header_block(job.frame, self.look)),
                           phan_cuoi=Markup(layout.closing_block(job.frame, self.look)))
        return context


def _finish(body: str) -> str:
    return typography.bind_paragraphs(layout.keep_closing_with_body(layout.page_flow(body)))


def _snippet(exc: BaseException) -> str:
    lines = [s.strip() for s in getattr(exc, "docx_context", []) if s.strip()]
    text = " ".join(lines)
    return f"gần «{text[:80]}»" if text else ""


def _render(prepared: Prepared, job: "RenderJob", fill):
    """*fill()* within the time limit; an error as the clerk reads it, at its paragraph."""
    try:
        with deadline():
            return fill()
    except RENDER_ERRORS as exc:
        failure = exc
    located = prepared.locate(job, failure)
    if located:
        raise TemplateProblem(located) from None
    message, hint = render_problem(failure)
    raise _problem(prepared.shown, message, hint, _snippet(failure)) from None


def _bounded(shown: str, data: bytes) -> bytes:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _problem(shown, f"văn bản dựng ra lớn quá {MAX_DOCUMENT_BYTES // 1_000_000} MB",
                       "kiểm tra các vòng lặp và biểu thức trong mẫu")
    return data


def render_prepared(prepared: Prepared, job: "RenderJob") -> bytes:
    """One document from a prepared template: the body rendered, the blocks inserted as
    XML, the unchanged parts of the package copied as they are."""
    if not prepared.engine.fast:
        return render_docxtpl(prepared, job)
    prepared.check_variables(job.context, job.frame is not None)
    media = prepared.engine.media()
    context = prepared.context(job, lambda pic: Markup(media.inline(pic.png, int(Mm(pic.width_mm)))))
    data = _render(prepared, job, lambda: prepared.engine.render(context, media, _finish))
    return _bounded(prepared.shown, data)


def render_docxtpl(prepared: Prepared, job: "RenderJob") -> bytes:
    """The same document through docxtpl's own render (templates whose footnotes or
    properties carry tags; and the reference the fast path is tested against)."""
    prepared.check_variables(job.context, job.frame is not None)
    tpl = DocxTemplate(io.BytesIO(prepared.engine.package))
    tpl.init_docx()
    context = prepared.context(job, lambda pic: InlineImage(tpl, io.BytesIO(pic.png), width=Mm(pic.width_mm)))
    _render(prepared, job, lambda: tpl.render(context, prepared.env, autoescape=True))
    root = tpl.docx.element
    body = _finish(etree.tostring(root.body, encoding="unicode"))
    root.replace(root.body, etree.fromstring(body))
    out = io.BytesIO()
    tpl.save(out)
    return _bounded(prepared.shown, out.getvalue())


class Renderer:
    """Renders the documents of one run, preparing each template once."""

    def __init__(self) -> None:
        self._prepared: dict[tuple, Prepared] = {}

    def prepare(self, job: "RenderJob") -> Prepared:
        key = (job.template, job.shown, id(job.profile), job.landscape)
        if key not in self._prepared:
            self._prepared[key] = Prepared(job.template, job.shown, job.profile, job.landscape, job)
        return self._prepared[key]

    def render(self, job: "RenderJob") -> bytes:
        return render_prepared(self.prepare(job), job)


def render(job: "RenderJob") -> bytes:
    """Render one document; raise TemplateProblem naming the template on any error."""
    return Renderer().render(job)
