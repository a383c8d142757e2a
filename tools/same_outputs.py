"""Are the documents the same as another commit's? A check for changes that must not change output.

    python tools/same_outputs.py BASE_COMMIT [--only PROJECT] [--base-folders]

Checks BASE_COMMIT out into a temporary worktree and builds, with each code base in turn, every
kind of every sample year (data/ and the three examples), as drafts and as built documents, from
copies of the same working folders. Then every file is compared part by part: DOCX and XLSX
parts must be byte-identical (docProps aside, which carry times); other files whole. Prints each
difference and exits 1 if there is any.

A kind a year has no data for, or a build that fails, is compared too: the same refusal (exit
code and message) on both sides is the same result.

With --base-folders the base code builds the base commit's own copies of the working folders:
for a change that adds to the files what the base cannot read (a format number), whose
documents must still be the same.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = {"mau": ROOT, **{p.name: p for p in sorted((ROOT / "examples").iterdir()) if p.is_dir()}}


def kinds(project: Path) -> list[str]:
    import yaml

    data = yaml.safe_load((project / "templates" / "loai-van-ban.yaml").read_text(encoding="utf-8"))
    return list(data["loai_van_ban"])


def years(project: Path) -> list[int]:
    return sorted(int(p.name) for p in (project / "data").iterdir() if p.is_dir() and p.name.isdigit())


def workspace(project: Path, into: Path) -> Path:
    """A copy of a working folder's data and templates (nothing built, nothing issued)."""
    into.mkdir(parents=True)
    shutil.copytree(project / "data", into / "data")
    shutil.copytree(project / "templates", into / "templates")
    return into


def build_all(src: Path, project: Path, into: Path) -> dict[str, bytes]:
    """Every output of every kind and year, with the code in *src*; the log of each command too."""
    folder = workspace(project, into)
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONHASHSEED": "0"}
    out: dict[str, bytes] = {}
    for year in years(folder):
        for kind in kinds(folder):
            for draft in (True, False):
                args = [sys.executable, "-m", "vanban", "build", kind, str(year), "--thu-muc", str(folder)]
                if draft:
                    args.append("--du-thao")
                run = subprocess.run(args, capture_output=True, env=env, cwd=folder)
                label = f"{year} {kind}{' --du-thao' if draft else ''}"
                out[f"log: {label}"] = f"exit {run.returncode}\n".encode() + _stable(run.stderr)
                outputs = folder / "output"
                if outputs.is_dir():
                    for path in sorted(outputs.rglob("*")):
                        if path.is_file():
                            out[f"{label}: {path.relative_to(outputs)}"] = path.read_bytes()
                    shutil.rmtree(outputs)
    return out


def _stable(stderr: bytes) -> bytes:
    """A command's messages without its progress bar."""
    return b"\n".join(line for line in stderr.splitlines() if b"\r" not in line and b"%" not in line)


def parts(data: bytes) -> dict[str, bytes] | None:
    try:
        import io

        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return {n: zf.read(n) for n in zf.namelist() if not n.startswith("docProps/")}
    except zipfile.BadZipFile:
        return None


def compare(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    problems = []
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            problems.append(f"only in {'base' if name in a else 'current'}: {name}")
            continue
        pa, pb = parts(a[name]), parts(b[name])
        if pa is None or pb is None:
            if a[name] != b[name]:
                problems.append(f"differs: {name}\n  base:    {a[name][:300]!r}\n  current: {b[name][:300]!r}")
            continue
        for part in sorted(set(pa) | set(pb)):
            if pa.get(part) != pb.get(part):
                problems.append(f"differs: {name} › {part}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the commit to compare with")
    parser.add_argument("--only", choices=sorted(PROJECTS), help="one working folder only")
    parser.add_argument("--base-folders", action="store_true",
                        help="build the base commit's own working folders with the base code")
    args = parser.parse_args()
    chosen = {args.only: PROJECTS[args.only]} if args.only else PROJECTS
    with tempfile.TemporaryDirectory(prefix="vanban-same-") as tmp:
        tmp = Path(tmp)
        base_tree = tmp / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base_tree), args.base],
                       check=True, capture_output=True)
        try:
            problems, count = [], 0
            for name, project in chosen.items():
                own = base_tree / project.relative_to(ROOT) if args.base_folders else project
                base = build_all(base_tree / "src", own, tmp / "b" / name)
                current = build_all(ROOT / "src", project, tmp / "c" / name)
                count += sum(1 for k in current if not k.startswith("log: "))
                problems += [f"[{name}] {p}" for p in compare(base, current)]
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)],
                           capture_output=True)
    for p in problems:
        print(p)
    print(f"{count} files compared with {args.base}: " + ("identical" if not problems else f"{len(problems)} differences"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
