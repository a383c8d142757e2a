"""Opening a DOCX or XLSX package within bounds, before any library parses it.

A package is a zip: a small file can unpack to gigabytes (a 'zip bomb'), a
device or a FIFO is no file at all. Every package vanban reads, whether a
template, a workbook or a document to check, passes `check_package` first.
"""

from __future__ import annotations

import stat
import zipfile
import re
from pathlib import Path

from ..errors import Finding, Location, VanbanError

MAX_FILE_BYTES = 50_000_000       # the package on disk
MAX_UNPACKED_BYTES = 200_000_000  # all its parts unpacked
MAX_PART_BYTES = 25_000_000       # one XML part unpacked (a long report's document.xml is under 2 MB)
MAX_PARTS = 5_000
_ROOT = re.compile(rb"<[A-Za-z_]")  # the start of an element (the prolog holds only <?…?>, <!--…--> and <!DOCTYPE)

REQUIRED = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
NAMES = {"docx": "tài liệu Word (.docx)", "xlsx": "sổ Excel (.xlsx)"}
RESAVE = {"docx": "mở tệp trong Word và «Lưu thành» Word Document (.docx)",
          "xlsx": "mở tệp trong Excel và «Lưu thành» Excel Workbook (.xlsx)"}


def check_package(path: Path, shown: str, kind: str, error: type[VanbanError]) -> None:
    """Raise *error* naming *shown* unless *path* is a regular file holding a sane package of *kind*."""
    def fail(message: str, hint: str = RESAVE[kind]):
        raise error([Finding(Location(shown), message, hint)])

    try:
        info = path.stat()
    except OSError:
        fail("không tìm thấy tệp", "kiểm tra tên và đường dẫn tệp")
    if not stat.S_ISREG(info.st_mode):
        fail("không phải một tệp thường (thư mục, thiết bị hoặc đường ống)", "chỉ định một tệp .docx/.xlsx")
    if info.st_size > MAX_FILE_BYTES:
        fail(f"tệp lớn quá {MAX_FILE_BYTES // 1_000_000} MB")
    if not zipfile.is_zipfile(path):
        fail(f"tệp không phải {NAMES[kind]}")
    try:
        with zipfile.ZipFile(path) as zf:
            entries = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        fail(f"tệp {NAMES[kind]} bị hỏng")
    if len(entries) > MAX_PARTS:
        fail(f"tệp có quá {MAX_PARTS} phần bên trong")
    if sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES or any(e.file_size > MAX_PART_BYTES for e in entries):
        fail("tệp giải nén ra quá lớn (có thể là tệp hỏng hoặc tệp độc hại)", "kiểm tra nguồn của tệp")
    if REQUIRED[kind] not in {e.filename for e in entries}:
        fail(f"tệp không có phần nội dung của {NAMES[kind]} ({REQUIRED[kind]})")
    declared = _with_doctype(path, entries)
    if declared:
        fail(f"phần {declared} của tệp có khai báo DOCTYPE (thực thể XML, có thể trỏ tới tệp khác trên máy): tệp "
             "Office không bao giờ có khai báo này, đây là tệp hỏng hoặc tệp độc hại", RESAVE[kind] + " (bản lưu "
             "lại không còn khai báo đó); nếu tệp nhận từ nơi khác, hỏi lại nơi gửi")


def _with_doctype(path: Path, entries) -> str | None:
    """The first XML part with a document type declaration (which may define entities: a
    reference to a file of this computer, or a billion laughs). Office never writes one, and the
    libraries that read a package would keep an undefined reference in what vanban writes (a
    document Word cannot open). Only each part's prolog is read, up to its root element."""
    try:
        with zipfile.ZipFile(path) as zf:
            for entry in entries:
                if not entry.filename.endswith((".xml", ".rels")) or entry.file_size == 0:
                    continue
                with zf.open(entry) as fh:
                    seen = b""
                    while True:
                        chunk = fh.read(4096)  # the prolog is short: most parts stop after one read
                        if not chunk:
                            break
                        seen = seen[-16:] + chunk
                        if b"<!DOCTYPE" in seen:
                            return entry.filename
                        if _ROOT.search(seen):  # the root element began: no declaration can follow
                            break
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return None  # damaged: the library that parses it says so
    return None
