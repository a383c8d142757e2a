"""Rendering: prepare a DOCX template once, then fill it with many contexts.

`Renderer` prepares each template of a run once (`Prepared`: opened, checked,
given the profile, compiled; ooxml/template.py keeps its parts) and renders
each job from it; `render()` renders one job. The Jinja environment is
sandboxed, autoescaped and strict: a variable the context lacks is an error
naming it and the template, never an empty gap in an official document.
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

from ..ooxml import layout
from ..ooxml.package import check_package
from ..ooxml.template import PreparedTemplate
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


MAX_TEXT = 1_000_000        # characters one expression may produce ('x' * 10**9 stops here)
MAX_EXPONENT = 64           # 10**5000 stops here
RENDER_SECONDS = 30         # one document; nested loops over huge ranges stop here
MAX_DOCUMENT_BYTES = 50_000_000


class RenderTimeout(TemplateError):
    """A template ran past RENDER_SECONDS."""


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with bounds on what one expression may build."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"số mũ {right} quá lớn (tối đa {MAX_EXPONENT})")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_TEXT:
                    raise SecurityError(f"biểu thức tạo ra quá {MAX_TEXT:,} ký tự".replace(",", "."))
        return super().call_binop(context, operator, left, right)


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


def plain_message(exc: Exception) -> str:
    """Jinja's and Python's messages that reach the clerk, in Vietnamese where we know them."""
    text = str(getattr(exc, "message", None) or exc)
    if "Range too big" in text:
        return "dãy số range(…) quá lớn (tối đa 100.000 phần tử)"
    if "unsupported operand" in text or "can only concatenate" in text:
        return "phép tính giữa hai loại giá trị không cộng được với nhau (chữ và số?)"
    if "division by zero" in text:
        return "chia cho 0"
    return text


def environment() -> SandboxedEnvironment:
    env = BoundedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
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
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
        return tpl
    except Exception:  # noqa: BLE001 - a zip that is not a valid WordprocessingML package
        raise _problem(shown, "không đọc được tệp mẫu: nội dung bên trong bị hỏng",
                       "mở tệp trong Word, kiểm tra và lưu lại dạng .docx") from None


def _snippet(exc: Exception) -> str:
    lines = [s.strip() for s in getattr(exc, "docx_context", []) if s.strip()]
    text = " ".join(lines)
    return f"gần «{text[:80]}»" if text else ""


class Panels:
    """The panels of one picture, one under another: the paragraph that holds the tag is split
    between them when the body is finished (layout.page_flow)."""

    BREAK = '</w:t></w:r>' + layout.PANEL_BREAK + '<w:r><w:t xml:space="preserve">'

    def __init__(self, parts: list) -> None:
        self.parts = parts

    def __html__(self) -> str:  # each part: the inline picture's run XML (ours, or docxtpl's InlineImage)
        return self.BREAK.join(part.__html__() for part in self.parts)


class Prepared:
    """One template, opened, checked, given the profile and compiled once for a run."""

    def __init__(self, path: Path, shown: str, profile: Profile, landscape: bool):
        self.shown, self.profile = shown, profile
        tpl = open_template(path, shown)
        self.look = look_of(profile)
        layout.apply_look(tpl.docx, self.look, landscape)
        try:
            self.engine = PreparedTemplate(tpl, environment())
        except TemplateSyntaxError as exc:
            raise _problem(shown, f"lỗi cú pháp trong thẻ mẫu: {exc.message}",
                           "sửa thẻ {{ … }} hoặc {% … %} cho đúng (chạy «vanban mau kiem-tra»)") from None

    def check_variables(self, context: dict, framed: bool) -> None:
        missing = self.engine.variables - context.keys() - (FRAME_VARIABLES.keys() if framed else set())
        if missing:
            raise TemplateProblem([
                Finding(Location(self.shown), f"mẫu dùng biến «{name}» nhưng loại văn bản này không có biến đó",
                        "sửa hoặc xóa thẻ này trong mẫu (xem «vanban mau bien»)")
                for name in sorted(missing)])

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
    return layout.bind_text(layout.keep_closing_with_body(layout.page_flow(body)))


@contextmanager
def _template_errors(shown: str):
    """Jinja's and Python's errors while filling a template, as the clerk reads them."""
    try:
        with deadline():
            yield
    except RenderTimeout as exc:
        raise _problem(shown, f"{exc}: mẫu có vòng lặp quá lớn", "sửa các vòng lặp {% for %} trong mẫu") from None
    except SecurityError as exc:
        raise _problem(shown, f"mẫu vượt giới hạn: {exc}", "sửa biểu thức trong thẻ", _snippet(exc)) from None
    except UndefinedError as exc:
        name = re.sub(r"^'?(.*?)'? is undefined$", r"\1", str(exc.message or exc))
        raise _problem(shown, f"mẫu dùng «{name}» nhưng dữ liệu không có",
                       "sửa thẻ trong mẫu, hoặc bổ sung dữ liệu", _snippet(exc)) from None
    except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError, RecursionError) as exc:
        raise _problem(shown, f"lỗi khi điền mẫu: {plain_message(exc)}", "sửa thẻ trong mẫu",
                       _snippet(exc)) from None


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
    with _template_errors(prepared.shown):
        data = prepared.engine.render(context, media, _finish)
    return _bounded(prepared.shown, data)


def render_docxtpl(prepared: Prepared, job: "RenderJob") -> bytes:
    """The same document through docxtpl's own render (templates whose footnotes or
    properties carry tags; and the reference the fast path is tested against)."""
    prepared.check_variables(job.context, job.frame is not None)
    tpl = DocxTemplate(io.BytesIO(prepared.engine.package))
    tpl.init_docx()
    context = prepared.context(job, lambda pic: InlineImage(tpl, io.BytesIO(pic.png), width=Mm(pic.width_mm)))
    with _template_errors(prepared.shown):
        tpl.render(context, environment(), autoescape=True)
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
            self._prepared[key] = Prepared(job.template, job.shown, job.profile, job.landscape)
        return self._prepared[key]

    def render(self, job: "RenderJob") -> bytes:
        return render_prepared(self.prepare(job), job)


def render(job: "RenderJob") -> bytes:
    """Render one document; raise TemplateProblem naming the template on any error."""
    return Renderer().render(job)
