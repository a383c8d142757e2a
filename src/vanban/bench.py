"""Benchmark: how fast vanban renders letters, against plain docxtpl and the floor.

    python -m vanban.bench [--sizes 15,150,1500,10000] [--pdf 100]

Builds a synthetic organisation (the district example of examples/huyen-uy with
N units, one assignment letter each) for each size and prints, from one run
with the paths interleaved:

- documents per second for the plain docxtpl loop (a DocxTemplate per
  document, the same template and context), vanban (`vanban build thong-bao`
  in a fresh process: load, check, render, write, all cores) and its renderer
  alone on one core, and the floor (compiled Jinja, only document.xml
  compressed, every other part copied as it is);
- the ratios; peak memory of the whole build at each size (its processes' proportional
  set sizes summed, sampled) and of its main process;
- start-up time of `vanban --help`;
- PDF documents per second with one and with two LibreOffice processes.

Prints figures; asserts nothing. Run it from a checkout of the repository.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .office import Office
from .ooxml.template import DOCUMENT
from .rendering.pdf import convert, soffice
from .rendering.render import Prepared, RenderJob, environment, render_prepared

HERE = Path(__file__).resolve()
BASE = "huyen-uy"
DOCXTPL_SAMPLE = 60  # plain docxtpl documents timed per size (it is slow; its rate does not depend on N)


def _example() -> Path:
    for root in (Path.cwd(), *HERE.parents):
        if (root / "examples" / BASE / "data").is_dir():
            return root / "examples" / BASE
    sys.exit("Không tìm thấy examples/huyen-uy: chạy lệnh này trong thư mục mã nguồn vanban.")


def synthetic(root: Path, units: int) -> Path:
    """A copy of the district example with *units* units, two candidates each."""
    from ruamel.yaml import YAML

    shutil.copytree(_example(), root, ignore=shutil.ignore_patterns("output", "tien-do*", "bao-cao.yaml"))
    yaml = YAML()
    org_file, plan_file = root / "data" / "don-vi.yaml", root / "data" / "2024" / "ke-hoach.yaml"
    org = yaml.load(org_file.read_text(encoding="utf-8"))
    org["don_vi"] = [{"id": f"xa_{i:05d}", "loai": "xa", "ten": f"Thử nghiệm {i}"} for i in range(1, units + 1)]
    with org_file.open("w", encoding="utf-8") as fh:
        yaml.dump(org, fh)
    plan = yaml.load(plan_file.read_text(encoding="utf-8"))
    quota = plan["chi_tieu"][0]
    for key in ("khong_phan_bo", "ghi_chu_khong_phan_bo"):
        quota.pop(key, None)
    quota["tong_so"] = 2 * units
    quota["phan_bo"] = [{"don_vi": u["id"], "so_luong": 2} for u in org["don_vi"]]
    del plan["chi_tieu"][1:]
    with plan_file.open("w", encoding="utf-8") as fh:
        yaml.dump(plan, fh)
    return root


def _contexts(root: Path):
    office = Office.open(root)
    project = office.project
    docs, profile = office.year(2024).prepared("thong-bao")
    path = project.templates / docs[0].template
    jobs = [RenderJob(path, docs[0].template, d.context, d.frame, profile, d.landscape) for d in docs]
    return jobs, Prepared(path, jobs[0].shown, profile, False)


def _plain_docxtpl(prepared, job) -> bytes:
    """What a user of docxtpl alone writes: open the template, render, save."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(prepared.engine.package))
    context = prepared.context(job, None)
    tpl.render(context, environment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def _floor(prepared, contexts) -> float:
    """Seconds per document: compiled Jinja, document.xml compressed, the rest copied raw."""
    engine = prepared.engine
    body = engine.body_template
    start = time.perf_counter()
    for context in contexts:
        engine.package_of({DOCUMENT: engine.document(body.render(context))})
    return (time.perf_counter() - start) / len(contexts)


class Memory:
    """The peak memory of this process and its worker processes, sampled every 10 ms.

    Linux: the sum of each process's proportional set size (a page shared by the workers
    and the process they were forked from counts once, split between them), and the high
    water mark of this process alone (VmHWM: per process image, so a process started from
    a big one does not inherit its figure, as ru_maxrss does). Elsewhere: ru_maxrss."""

    def __init__(self) -> None:
        import threading

        self.total = self.own = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _kib(path: str, field: str) -> float:
        try:
            with open(path) as fh:
                for line in fh:
                    if line.startswith(field):
                        return float(line.split()[1])
        except OSError:
            pass
        return 0.0

    def _tree(self) -> list[int]:
        pids, todo = [], [os.getpid()]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*/children"):
                try:
                    todo += [int(c) for c in task.read_text().split()]
                except OSError:
                    pass
        return pids

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            total = sum(self._kib(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in self._tree())
            self.total = max(self.total, total / 1024)

    def __enter__(self) -> "Memory":
        if Path("/proc/self/smaps_rollup").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self.own = self._kib("/proc/self/status", "VmHWM:") / 1024
        if not self.own:
            try:
                import resource

                self.own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            except ImportError:
                pass
        if not self.total:  # no process tree to sample (not Linux): the main process's own peak
            self.total = self.own


def _build(root: Path, only: int | None = None) -> tuple[float, float, float]:
    """(seconds, peak MiB of the whole run, peak MiB of its main process) of
    `vanban build thong-bao 2024` in a fresh process (*only*: for the first units alone)."""
    code = ("import sys, time\n"
            "from vanban.bench import Memory\n"
            "from vanban.cli import main\n"
            "with Memory() as memory:\n"
            "    t = time.perf_counter()\n"
            "    main(['build', 'thong-bao', '2024', '--thu-muc', sys.argv[1], *sys.argv[2:]], standalone_mode=False)\n"
            "    seconds = time.perf_counter() - t\n"
            "print('BENCH', seconds, memory.total, memory.own)\n")
    chosen = [a for i in range(1, (only or 0) + 1) for a in ("--chi-bo", f"xa_{i:05d}")]
    out = subprocess.run([sys.executable, "-c", code, str(root), *chosen], capture_output=True, text=True)
    line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH")), None)
    if line is None:
        raise SystemExit(f"build failed:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    _, seconds, total, own = line.split()
    return float(seconds), float(total), float(own)


def _cpu(root: Path) -> tuple[float, float]:
    """(user, system) CPU seconds of `vanban build thong-bao 2024` in a fresh process, workers included."""
    import resource  # start-up time: POSIX only; the benchmark runs there

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "vanban", "build", "thong-bao", "2024", "--thu-muc", str(root)],
                   capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(root / "output", ignore_errors=True)
    return after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def _create_floor(folder: Path, count: int = 300) -> float:
    """Seconds of CPU (user and system) the system spends creating one new file of a letter's
    size: a bare loop of os.open(O_CREAT), write, close; what no program can avoid per file."""
    import resource  # start-up time: POSIX only; the benchmark runs there

    folder.mkdir(parents=True, exist_ok=True)
    data = os.urandom(35_000)
    before = resource.getrusage(resource.RUSAGE_SELF)
    for i in range(count):
        with open(folder / f"{i}.tmp", "wb") as fh:
            fh.write(data)
    after = resource.getrusage(resource.RUSAGE_SELF)
    shutil.rmtree(folder, ignore_errors=True)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / count


def marginal(tmp: Path, small: int, large: int) -> None:
    """What one more letter costs the whole command: the difference of its CPU time between
    *small* and *large* letters (least of three runs each), against the renderer alone."""
    roots = {n: synthetic(tmp / f"m{n}", n) for n in (small, large)}
    runs = {n: [_cpu(roots[n]) for _ in range(3)] for n in roots}
    user = {n: min(r[0] for r in runs[n]) for n in runs}
    system = {n: min(r[1] for r in runs[n]) for n in runs}
    total = {n: min(r[0] + r[1] for r in runs[n]) for n in runs}
    per = lambda d: (d[large] - d[small]) / (large - small) * 1000  # noqa: E731 - ms a letter
    jobs, prepared = _contexts(roots[large])
    render = []
    for _ in range(3):
        t = time.process_time()
        for job in jobs[:500]:
            render_prepared(prepared, job)
        render.append((time.process_time() - t) / len(jobs[:500]) * 1000)
    floor = _create_floor(tmp / "tao-tep") * 1000
    print(f"Thêm một thư ({small} → {large} thư, ít nhất của 3 lần): {per(total):.2f} ms CPU cả lệnh "
          f"(người dùng {per(user):.2f}, hệ thống {per(system):.2f}); điền mẫu riêng: {min(render):.2f} ms "
          f"→ {per(total) / min(render):.1f}× điền mẫu; tạo một tệp mới trên đĩa này tốn {floor:.2f} ms CPU "
          f"(vòng lặp os.open trần).")


def _startup() -> float:
    times = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "vanban", "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return min(times)


def _pdf(root: Path, count: int) -> list[tuple[int, float]]:
    if soffice() is None:
        return []
    files = sorted((root / "output" / "2024").glob("*.docx"))[:count]
    rates = []
    for processes in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            t = time.perf_counter()
            convert(files, Path(out), processes=processes)
            rates.append((processes, len(files) / (time.perf_counter() - t)))
    return rates


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m vanban.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="15,150,1500,10000")
    ap.add_argument("--pdf", type=int, default=100, help="letters converted to PDF (0: none)")
    ap.add_argument("--them-thu", default="340,1340",
                    help="two sizes: the CPU one more letter costs the whole command (empty: skip)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"Máy: {platform.processor() or platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"Khởi động «vanban --help»: {_startup():.2f} s")
    print()
    head = (f"{'thư':>6} {'docxtpl/s':>10} {'điền/s':>7} {'sàn/s':>7} {'ms/thư':>7} {'×docxtpl':>9} "
            f"{'×sàn':>5} {'cả lệnh/s':>10} {'bộ nhớ MiB':>11} {'chính MiB':>9}")
    print(head)
    last_root = None
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        for n in sizes:
            root = synthetic(Path(tmp) / f"n{n}", n)
            jobs, prepared = _contexts(root)
            sample = jobs[:DOCXTPL_SAMPLE]
            contexts = [prepared.context(j, None) for j in jobs[:500]]
            # interleaved: docxtpl, vanban's renderer, floor, in rounds; the best round of each
            # (a shared machine only ever makes a round slower)
            plain, fast, floor = [], [], []
            for _ in range(5):
                t = time.perf_counter()
                for job in sample[:20]:
                    _plain_docxtpl(prepared, job)
                plain.append((time.perf_counter() - t) / len(sample[:20]))
                t = time.perf_counter()
                for job in jobs[:500]:
                    render_prepared(prepared, job)
                fast.append((time.perf_counter() - t) / len(jobs[:500]))
                floor.append(_floor(prepared, contexts))
            seconds, total_mib, own_mib = _build(root)
            docxtpl_s, fast_s, floor_s = (min(x) for x in (plain, fast, floor))
            print(f"{n:>6} {1 / docxtpl_s:>10.1f} {1 / fast_s:>7.0f} {1 / floor_s:>7.0f} {fast_s * 1000:>7.2f} "
                  f"{docxtpl_s / fast_s:>9.0f} {fast_s / floor_s:>5.1f} {n / seconds:>10.0f} {total_mib:>11.0f} {own_mib:>9.0f}")
            if last_root is not None:
                shutil.rmtree(last_root, ignore_errors=True)
            last_root = root
        print()
        print("docxtpl/s: mở mẫu, điền, lưu cho từng thư; điền/s: vanban điền thư trên một lõi (mẫu chuẩn bị "
              "một lần); sàn: Jinja đã dịch + nén lại riêng document.xml; cả lệnh/s: «vanban build thong-bao» "
              "trong một tiến trình mới (nạp, kiểm tra, dựng, ghi đĩa, mọi lõi); bộ nhớ: đỉnh của cả lệnh (tiến trình "
              "chính và các tiến trình điền mẫu, trang dùng chung tính một lần: PSS); chính: đỉnh của riêng tiến "
              "trình chính (VmHWM).")
        if last_root is not None and sizes[-1] > 1500:  # the same organisation, fewer letters
            shown = []
            for k in (150, 1500):
                shutil.rmtree(last_root / "output", ignore_errors=True)
                shown.append(f"{k} thư {_build(last_root, k)[2]:.0f} MiB")
            shutil.rmtree(last_root / "output", ignore_errors=True)
            _build(last_root)
            print(f"Cùng tổ chức {sizes[-1]} đơn vị, bộ nhớ tiến trình chính: " + ", ".join(shown)
                  + f", {sizes[-1]} thư {own_mib:.0f} MiB.")
        if args.them_thu:
            small, large = (int(x) for x in args.them_thu.split(","))
            marginal(Path(tmp), small, large)
        if args.pdf and last_root is not None:
            rates = _pdf(last_root, args.pdf)
            for processes, rate in rates:
                print(f"PDF, {args.pdf} thư, {processes} tiến trình LibreOffice: {rate:.1f} văn bản/s")
            if not rates:
                print("PDF: không có LibreOffice, bỏ qua.")


if __name__ == "__main__":
    main()
