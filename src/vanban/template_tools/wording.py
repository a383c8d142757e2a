"""What a template's own words say that the data should: warnings of `vanban mau kiem-tra`
(and of `vanban build` for the second).

- A template copied from another office names that office's bodies in its literal text
  («Ban Thường vụ Đảng ủy» in a Huyện ủy's template, «các ban, ngành của xã» in a Sở's):
  each such phrase is named with the variable that writes it from the data.
- A plan template that writes the allocation as sentences, used by an organisation with many
  units, makes a sentence pages long: it points to the table template and to the line of
  loai-van-ban.yaml to change.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Finding, Location
from ..ooxml.story import load_parts
from ..text import bodies
from ..text.names import unit_noun

WARNING = "canh_bao"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
SENTENCE_LOOP = re.compile(r"\{%-?\s*p?\s*for\s+\w+\s+in\s+[\w.]*\bnhom\b")
MAX_UNITS_IN_SENTENCES = 20
TABLE_TEMPLATE = "ke-hoach-bang.docx"


def _snippet(text: str, phrase: str, i: int) -> str:
    lo, hi = max(0, i - 20), min(len(text), i + len(phrase) + 20)
    return ("…" if lo else "") + text[lo:hi].strip() + ("…" if hi < len(text) else "")


def other_office_words(path: Path, shown: str, org) -> list[Finding]:
    """Warnings for the literal text (outside {{ }} and {% %}) of a template that names a body,
    level or kind of place other than the issuer's: «mẫu ghi "Đảng ủy" nhưng cơ quan ban hành là
    Huyện ủy … → thay bằng {{ cap_uy }}»."""
    own = bodies.words(org, unit_noun(org))
    _, parts = load_parts(path, shown)
    out = []
    for part in parts:
        for para in part.paragraphs:
            text = TAG.sub(" ", para.text)
            for phrase, variable, at in bodies.foreign_phrases(org, text, own):
                out.append(Finding(
                    Location(shown, None, f"{para.where}: «{_snippet(text, phrase, at)}»"),
                    f"mẫu ghi «{phrase}» nhưng cơ quan ban hành là {org.co_quan.ten}",
                    f"thay bằng thẻ {{{{ {variable} }}}} (theo dữ liệu: «{own.get(variable, '')}»), hoặc sửa chữ cho đúng "
                    "đơn vị mình; nếu là tên cơ quan khác (cấp trên) thì giữ nguyên", WARNING))
    return out


def writes_sentences(path: Path, shown: str) -> bool:
    """The template writes a plan's allocation as sentences (a loop over a quota's groups, «nhom»)."""
    _, parts = load_parts(path, shown)
    return any(SENTENCE_LOOP.search(para.text) for part in parts for para in part.paragraphs)


def units_in_sentences(context: dict | None) -> int:
    """How many units a plan's sentences would name: the units that hold a target."""
    if not context:
        return 0
    rows = context.get("phan_bo")
    if isinstance(rows, list):
        return len(rows)
    return max((sum(g.get("so_don_vi", 0) for g in q.get("nhom", [])) for q in context.get("chi_tieu", [])),
               default=0)


def long_sentences(path: Path, shown: str, kind: str, context: dict | None, kinds_file: str) -> list[Finding]:
    """A warning when the sentence template of a plan would name more than 20 units."""
    n = units_in_sentences(context)
    if n <= MAX_UNITS_IN_SENTENCES or not writes_sentences(path, shown):
        return []
    table = TABLE_TEMPLATE if (path.parent / TABLE_TEMPLATE).is_file() else f"{TABLE_TEMPLATE} (chép từ templates/docx/ của vanban)"
    return [Finding(Location(shown), f"mẫu viết phần phân bổ thành câu nhưng có {n} đơn vị được giao chỉ tiêu (quá "
                    f"{MAX_UNITS_IN_SENTENCES}): câu sẽ kéo dài nhiều trang",
                    f"dùng mẫu bảng, mỗi đơn vị một dòng: trong {kinds_file}, loại «{kind}», sửa «mau: {path.name}» "
                    f"thành «mau: {table}»", WARNING)]
