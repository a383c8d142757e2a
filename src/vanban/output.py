"""Writing results: all files of a run land together or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterable

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
    if exc.errno == 27:  # EFBIG
        return "tệp vượt giới hạn kích thước tệp của hệ thống (ulimit -f) hoặc của ổ đĩa (FAT32: 4 GB)"
    return exc.strerror or str(exc)


STAGING = ".vanban-dang-ghi-"  # + pid: files of a run being written, renamed into place at its end


def _alive(pid: int, folder: Path) -> bool:
    if os.name == "nt":  # no signal 0 there: a folder untouched for an hour is stale
        return time.time() - folder.stat().st_mtime < 3600
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def clear_stale(folder: Path) -> None:
    """Remove what a run killed part-way left in *folder* (its staging folder)."""
    for left in folder.glob(STAGING + "*"):
        pid = left.name[len(STAGING):].split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid), left):
            shutil.rmtree(left, ignore_errors=True)


SYNC_ALL_FROM = 32  # files; from here one sync of the system beats a sync per file


def _sync(paths: list[Path]) -> None:
    """Put *paths* on disk: one by one for a few files, in one system sync for a batch
    (where the system has it: a sync per file is most of a big batch's time on a slow disk)."""
    if len(paths) >= SYNC_ALL_FROM and hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_all(files: dict[Path, bytes] | Iterable[tuple[Path, bytes]], shown=lambda p: str(p)) -> list[Path]:
    """Write every file into a staging folder beside it, then rename them all into place.

    *files* may be a generator: each file goes to disk as it comes, so a batch of
    thousands of documents never sits in memory. Nothing is renamed until every
    file has been written and synced, so a failure while writing (or while
    producing the files) leaves the existing output as it was; a run killed
    part-way leaves only its staging folder, which the next run removes; a rename
    refused part-way is reported with what was and was not replaced.
    """
    items = files.items() if isinstance(files, dict) else files
    stages: dict[Path, Path] = {}
    staged: list[tuple[Path, Path]] = []
    done: list[Path] = []
    try:
        for target, data in items:
            try:
                if target.parent not in stages:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    clear_stale(target.parent)
                    stages[target.parent] = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-",
                                                                  dir=target.parent))
                tmp = stages[target.parent] / f"{len(staged)}.tmp"
                staged.append((tmp, target))
                # created by name, the file takes the umask's mode (FILE_MODE)
                with open(tmp, "wb") as fh:
                    fh.write(data)
            except OSError as exc:
                raise WriteFailure([Finding(Location(shown(target)), f"không ghi được: {_reason(exc)}",
                                            "đóng tệp nếu đang mở, kiểm tra quyền ghi và chỗ trống, rồi chạy lại")],
                                   "Chưa tệp nào bị thay đổi.") from None
        try:  # everything on disk before the first file is renamed into place
            _sync([tmp for tmp, _ in staged])
        except OSError as exc:
            raise WriteFailure([Finding(Location(", ".join(sorted({shown(t.parent) for _, t in staged}))),
                                        f"không ghi được: {_reason(exc)}",
                                        "kiểm tra chỗ trống và quyền ghi, rồi chạy lại")],
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
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)
    return done
