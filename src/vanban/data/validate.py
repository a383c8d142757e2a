"""Plain values → typed records: the organisation's tone-mark style, then the model, every
validation problem a finding in Vietnamese at the place the value came from."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import DataError, Finding
from ..text import vietnamese as vi
from .sources import Source


def restyle(value: Any, style: str) -> Any:
    """Put every string in the organisation's tone-mark style (hòa/ủy or hoà/uỷ)."""
    if isinstance(value, dict):
        return {k: restyle(v, style) for k, v in value.items()}
    if isinstance(value, list):
        return [restyle(v, style) for v in value]
    if isinstance(value, str):
        return vi.set_tone_style(value, style)
    return value


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
    if kind in ("dict_type", "model_type"):
        if not key:  # the whole file is not a group of items: a list, or a single value
            what = "một danh sách" if isinstance(value, list) else shown
            return f"tệp phải là một nhóm mục «tên: giá trị», không phải {what}", "xem mẫu trong README"
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
        node = _parent(out, loc)
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
            # a value that may take several forms (a date or a partial date) fails once, at its key;
            # a key that is missing is named itself, not the group it is missing from
            while err["type"] != "missing" and len(loc) > 1 and loc not in src.lines and loc[:-1] in src.lines:
                loc = loc[:-1]
            if loc in locs:
                continue
            message, hint = _message({**err, "loc": loc})
            findings.append(Finding(src.at(*loc), message, hint))
            locs.append(loc)
        error = DataError(findings)
        error.source = src
        error.partial, error.dropped = _partial(model, data, locs)
        raise error from None


def _partial(model: type[BaseModel], data: Any, locs: list[tuple]):
    """(the record without the values that are wrong, the records left out on the way). A wrong
    value a record cannot do without (a quota's figure) leaves out that record of its list, so
    that the rules across records still run on the rest; the caller keeps quiet about the record
    holding that list (its total would be short by the record left out)."""
    pruned = _without(data, locs)
    dropped: list[tuple] = []
    for _ in range(8):
        try:
            return model.model_validate(pruned), dropped
        except ValidationError as exc:
            items = set()
            for err in exc.errors(include_url=False):
                loc = tuple(err["loc"])
                last = max((i for i, p in enumerate(loc) if isinstance(p, int)), default=None)
                if last is None:
                    return None, dropped
                items.add(loc[:last + 1])
            pruned = _drop(pruned, items)
            dropped += sorted(items)  # in the file's order (paths of one list compare index by index)
    return None, dropped


def _parent(data: Any, loc: tuple) -> Any:
    """What holds the value at *loc* in *data*, or None when the path does not lead there."""
    node = data
    for key in loc[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _drop(data: Any, items: set[tuple]) -> Any:
    """*data* without the list items at *items* (a copy)."""
    import copy

    out = copy.deepcopy(data)
    # the deepest and latest items first, so that every other path still leads to its item: by the
    # last index alone, a quota left out before an allocation of the next quota shifted the latter
    for loc in sorted(items, reverse=True):
        node = _parent(out, loc)
        if isinstance(node, list) and isinstance(loc[-1], int) and loc[-1] < len(node):
            del node[loc[-1]]
    return out
