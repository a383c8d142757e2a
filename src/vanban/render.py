"""Rendering: a DOCX template plus a context → the bytes of a document.

`render()` is the one entry point. The Jinja environment is sandboxed,
autoescaped and strict: a variable the context lacks is an error naming
it and the template, never an empty gap in an official document.
The renderer knows nothing of Party branches: it fills the template,
inserts the thể thức blocks that layout.py draws, and applies the profile.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from . import layout
from . import vietnamese as vi
from .documents import Frame, Picture, Table
from .errors import Finding, Location, TemplateProblem
from .data.model import Profile

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


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env


@dataclass(frozen=True)
class RenderJob:
    template: Path
    shown: str             # the template as named to the clerk
    context: dict[str, Any]
    frame: Frame | None
    profile: Profile


def _problem(shown: str, message: str, hint: str, where: str = "") -> TemplateProblem:
    return TemplateProblem([Finding(Location(shown, None, where), message, hint)])


def open_template(path: Path, shown: str) -> DocxTemplate:
    if not path.is_file():
        raise _problem(shown, "không tìm thấy tệp mẫu", "kiểm tra tên tệp trong templates/loai-van-ban.yaml")
    if not zipfile.is_zipfile(path):
        raise _problem(shown, "tệp mẫu không phải tài liệu Word (.docx)",
                       "mở tệp trong Word và «Lưu thành» Word Document (.docx)")
    try:
        return DocxTemplate(str(path))
    except Exception as exc:  # a zip that is not a valid WordprocessingML package
        raise _problem(shown, f"không đọc được tệp mẫu: {exc}",
                       "mở tệp trong Word, kiểm tra và lưu lại dạng .docx") from None


def _snippet(exc: TemplateError) -> str:
    lines = [s.strip() for s in getattr(exc, "docx_context", []) if s.strip()]
    text = " ".join(lines)
    return f"gần «{text[:80]}»" if text else ""


def _materialise(value, tpl: DocxTemplate, profile: Profile):
    """Pictures and tables anywhere in the context become what docxtpl inserts."""
    if isinstance(value, Picture):
        return InlineImage(tpl, io.BytesIO(value.png), width=Mm(value.width_mm))
    if isinstance(value, Table):
        sub = tpl.new_subdoc()
        layout.data_table(sub, value, profile)
        return sub
    if isinstance(value, dict):
        return {k: _materialise(v, tpl, profile) for k, v in value.items()}
    if isinstance(value, list):
        return [_materialise(v, tpl, profile) for v in value]
    return value


def render(job: RenderJob) -> bytes:
    """Render one document; raise TemplateProblem naming the template on any error."""
    tpl = open_template(job.template, job.shown)
    env = environment()
    context = dict(job.context)
    frame_vars = FRAME_VARIABLES if job.frame is not None else {}
    try:
        missing = tpl.get_undeclared_template_variables(env, {**context, **frame_vars})
    except TemplateSyntaxError as exc:
        raise _problem(job.shown, f"lỗi cú pháp trong thẻ mẫu: {exc.message}",
                       "sửa thẻ {{ … }} hoặc {% … %} cho đúng (chạy «vanban mau kiem-tra»)") from None
    if missing:
        raise TemplateProblem([
            Finding(Location(job.shown), f"mẫu dùng biến «{name}» nhưng loại văn bản này không có biến đó",
                    "sửa hoặc xóa thẻ này trong mẫu (xem «vanban mau bien»)")
            for name in sorted(missing)])

    context = _materialise(context, tpl, job.profile)
    if job.frame is not None:
        head, tail = tpl.new_subdoc(), tpl.new_subdoc()
        layout.header_block(head, job.frame, job.profile)
        layout.closing_block(tail, job.frame, job.profile)
        context.update(phan_dau=head, phan_cuoi=tail)
    try:
        tpl.render(context, env, autoescape=True)
    except UndefinedError as exc:
        name = re.sub(r"^'?(.*?)'? is undefined$", r"\1", str(exc.message or exc))
        raise _problem(job.shown, f"mẫu dùng «{name}» nhưng dữ liệu không có", 
                       "sửa thẻ trong mẫu, hoặc bổ sung dữ liệu", _snippet(exc)) from None
    except TemplateError as exc:
        raise _problem(job.shown, f"lỗi khi điền mẫu: {exc}", "sửa thẻ trong mẫu", _snippet(exc)) from None
    layout.apply_profile(tpl.docx, job.profile)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
