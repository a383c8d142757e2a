"""PDF through LibreOffice: one soffice process converts a whole batch."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from ..errors import Finding, Location, OutputProblem
from .batch import processes

INSTALL_HINT = ("cài LibreOffice: apt-get install -y libreoffice-writer-nogui fonts-liberation2 "
                "(Windows: cài LibreOffice từ libreoffice.org)")


# Where LibreOffice installs itself when it is not on PATH (Windows, macOS)
INSTALL_PLACES = [
    Path(os.environ.get("PROGRAMFILES", "C:/Program Files")) / "LibreOffice/program/soffice.exe",
    Path(os.environ.get("PROGRAMFILES(X86)", "C:/Program Files (x86)")) / "LibreOffice/program/soffice.exe",
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    Path("/opt/libreoffice/program/soffice"),
]


def soffice() -> str | None:
    """LibreOffice's program: VANBAN_SOFFICE, then PATH, then its usual install folders."""
    chosen = os.environ.get("VANBAN_SOFFICE")
    if chosen and Path(chosen).is_file():
        return chosen
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((str(p) for p in INSTALL_PLACES if p.is_file()), None)


def _filter(pdfa: bool) -> str:
    if not pdfa:
        return "pdf:writer_pdf_Export"
    # PDF/A-2b (SelectPdfVersion 2), fonts embedded by definition
    options = {"SelectPdfVersion": {"type": "long", "value": "2"}}
    return "pdf:writer_pdf_Export:" + json.dumps(options)


PARALLEL_FROM = 20  # documents; a smaller batch is not worth a second LibreOffice start (about 1.7 s)


def processes_for(count: int) -> int:
    """LibreOffice processes for *count* documents: one per core for a large batch (at most 4)."""
    return processes(count, PARALLEL_FROM, 4)


def convert(files: list[Path], outdir: Path, pdfa: bool = False, timeout: int = 600,
            processes: int | None = None, profiles: Path | None = None, progress=None) -> list[Path]:
    """Convert DOCX *files* to PDF in *outdir*: one LibreOffice run per share of the batch,
    the shares converted side by side (never one process per document). *progress*, if given,
    is told (name of the PDF, how many are made, how many in all) as each PDF appears.

    Each run has a private LibreOffice profile, so that a desktop LibreOffice left
    open, another vanban run or the other share does not block the conversion. *profiles*,
    when given, keeps those profiles between calls (LibreOffice makes one at its first start,
    which costs about 2 s): for a caller that converts one document at a time, never two at once.
    """
    exe = soffice()
    if exe is None:
        raise OutputProblem([Finding(Location("LibreOffice"), "không tìm thấy LibreOffice để tạo PDF", INSTALL_HINT)])
    if not files:
        return []
    outdir.mkdir(parents=True, exist_ok=True)
    processes = max(1, min(processes or processes_for(len(files)), len(files)))
    shares = [files[i::processes] for i in range(processes)]
    made = [outdir / (f.stem + ".pdf") for f in files]
    with tempfile.TemporaryDirectory(prefix="vanban-lo-") as fresh:
        running = []
        for k, share in enumerate(shares):
            profile = Path(profiles or fresh) / str(k)
            cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", _filter(pdfa), "--outdir", str(outdir)] + [str(f) for f in share]
            # its words go to files, not pipes: a batch of a thousand letters would fill a pipe and stall it
            out, err = (tempfile.TemporaryFile(mode="w+", dir=fresh) for _ in range(2))
            running.append((subprocess.Popen(cmd, stdout=out, stderr=err, text=True), out, err))
        outputs = _wait(running, made, timeout, progress)
    missing = [p for p in made if not p.is_file()]
    failed = [o for o in outputs if o[0] != 0]
    if failed or missing:
        why, hint = _failure(failed, outputs, timeout)
        raise OutputProblem([Finding(Location(str(p)), why, hint) for p in missing]
                            or [Finding(Location("LibreOffice"), why, hint)])
    return made


def _wait(running: list, made: list[Path], timeout: int, progress) -> list[tuple]:
    """Wait for the LibreOffice runs (stopped after *timeout* seconds), telling *progress* of each
    PDF as it appears; (exit status, output, errors, timed out) of each run."""
    deadline = time.monotonic() + timeout
    seen: set[Path] = set()
    timed_out = False
    if progress is not None:
        progress("", 0, len(made))  # started
    while True:
        done = all(proc.poll() is not None for proc, _, _ in running)
        if progress is not None:
            for path in made:
                if path not in seen and path.is_file():
                    seen.add(path)
                    progress(path.name, len(seen), len(made))
        if done:
            break
        if time.monotonic() > deadline:
            timed_out = True
            for proc, _, _ in running:
                if proc.poll() is None:
                    proc.kill()
            for proc, _, _ in running:
                proc.wait()
            break
        time.sleep(0.2)
    outputs = []
    for proc, out, err in running:
        out.seek(0)
        err.seek(0)
        outputs.append((proc.returncode, out.read(), err.read(), timed_out and proc.returncode not in (0,)))
        out.close()
        err.close()
    return outputs


_FATAL = re.compile(r"Fatal exception: Signal (\d+)")


def _failure(failed: list, outputs: list, timeout: int) -> tuple[str, str]:
    """(what happened, what to do) when LibreOffice left PDFs unmade: it was stopped by the
    system, it ran out of time, or it finished and said why (its own words, last 300 characters)."""
    for code, out, err, timed_out in failed:
        if timed_out:
            return (f"LibreOffice chạy quá {timeout} giây nên bị dừng",
                    "văn bản có thể quá dài hoặc máy đang bận: chạy lại, hoặc chuyển ít văn bản hơn mỗi lần")
        # killed by a signal: seen by the exit status, or said by LibreOffice's own crash handler
        caught = _FATAL.search(f"{out}\n{err}")
        number = -code if code < 0 else int(caught.group(1)) if caught else None
        if number is not None:
            try:
                name = signal.Signals(number).name
            except ValueError:
                name = f"số {number}"
            if name == "SIGXFSZ":
                return ("LibreOffice bị hệ thống dừng: tệp PDF vượt giới hạn kích thước tệp (ulimit -f)",
                        "nới giới hạn kích thước tệp của phiên làm việc, hoặc kiểm tra chỗ trống trên ổ đĩa")
            return (f"LibreOffice bị dừng giữa chừng (tín hiệu {name}: hết bộ nhớ, bị tắt hoặc gặp lỗi)",
                    "chạy lại; nếu vẫn vậy, mở tệp DOCX bằng LibreOffice để xem có lỗi không")
    detail = " ".join((err or out).strip() for _, out, err, _ in failed or outputs)[-300:]
    return (f"LibreOffice không tạo được PDF{': ' + detail if detail else ''}",
            "mở tệp DOCX bằng LibreOffice để xem lỗi; kiểm tra chỗ trống trên ổ đĩa")


def pdf_text(pdf: Path) -> str:
    """The text of a PDF (poppler's pdftotext), for checks."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise OutputProblem([Finding(Location("pdftotext"), "không tìm thấy pdftotext",
                                     "cài poppler-utils: apt-get install -y poppler-utils")])
    return subprocess.run([exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
