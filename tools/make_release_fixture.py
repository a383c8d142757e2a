"""Make the fixture of a release: the sample working folder and its issued 2018 archive as that
release itself wrote them.

    python tools/make_release_fixture.py COMMIT [--phien-ban X.Y.Z]

Checks COMMIT out into a temporary worktree, copies its sample working folder (data/, templates/)
into a temporary folder, and runs that release's own code on it (python -m vanban, with
PYTHONPATH=<worktree>/src and this Python's libraries), as an office would have:

- `mau-excel tien-do 2018` and `excel xuat 2018`, where the release has them (the workbooks an
  office keeps beside its YAML; both are left blank or as exported);
- `phat-hanh 2018 --khong-pdf` (PDF/A is left out to keep the fixture small: the archive is
  verified by the hashes in its manifest, which list only what was issued).

The result replaces tests/fixtures/releases/<version>/: data/ (with the register), templates/,
output/2018/luu-vt/, and fixture.json saying what made it. The version is the release's tag
(v0.1.0 → 0.1.0) unless --phien-ban gives it. The documents differ from an earlier run of this
script only where the release writes times (docProps, the manifest's thoi_gian).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "releases"
YEAR = "2018"


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout.strip()


def version_of(commit: str) -> str | None:
    tags = git("tag", "--points-at", commit).split()
    found = [t[1:] for t in tags if re.fullmatch(r"v\d+\.\d+\.\d+", t)]
    return found[0] if found else None


def vanban(src: Path, folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONHASHSEED": "0"}
    return subprocess.run([sys.executable, "-m", "vanban", *args, "--thu-muc", str(folder)], env=env,
                          capture_output=True, text=True)


def commands(src: Path, folder: Path) -> list[str]:
    """The commands the release has (its own help lists them)."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-m", "vanban", "--help"], env=env, capture_output=True, text=True).stdout
    return re.findall(r"^\s{2}(\S+)\s", out, re.M)


def make(commit: str, version: str) -> Path:
    full = git("rev-parse", commit)
    target = FIXTURES / version
    with tempfile.TemporaryDirectory(prefix="vanban-fixture-") as tmp:
        tmp = Path(tmp)
        tree, folder = tmp / "release", tmp / "thu-muc"
        git("worktree", "add", "--detach", str(tree), full)
        try:
            folder.mkdir()
            for name in ("data", "templates"):
                shutil.copytree(tree / name, folder / name)
            src = tree / "src"
            have = commands(src, folder)
            ran = []
            steps = [("mau-excel", "tien-do", YEAR), ("excel", "xuat", YEAR), ("phat-hanh", YEAR, "--khong-pdf")]
            for step in steps:
                if step[0] not in have:
                    continue
                done = vanban(src, folder, *step)
                if done.returncode != 0:
                    raise SystemExit(f"{' '.join(step)} failed with {version}:\n{done.stdout}\n{done.stderr}")
                ran.append("vanban " + " ".join(step))
            for lock in folder.rglob("*.lock"):
                lock.unlink()
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            shutil.copytree(folder / "data", target / "data")
            shutil.copytree(folder / "templates", target / "templates")
            shutil.copytree(folder / "output" / YEAR / "luu-vt", target / "output" / YEAR / "luu-vt")
            note = {"phien_ban": version, "commit": full, "lenh": ran,
                    "ghi_chu": "thư mục làm việc mẫu và lưu trữ năm 2018 do chính bản này ghi "
                               "(tools/make_release_fixture.py); không sửa tay"}
            (target / "fixture.json").write_text(json.dumps(note, ensure_ascii=False, indent=2) + "\n",
                                                 encoding="utf-8")
        finally:
            git("worktree", "remove", "--force", str(tree))
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commit", help="the release's commit (or tag)")
    parser.add_argument("--phien-ban", dest="version", help="its version, when the commit has no v<version> tag")
    args = parser.parse_args()
    version = args.version or version_of(args.commit)
    if version is None:
        parser.error(f"{args.commit} has no tag v<version>: give --phien-ban")
    target = make(args.commit, version)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"{target.relative_to(ROOT)}: {size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
