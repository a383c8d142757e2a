"""Changing a data file as a clerk's form asks, keeping its comments and its layout.

A form gives new plain values for some top-level items of a YAML data file (the units of
don-vi.yaml, the quotas of ke-hoach.yaml…). `edited` merges them into the file's
round-trip tree (ruamel): unchanged values keep their spelling («"01-02"», `02`), rows matched
by their id keep their comments, new rows take the style of their neighbours (one line
`{id: …, ten: …}` where the others are so). `block_text` writes the same values one per line,
so that a check's line names exactly one value (`line_paths`): the web page shows each finding
beside its field.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

from ..errors import DataError, Finding, Location
from ..text import vietnamese as vi
from .sources.yaml import read_yaml

# the key that names a row of a list, by list: rows matched by it keep their comments
ROW_KEYS = ("id", "don_vi", "loai")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout the sample files are written in
    yaml.preserve_quotes = True
    return yaml


def _plain(value: Any) -> Any:
    """A value compared as the reader gives it: strings in NFC, dates as dates."""
    if isinstance(value, dict):
        return {vi.nfc(k) if isinstance(k, str) else k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return vi.nfc(str(value))
    if isinstance(value, dt.datetime):
        return value
    return value


def _kind(value) -> str:
    for name, types in (("bool", bool), ("int", int), ("float", float), ("date", dt.date), ("str", str)):
        if isinstance(value, types):
            return name
    return "none" if value is None else "other"


def _same_scalar(old, new) -> bool:
    """The same value of the same kind (a quoted «"02"» stays quoted when the form gives "02")."""
    if isinstance(old, (dict, list)) or isinstance(new, (dict, list)):
        return False
    return _kind(old) == _kind(new) and _plain(old) == _plain(new)


def _row_key(items: list) -> str | None:
    for key in ROW_KEYS:
        if items and all(isinstance(x, dict) and key in x for x in items):
            return key
    return None


def _node(value: Any, flow: bool) -> Any:
    """A new round-trip node for *value*, one line when its neighbours are."""
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _node(v, True)
        if flow:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        out = CommentedSeq(_node(v, True) for v in value)
        if flow and all(not isinstance(v, (dict, list)) for v in value):
            out.fa.set_flow_style()
        return out
    return value


def _flow_values(group: CommentedMap, value) -> bool:
    """A new group of values goes on one line where the group's other values are (`ky:` of a report)."""
    return isinstance(value, dict) and any(_flow(x) for x in group.values())


def _flow(node) -> bool:
    return bool(getattr(node, "fa", None) and node.fa.flow_style())


def merge(old: Any, new: Any) -> Any:
    """*new* (plain values) in the place of *old* (a round-trip node), keeping what is unchanged."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for k in [k for k in old if k not in new]:
            del old[k]
        for k, v in new.items():
            old[k] = merge(old[k], v) if k in old else _node(v, _flow(old) or _flow_values(old, v))
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        return _merge_list(old, new)
    if _same_scalar(old, new):
        return old
    if isinstance(new, (dict, list)):
        return _node(new, False)
    return new


def _comment_after(seq: CommentedSeq, last: int) -> None:
    """Row *last* + 1 was just added after row *last*: what was written after that row beyond its
    own line (a blank line, the comment heading the next item) moves after the new row."""
    tokens = seq.ca.items.get(last)
    token = tokens[0] if tokens else None
    if token is None:
        return
    own, _, rest = token.value.partition("\n")
    if not rest:
        return
    token.value = own + "\n"
    seq.ca.items[last + 1] = [CommentToken("\n" + rest, copy.copy(token.start_mark), None), None, None, None]


def _merge_list(old: CommentedSeq, new: list) -> CommentedSeq:
    """Rows matched by their id (or place) keep their node and comment; removed rows go with
    theirs; new rows are inserted where the form put them."""
    key = _row_key(list(old)) if old else None
    if key is not None and _row_key(new) == key:
        index = {row[key]: i for i, row in enumerate(old)}
        matched = [index.get(row[key]) for row in new]
    else:
        matched = [i if i < len(old) else None for i in range(len(new))]
    kept = [i for i in matched if i is not None]
    if kept != sorted(kept) or len(set(kept)) != len(kept):  # rows moved: a new list, comments of rows lost
        seq = CommentedSeq(_node(v, True) for v in new)
        if _flow(old):
            seq.fa.set_flow_style()
        return seq
    flow_rows = any(_flow(x) for x in old) or not old
    for i in sorted(set(range(len(old))) - set(kept), reverse=True):
        del old[i]
    # what is left of *old* is the matched rows, in the order the form gives them
    for n, (row, i) in enumerate(zip(new, matched)):
        if i is None:
            old.insert(n, _node(row, flow_rows))
            if n == len(old) - 1 and n:
                _comment_after(old, n - 1)
        else:
            old[n] = merge(old[n], row)
    return old


def read_tree(file: Path) -> Any:
    return _yaml().load(file.read_text(encoding="utf-8")) if file.is_file() else CommentedMap()


def dump_tree(tree: Any) -> str:
    out = io.StringIO()
    _yaml().dump(tree, out)
    return out.getvalue()


def edited(file: Path, shown: str, changes: dict[str, Any]) -> tuple[str, dict]:
    """(the file's new text, its new plain values) with *changes* (top-level key → new plain
    value, None to take the item out). The file is read first as the build reads it: a file
    the build cannot read is not changed."""
    current, _ = read_yaml(file, shown) if file.is_file() else ({}, None)
    if not isinstance(current, dict):
        raise DataError([Finding(Location(shown), "tệp không phải một nhóm mục «tên: giá trị»",
                                 "sửa tệp bằng trình soạn thảo trước")])
    plain = dict(current)
    tree = read_tree(file)
    if tree is None:
        tree = CommentedMap()
    for key, value in changes.items():
        if value is None:
            plain.pop(key, None)
            if key in tree:
                del tree[key]
        else:
            plain[key] = value
            tree[key] = merge(tree[key], value) if key in tree else _node(value, False)
    return dump_tree(tree), plain


def block_text(data: dict) -> str:
    """*data* one value a line (no comments): a check's line then names one value."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(_plain(data), out)
    return out.getvalue()


def line_paths(lines: dict[tuple, int]) -> dict[int, tuple]:
    """line → the deepest key path written on it (from a Source's lines)."""
    out: dict[int, tuple] = {}
    for path, line in lines.items():
        if line not in out or len(path) > len(out[line]):
            out[line] = path
    return out


def same_values(text: str, expected: dict, shown: str, scratch: Path) -> bool:
    """The written text reads back to exactly the values that were checked."""
    scratch.write_text(text, encoding="utf-8")
    got, _ = read_yaml(scratch, shown)
    return _plain(got) == _plain(expected)
