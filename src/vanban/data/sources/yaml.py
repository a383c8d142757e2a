"""YAML → plain values, keeping the line of every key and item.

Strings come back in NFC. Text that must not reach a document (controls, hidden
characters, legacy encodings) is refused with its line; so are files too big,
too deep or too many values (a 'billion laughs' stops at MAX_VALUES).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

from ...errors import DataError, Finding, Location
from ...text import vietnamese as vi
from ...text.problems import text_problem
from . import Path_, Source, regular_file


MAX_YAML_BYTES = 5_000_000   # a data file of a district with thousands of units is far smaller
MAX_VALUES = 200_000         # values after aliases are expanded (a 'billion laughs' file stops here)
MAX_DEPTH = 40               # nesting of lists and groups


class _Limits:
    def __init__(self, shown: str):
        self.shown, self.values = shown, 0
        self.text: list[tuple[tuple, str]] = []  # every string with its path, for the text checks
        self.numbers: list[tuple[int, str, int]] = []  # (line, as written, value) of oddly written numbers

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
# how people write a whole number: decimal digits 0-9, perhaps a sign and leading zeros ('02');
# YAML also reads 0x10, 0o10, 0b101 and 1_000 as numbers, which no clerk means
_PLAIN_INTEGER = re.compile(r"^[-+]?[0-9]+$")


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
        if tag == _YAML_TAG + "int" and not _PLAIN_INTEGER.match(event.value):
            self.limits.numbers.append((event.start_mark.line + 1, event.value, value))
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


def read_flow(text: str):
    """One value written in a cell the way YAML writes it inline (a plain value, or a group or
    list in brackets), read by the same rules as the data files; None for nothing."""
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        return loader.construct_object(node, deep=True) if node is not None else None
    finally:
        loader.dispose()


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
    regular_file(file, shown)
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
    findings = [Finding(Location(shown, line), f"«{written}» không phải cách viết số của văn bản (YAML đọc thành "
                        f"{value})", f"chỉ dùng chữ số 0–9: ghi {value}")
                for line, written, value in limits.numbers]
    for path, value in limits.text:
        problem = text_problem(value)
        if problem:
            findings.append(Finding(src.at(*path), *problem))
    if findings:
        raise DataError(findings)
    return data, src
