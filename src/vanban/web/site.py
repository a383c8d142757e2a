"""What the page server holds while it runs: the working folder's Office, the keys, the
jobs, the caches; and the year's status, read again only when a file it comes from changed."""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path

from ..errors import VanbanError
from ..office import Office
from .jobs import Jobs
from .security import Keys


PREVIEWS_AHEAD = 1  # first pages drawn when the page starts (the plan): more would hold up the clerk's first job


def _private_cache(folder: Path) -> Path:
    """The page's cache (previews, uploads being checked) for *folder*, kept between runs: a folder
    of this user's only (mode 700). One that another user made or that is a link is never used;
    a fresh one is made instead."""
    digest = hashlib.sha256(str(folder).encode()).hexdigest()[:16]
    uid = getattr(os, "getuid", lambda: None)()
    path = Path(tempfile.gettempdir()) / f"vanban-giao-dien-{digest}{'' if uid is None else f'-{uid}'}"
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError:
        return Path(tempfile.mkdtemp(prefix="vanban-giao-dien-"))
    st = path.lstat()
    if path.is_symlink() or not path.is_dir() or (uid is not None and (st.st_uid != uid or st.st_mode & 0o077)):
        return Path(tempfile.mkdtemp(prefix="vanban-giao-dien-"))
    return path


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
        self.cache = cache or _private_cache(self.folder)
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

    def warm(self, most: int = PREVIEWS_AHEAD) -> None:
        """Draw ahead, in one LibreOffice run, the first pages of the latest year's documents as the
        year page links them (the plan, the reports, the first letters): LibreOffice makes its profile
        then, and the clerk's first looks are shown at once instead of after a conversion each."""
        try:
            office = self.fresh_office()
            years = office.years()
            if not years:
                return
            year = office.year(years[-1])
            states = year.status()
            made = [s for s in states if s.state != "chua_du_du_lieu"]
            many = {s.kind: sum(t.kind == s.kind for t in made) for s in made}
            made.sort(key=lambda s: many[s.kind])  # the kinds of one or few documents first, then the letters
            wanted = [(s.key, s.state not in ("san_sang", "da_phat_hanh", "da_doi")) for s in made]
            year.draw_previews(wanted[:most], self.cache)
        except VanbanError:
            return  # no LibreOffice, or a folder that is not yet a working folder: the pages say so
