"""`vanban giao-dien`: the clerk's page in the browser, served from this machine."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import VanbanError
from . import text as cli_text
from .common import fail, folder_option, main


@main.command("giao-dien", help="Mở trang làm việc của vanban trên trình duyệt: tình hình từng văn bản của năm, "
              "nhập dữ liệu bằng biểu mẫu, xem trang, dựng, phát hành, sổ Excel, mẫu Word, lưu trữ. Trang chỉ mở "
              "được trên máy này (127.0.0.1), bằng địa chỉ có khóa mà lệnh in ra. Dừng bằng Ctrl+C.",
              short_help="Mở trang làm việc trên trình duyệt.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.option("--cong", "port", type=click.IntRange(1024, 65535), default=None, metavar="CỔNG",
              help="Cổng của trang (mặc định: 8750, hoặc cổng trống kế tiếp).")
@click.option("--khong-mo-trinh-duyet", "no_browser", is_flag=True, help="Không tự mở trình duyệt.")
@folder_option
def web_cmd(port: int | None, no_browser: bool, folder: str | None) -> None:
    from ..web import serve  # start-up time: the web framework is loaded by this command only

    try:
        serve(Path(folder) if folder else Path.cwd(), port, open_browser=not no_browser,
              say=lambda text: click.echo(text))
    except VanbanError as exc:
        fail(exc)
