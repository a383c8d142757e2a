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
from typing import Callable

from ..errors import ArchiveProblem, Finding, Location, WriteFailure
from ..output import FILE_MODE, _reason
from .archive import MANIFEST, file_hash, plain_name, read_json, regular_hash, sha256

STAGE = ".phat-hanh"
JOURNAL = "nhat-ky.json"
PUBLISHING = "dang-ghi"


# Called with the name of each step of a run as it is reached (da-khoa, da-dung, da-dat,
# dang-ghi, da-chuyen, da-ghi-so, da-ghi-ban-ke). Empty in every shipped run: the tests put a
# hook here (tests/faults.py) to stop the process at a step, as a kill would, or to hold the
# register open. No environment switch reaches it.
STEP_HOOKS: list = []


def step(name: str) -> None:
    for hook in STEP_HOOKS:
        hook(name)


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
        try:
            shutil.copyfile(src, tmp)
            os.chmod(tmp, FILE_MODE)
            os.replace(tmp, dst)
        except OSError as failed:  # a full disk mid-copy: no partial copy left beside dst, a stray file of the archive
            os.unlink(tmp)
            raise OSError(failed.errno, failed.strerror, str(dst)) from None
        src.unlink()


@dataclass
class Stage:
    """The staging folder of one issuing run."""

    folder: Path            # output/<năm>/.phat-hanh
    archive: Path           # output/<năm>/luu-vt
    register: Path          # data/so-van-ban-di.csv
    files: dict[str, str] = field(default_factory=dict)  # name → sha256, in luu-vt order
    show: Callable[[Path], str] = str                    # a path as the clerk reads it

    @classmethod
    def open(cls, folder: Path, archive: Path, register: Path, show: Callable[[Path], str] = str) -> "Stage":
        try:
            if folder.exists():
                shutil.rmtree(folder)
            (folder / "tep").mkdir(parents=True)
        except OSError as exc:
            raise _failure(exc, show(folder)) from None
        return cls(folder, archive, register, show=show)

    def path(self, name: str) -> Path:
        return self.folder / "tep" / name

    def put(self, name: str, data: bytes) -> None:
        """A file of the run into the stage; a refusal of the system (a full disk) names the file
        the clerk waits for, in the archive, not its staged copy."""
        try:
            _write(self.path(name), data)
        except OSError as exc:
            raise _failure(exc, self.show(self.archive / name), " (khi chuẩn bị trong thư mục "
                           f"{self.show(self.folder)})") from None
        self.files[name] = sha256(data)

    def adopt(self, name: str) -> None:
        """A file already written into the stage by another program (a PDF)."""
        self.files[name] = file_hash(self.path(name))

    def publish(self, register: bytes, manifest: bytes) -> None:
        """Journal, then move files, the register and the manifest into place."""
        try:
            _write(self.folder / "so-dang-ky.csv", register)
            _write(self.folder / MANIFEST, manifest)
            step("da-dat")
            journal = {"trang_thai": PUBLISHING, "tep": self.files, "so_dang_ky": sha256(register),
                       "ban_ke": sha256(manifest)}
            _write(self.folder / (JOURNAL + ".tmp"), json.dumps(journal, ensure_ascii=False).encode("utf-8"))
            os.replace(self.folder / (JOURNAL + ".tmp"), self.folder / JOURNAL)
            _fsync_dir(self.folder)
            step("dang-ghi")
            finish(self.folder, self.archive, self.register, self.show)
        except OSError as exc:
            raise _failure(exc, self.show(Path(exc.filename)) if exc.filename else self.show(self.folder)) from None


def _failure(exc: OSError, where: str, when: str = "") -> WriteFailure:
    """A refusal of the system while issuing, in the clerk's words, naming *where*."""
    return WriteFailure([Finding(Location(where), f"không ghi được{when}: {_reason(exc)}",
                                 "kiểm tra quyền ghi và chỗ trống trên đĩa, rồi chạy lại «vanban phat-hanh»: "
                                 "lần chạy sau hoàn tất hoặc bỏ lần này")],
                        "Lưu trữ giữ nguyên hoặc được hoàn tất ở lần chạy sau; không văn bản nào nửa vời.")


def finish(folder: Path, archive: Path, register: Path, show=str) -> None:
    """Complete a journalled publication (idempotent: a second call after a kill goes on); *show*
    gives a path as the clerk reads it."""
    fix = (f"không chuyển gì theo nhật ký này: xóa thư mục {show(folder)} rồi chạy «vanban luu-tru kiem-tra» và "
           "phát hành lại")
    try:
        journal = read_json(folder / JOURNAL)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise ArchiveProblem([Finding(Location(show(folder / JOURNAL)), f"nhật ký phát hành dở dang không đọc được: "
                                      f"{reason}", fix)]) from None
    files = journal.get("tep") if isinstance(journal, dict) else None
    # the journal names what to move: only plain names of this stage and archive, never a path;
    # and the hashes of the register and manifest it moves, which the recovery checks first
    if not isinstance(files, dict) or not all(plain_name(n) and _digest(d) for n, d in files.items()):
        raise ArchiveProblem([Finding(Location(show(folder / JOURNAL)),
                                      "nhật ký phát hành dở dang bị sửa: có tên tệp không phải của lưu trữ", fix)])
    if not (_digest(journal.get("so_dang_ky")) and _digest(journal.get("ban_ke"))):
        raise ArchiveProblem([Finding(Location(show(folder / JOURNAL)), "nhật ký phát hành dở dang bị sửa: thiếu mã "
                                      "băm của sổ đăng ký hoặc bản kê", fix)])
    changed = _changed_since_journal(folder, archive, register, journal, files, show)
    if changed:
        raise ArchiveProblem(changed)
    archive.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(files):
        src = folder / "tep" / name
        if os.path.lexists(src):
            _move(src, archive / name)
        if i == 0:
            step("da-chuyen")
    _fsync_dir(archive)
    if (folder / "so-dang-ky.csv").exists():
        _move(folder / "so-dang-ky.csv", register)
        _fsync_dir(register.parent)
    step("da-ghi-so")
    if (folder / MANIFEST).exists():
        _move(folder / MANIFEST, archive / MANIFEST)
        _fsync_dir(archive)
    step("da-ghi-ban-ke")
    shutil.rmtree(folder)


def _digest(value) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _changed_since_journal(folder: Path, archive: Path, register: Path, journal: dict,
                           files: dict[str, str], show) -> list[Finding]:
    """Every file of the publication, re-hashed before anything more moves: the staged copy, or
    the copy already moved into place before the run was stopped. One that is not what the
    journal recorded (changed or replaced between the stop and now) stops the recovery."""
    fix = ("không chuyển gì thêm: trả lại tệp đúng (từ bản sao lưu), hoặc chuyển tệp đó ra khỏi lưu trữ và xóa "
           f"thư mục {show(folder)}, rồi chạy «vanban luu-tru kiem-tra» và phát hành lại")
    out = []
    recorded = [(folder / "tep" / name, archive / name, digest) for name, digest in files.items()]
    for staged, placed, key in ((folder / "so-dang-ky.csv", register, "so_dang_ky"),
                                (folder / MANIFEST, archive / MANIFEST, "ban_ke")):
        recorded.append((staged, placed, journal[key]))
    for staged, placed, digest in recorded:
        path = staged if os.path.lexists(staged) else placed
        found = regular_hash(path)
        if found == digest:
            continue
        what = ("không có" if found is None and not os.path.lexists(path) else
                "không phải tệp thường (liên kết tới nơi khác?)" if found is None else
                "đã bị thay đổi sau khi lần phát hành bị dừng (mã băm khác nhật ký)")
        out.append(Finding(Location(show(placed)), f"lần phát hành dở dang: tệp {what}", fix))
    return out


def leftover(folder: Path) -> str | None:
    """'dang-ghi' (a publication to complete), 'dat' (a stage to drop) or None."""
    if not os.path.lexists(folder):
        return None
    if folder.is_symlink() or not folder.is_dir():
        return "la"
    if not os.path.lexists(folder / JOURNAL):
        return "dat"  # stopped before the journal: nothing was moved
    try:
        journal = read_json(folder / JOURNAL)
    except (OSError, ValueError):
        return "dang-ghi"  # a journal that does not read is never taken for «nothing moved»: finish() says why
    return "dang-ghi" if isinstance(journal, dict) and journal.get("trang_thai") == PUBLISHING else "dat"


def recover(folder: Path, archive: Path, register: Path, show=str) -> str | None:
    """Finish or drop what an interrupted run left; say which."""
    state = leftover(folder)
    if state is None:
        return None
    if state == "la":  # a link or a file where the stage must be: never followed, never removed
        raise ArchiveProblem([Finding(Location(show(folder)), "không phải thư mục phát hành của vanban (một liên kết "
                                      "tới nơi khác, hoặc một tệp)", f"chuyển {show(folder)} ra khỏi thư mục "
                                      "output rồi chạy lại lệnh")])
    if state == PUBLISHING:
        try:
            finish(folder, archive, register, show)
        except OSError as exc:  # the system refused a move: the next run goes on from where this one stopped
            raise _failure(exc, show(Path(exc.filename)) if exc.filename else show(folder)) from None
        return "Đã hoàn tất lần phát hành trước bị dừng giữa chừng."
    shutil.rmtree(folder)
    return "Đã bỏ lần phát hành trước bị dừng khi chưa ghi gì vào lưu trữ."
