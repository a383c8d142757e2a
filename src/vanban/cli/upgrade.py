"""`vanban nang-cap`: a working folder of an earlier release, in the current formats."""

from __future__ import annotations

import click

from .. import __version__
from ..errors import VanbanError
from . import text as cli_text
from .common import fail, folder_option, main, office_of

# What a clerk calls each family of files (the keys of formats.WRITTEN)
FAMILIES = {"du_lieu": "dữ liệu", "mau": "mẫu", "so_dang_ky": "sổ đăng ký", "ban_ke": "lưu trữ",
            "so_tien_do": "sổ Excel tiến độ", "so_excel": "sổ Excel dữ liệu"}


@main.command("nang-cap", help="Nâng cấp thư mục làm việc do một bản vanban cũ hơn ghi lên định dạng của bản "
              "đang chạy: ghi lại các tệp dữ liệu (giữ chú thích; đổi tên mục, chuyển mục), thay các mẫu Word gốc "
              "chưa sửa bằng mẫu mới, chuyển sổ đăng ký và bản kê lưu trữ sang định dạng mới sau khi kiểm tra lưu "
              "trữ theo quy tắc của bản cũ. Không sửa văn bản đã phát hành; sao lưu mọi tệp bị đổi vào "
              ".nang-cap/NGÀY/; có gì không nâng cấp được thì nói lý do và không ghi gì. Chạy lại không đổi gì thêm.",
              short_help="Nâng cấp dữ liệu và lưu trữ của bản vanban cũ.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.option("--xem-truoc", "preview", is_flag=True, help="Chỉ liệt kê những gì sẽ đổi, không ghi gì.")
@folder_option
def upgrade_cmd(preview: bool, folder: str | None) -> None:
    office = office_of(folder)
    project = office.project
    try:
        result = office.upgrade(preview=preview)
    except VanbanError as exc:
        fail(exc)
    from ..data.formats import CURRENT, written_by  # start-up time: only once the upgrade ran

    for note in result.notes:
        click.echo(note)
    release = ".".join(__version__.split(".")[:2])
    if result.nothing:
        click.echo(f"Không có gì cần nâng cấp: dữ liệu, mẫu, sổ đăng ký và lưu trữ đã theo định dạng của vanban "
                   f"{release}.")
        return
    found = ", ".join(f"{FAMILIES.get(family, family)} của {written_by(family, number)}"
                      for family, number in result.found.items() if number is not None and number < CURRENT[family])
    click.echo(("Sẽ nâng cấp" if preview else "Đã nâng cấp") + f" thư mục làm việc lên định dạng của vanban {release}"
               + (f" (trước đó: {found})" if found else "") + ".")
    click.echo("Những gì " + ("sẽ đổi:" if preview else "đã đổi:"))
    for change in result.changes:
        click.echo(f"  {change}")
    if result.review:
        click.echo("Cần xem lại:")
        for item in result.review:
            click.echo(f"  - {item}")
    if preview:
        click.echo("Chưa ghi gì. Chạy «vanban nang-cap» (không có --xem-truoc) để nâng cấp.")
        return
    click.echo("Văn bản đã phát hành không bị sửa.")
    if result.backup is not None:
        click.echo(f"Bản sao các tệp trước khi nâng cấp: {project.show(result.backup)}/")
    for year in result.archives:
        click.echo(f"Kiểm tra lại bất cứ lúc nào: vanban luu-tru kiem-tra {year}")
