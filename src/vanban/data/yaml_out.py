"""Data written back to YAML (`vanban excel nhap`, `vanban khoi-tao`): what the clerk wrote stays.

A file the workbook did not change is not written at all. A file it changed is edited in
place (ruamel's round trip): every item whose value means the same keeps its form, its quotes
and its comments; only the items that changed are written anew, short lists of plain values on
one line as people write them. Two values mean the same when they differ only in form: a
Nơi nhận line «vp» or «{id: vp}», an empty item or none, «2» or 2, a date or its ISO text.
A new file gets a comment before each item saying what it is.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from . import formats

TITLES = {  # the data's keys as the clerk reads them (a comment before each item of a new file)
    "id": "Mã", "ten": "Tên", "loai": "Loại", "ten_ngan": "Tên ngắn", "tien_to": "Tiền tố", "viet_tat": "Viết tắt",
    "goi_tat": "Gọi tắt", "so": "Số", "ngay": "Ngày", "trich_yeu": "Trích yếu", "nguoi_ky": "Người ký",
    "chuc_vu": "Chức vụ", "ho_ten": "Họ tên", "quyen_han": "Quyền hạn", "kieu": "Kiểu", "don_vi": "Đơn vị",
    "so_luong": "Số lượng", "tong_so": "Tổng số", "phan_bo": "Phân bổ", "chi_tieu": "Chỉ tiêu",
    "phan_cong": "Phân công", "chu_tri": "Chủ trì", "phoi_hop": "Phối hợp", "it_nhat": "Ít nhất",
    "doi_tuong": "Đối tượng", "danh_xung": "Danh xưng", "noi_nhan": "Nơi nhận", "ghi_chu": "Ghi chú",
    "han_bao_cao": "Hạn báo cáo", "ky": "Kỳ", "han": "Hạn", "van_ban": "Văn bản dẫn", "can_cu": "Căn cứ",
    "nhiem_ky": "Nhiệm kỳ", "bat_dau": "Bắt đầu", "cap_tren": "Cấp trên", "co_quan": "Cơ quan ban hành",
    "dia_danh": "Địa danh", "doan_the": "Đoàn thể", "loai_don_vi": "Loại đơn vị", "loai_doan_the": "Loại đoàn thể",
    "loai_chi_tieu": "Loại chỉ tiêu", "giai_doan": "Giai đoạn tiến độ", "so_ban": "Số bản", "luu_so_ban": "Số bản lưu",
    "so_bat_dau": "Số bắt đầu", "ghi_chu_nhan": "Ghi chú nơi nhận", "quy_tac": "Quy tắc thể thức",
    "kieu_dau": "Kiểu bỏ dấu", "don_vi_tinh": "Đơn vị tính", "do_bang": "Đo bằng", "tieu_de": "Tiêu đề",
    "thuoc": "Thuộc", "nhom": "Nhóm", "hien_so": "Hiện số", "so_thanh_vien": "Số thành viên", "cong_don": "Cộng dồn",
    "nam": "Năm", "khong_phan_bo": "Không phân bổ", "quan_triet": "Quán triệt", "dau_cuoi_noi_nhan": "Dấu cuối nơi nhận",
    "dinh_dang": "Định dạng dữ liệu", "so_da_dung": "Số cuối cùng đã dùng trước khi dùng vanban",
    "cach_goi": "Cách gọi các bộ phận của đơn vị trong câu", "the_thuc": "Giá trị thể thức riêng", "cap": "Cấp",
    "chon": "Chọn", "ten_day_du": "Tên đầy đủ", "nam_truoc": "Năm trước", "trich_yeu_nhiem_vu": "Trích yếu nhiệm vụ",
    "ghi_chu_khong_phan_bo": "Ghi chú phần không phân bổ", "dong": "Các dòng",
}
_DIGITS = re.compile(r"^[0-9]+$")
_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def canonical(value):
    """*value* in one form for comparing: what differs only in form compares equal."""
    if isinstance(value, dict):
        if set(value) == {"id"} and isinstance(value["id"], str):
            return value["id"].strip()
        return {str(k): canonical(v) for k, v in value.items() if not _empty(v) and k != formats.VERSION_KEY}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, str):
        text = value.strip()
        if _DIGITS.match(text):
            return int(text)
        m = _ISO.match(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return text
        return text
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def same(a, b) -> bool:
    return canonical(a) == canonical(b)


def _is_scalar(v) -> bool:
    return v is None or isinstance(v, (str, int, float, bool, dt.date))


def flow(value):
    """Short lists and small groups of plain values on one line, as people write them: [a, b]."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = flow(v)
        if value and all(_is_scalar(v) for v in value.values()) and len(value) <= 4:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        out = CommentedSeq(flow(v) for v in value)
        if all(_is_scalar(v) for v in value):
            out.fa.set_flow_style()
        return out
    if isinstance(value, str) and "\n" in value:
        from ruamel.yaml.scalarstring import LiteralScalarString

        return LiteralScalarString(value)
    return value


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout the sample files are written in
    yaml.width = 4096
    return yaml


def dump(data: dict, note: str) -> bytes:
    """YAML text of a new file: its format, then each item under a comment saying what it is."""
    from ruamel.yaml.comments import CommentedMap

    doc = CommentedMap()
    doc[formats.VERSION_KEY] = formats.CURRENT[formats.DATA]  # what vanban writes carries its format
    doc.yaml_set_comment_before_after_key(formats.VERSION_KEY, before=TITLES[formats.VERSION_KEY]
                                          + " của vanban (vanban nang-cap đổi khi cần; đừng sửa tay)")
    for k, v in formats.strip(data).items():
        doc[k] = flow(v)
        doc.yaml_set_comment_before_after_key(k, before=TITLES.get(k, k.replace("_", " ")))
    out = io.StringIO()
    out.write(note)
    _yaml().dump(doc, out)
    return out.getvalue().encode("utf-8")


def _merge(node, new) -> tuple[Any, bool]:
    """(*node* carrying *new*, whether anything changed): what means the same keeps its node."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if same(node, new):
        return node, False
    if isinstance(node, CommentedMap) and isinstance(new, dict) and not (set(new) == {"id"}):
        changed = False
        for k in list(node):
            if k not in new and k != formats.VERSION_KEY:
                if _empty(node[k]):
                    continue  # an empty item the workbook does not show: kept as written
                del node[k]
                changed = True
        for k, v in new.items():
            if k in node:
                got, did = _merge(node[k], v)
                if did:
                    node[k] = got
                    changed = True
                    _forget_example(node, k)
            else:
                node[k] = flow(v)
                changed = True
        return node, changed
    if isinstance(node, CommentedSeq) and isinstance(new, list) and len(node) == len(new):
        changed = False
        for i, v in enumerate(new):
            got, did = _merge(node[i], v)
            if did:
                node[i] = got
                changed = True
        return node, changed
    return flow(new), True


EXAMPLE_MARKS = ("(mẫu)", "giả định")  # a remark the samples put beside a made-up value


def _forget_example(node, key) -> None:
    """A remark that the value was made up goes with the value the clerk replaced."""
    comment = node.ca.items.get(key)
    if not comment:
        return
    for i, token in enumerate(comment):
        text = getattr(token, "value", None)
        if isinstance(text, str) and any(m in text for m in EXAMPLE_MARKS) and text.lstrip().startswith("#"):
            first, _, rest = text.partition("\n")
            if any(m in first for m in EXAMPLE_MARKS):
                token.value = ("\n" + rest) if rest else "\n"
            comment[i] = token


def merged(text: str, new: dict, note: str) -> bytes | None:
    """The YAML *text* of a file carrying the values *new*, or None when they mean what it says
    (a file that is no group of items is written anew, under *note*)."""
    from ruamel.yaml.comments import CommentedMap

    crlf = "\r\n" in text
    yaml = _yaml()
    doc = yaml.load(text.replace("\r\n", "\n"))
    if not isinstance(doc, CommentedMap):
        return None if same(doc or {}, new) else dump(new, note)
    new = formats.strip(new)
    doc, changed = _merge(doc, new)
    if not changed:
        return None
    if doc.get(formats.VERSION_KEY) != formats.CURRENT[formats.DATA]:
        if formats.VERSION_KEY in doc:
            doc[formats.VERSION_KEY] = formats.CURRENT[formats.DATA]
        else:
            doc.insert(0, formats.VERSION_KEY, formats.CURRENT[formats.DATA])
    out = io.StringIO()
    yaml.dump(doc, out)
    written = out.getvalue()
    return (written.replace("\n", "\r\n") if crlf else written).encode("utf-8")
