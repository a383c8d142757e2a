"""Command line: parse arguments, call one function, print the outcome."""

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
    """Print every finding of the run, then exit with the error's status."""
    n = len(exc.findings)
    files = len({f.location.file for f in exc.findings})
    where = f" trong {files} tệp" if files > 1 or (files == 1 and n > 1) else ""
    click.echo(f"{exc.title}: {n} vấn đề cần sửa{where}. {exc.written}", err=True)
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
@click.argument("kind", metavar="LOẠI")
@click.argument("year", metavar="NĂM", type=YEAR)
@click.option("--du-thao", "draft", is_flag=True, help="Bản dự thảo: để trống số văn bản.")
@click.option("--chi-bo", "only", multiple=True, metavar="MÃ",
              help="Chỉ dựng thông báo cho chi bộ/đoàn thể có mã này (dùng nhiều lần được).")
@click.option("--ky", "period", metavar="KỲ", default=None,
              help="Kỳ báo cáo: quy-1, 6-thang, 9-thang, nam, hoặc ngay-NĂM-THÁNG-NGÀY.")
@click.option("--kiem-tra", "check_pages", is_flag=True,
              help="Sau khi dựng, kiểm tra trang in của các văn bản (cần LibreOffice).")
@folder_option
def build_cmd(kind: str, year: int, draft: bool, only: tuple[str, ...], period: str | None,
              check_pages: bool, folder: str | None) -> None:
    from ..build import build as run_build

    project = _project(folder)
    options = {"only": only, "period": period}
    try:
        with Progress("Đang dựng") as progress:
            result = run_build(project, kind, year, draft=draft, progress=progress, **options)
    except VanbanError as exc:
        fail(exc)
    if 1 < len(result.documents) <= LISTED:
        print_table(result)
    if len(result.written) <= LISTED:
        for path in result.written:
            click.echo(f"Đã ghi: {project.show(path)}")
    else:  # a district's batch: the count and the folder, not a thousand lines
        folders = sorted({project.show(p.parent) for p in result.written})
        click.echo(f"Đã ghi {len(result.written)} tệp vào {', '.join(folders)}.")
    if check_pages:
        from ..rendering.pdf import INSTALL_HINT, soffice

        if soffice() is None:
            click.echo(f"Chưa kiểm tra trang in: không tìm thấy LibreOffice ({INSTALL_HINT}).", err=True)
            return
        framed = {d.output_name for d in result.documents if d.framed}
        docs = [p for p in result.written if p.suffix == ".docx" and p.name in framed]
        try:
            reports = page_reports(docs, [project.show(p) for p in docs])
        except VanbanError as exc:
            fail(exc)
        if print_page_reports(reports):
            sys.exit(1)


@main.command("nam-moi", help="Bắt đầu NĂM mới từ dữ liệu năm trước: chép các tệp của data/NĂM_TRƯỚC/ sang "
              "data/NĂM/ (giữ chú thích), xóa số và ngày ban hành, đổi «năm NĂM_TRƯỚC» thành «năm NĂM», dời các hạn "
              "báo cáo sang năm mới, không chép số liệu tiến độ; rồi liệt kê những gì cần xem lại.",
              short_help="Bắt đầu một năm mới từ năm trước.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("year", metavar="NĂM", type=YEAR)
@folder_option
def new_year_cmd(year: int, folder: str | None) -> None:
    from ..data.new_year import start

    project = _project(folder)
    try:
        result = start(project, year)
    except VanbanError as exc:
        fail(exc)
    click.echo(f"Đã tạo dữ liệu năm {year} từ năm {result.source}:")
    for path in result.created:
        click.echo(f"  {project.show(path)}")
    click.echo("Cần xem lại trước khi dựng:")
    for item in result.review:
        click.echo(f"  - {item}")
    click.echo(f"Dựng bản dự thảo để xem: vanban build ke-hoach {year} --du-thao")


@main.command("mau-excel", help="Tạo sổ Excel để nhập số liệu LOẠI (tien-do) của NĂM: "
              "mỗi kỳ một trang, mỗi chi bộ một dòng, ô nhập chỉ nhận số nguyên ≥ 0.",
              short_help="Tạo sổ Excel nhập số liệu.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("what", metavar="LOẠI", type=click.Choice(["tien-do"]))
@click.argument("year", metavar="NĂM", type=YEAR)
@folder_option
def excel_cmd(what: str, year: int, folder: str | None) -> None:
    from ..build import make_workbook

    project = _project(folder)
    try:
        path = make_workbook(project, year)
    except VanbanError as exc:
        fail(exc)
    click.echo(f"Đã ghi: {project.show(path)}")
    click.echo("Điền số liệu vào trang của kỳ cần báo cáo, lưu lại, rồi chạy «vanban build bao-cao "
               f"{year} --ky KỲ».")


@main.group("excel", help="Toàn bộ dữ liệu của đơn vị và của một năm trong một sổ Excel: xuất ra để sửa bằng "
            "Excel hoặc LibreOffice Calc, rồi nhập lại thành các tệp YAML.",
            short_help="Dữ liệu trong một sổ Excel (xuất, nhập).", options_metavar=cli_text.OPTIONS_METAVAR,
            subcommand_metavar="LỆNH [THAM_SỐ]...")
def excel_group() -> None:
    pass


@excel_group.command("xuat", help="Ghi don-vi.yaml và các tệp dữ liệu của NĂM (trừ tiến độ) vào "
                     "data/NĂM/du-lieu-NĂM.xlsx: mỗi bảng một trang, mỗi bản ghi một dòng, cột mã có danh sách chọn. "
                     "Không ghi đè sổ đã có.",
                     short_help="Xuất dữ liệu ra sổ Excel.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("year", metavar="NĂM", type=YEAR)
@folder_option
def excel_export_cmd(year: int, folder: str | None) -> None:
    from ..data.workbook import export

    project = _project(folder)
    try:
        path = export(project, year)
    except VanbanError as exc:
        fail(exc)
    click.echo(f"Đã ghi: {project.show(path)}")
    click.echo(f"Sửa trong Excel, lưu lại, rồi chạy «vanban excel nhap {year}» để ghi lại các tệp YAML.")


@excel_group.command("nhap", help="Đọc data/NĂM/du-lieu-NĂM.xlsx, kiểm tra từng ô như dữ liệu YAML (lỗi nêu "
                     "trang và ô), rồi ghi lại don-vi.yaml và các tệp dữ liệu của NĂM. Có lỗi thì không ghi gì.",
                     short_help="Nhập sổ Excel thành các tệp YAML.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("year", metavar="NĂM", type=YEAR)
@folder_option
def excel_import_cmd(year: int, folder: str | None) -> None:
    from ..data.workbook import import_

    project = _project(folder)
    try:
        written = import_(project, year)
    except VanbanError as exc:
        fail(exc)
    for path in written:
        click.echo(f"Đã ghi: {project.show(path)}")


@main.command("phat-hanh", help="Phát hành mọi văn bản của NĂM có dữ liệu: cấp số theo sổ đăng ký "
              "(data/so-van-ban-di.csv), ghi DOCX và PDF/A vào output/NĂM/luu-vt/ cùng bản kê hash và sổ đăng ký "
              "văn bản đi (XLSX). Văn bản đã phát hành không bao giờ bị ghi đè.",
              short_help="Phát hành và lưu trữ văn bản của năm.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("year", metavar="NĂM", type=YEAR)
@click.option("--thay-the", "replacing", multiple=True, metavar="SỐ_KÝ_HIỆU",
              help="Phát hành văn bản thay thế (số mới) cho văn bản đã phát hành này, ví dụ 28-KH/ĐU.")
@click.option("--khong-pdf", "no_pdf", is_flag=True, help="Không tạo PDF/A.")
@click.option("--zip", "make_zip", is_flag=True, help="Đóng gói thư mục lưu trữ thành một tệp .zip.")
@folder_option
def issue_cmd(year: int, replacing: tuple[str, ...], no_pdf: bool, make_zip: bool, folder: str | None) -> None:
    from ..issuing import issue_year

    project = _project(folder)
    try:
        with Progress("Đang phát hành") as progress:
            result = issue_year(project, year, replacing, pdf=not no_pdf, make_zip=make_zip, progress=progress,
                                notify=lambda text: click.echo(text, err=True))
    except VanbanError as exc:
        fail(exc)
    for note in result.notes:
        click.echo(note)
    for doc in result.issued:
        click.echo(f"Đã phát hành: {doc.issue.symbol:<12} {doc.output_name}")
    for old in result.replaced:
        click.echo(f"Đã thay thế: {old}")
    for pdf in result.pdfs:
        click.echo(f"PDF/A: {project.show(pdf)}")
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    if not result.issued and not result.pdfs:
        click.echo(f"Không có gì thay đổi: {len(result.unchanged)} văn bản đã phát hành, dữ liệu không đổi.")
    else:
        click.echo(f"Lưu trữ: {project.show(result.folder)}")
    if make_zip:
        if result.zip_written:
            click.echo(f"Đã đóng gói: {project.show(result.archive_zip)}")
        else:
            click.echo(f"Không đóng gói lại: không có gì mới, tệp {project.show(result.archive_zip)} vẫn đúng.")


@main.group("luu-tru", help="Kiểm tra thư mục lưu trữ.", options_metavar=cli_text.OPTIONS_METAVAR,
            subcommand_metavar="LỆNH [THAM_SỐ]...")
def archive_group() -> None:
    pass


@archive_group.command("kiem-tra", help="Tính lại mã băm mọi tệp trong output/NĂM/luu-vt/ và so với bản kê "
                       "(manifest.json) và sổ đăng ký: báo tệp thiếu, tệp lạ, tệp bị sửa, bản kê hay sổ đăng ký bị "
                       "sửa, lần phát hành dở dang. Không sửa gì. Mã thoát 1 nếu có.",
                       options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("year", metavar="NĂM", type=YEAR)
@folder_option
def verify_cmd(year: int, folder: str | None) -> None:
    from ..issuing import verify

    project = _project(folder)
    try:
        check = verify(project, year)
    except VanbanError as exc:
        fail(exc)
    for name in check.missing:
        click.echo(f"THIẾU: {name}")
    for name in check.altered:
        click.echo(f"BỊ SỬA: {name} (mã băm không khớp bản kê hoặc sổ đăng ký)")
    for name in check.extra:
        click.echo(f"LẠ: {name} (không có trong bản kê)")
    for problem in check.problems:
        click.echo(f"KHÔNG KHỚP: {problem}")
    if check.ok:
        click.echo(f"Lưu trữ năm {year} nguyên vẹn: {check.checked} tệp khớp bản kê.")
    else:
        sys.exit(1)


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
    from ..template_tools.tools import check_templates

    project = _project(folder)
    try:
        found, count = check_templates(project, files, generic)
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
        click.echo(f"{len(warnings)} điều nên sửa (mẫu vẫn dựng đúng; «vanban mau sua» sửa được):")
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
    from ..template_tools.tools import repair_templates

    project = _project(folder)
    try:
        results = repair_templates(project, files)
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
    from ..template_tools.tools import variables

    project = _project(folder)
    try:
        rows, filters = variables(project, kind)
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

    from .. import the_thuc

    code = rule_set.replace("-", "_") if rule_set else None
    reports, errors, problems, others = [], 0, [], []
    for f in files:
        try:
            used, issues = the_thuc.check(Path(f), f, code)
        except the_thuc.NotAdministrative as exc:
            others.append({"tep": f, "quy_tac": None, "hanh_chinh": False, "ly_do": exc.reason, "loi": 0,
                           "canh_bao": 0, "ket_qua": []})
            continue
        except VanbanError as exc:
            problems += exc.findings
            continue
        reports.append(the_thuc.as_json(f, used, issues))
        errors += sum(i.severity == the_thuc.ERROR for i in issues)
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
                mark = "LỖI" if item["severity"] == the_thuc.ERROR else "cảnh báo"
                click.echo(f"  [{item['rule']}] {mark} ({item['section']}) {item['where']}: {item['message']}")
                click.echo(f"      → {item['fix']}")
    for f in problems:
        click.echo(f"  {f}", err=True)
    if errors or problems:
        sys.exit(1)
    if others:
        sys.exit(2)  # not an administrative document: a verdict of its own, not «has errors»


def page_reports(files: list[Path], shown: list[str], rule_set: str | None = None) -> list[dict]:
    """The page check of each file, as the JSON shape the thể thức checker uses."""
    from ..data.load import load_profile
    from ..the_thuc import ERROR, WARNING, as_record
    from ..the_thuc.pages import Margins, check_files

    margins = None
    if rule_set:
        page = load_profile(rule_set.replace("-", "_")).trang
        margins = Margins(page.le_tren_mm, page.le_duoi_mm, page.le_trai_mm, page.le_phai_mm)
    reports = []
    for name, count, issues in check_files(files, shown, margins):
        reports.append({"tep": name, "so_trang": count, "loi": sum(i.severity == ERROR for i in issues),
                        "canh_bao": sum(i.severity == WARNING for i in issues),
                        "ket_qua": [as_record(i) for i in issues]})
    return reports


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
