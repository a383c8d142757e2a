"""The checkers: thể thức of any DOCX, and the printed page (through LibreOffice)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import VanbanError
from . import text as cli_text
from .common import fail, main


@main.command("kiem-tra-the-thuc", help="Kiểm tra thể thức một hoặc nhiều tệp DOCX (kể cả văn bản không do vanban "
              "tạo): khổ giấy, lề, phông, cỡ và kiểu chữ từng thành phần, số và ký hiệu, dấu *, ngày tháng, "
              "T/M hay TM., Nơi nhận, Unicode dựng sẵn, kiểu bỏ dấu, văn bản dẫn hai ngày. Mã thoát 1 nếu có lỗi.",
              short_help="Kiểm tra thể thức tệp DOCX.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("files", metavar="TỆP.docx...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--quy-tac", "rule_set", type=click.Choice(["dang", "nha-nuoc"]), default=None,
              help="Quy tắc thể thức; mặc định nhận ra từ phần đầu văn bản.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def the_thuc_cmd(files: tuple[str, ...], rule_set: str | None, as_json: bool) -> None:
    import json

    from ..office import document_reports  # start-up time: the checker's libraries load when it runs

    reports, others, problems = document_reports([Path(f) for f in files], list(files), rule_set)
    errors = sum(r["loi"] for r in reports)
    if problems and not reports and not others:
        fail(VanbanError(problems))
    if as_json and others:
        everything = reports + others
        click.echo(json.dumps(everything if len(everything) > 1 else everything[0], ensure_ascii=False, indent=2))
        for item in others:
            click.echo(f"{item['tep']}: không phải văn bản hành chính: {item['ly_do']}", err=True)
        sys.exit(1 if errors else 2)
    for item in others:
        click.echo(f"{item['tep']}: không phải văn bản hành chính ({item['ly_do']}); thể thức không áp dụng.")
    if as_json:
        click.echo(json.dumps(reports if len(reports) > 1 else reports[0], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            n, w = report["loi"], report["canh_bao"]
            name = "văn bản của Đảng" if report["quy_tac"] == "dang" else "văn bản Nhà nước"
            click.echo(f"{report['tep']} ({name}): {n} lỗi, {w} cảnh báo")
            for item in report["ket_qua"]:
                mark = "LỖI" if item["severity"] == "loi" else "cảnh báo"
                click.echo(f"  [{item['rule']}] {mark} ({item['section']}) {item['where']}: {item['message']}")
                click.echo(f"      → {item['fix']}")
    for f in problems:
        click.echo(f"  {f}", err=True)
    if errors or problems:
        sys.exit(1)
    if others:
        sys.exit(2)  # not an administrative document: a verdict of its own, not «has errors»


def print_page_reports(reports: list[dict]) -> int:
    """Print page-check reports; the number of errors."""
    errors = 0
    for report in reports:
        click.echo(f"{report['tep']} ({report['so_trang']} trang): {report['loi']} lỗi, {report['canh_bao']} cảnh báo")
        for item in report["ket_qua"]:
            mark = "LỖI" if item["severity"] == "loi" else "cảnh báo"
            click.echo(f"  [{item['rule']}] {mark} {item['where']}: {item['message']}")
            click.echo(f"      → {item['fix']}")
        errors += report["loi"]
    return errors


@main.command("kiem-tra-trang", help="Kiểm tra văn bản như khi in ra: chuyển DOCX sang PDF bằng LibreOffice (hoặc "
              "đọc thẳng tệp PDF) rồi kiểm tra từng trang: khối Nơi nhận – chữ ký trên một trang cùng nội dung (TP01), "
              "không có đề mục ở cuối trang (TP02), bảng sang trang lặp lại dòng tiêu đề (TP03), không có chữ ngoài "
              "lề (TP04), số trang từ trang 2, ở giữa phía trên (TP05). Mã thoát 1 nếu có lỗi.",
              short_help="Kiểm tra trang in của văn bản (qua LibreOffice).", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("files", metavar="TỆP...", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--quy-tac", "rule_set", type=click.Choice(["dang", "nha-nuoc"]), default=None,
              help="Quy tắc thể thức (lề trang của tệp PDF); tệp DOCX dùng lề của chính nó.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def pages_cmd(files: tuple[str, ...], rule_set: str | None, as_json: bool) -> None:
    import json

    from ..office import page_reports  # start-up time: the checker's libraries load when it runs

    try:
        reports = page_reports([Path(f) for f in files], list(files), rule_set)
    except VanbanError as exc:
        fail(exc)
    if as_json:
        click.echo(json.dumps(reports if len(reports) > 1 else reports[0], ensure_ascii=False, indent=2))
        errors = sum(r["loi"] for r in reports)
    else:
        errors = print_page_reports(reports)
    if errors:
        sys.exit(1)
