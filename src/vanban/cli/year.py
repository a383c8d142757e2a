"""The year's commands: build, new year, workbooks, issue, archive check, status."""

from __future__ import annotations

import sys

import click

from ..errors import VanbanError
from . import text as cli_text
from .checks import print_page_reports
from .common import LISTED, YEAR, PdfProgress, Progress, fail, folder_option, main, office_of, print_table


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
    office = office_of(folder)
    project = office.project
    options = {"only": only, "period": period}
    try:
        with Progress("Đang dựng") as progress:
            result = office.year(year).build(kind, draft=draft, progress=progress, **options)
    except VanbanError as exc:
        fail(exc)
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    if 1 < len(result.documents) <= LISTED:
        print_table(result)
    if len(result.written) <= LISTED:
        for path in result.written:
            click.echo(f"Đã ghi: {project.show(path)}")
    else:  # a district's batch: the count and the folder, not a thousand lines
        folders = sorted({project.show(p.parent) for p in result.written})
        click.echo(f"Đã ghi {len(result.written)} tệp vào {', '.join(folders)}.")
    unnumbered = sum(not d.numbered for d in result.documents)
    if unnumbered and not draft:
        click.echo(f"Chưa có số: {unnumbered} văn bản được ghi như bản dự thảo (số để trống). Số do «vanban "
                   f"phat-hanh {year}» cấp theo sổ đăng ký khi phát hành; «vanban tinh-hinh {year}» cho biết "
                   "văn bản nào đã sẵn sàng.")
    if check_pages:
        from ..office import page_reports  # start-up time: the page checker only with --kiem-tra
        from ..rendering.pdf import INSTALL_HINT, soffice  # start-up time: as above

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
              "báo cáo sang năm mới, không chép số liệu tiến độ và kế hoạch nhiệm kỳ (dùng chung cho cả nhiệm kỳ); rồi liệt kê "
              "những gì cần xem lại. Thư mục năm đã có thì chỉ thêm các tệp còn thiếu, không ghi đè tệp nào.",
              short_help="Bắt đầu một năm mới từ năm trước.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("year", metavar="NĂM", type=YEAR)
@folder_option
def new_year_cmd(year: int, folder: str | None) -> None:
    office = office_of(folder)
    project = office.project
    try:
        result = office.new_year(year)
    except VanbanError as exc:
        fail(exc)
    click.echo(f"Đã tạo dữ liệu năm {year} từ năm {result.source}:")
    for path in result.created:
        click.echo(f"  {project.show(path)}")
    if result.kept:
        click.echo("Giữ nguyên các tệp đã có: " + ", ".join(project.show(p) for p in result.kept))
    click.echo("Cần xem lại trước khi dựng:")
    for item in result.review:
        click.echo(f"  - {item}")
    if result.workbook is not None:
        click.echo(f"Sổ Excel của năm: {project.show(result.workbook)} — sửa các mục trên ở đó, lưu lại, rồi "
                   f"«vanban excel nhap {year}».")
    click.echo(f"Dựng bản dự thảo để xem: vanban build ke-hoach {year} --du-thao")


@main.command("mau-excel", help="Tạo sổ Excel để nhập số liệu LOẠI (tien-do) của NĂM: "
              "mỗi kỳ một trang, mỗi chi bộ một dòng, ô nhập chỉ nhận số nguyên ≥ 0.",
              short_help="Tạo sổ Excel nhập số liệu.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("what", metavar="LOẠI", type=click.Choice(["tien-do"]))
@click.argument("year", metavar="NĂM", type=YEAR)
@folder_option
def excel_cmd(what: str, year: int, folder: str | None) -> None:
    office = office_of(folder)
    project = office.project
    try:
        path = office.year(year).progress_workbook()
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
    office = office_of(folder)
    project = office.project
    try:
        path = office.year(year).workbook_export()
    except VanbanError as exc:
        fail(exc)
    click.echo(f"Đã ghi: {project.show(path)}")
    click.echo(f"Sửa trong Excel, lưu lại, rồi chạy «vanban excel nhap {year}» để ghi lại các tệp YAML.")


@excel_group.command("nhap", help="Đọc data/NĂM/du-lieu-NĂM.xlsx, kiểm tra cả sổ như khi dựng văn bản (mã, tổng "
                     "số, ngày, quan hệ giữa các bảng; mọi lỗi một lần, nêu trang và ô), rồi ghi lại don-vi.yaml và "
                     "các tệp dữ liệu của NĂM đã đổi. Có lỗi thì không ghi gì.",
                     short_help="Nhập sổ Excel thành các tệp YAML.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("year", metavar="NĂM", type=YEAR)
@folder_option
def excel_import_cmd(year: int, folder: str | None) -> None:
    office = office_of(folder)
    project = office.project
    try:
        done = office.year(year).workbook_import()
    except VanbanError as exc:
        fail(exc)
    for path in done.written:
        click.echo(f"Đã ghi: {project.show(path)}")
    if done.unchanged:
        click.echo(f"Không đổi ({len(done.unchanged)}): " + ", ".join(project.show(p) for p in done.unchanged))
    if not done.written:
        click.echo("Sổ khớp các tệp dữ liệu: không có gì phải ghi.")
    else:
        click.echo(f"Dựng bản dự thảo để xem: vanban build ke-hoach {year} --du-thao")


@main.command("phat-hanh", help="Phát hành những văn bản của NĂM đã đủ dữ liệu (hoặc chỉ LOẠI, hoặc một kỳ của "
              "báo cáo với --ky): cấp số theo sổ đăng ký (data/so-van-ban-di.csv), ghi DOCX và PDF/A vào "
              "output/NĂM/luu-vt/ cùng bản kê và sổ đăng ký văn bản đi (XLSX); văn bản chưa đủ dữ liệu được liệt kê "
              "kèm lý do và chờ lần sau. Văn bản đã phát hành không bao giờ bị ghi đè.",
              short_help="Phát hành và lưu trữ văn bản của năm.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("year", metavar="NĂM", type=YEAR)
@click.argument("kind", metavar="[LOẠI]", required=False)
@click.option("--ky", "period", metavar="KỲ", default=None,
              help="Chỉ phát hành báo cáo của kỳ này (quy-1, 6-thang, 9-thang, nam, ngay-NĂM-THÁNG-NGÀY).")
@click.option("--thay-the", "replacing", multiple=True, metavar="SỐ_KÝ_HIỆU",
              help="Phát hành văn bản thay thế (số mới) cho văn bản đã phát hành này, ví dụ 28-KH/ĐU.")
@click.option("--khong-pdf", "no_pdf", is_flag=True, help="Không tạo PDF/A.")
@click.option("--zip", "make_zip", is_flag=True, help="Đóng gói thư mục lưu trữ thành một tệp .zip.")
@folder_option
def issue_cmd(year: int, kind: str | None, period: str | None, replacing: tuple[str, ...], no_pdf: bool,
              make_zip: bool, folder: str | None) -> None:
    office = office_of(folder)
    project = office.project
    try:
        with Progress("Đang phát hành") as progress, PdfProgress() as pdfs:
            result = office.year(year).issue(kind, period, replacing, pdf=not no_pdf, make_zip=make_zip,
                                             progress=progress, notify=lambda text: click.echo(text, err=True),
                                             pdf_progress=pdfs)
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
    if not result.issued and not result.pdfs and result.waiting:
        before = f" ({len(result.unchanged)} văn bản đã phát hành trước đây, dữ liệu không đổi)" if result.unchanged else ""
        click.echo(f"Lần này chưa phát hành được văn bản nào{before}.")
    elif not result.issued and not result.pdfs:
        click.echo(f"Không có gì thay đổi: {len(result.unchanged)} văn bản đã phát hành, dữ liệu không đổi.")
    else:
        click.echo(f"Lưu trữ: {project.show(result.folder)}")
    if result.waiting:
        click.echo(f"Chưa phát hành ({len(result.waiting)}, chờ đủ dữ liệu):")
        for waiting in result.waiting:
            click.echo(f"  {waiting.label}:")
            for f in waiting.findings:
                click.echo(f"    {f}")
    if make_zip:
        if result.zip_written:
            click.echo(f"Đã đóng gói: {project.show(result.archive_zip)}")
        else:
            click.echo(f"Không đóng gói lại: không có gì mới, tệp {project.show(result.archive_zip)} vẫn đúng.")
    if result.waiting and not result.issued and not result.pdfs:
        sys.exit(2)  # nothing issued while something waits: the clerk has something to do


@main.command("tinh-hinh", help="Tình hình từng văn bản của NĂM: chưa đủ dữ liệu, dự thảo (chưa có ngày), sẵn sàng "
              "phát hành, đã phát hành (số, ngày), đã đổi sau khi phát hành.",
              short_help="Tình hình các văn bản của năm.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("year", metavar="NĂM", type=YEAR)
@folder_option
def status_cmd(year: int, folder: str | None) -> None:
    office = office_of(folder)
    try:
        states = office.year(year).status()
    except VanbanError as exc:
        fail(exc)
    if not states:
        click.echo(f"Năm {year} chưa có văn bản nào (tạo năm mới: vanban nam-moi {year}).")
        return
    rows = [("Văn bản", "Tình hình", "Số", "Ngày")]
    rows += [(s.key, s.label, s.symbol, s.date) for s in states]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for i, row in enumerate(rows):
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if i == 0:
            click.echo("  ".join("-" * w for w in widths))
    for s in states:
        for f in s.why[:3]:
            click.echo(f"  {s.key}: {f}")


@main.group("luu-tru", help="Kiểm tra thư mục lưu trữ; dựng lại sổ đăng ký từ lưu trữ.",
            options_metavar=cli_text.OPTIONS_METAVAR,
            subcommand_metavar="LỆNH [THAM_SỐ]...")
def archive_group() -> None:
    pass


@archive_group.command("kiem-tra", help="Tính lại mã băm mọi tệp trong output/NĂM/luu-vt/ và so với bản kê "
                       "(manifest.json) và sổ đăng ký: báo tệp thiếu, tệp lạ, tệp bị sửa, tệp bị thay bằng liên kết, "
                       "bản kê hay sổ đăng ký bị sửa, sổ đăng ký cũ hơn lưu trữ, lần phát hành dở dang. Không sửa gì. "
                       "In dấu chuỗi của lưu trữ để ghi vào sổ giấy hoặc gửi cấp trên; với --dau-chuoi, đối chiếu "
                       "với dấu đã ghi. Mã thoát 1 nếu có vấn đề.",
                       short_help="Kiểm tra lưu trữ của năm (tệp, bản kê, sổ đăng ký, dấu chuỗi).",
                       options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("year", metavar="NĂM", type=YEAR)
@click.option("--dau-chuoi", "head", metavar="DẤU", default=None,
              help="Dấu chuỗi đã ghi lần trước (ít nhất 16 chữ số đầu): lưu trữ phải nối tiếp đúng từ dấu đó.")
@folder_option
def verify_cmd(year: int, head: str | None, folder: str | None) -> None:
    office = office_of(folder)
    try:
        check = office.year(year).verify(head)
    except VanbanError as exc:
        fail(exc)
    for name in check.missing:
        click.echo(f"THIẾU: {name}")
    for name in check.altered:
        click.echo(f"BỊ SỬA: {name} (mã băm không khớp bản kê hoặc sổ đăng ký)")
    for name in check.linked:
        click.echo(f"KHÔNG PHẢI TỆP: {name} (liên kết tới nơi khác hoặc thư mục; vanban không đọc qua liên kết)")
    for name in check.extra:
        click.echo(f"LẠ: {name} (không có trong bản kê)")
    for problem in check.problems:
        click.echo(f"KHÔNG KHỚP: {problem}")
    if check.ok:
        click.echo(f"Lưu trữ năm {year} nguyên vẹn: {check.checked} tệp khớp bản kê.")
    said = archive_formats(check)
    if said:
        click.echo(said)
    if check.ok and check.given is not None:
        given, run = check.given
        later = len(check.heads) - run - 1
        click.echo(f"Khớp dấu chuỗi đã ghi ({given}): dấu của lần phát hành {run + 1} ngày {check.times[run]}"
                   + (f"; sau đó có thêm {later} lần, nối tiếp đúng." if later else ", lần mới nhất."))
    if check.ok and check.head:
        click.echo(f"Dấu chuỗi năm {year} (sau {len(check.heads)} lần phát hành, ngày {check.times[-1]}): {check.head}")
        click.echo("Ghi dấu này (hoặc 16 chữ số đầu) vào sổ giấy hoặc gửi cấp trên; lần sau kiểm tra với "
                   f"«vanban luu-tru kiem-tra {year} --dau-chuoi {check.head[:16]}».")
    if not check.ok:
        sys.exit(1)


@archive_group.command("dung-lai-so", help="Dựng lại sổ đăng ký data/so-van-ban-di.csv từ bản kê của các lưu trữ "
                       "(mỗi số đã cấp đều ghi trong bản kê), khi sổ bị mất hoặc bị thay bằng bản cũ. Kiểm tra từng "
                       "lưu trữ trước (lưu trữ bị sửa thì không dựng); sổ hiện có mà mới hơn lưu trữ thì không thay; "
                       "giữ bản sao sổ cũ trong .dung-lai-so/NGÀY/.",
                       short_help="Dựng lại sổ đăng ký từ lưu trữ.", options_metavar=cli_text.OPTIONS_METAVAR)
@folder_option
def rebuild_cmd(folder: str | None) -> None:
    office = office_of(folder)
    project = office.project
    try:
        result = office.rebuild_register()
    except VanbanError as exc:
        fail(exc)
    for note in result.notes:
        click.echo(note)
    years = ", ".join(f"{year} ({count} văn bản)" for year, count in result.years.items())
    if not result.written:
        click.echo(f"Sổ đăng ký {project.show(result.register)} đã khớp bản kê của các năm {years}: không cần dựng "
                   "lại, không ghi gì.")
        return
    click.echo(f"Đã dựng lại sổ đăng ký {project.show(result.register)} từ bản kê của các năm {years}.")
    if result.kept:
        click.echo(f"Giữ nguyên {result.kept} dòng của những năm chưa có lưu trữ.")
    if result.backup is not None:
        click.echo(f"Bản sao sổ cũ: {project.show(result.backup)}/")
    for year in result.years:
        click.echo(f"Kiểm tra lại: vanban luu-tru kiem-tra {year}")


def archive_formats(check) -> str:
    """Which formats the check found, which release wrote them, what an upgrade recorded."""
    from ..data import formats  # start-up time: only after a check

    manifest, register = check.formats.get(formats.MANIFEST), check.formats.get(formats.REGISTER)
    if manifest is None and register is None:
        return ""
    parts = []
    if manifest is not None:
        parts.append(f"bản kê định dạng {manifest} ({formats.written_by(formats.MANIFEST, manifest)})")
    if register is not None:
        parts.append(f"sổ đăng ký định dạng {register} ({formats.written_by(formats.REGISTER, register)})")
    text = "Định dạng: " + ", ".join(parts) + "."
    old = (manifest is not None and manifest < formats.CURRENT[formats.MANIFEST]
           or register is not None and register < formats.CURRENT[formats.REGISTER])
    if old:
        text += (" Đã kiểm tra theo quy tắc của bản vanban đã ghi lưu trữ này; chạy «vanban nang-cap» trước khi "
                 "phát hành tiếp.")
    for run in check.upgrades:
        before = (run.get("tu") or {}).get(formats.MANIFEST)
        if isinstance(before, int) and before in formats.WRITTEN[formats.MANIFEST]:
            text += (f" Nâng cấp từ lưu trữ của {formats.written_by(formats.MANIFEST, before)} ngày "
                     f"{str(run.get('thoi_gian', ''))[:10]} bằng vanban {run.get('vanban', '')}.")
    return text
