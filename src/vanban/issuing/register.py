"""The number register data/so-van-ban-di.csv: the record of every issued
document, and the one source of issued numbers for every command.

A number is taken once and never again. The register is read strictly (a
damaged row is an error naming its line, never a traceback) and changed only
under a file lock held by one vanban run at a time.

Its format is its heading row: 1 (vanban 0.1, no manifest anchor), 2 (0.2, + ban_ke),
3 (0.3, + dinh_dang). Every format is read (an archive is verified by the rules of the
release that wrote it); only the current one is written. The column dinh_dang of a row is
the format whose rule made the row's digest: an upgrade re-anchors the rows of a year in
its archive's manifest and moves them to the current format (issuing/legacy.py).

Format 3, the whole row: its digest covers every column but ban_ke (the note too: a replacement
changes the note of the replaced row, and the replacement's run records the row's new digest
and values in the manifest); ban_ke, which cannot be in a digest the manifest keeps, is the
head of the year's manifest chain after its latest run (of any kind: one that only adds PDFs
too), checked equal to it. So every column is either in the digest or the chain's head.

Format 3 text stays text: a field that begins with = + - @ ' or a tab or carriage return is
written with a leading apostrophe (a spreadsheet opening the file shows text, never evaluates
a formula), and read back without it. Digests are over the values, never the escaped text.
Formats 1 and 2 were written without it and are read as they are.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..text import vietnamese as vi
from ..project import Project
from ..data.formats import CURRENT, REGISTER as FAMILY
from ..data.model import Organisation, Profile
from ..errors import ArchiveProblem, DataError, Finding, Findings, Location

REGISTER = "so-van-ban-di.csv"
COLUMNS = ["khoa", "chuoi", "so", "so_ky_hieu", "ngay", "loai", "trich_yeu", "nguoi_ky", "noi_nhan",
           "so_ban", "tep", "sha256", "van_tay", "ghi_chu", "ban_ke", "dinh_dang"]
FORMAT = CURRENT[FAMILY]
HEADINGS = {1: COLUMNS[:14], 2: COLUMNS[:15], 3: COLUMNS}  # format → its heading row
ISSUED = COLUMNS[:13]  # what a row says of the document as issued: never changes afterwards
# format → the columns its digest covers: formats 1 and 2, the document as issued (its note and
# anchor could change unchecked); format 3, every column but the anchor (the chain's head)
DIGESTED = {1: ISSUED, 2: ISSUED, 3: [c for c in COLUMNS if c != "ban_ke"]}
ESCAPED_FROM = 3  # the first register format whose fields are written escaped (see `escape`)
# what a spreadsheet takes for the start of a formula (and the escape mark itself)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def escape(value: str) -> str:
    """A field as the CSV register writes it: a leading apostrophe before a field a spreadsheet
    would evaluate (or that begins with an apostrophe itself), so that `unescape` gives it back."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def unescape(text: str) -> str:
    return text[1:] if text.startswith("'") else text
REPLACED = "bị thay thế bởi "
LOCK_WAIT_SECONDS = 60


@dataclass
class Entry:
    khoa: str          # year/key: '2018/thong-bao/ap_cho'
    chuoi: str         # the numbering series: 'KH|2015-2020' (Party) or '2026' (State)
    so: int
    so_ky_hieu: str
    ngay: str          # ISO date
    loai: str
    trich_yeu: str
    nguoi_ky: str
    noi_nhan: str
    so_ban: int
    tep: str
    sha256: str        # of the issued DOCX
    van_tay: str       # fingerprint of what produced the document
    ghi_chu: str = ""
    ban_ke: str = ""   # the chain head of the year's manifest (format 3: after its latest run; 2: after the
                       # run that issued or re-anchored the row)
    dinh_dang: int = FORMAT  # the register format whose rule made its digest
    line: int = field(default=0, compare=False, repr=False)  # where the row was read (0: not read)

    @property
    def active(self) -> bool:
        return not self.ghi_chu.startswith(REPLACED)

    @property
    def year(self) -> str:
        return self.khoa.split("/", 1)[0]

    def digest(self, rule: int | None = None) -> str:
        """The row by the rule of its format (or of format *rule*): format 3, every column but
        the anchor; formats 1 and 2, the document as issued."""
        import hashlib

        fields = [str(getattr(self, c)) for c in DIGESTED[rule or self.dinh_dang]]
        return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()

    def values(self) -> dict:
        """What the manifest keeps of the row (every digested column of format 3), to rebuild it."""
        return {c: getattr(self, c) for c in DIGESTED[FORMAT]}

    @classmethod
    def from_values(cls, values: dict, anchor: str) -> "Entry":
        return cls(**{c: values[c] for c in DIGESTED[FORMAT]}, ban_ke=anchor)


# the type of each column the manifest keeps (every other one is text)
NUMERIC = ("so", "so_ban", "dinh_dang")


def row_values_ok(values) -> bool:
    """A row as a manifest records it: every digested column of format 3, of its type, nothing else."""
    return (isinstance(values, dict) and set(values) == set(DIGESTED[FORMAT])
            and all(isinstance(values[c], int) and not isinstance(values[c], bool) if c in NUMERIC
                    else isinstance(values[c], str) for c in values))


@dataclass
class Register:
    path: Path
    shown: str
    entries: list[Entry] = field(default_factory=list)
    format: int = FORMAT  # of the file as read (a new register is written in the current one)
    exists: bool = False  # there was a file to read

    @classmethod
    def load(cls, path: Path, shown: str) -> "Register":
        reg = cls(path, shown)
        fix = "sổ đăng ký chỉ được sửa bằng vanban; lấy lại bản đúng từ bản sao lưu (git, tệp zip lưu trữ)"
        if path.is_symlink() or os.path.lexists(path) and not path.is_file():  # never read through a link
            raise DataError([Finding(Location(shown), "sổ đăng ký không phải tệp thường (một liên kết tới nơi khác, "
                                     "hay một thư mục): vanban không đọc, không ghi sổ qua liên kết",
                                     f"đặt chính tệp sổ đăng ký vào {shown}; {fix}")])
        if not path.is_file():
            return reg
        reg.exists = True
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DataError([Finding(Location(shown), "sổ đăng ký không phải UTF-8 (có thể đã bị lưu lại bằng "
                                     "Excel với bảng mã khác)", fix)]) from None
        if "\x00" in text:
            raise DataError([Finding(Location(shown), "sổ đăng ký có ký tự NUL (tệp hỏng hoặc lưu bằng UTF-16)", fix)])
        findings = Findings()
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader, None)
            reg.format = next((n for n, cols in HEADINGS.items() if header == cols), 0)
            if not reg.format:
                raise DataError([Finding(Location(shown, 1), "dòng tiêu đề của sổ đăng ký đã bị thay đổi",
                                         f"dòng đầu phải là: {','.join(COLUMNS)}")])
            columns = HEADINGS[reg.format]
            ended = reader.line_num
            for row in reader:
                line, ended = ended + 1, reader.line_num  # where the row begins (a quoted field may hold a line end)
                if not row:
                    continue
                if len(row) != len(columns):
                    findings.add(Location(shown, line), f"dòng của sổ đăng ký có {len(row)} cột, cần {len(columns)}",
                                 fix)
                    continue
                if reg.format >= ESCAPED_FROM:
                    row = [unescape(v) for v in row]
                values = {"dinh_dang": str(reg.format), **dict(zip(columns, row))}
                try:
                    entry = Entry(**{**values, **{c: _number(values[c]) for c in NUMERIC}}, line=line)
                except ValueError:
                    findings.add(Location(shown, line), "dòng của sổ đăng ký bị hỏng (số, số bản hoặc định dạng "
                                 "không phải số)", fix)
                    continue
                if entry.dinh_dang not in DIGESTED or entry.dinh_dang > reg.format:
                    findings.add(Location(shown, line), f"dòng của sổ đăng ký ghi định dạng {entry.dinh_dang}, "
                                 f"không có trong sổ định dạng {reg.format}", fix)
                    continue
                reg.entries.append(entry)
        except csv.Error as exc:
            reason = ("một ô dài quá 131.072 ký tự" if "field limit" in str(exc) else
                      "dấu ngoặc kép hay dấu xuống dòng đặt sai chỗ")
            raise DataError([Finding(Location(shown, reader.line_num or None), f"sổ đăng ký hỏng: {reason}", fix)]) \
                from None
        findings.raise_if_any(DataError)
        return reg

    def dump(self) -> bytes:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        # a carriage return is no line end for a writer that ends lines with \n: quoted (a reader
        # would split the row there)
        quoted = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writeheader()
        for e in self.entries:
            row = {k: escape(v) if isinstance(v, str) else v for k, v in dataclasses.asdict(e).items() if k != "line"}
            (quoted if any(isinstance(v, str) and "\r" in v for v in row.values()) else writer).writerow(row)
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8

    def active(self, key: str) -> Entry | None:
        return next((e for e in self.entries if e.khoa == key and e.active), None)

    def holder(self, series: str, number: int) -> Entry | None:
        return next((e for e in self.entries if e.chuoi == series and e.so == number), None)

    def used(self, series: str) -> set[int]:
        return {e.so for e in self.entries if e.chuoi == series}

    def of_year(self, year: int) -> list[Entry]:
        return [e for e in self.entries if e.year == str(year)]


def _number(text: str) -> int:
    """A number of the register as vanban writes it: ASCII digits, no sign, no padding (another
    spelling of the same number would pass a digest taken over the number)."""
    if not (text.isascii() and text.isdigit() and str(int(text)) == text):
        raise ValueError(text)
    return int(text)


def register_path(project: Project) -> Path:
    return project.data / REGISTER


def header_format(path: Path) -> int | None:
    """The format of the register at *path* by its heading row alone (None: no register, or a
    heading row of no format: its reader says what is wrong)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader([fh.readline()]), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return next((n for n, cols in HEADINGS.items() if header == cols), None)


def load_register(project: Project) -> Register:
    path = register_path(project)
    return Register.load(path, project.show(path))


@contextmanager
def locked(project: Project, notify=None, seconds: float | None = None):
    """Hold the register for this run. Another run holding it: say so (*notify*), wait up to
    *seconds* (LOCK_WAIT_SECONDS), then give up with a message instead of a traceback."""
    from filelock import FileLock, Timeout

    seconds = LOCK_WAIT_SECONDS if seconds is None else seconds
    path = register_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path) + ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if notify:
            notify(f"Sổ đăng ký đang được một lần chạy vanban khác dùng; chờ tối đa {seconds:g} giây…")
        try:
            lock.acquire(timeout=seconds)
        except Timeout:
            raise ArchiveProblem([Finding(Location(project.show(path)),
                                          f"sổ đăng ký vẫn bị một lần chạy khác giữ sau {seconds:g} giây",
                                          "chờ lần chạy kia xong (hoặc đóng cửa sổ đang chạy vanban) rồi chạy lại")]) \
                from None
    try:
        yield
    finally:
        lock.release()


def series(profile: Profile, org: Organisation, doc_type: str, date: dt.date | None, year: int) -> str:
    """Party: one series per document type through the committee's term; State: one per year."""
    when = date or dt.date(year, 12, 31)
    if profile.danh_so == "nam":
        return str(when.year)
    terms = [t for t in org.nhiem_ky if t.bat_dau <= when]
    if not terms:
        raise DataError([Finding(Location("data/don-vi.yaml"), f"không biết nhiệm kỳ của văn bản ngày "
                                 f"{vi.short_date(when)} để đánh số",
                                 "khai «nhiem_ky: [{ten: 2015-2020, bat_dau: 2015-07-01}]» trong don-vi.yaml")])
    term = max(terms, key=lambda t: t.bat_dau)
    return f"{profile.loai_van_ban[doc_type].ky_hieu}|{term.ten}"


class Allocator:
    """Numbers for one issuing run: an issued document keeps its number, a data
    number is checked against the register, a blank takes the next free one."""

    def __init__(self, register: Register, profile: Profile, org: Organisation, year: int,
                 replacing: set[str], findings: Findings):
        self.register, self.profile, self.org, self.year = register, profile, org, year
        self.replacing, self.findings = replacing, findings
        self.taken: dict[str, dict[int, str]] = {}  # series → number → key, this run
        self.assigned: dict[str, int] = {}          # key → number, this run
        self.asked: set[str] = set()                # series whose numbers before vanban were asked for

    def mark(self) -> tuple:
        """Where the run's numbering stands now (see `rollback`)."""
        return ({chain: dict(numbers) for chain, numbers in self.taken.items()}, dict(self.assigned),
                len(self.findings.items), set(self.asked))

    def rollback(self, mark: tuple) -> None:
        """Give back what was numbered since *mark*: the documents of a kind that is not issued
        this time leave no gap in the series."""
        taken, assigned, found, asked = mark
        self.taken = {chain: dict(numbers) for chain, numbers in taken.items()}
        self.assigned = dict(assigned)
        self.asked = set(asked)
        del self.findings.items[found:]

    def __call__(self, doc_type: str, key: str, given: int | None, date: dt.date | None) -> int:
        full = f"{self.year}/{key}"
        if full not in self.assigned:
            self.assigned[full] = self._take(doc_type, full, key, given, date)
        return self.assigned[full]

    def _take(self, doc_type: str, full: str, key: str, given: int | None, date: dt.date | None) -> int:
        chain = series(self.profile, self.org, doc_type, date, self.year)
        current = self.register.active(full)
        if current is not None and full not in self.replacing:
            return current.so
        mine = self.taken.setdefault(chain, {})
        if given is not None:
            holder = self.register.holder(chain, given)
            if holder is not None:
                why = ("số cũ của chính văn bản này, không dùng lại cho bản thay thế" if holder.khoa == full
                       else f"đã cấp cho {holder.so_ky_hieu} ({holder.khoa}) ngày {holder.ngay}")
                self.findings.add(Location(REGISTER), f"số {given} của {key} không dùng được: {why}",
                                  "xóa số trong dữ liệu để vanban cấp số kế tiếp, hoặc ghi một số chưa dùng")
            elif given in mine and mine[given] != full:
                self.findings.add(Location(REGISTER), f"số {given} được ghi cho cả {mine[given]} và {full}",
                                  "mỗi văn bản một số riêng")
            mine[given] = full
            return given
        used = self.register.used(chain) | set(mine)
        if not used and not self._numbered_before(doc_type, chain):
            before = self._used_before_vanban(doc_type, key, chain)
            if before is None:
                return 0  # refused: the finding says which number to record
            used = {before}
        number = max(used, default=0) + 1
        mine[number] = full
        return number

    def _numbered_before(self, doc_type: str, chain: str) -> bool:
        """vanban has numbered documents of this series' kind before, in any term or year: a Party
        series is one document type's, a State series every type's of a year."""
        if "|" not in chain:
            return bool(self.register.entries) or any(self.taken.values())
        symbol = self.profile.loai_van_ban[doc_type].ky_hieu
        return any(e.loai == doc_type for e in self.register.entries) or any(
            numbers and name.startswith(f"{symbol}|") for name, numbers in self.taken.items())

    def _used_before_vanban(self, doc_type: str, key: str, chain: str) -> int | None:
        """The last number the office used in this series before vanban (so_da_dung), or None with
        a finding: the first number vanban gives must not start the series again mid-term. A State
        office numbers every type in one series a year: the largest number it recorded counts."""
        symbol = self.profile.loai_van_ban[doc_type].ky_hieu
        recorded = dict(getattr(self.org, "so_da_dung", None) or {})
        if "|" in chain and symbol in recorded:
            return recorded[symbol]
        if "|" not in chain and recorded:
            return max(recorded.values())
        if chain in self.asked:  # once a series, however many documents wait for it
            return None
        self.asked.add(chain)
        span = f"nhiệm kỳ {chain.split('|', 1)[1]}" if "|" in chain else f"năm {chain}"
        what = f"văn bản loại {symbol}" if "|" in chain else "văn bản"
        self.findings.add(Location("data/don-vi.yaml"),
                          f"chưa biết số {what} đã dùng trong {span} trước khi dùng vanban (để cấp số cho {key})",
                          f"ghi số cuối cùng đã dùng vào don-vi.yaml: «so_da_dung: {{{symbol}: 27}}» (ghi 0 nếu "
                          f"{span} chưa có {what} nào), hoặc ghi số cho văn bản này trong dữ liệu")
        return None


def issued_number(register: Register, year: int):
    """For builds: the number the register issued to a document of *year*, or None."""
    def lookup(key: str) -> int | None:
        entry = register.active(f"{year}/{key}")
        return entry.so if entry is not None else None
    return lookup


def number_conflicts(register: Register, profile: Profile, org: Organisation, year: int, docs, shown: str) -> Findings:
    """Numbers given in the data that the register has already issued to another document
    (a year copied with its numbers, a number typed twice). *shown*: the data file."""
    out = Findings()
    for doc in docs:
        issue = doc.issue
        if issue.number is None or issue.draft or register.active(f"{year}/{issue.key}") is not None:
            continue
        chain = series(profile, org, issue.doc_type, issue.date, year)
        holder = register.holder(chain, issue.number)
        if holder is not None and holder.khoa != f"{year}/{issue.key}":
            out.add(Location(shown), f"số {issue.number} của {issue.key} năm {year} đã cấp cho {holder.so_ky_hieu} "
                    f"({holder.khoa}) ngày {holder.ngay}",
                    "xóa số trong dữ liệu để vanban cấp số kế tiếp khi phát hành, hoặc ghi một số chưa dùng")
    return out
