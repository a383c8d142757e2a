"""Benchmark: how long building the sample year takes, per document and per stage.

    python tools/bench_render.py [REPEAT]

Prints figures; asserts nothing. Copies data/ and templates/ to a temporary
folder so the repository's output/ is not touched.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from vanban.build import prepare, render_all
from vanban.documents import BUILD
from vanban.data.load import Project

ROOT = Path(__file__).resolve().parents[1]


def main(repeat: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "data", root / "data")
        shutil.copytree(ROOT / "templates", root / "templates")
        project = Project(root)
        for kind in ("ke-hoach", "thong-bao", "bao-cao"):
            load_times, render_times, count = [], [], 0
            for _ in range(repeat):
                t0 = time.perf_counter()
                docs, profile = prepare(project, kind, 2018, BUILD)
                t1 = time.perf_counter()
                render_all(project, docs, profile)
                t2 = time.perf_counter()
                load_times.append(t1 - t0)
                render_times.append(t2 - t1)
                count = len(docs)
            best_load, best_render = min(load_times), min(render_times)
            print(f"{kind:10s} {count:3d} văn bản  nạp+kiểm tra+dựng {best_load * 1000:7.1f} ms  "
                  f"điền mẫu {best_render * 1000:8.1f} ms  ({best_render / count * 1000:6.1f} ms/văn bản)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
