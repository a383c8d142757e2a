"""Upgrading a working folder's data and templates to the current formats (`vanban nang-cap`).

Each step takes one family from one format to the next (STEPS, in order); a file is carried
through every step from its own format on, so a folder of any earlier release arrives at the
current one. Nothing here writes: `migrate` returns the new contents of every file it would
change, what it changed (file:line, in Vietnamese), and what it cannot upgrade (then nothing
is written at all). office.py writes, after a backup, together with the register and archive
(issuing/legacy.py).

Data files are edited as text at the places their parse names (keys renamed in place, lines
inserted at the indentation of their neighbours), so every comment, quote and alignment the
clerk wrote stays as it was. Templates the office never changed (known by their hash) are
replaced by the stock templates of the next format, shipped in data/stock_templates/<format>/;
the facts an old stock template carried in its prose move into the data. A template the office
changed and that uses what the builders no longer give cannot be upgraded by a program: the
upgrade stops and says so.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from ..errors import DataError, Finding, Location
from ..ooxml.package import check_package
from ..project import Project
from . import formats
from .formats import CURRENT, DATA, PROGRESS_BOOK, TEMPLATES, VERSION_KEY, WORKBOOK
from .load import STOCK_MODELS
from .progress import ID_HEADING, ID_HEADINGS
from .sheets import book_bytes
from .sources import workbook, workbook_v1
from .sources.yaml import read_yaml

STOCK = Path(__file__).parent / "stock_templates"  # <template format>/loai-van-ban.yaml, docx/*.docx
KINDS = "loai-van-ban.yaml"
PROGRESS_FILE = "tien-do.xlsx"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Change:
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class Migration:
    """What upgrading the data and templates would do."""

    files: dict[Path, bytes] = field(default_factory=dict)   # the new contents of every file it changes
    changes: list[Change] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)    # what cannot be upgraded: nothing is written
    review: list[str] = field(default_factory=list)          # what the clerk should look at afterwards
    found: dict[str, int] = field(default_factory=dict)      # family → the oldest format found


# --------------------------------------------------------------------------
# A YAML file edited as text


_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#,\[\]{}]*$")


def scalar(text: str) -> str:
    """*text* as a YAML scalar: plain when it reads back the same, else in double quotes."""
    if _PLAIN.match(text) and text.strip() == text and text.lower() not in ("true", "false", "null", "yes", "no"):
        return text
    return json.dumps(text, ensure_ascii=False)


class Doc:
    """A YAML file, its parse (nodes with their places) and the edits made to its text."""

    def __init__(self, path: Path, shown: str, text: str):
        self.crlf = "\r\n" in text  # a file saved on Windows keeps its line ends
        text = text.replace("\r\n", "\n")
        self.path, self.shown, self.original, self.text = path, shown, text, text
        self._root = None
        self.edits: list[tuple[int, int, int, str]] = []  # (start, end, order, new text)

    def dump(self) -> bytes:
        return (self.text.replace("\n", "\r\n") if self.crlf else self.text).encode("utf-8")

    @property
    def root(self):
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=yaml.SafeLoader)
        return self._root

    @property
    def changed(self) -> bool:
        return self.text != self.original or bool(self.edits)

    def commit(self) -> None:
        """Apply the edits (they refer to the text as last parsed) and parse again when asked."""
        out, at = [], 0
        for start, end, _, new in sorted(self.edits):
            if start < at:
                raise AssertionError(f"overlapping edits in {self.shown}")
            out += [self.text[at:start], new]
            at = end
        out.append(self.text[at:])
        self.text, self.edits, self._root = "".join(out), [], None

    def line(self, node) -> int:
        return node.start_mark.line + 1

    def at(self, node) -> Location:
        return Location(self.shown, self.line(node))

    # -- reading

    @staticmethod
    def get(mapping, key: str):
        """(key node, value node) of *key* in a mapping node, or None."""
        if not isinstance(mapping, yaml.MappingNode):
            return None
        return next(((k, v) for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)

    @staticmethod
    def items(node) -> list:
        return node.value if isinstance(node, yaml.SequenceNode) else []

    @staticmethod
    def mappings(node) -> list:
        """The mapping values of a mapping node ({id: {…}}), or the mapping items of a list."""
        if isinstance(node, yaml.MappingNode):
            return [(k, v) for k, v in node.value if isinstance(v, yaml.MappingNode)]
        return [(None, v) for v in Doc.items(node) if isinstance(v, yaml.MappingNode)]

    def _end(self, node) -> int:
        """Where the text of *node* ends (its last scalar, for a block collection)."""
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            return self._end(last[1] if isinstance(last, tuple) else last)
        return node.end_mark.index

    def _line_end(self, index: int) -> int:
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    # -- editing

    def _edit(self, start: int, end: int, new: str) -> None:
        self.edits.append((start, end, len(self.edits), new))

    def replace(self, node, new: str) -> None:
        self._edit(node.start_mark.index, node.end_mark.index, new)

    def capitalise(self, node) -> None:
        """The first letter of a scalar as a capital, the rest of its text (and quotes) as written."""
        span = self.text[node.start_mark.index:node.end_mark.index]
        i = next((i for i, c in enumerate(span) if c.isalpha()), None)
        if i is not None:
            self._edit(node.start_mark.index + i, node.start_mark.index + i + 1, span[i].upper())

    def rename(self, mapping, old: str, new: str) -> bool:
        found = self.get(mapping, old)
        if found is None:
            return False
        self.replace(found[0], new)
        return True

    def delete(self, mapping, key: str) -> bool:
        """Remove *key* and its value, whole lines (a comment on them goes too)."""
        found = self.get(mapping, key)
        if found is None:
            return False
        k, v = found
        start = self._line_start(k.start_mark.index)
        end = self._line_end(self._end(v))
        self._edit(start, min(end + 1, len(self.text)), "")
        return True

    def add(self, mapping, key: str, value: str, after: str | None = None, first: bool = False) -> None:
        """Add «key: value» to a mapping: in a flow mapping at its end; in a block mapping after
        the item *after* (else the last), or before the first with *first*, at their indentation."""
        if mapping.flow_style:
            close = mapping.end_mark.index - 1  # the «}»
            inner = self.text[mapping.start_mark.index + 1:close].strip()
            if first:
                self._edit(mapping.start_mark.index + 1, mapping.start_mark.index + 1,
                           f"{key}: {value}" + (", " if inner else ""))
            else:
                self._edit(close, close, (", " if inner else "") + f"{key}: {value}")
            return
        pairs = mapping.value
        indent = pairs[0][0].start_mark.column
        if first:
            start = self._line_start(pairs[0][0].start_mark.index)
            self._edit(start, start, " " * indent + f"{key}: {value}\n")
            return
        anchor = self.get(mapping, after) if after else None
        k, v = anchor or pairs[-1]
        end = self._line_end(self._end(v))
        self._edit(end, end, "\n" + " " * indent + f"{key}: {value}")

    def add_top(self, item: str, comment: str = "", before: str | None = None, after: str | None = None) -> None:
        """A top-level item (its text, «key: value» or a block) on lines of its own, under
        *comment*: after the item *after*, before the item *before* (and the comment lines
        just above it), else at the end."""
        lines = "".join(f"# {c}\n" for c in comment.splitlines()) + item.rstrip("\n") + "\n"
        root = self.root
        found = self.get(root, after) if after else None
        if found is not None:
            end = self._line_end(self._end(found[1]))
            self._edit(end + 1 if end < len(self.text) else end, end + 1 if end < len(self.text) else end,
                       ("" if end < len(self.text) else "\n") + "\n" + lines)
            return
        found = self.get(root, before) if before else None
        if found is not None:
            start = self._line_start(found[0].start_mark.index)
            while start > 0:  # keep the comment lines that belong to *before* with it
                prev = self._line_start(start - 1)
                if not self.text[prev:start].lstrip().startswith("#"):
                    break
                start = prev
            self._edit(start, start, lines + "\n")
            return
        tail = "" if self.text.endswith("\n") or not self.text else "\n"
        self._edit(len(self.text), len(self.text), tail + "\n" + lines)

    def set_version(self, number: int, what: str = "dữ liệu") -> str:
        """«dinh_dang: N» at the top of the file (or its value set); what was done, in words."""
        root = self.root
        found = self.get(root, VERSION_KEY)
        if found is not None:
            self.replace(found[1], str(number))
            return f"«{VERSION_KEY}: {found[1].value}» → «{VERSION_KEY}: {number}»"
        line = (f"{VERSION_KEY}: {number}    # định dạng {what} của vanban: vanban nang-cap đổi số này khi cần, "
                "đừng sửa tay\n")
        if isinstance(root, yaml.MappingNode) and root.value and not root.flow_style:
            start = self._line_start(root.value[0][0].start_mark.index)
        else:
            start = 0
        self._edit(start, start, line)
        return f"ghi «{VERSION_KEY}: {number}» (định dạng {what}) ở đầu tệp"


# --------------------------------------------------------------------------
# The folder being upgraded


class Folder:
    """The working folder's files as the upgrade sees them: YAML as editable text, other
    files as bytes; every change and problem on the way."""

    def __init__(self, project: Project, out: Migration):
        self.project, self.out = project, out
        self.docs: dict[Path, Doc] = {}
        self.formats: dict[Path, int] = {}   # data file → its format, as it moves through the steps
        self.replaced: dict[Path, bytes] = {}
        self.templates_format = CURRENT[TEMPLATES]
        self.models: dict = {}  # the record type of each data file, by its name

    def shown(self, path: Path) -> str:
        return self.project.show(path)

    def doc(self, path: Path) -> Doc | None:
        """The YAML file at *path*, parsed (a file that does not parse is a problem, once)."""
        if path not in self.docs:
            shown = self.shown(path)
            try:
                read_yaml(path, shown)  # the reader's own checks: encoding, hidden characters, syntax
                doc = Doc(path, shown, path.read_bytes().decode("utf-8"))
                doc.root  # noqa: B018 - parse now, so that a problem is found here
            except DataError as exc:
                self.out.problems += [_cannot(f) for f in exc.findings]
                doc = None
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                self.out.problems.append(Finding(Location(shown, mark.line + 1 if mark else None),
                                                 "tệp YAML không đọc được nên chưa nâng cấp được",
                                                 "sửa cú pháp dòng này rồi chạy lại «vanban nang-cap»"))
                doc = None
            self.docs[path] = doc
        return self.docs[path]

    def change(self, doc_or_path, node_or_line, message: str) -> None:
        if isinstance(doc_or_path, Doc):
            where = doc_or_path.at(node_or_line) if node_or_line is not None else Location(doc_or_path.shown)
        else:
            where = Location(self.shown(doc_or_path), node_or_line)
        self.out.changes.append(Change(where, message))

    @property
    def organisation(self) -> Doc | None:
        path = self.project.data / "don-vi.yaml"
        return self.doc(path) if path.is_file() else None

    def year_docs(self) -> list[Doc]:
        return [d for p in formats.data_files(self.project.data)[1:] if (d := self.doc(p)) is not None]

    def commit(self) -> None:
        for doc in self.docs.values():
            if doc is not None:
                doc.commit()


def _cannot(finding: Finding) -> Finding:
    return Finding(finding.location, f"{finding.message} (chưa nâng cấp được tệp này)",
                   f"{finding.hint}; rồi chạy lại «vanban nang-cap»" if finding.hint
                   else "sửa rồi chạy lại «vanban nang-cap»")


# --------------------------------------------------------------------------
# Data 1 → 2 (vanban 0.1 → 0.2): branches become units of kinds with their own nouns; quota
# unit words are don_vi_tinh; progress stages are declared; defaults that changed are written


STAGES_0_1 = "".join(line + "\n" for line in [  # vanban 0.1's progress stages, fixed in its code then
    "giai_doan:",
    "  - {id: gioi_thieu, ten: Quần chúng ưu tú được giới thiệu, ten_ngan: Được giới thiệu}",
    "  - {id: hoc_nhan_thuc, ten: Đã học lớp nhận thức về Đảng, ten_ngan: Đã học nhận thức, thuoc: gioi_thieu}",
    '  - {id: tham_tra, ten: "Đang thẩm tra lý lịch, hoàn thiện hồ sơ", ten_ngan: Đang thẩm tra, cong_don: false, '
    "thuoc: hoc_nhan_thuc}",
    "  - {id: ket_nap, ten: Đã kết nạp, ten_ngan: Đã kết nạp, thuoc: hoc_nhan_thuc}",
])
STAGES_COMMENT = ("Các giai đoạn tiến độ, theo thứ tự (vanban 0.1 dùng sẵn bốn giai đoạn này; nay khai ở đây).\n"
                  "cong_don: false = số tại thời điểm báo cáo; thuoc: số người nằm trong số của giai đoạn kia.")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def data_1_to_2(folder: Folder, docs: list[Doc]) -> None:
    org = next((d for d in docs if d.path == folder.project.data / "don-vi.yaml"), None)
    measured: set[str] = set()  # quota kinds 0.1's reports measured: the first of each plan
    for doc in folder.year_docs():
        quotas = Doc.items((Doc.get(doc.root, "chi_tieu") or (None, None))[1])
        first = next((Doc.get(q, "loai") for q in quotas if isinstance(q, yaml.MappingNode)), None)
        if first is not None:
            measured.add(first[1].value)
    if org is not None:
        _organisation_1_to_2(folder, org, measured or {"tao_nguon"})
    for doc in docs:
        if doc is not org:
            _plan_1_to_2(folder, doc)


def _organisation_1_to_2(folder: Folder, doc: Doc, measured: set[str]) -> None:
    root = doc.root
    noun = "Chi bộ"
    found = Doc.get(root, "ten_chi_bo")
    if found is not None:
        noun = str(found[1].value or noun)
        doc.delete(root, "ten_chi_bo")
        folder.change(doc, found[0], f"bỏ «ten_chi_bo: {noun}»: danh từ «{_lower_first(noun)}» nay ghi ở từng loại "
                      "đơn vị (loai_don_vi › ten)")
    noun = _lower_first(noun)
    found = Doc.get(root, "loai_chi_bo")
    if found is not None:
        key, kinds = found
        doc.replace(key, "loai_don_vi")
        if isinstance(kinds, yaml.MappingNode):
            for k, v in kinds.value:
                if isinstance(v, yaml.MappingNode):
                    if Doc.get(v, "ten") is None:
                        if v.value or v.flow_style:
                            doc.add(v, "ten", scalar(noun), first=True)
                        else:
                            doc.replace(v, f"{{ten: {scalar(noun)}}}")
                elif isinstance(v, yaml.ScalarNode) and v.value in ("", "~", "null"):
                    doc._edit(k.end_mark.index, v.end_mark.index, f": {{ten: {scalar(noun)}}}")
        folder.change(doc, key, f"«loai_chi_bo» → «loai_don_vi»; mỗi loại thêm «ten: {noun}» (danh từ chung)")
    if doc.rename(root, "chi_bo", "don_vi"):
        folder.change(doc, Doc.get(root, "chi_bo")[0], "«chi_bo» → «don_vi» (các đơn vị nhận chỉ tiêu)")
    # vanban 0.2 holds a unit's or a mass organisation's own name to be a proper name (Nghị định
    # 30/2020/NĐ-CP, Phụ lục VI): vanban 0.1 printed it as written, so a name written in lower case
    # was printed so; it is written with its capital now, as 0.2 asks
    for reg in ("chi_bo", "doan_the"):
        for _, item in Doc.mappings((Doc.get(root, reg) or (None, None))[1]):
            name = Doc.get(item, "ten")
            if name is not None and isinstance(name[1], yaml.ScalarNode) and name[1].value[:1].isalpha() \
                    and name[1].value[:1].islower():
                doc.capitalise(name[1])
                value = name[1].value
                folder.change(doc, name[1], f"tên riêng «{value}» → «{value[:1].upper() + value[1:]}» (vanban 0.2 "
                              "viết hoa chữ cái đầu tên cơ quan, tổ chức theo Nghị định 30/2020/NĐ-CP, Phụ lục VI)")
    for _, r in Doc.mappings((Doc.get(root, "noi_nhan") or (None, None))[1]):
        group = Doc.get(r, "nhom")
        if group is not None and group[1].value == "chi_bo":
            doc.replace(group[1], "don_vi")
            folder.change(doc, r, "nơi nhận: «nhom: chi_bo» → «nhom: don_vi»")
        if doc.rename(r, "loai_chi_bo", "loai_don_vi"):
            folder.change(doc, r, "nơi nhận: «loai_chi_bo» → «loai_don_vi»")
    kinds = Doc.get(root, "loai_chi_tieu")
    for k, v in Doc.mappings(kinds[1] if kinds else None):
        if Doc.get(v, "don_vi_tinh") is None and doc.rename(v, "don_vi", "don_vi_tinh"):
            folder.change(doc, k, f"loại chỉ tiêu «{k.value}»: «don_vi» → «don_vi_tinh» (đơn vị tính)")
        if k.value in measured and Doc.get(v, "do_bang") is None and Doc.get(root, "giai_doan") is None:
            doc.add(v, "do_bang", "gioi_thieu")
            folder.change(doc, k, f"loại chỉ tiêu «{k.value}»: thêm «do_bang: gioi_thieu» (báo cáo của vanban 0.1 "
                          "đo chỉ tiêu này bằng số quần chúng được giới thiệu)")
    if Doc.get(root, "giai_doan") is None:
        before = "loai_chi_tieu" if kinds is not None else None
        doc.add_top(STAGES_0_1, STAGES_COMMENT, before=before)
        folder.change(doc, kinds[0] if kinds else None, "thêm «giai_doan»: bốn giai đoạn tiến độ vanban 0.1 dùng sẵn "
                      "(được giới thiệu, đã học nhận thức, đang thẩm tra, đã kết nạp)")
    for k, _ in Doc.mappings(kinds[1] if kinds else None):
        if k.value not in measured:
            folder.out.review.append(f"{doc.shown}: loại chỉ tiêu «{k.value}» chưa có «do_bang» (giai đoạn đo kết "
                                     "quả); thêm nếu cần báo cáo chỉ tiêu này")


def _plan_1_to_2(folder: Folder, doc: Doc) -> None:
    root = doc.root
    for q in Doc.items((Doc.get(root, "chi_tieu") or (None, None))[1]):
        if not isinstance(q, yaml.MappingNode):
            continue
        allocations = [a for a in Doc.items((Doc.get(q, "phan_bo") or (None, None))[1])
                       if isinstance(a, yaml.MappingNode)]
        renamed = [a for a in allocations if doc.rename(a, "chi_bo", "don_vi")]
        if renamed:
            folder.change(doc, renamed[0], f"phân bổ: «chi_bo» → «don_vi» ({len(renamed)} dòng)")
        if any(Doc.get(a, "it_nhat") is None for a in allocations) and Doc.get(q, "it_nhat") is None:
            doc.add(q, "it_nhat", "true", after="tong_so")
            folder.change(doc, q, "chỉ tiêu: thêm «it_nhat: true» — vanban 0.1 hiểu số phân bổ là «ít nhất» khi không "
                          "ghi; nay phải ghi rõ")
    for a in Doc.items((Doc.get(root, "phan_cong") or (None, None))[1]):
        if not isinstance(a, yaml.MappingNode):
            continue
        added = []
        if Doc.get(a, "it_nhat") is None:
            doc.add(a, "it_nhat", "true", after="so_luong")
            added.append("«it_nhat: true»")
        if Doc.get(a, "chi_tieu") is None:
            doc.add(a, "chi_tieu", "tao_nguon", after="so_luong")
            added.append("«chi_tieu: tao_nguon»")
        if added:
            folder.change(doc, a, f"phân công: thêm {' và '.join(added)} — mặc định của vanban 0.1, nay phải ghi rõ")


# --------------------------------------------------------------------------
# Templates 1 → 2 (vanban 0.1 → 0.2)

# vanban 0.1's stock templates (templates/ at v0.1.0): name → sha256 (loai-van-ban.yaml with LF line ends)
STOCK_1 = {
    KINDS: "b8b45de1d7e9afb27f0d6505a2df26303e0a5f9aff12873896d04562a3c41511",
    "ke-hoach.docx": "0924d7366367d7eee74dd1e71098728510e7f1ddd30e745bcad781aed859de19",
    "thong-bao.docx": "b07bff5a32627b1f1efef0e9232020a5fd95c5849c21fe9d49b8df58f4f7f4b0",
    "bao-cao.docx": "d50ed0ad0b99592d5ba5bc039bd906505d9de20c83b6449b2758898f21d507b8",
    "so-chuyen-giao.docx": "352338979056d00b93fe3170a5ce886e4f10f2d358b8b0d8dc9dc846b51c7347",
}
# What a template written for vanban 0.1's builders uses that later builders do not give
VARIABLES_1 = re.compile(r"chi_tieu\.tao_nguon|phan_cong\.chi_bo|(?<![\w.])[rn]\.chi_bo\b|so_chi_bo|(?<![\w.])tong\."
                         r"|(?<![\w.])bieu_do\b|(?<![\w.])so_(?:vuot|dat|chua_dat)\b|(?<![\w.])c\.don_vi\b")
# Facts 0.1's stock plan template wrote in its prose (read from it: its hash is checked first):
# how the issuer calls itself, the documents to study, the allocation's opening words
ISSUER_SHORT_1 = re.compile(r"loop\.last\s*%\}\s*(.+?) xây dựng Kế hoạch")
STUDY_1 = re.compile(r"quán triệt, tổ chức thực hiện tốt (.+?)\.\s")
ALLOCATION_TITLE_1 = re.compile(r"\d- (Phân bổ [^{}]+?) năm \{\{ nam \}\}")


def _normal(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


def template_text(path) -> str:
    """The text of a Word template's parts, tags included (Word's runs joined)."""
    try:
        with zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path) as zf:
            parts = [n for n in zf.namelist() if n.startswith("word/") and n.endswith(".xml")]
            xml = " ".join(zf.read(n).decode("utf-8", "replace") for n in parts[:50])
    except (zipfile.BadZipFile, OSError, KeyError):
        return ""
    return re.sub(r"<[^>]+>", "", xml)


def _declared_templates(path: Path) -> set[str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return {str(k.get("mau")) for k in (data.get("loai_van_ban") or {}).values() if isinstance(k, dict)}
    except (yaml.YAMLError, OSError, AttributeError, UnicodeDecodeError):
        return set()


def templates_1_to_2(folder: Folder) -> None:
    project = folder.project
    root = project.root / "templates"
    kinds = root / KINDS
    stock = STOCK / "2"
    kinds_stock = False
    if kinds.is_file() and sha256(_normal(kinds.read_bytes())) == STOCK_1[KINDS]:
        folder.replaced[kinds] = (stock / KINDS).read_bytes()
        folder.change(kinds, None, "loai-van-ban.yaml gốc của vanban 0.1 → loai-van-ban.yaml của vanban 0.2 (thêm kế "
                      "hoạch nhiệm kỳ, báo cáo nhiệm kỳ và mô tả biến mẫu mới)")
        kinds_stock = True
    used = _declared_templates(stock / KINDS) if kinds_stock else _declared_templates(kinds)
    replaced: dict[str, str] = {}  # name → the text of the stock template it replaced
    for path in sorted(project.templates.glob("*.docx")) if project.templates.is_dir() else []:
        if sha256(path.read_bytes()) == STOCK_1.get(path.name) and (stock / "docx" / path.name).is_file():
            replaced[path.name] = template_text(path)
            folder.replaced[path] = (stock / "docx" / path.name).read_bytes()
            folder.change(path, None, "mẫu gốc của vanban 0.1 → mẫu của vanban 0.2 (đơn vị nhiều loại, nhiều loại chỉ "
                          "tiêu; văn xuôi không đổi ý)")
            continue
        if path.name in used and VARIABLES_1.search(template_text(path)):
            new = stock / "docx" / path.name
            folder.out.problems.append(Finding(
                Location(folder.shown(path)), "mẫu đã được đơn vị sửa so với mẫu gốc của vanban 0.1 và còn dùng biến mà "
                "vanban mới không còn (chi_tieu.tao_nguon, phan_cong.chi_bo, bảng báo cáo cũ…); vanban không tự chuyển "
                "văn xuôi đã sửa sang mẫu mới",
                (f"mở mẫu mới của vanban ({new}), chép phần văn xuôi đơn vị đã sửa vào đó, lưu thành {path.name} ở "
                 "chỗ tệp này" if new.is_file() else "viết lại các thẻ theo «vanban mau bien LOẠI»")
                + ", rồi chạy lại «vanban nang-cap»"))
    if kinds_stock:
        for new in sorted((stock / "docx").glob("*.docx")):
            target = project.templates / new.name
            if not target.exists():
                folder.replaced[target] = new.read_bytes()
                folder.change(target, None, "thêm mẫu của vanban 0.2")
            elif new.name not in replaced:
                folder.out.review.append(f"{folder.shown(target)}: đã có tệp cùng tên với một mẫu mới của vanban 0.2 "
                                         "nên giữ nguyên; kiểm tra bằng «vanban mau kiem-tra»")
    _moved_facts(folder, replaced)


def _moved_facts(folder: Folder, replaced: dict[str, str]) -> None:
    """What 0.1's stock plan template said in its prose, into the data (only what is not there)."""
    if "ke-hoach.docx" not in replaced:
        return
    text = replaced["ke-hoach.docx"]
    org = folder.organisation
    said = ISSUER_SHORT_1.search(text)
    if org is not None and said:
        short = said.group(1).strip()
        issuer = Doc.get(org.root, "co_quan")
        if issuer is not None and isinstance(issuer[1], yaml.MappingNode) and Doc.get(issuer[1], "goi_tat") is None:
            org.add(issuer[1], "goi_tat", scalar(short))
            folder.change(org, issuer[0], f"cơ quan: thêm «goi_tat: {short}» — mẫu của vanban 0.1 viết sẵn «{short}» "
                          "trong câu văn, mẫu mới lấy từ dữ liệu")
            folder.out.review.append(f"{org.shown}: «goi_tat» (cách văn bản tự gọi cơ quan trong câu) lấy từ mẫu cũ: "
                                     f"«{short}»; sửa nếu không đúng với đơn vị")
    said = ALLOCATION_TITLE_1.search(text)
    if org is not None and said:
        title = said.group(1).strip()
        kinds = Doc.get(org.root, "loai_chi_tieu")
        found = Doc.get(kinds[1], "tao_nguon") if kinds else None
        if found is not None and isinstance(found[1], yaml.MappingNode) and Doc.get(found[1], "tieu_de") is None:
            org.add(found[1], "tieu_de", scalar(title))
            folder.change(org, found[0], f"loại chỉ tiêu «tao_nguon»: thêm «tieu_de: {title}» (câu mở đầu phần phân "
                          "bổ, mẫu cũ viết sẵn)")
    said = STUDY_1.search(text)
    study = re.findall(r"trich_dan\.(\w+)", said.group(1)) if said else []
    if not study:
        return
    for doc in folder.year_docs():
        root = doc.root
        if Doc.get(root, "chi_tieu") is None or Doc.get(root, "quan_triet") is not None:
            continue
        cited = {(Doc.get(m, "id") or (None, None))[1].value for _, m in
                 Doc.mappings((Doc.get(root, "van_ban") or (None, None))[1]) if Doc.get(m, "id")}
        if set(study) <= cited:
            doc.add_top(f"quan_triet: [{', '.join(study)}]",
                        "Các văn bản kế hoạch yêu cầu tiếp tục quán triệt, tổ chức thực hiện tốt\n"
                        "(mẫu kế hoạch của vanban 0.1 viết sẵn các văn bản này; nay ghi ở đây).",
                        after="can_cu" if Doc.get(root, "can_cu") else None, before="chi_tieu")
            folder.change(doc, Doc.get(root, "chi_tieu")[0], f"thêm «quan_triet: [{', '.join(study)}]» — mẫu kế "
                          f"hoạch của vanban 0.1 viết sẵn {len(study)} văn bản này")


# --------------------------------------------------------------------------
# The progress workbook 1 → 2: its id column's heading


def progress_book_1_to_2(folder: Folder) -> None:
    from openpyxl import load_workbook  # start-up time: openpyxl only for a workbook to upgrade

    old = next(h for h, n in ID_HEADINGS.items() if n == 1)
    for path in _progress_books(folder.project):
        wb = _open_book(folder, path, load_workbook)
        if wb is None:
            continue
        sheets = [ws for ws in wb.worksheets if str(ws["A2"].value or "").strip() == old]
        if not sheets:
            continue
        for ws in sheets:
            ws["A2"] = ID_HEADING
        out = io.BytesIO()
        wb.save(out)
        folder.replaced[path] = out.getvalue()
        folder.change(path, None, f"tiêu đề cột mã «{old}» → «{ID_HEADING}» ở {len(sheets)} trang; "
                      "số liệu giữ nguyên")


def _progress_books(project: Project) -> list[Path]:
    data = project.data
    return sorted(p / PROGRESS_FILE for p in data.iterdir()
                  if p.is_dir() and p.name.isdigit() and (p / PROGRESS_FILE).is_file()) if data.is_dir() else []


def progress_book_format(path: Path) -> int:
    """The progress workbook's format, by its id heading (A2 of a period sheet)."""
    from openpyxl import load_workbook  # start-up time: openpyxl only when a workbook is there

    try:
        wb = load_workbook(path, read_only=True)
        try:
            heads = {str(ws["A2"].value or "").strip() for ws in wb.worksheets}
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - the reader names a damaged workbook when it is read
        return CURRENT[PROGRESS_BOOK]
    numbers = [ID_HEADINGS[h] for h in heads if h in ID_HEADINGS]
    return min(numbers) if numbers else CURRENT[PROGRESS_BOOK]


# --------------------------------------------------------------------------
# The data workbook 1 → 2: a sheet for every shape of the data, what was typed kept


def data_book_1_to_2(folder: Folder) -> None:
    """A workbook of vanban 0.2 (data/<năm>/du-lieu-<năm>.xlsx) read by its own rules and written
    in format 2 with the same values, so the items kept only in it are not lost (and a group
    typed into a «{}» cell, which 0.2 dropped, is read); what it cannot read stops the upgrade."""
    for path, year in _data_books(folder.project):
        if data_book_format(path) != 1:
            continue
        shown = folder.shown(path)
        read = _open_book(folder, path, lambda p: workbook_v1.read(p.read_bytes(), shown))
        if read is None:
            continue
        files, problems = read
        allowed = workbook.allowed_files(year, folder.models)
        for name in files:
            if name not in allowed:
                problems.append(Finding(Location(shown, None, workbook_v1.README), f"sổ ghi tệp «{name}», không phải "
                                        f"một tệp dữ liệu vanban ghi cho năm {year}",
                                        "sửa cột «Tệp dữ liệu» của trang hướng dẫn (hoặc đổi tên sổ để giữ riêng) "
                                        "rồi chạy lại «vanban nang-cap»"))
        if problems:
            folder.out.problems += problems
            continue
        folder.replaced[path] = book_bytes({n: files[n] for n in files}, {n: allowed[n] for n in files},
                                           f"Dữ liệu năm {year} — vanban")
        sheets = sum(1 for _ in files)
        folder.change(path, None, f"sổ Excel dữ liệu định dạng 1 (vanban 0.2) → định dạng 2: tiêu đề cột tiếng Việt, "
                      f"tên mục ở dòng 2, mỗi bảng (kể cả kỳ báo cáo, nơi nhận) một trang; dữ liệu của {sheets} tệp "
                      "giữ nguyên")


def _data_books(project: Project) -> list[tuple[Path, int]]:
    data = project.data
    if not data.is_dir():
        return []
    return [(p / f"du-lieu-{p.name}.xlsx", int(p.name)) for p in sorted(data.iterdir())
            if p.is_dir() and p.name.isdigit() and (p / f"du-lieu-{p.name}.xlsx").is_file()]


def data_book_format(path: Path) -> int:
    """The data workbook's format (its «Định dạng sổ»; none: vanban 0.2, format 1)."""
    from openpyxl import load_workbook  # start-up time: openpyxl only when a workbook is there

    try:
        wb = load_workbook(path, read_only=True)
        try:
            number = workbook.book_format(wb)
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - the reader names a damaged workbook when it is read
        return CURRENT[WORKBOOK]
    return number if isinstance(number, int) and not isinstance(number, bool) else CURRENT[WORKBOOK]


# --------------------------------------------------------------------------
# The steps, and the whole


@dataclass(frozen=True)
class Step:
    family: str
    source: int          # the format it upgrades from (to source + 1)
    run: Callable


STEPS = [
    Step(DATA, 1, data_1_to_2),
    Step(TEMPLATES, 1, templates_1_to_2),
    Step(PROGRESS_BOOK, 1, progress_book_1_to_2),
    Step(WORKBOOK, 1, data_book_1_to_2),
]


def templates_format(project: Project, data_format: int) -> formats.Found:
    """The templates' format: loai-van-ban.yaml's «dinh_dang»; without it, 1 when a template is
    one of vanban 0.1's stock ones or the organisation's data is of 0.1, else 2."""
    kinds = project.root / "templates" / KINDS
    found = formats.data_format(kinds, project.show(kinds), TEMPLATES)
    if found.declared or not kinds.is_file():
        return found
    stock = [p for p in [kinds, *sorted(project.templates.glob("*.docx"))] if p.is_file()
             and sha256(_normal(p.read_bytes())) == STOCK_1.get(p.name if p.suffix == ".docx" else KINDS)]
    old = bool(stock) or data_format == 1
    return formats.Found(TEMPLATES, 1 if old else CURRENT[TEMPLATES], found.location, False)


def survey(project: Project, books: bool = True) -> dict[Path, formats.Found]:
    """Every data file's format, the templates' (under templates/loai-van-ban.yaml) and, with
    *books*, each progress workbook's (its reader also stops on an old one)."""
    out = {p: formats.data_format(p, project.show(p)) for p in formats.data_files(project.data)}
    org = out.get(project.data / "don-vi.yaml")
    kinds = project.root / "templates" / KINDS
    out[kinds] = templates_format(project, org.number if org else CURRENT[DATA])
    for book in _progress_books(project) if books else []:
        out[book] = formats.Found(PROGRESS_BOOK, progress_book_format(book), Location(project.show(book)), False)
    for book, _ in _data_books(project) if books else []:
        out[book] = formats.Found(WORKBOOK, data_book_format(book), Location(project.show(book)), False)
    return out


def migrate(project: Project, models: dict | None = None) -> Migration:
    """What upgrading the data and templates of *project* to the current formats would write
    (*models*: the record type of each data file, by its name; the stock kinds' by default)."""
    out = Migration()
    folder = Folder(project, out)
    folder.models = models or STOCK_MODELS
    found = survey(project)
    for path, f in found.items():
        problem = f.problem()
        if problem is not None:
            out.problems.append(problem)
        elif f.number is not None:
            out.found[f.family] = min(out.found.get(f.family, f.number), f.number)
    if out.problems:
        return out
    data = {p: f.number for p, f in found.items() if f.family == DATA}
    templates = found[project.root / "templates" / KINDS].number
    books = {p: f.number for p, f in found.items() if f.family == PROGRESS_BOOK}
    data_books = {p: f.number for p, f in found.items() if f.family == WORKBOOK}
    for step in STEPS:
        if step.family == DATA:
            docs = [d for p, n in data.items() if n == step.source and (d := folder.doc(p)) is not None]
            if docs:
                step.run(folder, docs)
                for d in docs:
                    data[d.path] = step.source + 1
        elif step.family == TEMPLATES and templates == step.source:
            step.run(folder)
            templates = step.source + 1
        elif step.family == PROGRESS_BOOK and step.source in books.values():
            step.run(folder)
            books = {p: step.source + 1 for p in books}
        elif step.family == WORKBOOK and step.source in data_books.values():
            step.run(folder)
            data_books = {p: step.source + 1 for p in data_books}
        if out.problems:
            return out
        folder.commit()
    # every data file, and the templates, say their format
    for path in data:
        f = found[path]
        if f.declared and f.number == CURRENT[DATA] and path not in folder.docs:
            continue
        doc = folder.doc(path)
        if doc is None:
            continue
        if isinstance(doc.root, yaml.MappingNode) or doc.root is None:
            said = Doc.get(doc.root, VERSION_KEY)
            if said is None or said[1].value != str(CURRENT[DATA]):
                folder.change(doc, said[0] if said else None, doc.set_version(CURRENT[DATA]))
        else:
            out.review.append(f"{doc.shown}: không phải một nhóm mục «tên: giá trị», chưa ghi được «{VERSION_KEY}»")
    kinds = project.root / "templates" / KINDS
    if kinds in folder.replaced:
        pass  # the stock file carries its format
    elif kinds.is_file() and not (found[kinds].declared and found[kinds].number == CURRENT[TEMPLATES]):
        doc = folder.doc(kinds)
        if doc is not None:
            said = Doc.get(doc.root, VERSION_KEY)
            done = doc.set_version(CURRENT[TEMPLATES], "mẫu")
            folder.change(doc, said[0] if said else None, done)
    folder.commit()
    if out.problems:
        return out
    for path, doc in folder.docs.items():
        if doc is not None and doc.text != doc.original:
            try:  # what was written reads back
                yaml.compose(doc.text, Loader=yaml.SafeLoader)
            except yaml.YAMLError as exc:  # a bug of a step, never the clerk's: said plainly
                raise AssertionError(f"nâng cấp {doc.shown} cho ra YAML hỏng: {exc}") from None
            out.files[path] = doc.dump()
    out.files.update(folder.replaced)
    return out


def _open_book(folder: Folder, path: Path, read):
    """*read*(path) of a workbook to upgrade, or None when it cannot be read (said in the report:
    a package vanban refuses, or a damaged workbook named, not a traceback)."""
    shown = folder.shown(path)
    try:
        check_package(path, shown, "xlsx", DataError)
        return read(path)
    except DataError as exc:
        folder.out.problems += [_cannot(f) for f in exc.findings]
    except Exception:  # noqa: BLE001 - a damaged workbook is named, not a traceback
        folder.out.problems.append(Finding(Location(shown), "không đọc được sổ Excel nên chưa nâng cấp được",
                                           "mở bằng Excel, lưu lại dạng .xlsx rồi chạy lại «vanban nang-cap»"))
    return None
