"""Issuing as a transaction: stage everything outside the archive, then publish.

A run writes its documents, PDFs, outgoing register, new register and new
manifest into output/<năm>/.phat-hanh/ (never into luu-vt). Publishing then
moves them into place in a fixed order, files first, the register next, the
manifest last, after a journal has recorded what is to be moved. A run killed
at any moment leaves either the old state (nothing moved: the stage is
dropped) or a journal that the next run completes by itself.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ArchiveProblem, Finding, Location, WriteFailure
from ..output import FILE_MODE
from .archive import MANIFEST, file_hash, plain_name, sha256

STAGE = ".phat-hanh"
JOURNAL = "nhat-ky.json"
PUBLISHING = "dang-ghi"


def _hook(step: str) -> None:
    """Test hook: VANBAN_ISSUE_STOP=<step> ends the process at that step, as a kill would."""
    if os.environ.get("VANBAN_ISSUE_STOP") == step:
        os._exit(9)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, FILE_MODE)


def _move(src: Path, dst: Path) -> None:
    """Move *src* over *dst* atomically, across file systems too; a refusal names *dst* (the
    register, an archived file), the place the clerk knows, not the staged copy."""
    try:
        os.replace(src, dst)
    except OSError as exc:
        if exc.errno != 18:  # EXDEV: another file system
            raise OSError(exc.errno, exc.strerror, str(dst)) from None
        fd, tmp = tempfile.mkstemp(prefix=".vanban-", suffix=".tmp", dir=dst.parent)
        os.close(fd)
        shutil.copyfile(src, tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, dst)
        src.unlink()


@dataclass
class Stage:
    """The staging folder of one issuing run."""

    folder: Path            # output/<năm>/.phat-hanh
    archive: Path           # output/<năm>/luu-vt
    register: Path          # data/so-van-ban-di.csv
    files: dict[str, str] = field(default_factory=dict)  # name → sha256, in luu-vt order

    @classmethod
    def open(cls, folder: Path, archive: Path, register: Path) -> "Stage":
        if folder.exists():
            shutil.rmtree(folder)
        (folder / "tep").mkdir(parents=True)
        return cls(folder, archive, register)

    def path(self, name: str) -> Path:
        return self.folder / "tep" / name

    def put(self, name: str, data: bytes) -> None:
        _write(self.path(name), data)
        self.files[name] = sha256(data)

    def adopt(self, name: str) -> None:
        """A file already written into the stage by another program (a PDF)."""
        self.files[name] = file_hash(self.path(name))

    def publish(self, register: bytes, manifest: bytes) -> None:
        """Journal, then move files, the register and the manifest into place."""
        try:
            _write(self.folder / "so-dang-ky.csv", register)
            _write(self.folder / MANIFEST, manifest)
            _hook("da-dat")
            journal = {"trang_thai": PUBLISHING, "tep": self.files, "so_dang_ky": sha256(register),
                       "ban_ke": sha256(manifest)}
            _write(self.folder / (JOURNAL + ".tmp"), json.dumps(journal, ensure_ascii=False).encode("utf-8"))
            os.replace(self.folder / (JOURNAL + ".tmp"), self.folder / JOURNAL)
            _fsync_dir(self.folder)
            _hook("dang-ghi")
            finish(self.folder, self.archive, self.register)
        except OSError as exc:
            raise WriteFailure([Finding(Location(exc.filename or str(self.folder)), f"không ghi được: {exc.strerror}",
                                        "kiểm tra quyền ghi và chỗ trống trên đĩa, rồi chạy lại «vanban phat-hanh»: "
                                        "lần chạy sau hoàn tất hoặc bỏ lần này")],
                               "Lưu trữ giữ nguyên hoặc được hoàn tất ở lần chạy sau; không văn bản nào nửa vời.") \
                from None


def finish(folder: Path, archive: Path, register: Path) -> None:
    """Complete a journalled publication (idempotent: a second call after a kill goes on)."""
    journal = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
    files = journal.get("tep") if isinstance(journal, dict) else None
    # the journal names what to move: only plain names of this stage and archive, never a path
    if not isinstance(files, dict) or not all(plain_name(n) and isinstance(d, str) for n, d in files.items()):
        raise ArchiveProblem([Finding(Location(str(folder / JOURNAL)),
                                      "nhật ký phát hành dở dang bị sửa: có tên tệp không phải của lưu trữ",
                                      "không chuyển gì theo nhật ký này: xóa thư mục .phat-hanh rồi chạy "
                                      "«vanban luu-tru kiem-tra» và phát hành lại")])
    archive.mkdir(parents=True, exist_ok=True)
    for i, (name, digest) in enumerate(files.items()):
        src, dst = folder / "tep" / name, archive / name
        if src.exists():
            _move(src, dst)
        elif not (dst.is_file() and file_hash(dst) == digest):
            raise ArchiveProblem([Finding(Location(str(dst)), "lần phát hành dở dang thiếu tệp cần chuyển vào lưu trữ",
                                          "lấy lại tệp từ bản sao lưu, hoặc xóa thư mục .phat-hanh rồi kiểm tra lưu trữ")])
        if i == 0:
            _hook("da-chuyen")
    _fsync_dir(archive)
    if (folder / "so-dang-ky.csv").exists():
        _move(folder / "so-dang-ky.csv", register)
        _fsync_dir(register.parent)
    _hook("da-ghi-so")
    if (folder / MANIFEST).exists():
        _move(folder / MANIFEST, archive / MANIFEST)
        _fsync_dir(archive)
    _hook("da-ghi-ban-ke")
    shutil.rmtree(folder)


def leftover(folder: Path) -> str | None:
    """'dang-ghi' (a publication to complete), 'dat' (a stage to drop) or None."""
    if not folder.exists():
        return None
    try:
        journal = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "dat"
    return "dang-ghi" if isinstance(journal, dict) and journal.get("trang_thai") == PUBLISHING else "dat"


def recover(folder: Path, archive: Path, register: Path) -> str | None:
    """Finish or drop what an interrupted run left; say which."""
    state = leftover(folder)
    if state is None:
        return None
    if state == PUBLISHING:
        finish(folder, archive, register)
        return "Đã hoàn tất lần phát hành trước bị dừng giữa chừng."
    shutil.rmtree(folder)
    return "Đã bỏ lần phát hành trước bị dừng khi chưa ghi gì vào lưu trữ."
