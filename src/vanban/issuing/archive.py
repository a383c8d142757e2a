"""The archive copy (output/<năm>/luu-vt/) and its manifest.

The manifest is append-only: each issuing run adds a section listing the
files it added, with the hash of every earlier section, so a rewritten
manifest breaks the chain; the register anchors the chain too. A file entry,
once written, is never recomputed. `check` compares the files (regular files
of the folder, never read through a link), the manifest and the register and
reports every disagreement; it repairs nothing.

What the check cannot see: someone who rewrites a file and then every hash after it (the
file's entry, the chain, the register's rows). Without a secret nothing can; the office keeps
the chain's head outside (printed by `luu-tru kiem-tra`, checked with --dau-chuoi).

Formats: 1 (vanban 0.1: one file list, rewritten by every run, no chain), 2 (0.2: the chain;
each register row holds the head after the run that issued it), 3 (0.3: the chain, and runs of
kind «nang_cap»: an upgrade that anchors the archive as an earlier release left it and
re-anchors the year's register rows, «neo», under the current digest rule; it may also say how
this release fingerprints an issued document, «van_tay_moi». Every register row of the year
holds the head after the year's latest run, of any kind, so the last section is anchored too;
every row is recorded whole, «dong», where it is issued or changed, so the register can be
rebuilt from the manifests). Formats 2 and 3 are read here; format 1 by issuing/legacy.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..data.formats import CURRENT, MANIFEST as FAMILY, too_new
from ..project import Project
from ..errors import ArchiveProblem, Finding, Location
from .register import REPLACED, Register, row_values_ok

MANIFEST = "manifest.json"
FORMAT = CURRENT[FAMILY]
CHAINED = (2, 3)  # the formats with a chain of runs, read here
UPGRADE = "nang_cap"  # the kind of a run that records an upgrade
FOLDER = "luu-vt"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def regular_hash(path: Path) -> str | None:
    """The hash of *path* when it is a regular file of its folder, read without following a link;
    None when there is nothing there, or a link, a folder, a device (an archived file replaced by
    a link to a copy elsewhere is not that file)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode) or os.path.islink(path):  # before fdopen: a folder refuses it
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as fh:
        h = hashlib.sha256()
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


JSON_LIMIT = 256 << 20  # bytes: a manifest or journal of vanban is far smaller (a district's year: a few MB)


def read_json(path: Path, limit: int = JSON_LIMIT):
    """The JSON value of a file vanban wrote (a manifest, a journal), read as a file handed over
    by anyone: a regular file of its folder (never read through a link), bounded in size and in
    depth, each key once. ValueError with the reason in Vietnamese; OSError when it cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise _Refused("là một liên kết tới nơi khác, không phải tệp của vanban") from None
        raise exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # before fdopen, which refuses a folder with an English OSError
        os.close(fd)
        raise _Refused("không phải tệp thường")
    with os.fdopen(fd, "rb") as fh:
        if info.st_size > limit:
            size, most = (f"{n:,}".replace(",", ".") for n in (info.st_size, limit))  # thousands: 1.500
            raise _Refused(f"tệp lớn quá ({size} byte, vanban chỉ đọc đến {most})")
        return parse_json(fh.read(limit + 1))


JSON_DEPTH = 32  # levels of nesting: vanban's own files use fewer than ten


class _Refused(ValueError):
    """A reason, in Vietnamese, a JSON file of vanban is not read."""


def parse_json(raw: bytes):
    """JSON bytes vanban wrote, bounded in depth, each key once; ValueError in Vietnamese."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refused("không phải văn bản UTF-8") from None

    def once(pairs):
        out = {}
        for key, value in pairs:
            if key in out:
                raise _Refused(f"khóa «{key[:60]}» ghi hai lần")
            out[key] = value
        return out

    try:
        value = json.loads(text, object_pairs_hook=once)
    except _Refused:
        raise
    except RecursionError:
        raise _Refused(f"các mục lồng nhau quá {JSON_DEPTH} tầng") from None
    except json.JSONDecodeError as exc:
        raise _Refused(f"không đúng cú pháp JSON ở dòng {exc.lineno}, cột {exc.colno}") from None
    except ValueError:  # a number of thousands of digits
        raise _Refused("có số quá dài") from None
    level = [value]
    for _ in range(JSON_DEPTH + 1):  # no deeper than the bound: every later step (hashing, dumping) is safe
        level = [v for item in level for v in (item.values() if isinstance(item, dict) else
                                               item if isinstance(item, list) else ())]
        if not level:
            return value
    raise _Refused(f"các mục lồng nhau quá {JSON_DEPTH} tầng")


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_hash(runs: list[dict]) -> str:
    """The hash of the manifest's sections up to here: what the next section and the register keep."""
    return sha256(canonical(runs))


def chain_heads(runs: list[dict]) -> list[str]:
    """chain_hash(runs[:i]) for i = 0 … len(runs), each section serialised and hashed once (the
    canonical form of a list is its items' canonical forms between brackets, comma-separated)."""
    h = hashlib.sha256(b"[")
    out = [sha256(b"[]")]
    for i, run in enumerate(runs):
        h.update((b"," if i else b"") + canonical(run))
        end = h.copy()
        end.update(b"]")
        out.append(end.hexdigest())
    return out


def archive_folder(project: Project, year: int) -> Path:
    return project.output / str(year) / FOLDER


def plain_name(name) -> bool:
    """A file name that stays inside the archive folder (a name with / is not its own Path's name;
    «.» and «..» begin with a dot)."""
    return (isinstance(name, str) and name != "" and name == Path(name).name and not name.startswith(".")
            and "\\" not in name and ":" not in name
            and name.isprintable() and len(name.encode("utf-8", "surrogatepass")) <= 255)


@dataclass
class Manifest:
    year: int
    runs: list[dict] = field(default_factory=list)
    format: int = FORMAT  # of the file as read (it is always written in the current one)

    def head(self) -> str:
        return chain_hash(self.runs)

    def files(self) -> dict[str, tuple[int, dict]]:
        """Every archived file: name → (index of the run that added it, its entry)."""
        out = {}
        for i, run in enumerate(self.runs):
            for name, info in run["tep"].items():
                out.setdefault(name, (i, info))
        return out

    def anchors(self) -> dict[str, tuple[int, str]]:
        """Each issued file's register row: name → (index of the run that anchors it, the row's
        digest then). The run that issued it, or a later upgrade that re-anchored it."""
        out: dict[str, tuple[int, str]] = {}
        for i, run in enumerate(self.runs):
            for name, info in run["tep"].items():
                if "dong_so" in info:
                    out[name] = (i, info["dong_so"])
            for name, digest in (run.get("neo") or {}).items():
                out[name] = (i, digest)
        return out

    def rows(self) -> dict[str, tuple[int, dict]]:
        """Each issued file's register row as the manifest last recorded it (format 3): name →
        (index of that run, {gia_tri: the row's values, thu_tu: its place in the register})."""
        out: dict[str, tuple[int, dict]] = {}
        for i, run in enumerate(self.runs):
            for name, info in run["tep"].items():
                if "dong" in info:
                    out[name] = (i, info["dong"])
            for name, record in (run.get("dong") or {}).items():
                out[name] = (i, record)
        return out

    def heads(self) -> list[str]:
        """The chain's head after each run: what the register and a paper note may hold."""
        return chain_heads(self.runs)[1:]

    def fingerprints(self) -> dict[str, set[str]]:
        """Key → the fingerprints an upgrade recorded for an issued document: how this release
        sees the inputs it was issued from (a release that fingerprints differently)."""
        out: dict[str, set[str]] = {}
        for run in self.runs:
            for key, mark in (run.get("van_tay_moi") or {}).items():
                out.setdefault(key, set()).add(mark)
        return out

    def upgrades(self) -> list[dict]:
        return [run for run in self.runs if run.get("loai") == UPGRADE]

    def outgoing(self) -> dict | None:
        """The outgoing register (XLSX) as the latest run left it."""
        for run in reversed(self.runs):
            if run.get("so_dang_ky"):
                return run["so_dang_ky"]
        return None

    def with_run(self, run: dict) -> "Manifest":
        run = dict(run, lan=len(self.runs) + 1, truoc=self.head())
        return Manifest(self.year, [*self.runs, run])

    def dump(self) -> bytes:
        body = {"dinh_dang": FORMAT, "nam": self.year, "lan_phat_hanh": self.runs}
        return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def read_manifest(folder: Path, shown: str, year: int) -> Manifest | None:
    """The manifest, or None when there is none; a damaged one is an error, never rebuilt."""
    path = folder / MANIFEST
    if not os.path.lexists(path):
        return None
    fix = "lấy lại manifest.json đúng từ bản sao (tệp zip lưu trữ, bản sao lưu); vanban không tự dựng lại bản kê"

    def bad(what: str):
        raise ArchiveProblem([Finding(Location(shown), f"bản kê hỏng: {what}", fix)])

    try:
        data = read_json(path)
    except ValueError as exc:
        bad(f"không đọc được: {exc}")
    except OSError as exc:
        bad(f"không đọc được: {exc.strerror}")
    number = data.get("dinh_dang") if isinstance(data, dict) else None
    if isinstance(number, int) and not isinstance(number, bool) and number > FORMAT:
        raise ArchiveProblem([too_new(Location(shown), FAMILY, number)])
    if number not in CHAINED or not isinstance(data.get("lan_phat_hanh"), list):
        bad("không đúng dạng bản kê của vanban")
    if data.get("nam") != year:
        bad(f"bản kê ghi năm {data.get('nam')!r}, không phải {year}")
    for i, run in enumerate(data["lan_phat_hanh"], 1):
        if not isinstance(run, dict) or not isinstance(run.get("tep"), dict) or not isinstance(run.get("truoc"), str):
            bad(f"lần phát hành {i} không đúng dạng")
        for name, info in run["tep"].items():
            if not plain_name(name):
                bad(f"đường dẫn lạ trong bản kê: {name!r}")
            if not isinstance(info, dict) or not isinstance(info.get("sha256"), str) or len(info["sha256"]) != 64:
                bad(f"mục «{name}» không có mã băm (sha256)")
        out = run.get("so_dang_ky")
        if out is not None and (not isinstance(out, dict) or not plain_name(out.get("tep"))
                                or not isinstance(out.get("sha256"), str)):
            bad(f"lần phát hành {i}: mục sổ đăng ký không đúng dạng")
        for field_name in ("neo", "van_tay_moi"):
            value = run.get(field_name, {})
            if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                      for k, v in value.items()):
                bad(f"lần {i}: mục «{field_name}» không đúng dạng")
        records = {name: info["dong"] for name, info in run["tep"].items() if "dong" in info}
        changed = run.get("dong", {})
        if not isinstance(changed, dict):
            bad(f"lần {i}: mục «dong» không đúng dạng")
        records.update(changed)
        for name, record in records.items():
            if not (plain_name(name) and _record_ok(record, name)):
                bad(f"lần {i}: dòng sổ đăng ký ghi cho «{name}» không đúng dạng")
    return Manifest(year, data["lan_phat_hanh"], number)


def row_record(entry, place: int) -> dict:
    """What a manifest keeps of a register row: its values and its place in the register."""
    return {"gia_tri": entry.values(), "thu_tu": place}


def _record_ok(record, name: str) -> bool:
    return (isinstance(record, dict) and set(record) == {"gia_tri", "thu_tu"}
            and isinstance(record["thu_tu"], int) and not isinstance(record["thu_tu"], bool) and record["thu_tu"] >= 0
            and row_values_ok(record["gia_tri"]) and record["gia_tri"]["tep"] == name)


HEAD_RULE = 3  # from this manifest format, every register row of the year holds the chain's latest head


@dataclass
class Check:
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)        # a link (or no regular file) where a file must be
    problems: list[str] = field(default_factory=list)
    checked: int = 0
    formats: dict[str, int] = field(default_factory=dict)  # family → the format found (ban_ke, so_dang_ky)
    upgrades: list[dict] = field(default_factory=list)     # the upgrades the chain records
    heads: list[str] = field(default_factory=list)         # the chain's head after each run
    times: list[str] = field(default_factory=list)         # when each run was
    given: tuple[str, int | None] | None = None            # a head the office kept, and the run it is of
    register: str = ""                                     # the register as shown, when it was compared
    of_register: set[str] = field(default_factory=set)     # the problems that are the register's (some of problems)

    @property
    def head(self) -> str | None:
        return self.heads[-1] if self.heads else None

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.altered or self.linked or self.problems)

    def findings(self, shown: str, year: int) -> list[Finding]:
        fix = (f"không sửa, thêm hay xóa tệp trong lưu trữ bằng tay: trả lại tệp đúng từ bản sao (tệp zip lưu trữ, "
               f"bản sao lưu), chuyển tệp lạ ra ngoài, rồi chạy «vanban luu-tru kiem-tra {year}»")
        out = [Finding(Location(f"{shown}/{n}"), "tệp bị sửa (mã băm không khớp bản kê hoặc sổ đăng ký)", fix)
               for n in self.altered]
        out += [Finding(Location(f"{shown}/{n}"), "không phải tệp thường của lưu trữ (một liên kết tới nơi khác, "
                        "hay một thư mục): vanban không đọc qua liên kết", fix) for n in self.linked]
        out += [Finding(Location(f"{shown}/{n}"), "tệp trong bản kê bị mất", fix) for n in self.missing]
        out += [Finding(Location(f"{shown}/{n}"), "tệp lạ, không có trong bản kê", fix) for n in self.extra]
        mend = (f"trả lại tệp bị sửa (sổ đăng ký hoặc bản kê) từ bản sao lưu; nếu chỉ sổ đăng ký sai, mất hay cũ: "
                f"dựng lại sổ từ bản kê bằng «vanban luu-tru dung-lai-so»; rồi chạy «vanban luu-tru kiem-tra {year}»")
        then = f"rồi chạy lại «vanban luu-tru kiem-tra {year}»"  # for a problem that says how to mend it
        out += [Finding(Location(self.register), p, then if REBUILD_HINT in p else mend) if p in self.of_register
                else Finding(Location(shown), p, fix) for p in self.problems]
        return out


def _compare(folder: Path, name: str, digest: str, result: Check) -> None:
    """One archived file against its hash: a regular file of the folder, never read through a link."""
    path = folder / name
    if not os.path.lexists(path):
        result.missing.append(name)
        return
    found = regular_hash(path)
    if found is None:
        result.linked.append(name)
        return
    result.checked += 1
    if found != digest:
        result.altered.append(name)


def check(folder: Path, shown: str, year: int, register: Register | None) -> Check:
    """Files against the manifest, the manifest's own chain, the register against both (with no
    *register*: the files and the chain alone, as a rebuild of the register reads them)."""
    result = Check()
    if folder.is_symlink() or os.path.lexists(folder) and not folder.is_dir():
        result.problems.append("thư mục lưu trữ là một liên kết tới nơi khác (hoặc một tệp): vanban không đọc hay "
                               "ghi lưu trữ qua liên kết; đặt lại thư mục lưu trữ thật vào chỗ này")
        return result
    present = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    rows = register.of_year(year) if register is not None else []
    if register is not None and register.exists:
        result.formats["so_dang_ky"] = register.format
    try:
        manifest = read_manifest(folder, f"{shown}/{MANIFEST}", year)
    except ArchiveProblem as exc:
        result.problems += [f.message for f in exc.findings]
        return result
    if manifest is None:
        if rows or present:
            result.problems.append("không có bản kê (manifest.json) trong khi lưu trữ hoặc sổ đăng ký đã có văn bản")
        return result
    result.formats[FAMILY] = manifest.format
    result.upgrades = manifest.upgrades()
    result.heads = manifest.heads()
    result.times = [str(run.get("thoi_gian", ""))[:10] for run in manifest.runs]
    before = chain_heads(manifest.runs)
    for i, run in enumerate(manifest.runs):
        if run["truoc"] != before[i]:
            result.problems.append(f"bản kê bị sửa: lần phát hành {i + 1} không khớp các lần trước")
    listed = manifest.files()
    for name, (_, info) in sorted(listed.items()):
        _compare(folder, name, info["sha256"], result)
    outgoing = manifest.outgoing()
    names = set(listed) | {MANIFEST}
    if outgoing is not None:
        names.add(outgoing["tep"])
        _compare(folder, outgoing["tep"], outgoing["sha256"], result)
    result.extra = [n for n in present if n not in names]
    if register is not None:
        found = register_problems(manifest, register, year)
        result.problems += found
        result.register, result.of_register = register.shown, set(found)
    return result


REBUILD_HINT = ("lấy lại sổ đăng ký mới nhất từ bản sao lưu, hoặc dựng lại sổ từ các bản kê bằng «vanban luu-tru "
                "dung-lai-so»")


def register_problems(manifest: Manifest, register: Register, year: int, hints: bool = True) -> list[str]:
    """The register's rows of *year* against the manifest: each row is the one the manifest
    anchored (its digest), names the same file and hash, and holds the chain's head; every
    document the manifest lists has its row. With *hints*, a problem a rebuild of the register
    would mend says so (a caller that says it once itself passes False)."""
    hint = f"; {REBUILD_HINT}" if hints else ""
    out: list[str] = []
    rows = register.of_year(year)
    listed = manifest.files()
    heads = manifest.heads()
    anchors = manifest.anchors()
    if not register.exists and any(info.get("khoa") for _, info in listed.values()):
        return [f"không có sổ đăng ký {register.shown} trong khi bản kê đã ghi văn bản đã phát hành{hint}"]
    recorded = manifest.rows()
    in_register = set()
    stale: list[str] = []
    for e in rows:
        in_register.add(e.tep)
        found = listed.get(e.tep)
        if found is None:
            out.append(f"sổ đăng ký có {e.so_ky_hieu} ({e.tep}) nhưng bản kê không có")
            continue
        run, info = found
        run, digest = anchors.get(e.tep, (run, None))  # anchors() holds every «dong_so»: none for this file
        at = f"{register.shown} dòng {e.line}" if e.line else register.shown
        if info["sha256"] != e.sha256:
            out.append(f"sổ đăng ký và bản kê ghi hai mã băm khác nhau cho {e.tep} ({at})")
        elif digest != e.digest():
            said = recorded.get(e.tep, (0, {}))[1].get("gia_tri") or {}
            columns = [c for c, v in said.items() if str(getattr(e, c)) != str(v)]
            which = f"cột {', '.join(columns)}; " if columns else ""
            out.append(f"dòng {e.so_ky_hieu} của sổ đăng ký đã bị sửa so với lúc phát hành ({which}{at})")
        if e.ghi_chu.startswith(REPLACED) and not any(o.so_ky_hieu == e.ghi_chu[len(REPLACED):] for o in rows):
            out.append(f"dòng {e.so_ky_hieu} ghi bị thay thế bởi một văn bản không có trong sổ")
        expected = heads[-1] if manifest.format >= HEAD_RULE else heads[run]
        if e.ban_ke != expected:
            stale.append(e.so_ky_hieu)
            if manifest.format < HEAD_RULE:
                out.append(f"dòng {e.so_ky_hieu} của sổ đăng ký không khớp bản kê (lần phát hành {run + 1})")
    if stale and manifest.format >= HEAD_RULE:
        out.append(_stale_anchor(stale, {e.ban_ke for e in rows if e.so_ky_hieu in stale}, heads, register, hint))
    missing = [info.get("so_ky_hieu") or name for name, (_, info) in listed.items()
               if info.get("khoa") and name not in in_register]
    if missing:  # the register older than the archive (or rows taken out of it)
        more = f" và {len(missing) - 5} văn bản khác" if len(missing) > 5 else ""
        out.append(f"bản kê có {', '.join(missing[:5])}{more} nhưng sổ đăng ký không có: sổ có thể cũ hơn lưu trữ"
                   + hint)
    return out


def _stale_anchor(symbols: list[str], anchors: set[str], heads: list[str], register: Register, hint: str) -> str:
    """Rows whose chain head is not the manifest's latest: a register older than the archive (its
    head is an earlier one of the chain), or a manifest changed after its last run (none is)."""
    rows = f"{len(symbols)} dòng ({', '.join(symbols[:3])}{'…' if len(symbols) > 3 else ''})"
    earlier = [i for i, h in enumerate(heads[:-1]) if h in anchors]
    if earlier and len(anchors) == 1:
        return (f"sổ đăng ký cũ hơn bản kê: {rows} ghi dấu chuỗi của lần phát hành {earlier[0] + 1}, bản kê đã có "
                f"{len(heads)} lần{hint}")
    return (f"bản kê (manifest.json) không khớp dấu chuỗi mà sổ đăng ký {register.shown} ghi ở {rows}: bản kê đã "
            "bị sửa hoặc dựng lại sau lần phát hành cuối, hoặc cột ban_ke của sổ bị sửa")
