"""Command line: parse arguments, call one function, print the outcome."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from . import cli_text
from .build import build as run_build
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


@main.command("build", help="Dựng văn bản LOẠI (ví dụ: ke-hoach) của NĂM từ dữ liệu trong data/NĂM/.",
              short_help="Dựng văn bản từ dữ liệu.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("kind", metavar="LOAI")
@click.argument("year", metavar="NAM", type=int)
@click.option("--du-thao", "draft", is_flag=True, help="Bản dự thảo: để trống số văn bản.")
@click.option("--thu-muc", "folder", type=click.Path(file_okay=False), default=None,
              help="Thư mục làm việc (mặc định: thư mục hiện tại).")
def build_cmd(kind: str, year: int, draft: bool, folder: str | None) -> None:
    project = _project(folder)
    try:
        result = run_build(project, kind, year, draft=draft)
    except VanbanError as exc:
        fail(exc)
    for path in result.written:
        click.echo(f"Đã ghi: {project.show(path)}")
