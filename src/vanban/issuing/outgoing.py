"""The outgoing register of a year (sổ đăng ký văn bản đi, Nghị định 30/2020/NĐ-CP Phụ lục IV)
as a workbook, and the archive folder packed as a zip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from ..rendering.sheets import profile_margins, table_workbook
from ..text import vietnamese as vi
from .register import Entry

# Nghị định 30/2020/NĐ-CP, Phụ lục IV: the outgoing register
OUTGOING = ["STT", "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
            "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận",
            "Ghi chú"]


def outgoing_register(org, profile, year: int, entries: list[Entry]) -> bytes:
    """Sổ đăng ký văn bản đi with the columns of Nghị định 30/2020/NĐ-CP, Phụ lục IV."""
    rows = [[i, e.so_ky_hieu, vi.short_date(dt.date.fromisoformat(e.ngay)), e.trich_yeu, e.nguoi_ky, e.noi_nhan,
             "Văn thư", e.so_ban, "", "", e.ghi_chu] for i, e in enumerate(entries, 1)]
    return table_workbook("So van ban di", f"Sổ đăng ký văn bản đi năm {year} — {org.co_quan.ten}", OUTGOING,
                          rows, widths=[6, 14, 11, 40, 18, 36, 14, 8, 11, 16, 16], font=profile.phong_chu,
                          centred=(1, 2, 3, 8, 9), margins_mm=profile_margins(profile))


def pack(folder: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.is_symlink():  # the archive's own files, never one through a link
                zf.write(path, f"{folder.name}/{path.name}")
    return out.getvalue()
