"""The shape of a data file, read from its record type: its single values and its tables.

The data workbook (data/sheets.py) lays a file out from this shape, not from the values the
file happens to hold, so every kind of value has a place a clerk can fill even when the file
has none yet: a report's periods (Kỳ | Số | Ngày), the numbers of the letters, the last
numbers used before vanban, a quota's allocations. The kinds of cell say how a cell is
written and read back (a date, a whole number, «có»/«không», a list of codes…).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from .model import Distribution, PartialDate, Target

# The kinds of cell
TEXT, ID, INT, FLOAT, BOOL, DATE, ISSUE_DATE, QUANTITY, CHOICE, IDS, LINES, ANY = (
    "text", "id", "int", "float", "bool", "date", "issue_date", "quantity", "choice", "ids", "lines", "any")

# The keys of the columns that are not a record's own values
KEY = "(mã)"     # the id of a record in a group by id (loai_don_vi: {ap: …}), or of a plain value (so_da_dung)
ITEM = "="       # a plain item of a list or group (one paragraph of «Căn cứ», a number of so_da_dung)
STT = "#"        # the row's own number, for the rows of a table below it
PARENT = "#"     # + the parent table's key: the number (or id) of the parent row ('#chi_tieu')


@dataclass(frozen=True)
class Column:
    key: str                  # inside the record; dotted for a value of a nested record: 'quyen_han.kieu'
    kind: str
    choices: tuple = ()
    required: bool = False


@dataclass
class Table:
    path: tuple[str, ...]                 # the keys from the file's root: ('chi_tieu', 'phan_bo')
    by_id: bool                           # a group of records by id, not a list
    plain: bool                           # plain items (one value each), not records
    columns: list[Column] = field(default_factory=list)
    bare_id: bool = False                 # a row with only its id is that id (a Nơi nhận line: 'vp_huyen_uy')
    parent: "Table | None" = None
    has_children: bool = False            # another table's rows name this table's rows (by STT or id)


@dataclass
class Shape:
    general: list[Column]     # the file's single values; a nested record's values dotted
    tables: list[Table]       # each after the table it sits in

    def table(self, path: tuple) -> Table | None:
        return next((t for t in self.tables if t.path == path), None)


def _unwrap(tp, meta=()):
    """(the type without Annotated and None, its metadata)."""
    meta = list(meta)
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            args = get_args(tp)
            tp, meta = args[0], meta + list(args[1:])
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
            return tp, meta
        else:
            return tp, meta


def _pattern(meta) -> str:
    for m in meta:
        pattern = getattr(m, "pattern", None)
        if pattern:
            return pattern
        inner = getattr(m, "metadata", None)  # a FieldInfo inside Annotated
        if inner:
            found = _pattern(inner)
            if found:
                return found
    return ""


def _is_model(tp) -> bool:
    """A record of values (a quota as written, Target, is one value)."""
    return isinstance(tp, type) and issubclass(tp, BaseModel) and tp not in (Target, PartialDate)


def _scalar(tp, meta) -> tuple[str, tuple]:
    if get_origin(tp) in (Union, types.UnionType):
        args = set(get_args(tp))
        if dt.date in args and PartialDate in args:
            return ISSUE_DATE, ()
        return ANY, ()
    if get_origin(tp) is Literal:
        return CHOICE, tuple(get_args(tp))
    if tp is Target:
        return QUANTITY, ()
    if tp is bool:
        return BOOL, ()
    if tp is int:
        return INT, ()
    if tp is float:
        return FLOAT, ()
    if tp is dt.date:
        return DATE, ()
    if tp is str:
        return (ID if _pattern(meta).startswith("^[a-z]") else TEXT), ()
    return ANY, ()


def _ordered(model) -> list[str]:
    """The fields of *model* as a clerk reads them: a document's distribution list last."""
    names = list(model.model_fields)
    if issubclass(model, Distribution) and model is not Distribution:
        tail = [n for n in names if n in Distribution.model_fields]
        names = [n for n in names if n not in tail] + tail
    return names


def _place(model, prefix: str, at: tuple, columns: list[Column], tables: list[Table], parent: Table | None) -> None:
    """The values of a record of *model*: single ones into *columns* (dotted under *prefix*),
    lists and groups of records into *tables* (their path under *at*)."""
    for name in _ordered(model):
        info = model.model_fields[name]
        key = prefix + name
        tp, meta = _unwrap(info.annotation, info.metadata)
        origin = get_origin(tp)
        if _is_model(tp):
            _place(tp, key + ".", at, columns, tables, parent)
        elif origin is list:
            inner, imeta = _unwrap(get_args(tp)[0])
            if _is_model(inner):
                table = Table(at + (key,), by_id=False, plain=False, parent=parent,
                              bare_id=callable(getattr(inner, "coerce", None)))
                tables.append(table)
                _place(inner, "", at + (key,), table.columns, tables, table)
            elif get_origin(inner) is list:  # a list of lists of codes (the paragraphs of «Căn cứ»)
                item, item_meta = _unwrap(get_args(inner)[0])
                kind = IDS if _scalar(item, item_meta)[0] == ID else LINES
                tables.append(Table(at + (key,), by_id=False, plain=True, parent=parent,
                                    columns=[Column(ITEM, kind)]))
            else:
                kind = IDS if _scalar(inner, imeta)[0] == ID else LINES
                columns.append(Column(key, kind, required=info.is_required()))
        elif origin is dict:
            value, vmeta = _unwrap(get_args(tp)[1])
            if _is_model(value):
                table = Table(at + (key,), by_id=True, plain=False, parent=parent)
                tables.append(table)
                _place(value, "", at + (key,), table.columns, tables, table)
            elif value is Any:
                columns.append(Column(key, ANY))
            else:
                kind, choices = _scalar(value, vmeta)
                tables.append(Table(at + (key,), by_id=True, plain=True, parent=parent,
                                    columns=[Column(ITEM, kind, choices)]))
        else:
            kind, choices = _scalar(tp, meta)
            columns.append(Column(key, kind, choices, info.is_required()))


def describe(model) -> Shape:
    """The shape of a file holding a record of *model*."""
    general: list[Column] = []
    tables: list[Table] = []
    _place(model, "", (), general, tables, None)
    for t in tables:
        if t.parent is not None:
            t.parent.has_children = True
    return Shape(general, tables)
