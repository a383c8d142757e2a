"""Command line: parse arguments, call one function, print the outcome."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from . import cli_text
from .build import build as run_build
from .build import make_workbook
from .errors import VanbanError
from .load import Project


def _project(folder: str | None) -> Project:
    return Project(Path(folder) if folder else Path.cwd())


def fail(exc: VanbanError) -> None:
    """Print every finding of the run, then exit with the error's status."""
    n = len(exc.findings)
    click.echo(f"{exc.title}: {n} vấn đề cần sửa. Chưa ghi tệp nào.", err=True)
    ordered = sorted(exc.findings, key=lambda f: (f.location.file, f.location.line or 0))
    for f in ordered:
        click.echo(f"  {f}", err=True)
    sys.exit(exc.exit_code)


@click.group(help="vanban — soạn văn bản hành chính của Đảng và Nhà nước từ dữ liệu.",
             options_metavar=cli_text.OPTIONS_METAVAR, subcommand_metavar="LỆNH [THAM_SỐ]...")
@click.version_option(__version__, prog_name="vanban", message="%(prog)s %(version)s")
def main() -> None:
    pass


@main.command("build", help="Dựng văn bản LOẠI (ví dụ: ke-hoach, thong-bao) của NĂM từ dữ liệu trong data/NĂM/.",
              short_help="Dựng văn bản từ dữ liệu.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("kind", metavar="LOAI")
@click.argument("year", metavar="NAM", type=int)
@click.option("--du-thao", "draft", is_flag=True, help="Bản dự thảo: để trống số văn bản.")
@click.option("--chi-bo", "only", multiple=True, metavar="MÃ",
              help="Chỉ dựng thông báo cho chi bộ/đoàn thể có mã này (dùng nhiều lần được).")
@click.option("--ky", "period", metavar="KỲ", default=None,
              help="Kỳ báo cáo: quy-1, 6-thang, 9-thang, nam, hoặc ngay-NĂM-THÁNG-NGÀY.")
@click.option("--thu-muc", "folder", type=click.Path(file_okay=False), default=None,
              help="Thư mục làm việc (mặc định: thư mục hiện tại).")
def build_cmd(kind: str, year: int, draft: bool, only: tuple[str, ...], period: str | None,
              folder: str | None) -> None:
    project = _project(folder)
    options = {"only": only} if only else {}
    if period:
        options["period"] = period
    try:
        with Progress("Đang dựng") as progress:
            result = run_build(project, kind, year, draft=draft, progress=progress, **options)
    except VanbanError as exc:
        fail(exc)
    if len(result.documents) > 1:
        print_table(result)
    for path in result.written:
        click.echo(f"Đã ghi: {project.show(path)}")


@main.command("mau-excel", help="Tạo sổ Excel để nhập số liệu LOẠI (tien-do) của NĂM: "
              "mỗi kỳ một trang, mỗi chi bộ một dòng, ô nhập chỉ nhận số nguyên ≥ 0.",
              short_help="Tạo sổ Excel nhập số liệu.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("what", metavar="LOAI", type=click.Choice(["tien-do"]))
@click.argument("year", metavar="NAM", type=int)
@click.option("--thu-muc", "folder", type=click.Path(file_okay=False), default=None,
              help="Thư mục làm việc (mặc định: thư mục hiện tại).")
def excel_cmd(what: str, year: int, folder: str | None) -> None:
    project = _project(folder)
    try:
        path = make_workbook(project, year)
    except VanbanError as exc:
        fail(exc)
    click.echo(f"Đã ghi: {project.show(path)}")
    click.echo("Điền số liệu vào trang của kỳ cần báo cáo, lưu lại, rồi chạy «vanban build bao-cao "
               f"{year} --ky KỲ».")


class Progress:
    """A progress bar on stderr for batches; silent for a single document."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None

    def __enter__(self):
        return self

    def __call__(self, doc, done: int, total: int) -> None:
        if total < 2:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr,
                                         show_pos=True, width=30)
            self.bar.__enter__()
        self.bar.update(1)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


def print_table(result) -> None:
    rows = [("Nơi nhận", "Chỉ tiêu", "Số", "Tệp")]
    for doc in result.documents:
        rows.append((doc.addressee or doc.issue.subject, doc.summary, doc.issue.symbol, doc.output_name))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for i, row in enumerate(rows):
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if i == 0:
            click.echo("  ".join("-" * w for w in widths))
