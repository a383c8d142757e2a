"""The archive copy (output/<năm>/luu-vt/) and its manifest.

The manifest is append-only: each issuing run adds a section listing the
files it added, with the hash of every earlier section, so a rewritten
manifest breaks the chain; the register anchors the chain too (each row
keeps the chain's head after the run that issued it). A file entry, once
written, is never recomputed. `check` compares the files, the manifest and
the register and reports every disagreement; it repairs nothing.

Formats: 1 (vanban 0.1: one file list, rewritten by every run, no chain), 2 (0.2: the chain),
3 (0.3: the chain, and runs of kind «nang_cap»: an upgrade that anchors the archive as an
earlier release left it and re-anchors the year's register rows, «neo», under the current
digest rule; it may also say how this release fingerprints an issued document, «van_tay_moi»).
Formats 2 and 3 are read here; format 1 by issuing/legacy.py.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..data.formats import CURRENT, MANIFEST as FAMILY, too_new
from ..project import Project
from ..errors import ArchiveProblem, Finding, Location
from .register import REPLACED, Register

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


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_hash(runs: list[dict]) -> str:
    """The hash of the manifest's sections up to here: what the next section and the register keep."""
    return sha256(canonical(runs))


def archive_folder(project: Project, year: int) -> Path:
    return project.output / str(year) / FOLDER


def plain_name(name) -> bool:
    """A file name that stays inside the archive folder."""
    return (isinstance(name, str) and name == Path(name).name and name not in ("", ".", "..")
            and not name.startswith(".") and "/" not in name and "\\" not in name and ":" not in name)


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
    if not path.exists():
        return None
    fix = "lấy lại manifest.json đúng từ bản sao (tệp zip lưu trữ, bản sao lưu); vanban không tự dựng lại bản kê"

    def bad(what: str):
        raise ArchiveProblem([Finding(Location(shown), f"bản kê hỏng: {what}", fix)])

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError, OSError):
        bad("không đọc được JSON")
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
    return Manifest(year, data["lan_phat_hanh"], number)


@dataclass
class Check:
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    checked: int = 0
    formats: dict[str, int] = field(default_factory=dict)  # family → the format found (ban_ke, so_dang_ky)
    upgrades: list[dict] = field(default_factory=list)     # the upgrades the chain records

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.altered or self.problems)

    def findings(self, shown: str, year: int) -> list[Finding]:
        fix = (f"không sửa, thêm hay xóa tệp trong lưu trữ bằng tay: trả lại tệp đúng từ bản sao (tệp zip lưu trữ, "
               f"bản sao lưu), chuyển tệp lạ ra ngoài, rồi chạy «vanban luu-tru kiem-tra {year}»")
        out = [Finding(Location(f"{shown}/{n}"), "tệp bị sửa (mã băm không khớp bản kê hoặc sổ đăng ký)", fix)
               for n in self.altered]
        out += [Finding(Location(f"{shown}/{n}"), "tệp trong bản kê bị mất", fix) for n in self.missing]
        out += [Finding(Location(f"{shown}/{n}"), "tệp lạ, không có trong bản kê", fix) for n in self.extra]
        out += [Finding(Location(shown), p, fix) for p in self.problems]
        return out


def check(folder: Path, shown: str, year: int, register: Register) -> Check:
    """Files against the manifest, the manifest's own chain, the register against both."""
    result = Check()
    present = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    rows = register.of_year(year)
    result.formats["so_dang_ky"] = register.format
    try:
        manifest = read_manifest(folder, f"{shown}/{MANIFEST}", year)
    except ArchiveProblem as exc:
        result.problems += [f.message for f in exc.findings]
        return result
    if manifest is not None:
        result.formats[FAMILY] = manifest.format
        result.upgrades = manifest.upgrades()
    if manifest is None:
        if rows or [n for n in present]:
            result.problems.append("không có bản kê (manifest.json) trong khi lưu trữ hoặc sổ đăng ký đã có văn bản")
        return result
    for i, run in enumerate(manifest.runs):
        if run["truoc"] != chain_hash(manifest.runs[:i]):
            result.problems.append(f"bản kê bị sửa: lần phát hành {i + 1} không khớp các lần trước")
    listed = manifest.files()
    for name, (_, info) in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            result.missing.append(name)
            continue
        result.checked += 1
        if file_hash(path) != info["sha256"]:
            result.altered.append(name)
    outgoing = manifest.outgoing()
    names = set(listed) | {MANIFEST}
    if outgoing is not None:
        names.add(outgoing["tep"])
        path = folder / outgoing["tep"]
        if not path.is_file():
            result.missing.append(outgoing["tep"])
        else:
            result.checked += 1
            if file_hash(path) != outgoing["sha256"]:
                result.altered.append(outgoing["tep"])
    result.extra = [n for n in present if n not in names]
    heads = {i: chain_hash(manifest.runs[:i + 1]) for i in range(len(manifest.runs))}
    anchors = manifest.anchors()
    in_register = set()
    for e in rows:
        in_register.add(e.tep)
        found = listed.get(e.tep)
        if found is None:
            result.problems.append(f"sổ đăng ký có {e.so_ky_hieu} ({e.tep}) nhưng bản kê không có")
            continue
        run, info = found
        run, digest = anchors.get(e.tep, (run, info.get("dong_so")))
        if info["sha256"] != e.sha256:
            result.problems.append(f"sổ đăng ký và bản kê ghi hai mã băm khác nhau cho {e.tep}")
        elif digest != e.digest():
            result.problems.append(f"dòng {e.so_ky_hieu} của sổ đăng ký đã bị sửa so với lúc phát hành")
        if e.ghi_chu.startswith(REPLACED) and not any(o.so_ky_hieu == e.ghi_chu[len(REPLACED):] for o in rows):
            result.problems.append(f"dòng {e.so_ky_hieu} ghi bị thay thế bởi một văn bản không có trong sổ")
        if e.ban_ke != heads[run]:
            result.problems.append(f"dòng {e.so_ky_hieu} của sổ đăng ký không khớp bản kê (lần phát hành {run + 1})")
    for name, (_, info) in listed.items():
        if info.get("khoa") and name not in in_register:
            result.problems.append(f"bản kê có {name} nhưng sổ đăng ký không có")
    return result
