"""What the page server holds while it runs: the working folder's Office, the keys, the
jobs, the caches; and the year's status, read again only when a file it comes from changed."""

from __future__ import annotations

import hashlib
import tempfile
import threading
from pathlib import Path

from ..errors import VanbanError
from ..office import Office
from ..rendering import pdf
from .jobs import Jobs
from .security import Keys


def _stat(path: Path) -> tuple:
    try:
        st = path.stat()
        return (str(path), st.st_size, st.st_mtime_ns)
    except OSError:
        return (str(path), None)


class Site:
    def __init__(self, folder: Path, keys: Keys | None = None, port: int = 0, cache: Path | None = None):
        self.folder = Path(folder).resolve()
        self.keys = keys or Keys()
        self.port = port
        self.lock = threading.RLock()  # the page's Office is read by one request at a time
        self.office = Office.open(self.folder)
        self.jobs = Jobs()
        digest = hashlib.sha256(str(self.folder).encode()).hexdigest()[:16]
        self.cache = cache or Path(tempfile.gettempdir()) / f"vanban-giao-dien-{digest}"
        self.cache.mkdir(parents=True, exist_ok=True)
        self.staging = self.cache / "tai-len"
        self.staging.mkdir(exist_ok=True)
        self._status: dict[int, tuple] = {}
        self.plain_cache: dict[Path, tuple] = {}  # data file → (size and time, its plain values, findings)

    @property
    def project(self):
        return self.office.project

    def fresh_office(self) -> Office:
        """An Office of its own for a job (the page's one stays with the pages)."""
        return Office.open(self.folder)

    # -- the year's status, cached on what it is read from

    def _signature(self, number: int) -> tuple:
        project = self.project
        files = [project.data / "don-vi.yaml", project.data / "so-van-ban-di.csv",
                 project.root / "templates" / "loai-van-ban.yaml",
                 project.output / str(number) / "luu-vt" / "manifest.json"]
        year_dir = project.data / str(number)
        if year_dir.is_dir():
            files += sorted(year_dir.iterdir())
        if project.templates.is_dir():
            files += sorted(project.templates.iterdir())
        return tuple(_stat(f) for f in files)

    def status(self, number: int) -> list:
        """Year.status(), read again when a file it depends on has changed."""
        with self.lock:
            signature = self._signature(number)
            cached = self._status.get(number)
            if cached and cached[0] == signature:
                return cached[1]
            states = self.office.year(number).status()
            self._status[number] = (signature, states)
            return states

    def forget(self) -> None:
        """After a change to the folder: read everything again, the year's status ahead of the next page."""
        with self.lock:
            years = sorted(self._status)
            self._status.clear()
            self.office = Office.open(self.folder)
        self.prime(years)

    def prime(self, years: list[int] | None = None) -> None:
        """Work out the status of *years* (default: the latest) beside the pages, so the next
        year page does not wait for it."""
        def work():
            try:
                for number in years or self.office.years()[-1:]:
                    self.status(number)
            except Exception:  # noqa: BLE001 - only a head start: the page says what is wrong
                pass

        threading.Thread(target=work, name="vanban-tinh-hinh", daemon=True).start()

    def org_name(self) -> str:
        with self.lock:
            years = self.office.years()
            try:
                org = self.office.year(years[-1] if years else 0).organisation()[0]
            except VanbanError:
                return ""
            return org.co_quan.ten if org is not None else ""

    def warm(self) -> None:
        """Start LibreOffice once with the preview's profile, so the first preview does not make it."""
        with tempfile.TemporaryDirectory(prefix="vanban-khoi-dong-") as folder:
            sample = Path(folder) / "khoi-dong.docx"
            with self.lock:
                name, data = None, None
                for number in reversed(self.office.years()):
                    try:
                        name, data = self.office.year(number).docx(next(iter(self.office.kinds)), True)
                        break
                    except VanbanError:
                        continue
            if data is None:
                return
            sample.write_bytes(data)
            pdf.convert([sample], Path(folder), processes=1, profiles=self.cache / "libreoffice")
