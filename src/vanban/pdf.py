"""PDF through LibreOffice: one soffice process converts a whole batch."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import Finding, Location, OutputProblem

INSTALL_HINT = ("cài LibreOffice: apt-get install -y libreoffice-writer-nogui fonts-liberation2 "
                "(Windows: cài LibreOffice từ libreoffice.org)")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _filter(pdfa: bool) -> str:
    if not pdfa:
        return "pdf:writer_pdf_Export"
    # PDF/A-2b (SelectPdfVersion 2), fonts embedded by definition
    options = {"SelectPdfVersion": {"type": "long", "value": "2"}}
    return "pdf:writer_pdf_Export:" + json.dumps(options)


def convert(files: list[Path], outdir: Path, pdfa: bool = False, timeout: int = 600) -> list[Path]:
    """Convert DOCX *files* to PDF in *outdir* with a single LibreOffice run.

    Uses a private LibreOffice profile so that a desktop LibreOffice left open,
    or another vanban run, does not block the conversion.
    """
    exe = soffice()
    if exe is None:
        raise OutputProblem([Finding(Location("LibreOffice"), "không tìm thấy LibreOffice để tạo PDF", INSTALL_HINT)])
    if not files:
        return []
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vanban-lo-") as profile:
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", _filter(pdfa), "--outdir", str(outdir)] + [str(f) for f in files]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    made = [outdir / (f.stem + ".pdf") for f in files]
    missing = [p for p in made if not p.is_file()]
    if proc.returncode != 0 or missing:
        detail = (proc.stderr or proc.stdout).strip()[-300:]
        raise OutputProblem([Finding(Location(str(p)), "LibreOffice không tạo được PDF",
                                     f"mở tệp DOCX bằng LibreOffice để xem lỗi; {detail}") for p in missing]
                            or [Finding(Location("LibreOffice"), f"LibreOffice báo lỗi: {detail}", INSTALL_HINT)])
    return made


def pdf_text(pdf: Path) -> str:
    """The text of a PDF (poppler's pdftotext), for checks."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise OutputProblem([Finding(Location("pdftotext"), "không tìm thấy pdftotext",
                                     "cài poppler-utils: apt-get install -y poppler-utils")])
    return subprocess.run([exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
