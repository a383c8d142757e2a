"""`vanban mau …`: check, repair and list the variables of Word templates."""

from __future__ import annotations

import sys

import click

from ..errors import VanbanError
from . import text as cli_text
from .common import fail, folder_option, main, office_of


@main.group("mau", help="Công cụ cho mẫu Word: kiểm tra, sửa lỗi Word gây ra, xem biến.",
            options_metavar=cli_text.OPTIONS_METAVAR, subcommand_metavar="LỆNH [THAM_SỐ]...")
def template_group() -> None:
    pass


@template_group.command("kiem-tra", help="Đọc mẫu (mặc định: mọi mẫu trong templates/docx/) đúng như khi dựng: "
                        "cú pháp thẻ, khối for/if mở và đóng, chữ sẽ mất bên cạnh thẻ {%p}/{{p}}, biến và bộ lọc của "
                        "loại văn bản, {{p phan_dau }}/{{p phan_cuoi }}, thay đổi chưa chấp nhận, nhận xét, macro, "
                        "đối tượng nhúng, liên kết ra ngoài; điền thử với dữ liệu hiện có và với nhiều dữ liệu hơn. "
                        "Lỗi thì «build» cũng từ chối; nhắc thì «build» vẫn dựng đúng và «mau sua» sửa được. "
                        "Mã thoát 1 nếu có lỗi.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("files", metavar="[TỆP]...", nargs=-1)
@click.option("--chung", "generic", is_flag=True, help="Chỉ kiểm tra cú pháp chung (mẫu không thuộc loại nào).")
@folder_option
def template_check_cmd(files: tuple[str, ...], generic: bool, folder: str | None) -> None:
    office = office_of(folder)
    try:
        found, count = office.check_templates(files, generic)
    except VanbanError as exc:
        fail(exc)
    errors = [f for f in found if f.severity != "canh_bao"]
    warnings = [f for f in found if f.severity == "canh_bao"]
    if errors:
        click.echo(f"{len(errors)} lỗi trong mẫu (vanban build cũng sẽ từ chối):")
        for f in errors:
            click.echo(f"  {f}")
    else:
        click.echo(f"Không thấy lỗi trong {count} mẫu.")
    if warnings:
        click.echo(f"{len(warnings)} điều nên sửa (mẫu vẫn dựng được; điều nào về thẻ thì «vanban mau sua» sửa được):")
        for f in warnings:
            click.echo(f"  {f}")
    if errors:
        sys.exit(1)


@template_group.command("sua", help="Sửa trong tệp .docx những gì sửa được mà không đổi chữ in ra: chấp nhận mọi "
                        "thay đổi được theo dõi, xóa nhận xét, tắt Theo dõi thay đổi, bỏ macro, dữ liệu XML riêng, "
                        "tệp mẫu gắn kèm và liên kết tới tệp; nối lại thẻ bị ngắt xuống đoạn sau; gộp mỗi thẻ về một "
                        "đoạn định dạng (của ký tự đầu); đổi ngoặc cong và ký tự Word tự đổi (–, …, dấu cách không "
                        "ngắt) trong thẻ về dấu thường. Giữ bản sao lưu; chạy lại không đổi gì thêm.",
                        options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("files", metavar="[TỆP]...", nargs=-1)
@folder_option
def template_repair_cmd(files: tuple[str, ...], folder: str | None) -> None:
    office = office_of(folder)
    project = office.project
    try:
        results = office.repair_templates(files)
    except VanbanError as exc:
        fail(exc)
    for shown, done, backup, left in results:
        if done:
            click.echo(f"Đã sửa {shown} (bản cũ: {project.show(backup)}):")
            for line in done:
                click.echo(f"  - {line}")
        else:
            click.echo(f"Không có gì cần sửa: {shown}")
        if left:
            click.echo(f"  Còn {left} lỗi phải sửa trong Word: xem «vanban mau kiem-tra {shown}».")


@template_group.command("bien", help="Liệt kê mọi biến và bộ lọc mẫu của LOẠI văn bản dùng được, "
                        "kèm mô tả và giá trị mẫu.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("kind", metavar="LOẠI")
@folder_option
def template_vars_cmd(kind: str, folder: str | None) -> None:
    office = office_of(folder)
    try:
        rows, filters = office.template_variables(kind)
    except VanbanError as exc:
        fail(exc)
    click.echo(f"Biến của mẫu «{kind}» (dùng {{{{ tên }}}} trong Word):")
    for name, text, sample in rows:
        click.echo(f"  {name}: {text}")
        if sample:
            click.echo(f"      ví dụ: {sample}")
    click.echo("Bộ lọc (dùng {{ biến|bộ_lọc }}):")
    for name, text, example in filters:
        click.echo(f"  {name}: {text}   {example}")
