"""Click's own messages (usage, help, errors) in Vietnamese.

Click looks its strings up through gettext's `_` in each of its modules;
importing this module points those lookups at the table below.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting

VI = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Error: {message}": "Lỗi: {message}",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing command.": "Thiếu lệnh.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Try '{command} {option}' for help.": "Gõ '{command} {option}' để xem hướng dẫn.",
    "Aborted!": "Đã dừng.",
    "argument": "tham số",
    "option": "tùy chọn",
    "default: {default}": "mặc định: {default}",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải {number_type} hợp lệ.",
    "integer": "số nguyên",
    "{value} is not in the range {range}.": "{value} không nằm trong khoảng {range}.",
    "{value!r} is not {choice}.": "{value!r} không phải {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không phải một trong: {choices}.",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "{name} {filename!r} does not exist.": "Không tìm thấy {filename!r}.",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được {name} {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được vào {name} {filename!r}.",
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa tham số ({args})",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Did you mean {possibility}?": "Có phải {possibility}?",
    "(Possible options: {possibilities})": "(Các tùy chọn gần giống: {possibilities})",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} không phải đúng/sai. Các giá trị nhận được: {states}",
    "{value!r} is not a valid UUID.": "{value!r} không phải một mã UUID hợp lệ.",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} không đúng một trong các dạng {formats}.",
    "{name} {filename!r} is not executable.": "Không chạy được {name} {filename!r}.",
    "Positional arguments": "Tham số",
    "Missing command.": "Thiếu lệnh.",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(tùy lúc)",
    "deprecated": "không còn dùng",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "Repeat for confirmation": "Gõ lại để xác nhận",
    "Error: The value you entered was invalid.": "Lỗi: giá trị vừa gõ không hợp lệ.",
    "Error: {e.message}": "Lỗi: {e.message}",
    "Error: The two entered values do not match.": "Lỗi: hai giá trị vừa gõ không giống nhau.",
    "Error: invalid input": "Lỗi: giá trị không hợp lệ",
    "{len_type} values are required, but {len_value} was given.": "cần {len_type} giá trị, nhưng có {len_value}.",
    "{len_type} values are required, but {len_value} were given.": "cần {len_type} giá trị, nhưng có {len_value}.",
}


def ngettext(singular: str, plural: str, n: int) -> str:
    return _(singular if n == 1 else plural)


def _(text: str) -> str:
    return VI.get(text, text)


import click.termui  # noqa: E402 - its prompts speak through the same table

for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui):
    module._ = _
    if hasattr(module, "ngettext"):
        module.ngettext = ngettext
try:  # types.py holds the 'is not a valid integer' message
    import click.types

    click.types._ = _
    click.types.ngettext = ngettext
except (ImportError, AttributeError):  # pragma: no cover
    pass

# The names of the kinds of value, said in «'abc' không phải số nguyên hợp lệ»
click.types.IntParamType.name = "số nguyên"
click.types.IntRange.name = "số nguyên"
click.types.FloatParamType.name = "số"
click.types.FloatRange.name = "số"
click.types.BoolParamType.name = "đúng/sai"
click.types.StringParamType.name = "chữ"
click.types.DateTime.name = "ngày giờ"
click.types.UUIDParameterType.name = "mã UUID"
click.types.File.name = "tệp"
OPTIONS_METAVAR = "[TÙY_CHỌN]"
