"""YAML → typed records, keeping the file and line of every value.

Every string is normalised to NFC and to the organisation's tone-mark style
on the way in. All problems of a file are collected and raised together
as a DataError whose findings name file:line and what to change.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..text import vietnamese as vi
from ..errors import DataError, Finding, Location
from ..project import Project  # noqa: F401 - part of this module's interface
from .model import Organisation, Profile
from ..errors import Findings

Path_ = tuple  # a key path inside a YAML document: ('chi_tieu', 0, 'phan_bo', 2)


@dataclass
class Source:
    """Where the values of one loaded file came from."""

    file: str  # as shown to the clerk, relative to the project
    lines: dict[Path_, int] = field(default_factory=dict)

    def at(self, *path) -> Location:
        """The location of the value at *path*, or of its nearest known parent."""
        p = tuple(path)
        while p and p not in self.lines:
            p = p[:-1]
        return Location(self.file, self.lines.get(p, 1))


# --------------------------------------------------------------------------
# YAML with positions


MAX_YAML_BYTES = 5_000_000   # a data file of a district with thousands of units is far smaller
MAX_VALUES = 200_000         # values after aliases are expanded (a 'billion laughs' file stops here)
MAX_DEPTH = 40               # nesting of lists and groups


class _Limits:
    def __init__(self, shown: str):
        self.shown, self.values = shown, 0
        self.text: list[tuple[tuple, str]] = []  # every string with its path, for the text checks

    def count(self, path: Path_) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            raise DataError([Finding(Location(self.shown), f"tệp có quá {MAX_VALUES:,} giá trị".replace(",", "."),
                                     "tách dữ liệu hoặc bỏ các bí danh YAML (&, *) lồng nhau")])
        if len(path) > MAX_DEPTH:
            raise DataError([Finding(Location(self.shown), f"dữ liệu lồng nhau quá {MAX_DEPTH} cấp",
                                     "kiểm tra các dấu ngoặc [ ] { } và thụt đầu dòng")])


class DuplicateKey(Exception):
    def __init__(self, line: int):
        self.line = line


_YAML_TAG = "tag:yaml.org,2002:"


class _Events:
    """Plain Python values (dicts, lists, str in NFC, numbers, dates) read from the parser's
    events, recording the line of every key and item in *lines*: no tree of nodes is built
    (for a district's ten thousand units it would hold some 25 MB at once)."""

    def __init__(self, loader, lines: dict, limits: _Limits):
        self.loader, self.lines, self.limits = loader, lines, limits
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor → (value, how many values it holds)

    def document(self) -> Any:
        import yaml

        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return {}
        loader.get_event()  # document start
        value = self.value(())
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                              "but found another document", event.start_mark)
        return value

    def _tag(self, event, kind) -> str:
        """The event's tag, given or resolved as the composer resolves it; refused unless YAML's own."""
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(kind, getattr(event, "value", None), event.implicit)
        if not tag.startswith(_YAML_TAG) or tag.startswith(_YAML_TAG + "python"):
            raise DataError([Finding(Location(self.limits.shown, event.start_mark.line + 1),
                                     f"thẻ YAML «{tag}» không được phép",
                                     "xóa thẻ «!…» trước giá trị; dữ liệu vanban chỉ gồm chữ, số, ngày và danh sách")])
        return tag

    def value(self, path: Path_) -> Any:
        import yaml

        loader, limits = self.loader, self.limits
        event = loader.get_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                                  event.start_mark)
            value, count = self.anchors[event.anchor]
            limits.values += count - 1  # the alias stands for every value it repeats
            limits.count(path)
            self.lines.setdefault(path, event.start_mark.line + 1)
            return copy.deepcopy(value)  # each place its own value, as the composed tree gave
        limits.count(path)
        self.lines.setdefault(path, event.start_mark.line + 1)
        before = limits.values
        if isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event, path)
        elif isinstance(event, yaml.SequenceStartEvent):
            self._tag(event, yaml.SequenceNode)
            value = []
            while not loader.check_event(yaml.SequenceEndEvent):
                i = len(value)
                self.lines[path + (i,)] = loader.peek_event().start_mark.line + 1
                value.append(self.value(path + (i,)))
            loader.get_event()
        else:  # a mapping
            self._tag(event, yaml.MappingNode)
            value = self._mapping(path)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, limits.values - before + 1)
        return value

    def _mapping(self, path: Path_) -> dict:
        import yaml

        loader, limits = self.loader, self.limits
        out: dict = {}
        merged: dict = {}
        while not loader.check_event(yaml.MappingEndEvent):
            key_event = loader.peek_event()
            line = key_event.start_mark.line + 1
            if not isinstance(key_event, yaml.ScalarEvent):
                raise DataError([Finding(Location(limits.shown, line),
                                         "tên mục phải là chữ, không phải danh sách hay nhóm mục",
                                         "sửa dòng này thành «tên_mục: giá trị»")])
            loader.get_event()
            if (key_event.tag is None and key_event.implicit[0] and key_event.value == "<<"
                    or key_event.tag == _YAML_TAG + "merge"):
                lines, self.lines = self.lines, {}  # what is merged keeps the lines of where it was written
                try:
                    sources = self.value(path)  # a mapping, or a list of them: their keys, where not given
                finally:
                    self.lines = lines
                for source in sources if isinstance(sources, list) else [sources]:
                    if not isinstance(source, dict):
                        raise yaml.constructor.ConstructorError(
                            "while constructing a mapping", None, "expected a mapping for merging",
                            key_event.start_mark)
                    for k, v in source.items():
                        merged.setdefault(k, v)
                continue
            key = self._scalar(key_event, path, key=True)
            k = vi.nfc(key) if isinstance(key, str) else key
            if k in out:
                raise DuplicateKey(line)
            self.lines[path + (k,)] = line
            if isinstance(key, str):
                limits.text.append((path + (k,), key))
            out[k] = self.value(path + (k,))
        loader.get_event()
        for k, v in merged.items():
            out.setdefault(k, v)
        return out

    def _scalar(self, event, path: Path_, key: bool = False) -> Any:
        """The scalar's value; a string in NFC and kept for the text checks (a key's string is
        kept by the caller, under the key's own path)."""
        import yaml

        tag = self._tag(event, yaml.ScalarNode)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        constructor = self.loader.yaml_constructors.get(tag) or self.loader.yaml_constructors[None]
        value = constructor(self.loader, node)
        if isinstance(value, str):
            if key:
                return value
            self.limits.text.append((path, value))
            return vi.nfc(value)
        if value is not None and not isinstance(value, (int, float, bool, dt.date)):
            raise DataError([Finding(Location(self.limits.shown, event.start_mark.line + 1),
                                     "giá trị YAML không hiểu được",
                                     "chỉ ghi chữ, số, ngày, danh sách và nhóm mục")])
        return value


_LOADER = None


def _loader_class():
    """libyaml's parser (C) with the scalar rules of YAML 1.2, as the round-trip loader used
    to read them: 'yes', 'on' and '1:20' stay text, '010' and '08' are decimal numbers."""
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    Loader.yaml_implicit_resolvers = {}
    resolvers = [
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^(?:[-+]?[0-9][0-9_]*|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)$", "-+0123456789"),
        ("float", r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
                  r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("timestamp", r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}"
                      r":[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$", "0123456789"),
    ]
    for name, regex, first in resolvers:
        Loader.add_implicit_resolver(f"tag:yaml.org,2002:{name}", re.compile(regex), list(first))

    def integer(loader, node):
        text = loader.construct_scalar(node).replace("_", "")
        sign = -1 if text.startswith("-") else 1
        text = text.lstrip("+-")
        base = {"0x": 16, "0o": 8, "0b": 2}.get(text[:2], 10)
        return sign * int(text[2:] if base != 10 else text, base)

    Loader.add_constructor("tag:yaml.org,2002:int", integer)
    _LOADER = Loader
    return Loader


# Characters no official document may carry: controls (but tab and line breaks), zero-width and
# direction marks and overrides, the byte-order mark inside text, lone surrogates.
_FORBIDDEN = {
    "Cc": "ký tự điều khiển",
    "Cf": "ký tự ẩn (không độ rộng hoặc đổi chiều chữ)",
    "Cs": "ký tự Unicode hỏng (nửa cặp thay thế)",
    "Co": "ký tự dùng riêng (Private Use)",
}


def text_problem(text: str) -> tuple[str, str] | None:
    """(what is wrong, how to fix) for a string that must not reach a document, else None."""
    for ch in text:
        if ch in "\t\n\r":
            continue
        kind = unicodedata.category(ch)
        if kind in _FORBIDDEN:
            return (f"có {_FORBIDDEN[kind]} U+{ord(ch):04X}",
                    "gõ lại đoạn chữ này (chữ dán từ trang web hoặc tệp khác có thể mang theo ký tự ẩn)")
    legacy = vi.legacy_encoding(text)
    if legacy:
        return (f"chữ có vẻ gõ bằng bảng mã cũ {legacy}: «{text[:30]}»",
                f"chuyển mã từ {legacy} sang Unicode dựng sẵn (ví dụ Unikey › Công cụ chuyển mã) rồi dán lại")
    return None


# ruamel's messages, as a clerk reads them
_YAML_PROBLEMS = [
    ("expected <block end>", "thụt đầu dòng không khớp với các dòng trên"),
    ("did not find expected key", "thụt đầu dòng không khớp với các dòng trên"),
    ("did not find expected '-'", "thụt đầu dòng không khớp với các dòng trên"),
    ("mapping values are not allowed", "dấu «:» không đúng chỗ (nội dung có dấu hai chấm cần đặt trong ngoặc kép)"),
    ("cannot start any token", "có ký tự không được bắt đầu một giá trị (ví dụ phím Tab; chỉ dùng dấu cách)"),
    ("could not find expected ':'", "thiếu dấu «:» sau tên mục"),
    ("while scanning a quoted scalar", "thiếu dấu ngoặc kép đóng"),
    ("expected ',' or ']'", "thiếu dấu «]» hoặc dấu phẩy giữa các phần tử"),
    ("expected ',' or '}'", "thiếu dấu «}» hoặc dấu phẩy giữa các mục"),
    ("found duplicate key", "một mục được khai hai lần"),
    ("special characters are not allowed", "tệp có ký tự không in được (ví dụ ký tự NUL)"),
    ("control characters are not allowed", "tệp có ký tự không in được (ví dụ ký tự NUL)"),
    ("invalid Unicode character escape", "mã thoát «\\u…» là ký tự Unicode hỏng (nửa cặp thay thế)"),
    ("could not determine a constructor", "có thẻ YAML lạ (!!…) không được phép"),
    ("found undefined alias", "dùng bí danh (*…) chưa khai"),
]


def _yaml_problem(exc) -> str:
    text = " ".join(str(getattr(exc, a, None) or "") for a in ("problem", "context")).strip() or str(exc)
    return next((vi_text for en, vi_text in _YAML_PROBLEMS if en in text), "cú pháp không đúng")


def read_yaml(file: Path, shown: str) -> tuple[Any, Source]:
    """Parse *file*; strings come back in NFC, with the line of every value. Text that must not
    reach a document (controls, hidden characters, legacy encodings) is refused with its line."""
    src = Source(shown)
    if not file.is_file():
        raise DataError([Finding(Location(shown), "không tìm thấy tệp dữ liệu",
                                 "tạo tệp này (xem README, mục «Bắt đầu một năm mới»)")])
    if file.stat().st_size > MAX_YAML_BYTES:
        raise DataError([Finding(Location(shown), f"tệp lớn quá {MAX_YAML_BYTES // 1_000_000} MB",
                                 "tệp dữ liệu của vanban chỉ vài chục KB; kiểm tra lại tệp")])
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([Finding(Location(shown), f"tệp không phải UTF-8 (byte {exc.start})",
                                 "lưu lại tệp với bảng mã UTF-8")]) from None
    import yaml

    loader = _loader_class()(text)
    try:
        limits = _Limits(shown)
        data = _Events(loader, src.lines, limits).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DataError([Finding(Location(shown, line), f"lỗi cú pháp YAML: {_yaml_problem(exc)}",
                                 "kiểm tra thụt đầu dòng, dấu «:» sau tên mục và dấu ngoặc kép")]) from None
    except DuplicateKey as exc:
        raise DataError([Finding(Location(shown, exc.line), "lỗi cú pháp YAML: một mục được khai hai lần",
                                 "kiểm tra thụt đầu dòng, dấu «:» sau tên mục và dấu ngoặc kép")]) from None
    except RecursionError:
        raise DataError([Finding(Location(shown), f"dữ liệu lồng nhau quá {MAX_DEPTH} cấp",
                                 "kiểm tra các dấu ngoặc [ ] { } và thụt đầu dòng")]) from None
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        what = (_yaml_problem(exc) if isinstance(exc, yaml.YAMLError)
                else "một ngày không có thật (ví dụ 30 tháng 2)" if "day" in str(exc) or "month" in str(exc)
                else "một giá trị không đọc được")
        raise DataError([Finding(Location(shown, line + 1 if line is not None else None), f"lỗi trong tệp YAML: {what}",
                                 "kiểm tra ngày tháng (NĂM-THÁNG-NGÀY có thật) và cú pháp tệp")]) from None
    finally:
        loader.dispose()
    findings = []
    for path, value in limits.text:
        problem = text_problem(value)
        if problem:
            findings.append(Finding(src.at(*path), *problem))
    if findings:
        raise DataError(findings)
    return data, src


def restyle(value: Any, style: str) -> Any:
    """Put every string in the organisation's tone-mark style (hòa/ủy or hoà/uỷ)."""
    if isinstance(value, dict):
        return {k: restyle(v, style) for k, v in value.items()}
    if isinstance(value, list):
        return [restyle(v, style) for v in value]
    if isinstance(value, str):
        return vi.set_tone_style(value, style)
    return value


# --------------------------------------------------------------------------
# Validation messages in Vietnamese

_ID_HINT = "mã chỉ gồm chữ thường không dấu, chữ số và «_», bắt đầu bằng chữ, ví dụ ap_cho"


def _message(err: dict) -> tuple[str, str]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    key = next((str(p) for p in reversed(err["loc"]) if isinstance(p, str)), "")
    shown = repr(value) if not isinstance(value, (dict, list)) else "một nhóm mục"
    if kind == "missing":
        return f"thiếu mục «{key}»", f"thêm dòng «{key}: …»"
    if kind == "extra_forbidden":
        return f"mục «{key}» không được biết đến", "kiểm tra chính tả tên mục, hoặc xóa dòng này"
    if kind == "value_error":
        return f"«{key}» {ctx.get('error')}", "sửa giá trị này"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"«{key}» phải là số nguyên, không phải {shown}", "ghi một số nguyên, ví dụ 2"
    if kind in ("float_parsing", "float_type"):
        return f"«{key}» phải là một số, không phải {shown}", "ghi một số, ví dụ 14"
    if kind == "greater_than_equal":
        return f"«{key}» phải lớn hơn hoặc bằng {ctx.get('ge')}", "sửa lại con số"
    if kind == "string_type":
        return f"«{key}» phải là chữ, không phải {shown}", "ghi nội dung dạng chữ (có thể đặt trong ngoặc kép)"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "A-Z" in pattern:
            return (f"«{key}» phải là một tên tệp trong thư mục của nó, không phải {shown}",
                    "chỉ ghi tên tệp (chữ không dấu, số, «.», «-», «_»), không ghi đường dẫn")
        if "a-z0-9-" in pattern:
            return f"tên loại văn bản {shown} không hợp lệ", "tên loại chỉ gồm chữ thường không dấu, số và «-»"
        if "a-z" in pattern:
            return f"mã {shown} không hợp lệ", _ID_HINT
        return f"«{key}» không đúng dạng: {shown}", "ví dụ nhiệm kỳ: 2015-2020"
    if kind == "string_too_short":
        return f"«{key}» không được để trống", "ghi nội dung cho mục này"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return f"«{key}» không phải một ngày: {shown}", "ghi ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2018-01-05"
    if kind in ("bool_parsing", "bool_type"):
        return f"«{key}» phải là true hoặc false, không phải {shown}", "ghi true (có) hoặc false (không)"
    if kind == "literal_error":
        return f"«{key}» không nhận giá trị {shown}", f"chọn một trong: {ctx.get('expected')}"
    if kind == "list_type":
        return f"«{key}» phải là một danh sách", "mỗi phần tử một dòng, bắt đầu bằng «- »"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"«{key}» phải là một nhóm mục «tên: giá trị»", "xem mẫu trong README"
    if kind == "too_short":
        return f"«{key}» cần ít nhất {ctx.get('min_length')} phần tử", "bổ sung danh sách"
    if kind == "too_long":
        return f"«{key}» có nhiều nhất {ctx.get('max_length')} phần tử", "bớt phần tử thừa"
    return f"«{key}»: {err.get('msg')}", "sửa giá trị này"


def _without(data: Any, locs: list[tuple]) -> Any:
    """*data* with the values at *locs* left out (a copy)."""
    import copy

    out = copy.deepcopy(data)
    for loc in locs:
        node = out
        for key in loc[:-1]:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                node = None
                break
        if isinstance(node, dict):
            node.pop(loc[-1], None)
    return out


def validate(model: type[BaseModel], data: Any, src: Source):
    """Build *model* from *data*; every validation problem becomes a finding.

    When the record still builds without the values that are wrong, the error carries that
    record (`partial`), so the rules across records run as well and a clerk sees every
    mistake of the file in one run, type errors included."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        findings = []
        locs = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            # a value that may take several forms (a date or a partial date) fails once, at its key
            while len(loc) > 1 and loc not in src.lines and loc[:-1] in src.lines:
                loc = loc[:-1]
            if loc in locs:
                continue
            message, hint = _message({**err, "loc": loc})
            findings.append(Finding(src.at(*loc), message, hint))
            locs.append(loc)
        error = DataError(findings)
        error.source = src
        try:
            error.partial = model.model_validate(_without(data, locs))
        except ValidationError:
            error.partial = None
        raise error from None


# --------------------------------------------------------------------------
# Entry points


def load_profile(code: str) -> Profile:
    """The thể thức of a rule set, from the package's profiles/<code>.yaml."""
    res = resources.files("vanban") / "profiles" / f"{code}.yaml"
    with resources.as_file(res) as file:
        data, src = read_yaml(file, f"profiles/{code}.yaml")
    return validate(Profile, data, src)


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _span(lo: float, hi: float) -> str:
    return f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"


def apply_overrides(profile: Profile, overrides: dict, src: Source) -> Profile:
    """The profile with the office's own values (don-vi.yaml «the_thuc»), each checked
    against what the rules allow; a value outside them is an error naming the rule."""
    if not overrides:
        return profile
    out = Findings()
    data = profile.model_dump()
    lim = profile.gioi_han
    rule = profile.can_cu

    def bounded(path: tuple, value, lo: float, hi: float, what: str) -> float | None:
        n = _number(value)
        if n is None:
            out.add(src.at("the_thuc", *path), f"«{'.'.join(path)}» phải là một số, không phải {value!r}",
                    f"ghi một số từ {lo:g} đến {hi:g}")
            return None
        if not lo <= n <= hi:
            out.add(src.at("the_thuc", *path),
                    f"{what} {n:g} nằm ngoài quy định {_span(lo, hi)} của {rule}",
                    f"chọn một giá trị từ {lo:g} đến {hi:g}, hoặc xóa dòng này để dùng mặc định" if lo != hi
                    else f"quy định chỉ cho phép {lo:g}: xóa dòng này")
            return None
        return n

    sections = {"trang", "noi_dung", "thanh_phan", "mau"}
    for section, values in overrides.items():
        if section not in sections or not isinstance(values, dict):
            out.add(src.at("the_thuc", section), f"mục «the_thuc.{section}» không được biết đến",
                    f"dùng: {', '.join(sorted(sections))}")
            continue
        for key, value in values.items():
            path = (section, key)
            if section == "trang":
                margins = {"le_tren_mm": "tren", "le_duoi_mm": "duoi", "le_trai_mm": "trai", "le_phai_mm": "phai"}
                if key in margins:
                    lo, hi = lim.le_mm[margins[key]]
                elif key == "cot_trai_mm":
                    lo, hi = lim.cot_trai_mm
                else:
                    out.add(src.at("the_thuc", *path), f"không đặt được «{key}»",
                            "đặt được: le_tren_mm, le_duoi_mm, le_trai_mm, le_phai_mm, cot_trai_mm")
                    continue
                n = bounded(path, value, lo, hi, "lề" if key != "cot_trai_mm" else "độ rộng cột trái")
                if n is not None:
                    data["trang"][key] = n
            elif section == "noi_dung":
                ranges = {"co_chu": lim.co_chu_noi_dung, "thut_dau_dong_cm": lim.thut_dau_dong_cm}
                if key not in ranges:
                    out.add(src.at("the_thuc", *path), f"không đặt được «{key}»", "đặt được: co_chu, thut_dau_dong_cm")
                    continue
                n = bounded(path, value, *ranges[key], "cỡ chữ nội dung" if key == "co_chu" else "thụt đầu dòng")
                if n is not None:
                    data["noi_dung"][key] = n
            elif section == "thanh_phan":
                element = profile.thanh_phan.get(key)
                if element is None or not isinstance(value, dict):
                    out.add(src.at("the_thuc", *path), f"không có thành phần «{key}»",
                            f"chọn một trong: {', '.join(profile.thanh_phan)}")
                    continue
                for attr, v in value.items():
                    if attr != "co_chu":
                        out.add(src.at("the_thuc", *path, attr), f"chỉ đặt được cỡ chữ (co_chu) của «{key}»",
                                "kiểu chữ của các thành phần do quy tắc thể thức quy định")
                        continue
                    lo, hi = element.khoang or (element.co_chu, element.co_chu)
                    n = bounded((*path, attr), v, lo, hi, f"cỡ chữ của «{key}»")
                    if n is not None:
                        data["thanh_phan"][key]["co_chu"] = n
            elif section == "mau":
                if key != "luu" or not isinstance(value, str):
                    out.add(src.at("the_thuc", *path), f"không đặt được «mau.{key}»",
                            "đặt được: luu (dòng lưu cuối Nơi nhận)")
                    continue
                try:
                    value.format(so_ban=1)
                    well_formed = True
                except (KeyError, IndexError, ValueError):
                    well_formed = False
                if not well_formed or not re.match(lim.mau_luu, value):
                    out.add(src.at("the_thuc", *path), f"dòng lưu «{value}» không đúng {rule}",
                            f"dòng lưu phải có dạng {lim.mau_luu_vi_du}")
                    continue
                data["mau"]["luu"] = value
    out.raise_if_any(DataError)
    return Profile.model_validate(data)


def organisation_profile(org: Organisation, src: Source) -> Profile:
    """The rule set of the organisation, with its own values within the rules."""
    return apply_overrides(load_profile(org.quy_tac), org.the_thuc, src)


def load_organisation(project: Project, year: int | None = None) -> tuple[Organisation, Source]:
    """The organisation from data/don-vi.yaml; building for *year*, items kept only in that
    year's workbook (vanban excel) come from there."""
    file = project.data / "don-vi.yaml"
    data, src = read_yaml(file, project.show(file))
    if year is not None:
        data, src = with_workbook(project, file, data, src, year)
    style = data.get("kieu_dau", "moi") if isinstance(data, dict) else "moi"
    if style in ("moi", "cu"):
        data = restyle(data, style)
    return validate(Organisation, data, src), src


def load_year_file(project: Project, year: int, name: str, model: type[BaseModel], style: str):
    """A document's data from data/<year>/<name>, in the organisation's tone style."""
    return load_file(project, project.data / str(year) / name, model, style)


def load_file(project: Project, file: Path, model: type[BaseModel], style: str):
    """A document's data from *file*, in the organisation's tone style; items the year's
    workbook holds (vanban excel) come from there."""
    data, src = read_yaml(file, project.show(file))
    data, src = with_workbook(project, file, data, src)
    return validate(model, restyle(data, style), src), src


class MixedSource(Source):
    """A file's values from YAML and, for some items, from the year's workbook."""

    def __init__(self, yaml_src: Source, cells, items: set):
        super().__init__(yaml_src.file, dict(yaml_src.lines))
        self.cells, self.items = cells, items
        self.lines.update({k: 1 for k in cells.cells})

    def at(self, *path) -> Location:
        if path and path[0] in self.items:
            return self.cells.at(*path)
        return super().at(*path)


def with_workbook(project: Project, file: Path, data: Any, src: Source, year: int | None = None):
    """Merge the items of the year's workbook (data/<year>/du-lieu-<year>.xlsx) for *file*:
    an item in the workbook only is taken from it, with its cells as locations; an item in
    both that differs is refused, naming both places (an item lives in one source)."""
    from . import workbook

    if year is None:  # a year's file: the workbook of its folder
        if not file.parent.name.isdigit() or file.parent.parent != project.data:
            return data, src
        year, name = int(file.parent.name), f"{file.parent.name}/{file.name}"
    else:  # the organisation's file, for the year being built
        name = file.name
    found = workbook.items_of(project, year, name)
    if found is None:
        return data, src
    book, cells = found
    data = dict(data or {})
    taken, findings = set(), []
    for key, value in book.items():
        if key not in data:
            data[key] = value
            taken.add(key)
        elif restyle(data[key], "moi") != restyle(value, "moi"):
            findings.append(Finding(src.at(key), f"mục «{key}» có ở cả tệp này và sổ {cells.file} "
                                    f"({cells.at(key).where}) nhưng khác nhau",
                                    f"giữ ở một nơi: xóa mục này khỏi tệp YAML để dùng sổ Excel, hoặc chạy "
                                    f"«vanban excel nhap {year}» để ghi sổ vào YAML"))
    if findings:
        raise DataError(findings)
    return data, (MixedSource(src, cells, taken) if taken else src)


def data_file(project: Project, decl, year: int) -> tuple[Path, int]:
    """Where the data of a kind is for *year*, and the year of its folder. A kind of a whole
    term (pham_vi: nhiem_ky) is found in the folder of the latest year up to *year* that has it."""
    own = project.data / str(year) / decl.du_lieu
    if decl.pham_vi != "nhiem_ky" or own.is_file() or not project.data.is_dir():
        return own, year
    years = sorted((int(p.name) for p in project.data.iterdir() if p.is_dir() and p.name.isdigit()
                    and int(p.name) < year and (p / decl.du_lieu).is_file()), reverse=True)
    return (project.data / str(years[0]) / decl.du_lieu, years[0]) if years else (own, year)


def load_kinds(project: Project):
    """The document kinds this office produces, declared in templates/loai-van-ban.yaml."""
    from .model import Kinds

    file = project.root / "templates" / "loai-van-ban.yaml"
    if not file.is_file() and not (project.data / "don-vi.yaml").is_file():
        raise DataError([Finding(Location(str(project.root)),
                                 "đây không phải thư mục làm việc của vanban (không có data/don-vi.yaml và "
                                 "templates/loai-van-ban.yaml)",
                                 "chạy lệnh trong thư mục làm việc, hoặc ghi «--thu-muc THƯ_MỤC»; đơn vị mới: "
                                 "chép một ví dụ trong examples/ (xem README, mục «Thiết lập một đơn vị mới»)")])
    data, src = read_yaml(file, project.show(file))
    return validate(Kinds, data, src).loai_van_ban
