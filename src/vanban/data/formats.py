"""What format each of a working folder's files is in, and which release of vanban wrote it.

Every family of files vanban reads carries a format number, read before anything else:

| family       | files                                        | where the number is                         |
|--------------|----------------------------------------------|---------------------------------------------|
| du_lieu      | data/don-vi.yaml, data/<năm>/*.yaml          | the key «dinh_dang» at the top of each file |
| mau          | templates/loai-van-ban.yaml, templates/docx/ | the key «dinh_dang» of loai-van-ban.yaml    |
| so_dang_ky   | data/so-van-ban-di.csv                       | its heading row; the column «dinh_dang»     |
| ban_ke       | output/<năm>/luu-vt/manifest.json            | its field «dinh_dang»                       |
| so_excel     | data/<năm>/du-lieu-<năm>.xlsx                | «Định dạng sổ» on its «Hướng dẫn» sheet     |
| so_tien_do   | data/<năm>/tien-do.xlsx                      | its heading row (A2: «Mã»; 1: «Mã chi bộ»)  |

A file without its number was written before vanban wrote numbers (0.1, 0.2) or by hand: it
is told by its shape. Only formats 1 and 2 of the data ever went without the key, and what
tells them apart is fixed forever (0.1's keys chi_bo, loai_chi_bo, ten_chi_bo; a quota unit
word «don_vi»), so the rule never has to change: a file without the key is format 1 when it
has that shape, else format 2.

Every change to one of these formats bumps its number here (WRITTEN), ships a migration
step (data/upgrade.py for data and templates, issuing/legacy.py for the register and the
archive) and a fixture of the release that wrote the old format (tests/fixtures/releases/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Finding, Location
from .sources.yaml import read_yaml

DATA, TEMPLATES, REGISTER, MANIFEST, WORKBOOK, PROGRESS_BOOK = (
    "du_lieu", "mau", "so_dang_ky", "ban_ke", "so_excel", "so_tien_do")

# Every release, oldest first (CHANGELOG.md tells what each changed; git tags v0.1.0, v0.2.0 …)
RELEASES = ("0.1", "0.2", "0.3")

# family → format → the first release that wrote it
WRITTEN: dict[str, dict[int, str]] = {
    DATA: {1: "0.1", 2: "0.2"},
    TEMPLATES: {1: "0.1", 2: "0.2"},
    REGISTER: {1: "0.1", 2: "0.2", 3: "0.3"},
    MANIFEST: {1: "0.1", 2: "0.2", 3: "0.3"},
    WORKBOOK: {1: "0.2", 2: "0.3"},  # 2: a sheet for every shape, Vietnamese titles, keys in row 2
    PROGRESS_BOOK: {1: "0.1", 2: "0.2"},
}
CURRENT: dict[str, int] = {family: max(formats) for family, formats in WRITTEN.items()}

# What each family is called in a message to the clerk
NAMES = {DATA: "dữ liệu", TEMPLATES: "mẫu văn bản", REGISTER: "sổ đăng ký", MANIFEST: "bản kê lưu trữ",
         WORKBOOK: "sổ Excel dữ liệu", PROGRESS_BOOK: "sổ Excel tiến độ"}

VERSION_KEY = "dinh_dang"   # the key of the format number in a YAML file, the manifest, the register


def releases(family: str, number: int) -> str:
    """The releases that wrote format *number* of *family*: '0.1', '0.2–0.3'."""
    first = RELEASES.index(WRITTEN[family][number])
    later = [RELEASES.index(v) for n, v in WRITTEN[family].items() if n > number]
    last = min(later) - 1 if later else len(RELEASES) - 1
    return RELEASES[first] if first == last else f"{RELEASES[first]}–{RELEASES[last]}"


def written_by(family: str, number: int) -> str:
    """'vanban 0.1' — the release a clerk is told wrote a file of this format."""
    return f"vanban {WRITTEN[family][number]}"


UPGRADE_HINT = ("chạy «vanban nang-cap» (trong thư mục làm việc, hoặc với --thu-muc): vanban chuyển dữ liệu, mẫu, "
                "sổ đăng ký và lưu trữ sang định dạng hiện hành, giữ chú thích, sao lưu mọi tệp nó đổi vào .nang-cap/, "
                "không sửa văn bản đã phát hành; rồi chạy lại lệnh này")


def outdated(location: Location, family: str, number: int, others: int = 0) -> Finding:
    """The one message a build or an issue gives on an older format."""
    more = f" (và {others} tệp khác cũng cần nâng cấp)" if others else ""
    return Finding(location, f"dữ liệu viết cho vanban {WRITTEN[family][number]}; chạy «vanban nang-cap»{more}",
                   UPGRADE_HINT)


def too_new(location: Location, family: str, number: object) -> Finding:
    """A file written by a later vanban than this one, or a number that is no format at all."""
    if isinstance(number, int) and not isinstance(number, bool) and number > CURRENT[family]:
        return Finding(location, f"{NAMES[family]} viết cho vanban mới hơn bản đang chạy (định dạng {number}; "
                       f"bản này đọc đến định dạng {CURRENT[family]})",
                       "cài bản vanban mới hơn (bản đã ghi tệp này); không sửa số định dạng bằng tay")
    return Finding(location, f"«{VERSION_KEY}» phải là số định dạng của vanban (1 đến {CURRENT[family]}), "
                   f"không phải {number!r}",
                   f"ghi «{VERSION_KEY}: {CURRENT[family]}» nếu tệp viết theo hướng dẫn hiện hành, hoặc xóa dòng này")


# --------------------------------------------------------------------------
# The data files (YAML)


@dataclass(frozen=True)
class Found:
    """The format of one file: what it says (or its shape says), and where."""

    family: str
    number: int | None          # None: the file says a value that is no format (see `value`)
    location: Location
    declared: bool              # the file says it (else: told by its shape)
    value: object = None        # what the file says, when it says something

    @property
    def current(self) -> bool:
        return self.number == CURRENT[self.family]

    @property
    def older(self) -> bool:
        return self.number is not None and self.number < CURRENT[self.family]

    def problem(self) -> Finding | None:
        """Newer than this vanban, or no format at all: a finding; else None."""
        if self.number is None or self.number > CURRENT[self.family]:
            return too_new(self.location, self.family, self.value)
        return None


_KEY_LINE = re.compile(rf"(?m)^{VERSION_KEY}[ \t]*:[ \t]*([^#\n]*?)[ \t]*(?:#.*)?$")
# what a file of data format 1 (vanban 0.1) may contain: a key named chi_bo, loai_chi_bo or
# ten_chi_bo, or a recipient group of branches; confirmed on the parsed file
_SHAPE_1 = re.compile(r"(?<![\w-])(?:chi_bo|loai_chi_bo|ten_chi_bo)[ \t]*:|nhom[ \t]*:[ \t]*chi_bo\b")
_ORG_KEYS_1 = ("chi_bo", "loai_chi_bo", "ten_chi_bo")


def _number(text: str):
    text = text.strip().strip("\"'")
    return int(text) if text.isdigit() else text


def declared(text: str) -> tuple[object, int] | None:
    """(the value of the top-level «dinh_dang» line, its line) or None when there is none."""
    m = _KEY_LINE.search(text)
    if m is None:
        return None
    return _number(m.group(1)), text.count("\n", 0, m.start()) + 1


def is_shape_1(data) -> bool:
    """Data written for vanban 0.1: the organisation's branches (chi_bo), their kinds and noun,
    a recipient group of branches, a quota unit word without don_vi_tinh, an allocation to a
    branch."""
    if not isinstance(data, dict):
        return False
    if any(k in data for k in _ORG_KEYS_1):
        return True
    for r in data.get("noi_nhan") or []:
        if isinstance(r, dict) and (r.get("nhom") == "chi_bo" or "loai_chi_bo" in r):
            return True
    kinds = data.get("loai_chi_tieu")
    if isinstance(kinds, dict) and any(isinstance(k, dict) and "don_vi" in k and "don_vi_tinh" not in k
                                       for k in kinds.values()):
        return True
    for q in data.get("chi_tieu") or []:
        if isinstance(q, dict) and any(isinstance(a, dict) and "chi_bo" in a for a in q.get("phan_bo") or []):
            return True
    return False


def data_format(path: Path, shown: str, family: str = DATA) -> Found:
    """The format of a data (or templates) YAML file: its «dinh_dang», else its shape. A file
    that cannot be read is taken as current: its reader reports what is wrong with it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Found(family, CURRENT[family], Location(shown), False)
    said = declared(text)
    if said is not None:
        value, line = said
        number = value if isinstance(value, int) and 1 <= value <= CURRENT[family] else None
        if isinstance(value, int) and value > CURRENT[family]:
            number = value
        return Found(family, number, Location(shown, line), True, value)
    if family == DATA and _SHAPE_1.search(text):
        try:
            data, _ = read_yaml(path, shown)
        except DataError:
            return Found(family, CURRENT[family], Location(shown), False)
        if is_shape_1(data):
            return Found(family, 1, Location(shown), False)
    return Found(family, 2 if family == DATA else CURRENT[family], Location(shown), False)


def strip(data):
    """*data* without its format number (the records do not hold it)."""
    if isinstance(data, dict) and VERSION_KEY in data:
        data = {k: v for k, v in data.items() if k != VERSION_KEY}
    return data


def data_files(data: Path) -> list[Path]:
    """The YAML data files of a working folder's data/: the organisation's, then each year's."""
    out = [data / "don-vi.yaml"] if (data / "don-vi.yaml").is_file() else []
    if data.is_dir():
        for year in sorted(p for p in data.iterdir() if p.is_dir() and p.name.isdigit()):
            out += sorted(p for p in year.glob("*.yaml") if p.is_file())
    return out
