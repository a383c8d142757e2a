"""Long work (building, PDFs, previews, issuing) runs here, one job at a time, beside the
pages: a page starts a job and shows its progress until it is done."""

from __future__ import annotations

import queue
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import Finding, VanbanError

KEPT = 200  # finished jobs remembered (their pages and files stay reachable)


@dataclass
class Job:
    id: str
    title: str
    back: str                       # the page to go back to
    state: str = "cho"              # cho (waiting), chay (running), xong (done), loi (failed)
    done: int = 0
    total: int = 0
    lines: list[str] = field(default_factory=list)         # what happened, in the clerk's words
    findings: list[Finding] = field(default_factory=list)  # what stopped it
    sections: list[tuple[str, list[Finding]]] = field(default_factory=list)  # what waits, by document
    error_title: str = ""
    files: list[tuple[str, Path]] = field(default_factory=list)  # (label, file) to download
    next: str = ""                  # where to go when done (a preview, the year page)
    started: float = field(default_factory=time.monotonic)

    # -- what the work calls while it runs
    def progress(self, doc, done: int, total: int) -> None:
        self.done, self.total = done, total

    def say(self, line: str) -> None:
        self.lines.append(line)

    @property
    def running(self) -> bool:
        return self.state in ("cho", "chay")

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class Jobs:
    """A queue worked by one thread: a build never races an issue on the same folder."""

    def __init__(self):
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="vanban-viec", daemon=True)
        self._thread.start()

    def start(self, title: str, back: str, work: Callable[[Job], None]) -> Job:
        job = Job(secrets.token_urlsafe(12), title, back)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest].running:
                    break
                del self._jobs[oldest]
        self._queue.put((job, work))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def busy(self) -> bool:
        with self._lock:
            return any(j.running for j in self._jobs.values())

    def _work(self) -> None:
        while True:
            job, work = self._queue.get()
            job.state = "chay"
            try:
                work(job)
                job.state = "xong"
            except VanbanError as exc:
                job.findings = list(exc.findings)
                job.error_title = exc.title
                job.state = "loi"
            except Exception as exc:  # noqa: BLE001 - a job never takes the server down
                job.error_title = "Lỗi không mong đợi trong vanban (không phải lỗi dữ liệu)"
                job.lines.append(f"{type(exc).__name__}: {exc}")
                job.state = "loi"
            finally:
                self._queue.task_done()

    def wait(self, timeout: float = 60) -> None:
        """Until the queue is empty (tests)."""
        end = time.monotonic() + timeout
        while self.busy() and time.monotonic() < end:
            time.sleep(0.05)
