"""Writing results: all files of a run land together or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import Finding, Location, WriteFailure

# Files vanban writes are for the office to share: the umask decides (usually 0644), never 0600.
_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK


def _reason(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return "có một thư mục trùng tên ở chỗ này"
    if isinstance(exc, PermissionError):
        return "không có quyền ghi (tệp đang mở trong Word/Excel, hoặc thư mục chỉ đọc)"
    if exc.errno == 28:
        return "ổ đĩa đã đầy"
    return exc.strerror or str(exc)


def write_all(files: dict[Path, bytes], shown=lambda p: str(p)) -> list[Path]:
    """Write every file through a temporary sibling, then rename them into place.

    Nothing is renamed until every temporary file has been written and synced,
    so a failure while writing leaves the existing output as it was; a rename
    refused part-way is reported with what was and was not replaced.
    """
    staged: list[tuple[Path, Path]] = []
    done: list[Path] = []
    try:
        for target, data in files.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".vanban-", suffix=".tmp", dir=target.parent)
                staged.append((Path(tmp), target))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, FILE_MODE)
            except OSError as exc:
                raise WriteFailure([Finding(Location(shown(target)), f"không ghi được: {_reason(exc)}",
                                            "đóng tệp nếu đang mở, kiểm tra quyền ghi và chỗ trống, rồi chạy lại")],
                                   "Chưa tệp nào bị thay đổi.") from None
        for tmp, target in staged:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                left = [shown(t) for _, t in staged if t not in done and t != target]
                written = ("Đã ghi: " + ", ".join(shown(p) for p in done) + ". " if done else "Chưa tệp nào bị thay đổi. ")
                raise WriteFailure([Finding(Location(shown(target)), f"không thay được tệp: {_reason(exc)}",
                                            "đóng tệp nếu đang mở trong Word/Excel, rồi chạy lại")],
                                   written + ("Chưa ghi: " + ", ".join([shown(target), *left]) + ".")) from None
            done.append(target)
    finally:
        for tmp, _ in staged:
            try:
                tmp.unlink()
            except OSError:
                pass
    return done
