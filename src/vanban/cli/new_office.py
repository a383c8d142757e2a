"""`vanban khoi-tao`: a new office's working folder from an example, set up in Excel afterwards."""

from __future__ import annotations

import datetime as dt
import re
import sys

import click

from ..errors import VanbanError
from . import text as cli_text
from .common import YEAR, fail, main

EXAMPLES = ("dang-uy-xa", "ubnd-xa", "huyen-uy")  # as vanban.office.EXAMPLES (not imported at start-up)
RULES = {"dang": "dang", "nha-nuoc": "nha_nuoc", "nha_nuoc": "nha_nuoc"}
ASKED = [  # (option, question) of what khoi-tao asks when the option is not given
    ("co_quan", "Tên cơ quan ban hành (ví dụ: Đảng ủy xã Tân Phú)"),
    ("dia_danh", "Địa danh ở dòng ngày tháng (ví dụ: Tân Phú)"),
    ("cap_tren", "Cơ quan cấp trên in ở phần đầu, từ cao xuống, cách nhau bằng dấu ; (để trống nếu không có)"),
    ("nhiem_ky", "Nhiệm kỳ của cấp ủy (ví dụ: 2025-2030; để trống với cơ quan Nhà nước)"),
    ("bat_dau", "Ngày bắt đầu nhiệm kỳ (ví dụ: 15/10/2025)"),
    ("so_da_dung", "Số cuối cùng đã dùng trong nhiệm kỳ (Nhà nước: trong năm) của từng loại văn bản trước khi dùng "
                   "vanban, ví dụ KH=27, TB=11 (để trống nếu chưa dùng số nào)"),
]


def _date(text: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    m = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text) or re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})",
                                                                              text)
    if not m:
        raise click.BadParameter(f"«{text}» không phải một ngày; gõ dạng 15/10/2025", param_hint="'--bat-dau'")
    a, b, c = (int(x) for x in m.groups())
    day, month, year = (a, b, c) if c > 31 else (c, b, a)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise click.BadParameter(f"«{text}»: tháng {month} không có ngày {day}", param_hint="'--bat-dau'") from None


def _numbers(values) -> dict[str, int]:
    out = {}
    for part in re.split(r"[;,\s]+", " ".join(values or ())):
        if not part:
            continue
        m = re.fullmatch(r"([A-Za-zĐđ]{1,6})=([0-9]{1,7})", part)
        if not m:
            raise click.BadParameter(f"«{part}» không đúng dạng KÝ_HIỆU=SỐ (ví dụ KH=27)", param_hint="'--so-da-dung'")
        out[m.group(1).upper()] = int(m.group(2))
    return out


def _ask_numbers(example: str, rule: str | None, state: bool, term: str | None) -> str:
    """The last number used before vanban of each type the example issues, one question each."""
    from ..office.new_office import numbered_types  # start-up time: the examples only when asked

    span = "trong năm nay" if state or not term else f"trong nhiệm kỳ {term}"
    out = []
    types = numbered_types(example, RULES.get(rule) if rule else None)
    if state:  # a State office numbers every type in one series a year: one question
        types = [(symbol, "văn bản (mọi loại, một dãy số)") for symbol, _ in types[:1]]
    for symbol, name in types:
        what = name if state else f"{name} ({symbol})"
        while True:
            said = click.prompt(f"Số cuối cùng của {what} đã dùng {span} trước khi dùng vanban "
                                "(0 nếu chưa dùng số nào)", default="0")
            if re.fullmatch(r"\s*[0-9]{1,7}\s*", said):
                out.append(f"{symbol}={int(said)}")
                break
            click.echo(f"«{said}» không phải một số; gõ số cuối cùng đã dùng, ví dụ 27, hoặc 0.")
    return " ".join(out)


@main.command("khoi-tao", help="Tạo thư mục làm việc cho một đơn vị mới từ một ví dụ (--mau): mẫu Word, dữ liệu đơn "
              "vị với cơ quan ban hành, cấp trên, địa danh, nhiệm kỳ, quy tắc thể thức và số đã dùng của đơn vị (hỏi "
              "những gì chưa ghi bằng tùy chọn), dữ liệu năm đầu, và sổ Excel data/NĂM/du-lieu-NĂM.xlsx để điền "
              "các đơn vị, người ký, nơi nhận, chỉ tiêu. Không chép các năm, văn bản và sổ đăng ký của ví dụ; không "
              "ghi vào thư mục đã có gì. Sau đó: điền sổ Excel, «vanban excel nhap NĂM», «vanban build ke-hoach NĂM "
              "--du-thao».",
              short_help="Tạo thư mục làm việc cho một đơn vị mới.", options_metavar=cli_text.OPTIONS_METAVAR)
@click.argument("folder", metavar="THƯ_MỤC")
@click.option("--mau", "example", type=click.Choice(EXAMPLES), default=None,
              help="Ví dụ gần giống đơn vị mình: dang-uy-xa (Đảng ủy xã), ubnd-xa (UBND xã, thể thức Nhà nước), "
              "huyen-uy (Huyện ủy).")
@click.option("--nam", "year", type=YEAR, default=None, help="Năm đầu tiên làm văn bản (mặc định: năm nay).")
@click.option("--co-quan", "co_quan", metavar="TÊN", help="Tên cơ quan ban hành, ví dụ «Đảng ủy xã Tân Phú».")
@click.option("--viet-tat", "viet_tat", metavar="CHỮ", help="Viết tắt của cơ quan trong ký hiệu (ĐU, HU, UBND…); "
              "mặc định: như ví dụ.")
@click.option("--cap-tren", "cap_tren", metavar="TÊN", multiple=True,
              help="Cơ quan cấp trên in ở phần đầu (ghi nhiều lần, từ cao xuống); «--cap-tren ''» nếu không có.")
@click.option("--dia-danh", "dia_danh", metavar="TÊN", help="Địa danh ở dòng ngày tháng.")
@click.option("--nhiem-ky", "nhiem_ky", metavar="NĂM-NĂM", help="Nhiệm kỳ của cấp ủy, ví dụ 2025-2030.")
@click.option("--bat-dau", "bat_dau", metavar="NGÀY", help="Ngày bắt đầu nhiệm kỳ, ví dụ 15/10/2025.")
@click.option("--quy-tac", "rule", type=click.Choice(["dang", "nha-nuoc"]), default=None,
              help="Quy tắc thể thức (mặc định: như ví dụ).")
@click.option("--so-da-dung", "numbers", metavar="KÝ_HIỆU=SỐ", multiple=True,
              help="Số cuối cùng đã dùng của một loại văn bản trong nhiệm kỳ (Nhà nước: trong năm), ví dụ KH=27 "
              "(ghi nhiều lần).")
def new_office_cmd(folder: str, example: str | None, year: int | None, co_quan: str | None, viet_tat: str | None,
                   cap_tren: tuple[str, ...], dia_danh: str | None, nhiem_ky: str | None, bat_dau: str | None,
                   rule: str | None, numbers: tuple[str, ...]) -> None:
    from ..office import Answers, Office  # start-up time: the Office only when the command runs

    given = {"co_quan": co_quan, "dia_danh": dia_danh, "cap_tren": "; ".join(cap_tren) if cap_tren else None,
             "nhiem_ky": nhiem_ky, "bat_dau": bat_dau, "so_da_dung": " ".join(numbers) if numbers else None}
    try:
        if example is None:
            example = click.prompt("Ví dụ gần giống đơn vị mình", type=click.Choice(EXAMPLES), default=EXAMPLES[0])
        state = (rule or "").replace("-", "_") == "nha_nuoc" or (rule is None and example == "ubnd-xa")
        for key, question in ASKED:
            if given[key] is not None:
                continue
            if state and key in ("nhiem_ky", "bat_dau"):
                continue
            if key == "bat_dau" and not given["nhiem_ky"]:
                continue
            if key == "so_da_dung":  # one question a type: a number left out would start the term at 01
                given[key] = _ask_numbers(example, rule, state, given["nhiem_ky"])
                continue
            given[key] = click.prompt(question, default="", show_default=False) if key not in ("co_quan", "dia_danh") \
                else click.prompt(question)
    except click.Abort:
        click.echo("Chưa tạo gì: cần trả lời các câu hỏi, hoặc ghi đủ các tùy chọn --co-quan, --dia-danh, --cap-tren, "
                   "--nhiem-ky, --bat-dau, --so-da-dung (xem «vanban khoi-tao --help»).", err=True)
        sys.exit(2)
    answers = Answers(
        co_quan=given["co_quan"] or "", dia_danh=given["dia_danh"] or "",
        cap_tren=[p.strip() for p in (given["cap_tren"] or "").split(";") if p.strip()],
        quy_tac=RULES.get(rule) if rule else None, nhiem_ky=(given["nhiem_ky"] or None),
        bat_dau=_date(given["bat_dau"] or ""), viet_tat=viet_tat, so_da_dung=_numbers([given["so_da_dung"] or ""]))
    year = year or dt.date.today().year
    try:
        created = Office.create(folder, example, answers, year)
    except VanbanError as exc:
        fail(exc)
    click.echo(f"Đã tạo thư mục làm việc {created.folder} từ ví dụ «{created.example}» (dữ liệu năm {year}).")
    click.echo(f"Việc tiếp theo, trong thư mục {created.folder}:")
    click.echo(f"  1. Mở sổ Excel data/{year}/du-lieu-{year}.xlsx: sửa đơn vị, người ký, nơi nhận, loại chỉ tiêu "
               "(các trang «don-vi · …»), rồi kế hoạch, chỉ tiêu, phân bổ (các trang «ke-hoach · …»); lưu lại.")
    click.echo(f"  2. vanban excel nhap {year}      (kiểm tra cả sổ, nêu mọi lỗi theo trang và ô)")
    click.echo(f"  3. vanban build ke-hoach {year} --du-thao")
