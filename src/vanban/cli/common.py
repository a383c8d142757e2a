"""What every command shares: the command group, the working-folder option, the Office a
command calls, the one error handler, the progress bar."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from . import text as cli_text
from ..errors import VanbanError
from ..project import Project


YEAR = click.IntRange(1900, 2200)

folder_option = click.option("--thu-muc", "folder", type=click.Path(file_okay=False), default=None,
                             metavar="THƯ_MỤC",
                             help="Thư mục làm việc (mặc định: thư mục hiện tại).")


def _project(folder: str | None) -> Project:
    return Project(Path(folder) if folder else Path.cwd())


def office_of(folder: str | None):
    """The Office of the working folder (vanban.office is imported when a command runs, so that
    `vanban --help` starts without the libraries it needs)."""
    from ..office import Office  # start-up time: see above

    return Office.open(folder)


def entry() -> None:
    """The console script: a bug shows a plain message and the details to send, not only a traceback."""
    try:
        main()
    except MemoryError:  # a template or a file asked for more than the machine has
        click.echo("Không đủ bộ nhớ để làm tiếp (mẫu hoặc tệp dữ liệu tạo ra quá nhiều chữ). Chưa ghi tệp nào "
                   "mới; chạy «vanban mau kiem-tra» để tìm thẻ gây ra.", err=True)
        sys.exit(4)
    except OSError as exc:  # the system refused a read or a write that no step caught
        where = exc.filename or "tệp"
        click.echo(f"Không ghi hoặc đọc được {where}: {exc.strerror or exc}. Kiểm tra tệp có đang mở, quyền "
                   "ghi và chỗ trống trên đĩa, rồi chạy lại.", err=True)
        sys.exit(4)
    except Exception:  # noqa: BLE001 - the edge of the program
        import traceback

        click.echo("Lỗi không mong đợi trong vanban (không phải lỗi dữ liệu). Xin gửi nội dung dưới đây cho "
                   "người phụ trách vanban; kiểm tra thư mục kết quả trước khi dùng:", err=True)
        traceback.print_exc()
        sys.exit(3)


def fail(exc: VanbanError) -> None:
    """Print every finding of the run (each once), then exit with the error's status."""
    findings = list(dict.fromkeys(exc.findings))  # one problem found by two steps is said once
    n = len(findings)
    files = len({f.location.file for f in findings})
    options = all(f.location.file.startswith("--") for f in findings)
    where = f" trong {files} tệp" if (files > 1 or (files == 1 and n > 1)) and not options else ""
    title = "Tùy chọn không đúng" if options and findings else exc.title  # an option, not the data, is wrong
    click.echo(f"{title}: {n} vấn đề cần sửa{where}. {exc.written}", err=True)
    ordered = sorted(findings, key=lambda f: (f.location.file, f.location.line or 0))
    for f in ordered:
        click.echo(f"  {f}", err=True)
    sys.exit(exc.exit_code)


@click.group(help="vanban — soạn văn bản hành chính của Đảng và Nhà nước từ dữ liệu.",
             options_metavar=cli_text.OPTIONS_METAVAR, subcommand_metavar="LỆNH [THAM_SỐ]...")
@click.version_option(__version__, prog_name="vanban", message="%(prog)s %(version)s")
def main() -> None:
    pass


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


class PdfProgress:
    """The PDF/A stage of an issue: a line when LibreOffice starts, then a bar as each PDF appears."""

    def __init__(self):
        self.bar = None

    def __enter__(self):
        return self

    def __call__(self, name: str, done: int, total: int) -> None:
        if done == 0:
            click.echo(f"Đang tạo PDF/A bằng LibreOffice cho {total} văn bản…", err=True)
            if total >= 2 and self.bar is None:
                self.bar = click.progressbar(length=total, label="PDF/A", file=sys.stderr, show_pos=True, width=30)
                self.bar.__enter__()
        elif self.bar is not None:
            self.bar.update(1)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


LISTED = 100  # documents listed one by one after a build; beyond, a count


def print_table(result) -> None:
    """What was built, one line a document: letters by addressee and quota, others by subject;
    a column nothing fills is left out."""
    docs = result.documents
    columns = [("Nơi nhận", lambda d: d.addressee) if any(d.addressee for d in docs)
               else ("Trích yếu", lambda d: d.subject)]
    if any(d.summary for d in docs):
        columns.append(("Chỉ tiêu", lambda d: d.summary))
    columns += [("Số", lambda d: d.symbol), ("Tệp", lambda d: d.output_name)]
    rows = [tuple(title for title, _ in columns)]
    rows += [tuple(value(d) or "" for _, value in columns) for d in docs]
    widths = [max(len(r[i]) for r in rows) for i in range(len(columns))]
    for i, row in enumerate(rows):
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if i == 0:
            click.echo("  ".join("-" * w for w in widths))
