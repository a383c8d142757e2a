"""Where the data comes from: every reader gives plain values and a Source that names the
place of each value (file:line for YAML, sheet!cell for a workbook), so a finding always
points at what the clerk typed.

- `yaml.py` reads a YAML file from the parser's events, keeping the line of every value;
- `workbook.py` reads the year's workbook (vanban excel), keeping the cell of every value.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import DataError, Finding, Location

Path_ = tuple  # a key path inside a data file: ('chi_tieu', 0, 'phan_bo', 2)


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
        return Location(self.file, self.lines.get(p, 1), key=tuple(path))


def regular_file(file: Path, shown: str) -> None:
    """*file* is an ordinary file that can be read; anything else is refused with what it is."""
    try:
        st = os.stat(file)
    except FileNotFoundError:
        if os.path.islink(file):
            raise DataError([Finding(Location(shown), "là một liên kết (symlink) trỏ tới tệp không có",
                                     "thay liên kết bằng chính tệp dữ liệu")]) from None
        raise DataError([Finding(Location(shown), "không tìm thấy tệp dữ liệu",
                                 "tạo tệp này (xem README, mục «Bắt đầu một năm mới»)")]) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError([Finding(Location(shown), "là một vòng liên kết (symlink trỏ về chính nó)",
                                     "thay liên kết bằng chính tệp dữ liệu")]) from None
        raise DataError([Finding(Location(shown), f"không đọc được: {exc.strerror}",
                                 "kiểm tra quyền đọc tệp")]) from None
    if stat.S_ISDIR(st.st_mode):
        raise DataError([Finding(Location(shown), "là một thư mục, không phải tệp dữ liệu",
                                 "đổi tên hoặc chuyển thư mục này đi, rồi đặt tệp dữ liệu vào chỗ của nó")])
    if not stat.S_ISREG(st.st_mode):
        raise DataError([Finding(Location(shown), "không phải một tệp thường (thiết bị, ống dẫn…)",
                                 "đặt tệp dữ liệu thật vào chỗ này")])
