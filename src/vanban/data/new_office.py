"""A new office's data from an example (`vanban khoi-tao`): the example's organisation with the
office's own issuer, superior, place, term, rule set and last numbers used.

The example's units, signers and recipients stay as a model to overwrite in the workbook;
every value the office gave replaces the example's, and the example's remarks on the values it
replaced go with them. The YAML keeps the example's comments elsewhere.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import DataError, Finding, Location


@dataclass
class Answers:
    """What the office says of itself (None: keep the example's)."""

    co_quan: str
    dia_danh: str
    cap_tren: list[str] | None = None        # from the highest; [] for none (a State commune)
    quy_tac: str | None = None               # dang, nha_nuoc
    nhiem_ky: str | None = None              # 2025-2030
    bat_dau: dt.date | None = None           # the term's first day
    viet_tat: str | None = None
    so_da_dung: dict[str, int] = field(default_factory=dict)


TERM = re.compile(r"^\s*([0-9]{4})\s*-\s*([0-9]{4})\s*$")


def check(answers: Answers, where: str) -> list[Finding]:
    """What is wrong with the answers, each naming the option to change."""
    out = []
    if not answers.co_quan.strip():
        out.append(Finding(Location(where), "chưa có tên cơ quan ban hành", "ghi --co-quan «Đảng ủy xã …»"))
    if not answers.dia_danh.strip():
        out.append(Finding(Location(where), "chưa có địa danh (dòng ngày tháng)", "ghi --dia-danh «…»"))
    if answers.nhiem_ky is not None:
        m = TERM.match(answers.nhiem_ky)
        if not m or not int(m.group(1)) < int(m.group(2)) <= int(m.group(1)) + 10:
            out.append(Finding(Location(where), f"nhiệm kỳ «{answers.nhiem_ky}» không đúng dạng",
                               "ghi --nhiem-ky NĂM_ĐẦU-NĂM_CUỐI, ví dụ 2025-2030"))
    for key, n in answers.so_da_dung.items():
        if not re.fullmatch(r"[A-ZĐ]{1,6}", key) or not 0 <= n <= 1_000_000:
            out.append(Finding(Location(where), f"«{key}={n}» không phải số đã dùng của một loại văn bản",
                               "ghi --so-da-dung KÝ_HIỆU=SỐ, ví dụ --so-da-dung KH=27"))
    return out


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _set(node: CommentedMap, key: str, value) -> None:
    """Put *value* at *key*; the example's remark on what was there goes with it."""
    node.ca.items.pop(key, None)
    node[key] = value


def _flow_map(**values) -> CommentedMap:
    out = CommentedMap(values)
    out.fa.set_flow_style()
    return out


def organisation(example: str, answers: Answers, example_name: str) -> bytes:
    """don-vi.yaml of the new office from the example's text."""
    yaml = _yaml()
    doc = yaml.load(example)
    if not isinstance(doc, CommentedMap):
        raise DataError([Finding(Location(example_name), "ví dụ không có dữ liệu đơn vị", "chọn ví dụ khác")])
    old_place = str(doc.get("dia_danh") or "")
    if answers.quy_tac:
        _set(doc, "quy_tac", answers.quy_tac)
    level = doc.get("co_quan")
    if not isinstance(level, CommentedMap):
        level = CommentedMap()
        doc["co_quan"] = level
    old_name = str(level.get("ten") or "")
    _set(level, "ten", answers.co_quan.strip())
    if answers.viet_tat:
        _set(level, "viet_tat", answers.viet_tat.strip())
    lines = level.get("dong")
    if lines:  # the name printed on two lines: the example's first line, if the new name begins with it
        first = str(lines[0])
        rest = answers.co_quan.strip()[len(first):].strip()
        if answers.co_quan.strip().lower().startswith(first.lower()) and rest:
            seq = CommentedSeq([answers.co_quan.strip()[:len(first)], rest])
            seq.fa.set_flow_style()
            _set(level, "dong", seq)
        else:
            level.ca.items.pop("dong", None)
            del level["dong"]
    said = str(level.get("goi_tat") or "")
    if said and old_place and old_place in said:
        level.ca.items.pop("goi_tat", None)
        del level["goi_tat"]
    _set(doc, "dia_danh", answers.dia_danh.strip())
    if answers.cap_tren is not None:
        old = list(doc.get("cap_tren") or [])
        levels = CommentedSeq()
        for i, name in enumerate(n.strip() for n in answers.cap_tren if n.strip()):
            entry = _flow_map(ten=name)
            if i < len(old) and isinstance(old[i], dict) and old[i].get("viet_tat"):
                entry["viet_tat"] = old[i]["viet_tat"]
            levels.append(entry)
        _set(doc, "cap_tren", levels)
    if answers.nhiem_ky is not None:
        m = TERM.match(answers.nhiem_ky)
        start = answers.bat_dau or dt.date(int(m.group(1)), 1, 1)
        terms = CommentedSeq([_flow_map(ten=f"{m.group(1)}-{m.group(2)}", bat_dau=start)])
        _set(doc, "nhiem_ky", terms)
    if answers.so_da_dung:
        numbers = CommentedMap(sorted(answers.so_da_dung.items()))
        numbers.fa.set_flow_style()
        _set(doc, "so_da_dung", numbers)
    doc.ca.comment = None  # the example's heading says it is an example
    out = io.StringIO()
    out.write(f"# Thông tin đơn vị ban hành văn bản — dùng chung cho mọi năm. Tạo từ ví dụ «{example_name}» bằng "
              "«vanban khoi-tao»;\n# các đơn vị, người ký, nơi nhận… vẫn là của ví dụ: sửa trong sổ Excel "
              "(data/NĂM/du-lieu-NĂM.xlsx) rồi «vanban excel nhap NĂM».\n\n")
    yaml.dump(doc, out)
    text = out.getvalue()
    if old_name and old_name != answers.co_quan.strip():
        text = text.replace(f"# {old_name}", "#")  # a remark that names the example's issuer
    return text.encode("utf-8")


def plan_term(text: str, term: str | None) -> bytes:
    """A year's file of the example with the office's term (nhiem_ky) where it says one."""
    if term is None:
        return text.encode("utf-8")
    yaml = _yaml()
    doc = yaml.load(text)
    if not isinstance(doc, CommentedMap) or "nhiem_ky" not in doc:
        return text.encode("utf-8")
    m = TERM.match(term)
    doc["nhiem_ky"] = f"{m.group(1)}-{m.group(2)}"
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue().encode("utf-8")
